/* libFuzzer target: the second factor's text handling: base32 secrets as people paste them and
 * the one-time code check. Properties: what decodes re-encodes to text that decodes to the same
 * bytes; a code is accepted only for a step inside the window and after the last one used, and
 * the accepted step's code is the one given. The first byte picks the hash and the window. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/totp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	totp_hash h = (totp_hash)(data[0] % 3);
	int window = (data[0] >> 2) % 3;
	char *s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';

	/* "SECRET|CODE": the text before the first bar is the secret, after it the code */
	char *sep = strchr(s, '|');
	const char *code = "";
	if (sep) {
		*sep = '\0';
		code = sep + 1;
	}
	uint8_t key[TOTP_SECRET_MAX];
	int n = base32_decode(s, key, sizeof key);
	if (n > 0) {
		char enc[TOTP_SECRET_MAX * 2];
		must(base32_encode(key, (size_t)n, enc) == base32_len((size_t)n));
		uint8_t again[TOTP_SECRET_MAX];
		must(base32_decode(enc, again, sizeof again) == n &&
		     !memcmp(again, key, (size_t)n));
		int64_t t = 1700000000;
		int64_t last = (int64_t)(size % 7) - 1 + t / TOTP_STEP - 3;
		int64_t step = totp_check(h, key, (size_t)n, code, 6, t, window, last);
		if (step >= 0) {
			must(step > last && step >= t / TOTP_STEP - window &&
			     step <= t / TOTP_STEP + window);
			char want[16];
			snprintf(want, sizeof want, "%06lld",
			         (long long)hotp(h, key, (size_t)n, (uint64_t)step, 6));
			must(!strcmp(want, code));
		}
	}
	free(s);
	return 0;
}
