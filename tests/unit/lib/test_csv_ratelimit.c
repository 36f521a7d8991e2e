/* lib/csv (one CSV record, RFC 4180 quoting) and lib/ratelimit (hits per key per sliding
 * window), the pure pieces behind the calendar form and the public comment limit (§4.2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/csv.h"
#include "lib/ratelimit.h"
#include "support.h"

static int split(arena *a, const char *line, const char **f, int max)
{
	return csv_split(a, line, strlen(line), f, max);
}

/* A line, the count csv_split returns for it (-1: refused) and the fields it gives (NULL: not
 * looked at). */
struct split_case {
	const char *line;
	int n;
	const char *want[4];
};

static void expect_splits(const struct split_case *cases, size_t n)
{
	arena *a = arena_new();
	for (size_t i = 0; i < n; i++) {
		const char *f[4];
		assert_int_equal(split(a, cases[i].line, f, 4), cases[i].n);
		for (int k = 0; k < cases[i].n; k++)
			if (cases[i].want[k])
				assert_string_equal(f[k], cases[i].want[k]);
	}
	arena_free(a);
}
#define SPLITS(...)                                                                                \
	do {                                                                                       \
		static const struct split_case cases_[] = {__VA_ARGS__};                           \
		expect_splits(cases_, sizeof cases_ / sizeof *cases_);                             \
	} while (0)

static void test_csv_bare_fields(void **state)
{
	SPLITS({"2026-02-17,holiday,春节,国办发明电",
	        4,
	        {"2026-02-17", "holiday", "春节", "国办发明电"}},
	       {"a,,b,", 4, {NULL, "", NULL, ""}}, {"", 1, {""}},
	       /* a trailing CR is not part of the last field */
	       {"x,y\r", 2, {NULL, "y"}});
}

static void test_csv_quoted_fields(void **state)
{
	SPLITS({"2028-01-02,holiday,\"元旦, 休息\",\"say \"\"hi\"\"\"",
	        4,
	        {NULL, NULL, "元旦, 休息", "say \"hi\""}},
	       {"\"\",x", 2, {""}}, {"\"a,b\"", 1, {"a,b"}});
}

static void test_csv_malformed(void **state)
{
	SPLITS({"\"unterminated,x", -1}, {"\"closed\"after,x", -1}, {"bare\"quote,x", -1},
	       {"a,b,c,d,e", -1}, /* more than max */
	       {"a,b,c,d,", -1});
}

static void test_csv_lines(void **state)
{
	const char *text = "h\r\none\n\nlast";
	size_t pos = 0, len;
	const char *line;
	const char *want[] = {"h\r", "one", "", "last"};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(csv_next_line(text, strlen(text), &pos, &line, &len), 1);
		assert_int_equal(len, strlen(want[i]));
		assert_memory_equal(line, want[i], len);
	}
	assert_int_equal(csv_next_line(text, strlen(text), &pos, &line, &len), 0);
	pos = 0;
	assert_int_equal(csv_next_line("", 0, &pos, &line, &len), 0);
}

#define S (1000000LL)

static void test_ratelimit_window(void **state)
{
	static ratelimit_slot slots[64];
	static ratelimit rl = RATELIMIT_INIT(5, 600 * S, slots);
	ratelimit_reset(&rl);
	int64_t t0 = 1000 * S;
	for (int i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(&rl, "10.0.0.1", t0 + i * S), 0);
	/* the sixth waits until the first hit leaves the window */
	assert_int_equal(ratelimit_take(&rl, "10.0.0.1", t0 + 10 * S), 590 * S);
	/* refused hits are not recorded: still the same wait a second later */
	assert_int_equal(ratelimit_take(&rl, "10.0.0.1", t0 + 11 * S), 589 * S);
	/* another key is independent */
	assert_int_equal(ratelimit_take(&rl, "10.0.0.2", t0 + 11 * S), 0);
	/* once the first hit is 600 s old, one more is allowed, and then none */
	assert_int_equal(ratelimit_take(&rl, "10.0.0.1", t0 + 600 * S), 0);
	assert_true(ratelimit_take(&rl, "10.0.0.1", t0 + 600 * S) > 0);
	/* after a whole window everything is forgotten */
	for (int i = 0; i < 5; i++)
		assert_int_equal(ratelimit_take(&rl, "10.0.0.1", t0 + 2000 * S + i), 0);
}

static void test_ratelimit_give_back(void **state)
{
	static ratelimit_slot slots[16];
	static ratelimit rl = RATELIMIT_INIT(2, 60 * S, slots);
	ratelimit_reset(&rl);
	assert_int_equal(ratelimit_take(&rl, "k", 10 * S), 0);
	assert_int_equal(ratelimit_take(&rl, "k", 11 * S), 0);
	assert_true(ratelimit_take(&rl, "k", 12 * S) > 0);
	/* the request taken at 11 s failed: its hit is given back */
	ratelimit_give_back(&rl, "k", 11 * S);
	assert_int_equal(ratelimit_take(&rl, "k", 12 * S), 0);
	assert_true(ratelimit_take(&rl, "k", 13 * S) > 0);
	/* giving back what was never taken changes nothing */
	ratelimit_give_back(&rl, "k", 99 * S);
	ratelimit_give_back(&rl, "other", 12 * S);
	assert_true(ratelimit_take(&rl, "k", 13 * S) > 0);
}

static void test_ratelimit_clock_steps_back(void **state)
{
	static ratelimit_slot slots[16];
	static ratelimit rl = RATELIMIT_INIT(3, 60 * S, slots);
	ratelimit_reset(&rl);
	assert_int_equal(ratelimit_take(&rl, "k", 100 * S), 0);
	assert_int_equal(ratelimit_take(&rl, "k", 90 * S), 0); /* the clock stepped back */
	assert_int_equal(ratelimit_take(&rl, "k", 95 * S), 0);
	/* the oldest (90 s) leaves the window first */
	assert_int_equal(ratelimit_take(&rl, "k", 120 * S), 30 * S);
	assert_int_equal(ratelimit_take(&rl, "k", 150 * S), 0);
}

static void test_ratelimit_full_table(void **state)
{
	/* more live keys than slots: the least recent are evicted, never a crash or a refusal
	 * of a new key */
	static ratelimit_slot slots[8];
	static ratelimit rl = RATELIMIT_INIT(1, 60 * S, slots);
	ratelimit_reset(&rl);
	char key[32];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "addr-%d", i);
		assert_int_equal(ratelimit_take(&rl, key, 10 * S + i), 0);
	}
	/* the newest key is still limited */
	assert_true(ratelimit_take(&rl, "addr-99", 11 * S) > 0);
	/* a key longer than the slot's is cut, consistently */
	char long_key[200];
	memset(long_key, 'z', sizeof long_key - 1);
	long_key[sizeof long_key - 1] = '\0';
	assert_int_equal(ratelimit_take(&rl, long_key, 20 * S), 0);
	assert_true(ratelimit_take(&rl, long_key, 21 * S) > 0);
	/* an empty or NULL key counts as one unknown address */
	assert_int_equal(ratelimit_take(&rl, NULL, 30 * S), 0);
	assert_true(ratelimit_take(&rl, "", 30 * S) > 0);
}

TEST_MAIN("lib_csv_ratelimit", NULL, NULL, cmocka_unit_test(test_csv_bare_fields),
          cmocka_unit_test(test_csv_quoted_fields), cmocka_unit_test(test_csv_malformed),
          cmocka_unit_test(test_csv_lines), cmocka_unit_test(test_ratelimit_window),
          cmocka_unit_test(test_ratelimit_give_back),
          cmocka_unit_test(test_ratelimit_clock_steps_back),
          cmocka_unit_test(test_ratelimit_full_table))
