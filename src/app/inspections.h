/* Inspections of supervised projects (§4.3 item 3: on-site and off-site inspections; the
 * institution gives true, accurate and complete information). The states and transitions are
 * core/inspection.c's table; every write is one transaction with its event (subject
 * project:ID, the inspection's id in the payload).
 *
 * Who sees what:
 *  - Officers and leaders see every inspection. An officer plans one (of a supervised project:
 *    409 invalid_state otherwise), notifies the institution, requests documents, records
 *    findings, orders and verifies rectifications; only a leader closes one (the working
 *    group's confirmation), and only when every order is verified and accepted (409
 *    orders_open with the open ones in "open_orders").
 *  - An institution sees the inspections of its projects once they are notified (before, and
 *    for other projects, 404 as for none); its lead's users (§3.2) answer document requests
 *    and submit rectification evidence, each time attesting that what they give is true,
 *    accurate and complete (422 attestation_required otherwise); other members read.
 *  - Experts, the CSRC and admins see none (their role may not call the routes).
 * An inspection already under way goes on after its project leaves supervision, so that it
 * can be closed; only planning needs a supervised project. */
#ifndef BAOTU_APP_INSPECTIONS_H
#define BAOTU_APP_INSPECTIONS_H
#include "app/app.h"

#define INSPECTION_TEXT_MAX 4000 /* scope, items, descriptions, answers, notes (characters) */
#define INSPECTION_TEAM_MAX 20   /* names in a team */
#define INSPECTION_FILES_MAX 5   /* files of one answer or one round of evidence */
#define INSPECTION_ITEMS_MAX 200 /* requests, findings or orders of one inspection, each */

/* POST /api/v1/projects/{id}/inspections: {mode, scope, team: [names], starts_on, ends_on}. */
int inspection_plan(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                    json_t **out, err *e);
/* {"items":[inspection...],"next"}: project_id 0 lists every project's (the working group's
 * list), state (may be NULL) filters. */
json_t *inspection_list(app *ap, arena *a, const actor *who, int64_t project_id, const char *state,
                        int64_t after, int limit, err *e);
/* The inspection with its requests, findings, rectification orders, files and the caller's
 * allowed_actions. */
json_t *inspection_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* 0 when the caller may see the inspection, else 404: the check before a body is read. */
int inspection_check_visible(app *ap, arena *a, const actor *who, int64_t id, err *e);

/* POST /api/v1/inspections/{id}/notify: {message?}. */
int inspection_notify(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                      json_t **out, err *e);
/* POST .../document-requests: {items, due_on}. */
int inspection_request_documents(app *ap, arena *a, const actor *who, int64_t id,
                                 const json_t *body, json_t **out, err *e);
/* POST .../findings: {severity, description}. */
int inspection_record_finding(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                              json_t **out, err *e);
/* POST .../rectifications: {finding_id, requirement, due_on}. */
int inspection_order_rectification(app *ap, arena *a, const actor *who, int64_t id,
                                   const json_t *body, json_t **out, err *e);
/* POST .../rectifications/{order_id}/verify: {accepted, note, due_on?}; a send-back needs the
 * note (what is missing) and may move the deadline. */
int inspection_verify_rectification(app *ap, arena *a, const actor *who, int64_t id,
                                    int64_t order_id, const json_t *body, json_t **out, err *e);
/* POST .../close: {conclusion}. */
int inspection_close(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e);

/* What the institution gives: text and files, with the attestation (a form's "attested":
 * "true"). The files' names are safe base names; their types are judged by their bytes. */
typedef struct inspection_reply_in {
	const char *text;     /* may be NULL */
	const char *attested; /* "true" attests; NULL or "false" does not */
	upload_file files[INSPECTION_FILES_MAX];
	int nfiles;
} inspection_reply_in;
/* POST .../document-requests/{request_id}/answer. */
int inspection_answer_documents(app *ap, arena *a, const actor *who, int64_t id, int64_t request_id,
                                const inspection_reply_in *in, json_t **out, err *e);
/* POST .../rectifications/{order_id}/evidence. */
int inspection_submit_rectification(app *ap, arena *a, const actor *who, int64_t id,
                                    int64_t order_id, const inspection_reply_in *in, json_t **out,
                                    err *e);

/* GET .../files/{file_id}: the bytes of a file of an answer or of evidence. */
typedef struct inspection_file_out {
	const char *data;
	size_t len;
	const char *content_type, *filename, *sha256;
} inspection_file_out;
int inspection_file(app *ap, arena *a, const actor *who, int64_t id, int64_t file_id,
                    inspection_file_out *out, err *e);

/* The open deadlines the caller may see (the dashboard's): {"items":[{kind:
 * document_request|rectification, id, inspection_id, project_id, project_name, due_on,
 * overdue}]}, by due day, at most limit; project_id 0: every project. */
json_t *inspection_deadlines(app *ap, arena *a, const actor *who, int64_t project_id, int limit,
                             err *e);
#endif
