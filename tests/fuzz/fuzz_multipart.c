/* libFuzzer target: multipart/form-data parsing of an untrusted body, then what the upload does
 * with the parts (safe file names, content sniffing). The first input line (up to 200 bytes) is
 * the Content-Type header, the rest the body. Build and run with `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/sniff.h"
#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size < 200 ? size : 200);
	if (!nl)
		return 0;
	char ct[201];
	memcpy(ct, s, (size_t)(nl - s));
	ct[nl - s] = '\0';
	const char *body = nl + 1;
	size_t len = size - (size_t)(body - s);
	arena *a = arena_new();
	multipart_part parts[8];
	int n = 0;
	err e;
	err_clear(&e);
	if (multipart_parse(ct, body, len, a, parts, 8, &n, &e) == 0) {
		for (int i = 0; i < n; i++) {
			/* every part lies within the body; names are NUL-terminated */
			if (parts[i].data < body || parts[i].data + parts[i].len > body + len ||
			    !parts[i].name || strlen(parts[i].name) == 0)
				__builtin_trap();
			if (parts[i].filename && strpbrk(parts[i].filename, "/\\"))
				__builtin_trap();
			(void)sniff_content_type(parts[i].data, parts[i].len);
		}
		(void)multipart_find(parts, n, "file");
	}
	(void)multipart_text_field(ct, body, len, a, "csrf");
	(void)multipart_safe_filename(a, body, len < 400 ? len : 400);
	(void)sniff_content_type(body, len);
	arena_free(a);
	return 0;
}
