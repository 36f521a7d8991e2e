/* The read snapshot a session look-up keeps for the request's own read (app_snapshot_hold):
 * taken by the next read of the same thread; ended by a write, by the request's end, and never
 * carried past either, so that no read of a request misses what it wrote itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "app/app_internal.h"
#include "store_fixture.h"
#include "support.h"

static int teardown(void **state)
{
	app_request_end();
	return store_fixture_teardown(state);
}

static int64_t settings_in(store_fixture *f, store_conn *c)
{
	err e;
	int64_t n = -1;
	assert_int_equal(store_int(c, f->a, &e, &n, "SELECT count(*) FROM settings", ""), 1);
	return n;
}

static void insert_setting(store_fixture *f, store_conn *c, const char *key)
{
	err e;
	assert_int_equal(store_q(c, f->a, &e, NULL,
	                         "INSERT INTO settings (key, value) VALUES ($1, '1')", "t", key),
	                 0);
}

/* Begins a snapshot, counts the settings in it (*before) and holds it, as a session look-up. */
static store_conn *hold_one(store_fixture *f, int64_t *before)
{
	err e;
	store_conn *c = app_snapshot_begin(&f->ap, &e);
	*before = settings_in(f, c);
	app_snapshot_hold(&f->ap, c);
	return c;
}

/* The next read, as a request's use case makes it, sees n settings. */
static void next_read_sees(store_fixture *f, int64_t n)
{
	err e;
	store_conn *d = app_snapshot_begin(&f->ap, &e);
	assert_int_equal(settings_in(f, d), n);
	app_snapshot_end(d);
}

/* A held snapshot is the next read's: a row written meanwhile by someone else is not in it
 * (one snapshot for the session look-up and the read that follows). */
static void test_the_next_read_takes_the_held_snapshot(void **state)
{
	store_fixture *f = *state;
	int64_t before;
	store_conn *c = hold_one(f, &before);
	store_fixture_exec(f, "INSERT INTO settings (key, value) VALUES ('other', '1')");
	err e;
	store_conn *d = app_snapshot_begin(&f->ap, &e);
	assert_ptr_equal(d, c);
	assert_int_equal(settings_in(f, d), before);
	app_snapshot_end(d);
	next_read_sees(f, before + 1); /* the next read is a new snapshot */
}

/* A write of the request ends the held snapshot first: the read after it sees the write. */
static void test_a_write_ends_the_held_snapshot(void **state)
{
	store_fixture *f = *state;
	int64_t before;
	hold_one(f, &before);
	err e;
	store_conn *w = app_tx_begin(&f->ap, &e);
	assert_non_null(w);
	insert_setting(f, w, "mine");
	assert_int_equal(app_tx_end(w, 0, &e), 0);
	next_read_sees(f, before + 1);
}

/* The request's end drops what it held: the next request's read is a new snapshot. */
static void test_the_request_end_drops_it(void **state)
{
	store_fixture *f = *state;
	int64_t before;
	hold_one(f, &before);
	app_request_end();
	store_fixture_exec(f, "INSERT INTO settings (key, value) VALUES ('later', '1')");
	next_read_sees(f, before + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_the_next_read_takes_the_held_snapshot,
	                                    store_fixture_setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_write_ends_the_held_snapshot,
	                                    store_fixture_setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_request_end_drops_it, store_fixture_setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
