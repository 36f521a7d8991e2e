/* The evaluation dossier (§4.4) as people read it: its page, the link from the project page,
 * and the tables of its parts, which the page and the spreadsheet (web/xlsx.c) both draw. */
#ifndef BAOTU_WEB_UI_DOSSIER_H
#define BAOTU_WEB_UI_DOSSIER_H
#include <jansson.h>
#include <stddef.h>

#include "web/ui.h"

/* A column: the row's key, its heading (a catalog message id) and how its value reads:
 * 't' text, 'n' number, 'w' a time (UTC microseconds, shown in China Standard Time),
 * 'j' JSON (compact), 'b' yes or no. */
typedef struct dossier_col {
	const char *key, *label;
	char kind;
} dossier_col;

/* A table of a part: its rows are the array at path in the dossier ("reports",
 * "exchange.threads"), or the arrays under child of each of those rows ("inspections" with
 * child "findings"), each row then carrying its parent's id as "parent_id". */
typedef struct dossier_table {
	int part; /* core/dossier.h: dossier_part */
	const char *path, *child;
	const char *title; /* a catalog message id */
	const dossier_col *cols;
	size_t ncols;
} dossier_table;
extern const dossier_table DOSSIER_TABLES[];
extern const size_t DOSSIER_TABLE_COUNT;

/* The rows of t in the dossier d: a new array (borrowed rows, with parent_id set on nested
 * ones). */
json_t *dossier_table_rows(json_t *d, const dossier_table *t);
/* A cell as text in the page's language ("" for null). */
const char *dossier_cell_text(req *r, json_t *v, char kind);
/* The cover's facts and the application's fields as (label, value) rows: n of them into
 * labels and values (at most max); returns n. */
size_t dossier_cover_facts(req *r, json_t *d, const char **labels, const char **values, size_t max);
size_t dossier_application_facts(req *r, json_t *d, const char **labels, const char **values,
                                 size_t max);

/* GET /projects/{id}/dossier (working group, CSRC). */
int ui_dossier_page(req *r);
/* The project page's link to the dossier, for the working group and the CSRC on a project
 * that has one (p: the project as project_get answers it). */
void ui_dossier_link(req *r, json_t *p);
#endif
