/* The dashboards (§4.3): what needs the caller's action today, most urgent first, gathered from
 * every part of supervision by one table of sources (app/dashboard.c). */
#ifndef BAOTU_APP_DASHBOARD_H
#define BAOTU_APP_DASHBOARD_H
#include "app/app.h"

/* GET /api/v1/dashboard: {"items":[{"kind", "severity" (critical|urgent|warning|info),
 * "due_at" (UTC µs or null), "project" ({"id","name"} or null), "title" (an English message
 * id with {placeholders}), "params" (their values), "link" (the page to act on)}]}, sorted by
 * severity, then by the earliest due time (items without one last), then by kind. Each source
 * shows a role only what that role may act on, and an institution only its own projects. */
json_t *dashboard_get(app *ap, arena *a, const actor *who, err *e);

/* The severities, most urgent first. */
extern const char *const DASHBOARD_SEVERITIES[];
#endif
