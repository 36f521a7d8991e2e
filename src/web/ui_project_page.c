/* The project page: where the application stands on the admission path, its members and
 * content, the caller's workflow actions (a proposal waits for a leader: maker-checker), its
 * materials, public comments and history. */
#include <stdlib.h>
#include <string.h>

#include "app/projects.h"
#include "app/review.h"
#include "core/workflow.h"
#include "web/html.h"
#include "web/ui_indicators.h"
#include "web/ui_dossier.h"
#include "web/ui_evaluations.h"
#include "web/ui_exchange.h"
#include "web/ui_fault_tolerance.h"
#include "web/ui_incidents.h"
#include "web/ui_materials.h"
#include "web/ui_notices.h"
#include "web/ui_projects.h"
#include "web/ui_reports.h"
#include "web/ui_sanctions.h"

const ui_label UI_PROJECT_FIELDS[] = {
    {"name", N_("Project name")},
    {NULL, NULL},
};

/* §3.2: the lead applicant represents the others in the application work. */
bool ui_caller_is_lead(const req *r, json_t *p)
{
	size_t i;
	json_t *m;
	if (r->who.role != ROLE_INSTITUTION)
		return false;
	json_array_foreach(json_object_get(p, "members"), i, m)
	{
		if (json_integer_value(json_object_get(m, "institution_id")) ==
		    r->who.institution_id)
			return json_is_true(json_object_get(m, "lead"));
	}
	return false;
}

static void progress_strip(req *r, json_t *p)
{
	buf *b = &r->out;
	bool stopped, coaching = !strcmp(jstr(p, "track"), "coaching");
	const char *state = jstr(p, "state");
	const state_info *si = project_state_info(state);
	int at = si ? si->step : -1; /* withdrawn: off the path */
	stopped = si && si->stopped;
	html_printf(b, "<ol class=\"progress\" aria-label=\"%a\">", T("Admission steps"));
	for (size_t i = 0; i < WORKFLOW_STEP_COUNT; i++) {
		const char *cls = (int)i < at    ? "done"
		                  : (int)i == at ? (stopped ? "stopped" : "current")
		                                 : "todo";
		if ((int)i == at && i == WORKFLOW_STEP_COUNT - 1 && !stopped)
			cls = "done current";
		const char *label = coaching && WORKFLOW_STEPS[i].coaching_label
		                        ? WORKFLOW_STEPS[i].coaching_label
		                        : WORKFLOW_STEPS[i].label;
		html_printf(b, "<li class=\"%a\"", cls);
		if ((int)i == at)
			html_raw(b, " aria-current=\"step\"");
		html_printf(b, "><span>%h</span></li>", T(label));
	}
	html_printf(b, "</ol>");
}

static void flash(req *r, json_t *p)
{
	buf *b = &r->out;
	const char *saved = req_query(r, "saved");
	const char *done = req_query(r, "done");
	const char *proposed = req_query(r, "proposed");
	if (saved)
		html_printf(b, "<p class=\"flash\" role=\"status\">%h</p>",
		            T("Saved. The application is kept as a draft until it is submitted."));
	const action_info *a = workflow_action_info(done);
	if (a)
		html_printf(b, "<p class=\"flash\" role=\"status\" data-action=\"%a\">%h: %h</p>",
		            a->id, T("Done"), T(a->label));
	a = workflow_action_info(proposed);
	if (a)
		html_printf(b, "<p class=\"flash\" role=\"status\" data-proposed=\"%a\">%h</p>",
		            a->id,
		            subst(r,
		                  T("“{action}” was submitted for a leader's approval; it takes "
		                    "effect when a leader approves it."),
		                  "action", T(a->label)));
	(void)p;
}

static const char *integer_text(req *r, json_t *v)
{
	return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
}

static void prose(req *r, const char *label, const char *text)
{
	if (ui_blank(text))
		return;
	html_printf(&r->out,
	            "<div class=\"prose-block\"><h3>%h</h3><p class=\"prose\">%h</p></div>", label,
	            text);
}

static void text_list(req *r, const char *label, json_t *list, bool ordered)
{
	if (!json_array_size(list))
		return;
	html_printf(&r->out, "<div class=\"prose-block\"><h3>%h</h3>", label);
	html_raw(&r->out, ordered ? "<ol class=\"plain-list\">" : "<ul class=\"plain-list\">");
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) html_printf(&r->out, "<li>%h</li>", json_string_value(v));
	html_raw(&r->out, ordered ? "</ol></div>" : "</ul></div>");
}

static void members_card(req *r, json_t *p)
{
	buf *b = &r->out;
	html_printf(b, "<section class=\"card\" id=\"members\"><h2>%h</h2>", T("Members (§3.2)"));
	ui_table_begin(r, T("Members (§3.2)"), "members stack-sm",
	               (const char *const[]){T("Institution"), T("Kind"), T("Role"),
	                                     T("Substantive role"), T("Confirmation"), NULL});
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(p, "members"), i, m)
	{
		bool lead = json_is_true(json_object_get(m, "lead"));
		bool ok = json_is_true(json_object_get(m, "confirmed"));
		html_printf(b,
		            "<tr data-institution=\"%lld\" data-confirmed=\"%a\"><td><b>%h</b> "
		            "<small class=\"hint\">%h</small></td><td>%h</td><td><span class=\"tag "
		            "%h\">%h</span></td><td>%h</td><td>",
		            jint(m, "institution_id"), ok ? "yes" : "no", jstr(m, "name"),
		            jstr(m, "registered_city"), ui_kind_label(r, jstr(m, "kind")),
		            lead ? "subject" : "plain",
		            lead ? T("Lead applicant") : T("Participant"), jstr(m, "role"));
		if (ok)
			html_printf(
			    b, "<span class=\"fine\">%h</span> <small class=\"hint\">%h</small>",
			    T("Confirmed"), ui_time_cst(r, jint(m, "confirmed_at")));
		else
			html_printf(b, "<span class=\"tag st-warn\">%h</span>",
			            T("Awaiting confirmation"));
		html_printf(b, "</td></tr>");
	}
	html_printf(b, "</tbody></table></div></section>");
}

static void content_card(req *r, json_t *p)
{
	buf *b = &r->out;
	html_printf(b, "<section class=\"card application-content\" id=\"content\"><h2>%h</h2>",
	            T("The application"));
	prose(r, T("Summary"), jstr(p, "summary"));
	json_t *scen = json_object_get(p, "scenarios");
	if (json_array_size(scen)) {
		html_printf(b, "<div class=\"prose-block\"><h3>%h</h3>", T("Business scenarios"));
		ui_table_begin(r, T("Business scenarios"), "scenarios stack-sm",
		               (const char *const[]){"#", T("Scenario"), T("Description"),
		                                     T("Licensed provider (§2.1)"), NULL});
		size_t i;
		json_t *s;
		json_array_foreach(scen, i, s)
		{
			json_t *prov = json_object_get(s, "provider_institution_id");
			html_printf(
			    b,
			    "<tr><td>%zu</td><td>%h</td><td class=\"prose\">%h</td><td>%h</td>"
			    "</tr>",
			    i + 1, jstr(s, "name"), jstr(s, "description"),
			    json_is_integer(prov) ? ui_member_name(r, p, json_integer_value(prov))
			                          : "—");
		}
		ui_table_end(r);
		html_printf(b, "</div>");
	}
	json_t *techs = json_object_get(p, "technologies");
	if (json_array_size(techs)) {
		html_printf(b, "<div class=\"prose-block\"><h3>%h</h3><p class=\"tags\">",
		            T("Technologies (§2.3)"));
		ui_tags(r, techs, "tech", ui_technology_label);
		html_printf(b, "</p></div>");
	}
	prose(r, T("Service content"), jstr(p, "service_content"));
	prose(r, T("Target investors"), jstr(p, "target_investors"));
	json_t *tb = json_object_get(p, "test_boundaries");
	if (json_object_size(tb)) {
		html_printf(b, "<div class=\"prose-block\"><h3>%h</h3><dl class=\"facts\">",
		            T("Test boundaries"));
		json_t *v;
		if (json_is_integer(v = json_object_get(tb, "customer_cap")))
			ui_fact(r, T("Customer cap"), integer_text(r, v));
		if (json_is_integer(v = json_object_get(tb, "per_transaction_limit_fen")))
			ui_fact(r, T("Limit per transaction (yuan)"),
			        ui_yuan(r, json_integer_value(v)));
		if (json_is_integer(v = json_object_get(tb, "per_investor_limit_fen")))
			ui_fact(r, T("Limit per investor (yuan)"),
			        ui_yuan(r, json_integer_value(v)));
		if (json_is_integer(v = json_object_get(tb, "duration_months")))
			ui_fact(r, T("Planned duration (months)"), integer_text(r, v));
		if (json_array_size(v = json_object_get(tb, "regions")))
			ui_fact(r, T("Regions"), ui_lines_text(r, v));
		if (json_array_size(v = json_object_get(tb, "investor_types")))
			ui_fact(r, T("Investor types"), ui_lines_text(r, v));
		html_printf(b, "</dl></div>");
	}
	prose(r, T("Hypothesis to test"), jstr(p, "hypothesis"));
	text_list(r, T("Success measures"), json_object_get(p, "success_measures"), false);
	prose(r, T("Risk controls"), jstr(p, "risk_controls"));
	json_t *ip = json_object_get(p, "investor_protection");
	prose(r, T("Complaint channel"), jstr(ip, "complaint_channel"));
	prose(r, T("Dispute handling"), jstr(ip, "dispute_handling"));
	prose(r, T("Compensation mechanism"), jstr(ip, "compensation"));
	prose(r, T("Emergency plan"), jstr(p, "emergency_plan"));
	prose(r, T("Exit plan"), jstr(p, "exit_plan"));
	prose(r, T("Funding guarantee"), jstr(p, "funding_guarantee"));
	json_t *tl = json_object_get(p, "timeline");
	if (json_array_size(tl)) {
		html_printf(b, "<div class=\"prose-block\"><h3>%h</h3>", T("Timeline"));
		ui_table_begin(r, T("Timeline"), "timeline",
		               (const char *const[]){T("Date"), T("Milestone"), NULL});
		size_t i;
		json_t *m;
		json_array_foreach(tl, i, m)
		    html_printf(b, "<tr><td class=\"nowrap\">%h</td><td>%h</td></tr>",
		                jstr(m, "due_on"), jstr(m, "milestone"));
		ui_table_end(r);
		html_printf(b, "</div>");
	}
	text_list(r, T("Commitments"), json_object_get(p, "commitments"), true);
	html_printf(b, "</section>");
}

static void facts_card(req *r, json_t *p)
{
	buf *b = &r->out;
	html_printf(b, "<section class=\"card\"><h2>%h</h2><dl class=\"facts\">", T("Case"));
	ui_fact(r, T("Track"), ui_track_label(r, jstr(p, "track"), false));
	html_printf(b, "<div><dt>%h</dt><dd>", T("State"));
	ui_state_tag(r, jstr(p, "state"));
	html_printf(b, "</dd></div>");
	json_t *batch = json_object_get(p, "batch_id");
	if (json_is_integer(batch))
		ui_fact(r, T("Batch"), arena_printf(r->a, "#%s", integer_text(r, batch)));
	const char *csrc = jstr(p, "csrc_result");
	if (*csrc)
		ui_fact(r, T("CSRC professional evaluation"),
		        !strcmp(csrc, "pass") ? T("Passed") : T("Failed"));
	if (*jstr(p, "launched_on"))
		ui_fact(r, T("Launched on"), jstr(p, "launched_on"));
	if (*jstr(p, "coaching_ends_on"))
		ui_fact(r, T("Coaching ends on"), jstr(p, "coaching_ends_on"));
	ui_fact(r, T("Drafted"), ui_time_cst(r, jint(p, "created_at")));
	ui_fact(r, T("Last changed"), ui_time_cst(r, jint(p, "updated_at")));
	html_printf(b, "</dl></section>");
}

/* The officer's defects from the last completeness return (§4.1), for the applicant to fix. */
static void defects_box(req *r, json_t *p)
{
	json_t *d = json_object_get(p, "defects");
	if (!json_array_size(d))
		return;
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"verdict refused defects\" id=\"defects\"><p "
	            "class=\"eyebrow\">§4.1</p><h2>%h</h2><p>%h</p><ul class=\"defect-list\">",
	            T("Returned for correction"),
	            T("The working group found these defects; correct them and submit again."));
	size_t i;
	json_t *v;
	json_array_foreach(d, i, v)
	{
		if (json_is_string(v))
			html_printf(b, "<li>%h</li>", json_string_value(v));
		else
			html_printf(b, "<li>%h</li>", ui_defect_text(r, v, UI_PROJECT_FIELDS));
	}
	html_printf(b, "</ul></section>");
}

static void pending_box(req *r, json_t *p)
{
	json_t *pd = json_object_get(p, "pending_decision");
	if (!json_is_object(pd))
		return;
	buf *b = &r->out;
	long long did = jint(pd, "id");
	html_printf(
	    b,
	    "<section class=\"card pending\" id=\"pending-decision\" data-decision=\"%lld\">"
	    "<p class=\"eyebrow\">%h</p><h2>%h</h2><p>%h</p>",
	    did, T("Maker-checker"), ui_action_label(r, jstr(pd, "action")),
	    T("Proposed by a case officer; waiting for a leader's approval. It takes effect "
	      "only when a leader other than the proposer approves it."));
	if (r->who.role & (ROLE_OFFICER | ROLE_LEADER | ROLE_ADMIN)) {
		err e;
		err_clear(&e);
		json_t *d = decision_get(r->app, r->a, &r->who, did, &e);
		err_free_details(&e);
		if (d) {
			ui_decision_facts(r, d);
			if (r->who.role == ROLE_LEADER)
				ui_decision_forms(r, d, NULL, 0);
			json_decref(d);
		}
		html_printf(b, "<p><a href=\"/decisions\">%h</a></p>", T("All decisions"));
	}
	html_printf(b, "</section>");
}

/* The batches an accepted project may join (§4.1), open ones first chosen; a number when the
 * list cannot be read. */
static void batch_select(req *r, const char *fid, const char *chosen)
{
	buf *b = &r->out;
	err e;
	err_clear(&e);
	json_t *list = batch_list(r->app, r->a, &r->who, 0, 200, &e);
	err_free_details(&e);
	json_t *items = json_object_get(list, "items");
	if (!json_array_size(items)) {
		html_printf(
		    b,
		    "<label for=\"%abatch\">%h</label><input id=\"%abatch\" name=\"batch_id\" "
		    "inputmode=\"numeric\" required maxlength=\"12\" value=\"%a\">",
		    fid, T("Batch number"), fid, chosen ? chosen : "");
		if (list)
			html_printf(b, "<p class=\"hint\">%h</p>",
			            T("No batch is open yet: open one under Batches first."));
		json_decref(list);
		return;
	}
	char today[11];
	app_today(today);
	/* The default: the chosen one, else the latest batch open today. */
	long long pick = chosen ? strtoll(chosen, NULL, 10) : 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (!chosen && strcmp(jstr(it, "opens_on"), today) <= 0 &&
		    strcmp(today, jstr(it, "closes_on")) <= 0)
			pick = jint(it, "id");
	}
	html_printf(b,
	            "<label for=\"%abatch\">%h</label><select id=\"%abatch\" name=\"batch_id\" "
	            "required>",
	            fid, T("Batch"), fid);
	json_array_foreach(items, i, it)
	{
		bool open = strcmp(jstr(it, "opens_on"), today) <= 0 &&
		            strcmp(today, jstr(it, "closes_on")) <= 0;
		html_printf(b, "<option value=\"%lld\"%h>#%lld %h (%h – %h)%h</option>",
		            jint(it, "id"), jint(it, "id") == pick ? " selected" : "",
		            jint(it, "id"), jstr(it, "name"), jstr(it, "opens_on"),
		            jstr(it, "closes_on"),
		            open ? "" : arena_printf(r->a, " · %s", T("closed")));
	}
	html_printf(b, "</select>");
	json_decref(list);
}

/* A required text of an action's form (its defects, the CSRC's opinion). */
static void action_text(req *r, const char *fid, const char *name, const char *label,
                        const char *value)
{
	html_printf(&r->out,
	            "<label for=\"%a%a\">%h</label><textarea id=\"%a%a\" name=\"%a\" rows=\"4\" "
	            "required maxlength=\"8000\">%h</textarea>",
	            fid, name, label, fid, name, name, value);
}

/* The actions after launch (§4.4, §5) word their own fields, each in the file of what it
 * records: fields writes the inputs of its actions into the form (again: after a refusal, with
 * what was posted), read takes them from a posted form into the request's body (0, or -1 with
 * the error in r->e). Both do nothing for an action that is not theirs. */
static const struct {
	void (*fields)(req *r, json_t *p, const char *action, const char *fid, bool again);
	int (*read)(req *r, const char *action, json_t *body);
} ACTION_PARTS[] = {
    {ui_evaluation_action_fields, ui_evaluation_action_read},
    {ui_sanction_action_fields, ui_sanction_action_read},
    {ui_fault_tolerance_action_fields, ui_fault_tolerance_action_read},
};
#define NPARTS (sizeof ACTION_PARTS / sizeof *ACTION_PARTS)

/* The form of one action, with its own fields (§4.1 defects, the batch, the CSRC opinion). */
static void action_form(req *r, json_t *p, const char *action, const ui_failure *f)
{
	buf *b = &r->out;
	long long id = jint(p, "id");
	const action_info *a = workflow_action_info(action);
	project_state st;
	const workflow_row *w = NULL;
	workflow_action act;
	if (project_state_parse(jstr(p, "state"), &st) == 0 &&
	    workflow_action_parse(action, &act) == 0)
		w = workflow_find(st, act, !strcmp(jstr(p, "track"), "coaching"));
	bool approval = w && w->approval;
	bool again = f && f->action && !strcmp(f->action, action);
	bool reason_required = w && workflow_reason_required(w);
	const char *danger = !strcmp(action, "withdraw") || !strcmp(action, "reject") ||
	                             !strcmp(action, "csrc_fail") || !strcmp(action, "return")
	                         ? " danger"
	                         : "";
	html_printf(b,
	            "<form method=\"post\" action=\"/projects/%lld/actions/%a\" class=\"action-form"
	            "%h\" data-action=\"%a\"><h3>%h</h3>",
	            id, action, danger, action, a ? T(a->label) : action);
	ui_csrf_field(r);
	if (a && a->hint)
		html_printf(b, "<p class=\"hint\">%h</p>", T(a->hint));
	if (approval)
		html_printf(b, "<p class=\"tag approval\">%h</p>",
		            T("Needs a leader's approval (maker-checker)"));
	const char *fid = arena_printf(r->a, "%s-", action);
	if (!strcmp(action, "return"))
		action_text(r, fid, "defects", T("Defects to correct (one per line)"),
		            again ? ui_posted(r, "defects") : "");
	if (!strcmp(action, "accept"))
		batch_select(r, fid, again ? ui_posted(r, "batch_id") : NULL);
	if (!strcmp(action, "csrc_pass") || !strcmp(action, "csrc_fail"))
		action_text(r, fid, "opinion", T("The CSRC's opinion"),
		            again ? ui_posted(r, "opinion") : "");
	for (size_t k = 0; k < NPARTS; k++)
		ACTION_PARTS[k].fields(r, p, action, fid, again);
	html_printf(b,
	            "<label for=\"%areason\">%h</label><textarea id=\"%areason\" name=\"reason\" "
	            "rows=\"2\" maxlength=\"4000\"%h>%h</textarea>",
	            fid, reason_required ? T("Reason") : T("Reason (optional)"), fid,
	            reason_required ? " required" : "", again ? ui_posted(r, "reason") : "");
	html_printf(b, "<button type=\"submit\" class=\"%h\">%h</button></form>",
	            *danger ? "danger" : "primary",
	            approval ? T("Propose for approval")
	            : a      ? T(a->label)
	                     : action);
}

/* While a decision is pending, the actions that need a leader's approval wait for it. */
static bool held_back(json_t *p, const char *action)
{
	project_state st;
	workflow_action act;
	if (!json_is_object(json_object_get(p, "pending_decision")) ||
	    project_state_parse(jstr(p, "state"), &st) < 0 ||
	    workflow_action_parse(action, &act) < 0)
		return false;
	const workflow_row *w = workflow_find(st, act, !strcmp(jstr(p, "track"), "coaching"));
	return w && w->approval;
}

static void actions_card(req *r, json_t *p, const ui_failure *f)
{
	json_t *allowed = json_object_get(p, "allowed_actions");
	int shown = 0, held = 0;
	size_t i;
	json_t *v;
	json_array_foreach(allowed, i, v)
	{
		if (held_back(p, json_string_value(v)))
			held++;
		else
			shown++;
	}
	if (!shown && !held)
		return;
	buf *b = &r->out;
	html_printf(b, "<section class=\"card actions-card\" id=\"actions\"><h2>%h</h2>",
	            T("What you can do now"));
	if (held)
		html_printf(b, "<p class=\"hint\">%h</p>",
		            T("Further decisions wait until the pending one is settled."));
	html_printf(b, "<div class=\"action-forms\">");
	json_array_foreach(allowed, i, v)
	{
		if (!held_back(p, json_string_value(v)))
			action_form(r, p, json_string_value(v), f);
	}
	html_printf(b, "</div></section>");
}

static const char *event_label(req *r, const char *kind)
{
	static const struct {
		const char *kind, *label;
	} KINDS[] = {
	    {"project.created", N_("Application drafted")},
	    {"project.updated", N_("Application changed")},
	    {"decision.proposed", N_("Decision proposed")},
	    {"decision.approved", N_("Decision approved")},
	    {"decision.rejected", N_("Decision rejected")},
	};
	for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++)
		if (!strcmp(KINDS[i].kind, kind))
			return T(KINDS[i].label);
	if (!strncmp(kind, "project.", 8)) {
		const action_info *a = workflow_action_info(kind + 8);
		if (a)
			return T(a->done);
	}
	return T(kind);
}

/* A field an application's change names. */
static const char *changed_field(req *r, json_t *field)
{
	return ui_field_label(r, UI_PROJECT_FIELDS, json_string_value(field));
}

static void history_card(req *r, long long id)
{
	err e;
	err_clear(&e);
	json_t *ev =
	    events_list(r->app, r->a, &r->who, arena_printf(r->a, "project:%lld", id), 0, 200, &e);
	err_free_details(&e);
	if (!ev)
		return; /* a history the caller may not read is left out */
	buf *b = &r->out;
	html_printf(b, "<section class=\"card\" id=\"history\"><h2>%h</h2>", T("Project history"));
	ui_table_begin(
	    r, T("Project history"), "history stack-sm",
	    (const char *const[]){"#", T("Time (UTC+8)"), T("Event"), T("By"), T("Details"), NULL});
	ui_actor_names names = {0};
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(ev, "items"), i, it)
	{
		const char *who = ui_actor_label(r, &names, jstr(it, "actor"));
		const char *kind = jstr(it, "kind");
		json_t *pl = json_object_get(it, "payload");
		html_printf(
		    b,
		    "<tr data-kind=\"%a\"><td>%lld</td><td class=\"nowrap\">%h</td><td><span "
		    "class=\"tag event\">%h</span></td><td>%h</td><td>",
		    kind, jint(it, "seq"), ui_time_cst(r, jint(it, "ts")), event_label(r, kind),
		    who);
		if (*jstr(pl, "from") && *jstr(pl, "to") &&
		    strcmp(jstr(pl, "from"), jstr(pl, "to")))
			html_printf(
			    b,
			    "<p class=\"transition\">%h <span aria-hidden=\"true\">→</span> "
			    "%h</p>",
			    ui_state_label(r, jstr(pl, "from")), ui_state_label(r, jstr(pl, "to")));
		if (!strncmp(kind, "decision.", 9) && *jstr(pl, "action"))
			html_printf(b, "<p>%h</p>", ui_action_label(r, jstr(pl, "action")));
		json_t *reason = json_object_get(it, "reason");
		if (json_is_string(reason) && *json_string_value(reason))
			html_printf(b, "<p class=\"prose\">%h</p>", json_string_value(reason));
		json_t *params = json_object_get(pl, "params");
		json_t *defects = json_object_get(params, "defects");
		if (json_array_size(defects) && !strncmp(kind, "project.", 8)) {
			html_printf(b, "<ul class=\"defect-list\">");
			size_t k;
			json_t *d;
			json_array_foreach(defects, k, d)
			    html_printf(b, "<li>%h</li>", json_string_value(d));
			html_printf(b, "</ul>");
		}
		if (*jstr(params, "opinion") && !strncmp(kind, "project.", 8))
			html_printf(b, "<p class=\"prose\"><b>%h</b> %h</p>", T("Opinion"),
			            jstr(params, "opinion"));
		json_t *changed = json_object_get(pl, "changed");
		if (json_array_size(changed)) {
			html_printf(b, "<ul class=\"changes\"><li><b>%h</b> ", T("Changed:"));
			ui_joined(r, changed, changed_field);
			html_printf(b, "</li></ul>");
		}
		html_printf(b, "</td></tr>");
	}
	ui_table_end(r);
	html_printf(b, "</section>");
	json_decref(ev);
}

/* The project page; f (may be NULL) is an action that failed, shown with its details. */
static int project_page(req *r, int64_t id, ui_failure *f)
{
	json_t *p = project_get(r->app, r->a, &r->who, id, &r->e);
	if (!p)
		return -1;
	buf *b = &r->out;
	const char *name = jstr(p, "name"), *state = jstr(p, "state");
	ui_page_begin(r, name);
	ui_crumbs(r, (const ui_crumb[]){{"/projects", T("Projects")}}, 1);
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h · #%lld</p><h1>%h</h1>"
	            "<p>",
	            ui_track_label(r, jstr(p, "track"), false), (long long)id, name);
	ui_state_tag(r, state);
	html_printf(b, "</p></div><div class=\"actions\">");
	bool editable =
	    ui_caller_is_lead(r, p) && (!strcmp(state, "draft") || !strcmp(state, "returned"));
	if (editable)
		html_printf(b, "<a class=\"button\" href=\"/projects/%lld/edit\">%h</a>",
		            (long long)id, T("Edit the application"));
	html_printf(b, "</div></div>");
	flash(r, p);
	if (f)
		ui_failure_box(r, f, p, UI_PROJECT_FIELDS);
	progress_strip(r, p);
	defects_box(r, p);
	pending_box(r, p);
	actions_card(r, p, f);
	facts_card(r, p);
	members_card(r, p);
	content_card(r, p);
	ui_materials_section(r, id);
	ui_comments_section(r, id);
	ui_indicators_section(r, p);
	ui_exchange_section(r, id); /* supervision: complaints and exchange */
	ui_reports_section(r, id);
	ui_inspections_and_incidents(r, id); /* supervision: inspections and incidents (§4.3) */
	ui_evaluations_section(r, id); /* the end of a pilot: stage evaluation (§4.4, §5.1) */
	ui_dossier_link(r, p);         /* the end of a pilot (§4.4): the evaluation dossier */
	ui_sanctions_section(r, id);   /* the end of a pilot (§4.4): sanctions and exit */
	history_card(r, id);
	json_decref(p);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_project_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return project_page(r, id, NULL);
}

int ui_project_action(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *action = req_param(r, "action");
	json_t *body = json_object();
	const char *reason = ui_trim(r, req_form(r, "reason"));
	int rc = 0;
	if (*reason)
		rc = ui_json_text(r, body, "reason", reason, false);
	if (rc == 0 && req_form(r, "defects"))
		json_object_set_new(body, "defects", ui_lines_list(req_form(r, "defects")));
	if (rc == 0 && req_form(r, "batch_id")) {
		long long bid = ui_parse_count(ui_trim(r, req_form(r, "batch_id")));
		if (bid < 0)
			rc = err_set(&r->e, 400, "invalid_value", "batch_id",
			             "Field {field} must be a whole number above zero.");
		else
			json_object_set_new(body, "batch_id", json_integer(bid));
	}
	if (rc == 0 && req_form(r, "opinion") && !ui_blank(req_form(r, "opinion")))
		rc = ui_json_text(r, body, "opinion", ui_trim(r, req_form(r, "opinion")), false);
	for (size_t k = 0; rc == 0 && k < NPARTS; k++)
		rc = ACTION_PARTS[k].read(r, action, body);
	json_t *out = NULL;
	int status = 200;
	if (rc == 0)
		rc = project_act(r->app, r->a, &r->who, id, action, body, &out, &status, &r->e);
	json_decref(body);
	if (rc == 0) {
		json_t *dec = json_object_get(out, "decision");
		const char *loc =
		    status == 202 && dec
		        ? arena_printf(r->a, "/projects/%lld?proposed=%s#pending-decision",
		                       (long long)id, action)
		        : arena_printf(r->a, "/projects/%lld?done=%s", (long long)id, action);
		json_decref(out);
		/* The action id is one the workflow knows (project_act checked it). */
		return reply_redirect(r, loc);
	}
	if (r->e.status == 404 && !strcmp(r->e.code ? r->e.code : "", "not_found"))
		return -1;
	ui_failure f;
	ui_failure_take(r, &f, arena_strdup(r->a, action));
	int prc = project_page(r, id, &f);
	ui_failure_free(&f);
	return prc;
}
