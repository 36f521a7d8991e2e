/* Complaints against a real store (§4.3): the response deadline counted on the working-day
 * calendar (across National Day and its make-up working day, into a year the calendar lacks,
 * with the setting), and the figures: counts by status, overdue, resolved late and the median
 * days to resolve. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/complaints.h"
#include "core/calendar.h"
#include "lib/time.h"
#include "store/store.h"
#include "store_fixture.h"
#include "support.h"

typedef struct fixture {
	store_fixture s;
} fixture;

static void exec(fixture *f, const char *sql)
{
	store_fixture_exec(&f->s, sql);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	store_fixture_open(&f->s);
	store_fixture_add_officer(&f->s);
	/* 1: a launched pilot on the public register; 2: a draft */
	exec(f, "INSERT INTO projects (track, state, name, content, created_by, created_at, "
	        "updated_at) VALUES ('pilot', 'launched', 'P', '{}', 1, 1, 1), ('pilot', 'draft', "
	        "'D', '{}', 1, 1, 1)");
	exec(f, "INSERT INTO notices (project_id, public, opens_on, closes_on, working_days, "
	        "created_at) VALUES (1, '{}', '2026-06-01', '2026-06-05', 5, 1)");
	*state = f;
	return 0;
}

#define OFFICER FIXTURE_OFFICER

/* Files a public complaint about project 1 at 10:00 CST on y-m-d: its due_on (static). */
static const char *file_on(fixture *f, int y, int m, int d)
{
	static char due[11];
	err e;
	err_clear(&e);
	time_set_override(cst_ten_am(y, m, d));
	json_t *body = json_pack("{s:i, s:s, s:s, s:s}", "project_id", 1, "name", "张三", "contact",
	                         "13800000000", "content", "投诉"),
	       *out = NULL;
	/* a different address each time: the rate limit is not what is tested here */
	char addr[32];
	snprintf(addr, sizeof addr, "10.0.%d.%d", m, d);
	assert_int_equal(complaint_file_public(&f->s.ap, f->s.a, body, addr, &out, &e), 0);
	snprintf(due, sizeof due, "%s", json_string_value(json_object_get(out, "due_on")));
	json_decref(body);
	json_decref(out);
	return due;
}

static void test_deadline_across_national_day(void **state)
{
	fixture *f = *state;
	/* Tuesday 2026-09-29: the 30th is the first working day after it; 1-7 October off; the
	 * 8th, 9th and Saturday the 10th (a make-up working day) are the 2nd to 4th; then five
	 * working days a week: the 15th is Monday the 26th */
	assert_string_equal(file_on(f, 2026, 9, 29), "2026-10-26");
	/* filed on a holiday, the count starts on the next working day */
	assert_string_equal(file_on(f, 2026, 10, 3), "2026-10-27");
}

static void test_deadline_into_a_missing_year(void **state)
{
	fixture *f = *state;
	/* the calendar has no 2027: weekends only, and the complaint is never refused for it */
	assert_string_equal(file_on(f, 2026, 12, 30), "2027-01-20");
}

static void test_deadline_setting(void **state)
{
	fixture *f = *state;
	exec(f,
	     "INSERT INTO settings (key, value) VALUES ('complaint_response_working_days', '5')");
	assert_string_equal(file_on(f, 2026, 9, 29), "2026-10-12");
	exec(f, "UPDATE settings SET value = '0' WHERE key = 'complaint_response_working_days'");
	err e;
	err_clear(&e);
	json_t *body = json_pack("{s:i, s:s, s:s, s:s}", "project_id", 1, "name", "n", "contact",
	                         "c", "content", "x"),
	       *out = NULL;
	assert_int_equal(complaint_file_public(&f->s.ap, f->s.a, body, "10.9.9.9", &out, &e), -1);
	assert_int_equal(e.status, 500);
	assert_string_equal(e.code, "invalid_setting");
	/* a draft is no pilot the public may complain about */
	exec(f, "UPDATE settings SET value = '15' WHERE key = 'complaint_response_working_days'");
	json_object_set_new(body, "project_id", json_integer(2));
	assert_int_equal(complaint_file_public(&f->s.ap, f->s.a, body, "10.9.9.8", &out, &e), -1);
	assert_int_equal(e.status, 404);
	assert_string_equal(e.field, "project_id");
	json_decref(body);
}

/* A complaint row filed on day `filed` (2026-12-d, 10:00 CST), due on `due`, resolved `after`
 * days later (0: still open). */
static void row(fixture *f, int n, int filed, const char *due, double after)
{
	char sql[512];
	int64_t t = cst_ten_am(2026, 12, filed);
	int64_t done = after > 0 ? t + (int64_t)(after * 86400e6) : 0;
	snprintf(sql, sizeof sql,
	         "INSERT INTO complaints (project_id, reference, secret_hash, channel, name, "
	         "contact, content, status, due_on, filed_at, resolved_at, updated_at) VALUES (1, "
	         "'TS-2026-%010d', 'h', 'public', 'n', 'c', 'x', '%s', '%s', %lld, %s, %lld)",
	         n, done ? "resolved" : "open", due, (long long)t,
	         done ? arena_printf(f->s.a, "%lld", (long long)done) : "NULL", (long long)t);
	exec(f, sql);
}

static json_t *stats(fixture *f)
{
	err e;
	err_clear(&e);
	json_t *s = complaint_stats(&f->s.ap, f->s.a, &OFFICER, 1, &e);
	assert_non_null(s);
	return s;
}

static long long num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void test_figures(void **state)
{
	fixture *f = *state;
	time_set_override(cst_ten_am(2026, 12, 20));
	json_t *s = stats(f);
	assert_int_equal(num(s, "total"), 0);
	assert_true(json_is_null(json_object_get(s, "median_days_to_resolve")));
	json_decref(s);
	row(f, 1, 1, "2026-12-22", 1.0);  /* resolved in a day */
	row(f, 2, 2, "2026-12-03", 3.25); /* resolved on the 5th: after its deadline */
	row(f, 3, 3, "2026-12-24", 10.0);
	row(f, 4, 4, "2026-12-19", 0); /* open, due yesterday: overdue */
	row(f, 5, 5, "2026-12-20", 0); /* open, due today: not yet */
	s = stats(f);
	assert_int_equal(num(s, "total"), 5);
	json_t *by = json_object_get(s, "by_status");
	assert_int_equal(num(by, "open"), 2);
	assert_int_equal(num(by, "resolved"), 3);
	assert_int_equal(num(by, "escalated"), 0);
	assert_int_equal(num(s, "overdue"), 1);
	assert_int_equal(num(s, "resolved_late"), 1);
	assert_int_equal(num(s, "response_working_days"), 15);
	/* 1, 3.25 and 10 days: the median is 3.25, to a tenth 3.3 */
	assert_true(json_real_value(json_object_get(s, "median_days_to_resolve")) == 3.3);
	json_decref(s);
	/* an even count: the mean of the middle two (3.25 and 10: 6.625, to a tenth 6.6) */
	row(f, 6, 6, "2026-12-28", 12.0);
	s = stats(f);
	assert_true(json_real_value(json_object_get(s, "median_days_to_resolve")) == 6.6);
	json_decref(s);
}

TEST_MAIN("app_complaints", NULL, NULL, STORE_FIXTURE_TEST(test_deadline_across_national_day),
          STORE_FIXTURE_TEST(test_deadline_into_a_missing_year),
          STORE_FIXTURE_TEST(test_deadline_setting), STORE_FIXTURE_TEST(test_figures))
