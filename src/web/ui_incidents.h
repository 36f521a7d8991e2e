/* Incidents and emergencies (§4.3 item 4) for each role: the project page's section, the
 * working group's and the CSRC's list, an incident's page with the forms of each step. */
#ifndef BAOTU_WEB_UI_INCIDENTS_H
#define BAOTU_WEB_UI_INCIDENTS_H
#include "web/ui.h"

int ui_incidents_list(req *r); /* GET /incidents (working group: every one; CSRC: reported) */
int ui_incident_show(req *r);  /* GET /incidents/{id} */
int ui_incident_open(req *r);  /* POST /projects/{id}/incidents (lead institution, officer) */
int ui_incident_act(req *r);   /* POST /incidents/{id}/actions/{action} */

/* The incidents section (<section id="incidents">) of a project page: the project's incidents
 * the caller may see and, on a supervised project, the lead institution's form to report one
 * or the officer's to record one. Prints nothing for a caller who sees no incident. */
void ui_incidents_section(req *r, int64_t project_id);
/* The project page's supervision sections of this part: inspections, then incidents. */
void ui_inspections_and_incidents(req *r, int64_t project_id);
#endif
