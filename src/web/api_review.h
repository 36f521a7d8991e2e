/* Batches and expert review (§4.1): the JSON API. */
#ifndef BAOTU_WEB_API_REVIEW_H
#define BAOTU_WEB_API_REVIEW_H
#include "web/http.h"
int api_batches_scores_xlsx(req *r); /* GET /api/v1/batches/{id}/scores.xlsx */
int api_assignments_delete(req *r);  /* DELETE /api/v1/projects/{id}/assignments/{expert_id} */
int api_recusals_grant(req *r); /* POST /api/v1/projects/{id}/recusal-requests/{request_id}/grant */
int api_recusals_deny(req *r);  /* POST /api/v1/projects/{id}/recusal-requests/{request_id}/deny */
#endif
