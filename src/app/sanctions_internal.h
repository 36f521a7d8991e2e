/* Sanctions and exit (§4.4) in the workflow: the fields and effects of suspend, resume, stop,
 * administrative_measure, criminal_referral, apply_exit, start_exit and complete_exit, and the
 * guards of the exit (app/projects.c's tables). */
#ifndef BAOTU_APP_SANCTIONS_INTERNAL_H
#define BAOTU_APP_SANCTIONS_INTERNAL_H
#include "app/workflow_internal.h"

/* Whether the public learns of the workflow action's state change (the register's outcomes and
 * the transparency log's records: one list, in app/sanctions.c). */
bool public_outcome(const char *action);
/* GUARD_EXIT_GROUNDS: a voluntary exit (params.kind) needs the lead's pending application (422
 * no_exit_application); a forced one its reason. */
int exit_grounds(const guard_ctx *g, err *e);
/* GUARD_EXIT_CHECKLIST_DONE: every item of the exit checklist has its evidence (422
 * exit_checklist_incomplete, details.missing_items naming the items). */
int exit_checklist_done(const guard_ctx *g, err *e);
/* The fields of suspend and stop (evidence required), resume (evidence optional),
 * administrative_measure (measure and evidence) and criminal_referral (authority and
 * evidence). */
int sanction_params(const json_t *body, json_t *params, err *e);
int sanction_resume_params(const json_t *body, json_t *params, err *e);
int sanction_measure_params(const json_t *body, json_t *params, err *e);
int sanction_referral_params(const json_t *body, json_t *params, err *e);
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
/* Whether the complaint channel of an exited (or, after its exit began, stopped) pilot is still
 * open: the exit's channel_open_until is today or later (CST). *open false for other states. */
int exit_channel_open(store_conn *c, arena *a, const project_row *p, bool *open, err *e);
#endif
