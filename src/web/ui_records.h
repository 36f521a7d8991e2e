/* The page kit of supervision records (inspections, incidents and the records to come): the
 * pieces of their forms, the project page's section, the list page with its filter, the
 * record's page head and the answer to one of its forms. A record kind supplies its rows,
 * headings and forms; the shape of its pages lives here once. */
#ifndef BAOTU_WEB_UI_RECORDS_H
#define BAOTU_WEB_UI_RECORDS_H
#include "core/text.h"
#include "web/ui.h"

/* ---- the pieces of a supervision form ---- */

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
/* The translated label of id in list (id itself when it is not there). */
const char *ui_sup_label(req *r, const id_label *list, size_t n, const char *id);
/* list as options of a select, labels translated. */
ui_sup_option *ui_sup_options(req *r, const id_label *list, size_t n);
/* Whether a record's "allowed_actions" name action. */
bool ui_sup_allowed(json_t *record, const char *action);
/* A "tag flag" with data-NAME="1" when record[key] is true (overdue, late). */
void ui_sup_flag(req *r, json_t *record, const char *key, const char *name, const char *label);
/* <section class="card" id=ID><h2>TITLE</h2> a table of items </section>. */
void ui_sup_card_table(req *r, const char *id, const char *title, const char *trusted_classes,
                       const char *const *headings, json_t *items, ui_row_fn row, void *ctx,
                       const char *empty);

/* ---- pages ---- */

/* A record kind's section of the project page: the records of list["items"] the caller sees
 * and, when list[may] is true, the form to start one (form(r, project_id)). Nothing when
 * there is neither. Takes list. */
typedef struct ui_sup_section_spec {
	const char *id, *title, *trusted_classes;
	const char *may; /* the list's flag that the caller may start one */
	const char *empty;
	ui_row_fn row;
	void (*form)(req *r, int64_t project_id);
} ui_sup_section_spec;
void ui_sup_section(req *r, const ui_sup_section_spec *s, const char *const *headings, json_t *list,
                    int64_t project_id);

/* A list page of the records of every project the caller sees: reads ?param= (the state to
 * show), a page of list and the open deadlines (deadlines), and lets show print them
 * (state NULL: all). */
typedef struct ui_sup_list_spec {
	const char *param;
	json_t *(*list)(app *ap, arena *a, const actor *who, int64_t project_id, const char *state,
	                int64_t after, int limit, err *e);
	json_t *(*deadlines)(app *ap, arena *a, const actor *who, int64_t project_id, int limit,
	                     err *e);
	void (*show)(req *r, const char *state, json_t *list, json_t *due);
} ui_sup_list_spec;
int ui_sup_list_page(req *r, const ui_sup_list_spec *s);

/* A list page's filter: a select of rows[i].id (translated rows[i].label) named param, "All"
 * first. Rows begin with an id and a label (the core tables of states); stride is their size;
 * shown (NULL: all) may leave some out. */
void ui_sup_filter(req *r, const char *action, const char *param, const char *selected,
                   const void *rows, size_t stride, int n, bool (*shown)(const void *row));

/* The head of a record's page: crumbs Projects > its project (#anchor) > crumb, the eyebrow
 * and title, then an open <p> for the caller's tags; ui_sup_head_end closes it and shows the
 * "done" flash or the refusal of a form (f, worded with fields). */
void ui_sup_head(req *r, json_t *record, const char *anchor, const char *crumb, const char *eyebrow,
                 const char *title);
void ui_sup_head_end(req *r, const ui_failure *f, const ui_label *fields);

/* The answer to a record's form: on success a redirect to path?done=action; a refusal about
 * the record itself (404 on id) or a failure of the server is an error page; any other
 * refusal shows the record's page (page) again with it. Takes out. */
int ui_sup_after_form(req *r, const char *path, int rc, json_t *out, const char *action,
                      int (*page)(req *r, int64_t id, ui_failure *f), int64_t id);
/* The answer to a form that starts a record from the project page (rc, out): the new record's
 * page, or the refusal (of action) on a page of its own with the form again (form) and a link back
 * to the project's #anchor. Takes out. */
int ui_sup_created(req *r, int rc, json_t *out, const char *prefix, const char *action,
                   int64_t project_id, const char *anchor, const char *eyebrow, const char *title,
                   const ui_label *fields, void (*form)(req *r, int64_t project_id));
#endif
