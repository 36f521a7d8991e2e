/* The end of a pilot (§4.4): the evaluation dossier as JSON and as a workbook. The dossier is
 * compiled in memory (its size is the project's records and decisions, never its points or its
 * whole history: app/dossier.c); the workbook is written through a temp file (web/xlsx.c). */
#include "web/api_dossier.h"

#include "app/dossier.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/xlsx.h"

int api_dossier_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *d = dossier_compile(r->app, r->a, &r->who, id, &r->e);
	if (!d)
		return -1;
	return reply_json_flags(r, 200, d, JSON_COMPACT | JSON_REAL_PRECISION(15));
}

int api_dossier_xlsx(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *d = dossier_compile(r->app, r->a, &r->who, id, &r->e);
	if (!d)
		return -1;
	buf_reset(&r->out);
	int rc = dossier_xlsx_render(r, d, &r->out);
	json_decref(d);
	if (rc < 0) {
		buf_reset(&r->out);
		return -1;
	}
	r->status = 200;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	req_add_header(r, "Content-Disposition",
	               api_content_disposition(
	                   r->a, arena_printf(r->a, "project-%lld-dossier.xlsx", (long long)id)));
	return 0;
}
