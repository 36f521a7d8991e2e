/* Sanctions and exit (§4.4): the workflow's entries (the fields, guards and effects of suspend,
 * resume, stop, administrative_measure, criminal_referral, apply_exit, start_exit and
 * complete_exit), the reads of sanctions and of the exit with its checklist, the checklist's
 * evidence, the complaint channel of an exited pilot and the public register's outcomes. */
#include "app/sanctions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/notices.h"
#include "app/sanctions_internal.h"
#include "core/calendar.h"
#include "core/roles.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/decisions.h"
#include "store/sanctions.h"

const char *const EXIT_ITEMS[] = {"investors_notified", "services_wound_down", "compensation_paid",
                                  "data_handled",       "complaint_channel",   NULL};

/* zh-CN through the catalog (po/zh_CN.po); the API gives both. */
static const char *const EXIT_ITEM_LABELS[] = {
    N_("Investors notified"), N_("Services wound down or transferred"),
    N_("Investors' compensation paid"), N_("Investors' data handled"),
    N_("Complaint channel kept open")};

const char *exit_item_label(const char *item)
{
	for (int i = 0; item && EXIT_ITEMS[i]; i++)
		if (!strcmp(EXIT_ITEMS[i], item))
			return EXIT_ITEM_LABELS[i];
	return NULL;
}

/* ---- the actions' fields ---- */

/* evidence: a list of texts, each not blank, at most SANCTION_EVIDENCE_MAX. */
static int evidence_read(const json_t *body, json_t *params, bool required, err *e)
{
	json_t *v = json_object_get(body, "evidence");
	if (!v || json_is_null(v) || (json_is_array(v) && !json_array_size(v))) {
		if (required)
			return err_set(
			    e, 400, "missing_field", "evidence",
			    "Field {field} is required: the evidence the sanction rests on "
			    "(§4.4).");
		return 0;
	}
	if (!json_is_array(v))
		return err_set(e, 400, "invalid_value", "evidence",
		               "Field {field} must be a list of texts.");
	if (json_array_size(v) > SANCTION_EVIDENCE_MAX)
		return err_set(e, 400, "invalid_value", "evidence",
		               "Field {field} has more than 50 entries.");
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
	{
		if (!json_is_string(x) || app_blank(json_string_value(x)))
			return err_set(e, 400, "invalid_value", "evidence",
			               "Every entry of field {field} must be a text that is not "
			               "empty.");
		if (json_check_text(json_string_value(x), SANCTION_TEXT_MAX, "evidence", e) < 0)
			return -1;
	}
	json_object_set(params, "evidence", v);
	return 0;
}

/* A required text field of a sanction (measure, authority). */
static int named_text(const json_t *body, json_t *params, const char *key, err *e)
{
	const char *s;
	if (app_text_read(body, key, true, SANCTION_TEXT_MAX, &s, e) < 0)
		return -1;
	json_object_set_new(params, key, json_string(s));
	return 0;
}

int sanction_params(const json_t *body, json_t *params, err *e)
{
	return evidence_read(body, params, true, e); /* suspend, stop */
}

int sanction_resume_params(const json_t *body, json_t *params, err *e)
{
	return evidence_read(body, params, false, e);
}

int sanction_measure_params(const json_t *body, json_t *params, err *e)
{
	if (named_text(body, params, "measure", e) < 0)
		return -1;
	return evidence_read(body, params, true, e);
}

int sanction_referral_params(const json_t *body, json_t *params, err *e)
{
	if (named_text(body, params, "authority", e) < 0)
		return -1;
	return evidence_read(body, params, true, e);
}

int exit_apply_params(const json_t *body, json_t *params, err *e)
{
	(void)body; /* the lead's reason is the application (required by app/projects.c) */
	(void)params;
	(void)e;
	return 0;
}

/* A day (YYYY-MM-DD) after today, CST. */
static int future_date(const json_t *body, const char *key, const char **out, err *e)
{
	cal_date d;
	char today[11];
	if (json_get_str(body, key, true, 10, out, e) < 0)
		return -1;
	if (cal_parse(*out, &d) < 0)
		return err_set(e, 400, "invalid_value", key,
		               "Field {field} must be a date, YYYY-MM-DD.");
	app_today(today);
	if (strcmp(*out, today) <= 0)
		return err_set(e, 400, "invalid_value", key,
		               "Field {field} must be a day after today (China Standard Time).");
	return 0;
}

int exit_start_params(const json_t *body, json_t *params, err *e)
{
	const char *kind, *until;
	if (json_get_str(body, "kind", true, 20, &kind, e) < 0)
		return -1;
	if (strcmp(kind, "voluntary") && strcmp(kind, "forced"))
		return err_set(e, 400, "invalid_value", "kind",
		               "Field {field} must be voluntary or forced.");
	if (future_date(body, "channel_open_until", &until, e) < 0)
		return -1;
	json_object_set_new(params, "kind", json_string(kind));
	json_object_set_new(params, "channel_open_until", json_string(until));
	return 0;
}

int exit_complete_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

/* ---- the guards ---- */

int exit_grounds(const guard_ctx *g, err *e)
{
	const char *kind = json_string_value(json_object_get(g->params, "kind"));
	if (!kind || strcmp(kind, "voluntary"))
		return 0; /* forced: the officer's reason and the leader's approval */
	int64_t id;
	int found = exit_applications_pending(g->c, g->a, g->p->id, 0, &id, e);
	if (found < 0)
		return -1;
	if (!found)
		return err_set(e, 422, "no_exit_application", NULL,
		               "A voluntary exit needs the lead institution's application to exit "
		               "first (§4.4).");
	return 0;
}

int exit_checklist_done(const guard_ctx *g, err *e)
{
	store_result *x, *items;
	int found = exits_of_project(g->c, g->a, g->p->id, &x, e);
	if (found < 0)
		return -1;
	if (!found)
		return err_set(e, 409, "invalid_state", NULL, "The project has no exit under way.");
	if (exits_items(g->c, g->a, store_get_int(x, 0, "id"), &items, e) < 0)
		return -1;
	json_t *missing = json_array();
	for (int i = 0; i < items->nrows; i++)
		if (!store_get(items, i, "evidence"))
			json_array_append_new(missing, json_string(store_get(items, i, "item")));
	return app_refuse_listed(
	    missing, "missing_items", e, 422, "exit_checklist_incomplete", NULL,
	    N_("Every item of the exit checklist needs its evidence before the "
	       "exit completes (§4.4)."));
}

/* ---- the effects ---- */

int sanction_effect(const effect_ctx *x, err *e)
{
	json_t *ev = json_object_get(x->params, "evidence");
	json_t *none = json_array();
	char *evidence = json_canonical(ev ? ev : none);
	json_decref(none);
	int64_t proposer = 0, id;
	store_result *d;
	int rc = 0;
	if (x->decision_id && (rc = decisions_get(x->c, x->a, x->decision_id, &d, e)) > 0)
		proposer = store_get_int(d, 0, "proposed_by");
	sanctions_new n = {x->p->id,
	                   workflow_action_id(x->w->action),
	                   x->reason,
	                   evidence,
	                   json_string_value(json_object_get(x->params, "measure")),
	                   json_string_value(json_object_get(x->params, "authority")),
	                   x->decision_id,
	                   proposer,
	                   x->decision_id ? x->who->user_id : 0,
	                   x->now};
	if (rc >= 0)
		rc = sanctions_insert(x->c, x->a, &n, &id, e);
	free(evidence);
	if (rc < 0)
		return -1;
	json_object_set_new(x->payload, "sanction_id", json_integer(id));
	return 0;
}

int exit_apply_effect(const effect_ctx *x, err *e)
{
	int64_t id;
	if (exit_applications_insert(x->c, x->a, x->p->id, x->who->institution_id, x->who->user_id,
	                             x->reason ? x->reason : "", NULL, x->now, &id, e) < 0)
		return -1;
	json_object_set_new(x->payload, "application_id", json_integer(id));
	return 0;
}

int exit_start_effect(const effect_ctx *x, err *e)
{
	return exit_begin(x, json_string_value(json_object_get(x->params, "kind")), e);
}

/* The day `days` after today (CST). */
static void days_after(const char *today, long days, char out[11])
{
	cal_date d;
	if (cal_parse(today, &d) < 0)
		d = cal_from_us_cst(time_now_us());
	cal_format(cal_from_days(cal_days(d) + days), out);
}

/* The complaint channel's default length: setting exit_channel_days, else EXIT_CHANNEL_DAYS. */
static int channel_days(store_conn *c, arena *a, long *days, err *e)
{
	const char *v;
	*days = EXIT_CHANNEL_DAYS;
	if (store_setting_get(c, a, "exit_channel_days", &v, e) < 0)
		return -1;
	if (v) {
		char *end;
		long n = strtol(v, &end, 10);
		if (!*end && n > 0 && n <= 3650)
			*days = n;
	}
	return 0;
}

int exit_begin(const effect_ctx *x, const char *kind, err *e)
{
	if (!kind || (strcmp(kind, "voluntary") && strcmp(kind, "forced")))
		kind = "forced";
	const char *until = json_string_value(json_object_get(x->params, "channel_open_until"));
	char dflt[11];
	if (!until) {
		long days;
		if (channel_days(x->c, x->a, &days, e) < 0)
			return -1;
		days_after(x->today, days, dflt);
		until = dflt;
	}
	json_error_t je;
	json_t *content = json_loads(x->p->content ? x->p->content : "{}", 0, &je);
	const char *plan_text = json_string_value(json_object_get(content, "exit_plan"));
	const char *plan = arena_strdup(x->a, plan_text ? plan_text : "");
	json_decref(content);
	int64_t app_id = 0, id;
	if (!strcmp(kind, "voluntary")) {
		int found = exit_applications_pending(x->c, x->a, x->p->id, 0, &app_id, e);
		if (found < 0 ||
		    (found && exit_applications_set_started(x->c, x->a, app_id, e) < 0))
			return -1;
	}
	exits_new n = {x->p->id, kind, plan, x->today, until, app_id, x->decision_id, x->now};
	if (exits_insert(x->c, x->a, &n, &id, e) < 0)
		return -1;
	json_t *items = json_array();
	for (int i = 0; EXIT_ITEMS[i]; i++) {
		if (exits_item_insert(x->c, x->a, id, EXIT_ITEMS[i], i + 1, e) < 0) {
			json_decref(items);
			return -1;
		}
		json_array_append_new(items, json_string(EXIT_ITEMS[i]));
	}
	json_object_set_new(x->payload, "exit",
	                    json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)id, "kind", kind,
	                              "channel_open_until", until, "items", items));
	if (app_id)
		json_object_set_new(json_object_get(x->payload, "exit"), "application_id",
		                    json_integer(app_id));
	return 0;
}

int exit_complete_effect(const effect_ctx *x, err *e)
{
	store_result *r;
	int found = exits_of_project(x->c, x->a, x->p->id, &r, e);
	if (found <= 0)
		return found < 0 ? -1
		                 : err_set(e, 409, "invalid_state", NULL,
		                           "The project has no exit under way.");
	int64_t id = store_get_int(r, 0, "id");
	if (exits_set_completed(x->c, x->a, id, x->now, x->today, e) < 0)
		return -1;
	json_object_set_new(x->payload, "exit_id", json_integer(id));
	return 0;
}

/* ---- the complaint channel ---- */

int exit_channel_open(store_conn *c, arena *a, const project_row *p, bool *open, err *e)
{
	store_result *r;
	*open = false;
	if (p->st != ST_EXITED && p->st != ST_STOPPED)
		return 0;
	int found = exits_of_project(c, a, p->id, &r, e);
	if (found < 0)
		return -1;
	char today[11];
	app_today(today);
	*open = found && strcmp(today, store_get(r, 0, "channel_open_until")) <= 0;
	return 0;
}

/* ---- reads ---- */

static json_t *labels_json(const char *msgid)
{
	return json_pack("{s:s, s:s}", "en", msgid, "zh-CN", tr(LANG_ZH, msgid));
}

static json_t *parsed(const char *text)
{
	json_error_t je;
	json_t *v = text ? json_loads(text, 0, &je) : NULL;
	return v ? v : json_array();
}

static json_t *sanction_json(const store_result *r, int i)
{
	json_t *o =
	    json_pack("{s:I, s:I, s:s, s:o, s:o}", "id", (json_int_t)store_get_int(r, i, "id"),
	              "project_id", (json_int_t)store_get_int(r, i, "project_id"), "kind",
	              store_get(r, i, "kind"), "reason", app_text_or_null(r, i, "reason"),
	              "evidence", parsed(store_get(r, i, "evidence")));
	static const char *const REST[] = {"?measure",      "?authority", "?#decision_id",
	                                   "?#proposed_by", "?proposer",  "?#approved_by",
	                                   "?approver",     "#at",        NULL};
	app_row_set(o, r, i, REST);
	return o;
}

/* The project as the caller may read its sanctions and exit: launched once (a project that
 * never launched has none: 404 as for none for the CSRC; the others see an empty list). */
static int readable(store_conn *c, arena *a, const actor *who, int64_t id, project_row *p, err *e)
{
	if (who->role == ROLE_EXPERT || who->role == ROLE_ADMIN)
		return err_set(e, 404, "not_found", "id", "No such project.");
	return project_load(c, a, id, p, e) < 0 ||
	               project_access_check(c, a, who, p, ACCESS_READ, e) < 0
	           ? -1
	           : 0;
}

json_t *sanction_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                      int limit, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	project_row p;
	store_result *r;
	json_t *out = NULL;
	if (c && readable(c, a, who, project_id, &p, e) == 0 &&
	    sanctions_of_project(c, a, project_id, after, limit, &r, e) == 0)
		out = app_page_of(r, limit, "id", sanction_json);
	app_snapshot_end(c);
	return out;
}

static json_t *item_json(const store_result *r, int i)
{
	const char *item = store_get(r, i, "item");
	json_t *o =
	    json_pack("{s:s, s:o, s:b}", "item", item, "label", labels_json(exit_item_label(item)),
	              "done", store_get(r, i, "evidence") != NULL);
	json_object_set_new(o, "evidence", app_text_or_null(r, i, "evidence"));
	json_object_set_new(o, "evidence_by", app_int_or_null(r, i, "evidence_by"));
	json_object_set_new(o, "evidence_by_name", app_text_or_null(r, i, "evidence_by_name"));
	json_object_set_new(o, "evidence_at", app_int_or_null(r, i, "evidence_at"));
	return o;
}

static json_t *exit_row_json(const store_result *r, int i)
{
	json_t *o =
	    json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)store_get_int(r, i, "id"),
	              "project_id", (json_int_t)store_get_int(r, i, "project_id"), "kind",
	              store_get(r, i, "kind"), "started_on", store_get(r, i, "started_on"),
	              "channel_open_until", store_get(r, i, "channel_open_until"));
	json_object_set_new(o, "started_at", json_integer(store_get_int(r, i, "started_at")));
	json_object_set_new(o, "completed_on", app_text_or_null(r, i, "completed_on"));
	json_object_set_new(o, "completed_at", app_int_or_null(r, i, "completed_at"));
	return o;
}

/* Whether the caller gives evidence to the exit's items: the lead's user or an officer, while
 * the project is exiting. */
static bool may_give_evidence(store_conn *c, arena *a, const actor *who, const project_row *p)
{
	if (p->st != ST_EXITING)
		return false;
	if (who->role == ROLE_OFFICER)
		return true;
	if (who->role != ROLE_INSTITUTION)
		return false;
	err scratch;
	err_clear(&scratch);
	bool ok = project_access_check(c, a, who, p, ACCESS_LEAD, &scratch) == 0;
	err_free_details(&scratch);
	return ok;
}

static json_t *exit_json(store_conn *c, arena *a, const actor *who, const project_row *p, err *e)
{
	store_result *app_r, *x, *items;
	int has_app = exit_applications_latest(c, a, p->id, &app_r, e);
	int has_exit = has_app < 0 ? -1 : exits_of_project(c, a, p->id, &x, e);
	if (has_exit < 0)
		return NULL;
	json_t *o = json_pack("{s:I, s:s, s:b}", "project_id", (json_int_t)p->id, "state", p->state,
	                      "may_give_evidence", may_give_evidence(c, a, who, p));
	json_t *application = json_null();
	if (has_app) {
		application = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id",
		                        (json_int_t)store_get_int(app_r, 0, "id"), "institution_id",
		                        (json_int_t)store_get_int(app_r, 0, "institution_id"),
		                        "institution_name", store_get(app_r, 0, "institution_name"),
		                        "applicant", store_get(app_r, 0, "applicant"), "reason",
		                        store_get(app_r, 0, "reason"), "status",
		                        store_get(app_r, 0, "status"));
		json_object_set_new(application, "applied_at",
		                    json_integer(store_get_int(app_r, 0, "applied_at")));
	}
	json_object_set_new(o, "application", application);
	if (!has_exit) {
		json_object_set_new(o, "exit", json_null());
		return o;
	}
	if (exits_items(c, a, store_get_int(x, 0, "id"), &items, e) < 0) {
		json_decref(o);
		return NULL;
	}
	json_t *ex = exit_row_json(x, 0);
	json_object_set_new(ex, "plan", json_string(store_get(x, 0, "plan")));
	json_object_set_new(ex, "application_id", app_int_or_null(x, 0, "application_id"));
	json_object_set_new(ex, "decision_id", app_int_or_null(x, 0, "decision_id"));
	json_t *list = json_array();
	for (int i = 0; i < items->nrows; i++)
		json_array_append_new(list, item_json(items, i));
	json_object_set_new(ex, "items", list);
	json_object_set_new(o, "exit", ex);
	return o;
}

json_t *exit_get(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	project_row p;
	json_t *out = NULL;
	if (c && readable(c, a, who, project_id, &p, e) == 0)
		out = exit_json(c, a, who, &p, e);
	app_snapshot_end(c);
	return out;
}

static const char *const EVIDENCE_FIELDS[] = {"evidence", NULL};

static int evidence_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                       const char *item, const json_t *body, json_t **out, err *e)
{
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p,
	                         who->role == ROLE_INSTITUTION ? ACCESS_LEAD : ACCESS_READ, e) < 0)
		return -1;
	if (!exit_item_label(item))
		return err_set(e, 404, "not_found", "item", "No such item of the exit checklist.");
	if (p.st != ST_EXITING)
		return err_set(
		    e, 409, "invalid_state", NULL,
		    "Evidence is given to the exit checklist only while the pilot exits.");
	const char *evidence;
	if (json_only_fields(body, EVIDENCE_FIELDS, e) < 0 ||
	    app_text_read(body, "evidence", true, SANCTION_TEXT_MAX, &evidence, e) < 0)
		return -1;
	store_result *x;
	int found = exits_of_project(c, a, p.id, &x, e);
	if (found <= 0)
		return found < 0 ? -1
		                 : err_set(e, 409, "invalid_state", NULL,
		                           "The project has no exit under way.");
	int64_t exit_id = store_get_int(x, 0, "id"), now = time_now_us();
	int set = exits_item_evidence(c, a, exit_id, item, evidence, who->user_id, now, e);
	if (set <= 0)
		return set < 0 ? -1
		               : err_set(e, 404, "not_found", "item",
		                         "No such item of the exit checklist.");
	if (app_event(c, a, who, "project", p.id, "exit.evidence", NULL,
	              json_pack("{s:I, s:s, s:s}", "exit_id", (json_int_t)exit_id, "item", item,
	                        "evidence", evidence),
	              e) < 0)
		return -1;
	*out = exit_json(c, a, who, &p, e);
	return *out ? 0 : -1;
}

int exit_item_evidence(app *ap, arena *a, const actor *who, int64_t project_id, const char *item,
                       const json_t *body, json_t **out, err *e)
{
	*out = NULL;
	if (who->role != ROLE_OFFICER && who->role != ROLE_INSTITUTION)
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, evidence_tx(c, a, who, project_id, item, body, out, e), out,
	                           e)
	         : -1;
}

/* ---- the public register and the exit announcements ---- */

/* The outcomes the public learns: the state changes of a launched pilot with their date and
 * clause (never the reasons, evidence, measures or referrals, which stay the working group's
 * and the institution's). */
static const char *const PUBLIC_OUTCOMES[] = {"launch",
                                              "end_coaching",
                                              "evaluate_regular",
                                              "evaluate_improve",
                                              "evaluate_rectify",
                                              "evaluate_exit",
                                              "verify_rectification",
                                              "suspend",
                                              "resume",
                                              "stop",
                                              "start_exit",
                                              "complete_exit",
                                              "recognise",
                                              NULL};

bool public_outcome(const char *action)
{
	for (int i = 0; PUBLIC_OUTCOMES[i]; i++)
		if (!strcmp(PUBLIC_OUTCOMES[i], action))
			return true;
	return false;
}

static json_t *outcomes_json(store_conn *c, arena *a, int64_t project_id, err *e)
{
	store_result *r;
	if (sanctions_outcome_events(c, a, project_id, &r, e) < 0)
		return NULL;
	json_t *list = json_array();
	for (int i = 0; i < r->nrows; i++) {
		const char *action = store_get(r, i, "kind") + strlen("project.");
		if (!public_outcome(action))
			continue;
		json_t *pl = parsed(store_get(r, i, "payload"));
		const action_info *ai = workflow_action_info(action);
		char on[11];
		cal_format(cal_from_us_cst(store_get_int(r, i, "ts")), on);
		json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "action", action, "label",
		                      ai ? ai->done : action, "on", on, "at",
		                      (json_int_t)store_get_int(r, i, "ts"));
		json_object_set(o, "from", json_object_get(pl, "from"));
		json_object_set(o, "to", json_object_get(pl, "to"));
		json_object_set(o, "clause", json_object_get(pl, "clause"));
		json_t *kind = json_object_get(json_object_get(pl, "exit"), "kind");
		if (json_is_string(kind))
			json_object_set(o, "exit_kind", kind);
		json_decref(pl);
		json_array_append_new(list, o);
	}
	return list;
}

json_t *public_register(app *ap, arena *a, const char *track, int64_t after, int limit, err *e)
{
	json_t *out = pilot_register(ap, a, track, after, limit, e);
	if (!out)
		return NULL;
	store_conn *c = app_snapshot_begin(ap, e);
	if (!c) {
		json_decref(out);
		return NULL;
	}
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(out, "items"), i, p)
	{
		json_t *list =
		    outcomes_json(c, a, json_integer_value(json_object_get(p, "project_id")), e);
		if (!list) {
			json_decref(out);
			out = NULL;
			break;
		}
		json_object_set_new(p, "outcomes", list);
	}
	app_snapshot_end(c);
	return out;
}

static json_t *announcement_json(const store_result *r, int i)
{
	json_t *o = exit_row_json(r, i);
	json_object_set_new(o, "project_name", json_string(store_get(r, i, "project_name")));
	json_object_set_new(o, "state", json_string(store_get(r, i, "state")));
	json_object_set_new(o, "lead_name", app_text_or_null(r, i, "lead_name"));
	json_object_set_new(o, "items_done", json_integer(store_get_int(r, i, "items_done")));
	json_object_set_new(o, "items_total", json_integer(store_get_int(r, i, "items_total")));
	char today[11];
	app_today(today);
	json_object_set_new(
	    o, "complaint_channel_open",
	    json_boolean(strcmp(today, store_get(r, i, "channel_open_until")) <= 0));
	return o;
}

json_t *public_exits(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	(void)who;
	store_conn *c = app_read_begin(ap, e);
	store_result *r;
	json_t *out = NULL;
	if (c && exits_public_page(c, a, after, limit, &r, e) == 0)
		out = app_page_of(r, limit, "id", announcement_json);
	app_read_end(c);
	return out;
}
