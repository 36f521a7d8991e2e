/* What the tests of dates share: the shipped working-day calendar (data/cn-holidays.csv,
 * 2022-12-31 and 2023–2026) loaded once as a group setup, a date from its text, and a check
 * of a date against its text. Include it after support.h. */
#ifndef BAOTU_TESTS_UNIT_CORE_SHIPPED_CALENDAR_H
#define BAOTU_TESTS_UNIT_CORE_SHIPPED_CALENDAR_H
#include "core/calendar.h"

static char csv_text[64 * 1024];
static cal_special days[512];
static calendar cn; /* the shipped calendar */

static int load_shipped_calendar(void **state)
{
	(void)state;
	if (read_source_file("data/cn-holidays.csv", csv_text, sizeof csv_text) < 0)
		return -1;
	int bad = -1;
	int count = cal_parse_csv(csv_text, days, sizeof(days) / sizeof(days[0]), &bad);
	if (count < 0) {
		fprintf(stderr, "cn-holidays.csv: malformed line %d\n", bad);
		return -1;
	}
	cn = (calendar){days, (size_t)count};
	return 0;
}

static cal_date D(const char *s)
{
	cal_date d = {0, 0, 0};
	assert_int_equal(cal_parse(s, &d), 0);
	return d;
}

static void expect_date(cal_date got, const char *want)
{
	char buf[11];
	cal_format(got, buf);
	assert_string_equal(buf, want);
}
#endif
