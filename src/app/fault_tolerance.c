/* Fault tolerance (§5.2): the workflow's entries (the use case follows). */
#include "app/fault_tolerance_internal.h"

#include "lib/err.h"

int fault_tolerance_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int fault_tolerance_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}
