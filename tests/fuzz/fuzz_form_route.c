/* libFuzzer target: the request's own decoding in our code (libmicrohttpd parses the head):
 * urlencoded form bodies (urlencoded_value) and the route table's path matching (routes_match).
 * The input's first byte picks a method and a mode, the rest is the text.
 * Properties:
 *  - forms: any text decodes without harm; and pairs encoded from the input's bytes (every
 *    byte percent-encoded or, for a space, '+') decode back to the first value of each name;
 *  - routes: a matched route's pattern, with each {name} replaced by its value, gives back the
 *    path exactly; every value is a non-empty segment without '/'; the method is the route's
 *    (or HEAD for a GET route). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "web/http.h"
#include "web/routes.h"

static const char *const METHODS[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"};

static void check_route(arena *a, const char *method, const char *path)
{
	req r;
	memset(&r, 0, sizeof r);
	r.a = a;
	int path_matched;
	const route *rt = routes_match(&r, method, path, &path_matched);
	if (!rt)
		return;
	must(!strcmp(rt->method, method) ||
	     (!strcmp(method, "HEAD") && !strcmp(rt->method, "GET")));
	buf back = BUF_INIT;
	int n = 0;
	for (const char *p = rt->pattern; *p;) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			must(close && n < r.nparams);
			const char *v = r.param_values[n];
			must(*v && !strchr(v, '/'));
			must(strlen(r.param_names[n]) == (size_t)(close - p - 1) &&
			     !memcmp(r.param_names[n], p + 1, (size_t)(close - p - 1)));
			buf_puts(&back, v);
			n++;
			p = close + 1;
		} else {
			buf_putc(&back, *p++);
		}
	}
	must(n == r.nparams);
	must(back.len == strlen(path) && !memcmp(back.data, path, back.len));
	buf_free(&back);
}

/* Pairs from the input (NUL-separated name, value, name, value...), encoded and decoded. */
static void check_form_round_trip(arena *a, const uint8_t *data, size_t size)
{
	const char *names[8], *values[8];
	int pairs = 0;
	size_t i = 0;
	while (pairs < 8 && i < size) {
		const char *name = (const char *)data + i;
		size_t nl = strnlen(name, size - i);
		i += nl + 1;
		if (i > size)
			break;
		const char *value = (const char *)data + i;
		size_t vl = strnlen(value, size - i);
		if (i + vl >= size)
			break; /* the value must end with its NUL inside the input */
		i += vl + 1;
		names[pairs] = name;
		values[pairs++] = value;
	}
	buf body = BUF_INIT;
	for (int k = 0; k < pairs; k++) {
		for (int part = 0; part < 2; part++) {
			const char *s = part ? values[k] : names[k];
			for (; *s; s++) {
				if (*s == ' ')
					buf_putc(&body, '+');
				else
					buf_printf(&body, "%%%02X", (unsigned char)*s);
			}
			buf_putc(&body, part ? '&' : '=');
		}
	}
	for (int k = 0; k < pairs; k++) {
		int first = k;
		for (int j = 0; j < k; j++)
			if (!strcmp(names[j], names[k])) {
				first = j;
				break;
			}
		const char *got =
		    urlencoded_value(a, body.data ? body.data : "", body.len, names[k]);
		must(got && !strcmp(got, values[first]));
	}
	buf_free(&body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	arena *a = arena_new();
	uint8_t mode = data[0];
	data++;
	size--;
	char *text = fuzz_cstring(data, size);
	if (text) {
		switch (mode % 3) {
		case 0:
			check_route(a, METHODS[(mode / 3) % 6], text);
			break;
		case 1:
			(void)urlencoded_value(a, (const char *)data, size,
			                       text[0] ? text : "csrf");
			(void)urlencoded_value(a, (const char *)data, size, "csrf");
			break;
		default:
			check_form_round_trip(a, data, size);
		}
		free(text);
	}
	arena_free(a);
	return 0;
}
