#include "web/routes_render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "web/routes.h"

static const role EACH[] = {ROLE_ADMIN, ROLE_OFFICER, ROLE_LEADER,
                            ROLE_CSRC,  ROLE_EXPERT,  ROLE_INSTITUTION};
#define NEACH (sizeof EACH / sizeof *EACH)

static bool is_write(const route *rt)
{
	return strcmp(rt->method, "GET") && strcmp(rt->method, "HEAD");
}

/* People read "public", "any user" and "staff" (admin, officer, leader, csrc) before the
 * single roles that remain. */
static void put_roles(buf *out, unsigned roles)
{
	if (roles & ROLE_PUBLIC) {
		buf_puts(out, "public");
		return;
	}
	if ((roles & ROLE_ANY_USER) == ROLE_ANY_USER) {
		buf_puts(out, "any user");
		return;
	}
	bool first = true;
	if ((roles & ROLE_STAFF) == ROLE_STAFF) {
		buf_puts(out, "staff");
		roles &= ~(unsigned)ROLE_STAFF;
		first = false;
	}
	for (size_t i = 0; i < NEACH; i++) {
		if (!(roles & EACH[i]))
			continue;
		buf_printf(out, "%s%s", first ? "" : ", ", role_id(EACH[i]));
		first = false;
	}
}

static void put_size(buf *out, size_t n)
{
	if (n % ((size_t)1 << 20) == 0)
		buf_printf(out, "%zu MiB", n >> 20);
	else if (n % 1024 == 0)
		buf_printf(out, "%zu KiB", n >> 10);
	else
		buf_printf(out, "%zu bytes", n);
}

/* The notes of a row, each a short phrase, in a fixed order. Returns how many. */
static int notes(const route *rt, const char *out[7], buf *cap)
{
	int n = 0;
	if (rt->roles & ROLE_PUBLIC)
		out[n++] = "no log-in";
	if (rt->kind == ROUTE_API && is_write(rt))
		out[n++] =
		    rt->flags & ROUTE_NO_IDEMPOTENCY ? "no Idempotency-Key" : "Idempotency-Key";
	if (rt->flags & ROUTE_NO_CSRF)
		out[n++] = "no CSRF token";
	if (rt->flags & ROUTE_PROJECT)
		out[n++] = is_write(rt) ? "unknown project: 404 before the body"
		                        : "unknown project: 404 before the query";
	if (rt->flags & ROUTE_API_TOKEN)
		out[n++] = "ingestion token";
	if (rt->max_body) {
		buf_puts(cap, "body up to ");
		put_size(cap, rt->max_body);
		out[n++] = buf_cstr(cap);
	}
	return n;
}

/* Markdown table cell text: a '|' would end the cell. */
static void put_cell(buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			buf_putc(out, '\\');
		buf_putc(out, *s);
	}
}

static void table(buf *out, bool api)
{
	buf_puts(out, "| method | path | roles | summary | notes |\n"
	              "|---|---|---|---|---|\n");
	for (unsigned i = 0; i < routes_count; i++) {
		const route *rt = &routes[i];
		if ((rt->kind == ROUTE_API) != api)
			continue;
		buf_printf(out, "| %s | `%s` | ", rt->method, rt->pattern);
		put_roles(out, rt->roles);
		buf_puts(out, " | ");
		put_cell(out, rt->summary);
		buf_puts(out, " | ");
		const char *ns[7];
		buf cap = BUF_INIT;
		int n = notes(rt, ns, &cap);
		for (int k = 0; k < n; k++)
			buf_printf(out, "%s%s", k ? "; " : "", ns[k]);
		if (n == 0)
			buf_puts(out, "—");
		buf_free(&cap);
		buf_puts(out, " |\n");
	}
}

void routes_render_markdown(buf *out)
{
	buf_puts(out, "\n### API (`ROUTE_API`)\n\n");
	table(out, true);
	buf_puts(out,
	         "\n### Web UI (`ROUTE_UI`, `ROUTE_STATIC`)\n\n"
	         "Server-rendered HTML, zh-CN by default; forms carry the CSRF token. Not part "
	         "of the OpenAPI\ndocument.\n\n");
	table(out, false);
}

void routes_render_json(buf *out)
{
	json_t *all = json_array();
	for (unsigned i = 0; i < routes_count; i++) {
		const route *rt = &routes[i];
		json_t *roles = json_array();
		if (rt->roles & ROLE_PUBLIC)
			json_array_append_new(roles, json_string("public"));
		else
			for (size_t k = 0; k < NEACH; k++)
				if (rt->roles & EACH[k])
					json_array_append_new(roles, json_string(role_id(EACH[k])));
		json_t *ns = json_array();
		const char *n[7];
		buf cap = BUF_INIT;
		int count = notes(rt, n, &cap);
		for (int k = 0; k < count; k++)
			json_array_append_new(ns, json_string(n[k]));
		buf_free(&cap);
		const char *kind = rt->kind == ROUTE_API  ? "api"
		                   : rt->kind == ROUTE_UI ? "ui"
		                                          : "static";
		json_array_append_new(
		    all,
		    json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "method", rt->method, "path",
		              rt->pattern, "kind", kind, "roles", roles, "summary", rt->summary,
		              "notes", ns, "max_body",
		              rt->max_body ? json_integer((json_int_t)rt->max_body) : json_null()));
	}
	char *s = json_dumps(all, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	json_decref(all);
}
