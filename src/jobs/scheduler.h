/* The scheduler: a thread of `baotu serve` that does due work (app/jobs.c: the end of a
 * coaching year, periodic reports, reminders, overdue reports and escalations, the outbox of
 * notifications). Each item is found and done in one write transaction: exactly once across
 * nodes and restarts (deliveries: at least once, see app/delivery.c). */
#ifndef BAOTU_JOBS_SCHEDULER_H
#define BAOTU_JOBS_SCHEDULER_H
#include "app/app.h"

/* Starts the thread; interval_ms between runs (0 disables). */
int scheduler_start(app *ap, unsigned interval_ms);
void scheduler_stop(void);
/* One pass now (the CLI's `baotu jobs run` and tests). Returns jobs done, -1 on error. */
int scheduler_run_once(app *ap, err *e);
#endif
