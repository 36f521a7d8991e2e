#include "app/idempotency.h"
#include "app/app_internal.h"

#include <string.h>

#include "lib/time.h"

struct idem_tx {
	store_conn *c;
};

int idempotency_begin(app *ap, arena *a, const idem_scope *k, idem_tx **tx, bool *found,
                      idem_answer *answer, err *e)
{
	*found = false;
	store_conn *c;
	/* The write lock first, then the look-up: a concurrent request with the same key waits
	 * for this one and then finds its record, and a retry after commit_unknown waits until
	 * the first transaction is settled either way. */
	if (store_pin_begin(ap->st, &c, e) < 0)
		return -1;
	store_result *r;
	if (store_q(
	        c, a, e, &r,
	        "SELECT fingerprint, status, content_type, location, body FROM idempotency_keys "
	        "WHERE owner = $1 AND method = $2 AND path = $3 AND idem_key = $4 AND "
	        "created_at >= $5",
	        "tttti", k->owner, k->method, k->path, k->key,
	        time_now_us() - ap->idempotency_ttl_us) < 0)
		goto fail;
	if (!r->nrows) {
		*tx = arena_alloc(a, sizeof **tx);
		(*tx)->c = c;
		return 0;
	}
	if (strcmp(store_get(r, 0, "fingerprint"), k->fingerprint)) {
		err_set(e, 422, "idempotency_key_reused", "Idempotency-Key",
		        "This Idempotency-Key was used for a different request; use a new key for "
		        "a new request.");
		goto fail;
	}
	*found = true;
	answer->status = (int)store_get_int(r, 0, "status");
	answer->content_type = store_get(r, 0, "content_type");
	answer->location = store_get(r, 0, "location");
	answer->body = store_get(r, 0, "body");
	answer->body_len = strlen(answer->body);
	return store_pin_end(c, false, e);
fail:
	store_pin_end(c, false, NULL);
	return -1;
}

bool idempotency_wrote(const idem_tx *tx)
{
	return store_pin_wrote(tx->c);
}

void idempotency_abandon(idem_tx *tx)
{
	store_pin_end(tx->c, false, NULL);
}

int idempotency_end(idem_tx *tx, arena *a, const idem_scope *k, bool record,
                    const idem_answer *answer, err *e)
{
	store_conn *c = tx->c;
	/* An expired record of the same key is replaced (its look-up ignored it). */
	if (record &&
	    store_q(c, a, e, NULL,
	            "INSERT INTO idempotency_keys (owner, method, path, idem_key, "
	            "fingerprint, status, content_type, location, body, created_at) VALUES "
	            "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (owner, method, "
	            "path, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint, "
	            "status = excluded.status, content_type = excluded.content_type, "
	            "location = excluded.location, body = excluded.body, "
	            "created_at = excluded.created_at",
	            "tttttittti", k->owner, k->method, k->path, k->key, k->fingerprint,
	            (int64_t)answer->status, answer->content_type, answer->location, answer->body,
	            time_now_us()) < 0) {
		store_pin_end(c, false, NULL);
		return -1;
	}
	return store_pin_end(c, true, e);
}

int idempotency_purge(app *ap, arena *a, int64_t now_us, int *deleted, err *e)
{
	*deleted = 0;
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	store_result *r;
	int rc = store_q(c, a, e, &r,
	                 "DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING created_at",
	                 "i", now_us - ap->idempotency_ttl_us);
	if (rc == 0)
		*deleted = r->nrows;
	return app_tx_end(c, rc, e);
}
