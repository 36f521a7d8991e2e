/* The periods and dates of reporting obligations (§4.3.2). See reporting.h. */
#include "core/reporting.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"

static const struct {
	const char *id; /* first: ID_INDEX reads it */
	reporting_kind kind;
} KINDS[] = {
    {"monthly", REPORTING_MONTHLY},
    {"quarterly", REPORTING_QUARTERLY},
    {"annual", REPORTING_ANNUAL},
};
#define NKINDS (sizeof KINDS / sizeof *KINDS)

const char *reporting_kind_id(reporting_kind k)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (KINDS[i].kind == k)
			return KINDS[i].id;
	return NULL;
}

int reporting_kind_parse(const char *id, reporting_kind *out)
{
	int i = ID_INDEX(KINDS, NKINDS, id);
	if (i >= 0)
		*out = KINDS[i].kind;
	return i < 0 ? -1 : 0;
}

static int days_in_month(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

reporting_period reporting_period_of(reporting_kind kind, cal_date d)
{
	reporting_period p = {.kind = kind};
	int m0 = kind == REPORTING_MONTHLY     ? d.m
	         : kind == REPORTING_QUARTERLY ? (d.m - 1) / 3 * 3 + 1
	                                       : 1;
	int m1 = kind == REPORTING_MONTHLY ? d.m : kind == REPORTING_QUARTERLY ? m0 + 2 : 12;
	/* a valid date's year is 1..9999 (cal_parse); the clamp tells the compiler so */
	int y = d.y < 1 ? 1 : d.y > 9999 ? 9999 : d.y, mm = m0 < 1 ? 1 : m0 > 12 ? 12 : m0;
	p.start = (cal_date){d.y, m0, 1};
	p.end = (cal_date){d.y, m1, days_in_month(d.y, m1)};
	if (kind == REPORTING_MONTHLY)
		snprintf(p.id, sizeof p.id, "%04d-%02d", y, mm);
	else if (kind == REPORTING_QUARTERLY)
		snprintf(p.id, sizeof p.id, "%04d-Q%d", y, (mm - 1) / 3 + 1);
	else
		snprintf(p.id, sizeof p.id, "%04d", y);
	return p;
}

/* The order of the answer: by end date, then monthly, quarterly, annual. */
static bool before(const reporting_period *a, const reporting_period *b)
{
	long ea = cal_days(a->end), eb = cal_days(b->end);
	return ea != eb ? ea < eb : a->kind < b->kind;
}

int reporting_periods_ended(unsigned kinds, cal_date from, cal_date today, reporting_period *out,
                            int cap)
{
	long t = cal_days(today);
	long f = cal_days(from);
	long floor = cal_days((cal_date){today.y - REPORTING_MAX_YEARS, 1, 1});
	if (f < floor)
		f = floor;
	int n = 0;
	for (size_t k = 0; k < NKINDS; k++) {
		if (!(kinds & KINDS[k].kind))
			continue;
		/* from the period that holds `from` on, while the period is over */
		for (reporting_period p = reporting_period_of(KINDS[k].kind, cal_from_days(f));
		     cal_days(p.end) < t;
		     p = reporting_period_of(KINDS[k].kind, cal_from_days(cal_days(p.end) + 1))) {
			if (n < cap) {
				/* insertion in order: the lists are short (at most a few hundred)
				 */
				int i = n;
				while (i > 0 && before(&p, &out[i - 1])) {
					out[i] = out[i - 1];
					i--;
				}
				out[i] = p;
			}
			n++;
		}
	}
	return n;
}

cal_date reporting_after(const calendar *c, cal_date d, int n)
{
	return cal_add_working_days(c, cal_from_days(cal_days(d) + 1), n);
}

cal_date reporting_before(const calendar *c, cal_date d, int n)
{
	long day = cal_days(d);
	for (int counted = 0; counted < (n < 1 ? 1 : n);)
		if (cal_is_working_day(c, cal_from_days(--day)))
			counted++;
	return cal_from_days(day);
}

reporting_dates reporting_dates_of(const calendar *c, cal_date due, int remind_working_days,
                                   int escalate_working_days)
{
	return (reporting_dates){due, reporting_before(c, due, remind_working_days),
	                         reporting_after(c, due, escalate_working_days)};
}
