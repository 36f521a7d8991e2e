#ifndef BAOTU_WEB_API_PROJECTS_H
#define BAOTU_WEB_API_PROJECTS_H
#include "web/http.h"
int api_projects_get(req *r);      /* GET /api/v1/projects/{id} */
int api_projects_action(req *r);   /* POST /api/v1/projects/{id}/actions/{action} */
int api_projects_metrics(req *r);  /* POST /api/v1/projects/{id}/metrics */
int api_decisions_approve(req *r); /* POST /api/v1/decisions/{id}/approve */
int api_decisions_reject(req *r);  /* POST /api/v1/decisions/{id}/reject */
int api_workflow(req *r);          /* GET /api/v1/workflow */
#endif
