/* Batches and review panels (§4.1): the batches, a batch with its ranking and panels, the
 * officer's panel forms, and the review pieces other pages show. */
#ifndef BAOTU_WEB_UI_BATCHES_H
#define BAOTU_WEB_UI_BATCHES_H
#include "web/http.h"

int ui_batches(req *r);           /* GET /batches (staff); officers get the new-batch form */
int ui_batch_create(req *r);      /* POST /batches (officer, admin) */
int ui_batch_show(req *r);        /* GET /batches/{id} (staff): ranking, flags, export, panels */
int ui_assignment_create(req *r); /* POST /projects/{id}/assignments (officer), back to ?next */
int ui_recusal_grant(req *r);     /* POST /projects/{id}/recusal-requests/{request_id}/grant */
int ui_recusal_deny(req *r);      /* POST /projects/{id}/recusal-requests/{request_id}/deny */
int ui_exclusion_create(req *r);  /* POST /projects/{id}/exclusions (officer), back to ?next */

/* The review section (<section id="review">) of a project page: for officer and leader the
 * panel (experts, conflicts, statistics; the assign form for officers), for an assigned expert
 * a link to the scoring page; nothing for others. Writes to r->out. */
void ui_review_section(req *r, int64_t project_id);
/* The evidence of a select/reject decision (decision JSON "evidence"): the excluded score
 * sheets with reasons and who excluded them, for the leader who approves. Nothing when absent. */
void ui_review_evidence(req *r, json_t *evidence);
#endif
