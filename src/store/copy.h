/* baotu store copy: every table of one store into another, blank, store (SQLite or PostgreSQL,
 * either way), with the same ids and the same events, in one transaction on the target. */
#ifndef BAOTU_STORE_COPY_H
#define BAOTU_STORE_COPY_H
#include <stdint.h>

#include "store/store.h"

typedef struct store_copy_stats {
	int tables;
	int64_t rows;   /* all tables, events included */
	int64_t events; /* verified on the target before the commit */
} store_copy_stats;

/* Called once per table after its rows are in (not yet committed); may be NULL. */
typedef void (*store_copy_progress)(void *arg, const char *table, int64_t rows);

/* Copies src into dst. src must hold exactly this binary's schema (migrate it first); dst must
 * be blank (no tables): the copy creates the schema there itself, since migrating a database
 * appends events and the target's chain must be the source's, byte for byte. Reads src in one
 * read transaction (one snapshot) and writes dst in one write transaction, which commits only
 * when every table's row count matches and the chain verifies on dst. */
int store_copy(store *src, store *dst, store_copy_progress progress, void *arg,
               store_copy_stats *stats, err *e);

#endif
