/* Notifications: the inbox, the caller's e-mail address, webhooks and the outbox (API
 * handlers of the route table; the use cases are in src/app/notify.c). */
#ifndef BAOTU_WEB_API_NOTIFY_H
#define BAOTU_WEB_API_NOTIFY_H
#include "web/http.h"

int api_inbox_list(req *r);      /* GET /api/v1/inbox (?unread=1) */
int api_inbox_read(req *r);      /* POST /api/v1/inbox/{id}/read */
int api_inbox_read_all(req *r);  /* POST /api/v1/inbox/read-all */
int api_account_email(req *r);   /* PUT /api/v1/account/email */
int api_webhooks_delete(req *r); /* DELETE /api/v1/webhooks/{id} */
#endif
