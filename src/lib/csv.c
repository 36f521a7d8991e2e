#include "lib/csv.h"

#include <string.h>

int csv_split(arena *a, const char *line, size_t len, const char **fields, int max)
{
	if (len && line[len - 1] == '\r')
		len--;
	const char *p = line, *end = line + len;
	int n = 0;
	for (;;) {
		if (n == max)
			return -1;
		if (p < end && *p == '"') {
			/* quoted: copy, turning "" into " */
			char *out = arena_alloc(a, (size_t)(end - p) + 1);
			size_t k = 0;
			p++;
			for (;;) {
				if (p == end)
					return -1; /* unterminated */
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						out[k++] = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				out[k++] = *p++;
			}
			out[k] = '\0';
			fields[n++] = out;
			if (p == end)
				return n;
			if (*p != ',')
				return -1; /* text after the closing quote */
			p++;
			continue;
		}
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		if (memchr(p, '"', (size_t)(stop - p)))
			return -1; /* a quote inside a bare field */
		fields[n++] = arena_strndup(a, p, (size_t)(stop - p));
		if (!comma)
			return n;
		p = comma + 1;
	}
}

int csv_next_line(const char *text, size_t total, size_t *pos, const char **start, size_t *len)
{
	if (*pos >= total)
		return 0;
	const char *s = text + *pos;
	const char *nl = memchr(s, '\n', total - *pos);
	*start = s;
	*len = nl ? (size_t)(nl - s) : total - *pos;
	*pos += *len + (nl ? 1 : 0);
	return 1;
}
