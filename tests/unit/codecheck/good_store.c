/* Correct store_q calls: none of them may be reported. */
#include "fixture.h"

#define USER_COLS "id, username, display_name"
#define NOT_HIDDEN(t) "NOT " t ".hidden"

int store_q(store_conn *c, arena *a, err *e, store_result **out, const char *sql,
	    const char *types, ...); /* a prototype is not a call */

static int use(store_conn *c, arena *a, err *e, const char *sql, int64_t id, const char *name,
	       const void *data, size_t len, bool on)
{
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT 1 AS one", "") < 0)
		return -1;
	store_q(c, a, e, NULL, "DELETE FROM t WHERE id = $1", "i", id);
	store_q(c, a, e, &r, "SELECT " USER_COLS " FROM users WHERE id = $1 AND name = $2", "it", id,
		name);
	store_q(c, a, e, &r, "SELECT " FIXTURE_COLS " FROM f " FIXTURE_BY_NAME, "t", name);
	store_q(c, a, e, &r, "SELECT id FROM t WHERE " NOT_HIDDEN("t") " AND id = $1", "i", id);
	store_q(c, a, e, NULL,
		/* ten parameters: $10 is not $1 */
		"INSERT INTO ten VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", "iiiiittttt",
		id, (int64_t)1, (int64_t)2, store_get_int(r, 0, "x"), INT64_C(4), "a", name,
		arena_printf(a, "%s, %s", name, name), (const char *)NULL, f(g(1, 2), ','));
	store_q(c, a, e, NULL, "INSERT INTO blobs (sha, bytes, size, hidden) VALUES ($1, $2, $3, $4)",
		"tBib", name, data, len, (int64_t)len, on);
	store_q(c, a, e, NULL, "UPDATE t SET b = $2, ref = $3 WHERE id = $1", "iBI", id, data, len,
		(int64_t)0);
	store_q(c, a, e, &r, on ? "SELECT a FROM t WHERE id = $1" : "SELECT b FROM u WHERE id = $1",
		"i", id);
	store_q(c, a, e, &r, sql, "ti", name, id); /* SQL unknown here: only types vs arguments */
	store_q(c, a, e, &r, "SELECT '$ not a placeholder' AS s, $1 AS x, $1 AS y", "t", name);
	store_q(c, a, e, NULL, "UPDATE t SET big = $1, at = $2", "iI", 5000000000, 10L);
	return store_q(c, a, e, NULL, "UPDATE t SET on = $2 WHERE id = $1", "ib", id, 1);
}
