/* The information exchange (§4.3.1) as pages: the threads with their unread counts, a
 * project's threads and the form to start one, a thread with its messages, files, read
 * receipts and the reply form, the reports of new situations to the CSRC; and the project
 * page's supervision card (complaints and messages). */
#ifndef BAOTU_WEB_UI_EXCHANGE_H
#define BAOTU_WEB_UI_EXCHANGE_H
#include "web/ui.h"

int ui_threads(req *r);               /* GET /threads */
int ui_project_threads(req *r);       /* GET /projects/{id}/threads */
int ui_project_thread_create(req *r); /* POST /projects/{id}/threads */
int ui_thread_show(req *r);           /* GET /threads/{id}: records the reader's receipts */
int ui_thread_reply(req *r);          /* POST /threads/{id}/messages (multipart, with files) */
int ui_situations(req *r);            /* GET /situations (?status=) */
int ui_situation_create(req *r);      /* POST /situations */
int ui_situation_acknowledge(req *r); /* POST /situations/{id}/acknowledge */

/* The project page's card of complaints and messages (§4.3): the complaint figures and the
 * latest threads with their unread counts, with links to both; nothing for a caller who may
 * read neither, or for a project never supervised that has no thread. */
void ui_exchange_section(req *r, int64_t project_id);
#endif
