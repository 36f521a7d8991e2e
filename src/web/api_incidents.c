/* Incidents and emergencies (§4.3 item 4): handlers of the route table. {id} is an incident:
 * whether the caller may see it is asked before its body is read, so that someone who may
 * not see it learns nothing from how the body is judged. */
#include "web/api_incidents.h"

#include "app/incidents.h"
#include "web/api.h"

int api_incidents_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o =
	    incident_list(r->app, r->a, &r->who, 0, req_query(r, "status"), after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_project_incidents_list(req *r)
{
	int64_t id, after;
	int limit;
	if (req_param_id(r, "id", &id) < 0 || req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o =
	    incident_list(r->app, r->a, &r->who, id, req_query(r, "status"), after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_project_incidents_open(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id), *out = NULL;
	if (!b)
		return -1;
	int rc = incident_open(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc == 0)
		req_add_header(
		    r, "Location",
		    arena_printf(r->a, "/api/v1/incidents/%lld",
		                 (long long)json_integer_value(json_object_get(out, "id"))));
	return api_written(r, rc, out, 201, reply_json);
}

int api_incidents_get(req *r)
{
	return api_read(r, incident_get, reply_json);
}

/* A write on an incident the caller may see; body_optional: {} when none is sent. */
static int change(req *r, api_change_fn fn, int status, bool body_optional)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0 ||
	    incident_check_visible(r->app, r->a, &r->who, id, &r->e) < 0)
		return -1;
	json_t *b = body_optional ? api_body_or_empty(r) : req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = fn(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, status, reply_json);
}

int api_incidents_report(req *r)
{
	return change(r, incident_report, 200, false);
}

int api_incidents_guidance(req *r)
{
	return change(r, incident_guide, 200, false);
}

int api_incidents_loss(req *r)
{
	return change(r, incident_record_loss, 200, false);
}

int api_incidents_csrc_report(req *r)
{
	return change(r, incident_report_to_csrc, 200, false);
}

int api_incidents_acknowledge(req *r)
{
	return change(r, incident_acknowledge, 200, true);
}
