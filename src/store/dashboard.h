/* The dashboards' reads (§4.3): what is open, due or awaited across the aggregates of
 * supervision, in one place so that the dashboard asks each aggregate one question. Each
 * function filters by institution when institution_id is not 0 (the projects of which it is a
 * member; 0: every project, the working group's view) and returns at most limit rows, the
 * project's id, name and, where the caller judges supervision, state with each. Dates are
 * "YYYY-MM-DD" (China Standard Time): until is the last due day to list. */
#ifndef BAOTU_STORE_DASHBOARD_H
#define BAOTU_STORE_DASHBOARD_H
#include <stdint.h>

#include "store/store.h"

/* Reports open or sent back with changes requested, due on or before until; and, for the
 * working group (institution_id 0), the submitted ones awaiting review: id, project_id,
 * project_name, project_state, kind, period, title, due_on, status, version. */
int dashboard_reports(store_conn *c, arena *a, int64_t institution_id, const char *until, int limit,
                      store_result **out, err *e);

/* Open alerts: id, project_id, project_name, project_state, level, opened_at,
 * indicator_key, indicator_name; the oldest first. */
int dashboard_alerts(store_conn *c, arena *a, int64_t institution_id, int limit, store_result **out,
                     err *e);

/* Incidents under way (awaiting_initial, reported, final), or for the CSRC (csrc true) those
 * reported to it and not yet acknowledged: id, project_id, project_name, title, level,
 * state, initial_due_at, initial_at, last_report (the id of the institution's latest report
 * entry, NULL for none), last_guidance (of the latest guidance), reported_to_csrc_at. */
int dashboard_incidents(store_conn *c, arena *a, int64_t institution_id, bool csrc, int limit,
                        store_result **out, err *e);

/* Complaints not resolved whose response is due on or before until: id, project_id,
 * project_name, project_state, reference, due_on, status. */
int dashboard_complaints(store_conn *c, arena *a, int64_t institution_id, const char *until,
                         int limit, store_result **out, err *e);

/* The open deadlines of inspections not closed (for an institution: only those it was notified
 * of): kind document_request (unanswered) or rectification (evidence due), due on or before
 * until; and for the working group, kind verification (evidence submitted, to verify): kind,
 * id, inspection_id, project_id, project_name, due_on. */
int dashboard_inspections(store_conn *c, arena *a, int64_t institution_id, const char *until,
                          int limit, store_result **out, err *e);

/* Situation reports the CSRC has not acknowledged: id, project_id (NULL for none),
 * project_name, title, reported_at; the oldest first. */
/* Complaints escalated to the CSRC and not resolved: id, project_id, project_name,
 * reference, escalated_at, the earliest first. */
int dashboard_complaints_to_csrc(store_conn *c, arena *a, int limit, store_result **out, err *e);
int dashboard_situations(store_conn *c, arena *a, int limit, store_result **out, err *e);
#endif
