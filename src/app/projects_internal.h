/* What the other use cases call of projects inside their own transaction. */
#ifndef BAOTU_APP_PROJECTS_INTERNAL_H
#define BAOTU_APP_PROJECTS_INTERNAL_H
#include "app/app_internal.h"
#include "app/projects.h"

/* §3.3: the handler of a coaching_end job (app/jobs.c): ends the project's coaching year when
 * its guard holds (then *done goes up), in the caller's write transaction; 0, or -1. */
int project_end_coaching_job(store_conn *c, arena *a, app *ap, int64_t project_id, int *done,
                             err *e);
#endif
