/* What the use cases share among themselves and nobody else: transactions, the event append,
 * paging and the institution facts read from a row. Only src/app/ includes this (and the other
 * *_internal.h headers); the web, jobs and CLI layers see app.h, where the store does not appear
 * (scripts/check-includes). */
#ifndef BAOTU_APP_APP_INTERNAL_H
#define BAOTU_APP_APP_INTERNAL_H
#include "app/app.h"
#include "store/store.h"

/* Opens a connection and a write transaction; on success the caller must end it with
 * app_tx_end (commit when rc == 0, else rollback) - the one pattern every use case follows. */
store_conn *app_tx_begin(app *ap, err *e);
int app_tx_end(store_conn *c, int rc, err *e);
store_conn *app_read_begin(app *ap, err *e);
void app_read_end(store_conn *c);

/* The facts §3 judges, from a row holding the columns of INSTITUTION_FACTS_COLS (prefix i.). */
#define INSTITUTION_FACTS_COLS                                                                     \
	"i.id, i.kind, i.registered_province_code, i.registered_city_code, "                       \
	"i.main_office_city_code, i.national, i.jinan_branch, i.tech_category"
struct institution_facts;
void institution_facts_read(const store_result *r, int i, struct institution_facts *f);

/* The one way a use case records what it did: an event of the acting user about TYPE:ID, in the
 * caller's write transaction. The payload (an object) is taken: it is released whatever the
 * outcome, as jansson's *_new functions take their values. */
int app_event(store_conn *c, arena *a, const actor *who, const char *type, int64_t id,
              const char *kind, const char *reason, json_t *payload, err *e);

/* A page of a keyset-paginated list (DESIGN.md: ?after=<cursor>&limit=): {"items": items
 * (taken), "next": the cursor column of the last item shown when the query, which asked for
 * limit + 1 rows, found more; else null}. */
json_t *app_page(json_t *items, const store_result *r, int limit, const char *cursor);

#endif
