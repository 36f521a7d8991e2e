/* What a file is, judged by its bytes alone (never by the name or the declared type): the few
 * kinds the pilot accepts as materials. Anything else - HTML, scripts, executables, archives
 * that are not Office documents - is refused. */
#ifndef BAOTU_CORE_SNIFF_H
#define BAOTU_CORE_SNIFF_H
#include <stdbool.h>
#include <stddef.h>

#define SNIFF_PDF "application/pdf"
#define SNIFF_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define SNIFF_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define SNIFF_PNG "image/png"
#define SNIFF_JPEG "image/jpeg"

/* One of the SNIFF_* types, or NULL when the bytes are none of them. */
const char *sniff_content_type(const void *data, size_t len);

/* The usual file-name extension of a SNIFF_* type (".pdf", ".docx"...), NULL for others. */
const char *sniff_extension(const char *content_type);

/* Whether name ends with an extension fitting the type (case-insensitive; ".jpeg" or ".jpg"
 * for JPEG). */
bool sniff_name_fits(const char *name, const char *content_type);
#endif
