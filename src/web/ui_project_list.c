/* The list of projects the caller may see, filtered by state. */
#include <string.h>

#include "app/projects.h"
#include "core/workflow.h"
#include "web/html.h"
#include "web/ui_projects.h"

static void list_row(req *r, json_t *it, void *ctx)
{
	long long id = jint(it, "id");
	html_printf(
	    &r->out,
	    "<tr data-project=\"%lld\"><td>%lld</td><td><a href=\"/projects/%lld\">%h</a></td>"
	    "<td>%h</td><td>%h</td><td>",
	    id, id, id, jstr(it, "name"), jstr(it, "lead"),
	    ui_track_label(r, jstr(it, "track"), false));
	ui_state_tag(r, jstr(it, "state"));
	html_printf(&r->out, "</td><td class=\"nowrap\">%h</td></tr>",
	            ui_time_cst(r, jint(it, "updated_at")));
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
	ui_page_head_open(r, NULL, T("Projects"),
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
	ui_table(r, T("Projects"), "projects",
	         (const char *const[]){"#", T("Project name"), T("Lead applicant"), T("Track"),
	                               T("State"), T("Last changed"), NULL},
	         json_object_get(list, "items"), list_row, NULL,
	         state ? T("No project is in this state.") : T("No project yet."));
	ui_pager(r, list, "/projects", "state", state);
	json_decref(list);
	return ui_page_end(r, 200);
}
