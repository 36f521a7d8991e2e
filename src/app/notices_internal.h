/* Notices as the workflow's effects and guards use them, inside the caller's transaction. */
#ifndef BAOTU_APP_NOTICES_INTERNAL_H
#define BAOTU_APP_NOTICES_INTERNAL_H
#include "app/notices.h"
#include "app/app_internal.h"

/* Inside the caller's write transaction (the officer's publish_notice, once approved): builds
 * the public snapshot from the project (name, summary, members with institution names, lead
 * and roles, technologies, each business scenario with its provider, service content, target
 * investors, risk controls, investor protection), counts the period on the working-day
 * calendar (opens today, CST; closes on the N-th working day, N = setting notice_working_days,
 * default 5), inserts the notice and appends notice.published (subject project:ID, payload
 * with the snapshot). *notice_out (may be NULL) is the notice as the public API shows it.
 * Errors: 404 no such project; 409 invalid_state when it already has a notice; 422
 * calendar_incomplete (details {"year"}) when the period reaches a year the calendar has no
 * data for - a period counted on weekends only could be shorter than N real working days. */
int notice_create(store_conn *c, arena *a, const actor *who, int64_t project_id,
                  json_t **notice_out, err *e);

/* The launch guard (§4.2), within the caller's transaction; today is "YYYY-MM-DD" (CST).
 * 0 when the launch may go ahead, else -1 with 422 and, checked in this order:
 *   notice_period_open      today is not after closes_on (details: closes_on and
 *                           first_launch_day, the first working day after the period);
 *   comments_unreviewed     a comment is still unmoderated or unclassified: the working
 *                           group reads every comment before a launch (details: comment_ids);
 *   major_risk_unanswered   a major_risk comment lacks the applicant's response with
 *                           safeguards and compensation (details: comment_ids).
 * 409 invalid_state when the project has no notice. */
int notice_launch_check(store_conn *c, arena *a, int64_t project_id, const char *today, err *e);

#endif
