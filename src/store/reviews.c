/* The review aggregate's statements. See reviews.h. */
#include "store/reviews.h"

#include "store/row.h"

/* §4.1: an assigned expert whose sheet does not count: conflicted (which blocks the expert),
 * or whose submitted sheet an officer excluded (which the selection decision shows). `s` names
 * a row with project_id and expert_id. */
#define NOT_COUNTED(s)                                                                             \
	"(EXISTS (SELECT 1 FROM conflicts f WHERE f.project_id = " s ".project_id AND "            \
	"f.expert_id = " s ".expert_id) OR EXISTS (SELECT 1 FROM sheet_exclusions sx WHERE "       \
	"sx.project_id = " s ".project_id AND sx.expert_id = " s ".expert_id))"

/* ---- batches ---- */

/* A batch with how many projects, and how many sheets (any sheet locks the weights). */
#define BATCH_SELECT                                                                               \
	"SELECT b.id, b.name, b.opens_on, b.closes_on, b.weights, b.created_at, b.updated_at, "    \
	"(SELECT count(*) FROM projects p WHERE p.batch_id = b.id) AS nprojects, (SELECT "         \
	"count(*) FROM score_sheets s JOIN projects p ON p.id = s.project_id WHERE p.batch_id = "  \
	"b.id) AS nsheets FROM batches b "

STORE_PAGE(reviews_batches, BATCH_SELECT "WHERE b.id > $1 ORDER BY b.id LIMIT $2")

STORE_ROW_BY_ID(reviews_batch_get, BATCH_SELECT "WHERE b.id = $1")

int reviews_batches_open(store_conn *c, arena *a, const char *today, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT id, name, opens_on, closes_on FROM batches WHERE opens_on <= $1 AND "
	               "closes_on >= $1 ORDER BY closes_on, id LIMIT 50",
	               "t", today);
}

int reviews_batch_add(store_conn *c, arena *a, const reviews_batch *b, int64_t now, int64_t *id,
                      err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO batches (name, opens_on, closes_on, weights, created_at, "
	                 "updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
	                 "tttti", b->name, b->opens_on, b->closes_on, b->weights, now);
}

int reviews_batch_update(store_conn *c, arena *a, int64_t id, const reviews_batch *b, int64_t now,
                         err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE batches SET name = $1, opens_on = $2, closes_on = $3, weights = $4, "
	               "updated_at = $5 WHERE id = $6",
	               "ttttii", b->name, b->opens_on, b->closes_on, b->weights, now, id);
}

STORE_ROWS_BY_ID(reviews_batch_projects,
                 "SELECT id, name, state, track FROM projects WHERE batch_id = $1 ORDER BY id")

STORE_ROWS_BY_ID(
    reviews_batch_experts,
    "SELECT s.project_id, count(*) AS n FROM assignments s JOIN projects p ON "
    "p.id = s.project_id WHERE p.batch_id = $1 AND NOT " NOT_COUNTED("s") " GROUP BY s.project_id")

/* ---- the expert pool ---- */

int reviews_candidate_get(store_conn *c, arena *a, int64_t user_id, int64_t institution_id,
                          reviews_candidate *out, err *e)
{
	out->institution_known = !institution_id;
	if (store_text(c, a, e, &out->role, "SELECT role FROM users WHERE id = $1", "i", user_id) <
	        0 ||
	    (institution_id &&
	     store_exists(c, a, e, &out->institution_known,
	                  "SELECT 1 FROM institutions WHERE id = $1", "i", institution_id) < 0))
		return -1;
	return store_exists(c, a, e, &out->in_pool, "SELECT 1 FROM experts WHERE user_id = $1", "i",
	                    user_id);
}

int reviews_expert_add(store_conn *c, arena *a, int64_t user_id, const char *affiliation,
                       int64_t institution_id, const char *fields, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO experts (user_id, affiliation, institution_id, fields) VALUES "
	               "($1, $2, $3, $4)",
	               "itIt", user_id, affiliation, institution_id, fields);
}

#define EXPERT_SELECT                                                                              \
	"SELECT e.user_id, e.affiliation, e.institution_id, e.fields, u.username, "                \
	"u.display_name, u.active, i.name AS institution_name FROM experts e JOIN users u ON "     \
	"u.id "                                                                                    \
	"= e.user_id LEFT JOIN institutions i ON i.id = e.institution_id "

int reviews_experts(store_conn *c, arena *a, int64_t after, int limit, bool active_only,
                    store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               EXPERT_SELECT "WHERE e.user_id > $1 AND ($3 = 0 OR u.active = 1) ORDER BY "
	                             "e.user_id LIMIT $2",
	               "iib", after, (int64_t)limit + 1, active_only);
}

STORE_ROW_BY_ID(reviews_expert_get, EXPERT_SELECT "WHERE e.user_id = $1")

int reviews_status_get(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                       reviews_status *s, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT (SELECT count(*) FROM experts WHERE user_id = $2) AS in_pool, (SELECT "
	            "count(*) FROM assignments WHERE project_id = $1 AND expert_id = $2) AS "
	            "assigned, (SELECT count(*) FROM conflicts WHERE project_id = $1 AND expert_id "
	            "= $2) AS conflicted, (SELECT count(*) FROM score_sheets WHERE project_id = $1 "
	            "AND expert_id = $2) AS submitted",
	            "ii", project_id, expert_id) < 0)
		return -1;
	*s = (reviews_status){
	    store_get_int(r, 0, "in_pool") > 0, store_get_int(r, 0, "assigned") > 0,
	    store_get_int(r, 0, "conflicted") > 0, store_get_int(r, 0, "submitted") > 0};
	return 0;
}

/* ---- assignments ---- */

int reviews_assign(store_conn *c, arena *a, int64_t project_id, int64_t expert_id, int64_t by,
                   int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO assignments (project_id, expert_id, assigned_at, assigned_by) "
	               "VALUES ($1, $2, $3, $4)",
	               "iiii", project_id, expert_id, now, by);
}

int reviews_unassign(store_conn *c, arena *a, int64_t project_id, int64_t expert_id, err *e)
{
	return store_q(c, a, e, NULL,
	               "DELETE FROM assignments WHERE project_id = $1 AND expert_id = $2", "ii",
	               project_id, expert_id);
}

STORE_ROWS_BY_ID(
    reviews_assignments_of,
    "SELECT s.expert_id, s.assigned_at, s.assigned_by, u.username, u.display_name, "
    "x.affiliation, x.institution_id, sh.submitted_at, sx.reason AS excluded_reason FROM "
    "assignments s JOIN users u ON u.id = s.expert_id LEFT JOIN experts x ON x.user_id = "
    "s.expert_id LEFT JOIN score_sheets sh ON sh.project_id = s.project_id AND "
    "sh.expert_id = s.expert_id LEFT JOIN sheet_exclusions sx ON sx.project_id = "
    "s.project_id AND sx.expert_id = s.expert_id WHERE s.project_id = $1 ORDER BY "
    "s.assigned_at, s.expert_id")

STORE_PAGE_OF(reviews_queue,
              "SELECT p.id, p.name, p.state, p.track, p.batch_id, b.name AS batch_name, "
              "s.assigned_at, sh.submitted_at FROM assignments s JOIN projects p ON p.id = "
              "s.project_id LEFT JOIN batches b ON b.id = p.batch_id LEFT JOIN score_sheets sh ON "
              "sh.project_id = s.project_id AND sh.expert_id = s.expert_id WHERE s.expert_id = $1 "
              "AND p.id > $2 AND NOT EXISTS (SELECT 1 FROM conflicts f WHERE f.project_id = "
              "s.project_id AND f.expert_id = s.expert_id) ORDER BY p.id LIMIT $3")

int reviews_tally(store_conn *c, arena *a, int64_t project_id, int64_t *experts, int64_t *sheets,
                  err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT count(*) AS experts, count(sh.expert_id) AS sheets FROM assignments s "
	            "LEFT JOIN score_sheets sh ON sh.project_id = s.project_id AND sh.expert_id = "
	            "s.expert_id WHERE s.project_id = $1 AND NOT " NOT_COUNTED("s"),
	            "i", project_id) < 0)
		return -1;
	*experts = store_get_int(r, 0, "experts");
	*sheets = store_get_int(r, 0, "sheets");
	return 0;
}

int reviews_unconflicted(store_conn *c, arena *a, int64_t project_id, int64_t *n, err *e)
{
	return store_count(
	    c, a, e, n,
	    "SELECT count(*) FROM assignments s WHERE s.project_id = $1 AND NOT "
	    "EXISTS (SELECT 1 FROM conflicts f WHERE f.project_id = s.project_id AND "
	    "f.expert_id = s.expert_id)",
	    "i", project_id);
}

/* ---- conflicts and recusal requests ---- */

int reviews_member_conflict(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                            int64_t *institution_id, const char **name, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT m.institution_id, i.name FROM experts x JOIN project_members m ON "
	            "m.institution_id = x.institution_id JOIN institutions i ON i.id = "
	            "m.institution_id WHERE x.user_id = $1 AND m.project_id = $2",
	            "ii", expert_id, project_id) < 0)
		return -1;
	if (!r->nrows)
		return 0;
	*institution_id = store_get_int(r, 0, "institution_id");
	*name = store_get(r, 0, "name");
	return 1;
}

int reviews_conflict_add(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                         const char *source, const char *reason, int64_t declared_by, int64_t now,
                         err *e)
{
	return store_wrote(
	    c, a, e,
	    "INSERT INTO conflicts (project_id, expert_id, source, reason, "
	    "declared_by, declared_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO "
	    "NOTHING RETURNING expert_id",
	    "iittIi", project_id, expert_id, source, reason, declared_by, now);
}

int reviews_conflicts_of(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                         store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT f.expert_id, f.source, f.reason, f.declared_by, f.declared_at, "
	               "u.username FROM conflicts f JOIN users u ON u.id = f.expert_id WHERE "
	               "f.project_id = $1 AND ($2 = 0 OR f.expert_id = $2) "
	               "ORDER BY f.declared_at, f.expert_id",
	               "ii", project_id, expert_id);
}

int reviews_recusal_counts(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                           int64_t *n, int64_t *live, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT count(*) AS n, count(CASE WHEN expert_id = $2 AND status <> 'denied' "
	            "THEN 1 END) AS live FROM recusal_requests WHERE project_id = $1",
	            "ii", project_id, expert_id) < 0)
		return -1;
	*n = store_get_int(r, 0, "n");
	*live = store_get_int(r, 0, "live");
	return 0;
}

STORE_ROW_OF(reviews_recusal_get,
             "SELECT * FROM recusal_requests WHERE project_id = $1 AND id = $2")

int reviews_recusal_add(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                        const char *reason, int64_t by, int64_t now, store_result **out, err *e)
{
	int64_t id;
	if (store_int(c, a, e, &id,
	              "INSERT INTO recusal_requests (project_id, expert_id, reason, requested_by, "
	              "requested_at, status) VALUES ($1, $2, $3, $4, $5, 'pending') RETURNING id",
	              "iitii", project_id, expert_id, reason, by, now) < 0)
		return -1;
	return reviews_recusal_get(c, a, project_id, id, out, e);
}

int reviews_recusals_of(store_conn *c, arena *a, int64_t project_id, int limit, store_result **out,
                        err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT q.*, u.username, u.display_name, d.username AS decided_by_name, "
	    "(SELECT count(*) FROM experts x WHERE x.user_id = q.expert_id) AS in_pool, (SELECT "
	    "count(*) FROM assignments s WHERE s.project_id = q.project_id AND s.expert_id = "
	    "q.expert_id) AS assigned, (SELECT count(*) FROM score_sheets sh WHERE sh.project_id = "
	    "q.project_id AND sh.expert_id = q.expert_id) AS submitted FROM recusal_requests q "
	    "LEFT "
	    "JOIN users u ON u.id = q.expert_id LEFT JOIN users d ON d.id = q.decided_by WHERE "
	    "q.project_id = $1 ORDER BY q.id LIMIT $2",
	    "ii", project_id, (int64_t)limit);
}

int reviews_recusal_settle(store_conn *c, arena *a, int64_t id, bool grant, int64_t by, int64_t now,
                           const char *reason, err *e)
{
	/* The conflict is the applicant's, as asked; the officer's grant is the event. */
	if (grant && store_q(c, a, e, NULL,
	                     "INSERT INTO conflicts (project_id, expert_id, source, reason, "
	                     "declared_by, declared_at) SELECT project_id, expert_id, 'applicant', "
	                     "reason, requested_by, $2 FROM recusal_requests WHERE id = $1 ON "
	                     "CONFLICT DO NOTHING",
	                     "ii", id, now) < 0)
		return -1;
	return store_q(c, a, e, NULL,
	               "UPDATE recusal_requests SET status = $1, decided_by = $2, decided_at = $3, "
	               "decision_reason = $4 WHERE id = $5",
	               "tiiti", grant ? "granted" : "denied", by, now, reason, id);
}

/* ---- score sheets ---- */

int reviews_sheet_add(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                      const char *scores, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO score_sheets (project_id, expert_id, scores, submitted_at) "
	               "VALUES ($1, $2, $3, $4)",
	               "iiti", project_id, expert_id, scores, now);
}

int reviews_sheets(store_conn *c, arena *a, int64_t batch_id, int64_t project_id,
                   store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT s.project_id, s.expert_id, s.scores, s.submitted_at, u.username, "
	    "u.display_name, (SELECT count(*) FROM conflicts f WHERE f.project_id = s.project_id "
	    "AND f.expert_id = s.expert_id) AS conflicted, (SELECT sx.reason FROM sheet_exclusions "
	    "sx WHERE sx.project_id = s.project_id AND sx.expert_id = s.expert_id) AS "
	    "excluded_reason FROM score_sheets s JOIN projects p ON p.id = s.project_id JOIN users "
	    "u ON u.id = s.expert_id WHERE ($1 = 0 OR p.batch_id = $1) AND ($2 = 0 OR "
	    "s.project_id = $2) ORDER BY s.project_id, s.submitted_at, s.expert_id",
	    "ii", batch_id, project_id);
}

int reviews_exclude(store_conn *c, arena *a, int64_t project_id, int64_t expert_id,
                    const char *reason, int64_t by, int64_t now, err *e)
{
	return store_wrote(
	    c, a, e,
	    "INSERT INTO sheet_exclusions (project_id, expert_id, reason, excluded_by, "
	    "excluded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING "
	    "RETURNING expert_id",
	    "iitii", project_id, expert_id, reason, by, now);
}

STORE_ROWS_BY_ID(reviews_exclusions_of,
                 "SELECT sx.expert_id, sx.reason, sx.excluded_by, sx.excluded_at, "
                 "u.username, u.display_name, o.username AS excluded_by_name FROM "
                 "sheet_exclusions sx JOIN users u ON u.id = sx.expert_id JOIN users o ON "
                 "o.id = sx.excluded_by WHERE sx.project_id = $1 "
                 "ORDER BY sx.excluded_at, sx.expert_id")
