#include "store/throttle.h"

int throttle_span(store_conn *c, arena *a, const char *key, int64_t since, int64_t *n,
                  int64_t *first, int64_t *last, err *e)
{
	store_result *r;
	if (store_q(
	        c, a, e, &r,
	        "SELECT count(*) AS n, COALESCE(min(at), 0) AS first, COALESCE(max(at), 0) AS last "
	        "FROM throttle_hits WHERE key = $1 AND at > $2",
	        "ti", key, since) < 0)
		return -1;
	*n = store_get_int(r, 0, "n");
	if (first)
		*first = store_get_int(r, 0, "first");
	if (last)
		*last = store_get_int(r, 0, "last");
	return 0;
}

int throttle_count(store_conn *c, arena *a, const char *key, int64_t since, int64_t *n,
                   int64_t *last, err *e)
{
	return throttle_span(c, a, key, since, n, NULL, last, e);
}

int throttle_hit(store_conn *c, arena *a, const char *key, int64_t now, int64_t forget_before,
                 err *e)
{
	if (store_q(c, a, e, NULL, "DELETE FROM throttle_hits WHERE at < $1", "i", forget_before) <
	    0)
		return -1;
	return store_q(c, a, e, NULL, "INSERT INTO throttle_hits (key, at) VALUES ($1, $2)", "ti",
	               key, now);
}

int throttle_clear_key(store_conn *c, arena *a, const char *key, err *e)
{
	return store_q(c, a, e, NULL, "DELETE FROM throttle_hits WHERE key = $1", "t", key);
}

int throttle_unhit(store_conn *c, arena *a, const char *key, int64_t at, err *e)
{
	return store_q(c, a, e, NULL, "DELETE FROM throttle_hits WHERE key = $1 AND at = $2", "ti",
	               key, at);
}
