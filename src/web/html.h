/* The escaping writer (Fossil's idea): every value reaches HTML through a typed conversion.
 *   %h  text (const char *), HTML-escaped       %a  attribute value, escaped (quotes too)
 *   %u  URL component, percent-encoded         %j  JSON string literal, safe inside <script>
 *   %d  int    %lld  long long    %zu  size_t    %%  a percent sign
 * There is no %s: scripts/codecheck fails the build on one. Raw markup goes through
 * html_raw(), which is explicit and greppable. */
#ifndef BAOTU_WEB_HTML_H
#define BAOTU_WEB_HTML_H
#include "lib/buf.h"

void html_printf(buf *b, const char *fmt, ...);
void html_raw(buf *b, const char *trusted_markup);
void html_escape(buf *b, const char *text);
void url_encode(buf *b, const char *text);
/* The one test of a redirect target taken from a client (?next=, a form's next): a local path
 * is a single '/' followed by a character other than '/' or '\\', with no control character,
 * space or DEL anywhere (browsers drop a tab or newline and would read "/\t/evil" as
 * "//evil"). Anything else gives fallback. */
const char *local_path_or(const char *next, const char *fallback);
#endif
