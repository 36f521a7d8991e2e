/* The end of a pilot (§4.4): the evaluation dossier as JSON and as a workbook. The dossier is
 * compiled in memory (its size is the project's records and decisions, never its points or its
 * whole history: app/dossier.c); the workbook is written through a temp file (web/xlsx.c). */
#include "web/api_dossier.h"

#include "app/dossier.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/xlsx.h"

int reply_dossier_xlsx(req *r, int status, json_t *d)
{
	json_int_t id =
	    json_integer_value(json_object_get(json_object_get(d, "cover"), "project_id"));
	buf_reset(&r->out);
	int rc = dossier_xlsx_render(r, d, &r->out);
	json_decref(d);
	if (rc < 0) {
		buf_reset(&r->out);
		return -1;
	}
	r->status = status;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	req_add_header(r, "Content-Disposition",
	               api_content_disposition(
	                   r->a, arena_printf(r->a, "project-%lld-dossier.xlsx", (long long)id)));
	return 0;
}
