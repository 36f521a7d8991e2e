/* Risk monitoring of live pilots (§4.3): indicators, points, alerts and ingestion tokens. The
 * use cases are in src/app/indicators.c. */
#ifndef BAOTU_WEB_API_INDICATORS_H
#define BAOTU_WEB_API_INDICATORS_H
#include "app/indicators.h"
#include "web/http.h"

int api_indicators_change(req *r); /* PATCH /api/v1/projects/{id}/indicators/{key} */
int api_metrics_post(req *r);      /* POST /api/v1/projects/{id}/metrics (points or figures) */
int api_metrics_list(req *r);      /* GET /api/v1/projects/{id}/metrics */
int api_tokens_revoke(req *r);     /* DELETE /api/v1/projects/{id}/tokens/{token_id} */
#endif
