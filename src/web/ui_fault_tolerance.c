/* Fault tolerance (§5.2): the fields of determine_fault_tolerance on the project page, a
 * proposal's facts on a decision (the computed test and, prominently, an override), and the
 * incident page's section (the determination with its reasoning and override, or a link to
 * propose one). The use cases are in src/app/fault_tolerance.c; the rule is
 * core/fault_tolerance.c's. */
#include "web/ui_fault_tolerance.h"

#include <stdlib.h>
#include <string.h>

#include "app/incidents.h"
#include "core/fault_tolerance.h"
#include "lib/buf.h"
#include "web/html.h"

#define ACTION "determine_fault_tolerance"

/* The four inputs of §5.2 in the order of the rule, with their questions. */
static const struct {
	const char *id, *question;
} INPUTS[] = {
    {"precautions", N_("Were risk precautions in place?")},
    {"investor_loss", N_("Did investors suffer an actual loss?")},
    {"compensation", N_("Was the loss reasonably compensated? (only with a loss)")},
    {"market_effect", N_("Was the stable operation of the securities and futures market "
                         "affected?")},
};
#define NINPUTS (sizeof INPUTS / sizeof *INPUTS)

static const char *result_label(req *r, const char *id)
{
	if (!id)
		return "";
	if (!strcmp(id, "exempt_or_lighter"))
		return T("Fault tolerance applies: a lighter penalty or none");
	if (!strcmp(id, "not_applicable"))
		return T("Fault tolerance does not apply");
	return id;
}

static const char *condition_label(req *r, const char *id)
{
	if (!strcmp(id, "precautions"))
		return T("no risk precautions in place");
	if (!strcmp(id, "investor_loss"))
		return T("an investor loss not reasonably compensated");
	if (!strcmp(id, "market_effect"))
		return T("the market's stable operation was affected");
	return id;
}

static const char *yes_no(req *r, json_t *in)
{
	if (!json_is_object(in))
		return "—";
	return json_is_true(json_object_get(in, "value")) ? T("Yes") : T("No");
}

/* ---- the action's form on the project page ---- */

static void incident_select(req *r, long long project_id, const char *fid, const char *chosen)
{
	buf *b = &r->out;
	err e;
	err_clear(&e);
	json_t *list = incident_list(r->app, r->a, &r->who, project_id, NULL, 0, 200, &e);
	err_free_details(&e);
	json_t *items = json_object_get(list, "items");
	html_printf(b,
	            "<label for=\"%aincident\">%h</label><select id=\"%aincident\" "
	            "name=\"incident_id\" required><option value=\"\">%h</option>",
	            fid, T("Incident"), fid, T("Choose an incident"));
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *id = arena_printf(r->a, "%lld", jint(it, "id"));
		html_printf(b, "<option value=\"%a\"%h>#%h %h</option>", id,
		            chosen && !strcmp(chosen, id) ? " selected" : "", id,
		            jstr(it, "title"));
	}
	html_printf(b, "</select>");
	if (!json_array_size(items))
		html_printf(
		    b, "<p class=\"hint\">%h</p>",
		    T("The project has no incident: fault tolerance is determined on one."));
	json_decref(list);
}

static void yes_no_input(req *r, const char *fid, const char *id, const char *question,
                         const char *posted)
{
	buf *b = &r->out;
	html_printf(b, "<fieldset class=\"ft-input\" data-input=\"%a\"><legend>%h</legend>", id,
	            question);
	static const char *const VALUES[] = {"yes", "no"};
	for (int k = 0; k < 2; k++)
		html_printf(b,
		            "<label class=\"inline\"><input type=\"radio\" name=\"ft_%a\" "
		            "value=\"%a\"%h> %h</label>",
		            id, VALUES[k], posted && !strcmp(posted, VALUES[k]) ? " checked" : "",
		            k == 0 ? T("Yes") : T("No"));
	html_printf(
	    b,
	    "<label for=\"%aft-%a-evidence\">%h</label><textarea id=\"%aft-%a-evidence\" "
	    "name=\"ft_%a_evidence\" rows=\"2\" maxlength=\"4000\">%h</textarea></fieldset>",
	    fid, id, T("Evidence or basis"), fid, id, id,
	    ui_posted(r, arena_printf(r->a, "ft_%s_evidence", id)));
}

void ui_fault_tolerance_action_fields(req *r, json_t *p, const char *action, const char *fid,
                                      bool again)
{
	if (strcmp(action, ACTION))
		return;
	buf *b = &r->out;
	html_printf(b, "<p class=\"hint\">%h</p>",
	            T("§5.2: with risk precautions in place, an incident that caused no actual "
	              "investor loss (or whose loss was reasonably compensated) and did not affect "
	              "the stable operation of the market may be penalised lightly or not at all. "
	              "Answer each question with its evidence; the test is computed from them."));
	const char *chosen = again ? ui_posted(r, "incident_id") : req_query(r, "incident");
	incident_select(r, jint(p, "id"), fid, chosen && *chosen ? chosen : NULL);
	for (size_t i = 0; i < NINPUTS; i++)
		yes_no_input(r, fid, INPUTS[i].id, T(INPUTS[i].question),
		             again ? ui_posted(r, arena_printf(r->a, "ft_%s", INPUTS[i].id))
		                   : NULL);
	const char *det = again ? ui_posted(r, "determination") : "";
	html_printf(b,
	            "<label for=\"%adetermination\">%h</label><select id=\"%adetermination\" "
	            "name=\"determination\" required><option value=\"\">%h</option>"
	            "<option value=\"exempt_or_lighter\"%h>%h</option>"
	            "<option value=\"not_applicable\"%h>%h</option></select>",
	            fid, T("Determination"), fid, T("Choose"),
	            !strcmp(det, "exempt_or_lighter") ? " selected" : "",
	            result_label(r, "exempt_or_lighter"),
	            !strcmp(det, "not_applicable") ? " selected" : "",
	            result_label(r, "not_applicable"));
	html_printf(b,
	            "<label for=\"%areasoning\">%h</label><textarea id=\"%areasoning\" "
	            "name=\"reasoning\" rows=\"3\" maxlength=\"8000\">%h</textarea>"
	            "<p class=\"hint\">%h</p>",
	            fid, T("Reasoning (optional)"), fid, again ? ui_posted(r, "reasoning") : "",
	            T("The reasoning computed from the inputs is always recorded; yours is kept "
	              "alongside it."));
	html_printf(b,
	            "<label for=\"%aoverride\">%h</label><textarea id=\"%aoverride\" "
	            "name=\"override\" rows=\"2\" maxlength=\"8000\">%h</textarea>"
	            "<p class=\"hint\">%h</p>",
	            fid, T("Override (only when the determination departs from the test)"), fid,
	            again ? ui_posted(r, "override") : "",
	            T("A determination against the computed test needs an override with its "
	              "reasons; the leader's approval approves the override."));
}

/* "yes" / "no" of a radio into {value, evidence}; an input left unanswered and without
 * evidence is left out (the API names what is missing). */
static int input_read(req *r, const char *id, json_t *inputs)
{
	const char *v = ui_trim(r, req_form(r, arena_printf(r->a, "ft_%s", id)));
	const char *ev = ui_trim(r, req_form(r, arena_printf(r->a, "ft_%s_evidence", id)));
	if (!*v && !*ev)
		return 0;
	json_t *o = json_object();
	json_object_set_new(inputs, id, o);
	if (*v) {
		if (strcmp(v, "yes") && strcmp(v, "no"))
			return err_setf(&r->e, 400, "invalid_value",
			                "Field {field} must be yes or no.", "inputs.%s.value", id);
		json_object_set_new(o, "value", json_boolean(!strcmp(v, "yes")));
	}
	return *ev ? ui_json_text(r, o, "evidence", ev, false) : 0;
}

int ui_fault_tolerance_action_read(req *r, const char *action, json_t *body)
{
	if (strcmp(action, ACTION))
		return 0;
	const char *iid = ui_trim(r, req_form(r, "incident_id"));
	if (*iid) {
		long long id = ui_parse_count(iid);
		if (id < 0)
			return err_set(&r->e, 400, "invalid_value", "incident_id",
			               "Field {field} must be a whole number above zero.");
		json_object_set_new(body, "incident_id", json_integer(id));
	}
	json_t *inputs = json_object();
	json_object_set_new(body, "inputs", inputs);
	for (size_t i = 0; i < NINPUTS; i++)
		if (input_read(r, INPUTS[i].id, inputs) < 0)
			return -1;
	static const char *const TEXTS[] = {"determination", "reasoning", "override"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = ui_trim(r, req_form(r, TEXTS[i]));
		if (*v && ui_json_text(r, body, TEXTS[i], v, false) < 0)
			return -1;
	}
	return 0;
}

/* ---- what is shown ---- */

static void override_banner(req *r, const char *text)
{
	html_printf(&r->out,
	            "<div class=\"verdict refused override\" role=\"note\" data-override=\"1\"><p "
	            "class=\"verdict-title\">%h</p><p class=\"prose\">%h</p></div>",
	            T("Override: the determination departs from the computed test of §5.2"), text);
}

static void failed_list(req *r, json_t *failed)
{
	if (!json_array_size(failed))
		return;
	html_printf(&r->out, "<p class=\"hint\">%h", T("Conditions not met:"));
	size_t i;
	json_t *v;
	json_array_foreach(failed, i, v)
	{
		html_printf(&r->out, "%h%h", i ? "；" : " ",
		            condition_label(r, json_string_value(v)));
	}
	html_printf(&r->out, "</p>");
}

static void inputs_table(req *r, json_t *inputs)
{
	ui_table_begin(
	    r, T("Inputs of the test (§5.2)"), "ft-inputs stack-sm",
	    (const char *const[]){T("Question"), T("Yes or no"), T("Evidence or basis"), NULL});
	for (size_t i = 0; i < NINPUTS; i++) {
		json_t *in = json_object_get(inputs, INPUTS[i].id);
		if (!json_is_object(in))
			continue;
		html_printf(
		    &r->out,
		    "<tr data-input=\"%a\"><td>%h</td><td>%h</td><td class=\"prose\">%h</td>"
		    "</tr>",
		    INPUTS[i].id, T(INPUTS[i].question), yes_no(r, in), jstr(in, "evidence"));
	}
	ui_table_end(r);
}

/* The reasoning from the inputs as the rule words it, in the reader's language. */
static const char *computed_reasoning(req *r, json_t *inputs)
{
	ft_inputs in = {
	    json_is_true(json_object_get(json_object_get(inputs, "precautions"), "value")),
	    json_is_true(json_object_get(json_object_get(inputs, "investor_loss"), "value")),
	    json_is_true(json_object_get(json_object_get(inputs, "compensation"), "value")),
	    json_is_true(json_object_get(json_object_get(inputs, "market_effect"), "value")),
	    -1,
	    -1};
	ft_test t = ft_apply(&in);
	ft_evidence ev = {
	    json_string_value(json_object_get(json_object_get(inputs, "precautions"), "evidence")),
	    json_string_value(
	        json_object_get(json_object_get(inputs, "investor_loss"), "evidence")),
	    json_string_value(json_object_get(json_object_get(inputs, "compensation"), "evidence")),
	    json_string_value(
	        json_object_get(json_object_get(inputs, "market_effect"), "evidence"))};
	buf b = BUF_INIT;
	ft_reasoning(&b, &in, &t, &ev, r->lang == LANG_ZH);
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

void ui_fault_tolerance_decision(req *r, json_t *d)
{
	if (strcmp(jstr(d, "action"), ACTION))
		return;
	json_t *params = json_object_get(d, "params");
	json_t *computed = json_object_get(params, "computed");
	buf *b = &r->out;
	html_printf(b, "<div class=\"ft-proposal\" data-computed=\"%a\">",
	            jstr(computed, "result"));
	if (json_is_string(json_object_get(params, "override")))
		override_banner(r, jstr(params, "override"));
	html_printf(b, "<dl class=\"facts\">");
	ui_fact(r, T("Incident"), arena_printf(r->a, "#%lld", jint(params, "incident_id")));
	ui_fact(r, T("Computed test (§5.2)"), result_label(r, jstr(computed, "result")));
	ui_fact(r, T("Determination proposed"), result_label(r, jstr(params, "determination")));
	html_printf(b, "</dl>");
	failed_list(r, json_object_get(computed, "failed"));
	inputs_table(r, json_object_get(params, "inputs"));
	html_printf(b, "<h4>%h</h4><p class=\"prose\" data-reasoning=\"computed\">%h</p>",
	            T("Reasoning computed from the inputs"),
	            computed_reasoning(r, json_object_get(params, "inputs")));
	if (json_is_string(json_object_get(params, "reasoning")))
		html_printf(b, "<h4>%h</h4><p class=\"prose\" data-reasoning=\"written\">%h</p>",
		            T("The working group's reasoning"), jstr(params, "reasoning"));
	html_printf(b, "</div>");
}

void ui_fault_tolerance_incident_section(req *r, json_t *inc)
{
	buf *b = &r->out;
	json_t *ft = json_object_get(inc, "fault_tolerance");
	html_printf(b, "<section class=\"card\" id=\"fault-tolerance\"><h2>%h</h2>",
	            T("Fault tolerance (§5.2)"));
	if (!json_is_object(ft)) {
		html_printf(b, "<p class=\"hint\">%h</p>",
		            T("No fault-tolerance determination has been made on this incident."));
		if (r->who.role == ROLE_OFFICER)
			html_printf(
			    b, "<p><a href=\"/projects/%lld?incident=%lld#actions\">%h</a></p>",
			    jint(inc, "project_id"), jint(inc, "id"),
			    T("Propose a determination on the project page"));
		html_printf(b, "</section>");
		return;
	}
	json_t *computed = json_object_get(ft, "computed");
	const char *det = jstr(ft, "determination");
	html_printf(b, "<p class=\"tag %a\" data-determination=\"%a\">%h</p>",
	            !strcmp(det, "exempt_or_lighter") ? "st-ok" : "st-bad", det,
	            result_label(r, det));
	if (json_is_true(json_object_get(ft, "overridden")))
		override_banner(r, jstr(ft, "override"));
	html_printf(b, "<dl class=\"facts\">");
	ui_fact(r, T("Computed test (§5.2)"), result_label(r, jstr(computed, "result")));
	ui_fact(r, T("Proposed by"), jstr(ft, "proposer"));
	ui_fact(r, T("Approved by"), jstr(ft, "approver"));
	ui_fact(r, T("Determined at"), ui_time_cst(r, jint(ft, "determined_at")));
	ui_fact(r, T("Loss (yuan)"),
	        json_is_integer(json_object_get(ft, "loss_fen")) ? ui_yuan(r, jint(ft, "loss_fen"))
	                                                         : "—");
	ui_fact(r, T("Compensated (yuan)"),
	        json_is_integer(json_object_get(ft, "compensated_fen"))
	            ? ui_yuan(r, jint(ft, "compensated_fen"))
	            : "—");
	html_printf(b, "</dl>");
	failed_list(r, json_object_get(computed, "failed"));
	inputs_table(r, json_object_get(ft, "inputs"));
	json_t *reasoning = json_object_get(ft, "reasoning");
	html_printf(
	    b, "<h3>%h</h3><p class=\"prose\" data-reasoning=\"computed\">%h</p>", T("Reasoning"),
	    jstr(json_object_get(reasoning, "computed"), r->lang == LANG_ZH ? "zh-CN" : "en"));
	if (json_is_string(json_object_get(reasoning, "written")))
		html_printf(b, "<h3>%h</h3><p class=\"prose\" data-reasoning=\"written\">%h</p>",
		            T("The working group's reasoning"), jstr(reasoning, "written"));
	html_printf(b, "</section>");
}
