/* lib/pwpolicy: the password rule. Common passwords in their usual disguises, dictionary words
 * (cracklib, through libpwquality), the account's own name, simple patterns and the length are
 * refused, each with its own reason; ordinary strong passwords, and the demo's, pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/pwpolicy.h"
#include "support.h"

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(pw_check("Zq7#mLp", NULL), PW_LENGTH);
	assert_int_equal(pw_check(NULL, NULL), PW_LENGTH);
	char long_pw[PASSWORD_MAX + 2];
	for (size_t i = 0; i < sizeof long_pw - 1; i++)
		long_pw[i] = "Zq7#mLp2vX9!"[i % 12];
	long_pw[PASSWORD_MAX + 1] = '\0';
	assert_int_equal(pw_check(long_pw, NULL), PW_LENGTH);
	long_pw[PASSWORD_MAX] = '\0';
	assert_int_not_equal(pw_check(long_pw, NULL), PW_LENGTH);
}

static void test_common_in_disguise(void **state)
{
	(void)state;
	static const char *const weak[] = {
	    "Password123!", "P@ssw0rd",    "p@$$w0rd2024", "woaini1314", "Qwerty!!",
	    "1qaz2wsx",     "Welcome2026", "trustno1",     "Admin@123",  "ILoveYou520"};
	for (size_t i = 0; i < sizeof weak / sizeof *weak; i++)
		assert_int_equal(pw_check(weak[i], "somebody"), PW_COMMON);
}

static void test_dictionary(void **state)
{
	(void)state;
	assert_int_equal(pw_check("elephant", "somebody"), PW_DICTIONARY);
	assert_int_equal(pw_check("butterfly9", "somebody"), PW_DICTIONARY);
}

static void test_username(void **state)
{
	(void)state;
	assert_int_equal(pw_check("Officer2026!", "officer"), PW_USERNAME);
	assert_int_equal(pw_check("0ff1cer#", "officer"), PW_USERNAME);
	assert_int_equal(pw_check("reciffo99", "officer"), PW_USERNAME); /* backwards */
	/* the same password for another account is not refused for that reason */
	assert_int_not_equal(pw_check("reciffo99", "zhangsan"), PW_USERNAME);
	/* a longer password that merely holds the name is judged on the rest */
	assert_int_equal(pw_check("officer-pw-123", "officer"), PW_OK);
}

static void test_simple(void **state)
{
	(void)state;
	assert_int_equal(pw_check("12345678", NULL), PW_SIMPLE);
	assert_int_equal(pw_check("20261130", NULL), PW_SIMPLE);
	assert_int_equal(pw_check("abcdefgh7", NULL), PW_SIMPLE);       /* a sequence of 8 */
	assert_int_equal(pw_check("Kq9aaaaaaz", NULL), PW_SIMPLE);      /* a run of 6 */
	assert_int_equal(pw_check("racecar3racecar", NULL), PW_SIMPLE); /* a palindrome */
}

static void test_strong_pass(void **state)
{
	(void)state;
	static const char *const ok[] = {"Zq7#mLp2vX9!", "correct horse battery staple",
	                                 "济南金融科技试点2026", "baotu-demo", "tW4-nq8-Lp2-xk"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		assert_int_equal(pw_check(ok[i], "officer"), PW_OK);
}

static void test_every_weakness_has_a_message(void **state)
{
	(void)state;
	assert_null(pw_weakness_message(PW_OK));
	for (int w = PW_LENGTH; w <= PW_SIMPLE; w++) {
		const char *m = pw_weakness_message((pw_weakness)w);
		assert_non_null(m);
		assert_non_null(strstr(m, "{field}"));
	}
}

TEST_MAIN("lib_pwpolicy", NULL, NULL, cmocka_unit_test(test_length),
          cmocka_unit_test(test_common_in_disguise), cmocka_unit_test(test_dictionary),
          cmocka_unit_test(test_username), cmocka_unit_test(test_simple),
          cmocka_unit_test(test_strong_pass), cmocka_unit_test(test_every_weakness_has_a_message))
