/* The scheduler's statements. See jobs.h. */
#include "store/jobs.h"

#include "store/row.h"

int jobs_claim(store_conn *c, arena *a, int64_t now, jobs_row *j, err *e)
{
	/* Found and marked done in one statement, in the transaction that does the work: a job
	 * runs once even when two schedulers look at the same time. */
	store_result *r;
	int rc = store_q(c, a, e, &r,
	                 "UPDATE jobs SET done_at = $1 WHERE id = (SELECT id FROM jobs WHERE "
	                 "done_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT 1) RETURNING "
	                 "id, kind, subject_id",
	                 "i", now);
	if (rc == 0 && r->nrows)
		*j = (jobs_row){store_get_int(r, 0, "id"), store_get_int(r, 0, "subject_id"),
		                store_get(r, 0, "kind")};
	return rc < 0 ? -1 : r->nrows > 0;
}

int jobs_heartbeat_put(store_conn *c, arena *a, const char *node, int64_t now, int64_t jobs,
                       int64_t forget_before, err *e)
{
	if (store_q(
	        c, a, e, NULL,
	        "INSERT INTO scheduler_heartbeats (node, last_run_at, jobs_done) VALUES ($1, $2, "
	        "$3) ON CONFLICT (node) DO UPDATE SET last_run_at = excluded.last_run_at, "
	        "jobs_done = scheduler_heartbeats.jobs_done + excluded.jobs_done",
	        "tii", node, now, jobs) < 0)
		return -1;
	return store_q(c, a, e, NULL, "DELETE FROM scheduler_heartbeats WHERE last_run_at < $1",
	               "i", forget_before);
}

STORE_ROW(jobs_heartbeat_latest, "SELECT node, last_run_at, jobs_done FROM scheduler_heartbeats "
                                 "ORDER BY last_run_at DESC, node LIMIT 1")
