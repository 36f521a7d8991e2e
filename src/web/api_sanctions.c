/* Sanctions and exit (§4.4): handlers of the route table. The project routes carry
 * ROUTE_PROJECT, so that whether the caller may see {id} is asked before a body is read. */
#include "web/api_sanctions.h"

#include "web/api.h"

int api_exit_item_evidence(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id), *out = NULL;
	if (!b)
		return -1;
	int rc =
	    exit_item_evidence(r->app, r->a, &r->who, id, req_param(r, "item"), b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}
