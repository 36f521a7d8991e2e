/* The event chain and migrations on the SQLite driver. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/events.h"
#include "store/store.h"

typedef struct fixture {
	char path[64];
	store *st;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	strcpy(f->path, "/tmp/baotu-unit-XXXXXX");
	int fd = mkstemp(f->path);
	close(fd);
	unlink(f->path);
	err e;
	char url[96];
	snprintf(url, sizeof url, "sqlite:%s", f->path);
	assert_int_equal(store_open(url, &f->st, &e), 0);
	int applied;
	assert_int_equal(store_migrate(f->st, true, &applied, &e), 0);
	assert_true(applied >= 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->st);
	char p[96];
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

static void append_n(fixture *f, int n)
{
	err e;
	store_conn *c = store_acquire(f->st, &e);
	arena *a = arena_new();
	assert_int_equal(store_begin_write(c, &e), 0);
	for (int i = 0; i < n; i++) {
		json_t *p = json_pack("{s:i, s:s}", "n", i, "city", "济南市");
		char id[16];
		snprintf(id, sizeof id, "%d", i);
		assert_int_equal(events_append(c, a,
					       &(event_in){"user:1", "institution", id,
							   "institution.created", "test", p},
					       NULL, &e),
				 0);
		json_decref(p);
	}
	assert_int_equal(store_commit(c, &e), 0);
	arena_free(a);
	store_release(c);
}

static int verify(fixture *f, int64_t *count, int64_t *broken)
{
	err e;
	store_conn *c = store_acquire(f->st, &e);
	int rc = events_verify(c, count, broken, &e);
	store_release(c);
	return rc;
}

static void test_chain_verifies(void **state)
{
	fixture *f = *state;
	int64_t count, broken = 0;
	append_n(f, 2500); /* more than one verification page */
	assert_int_equal(verify(f, &count, &broken), 0);
	assert_true(count >= 2500); /* plus the schema.migrated events */
}

static void test_update_and_delete_refused(void **state)
{
	fixture *f = *state;
	append_n(f, 3);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE events SET reason = 'x' WHERE seq = 2", 0, 0, 0),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM events WHERE seq = 3", 0, 0, 0),
			     SQLITE_OK);
	sqlite3_close(db);
	int64_t count, broken;
	assert_int_equal(verify(f, &count, &broken), 0);
}

/* An intruder with file access drops the guards and changes one byte: verify names the seq. */
static void tamper(fixture *f, const char *sql, int64_t expect_seq)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete",
				      0, 0, 0),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);
	int64_t count, broken = 0;
	assert_int_equal(verify(f, &count, &broken), 1);
	assert_int_equal(broken, expect_seq);
	assert_int_equal(count, expect_seq - 1);
}

static void test_payload_byte_changed(void **state)
{
	append_n(*state, 10);
	/* "n":5 becomes "n":6 in seq 7 */
	tamper(*state, "UPDATE events SET payload = replace(payload, '\"n\":5', '\"n\":6') WHERE seq = 7", 7);
}

static void test_reason_byte_changed(void **state)
{
	append_n(*state, 10);
	tamper(*state, "UPDATE events SET reason = 'tesT' WHERE seq = 5", 5);
}

static void test_time_changed(void **state)
{
	append_n(*state, 10);
	tamper(*state, "UPDATE events SET ts = ts + 1 WHERE seq = 9", 9);
}

static void test_row_deleted(void **state)
{
	append_n(*state, 10);
	tamper(*state, "DELETE FROM events WHERE seq = 4", 4);
}

static void test_hash_rewritten(void **state)
{
	append_n(*state, 10);
	/* Even a recomputed-looking hash breaks the link to the next event. */
	tamper(*state,
	       "UPDATE events SET hash = '00' || substr(hash, 3) WHERE seq = 6", 6);
}

static void test_schema_newer_refused(void **state)
{
	fixture *f = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', "
				      "'x', 0)",
				      0, 0, 0),
			 SQLITE_OK);
	sqlite3_close(db);
	err e;
	int applied;
	assert_int_equal(store_migrate(f->st, true, &applied, &e), -1);
	assert_string_equal(e.code, "schema_too_new");
}

static void test_changed_migration_refused(void **state)
{
	fixture *f = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1",
				      0, 0, 0),
			 SQLITE_OK);
	sqlite3_close(db);
	err e;
	int applied;
	assert_int_equal(store_migrate(f->st, true, &applied, &e), -1);
	assert_string_equal(e.code, "schema_checksum_mismatch");
}

static void test_migrate_is_idempotent(void **state)
{
	fixture *f = *state;
	err e;
	int applied = -1;
	assert_int_equal(store_migrate(f->st, true, &applied, &e), 0);
	assert_int_equal(applied, 0);
}

static void test_dollar_params_and_null(void **state)
{
	fixture *f = *state;
	err e;
	store_conn *c = store_acquire(f->st, &e);
	arena *a = arena_new();
	store_result *r;
	assert_int_equal(store_q(c, a, &e, &r,
				 "SELECT $2 AS b, $1 AS a, $3 AS n, '$1' AS lit", "itt",
				 (int64_t)42, "济南", (const char *)NULL),
			 0);
	assert_int_equal(r->nrows, 1);
	assert_string_equal(store_get(r, 0, "b"), "济南");
	assert_int_equal(store_get_int(r, 0, "a"), 42);
	assert_null(store_get(r, 0, "n"));
	assert_string_equal(store_get(r, 0, "lit"), "$1");
	arena_free(a);
	store_release(c);
}

static void test_postgres_not_built(void **state)
{
	store *s = NULL;
	err e;
	assert_int_equal(store_open("postgres://localhost/baotu", &s, &e), -1);
	assert_string_equal(e.code, "store_unsupported");
	assert_null(s);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chain_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_and_delete_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_payload_byte_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reason_byte_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_rewritten, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_newer_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_migration_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dollar_params_and_null, setup, teardown),
		cmocka_unit_test(test_postgres_not_built),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
