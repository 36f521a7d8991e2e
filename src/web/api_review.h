/* Batches and expert review (§4.1): the JSON API. */
#ifndef BAOTU_WEB_API_REVIEW_H
#define BAOTU_WEB_API_REVIEW_H
#include "web/http.h"
int api_batches_list(req *r);        /* GET /api/v1/batches */
int api_batches_create(req *r);      /* POST /api/v1/batches */
int api_batches_get(req *r);         /* GET /api/v1/batches/{id} */
int api_batches_update(req *r);      /* PATCH /api/v1/batches/{id} */
int api_batches_scores_xlsx(req *r); /* GET /api/v1/batches/{id}/scores.xlsx */
int api_experts_list(req *r);        /* GET /api/v1/experts */
int api_experts_create(req *r);      /* POST /api/v1/experts */
int api_assignments_list(req *r);    /* GET /api/v1/projects/{id}/assignments */
int api_assignments_create(req *r);  /* POST /api/v1/projects/{id}/assignments */
int api_assignments_delete(req *r);  /* DELETE /api/v1/projects/{id}/assignments/{expert_id} */
int api_conflicts_create(req *r);    /* POST /api/v1/projects/{id}/conflicts */
int api_recusals_list(req *r);       /* GET /api/v1/projects/{id}/recusal-requests */
int api_recusals_grant(req *r); /* POST /api/v1/projects/{id}/recusal-requests/{request_id}/grant */
int api_recusals_deny(req *r);  /* POST /api/v1/projects/{id}/recusal-requests/{request_id}/deny */
int api_exclusions_create(req *r); /* POST /api/v1/projects/{id}/exclusions */
int api_scores_put(req *r);        /* PUT /api/v1/projects/{id}/scores */
int api_scores_get(req *r);        /* GET /api/v1/projects/{id}/scores */
int api_reviews_list(req *r);      /* GET /api/v1/reviews */
#endif
