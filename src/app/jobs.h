/* The scheduler's work, in one table of job kinds (jobs.c): rows of the jobs table that come
 * due (the end of a coaching year) and sweeps that find their own due work (periodic reports,
 * reminders, overdue reports, escalations, the outbox, expired Idempotency-Keys). Each item is
 * found and done in one write transaction, so that it is done once across nodes and restarts.
 * src/jobs/scheduler.c calls jobs_run_due on each pass. */
#ifndef BAOTU_APP_JOBS_H
#define BAOTU_APP_JOBS_H
#include "app/app.h"

/* One pass: every due row of the jobs table, then each sweep in the table's order; *done
 * counts what was done. Records this node's heartbeat. 0, or -1 with the first error (the
 * other kinds still run). */
int jobs_run_due(app *ap, arena *a, int64_t now, int *done, err *e);

/* Only the due rows of the jobs table (the demo's seeding ends a coaching year as the
 * scheduler would, without a heartbeat of the command's own). */
int jobs_run_rows(app *ap, arena *a, int64_t now, int *done, err *e);

/* The kinds in the table's order (for docs and tests): NULL past the last. */
const char *jobs_kind(unsigned i);

/* The latest heartbeat of any node's scheduler: {"node", "last_run_at", "jobs_done"}, or JSON
 * null when no scheduler has run yet; NULL on a store error. For /healthz. */
json_t *jobs_heartbeat(app *ap, arena *a, err *e);

/* This process's name among the nodes: "HOST:PID". */
const char *jobs_node(void);
#endif
