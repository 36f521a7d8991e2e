/* The end of a pilot (§4.4): the evaluation dossier's workbook (app/dossier.c compiles it). */
#ifndef BAOTU_WEB_API_DOSSIER_H
#define BAOTU_WEB_API_DOSSIER_H
#include "web/http.h"

/* The dossier d as a workbook, in place of its JSON (an api_reply of web/api.h: d is taken). */
int reply_dossier_xlsx(req *r, int status, json_t *d);
#endif
