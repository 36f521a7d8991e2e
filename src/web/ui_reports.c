/* Reporting obligations (§4.3.2) on pages. See ui_reports.h. The forms post the same bodies
 * the API takes. */
#include "web/ui_reports.h"

#include <stdlib.h>
#include <string.h>

#include "app/reports.h"
#include "core/text.h"
#include "web/api_reports.h"
#include "web/html.h"

/* ---- labels ---- */

static const ui_label KIND_LABELS[] = {
    {"monthly", N_("Monthly")},
    {"quarterly", N_("Quarterly")},
    {"annual", N_("Annual")},
    {"adhoc", N_("Ad hoc")},
    {NULL, NULL},
};

/* The statuses a list filters by, with the tone of their tag. */
static const struct {
	const char *id, *label, *tone;
} STATUSES[] = {
    {"open", N_("Awaiting submission"), "wait"},
    {"overdue", N_("Overdue"), "bad"},
    {"submitted", N_("Under review"), "warn"},
    {"changes_requested", N_("Changes requested"), "warn"},
    {"accepted", N_("Accepted"), "ok"},
};
#define NSTATUSES (sizeof STATUSES / sizeof *STATUSES)

/* The report's fields as the forms and errors name them. */
static const ui_label FIELDS[] = {
    {"periods", N_("Periods")},
    {"due_working_days", N_("Due after (working days)")},
    {"title", N_("Title")},
    {"due_on", N_("Due on")},
    {"note", N_("Note")},
    {"customers_served", N_("Customers served")},
    {"transaction_volume_fen", N_("Transaction volume (fen)")},
    {"transaction_count", N_("Transactions")},
    {"complaints_received", N_("Complaints received")},
    {"incidents", N_("Incidents")},
    {"boundary_changes", N_("Changes to the test boundaries")},
    {"narrative", N_("Narrative")},
    {"reason", N_("Reason")},
    {"file", N_("Attachment")},
    {NULL, NULL},
};

static const char *kind_label(req *r, const char *id)
{
	int i = ID_INDEX(KIND_LABELS, sizeof KIND_LABELS / sizeof *KIND_LABELS, id);
	return i < 0 ? id : T(KIND_LABELS[i].label);
}

/* The status shown: overdue when open past its due date. */
static void status_tag(req *r, json_t *rep)
{
	const char *id =
	    json_is_true(json_object_get(rep, "overdue")) ? "overdue" : jstr(rep, "status");
	int i = ID_INDEX(STATUSES, NSTATUSES, id);
	if (i < 0)
		html_printf(&r->out, "<span class=\"tag\">%h</span>", id);
	else
		html_printf(&r->out, "<span class=\"tag state st-%a\" data-status=\"%a\">%h</span>",
		            STATUSES[i].tone, id, T(STATUSES[i].label));
}

/* "2026-07 · Monthly" or the ad-hoc request's title. */
static const char *report_name(req *r, json_t *rep)
{
	if (!strcmp(jstr(rep, "kind"), "adhoc"))
		return jstr(rep, "title");
	return arena_printf(r->a, "%s · %s", jstr(rep, "period"), kind_label(r, jstr(rep, "kind")));
}

/* ---- lists ---- */

static void report_row(req *r, json_t *rep, void *ctx)
{
	bool with_project = ctx != NULL;
	html_printf(
	    &r->out,
	    "<tr data-report=\"%lld\"><td>%lld</td><td><a href=\"/reports/%lld\">%h</a></td>",
	    jint(rep, "id"), jint(rep, "id"), jint(rep, "id"), report_name(r, rep));
	if (with_project)
		html_printf(&r->out, "<td><a href=\"/projects/%lld\">%h</a></td>",
		            jint(rep, "project_id"), jstr(rep, "project_name"));
	html_printf(&r->out, "<td class=\"nowrap\">%h</td><td>", jstr(rep, "due_on"));
	status_tag(r, rep);
	html_printf(&r->out, "</td><td>%lld</td></tr>", jint(rep, "version"));
}

/* The status filter: one link per status, the current one marked. */
static void status_filter(req *r, const char *path, const char *current)
{
	html_printf(&r->out, "<nav class=\"filters\" aria-label=\"%a\">", T("Filter by status"));
	ui_nav_link(r, path, !current, T("All"));
	for (size_t i = 0; i < NSTATUSES; i++)
		ui_nav_link(r, arena_printf(r->a, "%s?status=%s", path, STATUSES[i].id),
		            current && !strcmp(current, STATUSES[i].id), T(STATUSES[i].label));
	html_printf(&r->out, "</nav>");
}

static void reports_table(req *r, json_t *list, bool with_project, const char *path,
                          const char *status)
{
	const char *const with[] = {"#",         T("Report"),  T("Project"), T("Due on"),
	                            T("Status"), T("Version"), NULL};
	const char *const without[] = {"#",         T("Report"),  T("Due on"),
	                               T("Status"), T("Version"), NULL};
	ui_table(r, T("Reports"), "reports stack-sm", with_project ? with : without,
	         json_object_get(list, "items"), report_row, with_project ? (void *)1 : NULL,
	         T("No report here."));
	ui_pager(r, list, path, status ? "status" : NULL, status);
}

int ui_reports(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	const char *status = req_query(r, "status");
	json_t *list = report_list(r->app, r->a, &r->who, 0, status, after, limit, &r->e);
	if (!list)
		return -1;
	ui_page_titled(r, T("Supervision (§4.3)"), T("Reports"),
	               T("The reports every supervised project owes: periodic reports and the "
	                 "working group's ad-hoc requests, with what is overdue."));
	status_filter(r, "/reports", status);
	html_printf(&r->out, "<section class=\"card\">");
	reports_table(r, list, true, "/reports", status);
	html_printf(&r->out, "</section>");
	json_decref(list);
	return ui_page_end(r, 200);
}

/* ---- a project's reports ---- */

static bool in_periods(json_t *periods, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(periods, i, v) if (!strcmp(json_string_value(v), id)) return true;
	return false;
}

static void schedule_card(req *r, int64_t id, json_t *sched, bool officer)
{
	buf *b = &r->out;
	json_t *periods = json_object_get(sched, "periods");
	html_printf(b, "<section class=\"card\" id=\"schedule\"><h2>%h</h2>",
	            T("Reporting obligations"));
	if (!officer) {
		html_printf(b, "<p>%h</p>",
		            subst(r,
		                  T("Periodic reports are due {n} working days after each period "
		                    "ends."),
		                  "n",
		                  arena_printf(r->a, "%lld", jint(sched, "due_working_days"))));
		html_printf(b, "<p>");
		ui_tags(r, periods, "subject", kind_label);
		html_printf(b, "</p></section>");
		return;
	}
	html_printf(b, "<form method=\"post\" action=\"/projects/%lld/reporting\">", (long long)id);
	ui_csrf_field(r);
	html_printf(b, "<fieldset><legend>%h</legend><div class=\"choices\">", T("Periods"));
	for (int k = 0; k < 3; k++)
		html_printf(b,
		            "<label class=\"check\"><input type=\"checkbox\" name=\"period_%a\" "
		            "value=\"1\"%h> %h</label>",
		            KIND_LABELS[k].id,
		            in_periods(periods, KIND_LABELS[k].id) ? " checked" : "",
		            T(KIND_LABELS[k].label));
	html_printf(b, "</div></fieldset>");
	ui_text_input(r, "due_working_days", T("Due after (working days)"),
	              arena_printf(r->a, "%lld", jint(sched, "due_working_days")),
	              T("Working days after a period ends, 1 to 60."),
	              ui_invalid(r, "due_working_days"),
	              "inputmode=\"numeric\" required maxlength=\"2\"");
	html_printf(b, "<button type=\"submit\" class=\"primary\">%h</button></form></section>",
	            T("Save the obligations"));
}

static void request_card(req *r, int64_t id)
{
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"request\"><h2>%h</h2><form method=\"post\" "
	            "action=\"/projects/%lld/reports\">",
	            T("Request an ad-hoc report"), (long long)id);
	ui_csrf_field(r);
	ui_text_input(r, "title", T("Title"), ui_posted(r, "title"), NULL, ui_invalid(r, "title"),
	              "required maxlength=\"200\"");
	ui_text_input(r, "due_on", T("Due on"), ui_posted(r, "due_on"), T("YYYY-MM-DD"),
	              ui_invalid(r, "due_on"), "type=\"date\" required");
	ui_text_area(r, "note", T("Note"), ui_posted(r, "note"), NULL, ui_invalid(r, "note"), 3);
	html_printf(b, "<button type=\"submit\" class=\"primary\">%h</button></form></section>",
	            T("Request the report"));
}

static int project_reports_page(req *r, int64_t id, ui_failure *f)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	const char *status = req_query(r, "status");
	json_t *sched = reporting_get(r->app, r->a, &r->who, id, &r->e);
	if (!sched)
		return -1;
	json_t *list = report_list(r->app, r->a, &r->who, id, status, after, limit, &r->e);
	if (!list) {
		json_decref(sched);
		return -1;
	}
	const char *path = arena_printf(r->a, "/projects/%lld/reports", (long long)id);
	ui_page_begin(r, T("Reports"));
	ui_crumbs(r,
	          (const ui_crumb[]){{"/projects", T("Projects")},
	                             {arena_printf(r->a, "/projects/%lld", (long long)id),
	                              arena_printf(r->a, "#%lld", (long long)id)}},
	          2);
	ui_page_head(r, T("Supervision (§4.3)"), T("Reports"),
	             T("Periodic reports and ad-hoc requests of this project; the lead institution "
	               "submits them, the working group reviews them."));
	if (f)
		ui_failure_box(r, f, NULL, FIELDS);
	bool officer = r->who.role == ROLE_OFFICER;
	bool supervised = json_is_true(json_object_get(sched, "supervised"));
	if (!supervised)
		html_printf(&r->out, "<p class=\"hint\">%h</p>",
		            T("The project is not a running pilot under supervision: it owes no "
		              "reports now."));
	status_filter(r, path, status);
	html_printf(&r->out, "<section class=\"card\">");
	reports_table(r, list, false, path, status);
	html_printf(&r->out, "</section>");
	if (supervised)
		schedule_card(r, id, sched, officer);
	if (supervised && officer)
		request_card(r, id);
	json_decref(list);
	json_decref(sched);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_project_reports(req *r)
{
	int64_t id;
	return req_param_id(r, "id", &id) < 0 ? -1 : project_reports_page(r, id, NULL);
}

/* After a form of a project's reports page: to where, or the page again with the failure. */
static int project_form_done(req *r, int64_t id, int rc, json_t *out, const char *to)
{
	return ui_form_done(r, rc, out, to, project_reports_page, id);
}

int ui_reporting_save(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *periods = json_array(), *out = NULL;
	for (int k = 0; k < 3; k++)
		if (req_form(r, arena_printf(r->a, "period_%s", KIND_LABELS[k].id)))
			json_array_append_new(periods, json_string(KIND_LABELS[k].id));
	json_object_set_new(body, "periods", periods);
	const char *days = ui_trim(r, req_form(r, "due_working_days"));
	long long n = ui_parse_count(days);
	json_object_set_new(body, "due_working_days", n > 0 ? json_integer(n) : json_string(days));
	int rc = reporting_configure(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	return project_form_done(
	    r, id, rc, out, arena_printf(r->a, "/projects/%lld/reports#schedule", (long long)id));
}

int ui_report_request(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = ui_form_fields(r, body, (const char *const[]){"title", "due_on", "note", NULL});
	if (rc == 0)
		rc = report_request(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	const char *to =
	    rc == 0 ? arena_printf(r->a, "/reports/%lld",
	                           (long long)json_integer_value(json_object_get(out, "id")))
	            : NULL;
	return project_form_done(r, id, rc, out, to);
}

/* ---- one report ---- */

static void version_card(req *r, json_t *rep, json_t *v)
{
	buf *b = &r->out;
	long long n = jint(v, "version");
	html_printf(b,
	            "<article class=\"card version\" id=\"v%lld\" data-version=\"%lld\"><h3>%h "
	            "%lld</h3>",
	            n, n, T("Version"), n);
	html_printf(b,
	            "<dl class=\"facts\"><div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h"
	            "</dd></div>",
	            T("Submitted by"), jstr(v, "submitted_by_name"), T("Submitted at"),
	            ui_time_cst(r, jint(v, "submitted_at")));
	const char *nums[] = {"customers_served", "transaction_count", "complaints_received",
	                      "incidents"};
	for (int k = 0; k < 4; k++)
		html_printf(b, "<div><dt>%h</dt><dd>%lld</dd></div>",
		            ui_field_label(r, FIELDS, nums[k]), jint(v, nums[k]));
	html_printf(b, "<div><dt>%h</dt><dd>%h</dd></div>", T("Transaction volume (yuan)"),
	            ui_yuan(r, jint(v, "transaction_volume_fen")));
	html_printf(b,
	            "<div class=\"wide\"><dt>%h</dt><dd class=\"prose\">%h</dd></div><div "
	            "class=\"wide\"><dt>%h</dt><dd class=\"prose\">%h</dd></div>",
	            T("Changes to the test boundaries"), jstr(v, "boundary_changes"),
	            T("Narrative"), jstr(v, "narrative"));
	json_t *files = json_object_get(v, "attachments"), *f;
	size_t i;
	if (json_array_size(files)) {
		html_printf(b, "<div class=\"wide\"><dt>%h</dt><dd><ul>", T("Attachments"));
		json_array_foreach(files, i, f) html_printf(
		    b, "<li><a href=\"/api/v1/reports/%lld/attachments/%lld\" download>%h</a></li>",
		    jint(rep, "id"), jint(f, "id"), jstr(f, "filename"));
		html_printf(b, "</ul></dd></div>");
	}
	if (json_is_string(json_object_get(v, "outcome")))
		html_printf(
		    b,
		    "<div class=\"wide\"><dt>%h</dt><dd>%h %h<p class=\"prose\">%h</p></dd></div>",
		    T("Outcome"),
		    !strcmp(jstr(v, "outcome"), "accepted") ? T("Accepted")
		                                            : T("Changes requested"),
		    ui_time_cst(r, jint(v, "decided_at")), jstr(v, "decision_reason"));
	html_printf(b, "</dl></article>");
}

static void number_input(req *r, const char *name, const char *hint)
{
	ui_text_input(r, name, ui_field_label(r, FIELDS, name), ui_posted(r, name), hint,
	              ui_invalid(r, name), "inputmode=\"numeric\" required maxlength=\"18\"");
}

static void submit_card(req *r, json_t *rep)
{
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"submit\"><h2>%h</h2><form method=\"post\" "
	            "action=\"/reports/%lld/versions\" enctype=\"multipart/form-data\">",
	            T("Submit a version"), jint(rep, "id"));
	ui_csrf_field(r);
	html_printf(b, "<div class=\"row3\">");
	number_input(r, "customers_served", NULL);
	number_input(r, "transaction_count", NULL);
	number_input(r, "transaction_volume_fen", T("In fen: 1 yuan is 100 fen."));
	number_input(r, "complaints_received", NULL);
	number_input(r, "incidents", NULL);
	html_printf(b, "</div>");
	ui_text_area(r, "boundary_changes", T("Changes to the test boundaries"),
	             ui_posted(r, "boundary_changes"), T("Leave empty when nothing changed."),
	             ui_invalid(r, "boundary_changes"), 3);
	ui_text_area(r, "narrative", T("Narrative"), ui_posted(r, "narrative"), NULL,
	             ui_invalid(r, "narrative"), 6);
	html_printf(
	    b,
	    "<div class=\"field\"><label for=\"f-file\">%h</label><input id=\"f-file\" "
	    "type=\"file\" name=\"file\" multiple accept=\".pdf,.docx,.xlsx,.png,.jpg,.jpeg\">"
	    "<p class=\"hint\">%h</p></div>",
	    T("Attachments"), T("Up to 4 files: PDF, Word, Excel, PNG or JPEG."));
	html_printf(b, "<button type=\"submit\" class=\"primary\">%h</button></form></section>",
	            T("Submit the report"));
}

static void decide_card(req *r, json_t *rep)
{
	buf *b = &r->out;
	long long id = jint(rep, "id");
	html_printf(b, "<section class=\"card\" id=\"review\"><h2>%h</h2><div class=\"decide\">",
	            T("Review the submitted version"));
	html_printf(b, "<form method=\"post\" action=\"/reports/%lld/accept\">", id);
	ui_csrf_field(r);
	html_printf(b,
	            "<label for=\"accept-reason\">%h</label><textarea id=\"accept-reason\" "
	            "name=\"reason\" rows=\"2\" maxlength=\"4000\"></textarea><button "
	            "type=\"submit\" class=\"primary\">%h</button></form>",
	            T("Reason (optional)"), T("Accept"));
	html_printf(b, "<form method=\"post\" action=\"/reports/%lld/request-changes\">", id);
	ui_csrf_field(r);
	html_printf(b,
	            "<label for=\"changes-reason\">%h</label><textarea id=\"changes-reason\" "
	            "name=\"reason\" rows=\"2\" maxlength=\"4000\" required>%h</textarea><button "
	            "type=\"submit\" class=\"danger\">%h</button></form></div></section>",
	            T("What must change (required)"), ui_posted(r, "reason"), T("Request changes"));
}

static int report_page(req *r, int64_t id, ui_failure *f)
{
	json_t *rep = report_get(r->app, r->a, &r->who, id, &r->e);
	if (!rep)
		return -1;
	buf *b = &r->out;
	long long pid = jint(rep, "project_id");
	const char *name = report_name(r, rep);
	ui_page_begin(r, name);
	ui_crumbs(r,
	          (const ui_crumb[]){
	              {"/projects", T("Projects")},
	              {arena_printf(r->a, "/projects/%lld", pid), jstr(rep, "project_name")},
	              {arena_printf(r->a, "/projects/%lld/reports", pid), T("Reports")}},
	          3);
	html_printf(
	    b, "<div class=\"page-head\"><div><p class=\"eyebrow\">%h · #%lld</p><h1>%h</h1><p>",
	    kind_label(r, jstr(rep, "kind")), (long long)id, name);
	status_tag(r, rep);
	html_printf(b, "</p></div></div>");
	if (req_query(r, "done"))
		html_printf(b, "<p class=\"flash\" role=\"status\">%h</p>", T("Saved."));
	if (f)
		ui_failure_box(r, f, NULL, FIELDS);
	html_printf(b,
	            "<section class=\"card\"><dl class=\"facts\"><div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>",
	            T("Due on"), jstr(rep, "due_on"), T("Reminder on"), jstr(rep, "remind_on"),
	            T("Escalated after"), jstr(rep, "escalate_after"), T("Requested at"),
	            ui_time_cst(r, jint(rep, "requested_at")));
	if (*jstr(rep, "note"))
		html_printf(b, "<div class=\"wide\"><dt>%h</dt><dd class=\"prose\">%h</dd></div>",
		            T("Note"), jstr(rep, "note"));
	html_printf(b, "</dl></section>");
	json_t *versions = json_object_get(rep, "versions"), *v;
	html_printf(b, "<section id=\"versions\"><h2>%h</h2>", T("Versions"));
	if (!json_array_size(versions))
		ui_empty(r, T("No version has been submitted yet."));
	for (size_t i = json_array_size(versions); i-- > 0;) {
		v = json_array_get(versions, i);
		version_card(r, rep, v);
	}
	html_printf(b, "</section>");
	if (json_is_true(json_object_get(rep, "may_submit")))
		submit_card(r, rep);
	if (json_is_true(json_object_get(rep, "may_decide")))
		decide_card(r, rep);
	json_decref(rep);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_report_show(req *r)
{
	int64_t id;
	return req_param_id(r, "id", &id) < 0 ? -1 : report_page(r, id, NULL);
}

/* A form of the report page on {id}, which fn writes: back to the page, or the page again
 * with the failure. */
static int report_form(req *r, int (*fn)(req *r, int64_t id, json_t **out))
{
	int64_t id;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	int rc = fn(r, id, &out);
	return ui_form_done(r, rc, out, arena_printf(r->a, "/reports/%lld?done=1", (long long)id),
	                    report_page, id);
}

int ui_report_submit(req *r)
{
	return report_form(r, reports_submit_form);
}

/* The officer's yes or no on the submitted version, the reason optional. */
static int accept_version(req *r, int64_t id, json_t **out)
{
	return ui_decide(r, report_decide, id, true, out);
}

static int request_changes(req *r, int64_t id, json_t **out)
{
	return ui_decide(r, report_decide, id, false, out);
}

int ui_report_accept(req *r)
{
	return report_form(r, accept_version);
}

int ui_report_request_changes(req *r)
{
	return report_form(r, request_changes);
}

/* ---- the project page's section ---- */

void ui_reports_section(req *r, int64_t project_id)
{
	if (!(r->who.role & (ROLE_OFFICER | ROLE_LEADER | ROLE_INSTITUTION)))
		return;
	err e;
	err_clear(&e);
	json_t *s = report_summary(r->app, r->a, &r->who, project_id, &e);
	err_free_details(&e);
	if (!s)
		return; /* not the caller's to see: the section is left out */
	json_t *n = json_object_get(s, "counts");
	if (!json_is_true(json_object_get(s, "supervised")) && !jint(n, "total")) {
		json_decref(s);
		return;
	}
	buf *b = &r->out;
	html_printf(
	    b,
	    "<section class=\"card\" id=\"reports\" aria-labelledby=\"reports-h\"><h2 "
	    "id=\"reports-h\">%h</h2><dl class=\"facts\"><div><dt>%h</dt><dd>%lld</dd></div>"
	    "<div><dt>%h</dt><dd>%lld</dd></div><div><dt>%h</dt><dd>%lld</dd></div>"
	    "<div><dt>%h</dt><dd>%lld</dd></div></dl><p><a class=\"button\" "
	    "href=\"/projects/%lld/reports\">%h</a></p></section>",
	    T("Reports (§4.3.2)"), T("Reports"), jint(n, "total"), T("Awaiting submission"),
	    jint(n, "open"), T("Overdue"), jint(n, "overdue"), T("Under review"),
	    jint(n, "submitted"), (long long)project_id, T("All reports of the project"));
	json_decref(s);
}
