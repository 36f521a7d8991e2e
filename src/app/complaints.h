/* Complaints about running pilots (信访投诉; §4.3: the pilot institution's investor protection
 * includes complaint handling and dispute resolution, under the working group's supervision).
 *
 * Filing. An investor files a complaint about a supervised project on the public register
 * (launched, coaching) through the public portal, without logging in; any other project is 404
 * as if it did not exist. Filing is limited per client address (in memory) and in length. Or
 * the lead applicant's user records a complaint the institution received (channel
 * institution). Either way the complaint gets a reference ("TS-2026-" and ten base-32
 * characters: 50 random bits, too many to enumerate) and a secret shown once (160 random
 * bits; only its SHA-256 is stored, compared in constant time), and a response deadline:
 * the N-th working day after the day it was filed (the day of filing does not count), N the
 * setting complaint_response_working_days (default 15), on the working-day calendar (a year
 * the calendar lacks counts weekends only: a complaint is never refused for the calendar).
 *
 * Look-up. Reference and secret give the complainant the status, the deadline, the answers
 * meant for them and the resolution; a wrong or missing secret is the same 404, byte for byte,
 * as an unknown reference.
 *
 * Who sees what. The working group (officer, leader) sees every complaint with the
 * complainant's name and contact. A member institution of the project sees its project's
 * complaints: the content, the handling and the answers, but the complainant's name only when
 * it recorded the complaint itself or the working group forwarded the name to it, and the
 * contact never (it answers through the answers the complainant reads). The CSRC sees the
 * complaints escalated to it, as the working group does. Events carry ids, the reference, the
 * channel and dates only: never a name, a contact, a secret or any of the texts.
 *
 * Handling. The working group and the lead applicant's user add notes (to_complainant: an
 * answer the complainant reads), resolve with a resolution (which the complainant reads too)
 * and escalate with a reason: the institution to the working group, an officer to the leader
 * or the CSRC, a leader to the CSRC, each only above where the complaint stands. A resolved
 * complaint takes nothing more (409 invalid_state). */
#ifndef BAOTU_APP_COMPLAINTS_H
#define BAOTU_APP_COMPLAINTS_H
#include "app/app.h"

#define COMPLAINT_CONTENT_MAX 5000 /* characters */
#define COMPLAINT_NAME_MAX 100
#define COMPLAINT_CONTACT_MAX 200
#define COMPLAINT_TEXT_MAX 5000 /* a note, an answer, a resolution, an escalation's reason */
#define COMPLAINT_RATE_LIMIT 5  /* public filings per address ... */
#define COMPLAINT_RATE_WINDOW_US (3600 * 1000000LL) /* ... within an hour */
#define COMPLAINT_DAYS_SETTING "complaint_response_working_days"
#define COMPLAINT_DAYS_DEFAULT 15
#define COMPLAINT_DAYS_MAX 60

/* ---- the public portal (no log-in) ---- */

/* {project_id, name, contact, content} -> 201 {reference, secret, due_on, status}. 404
 * not_found (field project_id) for a project not supervised and public; 400 invalid_value
 * naming a field too long; 429 too_many_complaints (retry_after_s). complaint.filed (actor
 * public). */
int complaint_file_public(app *ap, arena *a, const json_t *body, const char *address, json_t **out,
                          err *e);
/* {reference, project_id, project_name, status, filed_at, due_on, answers: [{body, side,
 * created_at}], resolution, resolved_at}; 404 not_found (field reference) alike for an unknown
 * reference and a wrong or missing secret. */
json_t *complaint_lookup(app *ap, arena *a, const char *reference, const char *secret, err *e);

/* The pilots a complaint may be about (supervised, on the public register), by id:
 * {"items": [{project_id, name, track?}]}. */
json_t *complaint_pilots(app *ap, arena *a, err *e);
/* Whether project_id is one of complaint_pilots' (without listing them all). */
bool complaint_channel_open(app *ap, arena *a, int64_t project_id);

/* ---- handling ---- */

/* The lead applicant's user records a complaint the institution received: {name, contact,
 * content} -> the complaint with its reference and, once, its secret. 409 invalid_state when
 * the project is not supervised. */
int complaint_record(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e);
/* A project's complaints ({"items","next"}), ?status= open | escalated | resolved. */
json_t *complaint_list_project(app *ap, arena *a, const actor *who, int64_t project_id,
                               const char *status, int64_t after, int limit, err *e);
/* Every complaint the caller may see: the working group's all, the CSRC's those escalated to
 * it. */
json_t *complaint_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
                       int limit, err *e);
/* One complaint with its notes and "may": what the caller may do with it now. */
json_t *complaint_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* {project_id, total, by_status {open, escalated, resolved}, overdue, resolved_late,
 * median_days_to_resolve (null without a resolved one), response_working_days}. */
json_t *complaint_stats(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
/* {body, to_complainant?}: complaint.noted {complaint_id, note_id, to_complainant}. */
int complaint_note(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                   json_t **out, err *e);
/* The working group shares the complainant's name with the institution ({} or {reason}):
 * complaint.noted {complaint_id, name_forwarded: true}; 409 invalid_state when the
 * institution recorded it or the name was forwarded already. */
int complaint_forward(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                      json_t **out, err *e);
/* {resolution}: complaint.resolved {complaint_id}. */
int complaint_resolve(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                      json_t **out, err *e);
/* {to: working_group | leader | csrc, reason}: complaint.escalated {complaint_id, to}; 403
 * forbidden when the caller's role may not escalate there, 409 invalid_state when the
 * complaint stands there or higher already. */
int complaint_escalate(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                       json_t **out, err *e);
#endif
