/* Notifications (§4.3): what an event tells whom. One table of rules (notify.c: event kind ->
 * recipients and a title) turns each event of a project, in the transaction that appends it,
 * into an in-app notification per recipient and outbox rows (an e-mail to each recipient who
 * has an address, a webhook delivery to each institution the rule sends to); the scheduler
 * delivers the outbox (delivery.c). This is the part the web, jobs and CLI layers call. */
#ifndef BAOTU_APP_NOTIFY_H
#define BAOTU_APP_NOTIFY_H
#include "app/app.h"
#include "lib/i18n.h"

/* ---- the rules ---- */

/* Who a rule sends to (bits; the same as store/notify.h's). */
#define NOTIFY_OFFICERS 1u
#define NOTIFY_LEADERS 2u
#define NOTIFY_CSRC 4u
#define NOTIFY_LEAD 8u        /* the lead institution's users */
#define NOTIFY_MEMBERS 16u    /* every member institution's users */
#define NOTIFY_OTHER_SIDE 32u /* message.sent: the institution or the working group, by side */

typedef struct notify_rule {
	const char *kind;  /* the event kind */
	unsigned to;       /* 0: the event notifies nobody (said here so that it is a decision) */
	const char *title; /* message id with {placeholders} from the payload and {project} */
} notify_rule;
extern const notify_rule NOTIFY_RULES[];
extern const unsigned NOTIFY_RULES_COUNT;
const notify_rule *notify_rule_find(const char *kind);

/* A title in a language, its {name} placeholders filled from params (a JSON object: strings
 * and numbers as they are, anything else as ""). In the arena. */
const char *notify_title(arena *a, lang l, const char *title, const json_t *params);

/* ---- delivery settings (baotu serve's flags; docs/DEPLOY.md) ---- */

typedef enum { NOTIFY_TLS_NONE, NOTIFY_TLS_STARTTLS, NOTIFY_TLS_IMPLICIT } notify_tls;
typedef struct notify_settings {
	const char *smtp_url; /* smtp://HOST:PORT or smtps://...; NULL: no e-mail is sent, the
	                         e-mail rows wait in the outbox as pending */
	const char *smtp_from;
	const char *smtp_user, *smtp_password; /* may be NULL */
	notify_tls smtp_tls;
	const char
	    *public_url;    /* the base of links in e-mails (https://pilot.example); may be NULL */
	int max_attempts;   /* tries before a delivery is dead (default 6) */
	int64_t backoff_us; /* the wait after the first failure; doubled after each */
	long timeout_s;     /* one delivery's time limit */
} notify_settings;
#define NOTIFY_MAX_ATTEMPTS_DEFAULT 6
#define NOTIFY_BACKOFF_DEFAULT_US (30LL * 1000000)
#define NOTIFY_TIMEOUT_DEFAULT_S 10L

/* One pass of the outbox (the scheduler's job): claims each due delivery, sends it, records
 * the outcome; *done counts the deliveries sent. At most NOTIFY_DELIVER_MAX per pass. */
#define NOTIFY_DELIVER_MAX 50
int notify_deliver_due(app *ap, arena *a, int64_t now, int *done, err *e);

/* ---- the inbox ---- */

/* GET /api/v1/inbox: {"items":[{id, kind, subject, project_id, title (in l), created_at,
 * read_at}], "next", "unread": count}, newest first. */
json_t *inbox_list(app *ap, arena *a, const actor *who, lang l, bool unread_only, int64_t after,
                   int limit, err *e);
/* POST /api/v1/inbox/{id}/read: the item, read. 404 when it is not the caller's. */
int inbox_mark_read(app *ap, arena *a, const actor *who, lang l, int64_t id, json_t **out, err *e);
/* Every unread item of the caller read; *n: how many. */
int inbox_mark_all_read(app *ap, arena *a, const actor *who, int64_t *n, err *e);
/* The caller's unread count, or -1 (the page header shows nothing then). */
int64_t inbox_unread_count(app *ap, arena *a, const actor *who);

/* ---- a user's e-mail address ---- */

/* PUT /api/v1/account/email {"email": "..."|null}: the caller's own address; *out the
 * account. */
int account_set_email(app *ap, arena *a, const actor *who, const json_t *body, json_t **out,
                      err *e);
/* 0 when s is an address the outbox may send to (one @, a dotted domain, no spaces or
 * control characters, at most 254 bytes); else -1 with 400 invalid_value on field. */
int notify_check_email(const char *s, const char *field, err *e);

/* ---- webhooks (an institution's user, for its institution) ---- */

/* POST /api/v1/webhooks {"url"}: *out the webhook with its signing secret, shown this once. */
int webhook_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e);
/* GET /api/v1/webhooks: the caller's institution's (an admin: every institution's). */
json_t *webhook_list(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e);
/* DELETE /api/v1/webhooks/{id}: no more deliveries are written for it. */
int webhook_delete(app *ap, arena *a, const actor *who, int64_t id, err *e);

/* GET /api/v1/outbox?status=: the deliveries (an admin's view: dead letters and the rest),
 * newest first. */
json_t *outbox_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
                    int limit, err *e);
#endif
