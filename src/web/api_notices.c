/* Public notice and comments (§4.2), the public register, and the working-day calendar. */
#include "web/api_notices.h"

#include <string.h>

#include "app/calendar.h"
#include "app/notices.h"
#include "app/sanctions.h"
#include "lib/json.h"
#include "web/api.h"

/* {year}: four digits; anything else is 404, as a bad {id} is. */
static int year_param(req *r, int *year)
{
	*year = calendar_parse_year(req_param(r, "year"));
	if (*year < 0)
		return err_set(&r->e, 404, "not_found", "year", "No such page or resource.");
	return 0;
}

static int reply_year(req *r, int status, json_t *o)
{
	json_t *w = json_object_get(o, "warning");
	if (json_is_string(w))
		json_object_set_new(o, "warning", json_string(tr(r->lang, json_string_value(w))));
	return reply_json(r, status, o);
}

int api_calendar_get(req *r)
{
	int year;
	if (year_param(r, &year) < 0)
		return -1;
	json_t *o = calendar_year_get(r->app, r->a, year, &r->e);
	return o ? reply_year(r, 200, o) : -1;
}

int api_calendar_put(req *r)
{
	int year;
	if (year_param(r, &year) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = calendar_year_put(r->app, r->a, &r->who, year, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_year);
}

/* POST /api/v1/calendar/import {"csv", "reason"?}: the official schedule as its file reads. */
int api_calendar_import(req *r)
{
	static const char *const fields[] = {"csv", "reason", NULL};
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	const char *csv, *reason;
	int rc =
	    json_only_fields(b, fields, &r->e) < 0 ||
	            json_get_str(b, "csv", true, CALENDAR_IMPORT_MAX_BYTES, &csv, &r->e) < 0 ||
	            json_get_str(b, "reason", false, 2000, &reason, &r->e) < 0
	        ? -1
	        : calendar_import(r->app, r->a, &r->who, csv, strlen(csv), reason, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}

/* The public's lists: no one is logged in. */
static json_t *open_notices(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	return notice_public_list(ap, a, after, limit, e);
}

int api_public_notices_list(req *r)
{
	return api_page(r, open_notices, reply_json);
}

int api_public_notice_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = notice_public_get(r->app, r->a, id, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_public_comment_create(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id), *out = NULL;
	if (!b)
		return -1;
	int rc = comment_submit(r->app, r->a, id, b, r->address, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 201, reply_json);
}

static json_t *pilots(app *ap, arena *a, const actor *who, const char *track, int64_t after,
                      int limit, err *e)
{
	return public_register(ap, a, track, after, limit, e); /* §4.4: with the outcomes */
}

int api_public_pilots(req *r)
{
	return api_filtered(r, pilots, "track", reply_json);
}
