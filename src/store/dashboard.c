/* The dashboards' reads. See dashboard.h. */
#include "store/dashboard.h"

#include "store/inspections.h"

/* The projects (p, joined in each query) of which institution $1 is a member, or every project
 * when $1 is 0. */
#define MEMBER                                                                                     \
	"($1 = 0 OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND "        \
	"m.institution_id = $1))"

int dashboard_reports(store_conn *c, arena *a, int64_t institution_id, const char *until, int limit,
                      store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT r.id, r.project_id, p.name AS project_name, p.state AS "
	               "project_state, r.kind, r.period, r.title, r.due_on, r.status, r.version "
	               "FROM reports r JOIN projects p ON p.id = r.project_id WHERE ((r.status IN "
	               "('open', 'changes_requested') AND r.due_on <= $2) OR ($1 = 0 AND r.status "
	               "= 'submitted')) AND " MEMBER " ORDER BY r.due_on, r.id "
	               "LIMIT $3",
	               "iti", institution_id, until, (int64_t)limit);
}

int dashboard_alerts(store_conn *c, arena *a, int64_t institution_id, int limit, store_result **out,
                     err *e)
{
	return store_q(c, a, e, out,
	               "SELECT x.id, x.project_id, p.name AS project_name, p.state AS "
	               "project_state, x.level, x.opened_at, i.key AS indicator_key, i.name AS "
	               "indicator_name FROM alerts x JOIN indicators i ON i.id = x.indicator_id "
	               "JOIN projects p ON p.id = x.project_id WHERE x.status = 'open' "
	               "AND " MEMBER " ORDER BY x.opened_at, x.id LIMIT $2",
	               "ii", institution_id, (int64_t)limit);
}

int dashboard_incidents(store_conn *c, arena *a, int64_t institution_id, bool csrc, int limit,
                        store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT x.id, x.project_id, p.name AS project_name, x.title, x.level, x.state, "
	    "x.initial_due_at, x.initial_at, (SELECT MAX(n.id) FROM incident_entries n WHERE "
	    "n.incident_id = x.id AND n.kind IN ('initial', 'update', 'final')) AS last_report, "
	    "(SELECT MAX(n.id) FROM incident_entries n WHERE n.incident_id = x.id AND n.kind = "
	    "'guidance') AS last_guidance, x.reported_to_csrc_at FROM incidents x JOIN projects p "
	    "ON p.id = x.project_id WHERE (($2 = 1 AND x.state = 'csrc_reported') OR ($2 = 0 AND "
	    "x.state IN ('awaiting_initial', 'reported', 'final'))) AND " MEMBER
	    " ORDER BY x.initial_due_at, x.id LIMIT $3",
	    "ibi", institution_id, csrc, (int64_t)limit);
}

int dashboard_complaints(store_conn *c, arena *a, int64_t institution_id, const char *until,
                         int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT x.id, x.project_id, p.name AS project_name, p.state AS "
	               "project_state, x.reference, x.due_on, x.status FROM complaints x JOIN "
	               "projects p ON p.id = x.project_id WHERE x.status <> 'resolved' AND "
	               "x.due_on <= $2 AND " MEMBER " ORDER BY x.due_on, x.id "
	               "LIMIT $3",
	               "iti", institution_id, until, (int64_t)limit);
}

/* The working group (institution 0) also awaits its verification of the orders submitted. */
#define VERIFICATIONS                                                                              \
	" UNION ALL SELECT 'verification' AS kind, id, inspection_id, due_on FROM "                \
	"inspection_orders WHERE status = 'submitted' AND $1 = 0"

int dashboard_inspections(store_conn *c, arena *a, int64_t institution_id, const char *until,
                          int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               INSPECTION_DEADLINES(INSPECTION_OPEN_ITEMS(" AND due_on <= $2")
	                                        VERIFICATIONS,
	                                    "($1 = 0 OR i.notified_at IS NOT NULL) AND " MEMBER),
	               "iti", institution_id, until, (int64_t)limit);
}

int dashboard_complaints_to_csrc(store_conn *c, arena *a, int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT x.id, x.project_id, p.name AS project_name, x.reference, "
	               "x.escalated_at FROM complaints x JOIN projects p ON p.id = x.project_id "
	               "WHERE x.status = 'escalated' AND x.escalated_to = 'csrc' ORDER BY "
	               "x.escalated_at, x.id LIMIT $1",
	               "i", (int64_t)limit);
}

int dashboard_situations(store_conn *c, arena *a, int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT s.id, s.project_id, p.name AS project_name, s.title, s.reported_at "
	               "FROM situations s LEFT JOIN projects p ON p.id = s.project_id WHERE "
	               "s.acknowledged_at IS NULL ORDER BY s.reported_at, s.id LIMIT $1",
	               "i", (int64_t)limit);
}
