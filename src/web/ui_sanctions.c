/* Sanctions and exit (§4.4): pages, and the fields of its actions on the project page. */
#include "web/ui_sanctions.h"

void ui_sanction_action_fields(req *r, json_t *p, const char *action, const char *fid, bool again)
{
	(void)r;
	(void)p;
	(void)action;
	(void)fid;
	(void)again;
}

int ui_sanction_action_read(req *r, const char *action, json_t *body)
{
	(void)r;
	(void)action;
	(void)body;
	return 0;
}
