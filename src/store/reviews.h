/* The review aggregate in the store (§4.1): batches, the expert pool, assignments, conflicts of
 * interest, recusal requests, score sheets and their exclusions. The functions run inside the
 * caller's transaction and return strings in its arena. A function that looks a row up or
 * adds one returns 1 (found, added), 0 (none) or -1 (an error), as store_int does; the others 0
 * or -1. A list that pages returns limit + 1 rows at most, so that app_page tells whether
 * another page follows. */
#ifndef BAOTU_STORE_REVIEWS_H
#define BAOTU_STORE_REVIEWS_H
#include "store/store.h"

/* ---- batches ---- */

typedef struct reviews_batch {
	const char *name, *opens_on, *closes_on;
	const char *weights; /* JSON text: criterion -> weight */
} reviews_batch;
/* Rows of batches: id, name, opens_on, closes_on, weights, created_at, updated_at, nprojects
 * (its projects) and nsheets (its projects' score sheets). */
int reviews_batch_get(store_conn *c, arena *a, int64_t id, store_result **out, err *e);
int reviews_batches(store_conn *c, arena *a, int64_t after, int limit, store_result **out, err *e);
/* The batches open on day today: id, name, opens_on, closes_on; the first to close first. */
int reviews_batches_open(store_conn *c, arena *a, const char *today, store_result **out, err *e);
/* 1 and the new batch's *id. */
int reviews_batch_add(store_conn *c, arena *a, const reviews_batch *b, int64_t now, int64_t *id,
                      err *e);
int reviews_batch_update(store_conn *c, arena *a, int64_t id, const reviews_batch *b, int64_t now,
                         err *e);
/* The batch's projects: id, name, state, track. */
int reviews_batch_projects(store_conn *c, arena *a, int64_t batch_id, store_result **out, err *e);
/* For each project of the batch (project_id), n: the experts whose sheet counts (below). */
int reviews_batch_experts(store_conn *c, arena *a, int64_t batch_id, store_result **out, err *e);

/* ---- the expert pool ---- */

/* What adding a user to the pool depends on. */
typedef struct reviews_candidate {
	const char *role;       /* NULL: no such user */
	bool institution_known; /* the institution_id given names one (or is 0) */
	bool in_pool;
} reviews_candidate;
int reviews_candidate_get(store_conn *c, arena *a, int64_t user_id, int64_t institution_id,
                          reviews_candidate *out, err *e);
/* institution_id 0: none. fields: JSON text. */
int reviews_expert_add(store_conn *c, arena *a, int64_t user_id, const char *affiliation,
                       int64_t institution_id, const char *fields, err *e);
/* Rows of experts: user_id, affiliation, institution_id, fields, username, display_name,
 * active, institution_name. */
int reviews_expert_get(store_conn *c, arena *a, int64_t user_id, store_result **out, err *e);
int reviews_experts(store_conn *c, arena *a, int64_t after, int limit, bool active_only,
                    store_result **out, err *e);

/* ---- one expert and one project ---- */

typedef struct reviews_status {
	bool in_pool, assigned, conflicted, submitted;
} reviews_status;
int reviews_status_get(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                       reviews_status *s, err *e);

/* ---- assignments ---- */

int reviews_assign(store_conn *c, arena *a, int64_t project_id, int64_t expert_id, int64_t by,
                   int64_t now, err *e);
int reviews_unassign(store_conn *c, arena *a, int64_t project_id, int64_t expert_id, err *e);
/* expert_id, assigned_at, assigned_by, username, display_name, affiliation, institution_id,
 * submitted_at (NULL until the sheet is in), excluded_reason (NULL unless excluded). */
int reviews_assignments_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* An expert's projects without a conflict, from after: id, name, state, track, batch_id,
 * batch_name, assigned_at, submitted_at. */
int reviews_queue(store_conn *c, arena *a, int64_t expert_id, int64_t after, int limit,
                  store_result **out, err *e);
/* §4.1: the assigned experts whose sheet counts (not conflicted, not excluded), and how many
 * of them have submitted. */
int reviews_tally(store_conn *c, arena *a, int64_t project_id, int64_t *experts, int64_t *sheets,
                  err *e);
/* The assigned experts without a conflict of interest. */
int reviews_unconflicted(store_conn *c, arena *a, int64_t project_id, int64_t *n, err *e);

/* ---- conflicts of interest and recusal requests ---- */

/* §4.1: the expert's institution is a member of the project: 1 with its id and name. */
int reviews_member_conflict(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                            int64_t *institution_id, const char **name, err *e);
/* source "expert", "applicant" or "automatic"; declared_by 0: none. 1 recorded, 0 when this
 * conflict of this source is on record already. */
int reviews_conflict_add(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                         const char *source, const char *reason, int64_t declared_by, int64_t now,
                         err *e);
/* expert_id, source, reason, declared_by, declared_at, username; expert_id 0: every expert. */
int reviews_conflicts_of(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                         store_result **out, err *e);

/* The project's requests (*n), and those about the expert that are pending or granted
 * (*live). */
int reviews_recusal_counts(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                           int64_t *n, int64_t *live, err *e);
/* Rows of requests: id, project_id, expert_id, reason, requested_by, requested_at, status,
 * decided_by, decided_at, decision_reason. */
int reviews_recusal_get(store_conn *c, arena *a, int64_t project_id, int64_t id, store_result **out,
                        err *e);
/* A pending request by user `by`: 1 and its row. */
int reviews_recusal_add(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                        const char *reason, int64_t by, int64_t now, store_result **out, err *e);
/* The project's requests (the first limit), with username and display_name (of the expert
 * named), decided_by_name, and the counts in_pool, assigned and submitted. */
int reviews_recusals_of(store_conn *c, arena *a, int64_t project_id, int limit, store_result **out,
                        err *e);
/* Grants or denies a request, by user `by` with a reason. A grant records the conflict the
 * applicant asked for (source applicant, the request's reason, the asker) unless it is on
 * record already. */
int reviews_recusal_settle(store_conn *c, arena *a, int64_t id, bool grant, int64_t by, int64_t now,
                           const char *reason, err *e);

/* ---- score sheets ---- */

int reviews_sheet_add(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                      const char *scores, int64_t now, err *e);
/* The sheets of a batch (batch_id) or of a project (project_id; the other 0), by project,
 * then submission: project_id, expert_id, scores, submitted_at, username, display_name,
 * conflicted (a count) and excluded_reason. */
int reviews_sheets(store_conn *c, arena *a, int64_t batch_id, int64_t project_id,
                   store_result **out, err *e);
/* 1 excluded, 0 when the sheet was excluded already. */
int reviews_exclude(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                    const char *reason, int64_t by, int64_t now, err *e);
/* expert_id, reason, excluded_by, excluded_at, username, display_name, excluded_by_name; the
 * oldest first. */
int reviews_exclusions_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
#endif
