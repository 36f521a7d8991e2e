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
#include "store/events.h"

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
	if (store_q(c, a, e, &r, "SELECT date, kind FROM calendar_days ORDER BY date", "") < 0)
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
		if (store_q(c, a, e, NULL,
		            "INSERT INTO calendar_days (date, kind, name, source) "
		            "VALUES ($1, $2, $3, $4)",
		            "tttt", fl[0], fl[1], fl[2], fl[3]) < 0)
			return -1;
		json_int_t y = atoi(fl[0]);
		size_t ny = json_array_size(years);
		if (!ny || json_integer_value(json_array_get(years, ny - 1)) != y)
			json_array_append_new(years, json_integer(y));
		(*count)++;
	}
	return 0;
}

int calendar_seed_if_empty(app *ap, err *e)
{
	arena *a = arena_new();
	int rc = -1;
	const char *v = NULL;
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		goto done;
	rc = store_setting_get(c, a, SEEDED_KEY, &v, e);
	app_read_end(c);
	if (rc < 0 || v)
		goto done;

	c = app_tx_begin(ap, e);
	if (!c) {
		rc = -1;
		goto done;
	}
	rc = -1;
	store_result *r;
	json_t *years = NULL;
	if (store_setting_get(c, a, SEEDED_KEY, &v, e) < 0)
		goto out;
	if (v) { /* another node or thread was first */
		rc = 0;
		goto out;
	}
	if (store_q(c, a, e, &r, "SELECT count(*) AS n FROM calendar_days", "") < 0)
		goto out;
	bool empty = store_get_int(r, 0, "n") == 0;
	if (empty) {
		const embedded_file *f = embedded_find(CALENDAR_SEED_FILE);
		cal_special *check = arena_alloc(a, SEED_MAX_DAYS * sizeof *check);
		int bad = 0;
		if (!f || cal_parse_csv(f->data, check, SEED_MAX_DAYS, &bad) < 0) {
			err_set(e, 500, "internal", NULL,
			        "The embedded holiday schedule is malformed.");
			goto out;
		}
		int count;
		years = json_array();
		if (seed_rows(c, a, f, years, &count, e) < 0)
			goto out;
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[65];
		crypto_hash_sha256(h, (const unsigned char *)f->data, f->len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		json_t *p = json_pack("{s:s, s:s, s:i, s:O}", "source", CALENDAR_SEED_FILE,
		                      "sha256", hex, "days", count, "years", years);
		int erc = events_append(c, a,
		                        &(event_in){"system", "calendar", CALENDAR_SEED_FILE,
		                                    "calendar.imported", NULL, p},
		                        NULL, e);
		json_decref(p);
		if (erc < 0)
			goto out;
	}
	if (store_q(c, a, e, NULL, "INSERT INTO settings (key, value) VALUES ($1, '1')", "t",
	            SEEDED_KEY) < 0)
		goto out;
	rc = 0;
out:
	json_decref(years);
	rc = app_tx_end(c, rc, e);
done:
	arena_free(a);
	return rc;
}

/* ---- one year ---- */

static json_t *day_json(const char *date, const char *kind, const char *name, const char *source)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "date", date, "kind", kind, "name",
	                 name ? name : "", "source", source ? source : "");
}

static int year_rows(store_conn *c, arena *a, int year, store_result **r, err *e)
{
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	return store_q(c, a, e, r,
	               "SELECT date, kind, name, source FROM calendar_days "
	               "WHERE date >= $1 AND date <= $2 ORDER BY date",
	               "tt", from, to);
}

static json_t *year_json(arena *a, int year, const store_result *r)
{
	json_t *days = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(days,
		                      day_json(store_get(r, i, "date"), store_get(r, i, "kind"),
		                               store_get(r, i, "name"), store_get(r, i, "source")));
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
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r;
	json_t *out = NULL;
	if (year_rows(c, a, year, &r, e) == 0)
		out = year_json(a, year, r);
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
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	if (year_rows(c, a, year, &r, e) < 0)
		goto out;
	json_t *before = json_array(), *after = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(before,
		                      day_json(store_get(r, i, "date"), store_get(r, i, "kind"),
		                               store_get(r, i, "name"), store_get(r, i, "source")));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    after, day_json(days[i].date_s, days[i].kind, days[i].name, days[i].source));
	if (json_equal(before, after)) { /* nothing changes: nothing is written */
		json_decref(before);
		json_decref(after);
		*out = year_json(a, year, r);
		rc = 0;
		goto out;
	}
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	int qrc =
	    store_q(c, a, e, NULL, "DELETE FROM calendar_days WHERE date >= $1 AND date <= $2",
	            "tt", from, to);
	for (size_t i = 0; qrc == 0 && i < n; i++)
		qrc = store_q(c, a, e, NULL,
		              "INSERT INTO calendar_days (date, kind, name, source) "
		              "VALUES ($1, $2, $3, $4)",
		              "tttt", days[i].date_s, days[i].kind, days[i].name, days[i].source);
	if (qrc == 0) {
		char ys[8];
		snprintf(ys, sizeof ys, "%d", year);
		json_t *p =
		    json_pack("{s:i, s:o, s:o}", "year", year, "before", before, "after", after);
		qrc = events_append(
		    c, a, &(event_in){who->label, "calendar", ys, "calendar.changed", reason, p},
		    NULL, e);
		json_decref(p);
	} else {
		json_decref(before);
		json_decref(after);
	}
	if (qrc < 0)
		goto out;
	if (year_rows(c, a, year, &r, e) < 0)
		goto out;
	*out = year_json(a, year, r);
	rc = 0;
out:
	rc = app_tx_end(c, rc, e);
	if (rc < 0 && *out) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
