/* Threads, messages, receipts and situation reports. See exchange.h. */
#include "store/exchange.h"

#include "store/row.h"

/* ---- threads ---- */

/* $1: the reading user. */
#define THREAD_SELECT                                                                              \
	"SELECT t.id, t.project_id, p.name AS project_name, p.state AS project_state, t.subject, " \
	"t.created_by, t.created_at, t.last_message_at, (SELECT count(*) FROM messages m WHERE "   \
	"m.thread_id = t.id) AS messages, (SELECT count(*) FROM messages m WHERE m.thread_id = "   \
	"t.id AND m.author_id <> $1 AND NOT EXISTS (SELECT 1 FROM message_reads r WHERE "          \
	"r.message_id = m.id AND r.user_id = $1)) AS unread FROM threads t JOIN projects p ON "    \
	"p.id = t.project_id "

int threads_insert(store_conn *c, arena *a, int64_t project_id, const char *subject, int64_t by,
                   int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO threads (project_id, subject, created_by, created_at, "
	                 "last_message_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
	                 "itii", project_id, subject, by, now);
}

int threads_get(store_conn *c, arena *a, int64_t id, int64_t user_id, store_result **r, err *e)
{
	return store_found(store_q(c, a, e, r, THREAD_SELECT "WHERE t.id = $2", "ii", user_id, id),
	                   r);
}

int threads_page(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                 int64_t user_id, int64_t before, int limit, store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               THREAD_SELECT "WHERE ($2 = 0 OR t.project_id = $2) AND ($3 = 0 OR EXISTS "
	                             "(SELECT 1 FROM project_members pm WHERE pm.project_id = "
	                             "t.project_id AND pm.institution_id = $3)) AND ($4 = 0 OR "
	                             "t.id < $4) ORDER BY t.id DESC LIMIT $5",
	               "iiiii", user_id, project_id, institution_id, before, (int64_t)limit + 1);
}

/* ---- messages ---- */

int messages_insert(store_conn *c, arena *a, int64_t thread_id, const char *body, const char *side,
                    int64_t by, int64_t now, int64_t *id, err *e)
{
	if (store_int(
	        c, a, e, id,
	        "INSERT INTO messages (thread_id, body, side, author_id, sent_at) VALUES ($1, "
	        "$2, $3, $4, $5) RETURNING id",
	        "ittii", thread_id, body, side, by, now) < 0)
		return -1;
	return store_q(c, a, e, NULL, "UPDATE threads SET last_message_at = $1 WHERE id = $2", "ii",
	               now, thread_id) < 0
	           ? -1
	           : 1;
}

STORE_PAGE_OF(messages_page,
              "SELECT m.id, m.thread_id, m.body, m.side, m.author_id, u.username AS "
              "author, u.display_name AS author_name, m.sent_at FROM messages m JOIN "
              "users u ON u.id = m.author_id WHERE m.thread_id = $1 AND m.id > $2 ORDER "
              "BY m.id LIMIT $3")

int messages_attachments(store_conn *c, arena *a, int64_t thread_id, int64_t first, int64_t last,
                         store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT f.id, f.message_id, f.filename, f.sha256, f.size, f.content_type "
	               "FROM message_attachments f JOIN messages m ON m.id = f.message_id WHERE "
	               "m.thread_id = $1 AND m.id >= $2 AND m.id <= $3 ORDER BY f.id",
	               "iii", thread_id, first, last);
}

int messages_reads(store_conn *c, arena *a, int64_t thread_id, int64_t first, int64_t last,
                   store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT r.message_id, r.user_id, u.username, u.role, r.read_at FROM "
	               "message_reads r JOIN messages m ON m.id = r.message_id JOIN users u ON "
	               "u.id = r.user_id WHERE m.thread_id = $1 AND m.id >= $2 AND m.id <= $3 "
	               "ORDER BY r.message_id, r.read_at, r.user_id",
	               "iii", thread_id, first, last);
}

int messages_attachment_add(store_conn *c, arena *a, int64_t message_id, const char *filename,
                            const char *sha256, int64_t size, const char *content_type, int64_t *id,
                            err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO message_attachments (message_id, filename, sha256, size, "
	                 "content_type) VALUES ($1, $2, $3, $4, $5) RETURNING id",
	                 "ittit", message_id, filename, sha256, size, content_type);
}

STORE_ROW_OF(messages_attachment_get, "SELECT f.id, f.message_id, f.filename, f.sha256, f.size, "
                                      "f.content_type FROM message_attachments f JOIN messages m "
                                      "ON m.id = f.message_id WHERE m.thread_id = $1 AND f.id = $2")

int messages_unread(store_conn *c, arena *a, int64_t thread_id, int64_t user_id, int64_t up_to,
                    store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT m.id FROM messages m WHERE m.thread_id = $1 AND m.author_id <> $2 "
	               "AND ($3 = 0 OR m.id <= $3) AND NOT EXISTS (SELECT 1 FROM message_reads r "
	               "WHERE r.message_id = m.id AND r.user_id = $2) ORDER BY m.id",
	               "iii", thread_id, user_id, up_to);
}

int messages_read_add(store_conn *c, arena *a, int64_t message_id, int64_t user_id, int64_t now,
                      err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO message_reads (message_id, user_id, read_at) VALUES ($1, $2, "
	               "$3)",
	               "iii", message_id, user_id, now);
}

/* ---- situations ---- */

#define SITUATION_SELECT                                                                           \
	"SELECT s.id, s.project_id, p.name AS project_name, s.title, s.body, s.reported_by, "      \
	"u.username AS reported_by_name, s.reported_at, s.acknowledged_by, k.username AS "         \
	"acknowledged_by_name, s.acknowledged_at, s.acknowledgement FROM situations s JOIN users " \
	"u ON u.id = s.reported_by LEFT JOIN users k ON k.id = s.acknowledged_by LEFT JOIN "       \
	"projects p ON p.id = s.project_id "

int situations_insert(store_conn *c, arena *a, int64_t project_id, const char *title,
                      const char *body, int64_t by, int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO situations (project_id, title, body, reported_by, "
	                 "reported_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
	                 "Ittii", project_id, title, body, by, now);
}

STORE_ROW_BY_ID(situations_get, SITUATION_SELECT "WHERE s.id = $1")

int situations_page(store_conn *c, arena *a, int acknowledged, int64_t before, int limit,
                    store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               SITUATION_SELECT "WHERE ($1 < 0 OR ($1 = 1) = (s.acknowledged_at IS NOT "
	                                "NULL)) AND ($2 = 0 OR s.id < $2) ORDER BY s.id DESC "
	                                "LIMIT $3",
	               "iii", (int64_t)acknowledged, before, (int64_t)limit + 1);
}

int situations_acknowledge(store_conn *c, arena *a, int64_t id, const char *note, int64_t by,
                           int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE situations SET acknowledged_by = $1, acknowledged_at = $2, "
	               "acknowledgement = $3 WHERE id = $4",
	               "iiti", by, now, note, id);
}
