#ifndef BAOTU_WEB_API_PROJECTS_H
#define BAOTU_WEB_API_PROJECTS_H
#include "web/http.h"
int api_projects_list(req *r);
int api_projects_create(req *r);
int api_projects_get(req *r);
int api_projects_update(req *r);
int api_projects_action(req *r);
int api_projects_metrics(req *r);
int api_decisions_list(req *r);
int api_decisions_get(req *r);
int api_decisions_approve(req *r);
int api_decisions_reject(req *r);
int api_workflow(req *r);
#endif
