#include <limits.h>
#include <string.h>

#include "core/calendar.h"
#include "core/text.h"

#define US_PER_DAY 86400000000LL
#define CST_OFFSET_US (8LL * 3600 * 1000000) /* China Standard Time is UTC+8, no DST */

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_length(int y, int m)
{
	static const int LEN[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : LEN[m - 1];
}

static bool date_valid(cal_date d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= month_length(d.y, d.m);
}

int cal_parse(const char *s, cal_date *out)
{
	if (s == NULL || out == NULL || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	cal_date d = {text_digits(s, 4), text_digits(s + 5, 2), text_digits(s + 8, 2)};
	if (!date_valid(d)) /* also rejects a -1 from a non-digit */
		return -1;
	*out = d;
	return 0;
}

static void put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void cal_format(cal_date d, char out[11])
{
	if (!date_valid(d))
		d = (cal_date){0, 0, 0};
	put_digits(out, d.y, 4);
	out[4] = '-';
	put_digits(out + 5, d.m, 2);
	out[7] = '-';
	put_digits(out + 8, d.d, 2);
	out[10] = '\0';
}

static long floor_div(long a, long b)
{
	long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Howard Hinnant's days_from_civil: eras of 400 years (146097 days) starting on 1 March. */
long cal_days(cal_date d)
{
	long y = (long)d.y - (d.m <= 2);
	long era = floor_div(y, 400);
	long yoe = y - era * 400;
	long mp = (d.m + 9) % 12; /* March = 0 */
	long doy = (153 * mp + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

cal_date cal_from_days(long n)
{
	long z = n + 719468;
	long era = floor_div(z, 146097);
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	long y = yoe + era * 400 + (m <= 2);
	return (cal_date){(int)y, m, d};
}

static int weekday_of_days(long n)
{
	/* 1970-01-01 was a Thursday (4) */
	long r = (n % 7 + 7) % 7;
	return (int)((r + 3) % 7) + 1;
}

int cal_weekday(cal_date d)
{
	return weekday_of_days(cal_days(d));
}

cal_date cal_from_us_cst(long long us)
{
	/* split first so that adding the offset cannot overflow near LLONG_MAX */
	long long q = us / US_PER_DAY, r = us % US_PER_DAY;
	if (r < 0) {
		q--;
		r += US_PER_DAY;
	}
	if (r >= US_PER_DAY - CST_OFFSET_US)
		q++;
	return cal_from_days((long)q);
}

long long cal_start_us_cst(cal_date d)
{
	return (long long)cal_days(d) * US_PER_DAY - CST_OFFSET_US;
}

static int date_cmp(cal_date a, cal_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* Index of the first special day on or after d. */
static size_t lower_bound(const cal_special *days, size_t n, cal_date d)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (date_cmp(days[mid].date, d) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The special days of c and their count; none for a NULL or empty calendar. */
static const cal_special *specials(const calendar *c, size_t *n)
{
	bool none = c == NULL || c->days == NULL;
	*n = none ? 0 : c->n;
	return none ? NULL : c->days;
}

static bool working_on(const calendar *c, long n)
{
	cal_date d = cal_from_days(n);
	size_t cnt;
	const cal_special *s = specials(c, &cnt);
	size_t i = lower_bound(s, cnt, d);
	if (i < cnt && date_cmp(s[i].date, d) == 0)
		return s[i].kind == CAL_DAY_WORKDAY;
	return weekday_of_days(n) <= 5;
}

bool cal_is_working_day(const calendar *c, cal_date d)
{
	return working_on(c, cal_days(d));
}

/* Mon–Fri with day number < n, counted from Monday 1970-01-05 (day 4); differences are exact. */
static long weekdays_before(long n)
{
	long t = n - 4;
	long w = floor_div(t, 7), r = t - w * 7;
	return w * 5 + (r < 5 ? r : 5);
}

/* Working days in day numbers [a, b]: Mon–Fri, less holidays on Mon–Fri, plus make-up days on
 * weekends; O(log n + specials in range) so that any n or span is cheap. */
static long count_days(const calendar *c, long a, long b)
{
	if (b < a)
		return 0;
	long count = weekdays_before(b + 1) - weekdays_before(a);
	size_t cnt;
	const cal_special *s = specials(c, &cnt);
	cal_date end = cal_from_days(b);
	for (size_t i = lower_bound(s, cnt, cal_from_days(a));
	     i < cnt && date_cmp(s[i].date, end) <= 0; i++) {
		bool weekday = cal_weekday(s[i].date) <= 5;
		if (s[i].kind == CAL_DAY_HOLIDAY && weekday)
			count--;
		else if (s[i].kind == CAL_DAY_WORKDAY && !weekday)
			count++;
	}
	return count;
}

int cal_count_working_days(const calendar *c, cal_date a, cal_date b)
{
	long n = count_days(c, cal_days(a), cal_days(b));
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* First working day on or after day n; terminates because special days are finite. */
static long first_working_from(const calendar *c, long n)
{
	while (!working_on(c, n))
		n++;
	return n;
}

cal_date cal_next_working_day(const calendar *c, cal_date d)
{
	return cal_from_days(first_working_from(c, cal_days(d) + 1));
}

/* §4.2: a notice period of n working days; its first day is the first working day on or after
 * start, and it ends on its n-th working day. */
cal_date cal_add_working_days(const calendar *c, cal_date start, int n)
{
	long want = n < 1 ? 1 : n;
	long first = first_working_from(c, cal_days(start));
	/* the end is the smallest day e with count(first, e) >= want: it cannot be before
	 * first + want - 1; widen exponentially, then bisect (count only grows with e) */
	long lo = first + want - 1, hi = lo, step = want;
	while (count_days(c, first, hi) < want) {
		lo = hi + 1;
		hi += step;
		step *= 2;
	}
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		if (count_days(c, first, mid) >= want)
			hi = mid;
		else
			lo = mid + 1;
	}
	return cal_from_days(lo);
}

bool cal_has_year(const calendar *c, int y)
{
	size_t cnt;
	const cal_special *s = specials(c, &cnt);
	size_t i = lower_bound(s, cnt, (cal_date){y, 1, 1});
	return i < cnt && s[i].date.y == y;
}

/* One CSV field of line [p, end): quoted ("" escapes a quote, no newline inside) or bare (no
 * quote). Sets [*fs, *fe) to its raw content and returns the position after it, or NULL. */
static const char *csv_field(const char *p, const char *end, const char **fs, const char **fe)
{
	if (p < end && *p == '"') {
		*fs = ++p;
		for (;;) {
			if (p == end)
				return NULL; /* unterminated */
			if (*p == '"') {
				if (p + 1 < end && p[1] == '"') {
					p += 2;
					continue;
				}
				break;
			}
			p++;
		}
		*fe = p++;
		return p == end || *p == ',' ? p : NULL;
	}
	*fs = p;
	while (p < end && *p != ',') {
		if (*p == '"')
			return NULL;
		p++;
	}
	*fe = p;
	return p;
}

/* Parses one data row; 0 ok, -1 malformed. */
static int csv_row(const char *p, const char *end, cal_special *row)
{
	const char *fs[4], *fe[4];
	for (int i = 0; i < 4; i++) {
		p = csv_field(p, end, &fs[i], &fe[i]);
		if (p == NULL)
			return -1;
		if (i < 3) {
			if (p == end)
				return -1; /* too few fields */
			p++;
		}
	}
	if (p != end)
		return -1; /* too many fields */
	char date[11];
	size_t len = (size_t)(fe[0] - fs[0]);
	if (len != 10)
		return -1;
	memcpy(date, fs[0], 10);
	date[10] = '\0';
	if (cal_parse(date, &row->date) != 0)
		return -1;
	if (text_span_is(fs[1], fe[1], "holiday")) {
		row->kind = CAL_DAY_HOLIDAY;
	} else if (text_span_is(fs[1], fe[1], "workday")) {
		/* a make-up working day (调休上班) is always a Saturday or Sunday */
		if (cal_weekday(row->date) <= 5)
			return -1;
		row->kind = CAL_DAY_WORKDAY;
	} else {
		return -1;
	}
	return 0;
}

/* The special days parsed so far, sorted by date. */
typedef struct day_list {
	cal_special *out;
	size_t cap, count;
} day_list;

static int add_day(void *arg, const char *p, const char *end)
{
	day_list *l = arg;
	cal_special row;
	if (csv_row(p, end, &row) != 0)
		return -1;
	size_t i = lower_bound(l->out, l->count, row.date);
	if (l->count == l->cap || (i < l->count && date_cmp(l->out[i].date, row.date) == 0))
		return -1; /* full, or the date is given twice */
	memmove(l->out + i + 1, l->out + i, (l->count - i) * sizeof(*l->out));
	l->out[i] = row;
	l->count++;
	return 0;
}

int cal_parse_csv(const char *text, cal_special *out, size_t cap, int *bad_line)
{
	if (out == NULL && cap > 0) {
		if (bad_line != NULL)
			*bad_line = 1;
		return -1;
	}
	day_list l = {out, cap, 0};
	if (text_table_rows(text, "date,kind,name,source", add_day, &l, bad_line) < 0)
		return -1;
	return l.count > INT_MAX ? -1 : (int)l.count;
}
