/* Connection guard (see connguard.h). Every open connection has a record in one list under
 * one mutex; admission counts the list, and a thread cuts heads that are late with
 * shutdown(2): libmicrohttpd then reads end-of-file and closes the connection in its own
 * thread. libmicrohttpd reports a connection closed before it closes the socket, and the record
 * leaves the list under the mutex at that report, so the thread never touches a descriptor that
 * may already belong to another connection. */
#include "web/connguard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/log.h"
#include "lib/oom.h"
#include "lib/time.h"

typedef struct guarded {
	struct guarded *prev, *next;
	int fd;
	unsigned char addr[16];
	unsigned char addrlen; /* 4 (IPv4), 16 (IPv6), 0 (unknown: never counted as one address) */
	bool in_request;       /* the head arrived; its response is not done yet */
	bool cut;
	int64_t head_since_us; /* monotonic: when the wait for the current head began */
} guarded;

static connguard_opts g_o;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static guarded *g_list;
static unsigned g_total;
static bool g_stop, g_running;
static pthread_t g_thread;
static unsigned long g_refused, g_cuts;

bool connguard_admits(const connguard_opts *o, unsigned total, unsigned from_address)
{
	if (o->max_connections && total >= o->max_connections)
		return false;
	if (o->per_address && from_address >= o->per_address)
		return false;
	/* The reserve: when nearly full, only a newcomer is let in, so that addresses already
	 * holding connections cannot take the last ones from everyone else. */
	if (o->reserve && o->max_connections > o->reserve &&
	    total >= o->max_connections - o->reserve && from_address > 0)
		return false;
	return true;
}

/* ---- addresses and trusted proxies ---- */

static const unsigned char V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* 16 bytes of IPv6 into out: 4 when they are an IPv4-mapped address (then IPv4), else 16. */
static unsigned char v6_key(const unsigned char *v6, unsigned char out[16])
{
	if (!memcmp(v6, V4_MAPPED, sizeof V4_MAPPED)) {
		memcpy(out, v6 + 12, 4);
		return 4;
	}
	memcpy(out, v6, 16);
	return 16;
}

static unsigned char key_of(const struct sockaddr *sa, unsigned char out[16])
{
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 4;
	}
	if (sa->sa_family == AF_INET6)
		return v6_key(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr, out);
	return 0;
}

static void key_text(const unsigned char *key, unsigned len, char out[CONNGUARD_ADDRSTRLEN])
{
	if (!len || !inet_ntop(len == 4 ? AF_INET : AF_INET6, key, out, CONNGUARD_ADDRSTRLEN))
		strcpy(out, "?");
}

void connguard_sockaddr_text(const struct sockaddr *sa, char out[CONNGUARD_ADDRSTRLEN])
{
	unsigned char key[16];
	key_text(key, key_of(sa, key), out);
}

unsigned connguard_addr_parse(const char *text, unsigned char out[16])
{
	unsigned char v6[16];
	if (!text || strlen(text) >= CONNGUARD_ADDRSTRLEN)
		return 0;
	if (inet_pton(AF_INET, text, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, text, v6) == 1)
		return v6_key(v6, out);
	return 0;
}

/* The text between two pointers with the spaces and tabs at either end dropped, into out. */
static bool trimmed(const char *from, const char *to, char *out, size_t size)
{
	while (from < to && (*from == ' ' || *from == '\t'))
		from++;
	while (to > from && (to[-1] == ' ' || to[-1] == '\t'))
		to--;
	if ((size_t)(to - from) >= size)
		return false;
	memcpy(out, from, (size_t)(to - from));
	out[to - from] = '\0';
	return true;
}

/* One item of the list: ADDRESS or ADDRESS/BITS. */
static int net_parse(const char *item, connguard_net *n)
{
	char addr[CONNGUARD_ADDRSTRLEN];
	const char *slash = strchr(item, '/');
	size_t alen = slash ? (size_t)(slash - item) : strlen(item);
	if (alen >= sizeof addr)
		return -1;
	memcpy(addr, item, alen);
	addr[alen] = '\0';
	unsigned char v6[16];
	unsigned written_bits; /* the bits of the address as written */
	if (inet_pton(AF_INET, addr, n->addr) == 1) {
		n->len = 4;
		written_bits = 32;
	} else if (inet_pton(AF_INET6, addr, v6) == 1) {
		n->len = v6_key(v6, n->addr);
		written_bits = 128;
	} else {
		return -1;
	}
	unsigned bits = written_bits;
	if (slash) {
		const char *p = slash + 1;
		if (!*p || strlen(p) > 3)
			return -1;
		bits = 0;
		for (; *p; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			bits = bits * 10 + (unsigned)(*p - '0');
		}
		if (bits > written_bits)
			return -1;
	}
	if (written_bits == 128 && n->len == 4) { /* ::ffff:a.b.c.d/N counts in IPv4's bits */
		if (bits < 96)
			return -1;
		bits -= 96;
	}
	n->prefix = (unsigned char)bits;
	for (unsigned i = 0; i < n->len; i++) { /* clear the host bits */
		unsigned keep = bits > i * 8 ? bits - i * 8 : 0;
		n->addr[i] &= keep >= 8 ? 0xff : (unsigned char)(0xff << (8 - keep));
	}
	return 0;
}

int connguard_proxies_parse(const char *list, connguard_proxies *out, char *why, size_t why_size)
{
	memset(out, 0, sizeof *out);
	if (!list || !list[strspn(list, " \t")])
		return 0; /* none */
	char item[64];
	for (const char *p = list;;) {
		const char *comma = strchr(p, ',');
		const char *end = comma ? comma : p + strlen(p);
		if (!trimmed(p, end, item, sizeof item) || !item[0]) {
			snprintf(why, why_size, "an item is empty or too long");
			return -1;
		}
		if (out->n == CONNGUARD_MAX_PROXIES) {
			snprintf(why, why_size, "more than %d items", CONNGUARD_MAX_PROXIES);
			return -1;
		}
		if (net_parse(item, &out->nets[out->n]) < 0) {
			snprintf(why, why_size, "'%s' is not an IPv4 or IPv6 address or CIDR range",
			         item);
			return -1;
		}
		out->n++;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

bool connguard_proxies_has(const connguard_proxies *p, const unsigned char *addr, unsigned len)
{
	if (!p)
		return false;
	for (unsigned k = 0; k < p->n; k++) {
		const connguard_net *n = &p->nets[k];
		if (n->len != len)
			continue;
		unsigned full = n->prefix / 8u, rest = n->prefix % 8u;
		if (memcmp(n->addr, addr, full))
			continue;
		if (rest && ((addr[full] ^ n->addr[full]) & (unsigned char)(0xff << (8 - rest))))
			continue;
		return true;
	}
	return false;
}

bool connguard_client(const connguard_proxies *p, const char *peer, const char *forwarded_for,
                      char out[CONNGUARD_ADDRSTRLEN])
{
	unsigned char key[16];
	unsigned len = connguard_addr_parse(peer, key);
	char peer_text[CONNGUARD_ADDRSTRLEN];
	key_text(key, len, peer_text);
	memcpy(out, peer_text, sizeof peer_text);
	if (!len || !connguard_proxies_has(p, key, len))
		return false;
	if (!forwarded_for || !forwarded_for[strspn(forwarded_for, " \t")])
		return true; /* none, or empty: the peer */
	/* From the right: each item was added by the proxy to its right, naming that proxy's peer.
	 * What lies left of the first address that is not a trusted proxy was written by the client
	 * itself, and is not read. */
	char item[CONNGUARD_ADDRSTRLEN];
	const char *end = forwarded_for + strlen(forwarded_for);
	for (;;) {
		const char *start = end;
		while (start > forwarded_for && start[-1] != ',')
			start--;
		if (!trimmed(start, end, item, sizeof item) ||
		    !(len = connguard_addr_parse(item, key))) {
			memcpy(out, peer_text, sizeof peer_text);
			return true; /* malformed: the peer */
		}
		key_text(key, len, out);
		if (!connguard_proxies_has(p, key, len) || start == forwarded_for)
			return true;
		end = start - 1; /* before the comma */
	}
}

static unsigned count_from(const unsigned char *key, unsigned char len)
{
	unsigned n = 0;
	if (!len)
		return 0;
	for (guarded *g = g_list; g; g = g->next)
		n += g->addrlen == len && !memcmp(g->addr, key, len);
	return n;
}

enum MHD_Result connguard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	(void)cls;
	(void)addrlen;
	unsigned char key[16];
	unsigned char len = key_of(addr, key);
	/* a trusted proxy stands for many clients: it is counted in the total only */
	bool proxy = len && connguard_proxies_has(g_o.trusted, key, len);
	pthread_mutex_lock(&g_mu);
	bool ok = connguard_admits(&g_o, g_total, proxy ? 0 : count_from(key, len));
	unsigned long refused = ok ? g_refused : ++g_refused;
	pthread_mutex_unlock(&g_mu);
	if (!ok && (refused & (refused - 1)) == 0) /* 1, 2, 4, 8...: a flood logs a few lines */
		log_warn("connection refused by the connection limits (%lu so far)", refused);
	return ok ? MHD_YES : MHD_NO;
}

static guarded *record_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? (guarded *)ci->socket_context : NULL;
}

void connguard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		guarded *g = xcalloc(1, sizeof *g);
		const union MHD_ConnectionInfo *fi =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ai =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		g->fd = fi ? fi->connect_fd : -1;
		g->addrlen = key_of(ai ? ai->client_addr : NULL, g->addr);
		g->head_since_us = time_mono_us();
		pthread_mutex_lock(&g_mu);
		g->next = g_list;
		if (g_list)
			g_list->prev = g;
		g_list = g;
		g_total++;
		pthread_mutex_unlock(&g_mu);
		*socket_context = g;
		return;
	}
	guarded *g = *socket_context;
	if (!g)
		return;
	pthread_mutex_lock(&g_mu);
	if (g->prev)
		g->prev->next = g->next;
	else
		g_list = g->next;
	if (g->next)
		g->next->prev = g->prev;
	g_total--;
	pthread_mutex_unlock(&g_mu);
	free(g);
	*socket_context = NULL;
}

void connguard_head_done(struct MHD_Connection *c)
{
	guarded *g = record_of(c);
	if (!g)
		return;
	pthread_mutex_lock(&g_mu);
	g->in_request = true;
	pthread_mutex_unlock(&g_mu);
}

void connguard_request_done(struct MHD_Connection *c)
{
	guarded *g = record_of(c);
	if (!g)
		return;
	pthread_mutex_lock(&g_mu);
	g->in_request = false;
	g->head_since_us = time_mono_us();
	pthread_mutex_unlock(&g_mu);
}

static void *deadline_thread(void *arg)
{
	(void)arg;
	int64_t limit = (int64_t)g_o.head_timeout_s * 1000000;
	pthread_mutex_lock(&g_mu);
	while (!g_stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g_cv, &g_mu, &ts);
		int64_t now = time_mono_us();
		for (guarded *g = g_list; g; g = g->next) {
			if (g->in_request || g->cut || g->fd < 0 || now - g->head_since_us < limit)
				continue;
			/* Not close(): the descriptor stays libmicrohttpd's to close. */
			shutdown(g->fd, SHUT_RDWR);
			g->cut = true;
			g_cuts++;
		}
	}
	pthread_mutex_unlock(&g_mu);
	return NULL;
}

int connguard_start(const connguard_opts *o)
{
	g_o = *o;
	g_stop = false;
	if (!o->head_timeout_s)
		return 0;
	if (pthread_create(&g_thread, NULL, deadline_thread, NULL))
		return -1;
	g_running = true;
	return 0;
}

void connguard_stop(void)
{
	if (!g_running)
		return;
	pthread_mutex_lock(&g_mu);
	g_stop = true;
	pthread_cond_signal(&g_cv);
	pthread_mutex_unlock(&g_mu);
	pthread_join(g_thread, NULL);
	g_running = false;
	if (g_cuts || g_refused)
		log_info("connection limits: %lu refused, %lu late request heads cut", g_refused,
		         g_cuts);
}
