/* Batches and expert review (§4.1): calls for applications with their scoring weights, the
 * expert pool, assignments, conflicts of interest, score sheets, statistics and ranking.
 *
 * Who sees what:
 *  - Batches: officer and admin write; staff read (a csrc user sees only the projects
 *    project_check_access lets it read). Weights change only until the batch's first score.
 *  - An expert works only on projects assigned to them without a conflict of interest. A
 *    conflict (declared by the expert, declared by the lead applicant, or detected when the
 *    expert's institution is a member of the project) blocks the expert for good: reads of the
 *    project, its materials and its scores answer 404 (as for a project never assigned); a
 *    score submission answers 403 conflict_of_interest, since the expert knows the project
 *    (it was assigned to them) and should learn why the sheet is refused. Sheets of conflicted
 *    experts never count.
 *  - Experts see the other experts' sheets (without their names) and the statistics only once
 *    their own sheet is in; submission is final (a second one is 409 already_submitted).
 *  - Officer and leader see every sheet with the expert's name, and the statistics. */
#ifndef BAOTU_APP_REVIEW_H
#define BAOTU_APP_REVIEW_H
#include "app/app.h"
#include "core/scoring.h"

#define REVIEW_COMMENT_MAX 2000 /* characters per criterion comment */
#define REVIEW_REASON_MAX 2000

/* ---- batches ---- */
int batch_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e);
/* Changes name / opens_on / closes_on / weights; weights only before any score (409). */
int batch_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body, json_t **out,
                 err *e);
/* {"items":[batch...],"next"} */
json_t *batch_list(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e);
/* The batch with "projects" and "ranking" (each project's statistics, ranked). */
json_t *batch_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* batch_get plus "sheets": every score sheet of the batch's projects (for the export). */
json_t *batch_scores(app *ap, arena *a, const actor *who, int64_t id, err *e);

/* ---- the expert pool ---- */
int expert_add(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e);
json_t *expert_list(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e);

/* ---- assignments and conflicts ---- */
/* Assigns a pool expert to an accepted or in-review project. When the expert's institution
 * is a member of the project, a conflict (source automatic) is recorded with it. */
int assignment_add(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                   json_t **out, err *e);
/* Refused (409 already_submitted) once the expert's sheet is in. */
int assignment_remove(app *ap, arena *a, const actor *who, int64_t project_id, int64_t expert_id,
                      const char *reason, err *e);
/* {"items":[assignment with its conflicts and sheet status], "conflicts":[every conflict]} */
json_t *assignment_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
/* By the expert ({reason}) or by the lead applicant's user ({expert_id, reason}). */
int conflict_declare(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e);

/* ---- scoring ---- */
/* PUT /api/v1/projects/{id}/scores: {"scores":{criterion:{"score","comment"}}}, all six. */
int score_submit(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                 json_t **out, err *e);
json_t *score_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
/* The calling expert's assigned projects without a conflict: {"items":[...],"next"}. */
json_t *review_queue(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e);

/* ---- for the workflow's guards (src/app/projects.c), within its transaction ---- */
/* True when at least one assigned expert without a conflict exists and every such expert has
 * submitted; *sheets counts their sheets. Either output may be NULL. */
int review_scores_complete(store_conn *c, arena *a, int64_t project_id, bool *complete, int *sheets,
                           err *e);
#endif
