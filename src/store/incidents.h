/* The incidents aggregate in the store (§4.3 item 4): incidents, what was said about each (the
 * institution's reports by stage, guidance, the report to the CSRC, its acknowledgement) and
 * every record of the loss and compensation. The functions run inside the caller's
 * transaction and return strings in its arena; lookups and additions return 1, 0 or -1 as
 * store_int does, the others 0 or -1; a list that pages returns limit + 1 rows at most. */
#ifndef BAOTU_STORE_INCIDENTS_H
#define BAOTU_STORE_INCIDENTS_H
#include "store/store.h"

typedef struct incidents_new {
	int64_t project_id;
	const char *source, *category, *level;
	int64_t system_class, investors_affected, estimated_loss_fen;
	const char *title, *description;
	int64_t discovered_at, initial_due_at;
	int64_t initial_at; /* 0 when the initial report is still due */
	const char *state;
} incidents_new;
/* 1 and the new incident's *id, opened by user `by`. */
int incidents_insert(store_conn *c, arena *a, const incidents_new *n, int64_t by, int64_t now,
                     int64_t *id, err *e);
/* Rows of incidents: id, project_id, project_name, source, category, level, system_class,
 * investors_affected, estimated_loss_fen, title, description, discovered_at, initial_due_at,
 * initial_at, final_at, state, loss_fen, compensated_fen, investors_compensated, opened_by,
 * opened_at, reported_to_csrc_by, reported_to_csrc_at, acknowledged_by, acknowledged_at,
 * updated_at. */
int incidents_get(store_conn *c, arena *a, int64_t id, store_result **out, err *e);

/* A page by id: institution_id, the incidents of its projects; csrc, those reported to the
 * CSRC. */
int incidents_list(store_conn *c, arena *a, const store_record_filter *f, int64_t after, int limit,
                   store_result **out, err *e);

/* The state, and the time of the stage's report when the stage sets one ("initial": initial_at,
 * "final": final_at; NULL: none). */
int incidents_set_state(store_conn *c, arena *a, int64_t id, const char *state, const char *stage,
                        int64_t now, err *e);
int incidents_set_csrc_reported(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now,
                                err *e);
int incidents_set_acknowledged(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now,
                               err *e);

/* kind: initial, update, final, guidance, csrc_report, acknowledgement. */
int incidents_entry_add(store_conn *c, arena *a, int64_t incident_id, const char *kind,
                        const char *text, int64_t by, int64_t now, err *e);
/* Rows: id, kind, text, by_user, at, username; oldest first. */
int incidents_entries_of(store_conn *c, arena *a, int64_t incident_id, store_result **out, err *e);

typedef struct incidents_loss {
	int64_t loss_fen, compensated_fen, investors_compensated;
	const char *note; /* may be NULL */
} incidents_loss;
/* A record, and the incident's figures set to it. */
int incidents_loss_add(store_conn *c, arena *a, int64_t incident_id, const incidents_loss *l,
                       int64_t by, int64_t now, err *e);
/* Rows: id, loss_fen, compensated_fen, investors_compensated, note, recorded_by, recorded_at,
 * username; oldest first. */
int incidents_losses_of(store_conn *c, arena *a, int64_t incident_id, store_result **out, err *e);

/* The incidents whose initial report is still due, earliest deadline first: id, project_id,
 * project_name, title, level, initial_due_at. project_id and institution_id filter when not
 * 0; at most limit rows. */
int incidents_deadlines(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                        int limit, store_result **out, err *e);
#endif
