/* Pages of the expert review (§4.1). Every value goes through html_printf's escaping
 * conversions; every label through the catalog (T). The use cases are in src/app/review.c. */
#include "web/ui_review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "app/review.h"
#include "lib/json.h"
#include "core/workflow.h"
#include "web/html.h"
#include "web/ui.h"

#define T(s) tr(r->lang, s)

/* ---- small helpers ---- */

/* msg with "{key}" replaced by val. */
/* A figure (mean, median...) to two decimals; "—" when there is none. */
static const char *fig(req *r, json_t *v)
{
	return json_is_number(v) ? arena_printf(r->a, "%.2f", json_number_value(v)) : "—";
}

static const char *pct(req *r, double w)
{
	return arena_printf(r->a, "%.1f%%", w * 100);
}

/* Puts back an error saved (err saved = r->e) while the page's data was read again. A field
 * built at run time points into r->e.field_buf, whose bytes the copy restores. */
static void err_restore(req *r, const err *saved)
{
	r->e = *saved;
}

static void csrf_field(req *r)
{
	html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", r->csrf);
}

static const struct {
	const char *label, *hint;
} CRITERIA[CRIT__COUNT] = {
    [CRIT_INNOVATIVENESS] = {N_("Innovativeness"),
                             N_("How new the technology, or its use in this business, is.")},
    [CRIT_FEASIBILITY] = {N_("Feasibility"),
                          N_("Whether the plan, the team and the resources can deliver it.")},
    [CRIT_SECURITY] = {N_("Security"),
                       N_("Information security, data protection and the resilience of the "
                          "systems.")},
    [CRIT_GOAL_REASONABLENESS] = {N_("Reasonableness of the goals"),
                                  N_("Whether the goals and success measures are realistic "
                                     "and can be tested.")},
    [CRIT_RISK_CONTROLS] = {N_("Risk-control measures"),
                            N_("Test boundaries, investor protection, emergency and exit "
                               "plans.")},
    [CRIT_INDUSTRIAL_FIT] = {N_("Fit with Jinan's industrial orientation"),
                             N_("How the project serves the pilot city's industrial policy.")},
};

const char *review_criterion_label(req *r, scoring_criterion c)
{
	return (unsigned)c < CRIT__COUNT ? T(CRITERIA[c].label) : "";
}

/* States are labelled once, in core/workflow.c. */
static const char *state_label(req *r, const char *id)
{
	const state_info *si = project_state_info(id);
	return si ? T(si->label) : id;
}

static const char *source_label(req *r, const char *source)
{
	if (!strcmp(source, "automatic"))
		return T("Detected: the expert's institution is a member");
	if (!strcmp(source, "expert"))
		return T("Declared by the expert");
	if (!strcmp(source, "applicant"))
		return T("Declared by the applicant");
	return source;
}

/* Error fields as people read them: "scores.security.comment" -> "Security: comment". */
static const char *field_text(req *r, const char *field)
{
	if (!field)
		return "";
	for (int i = 0; i < CRIT__COUNT; i++) {
		const char *id = scoring_criterion_id((scoring_criterion)i);
		const char *s = arena_printf(r->a, "scores.%s.score", id);
		const char *c = arena_printf(r->a, "scores.%s.comment", id);
		const char *w = arena_printf(r->a, "weights.%s", id);
		if (!strcmp(field, s))
			return arena_printf(r->a, "%s: %s", T(CRITERIA[i].label), T("score"));
		if (!strcmp(field, c))
			return arena_printf(r->a, "%s: %s", T(CRITERIA[i].label), T("comment"));
		if (!strcmp(field, w))
			return arena_printf(r->a, "%s: %s", T(CRITERIA[i].label), T("weight"));
	}
	static const struct {
		const char *f, *label;
	} OTHER[] = {{"name", N_("Name")},           {"opens_on", N_("Opens on")},
	             {"closes_on", N_("Closes on")}, {"weights", N_("Weights")},
	             {"reason", N_("Reason")},       {"expert_id", N_("Expert")}};
	for (size_t i = 0; i < sizeof OTHER / sizeof *OTHER; i++)
		if (!strcmp(OTHER[i].f, field))
			return T(OTHER[i].label);
	return field;
}

static void form_error(req *r)
{
	if (!r->e.status)
		return;
	const char *m = T(r->e.msg ? r->e.msg : "Something went wrong.");
	html_printf(
	    &r->out,
	    "<div class=\"error\" role=\"alert\" data-code=\"%a\" data-field=\"%a\"><b>%h</b>"
	    "%h</div>",
	    r->e.code ? r->e.code : "", r->e.field ? r->e.field : "", T("Not saved."),
	    subst(r, m, "field", field_text(r, r->e.field)));
}

static void weights_table(req *r, json_t *weights)
{
	html_printf(&r->out,
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list weights\"><thead><tr><th "
	            "scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
	            T("Weights"), T("Criterion"), T("Weight"));
	for (int i = 0; i < CRIT__COUNT; i++)
		html_printf(&r->out, "<tr><td>%h</td><td class=\"num\">%h</td></tr>",
		            T(CRITERIA[i].label),
		            pct(r, json_number_value(json_object_get(
		                       weights, scoring_criterion_id((scoring_criterion)i)))));
	html_printf(&r->out, "</tbody></table></div>");
}

/* The statistics of one project (score_list's "statistics"). */
static void stats_facts(req *r, json_t *st)
{
	bool flag = json_is_true(json_object_get(st, "disagreement"));
	html_printf(
	    &r->out,
	    "<dl class=\"facts stats\"><div><dt>%h</dt><dd>%lld / %lld</dd></div>"
	    "<div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h</dd></div>"
	    "<div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h – %h</dd></div>"
	    "<div><dt>%h</dt><dd>",
	    T("Sheets in"), jint(st, "sheets"), jint(st, "assigned"), T("Mean"),
	    fig(r, json_object_get(st, "mean")), T("Median"), fig(r, json_object_get(st, "median")),
	    T("Standard deviation"), fig(r, json_object_get(st, "stddev")), T("Range"),
	    fig(r, json_object_get(st, "min")), fig(r, json_object_get(st, "max")), T("Agreement"));
	if (flag)
		html_printf(&r->out,
		            "<span class=\"tag flag\" data-flag=\"disagreement\">%h</span>",
		            T("Experts disagree widely"));
	else
		html_printf(&r->out, "%h", T("No wide disagreement"));
	html_printf(&r->out, "</dd></div></dl>");
}

const char *review_rule_text(req *r)
{
	return subst(r,
	             subst(r,
	                   T("Flagged when the experts' weighted totals are {range} points or "
	                     "more apart, or their standard deviation is {stddev} or more."),
	                   "range", arena_printf(r->a, "%g", SCORING_DISAGREE_RANGE)),
	             "stddev", arena_printf(r->a, "%g", SCORING_DISAGREE_STDDEV));
}

/* The sheets of a project (score_list's "items"): one row per sheet, comments beneath. */
static void sheets_table(req *r, json_t *items, bool expert)
{
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list sheets\"><thead><tr><th "
	            "scope=\"col\">%h</th>",
	            T("Score sheets"), T("Expert"));
	for (int i = 0; i < CRIT__COUNT; i++)
		html_printf(b, "<th scope=\"col\">%h</th>", T(CRITERIA[i].label));
	html_printf(b, "<th scope=\"col\">%h</th></tr></thead><tbody>", T("Weighted total"));
	size_t k;
	json_t *it;
	json_array_foreach(items, k, it)
	{
		const char *who;
		if (expert)
			who = json_is_true(json_object_get(it, "mine"))
			          ? T("You")
			          : subst(r, T("Expert {n}"), "n",
			                  jstr(it, "label") + strlen("expert_"));
		else
			who = json_is_string(json_object_get(it, "display_name"))
			          ? jstr(it, "display_name")
			          : jstr(it, "username");
		bool counted = json_is_true(json_object_get(it, "counted"));
		html_printf(b, "<tr class=\"%a\"><th scope=\"row\">%h", counted ? "" : "excluded",
		            who);
		if (!counted)
			html_printf(b, " <span class=\"tag flag\">%h</span>",
			            T("Conflict: not counted"));
		html_printf(b, "</th>");
		json_t *scores = json_object_get(it, "scores");
		for (int i = 0; i < CRIT__COUNT; i++)
			html_printf(b, "<td class=\"num\">%lld</td>",
			            jint(json_object_get(
			                     scores, scoring_criterion_id((scoring_criterion)i)),
			                 "score"));
		html_printf(b, "<td class=\"num\"><b>%h</b></td></tr>",
		            fig(r, json_object_get(it, "weighted_total")));
	}
	html_printf(b, "</tbody></table></div>");
	json_array_foreach(items, k, it)
	{
		const char *who = expert ? (json_is_true(json_object_get(it, "mine"))
		                                ? T("You")
		                                : subst(r, T("Expert {n}"), "n",
		                                        jstr(it, "label") + strlen("expert_")))
		                         : jstr(it, "username");
		html_printf(b, "<details class=\"comments\"><summary>%h</summary><dl>",
		            subst(r, T("Comments of {who}"), "who", who));
		json_t *scores = json_object_get(it, "scores");
		for (int i = 0; i < CRIT__COUNT; i++)
			html_printf(b, "<dt>%h</dt><dd>%h</dd>", T(CRITERIA[i].label),
			            jstr(json_object_get(
			                     scores, scoring_criterion_id((scoring_criterion)i)),
			                 "comment"));
		html_printf(b, "</dl></details>");
	}
}

/* ---- the expert's pages ---- */

int ui_review_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = review_queue(r->app, r->a, &r->who, after, limit, &r->e);
	if (!list)
		return -1;
	buf *b = &r->out;
	ui_page_begin(r, T("My reviews"));
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p "
	            "class=\"lead\">%h</p></div></div>",
	            T("Expert review (§4.1)"), T("My reviews"),
	            T("The projects assigned to you. Score each one on the six criteria; you see "
	              "the other experts' scores once yours are in."));
	if (req_query(r, "declared"))
		html_printf(b, "<p class=\"notice\" role=\"status\">%h</p>",
		            T("Your conflict of interest is on record; the project is no longer "
		              "shown to you."));
	json_t *items = json_object_get(list, "items");
	if (!json_array_size(items)) {
		html_printf(b, "<p class=\"empty\">%h</p>", T("No project is assigned to you."));
	} else {
		html_printf(
		    b,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
		    "<table class=\"list reviews\"><thead><tr><th "
		    "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		    "<th scope=\"col\">%h</th></tr></thead><tbody>",
		    T("My reviews"), T("Project"), T("Batch"), T("State"), T("My scores"));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			bool done = json_is_integer(json_object_get(it, "submitted_at"));
			bool open = !strcmp(jstr(it, "state"), "in_review");
			html_printf(
			    b,
			    "<tr data-project=\"%lld\"><td><a href=\"/review/%lld\">%h</a></td>"
			    "<td>%h</td><td><span class=\"tag plain\">%h</span></td><td>%h</td>"
			    "</tr>",
			    jint(it, "project_id"), jint(it, "project_id"), jstr(it, "name"),
			    jstr(it, "batch_name"), state_label(r, jstr(it, "state")),
			    done   ? subst(r, T("Submitted {when}"), "when",
			                   ui_time_cst(r, jint(it, "submitted_at")))
			    : open ? T("To do")
			           : T("Not open for scoring"));
		}
		html_printf(b, "</tbody></table></div>");
	}
	json_t *next = json_object_get(list, "next");
	if (json_is_string(next))
		html_printf(
		    b,
		    "<p class=\"pager\"><a class=\"button\" href=\"/review?after=%u\">%h</a>"
		    "</p>",
		    json_string_value(next), T("Next page"));
	json_decref(list);
	ui_page_end(r);
	return reply_html(r, 200);
}

/* The form's value for a criterion: the posted one, if any. */
static const char *posted(req *r, const char *prefix, const char *id)
{
	if (strcmp(r->method, "POST"))
		return "";
	const char *v = req_form(r, arena_printf(r->a, "%s_%s", prefix, id));
	return v ? v : "";
}

static void rubric_form(req *r, json_t *sl, long long id)
{
	buf *b = &r->out;
	json_t *weights = json_object_get(sl, "weights");
	html_printf(b,
	            "<form method=\"post\" action=\"/review/%lld\" class=\"card form rubric\" "
	            "id=\"scoring\"><h2>%h</h2><p class=\"hint\">%h</p>",
	            id, T("Your scores"),
	            T("Score each criterion from 1 (poor) to 10 (excellent) and explain it. "
	              "Submitting is final: the scores cannot be changed afterwards."));
	form_error(r);
	csrf_field(r);
	for (int i = 0; i < CRIT__COUNT; i++) {
		const char *cid = scoring_criterion_id((scoring_criterion)i);
		const char *sv = posted(r, "score", cid);
		html_printf(
		    b,
		    "<fieldset class=\"criterion\" data-criterion=\"%a\"><legend>%h "
		    "<small>%h</small></legend><p class=\"hint\">%h</p><div class=\"row3\">"
		    "<div class=\"field\"><label for=\"score_%a\">%h</label><select "
		    "id=\"score_%a\" name=\"score_%a\" required><option value=\"\">—</option>",
		    cid, T(CRITERIA[i].label),
		    subst(r, T("weight {w}"), "w",
		          pct(r, json_number_value(json_object_get(weights, cid)))),
		    T(CRITERIA[i].hint), cid, T("Score (1–10)"), cid, cid);
		for (int s = SCORE_MIN; s <= SCORE_MAX; s++) {
			const char *v = arena_printf(r->a, "%d", s);
			html_printf(b, "<option value=\"%a\"%h>%d</option>", v,
			            !strcmp(sv, v) ? " selected" : "", s);
		}
		html_printf(b,
		            "</select></div></div><div class=\"field\"><label for=\"comment_%a\">%h"
		            "</label><textarea id=\"comment_%a\" name=\"comment_%a\" rows=\"3\" "
		            "maxlength=\"2000\" required>%h</textarea></div></fieldset>",
		            cid, T("Comment"), cid, cid, posted(r, "comment", cid));
	}
	html_printf(b,
	            "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
	            "</button></div></form>",
	            T("Submit scores (final)"));
}

static void conflict_form(req *r, long long id)
{
	html_printf(&r->out,
	            "<details class=\"card conflict\"><summary>%h</summary><form method=\"post\" "
	            "action=\"/review/%lld/conflict\" class=\"form\"><p class=\"hint\">%h</p>",
	            T("Declare a conflict of interest"), id,
	            T("If you, your employer or a close relation has an interest in this project, "
	              "declare it. You will no longer see or score the project (§4.1)."));
	csrf_field(r);
	html_printf(&r->out,
	            "<div class=\"field\"><label for=\"reason\">%h</label><textarea id=\"reason\" "
	            "name=\"reason\" rows=\"2\" maxlength=\"2000\" required></textarea></div>"
	            "<div class=\"form-actions\"><button type=\"submit\">%h</button></div></form>"
	            "</details>",
	            T("Reason"), T("Declare the conflict"));
}

/* The scoring page; sl is score_list() for the calling expert. */
static int review_page(req *r, json_t *sl, long long id, int status)
{
	buf *b = &r->out;
	const char *name = jstr(sl, "name");
	const char *state = jstr(sl, "state");
	bool submitted = json_is_true(json_object_get(sl, "submitted"));
	ui_page_begin(r, name);
	html_printf(b,
	            "<nav class=\"crumbs\" aria-label=\"%a\"><a href=\"/review\">%h</a><span "
	            "aria-hidden=\"true\">›</span><span>%h</span></nav>",
	            T("Breadcrumb"), T("My reviews"), name);
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p><span "
	            "class=\"tag plain\" data-state=\"%a\">%h</span></p></div><div "
	            "class=\"actions\">",
	            jstr(sl, "batch_name"), name, state, state_label(r, state));
	html_printf(b, "<a class=\"button\" href=\"/projects/%lld\">%h</a>", id,
	            T("Read the application"));
	html_printf(b, "</div></div>");
	if (!submitted) {
		if (!strcmp(state, "in_review")) {
			rubric_form(r, sl, id);
		} else {
			form_error(r);
			html_printf(
			    b, "<p class=\"empty\">%h</p>",
			    T("Scoring opens when the working group starts the review of this "
			      "project."));
			/* the rubric shows each weight with its criterion; here they stand alone */
			html_printf(b, "<section class=\"card\"><h2>%h</h2>",
			            T("Weights of the batch"));
			weights_table(r, json_object_get(sl, "weights"));
			html_printf(b, "</section>");
		}
		conflict_form(r, id);
	} else {
		json_t *st = json_object_get(sl, "statistics");
		html_printf(b, "<p class=\"notice\" role=\"status\">%h</p>",
		            T("Your scores are submitted. The other experts' scores are shown as "
		              "they come in."));
		form_error(r);
		html_printf(b, "<section class=\"card\" id=\"statistics\"><h2>%h</h2>",
		            T("Statistics"));
		stats_facts(r, st);
		html_printf(b, "<p class=\"hint\">%h</p></section>", review_rule_text(r));
		html_printf(b, "<section class=\"card\" id=\"sheets\"><h2>%h</h2>",
		            T("Score sheets"));
		sheets_table(r, json_object_get(sl, "items"), true);
		html_printf(b, "</section>");
	}
	ui_page_end(r);
	return reply_html(r, status);
}

int ui_review_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *sl = score_list(r->app, r->a, &r->who, id, &r->e);
	if (!sl)
		return -1;
	int rc = review_page(r, sl, (long long)id, 200);
	json_decref(sl);
	return rc;
}

/* The scores as the API takes them, from the form. */
static json_t *scores_from_form(req *r)
{
	json_t *scores = json_object();
	for (int i = 0; i < CRIT__COUNT; i++) {
		const char *cid = scoring_criterion_id((scoring_criterion)i);
		const char *s = req_form(r, arena_printf(r->a, "score_%s", cid));
		const char *c = req_form(r, arena_printf(r->a, "comment_%s", cid));
		json_t *o = json_object();
		char *end = NULL;
		long v = s && *s ? strtol(s, &end, 10) : 0;
		if (s && *s && end && !*end && strlen(s) < 4)
			json_object_set_new(o, "score", json_integer(v));
		else if (s && *s)
			json_object_set_new(o, "score",
			                    json_string("?")); /* refused: not a number */
		json_t *cv = c ? json_string(c) : NULL;        /* NULL when not UTF-8 */
		json_object_set_new(o, "comment", cv ? cv : json_null());
		json_object_set_new(scores, cid, o);
	}
	return json_pack("{s:o}", "scores", scores);
}

int ui_review_submit(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = scores_from_form(r), *out = NULL;
	int rc = score_submit(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(r,
		                      arena_printf(r->a, "/review/%lld#statistics", (long long)id));
	}
	if (r->e.status == 404)
		return -1;
	err saved = r->e;
	err_clear(&r->e);
	json_t *sl = score_list(r->app, r->a, &r->who, id, &r->e);
	if (!sl) { /* e.g. conflicted: the project is no longer the expert's to see */
		err_restore(r, &saved);
		return -1;
	}
	err_restore(r, &saved);
	rc = review_page(r, sl, (long long)id, saved.status);
	json_decref(sl);
	return rc;
}

int ui_review_conflict(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *reason = req_form(r, "reason");
	json_t *body = json_object(), *out = NULL;
	json_t *rv = reason ? json_string(reason) : NULL;
	json_object_set_new(body, "reason", rv ? rv : json_null());
	int rc = conflict_declare(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(r, "/review?declared=1");
	}
	if (r->e.status == 404)
		return -1;
	err saved = r->e;
	err_clear(&r->e);
	json_t *sl = score_list(r->app, r->a, &r->who, id, &r->e);
	if (!sl) {
		err_restore(r, &saved);
		return -1;
	}
	err_restore(r, &saved);
	rc = review_page(r, sl, (long long)id, saved.status);
	json_decref(sl);
	return rc;
}

/* ---- batches ---- */

static const char *fv(req *r, const char *k)
{
	const char *v = strcmp(r->method, "POST") ? NULL : req_form(r, k);
	return v ? v : "";
}

static void batch_form(req *r)
{
	buf *b = &r->out;
	html_printf(b,
	            "<form method=\"post\" action=\"/batches\" class=\"card form\" "
	            "id=\"new-batch\"><h2>%h</h2>",
	            T("Open a batch"));
	form_error(r);
	csrf_field(r);
	html_printf(
	    b,
	    "<div class=\"field\"><label for=\"f-name\">%h</label><input id=\"f-name\" "
	    "name=\"name\" required maxlength=\"200\" value=\"%a\"></div><div "
	    "class=\"row3\"><div class=\"field\"><label for=\"f-opens_on\">%h</label><input "
	    "id=\"f-opens_on\" name=\"opens_on\" type=\"date\" required value=\"%a\"></div>"
	    "<div class=\"field\"><label for=\"f-closes_on\">%h</label><input "
	    "id=\"f-closes_on\" name=\"closes_on\" type=\"date\" required value=\"%a\">"
	    "</div></div>",
	    T("Name"), fv(r, "name"), T("Opens on"), fv(r, "opens_on"), T("Closes on"),
	    fv(r, "closes_on"));
	html_printf(b, "<fieldset><legend>%h</legend><p class=\"hint\">%h</p><div class=\"row3\">",
	            T("Weights"),
	            T("Leave all blank for equal weights; otherwise give all six, as numbers that "
	              "add up to 1 (for example 0.3, 0.2, 0.2, 0.1, 0.1, 0.1)."));
	for (int i = 0; i < CRIT__COUNT; i++) {
		const char *cid = scoring_criterion_id((scoring_criterion)i);
		html_printf(b,
		            "<div class=\"field\"><label for=\"w-%a\">%h</label><input id=\"w-%a\" "
		            "name=\"w_%a\" inputmode=\"decimal\" value=\"%a\"></div>",
		            cid, T(CRITERIA[i].label), cid, cid,
		            fv(r, arena_printf(r->a, "w_%s", cid)));
	}
	html_printf(b,
	            "</div></fieldset><div class=\"form-actions\"><button type=\"submit\" "
	            "class=\"primary\">%h</button></div></form>",
	            T("Open the batch"));
}

static int batches_page(req *r, int status)
{
	int64_t after;
	int limit;
	err saved = r->e;
	err_clear(&r->e);
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = batch_list(r->app, r->a, &r->who, after, limit, &r->e);
	if (!list)
		return -1;
	err_restore(r, &saved);
	buf *b = &r->out;
	ui_page_begin(r, T("Batches"));
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p "
	            "class=\"lead\">%h</p></div></div>",
	            T("Selection (§4.1)"), T("Batches"),
	            T("The working group selects projects in batches: each call for applications "
	              "has its dates and the weights of the expert review."));
	json_t *items = json_object_get(list, "items");
	if (!json_array_size(items)) {
		html_printf(b, "<p class=\"empty\">%h</p>", T("No batch is open yet."));
	} else {
		html_printf(
		    b,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
		    "<table class=\"list batches\"><thead><tr><th "
		    "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		    "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
		    T("Batches"), T("Name"), T("Opens on"), T("Closes on"), T("Projects"),
		    T("Weights"));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it) html_printf(
		    b,
		    "<tr><td><a href=\"/batches/%lld\">%h</a></td><td>%h</td><td>%h"
		    "</td><td class=\"num\">%lld</td><td>%h</td></tr>",
		    jint(it, "id"), jstr(it, "name"), jstr(it, "opens_on"), jstr(it, "closes_on"),
		    jint(it, "projects_count"),
		    json_is_true(json_object_get(it, "weights_locked")) ? T("Fixed (scores are in)")
		                                                        : T("May still change"));
		html_printf(b, "</tbody></table></div>");
	}
	json_t *next = json_object_get(list, "next");
	if (json_is_string(next))
		html_printf(
		    b,
		    "<p class=\"pager\"><a class=\"button\" href=\"/batches?after=%u\">%h</a>"
		    "</p>",
		    json_string_value(next), T("Next page"));
	json_decref(list);
	if (r->who.role & (ROLE_OFFICER | ROLE_ADMIN))
		batch_form(r);
	ui_page_end(r);
	return reply_html(r, status);
}

int ui_batches(req *r)
{
	return batches_page(r, 200);
}

int ui_batch_create(req *r)
{
	json_t *body = json_object();
	const char *texts[] = {"name", "opens_on", "closes_on"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = req_form(r, texts[i]);
		json_t *s = v ? json_string(v) : NULL;
		json_object_set_new(body, texts[i], s ? s : json_null());
	}
	bool any = false;
	for (int i = 0; i < CRIT__COUNT; i++) {
		const char *v = req_form(r, arena_printf(r->a, "w_%s", scoring_criterion_id(i)));
		any |= v && *v;
	}
	if (any) {
		json_t *w = json_object();
		for (int i = 0; i < CRIT__COUNT; i++) {
			const char *cid = scoring_criterion_id((scoring_criterion)i);
			const char *v = req_form(r, arena_printf(r->a, "w_%s", cid));
			char *end = NULL;
			double d = v && *v ? strtod(v, &end) : 0;
			if (!v || !*v)
				json_object_set_new(w, cid, json_null());
			else if (end && !*end)
				json_object_set_new(w, cid, json_real(d));
			else
				json_object_set_new(w, cid, json_string("?"));
		}
		json_object_set_new(body, "weights", w);
	}
	json_t *out = NULL;
	int rc = batch_create(r->app, r->a, &r->who, body, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		long long id = jint(out, "id");
		json_decref(out);
		return reply_redirect(r, arena_printf(r->a, "/batches/%lld", id));
	}
	return batches_page(r, r->e.status);
}

/* §4.1: the officer's form to exclude a submitted sheet, with a reason. */
static void exclude_form(req *r, int64_t pid, long long expert, const char *next)
{
	buf *b = &r->out;
	html_printf(b,
	            "<details class=\"exclude\"><summary>%h</summary><form method=\"post\" "
	            "action=\"/projects/%lld/exclusions\" class=\"inline\" data-exclude=\"%lld\">"
	            "<input type=\"hidden\" name=\"next\" value=\"%a\"><input type=\"hidden\" "
	            "name=\"expert_id\" value=\"%lld\">",
	            T("Exclude the sheet"), (long long)pid, expert, next, expert);
	csrf_field(r);
	html_printf(b,
	            "<label for=\"xr-%lld-%lld\">%h</label> <input id=\"xr-%lld-%lld\" "
	            "name=\"reason\" maxlength=\"2000\" required> <button type=\"submit\">%h"
	            "</button></form></details>",
	            (long long)pid, expert, T("Reason"), (long long)pid, expert, T("Exclude"));
}

/* §4.1: the applicant's recusal requests; pending ones with the officer's grant and deny. */
static void recusal_block(req *r, int64_t pid, const char *next)
{
	buf *b = &r->out;
	err e;
	err_clear(&e);
	json_t *rl = recusal_list(r->app, r->a, &r->who, pid, &e);
	if (!rl)
		return;
	json_t *items = json_object_get(rl, "items");
	if (!json_array_size(items)) {
		json_decref(rl);
		return;
	}
	html_printf(b, "<h4>%h</h4><ul class=\"recusals\">",
	            T("Recusal requests of the applicant"));
	size_t i;
	json_t *q;
	json_array_foreach(items, i, q)
	{
		const char *status = jstr(q, "status");
		const char *who = json_is_string(json_object_get(q, "display_name"))
		                      ? jstr(q, "display_name")
		                  : json_is_string(json_object_get(q, "username"))
		                      ? jstr(q, "username")
		                      : arena_printf(r->a, "#%lld", jint(q, "expert_id"));
		html_printf(b,
		            "<li data-recusal=\"%lld\" data-status=\"%a\"><strong>%h</strong>%h "
		            "<span class=\"tag\">%h</span> <small class=\"prose\">%h</small>",
		            jint(q, "id"), status, who,
		            json_is_true(json_object_get(q, "in_pool")) ? ""
		                                                        : T(" (not in the pool)"),
		            !strcmp(status, "pending")   ? T("Pending")
		            : !strcmp(status, "granted") ? T("Granted")
		                                         : T("Denied"),
		            jstr(q, "reason"));
		if (strcmp(status, "pending"))
			html_printf(b, " <small class=\"hint\">%h</small>",
			            jstr(q, "decision_reason"));
		else if (r->who.role == ROLE_OFFICER)
			for (int g = 1; g >= 0; g--) {
				html_printf(b,
				            "<form method=\"post\" "
				            "action=\"/projects/%lld/recusal-requests/"
				            "%lld/%h\" class=\"inline\" data-decide=\"%h\"><input "
				            "type=\"hidden\" name=\"next\" value=\"%a\">",
				            (long long)pid, jint(q, "id"), g ? "grant" : "deny",
				            g ? "grant" : "deny", next);
				csrf_field(r);
				html_printf(
				    b,
				    "<input name=\"reason\" maxlength=\"2000\" required "
				    "aria-label=\"%a\"> <button type=\"submit\">%h</button></form>",
				    T("Reason"), g ? T("Grant") : T("Deny"));
			}
		html_printf(b, "</li>");
	}
	html_printf(b, "</ul>");
	json_decref(rl);
}

/* The panel of one project: its experts, their conflicts and sheets, the assign form. */
static void review_panel(req *r, int64_t pid, const char *next, json_t *pool)
{
	buf *b = &r->out;
	err e;
	err_clear(&e);
	json_t *al = assignment_list(r->app, r->a, &r->who, pid, &e);
	if (!al)
		return;
	bool in_review = !strcmp(jstr(al, "state"), "in_review");
	json_t *items = json_object_get(al, "items");
	if (!json_array_size(items)) {
		html_printf(b, "<p class=\"empty\">%h</p>", T("No expert is assigned yet."));
	} else {
		html_printf(
		    b,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
		    "<table class=\"list panel\"><thead><tr><th "
		    "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		    "<th scope=\"col\">%h</th></tr></thead><tbody>",
		    T("Review panel"), T("Expert"), T("Affiliation"), T("Conflict of interest"),
		    T("Scores"));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			bool conflicted = json_is_true(json_object_get(it, "conflicted"));
			html_printf(
			    b, "<tr data-expert=\"%lld\" class=\"%a\"><td>%h</td><td>%h</td><td>",
			    jint(it, "expert_id"), conflicted ? "excluded" : "",
			    json_is_string(json_object_get(it, "display_name"))
			        ? jstr(it, "display_name")
			        : jstr(it, "username"),
			    jstr(it, "affiliation"));
			size_t k;
			json_t *c;
			json_array_foreach(json_object_get(it, "conflicts"), k, c)
			{
				html_printf(
				    b, "<span class=\"tag flag\" data-source=\"%a\">%h</span> ",
				    jstr(c, "source"), source_label(r, jstr(c, "source")));
				if (strcmp(jstr(c, "source"), "automatic"))
					html_printf(b, "<small>%h</small> ", jstr(c, "reason"));
			}
			if (!conflicted)
				html_printf(b, "%h", T("None declared"));
			bool in = json_is_integer(json_object_get(it, "submitted_at"));
			bool excluded = json_is_string(json_object_get(it, "excluded_reason"));
			html_printf(b, "</td><td>%h",
			            in           ? subst(r, T("Submitted {when}"), "when",
			                                 ui_time_cst(r, jint(it, "submitted_at")))
			            : conflicted ? T("Blocked")
			                         : T("Awaited"));
			if (excluded)
				html_printf(b,
				            " <span class=\"tag flag\" data-excluded>%h</span> "
				            "<small>%h</small>",
				            T("Excluded"), jstr(it, "excluded_reason"));
			else if (in && !conflicted && in_review && r->who.role == ROLE_OFFICER)
				exclude_form(r, pid, jint(it, "expert_id"), next);
			html_printf(b, "</td></tr>");
		}
		html_printf(b, "</tbody></table></div>");
	}
	/* Conflicts declared by the applicant against experts not (yet) assigned. */
	size_t k;
	json_t *c;
	json_array_foreach(json_object_get(al, "conflicts"), k, c)
	{
		bool assigned = false;
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it) assigned |=
		    jint(it, "expert_id") == jint(c, "expert_id");
		if (!assigned)
			html_printf(b, "<p class=\"hint\">%h: %h — %h</p>",
			            source_label(r, jstr(c, "source")), jstr(c, "username"),
			            jstr(c, "reason"));
	}
	recusal_block(r, pid, next);
	const char *state = jstr(al, "state");
	if (r->who.role == ROLE_OFFICER && pool &&
	    (!strcmp(state, "accepted") || !strcmp(state, "in_review"))) {
		html_printf(b,
		            "<form method=\"post\" action=\"/projects/%lld/assignments\" "
		            "class=\"inline assign\"><input type=\"hidden\" name=\"next\" "
		            "value=\"%a\">",
		            (long long)pid, next);
		csrf_field(r);
		html_printf(
		    b,
		    "<label for=\"x-%lld\">%h</label> <select id=\"x-%lld\" name=\"expert_id\" "
		    "required><option value=\"\">—</option>",
		    (long long)pid, T("Assign an expert"), (long long)pid);
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(pool, "items"), i, x)
		{
			const char *dn = json_is_string(json_object_get(x, "display_name"))
			                     ? jstr(x, "display_name")
			                     : jstr(x, "username");
			html_printf(b, "<option value=\"%lld\">%h · %h</option>",
			            jint(x, "user_id"), dn, jstr(x, "affiliation"));
		}
		html_printf(b, "</select> <button type=\"submit\">%h</button></form>", T("Assign"));
	}
	json_decref(al);
}

static int batch_page(req *r, int64_t id, int status)
{
	err saved = r->e;
	err_clear(&r->e);
	json_t *o = batch_get(r->app, r->a, &r->who, id, &r->e);
	if (!o)
		return -1;
	err_restore(r, &saved);
	buf *b = &r->out;
	bool staff_panel = r->who.role & (ROLE_OFFICER | ROLE_LEADER);
	ui_page_begin(r, jstr(o, "name"));
	html_printf(b,
	            "<nav class=\"crumbs\" aria-label=\"%a\"><a href=\"/batches\">%h</a><span "
	            "aria-hidden=\"true\">›</span><span>%h</span></nav>",
	            T("Breadcrumb"), T("Batches"), jstr(o, "name"));
	html_printf(
	    b,
	    "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p>%h</p>"
	    "</div><div class=\"actions\">",
	    T("Batch"), jstr(o, "name"),
	    subst(r, subst(r, T("Open from {opens} to {closes}"), "opens", jstr(o, "opens_on")),
	          "closes", jstr(o, "closes_on")));
	if (staff_panel)
		html_printf(b,
		            "<a class=\"button\" href=\"/api/v1/batches/%lld/scores.xlsx\" "
		            "download>%h</a>",
		            (long long)id, T("Download the score sheets (.xlsx)"));
	html_printf(b, "</div></div>");
	form_error(r);

	json_t *ranking = json_object_get(o, "ranking");
	html_printf(b, "<section class=\"card\" id=\"ranking\"><h2>%h</h2>", T("Ranking"));
	if (!json_array_size(ranking)) {
		html_printf(b, "<p class=\"empty\">%h</p>",
		            T("No project has joined this batch yet."));
	} else {
		html_printf(
		    b,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
		    "<table class=\"list ranking\"><thead><tr><th "
		    "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		    "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h"
		    "</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
		    "scope=\"col\">%h</th></tr></thead><tbody>",
		    T("Ranking"), T("Rank"), T("Project"), T("State"), T("Sheets in"), T("Mean"),
		    T("Median"),
		    T("Standard deviation"), T("Range"), T("Agreement"));
		size_t i;
		json_t *it;
		json_array_foreach(ranking, i, it)
		{
			bool flag = json_is_true(json_object_get(it, "disagreement"));
			long long pid = jint(it, "project_id");
			html_printf(b, "<tr data-project=\"%lld\"><td class=\"num\">%lld</td><td>",
			            pid, jint(it, "rank"));
			html_printf(b, "<a href=\"/projects/%lld\">%h</a>", pid, jstr(it, "name"));
			html_printf(b,
			            "</td><td><span class=\"tag plain\">%h</span></td><td "
			            "class=\"num\">%lld / %lld</td><td class=\"num\"><b>%h</b></td>"
			            "<td class=\"num\">%h</td><td class=\"num\">%h</td><td "
			            "class=\"num\">%h – %h</td><td>",
			            state_label(r, jstr(it, "state")), jint(it, "sheets"),
			            jint(it, "assigned"), fig(r, json_object_get(it, "mean")),
			            fig(r, json_object_get(it, "median")),
			            fig(r, json_object_get(it, "stddev")),
			            fig(r, json_object_get(it, "min")),
			            fig(r, json_object_get(it, "max")));
			if (flag)
				html_printf(
				    b,
				    "<span class=\"tag flag\" data-flag=\"disagreement\">%h</span>",
				    T("Experts disagree widely"));
			html_printf(b, "</td></tr>");
		}
		html_printf(
		    b, "</tbody></table></div><p class=\"hint\">%h %h</p>",
		    T("Ranked by the mean of the experts' weighted totals; ties by the median, "
		      "then by the earlier application."),
		    review_rule_text(r));
	}
	html_printf(b, "</section><section class=\"card\"><h2>%h</h2>", T("Weights"));
	weights_table(r, json_object_get(o, "weights"));
	html_printf(b, "<p class=\"hint\">%h</p></section>",
	            json_is_true(json_object_get(o, "weights_locked"))
	                ? T("Fixed: scores have been submitted in this batch.")
	                : T("The weights may change until the first score is submitted."));

	if (staff_panel && json_array_size(ranking)) {
		json_t *pool = NULL;
		if (r->who.role == ROLE_OFFICER) {
			err e;
			err_clear(&e);
			pool = expert_list(r->app, r->a, &r->who, 0, 200, &e);
		}
		html_printf(b, "<section class=\"card\" id=\"panels\"><h2>%h</h2>",
		            T("Review panels"));
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(o, "projects"), i, it)
		{
			long long pid = jint(it, "id");
			html_printf(b, "<article class=\"panel\" id=\"project-%lld\"><h3>%h</h3>",
			            pid, jstr(it, "name"));
			review_panel(
			    r, pid,
			    arena_printf(r->a, "/batches/%lld#project-%lld", (long long)id, pid),
			    pool);
			html_printf(b, "</article>");
		}
		html_printf(b, "</section>");
		json_decref(pool);
	}
	json_decref(o);
	ui_page_end(r);
	return reply_html(r, status);
}

int ui_batch_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return batch_page(r, id, 200);
}

/* Only local paths are followed (no open redirect). */

int ui_assignment_create(req *r)
{
	int64_t pid;
	if (req_param_id(r, "id", &pid) < 0)
		return -1;
	const char *x = req_form(r, "expert_id");
	json_t *body = json_object(), *out = NULL;
	char *end = NULL;
	long long v = x && *x ? strtoll(x, &end, 10) : 0;
	json_object_set_new(body, "expert_id",
	                    x && *x && end && !*end ? json_integer(v) : json_null());
	int rc = assignment_add(r->app, r->a, &r->who, pid, body, &out, &r->e);
	json_decref(body);
	json_decref(out);
	const char *fallback = arena_printf(r->a, "/projects/%lld", (long long)pid);
	const char *next = local_path_or(req_form(r, "next"), fallback);
	if (rc < 0) {
		/* Shown on the page the form came from, when it is a batch page; else alone. */
		int64_t bid = 0;
		if (!strncmp(next, "/batches/", 9))
			bid = strtoll(next + 9, NULL, 10);
		if (bid > 0 && r->e.status != 404)
			return batch_page(r, bid, r->e.status);
		return -1;
	}
	return reply_redirect(r, next);
}

/* The officer's forms of the panels: a failure is shown on the batch page it came from. */
static int panel_reply(req *r, int64_t pid, int rc)
{
	const char *fallback = arena_printf(r->a, "/projects/%lld", (long long)pid);
	const char *next = local_path_or(req_form(r, "next"), fallback);
	if (rc < 0) {
		int64_t bid = 0;
		if (!strncmp(next, "/batches/", 9))
			bid = strtoll(next + 9, NULL, 10);
		if (bid > 0 && r->e.status != 404)
			return batch_page(r, bid, r->e.status);
		return -1;
	}
	return reply_redirect(r, next);
}

static int recusal_decide_form(req *r, bool grant)
{
	int64_t pid, rid;
	if (req_param_id(r, "id", &pid) < 0 || req_param_id(r, "request_id", &rid) < 0)
		return -1;
	const char *reason = req_form(r, "reason");
	json_t *body = json_pack("{s:s}", "reason", reason ? reason : ""), *out = NULL;
	int rc = recusal_decide(r->app, r->a, &r->who, pid, rid, grant, body, &out, &r->e);
	json_decref(body);
	json_decref(out);
	return panel_reply(r, pid, rc);
}

int ui_recusal_grant(req *r)
{
	return recusal_decide_form(r, true);
}

int ui_recusal_deny(req *r)
{
	return recusal_decide_form(r, false);
}

int ui_exclusion_create(req *r)
{
	int64_t pid;
	if (req_param_id(r, "id", &pid) < 0)
		return -1;
	const char *x = req_form(r, "expert_id"), *reason = req_form(r, "reason");
	char *end = NULL;
	long long v = x && *x ? strtoll(x, &end, 10) : 0;
	json_t *body = json_pack("{s:s}", "reason", reason ? reason : ""), *out = NULL;
	json_object_set_new(body, "expert_id",
	                    x && *x && end && !*end ? json_integer(v) : json_null());
	int rc = sheet_exclude(r->app, r->a, &r->who, pid, body, &out, &r->e);
	json_decref(body);
	json_decref(out);
	return panel_reply(r, pid, rc);
}

/* ---- the project page's section ---- */

void ui_review_section(req *r, int64_t project_id)
{
	buf *b = &r->out;
	if (r->who.role == ROLE_EXPERT) {
		err e;
		err_clear(&e);
		json_t *sl = score_list(r->app, r->a, &r->who, project_id, &e);
		if (!sl)
			return;
		html_printf(b,
		            "<section class=\"card\" id=\"review\"><h2>%h</h2><p><a class=\"button "
		            "primary\" href=\"/review/%lld\">%h</a></p></section>",
		            T("Expert review (§4.1)"), (long long)project_id,
		            json_is_true(json_object_get(sl, "submitted"))
		                ? T("See the scores")
		                : T("Score this project"));
		json_decref(sl);
		return;
	}
	if (!(r->who.role & (ROLE_OFFICER | ROLE_LEADER)))
		return;
	err e;
	err_clear(&e);
	json_t *sl = score_list(r->app, r->a, &r->who, project_id, &e);
	if (!sl)
		return;
	html_printf(b, "<section class=\"card\" id=\"review\"><h2>%h</h2>",
	            T("Expert review (§4.1)"));
	if (json_is_integer(json_object_get(sl, "batch_id")))
		html_printf(b, "<p>%h <a href=\"/batches/%lld\">%h</a></p>", T("Batch:"),
		            jint(sl, "batch_id"), jstr(sl, "batch_name"));
	json_t *pool = NULL;
	if (r->who.role == ROLE_OFFICER) {
		err pe;
		err_clear(&pe);
		pool = expert_list(r->app, r->a, &r->who, 0, 200, &pe);
	}
	review_panel(r, project_id, arena_printf(r->a, "%s#review", r->path), pool);
	json_decref(pool);
	json_t *items = json_object_get(sl, "items");
	if (json_array_size(items)) {
		html_printf(b, "<h3>%h</h3>", T("Statistics"));
		stats_facts(r, json_object_get(sl, "statistics"));
		html_printf(b, "<p class=\"hint\">%h</p><h3>%h</h3>", review_rule_text(r),
		            T("Score sheets"));
		sheets_table(r, items, false);
	}
	html_printf(b, "</section>");
	json_decref(sl);
}

/* ---- the score sheet export ---- */

void ui_review_evidence(req *r, json_t *evidence)
{
	if (!json_is_object(evidence))
		return;
	buf *b = &r->out;
	json_t *xs = json_object_get(evidence, "exclusions");
	html_printf(b,
	            "<section class=\"evidence\" data-evidence><h4>%h</h4><p class=\"hint\">%h "
	            "<span data-sheets-counted>%lld</span></p>",
	            T("Evidence: excluded score sheets (§4.1)"), T("Score sheets that count:"),
	            (long long)json_integer_value(json_object_get(evidence, "sheets_counted")));
	if (!json_array_size(xs)) {
		html_printf(b, "<p class=\"hint\">%h</p></section>",
		            T("No score sheet was excluded."));
		return;
	}
	html_printf(b,
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list stack-sm\"><thead><tr><th "
	            "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	            "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            T("Evidence: excluded score sheets (§4.1)"), T("Expert"), T("Reason"),
	            T("Excluded by"), T("Excluded at"));
	size_t i;
	json_t *x;
	json_array_foreach(xs, i, x)
	{
		json_t *dn = json_object_get(x, "display_name");
		html_printf(
		    b,
		    "<tr data-exclusion=\"%lld\"><td>%h</td><td class=\"prose\">%h</td>"
		    "<td>%h</td><td>%h</td></tr>",
		    (long long)json_integer_value(json_object_get(x, "expert_id")),
		    json_is_string(dn) ? json_string_value(dn)
		                       : json_string_value(json_object_get(x, "username")),
		    json_string_value(json_object_get(x, "reason")),
		    json_string_value(json_object_get(x, "excluded_by_name")),
		    ui_time_cst(r, (long long)json_integer_value(json_object_get(x, "excluded_at"))));
	}
	html_printf(b, "</tbody></table></div></section>");
}
