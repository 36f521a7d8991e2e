/* Reporting obligations (§4.3.2): the API's handlers, and the submission form both the API and
 * the report page read. */
#ifndef BAOTU_WEB_API_REPORTS_H
#define BAOTU_WEB_API_REPORTS_H
#include "app/reports.h"
#include "web/http.h"

int api_reports_submit(req *r);          /* POST /api/v1/reports/{id}/versions */
int api_reports_accept(req *r);          /* POST /api/v1/reports/{id}/accept */
int api_reports_request_changes(req *r); /* POST /api/v1/reports/{id}/request-changes */
int api_reports_attachment(req *r);      /* GET /api/v1/reports/{id}/attachments/{aid} */

/* A submission from r's body into report id: application/json (the fields; no files), or
 * multipart/form-data with the fields either as one part "report" (a JSON object) or as one
 * text part each (the page's form), and up to REPORT_MAX_FILES parts "file". 0 with *out, or
 * -1 with r->e. */
int reports_submit_form(req *r, int64_t id, json_t **out);
#endif
