/* The Idempotency-Key header on the API's writes (docs/API.md), in one place: server.c's
 * dispatch calls web_idem_start before a route's handler and web_idem_finish after it. */
#ifndef BAOTU_WEB_IDEMPOTENCY_H
#define BAOTU_WEB_IDEMPOTENCY_H
#include "app/idempotency.h"
#include "web/http.h"
#include "web/routes.h"

typedef struct web_idem {
	bool active; /* a key was given: the handler runs in the pinned transaction */
	idem_tx *tx;
	idem_scope scope;
	int nheaders; /* the response headers before the handler, to drop its own on failure */
} web_idem;

/* 0: run the handler (x->active tells whether under a key); 1: answered (a replay); -1: an
 * error in r->e to render. */
int web_idem_start(req *r, const route *rt, web_idem *x);
/* After the handler has rendered its answer (or its error): records it with the key and
 * commits; when that fails the answer becomes the error. */
void web_idem_finish(req *r, web_idem *x);

#endif
