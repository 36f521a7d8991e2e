/* Reporting obligations (§4.3.2): handlers of the route table. The use cases are in
 * src/app/reports.c. */
#include "web/api_reports.h"

#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/utf8.h"
#include "web/api.h"
#include "web/api_materials.h"
#include "web/multipart.h"

int api_reporting_get(req *r)
{
	return api_read(r, reporting_get, reply_json);
}

int api_reporting_put(req *r)
{
	return api_change(r, reporting_configure, 200, reply_json);
}

static int reports_page(req *r, int64_t project_id)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = report_list(r->app, r->a, &r->who, project_id, req_query(r, "status"), after,
	                        limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_project_reports_list(req *r)
{
	int64_t id;
	return req_param_id(r, "id", &id) < 0 ? -1 : reports_page(r, id);
}

int api_reports_list(req *r)
{
	return reports_page(r, 0);
}

int api_project_reports_create(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id), *out = NULL;
	if (!b)
		return -1;
	int rc = report_request(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc == 0)
		req_add_header(
		    r, "Location",
		    arena_printf(r->a, "/api/v1/reports/%lld",
		                 (long long)json_integer_value(json_object_get(out, "id"))));
	return api_written(r, rc, out, 201, reply_json);
}

int api_reports_get(req *r)
{
	return api_read(r, report_get, reply_json);
}

/* ---- submissions ---- */

#define FORM_MAX_PARTS (REPORT_MAX_FILES + 12)

/* A text part of the page's form as the API's JSON takes it: the counts as numbers (what is
 * not a number is passed on as text, for the use case to name the field), the rest as text. */
static int form_field(req *r, json_t *fields, const multipart_part *p)
{
	static const char *const counts[] = {"customers_served",  "transaction_volume_fen",
	                                     "transaction_count", "complaints_received",
	                                     "incidents",         NULL};
	if (!utf8_valid(p->data, p->len))
		return err_set(&r->e, 400, "invalid_text", p->name,
		               "Field {field} is not valid UTF-8 text.");
	char *text = arena_strndup(r->a, p->data, p->len);
	for (char *s = text, *d = text;; s++) /* CR LF from a browser's textarea: LF */
		if (*s != '\r' && !(*d++ = *s))
			break;
	for (int i = 0; counts[i]; i++)
		if (!strcmp(p->name, counts[i])) {
			char *end;
			long long v = strtoll(text, &end, 10);
			bool number = *text && !*end && strspn(text, "0123456789-") == strlen(text);
			json_object_set_new(fields, p->name,
			                    number ? json_integer(v) : json_string(text));
			return 0;
		}
	json_object_set_new(fields, p->name, json_string(text));
	return 0;
}

static int multipart_form(req *r, json_t **fields, report_file *files, int *nfiles)
{
	multipart_part parts[FORM_MAX_PARTS];
	int n;
	if (multipart_parse(req_header(r, "Content-Type"), r->body.data, r->body.len, r->a, parts,
	                    FORM_MAX_PARTS, &n, &r->e) < 0)
		return -1;
	*fields = NULL;
	json_t *loose = json_object();
	for (int i = 0; i < n; i++) {
		const multipart_part *p = &parts[i];
		int rc = 0;
		if (!strcmp(p->name, "csrf"))
			continue;
		if (!strcmp(p->name, "file")) {
			if (!p->filename)
				rc = err_set(&r->e, 400, "invalid_type", "file",
				             "Field {field} must be a file.");
			else if (!p->len)
				continue; /* the page's file input left empty */
			else if (*nfiles == REPORT_MAX_FILES)
				rc = err_set(&r->e, 400, "invalid_value", "file",
				             "A submission may attach at most 4 files.");
			else
				files[(*nfiles)++] = (report_file){p->filename, p->data, p->len};
		} else if (p->filename) {
			rc = err_setf(&r->e, 400, "invalid_type",
			              "Field {field} must be text, not a file.", "%s", p->name);
		} else if (!strcmp(p->name, "report")) {
			if (*fields)
				rc = err_set(&r->e, 400, "duplicate_field", "report",
				             "Field {field} appears more than once.");
			else if (!(*fields = json_parse_object(p->data, p->len, &r->e)))
				rc = -1;
		} else if (json_object_get(loose, p->name)) {
			rc = err_setf(&r->e, 400, "duplicate_field",
			              "Field {field} appears more than once.", "%s", p->name);
		} else {
			rc = form_field(r, loose, p);
		}
		if (rc < 0) {
			json_decref(*fields);
			json_decref(loose);
			*fields = NULL;
			return -1;
		}
	}
	if (*fields && json_object_size(loose)) {
		json_decref(*fields);
		json_decref(loose);
		*fields = NULL;
		return err_set(
		    &r->e, 400, "invalid_multipart", "report",
		    "Send the fields either as the part {field} or one part each, not both.");
	}
	if (!*fields)
		*fields = loose;
	else
		json_decref(loose);
	return 0;
}

int reports_submit_form(req *r, int64_t id, json_t **out)
{
	*out = NULL;
	const char *type = req_header(r, "Content-Type");
	report_file files[REPORT_MAX_FILES];
	int nfiles = 0;
	json_t *fields;
	if (type && !strncasecmp(type, "multipart/", 10)) {
		if (multipart_form(r, &fields, files, &nfiles) < 0)
			return -1;
	} else if (!(fields = req_json_body(r)))
		return -1;
	int rc = report_submit(r->app, r->a, &r->who, id, fields, files, nfiles, out, &r->e);
	json_decref(fields);
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

static int decide(req *r, bool accept)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = api_body_or_empty(r), *out = NULL;
	if (!b)
		return -1;
	int rc = report_decide(r->app, r->a, &r->who, id, accept, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}

int api_reports_accept(req *r)
{
	return decide(r, true);
}

int api_reports_request_changes(req *r)
{
	return decide(r, false);
}


int api_reports_attachment(req *r)
{
	int64_t id, aid;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "aid", &aid) < 0)
		return -1;
	report_attachment_file f;
	if (report_attachment(r->app, r->a, &r->who, id, aid, &f, &r->e) < 0)
		return -1;
	buf_reset(&r->out);
	buf_append(&r->out, f.data, f.len);
	r->status = 200;
	r->content_type = f.content_type;
	req_add_header(r, "Content-Disposition", api_content_disposition(r->a, f.filename));
	return 0;
}
