/* The application form (§3.2, §4.1): a new application, and a draft or returned one changed by
 * its lead applicant. The posted form becomes the same JSON body the API takes; an error
 * marks the input its JSON path points at. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/projects.h"
#include "web/html.h"
#include "web/ui_projects.h"

#define MEMBER_ROWS 5 /* §3.2 joint applications; as many as the eligibility check takes */
#define SCENARIO_ROWS_MIN 3
#define SCENARIO_ROWS_MAX 20

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

/* The timeline as the form edits it: "YYYY-MM-DD milestone" per line. */
static const char *timeline_text(req *r, json_t *list)
{
	json_t *lines = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) json_array_append_new(
	    lines, json_sprintf("%s %s", jstr(v, "due_on"), jstr(v, "milestone")));
	const char *s = ui_lines_text(r, lines);
	json_decref(lines);
	return s;
}

/* The value a form field shows: the posted one, else derived from the record. */
static const char *form_value(req *r, form_ctx *fc, const char *name)
{
	if (posted(r))
		return ui_posted(r, name);
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
		return json_is_integer(n) ? ui_yuan(r, json_integer_value(n)) : "";
	}
	if (!strcmp(name, "tb_regions"))
		return ui_lines_text(r, json_object_get(tb, "regions"));
	if (!strcmp(name, "tb_investor_types"))
		return ui_lines_text(r, json_object_get(tb, "investor_types"));
	if (!strcmp(name, "success_measures") || !strcmp(name, "commitments"))
		return ui_lines_text(r, json_object_get(rec, name));
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
	return ui_invalid_attr(!strcmp(error_input(r, fc), name));
}

/* A labelled text input; trusted_attrs is fixed markup from this file. */
static void input_field(req *r, form_ctx *fc, const char *name, const char *label, const char *hint,
                        const char *trusted_attrs)
{
	ui_text_input(r, name, label, form_value(r, fc, name), hint,
	              !strcmp(error_input(r, fc), name), trusted_attrs);
}

static void text_area(req *r, form_ctx *fc, const char *name, const char *label, const char *hint,
                      int rows)
{
	ui_text_area(r, name, label, form_value(r, fc, name), hint,
	             !strcmp(error_input(r, fc), name), rows);
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
		inst = ui_posted(r, key);
		snprintf(key, sizeof key, "m%d_name", k);
		name = ui_posted(r, key);
		snprintf(key, sizeof key, "m%d_role", k);
		role = ui_posted(r, key);
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
		            k, posted(r) ? ui_posted(r, nm) : "",
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
		int n = atoi(ui_posted(r, "s_rows"));
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
		name = ui_posted(r, kn);
		desc = ui_posted(r, kd);
		prov = ui_posted(r, kp);
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
		ui_failure f = ui_failure_view(r);
		ui_failure_box(r, &f, fc->rec, UI_PROJECT_FIELDS);
	}
	if (fc->id)
		html_printf(b,
		            "<form method=\"post\" action=\"/projects/%lld\" class=\"card form "
		            "application\">",
		            fc->id);
	else
		html_printf(b, "<form method=\"post\" action=\"/projects\" class=\"card form "
		               "application\">");
	ui_csrf_field(r);

	/* Track and name */
	const char *track = posted(r) ? ui_posted(r, "track")
	                    : fc->rec ? jstr(fc->rec, "track")
	                              : "";
	html_printf(b, "<fieldset><legend>%h</legend>", T("Track"));
	ui_track_choices(r, !strcmp(track, "coaching"));
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
	for (size_t t = 0; t < UI_TECHNOLOGIES_COUNT; t++) {
		char key[32];
		snprintf(key, sizeof key, "tech_%s", UI_TECHNOLOGIES[t].id);
		bool on = false;
		if (posted(r)) {
			on = req_form(r, key) != NULL;
		} else {
			size_t i;
			json_t *v;
			json_array_foreach(techs, i, v) on |=
			    !strcmp(json_string_value(v), UI_TECHNOLOGIES[t].id);
		}
		html_printf(b,
		            "<label class=\"check\"><input type=\"checkbox\" name=\"%a\" "
		            "value=\"1\"%h> %h</label>",
		            key, on ? " checked" : "", T(UI_TECHNOLOGIES[t].label));
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
	            T("Reason (recorded in the history)"), ui_posted(r, "reason"),
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

/* o[key] = v when v holds anything; otherwise v is dropped and, in an update, the part is
 * cleared (null). */
static void set_part(json_t *o, const char *key, json_t *v, bool update)
{
	if (json_array_size(v) || json_object_size(v)) {
		json_object_set_new(o, key, v);
		return;
	}
	json_decref(v);
	if (update)
		json_object_set_new(o, key, json_null());
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
		const char *code = ui_trim(r, req_form(r, key));
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
		if (ui_blank(name) && ui_blank(desc))
			continue;
		fc->scenario_row[n] = k;
		json_t *s = json_object();
		json_t *v = json_string(name ? ui_trim(r, name) : "");
		json_object_set_new(s, "name", v ? v : json_string(""));
		if (!ui_blank(desc)) {
			v = json_string(ui_unix_lines(r, desc));
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
	if (ui_json_text(r, o, "name", ui_trim(r, req_form(r, "name")), false) < 0)
		goto bad;
	if (!json_object_get(o, "name"))
		json_object_set_new(o, "name", json_string(""));
	json_t *members = NULL;
	if (members_json_from_form(r, fc, &members) < 0)
		goto bad;
	json_object_set_new(o, "members", members);
	json_t *scen;
	scenarios_json_from_form(r, fc, &scen);
	set_part(o, "scenarios", scen, update);

	static const char *const texts[] = {"summary",    "service_content",  "target_investors",
	                                    "hypothesis", "risk_controls",    "emergency_plan",
	                                    "exit_plan",  "funding_guarantee"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (ui_json_text(r, o, texts[i], req_form(r, texts[i]), update) < 0)
			goto bad;
	set_part(o, "success_measures", ui_lines_list(req_form(r, "success_measures")), update);
	set_part(o, "commitments", ui_lines_list(req_form(r, "commitments")), update);

	json_t *techs = json_array();
	for (size_t t = 0; t < UI_TECHNOLOGIES_COUNT; t++) {
		char key[32];
		snprintf(key, sizeof key, "tech_%s", UI_TECHNOLOGIES[t].id);
		if (req_form(r, key))
			json_array_append_new(techs, json_string(UI_TECHNOLOGIES[t].id));
	}
	set_part(o, "technologies", techs, update);

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
		const char *v = ui_trim(r, req_form(r, nums[i].input));
		if (!*v)
			continue;
		long long n = nums[i].yuan ? parse_yuan(v) : ui_parse_count(v);
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
	set_part(tb, "regions", ui_lines_list(req_form(r, "tb_regions")), false);
	set_part(o, "test_boundaries", tb, update);

	/* Investor protection (§2.4) */
	json_t *ip = json_object();
	static const char *const ipk[] = {"complaint_channel", "dispute_handling", "compensation"};
	for (size_t i = 0; i < 3; i++) {
		char in[40];
		snprintf(in, sizeof in, "ip_%s", ipk[i]);
		if (ui_json_text(r, ip, ipk[i], req_form(r, in), false) < 0) {
			json_decref(ip);
			err_setf(&r->e, 400, "invalid_text", "Field {field} is not valid text.",
			         "investor_protection.%s", ipk[i]);
			goto bad;
		}
	}
	set_part(o, "investor_protection", ip, update);

	/* Timeline: "YYYY-MM-DD milestone" per line. */
	json_t *lines = ui_lines_list(req_form(r, "timeline")), *tl = json_array();
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
	set_part(o, "timeline", tl, update);

	const char *reason = ui_trim(r, req_form(r, "reason"));
	if (*reason && ui_json_text(r, o, "reason", reason, false) < 0)
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

/* The form's page: a new application, or the record's edit. */
static int form_page(req *r, form_ctx *fc, int status)
{
	const char *name = jstr(fc->rec, "name");
	const char *title = fc->id ? T("Edit the application") : T("New application");
	ui_page_begin(r, title);
	ui_crumb trail[] = {{"/projects", T("Projects")},
	                    {arena_printf(r->a, "/projects/%lld", fc->id), name},
	                    {NULL, title}};
	if (!fc->id)
		trail[1] = trail[2];
	ui_crumbs(r, trail, fc->id ? 3 : 2);
	if (fc->id)
		ui_page_head(
		    r, NULL, subst(r, T("Edit {name}"), "name", name),
		    T("Changes ask every other member to confirm the application again (§3.2)."));
	else
		ui_page_head(r, NULL, title,
		             T("Draft the application; it is saved as a draft and can be completed "
		               "later. The lead applicant submits it once every member has "
		               "confirmed."));
	project_form(r, fc);
	return ui_page_end(r, status);
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
	return form_page(r, &fc, 200);
}

int ui_project_create(req *r)
{
	form_ctx fc = {0};
	json_t *body = form_body(r, &fc, false), *out = NULL;
	if (body && project_create(r->app, r->a, &r->who, body, &out, &r->e) == 0) {
		json_decref(body);
		return ui_redirect_created(r, out, "/projects/", "?saved=1");
	}
	json_decref(body);
	own_name(r, &fc);
	return form_page(r, &fc, r->e.status ? r->e.status : 500);
}

/* The record the form changes: {id}, as the caller may see it. */
static json_t *record(req *r, int64_t *id)
{
	if (req_param_id(r, "id", id) < 0)
		return NULL;
	return project_get(r->app, r->a, &r->who, *id, &r->e);
}

int ui_project_edit(req *r)
{
	int64_t id;
	json_t *rec = record(r, &id);
	if (!rec)
		return -1;
	const char *st = jstr(rec, "state");
	if (strcmp(st, "draft") && strcmp(st, "returned")) {
		json_decref(rec);
		err_set(&r->e, 409, "invalid_state", NULL,
		        "The application can be changed only as a draft or when returned.");
		return -1;
	}
	if (!ui_caller_is_lead(r, rec)) {
		json_decref(rec);
		err_set(&r->e, 403, "not_lead", NULL,
		        "Only the lead applicant may do this (§3.2).");
		return -1;
	}
	form_ctx fc = {.rec = rec, .id = id};
	int rc = form_page(r, &fc, 200);
	json_decref(rec);
	return rc;
}

int ui_project_save(req *r)
{
	int64_t id;
	json_t *rec = record(r, &id);
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
	int rc = r->e.status == 404 ? -1 : form_page(r, &fc, r->e.status ? r->e.status : 500);
	json_decref(rec);
	return rc;
}
