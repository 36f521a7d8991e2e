/* lib/csv (one CSV record, RFC 4180 quoting), the pure piece behind the calendar form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/csv.h"
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

TEST_MAIN("lib_csv", NULL, NULL, cmocka_unit_test(test_csv_bare_fields),
          cmocka_unit_test(test_csv_quoted_fields), cmocka_unit_test(test_csv_malformed),
          cmocka_unit_test(test_csv_lines))
