/* The evaluation dossier (§4.4): which projects have one, its parts in order (the JSON's keys,
 * the spreadsheet's sheets, the page's sections) and the application's fields it quotes. Pure:
 * the compiling is app/dossier.c's. */
#ifndef BAOTU_CORE_DOSSIER_H
#define BAOTU_CORE_DOSSIER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/workflow.h"

typedef enum {
	DP_COVER,
	DP_APPLICATION,
	DP_BOUNDARIES,
	DP_REPORTS,
	DP_ALERTS,
	DP_INSPECTIONS,
	DP_INCIDENTS,
	DP_COMPLAINTS,
	DP_EXCHANGE,
	DP_DECISIONS,
	DP_MANIFEST,
	DP__COUNT
} dossier_part;

typedef struct dossier_part_info {
	const char *id;    /* the JSON key: "cover", "boundaries", ... */
	const char *sheet; /* the sheet's name, English in every language: "Boundaries" */
	const char *label; /* the section's heading, a catalog message id */
} dossier_part_info;
extern const dossier_part_info DOSSIER_PARTS[DP__COUNT];

/* The application's fields the dossier quotes, in order (content's keys). */
extern const char *const DOSSIER_APPLICATION_FIELDS[];
extern const size_t DOSSIER_APPLICATION_FIELD_COUNT;

/* Whether a project in state s has a dossier: while it is supervised, and once it ended after
 * its launch (a final state with a launch day: stopped, exited), since a dossier is also read
 * after the end. */
bool dossier_covers(project_state s, bool launched);

/* The worse of an indicator's extremes on its bad side: the maximum when above is bad, the
 * minimum when below is. */
int64_t dossier_worst(bool below_is_bad, int64_t max, int64_t min);
#endif
