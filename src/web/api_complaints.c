/* Complaints about running pilots (§4.3): handlers of the route table. The use cases are in
 * src/app/complaints.c. */
#include "web/api_complaints.h"

#include "app/complaints.h"
#include "web/api.h"

int api_public_complaint_create(req *r)
{
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = complaint_file_public(r->app, r->a, b, r->address, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 201, reply_json);
}

int api_public_complaint_get(req *r)
{
	/* The secret travels in a header, never in the URL (kept in logs and histories). */
	json_t *o = complaint_lookup(r->app, r->a, req_param(r, "reference"),
	                             req_header(r, "X-Complaint-Secret"), &r->e);
	return o ? reply_json(r, 200, o) : -1;
}
