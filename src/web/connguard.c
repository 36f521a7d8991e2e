/* Connection guard (see connguard.h). Every open connection has a record in one list under
 * one mutex; admission counts the list, and a thread cuts heads that are late with
 * shutdown(2): libmicrohttpd then reads end-of-file and closes the connection in its own
 * thread. libmicrohttpd reports a connection closed before it closes the socket, and the record
 * leaves the list under the mutex at that report, so the thread never touches a descriptor that
 * may already belong to another connection. */
#include "web/connguard.h"

#include <netinet/in.h>
#include <pthread.h>
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

static unsigned char key_of(const struct sockaddr *sa, unsigned char out[16])
{
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET) {
		memcpy(out, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 4;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		return 16;
	}
	return 0;
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
	pthread_mutex_lock(&g_mu);
	bool ok = connguard_admits(&g_o, g_total, count_from(key, len));
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
