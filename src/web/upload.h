/* The multipart forms of the upload routes (a message with files, a report submission, an
 * inspection's answer or evidence), read one way: text fields each at most once, files in
 * parts named "file", the page's csrf and form parts passed over, anything else refused. */
#ifndef BAOTU_WEB_UPLOAD_H
#define BAOTU_WEB_UPLOAD_H
#include "web/http.h"

typedef struct upload_spec {
	const char *const *fields; /* the text fields taken; NULL: any name but "file" */
	size_t field_max;          /* the bytes one text field may hold */
	int files_max;             /* parts named "file" (at most UPLOAD_FILES_MAX) */
	const char *too_many;      /* the 400 invalid_value message beyond files_max (N_) */
} upload_spec;

#define UPLOAD_FILES_MAX 8

typedef struct upload_form {
	json_t *fields; /* name -> text, CR LF as LF; the caller decrefs */
	upload_file files[UPLOAD_FILES_MAX];
	int nfiles;
} upload_form;

/* Reads r's multipart body. 0, or -1 with r->e: 415/400 from the parser; 400 unknown_field,
 * duplicate_field, invalid_type (a file for a text field, text for "file"), invalid_text (not
 * UTF-8, or over field_max), invalid_value (over files_max). An empty file input (no name, no
 * bytes) is no file. Nothing is allocated on failure. */
int upload_form_read(req *r, const upload_spec *spec, upload_form *out);
/* A text field of the form, or NULL when absent. */
const char *upload_text(const upload_form *f, const char *name);
/* True when the request's Content-Type is multipart/form-data. */
bool upload_is_multipart(req *r);
#endif
