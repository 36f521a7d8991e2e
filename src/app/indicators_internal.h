/* What the other use cases call of the risk indicators inside their own transaction: the
 * workflow's launch effect creates a live pilot's standard set (app/projects.c). */
#ifndef BAOTU_APP_INDICATORS_INTERNAL_H
#define BAOTU_APP_INDICATORS_INTERNAL_H
#include "app/app_internal.h"
#include "app/indicators.h"

/* The standard indicators from the project's test boundaries, each an indicator.created event
 * by who, when the project runs live business now and lacks them; nothing otherwise (a
 * coaching project). */
int indicators_on_launch(store_conn *c, arena *a, const actor *who, int64_t project_id, err *e);
#endif
