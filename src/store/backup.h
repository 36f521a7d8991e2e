/* baotu backup and restore: a whole store to and from one SQLite file, while nodes serve.
 *
 * A SQLite store is copied page by page with SQLite's online backup API, in one read snapshot
 * (writers go on meanwhile, in WAL mode); a PostgreSQL store table by table in one REPEATABLE
 * READ snapshot (store_copy), into a new SQLite file. Either way the file is then checked on
 * its own: SQLite's integrity check, and the event chain verified from its first event to its
 * head. A restore is the same road back, into a path that does not exist yet or a blank
 * PostgreSQL database, and is checked the same way against the backup's head. */
#ifndef BAOTU_STORE_BACKUP_H
#define BAOTU_STORE_BACKUP_H
#include <stdint.h>

#include "lib/err.h"
#include "store/copy.h"

typedef struct store_backup_stats {
	int64_t events;      /* verified, first to head */
	int64_t head_seq;    /* the last event's sequence number (0: no event) */
	char head_hash[129]; /* its hash, hex */
	int64_t bytes;       /* the SQLite file's size */
} store_backup_stats;

/* Writes the store at DB_URL into FILE (a path, or sqlite:PATH), which must not exist, and
 * checks the copy. PROGRESS (may be NULL) hears of each table of a PostgreSQL store. On a
 * failure FILE is removed: what is left is a checked backup or nothing. */
int store_backup(const char *db_url, const char *file, store_copy_progress progress, void *arg,
                 store_backup_stats *st, err *e);

/* Checks a backup FILE on its own: integrity, the chain end to end, its head. */
int store_backup_check(const char *file, store_backup_stats *st, err *e);

/* Restores FILE into DB_URL: a SQLite path that does not exist yet, or a blank PostgreSQL
 * database. The target's chain must verify and end on the backup's head. A SQLite target is
 * removed on a failure; a PostgreSQL one is left blank (one transaction). */
int store_restore(const char *file, const char *db_url, store_copy_progress progress, void *arg,
                  store_backup_stats *st, err *e);

#endif
