/* Public notice (§4.2): the notice of a project, its comments, and the launch check. */
#ifndef BAOTU_APP_NOTICES_H
#define BAOTU_APP_NOTICES_H
#include "app/app.h"

/* Inside the caller's write transaction: publishes the project's public fields for the notice
 * period (a setting, counted in working days) and appends notice.published. */
int notice_create(store_conn *c, arena *a, const actor *who, int64_t project_id,
		  json_t **notice_out, err *e);
/* 0 when the project may launch today (YYYY-MM-DD, CST); else 422 with a stable code. */
int notice_launch_check(store_conn *c, arena *a, int64_t project_id, const char *today, err *e);
#endif
