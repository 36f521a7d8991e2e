/* The PostgreSQL driver (libpq): one connection per store_conn, statements prepared once per
 * connection and cached, parameters typed from store_q's letters, results as text.
 *
 * Transactions. A write transaction is READ COMMITTED and its first statement takes one
 * advisory lock for the database (pg_advisory_xact_lock(CHAIN_LOCK)), held until commit or
 * rollback: writers are serialised across every node, as BEGIN IMMEDIATE serialises them on
 * SQLite, so the use cases (read, check, write, append an event) keep the meaning they have
 * there, and the event chain gets one head and commit order = chain order. Writes are
 * serialised by the single hash chain anyway (each one appends an event); reads are not.
 * READ COMMITTED, not REPEATABLE READ: every statement after the lock then sees what the
 * previous writer committed; a REPEATABLE READ snapshot would be taken by the locking
 * statement itself, before it waited, and so could miss the previous writer's rows.
 * A read transaction is REPEATABLE READ READ ONLY: one consistent snapshot for a page and
 * its counts, and (being read-only) it never fails with a serialization error.
 *
 * Errors and retries. SQLSTATE 40001 (serialization) and 40P01 (deadlock) answer 503
 * store_retry with Retry-After: inside a transaction the work is gone and only the whole use
 * case can be repeated, which is the client's to do (app_tx_begin/app_tx_end bracket code that
 * cannot be replayed from here). With writers serialised as above, neither error is expected in
 * practice. Retried here, where it is safe: a statement outside any transaction that hit 40001
 * or 40P01 (undone whole; up to three runs); BEGIN and its lock after a reconnect (nothing has
 * happened yet); and a connection the server closed while it sat idle in the pool, noticed
 * without a round trip and reset before use ("reconnect on the next acquire"). A server that
 * cannot be reached answers 503 store_unavailable; a lock wait longer than lock_timeout (10 s,
 * as SQLite's busy timeout) 503 store_busy.
 *
 * A connection lost during COMMIT is different: the server may have received COMMIT and made
 * the change durable before the answer was lost, so "try again" could write it twice. That
 * answers 500 commit_unknown without Retry-After; a client retries safely only with the same
 * Idempotency-Key (server.c), whose record commits in the same transaction as the write.
 *
 * A silent network cut (no RST, no FIN) must not hold a request and its thread for the kernel's
 * default of many minutes: every connection gets TCP keepalives and tcp_user_timeout, and a
 * statement_timeout (docs/DEPLOY.md lists the defaults; the URL may override each one). And
 * baotu waits for no answer longer than BAOTU_PG_ANSWER_TIMEOUT (await_answer): a peer that
 * acknowledges TCP but relays nothing defeats the TCP-level limits. */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/hex.h"
#include "lib/log.h"
#include "lib/oom.h"
#include "lib/time.h"
#include "store/store.h"

/* 'baotu' in ASCII: the advisory lock key of the write lock (per database). */
#define CHAIN_LOCK "422573945973"
#define STMT_CACHE_MAX 256
#define PARAMS_MAX 64

/* Type OIDs (catalog/pg_type_d.h, stable across versions). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25

struct pg_stmt {
	struct pg_stmt *next;
	char *sql;
	char sig[PARAMS_MAX + 1]; /* the parameter types, one letter each */
	char name[16];
};

typedef struct pg_conn {
	store_conn base;
	PGconn *db;
	struct pg_stmt *cache;
	int ncached;
	unsigned next_id;
	bool locked; /* this transaction holds the write lock */
	int64_t answer_timeout_us;
	bool gave_up; /* the last wait for an answer timed out */
} pg_conn;

/* How long to wait for the server's answer before giving the connection up. Longer than every
 * limit the server applies itself (statement_timeout 30 s, lock_timeout 10 s), so it fires only
 * when no answer can come: a peer that acknowledges TCP but relays nothing (a proxy whose
 * server vanished), where keepalives and tcp_user_timeout see a healthy connection. */
#define ANSWER_TIMEOUT_S_DEFAULT 40

static void notice_to_log(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "relation already exists, skipping" and the like: not worth a line */
}

static void cache_clear(pg_conn *c)
{
	for (struct pg_stmt *s = c->cache, *n; s; s = n) {
		n = s->next;
		free(s->sql);
		free(s);
	}
	c->cache = NULL;
	c->ncached = 0;
}

static bool conn_lost(pg_conn *c)
{
	return PQstatus(c->db) != CONNECTION_OK;
}

static bool retryable(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	return state && (!strcmp(state, "40001") || !strcmp(state, "40P01"));
}

/* One line for the log: libpq's messages end with a newline and may span several. */
static const char *one_line(char *buf, size_t n, const char *msg)
{
	snprintf(buf, n, "%s", msg ? msg : "?");
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	for (size_t len = strlen(buf); len && buf[len - 1] == ' '; len--)
		buf[len - 1] = 0;
	return buf;
}

static void log_conn_error(pg_conn *c)
{
	char m[512];
	log_error("postgres %s:%s/%s: %s", PQhost(c->db) ? PQhost(c->db) : "?",
	          PQport(c->db) ? PQport(c->db) : "?", PQdb(c->db) ? PQdb(c->db) : "?",
	          one_line(m, sizeof m, PQerrorMessage(c->db)));
}

static int unavailable(pg_conn *c, err *e)
{
	log_conn_error(c);
	err_set(e, 503, "store_unavailable", NULL,
	        "The database server cannot be reached; try again shortly.");
	e->retry_after_s = 2;
	return -1;
}

/* Maps a failed result (or none) to an err. res may be NULL. */
static int fail(pg_conn *c, PGresult *res, err *e, const char *what)
{
	if (!res || conn_lost(c))
		return unavailable(c, e);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (!state)
		state = "";
	char m[512];
	log_error("postgres %s: %s [%s]", what, one_line(m, sizeof m, PQresultErrorMessage(res)),
	          state);
	if (retryable(res)) {
		err_set(e, 503, "store_retry", NULL,
		        "The database could not order this change with another; try again.");
		e->retry_after_s = 1;
		return -1;
	}
	if (!strcmp(state, "55P03") || !strcmp(state, "57014")) {
		err_set(e, 503, "store_busy", NULL, "The database is busy; try again.");
		e->retry_after_s = 1;
		return -1;
	}
	if (!strncmp(state, "08", 2) || !strcmp(state, "57P01") || !strcmp(state, "57P02") ||
	    !strcmp(state, "57P03"))
		return unavailable(c, e);
	if (!strcmp(state, "23505"))
		return err_set(e, 409, "conflict", NULL, "A record with the same key exists.");
	if (!strcmp(state, "23503"))
		return err_set(e, 409, "in_use", NULL,
		               "The record is referenced by another record.");
	return err_set(e, 500, "store_error", NULL, "The database reported an error.");
}

/* Collects the answer to what PQsend* sent, as PQexec would (the first error, else the last
 * result), waiting at most answer_timeout_us for it. On time-out the socket is shut down, so
 * libpq reads end-of-file and the connection shows as lost (store_unavailable, or
 * commit_unknown for a COMMIT). NULL when nothing could be sent. */
static PGresult *await_answer(pg_conn *c, int sent)
{
	c->gave_up = false;
	if (!sent)
		return NULL;
	int64_t deadline = time_mono_us() + c->answer_timeout_us;
	PGresult *keep = NULL;
	for (;;) {
		while (PQisBusy(c->db)) {
			int64_t left = deadline - time_mono_us();
			if (left <= 0) {
				log_error("postgres: no answer in %lld s; giving the connection up",
				          (long long)(c->answer_timeout_us / 1000000));
				shutdown(PQsocket(c->db), SHUT_RDWR);
				c->gave_up = true;
				break;
			}
			struct pollfd p = {.fd = PQsocket(c->db), .events = POLLIN};
			int n = poll(&p, 1, (int)((left + 999) / 1000));
			if (n < 0 && errno != EINTR) {
				shutdown(PQsocket(c->db), SHUT_RDWR); /* never block below */
				break;
			}
			if (n > 0 && !PQconsumeInput(c->db))
				break; /* PQgetResult reports it */
		}
		PGresult *r = PQgetResult(c->db);
		if (!r)
			break;
		if (keep && PQresultStatus(keep) == PGRES_FATAL_ERROR) {
			PQclear(r);
		} else {
			PQclear(keep);
			keep = r;
		}
	}
	return keep;
}

static PGresult *run_simple(pg_conn *c, const char *sql)
{
	return await_answer(c, PQsendQuery(c->db, sql));
}

/* Runs a statement without parameters; ok is the status expected. */
static int exec_simple(pg_conn *c, const char *sql, err *e)
{
	PGresult *res = run_simple(c, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = fail(c, res, e, sql);
	PQclear(res);
	return rc;
}

/* A connection the server closed while it sat idle shows as readable: read, so that libpq
 * notices, and reset it before use. No round trip when all is well. A server shutting down
 * first sends an error (FATAL 57P01), which libpq takes as a notice, then closes: one read
 * takes the message and leaves the end of file unread, the connection still "OK", so read
 * again while the socket stays readable (a few times at most; an idle connection receives
 * nothing else but the odd notification). */
static int ensure_connected(pg_conn *c, err *e)
{
	for (int reads = 0; reads < 4 && !conn_lost(c); reads++) {
		struct pollfd p = {.fd = PQsocket(c->db), .events = POLLIN};
		if (p.fd < 0 || poll(&p, 1, 0) <= 0 || !PQconsumeInput(c->db))
			break;
	}
	if (!conn_lost(c))
		return 0;
	cache_clear(c); /* the server forgot the prepared statements */
	log_warn("postgres: connection lost; reconnecting");
	PQreset(c->db);
	if (conn_lost(c))
		return unavailable(c, e);
	log_info("postgres: reconnected");
	return 0;
}

static int pg_open(const char *url, store_conn **out, err *e)
{
	/* Defaults first: the URL's own settings (dbname expands it in place) override them,
	 * later keywords overriding earlier ones; the client encoding is ours to fix. */
	static const char *const keys[] = {"connect_timeout",
	                                   "fallback_application_name",
	                                   "keepalives",
	                                   "keepalives_idle",
	                                   "keepalives_interval",
	                                   "keepalives_count",
	                                   "tcp_user_timeout",
	                                   "dbname",
	                                   "options",
	                                   "client_encoding",
	                                   NULL};
	/* Keepalives: an idle connection whose peer vanished is noticed after about 5 + 3 * 2 s;
	 * tcp_user_timeout: data sent and not acknowledged for 10 s breaks the connection. */
	const char *vals[] = {"5", "baotu", "1", "5", "2", "3", "10000", url, NULL, "UTF8", NULL};
	/* options: ours, then the URL's, so that a URL's "-c statement_timeout=..." overrides only
	 * that one (a later -c wins) and keeps the others. It comes after dbname, which would
	 * otherwise replace ours whole. */
	char opts[1024];
	const char *url_opts = NULL;
	PQconninfoOption *parsed = PQconninfoParse(url, NULL);
	for (PQconninfoOption *o = parsed; o && o->keyword; o++)
		if (!strcmp(o->keyword, "options") && o->val)
			url_opts = o->val;
	snprintf(opts, sizeof opts,
	         "-c lock_timeout=10s -c idle_in_transaction_session_timeout=60s "
	         "-c statement_timeout=30s %s",
	         url_opts ? url_opts : "");
	vals[8] = opts;
	pg_conn *c = xcalloc(1, sizeof *c);
	c->db = PQconnectdbParams(keys, (const char *const *)vals, 1);
	PQconninfoFree(parsed);
	if (!c->db)
		abort(); /* out of memory */
	if (conn_lost(c)) {
		unavailable(c, e);
		PQfinish(c->db);
		free(c);
		return -1;
	}
	PQsetNoticeProcessor(c->db, notice_to_log, NULL);
	const char *wait = getenv("BAOTU_PG_ANSWER_TIMEOUT");
	long wait_s = wait && *wait ? strtol(wait, NULL, 10) : ANSWER_TIMEOUT_S_DEFAULT;
	c->answer_timeout_us = (wait_s > 0 ? wait_s : ANSWER_TIMEOUT_S_DEFAULT) * 1000000LL;
	*out = &c->base;
	return 0;
}

static void pg_close(store_conn *bc)
{
	pg_conn *c = (pg_conn *)bc;
	cache_clear(c);
	PQfinish(c->db);
	free(c);
}

static int pg_begin(store_conn *bc, bool write, err *e)
{
	pg_conn *c = (pg_conn *)bc;
	const char *sql = write ? "BEGIN ISOLATION LEVEL READ COMMITTED; "
	                          "SELECT pg_advisory_xact_lock(" CHAIN_LOCK ")"
	                        : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	c->locked = false;
	/* Twice at most: a connection found broken here is reset and BEGIN sent again, which is
	 * safe since nothing of this transaction has happened yet. */
	for (int attempt = 0;; attempt++) {
		if (ensure_connected(c, e) < 0)
			return -1;
		if (exec_simple(c, sql, e) == 0)
			break;
		/* a server that did not answer in time is not tried again at once: reconnecting
		 * would wait for connect_timeout too */
		bool gave_up = c->gave_up;
		if (!conn_lost(c) && PQtransactionStatus(c->db) != PQTRANS_IDLE)
			PQclear(run_simple(c, "ROLLBACK"));
		if (!conn_lost(c) || attempt == 1 || gave_up)
			return -1;
	}
	c->locked = write;
	return 0;
}

static int pg_commit(store_conn *bc, err *e)
{
	pg_conn *c = (pg_conn *)bc;
	c->locked = false;
	if (PQtransactionStatus(c->db) == PQTRANS_INERROR)
		return err_set(e, 500, "store_error", NULL, "The database reported an error.");
	/* Lost before COMMIT was sent: the server rolls the transaction back, nothing is saved,
	 * and "try again" is the truth. */
	if (conn_lost(c))
		return unavailable(c, e);
	PGresult *res = run_simple(c, "COMMIT");
	int rc = 0;
	if (!res || conn_lost(c)) {
		/* Lost after COMMIT was sent: whether it took effect is unknown here. */
		log_conn_error(c);
		rc = err_set(e, 500, "commit_unknown", NULL,
		             "The connection to the database broke while the change was being "
		             "saved: it may have been saved. Check before trying again, or retry "
		             "with the same Idempotency-Key.");
	} else if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = fail(c, res, e, "COMMIT");
	else if (strcmp(PQcmdStatus(res),
	                "COMMIT")) /* an aborted transaction "commits" as ROLLBACK */
		rc = err_set(e, 500, "store_error", NULL, "The database reported an error.");
	PQclear(res);
	return rc;
}

static void pg_rollback(store_conn *bc)
{
	pg_conn *c = (pg_conn *)bc;
	c->locked = false;
	if (!conn_lost(c) && PQtransactionStatus(c->db) != PQTRANS_IDLE)
		PQclear(run_simple(c, "ROLLBACK"));
}

static Oid type_of(char letter)
{
	switch (letter) {
	case 't':
		return OID_TEXT;
	case 'B':
		return OID_BYTEA;
	case 'i':
	case 'I':
	case 'b':
		return OID_INT8;
	default:
		return 0; /* unknown: the server infers it from the statement */
	}
}

/* The letter of store_q's types string; a value built without one goes by its kind. */
static char letter_of(const store_val *v)
{
	static const char by_kind[] = {
	    [SV_NULL] = '?', [SV_INT] = 'i', [SV_TEXT] = 't', [SV_BLOB] = 'B'};
	return v->type ? v->type : by_kind[v->kind];
}

static struct pg_stmt *prepare(pg_conn *c, const char *sql, int n, const store_val *p, err *e)
{
	char sig[PARAMS_MAX + 1];
	for (int i = 0; i < n; i++)
		sig[i] = letter_of(&p[i]);
	sig[n] = 0;
	for (struct pg_stmt *s = c->cache; s; s = s->next)
		if (!strcmp(s->sig, sig) && !strcmp(s->sql, sql))
			return s;
	if (c->ncached >= STMT_CACHE_MAX) {
		/* Bounded: forget them all rather than grow without limit. */
		PQclear(run_simple(c, "DEALLOCATE ALL"));
		cache_clear(c);
	}
	Oid types[PARAMS_MAX];
	for (int i = 0; i < n; i++)
		types[i] = type_of(sig[i]);
	struct pg_stmt *s = xcalloc(1, sizeof *s);
	snprintf(s->name, sizeof s->name, "b%u", ++c->next_id);
	PGresult *res = await_answer(c, PQsendPrepare(c->db, s->name, sql, n, types));
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		log_error("postgres prepare: %s", sql);
		fail(c, res, e, "prepare");
		PQclear(res);
		free(s);
		return NULL;
	}
	PQclear(res);
	s->sql = xstrdup(sql);
	memcpy(s->sig, sig, (size_t)n + 1);
	s->next = c->cache;
	c->cache = s;
	c->ncached++;
	return s;
}

/* bytea in text form is "\x" and hex digits (bytea_output = hex, the default). */
static const char *bytea_decode(arena *a, const char *t, size_t len)
{
	if (len < 2 || t[0] != '\\' || t[1] != 'x')
		return arena_strndup(a, t, len);
	size_t n = (len - 2) / 2;
	char *out = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(t[2 + 2 * i]), lo = hex_digit(t[3 + 2 * i]);
		out[i] = (char)((hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo));
	}
	out[n] = 0;
	return out;
}

static int pg_query(store_conn *bc, arena *a, const char *sql, int n, const store_val *p,
                    store_result **out, err *e)
{
	pg_conn *c = (pg_conn *)bc;
	if (n > PARAMS_MAX)
		abort(); /* programming error */
	if (!bc->in_tx && ensure_connected(c, e) < 0)
		return -1;
	if (conn_lost(c))
		return unavailable(c, e);
	struct pg_stmt *s = prepare(c, sql, n, p, e);
	if (!s)
		return -1;
	const char *values[PARAMS_MAX];
	int lengths[PARAMS_MAX], formats[PARAMS_MAX];
	char ints[PARAMS_MAX][24];
	for (int i = 0; i < n; i++) {
		lengths[i] = 0;
		formats[i] = 0;
		switch (p[i].kind) {
		case SV_INT:
			snprintf(ints[i], sizeof ints[i], "%lld", (long long)p[i].i);
			values[i] = ints[i];
			break;
		case SV_TEXT:
			values[i] = p[i].s;
			break;
		case SV_BLOB:
			values[i] = p[i].s;
			lengths[i] = (int)p[i].len;
			formats[i] = 1;
			break;
		default:
			values[i] = NULL;
		}
	}
	PGresult *res;
	ExecStatusType st;
	for (int attempt = 1;; attempt++) {
		res = await_answer(
		    c, PQsendQueryPrepared(c->db, s->name, n, values, lengths, formats, 0));
		st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
		/* A statement of its own (no transaction) that lost a serialization or deadlock
		 * race was undone whole: run it again, up to three times. */
		if (bc->in_tx || attempt == 3 || !retryable(res))
			break;
		PQclear(res);
		usleep(1000 * (unsigned)attempt);
	}
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		int rc = fail(c, res, e, "query");
		log_error("postgres query: %s", sql);
		PQclear(res);
		return rc;
	}
	store_result *r = arena_alloc(a, sizeof *r);
	r->ncols = PQnfields(res);
	r->nrows = PQntuples(res);
	r->cols = arena_alloc(a, sizeof(char *) * (size_t)(r->ncols ? r->ncols : 1));
	Oid *types = arena_alloc(a, sizeof(Oid) * (size_t)(r->ncols ? r->ncols : 1));
	for (int i = 0; i < r->ncols; i++) {
		r->cols[i] = arena_strdup(a, PQfname(res, i));
		types[i] = PQftype(res, i);
	}
	size_t cells = (size_t)r->nrows * (size_t)r->ncols;
	const char **vals = arena_alloc(a, sizeof(char *) * (cells ? cells : 1));
	for (int row = 0; row < r->nrows; row++)
		for (int i = 0; i < r->ncols; i++) {
			const char **v = &vals[(size_t)row * (size_t)r->ncols + (size_t)i];
			if (PQgetisnull(res, row, i)) {
				*v = NULL;
				continue;
			}
			const char *t = PQgetvalue(res, row, i);
			size_t len = (size_t)PQgetlength(res, row, i);
			if (types[i] == OID_BYTEA)
				*v = bytea_decode(a, t,
				                  len); /* read back as its bytes, as on SQLite */
			else if (types[i] == OID_BOOL)
				*v = t[0] == 't' ? "1" : "0"; /* as SQLite's 0/1 */
			else
				*v = arena_strndup(a, t, len);
		}
	PQclear(res);
	r->vals = vals;
	*out = r;
	return 0;
}

static int pg_exec_script(store_conn *bc, const char *sql, err *e)
{
	pg_conn *c = (pg_conn *)bc;
	if (!bc->in_tx && ensure_connected(c, e) < 0)
		return -1;
	return exec_simple(c, sql, e);
}

static int pg_lock_chain(store_conn *bc, err *e)
{
	pg_conn *c = (pg_conn *)bc;
	if (c->locked)
		return 0; /* begin(write) took it */
	if (exec_simple(c, "SELECT pg_advisory_xact_lock(" CHAIN_LOCK ")", e) < 0)
		return -1;
	c->locked = true;
	return 0;
}

const store_driver store_pg_driver = STORE_DRIVER("pg", pg);
