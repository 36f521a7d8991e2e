/* The public portal (§4.2), no log-in: the open notices, one notice with its published
 * comments and the comment form, and the register of launched pilots and coaching projects. */
#include "web/ui_public.h"

#include <string.h>

#include "app/complaints.h"
#include "app/notices.h"
#include "app/sanctions.h"
#include "app/tlog.h"
#include "core/workflow.h"
#include "web/html.h"
#include "web/ui.h"
#include "web/ui_notices.h"

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
			            ui_technology_label(r, json_string_value(t)));
	}
}

/* The public's sub-navigation: the portal needs no log-in and has no main menu. */
static void public_nav(req *r)
{
	bool list = !strcmp(r->path, "/public");
	bool pilots = !strcmp(r->path, "/public/pilots");
	html_printf(&r->out, "<nav class=\"sub-nav\" aria-label=\"%a\">", T("Public portal"));
	ui_nav_link(r, "/public", list, T("Open public notices"));
	ui_nav_link(r, "/public/pilots", pilots, T("Register of pilots"));
	ui_nav_link(r, "/public/complaints/new", !strncmp(r->path, "/public/complaints", 18),
	            T("Complaints"));
	ui_nav_link(r, "/public/log", !strcmp(r->path, "/public/log"), T("Transparency log"));
	html_printf(&r->out, "</nav>");
}

/* A page of the portal: its sub-navigation and heading. */
static void public_page_begin(req *r, const char *title, const char *eyebrow, const char *h1,
                              const char *lead)
{
	ui_page_begin(r, title);
	public_nav(r);
	ui_page_head(r, eyebrow, h1, lead);
}

void ui_public_page_begin(req *r, const char *title, const char *eyebrow, const char *h1,
                          const char *lead)
{
	public_page_begin(r, title, eyebrow, h1, lead);
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

/* An open notice in the list: its name, track and technologies, summary and period. */
static void notice_card(req *r, json_t *n, void *ctx)
{
	buf *b = &r->out;
	html_printf(
	    b,
	    "<article class=\"card notice-card\"><h2><a href=\"/public/notices/%lld\">%h</a>"
	    "</h2><p><span class=\"tag plain\">%h</span> ",
	    jint(n, "id"), jstr(n, "name"), ui_track_label(r, jstr(n, "track"), true));
	tech_tags(r, n);
	html_printf(b, "</p>");
	if (*jstr(n, "summary"))
		html_printf(b, "<p class=\"prose\">%h</p>", jstr(n, "summary"));
	html_printf(b,
	            "<dl class=\"facts\"><div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt>"
	            "<dd>%h – %h</dd></div><div><dt>%h</dt><dd>%lld</dd></div></dl>"
	            "<p><a class=\"button primary\" href=\"/public/notices/%lld\">%h</a></p>"
	            "</article>",
	            T("Lead applicant"), lead_name(n), T("Notice period"), jstr(n, "opens_on"),
	            jstr(n, "closes_on"), T("Published comments"), jint(n, "published_comments"),
	            jint(n, "id"), T("Read and comment"));
}

int ui_public_notices(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = notice_public_list(r->app, r->a, after, limit, &r->e);
	if (!list)
		return -1;
	public_page_begin(r, T("Public notices"), T("Public notice (§4.2)"),
	                  T("Projects under public notice"),
	                  T("Before a pilot launches, its public information is noticed for a "
	                    "number of working days. Anyone may read it and comment; comments "
	                    "appear here once the working group has moderated them."));
	ui_each(r, json_object_get(list, "items"), T("No project is under public notice now."),
	        notice_card, NULL);
	ui_pager(r, list, "/public", NULL, NULL);
	json_decref(list);
	return ui_page_end(r, 200);
}

static void comment_form(req *r, json_t *n)
{
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"comment-form\" aria-labelledby=\"h-form\"><h2 "
	            "id=\"h-form\">%h</h2><p class=\"hint\">%h</p>",
	            T("Send a comment"),
	            T("Comments are read by the working group and published after moderation. "
	              "Your contact details are seen only by the working group; your network "
	              "address is not stored."));
	ui_form_error(r, T("Not sent."), NULL);
	html_printf(b,
	            "<form method=\"post\" action=\"/public/notices/%lld/comments\" "
	            "class=\"form\">",
	            jint(n, "id"));
	ui_csrf_field(r);
	ui_body_area(r, T("Your comment"), 6, COMMENT_BODY_MAX, ui_posted(r, "body"));
	html_printf(b, "<small class=\"hint\">%h</small></div>", T("At most 2000 characters."));
	html_printf(b,
	            "<div class=\"row3\"><div class=\"field\"><label for=\"f-author\">%h</label>"
	            "<input id=\"f-author\" name=\"author\" maxlength=\"%d\" autocomplete=\"name\" "
	            "value=\"%a\"",
	            T("Your name (optional, published)"), COMMENT_AUTHOR_MAX,
	            ui_posted(r, "author"));
	html_raw(b, ui_invalid_attr(ui_invalid(r, "author")));
	html_printf(b,
	            "></div><div class=\"field\"><label for=\"f-contact\">%h</label><input "
	            "id=\"f-contact\" name=\"contact\" maxlength=\"%d\" value=\"%a\"",
	            T("How to reach you (optional, not published)"), COMMENT_CONTACT_MAX,
	            ui_posted(r, "contact"));
	html_raw(b, ui_invalid_attr(ui_invalid(r, "contact")));
	html_printf(b, "></div></div>");
	html_printf(b,
	            "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
	            "</button></div></form></section>",
	            T("Send comment"));
}

/* A comment the working group published, with the applicant's response. */
static void published_comment(req *r, json_t *c, void *ctx)
{
	const char *author = jstr(c, "author");
	html_printf(
	    &r->out,
	    "<article class=\"comment\" id=\"comment-%lld\"><p class=\"eyebrow\">%h · %h</p>"
	    "<p class=\"prose\">%h</p>",
	    jint(c, "id"), *author ? author : T("Anonymous"), ui_time_cst(r, jint(c, "created_at")),
	    jstr(c, "body"));
	notice_response(r, json_object_get(c, "response"));
	html_printf(&r->out, "</article>");
}

/* A leaf's kind as the public reads it: the history entry of a workflow action, else the
 * event kind's label. */
static const char *kind_label(req *r, const char *kind)
{
	static const char project[] = "project.";
	if (!strncmp(kind, project, sizeof project - 1)) {
		const action_info *ai = workflow_action_info(kind + sizeof project - 1);
		if (ai)
			return T(ai->done);
	}
	return T(kind);
}

/* The log's leaves of a project's public records and the link to /public/log (nothing when the
 * project has none). */
static void log_leaves(req *r, long long project_id)
{
	err e;
	err_clear(&e);
	json_t *list = tlog_subject_leaves(r->app, r->a, "project", project_id, &e);
	err_free_details(&e);
	if (!json_array_size(list)) {
		json_decref(list);
		return;
	}
	buf *b = &r->out;
	html_printf(b, "<p class=\"log-leaves\"><small>%h ", T("In the public transparency log:"));
	size_t i;
	json_t *l;
	json_array_foreach(list, i, l)
	{
		html_printf(b, "%h<span class=\"nowrap\">%h #%lld</span>", i ? T(", ") : "",
		            kind_label(r, jstr(l, "kind")), jint(l, "leaf_index"));
	}
	html_printf(b, " · <a href=\"/public/log\">%h</a></small></p>", T("How to verify"));
	json_decref(list);
}

/* §4.3: a running pilot's page leads to the complaint form about it. */
static void complaint_link(req *r, long long project_id)
{
	if (complaint_channel_open(r->app, r->a, project_id))
		html_printf(
		    &r->out,
		    "<p><a class=\"button\" href=\"/public/complaints/new?project_id=%lld\">%h"
		    "</a></p>",
		    project_id, T("File a complaint about this pilot"));
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
	notice_period_facts(r, n);
	complaint_link(r, jint(n, "project_id"));
	log_leaves(r, jint(n, "project_id")); /* the notice and outcomes in the public log */
	html_printf(b, "</section>");
	public_fields(r, n);

	json_t *comments = json_object_get(n, "comments");
	html_printf(b,
	            "<section class=\"card\" aria-labelledby=\"h-comments\"><h2 "
	            "id=\"h-comments\">%h (%zu)</h2>",
	            T("Published comments"), json_array_size(comments));
	ui_each(r, comments, T("No published comment yet."), published_comment, NULL);
	html_printf(b, "</section>");
	if (json_is_true(json_object_get(n, "open")))
		comment_form(r, n);
	else
		html_printf(b, "<p class=\"empty\">%h</p>",
		            T("This notice is closed; comments are no longer taken."));
	return ui_page_end(r, status);
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
	if (req_param_id(r, "id", &id) < 0 || ui_same_origin(r) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = ui_form_json(r, body, "body", true);
	if (rc == 0)
		rc = ui_form_fields(r, body, (const char *const[]){"author", "contact", NULL});
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

static void pilot_row(req *r, json_t *p, void *ctx)
{
	buf *b = &r->out;
	if (json_is_integer(json_object_get(p, "notice_id")))
		html_printf(b, "<tr><td><a href=\"/public/notices/%lld\">%h</a></td>",
		            jint(p, "notice_id"), jstr(p, "name"));
	else
		html_printf(b, "<tr><td>%h</td>", jstr(p, "name"));
	html_printf(b, "<td>%h</td><td>%h</td><td class=\"nowrap\">%h</td><td>%h", lead_name(p),
	            ui_track_label(r, jstr(p, "track"), true), jstr(p, "launched_on"),
	            ui_state_label(r, jstr(p, "state")));
	if (*jstr(p, "coaching_ends_on"))
		html_printf(b, "<br><small>%h %h</small>", T("Coaching ends on"),
		            jstr(p, "coaching_ends_on"));
	html_printf(b, "</td><td>");
	tech_tags(r, p);
	/* §4.4: the public outcomes of its history (state changes, their dates and clauses) */
	html_printf(b, "</td><td><ol class=\"outcomes\">");
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(p, "outcomes"), i, o) html_printf(
	    b, "<li data-action=\"%a\"><span class=\"nowrap\">%h</span> %h <small>%h</small></li>",
	    jstr(o, "action"), jstr(o, "on"), T(jstr(o, "label")), jstr(o, "clause"));
	html_printf(b, "</ol>");
	log_leaves(r, jint(p, "project_id")); /* each record's leaf in the public log */
	html_printf(b, "</td></tr>");
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
	json_t *list = public_register(r->app, r->a, track, after, limit, &r->e);
	if (!list)
		return -1;
	buf *b = &r->out;
	public_page_begin(r, T("Register of pilots"), T("Public register (§4.2, §3.3)"),
	                  T("Register of pilots"),
	                  T("Projects that passed the public notice and launched, and technology "
	                    "firms in coaching. No coaching project runs live financial business "
	                    "(§3.3)."));
	html_printf(b, "<p class=\"filters\">");
	ui_nav_link(r, "/public/pilots", !track, T("All"));
	html_printf(b, " · ");
	ui_nav_link(r, "/public/pilots?track=pilot", track && !strcmp(track, "pilot"), T("Pilots"));
	html_printf(b, " · ");
	ui_nav_link(r, "/public/pilots?track=coaching", track && !strcmp(track, "coaching"),
	            T("Coaching (§3.3)"));
	html_printf(b, "</p>");
	ui_table(
	    r, T("Register of pilots"), "register",
	    (const char *const[]){T("Project"), T("Lead applicant"), T("Track"), T("Launched on"),
	                          T("Status"), T("Technologies"), T("History of outcomes"), NULL},
	    json_object_get(list, "items"), pilot_row, NULL, T("No project has launched yet."));
	ui_pager(r, list, "/public/pilots", "track", track);
	html_printf(b, "<p><a href=\"/public/recognitions\">%h</a></p>", T("Recognitions (§5.1)"));
	html_printf(b, "<p><a href=\"/public/exits\">%h</a></p>", T("Exit announcements"));
	json_decref(list);
	return ui_page_end(r, 200);
}
