/* The transparency log's append (app/tlog.c): a public record's event appends its record leaf
 * (the public view only) and an anchor of the chain covering it, and a signed head of the new
 * size, in the event's transaction; other events append nothing; the root kept through the
 * subtree cache is the root of the leaves themselves; a key of the other family than the
 * tree's hash is refused at start; the periodic anchor comes when the interval has passed and
 * the chain has moved. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "app/app_internal.h"
#include "app/tlog.h"
#include "lib/logsign.h"
#include "lib/merkle.h"
#include "store/tlog.h"
#include "store_fixture.h"
#include "support.h"

static char key_path[64];

static int teardown(void **state)
{
	tlog_stop();
	if (key_path[0])
		unlink(key_path);
	key_path[0] = 0;
	return store_fixture_teardown(state);
}
#define TLOG_TEST(fn) cmocka_unit_test_setup_teardown(fn, store_fixture_setup, teardown)

/* A new key of ALG saved to a temporary file, loaded as the log's. */
static int start_with(store_fixture *f, logsign_alg alg, char *msg, size_t n)
{
	strcpy(key_path, "/tmp/baotu-unit-key-XXXXXX");
	int fd = mkstemp(key_path);
	close(fd);
	unlink(key_path);
	logsign_key *k = logsign_generate(alg, NULL);
	assert_non_null(k);
	assert_int_equal(logsign_save(k, key_path, NULL), 0);
	logsign_free(k);
	return tlog_start(&f->ap, key_path, msg, n);
}

/* One event in a transaction of its own, as a use case appends it. */
static void event(store_fixture *f, const char *kind, json_t *payload)
{
	err e;
	store_conn *c = app_tx_begin(&f->ap, &e);
	assert_non_null(c);
	assert_int_equal(
	    app_tx_end(
	        c, app_event(c, f->a, &ACTOR_CLI, "project", 7, kind, "内部理由", payload, &e), &e),
	    0);
}

static json_t *outcome(const char *action)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "action", action, "from", "launched",
	                 "to", "suspended", "clause", "§4.4", "params", "measure", "机密措施");
}

static int64_t count(store_fixture *f, const char *sql)
{
	err e;
	int64_t n = -1;
	store_conn *c = store_acquire(f->st, &e);
	assert_int_equal(store_count(c, f->a, &e, &n, sql, ""), 0);
	store_release(c);
	return n;
}

static const char *text(store_fixture *f, const char *sql)
{
	err e;
	const char *v = NULL;
	store_conn *c = store_acquire(f->st, &e);
	assert_int_equal(store_text(c, f->a, &e, &v, sql, ""), 1);
	store_release(c);
	return v;
}

static void test_a_public_record_appends_its_leaf_an_anchor_and_a_signed_head(void **state)
{
	store_fixture *f = *state;
	char msg[256];
	assert_int_equal(start_with(f, LOGSIGN_ED25519, msg, sizeof msg), 0);
	event(f, "project.updated", json_pack("{s:s}", "name", "x"));
	assert_int_equal(count(f, "SELECT count(*) FROM log_leaves"), 0);
	event(f, "project.suspend", outcome("suspend"));
	assert_int_equal(count(f, "SELECT count(*) FROM log_leaves"), 2);
	const char *rec = text(f, "SELECT leaf_input FROM log_leaves WHERE idx = 0");
	int64_t seq = count(f, "SELECT max(seq) FROM events");
	char want[512];
	snprintf(
	    want, sizeof want,
	    "{\"kind\":\"project.suspend\",\"record\":{\"action\":\"suspend\",\"clause\":\"§4.4\","
	    "\"from\":\"launched\",\"to\":\"suspended\"},\"seq\":%lld,\"subject\":\"project:7\","
	    "\"ts\":%s,\"type\":\"record\"}",
	    (long long)seq,
	    text(f, "SELECT CAST(ts AS TEXT) FROM events ORDER BY seq DESC LIMIT 1"));
	assert_string_equal(rec, want);
	const char *anchor = text(f, "SELECT leaf_input FROM log_leaves WHERE idx = 1");
	snprintf(want, sizeof want, "{\"chain_hash\":\"%s\",\"chain_seq\":%lld,",
	         text(f, "SELECT hash FROM events ORDER BY seq DESC LIMIT 1"), (long long)seq);
	assert_memory_equal(anchor, want, strlen(want));
	/* the head of size 2, signed */
	arena *a = f->a;
	err e;
	json_t *h = tlog_head(&f->ap, a, -1, &e);
	assert_non_null(h);
	assert_int_equal(json_integer_value(json_object_get(h, "tree_size")), 2);
	logsign_head head = {
	    MERKLE_SHA256, 2, json_integer_value(json_object_get(h, "timestamp")), {0}};
	assert_int_equal(
	    merkle_unhex(json_string_value(json_object_get(h, "root_hash")), head.root_hash), 0);
	assert_int_equal(logsign_verify_head(
	                     LOGSIGN_ED25519, json_string_value(json_object_get(h, "public_key")),
	                     &head, json_string_value(json_object_get(h, "signature"))),
	                 0);
	json_decref(h);
}

/* The store's leaves alone, as a merkle_source without the cache. */
static int leaf_of(void *ctx, uint64_t index, uint8_t out[MERKLE_HASH_SIZE])
{
	store_fixture *f = ctx;
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT leaf_hash FROM log_leaves WHERE idx = %llu",
	         (unsigned long long)index);
	return merkle_unhex(text(f, sql), out);
}

static void test_the_cached_root_is_the_root_of_the_leaves(void **state)
{
	store_fixture *f = *state;
	for (int i = 0; i < 37; i++)
		event(f, i % 2 ? "project.launch" : "project.stop", outcome("launch"));
	/* no key: leaves without heads */
	assert_int_equal(count(f, "SELECT count(*) FROM log_leaves"), 74);
	assert_int_equal(count(f, "SELECT count(*) FROM log_heads"), 0);
	assert_true(count(f, "SELECT count(*) FROM log_nodes") > 0);
	char msg[256];
	assert_int_equal(start_with(f, LOGSIGN_ED25519, msg, sizeof msg), 0);
	/* the start signed the size the log rests at, from the cache */
	merkle_source plain = {MERKLE_SHA256, leaf_of, NULL, f};
	for (uint64_t n = 74; n <= 76; n += 2) {
		if (n == 76)
			event(f, "project.resume", outcome("resume"));
		uint8_t root[MERKLE_HASH_SIZE];
		char hex[MERKLE_HEX_SIZE], sql[96];
		assert_int_equal(merkle_root(&plain, n, root), 0);
		merkle_hex(root, hex);
		snprintf(sql, sizeof sql, "SELECT root_hash FROM log_heads WHERE tree_size = %llu",
		         (unsigned long long)n);
		assert_string_equal(text(f, sql), hex);
	}
}

static void test_a_key_of_the_other_family_is_refused(void **state)
{
	store_fixture *f = *state;
	event(f, "project.launch", outcome("launch")); /* no key: the tree is SHA-256 */
	char msg[256] = "";
	assert_int_equal(start_with(f, LOGSIGN_SM2, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "sha256"));
	err e;
	json_t *h = tlog_head(&f->ap, f->a, -1, &e);
	assert_null(h);
	assert_string_equal(e.code, "log_unsigned");
}

/* The scheduler's sweep: an anchor when the interval has passed and the chain has moved. */
static void test_the_periodic_anchor(void **state)
{
	store_fixture *f = *state;
	arena *a = f->a;
	err e;
	int done = 0;
	int64_t now = time_now_us(), hour = 3600LL * 1000000;
	/* the chain the fixture started, never anchored: anchored now */
	assert_int_equal(tlog_anchor_due(&f->ap, a, now, &done, &e), 0);
	assert_int_equal(done, 1);
	assert_int_equal(
	    count(f, "SELECT max(event_seq) FROM log_leaves WHERE type = 'chain_head'"),
	    count(f, "SELECT max(seq) FROM events"));
	/* the chain has not moved: nothing, however long after */
	assert_int_equal(tlog_anchor_due(&f->ap, a, now + 5 * hour, &done, &e), 0);
	assert_int_equal(done, 1);
	event(f, "project.updated", json_pack("{s:s}", "name", "x"));
	/* moved, within the hour of the last anchor: nothing yet */
	assert_int_equal(tlog_anchor_due(&f->ap, a, now + 60000000, &done, &e), 0);
	assert_int_equal(done, 1);
	assert_int_equal(tlog_anchor_due(&f->ap, a, now + 2 * hour, &done, &e), 0);
	assert_int_equal(done, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM log_leaves"), 2);
	/* the setting shortens the interval */
	store_fixture_exec(f, "INSERT INTO settings (key, value) VALUES ('" TLOG_ANCHOR_SETTING
	                      "', '0')");
	event(f, "project.updated", json_pack("{s:s}", "name", "y"));
	assert_int_equal(tlog_anchor_due(&f->ap, a, now + 2 * hour + 1, &done, &e), 0);
	assert_int_equal(done, 3);
	assert_int_equal(count(f, "SELECT count(*) FROM log_leaves WHERE type = 'record'"), 0);
}

TEST_MAIN("app_tlog", NULL, NULL, TLOG_TEST(test_the_periodic_anchor),
          TLOG_TEST(test_a_public_record_appends_its_leaf_an_anchor_and_a_signed_head),
          TLOG_TEST(test_the_cached_root_is_the_root_of_the_leaves),
          TLOG_TEST(test_a_key_of_the_other_family_is_refused))
