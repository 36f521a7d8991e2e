/* The one route table: method, pattern, roles, handler. A new endpoint is a row here. A JSON
 * route whose handler would only call one of web/api.h's adapters (api_read, api_change, ...)
 * names that adapter and its use case in its row instead, with routes.c's binding macros:
 *     {"POST", "/api/v1/alerts/{id}/acknowledge", CASEWORK, API,
 *      CHANGE(alert_acknowledge, 200, reply_values), "Acknowledge an alert"},
 * its handler is then api_bound, which calls the adapter as the row says. */
#ifndef BAOTU_WEB_ROUTES_H
#define BAOTU_WEB_ROUTES_H
#include "core/roles.h"
#include "web/http.h"

typedef enum { ROUTE_API, ROUTE_UI, ROUTE_STATIC } route_kind;

typedef struct route {
	const char *method;
	const char *pattern; /* "/api/v1/institutions/{id}" */
	unsigned roles;      /* who may call it; ROLE_PUBLIC means no log-in needed */
	/* what the route is, and how it differs from the usual (routes.c names the kinds) */
	route_kind kind;
	unsigned flags;  /* ROUTE_NO_CSRF, ROUTE_PROJECT, ROUTE_NO_IDEMPOTENCY, ROUTE_API_TOKEN */
	size_t max_body; /* largest request body in bytes; 0 = the server's --max-body */
	int (*handler)(req *r);
	const char *summary; /* one line, for the OpenAPI document and docs */
	/* api_bound's use case and adapter (web/api.h), NULL for a handler of its own. Last, so
	 * that a row naming its handler stays positional: a binding macro sets it by name and
	 * ends on .handler, and the summary follows. */
	const struct api_bind *bind;
} route;

#define ROUTE_NO_CSRF 1u /* a log-in: credentials in the body, no session to take a token from */
/* {id} is a project: a request is refused 404 before its body or query is looked at when the
 * caller may not know the project (app/projects.h: project_check_known); the use case then
 * checks the finer rights as always. */
#define ROUTE_PROJECT 2u
/* No Idempotency-Key (web/idempotency.c): the body carries a password, or a log-in or out. */
#define ROUTE_NO_IDEMPOTENCY 4u
/* An ingestion token of the {id} project (app/indicators.h: API_TOKEN_PREFIX) may call it, in
 * place of a session. */
#define ROUTE_API_TOKEN 8u

extern const route routes[];
extern const unsigned routes_count;

/* Finds the route for method+path, filling r's parameters. *path_matched tells whether some
 * route has this path with another method (405 rather than 404). */
const route *routes_match(req *r, const char *method, const char *path, int *path_matched);
#endif
