/* Reporting obligations (§4.3.2) on pages: a project's reports with the schedule and the
 * ad-hoc request forms, one report with its versions and the submission and review forms, the
 * working group's list of every project's reports, and the project page's section. */
#ifndef BAOTU_WEB_UI_REPORTS_H
#define BAOTU_WEB_UI_REPORTS_H
#include "web/ui.h"

int ui_reports(req *r);                /* GET /reports (?status=) */
int ui_project_reports(req *r);        /* GET /projects/{id}/reports */
int ui_reporting_save(req *r);         /* POST /projects/{id}/reporting */
int ui_report_request(req *r);         /* POST /projects/{id}/reports */
int ui_report_show(req *r);            /* GET /reports/{id} */
int ui_report_submit(req *r);          /* POST /reports/{id}/versions */
int ui_report_accept(req *r);          /* POST /reports/{id}/accept */
int ui_report_request_changes(req *r); /* POST /reports/{id}/request-changes */

/* The project page's section: the counts, the schedule and a link; nothing when the project
 * is not supervised or the caller may not see its reports. */
void ui_reports_section(req *r, int64_t project_id);
#endif
