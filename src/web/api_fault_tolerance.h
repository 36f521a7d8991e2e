/* Fault tolerance (§5.2): the JSON API. The use cases are in src/app/fault_tolerance.c; the
 * determination itself is the workflow's determine_fault_tolerance
 * (POST /api/v1/projects/{id}/actions/determine_fault_tolerance). */
#ifndef BAOTU_WEB_API_FAULT_TOLERANCE_H
#define BAOTU_WEB_API_FAULT_TOLERANCE_H
#include "web/http.h"

int api_project_fault_tolerance_list(req *r); /* GET /api/v1/projects/{id}/fault-tolerance */
#endif
