/* Stage evaluation (§4.4) in the workflow: the guard of its outcomes and of the verification
 * of a rectification, and the outcome actions' fields and effects (app/projects.c's tables). */
#ifndef BAOTU_APP_EVALUATIONS_INTERNAL_H
#define BAOTU_APP_EVALUATIONS_INTERNAL_H
#include "app/workflow_internal.h"

/* GUARD_EVALUATION_AGREED: an open evaluation of the project, complete, with the CSRC's
 * concurrence in the outcome proposed. */
int evaluation_agreed(const guard_ctx *g, err *e);
/* GUARD_RECTIFICATION_SUBMITTED: the lead reported the rectification done. */
int rectification_submitted(const guard_ctx *g, err *e);
/* evaluate_regular, evaluate_improve, evaluate_rectify, evaluate_exit */
int evaluation_outcome_params(const json_t *body, json_t *params, err *e);
int evaluation_outcome_effect(const effect_ctx *x, err *e);
/* submit_rectification (the lead) and verify_rectification (the working group) */
int rectification_report_params(const json_t *body, json_t *params, err *e);
int rectification_report_effect(const effect_ctx *x, err *e);
int rectification_verify_params(const json_t *body, json_t *params, err *e);
int rectification_verify_effect(const effect_ctx *x, err *e);
#endif
