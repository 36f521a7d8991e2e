/* Incidents and emergencies (§4.3 item 4): the JSON API. The use cases are in
 * src/app/incidents.c. */
#ifndef BAOTU_WEB_API_INCIDENTS_H
#define BAOTU_WEB_API_INCIDENTS_H
#include "web/http.h"

int api_incidents_list(req *r);         /* GET /api/v1/incidents?status= */
int api_project_incidents_list(req *r); /* GET /api/v1/projects/{id}/incidents */
int api_project_incidents_open(req *r); /* POST /api/v1/projects/{id}/incidents */
int api_incidents_get(req *r);          /* GET /api/v1/incidents/{id} */
int api_incidents_report(req *r);       /* POST /api/v1/incidents/{id}/reports */
int api_incidents_guidance(req *r);     /* POST /api/v1/incidents/{id}/guidance */
int api_incidents_loss(req *r);         /* POST /api/v1/incidents/{id}/losses */
int api_incidents_csrc_report(req *r);  /* POST /api/v1/incidents/{id}/csrc-report */
int api_incidents_acknowledge(req *r);  /* POST /api/v1/incidents/{id}/acknowledge */
#endif
