/* Fault tolerance (§5.2): handlers of the route table. */
#include "web/api_fault_tolerance.h"

#include "app/fault_tolerance.h"
#include "web/api.h"

int api_project_fault_tolerance_list(req *r)
{
	return api_sub_page(r, fault_tolerance_list, true, NULL, reply_json);
}
