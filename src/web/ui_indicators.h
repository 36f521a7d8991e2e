/* Risk monitoring pages (§4.3 item 2): the project page's section with a chart of each
 * indicator (server-rendered SVG, its thresholds and alerts drawn, a table of the last values
 * beside it), the indicators page (thresholds and custom indicators: the working group), the
 * alerts page (acknowledge and resolve: the working group) and the ingestion tokens page (the
 * lead institution). The use cases are in src/app/indicators.c. */
#ifndef BAOTU_WEB_UI_INDICATORS_H
#define BAOTU_WEB_UI_INDICATORS_H
#include "web/ui.h"

/* The project page's section, for a supervised pilot the caller may read; nothing otherwise. */
void ui_indicators_section(req *r, json_t *project);

int ui_indicators_page(req *r);   /* GET /projects/{id}/indicators */
int ui_indicator_create(req *r);  /* POST /projects/{id}/indicators */
int ui_indicator_save(req *r);    /* POST /projects/{id}/indicators/{key} */
int ui_alerts_page(req *r);       /* GET /projects/{id}/alerts (?status=) */
int ui_alert_acknowledge(req *r); /* POST /alerts/{id}/acknowledge */
int ui_alert_resolve(req *r);     /* POST /alerts/{id}/resolve */

/* The lead institution's ingestion tokens (ui_tokens.c). */
int ui_tokens_page(req *r);  /* GET /projects/{id}/tokens */
int ui_token_create(req *r); /* POST /projects/{id}/tokens */
int ui_token_revoke(req *r); /* POST /projects/{id}/tokens/{token_id}/revoke */

/* Shared by these pages: a project's page opening (the project, for the title and crumbs, or
 * NULL with r->e), and the labels of the fields their forms name. */
json_t *ui_indicators_project_begin(req *r, int64_t id, const char *title);
extern const ui_label UI_INDICATOR_FIELDS[];
#endif
