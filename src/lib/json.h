/* JSON helpers over jansson: strict decoding of request bodies, typed field access that
 * reports the offending field, and the canonical form used by the event chain. */
#ifndef BAOTU_LIB_JSON_H
#define BAOTU_LIB_JSON_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/err.h"

/* Strict: UTF-8 checked, no duplicate keys, no \u0000, nothing after the value, top level an object. */
json_t *json_parse_object(const char *data, size_t len, err *e);
/* Canonical form: sorted keys, no insignificant whitespace, UTF-8 (see docs/AUDIT.md). malloc'd. */
char *json_canonical(const json_t *v);

/* Whether text is, byte for byte, what json_canonical gives for its value, decided without
 * parsing it into values: 1 yes, 0 no, -1 "cannot tell here" (a real number, or an escape in an
 * object key), where the caller parses and compares. Strings must be valid UTF-8 and escaped as
 * jansson escapes them; keys strictly increasing (so none repeats); integers in int64. */
int json_canonical_check(const char *text, size_t len);

/* Appends v as jansson's json_dumps(v, flags) would give it to b, without a copy of its own. */
void json_dump_buf(const json_t *v, buf *b, size_t flags);

/* Fails with 400 unknown_field naming the first key of obj that is not in allowed (NULL-terminated). */
int json_only_fields(const json_t *obj, const char *const *allowed, err *e);

/* Typed getters. A missing or null key is "absent": required fails with 400 missing_field,
 * otherwise *present is set false (when given) and the default is left in *out.
 * Wrong JSON type -> 400 invalid_type. Strings are checked to hold no control characters other
 * than tab and newline, and at most max_chars code points (0 = no limit) -> 400 too_long. */
int json_get_str(const json_t *obj, const char *key, bool required, size_t max_chars,
		 const char **out, err *e);
int json_get_bool(const json_t *obj, const char *key, bool required, bool *out, bool *present,
		  err *e);
int json_get_int(const json_t *obj, const char *key, bool required, int64_t *out, bool *present,
		 err *e);
/* Checks a string value's text rules; field names the key for the error. */
int json_check_text(const char *s, size_t max_chars, const char *field, err *e);

#endif
