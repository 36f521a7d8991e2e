/* Inspections of supervised projects (§4.3 item 3). See inspections.h for who sees what; the
 * states and transitions are core/inspection.c's table. */
#include "app/inspections.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "core/calendar.h"
#include "core/inspection.h"
#include "core/sniff.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/inspections.h"
#include "store/materials.h"

#define NAME_MAX_CHARS 100

/* ---- input ---- */

/* A text field; a required one is not blank either. */
static int text_read(const json_t *body, const char *key, bool required, const char **out, err *e)
{
	return app_text_read(body, key, required, INSPECTION_TEXT_MAX, out, e);
}

/* A day, YYYY-MM-DD; with not_past, today (CST) or later (422 date_in_past). */
static int date_read(const json_t *body, const char *key, bool required, bool not_past,
                     const char **out, err *e)
{
	cal_date d;
	*out = NULL;
	if (json_get_str(body, key, required, 10, out, e) < 0)
		return -1;
	if (!*out)
		return 0;
	if (cal_parse(*out, &d) < 0)
		return err_set(e, 400, "invalid_value", key,
		               "Field {field} must be a date, YYYY-MM-DD.");
	char today[11];
	app_today(today);
	if (not_past && strcmp(*out, today) < 0)
		return err_set(e, 422, "date_in_past", key,
		               "Field {field} must not be before today (China Standard Time).");
	return 0;
}

/* ---- what the caller sees ---- */

static const app_record_kind KIND;

/* Who sees the inspection besides the working group: a member institution's user the notified
 * ones of its projects, the CSRC those it arranged (§4.3 item 3) of projects it may see. */
static record_sight insp_sight(const actor *who, const app_record *x)
{
	bool csrc = who->role == ROLE_CSRC && !strcmp(store_get(x->r, 0, "origin"), "csrc");
	bool notified = store_get_int(x->r, 0, "notified_at") != 0;
	return csrc || (who->role == ROLE_INSTITUTION && notified) ? RECORD_SEEN_WITH_PROJECT
	                                                           : RECORD_UNSEEN;
}

static const app_transitions TRANSITIONS = {
    &INSPECTION_MACHINE, N_("The inspection is not at a stage where this can be done.")};

/* The state a write's transition reaches. */
static int set_state(store_conn *c, arena *a, int64_t id, int st, err *e)
{
	return inspections_set_state(c, a, id, INSPECTION_STATES[st].id, time_now_us(), e);
}

static json_t *inspection_row_json(const store_result *r, int i)
{
	static const char *const HEAD[] = {"#id",  "#project_id", "project_name",
	                                   "mode", "scope",       NULL};
	static const char *const REST[] = {
	    "starts_on",   "ends_on",       "state",           "#planned_by",
	    "#planned_at", "#updated_at",   "#open_requests",  "#open_orders",
	    "#findings",   "?#notified_at", "?#closed_at",     "?#closed_by",
	    "?conclusion", "origin",        "?csrc_reference", NULL};
	json_t *team = json_loads(store_get(r, i, "team"), 0, NULL);
	json_t *o = app_row_json(r, i, HEAD);
	json_object_set_new(o, "team", team ? team : json_array());
	app_row_set(o, r, i, REST);
	return o;
}

/* The attestation of an answer or of evidence: {attested: true, by, at}, or null. */
static json_t *attestation_json(const store_result *r, int i)
{
	if (!store_get(r, i, "attested_at"))
		return json_null();
	return json_pack("{s:b, s:I, s:I}", "attested", 1, "by",
	                 (json_int_t)store_get_int(r, i, "attested_by"), "at",
	                 (json_int_t)store_get_int(r, i, "attested_at"));
}

/* The files of one request or one order (col: request_id | order_id). */
static json_t *files_json(const store_result *f, const char *col, int64_t owner, int64_t insp_id)
{
	json_t *items = json_array();
	for (int k = 0; k < f->nrows; k++) {
		if (store_get_int(f, k, col) != owner)
			continue;
		int64_t fid = store_get_int(f, k, "id");
		char url[96];
		snprintf(url, sizeof url, "/api/v1/inspections/%lld/files/%lld", (long long)insp_id,
		         (long long)fid);
		json_array_append_new(
		    items,
		    json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:I, s:I, s:s}", "id",
		              (json_int_t)fid, "round", (json_int_t)store_get_int(f, k, "round"),
		              "filename", store_get(f, k, "filename"), "size",
		              (json_int_t)store_get_int(f, k, "size"), "content_type",
		              store_get(f, k, "content_type"), "sha256", store_get(f, k, "sha256"),
		              "uploaded_by", (json_int_t)store_get_int(f, k, "uploaded_by"),
		              "uploaded_at", (json_int_t)store_get_int(f, k, "uploaded_at"),
		              "download", url));
	}
	return items;
}

static json_t *request_json(const store_result *r, int i, const store_result *f, const char *today,
                            bool closed)
{
	bool open = !store_get(r, i, "answered_at");
	int64_t id = store_get_int(r, i, "id"), insp_id = store_get_int(r, i, "inspection_id");
	json_t *o =
	    json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:b, s:o}", "id", (json_int_t)id,
	              "inspection_id", (json_int_t)insp_id, "items", store_get(r, i, "items"),
	              "due_on", store_get(r, i, "due_on"), "requested_by",
	              (json_int_t)store_get_int(r, i, "requested_by"), "requested_at",
	              (json_int_t)store_get_int(r, i, "requested_at"), "overdue",
	              inspection_overdue(store_get(r, i, "due_on"), today, open && !closed),
	              "files", files_json(f, "request_id", id, insp_id));
	json_object_set_new(o, "answer", app_text_or_null(r, i, "answer"));
	json_object_set_new(o, "answered_by", app_int_or_null(r, i, "answered_by"));
	json_object_set_new(o, "answered_at", app_int_or_null(r, i, "answered_at"));
	json_object_set_new(o, "attestation", attestation_json(r, i));
	return o;
}

static json_t *finding_json(const store_result *r, int i)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:I}", "id", (json_int_t)store_get_int(r, i, "id"),
	                 "severity", store_get(r, i, "severity"), "description",
	                 store_get(r, i, "description"), "recorded_by",
	                 (json_int_t)store_get_int(r, i, "recorded_by"), "recorded_at",
	                 (json_int_t)store_get_int(r, i, "recorded_at"));
}

static json_t *order_json(const store_result *r, int i, const store_result *f, const char *today,
                          bool closed)
{
	int64_t id = store_get_int(r, i, "id"), insp_id = store_get_int(r, i, "inspection_id");
	const char *status = store_get(r, i, "status");
	json_t *o =
	    json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:b, s:o}", "id",
	              (json_int_t)id, "inspection_id", (json_int_t)insp_id, "finding_id",
	              (json_int_t)store_get_int(r, i, "finding_id"), "requirement",
	              store_get(r, i, "requirement"), "due_on", store_get(r, i, "due_on"), "status",
	              status, "sent_back", (json_int_t)store_get_int(r, i, "rounds"), "ordered_by",
	              (json_int_t)store_get_int(r, i, "ordered_by"), "ordered_at",
	              (json_int_t)store_get_int(r, i, "ordered_at"), "overdue",
	              inspection_overdue(store_get(r, i, "due_on"), today,
	                                 !strcmp(status, "open") && !closed),
	              "files", files_json(f, "order_id", id, insp_id));
	json_object_set_new(o, "evidence", app_text_or_null(r, i, "evidence"));
	json_object_set_new(o, "submitted_by", app_int_or_null(r, i, "submitted_by"));
	json_object_set_new(o, "submitted_at", app_int_or_null(r, i, "submitted_at"));
	json_object_set_new(o, "attestation", attestation_json(r, i));
	json_object_set_new(o, "verified_by", app_int_or_null(r, i, "verified_by"));
	json_object_set_new(o, "verified_at", app_int_or_null(r, i, "verified_at"));
	json_object_set_new(o, "verification_note", app_text_or_null(r, i, "verification_note"));
	return o;
}

/* The whole inspection as the caller sees it. */
static int insp_detail(store_conn *c, arena *a, const actor *who, app_record *x, json_t **out,
                       err *e)
{
	store_result *q, *fi, *o, *f;
	if (app_record_refetch(c, a, &KIND, x, e) < 0 ||
	    inspections_requests_of(c, a, x->id, &q, e) < 0 ||
	    inspections_findings_of(c, a, x->id, &fi, e) < 0 ||
	    inspections_orders_of(c, a, x->id, &o, e) < 0 ||
	    inspections_files_of(c, a, x->id, &f, e) < 0)
		return -1;
	char today[11];
	app_today(today);
	bool closed = !strcmp(store_get(x->r, 0, "state"), "closed");
	json_t *d = inspection_row_json(x->r, 0), *rq = json_array(), *fs = json_array(),
	       *os = json_array();
	for (int i = 0; i < q->nrows; i++)
		json_array_append_new(rq, request_json(q, i, f, today, closed));
	for (int i = 0; i < fi->nrows; i++)
		json_array_append_new(fs, finding_json(fi, i));
	for (int i = 0; i < o->nrows; i++)
		json_array_append_new(os, order_json(o, i, f, today, closed));
	json_object_set_new(d, "document_requests", rq);
	json_object_set_new(d, "findings_list", fs);
	json_object_set_new(d, "rectifications", os);
	json_object_set_new(d, "allowed_actions", app_record_actions(c, a, who, &KIND, x));
	*out = d;
	return 0;
}

/* ---- lists ---- */

/* The CSRC lists the inspections it arranged (a supervised project is one it sees). */
static const app_record_kind KIND = {
    inspections_get,
    N_("No such inspection."),
    &TRANSITIONS,
    insp_sight,
    insp_detail,
    NULL,
    set_state,
    NULL,
    inspections_list,
    inspection_row_json,
    "state",
    N_("Parameter {field} is not a state of an inspection."),
    "may_plan",
    false,
    true,
};

APP_RECORD_USE_CASES(inspection, KIND)

static json_t *deadline_item(const store_result *r, int i)
{
	char today[11];
	app_today(today);
	return json_pack("{s:s, s:I, s:I, s:I, s:s, s:s, s:b}", "kind", store_get(r, i, "kind"),
	                 "id", (json_int_t)store_get_int(r, i, "id"), "inspection_id",
	                 (json_int_t)store_get_int(r, i, "inspection_id"), "project_id",
	                 (json_int_t)store_get_int(r, i, "project_id"), "project_name",
	                 store_get(r, i, "project_name"), "due_on", store_get(r, i, "due_on"),
	                 "overdue", inspection_overdue(store_get(r, i, "due_on"), today, true));
}

/* the roles that see no inspection have no deadline of one */
json_t *inspection_deadlines(app *ap, arena *a, const actor *who, int64_t project_id, int limit,
                             err *e)
{
	return app_deadlines(ap, a, who, project_id, limit, inspections_deadlines, deadline_item,
	                     e);
}

/* ---- writes (app_record_write) ---- */

/* What a write on an inspection is given: the body's fields, the document request or the
 * rectification order of the path (sub), what the institution gives (reply). */
typedef struct insp_in {
	const char *text, *due_on, *severity;
	int64_t finding_id, sub;
	bool accepted;
	const inspection_reply_in *reply;
} insp_in;

/* The event of an action, about the inspection's project, with inspection_id added. */
static int insp_event(store_conn *c, arena *a, const actor *who, const app_record *x,
                      inspection_action action, const char *reason, json_t *payload, err *e)
{
	return app_record_event(c, a, who, x->p.id, "inspection_id", x->id,
	                        INSPECTION_ACTIONS[action].event, reason, payload, e);
}

/* A write whose body is one text field, key. */
static int text_write(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                      const char *key, bool required, inspection_action action,
                      app_record_step step, json_t **out, err *e)
{
	const char *const fields[] = {key, NULL};
	insp_in in = {0};
	if (json_only_fields(body, fields, e) < 0 ||
	    text_read(body, key, required, &in.text, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, action, step, &in, out, e);
}

/* ---- plan ---- */

static const char *const PLAN_FIELDS[] = {"mode",    "scope",  "team",           "starts_on",
                                          "ends_on", "origin", "csrc_reference", NULL};

/* team: 1 to INSPECTION_TEAM_MAX names, as JSON text. */
static int team_read(arena *a, const json_t *body, const char **text, err *e)
{
	json_t *v;
	if (app_json_field(body, "team", JSON_ARRAY, N_("Field {field} must be a list of strings."),
	                   &v, e) < 0)
		return -1;
	if (!json_array_size(v))
		return err_set(e, 400, "missing_field", "team", "Field {field} is required.");
	if (json_array_size(v) > INSPECTION_TEAM_MAX)
		return err_set(e, 400, "invalid_value", "team",
		               "Field {field} names more than 20 people.");
	if (app_list_strings(v, "team", NAME_MAX_CHARS, false, e) < 0)
		return -1;
	char *t = json_dumps(v, JSON_COMPACT);
	*text = arena_strdup(a, t);
	free(t);
	return 0;
}

/* §4.3 item 3: on the working group's initiative (the default), or on the CSRC's work
 * arrangement, which the plan names (csrc_reference: its document or notice). */
static int origin_read(const json_t *body, inspections_new *n, err *e)
{
	if (json_get_str(body, "origin", false, 20, &n->origin, e) < 0 ||
	    text_read(body, "csrc_reference", false, &n->csrc_reference, e) < 0)
		return -1;
	if (!n->origin)
		n->origin = "working_group";
	if (!id_label_find(INSPECTION_ORIGINS, INSPECTION_ORIGINS_COUNT, n->origin))
		return err_set(e, 400, "invalid_value", "origin",
		               "Field {field} must be working_group or csrc.");
	bool csrc = !strcmp(n->origin, "csrc");
	if (csrc && !n->csrc_reference)
		return err_set(e, 400, "missing_field", "csrc_reference",
		               "Field {field} is required: name the CSRC's work arrangement.");
	if (!csrc && n->csrc_reference)
		return err_set(e, 400, "invalid_value", "csrc_reference",
		               "Field {field} goes only with origin csrc.");
	if (n->csrc_reference && strlen(n->csrc_reference) > 200)
		return err_set(e, 400, "too_long", "csrc_reference", "Field {field} is too long.");
	return 0;
}

static int plan_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                   const inspections_new *n, json_t **out, err *e)
{
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_READ, e) < 0)
		return -1;
	if (who->role != ROLE_OFFICER)
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	const state_info *si = project_state_info(p.state);
	if (!si || !si->supervised)
		return err_set(e, 409, "invalid_state", NULL,
		               "Only a supervised project (a launched pilot or a coaching project) "
		               "is inspected.");
	inspections_new m = *n;
	m.project_id = project_id;
	int64_t id, now = time_now_us();
	if (inspections_insert(c, a, &m, who->user_id, now, &id, e) < 0)
		return -1;
	if (app_event(c, a, who, "project", project_id, INSPECTION_ACTIONS[INSA_PLAN].event,
	              n->scope,
	              json_pack("{s:I, s:s, s:s, s:s, s:s}", "inspection_id", (json_int_t)id,
	                        "mode", n->mode, "starts_on", n->starts_on, "ends_on", n->ends_on,
	                        "origin", n->origin),
	              e) < 0)
		return -1;
	return app_record_created(c, a, who, &KIND, id, &p, out, e);
}

int inspection_plan(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                    json_t **out, err *e)
{
	inspections_new n = {0};
	if (json_only_fields(body, PLAN_FIELDS, e) < 0 ||
	    app_label_read(body, "mode", true, 20, INSPECTION_MODES, INSPECTION_MODES_COUNT,
	                   N_("Field {field} must be onsite or offsite."), &n.mode, e) < 0 ||
	    text_read(body, "scope", true, &n.scope, e) < 0 || team_read(a, body, &n.team, e) < 0 ||
	    date_read(body, "starts_on", true, true, &n.starts_on, e) < 0 ||
	    date_read(body, "ends_on", true, false, &n.ends_on, e) < 0)
		return -1;
	if (strcmp(n.ends_on, n.starts_on) < 0)
		return err_set(e, 400, "invalid_value", "ends_on",
		               "Field {field} must not be before starts_on.");
	if (origin_read(body, &n, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, plan_tx(c, a, who, project_id, &n, out, e), out, e) : -1;
}

/* ---- notify ---- */

static int notify_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                       const void *vin, err *e)
{
	const insp_in *in = vin;
	return inspections_set_notified(c, a, x->id, time_now_us(), e) < 0
	           ? -1
	           : insp_event(c, a, who, x, INSA_NOTIFY, in->text, json_object(), e);
}

int inspection_notify(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                      json_t **out, err *e)
{
	return text_write(ap, a, who, id, body, "message", false, INSA_NOTIFY, notify_step, out, e);
}

/* ---- document requests ---- */

static int request_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                        const void *vin, err *e)
{
	const insp_in *in = vin;
	int64_t rid;
	if (inspections_request_add(c, a, x->id, in->text, in->due_on, who->user_id, time_now_us(),
	                            &rid, e) < 0)
		return -1;
	return insp_event(
	    c, a, who, x, INSA_REQUEST_DOCUMENTS, in->text,
	    json_pack("{s:I, s:s}", "request_id", (json_int_t)rid, "due_on", in->due_on), e);
}

int inspection_request_documents(app *ap, arena *a, const actor *who, int64_t id,
                                 const json_t *body, json_t **out, err *e)
{
	static const char *const fields[] = {"items", "due_on", NULL};
	insp_in in = {0};
	if (json_only_fields(body, fields, e) < 0 ||
	    text_read(body, "items", true, &in.text, e) < 0 ||
	    date_read(body, "due_on", true, true, &in.due_on, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, INSA_REQUEST_DOCUMENTS, request_step, &in,
	                        out, e);
}

/* ---- findings ---- */

static int finding_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                        const void *vin, err *e)
{
	const insp_in *in = vin;
	int64_t fid;
	if (inspections_finding_add(c, a, x->id, in->severity, in->text, who->user_id,
	                            time_now_us(), &fid, e) < 0)
		return -1;
	return insp_event(
	    c, a, who, x, INSA_RECORD_FINDING, in->text,
	    json_pack("{s:I, s:s}", "finding_id", (json_int_t)fid, "severity", in->severity), e);
}

int inspection_record_finding(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                              json_t **out, err *e)
{
	static const char *const fields[] = {"severity", "description", NULL};
	insp_in in = {0};
	if (json_only_fields(body, fields, e) < 0 ||
	    app_label_read(
	        body, "severity", true, 20, INSPECTION_SEVERITIES, INSPECTION_SEVERITIES_COUNT,
	        N_("Field {field} must be low, medium, high or critical."), &in.severity, e) < 0 ||
	    text_read(body, "description", true, &in.text, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, INSA_RECORD_FINDING, finding_step, &in, out,
	                        e);
}

/* ---- rectification orders ---- */

/* The rectification order of the path: 404 when the inspection has none of this id. */
static int order_get(store_conn *c, arena *a, const app_record *x, int64_t order_id,
                     store_result **o, err *e)
{
	return app_found_as(inspections_order_get(c, a, x->id, order_id, o, e), "order_id",
	                    N_("No such rectification order."), e);
}

static int order_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                      const void *vin, err *e)
{
	const insp_in *in = vin;
	bool exists;
	int64_t oid;
	if (inspections_finding_exists(c, a, x->id, in->finding_id, &exists, e) < 0)
		return -1;
	if (!exists)
		return err_set(e, 400, "invalid_value", "finding_id",
		               "Field {field} names no finding of this inspection.");
	if (inspections_order_add(c, a, x->id, in->finding_id, in->text, in->due_on, who->user_id,
	                          time_now_us(), &oid, e) < 0)
		return -1;
	return insp_event(c, a, who, x, INSA_ORDER_RECTIFICATION, in->text,
	                  json_pack("{s:I, s:I, s:s}", "order_id", (json_int_t)oid, "finding_id",
	                            (json_int_t)in->finding_id, "due_on", in->due_on),
	                  e);
}

int inspection_order_rectification(app *ap, arena *a, const actor *who, int64_t id,
                                   const json_t *body, json_t **out, err *e)
{
	static const char *const fields[] = {"finding_id", "requirement", "due_on", NULL};
	insp_in in = {0};
	if (json_only_fields(body, fields, e) < 0 ||
	    json_get_int(body, "finding_id", true, &in.finding_id, NULL, e) < 0 ||
	    text_read(body, "requirement", true, &in.text, e) < 0 ||
	    date_read(body, "due_on", true, true, &in.due_on, e) < 0)
		return -1;
	return app_record_write(ap, a, who, &KIND, id, INSA_ORDER_RECTIFICATION, order_step, &in,
	                        out, e);
}

/* ---- verification ---- */

static int verify_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                       const void *vin, err *e)
{
	const insp_in *in = vin;
	store_result *o;
	if (order_get(c, a, x, in->sub, &o, e) < 0)
		return -1;
	int rc = inspections_order_verify(c, a, in->sub, in->accepted, in->text, in->due_on,
	                                  who->user_id, time_now_us(), e);
	if (rc <= 0)
		return rc < 0 ? -1
		              : err_set(e, 409, "invalid_state", "order_id",
		                        "Only submitted evidence can be verified.");
	return insp_event(
	    c, a, who, x, INSA_VERIFY_RECTIFICATION, in->text,
	    json_pack("{s:I, s:b}", "order_id", (json_int_t)in->sub, "accepted", in->accepted), e);
}

int inspection_verify_rectification(app *ap, arena *a, const actor *who, int64_t id,
                                    int64_t order_id, const json_t *body, json_t **out, err *e)
{
	static const char *const fields[] = {"accepted", "note", "due_on", NULL};
	insp_in in = {.sub = order_id};
	if (json_only_fields(body, fields, e) < 0 ||
	    json_get_bool(body, "accepted", true, &in.accepted, NULL, e) < 0 ||
	    text_read(body, "note", !in.accepted, &in.text, e) < 0 ||
	    date_read(body, "due_on", false, true, &in.due_on, e) < 0)
		return -1;
	if (in.accepted && in.due_on)
		return err_set(e, 400, "invalid_value", "due_on",
		               "Field {field} is given only when the evidence is sent back.");
	return app_record_write(ap, a, who, &KIND, id, INSA_VERIFY_RECTIFICATION, verify_step, &in,
	                        out, e);
}

/* ---- close ---- */

static int close_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                      const void *vin, err *e)
{
	const insp_in *in = vin;
	store_result *o;
	if (inspections_orders_open(c, a, x->id, &o, e) < 0)
		return -1;
	json_t *open = json_array();
	for (int i = 0; i < o->nrows; i++)
		json_array_append_new(
		    open,
		    json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)store_get_int(o, i, "id"),
		              "finding_id", (json_int_t)store_get_int(o, i, "finding_id"), "status",
		              store_get(o, i, "status"), "due_on", store_get(o, i, "due_on")));
	if (app_refuse_listed(
	        open, "open_orders", e, 409, "orders_open", NULL,
	        N_("Every rectification order must be verified and accepted before the "
	           "inspection closes.")) < 0)
		return -1;
	return inspections_set_closed(c, a, x->id, in->text, who->user_id, time_now_us(), e) < 0
	           ? -1
	           : insp_event(c, a, who, x, INSA_CLOSE, in->text, json_object(), e);
}

int inspection_close(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e)
{
	return text_write(ap, a, who, id, body, "conclusion", true, INSA_CLOSE, close_step, out, e);
}

/* ---- what the institution gives: answers and evidence ---- */

typedef struct reply_ctx {
	const inspection_reply_in *in;
	const char *text;
	const char *types[INSPECTION_FILES_MAX];
} reply_ctx;

/* §4.3 item 3: text or files, and the attestation that they are true, accurate and complete.
 * Checked once the caller is known to be the one who may give them. */
static int reply_check(reply_ctx *x, err *e)
{
	const inspection_reply_in *in = x->in;
	x->text = in->text && !app_blank(in->text) ? in->text : NULL;
	if (x->text && json_check_text(x->text, INSPECTION_TEXT_MAX, "text", e) < 0)
		return -1;
	if (!x->text && !in->nfiles)
		return err_set(e, 400, "missing_field", "text", "Field {field} is required.");
	if (in->attested && strcmp(in->attested, "true") && strcmp(in->attested, "false"))
		return err_set(e, 400, "invalid_value", "attested",
		               "Field {field} must be true or false.");
	if (!in->attested || strcmp(in->attested, "true"))
		return err_set(e, 422, "attestation_required", "attested",
		               "The institution must attest that what it gives is true, accurate "
		               "and complete (§4.3).");
	for (int i = 0; i < in->nfiles; i++) {
		if (app_file_check(&in->files[i], &x->types[i], e) < 0)
			return -1;
	}
	return 0;
}

/* The files of a reply, stored once under their SHA-256, each a row of the inspection. */
static int reply_files(store_conn *c, arena *a, const actor *who, const app_record *x,
                       const reply_ctx *rc, int64_t request_id, int64_t order_id, int64_t round,
                       int64_t now, err *e)
{
	for (int i = 0; i < rc->in->nfiles; i++) {
		const upload_file *f = &rc->in->files[i];
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[crypto_hash_sha256_BYTES * 2 + 1];
		crypto_hash_sha256(h, (const unsigned char *)f->data, f->len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		inspections_file fr = {x->id,       request_id, order_id,     round,
		                       f->filename, hex,        rc->types[i], (int64_t)f->len};
		if (materials_blob_put(c, a, hex, rc->types[i], f->data, f->len, now, e) < 0 ||
		    inspections_file_add(c, a, &fr, who->user_id, now, e) < 0)
			return -1;
	}
	return 0;
}

/* An answer to the document request in->sub (answer) or evidence for the rectification order
 * in->sub, in its round, once the request or order takes it: checked, stored with its files,
 * and its event. */
static int reply_save(store_conn *c, arena *a, const actor *who, const app_record *x,
                      const insp_in *in, bool answer, int64_t round, err *e)
{
	reply_ctx rc = {.in = in->reply};
	if (reply_check(&rc, e) < 0)
		return -1;
	int64_t now = time_now_us();
	int saved = answer
	                ? inspections_request_answer(c, a, in->sub, rc.text, who->user_id, now, e)
	                : inspections_order_submit(c, a, in->sub, rc.text, who->user_id, now, e);
	if (saved < 0 || reply_files(c, a, who, x, &rc, answer ? in->sub : 0, answer ? 0 : in->sub,
	                             round, now, e) < 0)
		return -1;
	return insp_event(c, a, who, x, answer ? INSA_ANSWER_DOCUMENTS : INSA_SUBMIT_RECTIFICATION,
	                  rc.text,
	                  json_pack("{s:I, s:i, s:b}", answer ? "request_id" : "order_id",
	                            (json_int_t)in->sub, "files", rc.in->nfiles, "attested", 1),
	                  e);
}

static int answer_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                       const void *vin, err *e)
{
	const insp_in *in = vin;
	store_result *q;
	if (app_found_as(inspections_request_get(c, a, x->id, in->sub, &q, e), "request_id",
	                 N_("No such document request."), e) < 0)
		return -1;
	if (store_get(q, 0, "answered_at"))
		return err_set(e, 409, "already_answered", "request_id",
		               "This document request has been answered already.");
	return reply_save(c, a, who, x, in, true, 0, e);
}

int inspection_answer_documents(app *ap, arena *a, const actor *who, int64_t id, int64_t request_id,
                                const inspection_reply_in *reply, json_t **out, err *e)
{
	insp_in in = {.sub = request_id, .reply = reply};
	return app_record_write(ap, a, who, &KIND, id, INSA_ANSWER_DOCUMENTS, answer_step, &in, out,
	                        e);
}

static int evidence_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                         const void *vin, err *e)
{
	const insp_in *in = vin;
	store_result *o;
	if (order_get(c, a, x, in->sub, &o, e) < 0)
		return -1;
	if (strcmp(store_get(o, 0, "status"), "open"))
		return err_set(e, 409, "invalid_state", "order_id",
		               "Evidence is taken only while the order is open: it is waiting for "
		               "verification or already accepted.");
	return reply_save(c, a, who, x, in, false, store_get_int(o, 0, "rounds"), e);
}

int inspection_submit_rectification(app *ap, arena *a, const actor *who, int64_t id,
                                    int64_t order_id, const inspection_reply_in *reply,
                                    json_t **out, err *e)
{
	insp_in in = {.sub = order_id, .reply = reply};
	return app_record_write(ap, a, who, &KIND, id, INSA_SUBMIT_RECTIFICATION, evidence_step,
	                        &in, out, e);
}

/* ---- files ---- */

int inspection_file(app *ap, arena *a, const actor *who, int64_t id, int64_t file_id,
                    inspection_file_out *out, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	if (!c)
		return -1;
	app_record x;
	store_result *f;
	int rc = app_record_load(c, a, who, &KIND, id, &x, e), found = 0;
	if (rc == 0 && (found = inspections_file_get(c, a, id, file_id, &f, e)) < 0)
		rc = -1;
	if (rc == 0 && !found)
		rc = err_set(e, 404, "not_found", "file_id", "No such file.");
	if (rc == 0) {
		out->sha256 = store_get(f, 0, "sha256");
		out->filename = store_get(f, 0, "filename");
		out->content_type = store_get(f, 0, "content_type");
		found = materials_blob_get(c, a, out->sha256, &out->data, &out->len, e);
		if (found <= 0)
			rc = found < 0 ? -1
			               : err_set(e, 500, "internal", NULL, "Something went wrong.");
	}
	app_snapshot_end(c);
	return rc;
}
