/* Fault tolerance (§5.2): pages, and the fields of its actions on the project page. */
#ifndef BAOTU_WEB_UI_FAULT_TOLERANCE_H
#define BAOTU_WEB_UI_FAULT_TOLERANCE_H
#include <jansson.h>
#include <stdbool.h>

#include "web/ui.h"

/* The inputs of this part's workflow actions in an action's form (web/ui_project_page.c). */
void ui_fault_tolerance_action_fields(req *r, json_t *p, const char *action, const char *fid,
                                      bool again);
/* A posted action form's fields of this part into body: 0, or -1 with the error in r->e. */
int ui_fault_tolerance_action_read(req *r, const char *action, json_t *body);
/* On a decision (web/ui_decisions.c): a proposal of determine_fault_tolerance shows its
 * override prominently, the computed test, the inputs with their evidence and the computed
 * reasoning; any other decision shows nothing here. */
void ui_fault_tolerance_decision(req *r, json_t *d);
/* The incident page's section: the determination with its reasoning and override, or, for an
 * officer, a link to propose one on the project page. */
void ui_fault_tolerance_incident_section(req *r, json_t *inc);
#endif
