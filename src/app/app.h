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
} session_out;
int session_login(app *ap, arena *a, const char *username, const char *password,
                  const char *address, session_out *out, err *e);
/* Resolves a token; fills *who and csrf (arena). -1 with 401 when unknown or expired. */
int session_resolve(app *ap, arena *a, const char *token, actor *who, const char **csrf, err *e);
int session_logout(app *ap, arena *a, const char *token, err *e);
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
