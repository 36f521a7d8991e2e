/* Pages for projects (applications) and maker-checker decisions (§3–§4.2): the list
 * (ui_project_list.c), the application form (ui_project_form.c), the project page with its
 * workflow actions (ui_project_page.c) and the leader's queue (ui_decisions.c). The rules
 * live in src/app/projects.c and src/core/workflow.c; these pages show them and pass the
 * forms on as the same JSON bodies the API takes. */
#ifndef BAOTU_WEB_UI_PROJECTS_H
#define BAOTU_WEB_UI_PROJECTS_H
#include "web/ui.h"

int ui_projects_list(req *r);    /* GET /projects (?state=) */
int ui_project_new(req *r);      /* GET /projects/new */
int ui_project_create(req *r);   /* POST /projects */
int ui_project_show(req *r);     /* GET /projects/{id} */
int ui_project_edit(req *r);     /* GET /projects/{id}/edit */
int ui_project_save(req *r);     /* POST /projects/{id} */
int ui_project_action(req *r);   /* POST /projects/{id}/actions/{action} */
int ui_decisions(req *r);        /* GET /decisions */
int ui_decision_approve(req *r); /* POST /decisions/{id}/approve */
int ui_decision_reject(req *r);  /* POST /decisions/{id}/reject */

/* ---- shared by the project pages ---- */

/* An application's fields where they read otherwise than the kit's ("Project name"). */
extern const ui_label UI_PROJECT_FIELDS[];
/* §3.2: the caller is the lead applicant's user (who represents the others). */
bool ui_caller_is_lead(const req *r, json_t *project);
/* One decision (ui_decisions.c): who proposed what, when, why, and the action's fields. */
void ui_decision_facts(req *r, json_t *decision);
/* The leader's approve and reject forms of a decision; f (may be NULL) failed on the
 * decision failed_id and keeps what was typed. */
void ui_decision_forms(req *r, json_t *decision, const ui_failure *f, long long failed_id);
#endif
