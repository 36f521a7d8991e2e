/* The incidents aggregate's statements. See incidents.h. */
#include "store/incidents.h"

#include "store/row.h"

int incidents_insert(store_conn *c, arena *a, const incidents_new *n, int64_t by, int64_t now,
                     int64_t *id, err *e)
{
	return store_int(
	    c, a, e, id,
	    "INSERT INTO incidents (project_id, source, category, level, system_class, "
	    "investors_affected, estimated_loss_fen, title, description, "
	    "discovered_at, initial_due_at, initial_at, state, opened_by, opened_at, "
	    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	    "$13, $14, $15, $15) RETURNING id",
	    "itttiiittiiItii", n->project_id, n->source, n->category, n->level, n->system_class,
	    n->investors_affected, n->estimated_loss_fen, n->title, n->description,
	    n->discovered_at, n->initial_due_at, n->initial_at, n->state, by, now);
}

#define INCIDENT_SELECT                                                                            \
	"SELECT x.id, x.project_id, p.name AS project_name, x.source, x.category, x.level, "       \
	"x.system_class, x.investors_affected, x.estimated_loss_fen, x.title, x.description, "     \
	"x.discovered_at, x.initial_due_at, x.initial_at, x.final_at, x.state, x.loss_fen, "       \
	"x.compensated_fen, x.investors_compensated, x.opened_by, x.opened_at, "                   \
	"x.reported_to_csrc_by, x.reported_to_csrc_at, x.acknowledged_by, x.acknowledged_at, "     \
	"x.updated_at FROM incidents x JOIN projects p ON p.id = x.project_id "

STORE_ROW_BY_ID(incidents_get, INCIDENT_SELECT "WHERE x.id = $1")

int incidents_list(store_conn *c, arena *a, const store_record_filter *f, int64_t after, int limit,
                   store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               INCIDENT_SELECT
	               "WHERE x.id > $1 AND ($2 = 0 OR x.project_id = $2) AND ($3 IS NULL OR "
	               "x.state = $3) AND ($4 = 0 OR EXISTS (SELECT 1 FROM project_members m WHERE "
	               "m.project_id = x.project_id AND m.institution_id = $4)) AND ($5 = 0 OR "
	               "x.reported_to_csrc_at IS NOT NULL) ORDER BY x.id LIMIT $6",
	               "iitibi", after, f->project_id, f->state, f->institution_id, f->csrc,
	               (int64_t)limit + 1);
}

int incidents_set_state(store_conn *c, arena *a, int64_t id, const char *state, const char *stage,
                        int64_t now, err *e)
{
	return store_q(
	    c, a, e, NULL,
	    "UPDATE incidents SET state = $1, updated_at = $2, initial_at = CASE WHEN $3 "
	    "= 'initial' THEN $2 ELSE initial_at END, final_at = CASE WHEN $3 = 'final' "
	    "THEN $2 ELSE final_at END WHERE id = $4",
	    "titi", state, now, stage, id);
}

int incidents_set_csrc_reported(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now,
                                err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE incidents SET state = 'csrc_reported', reported_to_csrc_by = $1, "
	               "reported_to_csrc_at = $2, updated_at = $2 WHERE id = $3",
	               "iii", by, now, id);
}

int incidents_set_acknowledged(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE incidents SET state = 'acknowledged', acknowledged_by = $1, "
	               "acknowledged_at = $2, updated_at = $2 WHERE id = $3",
	               "iii", by, now, id);
}

int incidents_entry_add(store_conn *c, arena *a, int64_t incident_id, const char *kind,
                        const char *text, int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO incident_entries (incident_id, kind, text, by_user, at) VALUES "
	               "($1, $2, $3, $4, $5)",
	               "ittii", incident_id, kind, text, by, now);
}

STORE_ROWS_BY_ID(incidents_entries_of,
                 "SELECT n.id, n.kind, n.text, n.by_user, n.at, u.username FROM "
                 "incident_entries n JOIN users u ON u.id = n.by_user WHERE n.incident_id = "
                 "$1 ORDER BY n.id")

int incidents_loss_add(store_conn *c, arena *a, int64_t incident_id, const incidents_loss *l,
                       int64_t by, int64_t now, err *e)
{
	if (store_q(
	        c, a, e, NULL,
	        "INSERT INTO incident_losses (incident_id, loss_fen, compensated_fen, "
	        "investors_compensated, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, "
	        "$5, $6, $7)",
	        "iiiitii", incident_id, l->loss_fen, l->compensated_fen, l->investors_compensated,
	        l->note, by, now) < 0)
		return -1;
	return store_q(c, a, e, NULL,
	               "UPDATE incidents SET loss_fen = $1, compensated_fen = $2, "
	               "investors_compensated = $3, updated_at = $4 WHERE id = $5",
	               "iiiii", l->loss_fen, l->compensated_fen, l->investors_compensated, now,
	               incident_id);
}

STORE_ROWS_BY_ID(incidents_losses_of,
                 "SELECT l.id, l.loss_fen, l.compensated_fen, l.investors_compensated, "
                 "l.note, l.recorded_by, l.recorded_at, u.username FROM incident_losses l "
                 "JOIN users u ON u.id = l.recorded_by WHERE l.incident_id = $1 ORDER BY l.id")

int incidents_deadlines(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                        int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT x.id, x.project_id, p.name AS project_name, x.title, x.level, "
	               "x.initial_due_at FROM incidents x JOIN projects p ON p.id = x.project_id "
	               "WHERE x.initial_at IS NULL AND ($1 = 0 OR x.project_id = $1) AND ($2 = 0 "
	               "OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = "
	               "x.project_id AND m.institution_id = $2)) ORDER BY x.initial_due_at, x.id "
	               "LIMIT $3",
	               "iii", project_id, institution_id, (int64_t)limit);
}
