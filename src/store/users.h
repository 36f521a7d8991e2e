/* Accounts and sessions: the rows of users and sessions. A session is stored as the SHA-256 of
 * its token, never the token. */
#ifndef BAOTU_STORE_USERS_H
#define BAOTU_STORE_USERS_H
#include "store/store.h"

/* An account as every loader below returns it (the password hash only where said). */
#define USER_COLS                                                                                  \
	"id, username, display_name, role, institution_id, active, created_at, updated_at, email"

/* What an account holds besides its password. */
typedef struct user_fields {
	const char *username, *display_name, *role;
	int64_t institution_id; /* 0: none */
	bool active;
	const char *email; /* NULL: none (notifications: in-app only) */
} user_fields;

/* The loaders of one row answer 1 (*r holds it), 0 (no such row) or -1 (store_found). */
int users_get(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
/* USER_COLS and password_hash. */
int users_find_by_name(store_conn *c, arena *a, const char *username, store_result **r, err *e);
int users_count(store_conn *c, arena *a, int64_t *n, err *e);
/* Whether any account belongs to the institution. */
int users_of_institution_exist(store_conn *c, arena *a, int64_t institution_id, bool *any, err *e);
/* Rows with id > after, by id, at most limit + 1 (for app_page). */
int users_page(store_conn *c, arena *a, int64_t after, int limit, store_result **r, err *e);

/* A new active account (f->active is not read), created and updated at now; *r is the row. */
int users_insert(store_conn *c, arena *a, const user_fields *f, const char *password_hash,
                 int64_t now, store_result **r, err *e);
/* The role, display name, activity, institution and e-mail address of account id (f->username is
 * not read); *r is the row after. */
int users_update(store_conn *c, arena *a, int64_t id, const user_fields *f, int64_t now,
                 store_result **r, err *e);
/* The account's e-mail address (NULL: none); *r is the row after. */
int users_set_email(store_conn *c, arena *a, int64_t id, const char *email, int64_t now,
                    store_result **r, err *e);
/* A new password hash for the account named username: 1 and *id, 0 (no such account), -1. */
int users_set_password(store_conn *c, arena *a, const char *username, const char *password_hash,
                       int64_t now, int64_t *id, err *e);

/* What a new session is: its token's hash, public id (shown to its owner), CSRF token, times,
 * and the client's address and user agent (already cut to a bounded length). */
typedef struct session_row {
	const char *token_hash, *public_id, *csrf, *address, *user_agent;
	int64_t user_id, created_at, expires_at;
} session_row;
int sessions_insert(store_conn *c, arena *a, const session_row *s, err *e);
/* The session of a token hash with its active account: u.id, username, role, institution_id,
 * csrf, expires_at, last_seen_at. 1, 0 (unknown, or the account is inactive) or -1. */
int sessions_find(store_conn *c, arena *a, const char *token_hash, store_result **r, err *e);
/* Ends the session of a token hash: 1 and *user_id when there was one, 0, -1. */
int sessions_delete(store_conn *c, arena *a, const char *token_hash, int64_t *user_id, err *e);
int sessions_delete_of_user(store_conn *c, arena *a, int64_t user_id, err *e);
int sessions_delete_expired(store_conn *c, arena *a, int64_t now, err *e);
/* The sessions of user_id but the one of keep_hash (its other devices). */
int sessions_delete_others(store_conn *c, arena *a, int64_t user_id, const char *keep_hash, err *e);
int sessions_touch(store_conn *c, arena *a, const char *token_hash, int64_t now, err *e);
/* user_id's unexpired sessions, newest first: public_id, created_at, last_seen_at, address,
 * user_agent, current (1 for the one of current_hash). */
int sessions_of_user(store_conn *c, arena *a, int64_t user_id, const char *current_hash,
                     int64_t now, store_result **r, err *e);
/* Ends user_id's session of that public id: 1, 0 (none of theirs), -1. */
int sessions_delete_public(store_conn *c, arena *a, int64_t user_id, const char *public_id, err *e);

/* ---- the second factor (TOTP), recovery codes, half-done log-ins ---- */

/* The account's TOTP row: secret (base32), enrolled_at (NULL: offered, not confirmed),
 * last_step. 1, 0, -1. */
int totp_get(store_conn *c, arena *a, int64_t user_id, store_result **r, err *e);
/* A new offered secret (replacing one not confirmed yet). */
int totp_offer(store_conn *c, arena *a, int64_t user_id, const char *secret, int64_t now, err *e);
/* The secret confirmed at now by the code of step; 1, 0 (not offered), -1. */
int totp_enrol(store_conn *c, arena *a, int64_t user_id, const char *secret, int64_t step,
               int64_t now, err *e);
/* Records step as used unless a later or equal one was: 1, 0 (a replay), -1. */
int totp_use_step(store_conn *c, arena *a, int64_t user_id, int64_t step, err *e);
/* Removes the secret and every recovery code of the account. */
int totp_delete(store_conn *c, arena *a, int64_t user_id, err *e);

/* Replaces the account's recovery codes by the n hashes given. */
int recovery_codes_replace(store_conn *c, arena *a, int64_t user_id, const char *const *hashes,
                           int n, int64_t now, err *e);
/* Marks the account's unused code of that hash used: 1, 0 (none such), -1. */
int recovery_codes_use(store_conn *c, arena *a, int64_t user_id, const char *hash, int64_t now,
                       err *e);
/* How many of the account's codes are left. */
int recovery_codes_left(store_conn *c, arena *a, int64_t user_id, int64_t *n, err *e);

typedef struct pending_row {
	const char *token_hash, *stage, *secret, *address, *user_agent;
	int64_t user_id, created_at, expires_at;
} pending_row;
int pending_insert(store_conn *c, arena *a, const pending_row *p, err *e);
/* The unexpired half-done log-in of a token hash with its active account (USER_COLS as u.*,
 * and stage, secret, secret_shown, failures). 1, 0, -1. */
int pending_find(store_conn *c, arena *a, const char *token_hash, int64_t now, store_result **r,
                 err *e);
/* Marks the enrolment secret shown: 1, 0 (it was already), -1. */
int pending_mark_shown(store_conn *c, arena *a, const char *token_hash, err *e);
/* One more failed code: the count after. */
int pending_fail(store_conn *c, arena *a, const char *token_hash, int64_t *failures, err *e);
int pending_delete(store_conn *c, arena *a, const char *token_hash, err *e);
/* Every half-done log-in of the account, and those expired before now of any. */
int pending_delete_of_user(store_conn *c, arena *a, int64_t user_id, int64_t now, err *e);

/* A new password hash for account id. */
int users_set_password_id(store_conn *c, arena *a, int64_t id, const char *password_hash,
                          int64_t now, err *e);
#endif
