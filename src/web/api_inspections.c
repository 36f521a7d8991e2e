/* Inspections (§4.3 item 3): handlers of the route table. {id} is an inspection: whether the
 * caller may see it is asked before its body is read (as ROUTE_PROJECT does for a project),
 * so that someone who may not see it learns nothing from how the body is judged. */
#include "web/api_inspections.h"

#include <string.h>

#include "lib/json.h"
#include "web/api.h"
#include "web/api_materials.h"
#include "web/upload.h"

/* {id} (an inspection the caller may see) and the id named sub_param (NULL: none). */
static int visible_ids(req *r, const char *sub_param, int64_t *id, int64_t *sub)
{
	*sub = 0;
	if (req_param_id(r, "id", id) < 0 || (sub_param && req_param_id(r, sub_param, sub) < 0))
		return -1;
	return inspection_check_visible(r->app, r->a, &r->who, *id, &r->e);
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

int inspection_reply_form(req *r, int64_t id, int64_t sub, bool evidence, json_t **out)
{
	static const char *const fields[] = {"text", "attested", NULL};
	static const upload_spec spec = {
	    fields, (size_t)INSPECTION_TEXT_MAX * 4, INSPECTION_FILES_MAX,
	    N_("At most 5 files go with one answer or one round of evidence.")};
	upload_form f;
	*out = NULL;
	if (upload_form_read(r, &spec, &f) < 0)
		return -1;
	inspection_reply_in in = {upload_text(&f, "text"), upload_text(&f, "attested"), {{0}}, 0};
	for (int i = 0; i < f.nfiles; i++)
		in.files[in.nfiles++] = f.files[i];
	int rc =
	    evidence
	        ? inspection_submit_rectification(r->app, r->a, &r->who, id, sub, &in, out, &r->e)
	        : inspection_answer_documents(r->app, r->a, &r->who, id, sub, &in, out, &r->e);
	json_decref(f.fields);
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
	return api_send_file(r, f.data, f.len, f.content_type, f.filename, f.sha256);
}
