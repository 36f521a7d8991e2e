/* Review facts the workflow's guards and effects read, inside the caller's transaction. */
#ifndef BAOTU_APP_REVIEW_INTERNAL_H
#define BAOTU_APP_REVIEW_INTERNAL_H
#include "app/review.h"
#include "app/app_internal.h"

/* §4.1: the batch exists (422 unknown_batch) and today (CST) is within its dates, else 409
 * batch_closed with "open_batches":[{id,name,opens_on,closes_on}] in the error. */
int batch_check_open(store_conn *c, arena *a, int64_t batch_id, err *e);
/* The evidence a select/reject decision carries: {"exclusions":[{expert_id, username,
 * display_name, reason, excluded_by, excluded_by_name, excluded_at}], "sheets_counted",
 * "scores_complete"}. */
int review_decision_evidence(store_conn *c, arena *a, int64_t project_id, json_t **out, err *e);
/* True when at least one assigned expert without a conflict exists and every such expert has
 * submitted; *sheets counts their sheets. Either output may be NULL. */
int review_scores_complete(store_conn *c, arena *a, int64_t project_id, bool *complete, int *sheets,
                           err *e);

#endif
