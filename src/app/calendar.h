/* The working-day calendar in the store (§4.2 notice periods). */
#ifndef BAOTU_APP_CALENDAR_H
#define BAOTU_APP_CALENDAR_H
#include "app/app.h"
#include "core/calendar.h"

/* Loads the special days into out (arena-allocated). */
int calendar_load(store_conn *c, arena *a, calendar *out, err *e);
/* Imports the shipped holidays (data/cn-holidays.csv) into an empty calendar. */
int calendar_seed_if_empty(app *ap, err *e);
#endif
