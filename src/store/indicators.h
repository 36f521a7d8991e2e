/* The risk-indicator aggregate in the store (§4.3 item 2): indicators, their points, the
 * alerts they open and the API tokens that send the points. The functions run inside the
 * caller's transaction and return strings in its arena. A function that looks a row up or adds
 * one returns 1 (found, added), 0 (none) or -1 (an error), as store_int does; the others 0 or
 * -1. Values are in millionths of their unit (core/indicators.h: IND_SCALE); times are UTC
 * microseconds. A list that pages returns limit + 1 rows at most, for app_page. */
#ifndef BAOTU_STORE_INDICATORS_H
#define BAOTU_STORE_INDICATORS_H
#include "store/store.h"

/* ---- indicators ---- */

/* An indicator's row (the columns of indicators_of and indicators_get). */
typedef struct indicators_row {
	int64_t id, project_id;
	const char *key, *name, *unit, *direction, *level, *peak;
	bool has_warn, has_breach, standard, stale, has_last;
	int64_t warn, breach, stale_after_s, last_value, last_at, created_at, updated_at;
	int64_t open_alerts; /* its alerts not yet resolved */
} indicators_row;
void indicators_read(const store_result *r, int i, indicators_row *out);

/* A project's indicators, the standard ones first, each in the order it was created. */
int indicators_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
int indicators_count(store_conn *c, arena *a, int64_t project_id, int64_t *n, err *e);
int indicators_get(store_conn *c, arena *a, int64_t project_id, const char *key, store_result **out,
                   err *e);

/* What an indicator is created or changed with. */
typedef struct indicators_def {
	const char *key, *name, *unit, *direction;
	bool has_warn, has_breach;
	int64_t warn, breach, stale_after_s;
	bool standard;
} indicators_def;
/* 1 and *id; 0 when the project has an indicator of that key already. */
int indicators_add(store_conn *c, arena *a, int64_t project_id, const indicators_def *d,
                   int64_t now, int64_t *id, err *e);
/* Sets name, thresholds and staleness interval (key, unit and direction stay). */
int indicators_set_limits(store_conn *c, arena *a, int64_t id, const indicators_def *d, int64_t now,
                          err *e);
/* What the points and the crossing rule leave: level, peak, stale, and the newest point. */
typedef struct indicators_state {
	const char *level, *peak;
	bool stale, has_last;
	int64_t last_value, last_at;
} indicators_state;
int indicators_set_state(store_conn *c, arena *a, int64_t id, const indicators_state *s,
                         int64_t now, err *e);

/* Flags an indicator stale (a stale alert opened for its silence) or not. */
int indicators_set_stale(store_conn *c, arena *a, int64_t id, bool stale, int64_t now, err *e);

/* Pilots with a launch day and no indicator, id > after: id, state (the caller tells which are
 * live). 100 at most; the next page from the last id. */
int indicators_projects_missing(store_conn *c, arena *a, int64_t after, store_result **out, err *e);
/* Indicators not flagged stale whose newest point (or creation, when later) is older than their
 * interval at now, id > after: id, project_id, key, last_at, created_at, stale_after_s, state
 * (the project's). 500 at most; the next page from the last id. */
#define INDICATORS_OVERDUE_PAGE 500
int indicators_overdue(store_conn *c, arena *a, int64_t now, int64_t after, store_result **out,
                       err *e);

/* ---- points ---- */

/* The times stored for an indicator in [from, to], ascending: at. */
int metrics_times(store_conn *c, arena *a, int64_t indicator_id, int64_t from, int64_t to,
                  store_result **out, err *e);
/* n points (indicator id, time, value) received at now; token_id 0: sent with a user's
 * session. SQLite: one prepared insert each; PostgreSQL: one statement per 5,000 (unnest of
 * arrays), so that a batch is a few round trips. */
int metrics_insert_many(store_conn *c, arena *a, int n, const int64_t *indicator_ids,
                        const int64_t *ats, const int64_t *values, int64_t now, int64_t token_id,
                        err *e);
/* Points of an indicator with from <= at < to and at > after, ascending: at, value_micro. */
int metrics_page(store_conn *c, arena *a, int64_t indicator_id, int64_t from, int64_t to,
                 int64_t after, int limit, store_result **out, err *e);
/* The points of [from, to) in buckets of bucket_us: bucket, lo, hi (the least and greatest
 * value), at (the bucket's newest time), n. */
int metrics_buckets(store_conn *c, arena *a, int64_t indicator_id, int64_t from, int64_t to,
                    int64_t bucket_us, store_result **out, err *e);

/* ---- alerts ---- */

typedef struct alerts_new {
	int64_t project_id, indicator_id;
	const char *level; /* warning, breach, stale */
	bool has_value;    /* a crossing: its value and the threshold crossed */
	int64_t value, threshold, at;
} alerts_new;
/* 1 and *id; 0 when the indicator has an unresolved alert of that level already. */
int alerts_open(store_conn *c, arena *a, const alerts_new *n, int64_t now, int64_t *id, err *e);
/* The indicator's unresolved alert of a level: 1 and *id, or 0. */
int alerts_unresolved(store_conn *c, arena *a, int64_t indicator_id, const char *level, int64_t *id,
                      err *e);
/* Rows of alerts: id, project_id, indicator_id, indicator (its key), indicator_name, unit,
 * level, status, value_micro, threshold_micro, at, opened_at, acknowledged_at,
 * acknowledged_by, acknowledge_reason, resolved_at, resolved_by, resolve_reason. */
int alerts_get(store_conn *c, arena *a, int64_t id, store_result **out, err *e);
/* A project's alerts, the newest first (after: an id, 0 for the first page); status NULL for
 * any. */
int alerts_of(store_conn *c, arena *a, int64_t project_id, const char *status, int64_t after,
              int limit, store_result **out, err *e);
/* The project's alerts at from or later, oldest first (for the charts), the first 1000. */
int alerts_since(store_conn *c, arena *a, int64_t project_id, int64_t from, store_result **out,
                 err *e);
/* open -> acknowledged: 1, or 0 when the alert was not open. by: an event actor. */
int alerts_acknowledge(store_conn *c, arena *a, int64_t id, const char *by, const char *reason,
                       int64_t now, err *e);
/* open or acknowledged -> resolved: 1, or 0 when it was resolved already. */
int alerts_resolve(store_conn *c, arena *a, int64_t id, const char *by, const char *reason,
                   int64_t now, err *e);

/* ---- API tokens ---- */

typedef struct tokens_new {
	int64_t project_id, institution_id, created_by;
	const char *name, *hash, *prefix;
} tokens_new;
int tokens_add(store_conn *c, arena *a, const tokens_new *t, int64_t now, int64_t *id, err *e);
/* A project's unrevoked tokens. */
int tokens_live_count(store_conn *c, arena *a, int64_t project_id, int64_t *n, err *e);
/* Rows of tokens: id, project_id, institution_id, name, prefix, created_by, created_by_name,
 * created_at, last_used_at, revoked_at, revoked_by. tokens_of: the newest first. */
int tokens_get(store_conn *c, arena *a, int64_t project_id, int64_t id, store_result **out, err *e);
int tokens_of(store_conn *c, arena *a, int64_t project_id, int64_t after, int limit,
              store_result **out, err *e);
/* 1 revoked, 0 when it was revoked already. */
int tokens_revoke(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now, err *e);
/* An unrevoked token by the SHA-256 (hex) of its secret, whose creator is active and still of
 * its institution: id, project_id, institution_id, created_by, username. */
int tokens_resolve(store_conn *c, arena *a, const char *hash, store_result **out, err *e);
/* Records a use: 1, or 0 when the token has been revoked meanwhile. */
int tokens_touch(store_conn *c, arena *a, int64_t id, int64_t now, err *e);
#endif
