/* Stage evaluation (§4.4) and the public recognitions (§5.1): handlers of the route table.
 * {id} of /evaluations/ is an evaluation: whether the caller may see it is asked before its
 * body is read. */
#ifndef BAOTU_WEB_API_EVALUATIONS_H
#define BAOTU_WEB_API_EVALUATIONS_H
#include "app/evaluations.h"
#include "web/http.h"

int api_evaluations_list(req *r);         /* GET /api/v1/evaluations?status= */
int api_project_evaluations_list(req *r); /* GET /api/v1/projects/{id}/evaluations */
int api_project_evaluations_open(req *r); /* POST /api/v1/projects/{id}/evaluations */
int api_evaluations_get(req *r);          /* GET /api/v1/evaluations/{id} */
int api_evaluations_scores(req *r);       /* PUT /api/v1/evaluations/{id}/scores */
int api_evaluations_commitments(req *r);  /* PUT /api/v1/evaluations/{id}/commitments */
int api_evaluations_hypothesis(req *r);   /* PUT /api/v1/evaluations/{id}/hypothesis */
int api_evaluations_concurrence(req *r);  /* POST /api/v1/evaluations/{id}/concurrence */
int api_public_recognitions(req *r);      /* GET /api/v1/public/recognitions */
#endif
