/* The JSON writer against jansson: the same values give the same text, byte for byte, so that
 * an answer written by either reads the same to a client. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/jw.h"
#include "support.h"

static const char *const STRINGS[] = {
    "",
    "plain",
    "济南市 资本市场金融科技创新试点",
    "quote \" backslash \\ slash / done",
    "controls \b \f \n \r \t and \x01 \x1f \x7f",
    "emoji 🙂 and U+2028 \xe2\x80\xa8 kept",
    "</script><!--",
};

static void test_strings_as_jansson_writes_them(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof STRINGS / sizeof *STRINGS; i++) {
		buf b = BUF_INIT;
		jw w = JW_INIT(&b);
		jw_str(&w, STRINGS[i]);
		json_t *v = json_string(STRINGS[i]);
		char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		assert_string_equal(buf_cstr(&b), want);
		free(want);
		json_decref(v);
		buf_free(&b);
	}
}

static void test_nested_values_and_commas(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	jw w = JW_INIT(&b);
	jw_obj(&w);
	jw_members(&w, "{\"a\":1,\"b\":[true,null]}");
	jw_key(&w, "id");
	jw_int(&w, -9007199254740993LL);
	jw_key(&w, "name");
	jw_str(&w, NULL);
	jw_key(&w, "list");
	jw_arr(&w);
	jw_obj(&w);
	jw_key(&w, "x");
	jw_bool(&w, false);
	jw_end(&w);
	jw_obj(&w);
	jw_end(&w);
	jw_arr(&w);
	jw_end(&w);
	jw_int(&w, 0);
	jw_end(&w);
	jw_key(&w, "raw");
	jw_raw(&w, "{\"k\":\"v\"}");
	jw_key(&w, "empty");
	jw_members(&w, "{}");
	jw_null(&w);
	jw_end(&w);
	json_t *want = json_pack("{s:i, s:[b, n], s:I, s:n, s:[{s:b}, {}, [], i], s:{s:s}, s:n}",
	                         "a", 1, "b", 1, "id", (json_int_t)-9007199254740993LL, "name",
	                         "list", "x", 0, 0, "raw", "k", "v", "empty");
	char *text = json_dumps(want, JSON_COMPACT);
	assert_string_equal(buf_cstr(&b), text);
	free(text);
	json_decref(want);
	/* an object that starts with spliced members and has none of its own */
	buf_reset(&b);
	w = JW_INIT(&b);
	jw_obj(&w);
	jw_members(&w, "{\"only\":\"one\"}");
	jw_end(&w);
	assert_string_equal(buf_cstr(&b), "{\"only\":\"one\"}");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strings_as_jansson_writes_them),
	    cmocka_unit_test(test_nested_values_and_commas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
