/* division: administrative division codes (GB/T 2260) at province and prefecture level, the
 * places §3.1 is judged on. The table is data (data/divisions.csv, embedded); this module
 * parses it and answers lookups. Pure: no I/O, no allocation. */
#ifndef BAOTU_CORE_DIVISION_H
#define BAOTU_CORE_DIVISION_H
#include <stdbool.h>
#include <stddef.h>

#define DIVISION_CODE_LEN 6
#define DIVISIONS_MAX 128

typedef enum { DIVISION_PROVINCE = 1, DIVISION_CITY = 2 } division_level;

typedef struct division {
	char code[DIVISION_CODE_LEN + 1]; /* "370100" */
	char name[64];                    /* full name: 济南市 */
	char short_name[32];              /* 济南 */
	char name_en[64];                 /* Jinan */
	division_level level;
} division;

typedef struct division_table {
	division rows[DIVISIONS_MAX];
	size_t n;
} division_table;

/* Parses the CSV text (header `code,name,short_name,name_en,level,note`; a code is six digits,
 * a province's ends in 0000, a city's in 00 and names a listed province; level `province` or
 * `city`). Returns the count, or -1 with *bad_line (1-based, header is line 1; may be NULL) on
 * a malformed line, a duplicate code, or a row beyond DIVISIONS_MAX. CRLF and a BOM are
 * accepted. */
int division_parse_csv(const char *text, division_table *out, int *bad_line);

/* The row with this code, NULL if none. NULL-safe. */
const division *division_by_code(const division_table *t, const char *code);

/* A province named by its code, full name (山东省), short name (山东) or English name
 * (Shandong, any case). Spaces around the text (ASCII or U+3000) are ignored. NULL if none. */
const division *division_find_province(const division_table *t, const char *text);

/* A prefecture-level city named as above; a municipality or special administrative region
 * (北京, 上海, 香港...) is its own city, so its province row is returned. An abolished city is
 * answered with its successor (莱芜 -> 济南市). NULL if none. */
const division *division_find_city(const division_table *t, const char *text);

/* The listed city (or municipality) a text that names no division begins with, e.g. 济南 for
 * "济南高新区" or "Jinan High-tech Zone": a district or zone of a listed city, not a city of
 * its own. NULL if none. */
const division *division_city_mentioned(const division_table *t, const char *text);

/* True for the province-level units that have no prefecture-level cities: the four
 * municipalities and the two special administrative regions. NULL-safe (false). */
bool division_is_municipality(const char *code);

/* The current city for a city code: an abolished city's successor, else the code itself
 * (371200 Laiwu -> 370100 Jinan, abolished January 2019). Writes DIVISION_CODE_LEN + 1 bytes. */
void division_current_city(const char *code, char out[DIVISION_CODE_LEN + 1]);

/* Whether city_code (a city, or a municipality's own code) lies in province_code. NULL-safe. */
bool division_in_province(const char *city_code, const char *province_code);

/* Characters 3-8 of a unified social credit code name the registering authority's division
 * (county level). Writes its city (first four digits + "00", with abolished cities mapped to
 * their successor) and province (first two + "0000"). -1 if the code is NULL, shorter than 8
 * characters or not digits there. */
int division_of_credit_code(const char *credit_code, char city[DIVISION_CODE_LEN + 1],
                            char province[DIVISION_CODE_LEN + 1]);

/* Whether the credit code's registering authority agrees with the stated registered place:
 * compared at city level, or at province level for a municipality or when the city has no
 * code (a city outside the listed ones). False when the credit code carries no division. */
bool division_credit_code_agrees(const char *credit_code, const char *province_code,
                                 const char *city_code);

#endif
