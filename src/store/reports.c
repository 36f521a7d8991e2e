/* The reports aggregate's statements. See reports.h. */
#include "store/reports.h"

#include "store/row.h"

/* A state id in a comma-separated list given as parameter `n`. */
#define STATE_IN(col, n) "(',' || " #n " || ',' LIKE '%,' || " #col " || ',%')"

/* ---- the schedule ---- */

STORE_ROW_BY_ID(reports_schedule_get,
                "SELECT periods, due_working_days, configured_by, configured_at "
                "FROM report_schedules WHERE project_id = $1")

int reports_schedule_put(store_conn *c, arena *a, int64_t project_id, const char *periods,
                         int64_t due_working_days, int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO report_schedules (project_id, periods, due_working_days, "
	               "configured_by, configured_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT "
	               "(project_id) DO UPDATE SET periods = excluded.periods, due_working_days = "
	               "excluded.due_working_days, configured_by = excluded.configured_by, "
	               "configured_at = excluded.configured_at",
	               "itiii", project_id, periods, due_working_days, by, now);
}

int reports_schedules_of(store_conn *c, arena *a, const char *states, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT p.id, p.name, p.state, p.launched_on, s.periods, s.due_working_days "
	               "FROM projects p LEFT JOIN report_schedules s ON s.project_id = p.id WHERE "
	               "p.launched_on IS NOT NULL AND " STATE_IN(p.state, $1) " ORDER BY p.id",
	               "t", states);
}

STORE_ROWS_BY_ID(reports_periods_of,
                 "SELECT kind, period FROM reports WHERE project_id = $1 AND period IS NOT "
                 "NULL")

/* ---- obligations ---- */

int reports_insert(store_conn *c, arena *a, const reports_new *n, int64_t *id, err *e)
{
	return store_int(
	    c, a, e, id,
	    "INSERT INTO reports (project_id, kind, period, title, note, due_on, "
	    "remind_on, escalate_after, requested_by, requested_at, updated_at) VALUES "
	    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT DO NOTHING "
	    "RETURNING id",
	    "itttttttIi", n->project_id, n->kind, n->period, n->title, n->note, n->due_on,
	    n->remind_on, n->escalate_after, n->requested_by, n->now);
}

STORE_ROW_BY_ID(reports_get, "SELECT " REPORT_COLS " FROM reports r JOIN projects p ON p.id = "
                             "r.project_id WHERE r.id = $1")

/* status "overdue" is a view: open and past its due date (the scheduler marked it). */
#define STATUS_MATCHES                                                                             \
	"($2 IS NULL OR ($2 = 'overdue' AND r.status = 'open' AND r.overdue_at IS NOT NULL) OR "   \
	"r.status = $2)"

int reports_list(store_conn *c, arena *a, const reports_filter *f, int64_t after, int limit,
                 store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT " REPORT_COLS " FROM reports r JOIN projects p ON p.id = "
	               "r.project_id WHERE ($1 = 0 OR r.project_id = $1) AND " STATUS_MATCHES
	               " AND ($3 IS NULL OR " STATE_IN(p.state, $3) ") AND r.id > $4 ORDER BY "
	                                                            "r.id LIMIT $5",
	               "ittii", f->project_id, f->status, f->states, after, (int64_t)limit + 1);
}

int reports_count(store_conn *c, arena *a, int64_t project_id, reports_counts *n, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT count(*) AS total, "
	            "COALESCE(sum(CASE WHEN status IN ('open', 'changes_requested') THEN 1 ELSE 0 "
	            "END), 0) AS open, "
	            "COALESCE(sum(CASE WHEN status = 'open' AND overdue_at IS NOT NULL THEN 1 ELSE "
	            "0 END), 0) AS overdue, "
	            "COALESCE(sum(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END), 0) AS "
	            "submitted FROM reports WHERE project_id = $1",
	            "i", project_id) < 0)
		return -1;
	*n = (reports_counts){store_get_int(r, 0, "total"), store_get_int(r, 0, "open"),
	                      store_get_int(r, 0, "overdue"), store_get_int(r, 0, "submitted")};
	return 0;
}

/* ---- versions ---- */

int reports_version_add(store_conn *c, arena *a, int64_t report_id, int64_t version,
                        const reports_version *v, int64_t by, int64_t now, err *e)
{
	if (store_q(c, a, e, NULL,
	            "INSERT INTO report_versions (report_id, version, customers_served, "
	            "transaction_volume_fen, transaction_count, complaints_received, incidents, "
	            "boundary_changes, narrative, submitted_by, submitted_at) VALUES ($1, $2, $3, "
	            "$4, $5, $6, $7, $8, $9, $10, $11)",
	            "iiiiiiittii", report_id, version, v->customers_served,
	            v->transaction_volume_fen, v->transaction_count, v->complaints_received,
	            v->incidents, v->boundary_changes, v->narrative, by, now) < 0)
		return -1;
	return store_q(c, a, e, NULL,
	               "UPDATE reports SET status = 'submitted', version = $1, updated_at = $2 "
	               "WHERE id = $3",
	               "iii", version, now, report_id);
}

STORE_ROWS_BY_ID(reports_versions_of,
                 "SELECT v.version, v.customers_served, v.transaction_volume_fen, "
                 "v.transaction_count, v.complaints_received, v.incidents, "
                 "v.boundary_changes, v.narrative, v.submitted_by, v.submitted_at, v.outcome, "
                 "v.decided_by, v.decided_at, v.decision_reason, u.username AS "
                 "submitted_by_name FROM report_versions v JOIN users u ON u.id = "
                 "v.submitted_by WHERE v.report_id = $1 ORDER BY v.version")

int reports_decide(store_conn *c, arena *a, int64_t report_id, int64_t version, const char *outcome,
                   int64_t by, int64_t now, const char *reason, err *e)
{
	if (store_q(c, a, e, NULL,
	            "UPDATE report_versions SET outcome = $1, decided_by = $2, decided_at = $3, "
	            "decision_reason = $4 WHERE report_id = $5 AND version = $6",
	            "tiitii", outcome, by, now, reason, report_id, version) < 0)
		return -1;
	return store_q(c, a, e, NULL,
	               "UPDATE reports SET status = $1, updated_at = $2 WHERE id = $3", "tii",
	               outcome, now, report_id);
}

/* ---- attachments ---- */

int reports_attachment_add(store_conn *c, arena *a, int64_t report_id, int64_t version,
                           const char *filename, const char *sha256, int64_t size,
                           const char *content_type, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO report_attachments (report_id, version, filename, sha256, "
	                 "size, content_type) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	                 "iittit", report_id, version, filename, sha256, size, content_type);
}

STORE_ROWS_BY_ID(reports_attachments_of,
                 "SELECT id, version, filename, sha256, size, content_type FROM "
                 "report_attachments WHERE report_id = $1 ORDER BY version, id")

STORE_ROW_OF(reports_attachment_get,
             "SELECT id, version, filename, sha256, size, content_type FROM "
             "report_attachments WHERE report_id = $1 AND id = $2")

/* ---- the scheduler's steps ---- */

/* The reports due for a step: $1 today, $2 the states. */
#define STEP_DUE(cond)                                                                             \
	"SELECT r.id, r.project_id, r.due_on FROM reports r JOIN projects p ON p.id = "            \
	"r.project_id WHERE r.status = 'open' AND " cond                                           \
	" AND " STATE_IN(p.state, $2) " ORDER BY r.due_on, r.id LIMIT 1"

int reports_step_due(store_conn *c, arena *a, reports_step s, const char *today, const char *states,
                     int64_t *id, int64_t *project_id, const char **due_on, err *e)
{
	static const char *const SQL[] = {
	    [REPORT_STEP_REMIND] = STEP_DUE("r.reminded_at IS NULL AND r.overdue_at IS NULL AND "
	                                    "r.remind_on <= $1 AND r.due_on >= $1"),
	    [REPORT_STEP_OVERDUE] = STEP_DUE("r.overdue_at IS NULL AND r.due_on < $1"),
	    [REPORT_STEP_ESCALATE] = STEP_DUE("r.overdue_at IS NOT NULL AND r.escalated_at IS "
	                                      "NULL AND r.escalate_after < $1"),
	};
	store_result *r;
	if (store_q(c, a, e, &r, SQL[s], "tt", today, states) < 0)
		return -1;
	if (!r->nrows)
		return 0;
	*id = store_get_int(r, 0, "id");
	*project_id = store_get_int(r, 0, "project_id");
	*due_on = store_get(r, 0, "due_on");
	return 1;
}

int reports_step_mark(store_conn *c, arena *a, reports_step s, int64_t id, int64_t now, err *e)
{
	static const char *const SQL[] = {
	    [REPORT_STEP_REMIND] = "UPDATE reports SET reminded_at = $1 WHERE id = $2 AND "
	                           "reminded_at IS NULL RETURNING id",
	    [REPORT_STEP_OVERDUE] = "UPDATE reports SET overdue_at = $1 WHERE id = $2 AND "
	                            "overdue_at IS NULL RETURNING id",
	    [REPORT_STEP_ESCALATE] = "UPDATE reports SET escalated_at = $1 WHERE id = $2 AND "
	                             "escalated_at IS NULL RETURNING id",
	};
	return store_wrote(c, a, e, SQL[s], "ii", now, id);
}
