/* Server-rendered pages. Every value goes through html_printf's escaping conversions; every
 * label goes through the catalog (T), so a page reads the same in zh-CN and English. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/demo.h"
#include "app/places.h"
#include "core/eligibility.h"
#include "core/institution.h"
#include "lib/embedded.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/ui.h"
#include "web/ui_projects.h"

#define T(s) tr(r->lang, s)

/* ---- small helpers ---- */

/* msg with "{key}" replaced by val (both already translated; the result is text, escaped when
 * printed). */
const char *subst(req *r, const char *msg, const char *key, const char *val)
{
	const char *k = arena_printf(r->a, "{%s}", key);
	const char *f = strstr(msg, k);
	if (!f)
		return msg;
	return arena_printf(r->a, "%.*s%s%s", (int)(f - msg), msg, val ? val : "", f + strlen(k));
}

const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

long long jint(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

static const char *role_label(req *r, role rl)
{
	const char *id = role_id(rl);
	return id ? T(id) : "";
}

static const char *kind_label(req *r, const char *id)
{
	institution_kind k;
	if (institution_kind_parse(id, &k) < 0)
		return id;
	return r->lang == LANG_EN ? institution_kind_label_en(k) : institution_kind_label_zh(k);
}

static const char *tech_label(req *r, const char *id)
{
	tech_category t;
	if (tech_category_parse(id, &t) < 0)
		return id;
	return r->lang == LANG_EN ? tech_category_label_en(t) : tech_category_label_zh(t);
}

/* §3.1 applicant subject or §3.2 technology firm: the one distinction §3 turns on. */
static const char *kind_class_label(req *r, const char *id)
{
	institution_kind k;
	if (institution_kind_parse(id, &k) < 0)
		return "";
	return institution_kind_subject_class(k) > 0 ? T("Applicant subject (§3.1)")
	                                             : T("Technology firm (§3.2)");
}

/* Field ids as people read them: error messages and change lists name fields by label. */
static const struct {
	const char *field, *label;
} FIELD_LABELS[] = {
    {"name", N_("Name")},
    {"credit_code", N_("Unified social credit code")},
    {"kind", N_("Kind")},
    {"registered_province", N_("Registered province")},
    {"registered_city", N_("Registered city")},
    {"main_office_city", N_("Main office city")},
    {"registered_province_code", N_("Registered province code")},
    {"registered_city_code", N_("Registered city code")},
    {"main_office_city_code", N_("Main office city code")},
    {"warnings", N_("Credit code and registered place (§3.1)")},
    {"national", N_("National institution")},
    {"jinan_branch", N_("Important branch in the pilot city")},
    {"tech_category", N_("Technology category (§3.3)")},
    {"reason", N_("Reason")},
    {"username", N_("Username")},
    {"password", N_("Password")},
    {"track", N_("Track")},
    {"applicants", N_("Applicants")},
};

static const char *field_label(req *r, const char *field)
{
	for (size_t i = 0; field && i < sizeof FIELD_LABELS / sizeof *FIELD_LABELS; i++)
		if (!strcmp(FIELD_LABELS[i].field, field))
			return T(FIELD_LABELS[i].label);
	return field;
}

/* True when routes.c routes this handler (so a link to it is never a dead end). */
static bool routed(int (*handler)(req *))
{
	for (unsigned i = 0; i < routes_count; i++)
		if (routes[i].handler == handler)
			return true;
	return false;
}

/* ---- layout ---- */

static void nav_item(req *r, const char *href, const char *label)
{
	size_t n = strlen(href);
	bool here = !strcmp(href, "/")
	                ? !strcmp(r->path, "/")
	                : !strncmp(r->path, href, n) && (r->path[n] == '\0' || r->path[n] == '/');
	html_printf(&r->out, "<a href=\"%a\"", href);
	if (here)
		html_raw(&r->out, " aria-current=\"page\"");
	html_printf(&r->out, ">%h</a>", label);
}

void ui_page_begin(req *r, const char *title)
{
	buf *b = &r->out;
	buf_reset(b);
	const char *mark = ui_static_url(r, "mark.svg");
	html_printf(b,
	            "<!DOCTYPE html>\n<html lang=\"%a\"><head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	            "<title>%h · %h</title><meta name=\"description\" content=\"%a · %a\">"
	            "<link rel=\"icon\" href=\"%a\" type=\"image/svg+xml\">"
	            "<link rel=\"stylesheet\" href=\"%a\">"
	            "</head><body><a class=\"skip\" href=\"#main\">%h</a>",
	            lang_id(r->lang), title, T("Jinan Fintech Pilot"), title,
	            T("The Jinan capital-market fintech innovation pilot: applications, evaluation, "
	              "public notice, supervision and exit of pilot projects, in one system."),
	            mark, ui_static_url(r, "baotu.css"), T("Skip to content"));
	if (r->demo)
		html_printf(b,
		            "<div class=\"demo-banner\" role=\"note\"><div class=\"wrap\">"
		            "<strong>%h</strong> %h</div></div>",
		            T("Demo"), T("Demo data: every name and figure here is invented."));
	html_printf(b,
	            "<header class=\"top\"><div class=\"wrap bar\"><a class=\"brand\" href=\"/\">"
	            "<img src=\"%a\" alt=\"\" width=\"36\" height=\"36\">"
	            "<span class=\"brand-text\"><b>%h</b><small>%h</small></span></a>",
	            mark, T("Jinan Fintech Pilot"), T("Capital-market fintech innovation pilot (Jinan)"));
	if (r->authed) {
		html_printf(b, "<nav class=\"main-nav\" aria-label=\"%a\">", T("Main menu"));
		nav_item(r, "/", T("Home"));
		if (r->who.role & (ROLE_STAFF | ROLE_EXPERT))
			nav_item(r, "/institutions", T("Institutions"));
		else if (r->who.role & ROLE_INSTITUTION)
			nav_item(r,
			         r->who.institution_id > 0
			             ? arena_printf(r->a, "/institutions/%lld",
			                            (long long)r->who.institution_id)
			             : "/institutions",
			         T("My institution"));
		if (r->who.role & (ROLE_STAFF | ROLE_INSTITUTION))
			nav_item(r, "/eligibility", T("Eligibility"));
		if (r->who.role & (ROLE_ANY_USER & ~ROLE_EXPERT))
			nav_item(r, "/projects", T("Projects"));
		if (r->who.role & ROLE_EXPERT)
			nav_item(r, "/review", T("Expert review"));
		if (r->who.role & (ROLE_OFFICER | ROLE_LEADER | ROLE_ADMIN))
			nav_item(r, "/batches", T("Batches"));
		if (r->who.role & (ROLE_OFFICER | ROLE_LEADER | ROLE_ADMIN))
			nav_item(r, "/decisions", T("Decisions"));
		if (r->who.role & ROLE_STAFF)
			nav_item(r, "/calendar", T("Calendar"));
		if ((r->who.role & ROLE_ADMIN) && routed(ui_users))
			nav_item(r, "/users", T("Users"));
		html_printf(b, "</nav>");
	} else {
		html_printf(b, "<nav class=\"main-nav\" aria-label=\"%a\">", T("Main menu"));
		nav_item(r, "/public", T("Public notices"));
		nav_item(r, "/public/pilots", T("Pilot register"));
		html_printf(b, "</nav>");
	}
	html_printf(b, "<div class=\"user\">");
	if (r->lang == LANG_ZH)
		html_printf(b,
		            "<a class=\"lang\" href=\"/lang/en?next=%u\" hreflang=\"en\" "
		            "lang=\"en\">English</a>",
		            r->path);
	else
		html_printf(b,
		            "<a class=\"lang\" href=\"/lang/zh-CN?next=%u\" hreflang=\"zh-CN\" "
		            "lang=\"zh-CN\">中文</a>",
		            r->path);
	if (r->authed)
		html_printf(b,
		            "<span class=\"who\"><b>%h</b><small>%h</small></span><form "
		            "method=\"post\" action=\"/logout\" class=\"inline\"><input "
		            "type=\"hidden\" name=\"csrf\" value=\"%a\"><button type=\"submit\" "
		            "class=\"quiet\">%h</button></form>",
		            r->who.username, role_label(r, r->who.role), r->csrf, T("Log out"));
	else if (strcmp(r->path, "/login"))
		html_printf(b, "<a href=\"/login\">%h</a>", T("Log in"));
	html_printf(b, "</div></div></header><main id=\"main\" class=\"wrap\">");
}

void ui_page_end(req *r)
{
	html_printf(&r->out,
	            "</main><footer class=\"site\"><div class=\"wrap\"><span>%h</span>"
	            "<span>%h · <a href=\"/api/v1/openapi.json\">%h</a></span></div></footer>"
	            "</body></html>\n",
	            T("Capital-market fintech innovation pilot (Jinan)"),
	            T("Special working group of the pilot"), T("API (OpenAPI)"));
}

/* r->e's message, translated, with {field} replaced by the field's label. */
static const char *error_text(req *r)
{
	const char *m = T(r->e.msg ? r->e.msg : "Something went wrong.");
	return subst(r, m, "field", field_label(r, r->e.field));
}

int ui_error_page(req *r)
{
	int status = r->e.status ? r->e.status : 500;
	ui_page_begin(r, T("Error"));
	html_printf(&r->out,
	            "<section class=\"card narrow error-page\"><p class=\"status\">%d</p>"
	            "<h1>%h</h1><p class=\"error\" role=\"alert\" data-code=\"%a\">%h</p>"
	            "<p><a class=\"button\" href=\"/\">%h</a></p></section>",
	            status, T("Error"), r->e.code ? r->e.code : "internal", error_text(r),
	            T("Back to the home page"));
	ui_page_end(r);
	return reply_html(r, status);
}

static void form_error(req *r)
{
	if (r->e.status)
		html_printf(
		    &r->out,
		    "<div class=\"error\" role=\"alert\" data-code=\"%a\"><b>%h</b>%h</div>",
		    r->e.code, T("Not saved."), error_text(r));
}

static void csrf_field(req *r)
{
	html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", r->csrf);
}

/* " aria-invalid=\"true\"" on the field the current error names. */
static const char *invalid(req *r, const char *field)
{
	return r->e.status && r->e.field && !strcmp(r->e.field, field) ? " aria-invalid=\"true\""
	                                                               : "";
}

/* ---- static, language, log-in ---- */

/* "NAME.HASH.EXT" -> "NAME.EXT" and HASH, when the part before the extension is a content hash
 * (EMBEDDED_HASH_LEN hex digits); otherwise the name as it is and no hash. */
static const char *static_unhash(req *r, const char *name, const char **hash)
{
	*hash = NULL;
	const char *ext = strrchr(name, '.');
	if (!ext || ext - name < EMBEDDED_HASH_LEN + 2)
		return name;
	const char *h = ext - EMBEDDED_HASH_LEN;
	if (h[-1] != '.')
		return name;
	for (const char *p = h; p < ext; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return name;
	*hash = arena_strndup(r->a, h, EMBEDDED_HASH_LEN);
	return arena_printf(r->a, "%.*s%s", (int)(h - 1 - name), name, ext);
}

const char *ui_static_url(req *r, const char *file)
{
	const embedded_file *f = embedded_find(arena_printf(r->a, "web/static/%s", file));
	const char *ext = strrchr(file, '.');
	if (!f || !ext)
		return arena_printf(r->a, "/static/%s", file);
	return arena_printf(r->a, "/static/%.*s.%s%s", (int)(ext - file), file, f->hash, ext);
}

/* True when one Accept-Encoding item ("gzip;q=0.5", n bytes) has q=0 (refused). */
static bool coding_refused(const char *item, size_t n)
{
	for (const char *p = item; p + 2 < item + n; p++)
		if (*p == ';') {
			const char *v = p + 1;
			while (v < item + n && *v == ' ')
				v++;
			if (v + 2 <= item + n && (v[0] == 'q' || v[0] == 'Q') && v[1] == '=') {
				v += 2;
				bool zero = v < item + n && *v == '0';
				for (v++; zero && v < item + n && *v != ';' && *v != ' '; v++)
					zero = *v == '.' || *v == '0';
				return zero;
			}
		}
	return false;
}

/* True when Accept-Encoding admits gzip: "gzip" (or "*" with no word on gzip), not q=0. */
static bool accepts_gzip(const char *ae)
{
	int star = -1;
	while (ae && *ae) {
		while (*ae == ' ' || *ae == ',')
			ae++;
		size_t n = strcspn(ae, ","), word = strcspn(ae, ";, ");
		if (word == 4 && !strncasecmp(ae, "gzip", 4))
			return !coding_refused(ae, n);
		if (word == 1 && *ae == '*')
			star = !coding_refused(ae, n);
		ae += n;
	}
	return star == 1;
}

int ui_static(req *r)
{
	const char *hash;
	const char *name = static_unhash(r, req_param(r, "file"), &hash);
	const embedded_file *f =
	    strstr(name, "..") ? NULL : embedded_find(arena_printf(r->a, "web/static/%s", name));
	if (!f) {
		err_set(&r->e, 404, "not_found", NULL, "No such page or resource.");
		return reply_error(r);
	}
	buf_reset(&r->out);
	r->status = 200;
	r->content_type = strstr(name, ".css")   ? "text/css; charset=utf-8"
	                  : strstr(name, ".svg") ? "image/svg+xml"
	                  : strstr(name, ".js")  ? "text/javascript; charset=utf-8"
	                                         : "application/octet-stream";
	/* Under its content hash an asset never changes: cached for good. Under its plain name,
	 * or a hash this build does not have (a page from another version, during a rolling
	 * upgrade), it may change: cached briefly. */
	req_add_header(r, "Cache-Control",
	               hash && !strcmp(hash, f->hash) ? "public, max-age=31536000, immutable"
	                                              : "public, max-age=300");
	if (f->gz) {
		req_add_header(r, "Vary", "Accept-Encoding");
		if (accepts_gzip(req_header(r, "Accept-Encoding"))) {
			req_add_header(r, "Content-Encoding", "gzip");
			buf_append(&r->out, f->gz, f->gz_len);
			return 0;
		}
	}
	buf_append(&r->out, f->data, f->len);
	return 0;
}

int ui_lang(req *r)
{
	lang l = lang_parse(req_param(r, "lang"));
	req_add_header(
	    r, "Set-Cookie",
	    arena_printf(r->a, "lang=%s; Path=/; SameSite=Lax; Max-Age=31536000", lang_id(l)));
	return reply_redirect(r, local_path_or(req_query(r, "next"), "/"));
}

static void login_form(req *r, const char *username, const char *next)
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
	form_error(r);
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
	ui_page_end(r);
}

int ui_login_form(req *r)
{
	if (r->authed)
		return reply_redirect(r, local_path_or(req_query(r, "next"), "/"));
	login_form(r, NULL, req_query(r, "next"));
	return reply_html(r, 200);
}

int ui_login_submit(req *r)
{
	const char *u = req_form(r, "username"), *p = req_form(r, "password");
	const char *next = local_path_or(req_form(r, "next"), "/");
	/* A log-in form posted from another site is refused (log-in CSRF). */
	const char *origin = req_header(r, "Origin"), *host = req_header(r, "Host");
	if (origin && host && strcmp(origin, "null")) {
		const char *o = strstr(origin, "://");
		if (!o || strcmp(o + 3, host)) {
			err_set(&r->e, 403, "csrf_failed", NULL,
			        "The form or request is missing its CSRF token; reload the page.");
			return -1;
		}
	}
	session_out s;
	if (!u || !p || !*u || !*p) {
		err_set(&r->e, 400, "missing_field", u && *u ? "password" : "username",
		        "Field {field} is required.");
	} else if (session_login(r->app, r->a, u, p, r->address, &s, &r->e) == 0) {
		json_decref(s.user);
		session_cookie(r, s.token, r->app->session_ttl_us / 1000000);
		return reply_redirect(r, next);
	}
	if (r->e.retry_after_s)
		req_add_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after_s));
	login_form(r, u, next);
	return reply_html(r, r->e.status);
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
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1>"
	            "<p class=\"lead\">%h</p></div></div>",
	            role_label(r, rl), subst(r, T("Welcome, {name}"), "name", r->who.username),
	            role_duty(r, rl));
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
	if (routed(ui_projects_list))
		tile(r, "/projects", rl == ROLE_INSTITUTION ? T("Applications") : T("Projects"),
		     T("Applications and pilots, from drafting to launch (§4)."));
	if ((rl & ROLE_LEADER) && routed(ui_decisions))
		tile(r, "/decisions", T("Decisions"),
		     T("Proposals waiting for your approval (maker-checker)."));
	if ((rl & ROLE_ADMIN) && routed(ui_users))
		tile(r, "/users", T("User accounts"),
		     T("Who may log in, with which role and for which institution."));
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
	ui_page_end(r);
	return reply_html(r, 200);
}

/* ---- institutions ---- */

/* §3.1: rows whose places are not divisions (from before places were coded) are listed for
 * the working group to correct, first ones first; never guessed. */
static void unmapped_places(req *r)
{
	err e;
	err_clear(&e);
	json_t *u = places_unmapped(r->app, r->a, 0, 20, &e);
	err_free_details(&e);
	json_t *items = json_object_get(u, "items");
	if (json_array_size(items) > 0) {
		buf *b = &r->out;
		html_printf(
		    b,
		    "<section class=\"card\" id=\"unmapped-places\"><h2>%h</h2>"
		    "<p class=\"error\" role=\"status\">%h</p><ul>",
		    T("Places to correct (§3.1)"),
		    T("These institutions' places are not administrative divisions, so §3.1 "
		      "cannot judge them; edit each to name its province and city."));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			html_printf(b,
			            "<li><a href=\"/institutions/%lld/edit\">%h</a>: %h / %h / %h "
			            "<code>%h</code></li>",
			            jint(it, "id"), jstr(it, "name"),
			            jstr(it, "registered_province"), jstr(it, "registered_city"),
			            jstr(it, "main_office_city"), jstr(it, "field"));
		}
		html_printf(b, "</ul>");
		if (json_is_string(json_object_get(u, "next")))
			html_printf(b, "<p>%h</p>", T("More are listed by 'baotu places'."));
		html_printf(b, "</section>");
	}
	json_decref(u);
}

int ui_institutions(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	const char *q = req_query(r, "q");
	if (q && json_check_text(q, 100, "q", &r->e) < 0)
		return -1;
	json_t *list = institution_list(r->app, r->a, &r->who, q, after, limit, &r->e);
	if (!list)
		return -1;
	bool registry = r->who.role & (ROLE_ADMIN | ROLE_OFFICER);
	const char *title =
	    r->who.role == ROLE_INSTITUTION ? T("My institution") : T("Institutions");
	ui_page_begin(r, title);
	buf *b = &r->out;
	html_printf(b, "<div class=\"page-head\"><div><h1>%h</h1><p class=\"lead\">%h</p></div>",
	            title, T("Who is registered, where, and of what kind."));
	if (registry)
		html_printf(b,
		            "<div class=\"actions\"><a class=\"button primary\" "
		            "href=\"/institutions/new\">%h</a></div>",
		            T("Register an institution"));
	html_printf(b, "</div>");
	if (r->who.role != ROLE_INSTITUTION)
		html_printf(
		    b,
		    "<form method=\"get\" action=\"/institutions\" class=\"search\" "
		    "role=\"search\"><label for=\"q\" class=\"sr-only\">%h</label>"
		    "<input id=\"q\" name=\"q\" type=\"search\" value=\"%a\" placeholder=\"%a\">"
		    "<button type=\"submit\">%h</button>",
		    T("Search"), q ? q : "", T("Name or credit code"), T("Search"));
	if (r->who.role != ROLE_INSTITUTION && q && *q)
		html_printf(b, "<a href=\"/institutions\">%h</a>", T("Clear"));
	if (r->who.role != ROLE_INSTITUTION)
		html_printf(b, "</form>");
	if (r->who.role & (ROLE_ADMIN | ROLE_OFFICER | ROLE_LEADER))
		unmapped_places(r);
	json_t *items = json_object_get(list, "items");
	if (json_array_size(items) == 0) {
		html_printf(b, "<p class=\"empty\">%h</p>",
		            q && *q ? T("No institution matches.")
		                    : T("No institution is registered yet."));
	} else {
		html_printf(
		    b,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
		    "<table class=\"list register\"><thead><tr>"
		    "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		    "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
		    title, T("Name"), T("Kind"), T("Registered in"), T("Main office city"),
		    T("Credit code"));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			long long id = jint(it, "id");
			institution_kind k;
			bool subject = institution_kind_parse(jstr(it, "kind"), &k) == 0 &&
			               institution_kind_subject_class(k) > 0;
			html_printf(b,
			            "<tr><td><a href=\"/institutions/%lld\">%h</a></td><td><span "
			            "class=\"tag %h\">%h</span></td><td>%h %h</td><td>%h</td>"
			            "<td><code>%h</code></td></tr>",
			            id, jstr(it, "name"), subject ? "subject" : "tech",
			            kind_label(r, jstr(it, "kind")),
			            jstr(it, "registered_province"), jstr(it, "registered_city"),
			            jstr(it, "main_office_city"), jstr(it, "credit_code"));
		}
		html_printf(b, "</tbody></table></div>");
	}
	json_t *next = json_object_get(list, "next");
	if (json_is_string(next))
		html_printf(b,
		            "<p class=\"pager\"><a class=\"button\" "
		            "href=\"/institutions?after=%u&amp;q=%u\">%h</a></p>",
		            json_string_value(next), q ? q : "", T("Next page"));
	json_decref(list);
	ui_page_end(r);
	return reply_html(r, 200);
}

/* The form's values: from a submitted form, else from a record, else empty. */
static const char *fv(req *r, json_t *rec, const char *k)
{
	const char *v = req_form(r, k);
	if (v)
		return v;
	return rec ? jstr(rec, k) : "";
}

static bool fchecked(req *r, json_t *rec, const char *k)
{
	if (!strcmp(r->method, "POST"))
		return req_form(r, k) != NULL;
	return rec && json_is_true(json_object_get(rec, k));
}

/* A labelled text input. trusted_attrs is fixed markup from this file (required, maxlength...),
 * written raw; every value goes through the escaping conversions. */
static void text_input(req *r, const char *name, const char *label, const char *value,
                       const char *hint, const char *trusted_attrs)
{
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"field\"><label for=\"f-%a\">%h</label><input id=\"f-%a\" "
	            "name=\"%a\" value=\"%a\"",
	            name, label, name, name, value);
	if (hint)
		html_printf(b, " aria-describedby=\"h-%a\"", name);
	html_raw(b, invalid(r, name));
	html_raw(b, trusted_attrs);
	html_printf(b, ">");
	if (hint)
		html_printf(b, "<small class=\"hint\" id=\"h-%a\">%h</small>", name, hint);
	html_printf(b, "</div>");
}

#define ATTR_REQUIRED " required maxlength=\"50\""
#define ATTR_NAME " required maxlength=\"200\""
#define ATTR_CREDIT_CODE                                                                           \
	" required minlength=\"18\" maxlength=\"18\" autocapitalize=\"characters\" "               \
	"spellcheck=\"false\" class=\"mono\""
#define ATTR_REASON " maxlength=\"2000\""

/* A division's name in the page's language (its code if the table lacks it). */
static const char *place_label(req *r, const char *code)
{
	const division *d = division_by_code(places_table(), code);
	if (!d)
		return code ? code : "";
	return r->lang == LANG_EN ? d->name_en : d->name;
}

/* Where §3.1's location test points, from the pilot's settings (no city is named in code). */
static const char *region_hint(req *r)
{
	const pilot_region *pr = r->app->region;
	buf ex = BUF_INIT;
	for (int i = 0; i < REGION_MAX_EXCLUDED && pr->excluded_city_codes[i]; i++) {
		if (i)
			buf_puts(&ex, r->lang == LANG_EN ? ", " : "、");
		buf_puts(&ex, place_label(r, pr->excluded_city_codes[i]));
	}
	const char *m =
	    ex.len ? T("The pilot city is {city}; the bureau's jurisdiction is {province} "
	               "except {excluded}.")
	           : T("The pilot city is {city}; the bureau's jurisdiction is {province}.");
	m = subst(r,
	          subst(r, subst(r, m, "city", place_label(r, pr->city_code)), "province",
	                place_label(r, pr->province_code)),
	          "excluded", buf_cstr(&ex));
	buf_free(&ex);
	return m;
}

static void institution_form(req *r, json_t *rec, long long id)
{
	buf *b = &r->out;
	form_error(r);
	if (id)
		html_printf(b,
		            "<form method=\"post\" action=\"/institutions/%lld\" class=\"card "
		            "form\">",
		            id);
	else
		html_printf(b,
		            "<form method=\"post\" action=\"/institutions\" class=\"card form\">");
	csrf_field(r);
	html_printf(b, "<fieldset><legend>%h</legend>", T("Identity"));
	text_input(r, "name", T("Name"), fv(r, rec, "name"), NULL, ATTR_NAME);
	text_input(r, "credit_code", T("Unified social credit code"), fv(r, rec, "credit_code"),
	           T("18 characters; the last is the GB 32100-2015 check character."),
	           ATTR_CREDIT_CODE);
	html_printf(b,
	            "<div class=\"field\"><label for=\"f-kind\">%h</label><select id=\"f-kind\" "
	            "name=\"kind\"",
	            T("Kind"));
	html_raw(b, invalid(r, "kind"));
	html_printf(b, ">");
	const char *kind = fv(r, rec, "kind");
	for (int k = 0; k < KIND__COUNT; k++) {
		const char *kid = institution_kind_id((institution_kind)k);
		html_printf(b, "<option value=\"%a\"%h>%h</option>", kid,
		            !strcmp(kind, kid) ? " selected" : "", kind_label(r, kid));
	}
	html_printf(b, "</select><small class=\"hint\">%h</small></div></fieldset>",
	            T("Kinds 1 to 5 of §3.1 are applicant subjects; a technology firm (§3.2) "
	              "applies only with one."));

	html_printf(b, "<fieldset><legend>%h</legend><p class=\"hint\">%h</p><div class=\"row3\">",
	            T("Location (§3.1)"), region_hint(r));
	/* §3.1: any form of a name is accepted; the lists offer the full names */
	text_input(r, "registered_province", T("Registered province"),
	           fv(r, rec, "registered_province"), NULL,
	           ATTR_REQUIRED " list=\"places-provinces\" autocomplete=\"off\"");
	text_input(r, "registered_city", T("Registered city"), fv(r, rec, "registered_city"), NULL,
	           ATTR_REQUIRED " list=\"places-cities\" autocomplete=\"off\"");
	text_input(r, "main_office_city", T("Main office city"), fv(r, rec, "main_office_city"),
	           NULL, ATTR_REQUIRED " list=\"places-cities\" autocomplete=\"off\"");
	const division_table *dt = places_table();
	html_printf(b, "<datalist id=\"places-provinces\">");
	for (size_t i = 0; i < dt->n; i++)
		if (dt->rows[i].level == DIVISION_PROVINCE)
			html_printf(b, "<option value=\"%a\">%h</option>", dt->rows[i].name,
			            dt->rows[i].name_en);
	html_printf(b, "</datalist><datalist id=\"places-cities\">");
	for (size_t i = 0; i < dt->n; i++) {
		char cur[DIVISION_CODE_LEN + 1];
		division_current_city(dt->rows[i].code, cur);
		bool city = dt->rows[i].level == DIVISION_CITY || division_is_municipality(cur);
		if (city && !strcmp(cur, dt->rows[i].code)) /* not an abolished city */
			html_printf(b, "<option value=\"%a\">%h</option>", dt->rows[i].name,
			            dt->rows[i].name_en);
	}
	html_printf(b, "</datalist>");
	html_printf(b,
	            "</div><label class=\"check\"><input type=\"checkbox\" name=\"national\" "
	            "value=\"1\"%h> %h</label><label class=\"check\"><input type=\"checkbox\" "
	            "name=\"jinan_branch\" value=\"1\"%h> %h</label></fieldset>",
	            fchecked(r, rec, "national") ? " checked" : "", T("National institution"),
	            fchecked(r, rec, "jinan_branch") ? " checked" : "",
	            T("Important branch in the pilot city"));

	html_printf(b,
	            "<fieldset><legend>%h</legend><div class=\"field\"><label "
	            "for=\"f-tech_category\">%h</label><select id=\"f-tech_category\" "
	            "name=\"tech_category\"",
	            T("Technology firms (§3.2, §3.3)"), T("Technology category (§3.3)"));
	html_raw(b, invalid(r, "tech_category"));
	html_printf(b, "><option value=\"\">%h</option>", T("None"));
	const char *tc = fv(r, rec, "tech_category");
	for (int t = 1; t < TECH__COUNT; t++) {
		const char *tid = tech_category_id((tech_category)t);
		html_printf(b, "<option value=\"%a\"%h>%h</option>", tid,
		            !strcmp(tc, tid) ? " selected" : "", tech_label(r, tid));
	}
	html_printf(b, "</select><small class=\"hint\">%h</small></div></fieldset>",
	            T("Only for technology firms: the category that admits a firm to coaching."));

	html_printf(b, "<fieldset><legend>%h</legend>", T("Record"));
	text_input(r, "reason", T("Reason (recorded in the history)"),
	           req_form(r, "reason") ? req_form(r, "reason") : "",
	           T("Optional; kept with this change for the audit."), ATTR_REASON);
	html_printf(b,
	            "</fieldset><div class=\"form-actions\"><button type=\"submit\" "
	            "class=\"primary\">%h</button>",
	            T("Save"));
	if (id)
		html_printf(b, "<a class=\"button quiet\" href=\"/institutions/%lld\">%h</a>", id,
		            T("Cancel"));
	else
		html_printf(b, "<a class=\"button quiet\" href=\"/institutions\">%h</a>",
		            T("Cancel"));
	html_printf(b, "</div></form>");
}

/* Builds the JSON body of an institution write from the form. */
static json_t *institution_form_json(req *r)
{
	json_t *o = json_object();
	const char *texts[] = {"name",
	                       "credit_code",
	                       "kind",
	                       "registered_province",
	                       "registered_city",
	                       "main_office_city"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *v = req_form(r, texts[i]);
		json_object_set_new(o, texts[i], v ? json_string(v) : json_null());
		if (v && !json_is_string(json_object_get(o, texts[i])))
			json_object_set_new(o, texts[i], json_string("")); /* bad UTF-8 */
	}
	json_object_set_new(o, "national", json_boolean(req_form(r, "national") != NULL));
	json_object_set_new(o, "jinan_branch", json_boolean(req_form(r, "jinan_branch") != NULL));
	const char *tc = req_form(r, "tech_category");
	json_object_set_new(o, "tech_category", tc && *tc ? json_string(tc) : json_null());
	const char *reason = req_form(r, "reason");
	if (reason && *reason)
		json_object_set_new(o, "reason", json_string(reason));
	return o;
}

static void breadcrumb(req *r, const char *here)
{
	html_printf(&r->out,
	            "<nav class=\"crumbs\" aria-label=\"%a\"><a href=\"/institutions\">%h</a>"
	            "<span aria-hidden=\"true\">›</span><span>%h</span></nav>",
	            T("Breadcrumb"),
	            r->who.role == ROLE_INSTITUTION ? T("My institution") : T("Institutions"),
	            here);
}

static int institution_new_page(req *r, int status)
{
	ui_page_begin(r, T("Register an institution"));
	breadcrumb(r, T("Register an institution"));
	html_printf(&r->out, "<h1>%h</h1>", T("Register an institution"));
	institution_form(r, NULL, 0);
	ui_page_end(r);
	return reply_html(r, status);
}

int ui_institution_new(req *r)
{
	return institution_new_page(r, 200);
}

int ui_institution_create(req *r)
{
	json_t *b = institution_form_json(r), *out = NULL;
	int rc = institution_create(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	if (rc == 0) {
		long long id = jint(out, "id");
		json_decref(out);
		return reply_redirect(r, arena_printf(r->a, "/institutions/%lld", id));
	}
	return institution_new_page(r, r->e.status);
}

/* A changed value as text: booleans as yes/no, kinds and categories by label. */
static const char *change_value(req *r, const char *field, json_t *v)
{
	if (json_is_true(v))
		return T("Yes");
	if (json_is_false(v))
		return T("No");
	if (!strcmp(field, "warnings")) { /* §3.1: the credit-code warning, by its state */
		json_t *w = json_array_get(v, 0);
		if (!w)
			return T("None");
		return json_is_object(json_object_get(w, "acknowledged"))
		           ? T("Acknowledged")
		           : T("Awaiting acknowledgement by the working group.");
	}
	if (!json_is_string(v))
		return "—";
	if (!strcmp(field, "kind"))
		return kind_label(r, json_string_value(v));
	if (!strcmp(field, "tech_category"))
		return tech_label(r, json_string_value(v));
	return json_string_value(v);
}

/* "cli", "system", "public" or "user:7" as a name people know; cache (may be NULL) keeps the
 * accounts already looked up, since one history is mostly written by a handful of them. */
const char *ui_actor_label(req *r, ui_actor_names *cache, const char *actor)
{
	for (int k = 0; cache && k < UI_ACTOR_NAMES && cache->actor[k]; k++)
		if (!strcmp(cache->actor[k], actor))
			return cache->label[k];
	const char *label = actor;
	if (!strcmp(actor, "cli"))
		label = T("System (command line)");
	else if (!strcmp(actor, "system"))
		label = T("System (scheduler)");
	else if (!strcmp(actor, "public"))
		label = T("Public");
	else if (!strncmp(actor, "user:", 5)) {
		err e;
		err_clear(&e);
		json_t *u = user_get_json(r->app, r->a, strtoll(actor + 5, NULL, 10), &e);
		if (u) {
			label = arena_strdup(r->a, jstr(u, "username"));
			json_decref(u);
		}
		err_free_details(&e);
	}
	for (int k = 0; cache && k < UI_ACTOR_NAMES; k++)
		if (!cache->actor[k]) {
			cache->actor[k] = actor;
			cache->label[k] = label;
			break;
		}
	return label;
}

static void history_table(req *r, long long id)
{
	buf *b = &r->out;
	json_t *ev = events_list(r->app, r->a, &r->who, arena_printf(r->a, "institution:%lld", id),
	                         0, 50, &r->e);
	if (!ev) {
		err_clear(&r->e);
		return;
	}
	html_printf(b,
	            "<section class=\"card\"><h2>%h</h2>"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list history stack-sm\"><thead><tr><th scope=\"col\">#</th><th "
	            "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
	            "scope=\"col\">%h</th></tr></thead><tbody>",
	            T("History"), T("History"), T("Time (UTC+8)"), T("Event"), T("By"),
	            T("Reason and changes"));
	ui_actor_names names = {0};
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(ev, "items"), i, it)
	{
		const char *who = ui_actor_label(r, &names, jstr(it, "actor"));
		json_t *reason = json_object_get(it, "reason");
		html_printf(b,
		            "<tr data-kind=\"%a\"><td>%lld</td><td class=\"nowrap\">%h</td>"
		            "<td><span class=\"tag event\">%h</span></td><td>%h</td><td>%h",
		            jstr(it, "kind"), jint(it, "seq"), ui_time_cst(r, jint(it, "ts")),
		            T(jstr(it, "kind")), who,
		            json_is_string(reason) ? json_string_value(reason) : "");
		json_t *changed = json_object_get(json_object_get(it, "payload"), "changed");
		if (json_object_size(changed)) {
			html_printf(b, "<ul class=\"changes\">");
			const char *key;
			json_t *v;
			json_object_foreach(changed, key, v)
			{
				/* a place's code changes with its name: the name says it */
				size_t kl = strlen(key);
				if (kl > 5 && !strcmp(key + kl - 5, "_code") &&
				    json_object_get(changed, arena_strndup(r->a, key, kl - 5)))
					continue;
				html_printf(
				    b,
				    "<li><b>%h</b> %h <span aria-hidden=\"true\">→</span> %h</li>",
				    field_label(r, key),
				    change_value(r, key, json_object_get(v, "from")),
				    change_value(r, key, json_object_get(v, "to")));
			}
			html_printf(b, "</ul>");
		}
		html_printf(b, "</td></tr>");
	}
	html_printf(b, "</tbody></table></div></section>");
	json_decref(ev);
}

/* §3.1: the credit-code warning, who acknowledged it and why, or the form to do so. */
static void place_warnings(req *r, json_t *o, long long id)
{
	buf *b = &r->out;
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(o, "warnings"), i, w)
	{
		html_printf(b,
		            "<section class=\"card\" id=\"place-warning\"><h2>%h</h2>"
		            "<p class=\"error\" role=\"status\" data-code=\"%a\">%h</p>"
		            "<dl class=\"facts\"><div><dt>%h</dt><dd>%h</dd></div>"
		            "<div><dt>%h</dt><dd>%h %h</dd></div></dl>",
		            T("Credit code and registered place (§3.1)"), jstr(w, "code"),
		            tr(r->lang, jstr(w, "message")), T("The credit code was issued in"),
		            place_label(r, jstr(w, "credit_code_city_code")), T("Registered in"),
		            jstr(o, "registered_province"), jstr(o, "registered_city"));
		json_t *ack = json_object_get(w, "acknowledged");
		if (json_is_object(ack)) {
			html_printf(
			    b, "<p class=\"acknowledged\">%h</p>",
			    subst(r,
			          subst(r,
			                subst(r, T("Acknowledged by {actor} on {time}: {reason}"),
			                      "actor", ui_actor_label(r, NULL, jstr(ack, "by"))),
			                "time", ui_time_cst(r, jint(ack, "at"))),
			          "reason", jstr(ack, "reason")));
		} else if (r->who.role & (ROLE_OFFICER | ROLE_LEADER)) {
			html_printf(
			    b,
			    "<form method=\"post\" action=\"/institutions/%lld/place-warning/"
			    "acknowledge\" class=\"form\">",
			    id);
			csrf_field(r);
			text_input(
			    r, "reason", T("Reason (recorded in the history)"),
			    req_form(r, "reason") ? req_form(r, "reason") : "",
			    T("Why the warning does not stand in the way, e.g. the firm moved."),
			    " required maxlength=\"2000\"");
			html_printf(b,
			            "<div class=\"form-actions\"><button type=\"submit\" "
			            "class=\"primary\">%h</button></div></form>",
			            T("Acknowledge"));
		} else {
			html_printf(b, "<p>%h</p>",
			            T("Awaiting acknowledgement by the working group."));
		}
		html_printf(b, "</section>");
	}
}

int ui_institution_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = institution_get(r->app, r->a, &r->who, id, &r->e);
	if (!o)
		return -1;
	buf *b = &r->out;
	ui_page_begin(r, jstr(o, "name"));
	breadcrumb(r, jstr(o, "name"));
	institution_kind k;
	bool subject = institution_kind_parse(jstr(o, "kind"), &k) == 0 &&
	               institution_kind_subject_class(k) > 0;
	html_printf(b,
	            "<div class=\"page-head\"><div><h1>%h</h1><p><span class=\"tag %h\">%h</span> "
	            "<span class=\"tag plain\">%h</span></p></div><div class=\"actions\">",
	            jstr(o, "name"), subject ? "subject" : "tech", kind_label(r, jstr(o, "kind")),
	            kind_class_label(r, jstr(o, "kind")));
	if (r->who.role & (ROLE_ADMIN | ROLE_OFFICER))
		html_printf(b, "<a class=\"button\" href=\"/institutions/%lld/edit\">%h</a>",
		            (long long)id, T("Edit"));
	if (r->who.role & (ROLE_STAFF | ROLE_INSTITUTION))
		html_printf(
		    b, "<a class=\"button\" href=\"/eligibility?inst0=%lld&amp;lead=0\">%h</a>",
		    (long long)id, T("Check eligibility"));
	html_printf(b, "</div></div>");
	json_t *tc = json_object_get(o, "tech_category");
	html_printf(b,
	            "<section class=\"card\"><h2>%h</h2><dl class=\"facts\">"
	            "<div><dt>%h</dt><dd><code>%h</code></dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h %h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div></dl></section>",
	            T("Register entry"), T("Unified social credit code"), jstr(o, "credit_code"),
	            T("Kind"), kind_label(r, jstr(o, "kind")), T("Registered in"),
	            jstr(o, "registered_province"), jstr(o, "registered_city"),
	            T("Main office city"), jstr(o, "main_office_city"), T("National institution"),
	            json_is_true(json_object_get(o, "national")) ? T("Yes") : T("No"),
	            T("Important branch in the pilot city"),
	            json_is_true(json_object_get(o, "jinan_branch")) ? T("Yes") : T("No"),
	            T("Technology category (§3.3)"),
	            json_is_string(tc) ? tech_label(r, json_string_value(tc)) : T("None"),
	            T("Last changed"), ui_time_cst(r, jint(o, "updated_at")));
	place_warnings(r, o, (long long)id);
	json_decref(o);
	history_table(r, (long long)id);
	ui_page_end(r);
	return reply_html(r, 200);
}

static int institution_edit_page(req *r, json_t *rec, int64_t id, int status)
{
	const char *name = rec ? jstr(rec, "name") : req_form(r, "name");
	ui_page_begin(r, T("Edit"));
	breadcrumb(r, name && *name ? name : T("Edit"));
	html_printf(&r->out, "<h1>%h</h1>",
	            subst(r, T("Edit {name}"), "name", name && *name ? name : ""));
	institution_form(r, rec, (long long)id);
	ui_page_end(r);
	return reply_html(r, status);
}

int ui_institution_edit(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = institution_get(r->app, r->a, &r->who, id, &r->e);
	if (!o)
		return -1;
	int rc = institution_edit_page(r, o, id, 200);
	json_decref(o);
	return rc;
}

int ui_institution_save(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = institution_form_json(r), *out = NULL;
	int rc = institution_update(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(r, arena_printf(r->a, "/institutions/%lld", (long long)id));
	}
	if (r->e.status == 404)
		return -1;
	return institution_edit_page(r, NULL, id, r->e.status);
}

/* §3.1: an officer or leader acknowledges the credit-code warning from the institution page. */
int ui_institution_ack_place_warning(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *reason = req_form(r, "reason");
	json_t *b = json_pack("{s:s}", "reason", reason ? reason : ""), *out = NULL;
	if (!json_is_string(json_object_get(b, "reason"))) /* bad UTF-8 */
		json_object_set_new(b, "reason", json_string(""));
	int rc = institution_acknowledge_place_warning(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	json_decref(out);
	if (rc < 0 && r->e.status == 400) {
		/* the page again, the error above the form */
		err ge;
		err_clear(&ge);
		json_t *o = institution_get(r->app, r->a, &r->who, id, &ge);
		err_free_details(&ge);
		if (!o)
			return -1;
		ui_page_begin(r, jstr(o, "name"));
		breadcrumb(r, jstr(o, "name"));
		form_error(r);
		place_warnings(r, o, (long long)id);
		json_decref(o);
		ui_page_end(r);
		return reply_html(r, 400);
	}
	if (rc < 0)
		return -1;
	return reply_redirect(r, arena_printf(r->a, "/institutions/%lld", (long long)id));
}

/* ---- eligibility checker ---- */

#define UI_ELIG_ROWS 5

/* A form value: from the posted form, or from the query string of a GET (so that a link
 * such as /eligibility?inst0=7 opens the checker with that institution chosen). */
static const char *elig_value(req *r, const char *k)
{
	if (!strcmp(r->method, "POST"))
		return req_form(r, k);
	const char *v = req_query(r, k);
	/* An institution checks applications that include itself: start from it, as the lead. */
	if (!v && r->who.role == ROLE_INSTITUTION && r->who.institution_id > 0 &&
	    !req_query(r, "inst0")) {
		if (!strcmp(k, "inst0"))
			return arena_printf(r->a, "%lld", (long long)r->who.institution_id);
		if (!strcmp(k, "lead"))
			return "0";
	}
	return v;
}

static json_t *find_institution(json_t *insts, long long id)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(insts, "items"), i, it)
	{
		if (jint(it, "id") == id)
			return it;
	}
	return NULL;
}

static void eligibility_form(req *r, json_t *insts)
{
	buf *b = &r->out;
	const char *track = elig_value(r, "track");
	bool coaching = track && !strcmp(track, "coaching");
	html_printf(b, "<form method=\"post\" action=\"/eligibility\" class=\"card form\">");
	csrf_field(r);
	html_printf(
	    b,
	    "<fieldset><legend>%h</legend><div class=\"choices\">"
	    "<label class=\"choice\"><input type=\"radio\" name=\"track\" value=\"pilot\"%h>"
	    "<span><b>%h</b><small>%h</small></span></label>"
	    "<label class=\"choice\"><input type=\"radio\" name=\"track\" "
	    "value=\"coaching\"%h><span><b>%h</b><small>%h</small></span></label></div>"
	    "</fieldset>",
	    T("Track"), coaching ? "" : " checked", T("Pilot (§3.1, §3.2)"),
	    T("Applicant subjects, alone or jointly with technology firms."),
	    coaching ? " checked" : "", T("Coaching (§3.3)"),
	    T("A technology firm registered in the pilot city, on its own."));
	html_printf(b,
	            "<fieldset><legend>%h</legend><p class=\"hint\">%h</p>"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list applicants\"><thead><tr><th "
	            "scope=\"col\">#</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	            "</tr></thead><tbody>",
	            T("Applicants"),
	            T("Choose up to five institutions and mark exactly one as the lead applicant."),
	            T("Applicants"), T("Institution"), T("Lead applicant"));
	const char *lead = elig_value(r, "lead");
	for (int row = 0; row < UI_ELIG_ROWS; row++) {
		char key[24];
		snprintf(key, sizeof key, "inst%d", row);
		const char *sel = elig_value(r, key);
		html_printf(b,
		            "<tr><td>%d</td><td><select name=\"%a\" aria-label=\"%a\"><option "
		            "value=\"\">%h</option>",
		            row + 1, key,
		            subst(r, T("Applicant {n}"), "n", arena_printf(r->a, "%d", row + 1)),
		            T("(none)"));
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(insts, "items"), i, it)
		{
			const char *ids = arena_printf(r->a, "%lld", jint(it, "id"));
			html_printf(b, "<option value=\"%a\"%h>%h · %h · %h</option>", ids,
			            sel && !strcmp(sel, ids) ? " selected" : "", jstr(it, "name"),
			            kind_label(r, jstr(it, "kind")), jstr(it, "registered_city"));
		}
		char rowid[8];
		snprintf(rowid, sizeof rowid, "%d", row);
		html_printf(
		    b,
		    "</select></td><td class=\"center\"><input type=\"radio\" name=\"lead\" "
		    "value=\"%a\"%h aria-label=\"%a\"></td></tr>",
		    rowid, lead && !strcmp(lead, rowid) ? " checked" : "",
		    subst(r, T("Applicant {n} is the lead"), "n",
		          arena_printf(r->a, "%d", row + 1)));
	}
	html_printf(b,
	            "</tbody></table></div></fieldset><div class=\"form-actions\"><button "
	            "type=\"submit\" class=\"primary\">%h</button><a class=\"button quiet\" "
	            "href=\"/eligibility\">%h</a></div></form>",
	            T("Check eligibility"), T("Reset"));
}

static void eligibility_rules(req *r)
{
	html_printf(&r->out,
	            "<details class=\"card rules\"><summary>%h</summary><ul>"
	            "<li>%h</li><li>%h</li><li>%h</li><li>%h</li></ul></details>",
	            T("What §3 requires"),
	            T("§3.1 Applicant subjects are licensed institutions in the bureau's "
	              "jurisdiction, registered or mainly based in the pilot city, or national "
	              "institutions with an important branch there."),
	            T("§3.2 A technology firm may not apply alone; it may lead or join an "
	              "application with at least one applicant subject, from any city."),
	            T("§3.2 A joint application names exactly one lead applicant, which leads "
	              "the research, development or operation."),
	            T("§3.3 Without a partner, a technology firm registered in the pilot city and "
	              "of one of three categories may apply for coaching (one year, no live "
	              "financial business)."));
}

int ui_eligibility_form(req *r)
{
	json_t *insts = institution_list(r->app, r->a, &r->who, NULL, 0, 200, &r->e);
	if (!insts)
		return -1;
	ui_page_begin(r, T("Eligibility checker"));
	html_printf(&r->out,
	            "<div class=\"page-head\"><div><h1>%h</h1><p class=\"lead\">%h</p>"
	            "</div></div>",
	            T("Eligibility checker"),
	            T("Choose the applicants, mark the lead, and see whether §3 admits them."));
	eligibility_rules(r);
	eligibility_form(r, insts);
	json_decref(insts);
	ui_page_end(r);
	return reply_html(r, 200);
}

/* The verdict, then each applicant with the reasons that concern it (§3, clause by clause). */
static void eligibility_verdict(req *r, json_t *res, json_t *applicants, json_t *insts)
{
	buf *b = &r->out;
	bool ok = json_is_true(json_object_get(res, "eligible"));
	bool coaching = !strcmp(jstr(res, "track"), "coaching");
	json_t *reasons = json_object_get(res, "reasons");
	html_printf(b,
	            "<section class=\"verdict %h\" id=\"verdict\" aria-live=\"polite\"><p "
	            "class=\"eyebrow\">%h</p><h2>%h</h2><p>%h</p>",
	            ok ? "ok" : "refused",
	            coaching ? T("Coaching (§3.3)") : T("Pilot (§3.1, §3.2)"),
	            ok ? T("Eligible") : T("Not eligible"),
	            ok ? T("The applicants meet the conditions of §3 for this track.")
	               : T("The application does not meet §3, for the reasons below."));
	/* Reasons about the application as a whole. */
	bool any = false;
	size_t i;
	json_t *it;
	json_array_foreach(reasons, i, it)
	{
		if (json_is_integer(json_object_get(it, "institution_id")))
			continue;
		if (!any)
			html_printf(b, "<ul class=\"reasons\">");
		any = true;
		html_printf(b, "<li data-code=\"%a\"><span class=\"clause\">%h</span> %h</li>",
		            jstr(it, "code"), jstr(it, "clause"), T(jstr(it, "message")));
	}
	if (any)
		html_printf(b, "</ul>");
	html_printf(b, "</section>");
	if (!json_array_size(applicants))
		return;
	html_printf(b,
	            "<section class=\"card\"><h2>%h</h2>"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list findings stack-sm\"><thead><tr><th scope=\"col\">%h</th><th "
	            "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
	            "scope=\"col\">%h</th></tr></thead><tbody>",
	            T("Applicants"), T("Findings"), T("Institution"), T("Kind"), T("Registered in"),
	            T("Role"), T("Findings"));
	json_array_foreach(applicants, i, it)
	{
		long long id = jint(it, "institution_id");
		json_t *inst = find_institution(insts, id);
		html_printf(
		    b,
		    "<tr data-institution=\"%lld\"><td><a href=\"/institutions/%lld\">%h</a></td>"
		    "<td>%h</td><td>%h %h</td><td>%h</td><td>",
		    id, id, inst ? jstr(inst, "name") : arena_printf(r->a, "#%lld", id),
		    inst ? kind_label(r, jstr(inst, "kind")) : "",
		    inst ? jstr(inst, "registered_province") : "",
		    inst ? jstr(inst, "registered_city") : "",
		    json_is_true(json_object_get(it, "lead")) ? T("Lead applicant")
		                                              : T("Participant"));
		bool mine = false;
		size_t j;
		json_t *rs;
		json_array_foreach(reasons, j, rs)
		{
			if (jint(rs, "institution_id") != id)
				continue;
			if (!mine)
				html_printf(b, "<ul class=\"reasons\">");
			mine = true;
			html_printf(b,
			            "<li data-code=\"%a\"><span class=\"clause\">%h</span> %h</li>",
			            jstr(rs, "code"), jstr(rs, "clause"), T(jstr(rs, "message")));
		}
		if (mine)
			html_printf(b, "</ul>");
		else
			html_printf(b, "<span class=\"fine\">%h</span>", T("No objection"));
		html_printf(b, "</td></tr>");
	}
	html_printf(b, "</tbody></table></div></section>");
}

int ui_eligibility_submit(req *r)
{
	json_t *insts = institution_list(r->app, r->a, &r->who, NULL, 0, 200, &r->e);
	if (!insts)
		return -1;
	const char *track = req_form(r, "track");
	const char *lead = req_form(r, "lead");
	json_t *applicants = json_array();
	for (int row = 0; row < UI_ELIG_ROWS; row++) {
		char key[24];
		snprintf(key, sizeof key, "inst%d", row);
		const char *v = req_form(r, key);
		if (!v || !*v)
			continue;
		char rowid[8];
		snprintf(rowid, sizeof rowid, "%d", row);
		json_array_append_new(applicants, json_pack("{s:I, s:b}", "institution_id",
		                                            (json_int_t)strtoll(v, NULL, 10),
		                                            "lead", lead && !strcmp(lead, rowid)));
	}
	/* json_pack refuses text that is not UTF-8. */
	json_t *body =
	    json_pack("{s:s, s:O}", "track", track ? track : "pilot", "applicants", applicants);
	json_t *res = NULL;
	if (body)
		res = eligibility_run(r->app, r->a, &r->who, body, &r->e);
	else
		err_set(&r->e, 400, "invalid_value", "track",
		        "Field {field} must be pilot or coaching.");
	json_decref(body);
	ui_page_begin(r, T("Eligibility checker"));
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"page-head\"><div><h1>%h</h1><p class=\"lead\">%h</p>"
	            "</div></div>",
	            T("Eligibility checker"),
	            T("Choose the applicants, mark the lead, and see whether §3 admits them."));
	if (res) {
		eligibility_verdict(r, res, applicants, insts);
		json_decref(res);
	} else {
		form_error(r);
		err_clear(&r->e);
	}
	json_decref(applicants);
	eligibility_rules(r);
	eligibility_form(r, insts);
	json_decref(insts);
	ui_page_end(r);
	return reply_html(r, 200);
}

/* ---- user accounts (admin) ---- */

int ui_users(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = user_list(r->app, r->a, after, limit, &r->e);
	if (!list)
		return -1;
	ui_page_begin(r, T("User accounts"));
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"page-head\"><div><h1>%h</h1><p class=\"lead\">%h</p></div></div>"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list\"><thead><tr><th "
	            "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
	            "scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
	            T("User accounts"),
	            T("Who may log in, with which role and for which institution."),
	            T("User accounts"), T("Username"),
	            T("Display name"), T("Role"), T("Institution"), T("Status"));
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(list, "items"), i, it)
	{
		json_t *inst = json_object_get(it, "institution_id");
		bool active = json_is_true(json_object_get(it, "active"));
		html_printf(b, "<tr><td><code>%h</code></td><td>%h</td><td>%h</td><td>",
		            jstr(it, "username"), jstr(it, "display_name"), T(jstr(it, "role")));
		if (json_is_integer(inst))
			html_printf(b, "<a href=\"/institutions/%lld\">#%lld</a>",
			            (long long)json_integer_value(inst),
			            (long long)json_integer_value(inst));
		html_printf(b, "</td><td><span class=\"tag %h\">%h</span></td></tr>",
		            active ? "subject" : "plain", active ? T("Active") : T("Inactive"));
	}
	html_printf(b, "</tbody></table></div>");
	json_t *next = json_object_get(list, "next");
	if (json_is_string(next))
		html_printf(
		    b, "<p class=\"pager\"><a class=\"button\" href=\"/users?after=%u\">%h</a></p>",
		    json_string_value(next), T("Next page"));
	json_decref(list);
	ui_page_end(r);
	return reply_html(r, 200);
}
