#include "lib/err.h"

#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>

int err_set(err *e, int status, const char *code, const char *field, const char *msg)
{
	if (e) {
		e->status = status;
		e->code = code;
		e->field = field;
		e->msg = msg;
		e->retry_after_s = 0;
	}
	return -1;
}

int err_setf(err *e, int status, const char *code, const char *msg, const char *field_fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, field_fmt);
	vsnprintf(e->field_buf, sizeof e->field_buf, field_fmt, ap);
	va_end(ap);
	return err_set(e, status, code, e->field_buf, msg);
}

void err_set_details(err *e, void *json_object)
{
	if (!e) {
		json_decref(json_object);
		return;
	}
	json_decref(e->details);
	e->details = json_object;
}

void err_free_details(err *e)
{
	if (e) {
		json_decref(e->details);
		e->details = NULL;
	}
}

void err_clear(err *e)
{
	e->details = NULL;
	e->status = 0;
	e->code = NULL;
	e->field = NULL;
	e->msg = NULL;
	e->retry_after_s = 0;
	e->field_buf[0] = '\0';
}
