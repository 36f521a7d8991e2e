/* Spreadsheets for regulators, who work in Excel (libxlsxwriter): one module that the pages
 * and the JSON API both call. */
#include "web/xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/dossier.h"
#include "web/ui.h"
#include "web/ui_dossier.h"
#include "web/ui_review.h"

/* A temporary file for a workbook (libxlsxwriter writes to a path), under $TMPDIR or /tmp:
 * its path in the arena, or NULL with the error in r->e. */
static char *workbook_path(req *r, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	char *p = arena_printf(r->a, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
	int fd = mkstemp(p);
	if (fd < 0) {
		err_set(&r->e, 500, "internal", NULL, "Something went wrong.");
		return NULL;
	}
	close(fd);
	return p;
}

/* Closes wb (NULL: it was never made) and appends the file at p to out; the file is removed
 * either way. 0, or -1 with the error in r->e. */
static int workbook_finish(req *r, lxw_workbook *wb, const char *p, buf *out)
{
	int rc = -1;
	FILE *f = wb && workbook_close(wb) == LXW_NO_ERROR ? fopen(p, "rb") : NULL;
	if (f) {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(out, chunk, n);
		rc = ferror(f) ? -1 : 0;
		fclose(f);
	}
	unlink(p);
	if (rc < 0)
		err_set(&r->e, 500, "internal", NULL, "Something went wrong.");
	return rc;
}

int review_xlsx_render(req *r, json_t *batch, buf *out)
{
	char *p = workbook_path(r, "baotu-xlsx");
	if (!p)
		return -1;
	lxw_workbook *wb = workbook_new(p);
	if (!wb)
		goto out;
	lxw_doc_properties props = {.title = arena_strdup(r->a, jstr(batch, "name")),
	                            .subject = arena_strdup(r->a, T("Expert review score sheets")),
	                            .company = arena_strdup(r->a, T("Jinan Fintech Pilot"))};
	workbook_set_properties(wb, &props);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bottom(head, LXW_BORDER_THIN);
	lxw_format *num = workbook_add_format(wb);
	format_set_num_format(num, "0.00");
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

	/* Sheet 1: the ranking. */
	lxw_worksheet *ws = workbook_add_worksheet(wb, T("Ranking"));
	const char *rh[] = {T("Rank"),   T("Project ID"), T("Project"),
	                    T("State"),  T("Sheets in"),  T("Experts assigned"),
	                    T("Mean"),   T("Median"),     T("Standard deviation"),
	                    T("Lowest"), T("Highest"),    T("Experts disagree widely")};
	for (lxw_col_t c = 0; c < sizeof rh / sizeof *rh; c++)
		worksheet_write_string(ws, 0, c, rh[c], head);
	worksheet_set_column(ws, 2, 2, 40, NULL);
	worksheet_set_column(ws, 3, 3, 16, NULL);
	worksheet_set_column(ws, 4, 11, 12, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(batch, "ranking"), i, it)
	{
		lxw_row_t row = (lxw_row_t)i + 1;
		worksheet_write_number(ws, row, 0, (double)jint(it, "rank"), NULL);
		worksheet_write_number(ws, row, 1, (double)jint(it, "project_id"), NULL);
		worksheet_write_string(ws, row, 2, jstr(it, "name"), NULL);
		worksheet_write_string(ws, row, 3, ui_state_label(r, jstr(it, "state")), NULL);
		worksheet_write_number(ws, row, 4, (double)jint(it, "sheets"), NULL);
		worksheet_write_number(ws, row, 5, (double)jint(it, "assigned"), NULL);
		const char *figs[] = {"mean", "median", "stddev", "min", "max"};
		for (lxw_col_t c = 0; c < 5; c++) {
			json_t *v = json_object_get(it, figs[c]);
			if (json_is_number(v))
				worksheet_write_number(ws, row, 6 + c, json_number_value(v), num);
		}
		worksheet_write_string(
		    ws, row, 11, json_is_true(json_object_get(it, "disagreement")) ? T("Yes") : "",
		    NULL);
	}

	/* Sheet 2: one row per expert sheet, each criterion's score and comment. */
	ws = workbook_add_worksheet(wb, T("Score sheets"));
	lxw_col_t c = 0;
	const char *sh[] = {T("Project ID"),        T("Project"), T("Expert"),        T("Username"),
	                    T("Submitted (UTC+8)"), T("Counted"), T("Weighted total")};
	for (; c < sizeof sh / sizeof *sh; c++)
		worksheet_write_string(ws, 0, c, sh[c], head);
	for (int k = 0; k < CRIT__COUNT; k++) {
		worksheet_write_string(ws, 0, c++,
		                       arena_printf(r->a, "%s: %s",
		                                    review_criterion_label(r, (scoring_criterion)k),
		                                    T("score")),
		                       head);
		worksheet_write_string(ws, 0, c++,
		                       arena_printf(r->a, "%s: %s",
		                                    review_criterion_label(r, (scoring_criterion)k),
		                                    T("comment")),
		                       head);
		worksheet_set_column(ws, c - 1, c - 1, 40, wrap);
	}
	worksheet_set_column(ws, 1, 1, 32, NULL);
	worksheet_set_column(ws, 2, 4, 16, NULL);
	worksheet_freeze_panes(ws, 1, 3);
	json_array_foreach(json_object_get(batch, "sheets"), i, it)
	{
		lxw_row_t row = (lxw_row_t)i + 1;
		json_t *dn = json_object_get(it, "display_name");
		worksheet_write_number(ws, row, 0, (double)jint(it, "project_id"), NULL);
		worksheet_write_string(ws, row, 1, jstr(it, "project_name"), NULL);
		worksheet_write_string(
		    ws, row, 2, json_is_string(dn) ? json_string_value(dn) : jstr(it, "username"),
		    NULL);
		worksheet_write_string(ws, row, 3, jstr(it, "username"), NULL);
		worksheet_write_string(ws, row, 4, ui_time_cst(r, jint(it, "submitted_at")), NULL);
		worksheet_write_string(ws, row, 5,
		                       json_is_true(json_object_get(it, "counted"))
		                           ? T("Yes")
		                           : T("No (conflict of interest)"),
		                       NULL);
		worksheet_write_number(
		    ws, row, 6, json_number_value(json_object_get(it, "weighted_total")), num);
		json_t *scores = json_object_get(it, "scores");
		c = 7;
		for (int k = 0; k < CRIT__COUNT; k++) {
			json_t *s =
			    json_object_get(scores, scoring_criterion_id((scoring_criterion)k));
			worksheet_write_number(ws, row, c++, (double)jint(s, "score"), NULL);
			worksheet_write_string(ws, row, c++, jstr(s, "comment"), wrap);
		}
	}

	/* Sheet 3: the weights and the disagreement rule. */
	ws = workbook_add_worksheet(wb, T("Weights"));
	worksheet_write_string(ws, 0, 0, T("Criterion"), head);
	worksheet_write_string(ws, 0, 1, T("Weight"), head);
	worksheet_set_column(ws, 0, 0, 40, NULL);
	json_t *w = json_object_get(batch, "weights");
	for (int k = 0; k < CRIT__COUNT; k++) {
		worksheet_write_string(ws, (lxw_row_t)k + 1, 0,
		                       review_criterion_label(r, (scoring_criterion)k), NULL);
		worksheet_write_number(ws, (lxw_row_t)k + 1, 1,
		                       json_number_value(json_object_get(
		                           w, scoring_criterion_id((scoring_criterion)k))),
		                       NULL);
	}
	worksheet_write_string(ws, CRIT__COUNT + 2, 0, review_rule_text(r), NULL);

out:
	return workbook_finish(r, wb, p, out);
}

/* ---- the end of a pilot (§4.4): the evaluation dossier ---- */

typedef struct {
	lxw_format *head, *title, *wrap;
} dossier_formats;

/* A cell of the dossier: numbers as numbers, times in China Standard Time, anything else as
 * its text. */
static void dossier_cell(req *r, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, json_t *v,
                         char kind, lxw_format *wrap)
{
	if (!v || json_is_null(v))
		return;
	if (kind == 'n' && json_is_number(v)) {
		worksheet_write_number(ws, row, col, json_number_value(v), NULL);
		return;
	}
	const char *s = dossier_cell_text(r, v, kind);
	if (*s)
		worksheet_write_string(ws, row, col, s, kind == 't' ? wrap : NULL);
}

static lxw_row_t dossier_pairs(lxw_worksheet *ws, lxw_row_t row, const char **labels,
                               const char **values, size_t n, const dossier_formats *f)
{
	for (size_t i = 0; i < n; i++, row++) {
		worksheet_write_string(ws, row, 0, labels[i], f->head);
		if (values[i] && *values[i])
			worksheet_write_string(ws, row, 1, values[i], f->wrap);
	}
	return row;
}

int dossier_xlsx_render(req *r, json_t *d, buf *out)
{
	const char *tmp = getenv("TMPDIR");
	char *p = workbook_path(r, "baotu-dossier");
	if (!p)
		return -1;
	/* constant memory: each row goes to the sheet's temp file as it is written */
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
	                            .tmpdir = (char *)(tmp && *tmp ? tmp : "/tmp")};
	lxw_workbook *wb = workbook_new_opt(p, &opt);
	if (!wb)
		goto out;
	json_t *cover = json_object_get(d, "cover");
	lxw_doc_properties props = {.title = arena_strdup(r->a, jstr(cover, "name")),
	                            .subject = arena_strdup(r->a, T("Evaluation dossier")),
	                            .company = arena_strdup(r->a, T("Jinan Fintech Pilot"))};
	workbook_set_properties(wb, &props);
	dossier_formats f = {workbook_add_format(wb), workbook_add_format(wb),
	                     workbook_add_format(wb)};
	format_set_bold(f.head);
	format_set_bottom(f.head, LXW_BORDER_THIN);
	format_set_bold(f.title);
	format_set_font_size(f.title, 13);
	format_set_text_wrap(f.wrap);
	format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
	const char *labels[64], *values[64];
	for (int part = 0; part < DP__COUNT; part++) {
		const dossier_part_info *pi = &DOSSIER_PARTS[part];
		lxw_worksheet *ws = workbook_add_worksheet(wb, pi->sheet);
		if (!ws)
			goto close;
		/* the first row names the part in the caller's language, with the sheet's name */
		lxw_row_t row = 0;
		worksheet_set_column(ws, 0, 0, 22, NULL);
		worksheet_set_column(ws, 1, 20, 18, NULL);
		if (part == DP_COVER || part == DP_APPLICATION)
			worksheet_set_column(ws, 1, 1, 80, NULL);
		worksheet_write_string(
		    ws, row++, 0, arena_printf(r->a, "%s (%s)", T(pi->label), pi->sheet), f.title);
		if (part == DP_COVER || part == DP_APPLICATION) {
			size_t n = part == DP_COVER
			               ? dossier_cover_facts(r, d, labels, values, 64)
			               : dossier_application_facts(r, d, labels, values, 64);
			row = dossier_pairs(ws, row, labels, values, n, &f);
		}
		for (size_t k = 0; k < DOSSIER_TABLE_COUNT; k++) {
			const dossier_table *t = &DOSSIER_TABLES[k];
			if (t->part != part)
				continue;
			if (row > 1)
				row++;
			worksheet_write_string(ws, row++, 0, T(t->title), f.title);
			for (lxw_col_t c = 0; c < t->ncols; c++)
				worksheet_write_string(ws, row, c, T(t->cols[c].label), f.head);
			row++;
			json_t *rows = dossier_table_rows(d, t), *it;
			size_t i;
			json_array_foreach(rows, i, it)
			{
				for (lxw_col_t c = 0; c < t->ncols; c++)
					dossier_cell(r, ws, row, c,
					             json_object_get(it, t->cols[c].key),
					             t->cols[c].kind, f.wrap);
				row++;
			}
			json_decref(rows);
		}
	}
close:;
out:
	return workbook_finish(r, wb, p, out);
}
