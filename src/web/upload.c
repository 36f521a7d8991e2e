/* The multipart forms of the upload routes (see upload.h). */
#include "web/upload.h"

#include <string.h>
#include <strings.h>

#include "lib/utf8.h"
#include "web/multipart.h"

#define PARTS_MAX (UPLOAD_FILES_MAX + 24)

static bool taken(const upload_spec *spec, const char *name)
{
	if (!spec->fields)
		return true;
	for (int i = 0; spec->fields[i]; i++)
		if (!strcmp(spec->fields[i], name))
			return true;
	return false;
}

/* One part into the form; -1 with r->e when it is refused. */
static int part_take(req *r, const upload_spec *spec, const multipart_part *p, upload_form *out)
{
	if (!strcmp(p->name, "csrf") || !strcmp(p->name, "form"))
		return 0; /* the page's CSRF token and which of its forms was sent */
	if (!strcmp(p->name, "file")) {
		if (!p->filename || !spec->files_max)
			return err_set(&r->e, 400, "invalid_type", "file",
			               "Field {field} must be a file.");
		if (!p->len && !*p->filename)
			return 0; /* a form's file input left empty */
		if (out->nfiles == spec->files_max)
			return err_set(&r->e, 400, "invalid_value", "file", spec->too_many);
		out->files[out->nfiles++] = (upload_file){p->filename, p->data, p->len};
		return 0;
	}
	if (!taken(spec, p->name))
		return err_setf(&r->e, 400, "unknown_field", "Unknown field {field}.", "%s",
		                p->name);
	if (json_object_get(out->fields, p->name))
		return err_setf(&r->e, 400, "duplicate_field",
		                "Field {field} appears more than once.", "%s", p->name);
	if (p->filename)
		return err_setf(&r->e, 400, "invalid_type",
		                "Field {field} must be text, not a file.", "%s", p->name);
	if (p->len > spec->field_max || !utf8_valid(p->data, p->len))
		return err_setf(&r->e, 400, "invalid_text",
		                "Field {field} is not valid UTF-8 text.", "%s", p->name);
	char *text = arena_strndup(r->a, p->data, p->len);
	for (char *s = text, *d = text;; s++) /* CR LF from a browser's textarea: LF */
		if (*s != '\r' && !(*d++ = *s))
			break;
	json_object_set_new(out->fields, p->name, json_string(text));
	return 0;
}

int upload_form_read(req *r, const upload_spec *spec, upload_form *out)
{
	multipart_part parts[PARTS_MAX];
	int n;
	out->fields = NULL;
	out->nfiles = 0;
	if (multipart_parse(req_header(r, "Content-Type"), r->body.data, r->body.len, r->a, parts,
	                    PARTS_MAX, &n, &r->e) < 0)
		return -1;
	out->fields = json_object();
	for (int i = 0; i < n; i++)
		if (part_take(r, spec, &parts[i], out) < 0) {
			json_decref(out->fields);
			out->fields = NULL;
			out->nfiles = 0;
			return -1;
		}
	return 0;
}

const char *upload_text(const upload_form *f, const char *name)
{
	return json_string_value(json_object_get(f->fields, name));
}

bool upload_is_multipart(req *r)
{
	const char *type = req_header(r, "Content-Type");
	return type && !strncasecmp(type, "multipart/form-data", 19);
}
