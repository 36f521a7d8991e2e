/* Inspections (§4.3 item 3): the JSON API. The use cases are in src/app/inspections.c. */
#ifndef BAOTU_WEB_API_INSPECTIONS_H
#define BAOTU_WEB_API_INSPECTIONS_H
#include "app/inspections.h"
#include "web/http.h"

/* POST /api/v1/inspections/{id}/document-requests/{request_id}/answer (multipart) */
int api_inspections_answer(req *r);
/* POST /api/v1/inspections/{id}/rectifications/{order_id}/evidence (multipart) */
int api_inspections_evidence(req *r);
/* POST /api/v1/inspections/{id}/rectifications/{order_id}/verify */
int api_inspections_verify(req *r);
int api_inspections_file(req *r); /* GET /api/v1/inspections/{id}/files/{file_id} */

/* The reply form of r's multipart body (text, attested, file up to INSPECTION_FILES_MAX times;
 * csrf and form, the page's, are allowed): an answer to request sub, or evidence for order sub, of
 * inspection id. Shared by the API and the inspection page's forms. */
int inspection_reply_form(req *r, int64_t id, int64_t sub, bool evidence, json_t **out);
#endif
