/* Maker-checker decisions in the store: a proposal of a workflow action awaiting a leader, and
 * its settlement. Inside the caller's transaction; strings in the caller's arena. */
#ifndef BAOTU_STORE_DECISIONS_H
#define BAOTU_STORE_DECISIONS_H
#include "store/store.h"

/* The pending decision on a project: 1 with its id and action, 0 when none. */
int decisions_pending(store_conn *c, arena *a, int64_t project_id, int64_t *id, const char **action,
                      err *e);
/* A pending decision: the action proposed in state from, its fields (JSON text) and reason;
 * 1 and its *id, or 0 when one is pending already. */
int decisions_propose(store_conn *c, arena *a, int64_t project_id, const char *action,
                      const char *from, const char *params, const char *reason, int64_t by,
                      int64_t now, int64_t *id, err *e);
/* status "approved" or "rejected", by a user, with a reason (may be NULL). */
int decisions_settle(store_conn *c, arena *a, int64_t id, const char *status, int64_t by,
                     int64_t now, const char *reason, err *e);

/* The rows below have the decision's columns (id, project_id, action, from_state, params,
 * reason, status, proposed_by, proposed_at, decided_by, decided_at, decision_reason), the
 * project's name (project_name) and the proposer's username (proposer). */
/* 1 and the decision, 0 when none has that id. */
int decisions_get(store_conn *c, arena *a, int64_t id, store_result **out, err *e);
/* A page from after, by id; status NULL for any; limit + 1 rows at most (app_page). */
int decisions_list(store_conn *c, arena *a, const char *status, int64_t after, int limit,
                   store_result **out, err *e);
/* The settled decisions (approved or rejected), newest first: a page of those before the id
 * before (0: from the newest); limit + 1 rows at most (app_page). */
int decisions_settled(store_conn *c, arena *a, int64_t before, int limit, store_result **out,
                      err *e);
#endif
