/* bench/raw_insert.c: the raw SQLite insert rate of this machine, the ceiling that bench/ingest
 * sets baotu's ingestion against.
 *
 *   raw_insert FILE POINTS [BATCH [INDICATORS [T0_US [STEP_US]]]]
 *
 * Creates the metric_points table of src/store/migrations/sqlite/0006_indicators.sql in FILE
 * (a new file: it must not exist), opened as baotu opens its database (src/store/sqlite.c:
 * journal_mode=WAL, synchronous=FULL, foreign_keys=ON, trusted_schema=OFF), and inserts POINTS
 * points with one prepared single-row INSERT, BATCH rows (1000) per BEGIN IMMEDIATE ... COMMIT
 * transaction. The points are those bench/ingest sends: point i belongs to indicator
 * 1 + i % INDICATORS (7) at T0_US + (i / INDICATORS) * STEP_US. Prints one line:
 *   points=N seconds=S points_per_s=R
 * Exit status 1 with a message on any SQLite error. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char SCHEMA[] =
    "CREATE TABLE metric_points ("
    "  indicator_id INTEGER NOT NULL,"
    "  at           INTEGER NOT NULL,"
    "  value_micro  INTEGER NOT NULL,"
    "  received_at  INTEGER NOT NULL,"
    "  token_id     INTEGER,"
    "  PRIMARY KEY (indicator_id, at)"
    ") STRICT, WITHOUT ROWID;";

static sqlite3 *db;

static void die(const char *what)
{
	fprintf(stderr, "raw_insert: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	exit(1);
}

static void exec(const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "raw_insert: %s: %s\n", sql, msg ? msg : "?");
		exit(1);
	}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long arg(int argc, char **argv, int i, long long def)
{
	if (i >= argc)
		return def;
	char *end;
	long long v = strtoll(argv[i], &end, 10);
	if (*end || v < 0) {
		fprintf(stderr, "raw_insert: bad number %s\n", argv[i]);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 3 || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: raw_insert FILE POINTS [BATCH [INDICATORS [T0_US [STEP_US]]]]\n");
		return 2;
	}
	const char *path = argv[1];
	long long points = arg(argc, argv, 2, 0), batch = arg(argc, argv, 3, 1000),
	          nind = arg(argc, argv, 4, 7), t0 = arg(argc, argv, 5, 1780000000000000LL),
	          step = arg(argc, argv, 6, 1000000);
	if (batch < 1 || nind < 1) {
		fprintf(stderr, "raw_insert: BATCH and INDICATORS must be at least 1\n");
		return 2;
	}
	struct stat st;
	if (stat(path, &st) == 0) {
		fprintf(stderr, "raw_insert: %s exists; give a new file\n", path);
		return 2;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK)
		die("open");
	sqlite3_busy_timeout(db, 10000);
	exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
	     "PRAGMA trusted_schema=OFF;");
	exec(SCHEMA);

	sqlite3_stmt *ins;
	if (sqlite3_prepare_v3(db,
	                       "INSERT INTO metric_points (indicator_id, at, value_micro, "
	                       "received_at, token_id) VALUES (?1, ?2, ?3, ?4, ?5)",
	                       -1, SQLITE_PREPARE_PERSISTENT, &ins, NULL) != SQLITE_OK)
		die("prepare");
	struct timespec wall;
	clock_gettime(CLOCK_REALTIME, &wall);
	long long received = (long long)wall.tv_sec * 1000000 + wall.tv_nsec / 1000;

	double start = now_s();
	for (long long i = 0; i < points;) {
		exec("BEGIN IMMEDIATE");
		for (long long k = 0; k < batch && i < points; k++, i++) {
			sqlite3_bind_int64(ins, 1, 1 + i % nind);
			sqlite3_bind_int64(ins, 2, t0 + (i / nind) * step);
			sqlite3_bind_int64(ins, 3, 1000000LL * (1000 + i % 100));
			sqlite3_bind_int64(ins, 4, received);
			sqlite3_bind_int64(ins, 5, 1);
			if (sqlite3_step(ins) != SQLITE_DONE)
				die("insert");
			sqlite3_reset(ins);
		}
		exec("COMMIT");
	}
	double secs = now_s() - start;

	sqlite3_stmt *cnt;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM metric_points", -1, &cnt, NULL) !=
	        SQLITE_OK ||
	    sqlite3_step(cnt) != SQLITE_ROW)
		die("count");
	long long stored = sqlite3_column_int64(cnt, 0);
	sqlite3_finalize(cnt);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	if (stored != points) {
		fprintf(stderr, "raw_insert: %lld rows stored, %lld inserted\n", stored, points);
		return 1;
	}
	printf("points=%lld seconds=%.3f points_per_s=%.0f\n", points, secs,
	       secs > 0 ? (double)points / secs : 0.0);
	return 0;
}
