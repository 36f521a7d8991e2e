/* Stage evaluation and recognitions (§4.4, §5.1): pages, and the fields of its actions on the
 * project page. */
#include "web/ui_evaluations.h"

void ui_evaluation_action_fields(req *r, json_t *p, const char *action, const char *fid, bool again)
{
	(void)r;
	(void)p;
	(void)action;
	(void)fid;
	(void)again;
}

int ui_evaluation_action_read(req *r, const char *action, json_t *body)
{
	(void)r;
	(void)action;
	(void)body;
	return 0;
}
