/* Pages of the expert review (§4.1): the expert's list of assigned projects and scoring form,
 * the batches with their ranking, and the review panel of a project page (the score sheet
 * export is web/xlsx.c). */
#ifndef BAOTU_WEB_UI_REVIEW_H
#define BAOTU_WEB_UI_REVIEW_H
#include "core/scoring.h"
#include "web/http.h"

int ui_review_list(req *r);       /* GET /review (expert) */
int ui_review_show(req *r);       /* GET /review/{id} (expert): rubric, or the sheets once in */
int ui_review_submit(req *r);     /* POST /review/{id} (expert) */
int ui_review_conflict(req *r);   /* POST /review/{id}/conflict (expert declares a conflict) */
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

/* The disagreement rule as people read it (§4.1 figures). */
const char *review_rule_text(req *r);
/* The label of a rubric criterion in the caller's language. */
const char *review_criterion_label(req *r, scoring_criterion c);
#endif
