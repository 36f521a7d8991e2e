#include <string.h>

#include "core/region.h"

/* §3.1: the CSRC Shandong Bureau supervises Shandong except Qingdao (own CSRC bureau). */
const pilot_region PILOT_REGION_JINAN = {
	.city = "济南市",
	.province = "山东省",
	.excluded_cities = {"青岛市", NULL},
	.bureau_zh = "中国证券监督管理委员会山东监管局",
	.bureau_en = "CSRC Shandong Bureau",
};

static bool str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

bool region_in_jurisdiction(const pilot_region *r, const char *province, const char *city)
{
	if (r == NULL || city == NULL || !str_eq(r->province, province))
		return false;
	for (int i = 0; i < REGION_MAX_EXCLUDED && r->excluded_cities[i] != NULL; i++)
		if (strcmp(r->excluded_cities[i], city) == 0)
			return false;
	return true;
}

bool region_is_pilot_city(const pilot_region *r, const char *city)
{
	return r != NULL && str_eq(r->city, city);
}
