#include "lib/json.h"

#include <string.h>

#include "lib/jw.h"
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

/* ---- json_canonical_check: a recursive descent over the text ---- */

typedef struct canon_scan {
	const char *p, *end;
	int depth;
	bool unsure; /* met what only a parse can judge */
} canon_scan;

static bool canon_value(canon_scan *s);

/* A string at s->p; its raw content (between the quotes) in *raw, *raw_len; *escaped when it
 * held an escape. */
static bool canon_string(canon_scan *s, const char **raw, size_t *raw_len, bool *escaped)
{
	if (s->p >= s->end || *s->p != '"')
		return false;
	const char *start = ++s->p;
	bool esc = false;
	while (s->p < s->end && *s->p != '"') {
		unsigned char c = (unsigned char)*s->p;
		if (c < 0x20)
			return false;
		if (c != '\\') {
			s->p++;
			continue;
		}
		esc = true;
		if (s->end - s->p < 2)
			return false;
		char k = s->p[1];
		if (k && strchr("\"\\bfnrt", k)) { /* the letters jw_short_escape gives */
			s->p += 2;
			continue;
		}
		/* jansson writes any other control character as backslash-u00XX (upper-case hex), and
		 * nothing else that way */
		static const char hex[] = "0123456789ABCDEF";
		if (k != 'u' || s->end - s->p < 6 || memcmp(s->p + 2, "00", 2) ||
		    !strchr(hex, s->p[4]) || !strchr(hex, s->p[5]) || !s->p[4] || !s->p[5])
			return false;
		int v = (int)(strchr(hex, s->p[4]) - hex) * 16 + (int)(strchr(hex, s->p[5]) - hex);
		if (v >= 0x20 || v == 0 || jw_short_escape((unsigned char)v))
			return false; /* not a control character, NUL, or one with a short escape */
		s->p += 6;
	}
	if (s->p >= s->end)
		return false;
	if (!utf8_valid(start, (size_t)(s->p - start)))
		return false;
	*raw = start;
	*raw_len = (size_t)(s->p - start);
	*escaped = esc;
	s->p++; /* the closing quote */
	return true;
}

static bool canon_number(canon_scan *s)
{
	const char *start = s->p;
	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (s->p >= s->end || *s->p < '0' || *s->p > '9')
		return false;
	if (*s->p == '0') {
		s->p++;
	} else {
		while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
			s->p++;
	}
	if (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E')) {
		s->unsure = true; /* a real: its %.17g form is jansson's to say */
		while (s->p < s->end && strchr("0123456789.eE+-", *s->p))
			s->p++;
		return true;
	}
	if (!strncmp(start, "-0", 2) && s->p - start == 2)
		return false; /* jansson writes the integer 0 as 0 */
	/* within int64: at most 19 digits, and compared as text when 19 */
	size_t digits = (size_t)(s->p - start) - (*start == '-');
	if (digits > 19)
		return false;
	if (digits == 19) {
		const char *d = start + (*start == '-');
		if (memcmp(d, *start == '-' ? "9223372036854775808" : "9223372036854775807", 19) > 0)
			return false;
	}
	return true;
}

static bool canon_literal(canon_scan *s, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
		return false;
	s->p += n;
	return true;
}

static bool canon_value(canon_scan *s)
{
	if (s->p >= s->end || ++s->depth > 64) {
		s->unsure = s->depth > 64;
		return false;
	}
	bool ok = false;
	char c = *s->p;
	if (c == '{') {
		s->p++;
		const char *prev = NULL;
		size_t prev_len = 0;
		ok = true;
		for (bool first = true; ok; first = false) {
			if (s->p < s->end && *s->p == '}') {
				s->p++;
				break;
			}
			if (!first && !(s->p < s->end && *s->p++ == ','))
				return false;
			const char *k;
			size_t klen;
			bool esc;
			if (!canon_string(s, &k, &klen, &esc))
				return false;
			if (esc)
				s->unsure = true; /* its order is that of the unescaped bytes */
			else if (prev) {
				int cmp = memcmp(prev, k, prev_len < klen ? prev_len : klen);
				if (cmp > 0 || (cmp == 0 && prev_len >= klen))
					return false; /* out of order, or repeated */
			}
			prev = k;
			prev_len = klen;
			if (!(s->p < s->end && *s->p++ == ':'))
				return false;
			ok = canon_value(s);
		}
	} else if (c == '[') {
		s->p++;
		ok = true;
		for (bool first = true; ok; first = false) {
			if (s->p < s->end && *s->p == ']') {
				s->p++;
				break;
			}
			if (!first && !(s->p < s->end && *s->p++ == ','))
				return false;
			ok = canon_value(s);
		}
	} else if (c == '"') {
		const char *r;
		size_t n;
		bool esc;
		ok = canon_string(s, &r, &n, &esc);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		ok = canon_number(s);
	} else if (c == 't') {
		ok = canon_literal(s, "true");
	} else if (c == 'f') {
		ok = canon_literal(s, "false");
	} else if (c == 'n') {
		ok = canon_literal(s, "null");
	}
	s->depth--;
	return ok;
}

int json_canonical_check(const char *text, size_t len)
{
	canon_scan s = {text, text + len, 0, false};
	bool ok = canon_value(&s) && s.p == s.end;
	if (s.unsure)
		return -1;
	return ok ? 1 : 0;
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
