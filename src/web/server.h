#ifndef BAOTU_WEB_SERVER_H
#define BAOTU_WEB_SERVER_H
#include "app/app.h"

typedef struct server_opts {
	const char *listen; /* "127.0.0.1:8080" */
	unsigned threads;
	size_t max_body;    /* bytes; larger bodies get 413 before any is buffered */
	unsigned max_connections;
	unsigned timeout_s;      /* idle: no byte for this long closes a connection */
	unsigned per_address;    /* connections from one address (0: no limit) */
	unsigned reserve;        /* the last connections go only to addresses holding none */
	unsigned head_timeout_s; /* a request head must arrive whole within this (0: no limit) */
} server_opts;

/* Serves until SIGTERM/SIGINT, then drains open requests and returns 0. */
int server_run(app *ap, const server_opts *o);
#endif
