/* What the aggregates' files (store/institutions.c, ...) share.
 *
 * What a loader of one row answers, as store_int does: 1 when the row came back (in *r), 0 when
 * none did, -1 on error. A loader ends with it:
 *     return store_found(store_q(c, a, e, r, "SELECT ... WHERE id = $1", "i", id), r);
 *
 * Most reads are nothing but their statement. These define such a function, declared in the
 * aggregate's header, from its name and its SQL, e.g.
 *     STORE_ROWS_BY_ID(reports_versions_of, "SELECT ... WHERE v.report_id = $1 ORDER BY ...")
 * and scripts/codecheck checks that SQL as it checks store_q's (c is the store_conn *, a the
 * arena *, out the store_result **, e the err *):
 *   STORE_ROWS_BY_ID  int NAME(c, a, int64_t id, out, e): every row, $1 the id; 0 or -1.
 *   STORE_ROW_BY_ID   the same, for one row: store_found's 1, 0 or -1.
 *   STORE_ROW_OF      int NAME(c, a, int64_t owner, int64_t id, out, e): a row that belongs to
 *                     another (an inspection's order, a report's attachment); $1 the owner's
 *                     id, $2 the row's, so that another owner's row is not found; 1, 0 or -1.
 *   STORE_PAGE        int NAME(c, a, int64_t cursor, int limit, out, e): a page of a list,
 *                     limit + 1 rows at most (the one more tells the caller that another page
 *                     follows); $1 the cursor (the id the page starts after, or before), $2 the
 *                     number of rows; 0 or -1.
 *   STORE_PAGE_OF     int NAME(c, a, int64_t owner, int64_t cursor, int limit, out, e): a page
 *                     of an owner's rows; $1 the owner, $2 the cursor, $3 the number of rows. */
#ifndef BAOTU_STORE_ROW_H
#define BAOTU_STORE_ROW_H
#include "store/store.h"

static inline int store_found(int rc, store_result *const *r)
{
	return rc < 0 ? -1 : (*r)->nrows > 0;
}

/* The one row a query without parameters finds (1), or none (0). */
#define STORE_ROW(name, sql)                                                                       \
	int name(store_conn *c, arena *a, store_result **out, err *e)                              \
	{                                                                                          \
		return store_found(store_q(c, a, e, out, sql, ""), out);                           \
	}

#define STORE_ROWS_BY_ID(name, sql)                                                                \
	int name(store_conn *c, arena *a, int64_t id, store_result **out, err *e)                  \
	{                                                                                          \
		return store_q(c, a, e, out, sql, "i", id);                                        \
	}

#define STORE_ROW_BY_ID(name, sql)                                                                 \
	int name(store_conn *c, arena *a, int64_t id, store_result **out, err *e)                  \
	{                                                                                          \
		return store_found(store_q(c, a, e, out, sql, "i", id), out);                      \
	}

#define STORE_ROW_OF(name, sql)                                                                    \
	int name(store_conn *c, arena *a, int64_t owner, int64_t id, store_result **out, err *e)   \
	{                                                                                          \
		return store_found(store_q(c, a, e, out, sql, "ii", owner, id), out);              \
	}

#define STORE_PAGE(name, sql)                                                                      \
	int name(store_conn *c, arena *a, int64_t cursor, int limit, store_result **out, err *e)   \
	{                                                                                          \
		return store_q(c, a, e, out, sql, "ii", cursor, (int64_t)limit + 1);               \
	}

#define STORE_PAGE_OF(name, sql)                                                                   \
	int name(store_conn *c, arena *a, int64_t owner, int64_t cursor, int limit,                \
	         store_result **out, err *e)                                                       \
	{                                                                                          \
		return store_q(c, a, e, out, sql, "iii", owner, cursor, (int64_t)limit + 1);       \
	}

#endif
