/* Idempotency-Key records: the first answer to a write, so that a client may retry it safely.
 * The web layer (web/idempotency.c) brackets a request with idempotency_begin/_end; between
 * them every use case runs inside one pinned write transaction (store_pin_begin), and the
 * record commits with the write or not at all. So after a commit whose outcome was unknown
 * (commit_unknown), a retry with the same key finds the record exactly when the write landed. */
#ifndef BAOTU_APP_IDEMPOTENCY_H
#define BAOTU_APP_IDEMPOTENCY_H
#include "app/app.h"

#define IDEMPOTENCY_KEY_MAX 200
#define IDEMPOTENCY_TTL_DEFAULT_S (24 * 3600)

/* Whose key, for which route. A key is looked up only within its owner, method and path. */
typedef struct idem_scope {
	const char *owner; /* "user:7"; "address:ADDR" without log-in */
	const char *method;
	const char *path;
	const char *key;
	const char *fingerprint; /* of the request: a different request with the key is refused */
} idem_scope;

/* The request's pinned write transaction (opaque to the web layer). */
typedef struct idem_tx idem_tx;

typedef struct idem_answer {
	int status;
	const char *content_type;
	const char *location; /* may be NULL */
	const char *body;
	size_t body_len;
} idem_answer;

/* Takes the request's write transaction and looks the key up. *found with *answer: replay it
 * (the transaction is already ended). Not found: *tx is the pinned transaction to end with
 * idempotency_end. A known key with another fingerprint: 422 idempotency_key_reused. */
int idempotency_begin(app *ap, arena *a, const idem_scope *k, idem_tx **tx, bool *found,
                      idem_answer *answer, err *e);
/* Records the answer (when record is true) and commits the request's transaction. On failure
 * *e says why (commit_unknown, store_unavailable...): the answer given was never durable, or
 * may not be. */
int idempotency_end(idem_tx *tx, arena *a, const idem_scope *k, bool record,
                    const idem_answer *answer, err *e);
/* Rolls the request's transaction back whole: nothing of it is durable, no answer kept. */
void idempotency_abandon(idem_tx *tx);
/* Whether a use case inside wrote something (and so the answer must be kept). */
bool idempotency_wrote(const idem_tx *tx);
/* Deletes the records older than the time to live (the scheduler, now and then). */
int idempotency_purge(app *ap, arena *a, int64_t now_us, int *deleted, err *e);

#endif
