/* The public transparency log's rows (migration 0017): its leaves, the cache of complete
 * subtree roots, the signed tree heads, the witnesses and their cosignatures. Every write runs
 * inside the caller's write transaction, which already holds the chain's lock (begin(write)
 * takes it on PostgreSQL; SQLite has one writer): leaf indexes stay dense and unique across
 * nodes, as event seqs do. Hashes are kept as 64 lower-case hex digits. */
#ifndef BAOTU_STORE_TLOG_H
#define BAOTU_STORE_TLOG_H
#include "lib/merkle.h"
#include "store/store.h"

/* The tree's hash ("sha256", "sm3"), fixed with the first leaf: 1 and *hash, 0 when the log has
 * none yet, -1. */
int tlog_params_get(store_conn *c, arena *a, const char **hash, err *e);
int tlog_params_put(store_conn *c, arena *a, const char *hash, int64_t now, err *e);

/* The chain's write lock (events_append's), taken before the size is read: appends from any
 * node are serialised, as the chain's are (a no-op when the transaction holds it already). */
int tlog_lock(store_conn *c, err *e);
/* The number of leaves. */
int tlog_size(store_conn *c, arena *a, int64_t *n, err *e);
/* Leaf IDX (the next index: tlog_size's). type "record" or "chain_head"; kind NULL for an
 * anchor. */
int tlog_leaf_put(store_conn *c, arena *a, int64_t idx, const char *input, const char *hash,
                  const char *type, const char *kind, int64_t event_seq, int64_t now, err *e);
/* Leaves START to END (excluded), ascending: columns idx, leaf_input, leaf_hash. */
int tlog_leaves(store_conn *c, arena *a, int64_t start, int64_t end, store_result **out, err *e);
/* The first index below SIZE whose leaf hash is HASH: 1 and *idx, 0 when none, -1. */
int tlog_leaf_find(store_conn *c, arena *a, const char *hash, int64_t size, int64_t *idx, err *e);
/* The record leaves of one subject's events (SUBJECT "project:7"), ascending: columns idx,
 * kind, event_seq. */
int tlog_leaves_of_subject(store_conn *c, arena *a, const char *type, const char *id,
                           store_result **out, err *e);
/* The newest anchor leaf: columns idx, event_seq, created_at; 1, 0 when none, -1. */
int tlog_last_anchor(store_conn *c, arena *a, store_result **out, err *e);


/* The store as a merkle_source over its leaves and cached subtrees (reads in arena A; the
 * first store error is kept in E). CTX is the caller's storage for the source's state. */
typedef struct tlog_source_ctx {
	store_conn *c;
	arena *a;
	err *e;
} tlog_source_ctx;
void tlog_source(merkle_source *src, merkle_alg alg, tlog_source_ctx *ctx);
/* A merkle_frontier_append on_node callback keeping a completed subtree (ctx: tlog_source_ctx). */
int tlog_node_keep(void *ctx, unsigned level, uint64_t index, const uint8_t root[MERKLE_HASH_SIZE]);

/* Heads: columns tree_size, timestamp, root_hash, hash, algorithm, public_key, signature. */
typedef struct tlog_head_row {
	int64_t tree_size;
	int64_t timestamp_ms;
	const char *root_hash, *hash, *algorithm, *public_key, *signature;
} tlog_head_row;
int tlog_head_put(store_conn *c, arena *a, const tlog_head_row *h, err *e);
/* The head of SIZE, or the newest when SIZE < 0: 1, 0 when none, -1. */
int tlog_head_get(store_conn *c, arena *a, int64_t size, store_result **out, err *e);
/* The cosignatures of the head of SIZE, oldest first: columns witness, algorithm, public_key,
 * signature, signed_at. */
int tlog_cosignatures_of(store_conn *c, arena *a, int64_t size, store_result **out, err *e);

/* Witnesses: columns id, name, algorithm, public_key, added_at. Insert: 1, 0 when the name is
 * taken, -1. */
int tlog_witness_put(store_conn *c, arena *a, const char *name, const char *algorithm,
                     const char *public_key, int64_t now, int64_t *id, err *e);
int tlog_witness_by_name(store_conn *c, arena *a, const char *name, store_result **out, err *e);
int tlog_witnesses(store_conn *c, arena *a, store_result **out, err *e);
/* A cosignature: 1 when stored, 0 when the witness had co-signed that size already, -1. */
int tlog_cosignature_put(store_conn *c, arena *a, int64_t size, int64_t witness_id,
                         const char *signature, int64_t now, err *e);
/* The cosignature of one witness on one head (column signature, signed_at): 1, 0, -1. */
int tlog_cosignature_get(store_conn *c, arena *a, int64_t size, int64_t witness_id,
                         store_result **out, err *e);
#endif
