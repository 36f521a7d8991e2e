/* What the aggregates' files (store/institutions.c, ...) share.
 *
 * What a loader of one row answers, as store_int does: 1 when the row came back (in *r), 0 when
 * none did, -1 on error. A loader ends with it:
 *     return store_found(store_q(c, a, e, r, "SELECT ... WHERE id = $1", "i", id), r);
 *
 * Most reads take one id and are nothing but their statement; these define such a function
 * (declared in the aggregate's header as int NAME(store_conn *, arena *, int64_t,
 * store_result **, err *)) from its name and its SQL, whose one parameter $1 is the id:
 *     STORE_ROWS_BY_ID(reports_versions_of, "SELECT ... WHERE v.report_id = $1 ORDER BY ...")
 * answers store_q's 0 or -1 with every row; STORE_ROW_BY_ID, store_found's 1, 0 or -1.
 * STORE_ROW_OF defines the getter of a row that belongs to another (an inspection's order, a
 * report's attachment), int NAME(store_conn *, arena *, int64_t owner, int64_t id,
 * store_result **, err *), whose SQL takes the owner's id as $1 and the row's as $2: a row of
 * another owner is not found.
 * scripts/codecheck checks their SQL as it checks store_q's. */
#ifndef BAOTU_STORE_ROW_H
#define BAOTU_STORE_ROW_H
#include "store/store.h"

static inline int store_found(int rc, store_result *const *r)
{
	return rc < 0 ? -1 : (*r)->nrows > 0;
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

#endif
