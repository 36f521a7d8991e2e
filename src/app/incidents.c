/* Incidents and emergencies of supervised projects (§4.3 item 4). See incidents.h for who
 * sees what; levels, states and transitions are core/incident.c's. */
#include "app/incidents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/fault_tolerance_internal.h"
#include "core/incident.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/incidents.h"

/* A count or an amount: an integer, not negative. */
static int amount_read(const json_t *body, const char *key, int64_t *out, err *e)
{
	if (json_get_int(body, key, true, out, NULL, e) < 0)
		return -1;
	if (*out < 0)
		return err_set(e, 400, "invalid_value", key, "Field {field} must not be negative.");
	return 0;
}

/* §3.3: a coaching project runs no live financial business, so nobody invests in it. */
static int live_check(const project_row *p, bool money, err *e)
{
	const state_info *si = project_state_info(p->state);
	if (money && !(si && si->live) && !strcmp(p->track, "coaching"))
		return err_set(e, 422, "coaching_no_live_business", NULL,
		               "A coaching project runs no live financial business: its incidents "
		               "affect no investors and lose no money (§3.3).");
	return 0;
}

/* The hours within which the initial report is due at a level: its setting, else the
 * default. */
static int level_hours(store_conn *c, arena *a, const incident_level_info *l, int *hours, err *e)
{
	const char *v = NULL;
	if (store_setting_get(c, a, l->setting, &v, e) < 0)
		return -1;
	*hours = l->default_hours;
	if (!v)
		return 0;
	char *end;
	long x = strtol(v, &end, 10);
	if (end == v || *end || x < INCIDENT_HOURS_MIN || x > INCIDENT_HOURS_MAX)
		return err_set(e, 500, "invalid_setting", NULL,
		               "A setting incident_initial_hours_<level> must be a whole number of "
		               "hours from 1 to 168.");
	*hours = (int)x;
	return 0;
}

/* ---- what the caller sees ---- */

static const app_record_kind KIND;

/* Who sees the incident besides the working group (incidents.h): an institution's user those
 * of its projects, the CSRC those reported to it. */
static record_sight incid_sight(const actor *who, const app_record *x)
{
	bool may = who->role == ROLE_INSTITUTION ||
	           (who->role == ROLE_CSRC && INCIDENT_STATES[x->st].csrc_sees);
	return may ? RECORD_SEEN_WITH_PROJECT : RECORD_UNSEEN;
}

static const app_transitions TRANSITIONS = {
    &INCIDENT_MACHINE, N_("The incident is not at a stage where this can be done.")};

static json_t *incident_row_json(const store_result *r, int i)
{
	int64_t due = store_get_int(r, i, "initial_due_at");
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:b, s:I, "
	    "s:I, s:I}",
	    "id", (json_int_t)store_get_int(r, i, "id"), "project_id",
	    (json_int_t)store_get_int(r, i, "project_id"), "project_name",
	    store_get(r, i, "project_name"), "source", store_get(r, i, "source"), "category",
	    store_get(r, i, "category"), "level", store_get(r, i, "level"), "system_class",
	    (json_int_t)store_get_int(r, i, "system_class"), "investors_affected",
	    (json_int_t)store_get_int(r, i, "investors_affected"), "estimated_loss_fen",
	    (json_int_t)store_get_int(r, i, "estimated_loss_fen"), "title",
	    store_get(r, i, "title"), "description", store_get(r, i, "description"),
	    "discovered_at", (json_int_t)store_get_int(r, i, "discovered_at"), "initial_due_at",
	    (json_int_t)due, "state", store_get(r, i, "state"), "initial_late",
	    incident_initial_late(due, store_get_int(r, i, "initial_at"), time_now_us()),
	    "opened_by", (json_int_t)store_get_int(r, i, "opened_by"), "opened_at",
	    (json_int_t)store_get_int(r, i, "opened_at"), "updated_at",
	    (json_int_t)store_get_int(r, i, "updated_at"));
	static const char *const LATER[] = {"?#initial_at",
	                                    "?#final_at",
	                                    "?#loss_fen",
	                                    "?#compensated_fen",
	                                    "?#investors_compensated",
	                                    "?#reported_to_csrc_at",
	                                    "?#reported_to_csrc_by",
	                                    "?#acknowledged_at",
	                                    "?#acknowledged_by",
	                                    NULL};
	app_row_set(o, r, i, LATER);
	return o;
}

static int incid_detail(store_conn *c, arena *a, const actor *who, app_record *x, json_t **out,
                        err *e)
{
	store_result *n, *l;
	if (app_record_refetch(c, a, &KIND, x, e) < 0 ||
	    incidents_entries_of(c, a, x->id, &n, e) < 0 ||
	    incidents_losses_of(c, a, x->id, &l, e) < 0)
		return -1;
	json_t *d = incident_row_json(x->r, 0), *entries = json_array(), *losses = json_array();
	for (int i = 0; i < n->nrows; i++) {
		const char *kind = store_get(n, i, "kind");
		/* the working group's report to the CSRC is between them */
		if (who->role == ROLE_INSTITUTION &&
		    (!strcmp(kind, "csrc_report") || !strcmp(kind, "acknowledgement")))
			continue;
		json_array_append_new(entries,
		                      json_pack("{s:I, s:s, s:s, s:I, s:s, s:I}", "id",
		                                (json_int_t)store_get_int(n, i, "id"), "kind", kind,
		                                "text", store_get(n, i, "text"), "by",
		                                (json_int_t)store_get_int(n, i, "by_user"),
		                                "username", store_get(n, i, "username"), "at",
		                                (json_int_t)store_get_int(n, i, "at")));
	}
	static const char *const LOSS[] = {"#id",
	                                   "#loss_fen",
	                                   "#compensated_fen",
	                                   "#investors_compensated",
	                                   "#recorded_by",
	                                   "username",
	                                   "#recorded_at",
	                                   "?note",
	                                   NULL};
	for (int i = 0; i < l->nrows; i++)
		json_array_append_new(losses, app_row_json(l, i, LOSS));
	json_object_set_new(d, "entries", entries);
	json_object_set_new(d, "losses", losses);
	json_object_set_new(d, "allowed_actions", app_record_actions(c, a, who, &KIND, x));
	json_t *ft; /* §5.2: the working group's determination on it, or null */
	if (fault_tolerance_of_incident_json(c, a, x->id, &ft, e) < 0) {
		json_decref(d);
		return -1;
	}
	json_object_set_new(d, "fault_tolerance", ft);
	*out = d;
	return 0;
}

/* ---- lists ---- */

static const app_record_kind KIND = {
    incidents_get,  N_("No such incident."),
    &TRANSITIONS,   incid_sight,
    incid_detail,   NULL,
    NULL,           NULL,
    incidents_list, incident_row_json,
    "status",       N_("Parameter {field} is not a state of an incident."),
    "may_open",     true,
    false,
};

APP_RECORD_USE_CASES(incident, KIND)

static json_t *deadline_item(const store_result *r, int i)
{
	int64_t due = store_get_int(r, i, "initial_due_at");
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:b}", "id",
	                 (json_int_t)store_get_int(r, i, "id"), "project_id",
	                 (json_int_t)store_get_int(r, i, "project_id"), "project_name",
	                 store_get(r, i, "project_name"), "title", store_get(r, i, "title"),
	                 "level", store_get(r, i, "level"), "initial_due_at", (json_int_t)due,
	                 "late", incident_initial_late(due, 0, time_now_us()));
}

/* the CSRC sees incidents only once reported to it, when no initial report is due */
json_t *incident_deadlines(app *ap, arena *a, const actor *who, int64_t project_id, int limit,
                           err *e)
{
	return app_deadlines(ap, a, who, project_id, limit, incidents_deadlines, deadline_item, e);
}

/* ---- opening: the institution's report, or the working group's record ---- */

typedef struct open_in {
	incidents_new n;
	const incident_level_info *level;
} open_in;

static const char *const OPEN_FIELDS[] = {"category",
                                          "level",
                                          "system_class",
                                          "investors_affected",
                                          "estimated_loss_fen",
                                          "title",
                                          "description",
                                          "discovered_at",
                                          NULL};

static int open_read(const json_t *body, open_in *in, err *e)
{
	incidents_new *n = &in->n;
	bool given = false;
	if (json_only_fields(body, OPEN_FIELDS, e) < 0 ||
	    json_get_str(body, "category", true, 40, &n->category, e) < 0)
		return -1;
	if (!id_label_find(INCIDENT_CATEGORIES, INCIDENT_CATEGORIES_COUNT, n->category))
		return err_set(e, 400, "invalid_value", "category",
		               "Field {field} must be information_security, business_error, outage "
		               "or other.");
	if (json_get_str(body, "level", true, 40, &n->level, e) < 0)
		return -1;
	if (!(in->level = incident_level_info_of(n->level)))
		return err_set(e, 400, "invalid_value", "level",
		               "Field {field} must be especially_major, major, large or general.");
	if (json_get_int(body, "system_class", true, &n->system_class, NULL, e) < 0)
		return -1;
	if (n->system_class < INCIDENT_SYSTEM_CLASS_MIN ||
	    n->system_class > INCIDENT_SYSTEM_CLASS_MAX)
		return err_set(e, 400, "invalid_value", "system_class",
		               "Field {field} must be a whole number from 1 to 5.");
	if (amount_read(body, "investors_affected", &n->investors_affected, e) < 0 ||
	    amount_read(body, "estimated_loss_fen", &n->estimated_loss_fen, e) < 0 ||
	    app_text_read(body, "title", true, INCIDENT_TITLE_MAX, &n->title, e) < 0 ||
	    app_text_read(body, "description", true, INCIDENT_TEXT_MAX, &n->description, e) < 0 ||
	    json_get_int(body, "discovered_at", false, &n->discovered_at, &given, e) < 0)
		return -1;
	int64_t now = time_now_us();
	if (!given)
		n->discovered_at = now;
	else if (n->discovered_at <= 0 || n->discovered_at > now)
		return err_set(
		    e, 400, "invalid_value", "discovered_at",
		    "Field {field} must be a time (UTC microseconds) not in the future.");
	return 0;
}

static int open_tx(store_conn *c, arena *a, const actor *who, int64_t project_id, open_in *in,
                   json_t **out, err *e)
{
	project_row p;
	bool by_institution = who->role == ROLE_INSTITUTION;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, by_institution ? ACCESS_LEAD : ACCESS_READ, e) < 0)
		return -1;
	incident_action action = by_institution ? INCA_REPORT : INCA_OPEN;
	const transition *row = machine_find(&INCIDENT_MACHINE, INC_NEW, action);
	if (!row || !(row->roles & who->role))
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	const state_info *si = project_state_info(p.state);
	if (!si || !si->supervised)
		return err_set(
		    e, 409, "invalid_state", NULL,
		    "Incidents are reported for a supervised project (a launched pilot or "
		    "a coaching project).");
	if (live_check(&p, in->n.investors_affected > 0 || in->n.estimated_loss_fen > 0, e) < 0)
		return -1;
	int hours;
	if (level_hours(c, a, in->level, &hours, e) < 0)
		return -1;
	int64_t now = time_now_us(), id;
	incidents_new n = in->n;
	n.project_id = project_id;
	n.source = by_institution ? "institution" : "working_group";
	n.initial_due_at = incident_initial_due(n.discovered_at, hours);
	n.initial_at = by_institution ? now : 0;
	n.state = INCIDENT_STATES[row->to].id;
	if (incidents_insert(c, a, &n, who->user_id, now, &id, e) < 0)
		return -1;
	json_t *pl =
	    json_pack("{s:I, s:s, s:s, s:I, s:I, s:s}", "incident_id", (json_int_t)id, "category",
	              n.category, "level", n.level, "system_class", (json_int_t)n.system_class,
	              "initial_due_at", (json_int_t)n.initial_due_at, "source", n.source);
	if (app_event(c, a, who, "project", project_id, INCIDENT_ACTIONS[action].event, n.title, pl,
	              e) < 0)
		return -1;
	/* The institution's report is its initial report (初报). */
	if (by_institution &&
	    (incidents_entry_add(c, a, id, "initial", n.description, who->user_id, now, e) < 0 ||
	     app_event(c, a, who, "project", project_id, "incident.updated", n.description,
	               json_pack("{s:I, s:s}", "incident_id", (json_int_t)id, "stage", "initial"),
	               e) < 0))
		return -1;
	return app_record_created(c, a, who, &KIND, id, &p, out, e);
}

int incident_open(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                  json_t **out, err *e)
{
	open_in in = {0};
	if (open_read(body, &in, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, open_tx(c, a, who, project_id, &in, out, e), out, e) : -1;
}

/* ---- writes on an incident ---- */

typedef struct inc_in {
	incident_action action;
	const char *text;
	incidents_loss loss;
} inc_in;

static int inc_event(store_conn *c, arena *a, const actor *who, const app_record *x,
                     incident_action action, const char *reason, json_t *payload, err *e)
{
	return app_record_event(c, a, who, x->p.id, "incident_id", x->id,
	                        INCIDENT_ACTIONS[action].event, reason, payload, e);
}

static int report_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                       const void *vin, err *e)
{
	const inc_in *in = vin;
	int64_t now = time_now_us();
	const incident_action_info *ai = &INCIDENT_ACTIONS[in->action];
	const transition *row = machine_find(&INCIDENT_MACHINE, (int)x->st, in->action);
	if (incidents_entry_add(c, a, x->id, ai->stage, in->text, who->user_id, now, e) < 0 ||
	    incidents_set_state(c, a, x->id, INCIDENT_STATES[row->to].id, ai->stage, now, e) < 0)
		return -1;
	return inc_event(c, a, who, x, in->action, in->text, json_pack("{s:s}", "stage", ai->stage),
	                 e);
}

int incident_report(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                    json_t **out, err *e)
{
	static const char *const fields[] = {"stage", "text", NULL};
	inc_in in = {0};
	const char *stage;
	if (json_only_fields(body, fields, e) < 0 ||
	    json_get_str(body, "stage", true, 20, &stage, e) < 0)
		return -1;
	in.action = !strcmp(stage, "initial")  ? INCA_INITIAL
	            : !strcmp(stage, "update") ? INCA_UPDATE
	            : !strcmp(stage, "final")  ? INCA_FINAL
	                                       : INCA__COUNT;
	if (in.action == INCA__COUNT)
		return err_set(e, 400, "invalid_value", "stage",
		               "Field {field} must be initial, update or final.");
	if (app_text_read(body, "text", true, INCIDENT_TEXT_MAX, &in.text, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, in.action, report_step, &in, out, e);
}

static int guide_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                      const void *vin, err *e)
{
	const inc_in *in = vin;
	int64_t now = time_now_us();
	return incidents_entry_add(c, a, x->id, "guidance", in->text, who->user_id, now, e) < 0
	           ? -1
	           : inc_event(c, a, who, x, INCA_GUIDE, in->text, json_object(), e);
}

int incident_guide(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                   json_t **out, err *e)
{
	static const char *const fields[] = {"text", NULL};
	inc_in in = {.action = INCA_GUIDE};
	if (json_only_fields(body, fields, e) < 0 ||
	    app_text_read(body, "text", true, INCIDENT_TEXT_MAX, &in.text, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, in.action, guide_step, &in, out, e);
}

static int loss_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                     const void *vin, err *e)
{
	const inc_in *in = vin;
	int64_t now = time_now_us();
	const incidents_loss *l = &in->loss;
	if (live_check(&x->p,
	               l->loss_fen > 0 || l->compensated_fen > 0 || l->investors_compensated > 0,
	               e) < 0 ||
	    incidents_loss_add(c, a, x->id, l, who->user_id, now, e) < 0)
		return -1;
	return inc_event(c, a, who, x, INCA_RECORD_LOSS, l->note,
	                 json_pack("{s:I, s:I, s:I}", "loss_fen", (json_int_t)l->loss_fen,
	                           "compensated_fen", (json_int_t)l->compensated_fen,
	                           "investors_compensated", (json_int_t)l->investors_compensated),
	                 e);
}

int incident_record_loss(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                         json_t **out, err *e)
{
	static const char *const fields[] = {"loss_fen", "compensated_fen", "investors_compensated",
	                                     "note", NULL};
	inc_in in = {.action = INCA_RECORD_LOSS};
	if (json_only_fields(body, fields, e) < 0 ||
	    amount_read(body, "loss_fen", &in.loss.loss_fen, e) < 0 ||
	    amount_read(body, "compensated_fen", &in.loss.compensated_fen, e) < 0 ||
	    amount_read(body, "investors_compensated", &in.loss.investors_compensated, e) < 0 ||
	    app_text_read(body, "note", false, INCIDENT_TEXT_MAX, &in.loss.note, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, in.action, loss_step, &in, out, e);
}

static int csrc_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                     const void *vin, err *e)
{
	const inc_in *in = vin;
	int64_t now = time_now_us();
	return incidents_entry_add(c, a, x->id, "csrc_report", in->text, who->user_id, now, e) <
	                   0 ||
	               incidents_set_csrc_reported(c, a, x->id, who->user_id, now, e) < 0
	           ? -1
	           : inc_event(c, a, who, x, INCA_REPORT_TO_CSRC, in->text, json_object(), e);
}

int incident_report_to_csrc(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                            json_t **out, err *e)
{
	static const char *const fields[] = {"text", NULL};
	inc_in in = {.action = INCA_REPORT_TO_CSRC};
	if (json_only_fields(body, fields, e) < 0 ||
	    app_text_read(body, "text", true, INCIDENT_TEXT_MAX, &in.text, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, in.action, csrc_step, &in, out, e);
}

static int ack_step(store_conn *c, arena *a, const actor *who, const app_record *x, const void *vin,
                    err *e)
{
	const inc_in *in = vin;
	int64_t now = time_now_us();
	if (in->text &&
	    incidents_entry_add(c, a, x->id, "acknowledgement", in->text, who->user_id, now, e) < 0)
		return -1;
	return incidents_set_acknowledged(c, a, x->id, who->user_id, now, e) < 0
	           ? -1
	           : inc_event(c, a, who, x, INCA_ACKNOWLEDGE, in->text, json_object(), e);
}

int incident_acknowledge(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                         json_t **out, err *e)
{
	static const char *const fields[] = {"note", NULL};
	inc_in in = {.action = INCA_ACKNOWLEDGE};
	if (json_only_fields(body, fields, e) < 0 ||
	    app_text_read(body, "note", false, INCIDENT_TEXT_MAX, &in.text, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, in.action, ack_step, &in, out, e);
}
