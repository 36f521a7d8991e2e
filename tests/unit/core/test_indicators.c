/* The risk indicators' rules (§4.3 item 2): levels against thresholds in both directions, one
 * alert per crossing, staleness, the standard set from the test boundaries, and the value and
 * time formats of the ingestion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/indicators.h"
#include "support.h"

#define M(v) ((int64_t)(v)*IND_SCALE) /* whole units as micro */

static const ind_limits CAP = {IND_ABOVE, true, true, M(1600), M(2000)};
static const ind_limits AVAILABILITY = {IND_BELOW, true, true, 99500000, 99000000};

static void test_levels_above(void **state)
{
	assert_int_equal(ind_level_of(&CAP, M(0)), IND_NORMAL);
	assert_int_equal(ind_level_of(&CAP, M(1600)), IND_NORMAL); /* at the threshold: within */
	assert_int_equal(ind_level_of(&CAP, M(1600) + 1), IND_WARNING);
	assert_int_equal(ind_level_of(&CAP, M(2000)), IND_WARNING); /* the cap itself is allowed */
	assert_int_equal(ind_level_of(&CAP, M(2001)), IND_BREACH);
	assert_int_equal(ind_level_of(&CAP, -M(5)), IND_NORMAL);
}

static void test_levels_below(void **state)
{
	assert_int_equal(ind_level_of(&AVAILABILITY, 99900000), IND_NORMAL);
	assert_int_equal(ind_level_of(&AVAILABILITY, 99500000), IND_NORMAL);
	assert_int_equal(ind_level_of(&AVAILABILITY, 99200000), IND_WARNING);
	assert_int_equal(ind_level_of(&AVAILABILITY, 99000000), IND_WARNING);
	assert_int_equal(ind_level_of(&AVAILABILITY, 98999999), IND_BREACH);
	assert_int_equal(ind_level_of(&AVAILABILITY, 0), IND_BREACH);
}

static void test_unset_thresholds(void **state)
{
	ind_limits none = {IND_ABOVE, false, false, 0, 0};
	assert_int_equal(ind_level_of(&none, M(1000000)), IND_NORMAL);
	ind_limits breach_only = {IND_ABOVE, false, true, 0, M(1)};
	assert_int_equal(ind_level_of(&breach_only, M(1)), IND_NORMAL);
	assert_int_equal(ind_level_of(&breach_only, M(2)), IND_BREACH);
	ind_limits warn_only = {IND_BELOW, true, false, M(10), 0};
	assert_int_equal(ind_level_of(&warn_only, M(9)), IND_WARNING);
	assert_int_equal(ind_level_of(&warn_only, -M(100)), IND_WARNING);
	assert_int_equal(ind_threshold_of(&warn_only, IND_BREACH), 0);
	assert_int_equal(ind_threshold_of(&CAP, IND_WARNING), M(1600));
	assert_int_equal(ind_threshold_of(&CAP, IND_BREACH), M(2000));
	assert_int_equal(ind_threshold_of(&CAP, IND_NORMAL), 0);
}

static void test_thresholds_in_order(void **state)
{
	assert_int_equal(ind_limits_check(&CAP), 0);
	assert_int_equal(ind_limits_check(&AVAILABILITY), 0);
	ind_limits equal = {IND_ABOVE, true, true, M(5), M(5)};
	assert_int_equal(ind_limits_check(&equal), 0);
	ind_limits wrong_above = {IND_ABOVE, true, true, M(2500), M(2000)};
	assert_int_equal(ind_limits_check(&wrong_above), -1);
	ind_limits wrong_below = {IND_BELOW, true, true, M(98), M(99)};
	assert_int_equal(ind_limits_check(&wrong_below), -1);
	ind_limits one = {IND_BELOW, true, false, M(98), M(99)};
	assert_int_equal(ind_limits_check(&one), 0);
}

/* The crossing rule: a new alert only when the level rises above its peak since normal. */
static void test_one_alert_per_crossing(void **state)
{
	ind_state s = {IND_NORMAL, IND_NORMAL};
	assert_int_equal(ind_step(&s, IND_NORMAL), IND_NORMAL);
	assert_int_equal(ind_step(&s, IND_WARNING), IND_WARNING); /* crossing: alert */
	assert_int_equal(ind_step(&s, IND_WARNING), IND_NORMAL);  /* the same crossing */
	assert_int_equal(ind_step(&s, IND_BREACH), IND_BREACH);   /* a rise: alert */
	assert_int_equal(ind_step(&s, IND_WARNING), IND_NORMAL);  /* falling back: none */
	assert_int_equal(s.level, IND_WARNING);
	assert_int_equal(s.peak, IND_BREACH);
	assert_int_equal(ind_step(&s, IND_BREACH), IND_NORMAL); /* hovering at the breach: none */
	assert_int_equal(ind_step(&s, IND_NORMAL), IND_NORMAL); /* back to normal */
	assert_int_equal(s.peak, IND_NORMAL);
	assert_int_equal(ind_step(&s, IND_WARNING), IND_WARNING); /* a new crossing */
}

static void test_straight_to_breach(void **state)
{
	ind_state s = {IND_NORMAL, IND_NORMAL};
	assert_int_equal(ind_step(&s, IND_BREACH), IND_BREACH); /* one alert, not two */
	assert_int_equal(ind_step(&s, IND_WARNING), IND_NORMAL);
	assert_int_equal(ind_step(&s, IND_NORMAL), IND_NORMAL);
	assert_int_equal(ind_step(&s, IND_BREACH), IND_BREACH);
}

static void test_staleness(void **state)
{
	const int64_t day = 86400LL * 1000000, since = 1000 * day;
	assert_false(ind_is_stale(since, since, 172800));
	assert_false(ind_is_stale(since + 2 * day, since, 172800)); /* exactly the interval */
	assert_true(ind_is_stale(since + 2 * day + 1, since, 172800));
	assert_false(ind_is_stale(since - day, since, 60)); /* data newer than now */
	assert_true(ind_is_stale(since + 61 * 1000000LL, since, 60));
}

static void test_values(void **state)
{
	int64_t m;
	assert_int_equal(ind_value_from_int(1600, &m), 0);
	assert_int_equal(m, M(1600));
	assert_int_equal(ind_value_from_int(IND_VALUE_MAX, &m), 0);
	assert_int_equal(ind_value_from_int(IND_VALUE_MAX + 1, &m), -1);
	assert_int_equal(ind_value_from_int(-IND_VALUE_MAX - 1, &m), -1);
	assert_int_equal(ind_value_from_double(99.95, &m), 0);
	assert_int_equal(m, 99950000);
	assert_int_equal(ind_value_from_double(-0.0000005, &m), 0); /* rounded away from zero */
	assert_int_equal(m, -1);
	assert_int_equal(ind_value_from_double(0.1 + 0.2, &m), 0);
	assert_int_equal(m, 300000);
	assert_int_equal(ind_value_from_double(1e13, &m), -1);
	assert_int_equal(ind_value_from_double(1.0 / 0.0, &m), -1);
	assert_int_equal(ind_value_from_double(0.0 / 0.0, &m), -1);
	char t[32];
	ind_value_format(M(1600), t);
	assert_string_equal(t, "1600");
	ind_value_format(99950000, t);
	assert_string_equal(t, "99.95");
	ind_value_format(-500000, t);
	assert_string_equal(t, "-0.5");
	ind_value_format(1, t);
	assert_string_equal(t, "0.000001");
	ind_value_format(0, t);
	assert_string_equal(t, "0");
}

static void test_times(void **state)
{
	int64_t us;
	assert_int_equal(ind_time_parse("2026-01-05T08:00:00Z", &us), 0);
	assert_int_equal(us, 1767600000LL * 1000000);
	int64_t same;
	assert_int_equal(ind_time_parse("2026-01-05T16:00:00+08:00", &same), 0);
	assert_int_equal(same, us);
	assert_int_equal(ind_time_parse("2026-01-05t00:30:00-07:30", &same), 0);
	assert_int_equal(same, us);
	assert_int_equal(ind_time_parse("2026-01-05T08:00:00.25z", &same), 0);
	assert_int_equal(same, us + 250000);
	assert_int_equal(ind_time_parse("2026-01-05T08:00:00.123456789Z", &same), 0);
	assert_int_equal(same, us + 123456); /* beyond microseconds: cut */
	assert_int_equal(ind_time_parse("1969-12-31T23:59:59Z", &same), 0);
	assert_int_equal(same, -1000000);
	static const char *const bad[] = {
	    "2026-01-05",
	    "2026-01-05 08:00:00Z",
	    "2026-01-05T08:00Z",
	    "2026-02-30T08:00:00Z",
	    "2026-01-05T24:00:00Z",
	    "2026-01-05T08:60:00Z",
	    "2026-01-05T08:00:60Z",
	    "2026-01-05T08:00:00",
	    "2026-01-05T08:00:00+0800",
	    "2026-01-05T08:00:00.Z",
	    "2026-01-05T08:00:00.1234567890Z",
	    "2026-01-05T08:00:00Zx",
	    "2026-01-05T08:00:00+24:00",
	    "x2026-01-05T08:00:00Z",
	    "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(ind_time_parse(bad[i], &same), -1);
	assert_int_equal(ind_time_parse(NULL, &same), -1);
	char t[40];
	ind_time_format(us, t);
	assert_string_equal(t, "2026-01-05T08:00:00Z");
	ind_time_format(us + 250000, t);
	assert_string_equal(t, "2026-01-05T08:00:00.250000Z");
	ind_time_format(-1, t);
	assert_string_equal(t, "1969-12-31T23:59:59.999999Z");
	assert_int_equal(ind_time_parse(t, &same), 0);
	assert_int_equal(same, -1);
}

static void test_keys_and_ids(void **state)
{
	assert_true(ind_key_valid("customers"));
	assert_true(ind_key_valid("settlement_delay_ms"));
	assert_true(ind_key_valid("a1"));
	assert_false(ind_key_valid("1a"));
	assert_false(ind_key_valid("_a"));
	assert_false(ind_key_valid("Bad"));
	assert_false(ind_key_valid("a-b"));
	assert_false(ind_key_valid(""));
	assert_false(ind_key_valid(NULL));
	char long_key[IND_KEY_MAX + 2];
	memset(long_key, 'a', sizeof long_key - 1);
	long_key[IND_KEY_MAX + 1] = 0;
	assert_false(ind_key_valid(long_key));
	long_key[IND_KEY_MAX] = 0;
	assert_true(ind_key_valid(long_key));
	ind_level l;
	ind_direction d;
	for (int i = 0; i < IND__LEVELS; i++) {
		assert_int_equal(ind_level_parse(ind_level_id((ind_level)i), &l), 0);
		assert_int_equal(l, i);
	}
	assert_int_equal(ind_level_parse("stale", &l), -1);
	assert_null(ind_level_id(IND__LEVELS));
	assert_int_equal(ind_direction_parse("below", &d), 0);
	assert_int_equal(d, IND_BELOW);
	assert_string_equal(ind_direction_id(d), "below");
	assert_int_equal(ind_direction_parse("up", &d), -1);
}

static const ind_spec *spec(const ind_spec *set, const char *key)
{
	for (int i = 0; i < IND_STANDARD_COUNT; i++)
		if (!strcmp(set[i].key, key))
			return &set[i];
	fail_msg("no standard indicator %s", key);
	return NULL;
}

static void test_standard_set(void **state)
{
	ind_boundaries b = {2000, 5000000, 50000000};
	ind_spec set[IND_STANDARD_COUNT];
	ind_standard_set(&b, set);
	static const char *const keys[] = {
	    "customers",        "max_transaction_fen", "max_investor_exposure_fen",
	    "daily_volume_fen", "complaints",          "availability_pct",
	    "security_events"};
	for (int i = 0; i < IND_STANDARD_COUNT; i++) {
		assert_string_equal(set[i].key, keys[i]);
		assert_true(ind_key_valid(set[i].key));
		assert_int_equal(set[i].stale_after_s, 2 * 86400);
		assert_int_equal(ind_limits_check(&set[i].limits), 0);
	}
	const ind_spec *c = spec(set, "customers");
	assert_int_equal(c->limits.warn, M(1600));
	assert_int_equal(c->limits.breach, M(2000));
	assert_string_equal(c->unit, "count");
	assert_int_equal(spec(set, "max_transaction_fen")->limits.breach, M(5000000));
	assert_int_equal(spec(set, "max_investor_exposure_fen")->limits.warn, M(40000000));
	/* a day's ceiling: every customer once at the per-transaction limit */
	assert_int_equal(spec(set, "daily_volume_fen")->limits.breach, M(10000000000LL));
	const ind_spec *av = spec(set, "availability_pct");
	assert_int_equal(av->limits.direction, IND_BELOW);
	assert_int_equal(ind_level_of(&av->limits, 99200000), IND_WARNING);
	const ind_spec *se = spec(set, "security_events");
	assert_int_equal(ind_level_of(&se->limits, M(1)), IND_WARNING); /* the first event */
	assert_int_equal(ind_level_of(&se->limits, M(2)), IND_BREACH);
}

static void test_standard_set_without_boundaries(void **state)
{
	ind_boundaries none = {0, 0, 0};
	ind_spec set[IND_STANDARD_COUNT];
	ind_standard_set(&none, set);
	const ind_spec *c = spec(set, "customers");
	assert_false(c->limits.has_warn);
	assert_false(c->limits.has_breach);
	assert_false(spec(set, "daily_volume_fen")->limits.has_breach);
	assert_true(spec(set, "complaints")->limits.has_breach); /* not from the boundaries */
	/* a ceiling that would not fit is left unset rather than overflowing */
	ind_boundaries huge = {IND_VALUE_MAX, IND_VALUE_MAX, 1};
	ind_standard_set(&huge, set);
	assert_false(spec(set, "daily_volume_fen")->limits.has_breach);
	assert_true(spec(set, "customers")->limits.has_breach);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_levels_above),
	    cmocka_unit_test(test_levels_below),
	    cmocka_unit_test(test_unset_thresholds),
	    cmocka_unit_test(test_thresholds_in_order),
	    cmocka_unit_test(test_one_alert_per_crossing),
	    cmocka_unit_test(test_straight_to_breach),
	    cmocka_unit_test(test_staleness),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_keys_and_ids),
	    cmocka_unit_test(test_standard_set),
	    cmocka_unit_test(test_standard_set_without_boundaries),
	};
	return cmocka_run_group_tests_name("core_indicators", tests, NULL, NULL);
}
