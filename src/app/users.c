/* Accounts, passwords (argon2id via libsodium), sessions and log-in throttling. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_internal.h"
#include "app/notify.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/pwpolicy.h"
#include "lib/time.h"
#include "store/throttle.h"
#include "store/users.h"

static int check_username(const char *u, err *e)
{
	size_t n = strlen(u);
	if (n < 2 || n > 64)
		return err_set(e, 400, "invalid_username", "username",
		               "Field {field} must be 2 to 64 characters.");
	for (const char *p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == '.'))
			return err_set(e, 400, "invalid_username", "username",
			               "Field {field} may hold only a-z, 0-9, '.', '-' and '_'.");
	return 0;
}

/* The password rule (lib/pwpolicy.c): 400 weak_password naming the field, its message the
 * reason. */
static int check_password(const char *pw, const char *username, err *e)
{
	pw_weakness w = pw_check(pw, username);
	return w == PW_OK ? 0 : err_set(e, 400, "weak_password", "password", pw_weakness_message(w));
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], err *e)
{
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, 500, "internal", NULL, "Cannot hash the password.");
	return 0;
}

static json_t *user_row_json(const store_result *r, int i)
{
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:b, s:I, s:I}", "id", (json_int_t)store_get_int(r, i, "id"),
	              "username", store_get(r, i, "username"), "role", store_get(r, i, "role"),
	              "active", store_get_bool(r, i, "active"), "created_at",
	              (json_int_t)store_get_int(r, i, "created_at"), "updated_at",
	              (json_int_t)store_get_int(r, i, "updated_at"));
	const char *dn = store_get(r, i, "display_name");
	json_object_set_new(o, "display_name", dn ? json_string(dn) : json_null());
	const char *inst = store_get(r, i, "institution_id");
	json_object_set_new(o, "institution_id",
	                    inst ? json_integer(store_get_int(r, i, "institution_id"))
	                         : json_null());
	const char *email = store_get(r, i, "email");
	json_object_set_new(o, "email", email ? json_string(email) : json_null());
	return o;
}

static int role_institution_consistent(role rl, int64_t inst, store_conn *c, arena *a, err *e)
{
	if (rl == ROLE_NONE)
		return err_set(e, 400, "invalid_value", "role",
		               "Field {field} must be one of admin, officer, leader, csrc, expert, "
		               "institution.");
	if ((rl == ROLE_INSTITUTION) != (inst != 0))
		return err_set(e, 400, "invalid_value", "institution_id",
		               "Field {field} is required for role institution and only for it.");
	const char *name;
	int found = inst ? institutions_name(c, a, inst, &name, e) : 1;
	if (found == 0)
		return err_set(e, 422, "unknown_institution", "institution_id",
		               "Field {field} names no registered institution.");
	return found < 0 ? -1 : 0;
}

/* The event of an account: the row as it stands. */
static int user_event(store_conn *c, arena *a, const actor *who, const store_result *r,
                      const char *kind, const char *reason, err *e)
{
	/* the e-mail address stays out of the chain (an export travels; an address is personal):
	 * the event says only whether there is one */
	json_t *row = user_row_json(r, 0);
	json_object_set_new(row, "email", json_boolean(store_get(r, 0, "email") != NULL));
	return app_event(c, a, who, "user", store_get_int(r, 0, "id"), kind, reason, row, e);
}

static int create_tx(store_conn *c, arena *a, const actor *who, const user_fields *f,
                     const char *password_hash, int64_t *id_out, err *e)
{
	store_result *r;
	int taken;
	if (role_institution_consistent(role_parse(f->role), f->institution_id, c, a, e) < 0 ||
	    (taken = users_find_by_name(c, a, f->username, &r, e)) < 0)
		return -1;
	if (taken)
		return err_set(e, 409, "duplicate_username", "username", "Field {field} is taken.");
	if (users_insert(c, a, f, password_hash, time_now_us(), &r, e) < 0 ||
	    user_event(c, a, who, r, "user.created", NULL, e) < 0)
		return -1;
	if (id_out)
		*id_out = store_get_int(r, 0, "id");
	return 0;
}

int user_create(app *ap, arena *a, const actor *who, const char *username, const char *role_s,
                int64_t institution_id, const char *display_name, const char *password,
                int64_t *id_out, err *e)
{
	if (check_username(username, e) < 0 || check_password(password, username, e) < 0)
		return -1;
	if (display_name && json_check_text(display_name, 100, "display_name", e) < 0)
		return -1;
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, e) < 0)
		return -1; /* hashed before the transaction: the writer lock is not held for it */
	const user_fields f = {username, display_name, role_s, institution_id, true};
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, create_tx(c, a, who, &f, hash, id_out, e), e) : -1;
}

static int set_password_tx(store_conn *c, arena *a, const actor *who, const char *username,
                           const char *password_hash, err *e)
{
	int64_t id;
	int found = users_set_password(c, a, username, password_hash, time_now_us(), &id, e);
	if (found <= 0)
		return found < 0
		           ? -1
		           : err_set(e, 404, "not_found", "username", "No user has that {field}.");
	/* A new password ends every open session of the account. */
	if (sessions_delete_of_user(c, a, id, e) < 0)
		return -1;
	return app_event(c, a, who, "user", id, "user.password_changed", NULL, NULL, e);
}

int user_set_password(app *ap, arena *a, const actor *who, const char *username,
                      const char *password, err *e)
{
	char hash[crypto_pwhash_STRBYTES];
	if (check_password(password, username, e) < 0 || hash_password(password, hash, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, set_password_tx(c, a, who, username, hash, e), e) : -1;
}

static int update_tx(store_conn *c, arena *a, const actor *who, int64_t id, const json_t *body,
                     err *e)
{
	store_result *r;
	if (app_found(users_get(c, a, id, &r, e), "No such user.", e) < 0)
		return -1;
	user_fields f = {NULL,
	                 store_get(r, 0, "display_name"),
	                 store_get(r, 0, "role"),
	                 store_get_int(r, 0, "institution_id"),
	                 store_get_bool(r, 0, "active"),
	                 store_get(r, 0, "email")};
	const char *reason = NULL;
	bool present;
	if (json_get_str(body, "role", false, 20, &f.role, e) < 0 ||
	    json_get_str(body, "display_name", false, 100, &f.display_name, e) < 0 ||
	    json_get_bool(body, "active", false, &f.active, &present, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, &reason, e) < 0)
		return -1;
	/* notifications go to this address too (app/notify.h); null removes it */
	json_t *ev = json_object_get(body, "email");
	if (ev && json_is_null(ev))
		f.email = NULL;
	else if (ev && (json_get_str(body, "email", true, 254, &f.email, e) < 0 ||
	                notify_check_email(f.email, "email", e) < 0))
		return -1;
	json_t *iv = json_object_get(body, "institution_id");
	if (iv && json_is_null(iv))
		f.institution_id = 0;
	else if (json_get_int(body, "institution_id", false, &f.institution_id, &present, e) < 0)
		return -1;
	if (role_institution_consistent(role_parse(f.role), f.institution_id, c, a, e) < 0)
		return -1;
	if (who->user_id == id && (!f.active || role_parse(f.role) != ROLE_ADMIN))
		return err_set(e, 409, "self_lockout", "role",
		               "An administrator cannot demote or deactivate their own account.");
	if (users_update(c, a, id, &f, time_now_us(), &r, e) < 0 ||
	    (!f.active && sessions_delete_of_user(c, a, id, e) < 0))
		return -1;
	return user_event(c, a, who, r, "user.updated", reason, e);
}

int user_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body, err *e)
{
	static const char *const allowed[] = {"role",   "display_name", "active", "institution_id",
	                                      "reason", "email",        NULL};
	if (json_only_fields(body, allowed, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, update_tx(c, a, who, id, body, e), e) : -1;
}

json_t *user_list(app *ap, arena *a, int64_t after, int limit, err *e)
{
	store_result *r;
	store_conn *c = app_read_begin(ap, e);
	json_t *out = c && users_page(c, a, after, limit, &r, e) == 0
	                  ? app_page_of(r, limit, "id", user_row_json)
	                  : NULL;
	app_read_end(c);
	return out;
}

json_t *user_get_json(app *ap, arena *a, int64_t id, err *e)
{
	store_result *r;
	store_conn *c = app_read_begin(ap, e);
	json_t *out = c && app_found(users_get(c, a, id, &r, e), "No such user.", e) == 0
	                  ? user_row_json(r, 0)
	                  : NULL;
	app_read_end(c);
	return out;
}

/* ---- log-in throttling: per account and per address, counted in the store ----
 *
 * Failures within the last hour count: from the free count on, every further failure doubles
 * the wait after the last one (1 s, 2 s, 4 s, ... up to 15 minutes). An account allows
 * ACCOUNT_FREE_FAILURES, an address four times as many (one address trying many accounts is
 * slowed too); a success clears the account's count. In the store (throttle_hits), the counts
 * hold on every node and across restarts. BAOTU_LOGIN_ATTEMPTS raises the free count (for a
 * scanner's run against a test server; never in production). */

#define ACCOUNT_FREE_FAILURES 5
#define THROTTLE_MAX_DELAY_US (15 * 60 * 1000000LL)
#define THROTTLE_FORGET_US (60 * 60 * 1000000LL)

static int account_free_failures(void)
{
	static int n;
	if (!n) {
		const char *v = getenv("BAOTU_LOGIN_ATTEMPTS");
		long x = v ? strtol(v, NULL, 10) : 0;
		n = x >= 1 && x <= 100000000 ? (int)x : ACCOUNT_FREE_FAILURES;
	}
	return n;
}

/* The microseconds KEY must still wait given FREE failures allowed (0: may try now). */
static int throttle_wait(store_conn *c, arena *a, const char *key, int64_t free_failures,
                         int64_t now, int64_t *wait, err *e)
{
	int64_t n, last;
	if (throttle_count(c, a, key, now - THROTTLE_FORGET_US, &n, &last, e) < 0)
		return -1;
	*wait = 0;
	if (n >= free_failures) {
		int64_t shift = n - free_failures;
		int64_t d = 1000000LL << (shift > 10 ? 10 : shift);
		int64_t until = last + (d > THROTTLE_MAX_DELAY_US ? THROTTLE_MAX_DELAY_US : d);
		*wait = until > now ? until - now : 0;
	}
	return 0;
}

static int throttle_fail_tx(store_conn *c, arena *a, const char *ukey, const char *akey,
                            int64_t now, err *e)
{
	return throttle_hit(c, a, ukey, now, now - THROTTLE_FORGET_US, e) < 0 ||
	               throttle_hit(c, a, akey, now, now - THROTTLE_FORGET_US, e) < 0
	           ? -1
	           : 0;
}

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char out[65])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2hex(out, 65, b, sizeof b);
}

/* The actor of an account's own session events. */
static actor account(arena *a, int64_t user_id)
{
	return (actor){.user_id = user_id,
	               .label = arena_printf(a, "user:%lld", (long long)user_id)};
}

/* A row found by a text key (users_find_by_name, sessions_find) on a connection of its own:
 * 1, 0 (none) or -1. */
static int find_row(app *ap, arena *a,
                    int (*find)(store_conn *c, arena *a, const char *key, store_result **r, err *e),
                    const char *key, store_result **r, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	int found = c ? find(c, a, key, r, e) : -1;
	app_read_end(c);
	return found;
}

/* A new session of account user_id (its token hash, out's csrf and expiry); expired sessions
 * are swept on every log-in: the table stays the size of who is in. */
static int open_session_tx(store_conn *c, arena *a, int64_t user_id, const char *username,
                           const char *token_hash, const session_out *out, const char *address,
                           int64_t now, err *e)
{
	const actor self = account(a, user_id);
	if (throttle_clear_key(c, a, arena_printf(a, "u:%.80s", username), e) < 0 ||
	    sessions_insert(c, a, token_hash, user_id, out->csrf, now, out->expires_at, e) < 0 ||
	    sessions_delete_expired(c, a, now, e) < 0)
		return -1;
	return app_event(c, a, &self, "user", user_id, "session.created", NULL,
	                 json_pack("{s:s}", "address", address ? address : ""), e);
}

static int close_session_tx(store_conn *c, arena *a, const char *token_hash, err *e)
{
	int64_t uid;
	int found = sessions_delete(c, a, token_hash, &uid, e);
	if (found <= 0)
		return found;
	const actor self = account(a, uid);
	return app_event(c, a, &self, "user", uid, "session.ended", NULL, NULL, e);
}

int session_login(app *ap, arena *a, const char *username, const char *password,
                  const char *address, session_out *out, err *e)
{
	int64_t now = time_now_us();
	char akey[96], ukey[96];
	snprintf(akey, sizeof akey, "a:%s", address ? address : "?");
	snprintf(ukey, sizeof ukey, "u:%.80s", username);
	int64_t wait = 0, wait_a = 0;
	store_conn *rc = app_read_begin(ap, e);
	int tr = rc ? throttle_wait(rc, a, ukey, account_free_failures(), now, &wait, e) : -1;
	if (tr == 0)
		tr = throttle_wait(rc, a, akey, 4LL * account_free_failures(), now, &wait_a, e);
	app_read_end(rc);
	if (tr < 0)
		return -1;
	if (wait_a > wait)
		wait = wait_a;
	if (wait > 0)
		return app_retry_after(
		    e, wait,
		    err_set(e, 429, "too_many_attempts", NULL,
		            "Too many failed log-ins; wait before trying again."));
	store_result *r;
	int found = find_row(ap, a, users_find_by_name, username, &r, e);
	if (found < 0)
		return -1;
	bool ok = false;
	if (found && store_get_bool(r, 0, "active")) {
		const char *h = store_get(r, 0, "password_hash");
		ok = crypto_pwhash_str_verify(h, password, strlen(password)) == 0;
	} else {
		/* Spend the same time on an unknown account as on a wrong password. */
		char dummy[crypto_pwhash_STRBYTES];
		hash_password("not-a-password", dummy, e);
	}
	if (!ok) {
		store_conn *c = app_tx_begin(ap, e);
		if (!c || app_tx_end(c, throttle_fail_tx(c, a, ukey, akey, now, e), e) < 0)
			return -1;
		return err_set(e, 401, "bad_credentials", NULL,
		               "The username or password is wrong.");
	}
	char token_hash[65];
	random_hex(out->token);
	random_hex(out->csrf);
	sha256_hex(out->token, token_hash);
	out->expires_at = now + ap->session_ttl_us;
	int64_t uid = store_get_int(r, 0, "id");
	store_conn *c = app_tx_begin(ap, e);
	if (!c ||
	    app_tx_end(c, open_session_tx(c, a, uid, username, token_hash, out, address, now, e),
	               e) < 0)
		return -1;
	out->user = user_row_json(r, 0);
	return 0;
}

int session_resolve(app *ap, arena *a, const char *token, actor *who, const char **csrf, err *e)
{
	char token_hash[65];
	if (strlen(token) != 64)
		return err_set(e, 401, "unauthenticated", NULL, "Log in first.");
	sha256_hex(token, token_hash);
	store_result *r;
	/* in a read snapshot kept for the request's own read, if it makes one */
	store_conn *c = app_snapshot_begin(ap, e);
	int found = c ? sessions_find(c, a, token_hash, &r, e) : -1;
	if (found < 0) {
		app_snapshot_end(c);
		return -1;
	}
	app_snapshot_hold(ap, c);
	if (!found || store_get_int(r, 0, "expires_at") < time_now_us())
		return err_set(e, 401, "unauthenticated", NULL,
		               "Your session has expired or is unknown; log in again.");
	*who = account(a, store_get_int(r, 0, "id"));
	who->username = store_get(r, 0, "username");
	who->role = role_parse(store_get(r, 0, "role"));
	who->institution_id = store_get_int(r, 0, "institution_id");
	if (csrf)
		*csrf = store_get(r, 0, "csrf");
	return 0;
}

int session_logout(app *ap, arena *a, const char *token, err *e)
{
	char token_hash[65];
	sha256_hex(token, token_hash);
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, close_session_tx(c, a, token_hash, e), e) : -1;
}
