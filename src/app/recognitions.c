/* Incentives (§5.1): the workflow's entries (the use case follows). */
#include "app/recognitions_internal.h"

#include "lib/err.h"

int recognition_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int recognition_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}
