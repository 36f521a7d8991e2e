/* libFuzzer target: the SQLite driver's placeholder rewriting ($1 -> ?1), which every
 * statement of the store passes through. Properties: the text keeps its length; a byte changes
 * only where a '$' followed by a digit stands outside single- and double-quoted text, and
 * then becomes '?'; and SQLite's parser takes the result, whatever it is, without harm. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = fuzz_cstring(data, size);
	if (!sql)
		return 0;
	char *out = store_sqlite_rewrite_params(sql);
	size_t n = strlen(sql);
	must(strlen(out) == n);
	char quote = 0;
	for (size_t i = 0; i < n; i++) {
		if (quote) {
			must(out[i] == sql[i]);
			if (sql[i] == quote)
				quote = 0;
		} else if (sql[i] == '\'' || sql[i] == '"') {
			must(out[i] == sql[i]);
			quote = sql[i];
		} else if (sql[i] == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
			must(out[i] == '?');
		} else {
			must(out[i] == sql[i]);
		}
	}
	static sqlite3 *db;
	if (!db && sqlite3_open(":memory:", &db) == SQLITE_OK)
		sqlite3_exec(db, "CREATE TABLE t (a, b, c)", NULL, NULL, NULL);
	sqlite3_stmt *st = NULL;
	if (db && sqlite3_prepare_v2(db, out, -1, &st, NULL) == SQLITE_OK)
		sqlite3_finalize(st);
	free(out);
	free(sql);
	return 0;
}
