#include "lib/http_client.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct sink {
	buf b;
	size_t cap;
	int over;
} sink;

/* Stops the transfer (a short count) as soon as the answer passes the cap. */
static size_t write_cb(char *p, size_t size, size_t n, void *arg)
{
	sink *s = arg;
	size_t k = size * n;
	if (s->b.len + k > s->cap) {
		s->over = 1;
		return 0;
	}
	buf_append(&s->b, p, k);
	return k;
}

int http_client_do(const http_request *req, http_reply *out, char why[HTTP_CLIENT_WHY_MAX])
{
	pthread_once(&curl_once, curl_init);
	memset(out, 0, sizeof *out);
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(why, HTTP_CLIENT_WHY_MAX, "libcurl failed to initialise");
		return -1;
	}
	struct curl_slist *hs = NULL;
	hs = curl_slist_append(hs, "Accept: application/json");
	hs = curl_slist_append(hs, "User-Agent: baotu-log-client/1");
	hs = curl_slist_append(hs, "Expect:");
	char auth[1024];
	if (req->bearer) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", req->bearer);
		hs = curl_slist_append(hs, auth);
	}
	if (req->json_body)
		hs = curl_slist_append(hs, "Content-Type: application/json");
	sink s = {.b = BUF_INIT, .cap = req->max_body};
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(h, CURLOPT_URL, req->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, req->timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, req->timeout_s);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	/* a declared length past the cap fails before any of it arrives */
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)req->max_body);
	if (req->json_body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->json_body);
	} else if (strcmp(req->method, "GET")) {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	}
	CURLcode rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(hs);
	curl_easy_cleanup(h);
	if (s.over || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(why, HTTP_CLIENT_WHY_MAX, "%s %s: the answer is longer than %zu bytes",
		         req->method, req->url, req->max_body);
		buf_free(&s.b);
		return -1;
	}
	if (rc != CURLE_OK) {
		snprintf(why, HTTP_CLIENT_WHY_MAX, "%s %s: %s", req->method, req->url,
		         *errbuf ? errbuf : curl_easy_strerror(rc));
		buf_free(&s.b);
		return -1;
	}
	out->len = s.b.len;
	out->body = buf_take(&s.b);
	return 0;
}

void http_reply_free(http_reply *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}
