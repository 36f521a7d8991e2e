/* Stage evaluation (§4.4) and the public recognitions (§5.1): handlers of the route table.
 * {id} of /evaluations/ is an evaluation: whether the caller may see it is asked before its
 * body is read. */
#ifndef BAOTU_WEB_API_EVALUATIONS_H
#define BAOTU_WEB_API_EVALUATIONS_H
#include "app/evaluations.h"
#include "web/http.h"

int api_public_recognitions(req *r); /* GET /api/v1/public/recognitions */
#endif
