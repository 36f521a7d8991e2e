/* libFuzzer target: the HTML writer and the redirect-target test, with the properties every
 * page relies on. The input is one string (cut at its first NUL, as C strings are):
 * - html_escape leaves no <, >, " or ' and every & starts one of its five entities;
 * - url_encode leaves only unreserved characters and %XX;
 * - %j (a JSON string inside a script or attribute) leaves no raw <, >, &, ' or control byte;
 * - html_printf's %h, %a, %u, %j give exactly what the escapers give;
 * - local_path_or gives back the fallback or a path with one leading '/', not followed by '/' or
 *   '\', and no control character (C0, DEL, C1) or space anywhere. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "web/html.h"

static void check_escaped(const buf *b)
{
	static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
	for (size_t i = 0; i < b->len; i++) {
		char c = b->data[i];
		must(c != '<' && c != '>' && c != '"' && c != '\'');
		if (c == '&') {
			int ok = 0;
			for (size_t k = 0; k < 5; k++)
				ok |= !strncmp(b->data + i, ents[k], strlen(ents[k]));
			must(ok);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstring(data, size);
	if (!s)
		return 0;

	buf h, u, j, all;
	buf_init(&h);
	buf_init(&u);
	buf_init(&j);
	buf_init(&all);
	html_escape(&h, s);
	check_escaped(&h);
	url_encode(&u, s);
	for (size_t i = 0; i < u.len; i++) {
		unsigned char c = (unsigned char)u.data[i];
		if (c == '%') {
			must(i + 2 < u.len && strchr("0123456789ABCDEF", u.data[i + 1]) &&
			     strchr("0123456789ABCDEF", u.data[i + 2]));
			i += 2;
			continue;
		}
		must((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		     c == '-' || c == '_' || c == '.' || c == '~');
	}
	html_printf(&j, "%j", s);
	must(j.len >= 2 && j.data[0] == '"' && j.data[j.len - 1] == '"');
	for (size_t i = 0; i < j.len; i++) {
		unsigned char c = (unsigned char)j.data[i];
		must(c >= 0x20 && c != '<' && c != '>' && c != '&' && c != '\'');
	}
	html_printf(&all, "<p title=\"%a\">%h</p><a href=\"/x?q=%u\">%%</a>", s, s, s);
	buf want;
	buf_init(&want);
	buf_puts(&want, "<p title=\"");
	buf_append(&want, h.data, h.len);
	buf_puts(&want, "\">");
	buf_append(&want, h.data, h.len);
	buf_puts(&want, "</p><a href=\"/x?q=");
	buf_append(&want, u.data, u.len);
	buf_puts(&want, "\">%</a>");
	must(all.len == want.len && !memcmp(all.data, want.data, want.len));

	static const char fallback[] = "/";
	const char *next = local_path_or(s, fallback);
	if (next != fallback) {
		must(next[0] == '/' && next[1] != '/' && next[1] != '\\');
		for (const unsigned char *p = (const unsigned char *)next; *p; p++) {
			must(*p > 0x20 && *p != 0x7f);
			must(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)); /* C1, as UTF-8 */
		}
	}

	buf_free(&h);
	buf_free(&u);
	buf_free(&j);
	buf_free(&all);
	buf_free(&want);
	free(s);
	return 0;
}
