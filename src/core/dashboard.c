#include "core/dashboard.h"

#include <string.h>

#include "core/calendar.h"
#include "lib/i18n.h"

#define C DASH_CRITICAL
#define U DASH_URGENT
#define W DASH_WARNING
#define I DASH_INFO
#define X DASH_NONE

const char *const DASH_SEVERITY_IDS[DASH__SEVERITIES + 1] = {"critical", "urgent", "warning",
                                                             "info", NULL};

/* id, title, severity for {institution, working group, CSRC, admin} */
const dash_kind_info DASH_KINDS[DK__COUNT] = {
    [DK_CALENDAR_MISSING] = {"calendar_next_year_missing",
                             N_("No working-day calendar for {year} yet."),
                             {X, W, X, U}},
    [DK_REPORT_OVERDUE] = {"report_overdue",
                           N_("Report {report} is overdue: it was due on {due_on}."),
                           {U, U, X, X}},
    [DK_REPORT_DUE] = {"report_due", N_("Report {report} is due on {due_on}."), {W, I, X, X}},
    [DK_REPORT_REVIEW] = {"report_review",
                          N_("Report {report}, version {version}, awaits review."),
                          {X, I, X, X}},
    [DK_ALERT_BREACH] = {"alert_breach",
                         N_("{indicator} is past its breach threshold."),
                         {C, C, X, X}},
    [DK_ALERT_WARNING] = {"alert_warning",
                          N_("{indicator} is past its warning threshold."),
                          {W, W, X, X}},
    [DK_ALERT_STALE] = {"alert_stale", N_("{indicator} has sent no data in time."), {I, I, X, X}},
    [DK_INCIDENT_INITIAL_LATE] = {"incident_initial_late",
                                  N_("The initial report of incident {incident} is late."),
                                  {C, C, X, X}},
    [DK_INCIDENT_INITIAL_DUE] = {"incident_initial_due",
                                 N_("The initial report of incident {incident} is due."),
                                 {U, W, X, X}},
    [DK_INCIDENT_GUIDANCE] = {"incident_guidance",
                              N_("Incident {incident} has a new report and awaits guidance."),
                              {X, W, X, X}},
    [DK_INCIDENT_FINAL_DUE] = {"incident_final_due",
                               N_("The final report of incident {incident} is awaited."),
                               {I, I, X, X}},
    [DK_INCIDENT_CSRC_REPORT] = {"incident_csrc_report",
                                 N_("Incident {incident}: the final report is in; report the "
                                    "handling to the CSRC."),
                                 {X, W, X, X}},
    [DK_INCIDENT_ACKNOWLEDGE] = {"incident_acknowledge",
                                 N_("Incident {incident} was reported to you and awaits your "
                                    "acknowledgement."),
                                 {X, X, W, X}},
    [DK_COMPLAINT_OVERDUE] = {"complaint_overdue",
                              N_("Complaint {reference} is past its response deadline, {due_on}."),
                              {U, U, X, X}},
    [DK_COMPLAINT_DUE] = {"complaint_due",
                          N_("Complaint {reference} must be answered by {due_on}."),
                          {W, W, X, X}},
    [DK_COMPLAINT_ESCALATED] = {"complaint_escalated",
                                N_("Complaint {reference} was escalated to you."),
                                {X, X, W, X}},
    [DK_DOCUMENTS_OVERDUE] = {"document_request_overdue",
                              N_("Documents an inspection requested were due on {due_on}."),
                              {U, U, X, X}},
    [DK_DOCUMENTS_DUE] = {"document_request_due",
                          N_("Documents an inspection requested are due on {due_on}."),
                          {W, I, X, X}},
    [DK_RECTIFICATION_OVERDUE] = {"rectification_overdue",
                                  N_("A rectification ordered by an inspection was due on "
                                     "{due_on}."),
                                  {U, U, X, X}},
    [DK_RECTIFICATION_DUE] = {"rectification_due",
                              N_("A rectification ordered by an inspection is due on {due_on}."),
                              {W, I, X, X}},
    [DK_RECTIFICATION_VERIFY] = {"rectification_verify",
                                 N_("Rectification evidence awaits verification."),
                                 {X, I, X, X}},
    [DK_SITUATION_ACKNOWLEDGE] = {"situation_acknowledge",
                                  N_("Situation report {title} awaits your acknowledgement."),
                                  {X, X, I, X}},
};

int dash_severity_of(dash_kind k, dash_side side)
{
	if ((unsigned)k >= DK__COUNT || (unsigned)side >= DASH__SIDES)
		return DASH_NONE;
	return DASH_KINDS[k].severity[side];
}

int dash_severity_rank(const char *id)
{
	for (int i = 0; id && i < DASH__SEVERITIES; i++)
		if (!strcmp(id, DASH_SEVERITY_IDS[i]))
			return i;
	return DASH__SEVERITIES;
}

dash_due dash_due_of(const char *due_on, const char *today, const char *soon)
{
	if (strcmp(due_on, today) < 0)
		return DASH_DUE_PAST;
	return strcmp(due_on, soon) <= 0 ? DASH_DUE_SOON : DASH_DUE_LATER;
}

int64_t dash_due_at(const char *due_on)
{
	cal_date d;
	if (!due_on || cal_parse(due_on, &d) < 0)
		return 0;
	return (int64_t)cal_start_us_cst(cal_from_days(cal_days(d) + 1)) - 1;
}
