/* Correct html_printf calls: none of them may be reported. */
#include "fixture.h"

#define ATTR_REQUIRED " required maxlength=\"50\""
#define CELL(x) "<td>" x "</td>"

void html_printf(buf *b, const char *fmt, ...); /* a prototype is not a call */

static void page(buf *b, req *r, arena *a, const char *name, long long n, int k, size_t z)
{
	html_printf(b, "<p>plain, no conversion</p>");
	html_printf(b, "<p>%h</p>", name);
	html_printf(b, "<a href=\"%a\" title=\"%a\">%h</a>", href(r, "/x?a=1,b=2"), name, T("a, b"));
	html_printf(b, "<p>%d %lld %zu 100%%</p>", k, n, z);
	html_printf(b, "<p>%lld</p>", (long long)store_get_int(res, 0, "n"));
	html_printf(b, "<p>%d</p>", (int)store_get_int(res, 0, "n"));
	html_printf(b, "<p>%zu</p>", strlen(name));
	html_printf(b, "<p>%d</p>", ',');
	html_printf(b, /* a comment, with a comma */ "<p>%h</p>", // and another, here
	            name);
	html_printf(b,
	            "<div class=\"%a\">"
	            "<span>%h</span>" /* adjacent literals concatenate */
	            "</div>",
	            k > 0 ? "pos" : "neg", arena_printf(a, "%s, %d", name, k));
	html_printf(b, "<input name=\"n\"" ATTR_REQUIRED " value=\"%a\">", name);
	html_printf(b, FIXTURE_LINK, "/home", name);
	html_printf(b, "<tr>" CELL("%h") CELL("%d") "</tr>", name, k);
	html_printf(b, k ? "<b>%h</b>" : "<i>%h</i>", name);
	html_printf(&r->out, "<p>%h %h</p>", f(a, (g(1, 2), h(3))), x[k, 1]);
	html_printf(b, "<p>%d</p>", -1);
	html_printf(b, "<p>%h</p>", "a literal is a string");
	const char *s = "html_printf(b, \"%s\")"; /* in a string: not a call */
	/* html_printf(b, "%s", name); in a comment: not a call */
	html_printf(b, "<p>%lld</p>", (long long)n + 1);
	html_printf(b, "<p>%d</p>", (int)(n / 2));
	html_printf(b, "<p>%lld %lld %zu</p>", (unsigned long long)n, 5000000000LL, (size_t)k);
	html_printf(b, "<script>var s = %j;</script><a href=\"/q?x=%u\">", name, name);
}
