/* The expert review (§4.1): the expert's list of assigned projects, the scoring form with its
 * rubric and the conflict declaration, the sheets once they are in; and the pieces of review
 * that the batch pages share (criteria, weights, statistics, sheets). The use cases are in
 * src/app/review.c. */
#include "web/ui_review.h"

#include <stdlib.h>
#include <string.h>

#include "app/review.h"
#include "web/html.h"

/* ---- shared with the batch pages ---- */

const char *review_figure(req *r, json_t *v)
{
	return json_is_number(v) ? arena_printf(r->a, "%.2f", json_number_value(v)) : "—";
}

const char *review_person_name(json_t *o)
{
	return json_is_string(json_object_get(o, "display_name")) ? jstr(o, "display_name")
	                                                          : jstr(o, "username");
}

static const char *pct(req *r, double w)
{
	return arena_printf(r->a, "%.1f%%", w * 100);
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

/* Error fields as people read them: "scores.security.comment" -> "Security: comment". */
static const char *field_text(req *r, const char *field)
{
	for (int i = 0; field && i < CRIT__COUNT; i++) {
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
	return ui_field_label(r, NULL, field);
}

void review_form_error(req *r)
{
	ui_form_error_named(r, T("Not saved."), field_text(r, r->e.field));
}

void review_weights_table(req *r, json_t *weights)
{
	ui_table_begin(r, T("Weights"), "weights",
	               (const char *const[]){T("Criterion"), T("Weight"), NULL});
	for (int i = 0; i < CRIT__COUNT; i++)
		html_printf(&r->out, "<tr><td>%h</td><td class=\"num\">%h</td></tr>",
		            T(CRITERIA[i].label),
		            pct(r, json_number_value(json_object_get(
		                       weights, scoring_criterion_id((scoring_criterion)i)))));
	ui_table_end(r);
}

/* The statistics of one project (score_list's "statistics"). */
void review_stats_facts(req *r, json_t *st)
{
	bool flag = json_is_true(json_object_get(st, "disagreement"));
	html_printf(&r->out,
	            "<dl class=\"facts stats\"><div><dt>%h</dt><dd>%lld / %lld</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h – %h</dd></div>"
	            "<div><dt>%h</dt><dd>",
	            T("Sheets in"), jint(st, "sheets"), jint(st, "assigned"), T("Mean"),
	            review_figure(r, json_object_get(st, "mean")), T("Median"),
	            review_figure(r, json_object_get(st, "median")), T("Standard deviation"),
	            review_figure(r, json_object_get(st, "stddev")), T("Range"),
	            review_figure(r, json_object_get(st, "min")),
	            review_figure(r, json_object_get(st, "max")), T("Agreement"));
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

/* Who wrote a sheet as an expert sees it: "You", or "Expert N" (experts stay anonymous to
 * one another). */
static const char *sheet_author(req *r, json_t *sheet)
{
	return json_is_true(json_object_get(sheet, "mine"))
	           ? T("You")
	           : subst(r, T("Expert {n}"), "n", jstr(sheet, "label") + strlen("expert_"));
}

/* The sheets of a project (score_list's "items"): one row per sheet, comments beneath. */
void review_sheets_table(req *r, json_t *items, bool expert)
{
	buf *b = &r->out;
	const char *headings[CRIT__COUNT + 3] = {T("Expert")};
	for (int i = 0; i < CRIT__COUNT; i++)
		headings[i + 1] = T(CRITERIA[i].label);
	headings[CRIT__COUNT + 1] = T("Weighted total");
	ui_table_begin(r, T("Score sheets"), "sheets", headings);
	size_t k;
	json_t *it;
	json_array_foreach(items, k, it)
	{
		const char *who = expert ? sheet_author(r, it) : review_person_name(it);
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
		            review_figure(r, json_object_get(it, "weighted_total")));
	}
	ui_table_end(r);
	json_array_foreach(items, k, it)
	{
		const char *who = expert ? sheet_author(r, it) : jstr(it, "username");
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

static void review_row(req *r, json_t *it, void *ctx)
{
	bool done = json_is_integer(json_object_get(it, "submitted_at"));
	bool open = !strcmp(jstr(it, "state"), "in_review");
	html_printf(
	    &r->out,
	    "<tr data-project=\"%lld\"><td><a href=\"/review/%lld\">%h</a></td><td>%h</td>"
	    "<td><span class=\"tag plain\">%h</span></td><td>%h</td></tr>",
	    jint(it, "project_id"), jint(it, "project_id"), jstr(it, "name"),
	    jstr(it, "batch_name"), ui_state_label(r, jstr(it, "state")),
	    done ? subst(r, T("Submitted {when}"), "when", ui_time_cst(r, jint(it, "submitted_at")))
	    : open ? T("To do")
	           : T("Not open for scoring"));
}

int ui_review_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = review_queue(r->app, r->a, &r->who, after, limit, &r->e);
	if (!list)
		return -1;
	ui_page_titled(
	    r, T("Expert review (§4.1)"), T("My reviews"),
	    T("The projects assigned to you. Score each one on the six criteria; you see "
	      "the other experts' scores once yours are in."));
	if (req_query(r, "declared"))
		html_printf(&r->out, "<p class=\"notice\" role=\"status\">%h</p>",
		            T("Your conflict of interest is on record; the project is no longer "
		              "shown to you."));
	ui_table(r, T("My reviews"), "reviews",
	         (const char *const[]){T("Project"), T("Batch"), T("State"), T("My scores"), NULL},
	         json_object_get(list, "items"), review_row, NULL,
	         T("No project is assigned to you."));
	ui_pager(r, list, "/review", NULL, NULL);
	json_decref(list);
	return ui_page_end(r, 200);
}

/* The form's value for a criterion: the posted one, if any. */
static const char *posted(req *r, const char *prefix, const char *id)
{
	return ui_posted(r, arena_printf(r->a, "%s_%s", prefix, id));
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
	review_form_error(r);
	ui_csrf_field(r);
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
	ui_csrf_field(r);
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
	ui_crumbs(r, (const ui_crumb[]){{"/review", T("My reviews")}, {NULL, name}}, 2);
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p><span "
	            "class=\"tag plain\" data-state=\"%a\">%h</span></p></div><div "
	            "class=\"actions\">",
	            jstr(sl, "batch_name"), name, state, ui_state_label(r, state));
	html_printf(b, "<a class=\"button\" href=\"/projects/%lld\">%h</a>", id,
	            T("Read the application"));
	html_printf(b, "</div></div>");
	if (!submitted) {
		if (!strcmp(state, "in_review")) {
			rubric_form(r, sl, id);
		} else {
			review_form_error(r);
			html_printf(
			    b, "<p class=\"empty\">%h</p>",
			    T("Scoring opens when the working group starts the review of this "
			      "project."));
			/* the rubric shows each weight with its criterion; here they stand alone */
			html_printf(b, "<section class=\"card\"><h2>%h</h2>",
			            T("Weights of the batch"));
			review_weights_table(r, json_object_get(sl, "weights"));
			html_printf(b, "</section>");
		}
		conflict_form(r, id);
	} else {
		json_t *st = json_object_get(sl, "statistics");
		html_printf(b, "<p class=\"notice\" role=\"status\">%h</p>",
		            T("Your scores are submitted. The other experts' scores are shown as "
		              "they come in."));
		review_form_error(r);
		html_printf(b, "<section class=\"card\" id=\"statistics\"><h2>%h</h2>",
		            T("Statistics"));
		review_stats_facts(r, st);
		html_printf(b, "<p class=\"hint\">%h</p></section>", review_rule_text(r));
		html_printf(b, "<section class=\"card\" id=\"sheets\"><h2>%h</h2>",
		            T("Score sheets"));
		review_sheets_table(r, json_object_get(sl, "items"), true);
		html_printf(b, "</section>");
	}
	return ui_page_end(r, status);
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

/* A refused form: the scoring page again, r->e above the form; the error page when the
 * project is no longer the expert's to see (e.g. conflicted). */
static int refused(req *r, int64_t id)
{
	if (r->e.status == 404)
		return -1;
	err saved = r->e;
	err_clear(&r->e);
	json_t *sl = score_list(r->app, r->a, &r->who, id, &r->e);
	/* a field built at run time points into r->e.field_buf, whose bytes the copy restores */
	r->e = saved;
	if (!sl)
		return -1;
	int rc = review_page(r, sl, (long long)id, saved.status);
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
	return refused(r, id);
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
	return refused(r, id);
}
