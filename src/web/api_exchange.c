/* Information exchange (§4.3.1): handlers of the route table. The use cases are in
 * src/app/exchange.c. */
#include "web/api_exchange.h"

#include <string.h>

#include "app/exchange.h"
#include "lib/json.h"
#include "lib/utf8.h"
#include "web/api.h"
#include "web/api_materials.h"
#include "web/multipart.h"

/* ---- threads and messages ---- */

static json_t *inbox(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	return thread_list(ap, a, who, 0, after, limit, e);
}

int api_threads_list(req *r)
{
	return api_page(r, inbox, reply_json);
}

int api_project_threads(req *r)
{
	int64_t id, after;
	int limit;
	if (req_param_id(r, "id", &id) < 0 || req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = thread_list(r->app, r->a, &r->who, id, after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_project_thread_create(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id), *out = NULL;
	if (!b)
		return -1;
	int rc = thread_create(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc == 0)
		req_add_header(
		    r, "Location",
		    arena_printf(r->a, "/api/v1/threads/%lld",
		                 (long long)json_integer_value(json_object_get(out, "id"))));
	return api_written(r, rc, out, 201, reply_json);
}

int api_threads_get(req *r)
{
	return api_read(r, thread_get, reply_json);
}

int api_thread_messages(req *r)
{
	int64_t id, after;
	int limit;
	if (req_param_id(r, "id", &id) < 0 || req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = message_list(r->app, r->a, &r->who, id, after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

#define MESSAGE_MAX_PARTS (MESSAGE_FILES_MAX + 3)

/* The multipart form of a message: body, files, csrf. */
static int message_form(req *r, int64_t thread_id, const char *ctype, json_t **out)
{
	multipart_part parts[MESSAGE_MAX_PARTS];
	message_file files[MESSAGE_FILES_MAX];
	int n, nfiles = 0;
	const char *body = NULL;
	bool body_seen = false, csrf_seen = false;
	if (multipart_parse(ctype, r->body.data, r->body.len, r->a, parts, MESSAGE_MAX_PARTS, &n,
	                    &r->e) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const multipart_part *p = &parts[i];
		bool *seen = !strcmp(p->name, "body")   ? &body_seen
		             : !strcmp(p->name, "csrf") ? &csrf_seen
		                                        : NULL;
		if (!seen && strcmp(p->name, "file"))
			return err_setf(&r->e, 400, "unknown_field", "Unknown field {field}.", "%s",
			                p->name);
		if (seen && *seen)
			return err_setf(&r->e, 400, "duplicate_field",
			                "Field {field} appears more than once.", "%s", p->name);
		if (seen) {
			*seen = true;
			if (p->filename)
				return err_setf(&r->e, 400, "invalid_type",
				                "Field {field} must be text, not a file.", "%s",
				                p->name);
			if (seen == &body_seen) {
				if (!utf8_valid(p->data, p->len))
					return err_set(&r->e, 400, "invalid_text", "body",
					               "Field {field} is not valid UTF-8 text.");
				body = arena_strndup(r->a, p->data, p->len);
			}
			continue;
		}
		if (!p->filename)
			return err_set(&r->e, 400, "invalid_type", "file",
			               "Field {field} must be a file.");
		/* a form's empty file input sends a part without a name and without bytes */
		if (!*p->filename && p->len == 0)
			continue;
		if (nfiles == MESSAGE_FILES_MAX)
			return err_set(&r->e, 400, "invalid_value", "file",
			               "A message carries at most 5 files.");
		files[nfiles++] = (message_file){p->filename, p->data, p->len};
	}
	return message_send(r->app, r->a, &r->who, thread_id, body, files, nfiles, out, &r->e);
}

int message_post(req *r, int64_t thread_id, json_t **out)
{
	*out = NULL;
	const char *ctype = req_header(r, "Content-Type");
	if (ctype && !strncmp(ctype, "multipart/form-data", 19))
		return message_form(r, thread_id, ctype, out);
	static const char *const allowed[] = {"body", NULL};
	json_t *b = req_json_body(r);
	const char *body = NULL;
	if (!b)
		return -1;
	int rc = json_only_fields(b, allowed, &r->e) < 0 ||
	                 json_get_str(b, "body", false, 0, &body, &r->e) < 0
	             ? -1
	             : message_send(r->app, r->a, &r->who, thread_id, body, NULL, 0, out, &r->e);
	json_decref(b);
	return rc;
}

int api_thread_message_create(req *r)
{
	int64_t id;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	int rc = message_post(r, id, &out);
	return api_written(r, rc, out, 201, reply_json);
}

int api_thread_read(req *r)
{
	int64_t id;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = api_body_or_empty(r);
	if (!b)
		return -1;
	int rc = thread_mark_read(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}

int api_thread_attachment(req *r)
{
	int64_t id, aid;
	message_attachment f;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "aid", &aid) < 0 ||
	    message_attachment_get(r->app, r->a, &r->who, id, aid, &f, &r->e) < 0)
		return -1;
	buf_reset(&r->out);
	buf_append(&r->out, f.data, f.len);
	r->status = 200;
	r->content_type = f.content_type;
	req_add_header(r, "Content-Disposition", api_content_disposition(r->a, f.filename));
	req_add_header(r, "ETag", arena_printf(r->a, "\"%s\"", f.sha256));
	return 0;
}

/* ---- situations ---- */

int api_situations_list(req *r)
{
	return api_filtered(r, situation_list, "status", reply_json);
}

int api_situations_create(req *r)
{
	return api_create(r, situation_report, "/api/v1/situations", reply_json);
}

int api_situations_get(req *r)
{
	return api_read(r, situation_get, reply_json);
}

int api_situation_acknowledge(req *r)
{
	int64_t id;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = api_body_or_empty(r);
	if (!b)
		return -1;
	int rc = situation_acknowledge(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}
