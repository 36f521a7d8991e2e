/* Fault tolerance (§5.2) in the workflow: the fields and effect of determine_fault_tolerance
 * (app/projects.c's tables), the check of its incident before a proposal, and the incident's
 * determination for app/incidents.c. */
#ifndef BAOTU_APP_FAULT_TOLERANCE_INTERNAL_H
#define BAOTU_APP_FAULT_TOLERANCE_INTERNAL_H
#include "app/workflow_internal.h"

/* The body of determine_fault_tolerance into params: incident_id; inputs {precautions,
 * investor_loss, compensation (required with a loss), market_effect}, each {value: bool,
 * evidence: text}; determination (exempt_or_lighter | not_applicable); reasoning and override
 * (texts, optional). 400 naming the field (inputs.precautions.evidence, ...). The rule's test
 * is computed here (params.computed: {result, failed}); a determination that departs from it
 * needs an override's text (422 override_required), and an override is only for one that
 * departs (400 on override). */
int fault_tolerance_params(const json_t *body, json_t *params, err *e);
/* Before a proposal and again when it is applied: the incident of params exists and is the
 * project's (404 not_found, field incident_id), and has no determination yet (409
 * already_determined). */
int fault_tolerance_check(store_conn *c, arena *a, const project_row *p, const json_t *params,
                          err *e);
/* The approved determination is recorded: the inputs and evidence, the computed test, the
 * reasoning (computed in both languages with the incident's figures, and the officer's), the
 * override, the decision, its proposer and approver. */
int fault_tolerance_effect(const effect_ctx *x, err *e);
/* The incident's determination as JSON into *out (a new reference), or JSON null. */
int fault_tolerance_of_incident_json(store_conn *c, arena *a, int64_t incident_id, json_t **out,
                                     err *e);
#endif
