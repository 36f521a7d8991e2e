/* reporting: the periods a supervised project reports on and the dates of each obligation
 * (§4.3.2: periodic reports of the institutions). Pure: no I/O, no allocation. A period is
 * due n working days after it ends; a reminder goes some working days before the due date;
 * an overdue report is escalated after a further number of working days. */
#ifndef BAOTU_CORE_REPORTING_H
#define BAOTU_CORE_REPORTING_H
#include "core/calendar.h"

/* The kinds of periodic report, as bits so that a schedule names a set of them. */
typedef enum reporting_kind {
	REPORTING_MONTHLY = 1,
	REPORTING_QUARTERLY = 2,
	REPORTING_ANNUAL = 4,
} reporting_kind;
#define REPORTING_KINDS_ALL (REPORTING_MONTHLY | REPORTING_QUARTERLY | REPORTING_ANNUAL)

/* "monthly", "quarterly", "annual"; NULL for anything else. */
const char *reporting_kind_id(reporting_kind k);
/* 0 and *out, or -1 for an unknown id (NULL-safe). */
int reporting_kind_parse(const char *id, reporting_kind *out);

typedef struct reporting_period {
	reporting_kind kind;
	char id[16]; /* "2026-07", "2026-Q3", "2026" */
	cal_date start, end;
} reporting_period;

/* The period of a kind that contains day d. */
reporting_period reporting_period_of(reporting_kind kind, cal_date d);

/* The periods of the kinds in `kinds` that ended on or after `from` (the launch: the period
 * in which a pilot launched counts, none before it) and before `today` (a period is owed once
 * it is over), by end date, monthly before quarterly before annual on the same day. At most
 * cap are written; the count of all of them is returned (so a caller sees a truncation).
 * Periods ending more than REPORTING_MAX_YEARS before today are not considered. */
#define REPORTING_MAX_YEARS 20
/* Enough room for every period of REPORTING_MAX_YEARS and a little: no truncation. */
#define REPORTING_MAX_PERIODS 400
int reporting_periods_ended(unsigned kinds, cal_date from, cal_date today, reporting_period *out,
                            int cap);

/* The n-th working day after day d (d itself not counted; n >= 1, a smaller n counts as 1):
 * a period ending on d is due on reporting_after(c, d, due_working_days); an overdue report
 * is escalated once the day reporting_after(c, due, escalate_working_days) is over. */
cal_date reporting_after(const calendar *c, cal_date d, int n);
/* The n-th working day before day d (d itself not counted; n >= 1): the day the reminder of
 * a report due on d goes. */
cal_date reporting_before(const calendar *c, cal_date d, int n);

/* The dates of one obligation due on `due`. */
typedef struct reporting_dates {
	cal_date due, remind_on, escalate_after;
} reporting_dates;
reporting_dates reporting_dates_of(const calendar *c, cal_date due, int remind_working_days,
                                   int escalate_working_days);
#endif
