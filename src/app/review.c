/* Batches and expert review (§4.1). See review.h for who sees what. */
#include "app/review.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/review_internal.h"
#include "core/calendar.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/decisions.h"
#include "store/reviews.h"

/* ---- small helpers ---- */

/* An error raised on a nested object names its full path: "comment" -> "scores.security.comment".
 */
static int nested(err *e, const char *prefix)
{
	char f[sizeof e->field_buf];
	snprintf(f, sizeof f, "%s.%s", prefix, e->field ? e->field : "");
	memcpy(e->field_buf, f, sizeof f);
	e->field = e->field_buf;
	return -1;
}

/* Event payloads hold no floating-point numbers (docs/AUDIT.md): a real is written as the
 * shortest decimal text that reads back as the same double. */
static const char *real_text(arena *a, double x)
{
	char b[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(b, sizeof b, "%.*g", p, x);
		if (strtod(b, NULL) == x)
			break;
	}
	return arena_strdup(a, b);
}

static json_t *real_or_null(double x, bool present)
{
	return present ? json_real(scoring_round(x)) : json_null();
}

/* o with columns of row i under their own names, SQL NULL as null: each argument is "t:COLUMN"
 * (text) or "i:COLUMN" (an integer); NULL ends them. */
static json_t *with_columns(json_t *o, const store_result *r, int i, ...)
{
	va_list ap;
	va_start(ap, i);
	for (const char *spec; (spec = va_arg(ap, const char *));) {
		const char *col = spec + 2, *v = store_get(r, i, col);
		json_object_set_new(o, col,
		                    !v               ? json_null()
		                    : spec[0] == 'i' ? json_integer(store_get_int(r, i, col))
		                                     : json_string(v));
	}
	va_end(ap);
	return o;
}

/* j as compact JSON text, in the arena. */
static const char *json_text(arena *a, const json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT);
	const char *s = arena_strdup(a, t);
	free(t);
	return s;
}

/* ---- weights ---- */

static json_t *weights_json(const scoring_weights *w)
{
	json_t *o = json_object();
	for (int i = 0; i < CRIT__COUNT; i++)
		json_object_set_new(o, scoring_criterion_id((scoring_criterion)i),
		                    json_real(w->w[i]));
	return o;
}

static json_t *weights_event_json(arena *a, const scoring_weights *w)
{
	json_t *o = json_object();
	for (int i = 0; i < CRIT__COUNT; i++)
		json_object_set_new(o, scoring_criterion_id((scoring_criterion)i),
		                    json_string(real_text(a, w->w[i])));
	return o;
}

/* The stored weights (always complete: they were checked when written). */
static void weights_load(const char *text, scoring_weights *w)
{
	scoring_weights_default(w);
	json_t *o = text ? json_loads(text, 0, NULL) : NULL;
	for (int i = 0; o && i < CRIT__COUNT; i++) {
		json_t *v = json_object_get(o, scoring_criterion_id((scoring_criterion)i));
		if (json_is_number(v))
			w->w[i] = json_number_value(v);
	}
	json_decref(o);
}

/* {"innovativeness": 0.3, ...}: every criterion, numbers >= 0, summing to 1. */
static int weights_parse(const json_t *v, scoring_weights *w, err *e)
{
	if (!json_is_object(v))
		return err_set(e, 400, "invalid_type", "weights",
		               "Field {field} must be an object.");
	const char *key;
	json_t *x;
	json_object_foreach((json_t *)v, key, x)
	{
		scoring_criterion c;
		if (scoring_criterion_parse(key, &c) < 0)
			return err_setf(e, 400, "unknown_field", "Unknown field {field}.",
			                "weights.%.60s", key);
	}
	for (int i = 0; i < CRIT__COUNT; i++) {
		const char *id = scoring_criterion_id((scoring_criterion)i);
		x = json_object_get(v, id);
		if (!x || json_is_null(x))
			return err_setf(e, 400, "missing_field", "Field {field} is required.",
			                "weights.%s", id);
		if (!json_is_number(x))
			return err_setf(e, 400, "invalid_type", "Field {field} must be a number.",
			                "weights.%s", id);
		w->w[i] = json_number_value(x);
	}
	scoring_criterion bad = 0;
	switch (scoring_weights_check(w, &bad)) {
	case WEIGHTS_OK:
		return 0;
	case WEIGHTS_NEGATIVE:
		return err_setf(e, 400, "invalid_value", "Field {field} must not be negative.",
		                "weights.%s", scoring_criterion_id(bad));
	default:
		return err_set(e, 400, "invalid_value", "weights",
		               "The weights in {field} must add up to 1.");
	}
}

/* ---- score sheets ---- */

/* A stored sheet: its scores and the clean JSON {criterion: {score, comment}} (new ref). */
static json_t *sheet_load(const char *text, scoring_sheet *s)
{
	json_t *o = text ? json_loads(text, 0, NULL) : NULL;
	if (!o)
		o = json_object();
	for (int i = 0; i < CRIT__COUNT; i++) {
		json_t *c = json_object_get(o, scoring_criterion_id((scoring_criterion)i));
		s->score[i] = (int)json_integer_value(json_object_get(c, "score"));
	}
	return o;
}

static const char *const SCORE_FIELDS[] = {"scores", NULL};
static const char *const ENTRY_FIELDS[] = {"score", "comment", NULL};

/* The body of PUT .../scores: all six criteria, each an integer 1–10 and a comment. */
static int sheet_parse(const json_t *body, scoring_sheet *s, json_t **clean, err *e)
{
	json_t *v, *x;
	if (json_only_fields(body, SCORE_FIELDS, e) < 0 ||
	    app_json_field(body, "scores", JSON_OBJECT, N_("Field {field} must be an object."), &v,
	                   e) < 0)
		return -1;
	const char *key;
	json_object_foreach(v, key, x)
	{
		scoring_criterion c;
		if (scoring_criterion_parse(key, &c) < 0)
			return err_setf(e, 400, "unknown_field", "Unknown field {field}.",
			                "scores.%.60s", key);
	}
	json_t *out = json_object();
	for (int i = 0; i < CRIT__COUNT; i++) {
		const char *id = scoring_criterion_id((scoring_criterion)i);
		const char *path = id; /* for nested(): "scores." is added below */
		char prefix[64];
		snprintf(prefix, sizeof prefix, "scores.%s", path);
		x = json_object_get(v, id);
		int64_t score = 0;
		const char *comment = NULL;
		if (!x || json_is_null(x)) {
			err_setf(e, 400, "missing_field", "Field {field} is required.", "%s",
			         prefix);
			goto bad;
		}
		if (!json_is_object(x)) {
			err_setf(e, 400, "invalid_type", "Field {field} must be an object.", "%s",
			         prefix);
			goto bad;
		}
		if (json_only_fields(x, ENTRY_FIELDS, e) < 0 ||
		    json_get_int(x, "score", true, &score, NULL, e) < 0 ||
		    json_get_str(x, "comment", true, REVIEW_COMMENT_MAX, &comment, e) < 0) {
			nested(e, prefix);
			goto bad;
		}
		if (score < SCORE_MIN || score > SCORE_MAX) {
			err_setf(e, 400, "invalid_value",
			         "Field {field} must be a whole number from 1 to 10.", "%s.score",
			         prefix);
			goto bad;
		}
		if (app_blank(comment)) {
			err_setf(e, 400, "missing_field", "Field {field} is required.",
			         "%s.comment", prefix);
			goto bad;
		}
		s->score[i] = (int)score;
		json_object_set_new(
		    out, id,
		    json_pack("{s:I, s:s}", "score", (json_int_t)score, "comment", comment));
	}
	*clean = out;
	return 0;
bad:
	json_decref(out);
	return -1;
}

/* ---- projects as review sees them ---- */

static bool state_in(const char *state, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(state, *set))
			return true;
	return false;
}

/* §4.1: experts are assigned after the completeness check, until the review ends. */
static const char *const ASSIGNABLE[] = {"accepted", "in_review", NULL};
/* Conflicts can be declared from submission until the review ends. */
static const char *const DECLARABLE[] = {"submitted", "returned", "accepted", "in_review", NULL};

static int assignable(const project_row *p, err *e)
{
	if (state_in(p->state, ASSIGNABLE))
		return 0;
	return err_set(e, 409, "invalid_state", NULL,
	               "Experts are assigned only to an accepted project or one in review.");
}

/* The project's batch: its weights (the default ones without a batch) and name (NULL). */
static int project_batch(store_conn *c, arena *a, int64_t batch_id, scoring_weights *w,
                         const char **name, err *e)
{
	store_result *r = NULL;
	int rc = batch_id ? reviews_batch_get(c, a, batch_id, &r, e) : 0;
	if (rc < 0)
		return -1;
	weights_load(rc ? store_get(r, 0, "weights") : NULL, w);
	if (name)
		*name = rc ? store_get(r, 0, "name") : NULL;
	return 0;
}

static json_t *stats_json(const scoring_stats *s)
{
	bool any = s->n > 0;
	json_t *o = json_pack("{s:i, s:b}", "sheets", s->n, "disagreement", s->disagreement);
	json_object_set_new(o, "mean", real_or_null(s->mean, any));
	json_object_set_new(o, "median", real_or_null(s->median, any));
	json_object_set_new(o, "stddev", real_or_null(s->stddev, any));
	json_object_set_new(o, "min", real_or_null(s->min, any));
	json_object_set_new(o, "max", real_or_null(s->max, any));
	return o;
}

/* ---- reads ---- */

/* A read of review: the answer about one id (a batch, a project) or, for a list, the page
 * after it. */
typedef json_t *(*review_reader)(store_conn *c, arena *a, const actor *who, int64_t id, int limit,
                                 err *e);

/* Runs fn in a read transaction, so that an answer (a page of figures) is computed from one
 * snapshot. */
static json_t *review_read(app *ap, arena *a, const actor *who, int64_t id, int limit,
                           review_reader fn, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = c ? fn(c, a, who, id, limit, e) : NULL;
	app_snapshot_end(c);
	return out;
}

/* ---- batches ---- */

static json_t *batch_row_json(const store_result *r, int i)
{
	scoring_weights w;
	weights_load(store_get(r, i, "weights"), &w);
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:b}", "id",
	                 (json_int_t)store_get_int(r, i, "id"), "name", store_get(r, i, "name"),
	                 "opens_on", store_get(r, i, "opens_on"), "closes_on",
	                 store_get(r, i, "closes_on"), "weights", weights_json(&w), "created_at",
	                 (json_int_t)store_get_int(r, i, "created_at"), "updated_at",
	                 (json_int_t)store_get_int(r, i, "updated_at"), "projects_count",
	                 (json_int_t)store_get_int(r, i, "nprojects"), "weights_locked",
	                 store_get_int(r, i, "nsheets") > 0);
}

static const char *const BATCH_FIELDS[] = {"name",    "opens_on", "closes_on",
                                           "weights", "reason",   NULL};

typedef struct batch_in {
	const char *name, *opens_on, *closes_on, *reason;
	scoring_weights w;
	bool weights_given;
} batch_in;

static int batch_read(const json_t *body, bool required, batch_in *in, err *e)
{
	cal_date d;
	if (json_only_fields(body, BATCH_FIELDS, e) < 0 ||
	    json_get_str(body, "name", required, 200, &in->name, e) < 0 ||
	    json_get_str(body, "opens_on", required, 10, &in->opens_on, e) < 0 ||
	    json_get_str(body, "closes_on", required, 10, &in->closes_on, e) < 0 ||
	    json_get_str(body, "reason", false, REVIEW_REASON_MAX, &in->reason, e) < 0)
		return -1;
	if (app_blank(in->name))
		return err_set(e, 400, "missing_field", "name", "Field {field} is required.");
	if (cal_parse(in->opens_on, &d) < 0)
		return err_set(e, 400, "invalid_value", "opens_on",
		               "Field {field} must be a date, YYYY-MM-DD.");
	if (cal_parse(in->closes_on, &d) < 0)
		return err_set(e, 400, "invalid_value", "closes_on",
		               "Field {field} must be a date, YYYY-MM-DD.");
	if (strcmp(in->closes_on, in->opens_on) < 0)
		return err_set(e, 400, "invalid_value", "closes_on",
		               "Field {field} must not be before opens_on.");
	json_t *w = json_object_get(body, "weights");
	if (w && !json_is_null(w)) {
		if (weights_parse(w, &in->w, e) < 0)
			return -1;
		in->weights_given = true;
	}
	return 0;
}

static int batch_fetch(store_conn *c, arena *a, int64_t id, store_result **r, err *e)
{
	return app_found(reviews_batch_get(c, a, id, r, e), "No such batch.", e);
}

/* Writes a new batch (id 0) or a change of one (what changed, taken), with its event: the
 * row, weights as decimal text; *out is the batch as it now stands. */
static int batch_save(store_conn *c, arena *a, const actor *who, int64_t id, const batch_in *in,
                      json_t *changed, json_t **out, err *e)
{
	json_t *wj = weights_json(&in->w);
	reviews_batch row = {in->name, in->opens_on, in->closes_on, json_text(a, wj)};
	json_decref(wj);
	int64_t now = time_now_us();
	store_result *r;
	if ((id ? reviews_batch_update(c, a, id, &row, now, e)
	        : reviews_batch_add(c, a, &row, now, &id, e)) < 0 ||
	    batch_fetch(c, a, id, &r, e) < 0) {
		json_decref(changed);
		return -1;
	}
	json_t *p = json_pack("{s:s, s:s, s:s, s:o}", "name", in->name, "opens_on", in->opens_on,
	                      "closes_on", in->closes_on, "weights", weights_event_json(a, &in->w));
	if (changed)
		json_object_set_new(p, "changed", changed);
	if (app_event(c, a, who, "batch", id, changed ? "batch.updated" : "batch.created",
	              in->reason, p, e) < 0)
		return -1;
	*out = batch_row_json(r, 0);
	return 0;
}

int batch_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e)
{
	batch_in in = {0};
	if (batch_read(body, true, &in, e) < 0)
		return -1;
	if (!in.weights_given)
		scoring_weights_default(&in.w);
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, batch_save(c, a, who, 0, &in, NULL, out, e), e) : -1;
}

static int batch_update_tx(store_conn *c, arena *a, const actor *who, int64_t id,
                           const json_t *body, json_t **out, err *e)
{
	store_result *r;
	if (batch_fetch(c, a, id, &r, e) < 0)
		return -1;
	const char *was[] = {store_get(r, 0, "name"), store_get(r, 0, "opens_on"),
	                     store_get(r, 0, "closes_on")};
	batch_in in = {was[0], was[1], was[2], NULL};
	scoring_weights before;
	weights_load(store_get(r, 0, "weights"), &before);
	in.w = before;
	if (batch_read(body, false, &in, e) < 0)
		return -1;
	const char *now_v[] = {in.name, in.opens_on, in.closes_on};
	bool weights_changed = memcmp(&in.w, &before, sizeof before) != 0;
	bool dates_changed = strcmp(in.opens_on, was[1]) || strcmp(in.closes_on, was[2]);
	if (!weights_changed && !dates_changed && !strcmp(in.name, was[0])) {
		*out = batch_row_json(r, 0); /* an edit that changes nothing writes nothing */
		return 0;
	}
	/* §4.1: a batch's window decides which applications it takes; moving it is the working
	 * group's decision on record, and never into the past (China Standard Time days). */
	if (dates_changed && app_blank(in.reason))
		return err_set(e, 400, "missing_field", "reason",
		               "Field {field} is required: why the batch's dates change (§4.1).");
	char today[11];
	app_today(today);
	if (strcmp(in.closes_on, was[2]) && strcmp(in.closes_on, today) < 0) {
		err_set(e, 422, "date_in_past", "closes_on",
		        "Field {field} must not be before today (China Standard Time).");
		err_set_details(e, json_pack("{s:s}", "today", today));
		return -1;
	}
	/* §4.1: every sheet of a batch is weighed alike, so the weights freeze at its first score.
	 */
	if (weights_changed && store_get_int(r, 0, "nsheets") > 0)
		return err_set(
		    e, 409, "invalid_state", "weights",
		    "The weights cannot change once a score has been submitted in this batch.");
	json_t *changed = json_object();
	static const char *const texts[] = {"name", "opens_on", "closes_on"};
	for (int i = 0; i < 3; i++)
		if (strcmp(now_v[i], was[i]))
			json_object_set_new(
			    changed, texts[i],
			    json_pack("{s:s, s:s}", "from", was[i], "to", now_v[i]));
	if (weights_changed)
		json_object_set_new(changed, "weights",
		                    json_pack("{s:o, s:o}", "from", weights_event_json(a, &before),
		                              "to", weights_event_json(a, &in.w)));
	return batch_save(c, a, who, id, &in, changed, out, e);
}

int batch_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body, json_t **out,
                 err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, batch_update_tx(c, a, who, id, body, out, e), e) : -1;
}

int batch_check_open(store_conn *c, arena *a, int64_t batch_id, err *e)
{
	store_result *r;
	int rc = reviews_batch_get(c, a, batch_id, &r, e);
	if (rc <= 0)
		return rc < 0 ? -1
		              : err_set(e, 422, "unknown_batch", "batch_id",
		                        "Field {field} names no batch.");
	char today[11];
	app_today(today);
	if (strcmp(today, store_get(r, 0, "opens_on")) >= 0 &&
	    strcmp(today, store_get(r, 0, "closes_on")) <= 0)
		return 0;
	/* §4.1: selection is in batches; the refusal names the batches open today, so that the
	 * officer can choose one (or extend this one, with a reason). */
	store_result *o;
	if (reviews_batches_open(c, a, today, &o, e) < 0)
		return -1;
	json_t *open = json_array();
	for (int i = 0; i < o->nrows; i++)
		json_array_append_new(open, json_pack("{s:I, s:s, s:s, s:s}", "id",
		                                      (json_int_t)store_get_int(o, i, "id"), "name",
		                                      store_get(o, i, "name"), "opens_on",
		                                      store_get(o, i, "opens_on"), "closes_on",
		                                      store_get(o, i, "closes_on")));
	err_set(e, 409, "batch_closed", "batch_id",
	        "The batch is not open today; accept the application into an open batch (§4.1).");
	err_set_details(e, json_pack("{s:s, s:s, s:s, s:o}", "today", today, "opens_on",
	                             store_get(r, 0, "opens_on"), "closes_on",
	                             store_get(r, 0, "closes_on"), "open_batches", open));
	return -1;
}

static json_t *batches_page(store_conn *c, arena *a, const actor *who, int64_t after, int limit,
                            err *e)
{
	store_result *r;
	return reviews_batches(c, a, after, limit, &r, e) < 0
	           ? NULL
	           : app_page_of(r, limit, "id", batch_row_json);
}

json_t *batch_list(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	return review_read(ap, a, who, after, limit, batches_page, e);
}

/* One project of a batch, with what the ranking needs. */
typedef struct ranked {
	int64_t id;
	const char *name, *state;
	int assigned;   /* experts without a conflict */
	double *totals; /* counted sheets' weighted totals */
	size_t ntotals;
} ranked;

static json_t *sheet_json(const store_result *r, int i, const scoring_weights *w, bool counted,
                          bool names)
{
	scoring_sheet s;
	json_t *scores = sheet_load(store_get(r, i, "scores"), &s);
	json_t *o = json_pack(
	    "{s:I, s:o, s:o, s:I, s:b}", "project_id",
	    (json_int_t)store_get_int(r, i, "project_id"), "scores", scores, "weighted_total",
	    json_real(scoring_round(scoring_weighted_total(&s, w))), "submitted_at",
	    (json_int_t)store_get_int(r, i, "submitted_at"), "counted", counted);
	if (names)
		with_columns(o, r, i, "i:expert_id", "t:username", "t:display_name",
		             "t:excluded_reason", NULL);
	return o;
}

/* A sheet counts unless its expert is conflicted or an officer excluded it (§4.1). */
static bool sheet_counted(const store_result *r, int i)
{
	return store_get_int(r, i, "conflicted") == 0 && !store_get(r, i, "excluded_reason");
}

static json_t *batch_build(store_conn *c, arena *a, const actor *who, int64_t id, bool with_sheets,
                           err *e)
{
	store_result *b, *pr, *ar, *sr;
	if (batch_fetch(c, a, id, &b, e) < 0)
		return NULL;
	scoring_weights w;
	weights_load(store_get(b, 0, "weights"), &w);
	if (reviews_batch_projects(c, a, id, &pr, e) < 0 ||
	    reviews_batch_experts(c, a, id, &ar, e) < 0 || reviews_sheets(c, a, id, 0, &sr, e) < 0)
		return NULL;
	ranked *rk = arena_alloc(a, sizeof *rk * (size_t)(pr->nrows + 1));
	size_t n = 0;
	json_t *projects = json_array();
	for (int i = 0; i < pr->nrows; i++) {
		int64_t pid = store_get_int(pr, i, "id");
		/* §4.1: the CSRC sees a project once it is forwarded to it; others see them all. */
		if (who->role == ROLE_CSRC) {
			err pe;
			err_clear(&pe);
			if (project_check_access(c, a, who, pid, ACCESS_READ, &pe) < 0) {
				if (pe.status == 404)
					continue;
				*e = pe;
				json_decref(projects);
				return NULL;
			}
		}
		rk[n] =
		    (ranked){pid, store_get(pr, i, "name"), store_get(pr, i, "state"), 0, NULL, 0};
		rk[n].totals = arena_alloc(a, sizeof(double) * (size_t)(sr->nrows + 1));
		for (int k = 0; k < ar->nrows; k++)
			if (store_get_int(ar, k, "project_id") == pid)
				rk[n].assigned = (int)store_get_int(ar, k, "n");
		json_array_append_new(projects,
		                      json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)pid,
		                                "name", rk[n].name, "state", rk[n].state, "track",
		                                store_get(pr, i, "track")));
		n++;
	}
	json_t *sheets = json_array();
	for (int i = 0; i < sr->nrows; i++) {
		int64_t pid = store_get_int(sr, i, "project_id");
		ranked *p = NULL;
		for (size_t k = 0; k < n && !p; k++)
			if (rk[k].id == pid)
				p = &rk[k];
		if (!p)
			continue; /* not visible to this caller */
		bool counted = sheet_counted(sr, i);
		if (counted) {
			scoring_sheet s;
			json_decref(sheet_load(store_get(sr, i, "scores"), &s));
			p->totals[p->ntotals++] = scoring_weighted_total(&s, &w);
		}
		if (with_sheets) {
			json_t *o = sheet_json(sr, i, &w, counted, true);
			json_object_set_new(o, "project_name", json_string(p->name));
			json_array_append_new(sheets, o);
		}
	}
	scoring_rank_entry *re = arena_alloc(a, sizeof *re * (n + 1));
	for (size_t k = 0; k < n; k++) {
		re[k].project_id = rk[k].id;
		scoring_stats_compute(rk[k].totals, rk[k].ntotals, &re[k].stats);
	}
	scoring_rank(re, n);
	json_t *ranking = json_array();
	for (size_t k = 0; k < n; k++) {
		ranked *p = NULL;
		for (size_t j = 0; j < n && !p; j++)
			if (rk[j].id == re[k].project_id)
				p = &rk[j];
		json_t *o = stats_json(&re[k].stats);
		json_object_set_new(o, "rank", json_integer(re[k].rank));
		json_object_set_new(o, "project_id", json_integer(p->id));
		json_object_set_new(o, "name", json_string(p->name));
		json_object_set_new(o, "state", json_string(p->state));
		json_object_set_new(o, "assigned", json_integer(p->assigned));
		json_object_set_new(o, "complete",
		                    json_boolean(p->assigned > 0 && re[k].stats.n >= p->assigned));
		json_array_append_new(ranking, o);
	}
	json_t *out = batch_row_json(b, 0);
	json_object_set_new(out, "projects", projects);
	json_object_set_new(out, "ranking", ranking);
	json_object_set_new(out, "disagreement_rule",
	                    json_pack("{s:f, s:f}", "range_at_least", SCORING_DISAGREE_RANGE,
	                              "stddev_at_least", SCORING_DISAGREE_STDDEV));
	if (with_sheets)
		json_object_set_new(out, "sheets", sheets);
	else
		json_decref(sheets);
	return out;
}

/* The batch's ranking, without its sheets. */
static json_t *batch_ranking(store_conn *c, arena *a, const actor *who, int64_t id, int limit,
                             err *e)
{
	return batch_build(c, a, who, id, false, e);
}

json_t *batch_get(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	return review_read(ap, a, who, id, 0, batch_ranking, e);
}

/* The batch's ranking and every sheet of its projects. */
static json_t *batch_sheets(store_conn *c, arena *a, const actor *who, int64_t id, int limit,
                            err *e)
{
	return batch_build(c, a, who, id, true, e);
}

json_t *batch_scores(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	return review_read(ap, a, who, id, 0, batch_sheets, e);
}

/* ---- the expert pool ---- */

static json_t *expert_row_json(const store_result *r, int i)
{
	json_t *fields = json_loads(store_get(r, i, "fields"), 0, NULL);
	if (!json_is_array(fields)) {
		json_decref(fields);
		fields = json_array();
	}
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:o, s:b}", "user_id", (json_int_t)store_get_int(r, i, "user_id"),
	    "username", store_get(r, i, "username"), "affiliation", store_get(r, i, "affiliation"),
	    "fields", fields, "active", store_get_bool(r, i, "active"));
	return with_columns(o, r, i, "t:display_name", "i:institution_id", "t:institution_name",
	                    NULL);
}

/* §4.1: the pool's names are public to applicants (as a programme committee's are), so that a
 * lead applicant can name whom it asks not to review it; they see the active experts' names,
 * affiliations and fields, nothing of accounts or assignments. */
static json_t *expert_public_json(const store_result *r, int i)
{
	json_t *o = expert_row_json(r, i), *pub = json_object();
	static const char *const keep[] = {"user_id", "display_name", "affiliation", "fields"};
	for (size_t k = 0; k < sizeof keep / sizeof *keep; k++)
		json_object_set(pub, keep[k], json_object_get(o, keep[k]));
	json_decref(o);
	return pub;
}

static const char *const EXPERT_FIELDS[] = {"user_id", "affiliation", "institution_id",
                                            "fields",  "reason",      NULL};
#define EXPERT_FIELDS_MAX 20 /* fields of expertise per expert */

/* The fields of expertise: at most EXPERT_FIELDS_MAX texts, the blank ones dropped; *text is
 * the list as JSON. */
static int expertise_read(arena *a, const json_t *v, const char **text, err *e)
{
	if (v && !json_is_null(v) && !json_is_array(v))
		return err_set(e, 400, "invalid_type", "fields",
		               "Field {field} must be a list of strings.");
	if (json_array_size(v) > EXPERT_FIELDS_MAX)
		return err_set(e, 400, "too_long", "fields", "Field {field} is too long.");
	if (app_list_strings(v, "fields", 50, true, e) < 0)
		return -1;
	size_t i;
	json_t *x;
	json_t *list = json_array();
	json_array_foreach(v, i, x)
	{
		if (!app_blank(json_string_value(x)))
			json_array_append(list, x);
	}
	*text = json_text(a, list);
	json_decref(list);
	return 0;
}

static int expert_add_tx(store_conn *c, arena *a, const actor *who, int64_t user_id,
                         const char *affiliation, int64_t inst, const char *fields,
                         const char *reason, json_t **out, err *e)
{
	reviews_candidate cand;
	store_result *r;
	if (reviews_candidate_get(c, a, user_id, inst, &cand, e) < 0)
		return -1;
	if (!cand.role)
		return err_set(e, 422, "unknown_user", "user_id", "Field {field} names no user.");
	if (strcmp(cand.role, "expert"))
		return err_set(e, 422, "not_an_expert", "user_id",
		               "Field {field} names a user whose role is not expert.");
	if (!cand.institution_known)
		return err_set(e, 422, "unknown_institution", "institution_id",
		               "Field {field} names no registered institution.");
	if (cand.in_pool)
		return err_set(e, 409, "duplicate_expert", "user_id",
		               "This user is already in the expert pool.");
	if (reviews_expert_add(c, a, user_id, affiliation, inst, fields, e) < 0 ||
	    reviews_expert_get(c, a, user_id, &r, e) < 0)
		return -1;
	json_t *o = expert_row_json(r, 0);
	if (app_event(c, a, who, "expert", user_id, "expert.added", reason, json_incref(o), e) <
	    0) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return 0;
}

int expert_add(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e)
{
	int64_t user_id = 0, inst = 0;
	const char *affiliation = "", *reason = NULL, *fields = NULL;
	if (json_only_fields(body, EXPERT_FIELDS, e) < 0 ||
	    json_get_int(body, "user_id", true, &user_id, NULL, e) < 0 ||
	    json_get_str(body, "affiliation", false, 200, &affiliation, e) < 0 ||
	    json_get_int(body, "institution_id", false, &inst, NULL, e) < 0 ||
	    json_get_str(body, "reason", false, REVIEW_REASON_MAX, &reason, e) < 0 ||
	    expertise_read(a, json_object_get(body, "fields"), &fields, e) < 0)
		return -1;
	if (user_id <= 0)
		return err_set(e, 422, "unknown_user", "user_id", "Field {field} names no user.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(
	               c,
	               expert_add_tx(c, a, who, user_id, affiliation, inst, fields, reason, out, e),
	               e)
	         : -1;
}

static json_t *experts_page(store_conn *c, arena *a, const actor *who, int64_t after, int limit,
                            err *e)
{
	bool applicant = who->role == ROLE_INSTITUTION;
	store_result *r;
	if (reviews_experts(c, a, after, limit, applicant, &r, e) < 0)
		return NULL;
	return app_page_of(r, limit, "user_id", applicant ? expert_public_json : expert_row_json);
}

json_t *expert_list(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	return review_read(ap, a, who, after, limit, experts_page, e);
}

/* ---- assignments and conflicts ---- */

static json_t *conflict_row_json(const store_result *r, int i)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:I}", "expert_id",
	                      (json_int_t)store_get_int(r, i, "expert_id"), "source",
	                      store_get(r, i, "source"), "reason", store_get(r, i, "reason"),
	                      "declared_at", (json_int_t)store_get_int(r, i, "declared_at"));
	return with_columns(o, r, i, "i:declared_by", NULL);
}

/* The automatic check (§4.1): an expert whose institution is a member of the project is in
 * conflict. Records it once, with its event. */
static int conflict_detect(store_conn *c, arena *a, const actor *who, const project_row *p,
                           int64_t expert_id, err *e)
{
	int64_t inst;
	const char *name;
	int rc = reviews_member_conflict(c, a, p->id, expert_id, &inst, &name, e);
	if (rc <= 0)
		return rc;
	const char *reason =
	    arena_printf(a, "The expert's institution (%s) is a member of the project.", name);
	rc = reviews_conflict_add(c, a, p->id, expert_id, "automatic", reason, 0, time_now_us(), e);
	if (rc <= 0)
		return rc; /* 0: recorded at an earlier assignment */
	json_t *pl = json_pack("{s:I, s:s, s:I}", "expert_id", (json_int_t)expert_id, "source",
	                       "automatic", "institution_id", (json_int_t)inst);
	return app_event(c, a, who, "project", p->id, "conflict.detected", reason, pl, e);
}

/* The body's reason; a required one is not blank either. */
static int reason_read(const json_t *body, bool required, const char **reason, err *e)
{
	if (json_get_str(body, "reason", required, REVIEW_REASON_MAX, reason, e) < 0)
		return -1;
	if (required && app_blank(*reason))
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	return 0;
}

/* A write about one expert on one project, as its body or path gave it. */
typedef struct expert_call {
	int64_t expert_id;
	const char *reason;
	const scoring_sheet *sheet; /* a score sheet: its scores, and them as JSON */
	json_t *scores;
} expert_call;

typedef int (*expert_step)(store_conn *c, arena *a, const actor *who, const project_row *p,
                           const reviews_status *st, const expert_call *in, json_t **out, err *e);

/* One transaction: the project (404), where the expert stands with it, then step. */
static int expert_tx(app *ap, arena *a, const actor *who, int64_t project_id, const expert_call *in,
                     expert_step step, json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	project_row p;
	reviews_status st;
	int rc = project_load(c, a, project_id, &p, e) < 0 ||
	                 reviews_status_get(c, a, project_id, in->expert_id, &st, e) < 0
	             ? -1
	             : step(c, a, who, &p, &st, in, out, e);
	return app_tx_end(c, rc, e);
}

static const char *const CALL_FIELDS[] = {"expert_id", "reason", NULL};

/* expert_tx for a body {expert_id, reason}, the reason required or not. */
static int expert_write(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                        bool reason_required, expert_step step, json_t **out, err *e)
{
	expert_call in = {0};
	if (json_only_fields(body, CALL_FIELDS, e) < 0 ||
	    json_get_int(body, "expert_id", true, &in.expert_id, NULL, e) < 0 ||
	    reason_read(body, reason_required, &in.reason, e) < 0)
		return -1;
	return expert_tx(ap, a, who, project_id, &in, step, out, e);
}

static int assign_step(store_conn *c, arena *a, const actor *who, const project_row *p,
                       const reviews_status *st, const expert_call *in, json_t **out, err *e)
{
	if (assignable(p, e) < 0)
		return -1;
	if (!st->in_pool)
		return err_set(e, 422, "not_in_pool", "expert_id",
		               "Field {field} names no expert in the pool.");
	if (st->assigned)
		return err_set(e, 409, "already_assigned", "expert_id",
		               "This expert is already assigned to the project.");
	int64_t now = time_now_us();
	if (reviews_assign(c, a, p->id, in->expert_id, who->user_id, now, e) < 0)
		return -1;
	json_t *pl = json_pack("{s:I, s:o}", "expert_id", (json_int_t)in->expert_id, "batch_id",
	                       p->batch_id ? json_integer(p->batch_id) : json_null());
	store_result *cr;
	if (app_event(c, a, who, "project", p->id, "expert.assigned", in->reason, pl, e) < 0 ||
	    conflict_detect(c, a, who, p, in->expert_id, e) < 0 ||
	    reviews_conflicts_of(c, a, p->id, in->expert_id, &cr, e) < 0)
		return -1;
	json_t *conflicts = json_array();
	for (int i = 0; i < cr->nrows; i++)
		json_array_append_new(conflicts, conflict_row_json(cr, i));
	*out = json_pack("{s:I, s:I, s:I, s:I, s:b, s:o}", "project_id", (json_int_t)p->id,
	                 "expert_id", (json_int_t)in->expert_id, "assigned_at", (json_int_t)now,
	                 "assigned_by", (json_int_t)who->user_id, "conflicted", cr->nrows > 0,
	                 "conflicts", conflicts);
	return 0;
}

int assignment_add(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                   json_t **out, err *e)
{
	return expert_write(ap, a, who, project_id, body, false, assign_step, out, e);
}

static int unassign_step(store_conn *c, arena *a, const actor *who, const project_row *p,
                         const reviews_status *st, const expert_call *in, json_t **out, err *e)
{
	if (!st->assigned)
		return err_set(e, 404, "not_found", "expert_id",
		               "This expert is not assigned to the project.");
	if (st->submitted)
		return err_set(e, 409, "already_submitted", "expert_id",
		               "The expert has submitted scores for the project; the assignment "
		               "stays on record.");
	if (assignable(p, e) < 0 || reviews_unassign(c, a, p->id, in->expert_id, e) < 0)
		return -1;
	return app_event(c, a, who, "project", p->id, "expert.unassigned", in->reason,
	                 json_pack("{s:I}", "expert_id", (json_int_t)in->expert_id), e);
}

int assignment_remove(app *ap, arena *a, const actor *who, int64_t project_id, int64_t expert_id,
                      const char *reason, err *e)
{
	return expert_tx(ap, a, who, project_id, &(expert_call){expert_id, reason, NULL, NULL},
	                 unassign_step, NULL, e);
}

int review_scores_complete(store_conn *c, arena *a, int64_t project_id, bool *complete, int *sheets,
                           err *e)
{
	int64_t n, s;
	if (reviews_tally(c, a, project_id, &n, &s, e) < 0)
		return -1;
	if (complete)
		*complete = n > 0 && s == n;
	if (sheets)
		*sheets = (int)s;
	return 0;
}

/* One assigned expert: its sheet's status and its conflicts (from the project's, cr). */
static json_t *assignment_json(const store_result *r, int i, const store_result *cr)
{
	int64_t x = store_get_int(r, i, "expert_id");
	json_t *mine = json_array();
	for (int k = 0; k < cr->nrows; k++)
		if (store_get_int(cr, k, "expert_id") == x)
			json_array_append_new(mine, conflict_row_json(cr, k));
	const char *aff = store_get(r, i, "affiliation");
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:I, s:I, s:b, s:o}", "expert_id", (json_int_t)x, "username",
	              store_get(r, i, "username"), "affiliation", aff ? aff : "", "assigned_at",
	              (json_int_t)store_get_int(r, i, "assigned_at"), "assigned_by",
	              (json_int_t)store_get_int(r, i, "assigned_by"), "conflicted",
	              json_array_size(mine) > 0, "conflicts", mine);
	return with_columns(o, r, i, "t:display_name", "i:institution_id", "i:submitted_at",
	                    "t:excluded_reason", NULL);
}

static json_t *assignments_read(store_conn *c, arena *a, const actor *who, int64_t project_id,
                                int limit, err *e)
{
	project_row p;
	store_result *r, *cr;
	bool complete;
	int sheets;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    reviews_assignments_of(c, a, project_id, &r, e) < 0 ||
	    reviews_conflicts_of(c, a, project_id, 0, &cr, e) < 0 ||
	    review_scores_complete(c, a, project_id, &complete, &sheets, e) < 0)
		return NULL;
	json_t *items = json_array(), *all = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(items, assignment_json(r, i, cr));
	for (int k = 0; k < cr->nrows; k++) {
		json_t *o = conflict_row_json(cr, k);
		json_object_set_new(o, "username", json_string(store_get(cr, k, "username")));
		json_array_append_new(all, o);
	}
	return json_pack("{s:I, s:s, s:o, s:o, s:b, s:i}", "project_id", (json_int_t)project_id,
	                 "state", p.state, "items", items, "conflicts", all, "scores_complete",
	                 complete, "sheets", sheets);
}

json_t *assignment_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	return review_read(ap, a, who, project_id, 0, assignments_read, e);
}

/* §4.1 "scoring opens" when the project enters in_review (start_review): experts score only
 * then. Until that moment the lead applicant may ask that a named expert not review it; the
 * project's state is the applicant's own knowledge, so the refusal after it tells nothing
 * about assignments. */
static const char *const REQUESTABLE[] = {"submitted", "returned", "accepted", NULL};
#define RECUSAL_REQUESTS_MAX 50 /* per project: an applicant's requests are bounded */
#define RECUSAL_LIST_MAX 200    /* the rows a list shows */

/* Who may post to /conflicts, checked before the body is read: the assigned expert, or the
 * lead applicant's user (a non-member gets 404, a member who is not the lead 403). */
static int conflict_access(store_conn *c, arena *a, const actor *who, int64_t project_id, err *e)
{
	if (who->role != ROLE_EXPERT)
		return project_check_access(c, a, who, project_id, ACCESS_LEAD, e);
	/* The expert knows the project only through an assignment (even a conflicted one). */
	reviews_status st;
	if (reviews_status_get(c, a, project_id, who->user_id, &st, e) < 0)
		return -1;
	if (!st.assigned)
		return err_set(e, 404, "not_found", "id", "No such project.");
	return 0;
}

/* The applicant's view of a request: the request and its outcome, never the expert's
 * assignment or sheet (§4.1). */
static json_t *recusal_row_json(const store_result *r, int i)
{
	json_t *o = json_pack(
	    "{s:I, s:I, s:I, s:s, s:I, s:I, s:s}", "id", (json_int_t)store_get_int(r, i, "id"),
	    "project_id", (json_int_t)store_get_int(r, i, "project_id"), "expert_id",
	    (json_int_t)store_get_int(r, i, "expert_id"), "reason", store_get(r, i, "reason"),
	    "requested_by", (json_int_t)store_get_int(r, i, "requested_by"), "requested_at",
	    (json_int_t)store_get_int(r, i, "requested_at"), "status", store_get(r, i, "status"));
	return with_columns(o, r, i, "i:decided_at", "t:decision_reason", NULL);
}

/* §4.1: the lead applicant asks; the request is the same whoever it names (a user in the pool
 * or not), so that it cannot be used to probe the pool beyond the list applicants may read. */
static int recusal_request(store_conn *c, arena *a, const actor *who, const project_row *p,
                           int64_t expert_id, const char *reason, json_t **out, err *e)
{
	if (!state_in(p->state, REQUESTABLE))
		return err_set(e, 409, "scoring_open", NULL,
		               "Scoring has opened for this project: a request that an expert not "
		               "review it is no longer taken; the working group alone decides "
		               "exclusions now (§4.1).");
	if (expert_id <= 0)
		return err_set(e, 400, "invalid_value", "expert_id",
		               "Field {field} must be a positive whole number.");
	int64_t n, live;
	if (reviews_recusal_counts(c, a, p->id, expert_id, &n, &live, e) < 0)
		return -1;
	if (live > 0)
		return err_set(e, 409, "already_requested", "expert_id",
		               "A request about this expert is already pending or granted.");
	if (n >= RECUSAL_REQUESTS_MAX)
		return err_set(e, 409, "too_many_requests", NULL,
		               "This project has reached the limit of recusal requests.");
	store_result *r;
	if (reviews_recusal_add(c, a, p->id, expert_id, reason, who->user_id, time_now_us(), &r,
	                        e) < 0)
		return -1;
	json_t *pl = json_pack("{s:I, s:I}", "request_id", (json_int_t)store_get_int(r, 0, "id"),
	                       "expert_id", (json_int_t)expert_id);
	if (app_event(c, a, who, "project", p->id, "recusal.requested", reason, pl, e) < 0)
		return -1;
	*out = recusal_row_json(r, 0);
	return 0;
}

static int declare_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                      const json_t *body, json_t **out, err *e)
{
	project_row p;
	int64_t expert_id = 0;
	bool given = false, by_expert = who->role == ROLE_EXPERT;
	const char *reason = NULL;
	/* Access first: who may not post here learns nothing from the body's errors. */
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    conflict_access(c, a, who, project_id, e) < 0 ||
	    json_only_fields(body, CALL_FIELDS, e) < 0 ||
	    json_get_int(body, "expert_id", !by_expert, &expert_id, &given, e) < 0 ||
	    reason_read(body, true, &reason, e) < 0)
		return -1;
	/* §4.1: recusal is the working group's decision; the applicant only asks. */
	if (!by_expert)
		return recusal_request(c, a, who, &p, expert_id, reason, out, e);
	if (given && expert_id != who->user_id)
		return err_set(e, 400, "invalid_value", "expert_id",
		               "An expert declares only their own conflicts of interest.");
	expert_id = who->user_id;
	if (!state_in(p.state, DECLARABLE))
		return err_set(e, 409, "invalid_state", NULL,
		               "Conflicts of interest can be declared only until the review ends.");
	int64_t now = time_now_us();
	int added = reviews_conflict_add(c, a, project_id, expert_id, "expert", reason,
	                                 who->user_id, now, e);
	if (added <= 0)
		return added < 0 ? -1
		                 : err_set(e, 409, "already_declared", "expert_id",
		                           "This conflict of interest is already on record.");
	json_t *pl =
	    json_pack("{s:I, s:s}", "expert_id", (json_int_t)expert_id, "source", "expert");
	if (app_event(c, a, who, "project", project_id, "conflict.declared", reason, pl, e) < 0)
		return -1;
	*out = json_pack("{s:I, s:I, s:s, s:s, s:I, s:I}", "project_id", (json_int_t)project_id,
	                 "expert_id", (json_int_t)expert_id, "source", "expert", "reason", reason,
	                 "declared_by", (json_int_t)who->user_id, "declared_at", (json_int_t)now);
	return 0;
}

int conflict_declare(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, declare_tx(c, a, who, project_id, body, out, e), e) : -1;
}

/* The working group sees what the decision needs: who is named, whether in the pool,
 * assigned, and whether a sheet is in. */
static json_t *recusal_staff_json(const store_result *r, int i)
{
	json_t *o = recusal_row_json(r, i);
	with_columns(o, r, i, "t:username", "t:display_name", NULL);
	json_object_set_new(o, "in_pool", json_boolean(store_get_int(r, i, "in_pool") > 0));
	json_object_set_new(o, "assigned", json_boolean(store_get_int(r, i, "assigned") > 0));
	json_object_set_new(o, "sheet_submitted",
	                    json_boolean(store_get_int(r, i, "submitted") > 0));
	return with_columns(o, r, i, "i:decided_by", "t:decided_by_name", NULL);
}

static json_t *recusals_read(store_conn *c, arena *a, const actor *who, int64_t project_id,
                             int limit, err *e)
{
	project_row p;
	store_result *r;
	bool staff = who->role == ROLE_OFFICER || who->role == ROLE_LEADER;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    (!staff && project_check_access(c, a, who, project_id, ACCESS_READ, e) < 0) ||
	    reviews_recusals_of(c, a, project_id, RECUSAL_LIST_MAX, &r, e) < 0)
		return NULL;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(items,
		                      staff ? recusal_staff_json(r, i) : recusal_row_json(r, i));
	return json_pack("{s:I, s:s, s:o, s:b}", "project_id", (json_int_t)project_id, "state",
	                 p.state, "items", items, "requests_open", state_in(p.state, REQUESTABLE));
}

json_t *recusal_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	return review_read(ap, a, who, project_id, 0, recusals_read, e);
}

static const char *const DECIDE_FIELDS[] = {"reason", NULL};

static int decide_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                     int64_t request_id, bool grant, const char *reason, json_t **out, err *e)
{
	project_row p;
	store_result *r;
	int found = 0;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    (found = reviews_recusal_get(c, a, project_id, request_id, &r, e)) < 0)
		return -1;
	if (!found)
		return err_set(e, 404, "not_found", "request_id", "No such recusal request.");
	if (strcmp(store_get(r, 0, "status"), "pending"))
		return err_set(e, 409, "already_decided", NULL,
		               "This request has already been decided.");
	int64_t expert_id = store_get_int(r, 0, "expert_id");
	reviews_status st = {0};
	if (grant && !state_in(p.state, DECLARABLE))
		return err_set(e, 409, "invalid_state", NULL,
		               "A request can be granted only until the review ends.");
	if (grant && reviews_status_get(c, a, project_id, expert_id, &st, e) < 0)
		return -1;
	if (grant && !st.in_pool)
		return err_set(e, 422, "not_in_pool", "expert_id",
		               "The request names no expert in the pool; deny it instead.");
	/* §4.1: a submitted sheet leaves the figures only by an officer's exclusion, which the
	 * selection decision carries as evidence. */
	if (grant && st.submitted)
		return err_set(
		    e, 409, "sheet_submitted", "expert_id",
		    "The expert's sheet is already in: exclude it with a reason instead.");
	if (reviews_recusal_settle(c, a, request_id, grant, who->user_id, time_now_us(), reason,
	                           e) < 0)
		return -1;
	json_t *pl = json_pack("{s:I, s:I}", "request_id", (json_int_t)request_id, "expert_id",
	                       (json_int_t)expert_id);
	if (app_event(c, a, who, "project", project_id,
	              grant ? "recusal.granted" : "recusal.denied", reason, pl, e) < 0 ||
	    reviews_recusal_get(c, a, project_id, request_id, &r, e) < 0)
		return -1;
	*out = recusal_row_json(r, 0);
	json_object_set_new(*out, "decided_by", json_integer(who->user_id));
	return 0;
}

int recusal_decide(app *ap, arena *a, const actor *who, int64_t project_id, int64_t request_id,
                   bool grant, const json_t *body, json_t **out, err *e)
{
	const char *reason = NULL;
	if (json_only_fields(body, DECIDE_FIELDS, e) < 0 || reason_read(body, true, &reason, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(
	               c, decide_tx(c, a, who, project_id, request_id, grant, reason, out, e), e)
	         : -1;
}

static int exclude_step(store_conn *c, arena *a, const actor *who, const project_row *p,
                        const reviews_status *st, const expert_call *in, json_t **out, err *e)
{
	if (!st->submitted)
		return err_set(e, 404, "not_found", "expert_id",
		               "This expert has no submitted sheet for the project.");
	/* Sheets exist only from in_review; once selected or not, the figures are decided. */
	if (strcmp(p->state, "in_review"))
		return err_set(e, 409, "invalid_state", NULL,
		               "A sheet can be excluded only while the project is in review.");
	/* The leader decides on the evidence as proposed: reject the proposal to change it. */
	int64_t did;
	int pending = decisions_pending(c, a, p->id, &did, NULL, e);
	if (pending)
		return pending < 0 ? -1
		                   : err_set(e, 409, "decision_pending", NULL,
		                             "A decision on this project is waiting for approval; "
		                             "its evidence cannot change now.");
	int64_t now = time_now_us();
	int added = reviews_exclude(c, a, p->id, in->expert_id, in->reason, who->user_id, now, e);
	if (added <= 0)
		return added < 0 ? -1
		                 : err_set(e, 409, "already_excluded", "expert_id",
		                           "This sheet is already excluded.");
	if (app_event(c, a, who, "project", p->id, "score.excluded", in->reason,
	              json_pack("{s:I}", "expert_id", (json_int_t)in->expert_id), e) < 0)
		return -1;
	*out = json_pack("{s:I, s:I, s:s, s:I, s:I}", "project_id", (json_int_t)p->id, "expert_id",
	                 (json_int_t)in->expert_id, "reason", in->reason, "excluded_by",
	                 (json_int_t)who->user_id, "excluded_at", (json_int_t)now);
	return 0;
}

int sheet_exclude(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                  json_t **out, err *e)
{
	return expert_write(ap, a, who, project_id, body, true, exclude_step, out, e);
}

/* The exclusions of a project's sheets, oldest first: the evidence a selection decision
 * carries (§4.1). */
static int exclusions_json(store_conn *c, arena *a, int64_t project_id, json_t **out, err *e)
{
	store_result *r;
	if (reviews_exclusions_of(c, a, project_id, &r, e) < 0)
		return -1;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows; i++) {
		json_t *o =
		    json_pack("{s:I, s:s, s:s, s:I, s:s, s:I}", "expert_id",
		              (json_int_t)store_get_int(r, i, "expert_id"), "username",
		              store_get(r, i, "username"), "reason", store_get(r, i, "reason"),
		              "excluded_by", (json_int_t)store_get_int(r, i, "excluded_by"),
		              "excluded_by_name", store_get(r, i, "excluded_by_name"),
		              "excluded_at", (json_int_t)store_get_int(r, i, "excluded_at"));
		json_array_append_new(items, with_columns(o, r, i, "t:display_name", NULL));
	}
	*out = items;
	return 0;
}

int review_decision_evidence(store_conn *c, arena *a, int64_t project_id, json_t **out, err *e)
{
	json_t *x = NULL;
	bool complete;
	int sheets;
	if (exclusions_json(c, a, project_id, &x, e) < 0 ||
	    review_scores_complete(c, a, project_id, &complete, &sheets, e) < 0) {
		json_decref(x);
		return -1;
	}
	*out = json_pack("{s:o, s:i, s:b}", "exclusions", x, "sheets_counted", sheets,
	                 "scores_complete", complete);
	return 0;
}

/* ---- scoring ---- */

static int score_step(store_conn *c, arena *a, const actor *who, const project_row *p,
                      const reviews_status *st, const expert_call *in, json_t **out, err *e)
{
	if (!st->assigned)
		return err_set(e, 404, "not_found", "id", "No such project.");
	/* §4.1: a conflicted expert never scores. The expert was assigned and knows the project,
	 * so the refusal says why rather than hiding it. */
	if (st->conflicted)
		return err_set(
		    e, 403, "conflict_of_interest", NULL,
		    "You have a conflict of interest with this project and may not score "
		    "it (§4.1).");
	if (st->submitted)
		return err_set(
		    e, 409, "already_submitted", NULL,
		    "Your scores for this project are already submitted; a submission is "
		    "final.");
	if (strcmp(p->state, "in_review"))
		return err_set(e, 409, "invalid_state", NULL,
		               "Scores can be submitted only while the project is in review.");
	scoring_weights w;
	if (project_batch(c, a, p->batch_id, &w, NULL, e) < 0)
		return -1;
	int64_t now = time_now_us();
	double total = scoring_weighted_total(in->sheet, &w);
	if (reviews_sheet_add(c, a, p->id, who->user_id, json_text(a, in->scores), now, e) < 0)
		return -1;
	json_t *pl =
	    json_pack("{s:I, s:O, s:s, s:o, s:o}", "expert_id", (json_int_t)who->user_id, "scores",
	              in->scores, "weighted_total", real_text(a, scoring_round(total)), "weights",
	              weights_event_json(a, &w), "batch_id",
	              p->batch_id ? json_integer(p->batch_id) : json_null());
	if (app_event(c, a, who, "project", p->id, "score.submitted", NULL, pl, e) < 0)
		return -1;
	*out = json_pack("{s:I, s:I, s:O, s:o, s:I, s:b, s:b}", "project_id", (json_int_t)p->id,
	                 "expert_id", (json_int_t)who->user_id, "scores", in->scores,
	                 "weighted_total", json_real(scoring_round(total)), "submitted_at",
	                 (json_int_t)now, "counted", true, "mine", true);
	return 0;
}

int score_submit(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                 json_t **out, err *e)
{
	scoring_sheet s;
	json_t *clean = NULL;
	if (sheet_parse(body, &s, &clean, e) < 0)
		return -1;
	int rc = expert_tx(ap, a, who, project_id, &(expert_call){who->user_id, NULL, &s, clean},
	                   score_step, out, e);
	json_decref(clean);
	return rc;
}

static json_t *scores_read(store_conn *c, arena *a, const actor *who, int64_t project_id, int limit,
                           err *e)
{
	project_row p;
	scoring_weights w;
	store_result *r;
	bool expert = who->role == ROLE_EXPERT;
	reviews_status st = {0};
	const char *batch_name;
	int64_t experts, sheets; /* whose sheets count, and those in */
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    (expert && reviews_status_get(c, a, project_id, who->user_id, &st, e) < 0))
		return NULL;
	/* §4.1: a conflicted expert does not see the project at all. */
	if (expert && (!st.assigned || st.conflicted)) {
		err_set(e, 404, "not_found", "id", "No such project.");
		return NULL;
	}
	if (project_batch(c, a, p.batch_id, &w, &batch_name, e) < 0 ||
	    reviews_tally(c, a, project_id, &experts, &sheets, e) < 0 ||
	    reviews_sheets(c, a, 0, project_id, &r, e) < 0)
		return NULL;
	json_t *out = json_pack("{s:I, s:s, s:s, s:o, s:b}", "project_id", (json_int_t)project_id,
	                        "name", p.name, "state", p.state, "weights", weights_json(&w),
	                        "complete", experts > 0 && sheets == experts);
	json_object_set_new(out, "batch_id", p.batch_id ? json_integer(p.batch_id) : json_null());
	json_object_set_new(out, "batch_name", batch_name ? json_string(batch_name) : json_null());
	if (expert)
		json_object_set_new(out, "submitted", json_boolean(st.submitted));
	/* §4.1: an expert sees the others' sheets only after submitting their own. */
	bool show = !expert || st.submitted;
	json_t *items = json_array();
	double *totals = arena_alloc(a, sizeof(double) * (size_t)(r->nrows + 1));
	size_t n = 0;
	int other = 0;
	for (int i = 0; i < r->nrows; i++) {
		bool counted = sheet_counted(r, i);
		bool mine = store_get_int(r, i, "expert_id") == who->user_id;
		scoring_sheet s;
		json_decref(sheet_load(store_get(r, i, "scores"), &s));
		if (counted)
			totals[n++] = scoring_weighted_total(&s, &w);
		if (!show || (expert && !counted && !mine))
			continue;
		/* Experts read each other's sheets without the names: the review stays
		 * independent. Staff see who wrote what. */
		json_t *o = sheet_json(r, i, &w, counted, !expert);
		if (expert) {
			json_object_set_new(o, "mine", json_boolean(mine));
			json_object_set_new(
			    o, "label",
			    json_string(mine ? "mine" : arena_printf(a, "expert_%d", ++other)));
		}
		json_array_append_new(items, o);
	}
	json_object_set_new(out, "items", items);
	json_t *so = NULL;
	if (show) {
		scoring_stats stats;
		scoring_stats_compute(totals, n, &stats);
		so = stats_json(&stats);
		json_object_set_new(so, "assigned", json_integer(experts));
	}
	json_object_set_new(out, "statistics", so ? so : json_null());
	return out;
}

json_t *score_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	return review_read(ap, a, who, project_id, 0, scores_read, e);
}

static json_t *queue_item_json(const store_result *r, int i)
{
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:s, s:I}", "project_id",
	              (json_int_t)store_get_int(r, i, "id"), "name", store_get(r, i, "name"),
	              "state", store_get(r, i, "state"), "track", store_get(r, i, "track"),
	              "assigned_at", (json_int_t)store_get_int(r, i, "assigned_at"));
	bool batch = store_get(r, i, "batch_name") != NULL;
	json_object_set_new(o, "batch_id",
	                    batch ? json_integer(store_get_int(r, i, "batch_id")) : json_null());
	return with_columns(o, r, i, "t:batch_name", "i:submitted_at", NULL);
}

static json_t *queue_page(store_conn *c, arena *a, const actor *who, int64_t after, int limit,
                          err *e)
{
	store_result *r;
	if (reviews_queue(c, a, who->user_id, after, limit, &r, e) < 0)
		return NULL;
	return app_page_of(r, limit, "id", queue_item_json);
}

json_t *review_queue(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	return review_read(ap, a, who, after, limit, queue_page, e);
}
