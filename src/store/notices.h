/* Public notices (§4.2) and the public's comments on them: the rows of notices and comments. */
#ifndef BAOTU_STORE_NOTICES_H
#define BAOTU_STORE_NOTICES_H
#include "store/store.h"

/* A notice as the loaders below return it, with its project's state. */
#define NOTICE_COLS "n.id, n.project_id, n.public, n.opens_on, n.closes_on, n.working_days, p.state"

/* A comment as the loaders below return it. */
#define COMMENT_COLS                                                                               \
	"c.id, c.notice_id, c.body, c.author, c.contact, c.created_at, c.status, "                 \
	"c.classification, c.classified_by, c.classified_at, "                                     \
	"c.response, c.responded_by, c.responded_at"

/* The loaders of one row answer 1 (*r holds it), 0 (no such row) or -1 (store_found). */
int notices_get_by_project(store_conn *c, arena *a, int64_t project_id, store_result **r, err *e);
/* The notice id while it is public: in public notice, or as the record of a project that runs
 * (launched, coaching, coaching_ended). */
int notices_get_public(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
/* The id of the project's notice: 1, 0 (none) or -1, as store_int. */
int notices_id_by_project(store_conn *c, arena *a, int64_t project_id, int64_t *id, err *e);
/* The notices open on today (YYYY-MM-DD) of projects in public notice, id > after, by id, at
 * most limit + 1 (for app_page); each with `comments`, its published comments' count. */
int notices_open_page(store_conn *c, arena *a, const char *today, int64_t after, int limit,
                      store_result **r, err *e);
/* The register: projects launched, in coaching or past it, of track (NULL: both), id > after,
 * by id, at most limit + 1: id, track, state, name, launched_on, coaching_ends_on and their
 * notice's notice_id and public (NULL without a notice). */
int notices_register_page(store_conn *c, arena *a, const char *track, int64_t after, int limit,
                          store_result **r, err *e);
/* The project's members for its snapshot: institution_id, name, lead, role; the lead first. */
int notices_members(store_conn *c, arena *a, int64_t project_id, store_result **r, err *e);
/* public is the snapshot's canonical JSON; *id is the new notice's. */
int notices_insert(store_conn *c, arena *a, int64_t project_id, const char *public_json,
                   const char *opens_on, const char *closes_on, int working_days, int64_t now,
                   int64_t *id, err *e);

/* COMMENT_COLS with the notice's project_id and the project's state. */
int comments_get(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
/* The project a comment's notice is of: 1 and *project_id, 0 (no such comment), -1. */
int comments_project_id(store_conn *c, arena *a, int64_t id, int64_t *project_id, err *e);
/* The ids of the notice's comments still pending or unclassified, by id. */
int comments_unreviewed(store_conn *c, arena *a, int64_t notice_id, store_result **r, err *e);
/* id and response of the notice's comments classified major_risk, by id. */
int comments_major_risk(store_conn *c, arena *a, int64_t notice_id, store_result **r, err *e);
/* The notice's published comments, by id, at most limit. */
int comments_published(store_conn *c, arena *a, int64_t notice_id, int limit, store_result **r,
                       err *e);
/* The notice's comments with id > after, by id, at most limit + 1: every one with all, else the
 * published ones and those classified major_risk. */
int comments_page(store_conn *c, arena *a, int64_t notice_id, int64_t after, bool all, int limit,
                  store_result **r, err *e);
/* A pending comment; *id is the new one's. */
int comments_insert(store_conn *c, arena *a, int64_t notice_id, const char *body,
                    const char *author, const char *contact, const char *address_hash, int64_t now,
                    int64_t *id, err *e);
int comments_set_status(store_conn *c, arena *a, int64_t id, const char *status, err *e);
int comments_set_classification(store_conn *c, arena *a, int64_t id, const char *classification,
                                int64_t by, int64_t now, err *e);
/* response is the answer's canonical JSON. */
int comments_set_response(store_conn *c, arena *a, int64_t id, const char *response, int64_t by,
                          int64_t now, err *e);
#endif
