/* JSON API of the information exchange (§4.3.1): threads, messages with their files and read
 * receipts, and the reports of new situations to the CSRC. One handler per row of
 * src/web/routes.c; messages_post_form is shared with the thread page's reply form. */
#ifndef BAOTU_WEB_API_EXCHANGE_H
#define BAOTU_WEB_API_EXCHANGE_H
#include "web/http.h"

int api_threads_list(req *r);          /* GET /api/v1/threads */
int api_thread_message_create(req *r); /* POST /api/v1/threads/{id}/messages */
int api_thread_attachment(req *r);     /* GET /api/v1/threads/{id}/attachments/{aid} */

/* A message to thread id from r's body: JSON {"body"}, or multipart/form-data with a text
 * field body, up to MESSAGE_FILES_MAX file fields "file" and the page's csrf. 0 with *out, or
 * -1 with r->e. */
int message_post(req *r, int64_t thread_id, json_t **out);
#endif
