/* The working-day calendar (§4.2): staff read a year, admins replace it. */
#ifndef BAOTU_WEB_UI_CALENDAR_H
#define BAOTU_WEB_UI_CALENDAR_H
#include "app/calendar.h"
#include "web/http.h"

/* The import form's body: the file and the form around it. */
#define CALENDAR_IMPORT_MAX_BODY (CALENDAR_IMPORT_MAX_BYTES + 8192)

int ui_calendar_current(req *r); /* GET /calendar: to this year's page */
int ui_calendar(req *r);         /* GET /calendar/{year}: its special days (admins edit them) */
int ui_calendar_save(req *r);    /* POST /calendar/{year} (admin): the year's CSV lines */
int ui_calendar_import(req *r);  /* POST /calendar/import (admin): the official schedule as a file */
#endif
