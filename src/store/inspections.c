/* The inspections aggregate's statements. See inspections.h. */
#include "store/inspections.h"

#include "store/row.h"

/* ---- inspections ---- */

int inspections_insert(store_conn *c, arena *a, const inspections_new *n, int64_t by, int64_t now,
                       int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO inspections (project_id, mode, scope, team, starts_on, "
	                 "ends_on, planned_by, planned_at, updated_at, origin, csrc_reference) "
	                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10) RETURNING id",
	                 "itttttiitt", n->project_id, n->mode, n->scope, n->team, n->starts_on,
	                 n->ends_on, by, now, n->origin, n->csrc_reference);
}

#define INSPECTION_SELECT                                                                          \
	"SELECT i.id, i.project_id, p.name AS project_name, i.mode, i.scope, i.team, "             \
	"i.starts_on, i.ends_on, i.state, i.planned_by, i.planned_at, i.notified_at, "             \
	"i.closed_by, i.closed_at, i.conclusion, i.updated_at, i.origin, i.csrc_reference, "       \
	"(SELECT count(*) FROM "                                                                   \
	"inspection_requests q WHERE q.inspection_id = i.id AND q.answered_at IS NULL) AS "        \
	"open_requests, (SELECT count(*) FROM inspection_orders o WHERE o.inspection_id = i.id "   \
	"AND o.status <> 'accepted') AS open_orders, (SELECT count(*) FROM inspection_findings f " \
	"WHERE f.inspection_id = i.id) AS findings FROM inspections i JOIN projects p ON p.id = "  \
	"i.project_id "

STORE_ROW_BY_ID(inspections_get, INSPECTION_SELECT "WHERE i.id = $1")

int inspections_list(store_conn *c, arena *a, const store_record_filter *f, int64_t after,
                     int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               INSPECTION_SELECT
	               "WHERE i.id > $1 AND ($2 = 0 OR i.project_id = $2) AND ($3 IS NULL OR "
	               "i.state = $3) AND ($4 = 0 OR (i.notified_at IS NOT NULL AND EXISTS (SELECT "
	               "1 FROM project_members m WHERE m.project_id = i.project_id AND "
	               "m.institution_id = $4))) AND ($6 = 0 OR i.origin = 'csrc') ORDER BY i.id "
	               "LIMIT $5",
	               "iitiib", after, f->project_id, f->state, f->institution_id,
	               (int64_t)limit + 1, f->csrc);
}

int inspections_set_state(store_conn *c, arena *a, int64_t id, const char *state, int64_t now,
                          err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE inspections SET state = $1, updated_at = $2 WHERE id = $3", "tii",
	               state, now, id);
}

int inspections_set_notified(store_conn *c, arena *a, int64_t id, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE inspections SET notified_at = $1, updated_at = $1 WHERE id = $2",
	               "ii", now, id);
}

int inspections_set_closed(store_conn *c, arena *a, int64_t id, const char *conclusion, int64_t by,
                           int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE inspections SET closed_by = $1, closed_at = $2, conclusion = $3, "
	               "updated_at = $2 WHERE id = $4",
	               "iiti", by, now, conclusion, id);
}

/* ---- document requests ---- */

int inspections_request_add(store_conn *c, arena *a, int64_t inspection_id, const char *items,
                            const char *due_on, int64_t by, int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO inspection_requests (inspection_id, items, due_on, "
	                 "requested_by, requested_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
	                 "ittii", inspection_id, items, due_on, by, now);
}

#define REQUEST_SELECT                                                                             \
	"SELECT id, inspection_id, items, due_on, requested_by, requested_at, answer, "            \
	"answered_by, answered_at, attested_by, attested_at FROM inspection_requests "

STORE_ROWS_BY_ID(inspections_requests_of, REQUEST_SELECT "WHERE inspection_id = $1 ORDER BY id")

STORE_ROW_OF(inspections_request_get, REQUEST_SELECT "WHERE inspection_id = $1 AND id = $2")

int inspections_request_answer(store_conn *c, arena *a, int64_t request_id, const char *answer,
                               int64_t by, int64_t now, err *e)
{
	return store_wrote(
	    c, a, e,
	    "UPDATE inspection_requests SET answer = $1, answered_by = $2, answered_at "
	    "= $3, attested_by = $2, attested_at = $3 WHERE id = $4 AND answered_at IS "
	    "NULL RETURNING id",
	    "tiii", answer, by, now, request_id);
}

/* ---- findings ---- */

int inspections_finding_add(store_conn *c, arena *a, int64_t inspection_id, const char *severity,
                            const char *description, int64_t by, int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO inspection_findings (inspection_id, severity, description, "
	                 "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
	                 "ittii", inspection_id, severity, description, by, now);
}

STORE_ROWS_BY_ID(inspections_findings_of,
                 "SELECT id, inspection_id, severity, description, recorded_by, recorded_at "
                 "FROM inspection_findings WHERE inspection_id = $1 ORDER BY id")

int inspections_finding_exists(store_conn *c, arena *a, int64_t inspection_id, int64_t finding_id,
                               bool *exists, err *e)
{
	return store_exists(
	    c, a, e, exists,
	    "SELECT 1 FROM inspection_findings WHERE inspection_id = $1 AND id = $2", "ii",
	    inspection_id, finding_id);
}

/* ---- rectification orders ---- */

int inspections_order_add(store_conn *c, arena *a, int64_t inspection_id, int64_t finding_id,
                          const char *requirement, const char *due_on, int64_t by, int64_t now,
                          int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO inspection_orders (inspection_id, finding_id, requirement, "
	                 "due_on, ordered_by, ordered_at) VALUES ($1, $2, $3, $4, $5, $6) "
	                 "RETURNING id",
	                 "iittii", inspection_id, finding_id, requirement, due_on, by, now);
}

#define ORDER_SELECT                                                                               \
	"SELECT id, inspection_id, finding_id, requirement, due_on, status, rounds, ordered_by, "  \
	"ordered_at, evidence, submitted_by, submitted_at, attested_by, attested_at, "             \
	"verified_by, verified_at, verification_note FROM inspection_orders "

STORE_ROWS_BY_ID(inspections_orders_of, ORDER_SELECT "WHERE inspection_id = $1 ORDER BY id")

STORE_ROW_OF(inspections_order_get, ORDER_SELECT "WHERE inspection_id = $1 AND id = $2")

int inspections_order_submit(store_conn *c, arena *a, int64_t order_id, const char *evidence,
                             int64_t by, int64_t now, err *e)
{
	return store_wrote(
	    c, a, e,
	    "UPDATE inspection_orders SET status = 'submitted', evidence = $1, "
	    "submitted_by = $2, submitted_at = $3, attested_by = $2, attested_at = $3 "
	    "WHERE id = $4 AND status = 'open' RETURNING id",
	    "tiii", evidence, by, now, order_id);
}

int inspections_order_verify(store_conn *c, arena *a, int64_t order_id, bool accepted,
                             const char *note, const char *due_on, int64_t by, int64_t now, err *e)
{
	return store_wrote(
	    c, a, e,
	    "UPDATE inspection_orders SET status = CASE WHEN $1 = 1 THEN 'accepted' "
	    "ELSE 'open' END, rounds = rounds + CASE WHEN $1 = 1 THEN 0 ELSE 1 END, "
	    "due_on = COALESCE($2, due_on), verified_by = $3, verified_at = $4, "
	    "verification_note = $5 WHERE id = $6 AND status = 'submitted' RETURNING "
	    "id",
	    "btiiti", accepted, due_on, by, now, note, order_id);
}

STORE_ROWS_BY_ID(inspections_orders_open,
                 "SELECT id, finding_id, status, due_on FROM inspection_orders WHERE "
                 "inspection_id = $1 AND status <> 'accepted' ORDER BY id")

/* ---- files ---- */

int inspections_file_add(store_conn *c, arena *a, const inspections_file *f, int64_t by,
                         int64_t now, err *e)
{
	return store_q(
	    c, a, e, NULL,
	    "INSERT INTO inspection_files (inspection_id, request_id, order_id, round, "
	    "filename, sha256, size, content_type, uploaded_by, uploaded_at) VALUES ($1, "
	    "$2, $3, $4, $5, $6, $7, $8, $9, $10)",
	    "iIIittitii", f->inspection_id, f->request_id, f->order_id, f->round, f->filename,
	    f->sha256, f->size, f->content_type, by, now);
}

#define FILE_SELECT                                                                                \
	"SELECT id, request_id, order_id, round, filename, sha256, size, content_type, "           \
	"uploaded_by, uploaded_at FROM inspection_files "

STORE_ROWS_BY_ID(inspections_files_of, FILE_SELECT "WHERE inspection_id = $1 ORDER BY id")

STORE_ROW_OF(inspections_file_get, FILE_SELECT "WHERE inspection_id = $1 AND id = $2")

/* ---- open deadlines ---- */

int inspections_deadlines(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                          int limit, store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    INSPECTION_DEADLINES(
	        INSPECTION_OPEN_ITEMS(""),
	        "($1 = 0 OR i.project_id = $1) AND ($2 = 0 OR (i.notified_at IS NOT NULL "
	        "AND EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = "
	        "i.project_id AND m.institution_id = $2)))"),
	    "iii", project_id, institution_id, (int64_t)limit);
}
