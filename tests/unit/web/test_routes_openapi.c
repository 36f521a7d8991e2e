/* The route table (src/web/routes.c) and the embedded OpenAPI document (docs/openapi.json)
 * describe the same API: every ROUTE_API row is an operation and every operation is a
 * ROUTE_API row, with the same roles; the document is well formed where clients rely on it.
 * Every operation carries examples, each valid against its schema; docs/API.md holds the
 * table's current rendering (`baotu routes`). Every row has a handler, or a whole binding to its
 * use case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <jansson.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "lib/arena.h"
#include "lib/embedded.h"
#include "lib/buf.h"
#include "web/api.h"
#include "web/routes.h"
#include "web/routes_render.h"
#include "support.h"

static const char *const METHODS[] = {"get",     "put",  "post",  "delete",
                                      "options", "head", "patch", "trace"};
#define NMETHODS (sizeof METHODS / sizeof *METHODS)

static json_t *doc; /* loaded once by setup */

static int setup(void **state)
{
	const embedded_file *f = embedded_find("docs/openapi.json");
	if (!f) {
		print_error("docs/openapi.json is not embedded in the binary\n");
		return -1;
	}
	json_error_t je;
	doc = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		print_error("docs/openapi.json: line %d column %d: %s\n", je.line, je.column,
		            je.text);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	json_decref(doc);
	doc = NULL;
	return 0;
}

static void lower(const char *s, char *out, size_t n)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

static bool is_method(const char *key)
{
	for (size_t i = 0; i < NMETHODS; i++)
		if (!strcmp(METHODS[i], key))
			return true;
	return false;
}

static json_t *operation(const route *rt)
{
	char m[16];
	lower(rt->method, m, sizeof m);
	return json_object_get(json_object_get(json_object_get(doc, "paths"), rt->pattern), m);
}

/* Resolves a local reference "#/a/b" (JSON pointer, with ~0 and ~1) in the document. */
static json_t *resolve_ref(const char *ref)
{
	if (strncmp(ref, "#/", 2))
		return NULL;
	json_t *node = doc;
	const char *p = ref + 2;
	while (node && *p) {
		char key[128];
		size_t n = 0;
		for (; *p && *p != '/' && n + 1 < sizeof key; p++) {
			if (*p == '~' && (p[1] == '0' || p[1] == '1'))
				key[n++] = *++p == '0' ? '~' : '/';
			else
				key[n++] = *p;
		}
		key[n] = '\0';
		node = json_object_get(node, key);
		if (*p == '/')
			p++;
	}
	return node;
}

/* A node, following one $ref if it is a reference object. */
static json_t *deref(json_t *node)
{
	json_t *r = json_object_get(node, "$ref");
	return json_is_string(r) ? resolve_ref(json_string_value(r)) : node;
}

static void test_document_is_openapi_3_1(void **state)
{
	const char *v = json_string_value(json_object_get(doc, "openapi"));
	assert_non_null(v);
	assert_int_equal(strncmp(v, "3.1.", 4), 0);
	json_t *info = json_object_get(doc, "info");
	assert_true(json_is_string(json_object_get(info, "title")));
	assert_true(json_is_string(json_object_get(info, "version")));
	assert_true(json_is_object(json_object_get(doc, "paths")));
	json_t *schemes = json_object_get(json_object_get(doc, "components"), "securitySchemes");
	assert_non_null(json_object_get(schemes, "bearerAuth"));
	assert_non_null(json_object_get(schemes, "cookieAuth"));
	assert_non_null(json_object_get(schemes, "csrfToken"));
}

/* Calls CHECK(route) for each row of the route table; the sum of what it returns (the problems
 * it found). */
static int each_route(int (*check)(const route *))
{
	int bad = 0;
	for (unsigned i = 0; i < routes_count; i++)
		bad += check(&routes[i]);
	return bad;
}

static int documented(const route *rt)
{
	if (rt->kind != ROUTE_API || json_is_object(operation(rt)))
		return 0;
	print_error("route %s %s is not in docs/openapi.json\n", rt->method, rt->pattern);
	return 1;
}

static void test_every_api_route_is_documented(void **state)
{
	assert_int_equal(each_route(documented), 0);
}

/* Every API write takes the shared Idempotency-Key parameter, except the routes flagged
 * ROUTE_NO_IDEMPOTENCY (and those document that they do not). */
static int idempotency_key(const route *rt)
{
	if (rt->kind != ROUTE_API || !strcmp(rt->method, "GET"))
		return 0;
	bool has = false;
	size_t k;
	json_t *p;
	json_array_foreach(json_object_get(operation(rt), "parameters"), k, p)
	{
		json_t *param = deref(p);
		const char *name = json_string_value(json_object_get(param, "name"));
		if (name && !strcmp(name, "Idempotency-Key"))
			has = true;
	}
	bool want = !(rt->flags & ROUTE_NO_IDEMPOTENCY);
	if (has == want)
		return 0;
	print_error("%s %s: Idempotency-Key %s\n", rt->method, rt->pattern,
	            want ? "not documented" : "documented but not taken");
	return 1;
}

static void test_idempotency_key_documented_on_writes(void **state)
{
	assert_int_equal(each_route(idempotency_key), 0);
}

static const route *api_route(const char *method, const char *pattern)
{
	for (unsigned i = 0; i < routes_count; i++) {
		if (routes[i].kind == ROUTE_API && !strcmp(routes[i].pattern, pattern) &&
		    !strcasecmp(routes[i].method, method))
			return &routes[i];
	}
	return NULL;
}

static void test_every_operation_is_an_api_route(void **state)
{
	static const char *const path_item_keys[] = {"summary", "description", "parameters",
	                                             "servers", NULL};
	const char *path, *key;
	json_t *item, *v;
	int stray = 0;
	json_object_foreach(json_object_get(doc, "paths"), path, item)
	{
		json_object_foreach(item, key, v)
		{
			if (is_method(key)) {
				if (!api_route(key, path)) {
					print_error(
					    "docs/openapi.json documents %s %s, which is no "
					    "ROUTE_API row of src/web/routes.c\n",
					    key, path);
					stray++;
				}
				continue;
			}
			bool known = false;
			for (const char *const *k = path_item_keys; *k; k++)
				known |= !strcmp(*k, key);
			if (!known) {
				print_error("path %s: unexpected key %s\n", path, key);
				stray++;
			}
		}
	}
	assert_int_equal(stray, 0);
}

/* Calls CHECK(path, method, operation, ctx) for each operation of the document; the sum of what
 * it returns (the problems it found). */
static int each_operation(int (*check)(const char *, const char *, json_t *, void *), void *ctx)
{
	const char *path, *method;
	json_t *item, *op;
	int bad = 0;
	json_object_foreach(json_object_get(doc, "paths"), path, item)
	{
		json_object_foreach(item, method, op)
		{
			if (is_method(method))
				bad += check(path, method, op, ctx);
		}
	}
	return bad;
}

static int summary_and_responses(const char *path, const char *method, json_t *op, void *ctx)
{
	const char *status;
	json_t *resp;
	int bad = 0;
	const char *s = json_string_value(json_object_get(op, "summary"));
	json_t *responses = json_object_get(op, "responses");
	if (!s || !*s) {
		print_error("%s %s has no summary\n", method, path);
		bad++;
	}
	if (!json_is_object(responses) || json_object_size(responses) == 0) {
		print_error("%s %s has no response\n", method, path);
		return bad + 1;
	}
	json_object_foreach(responses, status, resp)
	{
		if (!json_is_string(json_object_get(deref(resp), "description"))) {
			print_error("%s %s: response %s has no description\n", method, path,
			            status);
			bad++;
		}
	}
	return bad;
}

static void test_operations_have_summary_and_responses(void **state)
{
	assert_int_equal(each_operation(summary_and_responses, NULL), 0);
}

static void test_route_patterns_unique_per_method(void **state)
{
	int dup = 0;
	for (unsigned i = 0; i < routes_count; i++)
		for (unsigned j = i + 1; j < routes_count; j++)
			if (!strcmp(routes[i].method, routes[j].method) &&
			    !strcmp(routes[i].pattern, routes[j].pattern)) {
				print_error("route %s %s appears twice\n", routes[i].method,
				            routes[i].pattern);
				dup++;
			}
	assert_int_equal(dup, 0);
}

/* What a binding's kind calls is set, with the arguments its adapter needs (web/api.h):
 * NULL, when it is whole; else what is missing. */
static const char *binding_gap(const api_bind *b)
{
	bool change_kind = false;
	switch (b->kind) {
	case BIND_READ:
		if (!b->read)
			return "no read function";
		break;
	case BIND_PAGE:
		if (!b->page)
			return "no page function";
		break;
	case BIND_FILTERED:
		if (!b->filtered || !b->param)
			return "no filtered function or no query parameter";
		break;
	case BIND_SUB_PAGE:
		if (!b->sub_page)
			return "no sub_page function";
		break;
	case BIND_ID_PAGE:
		if (!b->id_page)
			return "no id_page function";
		break;
	case BIND_CREATE:
		if (!b->create)
			return "no create function";
		break;
	case BIND_CREATE_UNDER:
		if (!b->change || !b->location)
			return "no change function or no location";
		break;
	case BIND_CHANGE_VISIBLE:
		if (!b->visible)
			return "no visible function";
		/* fall through */
	case BIND_CHANGE:
	case BIND_CHANGE_OPT:
		change_kind = true;
		if (!b->change)
			return "no change function";
		break;
	default:
		return "an unknown kind";
	}
	if (change_kind && (b->status < 200 || b->status > 299))
		return "no success status";
	if (!b->reply)
		return "no reply";
	return NULL;
}

/* Each row names its handler, or is bound (api_bound) to a whole binding of a known kind; a
 * JSON route only, since the binding's adapters answer JSON. */
static int handled(const route *rt)
{
	const char *gap = NULL;
	if (!rt->handler)
		gap = "no handler";
	else if (rt->handler != api_bound)
		gap = rt->bind ? "a binding its handler ignores" : NULL;
	else if (!rt->bind)
		gap = "api_bound with no binding";
	else if (rt->kind != ROUTE_API)
		gap = "a binding on a route that is not ROUTE_API";
	else
		gap = binding_gap(rt->bind);
	if (!gap)
		return 0;
	print_error("route %s %s: %s\n", rt->method, rt->pattern, gap);
	return 1;
}

static void test_every_route_has_a_handler_or_a_binding(void **state)
{
	assert_int_equal(each_route(handled), 0);
}

/* No row is shadowed by an earlier one: a path made from a row's pattern reaches that row. */
static int reachable(const route *rt)
{
	char path[256];
	size_t n = 0;
	for (const char *p = rt->pattern; *p && n + 2 < sizeof path; p++) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			assert_non_null(close);
			path[n++] = '1';
			p = close;
		} else {
			path[n++] = *p;
		}
	}
	path[n] = '\0';
	req r;
	memset(&r, 0, sizeof r);
	r.a = arena_new();
	int path_matched = 0;
	const route *hit = routes_match(&r, rt->method, path, &path_matched);
	arena_free(r.a);
	if (hit == rt && r.route == hit) /* the matched row is the request's, for api_bound */
		return 0;
	print_error("%s %s reaches %s instead of %s\n", rt->method, path,
	            hit ? hit->pattern : "nothing", rt->pattern);
	return 1;
}

static void test_every_route_is_reachable(void **state)
{
	assert_int_equal(each_route(reachable), 0);
}

static bool has_path_param(json_t *params, const char *name)
{
	size_t i;
	json_t *p;
	json_array_foreach(params, i, p)
	{
		p = deref(p);
		const char *in = json_string_value(json_object_get(p, "in"));
		const char *nm = json_string_value(json_object_get(p, "name"));
		if (in && nm && !strcmp(in, "path") && !strcmp(nm, name) &&
		    json_is_true(json_object_get(p, "required")))
			return true;
	}
	return false;
}

/* Calls CHECK(route, operation) for each API route the document has an operation for; the
 * sum of what it returns (the problems it found). */
static int each_documented_route(int (*check)(const route *, json_t *))
{
	int bad = 0;
	for (unsigned i = 0; i < routes_count; i++) {
		json_t *op = routes[i].kind == ROUTE_API ? operation(&routes[i]) : NULL;
		if (op)
			bad += check(&routes[i], op);
	}
	return bad;
}

static int path_parameters_declared(const route *rt, json_t *op)
{
	int bad = 0;
	json_t *params = json_object_get(op, "parameters");
	int in_template = 0;
	for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *close = strchr(p, '}');
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
		in_template++;
		if (!has_path_param(params, name)) {
			print_error("%s %s: path parameter {%s} is not declared (required, "
			            "in: path)\n",
			            rt->method, rt->pattern, name);
			bad++;
		}
	}
	/* and none declared that the template lacks */
	int declared = 0;
	size_t k;
	json_t *p;
	json_array_foreach(params, k, p)
	{
		const char *in = json_string_value(json_object_get(deref(p), "in"));
		declared += in && !strcmp(in, "path");
	}
	if (declared != in_template) {
		print_error("%s %s: %d path parameters declared, %d in the pattern\n", rt->method,
		            rt->pattern, declared, in_template);
		bad++;
	}
	return bad;
}

static void test_path_parameters_declared(void **state)
{
	assert_int_equal(each_documented_route(path_parameters_declared), 0);
}

/* x-roles lists the route's roles by id, or just "public" when no log-in is needed. */
static int roles_match(const route *rt, json_t *op)
{
	static const role each[] = {ROLE_ADMIN, ROLE_OFFICER, ROLE_LEADER,
	                            ROLE_CSRC,  ROLE_EXPERT,  ROLE_INSTITUTION};
	int bad = 0;
	json_t *want = json_array();
	if (rt->roles & ROLE_PUBLIC)
		json_array_append_new(want, json_string("public"));
	else
		for (size_t k = 0; k < sizeof each / sizeof *each; k++)
			if (rt->roles & each[k])
				json_array_append_new(want, json_string(role_id(each[k])));
	json_t *got = json_object_get(op, "x-roles");
	bool same = json_is_array(got) && json_array_size(got) == json_array_size(want);
	size_t a, b;
	json_t *g, *w;
	json_array_foreach(want, a, w)
	{
		bool found = false;
		json_array_foreach(got, b, g) found |= json_equal(g, w);
		same &= found;
	}
	if (!same) {
		char *ws = json_dumps(want, JSON_COMPACT);
		print_error("%s %s: x-roles should be %s\n", rt->method, rt->pattern, ws);
		free(ws);
		bad++;
	}
	json_decref(want);
	return bad;
}

static void test_roles_match_route_table(void **state)
{
	assert_int_equal(each_documented_route(roles_match), 0);
}

/* Public routes need no credentials; the others name some; the cookie never goes without the
 * CSRF token on a write. */
static int security_follows(const route *rt, json_t *op)
{
	int bad = 0;
	json_t *sec = json_object_get(op, "security");
	bool pub = rt->roles & ROLE_PUBLIC;
	bool write = strcmp(rt->method, "GET") && strcmp(rt->method, "HEAD");
	if (!json_is_array(sec) || (pub != (json_array_size(sec) == 0))) {
		print_error("%s %s: security must be %s\n", rt->method, rt->pattern,
		            pub ? "[]" : "a non-empty list");
		return bad + 1;
	}
	size_t k;
	json_t *req_obj;
	json_array_foreach(sec, k, req_obj)
	{
		if (write && json_object_get(req_obj, "cookieAuth") &&
		    !json_object_get(req_obj, "csrfToken")) {
			print_error("%s %s: cookieAuth without csrfToken on a write\n", rt->method,
			            rt->pattern);
			bad++;
		}
	}
	return bad;
}

static void test_security_follows_roles_and_method(void **state)
{
	assert_int_equal(each_documented_route(security_follows), 0);
}

/* Every 4xx response is the documented error object. */
static int errors_are_error_objects(const char *path, const char *method, json_t *op, void *ctx)
{
	const char *status;
	json_t *resp;
	int bad = 0;
	json_object_foreach(json_object_get(op, "responses"), status, resp)
	{
		if (status[0] != '4')
			continue;
		json_t *schema = json_object_get(
		    json_object_get(json_object_get(deref(resp), "content"), "application/json"),
		    "schema");
		const char *r = json_string_value(json_object_get(schema, "$ref"));
		if (!r || strcmp(r, "#/components/schemas/Error")) {
			print_error("%s %s: response %s is not an Error\n", method, path, status);
			bad++;
		}
	}
	return bad;
}

static void test_errors_use_error_schema(void **state)
{
	int bad = each_operation(errors_are_error_objects, NULL);
	json_t *e = resolve_ref("#/components/schemas/Error");
	json_t *inner = json_object_get(json_object_get(e, "properties"), "error");
	json_t *props = json_object_get(inner, "properties");
	assert_non_null(json_object_get(props, "code"));
	assert_non_null(json_object_get(props, "message"));
	assert_non_null(json_object_get(props, "field"));
	assert_int_equal(bad, 0);
}

/* Paginated operations (those taking ?limit) take ?after and answer {"items","next"}; *ctx
 * counts them. */
static int paginated(const char *path, const char *method, json_t *op, void *ctx)
{
	bool has_limit = false, has_after = false;
	size_t k;
	json_t *p;
	int bad = 0;
	json_array_foreach(json_object_get(op, "parameters"), k, p)
	{
		p = deref(p);
		const char *nm = json_string_value(json_object_get(p, "name"));
		const char *in = json_string_value(json_object_get(p, "in"));
		if (!nm || !in || strcmp(in, "query"))
			continue;
		if (!strcmp(nm, "limit")) {
			has_limit = true;
			json_t *max = json_object_get(json_object_get(p, "schema"), "maximum");
			if (json_integer_value(max) != 200) {
				print_error("%s %s: limit maximum must be 200\n", method, path);
				bad++;
			}
		}
		has_after |= !strcmp(nm, "after");
	}
	if (!has_limit)
		return bad;
	++*(int *)ctx;
	json_t *ok = deref(json_object_get(json_object_get(op, "responses"), "200"));
	json_t *schema = deref(json_object_get(
	    json_object_get(json_object_get(ok, "content"), "application/json"), "schema"));
	json_t *props = json_object_get(schema, "properties");
	json_t *items = json_object_get(props, "items");
	if (!has_after || !json_object_get(props, "next") ||
	    !json_is_string(json_object_get(items, "type")) ||
	    strcmp(json_string_value(json_object_get(items, "type")), "array")) {
		print_error("%s %s: not a paginated list\n", method, path);
		bad++;
	}
	return bad;
}

/* CHECK finds no problem in any operation, having counted (in *ctx) something to look at. */
static void assert_each_operation_counted(int (*check)(const char *, const char *, json_t *,
                                                       void *))
{
	int counted = 0;
	int bad = each_operation(check, &counted);
	assert_true(counted > 0);
	assert_int_equal(bad, 0);
}

static void test_lists_are_paginated(void **state)
{
	assert_each_operation_counted(paginated);
}

/* Every "$ref" in the document points at something in it. */
static int check_refs(json_t *node, int depth)
{
	int bad = 0;
	if (depth > 64)
		return 1;
	if (json_is_object(node)) {
		const char *key;
		json_t *v;
		json_object_foreach(node, key, v)
		{
			if (!strcmp(key, "$ref") && json_is_string(v)) {
				if (!resolve_ref(json_string_value(v))) {
					print_error("dangling $ref %s\n", json_string_value(v));
					bad++;
				}
			} else {
				bad += check_refs(v, depth + 1);
			}
		}
	} else if (json_is_array(node)) {
		size_t i;
		json_t *v;
		json_array_foreach(node, i, v) bad += check_refs(v, depth + 1);
	}
	return bad;
}

static void test_refs_resolve(void **state)
{
	assert_int_equal(check_refs(doc, 0), 0);
}

/* ---- examples ---- */

/* The media type objects of an operation that must carry an example: a JSON or form request
 * body, every 2xx response with a JSON body, and (at least) one 4xx response. */
static bool is_example_media(const char *ct)
{
	return !strncmp(ct, "application/json", 16) || !strcmp(ct, "multipart/form-data");
}

static bool has_example(json_t *media)
{
	return json_object_get(media, "example") ||
	       json_object_size(json_object_get(media, "examples")) > 0;
}

static int has_examples(const char *path, const char *method, json_t *op, void *ctx)
{
	const char *status, *ct;
	json_t *resp, *media;
	int bad = 0;
	json_object_foreach(json_object_get(deref(json_object_get(op, "requestBody")), "content"),
	                    ct, media)
	{
		if (is_example_media(ct) && !has_example(media)) {
			print_error("%s %s: the %s request body has no example\n", method, path,
			            ct);
			bad++;
		}
	}
	int error_examples = 0, error_bodies = 0;
	json_object_foreach(json_object_get(op, "responses"), status, resp)
	{
		json_object_foreach(json_object_get(deref(resp), "content"), ct, media)
		{
			if (!is_example_media(ct))
				continue;
			if (status[0] == '4') {
				error_bodies++;
				error_examples += has_example(media);
			} else if (status[0] == '2' && !has_example(media)) {
				print_error("%s %s: response %s has no example\n", method, path,
				            status);
				bad++;
			}
		}
	}
	if (error_bodies && !error_examples) {
		print_error("%s %s: no 4xx response has an example\n", method, path);
		bad++;
	}
	return bad;
}

static void test_every_operation_has_examples(void **state)
{
	assert_int_equal(each_operation(has_examples, NULL), 0);
}

/* Counts the Unicode characters of UTF-8 text (JSON Schema lengths are in characters). */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The JSON Schema types and the jansson types of each (a number is an integer or a real). */
static const struct {
	const char *name;
	json_type is, or_is;
} TYPES[] = {
    {"object", JSON_OBJECT, JSON_OBJECT}, {"array", JSON_ARRAY, JSON_ARRAY},
    {"string", JSON_STRING, JSON_STRING}, {"integer", JSON_INTEGER, JSON_INTEGER},
    {"number", JSON_INTEGER, JSON_REAL},  {"boolean", JSON_TRUE, JSON_FALSE},
    {"null", JSON_NULL, JSON_NULL},
};

static bool type_is(json_t *v, const char *t)
{
	for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
		if (!strcmp(t, TYPES[i].name))
			return v &&
			       (json_typeof(v) == TYPES[i].is || json_typeof(v) == TYPES[i].or_is);
	return false;
}

static int validate(json_t *v, json_t *schema, const char *where, bool report, int depth);

/* A problem with the value at `where`; printed only when reporting (not inside oneOf). */
#define PROBLEM(...)                                                                               \
	do {                                                                                       \
		if (report)                                                                        \
			print_error(__VA_ARGS__);                                                  \
		bad++;                                                                             \
	} while (0)

/* A size N (a string's length, an array's items) against the schema's bounds named LO and HI:
 * "WHERE: BELOW LO" or "WHERE: ABOVE HI" when out of them. */
static int size_outside(size_t n, json_t *schema, const char *lo, const char *hi, const char *where,
                        bool report, const char *below, const char *above)
{
	int bad = 0;
	json_t *min = json_object_get(schema, lo), *max = json_object_get(schema, hi);
	if (json_is_integer(min) && n < (size_t)json_integer_value(min))
		PROBLEM("%s: %s %s\n", where, below, lo);
	if (json_is_integer(max) && n > (size_t)json_integer_value(max))
		PROBLEM("%s: %s %s\n", where, above, hi);
	return bad;
}

static int validate_object(json_t *v, json_t *schema, const char *where, bool report, int depth)
{
	int bad = 0;
	json_t *props = json_object_get(schema, "properties");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(schema, "required"), i, r)
	{
		if (!json_object_get(v, json_string_value(r)))
			PROBLEM("%s: required property %s is missing\n", where,
			        json_string_value(r));
	}
	json_t *extra = json_object_get(schema, "additionalProperties");
	const char *key;
	json_t *val;
	json_object_foreach(v, key, val)
	{
		char sub[512];
		snprintf(sub, sizeof sub, "%s.%s", where, key);
		json_t *ps = json_object_get(props, key);
		if (ps)
			bad += validate(val, ps, sub, report, depth + 1);
		else if (json_is_false(extra))
			PROBLEM("%s: unknown property (additionalProperties is false)\n", sub);
		else if (json_is_object(extra))
			bad += validate(val, extra, sub, report, depth + 1);
	}
	return bad;
}

static int validate(json_t *v, json_t *schema, const char *where, bool report, int depth)
{
	int bad = 0;
	if (depth > 48)
		return 0;
	for (int hops = 0; hops < 8 && json_object_get(schema, "$ref"); hops++) {
		json_t *target = deref(schema);
		if (!target) {
			PROBLEM("%s: dangling $ref\n", where);
			return bad;
		}
		schema = target;
	}
	if (!json_is_object(schema))
		return 0;
	size_t i;
	json_t *sub;
	json_array_foreach(json_object_get(schema, "allOf"), i, sub) bad +=
	    validate(v, sub, where, report, depth + 1);
	static const char *const alternatives[] = {"oneOf", "anyOf"};
	for (size_t k = 0; k < 2; k++) {
		json_t *alts = json_object_get(schema, alternatives[k]);
		if (!json_is_array(alts))
			continue;
		int fits = 0;
		json_array_foreach(alts, i, sub) fits +=
		    validate(v, sub, where, false, depth + 1) == 0;
		if (fits == 0 || (k == 0 && fits > 1))
			PROBLEM("%s: matches %d of the %s alternatives\n", where, fits,
			        alternatives[k]);
	}
	json_t *type = json_object_get(schema, "type");
	if (json_is_string(type) || json_is_array(type)) {
		bool ok = false;
		if (json_is_string(type))
			ok = type_is(v, json_string_value(type));
		json_t *t;
		json_array_foreach(type, i, t) ok |= type_is(v, json_string_value(t));
		if (!ok) {
			char *ts = json_dumps(type, JSON_COMPACT | JSON_ENCODE_ANY);
			PROBLEM("%s: not of type %s\n", where, ts);
			free(ts);
			return bad;
		}
	}
	json_t *en = json_object_get(schema, "enum");
	if (json_is_array(en)) {
		bool found = false;
		json_t *e;
		json_array_foreach(en, i, e) found |= json_equal(e, v);
		if (!found)
			PROBLEM("%s: not one of the enum\n", where);
	}
	json_t *c = json_object_get(schema, "const");
	if (c && !json_equal(c, v))
		PROBLEM("%s: not the const\n", where);
	if (json_is_number(v)) {
		json_t *min = json_object_get(schema, "minimum");
		json_t *max = json_object_get(schema, "maximum");
		if (json_is_number(min) && json_number_value(v) < json_number_value(min))
			PROBLEM("%s: below its minimum\n", where);
		if (json_is_number(max) && json_number_value(v) > json_number_value(max))
			PROBLEM("%s: above its maximum\n", where);
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		bad += size_outside(utf8_chars(s), schema, "minLength", "maxLength", where, report,
		                    "shorter than", "longer than");
		const char *pat = json_string_value(json_object_get(schema, "pattern"));
		regex_t re;
		/* ECMA patterns that POSIX cannot compile are left to the outside linter */
		if (pat && regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) == 0) {
			if (regexec(&re, s, 0, NULL, 0) != 0)
				PROBLEM("%s: \"%s\" does not match %s\n", where, s, pat);
			regfree(&re);
		}
	}
	if (json_is_array(v)) {
		json_t *items = json_object_get(schema, "items");
		bad += size_outside(json_array_size(v), schema, "minItems", "maxItems", where,
		                    report, "fewer than", "more than");
		json_t *e;
		json_array_foreach(v, i, e)
		{
			char w[512];
			snprintf(w, sizeof w, "%s[%zu]", where, i);
			if (json_is_object(items))
				bad += validate(e, items, w, report, depth + 1);
		}
	}
	if (json_is_object(v))
		bad += validate_object(v, schema, where, report, depth);
	return bad;
}

static int check_media_examples(json_t *content, const char *what)
{
	int bad = 0;
	const char *ct;
	json_t *media;
	json_object_foreach(content, ct, media)
	{
		json_t *schema = json_object_get(media, "schema");
		json_t *ex = json_object_get(media, "example");
		char where[512];
		if (ex && schema) {
			snprintf(where, sizeof where, "%s (%s) example", what, ct);
			bad += validate(ex, schema, where, true, 0);
		}
		const char *name;
		json_t *named;
		json_object_foreach(json_object_get(media, "examples"), name, named)
		{
			json_t *value = json_object_get(deref(named), "value");
			if (value && schema) {
				snprintf(where, sizeof where, "%s (%s) example %s", what, ct, name);
				bad += validate(value, schema, where, true, 0);
			}
		}
	}
	return bad;
}

/* Each example holds the required properties, the declared types, enums, bounds and
 * patterns, and no property its schema shuts out; $refs are followed within the document.
 * *ctx counts the responses looked at. */
static int examples_match(const char *path, const char *method, json_t *op, void *ctx)
{
	const char *status;
	json_t *resp;
	char what[512];
	snprintf(what, sizeof what, "%s %s request", method, path);
	int bad = check_media_examples(
	    json_object_get(deref(json_object_get(op, "requestBody")), "content"), what);
	json_object_foreach(json_object_get(op, "responses"), status, resp)
	{
		snprintf(what, sizeof what, "%s %s %s", method, path, status);
		bad += check_media_examples(json_object_get(deref(resp), "content"), what);
		++*(int *)ctx;
	}
	return bad;
}

static void test_examples_match_their_schemas(void **state)
{
	assert_each_operation_counted(examples_match);
}

/* The checker itself: it must refuse what it is meant to refuse. */
static void test_example_checker_refuses_bad_examples(void **state)
{
	json_t *schema = json_pack(
	    "{s:s, s:b, s:[s], s:{s:{s:s}, s:{s:[s,s]}, s:{s:s, s:{s:s}}, s:{s:s}}}", "type",
	    "object", "additionalProperties", 0, "required", "name", "properties", "name", "type",
	    "string", "state", "enum", "draft", "submitted", "ids", "type", "array", "items",
	    "type", "integer", "error", "$ref", "#/components/schemas/Error");
	json_t *good = json_pack("{s:s, s:s, s:[i,i]}", "name", "泉城证券股份有限公司", "state",
	                         "draft", "ids", 1, 2);
	assert_int_equal(validate(good, schema, "good", false, 0), 0);
	json_t *cases[] = {
	    json_pack("{s:s}", "state", "draft"), /* required missing */
	    json_pack("{s:i}", "name", 7),        /* wrong type */
	    json_pack("{s:s, s:s}", "name", "深蓝链科技有限公司", "state", "launched"), /* enum */
	    json_pack("{s:s, s:[s]}", "name", "x", "ids", "1"), /* item type */
	    json_pack("{s:s, s:b}", "name", "x", "extra", 1),   /* unknown property */
	    json_pack("{s:s, s:{s:{s:s}}}", "name", "x", "error", "error", "code", "x"), /* $ref */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_true(validate(cases[i], schema, "bad", false, 0) > 0);
		json_decref(cases[i]);
	}
	json_decref(good);
	json_decref(schema);
}

/* docs/API.md holds exactly `baotu routes` between its markers, so that the documented routes
 * cannot drift from the table. */
static void test_api_md_holds_the_current_rendering(void **state)
{
	assert_doc_holds_rendering(
	    "docs/API.md", "<!-- routes:begin -->", "<!-- routes:end -->", routes_render_markdown,
	    "docs/API.md is out of date with src/web/routes.c: put the output of "
	    "`baotu routes` between the markers.");
}

TEST_MAIN("web_routes_openapi", setup, teardown, cmocka_unit_test(test_document_is_openapi_3_1),
          cmocka_unit_test(test_every_api_route_is_documented),
          cmocka_unit_test(test_idempotency_key_documented_on_writes),
          cmocka_unit_test(test_every_operation_is_an_api_route),
          cmocka_unit_test(test_operations_have_summary_and_responses),
          cmocka_unit_test(test_route_patterns_unique_per_method),
          cmocka_unit_test(test_every_route_is_reachable),
          cmocka_unit_test(test_every_route_has_a_handler_or_a_binding),
          cmocka_unit_test(test_path_parameters_declared),
          cmocka_unit_test(test_roles_match_route_table),
          cmocka_unit_test(test_security_follows_roles_and_method),
          cmocka_unit_test(test_errors_use_error_schema),
          cmocka_unit_test(test_lists_are_paginated), cmocka_unit_test(test_refs_resolve),
          cmocka_unit_test(test_every_operation_has_examples),
          cmocka_unit_test(test_examples_match_their_schemas),
          cmocka_unit_test(test_example_checker_refuses_bad_examples),
          cmocka_unit_test(test_api_md_holds_the_current_rendering))
