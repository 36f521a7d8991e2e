/* Batches and expert review (§4.1): calls for applications with their scoring weights, the
 * expert pool, assignments, conflicts of interest, score sheets, statistics and ranking.
 *
 * Who sees what:
 *  - Batches: officer and admin write; staff read (a csrc user sees only the projects
 *    project_check_access lets it read). Weights change only until the batch's first score.
 *  - An expert works only on projects assigned to them without a conflict of interest. A
 *    conflict (declared by the expert, asked by the lead applicant and granted by an officer
 *    before scoring opens, or detected when the
 *    expert's institution is a member of the project) blocks the expert for good: reads of the
 *    project, its materials and its scores answer 404 (as for a project never assigned); a
 *    score submission answers 403 conflict_of_interest, since the expert knows the project
 *    (it was assigned to them) and should learn why the sheet is refused. Sheets of conflicted
 *    experts never count.
 *  - Experts see the other experts' sheets (without their names) and the statistics only once
 *    their own sheet is in; submission is final (a second one is 409 already_submitted).
 *  - Officer and leader see every sheet with the expert's name, and the statistics. A sheet
 *    an officer excluded (with a reason) stays on record but does not count.
 *  - Applicants see their own recusal requests and outcomes, never assignments or sheets. */
#ifndef BAOTU_APP_REVIEW_H
#define BAOTU_APP_REVIEW_H
#include "app/app.h"
#include "core/scoring.h"

#define REVIEW_COMMENT_MAX 2000 /* characters per criterion comment */
#define REVIEW_REASON_MAX 2000

/* ---- batches ---- */
int batch_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e);
/* Changes name / opens_on / closes_on / weights; weights only before any score (409). A date
 * change needs a reason (400) and never moves closes_on before today (422 date_in_past). */
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
/* POST /projects/{id}/conflicts. By the assigned expert ({reason}): a conflict at once
 * (self-recusal). By the lead applicant's user ({expert_id, reason}): a recusal request that
 * takes effect only when an officer grants it, taken only until scoring opens (the project
 * enters in_review; later 409 scoring_open). The request's answer is the same whether or not
 * expert_id names a pool expert. */
int conflict_declare(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e);
/* {"items":[request...], "requests_open"}. Members of the project see their requests and
 * outcomes only; officer and leader also see the named user, pool, assignment, sheet. */
json_t *recusal_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
/* The officer grants ({reason}: the request becomes a conflict of source applicant) or denies
 * it ({reason}); both are events. A grant is refused once the expert's sheet is in (409
 * sheet_submitted: exclude it instead). */
int recusal_decide(app *ap, arena *a, const actor *who, int64_t project_id, int64_t request_id,
                   bool grant, const json_t *body, json_t **out, err *e);
/* After scoring opens, only an officer removes a submitted sheet from the figures:
 * {expert_id, reason}, while in review and no decision is pending; an event. */
int sheet_exclude(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                  json_t **out, err *e);

/* ---- scoring ---- */
/* PUT /api/v1/projects/{id}/scores: {"scores":{criterion:{"score","comment"}}}, all six. */
int score_submit(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                 json_t **out, err *e);
json_t *score_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
/* The calling expert's assigned projects without a conflict: {"items":[...],"next"}. */
json_t *review_queue(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e);
#endif
