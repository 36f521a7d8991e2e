/* Inspections (§4.3 item 3) for the working group and the institution: the project page's
 * section, the working group's list with the open deadlines, an inspection's page with the
 * forms of each step; and the small form pieces the incident pages share. */
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

/* ---- the pieces of a supervision form (shared with ui_incidents.c) ---- */

/* <form method=post action=ACTION class="card form" id=ID> with its heading and the CSRF
 * field; multipart for a form with files. */
void ui_sup_form_begin(req *r, const char *action, const char *id, const char *heading,
                       bool multipart);
/* The submit button and </form>. */
void ui_sup_form_end(req *r, const char *button);
/* A labelled control named name, its id unique on the page (form id + name); kind "text",
 * "date", "number", "textarea"; the value posted again when form is the one that failed. */
void ui_sup_field(req *r, const char *form, const char *name, const char *label, const char *kind,
                  bool required, const char *hint);
/* A labelled <select> of the ids of labels (translated). */
typedef struct ui_sup_option {
	const char *id, *label;
} ui_sup_option;
void ui_sup_select(req *r, const char *form, const char *name, const char *label,
                   const ui_sup_option *options, size_t n);
/* A tag in a tone, its data-state the id. */
void ui_sup_tag(req *r, const char *tone, const char *id, const char *label);
/* "#ID" as the username of user ID. */
const char *ui_sup_user(req *r, long long user_id);
/* Form fields into a JSON body: each name of names (NULL-ended) as text when posted and not
 * blank; 400 invalid_text when not UTF-8. */
int ui_sup_body(req *r, json_t *body, const char *const *names);
#endif
