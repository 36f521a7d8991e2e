/* The expert review arithmetic (§4.1), against figures computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/scoring.h"
#include "support.h"

#define NEAR(x, y) assert_true((x) - (y) < 1e-6 && (y) - (x) < 1e-6)

static scoring_weights weights(double a, double b, double c, double d, double e, double f)
{
	return (scoring_weights){{a, b, c, d, e, f}};
}

static scoring_sheet sheet(int a, int b, int c, int d, int e, int f)
{
	return (scoring_sheet){{a, b, c, d, e, f}};
}

static void test_criteria_ids(void **state)
{
	static const char *const ids[] = {"innovativeness",      "feasibility",   "security",
	                                  "goal_reasonableness", "risk_controls", "industrial_fit"};
	assert_int_equal(CRIT__COUNT, 6);
	for (int i = 0; i < CRIT__COUNT; i++) {
		scoring_criterion c;
		assert_string_equal(scoring_criterion_id((scoring_criterion)i), ids[i]);
		assert_int_equal(scoring_criterion_parse(ids[i], &c), 0);
		assert_int_equal(c, i);
	}
	scoring_criterion c;
	assert_int_equal(scoring_criterion_parse("Security", &c), -1);
	assert_int_equal(scoring_criterion_parse("", &c), -1);
	assert_int_equal(scoring_criterion_parse(NULL, &c), -1);
	assert_null(scoring_criterion_id(CRIT__COUNT));
}

static void test_weights_validation(void **state)
{
	scoring_weights w;
	scoring_criterion bad = CRIT__COUNT;
	scoring_weights_default(&w);
	for (int i = 0; i < CRIT__COUNT; i++)
		NEAR(w.w[i], 1.0 / 6);
	/* six sixths do not add up to exactly 1 in binary: the tolerance admits them */
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_OK);
	w = weights(0.3, 0.2, 0.2, 0.1, 0.1, 0.1);
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_OK);
	w = weights(1, 0, 0, 0, 0, 0); /* zero weights are allowed */
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_OK);
	w = weights(0.3, 0.2, 0.2, 0.1, 0.1, 0.1000005);
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_OK);
	w = weights(0.3, 0.2, 0.2, 0.1, 0.1, 0.10001);
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_SUM);
	w = weights(0.3, 0.2, 0.2, 0.1, 0.1, 0.0);
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_SUM);
	w = weights(0.5, 0.5, 0.2, -0.2, 0, 0); /* sums to 1, but one is negative */
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_NEGATIVE);
	assert_int_equal(bad, CRIT_GOAL_REASONABLENESS);
	double zero = 0;
	w = weights(0.5, 0.5, 0, 0, 0, zero / zero);
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_NEGATIVE);
	assert_int_equal(bad, CRIT_INDUSTRIAL_FIT);
	w = weights(1 / zero, 0, 0, 0, 0, 0);
	assert_int_equal(scoring_weights_check(&w, &bad), WEIGHTS_NEGATIVE);
	assert_int_equal(bad, CRIT_INNOVATIVENESS);
}

static void test_sheet_range(void **state)
{
	scoring_criterion bad = CRIT__COUNT;
	scoring_sheet s = sheet(1, 10, 5, 5, 5, 5);
	assert_int_equal(scoring_sheet_check(&s, &bad), 0);
	s = sheet(1, 10, 5, 0, 5, 5);
	assert_int_equal(scoring_sheet_check(&s, &bad), -1);
	assert_int_equal(bad, CRIT_GOAL_REASONABLENESS);
	s = sheet(1, 10, 11, 5, 5, 5);
	assert_int_equal(scoring_sheet_check(&s, &bad), -1);
	assert_int_equal(bad, CRIT_SECURITY);
}

/* Weights 0.3/0.2/0.2/0.1/0.1/0.1:
 *   A 8,7,9,6,7,8  -> 2.4+1.4+1.8+0.6+0.7+0.8 = 7.7
 *   B 5 x 6        -> 5.0
 *   C 10,9,8,7,6,5 -> 3.0+1.8+1.6+0.7+0.6+0.5 = 8.2 */
static void test_weighted_total(void **state)
{
	scoring_weights w = weights(0.3, 0.2, 0.2, 0.1, 0.1, 0.1);
	scoring_sheet a = sheet(8, 7, 9, 6, 7, 8), b = sheet(5, 5, 5, 5, 5, 5),
	              c = sheet(10, 9, 8, 7, 6, 5);
	NEAR(scoring_weighted_total(&a, &w), 7.7);
	NEAR(scoring_weighted_total(&b, &w), 5.0);
	NEAR(scoring_weighted_total(&c, &w), 8.2);
	/* equal weights: the plain mean of the six scores, (7+8+9+7+8+9)/6 = 8 */
	scoring_weights_default(&w);
	scoring_sheet d = sheet(7, 8, 9, 7, 8, 9);
	NEAR(scoring_weighted_total(&d, &w), 8.0);
	/* all weight on one criterion */
	w = weights(0, 0, 0, 0, 0, 1);
	NEAR(scoring_weighted_total(&c, &w), 5.0);
}

/* {7.7, 5.0, 8.2}: mean 20.9/3 = 6.96667, median 7.7; deviations -1.96667, 0.73333, 1.23333,
 * squares 3.86778 + 0.53778 + 1.52111 = 5.92667, / 3 = 1.97556, sqrt = 1.40554; range 3.2. */
static void test_stats_odd(void **state)
{
	double t[] = {7.7, 5.0, 8.2};
	scoring_stats s;
	scoring_stats_compute(t, 3, &s);
	assert_int_equal(s.n, 3);
	NEAR(s.mean, 20.9 / 3);
	NEAR(s.median, 7.7);
	assert_true(s.stddev > 1.40554 && s.stddev < 1.40555);
	NEAR(s.min, 5.0);
	NEAR(s.max, 8.2);
	assert_true(s.disagreement); /* range 3.2 >= 3 */
	/* sorted in place */
	NEAR(t[0], 5.0);
	NEAR(t[2], 8.2);
}

/* {5, 6, 8, 9}: mean 7, median (6+8)/2 = 7, squares 4+1+1+4 = 10, / 4 = 2.5, sqrt 1.58114. */
static void test_stats_even(void **state)
{
	double t[] = {9, 5, 8, 6};
	scoring_stats s;
	scoring_stats_compute(t, 4, &s);
	assert_int_equal(s.n, 4);
	NEAR(s.mean, 7.0);
	NEAR(s.median, 7.0);
	assert_true(s.stddev > 1.58113 && s.stddev < 1.58114);
	assert_true(s.disagreement); /* range 4 */
}

static void test_stats_small(void **state)
{
	scoring_stats s;
	scoring_stats_compute(NULL, 0, &s);
	assert_int_equal(s.n, 0);
	NEAR(s.mean, 0);
	assert_false(s.disagreement);
	double one[] = {6.5};
	scoring_stats_compute(one, 1, &s);
	assert_int_equal(s.n, 1);
	NEAR(s.mean, 6.5);
	NEAR(s.median, 6.5);
	NEAR(s.stddev, 0);
	assert_false(s.disagreement);
}

/* The thresholds: a range of exactly 3 points flags; 2.9 does not (stddev 1.45). */
static void test_disagreement_thresholds(void **state)
{
	assert_true(SCORING_DISAGREE_RANGE == 3.0);
	assert_true(SCORING_DISAGREE_STDDEV == 2.0);
	/* totals reached through weights, so that floating-point noise is part of the test */
	scoring_weights w = weights(0.3, 0.2, 0.2, 0.1, 0.1, 0.1);
	scoring_sheet hi = sheet(8, 8, 8, 8, 8, 8), lo = sheet(5, 5, 5, 5, 5, 5);
	double t[] = {scoring_weighted_total(&hi, &w), scoring_weighted_total(&lo, &w)};
	scoring_stats s;
	scoring_stats_compute(t, 2, &s);
	NEAR(s.max - s.min, 3.0);
	NEAR(s.stddev, 1.5);
	assert_true(s.disagreement);
	double u[] = {8.0, 5.1, 6.0};
	scoring_stats_compute(u, 3, &s);
	assert_false(s.disagreement); /* range 2.9, stddev 1.21 */
	/* the stddev rule on its own (a population stddev is at most half the range, so with
	 * these thresholds it never fires without the range rule; it matters if they change) */
	scoring_stats only_sd = {.n = 2, .min = 5, .max = 6, .stddev = 2.0};
	assert_true(scoring_disagree(&only_sd));
	only_sd.stddev = 1.99;
	assert_false(scoring_disagree(&only_sd));
	scoring_stats single = {.n = 1, .min = 1, .max = 10, .stddev = 5};
	assert_false(scoring_disagree(&single));
}

static void test_ranking(void **state)
{
	scoring_rank_entry e[] = {
	    {.project_id = 1, .stats = {.n = 3, .mean = 7.0, .median = 7.0}},
	    {.project_id = 2, .stats = {.n = 3, .mean = 8.0, .median = 6.0}},
	    {.project_id = 3, .stats = {.n = 3, .mean = 7.0, .median = 8.0}},
	    {.project_id = 6, .stats = {.n = 0}},
	    {.project_id = 5, .stats = {.n = 2, .mean = 6.0, .median = 6.0}},
	    {.project_id = 4, .stats = {.n = 2, .mean = 6.0, .median = 6.0}},
	    {.project_id = 0, .stats = {.n = 0}},
	    /* equal to project 1 up to floating-point noise: the tie goes to the id */
	    {.project_id = 9, .stats = {.n = 3, .mean = 7.0 + 1e-12, .median = 7.0}},
	};
	size_t n = sizeof e / sizeof *e;
	scoring_rank(e, n);
	const int64_t want[] = {2, 3, 1, 9, 4, 5, 0, 6};
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(e[i].project_id, want[i]);
		assert_int_equal(e[i].rank, (int)i + 1);
	}
	scoring_rank(e, 0); /* nothing to do */
}

static void test_round(void **state)
{
	NEAR(scoring_round(20.9 / 3), 6.9667);
	NEAR(scoring_round(1.40554457), 1.4055);
	NEAR(scoring_round(7.699999999999999), 7.7);
	NEAR(scoring_round(0.00005), 0.0001);
	NEAR(scoring_round(0), 0);
}

TEST_MAIN("core_scoring", NULL, NULL, cmocka_unit_test(test_criteria_ids),
          cmocka_unit_test(test_weights_validation), cmocka_unit_test(test_sheet_range),
          cmocka_unit_test(test_weighted_total), cmocka_unit_test(test_stats_odd),
          cmocka_unit_test(test_stats_even), cmocka_unit_test(test_stats_small),
          cmocka_unit_test(test_disagreement_thresholds), cmocka_unit_test(test_ranking),
          cmocka_unit_test(test_round))
