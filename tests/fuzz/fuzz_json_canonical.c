/* libFuzzer target: the canonical JSON the event chain hashes (docs/AUDIT.md). Properties: the
 * canonical text of any value parses back to an equal value and is itself judged canonical; the
 * fast check (json_canonical_check) never says "canonical" of bytes that differ from the canonical
 * text of their value, nor "not canonical" of the canonical text itself. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	int verdict = json_canonical_check(text, size);
	json_error_t je;
	json_t *v = json_loadb(text, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		must(verdict != 1); /* what does not parse is not canonical */
		return 0;
	}
	char *c = json_canonical(v);
	if (c) {
		size_t n = strlen(c);
		if (verdict == 1)
			must(n == size && !memcmp(c, text, size));
		if (n == size && !memcmp(c, text, size))
			must(verdict != 0);
		must(json_canonical_check(c, n) != 0);
		json_t *back = json_loadb(c, n, JSON_DECODE_ANY, &je);
		must(back && json_equal(back, v));
		json_decref(back);
		free(c);
	}
	json_decref(v);
	return 0;
}
