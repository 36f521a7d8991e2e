/* Maker-checker (§4.1, §4.2): the leader's queue of proposed decisions with their evidence,
 * the settled ones, and the approve and reject forms (also shown on the project page). */
#include <string.h>

#include "app/projects.h"
#include "web/html.h"
#include "web/ui_batches.h"
#include "web/ui_fault_tolerance.h"
#include "web/ui_projects.h"

/* One decision: who proposed what, when, why, and the action's fields. */
void ui_decision_facts(req *r, json_t *d)
{
	buf *b = &r->out;
	json_t *params = json_object_get(d, "params");
	ui_fault_tolerance_decision(r, d); /* §5.2: an override first, the test, the inputs */
	html_printf(b,
	            "<dl class=\"facts\"><div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h"
	            "</dd></div><div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h</dd></div>",
	            T("Proposed by"), jstr(d, "proposer"), T("Proposed at"),
	            ui_time_cst(r, jint(d, "proposed_at")), T("Action"),
	            ui_action_label(r, jstr(d, "action")), T("From state"),
	            ui_state_label(r, jstr(d, "from_state")));
	html_printf(b, "<div class=\"wide\"><dt>%h</dt><dd class=\"prose\">%h</dd></div>",
	            T("Reason given"), jstr(d, "reason"));
	const char *k;
	json_t *v;
	json_object_foreach(params, k, v)
	{
		if (json_is_object(v) || json_is_boolean(v) ||
		    !strcmp(jstr(d, "action"), "determine_fault_tolerance")) /* §5.2: shown above */
			continue;
		const char *text =
		    json_is_string(v)  ? json_string_value(v)
		    : json_is_array(v) ? ui_lines_text(r, v)
		    : json_is_integer(v)
		        ? arena_printf(r->a, "%lld", (long long)json_integer_value(v))
		        : "";
		html_printf(b, "<div class=\"wide\"><dt>%h</dt><dd class=\"prose\">%h</dd></div>",
		            ui_field_label(r, UI_PROJECT_FIELDS, k), text);
	}
	html_printf(b, "</dl>");
}

/* One of the leader's forms on a decision: verb is approve or reject. */
static void decision_form(req *r, long long id, const char *verb, const char *label,
                          const char *button_class, const char *button, const char *typed)
{
	html_printf(&r->out, "<form method=\"post\" action=\"/decisions/%lld/%a\" class=\"%a\">",
	            id, verb, verb);
	ui_csrf_field(r);
	html_printf(&r->out,
	            "<label for=\"%a-%lld\">%h</label><textarea id=\"%a-%lld\" name=\"reason\" "
	            "rows=\"2\" maxlength=\"4000\">%h</textarea><button type=\"submit\" "
	            "class=\"%a\">%h</button></form>",
	            verb, id, label, verb, id, typed, button_class, button);
}

void ui_decision_forms(req *r, json_t *d, const ui_failure *f, long long failed_id)
{
	long long id = jint(d, "id");
	/* the reason typed into the form that failed is shown again */
	const char *again = f && failed_id == id && f->action ? f->action : "";
	html_printf(&r->out, "<div class=\"decide\">");
	decision_form(r, id, "approve", T("Reason (optional)"), "primary", T("Approve"),
	              !strcmp(again, "approve") ? ui_posted(r, "reason") : "");
	decision_form(r, id, "reject", T("Reason (required to reject)"), "danger", T("Reject"),
	              !strcmp(again, "reject") ? ui_posted(r, "reason") : "");
	html_printf(&r->out, "</div>");
}

static const char *user_label(req *r, long long id)
{
	return ui_actor_label(r, NULL, arena_printf(r->a, "user:%lld", id));
}

/* A failure to show with the decision it concerns. */
typedef struct failed_on {
	const ui_failure *f;
	long long id;
} failed_on;

/* A pending decision with its facts, its evidence (§4.1) and, for a leader, the forms to
 * settle it. */
static void queued_decision(req *r, json_t *d, void *ctx)
{
	const failed_on *failed = ctx;
	long long id = jint(d, "id"), pid = jint(d, "project_id");
	html_printf(
	    &r->out,
	    "<article class=\"card decision\" data-decision=\"%lld\" data-project=\"%lld\">"
	    "<p class=\"eyebrow\">%h #%lld</p><h3><a href=\"/projects/%lld\">%h</a> · %h</h3>",
	    id, pid, T("Decision"), id, pid, jstr(d, "project_name"),
	    ui_action_label(r, jstr(d, "action")));
	ui_decision_facts(r, d);
	ui_review_evidence(r, json_object_get(d, "evidence")); /* §4.1 */
	if (r->who.role == ROLE_LEADER)
		ui_decision_forms(r, d, failed->f, failed->id);
	html_printf(&r->out, "</article>");
}

static void settled_row(req *r, json_t *d)
{
	bool ok = !strcmp(jstr(d, "status"), "approved");
	json_t *by = json_object_get(d, "decided_by");
	html_printf(&r->out,
	            "<tr data-decision=\"%lld\" data-status=\"%a\"><td>%lld</td><td><a "
	            "href=\"/projects/%lld\">%h</a></td><td>%h</td><td><span class=\"tag "
	            "%h\">%h</span></td><td>%h <small class=\"hint\">%h</small><p "
	            "class=\"prose\">%h</p></td><td>%h <small class=\"hint\">%h</small><p "
	            "class=\"prose\">%h</p></td></tr>",
	            jint(d, "id"), jstr(d, "status"), jint(d, "id"), jint(d, "project_id"),
	            jstr(d, "project_name"), ui_action_label(r, jstr(d, "action")),
	            ok ? "st-ok" : "st-bad", ok ? T("Approved") : T("Rejected"),
	            jstr(d, "proposer"), ui_time_cst(r, jint(d, "proposed_at")), jstr(d, "reason"),
	            json_is_integer(by) ? user_label(r, json_integer_value(by)) : "",
	            ui_time_cst(r, jint(d, "decided_at")), jstr(d, "decision_reason"));
}

/* Settled decisions of this page of the list, newest first. */
static void settled_section(req *r, json_t *all)
{
	buf *b = &r->out;
	html_printf(b, "<section class=\"card\" id=\"settled\"><h2>%h</h2>",
	            T("Settled decisions"));
	json_t *items = json_object_get(all, "items");
	int nsettled = 0;
	for (size_t k = json_array_size(items); k-- > 0;) {
		json_t *d = json_array_get(items, k);
		if (!strcmp(jstr(d, "status"), "pending"))
			continue;
		if (!nsettled++)
			ui_table_begin(r, T("Settled decisions"), "settled stack-sm",
			               (const char *const[]){"#", T("Project"), T("Action"),
			                                     T("Outcome"), T("Proposed by"),
			                                     T("Settled by"), NULL});
		settled_row(r, d);
	}
	if (nsettled)
		ui_table_end(r);
	else
		html_printf(b, "<p class=\"hint\">%h</p>", T("No decision has been settled yet."));
	ui_pager(r, all, "/decisions", NULL, NULL);
	html_printf(b, "</section>");
}

static int decisions_page(req *r, ui_failure *f, long long failed_id)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *pending = decision_list(r->app, r->a, &r->who, "pending", 0, 200, &r->e);
	if (!pending)
		return -1;
	json_t *all = decision_list(r->app, r->a, &r->who, "settled", after, limit, &r->e);
	if (!all) {
		json_decref(pending);
		return -1;
	}
	ui_page_titled(r, T("Maker-checker"), T("Decisions"),
	               T("Decisions on a project's fate are proposed by a case officer and take "
	                 "effect only when a different person, a leader, approves them."));
	const char *settled = req_query(r, "settled");
	const char *outcome = req_query(r, "outcome");
	if (settled && outcome && strspn(settled, "0123456789") == strlen(settled))
		html_printf(
		    &r->out, "<p class=\"flash\" role=\"status\" data-outcome=\"%a\">%h</p>",
		    outcome,
		    subst(r,
		          !strcmp(outcome, "approved") ? T("Decision #{id} approved; it has "
		                                           "taken effect.")
		                                       : T("Decision #{id} rejected."),
		          "id", settled));
	if (f) {
		html_printf(&r->out, "<div data-decision=\"%lld\">", failed_id);
		ui_failure_box(r, f, NULL, UI_PROJECT_FIELDS);
		html_printf(&r->out, "</div>");
	}
	json_t *items = json_object_get(pending, "items");
	html_printf(&r->out,
	            "<section class=\"queue\" id=\"pending\"><h2>%h <span class=\"count\">%zu"
	            "</span></h2>",
	            T("Waiting for approval"), json_array_size(items));
	ui_each(r, items, T("No decision is waiting."), queued_decision,
	        &(failed_on){f, failed_id});
	html_printf(&r->out, "</section>");
	settled_section(r, all);
	json_decref(pending);
	json_decref(all);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_decisions(req *r)
{
	return decisions_page(r, NULL, 0);
}

static int settle(req *r, bool approve)
{
	int64_t id;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	if (ui_decide(r, decision_settle, id, approve, &out) == 0) {
		json_decref(out);
		return reply_redirect(r, arena_printf(r->a, "/decisions?settled=%lld&outcome=%s",
		                                      (long long)id,
		                                      approve ? "approved" : "rejected"));
	}
	ui_failure f;
	ui_failure_take(r, &f, approve ? "approve" : "reject");
	int prc = decisions_page(r, &f, (long long)id);
	ui_failure_free(&f);
	return prc;
}

int ui_decision_approve(req *r)
{
	return settle(r, true);
}

int ui_decision_reject(req *r)
{
	return settle(r, false);
}
