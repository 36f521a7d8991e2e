/* The sanctions and exit aggregate in the store (§4.4): sanctions, exit applications, exits
 * and their checklists, and the public outcomes read from a project's events. The functions
 * run inside the caller's transaction and return strings in its arena. A function that looks a
 * row up or adds one returns 1 (found, added), 0 (none) or -1 (an error), as store_int does;
 * the others 0 or -1. A list that pages returns limit + 1 rows at most. */
#ifndef BAOTU_STORE_SANCTIONS_H
#define BAOTU_STORE_SANCTIONS_H
#include "store/store.h"

/* ---- sanctions ---- */

typedef struct sanctions_new {
	int64_t project_id;
	const char *kind, *reason, *evidence;          /* evidence: JSON text, an array of texts */
	const char *measure, *authority;               /* NULL unless the kind has them */
	int64_t decision_id, proposed_by, approved_by; /* 0: none */
	int64_t at;
} sanctions_new;
int sanctions_insert(store_conn *c, arena *a, const sanctions_new *n, int64_t *id, err *e);
/* Rows: id, project_id, kind, reason, evidence, measure, authority, decision_id, proposed_by,
 * proposer, approved_by, approver, at; oldest first, id > after. */
int sanctions_of_project(store_conn *c, arena *a, int64_t project_id, int64_t after, int limit,
                         store_result **out, err *e);

/* ---- exit applications ---- */

int exit_applications_insert(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                             int64_t by, const char *reason, const char *plan_note, int64_t now,
                             int64_t *id, err *e);
/* The project's latest application (any status). Rows: id, project_id, institution_id,
 * institution_name, applied_by, applicant, reason, plan_note, status, applied_at. */
int exit_applications_latest(store_conn *c, arena *a, int64_t project_id, store_result **out,
                             err *e);
/* 1 and the id of the project's pending application by institution_id, 0 when none. */
int exit_applications_pending(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                              int64_t *id, err *e);
int exit_applications_set_started(store_conn *c, arena *a, int64_t id, err *e);

/* ---- exits and their checklists ---- */

typedef struct exits_new {
	int64_t project_id;
	const char *kind, *plan, *started_on, *channel_open_until;
	int64_t application_id, decision_id, started_at; /* ids 0: none */
} exits_new;
int exits_insert(store_conn *c, arena *a, const exits_new *n, int64_t *id, err *e);
int exits_item_insert(store_conn *c, arena *a, int64_t exit_id, const char *item, int position,
                      err *e);
/* Rows: id, project_id, kind, plan, application_id, decision_id, started_at, started_on,
 * channel_open_until, completed_at, completed_on. */
int exits_of_project(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* Rows: item, position, evidence, evidence_by, evidence_by_name, evidence_at; in order. */
int exits_items(store_conn *c, arena *a, int64_t exit_id, store_result **out, err *e);
/* 1 when the item was there (and now has the evidence), 0 when no such item. */
int exits_item_evidence(store_conn *c, arena *a, int64_t exit_id, const char *item,
                        const char *evidence, int64_t by, int64_t now, err *e);
int exits_set_completed(store_conn *c, arena *a, int64_t id, int64_t now, const char *today,
                        err *e);
/* The exits, newest first (id < before; before 0: from the newest): rows of exits_of_project
 * and project_name, state, lead_name, items_done, items_total. */
int exits_public_page(store_conn *c, arena *a, int64_t before, int limit, store_result **out,
                      err *e);

/* ---- the public outcomes of a project ---- */

/* The project's workflow events (kind project.<action>), oldest first: rows seq, ts, kind,
 * payload. At most 500. */
int sanctions_outcome_events(store_conn *c, arena *a, int64_t project_id, store_result **out,
                             err *e);
#endif
