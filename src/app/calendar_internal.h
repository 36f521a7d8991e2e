/* The calendar as the other use cases read it, inside their own transaction. */
#ifndef BAOTU_APP_CALENDAR_INTERNAL_H
#define BAOTU_APP_CALENDAR_INTERNAL_H
#include "app/calendar.h"
#include "app/app_internal.h"

/* Loads every special day into out (arena-allocated) for the cal_* functions. Within any
 * transaction of the caller. */
int calendar_load(store_conn *c, arena *a, calendar *out, err *e);

#endif
