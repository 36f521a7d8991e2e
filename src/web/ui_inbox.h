/* The in-app inbox on pages: the list of the caller's notifications, marking them read, the
 * caller's e-mail address, and the header's link with the unread count. */
#ifndef BAOTU_WEB_UI_INBOX_H
#define BAOTU_WEB_UI_INBOX_H
#include "web/ui.h"

int ui_inbox(req *r);          /* GET /inbox (?unread=1) */
int ui_inbox_read(req *r);     /* POST /inbox/{id}/read */
int ui_inbox_read_all(req *r); /* POST /inbox/read-all */
int ui_account_email(req *r);  /* POST /account/email */

/* The header's link to the inbox with the unread count (the page kit's layout calls it). */
void ui_inbox_link(req *r);
#endif
