/* Stage evaluation and recognitions (§4.4, §5.1): pages, and the fields of its actions on the
 * project page. */
#ifndef BAOTU_WEB_UI_EVALUATIONS_H
#define BAOTU_WEB_UI_EVALUATIONS_H
#include <jansson.h>
#include <stdbool.h>

#include "web/ui.h"

/* The inputs of this part's workflow actions in an action's form (web/ui_project_page.c). */
void ui_evaluation_action_fields(req *r, json_t *p, const char *action, const char *fid,
                                 bool again);
/* A posted action form's fields of this part into body: 0, or -1 with the error in r->e. */
int ui_evaluation_action_read(req *r, const char *action, json_t *body);

/* The project page's section: its evaluations, the open rectification order, its
 * recognitions, and the form to open an evaluation (an officer or the CSRC, a launched
 * pilot). Nothing for a caller who may see none of it. */
void ui_evaluations_section(req *r, int64_t project_id);

int ui_evaluations_list(req *r);       /* GET /evaluations (staff) */
int ui_evaluation_show(req *r);        /* GET /evaluations/{id} */
int ui_evaluation_open(req *r);        /* POST /projects/{id}/evaluations */
int ui_evaluation_scores(req *r);      /* POST /evaluations/{id}/scores */
int ui_evaluation_commitments(req *r); /* POST /evaluations/{id}/commitments */
int ui_evaluation_hypothesis(req *r);  /* POST /evaluations/{id}/hypothesis */
int ui_evaluation_concurrence(req *r); /* POST /evaluations/{id}/concurrence */
int ui_public_recognitions(req *r);    /* GET /public/recognitions */
#endif
