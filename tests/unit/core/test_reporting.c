/* The periods and dates of reporting obligations (§4.3.2), on the shipped calendar. Every
 * expected date was derived from data/cn-holidays.csv with a naive day-by-day count in
 * python3's datetime. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/reporting.h"
#include "support.h"
#include "shipped_calendar.h"

static void kinds_parse_and_name(void **state)
{
	(void)state;
	static const struct {
		const char *id;
		int rc;
		reporting_kind kind;
	} cases[] = {{"monthly", 0, REPORTING_MONTHLY},
	             {"quarterly", 0, REPORTING_QUARTERLY},
	             {"annual", 0, REPORTING_ANNUAL},
	             {"adhoc", -1, 0},
	             {"Monthly", -1, 0},
	             {NULL, -1, 0}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		reporting_kind k = (reporting_kind)99;
		assert_int_equal(reporting_kind_parse(cases[i].id, &k), cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(k, cases[i].kind);
	}
	assert_string_equal(reporting_kind_id(REPORTING_QUARTERLY), "quarterly");
	assert_null(reporting_kind_id((reporting_kind)8));
}

static void period_of_a_day(void **state)
{
	(void)state;
	reporting_period p = reporting_period_of(REPORTING_MONTHLY, D("2024-02-10"));
	assert_string_equal(p.id, "2024-02");
	expect_date(p.start, "2024-02-01");
	expect_date(p.end, "2024-02-29"); /* a leap year */
	p = reporting_period_of(REPORTING_MONTHLY, D("2026-02-28"));
	expect_date(p.end, "2026-02-28");
	p = reporting_period_of(REPORTING_QUARTERLY, D("2026-08-15"));
	assert_string_equal(p.id, "2026-Q3");
	expect_date(p.start, "2026-07-01");
	expect_date(p.end, "2026-09-30");
	p = reporting_period_of(REPORTING_QUARTERLY, D("2026-12-31"));
	assert_string_equal(p.id, "2026-Q4");
	expect_date(p.end, "2026-12-31");
	p = reporting_period_of(REPORTING_ANNUAL, D("2025-06-01"));
	assert_string_equal(p.id, "2025");
	expect_date(p.start, "2025-01-01");
	expect_date(p.end, "2025-12-31");
}

/* A pilot launched on 2026-07-13, asked about on 2026-11-30: the periods that ended on or
 * after the launch (the one it launched in counts), none still running. */
static void periods_since_launch(void **state)
{
	(void)state;
	reporting_period p[REPORTING_MAX_PERIODS];
	int n = reporting_periods_ended(REPORTING_KINDS_ALL, D("2026-07-13"), D("2026-11-30"), p,
	                                REPORTING_MAX_PERIODS);
	const char *want[] = {"2026-07", "2026-08", "2026-09", "2026-Q3", "2026-10"};
	assert_int_equal(n, 5);
	for (int i = 0; i < n; i++)
		assert_string_equal(p[i].id, want[i]);
	assert_int_equal(p[3].kind, REPORTING_QUARTERLY);
	/* the last day of a month is still inside it; the day after, the month is owed */
	assert_int_equal(reporting_periods_ended(REPORTING_MONTHLY, D("2026-07-13"),
	                                         D("2026-07-31"), p, REPORTING_MAX_PERIODS),
	                 0);
	assert_int_equal(reporting_periods_ended(REPORTING_MONTHLY, D("2026-07-13"),
	                                         D("2026-08-01"), p, REPORTING_MAX_PERIODS),
	                 1);
	assert_string_equal(p[0].id, "2026-07");
	/* launched on the last day of a quarter: that quarter is owed, the one before is not */
	n = reporting_periods_ended(REPORTING_QUARTERLY | REPORTING_ANNUAL, D("2025-12-31"),
	                            D("2026-04-02"), p, REPORTING_MAX_PERIODS);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].id, "2025-Q4");
	assert_string_equal(p[1].id, "2025");
	assert_string_equal(p[2].id, "2026-Q1");
	/* no kind, or a launch in the future: nothing */
	assert_int_equal(
	    reporting_periods_ended(0, D("2020-01-01"), D("2026-11-30"), p, REPORTING_MAX_PERIODS),
	    0);
	assert_int_equal(reporting_periods_ended(REPORTING_KINDS_ALL, D("2027-01-01"),
	                                         D("2026-11-30"), p, REPORTING_MAX_PERIODS),
	                 0);
}

/* A launch long ago is bounded: at most REPORTING_MAX_YEARS back, and the count says how many
 * there were when the room was short. */
static void periods_bounded(void **state)
{
	(void)state;
	reporting_period p[REPORTING_MAX_PERIODS];
	int n = reporting_periods_ended(REPORTING_KINDS_ALL, D("1990-01-01"), D("2026-11-30"), p,
	                                REPORTING_MAX_PERIODS);
	assert_true(n <= REPORTING_MAX_PERIODS);
	assert_string_equal(p[0].id, "2006-01");
	assert_string_equal(p[n - 1].id, "2026-10");
	reporting_period few[3];
	assert_int_equal(
	    reporting_periods_ended(REPORTING_MONTHLY, D("2026-01-01"), D("2026-11-30"), few, 3),
	    10);
	assert_string_equal(few[2].id, "2026-03");
}

/* Due n working days after the period ends, over weekends, the National Day holiday and its
 * make-up working days; reminded and escalated n working days before or after a day. */
static void due_reminder_and_escalation_dates(void **state)
{
	(void)state;
	static const struct {
		cal_date (*count)(const calendar *, cal_date, int);
		const char *from;
		int n;
		const char *want;
	} counts[] = {
	    {reporting_after, "2026-07-31", 10, "2026-08-14"},
	    {reporting_after, "2026-09-30", 10, "2026-10-20"},
	    {reporting_after, "2025-12-31", 10, "2026-01-15"},
	    {reporting_after, "2026-01-31", 5, "2026-02-06"},
	    {reporting_after, "2024-09-30", 1, "2024-10-08"},
	    {reporting_after, "2024-09-30", 0, "2024-10-08"}, /* counts as 1 */
	    /* a year the calendar has no data for counts weekends only */
	    {reporting_after, "2026-12-31", 10, "2027-01-14"},
	    {reporting_before, "2026-08-14", 3, "2026-08-11"},
	    {reporting_before, "2026-10-15", 3, "2026-10-12"},
	    {reporting_before, "2026-10-09", 3, "2026-09-29"},
	    {reporting_before, "2025-02-05", 3, "2025-01-24"},
	};
	for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
		expect_date(counts[i].count(&cn, D(counts[i].from), counts[i].n), counts[i].want);
	reporting_dates d = reporting_dates_of(&cn, D("2026-09-30"), 3, 5);
	expect_date(d.due, "2026-09-30");
	expect_date(d.remind_on, "2026-09-24");
	expect_date(d.escalate_after, "2026-10-13");
}

TEST_MAIN("core_reporting", load_shipped_calendar, NULL, cmocka_unit_test(kinds_parse_and_name),
          cmocka_unit_test(period_of_a_day), cmocka_unit_test(periods_since_launch),
          cmocka_unit_test(periods_bounded), cmocka_unit_test(due_reminder_and_escalation_dates))
