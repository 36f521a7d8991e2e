/* Notifications: the one table of rules (event kind -> recipients, title), the writing of the
 * inbox and outbox rows in the event's transaction, the inbox, users' e-mail addresses,
 * institutions' webhooks and the outbox's list. Delivery is in delivery.c. */
#include "app/notify.h"
#include "app/notify_internal.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/notify.h"
#include "store/users.h"

/* ---- the rules ---- */

#define OFFICERS NOTIFY_OFFICERS
#define LEADERS NOTIFY_LEADERS
#define CSRC NOTIFY_CSRC
#define LEAD NOTIFY_LEAD
#define MEMBERS NOTIFY_MEMBERS
#define OTHER_SIDE NOTIFY_OTHER_SIDE
#define NOBODY 0u

/* Every kind of supervision event (§4.3), whom it tells and what it says. The actor is never
 * told of its own event; experts are never told of supervision; the CSRC only of what is
 * reported to it. The titles are message ids (po/zh_CN.po translates them). */
// clang-format off
const notify_rule NOTIFY_RULES[] = {
	/* §4.3.2 reporting obligations */
	{"report.requested", LEAD, N_("Report #{report_id} of {project} is requested, due {due_on}.")},
	{"report.reminded", LEAD, N_("Reminder: report #{report_id} of {project} is due {due_on}.")},
	{"report.overdue", LEAD | OFFICERS, N_("Report #{report_id} of {project} is overdue (due {due_on}).")},
	{"report.escalated", LEADERS, N_("Escalated: report #{report_id} of {project}, due {due_on}, is still not submitted.")},
	{"report.submitted", OFFICERS, N_("{project} submitted report #{report_id} (version {version}).")},
	{"report.accepted", LEAD, N_("Report #{report_id} of {project} was accepted (version {version}).")},
	{"report.changes_requested", LEAD, N_("Changes are requested to report #{report_id} of {project} (version {version}).")},
	{"reporting.configured", LEAD, N_("The reporting obligations of {project} were changed: due {due_working_days} working days after each period.")},
	/* §4.3.2 risk indicators and alerts */
	{"indicator.created", LEAD, N_("Risk indicator {key} was set for {project}.")},
	{"indicator.changed", LEAD, N_("Risk indicator {key} of {project} was changed.")},
	{"metrics.ingested", NOBODY, N_("Metrics of {project} were received.")},
	{"alert.opened", OFFICERS | LEAD, N_("Alert ({level}) on indicator {indicator} of {project}.")},
	{"alert.acknowledged", LEAD, N_("Alert #{alert_id} of {project} was acknowledged.")},
	{"alert.resolved", OFFICERS | LEAD, N_("Alert #{alert_id} of {project} was resolved.")},
	{"api_token.created", LEAD, N_("API token {name} was created for {project}.")},
	{"api_token.revoked", LEAD, N_("An API token of {project} was revoked.")},
	/* §4.3.3 inspections */
	{"inspection.planned", LEAD, N_("An inspection of {project} is planned from {starts_on}.")},
	{"inspection.notified", LEAD, N_("{project} is notified of an inspection.")},
	{"inspection.documents_requested", LEAD, N_("Documents are requested for the inspection of {project}, due {due_on}.")},
	{"inspection.documents_answered", OFFICERS, N_("{project} answered a document request of the inspection.")},
	{"inspection.finding", LEAD, N_("A finding ({severity}) was recorded in the inspection of {project}.")},
	{"inspection.rectification_ordered", LEAD, N_("Rectification is ordered for {project}, due {due_on}.")},
	{"inspection.rectification_submitted", OFFICERS, N_("{project} submitted its rectification.")},
	{"inspection.rectification_verified", LEAD, N_("The rectification of {project} was verified.")},
	{"inspection.closed", LEAD, N_("The inspection of {project} was closed.")},
	/* §4.3.4 incidents and emergencies */
	{"incident.reported", OFFICERS, N_("Incident #{incident_id} ({level}) was reported by {project}.")},
	{"incident.updated", OFFICERS, N_("Incident #{incident_id} of {project} was updated ({stage}).")},
	{"incident.guidance", LEAD, N_("The working group gave guidance on incident #{incident_id} of {project}.")},
	{"incident.loss_recorded", OFFICERS, N_("Losses were recorded for incident #{incident_id} of {project}.")},
	{"incident.reported_to_csrc", CSRC, N_("Incident #{incident_id} of {project} is reported to the CSRC.")},
	{"incident.acknowledged", OFFICERS, N_("The CSRC acknowledged incident #{incident_id} of {project}.")},
	/* §4.3 investor protection: complaints */
	{"complaint.filed", OFFICERS | LEAD, N_("Complaint {reference} about {project} was filed, due {due_on}.")},
	{"complaint.noted", OFFICERS, N_("Complaint #{complaint_id} of {project} was noted.")},
	{"complaint.resolved", OFFICERS | LEAD, N_("Complaint #{complaint_id} of {project} was resolved.")},
	{"complaint.escalated", OFFICERS | LEADERS, N_("Complaint #{complaint_id} of {project} was escalated.")},
	/* §4.3.1 information exchange */
	{"message.sent", OTHER_SIDE, N_("New message about {project}.")},
	{"message.read", NOBODY, N_("A message about {project} was read.")},
	{"situation.reported", CSRC, N_("The working group reported a new situation of {project}.")},
	{"situation.acknowledged", OFFICERS, N_("The CSRC acknowledged a situation report of {project}.")},
};
// clang-format on
const unsigned NOTIFY_RULES_COUNT = sizeof NOTIFY_RULES / sizeof *NOTIFY_RULES;

const notify_rule *notify_rule_find(const char *kind)
{
	for (unsigned i = 0; kind && i < NOTIFY_RULES_COUNT; i++)
		if (!strcmp(NOTIFY_RULES[i].kind, kind))
			return &NOTIFY_RULES[i];
	return NULL;
}

const char *notify_title(arena *a, lang l, const char *title, const json_t *params)
{
	const char *t = tr(l, title);
	buf b = BUF_INIT;
	for (const char *p = t; *p;) {
		const char *open = strchr(p, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(open - p));
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)(close - open - 1), open + 1);
		json_t *v = json_object_get(params, key);
		if (json_is_string(v))
			buf_puts(&b, json_string_value(v));
		else if (json_is_integer(v))
			buf_printf(&b, "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			buf_printf(&b, "%g", json_real_value(v));
		p = close + 1;
	}
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static const notify_settings NO_DELIVERY = {.max_attempts = NOTIFY_MAX_ATTEMPTS_DEFAULT,
                                            .backoff_us = NOTIFY_BACKOFF_DEFAULT_US,
                                            .timeout_s = NOTIFY_TIMEOUT_DEFAULT_S};

const notify_settings *notify_settings_of(const app *ap)
{
	return ap && ap->notify ? ap->notify : &NO_DELIVERY;
}

/* ---- writing the rows of an event ---- */

/* An e-mail: the title in both languages (an account has no language of its own) and the
 * project; delivery adds the link to it when the public URL is set. */
static char *email_body(arena *a, const char *to, const char *title, const json_t *params,
                        int64_t project_id, const char *project)
{
	const char *zh = notify_title(a, LANG_ZH, title, params);
	const char *en = notify_title(a, LANG_EN, title, params);
	buf text = BUF_INIT;
	buf_printf(&text, "%s\n%s\n\n%s / %s: %s (#%lld)\n", zh, en, tr(LANG_ZH, "Project"),
	           tr(LANG_EN, "Project"), project ? project : "", (long long)project_id);
	buf_printf(&text, "\n%s\n%s\n", tr(LANG_ZH, "This message was sent automatically."),
	           tr(LANG_EN, "This message was sent automatically."));
	json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "to", to, "subject",
	                      arena_printf(a, "[%s] %s", tr(LANG_ZH, "Jinan Fintech Pilot"), zh),
	                      "text", buf_cstr(&text), "project_id", (json_int_t)project_id);
	buf_free(&text);
	char *out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return out;
}

/* What a webhook receives: the event as recorded, the project, the title in both languages. */
static char *webhook_body(arena *a, const actor *who, const char *kind, const json_t *payload,
                          int64_t seq, int64_t now, int64_t project_id, const char *project,
                          const char *title, const json_t *params)
{
	json_t *o = json_pack("{s:{s:I, s:s, s:s, s:s, s:I, s:O}, s:{s:I, s:s}, s:{s:s, s:s}}",
	                      "event", "seq", (json_int_t)seq, "kind", kind, "subject",
	                      arena_printf(a, "project:%lld", (long long)project_id), "actor",
	                      who->label, "at", (json_int_t)now, "payload", payload, "project",
	                      "id", (json_int_t)project_id, "name", project ? project : "", "title",
	                      "zh-CN", notify_title(a, LANG_ZH, title, params), "en",
	                      notify_title(a, LANG_EN, title, params));
	char *out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return out;
}

/* message.sent goes to the side that did not write it: the institution's users (the thread's
 * institution when the payload names it, else every member's) or the working group. */
static unsigned other_side(const json_t *payload, int64_t *institution_id)
{
	const char *side = json_string_value(json_object_get(payload, "side"));
	json_t *inst = json_object_get(payload, "institution_id");
	if (side && !strcmp(side, "institution"))
		return OFFICERS;
	*institution_id = json_is_integer(inst) ? (int64_t)json_integer_value(inst) : 0;
	return MEMBERS;
}

static int write_rows(store_conn *c, arena *a, const actor *who, const notify_rule *rule,
                      const char *kind, const char *subject, const json_t *payload, int64_t seq,
                      int64_t project_id, const char *project, json_t *params, err *e)
{
	int64_t institution_id = 0, now = time_now_us();
	unsigned to = rule->to & OTHER_SIDE ? other_side(payload, &institution_id) : rule->to;
	store_result *r;
	if (notify_recipients(c, a, to, project_id, institution_id, who->user_id, &r, e) < 0)
		return -1;
	char *ptext = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
	int rc = 0;
	for (int i = 0; rc == 0 && i < r->nrows; i++) {
		int64_t id, user = store_get_int(r, i, "id");
		const char *email = store_get(r, i, "email");
		rc = notify_insert(c, a,
		                   &(notify_row){user, seq, kind, subject, rule->title, ptext, now},
		                   &id, e) < 0
		         ? -1
		         : 0;
		if (rc == 0 && email && *email) {
			char *body = email_body(a, email, rule->title, params, project_id, project);
			rc = notify_outbox_add(
			    c, a, &(notify_outbox_row){"email", seq, user, 0, email, body, now}, e);
			free(body);
		}
	}
	free(ptext);
	if (rc < 0 || !(to & (LEAD | MEMBERS)))
		return rc;
	/* the institutions' systems: each webhook of an institution the rule tells */
	if (notify_webhooks_for(c, a, to, project_id, institution_id, &r, e) < 0)
		return -1;
	for (int i = 0; rc == 0 && i < r->nrows; i++) {
		char *body = webhook_body(a, who, kind, payload, seq, now, project_id, project,
		                          rule->title, params);
		rc = notify_outbox_add(c, a,
		                       &(notify_outbox_row){"webhook", seq, 0,
		                                            store_get_int(r, i, "id"),
		                                            store_get(r, i, "url"), body, now},
		                       e);
		free(body);
	}
	return rc;
}

int notify_event(store_conn *c, arena *a, const actor *who, const char *type, const char *id,
                 const char *kind, const json_t *payload, int64_t seq, err *e)
{
	const notify_rule *rule = strcmp(type, "project") ? NULL : notify_rule_find(kind);
	if (!rule || !rule->to)
		return 0;
	int64_t project_id = strtoll(id, NULL, 10);
	const char *project = NULL;
	if (notify_project_name(c, a, project_id, &project, e) < 0)
		return -1;
	json_t *empty = json_object();
	const json_t *pl = json_is_object(payload) ? payload : empty;
	json_t *params = json_deep_copy(pl);
	json_object_set_new(params, "project", json_string(project ? project : ""));
	json_object_set_new(params, "project_id", json_integer(project_id));
	int rc = write_rows(c, a, who, rule, kind, arena_printf(a, "project:%s", id), pl, seq,
	                    project_id, project, params, e);
	json_decref(params);
	json_decref(empty);
	return rc;
}

/* ---- the inbox ---- */

static json_t *item_json(arena *a, lang l, const store_result *r, int i)
{
	const char *subject = store_get(r, i, "subject");
	json_t *params = json_loads(store_get(r, i, "params"), 0, NULL);
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)store_get_int(r, i, "id"),
	              "kind", store_get(r, i, "kind"), "subject", subject, "title",
	              notify_title(a, l, store_get(r, i, "title"), params), "created_at",
	              (json_int_t)store_get_int(r, i, "created_at"));
	json_decref(params);
	json_object_set_new(o, "project_id",
	                    !strncmp(subject, "project:", 8)
	                        ? json_integer(strtoll(subject + 8, NULL, 10))
	                        : json_null());
	json_object_set_new(o, "read_at",
	                    store_get(r, i, "read_at")
	                        ? json_integer(store_get_int(r, i, "read_at"))
	                        : json_null());
	return o;
}

json_t *inbox_list(app *ap, arena *a, const actor *who, lang l, bool unread_only, int64_t after,
                   int limit, err *e)
{
	store_result *r;
	int64_t unread = 0;
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = NULL;
	if (c && notify_inbox(c, a, who->user_id, unread_only, after, limit, &r, e) == 0 &&
	    notify_unread_count(c, a, who->user_id, &unread, e) == 0) {
		json_t *items = json_array();
		for (int i = 0; i < r->nrows && i < limit; i++)
			json_array_append_new(items, item_json(a, l, r, i));
		out = app_page(items, r, limit, "id");
		json_object_set_new(out, "unread", json_integer(unread));
	}
	app_snapshot_end(c);
	return out;
}

static int read_tx(store_conn *c, arena *a, const actor *who, lang l, int64_t id, json_t **out,
                   err *e)
{
	store_result *r;
	int found = notify_mark_read(c, a, who->user_id, id, time_now_us(), &r, e);
	if (found <= 0)
		return found < 0 ? -1 : err_set(e, 404, "not_found", "id", "No such notification.");
	*out = item_json(a, l, r, 0);
	return 0;
}

/* Reading one's own notifications changes no record of the pilot: no event. */
int inbox_mark_read(app *ap, arena *a, const actor *who, lang l, int64_t id, json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, read_tx(c, a, who, l, id, out, e), out, e) : -1;
}

int inbox_mark_all_read(app *ap, arena *a, const actor *who, int64_t *n, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, notify_mark_all_read(c, a, who->user_id, time_now_us(), n, e), e)
	         : -1;
}

int64_t inbox_unread_count(app *ap, arena *a, const actor *who)
{
	err e;
	err_clear(&e);
	int64_t n = -1;
	store_conn *c = app_read_begin(ap, &e);
	if (c && notify_unread_count(c, a, who->user_id, &n, &e) < 0)
		n = -1;
	app_read_end(c);
	err_free_details(&e);
	return c ? n : -1;
}

/* ---- e-mail addresses ---- */

int notify_check_email(const char *s, const char *field, err *e)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	const char *dot = at ? strchr(at, '.') : NULL;
	bool ok = n >= 3 && n <= 254 && at && at > s && at - s <= 64 && !strchr(at + 1, '@') &&
	          dot && dot > at + 1 && dot[1] && s[n - 1] != '.';
	for (const unsigned char *p = (const unsigned char *)s; ok && *p; p++)
		/* no spaces, controls, quotes or brackets: nothing that could end a mail header */
		ok = *p > 0x20 && *p != 0x7f && !strchr("\"(),:;<>[\\]", *p);
	if (!ok)
		return err_set(e, 400, "invalid_value", field,
		               "Field {field} must be an e-mail address such as name@example.cn.");
	return 0;
}

static int email_tx(store_conn *c, arena *a, const actor *who, const char *email, json_t **out,
                    err *e)
{
	store_result *r;
	if (users_set_email(c, a, who->user_id, email, time_now_us(), &r, e) < 0)
		return -1;
	/* the address itself stays out of the chain (an export travels; an address is personal) */
	if (app_event(c, a, who, "user", who->user_id, "user.email_changed", NULL,
	              json_pack("{s:b}", "email_set", email != NULL), e) < 0)
		return -1;
	*out = json_pack("{s:I, s:s}", "id", (json_int_t)who->user_id, "username",
	                 store_get(r, 0, "username"));
	json_object_set_new(*out, "email", email ? json_string(email) : json_null());
	return 0;
}

int account_set_email(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e)
{
	static const char *const allowed[] = {"email", NULL};
	const char *email = NULL;
	if (json_only_fields(body, allowed, e) < 0)
		return -1;
	json_t *v = json_object_get(body, "email");
	if (!v)
		return err_set(e, 400, "missing_field", "email", "Field {field} is required.");
	if (!json_is_null(v) && (json_get_str(body, "email", true, 254, &email, e) < 0 ||
	                         notify_check_email(email, "email", e) < 0))
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, email_tx(c, a, who, email, out, e), out, e) : -1;
}

/* ---- webhooks ---- */

#define WEBHOOKS_PER_INSTITUTION 5
#define WEBHOOK_URL_MAX 500

static json_t *webhook_json(const store_result *r, int i)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:I}", "id", (json_int_t)store_get_int(r, i, "id"),
	                 "institution_id", (json_int_t)store_get_int(r, i, "institution_id"), "url",
	                 store_get(r, i, "url"), "created_by",
	                 (json_int_t)store_get_int(r, i, "created_by"), "created_at",
	                 (json_int_t)store_get_int(r, i, "created_at"));
}

/* http or https, a host, no credentials in it, no fragment. */
static int check_url(const char *url, err *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *fragment = NULL;
	bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	          curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	          (!strcmp(scheme, "http") || !strcmp(scheme, "https")) &&
	          curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host &&
	          curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_NO_USER &&
	          curl_url_get(u, CURLUPART_FRAGMENT, &fragment, 0) == CURLUE_NO_FRAGMENT &&
	          !strpbrk(url, " \t\r\n") && strstr(url, "://") && strstr(url, "://")[3] != '/';
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(fragment);
	curl_url_cleanup(u);
	if (!ok)
		return err_set(e, 400, "invalid_value", "url",
		               "Field {field} must be an http or https URL with a host and no "
		               "credentials.");
	return 0;
}

static int webhook_create_tx(store_conn *c, arena *a, const actor *who, const char *url,
                             json_t **out, err *e)
{
	int64_t n;
	if (notify_webhook_count(c, a, who->institution_id, &n, e) < 0)
		return -1;
	if (n >= WEBHOOKS_PER_INSTITUTION)
		return err_set(e, 422, "too_many_webhooks", NULL,
		               "An institution may register at most 5 webhooks.");
	unsigned char key[32];
	char secret[65];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(secret, sizeof secret, key, sizeof key);
	sodium_memzero(key, sizeof key);
	store_result *r;
	if (notify_webhook_add(c, a, who->institution_id, url, secret, who->user_id, time_now_us(),
	                       &r, e) < 0)
		return -1;
	int64_t id = store_get_int(r, 0, "id");
	if (app_event(c, a, who, "institution", who->institution_id, "webhook.created", NULL,
	              json_pack("{s:I, s:s}", "webhook_id", (json_int_t)id, "url", url), e) < 0)
		return -1;
	*out = webhook_json(r, 0);
	json_object_set_new(*out, "secret", json_string(secret));
	return 0;
}

int webhook_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e)
{
	static const char *const allowed[] = {"url", NULL};
	const char *url;
	if (json_only_fields(body, allowed, e) < 0 ||
	    json_get_str(body, "url", true, WEBHOOK_URL_MAX, &url, e) < 0 || check_url(url, e) < 0)
		return -1;
	if (who->role != ROLE_INSTITUTION || who->institution_id <= 0)
		return err_set(e, 403, "forbidden", NULL, "You may not do this.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, webhook_create_tx(c, a, who, url, out, e), out, e) : -1;
}

json_t *webhook_list(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	store_result *r;
	int64_t inst = who->role == ROLE_ADMIN ? 0 : who->institution_id;
	if (who->role != ROLE_ADMIN && inst <= 0) {
		err_set(e, 403, "forbidden", NULL, "You may not do this.");
		return NULL;
	}
	store_conn *c = app_read_begin(ap, e);
	json_t *out = c && notify_webhooks(c, a, inst, after, limit, &r, e) == 0
	                  ? app_page_of(r, limit, "id", webhook_json)
	                  : NULL;
	app_read_end(c);
	return out;
}

static int webhook_delete_tx(store_conn *c, arena *a, const actor *who, int64_t id, err *e)
{
	store_result *r;
	int found = notify_webhook_get(c, a, id, &r, e);
	if (found < 0)
		return -1;
	/* another institution's webhook is as unknown as one that does not exist */
	int64_t inst = found ? store_get_int(r, 0, "institution_id") : 0;
	if (!found || (who->role != ROLE_ADMIN && inst != who->institution_id))
		return err_set(e, 404, "not_found", "id", "No such webhook.");
	if (notify_webhook_deactivate(c, a, id, e) < 0)
		return -1;
	return app_event(
	    c, a, who, "institution", inst, "webhook.deleted", NULL,
	    json_pack("{s:I, s:s}", "webhook_id", (json_int_t)id, "url", store_get(r, 0, "url")),
	    e);
}

int webhook_delete(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, webhook_delete_tx(c, a, who, id, e), e) : -1;
}

/* ---- the outbox ---- */

static json_t *outbox_json(const store_result *r, int i)
{
	json_t *o =
	    json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:I, s:I}", "id",
	              (json_int_t)store_get_int(r, i, "id"), "channel", store_get(r, i, "channel"),
	              "event_seq", (json_int_t)store_get_int(r, i, "event_seq"), "target",
	              store_get(r, i, "target"), "status", store_get(r, i, "status"), "attempts",
	              (json_int_t)store_get_int(r, i, "attempts"), "next_attempt_at",
	              (json_int_t)store_get_int(r, i, "next_attempt_at"), "created_at",
	              (json_int_t)store_get_int(r, i, "created_at"));
	static const char *const ids[] = {"user_id", "webhook_id", "sent_at", NULL};
	for (int k = 0; ids[k]; k++)
		json_object_set_new(o, ids[k],
		                    store_get(r, i, ids[k])
		                        ? json_integer(store_get_int(r, i, ids[k]))
		                        : json_null());
	const char *err = store_get(r, i, "last_error");
	json_object_set_new(o, "last_error", err ? json_string(err) : json_null());
	return o;
}

json_t *outbox_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
                    int limit, err *e)
{
	static const char *const STATUSES[] = {"pending", "sending", "sent", "dead", NULL};
	bool known = !status;
	for (int i = 0; status && STATUSES[i]; i++)
		known |= !strcmp(status, STATUSES[i]);
	if (!known) {
		err_set(e, 400, "invalid_value", "status",
		        "Field {field} must be one of pending, sending, sent, dead.");
		return NULL;
	}
	store_result *r;
	store_conn *c = app_read_begin(ap, e);
	json_t *out = c && notify_outbox_list(c, a, status, after, limit, &r, e) == 0
	                  ? app_page_of(r, limit, "id", outbox_json)
	                  : NULL;
	app_read_end(c);
	return out;
}
