/* The stage evaluation aggregate in the store (§4.4, §5.1): evaluations, the two sides' score
 * sheets, the rectification orders an evaluation gives, and recognitions. The functions run
 * inside the caller's transaction and return strings in its arena. A function that looks a
 * row up or adds one returns 1 (found, added), 0 (none) or -1 (an error), as store_int does;
 * the others 0 or -1. A list that pages returns limit + 1 rows at most. */
#ifndef BAOTU_STORE_EVALUATIONS_H
#define BAOTU_STORE_EVALUATIONS_H
#include "store/store.h"

/* ---- evaluations ---- */

typedef struct evaluations_new {
	int64_t project_id;
	const char *origin;            /* csrc, working_group, scheduler */
	const char *due_on, *reason;   /* may be NULL */
	int64_t follows_id, opened_by; /* 0: none (the scheduler opens without a user) */
} evaluations_new;
/* 1 and the new evaluation's *id; 0 when the project already has an open one. */
int evaluations_insert(store_conn *c, arena *a, const evaluations_new *n, int64_t now, int64_t *id,
                       err *e);
/* Rows: every column of evaluations, project_name and project_state, and cursor (open ones
 * first, then by id). */
int evaluations_get(store_conn *c, arena *a, int64_t id, store_result **out, err *e);
/* The project's open evaluation. */
int evaluations_open_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* A page after the cursor: of project_id (0: every project), of status (NULL: any); with
 * concluded_only, only concluded ones. */
int evaluations_list(store_conn *c, arena *a, int64_t project_id, const char *status,
                     bool concluded_only, int64_t after, int limit, store_result **out, err *e);

/* One side's sheet, replaced: delete the side's rows, then one put per criterion. */
int evaluations_scores_clear(store_conn *c, arena *a, int64_t id, const char *side, err *e);
int evaluations_score_put(store_conn *c, arena *a, int64_t id, const char *side,
                          const char *criterion, int64_t score, const char *comment, int64_t by,
                          int64_t now, err *e);
/* Rows: side, criterion, score, comment, scored_by, scored_at. */
int evaluations_scores_of(store_conn *c, arena *a, int64_t id, store_result **out, err *e);

/* commitments, measures: JSON text. */
int evaluations_set_commitments(store_conn *c, arena *a, int64_t id, const char *commitments,
                                int64_t by, int64_t now, err *e);
int evaluations_set_hypothesis(store_conn *c, arena *a, int64_t id, const char *judgement,
                               const char *note, const char *measures, int64_t by, int64_t now,
                               err *e);
int evaluations_set_concurrence(store_conn *c, arena *a, int64_t id, const char *outcome,
                                const char *opinion, int64_t by, int64_t now, err *e);
/* Concludes an open evaluation; reevaluate_on may be NULL, decision_id 0. */
int evaluations_conclude(store_conn *c, arena *a, int64_t id, const char *outcome,
                         int64_t decision_id, const char *reevaluate_on, int64_t now, err *e);

/* ---- the scheduler's due work ---- */

/* Open evaluations whose due_on passed before today and which were not reminded of it yet:
 * id, project_id, due_on. */
int evaluations_reminders_due(store_conn *c, arena *a, const char *today, store_result **out,
                              err *e);
int evaluations_set_reminded(store_conn *c, arena *a, int64_t id, const char *due_on, err *e);
/* Launched pilots: id, launched_on, content. */
int evaluations_launched_pilots(store_conn *c, arena *a, store_result **out, err *e);
/* Whether the project has an open evaluation or one opened at or after since (µs). */
int evaluations_opened_since(store_conn *c, arena *a, int64_t project_id, int64_t since, bool *out,
                             err *e);
/* Concluded evaluations of launched pilots whose re-evaluation date came, with no evaluation of
 * the project opened after them and none open: id, project_id, reevaluate_on. */
int evaluations_reevaluations_due(store_conn *c, arena *a, const char *today, store_result **out,
                                  err *e);

/* ---- rectification orders ---- */

int rectifications_insert(store_conn *c, arena *a, int64_t project_id, int64_t evaluation_id,
                          const char *text, const char *due_on, int64_t decision_id, int64_t now,
                          int64_t *id, err *e);
/* The project's order not verified yet (open or submitted). Rows: every column. */
int rectifications_open_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* Every order of the project, newest first. */
int rectifications_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* evidence: JSON text (an array of texts). */
int rectifications_report(store_conn *c, arena *a, int64_t id, const char *report,
                          const char *evidence, int64_t by, int64_t now, err *e);
int rectifications_verify(store_conn *c, arena *a, int64_t id, int64_t by, int64_t now,
                          int64_t decision_id, err *e);
/* Open orders past their due day not yet marked for it: id, project_id, evaluation_id, due_on. */
int rectifications_overdue_due(store_conn *c, arena *a, const char *today, store_result **out,
                               err *e);
int rectifications_set_overdue(store_conn *c, arena *a, int64_t id, const char *due_on, err *e);

/* ---- recognitions (§5.1) ---- */

int recognitions_insert(store_conn *c, arena *a, int64_t project_id, const char *kind,
                        const char *citation, int64_t decision_id, const char *on, int64_t now,
                        int64_t *id, err *e);
/* Rows: id, project_id, kind, citation, decision_id, recognised_on, recognised_at. */
int recognitions_of(store_conn *c, arena *a, int64_t project_id, store_result **out, err *e);
/* Every recognition, newest first after the cursor (0: from the newest), with the project's
 * name and its notice's public text (public, may be NULL). */
int recognitions_public_page(store_conn *c, arena *a, int64_t before, int limit, store_result **out,
                             err *e);
#endif
