/* Connection guard: keeps one address from taking every connection, and gives a request head
 * a total deadline. libmicrohttpd's own timeout is an idle one (it restarts on every byte), so
 * a client that trickles one header line at a time would otherwise hold its connection for
 * ever, and about as many silent sockets as the connection limit would stop the server
 * answering anyone. */
#ifndef BAOTU_WEB_CONNGUARD_H
#define BAOTU_WEB_CONNGUARD_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include <microhttpd.h>

typedef struct connguard_opts {
	unsigned max_connections; /* the server's total */
	unsigned per_address;     /* at most this many from one address; 0: no limit */
	unsigned reserve;         /* the last this many go only to addresses holding none */
	unsigned head_timeout_s;  /* a request head must arrive whole within this; 0: no limit */
} connguard_opts;

/* The admission rule, pure: may an address that holds `from_address` of the `total` open
 * connections open one more? */
bool connguard_admits(const connguard_opts *o, unsigned total, unsigned from_address);

/* Wiring into libmicrohttpd (server.c). */
int connguard_start(const connguard_opts *o); /* starts the deadline thread */
void connguard_stop(void);
enum MHD_Result connguard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
void connguard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		      enum MHD_ConnectionNotificationCode toe);
/* A request head arrived whole (the access handler's first call) / its response is done (the
 * next head's deadline starts). */
void connguard_head_done(struct MHD_Connection *c);
void connguard_request_done(struct MHD_Connection *c);

#endif
