/* Key risk indicators of a live pilot (§4.3 item 2, continuous dynamic monitoring): the pure
 * rules. The level a value reaches against an indicator's thresholds, when a crossing opens an
 * alert (once per crossing), when an indicator has gone quiet too long (stale), the standard
 * set a pilot's test boundaries give, and the value and time formats the ingestion takes.
 * No I/O, no allocation; app/indicators.c applies them in the store's transactions. */
#ifndef BAOTU_CORE_INDICATORS_H
#define BAOTU_CORE_INDICATORS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Values are kept as integers in millionths of their unit ("micro"): exact in every store. */
#define IND_SCALE 1000000LL
/* The largest magnitude a value may have: 9e12 of its unit (90 billion yuan in fen). */
#define IND_VALUE_MAX 9000000000000LL
#define IND_KEY_MAX 48
#define IND_NAME_MAX 100
#define IND_UNIT_MAX 20
/* A staleness interval: from one minute to a year. */
#define IND_STALE_MIN_S 60LL
#define IND_STALE_MAX_S (366LL * 86400)
/* The standard indicators go stale after two days without data (daily figures, one day's
 * grace). */
#define IND_STALE_DEFAULT_S (2LL * 86400)

typedef enum { IND_NORMAL, IND_WARNING, IND_BREACH, IND__LEVELS } ind_level;
/* Which side of a threshold is bad: a value above it (customers, amounts, complaints), or below
 * it (availability). */
typedef enum { IND_ABOVE, IND_BELOW } ind_direction;

/* "normal", "warning", "breach"; NULL out of range. */
const char *ind_level_id(ind_level l);
int ind_level_parse(const char *s, ind_level *out); /* 0 ok, -1 unknown */
const char *ind_direction_id(ind_direction d);      /* "above", "below" */
int ind_direction_parse(const char *s, ind_direction *out);

typedef struct ind_limits {
	ind_direction direction;
	bool has_warn, has_breach; /* a threshold may be unset: that level is never reached */
	int64_t warn, breach;      /* micro */
} ind_limits;

/* The level of a value: breach when it lies beyond the breach threshold in the bad direction
 * (strictly: a value equal to a cap is within it), else warning when beyond the warning
 * threshold, else normal. */
ind_level ind_level_of(const ind_limits *t, int64_t value);
/* 0 when the thresholds are in order (above: warn <= breach; below: warn >= breach), -1 not. */
int ind_limits_check(const ind_limits *t);
/* The threshold of a level (warn or breach); 0 for normal or an unset one. */
int64_t ind_threshold_of(const ind_limits *t, ind_level l);

/* The crossing rule. An indicator remembers its current level and its peak: the highest level
 * reached since it was last normal. A value moves the state; an alert opens only when the level
 * rises above the peak (normal -> warning, normal or warning -> breach), so a value that hovers
 * around a threshold opens one alert, not one per point, and a new alert of a level opens only
 * after the indicator went back to normal and crossed again. */
typedef struct ind_state {
	ind_level level, peak;
} ind_state;
/* Moves s to `now` (the level of a newer value); returns the level of the alert to open, or
 * IND_NORMAL for none. */
ind_level ind_step(ind_state *s, ind_level now);

/* Stale: nothing newer than since_us (the later of the last point's time and the indicator's
 * creation) for more than stale_after_s seconds. */
bool ind_is_stale(int64_t now_us, int64_t since_us, int64_t stale_after_s);

/* A JSON number as micro: finite and at most IND_VALUE_MAX in magnitude, else -1. Decimals
 * beyond the sixth are rounded. */
int ind_value_from_double(double v, int64_t *micro);
int ind_value_from_int(long long v, int64_t *micro);
double ind_value_to_double(int64_t micro);
/* Exact decimal text: 1600, -0.5, 99.95 (no exponent, no trailing zeros). */
void ind_value_format(int64_t micro, char out[32]);

/* RFC 3339 date-time ("2026-01-05T08:00:00Z", "2026-01-05T16:00:00.25+08:00"; a lower-case t
 * or z is accepted, seconds are required, a fraction keeps microseconds) as UTC microseconds.
 * 0 ok, -1 malformed. */
int ind_time_parse(const char *s, int64_t *us);
/* UTC, "2026-01-05T08:00:00Z", or with six fractional digits when the time has them. */
void ind_time_format(int64_t us, char out[40]);

/* A key: a lower-case letter, then lower-case letters, digits or '_', at most IND_KEY_MAX. */
bool ind_key_valid(const char *key);

/* The figures of a pilot's test boundaries (content.test_boundaries); 0 when absent. */
typedef struct ind_boundaries {
	int64_t customer_cap, per_transaction_limit_fen, per_investor_limit_fen;
} ind_boundaries;

/* One indicator as created: key, name (a catalog message id), unit, thresholds, staleness. */
typedef struct ind_spec {
	const char *key, *name, *unit;
	ind_limits limits;
	int64_t stale_after_s;
} ind_spec;

#define IND_STANDARD_COUNT 7
/* The standard set, in this order: customers (the customer cap; warning at 80% of it),
 * max_transaction_fen (the largest single transaction vs the per-transaction limit),
 * max_investor_exposure_fen (the per-investor limit), daily_volume_fen (the boundaries' ceiling
 * for one day: the customer cap times the per-transaction limit), complaints (a day's count:
 * warning above 2, breach above 5), availability_pct (below is bad: warning under 99.5, breach
 * under 99), security_events (a day's count: warning at the first, breach above 1). A threshold
 * whose boundary is absent is unset. */
void ind_standard_set(const ind_boundaries *b, ind_spec out[IND_STANDARD_COUNT]);
#endif
