/* Key risk indicators: levels, crossings, staleness, the standard set, values and times.
 * See indicators.h. */
#include "core/indicators.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/text.h"
#include "lib/i18n.h"

static const char *const LEVELS[IND__LEVELS] = {"normal", "warning", "breach"};

const char *ind_level_id(ind_level l)
{
	return (unsigned)l < IND__LEVELS ? LEVELS[l] : NULL;
}

int ind_level_parse(const char *s, ind_level *out)
{
	for (int i = 0; s && i < IND__LEVELS; i++)
		if (!strcmp(s, LEVELS[i])) {
			*out = (ind_level)i;
			return 0;
		}
	return -1;
}

const char *ind_direction_id(ind_direction d)
{
	return d == IND_BELOW ? "below" : "above";
}

int ind_direction_parse(const char *s, ind_direction *out)
{
	if (s && !strcmp(s, "above"))
		*out = IND_ABOVE;
	else if (s && !strcmp(s, "below"))
		*out = IND_BELOW;
	else
		return -1;
	return 0;
}

/* Whether v lies beyond threshold t on the bad side. */
static bool beyond(ind_direction d, int64_t v, int64_t t)
{
	return d == IND_BELOW ? v < t : v > t;
}

ind_level ind_level_of(const ind_limits *t, int64_t value)
{
	if (t->has_breach && beyond(t->direction, value, t->breach))
		return IND_BREACH;
	if (t->has_warn && beyond(t->direction, value, t->warn))
		return IND_WARNING;
	return IND_NORMAL;
}

int ind_limits_check(const ind_limits *t)
{
	if (!t->has_warn || !t->has_breach)
		return 0;
	/* the warning comes first on the way to the breach */
	return beyond(t->direction, t->warn, t->breach) ? -1 : 0;
}

int64_t ind_threshold_of(const ind_limits *t, ind_level l)
{
	if (l == IND_BREACH && t->has_breach)
		return t->breach;
	if (l == IND_WARNING && t->has_warn)
		return t->warn;
	return 0;
}

ind_level ind_step(ind_state *s, ind_level now)
{
	ind_level open = IND_NORMAL;
	if (now == IND_NORMAL)
		s->peak = IND_NORMAL; /* back within bounds: the next crossing is a new one */
	else if (now > s->peak)
		open = s->peak = now;
	s->level = now;
	return open;
}

bool ind_is_stale(int64_t now_us, int64_t since_us, int64_t stale_after_s)
{
	return now_us - since_us > stale_after_s * 1000000;
}

/* ---- values ---- */

int ind_value_from_double(double v, int64_t *micro)
{
	if (!isfinite(v) || v > (double)IND_VALUE_MAX || v < -(double)IND_VALUE_MAX)
		return -1;
	double x = v * (double)IND_SCALE; /* rounded half away from zero, without libm */
	*micro = (int64_t)(x < 0 ? x - 0.5 : x + 0.5);
	return 0;
}

int ind_value_from_int(long long v, int64_t *micro)
{
	if (v > IND_VALUE_MAX || v < -IND_VALUE_MAX)
		return -1;
	*micro = (int64_t)v * IND_SCALE;
	return 0;
}

double ind_value_to_double(int64_t micro)
{
	return (double)micro / (double)IND_SCALE;
}

void ind_value_format(int64_t micro, char out[32])
{
	/* |micro| <= 9e18 fits; the sign is written apart so that -0.5 keeps it */
	uint64_t m = micro < 0 ? (uint64_t)0 - (uint64_t)micro : (uint64_t)micro;
	uint64_t whole = m / IND_SCALE, frac = m % IND_SCALE;
	int n = snprintf(out, 32, "%s%llu", micro < 0 ? "-" : "", (unsigned long long)whole);
	if (frac) {
		char f[8];
		snprintf(f, sizeof f, "%06llu", (unsigned long long)frac);
		for (int i = 5; i > 0 && f[i] == '0'; i--)
			f[i] = 0;
		snprintf(out + n, (size_t)(32 - n), ".%s", f);
	}
}

/* ---- times ---- */

int ind_time_parse(const char *s, int64_t *us)
{
	if (!s || strlen(s) < 20)
		return -1;
	char day[11];
	memcpy(day, s, 10);
	day[10] = 0;
	cal_date d;
	if (cal_parse(day, &d) < 0 || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
	    s[16] != ':')
		return -1;
	int h = text_digits(s + 11, 2), mi = text_digits(s + 14, 2), sec = text_digits(s + 17, 2);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return -1;
	const char *p = s + 19;
	int64_t frac = 0;
	if (*p == '.') {
		int n = 0;
		for (p++; *p >= '0' && *p <= '9'; p++, n++)
			if (n < 6)
				frac = frac * 10 + (*p - '0');
		if (n == 0 || n > 9)
			return -1;
		for (int k = n; k < 6; k++)
			frac *= 10;
	}
	int64_t offset = 0;
	if ((*p == 'Z' || *p == 'z') && !p[1]) {
		offset = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh = text_digits(p + 1, 2), om = text_digits(p + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return -1;
		offset = (*p == '-' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
	} else {
		return -1;
	}
	int64_t secs = (int64_t)cal_days(d) * 86400 + h * 3600 + mi * 60 + sec - offset;
	*us = secs * 1000000 + frac;
	return 0;
}

void ind_time_format(int64_t us, char out[40])
{
	int64_t secs = us / 1000000, frac = us % 1000000;
	if (frac < 0) {
		frac += 1000000;
		secs--;
	}
	int64_t days = secs / 86400, rest = secs % 86400;
	if (rest < 0) {
		rest += 86400;
		days--;
	}
	char date[11];
	cal_format(cal_from_days((long)days), date);
	int n = snprintf(out, 40, "%sT%02d:%02d:%02d", date, (int)(rest / 3600),
	                 (int)(rest / 60 % 60), (int)(rest % 60));
	if (frac)
		snprintf(out + n, (size_t)(40 - n), ".%06lldZ", (long long)frac);
	else
		snprintf(out + n, (size_t)(40 - n), "Z");
}

bool ind_key_valid(const char *key)
{
	if (!key || !(key[0] >= 'a' && key[0] <= 'z'))
		return false;
	size_t n = 0;
	for (const char *p = key; *p; p++, n++)
		if (n == IND_KEY_MAX ||
		    !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* ---- the standard set ---- */

/* A threshold at pct per cent of a boundary (in whole units), unset when the boundary is. */
static void share_of(int64_t boundary, int pct, bool *has, int64_t *micro)
{
	*has = boundary > 0 && boundary <= IND_VALUE_MAX;
	*micro = *has ? boundary * IND_SCALE / 100 * pct : 0;
}

static ind_limits cap_limits(int64_t cap)
{
	ind_limits t = {IND_ABOVE, false, false, 0, 0};
	share_of(cap, 80, &t.has_warn, &t.warn);
	share_of(cap, 100, &t.has_breach, &t.breach);
	return t;
}

static ind_limits fixed(ind_direction d, double warn, double breach)
{
	ind_limits t = {d, true, true, 0, 0};
	ind_value_from_double(warn, &t.warn);
	ind_value_from_double(breach, &t.breach);
	return t;
}

void ind_standard_set(const ind_boundaries *b, ind_spec out[IND_STANDARD_COUNT])
{
	/* the most a day can see within the boundaries: every customer at the per-transaction
	 * limit (unset when either is, or when it would not fit) */
	int64_t ceiling = 0;
	if (b->customer_cap > 0 && b->per_transaction_limit_fen > 0 &&
	    b->per_transaction_limit_fen <= IND_VALUE_MAX / b->customer_cap)
		ceiling = b->customer_cap * b->per_transaction_limit_fen;
	const int64_t stale = IND_STALE_DEFAULT_S;
	ind_spec set[IND_STANDARD_COUNT] = {
	    {"customers", N_("Customers"), "count", cap_limits(b->customer_cap), stale},
	    {"max_transaction_fen", N_("Largest single transaction"), "fen",
	     cap_limits(b->per_transaction_limit_fen), stale},
	    {"max_investor_exposure_fen", N_("Largest exposure of one investor"), "fen",
	     cap_limits(b->per_investor_limit_fen), stale},
	    {"daily_volume_fen", N_("Daily volume"), "fen", cap_limits(ceiling), stale},
	    {"complaints", N_("Complaints (per day)"), "count", fixed(IND_ABOVE, 2, 5), stale},
	    {"availability_pct", N_("Availability"), "percent", fixed(IND_BELOW, 99.5, 99.0),
	     stale},
	    {"security_events", N_("Security events (per day)"), "count", fixed(IND_ABOVE, 0, 1),
	     stale},
	};
	memcpy(out, set, sizeof set);
}
