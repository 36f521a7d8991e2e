/* Sanctions and exit (§4.4): the JSON API. The use cases are in src/app/sanctions.c. */
#ifndef BAOTU_WEB_API_SANCTIONS_H
#define BAOTU_WEB_API_SANCTIONS_H
#include "app/sanctions.h"
#include "web/http.h"

int api_exit_item_evidence(req *r); /* PUT /api/v1/projects/{id}/exit/items/{item} */
#endif
