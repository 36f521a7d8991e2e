/* The stage evaluation aggregate's statements. See evaluations.h. */
#include "store/evaluations.h"

#include "store/row.h"

/* ---- evaluations ---- */

int evaluations_insert(store_conn *c, arena *a, const evaluations_new *n, int64_t now, int64_t *id,
                       err *e)
{
	bool open;
	if (store_exists(c, a, e, &open,
	                 "SELECT 1 FROM evaluations WHERE project_id = $1 AND status = 'open'", "i",
	                 n->project_id) < 0)
		return -1;
	if (open)
		return 0;
	return store_int(c, a, e, id,
	                 "INSERT INTO evaluations (project_id, origin, due_on, reason, follows_id, "
	                 "opened_by, opened_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	                 "$7) RETURNING id",
	                 "itttIIi", n->project_id, n->origin, n->due_on, n->reason, n->follows_id,
	                 n->opened_by, now);
}

#define EVAL_SELECT                                                                                \
	"SELECT e.id, e.project_id, p.name AS project_name, p.state AS project_state, e.origin, "  \
	"e.status, e.due_on, e.reason, e.follows_id, e.opened_by, e.opened_at, e.reminded_on, "    \
	"e.commitments, e.commitments_by, e.commitments_at, e.hypothesis, e.hypothesis_note, "     \
	"e.measures, e.hypothesis_by, e.hypothesis_at, e.concurrence, e.concurrence_opinion, "     \
	"e.concurred_by, e.concurred_at, e.outcome, e.decision_id, e.concluded_at, "               \
	"e.reevaluate_on, e.updated_at, CASE WHEN e.status = 'open' THEN e.id ELSE e.id + "        \
	"1000000000000 END AS cursor FROM evaluations e JOIN projects p ON p.id = e.project_id "

STORE_ROW_BY_ID(evaluations_get, EVAL_SELECT "WHERE e.id = $1")

STORE_ROW_BY_ID(evaluations_open_of, EVAL_SELECT "WHERE e.project_id = $1 AND e.status = 'open'")

int evaluations_list(store_conn *c, arena *a, int64_t project_id, const char *status,
                     bool concluded_only, int64_t after, int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               EVAL_SELECT "WHERE ($1 = 0 OR e.project_id = $1) AND ($2 IS NULL OR "
	                           "e.status = $2) AND ($3 = 0 OR e.status = 'concluded') AND CASE "
	                           "WHEN e.status = 'open' THEN e.id ELSE e.id + 1000000000000 END "
	                           "> $4 ORDER BY cursor LIMIT $5",
	               "itbii", project_id, status, concluded_only, after, (int64_t)limit + 1);
}

int evaluations_scores_clear(store_conn *c, arena *a, int64_t id, const char *side, err *e)
{
	return store_q(c, a, e, NULL,
	               "DELETE FROM evaluation_scores WHERE evaluation_id = $1 AND side = $2", "it",
	               id, side);
}

int evaluations_score_put(store_conn *c, arena *a, int64_t id, const char *side,
                          const char *criterion, int64_t score, const char *comment, int64_t by,
                          int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO evaluation_scores (evaluation_id, side, criterion, score, "
	               "comment, scored_by, scored_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	               "ittitii", id, side, criterion, score, comment, by, now);
}

STORE_ROWS_BY_ID(evaluations_scores_of,
                 "SELECT side, criterion, score, comment, scored_by, scored_at FROM "
                 "evaluation_scores WHERE evaluation_id = $1 ORDER BY side, criterion")

int evaluations_set_commitments(store_conn *c, arena *a, int64_t id, const char *commitments,
                                int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE evaluations SET commitments = $1, commitments_by = $2, "
	               "commitments_at = $3, updated_at = $3 WHERE id = $4",
	               "tiii", commitments, by, now, id);
}

int evaluations_set_hypothesis(store_conn *c, arena *a, int64_t id, const char *judgement,
                               const char *note, const char *measures, int64_t by, int64_t now,
                               err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE evaluations SET hypothesis = $1, hypothesis_note = $2, measures = "
	               "$3, hypothesis_by = $4, hypothesis_at = $5, updated_at = $5 WHERE id = $6",
	               "tttiii", judgement, note, measures, by, now, id);
}

int evaluations_set_concurrence(store_conn *c, arena *a, int64_t id, const char *outcome,
                                const char *opinion, int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE evaluations SET concurrence = $1, concurrence_opinion = $2, "
	               "concurred_by = $3, concurred_at = $4, updated_at = $4 WHERE id = $5",
	               "ttiii", outcome, opinion, by, now, id);
}

int evaluations_conclude(store_conn *c, arena *a, int64_t id, const char *outcome,
                         int64_t decision_id, const char *reevaluate_on, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE evaluations SET status = 'concluded', outcome = $1, decision_id = "
	               "$2, reevaluate_on = $3, concluded_at = $4, updated_at = $4 WHERE id = $5 "
	               "AND status = 'open'",
	               "tItii", outcome, decision_id, reevaluate_on, now, id);
}

/* ---- the scheduler's due work ---- */

int evaluations_reminders_due(store_conn *c, arena *a, const char *today, store_result **out,
                              err *e)
{
	return store_q(c, a, e, out,
	               "SELECT id, project_id, due_on FROM evaluations WHERE status = 'open' AND "
	               "due_on IS NOT NULL AND due_on < $1 AND (reminded_on IS NULL OR "
	               "reminded_on <> due_on) ORDER BY id LIMIT 200",
	               "t", today);
}

int evaluations_set_reminded(store_conn *c, arena *a, int64_t id, const char *due_on, err *e)
{
	return store_q(c, a, e, NULL, "UPDATE evaluations SET reminded_on = $1 WHERE id = $2", "ti",
	               due_on, id);
}

int evaluations_launched_pilots(store_conn *c, arena *a, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT id, launched_on, content FROM projects WHERE state = 'launched' "
	               "AND track = 'pilot' AND launched_on IS NOT NULL ORDER BY id",
	               "");
}

int evaluations_opened_since(store_conn *c, arena *a, int64_t project_id, int64_t since, bool *out,
                             err *e)
{
	return store_exists(c, a, e, out,
	                    "SELECT 1 FROM evaluations WHERE project_id = $1 AND (status = 'open' "
	                    "OR opened_at >= $2)",
	                    "ii", project_id, since);
}

int evaluations_reevaluations_due(store_conn *c, arena *a, const char *today, store_result **out,
                                  err *e)
{
	return store_q(c, a, e, out,
	               "SELECT e.id, e.project_id, e.reevaluate_on FROM evaluations e JOIN "
	               "projects p ON p.id = e.project_id WHERE e.status = 'concluded' AND "
	               "e.reevaluate_on IS NOT NULL AND e.reevaluate_on <= $1 AND p.state = "
	               "'launched' AND NOT EXISTS (SELECT 1 FROM evaluations f WHERE f.project_id "
	               "= e.project_id AND (f.id > e.id OR f.status = 'open')) ORDER BY e.id "
	               "LIMIT 200",
	               "t", today);
}

/* ---- rectification orders ---- */

int rectifications_insert(store_conn *c, arena *a, int64_t project_id, int64_t evaluation_id,
                          const char *text, const char *due_on, int64_t decision_id, int64_t now,
                          int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO rectification_orders (project_id, evaluation_id, "
	                 "order_text, due_on, decision_id, ordered_at) VALUES ($1, $2, $3, $4, $5, "
	                 "$6) RETURNING id",
	                 "iittIi", project_id, evaluation_id, text, due_on, decision_id, now);
}

#define RECT_SELECT                                                                                \
	"SELECT id, project_id, evaluation_id, order_text, due_on, status, ordered_at, "           \
	"decision_id, report, evidence, reported_by, reported_at, verified_by, verified_at, "      \
	"verify_decision_id, overdue_on FROM rectification_orders "

STORE_ROW_BY_ID(rectifications_open_of,
                RECT_SELECT "WHERE project_id = $1 AND status <> 'verified' "
                            "ORDER BY id DESC LIMIT 1")

STORE_ROWS_BY_ID(rectifications_of, RECT_SELECT "WHERE project_id = $1 ORDER BY id DESC")

int rectifications_report(store_conn *c, arena *a, int64_t id, const char *report,
                          const char *evidence, int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE rectification_orders SET status = 'submitted', report = $1, "
	               "evidence = $2, reported_by = $3, reported_at = $4 WHERE id = $5",
	               "ttiii", report, evidence, by, now, id);
}

int rectifications_verify(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now,
                          int64_t decision_id, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE rectification_orders SET status = 'verified', verified_by = $1, "
	               "verified_at = $2, verify_decision_id = $3 WHERE id = $4",
	               "iiIi", by, now, decision_id, id);
}

int rectifications_overdue_due(store_conn *c, arena *a, const char *today, store_result **out,
                               err *e)
{
	return store_q(c, a, e, out,
	               "SELECT id, project_id, evaluation_id, due_on FROM rectification_orders "
	               "WHERE status = 'open' AND due_on < $1 AND (overdue_on IS NULL OR "
	               "overdue_on <> due_on) ORDER BY id LIMIT 200",
	               "t", today);
}

int rectifications_set_overdue(store_conn *c, arena *a, int64_t id, const char *due_on, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE rectification_orders SET overdue_on = $1 WHERE id = $2", "ti",
	               due_on, id);
}

/* ---- recognitions (§5.1) ---- */

int recognitions_insert(store_conn *c, arena *a, int64_t project_id, const char *kind,
                        const char *citation, int64_t decision_id, const char *on, int64_t now,
                        int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO recognitions (project_id, kind, citation, decision_id, "
	                 "recognised_on, recognised_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
	                 "id",
	                 "ittIti", project_id, kind, citation, decision_id, on, now);
}

STORE_ROWS_BY_ID(recognitions_of,
                 "SELECT id, project_id, kind, citation, decision_id, recognised_on, "
                 "recognised_at FROM recognitions WHERE project_id = $1 ORDER BY id DESC")

STORE_PAGE(recognitions_public_page,
           "SELECT r.id, r.project_id, r.kind, r.citation, r.recognised_on, p.name, "
           "p.track, (SELECT n.public FROM notices n WHERE n.project_id = p.id ORDER "
           "BY n.id DESC LIMIT 1) AS public FROM recognitions r JOIN projects p ON "
           "p.id = r.project_id WHERE ($1 = 0 OR r.id < $1) ORDER BY r.id DESC LIMIT "
           "$2")
