/* multipart/form-data over a buffered body: see multipart.h for the rules it enforces. */
#include "web/multipart.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/utf8.h"

#define BOUNDARY_MAX 70 /* RFC 2046 §5.1.1 */
#define CONTENT_TYPE_MAX 200

static bool is_tchar(char c)
{
	/* RFC 9110 token characters */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool is_bchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("'()+_,-./:=? ", c));
}

static const char *skip_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* One header parameter `; name=value` (value a token or a quoted string) from [*pp, end).
 * Quoted strings honour \" and \\ (curl's escapes); any other backslash is literal, as browsers
 * send file names unescaped. Returns 1 with a parameter, 0 at the end, -1 when malformed. */
static int next_param(arena *a, const char **pp, const char *end, const char **name,
                      size_t *name_len, char **value, size_t *value_len)
{
	const char *p = skip_ows(*pp, end);
	if (p == end)
		return 0;
	if (*p != ';')
		return -1;
	p = skip_ows(p + 1, end);
	const char *n = p;
	while (p < end && is_tchar(*p))
		p++;
	if (p == n || p == end || *p != '=')
		return -1;
	*name = n;
	*name_len = (size_t)(p - n);
	p++;
	buf v = BUF_INIT;
	if (p < end && *p == '"') {
		p++;
		for (;;) {
			if (p == end) {
				buf_free(&v);
				return -1;
			}
			if (*p == '"')
				break;
			if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
				p++;
			if ((unsigned char)*p < 0x20 && *p != '\t') {
				buf_free(&v);
				return -1;
			}
			buf_putc(&v, *p++);
		}
		p++;
	} else {
		const char *s = p;
		while (p < end && is_tchar(*p))
			p++;
		if (p == s)
			return -1;
		buf_append(&v, s, (size_t)(p - s));
	}
	*value_len = v.len;
	*value = arena_strndup(a, buf_cstr(&v), v.len);
	buf_free(&v);
	*pp = p;
	return 1;
}

/* Skips the value want (case-insensitive) at the start of [*pp, end), which must end there
 * or go on with its parameters (';' or white space); false when it is another value. */
static bool skip_value(const char **pp, const char *end, const char *want)
{
	const char *p = skip_ows(*pp, end);
	size_t n = strlen(want);
	if ((size_t)(end - p) < n || strncasecmp(p, want, n) ||
	    (p + n < end && p[n] != ';' && p[n] != ' ' && p[n] != '\t'))
		return false;
	*pp = p + n;
	return true;
}

/* The boundary of a multipart/form-data Content-Type, or -1 with the error. */
static int parse_content_type(const char *h, arena *a, const char **boundary, size_t *blen, err *e)
{
	const char *end = h ? h + strlen(h) : NULL, *p = h;
	if (!h || !skip_value(&p, end, "multipart/form-data"))
		return err_set(e, 415, "unsupported_media_type", NULL,
		               "Send the body as multipart/form-data.");
	*boundary = NULL;
	const char *pn;
	size_t pnl, vl;
	char *v;
	int rc;
	while ((rc = next_param(a, &p, end, &pn, &pnl, &v, &vl)) > 0) {
		if (pnl == 8 && !strncasecmp(pn, "boundary", 8)) {
			if (*boundary)
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart boundary is missing or invalid.");
			*boundary = v;
			*blen = vl;
		}
	}
	if (rc < 0 || !*boundary || *blen == 0 || *blen > BOUNDARY_MAX ||
	    (*boundary)[*blen - 1] == ' ')
		return err_set(e, 400, "invalid_multipart", NULL,
		               "The multipart boundary is missing or invalid.");
	for (size_t i = 0; i < *blen; i++)
		if (!is_bchar((*boundary)[i]))
			return err_set(e, 400, "invalid_multipart", NULL,
			               "The multipart boundary is missing or invalid.");
	return 0;
}

/* Decodes one UTF-8 sequence at s (n bytes left): the code point and its length, or length 0
 * for an invalid sequence. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (!n)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t k;
	uint32_t c;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		k = 1, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		k = 2, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		k = 3, c = s[0] & 0x07;
	else
		return 0;
	if (n <= k)
		return 0;
	for (size_t i = 1; i <= k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((k == 2 && c < 0x800) || (k == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return k + 1;
}

/* Characters that reorder or hide text (a "gpj.exe" shown as "exe.jpg"): dropped. */
static bool is_invisible_control(uint32_t c)
{
	return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

const char *multipart_safe_filename(arena *a, const char *raw, size_t len)
{
	const char *start = raw;
	for (size_t i = 0; i < len; i++)
		if (raw[i] == '/' || raw[i] == '\\')
			start = raw + i + 1;
	const unsigned char *s = (const unsigned char *)start;
	size_t n = len - (size_t)(start - raw);
	buf b = BUF_INIT;
	while (n) {
		uint32_t cp;
		size_t k = utf8_next(s, n, &cp);
		if (!k) {
			buf_putc(&b, '_'); /* an invalid byte */
			s++, n--;
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
		    (cp < 0x80 && strchr("<>:\"|?*", (int)cp)))
			buf_putc(&b, '_');
		else if (!is_invisible_control(cp))
			buf_append(&b, s, k);
		s += k, n -= k;
	}
	/* no hidden files, no names that end in a dot or a space (Windows drops them) */
	size_t lo = 0, hi = b.len;
	while (lo < hi && (b.data[lo] == '.' || b.data[lo] == ' '))
		lo++;
	while (hi > lo && (b.data[hi - 1] == '.' || b.data[hi - 1] == ' '))
		hi--;
	const char *name = hi > lo ? b.data + lo : "";
	size_t nl = hi - lo;
	char *out;
	if (nl > MULTIPART_MAX_FILENAME_BYTES) {
		/* keep a short extension, cut the stem at a code point boundary */
		const char *dot = memrchr(name, '.', nl);
		size_t ext = dot && (size_t)(name + nl - dot) <= 16 ? (size_t)(name + nl - dot) : 0;
		size_t stem = MULTIPART_MAX_FILENAME_BYTES - ext;
		while (stem > 0 && ((unsigned char)name[stem] & 0xC0) == 0x80)
			stem--;
		out = arena_alloc(a, stem + ext + 1);
		memcpy(out, name, stem);
		memcpy(out + stem, name + nl - ext, ext);
		out[stem + ext] = '\0';
	} else {
		out = arena_strndup(a, name, nl);
	}
	buf_free(&b);
	return *out ? out : "file";
}

static bool header_is(const char *line, size_t name_len, const char *want)
{
	return name_len == strlen(want) && !strncasecmp(line, want, name_len);
}

/* Content-Disposition: form-data; name="..."[; filename="..."]. */
static int parse_disposition(arena *a, const char *v, const char *end, multipart_part *part, err *e)
{
	const char *p = v;
	if (!skip_value(&p, end, "form-data"))
		return err_set(e, 400, "invalid_multipart", NULL,
		               "A multipart part lacks a form-data Content-Disposition with a "
		               "name.");
	const char *pn;
	size_t pnl, vl;
	char *pv;
	int rc;
	bool has_filename = false;
	while ((rc = next_param(a, &p, end, &pn, &pnl, &pv, &vl)) > 0) {
		if (pnl == 4 && !strncasecmp(pn, "name", 4)) {
			if (part->name)
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart body is malformed.");
			if (vl == 0 || vl > MULTIPART_MAX_NAME_BYTES || !utf8_valid(pv, vl))
				return err_set(e, 400, "invalid_multipart", NULL,
				               "A multipart part lacks a form-data "
				               "Content-Disposition with a name.");
			for (size_t i = 0; i < vl; i++)
				if ((unsigned char)pv[i] < 0x20 || pv[i] == 0x7F)
					return err_set(e, 400, "invalid_multipart", NULL,
					               "A multipart part lacks a form-data "
					               "Content-Disposition with a name.");
			part->name = pv;
		} else if (pnl == 8 && !strncasecmp(pn, "filename", 8)) {
			if (has_filename)
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart body is malformed.");
			has_filename = true;
			/* an empty name is a file input with no file chosen: kept as "" */
			part->filename = vl ? multipart_safe_filename(a, pv, vl) : "";
		}
		/* other parameters (filename*, which RFC 7578 §4.2 tells senders not to use) are
		 * ignored */
	}
	if (rc < 0)
		return err_set(e, 400, "invalid_multipart", NULL,
		               "The multipart body is malformed.");
	if (!part->name)
		return err_set(e, 400, "invalid_multipart", NULL,
		               "A multipart part lacks a form-data Content-Disposition with a "
		               "name.");
	return 0;
}

/* The header block of one part, from *pp to just after its empty line. */
static int parse_headers(arena *a, const char *body, size_t len, size_t *pp, multipart_part *part,
                         err *e)
{
	size_t p = *pp, start = p;
	bool disposition = false;
	for (;;) {
		const char *line = body + p;
		/* look no further than the header limit allows */
		size_t room = MULTIPART_MAX_HEADER_BYTES - (p - start);
		size_t span = len - p < room ? len - p : room;
		const char *crlf = memmem(line, span, "\r\n", 2);
		if (!crlf) {
			if (len - p < room)
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart body is malformed.");
			return err_set(e, 400, "invalid_multipart", NULL,
			               "A multipart part's headers are too large.");
		}
		size_t ll = (size_t)(crlf - line);
		p += ll + 2;
		if (ll == 0)
			break;
		/* no folded lines, no bare CR or LF, no NUL or other control characters */
		if (line[0] == ' ' || line[0] == '\t')
			return err_set(e, 400, "invalid_multipart", NULL,
			               "The multipart body is malformed.");
		for (size_t i = 0; i < ll; i++)
			if (((unsigned char)line[i] < 0x20 && line[i] != '\t') || line[i] == 0x7F)
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart body is malformed.");
		const char *colon = memchr(line, ':', ll);
		if (!colon || colon == line)
			return err_set(e, 400, "invalid_multipart", NULL,
			               "The multipart body is malformed.");
		size_t nl = (size_t)(colon - line);
		for (size_t i = 0; i < nl; i++)
			if (!is_tchar(line[i]))
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart body is malformed.");
		const char *v = colon + 1, *vend = crlf;
		while (vend > v && (vend[-1] == ' ' || vend[-1] == '\t'))
			vend--;
		v = skip_ows(v, vend);
		if (header_is(line, nl, "Content-Disposition")) {
			if (disposition)
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart body is malformed.");
			disposition = true;
			if (parse_disposition(a, v, vend, part, e) < 0)
				return -1;
		} else if (header_is(line, nl, "Content-Type")) {
			if (part->content_type || vend - v > CONTENT_TYPE_MAX)
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart body is malformed.");
			for (const char *c = v; c < vend; c++)
				if ((unsigned char)*c >= 0x7F)
					return err_set(e, 400, "invalid_multipart", NULL,
					               "The multipart body is malformed.");
			part->content_type = arena_strndup(a, v, (size_t)(vend - v));
		} else if (header_is(line, nl, "Content-Transfer-Encoding")) {
			/* RFC 7578 §4.7: deprecated; only the identity encodings are understood */
			size_t vl = (size_t)(vend - v);
			if (!((vl == 4 && !strncasecmp(v, "7bit", 4)) ||
			      (vl == 4 && !strncasecmp(v, "8bit", 4)) ||
			      (vl == 6 && !strncasecmp(v, "binary", 6))))
				return err_set(e, 400, "invalid_multipart", NULL,
				               "The multipart body is malformed.");
		}
		/* any other header is ignored */
	}
	if (!disposition)
		return err_set(e, 400, "invalid_multipart", NULL,
		               "A multipart part lacks a form-data Content-Disposition with a "
		               "name.");
	*pp = p;
	return 0;
}

int multipart_parse(const char *content_type_header, const char *body, size_t len, arena *a,
                    multipart_part *parts, int max_parts, int *nparts, err *e)
{
	const char *boundary = NULL;
	size_t blen = 0;
	*nparts = 0;
	if (parse_content_type(content_type_header, a, &boundary, &blen, e) < 0)
		return -1;
	/* "\r\n--" boundary: the delimiter that ends each part's data */
	size_t dlen = blen + 4;
	char *delim = arena_alloc(a, dlen + 1);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen);
	if (!body)
		body = "";
	/* no preamble: the body starts with the first delimiter (without its CRLF) */
	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2))
		return err_set(e, 400, "invalid_multipart", NULL,
		               "The multipart body does not start with its boundary.");
	size_t p = dlen - 2;
	for (;;) {
		if (len - p >= 2 && !memcmp(body + p, "--", 2)) {
			p += 2;
			/* the close delimiter: at most one CRLF after it, never another part */
			if (len - p == 0 || (len - p == 2 && !memcmp(body + p, "\r\n", 2)))
				return 0;
			return err_set(e, 400, "invalid_multipart", NULL,
			               "Nothing may follow the closing multipart boundary.");
		}
		if (len - p < 2 || memcmp(body + p, "\r\n", 2))
			return err_set(e, 400, "invalid_multipart", NULL,
			               "The multipart body is malformed.");
		p += 2;
		if (*nparts == max_parts)
			return err_set(e, 400, "too_many_parts", NULL,
			               "The multipart body has too many parts.");
		multipart_part *part = &parts[*nparts];
		memset(part, 0, sizeof *part);
		if (parse_headers(a, body, len, &p, part, e) < 0)
			return -1;
		const char *end = memmem(body + p, len - p, delim, dlen);
		if (!end)
			return err_set(e, 400, "invalid_multipart", NULL,
			               "The multipart body does not end with its closing "
			               "boundary.");
		part->data = body + p;
		part->len = (size_t)(end - (body + p));
		p = (size_t)(end - body) + dlen;
		(*nparts)++;
	}
}

const multipart_part *multipart_find(const multipart_part *parts, int nparts, const char *name)
{
	for (int i = 0; i < nparts; i++)
		if (!strcmp(parts[i].name, name))
			return &parts[i];
	return NULL;
}

const char *multipart_text_field(const char *content_type_header, const char *body, size_t len,
                                 arena *a, const char *name)
{
	multipart_part parts[16];
	int n;
	err e;
	err_clear(&e);
	if (multipart_parse(content_type_header, body, len, a, parts, 16, &n, &e) < 0)
		return NULL;
	const multipart_part *p = multipart_find(parts, n, name);
	if (!p || p->filename || p->len > 1024 || memchr(p->data, '\0', p->len))
		return NULL;
	return arena_strndup(a, p->data, p->len);
}
