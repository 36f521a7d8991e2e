#include "lib/jw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *room(buf *b, size_t n)
{
	buf_reserve(b, n);
	return b->data + b->len;
}

/* The comma before a value or a key, where one is due. */
static void before(jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (!w->first[w->depth - 1])
			buf_putc(w->b, ',');
		w->first[w->depth - 1] = false;
	}
}

static void open(jw *w, char c)
{
	if (w->depth >= JW_DEPTH)
		abort(); /* programming error: nothing baotu writes is this deep */
	before(w);
	buf_putc(w->b, c);
	w->first[w->depth] = true;
	w->close[w->depth] = c == '{' ? '}' : ']';
	w->depth++;
}

void jw_obj(jw *w) { open(w, '{'); }

void jw_arr(jw *w) { open(w, '['); }

void jw_end(jw *w)
{
	w->depth--;
	buf_putc(w->b, w->close[w->depth]);
}

char jw_short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '\b':
		return 'b';
	case '\f':
		return 'f';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	default:
		return 0;
	}
}

void jw_escape(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (p > run)
			buf_append(b, run, (size_t)(p - run));
		if (!c)
			return;
		run = p + 1;
		char *o = room(b, 6);
		size_t n = 2;
		o[0] = '\\';
		if ((o[1] = jw_short_escape(c)) == 0) {
			memcpy(o + 1, "u00", 3);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			n = 6;
		}
		b->len += n;
		b->data[b->len] = 0;
	}
}

void jw_key(jw *w, const char *key)
{
	before(w);
	buf_putc(w->b, '"');
	jw_escape(w->b, key);
	buf_append(w->b, "\":", 2);
	w->after_key = true;
}

void jw_str(jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	before(w);
	buf_putc(w->b, '"');
	jw_escape(w->b, s);
	buf_putc(w->b, '"');
}

void jw_int(jw *w, int64_t v)
{
	before(w);
	char t[24];
	int n = snprintf(t, sizeof t, "%lld", (long long)v);
	buf_append(w->b, t, (size_t)n);
}

void jw_bool(jw *w, bool v)
{
	before(w);
	if (v)
		buf_append(w->b, "true", 4);
	else
		buf_append(w->b, "false", 5);
}

void jw_null(jw *w)
{
	before(w);
	buf_append(w->b, "null", 4);
}

void jw_raw(jw *w, const char *json)
{
	before(w);
	buf_puts(w->b, json);
}

void jw_kstr(jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kint(jw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kbool(jw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void jw_members(jw *w, const char *object_json)
{
	size_t n = object_json ? strlen(object_json) : 0;
	if (n <= 2 || object_json[0] != '{' || object_json[n - 1] != '}')
		return;
	before(w);
	buf_append(w->b, object_json + 1, n - 2);
}
