/* lib/tlogclient: the checks of `baotu log monitor` on canned answers of a log built here with
 * lib/merkle and lib/logsign (six leaves, an anchor at each odd index), and the state file:
 * its round trip, and every kind of damage refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/logsign.h"
#include "lib/merkle.h"
#include "lib/tlogclient.h"
#include "support.h"

#define N 6

static logsign_key *log_key, *other_key, *witness_key;
static char inputs[N][128];
static uint8_t hashes[N][MERKLE_HASH_SIZE];
static char why[TLOG_WHY_MAX];

/* Leaf I: an anchor of event I at odd indices (hash: the digit I repeated), else a record. */
static void make_leaves(uint8_t (*hs)[MERKLE_HASH_SIZE], char (*in)[128], int changed)
{
	for (int i = 0; i < N; i++) {
		if (i % 2) {
			char h[65];
			memset(h, '0' + i, 64);
			h[64] = '\0';
			snprintf(in[i], 128,
			         "{\"chain_hash\":\"%s\",\"chain_seq\":%d,\"ts\":1,\"type\":"
			         "\"chain_head\"}",
			         h, i);
		} else {
			snprintf(in[i], 128, "{\"seq\":%d,\"type\":\"record\"%s}", i,
			         i == changed ? ",\"x\":1" : "");
		}
		assert_int_equal(merkle_leaf_hash(MERKLE_SHA256, in[i], strlen(in[i]), hs[i]), 0);
	}
}

static int setup_group(void **state)
{
	(void)state;
	const char *w;
	log_key = logsign_generate(LOGSIGN_ED25519, &w);
	other_key = logsign_generate(LOGSIGN_ED25519, &w);
	witness_key = logsign_generate(LOGSIGN_SM2, &w);
	make_leaves(hashes, inputs, -1);
	return log_key && other_key && witness_key ? 0 : -1;
}

static int teardown_group(void **state)
{
	(void)state;
	logsign_free(log_key);
	logsign_free(other_key);
	logsign_free(witness_key);
	return 0;
}

/* The head of the first SIZE leaves of HS signed by K, as the API serves it. */
static json_t *head_of(const logsign_key *k, uint8_t (*hs)[MERKLE_HASH_SIZE], uint64_t size)
{
	merkle_source src = {.alg = MERKLE_SHA256, .leaf = merkle_array_leaf, .ctx = hs};
	logsign_head h = {.hash = MERKLE_SHA256, .tree_size = size, .timestamp_ms = 1767225600000};
	assert_int_equal(merkle_root(&src, size, h.root_hash), 0);
	char sig[LOGSIGN_SIG_MAX], pub[LOGSIGN_PUB_MAX], root[MERKLE_HEX_SIZE];
	const char *w;
	assert_int_equal(logsign_sign_head(k, &h, sig, &w), 0);
	assert_true(logsign_public(k, pub) > 0);
	merkle_hex(h.root_hash, root);
	return json_pack("{sI sI ss ss ss ss ss s[]}", "tree_size", (json_int_t)size, "timestamp",
	                 (json_int_t)h.timestamp_ms, "root_hash", root, "hash", "sha256",
	                 "algorithm", logsign_alg_name(logsign_key_alg(k)), "public_key", pub,
	                 "signature", sig, "cosignatures");
}

static json_t *leaf_of(uint64_t i, const char *input, const uint8_t hash[MERKLE_HASH_SIZE])
{
	char hex[MERKLE_HEX_SIZE];
	merkle_hex(hash, hex);
	return json_pack("{sI ss ss}", "leaf_index", (json_int_t)i, "leaf_input", input,
	                 "leaf_hash", hex);
}

static json_t *hex_array(uint8_t (*p)[MERKLE_HASH_SIZE], int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		char hex[MERKLE_HEX_SIZE];
		merkle_hex(p[i], hex);
		json_array_append_new(a, json_string(hex));
	}
	return a;
}

static json_t *consistency_of(uint8_t (*hs)[MERKLE_HASH_SIZE], uint64_t m, uint64_t n)
{
	merkle_source src = {.alg = MERKLE_SHA256, .leaf = merkle_array_leaf, .ctx = hs};
	uint8_t p[MERKLE_PROOF_MAX][MERKLE_HASH_SIZE];
	int len = merkle_consistency_proof(&src, m, n, p, MERKLE_PROOF_MAX);
	assert_true(len >= 0);
	return json_pack("{sI sI so}", "first", (json_int_t)m, "second", (json_int_t)n,
	                 "consistency", hex_array(p, len));
}

static json_t *inclusion_of(uint64_t i, uint64_t n)
{
	merkle_source src = {.alg = MERKLE_SHA256, .leaf = merkle_array_leaf, .ctx = hashes};
	uint8_t p[MERKLE_PROOF_MAX][MERKLE_HASH_SIZE];
	int len = merkle_inclusion_proof(&src, i, n, p, MERKLE_PROOF_MAX);
	assert_true(len >= 0);
	char hex[MERKLE_HEX_SIZE];
	merkle_hex(hashes[i], hex);
	return json_pack("{sI sI ss so}", "tree_size", (json_int_t)n, "leaf_index", (json_int_t)i,
	                 "leaf_hash", hex, "audit_path", hex_array(p, len));
}

static void parse_head(json_t *j, tlog_head *h)
{
	assert_int_equal(tlog_head_parse(j, h, why), 0);
	json_decref(j);
}

#define assert_why(call, text)                                                                     \
	do {                                                                                       \
		why[0] = '\0';                                                                     \
		assert_int_equal((call), -1);                                                      \
		if (!strstr(why, text))                                                            \
			fail_msg("expected \"%s\" in \"%s\"", text, why);                          \
	} while (0)

/* A state that has seen the whole canned log, as the monitor builds it. */
static void full_state(tlog_state *s)
{
	tlog_state_init(s, "https://log.example");
	tlog_head h;
	parse_head(head_of(log_key, hashes, N), &h);
	assert_int_equal(tlog_head_trust(s, &h, NULL, why), 0);
	merkle_frontier f;
	merkle_frontier_init(&f, MERKLE_SHA256);
	for (int i = 0; i < N; i++) {
		json_t *l = leaf_of((uint64_t)i, inputs[i], hashes[i]);
		uint8_t got[MERKLE_HASH_SIZE];
		tlog_anchor a;
		bool is_anchor;
		assert_int_equal(
		    tlog_leaf_check(MERKLE_SHA256, l, (uint64_t)i, got, &a, &is_anchor, why), 0);
		assert_memory_equal(got, hashes[i], MERKLE_HASH_SIZE);
		assert_int_equal(is_anchor, i % 2 == 1);
		if (is_anchor)
			assert_int_equal(tlog_state_add_anchor(s, &a, why), 0);
		assert_int_equal(merkle_frontier_append(&f, got, NULL, NULL), 0);
		json_decref(l);
	}
	assert_int_equal(tlog_frontier_matches(&f, &h, why), 0);
	s->head = h;
	s->has_head = true;
	s->frontier = f;
	s->has_frontier = true;
}

static void test_state_round_trip(void **state)
{
	(void)state;
	tlog_state s, t;
	full_state(&s);
	char *text = tlog_state_dump(&s);
	assert_int_equal(text[strlen(text) - 1], '\n');
	assert_int_equal(tlog_state_parse(&t, text, strlen(text), why), 0);
	char *again = tlog_state_dump(&t);
	assert_string_equal(text, again);
	assert_string_equal(t.url, "https://log.example");
	assert_int_equal(t.head.h.tree_size, N);
	assert_int_equal(t.nanchors, 3);
	assert_int_equal(t.anchors[1].chain_seq, 3);
	assert_int_equal(t.anchors[1].leaf_index, 3);
	assert_string_equal(t.anchors[2].chain_hash,
	                    "5555555555555555555555555555555555555555555555555555555555555555");
	assert_true(t.has_frontier);
	assert_int_equal(t.frontier.size, N);
	/* the contract's keys, and nothing else */
	json_t *o = json_loads(text, 0, NULL);
	const char *keys[] = {"url",  "log_public_key", "algorithm", "hash",
	                      "head", "anchors",        "frontier"};
	assert_int_equal(json_object_size(o), 7);
	for (size_t i = 0; i < 7; i++)
		assert_non_null(json_object_get(o, keys[i]));
	assert_int_equal(json_array_size(json_object_get(o, "frontier")), 2); /* 6 = 4 + 2 */
	/* a state without a frontier is read; the monitor then reads the leaves again */
	json_object_del(o, "frontier");
	char *nofront = json_dumps(o, JSON_COMPACT);
	tlog_state u;
	assert_int_equal(tlog_state_parse(&u, nofront, strlen(nofront), why), 0);
	assert_false(u.has_frontier);
	tlog_state_free(&u);
	free(nofront);
	json_decref(o);
	free(again);
	free(text);
	tlog_state_free(&t);
	tlog_state_free(&s);
}

/* TEXT (a good state) changed by EDIT, refused with REASON. */
static void refused(const char *text, void (*edit)(json_t *), const char *reason)
{
	json_t *o = json_loads(text, 0, NULL);
	edit(o);
	char *bad = json_dumps(o, JSON_COMPACT);
	tlog_state s;
	assert_why(tlog_state_parse(&s, bad, strlen(bad), why), reason);
	assert_null(s.url);
	assert_int_equal(s.nanchors, 0);
	free(bad);
	json_decref(o);
}

static void no_url(json_t *o)
{
	json_object_del(o, "url");
}
static void rsa(json_t *o)
{
	json_object_set_new(o, "algorithm", json_string("rsa"));
}
static void sm3(json_t *o)
{
	json_object_set_new(o, "hash", json_string("sm3"));
}
static void bigger(json_t *o)
{
	json_t *h = json_object_get(o, "head");
	json_object_set_new(h, "tree_size", json_integer(N + 1));
}
static void other_key_named(json_t *o)
{
	char pub[LOGSIGN_PUB_MAX];
	logsign_public(other_key, pub);
	json_object_set_new(o, "log_public_key", json_string(pub));
}
static void short_frontier(json_t *o)
{
	json_array_remove(json_object_get(o, "frontier"), 0);
}
static void changed_frontier(json_t *o)
{
	json_array_set_new(
	    json_object_get(o, "frontier"), 1,
	    json_string("0000000000000000000000000000000000000000000000000000000000000000"));
}
static void reversed_anchors(json_t *o)
{
	json_t *a = json_object_get(o, "anchors");
	json_t *first = json_incref(json_array_get(a, 0));
	json_array_remove(a, 0);
	json_array_append_new(a, first);
}
static void anchor_past_head(json_t *o)
{
	json_object_set_new(json_array_get(json_object_get(o, "anchors"), 0), "leaf_index",
	                    json_integer(N));
}
static void upper_anchor(json_t *o)
{
	json_object_set_new(
	    json_array_get(json_object_get(o, "anchors"), 2), "chain_hash",
	    json_string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}
static void no_anchors(json_t *o)
{
	json_object_del(o, "anchors");
}
static void no_head(json_t *o)
{
	json_object_set_new(o, "head", json_string("x"));
}

/* Each kind of damage to a good state and the reason it is refused with. */
static const struct {
	void (*edit)(json_t *);
	const char *reason;
} DAMAGE[] = {
    {no_url, "no url"},
    {rsa, "algorithm or hash"},
    {sm3, "not signed by its log_public_key"},
    {bigger, "not signed by its log_public_key"},
    {other_key_named, "not signed by its log_public_key"},
    {no_head, "its head: the head is not a JSON object"},
    {short_frontier, "frontier must hold 2 hashes"},
    {changed_frontier, "frontier does not give the root"},
    {reversed_anchors, "not in ascending chain_seq"},
    {anchor_past_head, "anchor 0 is not"},
    {upper_anchor, "anchor 2 is not"},
    {no_anchors, "no anchors"},
};

static void test_state_refused(void **state)
{
	(void)state;
	tlog_state s;
	full_state(&s);
	char *text = tlog_state_dump(&s);
	tlog_state t;
	assert_why(tlog_state_parse(&t, "not json", 8, why), "not a JSON object");
	assert_why(tlog_state_parse(&t, "[]", 2, why), "not a JSON object");
	assert_why(tlog_state_parse(&t, "{\"url\":\"x\",\"url\":\"y\"}", 21, why),
	           "not a JSON object");
	for (size_t i = 0; i < sizeof DAMAGE / sizeof *DAMAGE; i++)
		refused(text, DAMAGE[i].edit, DAMAGE[i].reason);
	free(text);
	tlog_state_free(&s);
}

static void test_trust(void **state)
{
	(void)state;
	tlog_state s;
	tlog_state_init(&s, "https://log.example");
	tlog_head h, o;
	parse_head(head_of(log_key, hashes, 3), &h);
	parse_head(head_of(other_key, hashes, 3), &o);
	/* a pinned key that is not the head's */
	assert_why(tlog_head_trust(&s, &h, o.public_key, why), "another key");
	assert_false(s.has_key);
	/* first use */
	assert_int_equal(tlog_head_trust(&s, &h, NULL, why), 0);
	assert_true(s.has_key);
	assert_string_equal(s.log_public_key, h.public_key);
	assert_int_equal(tlog_head_trust(&s, &h, h.public_key, why), 0);
	assert_why(tlog_head_trust(&s, &o, NULL, why), "another key: the head of size 3");
	assert_why(tlog_head_trust(&s, &h, o.public_key, why), "is not the key given");
	/* the right key named, the signature another's */
	memcpy(h.signature, o.signature, sizeof h.signature);
	assert_why(tlog_head_trust(&s, &h, NULL, why), "bad signature");
	tlog_head_free(&h);
	tlog_head_free(&o);
	/* malformed heads */
	json_t *j = head_of(log_key, hashes, 3);
	json_object_set_new(j, "root_hash", json_string("abc"));
	assert_why(tlog_head_parse(j, &h, why), "root_hash");
	json_object_set_new(
	    j, "root_hash",
	    json_string("0000000000000000000000000000000000000000000000000000000000000000"));
	json_object_set_new(j, "tree_size", json_integer(-1));
	assert_why(tlog_head_parse(j, &h, why), "tree_size");
	json_object_set_new(j, "tree_size", json_integer(3));
	json_object_set_new(j, "hash", json_string("md5"));
	assert_why(tlog_head_parse(j, &h, why), "hash");
	json_decref(j);
	tlog_state_free(&s);
}

static void test_consistency(void **state)
{
	(void)state;
	uint8_t forged[N][MERKLE_HASH_SIZE];
	char forged_in[N][128];
	make_leaves(forged, forged_in, 2);
	tlog_head h0, h3, h6, f6, f5;
	parse_head(head_of(log_key, hashes, 0), &h0);
	parse_head(head_of(log_key, hashes, 3), &h3);
	parse_head(head_of(log_key, hashes, 6), &h6);
	parse_head(head_of(log_key, forged, 6), &f6);
	parse_head(head_of(log_key, forged, 5), &f5);
	json_t *good = consistency_of(hashes, 3, 6);
	json_t *bad = consistency_of(forged, 3, 6);
	json_t *other = consistency_of(hashes, 2, 6);
	assert_int_equal(tlog_check_consistency(&h3, &h6, good, why), 0);
	assert_int_equal(tlog_check_consistency(&h6, &h6, NULL, why), 0);
	assert_int_equal(tlog_check_consistency(&h0, &h6, NULL, why), 0);
	assert_why(tlog_check_consistency(&h3, &f6, bad, why),
	           "inconsistent (split view or rewritten history): the head of size 6");
	assert_why(tlog_check_consistency(&h3, &f6, good, why),
	           "does not extend the head of size 3");
	assert_why(tlog_check_consistency(&h6, &f6, NULL, why),
	           "split view: the log at size 6 has root");
	assert_why(tlog_check_consistency(&h6, &f5, NULL, why),
	           "rollback (or split view): the log's head has size 5, smaller than the size 6");
	assert_why(tlog_check_consistency(&h3, &h6, other, why), "other sizes than 3 and 6");
	assert_why(tlog_check_consistency(&h3, &h6, NULL, why), "other sizes");
	json_array_set_new(json_object_get(good, "consistency"), 0, json_string("zz"));
	assert_why(tlog_check_consistency(&h3, &h6, good, why),
	           "element 0 of the consistency proof");
	/* the head stored for a size seen before */
	json_t *stored = head_of(log_key, hashes, 3);
	assert_int_equal(tlog_check_stored_head(&h3, stored, why), 0);
	json_decref(stored);
	stored = head_of(log_key, forged, 3);
	assert_why(tlog_check_stored_head(&h3, stored, why),
	           "split view: the log's stored head of size 3 has root");
	json_decref(stored);
	stored = head_of(log_key, hashes, 4);
	assert_why(tlog_check_stored_head(&h3, stored, why), "its head of size 4 for size 3");
	json_object_del(stored, "signature");
	assert_why(tlog_check_stored_head(&h3, stored, why), "no valid signature");
	json_decref(stored);
	json_decref(good);
	json_decref(bad);
	json_decref(other);
	tlog_head *all[] = {&h0, &h3, &h6, &f6, &f5};
	for (size_t i = 0; i < 5; i++)
		tlog_head_free(all[i]);
}

static void test_leaves_and_anchors(void **state)
{
	(void)state;
	uint8_t got[MERKLE_HASH_SIZE];
	tlog_anchor a;
	bool is_anchor;
	json_t *l = leaf_of(1, inputs[1], hashes[1]);
	assert_why(tlog_leaf_check(MERKLE_SHA256, l, 2, got, &a, &is_anchor, why),
	           "answered leaf 1 where leaf 2 was asked for");
	json_decref(l);
	l = leaf_of(1, inputs[1], hashes[2]);
	assert_why(tlog_leaf_check(MERKLE_SHA256, l, 1, got, &a, &is_anchor, why),
	           "bad leaf hash: leaf 1 has leaf_hash");
	json_decref(l);
	static const char *bad_inputs[] = {
	    "[1]", "{\"type\":1}",
	    "{\"chain_hash\":\"11\",\"chain_seq\":1,\"type\":\"chain_head\"}",
	    "{\"chain_hash\":\"1111111111111111111111111111111111111111111111111111111111111111\","
	    "\"chain_seq\":0,\"type\":\"chain_head\"}"};
	for (size_t i = 0; i < 4; i++) {
		uint8_t h[MERKLE_HASH_SIZE];
		merkle_leaf_hash(MERKLE_SHA256, bad_inputs[i], strlen(bad_inputs[i]), h);
		l = leaf_of(7, bad_inputs[i], h);
		assert_why(tlog_leaf_check(MERKLE_SHA256, l, 7, got, &a, &is_anchor, why),
		           i < 2 ? "not a JSON object with a type" : "a chain_head without");
		json_decref(l);
	}
	/* the chain never goes back */
	tlog_state s;
	tlog_state_init(&s, "https://log.example");
	tlog_anchor a5 = {.leaf_index = 10, .chain_seq = 5},
	            a3 = {.leaf_index = 12, .chain_seq = 3};
	memset(a5.chain_hash, 'a', 64);
	memset(a3.chain_hash, 'b', 64);
	assert_int_equal(tlog_state_add_anchor(&s, &a5, why), 0);
	assert_why(tlog_state_add_anchor(&s, &a3, why),
	           "chain rewritten: leaf 12 anchors event 3 after leaf 10 anchored event 5");
	a3.chain_seq = 5;
	assert_why(tlog_state_add_anchor(&s, &a3, why), "anchors event 5 with hash bbbb");
	a5.leaf_index = 13;
	assert_int_equal(tlog_state_add_anchor(&s, &a5, why), 0); /* the same again: kept once */
	assert_int_equal(s.nanchors, 1);
	tlog_state_free(&s);
}

static void test_inclusion(void **state)
{
	(void)state;
	tlog_head h;
	parse_head(head_of(log_key, hashes, N), &h);
	for (uint64_t i = 0; i < N; i++) {
		json_t *p = inclusion_of(i, N);
		assert_int_equal(tlog_check_inclusion(&h, i, hashes[i], p, why), 0);
		assert_why(tlog_check_inclusion(&h, i, hashes[(i + 1) % N], p, why),
		           "names another leaf_hash");
		assert_why(tlog_check_inclusion(&h, (i + 1) % N, hashes[i], p, why),
		           "another leaf or size");
		json_array_set_new(
		    json_object_get(p, "audit_path"), 0,
		    json_string(
		        "0000000000000000000000000000000000000000000000000000000000000000"));
		assert_why(tlog_check_inclusion(&h, i, hashes[i], p, why),
		           "does not lead to the root");
		json_decref(p);
	}
	tlog_head_free(&h);
}

static void test_cosignature(void **state)
{
	(void)state;
	tlog_head h, other;
	parse_head(head_of(log_key, hashes, 4), &h);
	parse_head(head_of(log_key, hashes, 5), &other);
	char sig[LOGSIGN_SIG_MAX], bad[LOGSIGN_SIG_MAX], pub[LOGSIGN_PUB_MAX],
	    opub[LOGSIGN_PUB_MAX];
	const char *w;
	assert_int_equal(logsign_sign_head(witness_key, &h.h, sig, &w), 0);
	assert_int_equal(logsign_sign_head(witness_key, &other.h, bad, &w), 0);
	logsign_public(witness_key, pub);
	logsign_public(other_key, opub);
	json_t *cos = json_pack("{ss ss ss ss sI}", "witness", "csrc", "algorithm", "sm2",
	                        "public_key", pub, "signature", sig, "signed_at", (json_int_t)1);
	json_t *entry =
	    json_pack("{ss ss ss}", "name", "csrc", "algorithm", "sm2", "public_key", pub);
	json_t *forms[] = {json_pack("[O]", entry), json_pack("{s[O]}", "witnesses", entry),
	                   json_pack("{s[O] sn}", "items", entry, "next")};
	const char *name;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(tlog_check_cosignature(&h, cos, forms[i], &name, why), 0);
		assert_string_equal(name, "csrc");
		json_decref(forms[i]);
	}
	json_t *list = json_pack("[O]", entry);
	assert_why(
	    tlog_check_cosignature(&other, cos, list, &name, why),
	    "bad cosignature: the cosignature by csrc does not verify over the head of size 5");
	json_object_set_new(cos, "signature", json_string(bad));
	assert_why(tlog_check_cosignature(&h, cos, list, &name, why), "bad cosignature");
	json_object_set_new(entry, "public_key", json_string(opub));
	assert_why(tlog_check_cosignature(&h, cos, list, &name, why),
	           "its key is not the one the log lists for csrc");
	json_object_set_new(cos, "witness", json_string("sse"));
	assert_why(tlog_check_cosignature(&h, cos, list, &name, why),
	           "cosignature by sse: the log lists no such witness");
	json_object_del(cos, "signature");
	assert_why(tlog_check_cosignature(&h, cos, list, &name, why), "lacks");
	json_decref(list);
	json_decref(entry);
	json_decref(cos);
	tlog_head_free(&h);
	tlog_head_free(&other);
}

TEST_MAIN("lib_tlogclient", setup_group, teardown_group, cmocka_unit_test(test_state_round_trip),
          cmocka_unit_test(test_state_refused), cmocka_unit_test(test_trust),
          cmocka_unit_test(test_consistency), cmocka_unit_test(test_leaves_and_anchors),
          cmocka_unit_test(test_inclusion), cmocka_unit_test(test_cosignature))
