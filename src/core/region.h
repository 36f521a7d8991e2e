/* region: where the pilot runs, as one settings structure. Another city's pilot is another
 * pilot_region value, not a code change: no other file names the city or province (§3.1). */
#ifndef BAOTU_CORE_REGION_H
#define BAOTU_CORE_REGION_H
#include <stdbool.h>

#define REGION_MAX_EXCLUDED 8

typedef struct pilot_region {
	const char *city;     /* the pilot city, e.g. 济南市 */
	const char *province; /* the province of the supervising CSRC bureau, e.g. 山东省 */
	/* NULL-terminated (or full): cities of the province under another CSRC bureau. */
	const char *excluded_cities[REGION_MAX_EXCLUDED];
	const char *bureau_zh; /* the CSRC bureau whose jurisdiction this is */
	const char *bureau_en;
} pilot_region;

extern const pilot_region PILOT_REGION_JINAN;

/* §3.1 属于…监管局辖区: the province matches and the city is not one the province's other
 * bureau supervises. NULL-safe: an unknown province or city is never in jurisdiction.
 * Names compare byte for byte (the caller normalises, e.g. "济南" vs "济南市"). */
bool region_in_jurisdiction(const pilot_region *r, const char *province, const char *city);

/* True when city is the pilot city itself. NULL-safe. */
bool region_is_pilot_city(const pilot_region *r, const char *city);

#endif
