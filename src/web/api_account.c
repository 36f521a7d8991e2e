/* An account's own over the API: the second log-in step, its password, sessions and second
 * factor; the administrator's reset of a second factor and the security settings. */
#include "web/api_account.h"

#include <string.h>

#include "lib/json.h"
#include "web/api.h"

/* The half-done log-in's token: the body's pending_token, a Bearer token, or the cookie. */
static const char *pending_token(req *r, const json_t *b)
{
	const char *t = b ? json_string_value(json_object_get(b, "pending_token")) : NULL;
	const char *h = req_header(r, "Authorization");
	if (!t && h && !strncasecmp(h, "Bearer ", 7))
		t = h + 7;
	return t ? t : req_cookie(r, "baotu_pending");
}

int api_session_otp(req *r)
{
	static const char *const allowed[] = {"code", "pending_token", NULL};
	json_t *b = req_json_body(r);
	if (!b)
		return -1;
	const char *code, *pt;
	session_out s;
	int rc = -1;
	if (json_only_fields(b, allowed, &r->e) < 0 ||
	    json_get_str(b, "code", true, 64, &code, &r->e) < 0 ||
	    json_get_str(b, "pending_token", false, 64, &pt, &r->e) < 0)
		goto out;
	if (session_second_step(r->app, r->a, pending_token(r, b), code, req_client(r), &s, &r->e) <
	    0)
		goto out;
	pending_cookie(r, NULL);
	rc = api_session_answer(r, &s);
out:
	json_decref(b);
	return rc;
}

int api_session_enrol(req *r)
{
	/* a HEAD has no body to show the secret in: it must not use up the one showing */
	if (!strcmp(r->method, "HEAD"))
		return reply_json(r, 200, json_object());
	json_t *o = session_enrol_secret(r->app, r->a, pending_token(r, NULL), &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_me_password(req *r)
{
	static const char *const allowed[] = {"old_password", "new_password", NULL};
	json_t *b = req_json_body(r);
	if (!b)
		return -1;
	const char *old, *pw;
	int rc = -1;
	if (json_only_fields(b, allowed, &r->e) < 0 ||
	    json_get_str(b, "old_password", true, PASSWORD_MAX, &old, &r->e) < 0 ||
	    json_get_str(b, "new_password", true, PASSWORD_MAX, &pw, &r->e) < 0)
		goto out;
	if (account_change_password(r->app, r->a, &r->who, r->token, old, pw, r->address, &r->e) ==
	    0)
		rc = api_no_content(r);
out:
	json_decref(b);
	return rc;
}

int api_me_sessions(req *r)
{
	json_t *o = account_sessions(r->app, r->a, &r->who, r->token, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_me_session_delete(req *r)
{
	return account_session_revoke(r->app, r->a, &r->who, req_param(r, "id"), &r->e) < 0
	           ? -1
	           : api_no_content(r);
}

int api_me_totp_get(req *r)
{
	json_t *o = account_totp_status(r->app, r->a, &r->who, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_me_totp_begin(req *r)
{
	json_t *o = account_totp_begin(r->app, r->a, &r->who, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

/* A body of one required text field, handed to fn. */
static int one_field(req *r, const char *key, size_t max, const char **out, json_t **b)
{
	const char *const allowed[] = {key, NULL};
	*b = req_json_body(r);
	if (!*b)
		return -1;
	return json_only_fields(*b, allowed, &r->e) < 0 ||
	               json_get_str(*b, key, true, max, out, &r->e) < 0
	           ? -1
	           : 0;
}

int api_me_totp_confirm(req *r)
{
	json_t *b, *o = NULL;
	const char *code;
	if (one_field(r, "code", 64, &code, &b) == 0)
		o = account_totp_confirm(r->app, r->a, &r->who, code, &r->e);
	json_decref(b);
	return o ? reply_json(r, 200, o) : -1;
}

int api_me_totp_disable(req *r)
{
	json_t *b;
	const char *pw;
	int rc = one_field(r, "password", PASSWORD_MAX, &pw, &b) == 0 &&
	                 account_totp_disable(r->app, r->a, &r->who, pw, &r->e) == 0
	             ? api_no_content(r)
	             : -1;
	json_decref(b);
	return rc;
}

int api_me_recovery_codes(req *r)
{
	json_t *o = account_recovery_codes(r->app, r->a, &r->who, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_users_totp_reset(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id);
	if (!b)
		return -1;
	const char *const allowed[] = {"reason", NULL};
	const char *reason = NULL;
	int rc = json_only_fields(b, allowed, &r->e) == 0 &&
	                 json_get_str(b, "reason", true, 2000, &reason, &r->e) == 0 &&
	                 user_totp_reset(r->app, r->a, &r->who, id, reason, &r->e) == 0
	             ? api_no_content(r)
	             : -1;
	json_decref(b);
	return rc;
}

int api_settings_security_get(req *r)
{
	json_t *o = security_settings_get(r->app, r->a, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_settings_security_put(req *r)
{
	static const char *const allowed[] = {"require_2fa", "reason", NULL};
	json_t *b = req_json_body(r);
	if (!b)
		return -1;
	bool on, present;
	const char *reason = NULL;
	json_t *o = NULL;
	if (json_only_fields(b, allowed, &r->e) == 0 &&
	    json_get_bool(b, "require_2fa", true, &on, &present, &r->e) == 0 &&
	    json_get_str(b, "reason", false, 2000, &reason, &r->e) == 0 &&
	    security_settings_set(r->app, r->a, &r->who, on, reason, &r->e) == 0)
		o = security_settings_get(r->app, r->a, &r->e);
	json_decref(b);
	return o ? reply_json(r, 200, o) : -1;
}
