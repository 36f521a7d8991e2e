/* What a workflow guard and an action's effect are given (app/projects.c runs them from its
 * tables GUARDS[] and ACTIONS[]; the use cases after launch, app/evaluations.c,
 * app/sanctions.c and app/fault_tolerance.c, give the rows of §4.4 and §5 their meaning with
 * the same signatures). Inside the caller's transaction. */
#ifndef BAOTU_APP_WORKFLOW_INTERNAL_H
#define BAOTU_APP_WORKFLOW_INTERNAL_H
#include <jansson.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "core/workflow.h"

/* A guard: 0 when it holds, or -1 with the refusal in e; a store error is an error. */
typedef struct guard_ctx {
	store_conn *c;
	arena *a;
	app *ap; /* NULL when only may_try runs */
	const actor *who;
	const project_row *p;
	/* the row tried and the fields its reader took (stage evaluation's outcomes compare them
	 * with the evaluation); NULL when only may_try runs */
	const workflow_row *w;
	const json_t *params;
} guard_ctx;

typedef int (*guard_fn)(const guard_ctx *g, err *e);

/* An action's effect: what the transition does besides moving the state and writing its
 * project.<action> event, in the same transaction. */
typedef struct effect_ctx {
	store_conn *c;
	arena *a;
	const actor *who;
	const project_row *p;
	const workflow_row *w;
	json_t *params;  /* borrowed: what the action's reader took (kept with a proposal) */
	json_t *payload; /* the event's payload, borrowed: an effect may add to it */
	int64_t now;
	const char *today;
	const char *reason;  /* the action's reason; may be NULL */
	int64_t decision_id; /* the approved decision, 0 for an action taken directly */
} effect_ctx;

/* An action's own fields beyond "reason", read from the request into params: 0, or -1 with a
 * 400 naming the field. A proposal keeps params, so an approval applies what was proposed. */
typedef int (*params_fn)(const json_t *body, json_t *params, err *e);
typedef int (*effect_fn)(const effect_ctx *x, err *e);

/* The params reader of ACT (app/projects.c's table): one home, also for the fuzz target that
 * feeds every reader arbitrary JSON. 500 for an action outside the enum. */
int project_action_params(workflow_action act, const json_t *body, json_t *params, err *e);
#endif
