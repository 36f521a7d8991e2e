/* ratelimit: at most `limit` hits per key within a sliding window, in memory (one process; with
 * several nodes each node counts its own). Used for anonymous writes such as public comments.
 * Keys are opaque strings (e.g. a client address); they are never stored anywhere else. */
#ifndef BAOTU_LIB_RATELIMIT_H
#define BAOTU_LIB_RATELIMIT_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_MAX_HITS 32 /* the largest limit a table may have */
#define RATELIMIT_KEY_MAX 72  /* longer keys are cut (the cut is the key) */

typedef struct ratelimit_slot {
	char key[RATELIMIT_KEY_MAX];
	int n;                            /* live hits, oldest first */
	int64_t hits[RATELIMIT_MAX_HITS]; /* times of the hits (µs) */
} ratelimit_slot;

typedef struct ratelimit {
	int limit;         /* 1..RATELIMIT_MAX_HITS */
	int64_t window_us; /* > 0 */
	size_t nslots;
	ratelimit_slot *slots;
	pthread_mutex_t mu;
} ratelimit;

/* A table over a static array of slots: RATELIMIT_INIT(5, 600 * 1000000LL, my_slots). */
#define RATELIMIT_INIT(lim, window, slot_array)                                                    \
	{                                                                                          \
		(lim), (window), sizeof(slot_array) / sizeof *(slot_array), (slot_array),          \
		    PTHREAD_MUTEX_INITIALIZER                                                      \
	}

/* Takes one hit for key at time now. Returns 0 when taken; otherwise the microseconds until a
 * hit would be allowed (> 0), and nothing is recorded. */
int64_t ratelimit_take(ratelimit *rl, const char *key, int64_t now);
/* Gives back the hit taken at `at` (the request it was for failed before doing anything). */
void ratelimit_give_back(ratelimit *rl, const char *key, int64_t at);
/* Forgets every key (tests). */
void ratelimit_reset(ratelimit *rl);
#endif
