/* Materials: multipart upload, the list of versions, and downloads served as attachments of
 * the type their bytes were sniffed as (never as the uploader declared). */
#include "web/api_materials.h"

#include <string.h>

#include "lib/utf8.h"
#include "web/api.h"
#include "web/multipart.h"

#define UPLOAD_MAX_PARTS 8
#define KIND_MAX_BYTES 40

int materials_upload_form(req *r, int64_t project_id, json_t **out)
{
	multipart_part parts[UPLOAD_MAX_PARTS];
	int n;
	if (multipart_parse(req_header(r, "Content-Type"), r->body.data, r->body.len, r->a, parts,
	                    UPLOAD_MAX_PARTS, &n, &r->e) < 0)
		return -1;
	const multipart_part *kind = NULL, *file = NULL, *csrf = NULL;
	for (int i = 0; i < n; i++) {
		const multipart_part *p = &parts[i];
		const multipart_part **slot = !strcmp(p->name, "kind")   ? &kind
		                              : !strcmp(p->name, "file") ? &file
		                              : !strcmp(p->name, "csrf") ? &csrf
		                                                         : NULL;
		if (!slot)
			return err_setf(&r->e, 400, "unknown_field", "Unknown field {field}.", "%s",
			                p->name);
		if (*slot)
			return err_setf(&r->e, 400, "duplicate_field",
			                "Field {field} appears more than once.", "%s", p->name);
		*slot = p;
	}
	if (kind && kind->filename)
		return err_set(&r->e, 400, "invalid_type", "kind",
		               "Field {field} must be text, not a file.");
	if (file && !file->filename)
		return err_set(&r->e, 400, "invalid_type", "file", "Field {field} must be a file.");
	const char *kind_id = NULL;
	if (kind) {
		if (kind->len > KIND_MAX_BYTES || !utf8_valid(kind->data, kind->len))
			return err_set(&r->e, 400, "invalid_value", "kind",
			               "Field {field} is not a known kind of material.");
		kind_id = arena_strndup(r->a, kind->data, kind->len);
	}
	material_upload_in in = {kind_id, file ? file->filename : NULL, file ? file->data : NULL,
	                         file ? file->len : 0};
	return material_upload(r->app, r->a, &r->who, project_id, &in, out, &r->e);
}

/* The upload to {id} from r's multipart body: 0 with *out, or -1 with r->e. */
static int upload(req *r, int64_t *id, json_t **out)
{
	*out = NULL;
	if (req_param_id(r, "id", id) < 0)
		return -1;
	if (materials_upload_form(r, *id, out) == 0)
		return 0;
	json_decref(*out); /* set when only the commit failed */
	*out = NULL;
	return -1;
}

int api_materials_upload(req *r)
{
	int64_t id;
	json_t *out;
	if (upload(r, &id, &out) < 0)
		return -1;
	req_add_header(r, "Location",
	               arena_printf(r->a, "/api/v1/projects/%lld/materials/%lld", (long long)id,
	                            (long long)json_integer_value(json_object_get(out, "id"))));
	return reply_json(r, 201, out);
}

int api_materials_get(req *r)
{
	int64_t id, mid;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "mid", &mid) < 0)
		return -1;
	material_file f;
	/* a HEAD reads no bytes: no download to record */
	bool log = strcmp(r->method, "HEAD") != 0;
	if (material_download(r->app, r->a, &r->who, id, mid, log, &f, &r->e) < 0)
		return -1;
	/* (X-Content-Type-Options: nosniff is on every response: see server.c) */
	return api_send_file(r, f.data, f.len, f.content_type, f.filename, f.sha256);
}

/* ---- the project page's upload form ---- */

int ui_materials_upload(req *r)
{
	int64_t id;
	json_t *out;
	if (upload(r, &id, &out) < 0) {
		/* not visible, or the store failed: an error page; anything else is the form's
		 * to show, next to the form (the page maps the code to a message) */
		if (r->e.status == 404 || r->e.status == 403 || r->e.status >= 500)
			return -1;
		const char *loc = arena_printf(r->a, "/projects/%lld?material_error=%s#materials",
		                               (long long)id, r->e.code);
		err_free_details(&r->e);
		err_clear(&r->e);
		return reply_redirect(r, loc);
	}
	const char *loc =
	    arena_printf(r->a, "/projects/%lld?material_uploaded=%lld#materials", (long long)id,
	                 (long long)json_integer_value(json_object_get(out, "version")));
	json_decref(out);
	return reply_redirect(r, loc);
}
