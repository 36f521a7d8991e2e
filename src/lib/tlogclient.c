#include "lib/tlogclient.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oom.h"

__attribute__((format(printf, 2, 3))) static int fail(char why[TLOG_WHY_MAX], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, TLOG_WHY_MAX, fmt, ap);
	va_end(ap);
	return -1;
}

/* A JSON integer in 0 .. max. */
static int get_uint(const json_t *o, const char *key, uint64_t max, uint64_t *out)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) > max)
		return -1;
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static const char *get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A string that fits, with its NUL, in CAP bytes. */
static int get_str_into(const json_t *o, const char *key, char *dst, size_t cap)
{
	const char *s = get_str(o, key);
	if (!s || !*s || strlen(s) >= cap)
		return -1;
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int get_hash(const json_t *o, const char *key, uint8_t out[MERKLE_HASH_SIZE])
{
	const char *s = get_str(o, key);
	return s && merkle_unhex(s, out) == 0 ? 0 : -1;
}

/* The hex text of the first bytes of a hash (a short form for messages would hide which
 * bytes differ: the whole of it is printed). */
typedef struct hexs {
	char s[MERKLE_HEX_SIZE];
} hexs;

static hexs hx(const uint8_t h[MERKLE_HASH_SIZE])
{
	hexs r;
	merkle_hex(h, r.s);
	return r;
}

/* ---- heads ---- */

int tlog_head_parse(const json_t *o, tlog_head *out, char why[TLOG_WHY_MAX])
{
	memset(out, 0, sizeof *out);
	if (!json_is_object(o))
		return fail(why, "the head is not a JSON object");
	uint64_t size, ts;
	if (get_uint(o, "tree_size", LOGSIGN_INT_MAX, &size) < 0)
		return fail(why, "the head has no tree_size in 0 .. 2^53 - 1");
	if (get_uint(o, "timestamp", LOGSIGN_INT_MAX, &ts) < 0)
		return fail(why, "the head has no timestamp in 0 .. 2^53 - 1");
	if (get_hash(o, "root_hash", out->h.root_hash) < 0)
		return fail(why, "the head's root_hash is not 64 hex digits");
	const char *hash = get_str(o, "hash");
	if (!hash || merkle_alg_parse(hash, &out->h.hash) < 0)
		return fail(why, "the head's hash is neither sha256 nor sm3");
	const char *alg = get_str(o, "algorithm");
	if (!alg || logsign_alg_parse(alg, &out->alg) < 0)
		return fail(why, "the head's algorithm is neither ed25519 nor sm2");
	if (get_str_into(o, "public_key", out->public_key, sizeof out->public_key) < 0)
		return fail(why, "the head has no valid public_key");
	if (get_str_into(o, "signature", out->signature, sizeof out->signature) < 0)
		return fail(why, "the head has no valid signature");
	json_t *cos = json_object_get(o, "cosignatures");
	if (cos && !json_is_array(cos))
		return fail(why, "the head's cosignatures is not an array");
	out->h.tree_size = size;
	out->h.timestamp_ms = (int64_t)ts;
	out->json = json_incref((json_t *)o);
	return 0;
}

void tlog_head_free(tlog_head *h)
{
	json_decref(h->json);
	h->json = NULL;
}

void tlog_head_copy(tlog_head *dst, const tlog_head *src)
{
	*dst = *src;
	json_incref(dst->json);
}

int tlog_head_trust(tlog_state *s, const tlog_head *h, const char *pinned, char why[TLOG_WHY_MAX])
{
	const char *hash = merkle_alg_name(h->h.hash);
	if (s->has_head && h->h.hash != s->hash)
		return fail(why, "the head is of a %s tree, the log seen before uses %s", hash,
		            merkle_alg_name(s->hash));
	const char *want = s->has_key ? s->log_public_key : pinned;
	if (s->has_key && pinned && strcmp(pinned, s->log_public_key))
		return fail(why, "the log's key in the state (%s) is not the key given (%s)",
		            s->log_public_key, pinned);
	if (want && (strcmp(want, h->public_key) || (s->has_key && s->alg != h->alg)))
		return fail(why,
		            "another key: the head of size %" PRIu64 " is signed by %s %s, the "
		            "log's key is %s %s",
		            h->h.tree_size, logsign_alg_name(h->alg), h->public_key,
		            logsign_alg_name(s->has_key ? s->alg : h->alg), want);
	if (logsign_verify_head(h->alg, h->public_key, &h->h, h->signature) < 0)
		return fail(why,
		            "bad signature: the head of size %" PRIu64 " (root %s) does not verify "
		            "under the log's key %s",
		            h->h.tree_size, hx(h->h.root_hash).s, h->public_key);
	if (!s->has_key) {
		s->has_key = true;
		s->alg = h->alg;
		memcpy(s->log_public_key, h->public_key, sizeof s->log_public_key);
		s->hash = h->h.hash;
	}
	return 0;
}

/* ---- proofs ---- */

int tlog_proof_parse(const json_t *arr, uint8_t proof[][MERKLE_HASH_SIZE], size_t *len,
                     const char *label, char why[TLOG_WHY_MAX])
{
	if (!json_is_array(arr))
		return fail(why, "the %s is not an array", label);
	size_t n = json_array_size(arr);
	if (n > MERKLE_PROOF_MAX)
		return fail(why, "the %s has %zu elements, more than any tree has", label, n);
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_array_get(arr, i));
		if (!t || merkle_unhex(t, proof[i]) < 0)
			return fail(why, "element %zu of the %s is not 64 hex digits", i, label);
	}
	*len = n;
	return 0;
}

int tlog_check_consistency(const tlog_head *old, const tlog_head *new, const json_t *cons,
                           char why[TLOG_WHY_MAX])
{
	uint64_t m = old->h.tree_size, n = new->h.tree_size;
	if (n < m)
		return fail(why,
		            "rollback (or split view): the log's head has size %" PRIu64
		            ", smaller "
		            "than the size %" PRIu64 " seen before (root %s)",
		            n, m, hx(old->h.root_hash).s);
	if (n == m) {
		if (memcmp(old->h.root_hash, new->h.root_hash, MERKLE_HASH_SIZE))
			return fail(why,
			            "split view: the log at size %" PRIu64 " has root %s, the head "
			            "seen before at that size has %s",
			            n, hx(new->h.root_hash).s, hx(old->h.root_hash).s);
		return 0;
	}
	if (m == 0)
		return 0; /* the empty tree is a prefix of every tree */
	uint64_t first, second;
	if (!json_is_object(cons) || get_uint(cons, "first", UINT64_MAX, &first) < 0 ||
	    get_uint(cons, "second", UINT64_MAX, &second) < 0 || first != m || second != n)
		return fail(why,
		            "the log answered a consistency proof of other sizes than %" PRIu64
		            " and %" PRIu64,
		            m, n);
	uint8_t proof[MERKLE_PROOF_MAX][MERKLE_HASH_SIZE];
	size_t len;
	if (tlog_proof_parse(json_object_get(cons, "consistency"), proof, &len, "consistency proof",
	                     why) < 0)
		return -1;
	if (merkle_verify_consistency(new->h.hash, m, n, old->h.root_hash, new->h.root_hash,
	                              (const uint8_t(*)[MERKLE_HASH_SIZE])proof, len) < 0)
		return fail(why,
		            "inconsistent (split view or rewritten history): the head of size "
		            "%" PRIu64 " (root %s) does not extend the head of size %" PRIu64
		            " seen before (root %s): the consistency proof does not verify",
		            n, hx(new->h.root_hash).s, m, hx(old->h.root_hash).s);
	return 0;
}

int tlog_check_stored_head(const tlog_head *seen, const json_t *stored, char why[TLOG_WHY_MAX])
{
	tlog_head h;
	char hwhy[TLOG_WHY_MAX];
	if (tlog_head_parse(stored, &h, hwhy) < 0)
		return fail(why, "the log's stored head of size %" PRIu64 ": %s", seen->h.tree_size,
		            hwhy);
	int rc = 0;
	if (h.h.tree_size != seen->h.tree_size)
		rc = fail(why, "the log answered its head of size %" PRIu64 " for size %" PRIu64,
		          h.h.tree_size, seen->h.tree_size);
	else if (memcmp(h.h.root_hash, seen->h.root_hash, MERKLE_HASH_SIZE))
		rc = fail(why,
		          "split view: the log's stored head of size %" PRIu64 " has root %s, the "
		          "head seen before at that size has %s",
		          h.h.tree_size, hx(h.h.root_hash).s, hx(seen->h.root_hash).s);
	tlog_head_free(&h);
	return rc;
}

int tlog_check_inclusion(const tlog_head *h, uint64_t index,
                         const uint8_t leaf_hash[MERKLE_HASH_SIZE], const json_t *proof,
                         char why[TLOG_WHY_MAX])
{
	uint64_t size, idx;
	uint8_t served[MERKLE_HASH_SIZE];
	if (!json_is_object(proof) || get_uint(proof, "tree_size", UINT64_MAX, &size) < 0 ||
	    get_uint(proof, "leaf_index", UINT64_MAX, &idx) < 0 || size != h->h.tree_size ||
	    idx != index)
		return fail(why,
		            "the log answered an inclusion proof of another leaf or size than leaf "
		            "%" PRIu64 " of %" PRIu64,
		            index, h->h.tree_size);
	if (get_hash(proof, "leaf_hash", served) < 0 || memcmp(served, leaf_hash, MERKLE_HASH_SIZE))
		return fail(why,
		            "the inclusion proof of leaf %" PRIu64 " names another leaf_hash than "
		            "the leaf's, %s",
		            index, hx(leaf_hash).s);
	uint8_t path[MERKLE_PROOF_MAX][MERKLE_HASH_SIZE];
	size_t len;
	if (tlog_proof_parse(json_object_get(proof, "audit_path"), path, &len, "audit path", why) <
	    0)
		return -1;
	if (merkle_verify_inclusion(h->h.hash, index, size, leaf_hash,
	                            (const uint8_t(*)[MERKLE_HASH_SIZE])path, len,
	                            h->h.root_hash) < 0)
		return fail(why,
		            "the inclusion proof of leaf %" PRIu64 " does not lead to the root %s "
		            "of size %" PRIu64,
		            index, hx(h->h.root_hash).s, size);
	return 0;
}

/* ---- leaves and anchors ---- */

static int anchor_parse(const json_t *o, tlog_anchor *a)
{
	uint64_t seq;
	const char *hash = get_str(o, "chain_hash");
	uint8_t bytes[MERKLE_HASH_SIZE];
	if (get_uint(o, "chain_seq", INT64_MAX, &seq) < 0 || seq == 0 || !hash ||
	    merkle_unhex(hash, bytes) < 0)
		return -1;
	a->chain_seq = (int64_t)seq;
	merkle_hex(bytes, a->chain_hash);
	/* the events table keeps the hash as lower-case hex: an upper-case one would not match */
	return strcmp(a->chain_hash, hash) ? -1 : 0;
}

int tlog_leaf_check(merkle_alg alg, const json_t *leaf, uint64_t index,
                    uint8_t hash[MERKLE_HASH_SIZE], tlog_anchor *anchor, bool *is_anchor,
                    char why[TLOG_WHY_MAX])
{
	*is_anchor = false;
	uint64_t idx;
	if (!json_is_object(leaf) || get_uint(leaf, "leaf_index", UINT64_MAX, &idx) < 0)
		return fail(why,
		            "the log answered a leaf without a leaf_index where leaf %" PRIu64
		            " was asked for",
		            index);
	if (idx != index)
		return fail(
		    why, "the log answered leaf %" PRIu64 " where leaf %" PRIu64 " was asked for",
		    idx, index);
	json_t *in = json_object_get(leaf, "leaf_input");
	uint8_t served[MERKLE_HASH_SIZE];
	if (!json_is_string(in))
		return fail(why, "leaf %" PRIu64 " has no leaf_input", index);
	if (get_hash(leaf, "leaf_hash", served) < 0)
		return fail(why, "leaf %" PRIu64 ": its leaf_hash is not 64 hex digits", index);
	const char *text = json_string_value(in);
	size_t len = json_string_length(in);
	if (merkle_leaf_hash(alg, text, len, hash) < 0)
		return fail(why, "leaf %" PRIu64 ": the hash function failed", index);
	if (memcmp(served, hash, MERKLE_HASH_SIZE))
		return fail(why,
		            "bad leaf hash: leaf %" PRIu64 " has leaf_hash %s, but H(0x00 || "
		            "leaf_input) is %s",
		            index, hx(served).s, hx(hash).s);
	json_error_t je;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	const char *type = json_is_object(o) ? get_str(o, "type") : NULL;
	if (!type) {
		json_decref(o);
		return fail(why,
		            "leaf %" PRIu64 ": its leaf_input is not a JSON object with a type",
		            index);
	}
	if (!strcmp(type, "chain_head")) {
		if (anchor_parse(o, anchor) < 0) {
			json_decref(o);
			return fail(why,
			            "leaf %" PRIu64
			            ": a chain_head without a chain_seq above 0 and a "
			            "chain_hash of 64 lower-case hex digits",
			            index);
		}
		anchor->leaf_index = index;
		*is_anchor = true;
	}
	json_decref(o);
	return 0;
}

int tlog_state_add_anchor(tlog_state *s, const tlog_anchor *a, char why[TLOG_WHY_MAX])
{
	if (s->nanchors) {
		const tlog_anchor *last = &s->anchors[s->nanchors - 1];
		if (a->chain_seq < last->chain_seq)
			return fail(why,
			            "chain rewritten: leaf %" PRIu64 " anchors event %" PRId64
			            " after leaf %" PRIu64 " anchored event %" PRId64
			            ": the chain went back",
			            a->leaf_index, a->chain_seq, last->leaf_index, last->chain_seq);
		if (a->chain_seq == last->chain_seq) {
			if (strcmp(a->chain_hash, last->chain_hash))
				return fail(why,
				            "chain rewritten: leaf %" PRIu64
				            " anchors event %" PRId64 " with hash %s, leaf %" PRIu64
				            " anchored it with %s",
				            a->leaf_index, a->chain_seq, a->chain_hash,
				            last->leaf_index, last->chain_hash);
			return 0;
		}
	}
	if (s->nanchors == s->anchors_cap) {
		s->anchors_cap = s->anchors_cap ? 2 * s->anchors_cap : 16;
		s->anchors = realloc(s->anchors, s->anchors_cap * sizeof *s->anchors);
		if (!s->anchors)
			oom();
	}
	s->anchors[s->nanchors++] = *a;
	return 0;
}

int tlog_frontier_matches(const merkle_frontier *f, const tlog_head *h, char why[TLOG_WHY_MAX])
{
	uint8_t root[MERKLE_HASH_SIZE];
	if (f->size != h->h.tree_size || f->alg != h->h.hash || merkle_frontier_root(f, root) < 0)
		return fail(why, "%" PRIu64 " leaves were read for a head of size %" PRIu64,
		            f->size, h->h.tree_size);
	if (memcmp(root, h->h.root_hash, MERKLE_HASH_SIZE))
		return fail(why,
		            "the leaves do not rebuild the root: the %" PRIu64 " leaves the log "
		            "served give root %s, its head says %s",
		            f->size, hx(root).s, hx(h->h.root_hash).s);
	return 0;
}

/* ---- cosignatures ---- */

static const json_t *witness_list(const json_t *w)
{
	if (json_is_array(w))
		return w;
	const json_t *l = json_object_get(w, "witnesses");
	if (!json_is_array(l))
		l = json_object_get(w, "items");
	return json_is_array(l) ? l : NULL;
}

int tlog_check_cosignature(const tlog_head *h, const json_t *cosig, const json_t *witnesses,
                           const char **name, char why[TLOG_WHY_MAX])
{
	const char *who = get_str(cosig, "witness");
	const char *alg_text = get_str(cosig, "algorithm");
	const char *pub = get_str(cosig, "public_key");
	const char *sig = get_str(cosig, "signature");
	logsign_alg alg;
	*name = who;
	if (!who || !alg_text || logsign_alg_parse(alg_text, &alg) < 0 || !pub || !sig)
		return fail(why,
		            "a cosignature of the head of size %" PRIu64
		            " lacks its witness, algorithm, public_key or signature",
		            h->h.tree_size);
	const json_t *list = witness_list(witnesses);
	const json_t *found = NULL;
	size_t i;
	json_t *w;
	json_array_foreach(list, i, w)
	{
		const char *n = get_str(w, "name");
		if (n && !strcmp(n, who))
			found = w;
	}
	if (!found)
		return fail(why, "cosignature by %s: the log lists no such witness", who);
	const char *reg_alg = get_str(found, "algorithm");
	const char *reg_pub = get_str(found, "public_key");
	if (!reg_alg || !reg_pub || strcmp(reg_alg, alg_text) || strcmp(reg_pub, pub))
		return fail(why, "cosignature by %s: its key is not the one the log lists for %s",
		            who, who);
	if (logsign_verify_head(alg, pub, &h->h, sig) < 0)
		return fail(why,
		            "bad cosignature: the cosignature by %s does not verify over the head "
		            "of size %" PRIu64,
		            who, h->h.tree_size);
	return 0;
}

/* ---- the state file ---- */

void tlog_state_init(tlog_state *s, const char *url)
{
	memset(s, 0, sizeof *s);
	s->url = url ? strdup(url) : NULL;
	if (url && !s->url)
		oom();
	merkle_frontier_init(&s->frontier, MERKLE_SHA256);
}

void tlog_state_free(tlog_state *s)
{
	free(s->url);
	free(s->anchors);
	tlog_head_free(&s->head);
	memset(s, 0, sizeof *s);
}

static int frontier_parse(tlog_state *s, const json_t *arr, char why[TLOG_WHY_MAX])
{
	merkle_frontier *f = &s->frontier;
	merkle_frontier_init(f, s->hash);
	uint64_t size = s->head.h.tree_size;
	size_t want = (size_t)__builtin_popcountll(size), i = 0;
	if (!json_is_array(arr) || json_array_size(arr) != want)
		return fail(why,
		            "its frontier must hold %zu hashes for a tree of %" PRIu64 " leaves",
		            want, size);
	/* the complete subtrees from the largest (leftmost) to the smallest */
	for (int l = 63; l >= 0; l--) {
		if (!((size >> l) & 1))
			continue;
		const char *t = json_string_value(json_array_get(arr, i++));
		if (!t || merkle_unhex(t, f->node[l]) < 0)
			return fail(why, "its frontier holds something else than 64 hex digits");
	}
	f->size = size;
	s->has_frontier = true;
	return tlog_frontier_matches(f, &s->head, why) < 0
	           ? fail(why, "its frontier does not give the root of its head")
	           : 0;
}

int tlog_state_parse(tlog_state *s, const char *text, size_t len, char why[TLOG_WHY_MAX])
{
	tlog_state_init(s, NULL);
	json_error_t je;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	int rc = -1;
	if (!json_is_object(o)) {
		fail(why, "it is not a JSON object (line %d: %s)", je.line, je.text);
		goto out;
	}
	const char *url = get_str(o, "url");
	const char *alg = get_str(o, "algorithm");
	const char *hash = get_str(o, "hash");
	if (!url || !*url) {
		fail(why, "it has no url");
		goto out;
	}
	s->url = strdup(url);
	if (!s->url)
		oom();
	if (!alg || logsign_alg_parse(alg, &s->alg) < 0 || !hash ||
	    merkle_alg_parse(hash, &s->hash) < 0) {
		fail(why, "its algorithm or hash is not one of the log's");
		goto out;
	}
	if (get_str_into(o, "log_public_key", s->log_public_key, sizeof s->log_public_key) < 0) {
		fail(why, "it has no log_public_key");
		goto out;
	}
	s->has_key = true;
	char hwhy[TLOG_WHY_MAX];
	if (tlog_head_parse(json_object_get(o, "head"), &s->head, hwhy) < 0) {
		fail(why, "its head: %s", hwhy);
		goto out;
	}
	if (s->head.h.hash != s->hash || s->head.alg != s->alg ||
	    strcmp(s->head.public_key, s->log_public_key) ||
	    logsign_verify_head(s->alg, s->log_public_key, &s->head.h, s->head.signature) < 0) {
		fail(why, "its head is not signed by its log_public_key");
		goto out;
	}
	s->has_head = true;
	json_t *anchors = json_object_get(o, "anchors");
	if (!json_is_array(anchors)) {
		fail(why, "it has no anchors array");
		goto out;
	}
	size_t i;
	json_t *a;
	json_array_foreach(anchors, i, a)
	{
		tlog_anchor an;
		uint64_t idx;
		if (!json_is_object(a) || anchor_parse(a, &an) < 0 ||
		    get_uint(a, "leaf_index", LOGSIGN_INT_MAX, &idx) < 0 ||
		    idx >= s->head.h.tree_size) {
			fail(why,
			     "anchor %zu is not {leaf_index, chain_seq, chain_hash} of its tree",
			     i);
			goto out;
		}
		an.leaf_index = idx;
		if (s->nanchors && an.chain_seq <= s->anchors[s->nanchors - 1].chain_seq) {
			fail(why, "its anchors are not in ascending chain_seq (anchor %zu)", i);
			goto out;
		}
		if (tlog_state_add_anchor(s, &an, hwhy) < 0) {
			fail(why, "anchor %zu: %s", i, hwhy);
			goto out;
		}
	}
	json_t *frontier = json_object_get(o, "frontier");
	if (frontier && frontier_parse(s, frontier, why) < 0)
		goto out;
	rc = 0;
out:
	json_decref(o);
	if (rc < 0) {
		tlog_state_free(s);
		tlog_state_init(s, NULL);
	}
	return rc;
}

char *tlog_state_dump(const tlog_state *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "url", json_string(s->url ? s->url : ""));
	json_object_set_new(o, "log_public_key", json_string(s->log_public_key));
	json_object_set_new(o, "algorithm", json_string(logsign_alg_name(s->alg)));
	json_object_set_new(o, "hash", json_string(merkle_alg_name(s->hash)));
	if (s->head.json)
		json_object_set(o, "head", s->head.json);
	json_t *anchors = json_array();
	for (size_t i = 0; i < s->nanchors; i++)
		json_array_append_new(anchors,
		                      json_pack("{sI sI ss}", "leaf_index",
		                                (json_int_t)s->anchors[i].leaf_index, "chain_seq",
		                                (json_int_t)s->anchors[i].chain_seq, "chain_hash",
		                                s->anchors[i].chain_hash));
	json_object_set_new(o, "anchors", anchors);
	if (s->has_frontier) {
		json_t *f = json_array();
		for (int l = 63; l >= 0; l--)
			if ((s->frontier.size >> l) & 1)
				json_array_append_new(f, json_string(hx(s->frontier.node[l]).s));
		json_object_set_new(o, "frontier", f);
	}
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!text)
		oom();
	size_t n = strlen(text);
	char *out = realloc(text, n + 2);
	if (!out)
		oom();
	out[n] = '\n';
	out[n + 1] = '\0';
	return out;
}
