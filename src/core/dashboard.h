/* The dashboards' items (§4.3), declared once: every kind of item with its message and its
 * severity for each side that sees it, and the rule of a dated deadline. Pure; app/dashboard.c
 * gathers the items, web/ui_dashboard.c shows them.
 *
 * The severity scale, the same for every source:
 *  - critical: a limit is crossed or a rule that admits no delay is broken: an open breach
 *    alert, an incident's initial report past its deadline.
 *  - urgent: a deadline has passed (a report, a document request, a rectification, a
 *    complaint's response), or the caller's own deadline is counted in hours (an incident's
 *    initial report, for the institution).
 *  - warning: the caller's own deadline falls within DASH_SOON_WORKING_DAYS working days, an
 *    open warning alert, or an incident waits for the caller's step (the working group's
 *    guidance or report to the CSRC, the CSRC's acknowledgement; the working group sees an
 *    initial report still due here).
 *  - info: another side's deadline within DASH_SOON_WORKING_DAYS working days (the working
 *    group's view of what the institution owes), or a step awaited without a deadline: a
 *    report to review, rectification evidence to verify, an incident's final report, a
 *    situation report to acknowledge, a stale alert (no data in time).
 *  The CSRC's complaints escalated to it are a warning: they wait for its handling.
 * Within a severity the earliest due time comes first, items without one last. */
#ifndef BAOTU_CORE_DASHBOARD_H
#define BAOTU_CORE_DASHBOARD_H
#include <stdint.h>

/* How far ahead a dated deadline shows: today and the next working days up to this many. */
#define DASH_SOON_WORKING_DAYS 3

typedef enum {
	DASH_CRITICAL,
	DASH_URGENT,
	DASH_WARNING,
	DASH_INFO,
	DASH__SEVERITIES
} dash_severity;
/* "critical", "urgent", "warning", "info", then NULL. */
extern const char *const DASH_SEVERITY_IDS[DASH__SEVERITIES + 1];

/* Who looks: the sides of supervision (and the administrator of the calendar). */
typedef enum { DASH_INSTITUTION, DASH_WORKING_GROUP, DASH_CSRC, DASH_ADMIN, DASH__SIDES } dash_side;

typedef enum {
	DK_CALENDAR_MISSING,
	DK_REPORT_OVERDUE,
	DK_REPORT_DUE,
	DK_REPORT_REVIEW,
	DK_ALERT_BREACH,
	DK_ALERT_WARNING,
	DK_ALERT_STALE,
	DK_INCIDENT_INITIAL_LATE,
	DK_INCIDENT_INITIAL_DUE,
	DK_INCIDENT_GUIDANCE,
	DK_INCIDENT_FINAL_DUE,
	DK_INCIDENT_CSRC_REPORT,
	DK_INCIDENT_ACKNOWLEDGE,
	DK_COMPLAINT_OVERDUE,
	DK_COMPLAINT_DUE,
	DK_COMPLAINT_ESCALATED,
	DK_DOCUMENTS_OVERDUE,
	DK_DOCUMENTS_DUE,
	DK_RECTIFICATION_OVERDUE,
	DK_RECTIFICATION_DUE,
	DK_RECTIFICATION_VERIFY,
	DK_SITUATION_ACKNOWLEDGE,
	DK__COUNT
} dash_kind;

#define DASH_NONE (-1) /* a side that never sees a kind */
typedef struct dash_kind_info {
	const char *id;                    /* the item's "kind" */
	const char *title;                 /* an English message id (N_) with {placeholders} */
	signed char severity[DASH__SIDES]; /* a dash_severity, or DASH_NONE */
} dash_kind_info;
extern const dash_kind_info DASH_KINDS[DK__COUNT];

/* The severity of a kind for a side, or DASH_NONE. */
int dash_severity_of(dash_kind k, dash_side side);
/* The rank of a severity id (0 most urgent), or DASH__SEVERITIES for an unknown one. */
int dash_severity_rank(const char *id);

/* A dated deadline ("YYYY-MM-DD", China Standard Time) against today and the last day that
 * counts as soon (same format; ISO dates compare as text). */
typedef enum { DASH_DUE_LATER, DASH_DUE_SOON, DASH_DUE_PAST } dash_due;
dash_due dash_due_of(const char *due_on, const char *today, const char *soon);
/* The last microsecond (UTC) of a day in China Standard Time: when a dated deadline passes.
 * 0 for a malformed date. */
int64_t dash_due_at(const char *due_on);
#endif
