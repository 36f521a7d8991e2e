/* Wrong html_printf calls: each marked line must be reported with that kind, and nothing else. */
#include "fixture.h"

static void page(buf *b, req *r, arena *a, const char *name, const char *fmt, long long n, int k)
{
	html_printf(b, "<p>%h %h</p>", name); // expect: html-args
	html_printf(b, "<p>%h</p>", name, name); // expect: html-args
	html_printf(b, "<p>no conversion</p>", name); // expect: html-args
	html_printf(b, // expect: html-args
	            "<a href=\"%a\">"
	            "%h</a>",
	            f(a, b), /* a comma in a comment, */ g("x, y"), name);
	html_printf(b, FIXTURE_LINK, name); // expect: html-args
	html_printf(b, fmt, name); // expect: html-format
	html_printf(b, arena_printf(a, "<p>%s</p>", name)); // expect: html-format
	html_printf(b, T("<p>%h</p>"), name); // expect: html-format
	html_printf(b, "<p>%s</p>", name); // expect: html-conversion
	html_printf(b, "<p>%x</p>", k); // expect: html-conversion
	html_printf(b, "<p>%5d</p>", k); // expect: html-conversion
	html_printf(b, "<p>%ld</p>", (long)k); // expect: html-conversion
	html_printf(b, "<p>%h</p>", (long long)n); // expect: html-type
	html_printf(b, "<p>%h</p>", 42); // expect: html-type
	html_printf(b, "<p>%d</p>", "7"); // expect: html-type
	html_printf(b, "<p>%lld</p>", "7"); // expect: html-type
	html_printf(b, "<p>%d</p>", store_get_int(res, 0, "n")); // expect: html-type
	html_printf(b, "<p>%d</p>", strlen(name)); // expect: html-type
	html_printf(b, "<p>%d</p>", (long long)n); // expect: html-type
	html_printf(b, "<p>%zu</p>", "z"); // expect: html-type
	html_printf(b, k ? "<b>%h</b>" : "<i>%h %h</i>", name); // expect: html-args
	html_printf(b, k ? "<b>%h</b>" : "<i>%s</i>", name); // expect: html-conversion
	html_printf(b, "<p>%zu</p>", 5); // expect: html-type
	html_printf(b, "<p>%lld</p>", (int)n); // expect: html-type
	html_printf(b, "<script>var s = %j;</script>", 1.5); // expect: html-type
	html_printf(b, "<a href=\"/q?x=%u\">", (size_t)k); // expect: html-type
}
