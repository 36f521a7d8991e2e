/* Accounts and sessions. See users.h. */
#include "store/users.h"

#include "store/row.h"

STORE_ROW_BY_ID(users_get, "SELECT " USER_COLS " FROM users WHERE id = $1")

int users_find_by_name(store_conn *c, arena *a, const char *username, store_result **r, err *e)
{
	return store_found(store_q(c, a, e, r,
	                           "SELECT " USER_COLS
	                           ", password_hash FROM users WHERE username = $1",
	                           "t", username),
	                   r);
}

int users_count(store_conn *c, arena *a, int64_t *n, err *e)
{
	return store_int(c, a, e, n, "SELECT count(*) FROM users", "");
}

int users_of_institution_exist(store_conn *c, arena *a, int64_t institution_id, bool *any, err *e)
{
	return store_exists(c, a, e, any, "SELECT 1 FROM users WHERE institution_id = $1 LIMIT 1",
	                    "i", institution_id);
}

STORE_PAGE(users_page, "SELECT " USER_COLS " FROM users WHERE id > $1 ORDER BY id LIMIT $2")

int users_insert(store_conn *c, arena *a, const user_fields *f, const char *password_hash,
                 int64_t now, store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "INSERT INTO users (username, display_name, role, institution_id, "
	               "password_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
	               "1, $6, $6) RETURNING " USER_COLS,
	               "tttIti", f->username, f->display_name, f->role, f->institution_id,
	               password_hash, now);
}

int users_update(store_conn *c, arena *a, int64_t id, const user_fields *f, int64_t now,
                 store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "UPDATE users SET role = $1, display_name = $2, active = $3, institution_id "
	               "= $4, updated_at = $5, email = $7 WHERE id = $6 RETURNING " USER_COLS,
	               "ttbIiit", f->role, f->display_name, f->active, f->institution_id, now, id,
	               f->email);
}

int users_set_password(store_conn *c, arena *a, const char *username, const char *password_hash,
                       int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "UPDATE users SET password_hash = $1, updated_at = $2 WHERE username = $3 "
	                 "RETURNING id",
	                 "tit", password_hash, now, username);
}

int sessions_insert(store_conn *c, arena *a, const session_row *s, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, "
	               "public_id, last_seen_at, address, user_agent) VALUES ($1, $2, $3, $4, $5, "
	               "$6, $4, $7, $8)",
	               "titiittt", s->token_hash, s->user_id, s->csrf, s->created_at, s->expires_at,
	               s->public_id, s->address, s->user_agent);
}

int sessions_find(store_conn *c, arena *a, const char *token_hash, store_result **r, err *e)
{
	return store_found(
	    store_q(c, a, e, r,
	            "SELECT u.id, u.username, u.role, u.institution_id, s.csrf, s.expires_at, "
	            "s.last_seen_at "
	            "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 "
	            "AND u.active = 1",
	            "t", token_hash),
	    r);
}

int sessions_delete(store_conn *c, arena *a, const char *token_hash, int64_t *user_id, err *e)
{
	return store_int(c, a, e, user_id,
	                 "DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id", "t",
	                 token_hash);
}

int sessions_delete_of_user(store_conn *c, arena *a, int64_t user_id, err *e)
{
	return store_q(c, a, e, NULL, "DELETE FROM sessions WHERE user_id = $1", "i", user_id);
}

int sessions_delete_expired(store_conn *c, arena *a, int64_t now, err *e)
{
	return store_q(c, a, e, NULL, "DELETE FROM sessions WHERE expires_at < $1", "i", now);
}

int users_set_email(store_conn *c, arena *a, int64_t id, const char *email, int64_t now,
                    store_result **r, err *e)
{
	return store_found(store_q(c, a, e, r,
	                           "UPDATE users SET email = $1, updated_at = $2 WHERE id = $3 "
	                           "RETURNING " USER_COLS,
	                           "tii", email, now, id),
	                   r);
}

int sessions_delete_others(store_conn *c, arena *a, int64_t user_id, const char *keep_hash, err *e)
{
	return store_q(c, a, e, NULL,
	               "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", "it",
	               user_id, keep_hash);
}

int sessions_touch(store_conn *c, arena *a, const char *token_hash, int64_t now, err *e)
{
	return store_q(c, a, e, NULL, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2",
	               "it", now, token_hash);
}

int sessions_of_user(store_conn *c, arena *a, int64_t user_id, const char *current_hash,
                     int64_t now, store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "SELECT public_id, created_at, last_seen_at, address, user_agent, CASE WHEN "
	               "token_hash = $2 THEN 1 ELSE 0 END AS current FROM sessions WHERE user_id = "
	               "$1 AND expires_at >= $3 ORDER BY created_at DESC, public_id LIMIT 200",
	               "iti", user_id, current_hash, now);
}

int sessions_delete_public(store_conn *c, arena *a, int64_t user_id, const char *public_id, err *e)
{
	return store_wrote(c, a, e,
	                   "DELETE FROM sessions WHERE user_id = $1 AND public_id = $2 RETURNING "
	                   "user_id",
	                   "it", user_id, public_id);
}

int totp_get(store_conn *c, arena *a, int64_t user_id, store_result **r, err *e)
{
	return store_found(store_q(c, a, e, r,
	                           "SELECT secret, enrolled_at, last_step FROM user_totp WHERE "
	                           "user_id = $1",
	                           "i", user_id),
	                   r);
}

int totp_offer(store_conn *c, arena *a, int64_t user_id, const char *secret, int64_t now, err *e)
{
	return store_q(
	    c, a, e, NULL,
	    "INSERT INTO user_totp (user_id, secret, created_at) VALUES ($1, $2, $3) ON "
	    "CONFLICT (user_id) DO UPDATE SET secret = $2, created_at = $3, enrolled_at = "
	    "NULL, last_step = -1",
	    "iti", user_id, secret, now);
}

int totp_enrol(store_conn *c, arena *a, int64_t user_id, const char *secret, int64_t step,
               int64_t now, err *e)
{
	return store_wrote(c, a, e,
	                   "INSERT INTO user_totp (user_id, secret, created_at, enrolled_at, "
	                   "last_step) VALUES ($1, $2, $3, $3, $4) ON CONFLICT (user_id) DO UPDATE "
	                   "SET secret = $2, enrolled_at = $3, last_step = $4 RETURNING user_id",
	                   "itii", user_id, secret, now, step);
}

int totp_use_step(store_conn *c, arena *a, int64_t user_id, int64_t step, err *e)
{
	return store_wrote(
	    c, a, e,
	    "UPDATE user_totp SET last_step = $1 WHERE user_id = $2 AND last_step < $1 "
	    "AND enrolled_at IS NOT NULL RETURNING user_id",
	    "ii", step, user_id);
}

int totp_delete(store_conn *c, arena *a, int64_t user_id, err *e)
{
	return store_q(c, a, e, NULL, "DELETE FROM recovery_codes WHERE user_id = $1", "i",
	               user_id) < 0 ||
	               store_q(c, a, e, NULL, "DELETE FROM user_totp WHERE user_id = $1", "i",
	                       user_id) < 0
	           ? -1
	           : 0;
}

int recovery_codes_replace(store_conn *c, arena *a, int64_t user_id, const char *const *hashes,
                           int n, int64_t now, err *e)
{
	if (store_q(c, a, e, NULL, "DELETE FROM recovery_codes WHERE user_id = $1", "i", user_id) <
	    0)
		return -1;
	for (int i = 0; i < n; i++)
		if (store_q(
		        c, a, e, NULL,
		        "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, "
		        "$2, $3)",
		        "iti", user_id, hashes[i], now) < 0)
			return -1;
	return 0;
}

int recovery_codes_use(store_conn *c, arena *a, int64_t user_id, const char *hash, int64_t now,
                       err *e)
{
	return store_wrote(
	    c, a, e,
	    "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = "
	    "$3 AND used_at IS NULL RETURNING id",
	    "iit", now, user_id, hash);
}

int recovery_codes_left(store_conn *c, arena *a, int64_t user_id, int64_t *n, err *e)
{
	return store_count(c, a, e, n,
	                   "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS "
	                   "NULL",
	                   "i", user_id);
}

int pending_insert(store_conn *c, arena *a, const pending_row *p, err *e)
{
	return store_q(
	    c, a, e, NULL,
	    "INSERT INTO login_pending (token_hash, user_id, stage, secret, address, "
	    "user_agent, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	    "tittttii", p->token_hash, p->user_id, p->stage, p->secret, p->address, p->user_agent,
	    p->created_at, p->expires_at);
}

int pending_find(store_conn *c, arena *a, const char *token_hash, int64_t now, store_result **r,
                 err *e)
{
	return store_found(
	    store_q(c, a, e, r,
	            "SELECT u.id, u.username, u.display_name, u.role, u.institution_id, u.active, "
	            "u.created_at, u.updated_at, u.email, p.stage, p.secret, p.secret_shown, "
	            "p.failures FROM login_pending p JOIN users u ON u.id = p.user_id WHERE "
	            "p.token_hash = $1 AND p.expires_at >= $2 AND u.active = 1",
	            "ti", token_hash, now),
	    r);
}

int pending_mark_shown(store_conn *c, arena *a, const char *token_hash, err *e)
{
	return store_wrote(c, a, e,
	                   "UPDATE login_pending SET secret_shown = 1 WHERE token_hash = $1 AND "
	                   "secret_shown = 0 RETURNING user_id",
	                   "t", token_hash);
}

int pending_fail(store_conn *c, arena *a, const char *token_hash, int64_t *failures, err *e)
{
	return store_int(c, a, e, failures,
	                 "UPDATE login_pending SET failures = failures + 1 WHERE token_hash = $1 "
	                 "RETURNING failures",
	                 "t", token_hash);
}

int pending_delete(store_conn *c, arena *a, const char *token_hash, err *e)
{
	return store_q(c, a, e, NULL, "DELETE FROM login_pending WHERE token_hash = $1", "t",
	               token_hash);
}

int pending_delete_of_user(store_conn *c, arena *a, int64_t user_id, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "DELETE FROM login_pending WHERE user_id = $1 OR expires_at < $2", "ii",
	               user_id, now);
}

int users_set_password_id(store_conn *c, arena *a, int64_t id, const char *password_hash,
                          int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3", "tii",
	               password_hash, now, id);
}
