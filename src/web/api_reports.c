/* Reporting obligations (§4.3.2): handlers of the route table. The use cases are in
 * src/app/reports.c. */
#include "web/api_reports.h"

#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "web/api.h"
#include "web/api_materials.h"
#include "web/upload.h"

/* ---- submissions ---- */

/* The page's form as the API's JSON takes it: either one part "report" holding the JSON
 * object, or one part per field, the counts as numbers (what is not a number is passed on as
 * text, for the use case to name the field). */
static json_t *form_fields(req *r, const upload_form *f)
{
	static const char *const counts[] = {"customers_served",  "transaction_volume_fen",
	                                     "transaction_count", "complaints_received",
	                                     "incidents",         NULL};
	const char *whole = upload_text(f, "report");
	if (whole) {
		if (json_object_size(f->fields) > 1) {
			err_set(&r->e, 400, "invalid_multipart", "report",
			        "Send the fields either as the part {field} or one part each, not "
			        "both.");
			return NULL;
		}
		return json_parse_object(whole, strlen(whole), &r->e);
	}
	json_t *fields = json_deep_copy(f->fields);
	for (int i = 0; counts[i]; i++) {
		const char *text = upload_text(f, counts[i]);
		char *end;
		long long v = text ? strtoll(text, &end, 10) : 0;
		if (text && *text && !*end && strspn(text, "0123456789-") == strlen(text))
			json_object_set_new(fields, counts[i], json_integer(v));
	}
	return fields;
}

int reports_submit_form(req *r, int64_t id, json_t **out)
{
	static const upload_spec spec = {NULL, (size_t)1 << 20, REPORT_MAX_FILES,
	                                 N_("A submission may attach at most 4 files.")};
	upload_form f = {0};
	json_t *fields;
	*out = NULL;
	if (upload_is_multipart(r)) {
		if (upload_form_read(r, &spec, &f) < 0)
			return -1;
		fields = form_fields(r, &f);
	} else {
		fields = req_json_body(r);
	}
	int rc =
	    fields ? report_submit(r->app, r->a, &r->who, id, fields, f.files, f.nfiles, out, &r->e)
	           : -1;
	json_decref(fields);
	json_decref(f.fields);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int api_reports_submit(req *r)
{
	int64_t id;
	json_t *out;
	if (req_param_id(r, "id", &id) < 0 || reports_submit_form(r, id, &out) < 0)
		return -1;
	req_add_header(r, "Location", arena_printf(r->a, "/api/v1/reports/%lld", (long long)id));
	return reply_json(r, 201, out);
}

static int accept(app *ap, arena *a, const actor *who, int64_t id, const json_t *body, json_t **out,
                  err *e)
{
	return report_decide(ap, a, who, id, true, body, out, e);
}

static int request_changes(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                           json_t **out, err *e)
{
	return report_decide(ap, a, who, id, false, body, out, e);
}

int api_reports_accept(req *r)
{
	return api_change_opt(r, accept, 200, reply_json);
}

int api_reports_request_changes(req *r)
{
	return api_change_opt(r, request_changes, 200, reply_json);
}

int api_reports_attachment(req *r)
{
	int64_t id, aid;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "aid", &aid) < 0)
		return -1;
	report_attachment_file f;
	if (report_attachment(r->app, r->a, &r->who, id, aid, &f, &r->e) < 0)
		return -1;
	return api_send_file(r, f.data, f.len, f.content_type, f.filename, NULL);
}
