/* libmicrohttpd glue: the listening socket (IPv4, IPv6), TLS with its reload on SIGHUP, the
 * client's address behind trusted proxies, limits, body capping, one dispatch through the route
 * table, auth, CSRF, error rendering, the request log, and a draining shutdown on SIGTERM. */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/access.h"
#include "app/indicators.h"
#include "app/projects.h"
#include "lib/hex.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/oom.h"
#include "lib/time.h"
#include "lib/utf8.h"
#include "web/connguard.h"
#include "web/html.h"
#include "web/idempotency.h"
#include "web/multipart.h"
#include "web/routes.h"
#include "web/ui.h"

typedef struct ctx {
	req r;
	int64_t t0;
	bool too_large;
	bool done;
	bool https;      /* over TLS, directly or as a trusted proxy says */
	bool admitted;   /* the caller was judged at the head (an upload route) and let in */
	bool refused;    /* ... and refused: r holds the answer, the body is thrown away */
	size_t max_body; /* the route's cap, else the server's */
} ctx;

/* How far over its cap a body is still read (and thrown away) to answer 413 cleanly. */
#define DISCARD_MAX ((unsigned long long)4 << 20)

static app *g_app;
static server_opts g_opts;
static connguard_proxies g_proxies; /* --trusted-proxy */
/* The certificate chain and key handshakes use now; NULL: plain http. */
static _Atomic(struct tls_pair *) g_tls;
/* Requests begun and not yet completed: the drain waits for these, not for idle keep-alive
 * connections (a browser's would hold every shutdown for the whole grace period). */
static atomic_int g_inflight;

/* ---- request accessors ---- */

const char *req_param(const req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (!strcmp(r->param_names[i], name))
			return r->param_values[i];
	return NULL;
}

const char *req_query(const req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(const req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(const req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static int parse_id(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18)
		return -1;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v <= 0)
		return -1;
	*out = v;
	return 0;
}

int req_param_id(req *r, const char *name, int64_t *out)
{
	if (parse_id(req_param(r, name), out) < 0)
		return err_set(&r->e, 404, "not_found", name, "No such record.");
	return 0;
}

int req_page(req *r, int64_t *after, int *limit)
{
	const char *a = req_query(r, "after"), *l = req_query(r, "limit");
	int64_t v;
	*after = 0;
	*limit = 50;
	if (a && *a) {
		if (parse_id(a, &v) < 0)
			return err_set(&r->e, 400, "invalid_value", "after",
			               "Parameter {field} must be a cursor from a previous page.");
		*after = v;
	}
	if (l && *l) {
		if (parse_id(l, &v) < 0 || v > 200)
			return err_set(&r->e, 400, "invalid_value", "limit",
			               "Parameter {field} must be between 1 and 200.");
		*limit = (int)v;
	}
	return 0;
}

void req_add_header(req *r, const char *name, const char *value)
{
	if (r->nheaders == REQ_MAX_HEADERS)
		abort(); /* programming error: raise REQ_MAX_HEADERS */
	r->hname[r->nheaders] = name;
	r->hvalue[r->nheaders++] = value;
}

static bool content_type_is(const req *r, const char *want)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = strlen(want);
	return ct && !strncasecmp(ct, want, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

json_t *req_json_body(req *r)
{
	if (!content_type_is(r, "application/json")) {
		err_set(&r->e, 415, "unsupported_media_type", NULL,
		        "Send the body as application/json.");
		return NULL;
	}
	return json_parse_object(r->body.data, r->body.len, &r->e);
}

/* Decodes one application/x-www-form-urlencoded component into the arena. */
static char *form_decode(arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && hex_digit(s[i + 1]) >= 0 &&
		           hex_digit(s[i + 2]) >= 0) {
			*o++ = (char)(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

const char *urlencoded_value(arena *a, const char *body, size_t len, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = body, *end = body + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *kend = eq ? eq : stop;
		char *key = form_decode(a, p, (size_t)(kend - p));
		if (strlen(key) == nlen && !memcmp(key, name, nlen))
			return eq ? form_decode(a, eq + 1, (size_t)(stop - eq - 1))
			          : arena_strdup(a, "");
		p = stop + 1;
	}
	return NULL;
}

const char *req_form(req *r, const char *name)
{
	if (!content_type_is(r, "application/x-www-form-urlencoded") || !r->body.data)
		return NULL;
	return urlencoded_value(r->a, r->body.data, r->body.len, name);
}

/* ---- responses ---- */

int reply_json_written(req *r, int status)
{
	buf_putc(&r->out, '\n');
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	return 0;
}

int reply_json(req *r, int status, json_t *body)
{
	return reply_json_flags(r, status, body, JSON_COMPACT);
}

/* The message, translated, with {field} replaced by the field name. */
static const char *error_message(req *r)
{
	const char *m = tr(r->lang, r->e.msg ? r->e.msg : "Something went wrong.");
	const char *f = strstr(m, "{field}");
	if (!f)
		return m;
	return arena_printf(r->a, "%.*s%s%s", (int)(f - m), m, r->e.field ? r->e.field : "", f + 7);
}

int reply_error(req *r)
{
	if (!r->e.status) {
		err_set(&r->e, 500, "internal", NULL, "Something went wrong.");
	}
	json_t *e = json_pack("{s:s, s:s}", "code", r->e.code, "message", error_message(r));
	json_object_set_new(e, "field", r->e.field ? json_string(r->e.field) : json_null());
	if (r->e.details) {
		json_object_update(e, r->e.details);
		err_free_details(&r->e);
	}
	if (r->e.retry_after_s)
		req_add_header(r, "Retry-After", arena_printf(r->a, "%d", r->e.retry_after_s));
	return reply_json(r, r->e.status, json_pack("{s:o}", "error", e));
}

int reply_html(req *r, int status)
{
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	return 0;
}

int reply_redirect(req *r, const char *location)
{
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
	req_add_header(r, "Location", location);
	buf_reset(&r->out);
	return 0;
}

int reply_json_flags(req *r, int status, json_t *body, size_t flags)
{
	buf_reset(&r->out);
	json_dump_buf(body, &r->out, flags);
	json_decref(body);
	buf_putc(&r->out, '\n');
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	return 0;
}

/* ---- dispatch ---- */

static bool token_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

/* An ingestion token (app/indicators.h) authenticates only the routes marked ROUTE_API_TOKEN,
 * for the project of the path; elsewhere it is no credential at all. */
static void authenticate_api_token(req *r, const route *rt, const char *token)
{
	int64_t pid;
	if (!(rt->flags & ROUTE_API_TOKEN) || req_param_id(r, "id", &pid) < 0)
		return;
	err e;
	err_clear(&e);
	if (api_token_authenticate(r->app, r->a, token, pid, &r->who, &e) == 0)
		r->authed = true;
	else
		r->e = e; /* 401 invalid_token, or a store failure */
}

static void authenticate(req *r, const route *rt)
{
	const char *h = req_header(r, "Authorization");
	const char *token = NULL;
	if (h && !strncasecmp(h, "Bearer ", 7)) {
		token = h + 7;
		if (api_token_like(token)) {
			authenticate_api_token(r, rt, token);
			return;
		}
	} else if ((token = req_cookie(r, "baotu_session"))) {
		r->via_cookie = true;
	}
	if (!token)
		return;
	err e;
	err_clear(&e);
	if (session_resolve(r->app, r->a, token, &r->who, &r->csrf, &e) == 0) {
		r->authed = true;
		r->token = arena_strdup(r->a, token);
	} else if (e.status != 401) {
		r->e = e; /* a store failure is not "logged out" */
	}
}

static int render_error(req *r, const route *rt)
{
	if (rt && rt->kind == ROUTE_UI)
		return ui_error_page(r);
	return reply_error(r);
}

static void set_lang(req *r)
{
	const char *lc = req_query(r, "lang");
	if (!lc)
		lc = req_cookie(r, "lang");
	if (!lc && !strncmp(r->path, "/api/", 5)) {
		/* zh-CN first: pages switch only by choice (cookie); API clients may ask by header.
		 */
		const char *al = req_header(r, "Accept-Language");
		lc = al && !strncmp(al, "en", 2) ? "en" : NULL;
	}
	r->lang = lang_parse(lc);
}

/* Who the caller is, and whether the route's roles let them in. false when r holds the answer:
 * 401 (the log-in page for a page), 403, or a store failure. */
static bool admit(req *r, const route *rt)
{
	authenticate(r, rt);
	if (r->e.status) {
		render_error(r, rt);
		return false;
	}
	r->demo = rt->kind == ROUTE_UI && app_is_demo(r->app);
	if (!(rt->roles & ROLE_PUBLIC)) {
		if (!r->authed) {
			if (rt->kind == ROUTE_UI) {
				buf next = BUF_INIT;
				buf_puts(&next, "/login?next=");
				url_encode(&next, r->path);
				reply_redirect(r, arena_strdup(r->a, buf_cstr(&next)));
				buf_free(&next);
				return false;
			}
			err_set(&r->e, 401, "unauthenticated", NULL, "Log in first.");
			render_error(r, rt);
			return false;
		}
		if (!(rt->roles & r->who.role)) {
			err_set(&r->e, 403, "forbidden", NULL, "Your role may not do this.");
			render_error(r, rt);
			return false;
		}
	}
	return true;
}

/* admitted: admit() has let the caller in already (at the head of an upload). */
static void dispatch(req *r, bool admitted)
{
	set_lang(r);
	int path_matched = 0;
	const route *rt = routes_match(r, r->method, r->path, &path_matched);
	bool api = !strncmp(r->path, "/api/", 5) || !strcmp(r->path, "/healthz");
	if (!rt) {
		if (path_matched)
			err_set(&r->e, 405, "method_not_allowed", NULL,
			        "This method is not allowed here.");
		else
			err_set(&r->e, 404, "not_found", NULL, "No such page or resource.");
		if (api)
			reply_error(r);
		else
			ui_error_page(r);
		return;
	}
	if (rt->kind == ROUTE_STATIC) {
		rt->handler(r);
		return;
	}
	if (!admitted && !admit(r, rt))
		return;
	bool write = strcmp(r->method, "GET") && strcmp(r->method, "HEAD");
	/* Log-in routes carry credentials (and the form checks Origin): no session token yet. */
	if (write && r->authed && r->via_cookie && !(rt->flags & ROUTE_NO_CSRF)) {
		const char *t = req_header(r, "X-CSRF-Token");
		if (!t)
			t = req_form(r, "csrf");
		if (!t) /* a form with a file input posts multipart/form-data */
			t = multipart_text_field(req_header(r, "Content-Type"), r->body.data,
			                         r->body.len, r->a, "csrf");
		if (!t || !token_equal(t, r->csrf)) {
			err_set(&r->e, 403, "csrf_failed", NULL,
			        "The form or request is missing its CSRF token; reload the page.");
			render_error(r, rt);
			return;
		}
	}
	if (rt->flags & ROUTE_PROJECT) {
		int64_t pid;
		if (req_param_id(r, "id", &pid) < 0 ||
		    project_check_known(r->app, r->a, &r->who, pid, &r->e) < 0) {
			render_error(r, rt);
			return;
		}
	}
	/* Idempotency-Key (web/idempotency.c): a replay answers here; else the handler's writes
	 * and the record of its answer commit together in web_idem_finish. */
	web_idem idem;
	int ir = web_idem_start(r, rt, &idem);
	if (ir != 0) {
		if (ir < 0)
			render_error(r, rt);
		return;
	}
	if (rt->handler(r) < 0)
		render_error(r, rt);
	web_idem_finish(r, &idem);
}

/* ---- libmicrohttpd callbacks ---- */

/* A NUL byte in the request target, raw or as %00, or a raw control character there. C strings
 * end at a NUL: "/api/v1/projects/9%00" would otherwise be taken as project 9. */
static char NUL_IN_TARGET; /* its address marks such a request (it is never written) */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	size_t n = strlen(uri);
	/* libmicrohttpd has ended the target with a NUL where the space before the version was;
	 * when the version does not follow, a raw NUL cut the target short. */
	const char *after = uri + n + 1;
	if (strncmp(after, "HTTP/", 5))
		return &NUL_IN_TARGET;
	for (const char *p = uri; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f ||
		    (p[0] == '%' && p[1] == '0' && p[2] == '0'))
			return &NUL_IN_TARGET;
	return NULL;
}

/* A raw NUL inside a header line. libmicrohttpd 0.9.75 parses the head in place: each value
 * ends with a NUL written over its line's CR (or LF), so the byte after that NUL is the line's
 * LF, the next line's first byte or another end mark. Anything else means the value was cut
 * short by a NUL the client sent. */
struct nul_scan {
	bool bad;
	const char *prev_end; /* the NUL that ends the previous value */
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	(void)key_size;
	struct nul_scan *s = cls;
	if (s->prev_end) {
		char c = s->prev_end[1];
		if (c != '\n' && c != '\r' && c != '\0' && s->prev_end + 1 != key)
			s->bad = true;
	}
	s->prev_end = value ? value + value_size : NULL;
	return MHD_YES;
}

static bool nul_in_headers(struct MHD_Connection *conn)
{
	struct nul_scan s = {false, NULL};
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_header, &s);
	if (s.prev_end) {
		char c = s.prev_end[1];
		if (c != '\n' && c != '\r' && c != '\0')
			s.bad = true;
	}
	return s.bad;
}

/* The query's parameters and the headers that carry credentials or decide how the body is
 * read: a name given twice is refused (which one would win differs between a proxy, a cache and
 * baotu), and so is a parameter that is not UTF-8 text or holds a control character (after
 * percent-decoding; a NUL was refused with the raw target). */
#define SCAN_NAMES_MAX 64

struct args_scan {
	int n;
	const char *names[SCAN_NAMES_MAX];
	const char *bad;  /* the parameter or header at fault */
	const char *code; /* its error code */
};

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	struct args_scan *s = cls;
	if (!utf8_valid(key, key_size) || (value && !utf8_valid(value, value_size)) ||
	    utf8_has_control(key, key_size) || (value && utf8_has_control(value, value_size))) {
		s->bad = key;
		s->code = "invalid_text";
		return MHD_NO;
	}
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], key)) {
			s->bad = key;
			s->code = "duplicate_parameter";
			return MHD_NO;
		}
	if (s->n == SCAN_NAMES_MAX) {
		s->bad = key;
		s->code = "too_many_parameters";
		return MHD_NO;
	}
	s->names[s->n++] = key;
	return MHD_YES;
}

static const char *const SINGLE_HEADERS[] = {"Authorization",
                                             "Cookie",
                                             "Content-Type",
                                             "Content-Length",
                                             "Host",
                                             "X-CSRF-Token",
                                             "Idempotency-Key",
                                             "X-Complaint-Secret",
                                             "Origin",
                                             "Transfer-Encoding",
                                             NULL};

static enum MHD_Result scan_single_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                          size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	(void)key_size;
	(void)value;
	(void)value_size;
	struct args_scan *s = cls;
	for (int i = 0; SINGLE_HEADERS[i]; i++) {
		if (strcasecmp(key, SINGLE_HEADERS[i]))
			continue;
		for (int k = 0; k < s->n; k++)
			if (s->names[k] == SINGLE_HEADERS[i]) {
				s->bad = SINGLE_HEADERS[i];
				return MHD_NO;
			}
		if (s->n < SCAN_NAMES_MAX)
			s->names[s->n++] = SINGLE_HEADERS[i];
	}
	return MHD_YES;
}

/* 0, or -1 with r->e saying which parameter or header is refused. */
static int check_args(req *r, struct MHD_Connection *conn)
{
	struct args_scan s = {0};
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_single_header, &s);
	if (s.bad)
		return err_setf(&r->e, 400, "duplicate_parameter",
		                "Header {field} appears more than once.", "%s", s.bad);
	memset(&s, 0, sizeof s);
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, scan_arg, &s);
	if (!s.bad)
		return 0;
	if (!strcmp(s.code, "duplicate_parameter"))
		return err_setf(&r->e, 400, s.code, "Parameter {field} appears more than once.",
		                "%s", s.bad);
	if (!strcmp(s.code, "too_many_parameters"))
		return err_set(&r->e, 400, s.code, NULL, "The request has too many parameters.");
	/* the name may be the bad text itself: it is not echoed */
	return err_set(&r->e, 400, s.code, utf8_valid(s.bad, strlen(s.bad)) ? s.bad : NULL,
	               "Parameter {field} is not valid UTF-8 text or holds a control character.");
}

/* Each connection's memory for a request head, the read buffer of a body and the answer's
 * head. libmicrohttpd (0.9.75) zeroes all of it after every request of a kept-alive
 * connection: at 128 KiB that memset was a tenth of a small read's time. 32 KiB (its default,
 * and four times nginx's usual header buffer) holds any head a browser or client sends; a
 * larger one is answered 431. Bodies stream through it in pieces, whatever their size. */
#define CONNECTION_MEMORY ((size_t)32 * 1024)

static enum MHD_Result queue(struct MHD_Connection *conn, ctx *x)
{
	req *r = &x->r;
	size_t len = r->out.len;
	char *data = buf_take(&r->out);
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type",
	                        r->content_type ? r->content_type : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "X-Request-Id", r->id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	/* no plugins (object-src) and no <base> taking the page's links elsewhere (base-uri); the
	 * legacy XSS filter of old browsers, where there is one, blocks rather than rewrites */
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	                        "script-src 'self'; object-src 'none'; base-uri 'self'; "
	                        "frame-ancestors 'none'; form-action 'self'");
	MHD_add_response_header(resp, "X-XSS-Protection", "1; mode=block");
	/* Over https every cookie is Secure, and browsers are told to keep to https. */
	if (x->https)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	bool has_cache = false;
	for (int i = 0; i < r->nheaders; i++) {
		const char *v = r->hvalue[i];
		if (x->https && !strcasecmp(r->hname[i], "Set-Cookie"))
			v = arena_printf(r->a, "%s; Secure", v);
		MHD_add_response_header(resp, r->hname[i], v);
		if (!strcasecmp(r->hname[i], "Cache-Control"))
			has_cache = true;
	}
	if (!has_cache)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	x->done = true;
	return ret;
}

/* Every line of a request header joined by ", " in order (a proxy may add a line of its own
 * rather than extend the client's), or NULL. */
struct joined {
	const char *name;
	buf b;
	bool any;
};

static enum MHD_Result join_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	(void)key_size;
	struct joined *j = cls;
	if (strcasecmp(key, j->name))
		return MHD_YES;
	if (j->any)
		buf_puts(&j->b, ", ");
	buf_append(&j->b, value ? value : "", value ? value_size : 0);
	j->any = true;
	return MHD_YES;
}

static const char *joined_header(req *r, struct MHD_Connection *conn, const char *name)
{
	struct joined j = {name, BUF_INIT, false};
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, join_header, &j);
	const char *out = j.any ? arena_strdup(r->a, buf_cstr(&j.b)) : NULL;
	buf_free(&j.b);
	return out;
}

/* Whether the right-most item of X-Forwarded-Proto (set by the nearest proxy) is https. */
static bool forwarded_https(const char *proto)
{
	if (!proto)
		return false;
	const char *last = strrchr(proto, ',');
	last = last ? last + 1 : proto;
	last += strspn(last, " \t");
	return !strncasecmp(last, "https", 5) && !last[5 + strspn(last + 5, " \t")];
}

/* The request's client address and whether it came over https (see connguard_client). */
static void client_of(ctx *x, struct MHD_Connection *conn)
{
	req *r = &x->r;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char peer[CONNGUARD_ADDRSTRLEN], client[CONNGUARD_ADDRSTRLEN];
	connguard_sockaddr_text(ci ? ci->client_addr : NULL, peer);
	bool via_proxy = false;
	if (g_proxies.n)
		via_proxy = connguard_client(&g_proxies, peer,
		                             joined_header(r, conn, "X-Forwarded-For"), client);
	r->address = arena_strdup(r->a, via_proxy ? client : peer);
	x->https = atomic_load(&g_tls) != NULL ||
	           (via_proxy && forwarded_https(joined_header(r, conn, "X-Forwarded-Proto")));
}

/* At the head of a request to a route that takes a larger body than the server's (uploads):
 * the caller is judged before any of the body is read, so that only a caller who is known and
 * allowed, and who may see the project it sends to, may send that much. A public route keeps the server's cap. Returns the cap. */
static size_t head_admission(ctx *x, const route *rt)
{
	req *r = &x->r;
	if (!rt || !rt->max_body)
		return g_opts.max_body;
	if (rt->max_body <= g_opts.max_body)
		return rt->max_body;
	if (rt->roles & ROLE_PUBLIC)
		return g_opts.max_body;
	set_lang(r);
	x->admitted = admit(r, rt);
	/* A project the caller may not see is a 404 before its body too (dispatch asks again). */
	int64_t pid;
	if (x->admitted && (rt->flags & ROUTE_PROJECT) &&
	    (req_param_id(r, "id", &pid) < 0 ||
	     project_check_known(r->app, r->a, &r->who, pid, &r->e) < 0)) {
		render_error(r, rt);
		x->admitted = false;
	}
	x->refused = !x->admitted;
	app_request_end();
	return rt->max_body;
}

static void random_id(char out[17])
{
	unsigned char b[8];
	randombytes_buf(b, sizeof b);
	sodium_bin2hex(out, 17, b, sizeof b);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	ctx *x = *con_cls;
	bool nul_in_target = x == (void *)&NUL_IN_TARGET;
	if (nul_in_target)
		x = NULL;
	if (!x) {
		connguard_head_done(conn);
		x = xcalloc(1, sizeof *x);
		x->t0 = time_mono_us();
		atomic_fetch_add(&g_inflight, 1);
		req *r = &x->r;
		r->a = arena_new();
		r->app = g_app;
		r->conn = conn;
		r->method = arena_strdup(r->a, method);
		r->path = arena_strdup(r->a, url);
		random_id(r->id);
		client_of(x, conn);
		*con_cls = x;
		if (nul_in_target || nul_in_headers(conn)) {
			err_set(&r->e, 400, "invalid_request", NULL,
			        "The request line or a header holds a NUL byte or a control "
			        "character.");
			reply_error(r);
			return queue(conn, x);
		}
		if (check_args(r, conn) < 0) {
			reply_error(r);
			return queue(conn, x);
		}
		/* The route may allow a larger body (uploads); dispatch matches it again. */
		int path_matched;
		const route *rt = routes_match(r, r->method, r->path, &path_matched);
		x->max_body = head_admission(x, rt);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
		unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
		const char *expect =
		    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
		/* A caller refused at the head is answered at once, unless the body is as small as
		 * any route's: then it is read and thrown away first, as below. */
		if (x->refused) {
			if (!cl || expect || declared > g_opts.max_body)
				return queue(conn, x);
			return MHD_YES;
		}
		/* A declared oversize body is never buffered. A client that waits for "100
		 * Continue", or whose body is far over the cap, is answered at once; a little
		 * over, the body is read and discarded so that a client that sends before it reads
		 * gets its 413 rather than a broken connection. */
		if (cl && declared > x->max_body) {
			x->too_large = true;
			if (expect || declared > x->max_body + DISCARD_MAX) {
				err_set(&r->e, 413, "payload_too_large", NULL,
				        "The request body is too large.");
				reply_error(r);
				return queue(conn, x);
			}
		}
		return MHD_YES;
	}
	if (x->done)
		return MHD_YES;
	req *r = &x->r;
	if (*upload_data_size) {
		if (!x->too_large && !x->refused) {
			if (r->body.len + *upload_data_size > x->max_body) {
				x->too_large = true;
				buf_free(&r->body);
			} else {
				buf_append(&r->body, upload_data, *upload_data_size);
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (x->refused) {
		/* the answer was written at the head */
	} else if (x->too_large) {
		err_set(&r->e, 413, "payload_too_large", NULL, "The request body is too large.");
		reply_error(r);
	} else {
		dispatch(r, x->admitted);
		app_request_end(); /* nothing of this request's store use outlives it */
	}
	return queue(conn, x);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	ctx *x = *con_cls;
	connguard_request_done(conn);
	if (!x || x == (void *)&NUL_IN_TARGET) {
		*con_cls = NULL;
		return;
	}
	log_msg("http", "%s %s %d %lldus %s", x->r.method, x->r.path, x->r.status,
	        (long long)(time_mono_us() - x->t0), x->r.id);
	err_free_details(&x->r.e);
	buf_free(&x->r.body);
	buf_free(&x->r.out);
	arena_free(x->r.a);
	free(x);
	*con_cls = NULL;
	atomic_fetch_sub(&g_inflight, 1);
}

/* ---- TLS: the files, loaded at start and again on SIGHUP ---- */

#define TLS_MAX_CHAIN 8
#define TLS_FILE_MAX ((off_t)1 << 20)
/* TLS 1.2 and 1.3 only, GnuTLS's usual ciphers for them. */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

typedef struct tls_pair {
	/* The pair this one replaced. A pair is never freed while serving: a handshake may have
	 * taken it just before a reload (each is a few KiB, and reloads are rare). */
	struct tls_pair *replaced;
	gnutls_pcert_st chain[TLS_MAX_CHAIN];
	unsigned n;
	gnutls_privkey_t key;
	char about[512]; /* the leaf's SHA-256 fingerprint and expiry, for the log */
} tls_pair;

static void tls_pairs_free(tls_pair *p)
{
	while (p) {
		tls_pair *older = p->replaced;
		for (unsigned i = 0; i < p->n; i++)
			gnutls_pcert_deinit(&p->chain[i]);
		if (p->key)
			gnutls_privkey_deinit(p->key);
		free(p);
		p = older;
	}
}

/* A whole file (at most 1 MiB) into d (malloc'd); -1 with why. */
static int read_tls_file(const char *path, gnutls_datum_t *d, char *why, size_t why_size)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) < 0) {
		snprintf(why, why_size, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > TLS_FILE_MAX) {
		snprintf(why, why_size, "%s: not a PEM file of at most 1 MiB", path);
		fclose(f);
		return -1;
	}
	d->data = xmalloc((size_t)st.st_size);
	d->size = (unsigned)st.st_size;
	bool ok = fread(d->data, 1, d->size, f) == d->size;
	fclose(f);
	if (!ok) {
		snprintf(why, why_size, "%s: cannot read it", path);
		free(d->data);
		d->data = NULL;
		return -1;
	}
	return 0;
}

/* Whether the key is the certificate's (their public keys' SHA-256 ids agree). */
static bool key_matches(gnutls_privkey_t key, gnutls_pubkey_t cert_pub)
{
	gnutls_pubkey_t pub;
	unsigned char a[64], b[64];
	size_t la = sizeof a, lb = sizeof b;
	if (gnutls_pubkey_init(&pub) < 0)
		return false;
	bool ok = gnutls_pubkey_import_privkey(pub, key, 0, 0) >= 0 &&
	          gnutls_pubkey_get_key_id(pub, GNUTLS_KEYID_USE_SHA256, a, &la) >= 0 &&
	          gnutls_pubkey_get_key_id(cert_pub, GNUTLS_KEYID_USE_SHA256, b, &lb) >= 0 &&
	          la == lb && !memcmp(a, b, la);
	gnutls_pubkey_deinit(pub);
	return ok;
}

/* The leaf's fingerprint (as browsers and node:tls write it) and expiry into p->about; warns
 * when it is out of its validity. */
static void describe_leaf(tls_pair *p, const char *cert_path)
{
	gnutls_x509_crt_t crt;
	unsigned char fp[32];
	size_t fl = sizeof fp;
	snprintf(p->about, sizeof p->about, "%s", cert_path);
	if (gnutls_x509_crt_init(&crt) < 0)
		return;
	if (gnutls_x509_crt_import(crt, &p->chain[0].cert, GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &fl) >= 0) {
		time_t until = gnutls_x509_crt_get_expiration_time(crt);
		time_t from = gnutls_x509_crt_get_activation_time(crt);
		struct tm tm;
		char day[16] = "?";
		if (until != (time_t)-1 && gmtime_r(&until, &tm))
			strftime(day, sizeof day, "%Y-%m-%d", &tm);
		char fpt[3 * sizeof fp] = "";
		for (size_t i = 0, k = 0; i < fl; i++)
			k += (size_t)snprintf(fpt + k, sizeof fpt - k, "%s%02X", i ? ":" : "",
			                      fp[i]);
		snprintf(p->about, sizeof p->about, "%s, SHA-256 %s, until %s", cert_path, fpt,
		         day);
		time_t now = time(NULL);
		if (until != (time_t)-1 && until < now)
			log_warn("TLS: the certificate in %s expired on %s", cert_path, day);
		else if (from != (time_t)-1 && from > now)
			log_warn("TLS: the certificate in %s is not valid yet", cert_path);
	}
	gnutls_x509_crt_deinit(crt);
}

/* The chain (leaf first) and its key from PEM files; NULL with why. */
static tls_pair *tls_load(const char *cert_path, const char *key_path, char *why, size_t why_size)
{
	gnutls_datum_t cert = {NULL, 0}, key = {NULL, 0};
	tls_pair *p = xcalloc(1, sizeof *p);
	int rc;
	if (read_tls_file(cert_path, &cert, why, why_size) < 0 ||
	    read_tls_file(key_path, &key, why, why_size) < 0)
		goto fail;
	p->n = TLS_MAX_CHAIN;
	rc = gnutls_pcert_list_import_x509_raw(p->chain, &p->n, &cert, GNUTLS_X509_FMT_PEM,
	                                       GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED);
	if (rc < 0 || p->n == 0) {
		p->n = 0;
		snprintf(why, why_size, "%s: no certificate chain (leaf first, at most %d): %s",
		         cert_path, TLS_MAX_CHAIN, gnutls_strerror(rc));
		goto fail;
	}
	if ((rc = gnutls_privkey_init(&p->key)) < 0 ||
	    (rc = gnutls_privkey_import_x509_raw(p->key, &key, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
		snprintf(why, why_size, "%s: no private key (PEM, unencrypted): %s", key_path,
		         gnutls_strerror(rc));
		goto fail;
	}
	if (!key_matches(p->key, p->chain[0].pubkey)) {
		snprintf(why, why_size, "the key in %s is not the key of the certificate in %s",
		         key_path, cert_path);
		goto fail;
	}
	describe_leaf(p, cert_path);
	sodium_memzero(key.data, key.size);
	free(key.data);
	free(cert.data);
	return p;
fail:
	if (key.data)
		sodium_memzero(key.data, key.size);
	free(key.data);
	free(cert.data);
	tls_pairs_free(p);
	return NULL;
}

/* gnutls_certificate_retrieve_function2: every handshake gets the current pair. */
static int tls_certificate(gnutls_session_t session, const gnutls_datum_t *req_ca_dn, int nreqs,
                           const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
                           gnutls_pcert_st **pcert, unsigned int *pcert_length,
                           gnutls_privkey_t *privkey)
{
	(void)session;
	(void)req_ca_dn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	tls_pair *p = atomic_load(&g_tls);
	if (!p)
		return -1;
	*pcert = p->chain;
	*pcert_length = p->n;
	*privkey = p->key;
	return 0;
}

/* SIGHUP: the files again; a pair that does not load leaves the current one serving. */
static void tls_reload(void)
{
	if (!g_opts.tls_cert) {
		log_info("SIGHUP: no TLS files to reload");
		return;
	}
	char why[512];
	tls_pair *p = tls_load(g_opts.tls_cert, g_opts.tls_key, why, sizeof why);
	if (!p) {
		log_error("SIGHUP: TLS files not reloaded, the current certificate stays: %s", why);
		return;
	}
	p->replaced = atomic_load(&g_tls);
	atomic_store(&g_tls, p);
	log_info("SIGHUP: TLS certificate reloaded (%s)", p->about);
}

/* ---- the listening socket ---- */

static struct sockaddr_storage g_listen_addr;
static bool g_listen_v6;

/* HOST:PORT: an IPv4 address or localhost, or [IPv6] ([::] listens on IPv4 too). */
static int parse_listen(const char *s, struct sockaddr_storage *ss, bool *v6)
{
	const char *colon = strrchr(s, ':');
	if (!colon)
		return -1;
	char host[64];
	size_t hl = (size_t)(colon - s);
	if (hl == 0 || hl >= sizeof host)
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	*v6 = host[0] == '[';
	if (*v6) {
		struct sockaddr_in6 *sa = (struct sockaddr_in6 *)ss;
		if (hl < 3 || host[hl - 1] != ']')
			return -1;
		host[hl - 1] = '\0';
		sa->sin6_family = AF_INET6;
		sa->sin6_port = htons((uint16_t)port);
		return inet_pton(AF_INET6, host + 1, &sa->sin6_addr) == 1 ? 0 : -1;
	}
	struct sockaddr_in *sa = (struct sockaddr_in *)ss;
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

int server_prepare(const server_opts *o)
{
	g_opts = *o;
	if (parse_listen(o->listen, &g_listen_addr, &g_listen_v6) < 0) {
		log_error("--listen: '%s' is not HOST:PORT (an IPv4 address, localhost, or an IPv6 "
		          "address in brackets such as [::1]:8080)",
		          o->listen);
		return 2;
	}
	char why[512];
	if (connguard_proxies_parse(o->trusted_proxy, &g_proxies, why, sizeof why) < 0) {
		log_error("--trusted-proxy: %s", why);
		return 2;
	}
	if (!o->tls_cert != !o->tls_key) {
		log_error("--tls-cert and --tls-key go together");
		return 2;
	}
	if (o->tls_cert) {
		tls_pair *p = tls_load(o->tls_cert, o->tls_key, why, sizeof why);
		if (!p) {
			log_error("TLS: %s", why);
			return 2;
		}
		atomic_store(&g_tls, p);
		log_info("TLS certificate loaded (%s)", p->about);
	}
	return 0;
}

void server_discard(void)
{
	tls_pairs_free(atomic_exchange(&g_tls, NULL));
}

int server_run(app *ap, const server_opts *o)
{
	g_app = ap;
	g_opts = *o;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* MHD's threads inherit the mask */
	signal(SIGPIPE, SIG_IGN);
	connguard_opts go = {o->max_connections, o->per_address, o->reserve, o->head_timeout_s,
	                     g_proxies.n ? &g_proxies : NULL};
	if (connguard_start(&go) < 0) {
		log_error("cannot start the connection guard");
		return 1;
	}
	bool tls = atomic_load(&g_tls) != NULL;
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)&g_listen_addr;
	bool any6 = g_listen_v6 && IN6_IS_ADDR_UNSPECIFIED(&a6->sin6_addr);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
	if (tls)
		flags |= MHD_USE_TLS;
	if (g_listen_v6)
		flags |= any6 ? MHD_USE_DUAL_STACK : MHD_USE_IPv6;
	struct MHD_OptionItem tls_options[] = {
	    {MHD_OPTION_HTTPS_CERT_CALLBACK, 0, (void *)tls_certificate},
	    {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)TLS_PRIORITIES},
	    {MHD_OPTION_END, 0, NULL}};
	struct MHD_OptionItem no_options[] = {{MHD_OPTION_END, 0, NULL}};
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, connguard_accept, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&g_listen_addr, MHD_OPTION_THREAD_POOL_SIZE, o->threads,
	    MHD_OPTION_CONNECTION_LIMIT, o->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
	    o->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION,
	    connguard_notify, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_ARRAY,
	    tls ? tls_options : no_options, MHD_OPTION_END);
	if (!d) {
		connguard_stop();
		tls_pairs_free(atomic_exchange(&g_tls, NULL));
		log_error("cannot listen on %s", o->listen);
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[CONNGUARD_ADDRSTRLEN];
	connguard_sockaddr_text((const struct sockaddr *)&g_listen_addr, host);
	unsigned port = di ? di->port
	                   : ntohs(g_listen_v6 ? a6->sin6_port
	                                       : ((struct sockaddr_in *)&g_listen_addr)->sin_port);
	log_info("baotu listening on %s://%s%s%s:%u/ (%u threads, store %s%s%s)",
	         tls ? "https" : "http", g_listen_v6 ? "[" : "", host, g_listen_v6 ? "]" : "", port,
	         o->threads, app_store_name(ap), g_proxies.n ? ", behind trusted proxies " : "",
	         g_proxies.n ? o->trusted_proxy : "");
	int sig = 0;
	for (;;) {
		sigwait(&set, &sig);
		if (sig != SIGHUP)
			break;
		tls_reload();
	}
	log_info("signal %d: draining", sig);
	MHD_quiesce_daemon(d);
	for (int i = 0; i < 100 && atomic_load(&g_inflight) > 0; i++)
		usleep(50000); /* up to 5 s for open requests to finish */
	MHD_stop_daemon(d);
	connguard_stop();
	tls_pairs_free(atomic_exchange(&g_tls, NULL));
	log_info("stopped");
	return 0;
}
