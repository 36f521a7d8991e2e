/* The working-day calendar's special days. See calendar.h. */
#include "store/calendar.h"

#include <stdio.h>

int calendar_days_all(store_conn *c, arena *a, store_result **r, err *e)
{
	return store_q(c, a, e, r, "SELECT date, kind FROM calendar_days ORDER BY date", "");
}

/* The first and last day of a year, as stored. */
typedef struct year_span {
	char from[16], to[16];
} year_span;

static year_span span_of(int year)
{
	year_span s;
	snprintf(s.from, sizeof s.from, "%04d-01-01", year);
	snprintf(s.to, sizeof s.to, "%04d-12-31", year);
	return s;
}

int calendar_days_of_year(store_conn *c, arena *a, int year, store_result **r, err *e)
{
	year_span s = span_of(year);
	return store_q(c, a, e, r,
	               "SELECT date, kind, name, source FROM calendar_days "
	               "WHERE date >= $1 AND date <= $2 ORDER BY date",
	               "tt", s.from, s.to);
}

int calendar_days_count(store_conn *c, arena *a, int64_t *n, err *e)
{
	return store_int(c, a, e, n, "SELECT count(*) FROM calendar_days", "");
}

int calendar_days_insert(store_conn *c, arena *a, const char *date, const char *kind,
                         const char *name, const char *source, err *e)
{
	return store_q(
	    c, a, e, NULL,
	    "INSERT INTO calendar_days (date, kind, name, source) VALUES ($1, $2, $3, $4)", "tttt",
	    date, kind, name, source);
}

int calendar_days_delete_year(store_conn *c, arena *a, int year, err *e)
{
	year_span s = span_of(year);
	return store_q(c, a, e, NULL, "DELETE FROM calendar_days WHERE date >= $1 AND date <= $2",
	               "tt", s.from, s.to);
}
