#include "lib/time.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

static int64_t real_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static _Atomic int64_t override_us;

void time_set_override(int64_t us) { atomic_store(&override_us, us); }

/* BAOTU_CLOCK_FILE (testing only): the file holds a time as UTC microseconds; from the
 * moment it was written the clock runs on from there. Re-read when the file changes. */
static pthread_mutex_t clock_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t clock_base_us, clock_written_us;
static struct timespec clock_mtime;

static int64_t clock_file_now(const char *path, int64_t real)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return real;
	pthread_mutex_lock(&clock_mu);
	if (st.st_mtim.tv_sec != clock_mtime.tv_sec || st.st_mtim.tv_nsec != clock_mtime.tv_nsec) {
		FILE *f = fopen(path, "r");
		long long v = 0;
		if (f && fscanf(f, "%lld", &v) == 1 && v > 0) {
			clock_base_us = v;
			clock_written_us = (int64_t)st.st_mtim.tv_sec * 1000000 +
					   st.st_mtim.tv_nsec / 1000;
			clock_mtime = st.st_mtim;
		}
		if (f)
			fclose(f);
	}
	int64_t now = clock_base_us ? clock_base_us + (real - clock_written_us) : real;
	pthread_mutex_unlock(&clock_mu);
	return now;
}

int64_t time_now_us(void)
{
	int64_t o = atomic_load(&override_us);
	if (o) {
		/* Seeding a demo back in time: each reading a microsecond later, so order holds. */
		atomic_fetch_add(&override_us, 1);
		return o;
	}
	int64_t real = real_now_us();
	static const char *clock_file;
	static atomic_int looked;
	if (!atomic_load(&looked)) {
		clock_file = getenv("BAOTU_CLOCK_FILE");
		atomic_store(&looked, 1);
	}
	return clock_file && *clock_file ? clock_file_now(clock_file, real) : real;
}

int64_t time_mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void time_format_iso(int64_t us, char *out, size_t n)
{
	time_t s = (time_t)(us / 1000000);
	struct tm tm;
	gmtime_r(&s, &tm);
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(us % 1000000));
}

void time_format_date_cst(int64_t us, char *out, size_t n)
{
	time_t s = (time_t)(us / 1000000) + 8 * 3600;
	struct tm tm;
	gmtime_r(&s, &tm);
	snprintf(out, n, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
