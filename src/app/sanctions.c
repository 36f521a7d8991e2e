/* Sanctions and exit (§4.4): the workflow's entries (the use case follows). */
#include "app/sanctions_internal.h"

#include "lib/err.h"

int exit_grounds(const guard_ctx *g, err *e)
{
	(void)g;
	return err_set(e, 409, "invalid_state", NULL, "This step is not available yet.");
}

int exit_checklist_done(const guard_ctx *g, err *e)
{
	(void)g;
	return err_set(e, 409, "invalid_state", NULL, "This step is not available yet.");
}

int sanction_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int exit_apply_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int exit_start_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int exit_complete_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

int sanction_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}

int exit_apply_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}

int exit_start_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}

int exit_complete_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}

int exit_begin(const effect_ctx *x, const char *kind, err *e)
{
	(void)x;
	(void)kind;
	(void)e;
	return 0;
}
