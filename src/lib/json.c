#include "lib/json.h"

#include <string.h>

#include "lib/utf8.h"

json_t *json_parse_object(const char *data, size_t len, err *e)
{
	json_error_t je;
	if (len == 0) {
		err_set(e, 400, "malformed_json", NULL, "The request body must be a JSON object.");
		return NULL;
	}
	json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		err_set(e, 400, "malformed_json", NULL, "The request body is not valid JSON.");
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		err_set(e, 400, "malformed_json", NULL, "The request body must be a JSON object.");
		return NULL;
	}
	return v;
}

char *json_canonical(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

static int dump_to_buf(const char *data, size_t len, void *b)
{
	buf_append(b, data, len);
	return 0;
}

void json_dump_buf(const json_t *v, buf *b, size_t flags)
{
	json_dump_callback(v, dump_to_buf, b, flags);
}

int json_only_fields(const json_t *obj, const char *const *allowed, err *e)
{
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)obj, key, val)
	{
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (!strcmp(*a, key)) {
				ok = true;
				break;
			}
		if (!ok)
			return err_setf(e, 400, "unknown_field", "Unknown field {field}.", "%.80s",
					key);
	}
	return 0;
}

int json_check_text(const char *s, size_t max_chars, const char *field, err *e)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return err_setf(e, 400, "invalid_text",
					"Field {field} contains control characters.", "%s", field);
	if (max_chars && utf8_count(s) > max_chars)
		return err_setf(e, 400, "too_long", "Field {field} is too long.", "%s", field);
	return 0;
}

static int absent(bool required, const char *key, bool *present, err *e)
{
	if (present)
		*present = false;
	if (required)
		return err_setf(e, 400, "missing_field", "Field {field} is required.", "%s", key);
	return 0;
}

int json_get_str(const json_t *obj, const char *key, bool required, size_t max_chars,
		 const char **out, err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return absent(required, key, NULL, e);
	if (!json_is_string(v))
		return err_setf(e, 400, "invalid_type", "Field {field} must be a string.", "%s", key);
	const char *s = json_string_value(v);
	if (json_check_text(s, max_chars, key, e) < 0)
		return -1;
	*out = s;
	return 0;
}

int json_get_bool(const json_t *obj, const char *key, bool required, bool *out, bool *present,
		  err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return absent(required, key, present, e);
	if (!json_is_boolean(v))
		return err_setf(e, 400, "invalid_type", "Field {field} must be true or false.", "%s",
				key);
	*out = json_is_true(v);
	if (present)
		*present = true;
	return 0;
}

int json_get_int(const json_t *obj, const char *key, bool required, int64_t *out, bool *present,
		 err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return absent(required, key, present, e);
	if (!json_is_integer(v))
		return err_setf(e, 400, "invalid_type", "Field {field} must be an integer.", "%s",
				key);
	*out = json_integer_value(v);
	if (present)
		*present = true;
	return 0;
}
