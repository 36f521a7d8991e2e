/* Maker-checker decisions' statements. See decisions.h. */
#include "store/decisions.h"

#include "store/row.h"

int decisions_pending(store_conn *c, arena *a, int64_t project_id, int64_t *id, const char **action,
                      err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT id, action FROM decisions WHERE project_id = $1 AND status = 'pending'",
	            "i", project_id) < 0)
		return -1;
	*id = r->nrows ? store_get_int(r, 0, "id") : 0;
	if (action)
		*action = r->nrows ? store_get(r, 0, "action") : NULL;
	return r->nrows > 0;
}

int decisions_propose(store_conn *c, arena *a, int64_t project_id, const char *action,
                      const char *from, const char *params, const char *reason, int64_t by,
                      int64_t now, int64_t *id, err *e)
{
	/* One pending decision per project: none is added while one waits. */
	return store_int(
	    c, a, e, id,
	    "INSERT INTO decisions (project_id, action, from_state, params, reason, "
	    "status, proposed_by, proposed_at) SELECT $1, $2, $3, $4, $5, 'pending', "
	    "$6, $7 WHERE NOT EXISTS (SELECT 1 FROM decisions WHERE project_id = $1 AND "
	    "status = 'pending') RETURNING id",
	    "ittttii", project_id, action, from, params, reason, by, now);
}

int decisions_settle(store_conn *c, arena *a, int64_t id, const char *status, int64_t by,
                     int64_t now, const char *reason, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE decisions SET status = $1, decided_by = $2, decided_at = $3, "
	               "decision_reason = $4 WHERE id = $5",
	               "tiiti", status, by, now, reason, id);
}

#define DECISION_SELECT                                                                            \
	"SELECT d.id, d.project_id, d.action, d.from_state, d.params, d.reason, d.status, "        \
	"d.proposed_by, d.proposed_at, d.decided_by, d.decided_at, d.decision_reason, p.name AS "  \
	"project_name, u.username AS proposer FROM decisions d JOIN projects p ON p.id = "         \
	"d.project_id JOIN users u ON u.id = d.proposed_by "

int decisions_list(store_conn *c, arena *a, const char *status, int64_t after, int limit,
                   store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               DECISION_SELECT "WHERE d.id > $1 AND ($2 IS NULL OR d.status = $2) ORDER BY "
	                               "d.id LIMIT $3",
	               "iti", after, status, (int64_t)limit + 1);
}
STORE_PAGE(decisions_settled,
           DECISION_SELECT "WHERE d.status <> 'pending' AND ($1 = 0 OR d.id < $1) ORDER "
                           "BY d.id DESC LIMIT $2")

STORE_ROW_BY_ID(decisions_get, DECISION_SELECT "WHERE d.id = $1")
