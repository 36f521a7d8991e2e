/* Pages for projects (applications) and maker-checker decisions (§3–§4.2): the list, the
 * application form, the project page with its workflow actions, and the leader's queue. */
#ifndef BAOTU_WEB_UI_PROJECTS_H
#define BAOTU_WEB_UI_PROJECTS_H
#include "web/http.h"

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
#endif
