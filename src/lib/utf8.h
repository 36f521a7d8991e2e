#ifndef BAOTU_LIB_UTF8_H
#define BAOTU_LIB_UTF8_H
#include <stdbool.h>
#include <stddef.h>
/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF, no NUL. */
bool utf8_valid(const char *s, size_t len);
/* Whether valid UTF-8 text holds a control character: C0 (below U+0020), DEL or C1
 * (U+0080..U+009F). */
bool utf8_has_control(const char *s, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *s);
#endif
