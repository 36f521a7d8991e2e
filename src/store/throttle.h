/* Hits counted per key in the store (throttle_hits), for limits that must hold across nodes and
 * restarts: failed log-ins per account and per address, anonymous writes per address. */
#ifndef BAOTU_STORE_THROTTLE_H
#define BAOTU_STORE_THROTTLE_H
#include "store/store.h"

/* The hits of KEY since SINCE (µs): how many, and the time of the last (0 when none). */
int throttle_count(store_conn *c, arena *a, const char *key, int64_t since, int64_t *n,
                   int64_t *last, err *e);
/* The same with the time of the first hit too (FIRST or LAST may be NULL). */
int throttle_span(store_conn *c, arena *a, const char *key, int64_t since, int64_t *n,
                  int64_t *first, int64_t *last, err *e);
/* How long every hit is kept at least: a limit's window may not be longer unless its sweeps
 * pass a later horizon (each caller of throttle_hit sweeps every key). */
#define THROTTLE_KEEP_US (60 * 60 * 1000000LL)
/* One hit of KEY at NOW; hits older than FORGET_BEFORE (of any key) are swept. */
int throttle_hit(store_conn *c, arena *a, const char *key, int64_t now, int64_t forget_before,
                 err *e);
/* Forgets KEY's hits (a successful log-in clears its account's failures). */
int throttle_clear_key(store_conn *c, arena *a, const char *key, err *e);
/* Takes back the last hit of KEY at AT (the write it allowed failed before doing anything). */
int throttle_unhit(store_conn *c, arena *a, const char *key, int64_t at, err *e);

#endif
