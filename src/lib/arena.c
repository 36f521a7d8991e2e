#include "lib/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/oom.h"

#define ARENA_BLOCK 8192

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

static struct block *block_new(size_t cap)
{
	struct block *b = malloc(sizeof *b + cap);
	if (!b)
		oom();
	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

arena *arena_new(void)
{
	arena *a = xcalloc(1, sizeof *a);
	a->head = block_new(ARENA_BLOCK);
	return a;
}

void arena_free(arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	free(a);
}

void *arena_alloc(arena *a, size_t n)
{
	if (n > SIZE_MAX - 32)
		oom();
	size_t need = (n + 15) & ~(size_t)15;
	struct block *b = a->head;
	if (b->cap - b->used < need) {
		if (need > ARENA_BLOCK / 2) {
			/* Large object: its own block behind the head so the head keeps its room. */
			struct block *big = block_new(need);
			big->used = need;
			big->next = b->next;
			b->next = big;
			a->total += need;
			memset(big->data, 0, need);
			return big->data;
		}
		b = block_new(ARENA_BLOCK);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, need);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		va_end(ap);
		return arena_strdup(a, "");
	}
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const arena *a) { return a->total; }
