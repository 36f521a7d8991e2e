/* The public transparency log: leaves, heads, proofs, witnesses (app/tlog.h). The exact bytes
 * are those of docs/TRANSPARENCY.md: a leaf is the canonical JSON (lib/json) of a record or of
 * an anchor of the chain, its hash H(0x00 || leaf) (lib/merkle), a head the text lib/logsign
 * signs. */
#include "app/tlog.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/sanctions_internal.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/logsign.h"
#include "lib/merkle.h"
#include "lib/time.h"
#include "store/events.h"
#include "store/tlog.h"

/* The log's signing key: loaded once by tlog_start, before the server's threads, and read by
 * every append after. NULL: heads are not signed. */
static logsign_key *g_key;

static merkle_alg key_hash(const logsign_key *k)
{
	return k && logsign_key_alg(k) == LOGSIGN_SM2 ? MERKLE_SM3 : MERKLE_SHA256;
}

/* ---- the public records: which events, and what of them the public sees ---- */

/* The view of a stage outcome: the state change, its date and clause, as the public register
 * shows it (app/sanctions.c, outcomes_json), and the public part of its effect: the exit's
 * announcement, the recognition's kind and citation. Never the reason, evidence, measures,
 * referrals or orders. */
static json_t *view_outcome(const json_t *pl)
{
	json_t *o = json_object();
	static const char *const keys[] = {"action", "from", "to", "clause", NULL};
	for (const char *const *k = keys; *k; k++) {
		json_t *v = json_object_get(pl, *k);
		json_object_set_new(o, *k, json_is_string(v) ? json_copy(v) : json_null());
	}
	const json_t *ex = json_object_get(pl, "exit");
	if (json_is_object(ex))
		json_object_set_new(o, "exit",
		                    json_pack("{s:O?, s:O?, s:O?}", "id", json_object_get(ex, "id"),
		                              "kind", json_object_get(ex, "kind"),
		                              "channel_open_until",
		                              json_object_get(ex, "channel_open_until")));
	const json_t *exit_id = json_object_get(pl, "exit_id");
	if (json_is_integer(exit_id))
		json_object_set_new(o, "exit_id", json_copy((json_t *)exit_id));
	const json_t *rid = json_object_get(pl, "recognition_id");
	if (json_is_integer(rid))
		json_object_set_new(
		    o, "recognition",
		    json_pack("{s:O, s:O?, s:O?}", "id", rid, "kind", json_object_get(pl, "kind"),
		              "citation",
		              json_object_get(json_object_get(pl, "params"), "citation")));
	return o;
}

/* The notice as published (§4.2): the snapshot of the public fields and its period. */
static json_t *view_notice(const json_t *pl)
{
	return json_pack(
	    "{s:O?, s:O?, s:O?, s:O?, s:O?}", "notice_id", json_object_get(pl, "notice_id"),
	    "opens_on", json_object_get(pl, "opens_on"), "closes_on",
	    json_object_get(pl, "closes_on"), "working_days", json_object_get(pl, "working_days"),
	    "public", json_object_get(pl, "public"));
}

/* The records of the log: what the public pages already show, as its event says it. The
 * notice as published, and every state change of the workflow that the public register shows
 * (app/sanctions.c's public_outcome: launch, the stage outcomes, the sanctions made public, the
 * exit's announcement and completion, recognition), as view_outcome gives it. */
static json_t *(*public_view(const char *kind))(const json_t *payload)
{
	static const char project[] = "project.";
	if (!strcmp(kind, "notice.published"))
		return view_notice;
	if (!strncmp(kind, project, sizeof project - 1) &&
	    public_outcome(kind + sizeof project - 1))
		return view_outcome;
	return NULL;
}

/* ---- appending ---- */

/* The tree's hash: the one fixed at the first leaf, else (CREATE) fixed now from the key. */
static int tree_hash(store_conn *c, arena *a, bool create, merkle_alg *alg, err *e)
{
	const char *name;
	int found = tlog_params_get(c, a, &name, e);
	if (found < 0)
		return -1;
	if (found)
		return merkle_alg_parse(name, alg) < 0
		           ? err_set(e, 500, "store_error", NULL,
		                     "The transparency log names an unknown hash.")
		           : 0;
	*alg = key_hash(g_key);
	return create ? tlog_params_put(c, a, merkle_alg_name(*alg), time_now_us(), e) : 0;
}

/* A failed tree computation: the store's error when a callback set one, else ours. */
static int tree_failed(err *e)
{
	if (!e->code)
		err_set(e, 500, "store_error", NULL, "The transparency log could not be computed.");
	return -1;
}

typedef struct appender {
	store_conn *c;
	arena *a;
	err *e;
	tlog_source_ctx x;
	merkle_source src;
	merkle_frontier f;
} appender;

static int appender_open(appender *ap, store_conn *c, arena *a, err *e)
{
	merkle_alg alg;
	int64_t n;
	if (tlog_lock(c, e) < 0 || tree_hash(c, a, true, &alg, e) < 0 || tlog_size(c, a, &n, e) < 0)
		return -1;
	ap->c = c;
	ap->a = a;
	ap->e = e;
	ap->x = (tlog_source_ctx){c, a, e};
	tlog_source(&ap->src, alg, &ap->x);
	/* O(log n): the frontier's subtree roots come from the cache */
	if (merkle_frontier_load(&ap->f, &ap->src, (uint64_t)n) < 0)
		return tree_failed(e);
	return 0;
}

static int append_leaf(appender *ap, json_t *leaf, const char *type, const char *kind,
                       int64_t event_seq)
{
	if (!leaf)
		return tree_failed(ap->e);
	char *text = json_canonical(leaf);
	json_decref(leaf);
	uint8_t h[MERKLE_HASH_SIZE];
	char hex[MERKLE_HEX_SIZE];
	int64_t idx = (int64_t)ap->f.size;
	int rc = merkle_leaf_hash(ap->f.alg, text, strlen(text), h);
	if (rc == 0) {
		merkle_hex(h, hex);
		rc = tlog_leaf_put(ap->c, ap->a, idx, text, hex, type, kind, event_seq,
		                   time_now_us(), ap->e);
	} else
		tree_failed(ap->e);
	free(text);
	if (rc < 0)
		return -1;
	if (merkle_frontier_append(&ap->f, h, tlog_node_keep, &ap->x) < 0)
		return tree_failed(ap->e);
	return 0;
}

static int append_anchor(appender *ap, int64_t chain_seq, const char *chain_hash)
{
	return append_leaf(ap,
	                   json_pack("{s:s, s:I, s:s, s:I}", "type", "chain_head", "chain_seq",
	                             (json_int_t)chain_seq, "chain_hash", chain_hash, "ts",
	                             (json_int_t)time_now_us()),
	                   "chain_head", NULL, chain_seq);
}

/* Signs and stores the head of the frontier's size (nothing without a key). */
static int sign_head(store_conn *c, arena *a, const merkle_frontier *f, err *e)
{
	if (!g_key)
		return 0;
	logsign_head h = {f->alg, f->size, time_now_us() / 1000, {0}};
	/* never before the previous head: a monitor may read timestamps as an order */
	store_result *prev;
	int found = tlog_head_get(c, a, -1, &prev, e);
	if (found < 0)
		return -1;
	if (found && store_get_int(prev, 0, "timestamp_ms") > h.timestamp_ms)
		h.timestamp_ms = store_get_int(prev, 0, "timestamp_ms");
	char root[MERKLE_HEX_SIZE], sig[LOGSIGN_SIG_MAX], pub[LOGSIGN_PUB_MAX];
	const char *why = NULL;
	if (merkle_frontier_root(f, h.root_hash) < 0 || logsign_public(g_key, pub) < 0 ||
	    logsign_sign_head(g_key, &h, sig, &why) < 0) {
		log_warn("transparency log: cannot sign the head of size %llu: %s",
		         (unsigned long long)f->size, why ? why : "error");
		return err_set(e, 500, "log_sign_failed", NULL,
		               "The transparency log's head could not be signed.");
	}
	merkle_hex(h.root_hash, root);
	tlog_head_row row = {(int64_t)h.tree_size,
	                     h.timestamp_ms,
	                     root,
	                     merkle_alg_name(h.hash),
	                     logsign_alg_name(logsign_key_alg(g_key)),
	                     pub,
	                     sig};
	return tlog_head_put(c, a, &row, e);
}

int tlog_event_appended(store_conn *c, arena *a, int64_t seq, const char *type, const char *id,
                        const char *kind, const json_t *payload, err *e)
{
	json_t *(*view)(const json_t *) = public_view(kind);
	if (!view)
		return 0;
	store_result *ev;
	int found = events_of_seq(c, a, seq, &ev, e);
	if (found <= 0)
		return found < 0 ? -1 : tree_failed(e);
	appender ap;
	if (appender_open(&ap, c, a, e) < 0)
		return -1;
	json_t *leaf =
	    json_pack("{s:s, s:s, s:I, s:I, s:s, s:o}", "type", "record", "kind", kind, "seq",
	              (json_int_t)seq, "ts", (json_int_t)store_get_int(ev, 0, "ts"), "subject",
	              arena_printf(a, "%s:%s", type, id), "record", view(payload));
	/* the anchor right after covers the record's own event */
	if (append_leaf(&ap, leaf, "record", kind, seq) < 0 ||
	    append_anchor(&ap, seq, store_get(ev, 0, "hash")) < 0)
		return -1;
	return sign_head(c, a, &ap.f, e);
}

/* ---- the start ---- */

static int start_tx(store_conn *c, arena *a, char *msg, size_t msg_size, err *e)
{
	const char *name;
	int found = tlog_params_get(c, a, &name, e);
	if (found < 0)
		return -1;
	merkle_alg want = key_hash(g_key), have;
	if (found && (merkle_alg_parse(name, &have) < 0 || have != want)) {
		snprintf(
		    msg, msg_size,
		    "the transparency log's tree is hashed with %s, fixed at its first leaf; an "
		    "%s key signs %s trees only (use a key of the log's family: %s)",
		    name, logsign_alg_name(logsign_key_alg(g_key)), merkle_alg_name(want),
		    !strcmp(name, "sm3") ? "sm2" : "ed25519");
		return err_set(e, 409, "log_key_mismatch", NULL,
		               "The log key's family does not match the hash of the log's tree.");
	}
	int64_t n;
	store_result *h;
	int headed = 0;
	if (tlog_size(c, a, &n, e) < 0 || (headed = tlog_head_get(c, a, -1, &h, e)) < 0)
		return -1;
	if (n == 0 || (headed && store_get_int(h, 0, "tree_size") >= n))
		return 0;
	/* the log grew while no key signed: a head for where it rests now */
	appender ap;
	if (appender_open(&ap, c, a, e) < 0)
		return -1;
	log_info("transparency log: signing the head of size %lld", (long long)n);
	return sign_head(c, a, &ap.f, e);
}

int tlog_start(app *ap, const char *key_path, char *msg, size_t msg_size)
{
	tlog_stop();
	if (!key_path) {
		log_warn(
		    "transparency log: no key (--log-key, BAOTU_LOG_KEY): leaves are appended, "
		    "heads are not signed, /api/v1/log/head answers 503");
		return 0;
	}
	const char *why = NULL;
	g_key = logsign_load(key_path, &why);
	if (!g_key) {
		snprintf(msg, msg_size, "cannot load the log key %s: %s", key_path,
		         why ? why : "error");
		return -1;
	}
	err e;
	err_clear(&e);
	msg[0] = 0;
	arena *a = arena_new();
	store_conn *c = app_tx_begin(ap, &e);
	int rc = c ? app_tx_end(c, start_tx(c, a, msg, msg_size, &e), &e) : -1;
	arena_free(a);
	if (rc < 0) {
		if (!msg[0])
			snprintf(msg, msg_size, "the transparency log: %s",
			         e.code ? e.code : "store error");
		err_free_details(&e);
		tlog_stop();
		return -1;
	}
	char pub[LOGSIGN_PUB_MAX];
	if (logsign_public(g_key, pub) >= 0)
		log_info("transparency log: heads signed with %s key %s",
		         logsign_alg_name(logsign_key_alg(g_key)), pub);
	return 0;
}

void tlog_stop(void)
{
	logsign_free(g_key);
	g_key = NULL;
}

/* ---- the periodic anchor ---- */

/* Whether an anchor is due (1) or not (0); when APPEND, appends it and the signed head. */
static int anchor_tx(store_conn *c, arena *a, int64_t now, bool append, int *done, err *e)
{
	const char *v = NULL;
	int64_t interval = TLOG_ANCHOR_DEFAULT_S;
	if (store_setting_get(c, a, TLOG_ANCHOR_SETTING, &v, e) < 0)
		return -1;
	if (v) {
		char *end;
		long long sec = strtoll(v, &end, 10);
		if (*v && !*end && sec >= 0 && sec <= 366LL * 24 * 3600)
			interval = sec;
	}
	store_result *chain, *last;
	int moved = events_head(c, a, &chain, e), anchored;
	if (moved <= 0)
		return moved;
	if ((anchored = tlog_last_anchor(c, a, &last, e)) < 0)
		return -1;
	int64_t seq = store_get_int(chain, 0, "seq");
	if (anchored && (store_get_int(last, 0, "event_seq") >= seq ||
	                 now - store_get_int(last, 0, "created_at") < interval * 1000000))
		return 0;
	if (!append)
		return 1;
	appender ap;
	if (appender_open(&ap, c, a, e) < 0 ||
	    append_anchor(&ap, seq, store_get(chain, 0, "hash")) < 0 ||
	    sign_head(c, a, &ap.f, e) < 0)
		return -1;
	(*done)++;
	return 1;
}

int tlog_anchor_due(app *ap, arena *a, int64_t now, int *done, err *e)
{
	/* asked in a read snapshot first: most passes find nothing to do and take no write lock */
	store_conn *c = app_snapshot_begin(ap, e);
	int due = c ? anchor_tx(c, a, now, false, done, e) : -1;
	app_snapshot_end(c);
	if (due <= 0)
		return due;
	c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, anchor_tx(c, a, now, true, done, e) < 0 ? -1 : 0, e) : -1;
}

/* ---- the public reads ---- */

static int log_unsigned(err *e)
{
	return err_set(e, 503, "log_unsigned", NULL,
	               "The transparency log has no signing key configured: its heads are not "
	               "signed. The operator starts the server with --log-key.");
}

static json_t *head_json(store_conn *c, arena *a, const store_result *h, err *e)
{
	int64_t size = store_get_int(h, 0, "tree_size");
	store_result *cs;
	if (tlog_cosignatures_of(c, a, size, &cs, e) < 0)
		return NULL;
	json_t *list = json_array();
	for (int i = 0; i < cs->nrows; i++)
		json_array_append_new(
		    list,
		    json_pack("{s:s, s:s, s:s, s:s, s:I}", "witness", store_get(cs, i, "witness"),
		              "algorithm", store_get(cs, i, "algorithm"), "public_key",
		              store_get(cs, i, "public_key"), "signature",
		              store_get(cs, i, "signature"), "signed_at",
		              (json_int_t)(store_get_int(cs, i, "signed_at") / 1000)));
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "tree_size", (json_int_t)size,
	                 "timestamp", (json_int_t)store_get_int(h, 0, "timestamp_ms"), "root_hash",
	                 store_get(h, 0, "root_hash"), "hash", store_get(h, 0, "hash"), "algorithm",
	                 store_get(h, 0, "algorithm"), "public_key", store_get(h, 0, "public_key"),
	                 "signature", store_get(h, 0, "signature"), "cosignatures", list);
}

/* The empty log's head, signed now (never stored: no transaction rests at size 0). */
static json_t *empty_head(store_conn *c, arena *a, err *e)
{
	merkle_alg alg;
	if (tree_hash(c, a, false, &alg, e) < 0)
		return NULL;
	logsign_head h = {alg, 0, time_now_us() / 1000, {0}};
	char root[MERKLE_HEX_SIZE], sig[LOGSIGN_SIG_MAX], pub[LOGSIGN_PUB_MAX];
	if (merkle_hash(alg, "", 0, h.root_hash) < 0 || logsign_public(g_key, pub) < 0 ||
	    logsign_sign_head(g_key, &h, sig, NULL) < 0) {
		err_set(e, 500, "log_sign_failed", NULL,
		        "The transparency log's head could not be signed.");
		return NULL;
	}
	merkle_hex(h.root_hash, root);
	return json_pack("{s:i, s:I, s:s, s:s, s:s, s:s, s:s, s:[]}", "tree_size", 0, "timestamp",
	                 (json_int_t)h.timestamp_ms, "root_hash", root, "hash",
	                 merkle_alg_name(alg), "algorithm",
	                 logsign_alg_name(logsign_key_alg(g_key)), "public_key", pub, "signature",
	                 sig, "cosignatures");
}

json_t *tlog_head(app *ap, arena *a, int64_t size, err *e)
{
	if (!g_key) {
		log_unsigned(e);
		return NULL;
	}
	store_conn *c = app_snapshot_begin(ap, e);
	if (!c)
		return NULL;
	json_t *out = NULL;
	store_result *h;
	int64_t n = 0;
	int found = tlog_head_get(c, a, size, &h, e);
	if (found > 0)
		out = head_json(c, a, h, e);
	else if (found == 0 && size == 0)
		out = empty_head(c, a, e); /* every log rested once at the empty tree */
	else if (found == 0 && size < 0 && tlog_size(c, a, &n, e) == 0) {
		if (n == 0)
			out = empty_head(c, a, e);
		else
			log_unsigned(e); /* leaves, and no head yet: signed at the next start */
	} else if (found == 0)
		err_set(e, 404, "not_found", "size", "The log never rested at this size.");
	app_snapshot_end(c);
	return out;
}

static json_t *hex_list(uint8_t (*p)[MERKLE_HASH_SIZE], int n)
{
	json_t *list = json_array();
	for (int i = 0; i < n; i++) {
		char hex[MERKLE_HEX_SIZE];
		merkle_hex(p[i], hex);
		json_array_append_new(list, json_string(hex));
	}
	return list;
}

static int out_of_range(const char *field, err *e)
{
	return err_set(e, 400, "invalid_value", field,
	               "Parameter {field} is outside the log (0 < first <= second <= its size, "
	               "leaf_index < tree_size).");
}

/* A read of the tree in one snapshot: its size and the source of its hashes. */
typedef struct tree_view {
	store_conn *c;
	tlog_source_ctx x;
	merkle_source src;
	int64_t size;
} tree_view;

static bool tree_open(app *ap, arena *a, tree_view *t, err *e)
{
	merkle_alg alg;
	t->c = app_snapshot_begin(ap, e);
	if (t->c &&
	    (tlog_size(t->c, a, &t->size, e) < 0 || tree_hash(t->c, a, false, &alg, e) < 0)) {
		app_snapshot_end(t->c);
		t->c = NULL;
	}
	if (!t->c)
		return false;
	t->x = (tlog_source_ctx){t->c, a, e};
	tlog_source(&t->src, alg, &t->x);
	return true;
}

json_t *tlog_inclusion(app *ap, arena *a, int64_t tree_size, int64_t leaf_index,
                       const char *leaf_hash, err *e)
{
	tree_view t;
	if (!tree_open(ap, a, &t, e))
		return NULL;
	json_t *out = NULL;
	uint8_t proof[MERKLE_PROOF_MAX][MERKLE_HASH_SIZE], lh[MERKLE_HASH_SIZE];
	int n;
	if (tree_size < 1 || tree_size > t.size) {
		out_of_range("tree_size", e);
		goto out;
	}
	if (leaf_index < 0) {
		char low[MERKLE_HEX_SIZE];
		if (merkle_unhex(leaf_hash, lh) < 0) {
			err_set(e, 400, "invalid_value", "leaf_hash",
			        "Parameter {field} must be 64 hexadecimal digits.");
			goto out;
		}
		merkle_hex(lh, low);
		int found = tlog_leaf_find(t.c, a, low, tree_size, &leaf_index, e);
		if (found <= 0) {
			if (found == 0)
				err_set(e, 404, "not_found", "leaf_hash",
				        "No leaf of this tree has this hash.");
			goto out;
		}
	} else if (leaf_index >= tree_size) {
		out_of_range("leaf_index", e);
		goto out;
	}
	if (t.src.leaf(&t.x, (uint64_t)leaf_index, lh) < 0 ||
	    (n = merkle_inclusion_proof(&t.src, (uint64_t)leaf_index, (uint64_t)tree_size, proof,
	                                MERKLE_PROOF_MAX)) < 0) {
		tree_failed(e);
		goto out;
	}
	char hex[MERKLE_HEX_SIZE];
	merkle_hex(lh, hex);
	out = json_pack("{s:I, s:I, s:s, s:o}", "tree_size", (json_int_t)tree_size, "leaf_index",
	                (json_int_t)leaf_index, "leaf_hash", hex, "audit_path", hex_list(proof, n));
out:
	app_snapshot_end(t.c);
	return out;
}

json_t *tlog_consistency(app *ap, arena *a, int64_t first, int64_t second, err *e)
{
	tree_view t;
	if (!tree_open(ap, a, &t, e))
		return NULL;
	json_t *out = NULL;
	uint8_t proof[MERKLE_PROOF_MAX][MERKLE_HASH_SIZE];
	int n;
	if (first < 1 || first > second)
		out_of_range("first", e);
	else if (second > t.size)
		out_of_range("second", e);
	else if ((n = merkle_consistency_proof(&t.src, (uint64_t)first, (uint64_t)second, proof,
	                                       MERKLE_PROOF_MAX)) < 0)
		tree_failed(e);
	else
		out = json_pack("{s:I, s:I, s:o}", "first", (json_int_t)first, "second",
		                (json_int_t)second, "consistency", hex_list(proof, n));
	app_snapshot_end(t.c);
	return out;
}

json_t *tlog_leaves_get(app *ap, arena *a, int64_t start, int64_t end, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	if (!c)
		return NULL;
	json_t *out = NULL;
	int64_t size;
	store_result *r;
	if (tlog_size(c, a, &size, e) < 0)
		goto out;
	if (start < 0 || start >= size) {
		err_set(e, 400, "invalid_value", "start",
		        "Parameter {field} must be a leaf index below the log's size.");
		goto out;
	}
	if (end <= start) {
		err_set(e, 400, "invalid_value", "end", "Parameter {field} must be above start.");
		goto out;
	}
	if (end > size)
		end = size;
	if (end - start > TLOG_LEAVES_MAX)
		end = start + TLOG_LEAVES_MAX;
	if (tlog_leaves(c, a, start, end, &r, e) < 0)
		goto out;
	json_t *list = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "leaf_index",
		                                      (json_int_t)store_get_int(r, i, "idx"),
		                                      "leaf_input", store_get(r, i, "leaf_input"),
		                                      "leaf_hash", store_get(r, i, "leaf_hash")));
	out = json_pack("{s:o}", "leaves", list);
out:
	app_snapshot_end(c);
	return out;
}

json_t *tlog_subject_leaves(app *ap, arena *a, const char *type, int64_t id, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	store_result *r;
	json_t *out = NULL;
	if (c && tlog_leaves_of_subject(c, a, type, arena_printf(a, "%lld", (long long)id), &r,
	                                e) == 0) {
		out = json_array();
		for (int i = 0; i < r->nrows; i++)
			json_array_append_new(
			    out, json_pack("{s:I, s:s, s:I}", "leaf_index",
			                   (json_int_t)store_get_int(r, i, "idx"), "kind",
			                   store_get(r, i, "kind"), "seq",
			                   (json_int_t)store_get_int(r, i, "event_seq")));
	}
	app_snapshot_end(c);
	return out;
}

/* ---- witnesses ---- */

#define WITNESS_NAME_MAX 64

static json_t *witness_json(const store_result *r, int i)
{
	return json_pack("{s:s, s:s, s:s, s:I}", "name", store_get(r, i, "name"), "algorithm",
	                 store_get(r, i, "algorithm"), "public_key", store_get(r, i, "public_key"),
	                 "added_at", (json_int_t)store_get_int(r, i, "added_at"));
}

/* A public key in logsign's text form: Ed25519 its 32 bytes, SM2 a SubjectPublicKeyInfo on the
 * SM2 curve (91 bytes of DER), in standard base64. */
static bool public_key_ok(logsign_alg alg, const char *b64)
{
	static const unsigned char sm2_spki[] = {
	    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
	    0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00, 0x04};
	unsigned char bin[128];
	size_t len;
	const char *end;
	if (sodium_base642bin(bin, sizeof bin, b64, strlen(b64), NULL, &len, &end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    *end)
		return false;
	if (alg == LOGSIGN_ED25519)
		return len == 32;
	return len == sizeof sm2_spki + 64 && !memcmp(bin, sm2_spki, sizeof sm2_spki);
}

static int witness_add_tx(store_conn *c, arena *a, const actor *who, const char *name,
                          const char *alg, const char *pub, json_t **out, err *e)
{
	int64_t id, now = time_now_us();
	int added = tlog_witness_put(c, a, name, alg, pub, now, &id, e);
	if (added <= 0)
		return added < 0 ? -1
		                 : err_set(e, 409, "conflict", "name",
		                           "A witness of this name is registered already.");
	if (app_event_named(
	        c, a, who, "witness", name, "log.witness_added", NULL,
	        json_pack("{s:s, s:s, s:s}", "name", name, "algorithm", alg, "public_key", pub),
	        e) < 0)
		return -1;
	*out = json_pack("{s:s, s:s, s:s, s:I}", "name", name, "algorithm", alg, "public_key", pub,
	                 "added_at", (json_int_t)now);
	return 0;
}

int tlog_witness_add(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e)
{
	static const char *const fields[] = {"name", "algorithm", "public_key", NULL};
	const char *name, *alg_name, *pub;
	logsign_alg alg;
	if (json_only_fields(body, fields, e) < 0 ||
	    app_text_read(body, "name", true, WITNESS_NAME_MAX, &name, e) < 0 ||
	    json_get_str(body, "algorithm", true, 16, &alg_name, e) < 0)
		return -1;
	if (strchr(name, '\n') || strchr(name, '\t'))
		return err_set(e, 400, "invalid_value", "name",
		               "Field {field} must be one line of text.");
	if (logsign_alg_parse(alg_name, &alg) < 0)
		return err_set(e, 400, "invalid_value", "algorithm",
		               "Field {field} must be ed25519 or sm2.");
	if (json_get_str(body, "public_key", true, LOGSIGN_PUB_MAX - 1, &pub, e) < 0)
		return -1;
	if (!public_key_ok(alg, pub))
		return err_set(e, 400, "invalid_value", "public_key",
		               "Field {field} must be the witness's public key in base64: 32 bytes "
		               "for ed25519, a SubjectPublicKeyInfo on the SM2 curve for sm2.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, witness_add_tx(c, a, who, name, alg_name, pub, out, e), out,
	                           e)
	         : -1;
}

json_t *tlog_witness_list(app *ap, arena *a, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	store_result *r;
	json_t *out = NULL;
	if (c && tlog_witnesses(c, a, &r, e) == 0) {
		json_t *list = json_array();
		for (int i = 0; i < r->nrows; i++)
			json_array_append_new(list, witness_json(r, i));
		out = json_pack("{s:o}", "witnesses", list);
	}
	app_snapshot_end(c);
	return out;
}

static int cosign_tx(store_conn *c, arena *a, const actor *who, int64_t size, const char *name,
                     const char *sig, json_t **out, err *e)
{
	store_result *h, *w, *s;
	int found = tlog_head_get(c, a, size, &h, e);
	if (found <= 0)
		return found < 0 ? -1
		                 : err_set(e, 404, "not_found", "tree_size",
		                           "The log has no head of this size.");
	if ((found = tlog_witness_by_name(c, a, name, &w, e)) <= 0)
		return found < 0 ? -1
		                 : err_set(e, 404, "not_found", "witness",
		                           "No witness of this name is registered.");
	logsign_head head = {
	    MERKLE_SHA256, (uint64_t)size, store_get_int(h, 0, "timestamp_ms"), {0}};
	logsign_alg walg;
	if (merkle_alg_parse(store_get(h, 0, "hash"), &head.hash) < 0 ||
	    merkle_unhex(store_get(h, 0, "root_hash"), head.root_hash) < 0 ||
	    logsign_alg_parse(store_get(w, 0, "algorithm"), &walg) < 0)
		return tree_failed(e);
	if (logsign_verify_head(walg, store_get(w, 0, "public_key"), &head, sig) < 0)
		return err_set(e, 400, "invalid_signature", "signature",
		               "The signature is not the witness's signature of this head.");
	int64_t wid = store_get_int(w, 0, "id"), now = time_now_us();
	int added = tlog_cosignature_put(c, a, size, wid, sig, now, e);
	if (added < 0)
		return -1;
	if (added && app_event_named(c, a, who, "log_head",
	                             arena_printf(a, "%lld", (long long)size), "log.cosigned", NULL,
	                             json_pack("{s:I, s:s, s:s}", "tree_size", (json_int_t)size,
	                                       "witness", name, "signature", sig),
	                             e) < 0)
		return -1;
	/* the same witness and size again: the cosignature already stored answers */
	if (tlog_cosignature_get(c, a, size, wid, &s, e) <= 0)
		return tree_failed(e);
	*out = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "tree_size", (json_int_t)size, "witness",
	                 name, "algorithm", store_get(w, 0, "algorithm"), "public_key",
	                 store_get(w, 0, "public_key"), "signature", store_get(s, 0, "signature"),
	                 "signed_at", (json_int_t)(store_get_int(s, 0, "signed_at") / 1000));
	return 0;
}

int tlog_cosign(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e)
{
	static const char *const fields[] = {"tree_size", "witness", "signature", NULL};
	int64_t size;
	const char *name, *sig;
	if (json_only_fields(body, fields, e) < 0 ||
	    json_get_int(body, "tree_size", true, &size, NULL, e) < 0 ||
	    json_get_str(body, "witness", true, WITNESS_NAME_MAX, &name, e) < 0 ||
	    json_get_str(body, "signature", true, LOGSIGN_SIG_MAX - 1, &sig, e) < 0)
		return -1;
	if (size < 0)
		return err_set(e, 400, "invalid_value", "tree_size",
		               "Field {field} must be a whole number, 0 or more.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, cosign_tx(c, a, who, size, name, sig, out, e), out, e) : -1;
}
