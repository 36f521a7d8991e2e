/* The working-day calendar in the store (§4.2: notice periods are counted in working days):
 * the special days in calendar_days (holidays and make-up working days, 调休), seeded from the
 * embedded data/cn-holidays.csv and edited by admins year by year. */
#ifndef BAOTU_APP_CALENDAR_H
#define BAOTU_APP_CALENDAR_H
#include "app/app.h"
#include "core/calendar.h"

#define CALENDAR_SEED_FILE "data/cn-holidays.csv"

/* Imports the shipped holidays (data/cn-holidays.csv) into an empty calendar: when
 * calendar_days is empty and the calendar was never seeded, in one transaction with one
 * calendar.imported event (actor "system"). Afterwards it does nothing, even if an admin
 * emptied every year. Call at start-up; the calendar routes also call it, so a database is
 * never seen unseeded. */
int calendar_seed_if_empty(app *ap, err *e);

/* GET /api/v1/calendar/{year}: {"year","complete","days":[{date,kind,name,source}],
 * "working_days","warning"}; complete is false when the year has no special day (then
 * weekends only count as rest days and warning is an English message id). */
json_t *calendar_year_get(app *ap, arena *a, int year, err *e);

/* PUT /api/v1/calendar/{year} (admin): {"days":[{date,kind,name,source?}],"reason"?} replaces
 * that year's special days; calendar.changed with before and after. Replacing with the same
 * days writes nothing. *out is the year as calendar_year_get returns it. */
int calendar_year_put(app *ap, arena *a, const actor *who, int year, const json_t *body,
                      json_t **out, err *e);

/* The official schedule as a file in the shipped CSV's format (header date,kind,name,source;
 * one special day a line), for one or more years: each year it names is replaced whole, in one
 * transaction (calendar.changed per year that changes; a year unchanged writes nothing).
 * *out = {"years":[{"year","days","changed","working_days"}]}. 400 invalid_csv with details
 * {"line"} on a malformed line, too_long past CALENDAR_IMPORT_MAX_BYTES. Admins. */
#define CALENDAR_IMPORT_MAX_BYTES (256 * 1024)
int calendar_import(app *ap, arena *a, const actor *who, const char *csv, size_t len,
                    const char *reason, json_t **out, err *e);

/* "2026" -> 2026: exactly four digits, 1000..9999; -1 otherwise. */
int calendar_parse_year(const char *s);
#endif
