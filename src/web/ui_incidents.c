/* Incidents and emergencies (§4.3 item 4): the project page's section, the working group's
 * and the CSRC's list, and an incident's page: its facts, the institution's reports, the
 * working group's guidance, the loss records and the forms of each step. The use cases are in
 * src/app/incidents.c; levels, categories, states and actions come from core/incident.c. */
#include "web/ui_incidents.h"

#include <stdlib.h>
#include <string.h>

#include "app/incidents.h"
#include "core/incident.h"
#include "web/html.h"
#include "web/ui_fault_tolerance.h"
#include "web/ui_inspections.h"
#include "web/ui_records.h"

static const ui_label FIELDS[] = {
    {"category", N_("Category")},
    {"level", N_("Level")},
    {"system_class", N_("Class of the affected system")},
    {"investors_affected", N_("Investors affected")},
    {"estimated_loss_fen", N_("Estimated loss (yuan)")},
    {"title", N_("Title")},
    {"description", N_("Description")},
    {"discovered_at", N_("Discovered at")},
    {"stage", N_("Stage")},
    {"text", N_("Text")},
    {"loss_fen", N_("Loss (yuan)")},
    {"compensated_fen", N_("Compensated (yuan)")},
    {"investors_compensated", N_("Investors compensated")},
    {"note", N_("Note")},
    {NULL, NULL},
};

static const char *level_label(req *r, const char *id)
{
	const incident_level_info *l = incident_level_info_of(id);
	return l ? T(l->label) : id;
}

static void state_tag(req *r, const char *state)
{
	const incident_state_info *si = incident_state_info_of(state);
	ui_sup_tag(r, si ? si->tone : "plain", state, si ? T(si->label) : state);
}

static void level_tag(req *r, const char *level)
{
	bool grave = !strcmp(level, "especially_major") || !strcmp(level, "major");
	html_printf(&r->out, "<span class=\"tag %a\" data-level=\"%a\">%h</span>",
	            grave ? "flag" : "plain", level, level_label(r, level));
}

static void late_tag(req *r, json_t *o, const char *key)
{
	ui_sup_flag(r, o, key, "late", T("Initial report late"));
}

/* A posted amount in yuan ("1234.56") into body[key] in fen; blank is left out. */
static int yuan_field(req *r, json_t *body, const char *name, const char *key)
{
	const char *v = ui_trim(r, req_form(r, name));
	if (!*v)
		return 0;
	size_t n = strspn(v, "0123456789");
	const char *dot = v[n] == '.' ? v + n : NULL;
	size_t dec = dot ? strspn(dot + 1, "0123456789") : 0;
	if (!n || n > 13 || (dot ? dot[1 + dec] != '\0' || dec == 0 || dec > 2 : v[n] != '\0'))
		return err_set(&r->e, 400, "invalid_value", key,
		               "Field {field} must be an amount in yuan, e.g. 1200.50.");
	long long fen = strtoll(v, NULL, 10) * 100;
	if (dot)
		fen += strtoll(dot + 1, NULL, 10) * (dec == 1 ? 10 : 1);
	json_object_set_new(body, key, json_integer(fen));
	return 0;
}

/* A posted whole number into body[key]; blank is left out. */
static int count_field(req *r, json_t *body, const char *key)
{
	const char *v = ui_trim(r, req_form(r, key));
	if (!*v)
		return 0;
	if (strlen(v) > 12 || strspn(v, "0123456789") != strlen(v))
		return err_set(&r->e, 400, "invalid_value", key,
		               "Field {field} must be a whole number, 0 or more.");
	json_object_set_new(body, key, json_integer(strtoll(v, NULL, 10)));
	return 0;
}

/* ---- lists ---- */

static void incident_list_row(req *r, json_t *it, void *ctx)
{
	bool with_project = ctx != NULL;
	buf *b = &r->out;
	html_printf(b,
	            "<tr data-incident=\"%lld\"><td><a href=\"/incidents/%lld\">#%lld %h</a></td>",
	            jint(it, "id"), jint(it, "id"), jint(it, "id"), jstr(it, "title"));
	if (with_project)
		html_printf(b, "<td><a href=\"/projects/%lld\">%h</a></td>", jint(it, "project_id"),
		            jstr(it, "project_name"));
	html_printf(b, "<td>");
	level_tag(r, jstr(it, "level"));
	html_printf(
	    b, "</td><td>%h</td><td>",
	    ui_sup_label(r, INCIDENT_CATEGORIES, INCIDENT_CATEGORIES_COUNT, jstr(it, "category")));
	state_tag(r, jstr(it, "state"));
	late_tag(r, it, "initial_late");
	html_printf(b, "</td><td class=\"nowrap\">%h</td></tr>",
	            ui_time_cst(r, jint(it, "discovered_at")));
}

static const char *const *list_headings(req *r, bool with_project)
{
	const char **h = arena_alloc(r->a, 8 * sizeof *h); /* per request: pages run in threads */
	int k = 0;
	h[k++] = T("Incident");
	if (with_project)
		h[k++] = T("Project");
	h[k++] = T("Level");
	h[k++] = T("Category");
	h[k++] = T("State");
	h[k++] = T("Discovered at");
	h[k] = NULL;
	return h;
}

/* The lead institution's report, or the officer's record, of an incident. */
static void open_form(req *r, int64_t project_id)
{
	bool officer = r->who.role == ROLE_OFFICER;
	const char *form = "open-incident";
	ui_sup_form_begin(r, arena_printf(r->a, "/projects/%lld/incidents", (long long)project_id),
	                  form, officer ? T("Record an incident") : T("Report an incident"), false);
	ui_sup_option levels[INC_LEVEL__COUNT], classes[5];
	for (int i = 0; i < INC_LEVEL__COUNT; i++)
		levels[i] = (ui_sup_option){INCIDENT_LEVELS[i].id, T(INCIDENT_LEVELS[i].label)};
	for (int i = 0; i < 5; i++)
		classes[i] = (ui_sup_option){arena_printf(r->a, "%d", i + 1),
		                             arena_printf(r->a, "%d", i + 1)};
	ui_sup_field(r, form, "title", T("Title"), "text", true, NULL);
	ui_sup_select(r, form, "category", T("Category"),
	              ui_sup_options(r, INCIDENT_CATEGORIES, INCIDENT_CATEGORIES_COUNT),
	              INCIDENT_CATEGORIES_COUNT);
	ui_sup_select(r, form, "level", T("Level"), levels, INC_LEVEL__COUNT);
	ui_sup_select(r, form, "system_class", T("Class of the affected system"), classes, 5);
	ui_sup_field(r, form, "investors_affected", T("Investors affected"), "number", true, NULL);
	ui_sup_field(r, form, "estimated_loss", T("Estimated loss (yuan)"), "text", true, NULL);
	ui_sup_field(r, form, "description", T("Description"), "textarea", true,
	             officer ? T("What the working group learned; the institution then owes its "
	                         "initial report.")
	                     : T("This is your initial report: what happened, since when, the "
	                         "systems and investors affected, what you are doing."));
	ui_sup_form_end(r, officer ? T("Record the incident") : T("Send the report"));
}

void ui_incidents_section(req *r, int64_t project_id)
{
	err e;
	err_clear(&e);
	json_t *list = incident_list(r->app, r->a, &r->who, project_id, NULL, 0, 200, &e);
	err_free_details(&e);
	if (list)
		ui_sup_section(r,
		               &(ui_sup_section_spec){
		                   "incidents", T("Incidents and emergencies (§4.3)"),
		                   "incidents stack-sm", "may_open", T("No incident reported."),
		                   incident_list_row, open_form},
		               list_headings(r, false), list, project_id);
}

void ui_inspections_and_incidents(req *r, int64_t project_id)
{
	ui_inspections_section(r, project_id);
	ui_incidents_section(r, project_id);
}

static void due_row(req *r, json_t *it, void *ctx)
{
	html_printf(&r->out,
	            "<tr><td><a href=\"/incidents/%lld\">#%lld %h</a></td><td><a "
	            "href=\"/projects/%lld\">%h</a></td><td>",
	            jint(it, "id"), jint(it, "id"), jstr(it, "title"), jint(it, "project_id"),
	            jstr(it, "project_name"));
	level_tag(r, jstr(it, "level"));
	html_printf(&r->out, "</td><td class=\"nowrap\">%h",
	            ui_time_cst(r, jint(it, "initial_due_at")));
	late_tag(r, it, "late");
	html_printf(&r->out, "</td></tr>");
}

static bool csrc_sees(const void *row)
{
	return ((const incident_state_info *)row)->csrc_sees;
}

static void list_show(req *r, const char *state, json_t *list, json_t *due)
{
	bool csrc = r->who.role == ROLE_CSRC;
	ui_page_titled(r, T("Supervision (§4.3)"), T("Incidents and emergencies"),
	               csrc ? T("The incidents the working group reported to the CSRC, with their "
	                        "handling and result.")
	                    : T("Incidents of the running pilots: reports by level, guidance, loss "
	                        "and compensation, and the report to the CSRC."));
	ui_sup_filter(r, "/incidents", "status", state, INCIDENT_STATES, sizeof *INCIDENT_STATES,
	              INC__COUNT, csrc ? csrc_sees : NULL);
	ui_table(r, T("Incidents and emergencies"), "incidents stack-sm", list_headings(r, true),
	         json_object_get(list, "items"), incident_list_row, r, T("No incident reported."));
	ui_pager(r, list, "/incidents", state ? "status" : NULL, state);
	if (!csrc)
		ui_sup_card_table(r, "deadlines", T("Initial reports due"), "deadlines stack-sm",
		                  (const char *const[]){T("Incident"), T("Project"), T("Level"),
		                                        T("Due by"), NULL},
		                  json_object_get(due, "items"), due_row, NULL,
		                  T("No initial report is due."));
}

int ui_incidents_list(req *r)
{
	static const ui_sup_list_spec spec = {"status", incident_list, incident_deadlines,
	                                      list_show};
	return ui_sup_list_page(r, &spec);
}

/* ---- an incident's page ---- */

static const char *entry_label(req *r, const char *kind)
{
	const incident_label *s = id_label_find(INCIDENT_STAGES, INCIDENT_STAGES_COUNT, kind);
	if (s)
		return T(s->label);
	return !strcmp(kind, "guidance")      ? T("Guidance of the working group")
	       : !strcmp(kind, "csrc_report") ? T("Report to the CSRC")
	                                      : T("Acknowledged by the CSRC");
}

static void entry(req *r, json_t *n, void *ctx)
{
	html_printf(&r->out,
	            "<article class=\"entry\" data-kind=\"%a\"><h3>%h <small>%h · %h</small>"
	            "</h3><p class=\"prose\">%h</p></article>",
	            jstr(n, "kind"), entry_label(r, jstr(n, "kind")), ui_time_cst(r, jint(n, "at")),
	            jstr(n, "username"), jstr(n, "text"));
}

static void entries_card(req *r, json_t *inc)
{
	ui_card_each(r, "entries", T("Reports and guidance"), json_object_get(inc, "entries"),
	             T("Nothing reported yet."), entry, NULL);
}

static void loss_row(req *r, json_t *it, void *ctx)
{
	html_printf(&r->out,
	            "<tr><td class=\"nowrap\">%h</td><td class=\"num\">%h</td><td class=\"num\">%h"
	            "</td><td class=\"num\">%lld</td><td>%h</td><td>%h</td></tr>",
	            ui_time_cst(r, jint(it, "recorded_at")), ui_yuan(r, jint(it, "loss_fen")),
	            ui_yuan(r, jint(it, "compensated_fen")), jint(it, "investors_compensated"),
	            jstr(it, "username"), jstr(it, "note"));
}

static void forms(req *r, json_t *inc)
{
	long long id = jint(inc, "id");
	const char *base = arena_printf(r->a, "/incidents/%lld/actions/", id);
	static const char *const STAGES[] = {"initial", "update", "final"};
	ui_sup_option stages[3];
	size_t ns = 0;
	for (size_t i = 0; i < 3; i++)
		if (ui_sup_allowed(inc, STAGES[i]))
			stages[ns++] = (ui_sup_option){
			    STAGES[i],
			    ui_sup_label(r, INCIDENT_STAGES, INCIDENT_STAGES_COUNT, STAGES[i])};
	bool any = ns || ui_sup_allowed(inc, "guide") || ui_sup_allowed(inc, "record_loss") ||
	           ui_sup_allowed(inc, "report_to_csrc") || ui_sup_allowed(inc, "acknowledge");
	if (!any)
		return;
	html_printf(&r->out, "<section class=\"card actions-card\" id=\"actions\"><h2>%h</h2>",
	            T("What you can do now"));
	if (ns) {
		ui_sup_form_begin(r, arena_printf(r->a, "%sreport", base), "report",
		                  T("Report on the incident"), false);
		ui_sup_select(r, "report", "stage", T("Stage"), stages, ns);
		ui_sup_field(r, "report", "text", T("Text"), "textarea", true, NULL);
		ui_sup_form_end(r, T("Send the report"));
	}
	if (ui_sup_allowed(inc, "guide")) {
		ui_sup_form_begin(r, arena_printf(r->a, "%sguide", base), "guide",
		                  T("Give guidance"), false);
		ui_sup_field(r, "guide", "text", T("Guidance"), "textarea", true, NULL);
		ui_sup_form_end(r, T("Give guidance"));
	}
	if (ui_sup_allowed(inc, "record_loss")) {
		ui_sup_form_begin(r, arena_printf(r->a, "%srecord_loss", base), "loss",
		                  T("Record loss and compensation"), false);
		ui_sup_field(r, "loss", "loss", T("Loss (yuan)"), "text", true,
		             T("The figures as they stand now, not an increment."));
		ui_sup_field(r, "loss", "compensated", T("Compensated (yuan)"), "text", true, NULL);
		ui_sup_field(r, "loss", "investors_compensated", T("Investors compensated"),
		             "number", true, NULL);
		ui_sup_field(r, "loss", "note", T("Note"), "textarea", false, NULL);
		ui_sup_form_end(r, T("Record the figures"));
	}
	if (ui_sup_allowed(inc, "report_to_csrc")) {
		ui_sup_form_begin(r, arena_printf(r->a, "%sreport_to_csrc", base), "csrc",
		                  T("Report to the CSRC"), false);
		ui_sup_field(r, "csrc", "text", T("The handling and its result"), "textarea", true,
		             NULL);
		ui_sup_form_end(r, T("Report to the CSRC"));
	}
	if (ui_sup_allowed(inc, "acknowledge")) {
		ui_sup_form_begin(r, arena_printf(r->a, "%sacknowledge", base), "ack",
		                  T("Acknowledge the report"), false);
		ui_sup_field(r, "ack", "note", T("Note"), "textarea", false, NULL);
		ui_sup_form_end(r, T("Acknowledge the report"));
	}
	html_printf(&r->out, "</section>");
}

static const char *optional_time(req *r, json_t *o, const char *key)
{
	return json_is_integer(json_object_get(o, key)) ? ui_time_cst(r, jint(o, key)) : "—";
}

static int incident_page(req *r, int64_t id, ui_failure *f)
{
	json_t *inc = incident_get(r->app, r->a, &r->who, id, &r->e);
	if (!inc)
		return -1;
	buf *b = &r->out;
	const char *title = jstr(inc, "title");
	ui_sup_head(r, inc, "incidents",
	            arena_printf(r->a, "%s #%lld", T("Incident"), (long long)id),
	            arena_printf(r->a, "%s · #%lld", T("Incident (§4.3)"), (long long)id), title);
	state_tag(r, jstr(inc, "state"));
	html_printf(b, " ");
	level_tag(r, jstr(inc, "level"));
	late_tag(r, inc, "initial_late");
	ui_sup_head_end(r, f, FIELDS);
	html_printf(b, "<section class=\"card\"><h2>%h</h2><dl class=\"facts\">", T("Incident"));
	ui_fact(r, T("Project"), jstr(inc, "project_name"));
	ui_fact(r, T("Opened"),
	        ui_sup_label(r, INCIDENT_SOURCES, INCIDENT_SOURCES_COUNT, jstr(inc, "source")));
	ui_fact(
	    r, T("Category"),
	    ui_sup_label(r, INCIDENT_CATEGORIES, INCIDENT_CATEGORIES_COUNT, jstr(inc, "category")));
	ui_fact(r, T("Level"), level_label(r, jstr(inc, "level")));
	ui_fact(r, T("Class of the affected system"),
	        arena_printf(r->a, "%lld", jint(inc, "system_class")));
	ui_fact(r, T("Investors affected"),
	        arena_printf(r->a, "%lld", jint(inc, "investors_affected")));
	ui_fact(r, T("Estimated loss (yuan)"), ui_yuan(r, jint(inc, "estimated_loss_fen")));
	ui_fact(r, T("Discovered at"), ui_time_cst(r, jint(inc, "discovered_at")));
	ui_fact(r, T("Initial report due by"), ui_time_cst(r, jint(inc, "initial_due_at")));
	ui_fact(r, T("Initial report"), optional_time(r, inc, "initial_at"));
	ui_fact(r, T("Final report"), optional_time(r, inc, "final_at"));
	ui_fact(r, T("Reported to the CSRC"), optional_time(r, inc, "reported_to_csrc_at"));
	ui_fact(r, T("Acknowledged by the CSRC"), optional_time(r, inc, "acknowledged_at"));
	html_printf(b, "</dl><h3>%h</h3><p class=\"prose\">%h</p></section>", T("Description"),
	            jstr(inc, "description"));
	forms(r, inc);
	ui_fault_tolerance_incident_section(r, inc); /* §5.2 */
	entries_card(r, inc);
	ui_sup_card_table(r, "losses", T("Loss and compensation (§5.2)"), "losses stack-sm",
	                  (const char *const[]){T("Recorded at"), T("Loss (yuan)"),
	                                        T("Compensated (yuan)"), T("Investors compensated"),
	                                        T("By"), T("Note"), NULL},
	                  json_object_get(inc, "losses"), loss_row, NULL, T("No loss recorded."));
	json_decref(inc);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_incident_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return incident_page(r, id, NULL);
}

int ui_incident_open(req *r)
{
	int64_t pid;
	if (req_param_id(r, "id", &pid) < 0)
		return -1;
	static const char *const texts[] = {"title", "category", "level", "description", NULL};
	json_t *body = json_object(), *out = NULL;
	int rc = ui_sup_body(r, body, texts);
	if (rc == 0)
		rc = count_field(r, body, "system_class");
	if (rc == 0)
		rc = count_field(r, body, "investors_affected");
	if (rc == 0)
		rc = yuan_field(r, body, "estimated_loss", "estimated_loss_fen");
	if (rc == 0)
		rc = incident_open(r->app, r->a, &r->who, pid, body, &out, &r->e);
	json_decref(body);
	return ui_sup_created(
	    r, rc, out, "/incidents/", "open", pid, "incidents", T("Incident (§4.3)"),
	    r->who.role == ROLE_OFFICER ? T("Record an incident") : T("Report an incident"), FIELDS,
	    open_form);
}

int ui_incident_act(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *action = req_param(r, "action");
	static const char *const texts[] = {"stage", "text", "note", NULL};
	json_t *body = json_object(), *out = NULL;
	int rc = ui_sup_body(r, body, texts);
	if (rc == 0 && !strcmp(action, "record_loss")) {
		rc = yuan_field(r, body, "loss", "loss_fen");
		if (rc == 0)
			rc = yuan_field(r, body, "compensated", "compensated_fen");
		if (rc == 0)
			rc = count_field(r, body, "investors_compensated");
	}
	if (rc == 0) {
		if (!strcmp(action, "report"))
			rc = incident_report(r->app, r->a, &r->who, id, body, &out, &r->e);
		else if (!strcmp(action, "guide"))
			rc = incident_guide(r->app, r->a, &r->who, id, body, &out, &r->e);
		else if (!strcmp(action, "record_loss"))
			rc = incident_record_loss(r->app, r->a, &r->who, id, body, &out, &r->e);
		else if (!strcmp(action, "report_to_csrc"))
			rc = incident_report_to_csrc(r->app, r->a, &r->who, id, body, &out, &r->e);
		else if (!strcmp(action, "acknowledge"))
			rc = incident_acknowledge(r->app, r->a, &r->who, id, body, &out, &r->e);
		else
			rc = err_set(&r->e, 404, "not_found", "id", "No such page or resource.");
	}
	json_decref(body);
	return ui_sup_after_form(r, arena_printf(r->a, "/incidents/%lld", (long long)id), rc, out,
	                         action, incident_page, id);
}
