#include "store/retention.h"

/* One SELECT per kind of attachment: JOIN reaches its project as p. */
#define ATTACHMENT_OF(kind, table, join)                                                           \
	"SELECT '" kind "' AS kind, x.id, x.sha256, b.size, b.content_type, p.id AS project_id, "  \
	"p.state, p.updated_at AS ended_at, (SELECT count(*) FROM legal_holds h WHERE "            \
	"h.project_id = p.id AND h.released_at IS NULL) AS holds FROM " table " x " join           \
	" JOIN blobs b ON b.sha256 = x.sha256 WHERE b.purged_at IS NULL"

int retention_attachments(store_conn *c, arena *a, store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               ATTACHMENT_OF("materials", "materials", "JOIN projects p ON p.id = x.project_id") " UNION ALL " ATTACHMENT_OF(
	                   "messages",
	                   "message_"
	                   "attachments",
	                   "JOIN "
	                   "messages m "
	                   "ON m.id = "
	                   "x.message_"
	                   "id JOIN "
	                   "threads t "
	                   "ON "
	                   "t.id = "
	                   "m.thread_id "
	                   "JOIN "
	                   "projects p "
	                   "ON p.id = "
	                   "t.project_"
	                   "id") " UNION"
	                         " ALL"
	                         " " ATTACHMENT_OF(
	                             "reports", "report_attachments",
	                             "JOIN reports s ON s.id = x.report_id JOIN projects p ON "
	                             "p.id = s.project_id") " UNION ALL " ATTACHMENT_OF("inspection"
	                                                                                "s",
	                                                                                "inspection"
	                                                                                "_files",
	                                                                                "JOIN "
	                                                                                "inspection"
	                                                                                "s s ON "
	                                                                                "s.id = "
	                                                                                "x."
	                                                                                "inspection"
	                                                                                "_id JOIN "
	                                                                                "projects "
	                                                                                "p ON p.id "
	                                                                                "= "
	                                                                                "s.project_"
	                                                                                "id") " ORD"
	                                                                                      "ER "
	                                                                                      "BY "
	                                                                                      "3, "
	                                                                                      "1, "
	                                                                                      "2",
	               "");
}

int retention_blob_purge(store_conn *c, arena *a, const char *sha256, int64_t now, err *e)
{
	return store_wrote(c, a, e,
	                   "UPDATE blobs SET data = $1, purged_at = $2 WHERE sha256 = $3 AND "
	                   "purged_at IS NULL RETURNING sha256",
	                   "Bit", "", (size_t)0, now, sha256);
}

int holds_list(store_conn *c, arena *a, int64_t project_id, store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT " HOLD_COLS " FROM legal_holds h WHERE $1 = 0 OR h.project_id = $1 "
	               "ORDER BY h.id DESC",
	               "i", project_id);
}

int holds_get(store_conn *c, arena *a, int64_t id, store_result **r, err *e)
{
	if (store_q(c, a, e, r, "SELECT " HOLD_COLS " FROM legal_holds h WHERE h.id = $1", "i",
	            id) < 0)
		return -1;
	return (*r)->nrows > 0;
}

int holds_insert(store_conn *c, arena *a, int64_t project_id, const char *reason, int64_t by,
                 int64_t now, int64_t *id, err *e)
{
	return store_int(
	           c, a, e, id,
	           "INSERT INTO legal_holds (project_id, reason, placed_by, placed_at) VALUES "
	           "($1, $2, $3, $4) RETURNING id",
	           "itIi", project_id, reason, by, now) < 0
	           ? -1
	           : 0;
}

int holds_release(store_conn *c, arena *a, int64_t id, const char *reason, int64_t by, int64_t now,
                  err *e)
{
	return store_wrote(c, a, e,
	                   "UPDATE legal_holds SET released_by = $1, released_at = $2, "
	                   "release_reason = $3 WHERE id = $4 AND released_at IS NULL RETURNING id",
	                   "Iiti", by, now, reason, id);
}
