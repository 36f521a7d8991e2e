/* libFuzzer target: the working-day calendar's CSV import (the file an officer uploads, §4.2's
 * deadlines are counted on it) and the CSV record splitter under it. Properties: a parse that
 * succeeds gives real dates, strictly increasing, each a holiday or a weekend workday, never more
 * than the room given; a refusal names a line that exists. Every split field lies in the arena. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "core/calendar.h"
#include "lib/arena.h"
#include "lib/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	if (!text)
		return 0;

	cal_special out[32];
	int bad = 0;
	int n = cal_parse_csv(text, out, 32, &bad);
	if (n >= 0) {
		must(n <= 32);
		for (int i = 0; i < n; i++) {
			char iso[11];
			cal_format(out[i].date, iso);
			cal_date back;
			must(cal_parse(iso, &back) == 0 && back.y == out[i].date.y &&
			     back.m == out[i].date.m && back.d == out[i].date.d);
			if (i > 0)
				must(cal_days(out[i - 1].date) < cal_days(out[i].date));
			int wd = cal_weekday(out[i].date);
			must(out[i].kind == CAL_DAY_HOLIDAY || out[i].kind == CAL_DAY_WORKDAY);
			if (out[i].kind == CAL_DAY_WORKDAY)
				must(wd == 6 || wd == 7);
		}
	} else {
		size_t lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += text[i] == '\n';
		must(bad >= 1 && (size_t)bad <= lines);
	}

	/* every line through the record splitter */
	arena *a = arena_new();
	size_t pos = 0, len = 0;
	const char *start = NULL;
	while (csv_next_line(text, size, &pos, &start, &len) != 0) {
		const char *f[8];
		int k = csv_split(a, start, len, f, 8);
		must(k <= 8);
		for (int i = 0; i < k; i++)
			must(f[i] != NULL && strlen(f[i]) <= len);
	}
	arena_free(a);
	free(text);
	return 0;
}
