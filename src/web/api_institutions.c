/* The institution register and the eligibility check (§3). */
#include <string.h>

#include "app/places.h"
#include "lib/json.h"
#include "web/api.h"

/* Warning messages in the request's language (the store keeps the English message id). */
static json_t *localised(req *r, json_t *inst)
{
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(inst, "warnings"), i, w)
	{
		const char *m = json_string_value(json_object_get(w, "message"));
		if (m)
			json_object_set_new(w, "message", json_string(tr(r->lang, m)));
	}
	return inst;
}

int api_institutions_list(req *r)
{
	int64_t after;
	int limit;
	const char *q = req_query(r, "q");
	if (req_page(r, &after, &limit) < 0)
		return -1;
	if (q && json_check_text(q, 100, "q", &r->e) < 0)
		return -1;
	json_t *o = institution_list(r->app, r->a, &r->who, q, after, limit, &r->e);
	if (!o)
		return -1;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(o, "items"), i, it) localised(r, it);
	return reply_json(r, 200, o);
}

int reply_institution(req *r, int status, json_t *inst)
{
	return reply_json(r, status, localised(r, inst));
}

int api_institutions_delete(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *reason = req_query(r, "reason");
	if (reason && json_check_text(reason, 2000, "reason", &r->e) < 0)
		return -1;
	if (institution_delete(r->app, r->a, &r->who, id, reason, &r->e) < 0)
		return -1;
	return api_no_content(r);
}

int api_eligibility(req *r)
{
	json_t *b = req_json_body(r);
	if (!b)
		return -1;
	json_t *o = eligibility_run(r->app, r->a, &r->who, b, &r->e);
	json_decref(b);
	if (!o)
		return -1;
	size_t i;
	json_t *reason;
	json_array_foreach(json_object_get(o, "reasons"), i, reason)
	{
		const char *m = json_string_value(json_object_get(reason, "message"));
		json_object_set_new(reason, "message", json_string(tr(r->lang, m)));
	}
	return reply_json(r, 200, o);
}

/* §3.1: the divisions places are judged by. */
int api_places_list(req *r)
{
	const division_table *t = places_table();
	json_t *items = json_array();
	for (size_t i = 0; i < t->n; i++) {
		const division *d = &t->rows[i];
		char cur[DIVISION_CODE_LEN + 1];
		if (d->level == DIVISION_CITY)
			division_current_city(d->code, cur);
		else
			memcpy(cur, d->code, sizeof cur);
		json_array_append_new(
		    items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", d->code, "name",
		                     d->name, "short_name", d->short_name, "name_en", d->name_en,
		                     "level", d->level == DIVISION_PROVINCE ? "province" : "city",
		                     "current_code", cur));
	}
	return reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static json_t *unmapped_page(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	return places_unmapped(ap, a, after, limit, e);
}

int api_places_unmapped(req *r)
{
	return api_page(r, unmapped_page, reply_json);
}
