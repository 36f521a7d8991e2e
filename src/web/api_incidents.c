/* Incidents and emergencies (§4.3 item 4): handlers of the route table. {id} is an incident:
 * whether the caller may see it is asked before its body is read, so that someone who may
 * not see it learns nothing from how the body is judged. */
#include "web/api_incidents.h"

#include "app/incidents.h"
#include "web/api.h"

int api_incidents_list(req *r)
{
	return api_sub_page(r, incident_list, false, "status", reply_json);
}

int api_project_incidents_list(req *r)
{
	return api_sub_page(r, incident_list, true, "status", reply_json);
}

int api_project_incidents_open(req *r)
{
	return api_create_under(r, incident_open, "/api/v1/incidents", reply_json);
}

int api_incidents_get(req *r)
{
	return api_read(r, incident_get, reply_json);
}

/* A write on an incident the caller may see; body_optional: {} when none is sent. */
static int change(req *r, api_change_fn fn, int status, bool body_optional)
{
	return api_change_visible(r, incident_check_visible, fn, body_optional, status, reply_json);
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
