/* Public notices and their comments. See notices.h. */
#include "store/notices.h"

#include "store/row.h"

/* States in which a project's notice is public: during the notice and, as the record of what
 * was noticed, once the project runs. */
#define PUBLIC_STATES "('public_notice', 'launched', 'coaching', 'coaching_ended')"
/* Every project that launched, whatever became of it (§4.4: regular operation, rectification,
 * suspension, stop, exit). */
#define REGISTER_STATES                                                                            \
	"('launched', 'coaching', 'coaching_ended', 'regular_operation', 'rectifying', "           \
	"'suspended', 'stopped', 'exiting', 'exited')"

STORE_ROW_BY_ID(notices_get_by_project,
                "SELECT " NOTICE_COLS " FROM notices n JOIN projects p ON p.id = "
                "n.project_id WHERE n.project_id = $1")

STORE_ROW_BY_ID(notices_get_public,
                "SELECT " NOTICE_COLS " FROM notices n JOIN projects p ON p.id = "
                "n.project_id WHERE n.id = $1 AND p.state IN " PUBLIC_STATES)

int notices_id_by_project(store_conn *c, arena *a, int64_t project_id, int64_t *id, err *e)
{
	return store_int(c, a, e, id, "SELECT id FROM notices WHERE project_id = $1", "i",
	                 project_id);
}

int notices_open_page(store_conn *c, arena *a, const char *today, int64_t after, int limit,
                      store_result **r, err *e)
{
	return store_q(
	    c, a, e, r,
	    "SELECT " NOTICE_COLS ", (SELECT count(*) FROM comments k WHERE k.notice_id "
	    "= n.id AND k.status = 'published') AS comments FROM notices n JOIN projects "
	    "p ON p.id = n.project_id WHERE p.state = 'public_notice' AND n.opens_on <= "
	    "$1 AND n.closes_on >= $1 AND n.id > $2 ORDER BY n.id LIMIT $3",
	    "tii", today, after, (int64_t)limit + 1);
}

int notices_register_page(store_conn *c, arena *a, const char *track, int64_t after, int limit,
                          store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT p.id, p.track, p.state, p.name, p.launched_on, p.coaching_ends_on, "
	               "n.id AS notice_id, n.public FROM projects p LEFT JOIN notices n ON "
	               "n.project_id = p.id WHERE p.state IN " REGISTER_STATES
	               " AND ($1 IS NULL OR "
	               "p.track = $1) AND p.id > $2 ORDER BY p.id LIMIT $3",
	               "tii", track, after, (int64_t)limit + 1);
}

STORE_ROWS_BY_ID(notices_members,
                 "SELECT m.institution_id, i.name, m.lead, m.role FROM project_members m "
                 "JOIN institutions i ON i.id = m.institution_id WHERE m.project_id = $1 "
                 "ORDER BY m.lead DESC, m.institution_id")

int notices_insert(store_conn *c, arena *a, int64_t project_id, const char *public_json,
                   const char *opens_on, const char *closes_on, int working_days, int64_t now,
                   int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO notices (project_id, public, opens_on, closes_on, "
	                 "working_days, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	                 "itttii", project_id, public_json, opens_on, closes_on,
	                 (int64_t)working_days, now);
}

STORE_ROW_BY_ID(comments_get, "SELECT " COMMENT_COLS ", n.project_id, p.state FROM comments c "
                              "JOIN notices n ON n.id = c.notice_id JOIN projects p ON p.id = "
                              "n.project_id WHERE c.id = $1")

int comments_project_id(store_conn *c, arena *a, int64_t id, int64_t *project_id, err *e)
{
	return store_int(c, a, e, project_id,
	                 "SELECT n.project_id FROM comments c JOIN notices n ON n.id = c.notice_id "
	                 "WHERE c.id = $1",
	                 "i", id);
}

STORE_ROWS_BY_ID(comments_unreviewed, "SELECT id FROM comments WHERE notice_id = $1 AND "
                                      "(status = 'pending' OR classification IS NULL) ORDER BY id")

STORE_ROWS_BY_ID(comments_major_risk, "SELECT id, response FROM comments WHERE notice_id = $1 AND "
                                      "classification = 'major_risk' ORDER BY id")

int comments_published(store_conn *c, arena *a, int64_t notice_id, int limit, store_result **r,
                       err *e)
{
	return store_q(c, a, e, r,
	               "SELECT " COMMENT_COLS " FROM comments c WHERE c.notice_id = $1 AND "
	               "c.status = 'published' ORDER BY c.id LIMIT $2",
	               "ii", notice_id, (int64_t)limit);
}

int comments_page(store_conn *c, arena *a, int64_t notice_id, int64_t after, bool all, int limit,
                  store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT " COMMENT_COLS
	               " FROM comments c WHERE c.notice_id = $1 AND c.id > $2 "
	               "AND ($3 = 1 OR c.status = 'published' OR c.classification = 'major_risk') "
	               "ORDER BY c.id LIMIT $4",
	               "iibi", notice_id, after, all, (int64_t)limit + 1);
}

int comments_insert(store_conn *c, arena *a, int64_t notice_id, const char *body,
                    const char *author, const char *contact, const char *address_hash, int64_t now,
                    int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO comments (notice_id, body, author, contact, address_hash, "
	                 "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	                 "itttti", notice_id, body, author, contact, address_hash, now);
}

int comments_set_status(store_conn *c, arena *a, int64_t id, const char *status, err *e)
{
	return store_q(c, a, e, NULL, "UPDATE comments SET status = $1 WHERE id = $2", "ti", status,
	               id);
}

int comments_set_classification(store_conn *c, arena *a, int64_t id, const char *classification,
                                int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE comments SET classification = $1, classified_by = $2, "
	               "classified_at = $3 WHERE id = $4",
	               "tIii", classification, by, now, id);
}

int comments_set_response(store_conn *c, arena *a, int64_t id, const char *response, int64_t by,
                          int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE comments SET response = $1, responded_by = $2, responded_at = $3 "
	               "WHERE id = $4",
	               "tIii", response, by, now, id);
}
