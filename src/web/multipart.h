/* multipart/form-data (RFC 7578 over RFC 2046) parsed from a fully buffered body. Strict: the
 * boundary comes from the Content-Type header, lines end in CRLF, the body starts with the
 * first delimiter and nothing but one CRLF may follow the closing one, each part's headers are
 * bounded, and a part must say `Content-Disposition: form-data; name=...`. Part data is not
 * copied: it points into the body. File names lose any path and any character unsafe in a
 * file name; the declared Content-Type is kept as information only (never trusted). */
#ifndef BAOTU_WEB_MULTIPART_H
#define BAOTU_WEB_MULTIPART_H
#include <stddef.h>

#include "lib/arena.h"
#include "lib/err.h"

#define MULTIPART_MAX_HEADER_BYTES 2048 /* one part's header block */
#define MULTIPART_MAX_NAME_BYTES 100    /* a field name */
#define MULTIPART_MAX_FILENAME_BYTES 200

typedef struct multipart_part {
	const char *name;         /* the form field's name (arena, UTF-8) */
	const char *filename;     /* sanitized base name; NULL when the part is not a file */
	const char *content_type; /* as declared by the sender, NULL when absent */
	const char *data;         /* into the body; not NUL-terminated */
	size_t len;
} multipart_part;

/* Fills parts[0..*nparts). 0 on success; -1 with 415 unsupported_media_type (not
 * multipart/form-data), 400 invalid_multipart (malformed) or 400 too_many_parts. */
int multipart_parse(const char *content_type_header, const char *body, size_t len, arena *a,
                    multipart_part *parts, int max_parts, int *nparts, err *e);

/* The first part named name, or NULL. */
const multipart_part *multipart_find(const multipart_part *parts, int nparts, const char *name);

/* The value of a small text field (not a file) of a multipart body, NUL-terminated in the
 * arena; NULL when the body is not well-formed multipart or has no such field. For the
 * server's CSRF check on multipart form posts. */
const char *multipart_text_field(const char *content_type_header, const char *body, size_t len,
                                 arena *a, const char *name);

/* A safe file name from what a client sent: the last path component, without control
 * characters or characters that are special in file systems, no leading dots or spaces,
 * valid UTF-8, at most MULTIPART_MAX_FILENAME_BYTES; "file" when nothing is left. */
const char *multipart_safe_filename(arena *a, const char *raw, size_t len);
#endif
