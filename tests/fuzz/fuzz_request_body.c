/* libFuzzer target: the strict JSON decoding every API write goes through, then the
 * institution field rules (credit code, text checks). Build and run with `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/credit_code.h"
#include "lib/json.h"
#include "lib/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	err e;
	(void)utf8_valid((const char *)data, size);
	json_t *o = json_parse_object((const char *)data, size, &e);
	if (!o)
		return 0;
	static const char *const allowed[] = {"name", "credit_code", "national", "n", NULL};
	const char *s = NULL;
	bool b, present;
	int64_t n;
	(void)json_only_fields(o, allowed, &e);
	if (json_get_str(o, "credit_code", false, 18, &s, &e) == 0 && s)
		(void)credit_code_valid(s);
	(void)json_get_str(o, "name", false, 200, &s, &e);
	(void)json_get_bool(o, "national", false, &b, &present, &e);
	(void)json_get_int(o, "n", false, &n, &present, &e);
	char *c = json_canonical(o);
	free(c);
	json_decref(o);
	return 0;
}
