#include "core/text.h"

#include <stddef.h>
#include <string.h>

const char *id_at(const void *rows, size_t n, size_t size, int i)
{
	/* A pointer to a struct, converted, points to its first member (C11 6.7.2.1). */
	return i >= 0 && (size_t)i < n
	           ? *(const char *const *)(const void *)((const char *)rows + (size_t)i * size)
	           : NULL;
}

int id_index(const void *rows, size_t n, size_t size, const char *id)
{
	for (size_t i = 0; id && i < n; i++) {
		const char *row_id = id_at(rows, n, size, (int)i);
		if (row_id && !strcmp(row_id, id))
			return (int)i;
	}
	return -1;
}

const id_label *id_label_find(const id_label *list, size_t n, const char *id)
{
	int i = ID_INDEX(list, n, id);
	return i < 0 ? NULL : &list[i];
}

bool text_span_is(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(e - s) == n && memcmp(s, word, n) == 0;
}

int text_table_rows(const char *text, const char *header,
                    int (*row)(void *arg, const char *start, const char *end), void *arg,
                    int *bad_line)
{
	int line = 1, dummy;
	if (bad_line == NULL)
		bad_line = &dummy;
	*bad_line = 0;
	if (text == NULL) {
		*bad_line = 1;
		return -1;
	}
	if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3; /* a spreadsheet's UTF-8 BOM */
	for (const char *p = text; *p != '\0' || line == 1; line++) {
		const char *nl = strchr(p, '\n');
		const char *end = nl != NULL ? nl : p + strlen(p);
		const char *next = nl != NULL ? nl + 1 : end;
		if (end > p && end[-1] == '\r')
			end--;
		if (line == 1 ? !text_span_is(p, end, header) : end > p && row(arg, p, end) != 0) {
			*bad_line = line;
			return -1;
		}
		p = next;
	}
	return 0;
}

int text_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}
