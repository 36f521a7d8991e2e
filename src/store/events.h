/* The event chain: every write appends an event in the transaction of its projection.
 * hash_n = SHA-256(hash_{n-1} || canonical(event_n without hash)); hash_0 = 32 zero bytes.
 * The exact bytes are specified in docs/AUDIT.md. */
#ifndef BAOTU_STORE_EVENTS_H
#define BAOTU_STORE_EVENTS_H
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"

typedef struct event_in {
	const char *actor;        /* "user:7", "system" or "public" */
	const char *subject_type; /* "institution", "user", "schema", ... */
	const char *subject_id;   /* text, e.g. "7" */
	const char *kind;         /* "institution.created", ... */
	const char *reason;       /* may be NULL */
	json_t *payload;          /* object; borrowed */
} event_in;

/* The newest event (seq, hash): 1 and its row, 0 for an empty chain, -1. */
int events_head(store_conn *c, arena *a, store_result **r, err *e);
/* The event of SEQ (seq, ts, hash): 1 and its row, 0, -1. */
int events_of_seq(store_conn *c, arena *a, int64_t seq, store_result **r, err *e);

/* Must run inside a write transaction. */
int events_append(store_conn *c, arena *a, const event_in *ev, int64_t *seq_out, err *e);

/* Recomputes the chain. Returns 0 and *count when intact; 1 and *broken_seq at the first
 * event whose hash does not follow; -1 on a store error. */
int events_verify(store_conn *c, int64_t *count, int64_t *broken_seq, err *e);

/* Writes every event as one JSON object per line (the export format of docs/AUDIT.md). */
int events_export(store_conn *c, FILE *out, int64_t *count, err *e);

/* Events of one subject, oldest first, seq > after, at most limit rows. */
int events_for_subject(store_conn *c, arena *a, const char *type, const char *id, int64_t after,
		       int limit, store_result **out, err *e);

/* The canonical bytes of an event row (without its hash); malloc'd. Exposed for tests. */
char *events_canonical(int64_t seq, int64_t ts, const char *actor, const char *subject_type,
		       const char *subject_id, const char *kind, const char *reason,
		       json_t *payload, const char *prev_hash);
#endif
