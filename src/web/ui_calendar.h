/* The working-day calendar (§4.2): staff read a year, admins replace it. */
#ifndef BAOTU_WEB_UI_CALENDAR_H
#define BAOTU_WEB_UI_CALENDAR_H
#include "web/http.h"

int ui_calendar_current(req *r); /* GET /calendar: to this year's page */
int ui_calendar(req *r);         /* GET /calendar/{year}: its special days (admins edit them) */
int ui_calendar_save(req *r);    /* POST /calendar/{year} (admin): the year's CSV lines */
#endif
