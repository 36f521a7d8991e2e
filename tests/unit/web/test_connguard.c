/* The connection rules a client meets before any request is read: how many connections one
 * address may hold and who gets the last ones, and which redirect targets are local. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/connguard.h"
#include "web/html.h"
#include "support.h"

static const connguard_opts O = {.max_connections = 100, .per_address = 10, .reserve = 20};

static void test_per_address_limit(void **state)
{
	(void)state;
	assert_true(connguard_admits(&O, 0, 0));
	assert_true(connguard_admits(&O, 9, 9));
	assert_false(connguard_admits(&O, 10, 10)); /* the eleventh from one address */
	assert_true(connguard_admits(&O, 10, 0));   /* another address is still served */
	connguard_opts off = O;
	off.per_address = 0;
	assert_true(connguard_admits(&off, 50, 50));
}

static void test_reserve_goes_to_newcomers(void **state)
{
	(void)state;
	/* 80 of 100 open: the last 20 go only to addresses that hold none */
	assert_true(connguard_admits(&O, 79, 5));
	assert_false(connguard_admits(&O, 80, 1));
	assert_true(connguard_admits(&O, 80, 0));
	assert_true(connguard_admits(&O, 99, 0));
	assert_false(connguard_admits(&O, 100, 0)); /* full is full */
}

static void test_local_paths(void **state)
{
	(void)state;
	static const char *const local[] = {"/",     "/projects/7", "/projects?state=draft&x=%2F",
	                                    "/项目", "/a\\b",       NULL};
	static const char *const not_local[] = {"//evil.example",
	                                        "/\\evil.example",
	                                        "/\t/evil.example",
	                                        "/\n/evil.example",
	                                        "/\r/evil.example",
	                                        "/ /evil.example",
	                                        "/x y",
	                                        "/x\x7f",
	                                        "/x\xc2\x85y",
	                                        "https://evil.example/",
	                                        "evil.example",
	                                        "",
	                                        "\\/evil.example",
	                                        NULL};
	for (const char *const *p = local; *p; p++)
		assert_string_equal(local_path_or(*p, "FALLBACK"), *p);
	for (const char *const *p = not_local; *p; p++)
		assert_string_equal(local_path_or(*p, "FALLBACK"), "FALLBACK");
	assert_string_equal(local_path_or(NULL, "/"), "/");
}

TEST_MAIN("web_connguard", NULL, NULL, cmocka_unit_test(test_per_address_limit),
          cmocka_unit_test(test_reserve_goes_to_newcomers), cmocka_unit_test(test_local_paths))
