#include "app/retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "core/calendar.h"
#include "core/workflow.h"
#include "lib/time.h"
#include "store/retention.h"
#include "store/settings.h"

const char *const RETENTION_KINDS[] = {"materials", "messages", "reports", "inspections", NULL};

static int kind_index(const char *kind)
{
	for (int i = 0; kind && RETENTION_KINDS[i]; i++)
		if (!strcmp(kind, RETENTION_KINDS[i]))
			return i;
	return -1;
}

/* The years of each kind (0: kept for ever), from the settings retention.KIND. */
static int read_years(store_conn *c, arena *a, int years[4], err *e)
{
	for (int i = 0; RETENTION_KINDS[i]; i++) {
		char key[48];
		snprintf(key, sizeof key, "retention.%s", RETENTION_KINDS[i]);
		const char *v;
		if (store_setting_get(c, a, key, &v, e) < 0)
			return -1;
		years[i] = v ? atoi(v) : 0;
		if (years[i] < 0 || years[i] > RETENTION_YEARS_MAX)
			years[i] = 0; /* a row written by hand out of range keeps the kind */
	}
	return 0;
}

json_t *retention_settings(app *ap, arena *a, err *e)
{
	int years[4];
	store_conn *c = app_read_begin(ap, e);
	json_t *out = NULL;
	if (c && read_years(c, a, years, e) == 0) {
		out = json_object();
		for (int i = 0; RETENTION_KINDS[i]; i++)
			json_object_set_new(out, RETENTION_KINDS[i],
			                    years[i] ? json_integer(years[i]) : json_null());
	}
	app_read_end(c);
	return out;
}

static int set_tx(store_conn *c, arena *a, const actor *who, const char *kind, int years,
                  const char *reason, err *e)
{
	char key[48], value[16];
	snprintf(key, sizeof key, "retention.%s", kind);
	snprintf(value, sizeof value, "%d", years);
	if (store_setting_put(c, a, key, value, e) < 0)
		return -1;
	return app_event_named(c, a, who, "settings", "retention", "settings.retention_changed",
	                       reason,
	                       json_pack("{s:s,s:o}", "kind", kind, "years",
	                                 years ? json_integer(years) : json_null()),
	                       e);
}

int retention_set(app *ap, arena *a, const actor *who, const char *kind, int years,
                  const char *reason, err *e)
{
	if (kind_index(kind) < 0)
		return err_set(
		    e, 400, "invalid_value", "kind",
		    "Field {field} must be materials, messages, reports or inspections.");
	if (years < 0 || years > RETENTION_YEARS_MAX)
		return err_set(e, 400, "invalid_value", "years",
		               "Field {field} must be 0 (kept for ever) to 100.");
	if (!reason || !*reason)
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, set_tx(c, a, who, kind, years, reason, e), e) : -1;
}

/* A user id column as JSON: null for the command line (no user). */
static json_t *user_or_null(const store_result *r, int i, const char *col)
{
	const char *v = store_get(r, i, col);
	return v ? json_integer(atoll(v)) : json_null();
}

static json_t *hold_json(const store_result *r, int i)
{
	const char *released = store_get(r, i, "released_at");
	return json_pack("{s:I,s:I,s:s,s:o,s:I,s:o,s:o,s:o,s:b}", "id",
	                 (json_int_t)store_get_int(r, i, "id"), "project_id",
	                 (json_int_t)store_get_int(r, i, "project_id"), "reason",
	                 store_get(r, i, "reason"), "placed_by", user_or_null(r, i, "placed_by"),
	                 "placed_at", (json_int_t)store_get_int(r, i, "placed_at"), "released_by",
	                 user_or_null(r, i, "released_by"), "released_at",
	                 released ? json_integer(atoll(released)) : json_null(), "release_reason",
	                 released ? json_string(store_get(r, i, "release_reason")) : json_null(),
	                 "active", released == NULL);
}

static int place_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                    const char *reason, json_t **out, err *e)
{
	int64_t exists = 0, id;
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT count(*) AS n FROM projects WHERE id = $1", "i",
	            project_id) < 0)
		return -1;
	exists = store_get_int(r, 0, "n");
	if (!exists)
		return err_set(e, 404, "not_found", "project_id", "No such project.");
	if (holds_insert(c, a, project_id, reason, who->user_id, time_now_us(), &id, e) < 0 ||
	    app_event(c, a, who, "project", project_id, "legal_hold.placed", reason,
	              json_pack("{s:I}", "hold_id", (json_int_t)id), e) < 0 ||
	    holds_get(c, a, id, &r, e) < 0)
		return -1;
	*out = hold_json(r, 0);
	return 0;
}

int legal_hold_place(app *ap, arena *a, const actor *who, int64_t project_id, const char *reason,
                     json_t **out, err *e)
{
	if (!reason || !*reason)
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, place_tx(c, a, who, project_id, reason, out, e), out, e) : -1;
}

static int release_tx(store_conn *c, arena *a, const actor *who, int64_t id, const char *reason,
                      json_t **out, err *e)
{
	store_result *r;
	int found = holds_get(c, a, id, &r, e);
	if (found <= 0)
		return found < 0 ? -1 : err_set(e, 404, "not_found", "id", "No such legal hold.");
	int64_t project_id = store_get_int(r, 0, "project_id");
	int done = holds_release(c, a, id, reason, who->user_id, time_now_us(), e);
	if (done < 0)
		return -1;
	if (!done)
		return err_set(e, 409, "hold_released", NULL,
		               "The legal hold was released already.");
	if (app_event(c, a, who, "project", project_id, "legal_hold.released", reason,
	              json_pack("{s:I}", "hold_id", (json_int_t)id), e) < 0 ||
	    holds_get(c, a, id, &r, e) < 0)
		return -1;
	*out = hold_json(r, 0);
	return 0;
}

int legal_hold_release(app *ap, arena *a, const actor *who, int64_t hold_id, const char *reason,
                       json_t **out, err *e)
{
	if (!reason || !*reason)
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, release_tx(c, a, who, hold_id, reason, out, e), out, e) : -1;
}

json_t *legal_holds_list(app *ap, arena *a, int64_t project_id, err *e)
{
	store_result *r;
	store_conn *c = app_read_begin(ap, e);
	json_t *out = NULL;
	if (c && holds_list(c, a, project_id, &r, e) == 0) {
		json_t *items = json_array();
		for (int i = 0; i < r->nrows; i++)
			json_array_append_new(items, hold_json(r, i));
		out = json_pack("{s:o}", "items", items);
	}
	app_read_end(c);
	return out;
}

/* Whether an attachment of kind K on a project in STATE, last changed at ENDED_AT, is past the
 * retention YEARS at NOW: the project has ended (a final state) and its end, YEARS calendar
 * years on (China Standard Time), is behind NOW. */
static bool past_retention(int years, const char *state, int64_t ended_at, int64_t now)
{
	project_state s;
	if (years <= 0 || project_state_parse(state, &s) < 0 || !project_state_is_terminal(s))
		return false;
	cal_date d = cal_from_us_cst(ended_at);
	d.y += years;
	if (d.m == 2 && d.d == 29) { /* the anniversary of 29 February in a common year */
		d.m = 3;
		d.d = 1;
	}
	return cal_start_us_cst(d) <= now;
}

static int purge_tx(store_conn *c, arena *a, const actor *who, bool dry_run, int64_t now,
                    json_t *report, err *e)
{
	int years[4];
	store_result *r;
	if (read_years(c, a, years, e) < 0 || retention_attachments(c, a, &r, e) < 0)
		return -1;
	json_t *purged = json_object_get(report, "purged"), *held = json_object_get(report, "held");
	int64_t bytes = 0;
	for (int i = 0; i < r->nrows;) {
		/* the attachments of one blob: rows i..j-1 (ordered by sha256) */
		const char *sha = store_get(r, i, "sha256");
		int j = i;
		bool due = true, on_hold = false;
		json_t *list = json_array();
		for (; j < r->nrows && !strcmp(store_get(r, j, "sha256"), sha); j++) {
			int k = kind_index(store_get(r, j, "kind"));
			due = due && k >= 0 &&
			      past_retention(years[k], store_get(r, j, "state"),
			                     store_get_int(r, j, "ended_at"), now);
			on_hold = on_hold || store_get_int(r, j, "holds") > 0;
			json_array_append_new(
			    list, json_pack("{s:s,s:I,s:I}", "kind", store_get(r, j, "kind"), "id",
			                    (json_int_t)store_get_int(r, j, "id"), "project_id",
			                    (json_int_t)store_get_int(r, j, "project_id")));
		}
		if (!due) {
			json_decref(list);
			i = j;
			continue;
		}
		int64_t size = store_get_int(r, i, "size");
		json_t *blob =
		    json_pack("{s:s,s:I,s:s,s:o}", "sha256", sha, "size", (json_int_t)size,
		              "content_type", store_get(r, i, "content_type"), "attachments", list);
		if (on_hold) {
			json_array_append_new(held, blob);
		} else {
			if (!dry_run) {
				int done = retention_blob_purge(c, a, sha, now, e);
				if (done < 0 ||
				    (done &&
				     app_event_named(c, a, who, "blob", sha, "attachment.purged",
				                     NULL, json_deep_copy(blob), e) < 0)) {
					json_decref(blob);
					return -1;
				}
			}
			bytes += size;
			json_array_append_new(purged, blob);
		}
		i = j;
	}
	json_object_set_new(report, "bytes", json_integer(bytes));
	return 0;
}

int retention_purge(app *ap, arena *a, const actor *who, bool dry_run, int64_t now, json_t **report,
                    err *e)
{
	*report = json_pack("{s:[],s:[],s:i}", "purged", "held", "bytes", 0);
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, purge_tx(c, a, who, dry_run, now, *report, e), report, e)
	         : -1;
}
