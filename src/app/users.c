/* Accounts, passwords (argon2id via libsodium), sessions and log-in throttling, the second
 * factor (TOTP) with its recovery codes, and what an account does with its own. */
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
#include "lib/totp.h"
#include "store/settings.h"
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
static int check_password_as(const char *pw, const char *username, const char *field, err *e)
{
	pw_weakness w = pw_check(pw, username);
	return w == PW_OK ? 0 : err_set(e, 400, "weak_password", field, pw_weakness_message(w));
}

static int check_password(const char *pw, const char *username, err *e)
{
	return check_password_as(pw, username, "password", e);
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
	/* A new password ends every open session of the account, and its half-done log-ins. */
	if (sessions_delete_of_user(c, a, id, e) < 0 ||
	    pending_delete_of_user(c, a, id, time_now_us(), e) < 0)
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
#define THROTTLE_FORGET_US THROTTLE_KEEP_US /* failures count for an hour */

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

/* What a session keeps of its client: printable ASCII only (anything else becomes '?'), at most
 * max bytes, so that a list of sessions is plain text of a bounded size. */
static const char *client_text(arena *a, const char *s, size_t max)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n > max)
		n = max;
	char *o = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++)
		o[i] = s[i] >= 0x20 && s[i] < 0x7F ? s[i] : '?';
	o[n] = '\0';
	return o;
}

#define ADDRESS_MAX 64
#define AGENT_MAX 200

/* A new session of account user_id (its token hash, out's csrf and expiry); expired sessions
 * are swept on every log-in: the table stays the size of who is in. */
static int open_session_tx(store_conn *c, arena *a, int64_t user_id, const char *username,
                           const char *token_hash, const session_out *out, const client_info *cl,
                           int64_t now, err *e)
{
	const actor self = account(a, user_id);
	unsigned char pid[8];
	char public_id[17];
	randombytes_buf(pid, sizeof pid);
	sodium_bin2hex(public_id, sizeof public_id, pid, sizeof pid);
	const session_row row = {token_hash,
	                         public_id,
	                         out->csrf,
	                         client_text(a, cl->address, ADDRESS_MAX),
	                         client_text(a, cl->agent, AGENT_MAX),
	                         user_id,
	                         now,
	                         out->expires_at};
	if (throttle_clear_key(c, a, arena_printf(a, "u:%.80s", username), e) < 0 ||
	    sessions_insert(c, a, &row, e) < 0 || sessions_delete_expired(c, a, now, e) < 0)
		return -1;
	return app_event(c, a, &self, "user", user_id, "session.created", NULL,
	                 json_pack("{s:s}", "address", row.address ? row.address : ""), e);
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

/* The throttle's keys of a log-in: its account and its client's address. */
static void throttle_keys(const char *username, const char *address, char ukey[96], char akey[96])
{
	snprintf(akey, 96, "a:%s", address ? address : "?");
	snprintf(ukey, 96, "u:%.80s", username);
}

/* 0, or 429 too_many_attempts with Retry-After while the account or the address must wait. */
static int throttle_check(app *ap, arena *a, const char *ukey, const char *akey, int64_t now,
                          err *e)
{
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
	return 0;
}

/* ---- the second factor ---- */

/* The roles that must log in with a second factor when security.require_2fa is on. */
#define ROLES_2FA (ROLE_ADMIN | ROLE_OFFICER | ROLE_LEADER | ROLE_CSRC)
#define REQUIRE_2FA_KEY "security.require_2fa"

static int require_2fa_setting(store_conn *c, arena *a, bool *on, err *e)
{
	const char *v = NULL;
	if (store_setting_get(c, a, REQUIRE_2FA_KEY, &v, e) < 0)
		return -1;
	*on = v && !strcmp(v, "1");
	return 0;
}

/* Whether an account of role role_s must have a second factor now. */
static int totp_required(store_conn *c, arena *a, const char *role_s, bool *req, err *e)
{
	bool on;
	if (require_2fa_setting(c, a, &on, e) < 0)
		return -1;
	*req = on && (role_parse(role_s) & ROLES_2FA);
	return 0;
}

/* A new TOTP secret: 20 random bytes (RFC 4226's recommended length) in base32. */
static const char *new_totp_secret(arena *a)
{
	uint8_t key[20];
	randombytes_buf(key, sizeof key);
	char *out = arena_alloc(a, base32_len(sizeof key) + 1);
	base32_encode(key, sizeof key, out);
	sodium_memzero(key, sizeof key);
	return out;
}

/* {secret, otpauth_uri}: what an authenticator app takes (the URI usually as a QR code). */
static json_t *offer_json(arena *a, const char *username, const char *secret)
{
	return json_pack(
	    "{s:s, s:s}", "secret", secret, "otpauth_uri",
	    arena_printf(a,
	                 "otpauth://totp/baotu:%s?secret=%s&issuer=baotu&algorithm=SHA1"
	                 "&digits=6&period=%d",
	                 username, secret, TOTP_STEP));
}

/* A code as typed: "123 456" is 123456; a recovery code in either case, with or without its
 * hyphens. *kind: 't' six digits, 'r' a recovery code's 16 base32 characters (in norm); else
 * 400 invalid_code naming field. */
static int code_read(const char *code, char norm[17], char *kind, const char *field, err *e)
{
	size_t n = 0;
	for (const char *p = code; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (n == 16)
			return err_set(e, 400, "invalid_code", field,
			               "Field {field} must be a 6-digit code or a recovery code.");
		norm[n++] = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
	}
	norm[n] = '\0';
	bool digits = n == 6, b32 = n == 16;
	for (size_t i = 0; i < n; i++) {
		digits = digits && norm[i] >= '0' && norm[i] <= '9';
		b32 = b32 &&
		      ((norm[i] >= 'A' && norm[i] <= 'Z') || (norm[i] >= '2' && norm[i] <= '7'));
	}
	if (!digits && !b32)
		return err_set(e, 400, "invalid_code", field,
		               "Field {field} must be a 6-digit code or a recovery code.");
	*kind = digits ? 't' : 'r';
	return 0;
}

/* The step at which CODE is good under the base32 SECRET, after LAST_STEP, one step of clock
 * drift either side: -1 when none. */
static int64_t code_step(const char *secret, const char *code, int64_t last_step)
{
	uint8_t key[TOTP_SECRET_MAX];
	int n = base32_decode(secret, key, sizeof key);
	if (n <= 0)
		return -1;
	int64_t step =
	    totp_check(TOTP_SHA1, key, (size_t)n, code, 6, time_now_us() / 1000000, 1, last_step);
	sodium_memzero(key, sizeof key);
	return step;
}

/* RECOVERY_CODES new codes (10 random bytes each, base32 in groups of four): the JSON array
 * shown to the owner once, and their hashes, which are all the store keeps. */
static json_t *new_recovery_codes(arena *a, const char *hashes[RECOVERY_CODES])
{
	json_t *codes = json_array();
	for (int i = 0; i < RECOVERY_CODES; i++) {
		uint8_t b[10];
		char raw[17], shown[20], *h = arena_alloc(a, 65);
		randombytes_buf(b, sizeof b);
		base32_encode(b, sizeof b, raw);
		snprintf(shown, sizeof shown, "%.4s-%.4s-%.4s-%.4s", raw, raw + 4, raw + 8,
		         raw + 12);
		sha256_hex(raw, h);
		hashes[i] = h;
		json_array_append_new(codes, json_string(shown));
	}
	return codes;
}

static int enrol_tx(store_conn *c, arena *a, int64_t uid, const char *secret, int64_t step,
                    const char *const *hashes, int64_t now, err *e)
{
	const actor self = account(a, uid);
	return totp_enrol(c, a, uid, secret, step, now, e) < 0 ||
	               recovery_codes_replace(c, a, uid, hashes, RECOVERY_CODES, now, e) < 0
	           ? -1
	           : app_event(c, a, &self, "user", uid, "user.totp_enrolled", NULL, NULL, e);
}

/* A fresh session token and CSRF token in out, expiring a session's lifetime after now;
 * token_hash the token's hash. */
static void session_tokens(app *ap, session_out *out, int64_t now, char token_hash[65])
{
	random_hex(out->token);
	random_hex(out->csrf);
	sha256_hex(out->token, token_hash);
	out->expires_at = now + ap->session_ttl_us;
	out->stage = NULL;
}

/* A half-done log-in replaces the account's earlier ones (and the expired of any). */
static int pending_open_tx(store_conn *c, arena *a, const pending_row *p, err *e)
{
	return pending_delete_of_user(c, a, p->user_id, p->created_at, e) < 0
	           ? -1
	           : pending_insert(c, a, p, e);
}

int session_login(app *ap, arena *a, const char *username, const char *password,
                  const client_info *cl, session_out *out, err *e)
{
	int64_t now = time_now_us();
	char akey[96], ukey[96];
	out->user = out->recovery_codes = NULL;
	throttle_keys(username, cl->address, ukey, akey);
	if (throttle_check(ap, a, ukey, akey, now, e) < 0)
		return -1;
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
	int64_t uid = store_get_int(r, 0, "id");
	/* Enrolled, or required to be and not yet: the password opens only the second step (its
	 * failures, like the password's, are not cleared before the session opens). */
	store_result *t;
	bool required = false;
	store_conn *rc = app_read_begin(ap, e);
	int enrolled = rc ? totp_get(rc, a, uid, &t, e) : -1;
	if (enrolled > 0)
		enrolled = store_get(t, 0, "enrolled_at") != NULL;
	if (enrolled == 0 && totp_required(rc, a, store_get(r, 0, "role"), &required, e) < 0)
		enrolled = -1;
	app_read_end(rc);
	if (enrolled < 0)
		return -1;
	char token_hash[65];
	session_tokens(ap, out, now, token_hash);
	store_conn *c;
	if (enrolled || required) {
		out->csrf[0] = '\0';
		out->stage = enrolled ? "otp" : "enrol";
		out->expires_at = now + LOGIN_PENDING_TTL_US;
		const pending_row p = {token_hash,
		                       out->stage,
		                       enrolled ? NULL : new_totp_secret(a),
		                       client_text(a, cl->address, ADDRESS_MAX),
		                       client_text(a, cl->agent, AGENT_MAX),
		                       uid,
		                       now,
		                       out->expires_at};
		c = app_tx_begin(ap, e);
		return c ? app_tx_end(c, pending_open_tx(c, a, &p, e), e) : -1;
	}
	c = app_tx_begin(ap, e);
	if (!c ||
	    app_tx_end(c, open_session_tx(c, a, uid, username, token_hash, out, cl, now, e), e) < 0)
		return -1;
	out->user = user_row_json(r, 0);
	return 0;
}

/* The half-done log-in of a token: 0 with *r (pending_find's row) and token_hash, or -1 with
 * 401 login_expired. */
static int pending_of(app *ap, arena *a, const char *pending, char token_hash[65], store_result **r,
                      err *e)
{
	if (!pending || strlen(pending) != 64)
		return err_set(e, 401, "login_expired", NULL,
		               "This log-in has expired or is unknown; log in again.");
	sha256_hex(pending, token_hash);
	store_conn *c = app_read_begin(ap, e);
	int found = c ? pending_find(c, a, token_hash, time_now_us(), r, e) : -1;
	app_read_end(c);
	if (found < 0)
		return -1;
	return found ? 0
	             : err_set(e, 401, "login_expired", NULL,
	                       "This log-in has expired or is unknown; log in again.");
}

typedef struct second_step {
	const char *token_hash, *code;
	char kind; /* 't' a TOTP code, 'r' a recovery code */
	const store_result *user;
	const client_info *cl;
	const char *ukey, *akey;
	int64_t now;
	session_out *out;
	const char *session_hash; /* the new session's token hash */
	const char **hashes;      /* an enrolment's new recovery codes */
	bool ok;                  /* out: the code was good and the session opened */
} second_step;

/* The code checked in the transaction that spends it: a TOTP step becomes last_step, a
 * recovery code is used; a wrong one counts in the throttle and on the half-done log-in, which
 * the fifth ends. Commits either way; s->ok says which. */
static int second_step_tx(store_conn *c, arena *a, second_step *s, err *e)
{
	int64_t uid = store_get_int(s->user, 0, "id");
	const actor self = account(a, uid);
	int good = 0;
	int64_t step = -1;
	if (!strcmp(store_get(s->user, 0, "stage"), "enrol")) {
		const char *secret = store_get(s->user, 0, "secret");
		step = s->kind == 't' ? code_step(secret, s->code, -1) : -1;
		good = step >= 0;
		if (good && enrol_tx(c, a, uid, secret, step, s->hashes, s->now, e) < 0)
			return -1;
	} else if (s->kind == 't') {
		store_result *t;
		int f = totp_get(c, a, uid, &t, e);
		if (f < 0)
			return -1;
		if (f && store_get(t, 0, "enrolled_at"))
			step = code_step(store_get(t, 0, "secret"), s->code,
			                 store_get_int(t, 0, "last_step"));
		/* the conditional write is what makes a code good once when two race */
		if (step >= 0 && (good = totp_use_step(c, a, uid, step, e)) < 0)
			return -1;
	} else {
		char h[65];
		int64_t left = 0;
		sha256_hex(s->code, h);
		if ((good = recovery_codes_use(c, a, uid, h, s->now, e)) < 0 ||
		    (good && (recovery_codes_left(c, a, uid, &left, e) < 0 ||
		              app_event(c, a, &self, "user", uid, "user.recovery_code_used", NULL,
		                        json_pack("{s:I}", "left", (json_int_t)left), e) < 0)))
			return -1;
	}
	if (!good) {
		int64_t failures = 0;
		const char *addr = client_text(a, s->cl->address, ADDRESS_MAX);
		if (throttle_fail_tx(c, a, s->ukey, s->akey, s->now, e) < 0 ||
		    pending_fail(c, a, s->token_hash, &failures, e) < 0 ||
		    (failures >= LOGIN_PENDING_MAX_FAILURES &&
		     pending_delete(c, a, s->token_hash, e) < 0))
			return -1;
		return app_event(c, a, &self, "user", uid, "session.otp_failed", NULL,
		                 json_pack("{s:s, s:I}", "address", addr ? addr : "", "failures",
		                           (json_int_t)failures),
		                 e);
	}
	s->ok = true;
	return pending_delete(c, a, s->token_hash, e) < 0
	           ? -1
	           : open_session_tx(c, a, uid, store_get(s->user, 0, "username"), s->session_hash,
	                             s->out, s->cl, s->now, e);
}

int session_second_step(app *ap, arena *a, const char *pending, const char *code,
                        const client_info *cl, session_out *out, err *e)
{
	char token_hash[65], norm[17], kind, ukey[96], akey[96], session_hash[65];
	store_result *r;
	out->user = out->recovery_codes = NULL;
	if (pending_of(ap, a, pending, token_hash, &r, e) < 0 ||
	    code_read(code, norm, &kind, "code", e) < 0)
		return -1;
	int64_t now = time_now_us();
	throttle_keys(store_get(r, 0, "username"), cl->address, ukey, akey);
	if (throttle_check(ap, a, ukey, akey, now, e) < 0)
		return -1;
	const char *hashes[RECOVERY_CODES];
	json_t *codes =
	    !strcmp(store_get(r, 0, "stage"), "enrol") ? new_recovery_codes(a, hashes) : NULL;
	session_tokens(ap, out, now, session_hash);
	second_step s = {token_hash, norm, kind,         r,      cl,   ukey, akey,
	                 now,        out,  session_hash, hashes, false};
	store_conn *c = app_tx_begin(ap, e);
	if (!c || app_tx_end(c, second_step_tx(c, a, &s, e), e) < 0) {
		json_decref(codes);
		return -1;
	}
	if (!s.ok) {
		json_decref(codes);
		return err_set(e, 401, "bad_code", "code",
		               "The code is wrong or was used already.");
	}
	out->user = user_row_json(r, 0);
	out->recovery_codes = codes;
	return 0;
}

json_t *session_enrol_secret(app *ap, arena *a, const char *pending, err *e)
{
	char token_hash[65];
	store_result *r;
	if (pending_of(ap, a, pending, token_hash, &r, e) < 0)
		return NULL;
	if (strcmp(store_get(r, 0, "stage"), "enrol")) {
		err_set(e, 409, "not_enrolling", NULL,
		        "This log-in asks for a code, not an enrolment.");
		return NULL;
	}
	/* shown once: a second look (a copy of the page, a proxy's log) gets nothing */
	store_conn *c = app_tx_begin(ap, e);
	int first = c ? pending_mark_shown(c, a, token_hash, e) : -1;
	if (!c || app_tx_end(c, first < 0 ? -1 : 0, e) < 0)
		return NULL;
	if (!first) {
		err_set(e, 409, "secret_shown", NULL,
		        "The secret was shown already; log in again for a new one.");
		return NULL;
	}
	return offer_json(a, store_get(r, 0, "username"), store_get(r, 0, "secret"));
}

/* How long a session's last use may be off before it is written again: a write on every
 * request would cost the writer's lock for a list its owner reads now and then. */
#define LAST_SEEN_GRANULARITY_US (5 * 60 * 1000000LL)

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
	int64_t now = time_now_us();
	if (found && store_get_int(r, 0, "last_seen_at") < now - LAST_SEEN_GRANULARITY_US) {
		app_snapshot_end(c);
		err te;
		err_clear(&te);
		store_conn *w = app_tx_begin(ap, &te);
		if (!w || app_tx_end(w, sessions_touch(w, a, token_hash, now, &te), &te) < 0)
			log_warn("a session's last use was not recorded: %s",
			         te.code ? te.code : "?");
		err_free_details(&te);
	} else {
		app_snapshot_hold(ap, c);
	}
	if (!found || store_get_int(r, 0, "expires_at") < now)
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

/* ---- an account's own ---- */

/* The caller's row with its password hash: 0, or -1 (404 when the account is gone). */
static int own_row(store_conn *c, arena *a, const actor *who, store_result **r, err *e)
{
	return app_found(users_find_by_name(c, a, who->username, r, e), "No such user.", e);
}

typedef struct password_change {
	const actor *who;
	const char *keep_hash, *old_password, *new_hash, *ukey, *akey;
	int64_t now;
	bool ok; /* out: the old password was right */
} password_change;

static int password_change_tx(store_conn *c, arena *a, password_change *p, err *e)
{
	store_result *r;
	if (own_row(c, a, p->who, &r, e) < 0)
		return -1;
	const char *h = store_get(r, 0, "password_hash");
	if (crypto_pwhash_str_verify(h, p->old_password, strlen(p->old_password)) != 0)
		return throttle_fail_tx(c, a, p->ukey, p->akey, p->now, e); /* commits the count */
	p->ok = true;
	/* the other sessions may be someone who learnt the old password */
	return users_set_password_id(c, a, p->who->user_id, p->new_hash, p->now, e) < 0 ||
	               sessions_delete_others(c, a, p->who->user_id, p->keep_hash, e) < 0 ||
	               pending_delete_of_user(c, a, p->who->user_id, p->now, e) < 0
	           ? -1
	           : app_event(c, a, p->who, "user", p->who->user_id, "user.password_changed", NULL,
	                       NULL, e);
}

int account_change_password(app *ap, arena *a, const actor *who, const char *token,
                            const char *old_password, const char *new_password, const char *address,
                            err *e)
{
	char keep[65], hash[crypto_pwhash_STRBYTES], ukey[96], akey[96];
	int64_t now = time_now_us();
	throttle_keys(who->username, address, ukey, akey);
	if (check_password_as(new_password, who->username, "new_password", e) < 0 ||
	    throttle_check(ap, a, ukey, akey, now, e) < 0 ||
	    hash_password(new_password, hash, e) < 0)
		return -1;
	sha256_hex(token ? token : "", keep);
	password_change p = {who, keep, old_password, hash, ukey, akey, now, false};
	store_conn *c = app_tx_begin(ap, e);
	if (!c || app_tx_end(c, password_change_tx(c, a, &p, e), e) < 0)
		return -1;
	return p.ok ? 0
	            : err_set(e, 403, "bad_password", "old_password",
	                      "Field {field} is not your current password.");
}

static json_t *own_session_json(const store_result *r, int i)
{
	json_t *o = json_pack("{s:s, s:I, s:o, s:o, s:o, s:b}", "id", store_get(r, i, "public_id"),
	                      "created_at", (json_int_t)store_get_int(r, i, "created_at"),
	                      "last_seen_at", app_int_or_null(r, i, "last_seen_at"), "address",
	                      app_text_or_null(r, i, "address"), "user_agent",
	                      app_text_or_null(r, i, "user_agent"), "current",
	                      store_get_int(r, i, "current") == 1);
	return o;
}

json_t *account_sessions(app *ap, arena *a, const actor *who, const char *token, err *e)
{
	char h[65];
	store_result *r;
	sha256_hex(token ? token : "", h);
	store_conn *c = app_read_begin(ap, e);
	json_t *out = NULL;
	if (c && sessions_of_user(c, a, who->user_id, h, time_now_us(), &r, e) == 0) {
		json_t *items = json_array();
		for (int i = 0; i < r->nrows; i++)
			json_array_append_new(items, own_session_json(r, i));
		out = json_pack("{s:o}", "items", items);
	}
	app_read_end(c);
	return out;
}

static int revoke_tx(store_conn *c, arena *a, const actor *who, const char *id, err *e)
{
	int n = sessions_delete_public(c, a, who->user_id, id, e);
	if (n <= 0)
		return n < 0 ? -1 : err_set(e, 404, "not_found", "id", "No such session of yours.");
	return app_event(c, a, who, "user", who->user_id, "session.revoked", NULL,
	                 json_pack("{s:s}", "session", id), e);
}

int account_session_revoke(app *ap, arena *a, const actor *who, const char *id, err *e)
{
	if (strlen(id) != 16)
		return err_set(e, 404, "not_found", "id", "No such session of yours.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, revoke_tx(c, a, who, id, e), e) : -1;
}

json_t *account_totp_status(app *ap, arena *a, const actor *who, err *e)
{
	store_result *t;
	bool required = false;
	int64_t left = 0;
	store_conn *c = app_read_begin(ap, e);
	int f = c ? totp_get(c, a, who->user_id, &t, e) : -1;
	bool enrolled = f > 0 && store_get(t, 0, "enrolled_at");
	json_t *out = NULL;
	if (f >= 0 && totp_required(c, a, role_id(who->role), &required, e) == 0 &&
	    recovery_codes_left(c, a, who->user_id, &left, e) == 0)
		out = json_pack("{s:b, s:b, s:o, s:I}", "enrolled", enrolled, "required", required,
		                "enrolled_at",
		                enrolled ? app_int_or_null(t, 0, "enrolled_at") : json_null(),
		                "recovery_codes_left", (json_int_t)left);
	app_read_end(c);
	return out;
}

static int totp_begin_tx(store_conn *c, arena *a, const actor *who, const char *secret, err *e)
{
	store_result *t;
	int f = totp_get(c, a, who->user_id, &t, e);
	if (f < 0)
		return -1;
	if (f && store_get(t, 0, "enrolled_at"))
		return err_set(e, 409, "totp_enrolled", NULL,
		               "A second factor is in use already; remove it first.");
	return totp_offer(c, a, who->user_id, secret, time_now_us(), e);
}

json_t *account_totp_begin(app *ap, arena *a, const actor *who, err *e)
{
	const char *secret = new_totp_secret(a);
	store_conn *c = app_tx_begin(ap, e);
	if (!c || app_tx_end(c, totp_begin_tx(c, a, who, secret, e), e) < 0)
		return NULL;
	return offer_json(a, who->username, secret);
}

static int totp_confirm_tx(store_conn *c, arena *a, const actor *who, const char *code,
                           const char *const *hashes, err *e)
{
	store_result *t;
	int f = totp_get(c, a, who->user_id, &t, e);
	if (f < 0)
		return -1;
	if (!f || store_get(t, 0, "enrolled_at"))
		return err_set(e, 409, "no_totp_offered", NULL,
		               "Ask for a new secret first (none is waiting for its first code).");
	const char *secret = store_get(t, 0, "secret");
	int64_t step = code_step(secret, code, -1);
	if (step < 0)
		return err_set(e, 400, "bad_code", "code",
		               "The code is wrong or was used already.");
	return enrol_tx(c, a, who->user_id, secret, step, hashes, time_now_us(), e);
}

json_t *account_totp_confirm(app *ap, arena *a, const actor *who, const char *code, err *e)
{
	char norm[17], kind;
	if (code_read(code, norm, &kind, "code", e) < 0)
		return NULL;
	if (kind != 't') {
		err_set(e, 400, "invalid_code", "code", "Field {field} must be a 6-digit code.");
		return NULL;
	}
	const char *hashes[RECOVERY_CODES];
	json_t *codes = new_recovery_codes(a, hashes);
	store_conn *c = app_tx_begin(ap, e);
	if (!c || app_tx_end(c, totp_confirm_tx(c, a, who, norm, hashes, e), e) < 0) {
		json_decref(codes);
		return NULL;
	}
	return json_pack("{s:o}", "recovery_codes", codes);
}

static int totp_disable_tx(store_conn *c, arena *a, const actor *who, const char *password, err *e)
{
	store_result *r, *t;
	bool required;
	int f;
	if (own_row(c, a, who, &r, e) < 0 ||
	    totp_required(c, a, store_get(r, 0, "role"), &required, e) < 0 ||
	    (f = totp_get(c, a, who->user_id, &t, e)) < 0)
		return -1;
	const char *h = store_get(r, 0, "password_hash");
	if (crypto_pwhash_str_verify(h, password, strlen(password)) != 0)
		return err_set(e, 403, "bad_password", "password",
		               "Field {field} is not your current password.");
	if (!f)
		return err_set(e, 409, "no_totp", NULL, "This account has no second factor.");
	if (required)
		return err_set(e, 409, "totp_required", NULL,
		               "Your role must log in with a second factor; it cannot be removed.");
	return totp_delete(c, a, who->user_id, e) < 0
	           ? -1
	           : app_event(c, a, who, "user", who->user_id, "user.totp_disabled", NULL, NULL,
	                       e);
}

int account_totp_disable(app *ap, arena *a, const actor *who, const char *password, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, totp_disable_tx(c, a, who, password, e), e) : -1;
}

static int recovery_tx(store_conn *c, arena *a, const actor *who, const char *const *hashes, err *e)
{
	store_result *t;
	int f = totp_get(c, a, who->user_id, &t, e);
	if (f < 0)
		return -1;
	if (!f || !store_get(t, 0, "enrolled_at"))
		return err_set(e, 409, "no_totp", NULL, "This account has no second factor.");
	return recovery_codes_replace(c, a, who->user_id, hashes, RECOVERY_CODES, time_now_us(),
	                              e) < 0
	           ? -1
	           : app_event(c, a, who, "user", who->user_id, "user.recovery_codes_renewed", NULL,
	                       NULL, e);
}

json_t *account_recovery_codes(app *ap, arena *a, const actor *who, err *e)
{
	const char *hashes[RECOVERY_CODES];
	json_t *codes = new_recovery_codes(a, hashes);
	store_conn *c = app_tx_begin(ap, e);
	if (!c || app_tx_end(c, recovery_tx(c, a, who, hashes, e), e) < 0) {
		json_decref(codes);
		return NULL;
	}
	return json_pack("{s:o}", "recovery_codes", codes);
}

static int totp_reset_tx(store_conn *c, arena *a, const actor *who, int64_t id, const char *reason,
                         err *e)
{
	store_result *r, *t;
	int f;
	if (app_found(users_get(c, a, id, &r, e), "No such user.", e) < 0 ||
	    (f = totp_get(c, a, id, &t, e)) < 0)
		return -1;
	if (!f)
		return err_set(e, 409, "no_totp", NULL, "This account has no second factor.");
	/* whoever holds the lost device may hold a session too */
	return totp_delete(c, a, id, e) < 0 || sessions_delete_of_user(c, a, id, e) < 0 ||
	               pending_delete_of_user(c, a, id, time_now_us(), e) < 0
	           ? -1
	           : app_event(c, a, who, "user", id, "user.totp_reset", reason, NULL, e);
}

int user_totp_reset(app *ap, arena *a, const actor *who, int64_t id, const char *reason, err *e)
{
	if (app_blank(reason))
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	if (json_check_text(reason, 2000, "reason", e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, totp_reset_tx(c, a, who, id, reason, e), e) : -1;
}

int user_totp_reset_named(app *ap, arena *a, const actor *who, const char *username,
                          const char *reason, err *e)
{
	store_result *r;
	int found = find_row(ap, a, users_find_by_name, username, &r, e);
	if (found <= 0)
		return found < 0
		           ? -1
		           : err_set(e, 404, "not_found", "username", "No user has that {field}.");
	return user_totp_reset(ap, a, who, store_get_int(r, 0, "id"), reason, e);
}

json_t *security_settings_get(app *ap, arena *a, err *e)
{
	bool on = false;
	store_conn *c = app_read_begin(ap, e);
	json_t *out = c && require_2fa_setting(c, a, &on, e) == 0
	                  ? json_pack("{s:b}", "require_2fa", on)
	                  : NULL;
	app_read_end(c);
	return out;
}

static int security_set_tx(store_conn *c, arena *a, const actor *who, bool on, const char *reason,
                           err *e)
{
	return store_setting_put(c, a, REQUIRE_2FA_KEY, on ? "1" : "0", e) < 0
	           ? -1
	           : app_event_named(c, a, who, "settings", "security", "settings.security_changed",
	                             reason, json_pack("{s:b}", "require_2fa", on), e);
}

int security_settings_set(app *ap, arena *a, const actor *who, bool require_2fa, const char *reason,
                          err *e)
{
	if (reason && json_check_text(reason, 2000, "reason", e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, security_set_tx(c, a, who, require_2fa, reason, e), e) : -1;
}
