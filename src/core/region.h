/* region: where the pilot runs, as one settings structure. Another city's pilot is another
 * pilot_region value, not a code change: no other file names the city or province (§3.1).
 * Places are GB/T 2260 division codes (core/division.h), never names: "济南", "济南市" and
 * "Jinan" are one place. */
#ifndef BAOTU_CORE_REGION_H
#define BAOTU_CORE_REGION_H
#include <stdbool.h>

#define REGION_MAX_EXCLUDED 8

typedef struct pilot_region {
	const char *city_code;     /* the pilot city, e.g. 370100 济南市 */
	const char *province_code; /* the province of the supervising CSRC bureau, e.g. 370000 */
	/* NULL-terminated (or full): cities of the province under another CSRC bureau. */
	const char *excluded_city_codes[REGION_MAX_EXCLUDED];
	const char *bureau_zh; /* the CSRC bureau whose jurisdiction this is */
	const char *bureau_en;
} pilot_region;

extern const pilot_region PILOT_REGION_JINAN;

/* §3.1 属于…监管局辖区: the province matches, the city lies in it and is not one the
 * province's other bureau supervises. NULL-safe: an unknown (NULL) province or city is never
 * in jurisdiction. */
bool region_in_jurisdiction(const pilot_region *r, const char *province_code,
			    const char *city_code);

/* True when city_code is the pilot city itself. NULL-safe. */
bool region_is_pilot_city(const pilot_region *r, const char *city_code);

/* True when province_code is the pilot's province: there the rule tells its cities apart, so a
 * registered city must be a known division (elsewhere any city of the province is judged
 * alike). NULL-safe. */
bool region_is_pilot_province(const pilot_region *r, const char *province_code);

#endif
