/* The request/response as handlers see it; server.c fills it from libmicrohttpd. */
#ifndef BAOTU_WEB_HTTP_H
#define BAOTU_WEB_HTTP_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/i18n.h"

#define ROUTE_MAX_PARAMS 4
#define REQ_MAX_HEADERS 8

typedef struct req {
	arena *a;
	app *app;
	void *conn; /* struct MHD_Connection *, for query and header look-ups */
	const char *method;
	const char *path;
	char id[17]; /* request id, also sent as X-Request-Id */
	const char *address;
	lang lang;
	buf body;
	/* the route matched (web/routes.h: routes_match), and its parameters: {id} etc. */
	const struct route *route;
	int nparams;
	const char *param_names[ROUTE_MAX_PARAMS];
	const char *param_values[ROUTE_MAX_PARAMS];
	/* authentication */
	bool authed;
	actor who;
	const char *csrf;  /* the session's CSRF token */
	bool via_cookie;   /* authenticated by cookie (then writes need the CSRF token) */
	const char *token; /* the session token, for log-out */
	bool demo;         /* the database is a demo */
	/* response */
	int status;
	const char *content_type;
	buf out;
	int nheaders;
	const char *hname[REQ_MAX_HEADERS];
	const char *hvalue[REQ_MAX_HEADERS];
	err e;
} req;

const char *req_param(const req *r, const char *name); /* route parameter */
const char *req_query(const req *r, const char *name); /* ?name=value, decoded */
const char *req_header(const req *r, const char *name);
const char *req_cookie(const req *r, const char *name);
/* Route parameter as a positive id; 404 when it is not one. */
int req_param_id(req *r, const char *name, int64_t *out);
/* ?after= and ?limit= (default 50, at most 200); 400 on garbage. */
int req_page(req *r, int64_t *after, int *limit);
void req_add_header(req *r, const char *name, const char *value);

/* JSON body for API writes: checks the content type (415) and decodes strictly (400). */
json_t *req_json_body(req *r);
/* A form body (application/x-www-form-urlencoded) field; NULL when absent. */
const char *req_form(req *r, const char *name);
/* The first value of NAME in the urlencoded text BODY (LEN bytes), decoded into the arena ('+'
 * a space, %XX a byte; a malformed escape stays as it is); "" for a name without '='; NULL
 * when absent. A decoded NUL ends the C string there. */
const char *urlencoded_value(arena *a, const char *body, size_t len, const char *name);

/* Responses. Each returns 0 so that handlers can `return reply_json(r, 200, o)`. */
int reply_json(req *r, int status, json_t *body); /* steals body */
/* As reply_json, for JSON text a use case has already written into r->out. */
int reply_json_written(req *r, int status);
/* As reply_json, with jansson's dump flags (JSON_REAL_PRECISION for short figures). */
int reply_json_flags(req *r, int status, json_t *body, size_t flags);
int reply_error(req *r);                          /* renders r->e as JSON */
int reply_html(req *r, int status);               /* r->out already holds the page */
int reply_redirect(req *r, const char *location); /* 303 See Other */

#endif
