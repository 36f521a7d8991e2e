#include "store/store.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oom.h"

struct store {
	const store_driver *drv;
	char *target;
	pthread_mutex_t mu;
	store_conn *free_list;
};

int store_open(const char *url, store **out, err *e)
{
	const store_driver *drv = NULL;
	const char *target = url;
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
		drv = &store_pg_driver; /* libpq takes the whole URL */
	else if (!strncmp(url, "sqlite:", 7))
		target = url + 7;
	else if (strstr(url, "://"))
		return err_set(e, 400, "store_unsupported", "db",
		               "Unknown database URL; use sqlite:PATH or postgres://...");
	if (!*target)
		return err_set(e, 400, "store_unsupported", "db", "The database path is empty.");
	if (!drv)
		drv = &store_sqlite_driver;
	store *s = xcalloc(1, sizeof *s);
	s->drv = drv;
	s->target = xstrdup(target);
	pthread_mutex_init(&s->mu, NULL);
	/* Open one connection now so that a bad path fails at start, not on the first request. */
	store_conn *c = store_acquire(s, e);
	if (!c) {
		store_close(s);
		return -1;
	}
	store_release(c);
	*out = s;
	return 0;
}

void store_close(store *s)
{
	if (!s)
		return;
	for (store_conn *c = s->free_list, *n; c; c = n) {
		n = c->next_free;
		s->drv->close(c);
	}
	pthread_mutex_destroy(&s->mu);
	free(s->target);
	free(s);
}

const char *store_driver_name(const store *s)
{
	return s->drv->name;
}

/* The connection store_pin_begin pinned to this thread, if any. */
static _Thread_local store_conn *t_pinned;

static int pin_exec(store_conn *c, const char *verb, int depth, err *e)
{
	char sql[64];
	snprintf(sql, sizeof sql, "%s sp%d", verb, depth);
	return c->drv->exec_script(c, sql, e);
}

/* Undoes the innermost savepoint (and keeps the transaction usable: on PostgreSQL a failed
 * statement left it in error until ROLLBACK TO). */
static void pin_rollback_one(store_conn *c)
{
	err e;
	err_clear(&e);
	if (pin_exec(c, "ROLLBACK TO SAVEPOINT", c->pin_depth, &e) == 0)
		pin_exec(c, "RELEASE SAVEPOINT", c->pin_depth, &e);
	err_free_details(&e);
	c->pin_depth--;
}

/* The savepoint depth the innermost outstanding acquire began at. */
static int pin_floor(const store_conn *c)
{
	return c->pin_nacq ? c->pin_acq_depth[c->pin_nacq - 1] : 0;
}

static int pin_savepoint(store_conn *c, bool write, err *e)
{
	if (c->pin_depth == STORE_PIN_NEST)
		abort(); /* programming error: transactions nested this deep */
	if (pin_exec(c, "SAVEPOINT", c->pin_depth + 1, e) < 0)
		return -1;
	c->pin_sp_write[++c->pin_depth] = write;
	return 0;
}

int store_pin_begin(store *s, store_conn **out, err *e)
{
	if (t_pinned)
		abort(); /* programming error: one pinned transaction per thread */
	store_conn *c = store_acquire(s, e);
	if (!c)
		return -1;
	if (store_begin_write(c, e) < 0) {
		store_release(c);
		return -1;
	}
	c->pinned = true;
	c->pin_wrote = false;
	c->pin_depth = c->pin_nacq = 0;
	t_pinned = c;
	*out = c;
	return 0;
}

int store_pin_end(store_conn *c, bool commit, err *e)
{
	t_pinned = NULL;
	while (c->pin_depth > 0) /* a use case left open: undone */
		pin_rollback_one(c);
	c->pinned = false;
	c->pin_nacq = 0;
	int rc = 0;
	if (commit)
		rc = store_commit(c, e);
	else
		store_rollback(c);
	store_release(c);
	return rc;
}

bool store_pin_wrote(const store_conn *c)
{
	return c->pin_wrote;
}

store_conn *store_acquire(store *s, err *e)
{
	store_conn *p = t_pinned;
	if (p && p->owner == s) {
		if (p->pin_nacq == STORE_PIN_NEST)
			abort(); /* programming error: acquired this deep */
		p->pin_acq_depth[p->pin_nacq++] = p->pin_depth;
		return p;
	}
	pthread_mutex_lock(&s->mu);
	store_conn *c = s->free_list;
	if (c)
		s->free_list = c->next_free;
	pthread_mutex_unlock(&s->mu);
	if (c)
		return c;
	if (s->drv->open(s->target, &c, e) < 0)
		return NULL;
	c->drv = s->drv;
	c->owner = s;
	return c;
}

void store_release(store_conn *c)
{
	if (!c)
		return;
	if (c->pinned) {
		/* what this acquire began and left open is undone; the connection stays pinned */
		int floor = pin_floor(c);
		while (c->pin_depth > floor)
			pin_rollback_one(c);
		if (c->pin_nacq)
			c->pin_nacq--;
		return;
	}
	if (c->in_tx)
		store_rollback(c); /* never hand a half-done transaction to the next request */
	store *s = c->owner;
	pthread_mutex_lock(&s->mu);
	c->next_free = s->free_list;
	s->free_list = c;
	pthread_mutex_unlock(&s->mu);
}

int store_begin(store_conn *c, err *e)
{
	if (c->pinned)
		return pin_savepoint(c, false, e);
	if (c->drv->begin(c, false, e) < 0)
		return -1;
	c->in_tx = true;
	return 0;
}

int store_begin_write(store_conn *c, err *e)
{
	if (c->pinned)
		return pin_savepoint(c, true, e);
	if (c->drv->begin(c, true, e) < 0)
		return -1;
	c->in_tx = true;
	return 0;
}

int store_commit(store_conn *c, err *e)
{
	if (c->pinned) {
		if (c->pin_depth <= pin_floor(c))
			return 0; /* nothing of this caller's is open */
		bool write = c->pin_sp_write[c->pin_depth];
		if (pin_exec(c, "RELEASE SAVEPOINT", c->pin_depth, e) < 0) {
			pin_rollback_one(c);
			return -1;
		}
		c->pin_depth--;
		if (write)
			c->pin_wrote = true;
		return 0;
	}
	int rc = c->drv->commit(c, e);
	if (rc < 0)
		c->drv->rollback(c);
	c->in_tx = false;
	return rc;
}

void store_rollback(store_conn *c)
{
	if (c->pinned) {
		if (c->pin_depth > pin_floor(c))
			pin_rollback_one(c);
		return;
	}
	if (c->in_tx)
		c->drv->rollback(c);
	c->in_tx = false;
}

#define STORE_MAX_PARAMS 32

static int store_vq(store_conn *c, arena *a, err *e, store_result **out, const char *sql,
                    const char *types, va_list ap)
{
	store_val p[STORE_MAX_PARAMS];
	int n = 0;
	for (const char *t = types; *t; t++, n++) {
		if (n == STORE_MAX_PARAMS)
			abort(); /* programming error: raise STORE_MAX_PARAMS */
		switch (*t) {
		case 'i':
			p[n] = (store_val){SV_INT, va_arg(ap, int64_t), NULL};
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			p[n] = v ? (store_val){SV_INT, v, NULL} : (store_val){SV_NULL, 0, NULL};
			break;
		}
		case 'b':
			p[n] = (store_val){SV_INT, va_arg(ap, int) ? 1 : 0, NULL};
			break;
		case 't': {
			const char *s = va_arg(ap, const char *);
			p[n] = s ? (store_val){SV_TEXT, 0, s} : (store_val){SV_NULL, 0, NULL};
			break;
		}
		case 'B': {
			const void *d = va_arg(ap, const void *);
			size_t len = va_arg(ap, size_t);
			p[n] = (store_val){SV_BLOB, 0, d ? d : "", len};
			break;
		}
		default:
			abort(); /* programming error in a type string */
		}
		p[n].type = *t;
	}
	store_result *r = NULL;
	int rc = c->drv->query(c, a, sql, n, p, &r, e);
	if (out)
		*out = r;
	return rc;
}

int store_q(store_conn *c, arena *a, err *e, store_result **out, const char *sql, const char *types,
            ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = store_vq(c, a, e, out, sql, types, ap);
	va_end(ap);
	return rc;
}

/* The one-liners: the first column of the first row. */
static int first_value(store_conn *c, arena *a, err *e, const char **v, const char *sql,
                       const char *types, va_list ap)
{
	store_result *r;
	if (store_vq(c, a, e, &r, sql, types, ap) < 0)
		return -1;
	if (r->nrows == 0 || r->ncols == 0) {
		*v = NULL;
		return 0;
	}
	*v = r->vals[0];
	return 1;
}

static int int_value(store_conn *c, arena *a, err *e, int64_t *out, const char *sql,
                     const char *types, va_list ap)
{
	const char *v;
	int rc = first_value(c, a, e, &v, sql, types, ap);
	*out = rc > 0 && v ? strtoll(v, NULL, 10) : 0;
	return rc;
}

int store_int(store_conn *c, arena *a, err *e, int64_t *out, const char *sql, const char *types,
              ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = int_value(c, a, e, out, sql, types, ap);
	va_end(ap);
	return rc;
}

int store_count(store_conn *c, arena *a, err *e, int64_t *out, const char *sql, const char *types,
                ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = int_value(c, a, e, out, sql, types, ap);
	va_end(ap);
	return rc < 0 ? -1 : 0;
}

int store_wrote(store_conn *c, arena *a, err *e, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	store_result *r;
	int rc = store_vq(c, a, e, &r, sql, types, ap);
	va_end(ap);
	return rc < 0 ? -1 : r->nrows;
}

int store_exists(store_conn *c, arena *a, err *e, bool *out, const char *sql, const char *types,
                 ...)
{
	va_list ap;
	va_start(ap, types);
	const char *v;
	int rc = first_value(c, a, e, &v, sql, types, ap);
	va_end(ap);
	*out = rc > 0;
	return rc < 0 ? -1 : 0;
}

int store_text(store_conn *c, arena *a, err *e, const char **out, const char *sql,
               const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = first_value(c, a, e, out, sql, types, ap);
	va_end(ap);
	if (rc <= 0)
		*out = NULL;
	return rc;
}

static int col_index(const store_result *r, const char *col)
{
	for (int i = 0; i < r->ncols; i++)
		if (!strcmp(r->cols[i], col))
			return i;
	abort(); /* programming error: a column the query does not select */
}

const char *store_get(const store_result *r, int row, const char *col)
{
	return r->vals[row * r->ncols + col_index(r, col)];
}

int64_t store_get_int(const store_result *r, int row, const char *col)
{
	const char *v = store_get(r, row, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

bool store_get_bool(const store_result *r, int row, const char *col)
{
	const char *v = store_get(r, row, col);
	return v && (!strcmp(v, "1") || !strcmp(v, "t") || !strcmp(v, "true"));
}

int store_setting_get(store_conn *c, arena *a, const char *key, const char **out, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT value FROM settings WHERE key = $1", "t", key) < 0)
		return -1;
	*out = r->nrows ? store_get(r, 0, "value") : NULL;
	return 0;
}
