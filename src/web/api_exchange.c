/* Information exchange (§4.3.1): handlers of the route table. The use cases are in
 * src/app/exchange.c. */
#include "web/api_exchange.h"

#include <string.h>

#include "app/exchange.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/api_materials.h"
#include "web/upload.h"

/* ---- threads and messages ---- */

static json_t *inbox(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	return thread_list(ap, a, who, 0, after, limit, e);
}

int api_threads_list(req *r)
{
	return api_page(r, inbox, reply_json);
}

/* The multipart form of a message: body, files, csrf. */
static int message_form(req *r, int64_t thread_id, json_t **out)
{
	static const char *const fields[] = {"body", NULL};
	static const upload_spec spec = {fields, (size_t)1 << 20, MESSAGE_FILES_MAX,
	                                 N_("A message carries at most 5 files.")};
	upload_form f;
	if (upload_form_read(r, &spec, &f) < 0)
		return -1;
	int rc = message_send(r->app, r->a, &r->who, thread_id, upload_text(&f, "body"), f.files,
	                      f.nfiles, out, &r->e);
	json_decref(f.fields);
	return rc;
}

int message_post(req *r, int64_t thread_id, json_t **out)
{
	*out = NULL;
	if (upload_is_multipart(r))
		return message_form(r, thread_id, out);
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

int api_thread_attachment(req *r)
{
	int64_t id, aid;
	message_attachment f;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "aid", &aid) < 0 ||
	    message_attachment_get(r->app, r->a, &r->who, id, aid, &f, &r->e) < 0)
		return -1;
	return api_send_file(r, f.data, f.len, f.content_type, f.filename, f.sha256);
}
