/* Accounts, passwords (argon2id via libsodium), sessions and log-in throttling. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/app_internal.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/time.h"
#include "store/events.h"

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

static int check_password(const char *pw, err *e)
{
	size_t n = strlen(pw);
	if (n < PASSWORD_MIN || n > PASSWORD_MAX)
		return err_set(e, 400, "weak_password", "password",
		               "Field {field} must be 8 to 256 characters.");
	return 0;
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
	return o;
}

#define USER_COLS "id, username, display_name, role, institution_id, active, created_at, updated_at"

static int role_institution_consistent(role rl, int64_t inst, store_conn *c, arena *a, err *e)
{
	if (rl == ROLE_NONE)
		return err_set(e, 400, "invalid_value", "role",
		               "Field {field} must be one of admin, officer, leader, csrc, expert, "
		               "institution.");
	if ((rl == ROLE_INSTITUTION) != (inst != 0))
		return err_set(e, 400, "invalid_value", "institution_id",
		               "Field {field} is required for role institution and only for it.");
	if (inst) {
		store_result *r;
		if (store_q(c, a, e, &r, "SELECT id FROM institutions WHERE id = $1", "i", inst) <
		    0)
			return -1;
		if (!r->nrows)
			return err_set(e, 422, "unknown_institution", "institution_id",
			               "Field {field} names no registered institution.");
	}
	return 0;
}

int user_create(app *ap, arena *a, const actor *who, const char *username, const char *role_s,
                int64_t institution_id, const char *display_name, const char *password,
                int64_t *id_out, err *e)
{
	if (check_username(username, e) < 0 || check_password(password, e) < 0)
		return -1;
	if (display_name && json_check_text(display_name, 100, "display_name", e) < 0)
		return -1;
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, e) < 0)
		return -1; /* hashed before the transaction: the writer lock is not held for it */
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	role rl = role_parse(role_s);
	if (role_institution_consistent(rl, institution_id, c, a, e) < 0)
		goto out;
	if (store_q(c, a, e, &r, "SELECT id FROM users WHERE username = $1", "t", username) < 0)
		goto out;
	if (r->nrows) {
		err_set(e, 409, "duplicate_username", "username", "Field {field} is taken.");
		goto out;
	}
	int64_t now = time_now_us();
	if (store_q(c, a, e, &r,
	            "INSERT INTO users (username, display_name, role, institution_id, "
	            "password_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, "
	            "$6, $6) RETURNING " USER_COLS,
	            "tttIti", username, display_name, role_s, institution_id, hash, now) < 0)
		goto out;
	int64_t id = store_get_int(r, 0, "id");
	json_t *p = user_row_json(r, 0);
	int erc =
	    events_append(c, a,
	                  &(event_in){who->label, "user", arena_printf(a, "%lld", (long long)id),
	                              "user.created", NULL, p},
	                  NULL, e);
	json_decref(p);
	if (erc < 0)
		goto out;
	if (id_out)
		*id_out = id;
	rc = 0;
out:
	return app_tx_end(c, rc, e);
}

int user_set_password(app *ap, arena *a, const actor *who, const char *username,
                      const char *password, err *e)
{
	if (check_password(password, e) < 0)
		return -1;
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	if (store_q(c, a, e, &r,
	            "UPDATE users SET password_hash = $1, updated_at = $2 WHERE username = $3 "
	            "RETURNING id",
	            "tit", hash, time_now_us(), username) < 0)
		goto out;
	if (!r->nrows) {
		err_set(e, 404, "not_found", "username", "No user has that {field}.");
		goto out;
	}
	const char *id = store_get(r, 0, "id");
	/* A new password ends every open session of the account. */
	if (store_q(c, a, e, NULL, "DELETE FROM sessions WHERE user_id = $1", "i",
	            store_get_int(r, 0, "id")) < 0)
		goto out;
	if (events_append(c, a, &(event_in){who->label, "user", id, "user.password_changed"}, NULL,
	                  e) < 0)
		goto out;
	rc = 0;
out:
	return app_tx_end(c, rc, e);
}

int user_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body, err *e)
{
	static const char *const allowed[] = {"role",           "display_name", "active",
	                                      "institution_id", "reason",       NULL};
	if (json_only_fields(body, allowed, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT " USER_COLS " FROM users WHERE id = $1", "i", id) < 0)
		goto out;
	if (!r->nrows) {
		err_set(e, 404, "not_found", "id", "No such user.");
		goto out;
	}
	const char *role_s = store_get(r, 0, "role");
	const char *dn = store_get(r, 0, "display_name");
	bool active = store_get_bool(r, 0, "active"), present;
	int64_t inst = store_get_int(r, 0, "institution_id");
	const char *reason = NULL;
	if (json_get_str(body, "role", false, 20, &role_s, e) < 0 ||
	    json_get_str(body, "display_name", false, 100, &dn, e) < 0 ||
	    json_get_bool(body, "active", false, &active, &present, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, &reason, e) < 0)
		goto out;
	json_t *iv = json_object_get(body, "institution_id");
	if (iv && json_is_null(iv))
		inst = 0;
	else if (json_get_int(body, "institution_id", false, &inst, &present, e) < 0)
		goto out;
	if (role_institution_consistent(role_parse(role_s), inst, c, a, e) < 0)
		goto out;
	if (who->user_id == id && (!active || role_parse(role_s) != ROLE_ADMIN)) {
		err_set(e, 409, "self_lockout", "role",
		        "An administrator cannot demote or deactivate their own account.");
		goto out;
	}
	if (store_q(c, a, e, &r,
	            "UPDATE users SET role = $1, display_name = $2, active = $3, institution_id = "
	            "$4, updated_at = $5 WHERE id = $6 RETURNING " USER_COLS,
	            "ttbIii", role_s, dn, active, inst, time_now_us(), id) < 0)
		goto out;
	if (!active &&
	    store_q(c, a, e, NULL, "DELETE FROM sessions WHERE user_id = $1", "i", id) < 0)
		goto out;
	json_t *p = user_row_json(r, 0);
	int erc =
	    events_append(c, a,
	                  &(event_in){who->label, "user", arena_printf(a, "%lld", (long long)id),
	                              "user.updated", reason, p},
	                  NULL, e);
	json_decref(p);
	if (erc < 0)
		goto out;
	rc = 0;
out:
	return app_tx_end(c, rc, e);
}

json_t *user_list(app *ap, arena *a, int64_t after, int limit, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r;
	json_t *out = NULL;
	if (store_q(c, a, e, &r,
	            "SELECT " USER_COLS " FROM users WHERE id > $1 ORDER BY id LIMIT $2", "ii",
	            after, (int64_t)limit + 1) < 0)
		goto done;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows && i < limit; i++)
		json_array_append_new(items, user_row_json(r, i));
	out = app_page(items, r, limit, "id");
done:
	app_read_end(c);
	return out;
}

json_t *user_get_json(app *ap, arena *a, int64_t id, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r;
	json_t *out = NULL;
	if (store_q(c, a, e, &r, "SELECT " USER_COLS " FROM users WHERE id = $1", "i", id) == 0) {
		if (r->nrows)
			out = user_row_json(r, 0);
		else
			err_set(e, 404, "not_found", "id", "No such user.");
	}
	app_read_end(c);
	return out;
}

/* ---- log-in throttling: per account and per address, in memory ---- */

#define THROTTLE_SLOTS 4096
#define ACCOUNT_FREE_FAILURES 5
#define ADDRESS_FREE_FAILURES 20
#define THROTTLE_MAX_DELAY_US (15 * 60 * 1000000LL)
#define THROTTLE_FORGET_US (60 * 60 * 1000000LL)

struct throttle_slot {
	char key[96];
	int failures;
	int64_t last_us;
	int64_t blocked_until_us;
};
static struct throttle_slot throttle[THROTTLE_SLOTS];
static pthread_mutex_t throttle_mu = PTHREAD_MUTEX_INITIALIZER;

static struct throttle_slot *throttle_slot_for(const char *key, bool create, int64_t now)
{
	uint32_t h = 2166136261u;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	struct throttle_slot *victim = NULL;
	for (int probe = 0; probe < 8; probe++) {
		struct throttle_slot *s = &throttle[(h + (uint32_t)probe) % THROTTLE_SLOTS];
		if (s->key[0] && !strcmp(s->key, key))
			return s;
		if (!victim || !s->key[0] || s->last_us < victim->last_us)
			victim = s;
	}
	if (!create)
		return NULL;
	memset(victim, 0, sizeof *victim);
	snprintf(victim->key, sizeof victim->key, "%s", key);
	victim->last_us = now;
	return victim;
}

/* Returns the microseconds the caller must still wait (0 = may try now). */
static int64_t throttle_wait(const char *key, int64_t now)
{
	pthread_mutex_lock(&throttle_mu);
	struct throttle_slot *s = throttle_slot_for(key, false, now);
	int64_t w = s && s->blocked_until_us > now ? s->blocked_until_us - now : 0;
	pthread_mutex_unlock(&throttle_mu);
	return w;
}

static void throttle_fail(const char *key, int free_failures, int64_t now)
{
	pthread_mutex_lock(&throttle_mu);
	struct throttle_slot *s = throttle_slot_for(key, true, now);
	if (now - s->last_us > THROTTLE_FORGET_US)
		s->failures = 0;
	s->failures++;
	s->last_us = now;
	if (s->failures >= free_failures) {
		int shift = s->failures - free_failures;
		int64_t d = 1000000LL << (shift > 10 ? 10 : shift);
		s->blocked_until_us = now + (d > THROTTLE_MAX_DELAY_US ? THROTTLE_MAX_DELAY_US : d);
	}
	pthread_mutex_unlock(&throttle_mu);
}

static void throttle_clear(const char *key, int64_t now)
{
	pthread_mutex_lock(&throttle_mu);
	struct throttle_slot *s = throttle_slot_for(key, false, now);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&throttle_mu);
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

int session_login(app *ap, arena *a, const char *username, const char *password,
                  const char *address, session_out *out, err *e)
{
	int64_t now = time_now_us();
	char akey[96], ukey[96];
	snprintf(akey, sizeof akey, "a:%s", address ? address : "?");
	snprintf(ukey, sizeof ukey, "u:%.80s", username);
	int64_t wait = throttle_wait(ukey, now);
	int64_t wait_a = throttle_wait(akey, now);
	if (wait_a > wait)
		wait = wait_a;
	if (wait > 0) {
		err_set(e, 429, "too_many_attempts", NULL,
		        "Too many failed log-ins; wait before trying again.");
		e->retry_after_s = (int)((wait + 999999) / 1000000);
		return -1;
	}
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	store_result *r;
	int rc = store_q(c, a, e, &r,
	                 "SELECT " USER_COLS ", password_hash FROM users WHERE username = $1", "t",
	                 username);
	app_read_end(c);
	if (rc < 0)
		return -1;
	bool ok = false;
	if (r->nrows && store_get_bool(r, 0, "active")) {
		const char *h = store_get(r, 0, "password_hash");
		ok = crypto_pwhash_str_verify(h, password, strlen(password)) == 0;
	} else {
		/* Spend the same time on an unknown account as on a wrong password. */
		char dummy[crypto_pwhash_STRBYTES];
		hash_password("not-a-password", dummy, e);
	}
	if (!ok) {
		throttle_fail(ukey, ACCOUNT_FREE_FAILURES, now);
		throttle_fail(akey, ADDRESS_FREE_FAILURES, now);
		return err_set(e, 401, "bad_credentials", NULL,
		               "The username or password is wrong.");
	}
	throttle_clear(ukey, now);
	char token_hash[65];
	random_hex(out->token);
	random_hex(out->csrf);
	sha256_hex(out->token, token_hash);
	out->expires_at = now + ap->session_ttl_us;
	int64_t uid = store_get_int(r, 0, "id");
	c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	rc = store_q(c, a, e, NULL,
	             "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
	             "VALUES ($1, $2, $3, $4, $5)",
	             "titii", token_hash, uid, out->csrf, now, out->expires_at);
	/* Expired sessions are swept on every log-in: the table stays the size of who is in. */
	if (rc == 0)
		rc = store_q(c, a, e, NULL, "DELETE FROM sessions WHERE expires_at < $1", "i", now);
	if (rc == 0) {
		json_t *p = json_pack("{s:s}", "address", address ? address : "");
		const char *sid = arena_printf(a, "%lld", (long long)uid);
		rc = events_append(c, a,
		                   &(event_in){arena_printf(a, "user:%s", sid), "user", sid,
		                               "session.created", NULL, p},
		                   NULL, e);
		json_decref(p);
	}
	if (app_tx_end(c, rc, e) < 0)
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
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	store_result *r;
	int rc = store_q(c, a, e, &r,
	                 "SELECT u.id, u.username, u.role, u.institution_id, s.csrf, s.expires_at "
	                 "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 "
	                 "AND u.active = 1",
	                 "t", token_hash);
	app_read_end(c);
	if (rc < 0)
		return -1;
	if (!r->nrows || store_get_int(r, 0, "expires_at") < time_now_us())
		return err_set(e, 401, "unauthenticated", NULL,
		               "Your session has expired or is unknown; log in again.");
	who->user_id = store_get_int(r, 0, "id");
	who->username = store_get(r, 0, "username");
	who->role = role_parse(store_get(r, 0, "role"));
	who->institution_id = store_get_int(r, 0, "institution_id");
	who->label = arena_printf(a, "user:%lld", (long long)who->user_id);
	if (csrf)
		*csrf = store_get(r, 0, "csrf");
	return 0;
}

int session_logout(app *ap, arena *a, const char *token, err *e)
{
	char token_hash[65];
	sha256_hex(token, token_hash);
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	store_result *r;
	int rc =
	    store_q(c, a, e, &r, "DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id",
	            "t", token_hash);
	if (rc == 0 && r->nrows) {
		const char *uid = store_get(r, 0, "user_id");
		rc = events_append(
		    c, a,
		    &(event_in){arena_printf(a, "user:%s", uid), "user", uid, "session.ended"},
		    NULL, e);
	}
	return app_tx_end(c, rc, e);
}
