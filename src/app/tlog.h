/* The public transparency log (docs/TRANSPARENCY.md): what the working group published
 * (notices, launches, outcomes, exits, recognitions) as the leaves of an RFC 9162 Merkle tree,
 * each followed by an anchor of the private event chain, with a signed tree head for every size
 * the log rests at, so that anyone can check, without trusting the operator, that no record was
 * quietly rewritten or withdrawn. The leaves are appended by the event append itself
 * (app_event_named), in the transaction of the event; here are the start, the public reads,
 * the witnesses and the periodic anchor. */
#ifndef BAOTU_APP_TLOG_H
#define BAOTU_APP_TLOG_H
#include <stddef.h>

#include "app/app.h"

/* The settings row: seconds between periodic anchors of the chain, when it has moved. */
#define TLOG_ANCHOR_SETTING "log_anchor_interval"
#define TLOG_ANCHOR_DEFAULT_S 3600
/* Leaves per GET /api/v1/log/leaves. */
#define TLOG_LEAVES_MAX 1000

/* At the start of `baotu serve`: the signing key from KEY_PATH (NULL: none; the log then appends
 * leaves without signing heads). Refuses a key whose family does not match the tree's hash,
 * fixed at the first leaf (an SM2 key signs an SM3 tree, Ed25519 a SHA-256 one), and signs a
 * head for the current size when the log grew while no key signed. 0, or -1 with a sentence for
 * the operator in MSG. */
int tlog_start(app *ap, const char *key_path, char *msg, size_t msg_size);
/* Forgets the key (at the end of serve). */
void tlog_stop(void);

/* The head of SIZE (404 when the log never rested there), or the newest when SIZE < 0; 503
 * log_unsigned when no key is configured. */
json_t *tlog_head(app *ap, arena *a, int64_t size, err *e);
/* An inclusion proof in the tree of TREE_SIZE leaves, of leaf LEAF_INDEX, or (LEAF_INDEX < 0)
 * of the first leaf whose hash is LEAF_HASH (hex). */
json_t *tlog_inclusion(app *ap, arena *a, int64_t tree_size, int64_t leaf_index,
                       const char *leaf_hash, err *e);
json_t *tlog_consistency(app *ap, arena *a, int64_t first, int64_t second, err *e);
/* Leaves START to END (excluded; cut to the size and to TLOG_LEAVES_MAX). */
json_t *tlog_leaves_get(app *ap, arena *a, int64_t start, int64_t end, err *e);

/* Witnesses: an administrator registers one ({"name","algorithm","public_key"}); the CSRC
 * submits a witness's cosignature of a stored head ({"tree_size","witness","signature"}). */
int tlog_witness_add(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e);
json_t *tlog_witness_list(app *ap, arena *a, err *e);
int tlog_cosign(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e);

/* The record leaves of one subject (a project): [{"leaf_index","kind","seq"}], for the public
 * pages. */
json_t *tlog_subject_leaves(app *ap, arena *a, const char *type, int64_t id, err *e);

/* The scheduler's sweep: an anchor of the chain's head when TLOG_ANCHOR_SETTING seconds have
 * passed since the last one and the chain has moved. */
int tlog_anchor_due(app *ap, arena *a, int64_t now, int *done, err *e);
#endif
