/* Complaints about running pilots (§4.3) as pages. The use cases are in src/app/complaints.c;
 * see complaints.h there for who sees what. The public's pages share the portal's navigation
 * (ui_public.c). */
#include "web/ui_complaints.h"

#include <stdlib.h>
#include <string.h>

#include "app/complaints.h"
#include "core/workflow.h"
#include "web/html.h"
#include "web/ui_public.h"

/* ---- labels ---- */

static const ui_label STATUS_LABELS[] = {
    {"open", N_("Open")},
    {"escalated", N_("Escalated")},
    {"resolved", N_("Resolved")},
    {NULL, NULL},
};
static const ui_label LEVEL_LABELS[] = {
    {"working_group", N_("The working group")},
    {"leader", N_("The working group's leader")},
    {"csrc", N_("The CSRC")},
    {NULL, NULL},
};
static const ui_label CHANNEL_LABELS[] = {
    {"public", N_("Filed on the public portal")},
    {"institution", N_("Recorded by the institution")},
    {NULL, NULL},
};
static const ui_label SIDE_LABELS[] = {
    {"working_group", N_("Working group")},
    {"institution", N_("Pilot institution")},
    {NULL, NULL},
};
/* The forms' own field names (ui_field_label). */
static const ui_label FIELDS[] = {
    {"project_id", N_("Pilot")},
    {"name", N_("Your name")},
    {"contact", N_("How to reach you")},
    {"content", N_("Your complaint")},
    {"reference", N_("Reference")},
    {"secret", N_("Secret")},
    {"body", N_("Text")},
    {"resolution", N_("Resolution")},
    {"to", N_("Escalate to")},
    {"reason", N_("Reason")},
    {NULL, NULL},
};
/* What the complaint forms (the public's, the institution's record of one) post. */
static const char *const COMPLAINT_FIELDS[] = {"name", "contact", "content", NULL};

static const char *label_in(req *r, const ui_label *table, const char *id)
{
	for (const ui_label *l = table; l->id; l++)
		if (id && !strcmp(l->id, id))
			return T(l->label);
	return id ? id : "";
}

const char *ui_side_label(req *r, const char *side)
{
	return label_in(r, SIDE_LABELS, side);
}

static void status_tag(req *r, const char *status)
{
	const char *tone = !strcmp(status, "resolved")    ? "ok"
	                   : !strcmp(status, "escalated") ? "warn"
	                                                  : "wait";
	html_printf(&r->out, "<span class=\"tag state st-%a\" data-status=\"%a\">%h</span>", tone,
	            status, label_in(r, STATUS_LABELS, status));
}

/* The due day, flagged when it has passed unanswered. */
static void due_text(req *r, json_t *c)
{
	html_printf(&r->out, "%h", jstr(c, "due_on"));
	if (json_is_true(json_object_get(c, "overdue")))
		html_printf(&r->out, " <span class=\"tag risk\" data-overdue=\"1\">%h</span>",
		            T("Overdue"));
}

/* A textarea of the forms here: id f-NAME, at most max characters, what was typed kept. */
static void text_box(req *r, const char *name, const char *label, int rows, int max, bool required)
{
	html_printf(&r->out,
	            "<div class=\"field\"><label for=\"f-%a\">%h</label><textarea id=\"f-%a\" "
	            "name=\"%a\" rows=\"%d\" maxlength=\"%d\"",
	            name, label, name, name, rows, max);
	html_raw(&r->out, required ? " required" : "");
	html_raw(&r->out, ui_invalid_attr(ui_invalid(r, name)));
	html_printf(&r->out, ">%h</textarea></div>", ui_posted(r, name));
}

/* ---- the public portal ---- */

static void pilot_select(req *r, json_t *pilots, long long chosen)
{
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"field\"><label for=\"f-project_id\">%h</label><select "
	            "id=\"f-project_id\" name=\"project_id\" required",
	            T("Pilot"));
	html_raw(b, ui_invalid_attr(ui_invalid(r, "project_id")));
	html_printf(b, "><option value=\"\">%h</option>", T("Choose a pilot"));
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(pilots, "items"), i, p)
	{
		html_printf(b, "<option value=\"%lld\"%h>%h</option>", jint(p, "project_id"),
		            jint(p, "project_id") == chosen ? " selected" : "", jstr(p, "name"));
	}
	html_printf(b, "</select></div>");
}

static const char *LEAD_FORM =
    N_("Investors may complain about a launched pilot or a coaching project here. The working "
       "group reads every complaint and sees that it is answered by the response deadline.");

/* The form; status 200, or the failure's with what was typed. */
static int public_form_page(req *r, long long chosen, int status)
{
	err e;
	err_clear(&e);
	json_t *pilots = complaint_pilots(r->app, r->a, &e);
	err_free_details(&e);
	buf *b = &r->out;
	ui_public_page_begin(r, T("File a complaint"), T("Complaints (§4.3)"),
	                     T("File a complaint about a pilot"), T(LEAD_FORM));
	ui_form_error(r, T("Not sent."), FIELDS);
	html_printf(b,
	            "<form method=\"post\" action=\"/public/complaints/new\" class=\"form card\" "
	            "id=\"complaint-form\"><p class=\"hint\">%h</p>",
	            T("Your name and how to reach you are seen by the working group only; the "
	              "institution learns your name only if the working group forwards it. Your "
	              "network address is not stored."));
	ui_csrf_field(r);
	pilot_select(r, pilots, chosen);
	ui_text_input(r, "name", T("Your name"), ui_posted(r, "name"), NULL, ui_invalid(r, "name"),
	              " required maxlength=\"100\" autocomplete=\"name\"");
	ui_text_input(r, "contact", T("How to reach you"), ui_posted(r, "contact"),
	              T("A telephone number or an e-mail address."), ui_invalid(r, "contact"),
	              " required maxlength=\"200\"");
	text_box(r, "content", T("Your complaint"), 8, COMPLAINT_CONTENT_MAX, true);
	html_printf(b,
	            "<p class=\"hint\">%h</p><div class=\"form-actions\"><button type=\"submit\" "
	            "class=\"primary\">%h</button></div></form>",
	            T("At most 5000 characters."), T("File the complaint"));
	html_printf(b, "<p><a href=\"/public/complaints/lookup\">%h</a></p>",
	            T("Follow a complaint you filed"));
	json_decref(pilots);
	return ui_page_end(r, status);
}

int ui_public_complaint_form(req *r)
{
	const char *q = req_query(r, "project_id");
	return public_form_page(r, q ? ui_parse_count(q) : -1, 200);
}

/* The reference and the secret, shown once (the public's filing, the institution's record). */
static void secret_card(req *r, json_t *out)
{
	html_printf(&r->out,
	            "<div class=\"notice-ok\" role=\"status\"><b>%h</b> %h</div><section "
	            "class=\"card\" id=\"complaint-secret\"><dl class=\"facts\"><div><dt>%h</dt>"
	            "<dd><code data-reference=\"%a\">%h</code></dd></div><div><dt>%h</dt><dd><code "
	            "data-secret=\"%a\">%h</code></dd></div><div><dt>%h</dt><dd>%h</dd></div></dl>"
	            "<p class=\"hint\">%h</p><p><a class=\"button\" "
	            "href=\"/public/complaints/lookup\">%h</a></p></section>",
	            T("Received."), T("The complaint is on record."), T("Reference"),
	            jstr(out, "reference"), jstr(out, "reference"), T("Secret"),
	            jstr(out, "secret"), jstr(out, "secret"), T("Answer due by"),
	            jstr(out, "due_on"),
	            T("Keep the reference and the secret: together they let the complainant follow "
	              "the complaint and read the answers. The secret is shown only this once; "
	              "nobody can tell it again."),
	            T("Follow a complaint"));
}

int ui_public_complaint_file(req *r)
{
	if (ui_same_origin(r) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	long long pid = ui_parse_count(ui_trim(r, req_form(r, "project_id")));
	int rc = 0;
	if (pid < 0)
		rc = err_set(&r->e, 400, "missing_field", "project_id",
		             "Field {field} is required.");
	else
		json_object_set_new(body, "project_id", json_integer(pid));
	if (rc == 0)
		rc = ui_form_fields(r, body, COMPLAINT_FIELDS);
	if (rc == 0)
		rc = complaint_file_public(r->app, r->a, body, r->address, &out, &r->e);
	json_decref(body);
	if (rc < 0) {
		if (r->e.retry_after_s)
			req_add_header(r, "Retry-After",
			               arena_printf(r->a, "%d", r->e.retry_after_s));
		return public_form_page(r, pid, r->e.status ? r->e.status : 500);
	}
	ui_public_page_begin(r, T("Complaint received"), T("Complaints (§4.3)"),
	                     T("Complaint received"), NULL);
	secret_card(r, out);
	json_decref(out);
	return ui_page_end(r, 201);
}

static void lookup_form(req *r)
{
	html_printf(
	    &r->out,
	    "<form method=\"post\" action=\"/public/complaints/lookup\" class=\"form card\" "
	    "id=\"lookup-form\">");
	ui_text_input(r, "reference", T("Reference"), ui_posted(r, "reference"),
	              T("For example TS-2026-4K7Q2M9XHB."), ui_invalid(r, "reference"),
	              " required maxlength=\"40\" autocomplete=\"off\"");
	ui_text_input(r, "secret", T("Secret"), "",
	              T("The secret shown when the complaint was filed."), false,
	              " type=\"password\" required maxlength=\"64\" autocomplete=\"off\"");
	html_printf(&r->out,
	            "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
	            "</button></div></form>",
	            T("Look up"));
}

static int lookup_page(req *r, json_t *c, int status)
{
	buf *b = &r->out;
	ui_public_page_begin(r, T("Follow a complaint"), T("Complaints (§4.3)"),
	                     T("Follow a complaint"),
	                     T("The reference and the secret you were given when the complaint was "
	                       "filed show its status and the answers meant for you."));
	ui_form_error(r, T("Not found."), FIELDS);
	if (json_is_object(c)) {
		html_printf(
		    b,
		    "<section class=\"card\" id=\"complaint\" aria-labelledby=\"h-complaint\">"
		    "<h2 id=\"h-complaint\">%h</h2><dl class=\"facts\">",
		    jstr(c, "reference"));
		ui_fact(r, T("Pilot"), jstr(c, "project_name"));
		html_printf(b, "<div><dt>%h</dt><dd>", T("Status"));
		status_tag(r, jstr(c, "status"));
		html_printf(b, "</dd></div>");
		ui_fact(r, T("Filed"), ui_time_cst(r, jint(c, "filed_at")));
		ui_fact(r, T("Answer due by"), jstr(c, "due_on"));
		html_printf(b, "</dl><h3>%h</h3>", T("Answers"));
		json_t *answers = json_object_get(c, "answers");
		if (!json_array_size(answers))
			ui_empty(r, T("No answer yet."));
		size_t i;
		json_t *x;
		json_array_foreach(answers, i, x)
		{
			html_printf(b,
			            "<article class=\"comment\"><p class=\"eyebrow\">%h · %h</p><p "
			            "class=\"prose\">%h</p></article>",
			            ui_side_label(r, jstr(x, "side")),
			            ui_time_cst(r, jint(x, "created_at")), jstr(x, "body"));
		}
		if (*jstr(c, "resolution"))
			html_printf(b, "<h3>%h</h3><p class=\"prose\">%h</p>", T("Resolution"),
			            jstr(c, "resolution"));
		html_printf(b, "</section>");
	}
	lookup_form(r);
	return ui_page_end(r, status);
}

int ui_public_complaint_lookup_form(req *r)
{
	return lookup_page(r, NULL, 200);
}

int ui_public_complaint_lookup(req *r)
{
	const char *ref = ui_trim(r, req_form(r, "reference"));
	json_t *c = complaint_lookup(r->app, r->a, ref, req_form(r, "secret"), &r->e);
	int rc = lookup_page(r, c, c ? 200 : r->e.status ? r->e.status : 500);
	json_decref(c);
	return rc;
}

/* ---- the working group's queue and a project's complaints ---- */

static void complaint_row(req *r, json_t *c, void *ctx)
{
	buf *b = &r->out;
	html_printf(b,
	            "<tr data-complaint=\"%lld\"><td><a href=\"/complaints/%lld\">%h</a></td>"
	            "<td>%h</td><td>%h</td><td>",
	            jint(c, "id"), jint(c, "id"), jstr(c, "reference"), jstr(c, "project_name"),
	            label_in(r, CHANNEL_LABELS, jstr(c, "channel")));
	status_tag(r, jstr(c, "status"));
	html_printf(b, "</td><td class=\"nowrap\">%h</td><td class=\"nowrap\">",
	            ui_time_cst(r, jint(c, "filed_at")));
	due_text(r, c);
	html_printf(b, "</td></tr>");
}

static void complaints_table(req *r, json_t *list, const char *empty)
{
	ui_table(r, T("Complaints"), "complaints stack-sm",
	         (const char *const[]){T("Reference"), T("Pilot"), T("Channel"), T("Status"),
	                               T("Filed"), T("Answer due by"), NULL},
	         json_object_get(list, "items"), complaint_row, NULL, empty);
}

/* Links to the lists of one status (and all): path?status=... */
static void status_filters(req *r, const char *path, const char *status)
{
	html_printf(&r->out, "<p class=\"filters\">");
	ui_nav_link(r, path, !status, T("All"));
	for (const ui_label *l = STATUS_LABELS; l->id; l++) {
		html_printf(&r->out, " · ");
		ui_nav_link(r, arena_printf(r->a, "%s?status=%s", path, l->id),
		            status && !strcmp(status, l->id), T(l->label));
	}
	html_printf(&r->out, "</p>");
}

static const char *status_param(req *r)
{
	const char *s = req_query(r, "status");
	return s && *s ? s : NULL;
}

int ui_complaints(req *r)
{
	int64_t after;
	int limit;
	const char *status = status_param(r);
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = complaint_list(r->app, r->a, &r->who, status, after, limit, &r->e);
	if (!list)
		return -1;
	ui_page_titled(
	    r, T("Supervision (§4.3)"), T("Complaints"),
	    r->who.role == ROLE_CSRC
	        ? T("The complaints the working group escalated to the CSRC.")
	        : T("Every complaint about a running pilot, with its response deadline."));
	status_filters(r, "/complaints", status);
	complaints_table(r, list, T("No complaint."));
	ui_pager(r, list, "/complaints", status ? "status" : NULL, status);
	json_decref(list);
	return ui_page_end(r, 200);
}

void ui_complaints_figures(req *r, int64_t project_id)
{
	err e;
	err_clear(&e);
	json_t *s = complaint_stats(r->app, r->a, &r->who, project_id, &e);
	err_free_details(&e);
	if (!s)
		return;
	buf *b = &r->out;
	json_t *by = json_object_get(s, "by_status"),
	       *median = json_object_get(s, "median_days_to_resolve");
	html_printf(b, "<dl class=\"facts\" id=\"complaint-figures\">");
	ui_fact(r, T("Complaints"), arena_printf(r->a, "%lld", jint(s, "total")));
	for (const ui_label *l = STATUS_LABELS; l->id; l++)
		ui_fact(r, T(l->label), arena_printf(r->a, "%lld", jint(by, l->id)));
	ui_fact(r, T("Overdue"), arena_printf(r->a, "%lld", jint(s, "overdue")));
	ui_fact(r, T("Resolved after the deadline"),
	        arena_printf(r->a, "%lld", jint(s, "resolved_late")));
	ui_fact(r, T("Median days to resolve"),
	        json_is_number(median) ? arena_printf(r->a, "%.1f", json_number_value(median))
	                               : "—");
	ui_fact(r, T("Response deadline"),
	        subst(r, T("{n} working days"), "n",
	              arena_printf(r->a, "%lld", jint(s, "response_working_days"))));
	html_printf(b, "</dl><p><a href=\"/projects/%lld/complaints\">%h</a></p>",
	            (long long)project_id, T("The project's complaints"));
	json_decref(s);
}

/* The institution's form to record a complaint it received. */
static void record_form(req *r, int64_t project_id)
{
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"record\" aria-labelledby=\"h-record\"><h2 "
	            "id=\"h-record\">%h</h2><p class=\"hint\">%h</p>",
	            T("Record a complaint the institution received"),
	            T("The lead applicant records the complaints investors made to the institution "
	              "directly; each gets a reference and a secret to hand to the complainant."));
	ui_form_error(r, T("Not saved."), FIELDS);
	html_printf(b, "<form method=\"post\" action=\"/projects/%lld/complaints\" class=\"form\">",
	            (long long)project_id);
	ui_csrf_field(r);
	ui_text_input(r, "name", T("Complainant's name"), ui_posted(r, "name"), NULL,
	              ui_invalid(r, "name"), " required maxlength=\"100\"");
	ui_text_input(r, "contact", T("Complainant's contact"), ui_posted(r, "contact"), NULL,
	              ui_invalid(r, "contact"), " required maxlength=\"200\"");
	text_box(r, "content", T("The complaint"), 6, COMPLAINT_CONTENT_MAX, true);
	html_printf(b,
	            "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
	            "</button></div></form></section>",
	            T("Record the complaint"));
}

static int project_complaints_page(req *r, int64_t id, int status)
{
	int64_t after;
	int limit;
	const char *st = status_param(r);
	err e;
	err_clear(&e);
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = complaint_list_project(r->app, r->a, &r->who, id, st, after, limit, &e);
	if (!list) {
		err_free_details(&r->e);
		r->e = e;
		return -1;
	}
	const char *path = arena_printf(r->a, "/projects/%lld/complaints", (long long)id);
	ui_page_begin(r, T("Complaints"));
	ui_crumbs(r,
	          (const ui_crumb[]){
	              {"/projects", T("Projects")},
	              {arena_printf(r->a, "/projects/%lld", (long long)id), T("The project")},
	              {NULL, T("Complaints")}},
	          3);
	ui_page_head(r, T("Supervision (§4.3)"), T("Complaints"), NULL);
	html_printf(&r->out, "<section class=\"card\">");
	ui_complaints_figures(r, id);
	html_printf(&r->out, "</section>");
	status_filters(r, path, st);
	complaints_table(r, list, T("No complaint."));
	ui_pager(r, list, path, st ? "status" : NULL, st);
	if (r->who.role == ROLE_INSTITUTION)
		record_form(r, id);
	json_decref(list);
	return ui_page_end(r, status);
}

int ui_project_complaints(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return project_complaints_page(r, id, 200);
}

int ui_project_complaint_record(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = ui_form_fields(r, body, COMPLAINT_FIELDS);
	if (rc == 0)
		rc = complaint_record(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	if (rc < 0)
		return r->e.status == 404
		           ? -1
		           : project_complaints_page(r, id, r->e.status ? r->e.status : 500);
	ui_page_begin(r, T("Complaint recorded"));
	ui_crumbs(
	    r,
	    (const ui_crumb[]){
	        {arena_printf(r->a, "/projects/%lld/complaints", (long long)id), T("Complaints")},
	        {NULL, jstr(out, "reference")}},
	    2);
	ui_page_head(r, T("Supervision (§4.3)"), T("Complaint recorded"), NULL);
	secret_card(r, out);
	html_printf(&r->out, "<p><a href=\"/complaints/%lld\">%h</a></p>", jint(out, "id"),
	            T("Handle the complaint"));
	json_decref(out);
	return ui_page_end(r, 201);
}

/* ---- one complaint ---- */

static const ui_label DONE[] = {
    {"note", N_("The note was added.")},
    {"forward", N_("The complainant's name was forwarded to the institution.")},
    {"resolve", N_("The complaint is resolved.")},
    {"escalate", N_("The complaint was escalated.")},
    {NULL, NULL},
};

static void complaint_facts(req *r, json_t *c)
{
	buf *b = &r->out;
	html_printf(b, "<section class=\"card\"><dl class=\"facts\"><div><dt>%h</dt><dd>",
	            T("Status"));
	status_tag(r, jstr(c, "status"));
	html_printf(b, "</dd></div>");
	ui_fact(r, T("Pilot"), jstr(c, "project_name"));
	ui_fact(r, T("Channel"), label_in(r, CHANNEL_LABELS, jstr(c, "channel")));
	ui_fact(r, T("Filed"), ui_time_cst(r, jint(c, "filed_at")));
	html_printf(b, "<div><dt>%h</dt><dd>", T("Answer due by"));
	due_text(r, c);
	html_printf(b, "</dd></div>");
	ui_fact(r, T("Complainant"),
	        json_is_string(json_object_get(c, "name"))
	            ? jstr(c, "name")
	            : T("Not forwarded to the institution by the working group"));
	if (json_object_get(c, "contact"))
		ui_fact(r, T("Contact"), jstr(c, "contact"));
	if (*jstr(c, "escalated_to"))
		ui_fact(r, T("Escalated to"), label_in(r, LEVEL_LABELS, jstr(c, "escalated_to")));
	html_printf(b, "</dl><h2>%h</h2><p class=\"prose\">%h</p>", T("The complaint"),
	            jstr(c, "content"));
	if (*jstr(c, "escalation_reason"))
		html_printf(b, "<h3>%h</h3><p class=\"prose\">%h</p>", T("Reason for escalation"),
		            jstr(c, "escalation_reason"));
	if (*jstr(c, "resolution"))
		html_printf(b, "<h3>%h</h3><p class=\"prose\">%h</p>", T("Resolution"),
		            jstr(c, "resolution"));
	html_printf(b, "</section>");
}

static void note_entry(req *r, json_t *n, void *ctx)
{
	html_printf(&r->out,
	            "<article class=\"comment\" id=\"note-%lld\"><p class=\"eyebrow\">%h · %h · %h",
	            jint(n, "id"), ui_side_label(r, jstr(n, "side")), jstr(n, "author"),
	            ui_time_cst(r, jint(n, "created_at")));
	if (json_is_true(json_object_get(n, "to_complainant")))
		html_printf(&r->out, " <span class=\"tag open\">%h</span>",
		            T("Answer to the complainant"));
	html_printf(&r->out, "</p><p class=\"prose\">%h</p></article>", jstr(n, "body"));
}

static void notes_card(req *r, json_t *c)
{
	ui_card_each(r, "notes", T("Handling"), json_object_get(c, "notes"), T("No note yet."),
	             note_entry, NULL);
}

/* The handling forms the caller may use now (the complaint's "may"). */
static void handling_forms(req *r, json_t *c)
{
	buf *b = &r->out;
	json_t *may = json_object_get(c, "may");
	long long id = jint(c, "id");
	json_t *levels = json_object_get(may, "escalate");
	bool note = json_is_true(json_object_get(may, "note"));
	if (!note && !json_array_size(levels) && !json_is_true(json_object_get(may, "forward")))
		return;
	html_printf(b,
	            "<section class=\"card\" id=\"handle\" aria-labelledby=\"h-handle\"><h2 "
	            "id=\"h-handle\">%h</h2>",
	            T("Handle the complaint"));
	ui_form_error(r, T("Not saved."), FIELDS);
	if (note) {
		html_printf(
		    b, "<form method=\"post\" action=\"/complaints/%lld/notes\" class=\"form\">",
		    id);
		ui_csrf_field(r);
		text_box(r, "body", T("Note or answer"), 4, COMPLAINT_TEXT_MAX, true);
		html_printf(
		    b,
		    "<div class=\"field\"><label><input type=\"checkbox\" "
		    "name=\"to_complainant\" value=\"1\"> %h</label></div><div "
		    "class=\"form-actions\"><button type=\"submit\">%h</button></div></form>",
		    T("An answer the complainant reads"), T("Add"));
	}
	if (json_is_true(json_object_get(may, "forward"))) {
		html_printf(
		    b,
		    "<form method=\"post\" action=\"/complaints/%lld/forward\" "
		    "class=\"form\"><p class=\"hint\">%h</p>",
		    id,
		    T("The institution sees the complaint but not who made it, until the "
		      "working group forwards the complainant's name (never the contact)."));
		ui_csrf_field(r);
		html_printf(b,
		            "<div class=\"form-actions\"><button type=\"submit\">%h</button></div>"
		            "</form>",
		            T("Forward the name to the institution"));
	}
	if (json_array_size(levels)) {
		html_printf(
		    b,
		    "<form method=\"post\" action=\"/complaints/%lld/escalate\" "
		    "class=\"form\"><div class=\"field\"><label for=\"f-to\">%h</label><select "
		    "id=\"f-to\" name=\"to\">",
		    id, T("Escalate to"));
		size_t i;
		json_t *l;
		json_array_foreach(levels, i, l)
		    html_printf(b, "<option value=\"%a\">%h</option>", json_string_value(l),
		                label_in(r, LEVEL_LABELS, json_string_value(l)));
		html_printf(b, "</select></div>");
		ui_csrf_field(r);
		text_box(r, "reason", T("Reason"), 3, COMPLAINT_TEXT_MAX, true);
		html_printf(b,
		            "<div class=\"form-actions\"><button type=\"submit\">%h</button></div>"
		            "</form>",
		            T("Escalate"));
	}
	if (json_is_true(json_object_get(may, "resolve"))) {
		html_printf(
		    b, "<form method=\"post\" action=\"/complaints/%lld/resolve\" class=\"form\">",
		    id);
		ui_csrf_field(r);
		text_box(r, "resolution", T("Resolution"), 4, COMPLAINT_TEXT_MAX, true);
		html_printf(b,
		            "<p class=\"hint\">%h</p><div class=\"form-actions\"><button "
		            "type=\"submit\" class=\"primary\">%h</button></div></form>",
		            T("The complainant reads the resolution."), T("Resolve"));
	}
	html_printf(b, "</section>");
}

/* The complaint's page; r->e (when set) is a failed form's error, shown with its status. */
static int complaint_page(req *r, int64_t id)
{
	err e;
	err_clear(&e);
	json_t *c = complaint_get(r->app, r->a, &r->who, id, &e);
	if (!c) {
		err_free_details(&r->e);
		r->e = e;
		return -1;
	}
	int status = r->e.status ? r->e.status : 200;
	buf *b = &r->out;
	ui_page_begin(r, jstr(c, "reference"));
	if (r->who.role == ROLE_INSTITUTION)
		ui_crumbs(r,
		          (const ui_crumb[]){{arena_printf(r->a, "/projects/%lld/complaints",
		                                           jint(c, "project_id")),
		                              T("Complaints")},
		                             {NULL, jstr(c, "reference")}},
		          2);
	else
		ui_crumbs(r,
		          (const ui_crumb[]){{"/complaints", T("Complaints")},
		                             {NULL, jstr(c, "reference")}},
		          2);
	ui_page_head(r, T("Complaint (§4.3)"), jstr(c, "reference"), NULL);
	const char *done = req_query(r, "done");
	for (const ui_label *l = DONE; done && l->id; l++)
		if (!strcmp(l->id, done))
			html_printf(b, "<p class=\"flash\" role=\"status\">%h</p>", T(l->label));
	complaint_facts(r, c);
	notes_card(r, c);
	handling_forms(r, c);
	json_decref(c);
	return ui_page_end(r, status);
}

int ui_complaint_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return complaint_page(r, id);
}

typedef int (*complaint_change)(app *, arena *, const actor *, int64_t, const json_t *, json_t **,
                                err *);

/* A handling form's post: the same use case as the API, then the complaint's page (with the
 * error when it failed). */
static int complaint_form_post(req *r, complaint_change fn, const char *field, const char *done)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = field ? ui_form_json(r, body, field, false) : 0;
	if (rc == 0 && !strcmp(done, "escalate"))
		rc = ui_form_json(r, body, "to", false);
	if (rc == 0 && req_form(r, "to_complainant"))
		json_object_set_new(body, "to_complainant", json_true());
	if (rc == 0)
		rc = fn(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	json_decref(out);
	if (rc == 0)
		return reply_redirect(
		    r, arena_printf(r->a, "/complaints/%lld?done=%s#notes", (long long)id, done));
	if (r->e.status == 404)
		return -1;
	return complaint_page(r, id);
}

int ui_complaint_note(req *r)
{
	return complaint_form_post(r, complaint_note, "body", "note");
}

int ui_complaint_forward(req *r)
{
	return complaint_form_post(r, complaint_forward, NULL, "forward");
}

int ui_complaint_resolve(req *r)
{
	return complaint_form_post(r, complaint_resolve, "resolution", "resolve");
}

int ui_complaint_escalate(req *r)
{
	return complaint_form_post(r, complaint_escalate, "reason", "escalate");
}
