#include "web/ui_tlog.h"

#include "app/tlog.h"
#include "web/html.h"
#include "web/ui.h"
#include "web/ui_public.h"

int ui_public_log(req *r)
{
	(void)r;
	return err_set(&r->e, 404, "not_found", NULL, "No such page or resource.");
}

void ui_tlog_leaves(req *r, long long project_id)
{
	(void)r;
	(void)project_id;
}
