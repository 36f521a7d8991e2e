#ifndef BAOTU_WEB_SERVER_H
#define BAOTU_WEB_SERVER_H
#include "app/app.h"

typedef struct server_opts {
	const char *listen; /* "127.0.0.1:8080" */
	unsigned threads;
	size_t max_body;    /* bytes; larger bodies get 413 before any is buffered */
	unsigned max_connections;
	unsigned timeout_s;
} server_opts;

/* Serves until SIGTERM/SIGINT, then drains open requests and returns 0. */
int server_run(app *ap, const server_opts *o);
#endif
