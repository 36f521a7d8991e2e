/* Projects (applications) and their workflow (§3–§4.2). The workflow table is
 * src/core/workflow.c; this is where its guards and effects meet the store. */
#ifndef BAOTU_APP_PROJECTS_H
#define BAOTU_APP_PROJECTS_H
#include "app/app.h"

/* What a caller wants to do with a project. Invisible projects are 404 (not 403), so that
 * their existence does not leak. */
typedef enum {
	ACCESS_READ,      /* staff (csrc: once forwarded), member institutions, assigned experts */
	ACCESS_EDIT,      /* a member institution's user, in draft or returned */
	ACCESS_MATERIALS, /* read materials: staff, members, assigned experts without a conflict */
	ACCESS_LEAD,      /* the lead applicant's user */
	ACCESS_KNOWN,     /* may know that the project exists: as ACCESS_READ, and an expert
			     assigned to it even with a conflict of interest */
} project_access;

/* 0 when allowed; -1 with 404 not_found or 403 forbidden. Within any transaction. */
int project_check_access(store_conn *c, arena *a, const actor *who, int64_t project_id,
			 project_access k, err *e);
/* ACCESS_KNOWN in a read transaction of its own: the check that comes before a request body
 * is looked at, so that a caller who may not know the project learns nothing from how its body
 * is judged (web/routes.c: ROUTE_PROJECT). */
int project_check_known(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
/* §3.2: the members confirm what will be submitted. After a change of substance (content,
 * members, a new material version) every other member's confirmation is withdrawn and the
 * changing member's own stands; *withdrawn (new, may be NULL) lists the institution ids that
 * must confirm again. Within the change's transaction. */
int project_withdraw_confirmations(store_conn *c, arena *a, const actor *who, int64_t project_id,
				   json_t **withdrawn, err *e);
/* The project's state id ("draft"...) and track ("pilot"|"coaching"); NULL when no such project. */
int project_state_of(store_conn *c, arena *a, int64_t project_id, const char **state,
		     const char **track, err *e);
/* Whether an expert is assigned to the project and has no conflict of interest (§4.1). */
int project_expert_may_see(store_conn *c, arena *a, int64_t expert_id, int64_t project_id,
			   bool *may, err *e);

int project_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out,
		   err *e);
int project_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
		   json_t **out, err *e);
json_t *project_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* {"items":[{"id","name","state","track",...}],"next"}; state may be NULL. */
json_t *project_list(app *ap, arena *a, const actor *who, const char *state, int64_t after,
		     int limit, err *e);
/* POST /api/v1/projects/{id}/actions/{action}. *status is 200 (done) or 202 (proposed:
 * {"decision":{"id","status":"pending"}}). */
int project_act(app *ap, arena *a, const actor *who, int64_t id, const char *action,
		const json_t *body, json_t **out, int *status, err *e);

json_t *decision_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
		      int limit, err *e);
json_t *decision_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
int decision_settle(app *ap, arena *a, const actor *who, int64_t id, bool approve,
		    const json_t *body, json_t **out, err *e);

/* The scheduler's work: coaching periods that end (§3.3). Returns how many were done. */
int project_run_due_jobs(app *ap, arena *a, int64_t now_us, int *done, err *e);

/* POST /api/v1/projects/{id}/metrics: live-business figures of a launched pilot (§4.3);
 * refused for a coaching project (§3.3). Idempotent by key. */
int project_report_metrics(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
			   const char *idempotency_key, json_t **out, int *status, err *e);

/* Today in China Standard Time, "YYYY-MM-DD", from the app clock. */
void app_today(char out[11]);
#endif
