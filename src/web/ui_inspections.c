/* Inspections (§4.3 item 3): the project page's section, the working group's list with the
 * open deadlines, and an inspection's page with the forms of each step (the officer's, the
 * leader's close, the lead institution's answers and evidence with their attestation). The use
 * cases are in src/app/inspections.c; states, actions and labels come from
 * core/inspection.c. */
#include "web/ui_inspections.h"

#include <string.h>

#include "app/inspections.h"
#include "core/inspection.h"
#include "web/api_inspections.h"
#include "web/html.h"
#include "web/ui_records.h"

/* The fields of the inspection forms, as an error names them. */
static const ui_label FIELDS[] = {
    {"mode", N_("Mode")},
    {"scope", N_("Scope")},
    {"team", N_("Team")},
    {"starts_on", N_("Starts on")},
    {"ends_on", N_("Ends on")},
    {"origin", N_("On whose initiative")},
    {"csrc_reference", N_("The CSRC's work arrangement")},
    {"message", N_("Message to the institution")},
    {"items", N_("Documents requested")},
    {"due_on", N_("Due on")},
    {"severity", N_("Severity")},
    {"description", N_("Description")},
    {"finding_id", N_("Finding")},
    {"requirement", N_("What must be rectified")},
    {"accepted", N_("Verdict")},
    {"note", N_("Note")},
    {"conclusion", N_("Conclusion")},
    {"text", N_("Text")},
    {"attested", N_("Attestation")},
    {"file", N_("File")},
    {NULL, NULL},
};

/* ---- labels ---- */

static void state_tag(req *r, const char *state)
{
	const inspection_state_info *si = inspection_state_info_of(state);
	ui_sup_tag(r, si ? si->tone : "plain", state, si ? T(si->label) : state);
}

static void overdue_tag(req *r, json_t *o)
{
	ui_sup_flag(r, o, "overdue", "overdue", T("Overdue"));
}

/* ---- lists ---- */

static void inspection_list_row(req *r, json_t *it, void *ctx)
{
	bool with_project = ctx != NULL;
	buf *b = &r->out;
	html_printf(
	    b, "<tr data-inspection=\"%lld\"><td><a href=\"/inspections/%lld\">#%lld %h</a></td>",
	    jint(it, "id"), jint(it, "id"), jint(it, "id"),
	    ui_sup_label(r, INSPECTION_MODES, INSPECTION_MODES_COUNT, jstr(it, "mode")));
	if (with_project)
		html_printf(b, "<td><a href=\"/projects/%lld\">%h</a></td>", jint(it, "project_id"),
		            jstr(it, "project_name"));
	html_printf(b, "<td>%h</td><td class=\"nowrap\">%h – %h</td><td>", jstr(it, "scope"),
	            jstr(it, "starts_on"), jstr(it, "ends_on"));
	state_tag(r, jstr(it, "state"));
	html_printf(b, "</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td></tr>",
	            jint(it, "open_requests"), jint(it, "open_orders"));
}

static const char *const *list_headings(req *r, bool with_project)
{
	const char **h = arena_alloc(r->a, 8 * sizeof *h); /* per request: pages run in threads */
	int k = 0;
	h[k++] = T("Inspection");
	if (with_project)
		h[k++] = T("Project");
	h[k++] = T("Scope");
	h[k++] = T("Dates");
	h[k++] = T("State");
	h[k++] = T("Open requests");
	h[k++] = T("Open rectifications");
	h[k] = NULL;
	return h;
}

/* The officer's form to plan an inspection of the project. */
static void plan_form(req *r, int64_t project_id)
{
	const char *form = "plan-inspection";
	ui_sup_form_begin(r,
	                  arena_printf(r->a, "/projects/%lld/inspections", (long long)project_id),
	                  form, T("Plan an inspection"), false);
	ui_sup_select(r, form, "mode", T("Mode"),
	              ui_sup_options(r, INSPECTION_MODES, INSPECTION_MODES_COUNT),
	              INSPECTION_MODES_COUNT);
	ui_sup_select(r, form, "origin", T("On whose initiative"),
	              ui_sup_options(r, INSPECTION_ORIGINS, INSPECTION_ORIGINS_COUNT),
	              INSPECTION_ORIGINS_COUNT);
	ui_sup_field(r, form, "csrc_reference", T("The CSRC's work arrangement"), "text", false,
	             T("Only for an inspection the CSRC arranged: its document or notice."));
	ui_sup_field(r, form, "scope", T("Scope"), "textarea", true, NULL);
	ui_sup_field(r, form, "team", T("Team"), "textarea", true, T("One name a line."));
	ui_sup_field(r, form, "starts_on", T("Starts on"), "date", true, NULL);
	ui_sup_field(r, form, "ends_on", T("Ends on"), "date", true, NULL);
	ui_sup_form_end(r, T("Plan the inspection"));
}

void ui_inspections_section(req *r, int64_t project_id)
{
	err e;
	err_clear(&e);
	json_t *list = inspection_list(r->app, r->a, &r->who, project_id, NULL, 0, 200, &e);
	err_free_details(&e);
	if (list) /* else not the caller's to see */
		ui_sup_section(r,
		               &(ui_sup_section_spec){"inspections", T("Inspections (§4.3)"),
		                                      "inspections stack-sm", "may_plan",
		                                      T("No inspection yet."), inspection_list_row,
		                                      plan_form},
		               list_headings(r, false), list, project_id);
}

static void deadline_row(req *r, json_t *it, void *ctx)
{
	bool request = !strcmp(jstr(it, "kind"), "document_request");
	html_printf(&r->out,
	            "<tr data-kind=\"%a\"><td><a href=\"/inspections/%lld\">#%lld</a></td><td><a "
	            "href=\"/projects/%lld\">%h</a></td><td>%h</td><td class=\"nowrap\">%h",
	            jstr(it, "kind"), jint(it, "inspection_id"), jint(it, "inspection_id"),
	            jint(it, "project_id"), jstr(it, "project_name"),
	            request ? T("Document request") : T("Rectification"), jstr(it, "due_on"));
	overdue_tag(r, it);
	html_printf(&r->out, "</td></tr>");
}

static void list_show(req *r, const char *state, json_t *list, json_t *due)
{
	bool csrc = r->who.role == ROLE_CSRC;
	ui_page_titled(r, T("Supervision (§4.3)"), T("Inspections"),
	               csrc ? T("The inspections the working group carries out on the CSRC's work "
	                        "arrangement.")
	                    : T("On-site and off-site inspections of the running pilots: document "
	                        "requests, findings, rectifications and their verification."));
	ui_sup_filter(r, "/inspections", "state", state, INSPECTION_STATES,
	              sizeof *INSPECTION_STATES, INS__COUNT, NULL);
	ui_table(r, T("Inspections"), "inspections stack-sm", list_headings(r, true),
	         json_object_get(list, "items"), inspection_list_row, r, T("No inspection yet."));
	ui_pager(r, list, "/inspections", state ? "state" : NULL, state);
	if (!csrc)
		ui_sup_card_table(r, "deadlines", T("Open deadlines"), "deadlines stack-sm",
		                  (const char *const[]){T("Inspection"), T("Project"), T("What"),
		                                        T("Due on"), NULL},
		                  json_object_get(due, "items"), deadline_row, NULL,
		                  T("Nothing is waiting for the institutions."));
}

int ui_inspections_list(req *r)
{
	static const ui_sup_list_spec spec = {"state", inspection_list, inspection_deadlines,
	                                      list_show};
	return ui_sup_list_page(r, &spec);
}

/* ---- an inspection's page ---- */

static void files_list(req *r, json_t *files)
{
	if (!json_array_size(files))
		return;
	html_printf(&r->out, "<ul class=\"plain-list files\">");
	size_t i;
	json_t *f;
	json_array_foreach(files, i, f)
	{
		html_printf(&r->out, "<li><a href=\"%a\">%h</a> <small>%h</small></li>",
		            jstr(f, "download"), jstr(f, "filename"), jstr(f, "content_type"));
	}
	html_printf(&r->out, "</ul>");
}

/* §4.3 item 3: who attested that what was given is true, accurate and complete, and when. */
static void attestation(req *r, json_t *o)
{
	json_t *at = json_object_get(o, "attestation");
	if (!json_is_object(at))
		return;
	html_printf(&r->out, "<p class=\"attestation\" data-attested=\"1\">%h</p>",
	            subst(r,
	                  subst(r, T("Attested true, accurate and complete by {who} at {when}."),
	                        "who", ui_sup_user(r, jint(at, "by"))),
	                  "when", ui_time_cst(r, jint(at, "at"))));
}

/* The lead institution's form: text, files, and the attestation it cannot leave out. */
static void reply_form(req *r, const char *action, const char *form, const char *heading,
                       const char *button)
{
	ui_sup_form_begin(r, action, form, heading, true);
	ui_sup_field(r, form, "text", T("Text"), "textarea", false, NULL);
	html_printf(&r->out,
	            "<div class=\"field\"><label for=\"%a-file\">%h</label><input id=\"%a-file\" "
	            "name=\"file\" type=\"file\" multiple aria-describedby=\"%a-file-h\"><small "
	            "class=\"hint\" id=\"%a-file-h\">%h</small></div><div class=\"field\"><label "
	            "class=\"check\"><input type=\"checkbox\" name=\"attested\" value=\"true\" "
	            "required> %h</label></div>",
	            form, T("Files"), form, form, form,
	            T("PDF, Word, Excel, PNG or JPEG; at most 5 files, 20 MiB in all."),
	            T("We attest that this information is true, accurate and complete (§4.3)."));
	ui_sup_form_end(r, button);
}

/* What the caller may do on an inspection's entries. */
typedef struct entry_ctx {
	long long id;
	bool lead_may, officer_may;
} entry_ctx;

/* What the institution gave (an answer, evidence): when, its text, files and attestation. */
static void given(req *r, json_t *o, const char *heading, const char *at, const char *text)
{
	html_printf(&r->out, "<h4>%h · %h</h4>", heading, ui_time_cst(r, jint(o, at)));
	if (*jstr(o, text))
		html_printf(&r->out, "<p class=\"prose\">%h</p>", jstr(o, text));
	files_list(r, json_object_get(o, "files"));
	attestation(r, o);
}

static void request_entry(req *r, json_t *q, void *vctx)
{
	const entry_ctx *x = vctx;
	html_printf(&r->out,
	            "<article class=\"entry\" id=\"request-%lld\" data-request=\"%lld\"><h3>%h "
	            "#%lld</h3><p class=\"prose\">%h</p><p>%h %h",
	            jint(q, "id"), jint(q, "id"), T("Request"), jint(q, "id"), jstr(q, "items"),
	            T("Due on"), jstr(q, "due_on"));
	overdue_tag(r, q);
	html_raw(&r->out, "</p>");
	if (json_is_integer(json_object_get(q, "answered_at")))
		given(r, q, T("Answer"), "answered_at", "answer");
	else if (x->lead_may)
		reply_form(r,
		           arena_printf(r->a, "/inspections/%lld/document-requests/%lld/answer",
		                        x->id, jint(q, "id")),
		           arena_printf(r->a, "answer-%lld", jint(q, "id")),
		           T("Answer the request"), T("Send the answer"));
	html_raw(&r->out, "</article>");
}

static void finding_entry(req *r, json_t *f, void *ctx)
{
	const char *sev = jstr(f, "severity");
	html_printf(&r->out, "<article class=\"entry\" id=\"finding-%lld\"><h3>%h #%lld ",
	            jint(f, "id"), T("Finding"), jint(f, "id"));
	ui_sup_tag(r,
	           !strcmp(sev, "low")      ? "plain"
	           : !strcmp(sev, "medium") ? "warn"
	                                    : "bad",
	           sev, ui_sup_label(r, INSPECTION_SEVERITIES, INSPECTION_SEVERITIES_COUNT, sev));
	html_printf(&r->out, "</h3><p class=\"prose\">%h</p><p><small>%h</small></p></article>",
	            jstr(f, "description"), ui_time_cst(r, jint(f, "recorded_at")));
}

/* The officer's verdict on submitted evidence: accept, or send back with what is missing. */
static void verify_forms(req *r, long long id, json_t *o)
{
	long long oid = jint(o, "id");
	const char *action =
	    arena_printf(r->a, "/inspections/%lld/actions/verify_rectification", id);
	const char *form = arena_printf(r->a, "verify-%lld", oid);
	ui_sup_form_begin(r, action, form, T("Verify the rectification"), false);
	html_printf(&r->out, "<input type=\"hidden\" name=\"order_id\" value=\"%lld\">", oid);
	ui_sup_option verdicts[] = {{"true", T("Accept: rectified")},
	                            {"false", T("Send back: not yet rectified")}};
	ui_sup_select(r, form, "accepted", T("Verdict"), verdicts, 2);
	ui_sup_field(r, form, "note", T("Note"), "textarea", false,
	             T("Required when the evidence is sent back: say what is missing."));
	ui_sup_field(r, form, "due_on", T("New deadline"), "date", false,
	             T("Only when sending back; leave blank to keep the deadline."));
	ui_sup_form_end(r, T("Record the verdict"));
}

static void order_entry(req *r, json_t *o, void *vctx)
{
	const entry_ctx *x = vctx;
	buf *b = &r->out;
	const char *status = jstr(o, "status");
	html_printf(b,
	            "<article class=\"entry\" id=\"order-%lld\" data-order=\"%lld\"><h3>%h #%lld ",
	            jint(o, "id"), jint(o, "id"), T("Rectification"), jint(o, "id"));
	ui_sup_tag(
	    r, !strcmp(status, "accepted") ? "ok" : "wait", status,
	    ui_sup_label(r, INSPECTION_ORDER_STATUSES, INSPECTION_ORDER_STATUSES_COUNT, status));
	html_printf(b, "</h3><p class=\"prose\">%h</p><p>%h #%lld · %h %h", jstr(o, "requirement"),
	            T("Finding"), jint(o, "finding_id"), T("Due on"), jstr(o, "due_on"));
	overdue_tag(r, o);
	if (jint(o, "sent_back"))
		html_printf(b, " · %h",
		            subst(r, T("sent back {n} time(s)"), "n",
		                  arena_printf(r->a, "%lld", jint(o, "sent_back"))));
	html_raw(b, "</p>");
	if (json_is_integer(json_object_get(o, "submitted_at")))
		given(r, o, T("Evidence"), "submitted_at", "evidence");
	if (*jstr(o, "verification_note"))
		html_printf(b, "<p class=\"prose\"><b>%h</b> %h</p>", T("Verification:"),
		            jstr(o, "verification_note"));
	if (x->lead_may && !strcmp(status, "open"))
		reply_form(r,
		           arena_printf(r->a, "/inspections/%lld/rectifications/%lld/evidence",
		                        x->id, jint(o, "id")),
		           arena_printf(r->a, "evidence-%lld", jint(o, "id")),
		           T("Submit the evidence"), T("Submit the evidence"));
	if (x->officer_may && !strcmp(status, "submitted"))
		verify_forms(r, x->id, o);
	html_raw(b, "</article>");
}

/* The working group's forms for the next steps the inspection's state allows. */
static void actions_card(req *r, json_t *insp)
{
	long long id = jint(insp, "id");
	static const char *const SHOWN[] = {
	    "notify", "request_documents", "record_finding", "order_rectification", "close", NULL};
	bool any = false;
	for (const char *const *a = SHOWN; *a; a++)
		any |= ui_sup_allowed(insp, *a);
	if (!any)
		return;
	html_printf(&r->out, "<section class=\"card actions-card\" id=\"actions\"><h2>%h</h2>",
	            T("What you can do now"));
	const char *base = arena_printf(r->a, "/inspections/%lld/actions/", id);
	if (ui_sup_allowed(insp, "notify")) {
		ui_sup_form_begin(r, arena_printf(r->a, "%snotify", base), "notify",
		                  T("Notify the institution"), false);
		ui_sup_field(
		    r, "notify", "message", T("Message to the institution"), "textarea", false,
		    T("From now on the project's member institutions see the inspection."));
		ui_sup_form_end(r, T("Notify the institution"));
	}
	if (ui_sup_allowed(insp, "request_documents")) {
		ui_sup_form_begin(r, arena_printf(r->a, "%srequest_documents", base), "request",
		                  T("Request documents"), false);
		ui_sup_field(r, "request", "items", T("Documents requested"), "textarea", true,
		             NULL);
		ui_sup_field(r, "request", "due_on", T("Due on"), "date", true, NULL);
		ui_sup_form_end(r, T("Request documents"));
	}
	if (ui_sup_allowed(insp, "record_finding")) {
		ui_sup_option sev[4];
		for (size_t i = 0; i < INSPECTION_SEVERITIES_COUNT && i < 4; i++)
			sev[i] = (ui_sup_option){INSPECTION_SEVERITIES[i].id,
			                         T(INSPECTION_SEVERITIES[i].label)};
		ui_sup_form_begin(r, arena_printf(r->a, "%srecord_finding", base), "finding",
		                  T("Record a finding"), false);
		ui_sup_select(r, "finding", "severity", T("Severity"), sev,
		              INSPECTION_SEVERITIES_COUNT);
		ui_sup_field(r, "finding", "description", T("Description"), "textarea", true, NULL);
		ui_sup_form_end(r, T("Record the finding"));
	}
	json_t *findings = json_object_get(insp, "findings_list");
	if (ui_sup_allowed(insp, "order_rectification") && json_array_size(findings)) {
		size_t n = json_array_size(findings), i;
		ui_sup_option *opts = arena_alloc(r->a, n * sizeof *opts);
		json_t *f;
		json_array_foreach(findings, i, f)
		{
			opts[i] = (ui_sup_option){
			    arena_printf(r->a, "%lld", jint(f, "id")),
			    arena_printf(r->a, "#%lld %s", jint(f, "id"), jstr(f, "description"))};
		}
		ui_sup_form_begin(r, arena_printf(r->a, "%sorder_rectification", base), "order",
		                  T("Order a rectification"), false);
		ui_sup_select(r, "order", "finding_id", T("Finding"), opts, n);
		ui_sup_field(r, "order", "requirement", T("What must be rectified"), "textarea",
		             true, NULL);
		ui_sup_field(r, "order", "due_on", T("Due on"), "date", true, NULL);
		ui_sup_form_end(r, T("Order the rectification"));
	}
	if (ui_sup_allowed(insp, "close")) {
		ui_sup_form_begin(r, arena_printf(r->a, "%sclose", base), "close",
		                  T("Close the inspection"), false);
		ui_sup_field(r, "close", "conclusion", T("Conclusion"), "textarea", true,
		             T("Closing needs every rectification verified and accepted."));
		ui_sup_form_end(r, T("Close the inspection"));
	}
	html_printf(&r->out, "</section>");
}

static int inspection_page(req *r, int64_t id, ui_failure *f)
{
	json_t *insp = inspection_get(r->app, r->a, &r->who, id, &r->e);
	if (!insp)
		return -1;
	buf *b = &r->out;
	const char *mode =
	    ui_sup_label(r, INSPECTION_MODES, INSPECTION_MODES_COUNT, jstr(insp, "mode"));
	const char *title = arena_printf(r->a, "%s #%lld", T("Inspection"), (long long)id);
	ui_sup_head(r, insp, "inspections", title,
	            arena_printf(r->a, "%s · %s", T("Inspection (§4.3)"), mode), title);
	state_tag(r, jstr(insp, "state"));
	ui_sup_head_end(r, f, FIELDS);
	html_printf(b, "<section class=\"card\"><h2>%h</h2><dl class=\"facts\">", T("Inspection"));
	ui_fact(r, T("Project"), jstr(insp, "project_name"));
	ui_fact(r, T("Mode"), mode);
	ui_fact(
	    r, T("On whose initiative"),
	    ui_sup_label(r, INSPECTION_ORIGINS, INSPECTION_ORIGINS_COUNT, jstr(insp, "origin")));
	if (*jstr(insp, "csrc_reference"))
		ui_fact(r, T("The CSRC's work arrangement"), jstr(insp, "csrc_reference"));
	ui_fact(r, T("Scope"), jstr(insp, "scope"));
	ui_fact(r, T("Team"), ui_lines_text(r, json_object_get(insp, "team")));
	ui_fact(r, T("Dates"),
	        arena_printf(r->a, "%s – %s", jstr(insp, "starts_on"), jstr(insp, "ends_on")));
	ui_fact(r, T("Planned"), ui_time_cst(r, jint(insp, "planned_at")));
	if (json_is_integer(json_object_get(insp, "notified_at")))
		ui_fact(r, T("Institution notified"), ui_time_cst(r, jint(insp, "notified_at")));
	if (json_is_integer(json_object_get(insp, "closed_at"))) {
		ui_fact(r, T("Closed"), ui_time_cst(r, jint(insp, "closed_at")));
		ui_fact(r, T("Conclusion"), jstr(insp, "conclusion"));
	}
	html_printf(b, "</dl></section>");
	actions_card(r, insp);
	entry_ctx answers = {id, ui_sup_allowed(insp, "answer_documents"), false};
	entry_ctx orders = {id, ui_sup_allowed(insp, "submit_rectification"),
	                    ui_sup_allowed(insp, "verify_rectification")};
	ui_card_each(r, "requests", T("Document requests"),
	             json_object_get(insp, "document_requests"), T("No documents requested."),
	             request_entry, &answers);
	ui_card_each(r, "findings", T("Findings"), json_object_get(insp, "findings_list"),
	             T("No finding recorded."), finding_entry, NULL);
	ui_card_each(r, "rectifications", T("Rectifications"),
	             json_object_get(insp, "rectifications"), T("No rectification ordered."),
	             order_entry, &orders);
	json_decref(insp);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_inspection_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return inspection_page(r, id, NULL);
}

/* After a form: back to the page, or the page again with the refusal. */
static int after_form(req *r, int64_t id, int rc, json_t *out, const char *action)
{
	return ui_sup_after_form(r, arena_printf(r->a, "/inspections/%lld", (long long)id), rc, out,
	                         action, inspection_page, id);
}

int ui_inspection_plan(req *r)
{
	int64_t pid;
	if (req_param_id(r, "id", &pid) < 0)
		return -1;
	static const char *const names[] = {"mode",   "scope",          "starts_on", "ends_on",
	                                    "origin", "csrc_reference", NULL};
	json_t *body = json_object(), *out = NULL;
	int rc = ui_sup_body(r, body, names);
	if (rc == 0)
		json_object_set_new(body, "team", ui_lines_list(req_form(r, "team")));
	if (rc == 0)
		rc = inspection_plan(r->app, r->a, &r->who, pid, body, &out, &r->e);
	json_decref(body);
	/* the plan form lives on the project page: a refusal shows on a page of its own */
	return ui_sup_created(r, rc, out, "/inspections/", "plan", pid, "inspections",
	                      T("Inspection (§4.3)"), T("Plan an inspection"), FIELDS, plan_form);
}

int ui_inspection_act(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *action = req_param(r, "action");
	static const char *const texts[] = {"message",  "items",       "due_on",
	                                    "severity", "description", "requirement",
	                                    "note",     "conclusion",  NULL};
	json_t *body = json_object(), *out = NULL;
	int rc = ui_sup_body(r, body, texts);
	const char *fid = req_form(r, "finding_id"), *acc = req_form(r, "accepted");
	long long oid = ui_parse_count(ui_trim(r, req_form(r, "order_id")));
	if (rc == 0 && fid) {
		long long n = ui_parse_count(ui_trim(r, fid));
		if (n < 0)
			rc = err_set(&r->e, 400, "invalid_value", "finding_id",
			             "Field {field} must be a positive whole number.");
		else
			json_object_set_new(body, "finding_id", json_integer(n));
	}
	if (rc == 0 && acc)
		json_object_set_new(body, "accepted", json_boolean(!strcmp(acc, "true")));
	if (rc == 0) {
		if (!strcmp(action, "notify"))
			rc = inspection_notify(r->app, r->a, &r->who, id, body, &out, &r->e);
		else if (!strcmp(action, "request_documents"))
			rc = inspection_request_documents(r->app, r->a, &r->who, id, body, &out,
			                                  &r->e);
		else if (!strcmp(action, "record_finding"))
			rc =
			    inspection_record_finding(r->app, r->a, &r->who, id, body, &out, &r->e);
		else if (!strcmp(action, "order_rectification"))
			rc = inspection_order_rectification(r->app, r->a, &r->who, id, body, &out,
			                                    &r->e);
		else if (!strcmp(action, "verify_rectification"))
			rc = oid < 0 ? err_set(&r->e, 404, "not_found", "order_id",
			                       "No such rectification order.")
			             : inspection_verify_rectification(r->app, r->a, &r->who, id,
			                                               oid, body, &out, &r->e);
		else if (!strcmp(action, "close"))
			rc = inspection_close(r->app, r->a, &r->who, id, body, &out, &r->e);
		else
			rc = err_set(&r->e, 404, "not_found", "id", "No such page or resource.");
	}
	json_decref(body);
	return after_form(r, id, rc, out, action);
}

static int reply_page(req *r, const char *sub_param, bool evidence)
{
	int64_t id, sub;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, sub_param, &sub) < 0)
		return -1;
	if (inspection_check_visible(r->app, r->a, &r->who, id, &r->e) < 0)
		return -1;
	int rc = inspection_reply_form(r, id, sub, evidence, &out);
	return after_form(r, id, rc, out, evidence ? "submit_rectification" : "answer_documents");
}

int ui_inspection_answer(req *r)
{
	return reply_page(r, "request_id", false);
}

int ui_inspection_evidence(req *r)
{
	return reply_page(r, "order_id", true);
}
