#include <string.h>

#include "core/division.h"
#include "core/region.h"

/* §3.1: the CSRC Shandong Bureau supervises Shandong except Qingdao (own CSRC bureau). */
const pilot_region PILOT_REGION_JINAN = {
	.city_code = "370100",     /* 济南市 */
	.province_code = "370000", /* 山东省 */
	.excluded_city_codes = {"370200" /* 青岛市 */, NULL},
	.bureau_zh = "中国证券监督管理委员会山东监管局",
	.bureau_en = "CSRC Shandong Bureau",
};

static bool str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

bool region_in_jurisdiction(const pilot_region *r, const char *province_code,
			    const char *city_code)
{
	if (r == NULL || city_code == NULL || !str_eq(r->province_code, province_code) ||
	    !division_in_province(city_code, province_code))
		return false;
	for (int i = 0; i < REGION_MAX_EXCLUDED && r->excluded_city_codes[i] != NULL; i++)
		if (strcmp(r->excluded_city_codes[i], city_code) == 0)
			return false;
	return true;
}

bool region_is_pilot_city(const pilot_region *r, const char *city_code)
{
	return r != NULL && str_eq(r->city_code, city_code);
}

bool region_is_pilot_province(const pilot_region *r, const char *province_code)
{
	return r != NULL && str_eq(r->province_code, province_code);
}
