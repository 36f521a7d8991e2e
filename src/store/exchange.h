/* The information exchange of §4.3.1 in the store: threads between the working group and a
 * project's institutions, their messages, attachments and read receipts, and the working
 * group's reports of new situations to the CSRC. The functions run inside the caller's
 * transaction and return strings in its arena. A function that looks a row up or adds one
 * returns 1 (found, added), 0 (none) or -1 (an error), as store_int does; the others 0 or -1.
 * A list that pages returns limit + 1 rows at most, so that app_page tells whether another
 * page follows. */
#ifndef BAOTU_STORE_EXCHANGE_H
#define BAOTU_STORE_EXCHANGE_H
#include <stddef.h>

#include "store/store.h"

/* ---- threads ---- */

/* 1 and the new thread's *id. */
int threads_insert(store_conn *c, arena *a, int64_t project_id, const char *subject, int64_t by,
                   int64_t now, int64_t *id, err *e);
/* Threads as a list shows them to user_id: id, project_id, project_name, project_state,
 * subject, created_by, created_at, last_message_at, messages and unread (the messages the user
 * did not write and has not read). The thread id (project_id and institution_id 0): 1 and
 * *r, 0, -1. */
int threads_get(store_conn *c, arena *a, int64_t id, int64_t user_id, store_result **r, err *e);
/* A page of threads, the newest first: those of project_id (0: every project), of the
 * projects institution_id is a member of (0: any), with an id below before (0: from the
 * newest). */
int threads_page(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                 int64_t user_id, int64_t before, int limit, store_result **r, err *e);

/* ---- messages ---- */

/* 1 and the new message's *id; the thread's last_message_at becomes now. side:
 * working_group | institution. */
int messages_insert(store_conn *c, arena *a, int64_t thread_id, const char *body, const char *side,
                    int64_t by, int64_t now, int64_t *id, err *e);
/* A page of the thread's messages from after, by id: id, thread_id, body, side, author_id,
 * author (username), author_name (display name), sent_at. */
int messages_page(store_conn *c, arena *a, int64_t thread_id, int64_t after, int limit,
                  store_result **r, err *e);
/* The attachments of the thread's messages with first <= id <= last: id, message_id,
 * filename, sha256, size, content_type. */
int messages_attachments(store_conn *c, arena *a, int64_t thread_id, int64_t first, int64_t last,
                         store_result **r, err *e);
/* The read receipts of those messages: message_id, user_id, username, role, read_at. */
int messages_reads(store_conn *c, arena *a, int64_t thread_id, int64_t first, int64_t last,
                   store_result **r, err *e);
/* 1 and the new attachment's *id. */
int messages_attachment_add(store_conn *c, arena *a, int64_t message_id, const char *filename,
                            const char *sha256, int64_t size, const char *content_type, int64_t *id,
                            err *e);
/* The attachment id of a message of the thread: 1 (*r: id, message_id, filename, sha256,
 * size, content_type), 0, -1. */
int messages_attachment_get(store_conn *c, arena *a, int64_t thread_id, int64_t id,
                            store_result **r, err *e);
/* The ids of the thread's messages up to up_to (0: all) that user_id did not write and has
 * not read, by id. */
int messages_unread(store_conn *c, arena *a, int64_t thread_id, int64_t user_id, int64_t up_to,
                    store_result **r, err *e);
int messages_read_add(store_conn *c, arena *a, int64_t message_id, int64_t user_id, int64_t now,
                      err *e);

/* ---- situations reported to the CSRC ---- */

/* project_id 0: none. 1 and the new report's *id. */
int situations_insert(store_conn *c, arena *a, int64_t project_id, const char *title,
                      const char *body, int64_t by, int64_t now, int64_t *id, err *e);
/* Reports as read: id, project_id, project_name, title, body, reported_by, reported_by_name,
 * reported_at, acknowledged_by, acknowledged_by_name, acknowledged_at, acknowledgement. */
int situations_get(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
/* A page, the newest first (id below before; 0: from the newest); acknowledged: -1 any, 0
 * pending, 1 acknowledged. */
int situations_page(store_conn *c, arena *a, int acknowledged, int64_t before, int limit,
                    store_result **r, err *e);
int situations_acknowledge(store_conn *c, arena *a, int64_t id, const char *note, int64_t by,
                           int64_t now, err *e);
#endif
