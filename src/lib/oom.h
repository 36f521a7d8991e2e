/* Out of memory is the one condition on which baotu aborts (DESIGN.md: errors are values). */
#ifndef BAOTU_LIB_OOM_H
#define BAOTU_LIB_OOM_H
#include <stddef.h>
_Noreturn void oom(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
#endif
