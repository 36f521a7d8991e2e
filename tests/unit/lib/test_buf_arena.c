#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/utf8.h"
#include "support.h"

static void test_buf_grows_and_terminates(void **state)
{
	buf b = BUF_INIT;
	assert_string_equal(buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.data));
	assert_memory_equal(b.data, "0,1,2,", 6);
	assert_string_equal(b.data + b.len - 4, "999,");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void test_arena_aligned_zeroed_and_large(void **state)
{
	arena *a = arena_new();
	for (int i = 0; i < 2000; i++) {
		unsigned char *p = arena_alloc(a, (size_t)(i % 37) + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i % 37 + 1; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, (size_t)(i % 37) + 1);
	}
	char *big = arena_alloc(a, 100000);
	memset(big, 1, 100000);
	assert_string_equal(arena_printf(a, "%s-%d", "济南", 7), "济南-7");
	assert_true(arena_used(a) >= 100000);
	arena_free(a);
}

static void test_utf8_strict(void **state)
{
	assert_true(utf8_valid("济南市", strlen("济南市")));
	assert_true(utf8_valid("a\xF0\x9F\x98\x80", 5));
	assert_false(utf8_valid("\xC0\xAF", 2));     /* overlong '/' */
	assert_false(utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
	assert_false(utf8_valid("\xE6\xB5", 2));     /* truncated */
	assert_false(utf8_valid("a\0b", 3));         /* NUL */
	assert_int_equal(utf8_count("济南市ab"), 5);
}

TEST_MAIN("lib_buf_arena", NULL, NULL, cmocka_unit_test(test_buf_grows_and_terminates),
          cmocka_unit_test(test_arena_aligned_zeroed_and_large), cmocka_unit_test(test_utf8_strict))
