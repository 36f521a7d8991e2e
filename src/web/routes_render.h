/* The route table (src/web/routes.c) rendered for people and scripts. docs/API.md holds
 * routes_render_markdown's output between its markers, and a unit test keeps it so;
 * `baotu routes` prints either form. Pure: no I/O. */
#ifndef BAOTU_WEB_ROUTES_RENDER_H
#define BAOTU_WEB_ROUTES_RENDER_H
#include "lib/buf.h"

/* Two Markdown tables, "### API" (ROUTE_API rows) and "### Web UI" (ROUTE_UI and
 * ROUTE_STATIC rows): | method | path | roles | summary | notes |, in table order. */
void routes_render_markdown(buf *out);
/* A JSON array, one object per row: method, path, kind, roles (ids, or ["public"]), summary,
 * notes (the strings of the Markdown column), max_body (bytes; null = the server's). */
void routes_render_json(buf *out);
#endif
