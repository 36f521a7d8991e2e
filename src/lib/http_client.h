/* http_client: one HTTP request over libcurl, for the outside tools that read the public
 * transparency log (`baotu log monitor`, `baotu log witness`). http and https only, no
 * redirects followed (a log that moves says so, and the operator changes the URL), a total
 * timeout, and a cap on the answer's size checked while it arrives, before it is kept. */
#ifndef BAOTU_LIB_HTTP_CLIENT_H
#define BAOTU_LIB_HTTP_CLIENT_H
#include <stddef.h>

#define HTTP_CLIENT_WHY_MAX 1024

typedef struct http_reply {
	long status;
	char *body; /* NUL-terminated, malloc'd; free it with http_reply_free */
	size_t len;
} http_reply;

typedef struct http_request {
	const char *method;    /* "GET" or "POST" */
	const char *url;       /* http:// or https:// */
	const char *json_body; /* POST: the body, sent as application/json; else NULL */
	const char *bearer;    /* a token for "Authorization: Bearer", or NULL */
	long timeout_s;        /* the whole exchange */
	size_t max_body;       /* answers longer than this fail */
} http_request;

/* 0 and *OUT filled when the server answered (with any status); -1 and WHY (an English
 * sentence) when it could not be reached, timed out, or answered more than max_body bytes. */
int http_client_do(const http_request *req, http_reply *out, char why[HTTP_CLIENT_WHY_MAX]);
void http_reply_free(http_reply *r);

#endif
