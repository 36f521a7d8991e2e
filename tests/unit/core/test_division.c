#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/division.h"
#include "core/region.h"
#include "support.h"

static char csv_text[64 * 1024];
static division_table shipped;

static int load_shipped(void **state)
{
	(void)state;
	if (read_source_file("data/divisions.csv", csv_text, sizeof csv_text) < 0)
		return -1;
	int bad = -1;
	if (division_parse_csv(csv_text, &shipped, &bad) < 0) {
		fprintf(stderr, "divisions.csv: malformed line %d\n", bad);
		return -1;
	}
	return 0;
}

/* The shipped table: all 34 provincial-level units, Shandong's 16 cities and the abolished
 * Laiwu (the target of old credit codes), and the four bureau cities outside Shandong. */
static void test_shipped_table(void **state)
{
	(void)state;
	size_t provinces = 0, cities = 0;
	for (size_t i = 0; i < shipped.n; i++) {
		if (shipped.rows[i].level == DIVISION_PROVINCE)
			provinces++;
		else
			cities++;
	}
	assert_int_equal(provinces, 34);
	assert_int_equal(cities, 17 + 4);
	const division *d = division_by_code(&shipped, "370100");
	assert_non_null(d);
	assert_string_equal(d->name, "济南市");
	assert_string_equal(d->short_name, "济南");
	assert_string_equal(d->name_en, "Jinan");
	assert_int_equal(d->level, DIVISION_CITY);
	/* the quoted note with commas is read as one field */
	assert_non_null(division_by_code(&shipped, "371200"));
	assert_non_null(division_by_code(&shipped, "370000"));
	assert_null(division_by_code(&shipped, "330100"));
	assert_null(division_by_code(&shipped, NULL));
}

/* Each of NAMES is found by FIND as the division CODE (NULL: as none). */
static void expect_found(const division *(*find)(const division_table *, const char *),
                         const char *code, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const division *d = find(&shipped, names[i]);
		if (code == NULL) {
			assert_null(d);
			continue;
		}
		assert_non_null(d);
		assert_string_equal(d->code, code);
	}
}
#define FINDS(find, code, ...)                                                                     \
	do {                                                                                       \
		const char *const names_[] = {__VA_ARGS__};                                        \
		expect_found(find, code, names_, sizeof names_ / sizeof *names_);                  \
	} while (0)

/* §3.1: "山东", "山东省", "Shandong", "shandong" and 370000 are one province. */
static void test_find_province(void **state)
{
	(void)state;
	FINDS(division_find_province, "370000", "山东省", "山东", "Shandong", "SHANDONG",
	      "shandong", "370000", " 山东 ", "\xE3\x80\x80山东省\xE3\x80\x80");
	FINDS(division_find_province, "150000", "Inner Mongolia");
	FINDS(division_find_province, "110000", "北京");
	FINDS(division_find_province, NULL, "", "  ", "山東省", "Shandong Province", "37", "370100",
	      "济南", "火星", "3700000", NULL);
	assert_null(division_find_province(NULL, "山东"));
}

static void test_find_city(void **state)
{
	(void)state;
	FINDS(division_find_city, "370100", "济南市", "济南", "Jinan", "jinan", "370100",
	      /* Laiwu was merged into Jinan in January 2019 */
	      "莱芜", "莱芜市", "Laiwu", "371200");
	FINDS(division_find_city, "370200", "Qingdao");
	FINDS(division_find_city, "440300", "深圳");
	/* a municipality is its own city */
	FINDS(division_find_city, "110000", "北京市");
	FINDS(division_find_city, "310000", "Shanghai");
	FINDS(division_find_city, "810000", "香港");
	/* a province is no city; an unlisted city is unknown */
	FINDS(division_find_city, NULL, "山东省", "杭州市", "济南市历下区");
}

/* A district or zone of a listed city is not a city of its own: it is recognised, to be refused. */
static void test_city_mentioned(void **state)
{
	(void)state;
	assert_string_equal(division_city_mentioned(&shipped, "济南高新区")->code, "370100");
	assert_string_equal(division_city_mentioned(&shipped, " 济南市历下区")->code, "370100");
	assert_string_equal(division_city_mentioned(&shipped, "Jinan High-tech Zone")->code,
	                    "370100");
	assert_string_equal(division_city_mentioned(&shipped, "深圳南山区")->code, "440300");
	assert_string_equal(division_city_mentioned(&shipped, "北京市海淀区")->code, "110000");
	assert_null(division_city_mentioned(&shipped, "杭州市"));
	assert_null(division_city_mentioned(&shipped, "Jinanfu"));
	assert_null(division_city_mentioned(&shipped, "济南")); /* that is the city itself */
	assert_null(division_city_mentioned(&shipped, NULL));
}

static void test_credit_code_division(void **state)
{
	(void)state;
	char city[7], prov[7];
	assert_int_equal(division_of_credit_code("91370102MA3C00001X", city, prov), 0);
	assert_string_equal(city, "370100");
	assert_string_equal(prov, "370000");
	/* an old Laiwu code points to Jinan today */
	assert_int_equal(division_of_credit_code("91371202MA3C00001X", city, prov), 0);
	assert_string_equal(city, "370100");
	assert_int_equal(division_of_credit_code("91A70102", city, prov), -1);
	assert_int_equal(division_of_credit_code("9137", city, prov), -1);
	assert_int_equal(division_of_credit_code(NULL, city, prov), -1);

	/* compared at city level */
	assert_true(division_credit_code_agrees("91370102MA3C00001X", "370000", "370100"));
	assert_true(division_credit_code_agrees("91371203MA3C00001X", "370000", "370100"));
	assert_false(division_credit_code_agrees("91370202MA3C00001X", "370000", "370100"));
	assert_false(division_credit_code_agrees("91440300MA3C00001X", "370000", "370100"));
	/* a municipality compares at province level: any district of Beijing is Beijing */
	assert_true(division_credit_code_agrees("91110105MA3C00001X", "110000", "110000"));
	assert_true(division_credit_code_agrees("91110000MA3C00001X", "110000", "110000"));
	assert_false(division_credit_code_agrees("91120105MA3C00001X", "110000", "110000"));
	/* a city outside the listed ones (no code) compares at province level */
	assert_true(division_credit_code_agrees("91330100MA3C00001X", "330000", NULL));
	assert_false(division_credit_code_agrees("91370100MA3C00001X", "330000", NULL));
	assert_false(division_credit_code_agrees("91370100MA3C00001X", NULL, NULL));
}

static void test_in_province(void **state)
{
	(void)state;
	assert_true(division_in_province("370100", "370000"));
	assert_true(division_in_province("110000", "110000"));
	assert_false(division_in_province("440300", "370000"));
	assert_false(division_in_province("370100", "370100"));
	assert_false(division_in_province(NULL, "370000"));
	assert_false(division_in_province("济南市", "370000"));
}

static void test_parse_errors(void **state)
{
	(void)state;
	static division_table t;
	int bad;
	const char *const H = "code,name,short_name,name_en,level,note\n";
	char text[512];
	assert_int_equal(division_parse_csv("code,name\n", &t, &bad), -1);
	assert_int_equal(bad, 1);
	snprintf(text, sizeof text,
	         "%s370000,山东省,山东,Shandong,province,\n"
	         "370100,济南市,济南,Jinan,city,\"a, \"\"b\"\"\"\r\n",
	         H);
	assert_int_equal(division_parse_csv(text, &t, &bad), 2);
	const char *const rows[] = {
	    "37000,山东省,山东,Shandong,province,\n",        /* five digits */
	    "370100,济南市,济南,Jinan,province,\n",          /* a province code ends 0000 */
	    "370000,山东省,山东,Shandong,county,\n",         /* unknown level */
	    "370000,山东省,,Shandong,province,\n",           /* empty short name */
	    "370000,山东省,山东,Shandong,province\n",        /* five fields */
	    "370000,山东省,山东,Shandong,province,\"open\n", /* unclosed quote */
	    "440300,深圳市,深圳,Shenzhen,city,\n",           /* its province is not listed */
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		snprintf(text, sizeof text, "%s%s", H, rows[i]);
		assert_int_equal(division_parse_csv(text, &t, &bad), -1);
		assert_int_equal(bad, 2);
	}
	snprintf(text, sizeof text,
	         "%s370000,山东省,山东,Shandong,province,\n"
	         "370000,山东省,山东,Shandong,province,\n",
	         H);
	assert_int_equal(division_parse_csv(text, &t, &bad), -1); /* duplicate code */
	assert_int_equal(bad, 3);
	assert_int_equal(division_parse_csv(NULL, &t, &bad), -1);
}

/* The pilot region is in codes and they are in the shipped table. */
static void test_region_codes_listed(void **state)
{
	(void)state;
	const pilot_region *r = &PILOT_REGION_JINAN;
	assert_non_null(division_by_code(&shipped, r->city_code));
	assert_non_null(division_by_code(&shipped, r->province_code));
	for (int i = 0; i < REGION_MAX_EXCLUDED && r->excluded_city_codes[i]; i++)
		assert_non_null(division_by_code(&shipped, r->excluded_city_codes[i]));
	assert_true(division_in_province(r->city_code, r->province_code));
}

TEST_MAIN("division", load_shipped, NULL, cmocka_unit_test(test_shipped_table),
          cmocka_unit_test(test_find_province), cmocka_unit_test(test_find_city),
          cmocka_unit_test(test_credit_code_division), cmocka_unit_test(test_in_province),
          cmocka_unit_test(test_parse_errors), cmocka_unit_test(test_region_codes_listed),
          cmocka_unit_test(test_city_mentioned))
