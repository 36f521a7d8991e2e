/* Idempotency-Key records: the first answer to a write, kept for a client's retries. */
#ifndef BAOTU_STORE_IDEMPOTENCY_H
#define BAOTU_STORE_IDEMPOTENCY_H
#include "store/store.h"

/* One record: whose key for which route, the request's fingerprint and the answer. */
typedef struct idempotency_record {
	const char *owner, *method, *path, *key, *fingerprint;
	int status;
	const char *content_type, *location, *body; /* location may be NULL */
} idempotency_record;

/* The record of (owner, method, path, key) created at or after since: 1 and *r (fingerprint,
 * status, content_type, location, body), 0 (none), -1 (store_found). rec's answer is not
 * read. */
int idempotency_keys_find(store_conn *c, arena *a, const idempotency_record *rec, int64_t since,
                          store_result **r, err *e);
/* Saves the record, replacing an older one of the same key. */
int idempotency_keys_save(store_conn *c, arena *a, const idempotency_record *rec, int64_t now,
                          err *e);
/* Deletes the records created before `before`; *deleted is how many. */
int idempotency_keys_purge(store_conn *c, arena *a, int64_t before, int *deleted, err *e);
#endif
