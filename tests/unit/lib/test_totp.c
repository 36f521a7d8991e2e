/* lib/totp: HOTP against RFC 4226 Appendix D, TOTP against RFC 6238 Appendix B (all three
 * hashes), the one-use window check, and base32 against RFC 4648 §10. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/totp.h"
#include "support.h"

static const uint8_t *K20 = (const uint8_t *)"12345678901234567890";
static const uint8_t *K32 = (const uint8_t *)"12345678901234567890123456789012";
static const uint8_t *K64 =
    (const uint8_t *)"1234567890123456789012345678901234567890123456789012345678901234";

static void test_hotp_rfc4226(void **state)
{
	(void)state;
	static const int64_t want[10] = {755224, 287082, 359152, 969429, 338314,
	                                 254676, 287922, 162583, 399871, 520489};
	for (uint64_t c = 0; c < 10; c++)
		assert_int_equal(hotp(TOTP_SHA1, K20, 20, c, 6), want[c]);
	assert_int_equal(hotp(TOTP_SHA1, K20, 20, 0, 5), -1);
	assert_int_equal(hotp(TOTP_SHA1, K20, 0, 0, 6), -1);
}

static void test_totp_rfc6238(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		int64_t sha1, sha256, sha512;
	} v[] = {
	    {59, 94287082, 46119246, 90693936},         {1111111109, 7081804, 68084774, 25091201},
	    {1111111111, 14050471, 67062674, 99943326}, {1234567890, 89005924, 91819424, 93441116},
	    {2000000000, 69279037, 90698825, 38618901}, {20000000000, 65353130, 77737706, 47863826},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		assert_int_equal(totp_at(TOTP_SHA1, K20, 20, v[i].t, 8), v[i].sha1);
		assert_int_equal(totp_at(TOTP_SHA256, K32, 32, v[i].t, 8), v[i].sha256);
		assert_int_equal(totp_at(TOTP_SHA512, K64, 64, v[i].t, 8), v[i].sha512);
	}
}

static void test_check_window_and_replay(void **state)
{
	(void)state;
	/* at t = 1111111111 (step 37037037) the code of the step before (t - 30) is accepted
	 * with a window of 1, not with 0; a code from two steps away never */
	int64_t t = 1111111111;
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, "14050471", 8, t, 0, -1), t / 30);
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, "07081804", 8, t, 1, -1), t / 30 - 1);
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, "07081804", 8, t, 0, -1), -1);
	char two[9];
	snprintf(two, sizeof two, "%08lld", (long long)totp_at(TOTP_SHA1, K20, 20, t - 60, 8));
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, two, 8, t, 1, -1), -1);
	/* once used, a code (and every earlier step) is refused */
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, "14050471", 8, t, 1, t / 30), -1);
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, "07081804", 8, t, 1, t / 30 - 1), -1);
	/* the shape of the code */
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, "1405047", 8, t, 1, -1), -1);
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, "1405047a", 8, t, 1, -1), -1);
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, " 14050471", 8, t, 1, -1), -1);
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, NULL, 8, t, 1, -1), -1);
	/* six digits, as apps show them: the last six of the eight */
	assert_int_equal(totp_check(TOTP_SHA1, K20, 20, "050471", 6, t, 1, -1), t / 30);
}

static void test_base32_rfc4648(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} v[] = {{"", ""},
	         {"f", "MY"},
	         {"fo", "MZXQ"},
	         {"foo", "MZXW6"},
	         {"foob", "MZXW6YQ"},
	         {"fooba", "MZXW6YTB"},
	         {"foobar", "MZXW6YTBOI"}};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char enc[32];
		size_t n = strlen(v[i].in);
		assert_int_equal(base32_encode((const uint8_t *)v[i].in, n, enc), strlen(v[i].out));
		assert_int_equal(base32_len(n), strlen(v[i].out));
		assert_string_equal(enc, v[i].out);
		uint8_t dec[32];
		assert_int_equal(base32_decode(v[i].out, dec, sizeof dec), (int)n);
		assert_memory_equal(dec, v[i].in, n);
	}
	uint8_t dec[32];
	/* padding, lower case, spaces and hyphens as people copy them */
	assert_int_equal(base32_decode("mzxw 6ytb-oi======", dec, sizeof dec), 6);
	assert_memory_equal(dec, "foobar", 6);
	assert_int_equal(base32_decode("MZXW1", dec, sizeof dec), -1); /* '1' is not base32 */
	assert_int_equal(base32_decode("MZ=XW", dec, sizeof dec), -1); /* text after padding */
	assert_int_equal(base32_decode("MZ", dec, 0), -1);             /* no room */
	assert_int_equal(base32_decode("MZ7", dec, sizeof dec), -1);   /* 15 bits: a stray char */
	assert_int_equal(base32_decode("MZ", dec, sizeof dec),
	                 -1); /* "f" is MY: Z sets a spare bit */
	assert_int_equal(base32_decode("MY", dec, sizeof dec), 1);
	assert_int_equal(base32_decode("M7", dec, sizeof dec), -1); /* leftover bits set */
}

TEST_MAIN("lib_totp", NULL, NULL, cmocka_unit_test(test_hotp_rfc4226),
          cmocka_unit_test(test_totp_rfc6238), cmocka_unit_test(test_check_window_and_replay),
          cmocka_unit_test(test_base32_rfc4648))
