/* buf: a growable byte string (len/cap/data). Always NUL-terminated after any append. */
#ifndef BAOTU_LIB_BUF_H
#define BAOTU_LIB_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *data;
	size_t len;
	size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

void buf_init(buf *b);
void buf_free(buf *b);
void buf_reset(buf *b);
void buf_reserve(buf *b, size_t extra);
void buf_append(buf *b, const void *data, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Never NULL: an empty buf yields "". */
const char *buf_cstr(const buf *b);
/* Hands the storage to the caller (free() it); the buf is left empty. */
char *buf_take(buf *b);

#endif
