/* Complaints about supervised projects (§4.3: investor protection includes complaint
 * handling): the rows of complaints and of their handling notes and answers. The functions run
 * inside the caller's transaction and return strings in its arena. A function that looks a row
 * up or adds one returns 1 (found, added), 0 (none) or -1 (an error), as store_int does; the
 * others 0 or -1. A list that pages returns limit + 1 rows at most, so that app_page tells
 * whether another page follows. */
#ifndef BAOTU_STORE_COMPLAINTS_H
#define BAOTU_STORE_COMPLAINTS_H
#include "store/store.h"

/* A complaint as the loaders below return it (prefix c.), with its project's name and state
 * (project_name, project_state). */
#define COMPLAINT_COLS                                                                             \
	"c.id, c.project_id, c.reference, c.secret_hash, c.channel, c.name, c.contact, "           \
	"c.content, c.status, c.due_on, c.filed_at, c.filed_by, c.name_forwarded_at, "             \
	"c.name_forwarded_by, c.escalated_to, c.escalation_reason, c.escalated_at, "               \
	"c.escalated_by, c.resolution, c.resolved_at, c.resolved_by, c.updated_at, p.name AS "     \
	"project_name, p.state AS project_state"

/* What a new complaint is. */
typedef struct complaints_new {
	int64_t project_id;
	const char *reference, *secret_hash, *channel, *name, *contact, *content;
	const char *due_on;
	int64_t filed_at, filed_by; /* filed_by 0: the public */
} complaints_new;

/* Whether a reference is taken already. */
int complaints_reference_taken(store_conn *c, arena *a, const char *reference, bool *taken, err *e);
/* 1 and the new complaint's *id. */
int complaints_insert(store_conn *c, arena *a, const complaints_new *in, int64_t *id, err *e);
/* The complaint id, or by its reference: 1 (*r holds COMPLAINT_COLS), 0, -1. */
int complaints_get(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
int complaints_get_by_reference(store_conn *c, arena *a, const char *reference, store_result **r,
                                err *e);

/* What a list shows; a zero field filters nothing. */
typedef struct complaints_filter {
	int64_t project_id;
	const char *status;     /* open | escalated | resolved */
	int64_t institution_id; /* only projects of which it is a member */
	bool csrc;              /* only complaints escalated to the CSRC */
} complaints_filter;
/* COMPLAINT_COLS from after, by id. */
int complaints_page(store_conn *c, arena *a, const complaints_filter *f, int64_t after, int limit,
                    store_result **r, err *e);

/* The complaint's notes by id (answers only: to_complainant = 1), at most limit: id,
 * complaint_id, body, to_complainant, side, author_id, author (username), created_at. */
int complaints_notes(store_conn *c, arena *a, int64_t complaint_id, bool answers_only, int limit,
                     store_result **r, err *e);
/* 1 and the new note's *id. side: working_group | institution. */
int complaints_note_add(store_conn *c, arena *a, int64_t complaint_id, const char *body,
                        bool to_complainant, const char *side, int64_t by, int64_t now, int64_t *id,
                        err *e);

/* The working group shares the complainant's name with the institution. */
int complaints_forward_name(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now, err *e);
/* Status escalated, to working_group | leader | csrc. */
int complaints_escalate(store_conn *c, arena *a, int64_t id, const char *to, const char *reason,
                        int64_t by, int64_t now, err *e);
/* Status resolved. */
int complaints_resolve(store_conn *c, arena *a, int64_t id, const char *resolution, int64_t by,
                       int64_t now, err *e);

/* The projects that have been publicly noticed (id, name, state), by id: those a complaint
 * may be about, once the caller keeps the supervised ones (at most 500). */
int complaints_noticed_projects(store_conn *c, arena *a, store_result **r, err *e);
/* The same of one project: 1 (one row), 0 (not on the register) or -1. */
int complaints_noticed_project(store_conn *c, arena *a, int64_t project_id, store_result **r,
                               err *e);

/* A project's figures: one row per status (status, n), and in *overdue how many are not
 * resolved and past their due_on on today (CST, YYYY-MM-DD). */
int complaints_counts(store_conn *c, arena *a, int64_t project_id, const char *today,
                      store_result **by_status, int64_t *overdue, err *e);
/* The resolved complaints' filed_at, resolved_at and due_on, by resolved_at. */
int complaints_durations(store_conn *c, arena *a, int64_t project_id, store_result **r, err *e);
#endif
