/* Retention and legal hold: the rows of legal_holds, the attachments of every kind with what
 * decides their retention, and the purge of a blob's bytes. */
#ifndef BAOTU_STORE_RETENTION_H
#define BAOTU_STORE_RETENTION_H
#include "store/store.h"

/* A legal hold as the loaders below return it. */
#define HOLD_COLS                                                                                  \
	"h.id, h.project_id, h.reason, h.placed_by, h.placed_at, h.released_by, h.released_at, "   \
	"h.release_reason"

/* Every attachment whose bytes are not purged yet, of the four kinds (materials, messages,
 * reports, inspections): columns kind ("materials", "messages", "reports", "inspections"), id,
 * sha256, size, content_type, project_id, state (the project's), ended_at (the project's
 * updated_at, the time of its last change: for a project in a terminal state, when it ended),
 * holds (the project's legal holds not released). Ordered by sha256, then kind and id. */
int retention_attachments(store_conn *c, arena *a, store_result **r, err *e);

/* Empties the bytes of the blob SHA256 and marks it purged at NOW: 1 done, 0 when it was
 * purged already (or does not exist), -1 on error. */
int retention_blob_purge(store_conn *c, arena *a, const char *sha256, int64_t now, err *e);

/* The legal holds of a project (all of them, newest first), or of every project when 0. */
int holds_list(store_conn *c, arena *a, int64_t project_id, store_result **r, err *e);
/* One hold: 1, 0 or -1 (store_found). */
int holds_get(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
int holds_insert(store_conn *c, arena *a, int64_t project_id, const char *reason, int64_t by,
                 int64_t now, int64_t *id, err *e);
/* Releases a hold not yet released: 1, 0 (released already, or none), -1. */
int holds_release(store_conn *c, arena *a, int64_t id, const char *reason, int64_t by, int64_t now,
                  err *e);

#endif
