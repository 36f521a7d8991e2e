/* Projects, their workflow actions, and maker-checker decisions (§3–§4.2). */
#include "web/api_projects.h"

#include "app/projects.h"
#include "core/roles.h"
#include "core/workflow.h"
#include "lib/json.h"
#include "web/api.h"

/* The one read of a project that the API answers most: its JSON written straight into the
 * response (project_get_text), not built as a tree and dumped. */
int api_projects_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	buf_reset(&r->out);
	if (project_get_text(r->app, r->a, &r->who, id, &r->out, &r->e) < 0) {
		buf_reset(&r->out);
		return -1;
	}
	return reply_json_written(r, 200);
}

/* The action's fields are optional: an action without any has no body. */
int api_projects_action(req *r)
{
	int64_t id;
	json_t *b = req_param_id(r, "id", &id) < 0 ? NULL : api_body_or_empty(r), *out = NULL;
	if (!b)
		return -1;
	int status = 200; /* 202 when proposed for a leader's approval */
	int rc =
	    project_act(r->app, r->a, &r->who, id, req_param(r, "action"), b, &out, &status, &r->e);
	json_decref(b);
	return api_written(r, rc, out, status, reply_json);
}

/* An Idempotency-Key the client retries with gives the first answer again. */
int api_projects_metrics(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id), *out = NULL;
	if (!b)
		return -1;
	int status = 201;
	int rc = project_report_metrics(r->app, r->a, &r->who, id, b,
	                                req_header(r, "Idempotency-Key"), &out, &status, &r->e);
	json_decref(b);
	return api_written(r, rc, out, status, reply_json);
}

static int settle(req *r, bool approve)
{
	int64_t id;
	json_t *b = req_param_id(r, "id", &id) < 0 ? NULL : api_body_or_empty(r), *out = NULL;
	if (!b)
		return -1;
	int rc = decision_settle(r->app, r->a, &r->who, id, approve, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}

int api_decisions_approve(req *r)
{
	return settle(r, true);
}

int api_decisions_reject(req *r)
{
	return settle(r, false);
}

/* The workflow table itself, for clients and the docs' state diagram. */
int api_workflow(req *r)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		const workflow_row *w = &WORKFLOW[i];
		json_t *roles = json_array();
		for (unsigned bit = 1; bit <= ROLE_SYSTEM; bit <<= 1)
			if (w->roles & bit)
				json_array_append_new(roles, json_string(bit == ROLE_SYSTEM
				                                             ? "system"
				                                             : role_id((role)bit)));
		json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:s}",
		                                      "from", project_state_id(w->from), "action",
		                                      workflow_action_id(w->action), "roles", roles,
		                                      "track",
		                                      w->track == FOR_PILOT      ? "pilot"
		                                      : w->track == FOR_COACHING ? "coaching"
		                                                                 : "any",
		                                      "guard", workflow_guard_id(w->guard), "to",
		                                      project_state_id(w->to), "approval",
		                                      w->approval, "clause", w->clause));
	}
	return reply_json(r, 200, json_pack("{s:o}", "transitions", rows));
}
