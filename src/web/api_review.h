/* Batches and expert review (§4.1): the JSON API. */
#ifndef BAOTU_WEB_API_REVIEW_H
#define BAOTU_WEB_API_REVIEW_H
#include "web/http.h"
int api_batches_list(req *r);
int api_batches_create(req *r);
int api_batches_get(req *r);
int api_batches_update(req *r);
int api_batches_scores_xlsx(req *r);
int api_experts_list(req *r);
int api_experts_create(req *r);
int api_assignments_list(req *r);
int api_assignments_create(req *r);
int api_assignments_delete(req *r);
int api_conflicts_create(req *r);
int api_recusals_list(req *r);
int api_recusals_grant(req *r);
int api_recusals_deny(req *r);
int api_exclusions_create(req *r);
int api_scores_put(req *r);
int api_scores_get(req *r);
int api_reviews_list(req *r);
#endif
