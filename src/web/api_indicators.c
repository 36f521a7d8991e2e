/* Risk monitoring of live pilots (§4.3): handlers of the route table. */
#include "web/api_indicators.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/json.h"
#include "web/api.h"
#include "web/api_projects.h"

int api_indicators_change(req *r)
{
	int64_t id;
	json_t *b = api_id_body(r, &id), *out = NULL;
	if (!b)
		return -1;
	int rc = indicator_change(r->app, r->a, &r->who, id, req_param(r, "key"), b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_values);
}

/* ---- the ingestion body's fast path ----
 *
 * A batch of 10,000 points is some 800 KB of JSON, and a general decoder spends most of the
 * request building and freeing 10,000 small objects. The usual body,
 *     {"points":[{"indicator":"customers","at":"2026-01-05T08:00:00Z","value":1200},...]}
 * is decoded here straight into an array: exactly that shape (the three fields in any order,
 * each once; whitespace anywhere JSON allows it), strings of printable ASCII without escapes,
 * numbers by JSON's grammar. Anything else - another key, an escape, a byte outside ASCII, a
 * number that overflows, a duplicate key, trailing text - is not refused here: the body goes to
 * the strict general decoder (req_json_body), which refuses or accepts it as for any route. So
 * the fast path accepts only what the general one would, with the same meaning. */

typedef struct scan {
	const char *p, *end;
} scan;

static void skip_ws(scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static bool take(scan *s, char c)
{
	skip_ws(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

/* A string of printable ASCII without escapes: its start and length. */
static bool plain_string(scan *s, const char **start, size_t *len)
{
	if (!take(s, '"'))
		return false;
	const char *b = s->p;
	while (s->p < s->end && *s->p != '"') {
		unsigned char c = (unsigned char)*s->p;
		if (c < 0x20 || c >= 0x7f || c == '\\')
			return false;
		s->p++;
	}
	if (s->p >= s->end)
		return false;
	*start = b;
	*len = (size_t)(s->p - b);
	s->p++;
	return true;
}

static bool is_digit(const scan *s)
{
	return s->p < s->end && *s->p >= '0' && *s->p <= '9';
}

/* A number by JSON's grammar: an integer when it has neither fraction nor exponent. */
static bool plain_number(scan *s, metrics_point_in *pt)
{
	skip_ws(s);
	const char *b = s->p;
	bool integer = true;
	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (!is_digit(s))
		return false;
	if (*s->p++ != '0')
		while (is_digit(s))
			s->p++;
	if (s->p < s->end && *s->p == '.') {
		integer = false;
		s->p++;
		if (!is_digit(s))
			return false;
		while (is_digit(s))
			s->p++;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		integer = false;
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!is_digit(s))
			return false;
		while (is_digit(s))
			s->p++;
	}
	char text[64];
	size_t len = (size_t)(s->p - b);
	if (len >= sizeof text)
		return false;
	memcpy(text, b, len);
	text[len] = 0;
	errno = 0;
	pt->integer = integer;
	if (integer)
		pt->ivalue = strtoll(text, NULL, 10);
	else
		pt->rvalue = strtod(text, NULL);
	return errno == 0; /* out of range: the general decoder says so */
}

static bool is_key(const char *k, size_t n, const char *want)
{
	return n == strlen(want) && !memcmp(k, want, n);
}

/* One point; false when it is not of the usual shape. */
static bool plain_point(req *r, scan *s, metrics_point_in *pt)
{
	bool seen[3] = {false, false, false};
	if (!take(s, '{'))
		return false;
	for (int f = 0; f < 3; f++) {
		const char *k, *v;
		size_t kn, vn;
		if ((f && !take(s, ',')) || !plain_string(s, &k, &kn) || !take(s, ':'))
			return false;
		int which = is_key(k, kn, "indicator") ? 0
		            : is_key(k, kn, "at")      ? 1
		            : is_key(k, kn, "value")   ? 2
		                                       : -1;
		if (which < 0 || seen[which])
			return false;
		seen[which] = true;
		if (which == 2) {
			if (!plain_number(s, pt))
				return false;
			continue;
		}
		if (!plain_string(s, &v, &vn))
			return false;
		*(which ? &pt->at : &pt->indicator) = arena_strndup(r->a, v, vn);
	}
	return take(s, '}');
}

/* The body's points when it has the usual shape; false (nothing decided) otherwise. */
static bool plain_points(req *r, metrics_point_in **out, size_t *n)
{
	const char *ct = req_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) ||
	    (ct[16] && ct[16] != ';' && ct[16] != ' ') || !r->body.data)
		return false;
	scan s = {r->body.data, r->body.data + r->body.len};
	const char *k;
	size_t kn;
	if (!take(&s, '{') || !plain_string(&s, &k, &kn) || !is_key(k, kn, "points") ||
	    !take(&s, ':') || !take(&s, '['))
		return false;
	/* a point takes 34 bytes at least: {"indicator":"","at":"","value":0} */
	size_t cap = r->body.len / 34 + 1, count = 0;
	metrics_point_in *pts = arena_alloc(r->a, sizeof *pts * cap);
	if (!take(&s, ']')) {
		do {
			if (count == cap || !plain_point(r, &s, &pts[count++]))
				return false;
		} while (take(&s, ','));
		if (!take(&s, ']'))
			return false;
	}
	if (!take(&s, '}'))
		return false;
	skip_ws(&s);
	if (s.p != s.end)
		return false;
	*out = pts;
	*n = count;
	return true;
}

/* One endpoint, two bodies: {"points":[...]} is an ingestion; anything else is the older
 * month's figures (api_projects_metrics), answered exactly as before. */
int api_metrics_post(req *r)
{
	int64_t id;
	metrics_point_in *pts;
	size_t n;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	if (plain_points(r, &pts, &n)) {
		int rc = metrics_ingest_points(r->app, r->a, &r->who, id, pts, n, &out, &r->e);
		return api_written(r, rc, out, 201, reply_values);
	}
	json_t *b = req_json_body(r);
	if (!b)
		return -1;
	if (!metrics_body_is_points(b)) {
		json_decref(b);
		return api_projects_metrics(r);
	}
	int rc = metrics_ingest(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 201, reply_values);
}

int api_metrics_list(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *l = req_query(r, "limit");
	long limit = 100; /* a page of points: 100 unless asked, at most 200 as every list */
	if (l && *l) {
		char *end;
		limit = strtol(l, &end, 10);
		if (*end || limit < 1 || limit > 200)
			return err_set(&r->e, 400, "invalid_value", "limit",
			               "Parameter {field} must be between 1 and 200.");
	}
	json_t *o =
	    metric_list(r->app, r->a, &r->who, id, req_query(r, "indicator"), req_query(r, "from"),
	                req_query(r, "to"), req_query(r, "after"), (int)limit, &r->e);
	return o ? reply_values(r, 200, o) : -1;
}

int api_tokens_revoke(req *r)
{
	int64_t id, token_id;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "token_id", &token_id) < 0)
		return -1;
	json_t *out = NULL;
	int rc = api_token_revoke(r->app, r->a, &r->who, id, token_id, &out, &r->e);
	return api_written(r, rc, out, 200, reply_json);
}
