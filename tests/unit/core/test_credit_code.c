#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/credit_code.h"
#include "support.h"

/* Published codes (the standard's example and well-known firms' licence codes, attributions as
 * recalled): each was checked here with the algorithm only, not against the registry. */
static const char *const PUBLISHED[] = {
    "91350100M000100Y43",                       /* GB 32100-2015 example */
    "91110000600037341L", "9144030071526726XG", /* Shenzhen Tencent Computer Systems */
    "914403001922038216",                       /* Huawei Technologies */
    "914403001017814402",                       /* CITIC Securities */
    "91370000729246347A",                       /* Zhongtai Securities (Jinan) */
};

static void test_published_codes_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(PUBLISHED) / sizeof(PUBLISHED[0]); i++) {
		assert_true(credit_code_valid(PUBLISHED[i]));
		assert_int_equal(credit_code_check_char(PUBLISHED[i]), PUBLISHED[i][17]);
	}
}

/* Builds first17 + its check char, and checks that the result validates. */
static void expect_completes(const char *first17)
{
	char code[CREDIT_CODE_LEN + 1];
	char c = credit_code_check_char(first17);
	assert_int_not_equal(c, '\0');
	memcpy(code, first17, 17);
	code[17] = c;
	code[18] = '\0';
	assert_true(credit_code_valid(code));
}

static void test_computed_codes_valid(void **state)
{
	(void)state;
	expect_completes("91370100000000000"); /* sum 0 mod 31 -> check '0' */
	assert_int_equal(credit_code_check_char("00000000000000000"), '0');
	expect_completes("52370100MJD123456");
	expect_completes("Y1370102ABCDEFGHJ");
	expect_completes("93370112KLMNPQRTU");
	expect_completes("11370000WXY012345");
	/* every character of the set is reachable as a check char */
	int seen[128] = {0};
	char first17[18] = "9137010000000000";
	for (const char *p = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *p; p++) {
		first17[16] = *p;
		first17[17] = '\0';
		for (const char *q = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *q; q++) {
			first17[15] = *q;
			seen[(unsigned char)credit_code_check_char(first17)] = 1;
		}
	}
	for (const char *p = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *p; p++)
		assert_true(seen[(unsigned char)*p]);
}

static void test_wrong_check_char(void **state)
{
	(void)state;
	assert_false(credit_code_valid("91350100M000100Y44"));
	assert_false(credit_code_valid("91350100M000100Y4A"));
	assert_false(credit_code_valid("9144030071526726XH"));
	/* one transposition of adjacent characters is caught */
	assert_false(credit_code_valid("91350100M000100Y34"));
}

static void test_lowercase_rejected(void **state)
{
	(void)state;
	assert_false(credit_code_valid("91350100m000100y43"));
	assert_false(credit_code_valid("9144030071526726xg"));
	assert_int_equal(credit_code_check_char("91350100m000100Y4"), '\0');
}

static void test_wrong_length(void **state)
{
	(void)state;
	assert_false(credit_code_valid(""));
	assert_false(credit_code_valid("91350100M000100Y4"));   /* 17 */
	assert_false(credit_code_valid("91350100M000100Y430")); /* 19 */
	assert_false(credit_code_valid(" 91350100M000100Y43"));
	assert_false(credit_code_valid("91350100M000100Y43 "));
	assert_int_equal(credit_code_check_char(""), '\0');
	assert_int_equal(credit_code_check_char("9135010"), '\0');
}

static void test_forbidden_letters(void **state)
{
	(void)state;
	const char *bad = "IOZSV";
	for (const char *p = bad; *p; p++) {
		char first17[18] = "91350100M000100Y4";
		first17[8] = *p; /* position 9, where letters are otherwise allowed */
		assert_int_equal(credit_code_check_char(first17), '\0');
		/* whatever check char we append, the code is invalid */
		char code[19];
		memcpy(code, first17, 17);
		code[18] = '\0';
		for (const char *c = "0123456789ABCDEFGHJKLMNPQRTUWXYIOZSV"; *c; c++) {
			code[17] = *c;
			assert_false(credit_code_valid(code));
		}
		/* and as the check char itself */
		char tail[19] = "91350100M000100Y4";
		tail[17] = *p;
		tail[18] = '\0';
		assert_false(credit_code_valid(tail));
	}
}

static void test_division_code_digits(void **state)
{
	(void)state;
	/* positions 3..8 must be digits even when the check char is right for the string */
	const char *firsts[] = {"91A50100M000100Y4", "9135010BM000100Y4", "913501X0M000100Y4"};
	for (size_t i = 0; i < 3; i++) {
		char code[19];
		char c = credit_code_check_char(firsts[i]);
		assert_int_not_equal(c, '\0'); /* the letters are in the set... */
		memcpy(code, firsts[i], 17);
		code[17] = c;
		code[18] = '\0';
		assert_false(credit_code_valid(code)); /* ...but not in a division code */
	}
	/* letters are fine in positions 1, 2 and 9..18 */
	expect_completes("Y1350100M000100Y4");
	expect_completes("9A350100MAAAAAAAA");
}

static void test_null_and_bytes(void **state)
{
	(void)state;
	assert_false(credit_code_valid(NULL));
	assert_int_equal(credit_code_check_char(NULL), '\0');
	assert_false(credit_code_valid("91350100M000100\xC3\xA9")); /* UTF-8 é, 18 bytes */
	assert_false(credit_code_valid("济南市济南市"));            /* 18 bytes of UTF-8 */
	assert_int_equal(credit_code_check_char("91350100M000100\x80\x80"), '\0');
}

TEST_MAIN("core_credit_code", NULL, NULL, cmocka_unit_test(test_published_codes_valid),
          cmocka_unit_test(test_computed_codes_valid), cmocka_unit_test(test_wrong_check_char),
          cmocka_unit_test(test_lowercase_rejected), cmocka_unit_test(test_wrong_length),
          cmocka_unit_test(test_forbidden_letters), cmocka_unit_test(test_division_code_digits),
          cmocka_unit_test(test_null_and_bytes))
