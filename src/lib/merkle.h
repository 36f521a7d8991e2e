/* merkle: the Merkle hash tree of RFC 9162 §2.1 (Certificate Transparency version 2.0), the
 * core of the public transparency log. Leaves are hashed H(0x00 || leaf), interior nodes
 * H(0x01 || left || right); the tree of n leaves splits at k, the largest power of two smaller
 * than n (§2.1.1). Inclusion proofs PATH(m, D[n]) (§2.1.3) and consistency proofs PROOF(m, D[n])
 * (§2.1.4) are generated here and verified with the RFC's own algorithms.
 *
 * Two hash functions, both with 32-byte digests: SHA-256 (nettle) and SM3 (GB/T 32905, through
 * OpenSSL 3's EVP "SM3").
 *
 * The tree is never held in memory. A caller hands the leaf hashes over by index through a
 * callback (merkle_source), and optionally the roots of complete subtrees it has kept (e.g. in
 * the store, as merkle_frontier_append reports them). Costs, in hash computations:
 *   - the root of n leaves from leaf hashes alone: n leaf lookups and n - 1 node hashes;
 *   - an inclusion or a consistency proof from leaf hashes alone: the same order (the proof's
 *     siblings together cover every leaf of the tree once);
 *   - with every complete subtree root available through merkle_source.node: O(log n) lookups
 *     for a root, O(log² n) at most for a proof;
 *   - verification: one node hash per proof element;
 *   - appending a leaf to a merkle_frontier: one node hash amortised, at most log2 n; its root
 *     at most log2 n more.
 * Memory is O(log n) throughout (the recursion's depth is at most 64).
 *
 * Functions return 0 (or a count) on success and -1 on failure: a bad argument, a callback's
 * -1, or a proof that does not verify. No I/O; thread-safe. */
#ifndef BAOTU_LIB_MERKLE_H
#define BAOTU_LIB_MERKLE_H
#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_SIZE 32
/* Elements of the longest proof this module makes or accepts: a path has at most 64 (one per
 * level of a tree of up to 2^64 leaves), a consistency proof at most 64 + 1. */
#define MERKLE_PROOF_MAX 65
#define MERKLE_HEX_SIZE (2 * MERKLE_HASH_SIZE + 1) /* 64 hex digits and the NUL */

typedef enum merkle_alg { MERKLE_SHA256 = 0, MERKLE_SM3 = 1 } merkle_alg;

/* "sha256" or "sm3" (NULL for a value outside the enum); parse takes the same names. */
const char *merkle_alg_name(merkle_alg alg);
int merkle_alg_parse(const char *name, merkle_alg *out);

/* H(data): the plain digest. H of nothing is the root of the empty tree, MTH({}). */
int merkle_hash(merkle_alg alg, const void *data, size_t len, uint8_t out[MERKLE_HASH_SIZE]);
/* The leaf hash H(0x00 || leaf) and the node hash H(0x01 || left || right). */
int merkle_leaf_hash(merkle_alg alg, const void *leaf, size_t len, uint8_t out[MERKLE_HASH_SIZE]);
int merkle_node_hash(merkle_alg alg, const uint8_t left[MERKLE_HASH_SIZE],
                     const uint8_t right[MERKLE_HASH_SIZE], uint8_t out[MERKLE_HASH_SIZE]);

/* The leaf hash of leaf INDEX (0-based) into OUT: 0, or -1 on an error of the caller's own
 * (the store failing), which every function here passes on. */
typedef int (*merkle_leaf_fn)(void *ctx, uint64_t index, uint8_t out[MERKLE_HASH_SIZE]);
/* The root of the complete subtree of 2^LEVEL leaves starting at leaf INDEX << LEVEL (LEVEL >=
 * 1), if the caller has it: 1 and OUT filled, 0 when it does not (it is then computed from
 * below), -1 on an error. Such a subtree never changes once its last leaf is in the log. */
typedef int (*merkle_node_fn)(void *ctx, unsigned level, uint64_t index,
                              uint8_t out[MERKLE_HASH_SIZE]);

/* Where the leaf hashes of a log come from. node may be NULL. */
typedef struct merkle_source {
	merkle_alg alg;
	merkle_leaf_fn leaf;
	merkle_node_fn node;
	void *ctx;
} merkle_source;

/* A merkle_leaf_fn over an array of leaf hashes in memory: CTX is a const uint8_t (*)[32]. */
int merkle_array_leaf(void *ctx, uint64_t index, uint8_t out[MERKLE_HASH_SIZE]);

/* MTH(D[begin:end]): the root of the tree whose leaves are those from BEGIN (included) to END
 * (excluded), split as the RFC splits any list (so the root of the whole tree, or of any
 * subtree of it that the RFC's recursion names). begin == end gives the empty tree's root. */
int merkle_subtree_root(const merkle_source *src, uint64_t begin, uint64_t end,
                        uint8_t out[MERKLE_HASH_SIZE]);
/* MTH(D[0:size]). */
int merkle_root(const merkle_source *src, uint64_t size, uint8_t out[MERKLE_HASH_SIZE]);

/* PATH(index, D[size]) (§2.1.3.1): the siblings from the leaf up to the root, into PROOF (room
 * for CAP elements; MERKLE_PROOF_MAX is always enough). Returns the element count, or -1 when
 * index >= size, on a callback's error, or when CAP is too small. */
int merkle_inclusion_proof(const merkle_source *src, uint64_t index, uint64_t size,
                           uint8_t proof[][MERKLE_HASH_SIZE], size_t cap);
/* PROOF(first, D[second]) (§2.1.4.1), 0 < first <= second (first == second gives the empty
 * proof; so does first == 0, which has nothing to prove). Returns the element count or -1, as
 * above (also when first > second). */
int merkle_consistency_proof(const merkle_source *src, uint64_t first, uint64_t second,
                             uint8_t proof[][MERKLE_HASH_SIZE], size_t cap);

/* The root that an inclusion proof of LEAF_HASH at INDEX in a tree of SIZE leaves leads to,
 * by the algorithm of §2.1.3.2: -1 when index >= size or the proof has too few or too many
 * elements for the shape of the tree. */
int merkle_root_from_inclusion(merkle_alg alg, uint64_t index, uint64_t size,
                               const uint8_t leaf_hash[MERKLE_HASH_SIZE],
                               const uint8_t proof[][MERKLE_HASH_SIZE], size_t len,
                               uint8_t root[MERKLE_HASH_SIZE]);
/* 0 when the proof shows LEAF_HASH at INDEX of the tree of SIZE leaves whose root is ROOT,
 * -1 otherwise. */
int merkle_verify_inclusion(merkle_alg alg, uint64_t index, uint64_t size,
                            const uint8_t leaf_hash[MERKLE_HASH_SIZE],
                            const uint8_t proof[][MERKLE_HASH_SIZE], size_t len,
                            const uint8_t root[MERKLE_HASH_SIZE]);
/* 0 when the proof shows that the tree of FIRST leaves with root FIRST_ROOT is a prefix of the
 * tree of SECOND leaves with root SECOND_ROOT (§2.1.4.2), -1 otherwise. first == second holds
 * with an empty proof and equal roots; first == 0 with an empty proof (the empty tree is a
 * prefix of every tree); first > second never. */
int merkle_verify_consistency(merkle_alg alg, uint64_t first, uint64_t second,
                              const uint8_t first_root[MERKLE_HASH_SIZE],
                              const uint8_t second_root[MERKLE_HASH_SIZE],
                              const uint8_t proof[][MERKLE_HASH_SIZE], size_t len);

/* The right edge of a growing log: the roots of the complete subtrees that make up a tree of
 * SIZE leaves (one per bit set in size; node[l] holds 2^l leaves), enough to append a leaf and
 * to give the current root without the leaves themselves. 2 KiB, no allocation. */
typedef struct merkle_frontier {
	merkle_alg alg;
	uint64_t size;
	uint8_t node[64][MERKLE_HASH_SIZE];
} merkle_frontier;

void merkle_frontier_init(merkle_frontier *f, merkle_alg alg);
/* The frontier of the first SIZE leaves of SRC (after a restart: log2 size subtree roots,
 * each from the source's cache or computed from its leaves). */
int merkle_frontier_load(merkle_frontier *f, const merkle_source *src, uint64_t size);
/* Appends LEAF_HASH. Each complete subtree this closes (level >= 1) is reported to ON_NODE, if
 * not NULL, with its level, index and root, in the terms of merkle_node_fn: what a caller keeps
 * to make later proofs cheap. ON_NODE returns 0, or -1 to fail the append (the frontier is then
 * unchanged). */
int merkle_frontier_append(merkle_frontier *f, const uint8_t leaf_hash[MERKLE_HASH_SIZE],
                           int (*on_node)(void *ctx, unsigned level, uint64_t index,
                                          const uint8_t root[MERKLE_HASH_SIZE]),
                           void *ctx);
/* MTH of the frontier's SIZE leaves. */
int merkle_frontier_root(const merkle_frontier *f, uint8_t out[MERKLE_HASH_SIZE]);

/* A hash as 64 lower-case hex digits and a NUL. */
void merkle_hex(const uint8_t h[MERKLE_HASH_SIZE], char out[MERKLE_HEX_SIZE]);
/* Exactly 64 hex digits (either case) into OUT: 0, or -1 on anything else. */
int merkle_unhex(const char *hex, uint8_t out[MERKLE_HASH_SIZE]);

#endif
