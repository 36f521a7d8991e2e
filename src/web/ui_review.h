/* The expert review (§4.1): the expert's list of assigned projects and scoring form, and the
 * pieces of review the batch pages (ui_batches.c) and the score sheet export (xlsx.c) share. */
#ifndef BAOTU_WEB_UI_REVIEW_H
#define BAOTU_WEB_UI_REVIEW_H
#include "core/scoring.h"
#include "web/ui.h"

int ui_review_list(req *r);     /* GET /review (expert) */
int ui_review_show(req *r);     /* GET /review/{id} (expert): rubric, or the sheets once in */
int ui_review_submit(req *r);   /* POST /review/{id} (expert) */
int ui_review_conflict(req *r); /* POST /review/{id}/conflict (expert declares a conflict) */

/* The label of a rubric criterion in the caller's language. */
const char *review_criterion_label(req *r, scoring_criterion c);
/* The disagreement rule as people read it (§4.1 figures). */
const char *review_rule_text(req *r);
/* A figure (mean, median...) to two decimals; "—" when there is none. */
const char *review_figure(req *r, json_t *v);
/* A person of the review (expert, excluder): the display name, else the username. */
const char *review_person_name(json_t *o);
/* The error box of a review form: a criterion's score or comment named by its label. */
void review_form_error(req *r);
/* A batch's weights, one row per criterion. */
void review_weights_table(req *r, json_t *weights);
/* The statistics of one project (score_list's "statistics"). */
void review_stats_facts(req *r, json_t *statistics);
/* The sheets of a project (score_list's "items"), comments beneath; for an expert, the other
 * experts are anonymous. */
void review_sheets_table(req *r, json_t *items, bool expert);
#endif
