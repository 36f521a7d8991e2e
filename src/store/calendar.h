/* The working-day calendar's special days (holidays and make-up working days, 调休): the rows of
 * calendar_days, dates written YYYY-MM-DD. */
#ifndef BAOTU_STORE_CALENDAR_H
#define BAOTU_STORE_CALENDAR_H
#include "store/store.h"

/* Every special day, by date: date, kind. */
int calendar_days_all(store_conn *c, arena *a, store_result **r, err *e);
/* The special days of one year, by date: date, kind, name, source. */
int calendar_days_of_year(store_conn *c, arena *a, int year, store_result **r, err *e);
int calendar_days_count(store_conn *c, arena *a, int64_t *n, err *e);
int calendar_days_insert(store_conn *c, arena *a, const char *date, const char *kind,
                         const char *name, const char *source, err *e);
int calendar_days_delete_year(store_conn *c, arena *a, int year, err *e);
#endif
