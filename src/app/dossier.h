/* The evaluation dossier (§4.4): one compilation of a supervised pilot's record, for the working
 * group (officers, leaders) and the CSRC, which evaluates it. Institutions and experts have
 * none (the route table refuses them; a caller of another role here is 403). A project the
 * caller may not see is 404; one that has no dossier (never launched, or not supervised) 409
 * invalid_state. */
#ifndef BAOTU_APP_DOSSIER_H
#define BAOTU_APP_DOSSIER_H
#include "app/app.h"

/* The dossier of project_id as JSON: {"cover", "application", "boundaries", "reports",
 * "alerts", "inspections", "incidents", "complaints", "exchange", "decisions", "manifest"}
 * (core/dossier.h's parts, in that order), read from one snapshot; NULL with *e. */
json_t *dossier_compile(app *ap, arena *a, const actor *who, int64_t project_id, err *e);
#endif
