/* Batches and expert review (§4.1): handlers of the route table. The use cases are in
 * src/app/review.c; the spreadsheet is drawn in src/web/ui_review.c (its labels are the
 * interface's). */
#include "web/api_review.h"

#include <stdlib.h>

#include "app/review.h"
#include "lib/json.h"
#include "web/xlsx.h"

/* As reply_json, with figures (means, weights) written as short decimals: 6.9667, not
 * 6.9667000000000003. */
static int reply_figures(req *r, int status, json_t *body)
{
	char *s = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(body);
	if (!s)
		return err_set(&r->e, 500, "internal", NULL, "Something went wrong.");
	buf_reset(&r->out);
	buf_puts(&r->out, s);
	buf_putc(&r->out, '\n');
	free(s);
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	return 0;
}

static int reply_created(req *r, json_t *out, const char *location)
{
	if (location)
		req_add_header(r, "Location", location);
	return reply_figures(r, 201, out);
}

/* ---- batches ---- */

int api_batches_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = batch_list(r->app, r->a, &r->who, after, limit, &r->e);
	return o ? reply_figures(r, 200, o) : -1;
}

int api_batches_create(req *r)
{
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = batch_create(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_created(
	    r, out,
	    arena_printf(r->a, "/api/v1/batches/%lld",
	                 (long long)json_integer_value(json_object_get(out, "id"))));
}

int api_batches_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = batch_get(r->app, r->a, &r->who, id, &r->e);
	return o ? reply_figures(r, 200, o) : -1;
}

int api_batches_update(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = batch_update(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_figures(r, 200, out);
}

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

/* ---- the expert pool ---- */

int api_experts_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = expert_list(r->app, r->a, &r->who, after, limit, &r->e);
	return o ? reply_figures(r, 200, o) : -1;
}

int api_experts_create(req *r)
{
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = expert_add(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_created(r, out, NULL);
}

/* ---- assignments and conflicts ---- */

int api_assignments_list(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = assignment_list(r->app, r->a, &r->who, id, &r->e);
	return o ? reply_figures(r, 200, o) : -1;
}

int api_assignments_create(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = assignment_add(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_created(r, out, NULL);
}

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
	r->status = 204;
	buf_reset(&r->out);
	return 0;
}

int api_conflicts_create(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = conflict_declare(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_created(r, out, NULL);
}

int api_recusals_list(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = recusal_list(r->app, r->a, &r->who, id, &r->e);
	return o ? reply_figures(r, 200, o) : -1;
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
	return rc < 0 ? -1 : reply_figures(r, 200, out);
}

int api_recusals_grant(req *r)
{
	return recusal_decide_reply(r, true);
}

int api_recusals_deny(req *r)
{
	return recusal_decide_reply(r, false);
}

int api_exclusions_create(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = sheet_exclude(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	return rc < 0 ? -1 : reply_created(r, out, NULL);
}

/* ---- scores ---- */

int api_scores_put(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = score_submit(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_created(r, out, NULL);
}

int api_scores_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = score_list(r->app, r->a, &r->who, id, &r->e);
	return o ? reply_figures(r, 200, o) : -1;
}

int api_reviews_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = review_queue(r->app, r->a, &r->who, after, limit, &r->e);
	return o ? reply_figures(r, 200, o) : -1;
}
