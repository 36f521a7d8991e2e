/* Static assets built into the binary (web/static/), served under their content hash. */
#include <string.h>
#include <strings.h>

#include "lib/embedded.h"
#include "web/ui.h"

/* "NAME.HASH.EXT" -> "NAME.EXT" and HASH, when the part before the extension is a content hash
 * (EMBEDDED_HASH_LEN hex digits); otherwise the name as it is and no hash. */
static const char *static_unhash(req *r, const char *name, const char **hash)
{
	*hash = NULL;
	const char *ext = strrchr(name, '.');
	if (!ext || ext - name < EMBEDDED_HASH_LEN + 2)
		return name;
	const char *h = ext - EMBEDDED_HASH_LEN;
	if (h[-1] != '.')
		return name;
	for (const char *p = h; p < ext; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return name;
	*hash = arena_strndup(r->a, h, EMBEDDED_HASH_LEN);
	return arena_printf(r->a, "%.*s%s", (int)(h - 1 - name), name, ext);
}

const char *ui_static_url(req *r, const char *file)
{
	const embedded_file *f = embedded_find(arena_printf(r->a, "web/static/%s", file));
	const char *ext = strrchr(file, '.');
	if (!f || !ext)
		return arena_printf(r->a, "/static/%s", file);
	return arena_printf(r->a, "/static/%.*s.%s%s", (int)(ext - file), file, f->hash, ext);
}

/* True when one Accept-Encoding item ("gzip;q=0.5", n bytes) has q=0 (refused). */
static bool coding_refused(const char *item, size_t n)
{
	for (const char *p = item; p + 2 < item + n; p++)
		if (*p == ';') {
			const char *v = p + 1;
			while (v < item + n && *v == ' ')
				v++;
			if (v + 2 <= item + n && (v[0] == 'q' || v[0] == 'Q') && v[1] == '=') {
				v += 2;
				bool zero = v < item + n && *v == '0';
				for (v++; zero && v < item + n && *v != ';' && *v != ' '; v++)
					zero = *v == '.' || *v == '0';
				return zero;
			}
		}
	return false;
}

/* True when Accept-Encoding admits gzip: "gzip" (or "*" with no word on gzip), not q=0. */
static bool accepts_gzip(const char *ae)
{
	int star = -1;
	while (ae && *ae) {
		while (*ae == ' ' || *ae == ',')
			ae++;
		size_t n = strcspn(ae, ","), word = strcspn(ae, ";, ");
		if (word == 4 && !strncasecmp(ae, "gzip", 4))
			return !coding_refused(ae, n);
		if (word == 1 && *ae == '*')
			star = !coding_refused(ae, n);
		ae += n;
	}
	return star == 1;
}

int ui_static(req *r)
{
	const char *hash;
	const char *name = static_unhash(r, req_param(r, "file"), &hash);
	const embedded_file *f =
	    strstr(name, "..") ? NULL : embedded_find(arena_printf(r->a, "web/static/%s", name));
	if (!f) {
		err_set(&r->e, 404, "not_found", NULL, "No such page or resource.");
		return reply_error(r);
	}
	buf_reset(&r->out);
	r->status = 200;
	r->content_type = strstr(name, ".css")   ? "text/css; charset=utf-8"
	                  : strstr(name, ".svg") ? "image/svg+xml"
	                  : strstr(name, ".js")  ? "text/javascript; charset=utf-8"
	                                         : "application/octet-stream";
	/* Under its content hash an asset never changes: cached for good. Under its plain name,
	 * or a hash this build does not have (a page from another version, during a rolling
	 * upgrade), it may change: cached briefly. */
	req_add_header(r, "Cache-Control",
	               hash && !strcmp(hash, f->hash) ? "public, max-age=31536000, immutable"
	                                              : "public, max-age=300");
	if (f->gz) {
		req_add_header(r, "Vary", "Accept-Encoding");
		if (accepts_gzip(req_header(r, "Accept-Encoding"))) {
			req_add_header(r, "Content-Encoding", "gzip");
			buf_append(&r->out, f->gz, f->gz_len);
			return 0;
		}
	}
	buf_append(&r->out, f->data, f->len);
	return 0;
}
