/* json_canonical_check against jansson: a text is judged canonical exactly when parsing it and
 * writing it canonically gives it back, for texts jansson writes and for near misses of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "support.h"

/* What a parse and a canonical write say of text: 1 the same text, 0 not. */
static int by_jansson(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!v)
		return 0;
	char *c = json_canonical(v);
	int same = !strcmp(c, text);
	free(c);
	json_decref(v);
	return same;
}

static void agree(const char *text)
{
	int quick = json_canonical_check(text, strlen(text));
	if (quick >= 0 && quick != by_jansson(text))
		fail_msg("json_canonical_check says %d, jansson %d: %s", quick, by_jansson(text),
		         text);
}

/* Each case: canonical or not, jansson and json_canonical_check must agree. */
static const char *const CASES[] = {
    "{}",
    "[]",
    "{\"a\":1}",
    "{\"a\":1,\"b\":2}",
    "{\"b\":1,\"a\":2}",
    "{\"a\":1,\"a\":2}",
    "{\"a\":1 }",
    "{ \"a\":1}",
    "{\"a\" :1}",
    "{\"a\":01}",
    "{\"a\":-0}",
    "{\"a\":0}",
    "{\"a\":-1}",
    "{\"a\":9223372036854775807}",
    "{\"a\":9223372036854775808}",
    "{\"a\":-9223372036854775808}",
    "{\"a\":-9223372036854775809}",
    "{\"a\":1.5}",
    "{\"a\":1e3}",
    "{\"a\":true,\"b\":false,\"c\":null}",
    "{\"a\":tru}",
    "{\"a\":\"x\"}",
    "{\"a\":\"\\n\\t\\\"\\\\\"}",
    "{\"a\":\"\\/\"}",
    "{\"a\":\"\\u0041\"}",
    "{\"a\":\"\\u001F\"}",
    "{\"a\":\"\\u001f\"}",
    "{\"a\":\"\\u000A\"}",
    "{\"a\":\"\\u0000\"}",
    "{\"a\":\"\x01\"}",
    "{\"a\":\"济南\"}",
    "{\"a\":\"\\u6d4e\"}",
    "{\"a\":\"\xff\"}",
    "{\"a\":\"\xed\xa0\x80\"}",
    "{\"a\":[1,2,[3,{\"b\":{}}]]}",
    "{\"a\":[1,2,]}",
    "{\"a\":[,1]}",
    "{\"a\":1,}",
    "{\"ab\":1,\"a\":2}",
    "{\"a\":1,\"ab\":2}",
    "{\"B\":1,\"a\":2}",
    "{\"é\":1,\"z\":2}",
    "{\"z\":1,\"é\":2}",
    "{\"a\":1}x",
    "{\"a\":\"unterminated}",
    "{\"a\"}",
    "{\"a\":}",
    "",
    "\"top\"",
    "{\"a\":[]}",
    "{\"a\":{}}",
    "{\"a\":\"\x7f\"}",
};

static void test_cases_agree_with_jansson(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++)
		agree(CASES[i]);
	/* and the ones that must be sure */
	static const char *const sure_yes = "{\"a\":1,\"b\":[true,null]}",
	                         *sure_no = "{\"b\":1,\"a\":2}", *unsure = "{\"a\":1.5}",
	                         *escaped_key = "{\"a\\n\":1}";
	assert_int_equal(json_canonical_check(sure_yes, strlen(sure_yes)), 1);
	assert_int_equal(json_canonical_check(sure_no, strlen(sure_no)), 0);
	assert_int_equal(json_canonical_check(unsure, strlen(unsure)), -1);
	assert_int_equal(json_canonical_check(escaped_key, strlen(escaped_key)), -1);
}

/* Random values as jansson writes them canonically are canonical; each with one byte changed
 * is judged as jansson judges it. */
static json_t *random_value(unsigned *seed, int depth)
{
	static const char *const words[] = {"a",   "b",   "ab",    "济南", "x\ny",
	                                    "q\"", "s\\", "t\x01", "é"};
	int k = rand_r(seed) % (depth > 3 ? 4 : 6);
	switch (k) {
	case 0:
		return json_integer((json_int_t)(rand_r(seed) % 2000) - 1000);
	case 1:
		return json_string(words[rand_r(seed) % 9]);
	case 2:
		return rand_r(seed) % 2 ? json_true() : json_null();
	case 3:
		return json_integer((json_int_t)rand_r(seed) * 4294967296LL);
	case 4: {
		json_t *a = json_array();
		for (int i = rand_r(seed) % 4; i > 0; i--)
			json_array_append_new(a, random_value(seed, depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		for (int i = rand_r(seed) % 5; i > 0; i--)
			json_object_set_new(o, words[rand_r(seed) % 9],
			                    random_value(seed, depth + 1));
		return o;
	}
	}
}

static void test_random_values_and_near_misses(void **state)
{
	(void)state;
	unsigned seed = 20261130;
	static const char swaps[] = " ,:{}[]\"\\0-1aZ\n";
	for (int n = 0; n < 3000; n++) {
		json_t *o = json_object();
		json_object_set_new(o, "v", random_value(&seed, 0));
		json_object_set_new(o, "w", random_value(&seed, 0));
		char *text = json_canonical(o);
		json_decref(o);
		/* canonical: sure of it, unless a key holds an escape (then the parse decides) */
		assert_int_not_equal(json_canonical_check(text, strlen(text)), 0);
		size_t len = strlen(text);
		char *m = strdup(text);
		m[rand_r(&seed) % len] = swaps[rand_r(&seed) % (sizeof swaps - 1)];
		agree(m);
		free(m);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases_agree_with_jansson),
	    cmocka_unit_test(test_random_values_and_near_misses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
