/* Inspections (§4.3 item 3): handlers of the route table. {id} is an inspection: whether the
 * caller may see it is asked before its body is read (as ROUTE_PROJECT does for a project),
 * so that someone who may not see it learns nothing from how the body is judged. */
#include "web/api_inspections.h"

#include <string.h>

#include "lib/json.h"
#include "lib/utf8.h"
#include "web/api.h"
#include "web/api_materials.h"
#include "web/multipart.h"

#define REPLY_MAX_PARTS (INSPECTION_FILES_MAX + 4)
#define ATTESTED_MAX_BYTES 8

int api_inspections_list(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o =
	    inspection_list(r->app, r->a, &r->who, 0, req_query(r, "state"), after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_project_inspections_list(req *r)
{
	int64_t id, after;
	int limit;
	if (req_param_id(r, "id", &id) < 0 || req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o =
	    inspection_list(r->app, r->a, &r->who, id, req_query(r, "state"), after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_project_inspections_plan(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id), *out = NULL;
	if (!b)
		return -1;
	int rc = inspection_plan(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc == 0)
		req_add_header(
		    r, "Location",
		    arena_printf(r->a, "/api/v1/inspections/%lld",
		                 (long long)json_integer_value(json_object_get(out, "id"))));
	return api_written(r, rc, out, 201, reply_json);
}

int api_inspections_get(req *r)
{
	return api_read(r, inspection_get, reply_json);
}

/* {id} (an inspection the caller may see) and the id named sub_param (NULL: none). */
static int visible_ids(req *r, const char *sub_param, int64_t *id, int64_t *sub)
{
	*sub = 0;
	if (req_param_id(r, "id", id) < 0 || (sub_param && req_param_id(r, sub_param, sub) < 0))
		return -1;
	return inspection_check_visible(r->app, r->a, &r->who, *id, &r->e);
}

/* A JSON write on a visible inspection, answered 200 with the inspection. */
static int change(req *r, api_change_fn fn, int status)
{
	int64_t id, sub;
	if (visible_ids(r, NULL, &id, &sub) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = fn(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, status, reply_json);
}

int api_inspections_notify(req *r)
{
	int64_t id, sub;
	if (visible_ids(r, NULL, &id, &sub) < 0)
		return -1;
	json_t *b = api_body_or_empty(r), *out = NULL;
	if (!b)
		return -1;
	int rc = inspection_notify(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}

int api_inspections_request(req *r)
{
	return change(r, inspection_request_documents, 200);
}

int api_inspections_finding(req *r)
{
	return change(r, inspection_record_finding, 200);
}

int api_inspections_order(req *r)
{
	return change(r, inspection_order_rectification, 200);
}

int api_inspections_close(req *r)
{
	return change(r, inspection_close, 200);
}

int api_inspections_verify(req *r)
{
	int64_t id, order;
	if (visible_ids(r, "order_id", &id, &order) < 0)
		return -1;
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = inspection_verify_rectification(r->app, r->a, &r->who, id, order, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}

/* ---- what the institution gives (multipart) ---- */

static const char *part_text(req *r, const multipart_part *p, const char *field, size_t max)
{
	if (p->filename) {
		err_setf(&r->e, 400, "invalid_type", "Field {field} must be text, not a file.",
		         "%s", field);
		return NULL;
	}
	if (p->len > max || !utf8_valid(p->data, p->len)) {
		err_setf(&r->e, 400, "invalid_text", "Field {field} is not valid text.", "%s",
		         field);
		return NULL;
	}
	return arena_strndup(r->a, p->data, p->len);
}

int inspection_reply_form(req *r, int64_t id, int64_t sub, bool evidence, json_t **out)
{
	multipart_part parts[REPLY_MAX_PARTS];
	int n;
	*out = NULL;
	if (multipart_parse(req_header(r, "Content-Type"), r->body.data, r->body.len, r->a, parts,
	                    REPLY_MAX_PARTS, &n, &r->e) < 0)
		return -1;
	inspection_reply_in in = {0};
	bool text_seen = false, attested_seen = false;
	for (int i = 0; i < n; i++) {
		const multipart_part *p = &parts[i];
		/* the page's form also sends its CSRF token and which form it is */
		if (!strcmp(p->name, "csrf") || !strcmp(p->name, "form"))
			continue;
		if (!strcmp(p->name, "file")) {
			if (!p->filename)
				return err_set(&r->e, 400, "invalid_type", "file",
				               "Field {field} must be a file.");
			if (in.nfiles == INSPECTION_FILES_MAX)
				return err_set(&r->e, 400, "invalid_value", "file",
				               "At most 5 files go with one answer or one round of "
				               "evidence.");
			/* a form's empty file input sends a part without a name or bytes */
			if (!p->len && !*p->filename)
				continue;
			in.files[in.nfiles++] = (inspection_file_in){p->filename, p->data, p->len};
			continue;
		}
		bool *seen = !strcmp(p->name, "text")       ? &text_seen
		             : !strcmp(p->name, "attested") ? &attested_seen
		                                            : NULL;
		if (!seen)
			return err_setf(&r->e, 400, "unknown_field", "Unknown field {field}.", "%s",
			                p->name);
		if (*seen)
			return err_setf(&r->e, 400, "duplicate_field",
			                "Field {field} appears more than once.", "%s", p->name);
		*seen = true;
		const char *v = part_text(r, p, p->name,
		                          seen == &text_seen ? (size_t)INSPECTION_TEXT_MAX * 4
		                                             : ATTESTED_MAX_BYTES);
		if (!v)
			return -1;
		if (seen == &text_seen)
			in.text = v;
		else
			in.attested = v;
	}
	int rc =
	    evidence
	        ? inspection_submit_rectification(r->app, r->a, &r->who, id, sub, &in, out, &r->e)
	        : inspection_answer_documents(r->app, r->a, &r->who, id, sub, &in, out, &r->e);
	if (rc < 0) {
		json_decref(*out); /* set when only the commit failed */
		*out = NULL;
	}
	return rc;
}

static int reply(req *r, const char *sub_param, bool evidence)
{
	int64_t id, sub;
	json_t *out;
	if (visible_ids(r, sub_param, &id, &sub) < 0 ||
	    inspection_reply_form(r, id, sub, evidence, &out) < 0)
		return -1;
	return reply_json(r, 200, out);
}

int api_inspections_answer(req *r)
{
	return reply(r, "request_id", false);
}

int api_inspections_evidence(req *r)
{
	return reply(r, "order_id", true);
}

int api_inspections_file(req *r)
{
	int64_t id, fid;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "file_id", &fid) < 0)
		return -1;
	inspection_file_out f;
	if (inspection_file(r->app, r->a, &r->who, id, fid, &f, &r->e) < 0)
		return -1;
	buf_reset(&r->out);
	buf_append(&r->out, f.data, f.len);
	r->status = 200;
	r->content_type = f.content_type;
	req_add_header(r, "Content-Disposition", api_content_disposition(r->a, f.filename));
	req_add_header(r, "ETag", arena_printf(r->a, "\"%s\"", f.sha256));
	return 0;
}
