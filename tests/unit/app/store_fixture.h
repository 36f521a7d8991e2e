/* A migrated SQLite store in a temporary file, for the use-case tests of tests/unit/app/:
 * opened before each test, written to with plain SQL, removed after. Include after cmocka.h. */
#ifndef BAOTU_TESTS_STORE_FIXTURE_H
#define BAOTU_TESTS_STORE_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/calendar.h"
#include "core/calendar.h"
#include "lib/time.h"
#include "store/store.h"

typedef struct store_fixture {
	char path[64];
	store *st;
	app ap;
	arena *a;
} store_fixture;

/* A new store with every migration and the shipped holiday calendar. */
static inline void store_fixture_open(store_fixture *f)
{
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
	f->ap.st = f->st;
	f->a = arena_new();
	assert_int_equal(calendar_seed_if_empty(&f->ap, &e), 0);
}

/* Runs one statement in a write transaction of its own; the test fails on an error (the
 * connection is released first, so that the teardown can still close the store). */
static inline void store_fixture_exec(store_fixture *f, const char *sql)
{
	err e;
	store_conn *c = store_acquire(f->st, &e);
	assert_non_null(c);
	assert_int_equal(store_begin_write(c, &e), 0);
	int rc = store_q(c, f->a, &e, NULL, sql, "");
	if (rc < 0)
		store_rollback(c);
	else
		rc = store_commit(c, &e);
	store_release(c);
	if (rc < 0)
		fail_msg("%s: %s", sql, e.msg);
}

/* Closes the store, removes its files and resets the test clock. */
static inline void store_fixture_close(store_fixture *f)
{
	time_set_override(0);
	arena_free(f->a);
	store_close(f->st);
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		char p[96];
		snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
}
/* A test's setup when its fixture is a store_fixture and nothing more. */
static inline int store_fixture_setup(void **state)
{
	store_fixture *f = calloc(1, sizeof *f);
	store_fixture_open(f);
	*state = f;
	return 0;
}

/* A test's teardown when its fixture begins with a store_fixture (or is one): closes the store
 * and frees the fixture. */
static inline int store_fixture_teardown(void **state)
{
	store_fixture_close(*state);
	free(*state);
	return 0;
}

/* A test run with its file's setup() and store_fixture_teardown, each time. */
#define STORE_FIXTURE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, store_fixture_teardown)

/* Adds the fixtures' first user: id 1, "u", an officer (FIXTURE_OFFICER acts as it). */
static inline void store_fixture_add_officer(store_fixture *f)
{
	store_fixture_exec(f, "INSERT INTO users (username, role, password_hash, created_at, "
	                      "updated_at) VALUES ('u', 'officer', 'x', 1, 1)");
}

/* The officer the fixtures' first user (id 1, "u") acts as. */
static const actor FIXTURE_OFFICER = {1, "u", ROLE_OFFICER, 0, "user:1"};

/* 10:00 China Standard Time on a date, in UTC microseconds. */
static inline int64_t cst_ten_am(int y, int m, int d)
{
	return cal_start_us_cst((cal_date){y, m, d}) + 36000000000LL;
}

#endif
