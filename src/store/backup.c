#include "store/backup.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/log.h"
#include "store/events.h"

static bool is_postgres(const char *url)
{
	return !strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13);
}

/* The file path of a SQLite URL ("sqlite:PATH" or a bare PATH); NULL for another scheme. */
static const char *sqlite_path(const char *url)
{
	if (is_postgres(url) || (strncmp(url, "sqlite:", 7) && strstr(url, "://")))
		return NULL;
	return strncmp(url, "sqlite:", 7) ? url : url + 7;
}

static int sq_fail(sqlite3 *db, const char *what, const char *path, err *e)
{
	log_error("backup: %s %s: %s", what, path, db ? sqlite3_errmsg(db) : "out of memory");
	return err_setf(e, 500, "backup_failed", "The copy failed ({field}); nothing was kept.",
	                "%s %s: %s", what, path, db ? sqlite3_errmsg(db) : "out of memory");
}

/* Copies the SQLite database SRC into the new file DST with the online backup API: all pages in
 * one step, that is in one read snapshot of SRC, however busy its writers are. */
static int sqlite_page_copy(const char *src, const char *dst, err *e)
{
	sqlite3 *from = NULL, *to = NULL;
	int rc = -1;
	if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = sq_fail(from, "open", src, e);
		goto out;
	}
	sqlite3_busy_timeout(from, 10000);
	if (sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		rc = sq_fail(to, "create", dst, e);
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		rc = sq_fail(to, "copy into", dst, e);
		goto out;
	}
	int step;
	while ((step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED)
		sqlite3_sleep(50);
	if (sqlite3_backup_finish(b) != SQLITE_OK || step != SQLITE_DONE) {
		rc = sq_fail(to, "copy into", dst, e);
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(from);
	sqlite3_close(to);
	return rc;
}

/* SQLite's own check of FILE's pages and indexes. */
static int integrity(const char *path, err *e)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		rc = sq_fail(db, "check", path, e);
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = sq_fail(db, "check", path, e);
		goto out;
	}
	const char *verdict = (const char *)sqlite3_column_text(st, 0);
	if (!verdict || strcmp(verdict, "ok")) {
		rc = err_setf(e, 500, "backup_corrupt", "The copy is damaged: {field}.", "%s",
		              verdict ? verdict : "?");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

/* The chain of the store at URL verified end to end, and its head. */
static int chain(const char *url, store_backup_stats *st, err *e)
{
	store *s = NULL;
	store_conn *c = NULL;
	arena *a = arena_new();
	int rc = -1;
	if (store_open(url, &s, e) < 0 || !(c = store_acquire(s, e)) || store_begin(c, e) < 0)
		goto out;
	int64_t broken = 0;
	int v = events_verify(c, &st->events, &broken, e);
	if (v < 0)
		goto out;
	if (v == 1) {
		err_setf(e, 500, "chain_broken", "The event chain is broken at event {field}.",
		         "%lld", (long long)broken);
		goto out;
	}
	store_result *r;
	if (events_head(c, a, &r, e) < 0)
		goto out;
	st->head_seq = r->nrows ? store_get_int(r, 0, "seq") : 0;
	snprintf(st->head_hash, sizeof st->head_hash, "%s",
	         r->nrows ? store_get(r, 0, "hash") : "");
	rc = 0;
out:
	if (c) {
		store_rollback(c);
		store_release(c);
	}
	store_close(s);
	arena_free(a);
	return rc;
}

int store_backup_check(const char *file, store_backup_stats *st, err *e)
{
	memset(st, 0, sizeof *st);
	const char *path = sqlite_path(file);
	if (!path || !*path)
		return err_set(e, 400, "invalid_value", "file",
		               "A backup is a SQLite file: {field}.");
	struct stat sb;
	if (stat(path, &sb) != 0)
		return err_setf(e, 404, "not_found", "No backup file at {field}.", "%s", path);
	st->bytes = (int64_t)sb.st_size;
	char url[4200];
	snprintf(url, sizeof url, "sqlite:%s", path);
	if (integrity(path, e) < 0 || chain(url, st, e) < 0)
		return -1;
	return 0;
}

/* Leaves PATH as one self-contained file (rollback journal mode, the WAL checkpointed into it
 * and removed), to be moved or archived as it is. */
static int single_file(const char *path, err *e)
{
	sqlite3 *db = NULL;
	int rc = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = sq_fail(db, "close", path, e);
	sqlite3_close(db);
	return rc;
}

/* The path must be free: a backup or a restore never overwrites. */
static int path_free(const char *path, err *e)
{
	if (access(path, F_OK) == 0)
		return err_setf(
		    e, 409, "file_exists",
		    "{field} exists already; a backup or restore never overwrites a file.", "%s",
		    path);
	return 0;
}

static void remove_sqlite(const char *path)
{
	char side[4200];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-journal", path);
	unlink(side);
}

/* store_copy from SRC_URL into DST_URL (opened here). */
static int logical_copy(const char *src_url, const char *dst_url, store_copy_progress progress,
                        void *arg, err *e)
{
	store *src = NULL, *dst = NULL;
	store_copy_stats cs;
	int rc = -1;
	if (store_open(src_url, &src, e) == 0 && store_open(dst_url, &dst, e) == 0)
		rc = store_copy(src, dst, progress, arg, &cs, e);
	store_close(dst);
	store_close(src);
	return rc;
}

int store_backup(const char *db_url, const char *file, store_copy_progress progress, void *arg,
                 store_backup_stats *st, err *e)
{
	memset(st, 0, sizeof *st);
	const char *out = sqlite_path(file);
	if (!out || !*out)
		return err_set(e, 400, "invalid_value", "to",
		               "A backup is written to a file: {field}.");
	if (path_free(out, e) < 0)
		return -1;
	const char *src = sqlite_path(db_url);
	int rc;
	if (src) {
		if (access(src, R_OK) != 0)
			return err_setf(e, 404, "not_found", "No database file at {field}.", "%s",
			                src);
		rc = sqlite_page_copy(src, out, e);
	} else {
		char url[4200];
		snprintf(url, sizeof url, "sqlite:%s", out);
		rc = logical_copy(db_url, url, progress, arg, e);
	}
	if (rc == 0)
		rc = store_backup_check(out, st, e);
	if (rc == 0 && (rc = single_file(out, e)) == 0) {
		struct stat sb;
		if (stat(out, &sb) == 0)
			st->bytes = (int64_t)sb.st_size;
	}
	if (rc < 0)
		remove_sqlite(out);
	return rc;
}

int store_restore(const char *file, const char *db_url, store_copy_progress progress, void *arg,
                  store_backup_stats *st, err *e)
{
	store_backup_stats want;
	if (store_backup_check(file, &want, e) < 0)
		return -1;
	const char *in = sqlite_path(file);
	const char *to = sqlite_path(db_url);
	int rc;
	if (to) {
		if (!*to)
			return err_set(e, 400, "invalid_value", "db",
			               "The database path is empty.");
		if (path_free(to, e) < 0)
			return -1;
		rc = sqlite_page_copy(in, to, e);
	} else {
		char url[4200];
		snprintf(url, sizeof url, "sqlite:%s", in);
		rc = logical_copy(url, db_url, progress, arg, e);
	}
	if (rc == 0 && (rc = chain(db_url, st, e)) == 0 &&
	    (st->events != want.events || st->head_seq != want.head_seq ||
	     strcmp(st->head_hash, want.head_hash))) {
		rc = err_setf(e, 500, "restore_differs",
		              "The restored chain does not end on the backup's head ({field}).",
		              "%lld", (long long)want.head_seq);
	}
	if (rc == 0 && to)
		rc = integrity(to, e);
	st->bytes = want.bytes;
	if (rc < 0 && to)
		remove_sqlite(to);
	return rc;
}
