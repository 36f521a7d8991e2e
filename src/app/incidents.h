/* Incidents and emergencies of supervised projects (§4.3 item 4). The levels, categories,
 * states and transitions are core/incident.c's; every write is one transaction with its
 * event (subject project:ID, the incident's id in the payload).
 *
 * Who sees what:
 *  - Officers and leaders see every incident. An officer records one the working group
 *    learned of (the institution then owes its initial report); the working group gives
 *    guidance and, once the final report is in, reports the handling and its result to the
 *    CSRC.
 *  - An institution sees the incidents of its projects; its lead's users (§3.2) report one
 *    (that report is the initial one), send the initial report of one opened for it, updates
 *    and the final report. Loss and compensation are recorded by an officer or the lead's
 *    users, each record the figures as they stand, kept in full in the events (§5.2 rests on
 *    them). The institution does not read the working group's report to the CSRC.
 *  - The CSRC sees an incident once it was reported to it, and acknowledges the report.
 *    (The CSRC may read every supervised project: it evaluated each before its notice and
 *    launch, app/access.c:csrc_may_see; what it may not read is an incident not yet reported
 *    to it.) Experts and admins see none.
 * The initial report is due within hours of the discovery that depend on the level (settings
 * incident_initial_hours_<level>, defaults 1, 2, 4 and 24 hours); one that came, or is still
 * due, after that reads "late". A coaching project runs no live business (§3.3): its
 * incidents affect no investors and lose no money (422 coaching_no_live_business). */
#ifndef BAOTU_APP_INCIDENTS_H
#define BAOTU_APP_INCIDENTS_H
#include "app/app.h"

#define INCIDENT_TEXT_MAX 4000 /* descriptions, reports, guidance (characters) */
#define INCIDENT_TITLE_MAX 200

/* POST /api/v1/projects/{id}/incidents: {category, level, system_class, investors_affected,
 * estimated_loss_fen, title, description, discovered_at?}. By the lead's user: the report,
 * also its initial report; by an officer: an incident the working group learned of. */
int incident_open(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                  json_t **out, err *e);
/* {"items":[incident...],"next"}: project_id 0 lists every project's that the caller may see
 * (the working group's list; the CSRC's: those reported to it); state may be NULL. */
json_t *incident_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *state,
                      int64_t after, int limit, err *e);
/* The incident with its entries (reports, guidance, ...), its loss records and the caller's
 * allowed_actions. */
json_t *incident_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* 0 when the caller may see the incident, else 404: the check before a body is read. */
int incident_check_visible(app *ap, arena *a, const actor *who, int64_t id, err *e);

/* POST /api/v1/incidents/{id}/reports: {stage: initial|update|final, text}. */
int incident_report(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                    json_t **out, err *e);
/* POST .../guidance: {text}. */
int incident_guide(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                   json_t **out, err *e);
/* POST .../losses: {loss_fen, compensated_fen, investors_compensated, note?}. */
int incident_record_loss(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                         json_t **out, err *e);
/* POST .../csrc-report: {text}: the handling and its result, once the final report is in. */
int incident_report_to_csrc(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                            json_t **out, err *e);
/* POST .../acknowledge: {note?}, by the CSRC. */
int incident_acknowledge(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                         json_t **out, err *e);

/* The initial reports still due that the caller may see (the dashboard's): {"items":[{id,
 * project_id, project_name, title, level, initial_due_at, late}]}, earliest first, at most
 * limit; project_id 0: every project. */
json_t *incident_deadlines(app *ap, arena *a, const actor *who, int64_t project_id, int limit,
                           err *e);
#endif
