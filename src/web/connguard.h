/* Connection guard: keeps one address from taking every connection, and gives a request head
 * a total deadline. libmicrohttpd's own timeout is an idle one (it restarts on every byte), so
 * a client that trickles one header line at a time would otherwise hold its connection for
 * ever, and about as many silent sockets as the connection limit would stop the server
 * answering anyone. It also knows the trusted proxies (--trusted-proxy): a trusted peer is not
 * counted as one client, and only its X-Forwarded-For names the client of a request. */
#ifndef BAOTU_WEB_CONNGUARD_H
#define BAOTU_WEB_CONNGUARD_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include <microhttpd.h>

/* Addresses are compared as bytes: 4 for IPv4 (an IPv4-mapped IPv6 address counts as IPv4, as
 * a dual-stack socket reports IPv4 peers), 16 for IPv6. */
#define CONNGUARD_ADDRSTRLEN 46 /* INET6_ADDRSTRLEN */
#define CONNGUARD_MAX_PROXIES 64

typedef struct connguard_net {
	unsigned char addr[16]; /* the network, its host bits cleared */
	unsigned char len;      /* 4 or 16 */
	unsigned char prefix;   /* bits that must match: 0..32 or 0..128 */
} connguard_net;

typedef struct connguard_proxies {
	unsigned n;
	connguard_net nets[CONNGUARD_MAX_PROXIES];
} connguard_proxies;

/* Parses a list of trusted proxies: addresses and CIDR ranges, IPv4 or IPv6, separated by
 * commas ("10.0.1.5, 10.0.2.0/24, ::1, fd00::/8"). NULL or "" is the empty list. 0, or -1 with
 * the item at fault (and why) written into why. */
int connguard_proxies_parse(const char *list, connguard_proxies *out, char *why, size_t why_size);
/* An address's bytes from its text (no brackets, no port): 4, 16, or 0 when it is not one. */
unsigned connguard_addr_parse(const char *text, unsigned char out[16]);
/* Whether an address (4 or 16 bytes) is in the list. */
bool connguard_proxies_has(const connguard_proxies *p, const unsigned char *addr, unsigned len);
/* The address of a request's client, as canonical text in out. When the TCP peer (canonical
 * text) is a trusted proxy, X-Forwarded-For (every line of it, joined by commas in order; NULL
 * when absent) is read from the right: the client is the right-most address that is not itself
 * a trusted proxy (the left-most, when all are). An item read on the way that is not an
 * address makes the header malformed: the client is then the peer. From any other peer the
 * header is ignored. Returns whether the peer is a trusted proxy (whose X-Forwarded-Proto may
 * then be believed too). */
bool connguard_client(const connguard_proxies *p, const char *peer, const char *forwarded_for,
                      char out[CONNGUARD_ADDRSTRLEN]);
/* A socket address as canonical text (an IPv4-mapped IPv6 address as IPv4); "?" if neither. */
void connguard_sockaddr_text(const struct sockaddr *sa, char out[CONNGUARD_ADDRSTRLEN]);

typedef struct connguard_opts {
	unsigned max_connections; /* the server's total */
	unsigned per_address;     /* at most this many from one address; 0: no limit */
	unsigned reserve;         /* the last this many go only to addresses holding none */
	unsigned head_timeout_s;  /* a request head must arrive whole within this; 0: no limit */
	/* trusted proxies: not limited per address nor kept from the reserve (each stands for
	 * many clients, which it limits itself); NULL: none */
	const connguard_proxies *trusted;
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
