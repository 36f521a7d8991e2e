/* Projects, their workflow actions, and maker-checker decisions (§3–§4.2). */
#include "web/api_projects.h"

#include "app/projects.h"
#include "core/roles.h"
#include "core/workflow.h"
#include "lib/json.h"

int api_projects_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = project_list(r->app, r->a, &r->who, req_query(r, "state"), after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_projects_create(req *r)
{
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = project_create(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	req_add_header(r, "Location",
		       arena_printf(r->a, "/api/v1/projects/%lld",
				    (long long)json_integer_value(json_object_get(out, "id"))));
	return reply_json(r, 201, out);
}

int api_projects_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = project_get(r->app, r->a, &r->who, id, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_projects_update(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = project_update(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_json(r, 200, out);
}

int api_projects_action(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = r->body.len ? req_json_body(r) : json_object(), *out = NULL;
	if (!b)
		return -1;
	int status = 200;
	int rc = project_act(r->app, r->a, &r->who, id, req_param(r, "action"), b, &out, &status,
			     &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_json(r, status, out);
}

int api_projects_metrics(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int status = 201;
	int rc = project_report_metrics(r->app, r->a, &r->who, id, b,
					req_header(r, "Idempotency-Key"), &out, &status, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_json(r, status, out);
}

int api_decisions_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = decision_list(r->app, r->a, &r->who, req_query(r, "status"), after, limit,
				  &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_decisions_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = decision_get(r->app, r->a, &r->who, id, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

static int settle(req *r, bool approve)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = r->body.len ? req_json_body(r) : json_object(), *out = NULL;
	if (!b)
		return -1;
	int rc = decision_settle(r->app, r->a, &r->who, id, approve, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_json(r, 200, out);
}

int api_decisions_approve(req *r) { return settle(r, true); }
int api_decisions_reject(req *r) { return settle(r, false); }

/* The workflow table itself, for clients and the docs' state diagram. */
int api_workflow(req *r)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		const workflow_row *w = &WORKFLOW[i];
		json_t *roles = json_array();
		for (unsigned bit = 1; bit <= ROLE_SYSTEM; bit <<= 1)
			if (w->roles & bit)
				json_array_append_new(roles, json_string(bit == ROLE_SYSTEM ? "system"
									 : role_id((role)bit)));
		json_array_append_new(
			rows, json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:s}", "from",
					project_state_id(w->from), "action", workflow_action_id(w->action), "roles", roles,
					"track",
					w->track == FOR_PILOT	 ? "pilot"
					: w->track == FOR_COACHING ? "coaching"
								   : "any",
					"guard", workflow_guard_id(w->guard), "to",
					project_state_id(w->to), "approval", w->approval, "clause",
					w->clause));
	}
	return reply_json(r, 200, json_pack("{s:o}", "transitions", rows));
}
