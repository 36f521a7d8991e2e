/* The evaluation dossier (§4.4): its page and the tables that the page and the spreadsheet
 * share. The dossier is compiled by app/dossier.c; here it is only drawn. */
#include "web/ui_dossier.h"

#include <stdlib.h>
#include <string.h>

#include "app/dossier.h"
#include "core/dossier.h"
#include "core/workflow.h"
#include "lib/json.h"
#include "web/html.h"

#define COLS(a) a, sizeof a / sizeof *a

static const dossier_col INDICATOR_COLS[] = {
    {"key", N_("Key"), 't'},
    {"name", N_("Indicator"), 't'},
    {"unit", N_("Unit"), 't'},
    {"direction", N_("Bad side"), 't'},
    {"warn", N_("Warning threshold"), 'n'},
    {"breach", N_("Breach threshold"), 'n'},
    {"points", N_("Points"), 'n'},
    {"max", N_("Maximum"), 'n'},
    {"min", N_("Minimum"), 'n'},
    {"worst_level", N_("Worst level reached"), 't'},
    {"last_value", N_("Last value"), 'n'},
    {"last_at", N_("Last value at"), 't'},
    {"warnings", N_("Warnings"), 'n'},
    {"breaches", N_("Breaches"), 'n'},
    {"silences", N_("Silences"), 'n'},
};
static const dossier_col REPORT_COLS[] = {
    {"id", N_("ID"), 'n'},
    {"kind", N_("Kind"), 't'},
    {"period", N_("Period"), 't'},
    {"title", N_("Title"), 't'},
    {"due_on", N_("Due"), 't'},
    {"status", N_("Status"), 't'},
    {"versions", N_("Versions"), 'n'},
    {"first_submitted_at", N_("First submitted"), 'w'},
    {"outcome", N_("Outcome"), 't'},
    {"decided_at", N_("Decided"), 'w'},
    {"overdue_at", N_("Overdue since"), 'w'},
    {"escalated_at", N_("Escalated"), 'w'},
    {"attachments", N_("Attachments"), 'n'},
};
static const dossier_col ALERT_COLS[] = {
    {"id", N_("ID"), 'n'},
    {"indicator_name", N_("Indicator"), 't'},
    {"level", N_("Level"), 't'},
    {"status", N_("Status"), 't'},
    {"value", N_("Value"), 'n'},
    {"threshold", N_("Threshold"), 'n'},
    {"opened_at", N_("Opened"), 'w'},
    {"acknowledged_at", N_("Acknowledged"), 'w'},
    {"acknowledge_reason", N_("Acknowledgement"), 't'},
    {"resolved_at", N_("Resolved"), 'w'},
    {"resolve_reason", N_("Resolution"), 't'},
};
static const dossier_col INSPECTION_COLS[] = {
    {"id", N_("ID"), 'n'},
    {"origin", N_("On whose initiative"), 't'},
    {"mode", N_("Mode"), 't'},
    {"scope", N_("Scope"), 't'},
    {"starts_on", N_("Starts"), 't'},
    {"ends_on", N_("Ends"), 't'},
    {"state", N_("State"), 't'},
    {"closed_at", N_("Closed"), 'w'},
    {"conclusion", N_("Conclusion"), 't'},
};
static const dossier_col REQUEST_COLS[] = {
    {"parent_id", N_("Inspection"), 'n'},      {"id", N_("ID"), 'n'},
    {"items", N_("Documents requested"), 't'}, {"due_on", N_("Due"), 't'},
    {"answered_at", N_("Answered"), 'w'},
};
static const dossier_col FINDING_COLS[] = {
    {"parent_id", N_("Inspection"), 'n'}, {"id", N_("ID"), 'n'},
    {"severity", N_("Severity"), 't'},    {"description", N_("Finding"), 't'},
    {"recorded_at", N_("Recorded"), 'w'},
};
static const dossier_col ORDER_COLS[] = {
    {"parent_id", N_("Inspection"), 'n'}, {"id", N_("ID"), 'n'},
    {"finding_id", N_("Finding"), 'n'},   {"requirement", N_("Requirement"), 't'},
    {"due_on", N_("Due"), 't'},           {"status", N_("Status"), 't'},
    {"rounds", N_("Rounds"), 'n'},        {"verified_at", N_("Verified"), 'w'},
};
static const dossier_col INCIDENT_COLS[] = {
    {"id", N_("ID"), 'n'},
    {"level", N_("Level"), 't'},
    {"category", N_("Category"), 't'},
    {"title", N_("Title"), 't'},
    {"state", N_("State"), 't'},
    {"discovered_at", N_("Discovered"), 'w'},
    {"investors_affected", N_("Investors affected"), 'n'},
    {"loss_fen", N_("Loss (fen)"), 'n'},
    {"compensated_fen", N_("Compensated (fen)"), 'n'},
    {"investors_compensated", N_("Investors compensated"), 'n'},
    {"acknowledged_at", N_("Acknowledged by the CSRC"), 'w'},
};
static const dossier_col ENTRY_COLS[] = {
    {"parent_id", N_("Incident"), 'n'}, {"id", N_("ID"), 'n'}, {"kind", N_("Kind"), 't'},
    {"text", N_("Text"), 't'},          {"at", N_("At"), 'w'},
};
static const dossier_col LOSS_COLS[] = {
    {"parent_id", N_("Incident"), 'n'},
    {"id", N_("ID"), 'n'},
    {"loss_fen", N_("Loss (fen)"), 'n'},
    {"compensated_fen", N_("Compensated (fen)"), 'n'},
    {"investors_compensated", N_("Investors compensated"), 'n'},
    {"note", N_("Note"), 't'},
    {"recorded_at", N_("Recorded"), 'w'},
};
static const dossier_col COMPLAINT_COLS[] = {
    {"id", N_("ID"), 'n'},
    {"reference", N_("Reference"), 't'},
    {"channel", N_("Channel"), 't'},
    {"status", N_("Status"), 't'},
    {"due_on", N_("Due"), 't'},
    {"filed_at", N_("Filed"), 'w'},
    {"escalated_to", N_("Escalated to"), 't'},
    {"resolved_at", N_("Resolved"), 'w'},
    {"resolution", N_("Resolution"), 't'},
    {"answers", N_("Answers to the complainant"), 'n'},
};
static const dossier_col SITUATION_COLS[] = {
    {"id", N_("ID"), 'n'},
    {"title", N_("Title"), 't'},
    {"body", N_("Text"), 't'},
    {"reported_at", N_("Reported"), 'w'},
    {"acknowledged_at", N_("Acknowledged"), 'w'},
    {"acknowledgement", N_("Acknowledgement"), 't'},
};
static const dossier_col THREAD_COLS[] = {
    {"id", N_("ID"), 'n'},
    {"subject", N_("Subject"), 't'},
    {"created_at", N_("Started"), 'w'},
    {"last_message_at", N_("Last message"), 'w'},
    {"messages", N_("Messages"), 'n'},
};
static const dossier_col MESSAGE_COLS[] = {
    {"parent_id", N_("Thread"), 'n'}, {"id", N_("ID"), 'n'},
    {"side", N_("Side"), 't'},        {"body", N_("Text"), 't'},
    {"sent_at", N_("Sent"), 'w'},     {"attachments", N_("Attachments"), 'n'},
};
static const dossier_col DECISION_COLS[] = {
    {"seq", N_("Event"), 'n'},
    {"ts", N_("At"), 'w'},
    {"actor", N_("Actor"), 't'},
    {"kind", N_("Kind"), 't'},
    {"from", N_("From"), 't'},
    {"to", N_("To"), 't'},
    {"decision_id", N_("Decision"), 'n'},
    {"params", N_("Fields"), 'j'},
    {"reason", N_("Reason"), 't'},
};
static const dossier_col FILE_COLS[] = {
    {"source", N_("Source"), 't'},      {"id", N_("ID"), 'n'},
    {"label", N_("Kind"), 't'},         {"version", N_("Version"), 'n'},
    {"filename", N_("File name"), 't'}, {"size", N_("Size (bytes)"), 'n'},
    {"sha256", N_("SHA-256"), 't'},     {"at", N_("At"), 'w'},
};

const dossier_table DOSSIER_TABLES[] = {
    {DP_BOUNDARIES, "boundaries.indicators", NULL, N_("Indicators against the boundaries"),
     COLS(INDICATOR_COLS)},
    {DP_REPORTS, "reports", NULL, N_("Reports"), COLS(REPORT_COLS)},
    {DP_ALERTS, "alerts", NULL, N_("Alerts"), COLS(ALERT_COLS)},
    {DP_INSPECTIONS, "inspections", NULL, N_("Inspections"), COLS(INSPECTION_COLS)},
    {DP_INSPECTIONS, "inspections", "document_requests", N_("Document requests"),
     COLS(REQUEST_COLS)},
    {DP_INSPECTIONS, "inspections", "findings", N_("Findings"), COLS(FINDING_COLS)},
    {DP_INSPECTIONS, "inspections", "rectifications", N_("Rectification orders"), COLS(ORDER_COLS)},
    {DP_INCIDENTS, "incidents", NULL, N_("Incidents"), COLS(INCIDENT_COLS)},
    {DP_INCIDENTS, "incidents", "entries", N_("Reports, guidance and acknowledgements"),
     COLS(ENTRY_COLS)},
    {DP_INCIDENTS, "incidents", "losses", N_("Loss and compensation records"), COLS(LOSS_COLS)},
    {DP_COMPLAINTS, "complaints", NULL, N_("Complaints"), COLS(COMPLAINT_COLS)},
    {DP_EXCHANGE, "exchange.situations", NULL, N_("Situation reports to the CSRC"),
     COLS(SITUATION_COLS)},
    {DP_EXCHANGE, "exchange.threads", NULL, N_("Threads with the institutions"), COLS(THREAD_COLS)},
    {DP_EXCHANGE, "exchange.threads", "items", N_("Messages"), COLS(MESSAGE_COLS)},
    {DP_DECISIONS, "decisions.items", NULL, N_("Decisions and outcomes"), COLS(DECISION_COLS)},
    {DP_MANIFEST, "manifest.files", NULL, N_("Manifest of attachments"), COLS(FILE_COLS)},
};
const size_t DOSSIER_TABLE_COUNT = sizeof DOSSIER_TABLES / sizeof *DOSSIER_TABLES;

static json_t *at_path(json_t *d, const char *path)
{
	const char *dot = strchr(path, '.');
	if (!dot)
		return json_object_get(d, path);
	char head[64];
	snprintf(head, sizeof head, "%.*s", (int)(dot - path), path);
	return json_object_get(json_object_get(d, head), dot + 1);
}

json_t *dossier_table_rows(json_t *d, const dossier_table *t)
{
	json_t *rows = json_array(), *list = at_path(d, t->path);
	size_t i, k;
	json_t *x, *y;
	json_array_foreach(list, i, x)
	{
		if (!t->child) {
			json_array_append(rows, x);
			continue;
		}
		json_array_foreach(json_object_get(x, t->child), k, y)
		{
			json_object_set(y, "parent_id", json_object_get(x, "id"));
			json_array_append(rows, y);
		}
	}
	return rows;
}

const char *dossier_cell_text(req *r, json_t *v, char kind)
{
	if (!v || json_is_null(v))
		return "";
	if (kind == 'w' && json_is_integer(v))
		return ui_time_cst(r, (long long)json_integer_value(v));
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_boolean(v))
		return json_is_true(v) ? T("Yes") : T("No");
	if (json_is_integer(v))
		return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(r->a, "%.15g", json_real_value(v));
	char *s = json_dumps(v, JSON_COMPACT);
	const char *out = arena_strdup(r->a, s ? s : "");
	free(s);
	return out;
}

size_t dossier_cover_facts(req *r, json_t *d, const char **labels, const char **values, size_t max)
{
	json_t *c = json_object_get(d, "cover"), *ev = json_object_get(c, "events"),
	       *by = json_object_get(c, "compiled_by"), *n = json_object_get(c, "counts");
	size_t k = 0;
#define FACT(l, v)                                                                                 \
	do {                                                                                       \
		if (k < max) {                                                                     \
			labels[k] = (l);                                                           \
			values[k] = (v);                                                           \
			k++;                                                                       \
		}                                                                                  \
	} while (0)
	FACT(T("Project ID"), dossier_cell_text(r, json_object_get(c, "project_id"), 'n'));
	FACT(T("Project"), jstr(c, "name"));
	FACT(T("Track"), ui_track_label(r, jstr(c, "track"), false));
	FACT(T("State"), ui_state_label(r, jstr(c, "state")));
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(c, "institutions"), i, m)
	    FACT(json_is_true(json_object_get(m, "lead")) ? T("Lead applicant") : T("Member"),
	         arena_printf(r->a, "%s (%s)", jstr(m, "name"), jstr(m, "role")));
	FACT(T("Launched on"), jstr(c, "launched_on"));
	FACT(T("Compiled at"), dossier_cell_text(r, json_object_get(c, "compiled_at"), 'w'));
	FACT(T("Compiled by"), jstr(by, "username"));
	FACT(T("First event"), dossier_cell_text(r, json_object_get(ev, "first_seq"), 'n'));
	FACT(T("Last event"), dossier_cell_text(r, json_object_get(ev, "last_seq"), 'n'));
	FACT(T("Events"), dossier_cell_text(r, json_object_get(ev, "count"), 'n'));
	static const char *const counted[][2] = {
	    {"reports", N_("Reports")},
	    {"alerts", N_("Alerts")},
	    {"inspections", N_("Inspections")},
	    {"incidents", N_("Incidents")},
	    {"complaints", N_("Complaints")},
	    {"situations", N_("Situation reports to the CSRC")},
	    {"threads", N_("Threads with the institutions")},
	    {"decisions", N_("Decisions and outcomes")},
	    {"attachments", N_("Attachments")},
	};
	for (size_t j = 0; j < sizeof counted / sizeof *counted; j++)
		FACT(T(counted[j][1]),
		     dossier_cell_text(r, json_object_get(n, counted[j][0]), 'n'));
#undef FACT
	return k;
}

/* A value of the application as people read it: text as it is, a list of plain values joined,
 * an object as "label: value" lines (its keys worded as the form words them), a list of
 * objects one line each; no JSON, which would run off a phone's screen. */
static const char *readable(req *r, json_t *v)
{
	if (json_is_array(v)) {
		buf b = BUF_INIT;
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (i)
				buf_puts(&b, json_is_object(x) ? "\n" : ", ");
			const char *t = readable(r, x);
			if (json_is_object(x)) { /* one line: "a: 1; b: 2" */
				for (const char *c = t; *c; c++)
					buf_append(&b, *c == '\n' ? "; " : c, *c == '\n' ? 2 : 1);
			} else {
				buf_puts(&b, t);
			}
		}
		const char *out = arena_strdup(r->a, b.data ? b.data : "");
		buf_free(&b);
		return out;
	}
	if (json_is_object(v)) {
		buf b = BUF_INIT;
		const char *k;
		json_t *x;
		bool first = true;
		json_object_foreach(v, k, x)
		{
			if (!first)
				buf_puts(&b, "\n");
			first = false;
			buf_puts(&b, ui_field_label(r, NULL, k));
			buf_puts(&b, ": ");
			buf_puts(&b, readable(r, x));
		}
		const char *out = arena_strdup(r->a, b.data ? b.data : "");
		buf_free(&b);
		return out;
	}
	return dossier_cell_text(r, v, 't');
}

size_t dossier_application_facts(req *r, json_t *d, const char **labels, const char **values,
                                 size_t max)
{
	json_t *app = json_object_get(d, "application");
	size_t k = 0;
	for (size_t i = 0; i < DOSSIER_APPLICATION_FIELD_COUNT && k < max; i++) {
		const char *f = DOSSIER_APPLICATION_FIELDS[i];
		labels[k] = ui_field_label(r, NULL, f);
		values[k++] = readable(r, json_object_get(app, f));
	}
	return k;
}

/* ---- the page ---- */

typedef struct {
	const dossier_table *t;
} row_ctx;

static void table_row(req *r, json_t *item, void *ctx)
{
	const dossier_table *t = ((row_ctx *)ctx)->t;
	html_raw(&r->out, "<tr>");
	for (size_t c = 0; c < t->ncols; c++) {
		const dossier_col *col = &t->cols[c];
		const char *v = dossier_cell_text(r, json_object_get(item, col->key), col->kind);
		if (col->kind == 'j')
			html_printf(&r->out, "<td><code>%h</code></td>", v);
		else
			html_printf(&r->out, "<td>%h</td>", v);
	}
	html_raw(&r->out, "</tr>");
}

static void facts(req *r, const char **labels, const char **values, size_t n)
{
	html_raw(&r->out, "<dl class=\"facts\">");
	for (size_t i = 0; i < n; i++)
		ui_fact(r, labels[i], values[i]);
	html_raw(&r->out, "</dl>");
}

#define FACTS_MAX 64

int ui_dossier_page(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *d = dossier_compile(r->app, r->a, &r->who, id, &r->e);
	if (!d)
		return -1;
	json_t *cover = json_object_get(d, "cover");
	const char *name = jstr(cover, "name");
	ui_page_begin(r, arena_printf(r->a, "%s · %s", T("Evaluation dossier"), name));
	ui_crumbs(r,
	          (const ui_crumb[]){{"/projects", T("Projects")},
	                             {arena_printf(r->a, "/projects/%lld", (long long)id), name},
	                             {NULL, T("Evaluation dossier")}},
	          3);
	ui_page_head_open(r, arena_printf(r->a, "#%lld", (long long)id), T("Evaluation dossier"),
	                  T("The pilot's record compiled for its evaluation (§4.4): the "
	                    "application, the boundaries against the indicators, the supervision "
	                    "records, the decisions and the files."));
	html_printf(&r->out,
	            "<div class=\"actions\"><a class=\"button\" "
	            "href=\"/api/v1/projects/%lld/dossier.xlsx\">%h</a> <a class=\"button\" "
	            "href=\"/api/v1/projects/%lld/dossier\">%h</a></div></div>",
	            (long long)id, T("Download the dossier (.xlsx)"), (long long)id,
	            T("The dossier as JSON"));
	const char *labels[FACTS_MAX], *values[FACTS_MAX];
	for (int part = 0; part < DP__COUNT; part++) {
		const dossier_part_info *pi = &DOSSIER_PARTS[part];
		html_printf(
		    &r->out,
		    "<section class=\"card\" id=\"dossier-%a\" aria-labelledby=\"dossier-%a-h\">"
		    "<h2 id=\"dossier-%a-h\">%h</h2>",
		    pi->id, pi->id, pi->id, T(pi->label));
		if (part == DP_COVER)
			facts(r, labels, values,
			      dossier_cover_facts(r, d, labels, values, FACTS_MAX));
		else if (part == DP_APPLICATION)
			facts(r, labels, values,
			      dossier_application_facts(r, d, labels, values, FACTS_MAX));
		for (size_t k = 0; k < DOSSIER_TABLE_COUNT; k++) {
			const dossier_table *t = &DOSSIER_TABLES[k];
			if (t->part != part)
				continue;
			const char *head[16];
			size_t c = 0;
			for (; c < t->ncols && c < 15; c++)
				head[c] = T(t->cols[c].label);
			head[c] = NULL;
			json_t *rows = dossier_table_rows(d, t);
			html_printf(&r->out, "<h3>%h</h3>", T(t->title));
			row_ctx ctx = {t};
			ui_table(r, T(t->title), "", head, rows, table_row, &ctx, T("None."));
			json_decref(rows);
		}
		html_raw(&r->out, "</section>");
	}
	json_decref(d);
	return ui_page_end(r, 200);
}

void ui_dossier_link(req *r, json_t *p)
{
	if (!(r->who.role & (ROLE_OFFICER | ROLE_LEADER | ROLE_CSRC)))
		return;
	project_state st;
	if (project_state_parse(jstr(p, "state"), &st) < 0 ||
	    !dossier_covers(st, json_is_string(json_object_get(p, "launched_on"))))
		return;
	html_printf(&r->out,
	            "<section class=\"card\" id=\"dossier\" aria-labelledby=\"dossier-h\"><h2 "
	            "id=\"dossier-h\">%h</h2><p><a href=\"/projects/%lld/dossier\">%h</a> · <a "
	            "href=\"/api/v1/projects/%lld/dossier.xlsx\">%h</a></p></section>",
	            T("Evaluation dossier"), jint(p, "id"), T("Open the evaluation dossier"),
	            jint(p, "id"), T("Download the dossier (.xlsx)"));
}
