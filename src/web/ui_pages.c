/* Server-rendered pages. Every value goes through html_printf's escaping conversions. */
#include <stdlib.h>
#include <string.h>

#include "core/eligibility.h"
#include "core/institution.h"
#include "lib/embedded.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/html.h"
#include "web/ui.h"

#define T(s) tr(r->lang, s)

/* ---- layout ---- */

void ui_page_begin(req *r, const char *title)
{
	buf *b = &r->out;
	buf_reset(b);
	html_printf(b,
		    "<!DOCTYPE html>\n<html lang=\"%a\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<title>%h · %h</title><link rel=\"stylesheet\" href=\"/static/baotu.css\">"
		    "</head><body>",
		    lang_id(r->lang), title, T("Jinan Fintech Pilot"));
	if (r->demo)
		html_printf(b, "<div class=\"demo-banner\" role=\"note\">%h</div>",
			    T("Demo data: every name and figure here is invented."));
	html_printf(b, "<header class=\"top\"><a class=\"brand\" href=\"/\">%h</a><nav>",
		    T("Jinan Fintech Pilot"));
	if (r->authed) {
		if (r->who.role & (ROLE_STAFF | ROLE_EXPERT | ROLE_INSTITUTION))
			html_printf(b, "<a href=\"/institutions\">%h</a>", T("Institutions"));
		if (r->who.role & (ROLE_STAFF | ROLE_INSTITUTION))
			html_printf(b, "<a href=\"/eligibility\">%h</a>", T("Eligibility"));
	}
	html_printf(b, "</nav><div class=\"user\">");
	if (r->lang == LANG_ZH)
		html_printf(b, "<a href=\"/lang/en?next=%u\" hreflang=\"en\">English</a>", r->path);
	else
		html_printf(b, "<a href=\"/lang/zh-CN?next=%u\" hreflang=\"zh-CN\">中文</a>",
			    r->path);
	if (r->authed)
		html_printf(b,
			    "<span class=\"who\">%h (%h)</span><form method=\"post\" "
			    "action=\"/logout\" class=\"inline\"><input type=\"hidden\" "
			    "name=\"csrf\" value=\"%a\"><button type=\"submit\">%h</button></form>",
			    r->who.username, T(role_id(r->who.role)), r->csrf, T("Log out"));
	else
		html_printf(b, "<a href=\"/login\">%h</a>", T("Log in"));
	html_printf(b, "</div></header><main>");
}

void ui_page_end(req *r)
{
	html_printf(&r->out,
		    "</main><footer>%h · <a href=\"/api/v1/openapi.json\">API</a></footer>"
		    "</body></html>\n",
		    T("Capital-market fintech innovation pilot (Jinan)"));
}

static const char *error_text(req *r)
{
	const char *m = T(r->e.msg ? r->e.msg : "Something went wrong.");
	const char *f = strstr(m, "{field}");
	if (!f)
		return m;
	return arena_printf(r->a, "%.*s%s%s", (int)(f - m), m, r->e.field ? r->e.field : "",
			    f + 7);
}

int ui_error_page(req *r)
{
	int status = r->e.status ? r->e.status : 500;
	ui_page_begin(r, T("Error"));
	html_printf(&r->out,
		    "<h1>%h</h1><p class=\"error\" data-code=\"%a\">%h</p><p><a href=\"/\">%h</a></p>",
		    T("Error"), r->e.code ? r->e.code : "internal", error_text(r), T("Home"));
	ui_page_end(r);
	return reply_html(r, status);
}

static void form_error(req *r)
{
	if (r->e.status)
		html_printf(&r->out, "<p class=\"error\" role=\"alert\" data-code=\"%a\">%h</p>",
			    r->e.code, error_text(r));
}

static void csrf_field(req *r)
{
	html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", r->csrf);
}

/* ---- static, language, log-in ---- */

int ui_static(req *r)
{
	const char *name = req_param(r, "file");
	char path[128];
	snprintf(path, sizeof path, "web/static/%s", name);
	const embedded_file *f = strstr(name, "..") ? NULL : embedded_find(path);
	if (!f) {
		err_set(&r->e, 404, "not_found", NULL, "No such page or resource.");
		return reply_error(r);
	}
	buf_reset(&r->out);
	buf_append(&r->out, f->data, f->len);
	r->status = 200;
	r->content_type = strstr(name, ".css") ? "text/css; charset=utf-8"
			  : strstr(name, ".js") ? "text/javascript; charset=utf-8"
						: "application/octet-stream";
	req_add_header(r, "Cache-Control", "public, max-age=3600");
	return 0;
}

/* Only local paths are followed after log-in or a language switch (no open redirect). */
static const char *safe_next(req *r, const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') ||
	    strchr(next, '\n'))
		return "/";
	return next;
}

int ui_lang(req *r)
{
	lang l = lang_parse(req_param(r, "lang"));
	req_add_header(r, "Set-Cookie",
		       arena_printf(r->a, "lang=%s; Path=/; SameSite=Lax; Max-Age=31536000",
				    lang_id(l)));
	return reply_redirect(r, safe_next(r, req_query(r, "next")));
}

static void login_form(req *r, const char *username, const char *next)
{
	ui_page_begin(r, T("Log in"));
	html_printf(&r->out, "<h1>%h</h1>", T("Log in"));
	form_error(r);
	html_printf(&r->out,
		    "<form method=\"post\" action=\"/login\" class=\"card narrow\">"
		    "<input type=\"hidden\" name=\"next\" value=\"%a\">"
		    "<label>%h<input name=\"username\" autocomplete=\"username\" required "
		    "value=\"%a\"></label>"
		    "<label>%h<input name=\"password\" type=\"password\" "
		    "autocomplete=\"current-password\" required></label>"
		    "<button type=\"submit\">%h</button></form>",
		    next ? next : "/", T("Username"), username ? username : "", T("Password"),
		    T("Log in"));
	ui_page_end(r);
}

int ui_login_form(req *r)
{
	login_form(r, NULL, req_query(r, "next"));
	return reply_html(r, 200);
}

int ui_login_submit(req *r)
{
	const char *u = req_form(r, "username"), *p = req_form(r, "password");
	const char *next = safe_next(r, req_form(r, "next"));
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
		err_set(&r->e, 400, "missing_field", "username", "Field {field} is required.");
	} else if (session_login(r->app, r->a, u, p, r->address, &s, &r->e) == 0) {
		json_decref(s.user);
		session_cookie(r, s.token, r->app->session_ttl_us / 1000000);
		return reply_redirect(r, next);
	}
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

int ui_home(req *r)
{
	if (!r->authed)
		return reply_redirect(r, "/login");
	ui_page_begin(r, T("Home"));
	buf *b = &r->out;
	html_printf(b, "<h1>%h</h1><p class=\"lead\">%h, %h.</p><div class=\"tiles\">",
		    T("Jinan capital-market fintech innovation pilot"), T("Welcome"),
		    r->who.username);
	role rl = r->who.role;
	if (rl & (ROLE_ADMIN | ROLE_OFFICER))
		html_printf(b, "<a class=\"tile\" href=\"/institutions/new\"><b>%h</b><span>%h</span></a>",
			    T("Register an institution"), T("Add an applicant or partner to the register (§3)."));
	if (rl & (ROLE_STAFF | ROLE_EXPERT | ROLE_INSTITUTION))
		html_printf(b, "<a class=\"tile\" href=\"/institutions\"><b>%h</b><span>%h</span></a>",
			    rl == ROLE_INSTITUTION ? T("My institution") : T("Institutions"),
			    T("Who is registered, where, and of what kind."));
	if (rl & (ROLE_STAFF | ROLE_INSTITUTION))
		html_printf(b, "<a class=\"tile\" href=\"/eligibility\"><b>%h</b><span>%h</span></a>",
			    T("Eligibility checker"), T("Check who may apply, clause by clause (§3)."));
	html_printf(b, "</div>");
	ui_page_end(r);
	return reply_html(r, 200);
}

/* ---- institutions ---- */

static const char *kind_label(req *r, const char *id)
{
	institution_kind k;
	if (institution_kind_parse(id, &k) < 0)
		return id;
	return r->lang == LANG_EN ? institution_kind_label_en(k) : institution_kind_label_zh(k);
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
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
	ui_page_begin(r, T("Institutions"));
	buf *b = &r->out;
	html_printf(b, "<h1>%h</h1><form method=\"get\" action=\"/institutions\" class=\"search\">"
		       "<input name=\"q\" value=\"%a\" placeholder=\"%a\"><button>%h</button></form>",
		    T("Institutions"), q ? q : "", T("Name or credit code"), T("Search"));
	if (r->who.role & (ROLE_ADMIN | ROLE_OFFICER))
		html_printf(b, "<p><a class=\"button\" href=\"/institutions/new\">%h</a></p>",
			    T("Register an institution"));
	html_printf(b, "<table class=\"list\"><thead><tr><th>ID</th><th>%h</th><th>%h</th>"
		       "<th>%h</th><th>%h</th></tr></thead><tbody>",
		    T("Name"), T("Kind"), T("Registered in"), T("Credit code"));
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(list, "items"), i, it)
	{
		long long id = json_integer_value(json_object_get(it, "id"));
		html_printf(b, "<tr><td>%lld</td><td><a href=\"/institutions/%lld\">%h</a></td>"
			       "<td>%h</td><td>%h %h</td><td><code>%h</code></td></tr>",
			    id, id, jstr(it, "name"), kind_label(r, jstr(it, "kind")),
			    jstr(it, "registered_province"), jstr(it, "registered_city"),
			    jstr(it, "credit_code"));
	}
	html_printf(b, "</tbody></table>");
	json_t *next = json_object_get(list, "next");
	if (json_is_string(next))
		html_printf(b, "<p><a href=\"/institutions?after=%u&amp;q=%u\">%h</a></p>",
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

static void institution_form(req *r, json_t *rec, long long id)
{
	buf *b = &r->out;
	form_error(r);
	if (id)
		html_printf(b, "<form method=\"post\" action=\"/institutions/%lld\" class=\"card\">", id);
	else
		html_printf(b, "<form method=\"post\" action=\"/institutions\" class=\"card\">");
	csrf_field(r);
	html_printf(b,
		    "<label>%h<input name=\"name\" required maxlength=\"200\" value=\"%a\"></label>"
		    "<label>%h<input name=\"credit_code\" required maxlength=\"18\" "
		    "pattern=\"[0-9A-HJ-NPQRTUWXY]{18}\" value=\"%a\"></label>"
		    "<label>%h<select name=\"kind\">",
		    T("Name"), fv(r, rec, "name"), T("Unified social credit code"),
		    fv(r, rec, "credit_code"), T("Kind"));
	const char *kind = fv(r, rec, "kind");
	for (int k = 0; k < KIND__COUNT; k++) {
		const char *kid = institution_kind_id((institution_kind)k);
		html_printf(b, "<option value=\"%a\"%h>%h</option>", kid,
			    !strcmp(kind, kid) ? " selected" : "", kind_label(r, kid));
	}
	html_printf(b, "</select></label>"
		       "<label>%h<input name=\"registered_province\" required value=\"%a\"></label>"
		       "<label>%h<input name=\"registered_city\" required value=\"%a\"></label>"
		       "<label>%h<input name=\"main_office_city\" required value=\"%a\"></label>"
		       "<label class=\"check\"><input type=\"checkbox\" name=\"national\" value=\"1\"%h>%h</label>"
		       "<label class=\"check\"><input type=\"checkbox\" name=\"jinan_branch\" value=\"1\"%h>%h</label>"
		       "<label>%h<select name=\"tech_category\"><option value=\"\">%h</option>",
		    T("Registered province"), fv(r, rec, "registered_province"),
		    T("Registered city"), fv(r, rec, "registered_city"), T("Main office city"),
		    fv(r, rec, "main_office_city"), fchecked(r, rec, "national") ? " checked" : "",
		    T("National institution"), fchecked(r, rec, "jinan_branch") ? " checked" : "",
		    T("Important branch in the pilot city"), T("Technology category (§3.3)"),
		    T("None"));
	const char *tc = fv(r, rec, "tech_category");
	for (int t = 1; t < TECH__COUNT; t++) {
		const char *tid = tech_category_id((tech_category)t);
		html_printf(b, "<option value=\"%a\"%h>%h</option>", tid,
			    !strcmp(tc, tid) ? " selected" : "",
			    r->lang == LANG_EN ? tech_category_label_en((tech_category)t)
					       : tech_category_label_zh((tech_category)t));
	}
	html_printf(b, "</select></label><label>%h<input name=\"reason\" maxlength=\"2000\"></label>"
		       "<button type=\"submit\">%h</button></form>",
		    T("Reason (recorded in the history)"), T("Save"));
}

/* Builds the JSON body of an institution write from the form. */
static json_t *institution_form_json(req *r)
{
	json_t *o = json_object();
	const char *texts[] = {"name", "credit_code", "kind", "registered_province",
			       "registered_city", "main_office_city"};
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

int ui_institution_new(req *r)
{
	ui_page_begin(r, T("Register an institution"));
	html_printf(&r->out, "<h1>%h</h1>", T("Register an institution"));
	institution_form(r, NULL, 0);
	ui_page_end(r);
	return reply_html(r, 200);
}

int ui_institution_create(req *r)
{
	json_t *b = institution_form_json(r), *out = NULL;
	int rc = institution_create(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	if (rc == 0) {
		long long id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		return reply_redirect(r, arena_printf(r->a, "/institutions/%lld", id));
	}
	ui_page_begin(r, T("Register an institution"));
	html_printf(&r->out, "<h1>%h</h1>", T("Register an institution"));
	institution_form(r, NULL, 0);
	ui_page_end(r);
	return reply_html(r, r->e.status);
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
	html_printf(b, "<h1>%h</h1>", jstr(o, "name"));
	if (r->who.role & (ROLE_ADMIN | ROLE_OFFICER))
		html_printf(b, "<p><a class=\"button\" href=\"/institutions/%lld/edit\">%h</a></p>",
			    (long long)id, T("Edit"));
	json_t *tc = json_object_get(o, "tech_category");
	html_printf(b,
		    "<dl class=\"facts\"><dt>%h</dt><dd><code>%h</code></dd><dt>%h</dt><dd>%h</dd>"
		    "<dt>%h</dt><dd>%h %h</dd><dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd>"
		    "<dt>%h</dt><dd>%h</dd><dt>%h</dt><dd>%h</dd></dl>",
		    T("Unified social credit code"), jstr(o, "credit_code"), T("Kind"),
		    kind_label(r, jstr(o, "kind")), T("Registered in"),
		    jstr(o, "registered_province"), jstr(o, "registered_city"),
		    T("Main office city"), jstr(o, "main_office_city"), T("National institution"),
		    json_is_true(json_object_get(o, "national")) ? T("Yes") : T("No"),
		    T("Important branch in the pilot city"),
		    json_is_true(json_object_get(o, "jinan_branch")) ? T("Yes") : T("No"),
		    T("Technology category (§3.3)"),
		    json_is_string(tc) ? json_string_value(tc) : T("None"));
	json_decref(o);
	json_t *ev = events_list(r->app, r->a, &r->who,
				 arena_printf(r->a, "institution:%lld", (long long)id), 0, 50,
				 &r->e);
	if (ev) {
		html_printf(b, "<h2>%h</h2><table class=\"list history\"><thead><tr><th>#</th>"
			       "<th>%h</th><th>%h</th><th>%h</th></tr></thead><tbody>",
			    T("History"), T("Event"), T("By"), T("Reason"));
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(ev, "items"), i, it)
		{
			json_t *reason = json_object_get(it, "reason");
			html_printf(b, "<tr><td>%lld</td><td>%h</td><td>%h</td><td>%h</td></tr>",
				    (long long)json_integer_value(json_object_get(it, "seq")),
				    T(jstr(it, "kind")), jstr(it, "actor"),
				    json_is_string(reason) ? json_string_value(reason) : "");
		}
		html_printf(b, "</tbody></table>");
		json_decref(ev);
	}
	ui_page_end(r);
	return reply_html(r, 200);
}

int ui_institution_edit(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = institution_get(r->app, r->a, &r->who, id, &r->e);
	if (!o)
		return -1;
	ui_page_begin(r, T("Edit"));
	html_printf(&r->out, "<h1>%h: %h</h1>", T("Edit"), jstr(o, "name"));
	institution_form(r, o, (long long)id);
	json_decref(o);
	ui_page_end(r);
	return reply_html(r, 200);
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
	ui_page_begin(r, T("Edit"));
	html_printf(&r->out, "<h1>%h</h1>", T("Edit"));
	institution_form(r, NULL, (long long)id);
	ui_page_end(r);
	return reply_html(r, r->e.status);
}

/* ---- eligibility checker ---- */

#define UI_ELIG_ROWS 5

static void eligibility_form(req *r, json_t *insts)
{
	buf *b = &r->out;
	const char *track = req_form(r, "track");
	html_printf(b, "<form method=\"post\" action=\"/eligibility\" class=\"card\">");
	csrf_field(r);
	html_printf(b,
		    "<fieldset><legend>%h</legend><label class=\"check\"><input type=\"radio\" "
		    "name=\"track\" value=\"pilot\"%h>%h</label><label class=\"check\"><input "
		    "type=\"radio\" name=\"track\" value=\"coaching\"%h>%h</label></fieldset>"
		    "<table class=\"list\"><thead><tr><th>%h</th><th>%h</th></tr></thead><tbody>",
		    T("Track"), track && !strcmp(track, "coaching") ? "" : " checked",
		    T("Pilot (§3.1, §3.2)"), track && !strcmp(track, "coaching") ? " checked" : "",
		    T("Coaching (§3.3)"), T("Applicant"), T("Lead"));
	const char *lead = req_form(r, "lead");
	for (int row = 0; row < UI_ELIG_ROWS; row++) {
		char key[24];
		snprintf(key, sizeof key, "inst%d", row);
		const char *sel = req_form(r, key);
		html_printf(b, "<tr><td><select name=\"%a\"><option value=\"\">—</option>", key);
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(insts, "items"), i, it)
		{
			const char *ids = arena_printf(
				r->a, "%lld", (long long)json_integer_value(json_object_get(it, "id")));
			html_printf(b, "<option value=\"%a\"%h>%h (%h)</option>", ids,
				    sel && !strcmp(sel, ids) ? " selected" : "", jstr(it, "name"),
				    kind_label(r, jstr(it, "kind")));
		}
		char rowid[8];
		snprintf(rowid, sizeof rowid, "%d", row);
		html_printf(b,
			    "</select></td><td><input type=\"radio\" name=\"lead\" value=\"%a\"%h "
			    "aria-label=\"%a\"></td></tr>",
			    rowid, lead && !strcmp(lead, rowid) ? " checked" : "", T("Lead"));
	}
	html_printf(b, "</tbody></table><button type=\"submit\">%h</button></form>",
		    T("Check eligibility"));
}

int ui_eligibility_form(req *r)
{
	json_t *insts = institution_list(r->app, r->a, &r->who, NULL, 0, 200, &r->e);
	if (!insts)
		return -1;
	ui_page_begin(r, T("Eligibility checker"));
	html_printf(&r->out, "<h1>%h</h1><p>%h</p>", T("Eligibility checker"),
		    T("Choose the applicants, mark the lead, and see whether §3 admits them."));
	eligibility_form(r, insts);
	json_decref(insts);
	ui_page_end(r);
	return reply_html(r, 200);
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
		json_array_append_new(applicants,
				      json_pack("{s:I, s:b}", "institution_id",
						(json_int_t)strtoll(v, NULL, 10), "lead",
						lead && !strcmp(lead, rowid)));
	}
	json_t *body = json_pack("{s:s, s:o}", "track", track ? track : "pilot", "applicants",
				 applicants);
	json_t *res = eligibility_run(r->app, r->a, &r->who, body, &r->e);
	json_decref(body);
	ui_page_begin(r, T("Eligibility checker"));
	buf *b = &r->out;
	html_printf(b, "<h1>%h</h1>", T("Eligibility checker"));
	if (res) {
		bool ok = json_is_true(json_object_get(res, "eligible"));
		html_printf(b, "<section class=\"verdict %h\" id=\"verdict\"><h2>%h</h2><ul>",
			    ok ? "ok" : "refused", ok ? T("Eligible") : T("Not eligible"));
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(res, "reasons"), i, it)
		{
			json_t *iid = json_object_get(it, "institution_id");
			html_printf(b, "<li data-code=\"%a\">%h <small>%h</small>", jstr(it, "code"),
				    T(jstr(it, "message")), jstr(it, "clause"));
			if (json_is_integer(iid))
				html_printf(b, " <a href=\"/institutions/%lld\">#%lld</a>",
					    (long long)json_integer_value(iid),
					    (long long)json_integer_value(iid));
			html_printf(b, "</li>");
		}
		html_printf(b, "</ul></section>");
		json_decref(res);
	} else {
		form_error(r);
		err_clear(&r->e);
	}
	eligibility_form(r, insts);
	json_decref(insts);
	ui_page_end(r);
	return reply_html(r, 200);
}
