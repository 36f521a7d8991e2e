#include "store/tlog.h"

#include "store/row.h"

int tlog_params_get(store_conn *c, arena *a, const char **hash, err *e)
{
	return store_text(c, a, e, hash, "SELECT hash FROM log_params WHERE id = 1", "");
}

int tlog_params_put(store_conn *c, arena *a, const char *hash, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO log_params (id, hash, created_at) VALUES (1, $1, $2)", "ti",
	               hash, now);
}

int tlog_lock(store_conn *c, err *e)
{
	return c->drv->lock_chain(c, e);
}

int tlog_size(store_conn *c, arena *a, int64_t *n, err *e)
{
	return store_count(c, a, e, n, "SELECT COALESCE(max(idx) + 1, 0) FROM log_leaves", "");
}

int tlog_leaf_put(store_conn *c, arena *a, int64_t idx, const char *input, const char *hash,
                  const char *type, const char *kind, int64_t event_seq, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO log_leaves (idx, leaf_input, leaf_hash, type, kind, event_seq, "
	               "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	               "itttti"
	               "i",
	               idx, input, hash, type, kind, event_seq, now);
}

int tlog_leaves(store_conn *c, arena *a, int64_t start, int64_t end, store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT idx, leaf_input, leaf_hash FROM log_leaves WHERE idx >= $1 AND idx < "
	    "$2 ORDER BY idx",
	    "ii", start, end);
}

int tlog_leaf_find(store_conn *c, arena *a, const char *hash, int64_t size, int64_t *idx, err *e)
{
	return store_int(
	    c, a, e, idx,
	    "SELECT idx FROM log_leaves WHERE leaf_hash = $1 AND idx < $2 ORDER BY idx "
	    "LIMIT 1",
	    "ti", hash, size);
}

int tlog_leaves_of_subject(store_conn *c, arena *a, const char *type, const char *id,
                           store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT l.idx, l.kind, l.event_seq FROM log_leaves l JOIN events v ON v.seq = "
	    "l.event_seq WHERE l.type = 'record' AND v.subject_type = $1 AND "
	    "v.subject_id = $2 ORDER BY l.idx",
	    "tt", type, id);
}

STORE_ROW(tlog_last_anchor, "SELECT idx, event_seq, created_at FROM log_leaves WHERE type = "
                            "'chain_head' ORDER BY idx DESC LIMIT 1")

/* ---- the store as the tree's source ---- */

static int hash_of(int found, const char *hex, tlog_source_ctx *x, uint8_t out[MERKLE_HASH_SIZE])
{
	if (found < 0)
		return -1;
	if (found == 0)
		return 0;
	if (merkle_unhex(hex, out) < 0)
		return err_set(x->e, 500, "store_error", NULL,
		               "The transparency log holds a malformed hash.");
	return 1;
}

static int source_leaf(void *ctx, uint64_t index, uint8_t out[MERKLE_HASH_SIZE])
{
	tlog_source_ctx *x = ctx;
	const char *hex;
	int found =
	    store_text(x->c, x->a, x->e, &hex, "SELECT leaf_hash FROM log_leaves WHERE idx = $1",
	               "i", (int64_t)index);
	int rc = hash_of(found, hex, x, out);
	if (rc == 0)
		return err_set(x->e, 500, "store_error", NULL,
		               "A leaf of the transparency log is missing.");
	return rc < 0 ? -1 : 0;
}

static int source_node(void *ctx, unsigned level, uint64_t index, uint8_t out[MERKLE_HASH_SIZE])
{
	tlog_source_ctx *x = ctx;
	const char *hex;
	int found = store_text(x->c, x->a, x->e, &hex,
	                       "SELECT hash FROM log_nodes WHERE level = $1 AND idx = $2", "ii",
	                       (int64_t)level, (int64_t)index);
	return hash_of(found, hex, x, out);
}

void tlog_source(merkle_source *src, merkle_alg alg, tlog_source_ctx *ctx)
{
	*src = (merkle_source){alg, source_leaf, source_node, ctx};
}

int tlog_node_keep(void *ctx, unsigned level, uint64_t index, const uint8_t root[MERKLE_HASH_SIZE])
{
	tlog_source_ctx *x = ctx;
	char hex[MERKLE_HEX_SIZE];
	merkle_hex(root, hex);
	return store_q(x->c, x->a, x->e, NULL,
	               "INSERT INTO log_nodes (level, idx, hash) VALUES ($1, $2, $3) ON CONFLICT "
	               "(level, idx) DO NOTHING",
	               "iit", (int64_t)level, (int64_t)index, hex);
}

/* ---- heads ---- */

int tlog_head_put(store_conn *c, arena *a, const tlog_head_row *h, err *e)
{
	return store_q(
	    c, a, e, NULL,
	    "INSERT INTO log_heads (tree_size, timestamp_ms, root_hash, hash, algorithm, "
	    "public_key, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	    "iittttt", h->tree_size, h->timestamp_ms, h->root_hash, h->hash, h->algorithm,
	    h->public_key, h->signature);
}

int tlog_head_get(store_conn *c, arena *a, int64_t size, store_result **out, err *e)
{
	return store_found(
	    store_q(c, a, e, out,
	            "SELECT tree_size, timestamp_ms, root_hash, hash, algorithm, "
	            "public_key, signature FROM log_heads WHERE $1 < 0 OR tree_size = "
	            "$1 ORDER BY tree_size DESC LIMIT 1",
	            "i", size),
	    out);
}

int tlog_cosignatures_of(store_conn *c, arena *a, int64_t size, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT w.name AS witness, w.algorithm, w.public_key, s.signature, "
	               "s.signed_at FROM log_cosignatures s JOIN log_witnesses w ON w.id = "
	               "s.witness_id WHERE s.tree_size = $1 ORDER BY s.signed_at, w.id",
	               "i", size);
}

/* ---- witnesses ---- */

int tlog_witness_put(store_conn *c, arena *a, const char *name, const char *algorithm,
                     const char *public_key, int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO log_witnesses (name, algorithm, public_key, added_at) VALUES "
	                 "($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING id",
	                 "ttti", name, algorithm, public_key, now);
}

int tlog_witness_by_name(store_conn *c, arena *a, const char *name, store_result **out, err *e)
{
	return store_found(store_q(c, a, e, out,
	                           "SELECT id, name, algorithm, public_key, added_at FROM "
	                           "log_witnesses WHERE name = $1",
	                           "t", name),
	                   out);
}

int tlog_witnesses(store_conn *c, arena *a, store_result **out, err *e)
{
	return store_q(
	    c, a, e, out,
	    "SELECT id, name, algorithm, public_key, added_at FROM log_witnesses ORDER BY "
	    "id",
	    "");
}

int tlog_cosignature_put(store_conn *c, arena *a, int64_t size, int64_t witness_id,
                         const char *signature, int64_t now, err *e)
{
	return store_wrote(c, a, e,
	                   "INSERT INTO log_cosignatures (tree_size, witness_id, signature, "
	                   "signed_at) VALUES ($1, $2, $3, $4) ON CONFLICT (tree_size, witness_id) "
	                   "DO NOTHING RETURNING tree_size",
	                   "iiti", size, witness_id, signature, now);
}

int tlog_cosignature_get(store_conn *c, arena *a, int64_t size, int64_t witness_id,
                         store_result **out, err *e)
{
	return store_found(store_q(c, a, e, out,
	                           "SELECT signature, signed_at FROM log_cosignatures WHERE "
	                           "tree_size = $1 AND witness_id = $2",
	                           "ii", size, witness_id),
	                   out);
}
