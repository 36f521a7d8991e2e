/* Health, the OpenAPI document, sessions, users, events. */
#include <stdlib.h>
#include <string.h>

#include "app/jobs.h"
#include "lib/embedded.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/routes.h"

/* ---- the shapes most handlers take ---- */

int reply_values(req *r, int status, json_t *body)
{
	return reply_json_flags(r, status, body, JSON_COMPACT | JSON_REAL_PRECISION(15));
}

int reply_figures(req *r, int status, json_t *body)
{
	return reply_json_flags(r, status, body, JSON_COMPACT | JSON_REAL_PRECISION(12));
}

int api_page(req *r, api_page_fn fn, api_reply reply)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = fn(r->app, r->a, &r->who, after, limit, &r->e);
	return o ? reply(r, 200, o) : -1;
}

int api_filtered(req *r, api_filtered_fn fn, const char *param, api_reply reply)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = fn(r->app, r->a, &r->who, req_query(r, param), after, limit, &r->e);
	return o ? reply(r, 200, o) : -1;
}

int api_sub_page(req *r, api_sub_page_fn fn, bool by_id, const char *param, api_reply reply)
{
	int64_t id = 0, after;
	int limit;
	if ((by_id && req_param_id(r, "id", &id) < 0) || req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o =
	    fn(r->app, r->a, &r->who, id, param ? req_query(r, param) : NULL, after, limit, &r->e);
	return o ? reply(r, 200, o) : -1;
}

int api_id_page(req *r, api_id_page_fn fn, api_reply reply)
{
	int64_t id, after;
	int limit;
	if (req_param_id(r, "id", &id) < 0 || req_page(r, &after, &limit) < 0)
		return -1;
	json_t *o = fn(r->app, r->a, &r->who, id, after, limit, &r->e);
	return o ? reply(r, 200, o) : -1;
}

static void location_of(req *r, const char *location, json_t *out)
{
	req_add_header(r, "Location",
	               arena_printf(r->a, "%s/%lld", location,
	                            (long long)json_integer_value(json_object_get(out, "id"))));
}

/* RFC 6266 with an RFC 5987 filename*: an ASCII fallback for old clients (anything else
 * becomes "_") and the exact UTF-8 name percent-encoded. */
const char *api_content_disposition(arena *a, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(name);
	char *ascii = arena_alloc(a, n + 1), *enc = arena_alloc(a, 3 * n + 1);
	char *o = enc, *p = ascii;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		/* one "_" for each character that is not plain ASCII (continuation bytes add none)
		 */
		if (c < 0x80)
			*p++ = c >= 0x20 && c < 0x7F && !strchr("\"\\%;", c) ? (char)c : '_';
		else if ((c & 0xC0) != 0x80)
			*p++ = '_';
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("!#$&+-.^_`|~", c)) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return arena_printf(a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
}

int api_send_file(req *r, const char *data, size_t len, const char *content_type,
                  const char *filename, const char *sha256)
{
	buf_reset(&r->out);
	buf_append(&r->out, data, len);
	r->status = 200;
	r->content_type = content_type;
	req_add_header(r, "Content-Disposition", api_content_disposition(r->a, filename));
	if (sha256)
		req_add_header(r, "ETag", arena_printf(r->a, "\"%s\"", sha256));
	return 0;
}

int api_read(req *r, api_read_fn fn, api_reply reply)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = fn(r->app, r->a, &r->who, id, &r->e);
	return o ? reply(r, 200, o) : -1;
}

int api_create(req *r, api_create_fn fn, const char *location, api_reply reply)
{
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = fn(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	if (rc == 0 && location)
		location_of(r, location, out);
	return api_written(r, rc, out, 201, reply);
}

/* Every write on .../{id} with a body: whether the caller may see {id} first (visible, when
 * not NULL), the body ({} when optional and left out), fn, the answer with status and, when
 * location is set, Location: location/NEWID. */
static int id_write(req *r, api_visible_fn visible, api_change_fn fn, bool body_optional,
                    int status, const char *location, api_reply reply)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0 ||
	    (visible && visible(r->app, r->a, &r->who, id, &r->e) < 0))
		return -1;
	json_t *b = body_optional ? api_body_or_empty(r) : req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = fn(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc == 0 && location)
		location_of(r, location, out);
	return api_written(r, rc, out, status, reply);
}

int api_create_under(req *r, api_change_fn fn, const char *location, api_reply reply)
{
	return id_write(r, NULL, fn, false, 201, location, reply);
}

int api_change(req *r, api_change_fn fn, int status, api_reply reply)
{
	return id_write(r, NULL, fn, false, status, NULL, reply);
}

int api_change_opt(req *r, api_change_fn fn, int status, api_reply reply)
{
	return id_write(r, NULL, fn, true, status, NULL, reply);
}

int api_change_visible(req *r, api_visible_fn visible, api_change_fn fn, bool body_optional,
                       int status, api_reply reply)
{
	return id_write(r, visible, fn, body_optional, status, NULL, reply);
}

int api_bound(req *r)
{
	const api_bind *b = r->route->bind;
	switch (b->kind) {
	case BIND_READ:
		return api_read(r, b->read, b->reply);
	case BIND_PAGE:
		return api_page(r, b->page, b->reply);
	case BIND_FILTERED:
		return api_filtered(r, b->filtered, b->param, b->reply);
	case BIND_SUB_PAGE:
		return api_sub_page(r, b->sub_page, b->by_id, b->param, b->reply);
	case BIND_ID_PAGE:
		return api_id_page(r, b->id_page, b->reply);
	case BIND_CREATE:
		return api_create(r, b->create, b->location, b->reply);
	case BIND_CREATE_UNDER:
		return api_create_under(r, b->change, b->location, b->reply);
	case BIND_CHANGE:
		return api_change(r, b->change, b->status, b->reply);
	case BIND_CHANGE_OPT:
		return api_change_opt(r, b->change, b->status, b->reply);
	case BIND_CHANGE_VISIBLE:
		return api_change_visible(r, b->visible, b->change, b->body_optional, b->status,
		                          b->reply);
	}
	err_set(&r->e, 500, "internal", NULL, "Something went wrong.");
	return -1;
}

json_t *api_id_body(req *r, int64_t *id)
{
	return req_param_id(r, "id", id) < 0 ? NULL : req_json_body(r);
}

int api_written(req *r, int rc, json_t *out, int status, api_reply reply)
{
	if (rc < 0) {
		json_decref(out);
		return -1;
	}
	return reply(r, status, out);
}

json_t *api_body_or_empty(req *r)
{
	return r->body.len ? req_json_body(r) : json_object();
}

int api_no_content(req *r)
{
	r->status = 204;
	buf_reset(&r->out);
	return 0;
}

/* ---- health, the OpenAPI document, sessions ---- */

/* Liveness, and the scheduler's last run on any node ({"node", "last_run_at", "jobs_done"};
 * null before the first run, or when the store cannot say: liveness does not hang on it). */
int api_healthz(req *r)
{
	err e;
	err_clear(&e);
	json_t *hb = jobs_heartbeat(r->app, r->a, &e);
	err_free_details(&e);
	return reply_json(
	    r, 200, json_pack("{s:s, s:o}", "status", "ok", "scheduler", hb ? hb : json_null()));
}

int api_openapi(req *r)
{
	const embedded_file *f = embedded_find("docs/openapi.json");
	if (!f)
		return err_set(&r->e, 404, "not_found", NULL, "No such page or resource.");
	buf_reset(&r->out);
	buf_append(&r->out, f->data, f->len);
	r->status = 200;
	r->content_type = "application/json; charset=utf-8";
	return 0;
}

/* Secure is added by server.c (queue) to every cookie of a request that came over https: TLS
 * here, or a trusted proxy's X-Forwarded-Proto. Plain http (127.0.0.1, tests) has none. */
void session_cookie(req *r, const char *token, int64_t max_age_s)
{
	req_add_header(r, "Set-Cookie",
	               token ? arena_printf(r->a,
	                                    "baotu_session=%s; Path=/; HttpOnly; SameSite=Lax; "
	                                    "Max-Age=%lld",
	                                    token, (long long)max_age_s)
	                     : "baotu_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
}

/* The half-done log-in's cookie: the second step's page reads it; it opens nothing else. */
void pending_cookie(req *r, const char *token)
{
	req_add_header(r, "Set-Cookie",
	               token ? arena_printf(r->a,
	                                    "baotu_pending=%s; Path=/; HttpOnly; SameSite=Strict; "
	                                    "Max-Age=%lld",
	                                    token, (long long)(LOGIN_PENDING_TTL_US / 1000000))
	                     : "baotu_pending=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

const client_info *req_client(req *r)
{
	client_info *cl = arena_alloc(r->a, sizeof *cl);
	cl->address = r->address;
	cl->agent = req_header(r, "User-Agent");
	return cl;
}

/* A log-in's answer: 201 with the session (and an enrolment's recovery codes), or 200 with
 * the second step due and the half-done log-in's token. */
int api_session_answer(req *r, session_out *s)
{
	if (s->stage) {
		pending_cookie(r, s->token);
		return reply_json(r, 200,
		                  json_pack("{s:s, s:s, s:I}", "stage", s->stage, "pending_token",
		                            s->token, "expires_at", (json_int_t)s->expires_at));
	}
	session_cookie(r, s->token, r->app->session_ttl_us / 1000000);
	json_t *o = json_pack("{s:s, s:s, s:I, s:o}", "token", s->token, "csrf", s->csrf,
	                      "expires_at", (json_int_t)s->expires_at, "user", s->user);
	if (s->recovery_codes)
		json_object_set_new(o, "recovery_codes", s->recovery_codes);
	return reply_json(r, 201, o);
}

int api_session_create(req *r)
{
	static const char *const allowed[] = {"username", "password", NULL};
	json_t *b = req_json_body(r);
	if (!b)
		return -1;
	const char *u, *p;
	session_out s;
	int rc = -1;
	if (json_only_fields(b, allowed, &r->e) < 0 ||
	    json_get_str(b, "username", true, 64, &u, &r->e) < 0 ||
	    json_get_str(b, "password", true, PASSWORD_MAX, &p, &r->e) < 0)
		goto out;
	if (session_login(r->app, r->a, u, p, req_client(r), &s, &r->e) < 0)
		goto out;
	rc = api_session_answer(r, &s);
out:
	json_decref(b);
	return rc;
}

int api_session_get(req *r)
{
	json_t *o = json_pack("{s:o, s:s}", "user", actor_to_json(&r->who), "csrf", r->csrf);
	return reply_json(r, 200, o);
}

int api_session_delete(req *r)
{
	if (session_logout(r->app, r->a, r->token, &r->e) < 0)
		return -1;
	session_cookie(r, NULL, 0);
	return api_no_content(r);
}

/* The accounts are the admin's (the route says so): no actor narrows them. */
static json_t *users_page(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	return user_list(ap, a, after, limit, e);
}

int api_users_list(req *r)
{
	return api_page(r, users_page, reply_json);
}

int api_users_create(req *r)
{
	static const char *const allowed[] = {"username",     "role",     "institution_id",
	                                      "display_name", "password", NULL};
	json_t *b = req_json_body(r);
	if (!b)
		return -1;
	const char *u, *role, *pw, *dn = NULL;
	int64_t inst = 0, id;
	bool present;
	int rc = -1;
	if (json_only_fields(b, allowed, &r->e) < 0 ||
	    json_get_str(b, "username", true, 64, &u, &r->e) < 0 ||
	    json_get_str(b, "role", true, 20, &role, &r->e) < 0 ||
	    json_get_int(b, "institution_id", false, &inst, &present, &r->e) < 0 ||
	    json_get_str(b, "display_name", false, 100, &dn, &r->e) < 0 ||
	    json_get_str(b, "password", true, PASSWORD_MAX, &pw, &r->e) < 0)
		goto out;
	if (user_create(r->app, r->a, &r->who, u, role, inst, dn, pw, &id, &r->e) < 0)
		goto out;
	json_t *o = user_get_json(r->app, r->a, id, &r->e);
	rc = o ? reply_json(r, 201, o) : -1;
out:
	json_decref(b);
	return rc;
}

int api_users_get(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *o = user_get_json(r->app, r->a, id, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_users_update(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id);
	if (!b)
		return -1;
	int rc = user_update(r->app, r->a, &r->who, id, b, &r->e);
	json_decref(b);
	if (rc < 0)
		return -1;
	json_t *o = user_get_json(r->app, r->a, id, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_users_password(req *r)
{
	static const char *const allowed[] = {"password", NULL};
	int64_t id;
	json_t *b = api_id_body(r, &id);
	if (!b)
		return -1;
	const char *pw;
	int rc = -1;
	json_t *u = NULL;
	if (json_only_fields(b, allowed, &r->e) < 0 ||
	    json_get_str(b, "password", true, PASSWORD_MAX, &pw, &r->e) < 0)
		goto out;
	if (!(u = user_get_json(r->app, r->a, id, &r->e)))
		goto out;
	if (user_set_password(r->app, r->a, &r->who,
	                      json_string_value(json_object_get(u, "username")), pw, &r->e) < 0)
		goto out;
	rc = api_no_content(r);
out:
	json_decref(u);
	json_decref(b);
	return rc;
}
