/* Spreadsheet exports (.xlsx), shared by the pages and the JSON API. */
#ifndef BAOTU_WEB_XLSX_H
#define BAOTU_WEB_XLSX_H
#include "web/http.h"

/* The score sheet workbook of a batch (batch_scores() JSON): a ranking sheet and one row per
 * expert sheet. 0, or -1 with r->e set. */
int review_xlsx_render(req *r, json_t *batch, buf *out);
/* The end of a pilot (§4.4): the evaluation dossier's workbook (dossier_compile() JSON), a
 * sheet per part in core/dossier.h's order (Cover first), written through a temp file with
 * libxlsxwriter's constant-memory mode. 0, or -1 with r->e set. */
int dossier_xlsx_render(req *r, json_t *dossier, buf *out);
#endif
