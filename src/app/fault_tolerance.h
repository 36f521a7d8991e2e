/* Fault tolerance (§5.2, 五(二)容错机制): the working group's determination on an incident of
 * a pilot that it may be penalised lightly or not at all, as the workflow's
 * determine_fault_tolerance (an officer proposes, a leader approves; app/fault_tolerance.c).
 * Who reads them: whoever may read the project (the working group, the CSRC, the project's
 * member institutions); on an incident, whoever may read the incident. */
#ifndef BAOTU_APP_FAULT_TOLERANCE_H
#define BAOTU_APP_FAULT_TOLERANCE_H
#include "app/app.h"

/* GET /api/v1/projects/{id}/fault-tolerance: {"items":[determination...],"next"} (filter is
 * unused). A project the caller may not see is 404. */
json_t *fault_tolerance_list(app *ap, arena *a, const actor *who, int64_t project_id,
                             const char *filter, int64_t after, int limit, err *e);
#endif
