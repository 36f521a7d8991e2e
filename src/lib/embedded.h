/* Files embedded into the binary at build time (migrations, static assets). */
#ifndef BAOTU_LIB_EMBEDDED_H
#define BAOTU_LIB_EMBEDDED_H
#include <stddef.h>
/* Hex digits of a file's content hash (scripts/embed.py's HASH_LEN). */
#define EMBEDDED_HASH_LEN 12
typedef struct embedded_file {
	const char *name; /* path relative to the source root, e.g. "web/static/baotu.css" */
	const char *data; /* NUL-terminated */
	size_t len;
	const char *hash; /* the first EMBEDDED_HASH_LEN hex digits of the content's SHA-256 */
	const char *gz;   /* a gzip copy (text assets under web/static/), or NULL */
	size_t gz_len;
} embedded_file;
extern const embedded_file embedded_files[]; /* ends with a {NULL} entry */
const embedded_file *embedded_find(const char *name);
#endif
