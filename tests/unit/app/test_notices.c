/* The public notice against a real store (§4.2): the calendar seeded once, a notice period
 * counted across National Day with its make-up working day, the launch guard in each of its
 * refusals, a period reaching a year the calendar lacks, and the calendar's year edits. */
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

#include "app/calendar.h"
#include "app/notices_internal.h"
#include "core/calendar.h"
#include "lib/time.h"
#include "store/store.h"
#include "store_fixture.h"
#include "support.h"

typedef struct fixture {
	store_fixture s;
	int64_t project, project2;
} fixture;

static void exec(fixture *f, const char *sql)
{
	store_fixture_exec(&f->s, sql);
}
static int64_t scalar(fixture *f, const char *sql)
{
	err e;
	store_conn *c = store_acquire(f->s.st, &e);
	store_result *r;
	assert_int_equal(store_q(c, f->s.a, &e, &r, sql, ""), 0);
	int64_t v = r->nrows ? strtoll(r->vals[0] ? r->vals[0] : "0", NULL, 10) : -1;
	store_release(c);
	return v;
}

static const char *CONTENT =
    "{\"summary\":\"s\",\"scenarios\":[{\"name\":\"n\",\"description\":\"d\","
    "\"provider_institution_id\":1}],\"technologies\":[\"cloud\"],\"service_content\":\"sc\","
    "\"risk_controls\":\"rc\",\"investor_protection\":{\"complaint_channel\":\"cc\","
    "\"dispute_handling\":\"dh\",\"compensation\":\"co\",\"internal\":\"x\"},"
    "\"emergency_plan\":\"PRIVATE\"}";

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	store_fixture_open(&f->s);
	store_fixture_add_officer(&f->s);
	exec(f,
	     "INSERT INTO institutions (name, credit_code, kind, registered_province, "
	     "registered_city, main_office_city, national, jinan_branch, created_at, updated_at) "
	     "VALUES ('甲证券', 'C1', 'securities_company', '山东省', '济南市', '济南市', 0, 0, 1, "
	     "1)");
	char *sql;
	for (int i = 0; i < 2; i++) {
		assert_true(
		    asprintf(&sql,
		             "INSERT INTO projects (track, state, name, content, created_by, "
		             "created_at, updated_at) VALUES ('pilot', 'public_notice', 'P%d', "
		             "'%s', 1, 1, 1)",
		             i, CONTENT) > 0);
		exec(f, sql);
		free(sql);
	}
	f->project = 1;
	f->project2 = 2;
	exec(f, "INSERT INTO project_members (project_id, institution_id, lead, role) VALUES "
	        "(1, 1, 1, '运营'), (2, 1, 1, '运营')");
	*state = f;
	return 0;
}

#define OFFICER FIXTURE_OFFICER

static int create(fixture *f, int64_t project, json_t **out, err *e)
{
	store_conn *c = store_acquire(f->s.st, e);
	assert_int_equal(store_begin_write(c, e), 0);
	int rc = notice_create(c, f->s.a, &OFFICER, project, out, e);
	if (rc == 0)
		assert_int_equal(store_commit(c, e), 0);
	else
		store_rollback(c);
	store_release(c);
	return rc;
}

static int launch_check(fixture *f, const char *today, err *e)
{
	store_conn *c = store_acquire(f->s.st, e);
	assert_int_equal(store_begin(c, e), 0);
	err_clear(e);
	int rc = notice_launch_check(c, f->s.a, f->project, today, e);
	store_rollback(c);
	store_release(c);
	return rc;
}

static void test_seeded_once(void **state)
{
	fixture *f = *state;
	err e;
	int64_t days = scalar(f, "SELECT count(*) FROM calendar_days");
	assert_true(days > 100);
	assert_int_equal(calendar_seed_if_empty(&f->s.ap, &e), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM calendar_days"), days);
	assert_int_equal(scalar(f, "SELECT count(*) FROM events WHERE kind = 'calendar.imported'"),
	                 1);
	/* an admin emptying the table does not bring the import back */
	exec(f, "DELETE FROM calendar_days");
	assert_int_equal(calendar_seed_if_empty(&f->s.ap, &e), 0);
	assert_int_equal(scalar(f, "SELECT count(*) FROM calendar_days"), 0);
}

static void test_notice_across_national_day(void **state)
{
	fixture *f = *state;
	err e;
	err_clear(&e);
	json_t *n = NULL;
	/* Tuesday 2026-09-29: 29th, 30th, (1-7 October off), 8th, 9th, and Saturday the 10th, a
	 * make-up working day, is the fifth */
	time_set_override(cst_ten_am(2026, 9, 29));
	assert_int_equal(create(f, f->project, &n, &e), 0);
	assert_string_equal(json_string_value(json_object_get(n, "opens_on")), "2026-09-29");
	assert_string_equal(json_string_value(json_object_get(n, "closes_on")), "2026-10-10");
	assert_int_equal(json_integer_value(json_object_get(n, "working_days")), 5);
	/* the public fields only, with the provider's name */
	json_t *sc = json_array_get(json_object_get(n, "scenarios"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(sc, "provider"), "name")), "甲证券");
	assert_null(json_object_get(n, "emergency_plan"));
	assert_null(json_object_get(json_object_get(n, "investor_protection"), "internal"));
	char *dump = json_dumps(n, 0);
	assert_null(strstr(dump, "PRIVATE"));
	free(dump);
	json_decref(n);
	assert_int_equal(scalar(f, "SELECT count(*) FROM events WHERE kind = 'notice.published'"),
	                 1);
	/* once only */
	assert_int_equal(create(f, f->project, NULL, &e), -1);
	assert_int_equal(e.status, 409);
	assert_string_equal(e.code, "invalid_state");
	assert_int_equal(create(f, 99, NULL, &e), -1);
	assert_int_equal(e.status, 404);
}

static void assert_ids(err *e, const char *key, json_int_t first, size_t n)
{
	json_t *ids = json_object_get(e->details, key);
	assert_int_equal(json_array_size(ids), n);
	assert_int_equal(json_integer_value(json_array_get(ids, 0)), first);
}

static void test_launch_guard(void **state)
{
	fixture *f = *state;
	err e;
	err_clear(&e);
	time_set_override(cst_ten_am(2026, 9, 29));
	assert_int_equal(create(f, f->project, NULL, &e), 0);
	/* the last day of the period is refused; the first launch day is the next working day */
	assert_int_equal(launch_check(f, "2026-10-10", &e), -1);
	assert_int_equal(e.status, 422);
	assert_string_equal(e.code, "notice_period_open");
	assert_string_equal(json_string_value(json_object_get(e.details, "closes_on")),
	                    "2026-10-10");
	assert_string_equal(json_string_value(json_object_get(e.details, "first_launch_day")),
	                    "2026-10-12");
	err_free_details(&e);
	assert_int_equal(launch_check(f, "2026-09-30", &e), -1);
	err_free_details(&e);
	/* no comment at all: the day after the period is fine */
	assert_int_equal(launch_check(f, "2026-10-11", &e), 0);

	exec(f, "INSERT INTO comments (notice_id, body, address_hash, created_at) VALUES "
	        "(1, 'a', 'h', 1), (1, 'b', 'h', 1)");
	assert_int_equal(launch_check(f, "2026-10-12", &e), -1);
	assert_string_equal(e.code, "comments_unreviewed");
	assert_ids(&e, "comment_ids", 1, 2);
	err_free_details(&e);
	/* moderated but unclassified still counts as unreviewed */
	exec(f, "UPDATE comments SET status = 'published'");
	exec(f, "UPDATE comments SET classification = 'ordinary' WHERE id = 1");
	assert_int_equal(launch_check(f, "2026-10-12", &e), -1);
	assert_string_equal(e.code, "comments_unreviewed");
	assert_ids(&e, "comment_ids", 2, 1);
	err_free_details(&e);
	exec(f, "UPDATE comments SET classification = 'major_risk' WHERE id = 2");
	assert_int_equal(launch_check(f, "2026-10-12", &e), -1);
	assert_string_equal(e.code, "major_risk_unanswered");
	assert_ids(&e, "comment_ids", 2, 1);
	err_free_details(&e);
	/* a response without compensation is no answer (§4.2) */
	exec(f, "UPDATE comments SET response = '{\"response\":\"r\",\"safeguards\":\"s\","
	        "\"compensation\":\"  \"}' WHERE id = 2");
	assert_int_equal(launch_check(f, "2026-10-12", &e), -1);
	assert_string_equal(e.code, "major_risk_unanswered");
	err_free_details(&e);
	exec(f, "UPDATE comments SET response = '{\"response\":\"r\",\"safeguards\":\"s\","
	        "\"compensation\":\"c\"}' WHERE id = 2");
	assert_int_equal(launch_check(f, "2026-10-12", &e), 0);
	/* a hidden comment must still be classified, and then counts like any other */
	exec(f, "INSERT INTO comments (notice_id, body, address_hash, created_at, status) VALUES "
	        "(1, 'spam', 'h', 1, 'hidden')");
	assert_int_equal(launch_check(f, "2026-10-12", &e), -1);
	assert_string_equal(e.code, "comments_unreviewed");
	err_free_details(&e);
	exec(f, "UPDATE comments SET classification = 'ordinary' WHERE id = 3");
	assert_int_equal(launch_check(f, "2026-10-12", &e), 0);
	/* no notice at all */
	store_conn *c = store_acquire(f->s.st, &e);
	assert_int_equal(notice_launch_check(c, f->s.a, f->project2, "2026-10-12", &e), -1);
	assert_int_equal(e.status, 409);
	store_release(c);
}

static void test_period_into_a_missing_year(void **state)
{
	fixture *f = *state;
	err e;
	err_clear(&e);
	/* Monday 2026-12-28: five working days end in 2027, which the shipped data lacks */
	time_set_override(cst_ten_am(2026, 12, 28));
	assert_int_equal(create(f, f->project2, NULL, &e), -1);
	assert_int_equal(e.status, 422);
	assert_string_equal(e.code, "calendar_incomplete");
	assert_int_equal(json_integer_value(json_object_get(e.details, "year")), 2027);
	err_free_details(&e);
	assert_int_equal(scalar(f, "SELECT count(*) FROM notices"), 0);
	/* an admin enters 2027: New Year's Day off */
	json_error_t je;
	json_t *body = json_loads("{\"days\":[{\"date\":\"2027-01-01\",\"kind\":\"holiday\","
	                          "\"name\":\"元旦\"}]}",
	                          0, &je);
	json_t *out = NULL;
	actor admin = {1, "u", ROLE_ADMIN, 0, "user:1"};
	assert_int_equal(calendar_year_put(&f->s.ap, f->s.a, &admin, 2027, body, &out, &e), 0);
	assert_true(json_is_true(json_object_get(out, "complete")));
	json_decref(out);
	json_decref(body);
	json_t *n = NULL;
	assert_int_equal(create(f, f->project2, &n, &e), 0);
	/* 28, 29, 30, 31 December, (1 January off), Monday 4 January */
	assert_string_equal(json_string_value(json_object_get(n, "closes_on")), "2027-01-04");
	json_decref(n);
}

static void test_working_days_setting(void **state)
{
	fixture *f = *state;
	err e;
	err_clear(&e);
	time_set_override(cst_ten_am(2026, 3, 2)); /* Monday */
	exec(f, "INSERT INTO settings (key, value) VALUES ('notice_working_days', '10')");
	json_t *n = NULL;
	assert_int_equal(create(f, f->project, &n, &e), 0);
	assert_string_equal(json_string_value(json_object_get(n, "closes_on")), "2026-03-13");
	assert_int_equal(json_integer_value(json_object_get(n, "working_days")), 10);
	json_decref(n);
	exec(f, "UPDATE settings SET value = 'ten' WHERE key = 'notice_working_days'");
	assert_int_equal(create(f, f->project2, NULL, &e), -1);
	assert_string_equal(e.code, "invalid_setting");
}

static void put_fails(fixture *f, const char *json, const char *code, const char *field)
{
	err e;
	err_clear(&e);
	json_error_t je;
	json_t *body = json_loads(json, 0, &je), *out = NULL;
	assert_non_null(body);
	actor admin = {1, "u", ROLE_ADMIN, 0, "user:1"};
	assert_int_equal(calendar_year_put(&f->s.ap, f->s.a, &admin, 2027, body, &out, &e), -1);
	assert_null(out);
	assert_string_equal(e.code, code);
	if (field)
		assert_string_equal(e.field, field);
	json_decref(body);
}

static void test_calendar_year_validation(void **state)
{
	fixture *f = *state;
	put_fails(f, "{}", "missing_field", "days");
	put_fails(f, "{\"days\":[1]}", "invalid_type", "days[0]");
	put_fails(f, "{\"days\":[{\"date\":\"2027-1-1\",\"kind\":\"holiday\"}]}", "invalid_value",
	          "days[0].date");
	put_fails(f, "{\"days\":[{\"date\":\"2028-01-01\",\"kind\":\"holiday\"}]}", "invalid_value",
	          "days[0].date");
	put_fails(f, "{\"days\":[{\"date\":\"2027-01-01\",\"kind\":\"Holiday\"}]}", "invalid_value",
	          "days[0].kind");
	/* 2027-02-08 is a Monday; 2027-02-06 a Saturday */
	put_fails(
	    f,
	    "{\"days\":[{\"date\":\"2027-02-06\",\"kind\":\"workday\"},{\"date\":\"2027-02-08\","
	    "\"kind\":\"workday\"}]}",
	    "invalid_value", "days[1].kind");
	put_fails(
	    f,
	    "{\"days\":[{\"date\":\"2027-03-01\",\"kind\":\"holiday\"},{\"date\":\"2027-01-01\","
	    "\"kind\":\"holiday\"},{\"date\":\"2027-03-01\",\"kind\":\"holiday\"}]}",
	    "duplicate_date", "days[2].date");
	put_fails(f, "{\"days\":[],\"why\":\"x\"}", "unknown_field", "why");
	assert_int_equal(scalar(f, "SELECT count(*) FROM events WHERE kind = 'calendar.changed'"),
	                 0);
}

static void test_parse_year_and_text(void **state)
{
	assert_int_equal(calendar_parse_year("2026"), 2026);
	assert_int_equal(calendar_parse_year("1000"), 1000);
	assert_int_equal(calendar_parse_year("0999"), -1);
	assert_int_equal(calendar_parse_year("202"), -1);
	assert_int_equal(calendar_parse_year("20266"), -1);
	assert_int_equal(calendar_parse_year("20a6"), -1);
	assert_int_equal(calendar_parse_year("+202"), -1);
	assert_int_equal(calendar_parse_year(NULL), -1);
	assert_false(notice_text_present(NULL));
	assert_false(notice_text_present(""));
	assert_false(notice_text_present(" \t\r\n"));
	assert_false(notice_text_present("\xe3\x80\x80 \xe3\x80\x80"));
	assert_true(notice_text_present(" 好 "));
	assert_true(notice_text_present("\xe3\x80\x80x"));
}

TEST_MAIN("app_notices", NULL, NULL, STORE_FIXTURE_TEST(test_seeded_once),
          STORE_FIXTURE_TEST(test_notice_across_national_day),
          STORE_FIXTURE_TEST(test_launch_guard),
          STORE_FIXTURE_TEST(test_period_into_a_missing_year),
          STORE_FIXTURE_TEST(test_working_days_setting),
          STORE_FIXTURE_TEST(test_calendar_year_validation),
          cmocka_unit_test(test_parse_year_and_text))
