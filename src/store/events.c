#include "store/events.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/jw.h"
#include "lib/log.h"
#include "lib/time.h"
#include "store/row.h"

#define HASH_ZERO "0000000000000000000000000000000000000000000000000000000000000000"

/* The canonical bytes of an event, written as text: its keys in sorted order (actor, kind,
 * payload, prev_hash, reason, seq, subject_id, subject_type, ts), its strings escaped as jansson
 * escapes them (lib/jw), and the payload's canonical text as it is. What json_canonical gives
 * for the same object, without building it (e2e audit: "audit export verifies with a few lines
 * of JS, not our C" recomputes every hash from the export with its own canonical form). */
static void canonical_text(buf *b, int64_t seq, int64_t ts, const char *actor,
                           const char *subject_type, const char *subject_id, const char *kind,
                           const char *reason, const char *payload_text, const char *prev_hash)
{
	jw w = JW_INIT(b);
	jw_obj(&w);
	jw_kstr(&w, "actor", actor);
	jw_kstr(&w, "kind", kind);
	jw_key(&w, "payload");
	jw_raw(&w, payload_text);
	jw_kstr(&w, "prev_hash", prev_hash);
	jw_kstr(&w, "reason", reason);
	jw_kint(&w, "seq", seq);
	jw_kstr(&w, "subject_id", subject_id);
	jw_kstr(&w, "subject_type", subject_type);
	jw_kint(&w, "ts", ts);
	jw_end(&w);
}

char *events_canonical(int64_t seq, int64_t ts, const char *actor, const char *subject_type,
		       const char *subject_id, const char *kind, const char *reason,
		       json_t *payload, const char *prev_hash)
{
	char *pl = json_canonical(payload);
	buf b = BUF_INIT;
	canonical_text(&b, seq, ts, actor, subject_type, subject_id, kind, reason, pl, prev_hash);
	free(pl);
	return buf_take(&b);
}

/* hash_n = SHA-256(hash_{n-1} as 32 bytes || canonical bytes of event n) (docs/AUDIT.md), with
 * nettle's SHA-256, which uses the CPU's SHA extensions where it has them: five to six times
 * libsodium's portable code on this project's machines, and the same digest. */
static int nibble(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
}

static void chain_hash(const char *prev_hex, const char *canon, size_t len, char out[65])
{
	/* the hashes are public: plain hex, not libsodium's constant-time conversions (a tenth of
	 * verify's time) */
	static const char hex[] = "0123456789abcdef";
	unsigned char prev[32] = {0}, h[32];
	for (size_t i = 0; i < 32 && prev_hex[2 * i] && prev_hex[2 * i + 1]; i++)
		prev[i] = (unsigned char)(nibble(prev_hex[2 * i]) << 4 | nibble(prev_hex[2 * i + 1]));
	struct sha256_ctx st;
	sha256_init(&st);
	sha256_update(&st, sizeof prev, prev);
	sha256_update(&st, len, (const uint8_t *)canon);
	sha256_digest(&st, sizeof h, h);
	for (size_t i = 0; i < 32; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[64] = 0;
}

STORE_ROW(events_head, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")

int events_of_seq(store_conn *c, arena *a, int64_t seq, store_result **r, err *e)
{
	return store_found(
		store_q(c, a, e, r, "SELECT seq, ts, hash FROM events WHERE seq = $1", "i", seq), r);
}

int events_append(store_conn *c, arena *a, const event_in *ev, int64_t *seq_out, err *e)
{
	if (c->drv->lock_chain(c, e) < 0)
		return -1;
	store_result *r;
	if (events_head(c, a, &r, e) < 0)
		return -1;
	int64_t seq = r->nrows ? store_get_int(r, 0, "seq") + 1 : 1;
	const char *prev = r->nrows ? store_get(r, 0, "hash") : HASH_ZERO;
	int64_t ts = time_now_us();
	json_t *empty = NULL;
	json_t *payload = ev->payload;
	if (!payload)
		payload = empty = json_object();
	char *pl = json_canonical(payload);
	buf canon = BUF_INIT;
	canonical_text(&canon, seq, ts, ev->actor, ev->subject_type, ev->subject_id, ev->kind,
		       ev->reason, pl, prev);
	char hash[65];
	chain_hash(prev, canon.data, canon.len, hash);
	int rc = store_q(c, a, e, NULL,
			 "INSERT INTO events (seq, ts, actor, subject_type, subject_id, kind, "
			 "reason, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			 "$8, $9, $10)",
			 "iittttttt" "t", seq, ts, ev->actor, ev->subject_type, ev->subject_id,
			 ev->kind, ev->reason, pl, prev, hash);
	buf_free(&canon);
	free(pl);
	json_decref(empty);
	if (rc == 0 && seq_out)
		*seq_out = seq;
	return rc;
}

#define VERIFY_PAGE 1000

/* Calls fn for every event in seq order, in pages, each page in its own arena. */
typedef int (*event_fn)(void *ctx, const store_result *r, int row);

static int events_scan(store_conn *c, event_fn fn, void *ctx, err *e)
{
	int64_t after = 0;
	for (;;) {
		arena *a = arena_new();
		store_result *r;
		if (store_q(c, a, e, &r,
			    "SELECT seq, ts, actor, subject_type, subject_id, kind, reason, "
			    "payload, prev_hash, hash FROM events WHERE seq > $1 ORDER BY seq "
			    "LIMIT $2",
			    "ii", after, (int64_t)VERIFY_PAGE) < 0) {
			arena_free(a);
			return -1;
		}
		for (int i = 0; i < r->nrows; i++) {
			int rc = fn(ctx, r, i);
			if (rc) {
				arena_free(a);
				return rc;
			}
		}
		int n = r->nrows;
		if (n)
			after = store_get_int(r, n - 1, "seq");
		arena_free(a);
		if (n < VERIFY_PAGE)
			return 0;
	}
}

struct verify_ctx {
	buf canon; /* the event's canonical bytes, the buffer reused */
	char prev[65];
	int64_t expect_seq;
	int64_t count;
	int64_t broken;
};

/* Whether the stored payload is canonical JSON text (so that no byte of it is free): decided
 * from the text where it can be (lib/json: json_canonical_check), else by parsing it (duplicate
 * keys refused) and serialising it again. */
static bool payload_canonical(const char *text)
{
	size_t len = strlen(text);
	if (!len || text[0] != '{')
		return false;
	int quick = json_canonical_check(text, len);
	if (quick >= 0)
		return quick == 1;
	json_error_t je;
	json_t *payload = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!payload)
		return false;
	char *pl = json_canonical(payload);
	bool same = !strcmp(pl, text);
	free(pl);
	json_decref(payload);
	return same;
}

/* The columns of events_scan's SELECT, by position: a row's cells without a look-up by name. */
enum { COL_SEQ, COL_TS, COL_ACTOR, COL_SUBJECT_TYPE, COL_SUBJECT_ID, COL_KIND, COL_REASON,
       COL_PAYLOAD, COL_PREV_HASH, COL_HASH };

static const char *cell(const store_result *r, int row, int col)
{
	return r->vals[row * r->ncols + col];
}

static int verify_one(void *vctx, const store_result *r, int i)
{
	struct verify_ctx *v = vctx;
	const char *seq_text = cell(r, i, COL_SEQ);
	int64_t seq = seq_text ? strtoll(seq_text, NULL, 10) : 0;
	const char *payload_text = cell(r, i, COL_PAYLOAD);
	const char *prev = cell(r, i, COL_PREV_HASH);
	const char *hash = cell(r, i, COL_HASH);
	if (seq != v->expect_seq) {
		v->broken = v->expect_seq; /* a missing event: name the first absent number */
		return 1;
	}
	v->broken = seq;
	if (!prev || !hash || strcmp(prev, v->prev) || !payload_text ||
	    !payload_canonical(payload_text))
		return 1;
	const char *ts = cell(r, i, COL_TS);
	v->canon.len = 0;
	canonical_text(&v->canon, seq, ts ? strtoll(ts, NULL, 10) : 0, cell(r, i, COL_ACTOR),
		       cell(r, i, COL_SUBJECT_TYPE), cell(r, i, COL_SUBJECT_ID), cell(r, i, COL_KIND),
		       cell(r, i, COL_REASON), payload_text, prev);
	char want[65];
	chain_hash(prev, v->canon.data, v->canon.len, want);
	if (strcmp(want, hash))
		return 1;
	memcpy(v->prev, hash, 65);
	v->expect_seq = seq + 1;
	v->count++;
	return 0;
}

int events_verify(store_conn *c, int64_t *count, int64_t *broken_seq, err *e)
{
	struct verify_ctx v = {.expect_seq = 1};
	memcpy(v.prev, HASH_ZERO, 65);
	int rc = events_scan(c, verify_one, &v, e);
	buf_free(&v.canon);
	*count = v.count;
	if (rc == 1)
		*broken_seq = v.broken;
	return rc;
}

struct export_ctx {
	FILE *out;
	int64_t count;
};

static int export_one(void *vctx, const store_result *r, int i)
{
	struct export_ctx *x = vctx;
	json_error_t je;
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(store_get_int(r, i, "seq")));
	json_object_set_new(o, "ts", json_integer(store_get_int(r, i, "ts")));
	const char *cols[] = {"actor", "subject_type", "subject_id", "kind", "prev_hash", "hash"};
	for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
		json_object_set_new(o, cols[k], json_string(store_get(r, i, cols[k])));
	const char *reason = store_get(r, i, "reason");
	json_object_set_new(o, "reason", reason ? json_string(reason) : json_null());
	json_t *p = json_loads(store_get(r, i, "payload"), 0, &je);
	json_object_set_new(o, "payload", p ? p : json_string(store_get(r, i, "payload")));
	char *line = json_canonical(o);
	json_decref(o);
	fputs(line, x->out);
	fputc('\n', x->out);
	free(line);
	x->count++;
	return 0;
}

int events_export(store_conn *c, FILE *out, int64_t *count, err *e)
{
	struct export_ctx x = {out, 0};
	int rc = events_scan(c, export_one, &x, e);
	*count = x.count;
	return rc;
}

int events_for_subject(store_conn *c, arena *a, const char *type, const char *id, int64_t after,
		       int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
		       "SELECT seq, ts, actor, subject_type, subject_id, kind, reason, payload, "
		       "hash FROM events WHERE subject_type = $1 AND subject_id = $2 AND seq > $3 "
		       "ORDER BY seq LIMIT $4",
		       "ttii", type, id, after, (int64_t)limit);
}
