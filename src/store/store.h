/* The store: one vtable, one driver per database (SQLite now; PostgreSQL behind the same table).
 * SQL is written once in PostgreSQL's $n style; the SQLite driver rewrites $n to ?n.
 * Results come back as text (NULL for SQL NULL), allocated in the caller's arena. */
#ifndef BAOTU_STORE_STORE_H
#define BAOTU_STORE_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "lib/err.h"

typedef struct store store;           /* a pool of connections to one database */
typedef struct store_conn store_conn; /* one connection, used by one thread at a time */

typedef enum { SV_NULL, SV_INT, SV_TEXT, SV_BLOB } store_val_kind;
typedef struct store_val {
	store_val_kind kind;
	int64_t i;
	const char *s;
	size_t len; /* SV_BLOB: the byte count of s */
	char
	    type; /* store_q's letter ('i', 't', ...): PostgreSQL declares the parameter's type
	           * from it, so that a NULL is still typed ("$2 IS NULL" needs one); 0 = by kind */
} store_val;

typedef struct store_result {
	int nrows, ncols;
	const char **cols;
	const char **vals; /* row-major, nrows * ncols; NULL = SQL NULL */
} store_result;

typedef struct store_driver {
	const char *name;
	int (*open)(const char *target, store_conn **out, err *e);
	void (*close)(store_conn *c);
	/* write=true takes the single-writer lock (SQLite: BEGIN IMMEDIATE). */
	int (*begin)(store_conn *c, bool write, err *e);
	int (*commit)(store_conn *c, err *e);
	void (*rollback)(store_conn *c);
	int (*query)(store_conn *c, arena *a, const char *sql, int n, const store_val *p,
	             store_result **out, err *e);
	int (*exec_script)(store_conn *c, const char *sql, err *e);
	/* Serialises appends to the event chain across writers (no-op where begin(write) does). */
	int (*lock_chain)(store_conn *c, err *e);
} store_driver;

/* A driver's table from its functions PREFIX_open, PREFIX_close, ... (sqlite.c, pg.c). */
#define STORE_DRIVER(driver_name, prefix)                                                          \
	{                                                                                          \
		.name = driver_name, .open = prefix##_open, .close = prefix##_close,               \
		.begin = prefix##_begin, .commit = prefix##_commit, .rollback = prefix##_rollback, \
		.query = prefix##_query, .exec_script = prefix##_exec_script,                      \
		.lock_chain = prefix##_lock_chain,                                                 \
	}

#define STORE_PIN_NEST 16

struct store_conn {
	const store_driver *drv;
	store *owner;
	store_conn *next_free;
	bool in_tx;
	/* store_pin_begin's state (see there): open savepoints, and for each acquire not yet
	 * released the savepoint depth it began at. */
	bool pinned, pin_wrote;
	int pin_depth, pin_nacq;
	int pin_acq_depth[STORE_PIN_NEST];
	bool pin_sp_write[STORE_PIN_NEST + 1];
};

/* URL: "sqlite:PATH", a bare PATH (SQLite), or "postgres://..." / "postgresql://..." (a libpq
 * connection URI). */
int store_open(const char *url, store **out, err *e);
void store_close(store *s);
const char *store_driver_name(const store *s);

/* SQLite's group commit (sqlite.c), for tests and benchmarks: the COMMITs the writer of the
 * file PATH has run in this process, and the writers waiting for their turn now. -1 when no
 * store of this process has the file open. */
int store_sqlite_writer_stats(const char *path, uint64_t *commits, int *waiting);

/* The SQLite driver's rewriting of a statement written in PostgreSQL's style: $1 -> ?1 outside
 * quoted strings and identifiers, every other byte as it is (malloc'd). */
char *store_sqlite_rewrite_params(const char *sql);

store_conn *store_acquire(store *s, err *e);
void store_release(store_conn *c);

int store_begin(store_conn *c, err *e);       /* read transaction */
int store_begin_write(store_conn *c, err *e); /* write transaction (single writer) */
int store_commit(store_conn *c, err *e);
void store_rollback(store_conn *c);

/* One write transaction for a whole request (an Idempotency-Key's: the write and the record of
 * its answer must commit together). store_pin_begin takes a connection, begins a write
 * transaction and pins it to the calling thread: until store_pin_end, store_acquire on this
 * thread returns it, and each transaction begun on it is a savepoint, so that every use case
 * keeps its own commit or rollback (a failed one undoes only its own work) while nothing is
 * durable before store_pin_end commits the lot. store_pin_wrote tells whether a write
 * "transaction" was committed inside. */
int store_pin_begin(store *s, store_conn **out, err *e);
int store_pin_end(store_conn *c, bool commit, err *e);
bool store_pin_wrote(const store_conn *c);

/* Runs one statement. types is a string of parameter kinds, one per argument:
 *   'i' int64_t, 'b' bool (as int), 't' const char * (NULL binds SQL NULL),
 *   'I' int64_t where 0 binds SQL NULL (optional references),
 *   'B' bytes: two arguments, const void * and size_t (binds a BLOB).
 * A BLOB column reads back as its bytes (NUL-terminated in the arena); keep its length in a
 * column of its own (as blobs.size does), since the text accessors cannot tell it.
 * out may be NULL when no rows are wanted. */
int store_q(store_conn *c, arena *a, err *e, store_result **out, const char *sql, const char *types,
            ...);

/* Fossil-style one-liners for a query whose answer is one value: the first column of the
 * first row. store_int and store_text return 1 when a row came back, 0 when none did (then
 * *out is 0 or NULL; a SQL NULL in the row also reads as 0 or NULL), -1 on error.
 * store_exists returns 0 or -1 and sets *out to whether any row came back. */
int store_int(store_conn *c, arena *a, err *e, int64_t *out, const char *sql, const char *types,
              ...);
int store_exists(store_conn *c, arena *a, err *e, bool *out, const char *sql, const char *types,
                 ...);
int store_text(store_conn *c, arena *a, err *e, const char **out, const char *sql,
               const char *types, ...);
/* store_count, for an aggregate (count(*), min(...)), whose statement always answers one row:
 * 0 or -1, and its value in *out (0 for NULL). store_wrote, for a write that returns a row per
 * row it wrote ("... RETURNING id"): how many it wrote, or -1 on error; a write of one row that
 * may write none (a WHERE that the row's state must still meet, ON CONFLICT DO NOTHING) thus
 * answers 1 when it wrote and 0 when it did not. */
int store_count(store_conn *c, arena *a, err *e, int64_t *out, const char *sql, const char *types,
                ...);
int store_wrote(store_conn *c, arena *a, err *e, const char *sql, const char *types, ...);

/* Result access. */
const char *store_get(const store_result *r, int row, const char *col);
int64_t store_get_int(const store_result *r, int row, const char *col);
bool store_get_bool(const store_result *r, int row, const char *col);

/* Migrations (migrations.c). */
int store_migrate(store *s, bool apply, int *applied, err *e);
int store_schema_version(store_conn *c, arena *a, int *version, err *e);
int store_binary_schema_version(const store *s);
/* For store copy (copy.c), inside a transaction on c: store_schema_check refuses a schema that
 * is not exactly this binary's (older: schema_outdated; newer; a changed migration);
 * store_schema_create builds this binary's schema in a blank database and records each
 * migration in schema_migrations, but appends no schema.migrated event: the copy brings the
 * source's events, its own schema.migrated ones among them. */
int store_schema_check(store_conn *c, arena *a, err *e);
int store_schema_create(store_conn *c, arena *a, err *e);

/* A settings row (key/value text), e.g. "demo" = "1". */
int store_setting_get(store_conn *c, arena *a, const char *key, const char **out, err *e);

extern const store_driver store_sqlite_driver;
extern const store_driver store_pg_driver;

/* What a list of supervision records shows (store/incidents.h, store/inspections.h); a zero
 * field filters nothing. */
typedef struct store_record_filter {
	int64_t project_id;     /* 0: every project */
	const char *state;      /* NULL: every state */
	int64_t institution_id; /* not 0: the records its members may see, of its projects */
	bool csrc;              /* only those that reached the CSRC */
} store_record_filter;

#endif
