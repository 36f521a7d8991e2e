/* What the use cases share among themselves and nobody else: transactions, the event append,
 * paging and the institution facts read from a row. Only src/app/ includes this (and the other
 * *_internal.h headers); the web, jobs and CLI layers see app.h, where the store does not appear
 * (scripts/check-includes). */
#ifndef BAOTU_APP_APP_INTERNAL_H
#define BAOTU_APP_APP_INTERNAL_H
#include "app/app.h"
#include "core/text.h"
#include "store/institutions.h"
#include "store/store.h"

/* Opens a connection and a write transaction; on success the caller must end it with
 * app_tx_end (commit when rc == 0, else rollback) - the one pattern every use case follows:
 *     store_conn *c = app_tx_begin(ap, e);
 *     return c ? app_tx_end(c, thing_tx(c, a, ..., e), e) : -1;
 * where thing_tx does the work within the transaction. */
store_conn *app_tx_begin(app *ap, err *e);
int app_tx_end(store_conn *c, int rc, err *e);
/* A connection for reads; app_read_end(NULL) does nothing, so a read may be
 *     store_conn *c = app_read_begin(ap, e);
 *     json_t *out = c && thing_get(c, ...) == 0 ? thing_json(...) : NULL;
 *     app_read_end(c); */
store_conn *app_read_begin(app *ap, err *e);
void app_read_end(store_conn *c);
/* app_tx_end for a use case that answers *out (NULL on entry): when the transaction does not
 * commit, *out is released and NULL again. */
int app_tx_end_json(store_conn *c, int rc, json_t **out, err *e);
/* A connection in a read transaction: the reads of one answer see one snapshot. NULL on
 * failure; app_snapshot_end (which takes NULL) rolls it back and releases it. */
store_conn *app_snapshot_begin(app *ap, err *e);
void app_snapshot_end(store_conn *c);
/* Instead of app_snapshot_end: keeps c's read snapshot open for the next app_snapshot_begin of
 * this thread, which takes it as its own (one read transaction, not two, for the session
 * look-up and the read that follows it in one request). A write (app_tx_begin, the pinned
 * transaction of an Idempotency-Key) or the end of the request (app_request_end) ends it
 * first: a snapshot is never carried past a write or into another request. So does a read
 * outside a snapshot (app_read_begin): one connection a thread at a time. */
void app_snapshot_hold(app *ap, store_conn *c);
/* Ends a held snapshot, if any. */
void app_snapshot_drop(void);

/* A loader's answer (1 found, 0 none, -1 error: store_found, store_int) as a use case's: 0, or
 * -1 with 404 not_found on field "id" saying msg when there was no row. */
int app_found(int found, const char *msg, err *e);
/* The same naming another field of the path (order_id, request_id...). */
int app_found_as(int found, const char *field, const char *msg, err *e);

/* A refusal that lists what stands in the way: 0 when list (taken) is empty; else -1 with e
 * set as err_set(e, status, code, field, msg) sets it and the list in its details under key. */
int app_refuse_listed(json_t *list, const char *key, err *e, int status, const char *code,
                      const char *field, const char *msg);

/* A use case's read of one thing (a record, a project's part) by id, and of a page of a list
 * after a cursor: the answer, or NULL with *e. */
typedef json_t *(*app_reader)(store_conn *c, arena *a, const actor *who, int64_t id, err *e);
typedef json_t *(*app_page_reader)(store_conn *c, arena *a, const actor *who, int64_t id,
                                   int64_t after, int limit, err *e);
/* The read run in one snapshot, so that every part of the answer agrees. */
json_t *app_snapshot_read(app *ap, arena *a, const actor *who, int64_t id, app_reader read, err *e);
json_t *app_snapshot_page(app *ap, arena *a, const actor *who, int64_t id, int64_t after, int limit,
                          app_page_reader read, err *e);

/* rc (an err_set's -1, a 429) with the Retry-After of a throttle's wait, rounded up to seconds. */
int app_retry_after(err *e, int64_t wait_us, int rc);

/* A keyed SHA-256 of a client's address (the key, made on first use, never leaves the store):
 * one address's writes can be told apart without the address being recoverable. */
int app_address_hash(store_conn *c, arena *a, const char *address, char out[65], err *e);
/* The limits on the public's writes per address (app/limits.c). */
typedef enum public_limit { LIMIT_COMMENT, LIMIT_COMPLAINT } public_limit;
/* Counts one write of kind L from ADDRESS at NOW in the store, inside the caller's write
 * transaction (so a write refused later is rolled back with its count, and every node shares
 * the count): 0; or -1 with 429 too_many_comments / too_many_complaints and Retry-After when
 * the limit is reached, or on a store error. */
int app_public_limit(store_conn *c, arena *a, public_limit l, const char *address, int64_t now,
                     err *e);

/* The facts §3 judges, from a row holding the columns of INSTITUTION_FACTS_COLS
 * (store/institutions.h, prefix i.). */
struct institution_facts;
void institution_facts_read(const store_result *r, int i, struct institution_facts *f);

/* The one way a use case records what it did: an event of the acting user about TYPE:ID, in the
 * caller's write transaction. The payload (an object) is taken: it is released whatever the
 * outcome, as jansson's *_new functions take their values. */
int app_event(store_conn *c, arena *a, const actor *who, const char *type, int64_t id,
              const char *kind, const char *reason, json_t *payload, err *e);
/* The same about a subject whose id is a name (calendar:data/cn-holidays.csv, settings:demo). */
int app_event_named(store_conn *c, arena *a, const actor *who, const char *type, const char *id,
                    const char *kind, const char *reason, json_t *payload, err *e);
/* app_event about project:project_id concerning one of its records (an inspection, a
 * complaint...), which the payload names under key (inspection_id, complaint_id...). */
int app_record_event(store_conn *c, arena *a, const actor *who, int64_t project_id, const char *key,
                     int64_t id, const char *kind, const char *reason, json_t *payload, err *e);

/* Notifications (app/notify.c, its one definition): app_event calls it for every event it
 * appends, in the same transaction, with the event's seq; the rule of the event's kind writes
 * the inbox and outbox rows. 0, or -1 (the event's transaction then fails too). */
int notify_event(store_conn *c, arena *a, const actor *who, const char *type, const char *id,
                 const char *kind, const json_t *payload, int64_t seq, err *e);

/* The public transparency log (app/tlog.c, its one definition): app_event calls it for every
 * event it appends, in the same transaction, with the event's seq; a public record's event
 * appends its leaf, an anchor of the chain and the signed head. 0, or -1 (the event's transaction
 * then fails too). */
int tlog_event_appended(store_conn *c, arena *a, int64_t seq, const char *type, const char *id,
                        const char *kind, const json_t *payload, err *e);

/* The actors of events no person causes: the system itself (the calendar's first seed) and the
 * public portal (a comment). */
extern const actor ACTOR_SYSTEM, ACTOR_PUBLIC;

/* A page of a keyset-paginated list (DESIGN.md: ?after=<cursor>&limit=): {"items": items
 * (taken), "next": the cursor column of the last item shown when the query, which asked for
 * limit + 1 rows, found more; else null}. */
json_t *app_page(json_t *items, const store_result *r, int limit, const char *cursor);
/* app_page of the first limit rows of r, each as row(r, i) makes it. */
json_t *app_page_of(const store_result *r, int limit, const char *cursor,
                    json_t *(*row)(const store_result *r, int i));

/* The working group: officers and leaders. */
bool app_working_group(const actor *who);

/* A column of row i as JSON: its integer, or its text; null when the column is NULL. */
json_t *app_int_or_null(const store_result *r, int i, const char *col);
json_t *app_text_or_null(const store_result *r, int i, const char *col);

/* Sets in o, in their order, the columns of row i named in cols (NULL-terminated), each under
 * its own name: "name" its text, "#name" its integer; with a "?" before ("?name", "?#name"),
 * null when the column is NULL. */
void app_row_set(json_t *o, const store_result *r, int i, const char *const *cols);
/* A new object of those columns. */
json_t *app_row_json(const store_result *r, int i, const char *const *cols);

/* Whether s is NULL or only spaces, tabs and line ends. */
bool app_blank(const char *s);
/* A text field of at most max characters, NULL when absent or blank; a required one may not
 * be blank (400 missing_field). */
int app_text_read(const json_t *body, const char *key, bool required, size_t max, const char **out,
                  err *e);
/* The value of the field key of body, of JSON type t (JSON_OBJECT, JSON_ARRAY): 400
 * missing_field when absent or null, 400 invalid_type saying msg when of another type. */
int app_json_field(const json_t *body, const char *key, json_type t, const char *msg, json_t **v,
                   err *e);
/* Each entry of the list v, named key: a string of at most max characters, and not blank
 * unless blank_ok; a refusal names the entry (key[i]). */
int app_list_strings(const json_t *v, const char *key, size_t max, bool blank_ok, err *e);
/* A field that names one of n labels (an id of at most max characters), NULL when absent
 * and not required; another value is 400 invalid_value saying msg. */
int app_label_read(const json_t *body, const char *key, bool required, size_t max,
                   const id_label *labels, size_t n, const char *msg, const char **out, err *e);

/* A file a client sent (§4.1 materials, §4.3 messages, reports, inspection answers): its name
 * (at most APP_FILENAME_MAX characters), not empty, at most APP_FILE_MAX_BYTES, and of a type its
 * bytes show (PDF, Word, Excel, PNG, JPEG: the declared type is never trusted) into *type. 0, or
 * -1 with the error naming field "file". */
#define APP_FILENAME_MAX 255
#define APP_FILE_MAX_BYTES ((size_t)20 << 20) /* 20 MiB per file */
int app_file_check(const upload_file *f, const char **type, err *e);

#endif
