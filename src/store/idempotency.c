/* Idempotency-Key records. See idempotency.h. */
#include "store/idempotency.h"

#include "store/row.h"

int idempotency_keys_find(store_conn *c, arena *a, const idempotency_record *rec, int64_t since,
                          store_result **r, err *e)
{
	return store_found(
	    store_q(c, a, e, r,
	            "SELECT fingerprint, status, content_type, location, body FROM "
	            "idempotency_keys WHERE owner = $1 AND method = $2 AND path = $3 AND idem_key "
	            "= $4 AND created_at >= $5",
	            "tttti", rec->owner, rec->method, rec->path, rec->key, since),
	    r);
}

int idempotency_keys_save(store_conn *c, arena *a, const idempotency_record *rec, int64_t now,
                          err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO idempotency_keys (owner, method, path, idem_key, fingerprint, "
	               "status, content_type, location, body, created_at) VALUES ($1, $2, $3, $4, "
	               "$5, $6, $7, $8, $9, $10) ON CONFLICT (owner, method, path, idem_key) DO "
	               "UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status, "
	               "content_type = excluded.content_type, location = excluded.location, body = "
	               "excluded.body, created_at = excluded.created_at",
	               "tttttittti", rec->owner, rec->method, rec->path, rec->key, rec->fingerprint,
	               (int64_t)rec->status, rec->content_type, rec->location, rec->body, now);
}

int idempotency_keys_purge(store_conn *c, arena *a, int64_t before, int *deleted, err *e)
{
	store_result *r;
	int rc = store_q(c, a, e, &r,
	                 "DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING created_at",
	                 "i", before);
	*deleted = rc < 0 ? 0 : r->nrows;
	return rc;
}
