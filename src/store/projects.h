/* The projects aggregate in the store: an application's row, its members and their
 * confirmations (§3.2), the columns the workflow's effects set and the live-business figures
 * (§4.3); the scheduler's jobs are in store/jobs.h. The functions run inside the caller's
 * transaction and return strings in its arena. A function that looks a row up or adds one returns 1
 * (found, added), 0 (none) or -1 (an error), as store_int does; the others 0 or -1. */
#ifndef BAOTU_STORE_PROJECTS_H
#define BAOTU_STORE_PROJECTS_H
#include "store/store.h"

typedef struct projects_row {
	int64_t id;
	const char *track, *state, *name, *content, *csrc_result, *defects, *launched_on,
	    *coaching_ends_on;
	int64_t batch_id, created_at, updated_at, version;
} projects_row;

int projects_get(store_conn *c, arena *a, int64_t id, projects_row *p, err *e);
/* A new draft by user `by`: 1 and its *id. */
int projects_insert(store_conn *c, arena *a, const char *track, const char *name,
                    const char *content, int64_t by, int64_t now, int64_t *id, err *e);
/* A draft's edit: track, name and content (JSON text); the version goes up. */
int projects_set_content(store_conn *c, arena *a, int64_t id, const char *track, const char *name,
                         const char *content, int64_t now, err *e);
/* A transition: the state; the version goes up. */
int projects_set_state(store_conn *c, arena *a, int64_t id, const char *state, int64_t now, err *e);

/* What a list shows to whom (§3.2, §4.1), in SQL; a zero field filters nothing. */
typedef struct projects_filter {
	const char *state;
	int64_t institution_id; /* its projects: those it is a member of */
	int64_t expert_id;      /* its projects: assigned, without a conflict of interest */
	bool forwarded;         /* only the projects forwarded to the CSRC: the states of
	                           app/access.c:csrc_may_see (tests/e2e/security.test.mjs holds
	                           the two to the same set) */
} projects_filter;
/* A page from after, by id: id, name, state, track, batch_id, updated_at, launched_on and
 * lead (the lead applicant's name); limit + 1 rows at most, so that app_page tells whether
 * another page follows. */
int projects_list(store_conn *c, arena *a, const projects_filter *f, int64_t after, int limit,
                  store_result **out, err *e);

/* ---- what the workflow's actions set besides the state ---- */
int projects_set_submitted(store_conn *c, arena *a, int64_t id, int64_t now, err *e);
int projects_set_defects(store_conn *c, arena *a, int64_t id, const char *defects, err *e);
int projects_set_batch(store_conn *c, arena *a, int64_t id, int64_t batch_id, err *e);
int projects_set_csrc_result(store_conn *c, arena *a, int64_t id, const char *result, err *e);
int projects_set_launched(store_conn *c, arena *a, int64_t id, const char *launched_on, err *e);
/* §3.3: the coaching period ends on ends_on, and a coaching_end job is due at due_us. */
int projects_schedule_coaching_end(store_conn *c, arena *a, int64_t id, const char *ends_on,
                                   int64_t due_us, err *e);

/* ---- members (§3.2) ---- */

/* The members by institution id: the facts §3 judges of each institution
 * (INSTITUTION_FACTS_COLS), its name and registered_city, and institution_id, lead, role,
 * confirmed_at. */
int projects_members_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* One member: whether it leads, whether it has confirmed, its institution's kind. */
typedef struct projects_member {
	bool lead, confirmed;
	const char *kind;
} projects_member;
int projects_member_get(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                        projects_member *m, err *e);
int projects_members_clear(store_conn *c, arena *a, int64_t project_id, err *e);
/* 1 added, 0 when no institution has that id. confirmed_by 0: not confirmed yet. */
int projects_member_add(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                        bool lead, const char *role, int64_t confirmed_by, int64_t now, err *e);
int projects_member_confirm(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                            int64_t by, int64_t now, err *e);
/* Every member but institution_id loses its confirmation and institution_id confirms (user
 * `by`); *withdrawn lists the institution_id of the others that had confirmed. */
int projects_confirmations_withdraw(store_conn *c, arena *a, int64_t project_id,
                                    int64_t institution_id, int64_t by, int64_t now,
                                    store_result **withdrawn, err *e);

/* ---- live-business figures (§4.3) ---- */
typedef struct projects_metrics {
	const char *period; /* YYYY-MM */
	int64_t customers, transactions, volume_fen, complaints;
	const char *idempotency_key; /* may be NULL */
} projects_metrics;
/* The report sent before with this key: 1 and its *id, or 0. */
int projects_metrics_find(store_conn *c, arena *a, int64_t project_id, const char *key, int64_t *id,
                          err *e);
/* 1 and the new report's *id. */
int projects_metrics_add(store_conn *c, arena *a, int64_t project_id, const projects_metrics *m,
                         int64_t by, int64_t now, int64_t *id, err *e);
#endif
