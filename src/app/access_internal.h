/* Who may see and do what with a project: the one home of the rules (§3.2 the lead represents
 * the others; §4.1 experts see only assigned projects without a conflict of interest, the CSRC
 * once a project is forwarded to it). Projects, materials, notices, review, the history
 * (audit.c) and the route table's ROUTE_PROJECT check all ask here; this file asks no other
 * use case, so that the use cases do not call one another in a circle. */
#ifndef BAOTU_APP_ACCESS_INTERNAL_H
#define BAOTU_APP_ACCESS_INTERNAL_H
#include "app/access.h"
#include "app/app_internal.h"
#include "core/transition.h"
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

/* A transition of a kind of record, as core's table of the kind has it. */
typedef struct app_move {
	unsigned roles; /* the roles that take it (core/roles.h) */
	int to;         /* the state it reaches */
} app_move;

/* A kind of record's states and transitions: core's machine of the kind (core/inspection.h,
 * core/incident.h), and the message of its 409 invalid_state. */
typedef struct app_transitions {
	const machine *m;
	const char *not_now;
} app_transitions;

/* A supervision record as loaded. */
typedef struct app_record {
	int64_t id;
	int st;          /* its state (app_transitions), for a kind that has them */
	store_result *r; /* its row */
	project_row p;   /* its project */
} app_record;

/* What a caller outside the working group (which sees every record) sees of a record. */
typedef enum {
	RECORD_UNSEEN,            /* nothing: 404, as for no record */
	RECORD_SEEN_WITH_PROJECT, /* the record when it may read the project (else 404) */
	RECORD_SEEN,              /* the record */
} record_sight;

/* A kind of supervision record (an inspection, an incident...): how one is loaded as the
 * caller may see it (else 404, as for none), made JSON, and listed. A list shows an
 * institution its own projects' records (with project_required, only one project's at a
 * time), the CSRC what reached it (filter.csrc), the working group every one. */
typedef struct app_record_kind {
	/* the row by id (store/inspections.h: inspections_get...): 1, 0 when none, -1 */
	int (*fetch)(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
	const char *none;             /* the 404's message: "No such inspection." */
	const app_transitions *moves; /* its states (column "state") and actions, or NULL */
	record_sight (*sight)(const actor *who, const app_record *x);
	int (*detail)(store_conn *c, arena *a, const actor *who, app_record *x, json_t **out,
	              err *e);
	/* a kind without transitions: whether the caller may write on x now (0, or -1 with *e) */
	int (*may)(store_conn *c, arena *a, const actor *who, const app_record *x, err *e);
	/* a kind whose writes move it: sets its state st (app_transitions) */
	int (*set_state)(store_conn *c, arena *a, int64_t id, int st, err *e);
	/* a list of its own making (the rest of the list's fields unused), or NULL: */
	int (*list)(store_conn *c, arena *a, const actor *who, int64_t project_id,
	            const char *state, int64_t after, int limit, json_t **out, err *e);
	/* the list: its query, a row as JSON */
	int (*query)(store_conn *c, arena *a, const store_record_filter *f, int64_t after,
	             int limit, store_result **out, err *e);
	json_t *(*row)(const store_result *r, int i);
	const char *state_param;   /* the query parameter of the state ("state", "status") */
	const char *state_message; /* "Parameter {field} is not a state of ..." */
	const char *may_start;     /* the list's key saying whether the caller may start one */
	bool lead_starts;      /* the lead institution's user may start one (app_list_project) */
	bool project_required; /* an institution lists one project's at a time */
} app_record_kind;
/* Loads the record id into x when the caller may see it: 0, or -1 with *e (404 as for none).
 * Within any transaction. */
int app_record_load(store_conn *c, arena *a, const actor *who, const app_record_kind *k, int64_t id,
                    app_record *x, err *e);
/* The record id of project p that the caller's transaction has just created, as it now
 * stands (k->detail). */
int app_record_created(store_conn *c, arena *a, const actor *who, const app_record_kind *k,
                       int64_t id, const project_row *p, json_t **out, err *e);
/* The record's row fetched again (after a write) with its state. */
int app_record_refetch(store_conn *c, arena *a, const app_record_kind *k, app_record *x, err *e);
/* May the caller take the action on record x of kind k now: 403 forbidden when its role takes
 * the action from no state, 409 invalid_state when not from this one, 403 not_lead for an
 * institution's user whose institution does not lead the project (§3.2). *m: the
 * transition. */
int app_record_may(store_conn *c, arena *a, const actor *who, const app_record_kind *k,
                   const app_record *x, int action, app_move *m, err *e);
/* The ids of the caller's next actions on record x (an institution acts through its lead's
 * users). */
json_t *app_record_actions(store_conn *c, arena *a, const actor *who, const app_record_kind *k,
                           const app_record *x);
/* A write's own work on record x, inside the write's transaction: with its input in, it
 * writes and appends its event. */
typedef int (*app_record_step)(store_conn *c, arena *a, const actor *who, const app_record *x,
                               const void *in, err *e);
/* One write on record id of kind k in one transaction: the record as the caller sees it (404),
 * whether the caller may take the action now (app_record_may, or k->may for a kind without
 * transitions), step; then the state the transition reaches (k->set_state) and the record as
 * it now stands in *out. */
int app_record_write(app *ap, arena *a, const actor *who, const app_record_kind *k, int64_t id,
                     int action, app_record_step step, const void *in, json_t **out, err *e);
/* A use case that writes on a record of kind with the request's body (the step's input), as
 * its public header declares it: one call of app_record_write. */
#define APP_RECORD_WRITE(name, kind, step)                                                         \
	int name(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,              \
	         json_t **out, err *e)                                                             \
	{                                                                                          \
		return app_record_write(ap, a, who, &(kind), id, 0, step, body, out, e);           \
	}
/* The record id as the caller sees it, from one snapshot; NULL with *e. */
json_t *app_record_get(app *ap, arena *a, const actor *who, const app_record_kind *k, int64_t id,
                       err *e);
/* A page of the records of project_id (0: of every project) the caller sees, in state (NULL:
 * any), with k->may_start; from one snapshot; NULL with *e. */
json_t *app_record_list(app *ap, arena *a, const actor *who, const app_record_kind *k,
                        int64_t project_id, const char *state, int64_t after, int limit, err *e);
/* 0 when the caller may see the record id, else -1 with *e (404). */
int app_record_visible(app *ap, arena *a, const actor *who, const app_record_kind *k, int64_t id,
                       err *e);
/* The three use cases of a kind of record, name_get, name_check_visible and name_list, as its
 * public header declares them, each one call of the app_record_* function with kind. */
#define APP_RECORD_USE_CASES(name, kind)                                                           \
	json_t *name##_get(app *ap, arena *a, const actor *who, int64_t id, err *e)                \
	{                                                                                          \
		return app_record_get(ap, a, who, &(kind), id, e);                                 \
	}                                                                                          \
	int name##_check_visible(app *ap, arena *a, const actor *who, int64_t id, err *e)          \
	{                                                                                          \
		return app_record_visible(ap, a, who, &(kind), id, e);                             \
	}                                                                                          \
	json_t *name##_list(app *ap, arena *a, const actor *who, int64_t project_id,               \
	                    const char *state, int64_t after, int limit, err *e)                   \
	{                                                                                          \
		return app_record_list(ap, a, who, &(kind), project_id, state, after, limit, e);   \
	}

#endif
