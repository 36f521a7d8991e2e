/* The public notice of a project (§4.2) for staff and applicants: the comments section of the
 * project page and its forms; and the pieces the public portal (ui_public.c) shares. */
#ifndef BAOTU_WEB_UI_NOTICES_H
#define BAOTU_WEB_UI_NOTICES_H
#include "web/ui.h"

int ui_project_comments(req *r); /* GET /projects/{id}/comments: the section on its own page */
int ui_comment_moderate(req *r); /* POST /comments/{id}/moderate (officer), back to ?next */
int ui_comment_classify(req *r); /* POST /comments/{id}/classify (officer), back to ?next */
int ui_comment_respond(req *r);  /* POST /comments/{id}/response (lead applicant) */

/* The comments section (<section id="comments">) of a project page: the notice's period, every
 * comment the caller may see, moderation and classification forms for officers and the
 * response form for the lead applicant. Writes to r->out; prints nothing when the caller may
 * not read the project. Forms return to the page that showed them (r->path). */
void ui_comments_section(req *r, int64_t project_id);

/* The notice's period: its dates, working days, whether comments are taken, the track. */
void notice_period_facts(req *r, json_t *notice);
/* The applicant's answer to a comment, with its safeguards and compensation. */
void notice_response(req *r, json_t *response);
#endif
