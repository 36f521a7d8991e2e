/* Fault tolerance (§5.2): pages, and the fields of its actions on the project page. */
#include "web/ui_fault_tolerance.h"

void ui_fault_tolerance_action_fields(req *r, json_t *p, const char *action, const char *fid,
                                      bool again)
{
	(void)r;
	(void)p;
	(void)action;
	(void)fid;
	(void)again;
}

int ui_fault_tolerance_action_read(req *r, const char *action, json_t *body)
{
	(void)r;
	(void)action;
	(void)body;
	return 0;
}
