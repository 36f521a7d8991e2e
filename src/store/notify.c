/* Notifications' statements. See notify.h. */
#include "store/notify.h"

#include "store/row.h"

/* ---- recipients ---- */

/* The institutions a rule sends to about project $2: the lead when bit 8 of $1, every member
 * when bit 16, narrowed to institution $3 when it is not 0. */
#define TARGET_INSTITUTIONS                                                                        \
	"SELECT m.institution_id FROM project_members m WHERE m.project_id = $2 AND (($1 & 16) "   \
	"<> 0 OR (($1 & 8) <> 0 AND m.lead = 1)) AND ($3 = 0 OR m.institution_id = $3)"

int notify_recipients(store_conn *c, arena *a, unsigned to, int64_t project_id,
                      int64_t institution_id, int64_t actor_id, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT u.id, u.email FROM users u WHERE u.active = 1 AND u.id <> $4 AND "
	               "((($1 & 1) <> 0 AND u.role = 'officer') OR (($1 & 2) <> 0 AND u.role = "
	               "'leader') OR (($1 & 4) <> 0 AND u.role = 'csrc') OR (u.role = "
	               "'institution' AND u.institution_id IN (" TARGET_INSTITUTIONS
	               "))) ORDER BY u.id",
	               "iiii", (int64_t)to, project_id, institution_id, actor_id);
}

int notify_webhooks_for(store_conn *c, arena *a, unsigned to, int64_t project_id,
                        int64_t institution_id, store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT w.id, w.url, w.institution_id FROM webhooks w WHERE w.active = 1 AND "
	    "w.institution_id IN (" TARGET_INSTITUTIONS ") ORDER BY w.id",
	    "iii", (int64_t)to, project_id, institution_id);
}

int notify_project_name(store_conn *c, arena *a, int64_t project_id, const char **name, err *e)
{
	return store_text(c, a, e, name, "SELECT name FROM projects WHERE id = $1", "i",
	                  project_id);
}

/* ---- the inbox ---- */

int notify_insert(store_conn *c, arena *a, const notify_row *n, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO notifications (user_id, event_seq, kind, subject, title, "
	                 "params, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
	                 "iitttti", n->user_id, n->event_seq, n->kind, n->subject, n->title,
	                 n->params, n->now);
}

#define NOTIFICATION_COLS "id, kind, subject, title, params, created_at, read_at"

int notify_inbox(store_conn *c, arena *a, int64_t user_id, bool unread_only, int64_t before,
                 int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT " NOTIFICATION_COLS " FROM notifications WHERE user_id = $1 AND ($2 "
	               "= 0 OR read_at IS NULL) AND ($3 = 0 OR id < $3) ORDER BY id DESC LIMIT $4",
	               "ibii", user_id, unread_only, before, (int64_t)limit + 1);
}

int notify_unread_count(store_conn *c, arena *a, int64_t user_id, int64_t *n, err *e)
{
	return store_count(c, a, e, n,
	                   "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS "
	                   "NULL",
	                   "i", user_id);
}

int notify_mark_read(store_conn *c, arena *a, int64_t user_id, int64_t id, int64_t now,
                     store_result **out, err *e)
{
	if (store_q(c, a, e, NULL,
	            "UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND "
	            "read_at IS NULL",
	            "iii", now, id, user_id) < 0)
		return -1;
	return store_found(store_q(c, a, e, out,
	                           "SELECT " NOTIFICATION_COLS " FROM notifications WHERE id = $1 "
	                           "AND user_id = $2",
	                           "ii", id, user_id),
	                   out);
}

int notify_mark_all_read(store_conn *c, arena *a, int64_t user_id, int64_t now, int64_t *n, err *e)
{
	*n = store_wrote(
	    c, a, e,
	    "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL "
	    "RETURNING id",
	    "ii", now, user_id);
	return *n < 0 ? -1 : 0;
}

/* ---- webhooks ---- */

int notify_webhook_add(store_conn *c, arena *a, int64_t institution_id, const char *url,
                       const char *secret, int64_t by, int64_t now, store_result **out, err *e)
{
	return store_found(
	    store_q(c, a, e, out,
	            "INSERT INTO webhooks (institution_id, url, secret, created_by, "
	            "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING " WEBHOOK_COLS,
	            "ittii", institution_id, url, secret, by, now),
	    out);
}

STORE_PAGE_OF(notify_webhooks,
              "SELECT " WEBHOOK_COLS " FROM webhooks WHERE active = 1 AND ($1 = 0 OR "
              "institution_id = $1) AND id > $2 ORDER BY id LIMIT $3")

int notify_webhook_count(store_conn *c, arena *a, int64_t institution_id, int64_t *n, err *e)
{
	return store_count(c, a, e, n,
	                   "SELECT count(*) FROM webhooks WHERE active = 1 AND institution_id = $1",
	                   "i", institution_id);
}

STORE_ROW_BY_ID(notify_webhook_get,
                "SELECT " WEBHOOK_COLS " FROM webhooks WHERE id = $1 AND active "
                "= 1")

int notify_webhook_deactivate(store_conn *c, arena *a, int64_t id, err *e)
{
	return store_q(c, a, e, NULL, "UPDATE webhooks SET active = 0 WHERE id = $1", "i", id);
}

/* ---- the outbox ---- */

int notify_outbox_add(store_conn *c, arena *a, const notify_outbox_row *o, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO outbox (channel, event_seq, user_id, webhook_id, target, body, "
	               "next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
	               "tiIItti", o->channel, o->event_seq, o->user_id, o->webhook_id, o->target,
	               o->body, o->now);
}

int notify_outbox_claim(store_conn *c, arena *a, int64_t now, int64_t stale_before, bool with_email,
                        store_result **out, err *e)
{
	return store_found(
	    store_q(
	        c, a, e, out,
	        "UPDATE outbox SET status = 'sending', claimed_at = $1, attempts = attempts + 1 "
	        "WHERE id = (SELECT id FROM outbox WHERE ((status = 'pending' AND "
	        "next_attempt_at <= $1) OR (status = 'sending' AND claimed_at < $2)) AND ($3 = 1 "
	        "OR channel <> 'email') ORDER BY next_attempt_at, id LIMIT 1) RETURNING id, "
	        "channel, target, body, attempts, (SELECT w.secret FROM webhooks w WHERE w.id = "
	        "outbox.webhook_id) AS secret",
	        "iib", now, stale_before, with_email),
	    out);
}

int notify_outbox_settle(store_conn *c, arena *a, int64_t id, int64_t attempts, const char *status,
                         int64_t next_at, const char *error, int64_t now, err *e)
{
	return store_wrote(
	    c, a, e,
	    "UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3, "
	    "sent_at = CASE WHEN $1 = 'sent' THEN $4 ELSE NULL END WHERE id = $5 AND "
	    "status = 'sending' AND attempts = $6 RETURNING id",
	    "titiii", status, next_at, error, now, id, attempts);
}

int notify_outbox_list(store_conn *c, arena *a, const char *status, int64_t before, int limit,
                       store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT id, channel, event_seq, user_id, webhook_id, target, status, attempts, "
	    "next_attempt_at, last_error, created_at, sent_at FROM outbox WHERE ($1 IS "
	    "NULL OR status = $1) AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3",
	    "tii", status, before, (int64_t)limit + 1);
}
