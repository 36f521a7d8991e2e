/* The one table of the scheduler's job kinds. See jobs.h. A new kind of due work is a row
 * here and a function in its use case's file. */
#include "app/jobs.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "app/idempotency.h"
#include "app/indicators.h"
#include "app/notify.h"
#include "app/projects_internal.h"
#include "app/reports.h"
#include "app/tlog.h"
#include "lib/log.h"
#include "lib/time.h"
#include "store/jobs.h"

typedef struct job_kind {
	const char *kind;
	/* a row of the jobs table of this kind, done in the write transaction that claimed it */
	int (*row)(store_conn *c, arena *a, app *ap, int64_t subject_id, int *done, err *e);
	/* or a sweep that finds its own due work, one write transaction per item */
	int (*sweep)(app *ap, arena *a, int64_t now, int *done, err *e);
	const char *what; /* for the log */
} job_kind;

// clang-format off
static const job_kind JOBS[] = {
	{"coaching_end", project_end_coaching_job, NULL, "coaching period(s) ended (§3.3)"},
	{"report_generate", NULL, reports_generate_due, "periodic report(s) requested (§4.3.2)"},
	{"report_remind", NULL, reports_remind_due, "report reminder(s) sent"},
	{"report_overdue", NULL, reports_overdue_due, "report(s) overdue"},
	{"report_escalate", NULL, reports_escalate_due, "overdue report(s) escalated"},
	{"indicators_stale", NULL, indicators_run_due, "stale indicator alert(s) opened (§4.3)"},
	{"outbox_deliver", NULL, notify_deliver_due, "notification(s) delivered"},
	{"idempotency_purge", NULL, idempotency_purge, "expired idempotency key(s) deleted"},
	{"log_anchor", NULL, tlog_anchor_due, "transparency log anchor(s) of the chain"},
};
// clang-format on
#define NJOBS (sizeof JOBS / sizeof *JOBS)

const char *jobs_kind(unsigned i)
{
	return i < NJOBS ? JOBS[i].kind : NULL;
}

static const job_kind *job_find(const char *kind)
{
	for (size_t i = 0; i < NJOBS; i++)
		if (JOBS[i].row && !strcmp(JOBS[i].kind, kind))
			return &JOBS[i];
	return NULL;
}

static char node_name[300];
static pthread_once_t node_once = PTHREAD_ONCE_INIT;
static void node_init(void)
{
	char host[256] = "localhost";
	gethostname(host, sizeof host - 1);
	snprintf(node_name, sizeof node_name, "%s:%ld", host, (long)getpid());
}

const char *jobs_node(void)
{
	pthread_once(&node_once, node_init);
	return node_name;
}

/* The oldest due row of the jobs table, claimed and done in one transaction: 1 when one was
 * due, 0 when none is. A kind without a row handler is claimed and logged, never retried. */
static int row_tx(store_conn *c, arena *a, app *ap, int64_t now, int *done, err *e)
{
	jobs_row j;
	int due = jobs_claim(c, a, now, &j, e);
	if (due <= 0)
		return due;
	const job_kind *k = job_find(j.kind);
	if (!k) {
		log_warn("scheduler: job %lld of unknown kind %s dropped", (long long)j.id, j.kind);
		return 1;
	}
	return k->row(c, a, ap, j.subject_id, done, e) < 0 ? -1 : 1;
}

int jobs_run_rows(app *ap, arena *a, int64_t now, int *done, err *e)
{
	for (;;) {
		store_conn *c = app_tx_begin(ap, e);
		if (!c)
			return -1;
		int due = row_tx(c, a, ap, now, done, e);
		int rc = app_tx_end(c, due < 0 ? -1 : 0, e);
		if (due <= 0)
			return due;
		if (rc < 0)
			return -1;
	}
}

static int heartbeat(app *ap, arena *a, int64_t now, int done, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	/* a node silent for a week is gone */
	return c ? app_tx_end(c,
	                      jobs_heartbeat_put(c, a, jobs_node(), now, done,
	                                         now - 7LL * 24 * 3600 * 1000000, e),
	                      e)
	         : -1;
}

int jobs_run_due(app *ap, arena *a, int64_t now, int *done, err *e)
{
	*done = 0;
	int rc = 0, n = 0;
	if (jobs_run_rows(ap, a, now, &n, e) < 0)
		rc = -1;
	else if (n)
		log_info("scheduler: %d %s", n, JOBS[0].what);
	*done += n;
	for (size_t i = 0; i < NJOBS; i++) {
		if (!JOBS[i].sweep)
			continue;
		err ke;
		err_clear(&ke);
		n = 0;
		/* one kind's failure (a store hiccup) does not stop the others */
		if (JOBS[i].sweep(ap, a, now, &n, rc < 0 ? &ke : e) < 0) {
			if (rc < 0)
				log_warn("scheduler: %s: %s", JOBS[i].kind,
				         ke.code ? ke.code : "error");
			rc = -1;
		}
		err_free_details(&ke);
		if (n)
			log_info("scheduler: %d %s", n, JOBS[i].what);
		*done += n;
	}
	err he;
	err_clear(&he);
	if (heartbeat(ap, a, time_now_us(), *done, rc < 0 ? &he : e) < 0 && rc == 0)
		rc = -1;
	err_free_details(&he);
	return rc;
}

json_t *jobs_heartbeat(app *ap, arena *a, err *e)
{
	store_result *r;
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	int found = jobs_heartbeat_latest(c, a, &r, e);
	app_read_end(c);
	if (found < 0)
		return NULL;
	if (!found)
		return json_null();
	return json_pack("{s:s, s:I, s:I}", "node", store_get(r, 0, "node"), "last_run_at",
	                 (json_int_t)store_get_int(r, 0, "last_run_at"), "jobs_done",
	                 (json_int_t)store_get_int(r, 0, "jobs_done"));
}
