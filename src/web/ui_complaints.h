/* Complaints about running pilots (§4.3) as pages: the public's form and look-up (no log-in),
 * the working group's queue, one complaint with its handling forms, a project's complaints
 * with the institution's form to record one, and the figures the project page shows. */
#ifndef BAOTU_WEB_UI_COMPLAINTS_H
#define BAOTU_WEB_UI_COMPLAINTS_H
#include "web/ui.h"

int ui_public_complaint_form(req *r);        /* GET /public/complaints/new (?project_id=) */
int ui_public_complaint_file(req *r);        /* POST /public/complaints/new (same origin only) */
int ui_public_complaint_lookup_form(req *r); /* GET /public/complaints/lookup */
int ui_public_complaint_lookup(req *r);      /* POST /public/complaints/lookup */
int ui_complaints(req *r);                   /* GET /complaints (?status=) */
int ui_complaint_show(req *r);               /* GET /complaints/{id} */
int ui_complaint_note(req *r);               /* POST /complaints/{id}/notes */
int ui_complaint_forward(req *r);            /* POST /complaints/{id}/forward */
int ui_complaint_resolve(req *r);            /* POST /complaints/{id}/resolve */
int ui_complaint_escalate(req *r);           /* POST /complaints/{id}/escalate */
int ui_project_complaints(req *r);           /* GET /projects/{id}/complaints */
int ui_project_complaint_record(req *r);     /* POST /projects/{id}/complaints */

/* The complaint figures of a project (its part of the project page's supervision card): by
 * status, overdue, the median days to resolve and a link to the list; nothing when the caller
 * may not read them. */
void ui_complaints_figures(req *r, int64_t project_id);

/* "Working group" or "Pilot institution": who wrote a note or a message. */
const char *ui_side_label(req *r, const char *side);

#endif
