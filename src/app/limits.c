/* Limits on what the public may send without logging in (comments on notices, complaints),
 * counted in the store's throttle_hits so that they hold across nodes and restarts. The
 * address is kept only as a keyed hash (app_address_hash). */
#include <sodium.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/complaints.h"
#include "app/notices.h"
#include "store/settings.h"
#include "store/throttle.h"

#define PEPPER_KEY "comment_address_pepper"

int app_address_hash(store_conn *c, arena *a, const char *address, char out[65], err *e)
{
	const char *pepper = NULL;
	if (store_setting_get(c, a, PEPPER_KEY, &pepper, e) < 0)
		return -1;
	if (!pepper) {
		unsigned char b[32];
		char hex[65];
		randombytes_buf(b, sizeof b);
		sodium_bin2hex(hex, sizeof hex, b, sizeof b);
		if (settings_insert_if_absent(c, a, PEPPER_KEY, hex, e) < 0 ||
		    store_setting_get(c, a, PEPPER_KEY, &pepper, e) < 0)
			return -1;
		if (!pepper)
			return err_set(e, 500, "internal", NULL, "Something went wrong.");
	}
	const char *msg = arena_printf(a, "%s\n%s", pepper, address ? address : "?");
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)msg, strlen(msg));
	sodium_bin2hex(out, 65, h, sizeof h);
	return 0;
}

/* Each limit: its key prefix in throttle_hits, how many writes per address within the window. */
static const struct {
	const char *scope;
	int limit;
	int64_t window_us;
} LIMITS[] = {
    [LIMIT_COMMENT] = {"comment", COMMENT_RATE_LIMIT, COMMENT_RATE_WINDOW_US},
    [LIMIT_COMPLAINT] = {"complaint", COMPLAINT_RATE_LIMIT, COMPLAINT_RATE_WINDOW_US},
};

/* The 429 of a limit reached, with its Retry-After. */
static int refuse(public_limit l, int64_t wait, err *e)
{
	int rc =
	    l == LIMIT_COMMENT
	        ? err_set(e, 429, "too_many_comments", NULL,
	                  "Too many comments from your address; wait before sending another.")
	        : err_set(e, 429, "too_many_complaints", NULL,
	                  "Too many complaints from your address; wait before filing another.");
	return app_retry_after(e, wait, rc);
}

int app_public_limit(store_conn *c, arena *a, public_limit l, const char *address, int64_t now,
                     err *e)
{
	char hash[65];
	if (app_address_hash(c, a, address && *address ? address : "?", hash, e) < 0)
		return -1;
	const char *key = arena_printf(a, "%s:%s", LIMITS[l].scope, hash);
	int64_t n, first, window = LIMITS[l].window_us;
	if (throttle_span(c, a, key, now - window, &n, &first, NULL, e) < 0)
		return -1;
	if (n >= LIMITS[l].limit)
		return refuse(l, first + window - now > 0 ? first + window - now : 1, e);
	/* Hits of every key older than the longest window any limit keeps are swept here. */
	int64_t keep = window > THROTTLE_KEEP_US ? window : THROTTLE_KEEP_US;
	return throttle_hit(c, a, key, now, now - keep, e);
}
