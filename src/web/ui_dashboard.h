/* The dashboard on the home page (§4.3): what needs the caller's action, most urgent first. */
#ifndef BAOTU_WEB_UI_DASHBOARD_H
#define BAOTU_WEB_UI_DASHBOARD_H
#include <jansson.h>

#include "web/http.h"

/* An item's title in the caller's language, its {placeholders} filled from its params. */
const char *dashboard_message(req *r, json_t *item);
/* The section "Needs your action" of the home page; -1 with r->e on a store failure. */
int ui_dashboard_section(req *r);
/* GET /api/v1/dashboard */
int api_dashboard(req *r);
#endif
