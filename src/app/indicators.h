/* Risk monitoring of live pilots (§4.3 item 2: "continuous dynamic monitoring"): key risk
 * indicators with thresholds, the points the pilot's systems send (API tokens of its lead
 * institution), the alerts a crossing or a silence opens, and the series the charts draw.
 *
 * Who sees what:
 *  - Readers of indicators, points and alerts: the working group (officer, leader), the
 *    project's member institutions, the CSRC when it may see the project; never experts.
 *  - The lead institution's users send points (their session, or an API token they created
 *    for the project) and keep its tokens; officers and leaders change thresholds, add
 *    custom indicators and acknowledge and resolve alerts, each with who and why.
 *  - A project the caller may not see is 404; a coaching project (§3.3: no live business) is
 *    422 coaching_no_live_business; a project that is not supervised (or, for data and tokens,
 *    not live) is 409 invalid_state.
 *
 * A live pilot's standard indicators are created from its test boundaries at launch (the
 * workflow's launch effect), or, for a pilot launched before indicators existed, on first use:
 * inside the transaction of the first read, write or scheduler pass that needs them. */
#ifndef BAOTU_APP_INDICATORS_H
#define BAOTU_APP_INDICATORS_H
#include "app/app.h"

/* The most points one ingestion takes. */
#define INDICATORS_POINTS_MAX 10000
/* The body cap of the ingestion route: 10,000 points of ~100 bytes with room to spare. */
#define INDICATORS_MAX_BODY ((size_t)4 << 20)
/* An ingestion token: this prefix and 64 hex digits. */
#define API_TOKEN_PREFIX "bti_"

/* ---- indicators ---- */

/* {"items":[indicator...]}: key, name, unit, direction, warn, breach, stale_after_s, standard,
 * last_value, last_at, level, stale, open_alerts. */
json_t *indicator_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
/* POST .../indicators: a custom indicator {key, name, unit, direction, warn, breach,
 * stale_after_s, reason}; 201 with it. 409 indicator_exists. */
int indicator_create(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e);
/* PATCH .../indicators/{key}: {name, warn, breach, stale_after_s, reason (required)}; the level
 * of the last value is judged again against the new thresholds. */
int indicator_change(app *ap, arena *a, const actor *who, int64_t project_id, const char *key,
                     const json_t *body, json_t **out, err *e);

/* ---- points ---- */

/* POST .../metrics with {"points":[{"indicator","at","value"}...]}: all or nothing, one
 * transaction; 201 {"stored", "alerts_opened", "alerts_resolved"}. The first refused point by
 * index (within a point, its shape before its meaning) answers 422 invalid_point with field
 * points[i].x and details {index, reason}; more than 10,000 points 422 too_many_points with
 * details {index: 10000, max}. */
int metrics_ingest(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                   json_t **out, err *e);
/* A point as the web layer decoded it from a body of the usual shape (its fast path). */
typedef struct metrics_point_in {
	const char *indicator, *at;
	bool integer; /* the value was written as an integer: ivalue, else rvalue */
	long long ivalue;
	double rvalue;
} metrics_point_in;
/* metrics_ingest of points already decoded, each of good shape (n may exceed the maximum:
 * refused). */
int metrics_ingest_points(app *ap, arena *a, const actor *who, int64_t project_id,
                          const metrics_point_in *pts, size_t n, json_t **out, err *e);
/* Whether a body is an ingestion (it has "points") rather than the older monthly figures. */
bool metrics_body_is_points(const json_t *body);
/* GET .../metrics?indicator=&from=&to=&after=&limit=: {"items":[{"at","value"}],"next"}, keyset
 * on time (next: the last item's at; after: exclusive). from, to, after: RFC 3339. */
json_t *metric_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *indicator,
                    const char *from, const char *to, const char *after, int limit, err *e);

/* ---- alerts ---- */

/* {"items":[alert...],"next"}, the newest first; status NULL or open|acknowledged|resolved. */
json_t *alert_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *status,
                   int64_t after, int limit, err *e);
/* {reason}: open -> acknowledged, or open/acknowledged -> resolved (409 invalid_state else). */
int alert_acknowledge(app *ap, arena *a, const actor *who, int64_t alert_id, const json_t *body,
                      json_t **out, err *e);
int alert_resolve(app *ap, arena *a, const actor *who, int64_t alert_id, const json_t *body,
                  json_t **out, err *e);

/* ---- API tokens ---- */

/* {name}: 201 {id, name, prefix, token (the secret, shown this once), ...}. */
int api_token_create(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e);
json_t *api_token_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                       int limit, err *e);
int api_token_revoke(app *ap, arena *a, const actor *who, int64_t project_id, int64_t token_id,
                     json_t **out, err *e);
/* Whether a bearer credential is an ingestion token (by its prefix). */
bool api_token_like(const char *bearer);
/* Resolves an ingestion token for project_id's ingestion into *who (the lead institution,
 * label "token:ID", token_id set); -1 with 401 invalid_token when it is unknown, revoked, of
 * another project or its creator is no longer active there. */
int api_token_authenticate(app *ap, arena *a, const char *token, int64_t project_id, actor *who,
                           err *e);

/* ---- the scheduler ---- */

/* Creates the standard indicators a live pilot lacks, and opens a stale alert for each live
 * indicator that has had no data within its interval (once per silence: decided inside a write
 * transaction, and the store refuses a second unresolved alert of a level). *opened: alerts. */
int indicators_run_due(app *ap, arena *a, int64_t now_us, int *opened, err *e);

/* ---- the charts ---- */

/* The series of every indicator of a project over [from, to) in at most `buckets` buckets (the
 * least and greatest value of each), with the alerts of the window: {"items":[indicator with
 * "series":[[at_us, lo, hi]...], "alerts":[{at_us, level, value, status}...]], "launched_on",
 * "duration_months"}. */
json_t *indicator_charts(app *ap, arena *a, const actor *who, int64_t project_id, int64_t from,
                         int64_t to, int buckets, err *e);
#endif
