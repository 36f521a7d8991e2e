/* The end of a pilot (§4.4): the evaluation dossier's handlers (app/dossier.c compiles it). */
#ifndef BAOTU_WEB_API_DOSSIER_H
#define BAOTU_WEB_API_DOSSIER_H
#include "web/http.h"

/* GET /api/v1/projects/{id}/dossier.xlsx */
int api_dossier_xlsx(req *r);
#endif
