/* Reporting obligations (§4.3.2). See reports.h. */
#include "app/reports.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/calendar_internal.h"
#include "core/reporting.h"
#include "core/sniff.h"
#include "core/workflow.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/materials.h"
#include "store/reports.h"

static const actor ACTOR_SCHEDULER = {0, "scheduler", ROLE_SYSTEM, 0, "system"};

/* ---- the projects reports are owed by ---- */

/* The ids of the supervised states, comma-separated (the store filters on them), from the
 * workflow's one table of states: never a list of our own. */
static const char *supervised_states(arena *a)
{
	buf b = BUF_INIT;
	for (int s = 0; s < ST__COUNT; s++)
		if (PROJECT_STATES[s].supervised)
			buf_printf(&b, "%s%s", b.len ? "," : "", PROJECT_STATES[s].id);
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static int require_supervised(const project_row *p, err *e)
{
	if (!PROJECT_STATES[p->st].supervised)
		return err_set(e, 409, "invalid_state", NULL,
		               "The project is not a running pilot under supervision.");
	return 0;
}

/* A setting that is a count of working days (1..60), or its default. */
static int setting_days(store_conn *c, arena *a, const char *key, int dflt, int *out, err *e)
{
	const char *v = NULL;
	if (store_setting_get(c, a, key, &v, e) < 0)
		return -1;
	int n = v ? atoi(v) : 0;
	*out = n >= 1 && n <= 60 ? n : dflt;
	return 0;
}

/* The dates of an obligation due on `due`: its reminder and the end of its grace. */
static int obligation_dates(store_conn *c, arena *a, const char *due, reports_new *n, err *e)
{
	calendar cal;
	cal_date d;
	int remind, escalate;
	if (calendar_load(c, a, &cal, e) < 0 ||
	    setting_days(c, a, "report_remind_working_days", REPORT_REMIND_WORKING_DAYS_DEFAULT,
	                 &remind, e) < 0 ||
	    setting_days(c, a, "report_escalate_working_days", REPORT_ESCALATE_WORKING_DAYS_DEFAULT,
	                 &escalate, e) < 0)
		return -1;
	cal_parse(due, &d);
	reporting_dates ds = reporting_dates_of(&cal, d, remind, escalate);
	char *r = arena_alloc(a, 11), *x = arena_alloc(a, 11);
	cal_format(ds.remind_on, r);
	cal_format(ds.escalate_after, x);
	n->due_on = due;
	n->remind_on = r;
	n->escalate_after = x;
	return 0;
}

/* ---- the schedule ---- */

/* The kinds named in a schedule's JSON text (NULL: every kind). */
static unsigned periods_kinds(const char *text)
{
	if (!text)
		return REPORTING_KINDS_ALL;
	unsigned kinds = 0;
	json_t *v = json_loads(text, 0, NULL), *it;
	size_t i;
	reporting_kind k;
	json_array_foreach(v, i, it)
	{
		if (reporting_kind_parse(json_string_value(it), &k) == 0)
			kinds |= k;
	}
	json_decref(v);
	return kinds;
}

static json_t *periods_json(unsigned kinds)
{
	json_t *list = json_array();
	for (unsigned k = 1; k <= REPORTING_ANNUAL; k <<= 1)
		if (kinds & k)
			json_array_append_new(list,
			                      json_string(reporting_kind_id((reporting_kind)k)));
	return list;
}

/* {project_id, periods, due_working_days, configured_by, configured_at} (null when the
 * defaults are in force). */
static json_t *schedule_json(store_conn *c, arena *a, int64_t project_id, err *e)
{
	store_result *r;
	int found = reports_schedule_get(c, a, project_id, &r, e);
	if (found < 0)
		return NULL;
	json_t *o =
	    json_pack("{s:I, s:o, s:I}", "project_id", (json_int_t)project_id, "periods",
	              periods_json(periods_kinds(found ? store_get(r, 0, "periods") : NULL)),
	              "due_working_days",
	              (json_int_t)(found ? store_get_int(r, 0, "due_working_days")
	                                 : REPORT_DUE_WORKING_DAYS_DEFAULT));
	json_object_set_new(o, "configured_by",
	                    found ? json_integer(store_get_int(r, 0, "configured_by"))
	                          : json_null());
	json_object_set_new(o, "configured_at",
	                    found ? json_integer(store_get_int(r, 0, "configured_at"))
	                          : json_null());
	return o;
}

static int schedule_read(const json_t *body, unsigned *kinds, int64_t *days, err *e)
{
	static const char *const allowed[] = {"periods", "due_working_days", NULL};
	bool present;
	if (json_only_fields(body, allowed, e) < 0)
		return -1;
	json_t *p = json_object_get(body, "periods");
	if (!p || json_is_null(p))
		return err_set(e, 400, "missing_field", "periods", "Field {field} is required.");
	if (!json_is_array(p))
		return err_set(e, 400, "invalid_type", "periods", "Field {field} must be a list.");
	*kinds = 0;
	size_t i;
	json_t *it;
	json_array_foreach(p, i, it)
	{
		reporting_kind k;
		if (reporting_kind_parse(json_string_value(it), &k) < 0 || (*kinds & k))
			return err_setf(
			    e, 400, "invalid_value",
			    "Field {field} must be one of monthly, quarterly, annual, each "
			    "at most once.",
			    "periods[%zu]", i);
		*kinds |= k;
	}
	if (json_get_int(body, "due_working_days", true, days, &present, e) < 0)
		return -1;
	if (*days < 1 || *days > 60)
		return err_set(e, 400, "invalid_value", "due_working_days",
		               "Field {field} must be a whole number from 1 to 60.");
	return 0;
}

static int configure_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                        unsigned kinds, int64_t days, json_t **out, err *e)
{
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_READ, e) < 0 ||
	    require_supervised(&p, e) < 0)
		return -1;
	json_t *periods = periods_json(kinds);
	char *text = json_dumps(periods, JSON_COMPACT);
	int rc = reports_schedule_put(c, a, project_id, text, days, who->user_id, time_now_us(), e);
	free(text);
	if (rc < 0 || app_event(c, a, who, "project", project_id, "reporting.configured", NULL,
	                        json_pack("{s:I, s:O}", "due_working_days", (json_int_t)days,
	                                  "periods", periods),
	                        e) < 0) {
		json_decref(periods);
		return -1;
	}
	json_decref(periods);
	*out = schedule_json(c, a, project_id, e);
	return *out ? 0 : -1;
}

int reporting_configure(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                        json_t **out, err *e)
{
	unsigned kinds = 0;
	int64_t days = 0;
	if (schedule_read(body, &kinds, &days, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, configure_tx(c, a, who, project_id, kinds, days, out, e), out,
	                           e)
	         : -1;
}

json_t *reporting_get(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	project_row p;
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = c && project_load(c, a, project_id, &p, e) == 0 &&
	                      project_access_check(c, a, who, &p, ACCESS_READ, e) == 0
	                  ? schedule_json(c, a, project_id, e)
	                  : NULL;
	if (out)
		json_object_set_new(out, "supervised",
		                    json_boolean(PROJECT_STATES[p.st].supervised));
	app_snapshot_end(c);
	return out;
}

/* ---- a report as the API shows it ---- */

static json_t *report_json(const store_result *r, int i)
{
	bool overdue = !strcmp(store_get(r, i, "status"), "open") && store_get(r, i, "overdue_at");
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:I}", "id",
	    (json_int_t)store_get_int(r, i, "id"), "project_id",
	    (json_int_t)store_get_int(r, i, "project_id"), "project_name",
	    store_get(r, i, "project_name"), "kind", store_get(r, i, "kind"), "due_on",
	    store_get(r, i, "due_on"), "remind_on", store_get(r, i, "remind_on"), "escalate_after",
	    store_get(r, i, "escalate_after"), "status", store_get(r, i, "status"), "overdue",
	    overdue, "version", (json_int_t)store_get_int(r, i, "version"), "requested_at",
	    (json_int_t)store_get_int(r, i, "requested_at"), "updated_at",
	    (json_int_t)store_get_int(r, i, "updated_at"));
	static const char *const LATER[] = {
	    "?period",       "?title",       "?note",          "?#requested_by",
	    "?#reminded_at", "?#overdue_at", "?#escalated_at", NULL};
	app_row_set(o, r, i, LATER);
	return o;
}

/* The report `id` and its project, which who may see (404 otherwise, as for no report). */
static int report_load(store_conn *c, arena *a, const actor *who, int64_t id, project_access k,
                       store_result **r, project_row *p, err *e)
{
	if (app_found(reports_get(c, a, id, r, e), "No such report.", e) < 0)
		return -1;
	if (project_load(c, a, store_get_int(*r, 0, "project_id"), p, e) < 0)
		return -1;
	if (project_access_check(c, a, who, p, ACCESS_READ, e) < 0) {
		if (e->status == 404)
			return err_set(e, 404, "not_found", "id", "No such report.");
		return -1;
	}
	return k == ACCESS_READ ? 0 : project_access_check(c, a, who, p, k, e);
}

/* ---- ad-hoc requests ---- */

typedef struct request_in {
	const char *title, *due_on, *note;
} request_in;

static int request_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                      const request_in *in, json_t **out, err *e)
{
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_READ, e) < 0 ||
	    require_supervised(&p, e) < 0)
		return -1;
	int64_t now = time_now_us(), id;
	reports_new n = {.project_id = project_id,
	                 .kind = "adhoc",
	                 .title = in->title,
	                 .note = in->note,
	                 .requested_by = who->user_id,
	                 .now = now};
	if (obligation_dates(c, a, in->due_on, &n, e) < 0 || reports_insert(c, a, &n, &id, e) < 0)
		return -1;
	json_t *pl = json_pack("{s:I, s:s, s:n, s:s}", "report_id", (json_int_t)id, "kind", "adhoc",
	                       "period", "due_on", in->due_on);
	store_result *r;
	if (app_event(c, a, who, "project", project_id, "report.requested", in->title, pl, e) < 0 ||
	    reports_get(c, a, id, &r, e) < 0)
		return -1;
	*out = report_json(r, 0);
	return 0;
}

int report_request(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                   json_t **out, err *e)
{
	static const char *const allowed[] = {"title", "due_on", "note", NULL};
	request_in in = {NULL, NULL, NULL};
	cal_date d;
	char today[11];
	app_today(today);
	if (json_only_fields(body, allowed, e) < 0 ||
	    json_get_str(body, "title", true, 200, &in.title, e) < 0 ||
	    json_get_str(body, "due_on", true, 10, &in.due_on, e) < 0 ||
	    json_get_str(body, "note", false, REPORT_SHORT_TEXT_MAX, &in.note, e) < 0)
		return -1;
	if (!in.title[strspn(in.title, " \t\n")])
		return err_set(e, 400, "missing_field", "title", "Field {field} is required.");
	if (cal_parse(in.due_on, &d) < 0)
		return err_set(e, 400, "invalid_value", "due_on",
		               "Field {field} must be YYYY-MM-DD.");
	if (strcmp(in.due_on, today) < 0)
		return err_set(e, 400, "invalid_value", "due_on",
		               "Field {field} must not be before today.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, request_tx(c, a, who, project_id, &in, out, e), out, e) : -1;
}

/* ---- lists ---- */

static bool status_known(const char *s)
{
	static const char *const ok[] = {"open",     "submitted", "changes_requested",
	                                 "accepted", "overdue",   NULL};
	for (int i = 0; s && ok[i]; i++)
		if (!strcmp(s, ok[i]))
			return true;
	return !s;
}

json_t *report_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *status,
                    int64_t after, int limit, err *e)
{
	if (!status_known(status)) {
		err_set(
		    e, 400, "invalid_value", "status",
		    "Field {field} must be one of open, submitted, changes_requested, accepted, "
		    "overdue.");
		return NULL;
	}
	/* every project's reports: the working group's view (route: officers and leaders) */
	if (!project_id && who->role != ROLE_OFFICER && who->role != ROLE_LEADER) {
		err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
		return NULL;
	}
	store_result *r;
	project_row p;
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = NULL;
	reports_filter f = {project_id, status, NULL};
	if (c &&
	    (!project_id || (project_load(c, a, project_id, &p, e) == 0 &&
	                     project_access_check(c, a, who, &p, ACCESS_READ, e) == 0)) &&
	    reports_list(c, a, &f, after, limit, &r, e) == 0)
		out = app_page_of(r, limit, "id", report_json);
	app_snapshot_end(c);
	return out;
}

/* ---- one report with its versions ---- */

static json_t *version_json(const store_result *v, int i, const store_result *files)
{
	static const char *const COLS[] = {"#version",
	                                   "#customers_served",
	                                   "#transaction_volume_fen",
	                                   "#transaction_count",
	                                   "#complaints_received",
	                                   "#incidents",
	                                   "boundary_changes",
	                                   "narrative",
	                                   "#submitted_by",
	                                   "submitted_by_name",
	                                   "#submitted_at",
	                                   "?outcome",
	                                   "?#decided_by",
	                                   "?#decided_at",
	                                   "?decision_reason",
	                                   NULL};
	json_t *o = app_row_json(v, i, COLS);
	json_t *list = json_array();
	for (int k = 0; k < files->nrows; k++)
		if (store_get_int(files, k, "version") == store_get_int(v, i, "version"))
			json_array_append_new(
			    list, json_pack("{s:I, s:s, s:I, s:s, s:s}", "id",
			                    (json_int_t)store_get_int(files, k, "id"), "filename",
			                    store_get(files, k, "filename"), "size",
			                    (json_int_t)store_get_int(files, k, "size"),
			                    "content_type", store_get(files, k, "content_type"),
			                    "sha256", store_get(files, k, "sha256")));
	json_object_set_new(o, "attachments", list);
	return o;
}

static bool submittable(const char *status)
{
	return !strcmp(status, "open") || !strcmp(status, "changes_requested");
}

static json_t *report_full(store_conn *c, arena *a, const actor *who, const store_result *r,
                           const project_row *p, err *e)
{
	store_result *v, *files;
	int64_t id = store_get_int(r, 0, "id");
	if (reports_versions_of(c, a, id, &v, e) < 0 ||
	    reports_attachments_of(c, a, id, &files, e) < 0)
		return NULL;
	json_t *o = report_json(r, 0);
	json_t *list = json_array();
	for (int i = 0; i < v->nrows; i++)
		json_array_append_new(list, version_json(v, i, files));
	json_object_set_new(o, "versions", list);
	/* what the caller may do now (the pages offer only these) */
	err probe;
	err_clear(&probe);
	const char *status = store_get(r, 0, "status");
	bool supervised = PROJECT_STATES[p->st].supervised;
	bool lead = who->role == ROLE_INSTITUTION &&
	            project_access_check(c, a, who, p, ACCESS_LEAD, &probe) == 0;
	err_free_details(&probe);
	json_object_set_new(o, "may_submit",
	                    json_boolean(lead && supervised && submittable(status)));
	json_object_set_new(
	    o, "may_decide",
	    json_boolean(who->role == ROLE_OFFICER && !strcmp(status, "submitted")));
	return o;
}

json_t *report_get(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	store_result *r;
	project_row p;
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = c && report_load(c, a, who, id, ACCESS_READ, &r, &p, e) == 0
	                  ? report_full(c, a, who, r, &p, e)
	                  : NULL;
	app_snapshot_end(c);
	return out;
}

/* ---- writes ---- */

/* The end of a write on version `version` of report id: its event (kind) and the report as it
 * now stands in *out. */
static int report_written(store_conn *c, arena *a, const actor *who, int64_t id, int64_t version,
                          const project_row *p, const char *kind, const char *reason, json_t **out,
                          err *e)
{
	store_result *r;
	if (app_record_event(c, a, who, p->id, "report_id", id, kind, reason,
	                     json_pack("{s:I}", "version", (json_int_t)version), e) < 0 ||
	    reports_get(c, a, id, &r, e) < 0)
		return -1;
	*out = report_full(c, a, who, r, p, e);
	return *out ? 0 : -1;
}

/* ---- submissions ---- */

typedef struct submission {
	reports_version v;
	const upload_file *files;
	int nfiles;
	const char **types, **shas;
} submission;

static int fields_read(const json_t *body, reports_version *v, err *e)
{
	static const char *const allowed[] = {"customers_served",  "transaction_volume_fen",
	                                      "transaction_count", "complaints_received",
	                                      "incidents",         "boundary_changes",
	                                      "narrative",         NULL};
	int64_t *nums[] = {&v->customers_served, &v->transaction_volume_fen, &v->transaction_count,
	                   &v->complaints_received, &v->incidents};
	bool present;
	if (json_only_fields(body, allowed, e) < 0)
		return -1;
	for (int i = 0; i < 5; i++) {
		if (json_get_int(body, allowed[i], true, nums[i], &present, e) < 0)
			return -1;
		if (*nums[i] < 0)
			return err_set(e, 400, "invalid_value", allowed[i],
			               "Field {field} must not be negative.");
	}
	v->boundary_changes = "";
	if (json_get_str(body, "boundary_changes", false, REPORT_SHORT_TEXT_MAX,
	                 &v->boundary_changes, e) < 0 ||
	    json_get_str(body, "narrative", true, REPORT_TEXT_MAX, &v->narrative, e) < 0)
		return -1;
	if (!v->narrative[strspn(v->narrative, " \t\n")])
		return err_set(e, 400, "missing_field", "narrative", "Field {field} is required.");
	return 0;
}

/* The files: each one sniffed (the declared type is never trusted), as materials are. */
static int files_check(arena *a, submission *s, err *e)
{
	if (s->nfiles > REPORT_MAX_FILES)
		return err_set(e, 400, "invalid_value", "file",
		               "A submission may attach at most 4 files.");
	s->types = arena_alloc(a, sizeof(char *) * (size_t)(s->nfiles + 1));
	s->shas = arena_alloc(a, sizeof(char *) * (size_t)(s->nfiles + 1));
	for (int i = 0; i < s->nfiles; i++) {
		const upload_file *f = &s->files[i];
		if (app_file_check(f, &s->types[i], e) < 0)
			return -1;
		unsigned char digest[crypto_hash_sha256_BYTES];
		char *hex = arena_alloc(a, crypto_hash_sha256_BYTES * 2 + 1);
		crypto_hash_sha256(digest, (const unsigned char *)f->data, f->len);
		sodium_bin2hex(hex, crypto_hash_sha256_BYTES * 2 + 1, digest, sizeof digest);
		s->shas[i] = hex;
	}
	return 0;
}

static int submit_tx(store_conn *c, arena *a, const actor *who, int64_t id, const json_t *fields,
                     submission *s, json_t **out, err *e)
{
	store_result *r;
	project_row p;
	/* access first: who may not see the report learns nothing from how its body is judged */
	if (report_load(c, a, who, id, ACCESS_LEAD, &r, &p, e) < 0 || require_supervised(&p, e) < 0)
		return -1;
	if (!submittable(store_get(r, 0, "status")))
		return err_set(
		    e, 409, "invalid_state", NULL,
		    "The report is under review or accepted: no new version is taken now.");
	if (fields_read(fields, &s->v, e) < 0 || files_check(a, s, e) < 0)
		return -1;
	/* §3.3: a coaching project runs no live business, so it has no customers or trades */
	if (!PROJECT_STATES[p.st].live &&
	    (s->v.customers_served || s->v.transaction_count || s->v.transaction_volume_fen))
		return err_set(e, 422, "coaching_no_live_business", NULL,
		               "A coaching project runs no live financial business, so it has no "
		               "live-business data (§3.3).");
	int64_t now = time_now_us(), version = store_get_int(r, 0, "version") + 1, aid;
	if (reports_version_add(c, a, id, version, &s->v, who->user_id, now, e) < 0)
		return -1;
	for (int i = 0; i < s->nfiles; i++) {
		const upload_file *f = &s->files[i];
		const char *name =
		    sniff_name_fits(f->filename, s->types[i])
		        ? f->filename
		        : arena_printf(a, "%s%s", f->filename, sniff_extension(s->types[i]));
		if (materials_blob_put(c, a, s->shas[i], s->types[i], f->data, f->len, now, e) <
		        0 ||
		    reports_attachment_add(c, a, id, version, name, s->shas[i], (int64_t)f->len,
		                           s->types[i], &aid, e) < 0)
			return -1;
	}
	return report_written(c, a, who, id, version, &p, "report.submitted", NULL, out, e);
}

int report_submit(app *ap, arena *a, const actor *who, int64_t id, const json_t *fields,
                  const upload_file *files, int nfiles, json_t **out, err *e)
{
	submission s = {.files = files, .nfiles = nfiles};
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, submit_tx(c, a, who, id, fields, &s, out, e), out, e) : -1;
}

/* ---- the officer's outcome ---- */

static int decide_tx(store_conn *c, arena *a, const actor *who, int64_t id, bool accept,
                     const json_t *body, json_t **out, err *e)
{
	static const char *const allowed[] = {"reason", NULL};
	store_result *r;
	project_row p;
	const char *reason = NULL;
	if (report_load(c, a, who, id, ACCESS_READ, &r, &p, e) < 0 ||
	    json_only_fields(body, allowed, e) < 0 ||
	    json_get_str(body, "reason", !accept, REPORT_SHORT_TEXT_MAX, &reason, e) < 0)
		return -1;
	if (!accept && !reason[strspn(reason, " \t\n")])
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	if (strcmp(store_get(r, 0, "status"), "submitted"))
		return err_set(
		    e, 409, "invalid_state", NULL,
		    "Only a submitted version awaiting review can be accepted or sent back.");
	int64_t version = store_get_int(r, 0, "version");
	const char *outcome = accept ? "accepted" : "changes_requested";
	if (reports_decide(c, a, id, version, outcome, who->user_id, time_now_us(), reason, e) < 0)
		return -1;
	return report_written(c, a, who, id, version, &p,
	                      accept ? "report.accepted" : "report.changes_requested", reason, out,
	                      e);
}

int report_decide(app *ap, arena *a, const actor *who, int64_t id, bool accept, const json_t *body,
                  json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, decide_tx(c, a, who, id, accept, body, out, e), out, e) : -1;
}

/* ---- attachments ---- */

int report_attachment(app *ap, arena *a, const actor *who, int64_t id, int64_t attachment_id,
                      report_attachment_file *out, err *e)
{
	store_result *r, *f;
	project_row p;
	int found = 0;
	store_conn *c = app_snapshot_begin(ap, e);
	int rc = c && report_load(c, a, who, id, ACCESS_READ, &r, &p, e) == 0 &&
	                 (found = reports_attachment_get(c, a, id, attachment_id, &f, e)) >= 0
	             ? 0
	             : -1;
	if (rc == 0 && !found)
		rc = err_set(e, 404, "not_found", "attachment_id", "No such attachment.");
	if (rc == 0) {
		out->filename = store_get(f, 0, "filename");
		out->content_type = store_get(f, 0, "content_type");
		found = materials_blob_get(c, a, store_get(f, 0, "sha256"), &out->data, &out->len, e);
		if (found <= 0)
			rc = found < 0 ? -1
			               : err_set(e, 500, "internal", NULL, "Something went wrong.");
	}
	app_snapshot_end(c);
	return rc;
}

/* ---- a project's summary ---- */

json_t *report_summary(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	project_row p;
	reports_counts n;
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = NULL;
	if (c && project_load(c, a, project_id, &p, e) == 0 &&
	    project_access_check(c, a, who, &p, ACCESS_READ, e) == 0 &&
	    reports_count(c, a, project_id, &n, e) == 0) {
		json_t *sched = schedule_json(c, a, project_id, e);
		if (sched)
			out = json_pack("{s:b, s:o, s:{s:I, s:I, s:I, s:I}}", "supervised",
			                PROJECT_STATES[p.st].supervised, "schedule", sched,
			                "counts", "total", (json_int_t)n.total, "open",
			                (json_int_t)n.open, "overdue", (json_int_t)n.overdue,
			                "submitted", (json_int_t)n.submitted);
	}
	app_snapshot_end(c);
	return out;
}

/* ---- the scheduler's jobs ---- */

/* The periods ended since the launch that the project has no report for yet. */
static int missing_periods(store_conn *c, arena *a, const store_result *sr, int i, cal_date today,
                           reporting_period *out, int *n, err *e)
{
	cal_date launched;
	*n = 0;
	if (cal_parse(store_get(sr, i, "launched_on"), &launched) < 0)
		return 0;
	reporting_period all[REPORTING_MAX_PERIODS];
	int total = reporting_periods_ended(periods_kinds(store_get(sr, i, "periods")), launched,
	                                    today, all, REPORTING_MAX_PERIODS);
	if (total == 0)
		return 0;
	store_result *have;
	if (reports_periods_of(c, a, store_get_int(sr, i, "id"), &have, e) < 0)
		return -1;
	for (int k = 0; k < total && k < REPORTING_MAX_PERIODS; k++) {
		bool known = false;
		for (int h = 0; !known && h < have->nrows; h++)
			known = !strcmp(store_get(have, h, "period"), all[k].id) &&
			        !strcmp(store_get(have, h, "kind"), reporting_kind_id(all[k].kind));
		if (!known)
			out[(*n)++] = all[k];
	}
	return 0;
}

/* Requests the missing periods of one project, in one write transaction: the insert skips a
 * period another node requested meanwhile, and only a row inserted here has its event. */
static int generate_tx(store_conn *c, arena *a, int64_t project_id, int64_t due_days,
                       const reporting_period *ps, int n, int *done, err *e)
{
	calendar cal;
	if (calendar_load(c, a, &cal, e) < 0)
		return -1;
	for (int k = 0; k < n; k++) {
		char due[11];
		cal_format(reporting_after(&cal, ps[k].end, (int)due_days), due);
		reports_new rn = {.project_id = project_id,
		                  .kind = reporting_kind_id(ps[k].kind),
		                  .period = ps[k].id,
		                  .now = time_now_us()};
		int64_t id;
		int added;
		if (obligation_dates(c, a, arena_strdup(a, due), &rn, e) < 0 ||
		    (added = reports_insert(c, a, &rn, &id, e)) < 0)
			return -1;
		if (!added)
			continue;
		if (app_event(c, a, &ACTOR_SCHEDULER, "project", project_id, "report.requested",
		              "periodic report (§4.3.2)",
		              json_pack("{s:I, s:s, s:s, s:s}", "report_id", (json_int_t)id, "kind",
		                        rn.kind, "period", rn.period, "due_on", rn.due_on),
		              e) < 0)
			return -1;
		(*done)++;
	}
	return 0;
}

int reports_generate_due(app *ap, arena *a, int64_t now, int *done, err *e)
{
	*done = 0;
	cal_date today = cal_from_us_cst(now);
	const char *states = supervised_states(a);
	store_result *sr;
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	int rc = reports_schedules_of(c, a, states, &sr, e);
	app_read_end(c);
	if (rc < 0)
		return -1;
	reporting_period *missing = arena_alloc(a, sizeof *missing * REPORTING_MAX_PERIODS);
	for (int i = 0; i < sr->nrows; i++) {
		int n;
		/* looked at first without the write lock: most passes find nothing to do */
		c = app_read_begin(ap, e);
		if (!c)
			return -1;
		rc = missing_periods(c, a, sr, i, today, missing, &n, e);
		app_read_end(c);
		if (rc < 0)
			return -1;
		if (!n)
			continue;
		int64_t days = store_get(sr, i, "due_working_days")
		                   ? store_get_int(sr, i, "due_working_days")
		                   : REPORT_DUE_WORKING_DAYS_DEFAULT;
		c = app_tx_begin(ap, e);
		if (!c ||
		    app_tx_end(
		        c, generate_tx(c, a, store_get_int(sr, i, "id"), days, missing, n, done, e),
		        e) < 0)
			return -1;
	}
	return 0;
}

static const char *const STEP_KIND[] = {
    [REPORT_STEP_REMIND] = "report.reminded",
    [REPORT_STEP_OVERDUE] = "report.overdue",
    [REPORT_STEP_ESCALATE] = "report.escalated",
};

/* One report due for the step, found and marked in the caller's write transaction: 1, or 0
 * when none is (another node did it). */
static int step_tx(store_conn *c, arena *a, reports_step s, const char *today, const char *states,
                   int64_t now, err *e)
{
	int64_t id, project_id;
	const char *due;
	int found = reports_step_due(c, a, s, today, states, &id, &project_id, &due, e);
	if (found <= 0)
		return found;
	if (reports_step_mark(c, a, s, id, now, e) < 0 ||
	    app_event(c, a, &ACTOR_SCHEDULER, "project", project_id, STEP_KIND[s], NULL,
	              json_pack("{s:I, s:s}", "report_id", (json_int_t)id, "due_on", due), e) < 0)
		return -1;
	return 1;
}

#define STEPS_PER_PASS 500

static int step_run(app *ap, arena *a, int64_t now, reports_step s, int *done, err *e)
{
	*done = 0;
	char today[11];
	cal_format(cal_from_us_cst(now), today);
	const char *states = supervised_states(a);
	for (int i = 0; i < STEPS_PER_PASS; i++) {
		int64_t id, project_id;
		const char *due;
		/* a look without the write lock first: most passes find nothing to do */
		store_conn *c = app_read_begin(ap, e);
		int found =
		    c ? reports_step_due(c, a, s, today, states, &id, &project_id, &due, e) : -1;
		app_read_end(c);
		if (found <= 0)
			return found;
		c = app_tx_begin(ap, e);
		if (!c)
			return -1;
		found = step_tx(c, a, s, today, states, now, e);
		if (app_tx_end(c, found < 0 ? -1 : 0, e) < 0)
			return -1;
		if (found == 0)
			return 0;
		(*done)++;
	}
	return 0;
}

int reports_remind_due(app *ap, arena *a, int64_t now, int *done, err *e)
{
	return step_run(ap, a, now, REPORT_STEP_REMIND, done, e);
}

int reports_overdue_due(app *ap, arena *a, int64_t now, int *done, err *e)
{
	return step_run(ap, a, now, REPORT_STEP_OVERDUE, done, e);
}

int reports_escalate_due(app *ap, arena *a, int64_t now, int *done, err *e)
{
	return step_run(ap, a, now, REPORT_STEP_ESCALATE, done, e);
}
