/* The reports aggregate in the store (§4.3.2): each project's reporting schedule, its report
 * obligations (periodic and ad-hoc), every submitted version with its attachments, and the
 * scheduler's steps on each (reminded, overdue, escalated). The functions run inside the
 * caller's transaction and return strings in its arena. A function that looks a row up or
 * adds one returns 1 (found, added), 0 (none) or -1, as store_int does; the others 0 or -1. A
 * list that pages returns limit + 1 rows at most, for app_page. */
#ifndef BAOTU_STORE_REPORTS_H
#define BAOTU_STORE_REPORTS_H
#include "store/store.h"

/* ---- the schedule ---- */

/* periods (JSON text), due_working_days, configured_by, configured_at. */
int reports_schedule_get(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* Sets (inserts or replaces) the schedule. */
int reports_schedule_put(store_conn *c, arena *a, int64_t project_id, const char *periods,
                         int64_t due_working_days, int64_t by, int64_t now, err *e);
/* The launched projects in one of the states of `states` (a comma-separated list of state
 * ids): id, name, state, launched_on, and their schedule's periods and due_working_days (NULL
 * when the project has none), by id. */
int reports_schedules_of(store_conn *c, arena *a, const char *states, store_result **out, err *e);
/* The periodic reports a project has (kind, period). */
int reports_periods_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);

/* ---- obligations ---- */

/* A report as the loaders below return it: its columns, the project's name and state. */
#define REPORT_COLS                                                                                \
	"r.id, r.project_id, r.kind, r.period, r.title, r.note, r.due_on, r.remind_on, "           \
	"r.escalate_after, r.status, r.version, r.requested_by, r.requested_at, r.reminded_at, "   \
	"r.overdue_at, r.escalated_at, r.updated_at, p.name AS project_name, p.state AS "          \
	"project_state"

typedef struct reports_new {
	int64_t project_id;
	const char *kind, *period; /* period NULL for adhoc */
	const char *title, *note;  /* may be NULL */
	const char *due_on, *remind_on, *escalate_after;
	int64_t requested_by; /* 0: the scheduler */
	int64_t now;
} reports_new;
/* 1 and *id, or 0 when the project already has that periodic report. */
int reports_insert(store_conn *c, arena *a, const reports_new *n, int64_t *id, err *e);
int reports_get(store_conn *c, arena *a, int64_t id, store_result **out, err *e);

/* What a list shows; a zero field filters nothing. status "overdue": open and past due. */
typedef struct reports_filter {
	int64_t project_id;
	const char *status;
	const char *states; /* only projects in these states (comma-separated ids); NULL: any */
} reports_filter;
int reports_list(store_conn *c, arena *a, const reports_filter *f, int64_t after, int limit,
                 store_result **out, err *e);
/* Counts of a project's reports: total, open (awaiting a submission), overdue (open and past
 * due), submitted (awaiting review). */
typedef struct reports_counts {
	int64_t total, open, overdue, submitted;
} reports_counts;
int reports_count(store_conn *c, arena *a, int64_t project_id, reports_counts *n, err *e);

/* ---- versions ---- */

typedef struct reports_version {
	int64_t customers_served, transaction_volume_fen, transaction_count, complaints_received,
	    incidents;
	const char *boundary_changes, *narrative;
} reports_version;
/* Adds version `version` of report_id and sets the report submitted at that version. */
int reports_version_add(store_conn *c, arena *a, int64_t report_id, int64_t version,
                        const reports_version *v, int64_t by, int64_t now, err *e);
/* Every version, oldest first: the fields, submitted_by, submitted_at, outcome, decided_by,
 * decided_at, decision_reason and the submitter's username. */
int reports_versions_of(store_conn *c, arena *a, int64_t report_id, store_result **out, err *e);
/* The officer's outcome on the version under review, and the report's status after it. */
int reports_decide(store_conn *c, arena *a, int64_t report_id, int64_t version, const char *outcome,
                   int64_t by, int64_t now, const char *reason, err *e);

/* ---- attachments (bytes in blobs, as materials') ---- */

int reports_attachment_add(store_conn *c, arena *a, int64_t report_id, int64_t version,
                           const char *filename, const char *sha256, int64_t size,
                           const char *content_type, int64_t *id, err *e);
/* id, version, filename, sha256, size, content_type; by version then id. */
int reports_attachments_of(store_conn *c, arena *a, int64_t report_id, store_result **out, err *e);
int reports_attachment_get(store_conn *c, arena *a, int64_t report_id, int64_t id,
                           store_result **out, err *e);

/* ---- the scheduler's steps ---- */

typedef enum {
	REPORT_STEP_REMIND,   /* open, not yet reminded, remind_on <= today <= due_on */
	REPORT_STEP_OVERDUE,  /* open, due_on < today */
	REPORT_STEP_ESCALATE, /* open, overdue, escalate_after < today */
} reports_step;
/* The oldest report due for the step today, in a project in one of `states`: 1 and *id, its
 * project_id and due_on, or 0. */
int reports_step_due(store_conn *c, arena *a, reports_step s, const char *today, const char *states,
                     int64_t *id, int64_t *project_id, const char **due_on, err *e);
/* Records the step at now on the report: 1, or 0 when it was recorded already. */
int reports_step_mark(store_conn *c, arena *a, reports_step s, int64_t id, int64_t now, err *e);
#endif
