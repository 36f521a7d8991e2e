/* Stage evaluation (§4.4): the workflow's entries (the use case follows). */
#include "app/evaluations_internal.h"

#include "lib/err.h"

int evaluation_agreed(const guard_ctx *g, err *e)
{
	(void)g;
	return err_set(e, 409, "invalid_state", NULL, "This step is not available yet.");
}

int rectification_submitted(const guard_ctx *g, err *e)
{
	(void)g;
	return err_set(e, 409, "invalid_state", NULL, "This step is not available yet.");
}

int evaluation_outcome_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int rectification_report_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int rectification_verify_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int evaluation_outcome_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}

int rectification_report_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}

int rectification_verify_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}
