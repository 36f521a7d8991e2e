/* Inspections (§4.3 item 3) for the working group and the institution: the project page's
 * section, the working group's list with the open deadlines, an inspection's page with the
 * forms of each step. */
#ifndef BAOTU_WEB_UI_INSPECTIONS_H
#define BAOTU_WEB_UI_INSPECTIONS_H
#include "web/ui.h"

int ui_inspections_list(req *r);  /* GET /inspections (working group) */
int ui_inspection_show(req *r);   /* GET /inspections/{id} */
int ui_inspection_plan(req *r);   /* POST /projects/{id}/inspections (officer) */
int ui_inspection_act(req *r);    /* POST /inspections/{id}/actions/{action} */
int ui_inspection_answer(req *r); /* POST /inspections/{id}/document-requests/{request_id}/answer */
int ui_inspection_evidence(req *r); /* POST /inspections/{id}/rectifications/{order_id}/evidence */

/* The inspections section (<section id="inspections">) of a project page: the project's
 * inspections the caller may see and, for an officer of a supervised project, the form to plan
 * one. Prints nothing for a caller who sees no inspection. */
void ui_inspections_section(req *r, int64_t project_id);

#endif
