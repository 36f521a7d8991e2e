/* Pages of the public notice (§4.2): the public portal and register (no log-in), the comments
 * section of a project for staff and applicants, and the working-day calendar for admins.
 * Every value reaches HTML through html_printf's escaping conversions; every label through
 * the catalog (T). */
#include "web/ui_notices.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/calendar.h"
#include "app/notices.h"
#include "core/calendar.h"
#include "lib/csv.h"
#include "lib/json.h"
#include "core/workflow.h"
#include "web/html.h"
#include "web/ui.h"

#define T(s) tr(r->lang, s)
#define COMMENTS_SHOWN 200

/* ---- small helpers ---- */

static const struct {
	const char *field, *label;
} FIELD_LABELS[] = {
    {"body", N_("Your comment")},
    {"author", N_("Your name")},
    {"contact", N_("How to reach you")},
    {"response", N_("Response")},
    {"safeguards", N_("Safeguards")},
    {"compensation", N_("Compensation mechanism")},
    {"reason", N_("Reason")},
    {"status", N_("Moderation")},
    {"classification", N_("Classification")},
    {"days", N_("Special days")},
    {"year", N_("Year")},
    {"track", N_("Track")},
};

static const char *field_label(req *r, const char *field)
{
	for (size_t i = 0; field && i < sizeof FIELD_LABELS / sizeof *FIELD_LABELS; i++)
		if (!strcmp(FIELD_LABELS[i].field, field))
			return T(FIELD_LABELS[i].label);
	return field;
}

static const char *error_text(req *r)
{
	const char *m = T(r->e.msg ? r->e.msg : "Something went wrong.");
	return subst(r, m, "field", field_label(r, r->e.field));
}

static void form_error(req *r, const char *heading)
{
	if (r->e.status)
		html_printf(
		    &r->out,
		    "<div class=\"error\" role=\"alert\" data-code=\"%a\"><b>%h</b>%h</div>",
		    r->e.code ? r->e.code : "internal", heading, error_text(r));
}

static const char *invalid(req *r, const char *field)
{
	return r->e.status && r->e.field && !strcmp(r->e.field, field) ? " aria-invalid=\"true\""
	                                                               : "";
}

static void csrf_field(req *r)
{
	if (r->authed)
		html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", r->csrf);
}

/* A form value as a JSON string, or NULL when absent; bad UTF-8 is a 400 naming the field. */
static int form_str(req *r, json_t *o, const char *name)
{
	const char *raw = req_form(r, name);
	if (!raw)
		return 0;
	/* browsers send a textarea's line ends as CRLF; the text rules take LF only */
	char *v = arena_strdup(r->a, raw), *w = v;
	for (const char *p = raw; *p; p++) {
		if (*p == '\r') {
			*w++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	json_t *s = json_string(v);
	if (!s)
		return err_set(&r->e, 400, "invalid_text", name,
		               "Field {field} is not valid UTF-8 text.");
	json_object_set_new(o, name, s);
	return 0;
}


/* An anonymous form posted from another site is refused (as the log-in form does). */
static int same_origin(req *r)
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

static const char *track_label(req *r, const char *track)
{
	return !strcmp(track, "coaching") ? T("Coaching (§3.3)") : T("Pilot");
}

/* States are labelled once, in core/workflow.c. */
static const char *state_label(req *r, const char *state)
{
	const state_info *si = project_state_info(state);
	return si ? T(si->label) : state;
}

static const char *tech_label(req *r, const char *id)
{
	static const struct {
		const char *id, *label;
	} TECH[] = {
	    {"big_data", N_("Big data")},
	    {"cloud", N_("Cloud computing")},
	    {"ai", N_("Artificial intelligence")},
	    {"blockchain", N_("Blockchain")},
	    {"other", N_("Other new-generation IT")},
	};
	for (size_t i = 0; i < sizeof TECH / sizeof *TECH; i++)
		if (!strcmp(TECH[i].id, id))
			return T(TECH[i].label);
	return id;
}

/* A text of the application: a string, a list of strings (or of {name, description}), or an
 * object of strings. */
static void text_value(req *r, json_t *v)
{
	buf *b = &r->out;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (*s)
			html_printf(b, "<p class=\"prose\">%h</p>", s);
		else
			html_printf(b, "<p class=\"empty\">%h</p>", T("Not stated."));
		return;
	}
	if (json_is_array(v)) {
		if (!json_array_size(v)) {
			html_printf(b, "<p class=\"empty\">%h</p>", T("Not stated."));
			return;
		}
		html_printf(b, "<ul class=\"bullets\">");
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it)
		{
			if (json_is_string(it)) {
				html_printf(b, "<li>%h</li>", json_string_value(it));
			} else if (json_is_object(it)) {
				const char *name = jstr(it, "name"), *d = jstr(it, "description");
				if (!*name)
					name = jstr(it, "measure");
				html_printf(b, "<li><b>%h</b> %h</li>", name, d);
			}
		}
		html_printf(b, "</ul>");
		return;
	}
	if (json_is_object(v)) {
		html_printf(b, "<dl class=\"facts\">");
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
		{
			if (json_is_string(x))
				html_printf(b, "<div><dt>%h</dt><dd class=\"prose\">%h</dd></div>",
				            k, json_string_value(x));
		}
		html_printf(b, "</dl>");
		return;
	}
	html_printf(b, "<p class=\"empty\">%h</p>", T("Not stated."));
}

static const char *lead_name(json_t *n)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(n, "members"), i, m)
	{
		if (json_is_true(json_object_get(m, "lead")))
			return jstr(m, "name");
	}
	return "";
}

static void tech_tags(req *r, json_t *n)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(n, "technologies"), i, t)
	{
		if (json_is_string(t))
			html_printf(&r->out, "<span class=\"tag tech\">%h</span> ",
			            tech_label(r, json_string_value(t)));
	}
}

/* A link, marked as the current page when it is. */
static void nav_link(req *r, const char *href, bool current, const char *label)
{
	html_printf(&r->out, "<a href=\"%a\"", href);
	if (current)
		html_raw(&r->out, " aria-current=\"page\"");
	html_printf(&r->out, ">%h</a>", label);
}

/* The public's sub-navigation: the portal needs no log-in and has no main menu. */
static void public_nav(req *r)
{
	bool list = !strcmp(r->path, "/public");
	bool pilots = !strcmp(r->path, "/public/pilots");
	html_printf(&r->out, "<nav class=\"sub-nav\" aria-label=\"%a\">", T("Public portal"));
	nav_link(r, "/public", list, T("Open public notices"));
	nav_link(r, "/public/pilots", pilots, T("Register of pilots"));
	html_printf(&r->out, "</nav>");
}

/* The project's public fields as noticed (§4.2): members, technologies, each business
 * scenario with its provider, service, risk controls, investor protection. */
static void public_fields(req *r, json_t *n)
{
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-members\"><h2 id=\"h-members\">%h"
	            "</h2>"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	            "aria-labelledby=\"h-members\">"
	            "<table class=\"list\"><thead><tr><th "
	            "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr>"
	            "</thead><tbody>",
	            T("Applicants"), T("Institution"), T("Part"), T("Substantive role (§3.2)"));
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(n, "members"), i, m)
	{
		bool lead = json_is_true(json_object_get(m, "lead"));
		html_printf(
		    b, "<tr><td>%h</td><td><span class=\"tag%h\">%h</span></td><td>%h</td></tr>",
		    jstr(m, "name"), lead ? " subject" : "",
		    lead ? T("Lead applicant") : T("Participant"), jstr(m, "role"));
	}
	html_printf(b, "</tbody></table></div></section>");

	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-tech\"><h2 id=\"h-tech\">%h</h2>"
	            "<p>",
	            T("Technologies (§2.3)"));
	tech_tags(r, n);
	if (!json_array_size(json_object_get(n, "technologies")))
		html_printf(b, "%h", T("Not stated."));
	html_printf(b, "</p></section>");

	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-scen\"><h2 id=\"h-scen\">%h</h2>"
	            "<p class=\"hint\">%h</p>",
	            T("Business scenarios"),
	            T("Each business scenario is provided by a licensed institution (§2.1)."));
	json_t *sc;
	json_t *scen = json_object_get(n, "scenarios");
	if (!json_array_size(scen))
		html_printf(b, "<p class=\"empty\">%h</p>", T("Not stated."));
	else
		html_printf(b, "<ol class=\"scenarios\">");
	json_array_foreach(scen, i, sc)
	{
		json_t *prov = json_object_get(sc, "provider");
		html_printf(b, "<li><b>%h</b><p class=\"prose\">%h</p><small>%h %h</small></li>",
		            jstr(sc, "name"), jstr(sc, "description"), T("Provided by:"),
		            json_is_object(prov) ? jstr(prov, "name") : T("Not stated."));
	}
	if (json_array_size(scen))
		html_printf(b, "</ol>");
	html_printf(b, "</section>");

	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-service\"><h2 id=\"h-service\">%h"
	            "</h2><h3>%h</h3>",
	            T("Service"), T("Service content"));
	text_value(r, json_object_get(n, "service_content"));
	html_printf(b, "<h3>%h</h3>", T("Target investors"));
	text_value(r, json_object_get(n, "target_investors"));
	html_printf(b, "</section>");

	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-risk\"><h2 id=\"h-risk\">%h</h2>",
	            T("Risk controls (§2.4)"));
	text_value(r, json_object_get(n, "risk_controls"));
	html_printf(b, "</section>");

	json_t *ip = json_object_get(n, "investor_protection");
	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-ip\"><h2 id=\"h-ip\">%h</h2>"
	            "<dl class=\"facts single\"><div><dt>%h</dt><dd class=\"prose\">%h</dd></div>"
	            "<div><dt>%h</dt><dd class=\"prose\">%h</dd></div><div><dt>%h</dt><dd "
	            "class=\"prose\">%h</dd></div></dl></section>",
	            T("Investor protection"), T("Complaint channel"), jstr(ip, "complaint_channel"),
	            T("Dispute handling"), jstr(ip, "dispute_handling"), T("Compensation"),
	            jstr(ip, "compensation"));
}

static void period_facts(req *r, json_t *n)
{
	bool open = json_is_true(json_object_get(n, "open"));
	html_printf(&r->out,
	            "<dl class=\"facts\"><div><dt>%h</dt><dd>%h – %h</dd></div><div><dt>%h</dt>"
	            "<dd>%lld</dd></div><div><dt>%h</dt><dd><span class=\"tag%h\">%h</span></dd>"
	            "</div><div><dt>%h</dt><dd>%h</dd></div></dl>",
	            T("Notice period"), jstr(n, "opens_on"), jstr(n, "closes_on"),
	            T("Working days"), jint(n, "working_days"), T("Comment period"),
	            open ? " open" : "", open ? T("Open for comments") : T("Closed"), T("Track"),
	            track_label(r, jstr(n, "track")));
}

/* The applicant's answer to a comment. */
static void response_block(req *r, json_t *resp)
{
	if (!json_is_object(resp))
		return;
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"response\"><p class=\"eyebrow\">%h · %h</p><p "
	            "class=\"prose\">%h</p>",
	            T("The applicant's response"), ui_time_cst(r, jint(resp, "responded_at")),
	            jstr(resp, "response"));
	if (*jstr(resp, "safeguards"))
		html_printf(b, "<p><b>%h</b></p><p class=\"prose\">%h</p>", T("Safeguards"),
		            jstr(resp, "safeguards"));
	if (*jstr(resp, "compensation"))
		html_printf(b, "<p><b>%h</b></p><p class=\"prose\">%h</p>",
		            T("Compensation mechanism"), jstr(resp, "compensation"));
	html_printf(b, "</div>");
}

/* ---- the public portal ---- */

int ui_public_notices(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = notice_public_list(r->app, r->a, after, limit, &r->e);
	if (!list)
		return -1;
	buf *b = &r->out;
	ui_page_begin(r, T("Public notices"));
	public_nav(r);
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p "
	            "class=\"lead\">%h</p></div></div>",
	            T("Public notice (§4.2)"), T("Projects under public notice"),
	            T("Before a pilot launches, its public information is noticed for a number of "
	              "working days. Anyone may read it and comment; comments appear here once "
	              "the working group has moderated them."));
	json_t *items = json_object_get(list, "items");
	if (!json_array_size(items))
		html_printf(b, "<p class=\"empty\">%h</p>",
		            T("No project is under public notice now."));
	size_t i;
	json_t *n;
	json_array_foreach(items, i, n)
	{
		html_printf(b,
		            "<article class=\"card notice-card\"><h2><a "
		            "href=\"/public/notices/%lld\">%h</a></h2><p>",
		            jint(n, "id"), jstr(n, "name"));
		html_printf(b, "<span class=\"tag plain\">%h</span> ",
		            track_label(r, jstr(n, "track")));
		tech_tags(r, n);
		html_printf(b, "</p>");
		if (*jstr(n, "summary"))
			html_printf(b, "<p class=\"prose\">%h</p>", jstr(n, "summary"));
		html_printf(
		    b,
		    "<dl class=\"facts\"><div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt>"
		    "<dd>%h – %h</dd></div><div><dt>%h</dt><dd>%lld</dd></div></dl>"
		    "<p><a class=\"button primary\" href=\"/public/notices/%lld\">%h</a></p>"
		    "</article>",
		    T("Lead applicant"), lead_name(n), T("Notice period"), jstr(n, "opens_on"),
		    jstr(n, "closes_on"), T("Published comments"), jint(n, "published_comments"),
		    jint(n, "id"), T("Read and comment"));
	}
	json_t *next = json_object_get(list, "next");
	if (json_is_string(next))
		html_printf(
		    b,
		    "<p class=\"pager\"><a class=\"button\" href=\"/public?after=%u\">%h</a>"
		    "</p>",
		    json_string_value(next), T("Next page"));
	json_decref(list);
	ui_page_end(r);
	return reply_html(r, 200);
}

static void comment_form(req *r, json_t *n)
{
	buf *b = &r->out;
	const char *v_body = req_form(r, "body"), *v_author = req_form(r, "author"),
	           *v_contact = req_form(r, "contact");
	html_printf(b,
	            "<section class=\"card\" id=\"comment-form\" aria-labelledby=\"h-form\"><h2 "
	            "id=\"h-form\">%h</h2><p class=\"hint\">%h</p>",
	            T("Send a comment"),
	            T("Comments are read by the working group and published after moderation. "
	              "Your contact details are seen only by the working group; your network "
	              "address is not stored."));
	form_error(r, T("Not sent."));
	html_printf(b,
	            "<form method=\"post\" action=\"/public/notices/%lld/comments\" "
	            "class=\"form\">",
	            jint(n, "id"));
	csrf_field(r);
	html_printf(b,
	            "<div class=\"field\"><label for=\"f-body\">%h</label><textarea id=\"f-body\" "
	            "name=\"body\" rows=\"6\" required maxlength=\"%d\"",
	            T("Your comment"), COMMENT_BODY_MAX);
	html_raw(b, invalid(r, "body"));
	html_printf(b, ">%h</textarea><small class=\"hint\">%h</small></div>", v_body ? v_body : "",
	            T("At most 2000 characters."));
	html_printf(b,
	            "<div class=\"row3\"><div class=\"field\"><label for=\"f-author\">%h</label>"
	            "<input id=\"f-author\" name=\"author\" maxlength=\"%d\" autocomplete=\"name\" "
	            "value=\"%a\"",
	            T("Your name (optional, published)"), COMMENT_AUTHOR_MAX,
	            v_author ? v_author : "");
	html_raw(b, invalid(r, "author"));
	html_printf(b,
	            "></div><div class=\"field\"><label for=\"f-contact\">%h</label><input "
	            "id=\"f-contact\" name=\"contact\" maxlength=\"%d\" value=\"%a\"",
	            T("How to reach you (optional, not published)"), COMMENT_CONTACT_MAX,
	            v_contact ? v_contact : "");
	html_raw(b, invalid(r, "contact"));
	html_printf(b, "></div></div>");
	html_printf(b,
	            "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
	            "</button></div></form></section>",
	            T("Send comment"));
}

static int notice_page(req *r, json_t *n, int status)
{
	buf *b = &r->out;
	ui_page_begin(r, jstr(n, "name"));
	public_nav(r);
	html_printf(b, "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1>",
	            T("Public notice (§4.2)"), jstr(n, "name"));
	if (*jstr(n, "summary"))
		html_printf(b, "<p class=\"lead prose\">%h</p>", jstr(n, "summary"));
	html_printf(b, "</div></div>");
	const char *sent = req_query(r, "sent");
	if (sent && !strcmp(sent, "1") && !r->e.status)
		html_printf(b, "<div class=\"notice-ok\" role=\"status\"><b>%h</b> %h</div>",
		            T("Thank you."),
		            T("Your comment was received; it will appear here once the working "
		              "group has moderated it."));
	html_printf(b, "<section class=\"card\">");
	period_facts(r, n);
	html_printf(b, "</section>");
	public_fields(r, n);

	json_t *comments = json_object_get(n, "comments");
	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-comments\"><h2 "
	            "id=\"h-comments\">%h (%zu)</h2>",
	            T("Published comments"), json_array_size(comments));
	if (!json_array_size(comments))
		html_printf(b, "<p class=\"empty\">%h</p>", T("No published comment yet."));
	size_t i;
	json_t *c;
	json_array_foreach(comments, i, c)
	{
		const char *author = jstr(c, "author");
		html_printf(
		    b,
		    "<article class=\"comment\" id=\"comment-%lld\"><p class=\"eyebrow\">%h · "
		    "%h</p><p class=\"prose\">%h</p>",
		    jint(c, "id"), *author ? author : T("Anonymous"),
		    ui_time_cst(r, jint(c, "created_at")), jstr(c, "body"));
		response_block(r, json_object_get(c, "response"));
		html_printf(b, "</article>");
	}
	html_printf(b, "</section>");
	if (json_is_true(json_object_get(n, "open")))
		comment_form(r, n);
	else
		html_printf(b, "<p class=\"empty\">%h</p>",
		            T("This notice is closed; comments are no longer taken."));
	ui_page_end(r);
	return reply_html(r, status);
}

int ui_public_notice(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *n = notice_public_get(r->app, r->a, id, &r->e);
	if (!n)
		return -1;
	int rc = notice_page(r, n, 200);
	json_decref(n);
	return rc;
}

int ui_public_comment(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0 || same_origin(r) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = form_str(r, body, "body");
	if (rc == 0)
		rc = form_str(r, body, "author");
	if (rc == 0)
		rc = form_str(r, body, "contact");
	if (rc == 0 && json_is_string(json_object_get(body, "author")) &&
	    !*json_string_value(json_object_get(body, "author")))
		json_object_del(body, "author");
	if (rc == 0 && json_is_string(json_object_get(body, "contact")) &&
	    !*json_string_value(json_object_get(body, "contact")))
		json_object_del(body, "contact");
	if (rc == 0)
		rc = comment_submit(r->app, r->a, id, body, r->address, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(
		    r,
		    arena_printf(r->a, "/public/notices/%lld?sent=1#comment-form", (long long)id));
	}
	/* The page again, with the error and what was typed. */
	err e2;
	err_clear(&e2);
	json_t *n = notice_public_get(r->app, r->a, id, &e2);
	if (!n) {
		err_free_details(&r->e);
		r->e = e2;
		return -1;
	}
	if (r->e.retry_after_s)
		req_add_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after_s));
	rc = notice_page(r, n, r->e.status ? r->e.status : 500);
	json_decref(n);
	return rc;
}

int ui_public_pilots(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	const char *track = req_query(r, "track");
	if (track && !*track)
		track = NULL;
	json_t *list = pilot_register(r->app, r->a, track, after, limit, &r->e);
	if (!list)
		return -1;
	buf *b = &r->out;
	ui_page_begin(r, T("Register of pilots"));
	public_nav(r);
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p "
	            "class=\"lead\">%h</p></div></div>",
	            T("Public register (§4.2, §3.3)"), T("Register of pilots"),
	            T("Projects that passed the public notice and launched, and technology firms "
	              "in coaching. No coaching project runs live financial business (§3.3)."));
	html_printf(b, "<p class=\"filters\">");
	nav_link(r, "/public/pilots", !track, T("All"));
	html_printf(b, " · ");
	nav_link(r, "/public/pilots?track=pilot", track && !strcmp(track, "pilot"), T("Pilots"));
	html_printf(b, " · ");
	nav_link(r, "/public/pilots?track=coaching", track && !strcmp(track, "coaching"),
	         T("Coaching (§3.3)"));
	html_printf(b, "</p>");
	json_t *items = json_object_get(list, "items");
	if (!json_array_size(items)) {
		html_printf(b, "<p class=\"empty\">%h</p>", T("No project has launched yet."));
	} else {
		html_printf(b,
		            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		            "aria-label=\"%a\">"
		            "<table class=\"list register\"><thead><tr>"
		            "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h"
		            "</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
		            "scope=\"col\">%h</th></tr></thead><tbody>",
		            T("Register of pilots"), T("Project"), T("Lead applicant"), T("Track"),
		            T("Launched on"),
		            T("Status"), T("Technologies"));
		size_t i;
		json_t *p;
		json_array_foreach(items, i, p)
		{
			if (json_is_integer(json_object_get(p, "notice_id")))
				html_printf(b,
				            "<tr><td><a href=\"/public/notices/%lld\">%h</a></td>",
				            jint(p, "notice_id"), jstr(p, "name"));
			else
				html_printf(b, "<tr><td>%h</td>", jstr(p, "name"));
			html_printf(b, "<td>%h</td><td>%h</td><td class=\"nowrap\">%h</td><td>%h",
			            lead_name(p), track_label(r, jstr(p, "track")),
			            jstr(p, "launched_on"), state_label(r, jstr(p, "state")));
			if (*jstr(p, "coaching_ends_on"))
				html_printf(b, "<br><small>%h %h</small>", T("Coaching ends on"),
				            jstr(p, "coaching_ends_on"));
			html_printf(b, "</td><td>");
			tech_tags(r, p);
			html_printf(b, "</td></tr>");
		}
		html_printf(b, "</tbody></table></div>");
	}
	json_t *next = json_object_get(list, "next");
	if (json_is_string(next))
		html_printf(b,
		            "<p class=\"pager\"><a class=\"button\" "
		            "href=\"/public/pilots?after=%u&amp;track=%u\">%h</a></p>",
		            json_string_value(next), track ? track : "", T("Next page"));
	json_decref(list);
	ui_page_end(r);
	return reply_html(r, 200);
}

/* ---- comments of a project (staff and applicants) ---- */

static void comment_staff_forms(req *r, json_t *c, json_t *may, const char *back)
{
	buf *b = &r->out;
	long long id = jint(c, "id");
	if (json_is_true(json_object_get(may, "moderate"))) {
		const char *st = jstr(c, "status");
		html_printf(b,
		            "<form method=\"post\" action=\"/comments/%lld/moderate\" "
		            "class=\"inline-form\">",
		            id);
		csrf_field(r);
		html_printf(
		    b,
		    "<input type=\"hidden\" name=\"next\" value=\"%a\"><label "
		    "for=\"m-%lld\">%h</label><select id=\"m-%lld\" name=\"status\">"
		    "<option value=\"published\"%h>%h</option><option value=\"hidden\"%h>%h"
		    "</option></select><input name=\"reason\" maxlength=\"2000\" "
		    "placeholder=\"%a\" aria-label=\"%a\"><button type=\"submit\">%h</button>"
		    "</form>",
		    back, id, T("Moderation"), id, !strcmp(st, "published") ? " selected" : "",
		    T("Publish"), !strcmp(st, "hidden") ? " selected" : "", T("Hide"),
		    T("Reason (required to hide)"), T("Reason"), T("Save"));
	}
	if (json_is_true(json_object_get(may, "classify"))) {
		const char *cl = jstr(c, "classification");
		html_printf(b,
		            "<form method=\"post\" action=\"/comments/%lld/classify\" "
		            "class=\"inline-form\">",
		            id);
		csrf_field(r);
		html_printf(
		    b,
		    "<input type=\"hidden\" name=\"next\" value=\"%a\"><label "
		    "for=\"c-%lld\">%h</label><select id=\"c-%lld\" name=\"classification\">"
		    "<option value=\"ordinary\"%h>%h</option><option value=\"major_risk\"%h>"
		    "%h</option></select><input name=\"reason\" maxlength=\"2000\" "
		    "placeholder=\"%a\" aria-label=\"%a\"><button type=\"submit\">%h</button>"
		    "</form>",
		    back, id, T("Classification"), id, !strcmp(cl, "ordinary") ? " selected" : "",
		    T("Ordinary"), !strcmp(cl, "major_risk") ? " selected" : "", T("Major risk"),
		    T("Reason (optional)"), T("Reason"), T("Classify"));
	}
	if (json_is_true(json_object_get(may, "respond"))) {
		json_t *resp = json_object_get(c, "response");
		bool major = !strcmp(jstr(c, "classification"), "major_risk");
		const char *req_attr = major ? " required" : "";
		html_printf(
		    b,
		    "<details class=\"respond\"%h><summary>%h</summary><form method=\"post\" "
		    "action=\"/comments/%lld/response\" class=\"form\">",
		    major && !json_is_object(resp) ? " open" : "",
		    json_is_object(resp) ? T("Replace the response") : T("Respond"), id);
		csrf_field(r);
		html_printf(
		    b,
		    "<input type=\"hidden\" name=\"next\" value=\"%a\"><p class=\"hint\">%h"
		    "</p><div class=\"field\"><label for=\"r-%lld\">%h</label><textarea "
		    "id=\"r-%lld\" name=\"response\" rows=\"3\" required maxlength=\"%d\">%h"
		    "</textarea></div>",
		    back,
		    major ? T("A comment that raises a major risk must be answered with "
		              "safeguards and a compensation mechanism before the launch "
		              "(§4.2).")
		          : T("Safeguards and compensation are required only for a major "
		              "risk."),
		    id, T("Response"), id, COMMENT_RESPONSE_MAX, jstr(resp, "response"));
		html_printf(b,
		            "<div class=\"field\"><label for=\"s-%lld\">%h</label><textarea "
		            "id=\"s-%lld\" name=\"safeguards\" rows=\"3\" maxlength=\"%d\"",
		            id, T("Safeguards"), id, COMMENT_RESPONSE_MAX);
		html_raw(b, req_attr);
		html_printf(b, ">%h</textarea></div>", jstr(resp, "safeguards"));
		html_printf(b,
		            "<div class=\"field\"><label for=\"k-%lld\">%h</label><textarea "
		            "id=\"k-%lld\" name=\"compensation\" rows=\"3\" maxlength=\"%d\"",
		            id, T("Compensation mechanism"), id, COMMENT_RESPONSE_MAX);
		html_raw(b, req_attr);
		html_printf(
		    b,
		    ">%h</textarea></div><div class=\"form-actions\"><button type=\"submit\" "
		    "class=\"primary\">%h</button></div></form></details>",
		    jstr(resp, "compensation"), T("Send response"));
	}
}

static const char *status_label(req *r, const char *s)
{
	if (!strcmp(s, "published"))
		return T("Published");
	if (!strcmp(s, "hidden"))
		return T("Hidden");
	return T("Awaiting moderation");
}

void ui_comments_section(req *r, int64_t project_id)
{
	err e;
	err_clear(&e);
	json_t *list = comment_list(r->app, r->a, &r->who, project_id, 0, COMMENTS_SHOWN, &e);
	err_free_details(&e);
	if (!list)
		return;
	buf *b = &r->out;
	json_t *n = json_object_get(list, "notice"), *may = json_object_get(list, "may");
	const char *back = arena_printf(r->a, "%s#comments", r->path);
	html_printf(b,
	            "<section class=\"card\" id=\"comments\" aria-labelledby=\"h-comments\"><h2 "
	            "id=\"h-comments\">%h</h2>",
	            T("Public notice and comments (§4.2)"));
	if (!json_is_object(n)) {
		html_printf(b, "<p class=\"empty\">%h</p></section>",
		            T("This project has not been publicly noticed."));
		json_decref(list);
		return;
	}
	period_facts(r, n);
	html_printf(b, "<p><a href=\"/public/notices/%lld\">%h</a></p>", jint(n, "id"),
	            T("The notice as the public sees it"));
	json_t *items = json_object_get(list, "items");
	if (!json_array_size(items))
		html_printf(b, "<p class=\"empty\">%h</p>", T("No comment has been received."));
	size_t i;
	json_t *c;
	json_array_foreach(items, i, c)
	{
		const char *st = jstr(c, "status"), *cl = jstr(c, "classification");
		html_printf(
		    b,
		    "<article class=\"comment\" id=\"comment-%lld\"><p class=\"eyebrow\">#%lld"
		    " · %h <span class=\"tag%h\">%h</span> ",
		    jint(c, "id"), jint(c, "id"), ui_time_cst(r, jint(c, "created_at")),
		    !strcmp(st, "pending") ? " pending" : "", status_label(r, st));
		if (!strcmp(cl, "major_risk"))
			html_printf(b, "<span class=\"tag risk\">%h</span>", T("Major risk"));
		else if (!strcmp(cl, "ordinary"))
			html_printf(b, "<span class=\"tag\">%h</span>", T("Ordinary"));
		else
			html_printf(b, "<span class=\"tag pending\">%h</span>", T("Unclassified"));
		html_printf(b, "</p><p class=\"prose\">%h</p>", jstr(c, "body"));
		if (json_object_get(c, "author") || json_object_get(c, "contact")) {
			const char *au = jstr(c, "author"), *co = jstr(c, "contact");
			html_printf(b, "<p class=\"fine-print\">%h %h", T("From:"),
			            *au ? au : T("Anonymous"));
			if (*co)
				html_printf(b, " · %h %h", T("Contact:"), co);
			html_printf(b, "</p>");
		}
		response_block(r, json_object_get(c, "response"));
		comment_staff_forms(r, c, may, back);
		html_printf(b, "</article>");
	}
	if (json_is_string(json_object_get(list, "next")))
		html_printf(b, "<p class=\"hint\">%h</p>",
		            T("Only the first 200 comments are shown here; the API lists them "
		              "all."));
	html_printf(b, "</section>");
	json_decref(list);
}

int ui_project_comments(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	/* The same access as the API: 404 for a project the caller may not see. */
	json_t *probe = comment_list(r->app, r->a, &r->who, id, 0, 1, &r->e);
	if (!probe)
		return -1;
	json_decref(probe);
	ui_page_begin(r, T("Public comments"));
	html_printf(&r->out,
	            "<p class=\"crumbs\"><a href=\"/projects/%lld\">%h</a></p><div "
	            "class=\"page-head\"><div><h1>%h</h1></div></div>",
	            (long long)id, T("Back to the project"), T("Public comments"));
	ui_comments_section(r, id);
	ui_page_end(r);
	return reply_html(r, 200);
}

typedef int (*comment_write)(app *, arena *, const actor *, int64_t, const json_t *, json_t **,
                             err *);

/* A comment form's post: the same use case as the API, then back to the page it came from. */
static int comment_form_post(req *r, comment_write fn, const char *const *fields)
{
	int64_t id, pid;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = 0;
	for (const char *const *f = fields; rc == 0 && *f; f++) {
		rc = form_str(r, body, *f);
		json_t *v = json_object_get(body, *f);
		if (rc == 0 && json_is_string(v) && !*json_string_value(v) && !strcmp(*f, "reason"))
			json_object_del(body, *f);
	}
	if (rc == 0)
		rc = fn(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	json_decref(out);
	if (rc < 0)
		return -1;
	if (comment_project_id(r->app, r->a, id, &pid, &r->e) < 0)
		return -1;
	const char *fallback = arena_printf(r->a, "/projects/%lld/comments#comment-%lld",
	                                    (long long)pid, (long long)id);
	return reply_redirect(r, local_path_or(req_form(r, "next"), fallback));
}

int ui_comment_moderate(req *r)
{
	static const char *const f[] = {"status", "reason", NULL};
	return comment_form_post(r, comment_moderate, f);
}

int ui_comment_classify(req *r)
{
	static const char *const f[] = {"classification", "reason", NULL};
	return comment_form_post(r, comment_classify, f);
}

int ui_comment_respond(req *r)
{
	static const char *const f[] = {"response", "safeguards", "compensation", NULL};
	return comment_form_post(r, comment_respond, f);
}

/* ---- the working-day calendar ---- */

int ui_calendar_current(req *r)
{
	char today[11];
	notice_today(today);
	return reply_redirect(r, arena_printf(r->a, "/calendar/%.4s", today));
}

static const char *weekday_label(req *r, cal_date d)
{
	static const char *const W[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
	                                N_("Fri"), N_("Sat"), N_("Sun")};
	return T(W[cal_weekday(d) - 1]);
}

/* The year's days as the CSV lines the form edits. */
static const char *days_csv(req *r, json_t *y)
{
	buf t = BUF_INIT;
	buf_puts(&t, "date,kind,name,source\n");
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(y, "days"), i, d)
	{
		buf_printf(&t, "%s,%s,", jstr(d, "date"), jstr(d, "kind"));
		const char *parts[2] = {jstr(d, "name"), jstr(d, "source")};
		for (int k = 0; k < 2; k++) {
			const char *s = parts[k];
			if (strpbrk(s, ",\"")) {
				buf_putc(&t, '"');
				for (; *s; s++) {
					if (*s == '"')
						buf_putc(&t, '"');
					buf_putc(&t, *s);
				}
				buf_putc(&t, '"');
			} else {
				buf_puts(&t, s);
			}
			if (!k)
				buf_putc(&t, ',');
		}
		buf_putc(&t, '\n');
	}
	const char *s = arena_strdup(r->a, buf_cstr(&t));
	buf_free(&t);
	return s;
}

static int calendar_page(req *r, int year, json_t *y, const char *text, int status)
{
	buf *b = &r->out;
	bool admin = r->who.role & ROLE_ADMIN;
	const char *title =
	    subst(r, T("Working-day calendar {year}"), "year", arena_printf(r->a, "%d", year));
	ui_page_begin(r, title);
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p "
	            "class=\"lead\">%h</p></div><div class=\"actions\"><a class=\"button\" "
	            "href=\"/calendar/%d\">%h %d</a> <a class=\"button\" href=\"/calendar/%d\">%h "
	            "%d</a></div></div>",
	            T("Public notice periods are counted in working days (§4.2)"), title,
	            T("Public holidays and make-up working days (调休). Every other Monday to "
	              "Friday is a working day; every other Saturday and Sunday is a rest day."),
	            year - 1, T("Year"), year - 1, year + 1, T("Year"), year + 1);
	const char *saved = req_query(r, "saved");
	if (saved && !strcmp(saved, "1") && !r->e.status)
		html_printf(b, "<div class=\"notice-ok\" role=\"status\">%h</div>",
		            T("The calendar was saved."));
	if (!json_is_true(json_object_get(y, "complete")))
		html_printf(
		    b,
		    "<div class=\"warning-banner\" role=\"alert\" data-code=\"calendar_incomplete"
		    "\"><b>%h</b> %h</div>",
		    subst(r, T("No data for {year}."), "year", arena_printf(r->a, "%d", year)),
		    T(jstr(y, "warning")));
	html_printf(
	    b,
	    "<section class=\"card\"><dl class=\"facts\"><div><dt>%h</dt><dd>%lld</dd></div>"
	    "<div><dt>%h</dt><dd>%zu</dd></div></dl>",
	    T("Working days in the year"), jint(y, "working_days"), T("Special days"),
	    json_array_size(json_object_get(y, "days")));
	json_t *days = json_object_get(y, "days");
	if (json_array_size(days)) {
		html_printf(
		    b,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
		    "<table class=\"list\"><thead><tr><th "
		    "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		    "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
		    T("Special days"), T("Date"), T("Weekday"), T("Kind"), T("Name"), T("Source"));
		size_t i;
		json_t *d;
		json_array_foreach(days, i, d)
		{
			cal_date cd = {0, 0, 0};
			cal_parse(jstr(d, "date"), &cd);
			bool hol = !strcmp(jstr(d, "kind"), "holiday");
			html_printf(b,
			            "<tr><td class=\"nowrap\">%h</td><td>%h</td><td><span "
			            "class=\"tag%h\">%h</span></td><td>%h</td><td><small>%h</small>"
			            "</td></tr>",
			            jstr(d, "date"), cd.y ? weekday_label(r, cd) : "",
			            hol ? " holiday" : " workday",
			            hol ? T("Holiday") : T("Make-up working day"), jstr(d, "name"),
			            jstr(d, "source"));
		}
		html_printf(b, "</tbody></table></div>");
	}
	html_printf(b, "</section>");
	if (admin) {
		html_printf(b, "<section class=\"card\" id=\"edit\"><h2>%h</h2>",
		            T("Edit this year"));
		form_error(r, T("Not saved."));
		html_printf(b, "<form method=\"post\" action=\"/calendar/%d\" class=\"form\">",
		            year);
		csrf_field(r);
		html_printf(b,
		            "<div class=\"field\"><label for=\"f-days\">%h</label><textarea "
		            "id=\"f-days\" name=\"days\" rows=\"18\" class=\"mono\" "
		            "spellcheck=\"false\"",
		            T("Special days, one a line: date,kind,name,source"));
		if (r->e.status)
			html_raw(b, " aria-invalid=\"true\"");
		html_printf(b, ">%h</textarea><small class=\"hint\">%h</small></div>",
		            text ? text : days_csv(r, y),
		            T("kind is holiday (a day off, any day of the week) or workday (a "
		              "Saturday or Sunday that works). Every line must fall in this year; "
		              "saving replaces the whole year."));
		html_printf(
		    b,
		    "<div class=\"field\"><label for=\"f-reason\">%h</label><input "
		    "id=\"f-reason\" name=\"reason\" maxlength=\"2000\" value=\"%a\"></div>"
		    "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
		    "</button></div></form></section>",
		    T("Reason (recorded in the history)"),
		    req_form(r, "reason") ? req_form(r, "reason") : "", T("Save"));
	}
	ui_page_end(r);
	return reply_html(r, status);
}

static int ui_year(req *r, int *year)
{
	*year = calendar_parse_year(req_param(r, "year"));
	if (*year < 0)
		return err_set(&r->e, 404, "not_found", NULL, "No such page or resource.");
	return 0;
}

int ui_calendar(req *r)
{
	int year;
	if (ui_year(r, &year) < 0)
		return -1;
	json_t *y = calendar_year_get(r->app, r->a, year, &r->e);
	if (!y)
		return -1;
	int rc = calendar_page(r, year, y, NULL, 200);
	json_decref(y);
	return rc;
}

#define CALENDAR_TEXT_MAX 65536

static const char *line_label(req *r, int lineno)
{
	return subst(r, T("line {n}"), "n", arena_printf(r->a, "%d", lineno));
}

/* The textarea's CSV lines as {"days":[...]}; *lines maps each day to its line number. */
static json_t *parse_days_text(req *r, const char *text, int **lines)
{
	json_t *days = json_array();
	size_t pos = 0, len, total = strlen(text);
	const char *line;
	int lineno = 0, n = 0;
	*lines = arena_alloc(r->a, (total / 11 + 2) * sizeof **lines);
	while (csv_next_line(text, total, &pos, &line, &len)) {
		lineno++;
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		while (len && *line == ' ') {
			line++;
			len--;
		}
		if (!len || *line == '#' || (len >= 5 && !strncmp(line, "date,", 5)))
			continue;
		if (lineno == 1 && len >= 3 && !strncmp(line, "\xef\xbb\xbf", 3)) {
			line += 3;
			len -= 3;
		}
		const char *f[4] = {"", "", "", ""};
		int nf = csv_split(r->a, line, len, f, 4);
		if (nf < 2) {
			json_decref(days);
			err_setf(&r->e, 400, "invalid_value",
			         "{field} must read date,kind,name,source.", "%s",
			         line_label(r, lineno));
			return NULL;
		}
		json_t *d = json_object();
		json_t *vals[4] = {json_string(f[0]), json_string(f[1]),
		                   json_string(nf > 2 ? f[2] : ""),
		                   json_string(nf > 3 ? f[3] : "")};
		static const char *const K[4] = {"date", "kind", "name", "source"};
		for (int k = 0; k < 4; k++) {
			if (!vals[k]) {
				for (int j = k + 1; j < 4; j++)
					json_decref(vals[j]);
				json_decref(d);
				json_decref(days);
				err_setf(&r->e, 400, "invalid_text",
				         "{field} is not valid UTF-8 text.", "%s",
				         line_label(r, lineno));
				return NULL;
			}
			json_object_set_new(d, K[k], vals[k]);
		}
		json_array_append_new(days, d);
		(*lines)[n++] = lineno;
	}
	return json_pack("{s:o}", "days", days);
}

int ui_calendar_save(req *r)
{
	int year;
	if (ui_year(r, &year) < 0)
		return -1;
	const char *text = req_form(r, "days");
	if (!text)
		text = "";
	int *lines = NULL;
	json_t *body = NULL, *out = NULL;
	if (strlen(text) > CALENDAR_TEXT_MAX)
		err_set(&r->e, 413, "payload_too_large", NULL, "The request body is too large.");
	else
		body = parse_days_text(r, text, &lines);
	if (body && form_str(r, body, "reason") == 0) {
		json_t *reason = json_object_get(body, "reason");
		if (json_is_string(reason) && !*json_string_value(reason))
			json_object_del(body, "reason");
		size_t nd = json_array_size(json_object_get(body, "days"));
		if (calendar_year_put(r->app, r->a, &r->who, year, body, &out, &r->e) == 0) {
			json_decref(body);
			json_decref(out);
			return reply_redirect(r, arena_printf(r->a, "/calendar/%d?saved=1", year));
		}
		/* days[i].x -> the line the admin typed it on */
		const char *f = r->e.field;
		if (f && !strncmp(f, "days[", 5)) {
			size_t i = strtoul(f + 5, NULL, 10);
			if (i < nd)
				err_setf(&r->e, r->e.status, r->e.code, r->e.msg, "%s",
				         line_label(r, lines[i]));
		}
	}
	json_decref(body);
	/* the form again, with the error, the text as typed and the year as stored */
	err keep = r->e;
	err_clear(&r->e);
	json_t *y = calendar_year_get(r->app, r->a, year, &r->e);
	if (!y) {
		err_free_details(&keep);
		return -1;
	}
	r->e = keep; /* same address: a field in r->e.field_buf stays valid */
	int rc = calendar_page(r, year, y, text, r->e.status ? r->e.status : 500);
	json_decref(y);
	return rc;
}
