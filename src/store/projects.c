/* The projects aggregate's statements. See projects.h. */
#include "store/projects.h"

#include <stdlib.h>

#include "store/institutions.h"
#include "store/row.h"

static int64_t num(const char *s)
{
	return s ? strtoll(s, NULL, 10) : 0;
}

int projects_get(store_conn *c, arena *a, int64_t id, projects_row *p, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT id, track, state, name, content, csrc_result, defects, launched_on, "
	            "coaching_ends_on, batch_id, created_at, updated_at, version FROM projects "
	            "WHERE id = $1",
	            "i", id) < 0)
		return -1;
	const char **v = r->nrows ? r->vals : NULL; /* the row's values in the order selected */
	if (v)
		*p = (projects_row){num(v[0]),  v[1],       v[2],      v[3], v[4],
		                    v[5],       v[6],       v[7],      v[8], num(v[9]),
		                    num(v[10]), num(v[11]), num(v[12])};
	return v != NULL;
}

int projects_insert(store_conn *c, arena *a, const char *track, const char *name,
                    const char *content, int64_t by, int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO projects (track, state, name, content, created_by, "
	                 "created_at, updated_at) VALUES ($1, 'draft', $2, $3, $4, $5, $5) "
	                 "RETURNING id",
	                 "tttii", track, name, content, by, now);
}

int projects_set_content(store_conn *c, arena *a, int64_t id, const char *track, const char *name,
                         const char *content, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE projects SET track = $1, name = $2, content = $3, updated_at = $4, "
	               "version = version + 1 WHERE id = $5",
	               "tttii", track, name, content, now, id);
}

int projects_set_state(store_conn *c, arena *a, int64_t id, const char *state, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE projects SET state = $1, updated_at = $2, version = version + 1 "
	               "WHERE id = $3",
	               "tii", state, now, id);
}

int projects_list(store_conn *c, arena *a, const projects_filter *f, int64_t after, int limit,
                  store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT p.id, p.name, p.state, p.track, p.batch_id, p.updated_at, p.launched_on, "
	    "(SELECT i.name FROM project_members m JOIN institutions i ON i.id = m.institution_id "
	    "WHERE m.project_id = p.id AND m.lead = 1) AS lead FROM projects p WHERE p.id > $1 "
	    "AND ($2 IS NULL OR p.state = $2) AND ($3 = 0 OR EXISTS (SELECT 1 FROM "
	    "project_members m WHERE m.project_id = p.id AND m.institution_id = $3)) AND ($4 = 0 "
	    "OR (EXISTS (SELECT 1 FROM assignments s WHERE s.project_id = p.id AND s.expert_id = "
	    "$4) AND NOT EXISTS (SELECT 1 FROM conflicts f WHERE f.project_id = p.id AND "
	    "f.expert_id = $4))) AND ($5 = 0 OR p.state IN ('csrc_evaluation', 'csrc_rejected', "
	    "'public_notice', 'launched', 'coaching', 'coaching_ended', 'regular_operation', "
	    "'rectifying', 'suspended', 'stopped', 'exiting', 'exited')) ORDER BY p.id LIMIT $6",
	    "itiibi", after, f->state, f->institution_id, f->expert_id, f->forwarded,
	    (int64_t)limit + 1);
}

/* ---- what the actions set ---- */

int projects_set_submitted(store_conn *c, arena *a, int64_t id, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE projects SET submitted_at = $1, defects = NULL WHERE id = $2", "ii",
	               now, id);
}

int projects_set_defects(store_conn *c, arena *a, int64_t id, const char *defects, err *e)
{
	return store_q(c, a, e, NULL, "UPDATE projects SET defects = $1 WHERE id = $2", "ti",
	               defects, id);
}

int projects_set_batch(store_conn *c, arena *a, int64_t id, int64_t batch_id, err *e)
{
	return store_q(c, a, e, NULL, "UPDATE projects SET batch_id = $1 WHERE id = $2", "ii",
	               batch_id, id);
}

int projects_set_csrc_result(store_conn *c, arena *a, int64_t id, const char *result, err *e)
{
	return store_q(c, a, e, NULL, "UPDATE projects SET csrc_result = $1 WHERE id = $2", "ti",
	               result, id);
}

int projects_set_launched(store_conn *c, arena *a, int64_t id, const char *launched_on, err *e)
{
	return store_q(c, a, e, NULL, "UPDATE projects SET launched_on = $1 WHERE id = $2", "ti",
	               launched_on, id);
}

int projects_schedule_coaching_end(store_conn *c, arena *a, int64_t id, const char *ends_on,
                                   int64_t due_us, err *e)
{
	if (store_q(c, a, e, NULL, "UPDATE projects SET coaching_ends_on = $1 WHERE id = $2", "ti",
	            ends_on, id) < 0)
		return -1;
	return store_q(
	    c, a, e, NULL,
	    "INSERT INTO jobs (kind, subject_id, due_at) VALUES ('coaching_end', $1, $2)", "ii", id,
	    due_us);
}

/* ---- members ---- */

STORE_ROWS_BY_ID(projects_members_of,
                 "SELECT " INSTITUTION_FACTS_COLS ", i.name, i.registered_city, "
                 "m.institution_id, m.lead, m.role, m.confirmed_at FROM project_members m "
                 "JOIN institutions i ON i.id = m.institution_id WHERE m.project_id = $1 "
                 "ORDER BY m.institution_id")

int projects_member_get(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                        projects_member *m, err *e)
{
	store_result *r;
	int rc = store_q(c, a, e, &r,
	                 "SELECT m.lead, m.confirmed_at, i.kind FROM project_members m JOIN "
	                 "institutions i ON i.id = m.institution_id WHERE m.project_id = $1 AND "
	                 "m.institution_id = $2",
	                 "ii", project_id, institution_id);
	if (rc < 0)
		return -1;
	*m = (projects_member){r->nrows && store_get_bool(r, 0, "lead"),
	                       r->nrows && store_get(r, 0, "confirmed_at"),
	                       r->nrows ? store_get(r, 0, "kind") : NULL};
	return r->nrows > 0;
}

int projects_members_clear(store_conn *c, arena *a, int64_t project_id, err *e)
{
	return store_q(c, a, e, NULL, "DELETE FROM project_members WHERE project_id = $1", "i",
	               project_id);
}

int projects_member_add(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                        bool lead, const char *role, int64_t confirmed_by, int64_t now, err *e)
{
	/* Inserted only when the institution exists: no row tells the caller it does not. */
	return store_wrote(c, a, e,
	                   "INSERT INTO project_members (project_id, institution_id, lead, role, "
	                   "confirmed_at, confirmed_by) SELECT $1, id, $3, $4, $5, $6 FROM "
	                   "institutions WHERE id = $2 RETURNING institution_id",
	                   "iibtII", project_id, institution_id, lead, role, confirmed_by ? now : 0,
	                   confirmed_by);
}

int projects_member_confirm(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                            int64_t by, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE project_members SET confirmed_at = $1, confirmed_by = $2 WHERE "
	               "project_id = $3 AND institution_id = $4",
	               "iiii", now, by, project_id, institution_id);
}

int projects_confirmations_withdraw(store_conn *c, arena *a, int64_t project_id,
                                    int64_t institution_id, int64_t by, int64_t now,
                                    store_result **withdrawn, err *e)
{
	if (store_q(c, a, e, withdrawn,
	            "SELECT institution_id FROM project_members WHERE project_id = $1 AND "
	            "institution_id <> $2 AND confirmed_at IS NOT NULL ORDER BY institution_id",
	            "ii", project_id, institution_id) < 0 ||
	    store_q(c, a, e, NULL,
	            "UPDATE project_members SET confirmed_at = NULL, confirmed_by = NULL WHERE "
	            "project_id = $1 AND institution_id <> $2",
	            "ii", project_id, institution_id) < 0)
		return -1;
	return projects_member_confirm(c, a, project_id, institution_id, by, now, e);
}

/* ---- metrics ---- */

int projects_metrics_find(store_conn *c, arena *a, int64_t project_id, const char *key, int64_t *id,
                          err *e)
{
	return store_int(c, a, e, id,
	                 "SELECT id FROM project_metrics WHERE project_id = $1 AND "
	                 "idempotency_key = $2",
	                 "it", project_id, key);
}

int projects_metrics_add(store_conn *c, arena *a, int64_t project_id, const projects_metrics *m,
                         int64_t by, int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO project_metrics (project_id, period, customers, "
	                 "transactions, volume_fen, complaints, idempotency_key, reported_by, "
	                 "reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
	                 "itiiiitii", project_id, m->period, m->customers, m->transactions,
	                 m->volume_fen, m->complaints, m->idempotency_key, by, now);
}
