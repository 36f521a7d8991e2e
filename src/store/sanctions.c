/* The sanctions and exit aggregate's statements. See sanctions.h. */
#include "store/sanctions.h"

#include <stdio.h>

#include "store/row.h"

/* ---- sanctions ---- */

int sanctions_insert(store_conn *c, arena *a, const sanctions_new *n, int64_t *id, err *e)
{
	return store_int(
	    c, a, e, id,
	    "INSERT INTO sanctions (project_id, kind, reason, evidence, measure, "
	    "authority, decision_id, proposed_by, approved_by, at) VALUES ($1, $2, $3, "
	    "$4, $5, $6, $7, $8, $9, $10) RETURNING id",
	    "itttttIIIi", n->project_id, n->kind, n->reason, n->evidence, n->measure, n->authority,
	    n->decision_id, n->proposed_by, n->approved_by, n->at);
}

STORE_PAGE_OF(sanctions_of_project,
              "SELECT s.id, s.project_id, s.kind, s.reason, s.evidence, s.measure, "
              "s.authority, s.decision_id, s.proposed_by, COALESCE(up.display_name, "
              "up.username) AS proposer, "
              "s.approved_by, COALESCE(ua.display_name, ua.username) AS approver, s.at "
              "FROM sanctions s LEFT JOIN "
              "users up ON up.id = s.proposed_by LEFT JOIN users ua ON ua.id = "
              "s.approved_by WHERE s.project_id = $1 AND s.id > $2 ORDER BY s.id LIMIT $3")

/* ---- exit applications ---- */

int exit_applications_insert(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                             int64_t by, const char *reason, const char *plan_note, int64_t now,
                             int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO exit_applications (project_id, institution_id, applied_by, "
	                 "reason, plan_note, applied_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
	                 "id",
	                 "iiitti", project_id, institution_id, by, reason, plan_note, now);
}

STORE_ROW_BY_ID(exit_applications_latest,
                "SELECT x.id, x.project_id, x.institution_id, i.name AS institution_name, "
                "x.applied_by, COALESCE(u.display_name, u.username) AS applicant, x.reason, "
                "x.plan_note, x.status, "
                "x.applied_at FROM exit_applications x JOIN institutions i ON i.id = "
                "x.institution_id JOIN users u ON u.id = x.applied_by WHERE x.project_id = $1 "
                "ORDER BY x.id DESC LIMIT 1")

int exit_applications_pending(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                              int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "SELECT id FROM exit_applications WHERE project_id = $1 AND "
	                 "($2 = 0 OR institution_id = $2) AND status = 'pending' ORDER BY id DESC "
	                 "LIMIT 1",
	                 "ii", project_id, institution_id);
}

int exit_applications_set_started(store_conn *c, arena *a, int64_t id, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE exit_applications SET status = 'started' WHERE id = $1", "i", id);
}

/* ---- exits ---- */

int exits_insert(store_conn *c, arena *a, const exits_new *n, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO exits (project_id, kind, plan, application_id, decision_id, "
	                 "started_at, started_on, channel_open_until) VALUES ($1, $2, $3, $4, $5, "
	                 "$6, $7, $8) RETURNING id",
	                 "ittIIitt", n->project_id, n->kind, n->plan, n->application_id,
	                 n->decision_id, n->started_at, n->started_on, n->channel_open_until);
}

int exits_item_insert(store_conn *c, arena *a, int64_t exit_id, const char *item, int position,
                      err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO exit_items (exit_id, item, position) VALUES ($1, $2, $3)",
	               "iti", exit_id, item, (int64_t)position);
}

#define EXIT_COLS                                                                                  \
	"x.id, x.project_id, x.kind, x.plan, x.application_id, x.decision_id, x.started_at, "      \
	"x.started_on, x.channel_open_until, x.completed_at, x.completed_on "

STORE_ROW_BY_ID(exits_of_project, "SELECT " EXIT_COLS "FROM exits x WHERE x.project_id = $1")

STORE_ROWS_BY_ID(exits_items,
                 "SELECT t.item, t.position, t.evidence, t.evidence_by, COALESCE(u.display_name, "
                 "u.username) AS "
                 "evidence_by_name, t.evidence_at FROM exit_items t LEFT JOIN users u ON u.id "
                 "= t.evidence_by WHERE t.exit_id = $1 ORDER BY t.position")

int exits_item_evidence(store_conn *c, arena *a, int64_t exit_id, const char *item,
                        const char *evidence, int64_t by, int64_t now, err *e)
{
	return store_wrote(
	    c, a, e,
	    "UPDATE exit_items SET evidence = $1, evidence_by = $2, evidence_at = $3 "
	    "WHERE exit_id = $4 AND item = $5 RETURNING position",
	    "tiiit", evidence, by, now, exit_id, item);
}

int exits_set_completed(store_conn *c, arena *a, int64_t id, int64_t now, const char *today, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE exits SET completed_at = $1, completed_on = $2 WHERE id = $3", "iti",
	               now, today, id);
}

STORE_PAGE(exits_public_page,
           "SELECT " EXIT_COLS ", p.name AS project_name, p.state, (SELECT i.name FROM "
           "project_members m JOIN institutions i ON i.id = m.institution_id WHERE "
           "m.project_id = p.id AND m.lead = 1 LIMIT 1) AS lead_name, (SELECT count(*) FROM "
           "exit_items t WHERE t.exit_id = x.id AND t.evidence IS NOT NULL) AS "
           "items_done, (SELECT count(*) FROM exit_items t WHERE t.exit_id = x.id) AS "
           "items_total FROM exits x JOIN projects p ON p.id = x.project_id WHERE ($1 = "
           "0 OR x.id < $1) ORDER BY x.id DESC LIMIT $2")

/* ---- the public outcomes ---- */

int sanctions_outcome_events(store_conn *c, arena *a, int64_t project_id, store_result **out,
                             err *e)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)project_id);
	return store_q(
	    c, a, e, out,
	    "SELECT seq, ts, kind, payload FROM events WHERE subject_type = 'project' AND "
	    "subject_id = $1 AND kind LIKE 'project.%' ORDER BY seq LIMIT 500",
	    "t", arena_strdup(a, id));
}
