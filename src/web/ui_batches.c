/* Batches and review panels (§4.1): the list of batches and the officer's form to open one, a
 * batch with its ranking, disagreement flags and the panel of each project (experts,
 * conflicts, recusal requests, sheet exclusions, the assign form), and the evidence a
 * selection decision carries. The use cases are in src/app/review.c. */
#include "web/ui_batches.h"

#include <stdlib.h>
#include <string.h>

#include "app/review.h"
#include "web/html.h"
#include "web/ui.h"
#include "web/ui_review.h"

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

/* ---- batches ---- */

static void batch_form(req *r)
{
	buf *b = &r->out;
	html_printf(b,
	            "<form method=\"post\" action=\"/batches\" class=\"card form\" "
	            "id=\"new-batch\"><h2>%h</h2>",
	            T("Open a batch"));
	review_form_error(r);
	ui_csrf_field(r);
	html_printf(
	    b,
	    "<div class=\"field\"><label for=\"f-name\">%h</label><input id=\"f-name\" "
	    "name=\"name\" required maxlength=\"200\" value=\"%a\"></div><div "
	    "class=\"row3\"><div class=\"field\"><label for=\"f-opens_on\">%h</label><input "
	    "id=\"f-opens_on\" name=\"opens_on\" type=\"date\" required value=\"%a\"></div>"
	    "<div class=\"field\"><label for=\"f-closes_on\">%h</label><input "
	    "id=\"f-closes_on\" name=\"closes_on\" type=\"date\" required value=\"%a\">"
	    "</div></div>",
	    T("Name"), ui_posted(r, "name"), T("Opens on"), ui_posted(r, "opens_on"),
	    T("Closes on"), ui_posted(r, "closes_on"));
	html_printf(b, "<fieldset><legend>%h</legend><p class=\"hint\">%h</p><div class=\"row3\">",
	            T("Weights"),
	            T("Leave all blank for equal weights; otherwise give all six, as numbers that "
	              "add up to 1 (for example 0.3, 0.2, 0.2, 0.1, 0.1, 0.1)."));
	for (int i = 0; i < CRIT__COUNT; i++) {
		const char *cid = scoring_criterion_id((scoring_criterion)i);
		html_printf(b,
		            "<div class=\"field\"><label for=\"w-%a\">%h</label><input id=\"w-%a\" "
		            "name=\"w_%a\" inputmode=\"decimal\" value=\"%a\"></div>",
		            cid, review_criterion_label(r, (scoring_criterion)i), cid, cid,
		            ui_posted(r, arena_printf(r->a, "w_%s", cid)));
	}
	html_printf(b,
	            "</div></fieldset><div class=\"form-actions\"><button type=\"submit\" "
	            "class=\"primary\">%h</button></div></form>",
	            T("Open the batch"));
}

static void batch_row(req *r, json_t *it, void *ctx)
{
	html_printf(&r->out,
	            "<tr><td><a href=\"/batches/%lld\">%h</a></td><td>%h</td><td>%h</td><td "
	            "class=\"num\">%lld</td><td>%h</td></tr>",
	            jint(it, "id"), jstr(it, "name"), jstr(it, "opens_on"), jstr(it, "closes_on"),
	            jint(it, "projects_count"),
	            json_is_true(json_object_get(it, "weights_locked")) ? T("Fixed (scores are in)")
	                                                                : T("May still change"));
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
	r->e = saved;
	ui_page_titled(r, T("Selection (§4.1)"), T("Batches"),
	               T("The working group selects projects in batches: each call for "
	                 "applications has its dates and the weights of the expert review."));
	ui_table(r, T("Batches"), "batches",
	         (const char *const[]){T("Name"), T("Opens on"), T("Closes on"), T("Projects"),
	                               T("Weights"), NULL},
	         json_object_get(list, "items"), batch_row, NULL, T("No batch is open yet."));
	ui_pager(r, list, "/batches", NULL, NULL);
	json_decref(list);
	if (r->who.role & (ROLE_OFFICER | ROLE_ADMIN))
		batch_form(r);
	return ui_page_end(r, status);
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
	if (rc == 0)
		return ui_redirect_created(r, out, "/batches/", "");
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
	ui_csrf_field(r);
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
		const char *who = json_is_string(json_object_get(q, "display_name")) ||
		                          json_is_string(json_object_get(q, "username"))
		                      ? review_person_name(q)
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
				ui_csrf_field(r);
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
		ui_table_begin(r, T("Review panel"), "panel",
		               (const char *const[]){T("Expert"), T("Affiliation"),
		                                     T("Conflict of interest"), T("Scores"), NULL});
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			bool conflicted = json_is_true(json_object_get(it, "conflicted"));
			html_printf(
			    b, "<tr data-expert=\"%lld\" class=\"%a\"><td>%h</td><td>%h</td><td>",
			    jint(it, "expert_id"), conflicted ? "excluded" : "",
			    review_person_name(it), jstr(it, "affiliation"));
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
		ui_table_end(r);
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
		ui_csrf_field(r);
		html_printf(
		    b,
		    "<label for=\"x-%lld\">%h</label> <select id=\"x-%lld\" name=\"expert_id\" "
		    "required><option value=\"\">—</option>",
		    (long long)pid, T("Assign an expert"), (long long)pid);
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(pool, "items"), i, x)
		{
			html_printf(b, "<option value=\"%lld\">%h · %h</option>",
			            jint(x, "user_id"), review_person_name(x),
			            jstr(x, "affiliation"));
		}
		html_printf(b, "</select> <button type=\"submit\">%h</button></form>", T("Assign"));
	}
	json_decref(al);
}

/* The expert pool an officer assigns from (NULL for others, or when it cannot be read). */
static json_t *officer_pool(req *r)
{
	if (r->who.role != ROLE_OFFICER)
		return NULL;
	err e;
	err_clear(&e);
	json_t *pool = expert_list(r->app, r->a, &r->who, 0, 200, &e);
	err_free_details(&e);
	return pool;
}

static int batch_page(req *r, int64_t id, int status)
{
	err saved = r->e;
	err_clear(&r->e);
	json_t *o = batch_get(r->app, r->a, &r->who, id, &r->e);
	if (!o)
		return -1;
	r->e = saved;
	buf *b = &r->out;
	bool staff_panel = r->who.role & (ROLE_OFFICER | ROLE_LEADER);
	ui_page_begin(r, jstr(o, "name"));
	ui_crumbs(r, (const ui_crumb[]){{"/batches", T("Batches")}, {NULL, jstr(o, "name")}}, 2);
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
	review_form_error(r);

	json_t *ranking = json_object_get(o, "ranking");
	html_printf(b, "<section class=\"card\" id=\"ranking\"><h2>%h</h2>", T("Ranking"));
	if (!json_array_size(ranking)) {
		html_printf(b, "<p class=\"empty\">%h</p>",
		            T("No project has joined this batch yet."));
	} else {
		ui_table_begin(r, T("Ranking"), "ranking",
		               (const char *const[]){T("Rank"), T("Project"), T("State"),
		                                     T("Sheets in"), T("Mean"), T("Median"),
		                                     T("Standard deviation"), T("Range"),
		                                     T("Agreement"), NULL});
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
			            ui_state_label(r, jstr(it, "state")), jint(it, "sheets"),
			            jint(it, "assigned"),
			            review_figure(r, json_object_get(it, "mean")),
			            review_figure(r, json_object_get(it, "median")),
			            review_figure(r, json_object_get(it, "stddev")),
			            review_figure(r, json_object_get(it, "min")),
			            review_figure(r, json_object_get(it, "max")));
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
	review_weights_table(r, json_object_get(o, "weights"));
	html_printf(b, "<p class=\"hint\">%h</p></section>",
	            json_is_true(json_object_get(o, "weights_locked"))
	                ? T("Fixed: scores have been submitted in this batch.")
	                : T("The weights may change until the first score is submitted."));

	if (staff_panel && json_array_size(ranking)) {
		json_t *pool = officer_pool(r);
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
	return ui_page_end(r, status);
}

int ui_batch_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return batch_page(r, id, 200);
}

/* The officer's forms of the panels go back to ?next (a local path only: no open
 * redirect); a failure is shown on the batch page the form came from, else alone. */
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

/* The form's expert: its id, or null when the field is not a number (refused by the use
 * case, naming the field). */
static json_t *expert_id_json(req *r)
{
	const char *x = req_form(r, "expert_id");
	char *end = NULL;
	long long v = x && *x ? strtoll(x, &end, 10) : 0;
	return x && *x && end && !*end ? json_integer(v) : json_null();
}

int ui_assignment_create(req *r)
{
	int64_t pid;
	if (req_param_id(r, "id", &pid) < 0)
		return -1;
	json_t *body = json_pack("{s:o}", "expert_id", expert_id_json(r)), *out = NULL;
	int rc = assignment_add(r->app, r->a, &r->who, pid, body, &out, &r->e);
	json_decref(body);
	json_decref(out);
	return panel_reply(r, pid, rc);
}

static int recusal_decide_form(req *r, bool grant)
{
	int64_t pid, rid;
	if (req_param_id(r, "id", &pid) < 0 || req_param_id(r, "request_id", &rid) < 0)
		return -1;
	json_t *body = ui_reason_body(r), *out = NULL;
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
	json_t *body = ui_reason_body(r), *out = NULL;
	json_object_set_new(body, "expert_id", expert_id_json(r));
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
	json_t *pool = officer_pool(r);
	review_panel(r, project_id, arena_printf(r->a, "%s#review", r->path), pool);
	json_decref(pool);
	json_t *items = json_object_get(sl, "items");
	if (json_array_size(items)) {
		html_printf(b, "<h3>%h</h3>", T("Statistics"));
		review_stats_facts(r, json_object_get(sl, "statistics"));
		html_printf(b, "<p class=\"hint\">%h</p><h3>%h</h3>", review_rule_text(r),
		            T("Score sheets"));
		review_sheets_table(r, items, false);
	}
	html_printf(b, "</section>");
	json_decref(sl);
}

/* ---- a decision's evidence ---- */

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
	ui_table_begin(r, T("Evidence: excluded score sheets (§4.1)"), "stack-sm",
	               (const char *const[]){T("Expert"), T("Reason"), T("Excluded by"),
	                                     T("Excluded at"), NULL});
	size_t i;
	json_t *x;
	json_array_foreach(xs, i, x)
	{
		html_printf(b,
		            "<tr data-exclusion=\"%lld\"><td>%h</td><td class=\"prose\">%h</td>"
		            "<td>%h</td><td>%h</td></tr>",
		            (long long)json_integer_value(json_object_get(x, "expert_id")),
		            review_person_name(x), json_string_value(json_object_get(x, "reason")),
		            json_string_value(json_object_get(x, "excluded_by_name")),
		            ui_time_cst(r, (long long)json_integer_value(
		                               json_object_get(x, "excluded_at"))));
	}
	ui_table_end(r);
	html_printf(b, "</section>");
}
