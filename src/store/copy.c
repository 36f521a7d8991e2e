/* baotu store copy: one store into another, blank, store, table by table.
 *
 * Why the target must be blank rather than migrated: migrating appends schema.migrated events,
 * and the target's chain must be the source's, event for event. So the copy creates this
 * binary's schema on the target itself (store_schema_create: the DDL and schema_migrations
 * rows, no event), then copies every table in an order that satisfies the foreign keys, each
 * in pages by its primary key, values typed from the target's columns, ids kept as they are
 * (OVERRIDING SYSTEM VALUE for PostgreSQL's identity columns, whose sequences are then moved
 * past the source's high-water mark, so that an id is never handed out twice; SQLite's
 * sqlite_sequence likewise). Events are plain INSERTs: the append-only triggers refuse only
 * UPDATE, DELETE and TRUNCATE. The write transaction commits only when every table's count
 * matches the source's and the chain verifies on the target, ending on the source's hash. */
#include "store/copy.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/log.h"
#include "store/events.h"

#define MAX_COLS 48
#define MAX_KEY 4

typedef struct copy_table {
	const char *name;
	const char *key; /* the primary key's columns, comma-separated, in order */
	bool identity;   /* "id" is handed out by the database (AUTOINCREMENT, IDENTITY) */
	int page;        /* rows per read: small where a row may be megabytes */
} copy_table;

/* Every table but schema_migrations, parents before children (foreign keys hold on the target
 * as each row goes in). A table not listed here makes the copy refuse: a new migration adds its
 * tables to this list. */
static const copy_table TABLES[] = {
    {"settings", "key", false, 500},
    {"institutions", "id", true, 500},
    {"users", "id", true, 500},
    {"sessions", "token_hash", false, 500},
    {"calendar_days", "date", false, 500},
    {"batches", "id", true, 500},
    {"projects", "id", true, 200},
    {"project_members", "project_id,institution_id", false, 500},
    {"blobs", "sha256", false, 4},
    {"materials", "id", true, 500},
    {"decisions", "id", true, 500},
    {"experts", "user_id", false, 500},
    {"assignments", "project_id,expert_id", false, 500},
    {"conflicts", "project_id,expert_id,source", false, 500},
    {"score_sheets", "project_id,expert_id", false, 500},
    {"recusal_requests", "id", true, 500},
    {"sheet_exclusions", "project_id,expert_id", false, 500},
    {"notices", "id", true, 200},
    {"comments", "id", true, 500},
    {"jobs", "id", true, 500},
    {"project_metrics", "id", true, 500},
    {"idempotency_keys", "owner,method,path,idem_key", false, 200},
    /* supervision: risk indicators (§4.3) */
    {"indicators", "id", true, 500},
    {"api_tokens", "id", true, 500},
    {"metric_points", "indicator_id,at", false, 1000},
    {"alerts", "id", true, 500},
    /* supervision: complaints and information exchange (§4.3) */
    {"complaints", "id", true, 500},
    {"complaint_notes", "id", true, 500},
    {"threads", "id", true, 500},
    {"messages", "id", true, 500},
    {"message_attachments", "id", true, 500},
    {"message_reads", "message_id,user_id", false, 500},
    {"situations", "id", true, 500},
    /* supervision: reports and notifications */
    {"report_schedules", "project_id", false, 500},
    {"reports", "id", true, 500},
    {"report_versions", "report_id,version", false, 200},
    {"report_attachments", "id", true, 500},
    {"notifications", "id", true, 1000},
    {"webhooks", "id", true, 500},
    {"outbox", "id", true, 200},
    {"scheduler_heartbeats", "node", false, 500},
    /* supervision: inspections and incidents (§4.3 items 3 and 4) */
    {"inspections", "id", true, 500},
    {"inspection_requests", "id", true, 500},
    {"inspection_findings", "id", true, 500},
    {"inspection_orders", "id", true, 500},
    {"inspection_files", "id", true, 500},
    {"incidents", "id", true, 500},
    {"incident_entries", "id", true, 500},
    {"incident_losses", "id", true, 500},
    /* the end of a pilot (§4.4, §5.1): stage evaluation, rectification, recognitions */
    {"evaluations", "id", true, 500},
    {"evaluation_scores", "evaluation_id,side,criterion", false, 500},
    {"rectification_orders", "id", true, 500},
    {"recognitions", "id", true, 500},
    /* the end of a pilot (§4.4): sanctions and exit */
    {"sanctions", "id", true, 500},
    {"exit_applications", "id", true, 500},
    {"exits", "id", true, 500},
    {"exit_items", "exit_id,item", false, 500},
    /* the end of a pilot (§5.2): fault tolerance */
    {"fault_tolerance_determinations", "id", true, 500},
    /* retention and legal hold */
    {"legal_holds", "id", true, 500},
    /* log-in throttling and anonymous write limits */
    {"throttle_hits", "id", true, 500},
    /* the second log-in factor, recovery codes, half-done log-ins */
    {"user_totp", "user_id", false, 500},
    {"recovery_codes", "id", true, 500},
    {"login_pending", "token_hash", false, 500},
    /* the public transparency log */
    {"log_params", "id", false, 500},
    {"log_leaves", "idx", false, 500},
    {"log_nodes", "level,idx", false, 1000},
    {"log_heads", "tree_size", false, 500},
    {"log_witnesses", "id", true, 500},
    {"log_cosignatures", "tree_size,witness_id", false, 500},
    {"events", "seq", false, 1000},
};
#define NTABLES (sizeof TABLES / sizeof *TABLES)

typedef struct column {
	const char *name;
	char type; /* store_q's letter: 'i' integer, 't' text, 'B' bytes */
} column;

static bool is_pg(const store_conn *c)
{
	return !strcmp(c->drv->name, "pg");
}

static int query(store_conn *c, arena *a, const char *sql, int n, const store_val *p,
                 store_result **out, err *e)
{
	store_result *r = NULL;
	int rc = c->drv->query(c, a, sql, n, p, &r, e);
	if (out)
		*out = r;
	return rc;
}

/* The base tables of c's database (of the current schema on PostgreSQL), sorted. */
static int table_names(store_conn *c, arena *a, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               is_pg(c)
	                   ? "SELECT table_name AS name FROM information_schema.tables "
	                     "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
	                     "ORDER BY 1"
	                   : "SELECT name FROM sqlite_master WHERE type = 'table' "
	                     "AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY 1",
	               "");
}

static bool has_name(const store_result *r, const char *name)
{
	for (int i = 0; i < r->nrows; i++)
		if (!strcmp(r->vals[i], name))
			return true;
	return false;
}

static const copy_table *known_table(const char *name)
{
	for (size_t i = 0; i < NTABLES; i++)
		if (!strcmp(TABLES[i].name, name))
			return &TABLES[i];
	return NULL;
}

static char letter_of_type(const char *declared)
{
	if (strcasestr(declared, "int"))
		return 'i';
	if (strcasestr(declared, "blob") || strcasestr(declared, "bytea"))
		return 'B';
	return 't';
}

static int columns_of(store_conn *c, arena *a, const char *table, column *cols, int *n, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            is_pg(c) ? "SELECT column_name AS name, data_type AS type "
	                       "FROM information_schema.columns WHERE table_schema = "
	                       "current_schema() AND table_name = $1 ORDER BY ordinal_position"
	                     : "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
	            "t", table) < 0)
		return -1;
	if (r->nrows > MAX_COLS || r->nrows == 0)
		return err_setf(e, 500, "store_copy_schema_differs",
		                "The table {field} differs between the source and the target.",
		                "%s", table);
	for (int i = 0; i < r->nrows; i++)
		cols[i] =
		    (column){store_get(r, i, "name"), letter_of_type(store_get(r, i, "type"))};
	*n = r->nrows;
	return 0;
}

/* The target's columns, each present in the source with the same kind. */
static int same_columns(const char *table, const column *s, int ns, const column *d, int nd, err *e)
{
	bool ok = ns == nd;
	for (int i = 0; ok && i < nd; i++) {
		bool found = false;
		for (int k = 0; k < ns; k++)
			if (!strcmp(s[k].name, d[i].name) && s[k].type == d[i].type)
				found = true;
		ok = found;
	}
	if (!ok)
		return err_setf(e, 500, "store_copy_schema_differs",
		                "The table {field} differs between the source and the target.",
		                "%s", table);
	return 0;
}

static store_val value_of(const char *v, size_t len, char type, bool *bad)
{
	if (!v)
		return (store_val){.kind = SV_NULL, .type = type};
	if (type == 'i') {
		char *end;
		errno = 0;
		long long i = strtoll(v, &end, 10);
		if (errno || end == v || *end)
			*bad = true;
		return (store_val){.kind = SV_INT, .i = i, .type = 'i'};
	}
	if (type == 'B')
		return (store_val){.kind = SV_BLOB, .s = v, .len = len, .type = 'B'};
	return (store_val){.kind = SV_TEXT, .s = v, .type = 't'};
}

static int64_t count_rows(store_conn *c, arena *a, const char *table, err *e)
{
	store_result *r;
	const char *sql = arena_printf(a, "SELECT count(*) AS n FROM \"%s\"", table);
	if (store_q(c, a, e, &r, sql, "") < 0)
		return -1;
	return store_get_int(r, 0, "n");
}

/* Copies the rows of t; *max_id is the largest "id" seen (identity tables). */
static int copy_rows(store_conn *s, store_conn *d, const copy_table *t, const column *cols,
                     int ncols, int64_t *copied, int64_t *max_id, err *e)
{
	int rc = -1;
	arena *qa = arena_new(), *prev = NULL;
	/* The key's columns, by their index in cols. */
	int key[MAX_KEY], nkey = 0, id_col = -1;
	char keybuf[128];
	snprintf(keybuf, sizeof keybuf, "%s", t->key);
	for (char *save, *k = strtok_r(keybuf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		int found = -1;
		for (int i = 0; i < ncols; i++)
			if (!strcmp(cols[i].name, k))
				found = i;
		if (found < 0 || nkey == MAX_KEY) {
			err_setf(e, 500, "store_copy_schema_differs",
			         "The table {field} differs between the source and the target.",
			         "%s", t->name);
			goto out;
		}
		key[nkey++] = found;
	}
	for (int i = 0; i < ncols; i++)
		if (t->identity && !strcmp(cols[i].name, "id") && cols[i].type == 'i')
			id_col = i;
	if (t->identity && id_col < 0) {
		err_setf(e, 500, "store_copy_schema_differs",
		         "The table {field} differs between the source and the target.", "%s",
		         t->name);
		goto out;
	}

	/* SELECT "a", "b", length("blob") ... ORDER BY key; blobs' lengths come after the columns,
	 * since a BLOB reads back as bytes whose length the text accessors cannot tell. */
	buf list = BUF_INIT, lens = BUF_INIT, order = BUF_INIT, keys = BUF_INIT, marks = BUF_INIT;
	for (int i = 0; i < ncols; i++) {
		buf_printf(&list, "%s\"%s\"", i ? ", " : "", cols[i].name);
		buf_printf(&marks, "%s$%d", i ? ", " : "", i + 1);
		if (cols[i].type == 'B')
			buf_printf(&lens, ", length(\"%s\")", cols[i].name);
	}
	for (int k = 0; k < nkey; k++) {
		buf_printf(&order, "%s\"%s\"", k ? ", " : "", cols[key[k]].name);
		buf_printf(&keys, "%s$%d", k ? ", " : "", k + 1);
	}
	const char *first =
	    arena_printf(qa, "SELECT %s%s FROM \"%s\" ORDER BY %s LIMIT $1", buf_cstr(&list),
	                 buf_cstr(&lens), t->name, buf_cstr(&order));
	const char *next = arena_printf(qa,
	                                "SELECT %s%s FROM \"%s\" WHERE (%s) > (%s) ORDER BY %s "
	                                "LIMIT $%d",
	                                buf_cstr(&list), buf_cstr(&lens), t->name, buf_cstr(&order),
	                                buf_cstr(&keys), buf_cstr(&order), nkey + 1);
	const char *insert = arena_printf(
	    qa, "INSERT INTO \"%s\" (%s)%s VALUES (%s)", t->name, buf_cstr(&list),
	    t->identity && is_pg(d) ? " OVERRIDING SYSTEM VALUE" : "", buf_cstr(&marks));
	buf_free(&list);
	buf_free(&lens);
	buf_free(&order);
	buf_free(&keys);
	buf_free(&marks);

	*copied = 0;
	*max_id = 0;
	store_result *last = NULL; /* the previous page (in prev), for its last key */
	for (;;) {
		arena *a = arena_new();
		store_val p[MAX_KEY + 1];
		int np = 0;
		bool bad = false;
		if (last)
			for (int k = 0; k < nkey; k++, np++) {
				const char *v =
				    last->vals[(last->nrows - 1) * last->ncols + key[k]];
				p[np] = value_of(v, v ? strlen(v) : 0, cols[key[k]].type, &bad);
			}
		p[np++] = (store_val){.kind = SV_INT, .i = t->page, .type = 'i'};
		store_result *r;
		if (query(s, a, last ? next : first, np, p, &r, e) < 0) {
			arena_free(a);
			goto out;
		}
		arena_free(prev);
		prev = a;
		for (int row = 0; row < r->nrows; row++) {
			const char **v = &r->vals[row * r->ncols];
			store_val vals[MAX_COLS];
			for (int i = 0, blob = ncols; i < ncols; i++) {
				size_t len = 0;
				if (cols[i].type == 'B' && v[i])
					len = (size_t)strtoull(v[blob++], NULL, 10);
				else if (cols[i].type == 'B')
					blob++;
				vals[i] = value_of(v[i], len, cols[i].type, &bad);
			}
			if (bad) {
				err_setf(e, 500, "store_copy_bad_value",
				         "A value of the table {field} does not fit its column.",
				         "%s", t->name);
				goto out;
			}
			if (query(d, a, insert, ncols, vals, NULL, e) < 0) {
				log_error("store copy: %s: row %lld not copied", t->name,
				          (long long)*copied + 1);
				goto out;
			}
			if (id_col >= 0 && vals[id_col].kind == SV_INT && vals[id_col].i > *max_id)
				*max_id = vals[id_col].i;
			(*copied)++;
		}
		if (r->nrows < t->page)
			break;
		last = r;
	}
	rc = 0;
out:
	arena_free(prev);
	arena_free(qa);
	return rc;
}

/* Moves the target's id sequence of table past every id the source handed out: the larger of
 * the source's high-water mark (ids of deleted rows included) and the largest id copied. */
static int copy_sequence(store_conn *s, store_conn *d, arena *a, const char *table, int64_t max_id,
                         err *e)
{
	store_result *r;
	if (is_pg(s)) {
		if (store_q(
		        s, a, e, &r,
		        "SELECT pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass) "
		        "AS seq",
		        "t", table) < 0)
			return -1;
	} else if (store_q(s, a, e, &r, "SELECT seq FROM sqlite_sequence WHERE name = $1", "t",
	                   table) < 0)
		return -1;
	int64_t high = r->nrows ? store_get_int(r, 0, "seq") : 0;
	if (max_id > high)
		high = max_id;
	if (high == 0)
		return 0; /* nothing was ever handed out */
	if (is_pg(d)) {
		if (store_q(d, a, e, &r,
		            "SELECT setval(pg_get_serial_sequence($1, 'id')::regclass, $2) AS v",
		            "ti", table, high) < 0)
			return -1;
		if (!store_get(r, 0, "v"))
			return err_setf(
			    e, 500, "store_copy_schema_differs",
			    "The table {field} differs between the source and the target.", "%s",
			    table);
		return 0;
	}
	if (store_q(d, a, e, &r, "SELECT count(*) AS n FROM sqlite_sequence WHERE name = $1", "t",
	            table) < 0)
		return -1;
	return store_q(d, a, e, NULL,
	               store_get_int(r, 0, "n")
	                   ? "UPDATE sqlite_sequence SET seq = $2 WHERE name = $1"
	                   : "INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)",
	               "ti", table, high);
}

/* Each side waits while the other works, longer than the driver's guard against sessions left
 * idle in a transaction (60 s) on a large store: lifted for the copy's transactions only. */
static int no_idle_timeout(store_conn *c, err *e)
{
	return is_pg(c)
	           ? c->drv->exec_script(c, "SET LOCAL idle_in_transaction_session_timeout = 0", e)
	           : 0;
}

/* The source: this binary's schema exactly, and no table the copy does not know. */
static int check_source(store_conn *s, arena *a, err *e)
{
	store_result *names;
	if (table_names(s, a, &names, e) < 0)
		return -1;
	if (!has_name(names, "schema_migrations"))
		return err_set(e, 409, "schema_missing", "from",
		               "The source holds no baotu schema.");
	if (store_schema_check(s, a, e) < 0) {
		e->field = "from";
		return -1;
	}
	for (int i = 0; i < names->nrows; i++)
		if (strcmp(names->vals[i], "schema_migrations") && !known_table(names->vals[i]))
			return err_setf(e, 409, "store_copy_unknown_table",
			                "The table {field} is not one that store copy knows.", "%s",
			                names->vals[i]);
	for (size_t i = 0; i < NTABLES; i++)
		if (!has_name(names, TABLES[i].name))
			return err_setf(
			    e, 500, "store_copy_schema_differs",
			    "The table {field} differs between the source and the target.", "%s",
			    TABLES[i].name);
	return 0;
}

/* The target: no table at all (an empty schema_migrations, as a bare 'migrate' check leaves,
 * is tolerated). */
static int check_target_blank(store_conn *d, arena *a, err *e)
{
	store_result *names;
	if (table_names(d, a, &names, e) < 0)
		return -1;
	bool blank = names->nrows == 0;
	if (names->nrows == 1 && has_name(names, "schema_migrations")) {
		int64_t n = count_rows(d, a, "schema_migrations", e);
		if (n < 0)
			return -1;
		blank = n == 0;
	}
	if (!blank)
		return err_set(e, 409, "store_not_empty", "to",
		               "The target database is not empty; copy into a new, empty database "
		               "(do not migrate it first).");
	return 0;
}

int store_copy(store *src, store *dst, store_copy_progress progress, void *arg,
               store_copy_stats *stats, err *e)
{
	int rc = -1;
	arena *a = arena_new();
	store_conn *s = NULL, *d = NULL;
	memset(stats, 0, sizeof *stats);
	if (!(s = store_acquire(src, e)) || !(d = store_acquire(dst, e)))
		goto out;
	if (store_begin(s, e) < 0 || no_idle_timeout(s, e) < 0 || check_source(s, a, e) < 0)
		goto out;
	if (store_begin_write(d, e) < 0 || no_idle_timeout(d, e) < 0 ||
	    check_target_blank(d, a, e) < 0 || store_schema_create(d, a, e) < 0)
		goto out;

	/* schema_migrations: the target's own checksums (its dialect's files), the source's
	 * dates. */
	store_result *r;
	if (store_q(s, a, e, &r, "SELECT version, applied_at FROM schema_migrations", "") < 0)
		goto out;
	for (int i = 0; i < r->nrows; i++)
		if (store_q(d, a, e, NULL,
		            "UPDATE schema_migrations SET applied_at = $1 WHERE version = $2", "ii",
		            store_get_int(r, i, "applied_at"), store_get_int(r, i, "version")) < 0)
			goto out;
	if (progress)
		progress(arg, "schema_migrations", r->nrows);

	store_result *dnames, *snames;
	if (table_names(d, a, &dnames, e) < 0 || table_names(s, a, &snames, e) < 0)
		goto out;
	for (int i = 0; i < dnames->nrows; i++)
		if (!has_name(snames, dnames->vals[i])) {
			err_setf(e, 500, "store_copy_schema_differs",
			         "The table {field} differs between the source and the target.",
			         "%s", dnames->vals[i]);
			goto out;
		}

	for (size_t k = 0; k < NTABLES; k++) {
		const copy_table *t = &TABLES[k];
		arena *ta = arena_new();
		column sc[MAX_COLS], dc[MAX_COLS];
		int ns, nd;
		int64_t copied, max_id, want, got;
		int trc = -1;
		if (columns_of(s, ta, t->name, sc, &ns, e) < 0 ||
		    columns_of(d, ta, t->name, dc, &nd, e) < 0 ||
		    same_columns(t->name, sc, ns, dc, nd, e) < 0 ||
		    copy_rows(s, d, t, dc, nd, &copied, &max_id, e) < 0)
			goto table_out;
		if ((want = count_rows(s, ta, t->name, e)) < 0 ||
		    (got = count_rows(d, ta, t->name, e)) < 0)
			goto table_out;
		if (want != copied || got != copied) {
			log_error("store copy: %s: %lld rows in the source, %lld copied, %lld in "
			          "the target",
			          t->name, (long long)want, (long long)copied, (long long)got);
			err_setf(e, 500, "store_copy_count_mismatch",
			         "The rows of {field} in the target do not match the source's.",
			         "%s", t->name);
			goto table_out;
		}
		if (t->identity && copy_sequence(s, d, ta, t->name, max_id, e) < 0)
			goto table_out;
		stats->tables++;
		stats->rows += copied;
		if (progress)
			progress(arg, t->name, copied);
		trc = 0;
	table_out:
		arena_free(ta);
		if (trc < 0)
			goto out;
	}

	/* The chain, recomputed on the target inside the transaction, ends where the source's
	 * does. */
	store_result *sh, *dh;
	int64_t want = count_rows(s, a, "events", e);
	if (want < 0 || events_head(s, a, &sh, e) < 0)
		goto out;
	int64_t count = 0, broken = 0;
	int v = events_verify(d, &count, &broken, e);
	if (v < 0 || events_head(d, a, &dh, e) < 0)
		goto out;
	if (v == 1 || count != want || sh->nrows != dh->nrows ||
	    (sh->nrows && strcmp(store_get(sh, 0, "hash"), store_get(dh, 0, "hash")))) {
		log_error("store copy: the chain does not verify on the target (%lld of %lld "
		          "events verified, broken at %lld)",
		          (long long)count, (long long)want, (long long)broken);
		err_set(e, 500, "store_copy_chain_broken", "to",
		        "The copied event chain does not verify; nothing was committed. Run 'baotu "
		        "audit verify' on the source.");
		goto out;
	}
	stats->events = count;
	if (store_commit(d, e) < 0)
		goto out;
	rc = 0;
out:
	if (d)
		store_release(d); /* rolls back what is not committed */
	if (s)
		store_release(s);
	arena_free(a);
	return rc;
}
