/* The dashboards' items (src/core/dashboard.c), §4.3: every kind has an id, a title translated
 * in both languages and a severity for at least one side; the scale holds (a breach and a late
 * initial report are critical for both sides, a passed deadline urgent, the working group sees
 * the institution's coming deadlines as information, the CSRC and the institution never see
 * each other's items, the administrator only the calendar); a dated deadline is past, soon or
 * later; its due time is the last microsecond of its day in China Standard Time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "core/dashboard.h"
#include "lib/i18n.h"
#include "support.h"

#define INST DASH_INSTITUTION
#define WG DASH_WORKING_GROUP

static void test_every_kind_is_complete(void **state)
{
	(void)state;
	for (int k = 0; k < DK__COUNT; k++) {
		const dash_kind_info *ki = &DASH_KINDS[k];
		assert_non_null(ki->id);
		assert_non_null(ki->title);
		if (!strcmp(tr(LANG_ZH, ki->title), ki->title))
			fail_msg("%s: no zh-CN translation of \"%s\"", ki->id, ki->title);
		int seen = 0;
		for (int s = 0; s < DASH__SIDES; s++) {
			int sev = dash_severity_of((dash_kind)k, (dash_side)s);
			assert_true(sev == DASH_NONE || (sev >= 0 && sev < DASH__SEVERITIES));
			seen += sev != DASH_NONE;
		}
		if (!seen)
			fail_msg("%s: no side sees it", ki->id);
		for (int j = 0; j < k; j++)
			assert_string_not_equal(ki->id, DASH_KINDS[j].id);
	}
	assert_int_equal(dash_severity_of(DK__COUNT, INST), DASH_NONE);
	assert_int_equal(dash_severity_of(DK_REPORT_DUE, DASH__SIDES), DASH_NONE);
}

static void test_the_scale(void **state)
{
	(void)state;
	/* critical for both sides of a pilot */
	assert_int_equal(dash_severity_of(DK_ALERT_BREACH, INST), DASH_CRITICAL);
	assert_int_equal(dash_severity_of(DK_ALERT_BREACH, WG), DASH_CRITICAL);
	assert_int_equal(dash_severity_of(DK_INCIDENT_INITIAL_LATE, INST), DASH_CRITICAL);
	assert_int_equal(dash_severity_of(DK_INCIDENT_INITIAL_LATE, WG), DASH_CRITICAL);
	/* a passed deadline is urgent, whoever owes it */
	static const dash_kind past[] = {DK_REPORT_OVERDUE, DK_COMPLAINT_OVERDUE,
	                                 DK_DOCUMENTS_OVERDUE, DK_RECTIFICATION_OVERDUE};
	for (size_t i = 0; i < sizeof past / sizeof *past; i++) {
		assert_int_equal(dash_severity_of(past[i], INST), DASH_URGENT);
		assert_int_equal(dash_severity_of(past[i], WG), DASH_URGENT);
	}
	/* the institution's own coming deadline: warning; the working group's view: info */
	static const dash_kind soon[] = {DK_REPORT_DUE, DK_DOCUMENTS_DUE, DK_RECTIFICATION_DUE};
	for (size_t i = 0; i < sizeof soon / sizeof *soon; i++) {
		assert_int_equal(dash_severity_of(soon[i], INST), DASH_WARNING);
		assert_int_equal(dash_severity_of(soon[i], WG), DASH_INFO);
	}
	/* a complaint is answered by both: warning for both */
	assert_int_equal(dash_severity_of(DK_COMPLAINT_DUE, INST), DASH_WARNING);
	assert_int_equal(dash_severity_of(DK_COMPLAINT_DUE, WG), DASH_WARNING);
	/* an initial report counted in hours: urgent for who owes it */
	assert_int_equal(dash_severity_of(DK_INCIDENT_INITIAL_DUE, INST), DASH_URGENT);
	assert_int_equal(dash_severity_of(DK_INCIDENT_INITIAL_DUE, WG), DASH_WARNING);
	assert_int_equal(dash_severity_of(DK_ALERT_WARNING, INST), DASH_WARNING);
	assert_int_equal(dash_severity_of(DK_ALERT_STALE, WG), DASH_INFO);
	/* the working group's steps the institution never sees */
	assert_int_equal(dash_severity_of(DK_INCIDENT_GUIDANCE, INST), DASH_NONE);
	assert_int_equal(dash_severity_of(DK_INCIDENT_CSRC_REPORT, INST), DASH_NONE);
	assert_int_equal(dash_severity_of(DK_REPORT_REVIEW, INST), DASH_NONE);
	assert_int_equal(dash_severity_of(DK_RECTIFICATION_VERIFY, INST), DASH_NONE);
	/* the CSRC: only what was reported or escalated to it; the admin: only the calendar */
	for (int k = 0; k < DK__COUNT; k++) {
		bool csrc = k == DK_INCIDENT_ACKNOWLEDGE || k == DK_SITUATION_ACKNOWLEDGE ||
		            k == DK_COMPLAINT_ESCALATED;
		assert_int_equal(dash_severity_of((dash_kind)k, DASH_CSRC) != DASH_NONE, csrc);
		assert_int_equal(dash_severity_of((dash_kind)k, DASH_ADMIN) != DASH_NONE,
		                 k == DK_CALENDAR_MISSING);
		if (csrc) {
			assert_int_equal(dash_severity_of((dash_kind)k, INST), DASH_NONE);
			assert_int_equal(dash_severity_of((dash_kind)k, WG), DASH_NONE);
		}
	}
	assert_int_equal(dash_severity_of(DK_COMPLAINT_ESCALATED, DASH_CSRC), DASH_WARNING);
	assert_int_equal(dash_severity_of(DK_CALENDAR_MISSING, DASH_ADMIN), DASH_URGENT);
	assert_int_equal(dash_severity_of(DK_CALENDAR_MISSING, WG), DASH_WARNING);
}

static void test_ranks(void **state)
{
	(void)state;
	assert_int_equal(dash_severity_rank("critical"), 0);
	assert_int_equal(dash_severity_rank("urgent"), 1);
	assert_int_equal(dash_severity_rank("warning"), 2);
	assert_int_equal(dash_severity_rank("info"), 3);
	assert_int_equal(dash_severity_rank("bogus"), DASH__SEVERITIES);
	assert_int_equal(dash_severity_rank(NULL), DASH__SEVERITIES);
	assert_null(DASH_SEVERITY_IDS[DASH__SEVERITIES]);
}

static void test_dated_deadlines(void **state)
{
	(void)state;
	const char *today = "2026-12-01", *soon = "2026-12-04";
	assert_int_equal(dash_due_of("2026-11-30", today, soon), DASH_DUE_PAST);
	assert_int_equal(dash_due_of("2025-12-31", today, soon), DASH_DUE_PAST);
	assert_int_equal(dash_due_of("2026-12-01", today, soon), DASH_DUE_SOON); /* due today */
	assert_int_equal(dash_due_of("2026-12-04", today, soon), DASH_DUE_SOON);
	assert_int_equal(dash_due_of("2026-12-05", today, soon), DASH_DUE_LATER);
	/* 2026-12-01 23:59:59.999999 CST = 2026-12-01 15:59:59.999999 UTC */
	assert_int_equal(dash_due_at("2026-12-01"), 1796140800000000LL - 1);
	assert_int_equal(dash_due_at("2026-12-31") + 1, 1798732800000000LL);
	assert_int_equal(dash_due_at("2026-02-30"), 0);
	assert_int_equal(dash_due_at(NULL), 0);
}

TEST_MAIN("core_dashboard", NULL, NULL, cmocka_unit_test(test_every_kind_is_complete),
          cmocka_unit_test(test_the_scale), cmocka_unit_test(test_ranks),
          cmocka_unit_test(test_dated_deadlines))
