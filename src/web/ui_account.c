/* An account's own pages (/account): its password, its sessions with a button to end each, its
 * second factor; the pieces the log-in's second step shares; the administrator's security
 * settings. Every form carries the session's CSRF field. */
#include "web/ui_account.h"

#include <string.h>

#include "web/api.h"
#include "web/html.h"
#include "web/ui.h"

void ui_totp_secret_box(req *r, json_t *offer)
{
	const char *secret = jstr(offer, "secret");
	buf g = BUF_INIT;
	for (size_t i = 0; secret[i]; i++) {
		if (i && i % 4 == 0)
			buf_puts(&g, " ");
		buf_append(&g, secret + i, 1);
	}
	html_printf(&r->out,
	            "<section class=\"card\"><h2>%h</h2><p>%h</p>"
	            "<p><code class=\"secret\" data-secret>%h</code></p><p>%h</p>"
	            "<p><code class=\"uri\">%h</code></p><p class=\"hint\">%h</p></section>",
	            T("Your authenticator's secret"),
	            T("Add an account to your authenticator app with this key (time-based, 6 "
	              "digits, 30 seconds):"),
	            buf_cstr(&g),
	            T("Or give it this link (an app that reads QR codes takes it as one):"),
	            jstr(offer, "otpauth_uri"),
	            T("This secret is shown only now. Keep it nowhere but in the app."));
	buf_free(&g);
}

void ui_code_field(req *r, bool recovery_allowed)
{
	html_printf(
	    &r->out,
	    "<label for=\"code\">%h</label><input id=\"code\" name=\"code\" "
	    "inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"24\" required "
	    "autofocus",
	    T("Code from your authenticator app"));
	html_raw(&r->out, ui_invalid_attr(ui_invalid(r, "code")));
	html_raw(&r->out, ">");
	if (recovery_allowed)
		html_printf(&r->out,
		            "<details class=\"hint\"><summary>%h</summary><p>%h</p></details>",
		            T("Use a recovery code"),
		            T("Lost your device? Type one of your recovery codes (such as "
		              "ABCD-EFGH-IJKL-MNOP) in the field above instead. Each works once."));
}

void ui_recovery_codes_box(req *r, json_t *codes)
{
	html_printf(&r->out, "<section class=\"card\"><h2>%h</h2><p>%h</p><ol class=\"codes\">",
	            T("Your recovery codes"),
	            T("Each code logs you in once without your authenticator. Print them or keep "
	              "them somewhere safe: they are shown only now."));
	size_t i;
	json_t *c;
	json_array_foreach(codes, i, c)
	    html_printf(&r->out, "<li><code>%h</code></li>", json_string_value(c));
	html_printf(&r->out, "</ol></section>");
}

/* ---- /account ---- */

static void session_row(req *r, json_t *it, void *ctx)
{
	(void)ctx;
	bool current = json_is_true(json_object_get(it, "current"));
	json_t *seen = json_object_get(it, "last_seen_at");
	html_printf(&r->out, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>",
	            ui_time_cst(r, jint(it, "created_at")),
	            json_is_integer(seen) ? ui_time_cst(r, json_integer_value(seen)) : "",
	            jstr(it, "address"), jstr(it, "user_agent"));
	if (current) {
		html_printf(&r->out, "<span class=\"tag subject\">%h</span>", T("This session"));
	} else {
		html_printf(&r->out,
		            "<form method=\"post\" action=\"/account/sessions/%a/revoke\">",
		            jstr(it, "id"));
		ui_csrf_field(r);
		html_printf(&r->out, "<button type=\"submit\">%h</button></form>",
		            T("End session"));
	}
	html_printf(&r->out, "</td></tr>");
}

static const ui_label OWN_LABELS[] = {
    {"old_password", "Current password"},
    {"new_password", "New password"},
    {"password", "Current password"},
    {"code", "Code from your authenticator app"},
    {NULL, NULL},
};

/* The page, with the refusal in r->e (if any) above its forms. */
static int account_page(req *r, int status)
{
	err le;
	err_clear(&le);
	json_t *sessions = account_sessions(r->app, r->a, &r->who, r->token, &le);
	json_t *totp = sessions ? account_totp_status(r->app, r->a, &r->who, &le) : NULL;
	if (!totp) {
		json_decref(sessions);
		err_free_details(&r->e);
		r->e = le;
		return -1;
	}
	buf *b = &r->out;
	const char *done = req_query(r, "done");
	ui_page_titled(r, NULL, T("My account"),
	               subst(r, T("Signed in as {name}"), "name", r->who.username));
	if (done)
		html_printf(b, "<p class=\"notice\" role=\"status\">%h</p>",
		            !strcmp(done, "password") ? T("Your password was changed; your other "
		                                          "sessions have ended.")
		                                      : T("Saved."));
	ui_form_error(r, T("Not saved."), OWN_LABELS);
	/* the password */
	html_printf(b,
	            "<section class=\"card\"><h2>%h</h2>"
	            "<form method=\"post\" action=\"/account/password\" class=\"stack\">",
	            T("Change password"));
	ui_csrf_field(r);
	html_printf(b,
	            "<label for=\"old_password\">%h</label><input id=\"old_password\" "
	            "name=\"old_password\" type=\"password\" autocomplete=\"current-password\" "
	            "required",
	            T("Current password"));
	html_raw(b, ui_invalid_attr(ui_invalid(r, "old_password")));
	html_printf(b,
	            "><label for=\"new_password\">%h</label><input id=\"new_password\" "
	            "name=\"new_password\" type=\"password\" autocomplete=\"new-password\" "
	            "required",
	            T("New password"));
	html_raw(b, ui_invalid_attr(ui_invalid(r, "new_password")));
	html_printf(b, "><button type=\"submit\" class=\"primary\">%h</button></form></section>",
	            T("Change password"));
	/* the second factor */
	bool enrolled = json_is_true(json_object_get(totp, "enrolled"));
	bool required = json_is_true(json_object_get(totp, "required"));
	html_printf(b, "<section class=\"card\"><h2>%h</h2><p>%h</p>", T("Two-factor log-in"),
	            enrolled   ? T("On: a log-in asks for a code from your authenticator app.")
	            : required ? T("Required for your role, and not set up yet.")
	                       : T("Off: a log-in asks only for your password."));
	if (enrolled) {
		html_printf(b, "<p>%h</p>",
		            subst(r, T("Recovery codes left: {n}"), "n",
		                  arena_printf(r->a, "%lld", jint(totp, "recovery_codes_left"))));
		html_printf(b, "<form method=\"post\" action=\"/account/recovery-codes\">");
		ui_csrf_field(r);
		html_printf(b, "<button type=\"submit\">%h</button></form>",
		            T("New recovery codes"));
		if (!required) {
			html_printf(b, "<form method=\"post\" action=\"/account/totp/disable\" "
			               "class=\"stack\">");
			ui_csrf_field(r);
			html_printf(
			    b,
			    "<label for=\"totp-password\">%h</label><input id=\"totp-password\" "
			    "name=\"password\" type=\"password\" autocomplete=\"current-password\" "
			    "required><button type=\"submit\" class=\"danger\">%h</button></form>",
			    T("Current password"), T("Turn off two-factor log-in"));
		}
	} else {
		html_printf(b, "<form method=\"post\" action=\"/account/totp\">");
		ui_csrf_field(r);
		html_printf(b, "<button type=\"submit\" class=\"primary\">%h</button></form>",
		            T("Set up two-factor log-in"));
	}
	html_printf(b, "</section>");
	html_printf(b, "<h2>%h</h2>", T("My sessions"));
	ui_table(r, T("My sessions"), "",
	         (const char *const[]){T("Logged in"), T("Last used"), T("Address"), T("Browser"),
	                               "", NULL},
	         json_object_get(sessions, "items"), session_row, NULL, NULL);
	json_decref(sessions);
	json_decref(totp);
	return ui_page_end(r, status);
}

int ui_account(req *r)
{
	return account_page(r, 200);
}

/* A refusal shows the account page again with it. */
static int account_refused(req *r)
{
	return account_page(r, r->e.status);
}

int ui_account_password(req *r)
{
	const char *old = req_form(r, "old_password"), *pw = req_form(r, "new_password");
	if (!old || !*old)
		err_set(&r->e, 400, "missing_field", "old_password", "Field {field} is required.");
	else if (!pw || !*pw)
		err_set(&r->e, 400, "missing_field", "new_password", "Field {field} is required.");
	else if (account_change_password(r->app, r->a, &r->who, r->token, old, pw, r->address,
	                                 &r->e) == 0)
		return reply_redirect(r, "/account?done=password");
	if (r->e.retry_after_s)
		req_add_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after_s));
	return account_refused(r);
}

int ui_account_session_revoke(req *r)
{
	if (account_session_revoke(r->app, r->a, &r->who, req_param(r, "id"), &r->e) < 0)
		return -1;
	return reply_redirect(r, "/account?done=session");
}

int ui_account_totp_begin(req *r)
{
	json_t *offer = account_totp_begin(r->app, r->a, &r->who, &r->e);
	if (!offer)
		return account_refused(r);
	ui_page_titled(r, NULL, T("Set up two-factor log-in"),
	               T("Add the secret to your authenticator app, then type the code it shows."));
	ui_totp_secret_box(r, offer);
	json_decref(offer);
	html_printf(&r->out, "<section class=\"card\"><form method=\"post\" "
	                     "action=\"/account/totp/confirm\" class=\"stack\">");
	ui_csrf_field(r);
	ui_code_field(r, false);
	html_printf(&r->out,
	            "<button type=\"submit\" class=\"primary\">%h</button></form></section>",
	            T("Confirm"));
	return ui_page_end(r, 200);
}

int ui_account_totp_confirm(req *r)
{
	const char *code = req_form(r, "code");
	json_t *out = code ? account_totp_confirm(r->app, r->a, &r->who, code, &r->e) : NULL;
	if (!code)
		err_set(&r->e, 400, "missing_field", "code", "Field {field} is required.");
	if (!out) {
		ui_page_titled(r, NULL, T("Set up two-factor log-in"),
		               T("Type the code your authenticator app shows now."));
		ui_form_error(r, T("Not saved."), OWN_LABELS);
		html_printf(&r->out, "<section class=\"card\"><form method=\"post\" "
		                     "action=\"/account/totp/confirm\" class=\"stack\">");
		ui_csrf_field(r);
		ui_code_field(r, false);
		html_printf(
		    &r->out,
		    "<button type=\"submit\" class=\"primary\">%h</button></form></section>",
		    T("Confirm"));
		return ui_page_end(r, r->e.status);
	}
	ui_page_titled(r, NULL, T("Two-factor log-in is on"), NULL);
	ui_recovery_codes_box(r, json_object_get(out, "recovery_codes"));
	html_printf(&r->out, "<p><a class=\"button\" href=\"/account\">%h</a></p>",
	            T("Back to my account"));
	json_decref(out);
	return ui_page_end(r, 200);
}

int ui_account_totp_disable(req *r)
{
	const char *pw = req_form(r, "password");
	if (!pw || !*pw)
		err_set(&r->e, 400, "missing_field", "password", "Field {field} is required.");
	else if (account_totp_disable(r->app, r->a, &r->who, pw, &r->e) == 0)
		return reply_redirect(r, "/account?done=totp");
	return account_refused(r);
}

int ui_account_recovery_codes(req *r)
{
	json_t *out = account_recovery_codes(r->app, r->a, &r->who, &r->e);
	if (!out)
		return account_refused(r);
	ui_page_titled(r, NULL, T("New recovery codes"), T("Your earlier codes no longer work."));
	ui_recovery_codes_box(r, json_object_get(out, "recovery_codes"));
	html_printf(&r->out, "<p><a class=\"button\" href=\"/account\">%h</a></p>",
	            T("Back to my account"));
	json_decref(out);
	return ui_page_end(r, 200);
}

/* ---- the administrator's security settings ---- */

static int security_page(req *r, int status)
{
	err kept = r->e;
	err_clear(&r->e);
	json_t *s = security_settings_get(r->app, r->a, &r->e);
	if (!s) {
		err_free_details(&kept);
		return -1;
	}
	r->e = kept;
	bool on = json_is_true(json_object_get(s, "require_2fa"));
	json_decref(s);
	ui_page_titled(r, NULL, T("Security settings"),
	               T("Whether the working group, the CSRC and administrators must log in with "
	                 "a second factor."));
	ui_form_error(r, T("Not saved."), NULL);
	html_printf(&r->out, "<section class=\"card\"><form method=\"post\" "
	                     "action=\"/settings/security\" class=\"stack\">");
	ui_csrf_field(r);
	html_printf(&r->out, "<label><input type=\"checkbox\" id=\"require_2fa\" "
	                     "name=\"require_2fa\" value=\"1\"");
	html_raw(&r->out, on ? " checked>" : ">");
	html_printf(
	    &r->out,
	    " %h</label><label for=\"reason\">%h</label><input id=\"reason\" "
	    "name=\"reason\" maxlength=\"2000\"><button type=\"submit\" "
	    "class=\"primary\">%h</button></form></section>",
	    T("Require two-factor log-in of administrators, officers, leaders and the CSRC"),
	    T("Reason"), T("Save"));
	return ui_page_end(r, status);
}

int ui_settings_security(req *r)
{
	return security_page(r, 200);
}

int ui_settings_security_save(req *r)
{
	const char *on = req_form(r, "require_2fa"), *reason = req_form(r, "reason");
	if (security_settings_set(r->app, r->a, &r->who, on && !strcmp(on, "1"),
	                          reason && *reason ? reason : NULL, &r->e) == 0)
		return reply_redirect(r, "/settings/security");
	return security_page(r, r->e.status);
}

/* ---- an administrator's reset of a lost second factor ---- */

static int totp_reset_page(req *r, int64_t id, int status)
{
	err le;
	err_clear(&le);
	json_t *u = user_get_json(r->app, r->a, id, &le);
	if (!u) {
		err_free_details(&r->e);
		r->e = le;
		return -1;
	}
	ui_page_begin(r, T("Reset two-factor log-in"));
	ui_crumbs(
	    r, (const ui_crumb[]){{"/users", T("User accounts")}, {NULL, jstr(u, "username")}}, 2);
	ui_page_head(r, NULL, T("Reset two-factor log-in"),
	             subst(r,
	                   T("For {name}, who lost their authenticator: their secret and recovery "
	                     "codes go and their sessions end."),
	                   "name", jstr(u, "username")));
	ui_form_error(r, T("Not saved."), NULL);
	html_printf(
	    &r->out,
	    "<section class=\"card\"><form method=\"post\" action=\"/users/%lld/totp/reset\" "
	    "class=\"stack\">",
	    (long long)id);
	ui_csrf_field(r);
	ui_text_area(r, "reason", T("Reason"), ui_posted(r, "reason"),
	             T("How the request was made and checked."), ui_invalid(r, "reason"), 3);
	html_printf(&r->out,
	            "<button type=\"submit\" class=\"danger\">%h</button></form></section>",
	            T("Reset two-factor log-in"));
	json_decref(u);
	return ui_page_end(r, status);
}

int ui_user_totp_reset_form(req *r)
{
	int64_t id;
	return req_param_id(r, "id", &id) < 0 ? -1 : totp_reset_page(r, id, 200);
}

int ui_user_totp_reset(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *reason = req_form(r, "reason");
	if (user_totp_reset(r->app, r->a, &r->who, id, reason ? ui_unix_lines(r, reason) : NULL,
	                    &r->e) == 0)
		return reply_redirect(r, "/users");
	if (r->e.status == 404)
		return -1;
	return totp_reset_page(r, id, r->e.status);
}
