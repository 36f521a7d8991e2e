/* Who may see and do what with a project: the rules live in access.c (access_internal.h for
 * the use cases); this is the part the web layer calls. */
#ifndef BAOTU_APP_ACCESS_H
#define BAOTU_APP_ACCESS_H
#include "app/app.h"

/* ACCESS_KNOWN in a read transaction of its own: the check that comes before a request body
 * is looked at, so that a caller who may not know the project learns nothing from how its body
 * is judged (web/routes.c: ROUTE_PROJECT). */
int project_check_known(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
#endif
