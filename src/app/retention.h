/* Retention of attachments and legal holds (docs/OPERATIONS.md, "Retention and legal hold").
 *
 * Retention is set per kind of attachment, in years after the project ended (a final state of
 * the workflow); unset, a kind is kept for ever. A legal hold on a project, placed and released
 * with a reason, keeps everything of it. The purge empties the bytes of every blob all of whose
 * attachments are past retention and on no held project, one event per blob keeping its hash,
 * size and where it was attached; the rows, the hash and every event stay. */
#ifndef BAOTU_APP_RETENTION_H
#define BAOTU_APP_RETENTION_H
#include "app/app.h"

#define RETENTION_YEARS_MAX 100

/* The kinds of attachment, in the order they are listed. */
extern const char *const RETENTION_KINDS[]; /* NULL-terminated */

/* {"materials": years or null, "messages": ..., "reports": ..., "inspections": ...} */
json_t *retention_settings(app *ap, arena *a, err *e);
/* Sets a kind's retention (YEARS 1..RETENTION_YEARS_MAX, or 0: kept for ever), with a reason;
 * the event settings.retention_changed. */
int retention_set(app *ap, arena *a, const actor *who, const char *kind, int years,
                  const char *reason, err *e);

/* Places a legal hold on a project (event legal_hold.placed on the project); *out the hold. */
int legal_hold_place(app *ap, arena *a, const actor *who, int64_t project_id, const char *reason,
                     json_t **out, err *e);
/* Releases a hold (event legal_hold.released); 409 hold_released when it was already. */
int legal_hold_release(app *ap, arena *a, const actor *who, int64_t hold_id, const char *reason,
                       json_t **out, err *e);
/* {"items": the holds of a project (0: of every project), newest first} */
json_t *legal_holds_list(app *ap, arena *a, int64_t project_id, err *e);

/* The purge at NOW (µs): with DRY_RUN nothing is written. *report:
 * {"purged": [{"sha256", "size", "content_type", "attachments": [{"kind","id","project_id"}]}],
 *  "held": [the same, for blobs past retention kept by a legal hold], "bytes": purged bytes}. */
int retention_purge(app *ap, arena *a, const actor *who, bool dry_run, int64_t now, json_t **report,
                    err *e);

#endif
