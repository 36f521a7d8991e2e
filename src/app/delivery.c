/* Delivery of the outbox (the scheduler's job): e-mail over SMTP and webhooks over HTTP, both
 * through libcurl. Each row is claimed in a write transaction (status sending), sent outside
 * any transaction, and settled in another: sent, pending again after a back-off that doubles
 * with each failure, or dead after the last try with its last error kept. A node that dies
 * between sending and settling leaves a claim that another takes up after a lease: delivery
 * is at least once, and each carries its outbox id (X-Baotu-Delivery, Message-ID) so that a
 * receiver can drop a repeat. */
#include "app/notify.h"
#include "app/notify_internal.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/time.h"
#include "store/notify.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* A body that libcurl reads from (the SMTP upload). */
typedef struct reader {
	const char *data;
	size_t len, pos;
} reader;

static size_t read_cb(char *dst, size_t size, size_t n, void *arg)
{
	reader *r = arg;
	size_t room = size * n, left = r->len - r->pos;
	size_t k = left < room ? left : room;
	memcpy(dst, r->data + r->pos, k);
	r->pos += k;
	return k;
}

static size_t discard_cb(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* A header's text as RFC 2047 base64 when it is not plain ASCII. */
static const char *header_word(arena *a, const char *s)
{
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ascii &= *p >= 0x20 && *p < 0x7f;
	if (ascii)
		return s;
	size_t n = strlen(s);
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = arena_alloc(a, cap);
	sodium_bin2base64(b64, cap, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
	return arena_printf(a, "=?UTF-8?B?%s?=", b64);
}

/* The message: headers, then the text as base64 (UTF-8, any line length). */
static const char *mime_message(arena *a, const notify_settings *s, int64_t id, const char *to,
                                const char *subject, const char *text)
{
	char date[64];
	time_t t = (time_t)(time_now_us() / 1000000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	size_t n = strlen(text);
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = arena_alloc(a, cap);
	sodium_bin2base64(b64, cap, (const unsigned char *)text, n, sodium_base64_VARIANT_ORIGINAL);
	buf m = BUF_INIT;
	const char *at = strchr(s->smtp_from, '@');
	buf_printf(&m,
	           "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nSubject: %s\r\nMessage-ID: "
	           "<outbox-%lld@%s>\r\nX-Baotu-Delivery: %lld\r\nMIME-Version: 1.0\r\n"
	           "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
	           "base64\r\n\r\n",
	           date, s->smtp_from, to, header_word(a, subject), (long long)id,
	           at ? at + 1 : "baotu", (long long)id);
	for (size_t i = 0, len = strlen(b64); i < len; i += 76)
		buf_printf(&m, "%.76s\r\n", b64 + i);
	const char *out = arena_strdup(a, buf_cstr(&m));
	buf_free(&m);
	return out;
}

static int send_email(arena *a, const notify_settings *s, int64_t id, const char *body,
                      const char **error)
{
	json_t *o = json_loads(body, 0, NULL);
	const char *to = json_string_value(json_object_get(o, "to"));
	const char *subject = json_string_value(json_object_get(o, "subject"));
	const char *text = json_string_value(json_object_get(o, "text"));
	if (!to || !subject || !text) {
		json_decref(o);
		*error = "malformed outbox row";
		return -1;
	}
	if (s->public_url && *s->public_url)
		text =
		    arena_printf(a, "%s\n%s/projects/%lld\n", text, s->public_url,
		                 (long long)json_integer_value(json_object_get(o, "project_id")));
	reader rd = {mime_message(a, s, id, to, subject, text), 0, 0};
	rd.len = strlen(rd.data);
	CURL *h = curl_easy_init();
	struct curl_slist *rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", to));
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(h, CURLOPT_URL, s->smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", s->smtp_from));
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &rd);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, s->timeout_s);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_USE_SSL,
	                 s->smtp_tls == NOTIFY_TLS_STARTTLS ? (long)CURLUSESSL_ALL
	                                                    : (long)CURLUSESSL_NONE);
	if (s->smtp_user)
		curl_easy_setopt(h, CURLOPT_USERNAME, s->smtp_user);
	if (s->smtp_password)
		curl_easy_setopt(h, CURLOPT_PASSWORD, s->smtp_password);
	CURLcode rc = curl_easy_perform(h);
	if (rc != CURLE_OK)
		*error = arena_printf(a, "smtp: %s", *errbuf ? errbuf : curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	json_decref(o);
	return rc == CURLE_OK ? 0 : -1;
}

/* POSTs the body with its signature: hex HMAC-SHA256 over "TIMESTAMP.BODY" with the webhook's
 * secret (the 64 hex digits as text are the key). A 2xx answer is a delivery. */
static int send_webhook(arena *a, const notify_settings *s, int64_t id, const char *url,
                        const char *body, const char *secret, const char **error)
{
	if (!secret) {
		*error = "the webhook was removed";
		return -1;
	}
	long long ts = (long long)(time_now_us() / 1000000);
	const char *signed_text = arena_printf(a, "%lld.%s", ts, body);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)signed_text, strlen(signed_text));
	crypto_auth_hmacsha256_final(&st, mac);
	char hex[sizeof mac * 2 + 1];
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	struct curl_slist *hs = NULL;
	hs = curl_slist_append(hs, "Content-Type: application/json");
	hs = curl_slist_append(hs, arena_printf(a, "X-Baotu-Timestamp: %lld", ts));
	hs = curl_slist_append(hs, arena_printf(a, "X-Baotu-Signature: %s", hex));
	hs = curl_slist_append(hs, arena_printf(a, "X-Baotu-Delivery: %lld", (long long)id));
	hs = curl_slist_append(hs, "User-Agent: baotu-webhook/1");
	hs = curl_slist_append(hs, "Expect:");
	CURL *h = curl_easy_init();
	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, s->timeout_s);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	CURLcode rc = curl_easy_perform(h);
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hs);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK) {
		*error = arena_printf(a, "http: %s", *errbuf ? errbuf : curl_easy_strerror(rc));
		return -1;
	}
	if (status < 200 || status > 299) {
		*error = arena_printf(a, "http: status %ld", status);
		return -1;
	}
	return 0;
}

/* One due delivery: 1 when one was claimed (whatever its outcome), 0 when none is due. */
static int deliver_one(app *ap, arena *a, int64_t now, int *done, err *e)
{
	const notify_settings *s = notify_settings_of(ap);
	bool with_email = s->smtp_url && *s->smtp_url && s->smtp_from && *s->smtp_from;
	store_result *r;
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int found = notify_outbox_claim(c, a, now, now - NOTIFY_CLAIM_LEASE_US, with_email, &r, e);
	if (app_tx_end(c, found < 0 ? -1 : 0, e) < 0 || found <= 0)
		return found < 0 ? -1 : found;
	int64_t id = store_get_int(r, 0, "id"), attempts = store_get_int(r, 0, "attempts");
	const char *channel = store_get(r, 0, "channel"), *error = NULL;
	int sent = !strcmp(channel, "email")
	               ? send_email(a, s, id, store_get(r, 0, "body"), &error)
	               : send_webhook(a, s, id, store_get(r, 0, "target"), store_get(r, 0, "body"),
	                              store_get(r, 0, "secret"), &error);
	int64_t wait = s->backoff_us << (attempts - 1 < 20 ? attempts - 1 : 20);
	const char *status = sent == 0 ? "sent" : attempts >= s->max_attempts ? "dead" : "pending";
	if (sent == 0)
		(*done)++;
	else
		log_warn("outbox %lld (%s, try %lld): %s%s", (long long)id, channel,
		         (long long)attempts, error, !strcmp(status, "dead") ? "; given up" : "");
	int64_t at = time_now_us();
	c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = notify_outbox_settle(c, a, id, attempts, status, sent == 0 ? at : at + wait,
	                              sent == 0 ? NULL : error, at, e);
	return app_tx_end(c, rc < 0 ? -1 : 0, e) < 0 ? -1 : 1;
}

int notify_deliver_due(app *ap, arena *a, int64_t now, int *done, err *e)
{
	pthread_once(&curl_once, curl_init);
	*done = 0;
	for (int i = 0; i < NOTIFY_DELIVER_MAX; i++) {
		int rc = deliver_one(ap, a, now, done, e);
		if (rc <= 0)
			return rc;
	}
	return 0;
}
