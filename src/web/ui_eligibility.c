/* The eligibility checker (§3): choose the applicants and the track, see the verdict clause
 * by clause. */
#include "web/ui_institutions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/ui.h"

#define UI_ELIG_ROWS 5

/* A form value: from the posted form, or from the query string of a GET (so that a link
 * such as /eligibility?inst0=7 opens the checker with that institution chosen). */
static const char *elig_value(req *r, const char *k)
{
	if (!strcmp(r->method, "POST"))
		return req_form(r, k);
	const char *v = req_query(r, k);
	/* An institution checks applications that include itself: start from it, as the lead. */
	if (!v && r->who.role == ROLE_INSTITUTION && r->who.institution_id > 0 &&
	    !req_query(r, "inst0")) {
		if (!strcmp(k, "inst0"))
			return arena_printf(r->a, "%lld", (long long)r->who.institution_id);
		if (!strcmp(k, "lead"))
			return "0";
	}
	return v;
}

static json_t *find_institution(json_t *insts, long long id)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(insts, "items"), i, it)
	{
		if (jint(it, "id") == id)
			return it;
	}
	return NULL;
}

static void eligibility_form(req *r, json_t *insts)
{
	buf *b = &r->out;
	const char *track = elig_value(r, "track");
	html_printf(b, "<form method=\"post\" action=\"/eligibility\" class=\"card form\">");
	ui_csrf_field(r);
	html_printf(b, "<fieldset><legend>%h</legend>", T("Track"));
	ui_track_choices(r, track && !strcmp(track, "coaching"));
	html_printf(b, "</fieldset>");
	html_printf(b,
	            "<fieldset><legend>%h</legend><p class=\"hint\">%h</p>"
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%a\">"
	            "<table class=\"list applicants\"><thead><tr><th "
	            "scope=\"col\">#</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	            "</tr></thead><tbody>",
	            T("Applicants"),
	            T("Choose up to five institutions and mark exactly one as the lead applicant."),
	            T("Applicants"), T("Institution"), T("Lead applicant"));
	const char *lead = elig_value(r, "lead");
	for (int row = 0; row < UI_ELIG_ROWS; row++) {
		char key[24];
		snprintf(key, sizeof key, "inst%d", row);
		const char *sel = elig_value(r, key);
		html_printf(b,
		            "<tr><td>%d</td><td><select name=\"%a\" aria-label=\"%a\"><option "
		            "value=\"\">%h</option>",
		            row + 1, key,
		            subst(r, T("Applicant {n}"), "n", arena_printf(r->a, "%d", row + 1)),
		            T("(none)"));
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(insts, "items"), i, it)
		{
			const char *ids = arena_printf(r->a, "%lld", jint(it, "id"));
			html_printf(b, "<option value=\"%a\"%h>%h · %h · %h</option>", ids,
			            sel && !strcmp(sel, ids) ? " selected" : "", jstr(it, "name"),
			            ui_kind_label(r, jstr(it, "kind")),
			            jstr(it, "registered_city"));
		}
		char rowid[8];
		snprintf(rowid, sizeof rowid, "%d", row);
		html_printf(
		    b,
		    "</select></td><td class=\"center\"><input type=\"radio\" name=\"lead\" "
		    "value=\"%a\"%h aria-label=\"%a\"></td></tr>",
		    rowid, lead && !strcmp(lead, rowid) ? " checked" : "",
		    subst(r, T("Applicant {n} is the lead"), "n",
		          arena_printf(r->a, "%d", row + 1)));
	}
	html_printf(b,
	            "</tbody></table></div></fieldset><div class=\"form-actions\"><button "
	            "type=\"submit\" class=\"primary\">%h</button><a class=\"button quiet\" "
	            "href=\"/eligibility\">%h</a></div></form>",
	            T("Check eligibility"), T("Reset"));
}

static void eligibility_rules(req *r)
{
	html_printf(&r->out,
	            "<details class=\"card rules\"><summary>%h</summary><ul>"
	            "<li>%h</li><li>%h</li><li>%h</li><li>%h</li></ul></details>",
	            T("What §3 requires"),
	            T("§3.1 Applicant subjects are licensed institutions in the bureau's "
	              "jurisdiction, registered or mainly based in the pilot city, or national "
	              "institutions with an important branch there."),
	            T("§3.2 A technology firm may not apply alone; it may lead or join an "
	              "application with at least one applicant subject, from any city."),
	            T("§3.2 A joint application names exactly one lead applicant, which leads "
	              "the research, development or operation."),
	            T("§3.3 Without a partner, a technology firm registered in the pilot city and "
	              "of one of three categories may apply for coaching (one year, no live "
	              "financial business)."));
}

static void eligibility_head(req *r)
{
	ui_page_titled(r, NULL, T("Eligibility checker"),
	               T("Choose the applicants, mark the lead, and see whether §3 admits them."));
}

/* The rules, the form, the end of the page. */
static int eligibility_end(req *r, json_t *insts)
{
	eligibility_rules(r);
	eligibility_form(r, insts);
	json_decref(insts);
	return ui_page_end(r, 200);
}

int ui_eligibility_form(req *r)
{
	json_t *insts = institution_list(r->app, r->a, &r->who, NULL, 0, 200, &r->e);
	if (!insts)
		return -1;
	eligibility_head(r);
	return eligibility_end(r, insts);
}

/* The §3 reasons that concern the institution id (0: the application as a whole), each with
 * its clause; false when there is none. */
static bool reasons_of(req *r, json_t *reasons, long long id)
{
	bool any = false;
	size_t i;
	json_t *it;
	json_array_foreach(reasons, i, it)
	{
		if (jint(it, "institution_id") != id)
			continue;
		if (!any)
			html_printf(&r->out, "<ul class=\"reasons\">");
		any = true;
		html_printf(&r->out,
		            "<li data-code=\"%a\"><span class=\"clause\">%h</span> %h</li>",
		            jstr(it, "code"), jstr(it, "clause"), T(jstr(it, "message")));
	}
	if (any)
		html_printf(&r->out, "</ul>");
	return any;
}

typedef struct verdict {
	json_t *insts, *reasons; /* the institutions the form offers; the §3 reasons */
} verdict;

/* One applicant with the reasons that concern it. */
static void finding_row(req *r, json_t *it, void *ctx)
{
	const verdict *v = ctx;
	long long id = jint(it, "institution_id");
	json_t *inst = find_institution(v->insts, id);
	html_printf(&r->out,
	            "<tr data-institution=\"%lld\"><td><a href=\"/institutions/%lld\">%h</a></td>"
	            "<td>%h</td><td>%h %h</td><td>%h</td><td>",
	            id, id, inst ? jstr(inst, "name") : arena_printf(r->a, "#%lld", id),
	            inst ? ui_kind_label(r, jstr(inst, "kind")) : "",
	            inst ? jstr(inst, "registered_province") : "",
	            inst ? jstr(inst, "registered_city") : "",
	            json_is_true(json_object_get(it, "lead")) ? T("Lead applicant")
	                                                      : T("Participant"));
	if (!reasons_of(r, v->reasons, id))
		html_printf(&r->out, "<span class=\"fine\">%h</span>", T("No objection"));
	html_printf(&r->out, "</td></tr>");
}

/* The verdict, then each applicant with the reasons that concern it (§3, clause by clause). */
static void eligibility_verdict(req *r, json_t *res, json_t *applicants, json_t *insts)
{
	buf *b = &r->out;
	bool ok = json_is_true(json_object_get(res, "eligible"));
	json_t *reasons = json_object_get(res, "reasons");
	html_printf(b,
	            "<section class=\"verdict %h\" id=\"verdict\" aria-live=\"polite\"><p "
	            "class=\"eyebrow\">%h</p><h2>%h</h2><p>%h</p>",
	            ok ? "ok" : "refused", ui_track_label(r, jstr(res, "track"), false),
	            ok ? T("Eligible") : T("Not eligible"),
	            ok ? T("The applicants meet the conditions of §3 for this track.")
	               : T("The application does not meet §3, for the reasons below."));
	reasons_of(r, reasons, 0); /* about the application as a whole */
	html_printf(b, "</section>");
	if (!json_array_size(applicants))
		return;
	html_printf(b, "<section class=\"card\"><h2>%h</h2>", T("Applicants"));
	ui_table(r, T("Findings"), "findings stack-sm",
	         (const char *const[]){T("Institution"), T("Kind"), T("Registered in"), T("Role"),
	                               T("Findings"), NULL},
	         applicants, finding_row, &(verdict){insts, reasons}, NULL);
	html_printf(b, "</section>");
}

int ui_eligibility_submit(req *r)
{
	json_t *insts = institution_list(r->app, r->a, &r->who, NULL, 0, 200, &r->e);
	if (!insts)
		return -1;
	const char *track = req_form(r, "track");
	const char *lead = req_form(r, "lead");
	json_t *applicants = json_array();
	for (int row = 0; row < UI_ELIG_ROWS; row++) {
		char key[24];
		snprintf(key, sizeof key, "inst%d", row);
		const char *v = req_form(r, key);
		if (!v || !*v)
			continue;
		char rowid[8];
		snprintf(rowid, sizeof rowid, "%d", row);
		json_array_append_new(applicants, json_pack("{s:I, s:b}", "institution_id",
		                                            (json_int_t)strtoll(v, NULL, 10),
		                                            "lead", lead && !strcmp(lead, rowid)));
	}
	/* json_pack refuses text that is not UTF-8. */
	json_t *body =
	    json_pack("{s:s, s:O}", "track", track ? track : "pilot", "applicants", applicants);
	json_t *res = NULL;
	if (body)
		res = eligibility_run(r->app, r->a, &r->who, body, &r->e);
	else
		err_set(&r->e, 400, "invalid_value", "track",
		        "Field {field} must be pilot or coaching.");
	json_decref(body);
	eligibility_head(r);
	if (res) {
		eligibility_verdict(r, res, applicants, insts);
		json_decref(res);
	} else {
		ui_form_error(r, T("Not saved."), NULL);
		err_clear(&r->e);
	}
	json_decref(applicants);
	return eligibility_end(r, insts);
}
