/* The SQLite driver: WAL, synchronous=FULL, foreign keys, busy timeout, one writer.
 * Statements are prepared once per connection and cached. */
#include <pthread.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"
#include "lib/oom.h"
#include "store/store.h"

/* One writer per process; BEGIN IMMEDIATE and the busy timeout cover other processes. */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

/* The statement cache: a hash table of the SQL texts (FNV-1a) with chains, at most
 * CACHE_MAX statements a connection. A look-up hashes the text once and compares it with the
 * one entry of the same hash, where a list compared it with every statement before it. */
#define CACHE_BUCKETS 512 /* a power of two */
#define CACHE_MAX 256

struct cached {
	struct cached *next;
	uint64_t hash;
	char *key_copy;
	sqlite3_stmt *stmt;
};

typedef struct sqlite_conn {
	store_conn base;
	sqlite3 *db;
	struct cached *cache[CACHE_BUCKETS];
	int ncached;
	bool holds_write;
} sqlite_conn;

static uint64_t text_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void cache_clear(sqlite_conn *c)
{
	for (int b = 0; b < CACHE_BUCKETS; b++) {
		for (struct cached *k = c->cache[b], *n; k; k = n) {
			n = k->next;
			sqlite3_finalize(k->stmt);
			free(k->key_copy);
			free(k);
		}
		c->cache[b] = NULL;
	}
	c->ncached = 0;
}

static sqlite3_stmt *prepare(sqlite_conn *c, const char *sql, err *e);
static int step_simple(sqlite_conn *c, const char *sql, err *e);

static int fail(sqlite_conn *c, err *e, const char *what)
{
	int code = sqlite3_extended_errcode(c->db);
	log_error("sqlite %s: %s (%d)", what, sqlite3_errmsg(c->db), code);
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return err_set(e, 503, "store_busy", NULL, "The database is busy; try again.");
	if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
		return err_set(e, 409, "conflict", NULL, "A record with the same key exists.");
	if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
		return err_set(e, 409, "in_use", NULL,
		               "The record is referenced by another record.");
	return err_set(e, 500, "store_error", NULL, "The database reported an error.");
}

static int exec_simple(sqlite_conn *c, const char *sql, err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sqlite: %s: %s", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return fail(c, e, "exec");
	}
	return 0;
}

static int sq_open(const char *path, store_conn **out, err *e)
{
	sqlite_conn *c = xcalloc(1, sizeof *c);
	int rc = sqlite3_open_v2(
	    path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		log_error("sqlite open %s: %s", path, c->db ? sqlite3_errmsg(c->db) : "?");
		sqlite3_close(c->db);
		free(c);
		return err_set(e, 503, "store_unavailable", "db", "Cannot open the database file.");
	}
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_extended_result_codes(c->db, 1);
	/* temp_store=MEMORY: the statement journal of each multi-row INSERT inside a transaction
	 * (a copy of the pages that one statement changes, to undo it alone) stays in memory
	 * instead of a temporary file written and thrown away for every ten metric points. */
	if (exec_simple(c,
	                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                "PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF; "
	                "PRAGMA temp_store=MEMORY;",
	                e) < 0) {
		sqlite3_close(c->db);
		free(c);
		return -1;
	}
	*out = &c->base;
	return 0;
}

static void sq_close(store_conn *bc)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	cache_clear(c);
	sqlite3_close(c->db);
	free(c);
}

static int sq_begin(store_conn *bc, bool write, err *e)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	if (write) {
		pthread_mutex_lock(&write_mu);
		c->holds_write = true;
	}
	if (step_simple(c, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", e) < 0) {
		if (write) {
			c->holds_write = false;
			pthread_mutex_unlock(&write_mu);
		}
		return -1;
	}
	return 0;
}

static void release_write(sqlite_conn *c)
{
	if (c->holds_write) {
		c->holds_write = false;
		pthread_mutex_unlock(&write_mu);
	}
}

static int sq_commit(store_conn *bc, err *e)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	int rc = step_simple(c, "COMMIT", e);
	if (rc == 0)
		release_write(c);
	return rc; /* on failure store_commit() calls rollback, which releases */
}

static void sq_rollback(store_conn *bc)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	if (!sqlite3_get_autocommit(c->db))
		step_simple(c, "ROLLBACK", &(err){0});
	release_write(c);
}

/* $1 -> ?1, outside quoted strings. */
static char *rewrite_params(const char *sql)
{
	buf b = BUF_INIT;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			buf_putc(&b, '?');
			continue;
		}
		buf_putc(&b, *p);
	}
	return buf_take(&b);
}

static sqlite3_stmt *prepare(sqlite_conn *c, const char *sql, err *e)
{
	uint64_t h = text_hash(sql);
	struct cached **bucket = &c->cache[h & (CACHE_BUCKETS - 1)];
	for (struct cached *k = *bucket; k; k = k->next)
		if (k->hash == h && !strcmp(k->key_copy, sql)) {
			sqlite3_reset(k->stmt);
			sqlite3_clear_bindings(k->stmt);
			return k->stmt;
		}
	char *text = rewrite_params(sql);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(c->db, text, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	free(text);
	if (rc != SQLITE_OK) {
		log_error("sqlite prepare: %s: %s", sql, sqlite3_errmsg(c->db));
		fail(c, e, "prepare");
		return NULL;
	}
	if (c->ncached >= CACHE_MAX)
		cache_clear(c); /* bounded: drop the whole cache rather than grow without limit */
	struct cached *k = xcalloc(1, sizeof *k);
	k->hash = h;
	k->key_copy = xstrdup(sql);
	k->stmt = st;
	k->next = *bucket;
	*bucket = k;
	c->ncached++;
	return st;
}

/* One statement without parameters or rows (BEGIN, COMMIT, ROLLBACK), prepared once: parsing
 * it again at every transaction was a tenth of a small read's time. */
static int step_simple(sqlite_conn *c, const char *sql, err *e)
{
	sqlite3_stmt *st = prepare(c, sql, e);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		log_error("sqlite: %s: %s", sql, sqlite3_errmsg(c->db));
		return fail(c, e, "exec");
	}
	return 0;
}

static int sq_query(store_conn *bc, arena *a, const char *sql, int n, const store_val *p,
                    store_result **out, err *e)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	sqlite3_stmt *st = prepare(c, sql, e);
	if (!st)
		return -1;
	for (int i = 0; i < n; i++) {
		int rc;
		switch (p[i].kind) {
		case SV_INT:
			rc = sqlite3_bind_int64(st, i + 1, p[i].i);
			break;
		case SV_TEXT:
			rc = sqlite3_bind_text(st, i + 1, p[i].s, -1, SQLITE_STATIC);
			break;
		case SV_BLOB:
			rc = sqlite3_bind_blob64(st, i + 1, p[i].s, p[i].len, SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_null(st, i + 1);
		}
		if (rc != SQLITE_OK)
			return fail(c, e, "bind");
	}
	store_result *r = arena_alloc(a, sizeof *r);
	r->ncols = sqlite3_column_count(st);
	r->cols = arena_alloc(a, sizeof(char *) * (size_t)(r->ncols ? r->ncols : 1));
	for (int i = 0; i < r->ncols; i++)
		r->cols[i] = arena_strdup(a, sqlite3_column_name(st, i));
	size_t cap = 0;
	const char **vals = NULL;
	for (;;) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			int ret = fail(c, e, "step");
			sqlite3_reset(st);
			return ret;
		}
		size_t need = (size_t)(r->nrows + 1) * (size_t)r->ncols;
		if (need > cap) {
			size_t ncap = cap ? cap * 2 : (size_t)r->ncols * 8;
			while (ncap < need)
				ncap *= 2;
			const char **nv = arena_alloc(a, sizeof(char *) * ncap);
			if (cap)
				memcpy(nv, vals, sizeof(char *) * cap);
			vals = nv;
			cap = ncap;
		}
		for (int i = 0; i < r->ncols; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			vals[r->nrows * r->ncols + i] =
			    t ? arena_strndup(a, (const char *)t,
			                      (size_t)sqlite3_column_bytes(st, i))
			      : NULL;
		}
		r->nrows++;
	}
	sqlite3_reset(st);
	r->vals = vals;
	*out = r;
	return 0;
}

static int sq_exec_script(store_conn *bc, const char *sql, err *e)
{
	return exec_simple((sqlite_conn *)bc, sql, e);
}

static int sq_lock_chain(store_conn *bc, err *e)
{
	/* BEGIN IMMEDIATE already made this connection the only writer. */
	return 0;
}

const store_driver store_sqlite_driver = STORE_DRIVER("sqlite", sq);
