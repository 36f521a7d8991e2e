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

int sessions_insert(store_conn *c, arena *a, const char *token_hash, int64_t user_id,
                    const char *csrf, int64_t created_at, int64_t expires_at, err *e)
{
	return store_q(c, a, e, NULL,
	               "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
	               "VALUES ($1, $2, $3, $4, $5)",
	               "titii", token_hash, user_id, csrf, created_at, expires_at);
}

int sessions_find(store_conn *c, arena *a, const char *token_hash, store_result **r, err *e)
{
	return store_found(
	    store_q(c, a, e, r,
	            "SELECT u.id, u.username, u.role, u.institution_id, s.csrf, s.expires_at "
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
