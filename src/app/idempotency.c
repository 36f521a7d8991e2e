#include "app/idempotency.h"
#include "app/app_internal.h"

#include <string.h>

#include "lib/time.h"
#include "store/idempotency.h"

struct idem_tx {
	store_conn *c;
};

/* The record of a key and, when given, of its answer. */
static idempotency_record record_of(const idem_scope *k, const idem_answer *answer)
{
	idempotency_record rec = {k->owner, k->method, k->path, k->key, k->fingerprint};
	if (answer) {
		rec.status = answer->status;
		rec.content_type = answer->content_type;
		rec.location = answer->location;
		rec.body = answer->body;
	}
	return rec;
}

int idempotency_begin(app *ap, arena *a, const idem_scope *k, idem_tx **tx, bool *found,
                      idem_answer *answer, err *e)
{
	*found = false;
	store_conn *c;
	/* The write lock first, then the look-up: a concurrent request with the same key waits
	 * for this one and then finds its record, and a retry after commit_unknown waits until
	 * the first transaction is settled either way. */
	app_snapshot_drop(); /* the pinned transaction's reads see its own writes */
	if (store_pin_begin(ap->st, &c, e) < 0)
		return -1;
	store_result *r;
	const idempotency_record rec = record_of(k, NULL);
	int known =
	    idempotency_keys_find(c, a, &rec, time_now_us() - ap->idempotency_ttl_us, &r, e);
	if (known < 0)
		goto fail;
	if (!known) {
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
	const idempotency_record rec = record_of(k, answer);
	/* An expired record of the same key is replaced (its look-up ignored it). */
	if (record && idempotency_keys_save(c, a, &rec, time_now_us(), e) < 0) {
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
	return app_tx_end(
	    c, idempotency_keys_purge(c, a, now_us - ap->idempotency_ttl_us, deleted, e), e);
}
