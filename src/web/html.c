#include "web/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_escape(buf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s; /* the bytes since the last one escaped, appended in one go */
	for (; *s; s++) {
		const char *x;
		switch (*s) {
		case '&':
			x = "&amp;";
			break;
		case '<':
			x = "&lt;";
			break;
		case '>':
			x = "&gt;";
			break;
		case '"':
			x = "&quot;";
			break;
		case '\'':
			x = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, x);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

void url_encode(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_putc(b, (char)*p);
		} else {
			char t[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(b, t, 3);
		}
	}
}

static void json_str(buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&' || *p == '\'') {
			buf_printf(b, "\\u%04x", *p);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

void html_raw(buf *b, const char *trusted_markup) { buf_puts(b, trusted_markup); }

void html_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			const char *q = strchr(p, '%');
			size_t n = q ? (size_t)(q - p) : strlen(p);
			buf_append(b, p, n);
			p += n - 1;
			continue;
		}
		p++;
		switch (*p) {
		case 'h':
		case 'a':
			html_escape(b, va_arg(ap, const char *));
			break;
		case 'u':
			url_encode(b, va_arg(ap, const char *));
			break;
		case 'j':
			json_str(b, va_arg(ap, const char *));
			break;
		case 'd':
			buf_printf(b, "%d", va_arg(ap, int));
			break;
		case 'l':
			if (p[1] == 'l' && p[2] == 'd') {
				buf_printf(b, "%lld", va_arg(ap, long long));
				p += 2;
			} else {
				abort(); /* programming error: unknown conversion */
			}
			break;
		case 'z':
			if (p[1] == 'u') {
				buf_printf(b, "%zu", va_arg(ap, size_t));
				p++;
			} else {
				abort();
			}
			break;
		case '%':
			buf_putc(b, '%');
			break;
		default:
			abort(); /* programming error: unknown conversion (no %s here) */
		}
	}
	va_end(ap);
}

const char *local_path_or(const char *next, const char *fallback)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return fallback;
	for (const unsigned char *p = (const unsigned char *)next; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f)
			return fallback;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) /* U+0080..U+009F, C1 controls */
			return fallback;
	}
	return next;
}
