/* The event chain and migrations, on the SQLite driver and, when BAOTU_TEST_PG_URL names a
 * PostgreSQL server (postgres://USER@HOST:PORT/DB, e.g. from scripts/pg-test-cluster), on the
 * PostgreSQL driver too: each test then gets a database of its own, and the intruder's
 * statements go through libpq instead of the sqlite3 C API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/events.h"
#include "store/row.h"
#include "store/store.h"

typedef enum { ON_SQLITE, ON_PG } store_kind;
static const store_kind KIND_SQLITE = ON_SQLITE, KIND_PG = ON_PG;
static const char *pg_base; /* BAOTU_TEST_PG_URL */

typedef struct fixture {
	store_kind kind;
	char path[64];   /* SQLite: the file */
	char dbname[64]; /* PostgreSQL: the database of this test */
	char url[512];
	store *st;
} fixture;

/* base with its database replaced by name (a URL postgres://.../DB[?...]). */
static void pg_url_for(char *out, size_t n, const char *base, const char *name)
{
	const char *hier = strstr(base, "://");
	const char *slash = hier ? strchr(hier + 3, '/') : NULL;
	const char *query = strchr(base, '?');
	int host_len = slash   ? (int)(slash - base)
	               : query ? (int)(query - base)
	                       : (int)strlen(base);
	snprintf(out, n, "%.*s/%s%s", host_len, base, name, query ? query : "");
}

static void quiet(void *arg, const char *message) {}

/* Runs SQL on a URL with libpq, as an intruder or an administrator would; returns the
 * number of rows changed by the last statement, or -1 when it failed. */
static int pg_exec(const char *url, const char *sql)
{
	PGconn *db = PQconnectdb(url);
	assert_int_equal(PQstatus(db), CONNECTION_OK);
	PQsetNoticeProcessor(db, quiet, NULL);
	PGresult *r = PQexec(db, sql);
	int rc = -1;
	if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
		rc = atoi(PQcmdTuples(r));
	PQclear(r);
	PQfinish(db);
	return rc;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->kind = *state ? *(const store_kind *)*state : ON_SQLITE;
	if (f->kind == ON_PG) {
		static int n;
		snprintf(f->dbname, sizeof f->dbname, "baotu_unit_%d_%d", (int)getpid(), ++n);
		char sql[128];
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->dbname);
		assert_int_equal(pg_exec(pg_base, sql), 0);
		pg_url_for(f->url, sizeof f->url, pg_base, f->dbname);
	} else {
		strcpy(f->path, "/tmp/baotu-unit-XXXXXX");
		int fd = mkstemp(f->path);
		close(fd);
		unlink(f->path);
		snprintf(f->url, sizeof f->url, "sqlite:%s", f->path);
	}
	err e;
	assert_int_equal(store_open(f->url, &f->st, &e), 0);
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
	if (f->kind == ON_PG) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", f->dbname);
		pg_exec(pg_base, sql);
		free(f);
		return 0;
	}
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
	if (f->kind == ON_PG) {
		assert_int_equal(pg_exec(f->url, "UPDATE events SET reason = 'x' WHERE seq = 2"),
		                 -1);
		assert_int_equal(pg_exec(f->url, "DELETE FROM events WHERE seq = 3"), -1);
		assert_int_equal(pg_exec(f->url, "TRUNCATE events"), -1);
	} else {
		sqlite3 *db;
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_not_equal(
		    sqlite3_exec(db, "UPDATE events SET reason = 'x' WHERE seq = 2", 0, 0, 0),
		    SQLITE_OK);
		assert_int_not_equal(sqlite3_exec(db, "DELETE FROM events WHERE seq = 3", 0, 0, 0),
		                     SQLITE_OK);
		sqlite3_close(db);
	}
	int64_t count, broken;
	assert_int_equal(verify(f, &count, &broken), 0);
}

/* Ten events appended, then an intruder with file access drops the guards and changes one
 * byte: verify names the seq. */
static void tamper(fixture *f, const char *sql, int64_t expect_seq)
{
	append_n(f, 10);
	if (f->kind == ON_PG) {
		assert_int_equal(pg_exec(f->url, "DROP TRIGGER events_no_update ON events; "
		                                 "DROP TRIGGER events_no_delete ON events"),
		                 0);
		assert_int_equal(pg_exec(f->url, sql), 1);
	} else {
		sqlite3 *db;
		assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
		                              "DROP TRIGGER events_no_update; DROP TRIGGER "
		                              "events_no_delete",
		                              0, 0, 0),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
		assert_int_equal(sqlite3_changes(db), 1);
		sqlite3_close(db);
	}
	int64_t count, broken = 0;
	assert_int_equal(verify(f, &count, &broken), 1);
	assert_int_equal(broken, expect_seq);
	assert_int_equal(count, expect_seq - 1);
}

static void test_payload_byte_changed(void **state)
{
	fixture *f = *state;
	int64_t base, broken = 0; /* the schema.migrated events come first */
	assert_int_equal(verify(f, &base, &broken), 0);
	/* "n":5 becomes "n":6 in the sixth event appended */
	char sql[160];
	snprintf(
	    sql, sizeof sql,
	    "UPDATE events SET payload = replace(payload, '\"n\":5', '\"n\":6') WHERE seq = %lld",
	    (long long)(base + 6));
	tamper(f, sql, base + 6);
}

static void test_reason_byte_changed(void **state)
{
	tamper(*state, "UPDATE events SET reason = 'tesT' WHERE seq = 5", 5);
}

static void test_time_changed(void **state)
{
	tamper(*state, "UPDATE events SET ts = ts + 1 WHERE seq = 9", 9);
}

static void test_row_deleted(void **state)
{
	tamper(*state, "DELETE FROM events WHERE seq = 4", 4);
}

static void test_hash_rewritten(void **state)
{
	/* Even a recomputed-looking hash breaks the link to the next event. */
	tamper(*state, "UPDATE events SET hash = '00' || substr(hash, 3) WHERE seq = 6", 6);
}

/* An administrator's statement behind the binary's back; asserts it changed one row. */
static void admin_exec(fixture *f, const char *sql)
{
	if (f->kind == ON_PG) {
		assert_int_equal(pg_exec(f->url, sql), 1);
		return;
	}
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);
}

/* After SQL (an administrator's change to the migrations table) the store refuses to migrate,
 * with CODE. */
static void migrate_refused_after(fixture *f, const char *sql, const char *code)
{
	admin_exec(f, sql);
	err e;
	int applied;
	assert_int_equal(store_migrate(f->st, true, &applied, &e), -1);
	assert_string_equal(e.code, code);
}

static void test_schema_newer_refused(void **state)
{
	migrate_refused_after(
	    *state, "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x', 0)",
	    "schema_too_new");
}

static void test_changed_migration_refused(void **state)
{
	migrate_refused_after(*state,
	                      "UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1",
	                      "schema_checksum_mismatch");
}

static void test_migrate_is_idempotent(void **state)
{
	fixture *f = *state;
	err e;
	int applied = -1;
	assert_int_equal(store_migrate(f->st, true, &applied, &e), 0);
	assert_int_equal(applied, 0);
}

/* A connection of a store and an arena for one test's statements; conn_done gives
 * both back. */
typedef struct conn {
	store_conn *c;
	arena *a;
	err e;
} conn;

static conn conn_open(store *st)
{
	conn k;
	err_clear(&k.e);
	k.c = store_acquire(st, &k.e);
	k.a = arena_new();
	return k;
}

static void conn_done(conn *k)
{
	arena_free(k->a);
	store_release(k->c);
}

static void test_dollar_params_and_null(void **state)
{
	conn k = conn_open(((fixture *)*state)->st);
	store_result *r;
	assert_int_equal(store_q(k.c, k.a, &k.e, &r,
	                         "SELECT $2 AS b, $1 AS a, $3 AS n, '$1' AS lit", "itt",
	                         (int64_t)42, "济南", (const char *)NULL),
	                 0);
	assert_int_equal(r->nrows, 1);
	assert_string_equal(store_get(r, 0, "b"), "济南");
	assert_int_equal(store_get_int(r, 0, "a"), 42);
	assert_null(store_get(r, 0, "n"));
	assert_string_equal(store_get(r, 0, "lit"), "$1");
	conn_done(&k);
}

/* A BLOB goes in as bytes and comes back as the same bytes (NUL included). */
static void test_blob_round_trip(void **state)
{
	conn k = conn_open(((fixture *)*state)->st);
	store_result *r;
	static const char bytes[] = {'a', 0, '\\', 'x', (char)0xff, '\n'};
	assert_int_equal(store_begin_write(k.c, &k.e), 0);
	assert_int_equal(store_q(k.c, k.a, &k.e, NULL,
	                         "INSERT INTO blobs (sha256, size, content_type, data, created_at) "
	                         "VALUES ($1, $2, $3, $4, $5)",
	                         "titBi", "abc", (int64_t)sizeof bytes, "application/octet-stream",
	                         bytes, sizeof bytes, (int64_t)1),
	                 0);
	assert_int_equal(store_commit(k.c, &k.e), 0);
	assert_int_equal(store_q(k.c, k.a, &k.e, &r,
	                         "SELECT size, data FROM blobs WHERE sha256 = $1", "t", "abc"),
	                 0);
	assert_int_equal(r->nrows, 1);
	assert_int_equal(store_get_int(r, 0, "size"), sizeof bytes);
	assert_memory_equal(store_get(r, 0, "data"), bytes, sizeof bytes);
	conn_done(&k);
}

/* The aggregates' one-liners: an aggregate's value (store_count), how many rows a write wrote
 * (store_wrote), and the reads defined by their statement (store/row.h). */
STORE_ROWS_BY_ID(jobs_of_subject, "SELECT id FROM jobs WHERE subject_id = $1 ORDER BY id")
STORE_ROW_BY_ID(job_get, "SELECT id, kind FROM jobs WHERE id = $1")

static void test_one_liners(void **state)
{
	conn k = conn_open(((fixture *)*state)->st);
	int64_t n = -1, id;
	assert_int_equal(store_count(k.c, k.a, &k.e, &n, "SELECT min(due_at) FROM jobs", ""), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_begin_write(k.c, &k.e), 0);
	assert_int_equal(
	    store_int(k.c, k.a, &k.e, &id,
	              "INSERT INTO jobs (kind, subject_id, due_at) VALUES ($1, $2, $3) "
	              "RETURNING id",
	              "tii", "coaching_end", (int64_t)7, (int64_t)100),
	    1);
	const char *done = "UPDATE jobs SET done_at = $1 WHERE id = $2 AND done_at IS NULL "
	                   "RETURNING id";
	assert_int_equal(store_wrote(k.c, k.a, &k.e, done, "ii", (int64_t)200, id), 1);
	assert_int_equal(store_wrote(k.c, k.a, &k.e, done, "ii", (int64_t)300, id), 0);
	assert_int_equal(store_q(k.c, k.a, &k.e, NULL,
	                         "INSERT INTO jobs (kind, subject_id, due_at) VALUES ($1, $2, $3)",
	                         "tii", "coaching_end", (int64_t)9, (int64_t)100),
	                 0);
	assert_int_equal(store_wrote(k.c, k.a, &k.e,
	                             "UPDATE jobs SET due_at = $1 WHERE kind = $2 RETURNING id",
	                             "it", (int64_t)150, "coaching_end"),
	                 2);
	assert_int_equal(store_commit(k.c, &k.e), 0);
	assert_int_equal(store_count(k.c, k.a, &k.e, &n,
	                             "SELECT count(*) FROM jobs WHERE done_at = $1", "i",
	                             (int64_t)200),
	                 0);
	assert_int_equal(n, 1);
	store_result *r;
	assert_int_equal(jobs_of_subject(k.c, k.a, 7, &r, &k.e), 0);
	assert_int_equal(r->nrows, 1);
	assert_int_equal(store_get_int(r, 0, "id"), id);
	assert_int_equal(jobs_of_subject(k.c, k.a, 8, &r, &k.e), 0);
	assert_int_equal(r->nrows, 0);
	assert_int_equal(job_get(k.c, k.a, id, &r, &k.e), 1);
	assert_string_equal(store_get(r, 0, "kind"), "coaching_end");
	assert_int_equal(job_get(k.c, k.a, id + 100, &r, &k.e), 0);
	assert_int_equal(store_count(k.c, k.a, &k.e, &n, "SELECT count(*) FROM no_such_table", ""),
	                 -1);
	assert_int_equal(n, 0);
	conn_done(&k);
}

/* Typed NULLs: "$1 IS NULL" must prepare on PostgreSQL whatever the value. */
static void test_null_parameters_typed(void **state)
{
	conn k = conn_open(((fixture *)*state)->st);
	store_result *r;
	for (int i = 0; i < 2; i++) {
		const char *t = i ? "x" : NULL;
		int64_t n = i ? 5 : 0;
		assert_int_equal(store_q(k.c, k.a, &k.e, &r,
		                         "SELECT ($1 IS NULL) AS t_null, ($2 IS NULL) AS i_null, "
		                         "count(*) AS n FROM settings WHERE $1 IS NULL OR key = $1",
		                         "tI", t, n),
		                 0);
		assert_int_equal(store_get_bool(r, 0, "t_null"), !i);
		assert_int_equal(store_get_int(r, 0, "i_null"), !i);
	}
	conn_done(&k);
}

/* A use case as app_tx_begin/app_tx_end run it: its own write transaction, committed or not. */
static int use_case(store *st, const char *key, bool commit, bool fail)
{
	err e;
	err_clear(&e);
	store_conn *c = store_acquire(st, &e);
	arena *a = arena_new();
	assert_non_null(c);
	assert_int_equal(store_begin_write(c, &e), 0);
	int rc =
	    store_q(c, a, &e, NULL, "INSERT INTO settings (key, value) VALUES ($1, 'v')", "t", key);
	assert_int_equal(rc, 0);
	if (fail) /* the same key again: refused, and on PostgreSQL the transaction is in error */
		rc = store_q(c, a, &e, NULL, "INSERT INTO settings (key, value) VALUES ($1, 'v')",
		             "t", key);
	if (commit && rc == 0)
		rc = store_commit(c, &e);
	else
		store_rollback(c);
	store_release(c);
	arena_free(a);
	err_free_details(&e);
	return rc;
}

static int settings_count(store *st, const char *like)
{
	conn k = conn_open(st);
	store_result *r;
	assert_int_equal(store_q(k.c, k.a, &k.e, &r,
	                         "SELECT count(*) AS n FROM settings WHERE key LIKE $1", "t", like),
	                 0);
	int n = (int)store_get_int(r, 0, "n");
	conn_done(&k);
	return n;
}

/* store_pin_begin: one transaction for a request; each use case in it keeps its own commit or
 * rollback (savepoints), and nothing is durable before store_pin_end commits. */
static void test_pinned_request_transaction(void **state)
{
	fixture *f = *state;
	err e;
	err_clear(&e);
	store_conn *c;
	assert_int_equal(store_pin_begin(f->st, &c, &e), 0);
	assert_false(store_pin_wrote(c));
	assert_ptr_equal(store_acquire(f->st, &e), c); /* this thread's acquires get it */
	store_release(c);
	assert_int_equal(use_case(f->st, "pin.kept", true, false), 0);
	assert_true(store_pin_wrote(c));
	assert_int_equal(use_case(f->st, "pin.rolled_back", false, false), 0);
	assert_int_not_equal(use_case(f->st, "pin.failed", true, true), 0);
	/* a failed use case left the transaction usable (PostgreSQL: ROLLBACK TO) */
	assert_int_equal(use_case(f->st, "pin.after_failure", true, false), 0);
	/* an acquire released without ending its transaction: undone */
	{
		store_conn *u = store_acquire(f->st, &e);
		arena *a = arena_new();
		assert_int_equal(store_begin_write(u, &e), 0);
		assert_int_equal(
		    store_q(u, a, &e, NULL,
		            "INSERT INTO settings (key, value) VALUES ('pin.left_open', 'v')", ""),
		    0);
		store_release(u);
		arena_free(a);
	}
	assert_int_equal(settings_count(f->st, "pin.%"), 2); /* seen inside the transaction */
	assert_int_equal(store_pin_end(c, true, &e), 0);
	assert_int_equal(settings_count(f->st, "pin.kept"), 1);
	assert_int_equal(settings_count(f->st, "pin.after_failure"), 1);
	assert_int_equal(settings_count(f->st, "pin.%"), 2);

	/* ended without a commit: the committed use cases inside are undone too */
	assert_int_equal(store_pin_begin(f->st, &c, &e), 0);
	assert_int_equal(use_case(f->st, "pin.aborted", true, false), 0);
	store_pin_end(c, false, &e);
	assert_int_equal(settings_count(f->st, "pin.aborted"), 0);
	/* and the connection is an ordinary one again */
	assert_int_equal(use_case(f->st, "pin.after", true, false), 0);
	assert_int_equal(settings_count(f->st, "pin.after"), 1);
}

/* PostgreSQL sessions get a statement_timeout and lock_timeout; a URL's options override only
 * what they name (docs/DEPLOY.md). */
static void test_pg_session_defaults(void **state)
{
	fixture *f = *state;
	err e;
	const char *urls[] = {f->url, NULL};
	char with_opts[600];
	snprintf(with_opts, sizeof with_opts, "%s?options=-c%%20statement_timeout%%3D5s", f->url);
	urls[1] = with_opts;
	const char *want[] = {"30s", "5s"};
	for (int i = 0; i < 2; i++) {
		store *st;
		assert_int_equal(store_open(urls[i], &st, &e), 0);
		store_conn *c = store_acquire(st, &e);
		arena *a = arena_new();
		store_result *r;
		assert_int_equal(store_q(c, a, &e, &r,
		                         "SELECT current_setting('statement_timeout') AS st, "
		                         "current_setting('lock_timeout') AS lt",
		                         ""),
		                 0);
		assert_string_equal(store_get(r, 0, "st"), want[i]);
		assert_string_equal(store_get(r, 0, "lt"), "10s");
		arena_free(a);
		store_release(c);
		store_close(st);
	}
}

struct writer {
	store *st;
	int n;
	int failed;
};

static void *write_events(void *arg)
{
	struct writer *w = arg;
	for (int i = 0; i < w->n; i++) {
		err e;
		store_conn *c = store_acquire(w->st, &e);
		arena *a = arena_new();
		json_t *p = json_pack("{s:i}", "i", i);
		if (!c || store_begin_write(c, &e) < 0 ||
		    events_append(c, a, &(event_in){"user:1", "test", "1", "test.written", NULL, p},
		                  NULL, &e) < 0 ||
		    store_commit(c, &e) < 0)
			w->failed++;
		json_decref(p);
		arena_free(a);
		store_release(c);
	}
	return NULL;
}

/* Several stores (as several nodes would have), two threads each, writing at once: one chain,
 * nothing lost. */
static void test_concurrent_writers_one_chain(void **state)
{
	fixture *f = *state;
	enum { NODES = 3, THREADS = 2, EACH = 40 };
	store *nodes[NODES];
	struct writer w[NODES * THREADS];
	pthread_t t[NODES * THREADS];
	err e;
	int64_t before, after, broken = 0;
	assert_int_equal(verify(f, &before, &broken), 0);
	for (int i = 0; i < NODES; i++)
		assert_int_equal(store_open(f->url, &nodes[i], &e), 0);
	for (int i = 0; i < NODES * THREADS; i++) {
		w[i] = (struct writer){nodes[i / THREADS], EACH, 0};
		assert_int_equal(pthread_create(&t[i], NULL, write_events, &w[i]), 0);
	}
	int failed = 0;
	for (int i = 0; i < NODES * THREADS; i++) { /* every thread, before any assertion */
		pthread_join(t[i], NULL);
		failed += w[i].failed;
	}
	assert_int_equal(failed, 0);
	for (int i = 0; i < NODES; i++)
		store_close(nodes[i]);
	assert_int_equal(verify(f, &after, &broken), 0);
	assert_int_equal(after - before, NODES * THREADS * EACH);
}

/* ---- SQLite's group commit ---- */

static int count_kind(fixture *f, const char *kind)
{
	err e;
	store_conn *c = store_acquire(f->st, &e);
	arena *a = arena_new();
	int64_t n = -1;
	assert_int_equal(
	    store_int(c, a, &e, &n, "SELECT count(*) FROM events WHERE kind = $1", "t", kind), 1);
	arena_free(a);
	store_release(c);
	return (int)n;
}

struct member {
	store *st;
	const char *kind;
	bool keep;
	int rc;
};

/* One writer: a write transaction with one event of its kind, committed or rolled back. */
static void *member_run(void *arg)
{
	struct member *m = arg;
	err e;
	err_clear(&e);
	store_conn *c = store_acquire(m->st, &e);
	arena *a = arena_new();
	json_t *p = json_object();
	m->rc = c && store_begin_write(c, &e) == 0 &&
	                events_append(c, a, &(event_in){"user:1", "test", "1", m->kind, NULL, p},
	                              NULL, &e) == 0
	            ? 0
	            : -1;
	if (m->rc == 0 && m->keep)
		m->rc = store_commit(c, &e);
	else
		store_rollback(c);
	json_decref(p);
	arena_free(a);
	store_release(c);
	return NULL;
}

/* The first writer is inside its transaction; the second waits for its turn (the writer's stats
 * say so); then the first ends, keeping or undoing its part, and the second runs. One COMMIT
 * serves both; each part is kept or undone as its writer said; the chain verifies. */
static void group_of_two(fixture *f, bool first_keeps, bool second_keeps)
{
	uint64_t commits0, commits1;
	int waiting;
	assert_int_equal(store_sqlite_writer_stats(f->path, &commits0, &waiting), 0);
	err e;
	store_conn *c = store_acquire(f->st, &e);
	arena *a = arena_new();
	json_t *p = json_object();
	assert_int_equal(store_begin_write(c, &e), 0);
	assert_int_equal(events_append(c, a,
	                               &(event_in){"user:1", "test", "1", "test.first", NULL, p},
	                               NULL, &e),
	                 0);
	struct member second = {f->st, "test.second", second_keeps, -2};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, member_run, &second), 0);
	for (int i = 0; i < 5000; i++) { /* up to 5 s for the second writer to queue */
		assert_int_equal(store_sqlite_writer_stats(f->path, &commits1, &waiting), 0);
		if (waiting == 1)
			break;
		usleep(1000);
	}
	assert_int_equal(waiting, 1);
	if (first_keeps)
		assert_int_equal(store_commit(c, &e), 0); /* returns once the group is on disk */
	else
		store_rollback(c);
	pthread_join(t, NULL);
	json_decref(p);
	arena_free(a);
	store_release(c);
	assert_int_equal(second.rc, 0);
	assert_int_equal(store_sqlite_writer_stats(f->path, &commits1, &waiting), 0);
	assert_int_equal(commits1 - commits0, first_keeps || second_keeps ? 1 : 0);
	assert_int_equal(count_kind(f, "test.first"), first_keeps);
	assert_int_equal(count_kind(f, "test.second"), second_keeps);
	int64_t count, broken = 0;
	assert_int_equal(verify(f, &count, &broken), 0);
}

static void test_group_commit_one_commit_for_two(void **state)
{
	group_of_two(*state, true, true);
}

static void test_group_commit_first_undone_second_kept(void **state)
{
	group_of_two(*state, false, true);
}

static void test_group_commit_first_kept_second_undone(void **state)
{
	group_of_two(*state, true, false);
}

/* Every table, column and named index of one store, as "table.column" lines. */
static char *schema_outline(store *st, const char *sql)
{
	err e;
	store_conn *c = store_acquire(st, &e);
	arena *a = arena_new();
	store_result *r;
	assert_int_equal(store_q(c, a, &e, &r, sql, ""), 0);
	size_t cap = 64, len = 0;
	char *out = calloc(1, cap);
	for (int i = 0; i < r->nrows; i++) {
		const char *line =
		    arena_printf(a, "%s.%s\n", store_get(r, i, "t"), store_get(r, i, "c"));
		while (len + strlen(line) + 1 > cap)
			out = realloc(out, cap *= 2);
		strcpy(out + len, line);
		len += strlen(line);
	}
	arena_free(a);
	store_release(c);
	return out;
}

/* The migrations of both drivers build the same tables, columns and indexes: a table added to
 * migrations/sqlite/ and not to migrations/pg/ (or the reverse) fails here. */
static void test_same_schema_on_both_stores(void **state)
{
	fixture *f = *state; /* the PostgreSQL one */
	char path[] = "/tmp/baotu-unit-XXXXXX", url[64];
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	snprintf(url, sizeof url, "sqlite:%s", path);
	store *lite;
	err e;
	int applied;
	assert_int_equal(store_open(url, &lite, &e), 0);
	assert_int_equal(store_migrate(lite, true, &applied, &e), 0);
	char *a = schema_outline(
	    lite,
	    "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p "
	    "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' UNION ALL "
	    "SELECT 'index', name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
	    "ORDER BY 1, 2");
	char *b = schema_outline(
	    f->st, "SELECT t, c FROM (SELECT table_name::text AS t, column_name::text AS c FROM "
	           "information_schema.columns WHERE table_schema = 'public' UNION ALL "
	           "SELECT 'index', indexname::text FROM pg_indexes WHERE schemaname = 'public' "
	           "AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key') x "
	           "ORDER BY t COLLATE \"C\", c COLLATE \"C\"");
	assert_string_equal(b, a);
	free(a);
	free(b);
	store_close(lite);
	unlink(path);
	char p[96];
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static void test_unknown_url_refused(void **state)
{
	store *s = NULL;
	err e;
	assert_int_equal(store_open("mysql://localhost/baotu", &s, &e), -1);
	assert_string_equal(e.code, "store_unsupported");
	assert_null(s);
}

/* Nothing listens on port 1: a clear 503, at once. */
static void test_postgres_unreachable(void **state)
{
	store *s = NULL;
	err e;
	assert_int_equal(store_open("postgres://baotu@127.0.0.1:1/baotu?connect_timeout=2", &s, &e),
	                 -1);
	assert_string_equal(e.code, "store_unavailable");
	assert_int_equal(e.status, 503);
	assert_null(s);
	assert_int_equal(store_open("postgresql://baotu@127.0.0.1:1/baotu", &s, &e), -1);
	assert_string_equal(e.code, "store_unavailable");
}

#define STORE_TESTS(X)                                                                             \
	X(test_chain_verifies)                                                                     \
	X(test_update_and_delete_refused)                                                          \
	X(test_payload_byte_changed)                                                               \
	X(test_reason_byte_changed)                                                                \
	X(test_time_changed)                                                                       \
	X(test_row_deleted)                                                                        \
	X(test_hash_rewritten)                                                                     \
	X(test_schema_newer_refused)                                                               \
	X(test_changed_migration_refused)                                                          \
	X(test_migrate_is_idempotent)                                                              \
	X(test_dollar_params_and_null)                                                             \
	X(test_blob_round_trip)                                                                    \
	X(test_one_liners)                                                                         \
	X(test_null_parameters_typed)                                                              \
	X(test_concurrent_writers_one_chain)                                                       \
	X(test_pinned_request_transaction)

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	pg_base = getenv("BAOTU_TEST_PG_URL");
	if (pg_base && !*pg_base)
		pg_base = NULL;
	struct CMUnitTest tests[64];
	size_t n = 0;
#define ON_BOTH(fn)                                                                                \
	tests[n++] = (struct CMUnitTest){#fn, fn, setup, teardown, (void *)&KIND_SQLITE};          \
	if (pg_base)                                                                               \
		tests[n++] =                                                                       \
		    (struct CMUnitTest){#fn " (postgres)", fn, setup, teardown, (void *)&KIND_PG};
	STORE_TESTS(ON_BOTH)
	if (pg_base)
		tests[n++] = (struct CMUnitTest){"test_same_schema_on_both_stores (postgres)",
		                                 test_same_schema_on_both_stores, setup, teardown,
		                                 (void *)&KIND_PG};
	if (pg_base)
		tests[n++] = (struct CMUnitTest){"test_pg_session_defaults (postgres)",
		                                 test_pg_session_defaults, setup, teardown,
		                                 (void *)&KIND_PG};
#define ON_SQLITE_ONLY(fn)                                                                         \
	tests[n++] = (struct CMUnitTest){#fn, fn, setup, teardown, (void *)&KIND_SQLITE};
	ON_SQLITE_ONLY(test_group_commit_one_commit_for_two)
	ON_SQLITE_ONLY(test_group_commit_first_undone_second_kept)
	ON_SQLITE_ONLY(test_group_commit_first_kept_second_undone)
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_unknown_url_refused);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_postgres_unreachable);
	return _cmocka_run_group_tests("store_events", tests, n, NULL, NULL);
}
