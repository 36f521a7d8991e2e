/* The institution register and the eligibility check (§3). */
#include "lib/json.h"
#include "web/api.h"

int api_institutions_list(req *r)
{
	int64_t after;
	int limit;
	const char *q = req_query(r, "q");
	if (req_page(r, &after, &limit) < 0)
		return -1;
	if (q && json_check_text(q, 100, "q", &r->e) < 0)
		return -1;
	json_t *o = institution_list(r->app, r->a, &r->who, q, after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_institutions_create(req *r)
{
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = institution_create(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	req_add_header(r, "Location",
		       arena_printf(r->a, "/api/v1/institutions/%lld",
				    (long long)json_integer_value(json_object_get(out, "id"))));
	return reply_json(r, 201, out);
}

int api_institutions_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = institution_get(r->app, r->a, &r->who, id, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_institutions_update(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = institution_update(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc < 0) {
		json_decref(out); /* set when only the commit failed */
		return -1;
	}
	return reply_json(r, 200, out);
}

int api_institutions_delete(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *reason = req_query(r, "reason");
	if (reason && json_check_text(reason, 2000, "reason", &r->e) < 0)
		return -1;
	if (institution_delete(r->app, r->a, &r->who, id, reason, &r->e) < 0)
		return -1;
	r->status = 204;
	buf_reset(&r->out);
	return 0;
}

int api_eligibility(req *r)
{
	json_t *b = req_json_body(r);
	if (!b)
		return -1;
	json_t *o = eligibility_run(r->app, r->a, &r->who, b, &r->e);
	json_decref(b);
	if (!o)
		return -1;
	size_t i;
	json_t *reason;
	json_array_foreach(json_object_get(o, "reasons"), i, reason)
	{
		const char *m = json_string_value(json_object_get(reason, "message"));
		json_object_set_new(reason, "message", json_string(tr(r->lang, m)));
	}
	return reply_json(r, 200, o);
}
