/* A JSON writer straight into a buffer, for the answers read most often: no tree of values
 * built, allocated and dumped, as jansson does. Its text is what json_dumps(..., JSON_COMPACT)
 * gives for the same values (strings escaped alike, UTF-8 kept as it is), so that a reader
 * cannot tell which of the two wrote an answer.
 *
 *   jw w = JW_INIT(&b);
 *   jw_obj(&w);
 *   jw_key(&w, "id"); jw_int(&w, 7);
 *   jw_key(&w, "name"); jw_str(&w, name);  // NULL writes null
 *   jw_end(&w);
 *
 * Commas are the writer's to place: a value after a key, or an element of an array, is preceded
 * by one unless it is the first of its container. jw_raw splices a text that is already JSON
 * (a value the store keeps as canonical JSON). */
#ifndef BAOTU_LIB_JW_H
#define BAOTU_LIB_JW_H
#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"

#define JW_DEPTH 32

typedef struct jw {
	buf *b;
	int depth;
	bool after_key;
	bool first[JW_DEPTH]; /* whether the container at each depth has no member yet */
	char close[JW_DEPTH]; /* and the bracket that closes it */
} jw;

#define JW_INIT(bufp) ((jw){.b = (bufp)})

void jw_obj(jw *w);
void jw_arr(jw *w);
void jw_end(jw *w); /* closes the innermost object or array */
void jw_key(jw *w, const char *key);
void jw_str(jw *w, const char *s); /* NULL: null */
void jw_int(jw *w, int64_t v);
void jw_bool(jw *w, bool v);
void jw_null(jw *w);
void jw_raw(jw *w, const char *json); /* a JSON text as it is */
/* A key and its value in one call. */
void jw_kstr(jw *w, const char *key, const char *s); /* NULL: null */
void jw_kint(jw *w, const char *key, int64_t v);
void jw_kbool(jw *w, const char *key, bool v);
/* The members of an object text ("{...}", as the store keeps it) spliced into the object being
 * written, as if each had been written with jw_key and a value; "{}" adds nothing. */
void jw_members(jw *w, const char *object_json);
/* The letter of c's two-character escape as jansson writes it (" \\ b f n r t), or 0 when it
 * has none: any other control character is written \u00XX, upper-case hex. */
char jw_short_escape(unsigned char c);
/* Appends s escaped as the inside of a JSON string (no quotes). */
void jw_escape(buf *b, const char *s);

#endif
