/* Who may see and do what with a project: the one home of the rules (§3.2 the lead represents
 * the others; §4.1 experts see only assigned projects without a conflict of interest, the CSRC
 * once a project is forwarded to it). Projects, materials, notices, review, the history
 * (audit.c) and the route table's ROUTE_PROJECT check all ask here; this file asks no other
 * use case, so that the use cases do not call one another in a circle. */
#ifndef BAOTU_APP_ACCESS_INTERNAL_H
#define BAOTU_APP_ACCESS_INTERNAL_H
#include "app/access.h"
#include "app/app_internal.h"
#include "core/workflow.h"

/* What a caller wants to do with a project. Invisible projects are 404 (not 403), so that
 * their existence does not leak. */
typedef enum {
	ACCESS_READ,      /* staff (csrc: once forwarded), member institutions, assigned experts */
	ACCESS_EDIT,      /* the lead applicant's user, in draft or returned (§3.2) */
	ACCESS_MATERIALS, /* read materials: staff, members, assigned experts without a conflict */
	ACCESS_LEAD,      /* the lead applicant's user */
	ACCESS_KNOWN,     /* may know that the project exists: as ACCESS_READ, and an expert
	                     assigned to it even with a conflict of interest */
} project_access;

/* The project as loaded: the aggregate's row (store/projects.h: projects_get, its one loader)
 * with its state parsed; strings in the arena. */
typedef struct project_row {
	int64_t id;
	const char *track, *state, *name, *content, *csrc_result, *defects, *launched_on,
	    *coaching_ends_on;
	int64_t batch_id, created_at, updated_at, version;
	project_state st;
} project_row;

/* 0, or -1 with 404 not_found. Within any transaction. */
int project_load(store_conn *c, arena *a, int64_t id, project_row *p, err *e);
/* 0 when allowed; -1 with 404 not_found, 403 forbidden or not_lead, 409 invalid_state (an
 * edit outside draft and returned). On a loaded row, within any transaction. */
int project_access_check(store_conn *c, arena *a, const actor *who, const project_row *p,
                         project_access k, err *e);
/* project_load then project_access_check. */
int project_check_access(store_conn *c, arena *a, const actor *who, int64_t project_id,
                         project_access k, err *e);
/* The project's state id ("draft"...) and track ("pilot"|"coaching"); 404 when no such project. */
int project_state_of(store_conn *c, arena *a, int64_t project_id, const char **state,
                     const char **track, err *e);
/* Whether an expert is assigned to the project and has no conflict of interest (§4.1). */
int project_expert_may_see(store_conn *c, arena *a, int64_t expert_id, int64_t project_id,
                           bool *may, err *e);
/* {"items": [...]} of the open deadlines of a kind of supervision record, of the project
 * project_id (0: of every project the caller sees), most urgent first, at most limit (1 to
 * 200): read by fetch for the working group (institution_id 0) and an institution (its own
 * projects); each row made an item by item. A project the caller may not see is 404; roles
 * that see no such record get no item. */
typedef int (*app_deadline_fetch)(store_conn *c, arena *a, int64_t project_id,
                                  int64_t institution_id, int limit, store_result **r, err *e);
json_t *app_deadlines(app *ap, arena *a, const actor *who, int64_t project_id, int limit,
                      app_deadline_fetch fetch, json_t *(*item)(const store_result *r, int i),
                      err *e);

/* The project of a list of supervision records (0: none, *starts false): 404 unless the caller
 * may read it; *starts: whether the caller may start a record there now, i.e. the project is
 * supervised and the caller is an officer or, with lead_too, a user of its lead institution. */
int app_list_project(store_conn *c, arena *a, const actor *who, int64_t project_id, bool lead_too,
                     bool *starts, err *e);

#endif
