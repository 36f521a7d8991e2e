/* The public notice of a project (§4.2) as staff and applicants see it: the comments section
 * of the project page with the officers' moderation and classification forms and the lead
 * applicant's response form, and the pieces the public portal (ui_public.c) shares. */
#include "web/ui_notices.h"

#include <string.h>

#include "app/notices.h"
#include "web/html.h"

#define COMMENTS_SHOWN 200

/* ---- shared with the public portal ---- */

void notice_period_facts(req *r, json_t *n)
{
	bool open = json_is_true(json_object_get(n, "open"));
	html_printf(&r->out,
	            "<dl class=\"facts\"><div><dt>%h</dt><dd>%h – %h</dd></div><div><dt>%h</dt>"
	            "<dd>%lld</dd></div><div><dt>%h</dt><dd><span class=\"tag%h\">%h</span></dd>"
	            "</div><div><dt>%h</dt><dd>%h</dd></div></dl>",
	            T("Notice period"), jstr(n, "opens_on"), jstr(n, "closes_on"),
	            T("Working days"), jint(n, "working_days"), T("Comment period"),
	            open ? " open" : "", open ? T("Open for comments") : T("Closed"), T("Track"),
	            ui_track_label(r, jstr(n, "track"), true));
}

/* The applicant's answer to a comment. */
void notice_response(req *r, json_t *resp)
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

/* ---- comments of a project (staff and applicants) ---- */

/* An officer's form on a comment: one field of two choices (moderation, classification)
 * and a reason; verb is the path's last part, letter the first of its ids. The labels are
 * message ids of the catalog. */
typedef struct choice_form {
	const char *verb, *letter, *name, *label;
	const char *value[2], *option[2];
	const char *reason, *button;
} choice_form;

static const choice_form MODERATION = {"moderate",
                                       "m",
                                       "status",
                                       N_("Moderation"),
                                       {"published", "hidden"},
                                       {N_("Publish"), N_("Hide")},
                                       N_("Reason (required to hide)"),
                                       N_("Save")};
static const choice_form CLASSIFICATION = {"classify",
                                           "c",
                                           "classification",
                                           N_("Classification"),
                                           {"ordinary", "major_risk"},
                                           {N_("Ordinary"), N_("Major risk")},
                                           N_("Reason (optional)"),
                                           N_("Classify")};

static void comment_choice_form(req *r, long long id, const char *back, const choice_form *f,
                                const char *current)
{
	html_printf(&r->out,
	            "<form method=\"post\" action=\"/comments/%lld/%a\" class=\"inline-form\">", id,
	            f->verb);
	ui_csrf_field(r);
	html_printf(&r->out,
	            "<input type=\"hidden\" name=\"next\" value=\"%a\"><label for=\"%a-%lld\">%h"
	            "</label><select id=\"%a-%lld\" name=\"%a\">",
	            back, f->letter, id, T(f->label), f->letter, id, f->name);
	for (int k = 0; k < 2; k++)
		html_printf(&r->out, "<option value=\"%a\"%h>%h</option>", f->value[k],
		            !strcmp(current, f->value[k]) ? " selected" : "", T(f->option[k]));
	html_printf(&r->out,
	            "</select><input name=\"reason\" maxlength=\"2000\" placeholder=\"%a\" "
	            "aria-label=\"%a\"><button type=\"submit\">%h</button></form>",
	            T(f->reason), T("Reason"), T(f->button));
}

/* A part of the lead applicant's response (§4.2), required for a major risk. */
static void response_text(req *r, const char *letter, long long id, const char *name,
                          const char *label, json_t *resp, bool required)
{
	html_printf(&r->out,
	            "<div class=\"field\"><label for=\"%a-%lld\">%h</label><textarea "
	            "id=\"%a-%lld\" name=\"%a\" rows=\"3\" maxlength=\"%d\"",
	            letter, id, label, letter, id, name, COMMENT_RESPONSE_MAX);
	html_raw(&r->out, required ? " required" : "");
	html_printf(&r->out, ">%h</textarea></div>", jstr(resp, name));
}

static void comment_staff_forms(req *r, json_t *c, json_t *may, const char *back)
{
	buf *b = &r->out;
	long long id = jint(c, "id");
	if (json_is_true(json_object_get(may, "moderate")))
		comment_choice_form(r, id, back, &MODERATION, jstr(c, "status"));
	if (json_is_true(json_object_get(may, "classify")))
		comment_choice_form(r, id, back, &CLASSIFICATION, jstr(c, "classification"));
	if (json_is_true(json_object_get(may, "respond"))) {
		json_t *resp = json_object_get(c, "response");
		bool major = !strcmp(jstr(c, "classification"), "major_risk");
		html_printf(
		    b,
		    "<details class=\"respond\"%h><summary>%h</summary><form method=\"post\" "
		    "action=\"/comments/%lld/response\" class=\"form\">",
		    major && !json_is_object(resp) ? " open" : "",
		    json_is_object(resp) ? T("Replace the response") : T("Respond"), id);
		ui_csrf_field(r);
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
		response_text(r, "s", id, "safeguards", T("Safeguards"), resp, major);
		response_text(r, "k", id, "compensation", T("Compensation mechanism"), resp, major);
		html_printf(b,
		            "<div class=\"form-actions\"><button type=\"submit\" "
		            "class=\"primary\">%h</button></div></form></details>",
		            T("Send response"));
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
	notice_period_facts(r, n);
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
		notice_response(r, json_object_get(c, "response"));
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
	html_printf(&r->out, "<p class=\"crumbs\"><a href=\"/projects/%lld\">%h</a></p>",
	            (long long)id, T("Back to the project"));
	ui_page_head(r, NULL, T("Public comments"), NULL);
	ui_comments_section(r, id);
	return ui_page_end(r, 200);
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
	for (const char *const *f = fields; rc == 0 && *f; f++)
		rc = ui_form_json(r, body, *f, strcmp(*f, "reason")); /* an empty reason is none */
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
