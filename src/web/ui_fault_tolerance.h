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
#endif
