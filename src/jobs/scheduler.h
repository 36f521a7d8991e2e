/* The scheduler: a thread of `baotu serve` that does due work (coaching expiry, later
 * reminders and escalations). Each job is claimed and done in one transaction: exactly once. */
#ifndef BAOTU_JOBS_SCHEDULER_H
#define BAOTU_JOBS_SCHEDULER_H
#include "app/app.h"

/* Starts the thread; interval_ms between runs (0 disables). */
int scheduler_start(app *ap, unsigned interval_ms);
void scheduler_stop(void);
/* One pass now (the CLI's `baotu jobs run` and tests). Returns jobs done, -1 on error. */
int scheduler_run_once(app *ap, err *e);
#endif
