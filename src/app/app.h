/* Use cases: validate -> one transaction -> event(s) -> projections. The web and CLI layers
 * call these; they never touch SQL themselves. */
#ifndef BAOTU_APP_APP_H
#define BAOTU_APP_APP_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/pwpolicy.h"
#include "core/region.h"
#include "core/roles.h"
#include "lib/arena.h"
#include "lib/err.h"

struct store;
struct notify_settings;

typedef struct app {
	struct store *st; /* opened by the CLI; only the use cases (app_internal.h) reach into it */
	const pilot_region *region;
	int64_t session_ttl_us;
	int64_t idempotency_ttl_us;           /* how long an Idempotency-Key's answer is kept */
	const struct notify_settings *notify; /* e-mail and webhook delivery (app/notify.h) */
} app;

/* Who is acting. The CLI acts as "cli"; the public portal as "public". */
/* A file a client sent: a safe base name and the bytes, not trusted (the use case sniffs
 * them). The upload forms of messages, reports and inspections all hand files over this way. */
typedef struct upload_file {
	const char *filename;
	const char *data;
	size_t len;
} upload_file;

typedef struct actor {
	int64_t user_id; /* 0 for cli / public */
	const char *username;
	role role;
	int64_t institution_id; /* for role institution */
	const char *label;      /* the event actor string: "user:7", "cli", "public" */
	int64_t token_id;       /* acting through an ingestion token ("token:9"): its id; else 0 */
} actor;

extern const actor ACTOR_CLI;

/* ---- accounts (users.c); the password rule is lib/pwpolicy.h's ---- */
int user_create(app *ap, arena *a, const actor *who, const char *username, const char *role,
                int64_t institution_id, const char *display_name, const char *password,
                int64_t *id_out, err *e);
int user_set_password(app *ap, arena *a, const actor *who, const char *username,
                      const char *password, err *e);
/* Admin update: any of role / display_name / active / institution_id (JSON body). */
int user_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body, err *e);
json_t *user_list(app *ap, arena *a, int64_t after, int limit, err *e);
json_t *user_get_json(app *ap, arena *a, int64_t id, err *e);

/* Sessions. The token goes to the client; only its SHA-256 is stored. */
typedef struct session_out {
	char token[65];
	char csrf[65];
	int64_t expires_at;
	json_t *user;
	/* NULL: a session is open. "otp" (a code is due) or "enrol" (a first secret to confirm):
	 * the password was right but token is a half-done log-in's (LOGIN_PENDING_TTL_US), good
	 * for the second step only, and csrf is empty. */
	const char *stage;
	json_t *recovery_codes; /* after an enrolment: the codes, shown this once */
} session_out;
/* The client of a log-in: its address and user agent, kept with the session for its owner. */
typedef struct client_info {
	const char *address, *agent;
} client_info;
#define LOGIN_PENDING_TTL_US (5 * 60 * 1000000LL)
#define LOGIN_PENDING_MAX_FAILURES 5
#define RECOVERY_CODES 10
int session_login(app *ap, arena *a, const char *username, const char *password,
                  const client_info *cl, session_out *out, err *e);
/* The second step of a log-in whose password was right: PENDING its token, CODE a TOTP code
 * (or, at stage otp, a recovery code). Opens the session as session_login does; an enrolment
 * also answers the recovery codes. A wrong code counts in the log-in throttle; the fifth ends
 * the half-done log-in. */
int session_second_step(app *ap, arena *a, const char *pending, const char *code,
                        const client_info *cl, session_out *out, err *e);
/* The secret offered to a half-done log-in at stage enrol: {secret, otpauth_uri}, once. */
json_t *session_enrol_secret(app *ap, arena *a, const char *pending, err *e);
/* Resolves a token; fills *who and csrf (arena). -1 with 401 when unknown or expired. */
int session_resolve(app *ap, arena *a, const char *token, actor *who, const char **csrf, err *e);
int session_logout(app *ap, arena *a, const char *token, err *e);

/* ---- an account's own (users.c): TOKEN is the caller's session token ---- */
/* A new password, the old one required (403 bad_password); ends the account's other sessions. */
int account_change_password(app *ap, arena *a, const actor *who, const char *token,
                            const char *old_password, const char *new_password, const char *address,
                            err *e);
/* {"items": [{id, created_at, last_seen_at, address, user_agent, current}]} */
json_t *account_sessions(app *ap, arena *a, const actor *who, const char *token, err *e);
/* Ends one of the caller's sessions by its public id; another's is 404. */
int account_session_revoke(app *ap, arena *a, const actor *who, const char *id, err *e);
/* {enrolled, required, recovery_codes_left} */
json_t *account_totp_status(app *ap, arena *a, const actor *who, err *e);
/* A new secret offered: {secret, otpauth_uri}; 409 totp_enrolled when one is in use. */
json_t *account_totp_begin(app *ap, arena *a, const actor *who, err *e);
/* The offered secret confirmed by a code: {recovery_codes}. */
json_t *account_totp_confirm(app *ap, arena *a, const actor *who, const char *code, err *e);
/* The second factor removed (the password required); 409 totp_required when it must stay. */
int account_totp_disable(app *ap, arena *a, const actor *who, const char *password, err *e);
/* New recovery codes, the old ones void: {recovery_codes}. */
json_t *account_recovery_codes(app *ap, arena *a, const actor *who, err *e);
/* An administrator removes an account's second factor (a lost device), with a reason; its
 * sessions end. */
int user_totp_reset(app *ap, arena *a, const actor *who, int64_t id, const char *reason, err *e);
/* The same for the account named username (the command line's: `baotu user totp-reset`). */
int user_totp_reset_named(app *ap, arena *a, const actor *who, const char *username,
                          const char *reason, err *e);
/* {"require_2fa": bool}; the change is an event of settings:security. */
json_t *security_settings_get(app *ap, arena *a, err *e);
int security_settings_set(app *ap, arena *a, const actor *who, bool require_2fa, const char *reason,
                          err *e);
json_t *actor_to_json(const actor *who);

/* ---- institutions (institutions.c) ---- */
int institution_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out,
                       err *e);
int institution_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                       json_t **out, err *e);
int institution_delete(app *ap, arena *a, const actor *who, int64_t id, const char *reason, err *e);
/* Who may read an institution: staff and experts any, an institution user its own. */
bool institution_may_read(const actor *who, int64_t id);
json_t *institution_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* {"items":[...], "next": cursor|null}; q filters by name substring (may be NULL). */
json_t *institution_list(app *ap, arena *a, const actor *who, const char *q, int64_t after,
                         int limit, err *e);

/* §3.1: an officer's acknowledgement, with a reason, of the warning that the credit code's
 * registering authority is not in the stated registered place. 409 no_warning /
 * already_acknowledged. */
int institution_acknowledge_place_warning(app *ap, arena *a, const actor *who, int64_t id,
                                          const json_t *body, json_t **out, err *e);

/* ---- eligibility (eligibility.c): POST /api/v1/eligibility ---- */
json_t *eligibility_run(app *ap, arena *a, const actor *who, const json_t *body, err *e);

/* ---- events (audit.c) ---- */
json_t *events_list(app *ap, arena *a, const actor *who, const char *subject, int64_t after,
                    int limit, err *e);

/* Today in China Standard Time, "YYYY-MM-DD", from the app clock. */
void app_today(char out[11]);

/* ---- settings ---- */
bool app_is_demo(app *ap);
/* The end of a request on this thread: what it left open for itself (a held read snapshot:
 * app_internal.h) is ended. The server calls it after every request. */
void app_request_end(void);
/* The store's driver ("sqlite", "postgres"), for the log line at start. */
const char *app_store_name(const app *ap);

/* ---- institutions (institutions.c), continued ---- */
/* The id of the institution with this credit code; *id = 0 when none is registered, 400
 * invalid_credit_code when the code is malformed. */
int institution_find_by_credit_code(app *ap, arena *a, const char *code, int64_t *id, err *e);

#endif
