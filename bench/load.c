/* bench/load.c: the HTTP load of bench/all, a closed-loop keep-alive client in the manner of wrk
 * (each connection sends its next request when the previous one is answered), for machines
 * without wrk and for the loads wrk's scripts cannot follow exactly.
 *
 *   load [-t THREADS] [-c CONNECTIONS] [-d SECONDS] [-H 'Name: value']... HOST:PORT MODE ARGS...
 *
 * Modes:
 *   paths PATH...          GET the paths in turn (each connection starts at its own one);
 *                          @FILE stands for the paths in FILE, one a line;
 *   pages PATH PAGES       GET PATH (a list, e.g. /api/v1/projects?limit=50), then follows its
 *                          "next" cursor (PATH&after=NEXT) until PAGES pages were read or the
 *                          list ends, then starts again at the first page;
 *   workflow OFFICER LEADER ID,ID,...
 *                          one project in review per connection (at least as many ids as
 *                          connections): the officer proposes `reject`
 *                          (POST /api/v1/projects/{id}/actions/reject, 202: a pending decision),
 *                          then the leader rejects that decision
 *                          (POST /api/v1/decisions/{decision}/reject, 200), and again. A pair
 *                          begun when the time is up is finished (not counted), so that no
 *                          decision stays pending.
 *
 * Counts the requests answered within the duration (answers still on the way at the end are
 * not counted, as wrk does), their latency from the first byte sent to the last byte received,
 * answers other than 2xx and socket errors (a connection lost or refused: it is opened again).
 * Prints one JSON line:
 *   {"requests","seconds","rps","p50_ms","p90_ms","p99_ms","max_ms","non2xx","socket_errors",
 *    "bytes"}
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum mode { M_PATHS, M_PAGES, M_WORKFLOW };

static enum mode mode;
static struct sockaddr_in addr;
static char host[128];
static char extra_headers[4096];
static char **paths;
static int npaths;
static const char *page_path;
static int max_pages;
static const char *officer, *leader;
static long *projects;
static int nprojects;
static double duration = 10;
static int nconn = 64, nthreads = 2;

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("load: realloc");
		exit(1);
	}
	return p;
}

typedef struct conn {
	int fd;
	int index; /* over all threads */
	/* the request being sent */
	char out[8192];
	size_t out_len, out_sent;
	/* the answer being read */
	char *in;
	size_t in_len, in_cap;
	int64_t started;
	bool busy;
	/* modes' state */
	long rotate;
	int page;
	char cursor[64];
	long decision; /* workflow: the pending decision, 0 none */
	bool was_propose;
} conn;

typedef struct worker {
	int ep;
	conn *conns;
	int n;
	int64_t *lat;
	size_t nlat, cap_lat;
	long non2xx, sock_err;
	long long bytes;
	int64_t deadline;
	pthread_t th;
} worker;

static void build_request(conn *c)
{
	char path[1024];
	const char *method = "GET", *auth = NULL, *body = NULL;
	switch (mode) {
	case M_PATHS:
		snprintf(path, sizeof path, "%s", paths[c->rotate++ % npaths]);
		break;
	case M_PAGES:
		if (c->page > 0 && c->cursor[0])
			snprintf(path, sizeof path, "%s%safter=%s", page_path,
				 strchr(page_path, '?') ? "&" : "?", c->cursor);
		else {
			snprintf(path, sizeof path, "%s", page_path);
			c->page = 0;
		}
		break;
	case M_WORKFLOW:
		method = "POST";
		body = "{\"reason\":\"bench/all: a repeatable workflow write\"}";
		if (c->decision) {
			snprintf(path, sizeof path, "/api/v1/decisions/%ld/reject", c->decision);
			auth = leader;
			c->was_propose = false;
		} else {
			snprintf(path, sizeof path, "/api/v1/projects/%ld/actions/reject",
				 projects[c->index]);
			auth = officer;
			c->was_propose = true;
		}
		break;
	}
	int n = snprintf(c->out, sizeof c->out, "%s %s HTTP/1.1\r\nHost: %s\r\n%s", method, path,
			 host, extra_headers);
	if (auth)
		n += snprintf(c->out + n, sizeof c->out - n, "Authorization: Bearer %s\r\n", auth);
	if (body)
		n += snprintf(c->out + n, sizeof c->out - n,
			      "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
			      strlen(body), body);
	else
		n += snprintf(c->out + n, sizeof c->out - n, "\r\n");
	c->out_len = (size_t)n;
	c->out_sent = 0;
	c->in_len = 0;
}

static int open_conn(worker *w, conn *c)
{
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
	epoll_ctl(w->ep, EPOLL_CTL_ADD, c->fd, &ev);
	return 0;
}

static void close_conn(worker *w, conn *c)
{
	if (c->fd >= 0) {
		epoll_ctl(w->ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	c->fd = -1;
}

static void start_request(conn *c)
{
	build_request(c);
	c->started = now_us();
	c->busy = true;
}

/* Sends what is left of the request; waits for EPOLLOUT only while the socket is full. */
static int try_send(worker *w, conn *c)
{
	while (c->out_sent < c->out_len) {
		ssize_t k = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);
		if (k < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP,
							 .data.ptr = c};
				epoll_ctl(w->ep, EPOLL_CTL_MOD, c->fd, &ev);
				return 0;
			}
			return -1;
		}
		c->out_sent += (size_t)k;
	}
	return 0;
}

/* Whether c->in holds one whole answer; sets *status, *body, *body_len, *close_after. */
static bool complete(conn *c, int *status, const char **body, size_t *body_len, bool *close_after)
{
	char *in = c->in;
	char *end = memmem(in, c->in_len, "\r\n\r\n", 4);
	if (!end)
		return false;
	size_t head = (size_t)(end - in) + 4;
	*status = atoi(in + 9);
	bool chunked = false;
	long long clen = -1;
	*close_after = false;
	for (char *l = memchr(in, '\n', head); l && l < end; l = memchr(l, '\n', (size_t)(end - l))) {
		l++;
		if (!strncasecmp(l, "content-length:", 15))
			clen = atoll(l + 15);
		else if (!strncasecmp(l, "transfer-encoding:", 18) && strcasestr(l, "chunked") &&
			 strcasestr(l, "chunked") < end)
			chunked = true;
		else if (!strncasecmp(l, "connection:", 11)) {
			char *v = l + 11, *eol = memchr(l, '\r', (size_t)(end - l) + 2);
			if (eol && memmem(v, (size_t)(eol - v), "close", 5))
				*close_after = true;
		}
	}
	if (chunked) {
		size_t p = head;
		for (;;) {
			char *crlf = memmem(in + p, c->in_len - p, "\r\n", 2);
			if (!crlf)
				return false;
			size_t sz = strtoul(in + p, NULL, 16);
			size_t data = (size_t)(crlf - in) + 2;
			if (sz == 0) {
				if (c->in_len < data + 2)
					return false;
				*body = in + head;
				*body_len = p - head;
				return true;
			}
			if (c->in_len < data + sz + 2)
				return false;
			p = data + sz + 2;
		}
	}
	if (clen < 0)
		clen = 0;
	if (c->in_len < head + (size_t)clen)
		return false;
	*body = in + head;
	*body_len = (size_t)clen;
	return true;
}

static void record(worker *w, int64_t us)
{
	if (w->nlat == w->cap_lat) {
		w->cap_lat = w->cap_lat ? w->cap_lat * 2 : 65536;
		w->lat = xrealloc(w->lat, w->cap_lat * sizeof *w->lat);
	}
	w->lat[w->nlat++] = us;
}

/* The answer is whole: counts it, updates the mode's state; returns whether to go on. */
static bool answered(worker *w, conn *c, int status, const char *body, size_t len, bool counted)
{
	if (counted) {
		record(w, now_us() - c->started);
		w->bytes += (long long)c->in_len;
		if (status < 200 || status > 299)
			w->non2xx++;
	}
	c->busy = false;
	if (mode == M_PAGES) {
		const char *n = memmem(body, len, "\"next\":\"", 8);
		c->cursor[0] = 0;
		if (n) {
			n += 8;
			size_t k = 0;
			while (k + 1 < sizeof c->cursor && n + k < body + len && n[k] != '"') {
				c->cursor[k] = n[k];
				k++;
			}
			c->cursor[k] = 0;
		}
		c->page++;
		if (!c->cursor[0] || c->page >= max_pages)
			c->page = 0;
	} else if (mode == M_WORKFLOW) {
		if (c->was_propose && status == 202) {
			const char *id = memmem(body, len, "\"id\":", 5);
			c->decision = id ? atol(id + 5) : 0;
		} else {
			c->decision = 0;
		}
		if (!counted)
			return c->decision != 0; /* after the time: finish the pair only */
	}
	return counted;
}

static void *run(void *arg)
{
	worker *w = arg;
	struct epoll_event evs[256];
	for (int i = 0; i < w->n; i++) {
		conn *c = &w->conns[i];
		while (open_conn(w, c) < 0) {
			w->sock_err++;
			usleep(10000);
			if (now_us() > w->deadline)
				return NULL;
		}
		start_request(c);
		try_send(w, c);
	}
	int64_t drain_end = w->deadline + 10000000;
	for (;;) {
		int64_t t = now_us();
		bool draining = t >= w->deadline;
		if (draining) {
			int open = 0;
			for (int i = 0; i < w->n; i++)
				if (w->conns[i].fd >= 0 && (mode == M_WORKFLOW ? w->conns[i].busy : 0))
					open++;
			if (!open || t >= drain_end)
				break;
		}
		int64_t until = draining ? drain_end : w->deadline;
		int timeout = (int)((until - t) / 1000) + 1;
		int k = epoll_wait(w->ep, evs, 256, timeout > 100 ? 100 : timeout);
		for (int j = 0; j < k; j++) {
			conn *c = evs[j].data.ptr;
			if (c->fd < 0)
				continue;
			bool lost = false;
			if (evs[j].events & EPOLLOUT) {
				if (c->busy && try_send(w, c) < 0)
					lost = true;
				else if (c->out_sent == c->out_len) {
					struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
					epoll_ctl(w->ep, EPOLL_CTL_MOD, c->fd, &ev);
				}
			}
			if (!lost && (evs[j].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
				for (;;) {
					if (c->in_cap - c->in_len < 65536) {
						c->in_cap = c->in_cap ? c->in_cap * 2 : 131072;
						c->in = xrealloc(c->in, c->in_cap);
					}
					ssize_t got = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
					if (got > 0) {
						c->in_len += (size_t)got;
						continue;
					}
					if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
						lost = true;
					break;
				}
				int status;
				const char *body;
				size_t blen;
				bool close_after;
				if (c->busy && c->in_len && complete(c, &status, &body, &blen, &close_after)) {
					bool counted = now_us() < w->deadline;
					bool more = answered(w, c, status, body, blen, counted);
					if (close_after || lost) {
						close_conn(w, c);
						lost = false;
						if (more && open_conn(w, c) < 0) {
							w->sock_err++;
							continue;
						}
					}
					if (more) {
						start_request(c);
						if (try_send(w, c) < 0)
							lost = true;
					}
					if (!lost)
						continue;
				}
			}
			if (lost) {
				if (now_us() < w->deadline)
					w->sock_err++;
				close_conn(w, c);
				c->busy = false;
				if (now_us() < w->deadline && open_conn(w, c) == 0) {
					start_request(c);
					try_send(w, c);
				}
			}
		}
	}
	for (int i = 0; i < w->n; i++)
		close_conn(w, &w->conns[i]);
	return NULL;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void usage(void)
{
	fprintf(stderr, "usage: load [-t THREADS] [-c CONNECTIONS] [-d SECONDS] [-H 'Name: value']... "
			"HOST:PORT paths PATH... | pages PATH PAGES | workflow OFFICER LEADER ID,...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int opt;
	size_t hl = 0;
	while ((opt = getopt(argc, argv, "t:c:d:H:h")) != -1) {
		switch (opt) {
		case 't': nthreads = atoi(optarg); break;
		case 'c': nconn = atoi(optarg); break;
		case 'd': duration = atof(optarg); break;
		case 'H':
			hl += (size_t)snprintf(extra_headers + hl, sizeof extra_headers - hl, "%s\r\n",
					       optarg);
			break;
		default: usage();
		}
	}
	if (argc - optind < 2 || nthreads < 1 || nconn < 1 || duration <= 0)
		usage();
	snprintf(host, sizeof host, "%s", argv[optind]);
	char *colon = strrchr(host, ':');
	if (!colon)
		usage();
	*colon = 0;
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
		usage();
	*colon = ':';
	const char *m = argv[optind + 1];
	char **rest = argv + optind + 2;
	int nrest = argc - optind - 2;
	if (!strcmp(m, "paths") && nrest >= 1) {
		mode = M_PATHS;
		for (int i = 0; i < nrest; i++) {
			if (rest[i][0] != '@') {
				paths = xrealloc(paths, (size_t)(npaths + 1) * sizeof *paths);
				paths[npaths++] = rest[i];
				continue;
			}
			FILE *f = fopen(rest[i] + 1, "r");
			if (!f) {
				perror(rest[i] + 1);
				return 2;
			}
			char line[1024];
			while (fgets(line, sizeof line, f)) {
				line[strcspn(line, "\r\n")] = 0;
				if (!line[0])
					continue;
				paths = xrealloc(paths, (size_t)(npaths + 1) * sizeof *paths);
				paths[npaths++] = strdup(line);
			}
			fclose(f);
		}
		if (!npaths)
			usage();
	} else if (!strcmp(m, "pages") && nrest == 2) {
		mode = M_PAGES;
		page_path = rest[0];
		max_pages = atoi(rest[1]);
		if (max_pages < 1)
			usage();
	} else if (!strcmp(m, "workflow") && nrest == 3) {
		mode = M_WORKFLOW;
		officer = rest[0];
		leader = rest[1];
		for (char *s = rest[2], *tok; (tok = strtok(s, ",")); s = NULL) {
			projects = xrealloc(projects, (size_t)(nprojects + 1) * sizeof *projects);
			projects[nprojects++] = atol(tok);
		}
		if (nprojects < nconn) {
			fprintf(stderr, "load: %d projects for %d connections (one each)\n", nprojects,
				nconn);
			return 2;
		}
	} else {
		usage();
	}
	if (nthreads > nconn)
		nthreads = nconn;

	worker *ws = calloc((size_t)nthreads, sizeof *ws);
	conn *all = calloc((size_t)nconn, sizeof *all);
	int64_t start = now_us(), deadline = start + (int64_t)(duration * 1e6);
	for (int i = 0; i < nconn; i++) {
		all[i].fd = -1;
		all[i].index = i;
		all[i].rotate = i;
	}
	int per = nconn / nthreads, extra = nconn % nthreads, at = 0;
	for (int t = 0; t < nthreads; t++) {
		ws[t].ep = epoll_create1(EPOLL_CLOEXEC);
		ws[t].conns = all + at;
		ws[t].n = per + (t < extra);
		ws[t].deadline = deadline;
		at += ws[t].n;
		pthread_create(&ws[t].th, NULL, run, &ws[t]);
	}
	size_t n = 0;
	long non2xx = 0, sock = 0;
	long long bytes = 0;
	for (int t = 0; t < nthreads; t++) {
		pthread_join(ws[t].th, NULL);
		n += ws[t].nlat;
		non2xx += ws[t].non2xx;
		sock += ws[t].sock_err;
		bytes += ws[t].bytes;
	}
	int64_t *lat = malloc((n ? n : 1) * sizeof *lat);
	size_t k = 0;
	for (int t = 0; t < nthreads; t++) {
		memcpy(lat + k, ws[t].lat, ws[t].nlat * sizeof *lat);
		k += ws[t].nlat;
	}
	qsort(lat, n, sizeof *lat, cmp64);
#define PCT(p) (n ? lat[(size_t)((p) / 100.0 * (double)(n - 1) + 0.5)] / 1000.0 : 0.0)
	printf("{\"requests\":%zu,\"seconds\":%.3f,\"rps\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,"
	       "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"non2xx\":%ld,\"socket_errors\":%ld,\"bytes\":%lld}\n",
	       n, duration, (double)n / duration, PCT(50), PCT(90), PCT(99), n ? lat[n - 1] / 1000.0 : 0.0,
	       non2xx, sock, bytes);
	return 0;
}
