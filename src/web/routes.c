/* Every endpoint, its roles, its handler: the one route table (rendered in docs/API.md and
 * checked against docs/openapi.json by a test). */
#include "web/routes.h"

#include <string.h>

#include "web/api.h"
#include "web/api_projects.h"
#include "web/ui.h"

#define STAFF ROLE_STAFF
#define ANY ROLE_ANY_USER
#define PUB ROLE_ANYONE
#define REGISTRY (ROLE_ADMIN | ROLE_OFFICER)

const route routes[] = {
	/* JSON API */
	{"GET", "/healthz", PUB, ROUTE_API, api_healthz, "Liveness: {\"status\":\"ok\"}"},
	{"GET", "/api/v1/openapi.json", PUB, ROUTE_API, api_openapi, "This API's OpenAPI 3.1 document"},
	{"POST", "/api/v1/session", PUB, ROUTE_API, api_session_create, "Log in: a bearer token and a session cookie", ROUTE_NO_CSRF},
	{"GET", "/api/v1/session", ANY, ROUTE_API, api_session_get, "The logged-in user and the CSRF token"},
	{"DELETE", "/api/v1/session", ANY, ROUTE_API, api_session_delete, "Log out"},
	{"GET", "/api/v1/users", ROLE_ADMIN, ROUTE_API, api_users_list, "List user accounts"},
	{"POST", "/api/v1/users", ROLE_ADMIN, ROUTE_API, api_users_create, "Create a user account"},
	{"GET", "/api/v1/users/{id}", ROLE_ADMIN, ROUTE_API, api_users_get, "One user account"},
	{"PATCH", "/api/v1/users/{id}", ROLE_ADMIN, ROUTE_API, api_users_update, "Change a user's role, name, institution or active flag"},
	{"POST", "/api/v1/users/{id}/password", ROLE_ADMIN, ROUTE_API, api_users_password, "Set a user's password (ends their sessions)"},
	{"GET", "/api/v1/institutions", STAFF | ROLE_EXPERT | ROLE_INSTITUTION, ROUTE_API, api_institutions_list, "List institutions (an institution user sees its own)"},
	{"POST", "/api/v1/institutions", REGISTRY, ROUTE_API, api_institutions_create, "Register an institution"},
	{"GET", "/api/v1/institutions/{id}", STAFF | ROLE_EXPERT | ROLE_INSTITUTION, ROUTE_API, api_institutions_get, "One institution"},
	{"PATCH", "/api/v1/institutions/{id}", REGISTRY, ROUTE_API, api_institutions_update, "Change an institution"},
	{"DELETE", "/api/v1/institutions/{id}", REGISTRY, ROUTE_API, api_institutions_delete, "Remove an institution that has no accounts (kept in its events)"},
	{"POST", "/api/v1/eligibility", STAFF | ROLE_INSTITUTION, ROUTE_API, api_eligibility, "Check an application's applicants against §3"},
	{"GET", "/api/v1/events", ANY, ROUTE_API, api_events, "A subject's history (?subject=TYPE:ID), filtered by role"},
	/* admission: projects and workflow */
	{"GET", "/api/v1/workflow", ANY, ROUTE_API, api_workflow, "The workflow table: every transition, its roles, guard and clause"},
	{"GET", "/api/v1/projects", ANY, ROUTE_API, api_projects_list, "Projects the caller may see (?state=)"},
	{"POST", "/api/v1/projects", ROLE_INSTITUTION, ROUTE_API, api_projects_create, "Draft a project (application)"},
	{"GET", "/api/v1/projects/{id}", ANY, ROUTE_API, api_projects_get, "A project with its members, state and the caller's next actions"},
	{"PATCH", "/api/v1/projects/{id}", ROLE_INSTITUTION, ROUTE_API, api_projects_update, "Change a draft or returned application"},
	{"POST", "/api/v1/projects/{id}/actions/{action}", ANY, ROUTE_API, api_projects_action, "Take a workflow action (proposes it when it needs approval)"},
	{"POST", "/api/v1/projects/{id}/metrics", ROLE_INSTITUTION, ROUTE_API, api_projects_metrics, "Report live-business figures of a launched pilot"},
	{"GET", "/api/v1/decisions", ROLE_OFFICER | ROLE_LEADER | ROLE_ADMIN, ROUTE_API, api_decisions_list, "Decisions (?status=pending is the leader's queue)"},
	{"GET", "/api/v1/decisions/{id}", ROLE_OFFICER | ROLE_LEADER | ROLE_ADMIN, ROUTE_API, api_decisions_get, "One decision"},
	{"POST", "/api/v1/decisions/{id}/approve", ROLE_LEADER, ROUTE_API, api_decisions_approve, "Approve a proposed decision (another person than its proposer)"},
	{"POST", "/api/v1/decisions/{id}/reject", ROLE_LEADER, ROUTE_API, api_decisions_reject, "Reject a proposed decision"},
	/* admission: materials */
	/* admission: batches and expert review */
	/* admission: public notice, comments and the public register */
	/* admission: calendar */
	/* Web UI */
	{"GET", "/static/{file}", PUB, ROUTE_STATIC, ui_static, "Static assets"},
	{"GET", "/", PUB, ROUTE_UI, ui_home, "Home page for the caller's role"},
	{"GET", "/lang/{lang}", PUB, ROUTE_UI, ui_lang, "Switch the interface language"},
	{"GET", "/login", PUB, ROUTE_UI, ui_login_form, "Log-in page"},
	{"POST", "/login", PUB, ROUTE_UI, ui_login_submit, "Log in", ROUTE_NO_CSRF},
	{"POST", "/logout", ANY, ROUTE_UI, ui_logout, "Log out"},
	{"GET", "/institutions", STAFF | ROLE_EXPERT | ROLE_INSTITUTION, ROUTE_UI, ui_institutions, "Institution register"},
	{"GET", "/institutions/new", REGISTRY, ROUTE_UI, ui_institution_new, "New institution form"},
	{"POST", "/institutions", REGISTRY, ROUTE_UI, ui_institution_create, "Register an institution"},
	{"GET", "/institutions/{id}", STAFF | ROLE_EXPERT | ROLE_INSTITUTION, ROUTE_UI, ui_institution_show, "Institution detail and history"},
	{"GET", "/institutions/{id}/edit", REGISTRY, ROUTE_UI, ui_institution_edit, "Edit institution form"},
	{"POST", "/institutions/{id}", REGISTRY, ROUTE_UI, ui_institution_save, "Save an institution"},
	{"GET", "/users", ROLE_ADMIN, ROUTE_UI, ui_users, "User accounts"},
	{"GET", "/eligibility", STAFF | ROLE_INSTITUTION, ROUTE_UI, ui_eligibility_form, "Eligibility checker"},
	{"POST", "/eligibility", STAFF | ROLE_INSTITUTION, ROUTE_UI, ui_eligibility_submit, "Run the eligibility checker"},
	/* ui: projects and workflow */
	/* ui: expert review */
	/* ui: public portal */
	/* ui: calendar */
};
const unsigned routes_count = sizeof routes / sizeof *routes;

/* Matches one pattern; literal segments must be equal, {name} takes one non-empty segment. */
static bool match(const char *pat, const char *path, req *r)
{
	int n = 0;
	while (*pat && *path) {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			const char *slash = strchr(path, '/');
			size_t vlen = slash ? (size_t)(slash - path) : strlen(path);
			if (!close || vlen == 0 || n == ROUTE_MAX_PARAMS)
				return false;
			if (r) {
				r->param_names[n] =
					arena_strndup(r->a, pat + 1, (size_t)(close - pat - 1));
				r->param_values[n] = arena_strndup(r->a, path, vlen);
			}
			n++;
			pat = close + 1;
			path += vlen;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat || *path)
		return false;
	if (r)
		r->nparams = n;
	return true;
}

const route *routes_match(req *r, const char *method, const char *path, int *path_matched)
{
	*path_matched = 0;
	bool head = !strcmp(method, "HEAD");
	for (unsigned i = 0; i < routes_count; i++) {
		if (!match(routes[i].pattern, path, NULL))
			continue;
		if (!strcmp(routes[i].method, method) || (head && !strcmp(routes[i].method, "GET"))) {
			match(routes[i].pattern, path, r);
			return &routes[i];
		}
		*path_matched = 1;
	}
	return NULL;
}
