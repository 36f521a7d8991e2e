/* Projects and maker-checker decisions as pages (§3–§4.2): the list, the application form, the
 * project page with the caller's workflow actions, and the leader's queue. The rules live in
 * src/app/projects.c and src/core/workflow.c; these pages show them and pass the forms on as
 * the same JSON bodies the API takes. Every value is escaped by html_printf; every label goes
 * through the catalog. */
#include "web/ui_projects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/materials.h"
#include "app/projects.h"
#include "app/review.h"
#include "core/institution.h"
#include "core/workflow.h"
#include "lib/json.h"
#include "web/html.h"
#include "web/ui.h"
#include "web/ui_notices.h"
#include "web/ui_review.h"

#define T(s) tr(r->lang, s)

#define MEMBER_ROWS 5 /* §3.2 joint applications; as many as the eligibility check takes */
#define SCENARIO_ROWS_MIN 3
#define SCENARIO_ROWS_MAX 20

/* ---- small helpers ---- */

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static void csrf_field(req *r)
{
	html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", r->csrf);
}

/* Amounts are kept in fen; people read and type yuan. */
static const char *yuan_text(req *r, long long fen)
{
	if (fen % 100 == 0)
		return arena_printf(r->a, "%lld", fen / 100);
	return arena_printf(r->a, "%lld.%02lld", fen / 100, fen % 100);
}

/* ---- labels: states, actions, technologies, fields ---- */

/* States and actions are declared once, with their labels, in core/workflow.c. */
static const char *state_label(req *r, const char *id)
{
	const state_info *si = project_state_info(id);
	return si ? T(si->label) : id;
}

static void state_tag(req *r, const char *id)
{
	const state_info *si = project_state_info(id);
	html_printf(&r->out, "<span class=\"tag state st-%a\" data-state=\"%a\">%h</span>",
	            si ? si->tone : "plain", id, state_label(r, id));
}

static const char *track_label(req *r, const char *track)
{
	return !strcmp(track, "coaching") ? T("Coaching (§3.3)") : T("Pilot (§3.1, §3.2)");
}

static const char *action_label(req *r, const char *id)
{
	const action_info *a = workflow_action_info(id);
	return a ? T(a->label) : id;
}

static const struct {
	const char *id, *label;
} TECHS[] = {
    {"big_data", N_("Big data")},
    {"cloud", N_("Cloud computing")},
    {"ai", N_("Artificial intelligence")},
    {"blockchain", N_("Blockchain")},
    {"other", N_("Other new-generation IT")},
};
#define NTECHS (sizeof TECHS / sizeof *TECHS)

static const char *tech_label(req *r, const char *id)
{
	for (size_t i = 0; i < NTECHS; i++)
		if (!strcmp(TECHS[i].id, id))
			return T(TECHS[i].label);
	return id;
}

static const char *inst_kind_label(req *r, const char *id)
{
	institution_kind k;
	if (institution_kind_parse(id, &k) < 0)
		return id;
	return r->lang == LANG_EN ? institution_kind_label_en(k) : institution_kind_label_zh(k);
}

/* Field ids of the application as people read them (errors, defects, change lists). */
static const struct {
	const char *field, *label;
} FIELDS[] = {
    {"track", N_("Track")},
    {"name", N_("Project name")},
    {"members", N_("Members")},
    {"institution_id", N_("Institution")},
    {"credit_code", N_("Unified social credit code")},
    {"lead", N_("Lead applicant")},
    {"role", N_("Substantive role")},
    {"summary", N_("Summary")},
    {"scenarios", N_("Business scenarios")},
    {"description", N_("Description")},
    {"provider_institution_id", N_("Licensed provider (§2.1)")},
    {"technologies", N_("Technologies")},
    {"service_content", N_("Service content")},
    {"target_investors", N_("Target investors")},
    {"test_boundaries", N_("Test boundaries")},
    {"customer_cap", N_("Customer cap")},
    {"per_transaction_limit_fen", N_("Limit per transaction (yuan)")},
    {"per_investor_limit_fen", N_("Limit per investor (yuan)")},
    {"regions", N_("Regions")},
    {"duration_months", N_("Planned duration (months)")},
    {"investor_types", N_("Investor types")},
    {"hypothesis", N_("Hypothesis to test")},
    {"success_measures", N_("Success measures")},
    {"risk_controls", N_("Risk controls")},
    {"investor_protection", N_("Investor protection")},
    {"complaint_channel", N_("Complaint channel")},
    {"dispute_handling", N_("Dispute handling")},
    {"compensation", N_("Compensation mechanism")},
    {"emergency_plan", N_("Emergency plan")},
    {"exit_plan", N_("Exit plan")},
    {"funding_guarantee", N_("Funding guarantee")},
    {"timeline", N_("Timeline")},
    {"milestone", N_("Milestone")},
    {"due_on", N_("Date")},
    {"commitments", N_("Commitments")},
    {"reason", N_("Reason")},
    {"defects", N_("Defects to correct")},
    {"batch_id", N_("Batch")},
    {"opinion", N_("Opinion")},
    {"state", N_("State")},
    {"status", N_("Status")},
};

static const char *one_label(req *r, const char *field, size_t n)
{
	for (size_t i = 0; i < sizeof FIELDS / sizeof *FIELDS; i++)
		if (strlen(FIELDS[i].field) == n && !strncmp(FIELDS[i].field, field, n))
			return T(FIELDS[i].label);
	return arena_strndup(r->a, field, n);
}

/* "members[1].role" -> "Members 2 · Substantive role"; "test_boundaries.customer_cap" ->
 * "Test boundaries · Customer cap". */
static const char *field_label(req *r, const char *field)
{
	if (!field || !*field)
		return "";
	buf b = BUF_INIT;
	const char *p = field;
	while (*p) {
		size_t n = strcspn(p, ".[");
		if (b.len)
			buf_puts(&b, " · ");
		buf_puts(&b, one_label(r, p, n));
		p += n;
		if (*p == '[') {
			long long idx = strtoll(p + 1, NULL, 10);
			buf_printf(&b, " %lld", idx + 1);
			const char *close = strchr(p, ']');
			p = close ? close + 1 : p + strlen(p);
		}
		if (*p == '.')
			p++;
	}
	const char *out = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* ---- failures shown on a page: an error with its details, kept while the page renders ---- */

typedef struct failure {
	int status;
	const char *code, *field, *msg;
	json_t *details;
	const char *action; /* the action whose form failed, or NULL */
} failure;

/* Moves r->e into f (so that the page can render with r->e free for its own reads). */
static void failure_take(req *r, failure *f, const char *action)
{
	f->status = r->e.status ? r->e.status : 500;
	f->code = arena_strdup(r->a, r->e.code ? r->e.code : "internal");
	f->field = r->e.field ? arena_strdup(r->a, r->e.field) : NULL;
	f->msg = r->e.msg ? r->e.msg : "Something went wrong.";
	f->details = r->e.details;
	f->action = action;
	r->e.details = NULL;
	err_clear(&r->e);
}

static const char *failure_text(req *r, const failure *f)
{
	return subst(r, T(f->msg), "field", field_label(r, f->field));
}

static const char *member_name(req *r, json_t *project, long long id)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(project, "members"), i, m)
	{
		if (jint(m, "institution_id") == id)
			return jstr(m, "name");
	}
	return arena_printf(r->a, "#%lld", id);
}

static const char *defect_text(req *r, json_t *d)
{
	const char *kind = jstr(d, "defect");
	const char *what = !strcmp(kind, "missing") ? T("not filled in")
	                   : !strcmp(kind, "not_licensed_member")
	                       ? T("must be a licensed member institution (§2.1)")
	                       : kind;
	return arena_printf(r->a, "%s: %s", field_label(r, jstr(d, "field")), what);
}

static const char *material_label(req *r, const char *id)
{
	const material_kind *k = material_kind_find(id);
	return k ? T(k->label) : id;
}

/* The error box: the message, then what the details say (§3 reasons, §4.1 defects, missing
 * materials, members still to confirm). */
static void failure_box(req *r, const failure *f, json_t *project)
{
	buf *b = &r->out;
	html_printf(b, "<div class=\"error failure\" role=\"alert\" data-code=\"%a\"><b>%h</b>%h",
	            f->code, f->action ? T("Not done.") : T("Not saved."), failure_text(r, f));
	json_t *d = f->details;
	size_t i;
	json_t *it;
	json_t *reasons = json_object_get(d, "reasons");
	if (json_array_size(reasons)) {
		html_printf(b, "<ul class=\"reasons\">");
		json_array_foreach(reasons, i, it)
		{
			json_t *inst = json_object_get(it, "institution_id");
			html_printf(
			    b, "<li data-code=\"%a\"><span class=\"clause\">%h</span> <span>%h",
			    jstr(it, "code"), jstr(it, "clause"), T(jstr(it, "message")));
			if (json_is_integer(inst))
				html_printf(b, " <i>(%h)</i>",
				            member_name(r, project, json_integer_value(inst)));
			html_printf(b, "</span></li>");
		}
		html_printf(b, "</ul>");
	}
	json_t *defects = json_object_get(d, "defects");
	if (json_array_size(defects)) {
		html_printf(b, "<ul class=\"defect-list\">");
		json_array_foreach(defects, i, it)
		{
			if (json_is_string(it))
				html_printf(b, "<li>%h</li>", json_string_value(it));
			else
				html_printf(b, "<li data-field=\"%a\">%h</li>", jstr(it, "field"),
				            defect_text(r, it));
		}
		html_printf(b, "</ul>");
	}
	json_t *missing = json_object_get(d, "missing");
	if (json_array_size(missing)) {
		html_printf(b, "<p>%h</p><ul class=\"defect-list\">",
		            T("Materials still missing:"));
		json_array_foreach(missing, i, it)
		{
			html_printf(b, "<li data-kind=\"%a\">%h</li>", json_string_value(it),
			            material_label(r, json_string_value(it)));
		}
		html_printf(b, "</ul>");
	}
	json_t *unconfirmed = json_object_get(d, "unconfirmed");
	if (json_array_size(unconfirmed)) {
		html_printf(b, "<p>%h</p><ul class=\"defect-list\">", T("Still to confirm:"));
		json_array_foreach(unconfirmed, i, it)
		{
			html_printf(b, "<li>%h</li>",
			            member_name(r, project, json_integer_value(it)));
		}
		html_printf(b, "</ul>");
	}
	/* The launch guards (§4.2): the notice period's dates, the comments concerned. */
	if (*jstr(d, "closes_on"))
		html_printf(b, "<p class=\"detail\" data-detail=\"closes_on\">%h <b>%h</b></p>",
		            T("The notice period closes on:"), jstr(d, "closes_on"));
	if (*jstr(d, "first_launch_day"))
		html_printf(b,
		            "<p class=\"detail\" data-detail=\"first_launch_day\">%h <b>%h</b></p>",
		            T("The launch is allowed from:"), jstr(d, "first_launch_day"));
	json_t *cids = json_object_get(d, "comment_ids");
	if (json_array_size(cids)) {
		html_printf(b, "<p>%h</p><ul class=\"defect-list\">", T("Comments concerned:"));
		json_array_foreach(cids, i, it)
		{
			long long cid = (long long)json_integer_value(it);
			const char *label =
			    subst(r, T("Comment #{id}"), "id", arena_printf(r->a, "%lld", cid));
			if (project) /* linked to its place on the project page */
				html_printf(
				    b, "<li><a href=\"/projects/%lld#comment-%lld\">%h</a></li>",
				    jint(project, "id"), cid, label);
			else
				html_printf(b, "<li>%h</li>", label);
		}
		html_printf(b, "</ul>");
	}
	/* Other details (later guards): shown as they are, so nothing is hidden. */
	const char *key;
	json_t *v;
	json_object_foreach(d, key, v)
	{
		if (!strcmp(key, "reasons") || !strcmp(key, "defects") || !strcmp(key, "missing") ||
		    !strcmp(key, "unconfirmed") || !strcmp(key, "closes_on") ||
		    !strcmp(key, "first_launch_day") || !strcmp(key, "comment_ids"))
			continue;
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		html_printf(b, "<p class=\"detail\"><code>%h</code> %h</p>", key, s ? s : "");
		free(s);
	}
	html_printf(b, "</div>");
}

static void failure_free(failure *f)
{
	json_decref(f->details);
	f->details = NULL;
}

/* ---- who did it ---- */

static const char *user_label(req *r, long long id)
{
	return ui_actor_label(r, NULL, arena_printf(r->a, "user:%lld", id));
}

/* ---- the list ---- */

static void crumbs(req *r, const char *here, long long id, const char *name)
{
	html_printf(&r->out, "<nav class=\"crumbs\" aria-label=\"%a\"><a href=\"/projects\">%h</a>",
	            T("Breadcrumb"), T("Projects"));
	if (id)
		html_printf(&r->out,
		            "<span aria-hidden=\"true\">›</span><a href=\"/projects/%lld\">%h</a>",
		            id, name);
	if (here)
		html_printf(&r->out, "<span aria-hidden=\"true\">›</span><span>%h</span>", here);
	html_printf(&r->out, "</nav>");
}

int ui_projects_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	const char *state = req_query(r, "state");
	if (state && !*state)
		state = NULL;
	json_t *list = project_list(r->app, r->a, &r->who, state, after, limit, &r->e);
	if (!list)
		return -1;
	buf *b = &r->out;
	ui_page_begin(r, T("Projects"));
	html_printf(b, "<div class=\"page-head\"><div><h1>%h</h1><p class=\"lead\">%h</p></div>",
	            T("Projects"),
	            r->who.role == ROLE_INSTITUTION
	                ? T("Your institution's applications and pilots.")
	                : T("Applications and pilots, from drafting to launch (§4)."));
	if (r->who.role == ROLE_INSTITUTION)
		html_printf(b,
		            "<div class=\"actions\"><a class=\"button primary\" "
		            "href=\"/projects/new\">%h</a></div>",
		            T("New application"));
	html_printf(b, "</div>");
	html_printf(b,
	            "<form method=\"get\" action=\"/projects\" class=\"search\" role=\"search\">"
	            "<label for=\"state\">%h</label><select id=\"state\" name=\"state\">"
	            "<option value=\"\">%h</option>",
	            T("State"), T("All states"));
	for (size_t i = 0; i < ST__COUNT; i++)
		html_printf(b, "<option value=\"%a\"%h>%h</option>", PROJECT_STATES[i].id,
		            state && !strcmp(state, PROJECT_STATES[i].id) ? " selected" : "",
		            T(PROJECT_STATES[i].label));
	html_printf(b, "</select><button type=\"submit\">%h</button></form>", T("Filter"));
	json_t *items = json_object_get(list, "items");
	if (!json_array_size(items)) {
		html_printf(b, "<p class=\"empty\">%h</p>",
		            state ? T("No project is in this state.") : T("No project yet."));
	} else {
		html_printf(b,
		            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
		            "aria-label=\"%a\">"
		            "<table class=\"list projects\"><thead><tr>"
		            "<th scope=\"col\">#</th><th scope=\"col\">%h</th><th scope=\"col\">%h"
		            "</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
		            "scope=\"col\">%h</th></tr></thead><tbody>",
		            T("Projects"), T("Project name"), T("Lead applicant"), T("Track"),
		            T("State"),
		            T("Last changed"));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			long long id = jint(it, "id");
			html_printf(b,
			            "<tr data-project=\"%lld\"><td>%lld</td><td><a "
			            "href=\"/projects/%lld\">%h</a></td><td>%h</td><td>%h</td><td>",
			            id, id, id, jstr(it, "name"), jstr(it, "lead"),
			            track_label(r, jstr(it, "track")));
			state_tag(r, jstr(it, "state"));
			html_printf(b, "</td><td class=\"nowrap\">%h</td></tr>",
			            ui_time_cst(r, jint(it, "updated_at")));
		}
		html_printf(b, "</tbody></table></div>");
	}
	json_t *next = json_object_get(list, "next");
	if (json_is_string(next))
		html_printf(b,
		            "<p class=\"pager\"><a class=\"button\" "
		            "href=\"/projects?after=%u&amp;state=%u\">%h</a></p>",
		            json_string_value(next), state ? state : "", T("Next page"));
	json_decref(list);
	ui_page_end(r);
	return reply_html(r, 200);
}

/* ---- the application form ---- */

/* What the form knows beyond the posted fields: the record it edits, and where the JSON
 * paths of an error point in the form (members and scenarios skip empty rows). */
typedef struct form_ctx {
	json_t *rec;  /* the project (edit), or NULL */
	long long id; /* 0 for a new application */
	int member_row[MEMBER_ROWS];
	int64_t row_inst[MEMBER_ROWS]; /* resolved institution of each member row */
	int scenario_row[SCENARIO_ROWS_MAX];
	const char *own_name;
} form_ctx;

static bool posted(req *r)
{
	return !strcmp(r->method, "POST");
}

/* A posted field, or "" (a POST shows what was typed, never the record). */
static const char *pf(req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

static const char *lines_of(req *r, json_t *list)
{
	buf b = BUF_INIT;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, json_is_string(v) ? json_string_value(v) : "");
	}
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static const char *timeline_text(req *r, json_t *list)
{
	buf b = BUF_INIT;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		if (i)
			buf_putc(&b, '\n');
		buf_printf(&b, "%s %s", jstr(v, "due_on"), jstr(v, "milestone"));
	}
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The value a form field shows: the posted one, else derived from the record. */
static const char *form_value(req *r, form_ctx *fc, const char *name)
{
	if (posted(r))
		return pf(r, name);
	json_t *rec = fc->rec;
	if (!rec)
		return "";
	json_t *tb = json_object_get(rec, "test_boundaries");
	json_t *ip = json_object_get(rec, "investor_protection");
	if (!strncmp(name, "ip_", 3))
		return jstr(ip, name + 3);
	if (!strcmp(name, "tb_customer_cap") || !strcmp(name, "tb_duration_months")) {
		json_t *n = json_object_get(tb, name + 3);
		return json_is_integer(n)
		           ? arena_printf(r->a, "%lld", (long long)json_integer_value(n))
		           : "";
	}
	if (!strcmp(name, "tb_per_transaction_yuan") || !strcmp(name, "tb_per_investor_yuan")) {
		json_t *n = json_object_get(tb, !strcmp(name, "tb_per_transaction_yuan")
		                                    ? "per_transaction_limit_fen"
		                                    : "per_investor_limit_fen");
		return json_is_integer(n) ? yuan_text(r, json_integer_value(n)) : "";
	}
	if (!strcmp(name, "tb_regions"))
		return lines_of(r, json_object_get(tb, "regions"));
	if (!strcmp(name, "tb_investor_types"))
		return lines_of(r, json_object_get(tb, "investor_types"));
	if (!strcmp(name, "success_measures") || !strcmp(name, "commitments"))
		return lines_of(r, json_object_get(rec, name));
	if (!strcmp(name, "timeline"))
		return timeline_text(r, json_object_get(rec, "timeline"));
	return jstr(rec, name);
}

/* The form input a JSON path of the current error points at ("" when none). */
static const char *error_input(req *r, form_ctx *fc)
{
	const char *f = r->e.status ? r->e.field : NULL;
	if (!f)
		return "";
	int i;
	char sub[64] = "";
	if (sscanf(f, "members[%d].%63s", &i, sub) >= 1 && i >= 0 && i < MEMBER_ROWS) {
		int row = fc->member_row[i];
		return arena_printf(r->a, "m%d_%s", row, !strcmp(sub, "role") ? "role" : "code");
	}
	if (sscanf(f, "scenarios[%d].%63s", &i, sub) >= 1 && i >= 0 && i < SCENARIO_ROWS_MAX) {
		int row = fc->scenario_row[i];
		return arena_printf(r->a, "s%d_%s", row,
		                    !strcmp(sub, "description")               ? "desc"
		                    : !strcmp(sub, "provider_institution_id") ? "provider"
		                                                              : "name");
	}
	if (!strncmp(f, "test_boundaries.", 16)) {
		const char *k = f + 16;
		if (!strcmp(k, "per_transaction_limit_fen"))
			return "tb_per_transaction_yuan";
		if (!strcmp(k, "per_investor_limit_fen"))
			return "tb_per_investor_yuan";
		return arena_printf(r->a, "tb_%s", k);
	}
	if (!strncmp(f, "investor_protection.", 20))
		return arena_printf(r->a, "ip_%s", f + 20);
	size_t n = strcspn(f, "[.");
	return arena_strndup(r->a, f, n);
}

static const char *invalid_attr(req *r, form_ctx *fc, const char *name)
{
	return !strcmp(error_input(r, fc), name) ? " aria-invalid=\"true\"" : "";
}

/* A labelled text input or textarea; trusted_attrs is fixed markup from this file. */
static void input_field(req *r, form_ctx *fc, const char *name, const char *label, const char *hint,
                        const char *trusted_attrs)
{
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"field\"><label for=\"f-%a\">%h</label><input id=\"f-%a\" "
	            "name=\"%a\" value=\"%a\"",
	            name, label, name, name, form_value(r, fc, name));
	if (hint)
		html_printf(b, " aria-describedby=\"h-%a\"", name);
	html_raw(b, invalid_attr(r, fc, name));
	html_raw(b, trusted_attrs);
	html_printf(b, ">");
	if (hint)
		html_printf(b, "<small class=\"hint\" id=\"h-%a\">%h</small>", name, hint);
	html_printf(b, "</div>");
}

static void text_area(req *r, form_ctx *fc, const char *name, const char *label, const char *hint,
                      int rows)
{
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"field\"><label for=\"f-%a\">%h</label><textarea id=\"f-%a\" "
	            "name=\"%a\" rows=\"%d\" maxlength=\"4000\"",
	            name, label, name, name, rows);
	if (hint)
		html_printf(b, " aria-describedby=\"h-%a\"", name);
	html_raw(b, invalid_attr(r, fc, name));
	html_printf(b, ">%h</textarea>", form_value(r, fc, name));
	if (hint)
		html_printf(b, "<small class=\"hint\" id=\"h-%a\">%h</small>", name, hint);
	html_printf(b, "</div>");
}

/* One member row: a known institution (by name, with its id kept) or a credit code to
 * resolve. Row 0 of a new application is the drafting institution itself. */
static void member_row(req *r, form_ctx *fc, int k, const char *lead)
{
	buf *b = &r->out;
	char key[32];
	const char *inst = "", *name = "", *role = "";
	bool removed = false, own = false;
	if (posted(r)) {
		snprintf(key, sizeof key, "m%d_inst", k);
		inst = pf(r, key);
		snprintf(key, sizeof key, "m%d_name", k);
		name = pf(r, key);
		snprintf(key, sizeof key, "m%d_role", k);
		role = pf(r, key);
		snprintf(key, sizeof key, "m%d_remove", k);
		removed = req_form(r, key) != NULL;
	} else if (fc->rec) {
		json_t *m = json_array_get(json_object_get(fc->rec, "members"), (size_t)k);
		if (m) {
			inst = arena_printf(r->a, "%lld", jint(m, "institution_id"));
			name = jstr(m, "name");
			role = jstr(m, "role");
		}
	} else if (k == 0) {
		inst = arena_printf(r->a, "%lld", (long long)r->who.institution_id);
		name = fc->own_name ? fc->own_name : "";
	}
	own = *inst && strtoll(inst, NULL, 10) == r->who.institution_id;
	const char *n1 = arena_printf(r->a, "%d", k + 1);
	html_printf(b, "<tr data-row=\"%d\"><td>%d</td><td>", k, k + 1);
	if (*inst) {
		html_printf(
		    b,
		    "<input type=\"hidden\" name=\"m%d_inst\" value=\"%a\"><input "
		    "type=\"hidden\" name=\"m%d_name\" value=\"%a\"><b class=\"member-name\">"
		    "%h</b>",
		    k, inst, k, name, *name ? name : arena_printf(r->a, "#%s", inst));
		if (own)
			html_printf(b, " <span class=\"tag plain\">%h</span>",
			            T("Your institution"));
		else
			html_printf(
			    b,
			    "<label class=\"check\"><input type=\"checkbox\" name=\"m%d_remove\" "
			    "value=\"1\"%h> %h</label>",
			    k, removed ? " checked" : "", T("Remove from the application"));
	} else {
		char nm[16];
		snprintf(nm, sizeof nm, "m%d_code", k);
		html_printf(b,
		            "<input name=\"m%d_code\" value=\"%a\" aria-label=\"%a\" "
		            "placeholder=\"%a\" maxlength=\"18\" autocapitalize=\"characters\" "
		            "spellcheck=\"false\" class=\"mono\"",
		            k, posted(r) ? pf(r, nm) : "",
		            subst(r, T("Member {n}: unified social credit code"), "n", n1),
		            T("Partner's unified social credit code"));
		html_raw(b, invalid_attr(r, fc, nm));
		html_printf(b, ">");
	}
	snprintf(key, sizeof key, "m%d_role", k);
	html_printf(b,
	            "</td><td class=\"center\"><input type=\"radio\" name=\"lead\" value=\"%d\"%h "
	            "aria-label=\"%a\"></td><td><input name=\"m%d_role\" value=\"%a\" "
	            "maxlength=\"1000\" aria-label=\"%a\"",
	            k, lead && atoi(lead) == k && *lead ? " checked" : "",
	            subst(r, T("Member {n} is the lead applicant"), "n", n1), k, role,
	            subst(r, T("Member {n}: substantive role"), "n", n1));
	html_raw(b, invalid_attr(r, fc, key));
	html_printf(b, "></td></tr>");
}

static int scenario_rows(req *r, form_ctx *fc)
{
	if (posted(r)) {
		int n = atoi(pf(r, "s_rows"));
		return n < SCENARIO_ROWS_MIN   ? SCENARIO_ROWS_MIN
		       : n > SCENARIO_ROWS_MAX ? SCENARIO_ROWS_MAX
		                               : n;
	}
	int n = (int)json_array_size(json_object_get(fc->rec, "scenarios")) + 1;
	return n < SCENARIO_ROWS_MIN   ? SCENARIO_ROWS_MIN
	       : n > SCENARIO_ROWS_MAX ? SCENARIO_ROWS_MAX
	                               : n;
}

static void scenario_row(req *r, form_ctx *fc, int k)
{
	buf *b = &r->out;
	char kn[24], kd[24], kp[24];
	snprintf(kn, sizeof kn, "s%d_name", k);
	snprintf(kd, sizeof kd, "s%d_desc", k);
	snprintf(kp, sizeof kp, "s%d_provider", k);
	const char *name = "", *desc = "", *prov = "";
	if (posted(r)) {
		name = pf(r, kn);
		desc = pf(r, kd);
		prov = pf(r, kp);
	} else {
		json_t *s = json_array_get(json_object_get(fc->rec, "scenarios"), (size_t)k);
		if (s) {
			name = jstr(s, "name");
			desc = jstr(s, "description");
			long long pid = jint(s, "provider_institution_id");
			prov = arena_printf(r->a, "i%lld", pid);
			/* A provider that is a member: its row. */
			json_t *ms = json_object_get(fc->rec, "members");
			for (size_t m = 0; m < json_array_size(ms) && m < MEMBER_ROWS; m++)
				if (jint(json_array_get(ms, m), "institution_id") == pid)
					prov = arena_printf(r->a, "r%zu", m);
		}
	}
	const char *n1 = arena_printf(r->a, "%d", k + 1);
	html_printf(b,
	            "<tr data-row=\"%d\"><td>%d</td><td><input name=\"%a\" value=\"%a\" "
	            "maxlength=\"200\" aria-label=\"%a\"",
	            k, k + 1, kn, name, subst(r, T("Scenario {n}: name"), "n", n1));
	html_raw(b, invalid_attr(r, fc, kn));
	html_printf(b,
	            "></td><td><textarea name=\"%a\" rows=\"2\" maxlength=\"4000\" "
	            "aria-label=\"%a\"",
	            kd, subst(r, T("Scenario {n}: description"), "n", n1));
	html_raw(b, invalid_attr(r, fc, kd));
	html_printf(b, ">%h</textarea></td><td><select name=\"%a\" aria-label=\"%a\"", desc, kp,
	            subst(r, T("Scenario {n}: licensed provider"), "n", n1));
	html_raw(b, invalid_attr(r, fc, kp));
	html_printf(b, "><option value=\"\">%h</option>", T("(none)"));
	bool found = !*prov;
	for (int m = 0; m < MEMBER_ROWS; m++) {
		const char *v = arena_printf(r->a, "r%d", m);
		const char *label = subst(r, T("Member {n}"), "n", arena_printf(r->a, "%d", m + 1));
		/* The member's name when the form knows it. */
		const char *mname = NULL;
		if (posted(r)) {
			char nk[16];
			snprintf(nk, sizeof nk, "m%d_name", m);
			mname = req_form(r, nk);
		} else if (fc->rec) {
			json_t *mm = json_array_get(json_object_get(fc->rec, "members"), (size_t)m);
			mname = mm ? jstr(mm, "name") : NULL;
		} else if (m == 0) {
			mname = fc->own_name;
		}
		if (mname && *mname)
			label = arena_printf(r->a, "%s · %s", label, mname);
		found |= !strcmp(prov, v);
		html_printf(b, "<option value=\"%a\"%h>%h</option>", v,
		            !strcmp(prov, v) ? " selected" : "", label);
	}
	if (!found && prov[0] == 'i')
		html_printf(b, "<option value=\"%a\" selected>%h</option>", prov,
		            arena_printf(r->a, "#%s", prov + 1));
	html_printf(b, "</select></td></tr>");
}

#define ATTR_NUMBER " inputmode=\"numeric\" maxlength=\"12\""
#define ATTR_YUAN " inputmode=\"decimal\" maxlength=\"18\""

static void project_form(req *r, form_ctx *fc)
{
	buf *b = &r->out;
	if (r->e.status) {
		/* A view of r->e, which stays set: the fields it names are marked below. */
		failure f = {r->e.status,  r->e.code ? r->e.code : "internal",
		             r->e.field,   r->e.msg ? r->e.msg : "Something went wrong.",
		             r->e.details, NULL};
		failure_box(r, &f, fc->rec);
	}
	if (fc->id)
		html_printf(b,
		            "<form method=\"post\" action=\"/projects/%lld\" class=\"card form "
		            "application\">",
		            fc->id);
	else
		html_printf(b, "<form method=\"post\" action=\"/projects\" class=\"card form "
		               "application\">");
	csrf_field(r);

	/* Track and name */
	const char *track = posted(r) ? pf(r, "track") : fc->rec ? jstr(fc->rec, "track") : "";
	bool coaching = !strcmp(track, "coaching");
	html_printf(
	    b,
	    "<fieldset><legend>%h</legend><div class=\"choices\">"
	    "<label class=\"choice\"><input type=\"radio\" name=\"track\" value=\"pilot\"%h>"
	    "<span><b>%h</b><small>%h</small></span></label>"
	    "<label class=\"choice\"><input type=\"radio\" name=\"track\" "
	    "value=\"coaching\"%h><span><b>%h</b><small>%h</small></span></label></div>",
	    T("Track"), coaching ? "" : " checked", T("Pilot (§3.1, §3.2)"),
	    T("Applicant subjects, alone or jointly with technology firms."),
	    coaching ? " checked" : "", T("Coaching (§3.3)"),
	    T("A technology firm registered in the pilot city, on its own."));
	input_field(r, fc, "name", T("Project name"), NULL, " required maxlength=\"200\"");
	html_printf(b, "</fieldset>");

	/* Members (§3.2) */
	const char *lead = posted(r) ? req_form(r, "lead") : "0";
	if (!posted(r) && fc->rec) {
		json_t *ms = json_object_get(fc->rec, "members");
		for (size_t m = 0; m < json_array_size(ms); m++)
			if (json_is_true(json_object_get(json_array_get(ms, m), "lead")))
				lead = arena_printf(r->a, "%zu", m);
	}
	html_printf(b,
	            "<fieldset><legend>%h</legend><p class=\"hint\">%h</p>"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list members-form\"><thead><tr>"
	            "<th scope=\"col\">#</th><th scope=\"col\">%h</th><th scope=\"col\" "
	            "class=\"center\">%h</th><th scope=\"col\">%h</th></tr></thead><tbody>",
	            T("Members (§3.2)"),
	            T("Name each partner by its unified social credit code (it must be in the "
	              "register), mark exactly one lead applicant, and state each member's "
	              "substantive work. Every other member confirms the application before it "
	              "is submitted; a change asks them again."),
	            T("Members (§3.2)"), T("Institution"), T("Lead applicant"),
	            T("Substantive role"));
	for (int k = 0; k < MEMBER_ROWS; k++)
		member_row(r, fc, k, lead);
	html_printf(b, "</tbody></table></div></fieldset>");

	/* The project */
	html_printf(b, "<fieldset><legend>%h</legend>", T("The project"));
	text_area(r, fc, "summary", T("Summary"), NULL, 4);
	html_printf(b, "<fieldset class=\"inner\"><legend>%h</legend><p class=\"hint\">%h</p>",
	            T("Business scenarios"),
	            T("Each scenario is provided by a licensed member institution (§2.1)."));
	int srows = scenario_rows(r, fc);
	html_printf(b,
	            "<input type=\"hidden\" name=\"s_rows\" value=\"%d\">"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list scenarios-form\"><thead><tr><th "
	            "scope=\"col\">#</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
	            "scope=\"col\">%h</th></tr></thead><tbody>",
	            srows, T("Business scenarios"), T("Scenario"), T("Description"),
	            T("Licensed provider (§2.1)"));
	for (int k = 0; k < srows; k++)
		scenario_row(r, fc, k);
	html_printf(b, "</tbody></table></div></fieldset>");
	html_printf(b, "<fieldset class=\"inner\"><legend>%h</legend><div class=\"check-row\">",
	            T("Technologies (§2.3)"));
	json_t *techs = json_object_get(fc->rec, "technologies");
	for (size_t t = 0; t < NTECHS; t++) {
		char key[32];
		snprintf(key, sizeof key, "tech_%s", TECHS[t].id);
		bool on = false;
		if (posted(r)) {
			on = req_form(r, key) != NULL;
		} else {
			size_t i;
			json_t *v;
			json_array_foreach(techs, i, v) on |=
			    !strcmp(json_string_value(v), TECHS[t].id);
		}
		html_printf(b,
		            "<label class=\"check\"><input type=\"checkbox\" name=\"%a\" "
		            "value=\"1\"%h> %h</label>",
		            key, on ? " checked" : "", T(TECHS[t].label));
	}
	html_printf(b, "</div></fieldset>");
	text_area(r, fc, "service_content", T("Service content"), NULL, 3);
	text_area(r, fc, "target_investors", T("Target investors"), NULL, 2);
	html_printf(b, "</fieldset>");

	/* Test boundaries */
	html_printf(b, "<fieldset><legend>%h</legend><p class=\"hint\">%h</p><div class=\"row3\">",
	            T("Test boundaries"),
	            T("The limits the test runs within; amounts in yuan (kept to the fen)."));
	input_field(r, fc, "tb_customer_cap", T("Customer cap"), NULL, ATTR_NUMBER);
	input_field(r, fc, "tb_per_transaction_yuan", T("Limit per transaction (yuan)"), NULL,
	            ATTR_YUAN);
	input_field(r, fc, "tb_per_investor_yuan", T("Limit per investor (yuan)"), NULL, ATTR_YUAN);
	input_field(r, fc, "tb_duration_months", T("Planned duration (months)"), NULL, ATTR_NUMBER);
	html_printf(b, "</div>");
	text_area(r, fc, "tb_regions", T("Regions"), T("One per line."), 2);
	html_printf(b, "</fieldset>");

	/* Goals */
	html_printf(b, "<fieldset><legend>%h</legend>", T("Goals"));
	text_area(r, fc, "hypothesis", T("Hypothesis to test"), NULL, 3);
	text_area(r, fc, "success_measures", T("Success measures"), T("One per line."), 3);
	html_printf(b, "</fieldset>");

	/* Risk (§2.4) */
	html_printf(b, "<fieldset><legend>%h</legend>",
	            T("Risk control and investor protection (§2.4)"));
	text_area(r, fc, "risk_controls", T("Risk controls"), NULL, 3);
	text_area(r, fc, "ip_complaint_channel", T("Complaint channel"), NULL, 2);
	text_area(r, fc, "ip_dispute_handling", T("Dispute handling"), NULL, 2);
	text_area(r, fc, "ip_compensation", T("Compensation mechanism"), NULL, 2);
	text_area(r, fc, "emergency_plan", T("Emergency plan"), NULL, 3);
	text_area(r, fc, "exit_plan", T("Exit plan"), NULL, 3);
	html_printf(b, "</fieldset>");

	/* Implementation (§4.3) */
	html_printf(b, "<fieldset><legend>%h</legend>", T("Implementation (§4.3)"));
	text_area(r, fc, "funding_guarantee", T("Funding guarantee"), NULL, 2);
	text_area(r, fc, "timeline", T("Timeline"),
	          T("One milestone per line, starting with its date: 2025-03-01 System goes live"),
	          4);
	text_area(r, fc, "commitments", T("Commitments"),
	          T("One per line; they are checked again at evaluation and exit."), 3);
	html_printf(b, "</fieldset>");

	html_printf(b, "<fieldset><legend>%h</legend>", T("Record"));
	html_printf(b,
	            "<div class=\"field\"><label for=\"f-reason\">%h</label><input id=\"f-reason\" "
	            "name=\"reason\" maxlength=\"2000\" value=\"%a\" aria-describedby=\"h-reason\">"
	            "<small class=\"hint\" id=\"h-reason\">%h</small></div></fieldset>",
	            T("Reason (recorded in the history)"), pf(r, "reason"),
	            T("Optional; kept with this change for the audit."));
	html_printf(b,
	            "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
	            "</button>",
	            fc->id ? T("Save changes") : T("Save the draft"));
	if (fc->id)
		html_printf(b, "<a class=\"button quiet\" href=\"/projects/%lld\">%h</a>", fc->id,
		            T("Cancel"));
	else
		html_printf(b, "<a class=\"button quiet\" href=\"/projects\">%h</a>", T("Cancel"));
	html_printf(b, "</div></form>");
}

/* ---- form -> JSON body ---- */

/* Text lines without the blank ones, trimmed. */
static json_t *lines_list(const char *text)
{
	json_t *list = json_array();
	const char *p = text ? text : "";
	while (*p) {
		size_t n = strcspn(p, "\r\n");
		const char *s = p, *e = p + n;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s) {
			json_t *v = json_stringn(s, (size_t)(e - s));
			if (v)
				json_array_append_new(list, v);
		}
		p += n;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	return list;
}

static const char *trim(req *r, const char *s)
{
	if (!s)
		return "";
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(r->a, s, n);
}

/* A whole number above zero; -1 when the text is not one. */
static long long parse_count(const char *s)
{
	if (!*s || strlen(s) > 12 || strspn(s, "0123456789") != strlen(s))
		return -1;
	long long v = strtoll(s, NULL, 10);
	return v > 0 ? v : -1;
}

/* Yuan as typed ("5000", "5,000.5", "12.34") to fen; -1 when it is not an amount. */
static long long parse_yuan(const char *s)
{
	long long whole = 0, frac = 0;
	int digits = 0, fdigits = 0;
	bool dot = false;
	for (; *s; s++) {
		if (*s == ',' && !dot)
			continue;
		if (*s == '.' && !dot) {
			dot = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -1;
		if (dot) {
			if (++fdigits > 2)
				return -1;
			frac = frac * 10 + (*s - '0');
		} else {
			if (++digits > 13)
				return -1;
			whole = whole * 10 + (*s - '0');
		}
	}
	if (!digits && !fdigits)
		return -1;
	if (fdigits == 1)
		frac *= 10;
	long long fen = whole * 100 + frac;
	return fen > 0 ? fen : -1;
}

/* Browsers send a textarea's line breaks as CR LF; the store keeps LF (a CR is refused). */
static const char *unix_lines(req *r, const char *s)
{
	if (!s || !strchr(s, '\r'))
		return s;
	char *out = arena_strdup(r->a, s), *o = out;
	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			*o++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static int set_text(req *r, json_t *o, const char *key, const char *value, bool update)
{
	value = unix_lines(r, value);
	if (blank(value)) {
		if (update)
			json_object_set_new(o, key, json_null());
		return 0;
	}
	json_t *v = json_string(value);
	if (!v)
		return err_set(&r->e, 400, "invalid_text", key, "Field {field} is not valid text.");
	json_object_set_new(o, key, v);
	return 0;
}

static void set_list(json_t *o, const char *key, const char *text, bool update)
{
	json_t *l = lines_list(text);
	if (json_array_size(l))
		json_object_set_new(o, key, l);
	else {
		json_decref(l);
		if (update)
			json_object_set_new(o, key, json_null());
	}
}

static int members_json_from_form(req *r, form_ctx *fc, json_t **out)
{
	json_t *list = json_array();
	const char *lead = req_form(r, "lead");
	int n = 0;
	for (int k = 0; k < MEMBER_ROWS; k++) {
		char key[32];
		snprintf(key, sizeof key, "m%d_inst", k);
		const char *inst = req_form(r, key);
		snprintf(key, sizeof key, "m%d_remove", k);
		bool removed = req_form(r, key) != NULL;
		snprintf(key, sizeof key, "m%d_code", k);
		const char *code = trim(r, req_form(r, key));
		snprintf(key, sizeof key, "m%d_role", k);
		const char *role = req_form(r, key);
		int64_t id = 0;
		fc->member_row[n] = k;
		if (inst && *inst && !removed) {
			id = strtoll(inst, NULL, 10);
		} else if (*code) {
			char *up = arena_strdup(r->a, code);
			for (char *p = up; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
			if (institution_find_by_credit_code(r->app, r->a, up, &id, &r->e) < 0) {
				if (r->e.status == 400)
					err_setf(
					    &r->e, 400, "invalid_credit_code",
					    "Field {field} is not a valid unified social credit "
					    "code (18 characters, GB 32100-2015 check character).",
					    "members[%d].credit_code", n);
				json_decref(list);
				return -1;
			}
			if (!id) {
				json_decref(list);
				return err_setf(
				    &r->e, 422, "unknown_institution",
				    "No institution in the register has the code given in "
				    "{field}; the working group registers it first.",
				    "members[%d].credit_code", n);
			}
		}
		if (!id)
			continue;
		fc->row_inst[k] = id;
		json_t *m = json_pack("{s:I, s:b}", "institution_id", (json_int_t)id, "lead",
		                      lead && *lead && atoi(lead) == k);
		json_t *rv = json_string(role ? role : "");
		json_object_set_new(m, "role", rv ? rv : json_string(""));
		json_array_append_new(list, m);
		n++;
	}
	*out = list;
	return 0;
}

static int scenarios_json_from_form(req *r, form_ctx *fc, json_t **out)
{
	json_t *list = json_array();
	int rows = scenario_rows(r, fc), n = 0;
	for (int k = 0; k < rows; k++) {
		char kn[24], kd[24], kp[24];
		snprintf(kn, sizeof kn, "s%d_name", k);
		snprintf(kd, sizeof kd, "s%d_desc", k);
		snprintf(kp, sizeof kp, "s%d_provider", k);
		const char *name = req_form(r, kn), *desc = req_form(r, kd),
		           *prov = req_form(r, kp);
		if (blank(name) && blank(desc))
			continue;
		fc->scenario_row[n] = k;
		json_t *s = json_object();
		json_t *v = json_string(name ? trim(r, name) : "");
		json_object_set_new(s, "name", v ? v : json_string(""));
		if (!blank(desc)) {
			v = json_string(unix_lines(r, desc));
			json_object_set_new(s, "description", v ? v : json_string(""));
		}
		int64_t pid = 0;
		if (prov && prov[0] == 'r') {
			int row = atoi(prov + 1);
			if (row >= 0 && row < MEMBER_ROWS)
				pid = fc->row_inst[row];
		} else if (prov && prov[0] == 'i') {
			pid = strtoll(prov + 1, NULL, 10);
		}
		if (pid > 0)
			json_object_set_new(s, "provider_institution_id", json_integer(pid));
		json_array_append_new(list, s);
		n++;
	}
	*out = list;
	return 0;
}

/* The JSON body of a create (update false) or update from the posted form. NULL with r->e
 * when the form itself is malformed (an amount that is not one, an unknown credit code...). */
static json_t *form_body(req *r, form_ctx *fc, bool update)
{
	json_t *o = json_object();
	const char *track = req_form(r, "track");
	json_object_set_new(
	    o, "track", json_string(track && !strcmp(track, "coaching") ? "coaching" : "pilot"));
	if (set_text(r, o, "name", trim(r, req_form(r, "name")), false) < 0)
		goto bad;
	if (!json_object_get(o, "name"))
		json_object_set_new(o, "name", json_string(""));
	json_t *members = NULL;
	if (members_json_from_form(r, fc, &members) < 0)
		goto bad;
	json_object_set_new(o, "members", members);
	json_t *scen;
	scenarios_json_from_form(r, fc, &scen);
	if (json_array_size(scen) || update)
		json_object_set_new(o, "scenarios", json_array_size(scen) ? scen : json_null());
	if (!json_array_size(scen))
		json_decref(scen);

	static const char *const texts[] = {"summary",    "service_content",  "target_investors",
	                                    "hypothesis", "risk_controls",    "emergency_plan",
	                                    "exit_plan",  "funding_guarantee"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (set_text(r, o, texts[i], req_form(r, texts[i]), update) < 0)
			goto bad;
	set_list(o, "success_measures", req_form(r, "success_measures"), update);
	set_list(o, "commitments", req_form(r, "commitments"), update);

	json_t *techs = json_array();
	for (size_t t = 0; t < NTECHS; t++) {
		char key[32];
		snprintf(key, sizeof key, "tech_%s", TECHS[t].id);
		if (req_form(r, key))
			json_array_append_new(techs, json_string(TECHS[t].id));
	}
	if (json_array_size(techs))
		json_object_set_new(o, "technologies", techs);
	else {
		json_decref(techs);
		if (update)
			json_object_set_new(o, "technologies", json_null());
	}

	/* Test boundaries: numbers as typed, amounts from yuan to fen. */
	json_t *tb = json_object();
	static const struct {
		const char *input, *key;
		bool yuan;
	} nums[] = {
	    {"tb_customer_cap", "customer_cap", false},
	    {"tb_per_transaction_yuan", "per_transaction_limit_fen", true},
	    {"tb_per_investor_yuan", "per_investor_limit_fen", true},
	    {"tb_duration_months", "duration_months", false},
	};
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
		const char *v = trim(r, req_form(r, nums[i].input));
		if (!*v)
			continue;
		long long n = nums[i].yuan ? parse_yuan(v) : parse_count(v);
		if (n < 0) {
			json_decref(tb);
			err_setf(&r->e, 400, "invalid_value",
			         nums[i].yuan
			             ? "Field {field} must be an amount in yuan above zero, "
			               "such as 5000 or 5000.50."
			             : "Field {field} must be a whole number above zero.",
			         "test_boundaries.%s", nums[i].key);
			goto bad;
		}
		json_object_set_new(tb, nums[i].key, json_integer(n));
	}
	json_t *regions = lines_list(req_form(r, "tb_regions"));
	if (json_array_size(regions))
		json_object_set_new(tb, "regions", regions);
	else
		json_decref(regions);
	if (json_object_size(tb))
		json_object_set_new(o, "test_boundaries", tb);
	else {
		json_decref(tb);
		if (update)
			json_object_set_new(o, "test_boundaries", json_null());
	}

	/* Investor protection (§2.4) */
	json_t *ip = json_object();
	static const char *const ipk[] = {"complaint_channel", "dispute_handling", "compensation"};
	for (size_t i = 0; i < 3; i++) {
		char in[40];
		snprintf(in, sizeof in, "ip_%s", ipk[i]);
		if (set_text(r, ip, ipk[i], req_form(r, in), false) < 0) {
			json_decref(ip);
			err_setf(&r->e, 400, "invalid_text", "Field {field} is not valid text.",
			         "investor_protection.%s", ipk[i]);
			goto bad;
		}
	}
	if (json_object_size(ip))
		json_object_set_new(o, "investor_protection", ip);
	else {
		json_decref(ip);
		if (update)
			json_object_set_new(o, "investor_protection", json_null());
	}

	/* Timeline: "YYYY-MM-DD milestone" per line. */
	json_t *lines = lines_list(req_form(r, "timeline")), *tl = json_array();
	size_t i;
	json_t *line;
	json_array_foreach(lines, i, line)
	{
		const char *s = json_string_value(line);
		size_t dn = strcspn(s, " \t");
		const char *ms = s + dn;
		while (*ms == ' ' || *ms == '\t')
			ms++;
		if (dn != 10 || s[4] != '-' || s[7] != '-' || !*ms) {
			json_decref(lines);
			json_decref(tl);
			err_setf(
			    &r->e, 400, "invalid_value",
			    "Each line of {field} must start with a date (YYYY-MM-DD) and then "
			    "name the milestone.",
			    "timeline[%zu]", i);
			goto bad;
		}
		json_array_append_new(tl,
		                      json_pack("{s:s%, s:s}", "due_on", s, dn, "milestone", ms));
	}
	json_decref(lines);
	if (json_array_size(tl))
		json_object_set_new(o, "timeline", tl);
	else {
		json_decref(tl);
		if (update)
			json_object_set_new(o, "timeline", json_null());
	}

	const char *reason = trim(r, req_form(r, "reason"));
	if (*reason && set_text(r, o, "reason", reason, false) < 0)
		goto bad;
	return o;
bad:
	json_decref(o);
	return NULL;
}

/* Whether the posted members are the record's (then they are not sent: an unchanged list
 * must not ask the partners to confirm again). */
static bool same_members(json_t *rec, json_t *posted_members)
{
	json_t *have = json_object_get(rec, "members");
	if (json_array_size(have) != json_array_size(posted_members))
		return false;
	size_t i, j;
	json_t *p, *h;
	json_array_foreach(posted_members, i, p)
	{
		bool found = false;
		json_array_foreach(have, j, h)
		{
			if (jint(h, "institution_id") == jint(p, "institution_id") &&
			    json_is_true(json_object_get(h, "lead")) ==
			        json_is_true(json_object_get(p, "lead")) &&
			    !strcmp(jstr(h, "role"), jstr(p, "role")))
				found = true;
		}
		if (!found)
			return false;
	}
	return true;
}

static int new_page(req *r, form_ctx *fc, int status)
{
	ui_page_begin(r, T("New application"));
	crumbs(r, T("New application"), 0, NULL);
	html_printf(&r->out,
	            "<div class=\"page-head\"><div><h1>%h</h1><p class=\"lead\">%h</p></div></div>",
	            T("New application"),
	            T("Draft the application; it is saved as a draft and can be completed later. "
	              "The lead applicant submits it once every member has confirmed."));
	project_form(r, fc);
	ui_page_end(r);
	return reply_html(r, status);
}

static void own_name(req *r, form_ctx *fc)
{
	err e;
	err_clear(&e);
	json_t *o = r->who.institution_id > 0
	                ? institution_get(r->app, r->a, &r->who, r->who.institution_id, &e)
	                : NULL;
	if (o) {
		fc->own_name = arena_strdup(r->a, jstr(o, "name"));
		json_decref(o);
	}
	err_free_details(&e);
}

int ui_project_new(req *r)
{
	form_ctx fc = {0};
	own_name(r, &fc);
	return new_page(r, &fc, 200);
}

int ui_project_create(req *r)
{
	form_ctx fc = {0};
	json_t *body = form_body(r, &fc, false), *out = NULL;
	if (body && project_create(r->app, r->a, &r->who, body, &out, &r->e) == 0) {
		json_decref(body);
		long long id = jint(out, "id");
		json_decref(out);
		return reply_redirect(r, arena_printf(r->a, "/projects/%lld?saved=1", id));
	}
	json_decref(body);
	own_name(r, &fc);
	return new_page(r, &fc, r->e.status ? r->e.status : 500);
}

static int edit_page(req *r, form_ctx *fc, int status)
{
	const char *name = jstr(fc->rec, "name");
	ui_page_begin(r, T("Edit the application"));
	crumbs(r, T("Edit the application"), fc->id, name);
	html_printf(&r->out,
	            "<div class=\"page-head\"><div><h1>%h</h1><p class=\"lead\">%h</p>"
	            "</div></div>",
	            subst(r, T("Edit {name}"), "name", name),
	            T("Changes ask every other member to confirm the application again (§3.2)."));
	project_form(r, fc);
	ui_page_end(r);
	return reply_html(r, status);
}

/* §3.2: the lead applicant represents the others in the application work. */
static bool caller_is_lead(const req *r, json_t *p)
{
	size_t i;
	json_t *m;
	if (r->who.role != ROLE_INSTITUTION)
		return false;
	json_array_foreach(json_object_get(p, "members"), i, m)
	{
		if (json_integer_value(json_object_get(m, "institution_id")) == r->who.institution_id)
			return json_is_true(json_object_get(m, "lead"));
	}
	return false;
}

int ui_project_edit(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *rec = project_get(r->app, r->a, &r->who, id, &r->e);
	if (!rec)
		return -1;
	const char *st = jstr(rec, "state");
	if (strcmp(st, "draft") && strcmp(st, "returned")) {
		json_decref(rec);
		err_set(&r->e, 409, "invalid_state", NULL,
		        "The application can be changed only as a draft or when returned.");
		return -1;
	}
	if (!caller_is_lead(r, rec)) {
		json_decref(rec);
		err_set(&r->e, 403, "not_lead", NULL, "Only the lead applicant may do this (§3.2).");
		return -1;
	}
	form_ctx fc = {.rec = rec, .id = id};
	int rc = edit_page(r, &fc, 200);
	json_decref(rec);
	return rc;
}

int ui_project_save(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *rec = project_get(r->app, r->a, &r->who, id, &r->e);
	if (!rec)
		return -1;
	form_ctx fc = {.rec = rec, .id = id};
	json_t *body = form_body(r, &fc, true), *out = NULL;
	if (body && same_members(rec, json_object_get(body, "members")))
		json_object_del(body, "members");
	if (body && project_update(r->app, r->a, &r->who, id, body, &out, &r->e) == 0) {
		json_decref(body);
		json_decref(out);
		json_decref(rec);
		return reply_redirect(r,
		                      arena_printf(r->a, "/projects/%lld?saved=1", (long long)id));
	}
	json_decref(body);
	int rc = r->e.status == 404 ? -1 : edit_page(r, &fc, r->e.status ? r->e.status : 500);
	json_decref(rec);
	return rc;
}

/* ---- the project page ---- */

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
		const char *label =
		    coaching && WORKFLOW_STEPS[i].coaching_label ? WORKFLOW_STEPS[i].coaching_label
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

static void prose(req *r, const char *label, const char *text)
{
	if (blank(text))
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
	html_printf(
	    b,
	    "<section class=\"card\" id=\"members\"><h2>%h</h2>"
	    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	    "<table class=\"list members stack-sm\"><thead><tr><th scope=\"col\">%h</th><th "
	    "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
	    "scope=\"col\">%h</th></tr></thead><tbody>",
	    T("Members (§3.2)"), T("Members (§3.2)"), T("Institution"), T("Kind"), T("Role"),
	    T("Substantive role"),
	    T("Confirmation"));
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
		            jstr(m, "registered_city"), inst_kind_label(r, jstr(m, "kind")),
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
		html_printf(
		    b,
		    "<div class=\"prose-block\"><h3>%h</h3>"
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
		    "<table class=\"list scenarios stack-sm\"><thead><tr><th scope=\"col\">#</th><th "
		    "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
		    "</tr></thead><tbody>",
		    T("Business scenarios"), T("Business scenarios"), T("Scenario"),
		    T("Description"),
		    T("Licensed provider (§2.1)"));
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
			    json_is_integer(prov) ? member_name(r, p, json_integer_value(prov))
			                          : "—");
		}
		html_printf(b, "</tbody></table></div></div>");
	}
	json_t *techs = json_object_get(p, "technologies");
	if (json_array_size(techs)) {
		html_printf(b, "<div class=\"prose-block\"><h3>%h</h3><p class=\"tags\">",
		            T("Technologies (§2.3)"));
		size_t i;
		json_t *t;
		json_array_foreach(techs, i, t) html_printf(
		    b, "<span class=\"tag tech\">%h</span> ", tech_label(r, json_string_value(t)));
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
			html_printf(b, "<div><dt>%h</dt><dd>%lld</dd></div>", T("Customer cap"),
			            (long long)json_integer_value(v));
		if (json_is_integer(v = json_object_get(tb, "per_transaction_limit_fen")))
			html_printf(b, "<div><dt>%h</dt><dd>%h</dd></div>",
			            T("Limit per transaction (yuan)"),
			            yuan_text(r, json_integer_value(v)));
		if (json_is_integer(v = json_object_get(tb, "per_investor_limit_fen")))
			html_printf(b, "<div><dt>%h</dt><dd>%h</dd></div>",
			            T("Limit per investor (yuan)"),
			            yuan_text(r, json_integer_value(v)));
		if (json_is_integer(v = json_object_get(tb, "duration_months")))
			html_printf(b, "<div><dt>%h</dt><dd>%lld</dd></div>",
			            T("Planned duration (months)"),
			            (long long)json_integer_value(v));
		if (json_array_size(v = json_object_get(tb, "regions")))
			html_printf(b, "<div><dt>%h</dt><dd>%h</dd></div>", T("Regions"),
			            lines_of(r, v));
		if (json_array_size(v = json_object_get(tb, "investor_types")))
			html_printf(b, "<div><dt>%h</dt><dd>%h</dd></div>", T("Investor types"),
			            lines_of(r, v));
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
		html_printf(
		    b,
		    "<div class=\"prose-block\"><h3>%h</h3>"
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
		    "<table class=\"list timeline\"><thead><tr><th scope=\"col\">%h</th><th "
		    "scope=\"col\">%h</th></tr></thead><tbody>",
		    T("Timeline"), T("Timeline"), T("Date"), T("Milestone"));
		size_t i;
		json_t *m;
		json_array_foreach(tl, i, m)
		    html_printf(b, "<tr><td class=\"nowrap\">%h</td><td>%h</td></tr>",
		                jstr(m, "due_on"), jstr(m, "milestone"));
		html_printf(b, "</tbody></table></div></div>");
	}
	text_list(r, T("Commitments"), json_object_get(p, "commitments"), true);
	html_printf(b, "</section>");
}

static void facts_card(req *r, json_t *p)
{
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\"><h2>%h</h2><dl class=\"facts\">"
	            "<div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>",
	            T("Case"), T("Track"), track_label(r, jstr(p, "track")), T("State"));
	state_tag(r, jstr(p, "state"));
	html_printf(b, "</dd></div>");
	json_t *batch = json_object_get(p, "batch_id");
	if (json_is_integer(batch))
		html_printf(b, "<div><dt>%h</dt><dd>#%lld</dd></div>", T("Batch"),
		            (long long)json_integer_value(batch));
	const char *csrc = jstr(p, "csrc_result");
	if (*csrc)
		html_printf(b, "<div><dt>%h</dt><dd>%h</dd></div>",
		            T("CSRC professional evaluation"),
		            !strcmp(csrc, "pass") ? T("Passed") : T("Failed"));
	if (*jstr(p, "launched_on"))
		html_printf(b, "<div><dt>%h</dt><dd>%h</dd></div>", T("Launched on"),
		            jstr(p, "launched_on"));
	if (*jstr(p, "coaching_ends_on"))
		html_printf(b, "<div><dt>%h</dt><dd>%h</dd></div>", T("Coaching ends on"),
		            jstr(p, "coaching_ends_on"));
	html_printf(b,
	            "<div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h</dd></div></dl>"
	            "</section>",
	            T("Drafted"), ui_time_cst(r, jint(p, "created_at")), T("Last changed"),
	            ui_time_cst(r, jint(p, "updated_at")));
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
			html_printf(b, "<li>%h</li>", defect_text(r, v));
	}
	html_printf(b, "</ul></section>");
}

/* One decision: who proposed what, when, why, and the action's fields. */
static void decision_facts(req *r, json_t *d)
{
	buf *b = &r->out;
	json_t *params = json_object_get(d, "params");
	html_printf(b,
	            "<dl class=\"facts\"><div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h"
	            "</dd></div><div><dt>%h</dt><dd>%h</dd></div><div><dt>%h</dt><dd>%h</dd></div>",
	            T("Proposed by"), jstr(d, "proposer"), T("Proposed at"),
	            ui_time_cst(r, jint(d, "proposed_at")), T("Action"),
	            action_label(r, jstr(d, "action")), T("From state"),
	            state_label(r, jstr(d, "from_state")));
	html_printf(b, "<div class=\"wide\"><dt>%h</dt><dd class=\"prose\">%h</dd></div>",
	            T("Reason given"), jstr(d, "reason"));
	const char *k;
	json_t *v;
	json_object_foreach(params, k, v)
	{
		const char *text =
		    json_is_string(v)  ? json_string_value(v)
		    : json_is_array(v) ? lines_of(r, v)
		    : json_is_integer(v)
		        ? arena_printf(r->a, "%lld", (long long)json_integer_value(v))
		        : "";
		html_printf(b, "<div class=\"wide\"><dt>%h</dt><dd class=\"prose\">%h</dd></div>",
		            field_label(r, k), text);
	}
	html_printf(b, "</dl>");
}

static void decision_forms(req *r, json_t *d, const failure *f, long long failed_id)
{
	buf *b = &r->out;
	long long id = jint(d, "id");
	bool this_failed = f && failed_id == id;
	html_printf(
	    b,
	    "<div class=\"decide\"><form method=\"post\" action=\"/decisions/%lld/approve\" "
	    "class=\"approve\">",
	    id);
	csrf_field(r);
	html_printf(b,
	            "<label for=\"approve-%lld\">%h</label><textarea id=\"approve-%lld\" "
	            "name=\"reason\" rows=\"2\" maxlength=\"4000\">%h</textarea><button "
	            "type=\"submit\" class=\"primary\">%h</button></form>",
	            id, T("Reason (optional)"), id,
	            this_failed && f->action && !strcmp(f->action, "approve") ? pf(r, "reason")
	                                                                      : "",
	            T("Approve"));
	html_printf(b, "<form method=\"post\" action=\"/decisions/%lld/reject\" class=\"reject\">",
	            id);
	csrf_field(r);
	html_printf(b,
	            "<label for=\"reject-%lld\">%h</label><textarea id=\"reject-%lld\" "
	            "name=\"reason\" rows=\"2\" maxlength=\"4000\">%h</textarea><button "
	            "type=\"submit\" class=\"danger\">%h</button></form></div>",
	            id, T("Reason (required to reject)"), id,
	            this_failed && f->action && !strcmp(f->action, "reject") ? pf(r, "reason") : "",
	            T("Reject"));
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
	    did, T("Maker-checker"), action_label(r, jstr(pd, "action")),
	    T("Proposed by a case officer; waiting for a leader's approval. It takes effect "
	      "only when a leader other than the proposer approves it."));
	if (r->who.role & (ROLE_OFFICER | ROLE_LEADER | ROLE_ADMIN)) {
		err e;
		err_clear(&e);
		json_t *d = decision_get(r->app, r->a, &r->who, did, &e);
		err_free_details(&e);
		if (d) {
			decision_facts(r, d);
			if (r->who.role == ROLE_LEADER)
				decision_forms(r, d, NULL, 0);
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

/* The form of one action, with its own fields (§4.1 defects, the batch, the CSRC opinion). */
static void action_form(req *r, json_t *p, const char *action, const failure *f)
{
	buf *b = &r->out;
	long long id = jint(p, "id");
	const action_info *a = workflow_action_info(action);
	project_state st;
	const workflow_row *w = NULL;
	workflow_action act;
	if (project_state_parse(jstr(p, "state"), &st) == 0 && workflow_action_parse(action, &act) == 0)
		w = workflow_find(st, act, !strcmp(jstr(p, "track"), "coaching"));
	bool approval = w && w->approval;
	bool again = f && f->action && !strcmp(f->action, action);
	bool reason_required =
	    w && (!(w->roles & (ROLE_INSTITUTION | ROLE_SYSTEM)) || !strcmp(action, "withdraw"));
	const char *danger = !strcmp(action, "withdraw") || !strcmp(action, "reject") ||
	                             !strcmp(action, "csrc_fail") || !strcmp(action, "return")
	                         ? " danger"
	                         : "";
	html_printf(b,
	            "<form method=\"post\" action=\"/projects/%lld/actions/%a\" class=\"action-form"
	            "%h\" data-action=\"%a\"><h3>%h</h3>",
	            id, action, danger, action, a ? T(a->label) : action);
	csrf_field(r);
	if (a && a->hint)
		html_printf(b, "<p class=\"hint\">%h</p>", T(a->hint));
	if (approval)
		html_printf(b, "<p class=\"tag approval\">%h</p>",
		            T("Needs a leader's approval (maker-checker)"));
	const char *fid = arena_printf(r->a, "%s-", action);
	if (!strcmp(action, "return"))
		html_printf(b,
		            "<label for=\"%adefects\">%h</label><textarea id=\"%adefects\" "
		            "name=\"defects\" rows=\"4\" required maxlength=\"8000\">%h</textarea>",
		            fid, T("Defects to correct (one per line)"), fid,
		            again ? pf(r, "defects") : "");
	if (!strcmp(action, "accept"))
		batch_select(r, fid, again ? pf(r, "batch_id") : NULL);
	if (!strcmp(action, "csrc_pass") || !strcmp(action, "csrc_fail"))
		html_printf(b,
		            "<label for=\"%aopinion\">%h</label><textarea id=\"%aopinion\" "
		            "name=\"opinion\" rows=\"4\" required maxlength=\"8000\">%h</textarea>",
		            fid, T("The CSRC's opinion"), fid, again ? pf(r, "opinion") : "");
	html_printf(b,
	            "<label for=\"%areason\">%h</label><textarea id=\"%areason\" name=\"reason\" "
	            "rows=\"2\" maxlength=\"4000\"%h>%h</textarea>",
	            fid, reason_required ? T("Reason") : T("Reason (optional)"), fid,
	            reason_required ? " required" : "", again ? pf(r, "reason") : "");
	html_printf(b, "<button type=\"submit\" class=\"%h\">%h</button></form>",
	            *danger ? "danger" : "primary",
	            approval ? T("Propose for approval")
	            : a      ? T(a->label)
	                     : action);
}

static void actions_card(req *r, json_t *p, const failure *f)
{
	json_t *allowed = json_object_get(p, "allowed_actions");
	bool pending = json_is_object(json_object_get(p, "pending_decision"));
	project_state st;
	bool parsed = project_state_parse(jstr(p, "state"), &st) == 0;
	bool coaching = !strcmp(jstr(p, "track"), "coaching");
	int shown = 0, held = 0;
	size_t i;
	json_t *v;
	json_array_foreach(allowed, i, v)
	{
		workflow_action act;
		const workflow_row *w =
		    parsed && workflow_action_parse(json_string_value(v), &act) == 0
		        ? workflow_find(st, act, coaching)
		        : NULL;
		if (pending && w && w->approval)
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
		workflow_action act;
		const workflow_row *w =
		    parsed && workflow_action_parse(json_string_value(v), &act) == 0
		        ? workflow_find(st, act, coaching)
		        : NULL;
		if (pending && w && w->approval)
			continue;
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
	html_printf(b,
	            "<section class=\"card\" id=\"history\"><h2>%h</h2>"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list history stack-sm\"><thead><tr><th scope=\"col\">#</th><th "
	            "scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
	            "scope=\"col\">%h</th></tr></thead><tbody>",
	            T("Project history"), T("Project history"), T("Time (UTC+8)"), T("Event"),
	            T("By"), T("Details"));
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
		    kind, jint(it, "seq"), ui_time_cst(r, jint(it, "ts")), event_label(r, kind), who);
		if (*jstr(pl, "from") && *jstr(pl, "to") &&
		    strcmp(jstr(pl, "from"), jstr(pl, "to")))
			html_printf(
			    b,
			    "<p class=\"transition\">%h <span aria-hidden=\"true\">→</span> "
			    "%h</p>",
			    state_label(r, jstr(pl, "from")), state_label(r, jstr(pl, "to")));
		if (!strncmp(kind, "decision.", 9) && *jstr(pl, "action"))
			html_printf(b, "<p>%h</p>", action_label(r, jstr(pl, "action")));
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
			size_t k;
			json_t *c;
			json_array_foreach(changed, k, c) html_printf(
			    b, "%h%h", k ? "、" : "", field_label(r, json_string_value(c)));
			html_printf(b, "</li></ul>");
		}
		html_printf(b, "</td></tr>");
	}
	html_printf(b, "</tbody></table></div></section>");
	json_decref(ev);
}

/* The project page; f (may be NULL) is an action that failed, shown with its details. */
static int project_page(req *r, int64_t id, failure *f)
{
	json_t *p = project_get(r->app, r->a, &r->who, id, &r->e);
	if (!p)
		return -1;
	buf *b = &r->out;
	const char *name = jstr(p, "name"), *state = jstr(p, "state");
	ui_page_begin(r, name);
	crumbs(r, NULL, 0, NULL);
	html_printf(b,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h · #%lld</p><h1>%h</h1>"
	            "<p>",
	            track_label(r, jstr(p, "track")), (long long)id, name);
	state_tag(r, state);
	html_printf(b, "</p></div><div class=\"actions\">");
	bool editable = caller_is_lead(r, p) && (!strcmp(state, "draft") || !strcmp(state, "returned"));
	if (editable)
		html_printf(b, "<a class=\"button\" href=\"/projects/%lld/edit\">%h</a>",
		            (long long)id, T("Edit the application"));
	html_printf(b, "</div></div>");
	flash(r, p);
	if (f)
		failure_box(r, f, p);
	progress_strip(r, p);
	defects_box(r, p);
	pending_box(r, p);
	actions_card(r, p, f);
	facts_card(r, p);
	members_card(r, p);
	content_card(r, p);
	ui_materials_section(r, id);
	ui_comments_section(r, id);
	history_card(r, id);
	json_decref(p);
	ui_page_end(r);
	return reply_html(r, f ? f->status : 200);
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
	const char *reason = trim(r, req_form(r, "reason"));
	int rc = 0;
	if (*reason)
		rc = set_text(r, body, "reason", reason, false);
	if (rc == 0 && req_form(r, "defects"))
		json_object_set_new(body, "defects", lines_list(req_form(r, "defects")));
	if (rc == 0 && req_form(r, "batch_id")) {
		long long bid = parse_count(trim(r, req_form(r, "batch_id")));
		if (bid < 0)
			rc = err_set(&r->e, 400, "invalid_value", "batch_id",
			             "Field {field} must be a whole number above zero.");
		else
			json_object_set_new(body, "batch_id", json_integer(bid));
	}
	if (rc == 0 && req_form(r, "opinion") && !blank(req_form(r, "opinion")))
		rc = set_text(r, body, "opinion", trim(r, req_form(r, "opinion")), false);
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
	failure f;
	failure_take(r, &f, arena_strdup(r->a, action));
	int prc = project_page(r, id, &f);
	failure_free(&f);
	return prc;
}

/* ---- decisions: the leader's queue ---- */

static int decisions_page(req *r, failure *f, long long failed_id)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *pending = decision_list(r->app, r->a, &r->who, "pending", 0, 200, &r->e);
	if (!pending)
		return -1;
	json_t *all = decision_list(r->app, r->a, &r->who, NULL, after, limit, &r->e);
	if (!all) {
		json_decref(pending);
		return -1;
	}
	buf *b = &r->out;
	ui_page_begin(r, T("Decisions"));
	html_printf(
	    b,
	    "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p "
	    "class=\"lead\">%h</p></div></div>",
	    T("Maker-checker"), T("Decisions"),
	    T("Decisions on a project's fate are proposed by a case officer and take effect "
	      "only when a different person, a leader, approves them."));
	const char *settled = req_query(r, "settled");
	const char *outcome = req_query(r, "outcome");
	if (settled && outcome && strspn(settled, "0123456789") == strlen(settled))
		html_printf(
		    b, "<p class=\"flash\" role=\"status\" data-outcome=\"%a\">%h</p>", outcome,
		    subst(r,
		          !strcmp(outcome, "approved") ? T("Decision #{id} approved; it has "
		                                           "taken effect.")
		                                       : T("Decision #{id} rejected."),
		          "id", settled));
	if (f) {
		html_printf(b, "<div data-decision=\"%lld\">", failed_id);
		failure_box(r, f, NULL);
		html_printf(b, "</div>");
	}
	json_t *items = json_object_get(pending, "items");
	html_printf(b,
	            "<section class=\"queue\" id=\"pending\"><h2>%h <span class=\"count\">%zu"
	            "</span></h2>",
	            T("Waiting for approval"), json_array_size(items));
	if (!json_array_size(items))
		html_printf(b, "<p class=\"empty\">%h</p>", T("No decision is waiting."));
	size_t i;
	json_t *d;
	json_array_foreach(items, i, d)
	{
		long long pid = jint(d, "project_id");
		html_printf(b,
		            "<article class=\"card decision\" data-decision=\"%lld\" "
		            "data-project=\"%lld\"><p class=\"eyebrow\">%h #%lld</p><h3><a "
		            "href=\"/projects/%lld\">%h</a> · %h</h3>",
		            jint(d, "id"), pid, T("Decision"), jint(d, "id"), pid,
		            jstr(d, "project_name"), action_label(r, jstr(d, "action")));
		decision_facts(r, d);
		ui_review_evidence(r, json_object_get(d, "evidence")); /* §4.1 */
		if (r->who.role == ROLE_LEADER)
			decision_forms(r, d, f, failed_id);
		html_printf(b, "</article>");
	}
	html_printf(b, "</section>");

	/* Settled decisions, newest first. */
	html_printf(b, "<section class=\"card\" id=\"settled\"><h2>%h</h2>",
	            T("Settled decisions"));
	json_t *all_items = json_object_get(all, "items");
	int nsettled = 0;
	for (size_t k = json_array_size(all_items); k-- > 0;) {
		d = json_array_get(all_items, k);
		if (!strcmp(jstr(d, "status"), "pending"))
			continue;
		if (!nsettled++)
			html_printf(b,
			            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
			            "aria-label=\"%a\">"
			            "<table class=\"list settled "
			            "stack-sm\"><thead><tr><th scope=\"col\">#</th><th "
			            "scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
			            "scope=\"col\">%h</th><th scope=\"col\">%h</th><th "
			            "scope=\"col\">%h</th></tr></thead><tbody>",
			            T("Settled decisions"), T("Project"), T("Action"), T("Outcome"),
			            T("Proposed by"),
			            T("Settled by"));
		bool ok = !strcmp(jstr(d, "status"), "approved");
		json_t *by = json_object_get(d, "decided_by");
		html_printf(b,
		            "<tr data-decision=\"%lld\" data-status=\"%a\"><td>%lld</td><td><a "
		            "href=\"/projects/%lld\">%h</a></td><td>%h</td><td><span class=\"tag "
		            "%h\">%h</span></td><td>%h <small class=\"hint\">%h</small><p "
		            "class=\"prose\">%h</p></td><td>%h <small class=\"hint\">%h</small><p "
		            "class=\"prose\">%h</p></td></tr>",
		            jint(d, "id"), jstr(d, "status"), jint(d, "id"), jint(d, "project_id"),
		            jstr(d, "project_name"), action_label(r, jstr(d, "action")),
		            ok ? "st-ok" : "st-bad", ok ? T("Approved") : T("Rejected"),
		            jstr(d, "proposer"), ui_time_cst(r, jint(d, "proposed_at")),
		            jstr(d, "reason"),
		            json_is_integer(by) ? user_label(r, json_integer_value(by)) : "",
		            ui_time_cst(r, jint(d, "decided_at")), jstr(d, "decision_reason"));
	}
	if (nsettled)
		html_printf(b, "</tbody></table></div>");
	else
		html_printf(b, "<p class=\"hint\">%h</p>", T("No decision has been settled yet."));
	json_t *next = json_object_get(all, "next");
	if (json_is_string(next))
		html_printf(b,
		            "<p class=\"pager\"><a class=\"button\" href=\"/decisions?after=%u\">%h"
		            "</a></p>",
		            json_string_value(next), T("Next page"));
	html_printf(b, "</section>");
	json_decref(pending);
	json_decref(all);
	ui_page_end(r);
	return reply_html(r, f ? f->status : 200);
}

int ui_decisions(req *r)
{
	return decisions_page(r, NULL, 0);
}

static int settle(req *r, bool approve)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	const char *reason = trim(r, req_form(r, "reason"));
	int rc = *reason ? set_text(r, body, "reason", reason, false) : 0;
	if (rc == 0)
		rc = decision_settle(r->app, r->a, &r->who, id, approve, body, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(r, arena_printf(r->a, "/decisions?settled=%lld&outcome=%s",
		                                      (long long)id,
		                                      approve ? "approved" : "rejected"));
	}
	failure f;
	failure_take(r, &f, approve ? "approve" : "reject");
	int prc = decisions_page(r, &f, (long long)id);
	failure_free(&f);
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
