/* JSON API of complaints about running pilots (§4.3): the public's filing and look-up, and the
 * handling by the working group and the institution. One handler per row of src/web/routes.c. */
#ifndef BAOTU_WEB_API_COMPLAINTS_H
#define BAOTU_WEB_API_COMPLAINTS_H
#include "web/http.h"

int api_public_complaint_create(req *r);  /* POST /api/v1/public/complaints */
int api_public_complaint_get(req *r);     /* GET /api/v1/public/complaints/{reference} */
int api_project_complaints(req *r);       /* GET /api/v1/projects/{id}/complaints */
int api_project_complaint_create(req *r); /* POST /api/v1/projects/{id}/complaints */
int api_project_complaint_stats(req *r);  /* GET /api/v1/projects/{id}/complaints/stats */
int api_complaints_list(req *r);          /* GET /api/v1/complaints */
int api_complaints_get(req *r);           /* GET /api/v1/complaints/{id} */
int api_complaint_note(req *r);           /* POST /api/v1/complaints/{id}/notes */
int api_complaint_forward(req *r);        /* POST /api/v1/complaints/{id}/forward */
int api_complaint_resolve(req *r);        /* POST /api/v1/complaints/{id}/resolve */
int api_complaint_escalate(req *r);       /* POST /api/v1/complaints/{id}/escalate */
#endif
