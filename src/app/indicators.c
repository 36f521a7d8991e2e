/* Risk monitoring of live pilots (§4.3 item 2): indicators, ingestion, alerts, tokens, the
 * scheduler's staleness pass and the charts' series. See indicators.h; the rules (levels,
 * crossings, staleness, the standard set) are core/indicators.c's. */
#include "app/indicators.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/indicators_internal.h"
#include "core/calendar.h"
#include "core/indicators.h"
#include "core/workflow.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/indicators.h"

#define REASON_MAX 2000
#define TOKEN_NAME_MAX 100
#define TOKENS_LIVE_MAX 20
/* Why the system created a pilot's standard set outside its launch. */
#define LATE_REASON                                                                                \
	"the standard indicators of a pilot launched before risk indicators existed (§4.3)"

/* ---- values as JSON ---- */

static json_t *value_json(int64_t micro)
{
	return micro % IND_SCALE == 0 ? json_integer(micro / IND_SCALE)
	                              : json_real(ind_value_to_double(micro));
}

static json_t *opt_value(bool has, int64_t micro)
{
	return has ? value_json(micro) : json_null();
}

/* A value in an event's payload: an integer when it is whole, else its exact decimal text
 * ("99.3"), since payloads hold no floating-point number (docs/AUDIT.md: a verifier in any
 * language must rebuild the same bytes). */
static json_t *event_value(int64_t micro)
{
	if (micro % IND_SCALE == 0)
		return json_integer(micro / IND_SCALE);
	char t[40];
	ind_value_format(micro, t);
	return json_string(t);
}

static json_t *opt_event_value(bool has, int64_t micro)
{
	return has ? event_value(micro) : json_null();
}

static json_t *time_json(int64_t us)
{
	char t[40];
	ind_time_format(us, t);
	return json_string(t);
}

static ind_limits row_limits(const indicators_row *x)
{
	ind_limits t = {IND_ABOVE, x->has_warn, x->has_breach, x->warn, x->breach};
	ind_direction_parse(x->direction, &t.direction);
	return t;
}

static json_t *indicator_json(const indicators_row *x)
{
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:b, s:s, s:b, s:I}", "id", (json_int_t)x->id,
	    "key", x->key, "name", x->name, "unit", x->unit, "direction", x->direction, "warn",
	    opt_value(x->has_warn, x->warn), "breach", opt_value(x->has_breach, x->breach),
	    "stale_after_s", (json_int_t)x->stale_after_s, "standard", x->standard, "level",
	    x->level, "stale", x->stale, "open_alerts", (json_int_t)x->open_alerts);
	json_object_set_new(o, "last_value", opt_value(x->has_last, x->last_value));
	json_object_set_new(o, "last_at", x->has_last ? time_json(x->last_at) : json_null());
	return o;
}

/* The payload of indicator.created and indicator.changed. */
static json_t *indicator_event_json(int64_t id, const indicators_def *d)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:b}", "indicator_id",
	                 (json_int_t)id, "key", d->key, "name", d->name, "unit", d->unit,
	                 "direction", d->direction, "warn", opt_event_value(d->has_warn, d->warn),
	                 "breach", opt_event_value(d->has_breach, d->breach), "stale_after_s",
	                 (json_int_t)d->stale_after_s, "standard", d->standard);
}

static json_t *alert_json(const store_result *r, int i)
{
	bool crossed = store_get(r, i, "value_micro") != NULL;
	json_t *o =
	    json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:I}", "id",
	              (json_int_t)store_get_int(r, i, "id"), "project_id",
	              (json_int_t)store_get_int(r, i, "project_id"), "indicator",
	              store_get(r, i, "indicator"), "indicator_name",
	              store_get(r, i, "indicator_name"), "unit", store_get(r, i, "unit"), "level",
	              store_get(r, i, "level"), "status", store_get(r, i, "status"), "value",
	              opt_value(crossed, store_get_int(r, i, "value_micro")), "threshold",
	              opt_value(crossed, store_get_int(r, i, "threshold_micro")), "at",
	              time_json(store_get_int(r, i, "at")), "opened_at",
	              (json_int_t)store_get_int(r, i, "opened_at"));
	static const char *const SETTLED[] = {"?#acknowledged_at",
	                                      "?acknowledged_by",
	                                      "?acknowledge_reason",
	                                      "?#resolved_at",
	                                      "?resolved_by",
	                                      "?resolve_reason",
	                                      NULL};
	app_row_set(o, r, i, SETTLED);
	return o;
}

static json_t *token_json(const store_result *r, int i)
{
	static const char *const COLS[] = {
	    "#id",          "#project_id",     "name",        "prefix",
	    "#created_by",  "created_by_name", "#created_at", "?#last_used_at",
	    "?#revoked_at", "?#revoked_by",    NULL};
	return app_row_json(r, i, COLS);
}

/* ---- which projects ---- */

static bool live(const project_row *p)
{
	const state_info *s = project_state_info(p->state);
	return s && s->live && !strcmp(p->track, "pilot");
}

/* §4.3: supervision is of running projects; §3.3: a coaching project runs no live business,
 * so it has no risk indicators. need_live: the write takes data (points, tokens, thresholds). */
static int supervised_check(const project_row *p, bool need_live, err *e)
{
	const state_info *s = project_state_info(p->state);
	if (!strcmp(p->track, "coaching"))
		return err_set(e, 422, "coaching_no_live_business", NULL,
		               "A coaching project runs no live financial business, so it has no "
		               "risk indicators (§3.3).");
	if (!s || !s->supervised)
		return err_set(e, 409, "invalid_state", NULL,
		               "Risk indicators are kept only for a pilot under supervision.");
	if (need_live && p->st == ST_SUSPENDED) /* §4.4: no live business until it resumes */
		return err_set(e, 409, "pilot_suspended", NULL,
		               "The pilot is suspended: it runs no live business until it resumes "
		               "(§4.4).");
	if (need_live && !s->live)
		return err_set(e, 409, "invalid_state", NULL,
		               "Risk indicators take data and changes only while the pilot runs "
		               "live business.");
	return 0;
}

/* The project, once the caller may do `k` with it and it is supervised (and live when asked). */
static int project_open(store_conn *c, arena *a, const actor *who, int64_t id, project_access k,
                        bool need_live, project_row *p, err *e)
{
	if (project_load(c, a, id, p, e) < 0 || project_access_check(c, a, who, p, k, e) < 0)
		return -1;
	return supervised_check(p, need_live, e);
}

/* ---- the standard set ---- */

static int64_t boundary(const json_t *tb, const char *key)
{
	json_t *v = json_object_get(tb, key);
	return json_is_integer(v) && json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : 0;
}

/* The standard indicators from the test boundaries, each added when missing, with its
 * indicator.created event. */
static int standard_set_add(store_conn *c, arena *a, const actor *who, const project_row *p,
                            const char *reason, err *e)
{
	json_t *content = json_loads(p->content ? p->content : "{}", 0, NULL);
	json_t *tb = json_object_get(content, "test_boundaries");
	ind_boundaries b = {boundary(tb, "customer_cap"), boundary(tb, "per_transaction_limit_fen"),
	                    boundary(tb, "per_investor_limit_fen")};
	json_decref(content);
	ind_spec set[IND_STANDARD_COUNT];
	ind_standard_set(&b, set);
	int64_t now = time_now_us();
	for (int i = 0; i < IND_STANDARD_COUNT; i++) {
		const ind_spec *s = &set[i];
		indicators_def d = {s->key,
		                    s->name,
		                    s->unit,
		                    ind_direction_id(s->limits.direction),
		                    s->limits.has_warn,
		                    s->limits.has_breach,
		                    s->limits.warn,
		                    s->limits.breach,
		                    s->stale_after_s,
		                    true};
		int64_t id;
		int added = indicators_add(c, a, p->id, &d, now, &id, e);
		if (added < 0)
			return -1;
		if (added && app_event(c, a, who, "project", p->id, "indicator.created", reason,
		                       indicator_event_json(id, &d), e) < 0)
			return -1;
	}
	return 0;
}

int indicators_on_launch(store_conn *c, arena *a, const actor *who, int64_t project_id, err *e)
{
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0)
		return -1;
	return live(&p) ? standard_set_add(c, a, who, &p, NULL, e) : 0;
}

/* A live pilot launched before indicators existed gets its standard set on first use, by the
 * system, in the caller's write transaction. */
static int late_set_add(store_conn *c, arena *a, const project_row *p, err *e)
{
	int64_t n;
	if (!live(p) || indicators_count(c, a, p->id, &n, e) < 0)
		return live(p) ? -1 : 0;
	return n ? 0 : standard_set_add(c, a, &ACTOR_SYSTEM, p, LATE_REASON, e);
}

static int late_set_tx(store_conn *c, arena *a, int64_t project_id, err *e)
{
	project_row p;
	return project_load(c, a, project_id, &p, e) < 0 ? -1 : late_set_add(c, a, &p, e);
}

/* A read snapshot of a project the caller may read (supervised, not coaching). A live pilot
 * lacking its standard set gets it first, in a write transaction of its own. */
static store_conn *read_open(app *ap, arena *a, const actor *who, int64_t id, project_row *p,
                             err *e)
{
	for (int pass = 0;; pass++) {
		store_conn *c = app_snapshot_begin(ap, e);
		if (!c)
			return NULL;
		int64_t n = 1;
		if (project_open(c, a, who, id, ACCESS_READ, false, p, e) < 0 ||
		    (live(p) && indicators_count(c, a, id, &n, e) < 0)) {
			app_snapshot_end(c);
			return NULL;
		}
		if (n > 0 || !live(p) || pass)
			return c;
		app_snapshot_end(c);
		store_conn *w = app_tx_begin(ap, e);
		if (!w || app_tx_end(w, late_set_tx(w, a, id, e), e) < 0)
			return NULL;
	}
}

/* What a read of a project's indicators asks; each read takes its part. */
typedef struct ind_query {
	const char *indicator, *status;
	int64_t from, to, after;
	int limit, buckets;
} ind_query;

typedef json_t *(*ind_reader)(store_conn *c, arena *a, const project_row *p, const ind_query *q,
                              err *e);

/* The answer of read from read_open's snapshot; NULL with *e. */
static json_t *ind_read(app *ap, arena *a, const actor *who, int64_t project_id, const ind_query *q,
                        ind_reader read, err *e)
{
	project_row p;
	store_conn *c = read_open(ap, a, who, project_id, &p, e);
	json_t *out = c ? read(c, a, &p, q, e) : NULL;
	app_snapshot_end(c);
	return out;
}

/* ---- indicators ---- */

static json_t *indicators_json(store_conn *c, arena *a, const project_row *p, const ind_query *q,
                               err *e)
{
	store_result *r;
	if (indicators_of(c, a, p->id, &r, e) < 0)
		return NULL;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows; i++) {
		indicators_row x;
		indicators_read(r, i, &x);
		json_array_append_new(items, indicator_json(&x));
	}
	return json_pack("{s:o}", "items", items);
}

json_t *indicator_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	return ind_read(ap, a, who, project_id, &(ind_query){0}, indicators_json, e);
}

/* A threshold field: absent (*present false), null (unset) or a number. */
static int threshold_read(const json_t *body, const char *key, bool *present, bool *has,
                          int64_t *micro, err *e)
{
	json_t *v = json_object_get(body, key);
	*present = v != NULL;
	*has = v && !json_is_null(v);
	if (!*has)
		return 0;
	int rc = json_is_integer(v) ? ind_value_from_int(json_integer_value(v), micro)
	         : json_is_real(v)  ? ind_value_from_double(json_real_value(v), micro)
	                            : err_set(e, 400, "invalid_type", key,
	                                      "Field {field} must be a number or null.");
	if (rc < 0 && !e->status)
		return err_set(e, 400, "invalid_value", key,
		               "Field {field} must lie between -9000000000000 and 9000000000000.");
	return rc;
}

static int stale_read(const json_t *body, bool required, int64_t *s, bool *present, err *e)
{
	if (json_get_int(body, "stale_after_s", required, s, present, e) < 0)
		return -1;
	if (*present && (*s < IND_STALE_MIN_S || *s > IND_STALE_MAX_S))
		return err_set(e, 400, "invalid_value", "stale_after_s",
		               "Field {field} must be between 60 seconds and 366 days.");
	return 0;
}

static int reason_read(const json_t *body, bool required, const char **reason, err *e)
{
	if (json_get_str(body, "reason", required, REASON_MAX, reason, e) < 0)
		return -1;
	if (required && !**reason)
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	return 0;
}

static int limits_check(const indicators_def *d, err *e)
{
	ind_limits t = {IND_ABOVE, d->has_warn, d->has_breach, d->warn, d->breach};
	ind_direction_parse(d->direction, &t.direction);
	if (ind_limits_check(&t) < 0)
		return err_set(
		    e, 422, "thresholds_out_of_order", "warn",
		    "The warning threshold must come before the breach threshold: not "
		    "above it when high values are bad, not below it when low values are.");
	return 0;
}

static const char *const CREATE_FIELDS[] = {
    "key", "name", "unit", "direction", "warn", "breach", "stale_after_s", "reason", NULL};

static int create_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                     const json_t *body, json_t **out, err *e)
{
	project_row p;
	indicators_def d = {.stale_after_s = IND_STALE_DEFAULT_S};
	const char *reason = NULL;
	bool present;
	if (project_open(c, a, who, project_id, ACCESS_READ, true, &p, e) < 0 ||
	    late_set_add(c, a, &p, e) < 0 || json_only_fields(body, CREATE_FIELDS, e) < 0 ||
	    json_get_str(body, "key", true, IND_KEY_MAX, &d.key, e) < 0 ||
	    json_get_str(body, "name", true, IND_NAME_MAX, &d.name, e) < 0 ||
	    json_get_str(body, "unit", true, IND_UNIT_MAX, &d.unit, e) < 0 ||
	    json_get_str(body, "direction", true, 10, &d.direction, e) < 0 ||
	    threshold_read(body, "warn", &present, &d.has_warn, &d.warn, e) < 0 ||
	    threshold_read(body, "breach", &present, &d.has_breach, &d.breach, e) < 0 ||
	    stale_read(body, false, &d.stale_after_s, &present, e) < 0 ||
	    reason_read(body, false, &reason, e) < 0)
		return -1;
	ind_direction dir;
	if (!ind_key_valid(d.key))
		return err_set(e, 400, "invalid_value", "key",
		               "Field {field} must start with a lower-case letter and hold only "
		               "lower-case letters, digits and underscores.");
	if (!*d.name)
		return err_set(e, 400, "missing_field", "name", "Field {field} is required.");
	if (!*d.unit)
		return err_set(e, 400, "missing_field", "unit", "Field {field} is required.");
	if (ind_direction_parse(d.direction, &dir) < 0)
		return err_set(e, 400, "invalid_value", "direction",
		               "Field {field} must be above or below.");
	if (limits_check(&d, e) < 0)
		return -1;
	int64_t id;
	int added = indicators_add(c, a, project_id, &d, time_now_us(), &id, e);
	if (added <= 0)
		return added < 0 ? -1
		                 : err_set(e, 409, "indicator_exists", "key",
		                           "The project has an indicator with this key already.");
	store_result *r;
	if (app_event(c, a, who, "project", project_id, "indicator.created",
	              reason && *reason ? reason : NULL, indicator_event_json(id, &d), e) < 0 ||
	    indicators_get(c, a, project_id, d.key, &r, e) < 0)
		return -1;
	indicators_row x;
	indicators_read(r, 0, &x);
	*out = indicator_json(&x);
	return 0;
}

int indicator_create(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, create_tx(c, a, who, project_id, body, out, e), out, e) : -1;
}

/* An alert of a crossing, its event, and its entry in `opened` (may be NULL). */
static int crossing_open(store_conn *c, arena *a, const actor *who, const indicators_row *x,
                         ind_level level, int64_t value, int64_t threshold, int64_t at,
                         json_t *opened, err *e)
{
	alerts_new n = {x->project_id, x->id, ind_level_id(level), true, value, threshold, at};
	int64_t id;
	int added = alerts_open(c, a, &n, time_now_us(), &id, e);
	if (added <= 0) /* an unresolved alert of the level stands already */
		return added;
	json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)id, "indicator",
	                      x->key, "level", n.level, "value", value_json(value), "threshold",
	                      value_json(threshold), "at", time_json(at));
	json_t *pl = json_pack("{s:I, s:s, s:s, s:o, s:o, s:I}", "alert_id", (json_int_t)id,
	                       "indicator", x->key, "level", n.level, "value", event_value(value),
	                       "threshold", event_value(threshold), "at", (json_int_t)at);
	if (app_event(c, a, who, "project", x->project_id, "alert.opened", NULL, pl, e) < 0) {
		json_decref(o);
		return -1;
	}
	if (opened)
		json_array_append(opened, o);
	json_decref(o);
	return 1;
}

static const char *const CHANGE_FIELDS[] = {"name",          "warn",   "breach",
                                            "stale_after_s", "reason", NULL};

static int change_tx(store_conn *c, arena *a, const actor *who, int64_t project_id, const char *key,
                     const json_t *body, json_t **out, err *e)
{
	project_row p;
	store_result *r;
	const char *reason = NULL;
	if (project_open(c, a, who, project_id, ACCESS_READ, true, &p, e) < 0 ||
	    late_set_add(c, a, &p, e) < 0)
		return -1;
	int found = indicators_get(c, a, project_id, key, &r, e);
	if (found <= 0)
		return found < 0 ? -1
		                 : err_set(e, 404, "not_found", "key",
		                           "The project has no indicator with this key.");
	indicators_row x;
	indicators_read(r, 0, &x);
	indicators_def d = {x.key,        x.name, x.unit,   x.direction,     x.has_warn,
	                    x.has_breach, x.warn, x.breach, x.stale_after_s, x.standard};
	bool pw, pb, pn, ps, has;
	int64_t v;
	if (json_only_fields(body, CHANGE_FIELDS, e) < 0 ||
	    json_get_str(body, "name", false, IND_NAME_MAX, &d.name, e) < 0 ||
	    threshold_read(body, "warn", &pw, &has, &v, e) < 0)
		return -1;
	if (pw) {
		d.has_warn = has;
		d.warn = v;
	}
	if (threshold_read(body, "breach", &pb, &has, &v, e) < 0)
		return -1;
	if (pb) {
		d.has_breach = has;
		d.breach = v;
	}
	if (stale_read(body, false, &d.stale_after_s, &ps, e) < 0 ||
	    reason_read(body, true, &reason, e) < 0)
		return -1;
	pn = json_object_get(body, "name") != NULL;
	if (!pn && !pw && !pb && !ps)
		return err_set(e, 400, "missing_field", NULL,
		               "Send at least one of name, warn, breach and stale_after_s.");
	if (pn && !*d.name)
		return err_set(e, 400, "missing_field", "name", "Field {field} is required.");
	if (limits_check(&d, e) < 0)
		return -1;
	int64_t now = time_now_us();
	json_t *pl = indicator_event_json(x.id, &d);
	json_object_set_new(pl, "before",
	                    json_pack("{s:s, s:o, s:o, s:I}", "name", x.name, "warn",
	                              opt_value(x.has_warn, x.warn), "breach",
	                              opt_value(x.has_breach, x.breach), "stale_after_s",
	                              (json_int_t)x.stale_after_s));
	if (indicators_set_limits(c, a, x.id, &d, now, e) < 0 ||
	    app_event(c, a, who, "project", project_id, "indicator.changed", reason, pl, e) < 0)
		return -1;
	/* The last value judged against the new thresholds: a threshold moved past it is a
	 * crossing too. */
	if (x.has_last) {
		ind_limits t = {IND_ABOVE, d.has_warn, d.has_breach, d.warn, d.breach};
		ind_direction_parse(d.direction, &t.direction);
		ind_state st = {IND_NORMAL, IND_NORMAL};
		ind_level_parse(x.level, &st.level);
		ind_level_parse(x.peak, &st.peak);
		ind_level open = ind_step(&st, ind_level_of(&t, x.last_value));
		indicators_state s = {ind_level_id(st.level),
		                      ind_level_id(st.peak),
		                      x.stale,
		                      true,
		                      x.last_value,
		                      x.last_at};
		if (indicators_set_state(c, a, x.id, &s, now, e) < 0 ||
		    (open != IND_NORMAL &&
		     crossing_open(c, a, who, &x, open, x.last_value, ind_threshold_of(&t, open),
		                   x.last_at, NULL, e) < 0))
			return -1;
	}
	if (indicators_get(c, a, project_id, key, &r, e) < 0)
		return -1;
	indicators_read(r, 0, &x);
	*out = indicator_json(&x);
	return 0;
}

int indicator_change(app *ap, arena *a, const actor *who, int64_t project_id, const char *key,
                     const json_t *body, json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, change_tx(c, a, who, project_id, key, body, out, e), out, e)
	         : -1;
}

/* ---- ingestion ---- */

bool metrics_body_is_points(const json_t *body)
{
	return json_object_get(body, "points") != NULL;
}

typedef struct point {
	int ind; /* index into the project's indicators */
	int idx; /* index in the request */
	int64_t at, value;
} point;

/* The refused point's index and why, as the error's details. */
static int point_refused(err *e, int index, const char *reason, int rc)
{
	err_set_details(e,
	                json_pack("{s:{s:i, s:s}}", "details", "index", index, "reason", reason));
	return rc;
}

static const char *const POINT_FIELDS[] = {"indicator", "at", "value", NULL};

/* One point's shape (an object of indicator, at and value, of their types) as a decoded point:
 * 0, or -1 with the refusal. */
static int point_shape(const json_t *v, int i, metrics_point_in *pt, err *e)
{
	if (!json_is_object(v))
		return point_refused(
		    e, i, "not_an_object",
		    err_setf(e, 422, "invalid_point",
		             "{field} must be an object with indicator, at and value.",
		             "points[%d]", i));
	const char *k;
	json_t *x;
	json_object_foreach((json_t *)v, k, x)
	{
		bool known = false;
		for (const char *const *f = POINT_FIELDS; *f; f++)
			known = known || !strcmp(*f, k);
		if (!known)
			return point_refused(e, i, "unknown_field",
			                     err_setf(e, 422, "invalid_point",
			                              "{field} is not a field of a point.",
			                              "points[%d].%.40s", i, k));
	}
	json_t *ind = json_object_get(v, "indicator"), *at = json_object_get(v, "at"),
	       *val = json_object_get(v, "value");
	if (!json_is_string(ind))
		return point_refused(e, i, ind ? "invalid_type" : "missing",
		                     err_setf(e, 422, "invalid_point",
		                              "{field} must be an indicator's key.",
		                              "points[%d].indicator", i));
	if (!json_is_string(at))
		return point_refused(
		    e, i, at ? "invalid_type" : "missing",
		    err_setf(e, 422, "invalid_point",
		             "{field} must be an RFC 3339 date-time, e.g. 2026-01-05T08:00:00Z.",
		             "points[%d].at", i));
	/* JSON has no NaN or infinity; a client that writes them as strings is told so */
	const char *s = json_string_value(val);
	if (s && (!strcmp(s, "NaN") || !strcmp(s, "Infinity") || !strcmp(s, "-Infinity") ||
	          !strcmp(s, "+Infinity")))
		return point_refused(e, i, "not_finite",
		                     err_setf(e, 422, "invalid_point",
		                              "{field} must be a finite number.",
		                              "points[%d].value", i));
	if (!json_is_number(val))
		return point_refused(e, i, val ? "not_a_number" : "missing",
		                     err_setf(e, 422, "invalid_point", "{field} must be a number.",
		                              "points[%d].value", i));
	*pt =
	    (metrics_point_in){json_string_value(ind), json_string_value(at), json_is_integer(val),
	                       json_is_integer(val) ? json_integer_value(val) : 0,
	                       json_is_real(val) ? json_real_value(val) : 0};
	return 0;
}

/* One point's meaning against the project: its indicator, its time (after the launch day's
 * start, not after now), its value's range. 0 with *pt, or -1 with the refusal. */
static int point_read(const metrics_point_in *in, int i, const indicators_row *inds, int nind,
                      int64_t lo, int64_t hi, point *pt, err *e)
{
	pt->ind = -1;
	for (int n = 0; n < nind; n++)
		if (!strcmp(inds[n].key, in->indicator)) {
			pt->ind = n;
			break;
		}
	if (pt->ind < 0)
		return point_refused(e, i, "unknown_indicator",
		                     err_setf(e, 422, "invalid_point",
		                              "{field} names no indicator of this project.",
		                              "points[%d].indicator", i));
	if (ind_time_parse(in->at, &pt->at) < 0)
		return point_refused(
		    e, i, "invalid_time",
		    err_setf(e, 422, "invalid_point",
		             "{field} must be an RFC 3339 date-time, e.g. 2026-01-05T08:00:00Z.",
		             "points[%d].at", i));
	if (pt->at > hi)
		return point_refused(e, i, "in_future",
		                     err_setf(e, 422, "invalid_point",
		                              "{field} lies in the future.", "points[%d].at", i));
	if (pt->at < lo)
		return point_refused(e, i, "before_launch",
		                     err_setf(e, 422, "invalid_point",
		                              "{field} lies before the day the pilot was launched.",
		                              "points[%d].at", i));
	int rc = in->integer ? ind_value_from_int(in->ivalue, &pt->value)
	                     : ind_value_from_double(in->rvalue, &pt->value);
	if (rc < 0)
		return point_refused(
		    e, i, "out_of_range",
		    err_setf(e, 422, "invalid_point",
		             "{field} must lie between -9000000000000 and 9000000000000.",
		             "points[%d].value", i));
	pt->idx = i;
	return 0;
}

static int by_indicator_time(const void *x, const void *y)
{
	const point *p = x, *q = y;
	if (p->ind != q->ind)
		return p->ind < q->ind ? -1 : 1;
	if (p->at != q->at)
		return p->at < q->at ? -1 : 1;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

/* The first point (by index) whose indicator and time repeat one earlier in the batch or one
 * stored already: *dup, or n. sorted: the points by indicator, time, index. */
static int first_duplicate(store_conn *c, arena *a, const indicators_row *inds, const point *sorted,
                           int n, int *dup, err *e)
{
	*dup = n;
	for (int g = 0; g < n;) {
		int end = g;
		while (end < n && sorted[end].ind == sorted[g].ind)
			end++;
		for (int k = g + 1; k < end; k++)
			if (sorted[k].at == sorted[k - 1].at && sorted[k].idx < *dup)
				*dup = sorted[k].idx;
		store_result *r;
		if (metrics_times(c, a, inds[sorted[g].ind].id, sorted[g].at, sorted[end - 1].at,
		                  &r, e) < 0)
			return -1;
		/* both ascending: one merge */
		for (int k = g, s = 0; k < end && s < r->nrows;) {
			int64_t t = strtoll(r->vals[s], NULL, 10);
			if (sorted[k].at < t)
				k++;
			else if (sorted[k].at > t)
				s++;
			else {
				if (sorted[k].idx < *dup)
					*dup = sorted[k].idx;
				k++;
			}
		}
		g = end;
	}
	return 0;
}

/* Points of one indicator (sorted by time) move its level and peak; a rise above the peak
 * opens an alert; data that makes a stale indicator fresh resolves its stale alert. */
static int indicator_advance(store_conn *c, arena *a, const actor *who, const indicators_row *x,
                             const point *pts, int n, int64_t now, json_t *opened, json_t *resolved,
                             err *e)
{
	ind_limits t = row_limits(x);
	ind_state st = {IND_NORMAL, IND_NORMAL};
	ind_level_parse(x->level, &st.level);
	ind_level_parse(x->peak, &st.peak);
	indicators_state s = {NULL, NULL, x->stale, x->has_last, x->last_value, x->last_at};
	for (int k = 0; k < n; k++) {
		if (s.has_last && pts[k].at <= s.last_at)
			continue; /* late data: stored, but the level follows the newest value */
		ind_level open = ind_step(&st, ind_level_of(&t, pts[k].value));
		if (open != IND_NORMAL &&
		    crossing_open(c, a, who, x, open, pts[k].value, ind_threshold_of(&t, open),
		                  pts[k].at, opened, e) < 0)
			return -1;
		s.has_last = true;
		s.last_value = pts[k].value;
		s.last_at = pts[k].at;
	}
	int64_t since = s.has_last && s.last_at > x->created_at ? s.last_at : x->created_at;
	if (s.stale && !ind_is_stale(now, since, x->stale_after_s)) {
		int64_t aid;
		int found = alerts_unresolved(c, a, x->id, "stale", &aid, e);
		if (found < 0)
			return -1;
		s.stale = false;
		const char *why = "data arrived within the indicator's staleness interval";
		if (found &&
		    (alerts_resolve(c, a, aid, ACTOR_SYSTEM.label, why, now, e) < 0 ||
		     app_event(c, a, &ACTOR_SYSTEM, "project", x->project_id, "alert.resolved", why,
		               json_pack("{s:I, s:s, s:s}", "alert_id", (json_int_t)aid,
		                         "indicator", x->key, "level", "stale"),
		               e) < 0))
			return -1;
		if (found)
			json_array_append_new(resolved,
			                      json_pack("{s:I, s:s, s:s}", "id", (json_int_t)aid,
			                                "indicator", x->key, "level", "stale"));
	}
	s.level = ind_level_id(st.level);
	s.peak = ind_level_id(st.peak);
	return indicators_set_state(c, a, x->id, &s, now, e);
}

/* The batch as decoded: n points of good shape, then (when shape->status) the refusal of point
 * n, whose shape was wrong. */
typedef struct batch {
	const metrics_point_in *in;
	int n;
	const err *shape;
} batch;

/* Which point answers for a refused batch: the first, by index, that is refused for any
 * reason (within a point, its shape before its meaning). 0 when none is. */
static int batch_judge(store_conn *c, arena *a, const batch *b, const indicators_row *inds,
                       int nind, int64_t lo, int64_t now, point *pts, point **sorted, err *e)
{
	int n = b->n, bad = n;
	for (int i = 0; i < n; i++)
		if (point_read(&b->in[i], i, inds, nind, lo, now, &pts[i], e) < 0) {
			bad = i;
			break;
		}
	*sorted = arena_alloc(a, sizeof **sorted * (size_t)(bad ? bad : 1));
	memcpy(*sorted, pts, sizeof *pts * (size_t)bad);
	qsort(*sorted, (size_t)bad, sizeof **sorted, by_indicator_time);
	int dup = bad;
	err de;
	err_clear(&de);
	if (bad && first_duplicate(c, a, inds, *sorted, bad, &dup, &de) < 0) {
		err_free_details(e);
		*e = de;
		if (de.field == de.field_buf)
			e->field = e->field_buf;
		return -1;
	}
	if (dup < bad) {
		err_free_details(e);
		return point_refused(
		    e, dup, "duplicate",
		    err_setf(
		        e, 422, "invalid_point",
		        "{field} repeats the time of a value already stored for this indicator, "
		        "or of one earlier in the request.",
		        "points[%d].at", dup));
	}
	if (bad < n)
		return -1;
	if (b->shape && b->shape->status) {
		*e = *b->shape;
		e->field = e->field_buf;
		e->details = json_deep_copy(b->shape->details);
		return -1;
	}
	return 0;
}

static int ingest_tx(store_conn *c, arena *a, const actor *who, int64_t project_id, const batch *b,
                     json_t **out, err *e)
{
	project_row p;
	store_result *r;
	if (project_open(c, a, who, project_id, ACCESS_LEAD, true, &p, e) < 0)
		return -1;
	int64_t now = time_now_us();
	if (who->token_id) {
		int live_token = tokens_touch(c, a, who->token_id, now, e);
		if (live_token <= 0)
			return live_token < 0
			           ? -1
			           : err_set(e, 401, "invalid_token", NULL,
			                     "The API token is unknown, revoked, or not valid "
			                     "for this request.");
	}
	int n = b->n;
	if (n > INDICATORS_POINTS_MAX) {
		err_set_details(e, json_pack("{s:{s:i, s:i}}", "details", "index",
		                             INDICATORS_POINTS_MAX, "max", INDICATORS_POINTS_MAX));
		return err_set(e, 422, "too_many_points", "points",
		               "One request takes at most 10000 points; send the rest in another.");
	}
	if (n == 0 && !(b->shape && b->shape->status))
		return err_set(e, 400, "invalid_value", "points",
		               "Field {field} must hold at least one point.");
	if (late_set_add(c, a, &p, e) < 0 || indicators_of(c, a, project_id, &r, e) < 0)
		return -1;
	int nind = r->nrows;
	indicators_row *inds = arena_alloc(a, sizeof *inds * (size_t)(nind ? nind : 1));
	for (int i = 0; i < nind; i++)
		indicators_read(r, i, &inds[i]);
	cal_date launched;
	int64_t lo = cal_parse(p.launched_on, &launched) == 0 ? cal_start_us_cst(launched) : 0;
	point *pts = arena_alloc(a, sizeof *pts * (size_t)(n ? n : 1)), *sorted;
	if (batch_judge(c, a, b, inds, nind, lo, now, pts, &sorted, e) < 0)
		return -1;
	/* all taken: stored in one statement per chunk, or one prepared insert each (SQLite) */
	int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)n * 3), *ats = ids + n, *vals = ats + n;
	for (int i = 0; i < n; i++) {
		ids[i] = inds[pts[i].ind].id;
		ats[i] = pts[i].at;
		vals[i] = pts[i].value;
	}
	if (metrics_insert_many(c, a, n, ids, ats, vals, now, who->token_id, e) < 0)
		return -1;
	json_t *counts = json_object();
	for (int g = 0; g < n;) {
		int end = g;
		while (end < n && sorted[end].ind == sorted[g].ind)
			end++;
		json_object_set_new(counts, inds[sorted[g].ind].key, json_integer(end - g));
		g = end;
	}
	json_t *pl = json_pack("{s:o, s:i}", "indicator_points", counts, "stored", n);
	if (who->token_id)
		json_object_set_new(pl, "token_id", json_integer(who->token_id));
	if (app_event(c, a, who, "project", project_id, "metrics.ingested", NULL, pl, e) < 0)
		return -1;
	json_t *opened = json_array(), *resolved = json_array();
	int rc = 0;
	for (int g = 0; rc == 0 && g < n;) {
		int end = g;
		while (end < n && sorted[end].ind == sorted[g].ind)
			end++;
		rc = indicator_advance(c, a, who, &inds[sorted[g].ind], sorted + g, end - g, now,
		                       opened, resolved, e);
		g = end;
	}
	if (rc < 0) {
		json_decref(opened);
		json_decref(resolved);
		return -1;
	}
	*out = json_pack("{s:i, s:o, s:o}", "stored", n, "alerts_opened", opened, "alerts_resolved",
	                 resolved);
	return 0;
}

static int ingest(app *ap, arena *a, const actor *who, int64_t project_id, const batch *b,
                  json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, ingest_tx(c, a, who, project_id, b, out, e), out, e) : -1;
}

int metrics_ingest_points(app *ap, arena *a, const actor *who, int64_t project_id,
                          const metrics_point_in *pts, size_t n, json_t **out, err *e)
{
	batch b = {pts, n > INDICATORS_POINTS_MAX ? INDICATORS_POINTS_MAX + 1 : (int)n, NULL};
	return ingest(ap, a, who, project_id, &b, out, e);
}

int metrics_ingest(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                   json_t **out, err *e)
{
	json_t *points = json_object_get(body, "points");
	if (json_only_fields(body, (const char *const[]){"points", NULL}, e) < 0)
		return -1;
	if (!json_is_array(points))
		return err_set(e, 400, "invalid_type", "points", "Field {field} must be a list.");
	size_t n = json_array_size(points);
	if (n > INDICATORS_POINTS_MAX) /* the count is refused before any point is looked at */
		return metrics_ingest_points(ap, a, who, project_id, NULL, n, out, e);
	metrics_point_in *in = arena_alloc(a, sizeof *in * (n ? n : 1));
	err shape;
	err_clear(&shape);
	size_t good = 0;
	while (good < n &&
	       point_shape(json_array_get(points, good), (int)good, &in[good], &shape) == 0)
		good++;
	batch b = {in, (int)good, &shape};
	int rc = ingest(ap, a, who, project_id, &b, out, e);
	err_free_details(&shape);
	return rc;
}

static int time_param(const char *s, const char *name, int64_t *us, err *e)
{
	if (!s || !*s)
		return 0;
	if (ind_time_parse(s, us) < 0)
		return err_set(e, 400, "invalid_value", name,
		               "Parameter {field} must be an RFC 3339 date-time, e.g. "
		               "2026-01-05T08:00:00Z.");
	return 0;
}

static json_t *metrics_json(store_conn *c, arena *a, const project_row *p, const ind_query *q,
                            err *e)
{
	store_result *r;
	int found = indicators_get(c, a, p->id, q->indicator, &r, e);
	if (found == 0)
		err_set(e, 404, "not_found", "indicator",
		        "The project has no indicator with this key.");
	if (found <= 0 || metrics_page(c, a, store_get_int(r, 0, "id"), q->from, q->to, q->after,
	                               q->limit, &r, e) < 0)
		return NULL;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows && i < q->limit; i++)
		json_array_append_new(
		    items, json_pack("{s:o, s:o}", "at", time_json(store_get_int(r, i, "at")),
		                     "value", value_json(store_get_int(r, i, "value_micro"))));
	json_t *next =
	    r->nrows > q->limit ? time_json(store_get_int(r, q->limit - 1, "at")) : json_null();
	return json_pack("{s:o, s:o}", "items", items, "next", next);
}

json_t *metric_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *indicator,
                    const char *from, const char *to, const char *after, int limit, err *e)
{
	int64_t f = INT64_MIN, t = INT64_MAX, af = INT64_MIN;
	if (!indicator || !*indicator) {
		err_set(e, 400, "missing_field", "indicator", "Parameter {field} is required.");
		return NULL;
	}
	if (time_param(from, "from", &f, e) < 0 || time_param(to, "to", &t, e) < 0 ||
	    time_param(after, "after", &af, e) < 0)
		return NULL;
	ind_query q = {.indicator = indicator, .from = f, .to = t, .after = af, .limit = limit};
	return ind_read(ap, a, who, project_id, &q, metrics_json, e);
}

/* ---- alerts ---- */

static json_t *alerts_json(store_conn *c, arena *a, const project_row *p, const ind_query *q,
                           err *e)
{
	store_result *r;
	return alerts_of(c, a, p->id, q->status, q->after, q->limit, &r, e) < 0
	           ? NULL
	           : app_page_of(r, q->limit, "id", alert_json);
}

json_t *alert_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *status,
                   int64_t after, int limit, err *e)
{
	if (status && *status && strcmp(status, "open") && strcmp(status, "acknowledged") &&
	    strcmp(status, "resolved")) {
		err_set(e, 400, "invalid_value", "status",
		        "Parameter {field} must be open, acknowledged or resolved.");
		return NULL;
	}
	ind_query q = {.status = status && *status ? status : NULL, .after = after, .limit = limit};
	return ind_read(ap, a, who, project_id, &q, alerts_json, e);
}

static int alert_settle_tx(store_conn *c, arena *a, const actor *who, int64_t alert_id,
                           bool resolve, const char *reason, json_t **out, err *e)
{
	store_result *r;
	project_row p;
	if (app_found(alerts_get(c, a, alert_id, &r, e), "No such alert.", e) < 0 ||
	    project_open(c, a, who, store_get_int(r, 0, "project_id"), ACCESS_READ, false, &p, e) <
	        0)
		return -1;
	int64_t now = time_now_us();
	int done = resolve ? alerts_resolve(c, a, alert_id, who->label, reason, now, e)
	                   : alerts_acknowledge(c, a, alert_id, who->label, reason, now, e);
	if (done < 0)
		return -1;
	if (!done)
		return resolve ? err_set(e, 409, "invalid_state", NULL,
		                         "This alert is resolved already.")
		               : err_set(e, 409, "invalid_state", NULL,
		                         "Only an open alert can be acknowledged.");
	json_t *pl = json_pack("{s:I, s:s, s:s}", "alert_id", (json_int_t)alert_id, "indicator",
	                       store_get(r, 0, "indicator"), "level", store_get(r, 0, "level"));
	if (app_event(c, a, who, "project", p.id, resolve ? "alert.resolved" : "alert.acknowledged",
	              reason, pl, e) < 0 ||
	    alerts_get(c, a, alert_id, &r, e) < 0)
		return -1;
	*out = alert_json(r, 0);
	return 0;
}

static int alert_settle(app *ap, arena *a, const actor *who, int64_t alert_id, bool resolve,
                        const json_t *body, json_t **out, err *e)
{
	const char *reason;
	if (json_only_fields(body, (const char *const[]){"reason", NULL}, e) < 0 ||
	    reason_read(body, true, &reason, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, alert_settle_tx(c, a, who, alert_id, resolve, reason, out, e),
	                           out, e)
	         : -1;
}

int alert_acknowledge(app *ap, arena *a, const actor *who, int64_t alert_id, const json_t *body,
                      json_t **out, err *e)
{
	return alert_settle(ap, a, who, alert_id, false, body, out, e);
}

int alert_resolve(app *ap, arena *a, const actor *who, int64_t alert_id, const json_t *body,
                  json_t **out, err *e)
{
	return alert_settle(ap, a, who, alert_id, true, body, out, e);
}

/* ---- API tokens ---- */

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

bool api_token_like(const char *bearer)
{
	return bearer && !strncmp(bearer, API_TOKEN_PREFIX, strlen(API_TOKEN_PREFIX));
}

static int token_create_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                           const char *name, json_t **out, err *e)
{
	project_row p;
	int64_t n, id;
	if (project_open(c, a, who, project_id, ACCESS_LEAD, true, &p, e) < 0 ||
	    tokens_live_count(c, a, project_id, &n, e) < 0)
		return -1;
	if (n >= TOKENS_LIVE_MAX)
		return err_set(e, 409, "too_many_tokens", NULL,
		               "The project has 20 tokens in use; revoke one first.");
	unsigned char raw[32];
	char hex[65], hash[65];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	const char *secret = arena_printf(a, "%s%s", API_TOKEN_PREFIX, hex);
	sha256_hex(secret, hash);
	tokens_new t = {project_id,   who->institution_id,
	                who->user_id, name,
	                hash,         arena_strndup(a, secret, strlen(API_TOKEN_PREFIX) + 8)};
	store_result *r;
	if (tokens_add(c, a, &t, time_now_us(), &id, e) < 0 ||
	    app_event(c, a, who, "project", project_id, "api_token.created", NULL,
	              json_pack("{s:I, s:s}", "token_id", (json_int_t)id, "name", name), e) < 0 ||
	    tokens_get(c, a, project_id, id, &r, e) < 0)
		return -1;
	*out = token_json(r, 0);
	json_object_set_new(*out, "token", json_string(secret)); /* shown this once */
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(hex, sizeof hex);
	return 0;
}

int api_token_create(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e)
{
	const char *name;
	if (json_only_fields(body, (const char *const[]){"name", NULL}, e) < 0 ||
	    json_get_str(body, "name", true, TOKEN_NAME_MAX, &name, e) < 0)
		return -1;
	if (!*name)
		return err_set(e, 400, "missing_field", "name", "Field {field} is required.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, token_create_tx(c, a, who, project_id, name, out, e), out, e)
	         : -1;
}

json_t *api_token_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                       int limit, err *e)
{
	project_row p;
	store_result *r;
	store_conn *c = app_snapshot_begin(ap, e);
	if (!c)
		return NULL;
	json_t *out = project_load(c, a, project_id, &p, e) == 0 &&
	                      project_access_check(c, a, who, &p, ACCESS_LEAD, e) == 0 &&
	                      tokens_of(c, a, project_id, after, limit, &r, e) == 0
	                  ? app_page_of(r, limit, "id", token_json)
	                  : NULL;
	app_snapshot_end(c);
	return out;
}

/* A credential is revoked whatever the project's state: no supervised check here. */
static int token_revoke_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                           int64_t token_id, json_t **out, err *e)
{
	project_row p;
	store_result *r;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_LEAD, e) < 0)
		return -1;
	int found = tokens_get(c, a, project_id, token_id, &r, e);
	if (found <= 0)
		return found < 0 ? -1
		                 : err_set(e, 404, "not_found", "token_id", "No such API token.");
	int done = tokens_revoke(c, a, token_id, who->user_id, time_now_us(), e);
	if (done <= 0)
		return done < 0 ? -1
		                : err_set(e, 409, "already_revoked", "token_id",
		                          "This API token has been revoked already.");
	if (app_event(c, a, who, "project", project_id, "api_token.revoked", NULL,
	              json_pack("{s:I}", "token_id", (json_int_t)token_id), e) < 0 ||
	    tokens_get(c, a, project_id, token_id, &r, e) < 0)
		return -1;
	*out = token_json(r, 0);
	return 0;
}

int api_token_revoke(app *ap, arena *a, const actor *who, int64_t project_id, int64_t token_id,
                     json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, token_revoke_tx(c, a, who, project_id, token_id, out, e), out,
	                           e)
	         : -1;
}

static int token_refused(err *e)
{
	return err_set(e, 401, "invalid_token", NULL,
	               "The API token is unknown, revoked, or not valid for this request.");
}

int api_token_authenticate(app *ap, arena *a, const char *token, int64_t project_id, actor *who,
                           err *e)
{
	size_t pl = strlen(API_TOKEN_PREFIX);
	if (!api_token_like(token) || strlen(token) != pl + 64)
		return token_refused(e);
	for (const char *p = token + pl; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return token_refused(e);
	char hash[65];
	sha256_hex(token, hash);
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	store_result *r;
	int found = tokens_resolve(c, a, hash, &r, e);
	app_read_end(c);
	if (found < 0)
		return -1;
	if (!found || store_get_int(r, 0, "project_id") != project_id)
		return token_refused(e);
	int64_t id = store_get_int(r, 0, "id");
	*who = (actor){.user_id = store_get_int(r, 0, "created_by"),
	               .username = store_get(r, 0, "username"),
	               .role = ROLE_INSTITUTION,
	               .institution_id = store_get_int(r, 0, "institution_id"),
	               .label = arena_printf(a, "token:%lld", (long long)id),
	               .token_id = id};
	return 0;
}

/* ---- the scheduler ---- */

/* One stale alert per silence: the indicator is flagged with it, and cleared when data comes
 * back (indicator_advance); the store refuses a second unresolved alert of a level anyway. */
static int stale_open(store_conn *c, arena *a, const store_result *r, int i, int64_t now,
                      void *opened, err *e)
{
	int64_t iid = store_get_int(r, i, "id"), pid = store_get_int(r, i, "project_id");
	alerts_new n = {pid, iid, "stale", false, 0, 0, now};
	int64_t id;
	int added = alerts_open(c, a, &n, now, &id, e);
	if (added < 0 || indicators_set_stale(c, a, iid, true, now, e) < 0)
		return -1;
	if (!added)
		return 0;
	json_t *pl = json_pack("{s:I, s:s, s:s, s:I, s:I}", "alert_id", (json_int_t)id, "indicator",
	                       store_get(r, i, "key"), "level", "stale", "at", (json_int_t)now,
	                       "stale_after_s", (json_int_t)store_get_int(r, i, "stale_after_s"));
	json_object_set_new(pl, "last_at", app_int_or_null(r, i, "last_at"));
	if (app_event(c, a, &ACTOR_SYSTEM, "project", pid, "alert.opened",
	              "no data within the indicator's staleness interval", pl, e) < 0)
		return -1;
	(*(int *)opened)++;
	return 0;
}

/* Visits the overdue indicators of live projects (rows of indicators_overdue), page by page,
 * until visit answers other than 0: -1 an error, 1 enough. */
typedef int (*overdue_visit)(store_conn *c, arena *a, const store_result *r, int i, int64_t now,
                             void *ctx, err *e);

static int overdue_live(store_conn *c, arena *a, int64_t now, overdue_visit visit, void *ctx,
                        err *e)
{
	store_result *r;
	for (int64_t after = 0;; after = store_get_int(r, r->nrows - 1, "id")) {
		if (indicators_overdue(c, a, now, after, &r, e) < 0)
			return -1;
		for (int i = 0; i < r->nrows; i++) {
			const state_info *s = project_state_info(store_get(r, i, "state"));
			int rc = s && s->live ? visit(c, a, r, i, now, ctx, e) : 0;
			if (rc)
				return rc < 0 ? -1 : 0;
		}
		if (r->nrows < INDICATORS_OVERDUE_PAGE)
			return 0;
	}
}

/* Which indicators are overdue is decided again inside the write transaction: with several
 * nodes, the one that writes second finds them flagged already. */
static int stale_tx(store_conn *c, arena *a, int64_t now, int *opened, err *e)
{
	return overdue_live(c, a, now, stale_open, opened, e);
}

static int found_due(store_conn *c, arena *a, const store_result *r, int i, int64_t now, void *due,
                     err *e)
{
	*(bool *)due = true;
	return 1;
}

/* Whether any live indicator is overdue (a read, so that a quiet pass writes nothing). */
static int stale_due(store_conn *c, arena *a, int64_t now, bool *due, err *e)
{
	*due = false;
	return overdue_live(c, a, now, found_due, due, e);
}

int indicators_run_due(app *ap, arena *a, int64_t now_us, int *opened, err *e)
{
	*opened = 0;
	store_result *r;
	/* live pilots launched before indicators existed: their standard set */
	for (int64_t after = 0;; after = store_get_int(r, r->nrows - 1, "id")) {
		store_conn *c = app_read_begin(ap, e);
		if (!c)
			return -1;
		int rc = indicators_projects_missing(c, a, after, &r, e);
		app_read_end(c);
		if (rc < 0)
			return -1;
		for (int i = 0; i < r->nrows; i++) {
			const state_info *s = project_state_info(store_get(r, i, "state"));
			if (!s || !s->live)
				continue;
			store_conn *w = app_tx_begin(ap, e);
			if (!w ||
			    app_tx_end(w, late_set_tx(w, a, store_get_int(r, i, "id"), e), e) < 0)
				return -1;
		}
		if (r->nrows < 100)
			break;
	}
	bool due;
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	int rc = stale_due(c, a, now_us, &due, e);
	app_read_end(c);
	if (rc < 0 || !due)
		return rc;
	store_conn *w = app_tx_begin(ap, e);
	return w ? app_tx_end(w, stale_tx(w, a, now_us, opened, e), e) : -1;
}

/* ---- the charts ---- */

/* The series of indicator x over the window in buckets of width bucket, with its alerts of
 * ar that fall before the window's end. */
static json_t *chart_json(store_conn *c, arena *a, const indicators_row *x, const ind_query *q,
                          int64_t bucket, const store_result *ar, err *e)
{
	store_result *b;
	if (metrics_buckets(c, a, x->id, q->from, q->to, bucket, &b, e) < 0)
		return NULL;
	json_t *o = indicator_json(x), *series = json_array(), *alerts = json_array();
	for (int k = 0; k < b->nrows; k++)
		json_array_append_new(series,
		                      json_pack("[I, f, f]", (json_int_t)store_get_int(b, k, "at"),
		                                ind_value_to_double(store_get_int(b, k, "lo")),
		                                ind_value_to_double(store_get_int(b, k, "hi"))));
	for (int k = 0; k < ar->nrows; k++) {
		if (store_get_int(ar, k, "indicator_id") != x->id ||
		    store_get_int(ar, k, "at") >= q->to)
			continue;
		json_t *al = alert_json(ar, k);
		json_object_set_new(al, "at_us", json_integer(store_get_int(ar, k, "at")));
		json_array_append_new(alerts, al);
	}
	json_object_set_new(o, "series", series);
	json_object_set_new(o, "alerts", alerts);
	return o;
}

static json_t *charts_json(store_conn *c, arena *a, const project_row *p, const ind_query *q,
                           err *e)
{
	store_result *r, *ar;
	int buckets = q->buckets < 1 ? 1 : q->buckets;
	int64_t bucket = (q->to - q->from + buckets - 1) / buckets;
	if (bucket < 1)
		bucket = 1;
	if (indicators_of(c, a, p->id, &r, e) < 0 || alerts_since(c, a, p->id, q->from, &ar, e) < 0)
		return NULL;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows; i++) {
		indicators_row x;
		indicators_read(r, i, &x);
		json_t *o = chart_json(c, a, &x, q, bucket, ar, e);
		if (!o) {
			json_decref(items);
			return NULL;
		}
		json_array_append_new(items, o);
	}
	json_t *content = json_loads(p->content ? p->content : "{}", 0, NULL);
	json_t *dm =
	    json_object_get(json_object_get(content, "test_boundaries"), "duration_months");
	json_t *o = json_pack("{s:o, s:s, s:O?}", "items", items, "launched_on",
	                      p->launched_on ? p->launched_on : "", "duration_months",
	                      json_is_integer(dm) ? dm : NULL);
	json_decref(content);
	return o;
}

json_t *indicator_charts(app *ap, arena *a, const actor *who, int64_t project_id, int64_t from,
                         int64_t to, int buckets, err *e)
{
	ind_query q = {.from = from, .to = to, .buckets = buckets};
	return ind_read(ap, a, who, project_id, &q, charts_json, e);
}
