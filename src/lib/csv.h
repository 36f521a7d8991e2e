/* csv: one record of comma-separated values (RFC 4180 quoting on a single line). */
#ifndef BAOTU_LIB_CSV_H
#define BAOTU_LIB_CSV_H
#include <stddef.h>

#include "lib/arena.h"

/* Splits line[0..len) into fields (arena copies, NUL-terminated). A field is bare (no double
 * quote in it) or quoted ("a, ""b""" is `a, "b"`); spaces around a quoted field are not
 * allowed. A trailing CR is ignored. Returns the number of fields (an empty line is one empty
 * field), or -1 on a malformed quote or more than max fields. */
int csv_split(arena *a, const char *line, size_t len, const char **fields, int max);

/* The next line of text[*pos..total): sets *start and *len (without the newline) and advances
 * *pos; returns 0 at the end of the text. */
int csv_next_line(const char *text, size_t total, size_t *pos, const char **start, size_t *len);
#endif
