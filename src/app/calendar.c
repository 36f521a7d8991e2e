/* The working-day calendar (§4.2): load, first-use seeding from the embedded schedule, and the
 * admin's year-by-year edits. The rules of dates and working days are src/core/calendar.c. */
#include "app/calendar.h"
#include "app/app_internal.h"
#include "app/calendar_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"
#include "lib/embedded.h"
#include "lib/json.h"
#include "lib/utf8.h"
#include "store/calendar.h"
#include "store/settings.h"

#define SEEDED_KEY "calendar_seeded"
#define SEED_MAX_DAYS 4096
#define YEAR_MAX_DAYS 366

int calendar_parse_year(const char *s)
{
	if (!s || strlen(s) != 4)
		return -1;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (s[i] - '0');
	}
	return y >= 1000 ? y : -1;
}

static cal_day_kind kind_of(const char *k)
{
	return k && !strcmp(k, "workday") ? CAL_DAY_WORKDAY : CAL_DAY_HOLIDAY;
}

/* Special days of rows with date and kind columns, sorted as the rows are. */
static calendar calendar_of_rows(arena *a, const store_result *r)
{
	cal_special *days = arena_alloc(a, (size_t)(r->nrows ? r->nrows : 1) * sizeof *days);
	size_t n = 0;
	for (int i = 0; i < r->nrows; i++) {
		cal_date d;
		if (cal_parse(store_get(r, i, "date"), &d) < 0)
			continue; /* never written: dates are validated on the way in */
		if (n && cal_days(d) <= cal_days(days[n - 1].date))
			continue;
		days[n].date = d;
		days[n].kind = kind_of(store_get(r, i, "kind"));
		n++;
	}
	return (calendar){days, n};
}

int calendar_load(store_conn *c, arena *a, calendar *out, err *e)
{
	store_result *r;
	if (calendar_days_all(c, a, &r, e) < 0)
		return -1;
	*out = calendar_of_rows(a, r);
	return 0;
}

/* ---- seeding ---- */

static int seed_rows(store_conn *c, arena *a, const embedded_file *f, json_t *years, int *count,
                     err *e)
{
	size_t pos = 0, len;
	const char *line;
	int lineno = 0;
	*count = 0;
	while (csv_next_line(f->data, f->len, &pos, &line, &len)) {
		if (++lineno == 1)
			continue; /* the header */
		if (len == 0 || (len == 1 && line[0] == '\r'))
			continue;
		const char *fl[4];
		if (csv_split(a, line, len, fl, 4) != 4)
			return err_set(e, 500, "internal", NULL,
			               "The embedded holiday schedule is malformed.");
		if (calendar_days_insert(c, a, fl[0], fl[1], fl[2], fl[3], e) < 0)
			return -1;
		json_int_t y = atoi(fl[0]);
		size_t ny = json_array_size(years);
		if (!ny || json_integer_value(json_array_get(years, ny - 1)) != y)
			json_array_append_new(years, json_integer(y));
		(*count)++;
	}
	return 0;
}

/* The first seed, within its transaction: the shipped days and calendar.imported. */
static int import_tx(store_conn *c, arena *a, err *e)
{
	const char *seeded;
	int64_t days;
	if (store_setting_get(c, a, SEEDED_KEY, &seeded, e) < 0)
		return -1;
	if (seeded) /* another node or thread was first */
		return 0;
	if (calendar_days_count(c, a, &days, e) < 0)
		return -1;
	if (days == 0) {
		const embedded_file *f = embedded_find(CALENDAR_SEED_FILE);
		cal_special *check = arena_alloc(a, SEED_MAX_DAYS * sizeof *check);
		int bad = 0, count;
		if (!f || cal_parse_csv(f->data, check, SEED_MAX_DAYS, &bad) < 0)
			return err_set(e, 500, "internal", NULL,
			               "The embedded holiday schedule is malformed.");
		json_t *years = json_array();
		if (seed_rows(c, a, f, years, &count, e) < 0) {
			json_decref(years);
			return -1;
		}
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[65];
		crypto_hash_sha256(h, (const unsigned char *)f->data, f->len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		if (app_event_named(c, a, &ACTOR_SYSTEM, "calendar", CALENDAR_SEED_FILE,
		                    "calendar.imported", NULL,
		                    json_pack("{s:s, s:s, s:i, s:o}", "source", CALENDAR_SEED_FILE,
		                              "sha256", hex, "days", count, "years", years),
		                    e) < 0)
			return -1;
	}
	return settings_insert(c, a, SEEDED_KEY, "1", e);
}

int calendar_seed_if_empty(app *ap, err *e)
{
	arena *a = arena_new();
	const char *seeded = NULL;
	store_conn *c = app_read_begin(ap, e);
	int rc = c ? store_setting_get(c, a, SEEDED_KEY, &seeded, e) : -1;
	app_read_end(c);
	if (rc == 0 && !seeded) {
		c = app_tx_begin(ap, e);
		rc = c ? app_tx_end(c, import_tx(c, a, e), e) : -1;
	}
	arena_free(a);
	return rc;
}

/* ---- one year ---- */

static json_t *day_json(const char *date, const char *kind, const char *name, const char *source)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "date", date, "kind", kind, "name",
	                 name ? name : "", "source", source ? source : "");
}

/* The days of rows with date, kind, name and source. */
static json_t *days_json(const store_result *r)
{
	json_t *days = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(days,
		                      day_json(store_get(r, i, "date"), store_get(r, i, "kind"),
		                               store_get(r, i, "name"), store_get(r, i, "source")));
	return days;
}

static json_t *year_json(arena *a, int year, const store_result *r)
{
	json_t *days = days_json(r);
	calendar cal = calendar_of_rows(a, r);
	int working =
	    cal_count_working_days(&cal, (cal_date){year, 1, 1}, (cal_date){year, 12, 31});
	bool complete = r->nrows > 0;
	json_t *o = json_pack("{s:i, s:b, s:i, s:o}", "year", year, "complete", complete,
	                      "working_days", working, "days", days);
	json_object_set_new(o, "warning",
	                    complete ? json_null()
	                             : json_string("The calendar has no holidays or make-up "
	                                           "working days for this year: every Monday to "
	                                           "Friday counts as a working day until an "
	                                           "administrator enters the official schedule."));
	return o;
}

json_t *calendar_year_get(app *ap, arena *a, int year, err *e)
{
	if (calendar_seed_if_empty(ap, e) < 0)
		return NULL;
	store_result *r;
	store_conn *c = app_read_begin(ap, e);
	json_t *out =
	    c && calendar_days_of_year(c, a, year, &r, e) == 0 ? year_json(a, year, r) : NULL;
	app_read_end(c);
	return out;
}

typedef struct day_in {
	cal_date date;
	const char *date_s, *kind, *name, *source;
	size_t index; /* in the request, for error fields */
} day_in;

static int day_cmp(const void *x, const void *y)
{
	long a = cal_days(((const day_in *)x)->date), b = cal_days(((const day_in *)y)->date);
	return a < b ? -1 : a > b;
}

static const char *const YEAR_FIELDS[] = {"days", "reason", NULL};
static const char *const DAY_FIELDS[] = {"date", "kind", "name", "source", NULL};

/* Validates the body into days[0..*n), sorted by date. */
static int read_year(arena *a, int year, const json_t *body, day_in **out, size_t *n,
                     const char **reason, err *e)
{
	if (json_only_fields(body, YEAR_FIELDS, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, reason, e) < 0)
		return -1;
	json_t *days = json_object_get(body, "days");
	if (!days || json_is_null(days))
		return err_set(e, 400, "missing_field", "days", "Field {field} is required.");
	if (!json_is_array(days))
		return err_set(e, 400, "invalid_type", "days", "Field {field} must be a list.");
	if (json_array_size(days) > YEAR_MAX_DAYS)
		return err_set(e, 400, "too_long", "days",
		               "Field {field} has more entries than a year has days.");
	size_t cnt = json_array_size(days);
	day_in *d = arena_alloc(a, (cnt ? cnt : 1) * sizeof *d);
	for (size_t i = 0; i < cnt; i++) {
		json_t *it = json_array_get(days, i);
		if (!json_is_object(it))
			return err_setf(e, 400, "invalid_type", "Field {field} must be an object.",
			                "days[%zu]", i);
		err sub;
		err_clear(&sub);
		if (json_only_fields(it, DAY_FIELDS, &sub) < 0 ||
		    json_get_str(it, "date", true, 10, &d[i].date_s, &sub) < 0 ||
		    json_get_str(it, "kind", true, 10, &d[i].kind, &sub) < 0 ||
		    json_get_str(it, "name", false, 100, &d[i].name, &sub) < 0 ||
		    json_get_str(it, "source", false, 200, &d[i].source, &sub) < 0)
			return err_setf(e, sub.status, sub.code, sub.msg, "days[%zu].%s", i,
			                sub.field ? sub.field : "");
		d[i].index = i;
		if (!d[i].name)
			d[i].name = "";
		if (!d[i].source)
			d[i].source = "";
		if (cal_parse(d[i].date_s, &d[i].date) < 0)
			return err_setf(e, 400, "invalid_value",
			                "Field {field} must be a date written YYYY-MM-DD.",
			                "days[%zu].date", i);
		if (d[i].date.y != year)
			return err_setf(e, 400, "invalid_value",
			                "Field {field} is not in the year being edited.",
			                "days[%zu].date", i);
		if (strcmp(d[i].kind, "holiday") && strcmp(d[i].kind, "workday"))
			return err_setf(e, 400, "invalid_value",
			                "Field {field} must be holiday or workday.",
			                "days[%zu].kind", i);
		if (!strcmp(d[i].kind, "workday") && cal_weekday(d[i].date) <= 5)
			return err_setf(e, 400, "invalid_value",
			                "Field {field}: a make-up working day must be a Saturday "
			                "or Sunday (Monday to Friday already work).",
			                "days[%zu].kind", i);
	}
	qsort(d, cnt, sizeof *d, day_cmp);
	for (size_t i = 1; i < cnt; i++)
		if (cal_days(d[i].date) == cal_days(d[i - 1].date))
			return err_setf(e, 400, "duplicate_date",
			                "Field {field} repeats a date given earlier.",
			                "days[%zu].date",
			                d[i].index > d[i - 1].index ? d[i].index : d[i - 1].index);
	*out = d;
	*n = cnt;
	return 0;
}

/* Replaces the special days of year with days[0..n), unless they are the same. */
static int year_put_tx(store_conn *c, arena *a, const actor *who, int year, const day_in *days,
                       size_t n, const char *reason, json_t **out, bool *changed, err *e)
{
	store_result *r;
	if (calendar_days_of_year(c, a, year, &r, e) < 0)
		return -1;
	json_t *before = days_json(r), *after = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    after, day_json(days[i].date_s, days[i].kind, days[i].name, days[i].source));
	int rc = 0;
	*changed = !json_equal(before, after);
	if (*changed) { /* nothing changes: nothing is written */
		rc = calendar_days_delete_year(c, a, year, e);
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = calendar_days_insert(c, a, days[i].date_s, days[i].kind, days[i].name,
			                          days[i].source, e);
		if (rc == 0)
			rc = app_event(c, a, who, "calendar", year, "calendar.changed", reason,
			               json_pack("{s:i, s:O, s:O}", "year", year, "before", before,
			                         "after", after),
			               e);
		if (rc == 0)
			rc = calendar_days_of_year(c, a, year, &r, e);
	}
	json_decref(before);
	json_decref(after);
	if (rc < 0)
		return -1;
	*out = year_json(a, year, r);
	return 0;
}

int calendar_year_put(app *ap, arena *a, const actor *who, int year, const json_t *body,
                      json_t **out, err *e)
{
	day_in *days = NULL;
	size_t n = 0;
	const char *reason = NULL;
	*out = NULL;
	if (read_year(a, year, body, &days, &n, &reason, e) < 0)
		return -1;
	if (calendar_seed_if_empty(ap, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	bool changed;
	return c ? app_tx_end_json(
	               c, year_put_tx(c, a, who, year, days, n, reason, out, &changed, e), out, e)
	         : -1;
}

/* ---- the official schedule as a file (the shipped CSV's format) ---- */

/* The days of a CSV text as day_in rows sorted by date. cal_parse_csv judges the lines (its
 * bad line is the error's detail); the names and sources are then read as the seed reads them. */
static int import_rows(arena *a, const char *csv, size_t len, day_in **out, size_t *n, err *e)
{
	if (len > CALENDAR_IMPORT_MAX_BYTES)
		return err_set(e, 400, "too_long", "csv", "Field {field} is longer than allowed.");
	char *text = arena_strndup(a, csv, len);
	if (strlen(text) != len || !utf8_valid(text, len))
		return err_set(e, 400, "invalid_value", "csv", "Field {field} must be UTF-8 text.");
	cal_special *check = arena_alloc(a, SEED_MAX_DAYS * sizeof *check);
	int bad = 0, cnt = cal_parse_csv(text, check, SEED_MAX_DAYS, &bad);
	if (cnt < 0) {
		err_set(e, 400, "invalid_csv", "csv",
		        "Field {field} has a line that is not date,kind,name,source (see line): a "
		        "known date once, kind holiday or workday, a workday only on a weekend.");
		err_set_details(e, json_pack("{s:i}", "line", bad));
		return -1;
	}
	if (cnt == 0)
		return err_set(e, 400, "invalid_value", "csv", "Field {field} has no day.");
	day_in *d = arena_alloc(a, (size_t)cnt * sizeof *d);
	size_t pos = 0, l, k = 0;
	const char *line;
	int lineno = 0;
	while (k < (size_t)cnt && csv_next_line(text, len, &pos, &line, &l)) {
		if (++lineno == 1 || l == 0 || (l == 1 && line[0] == '\r'))
			continue;
		const char *f[4];
		if (csv_split(a, line, l, f, 4) != 4 || cal_parse(f[0], &d[k].date) < 0)
			continue; /* cal_parse_csv accepted the text: not reached */
		d[k] = (day_in){d[k].date, f[0], f[1], f[2], f[3], (size_t)lineno};
		if (strlen(d[k].name) > 100 || strlen(d[k].source) > 200) {
			err_set(e, 400, "too_long", "csv",
			        "Field {field} has a name over 100 or a source over 200 bytes (see "
			        "line).");
			err_set_details(e, json_pack("{s:i}", "line", lineno));
			return -1;
		}
		k++;
	}
	qsort(d, k, sizeof *d, day_cmp);
	*out = d;
	*n = k;
	return 0;
}

int calendar_import(app *ap, arena *a, const actor *who, const char *csv, size_t len,
                    const char *reason, json_t **out, err *e)
{
	day_in *days = NULL;
	size_t n = 0;
	*out = NULL;
	if (import_rows(a, csv, len, &days, &n, e) < 0 || calendar_seed_if_empty(ap, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	json_t *years = json_array();
	int rc = 0;
	/* Every year the file names is replaced whole, in one transaction: a schedule is
	 * published a year at a time, and a year half-imported would count periods wrongly. */
	for (size_t i = 0; rc == 0 && i < n;) {
		size_t j = i;
		while (j < n && days[j].date.y == days[i].date.y)
			j++;
		json_t *y = NULL;
		bool changed = false;
		rc = year_put_tx(c, a, who, days[i].date.y, days + i, j - i,
		                 reason ? reason : "official schedule imported", &y, &changed, e);
		if (rc == 0)
			json_array_append_new(
			    years, json_pack("{s:i, s:I, s:b, s:O}", "year", days[i].date.y, "days",
			                     (json_int_t)(j - i), "changed", changed,
			                     "working_days", json_object_get(y, "working_days")));
		json_decref(y);
		i = j;
	}
	*out = json_pack("{s:o}", "years", years);
	return app_tx_end_json(c, rc, out, e);
}
