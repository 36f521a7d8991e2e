/* Information exchange (§4.3.1: the working group keeps daily contact with the pilot
 * institutions and reports new situations upward to the CSRC).
 *
 * Threads. A thread is about one project: the working group (officer, leader) and the users of
 * the project's member institutions start threads and write messages in them; nobody else
 * reads them (another institution, or a thread that does not exist: 404; other roles are
 * refused by the route table, 403). A message may carry files (at most MESSAGE_FILES_MAX, each
 * at most 20 MiB, of the kinds materials take, judged by their bytes) sent with it in one
 * multipart request, so that a message and its files are written together or not at all; the
 * bytes are kept content-addressed in blobs, as materials' are. New threads and messages only
 * while the project is supervised (409 invalid_state); reading stays open.
 *
 * Read receipts. Every reader but a message's author gets a receipt the first time they read
 * it (message.read {thread_id, message_id}): through POST .../read, or by opening the thread's
 * page. Both sides see who read which message when; lists carry each caller's unread count.
 *
 * Situations. An officer or a leader reports a new situation to the CSRC, about a supervised
 * project or none; a CSRC user acknowledges it once. Events: situation.reported and
 * situation.acknowledged {situation_id}, about project:ID, or situation:ID (which only staff
 * read) when no project is named; the institutions never see them in their project's history. */
#ifndef BAOTU_APP_EXCHANGE_H
#define BAOTU_APP_EXCHANGE_H
#include <stddef.h>

#include "app/app.h"

#define THREAD_SUBJECT_MAX 200  /* characters */
#define MESSAGE_BODY_MAX 10000  /* characters */
#define MESSAGE_FILES_MAX 5     /* attachments per message */
#define SITUATION_TITLE_MAX 200 /* characters */
#define SITUATION_BODY_MAX 20000
#define SITUATION_NOTE_MAX 2000

/* ---- threads and messages ---- */

/* {subject, body}: a thread and its first message (message.sent); 201 with the thread. */
int thread_create(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                  json_t **out, err *e);
/* Threads, the most recently started first, each with its message count and the caller's
 * unread count: of one project, or (project_id 0) every thread the caller may read. */
json_t *thread_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                    int limit, err *e);
/* One thread: its project, subject, counts and the caller's side. */
json_t *thread_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* A page of the thread's messages, oldest first, each with its attachments, its read
 * receipts and whether the caller has read it. */
json_t *message_list(app *ap, arena *a, const actor *who, int64_t thread_id, int64_t after,
                     int limit, err *e);

/* A message (body) with nfiles files: 201 with the message. */
int message_send(app *ap, arena *a, const actor *who, int64_t thread_id, const char *body,
                 const upload_file *files, int nfiles, json_t **out, err *e);
/* The caller's receipts for the thread's messages they have not read ({} or {up_to: message
 * id}): {thread_id, read: [message ids newly read], unread}. */
int thread_mark_read(app *ap, arena *a, const actor *who, int64_t thread_id, const json_t *body,
                     json_t **out, err *e);

/* An attachment's bytes, for GET /api/v1/threads/{id}/attachments/{aid}. */
typedef struct message_attachment {
	const char *data; /* arena */
	size_t len;
	const char *content_type, *filename, *sha256;
} message_attachment;
int message_attachment_get(app *ap, arena *a, const actor *who, int64_t thread_id,
                           int64_t attachment_id, message_attachment *out, err *e);

/* ---- new situations reported to the CSRC ---- */

/* {project_id?, title, body}: situation.reported; 201 with the report. */
int situation_report(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e);
/* The reports, the newest first; status pending | acknowledged (NULL: both). */
json_t *situation_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
                       int limit, err *e);
json_t *situation_get(app *ap, arena *a, const actor *who, int64_t id, err *e);
/* A CSRC user acknowledges a report ({} or {note}): situation.acknowledged; 409
 * invalid_state the second time. */
int situation_acknowledge(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                          json_t **out, err *e);
#endif
