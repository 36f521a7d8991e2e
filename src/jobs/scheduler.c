#include "jobs/scheduler.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "app/evaluations.h"
#include "app/jobs.h"
#include "lib/log.h"
#include "lib/time.h"

static pthread_t thread;
static atomic_bool running;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static app *g_app;
static unsigned g_interval_ms;

/* One pass. The due work of every kind is in app/jobs.c's table; a periodic check of another
 * kind is a row there, or one more call here. */
int scheduler_run_once(app *ap, err *e)
{
	arena *a = arena_new();
	int done = 0;
	int rc = jobs_run_due(ap, a, time_now_us(), &done, e);
	/* the end of a pilot (§4.4): evaluations due, reminders, overdue rectifications */
	int evaluated = 0;
	if (rc == 0 && evaluations_run_due(ap, a, time_now_us(), &evaluated, e) < 0)
		rc = -1;
	done += evaluated;
	arena_free(a);
	return rc < 0 ? -1 : done;
}

static void *loop(void *arg)
{
	while (atomic_load(&running)) {
		err e;
		err_clear(&e);
		if (scheduler_run_once(g_app, &e) < 0)
			log_warn("scheduler: %s", e.code ? e.code : "error");
		err_free_details(&e);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += g_interval_ms / 1000;
		ts.tv_nsec += (long)(g_interval_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&mu);
		if (atomic_load(&running))
			pthread_cond_timedwait(&cv, &mu, &ts);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

int scheduler_start(app *ap, unsigned interval_ms)
{
	if (!interval_ms)
		return 0;
	g_app = ap;
	g_interval_ms = interval_ms;
	atomic_store(&running, true);
	if (pthread_create(&thread, NULL, loop, NULL) != 0) {
		atomic_store(&running, false);
		return -1;
	}
	return 0;
}

void scheduler_stop(void)
{
	if (!atomic_load(&running))
		return;
	pthread_mutex_lock(&mu);
	atomic_store(&running, false);
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(thread, NULL);
}
