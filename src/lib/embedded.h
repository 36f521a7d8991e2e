/* Files embedded into the binary at build time (migrations, static assets). */
#ifndef BAOTU_LIB_EMBEDDED_H
#define BAOTU_LIB_EMBEDDED_H
#include <stddef.h>
typedef struct embedded_file {
	const char *name; /* path relative to the source root, e.g. "web/static/baotu.css" */
	const char *data; /* NUL-terminated */
	size_t len;
} embedded_file;
extern const embedded_file embedded_files[]; /* ends with a {NULL} entry */
const embedded_file *embedded_find(const char *name);
#endif
