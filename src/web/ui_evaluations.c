/* Stage evaluation and recognitions (§4.4, §5.1): the project page's section, the staff's list,
 * an evaluation's page with the forms of each side (the score sheets, the commitments, the
 * hypothesis, the CSRC's concurrence), the public register of recognitions, and the fields of
 * the outcome, rectification and recognition actions on the project page. The use cases are in
 * src/app/evaluations.c; criteria, outcomes and labels come from core/evaluation.c. Every form
 * posts to a page route that turns it into the JSON the API takes. */
#include "web/ui_evaluations.h"

#include <string.h>

#include "app/evaluations.h"
#include "core/evaluation.h"
#include "web/html.h"
#include "web/ui_public.h"
#include "web/ui_records.h"

/* The fields of the evaluation forms, as an error names them. */
static const ui_label FIELDS[] = {
    {"due_on", N_("Due on")},
    {"reason", N_("Reason")},
    {"scores", N_("Scores")},
    {"items", N_("Commitments")},
    {"hypothesis", N_("Hypothesis")},
    {"note", N_("Note")},
    {"measures", N_("Success measures")},
    {"outcome", N_("Outcome")},
    {"opinion", N_("The CSRC's opinion")},
    {NULL, NULL},
};

static const char *label_of(req *r, const id_label *list, size_t n, const char *id)
{
	return ui_sup_label(r, list, n, id);
}

static void status_tag(req *r, json_t *ev)
{
	bool open = !strcmp(jstr(ev, "status"), "open");
	ui_sup_tag(r, open ? "wait" : "ok", jstr(ev, "status"),
	           label_of(r, EVAL_STATUSES, EVAL_STATUSES_COUNT, jstr(ev, "status")));
	if (*jstr(ev, "outcome")) {
		html_raw(&r->out, " ");
		ui_sup_tag(r, !strcmp(jstr(ev, "outcome"), "regular_operation") ? "ok" : "warn",
		           jstr(ev, "outcome"),
		           label_of(r, EVAL_OUTCOMES, EVAL_OUTCOMES_COUNT, jstr(ev, "outcome")));
	}
}

/* ---- lists ---- */

static void evaluation_row(req *r, json_t *it, void *ctx)
{
	bool with_project = ctx != NULL;
	buf *b = &r->out;
	html_printf(b,
	            "<tr data-evaluation=\"%lld\"><td><a href=\"/evaluations/%lld\">#%lld</a></td>",
	            jint(it, "id"), jint(it, "id"), jint(it, "id"));
	if (with_project)
		html_printf(b, "<td><a href=\"/projects/%lld\">%h</a></td>", jint(it, "project_id"),
		            jstr(it, "project_name"));
	html_printf(b, "<td>%h</td><td class=\"nowrap\">%h</td><td class=\"nowrap\">%h</td><td>",
	            label_of(r, EVAL_ORIGINS, EVAL_ORIGINS_COUNT, jstr(it, "origin")),
	            ui_time_cst(r, jint(it, "opened_at")), jstr(it, "due_on"));
	status_tag(r, it);
	html_raw(b, "</td></tr>");
}

static const char *const *headings(req *r, bool with_project)
{
	const char **h = arena_alloc(r->a, 7 * sizeof *h);
	int k = 0;
	h[k++] = T("Evaluation");
	if (with_project)
		h[k++] = T("Project");
	h[k++] = T("Opened by");
	h[k++] = T("Opened");
	h[k++] = T("Due on");
	h[k++] = T("Status");
	h[k] = NULL;
	return h;
}

static void open_form(req *r, int64_t project_id)
{
	const char *form = "open-evaluation";
	ui_sup_form_begin(r,
	                  arena_printf(r->a, "/projects/%lld/evaluations", (long long)project_id),
	                  form, T("Open a stage evaluation"), false);
	ui_sup_field(r, form, "reason", T("Reason"), "textarea", true, NULL);
	ui_sup_field(r, form, "due_on", T("Due on"), "date", false,
	             T("Optional: the day the evaluation should be concluded."));
	ui_sup_form_end(r, T("Open the evaluation"));
}

static void recognition_row(req *r, json_t *it, void *ctx)
{
	(void)ctx;
	html_printf(&r->out, "<tr data-recognition=\"%lld\"><td>%h</td><td>%h</td><td>%h</td></tr>",
	            jint(it, "id"),
	            label_of(r, RECOGNITION_KINDS, RECOGNITION_KINDS_COUNT, jstr(it, "kind")),
	            jstr(it, "citation"), jstr(it, "recognised_on"));
}

static void rectification_card(req *r, json_t *o)
{
	if (!json_is_object(o))
		return;
	buf *b = &r->out;
	html_printf(
	    b,
	    "<article class=\"entry\" id=\"rectification\" data-rectification=\"%lld\"><h3>%h "
	    "#%lld ",
	    jint(o, "id"), T("Rectification order"), jint(o, "id"));
	ui_sup_tag(
	    r, !strcmp(jstr(o, "status"), "submitted") ? "ok" : "wait", jstr(o, "status"),
	    label_of(r, RECTIFICATION_STATUSES, RECTIFICATION_STATUSES_COUNT, jstr(o, "status")));
	html_printf(b, "</h3><p class=\"prose\">%h</p><p>%h %h", jstr(o, "order"), T("Due on"),
	            jstr(o, "due_on"));
	ui_sup_flag(r, o, "overdue", "overdue", T("Overdue"));
	html_raw(b, "</p>");
	if (*jstr(o, "report")) {
		html_printf(b, "<h4>%h · %h</h4><p class=\"prose\">%h</p>", T("Report"),
		            ui_time_cst(r, jint(o, "reported_at")), jstr(o, "report"));
		json_t *ev = json_object_get(o, "evidence");
		if (json_array_size(ev))
			html_printf(b, "<p class=\"prose\"><b>%h</b> %h</p>", T("Evidence:"),
			            ui_lines_text(r, ev));
	}
	html_raw(b, "</article>");
}

void ui_evaluations_section(req *r, int64_t project_id)
{
	err e;
	err_clear(&e);
	json_t *o = evaluation_project_overview(r->app, r->a, &r->who, project_id, &e);
	err_free_details(&e);
	if (!o)
		return;
	json_t *evs = json_object_get(o, "evaluations"),
	       *rect = json_object_get(o, "rectification"),
	       *recs = json_object_get(o, "recognitions");
	bool may_open = json_is_true(json_object_get(o, "may_open"));
	if (!json_array_size(evs) && !json_is_object(rect) && !json_array_size(recs) && !may_open) {
		json_decref(o);
		return;
	}
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"evaluations\" aria-labelledby=\"h-evaluations\">"
	            "<h2 id=\"h-evaluations\">%h</h2>",
	            T("Stage evaluation (§4.4)"));
	if (json_array_size(evs))
		ui_table(r, T("Evaluations"), "evaluations stack-sm", headings(r, false), evs,
		         evaluation_row, NULL, T("No evaluation yet."));
	else
		html_printf(b, "<p class=\"muted\">%h</p>", T("No evaluation yet."));
	rectification_card(r, rect);
	if (json_array_size(recs))
		ui_table(r, T("Recognitions (§5.1)"), "recognitions",
		         (const char *const[]){T("Kind"), T("Citation"), T("Recognised on"), NULL},
		         recs, recognition_row, NULL, "");
	if (may_open)
		open_form(r, project_id);
	html_raw(b, "</section>");
	json_decref(o);
}

static json_t *no_deadlines(app *ap, arena *a, const actor *who, int64_t project_id, int limit,
                            err *e)
{
	(void)ap;
	(void)a;
	(void)who;
	(void)project_id;
	(void)limit;
	(void)e;
	return json_object();
}

static void list_show(req *r, const char *status, json_t *list, json_t *due)
{
	(void)due;
	ui_page_titled(r, T("The end of a pilot (§4.4)"), T("Stage evaluations"),
	               T("The stage evaluations of launched pilots by the CSRC with the working "
	                 "group: open ones first."));
	ui_sup_filter(r, "/evaluations", "status", status, EVAL_STATUSES, sizeof *EVAL_STATUSES,
	              (int)EVAL_STATUSES_COUNT, NULL);
	ui_table(r, T("Stage evaluations"), "evaluations stack-sm", headings(r, true),
	         json_object_get(list, "items"), evaluation_row, r, T("No evaluation yet."));
	ui_pager(r, list, "/evaluations", status ? "status" : NULL, status);
}

int ui_evaluations_list(req *r)
{
	static const ui_sup_list_spec spec = {"status", evaluation_list, no_deadlines, list_show};
	return ui_sup_list_page(r, &spec);
}

/* ---- an evaluation's page ---- */

/* The value of a control: what the failed form posted, else the value on record. */
static const char *value_of(req *r, const char *form, const char *name, const char *recorded)
{
	const char *posted = req_form(r, "form");
	if (posted && !strcmp(posted, form))
		return ui_posted(r, name);
	return recorded ? recorded : "";
}

static void select_of(req *r, const char *form, const char *name, const char *label,
                      const ui_sup_option *opts, size_t n, const char *value)
{
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"field\"><label for=\"%a-%a\">%h</label><select id=\"%a-%a\" "
	            "name=\"%a\" required><option value=\"\"></option>",
	            form, name, label, form, name, name);
	for (size_t i = 0; i < n; i++)
		html_printf(b, "<option value=\"%a\"%h>%h</option>", opts[i].id,
		            !strcmp(value, opts[i].id) ? " selected" : "", opts[i].label);
	html_raw(b, "</select></div>");
}

static void textarea_of(req *r, const char *form, const char *name, const char *label,
                        bool required, const char *value)
{
	html_printf(&r->out,
	            "<div class=\"field\"><label for=\"%a-%a\">%h</label><textarea id=\"%a-%a\" "
	            "name=\"%a\" rows=\"2\" maxlength=\"4000\"%h>%h</textarea></div>",
	            form, name, label, form, name, name, required ? " required" : "", value);
}

static const char *int_text(req *r, json_t *v)
{
	return json_is_integer(v) ? arena_printf(r->a, "%lld", (long long)json_integer_value(v))
	                          : "";
}

static const char *bool_text(json_t *v)
{
	return json_is_true(v) ? "true" : json_is_false(v) ? "false" : "";
}

/* A list judged item by item, yes or no with a note (the commitments, the success measures):
 * an item's members and the form's fields of item i (FLAG_FIELD_i, NOTE_FIELD_i). */
typedef struct judged_list {
	const char *flag, *note;
	const char *flag_field, *note_field;
	const char *yes, *no, *note_label; /* catalog message ids */
	bool note_required;
} judged_list;
static const judged_list COMMITMENTS = {"kept",     "evidence",   "kept",         "evidence",
                                        N_("Kept"), N_("Broken"), N_("Evidence"), true};
static const judged_list MEASURES = {"met",     "note",        "met",      "mnote",
                                     N_("Met"), N_("Not met"), N_("Note"), false};

/* The judgement's fields of each item: its text labels the choice. */
static void judged_fields(req *r, const char *form, json_t *items, const judged_list *j)
{
	ui_sup_option yes_no[] = {{"true", T(j->yes)}, {"false", T(j->no)}};
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *k = arena_printf(r->a, "%s_%zu", j->flag_field, i),
		           *v = arena_printf(r->a, "%s_%zu", j->note_field, i);
		select_of(r, form, k, jstr(it, "text"), yes_no, 2,
		          value_of(r, form, k, bool_text(json_object_get(it, j->flag))));
		textarea_of(r, form, v, T(j->note_label), j->note_required,
		            value_of(r, form, v, jstr(it, j->note)));
	}
}

/* The two sides' sheets side by side, criterion by criterion. */
static void sheets_card(req *r, json_t *ev)
{
	buf *b = &r->out;
	json_t *sheets = json_object_get(ev, "sheets");
	html_printf(
	    b,
	    "<section class=\"card\" id=\"sheets\"><h2>%h</h2><table class=\"scores\"><thead>"
	    "<tr><th>%h</th><th>%h</th><th>%h</th></tr></thead><tbody>",
	    T("Score sheets"), T("Criterion"), T("The CSRC"), T("The working group"));
	for (int k = 0; k < EVAL_CRITERIA_COUNT; k++) {
		html_printf(b, "<tr data-criterion=\"%a\"><th>%h</th>", EVAL_CRITERIA[k].id,
		            T(EVAL_CRITERIA[k].label));
		for (size_t s = 0; s < EVAL_SIDES_COUNT; s++) {
			json_t *sc = json_object_get(
			    json_object_get(json_object_get(sheets, EVAL_SIDES[s].id), "scores"),
			    EVAL_CRITERIA[k].id);
			if (json_is_object(sc))
				html_printf(b, "<td><b>%lld</b> <small>%h</small></td>",
				            jint(sc, "score"), jstr(sc, "comment"));
			else
				html_raw(b, "<td>—</td>");
		}
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table>");
	json_t *sum = json_object_get(ev, "summary");
	for (size_t s = 0; s < EVAL_SIDES_COUNT; s++) {
		json_t *x = json_object_get(sum, EVAL_SIDES[s].id);
		if (json_is_object(x))
			html_printf(b, "<p>%h: %h %h</p>", T(EVAL_SIDES[s].label), T("mean score"),
			            jstr(x, "mean"));
	}
	/* the caller's side's form */
	const char *side = jstr(ev, "side");
	if (json_is_true(json_object_get(json_object_get(ev, "may"), "score")) && *side) {
		const char *form = "scores";
		json_t *mine = json_object_get(json_object_get(sheets, side), "scores");
		ui_sup_form_begin(r, arena_printf(r->a, "/evaluations/%lld/scores", jint(ev, "id")),
		                  form,
		                  subst(r, T("Your side's score sheet: {side}"), "side",
		                        label_of(r, EVAL_SIDES, EVAL_SIDES_COUNT, side)),
		                  false);
		ui_sup_option opts[5];
		for (int v = 0; v < 5; v++)
			opts[v] = (ui_sup_option){arena_printf(r->a, "%d", v + 1),
			                          arena_printf(r->a, "%d", v + 1)};
		for (int k = 0; k < EVAL_CRITERIA_COUNT; k++) {
			const char *id = EVAL_CRITERIA[k].id;
			json_t *cur = json_object_get(mine, id);
			select_of(r, form, arena_printf(r->a, "score_%s", id),
			          T(EVAL_CRITERIA[k].label), opts, 5,
			          value_of(r, form, arena_printf(r->a, "score_%s", id),
			                   int_text(r, json_object_get(cur, "score"))));
			textarea_of(r, form, arena_printf(r->a, "comment_%s", id), T("Comment"),
			            true,
			            value_of(r, form, arena_printf(r->a, "comment_%s", id),
			                     jstr(cur, "comment")));
		}
		ui_sup_form_end(r, T("Save the score sheet"));
	}
	html_raw(b, "</section>");
}

static void commitments_card(req *r, json_t *ev)
{
	buf *b = &r->out;
	json_t *items = json_object_get(ev, "commitments");
	bool may = json_is_true(json_object_get(json_object_get(ev, "may"), "judge"));
	html_printf(b, "<section class=\"card\" id=\"commitments-card\"><h2>%h</h2>",
	            T("Commitments of the application"));
	if (!json_array_size(items))
		html_printf(b, "<p class=\"muted\">%h</p>",
		            T("The application made no commitment."));
	html_raw(b, "<ol class=\"plain-list\">");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		json_t *kept = json_object_get(it, "kept");
		html_printf(b, "<li data-commitment=\"%zu\"><p class=\"prose\">%h</p>", i,
		            jstr(it, "text"));
		if (json_is_boolean(kept))
			html_printf(b, "<p><b>%h</b> %h</p>",
			            json_is_true(kept) ? T("Kept") : T("Broken"),
			            jstr(it, "evidence"));
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
	if (may && json_array_size(items)) {
		const char *form = "commitments";
		ui_sup_form_begin(
		    r, arena_printf(r->a, "/evaluations/%lld/commitments", jint(ev, "id")), form,
		    T("Judge the commitments"), false);
		judged_fields(r, form, items, &COMMITMENTS);
		ui_sup_form_end(r, T("Save the judgement"));
	}
	html_raw(b, "</section>");
}

static void hypothesis_card(req *r, json_t *ev)
{
	buf *b = &r->out;
	json_t *h = json_object_get(ev, "hypothesis"), *ms = json_object_get(h, "measures");
	bool may = json_is_true(json_object_get(json_object_get(ev, "may"), "judge"));
	html_printf(
	    b,
	    "<section class=\"card\" id=\"hypothesis-card\"><h2>%h</h2><p class=\"prose\">%h</p>",
	    T("Hypothesis and success measures"), jstr(h, "text"));
	if (*jstr(h, "judgement"))
		html_printf(
		    b, "<p><b>%h</b> %h</p>",
		    label_of(r, EVAL_HYPOTHESIS, EVAL_HYPOTHESIS_COUNT, jstr(h, "judgement")),
		    jstr(h, "note"));
	html_raw(b, "<ol class=\"plain-list\">");
	size_t i;
	json_t *m;
	json_array_foreach(ms, i, m)
	{
		json_t *met = json_object_get(m, "met");
		html_printf(b, "<li data-measure=\"%zu\">%h", i, jstr(m, "text"));
		if (json_is_boolean(met))
			html_printf(b, " — <b>%h</b> %h",
			            json_is_true(met) ? T("Met") : T("Not met"), jstr(m, "note"));
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
	if (may) {
		const char *form = "hypothesis";
		ui_sup_form_begin(
		    r, arena_printf(r->a, "/evaluations/%lld/hypothesis", jint(ev, "id")), form,
		    T("Judge the hypothesis"), false);
		select_of(r, form, "hypothesis", T("Hypothesis"),
		          ui_sup_options(r, EVAL_HYPOTHESIS, EVAL_HYPOTHESIS_COUNT),
		          EVAL_HYPOTHESIS_COUNT,
		          value_of(r, form, "hypothesis", jstr(h, "judgement")));
		textarea_of(r, form, "note", T("Note"), true,
		            value_of(r, form, "note", jstr(h, "note")));
		judged_fields(r, form, ms, &MEASURES);
		ui_sup_form_end(r, T("Save the judgement"));
	}
	html_raw(b, "</section>");
}

static void concurrence_card(req *r, json_t *ev)
{
	buf *b = &r->out;
	json_t *c = json_object_get(ev, "concurrence");
	html_printf(b, "<section class=\"card\" id=\"concurrence-card\"><h2>%h</h2>",
	            T("The CSRC's concurrence"));
	if (json_is_object(c))
		html_printf(b, "<p data-concurrence=\"%a\"><b>%h</b> %h</p>", jstr(c, "outcome"),
		            label_of(r, EVAL_OUTCOMES, EVAL_OUTCOMES_COUNT, jstr(c, "outcome")),
		            jstr(c, "opinion"));
	else
		html_printf(b, "<p class=\"muted\">%h</p>", T("The CSRC has not concurred yet."));
	json_t *missing = json_object_get(ev, "missing");
	if (json_array_size(missing) && !strcmp(jstr(ev, "status"), "open"))
		html_printf(b, "<p class=\"hint\">%h %h</p>", T("Still missing:"),
		            ui_lines_text(r, missing));
	if (json_is_true(json_object_get(json_object_get(ev, "may"), "concur"))) {
		const char *form = "concurrence";
		ui_sup_form_begin(
		    r, arena_printf(r->a, "/evaluations/%lld/concurrence", jint(ev, "id")), form,
		    T("Concur in an outcome"), false);
		select_of(
		    r, form, "outcome", T("Outcome"),
		    ui_sup_options(r, EVAL_OUTCOMES, EVAL_OUTCOMES_COUNT), EVAL_OUTCOMES_COUNT,
		    value_of(r, form, "outcome", json_is_object(c) ? jstr(c, "outcome") : ""));
		textarea_of(
		    r, form, "opinion", T("The CSRC's opinion"), true,
		    value_of(r, form, "opinion", json_is_object(c) ? jstr(c, "opinion") : ""));
		ui_sup_form_end(r, T("Record the concurrence"));
	}
	if (!strcmp(jstr(ev, "status"), "open"))
		html_printf(b, "<p class=\"hint\">%h</p>",
		            T("The outcome is proposed from the project page's actions once the "
		              "evaluation is complete and the CSRC concurs in it."));
	html_raw(b, "</section>");
}

static int evaluation_page(req *r, int64_t id, ui_failure *f)
{
	json_t *ev = evaluation_get(r->app, r->a, &r->who, id, &r->e);
	if (!ev)
		return -1;
	buf *b = &r->out;
	const char *title = arena_printf(r->a, "%s #%lld", T("Stage evaluation"), (long long)id);
	ui_sup_head(r, ev, "evaluations", title, T("The end of a pilot (§4.4)"), title);
	status_tag(r, ev);
	ui_sup_head_end(r, f, FIELDS);
	html_printf(b, "<section class=\"card\"><h2>%h</h2><dl class=\"facts\">",
	            T("Stage evaluation"));
	ui_fact(r, T("Project"), jstr(ev, "project_name"));
	ui_fact(r, T("Opened by"),
	        label_of(r, EVAL_ORIGINS, EVAL_ORIGINS_COUNT, jstr(ev, "origin")));
	ui_fact(r, T("Opened"), ui_time_cst(r, jint(ev, "opened_at")));
	if (*jstr(ev, "due_on"))
		ui_fact(r, T("Due on"), jstr(ev, "due_on"));
	if (*jstr(ev, "reason"))
		ui_fact(r, T("Reason"), jstr(ev, "reason"));
	if (*jstr(ev, "outcome")) {
		ui_fact(r, T("Outcome"),
		        label_of(r, EVAL_OUTCOMES, EVAL_OUTCOMES_COUNT, jstr(ev, "outcome")));
		ui_fact(r, T("Concluded"), ui_time_cst(r, jint(ev, "concluded_at")));
	}
	if (*jstr(ev, "reevaluate_on"))
		ui_fact(r, T("Re-evaluation on"), jstr(ev, "reevaluate_on"));
	json_t *sum = json_object_get(ev, "summary");
	for (size_t s = 0; s < EVAL_SIDES_COUNT; s++) {
		json_t *x = json_object_get(sum, EVAL_SIDES[s].id);
		if (json_is_object(x))
			ui_fact(r,
			        subst(r, T("Mean score: {side}"), "side", T(EVAL_SIDES[s].label)),
			        jstr(x, "mean"));
	}
	html_raw(b, "</dl></section>");
	if (json_object_get(ev, "sheets")) { /* the working drafts: staff only */
		sheets_card(r, ev);
		commitments_card(r, ev);
		hypothesis_card(r, ev);
		concurrence_card(r, ev);
	}
	json_decref(ev);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_evaluation_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return evaluation_page(r, id, NULL);
}

static int after_form(req *r, int64_t id, int rc, json_t *out, const char *action)
{
	return ui_sup_after_form(r, arena_printf(r->a, "/evaluations/%lld", (long long)id), rc, out,
	                         action, evaluation_page, id);
}

int ui_evaluation_open(req *r)
{
	int64_t pid;
	if (req_param_id(r, "id", &pid) < 0)
		return -1;
	static const char *const names[] = {"reason", "due_on", NULL};
	json_t *body = json_object(), *out = NULL;
	int rc = ui_sup_body(r, body, names);
	if (rc == 0)
		rc = evaluation_open(r->app, r->a, &r->who, pid, body, &out, &r->e);
	json_decref(body);
	return ui_sup_created(r, rc, out, "/evaluations/", "open", pid, "evaluations",
	                      T("The end of a pilot (§4.4)"), T("Open a stage evaluation"), FIELDS,
	                      open_form);
}

/* A form's change of an evaluation: the page's body, the use case, the answer. */
typedef int (*evl_change)(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                          json_t **out, err *e);

static int change(req *r, const char *action, json_t *body, int rc, evl_change fn)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0) {
		json_decref(body);
		return -1;
	}
	json_t *out = NULL;
	if (rc == 0 && evaluation_check_visible(r->app, r->a, &r->who, id, &r->e) < 0) {
		json_decref(body);
		return -1;
	}
	if (rc == 0)
		rc = fn(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	return after_form(r, id, rc, out, action);
}

/* A whole number from a select (blank: absent). */
static json_t *posted_int(req *r, const char *name)
{
	const char *v = ui_trim(r, req_form(r, name));
	long long n = ui_parse_count(v);
	return *v && n >= 0 ? json_integer(n) : NULL;
}

static json_t *posted_bool(req *r, const char *name)
{
	const char *v = ui_trim(r, req_form(r, name));
	return !strcmp(v, "true") ? json_true() : !strcmp(v, "false") ? json_false() : NULL;
}

static void set_opt(json_t *o, const char *key, json_t *v)
{
	if (v)
		json_object_set_new(o, key, v);
}

static int set_text(req *r, json_t *o, const char *key, const char *name)
{
	const char *v = req_form(r, name);
	if (!v || ui_blank(v))
		return 0;
	return ui_json_text(r, o, key, ui_trim(r, v), false);
}

int ui_evaluation_scores(req *r)
{
	json_t *body = json_object(), *scores = json_object();
	int rc = 0;
	for (int k = 0; rc == 0 && k < EVAL_CRITERIA_COUNT; k++) {
		const char *id = EVAL_CRITERIA[k].id;
		json_t *s = json_object();
		set_opt(s, "score", posted_int(r, arena_printf(r->a, "score_%s", id)));
		rc = set_text(r, s, "comment", arena_printf(r->a, "comment_%s", id));
		json_object_set_new(scores, id, s);
	}
	json_object_set_new(body, "scores", scores);
	return change(r, "scores", body, rc, evaluation_scores_put);
}

/* The posted judgements of items 0, 1... while either field of an item is posted. */
static int posted_items(req *r, const judged_list *j, json_t *items)
{
	for (size_t i = 0; i < 100; i++) {
		const char *fk = arena_printf(r->a, "%s_%zu", j->flag_field, i),
		           *tk = arena_printf(r->a, "%s_%zu", j->note_field, i);
		if (!req_form(r, fk) && !req_form(r, tk))
			break;
		json_t *o = json_pack("{s:I}", "index", (json_int_t)i);
		set_opt(o, j->flag, posted_bool(r, fk));
		if (set_text(r, o, j->note, tk) < 0) {
			json_decref(o);
			return -1;
		}
		json_array_append_new(items, o);
	}
	return 0;
}

int ui_evaluation_commitments(req *r)
{
	json_t *body = json_object(), *items = json_array();
	int rc = posted_items(r, &COMMITMENTS, items);
	json_object_set_new(body, "items", items);
	return change(r, "commitments", body, rc, evaluation_commitments_put);
}

int ui_evaluation_hypothesis(req *r)
{
	json_t *body = json_object(), *items = json_array();
	int rc = set_text(r, body, "hypothesis", "hypothesis");
	if (rc == 0)
		rc = set_text(r, body, "note", "note");
	if (rc == 0)
		rc = posted_items(r, &MEASURES, items);
	json_object_set_new(body, "measures", items);
	return change(r, "hypothesis", body, rc, evaluation_hypothesis_put);
}

int ui_evaluation_concurrence(req *r)
{
	json_t *body = json_object();
	static const char *const names[] = {"outcome", "opinion", NULL};
	int rc = ui_sup_body(r, body, names);
	return change(r, "concurrence", body, rc, evaluation_concur);
}

/* ---- the public register of recognitions (§5.1) ---- */

static const char *name_of(req *r, json_t *institution)
{
	return jstr(institution, "name");
}

static void public_row(req *r, json_t *it, void *ctx)
{
	(void)ctx;
	buf *b = &r->out;
	html_printf(b, "<tr data-recognition=\"%lld\"><td>%h</td><td>", jint(it, "id"),
	            jstr(it, "project_name"));
	ui_joined(r, json_object_get(it, "institutions"), name_of);
	html_printf(b, "</td><td>%h</td><td>%h</td><td class=\"nowrap\">%h</td></tr>",
	            label_of(r, RECOGNITION_KINDS, RECOGNITION_KINDS_COUNT, jstr(it, "kind")),
	            jstr(it, "citation"), jstr(it, "recognised_on"));
}

int ui_public_recognitions(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = recognition_public_list(r->app, r->a, after, limit, &r->e);
	if (!list)
		return -1;
	ui_public_page_begin(r, T("Recognitions"), T("Incentives (§5.1)"), T("Recognitions"),
	                     T("Pilots that became regular operation and were recognised: public "
	                       "notice, industry circular, fintech awards, pilot-zone policy "
	                       "rewards."));
	ui_table(r, T("Recognitions"), "recognitions",
	         (const char *const[]){T("Project"), T("Institutions"), T("Kind"), T("Citation"),
	                               T("Recognised on"), NULL},
	         json_object_get(list, "items"), public_row, NULL, T("No recognition yet."));
	ui_pager(r, list, "/public/recognitions", NULL, NULL);
	json_decref(list);
	return ui_page_end(r, 200);
}

/* ---- the actions' fields on the project page ---- */

static bool outcome_action(const char *action)
{
	return evaluation_outcome_of_action(action) != NULL;
}

static void text_input(req *r, const char *fid, const char *name, const char *label,
                       const char *kind, bool again)
{
	const char *v = again ? ui_posted(r, name) : "";
	if (!strcmp(kind, "textarea"))
		html_printf(&r->out,
		            "<label for=\"%a%a\">%h</label><textarea id=\"%a%a\" name=\"%a\" "
		            "rows=\"3\" maxlength=\"4000\">%h</textarea>",
		            fid, name, label, fid, name, name, v);
	else
		html_printf(
		    &r->out,
		    "<label for=\"%a%a\">%h</label><input id=\"%a%a\" name=\"%a\" type=\"%a\" "
		    "value=\"%a\">",
		    fid, name, label, fid, name, name, kind, v);
}

void ui_evaluation_action_fields(req *r, json_t *p, const char *action, const char *fid, bool again)
{
	buf *b = &r->out;
	if (outcome_action(action)) {
		err e;
		err_clear(&e);
		json_t *open =
		    evaluation_list(r->app, r->a, &r->who, jint(p, "id"), "open", 0, 1, &e);
		err_free_details(&e);
		json_t *first = json_array_get(json_object_get(open, "items"), 0);
		if (first)
			html_printf(
			    b,
			    "<input type=\"hidden\" name=\"evaluation_id\" value=\"%lld\"><p "
			    "class=\"hint\"><a href=\"/evaluations/%lld\">%h #%lld</a></p>",
			    jint(first, "id"), jint(first, "id"), T("Stage evaluation"),
			    jint(first, "id"));
		else
			html_printf(b, "<p class=\"hint\">%h</p>",
			            T("Open a stage evaluation first (below)."));
		json_decref(open);
		if (!strcmp(action, "evaluate_improve"))
			text_input(r, fid, "reevaluate_on", T("Re-evaluation on"), "date", again);
		if (!strcmp(action, "evaluate_rectify")) {
			text_input(r, fid, "order", T("What must be rectified"), "textarea", again);
			text_input(r, fid, "due_on", T("Due on"), "date", again);
		}
	} else if (!strcmp(action, "submit_rectification")) {
		text_input(r, fid, "report", T("Report of the rectification"), "textarea", again);
		text_input(r, fid, "evidence", T("Evidence (one per line)"), "textarea", again);
	} else if (!strcmp(action, "recognise")) {
		const char *v = again ? ui_posted(r, "kind") : "";
		html_printf(b,
		            "<label for=\"%akind\">%h</label><select id=\"%akind\" name=\"kind\">",
		            fid, T("Kind"), fid);
		for (size_t i = 0; i < RECOGNITION_KINDS_COUNT; i++)
			html_printf(b, "<option value=\"%a\"%h>%h</option>",
			            RECOGNITION_KINDS[i].id,
			            !strcmp(v, RECOGNITION_KINDS[i].id) ? " selected" : "",
			            T(RECOGNITION_KINDS[i].label));
		html_raw(b, "</select>");
		text_input(r, fid, "citation", T("Citation"), "textarea", again);
	}
}

int ui_evaluation_action_read(req *r, const char *action, json_t *body)
{
	static const char *const outcome[] = {"reevaluate_on", "order", "due_on", NULL};
	static const char *const report[] = {"report", NULL};
	static const char *const recog[] = {"kind", "citation", NULL};
	if (outcome_action(action)) {
		json_t *id = posted_int(r, "evaluation_id");
		if (id)
			json_object_set_new(body, "evaluation_id", id);
		return ui_sup_body(r, body, outcome);
	}
	if (!strcmp(action, "submit_rectification")) {
		if (ui_sup_body(r, body, report) < 0)
			return -1;
		const char *ev = req_form(r, "evidence");
		if (ev && !ui_blank(ev))
			json_object_set_new(body, "evidence", ui_lines_list(ev));
		return 0;
	}
	if (!strcmp(action, "recognise"))
		return ui_sup_body(r, body, recog);
	return 0;
}
