/* Reporting obligations (§4.3.2): a supervised project reports periodically (monthly,
 * quarterly, annual: which, and how many working days after a period each is due, an officer
 * configures per project) and when an officer asks (ad-hoc, with a due date). The lead
 * institution submits versions with structured figures and attachments; an officer accepts a
 * version or asks for changes. The scheduler (app/jobs.c) requests the periodic reports as
 * periods end, reminds before the due date, marks reports overdue after it and escalates them
 * to the leaders after a further delay, each step once. */
#ifndef BAOTU_APP_REPORTS_H
#define BAOTU_APP_REPORTS_H
#include "app/app.h"

#define REPORT_DUE_WORKING_DAYS_DEFAULT 10     /* a project without a schedule of its own */
#define REPORT_REMIND_WORKING_DAYS_DEFAULT 3   /* setting report_remind_working_days */
#define REPORT_ESCALATE_WORKING_DAYS_DEFAULT 5 /* setting report_escalate_working_days */
#define REPORT_MAX_FILES 4
#define REPORT_TEXT_MAX 20000 /* narrative */
#define REPORT_SHORT_TEXT_MAX 4000

/* PUT /api/v1/projects/{id}/reporting {"periods":[...], "due_working_days":N} (an officer):
 * *out the schedule. GET: the schedule in force (the defaults when none was set). */
int reporting_configure(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                        json_t **out, err *e);
json_t *reporting_get(app *ap, arena *a, const actor *who, int64_t project_id, err *e);

/* POST /api/v1/projects/{id}/reports {"title","due_on","note"} (an officer): an ad-hoc report. */
int report_request(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                   json_t **out, err *e);
/* A page of reports: of a project (project_id > 0; who must see it) or of every project (the
 * working group); status: open, submitted, changes_requested, accepted or overdue (open and
 * past due), NULL for any. */
json_t *report_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *status,
                    int64_t after, int limit, err *e);
/* GET /api/v1/reports/{id}: the report with every version and its attachments, and what the
 * caller may do with it. */
json_t *report_get(app *ap, arena *a, const actor *who, int64_t id, err *e);

/* A submission: the fields (a JSON object) and the files attached (names already safe). */
int report_submit(app *ap, arena *a, const actor *who, int64_t id, const json_t *fields,
                  const upload_file *files, int nfiles, json_t **out, err *e);
/* An officer's outcome on the version under review: accepted, or changes requested (a reason
 * is required then). */
int report_decide(app *ap, arena *a, const actor *who, int64_t id, bool accept, const json_t *body,
                  json_t **out, err *e);

/* GET /api/v1/reports/{id}/attachments/{aid}: the bytes, for whoever may read the report. */
typedef struct report_attachment_file {
	const char *data, *content_type, *filename;
	size_t len;
} report_attachment_file;
int report_attachment(app *ap, arena *a, const actor *who, int64_t id, int64_t attachment_id,
                      report_attachment_file *out, err *e);

/* What a project page shows: {"supervised", "schedule", "counts": {total, open, overdue,
 * submitted}}, or NULL with 404 when who may not see the project's reports. */
json_t *report_summary(app *ap, arena *a, const actor *who, int64_t project_id, err *e);

/* ---- the scheduler's jobs (app/jobs.c); *done counts what each did ---- */

/* Requests the periodic reports of the periods that ended since the project launched. */
int reports_generate_due(app *ap, arena *a, int64_t now, int *done, err *e);
int reports_remind_due(app *ap, arena *a, int64_t now, int *done, err *e);
int reports_overdue_due(app *ap, arena *a, int64_t now, int *done, err *e);
int reports_escalate_due(app *ap, arena *a, int64_t now, int *done, err *e);
#endif
