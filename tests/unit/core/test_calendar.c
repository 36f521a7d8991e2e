#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "support.h"
#include "shipped_calendar.h"

/* Every expected date below was derived from data/cn-holidays.csv and checked against a real
 * calendar with python3's datetime (a naive day-by-day count). */

struct add_case {
	const char *start;
	int n;
	const char *end;
};

static void expect_adds(const struct add_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cal_date end = cal_add_working_days(&cn, D(cases[i].start), cases[i].n);
		char got[11];
		cal_format(end, got);
		if (strcmp(got, cases[i].end) != 0)
			fail_msg("%d working days from %s: got %s, want %s", cases[i].n,
			         cases[i].start, got, cases[i].end);
		/* the period ends on a working day and holds exactly n of them */
		assert_true(cal_is_working_day(&cn, end));
		assert_int_equal(cal_count_working_days(&cn, D(cases[i].start), end), cases[i].n);
	}
}

static void expect_working(const char *const *dates, size_t n, bool want)
{
	for (size_t i = 0; i < n; i++)
		if (cal_is_working_day(&cn, D(dates[i])) != want)
			fail_msg("%s: want %s", dates[i], want ? "working" : "rest");
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* --- civil dates ------------------------------------------------------------------------- */

static void test_parse_valid(void **state)
{
	(void)state;
	cal_date d;
	assert_int_equal(cal_parse("2024-02-10", &d), 0);
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 10);
	assert_int_equal(cal_parse("2024-02-29", &d), 0); /* leap: divisible by 4 */
	assert_int_equal(cal_parse("2000-02-29", &d), 0); /* leap: divisible by 400 */
	assert_int_equal(cal_parse("2024-12-31", &d), 0);
	assert_int_equal(cal_parse("2024-04-30", &d), 0);
	assert_int_equal(cal_parse("0001-01-01", &d), 0);
	assert_int_equal(cal_parse("9999-12-31", &d), 0);
}

static void test_parse_invalid(void **state)
{
	(void)state;
	static const char *const BAD[] = {
	    "2023-02-29", /* not a leap year */
	    "1900-02-29", /* divisible by 100, not by 400 */
	    "2024-02-30",  "2024-04-31",       "2024-06-31", "2024-09-31",
	    "2024-11-31",  "2024-01-32",       "2024-13-01", "2024-00-10",
	    "2024-02-00",  "0000-01-01",       "2024-2-10",  "2024-02-1",
	    "24-02-10",    "20240210",         "2024/02/10", "2024-02-10 ",
	    " 2024-02-10", "2024-02-10T00:00", "+024-02-10", "2024-0x-10",
	    "2024-02-1a",  "２０２４-02-10",   "",           "2024-02-\xC3\xA9",
	};
	for (size_t i = 0; i < N(BAD); i++) {
		cal_date d = {7, 7, 7};
		if (cal_parse(BAD[i], &d) != -1)
			fail_msg("accepted \"%s\"", BAD[i]);
		assert_int_equal(d.y, 7); /* untouched */
	}
	cal_date d;
	assert_int_equal(cal_parse(NULL, &d), -1);
	assert_int_equal(cal_parse("2024-02-10", NULL), -1);
}

static void test_format(void **state)
{
	(void)state;
	expect_date((cal_date){2024, 2, 10}, "2024-02-10");
	expect_date((cal_date){5, 1, 1}, "0005-01-01");
	expect_date((cal_date){9999, 12, 31}, "9999-12-31");
	/* not a date cal_parse accepts */
	expect_date((cal_date){2023, 2, 29}, "0000-00-00");
	expect_date((cal_date){10000, 1, 1}, "0000-00-00");
	expect_date((cal_date){-1, 1, 1}, "0000-00-00");
	expect_date((cal_date){2024, 13, 1}, "0000-00-00");
	expect_date((cal_date){INT_MIN, INT_MIN, INT_MIN}, "0000-00-00");
}

static void test_days_and_weekday(void **state)
{
	(void)state;
	static const struct {
		const char *date;
		long days;
		int weekday;
	} KNOWN[] = {
	    {"1970-01-01", 0, 4},       {"1969-12-31", -1, 3},      {"2000-01-01", 10957, 6},
	    {"2000-03-01", 11017, 3},   {"2024-02-10", 19763, 6},   {"2024-02-29", 19782, 4},
	    {"1600-01-01", -135140, 6}, {"9999-12-31", 2932896, 5}, {"0001-01-01", -719162, 1},
	};
	for (size_t i = 0; i < N(KNOWN); i++) {
		assert_int_equal(cal_days(D(KNOWN[i].date)), KNOWN[i].days);
		assert_int_equal(cal_weekday(D(KNOWN[i].date)), KNOWN[i].weekday);
		expect_date(cal_from_days(KNOWN[i].days), KNOWN[i].date);
	}
	assert_int_equal(cal_weekday(D("2024-02-18")), 7); /* a make-up Sunday */
	assert_int_equal(cal_weekday(D("2024-02-19")), 1);
}

/* Every day from 0001-01-01 to 9999-12-31: day numbers are consecutive, each date is valid
 * and formats back to itself, weekdays cycle. */
static void test_days_round_trip(void **state)
{
	(void)state;
	long first = cal_days(D("0001-01-01")), last = cal_days(D("9999-12-31"));
	cal_date prev = cal_from_days(first - 1);
	expect_date(prev, "0000-00-00"); /* 0000-12-31: outside the formatted range */
	assert_int_equal(prev.y, 0);
	for (long n = first; n <= last; n++) {
		cal_date d = cal_from_days(n);
		char buf[11];
		cal_date back;
		cal_format(d, buf);
		assert_int_equal(cal_parse(buf, &back), 0);
		assert_int_equal(cal_days(back), n);
		/* successor of prev */
		bool next_day = d.y == prev.y && d.m == prev.m && d.d == prev.d + 1;
		bool next_month = d.y == prev.y && d.m == prev.m + 1 && d.d == 1;
		bool next_year = d.y == prev.y + 1 && d.m == 1 && d.d == 1 && prev.m == 12;
		assert_true(next_day || next_month || next_year);
		assert_int_equal(cal_weekday(d), (cal_weekday(prev) % 7) + 1);
		prev = d;
	}
}

static void test_cst(void **state)
{
	(void)state;
	/* 2024-02-09 16:00:00 UTC is 2024-02-10 00:00 CST */
	expect_date(cal_from_us_cst(1707494400000000LL), "2024-02-10");
	expect_date(cal_from_us_cst(1707494399999999LL), "2024-02-09");
	assert_int_equal(cal_start_us_cst(D("2024-02-10")), 1707494400000000LL);
	/* 2025-10-08 23:30 UTC is already 2025-10-09 in Jinan */
	expect_date(cal_from_us_cst(1759966200000000LL), "2025-10-09");
	/* around the epoch, negative times floor correctly */
	expect_date(cal_from_us_cst(-28800000000LL), "1970-01-01");
	expect_date(cal_from_us_cst(-28800000001LL), "1969-12-31");
	expect_date(cal_from_us_cst(0), "1970-01-01");
	assert_int_equal(cal_start_us_cst(D("1970-01-01")), -28800000000LL);
	/* the extremes convert without overflow */
	assert_int_equal(cal_days(cal_from_us_cst(LLONG_MAX)), 106751991L);
	assert_int_equal(cal_days(cal_from_us_cst(LLONG_MIN)), -106751991L);
	/* a whole day of CST maps to its date, and its first microsecond starts it */
	for (long n = cal_days(D("2023-12-30")); n <= cal_days(D("2024-03-02")); n++) {
		cal_date d = cal_from_days(n);
		long long start = cal_start_us_cst(d);
		assert_int_equal(cal_days(cal_from_us_cst(start)), n);
		assert_int_equal(cal_days(cal_from_us_cst(start + 86400000000LL - 1)), n);
		assert_int_equal(cal_days(cal_from_us_cst(start - 1)), n - 1);
	}
}

/* --- the shipped calendar -------------------------------------------------------------- */

static void test_shipped_file(void **state)
{
	(void)state;
	assert_int_equal(cn.n, 142);
	expect_date(cn.days[0].date, "2022-12-31");
	assert_int_equal(cn.days[0].kind, CAL_DAY_HOLIDAY);
	expect_date(cn.days[cn.n - 1].date, "2026-10-10");
	assert_int_equal(cn.days[cn.n - 1].kind, CAL_DAY_WORKDAY);
	int workdays = 0;
	for (size_t i = 0; i < cn.n; i++) {
		if (i > 0)
			assert_true(cal_days(cn.days[i - 1].date) < cal_days(cn.days[i].date));
		if (cn.days[i].kind == CAL_DAY_WORKDAY) {
			workdays++;
			assert_true(cal_weekday(cn.days[i].date) >= 6); /* 调休 is on weekends */
		}
	}
	assert_int_equal(workdays, 26);
}

/* Every day of 2022–2028 against the rule, with a linear scan of the table. */
static void test_is_working_day_matches_table(void **state)
{
	(void)state;
	for (long n = cal_days(D("2022-01-01")); n <= cal_days(D("2028-12-31")); n++) {
		cal_date d = cal_from_days(n);
		bool want = cal_weekday(d) <= 5;
		for (size_t i = 0; i < cn.n; i++)
			if (cal_days(cn.days[i].date) == n)
				want = cn.days[i].kind == CAL_DAY_WORKDAY;
		assert_int_equal(cal_is_working_day(&cn, d), want);
	}
}

/* A holiday season of the shipped calendar: days off and working days (make-up days among
 * them), additions of working days, the next working day after a day, and counts of working
 * days in a range. Each list ends at its first NULL. */
struct holiday {
	const char *rest[12];
	const char *work[8];
	struct add_case adds[8];
	struct {
		const char *day, *next;
	} next[5];
	struct {
		const char *from, *to;
		int n;
	} counts[4];
};

static size_t count_dates(const char *const *dates)
{
	size_t n = 0;
	while (dates[n])
		n++;
	return n;
}

static void test_holiday(void **state)
{
	const struct holiday *h = *state;
	expect_working(h->rest, count_dates(h->rest), false);
	expect_working(h->work, count_dates(h->work), true);
	size_t n = 0;
	while (h->adds[n].start)
		n++;
	expect_adds(h->adds, n);
	for (size_t i = 0; h->next[i].day; i++)
		expect_date(cal_next_working_day(&cn, D(h->next[i].day)), h->next[i].next);
	for (size_t i = 0; h->counts[i].from; i++)
		assert_int_equal(
		    cal_count_working_days(&cn, D(h->counts[i].from), D(h->counts[i].to)),
		    h->counts[i].n);
}

/* Spring Festival 2024: holiday 02-10..02-17, make-up Sundays 02-04 and 02-18. */
static const struct holiday spring_festival_2024 = {
    .rest = {"2024-02-03", "2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14",
             "2024-02-15", "2024-02-16", "2024-02-17", "2024-02-24"},
    .work = {"2024-02-04", "2024-02-05", "2024-02-08", "2024-02-09", "2024-02-18", "2024-02-19"},
    .adds =
        {
            /* Thu, Fri, (festival), Sun 02-18 make-up, Mon, Tue */
            {"2024-02-08", 5, "2024-02-20"},
            {"2024-02-08", 3, "2024-02-18"}, /* ends on the make-up Sunday */
            {"2024-02-08", 2, "2024-02-09"},
            {"2024-02-10", 1, "2024-02-18"}, /* starts in the festival: first day is 02-18 */
            {"2024-02-04", 1, "2024-02-04"}, /* starts on a make-up Sunday: it counts */
            {"2024-02-04", 2, "2024-02-05"},
            {"2024-02-03", 1, "2024-02-04"},
        },
    .next = {{"2024-02-09", "2024-02-18"},
             {"2024-02-17", "2024-02-18"},
             {"2024-02-18", "2024-02-19"},
             {"2024-02-03", "2024-02-04"}},
    .counts = {{"2024-02-01", "2024-02-29", 18},
               {"2024-02-18", "2024-02-18", 1},
               {"2024-02-17", "2024-02-17", 0}},
};

/* Spring Festival 2025: holiday 01-28..02-04, make-up Sun 01-26 and Sat 02-08. */
static const struct holiday spring_festival_2025 = {
    .rest = {"2025-01-25", "2025-01-28", "2025-01-31", "2025-02-03", "2025-02-04", "2025-02-09"},
    .work = {"2025-01-26", "2025-01-27", "2025-02-05", "2025-02-08"},
    .adds = {{"2025-01-27", 2, "2025-02-05"},
             {"2025-01-24", 3, "2025-01-27"}, /* Fri, Sun make-up, Mon */
             {"2025-02-05", 4, "2025-02-08"}, /* Wed..Fri, Sat make-up */
             {"2025-01-25", 1, "2025-01-26"}},
    .next = {{"2025-01-27", "2025-02-05"}, {"2025-01-26", "2025-01-27"}},
    .counts = {{"2025-01-20", "2025-02-09", 11}},
};

/* Spring Festival 2026: make-up Sat 02-14, holiday 02-15..02-23, make-up Sat 02-28. */
static const struct holiday spring_festival_2026 = {
    .rest = {"2026-02-15", "2026-02-16", "2026-02-20", "2026-02-23", "2026-02-21", "2026-03-01"},
    .work = {"2026-02-13", "2026-02-14", "2026-02-24", "2026-02-28"},
    .adds = {{"2026-02-12", 3, "2026-02-14"},
             {"2026-02-13", 3, "2026-02-24"},
             {"2026-02-13", 10, "2026-03-04"}, /* includes the make-up Sat 02-28 */
             {"2026-02-14", 1, "2026-02-14"}},
    .next = {{"2026-02-13", "2026-02-14"}, {"2026-02-14", "2026-02-24"}},
    .counts = {{"2026-02-01", "2026-02-28", 16}},
};

/* National Day 2023: holiday 09-29..10-06, make-up Sat 10-07 and Sun 10-08. */
static const struct holiday national_day_2023 = {
    .rest = {"2023-09-29", "2023-10-01", "2023-10-02", "2023-10-06"},
    .work = {"2023-09-28", "2023-10-07", "2023-10-08", "2023-10-09"},
    .adds = {{"2023-09-28", 2, "2023-10-07"},
             {"2023-09-28", 3, "2023-10-08"},
             {"2023-10-07", 3, "2023-10-09"},
             {"2023-09-29", 1, "2023-10-07"}},
    .next = {{"2023-09-28", "2023-10-07"}, {"2023-10-07", "2023-10-08"}},
    .counts = {{"2023-09-25", "2023-10-10", 8}},
};

/* National Day 2024: make-up Sun 09-29, holiday 10-01..10-07, make-up Sat 10-12. */
static const struct holiday national_day_2024 = {
    .rest = {"2024-09-28", "2024-10-01", "2024-10-04", "2024-10-07", "2024-10-13"},
    .work = {"2024-09-29", "2024-09-30", "2024-10-08", "2024-10-12"},
    .adds = {{"2024-09-27", 3, "2024-09-30"}, /* Fri, Sun make-up, Mon */
             {"2024-09-27", 4, "2024-10-08"},
             {"2024-10-08", 5, "2024-10-12"},
             {"2024-09-28", 1, "2024-09-29"}},
    .next = {{"2024-09-30", "2024-10-08"}},
    .counts = {{"2024-09-28", "2024-10-13", 7}},
};

/* National Day and Mid-Autumn 2025: make-up Sun 09-28, holiday 10-01..10-08, make-up Sat 10-11. */
static const struct holiday national_day_2025 = {
    .rest = {"2025-09-27", "2025-10-01", "2025-10-06", "2025-10-08", "2025-10-12"},
    .work = {"2025-09-28", "2025-09-29", "2025-09-30", "2025-10-09", "2025-10-10", "2025-10-11"},
    .adds = {{"2025-09-26", 4, "2025-09-30"},
             {"2025-09-26", 5, "2025-10-09"},
             {"2025-10-09", 3, "2025-10-11"},
             {"2025-09-27", 1, "2025-09-28"}},
    .next = {{"2025-09-30", "2025-10-09"}, {"2025-10-10", "2025-10-11"}},
    .counts = {{"2025-09-27", "2025-10-12", 6}},
};

#define HOLIDAY_TEST(h)                                                                            \
	{                                                                                          \
		"test_" #h, test_holiday, NULL, NULL, (void *)&h                                   \
	}

/* Whole years: 2024 had 251 working days. */
static void test_year_totals(void **state)
{
	(void)state;
	assert_int_equal(cal_count_working_days(&cn, D("2023-01-01"), D("2023-12-31")), 249);
	assert_int_equal(cal_count_working_days(&cn, D("2024-01-01"), D("2024-12-31")), 251);
	assert_int_equal(cal_count_working_days(&cn, D("2025-01-01"), D("2025-12-31")), 248);
	assert_int_equal(cal_count_working_days(&cn, D("2026-01-01"), D("2026-12-31")), 248);
	assert_int_equal(cal_count_working_days(&cn, D("2024-02-20"), D("2024-02-19")), 0);
}

/* 2027 has no data: weekends only, and cal_has_year says so. */
static void test_year_without_data(void **state)
{
	(void)state;
	assert_false(cal_has_year(&cn, 2027));
	assert_false(cal_has_year(&cn, 2021));
	assert_false(cal_has_year(&cn, 2028));
	for (int y = 2023; y <= 2026; y++)
		assert_true(cal_has_year(&cn, y));
	assert_true(cal_has_year(&cn, 2022)); /* its 12-31 opens the 2023 New Year holiday */
	assert_int_equal(cal_count_working_days(&cn, D("2027-01-01"), D("2027-12-31")), 261);
	assert_true(cal_is_working_day(&cn, D("2027-01-01"))); /* New Year, a Friday */
	assert_true(cal_is_working_day(&cn, D("2027-10-01")));
	assert_false(cal_is_working_day(&cn, D("2027-02-06"))); /* a Saturday */
	static const struct add_case ADD[] = {
	    {"2027-02-05", 2, "2027-02-08"}, {"2027-09-30", 2, "2027-10-01"},
	    {"2027-10-01", 1, "2027-10-01"}, {"2027-01-01", 1, "2027-01-01"},
	    {"2026-12-30", 5, "2027-01-05"}, /* crosses into the year without data */
	    {"2022-12-30", 2, "2023-01-03"}, /* crosses the 2023 New Year holiday */
	};
	expect_adds(ADD, N(ADD));
	expect_date(cal_next_working_day(&cn, D("2027-02-05")), "2027-02-08");
	expect_date(cal_next_working_day(&cn, D("2026-12-31")), "2027-01-01");
}

static void test_empty_calendar(void **state)
{
	(void)state;
	calendar empty = {NULL, 0};
	assert_false(cal_has_year(&empty, 2024));
	assert_false(cal_has_year(NULL, 2024));
	assert_true(cal_is_working_day(&empty, D("2024-02-12")));
	assert_true(cal_is_working_day(NULL, D("2024-02-12")));
	assert_false(cal_is_working_day(NULL, D("2024-02-18")));
	expect_date(cal_add_working_days(NULL, D("2024-02-08"), 5), "2024-02-14");
	expect_date(cal_next_working_day(&empty, D("2024-02-09")), "2024-02-12");
	assert_int_equal(cal_count_working_days(NULL, D("2024-02-01"), D("2024-02-29")), 21);
}

/* n below 1 counts as 1; a huge n is cheap and exact. */
static void test_add_edges(void **state)
{
	(void)state;
	expect_date(cal_add_working_days(&cn, D("2024-02-10"), 0), "2024-02-18");
	expect_date(cal_add_working_days(&cn, D("2024-02-10"), -5), "2024-02-18");
	expect_date(cal_add_working_days(&cn, D("2024-02-10"), INT_MIN), "2024-02-18");
	expect_date(cal_add_working_days(&cn, D("2024-01-01"), 1000000), "5857-03-17");
	cal_date start = D("2024-01-01");
	cal_date end = cal_add_working_days(&cn, start, INT_MAX);
	assert_int_equal(cal_count_working_days(&cn, start, end), INT_MAX);
	assert_true(cal_is_working_day(&cn, end));
	assert_int_equal(cal_count_working_days(&cn, start, cal_from_days(cal_days(end) - 1)),
	                 INT_MAX - 1);
}

/* The fast paths against a day-by-day walk, for every start from 2022-12 to 2028-01. */
static void test_against_naive_walk(void **state)
{
	(void)state;
	for (long s = cal_days(D("2022-12-01")); s <= cal_days(D("2028-01-31")); s++) {
		cal_date start = cal_from_days(s);
		long d = s;
		while (!cal_is_working_day(&cn, cal_from_days(d)))
			d++;
		int seen = 0;
		for (int n = 1; n <= 25; n++) {
			if (n > 1)
				do
					d++;
				while (!cal_is_working_day(&cn, cal_from_days(d)));
			assert_int_equal(cal_days(cal_add_working_days(&cn, start, n)), d);
		}
		long nd = s + 1;
		while (!cal_is_working_day(&cn, cal_from_days(nd)))
			nd++;
		assert_int_equal(cal_days(cal_next_working_day(&cn, start)), nd);
		for (int k = 0; k <= 40; k++) {
			if (cal_is_working_day(&cn, cal_from_days(s + k)))
				seen++;
			assert_int_equal(cal_count_working_days(&cn, start, cal_from_days(s + k)),
			                 seen);
		}
	}
}

/* --- the CSV ----------------------------------------------------------------------------- */

#define HEADER "date,kind,name,source\n"

static void expect_bad(const char *text, int line)
{
	cal_special out[8];
	int bad = -7;
	int n = cal_parse_csv(text, out, N(out), &bad);
	if (n != -1 || bad != line)
		fail_msg("returned %d, bad line %d, want -1 at line %d:\n%s", n, bad, line, text);
}

static void test_csv_rejects(void **state)
{
	(void)state;
	expect_bad(HEADER "2024-02-10,holday,春节,x\n", 2);  /* unknown kind */
	expect_bad(HEADER "2024-02-10,Holiday,春节,x\n", 2); /* kinds are lowercase */
	expect_bad(HEADER "2024-02-10,,春节,x\n", 2);
	expect_bad(HEADER "2024-02-10,holiday,春节\n", 2);     /* three fields */
	expect_bad(HEADER "2024-02-10,holiday,春节,x,y\n", 2); /* five fields */
	expect_bad(HEADER "2024-02-10\n", 2);
	expect_bad(HEADER "2024-02-30,holiday,a,b\n", 2); /* no such day */
	expect_bad(HEADER "2023-02-29,holiday,a,b\n", 2); /* not a leap year */
	expect_bad(HEADER "2024-2-10,holiday,a,b\n", 2);
	expect_bad(HEADER " 2024-02-10,holiday,a,b\n", 2);
	expect_bad(HEADER ",holiday,a,b\n", 2);
	expect_bad(HEADER "2024-02-10,holiday,\"a,b\n", 2);    /* unterminated quote */
	expect_bad(HEADER "2024-02-10,holiday,\"a\"b,c\n", 2); /* text after the quote */
	expect_bad(HEADER "2024-02-10,holiday,a\"b,c\n", 2);   /* quote in a bare field */
	expect_bad(HEADER "2024-02-19,workday,a,b\n", 2);      /* a Monday is already working */
	expect_bad("", 1);                                     /* no header */
	expect_bad("2024-02-10,holiday,a,b\n", 1);
	expect_bad("date,kind,name\n", 1);
	expect_bad("Date,Kind,Name,Source\n", 1);
	/* line numbers count the header, blank lines and CRLF lines */
	expect_bad(HEADER "2024-02-10,holiday,a,b\n\n2024-02-11,holiday,a,b\nbad line\n", 5);
	expect_bad("date,kind,name,source\r\n2024-02-10,holiday,a,b\r\n2024-02-11,x,a,b\r\n", 3);
	/* a date given twice, even with the same kind */
	expect_bad(
	    HEADER "2024-02-10,holiday,a,b\n2024-02-11,holiday,a,b\n2024-02-10,holiday,a,b\n", 4);
	/* more rows than fit */
	cal_special two[2];
	int bad = 0;
	assert_int_equal(cal_parse_csv(HEADER "2024-02-10,holiday,a,b\n2024-02-11,holiday,a,b\n"
	                                      "2024-02-12,holiday,a,b\n",
	                               two, 2, &bad),
	                 -1);
	assert_int_equal(bad, 4);
	assert_int_equal(cal_parse_csv(NULL, two, 2, &bad), -1);
	assert_int_equal(cal_parse_csv(HEADER "x\n", two, 2, NULL), -1); /* bad_line optional */
}

static void test_csv_accepts(void **state)
{
	(void)state;
	cal_special out[8];
	int bad = -7;
	/* a BOM, CRLF, quoted fields with commas and "" escapes, unsorted rows, no final newline */
	const char *text =
	    "\xEF\xBB\xBF"
	    "date,kind,name,source\r\n"
	    "2024-02-18,workday,春节调休上班,\"国办发明电〔2023〕7号, 2023-10-25\"\r\n"
	    "\r\n"
	    "\"2024-02-10\",\"holiday\",\"春节 \"\"除夕后\"\"\",\r\n"
	    "2024-02-04,workday,,";
	assert_int_equal(cal_parse_csv(text, out, N(out), &bad), 3);
	assert_int_equal(bad, 0);
	expect_date(out[0].date, "2024-02-04");
	assert_int_equal(out[0].kind, CAL_DAY_WORKDAY);
	expect_date(out[1].date, "2024-02-10");
	assert_int_equal(out[1].kind, CAL_DAY_HOLIDAY);
	expect_date(out[2].date, "2024-02-18");
	assert_int_equal(out[2].kind, CAL_DAY_WORKDAY);
	/* the header alone, with or without a newline */
	assert_int_equal(cal_parse_csv(HEADER, out, N(out), &bad), 0);
	assert_int_equal(cal_parse_csv("date,kind,name,source", out, N(out), &bad), 0);
	assert_int_equal(cal_parse_csv("date,kind,name,source", NULL, 0, &bad), 0);
	/* exactly full */
	assert_int_equal(
	    cal_parse_csv(HEADER "2024-02-10,holiday,a,b\n2024-02-11,holiday,a,b\n", out, 2, NULL),
	    2);
	/* a holiday may fall on a weekend (it changes nothing, but is what the notice says) */
	assert_int_equal(cal_parse_csv(HEADER "2024-02-11,holiday,春节,x\n", out, N(out), &bad), 1);
}

TEST_MAIN("core_calendar", load_shipped_calendar, NULL, cmocka_unit_test(test_parse_valid),
          cmocka_unit_test(test_parse_invalid), cmocka_unit_test(test_format),
          cmocka_unit_test(test_days_and_weekday), cmocka_unit_test(test_days_round_trip),
          cmocka_unit_test(test_cst), cmocka_unit_test(test_shipped_file),
          cmocka_unit_test(test_is_working_day_matches_table), HOLIDAY_TEST(spring_festival_2024),
          HOLIDAY_TEST(spring_festival_2025), HOLIDAY_TEST(spring_festival_2026),
          HOLIDAY_TEST(national_day_2023), HOLIDAY_TEST(national_day_2024),
          HOLIDAY_TEST(national_day_2025), cmocka_unit_test(test_year_totals),
          cmocka_unit_test(test_year_without_data), cmocka_unit_test(test_empty_calendar),
          cmocka_unit_test(test_add_edges), cmocka_unit_test(test_against_naive_walk),
          cmocka_unit_test(test_csv_rejects), cmocka_unit_test(test_csv_accepts))
