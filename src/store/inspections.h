/* The inspections aggregate in the store (§4.3 item 3): inspections, their document requests
 * and answers, findings, rectification orders and the files of answers and evidence. The
 * functions run inside the caller's transaction and return strings in its arena. A function
 * that looks a row up or adds one returns 1 (found, added), 0 (none) or -1 (an error), as
 * store_int does; the others 0 or -1. A list that pages returns limit + 1 rows at most. */
#ifndef BAOTU_STORE_INSPECTIONS_H
#define BAOTU_STORE_INSPECTIONS_H
#include "store/store.h"

/* ---- inspections ---- */

typedef struct inspections_new {
	int64_t project_id;
	const char *mode, *scope, *team; /* team: JSON text, an array of names */
	const char *starts_on, *ends_on;
	const char *origin;         /* working_group, csrc */
	const char *csrc_reference; /* the CSRC's arrangement; NULL for the working group's */
} inspections_new;
/* 1 and the new inspection's *id, planned by user `by`. */
int inspections_insert(store_conn *c, arena *a, const inspections_new *n, int64_t by, int64_t now,
                       int64_t *id, err *e);
/* Rows of inspections: id, project_id, project_name, mode, scope, team, starts_on, ends_on,
 * state, planned_by, planned_at, notified_at, closed_by, closed_at, conclusion, updated_at,
 * origin, csrc_reference,
 * and the counts open_requests, open_orders, findings. */
int inspections_get(store_conn *c, arena *a, int64_t id, store_result **out, err *e);

/* A page by id: institution_id, the notified inspections of its projects; csrc, those the
 * CSRC arranged. */
int inspections_list(store_conn *c, arena *a, const store_record_filter *f, int64_t after,
                     int limit, store_result **out, err *e);

int inspections_set_state(store_conn *c, arena *a, int64_t id, const char *state, int64_t now,
                          err *e);
int inspections_set_notified(store_conn *c, arena *a, int64_t id, int64_t now, err *e);
int inspections_set_closed(store_conn *c, arena *a, int64_t id, const char *conclusion, int64_t by,
                           int64_t now, err *e);

/* ---- document requests ---- */

int inspections_request_add(store_conn *c, arena *a, int64_t inspection_id, const char *items,
                            const char *due_on, int64_t by, int64_t now, int64_t *id, err *e);
/* Rows of requests: id, inspection_id, items, due_on, requested_by, requested_at, answer,
 * answered_by, answered_at, attested_by, attested_at; oldest first. */
int inspections_requests_of(store_conn *c, arena *a, int64_t inspection_id, store_result **out,
                            err *e);
int inspections_request_get(store_conn *c, arena *a, int64_t inspection_id, int64_t request_id,
                            store_result **out, err *e);
/* The answer with its attestation (by the answering user, now): 1, or 0 when the request was
 * answered already. */
int inspections_request_answer(store_conn *c, arena *a, int64_t request_id, const char *answer,
                               int64_t by, int64_t now, err *e);

/* ---- findings ---- */

int inspections_finding_add(store_conn *c, arena *a, int64_t inspection_id, const char *severity,
                            const char *description, int64_t by, int64_t now, int64_t *id, err *e);
/* Rows: id, inspection_id, severity, description, recorded_by, recorded_at; oldest first. */
int inspections_findings_of(store_conn *c, arena *a, int64_t inspection_id, store_result **out,
                            err *e);
/* Whether the finding is one of the inspection's. */
int inspections_finding_exists(store_conn *c, arena *a, int64_t inspection_id, int64_t finding_id,
                               bool *exists, err *e);

/* ---- rectification orders ---- */

int inspections_order_add(store_conn *c, arena *a, int64_t inspection_id, int64_t finding_id,
                          const char *requirement, const char *due_on, int64_t by, int64_t now,
                          int64_t *id, err *e);
/* Rows: id, inspection_id, finding_id, requirement, due_on, status, rounds, ordered_by,
 * ordered_at, evidence, submitted_by, submitted_at, attested_by, attested_at, verified_by,
 * verified_at, verification_note; oldest first. */
int inspections_orders_of(store_conn *c, arena *a, int64_t inspection_id, store_result **out,
                          err *e);
int inspections_order_get(store_conn *c, arena *a, int64_t inspection_id, int64_t order_id,
                          store_result **out, err *e);
/* An open order's evidence with its attestation: 1 (now submitted), or 0 when the order was
 * not open. */
int inspections_order_submit(store_conn *c, arena *a, int64_t order_id, const char *evidence,
                             int64_t by, int64_t now, err *e);
/* A submitted order verified: accepted, or sent back (open again, one more round, due on
 * due_on when not NULL): 1, or 0 when it was not submitted. */
int inspections_order_verify(store_conn *c, arena *a, int64_t order_id, bool accepted,
                             const char *note, const char *due_on, int64_t by, int64_t now, err *e);
/* The orders not accepted yet: id, finding_id, status, due_on. */
int inspections_orders_open(store_conn *c, arena *a, int64_t inspection_id, store_result **out,
                            err *e);

/* ---- files ---- */

typedef struct inspections_file {
	int64_t inspection_id, request_id, order_id; /* one of request_id, order_id; the other 0 */
	int64_t round;
	const char *filename, *sha256, *content_type;
	int64_t size;
} inspections_file;
int inspections_file_add(store_conn *c, arena *a, const inspections_file *f, int64_t by,
                         int64_t now, err *e);
/* Rows: id, request_id, order_id, round, filename, sha256, size, content_type, uploaded_by,
 * uploaded_at. */
int inspections_files_of(store_conn *c, arena *a, int64_t inspection_id, store_result **out,
                         err *e);
int inspections_file_get(store_conn *c, arena *a, int64_t inspection_id, int64_t file_id,
                         store_result **out, err *e);

/* ---- open deadlines ---- */

/* The SQL of the open deadlines of inspections not closed, for inspections_deadlines and the
 * dashboard: ARMS are rows (kind, id, inspection_id, due_on), each joined to its inspection
 * (i) and project (p); WHERE narrows them; $3 is the number of rows. The first arms are the
 * document requests not answered and the rectification orders open, each when COND. */
#define INSPECTION_DEADLINES(arms, where)                                                          \
	"SELECT d.kind, d.id, d.inspection_id, i.project_id, p.name AS project_name, d.due_on "    \
	"FROM (" arms ") d JOIN inspections i ON i.id = d.inspection_id JOIN projects p ON p.id "  \
	"= i.project_id WHERE i.state <> 'closed' AND " where                                      \
	" ORDER BY d.due_on, d.kind, d.id LIMIT $3"
#define INSPECTION_OPEN_ITEMS(cond)                                                                \
	"SELECT 'document_request' AS kind, id, inspection_id, due_on FROM inspection_requests "   \
	"WHERE answered_at IS NULL" cond " UNION ALL SELECT 'rectification' AS kind, id, "         \
	"inspection_id, due_on FROM inspection_orders WHERE status = 'open'" cond

/* The open document requests and rectification orders of inspections not closed, by due day:
 * kind ('document_request' | 'rectification'), id, inspection_id, project_id, project_name,
 * due_on. project_id and institution_id (the notified inspections of its projects) filter
 * when not 0; at most limit rows. */
int inspections_deadlines(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                          int limit, store_result **out, err *e);
#endif
