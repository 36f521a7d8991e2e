/* Sanctions and exit (§4.4): pages, and the fields of its actions on the project page. */
#ifndef BAOTU_WEB_UI_SANCTIONS_H
#define BAOTU_WEB_UI_SANCTIONS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "web/ui.h"

/* The inputs of this part's workflow actions in an action's form (web/ui_project_page.c). */
void ui_sanction_action_fields(req *r, json_t *p, const char *action, const char *fid, bool again);
/* A posted action form's fields of this part into body: 0, or -1 with the error in r->e. */
int ui_sanction_action_read(req *r, const char *action, json_t *body);
/* The project page's section: the sanctions and the exit with its checklist, and the evidence
 * forms for the lead institution's users and officers while the pilot exits. */
void ui_sanctions_section(req *r, int64_t project_id);
int ui_exit_item_evidence(req *r); /* POST /projects/{id}/exit/items/{item} */
int ui_public_exits(req *r);       /* GET /public/exits */
#endif
