/* Stage evaluation of a pilot (§4.4: the CSRC with the working group evaluates a launched
 * pilot; the outcomes regular operation, improvement, rectification or exit) and the
 * incentives that follow regular operation (§5.1). The criteria, outcomes and pure checks are
 * core/evaluation.c's; the outcomes themselves are the workflow's evaluate_* actions
 * (app/projects.c), whose guard and effects are in evaluations.c; every write is one
 * transaction with its event (subject project:ID, the evaluation's id in the payload).
 *
 * Who sees what:
 *  - Officers, leaders and the CSRC see every evaluation with its working drafts (the two
 *    sides' score sheets, the commitments, the hypothesis, the CSRC's concurrence). An officer
 *    or the CSRC opens one on a launched pilot (409 invalid_state otherwise, 409
 *    evaluation_open when one is open); each side scores the criteria (side csrc: the CSRC's
 *    users; side working_group: officers and leaders); the working group or the CSRC judges
 *    the commitments and the hypothesis; only the CSRC concurs in an outcome.
 *  - A member institution sees its project's concluded evaluations: the outcome and the score
 *    summary, never the drafts (an open evaluation is 404 as for none).
 *  - Experts and admins see none (their role may not call the routes). */
#ifndef BAOTU_APP_EVALUATIONS_H
#define BAOTU_APP_EVALUATIONS_H
#include "app/app.h"

#define EVALUATION_TEXT_MAX 4000 /* reasons, comments, evidence, notes (characters) */

/* POST /api/v1/projects/{id}/evaluations: {due_on (optional), reason}. */
int evaluation_open(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                    json_t **out, err *e);
/* {"items":[evaluation...],"next"}: project_id 0 lists every project's (staff only), open
 * ones first; status (NULL: any) is open or concluded. */
json_t *evaluation_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *status,
                        int64_t after, int limit, err *e);
/* The evaluation as the caller may see it. */
json_t *evaluation_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* 0 when the caller may see the evaluation, else 404. */
int evaluation_check_visible(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* PUT .../scores {scores: {criterion: {score, comment}}}: the caller's side's sheet. */
int evaluation_scores_put(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                          json_t **out, err *e);
/* PUT .../commitments {items: [{index, kept, evidence}]}: every commitment. */
int evaluation_commitments_put(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                               json_t **out, err *e);
/* PUT .../hypothesis {hypothesis: met|partly|not_met, note, measures: [{index, met, note}]}. */
int evaluation_hypothesis_put(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                              json_t **out, err *e);
/* POST .../concurrence {outcome, opinion}: the CSRC only. */
int evaluation_concur(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                      json_t **out, err *e);
/* The project page's part: {"evaluations": [...], "rectification": order|null,
 * "recognitions": [...], "may_open": bool}; NULL (404) when the caller may not see them. */
json_t *evaluation_project_overview(app *ap, arena *a, const actor *who, int64_t project_id,
                                    err *e);
/* GET /api/v1/public/recognitions: every recognition with the project's public name and
 * institutions, newest first. */
json_t *recognition_public_list(app *ap, arena *a, int64_t after, int limit, err *e);

/* The scheduler's pass: opens the evaluation of a pilot whose planned duration ran out
 * (content.test_boundaries.duration_months from launched_on) or whose re-evaluation date
 * came, reminds of open evaluations past due_on, marks rectification orders overdue. */
int evaluations_run_due(app *ap, arena *a, int64_t now, int *done, err *e);
#endif
