/* Sanctions and exit (§4.4) in the workflow: the fields and effects of suspend, resume, stop,
 * administrative_measure, criminal_referral, apply_exit, start_exit and complete_exit, and the
 * guards of the exit (app/projects.c's tables). */
#ifndef BAOTU_APP_SANCTIONS_INTERNAL_H
#define BAOTU_APP_SANCTIONS_INTERNAL_H
#include "app/workflow_internal.h"

/* GUARD_EXIT_GROUNDS: a voluntary exit needs the lead's application; a forced one its reason. */
int exit_grounds(const guard_ctx *g, err *e);
/* GUARD_EXIT_CHECKLIST_DONE: every item of the exit checklist has its evidence. */
int exit_checklist_done(const guard_ctx *g, err *e);
int sanction_params(const json_t *body, json_t *params, err *e);
int sanction_effect(const effect_ctx *x, err *e);
int exit_apply_params(const json_t *body, json_t *params, err *e);
int exit_apply_effect(const effect_ctx *x, err *e);
int exit_start_params(const json_t *body, json_t *params, err *e);
int exit_start_effect(const effect_ctx *x, err *e);
int exit_complete_params(const json_t *body, json_t *params, err *e);
int exit_complete_effect(const effect_ctx *x, err *e);
/* The exit begins (start_exit, and evaluate_exit of app/evaluations.c): the exit plan becomes
 * the checklist; kind "voluntary" or "forced"; params as start_exit's (may lack
 * channel_open_until: a default applies). */
int exit_begin(const effect_ctx *x, const char *kind, err *e);
#endif
