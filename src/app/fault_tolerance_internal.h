/* Fault tolerance (§5.2) in the workflow: the fields and effect of determine_fault_tolerance
 * (app/projects.c's tables). */
#ifndef BAOTU_APP_FAULT_TOLERANCE_INTERNAL_H
#define BAOTU_APP_FAULT_TOLERANCE_INTERNAL_H
#include "app/workflow_internal.h"

int fault_tolerance_params(const json_t *body, json_t *params, err *e);
int fault_tolerance_effect(const effect_ctx *x, err *e);
#endif
