/* Stage evaluation (§4.4): the use case (see evaluations.h for who sees what) and the
 * workflow's entries (evaluations_internal.h): the guard of the outcomes, their fields and
 * effects, and the rectification an outcome orders. The criteria and pure checks are
 * core/evaluation.c's. */
#include "app/evaluations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/evaluations_internal.h"
#include "app/sanctions_internal.h"
#include "core/calendar.h"
#include "core/evaluation.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/evaluations.h"

#define ITEMS_MAX 100 /* commitments, success measures, evidence lines */

/* ---- input ---- */

static int text_read(const json_t *body, const char *key, bool required, const char **out, err *e)
{
	return app_text_read(body, key, required, EVALUATION_TEXT_MAX, out, e);
}

/* A day, YYYY-MM-DD (field names it in the error); with after_today, a later day than today
 * (China Standard Time). */
static int date_check(const char *s, const char *field, bool after_today, err *e)
{
	cal_date d;
	if (cal_parse(s, &d) < 0)
		return err_set(e, 400, "invalid_value", field,
		               "Field {field} must be a date, YYYY-MM-DD.");
	char today[11];
	app_today(today);
	if (after_today && strcmp(s, today) <= 0)
		return err_set(e, 400, "invalid_value", field,
		               "Field {field} must be a date after today.");
	return 0;
}

/* A list of at most ITEMS_MAX texts from the project's content (its commitments, success
 * measures); an empty list when there is none. */
static json_t *content_list(const project_row *p, const char *key)
{
	json_error_t je;
	json_t *c = json_loads(p->content ? p->content : "{}", 0, &je),
	       *v = json_object_get(c, key);
	json_t *out = json_array();
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it)
	{
		if (i < ITEMS_MAX)
			json_array_append_new(
			    out, json_string(json_is_string(it) ? json_string_value(it) : ""));
	}
	json_decref(c);
	return out;
}

static const char *content_text(arena *a, const project_row *p, const char *key)
{
	json_error_t je;
	json_t *c = json_loads(p->content ? p->content : "{}", 0, &je);
	const char *s = json_string_value(json_object_get(c, key));
	const char *out = arena_strdup(a, s ? s : "");
	json_decref(c);
	return out;
}

/* The side of the caller: csrc, working_group, or NULL (neither). */
static const char *side_of(const actor *who)
{
	return who->role == ROLE_CSRC ? "csrc" : app_working_group(who) ? "working_group" : NULL;
}

static bool is_staff(const actor *who)
{
	return side_of(who) != NULL;
}

/* ---- what the caller sees ---- */

static bool is_open(const app_record *x)
{
	return !strcmp(store_get(x->r, 0, "status"), "open");
}

/* Who sees the evaluation: the working group and the CSRC every one; a member institution's
 * user the concluded ones of its projects. */
static record_sight evl_sight(const actor *who, const app_record *x)
{
	if (who->role == ROLE_CSRC)
		return RECORD_SEEN;
	return who->role == ROLE_INSTITUTION && !is_open(x) ? RECORD_SEEN_WITH_PROJECT
	                                                    : RECORD_UNSEEN;
}

/* The summary of the two sheets: each side's total and mean, and each criterion's scores. */
static json_t *summary_json(const store_result *s)
{
	json_t *crit = json_object();
	for (int k = 0; k < EVAL_CRITERIA_COUNT; k++)
		json_object_set_new(crit, EVAL_CRITERIA[k].id,
		                    json_pack("{s:n, s:n}", "csrc", "working_group"));
	json_t *sides = json_object();
	for (size_t k = 0; k < EVAL_SIDES_COUNT; k++) {
		long long total = 0, n = 0;
		for (int i = 0; i < s->nrows; i++) {
			if (strcmp(store_get(s, i, "side"), EVAL_SIDES[k].id))
				continue;
			long long v = store_get_int(s, i, "score");
			total += v;
			n++;
			json_t *c = json_object_get(crit, store_get(s, i, "criterion"));
			if (c)
				json_object_set_new(c, EVAL_SIDES[k].id, json_integer(v));
		}
		char mean[48];
		snprintf(mean, sizeof mean, "%lld.%02lld", n ? total * 100 / n / 100 : 0,
		         n ? total * 100 / n % 100 : 0);
		json_object_set_new(sides, EVAL_SIDES[k].id,
		                    n ? json_pack("{s:I, s:I, s:s}", "total", (json_int_t)total,
		                                  "criteria", (json_int_t)n, "mean", mean)
		                      : json_null());
	}
	json_object_set_new(sides, "criteria", crit);
	return sides;
}

/* One side's sheet, or null. */
static json_t *sheet_json(const store_result *s, const char *side)
{
	json_t *scores = json_object();
	int64_t by = 0, at = 0;
	for (int i = 0; i < s->nrows; i++) {
		if (strcmp(store_get(s, i, "side"), side))
			continue;
		by = store_get_int(s, i, "scored_by");
		at = store_get_int(s, i, "scored_at");
		json_object_set_new(scores, store_get(s, i, "criterion"),
		                    json_pack("{s:I, s:s}", "score",
		                              (json_int_t)store_get_int(s, i, "score"), "comment",
		                              store_get(s, i, "comment")));
	}
	if (!json_object_size(scores)) {
		json_decref(scores);
		return json_null();
	}
	return json_pack("{s:o, s:I, s:I}", "scores", scores, "scored_by", (json_int_t)by,
	                 "scored_at", (json_int_t)at);
}

static json_t *parsed(const store_result *r, int i, const char *col)
{
	const char *s = store_get(r, i, col);
	json_error_t je;
	json_t *v = s ? json_loads(s, 0, &je) : NULL;
	return v ? v : json_array();
}

/* An item of a list: what anyone who may see the evaluation may see. */
static json_t *evaluation_row_json(const store_result *r, int i)
{
	static const char *const COLS[] = {"#id",           "#project_id",    "project_name",
	                                   "origin",        "status",         "#opened_at",
	                                   "?due_on",       "?outcome",       "?#concluded_at",
	                                   "?#decision_id", "?reevaluate_on", NULL};
	return app_row_json(r, i, COLS);
}

static json_t *rectification_json(const store_result *r, int i)
{
	char today[11];
	app_today(today);
	const char *status = store_get(r, i, "status");
	json_t *o = json_pack(
	    "{s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:b}", "id", (json_int_t)store_get_int(r, i, "id"),
	    "project_id", (json_int_t)store_get_int(r, i, "project_id"), "evaluation_id",
	    (json_int_t)store_get_int(r, i, "evaluation_id"), "order",
	    store_get(r, i, "order_text"), "due_on", store_get(r, i, "due_on"), "status", status,
	    "ordered_at", (json_int_t)store_get_int(r, i, "ordered_at"), "overdue",
	    !strcmp(status, "open") && evaluation_past(store_get(r, i, "due_on"), today));
	json_object_set_new(o, "report", app_text_or_null(r, i, "report"));
	json_object_set_new(o, "evidence",
	                    store_get(r, i, "evidence") ? parsed(r, i, "evidence") : json_array());
	static const char *const LATER[] = {"?#reported_by", "?#reported_at", "?#verified_by",
	                                    "?#verified_at", NULL};
	app_row_set(o, r, i, LATER);
	return o;
}

/* What the evaluation has on record, as core/evaluation.c judges it. */
static evaluation_progress progress_of(const store_result *r, const store_result *s)
{
	int n[2] = {0, 0};
	for (int i = 0; i < s->nrows; i++)
		n[strcmp(store_get(s, i, "side"), "csrc") ? 1 : 0]++;
	return (evaluation_progress){n[0] == EVAL_CRITERIA_COUNT, n[1] == EVAL_CRITERIA_COUNT,
	                             store_get(r, 0, "commitments_at") != NULL,
	                             store_get(r, 0, "hypothesis_at") != NULL};
}

static json_t *missing_json(const evaluation_progress *pg)
{
	const char *names[4];
	size_t n = evaluation_missing(pg, names);
	json_t *m = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(m, json_string(names[i]));
	return m;
}

/* The application's list field (commitments, success measures) with its judgements stored
 * in the evaluation's column: each {index, text, <verdict>, <note>}, null where not judged. */
static json_t *judged_list(const app_record *x, const char *field, const char *column,
                           const char *verdict, const char *note)
{
	json_t *texts = content_list(&x->p, field), *judged = parsed(x->r, 0, column);
	json_t *out = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(texts, i, t)
	{
		json_t *o = json_pack("{s:I, s:O, s:n, s:n}", "index", (json_int_t)i, "text", t,
		                      verdict, note);
		size_t k;
		json_t *j;
		json_array_foreach(judged, k, j)
		{
			if (json_integer_value(json_object_get(j, "index")) == (json_int_t)i) {
				json_object_set(o, verdict, json_object_get(j, verdict));
				json_object_set(o, note, json_object_get(j, note));
			}
		}
		json_array_append_new(out, o);
	}
	json_decref(texts);
	json_decref(judged);
	return out;
}

/* The commitments with their judgements. */
static json_t *commitments_json(const app_record *x)
{
	return judged_list(x, "commitments", "commitments", "kept", "evidence");
}

static json_t *hypothesis_json(arena *a, const app_record *x)
{
	json_t *measures = judged_list(x, "success_measures", "measures", "met", "note");
	json_t *h = json_pack("{s:s, s:o}", "text", content_text(a, &x->p, "hypothesis"),
	                      "measures", measures);
	json_object_set_new(h, "judgement", app_text_or_null(x->r, 0, "hypothesis"));
	json_object_set_new(h, "note", app_text_or_null(x->r, 0, "hypothesis_note"));
	json_object_set_new(h, "judged_by", app_int_or_null(x->r, 0, "hypothesis_by"));
	json_object_set_new(h, "judged_at", app_int_or_null(x->r, 0, "hypothesis_at"));
	return h;
}

/* The whole evaluation as the caller sees it: staff with the working drafts, a member
 * institution the outcome and the summary. */
static int evl_detail(store_conn *c, arena *a, const actor *who, app_record *x, json_t **out,
                      err *e)
{
	store_result *s;
	if (evaluations_get(c, a, x->id, &x->r, e) < 0 ||
	    evaluations_scores_of(c, a, x->id, &s, e) < 0)
		return -1;
	bool open = is_open(x);
	json_t *d = evaluation_row_json(x->r, 0);
	json_object_set_new(d, "summary", summary_json(s));
	json_object_set_new(d, "project_state", json_string(store_get(x->r, 0, "project_state")));
	if (!is_staff(who)) {
		*out = d;
		return 0;
	}
	json_object_set_new(d, "reason", app_text_or_null(x->r, 0, "reason"));
	json_object_set_new(d, "opened_by", app_int_or_null(x->r, 0, "opened_by"));
	json_object_set_new(d, "follows_id", app_int_or_null(x->r, 0, "follows_id"));
	json_object_set_new(d, "sheets",
	                    json_pack("{s:o, s:o}", "csrc", sheet_json(s, "csrc"), "working_group",
	                              sheet_json(s, "working_group")));
	json_object_set_new(d, "commitments", commitments_json(x));
	json_object_set_new(d, "commitments_judged_at", app_int_or_null(x->r, 0, "commitments_at"));
	json_object_set_new(d, "hypothesis", hypothesis_json(a, x));
	json_t *conc = json_null();
	if (store_get(x->r, 0, "concurrence"))
		conc =
		    json_pack("{s:s, s:s, s:I, s:I}", "outcome", store_get(x->r, 0, "concurrence"),
		              "opinion", store_get(x->r, 0, "concurrence_opinion"), "by",
		              (json_int_t)store_get_int(x->r, 0, "concurred_by"), "at",
		              (json_int_t)store_get_int(x->r, 0, "concurred_at"));
	json_object_set_new(d, "concurrence", conc);
	evaluation_progress pg = progress_of(x->r, s);
	json_object_set_new(d, "missing", missing_json(&pg));
	json_object_set_new(d, "side", json_string(side_of(who)));
	json_object_set_new(d, "may",
	                    json_pack("{s:b, s:b, s:b}", "score", open, "judge", open, "concur",
	                              open && who->role == ROLE_CSRC));
	*out = d;
	return 0;
}

/* ---- lists ---- */

static int list_read(store_conn *c, arena *a, const actor *who, int64_t project_id,
                     const char *status, int64_t after, int limit, json_t **out, err *e)
{
	if (status && strcmp(status, "open") && strcmp(status, "concluded"))
		return err_set(e, 400, "invalid_value", "status",
		               "Parameter {field} must be open or concluded.");
	bool staff = is_staff(who);
	if (!staff && (who->role != ROLE_INSTITUTION || !project_id))
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	if (project_id && !(who->role == ROLE_CSRC)) {
		if (project_check_access(c, a, who, project_id, ACCESS_READ, e) < 0)
			return -1;
	} else if (project_id) {
		project_row p;
		if (project_load(c, a, project_id, &p, e) < 0)
			return -1;
	}
	store_result *r;
	if (evaluations_list(c, a, project_id, status, !staff, after, limit, &r, e) < 0)
		return -1;
	*out = app_page_of(r, limit, "cursor", evaluation_row_json);
	return 0;
}

/* A write on the working drafts: by a side (403 otherwise) while the evaluation is open. */
static int evl_may(store_conn *c, arena *a, const actor *who, const app_record *x, err *e)
{
	if (!is_staff(who))
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	if (!is_open(x))
		return err_set(e, 409, "invalid_state", NULL, "The evaluation is concluded.");
	return 0;
}

static const app_record_kind KIND = {
    evaluations_get, N_("No such evaluation."), NULL, evl_sight, evl_detail, evl_may, NULL,
    list_read};

APP_RECORD_USE_CASES(evaluation, KIND)

/* ---- open ---- */

static int open_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                   const json_t *body, json_t **out, err *e)
{
	static const char *const fields[] = {"due_on", "reason", NULL};
	const char *due_on = NULL, *reason = NULL;
	if (who->role != ROLE_OFFICER && who->role != ROLE_CSRC)
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_READ, e) < 0)
		return -1;
	if (json_only_fields(body, fields, e) < 0 ||
	    json_get_str(body, "due_on", false, 10, &due_on, e) < 0 ||
	    (due_on && date_check(due_on, "due_on", true, e) < 0) ||
	    text_read(body, "reason", true, &reason, e) < 0)
		return -1;
	if (p.st != ST_LAUNCHED)
		return err_set(e, 409, "invalid_state", NULL,
		               "Only a launched pilot is evaluated (§4.4).");
	const char *origin = who->role == ROLE_CSRC ? "csrc" : "working_group";
	evaluations_new n = {project_id, origin, due_on, reason, 0, who->user_id};
	int64_t id;
	int added = evaluations_insert(c, a, &n, time_now_us(), &id, e);
	if (added < 0)
		return -1;
	if (!added)
		return err_set(e, 409, "evaluation_open", NULL,
		               "The project already has an open stage evaluation.");
	json_t *pl = json_pack("{s:I, s:s}", "evaluation_id", (json_int_t)id, "origin", origin);
	json_object_set_new(pl, "due_on", due_on ? json_string(due_on) : json_null());
	if (app_event(c, a, who, "project", project_id, "evaluation.opened", reason, pl, e) < 0)
		return -1;
	return app_record_created(c, a, who, &KIND, id, &p, out, e);
}

int evaluation_open(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                    json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, open_tx(c, a, who, project_id, body, out, e), out, e) : -1;
}

/* ---- the working drafts ---- */

/* The writes go through app_record_write: the evaluation as the caller sees it (404), the
 * caller's side (403), open (409), then the step with the body; the evaluation as it now
 * stands. */

static int evl_event(store_conn *c, arena *a, const actor *who, const app_record *x,
                     const char *kind, json_t *payload, err *e)
{
	return app_record_event(c, a, who, x->p.id, "evaluation_id", x->id, kind, NULL, payload, e);
}

/* {score, comment} of one criterion, checked. */
static int score_read(const json_t *v, const char *crit, int64_t *score, const char **comment,
                      err *e)
{
	if (!json_is_object(v))
		return err_setf(e, 400, "invalid_type", "Field {field} must be an object.",
		                "scores.%s", crit);
	json_t *s = json_object_get(v, "score"), *cm = json_object_get(v, "comment");
	if (!s || json_is_null(s))
		return err_setf(e, 400, "missing_field", "Field {field} is required.",
		                "scores.%s.score", crit);
	if (!json_is_integer(s) || !evaluation_score_valid(json_integer_value(s)))
		return err_setf(e, 400, "invalid_value",
		                "Field {field} must be a whole number from 1 to 5.",
		                "scores.%s.score", crit);
	*score = json_integer_value(s);
	*comment = json_is_string(cm) ? json_string_value(cm) : NULL;
	if (cm && !json_is_null(cm) && !json_is_string(cm))
		return err_setf(e, 400, "invalid_type", "Field {field} must be a string.",
		                "scores.%s.comment", crit);
	if (app_blank(*comment))
		return err_setf(e, 400, "missing_field", "Field {field} is required.",
		                "scores.%s.comment", crit);
	char field[64];
	snprintf(field, sizeof field, "scores.%s.comment", crit);
	if (json_check_text(*comment, EVALUATION_TEXT_MAX, field, e) < 0) {
		err_setf(e, e->status, e->code, e->msg, "%s", field);
		return -1;
	}
	return 0;
}

static int scores_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                       const void *body, err *e)
{
	static const char *const fields[] = {"scores", NULL};
	json_t *sc;
	if (json_only_fields(body, fields, e) < 0 ||
	    app_json_field(body, "scores", JSON_OBJECT, N_("Field {field} must be an object."), &sc,
	                   e) < 0)
		return -1;
	const char *key;
	json_t *v;
	json_object_foreach(sc, key, v)
	{
		if (evaluation_criterion_index(key) < 0)
			return err_setf(e, 400, "invalid_value",
			                "Field {field} is not a criterion of the evaluation.",
			                "scores.%.40s", key);
	}
	int64_t score[EVAL_CRITERIA_COUNT];
	const char *comment[EVAL_CRITERIA_COUNT];
	for (int k = 0; k < EVAL_CRITERIA_COUNT; k++) {
		json_t *it = json_object_get(sc, EVAL_CRITERIA[k].id);
		if (!it || json_is_null(it))
			return err_setf(e, 400, "missing_field",
			                "Field {field} is required: every criterion is scored.",
			                "scores.%s", EVAL_CRITERIA[k].id);
		if (score_read(it, EVAL_CRITERIA[k].id, &score[k], &comment[k], e) < 0)
			return -1;
	}
	const char *side = side_of(who);
	int64_t now = time_now_us();
	if (evaluations_scores_clear(c, a, x->id, side, e) < 0)
		return -1;
	for (int k = 0; k < EVAL_CRITERIA_COUNT; k++)
		if (evaluations_score_put(c, a, x->id, side, EVAL_CRITERIA[k].id, score[k],
		                          comment[k], who->user_id, now, e) < 0)
			return -1;
	return evl_event(c, a, who, x, "evaluation.scored", json_pack("{s:s}", "side", side), e);
}

APP_RECORD_WRITE(evaluation_scores_put, KIND, scores_step)

/* items: a list of objects, each with "index" naming one of n entries exactly once; seen[i]
 * the position in items of entry i. */
static int indexed_items(const json_t *items, const char *key, size_t n, int *seen, err *e)
{
	if (!items || json_is_null(items))
		return err_set(e, 400, "missing_field", key, "Field {field} is required.");
	if (!json_is_array(items))
		return err_set(e, 400, "invalid_type", key, "Field {field} must be a list.");
	for (size_t i = 0; i < n; i++)
		seen[i] = -1;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		json_t *ix = json_object_get(it, "index");
		if (!json_is_object(it))
			return err_setf(e, 400, "invalid_type", "Field {field} must be an object.",
			                "%s[%zu]", key, i);
		if (!json_is_integer(ix) || json_integer_value(ix) < 0 ||
		    (size_t)json_integer_value(ix) >= n || seen[json_integer_value(ix)] >= 0)
			return err_setf(e, 400, "invalid_value",
			                "Field {field} must name each entry once, from 0.",
			                "%s[%zu].index", key, i);
		seen[json_integer_value(ix)] = (int)i;
	}
	for (size_t k = 0; k < n; k++)
		if (seen[k] < 0)
			return err_setf(e, 400, "missing_field",
			                "Field {field} is required: every entry is judged.",
			                "%s[%zu]", key, k);
	return 0;
}

/* A boolean and a text of an item; text required or not. */
static int item_read(const json_t *it, const char *key, size_t i, const char *flag,
                     const char *text, bool text_required, bool *b, const char **t, err *e)
{
	json_t *f = json_object_get(it, flag), *s = json_object_get(it, text);
	if (!f || json_is_null(f))
		return err_setf(e, 400, "missing_field", "Field {field} is required.", "%s[%zu].%s",
		                key, i, flag);
	if (!json_is_boolean(f))
		return err_setf(e, 400, "invalid_type", "Field {field} must be true or false.",
		                "%s[%zu].%s", key, i, flag);
	*b = json_is_true(f);
	if (s && !json_is_null(s) && !json_is_string(s))
		return err_setf(e, 400, "invalid_type", "Field {field} must be a string.",
		                "%s[%zu].%s", key, i, text);
	*t = json_is_string(s) ? json_string_value(s) : NULL;
	if (text_required && app_blank(*t))
		return err_setf(e, 400, "missing_field", "Field {field} is required.", "%s[%zu].%s",
		                key, i, text);
	char field[64];
	snprintf(field, sizeof field, "%s[%zu].%s", key, i, text);
	if (*t && json_check_text(*t, EVALUATION_TEXT_MAX, field, e) < 0) {
		err_setf(e, e->status, e->code, e->msg, "%s", field);
		return -1;
	}
	if (app_blank(*t))
		*t = NULL;
	return 0;
}

/* The judgements of the project's list field (its commitments, success measures), one per
 * entry, from the body's list key: each {index, flag, text}, checked by item_read, as the JSON
 * text the evaluation keeps (*out, malloc'd). With none_optional the body may leave the list
 * out when the project's has no entry. */
static int judged_read(const app_record *x, const char *field, const json_t *body, const char *key,
                       const char *flag, const char *text, bool text_required, bool none_optional,
                       char **out, err *e)
{
	json_t *texts = content_list(&x->p, field), *none = json_array();
	size_t n = json_array_size(texts);
	json_decref(texts);
	int seen[ITEMS_MAX];
	const json_t *items = json_object_get(body, key);
	if (!items && !n && none_optional)
		items = none; /* nothing to judge */
	int rc = indexed_items(items, key, n, seen, e);
	json_t *store = json_array();
	for (size_t k = 0; rc == 0 && k < n; k++) {
		bool b = false;
		const char *t = NULL;
		rc = item_read(json_array_get(items, (size_t)seen[k]), key, (size_t)seen[k], flag,
		               text, text_required, &b, &t, e);
		if (rc == 0) {
			json_t *o = json_pack("{s:I, s:b}", "index", (json_int_t)k, flag, b);
			json_object_set_new(o, text, t ? json_string(t) : json_null());
			json_array_append_new(store, o);
		}
	}
	*out = rc == 0 ? json_dumps(store, JSON_COMPACT) : NULL;
	json_decref(store);
	json_decref(none);
	return rc;
}

static int commitments_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                            const void *body, err *e)
{
	static const char *const fields[] = {"items", NULL};
	char *text;
	if (json_only_fields(body, fields, e) < 0 ||
	    judged_read(x, "commitments", body, "items", "kept", "evidence", true, false, &text,
	                e) < 0)
		return -1;
	int rc = evaluations_set_commitments(c, a, x->id, text, who->user_id, time_now_us(), e);
	free(text);
	return rc < 0 ? -1
	              : evl_event(c, a, who, x, "evaluation.commitments_judged", json_object(), e);
}

APP_RECORD_WRITE(evaluation_commitments_put, KIND, commitments_step)

static int hypothesis_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                           const void *body, err *e)
{
	static const char *const fields[] = {"hypothesis", "note", "measures", NULL};
	const char *judgement = NULL, *note = NULL;
	char *text;
	if (json_only_fields(body, fields, e) < 0 ||
	    app_label_read(body, "hypothesis", true, 16, EVAL_HYPOTHESIS, EVAL_HYPOTHESIS_COUNT,
	                   N_("Field {field} must be met, partly or not_met."), &judgement,
	                   e) < 0 ||
	    text_read(body, "note", true, &note, e) < 0 ||
	    judged_read(x, "success_measures", body, "measures", "met", "note", false, true, &text,
	                e) < 0)
		return -1;
	int rc = evaluations_set_hypothesis(c, a, x->id, judgement, note, text, who->user_id,
	                                    time_now_us(), e);
	free(text);
	return rc < 0 ? -1
	              : evl_event(c, a, who, x, "evaluation.hypothesis_judged",
	                          json_pack("{s:s}", "hypothesis", judgement), e);
}

APP_RECORD_WRITE(evaluation_hypothesis_put, KIND, hypothesis_step)

static int concur_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                       const void *body, err *e)
{
	static const char *const fields[] = {"outcome", "opinion", NULL};
	const char *outcome = NULL, *opinion = NULL;
	if (who->role != ROLE_CSRC)
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	if (json_only_fields(body, fields, e) < 0 ||
	    app_label_read(body, "outcome", true, 32, EVAL_OUTCOMES, EVAL_OUTCOMES_COUNT,
	                   N_("Field {field} must be regular_operation, improve, rectify or exit."),
	                   &outcome, e) < 0 ||
	    text_read(body, "opinion", true, &opinion, e) < 0 ||
	    evaluations_set_concurrence(c, a, x->id, outcome, opinion, who->user_id, time_now_us(),
	                                e) < 0)
		return -1;
	return evl_event(c, a, who, x, "evaluation.concurred",
	                 json_pack("{s:s}", "outcome", outcome), e);
}

APP_RECORD_WRITE(evaluation_concur, KIND, concur_step)

/* ---- the project page's part ---- */

static json_t *recognition_json(const store_result *r, int i)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "id",
	                 (json_int_t)store_get_int(r, i, "id"), "project_id",
	                 (json_int_t)store_get_int(r, i, "project_id"), "kind",
	                 store_get(r, i, "kind"), "citation", store_get(r, i, "citation"),
	                 "recognised_on", store_get(r, i, "recognised_on"), "recognised_at",
	                 (json_int_t)store_get_int(r, i, "recognised_at"));
}

static json_t *overview_read(store_conn *c, arena *a, const actor *who, int64_t project_id, err *e)
{
	project_row p;
	store_result *ev, *rc, *rg;
	if (!is_staff(who) && who->role != ROLE_INSTITUTION) {
		err_set(e, 404, "not_found", "id", "No such project.");
		return NULL;
	}
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_READ, e) < 0 ||
	    evaluations_list(c, a, project_id, NULL, !is_staff(who), 0, 200, &ev, e) < 0 ||
	    rectifications_open_of(c, a, project_id, &rc, e) < 0 ||
	    recognitions_of(c, a, project_id, &rg, e) < 0)
		return NULL;
	json_t *evs = json_array(), *recs = json_array();
	bool open = false;
	for (int i = 0; i < ev->nrows && i < 200; i++) {
		json_array_append_new(evs, evaluation_row_json(ev, i));
		open |= !strcmp(store_get(ev, i, "status"), "open");
	}
	for (int i = 0; i < rg->nrows; i++)
		json_array_append_new(recs, recognition_json(rg, i));
	return json_pack(
	    "{s:o, s:o, s:o, s:b}", "evaluations", evs, "rectification",
	    rc->nrows ? rectification_json(rc, 0) : json_null(), "recognitions", recs, "may_open",
	    (who->role == ROLE_OFFICER || who->role == ROLE_CSRC) && p.st == ST_LAUNCHED && !open);
}

json_t *evaluation_project_overview(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	return app_snapshot_read(ap, a, who, project_id, overview_read, e);
}

/* ---- the public register of recognitions (§5.1) ---- */

static json_t *public_recognition_json(const store_result *r, int i)
{
	json_error_t je;
	const char *pub = store_get(r, i, "public");
	json_t *p = pub ? json_loads(pub, 0, &je) : NULL;
	json_t *members = json_array(), *m = json_object_get(p, "members");
	size_t k;
	json_t *it;
	json_array_foreach(m, k, it)
	{
		json_array_append_new(members,
		                      json_pack("{s:O, s:O}", "name", json_object_get(it, "name"),
		                                "lead", json_object_get(it, "lead")));
	}
	const char *name = json_string_value(json_object_get(p, "name"));
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)store_get_int(r, i, "id"),
	    "project_id", (json_int_t)store_get_int(r, i, "project_id"), "project_name",
	    name ? name : store_get(r, i, "name"), "kind", store_get(r, i, "kind"), "citation",
	    store_get(r, i, "citation"), "recognised_on", store_get(r, i, "recognised_on"),
	    "institutions", members);
	json_decref(p);
	return o;
}

json_t *recognition_public_list(app *ap, arena *a, int64_t after, int limit, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r;
	json_t *out = recognitions_public_page(c, a, after, limit, &r, e) < 0
	                  ? NULL
	                  : app_page_of(r, limit, "id", public_recognition_json);
	app_read_end(c);
	return out;
}

/* ---- the workflow's entries: the outcomes (§4.4) ---- */

int evaluation_outcome_params(const json_t *body, json_t *params, err *e)
{
	int64_t id;
	bool present;
	if (json_get_int(body, "evaluation_id", true, &id, &present, e) < 0)
		return -1;
	if (id <= 0)
		return err_set(e, 400, "invalid_value", "evaluation_id",
		               "Field {field} must be a positive whole number.");
	json_object_set_new(params, "evaluation_id", json_integer(id));
	static const char *const dates[] = {"reevaluate_on", "due_on", NULL};
	for (const char *const *k = dates; *k; k++) {
		const char *s = NULL;
		if (json_get_str(body, *k, false, 10, &s, e) < 0 ||
		    (s && date_check(s, *k, false, e) < 0))
			return -1;
		if (s)
			json_object_set_new(params, *k, json_string(s));
	}
	const char *order = NULL;
	if (text_read(body, "order", false, &order, e) < 0)
		return -1;
	if (order)
		json_object_set_new(params, "order", json_string(order));
	return 0;
}

/* The outcome's own fields: improve a re-evaluation date, rectify the order and its due date;
 * no other outcome takes them. */
static int outcome_fields_check(const char *outcome, const json_t *params, err *e)
{
	bool improve = !strcmp(outcome, "improve"), rectify = !strcmp(outcome, "rectify");
	static const struct {
		const char *key, *outcome;
	} OWN[] = {{"reevaluate_on", "improve"}, {"order", "rectify"}, {"due_on", "rectify"}};
	for (size_t i = 0; i < sizeof OWN / sizeof *OWN; i++) {
		const char *v = json_string_value(json_object_get(params, OWN[i].key));
		bool mine = !strcmp(outcome, OWN[i].outcome);
		if (mine && !v)
			return err_set(e, 400, "missing_field", OWN[i].key,
			               "Field {field} is required.");
		if (!mine && v)
			return err_set(e, 400, "invalid_value", OWN[i].key,
			               "Field {field} does not apply to this outcome.");
	}
	if (improve && date_check(json_string_value(json_object_get(params, "reevaluate_on")),
	                          "reevaluate_on", true, e) < 0)
		return -1;
	if (rectify &&
	    date_check(json_string_value(json_object_get(params, "due_on")), "due_on", true, e) < 0)
		return -1;
	return 0;
}

int evaluation_agreed(const guard_ctx *g, err *e)
{
	const char *outcome =
	    g->w ? evaluation_outcome_of_action(workflow_action_id(g->w->action)) : NULL;
	if (!outcome || !g->params)
		return err_set(e, 409, "invalid_state", NULL,
		               "An outcome is decided on an open stage evaluation (§4.4).");
	if (outcome_fields_check(outcome, g->params, e) < 0)
		return -1;
	int64_t id = json_integer_value(json_object_get(g->params, "evaluation_id"));
	store_result *r, *s;
	int found = evaluations_get(g->c, g->a, id, &r, e);
	if (found < 0)
		return -1;
	if (!found || store_get_int(r, 0, "project_id") != g->p->id ||
	    strcmp(store_get(r, 0, "status"), "open"))
		return err_set(e, 422, "evaluation_not_open", "evaluation_id",
		               "Field {field} must name the project's open stage evaluation.");
	if (evaluations_scores_of(g->c, g->a, id, &s, e) < 0)
		return -1;
	evaluation_progress pg = progress_of(r, s);
	if (app_refuse_listed(missing_json(&pg), "missing", e, 422, "evaluation_incomplete", NULL,
	                      N_("The stage evaluation is not complete: both sides score every "
	                         "criterion, every commitment and the hypothesis are judged.")) < 0)
		return -1;
	const char *conc = store_get(r, 0, "concurrence");
	if (!conc)
		return err_set(e, 422, "csrc_not_concurred", NULL,
		               "The CSRC has not concurred in an outcome of this evaluation yet.");
	if (strcmp(conc, outcome)) {
		err_set(e, 422, "csrc_concurred_otherwise", NULL,
		        "The CSRC concurred in another outcome of this evaluation.");
		err_set_details(e,
		                json_pack("{s:s, s:s}", "concurrence", conc, "outcome", outcome));
		return -1;
	}
	return 0;
}

int evaluation_outcome_effect(const effect_ctx *x, err *e)
{
	const char *outcome = evaluation_outcome_of_action(workflow_action_id(x->w->action));
	if (!outcome)
		return err_set(e, 500, "internal", NULL, "Something went wrong.");
	int64_t id = json_integer_value(json_object_get(x->params, "evaluation_id"));
	const char *reeval = json_string_value(json_object_get(x->params, "reevaluate_on"));
	if (evaluations_conclude(x->c, x->a, id, outcome, x->decision_id,
	                         !strcmp(outcome, "improve") ? reeval : NULL, x->now, e) < 0)
		return -1;
	json_object_set_new(x->payload, "evaluation_id", json_integer(id));
	json_object_set_new(x->payload, "outcome", json_string(outcome));
	if (!strcmp(outcome, "improve"))
		json_object_set_new(x->payload, "reevaluate_on", json_string(reeval));
	if (!strcmp(outcome, "rectify")) {
		const char *order = json_string_value(json_object_get(x->params, "order")),
		           *due = json_string_value(json_object_get(x->params, "due_on"));
		int64_t rid;
		if (rectifications_insert(x->c, x->a, x->p->id, id, order, due, x->decision_id,
		                          x->now, &rid, e) < 0)
			return -1;
		json_object_set_new(x->payload, "rectification_id", json_integer(rid));
		json_object_set_new(x->payload, "due_on", json_string(due));
	}
	if (!strcmp(outcome, "exit"))
		return exit_begin(x, "forced", e);
	return 0;
}

/* ---- the workflow's entries: rectification ---- */

int rectification_report_params(const json_t *body, json_t *params, err *e)
{
	const char *report = NULL;
	if (text_read(body, "report", true, &report, e) < 0)
		return -1;
	json_object_set_new(params, "report", json_string(report));
	json_t *ev = json_object_get(body, "evidence"), *list = json_array();
	if (ev && !json_is_null(ev) && !json_is_array(ev)) {
		json_decref(list);
		return err_set(e, 400, "invalid_type", "evidence",
		               "Field {field} must be a list of strings.");
	}
	if (json_array_size(ev) > ITEMS_MAX) {
		json_decref(list);
		return err_set(e, 400, "invalid_value", "evidence",
		               "Field {field} has more than 100 entries.");
	}
	size_t i;
	json_t *it;
	json_array_foreach(ev, i, it)
	{
		char field[32];
		snprintf(field, sizeof field, "evidence[%zu]", i);
		if (!json_is_string(it)) {
			json_decref(list);
			return err_set(e, 400, "invalid_type", "evidence",
			               "Field {field} must be a list of strings.");
		}
		if (json_check_text(json_string_value(it), EVALUATION_TEXT_MAX, field, e) < 0) {
			json_decref(list);
			err_setf(e, e->status, e->code, e->msg, "%s", field);
			return -1;
		}
		if (!app_blank(json_string_value(it)))
			json_array_append(list, it);
	}
	json_object_set_new(params, "evidence", list);
	return 0;
}

/* The project's open rectification order, for an effect: 409 when it has none. */
static int open_rectification(const effect_ctx *x, store_result **r, err *e)
{
	int found = rectifications_open_of(x->c, x->a, x->p->id, r, e);
	if (found < 0)
		return -1;
	if (!found)
		return err_set(e, 409, "no_rectification_order", NULL,
		               "The project has no open rectification order.");
	json_object_set_new(x->payload, "rectification_id",
	                    json_integer(store_get_int(*r, 0, "id")));
	return 0;
}

int rectification_report_effect(const effect_ctx *x, err *e)
{
	store_result *r;
	if (open_rectification(x, &r, e) < 0)
		return -1;
	char *ev = json_dumps(json_object_get(x->params, "evidence"), JSON_COMPACT);
	int rc = rectifications_report(x->c, x->a, store_get_int(r, 0, "id"),
	                               json_string_value(json_object_get(x->params, "report")),
	                               ev ? ev : "[]", x->who->user_id, x->now, e);
	free(ev);
	return rc;
}

int rectification_submitted(const guard_ctx *g, err *e)
{
	store_result *r;
	int found = rectifications_open_of(g->c, g->a, g->p->id, &r, e);
	if (found < 0)
		return -1;
	if (!found || strcmp(store_get(r, 0, "status"), "submitted"))
		return err_set(e, 422, "rectification_not_submitted", NULL,
		               "The lead institution has not reported the rectification done yet.");
	return 0;
}

int rectification_verify_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int rectification_verify_effect(const effect_ctx *x, err *e)
{
	store_result *r;
	if (open_rectification(x, &r, e) < 0)
		return -1;
	return rectifications_verify(x->c, x->a, store_get_int(r, 0, "id"), x->who->user_id, x->now,
	                             x->decision_id, e);
}

/* ---- the scheduler ---- */

/* Opens an evaluation by the schedule: due a month after the day it became due. */
static int scheduled_open(store_conn *c, arena *a, int64_t project_id, int64_t follows,
                          const char *from, const char *why, int *done, err *e)
{
	char due[11];
	if (evaluation_add_months(from, 1, due) < 0)
		return 0;
	evaluations_new n = {project_id, "scheduler", due, why, follows, 0};
	int64_t id;
	int added = evaluations_insert(c, a, &n, time_now_us(), &id, e);
	if (added <= 0)
		return added;
	(*done)++;
	return app_event(c, a, &ACTOR_SYSTEM, "project", project_id, "evaluation.opened", why,
	                 json_pack("{s:I, s:s, s:s}", "evaluation_id", (json_int_t)id, "origin",
	                           "scheduler", "due_on", due),
	                 e);
}

/* What is marked once past its due day, each with its event: the open evaluations (a
 * reminder) and the rectification orders (overdue). */
typedef struct past_due_kind {
	int (*due)(store_conn *c, arena *a, const char *today, store_result **out, err *e);
	int (*mark)(store_conn *c, arena *a, int64_t id, const char *due_on, err *e);
	const char *kind, *key; /* the event, the payload's key of the row's id */
	const char *evaluation; /* the row's column of its evaluation, or NULL */
} past_due_kind;

static const past_due_kind PAST_DUE[] = {
    {evaluations_reminders_due, evaluations_set_reminded, "evaluation.reminded", "evaluation_id",
     NULL},
    {rectifications_overdue_due, rectifications_set_overdue, "rectification.overdue",
     "rectification_id", "evaluation_id"},
};

static int past_due(store_conn *c, arena *a, const past_due_kind *k, const char *today, int *done,
                    err *e)
{
	store_result *r;
	if (k->due(c, a, today, &r, e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++) {
		int64_t id = store_get_int(r, i, "id");
		const char *due = store_get(r, i, "due_on");
		if (k->mark(c, a, id, due, e) < 0)
			return -1;
		json_t *pl = json_pack("{s:I, s:s}", k->key, (json_int_t)id, "due_on", due);
		if (k->evaluation)
			json_object_set_new(pl, "evaluation_id",
			                    json_integer(store_get_int(r, i, k->evaluation)));
		if (app_event(c, a, &ACTOR_SYSTEM, "project", store_get_int(r, i, "project_id"),
		              k->kind, NULL, pl, e) < 0)
			return -1;
		(*done)++;
	}
	return 0;
}

static int run_tx(store_conn *c, arena *a, int64_t now, int *done, err *e)
{
	char today[11];
	cal_format(cal_from_us_cst(now), today);
	store_result *r;
	/* the planned duration of the test boundaries ran out */
	if (evaluations_launched_pilots(c, a, &r, e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++) {
		json_error_t je;
		json_t *content = json_loads(store_get(r, i, "content"), 0, &je);
		json_t *m =
		    json_object_get(json_object_get(content, "test_boundaries"), "duration_months");
		int months = json_is_integer(m) ? (int)json_integer_value(m) : 0;
		json_decref(content);
		char end[11];
		cal_date d;
		if (evaluation_add_months(store_get(r, i, "launched_on"), months, end) < 0 ||
		    strcmp(today, end) < 0 || cal_parse(end, &d) < 0)
			continue;
		bool seen;
		int64_t pid = store_get_int(r, i, "id");
		if (evaluations_opened_since(c, a, pid, cal_start_us_cst(d), &seen, e) < 0)
			return -1;
		if (!seen &&
		    scheduled_open(c, a, pid, 0, end,
		                   "the planned duration of the pilot ran out (§4.4)", done, e) < 0)
			return -1;
	}
	/* an improvement's re-evaluation date came */
	if (evaluations_reevaluations_due(c, a, today, &r, e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++)
		if (scheduled_open(c, a, store_get_int(r, i, "project_id"),
		                   store_get_int(r, i, "id"), store_get(r, i, "reevaluate_on"),
		                   "re-evaluation after improvement (§4.4)", done, e) < 0)
			return -1;
	for (size_t k = 0; k < sizeof PAST_DUE / sizeof *PAST_DUE; k++)
		if (past_due(c, a, &PAST_DUE[k], today, done, e) < 0)
			return -1;
	return 0;
}

int evaluations_run_due(app *ap, arena *a, int64_t now, int *done, err *e)
{
	*done = 0;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, run_tx(c, a, now, done, e), e) : -1;
}
