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

int sessions_insert(store_conn *c, arena *a, const char *token_hash, int64_t user_id,
                    const char *csrf, int64_t created_at, int64_t expires_at, err *e);
/* The session of a token hash with its active account: u.id, username, role, institution_id,
 * csrf, expires_at. 1, 0 (unknown, or the account is inactive) or -1. */
int sessions_find(store_conn *c, arena *a, const char *token_hash, store_result **r, err *e);
/* Ends the session of a token hash: 1 and *user_id when there was one, 0, -1. */
int sessions_delete(store_conn *c, arena *a, const char *token_hash, int64_t *user_id, err *e);
int sessions_delete_of_user(store_conn *c, arena *a, int64_t user_id, err *e);
int sessions_delete_expired(store_conn *c, arena *a, int64_t now, err *e);
#endif
