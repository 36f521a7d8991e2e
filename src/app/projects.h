/* Projects (applications) and their workflow (§3–§4.2). The workflow table is
 * src/core/workflow.c; this is where its guards and effects meet the store. */
#ifndef BAOTU_APP_PROJECTS_H
#define BAOTU_APP_PROJECTS_H
#include "app/app.h"
#include "core/workflow.h"
#include "lib/buf.h"

int project_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e);
int project_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                   json_t **out, err *e);
json_t *project_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* The same project as JSON text appended to out: what json_dumps(project_get(...)) gives, at a
 * fraction of the cost (the stored application content is not parsed). */
int project_get_text(app *ap, arena *a, const actor *who, int64_t id, buf *out, err *e);
/* {"items":[{"id","name","state","track",...}],"next"}; state may be NULL. */
json_t *project_list(app *ap, arena *a, const actor *who, const char *state, int64_t after,
                     int limit, err *e);
/* POST /api/v1/projects/{id}/actions/{action}. *status is 200 (done) or 202 (proposed:
 * {"decision":{"id","status":"pending"}}). */
int project_act(app *ap, arena *a, const actor *who, int64_t id, const char *action,
                const json_t *body, json_t **out, int *status, err *e);

/* GET /api/v1/decisions: by id from after, or with status "settled" the approved and rejected
 * ones newest first (after: the page before that id). */
json_t *decision_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
                      int limit, err *e);
json_t *decision_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
int decision_settle(app *ap, arena *a, const actor *who, int64_t id, bool approve,
                    const json_t *body, json_t **out, err *e);

/* POST /api/v1/projects/{id}/metrics: live-business figures of a launched pilot (§4.3);
 * refused for a coaching project (§3.3). Idempotent by key. */
int project_report_metrics(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                           const char *idempotency_key, json_t **out, int *status, err *e);

/* One guard of the workflow on a project as it stands: its may_try, and with full its holds
 * too. 0, or -1 with the guard's refusal. For the guards' own tests. */
int project_guard_check(app *ap, arena *a, const actor *who, int64_t project_id, workflow_guard g,
                        bool full, err *e);
/* 0 when every guard of the workflow has a function and every action a fields reader and an
 * effect; else -1 with the first gap named in why (tests/unit/core/test_workflow.c). */
int project_workflow_selfcheck(char *why, size_t n);

#endif
