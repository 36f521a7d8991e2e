/* Fault-tolerance determinations in the store (§5.2): one per incident, recorded when a
 * leader approves the officer's proposal. Inside the caller's transaction; strings in the
 * caller's arena. */
#ifndef BAOTU_STORE_FAULT_TOLERANCE_H
#define BAOTU_STORE_FAULT_TOLERANCE_H
#include <stdbool.h>

#include "store/store.h"

typedef struct ft_row_new {
	int64_t project_id, incident_id;
	bool precautions, investor_loss, market_effect;
	int compensated; /* 0 or 1; -1 when not stated (no loss) */
	const char *precautions_evidence, *investor_loss_evidence, *compensation_evidence,
	    *market_effect_evidence;   /* compensation_evidence may be NULL */
	const char *computed, *failed; /* failed: a JSON array of the conditions' ids */
	const char *determination, *reasoning_zh, *reasoning_en;
	const char *reasoning_written, *override; /* may be NULL */
	int64_t loss_fen, compensated_fen;        /* -1: not recorded on the incident */
	int64_t decision_id, proposed_by, approved_by, at;
} ft_row_new;

/* 1 and the new row's *id. */
int ft_determinations_insert(store_conn *c, arena *a, const ft_row_new *n, int64_t *id, err *e);

/* Rows of determinations: the columns of fault_tolerance_determinations, with the incident's
 * title (incident_title) and the usernames of the proposer (proposer) and the approver
 * (approver). 1 with the incident's determination, 0 when it has none. */
int ft_determinations_of_incident(store_conn *c, arena *a, int64_t incident_id, store_result **out,
                                  err *e);
/* A project's, by id from after; limit + 1 rows at most. */
int ft_determinations_list(store_conn *c, arena *a, int64_t project_id, int64_t after, int limit,
                           store_result **out, err *e);
#endif
