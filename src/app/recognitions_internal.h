/* Incentives (§5.1) in the workflow: the fields and effect of recognise (app/projects.c's
 * tables). */
#ifndef BAOTU_APP_RECOGNITIONS_INTERNAL_H
#define BAOTU_APP_RECOGNITIONS_INTERNAL_H
#include "app/workflow_internal.h"

int recognition_params(const json_t *body, json_t *params, err *e);
int recognition_effect(const effect_ctx *x, err *e);
#endif
