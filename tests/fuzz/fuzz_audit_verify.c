/* libFuzzer target: the audit verifier (events_verify) over damaged rows. A SQLite store holds
 * a chain of events; each input is read as edits an administrator could make behind the
 * binary's back (a column of a row set to bytes, an integer, NULL, or a row deleted), applied
 * inside a transaction with the append-only triggers dropped, and rolled back afterwards.
 * Properties: the verifier never crashes; when the rows left are the original events 1..m
 * unchanged it reports the chain intact with m events (a cut tail is invisible to it: that is
 * what the transparency log's anchors are for); otherwise it reports the chain broken at the
 * first event that is missing or differs in any column. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "lib/arena.h"
#include "store/events.h"
#include "store/store.h"

#define EVENTS 8
#define COLS 9 /* the columns after seq, in the order of ROW_SQL */
#define ROW_SQL                                                                                    \
	"SELECT seq, ts, actor, subject_type, subject_id, kind, reason, payload, prev_hash, hash " \
	"FROM events ORDER BY seq"

static const char *const COLUMN[COLS] = {"ts",     "actor",   "subject_type", "subject_id", "kind",
                                         "reason", "payload", "prev_hash",    "hash"};

static store *st;
static char *original[EVENTS][COLS + 1]; /* seq and the columns, as text (NULL for NULL) */
static int64_t base;                     /* the events before ours (schema.migrated) */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int setup(void)
{
	char path[] = "/tmp/baotu-fuzz-audit-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(path);
	char url[64];
	snprintf(url, sizeof url, "sqlite:%s", path);
	err e;
	int applied;
	if (store_open(url, &st, &e) < 0 || store_migrate(st, true, &applied, &e) < 0)
		return -1;
	store_conn *c = store_acquire(st, &e);
	arena *a = arena_new();
	int rc = c ? store_begin_write(c, &e) : -1;
	static const char *const reasons[] = {NULL, "", "材料不全", "x"};
	for (int i = 0; rc == 0 && i < EVENTS; i++) {
		json_t *p =
		    i % 3 ? json_pack("{s:i, s:s}", "n", i, "city", "济南市") : json_object();
		char id[16];
		snprintf(id, sizeof id, "%d", i);
		rc = events_append(c, a,
		                   &(event_in){i % 2 ? "user:1" : "system", "institution", id,
		                               "institution.created", reasons[i % 4], p},
		                   NULL, &e);
		json_decref(p);
	}
	if (rc == 0)
		rc = store_commit(c, &e);
	store_result *r;
	if (rc == 0)
		rc = store_q(c, a, &e, &r, ROW_SQL, "");
	if (rc == 0) {
		base = r->nrows - EVENTS;
		for (int i = 0; i < EVENTS; i++)
			for (int k = 0; k <= COLS; k++)
				original[i][k] = dup_or_null(r->vals[(base + i) * r->ncols + k]);
	}
	arena_free(a);
	store_release(c);
	unlink(path); /* the open store keeps it */
	return rc;
}

/* The input's next byte (0 past the end). */
static uint8_t next(const uint8_t **p, const uint8_t *end)
{
	return *p < end ? *(*p)++ : 0;
}

/* Applies the edits of the input; failed statements (a constraint) change nothing. */
static void damage(store_conn *c, arena *a, const uint8_t *p, const uint8_t *end)
{
	err e;
	while (p < end) {
		uint8_t op = next(&p, end);
		int64_t seq = base + 1 + next(&p, end) % EVENTS;
		const char *col = COLUMN[next(&p, end) % COLS];
		switch (op % 4) {
		case 0: { /* a text column set to the next LEN bytes */
			size_t len = next(&p, end) % 64;
			if (len > (size_t)(end - p))
				len = (size_t)(end - p);
			char *v = arena_alloc(a, len + 1);
			memcpy(v, p, len);
			v[len] = '\0';
			p += len;
			store_q(c, a, &e, NULL,
			        arena_printf(a, "UPDATE events SET %s = $1 WHERE seq = $2", col),
			        "ti", v, seq);
			break;
		}
		case 1: /* the time moved */
			store_q(c, a, &e, NULL, "UPDATE events SET ts = ts + $1 WHERE seq = $2",
			        "ii", (int64_t)(int8_t)next(&p, end), seq);
			break;
		case 2:
			store_q(c, a, &e, NULL,
			        arena_printf(a, "UPDATE events SET %s = NULL WHERE seq = $1", col),
			        "i", seq);
			break;
		default:
			store_q(c, a, &e, NULL, "DELETE FROM events WHERE seq = $1", "i", seq);
		}
	}
}

static bool same(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready)
		ready = setup() == 0 ? 1 : -1;
	must(ready == 1);
	err e;
	store_conn *c = store_acquire(st, &e);
	must(c != NULL);
	arena *a = arena_new();
	must(store_begin_write(c, &e) == 0);
	must(store_q(c, a, &e, NULL, "DROP TRIGGER events_no_update", "") == 0);
	must(store_q(c, a, &e, NULL, "DROP TRIGGER events_no_delete", "") == 0);
	damage(c, a, data, data + size);

	/* What the verifier must say, from a comparison of the rows with the originals. */
	store_result *r;
	must(store_q(c, a, &e, &r, ROW_SQL, "") == 0);
	int64_t rows = r->nrows - base, first_bad = 0;
	for (int64_t i = 0; i < EVENTS && !first_bad; i++) {
		if (i >= rows) {
			break; /* a cut tail */
		}
		for (int k = 0; k <= COLS && !first_bad; k++)
			if (!same(r->vals[(base + i) * r->ncols + k], original[i][k]))
				first_bad = base + 1 + i;
	}
	int64_t count = 0, broken = 0;
	int rc = events_verify(c, &count, &broken, &e);
	if (first_bad) {
		must(rc == 1);
		must(broken == first_bad);
	} else {
		must(rc == 0);
		must(count == base + rows);
	}
	store_rollback(c);
	store_release(c);
	arena_free(a);
	return 0;
}
