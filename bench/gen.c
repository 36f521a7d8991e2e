/* bench/gen.c: grows a demo database (`baotu demo`) to the scale of bench/all, through baotu's own
 * store and event chain (src/store/store.h, src/store/events.h), on SQLite or PostgreSQL.
 *
 *   gen --db URL --projects N --events N --points N
 *
 * Compiled by bench/all against the optimised build's libbaotu.a. On top of the demo it adds, in
 * big write transactions:
 *   - N projects, copies of the demo's pilot applications (their content and members), each
 *     taken along a path of the workflow with the events its use cases append: drafts (members'
 *     confirmations pending or given), submitted, withdrawn, returned with defects, accepted into
 *     the demo's batch, in review. The events' payloads, clauses, actors and reasons are those
 *     of the demo's own events of the same kind;
 *   - risk-indicator points (metric_points) of the demo's supervised pilot 智能基金投顾组合服务,
 *     spread over its standard indicators from its launch day to ten minutes ago, values on the
 *     normal side of the thresholds, inserted by the database itself (a recursive
 *     SELECT, chunks of 100,000 rows);
 *   - as many `metrics.ingested` events of that pilot, each counting its share of those points,
 *     as make the events appended N in all.
 * Every event goes through events_append, so the chain is the server's own: `baotu audit verify`
 * passes. Progress lines go to standard error; the last line on standard output is
 *   projects=N project_events=N metric_events=N points=N pilot=ID seconds=S
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/time.h"
#include "store/events.h"
#include "store/store.h"

#define EVENTS_PER_TX 5000
#define POINTS_PER_STMT 100000
#define MAX_TEMPLATES 32
#define MAX_MEMBERS 8
#define MAX_INDICATORS 32

static store *st;
static store_conn *c;
static arena *a;
static err e;
static long long appended, in_tx;
static double t_start;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "gen: %s: %s (%s)\n", what, e.code ? e.code : "?", e.msg ? e.msg : "?");
	exit(1);
}

static void begin(void)
{
	if (store_begin_write(c, &e) < 0)
		die("begin");
}

static void commit(void)
{
	if (store_commit(c, &e) < 0)
		die("commit");
	arena_free(a);
	a = arena_new();
}

/* One event through the server's chain, at time ts; a new transaction every EVENTS_PER_TX. */
static void event(int64_t ts, const char *actor, const char *type, const char *id,
		  const char *kind, const char *reason, json_t *payload)
{
	time_set_override(ts);
	event_in ev = {actor, type, id, kind, reason, payload};
	if (events_append(c, a, &ev, NULL, &e) < 0)
		die(kind);
	appended++;
	if (++in_tx >= EVENTS_PER_TX) {
		commit();
		begin();
		in_tx = 0;
	}
}

typedef struct tmpl {
	int64_t id, created_by, lead_inst;
	const char *name, *content;
	json_t *created; /* the demo's project.created payload */
	int nmembers;
	int64_t inst[MAX_MEMBERS], lead[MAX_MEMBERS], user[MAX_MEMBERS];
	const char *role[MAX_MEMBERS];
} tmpl;

typedef struct kind_tmpl {
	const char *actor, *reason;
	json_t *payload;
} kind_tmpl;

static kind_tmpl kind_of(const char *kind)
{
	store_result *r;
	if (store_q(c, a, &e, &r,
		    "SELECT actor, reason, payload FROM events WHERE kind = $1 ORDER BY seq LIMIT 1",
		    "t", kind) < 0)
		die("a demo event");
	if (!r->nrows) {
		fprintf(stderr, "gen: the demo has no %s event\n", kind);
		exit(1);
	}
	kind_tmpl k = {strdup(store_get(r, 0, "actor")),
		       store_get(r, 0, "reason") ? strdup(store_get(r, 0, "reason")) : NULL,
		       json_loads(store_get(r, 0, "payload"), 0, NULL)};
	return k;
}

static long long arg_ll(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v < 0) {
		fprintf(stderr, "gen: bad number %s\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	long long nprojects = 0, nevents = 0, npoints = 0;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--db"))
			db = argv[i + 1];
		else if (!strcmp(argv[i], "--projects"))
			nprojects = arg_ll(argv[i + 1]);
		else if (!strcmp(argv[i], "--events"))
			nevents = arg_ll(argv[i + 1]);
		else if (!strcmp(argv[i], "--points"))
			npoints = arg_ll(argv[i + 1]);
		else
			break;
	}
	if (!db || argc % 2 != 1) {
		fprintf(stderr, "usage: gen --db URL --projects N --events N --points N\n");
		return 2;
	}
	t_start = now_s();
	if (store_open(db, &st, &e) < 0)
		die("open");
	c = store_acquire(st, &e);
	if (!c)
		die("acquire");
	a = arena_new();
	begin();

	/* ---- the demo's material ---- */
	store_result *r;
	if (store_q(c, a, &e, &r,
		    "SELECT id, created_by, name, content FROM projects WHERE track = 'pilot' "
		    "ORDER BY id",
		    "") < 0)
		die("templates");
	tmpl tm[MAX_TEMPLATES];
	int nt = 0;
	for (int i = 0; i < r->nrows && nt < MAX_TEMPLATES; i++) {
		tmpl *t = &tm[nt];
		memset(t, 0, sizeof *t);
		t->id = store_get_int(r, i, "id");
		t->created_by = store_get_int(r, i, "created_by");
		t->name = strdup(store_get(r, i, "name"));
		t->content = strdup(store_get(r, i, "content"));
		store_result *m, *p;
		char idtext[32];
		snprintf(idtext, sizeof idtext, "%lld", (long long)t->id);
		if (store_q(c, a, &e, &p,
			    "SELECT payload FROM events WHERE subject_type = 'project' AND "
			    "subject_id = $1 AND kind = 'project.created' ORDER BY seq LIMIT 1",
			    "t", idtext) < 0)
			die("a project.created event");
		if (!p->nrows)
			continue;
		t->created = json_loads(store_get(p, 0, "payload"), 0, NULL);
		if (store_q(c, a, &e, &m,
			    "SELECT m.institution_id, m.lead, m.role, (SELECT min(u.id) FROM users u "
			    "WHERE u.institution_id = m.institution_id AND u.role = 'institution') AS "
			    "user_id FROM project_members m WHERE m.project_id = $1 ORDER BY m.lead "
			    "DESC, m.institution_id",
			    "i", t->id) < 0)
			die("members");
		for (int k = 0; k < m->nrows && k < MAX_MEMBERS; k++) {
			t->inst[k] = store_get_int(m, k, "institution_id");
			t->lead[k] = store_get_int(m, k, "lead");
			t->role[k] = strdup(store_get(m, k, "role"));
			t->user[k] = store_get_int(m, k, "user_id");
			if (t->lead[k])
				t->lead_inst = t->inst[k];
		}
		t->nmembers = m->nrows < MAX_MEMBERS ? m->nrows : MAX_MEMBERS;
		if (t->nmembers && t->lead_inst && t->user[0])
			nt++;
	}
	if (!nt) {
		fprintf(stderr, "gen: the database holds no demo pilot to copy (run baotu demo)\n");
		return 1;
	}
	kind_tmpl k_confirm = kind_of("project.confirm"), k_submit = kind_of("project.submit"),
		  k_withdraw = kind_of("project.withdraw"), k_return = kind_of("project.return"),
		  k_accept = kind_of("project.accept"), k_review = kind_of("project.start_review");
	int64_t batch_id = 0;
	if (store_int(c, a, &e, &batch_id,
		      "SELECT batch_id FROM projects WHERE state = 'in_review' AND batch_id IS NOT "
		      "NULL ORDER BY id LIMIT 1",
		      "") < 0 ||
	    !batch_id)
		die("the demo's batch in review");
	json_t *defects = json_object_get(json_object_get(k_return.payload, "params"), "defects");
	char *defects_text = json_dumps(defects ? defects : json_array(), JSON_COMPACT);
	json_object_set_new(json_object_get(k_accept.payload, "params"), "batch_id",
			    json_integer(batch_id));

	/* ---- projects ---- */
	int64_t now = time_now_us();
	const int64_t hour = 3600LL * 1000000;
	int64_t base = now - 400LL * 24 * hour, span = 300LL * 24 * hour;
	static const char *paths[10] = {"draft",    "draft",    "withdrawn", "submitted", "submitted",
					"returned", "accepted", "in_review", "in_review", "in_review"};
	long long project_events = 0;
	fprintf(stderr, "gen: %lld projects (copies of %d demo pilots) with their events\n",
		nprojects, nt);
	for (long long j = 0; j < nprojects; j++) {
		tmpl *t = &tm[j % nt];
		const char *path = paths[j % 10];
		bool confirmed = strcmp(path, "draft") || (j / 10) % 2;
		int64_t ts = base + (int64_t)((double)span * (double)j / (double)(nprojects ? nprojects : 1));
		char name[512];
		snprintf(name, sizeof name, "%s（第%lld号）", t->name, j + 1);
		/* the row first (its id names the events), then its history, then its state */
		int64_t pid;
		if (store_int(c, a, &e, &pid,
			      "INSERT INTO projects (track, state, name, content, created_by, "
			      "created_at, updated_at, version) VALUES ('pilot', 'draft', $1, $2, $3, "
			      "$4, $4, 1) RETURNING id",
			      "tti" "i", name, t->content, t->created_by, ts) < 0)
			die("insert a project");
		char pidt[32], actor[32];
		snprintf(pidt, sizeof pidt, "%lld", (long long)pid);
		json_t *created = json_deep_copy(t->created);
		json_object_set_new(created, "id", json_integer(pid));
		json_object_set_new(created, "name", json_string(name));
		json_object_set_new(created, "created_at", json_integer(ts));
		json_object_set_new(created, "updated_at", json_integer(ts));
		snprintf(actor, sizeof actor, "user:%lld", (long long)t->created_by);
		event(ts + 2, actor, "project", pidt, "project.created", NULL, created);
		json_decref(created);
		project_events++;
		int64_t at = ts + 5;
		for (int k = 0; k < t->nmembers; k++) {
			bool conf = t->lead[k] || confirmed;
			if (store_q(c, a, &e, NULL,
				    "INSERT INTO project_members (project_id, institution_id, lead, role, "
				    "confirmed_at, confirmed_by) VALUES ($1, $2, $3, $4, $5, $6)",
				    "iiitII", pid, t->inst[k], t->lead[k], t->role[k],
				    conf ? ts + 1 : 0, conf ? t->user[k] : 0) < 0)
				die("insert a member");
			if (!t->lead[k] && conf) {
				char who[32];
				snprintf(who, sizeof who, "user:%lld", (long long)t->user[k]);
				at += hour;
				event(at, who, "project", pidt, "project.confirm", k_confirm.reason,
				      k_confirm.payload);
				project_events++;
			}
		}
		const char *state = "draft";
		int64_t submitted = 0;
		int version = 1;
#define STEP(T, KIND, ACTOR)                                                      \
	do {                                                                      \
		at += 24 * hour;                                                  \
		event(at, ACTOR, "project", pidt, KIND, (T).reason, (T).payload); \
		project_events++;                                                 \
		version++;                                                        \
	} while (0)
		if (strcmp(path, "draft")) {
			STEP(k_submit, "project.submit", actor);
			submitted = at;
			state = "submitted";
			if (!strcmp(path, "withdrawn")) {
				STEP(k_withdraw, "project.withdraw", actor);
				state = "withdrawn";
			} else if (!strcmp(path, "returned")) {
				STEP(k_return, "project.return", k_return.actor);
				state = "returned";
			} else if (strcmp(path, "submitted")) {
				STEP(k_accept, "project.accept", k_accept.actor);
				state = "accepted";
				if (!strcmp(path, "in_review")) {
					STEP(k_review, "project.start_review", k_review.actor);
					state = "in_review";
				}
			}
		}
		bool batched = !strcmp(state, "accepted") || !strcmp(state, "in_review");
		if (store_q(c, a, &e, NULL,
			    "UPDATE projects SET state = $1, updated_at = $2, submitted_at = $3, "
			    "batch_id = $4, defects = $5, version = $6 WHERE id = $7",
			    "tiIItii", state, at, submitted, batched ? batch_id : 0,
			    !strcmp(state, "returned") ? defects_text : NULL, (int64_t)version,
			    pid) < 0)
			die("update a project");
		if ((j + 1) % 10000 == 0 || j + 1 == nprojects)
			fprintf(stderr, "gen: projects %lld/%lld, events %lld (%.0f s)\n", j + 1,
				nprojects, appended, now_s() - t_start);
	}
	commit();
	begin();
	in_tx = 0;

	/* ---- the supervised pilot's points ---- */
	int64_t pilot = 0;
	const char *launched = NULL;
	if (store_int(c, a, &e, &pilot,
		      "SELECT id FROM projects WHERE name = '智能基金投顾组合服务'", "") < 0 ||
	    !pilot)
		die("the demo's supervised pilot 智能基金投顾组合服务");
	if (store_text(c, a, &e, &launched, "SELECT launched_on FROM projects WHERE id = $1", "i",
		       pilot) < 0 ||
	    !launched)
		die("its launch day");
	launched = strdup(launched);
	char pilot_t[32];
	snprintf(pilot_t, sizeof pilot_t, "%lld", (long long)pilot);
	if (store_q(c, a, &e, &r,
		    "SELECT id, key, direction, warn_micro, breach_micro FROM indicators WHERE "
		    "project_id = $1 AND standard = 1 ORDER BY id",
		    "i", pilot) < 0)
		die("indicators");
	int nind = r->nrows < MAX_INDICATORS ? r->nrows : MAX_INDICATORS;
	if (!nind) {
		fprintf(stderr, "gen: the pilot has no indicators\n");
		return 1;
	}
	int64_t ind[MAX_INDICATORS], val[MAX_INDICATORS], var[MAX_INDICATORS];
	const char *key[MAX_INDICATORS];
	for (int i = 0; i < nind; i++) {
		ind[i] = store_get_int(r, i, "id");
		key[i] = strdup(store_get(r, i, "key"));
		const char *w = store_get(r, i, "warn_micro"), *b = store_get(r, i, "breach_micro");
		int64_t thr = w ? strtoll(w, NULL, 10) : b ? strtoll(b, NULL, 10) : 0;
		int64_t ax = thr < 0 ? -thr : thr;
		if (!strcmp(store_get(r, i, "direction"), "above")) {
			val[i] = thr > 0 ? thr / 2 : thr;
			var[i] = thr > 0 ? thr / 1000 : 0;
		} else {
			val[i] = thr ? thr + ax / 250 : 1000000;
			var[i] = 0;
		}
	}
	/* From an hour after the launch day began (UTC+8) plus half a second (the demo's own
	 * points are on whole seconds) to ten minutes ago, whole seconds apart. */
	int y, mo, d;
	if (sscanf(launched, "%d-%d-%d", &y, &mo, &d) != 3)
		die("the launch day");
	struct tm lt = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = 1};
	int64_t t0 = ((int64_t)timegm(&lt) - 8 * 3600) * 1000000 + 500000;
	int64_t hi = now - 600LL * 1000000;
	long long per = (npoints + nind - 1) / nind;
	int64_t step = per ? (hi - t0) / per / 1000000 * 1000000 : 1000000;
	if (per && step < 1000000) {
		fprintf(stderr, "gen: no room for %lld points per indicator since %s\n", per, launched);
		return 1;
	}
	fprintf(stderr, "gen: %lld points of project %lld (%d indicators, %lld s apart)\n", npoints,
		(long long)pilot, nind, (long long)(step / 1000000));
	long long done = 0;
	int64_t last_at[MAX_INDICATORS] = {0}, last_val[MAX_INDICATORS] = {0};
	for (int i = 0; i < nind; i++) {
		long long mine = npoints / nind + (i < npoints % nind);
		for (long long from = 0; from < mine; from += POINTS_PER_STMT) {
			long long n = mine - from < POINTS_PER_STMT ? mine - from : POINTS_PER_STMT;
			if (store_q(c, a, &e, NULL,
				    "WITH RECURSIVE s(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM s "
				    "WHERE i + 1 < $2) INSERT INTO metric_points (indicator_id, at, "
				    "value_micro, received_at, token_id) SELECT $3, $4 + i * $5, $6 + "
				    "(i % 97) * $7, $4 + i * $5 + 1000000, NULL FROM s",
				    "iiiiiii", (int64_t)from, (int64_t)(from + n), ind[i], t0, step,
				    val[i], var[i]) < 0)
				die("insert points");
			done += n;
			commit();
			begin();
			if (done % 1000000 < POINTS_PER_STMT || done == npoints)
				fprintf(stderr, "gen: points %lld/%lld (%.0f s)\n", done, npoints,
					now_s() - t_start);
		}
		if (mine) {
			last_at[i] = t0 + (mine - 1) * step;
			last_val[i] = val[i] + ((mine - 1) % 97) * var[i];
			if (store_q(c, a, &e, NULL,
				    "UPDATE indicators SET last_value_micro = $1, last_at = $2, "
				    "updated_at = $3 WHERE id = $4",
				    "iiii", last_val[i], last_at[i], now, ind[i]) < 0)
				die("update an indicator");
		}
	}

	/* ---- their metrics.ingested events: the rest of the events ---- */
	long long metric_events = nevents > project_events ? nevents - project_events : 0;
	if (metric_events && !npoints)
		metric_events = 0;
	fprintf(stderr, "gen: %lld metrics.ingested events of project %lld\n", metric_events,
		(long long)pilot);
	int64_t lead_user = 0;
	if (store_int(c, a, &e, &lead_user,
		      "SELECT min(u.id) FROM users u JOIN project_members m ON m.institution_id = "
		      "u.institution_id WHERE m.project_id = $1 AND m.lead = 1 AND u.role = "
		      "'institution'",
		      "i", pilot) < 0)
		die("the pilot's lead user");
	char lead_actor[32];
	snprintf(lead_actor, sizeof lead_actor, "user:%lld", (long long)lead_user);
	long long given = 0;
	for (long long m = 0; m < metric_events; m++) {
		long long upto = npoints * (m + 1) / metric_events; /* points counted so far */
		long long share = upto - given;
		/* point p belongs to indicator p % nind in the order sent (round robin) */
		json_t *counts = json_object();
		for (int i = 0; i < nind; i++) {
			long long before = given / nind + (given % nind > i);
			long long after = upto / nind + (upto % nind > i);
			if (after > before)
				json_object_set_new(counts, key[i], json_integer(after - before));
		}
		json_t *p = json_object();
		json_object_set_new(p, "indicator_points", counts);
		json_object_set_new(p, "stored", json_integer(share));
		int64_t ts = t0 + (upto / nind) * step + 2000000;
		event(ts, lead_actor, "project", pilot_t, "metrics.ingested", NULL, p);
		json_decref(p);
		given = upto;
		if ((m + 1) % 100000 == 0 || m + 1 == metric_events)
			fprintf(stderr, "gen: metrics.ingested %lld/%lld, events %lld (%.0f s)\n",
				m + 1, metric_events, appended, now_s() - t_start);
	}
	commit();
	time_set_override(0);
	store_release(c);
	store_close(st);
	printf("projects=%lld project_events=%lld metric_events=%lld points=%lld pilot=%lld "
	       "seconds=%.1f\n",
	       nprojects, project_events, metric_events, done, (long long)pilot, now_s() - t_start);
	return 0;
}
