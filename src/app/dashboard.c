/* One table of the sources of the dashboards: a new kind of obligation, deadline or alert is a
 * row here and a function that appends its items (its kind, message and severities are a row
 * of core/dashboard.c's DASH_KINDS), nothing else. Every source reads in one snapshot. */
#include "app/dashboard.h"
#include "app/app_internal.h"
#include "app/calendar_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/dashboard.h"
#include "core/incident.h"
#include "core/roles.h"
#include "core/workflow.h"
#include "lib/time.h"
#include "store/calendar.h"
#include "store/dashboard.h"

#define SOURCE_MAX 200 /* items of one source at most */

/* What every source reads from and writes to. */
typedef struct dash {
	arena *a;
	const actor *who;
	store_conn *c;
	dash_side side;
	int64_t inst;             /* the institution's projects only; 0: every project */
	char today[11], soon[11]; /* a dated deadline up to soon shows */
	int64_t now;
	json_t *items;
	err *e;
} dash;

/* One item, when the caller's side sees its kind: due_on (a day, may be NULL) or due_at (UTC
 * µs, 0 for none) is its deadline; params (taken) fill its title's {placeholders}. */
static void item_add(dash *d, dash_kind k, const char *due_on, int64_t due_at, int64_t project_id,
                     const char *project_name, json_t *params, const char *link)
{
	int sev = dash_severity_of(k, d->side);
	if (sev == DASH_NONE) {
		json_decref(params);
		return;
	}
	if (due_on && !due_at)
		due_at = dash_due_at(due_on);
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s}", "kind", DASH_KINDS[k].id, "severity",
	                      DASH_SEVERITY_IDS[sev], "title", DASH_KINDS[k].title, "params",
	                      params ? params : json_object(), "link", link);
	json_object_set_new(o, "due_at", due_at ? json_integer(due_at) : json_null());
	json_object_set_new(o, "due_on", due_on ? json_string(due_on) : json_null());
	json_object_set_new(o, "project",
	                    project_id ? json_pack("{s:I, s:s}", "id", (json_int_t)project_id,
	                                           "name", project_name ? project_name : "")
	                               : json_null());
	json_array_append_new(d->items, o);
}

/* item_add about the project of row i of r (columns project_id, project_name). */
static void row_add(dash *d, dash_kind k, const store_result *r, int i, const char *due_on,
                    int64_t due_at, json_t *params, const char *link)
{
	item_add(d, k, due_on, due_at, store_get_int(r, i, "project_id"),
	         store_get(r, i, "project_name"), params, link);
}

static bool supervised(const store_result *r, int i)
{
	const state_info *si = project_state_info(store_get(r, i, "project_state"));
	return si && si->supervised;
}

/* From October on, next year's working-day calendar must be entered (§4.2 periods). */
static int src_calendar(dash *d)
{
	cal_date t;
	store_result *r;
	if (cal_parse(d->today, &t) < 0 || t.m < 10)
		return 0;
	if (calendar_days_of_year(d->c, d->a, t.y + 1, &r, d->e) < 0)
		return -1;
	if (r->nrows == 0)
		item_add(d, DK_CALENDAR_MISSING, NULL, 0, 0, NULL,
		         json_pack("{s:i}", "year", t.y + 1),
		         arena_printf(d->a, "/calendar/%d#import", t.y + 1));
	return 0;
}

/* Reports to submit (due soon or overdue), and for an officer those to review (§4.3.2). */
static int src_reports(dash *d)
{
	store_result *r;
	if (dashboard_reports(d->c, d->a, d->inst, d->soon, SOURCE_MAX, &r, d->e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++) {
		if (!supervised(r, i))
			continue;
		int64_t id = store_get_int(r, i, "id");
		const char *due = store_get(r, i, "due_on"), *label = store_get(r, i, "title");
		if (!label || !*label)
			label = store_get(r, i, "period");
		if (!label)
			label = arena_printf(d->a, "#%lld", (long long)id);
		const char *link = arena_printf(d->a, "/reports/%lld", (long long)id);
		if (!strcmp(store_get(r, i, "status"), "submitted")) {
			if (d->who->role == ROLE_OFFICER)
				row_add(d, DK_REPORT_REVIEW, r, i, NULL, 0,
				        json_pack("{s:s, s:I}", "report", label, "version",
				                  (json_int_t)store_get_int(r, i, "version")),
				        link);
			continue;
		}
		dash_due st = dash_due_of(due, d->today, d->soon);
		if (st != DASH_DUE_LATER)
			row_add(d, st == DASH_DUE_PAST ? DK_REPORT_OVERDUE : DK_REPORT_DUE, r, i,
			        due, 0, json_pack("{s:s, s:s}", "report", label, "due_on", due),
			        link);
	}
	return 0;
}

/* Open alerts of the risk indicators, by level. */
static int src_alerts(dash *d)
{
	store_result *r;
	if (dashboard_alerts(d->c, d->a, d->inst, SOURCE_MAX, &r, d->e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++) {
		if (!supervised(r, i))
			continue;
		const char *level = store_get(r, i, "level"),
		           *name = store_get(r, i, "indicator_name");
		dash_kind k = !strcmp(level, "breach")    ? DK_ALERT_BREACH
		              : !strcmp(level, "warning") ? DK_ALERT_WARNING
		                                          : DK_ALERT_STALE;
		row_add(d, k, r, i, NULL, 0,
		        json_pack("{s:s, s:s}", "indicator",
		                  name && *name ? name : store_get(r, i, "indicator_key"), "level",
		                  level),
		        arena_printf(d->a, "/projects/%lld/alerts?status=open",
		                     (long long)store_get_int(r, i, "project_id")));
	}
	return 0;
}

/* Incidents: the initial report due or late, guidance awaited after a new report, the final
 * report awaited, the report to the CSRC once it is in; for the CSRC, the acknowledgement. */
static int src_incidents(dash *d)
{
	store_result *r;
	bool csrc = d->side == DASH_CSRC;
	if (dashboard_incidents(d->c, d->a, d->inst, csrc, SOURCE_MAX, &r, d->e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++) {
		int64_t id = store_get_int(r, i, "id");
		const char *state = store_get(r, i, "state");
		const char *link = arena_printf(d->a, "/incidents/%lld", (long long)id);
#define PARAMS json_pack("{s:s}", "incident", store_get(r, i, "title"))
		if (csrc) {
			row_add(d, DK_INCIDENT_ACKNOWLEDGE, r, i, NULL, 0, PARAMS, link);
		} else if (!strcmp(state, "awaiting_initial")) {
			int64_t due = store_get_int(r, i, "initial_due_at");
			row_add(d,
			        incident_initial_late(due, 0, d->now) ? DK_INCIDENT_INITIAL_LATE
			                                              : DK_INCIDENT_INITIAL_DUE,
			        r, i, NULL, due, PARAMS, link);
		} else if (!strcmp(state, "reported")) {
			if (store_get_int(r, i, "last_report") >
			    store_get_int(r, i, "last_guidance"))
				row_add(d, DK_INCIDENT_GUIDANCE, r, i, NULL, 0, PARAMS, link);
			row_add(d, DK_INCIDENT_FINAL_DUE, r, i, NULL, 0, PARAMS, link);
		} else if (!strcmp(state, "final")) {
			row_add(d, DK_INCIDENT_CSRC_REPORT, r, i, NULL, 0, PARAMS, link);
		}
#undef PARAMS
	}
	return 0;
}

/* Complaints whose response is due soon or overdue; for the CSRC, those escalated to it. */
static int src_complaints(dash *d)
{
	store_result *r;
	if (d->who->role == ROLE_CSRC) {
		if (dashboard_complaints_to_csrc(d->c, d->a, SOURCE_MAX, &r, d->e) < 0)
			return -1;
		for (int i = 0; i < r->nrows; i++)
			row_add(d, DK_COMPLAINT_ESCALATED, r, i, NULL, 0,
			        json_pack("{s:s}", "reference", store_get(r, i, "reference")),
			        arena_printf(d->a, "/complaints/%lld",
			                     (long long)store_get_int(r, i, "id")));
		return 0;
	}
	if (dashboard_complaints(d->c, d->a, d->inst, d->soon, SOURCE_MAX, &r, d->e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++) {
		const char *due = store_get(r, i, "due_on");
		dash_due st = dash_due_of(due, d->today, d->soon);
		if (st != DASH_DUE_LATER)
			row_add(d, st == DASH_DUE_PAST ? DK_COMPLAINT_OVERDUE : DK_COMPLAINT_DUE, r,
			        i, due, 0,
			        json_pack("{s:s, s:s}", "reference", store_get(r, i, "reference"),
			                  "due_on", due),
			        arena_printf(d->a, "/complaints/%lld",
			                     (long long)store_get_int(r, i, "id")));
	}
	return 0;
}

/* Inspections: document requests and rectifications due soon or late; for an officer,
 * rectification evidence to verify. */
static int src_inspections(dash *d)
{
	store_result *r;
	if (dashboard_inspections(d->c, d->a, d->inst, d->soon, SOURCE_MAX, &r, d->e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++) {
		const char *kind = store_get(r, i, "kind"), *due = store_get(r, i, "due_on");
		const char *link = arena_printf(d->a, "/inspections/%lld",
		                                (long long)store_get_int(r, i, "inspection_id"));
		if (!strcmp(kind, "verification")) {
			if (d->who->role == ROLE_OFFICER)
				row_add(d, DK_RECTIFICATION_VERIFY, r, i, NULL, 0, NULL, link);
			continue;
		}
		bool docs = !strcmp(kind, "document_request");
		dash_due st = dash_due_of(due, d->today, d->soon);
		if (st == DASH_DUE_LATER)
			continue;
		dash_kind k = st == DASH_DUE_PAST
		                  ? (docs ? DK_DOCUMENTS_OVERDUE : DK_RECTIFICATION_OVERDUE)
		                  : (docs ? DK_DOCUMENTS_DUE : DK_RECTIFICATION_DUE);
		row_add(d, k, r, i, due, 0, json_pack("{s:s}", "due_on", due), link);
	}
	return 0;
}

/* Situation reports the working group sent the CSRC, not yet acknowledged. */
static int src_situations(dash *d)
{
	store_result *r;
	if (dashboard_situations(d->c, d->a, SOURCE_MAX, &r, d->e) < 0)
		return -1;
	for (int i = 0; i < r->nrows; i++)
		row_add(d, DK_SITUATION_ACKNOWLEDGE, r, i, NULL, 0,
		        json_pack("{s:s}", "title", store_get(r, i, "title")), "/situations");
	return 0;
}

#define WORKING_GROUP (ROLE_OFFICER | ROLE_LEADER)

typedef struct dashboard_source {
	const char *name;
	role roles; /* who sees its items */
	int (*collect)(dash *d);
} dashboard_source;

static const dashboard_source SOURCES[] = {
    {"calendar", ROLE_ADMIN | WORKING_GROUP, src_calendar},
    {"reports", WORKING_GROUP | ROLE_INSTITUTION, src_reports},
    {"alerts", WORKING_GROUP | ROLE_INSTITUTION, src_alerts},
    {"incidents", WORKING_GROUP | ROLE_INSTITUTION | ROLE_CSRC, src_incidents},
    {"complaints", WORKING_GROUP | ROLE_INSTITUTION | ROLE_CSRC, src_complaints},
    {"inspections", WORKING_GROUP | ROLE_INSTITUTION, src_inspections},
    {"situations", ROLE_CSRC, src_situations},
};

static int item_cmp(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	int sa = dash_severity_rank(json_string_value(json_object_get(a, "severity"))),
	    sb = dash_severity_rank(json_string_value(json_object_get(b, "severity")));
	if (sa != sb)
		return sa - sb;
	json_t *da = json_object_get(a, "due_at"), *db = json_object_get(b, "due_at");
	if (json_is_integer(da) != json_is_integer(db))
		return json_is_integer(da) ? -1 : 1;
	if (json_is_integer(da) && json_integer_value(da) != json_integer_value(db))
		return json_integer_value(da) < json_integer_value(db) ? -1 : 1;
	int k = strcmp(json_string_value(json_object_get(a, "kind")),
	               json_string_value(json_object_get(b, "kind")));
	if (k)
		return k;
	/* a stable order for the rest: by link (the object's page) */
	return strcmp(json_string_value(json_object_get(a, "link")),
	              json_string_value(json_object_get(b, "link")));
}

static dash_side side_of(role rl)
{
	return rl == ROLE_INSTITUTION ? DASH_INSTITUTION
	       : rl == ROLE_CSRC      ? DASH_CSRC
	       : rl == ROLE_ADMIN     ? DASH_ADMIN
	                              : DASH_WORKING_GROUP;
}

static int collect(store_conn *c, arena *a, const actor *who, json_t *items, err *e)
{
	dash d = {.a = a,
	          .who = who,
	          .c = c,
	          .side = side_of(who->role),
	          .items = items,
	          .e = e,
	          .now = time_now_us()};
	if (who->role == ROLE_INSTITUTION) {
		if (who->institution_id <= 0)
			return 0; /* a user of no institution has no project */
		d.inst = who->institution_id;
	}
	calendar cal;
	cal_date today;
	app_today(d.today);
	if (calendar_load(c, a, &cal, e) < 0 || cal_parse(d.today, &today) < 0)
		return -1;
	cal_format(
	    cal_add_working_days(&cal, cal_from_days(cal_days(today) + 1), DASH_SOON_WORKING_DAYS),
	    d.soon);
	for (size_t i = 0; i < sizeof SOURCES / sizeof *SOURCES; i++)
		if ((SOURCES[i].roles & who->role) && SOURCES[i].collect(&d) < 0)
			return -1;
	return 0;
}

json_t *dashboard_get(app *ap, arena *a, const actor *who, err *e)
{
	json_t *items = json_array();
	store_conn *c = app_snapshot_begin(ap, e);
	int rc = c ? collect(c, a, who, items, e) : -1;
	app_snapshot_end(c);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	size_t n = json_array_size(items);
	json_t **v = arena_alloc(a, (n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(items, i));
	qsort(v, n, sizeof *v, item_cmp);
	json_array_clear(items);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, v[i]);
	return json_pack("{s:o}", "items", items);
}
