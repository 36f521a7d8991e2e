/* The SQLite driver: WAL, synchronous=FULL, foreign keys, busy timeout, one writer.
 * Statements are prepared once per connection and cached.
 *
 * Group commit. Every write transaction of the process runs on one writer connection per
 * database file (sq_group.w), whatever pool connection its use case holds: a write's
 * statements are routed there (target()). Writers take turns (one at a time, as before); each
 * runs inside a savepoint of a transaction that stays open while other writers are waiting, and
 * the last writer of the group commits it, once, for all of them. Nobody is answered before
 * that COMMIT has returned (synchronous=FULL: the write is on disk), so an acknowledged write
 * stays durable; one fsync serves every writer that queued behind it, instead of one each.
 * A writer whose use case fails rolls back its own savepoint only; a COMMIT that fails fails
 * every member of the group (nothing of it is kept). A lone writer commits at once: no writer
 * ever waits for company. */
#include <pthread.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"
#include "lib/oom.h"
#include "store/store.h"

/* How many writers one COMMIT may serve at the most (their answers wait for it). */
#define GROUP_MAX 64

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

typedef struct sq_group sq_group;

typedef struct sqlite_conn {
	store_conn base;
	sqlite3 *db;
	struct cached *cache[CACHE_BUCKETS];
	int ncached;
	sq_group *g;    /* the file's writer (NULL on the writer connection itself) */
	bool writing;   /* a write transaction of this connection's runs on g->w */
	uint64_t group; /* and the number of its group */
} sqlite_conn;

/* The writer of one database file, shared by the pool's connections to it (see the top). */
struct sq_group {
	sq_group *next; /* the registry of files */
	char *path;
	int refs;
	pthread_mutex_t mu;
	pthread_cond_t turn;  /* busy went false */
	pthread_cond_t ended; /* a group was committed (or failed) */
	sqlite_conn *w;       /* the writer connection; opened with the group */
	bool busy;            /* a writer runs, or the group commits */
	bool open;            /* BEGIN IMMEDIATE is in force on w */
	int waiting;          /* writers waiting for their turn */
	int members;          /* writers whose part of the open group is done and kept */
	uint64_t gen;         /* the open (or next) group's number */
	uint64_t done;        /* the last group ended */
	int result;           /* its COMMIT: 0 or -1 */
	uint64_t commits;     /* COMMITs run (store_sqlite_writer_stats) */
	err result_err;       /* and why it failed (no details) */
};

static pthread_mutex_t groups_mu = PTHREAD_MUTEX_INITIALIZER;
static sq_group *groups;

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

static int open_handle(const char *path, store_conn **out, err *e)
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

static int open_conn(const char *path, sqlite_conn **out, err *e)
{
	store_conn *bc;
	if (open_handle(path, &bc, e) < 0)
		return -1;
	*out = (sqlite_conn *)bc;
	return 0;
}

static void close_conn(sqlite_conn *c)
{
	cache_clear(c);
	sqlite3_close(c->db);
	free(c);
}

/* The group of path, made (with its writer connection) by the first connection to it. */
static sq_group *group_of(const char *path, err *e)
{
	pthread_mutex_lock(&groups_mu);
	sq_group *g = groups;
	while (g && strcmp(g->path, path))
		g = g->next;
	if (!g) {
		sqlite_conn *w;
		if (open_conn(path, &w, e) < 0) {
			pthread_mutex_unlock(&groups_mu);
			return NULL;
		}
		g = xcalloc(1, sizeof *g);
		g->path = xstrdup(path);
		g->w = w;
		pthread_mutex_init(&g->mu, NULL);
		pthread_cond_init(&g->turn, NULL);
		pthread_cond_init(&g->ended, NULL);
		g->gen = 1;
		g->next = groups;
		groups = g;
	}
	g->refs++;
	pthread_mutex_unlock(&groups_mu);
	return g;
}

static void group_put(sq_group *g)
{
	pthread_mutex_lock(&groups_mu);
	if (--g->refs == 0) {
		sq_group **p = &groups;
		while (*p != g)
			p = &(*p)->next;
		*p = g->next;
		close_conn(g->w);
		pthread_mutex_destroy(&g->mu);
		pthread_cond_destroy(&g->turn);
		pthread_cond_destroy(&g->ended);
		free(g->path);
		free(g);
	}
	pthread_mutex_unlock(&groups_mu);
}

static int sq_open(const char *path, store_conn **out, err *e)
{
	sqlite_conn *c;
	if (open_conn(path, &c, e) < 0)
		return -1;
	if (!(c->g = group_of(path, e))) {
		close_conn(c);
		return -1;
	}
	*out = &c->base;
	return 0;
}

static void sq_close(store_conn *bc)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	sq_group *g = c->g;
	close_conn(c);
	group_put(g);
}

/* The connection a statement of c runs on: the file's writer during c's write transaction. */
static sqlite_conn *target(store_conn *bc)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	return c->writing ? c->g->w : c;
}

/* Ends c's turn as a writer: hands the open group to a waiting writer, or, when none waits,
 * commits it (or, holding nothing kept, rolls it back). kept: c's part stays in the group.
 * Returns the COMMIT's outcome for a kept part (after it, whoever ran it), else 0. */
static int turn_end(sqlite_conn *c, bool kept, err *e)
{
	sq_group *g = c->g;
	uint64_t mine = c->group;
	c->writing = false;
	pthread_mutex_lock(&g->mu);
	if (kept)
		g->members++;
	bool alive = !sqlite3_get_autocommit(g->w->db); /* an I/O error may have undone it all */
	if (alive && g->waiting > 0 && g->members < GROUP_MAX) {
		g->busy = false;
		pthread_cond_signal(&g->turn);
		int rc = 0;
		if (kept) {
			while (g->done < mine)
				pthread_cond_wait(&g->ended, &g->mu);
			rc = g->result;
			if (rc < 0) {
				*e = g->result_err;
				e->details = NULL;
			}
		}
		pthread_mutex_unlock(&g->mu);
		return rc;
	}
	/* the last writer of the group: busy stays set, so nobody starts during the COMMIT */
	int members = g->members;
	pthread_mutex_unlock(&g->mu);
	err ce;
	err_clear(&ce);
	int rc = 0;
	if (!alive)
		rc = members ? err_set(&ce, 500, "store_error", NULL,
		                       "The database reported an error.")
		             : 0;
	else if (members && (rc = step_simple(g->w, "COMMIT", &ce)) == 0)
		g->commits++; /* only the turn holder writes it */
	else
		step_simple(g->w, "ROLLBACK", &ce);
	if (!sqlite3_get_autocommit(g->w->db))
		step_simple(g->w, "ROLLBACK", &(err){0});
	pthread_mutex_lock(&g->mu);
	g->open = false;
	g->members = 0;
	g->done = mine;
	g->result = rc;
	g->result_err = ce;
	g->result_err.details = NULL;
	g->gen = mine + 1;
	g->busy = false;
	pthread_cond_broadcast(&g->ended);
	pthread_cond_signal(&g->turn);
	pthread_mutex_unlock(&g->mu);
	if (kept && rc < 0) {
		*e = ce;
		e->details = NULL;
	}
	err_free_details(&ce);
	return kept ? rc : 0;
}

static int sq_begin(store_conn *bc, bool write, err *e)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	if (!write)
		return step_simple(c, "BEGIN DEFERRED", e);
	sq_group *g = c->g;
	pthread_mutex_lock(&g->mu);
	while (g->busy) {
		g->waiting++;
		pthread_cond_wait(&g->turn, &g->mu);
		g->waiting--;
	}
	g->busy = true;
	bool open = g->open;
	c->group = g->gen;
	pthread_mutex_unlock(&g->mu);
	if (!open) {
		if (step_simple(g->w, "BEGIN IMMEDIATE", e) < 0) {
			pthread_mutex_lock(&g->mu);
			g->busy = false;
			pthread_cond_signal(&g->turn);
			pthread_mutex_unlock(&g->mu);
			return -1;
		}
		pthread_mutex_lock(&g->mu);
		g->open = true;
		pthread_mutex_unlock(&g->mu);
	}
	c->writing = true;
	if (step_simple(g->w, "SAVEPOINT group_member", e) < 0) {
		turn_end(c, false, &(err){0});
		return -1;
	}
	return 0;
}

static int sq_commit(store_conn *bc, err *e)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	if (!c->writing)
		return step_simple(c, "COMMIT", e);
	if (step_simple(c->g->w, "RELEASE group_member", e) < 0)
		return -1; /* store_commit() calls rollback, which ends the turn */
	return turn_end(c, true, e);
}

static void sq_rollback(store_conn *bc)
{
	sqlite_conn *c = (sqlite_conn *)bc;
	if (!c->writing) {
		if (!sqlite3_get_autocommit(c->db))
			step_simple(c, "ROLLBACK", &(err){0});
		return;
	}
	sqlite_conn *w = c->g->w;
	if (!sqlite3_get_autocommit(w->db) &&
	    step_simple(w, "ROLLBACK TO group_member", &(err){0}) == 0)
		step_simple(w, "RELEASE group_member", &(err){0});
	turn_end(c, false, &(err){0});
}

char *store_sqlite_rewrite_params(const char *sql)
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
	char *text = store_sqlite_rewrite_params(sql);
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
	sqlite_conn *c = target(bc);
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
	return exec_simple(target(bc), sql, e);
}

static int sq_lock_chain(store_conn *bc, err *e)
{
	/* BEGIN IMMEDIATE on the writer connection already made this transaction the only one. */
	return 0;
}

int store_sqlite_writer_stats(const char *path, uint64_t *commits, int *waiting)
{
	int rc = -1;
	pthread_mutex_lock(&groups_mu);
	for (sq_group *g = groups; g; g = g->next)
		if (!strcmp(g->path, path)) {
			pthread_mutex_lock(&g->mu);
			*commits = g->commits;
			*waiting = g->waiting;
			pthread_mutex_unlock(&g->mu);
			rc = 0;
		}
	pthread_mutex_unlock(&groups_mu);
	return rc;
}

const store_driver store_sqlite_driver = STORE_DRIVER("sqlite", sq);
