#ifndef BAOTU_WEB_SERVER_H
#define BAOTU_WEB_SERVER_H
#include "app/app.h"

typedef struct server_opts {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080", "[::]:8080" (IPv4 too) */
	unsigned threads;
	size_t max_body; /* bytes; larger bodies get 413 before any is buffered */
	unsigned max_connections;
	unsigned timeout_s;        /* idle: no byte for this long closes a connection */
	unsigned per_address;      /* connections from one address (0: no limit) */
	unsigned reserve;          /* the last connections go only to addresses holding none */
	unsigned head_timeout_s;   /* a request head must arrive whole within this (0: no limit) */
	const char *tls_cert;      /* PEM chain, leaf first; with tls_key, serve https (or NULL) */
	const char *tls_key;       /* PEM private key, unencrypted */
	const char *trusted_proxy; /* addresses and CIDR ranges whose X-Forwarded-* count */
} server_opts;

/* Checks the options and loads the TLS files, before the store is opened: 0, or 2 (a usage
 * error, logged). */
int server_prepare(const server_opts *o);
/* Frees what server_prepare loaded, when server_run is not to follow. */
void server_discard(void);
/* Serves (after server_prepare) until SIGTERM/SIGINT, then drains open requests and returns
 * 0. SIGHUP reloads the TLS files; a pair that does not load leaves the current one serving. */
int server_run(app *ap, const server_opts *o);
#endif
