/* The scheduler's rows: the jobs table (work due at a time, e.g. the end of a coaching year)
 * and each node's heartbeat. The functions run inside the caller's transaction. */
#ifndef BAOTU_STORE_JOBS_H
#define BAOTU_STORE_JOBS_H
#include "store/store.h"

typedef struct jobs_row {
	int64_t id, subject_id;
	const char *kind;
} jobs_row;
/* The oldest job due at now, marked done by this call (so that it runs once): 1, or 0 when
 * none is due. */
int jobs_claim(store_conn *c, arena *a, int64_t now, jobs_row *j, err *e);

/* Records a run of node's scheduler at now (jobs: what it did), and forgets the nodes whose
 * last run is older than forget_before. */
int jobs_heartbeat_put(store_conn *c, arena *a, const char *node, int64_t now, int64_t jobs,
                       int64_t forget_before, err *e);
/* The latest run of any node: 1 and *out (node, last_run_at, jobs_done), or 0 when none. */
int jobs_heartbeat_latest(store_conn *c, arena *a, store_result **out, err *e);
#endif
