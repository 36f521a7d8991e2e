/* Batches and expert review (§4.1): handlers of the route table. The use cases are in
 * src/app/review.c; the spreadsheet is drawn in src/web/xlsx.c (its labels are the
 * interface's). */
#include "web/api_review.h"

#include <stdlib.h>

#include "app/review.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/xlsx.h"

/* ---- batches ---- */

int api_batches_scores_xlsx(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = batch_scores(r->app, r->a, &r->who, id, &r->e);
	if (!o)
		return -1;
	buf x = BUF_INIT;
	int rc = review_xlsx_render(r, o, &x);
	json_decref(o);
	if (rc < 0) {
		buf_free(&x);
		return -1;
	}
	buf_reset(&r->out);
	buf_append(&r->out, x.data, x.len);
	buf_free(&x);
	r->status = 200;
	r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	req_add_header(
	    r, "Content-Disposition",
	    arena_printf(r->a, "attachment; filename=\"batch-%lld-scores.xlsx\"", (long long)id));
	return 0;
}

/* ---- assignments and conflicts ---- */

int api_assignments_delete(req *r)
{
	int64_t id, expert;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "expert_id", &expert) < 0)
		return -1;
	const char *reason = req_query(r, "reason");
	if (reason && json_check_text(reason, REVIEW_REASON_MAX, "reason", &r->e) < 0)
		return -1;
	if (assignment_remove(r->app, r->a, &r->who, id, expert, reason, &r->e) < 0)
		return -1;
	return api_no_content(r);
}

static int recusal_decide_reply(req *r, bool grant)
{
	int64_t id, rid;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "request_id", &rid) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = recusal_decide(r->app, r->a, &r->who, id, rid, grant, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_figures);
}

int api_recusals_grant(req *r)
{
	return recusal_decide_reply(r, true);
}

int api_recusals_deny(req *r)
{
	return recusal_decide_reply(r, false);
}
