/* The page kit: small pieces every page shares, written once. Every value reaches HTML
 * through html_printf's escaping conversions; every label goes through the catalog (T). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/materials.h"
#include "core/institution.h"
#include "core/workflow.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/ui.h"
#include "web/ui_inbox.h"
#include "web/ui_login.h"

/* ---- values ---- */

const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

long long jint(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

const char *subst(req *r, const char *msg, const char *key, const char *val)
{
	const char *k = arena_printf(r->a, "{%s}", key);
	const char *f = strstr(msg, k);
	if (!f)
		return msg;
	return arena_printf(r->a, "%.*s%s%s", (int)(f - msg), msg, val ? val : "", f + strlen(k));
}

const char *ui_time_cst(req *r, long long us)
{
	time_t t = (time_t)(us / 1000000) + 8 * 3600; /* China Standard Time, UTC+8, no DST */
	struct tm tm;
	if (!us || !gmtime_r(&t, &tm))
		return "";
	return arena_printf(r->a, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	                    tm.tm_mday, tm.tm_hour, tm.tm_min);
}

const char *ui_yuan(req *r, long long fen)
{
	if (fen % 100 == 0)
		return arena_printf(r->a, "%lld", fen / 100);
	return arena_printf(r->a, "%lld.%02lld", fen / 100, fen % 100);
}

const char *ui_lines_text(req *r, json_t *list)
{
	buf b = BUF_INIT;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, json_is_string(v) ? json_string_value(v) : "");
	}
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
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
	else if (!strncmp(actor, "token:", 6)) /* an ingestion token (§4.3) */
		label = arena_printf(r->a, "%s #%s", T("API token"), actor + 6);
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

/* ---- layout ---- */

bool ui_routed(int (*handler)(req *r))
{
	for (unsigned i = 0; i < routes_count; i++)
		if (routes[i].handler == handler)
			return true;
	return false;
}

void ui_nav_link(req *r, const char *href, bool current, const char *label)
{
	html_printf(&r->out, "<a href=\"%a\"", href);
	if (current)
		html_raw(&r->out, " aria-current=\"page\"");
	html_printf(&r->out, ">%h</a>", label);
}

/* A link of the main menu, current on its page and the pages below it. */
static void nav_item(req *r, const char *href, const char *label)
{
	size_t n = strlen(href);
	ui_nav_link(r, href,
	            !strcmp(href, "/")
	                ? !strcmp(r->path, "/")
	                : !strncmp(r->path, href, n) && (r->path[n] == '\0' || r->path[n] == '/'),
	            label);
}

/* The main menu: what the caller's role works with. */
static void main_nav(req *r)
{
	role rl = r->who.role;
	html_printf(&r->out, "<nav class=\"main-nav\" aria-label=\"%a\">", T("Main menu"));
	if (!r->authed) {
		nav_item(r, "/public", T("Public notices"));
		nav_item(r, "/public/pilots", T("Pilot register"));
		html_printf(&r->out, "</nav>");
		return;
	}
	nav_item(r, "/", T("Home"));
	if (rl & (ROLE_STAFF | ROLE_EXPERT))
		nav_item(r, "/institutions", T("Institutions"));
	else if (rl & ROLE_INSTITUTION)
		nav_item(r,
		         r->who.institution_id > 0 ? arena_printf(r->a, "/institutions/%lld",
		                                                  (long long)r->who.institution_id)
		                                   : "/institutions",
		         T("My institution"));
	if (rl & (ROLE_STAFF | ROLE_INSTITUTION))
		nav_item(r, "/eligibility", T("Eligibility"));
	if (rl & (ROLE_ANY_USER & ~ROLE_EXPERT))
		nav_item(r, "/projects", T("Projects"));
	if (rl & ROLE_EXPERT)
		nav_item(r, "/review", T("Expert review"));
	if (rl & (ROLE_OFFICER | ROLE_LEADER | ROLE_ADMIN)) {
		nav_item(r, "/batches", T("Batches"));
		nav_item(r, "/decisions", T("Decisions"));
	}
	if (rl & ROLE_STAFF)
		nav_item(r, "/calendar", T("Calendar"));
	if ((rl & ROLE_ADMIN) && ui_routed(ui_users))
		nav_item(r, "/users", T("Users"));
	html_printf(&r->out, "</nav>");
}

/* Supervision (§4.3): the pages of the running pilots, each only for the roles its route
 * admits (src/web/routes.c); the inbox is in the user's corner for everyone. */
static void supervision_nav(req *r)
{
	const role rl = r->who.role, wg = ROLE_OFFICER | ROLE_LEADER;
	if (!r->authed || !(rl & (wg | ROLE_CSRC | ROLE_INSTITUTION)))
		return;
	html_printf(&r->out,
	            "<div class=\"wrap\"><nav class=\"sup-nav\" aria-label=\"%a\"><span "
	            "class=\"sup-label\" aria-hidden=\"true\">%h</span>",
	            T("Supervision"), T("Supervision"));
	if (rl & wg) {
		nav_item(r, "/reports", T("Reports"));
		nav_item(r, "/inspections", T("Inspections"));
	}
	if (rl & (wg | ROLE_CSRC))
		nav_item(r, "/incidents", T("Incident handling"));
	if (rl & (wg | ROLE_CSRC))
		nav_item(r, "/complaints", T("Complaints"));
	if (rl & (wg | ROLE_INSTITUTION))
		nav_item(r, "/threads", T("Messages"));
	if (rl & (wg | ROLE_CSRC))
		nav_item(r, "/situations", T("Situation reports"));
	html_printf(&r->out, "</nav></div>");
}

void ui_page_begin(req *r, const char *title)
{
	buf *b = &r->out;
	buf_reset(b);
	const char *mark = ui_static_url(r, "mark.svg");
	html_printf(
	    b,
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
	            mark, T("Jinan Fintech Pilot"),
	            T("Capital-market fintech innovation pilot (Jinan)"));
	main_nav(r);
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
	if (r->authed) {
		ui_inbox_link(r); /* notifications: the unread count */
		html_printf(b,
		            "<span class=\"who\"><b>%h</b><small>%h</small></span><form "
		            "method=\"post\" action=\"/logout\" class=\"inline\">",
		            r->who.username, ui_role_label(r, r->who.role));
		ui_csrf_field(r);
		html_printf(b, "<button type=\"submit\" class=\"quiet\">%h</button></form>",
		            T("Log out"));
	} else if (strcmp(r->path, "/login")) {
		html_printf(b, "<a href=\"/login\">%h</a>", T("Log in"));
	}
	html_printf(b, "</div></div>");
	supervision_nav(r);
	html_printf(b, "</header><main id=\"main\" class=\"wrap\">");
}

int ui_page_end(req *r, int status)
{
	html_printf(&r->out,
	            "</main><footer class=\"site\"><div class=\"wrap\"><span>%h</span>"
	            "<span>%h · <a href=\"/api/v1/openapi.json\">%h</a></span></div></footer>"
	            "</body></html>\n",
	            T("Capital-market fintech innovation pilot (Jinan)"),
	            T("Special working group of the pilot"), T("API (OpenAPI)"));
	return reply_html(r, status);
}

/* r->e's message, translated, with {field} as field_text. */
static const char *error_text(req *r, const char *field_text)
{
	return subst(r, T(r->e.msg ? r->e.msg : "Something went wrong."), "field", field_text);
}

int ui_error_page(req *r)
{
	int status = r->e.status ? r->e.status : 500;
	ui_page_begin(r, T("Error"));
	html_printf(&r->out,
	            "<section class=\"card narrow error-page\"><p class=\"status\">%d</p>"
	            "<h1>%h</h1><p class=\"error\" role=\"alert\" data-code=\"%a\">%h</p>"
	            "<p><a class=\"button\" href=\"/\">%h</a></p></section>",
	            status, T("Error"), r->e.code ? r->e.code : "internal",
	            error_text(r, ui_field_label(r, NULL, r->e.field)), T("Back to the home page"));
	return ui_page_end(r, status);
}

static void page_head(req *r, const char *eyebrow, const char *title, const char *lead, bool open)
{
	buf *b = &r->out;
	html_printf(b, "<div class=\"page-head\"><div>");
	if (eyebrow)
		html_printf(b, "<p class=\"eyebrow\">%h</p>", eyebrow);
	html_printf(b, "<h1>%h</h1>", title);
	if (lead)
		html_printf(b, "<p class=\"lead\">%h</p>", lead);
	html_printf(b, "</div>");
	if (!open)
		html_printf(b, "</div>");
}

void ui_page_head(req *r, const char *eyebrow, const char *title, const char *lead)
{
	page_head(r, eyebrow, title, lead, false);
}

void ui_page_head_open(req *r, const char *eyebrow, const char *title, const char *lead)
{
	page_head(r, eyebrow, title, lead, true);
}

void ui_page_titled(req *r, const char *eyebrow, const char *title, const char *lead)
{
	ui_page_begin(r, title);
	ui_page_head(r, eyebrow, title, lead);
}

void ui_crumbs(req *r, const ui_crumb *trail, int n)
{
	html_printf(&r->out, "<nav class=\"crumbs\" aria-label=\"%a\">", T("Breadcrumb"));
	for (int i = 0; i < n; i++) {
		if (i)
			html_printf(&r->out, "<span aria-hidden=\"true\">›</span>");
		if (trail[i].href)
			html_printf(&r->out, "<a href=\"%a\">%h</a>", trail[i].href,
			            trail[i].label);
		else
			html_printf(&r->out, "<span>%h</span>", trail[i].label);
	}
	html_printf(&r->out, "</nav>");
}

void ui_table_begin(req *r, const char *label, const char *trusted_classes,
                    const char *const *headings)
{
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list",
	            label);
	if (*trusted_classes) {
		html_raw(b, " ");
		html_raw(b, trusted_classes);
	}
	html_printf(b, "\"><thead><tr>");
	for (const char *const *h = headings; *h; h++)
		html_printf(b, "<th scope=\"col\">%h</th>", *h);
	html_printf(b, "</tr></thead><tbody>");
}

void ui_table_end(req *r)
{
	html_printf(&r->out, "</tbody></table></div>");
}

void ui_empty(req *r, const char *text)
{
	html_printf(&r->out, "<p class=\"empty\">%h</p>", text);
}

void ui_fact(req *r, const char *label, const char *value)
{
	html_printf(&r->out, "<div><dt>%h</dt><dd>%h</dd></div>", label, value);
}

void ui_each(req *r, json_t *items, const char *empty, ui_row_fn fn, void *ctx)
{
	if (!json_array_size(items) && empty)
		ui_empty(r, empty);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) fn(r, it, ctx);
}

void ui_joined(req *r, json_t *items, const char *(*text)(req *r, json_t *item))
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) html_printf(&r->out, "%h%h", i ? "、" : "", text(r, it));
}

void ui_tags(req *r, json_t *ids, const char *cls, const char *(*label)(req *r, const char *id))
{
	size_t i;
	json_t *id;
	json_array_foreach(ids, i, id) html_printf(&r->out, "<span class=\"tag %a\">%h</span> ",
	                                           cls, label(r, json_string_value(id)));
}

void ui_card_each(req *r, const char *id, const char *title, json_t *items, const char *empty,
                  ui_row_fn fn, void *ctx)
{
	html_printf(&r->out,
	            "<section class=\"card\" id=\"%a\" aria-labelledby=\"%a-h\"><h2 "
	            "id=\"%a-h\">%h</h2>",
	            id, id, id, title);
	ui_each(r, items, empty, fn, ctx);
	html_raw(&r->out, "</section>");
}

void ui_table(req *r, const char *label, const char *trusted_classes, const char *const *headings,
              json_t *items, ui_row_fn row, void *ctx, const char *empty)
{
	if (!json_array_size(items) && empty) {
		ui_empty(r, empty);
		return;
	}
	ui_table_begin(r, label, trusted_classes, headings);
	ui_each(r, items, NULL, row, ctx);
	ui_table_end(r);
}

void ui_pager(req *r, json_t *list, const char *path, const char *param, const char *value)
{
	json_t *next = json_object_get(list, "next");
	if (!json_is_string(next))
		return;
	html_printf(&r->out, "<p class=\"pager\"><a class=\"button\" href=\"%a?after=%u", path,
	            json_string_value(next));
	if (param)
		html_printf(&r->out, "&amp;%a=%u", param, value ? value : "");
	html_printf(&r->out, "\">%h</a></p>", T("Next page"));
}

/* ---- labels ---- */

const char *ui_role_label(req *r, role rl)
{
	const char *id = role_id(rl);
	return id ? T(id) : "";
}

/* States and actions are declared once, with their labels, in core/workflow.c. */
const char *ui_state_label(req *r, const char *state)
{
	const state_info *si = project_state_info(state);
	return si ? T(si->label) : state;
}

void ui_state_tag(req *r, const char *state)
{
	const state_info *si = project_state_info(state);
	html_printf(&r->out, "<span class=\"tag state st-%a\" data-state=\"%a\">%h</span>",
	            si ? si->tone : "plain", state, ui_state_label(r, state));
}

const char *ui_action_label(req *r, const char *action)
{
	const action_info *a = workflow_action_info(action);
	return a ? T(a->label) : action;
}

const char *ui_track_label(req *r, const char *track, bool public)
{
	if (!strcmp(track, "coaching"))
		return T("Coaching (§3.3)");
	return public ? T("Pilot") : T("Pilot (§3.1, §3.2)");
}

void ui_track_choices(req *r, bool coaching)
{
	html_printf(&r->out,
	            "<div class=\"choices\"><label class=\"choice\"><input type=\"radio\" "
	            "name=\"track\" value=\"pilot\"%h><span><b>%h</b><small>%h</small></span>"
	            "</label><label class=\"choice\"><input type=\"radio\" name=\"track\" "
	            "value=\"coaching\"%h><span><b>%h</b><small>%h</small></span></label></div>",
	            coaching ? "" : " checked", T("Pilot (§3.1, §3.2)"),
	            T("Applicant subjects, alone or jointly with technology firms."),
	            coaching ? " checked" : "", T("Coaching (§3.3)"),
	            T("A technology firm registered in the pilot city, on its own."));
}

const char *ui_kind_label(req *r, const char *kind)
{
	institution_kind k;
	if (institution_kind_parse(kind, &k) < 0)
		return kind;
	return r->lang == LANG_EN ? institution_kind_label_en(k) : institution_kind_label_zh(k);
}

const char *ui_tech_category_label(req *r, const char *category)
{
	tech_category t;
	if (tech_category_parse(category, &t) < 0)
		return category;
	return r->lang == LANG_EN ? tech_category_label_en(t) : tech_category_label_zh(t);
}

const ui_label UI_TECHNOLOGIES[] = {
    {"big_data", N_("Big data")},
    {"cloud", N_("Cloud computing")},
    {"ai", N_("Artificial intelligence")},
    {"blockchain", N_("Blockchain")},
    {"other", N_("Other new-generation IT")},
};
const size_t UI_TECHNOLOGIES_COUNT = sizeof UI_TECHNOLOGIES / sizeof *UI_TECHNOLOGIES;

const char *ui_technology_label(req *r, const char *technology)
{
	for (size_t i = 0; i < UI_TECHNOLOGIES_COUNT; i++)
		if (!strcmp(UI_TECHNOLOGIES[i].id, technology))
			return T(UI_TECHNOLOGIES[i].label);
	return technology;
}

const char *ui_material_label(req *r, const char *kind)
{
	const material_kind *k = material_kind_find(kind);
	return k ? T(k->label) : kind;
}

/* Field ids as people read them (errors, defects, change lists), for every form; a form with
 * its own wording of an id passes it to ui_field_label. */
static const ui_label FIELDS[] = {
    /* accounts */
    {"username", N_("Username")},
    {"password", N_("Password")},
    /* institutions (§3.1) */
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
    {"applicants", N_("Applicants")},
    /* applications */
    {"track", N_("Track")},
    {"members", N_("Members")},
    {"institution_id", N_("Institution")},
    {"lead", N_("Lead applicant")},
    {"role", N_("Substantive role")},
    {"summary", N_("Summary")},
    {"scenarios", N_("Business scenarios")},
    {"description", N_("Description")},
    {"provider_institution_id", N_("Licensed provider (§2.1)")},
    {"technologies", N_("Technologies")},
    {"service_content", N_("Service content")},
    {"target_investors", N_("Target investors")},
    {"test_boundaries", N_("Test boundaries")},
    {"customer_cap", N_("Customer cap")},
    {"per_transaction_limit_fen", N_("Limit per transaction (yuan)")},
    {"per_investor_limit_fen", N_("Limit per investor (yuan)")},
    {"regions", N_("Regions")},
    {"duration_months", N_("Planned duration (months)")},
    {"investor_types", N_("Investor types")},
    {"hypothesis", N_("Hypothesis to test")},
    {"success_measures", N_("Success measures")},
    {"risk_controls", N_("Risk controls")},
    {"investor_protection", N_("Investor protection")},
    {"complaint_channel", N_("Complaint channel")},
    {"dispute_handling", N_("Dispute handling")},
    {"compensation", N_("Compensation mechanism")},
    {"emergency_plan", N_("Emergency plan")},
    {"exit_plan", N_("Exit plan")},
    {"funding_guarantee", N_("Funding guarantee")},
    {"timeline", N_("Timeline")},
    {"milestone", N_("Milestone")},
    {"due_on", N_("Date")},
    {"commitments", N_("Commitments")},
    {"reason", N_("Reason")},
    {"defects", N_("Defects to correct")},
    {"batch_id", N_("Batch")},
    {"opinion", N_("Opinion")},
    {"state", N_("State")},
    {"status", N_("Status")},
    /* batches and review (§4.1) */
    {"opens_on", N_("Opens on")},
    {"closes_on", N_("Closes on")},
    {"weights", N_("Weights")},
    {"expert_id", N_("Expert")},
    /* public comments (§4.2) and the calendar */
    {"body", N_("Your comment")},
    {"author", N_("Your name")},
    {"contact", N_("How to reach you")},
    {"response", N_("Response")},
    {"safeguards", N_("Safeguards")},
    {"classification", N_("Classification")},
    {"days", N_("Special days")},
    {"year", N_("Year")},
    /* the end of a pilot (§5.2): fault tolerance */
    {"incident_id", N_("Incident")},
    {"inputs", N_("Inputs")},
    {"precautions", N_("Risk precautions")},
    {"investor_loss", N_("Investor loss")},
    {"market_effect", N_("Market effect")},
    {"value", N_("Yes or no")},
    {"evidence", N_("Evidence or basis")},
    {"determination", N_("Determination")},
    {"reasoning", N_("Reasoning")},
    {"override", N_("Override")},
    {NULL, NULL},
};

static const char *one_label(req *r, const ui_label *own, const char *field, size_t n)
{
	for (const ui_label *t = own; t && t->id; t++)
		if (strlen(t->id) == n && !strncmp(t->id, field, n))
			return T(t->label);
	for (const ui_label *t = FIELDS; t->id; t++)
		if (strlen(t->id) == n && !strncmp(t->id, field, n))
			return T(t->label);
	return arena_strndup(r->a, field, n);
}

const char *ui_field_label(req *r, const ui_label *own, const char *field)
{
	if (!field || !*field)
		return "";
	buf b = BUF_INIT;
	const char *p = field;
	while (*p) {
		size_t n = strcspn(p, ".[");
		if (b.len)
			buf_puts(&b, " · ");
		buf_puts(&b, one_label(r, own, p, n));
		p += n;
		if (*p == '[') {
			long long idx = strtoll(p + 1, NULL, 10);
			buf_printf(&b, " %lld", idx + 1);
			const char *close = strchr(p, ']');
			p = close ? close + 1 : p + strlen(p);
		}
		if (*p == '.')
			p++;
	}
	const char *out = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* ---- forms ---- */

void ui_csrf_field(req *r)
{
	if (r->authed)
		html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", r->csrf);
}

int ui_same_origin(req *r)
{
	const char *origin = req_header(r, "Origin"), *host = req_header(r, "Host");
	if (origin && host && strcmp(origin, "null")) {
		const char *o = strstr(origin, "://");
		if (!o || strcmp(o + 3, host))
			return err_set(&r->e, 403, "csrf_failed", NULL,
			               "The form or request is missing its CSRF token; reload the "
			               "page.");
	}
	return 0;
}

const char *ui_posted(req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

bool ui_invalid(req *r, const char *field)
{
	return r->e.status && r->e.field && !strcmp(r->e.field, field);
}

const char *ui_invalid_attr(bool invalid)
{
	return invalid ? " aria-invalid=\"true\"" : "";
}

/* A labelled field: <div class="field">, its label and the control's tag up to its own
 * attributes; field_attrs ends them with the hint it is described by and aria-invalid;
 * field_end closes the field with the hint. */
static void field_begin(req *r, const char *tag, const char *name, const char *label)
{
	html_printf(
	    &r->out,
	    "<div class=\"field\"><label for=\"f-%a\">%h</label><%a id=\"f-%a\" name=\"%a\"", name,
	    label, tag, name, name);
}

static void field_attrs(req *r, const char *name, const char *hint, bool invalid)
{
	if (hint)
		html_printf(&r->out, " aria-describedby=\"h-%a\"", name);
	html_raw(&r->out, ui_invalid_attr(invalid));
}

static void field_end(req *r, const char *name, const char *hint)
{
	if (hint)
		html_printf(&r->out, "<small class=\"hint\" id=\"h-%a\">%h</small>", name, hint);
	html_printf(&r->out, "</div>");
}

void ui_text_input(req *r, const char *name, const char *label, const char *value, const char *hint,
                   bool invalid, const char *trusted_attrs)
{
	field_begin(r, "input", name, label);
	html_printf(&r->out, " value=\"%a\"", value);
	field_attrs(r, name, hint, invalid);
	html_raw(&r->out, trusted_attrs);
	html_printf(&r->out, ">");
	field_end(r, name, hint);
}

void ui_text_area(req *r, const char *name, const char *label, const char *value, const char *hint,
                  bool invalid, int rows)
{
	field_begin(r, "textarea", name, label);
	html_printf(&r->out, " rows=\"%d\" maxlength=\"4000\"", rows);
	field_attrs(r, name, hint, invalid);
	html_printf(&r->out, ">%h</textarea>", value);
	field_end(r, name, hint);
}

void ui_body_area(req *r, const char *label, int rows, int max, const char *value)
{
	html_printf(&r->out,
	            "<div class=\"field\"><label for=\"f-body\">%h</label><textarea id=\"f-body\" "
	            "name=\"body\" rows=\"%d\" required maxlength=\"%d\"",
	            label, rows, max);
	html_raw(&r->out, ui_invalid_attr(ui_invalid(r, "body")));
	html_printf(&r->out, ">%h</textarea>", value);
}

json_t *ui_reason_body(req *r)
{
	json_t *v = json_string(ui_posted(r, "reason")); /* NULL when not UTF-8 */
	return json_pack("{s:o}", "reason", v ? v : json_string(""));
}

int ui_decide(req *r, ui_decide_fn fn, int64_t id, bool yes, json_t **out)
{
	const char *reason = ui_trim(r, req_form(r, "reason"));
	json_t *body = json_object();
	int rc = *reason ? ui_json_text(r, body, "reason", reason, false) : 0;
	if (rc == 0)
		rc = fn(r->app, r->a, &r->who, id, yes, body, out, &r->e);
	json_decref(body);
	return rc;
}

int ui_form_done(req *r, int rc, json_t *out, const char *to,
                 int (*page)(req *r, int64_t id, ui_failure *f), int64_t id)
{
	json_decref(out);
	if (rc == 0)
		return reply_redirect(r, to);
	if (r->e.status == 404)
		return -1;
	ui_failure f;
	ui_failure_take(r, &f, NULL);
	int prc = page(r, id, &f);
	ui_failure_free(&f);
	return prc;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool ui_blank(const char *s)
{
	for (; s && *s; s++)
		if (!space(*s))
			return false;
	return true;
}

const char *ui_trim(req *r, const char *s)
{
	if (!s)
		return "";
	while (space(*s))
		s++;
	size_t n = strlen(s);
	while (n && space(s[n - 1]))
		n--;
	return arena_strndup(r->a, s, n);
}

const char *ui_unix_lines(req *r, const char *s)
{
	if (!s || !strchr(s, '\r'))
		return s;
	char *out = arena_strdup(r->a, s), *o = out;
	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			*o++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

json_t *ui_lines_list(const char *text)
{
	json_t *list = json_array();
	const char *p = text ? text : "";
	while (*p) {
		size_t n = strcspn(p, "\r\n");
		const char *s = p, *e = p + n;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s) {
			json_t *v = json_stringn(s, (size_t)(e - s));
			if (v)
				json_array_append_new(list, v);
		}
		p += n;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	return list;
}

long long ui_parse_count(const char *s)
{
	if (!*s || strlen(s) > 12 || strspn(s, "0123456789") != strlen(s))
		return -1;
	long long v = strtoll(s, NULL, 10);
	return v > 0 ? v : -1;
}

int ui_json_text(req *r, json_t *o, const char *key, const char *value, bool null_blank)
{
	value = ui_unix_lines(r, value);
	if (ui_blank(value)) {
		if (null_blank)
			json_object_set_new(o, key, json_null());
		return 0;
	}
	json_t *v = json_string(value);
	if (!v)
		return err_set(&r->e, 400, "invalid_text", key, "Field {field} is not valid text.");
	json_object_set_new(o, key, v);
	return 0;
}

int ui_form_json(req *r, json_t *o, const char *name, bool keep_empty)
{
	const char *raw = req_form(r, name);
	if (!raw || (!*raw && !keep_empty))
		return 0;
	json_t *s = json_string(ui_unix_lines(r, raw));
	if (!s)
		return err_set(&r->e, 400, "invalid_text", name,
		               "Field {field} is not valid UTF-8 text.");
	json_object_set_new(o, name, s);
	return 0;
}

int ui_form_fields(req *r, json_t *o, const char *const *names)
{
	for (const char *const *n = names; *n; n++)
		if (ui_form_json(r, o, *n, false) < 0)
			return -1;
	return 0;
}

int ui_redirect_created(req *r, json_t *out, const char *prefix, const char *suffix)
{
	long long id = jint(out, "id");
	json_decref(out);
	return reply_redirect(r, arena_printf(r->a, "%s%lld%s", prefix, id, suffix));
}

/* ---- errors ---- */

static void error_box(req *r, const char *heading, const char *field_text, bool mark_field)
{
	if (!r->e.status)
		return;
	html_printf(&r->out, "<div class=\"error\" role=\"alert\" data-code=\"%a\"",
	            r->e.code ? r->e.code : "internal");
	if (mark_field)
		html_printf(&r->out, " data-field=\"%a\"", r->e.field ? r->e.field : "");
	html_printf(&r->out, "><b>%h</b>%h</div>", heading, error_text(r, field_text));
}

void ui_form_error(req *r, const char *heading, const ui_label *own)
{
	error_box(r, heading, ui_field_label(r, own, r->e.field), false);
}

void ui_form_error_named(req *r, const char *heading, const char *field_text)
{
	error_box(r, heading, field_text, true);
}

void ui_failure_take(req *r, ui_failure *f, const char *action)
{
	*f = ui_failure_view(r);
	f->code = arena_strdup(r->a, f->code);
	f->field = r->e.field ? arena_strdup(r->a, r->e.field) : NULL;
	f->action = action;
	r->e.details = NULL;
	err_clear(&r->e);
}

ui_failure ui_failure_view(req *r)
{
	return (ui_failure){r->e.status ? r->e.status : 500,
	                    r->e.code ? r->e.code : "internal",
	                    r->e.field,
	                    r->e.msg ? r->e.msg : "Something went wrong.",
	                    r->e.details,
	                    NULL};
}

void ui_failure_free(ui_failure *f)
{
	json_decref(f->details);
	f->details = NULL;
}

const char *ui_member_name(req *r, json_t *project, long long institution_id)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(project, "members"), i, m)
	{
		if (jint(m, "institution_id") == institution_id)
			return jstr(m, "name");
	}
	return arena_printf(r->a, "#%lld", institution_id);
}

const char *ui_defect_text(req *r, json_t *defect, const ui_label *own)
{
	const char *kind = jstr(defect, "defect");
	const char *what = !strcmp(kind, "missing") ? T("not filled in")
	                   : !strcmp(kind, "not_licensed_member")
	                       ? T("must be a licensed member institution (§2.1)")
	                       : kind;
	return arena_printf(r->a, "%s: %s", ui_field_label(r, own, jstr(defect, "field")), what);
}

/* A detail that is a list: <p>heading</p> (when given) and one item per entry. */
static void detail_list_begin(req *r, const char *heading)
{
	if (heading)
		html_printf(&r->out, "<p>%h</p>", heading);
	html_printf(&r->out, "<ul class=\"defect-list\">");
}

static void reasons_list(req *r, json_t *reasons, json_t *project)
{
	size_t i;
	json_t *it;
	html_printf(&r->out, "<ul class=\"reasons\">");
	json_array_foreach(reasons, i, it)
	{
		json_t *inst = json_object_get(it, "institution_id");
		html_printf(&r->out,
		            "<li data-code=\"%a\"><span class=\"clause\">%h</span> <span>%h",
		            jstr(it, "code"), jstr(it, "clause"), T(jstr(it, "message")));
		if (json_is_integer(inst))
			html_printf(&r->out, " <i>(%h)</i>",
			            ui_member_name(r, project, json_integer_value(inst)));
		html_printf(&r->out, "</span></li>");
	}
	html_printf(&r->out, "</ul>");
}

/* The launch guards (§4.2): the comments concerned, linked to their place on the project
 * page when there is one. */
static void comments_list(req *r, json_t *ids, json_t *project)
{
	size_t i;
	json_t *it;
	detail_list_begin(r, T("Comments concerned:"));
	json_array_foreach(ids, i, it)
	{
		long long cid = (long long)json_integer_value(it);
		const char *label =
		    subst(r, T("Comment #{id}"), "id", arena_printf(r->a, "%lld", cid));
		if (project)
			html_printf(&r->out,
			            "<li><a href=\"/projects/%lld#comment-%lld\">%h</a></li>",
			            jint(project, "id"), cid, label);
		else
			html_printf(&r->out, "<li>%h</li>", label);
	}
	html_printf(&r->out, "</ul>");
}

static void date_detail(req *r, json_t *details, const char *key, const char *label)
{
	if (*jstr(details, key))
		html_printf(&r->out, "<p class=\"detail\" data-detail=\"%a\">%h <b>%h</b></p>", key,
		            label, jstr(details, key));
}

void ui_failure_box(req *r, const ui_failure *f, json_t *project, const ui_label *own)
{
	buf *b = &r->out;
	html_printf(b, "<div class=\"error failure\" role=\"alert\" data-code=\"%a\"><b>%h</b>%h",
	            f->code, f->action ? T("Not done.") : T("Not saved."),
	            subst(r, T(f->msg), "field", ui_field_label(r, own, f->field)));
	json_t *d = f->details;
	size_t i;
	json_t *it;
	if (json_array_size(json_object_get(d, "reasons")))
		reasons_list(r, json_object_get(d, "reasons"), project);
	json_t *defects = json_object_get(d, "defects");
	if (json_array_size(defects)) {
		detail_list_begin(r, NULL);
		json_array_foreach(defects, i, it)
		{
			if (json_is_string(it))
				html_printf(b, "<li>%h</li>", json_string_value(it));
			else
				html_printf(b, "<li data-field=\"%a\">%h</li>", jstr(it, "field"),
				            ui_defect_text(r, it, own));
		}
		html_printf(b, "</ul>");
	}
	json_t *missing = json_object_get(d, "missing");
	if (json_array_size(missing)) {
		detail_list_begin(r, T("Materials still missing:"));
		json_array_foreach(missing, i, it)
		{
			html_printf(b, "<li data-kind=\"%a\">%h</li>", json_string_value(it),
			            ui_material_label(r, json_string_value(it)));
		}
		html_printf(b, "</ul>");
	}
	json_t *unconfirmed = json_object_get(d, "unconfirmed");
	if (json_array_size(unconfirmed)) {
		detail_list_begin(r, T("Still to confirm:"));
		json_array_foreach(unconfirmed, i, it)
		{
			html_printf(b, "<li>%h</li>",
			            ui_member_name(r, project, json_integer_value(it)));
		}
		html_printf(b, "</ul>");
	}
	date_detail(r, d, "closes_on", T("The notice period closes on:"));
	date_detail(r, d, "first_launch_day", T("The launch is allowed from:"));
	if (json_array_size(json_object_get(d, "comment_ids")))
		comments_list(r, json_object_get(d, "comment_ids"), project);
	/* Other details (later guards): shown as they are, so nothing is hidden. */
	static const char *const SHOWN[] = {"reasons",     "defects",   "missing",
	                                    "unconfirmed", "closes_on", "first_launch_day",
	                                    "comment_ids", NULL};
	const char *key;
	json_t *v;
	json_object_foreach(d, key, v)
	{
		bool shown = false;
		for (const char *const *s = SHOWN; *s && !shown; s++)
			shown = !strcmp(key, *s);
		if (shown)
			continue;
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		html_printf(b, "<p class=\"detail\"><code>%h</code> %h</p>", key, s ? s : "");
		free(s);
	}
	html_printf(b, "</div>");
}
