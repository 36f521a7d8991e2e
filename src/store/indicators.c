/* The risk-indicator aggregate's statements. See indicators.h. */
#include "store/indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/row.h"

/* ---- indicators ---- */

#define INDICATOR_SELECT                                                                           \
	"SELECT i.id, i.project_id, i.key, i.name, i.unit, i.direction, i.warn_micro, "            \
	"i.breach_micro, i.stale_after_s, i.standard, i.level, i.peak, i.stale, "                  \
	"i.last_value_micro, i.last_at, i.created_at, i.updated_at, (SELECT count(*) FROM "        \
	"alerts al WHERE al.indicator_id = i.id AND al.status <> 'resolved') AS open_alerts "      \
	"FROM indicators i "

void indicators_read(const store_result *r, int i, indicators_row *out)
{
	*out = (indicators_row){
	    .id = store_get_int(r, i, "id"),
	    .project_id = store_get_int(r, i, "project_id"),
	    .key = store_get(r, i, "key"),
	    .name = store_get(r, i, "name"),
	    .unit = store_get(r, i, "unit"),
	    .direction = store_get(r, i, "direction"),
	    .level = store_get(r, i, "level"),
	    .peak = store_get(r, i, "peak"),
	    .has_warn = store_get(r, i, "warn_micro") != NULL,
	    .has_breach = store_get(r, i, "breach_micro") != NULL,
	    .standard = store_get_int(r, i, "standard") != 0,
	    .stale = store_get_int(r, i, "stale") != 0,
	    .has_last = store_get(r, i, "last_at") != NULL,
	    .warn = store_get_int(r, i, "warn_micro"),
	    .breach = store_get_int(r, i, "breach_micro"),
	    .stale_after_s = store_get_int(r, i, "stale_after_s"),
	    .last_value = store_get_int(r, i, "last_value_micro"),
	    .last_at = store_get_int(r, i, "last_at"),
	    .created_at = store_get_int(r, i, "created_at"),
	    .updated_at = store_get_int(r, i, "updated_at"),
	    .open_alerts = store_get_int(r, i, "open_alerts"),
	};
}

STORE_ROWS_BY_ID(indicators_of,
                 INDICATOR_SELECT "WHERE i.project_id = $1 ORDER BY i.standard DESC, i.id")

int indicators_count(store_conn *c, arena *a, int64_t project_id, int64_t *n, err *e)
{
	return store_count(c, a, e, n, "SELECT count(*) FROM indicators WHERE project_id = $1", "i",
	                   project_id);
}

int indicators_get(store_conn *c, arena *a, int64_t project_id, const char *key, store_result **out,
                   err *e)
{
	return store_found(store_q(c, a, e, out,
	                           INDICATOR_SELECT "WHERE i.project_id = $1 AND i.key = $2", "it",
	                           project_id, key),
	                   out);
}

int indicators_add(store_conn *c, arena *a, int64_t project_id, const indicators_def *d,
                   int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO indicators (project_id, key, name, unit, direction, "
	                 "warn_micro, breach_micro, stale_after_s, standard, created_at, "
	                 "updated_at) VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 = 1 THEN $7 END, "
	                 "CASE WHEN $8 = 1 THEN $9 END, $10, $11, $12, $12) ON CONFLICT "
	                 "(project_id, key) DO NOTHING RETURNING id",
	                 "ittttbibiibi", project_id, d->key, d->name, d->unit, d->direction,
	                 d->has_warn, d->warn, d->has_breach, d->breach, d->stale_after_s,
	                 d->standard, now);
}

int indicators_set_limits(store_conn *c, arena *a, int64_t id, const indicators_def *d, int64_t now,
                          err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE indicators SET name = $2, warn_micro = CASE WHEN $3 = 1 THEN $4 "
	               "END, breach_micro = CASE WHEN $5 = 1 THEN $6 END, stale_after_s = $7, "
	               "updated_at = $8 WHERE id = $1",
	               "itbibiii", id, d->name, d->has_warn, d->warn, d->has_breach, d->breach,
	               d->stale_after_s, now);
}

int indicators_set_state(store_conn *c, arena *a, int64_t id, const indicators_state *s,
                         int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE indicators SET level = $2, peak = $3, stale = $4, last_value_micro "
	               "= CASE WHEN $5 = 1 THEN $6 END, last_at = CASE WHEN $5 = 1 THEN $7 END, "
	               "updated_at = $8 WHERE id = $1",
	               "ittbbiii", id, s->level, s->peak, s->stale, s->has_last, s->last_value,
	               s->last_at, now);
}

int indicators_set_stale(store_conn *c, arena *a, int64_t id, bool stale, int64_t now, err *e)
{
	return store_q(c, a, e, NULL,
	               "UPDATE indicators SET stale = $2, updated_at = $3 WHERE id = $1", "ibi", id,
	               stale, now);
}

STORE_ROWS_BY_ID(indicators_projects_missing,
                 "SELECT p.id, p.state FROM projects p WHERE p.id > $1 AND p.track = "
                 "'pilot' AND p.launched_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                 "indicators i WHERE i.project_id = p.id) ORDER BY p.id LIMIT 100")

int indicators_overdue(store_conn *c, arena *a, int64_t now, int64_t after, store_result **out,
                       err *e)
{
	return store_q(c, a, e, out,
	               "SELECT i.id, i.project_id, i.key, i.last_at, i.created_at, "
	               "i.stale_after_s, p.state FROM indicators i JOIN projects p ON p.id = "
	               "i.project_id WHERE i.id > $2 AND i.stale = 0 AND (CASE WHEN i.last_at > "
	               "i.created_at THEN i.last_at ELSE i.created_at END) + i.stale_after_s * "
	               "1000000 < $1 ORDER BY i.id LIMIT $3",
	               "iii", now, after, (int64_t)INDICATORS_OVERDUE_PAGE);
}

/* ---- points ---- */

int metrics_times(store_conn *c, arena *a, int64_t indicator_id, int64_t from, int64_t to,
                  store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT at FROM metric_points WHERE indicator_id = $1 AND at >= $2 AND at "
	               "<= $3 ORDER BY at",
	               "iii", indicator_id, from, to);
}

#define PG_CHUNK 5000
#define INSERT_POINTS                                                                              \
	"INSERT INTO metric_points (indicator_id, at, value_micro, received_at, token_id) VALUES "
#define TEN_ROWS                                                                                   \
	"($3, $4, $5, $1, $2), ($6, $7, $8, $1, $2), ($9, $10, $11, $1, $2), ($12, $13, $14, $1, " \
	"$2), ($15, $16, $17, $1, $2), ($18, $19, $20, $1, $2), ($21, $22, $23, $1, $2), ($24, "   \
	"$25, $26, $1, $2), ($27, $28, $29, $1, $2), ($30, $31, $32, $1, $2)"

/* "{1,2,3}": a PostgreSQL array literal of n integers. */
static const char *pg_array(arena *a, const int64_t *v, int n)
{
	char *out = arena_alloc(a, (size_t)n * 21 + 3), *p = out;
	*p++ = '{';
	for (int i = 0; i < n; i++)
		p += snprintf(p, 22, "%s%lld", i ? "," : "", (long long)v[i]);
	*p++ = '}';
	*p = 0;
	return out;
}

int metrics_insert_many(store_conn *c, arena *a, int n, const int64_t *indicator_ids,
                        const int64_t *ats, const int64_t *values, int64_t now, int64_t token_id,
                        err *e)
{
	if (!strcmp(c->drv->name, "pg")) {
		for (int i = 0; i < n; i += PG_CHUNK) {
			int k = n - i < PG_CHUNK ? n - i : PG_CHUNK;
			if (store_q(
			        c, a, e, NULL,
			        "INSERT INTO metric_points (indicator_id, at, value_micro, "
			        "received_at, token_id) SELECT u.i, u.t, u.v, $4, $5 FROM "
			        "unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS u(i, t, v)",
			        "tttiI", pg_array(a, indicator_ids + i, k), pg_array(a, ats + i, k),
			        pg_array(a, values + i, k), now, token_id) < 0)
				return -1;
		}
		return 0;
	}
	/* SQLite: ten rows a statement (its 32 parameters), then one at a time */
	int i = 0;
	for (; i + 10 <= n; i += 10) {
		const int64_t *d = indicator_ids + i, *t = ats + i, *v = values + i;
		if (store_q(c, a, e, NULL, INSERT_POINTS TEN_ROWS,
		            "iIiiiiiiiiiiiiiiiiiiiiiiiiiiiiii", now, token_id, d[0], t[0], v[0],
		            d[1], t[1], v[1], d[2], t[2], v[2], d[3], t[3], v[3], d[4], t[4], v[4],
		            d[5], t[5], v[5], d[6], t[6], v[6], d[7], t[7], v[7], d[8], t[8], v[8],
		            d[9], t[9], v[9]) < 0)
			return -1;
	}
	for (; i < n; i++)
		if (store_q(c, a, e, NULL, INSERT_POINTS "($3, $4, $5, $1, $2)", "iIiii", now,
		            token_id, indicator_ids[i], ats[i], values[i]) < 0)
			return -1;
	return 0;
}

int metrics_page(store_conn *c, arena *a, int64_t indicator_id, int64_t from, int64_t to,
                 int64_t after, int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT at, value_micro FROM metric_points WHERE indicator_id = $1 AND at "
	               ">= $2 AND at < $3 AND at > $4 ORDER BY at LIMIT $5",
	               "iiiii", indicator_id, from, to, after, (int64_t)limit + 1);
}

int metrics_buckets(store_conn *c, arena *a, int64_t indicator_id, int64_t from, int64_t to,
                    int64_t bucket_us, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               "SELECT (at - $2) / $4 AS bucket, min(value_micro) AS lo, max(value_micro) "
	               "AS hi, max(at) AS at, count(*) AS n FROM metric_points WHERE indicator_id "
	               "= $1 AND at >= $2 AND at < $3 GROUP BY 1 ORDER BY 1",
	               "iiii", indicator_id, from, to, bucket_us);
}

/* ---- alerts ---- */

int alerts_open(store_conn *c, arena *a, const alerts_new *n, int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO alerts (project_id, indicator_id, level, value_micro, "
	                 "threshold_micro, at, opened_at) VALUES ($1, $2, $3, CASE WHEN $4 = 1 "
	                 "THEN $5 END, CASE WHEN $4 = 1 THEN $6 END, $7, $8) ON CONFLICT DO "
	                 "NOTHING RETURNING id",
	                 "iitbiiii", n->project_id, n->indicator_id, n->level, n->has_value,
	                 n->value, n->threshold, n->at, now);
}

int alerts_unresolved(store_conn *c, arena *a, int64_t indicator_id, const char *level, int64_t *id,
                      err *e)
{
	return store_int(c, a, e, id,
	                 "SELECT id FROM alerts WHERE indicator_id = $1 AND level = $2 AND status "
	                 "<> 'resolved'",
	                 "it", indicator_id, level);
}

#define ALERT_SELECT                                                                               \
	"SELECT al.id, al.project_id, al.indicator_id, i.key AS indicator, i.name AS "             \
	"indicator_name, i.unit, al.level, al.status, al.value_micro, al.threshold_micro, al.at, " \
	"al.opened_at, al.acknowledged_at, al.acknowledged_by, al.acknowledge_reason, "            \
	"al.resolved_at, al.resolved_by, al.resolve_reason FROM alerts al JOIN indicators i ON "   \
	"i.id = al.indicator_id "

STORE_ROW_BY_ID(alerts_get, ALERT_SELECT "WHERE al.id = $1")

int alerts_of(store_conn *c, arena *a, int64_t project_id, const char *status, int64_t after,
              int limit, store_result **out, err *e)
{
	return store_q(c, a, e, out,
	               ALERT_SELECT "WHERE al.project_id = $1 AND ($2 IS NULL OR al.status = $2) "
	                            "AND ($3 = 0 OR al.id < $3) ORDER BY al.id DESC LIMIT $4",
	               "itii", project_id, status, after, (int64_t)limit + 1);
}

int alerts_since(store_conn *c, arena *a, int64_t project_id, int64_t from, store_result **out,
                 err *e)
{
	return store_q(c, a, e, out,
	               ALERT_SELECT "WHERE al.project_id = $1 AND al.at >= $2 ORDER BY al.at, "
	                            "al.id LIMIT 1000",
	               "ii", project_id, from);
}

int alerts_acknowledge(store_conn *c, arena *a, int64_t id, const char *by, const char *reason,
                       int64_t now, err *e)
{
	return store_wrote(c, a, e,
	                   "UPDATE alerts SET status = 'acknowledged', acknowledged_at = $2, "
	                   "acknowledged_by = $3, acknowledge_reason = $4 WHERE id = $1 AND status "
	                   "= 'open' RETURNING id",
	                   "iitt", id, now, by, reason);
}

int alerts_resolve(store_conn *c, arena *a, int64_t id, const char *by, const char *reason,
                   int64_t now, err *e)
{
	return store_wrote(c, a, e,
	                   "UPDATE alerts SET status = 'resolved', resolved_at = $2, resolved_by = "
	                   "$3, resolve_reason = $4 WHERE id = $1 AND status <> 'resolved' "
	                   "RETURNING id",
	                   "iitt", id, now, by, reason);
}

/* ---- API tokens ---- */

int tokens_add(store_conn *c, arena *a, const tokens_new *t, int64_t now, int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "INSERT INTO api_tokens (project_id, institution_id, name, token_hash, "
	                 "prefix, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
	                 "RETURNING id",
	                 "iitttii", t->project_id, t->institution_id, t->name, t->hash, t->prefix,
	                 t->created_by, now);
}

int tokens_live_count(store_conn *c, arena *a, int64_t project_id, int64_t *n, err *e)
{
	return store_count(
	    c, a, e, n,
	    "SELECT count(*) FROM api_tokens WHERE project_id = $1 AND revoked_at IS "
	    "NULL",
	    "i", project_id);
}

#define TOKEN_SELECT                                                                               \
	"SELECT t.id, t.project_id, t.institution_id, t.name, t.prefix, t.created_by, u.username " \
	"AS created_by_name, t.created_at, t.last_used_at, t.revoked_at, t.revoked_by FROM "       \
	"api_tokens t JOIN users u ON u.id = t.created_by "

STORE_ROW_OF(tokens_get, TOKEN_SELECT "WHERE t.project_id = $1 AND t.id = $2")

STORE_PAGE_OF(tokens_of, TOKEN_SELECT "WHERE t.project_id = $1 AND ($2 = 0 OR t.id < $2) ORDER BY "
                                      "t.id DESC LIMIT $3")

int tokens_revoke(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now, err *e)
{
	return store_wrote(c, a, e,
	                   "UPDATE api_tokens SET revoked_at = $2, revoked_by = $3 WHERE id = $1 "
	                   "AND revoked_at IS NULL RETURNING id",
	                   "iii", id, now, by);
}

int tokens_resolve(store_conn *c, arena *a, const char *hash, store_result **out, err *e)
{
	return store_found(
	    store_q(c, a, e, out,
	            "SELECT t.id, t.project_id, t.institution_id, t.created_by, u.username FROM "
	            "api_tokens t JOIN users u ON u.id = t.created_by AND u.institution_id = "
	            "t.institution_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND "
	            "u.active = 1",
	            "t", hash),
	    out);
}

int tokens_touch(store_conn *c, arena *a, int64_t id, int64_t now, err *e)
{
	return store_wrote(
	    c, a, e,
	    "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND revoked_at IS "
	    "NULL RETURNING id",
	    "ii", id, now);
}
