/* places: the registered and main-office places of an institution as division codes (§3.1),
 * resolved from what a person or system wrote, and the register rows that still lack them. */
#ifndef BAOTU_APP_PLACES_H
#define BAOTU_APP_PLACES_H
#include "app/app.h"
#include "core/division.h"

#define DIVISIONS_FILE "data/divisions.csv"

/* The embedded division table, parsed once (aborts if the shipped file is malformed: it is
 * part of the build, and a unit test parses it). */
const division_table *places_table(void);

/* The three places of an institution. A NULL division is a city outside the listed divisions
 * (allowed only where the rule does not tell cities apart); its text is then kept as given
 * (trimmed). Otherwise text is the division's full name. */
typedef struct place_set {
	const division *province, *city, *office;
	const char *province_text, *city_text, *office_text;
} place_set;

/* Resolves the names or codes of an institution's places. Errors name the field: 400
 * unknown_place (no such division, or an unlisted city in the pilot province), 400
 * place_mismatch (a city of another province). */
int places_resolve(const pilot_region *r, arena *a, const char *province, const char *city,
                   const char *office, place_set *out, err *e);

/* The name a reader sees for a stored place: the division's full name when the code is known,
 * else the stored text. */
const char *places_name(const char *code, const char *stored);

/* The register rows whose places the rules cannot use as they stand (left unmapped by the
 * migration to codes, or contradictory): {"items":[{id, name, credit_code, field, code,
 * registered_province, registered_city, main_office_city}]}, at most limit rows after id
 * `after`, with "next". */
json_t *places_unmapped(app *ap, arena *a, int64_t after, int limit, err *e);

#endif
