/* JSON API handlers (api_*.c). Each is one row of the route table. */
#ifndef BAOTU_WEB_API_H
#define BAOTU_WEB_API_H
#include "web/http.h"

int api_healthz(req *r);             /* GET /healthz */
int api_openapi(req *r);             /* GET /api/v1/openapi.json */
int api_session_create(req *r);      /* POST /api/v1/session */
int api_session_get(req *r);         /* GET /api/v1/session */
int api_session_delete(req *r);      /* DELETE /api/v1/session */
int api_users_list(req *r);          /* GET /api/v1/users */
int api_users_create(req *r);        /* POST /api/v1/users */
int api_users_get(req *r);           /* GET /api/v1/users/{id} */
int api_users_update(req *r);        /* PATCH /api/v1/users/{id} */
int api_users_password(req *r);      /* POST /api/v1/users/{id}/password */
int api_institutions_list(req *r);   /* GET /api/v1/institutions */
int api_institutions_delete(req *r); /* DELETE /api/v1/institutions/{id} */
int api_eligibility(req *r);         /* POST /api/v1/eligibility */
int api_places_list(req *r);         /* GET /api/v1/places */
int api_places_unmapped(req *r);     /* GET /api/v1/places/unmapped */

/* ---- the shapes most handlers take (api_core.c) ---- */

/* How a handler answers with a JSON body: reply_json, or a variant of it (localised
 * messages, short figures). */
typedef int (*api_reply)(req *r, int status, json_t *body);
/* As reply_json, with reals as people wrote them: 99.95, not 99.950000000000003 (indicator
 * values, the dossier: 15 significant digits). */
int reply_values(req *r, int status, json_t *body);
/* As reply_json, with computed figures (means, weights, a median) as short decimals: 6.9667,
 * not 6.9667000000000003 (12 significant digits). */
int reply_figures(req *r, int status, json_t *body);
/* As reply_json, with an institution's warnings in the request's language (api_institutions.c). */
int reply_institution(req *r, int status, json_t *inst);
/* The use cases by their shape (app/): read one by id, create from a body, change one by id
 * with a body. */
typedef json_t *(*api_read_fn)(app *ap, arena *a, const actor *who, int64_t id, err *e);
typedef int (*api_create_fn)(app *ap, arena *a, const actor *who, const json_t *body, json_t **out,
                             err *e);
typedef int (*api_change_fn)(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                             json_t **out, err *e);

typedef json_t *(*api_page_fn)(app *ap, arena *a, const actor *who, int64_t after, int limit,
                               err *e);
typedef json_t *(*api_filtered_fn)(app *ap, arena *a, const actor *who, const char *filter,
                                   int64_t after, int limit, err *e);

typedef json_t *(*api_sub_page_fn)(app *ap, arena *a, const actor *who, int64_t id,
                                   const char *filter, int64_t after, int limit, err *e);

typedef json_t *(*api_id_page_fn)(app *ap, arena *a, const actor *who, int64_t id, int64_t after,
                                  int limit, err *e);

/* GET a list, a page at a time (?after=, ?limit=); api_filtered passes ?param= on. */
int api_page(req *r, api_page_fn fn, api_reply reply);
int api_filtered(req *r, api_filtered_fn fn, const char *param, api_reply reply);
/* GET a page of what belongs to {id} (by_id; else of everything the caller sees, id 0), with
 * ?param= passed on as the filter (param NULL: none). */
int api_sub_page(req *r, api_sub_page_fn fn, bool by_id, const char *param, api_reply reply);
/* GET a page of what belongs to {id}, with no filter. */
int api_id_page(req *r, api_id_page_fn fn, api_reply reply);
/* POST .../{id}/things: 201, with Location: location/NEWID. */
int api_create_under(req *r, api_change_fn fn, const char *location, api_reply reply);
/* A write on .../{id} whose body may be left out ({}), answered with status. */
int api_change_opt(req *r, api_change_fn fn, int status, api_reply reply);
/* Whether the caller may see the object {id} (0), else -1 with a 404 in *e. */
typedef int (*api_visible_fn)(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* A write on an object {id} of its own kind (not a project): whether the caller may see it is
 * asked before the body is read, so that someone who may not learns nothing from how the
 * body is judged. body_optional: {} when none is sent. */
int api_change_visible(req *r, api_visible_fn visible, api_change_fn fn, bool body_optional,
                       int status, api_reply reply);
/* A route bound to its use case by its row (routes.c), in place of a handler of its own: the
 * adapter above it takes (kind), and what it passes. Each kind reads its own use-case field
 * and those of its adapter's arguments; the rest stay unset. */
typedef enum {
	BIND_READ,           /* api_read(read, reply) */
	BIND_PAGE,           /* api_page(page, reply) */
	BIND_FILTERED,       /* api_filtered(filtered, param, reply) */
	BIND_SUB_PAGE,       /* api_sub_page(sub_page, by_id, param, reply) */
	BIND_ID_PAGE,        /* api_id_page(id_page, reply) */
	BIND_CREATE,         /* api_create(create, location, reply) */
	BIND_CREATE_UNDER,   /* api_create_under(change, location, reply) */
	BIND_CHANGE,         /* api_change(change, status, reply) */
	BIND_CHANGE_OPT,     /* api_change_opt(change, status, reply) */
	BIND_CHANGE_VISIBLE, /* api_change_visible(visible, change, body_optional, status, reply) */
} api_bind_kind;
typedef struct api_bind {
	api_bind_kind kind;
	api_read_fn read;
	api_page_fn page;
	api_filtered_fn filtered;
	api_sub_page_fn sub_page;
	api_id_page_fn id_page;
	api_create_fn create;
	api_change_fn change;
	api_visible_fn visible;
	api_reply reply;
	int status;
	const char *param;
	const char *location;
	bool by_id;
	bool body_optional;
} api_bind;
/* The handler of every bound route: calls its row's adapter with the row's arguments. */
int api_bound(req *r);
/* Content-Disposition of a download named name (RFC 6266 with an RFC 5987 filename*): an
 * attachment, never shown inline. */
const char *api_content_disposition(arena *a, const char *name);
/* 200 with a file's bytes, as an attachment (never inline), its ETag when sha256 is known. */
int api_send_file(req *r, const char *data, size_t len, const char *content_type,
                  const char *filename, const char *sha256);
/* GET .../{id}: what fn reads, 200. */
int api_read(req *r, api_read_fn fn, api_reply reply);
/* POST to a collection: 201, with Location: location/ID when location is not NULL. */
int api_create(req *r, api_create_fn fn, const char *location, api_reply reply);
/* A write on .../{id} with its JSON body, answered with status. */
int api_change(req *r, api_change_fn fn, int status, api_reply reply);
/* {id} and the JSON body: NULL (with r->e) when either is wrong. */
json_t *api_id_body(req *r, int64_t *id);
/* The end of a write: on rc < 0 out is dropped (it is set when only the commit failed) and
 * r->e answers; otherwise reply(out) with status. */
int api_written(req *r, int rc, json_t *out, int status, api_reply reply);
/* The body of a write whose fields are all optional: {} when the request has none. */
json_t *api_body_or_empty(req *r);
/* 204 No Content. */
int api_no_content(req *r);

/* Sets the session cookie (HttpOnly, SameSite=Lax) or clears it when token is NULL. */
void session_cookie(req *r, const char *token, int64_t max_age_s);
/* The half-done log-in's cookie (NULL clears it). */
void pending_cookie(req *r, const char *token);
/* The request's client for a log-in: its address and User-Agent. */
const client_info *req_client(req *r);
/* A log-in's answer over the API: the session (201) or the second step due (200). */
int api_session_answer(req *r, session_out *s);
#endif
