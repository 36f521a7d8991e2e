/* Sanctions and exit (§4.4): the fields of their actions on the project page, the project
 * page's section (the sanctions, the exit and its checklist with the evidence forms), the form
 * that gives an item its evidence and the public exit announcements. */
#include "web/ui_sanctions.h"

#include <string.h>

#include "app/sanctions.h"
#include "web/html.h"
#include "web/ui_public.h"
#include "web/ui_records.h"

/* ---- the actions' fields (web/ui_project_page.c's ACTION_PARTS) ---- */

static bool is_action(const char *action, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(action, *list))
			return true;
	return false;
}

static const char *const EVIDENCE_ACTIONS[] = {
    "suspend", "resume", "stop", "administrative_measure", "criminal_referral", NULL};

/* A required text input with its suggestions (<datalist id=FIDNAME-list>, written next). */
static void text_input(req *r, const char *fid, const char *name, const char *label,
                       const char *value)
{
	html_printf(&r->out,
	            "<label for=\"%a%a\">%h</label><input id=\"%a%a\" name=\"%a\" required "
	            "maxlength=\"4000\" value=\"%a\" list=\"%a%a-list\">",
	            fid, name, label, fid, name, name, value, fid, name);
}

void ui_sanction_action_fields(req *r, json_t *p, const char *action, const char *fid, bool again)
{
	(void)p;
	buf *b = &r->out;
	if (!strcmp(action, "administrative_measure")) {
		text_input(r, fid, "measure", T("Administrative measure"),
		           again ? ui_posted(r, "measure") : "");
		html_printf(b,
		            "<datalist id=\"%ameasure-list\"><option value=\"%a\"><option "
		            "value=\"%a\"><option value=\"%a\"></datalist>",
		            fid, "责令改正", "监管谈话", "出具警示函");
	}
	if (!strcmp(action, "criminal_referral")) {
		text_input(
		    r, fid, "authority",
		    T("Referred to (the inspection department or law-enforcement authority)"),
		    again ? ui_posted(r, "authority") : "");
		html_printf(b,
		            "<datalist id=\"%aauthority-list\"><option value=\"%a\"><option "
		            "value=\"%a\"></datalist>",
		            fid, "中国证监会稽查部门", "公安机关");
	}
	if (is_action(action, EVIDENCE_ACTIONS)) {
		bool required = strcmp(action, "resume") != 0;
		html_printf(b,
		            "<label for=\"%aevidence\">%h</label><textarea id=\"%aevidence\" "
		            "name=\"evidence\" rows=\"4\" maxlength=\"200000\"%h>%h</textarea>",
		            fid,
		            required ? T("Evidence (one item per line)")
		                     : T("Evidence (optional, one item per line)"),
		            fid, required ? " required" : "",
		            again ? ui_posted(r, "evidence") : "");
	}
	if (!strcmp(action, "start_exit")) {
		const char *kind = again ? ui_posted(r, "kind") : "";
		html_printf(b,
		            "<label for=\"%akind\">%h</label><select id=\"%akind\" name=\"kind\" "
		            "required><option value=\"voluntary\"%h>%h</option><option "
		            "value=\"forced\"%h>%h</option></select>",
		            fid, T("Kind of exit"), fid, !strcmp(kind, "forced") ? "" : " selected",
		            T("Voluntary (the lead institution applied)"),
		            !strcmp(kind, "forced") ? " selected" : "", T("Forced"));
		html_printf(b,
		            "<label for=\"%achannel\">%h</label><input id=\"%achannel\" "
		            "name=\"channel_open_until\" type=\"date\" required value=\"%a\">",
		            fid, T("Complaint channel open until"), fid,
		            again ? ui_posted(r, "channel_open_until") : "");
	}
}

int ui_sanction_action_read(req *r, const char *action, json_t *body)
{
	if (is_action(action, EVIDENCE_ACTIONS) && req_form(r, "evidence") &&
	    !ui_blank(req_form(r, "evidence")))
		json_object_set_new(body, "evidence", ui_lines_list(req_form(r, "evidence")));
	static const char *const TEXTS[] = {"measure", "authority", "kind", "channel_open_until",
	                                    NULL};
	static const char *const OWNERS[] = {"administrative_measure", "criminal_referral",
	                                     "start_exit", "start_exit"};
	for (int i = 0; TEXTS[i]; i++)
		if (!strcmp(action, OWNERS[i]) && req_form(r, TEXTS[i]) &&
		    !ui_blank(req_form(r, TEXTS[i])) &&
		    ui_json_text(r, body, TEXTS[i], ui_trim(r, req_form(r, TEXTS[i])), false) < 0)
			return -1;
	return 0;
}

/* ---- the project page's section ---- */

static const char *kind_label(req *r, const char *kind)
{
	return ui_action_label(r, kind);
}

static void sanction_row(req *r, json_t *s, void *ctx)
{
	(void)ctx;
	buf *b = &r->out;
	html_printf(b, "<tr data-kind=\"%a\"><td class=\"nowrap\">%h</td><td>%h", jstr(s, "kind"),
	            ui_time_cst(r, jint(s, "at")), kind_label(r, jstr(s, "kind")));
	if (*jstr(s, "measure"))
		html_printf(b, "<br><small>%h: %h</small>", T("Measure"), jstr(s, "measure"));
	if (*jstr(s, "authority"))
		html_printf(b, "<br><small>%h: %h</small>", T("Referred to"), jstr(s, "authority"));
	html_printf(b, "</td><td class=\"prose\">%h</td><td><ul>", jstr(s, "reason"));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(s, "evidence"), i, v)
	    html_printf(b, "<li>%h</li>", json_string_value(v));
	html_printf(b, "</ul></td><td>%h<br><small>%h</small></td></tr>", jstr(s, "proposer"),
	            jstr(s, "approver"));
}

static void item_row(req *r, json_t *it, void *ctx)
{
	json_t *x = ctx;
	buf *b = &r->out;
	const char *item = jstr(it, "item");
	bool done = json_is_true(json_object_get(it, "done"));
	html_printf(b, "<tr data-item=\"%a\"><td>%h</td><td>", item,
	            T(exit_item_label(item) ? exit_item_label(item) : item));
	ui_sup_tag(r, done ? "ok" : "warn", done ? "done" : "open",
	           done ? T("Evidence given") : T("Evidence due"));
	html_printf(b, "</td><td class=\"prose\">%h", jstr(it, "evidence"));
	if (done)
		html_printf(b, "<br><small>%h · %h</small>", jstr(it, "evidence_by_name"),
		            ui_time_cst(r, jint(it, "evidence_at")));
	html_printf(b, "</td><td>");
	if (json_is_true(json_object_get(x, "may_give_evidence"))) {
		html_printf(b,
		            "<form method=\"post\" action=\"/projects/%lld/exit/items/%a\" "
		            "class=\"inline-form\">",
		            jint(x, "project_id"), item);
		ui_csrf_field(r);
		html_printf(b,
		            "<label for=\"exit-%a\">%h</label><textarea id=\"exit-%a\" "
		            "name=\"evidence\" rows=\"2\" required maxlength=\"4000\"></textarea>"
		            "<button type=\"submit\">%h</button></form>",
		            item, T("Evidence"), item,
		            done ? T("Replace the evidence") : T("Give evidence"));
	}
	html_printf(b, "</td></tr>");
}

static void exit_card(req *r, json_t *x)
{
	buf *b = &r->out;
	json_t *ap = json_object_get(x, "application");
	json_t *ex = json_object_get(x, "exit");
	if (!json_is_object(ap) && !json_is_object(ex))
		return;
	html_printf(b,
	            "<section class=\"card\" id=\"exit\" aria-labelledby=\"h-exit\"><h2 "
	            "id=\"h-exit\">%h</h2><dl class=\"facts\">",
	            T("Exit (§4.4)"));
	if (json_is_object(ap)) {
		ui_fact(r, T("Application to exit"),
		        arena_printf(r->a, "%s · %s · %s", jstr(ap, "institution_name"),
		                     ui_time_cst(r, jint(ap, "applied_at")),
		                     !strcmp(jstr(ap, "status"), "pending") ? T("pending")
		                                                            : T("exit started")));
		ui_fact(r, T("Reason"), jstr(ap, "reason"));
	}
	if (json_is_object(ex)) {
		ui_fact(r, T("Kind of exit"),
		        !strcmp(jstr(ex, "kind"), "voluntary") ? T("Voluntary") : T("Forced"));
		ui_fact(r, T("Exit started on"), jstr(ex, "started_on"));
		ui_fact(r, T("Complaint channel open until"), jstr(ex, "channel_open_until"));
		if (*jstr(ex, "completed_on"))
			ui_fact(r, T("Exit completed on"), jstr(ex, "completed_on"));
		ui_fact(r, T("Exit plan"), jstr(ex, "plan"));
	}
	html_printf(b, "</dl>");
	if (json_is_object(ex)) {
		html_printf(b, "<h3>%h</h3>", T("Exit checklist"));
		ui_table(
		    r, T("Exit checklist"), "exit-items stack-sm",
		    (const char *const[]){T("Item"), T("Status"), T("Evidence"), T("Action"), NULL},
		    json_object_get(ex, "items"), item_row, x, NULL);
	}
	html_printf(b, "</section>");
}

void ui_sanctions_section(req *r, int64_t project_id)
{
	err e;
	err_clear(&e);
	json_t *list = sanction_list(r->app, r->a, &r->who, project_id, 0, 200, &e);
	err_free_details(&e);
	err_clear(&e);
	json_t *x = exit_get(r->app, r->a, &r->who, project_id, &e);
	err_free_details(&e);
	if (list && json_array_size(json_object_get(list, "items")))
		ui_sup_card_table(r, "sanctions", T("Sanctions (§4.4)"), "sanctions stack-sm",
		                  (const char *const[]){T("Date"), T("Sanction"), T("Reason"),
		                                        T("Evidence"), T("Proposed · approved by"),
		                                        NULL},
		                  json_object_get(list, "items"), sanction_row, NULL, NULL);
	if (x)
		exit_card(r, x);
	json_decref(list);
	json_decref(x);
}

int ui_exit_item_evidence(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *item = req_param(r, "item");
	json_t *body = json_object(), *out = NULL;
	int rc = ui_json_text(r, body, "evidence", ui_trim(r, req_form(r, "evidence")), false);
	if (rc == 0)
		rc = exit_item_evidence(r->app, r->a, &r->who, id, item, body, &out, &r->e);
	json_decref(body);
	json_decref(out);
	if (rc == 0)
		return reply_redirect(
		    r, arena_printf(r->a, "/projects/%lld?done=exit_evidence#exit", (long long)id));
	if (r->e.status == 404 || r->e.status >= 500)
		return -1;
	ui_failure f;
	ui_failure_take(r, &f, "exit_evidence");
	ui_page_titled(r, T("Exit (§4.4)"), T("Exit checklist"), NULL);
	ui_failure_box(r, &f, NULL, NULL);
	html_printf(&r->out, "<p><a href=\"/projects/%lld#exit\">%h</a></p>", (long long)id,
	            T("Back to the project"));
	int status = f.status;
	ui_failure_free(&f);
	return ui_page_end(r, status);
}

/* ---- the public exit announcements ---- */

static void announcement_row(req *r, json_t *x, void *ctx)
{
	(void)ctx;
	buf *b = &r->out;
	html_printf(b, "<tr data-project=\"%lld\"><td>%h<br><small>%h</small></td><td>%h</td><td>",
	            jint(x, "project_id"), jstr(x, "project_name"), jstr(x, "lead_name"),
	            !strcmp(jstr(x, "kind"), "voluntary") ? T("Voluntary") : T("Forced"));
	ui_state_tag(r, jstr(x, "state"));
	html_printf(b,
	            "</td><td class=\"nowrap\">%h</td><td class=\"nowrap\">%h</td>"
	            "<td class=\"num\">%lld / %lld</td><td class=\"nowrap\">%h",
	            jstr(x, "started_on"), jstr(x, "completed_on"), jint(x, "items_done"),
	            jint(x, "items_total"), jstr(x, "channel_open_until"));
	if (json_is_true(json_object_get(x, "complaint_channel_open")))
		html_printf(b, "<br><a href=\"/public/complaints/new\">%h</a>",
		            T("File a complaint"));
	html_printf(b, "</td></tr>");
}

int ui_public_exits(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = public_exits(r->app, r->a, &r->who, after, limit, &r->e);
	if (!list)
		return -1;
	ui_public_page_begin(
	    r, T("Exit announcements"), T("Public register (§4.4)"), T("Exit announcements"),
	    T("Pilots leaving the pilot, voluntarily or by force, carry out their exit plan and "
	      "protect investors' lawful rights (§4.4). Complaints are accepted until the date "
	      "shown."));
	html_printf(&r->out, "<p><a href=\"/public/pilots\">%h</a></p>", T("Register of pilots"));
	ui_table(r, T("Exit announcements"), "exits stack-sm",
	         (const char *const[]){T("Project"), T("Kind of exit"), T("Status"),
	                               T("Exit started on"), T("Exit completed on"),
	                               T("Exit checklist"), T("Complaint channel open until"),
	                               NULL},
	         json_object_get(list, "items"), announcement_row, NULL,
	         T("No pilot has begun to exit."));
	ui_pager(r, list, "/public/exits", NULL, NULL);
	json_decref(list);
	return ui_page_end(r, 200);
}
