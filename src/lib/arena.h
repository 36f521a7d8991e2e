/* arena: a per-request bump allocator (h2o's mem pool idea). Everything is freed at once. */
#ifndef BAOTU_LIB_ARENA_H
#define BAOTU_LIB_ARENA_H
#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n);   /* zeroed, 16-byte aligned */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for limits and benchmarks). */
size_t arena_used(const arena *a);

#endif
