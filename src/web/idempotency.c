/* Idempotency-Key: a client that may retry a write (a timeout, a lost answer, commit_unknown)
 * sends a key of its choosing; the first answer is kept with the write, in its transaction,
 * and a retry with the same key gets that answer again instead of writing twice. */
#include "web/idempotency.h"

#include <sodium.h>
#include <string.h>

/* Routes whose body carries a password or that log in or out: a body's fingerprint would be a
 * fast hash of a password, and retrying them is harmless without a key. */
static bool key_allowed(const route *rt)
{
	return !(rt->flags & ROUTE_NO_IDEMPOTENCY);
}

static bool key_valid(const char *k)
{
	size_t n = 0;
	for (const char *p = k; *p; p++, n++)
		if (*p < 0x20 || *p > 0x7e || n == IDEMPOTENCY_KEY_MAX)
			return false;
	return n > 0;
}

static const char *fingerprint(req *r)
{
	const char *ct = req_header(r, "Content-Type");
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	if (ct)
		crypto_hash_sha256_update(&st, (const unsigned char *)ct, strlen(ct));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	if (r->body.len)
		crypto_hash_sha256_update(&st, (const unsigned char *)r->body.data, r->body.len);
	crypto_hash_sha256_final(&st, h);
	char *hex = arena_alloc(r->a, 2 * sizeof h + 1);
	sodium_bin2hex(hex, 2 * sizeof h + 1, h, sizeof h);
	return hex;
}

int web_idem_start(req *r, const route *rt, web_idem *x)
{
	memset(x, 0, sizeof *x);
	const char *key = req_header(r, "Idempotency-Key");
	/* Reads are idempotent already, and browsers' forms send no key. */
	if (!key || rt->kind != ROUTE_API || !strcmp(r->method, "GET") ||
	    !strcmp(r->method, "HEAD"))
		return 0;
	if (!key_allowed(rt)) {
		err_set(&r->e, 400, "idempotency_unsupported", "Idempotency-Key",
		        "This request does not take the header {field}.");
		return -1;
	}
	if (!key_valid(key)) {
		err_set(&r->e, 400, "invalid_value", "Idempotency-Key",
		        "Header {field} must be 1 to 200 printable ASCII characters.");
		return -1;
	}
	x->scope =
	    (idem_scope){r->authed ? r->who.label : arena_printf(r->a, "address:%s", r->address),
	                 r->method, r->path, key, fingerprint(r)};
	bool found;
	idem_answer ans;
	if (idempotency_begin(r->app, r->a, &x->scope, &x->tx, &found, &ans, &r->e) < 0)
		return -1;
	if (found) {
		buf_reset(&r->out);
		buf_append(&r->out, ans.body, ans.body_len);
		r->status = ans.status;
		r->content_type = ans.content_type;
		if (ans.location)
			req_add_header(r, "Location", ans.location);
		req_add_header(r, "Idempotent-Replayed", "true");
		return 1;
	}
	x->active = true;
	x->nheaders = r->nheaders;
	return 0;
}

void web_idem_finish(req *r, web_idem *x)
{
	if (!x->active)
		return;
	x->active = false;
	const char *location = NULL;
	for (int i = x->nheaders; i < r->nheaders; i++)
		if (!strcasecmp(r->hname[i], "Location"))
			location = r->hvalue[i];
	/* A server error (a store failure half-way, say): the whole request is undone, so that
	 * the error is true as given and a retry with the key performs the write afresh. */
	if (r->status >= 500) {
		idempotency_abandon(x->tx);
		return;
	}
	/* A refusal that wrote nothing is not kept: the client may correct the request and send
	 * it again with the same key. Anything that wrote is kept, whatever its status. */
	bool record = idempotency_wrote(x->tx) || (r->status >= 200 && r->status < 300);
	idem_answer ans = {r->status,
	                   r->content_type ? r->content_type : "text/plain; charset=utf-8",
	                   location, r->out.data ? r->out.data : "", r->out.len};
	err e;
	err_clear(&e);
	if (record)
		ans.body = arena_strndup(r->a, ans.body, ans.body_len);
	if (idempotency_end(x->tx, r->a, &x->scope, record, &ans, &e) == 0)
		return;
	/* Not durable, or not known to be: the handler's answer would be a lie. */
	r->nheaders = x->nheaders;
	err_free_details(&r->e);
	r->e = e;
	reply_error(r);
}
