/* Complaints and their notes. See complaints.h. */
#include "store/complaints.h"

#include "store/row.h"

#define COMPLAINT_FROM " FROM complaints c JOIN projects p ON p.id = c.project_id "

int complaints_reference_taken(store_conn *c, arena *a, const char *reference, bool *taken, err *e)
{
	return store_exists(c, a, e, taken, "SELECT 1 FROM complaints WHERE reference = $1", "t",
	                    reference);
}

int complaints_insert(store_conn *c, arena *a, const complaints_new *in, int64_t *id, err *e)
{
	return store_int(
	    c, a, e, id,
	    "INSERT INTO complaints (project_id, reference, secret_hash, channel, "
	    "name, contact, content, due_on, filed_at, filed_by, updated_at) VALUES ($1, "
	    "$2, $3, $4, $5, $6, $7, $8, $9, $10, $9) "
	    "RETURNING id",
	    "itttttttiI", in->project_id, in->reference, in->secret_hash, in->channel, in->name,
	    in->contact, in->content, in->due_on, in->filed_at, in->filed_by);
}

STORE_ROW_BY_ID(complaints_get, "SELECT " COMPLAINT_COLS COMPLAINT_FROM "WHERE c.id = $1")

int complaints_get_by_reference(store_conn *c, arena *a, const char *reference, store_result **r,
                                err *e)
{
	return store_found(store_q(c, a, e, r,
	                           "SELECT " COMPLAINT_COLS COMPLAINT_FROM "WHERE c.reference = $1",
	                           "t", reference),
	                   r);
}

int complaints_page(store_conn *c, arena *a, const complaints_filter *f, int64_t after, int limit,
                    store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT " COMPLAINT_COLS COMPLAINT_FROM
	               "WHERE c.id > $1 AND ($2 = 0 OR c.project_id = $2) AND ($3 IS NULL OR "
	               "c.status = $3) AND ($4 = 0 OR EXISTS (SELECT 1 FROM project_members m "
	               "WHERE m.project_id = c.project_id AND m.institution_id = $4)) AND ($5 = 0 "
	               "OR c.escalated_to = 'csrc') ORDER BY c.id LIMIT $6",
	               "iitibi", after, f->project_id, f->status, f->institution_id, f->csrc,
	               (int64_t)limit + 1);
}

int complaints_notes(store_conn *c, arena *a, int64_t complaint_id, bool answers_only, int limit,
                     store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT n.id, n.complaint_id, n.body, n.to_complainant, n.side, "
	               "n.author_id, u.username AS author, n.created_at FROM complaint_notes n "
	               "JOIN users u ON u.id = n.author_id WHERE n.complaint_id = $1 AND ($2 = 0 "
	               "OR n.to_complainant = 1) ORDER BY n.id LIMIT $3",
	               "ibi", complaint_id, answers_only, (int64_t)limit);
}

int complaints_note_add(store_conn *c, arena *a, int64_t complaint_id, const char *body,
                        bool to_complainant, const char *side, int64_t by, int64_t now, int64_t *id,
                        err *e)
{
	if (store_int(c, a, e, id,
	              "INSERT INTO complaint_notes (complaint_id, body, to_complainant, side, "
	              "author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	              "itbtii", complaint_id, body, to_complainant, side, by, now) < 0)
		return -1;
	return store_q(c, a, e, NULL, "UPDATE complaints SET updated_at = $1 WHERE id = $2", "ii",
	               now, complaint_id) < 0
	           ? -1
	           : 1;
}

int complaints_forward_name(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE complaints SET name_forwarded_at = $1, name_forwarded_by = $2, "
	               "updated_at = $1 WHERE id = $3",
	               "iii", now, by, id);
}

int complaints_escalate(store_conn *c, arena *a, int64_t id, const char *to, const char *reason,
                        int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE complaints SET status = 'escalated', escalated_to = $1, "
	               "escalation_reason = $2, escalated_at = $3, escalated_by = $4, updated_at = "
	               "$3 WHERE id = $5",
	               "ttiii", to, reason, now, by, id);
}

int complaints_resolve(store_conn *c, arena *a, int64_t id, const char *resolution, int64_t by,
                       int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE complaints SET status = 'resolved', resolution = $1, resolved_at = "
	               "$2, resolved_by = $3, updated_at = $2 WHERE id = $4",
	               "tiii", resolution, now, by, id);
}

int complaints_noticed_projects(store_conn *c, arena *a, store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               /* driven by the notices' index: every project was not read to find them */
	               "SELECT p.id, p.name, p.state FROM projects p WHERE p.id IN (SELECT "
	               "project_id FROM notices) ORDER BY p.id LIMIT 500",
	               "");
}

STORE_ROW_BY_ID(complaints_noticed_project,
                "SELECT p.id, p.name, p.state FROM projects p WHERE p.id = $1 "
                "AND EXISTS (SELECT 1 FROM notices n WHERE n.project_id = p.id)")

int complaints_counts(store_conn *c, arena *a, int64_t project_id, const char *today,
                      store_result **by_status, int64_t *overdue, err *e)
{
	if (store_q(c, a, e, by_status,
	            "SELECT status, count(*) AS n FROM complaints WHERE project_id = $1 GROUP BY "
	            "status ORDER BY status",
	            "i", project_id) < 0)
		return -1;
	return store_count(c, a, e, overdue,
	                   "SELECT count(*) FROM complaints WHERE project_id = $1 AND status <> "
	                   "'resolved' AND due_on < $2",
	                   "it", project_id, today);
}

STORE_ROWS_BY_ID(complaints_durations,
                 "SELECT filed_at, resolved_at, due_on FROM complaints WHERE project_id = $1 "
                 "AND status = 'resolved' ORDER BY resolved_at, id")
