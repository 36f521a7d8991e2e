/* The transparency log's hook on the event append (app/tlog.h). */
#ifndef BAOTU_APP_TLOG_INTERNAL_H
#define BAOTU_APP_TLOG_INTERNAL_H
#include "app/tlog.h"
#include "store/store.h"

/* Called by app_event_named right after each event is appended, in its transaction: when the
 * event is a public record, appends its record leaf, an anchor of the chain covering it, and the
 * signed head of the new size. 0 (nothing to do included), or -1 (the event's transaction then
 * fails too). */
int tlog_event_appended(store_conn *c, arena *a, int64_t seq, const char *type, const char *id,
                        const char *kind, const json_t *payload, err *e);
#endif
