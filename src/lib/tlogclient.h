/* tlogclient: what an outsider checks of the public transparency log (docs/TRANSPARENCY.md),
 * and the monitor's state file. The caller fetches; this module only judges what it is handed
 * (jansson values as the log's API gives them), so every check runs on canned answers too.
 *
 * The checks, in the order `baotu log monitor` makes them:
 *   - a head is well formed (tlog_head_parse) and signed by the key the state trusts
 *     (tlog_head_trust; on first use the state takes the key the head names);
 *   - the new head extends the last one seen (tlog_check_consistency): a smaller size is a
 *     rollback, the same size with another root or a proof that does not verify a split view;
 *   - each new leaf is the one asked for and its leaf_hash is H(0x00 || leaf_input)
 *     (tlog_leaf_check), appended to the state's frontier, whose root must then be the new
 *     head's (tlog_frontier_matches); anchors ("type":"chain_head") join the state
 *     (tlog_state_add_anchor), the chain's seq never going back;
 *   - sampled inclusion proofs lead to the new root (tlog_check_inclusion);
 *   - cosignatures verify under the witness keys the log lists (tlog_check_cosignature).
 *
 * Every check returns 0, or -1 with one English sentence in WHY naming what disagrees (the
 * sizes, the roots, the leaf), which the command prints as it is. */
#ifndef BAOTU_LIB_TLOGCLIENT_H
#define BAOTU_LIB_TLOGCLIENT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/logsign.h"
#include "lib/merkle.h"

#define TLOG_WHY_MAX 512
#define TLOG_LEAVES_PAGE 1000 /* the most leaves one GET .../leaves answers */

/* A signed tree head as GET /api/v1/log/head gives it. */
typedef struct tlog_head {
	logsign_head h;
	logsign_alg alg;
	char public_key[LOGSIGN_PUB_MAX];
	char signature[LOGSIGN_SIG_MAX];
	json_t *json; /* the object as served, cosignatures included; owned (a reference) */
} tlog_head;

/* One anchor of the private event chain found in the log. */
typedef struct tlog_anchor {
	uint64_t leaf_index;
	int64_t chain_seq;
	char chain_hash[MERKLE_HEX_SIZE];
} tlog_anchor;

/* The monitor's state file (the contract's form, docs/TRANSPARENCY.md). */
typedef struct tlog_state {
	char *url; /* the log's base URL; malloc'd */
	bool has_key;
	logsign_alg alg;
	char log_public_key[LOGSIGN_PUB_MAX];
	bool has_head;
	merkle_alg hash;
	tlog_head head;
	tlog_anchor *anchors; /* ascending chain_seq */
	size_t nanchors, anchors_cap;
	/* the right edge of the tree of head.h.tree_size leaves; has_frontier false when a state
	 * came without one (the leaves are then read again from the first) */
	bool has_frontier;
	merkle_frontier frontier;
} tlog_state;

void tlog_state_init(tlog_state *s, const char *url);
void tlog_state_free(tlog_state *s);
/* Reads a state file's text into S (initialised here): refused with WHY unless it is the
 * contract's object, its head signed by the key it names, its frontier (when present) the
 * head's root, its anchors ascending. */
int tlog_state_parse(tlog_state *s, const char *text, size_t len, char why[TLOG_WHY_MAX]);
/* The state's text (one JSON object, keys sorted, a final newline); malloc'd. */
char *tlog_state_dump(const tlog_state *s);

/* A head object as served: tree_size, timestamp, root_hash, hash, algorithm, public_key,
 * signature (cosignatures are left in OUT->json for tlog_check_cosignature). */
int tlog_head_parse(const json_t *o, tlog_head *out, char why[TLOG_WHY_MAX]);
void tlog_head_free(tlog_head *h);
/* A copy sharing the JSON (a new reference). */
void tlog_head_copy(tlog_head *dst, const tlog_head *src);

/* The head must be of the state's hash and signed by the key the state trusts. A state with
 * no key yet takes the head's (trust on first use), or PINNED's when not NULL (a key given
 * on the command line: base64, of the head's algorithm), which a state's own key must equal. */
int tlog_head_trust(tlog_state *s, const tlog_head *h, const char *pinned, char why[TLOG_WHY_MAX]);

/* The hex elements of a proof (a JSON array) into PROOF; LABEL names it in WHY. */
int tlog_proof_parse(const json_t *arr, uint8_t proof[][MERKLE_HASH_SIZE], size_t *len,
                     const char *label, char why[TLOG_WHY_MAX]);

/* NEW extends OLD: NEW's size is not smaller; the same size has the same root; else the
 * consistency answer CONS ({"first","second","consistency":[...]}, NULL when OLD's size is 0)
 * proves OLD a prefix of NEW. */
int tlog_check_consistency(const tlog_head *old, const tlog_head *new, const json_t *cons,
                           char why[TLOG_WHY_MAX]);

/* The head the log stores for the size of SEEN (GET /api/v1/log/heads/{size}, STORED) must
 * have SEEN's root: a log that answers another root for a size to those who ask later shows
 * them another history. */
int tlog_check_stored_head(const tlog_head *seen, const json_t *stored, char why[TLOG_WHY_MAX]);

/* One element of GET .../leaves: its leaf_index must be INDEX and its leaf_hash
 * H(0x00 || leaf_input); the hash into HASH. A leaf of type chain_head is parsed into *ANCHOR
 * and *IS_ANCHOR set. */
int tlog_leaf_check(merkle_alg alg, const json_t *leaf, uint64_t index,
                    uint8_t hash[MERKLE_HASH_SIZE], tlog_anchor *anchor, bool *is_anchor,
                    char why[TLOG_WHY_MAX]);

/* Appends an anchor found at a later leaf. The chain only grows: an anchor of a smaller seq
 * than the last, or of the same seq with another hash, means the chain was rewritten between
 * them (WHY names both leaves); the same seq and hash again is kept once. */
int tlog_state_add_anchor(tlog_state *s, const tlog_anchor *a, char why[TLOG_WHY_MAX]);

/* The frontier's root must be H's root_hash. */
int tlog_frontier_matches(const merkle_frontier *f, const tlog_head *h, char why[TLOG_WHY_MAX]);

/* An inclusion answer ({"tree_size","leaf_index","leaf_hash","audit_path"}) for the leaf at
 * INDEX, whose hash the caller computed (LEAF_HASH), leads to H's root. */
int tlog_check_inclusion(const tlog_head *h, uint64_t index,
                         const uint8_t leaf_hash[MERKLE_HASH_SIZE], const json_t *proof,
                         char why[TLOG_WHY_MAX]);

/* One element of H's cosignatures: its witness must be one of WITNESSES (the answer of GET
 * /api/v1/log/witnesses: an array, or an object holding one under "witnesses" or "items"),
 * with the same algorithm and key, and its signature that of H's head text. The witness's
 * name is left in *NAME (borrowed from COSIG). */
int tlog_check_cosignature(const tlog_head *h, const json_t *cosig, const json_t *witnesses,
                           const char **name, char why[TLOG_WHY_MAX]);

#endif
