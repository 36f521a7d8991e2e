/* Wrong store_q calls: each marked line must be reported with that kind, and nothing else. */
#include "fixture.h"

#define USER_COLS "id, username, display_name"

static int use(store_conn *c, arena *a, err *e, const char *sql, const char *types, int64_t id,
	       const char *name, const void *data, size_t len)
{
	store_result *r;
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1", "it", id, name); // expect: store-placeholders
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1 AND n = $2", "i", id); // expect: store-placeholders
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1 AND n = $3", "iti", id, name, id); // expect: store-placeholders
	store_q(c, a, e, &r, "SELECT " USER_COLS " FROM users WHERE id = $2", "ii", id, id); // expect: store-placeholders
	store_q(c, a, e, &r, "SELECT " FIXTURE_COLS " FROM f " FIXTURE_BY_NAME, "", name); // expect: store-placeholders store-args
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1", "i"); // expect: store-args
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1", "i", id, name); // expect: store-args
	store_q(c, a, e, NULL, // expect: store-args
		"INSERT INTO t (a, b) "
		"VALUES ($1, $2)",
		"it", id, f(name, ","), g(1, 2));
	store_q(c, a, e, &r, sql, "ti", name); // expect: store-args
	store_q(c, a, e, NULL, "INSERT INTO blobs (sha, bytes) VALUES ($1, $2)", "tB", name, data); // expect: store-args
	store_q(c, a, e, NULL, "INSERT INTO blobs (sha, bytes) VALUES ($1, $2)", "tt", name, data, len); // expect: store-args
	store_q(c, a, e, NULL, "INSERT INTO blobs (bytes, size) VALUES ($1, $2)", "Bi", data, (int64_t)len); // expect: store-args
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1", "x", id); // expect: store-types
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1", types, id); // expect: store-types
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1", "i", "7"); // expect: store-type
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1", "i", 0); // expect: store-type
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE id = $1", "I", (int)id); // expect: store-type
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE name = $1", "t", (int64_t)id); // expect: store-type
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE name = $1", "t", store_get_int(r, 0, "n")); // expect: store-type
	store_q(c, a, e, &r, "SELECT 1 FROM t WHERE on = $1", "b", "yes"); // expect: store-type
	store_q(c, a, e, NULL, "INSERT INTO blobs (bytes) VALUES ($1)", "B", data, "4"); // expect: store-type
	store_q(c, a, e, &r, id ? "SELECT a FROM t WHERE id = $1" : "SELECT b FROM u", "i", id); // expect: store-placeholders
	store_q(c, a, e, &r, "SELECT 1"); // expect: store-args
	store_q(c, a, e, NULL, "UPDATE t SET n = $1", "i", 1u); // expect: store-type
	int64_t n;
	bool there;
	const char *v;
	store_int(c, a, e, &n, "SELECT count(*) FROM t WHERE id = $1", "t", (int64_t)id); // expect: store-type
	store_exists(c, a, e, &there, "SELECT 1 FROM t WHERE id = $1 AND n = $2", "i", id); // expect: store-placeholders
	store_text(c, a, e, &v, "SELECT name FROM t WHERE id = $1", "i"); // expect: store-args
	return 0;
}
