/* text: spans of text, and the lines of a table shipped as CSV (data/cn-holidays.csv,
 * data/divisions.csv): a fixed header line, then one row a line. */
#ifndef BAOTU_CORE_TEXT_H
#define BAOTU_CORE_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* One entry of a list of ids with their labels (catalog message ids, English): the modes,
 * severities, categories... of the supervision records. */
typedef struct id_label {
	const char *id, *label;
} id_label;
/* The entry of id in list[0..n), or NULL. */
const id_label *id_label_find(const id_label *list, size_t n, const char *id);
/* The index of the row whose id is id among n rows of size bytes from rows, each a struct whose
 * first member is its id (const char *; a row whose id is NULL never matches); -1 when none is,
 * or id is NULL. The one lookup of a declared list by id (states, actions, kinds, levels...). */
int id_index(const void *rows, size_t n, size_t size, const char *id);
/* The id of row i of those rows, NULL when i is out of [0, n). */
const char *id_at(const void *rows, size_t n, size_t size, int i);
/* id_index over an array. */
#define ID_INDEX(array, n, id) id_index((array), (n), sizeof *(array), (id))

/* The n decimal digits at s as a number; -1 when one is not a digit. */
int text_digits(const char *s, int n);

/* Whether [s, e) is exactly word. */
bool text_span_is(const char *s, const char *e, const char *word);

/* Calls row(arg, start, end) on each non-empty line after the header, [start, end) without its
 * line end (LF or CRLF). A UTF-8 BOM before the header is skipped. Returns 0, or -1 with
 * *bad_line (1-based, the header is line 1; bad_line may be NULL) at a NULL text, a header
 * other than header, or the first row for which row returns nonzero; *bad_line is 0 on
 * success. */
int text_table_rows(const char *text, const char *header,
                    int (*row)(void *arg, const char *start, const char *end), void *arg,
                    int *bad_line);
#endif
