/* The dashboards (§4.3): what needs the caller's action today, most urgent first, gathered from
 * every part of supervision by one table of sources (app/dashboard.c). */
#ifndef BAOTU_APP_DASHBOARD_H
#define BAOTU_APP_DASHBOARD_H
#include "app/app.h"

/* GET /api/v1/dashboard: {"items":[{"kind" (core/dashboard.h's DASH_KINDS), "severity"
 * (critical|urgent|warning|info, by the scale of core/dashboard.h), "due_at" (UTC µs or null),
 * "due_on" (the day of a dated deadline, or null), "project" ({"id","name"} or null), "title" (an
 * English message id with {placeholders}), "params" (their values), "link" (the page to act on)}]},
 * sorted by severity, then by the earliest due time (items without one last), then by kind. Each
 * source shows a role only what that role may act on, and an institution only its own projects (of
 * which it is a member); the CSRC sees what was reported to it; experts see nothing. */
json_t *dashboard_get(app *ap, arena *a, const actor *who, err *e);
#endif
