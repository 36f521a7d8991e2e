/* Materials as the workflow's guards read them, inside the caller's transaction. */
#ifndef BAOTU_APP_MATERIALS_INTERNAL_H
#define BAOTU_APP_MATERIALS_INTERNAL_H
#include "app/materials.h"
#include "app/app_internal.h"

/* The required kinds (JSON array of ids, in MATERIAL_KINDS order) that have no upload yet.
 * For the submit guard: runs inside the caller's transaction. */
int materials_missing(store_conn *c, arena *a, int64_t project_id, const char *track,
                      json_t **missing_list, err *e);

#endif
