/* Pages of the public notice (§4.2): the public portal (open notices, one notice with its
 * comment form, the register of pilots), the staff's comments section of a project page, and
 * the admin's working-day calendar. */
#ifndef BAOTU_WEB_UI_NOTICES_H
#define BAOTU_WEB_UI_NOTICES_H
#include "web/http.h"

int ui_public_notices(req *r);
int ui_public_notice(req *r);
int ui_public_comment(req *r);
int ui_public_pilots(req *r);
int ui_calendar_current(req *r);
int ui_calendar(req *r);
int ui_calendar_save(req *r);
int ui_project_comments(req *r);
int ui_comment_moderate(req *r);
int ui_comment_classify(req *r);
int ui_comment_respond(req *r);

/* The comments section (<section id="comments">) of a project page: the notice's period, every
 * comment the caller may see, moderation and classification forms for officers and the
 * response form for the lead applicant. Writes to r->out; prints nothing when the caller may
 * not read the project. Forms return to the page that showed them (r->path). */
void ui_comments_section(req *r, int64_t project_id);
#endif
