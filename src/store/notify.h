/* Notifications in the store: the in-app inbox (one row per recipient of an event), the
 * institutions' webhooks and the outbox of e-mails and webhook deliveries. The functions run
 * inside the caller's transaction and return strings in its arena; loaders of one row answer
 * 1, 0 or -1 (store_found); lists that page return limit + 1 rows at most. */
#ifndef BAOTU_STORE_NOTIFY_H
#define BAOTU_STORE_NOTIFY_H
#include "store/store.h"

/* ---- recipients ---- */

/* Who a rule sends to, as bits (app/notify.c's rules name them). */
#define NOTIFY_TO_OFFICERS 1u
#define NOTIFY_TO_LEADERS 2u
#define NOTIFY_TO_CSRC 4u
#define NOTIFY_TO_LEAD 8u     /* the users of the project's lead institution */
#define NOTIFY_TO_MEMBERS 16u /* the users of every member institution */
/* The active users a rule sends to about a project, never the actor (actor_id; 0: none):
 * id, email. institution_id (0: none) narrows the institutions' users to that member. */
int notify_recipients(store_conn *c, arena *a, unsigned to, int64_t project_id,
                      int64_t institution_id, int64_t actor_id, store_result **out, err *e);
/* The active webhooks of the institutions a rule sends to about a project: id, url,
 * institution_id. */
int notify_webhooks_for(store_conn *c, arena *a, unsigned to, int64_t project_id,
                        int64_t institution_id, store_result **out, err *e);
/* The project's name (NULL when there is no such project). */
int notify_project_name(store_conn *c, arena *a, int64_t project_id, const char **name, err *e);

/* ---- the inbox ---- */

typedef struct notify_row {
	int64_t user_id, event_seq;
	const char *kind, *subject, *title, *params; /* params: JSON text */
	int64_t now;
} notify_row;
/* 1 and the new row's *id. */
int notify_insert(store_conn *c, arena *a, const notify_row *n, int64_t *id, err *e);
/* A user's notifications, newest first, ids below before (0: from the newest); unread only
 * when asked: id, kind, subject, title, params, created_at, read_at. */
int notify_inbox(store_conn *c, arena *a, int64_t user_id, bool unread_only, int64_t before,
                 int limit, store_result **out, err *e);
int notify_unread_count(store_conn *c, arena *a, int64_t user_id, int64_t *n, err *e);
/* Marks one of the user's notifications read (when it is not yet): 1 and *out (the row), 0
 * when the user has no such notification. */
int notify_mark_read(store_conn *c, arena *a, int64_t user_id, int64_t id, int64_t now,
                     store_result **out, err *e);
/* Marks every unread notification of the user read; *n: how many. */
int notify_mark_all_read(store_conn *c, arena *a, int64_t user_id, int64_t now, int64_t *n, err *e);

/* ---- webhooks ---- */

#define WEBHOOK_COLS "id, institution_id, url, active, created_by, created_at"
int notify_webhook_add(store_conn *c, arena *a, int64_t institution_id, const char *url,
                       const char *secret, int64_t by, int64_t now, store_result **out, err *e);
/* Active webhooks of an institution (0: of all), by id. */
int notify_webhooks(store_conn *c, arena *a, int64_t institution_id, int64_t after, int limit,
                    store_result **out, err *e);
int notify_webhook_count(store_conn *c, arena *a, int64_t institution_id, int64_t *n, err *e);
/* An active webhook: WEBHOOK_COLS. */
int notify_webhook_get(store_conn *c, arena *a, int64_t id, store_result **out, err *e);
int notify_webhook_deactivate(store_conn *c, arena *a, int64_t id, err *e);

/* ---- the outbox ---- */

typedef struct notify_outbox_row {
	const char *channel;                    /* "email" | "webhook" */
	int64_t event_seq, user_id, webhook_id; /* 0: none */
	const char *target, *body;
	int64_t now;
} notify_outbox_row;
int notify_outbox_add(store_conn *c, arena *a, const notify_outbox_row *o, err *e);
/* Claims the oldest delivery due at now (pending and due, or sending but claimed before
 * stale_before: a node that died while sending), e-mails only when with_email: marks it
 * sending, attempts + 1. 1 and *out (id, channel, target, body, attempts, secret of its
 * webhook), or 0. */
int notify_outbox_claim(store_conn *c, arena *a, int64_t now, int64_t stale_before, bool with_email,
                        store_result **out, err *e);
/* The outcome of the claim whose attempts count is `attempts`: status "sent", "pending" (with
 * next_at) or "dead", with the error (NULL when sent). 1, or 0 when the row was claimed again
 * meanwhile. */
int notify_outbox_settle(store_conn *c, arena *a, int64_t id, int64_t attempts, const char *status,
                         int64_t next_at, const char *error, int64_t now, err *e);
/* Deliveries in a status (NULL: any), newest first below before (0: from the newest): id,
 * channel, event_seq, user_id, webhook_id, target, status, attempts, next_attempt_at,
 * last_error, created_at, sent_at. */
int notify_outbox_list(store_conn *c, arena *a, const char *status, int64_t before, int limit,
                       store_result **out, err *e);
#endif
