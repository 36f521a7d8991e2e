/* Stage evaluation (src/core/evaluation.c, §4.4, §5.1): the eight criteria in their order with
 * labels in both languages, the lists of sides, origins, outcomes, judgements, rectification
 * statuses and recognition kinds; a score's range; which action decides which outcome; what an
 * evaluation still lacks; the end of the planned duration (months from a day, clamped to the
 * month's last day); when a due day has passed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "core/evaluation.h"
#include "lib/i18n.h"
#include "support.h"

static void test_criteria(void **state)
{
	static const char *const ids[] = {
	    "innovation_value", "service_quality",      "user_satisfaction", "business_continuity",
	    "compliance",       "transaction_security", "data_security",     "risk_control"};
	assert_int_equal(EVAL_CRITERIA_COUNT, sizeof ids / sizeof *ids);
	for (int i = 0; i < EVAL_CRITERIA_COUNT; i++) {
		assert_string_equal(EVAL_CRITERIA[i].id, ids[i]);
		assert_int_equal(evaluation_criterion_index(ids[i]), i);
		assert_translated(EVAL_CRITERIA[i].label, ids[i]);
	}
	assert_int_equal(evaluation_criterion_index("Compliance"), -1);
	assert_int_equal(evaluation_criterion_index(""), -1);
	assert_int_equal(evaluation_criterion_index(NULL), -1);
}

static void assert_list(const id_label *l, size_t n, const char *const *ids, size_t m)
{
	assert_int_equal(n, m);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(l[i].id, ids[i]);
		assert_translated(l[i].label, ids[i]);
		assert_ptr_equal(id_label_find(l, n, ids[i]), &l[i]);
	}
}

static void test_lists(void **state)
{
	static const char *const sides[] = {"csrc", "working_group"};
	static const char *const origins[] = {"csrc", "working_group", "scheduler"};
	static const char *const statuses[] = {"open", "concluded"};
	static const char *const outcomes[] = {"regular_operation", "improve", "rectify", "exit"};
	static const char *const hyp[] = {"met", "partly", "not_met"};
	static const char *const rect[] = {"open", "submitted", "verified"};
	static const char *const kinds[] = {"public_notice", "industry_circular", "fintech_award",
	                                    "policy_reward"};
	assert_list(EVAL_SIDES, EVAL_SIDES_COUNT, sides, 2);
	assert_list(EVAL_ORIGINS, EVAL_ORIGINS_COUNT, origins, 3);
	assert_list(EVAL_STATUSES, EVAL_STATUSES_COUNT, statuses, 2);
	assert_list(EVAL_OUTCOMES, EVAL_OUTCOMES_COUNT, outcomes, 4);
	assert_list(EVAL_HYPOTHESIS, EVAL_HYPOTHESIS_COUNT, hyp, 3);
	assert_list(RECTIFICATION_STATUSES, RECTIFICATION_STATUSES_COUNT, rect, 3);
	assert_list(RECOGNITION_KINDS, RECOGNITION_KINDS_COUNT, kinds, 4);
	assert_null(id_label_find(RECOGNITION_KINDS, RECOGNITION_KINDS_COUNT, "medal"));
}

static void test_scores_and_outcomes(void **state)
{
	assert_false(evaluation_score_valid(0));
	for (int s = 1; s <= 5; s++)
		assert_true(evaluation_score_valid(s));
	assert_false(evaluation_score_valid(6));
	assert_false(evaluation_score_valid(-3));
	assert_string_equal(evaluation_outcome_of_action("evaluate_regular"), "regular_operation");
	assert_string_equal(evaluation_outcome_of_action("evaluate_improve"), "improve");
	assert_string_equal(evaluation_outcome_of_action("evaluate_rectify"), "rectify");
	assert_string_equal(evaluation_outcome_of_action("evaluate_exit"), "exit");
	assert_null(evaluation_outcome_of_action("recognise"));
	assert_null(evaluation_outcome_of_action(NULL));
	/* every outcome an action decides is one of the outcomes */
	static const char *const acts[] = {"evaluate_regular", "evaluate_improve",
	                                   "evaluate_rectify", "evaluate_exit"};
	for (size_t i = 0; i < 4; i++)
		assert_non_null(id_label_find(EVAL_OUTCOMES, EVAL_OUTCOMES_COUNT,
		                              evaluation_outcome_of_action(acts[i])));
}

static void test_missing(void **state)
{
	const char *names[4];
	evaluation_progress none = {false, false, false, false};
	assert_int_equal(evaluation_missing(&none, names), 4);
	assert_string_equal(names[0], "scores.csrc");
	assert_string_equal(names[1], "scores.working_group");
	assert_string_equal(names[2], "commitments");
	assert_string_equal(names[3], "hypothesis");
	evaluation_progress part = {true, false, true, false};
	assert_int_equal(evaluation_missing(&part, names), 2);
	assert_string_equal(names[0], "scores.working_group");
	assert_string_equal(names[1], "hypothesis");
	evaluation_progress all = {true, true, true, true};
	assert_int_equal(evaluation_missing(&all, names), 0);
}

static void test_add_months(void **state)
{
	char out[11];
	assert_int_equal(evaluation_add_months("2025-03-15", 12, out), 0);
	assert_string_equal(out, "2026-03-15");
	assert_int_equal(evaluation_add_months("2024-01-31", 1, out), 0);
	assert_string_equal(out, "2024-02-29"); /* a leap year */
	assert_int_equal(evaluation_add_months("2025-01-31", 1, out), 0);
	assert_string_equal(out, "2025-02-28");
	assert_int_equal(evaluation_add_months("2025-11-30", 3, out), 0);
	assert_string_equal(out, "2026-02-28");
	assert_int_equal(evaluation_add_months("2025-12-01", 1, out), 0);
	assert_string_equal(out, "2026-01-01");
	assert_int_equal(evaluation_add_months("2025-05-10", 24, out), 0);
	assert_string_equal(out, "2027-05-10");
	assert_int_equal(evaluation_add_months("2025-02-30", 1, out), -1);
	assert_int_equal(evaluation_add_months(NULL, 1, out), -1);
	assert_int_equal(evaluation_add_months("2025-01-01", 0, out), -1);
	assert_int_equal(evaluation_add_months("2025-01-01", 1201, out), -1);
}

static void test_past(void **state)
{
	assert_false(evaluation_past("2026-03-10", "2026-03-09"));
	assert_false(evaluation_past("2026-03-10", "2026-03-10"));
	assert_true(evaluation_past("2026-03-10", "2026-03-11"));
	assert_true(evaluation_past("2025-12-31", "2026-01-01"));
	assert_false(evaluation_past(NULL, "2026-01-01"));
}

TEST_MAIN("core_evaluation", NULL, NULL, cmocka_unit_test(test_criteria),
          cmocka_unit_test(test_lists), cmocka_unit_test(test_scores_and_outcomes),
          cmocka_unit_test(test_missing), cmocka_unit_test(test_add_months),
          cmocka_unit_test(test_past))
