/* §3.1 places: names in full, short or English form, or GB/T 2260 codes, all mean one
 * division; the rules judge the code. */
#include "app/places.h"
#include "app/app_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/json.h"
#include "lib/log.h"
#include "store/institutions.h"

/* Rows read at a time by places_unmapped. */
#define PLACES_PAGE 500

static division_table TABLE;
static pthread_once_t TABLE_ONCE = PTHREAD_ONCE_INIT;

static void load_table(void)
{
	const embedded_file *f = embedded_find(DIVISIONS_FILE);
	int bad = 0;
	if (!f || division_parse_csv(f->data, &TABLE, &bad) < 0) {
		log_error("%s is malformed at line %d", DIVISIONS_FILE, bad);
		abort();
	}
}

const division_table *places_table(void)
{
	pthread_once(&TABLE_ONCE, load_table);
	return &TABLE;
}

const char *places_name(const char *code, const char *stored)
{
	const division *d = code ? division_by_code(places_table(), code) : NULL;
	return d ? d->name : stored;
}

static const char *trimmed(arena *a, const char *s)
{
	const char *b = s, *e = s + strlen(s);
	while (*b == ' ' || *b == '\t')
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return arena_strndup(a, b, (size_t)(e - b));
}

static bool looks_like_code(const char *s)
{
	size_t digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != ' ')
			return false;
	}
	return digits > 0;
}

#define UNKNOWN_PLACE_MSG                                                                          \
	"Field {field} names no known administrative division: give its full name (山东省), "   \
	"short name (山东), English name (Shandong) or GB/T 2260 code (370000)."

int places_resolve(const pilot_region *r, arena *a, const char *province, const char *city,
                   const char *office, place_set *out, err *e)
{
	const division_table *t = places_table();
	memset(out, 0, sizeof *out);
	out->province = division_find_province(t, province);
	if (!out->province)
		return err_set(e, 400, "unknown_place", "registered_province", UNKNOWN_PLACE_MSG);
	out->province_text = out->province->name;

	out->city = division_find_city(t, city);
	if (out->city) {
		if (!division_in_province(out->city->code, out->province->code))
			return err_set(e, 400, "place_mismatch", "registered_city",
			               "Field {field} is not in the registered province.");
		out->city_text = out->city->name;
	} else if (looks_like_code(city) || division_is_municipality(out->province->code) ||
	           region_is_pilot_province(r, out->province->code) ||
	           division_city_mentioned(t, city)) {
		/* §3.1 tells the pilot province's cities apart, and a municipality is its own city:
		 * there an unknown city is refused, never stored as an unjudgeable name */
		return err_set(e, 400, "unknown_place", "registered_city", UNKNOWN_PLACE_MSG);
	} else {
		out->city_text = trimmed(a, city); /* a city the rule judges by its province */
	}

	out->office = division_find_city(t, office);
	if (out->office)
		out->office_text = out->office->name;
	else if (looks_like_code(office) || division_city_mentioned(t, office))
		/* a district of a listed city (济南高新区) is that city: say so, never store it as
		 * somewhere else */
		return err_set(e, 400, "unknown_place", "main_office_city", UNKNOWN_PLACE_MSG);
	else
		out->office_text = trimmed(a, office); /* any city but the pilot city is alike */
	return 0;
}

/* What is wrong with one stored row's places, or NULL: the field and the error code. */
static bool row_problem(const pilot_region *r, arena *a, const store_result *res, int i,
                        const char **field, const char **code)
{
	place_set ps;
	err e;
	err_clear(&e);
	const char *pc = store_get(res, i, "registered_province_code");
	const char *cc = store_get(res, i, "registered_city_code");
	const char *oc = store_get(res, i, "main_office_city_code");
	if (places_resolve(r, a, store_get(res, i, "registered_province"),
	                   store_get(res, i, "registered_city"),
	                   store_get(res, i, "main_office_city"), &ps, &e) < 0) {
		*field = e.field;
		*code = e.code;
		return true;
	}
	/* names that resolve but whose stored codes are missing or differ */
	const struct {
		const division *d;
		const char *stored, *field;
	} cmp[] = {{ps.province, pc, "registered_province"},
	           {ps.city, cc, "registered_city"},
	           {ps.office, oc, "main_office_city"}};
	for (size_t k = 0; k < sizeof cmp / sizeof *cmp; k++) {
		const char *want = cmp[k].d ? cmp[k].d->code : NULL;
		if ((want == NULL) != (cmp[k].stored == NULL) ||
		    (want && strcmp(want, cmp[k].stored))) {
			*field = cmp[k].field;
			*code = "code_mismatch";
			return true;
		}
	}
	return false;
}

json_t *places_unmapped(app *ap, arena *a, int64_t after, int limit, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	json_t *items = json_array(), *out = NULL;
	int64_t last = after;
	bool more = false;
	/* every row is examined (the register is small: hundreds of institutions), a page at a
	 * time so that memory stays bounded */
	for (;;) {
		store_result *r;
		if (institutions_places_page(c, a, last, PLACES_PAGE, &r, e) < 0) {
			json_decref(items);
			goto done;
		}
		for (int i = 0; i < r->nrows; i++) {
			const char *field, *code;
			last = store_get_int(r, i, "id");
			if (!row_problem(ap->region, a, r, i, &field, &code))
				continue;
			if ((int)json_array_size(items) == limit) {
				more = true;
				break;
			}
			json_array_append_new(
			    items,
			    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			              (json_int_t)last, "name", store_get(r, i, "name"),
			              "credit_code", store_get(r, i, "credit_code"), "field", field,
			              "code", code, "registered_province",
			              store_get(r, i, "registered_province"), "registered_city",
			              store_get(r, i, "registered_city"), "main_office_city",
			              store_get(r, i, "main_office_city")));
		}
		if (more || r->nrows < PLACES_PAGE)
			break;
	}
	out = json_pack("{s:o}", "items", items);
	size_t n = json_array_size(items);
	json_int_t next =
	    more ? json_integer_value(json_object_get(json_array_get(items, n - 1), "id")) : 0;
	json_object_set_new(out, "next",
	                    more ? json_string(arena_printf(a, "%lld", (long long)next))
	                         : json_null());
done:
	app_read_end(c);
	return out;
}
