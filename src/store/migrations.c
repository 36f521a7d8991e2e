/* Embedded, numbered migrations with checksums. A database whose schema is newer than this
 * binary is refused; an applied migration whose text changed is refused too. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/log.h"
#include "lib/time.h"
#include "store/events.h"
#include "store/store.h"

#define MAX_MIGRATIONS 256

typedef struct migration {
	int version;
	const char *name;
	const embedded_file *file;
} migration;

static int list_migrations(const char *driver, migration *out)
{
	char prefix[96];
	snprintf(prefix, sizeof prefix, "src/store/migrations/%s/", driver);
	size_t plen = strlen(prefix);
	int n = 0;
	for (const embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, prefix, plen) || n == MAX_MIGRATIONS)
			continue;
		const char *base = f->name + plen;
		out[n++] = (migration){atoi(base), base, f};
	}
	/* embed.py sorts by name and names start with a zero-padded number */
	return n;
}

static void sha256_hex(const char *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int store_binary_schema_version(const store *s)
{
	migration m[MAX_MIGRATIONS];
	int n = list_migrations(store_driver_name(s), m);
	return n ? m[n - 1].version : 0;
}

static int ensure_table(store_conn *c, err *e)
{
	if (strcmp(c->drv->name, "sqlite")) {
		/* PostgreSQL checks the CREATE privilege even when the table exists: look first, so
		 * that nodes may serve as a role that does not own the schema (docs/DEPLOY.md). */
		arena *a = arena_new();
		store_result *r;
		int rc = store_q(c, a, e, &r,
				 "SELECT to_regclass('schema_migrations') IS NOT NULL AS present", "");
		bool present = rc == 0 && store_get_bool(r, 0, "present");
		arena_free(a);
		if (rc < 0)
			return -1;
		if (present)
			return 0;
	}
	const char *sql = !strcmp(c->drv->name, "sqlite")
				  ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
				    "PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
				    "applied_at INTEGER NOT NULL) STRICT"
				  : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
				    "PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
				    "applied_at BIGINT NOT NULL)";
	return c->drv->exec_script(c, sql, e);
}

int store_schema_version(store_conn *c, arena *a, int *version, err *e)
{
	store_result *r;
	if (ensure_table(c, e) < 0)
		return -1;
	if (store_q(c, a, e, &r, "SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations",
		    "") < 0)
		return -1;
	*version = (int)store_get_int(r, 0, "v");
	return 0;
}

int store_migrate(store *s, bool apply, int *applied, err *e)
{
	migration m[MAX_MIGRATIONS];
	int n = list_migrations(store_driver_name(s), m);
	int rc = -1;
	*applied = 0;
	arena *a = arena_new();
	store_conn *c = store_acquire(s, e);
	if (!c)
		goto out;
	if (store_begin_write(c, e) < 0)
		goto out;
	int current;
	store_result *r;
	if (store_schema_version(c, a, &current, e) < 0)
		goto out;
	int binary = n ? m[n - 1].version : 0;
	if (current > binary) {
		log_error("database schema version %d is newer than this binary's %d", current,
			  binary);
		err_set(e, 409, "schema_too_new", "db",
			"The database was written by a newer baotu; upgrade the binary.");
		goto out;
	}
	if (store_q(c, a, e, &r, "SELECT version, name, checksum FROM schema_migrations", "") < 0)
		goto out;
	for (int i = 0; i < r->nrows; i++) {
		int v = (int)store_get_int(r, i, "version");
		for (int k = 0; k < n; k++) {
			char sum[65];
			if (m[k].version != v)
				continue;
			sha256_hex(m[k].file->data, m[k].file->len, sum);
			if (strcmp(sum, store_get(r, i, "checksum"))) {
				log_error("migration %s changed since it was applied", m[k].name);
				err_set(e, 409, "schema_checksum_mismatch", "db",
					"An applied migration differs from this binary's copy.");
				goto out;
			}
		}
	}
	for (int k = 0; k < n; k++) {
		/* Every migration not yet recorded, not only those above the highest recorded one: a
		 * database written by a build that had a later migration but not an earlier one must
		 * not skip the earlier one silently. */
		bool recorded = false;
		for (int i = 0; i < r->nrows; i++)
			recorded |= store_get_int(r, i, "version") == m[k].version;
		if (recorded)
			continue;
		if (!apply) {
			err_set(e, 409, "schema_outdated", "db",
				"The database needs migrating; run 'baotu migrate'.");
			goto out;
		}
		char sum[65];
		sha256_hex(m[k].file->data, m[k].file->len, sum);
		if (c->drv->exec_script(c, m[k].file->data, e) < 0)
			goto out;
		if (store_q(c, a, e, NULL,
			    "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
			    "VALUES ($1, $2, $3, $4)",
			    "itti", (int64_t)m[k].version, m[k].name, sum, time_now_us()) < 0)
			goto out;
		json_t *p = json_pack("{s:i, s:s, s:s}", "version", m[k].version, "name",
				      m[k].name, "checksum", sum);
		char sid[16];
		snprintf(sid, sizeof sid, "%d", m[k].version);
		int erc = events_append(c, a,
					&(event_in){.actor = "system",
						    .subject_type = "schema",
						    .subject_id = sid,
						    .kind = "schema.migrated",
						    .payload = p},
					NULL, e);
		json_decref(p);
		if (erc < 0)
			goto out;
		log_info("migration %s applied", m[k].name);
		(*applied)++;
	}
	if (store_commit(c, e) < 0)
		goto out;
	rc = 0;
out:
	store_release(c);
	arena_free(a);
	return rc;
}

int store_schema_check(store_conn *c, arena *a, err *e)
{
	migration m[MAX_MIGRATIONS];
	int n = list_migrations(c->drv->name, m);
	store_result *r;
	if (store_q(c, a, e, &r,
		    "SELECT version, checksum FROM schema_migrations ORDER BY version", "") < 0)
		return -1;
	int binary = n ? m[n - 1].version : 0, known = 0;
	for (int i = 0; i < r->nrows; i++) {
		int v = (int)store_get_int(r, i, "version");
		if (v > binary)
			return err_set(e, 409, "schema_too_new", "db",
				       "The database was written by a newer baotu; upgrade the binary.");
		for (int k = 0; k < n; k++) {
			char sum[65];
			if (m[k].version != v)
				continue;
			sha256_hex(m[k].file->data, m[k].file->len, sum);
			if (strcmp(sum, store_get(r, i, "checksum")))
				return err_set(e, 409, "schema_checksum_mismatch", "db",
					       "An applied migration differs from this binary's copy.");
			known++;
		}
	}
	if (known < n)
		return err_set(e, 409, "schema_outdated", "db",
			       "The database needs migrating; run 'baotu migrate'.");
	return 0;
}

int store_schema_create(store_conn *c, arena *a, err *e)
{
	migration m[MAX_MIGRATIONS];
	int n = list_migrations(c->drv->name, m);
	if (ensure_table(c, e) < 0)
		return -1;
	for (int k = 0; k < n; k++) {
		char sum[65];
		sha256_hex(m[k].file->data, m[k].file->len, sum);
		if (c->drv->exec_script(c, m[k].file->data, e) < 0)
			return -1;
		if (store_q(c, a, e, NULL,
			    "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
			    "VALUES ($1, $2, $3, $4)",
			    "itti", (int64_t)m[k].version, m[k].name, sum, time_now_us()) < 0)
			return -1;
	}
	return 0;
}
