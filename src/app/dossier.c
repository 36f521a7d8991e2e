/* The evaluation dossier (§4.4). See dossier.h. Every part is read from one snapshot: the
 * figures of the indicators are aggregated by the store (store/dossier.c), the project's
 * records are its own lists, and the decisions are read from the event log in pages. */
#include "app/dossier.h"

#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "core/dossier.h"
#include "core/indicators.h"
#include "core/roles.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/dossier.h"

#define EVENT_PAGE 1000

/* A value of an indicator (millionths of its unit) as the indicators' API gives it: an integer
 * when whole, else a number. */
static json_t *value_json(const store_result *r, int i, const char *col)
{
	if (!store_get(r, i, col))
		return json_null();
	int64_t micro = store_get_int(r, i, col);
	return micro % IND_SCALE == 0 ? json_integer(micro / IND_SCALE)
	                              : json_real(ind_value_to_double(micro));
}

/* Row i of r as an object of the columns that spec names, space-separated, each TYPE:COLUMN
 * or TYPE:COLUMN=KEY: i an integer, t a text, b a flag (0/1 as false/true), v an indicator's
 * value, j a JSON text; a NULL column is null. */
static json_t *row_json(const store_result *r, int i, const char *spec)
{
	json_t *o = json_object();
	char col[64], key[64];
	for (const char *p = spec; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char type = p[0];
		p += 2;
		size_t n = strcspn(p, " =");
		snprintf(col, sizeof col, "%.*s", (int)n, p);
		p += n;
		if (*p == '=') {
			p++;
			n = strcspn(p, " ");
			snprintf(key, sizeof key, "%.*s", (int)n, p);
			p += n;
		} else {
			memcpy(key, col, sizeof col);
		}
		const char *s = store_get(r, i, col);
		json_t *v;
		if (!s)
			v = json_null();
		else if (type == 'i')
			v = json_integer(store_get_int(r, i, col));
		else if (type == 'b')
			v = json_boolean(store_get_int(r, i, col) != 0);
		else if (type == 'v')
			v = value_json(r, i, col);
		else if (type == 'j') {
			v = json_loads(s, JSON_DECODE_ANY, NULL);
			if (!v)
				v = json_string(s);
		} else
			v = json_string(s);
		json_object_set_new(o, key, v);
	}
	return o;
}

static json_t *rows_json(const store_result *r, const char *spec)
{
	json_t *items = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(items, row_json(r, i, spec));
	return items;
}

/* Appends each row of r (its column parent_col naming a parent's "id") to the array key of
 * that parent among parents. */
static void nest(json_t *parents, const char *key, const store_result *r, const char *parent_col,
                 const char *spec)
{
	size_t k;
	json_t *p;
	json_array_foreach(parents, k, p) json_object_set_new(p, key, json_array());
	size_t at = 0, n = json_array_size(parents);
	for (int i = 0; i < r->nrows; i++) {
		json_int_t want = store_get_int(r, i, parent_col);
		/* the children come ordered by their own id; their parents' ids rise too, mostly */
		for (size_t tries = 0; tries < n; tries++, at = (at + 1) % n) {
			json_t *q = json_array_get(parents, at);
			if (json_integer_value(json_object_get(q, "id")) == want) {
				json_array_append_new(json_object_get(q, key),
				                      row_json(r, i, spec));
				break;
			}
		}
	}
}

static json_t *time_text(int64_t us)
{
	char t[40];
	ind_time_format(us, t);
	return json_string(t);
}

/* ---- the parts ---- */

static int part_cover(store_conn *c, arena *a, const actor *who, const project_row *p, json_t *out,
                      err *e)
{
	store_result *m, *ev;
	if (dossier_members(c, a, p->id, &m, e) < 0 || dossier_event_range(c, a, p->id, &ev, e) < 0)
		return -1;
	json_t *cover = json_pack(
	    "{s:I, s:s, s:s, s:s, s:o, s:o, s:I, s:{s:I, s:s, s:s}}", "project_id",
	    (json_int_t)p->id, "name", p->name, "track", p->track, "state", p->state,
	    "institutions", rows_json(m, "i:institution_id t:name t:role b:lead i:confirmed_at"),
	    "launched_on", p->launched_on ? json_string(p->launched_on) : json_null(),
	    "compiled_at", (json_int_t)time_now_us(), "compiled_by", "user_id",
	    (json_int_t)who->user_id, "username", who->username ? who->username : "", "role",
	    role_id(who->role));
	json_object_set_new(
	    cover, "events",
	    ev->nrows ? row_json(ev, 0, "i:first=first_seq i:last=last_seq i:n=count")
	              : json_pack("{s:n, s:n, s:i}", "first_seq", "last_seq", "count", 0));
	json_object_set_new(out, DOSSIER_PARTS[DP_COVER].id, cover);
	return 0;
}

static void part_application(const project_row *p, json_t *out)
{
	json_t *content = json_loads(p->content ? p->content : "{}", 0, NULL);
	json_t *app = json_object();
	for (size_t i = 0; i < DOSSIER_APPLICATION_FIELD_COUNT; i++) {
		json_t *v = json_object_get(content, DOSSIER_APPLICATION_FIELDS[i]);
		json_object_set(app, DOSSIER_APPLICATION_FIELDS[i], v ? v : json_null());
	}
	json_decref(content);
	json_object_set_new(out, DOSSIER_PARTS[DP_APPLICATION].id, app);
}

static int part_boundaries(store_conn *c, arena *a, const project_row *p, json_t *out, err *e)
{
	store_result *r;
	if (dossier_indicators(c, a, p->id, &r, e) < 0)
		return -1;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows; i++) {
		json_t *o =
		    row_json(r, i,
		             "i:id t:key t:name t:unit t:direction b:standard v:warn_micro=warn "
		             "v:breach_micro=breach i:points v:max_micro=max v:min_micro=min "
		             "v:last_value_micro=last_value i:warnings i:breaches i:silences");
		bool has = store_get(r, i, "last_at") != NULL;
		json_object_set_new(o, "last_at",
		                    has ? time_text(store_get_int(r, i, "last_at")) : json_null());
		/* the worse extreme on the bad side, and the level it reached */
		ind_limits t = {IND_ABOVE, store_get(r, i, "warn_micro") != NULL,
		                store_get(r, i, "breach_micro") != NULL,
		                store_get_int(r, i, "warn_micro"),
		                store_get_int(r, i, "breach_micro")};
		ind_direction_parse(store_get(r, i, "direction"), &t.direction);
		if (has) {
			int64_t worst = dossier_worst(t.direction == IND_BELOW,
			                              store_get_int(r, i, "max_micro"),
			                              store_get_int(r, i, "min_micro"));
			json_object_set(
			    o, "worst",
			    json_object_get(o, t.direction == IND_BELOW ? "min" : "max"));
			json_object_set_new(o, "worst_level",
			                    json_string(ind_level_id(ind_level_of(&t, worst))));
		} else {
			json_object_set_new(o, "worst", json_null());
			json_object_set_new(o, "worst_level", json_null());
		}
		json_array_append_new(items, o);
	}
	json_t *content = json_loads(p->content ? p->content : "{}", 0, NULL);
	json_t *tb = json_object_get(content, "test_boundaries");
	json_object_set_new(
	    out, DOSSIER_PARTS[DP_BOUNDARIES].id,
	    json_pack("{s:O, s:o}", "test_boundaries", tb ? tb : json_null(), "indicators", items));
	json_decref(content);
	return 0;
}

static int part_lists(store_conn *c, arena *a, const project_row *p, json_t *out, err *e)
{
	store_result *r, *q, *f, *o;
	/* reports */
	if (dossier_reports(c, a, p->id, &r, e) < 0)
		return -1;
	json_object_set_new(out, DOSSIER_PARTS[DP_REPORTS].id,
	                    rows_json(r, "i:id t:kind t:period t:title t:due_on t:status "
	                                 "i:version=versions i:requested_at i:first_submitted_at "
	                                 "i:submitted_at i:overdue_at i:escalated_at t:outcome "
	                                 "i:decided_at t:decision_reason i:attachments"));
	/* alerts */
	if (dossier_alerts(c, a, p->id, &r, e) < 0)
		return -1;
	json_t *alerts = json_array();
	for (int i = 0; i < r->nrows; i++) {
		json_t *x = row_json(r, i,
		                     "i:id t:indicator t:indicator_name t:unit t:level t:status "
		                     "v:value_micro=value v:threshold_micro=threshold i:opened_at "
		                     "i:acknowledged_at t:acknowledged_by t:acknowledge_reason "
		                     "i:resolved_at t:resolved_by t:resolve_reason");
		json_object_set_new(x, "at", time_text(store_get_int(r, i, "at")));
		json_array_append_new(alerts, x);
	}
	json_object_set_new(out, DOSSIER_PARTS[DP_ALERTS].id, alerts);
	/* inspections with their requests, findings and rectification orders */
	if (dossier_inspections(c, a, p->id, &r, e) < 0 ||
	    dossier_inspection_requests(c, a, p->id, &q, e) < 0 ||
	    dossier_findings(c, a, p->id, &f, e) < 0 || dossier_orders(c, a, p->id, &o, e) < 0)
		return -1;
	json_t *insp = rows_json(r, "i:id t:origin t:csrc_reference t:mode t:scope t:starts_on "
	                            "t:ends_on t:state i:planned_at i:notified_at i:closed_at "
	                            "t:conclusion");
	nest(insp, "document_requests", q, "inspection_id",
	     "i:id t:items t:due_on i:requested_at i:answered_at i:attested_at");
	nest(insp, "findings", f, "inspection_id", "i:id t:severity t:description i:recorded_at");
	nest(insp, "rectifications", o, "inspection_id",
	     "i:id i:finding_id t:requirement t:due_on t:status i:rounds i:ordered_at "
	     "i:submitted_at i:verified_at t:verification_note");
	json_object_set_new(out, DOSSIER_PARTS[DP_INSPECTIONS].id, insp);
	/* incidents with their entries and loss records */
	if (dossier_incidents(c, a, p->id, &r, e) < 0 ||
	    dossier_incident_entries(c, a, p->id, &q, e) < 0 ||
	    dossier_incident_losses(c, a, p->id, &f, e) < 0)
		return -1;
	json_t *inc =
	    rows_json(r, "i:id t:source t:category t:level i:system_class "
	                 "i:investors_affected i:estimated_loss_fen t:title t:description "
	                 "i:discovered_at i:initial_due_at i:initial_at i:final_at t:state "
	                 "i:loss_fen i:compensated_fen i:investors_compensated "
	                 "i:reported_to_csrc_at i:acknowledged_at");
	nest(inc, "entries", q, "incident_id", "i:id t:kind t:text i:at");
	nest(inc, "losses", f, "incident_id",
	     "i:id i:loss_fen i:compensated_fen i:investors_compensated t:note i:recorded_at");
	json_object_set_new(out, DOSSIER_PARTS[DP_INCIDENTS].id, inc);
	/* complaints: never the complainant's name or contact */
	if (dossier_complaints(c, a, p->id, &r, e) < 0)
		return -1;
	json_object_set_new(out, DOSSIER_PARTS[DP_COMPLAINTS].id,
	                    rows_json(r, "i:id t:reference t:channel t:content t:status t:due_on "
	                                 "i:filed_at t:escalated_to i:escalated_at t:resolution "
	                                 "i:resolved_at i:notes i:answers"));
	/* the exchange: situation reports to the CSRC, threads with the institutions */
	if (dossier_situations(c, a, p->id, &r, e) < 0 || dossier_threads(c, a, p->id, &q, e) < 0 ||
	    dossier_messages(c, a, p->id, &f, e) < 0)
		return -1;
	json_t *threads = rows_json(q, "i:id t:subject i:created_at i:last_message_at i:messages");
	nest(threads, "items", f, "thread_id", "i:id t:side t:body i:sent_at i:attachments");
	json_object_set_new(
	    out, DOSSIER_PARTS[DP_EXCHANGE].id,
	    json_pack("{s:o, s:o}", "situations",
	              rows_json(r, "i:id t:title t:body i:reported_at i:acknowledged_at "
	                           "t:acknowledgement"),
	              "threads", threads));
	return 0;
}

/* The decisions and outcomes: the project's workflow events from its launch on and the
 * maker-checker's, read from the log in pages. */
static int part_decisions(store_conn *c, arena *a, const project_row *p, json_t *out, err *e)
{
	int64_t from, after = 0;
	if (dossier_launch_seq(c, a, p->id, &from, e) < 0)
		return -1;
	json_t *items = json_array();
	for (;;) {
		arena *pa = arena_new(); /* one page's rows at a time */
		store_result *r;
		if (dossier_decision_events(c, pa, p->id, from, after, EVENT_PAGE, &r, e) < 0) {
			arena_free(pa);
			json_decref(items);
			return -1;
		}
		for (int i = 0; i < r->nrows; i++) {
			json_t *x = row_json(r, i, "i:seq i:ts t:actor t:kind t:reason j:payload");
			json_t *pl = json_object_get(x, "payload");
			/* the workflow's fields, where a project.<action> event has them */
			const char *keys[] = {"action", "from",   "to",
			                      "params", "clause", "decision_id"};
			for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
				json_t *v = json_object_get(pl, keys[k]);
				if (v && !json_object_get(x, keys[k]))
					json_object_set(x, keys[k], v);
			}
			json_array_append_new(items, x);
			after = store_get_int(r, i, "seq");
		}
		int n = r->nrows;
		arena_free(pa);
		if (n < EVENT_PAGE)
			break;
	}
	json_object_set_new(out, DOSSIER_PARTS[DP_DECISIONS].id,
	                    json_pack("{s:I, s:o}", "from_seq", (json_int_t)from, "items", items));
	return 0;
}

static const char *file_url(arena *a, const char *source, int64_t owner, int64_t id)
{
	if (!strcmp(source, "material"))
		return arena_printf(a, "/api/v1/projects/%lld/materials/%lld", (long long)owner,
		                    (long long)id);
	if (!strcmp(source, "report"))
		return arena_printf(a, "/api/v1/reports/%lld/attachments/%lld", (long long)owner,
		                    (long long)id);
	if (!strcmp(source, "inspection"))
		return arena_printf(a, "/api/v1/inspections/%lld/files/%lld", (long long)owner,
		                    (long long)id);
	return arena_printf(a, "/api/v1/threads/%lld/attachments/%lld", (long long)owner,
	                    (long long)id);
}

/* Every attachment with the SHA-256 the store keeps of its bytes (every file table names its
 * blob by that hash, so nothing is recomputed). */
static int part_manifest(store_conn *c, arena *a, const project_row *p, json_t *out, err *e)
{
	store_result *r;
	if (dossier_manifest(c, a, p->id, &r, e) < 0)
		return -1;
	json_t *files = json_array();
	json_int_t total = 0;
	for (int i = 0; i < r->nrows; i++) {
		json_t *x = row_json(r, i,
		                     "t:source i:id i:owner_id t:label i:version t:filename i:size "
		                     "t:content_type t:sha256 i:at");
		json_object_set_new(x, "url",
		                    json_string(file_url(a, store_get(r, i, "source"),
		                                         store_get_int(r, i, "owner_id"),
		                                         store_get_int(r, i, "id"))));
		total += store_get_int(r, i, "size");
		json_array_append_new(files, x);
	}
	json_object_set_new(
	    out, DOSSIER_PARTS[DP_MANIFEST].id,
	    json_pack("{s:i, s:I, s:o}", "count", r->nrows, "total_size", total, "files", files));
	return 0;
}

static void counts(json_t *d)
{
	json_t *cover = json_object_get(d, "cover"), *n = json_object();
	const char *lists[] = {"reports", "alerts", "inspections", "incidents", "complaints"};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		json_object_set_new(
		    n, lists[i],
		    json_integer((json_int_t)json_array_size(json_object_get(d, lists[i]))));
	json_t *ex = json_object_get(d, "exchange");
	json_object_set_new(
	    n, "situations",
	    json_integer((json_int_t)json_array_size(json_object_get(ex, "situations"))));
	json_object_set_new(
	    n, "threads",
	    json_integer((json_int_t)json_array_size(json_object_get(ex, "threads"))));
	json_object_set_new(n, "decisions",
	                    json_integer((json_int_t)json_array_size(
	                        json_object_get(json_object_get(d, "decisions"), "items"))));
	json_object_set(n, "attachments", json_object_get(json_object_get(d, "manifest"), "count"));
	json_object_set_new(cover, "counts", n);
}

/* The project of a dossier the caller may read: 403 for a role that reads none, 409 before
 * its launch. */
static int dossier_project(store_conn *c, arena *a, const actor *who, int64_t project_id,
                           project_row *p, err *e)
{
	if (!app_working_group(who) && who->role != ROLE_CSRC)
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	if (project_load(c, a, project_id, p, e) < 0 ||
	    project_access_check(c, a, who, p, ACCESS_READ, e) < 0)
		return -1;
	if (!dossier_covers(p->st, p->launched_on != NULL))
		return err_set(e, 409, "invalid_state", NULL,
		               "A project has a dossier once it is launched.");
	return 0;
}

/* The parts of the dossier into d, in their order. */
static int parts(store_conn *c, arena *a, const actor *who, const project_row *p, json_t *d, err *e)
{
	if (part_cover(c, a, who, p, d, e) < 0)
		return -1;
	part_application(p, d);
	if (part_boundaries(c, a, p, d, e) < 0 || part_lists(c, a, p, d, e) < 0 ||
	    part_decisions(c, a, p, d, e) < 0 || part_manifest(c, a, p, d, e) < 0)
		return -1;
	counts(d);
	return 0;
}

static json_t *compile(store_conn *c, arena *a, const actor *who, int64_t project_id, err *e)
{
	project_row p;
	if (dossier_project(c, a, who, project_id, &p, e) < 0)
		return NULL;
	json_t *d = json_object();
	if (parts(c, a, who, &p, d, e) == 0)
		return d;
	json_decref(d);
	return NULL;
}

json_t *dossier_compile(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	return app_snapshot_read(ap, a, who, project_id, compile, e);
}
