/* Log-in and log-out, the language switch, the home page of each role and the admin's list of
 * user accounts: the pages around an account. */
#include "web/ui_login.h"

#include <string.h>

#include "app/demo.h"
#include "web/api.h"
#include "web/html.h"
#include "web/ui.h"
#include "web/ui_account.h"
#include "web/ui_dashboard.h"
#include "web/ui_projects.h"

int ui_lang(req *r)
{
	lang l = lang_parse(req_param(r, "lang"));
	req_add_header(r, "Set-Cookie",
	               arena_printf(r->a,
	                            "lang=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000",
	                            lang_id(l)));
	return reply_redirect(r, local_path_or(req_query(r, "next"), "/"));
}

static int login_form(req *r, const char *username, const char *next, int status)
{
	buf *b = &r->out;
	ui_page_begin(r, T("Log in"));
	html_printf(b,
	            "<div class=\"login\"><section class=\"intro\"><p class=\"eyebrow\">%h</p>"
	            "<h1>%h</h1><p class=\"lead\">%h</p><ul class=\"ticks\"><li>%h</li><li>%h</li>"
	            "<li>%h</li></ul></section>",
	            T("Special working group of the pilot"),
	            T("Jinan capital-market fintech innovation pilot"),
	            T("One system for the whole pilot: applications, evaluation, public notice, "
	              "supervision and exit."),
	            T("Institution register and the §3 eligibility rules"),
	            T("Every decision recorded in a tamper-evident history"),
	            T("For the working group, the CSRC, experts and pilot institutions"));
	html_printf(b, "<section class=\"card login-card\"><h2>%h</h2>", T("Log in"));
	ui_form_error(r, T("Not saved."), NULL);
	html_printf(b,
	            "<form method=\"post\" action=\"/login\" class=\"stack\">"
	            "<input type=\"hidden\" name=\"next\" value=\"%a\">"
	            "<label for=\"username\">%h</label><input id=\"username\" name=\"username\" "
	            "autocomplete=\"username\" required autofocus value=\"%a\">"
	            "<label for=\"password\">%h</label><input id=\"password\" name=\"password\" "
	            "type=\"password\" autocomplete=\"current-password\" required>"
	            "<button type=\"submit\" class=\"primary wide\">%h</button></form>",
	            next ? next : "/", T("Username"), username ? username : "", T("Password"),
	            T("Log in"));
	if (r->demo)
		html_printf(
		    b,
		    "<div class=\"hint-box\"><b>%h</b><p>%h</p><p>%h <code>%h</code></p>"
		    "</div>",
		    T("Demo log-ins"),
		    T("admin, officer, leader, csrc, expert1 to expert3, and one account per "
		      "institution, e.g. quancheng-sec."),
		    T("Password for every demo account:"), DEMO_PASSWORD);
	html_printf(b, "</section></div>");
	return ui_page_end(r, status);
}

int ui_login_form(req *r)
{
	if (r->authed)
		return reply_redirect(r, local_path_or(req_query(r, "next"), "/"));
	return login_form(r, NULL, req_query(r, "next"), 200);
}

/* The log-in's second step: a code (stage otp), or an enrolment's secret (offer, shown once)
 * and its first code (stage enrol). The half-done log-in travels in its cookie. */
static int second_step_form(req *r, const char *stage, json_t *offer, const char *next, int status)
{
	bool enrol = !strcmp(stage, "enrol");
	buf *b = &r->out;
	ui_page_begin(r, T("Log in"));
	html_printf(b, "<div class=\"login\">");
	if (enrol) {
		html_printf(
		    b, "<section class=\"intro\"><h1>%h</h1><p class=\"lead\">%h</p>",
		    T("Set up two-factor log-in"),
		    T("Your role must log in with a code from an authenticator app. Add this "
		      "secret to the app, then type the code it shows."));
		if (offer)
			ui_totp_secret_box(r, offer);
		html_printf(b, "</section>");
	}
	html_printf(b, "<section class=\"card login-card\"><h2>%h</h2>",
	            enrol ? T("Confirm your authenticator") : T("Two-factor log-in"));
	ui_form_error(r, T("Not saved."), NULL);
	html_printf(b,
	            "<form method=\"post\" action=\"/login/otp\" class=\"stack\">"
	            "<input type=\"hidden\" name=\"next\" value=\"%a\">"
	            "<input type=\"hidden\" name=\"stage\" value=\"%a\">",
	            next ? next : "/", enrol ? "enrol" : "otp");
	ui_code_field(r, !enrol);
	html_printf(b,
	            "<button type=\"submit\" class=\"primary wide\">%h</button></form>"
	            "<p><a href=\"/login\">%h</a></p></section></div>",
	            enrol ? T("Confirm") : T("Log in"), T("Start again"));
	return ui_page_end(r, status);
}

int ui_login_submit(req *r)
{
	const char *u = req_form(r, "username"), *p = req_form(r, "password");
	const char *next = local_path_or(req_form(r, "next"), "/");
	if (ui_same_origin(r) < 0) /* log-in CSRF */
		return -1;
	session_out s;
	if (!u || !p || !*u || !*p) {
		err_set(&r->e, 400, "missing_field", u && *u ? "password" : "username",
		        "Field {field} is required.");
	} else if (session_login(r->app, r->a, u, p, req_client(r), &s, &r->e) == 0) {
		if (s.stage) {
			pending_cookie(r, s.token);
			json_t *offer = !strcmp(s.stage, "enrol")
			                    ? session_enrol_secret(r->app, r->a, s.token, &r->e)
			                    : NULL;
			int rc = second_step_form(r, s.stage, offer, next, 200);
			json_decref(offer);
			return rc;
		}
		json_decref(s.user);
		session_cookie(r, s.token, r->app->session_ttl_us / 1000000);
		return reply_redirect(r, next);
	}
	if (r->e.retry_after_s)
		req_add_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after_s));
	return login_form(r, u, next, r->e.status);
}

int ui_login_otp(req *r)
{
	const char *code = req_form(r, "code"), *stage = req_form(r, "stage");
	const char *next = local_path_or(req_form(r, "next"), "/");
	if (ui_same_origin(r) < 0)
		return -1;
	session_out s;
	if (!code || !*code) {
		err_set(&r->e, 400, "missing_field", "code", "Field {field} is required.");
	} else if (session_second_step(r->app, r->a, req_cookie(r, "baotu_pending"), code,
	                               req_client(r), &s, &r->e) == 0) {
		json_decref(s.user);
		pending_cookie(r, NULL);
		session_cookie(r, s.token, r->app->session_ttl_us / 1000000);
		if (!s.recovery_codes)
			return reply_redirect(r, next);
		ui_page_titled(r, NULL, T("Two-factor log-in is on"), NULL);
		ui_recovery_codes_box(r, s.recovery_codes);
		html_printf(&r->out, "<p><a class=\"button primary\" href=\"%a\">%h</a></p>", next,
		            T("Continue"));
		json_decref(s.recovery_codes);
		return ui_page_end(r, 200);
	}
	if (r->e.retry_after_s)
		req_add_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after_s));
	if (r->e.code && !strcmp(r->e.code, "login_expired")) {
		pending_cookie(r, NULL);
		return login_form(r, NULL, next, r->e.status);
	}
	return second_step_form(r, stage && !strcmp(stage, "enrol") ? "enrol" : "otp", NULL, next,
	                        r->e.status);
}

int ui_logout(req *r)
{
	session_logout(r->app, r->a, r->token, &r->e);
	session_cookie(r, NULL, 0);
	return reply_redirect(r, "/login");
}

/* ---- home ---- */

static void tile(req *r, const char *href, const char *title, const char *text)
{
	html_printf(&r->out, "<a class=\"tile\" href=\"%a\"><b>%h</b><span>%h</span></a>", href,
	            title, text);
}

static const char *role_duty(req *r, role rl)
{
	switch (rl) {
	case ROLE_ADMIN:
		return T("You manage user accounts and settings, and may keep the institution "
		         "register.");
	case ROLE_OFFICER:
		return T("You handle the working group's cases: the institution register, "
		         "eligibility checks and applications through each stage (§4).");
	case ROLE_LEADER:
		return T("You approve the decisions that case officers propose (maker-checker).");
	case ROLE_CSRC:
		return T("You carry out the professional evaluation and the stage evaluation "
		         "(§4.1, §4.4).");
	case ROLE_EXPERT:
		return T("You review the projects the working group invites you to assess (§4.1).");
	case ROLE_INSTITUTION:
		return T("You keep your institution's record and check which applications §3 "
		         "admits.");
	default:
		return "";
	}
}

int ui_home(req *r)
{
	if (!r->authed)
		return reply_redirect(r, "/login");
	ui_page_begin(r, T("Home"));
	buf *b = &r->out;
	role rl = r->who.role;
	ui_page_head(r, ui_role_label(r, rl),
	             subst(r, T("Welcome, {name}"), "name", r->who.username), role_duty(r, rl));
	if (ui_routed(ui_account))
		html_printf(b, "<p><a href=\"/account\">%h</a></p>",
		            T("My account: password, sessions, two-factor log-in"));
	/* §4.3: what needs the caller's action first, then where to go */
	if (rl & (ROLE_STAFF | ROLE_INSTITUTION) && ui_dashboard_section(r) < 0)
		return -1;
	html_printf(b, "<div class=\"tiles\">");
	if (rl == ROLE_INSTITUTION && r->who.institution_id > 0)
		tile(r, arena_printf(r->a, "/institutions/%lld", (long long)r->who.institution_id),
		     T("My institution"), T("Your institution's record and its history."));
	if (rl & (ROLE_ADMIN | ROLE_OFFICER))
		tile(r, "/institutions/new", T("Register an institution"),
		     T("Add an applicant or partner to the register (§3)."));
	if (rl & (ROLE_STAFF | ROLE_EXPERT))
		tile(r, "/institutions", T("Institutions"),
		     T("Who is registered, where, and of what kind."));
	if (rl & (ROLE_STAFF | ROLE_INSTITUTION))
		tile(r, "/eligibility", T("Eligibility checker"),
		     T("Check who may apply, clause by clause (§3)."));
	if (ui_routed(ui_projects_list))
		tile(r, "/projects", rl == ROLE_INSTITUTION ? T("Applications") : T("Projects"),
		     T("Applications and pilots, from drafting to launch (§4)."));
	if ((rl & ROLE_LEADER) && ui_routed(ui_decisions))
		tile(r, "/decisions", T("Decisions"),
		     T("Proposals waiting for your approval (maker-checker)."));
	if ((rl & ROLE_ADMIN) && ui_routed(ui_users))
		tile(r, "/users", T("User accounts"),
		     T("Who may log in, with which role and for which institution."));
	if ((rl & ROLE_ADMIN) && ui_routed(ui_settings_security))
		tile(r, "/settings/security", T("Security settings"),
		     T("Whether staff must log in with a second factor."));

	html_printf(b,
	            "</div><section class=\"card about\"><h2>%h</h2><ol class=\"steps\">"
	            "<li><b>%h</b><span>%h</span></li><li><b>%h</b><span>%h</span></li>"
	            "<li><b>%h</b><span>%h</span></li><li><b>%h</b><span>%h</span></li>"
	            "</ol></section>",
	            T("How the pilot runs"), T("Selection"),
	            T("The working group collects projects in batches and experts assess them "
	              "(§4.1)."),
	            T("Public notice"),
	            T("Projects that pass the CSRC's evaluation are noticed for comments (§4.2)."),
	            T("Operation"),
	            T("Pilot institutions run the project under supervision (§4.3)."),
	            T("Stage evaluation"),
	            T("Regular operation, improvement, rectification or exit (§4.4)."));
	return ui_page_end(r, 200);
}

/* ---- user accounts (admin) ---- */

static void user_row(req *r, json_t *it, void *ctx)
{
	json_t *inst = json_object_get(it, "institution_id");
	bool active = json_is_true(json_object_get(it, "active"));
	html_printf(&r->out, "<tr><td><code>%h</code></td><td>%h</td><td>%h</td><td>",
	            jstr(it, "username"), jstr(it, "display_name"), T(jstr(it, "role")));
	if (json_is_integer(inst))
		html_printf(&r->out, "<a href=\"/institutions/%lld\">#%lld</a>",
		            (long long)json_integer_value(inst),
		            (long long)json_integer_value(inst));
	html_printf(&r->out,
	            "</td><td><span class=\"tag %h\">%h</span></td><td><a "
	            "href=\"/users/%lld/totp/reset\">%h</a></td></tr>",
	            active ? "subject" : "plain", active ? T("Active") : T("Inactive"),
	            jint(it, "id"), T("Reset two-factor log-in"));
}

int ui_users(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = user_list(r->app, r->a, after, limit, &r->e);
	if (!list)
		return -1;
	ui_page_titled(r, NULL, T("User accounts"),
	               T("Who may log in, with which role and for which institution."));
	ui_table(r, T("User accounts"), "",
	         (const char *const[]){T("Username"), T("Display name"), T("Role"),
	                               T("Institution"), T("Status"), T("Two-factor log-in"), NULL},
	         json_object_get(list, "items"), user_row, NULL, NULL);
	ui_pager(r, list, "/users", NULL, NULL);
	json_decref(list);
	return ui_page_end(r, 200);
}
