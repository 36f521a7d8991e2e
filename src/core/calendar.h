/* calendar: civil dates and the Chinese working-day calendar (holidays and make-up working days,
 * 调休) on which public-notice periods are counted (§4.2). Pure: no I/O, no allocation. */
#ifndef BAOTU_CORE_CALENDAR_H
#define BAOTU_CORE_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>

/* Dates are civil dates (proleptic Gregorian), as a day number. */
typedef struct cal_date {
	int y, m, d;
} cal_date;

/* "2024-02-10" strict: exactly YYYY-MM-DD, year 0001-9999, a real day of that month (leap years
 * included), nothing before or after. 0 ok, -1 bad (out untouched). NULL-safe (-1). */
int cal_parse(const char *s, cal_date *out);

/* "2024-02-10". A date cal_parse would reject (year outside 1-9999, bad month or day) is written
 * as "0000-00-00". */
void cal_format(cal_date d, char out[11]);

/* Days since 1970-01-01 (negative before). d must be a valid date. */
long cal_days(cal_date d);
cal_date cal_from_days(long n);

/* 1 = Monday .. 7 = Sunday. */
int cal_weekday(cal_date d);

/* UTC microseconds -> civil date in China Standard Time (UTC+8, no DST). Any value is safe. */
cal_date cal_from_us_cst(long long us);

/* 00:00 CST of d, as UTC microseconds. */
long long cal_start_us_cst(cal_date d);

typedef enum { CAL_DAY_HOLIDAY = 1, CAL_DAY_WORKDAY = 2 } cal_day_kind;

typedef struct cal_special {
	cal_date date;
	cal_day_kind kind;
} cal_special;

/* Special days sorted by date, no duplicates; binary-searched. NULL or n == 0: weekends only. */
typedef struct calendar {
	const cal_special *days;
	size_t n;
} calendar;

/* Special days override; else Mon–Fri. c may be NULL (weekends only). */
bool cal_is_working_day(const calendar *c, cal_date d);

/* The day that ends a period of n working days whose first day is the first working day on or
 * after start (n >= 1; a smaller n counts as 1): start itself counts if it is a working day, so
 * n = 1 gives the first working day on or after start. */
cal_date cal_add_working_days(const calendar *c, cal_date start, int n);

/* The first working day strictly after d. */
cal_date cal_next_working_day(const calendar *c, cal_date d);

/* Working days in [a, b] inclusive; 0 if b is before a. */
int cal_count_working_days(const calendar *c, cal_date a, cal_date b);

/* Whether the calendar has any special day in year y (a year without data counts weekends only;
 * the UI warns). */
bool cal_has_year(const calendar *c, int y);

/* Parses the CSV text (header line `date,kind,name,source`, then date,kind,name,source rows;
 * name/source may contain commas only if quoted, "" escapes a quote) into out[0..cap), sorted by
 * date; returns the count, or -1 with *bad_line (1-based, the header is line 1; bad_line may be
 * NULL) on a malformed line: wrong header or field count, bad date, unknown kind (lowercase
 * `holiday`|`workday` only), a `workday` on Mon–Fri, a date already given, or a row beyond cap.
 * A UTF-8 BOM, CRLF line ends and blank lines are accepted. */
int cal_parse_csv(const char *text, cal_special *out, size_t cap, int *bad_line);

#endif
