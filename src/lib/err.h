/* err: an error as a value. A stable machine code, the HTTP status it maps to, the field it
 * concerns, and an English message id (translated through the catalog when rendered).
 * The message may contain "{field}", replaced by the field name when rendered. */
#ifndef BAOTU_LIB_ERR_H
#define BAOTU_LIB_ERR_H

typedef struct err {
	int status;        /* HTTP status: 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503 */
	const char *code;  /* stable: "bad_request", "not_eligible", "invalid_state", ... */
	const char *field; /* may be NULL */
	const char *msg;   /* English message id, may contain {field} */
	int retry_after_s; /* for 429/503: seconds, 0 = none */
	/* Optional JSON object (json_t *) whose keys join the error object, e.g. {"reasons":[...]}
	 * for not_eligible. Owned by the err: err_set_details replaces, err_free_details frees. */
	void *details;
	char field_buf[96];
} err;

/* Sets *e and returns -1, so that `return err_set(...)` reads naturally. */
int err_set(err *e, int status, const char *code, const char *field, const char *msg);
/* As err_set, with a field name built at run time (e.g. "applicants[2].institution_id"). */
int err_setf(err *e, int status, const char *code, const char *msg, const char *field_fmt, ...)
	__attribute__((format(printf, 5, 6)));
void err_clear(err *e);
/* Takes ownership of a json_t object (may be NULL). */
void err_set_details(err *e, void *json_object);
void err_free_details(err *e);

#endif
