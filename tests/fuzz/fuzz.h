/* What the fuzz targets share: a property that must hold (abort() otherwise, which libFuzzer
 * and the replay driver both report as a crash), and the input as a C string. */
#ifndef BAOTU_TESTS_FUZZ_H
#define BAOTU_TESTS_FUZZ_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline void must(int cond)
{
	if (!cond)
		abort();
}

/* The input copied with a NUL after it (malloc'd; NULL when out of memory). A NUL inside cuts
 * the string there, as it would any C string the code under test is given. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif
