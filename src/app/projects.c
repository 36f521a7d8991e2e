/* Projects (applications): drafting, members and confirmations (§3.2), the workflow's guards
 * and effects (§4.1, §4.2, §3.3), maker-checker decisions, and the scheduler's due jobs. */
#include "app/projects.h"
#include "app/projects_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/calendar.h"
#include "app/materials.h"
#include "app/notices.h"
#include "app/members.h"
#include "app/review.h"
#include "app/app_internal.h"
#include "app/indicators_internal.h"
#include "app/materials_internal.h"
#include "app/notices_internal.h"
#include "app/review_internal.h"
#include "app/evaluations_internal.h"
#include "app/fault_tolerance_internal.h"
#include "app/recognitions_internal.h"
#include "app/sanctions_internal.h"
#include "app/workflow_internal.h"
#include "core/calendar.h"
#include "core/eligibility.h"
#include "core/institution.h"
#include "core/workflow.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/jw.h"
#include "lib/log.h"
#include "lib/time.h"
#include "store/decisions.h"
#include "store/projects.h"
#include "store/reviews.h"

#define PROJECT_MAX_MEMBERS ELIGIBILITY_MAX_APPLICANTS
#define TEXT_MAX 4000

/* ---- the application's content: shape checks (drafts) and completeness (§4.1) ---- */

static const char *const TECHNOLOGIES[] = {"big_data", "cloud", "ai", "blockchain", "other", NULL};

typedef enum {
	F_TEXT,
	F_TEXT_LIST,
	F_TECHS,
	F_SCENARIOS,
	F_BOUNDARIES,
	F_PROTECTION,
	F_TIMELINE
} field_kind;

static const struct content_field {
	const char *key;
	field_kind kind;
	bool required_for_coaching; /* §3.3: coaching runs no live business */
} CONTENT[] = {
    {"summary", F_TEXT, true},           {"scenarios", F_SCENARIOS, true},
    {"technologies", F_TECHS, true},     {"service_content", F_TEXT, true},
    {"target_investors", F_TEXT, false}, {"test_boundaries", F_BOUNDARIES, false},
    {"hypothesis", F_TEXT, true},        {"success_measures", F_TEXT_LIST, true},
    {"risk_controls", F_TEXT, true},     {"investor_protection", F_PROTECTION, false},
    {"emergency_plan", F_TEXT, true},    {"exit_plan", F_TEXT, true},
    {"funding_guarantee", F_TEXT, true}, {"timeline", F_TIMELINE, true},
    {"commitments", F_TEXT_LIST, true},
};
#define NCONTENT (sizeof CONTENT / sizeof *CONTENT)

static int bad(err *e, const char *code, const char *msg, const char *field)
{
	return err_setf(e, 400, code, msg, "%s", field);
}

static int check_text_list(const json_t *v, const char *key, size_t max_items, err *e)
{
	if (!json_is_array(v))
		return bad(e, "invalid_type", "Field {field} must be a list of texts.", key);
	if (json_array_size(v) > max_items)
		return bad(e, "too_long", "Field {field} has too many entries.", key);
	return app_list_strings(v, key, TEXT_MAX, true, e);
}

static int check_object_texts(const json_t *v, const char *key, const char *const *keys, err *e)
{
	if (!json_is_object(v))
		return bad(e, "invalid_type", "Field {field} must be an object.", key);
	const char *k;
	json_t *x;
	json_object_foreach((json_t *)v, k, x)
	{
		bool known = false;
		for (const char *const *p = keys; *p; p++)
			known |= !strcmp(*p, k);
		char f[96];
		snprintf(f, sizeof f, "%s.%.60s", key, k);
		if (!known)
			return bad(e, "unknown_field", "Unknown field {field}.", f);
		if (!json_is_string(x))
			return bad(e, "invalid_type", "Field {field} must be a string.", f);
		if (json_check_text(json_string_value(x), TEXT_MAX, f, e) < 0)
			return -1;
	}
	return 0;
}

/* Shape of one content field (types, sizes, enums). Completeness is checked at submission. */
static int check_field(const struct content_field *cf, const json_t *v, err *e)
{
	const char *key = cf->key;
	size_t i;
	json_t *x;
	switch (cf->kind) {
	case F_TEXT:
		if (!json_is_string(v))
			return bad(e, "invalid_type", "Field {field} must be a string.", key);
		return json_check_text(json_string_value(v), TEXT_MAX, key, e);
	case F_TEXT_LIST:
		return check_text_list(v, key, 50, e);
	case F_TECHS:
		if (!json_is_array(v) || json_array_size(v) > 5)
			return bad(
			    e, "invalid_type",
			    "Field {field} must be a list of big_data, cloud, ai, blockchain, "
			    "other.",
			    key);
		json_array_foreach(v, i, x)
		{
			bool ok = false;
			for (const char *const *t = TECHNOLOGIES; *t && json_is_string(x); t++)
				ok |= !strcmp(*t, json_string_value(x));
			for (size_t k = 0; k < i && ok; k++)
				ok = !json_equal(x, json_array_get(v, k));
			if (!ok)
				return bad(e, "invalid_value",
				           "Field {field} must be a list of big_data, cloud, ai, "
				           "blockchain, other.",
				           key);
		}
		return 0;
	case F_SCENARIOS:
		if (!json_is_array(v) || json_array_size(v) > 20)
			return bad(e, "invalid_type", "Field {field} must be a list of scenarios.",
			           key);
		json_array_foreach(v, i, x)
		{
			static const char *const allowed[] = {"name", "description",
			                                      "provider_institution_id", NULL};
			char f[64];
			snprintf(f, sizeof f, "scenarios[%zu]", i);
			if (!json_is_object(x))
				return bad(e, "invalid_type", "Field {field} must be an object.",
				           f);
			const char *s;
			int64_t id;
			bool present;
			if (json_only_fields(x, allowed, e) < 0 ||
			    json_get_str(x, "name", true, 200, &s, e) < 0 ||
			    json_get_str(x, "description", false, TEXT_MAX, &s, e) < 0 ||
			    json_get_int(x, "provider_institution_id", true, &id, &present, e) <
			        0) {
				char k[sizeof e->field_buf];
				snprintf(k, sizeof k, "%s", e->field ? e->field : "");
				return err_setf(e, e->status, e->code, e->msg, "%s.%s", f, k);
			}
		}
		return 0;
	case F_BOUNDARIES: {
		static const char *const allowed[] = {"customer_cap",
		                                      "per_transaction_limit_fen",
		                                      "per_investor_limit_fen",
		                                      "regions",
		                                      "duration_months",
		                                      "investor_types",
		                                      NULL};
		if (!json_is_object(v))
			return bad(e, "invalid_type", "Field {field} must be an object.", key);
		if (json_only_fields(v, allowed, e) < 0) {
			char k[sizeof e->field_buf];
			snprintf(k, sizeof k, "%s", e->field);
			return err_setf(e, 400, "unknown_field", "Unknown field {field}.",
			                "test_boundaries.%s", k);
		}
		const char *ints[] = {"customer_cap", "per_transaction_limit_fen",
		                      "per_investor_limit_fen", "duration_months"};
		for (size_t k = 0; k < 4; k++) {
			json_t *n = json_object_get(v, ints[k]);
			char f[64];
			snprintf(f, sizeof f, "test_boundaries.%s", ints[k]);
			if (n && !json_is_null(n) &&
			    (!json_is_integer(n) || json_integer_value(n) < 1 ||
			     (k == 3 && json_integer_value(n) > 60)))
				return bad(e, "invalid_value",
				           "Field {field} must be a positive whole number.", f);
		}
		const char *lists[] = {"regions", "investor_types"};
		for (size_t k = 0; k < 2; k++) {
			json_t *l = json_object_get(v, lists[k]);
			char f[64];
			snprintf(f, sizeof f, "test_boundaries.%s", lists[k]);
			if (l && check_text_list(l, f, 50, e) < 0)
				return -1;
		}
		return 0;
	}
	case F_PROTECTION: {
		static const char *const keys[] = {"complaint_channel", "dispute_handling",
		                                   "compensation", NULL};
		return check_object_texts(v, key, keys, e);
	}
	case F_TIMELINE:
		if (!json_is_array(v) || json_array_size(v) > 50)
			return bad(e, "invalid_type", "Field {field} must be a list of milestones.",
			           key);
		json_array_foreach(v, i, x)
		{
			static const char *const allowed[] = {"milestone", "due_on", NULL};
			char f[64];
			snprintf(f, sizeof f, "timeline[%zu]", i);
			const char *s = NULL, *d = NULL;
			cal_date cd;
			if (!json_is_object(x) || json_only_fields(x, allowed, e) < 0 ||
			    json_get_str(x, "milestone", true, 500, &s, e) < 0 ||
			    json_get_str(x, "due_on", true, 10, &d, e) < 0)
				return bad(e, "invalid_value",
				           "Field {field} must be {\"milestone\", \"due_on\"}.", f);
			if (cal_parse(d, &cd) < 0)
				return bad(e, "invalid_value",
				           "Field {field} must be a date (YYYY-MM-DD).", f);
		}
		return 0;
	}
	return 0;
}

static json_t *int_or_null(const char *v)
{
	return v ? json_integer(strtoll(v, NULL, 10)) : json_null();
}

static bool text_present(const json_t *v)
{
	if (json_is_string(v)) {
		for (const char *p = json_string_value(v); *p; p++)
			if (*p != ' ' && *p != '\n' && *p != '\t')
				return true;
		return false;
	}
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_object(v))
		return json_object_size(v) > 0;
	return v && !json_is_null(v);
}

/* §4.1 completeness: a list of defects (field + message); empty when complete. */
static json_t *content_defects(const json_t *content, const char *track)
{
	bool coaching = !strcmp(track, "coaching");
	json_t *defects = json_array();
	for (size_t i = 0; i < NCONTENT; i++) {
		const struct content_field *cf = &CONTENT[i];
		if (coaching && !cf->required_for_coaching)
			continue;
		json_t *v = json_object_get(content, cf->key);
		if (!text_present(v)) {
			json_array_append_new(defects, json_pack("{s:s, s:s}", "field", cf->key,
			                                         "defect", "missing"));
			continue;
		}
		if (cf->kind == F_PROTECTION || cf->kind == F_BOUNDARIES) {
			const char *need_p[] = {"complaint_channel", "dispute_handling",
			                        "compensation", NULL};
			const char *need_b[] = {"customer_cap", "per_transaction_limit_fen",
			                        "per_investor_limit_fen", "duration_months", NULL};
			for (const char **k = cf->kind == F_PROTECTION ? need_p : need_b; *k; k++)
				if (!text_present(json_object_get(v, *k))) {
					char f[96];
					snprintf(f, sizeof f, "%s.%s", cf->key, *k);
					json_array_append_new(defects,
					                      json_pack("{s:s, s:s}", "field", f,
					                                "defect", "missing"));
				}
		}
	}
	return defects;
}

/* ---- members ---- */

typedef struct member_in {
	int64_t institution_id;
	bool lead;
	const char *role;
} member_in;

static int read_members(const json_t *list, member_in *out, size_t *n, err *e)
{
	if (!json_is_array(list))
		return err_set(e, 400, list ? "invalid_type" : "missing_field", "members",
		               "Field {field} must be a list of members.");
	*n = json_array_size(list);
	if (*n == 0)
		return err_set(e, 400, "missing_field", "members", "Field {field} is required.");
	if (*n > PROJECT_MAX_MEMBERS)
		return err_set(e, 400, "too_long", "members",
		               "Field {field} has too many entries.");
	int leads = 0;
	for (size_t i = 0; i < *n; i++) {
		static const char *const allowed[] = {"institution_id", "lead", "role", NULL};
		json_t *m = json_array_get(list, i);
		bool present;
		out[i] = (member_in){0, false, NULL};
		if (!json_is_object(m))
			return err_setf(e, 400, "invalid_type", "Field {field} must be an object.",
			                "members[%zu]", i);
		if (json_only_fields(m, allowed, e) < 0 ||
		    json_get_int(m, "institution_id", true, &out[i].institution_id, &present, e) <
		        0 ||
		    json_get_bool(m, "lead", false, &out[i].lead, &present, e) < 0 ||
		    json_get_str(m, "role", true, 1000, &out[i].role, e) < 0) {
			char k[sizeof e->field_buf];
			snprintf(k, sizeof k, "%s", e->field ? e->field : "");
			return err_setf(e, e->status, e->code, e->msg, "members[%zu].%s", i, k);
		}
		if (!text_present(json_object_get(m, "role")))
			return err_setf(e, 400, "missing_field",
			                "Field {field} is required: each member's substantive "
			                "work (§3.2).",
			                "members[%zu].role", i);
		for (size_t k = 0; k < i; k++)
			if (out[k].institution_id == out[i].institution_id)
				return err_setf(e, 400, "duplicate_member",
				                "Field {field} names an institution twice.",
				                "members[%zu].institution_id", i);
		leads += out[i].lead;
	}
	/* §3.2: exactly one lead applicant represents the others. */
	if (leads == 0)
		return err_set(e, 422, "no_lead", "members",
		               "Exactly one member must be the lead applicant (§3.2).");
	if (leads > 1)
		return err_set(e, 422, "multiple_leads", "members",
		               "Exactly one member must be the lead applicant (§3.2).");
	return 0;
}

static int write_members(store_conn *c, arena *a, const actor *who, int64_t pid, const member_in *m,
                         size_t n, err *e)
{
	bool includes_own = false;
	for (size_t i = 0; i < n; i++)
		includes_own |= m[i].institution_id == who->institution_id;
	if (!includes_own)
		return err_set(e, 422, "not_a_member", "members",
		               "Your own institution must be a member of the application.");
	if (projects_members_clear(c, a, pid, e) < 0)
		return -1;
	int64_t now = time_now_us();
	for (size_t i = 0; i < n; i++) {
		/* The drafting institution confirms by drafting; every other confirms itself. */
		bool own = m[i].institution_id == who->institution_id;
		int rc = projects_member_add(c, a, pid, m[i].institution_id, m[i].lead, m[i].role,
		                             own ? who->user_id : 0, now, e);
		if (rc < 0)
			return -1;
		if (!rc)
			return err_setf(e, 422, "unknown_institution",
			                "Field {field} names no registered institution.",
			                "members[%zu].institution_id", i);
	}
	return 0;
}

/* The same members, leads and roles (confirmations aside: rewriting them is not a change). */
static bool members_same(json_t *x, json_t *y)
{
	if (json_array_size(x) != json_array_size(y))
		return false;
	static const char *const keys[] = {"institution_id", "lead", "role", NULL};
	for (size_t i = 0; i < json_array_size(x); i++)
		for (const char *const *k = keys; *k; k++)
			if (!json_equal(json_object_get(json_array_get(x, i), *k),
			                json_object_get(json_array_get(y, i), *k)))
				return false;
	return true;
}

static void member_write(jw *w, const store_result *r, int i)
{
	const char *ca = store_get(r, i, "confirmed_at");
	jw_obj(w);
	jw_kint(w, "institution_id", store_get_int(r, i, "institution_id"));
	jw_kstr(w, "name", store_get(r, i, "name"));
	jw_kstr(w, "kind", store_get(r, i, "kind"));
	jw_kstr(w, "registered_city", store_get(r, i, "registered_city"));
	jw_kbool(w, "lead", store_get_bool(r, i, "lead"));
	jw_kstr(w, "role", store_get(r, i, "role"));
	jw_kbool(w, "confirmed", ca != NULL);
	jw_key(w, "confirmed_at");
	if (ca)
		jw_int(w, store_get_int(r, i, "confirmed_at"));
	else
		jw_null(w);
	jw_end(w);
}

/* The lead applicant first, then the other members by institution id. */
static int members_write(jw *w, store_conn *c, arena *a, int64_t pid, err *e)
{
	store_result *r;
	if (projects_members_of(c, a, pid, &r, e) < 0)
		return -1;
	jw_arr(w);
	for (int lead = 1; lead >= 0; lead--)
		for (int i = 0; i < r->nrows; i++)
			if (store_get_bool(r, i, "lead") == lead)
				member_write(w, r, i);
	jw_end(w);
	return 0;
}

/* ---- create, update, read ---- */

static const char *const TOP_FIELDS[] = {"track",
                                         "name",
                                         "members",
                                         "summary",
                                         "scenarios",
                                         "technologies",
                                         "service_content",
                                         "target_investors",
                                         "test_boundaries",
                                         "hypothesis",
                                         "success_measures",
                                         "risk_controls",
                                         "investor_protection",
                                         "emergency_plan",
                                         "exit_plan",
                                         "funding_guarantee",
                                         "timeline",
                                         "commitments",
                                         "reason",
                                         NULL};

/* Merges the body's content fields into content (a new reference), checking their shape. */
static int merge_content(const json_t *body, json_t *content, err *e)
{
	for (size_t i = 0; i < NCONTENT; i++) {
		json_t *v = json_object_get(body, CONTENT[i].key);
		if (!v)
			continue;
		if (json_is_null(v)) {
			json_object_del(content, CONTENT[i].key);
			continue;
		}
		if (check_field(&CONTENT[i], v, e) < 0)
			return -1;
		json_object_set(content, CONTENT[i].key, v);
	}
	return 0;
}

/* v's canonical JSON text, in the arena. */
static const char *canonical_text(arena *a, const json_t *v)
{
	char *t = json_canonical(v);
	const char *s = arena_strdup(a, t);
	free(t);
	return s;
}

/* The stored content with the body's content fields merged in (their shapes checked), as
 * canonical text. */
static int content_text(arena *a, const char *stored, const json_t *body, const char **text, err *e)
{
	json_error_t je;
	json_t *content = stored ? json_loads(stored, 0, &je) : json_object();
	int rc = content ? merge_content(body, content, e) : -1;
	if (rc == 0)
		*text = canonical_text(a, content);
	json_decref(content);
	return rc;
}

static json_t *project_json(store_conn *c, arena *a, const actor *who, const project_row *p,
                            err *e);

/* An application as a body gives it. */
typedef struct project_in {
	const char *track, *name, *reason, *content;
	member_in members[PROJECT_MAX_MEMBERS];
	size_t n;
} project_in;

/* The body's track, name (required to create) and reason; an absent one stays as it is. */
static int project_head_read(const json_t *body, bool create, project_in *in, err *e)
{
	if (json_get_str(body, "track", false, 20, &in->track, e) < 0 ||
	    json_get_str(body, "name", create, 200, &in->name, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, &in->reason, e) < 0)
		return -1;
	if (strcmp(in->track, "pilot") && strcmp(in->track, "coaching"))
		return err_set(e, 400, "invalid_value", "track",
		               "Field {field} must be pilot or coaching.");
	json_t *name = json_object_get(body, "name");
	if ((create || name) && !text_present(name))
		return err_set(e, 400, "missing_field", "name", "Field {field} is required.");
	return 0;
}

static int create_tx(store_conn *c, arena *a, const actor *who, const project_in *in, json_t **out,
                     err *e)
{
	int64_t pid;
	project_row p;
	if (projects_insert(c, a, in->track, in->name, in->content, who->user_id, time_now_us(),
	                    &pid, e) < 0 ||
	    write_members(c, a, who, pid, in->members, in->n, e) < 0 ||
	    project_load(c, a, pid, &p, e) < 0)
		return -1;
	json_t *snap = project_json(c, a, who, &p, e);
	if (!snap || app_event(c, a, who, "project", pid, "project.created", in->reason,
	                       json_deep_copy(snap), e) < 0) {
		json_decref(snap);
		return -1;
	}
	*out = snap;
	return 0;
}

int project_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e)
{
	project_in in = {"pilot", NULL, NULL, NULL};
	if (json_only_fields(body, TOP_FIELDS, e) < 0 ||
	    project_head_read(body, true, &in, e) < 0 ||
	    read_members(json_object_get(body, "members"), in.members, &in.n, e) < 0 ||
	    content_text(a, NULL, body, &in.content, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, create_tx(c, a, who, &in, out, e), e) : -1;
}

/* The keys of the project whose values differ between before and after (§3.2: a change of
 * substance; confirmations, versions and the caller's actions are none). */
static json_t *changed_keys(json_t *before, json_t *after)
{
	json_t *changed = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(after, k, v)
	{
		if (!strcmp(k, "version") || !strcmp(k, "updated_at") ||
		    !strcmp(k, "allowed_actions"))
			continue;
		bool same = !strcmp(k, "members") ? members_same(v, json_object_get(before, k))
		                                  : json_equal(v, json_object_get(before, k));
		if (!same)
			json_array_append_new(changed, json_string(k));
	}
	return changed;
}

/* Writes the edit of p (as before shows it): 0 done, 1 when it changes nothing, -1. */
static int update_write(store_conn *c, arena *a, const actor *who, project_row *p,
                        const project_in *in, json_t *before, json_t **out, err *e)
{
	if (in->n && write_members(c, a, who, p->id, in->members, in->n, e) < 0)
		return -1;
	if (projects_set_content(c, a, p->id, in->track, in->name, in->content, time_now_us(), e) <
	        0 ||
	    project_load(c, a, p->id, p, e) < 0)
		return -1;
	json_t *after = project_json(c, a, who, p, e);
	if (!after)
		return -1;
	json_t *changed = changed_keys(before, after), *withdrawn = NULL;
	json_decref(after);
	if (!json_array_size(changed)) {
		json_decref(changed);
		return 1;
	}
	/* §3.2: members agree on what is submitted; a change asks every other member again. */
	if (project_withdraw_confirmations(c, a, who, p->id, &withdrawn, e) < 0 ||
	    !(after = project_json(c, a, who, p, e))) {
		json_decref(changed);
		json_decref(withdrawn);
		return -1;
	}
	if (app_event(c, a, who, "project", p->id, "project.updated", in->reason,
	              json_pack("{s:O, s:o, s:o}", "project", after, "changed", changed,
	                        "confirmations_withdrawn", withdrawn),
	              e) < 0) {
		json_decref(after);
		return -1;
	}
	*out = after;
	return 0;
}

/* 0 with the project changed, 1 when nothing changes (*out is the project as it is, and
 * nothing may be written), or -1. */
static int update_tx(store_conn *c, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e)
{
	project_row p;
	if (project_load(c, a, id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_EDIT, e) < 0)
		return -1;
	project_in in = {p.track, p.name, NULL, NULL};
	json_t *ml = json_object_get(body, "members");
	if (project_head_read(body, false, &in, e) < 0 ||
	    content_text(a, p.content, body, &in.content, e) < 0 ||
	    /* §3.2: the lead represents the others; only it changes who the members are. */
	    (ml && (project_access_check(c, a, who, &p, ACCESS_LEAD, e) < 0 ||
	            read_members(ml, in.members, &in.n, e) < 0)))
		return -1;
	json_t *before = project_json(c, a, who, &p, e);
	int rc = before ? update_write(c, a, who, &p, &in, before, out, e) : -1;
	if (rc == 1)
		*out = json_incref(before);
	json_decref(before);
	return rc;
}

int project_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                   json_t **out, err *e)
{
	if (json_only_fields(body, TOP_FIELDS, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = update_tx(c, a, who, id, body, out, e);
	if (rc != 1)
		return app_tx_end(c, rc, e);
	app_tx_end(c, -1, e); /* nothing changes: the transaction is abandoned */
	return 0;
}

/* An optional filter of a list: NULL or "" for none (*v is then NULL), else one of the values
 * (valid tells). */
static bool filter_valid(const char **v, bool valid)
{
	if (*v && !**v)
		*v = NULL;
	return !*v || valid;
}

/* The actions this caller may try now (see the guard table below). */
static int allowed_actions_write(jw *w, store_conn *c, arena *a, const actor *who,
                                 const project_row *p, err *e);

/* The project as the API shows it, written into out: the application's content fields as
 * they are stored (canonical JSON of an object, written only by content_text; never parsed on a
 * read, which was most of a read's time), then the project's own fields (never one of
 * CONTENT[]'s names), members, the caller's next actions and the pending decision. */
static int project_text(store_conn *c, arena *a, const actor *who, const project_row *p, buf *out,
                        err *e)
{
	jw w = JW_INIT(out);
	jw_obj(&w);
	jw_members(&w, p->content);
	jw_kint(&w, "id", p->id);
	jw_kstr(&w, "track", p->track);
	jw_kstr(&w, "state", p->state);
	jw_kstr(&w, "name", p->name);
	jw_key(&w, "batch_id");
	if (p->batch_id)
		jw_int(&w, p->batch_id);
	else
		jw_null(&w);
	jw_kstr(&w, "csrc_result", p->csrc_result);
	jw_key(&w, "defects");
	jw_raw(&w, p->defects && *p->defects ? p->defects : "[]"); /* canonical JSON, as stored */
	jw_kstr(&w, "launched_on", p->launched_on);
	jw_kstr(&w, "coaching_ends_on", p->coaching_ends_on);
	jw_kint(&w, "created_at", p->created_at);
	jw_kint(&w, "updated_at", p->updated_at);
	jw_kint(&w, "version", p->version);
	jw_key(&w, "members");
	if (members_write(&w, c, a, p->id, e) < 0)
		return -1;
	jw_key(&w, "allowed_actions");
	if (allowed_actions_write(&w, c, a, who, p, e) < 0)
		return -1;
	int64_t did;
	const char *action;
	int pending = decisions_pending(c, a, p->id, &did, &action, e);
	if (pending < 0)
		return -1;
	jw_key(&w, "pending_decision");
	if (pending) {
		jw_obj(&w);
		jw_kint(&w, "id", did);
		jw_kstr(&w, "action", action);
		jw_kstr(&w, "status", "pending");
		jw_end(&w);
	} else {
		jw_null(&w);
	}
	jw_end(&w);
	return 0;
}

/* The same as a JSON value, for the writes that compare or record it. */
static json_t *project_json(store_conn *c, arena *a, const actor *who, const project_row *p, err *e)
{
	buf b = BUF_INIT;
	json_t *o = NULL;
	if (project_text(c, a, who, p, &b, e) == 0) {
		json_error_t je;
		o = json_loadb(b.data, b.len, 0, &je);
		if (!o)
			err_set(e, 500, "store_error", NULL, "The database reported an error.");
	}
	buf_free(&b);
	return o;
}

json_t *project_get(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	project_row p;
	json_t *out = c && project_load(c, a, id, &p, e) == 0 &&
	                      project_access_check(c, a, who, &p, ACCESS_READ, e) == 0
	                  ? project_json(c, a, who, &p, e)
	                  : NULL;
	app_snapshot_end(c);
	return out;
}

int project_get_text(app *ap, arena *a, const actor *who, int64_t id, buf *out, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	project_row p;
	int rc = c && project_load(c, a, id, &p, e) == 0 &&
	                 project_access_check(c, a, who, &p, ACCESS_READ, e) == 0
	             ? project_text(c, a, who, &p, out, e)
	             : -1;
	app_snapshot_end(c);
	return rc;
}

static json_t *project_item_json(const store_result *r, int i)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s?, s:o, s:s?}", "id",
	                 (json_int_t)store_get_int(r, i, "id"), "name", store_get(r, i, "name"),
	                 "state", store_get(r, i, "state"), "track", store_get(r, i, "track"),
	                 "updated_at", (json_int_t)store_get_int(r, i, "updated_at"), "lead",
	                 store_get(r, i, "lead"), "batch_id",
	                 int_or_null(store_get(r, i, "batch_id")), "launched_on",
	                 store_get(r, i, "launched_on"));
}

json_t *project_list(app *ap, arena *a, const actor *who, const char *state, int64_t after,
                     int limit, err *e)
{
	project_state st;
	if (!filter_valid(&state, state && project_state_parse(state, &st) == 0)) {
		err_set(e, 400, "invalid_value", "state",
		        "Parameter {field} is not a known state.");
		return NULL;
	}
	/* Visibility, in SQL: institutions their own projects, experts their assignments without
	 * a conflict, the CSRC what was forwarded to it, the working group everything. */
	projects_filter f = {state, who->role == ROLE_INSTITUTION ? who->institution_id : 0,
	                     who->role == ROLE_EXPERT ? who->user_id : 0, who->role == ROLE_CSRC};
	store_conn *c = app_read_begin(ap, e);
	store_result *r;
	json_t *out = c && projects_list(c, a, &f, after, limit, &r, e) == 0
	                  ? app_page_of(r, limit, "id", project_item_json)
	                  : NULL;
	app_read_end(c);
	return out;
}

/* ---- guards (§3–§4.2) ---- */

/* §4.1: the materials the track requires are all uploaded. */
static int materials_complete(store_conn *c, arena *a, const project_row *p, err *e)
{
	json_t *missing = NULL;
	if (materials_missing(c, a, p->id, p->track, &missing, e) < 0)
		return -1;
	return app_refuse_listed(missing, "missing", e, 422, "materials_missing", NULL,
	                         N_("Required materials are missing (§4.1)."));
}

static int eligibility_of(store_conn *c, arena *a, app *ap, const project_row *p, err *e)
{
	store_result *r;
	if (projects_members_of(c, a, p->id, &r, e) < 0)
		return -1;
	applicant list[PROJECT_MAX_MEMBERS];
	size_t n = 0;
	for (int i = 0; i < r->nrows && n < PROJECT_MAX_MEMBERS; i++, n++) {
		institution_facts_read(r, i, &list[n].inst);
		list[n].lead = store_get_bool(r, i, "lead");
	}
	eligibility_result res;
	eligibility_check(ap->region, strcmp(p->track, "coaching") ? TRACK_PILOT : TRACK_COACHING,
	                  list, n, &res);
	if (res.eligible)
		return 0;
	json_t *reasons = json_array();
	for (size_t i = 0; i < res.nreasons; i++) {
		json_t *o = json_pack("{s:s, s:s, s:s}", "code", res.reasons[i].code, "message",
		                      res.reasons[i].msg, "clause", res.reasons[i].clause);
		json_object_set_new(o, "institution_id",
		                    res.reasons[i].institution_id
		                        ? json_integer(res.reasons[i].institution_id)
		                        : json_null());
		json_array_append_new(reasons, o);
	}
	err_set(e, 422, "not_eligible", NULL, "The applicants are not eligible (§3).");
	err_set_details(e, json_pack("{s:o}", "reasons", reasons));
	return -1;
}

/* §2.1: every business scenario is provided by a licensed member institution. */
static int scenario_defects(store_conn *c, arena *a, const project_row *p, json_t *content,
                            json_t *defects, err *e)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(content, "scenarios"), i, s)
	{
		int64_t prov = json_integer_value(json_object_get(s, "provider_institution_id"));
		projects_member m;
		int rc = projects_member_get(c, a, p->id, prov, &m, e);
		if (rc < 0)
			return -1;
		if (!rc || !strcmp(m.kind, "tech_firm"))
			json_array_append_new(
			    defects,
			    json_pack("{s:s, s:s}", "field",
			              arena_printf(a, "scenarios[%zu].provider_institution_id", i),
			              "defect", "not_licensed_member"));
	}
	return 0;
}

static int guard_submittable(store_conn *c, arena *a, app *ap, const actor *who,
                             const project_row *p, err *e)
{
	(void)who; /* the lead guard ran first (GUARDS[GUARD_SUBMITTABLE].may_try) */
	store_result *r;
	if (projects_members_of(c, a, p->id, &r, e) < 0)
		return -1;
	json_t *ids = json_array();
	for (int i = 0; i < r->nrows; i++)
		if (!store_get(r, i, "confirmed_at"))
			json_array_append_new(ids,
			                      json_integer(store_get_int(r, i, "institution_id")));
	if (app_refuse_listed(ids, "unconfirmed", e, 422, "members_unconfirmed", "members",
	                      N_("Every member must confirm the joint application before it is "
	                         "submitted (§3.2).")) < 0 ||
	    eligibility_of(c, a, ap, p, e) < 0)
		return -1;
	json_error_t je;
	json_t *content = json_loads(p->content, 0, &je);
	json_t *defects = content_defects(content, p->track);
	/* §2.1 binds live business; a coaching project runs none (§3.3), so it has no provider. */
	int rc = strcmp(p->track, "coaching") ? scenario_defects(c, a, p, content, defects, e) : 0;
	json_decref(content);
	if (rc == 0)
		rc =
		    app_refuse_listed(defects, "defects", e, 422, "incomplete", NULL,
		                      N_("The application is incomplete; see the defects (§4.1)."));
	else
		json_decref(defects);
	return rc < 0 ? -1 : materials_complete(c, a, p, e);
}

/* ---- the guards, by guard (core/workflow.h) ----
 * may_try: whether this caller is one who may attempt the action at all (the lead, a member yet
 * to confirm); it decides the caller's next actions and is checked first when acting. holds:
 * whether the rule holds now; checked only when acting, so that a page offers "submit" and the
 * refusal explains what is missing. Each answers 0, or -1 with the refusal in e; a store error is
 * an error (5xx) for the next-actions list too, never a silent "not allowed". */

static int may_lead(const guard_ctx *g, err *e)
{
	return project_access_check(g->c, g->a, g->who, g->p, ACCESS_LEAD, e);
}

static int may_confirm(const guard_ctx *g, err *e)
{
	projects_member m;
	if (project_access_check(g->c, g->a, g->who, g->p, ACCESS_READ, e) < 0)
		return -1;
	if (g->who->role != ROLE_INSTITUTION)
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	if (projects_member_get(g->c, g->a, g->p->id, g->who->institution_id, &m, e) < 0)
		return -1;
	if (m.confirmed)
		return err_set(e, 409, "already_confirmed", NULL,
		               "Your institution has already confirmed this application.");
	return 0;
}

static int holds_submittable(const guard_ctx *g, err *e)
{
	return guard_submittable(g->c, g->a, g->ap, g->who, g->p, e);
}

static int holds_materials_complete(const guard_ctx *g, err *e)
{
	return materials_complete(g->c, g->a, g->p, e);
}

static int holds_experts_assigned(const guard_ctx *g, err *e)
{
	int64_t n;
	if (reviews_unconflicted(g->c, g->a, g->p->id, &n, e) < 0)
		return -1;
	if (n == 0)
		return err_set(e, 422, "no_experts", NULL,
		               "Assign at least one expert without a conflict of interest first "
		               "(§4.1).");
	return 0;
}

static int holds_scores_complete(const guard_ctx *g, err *e)
{
	bool complete;
	int sheets;
	if (review_scores_complete(g->c, g->a, g->p->id, &complete, &sheets, e) < 0)
		return -1;
	if (!complete)
		return err_set(e, 422, "scores_incomplete", NULL,
		               "Every assigned expert must score the project first (§4.1).");
	return 0;
}

static int holds_csrc_pending(const guard_ctx *g, err *e)
{
	if (g->p->csrc_result)
		return err_set(e, 409, "invalid_state", NULL,
		               "The CSRC has already recorded its evaluation.");
	return 0;
}

static int holds_csrc_passed(const guard_ctx *g, err *e)
{
	if (!g->p->csrc_result || strcmp(g->p->csrc_result, "pass"))
		return err_set(e, 409, "invalid_state", NULL,
		               "The CSRC has not passed this project yet (§4.1).");
	return 0;
}

static int holds_notice_cleared(const guard_ctx *g, err *e)
{
	char today[11];
	app_today(today);
	return notice_launch_check(g->c, g->a, g->p->id, today, e);
}

static int holds_coaching_due(const guard_ctx *g, err *e)
{
	char today[11];
	app_today(today);
	if (!g->p->coaching_ends_on || strcmp(today, g->p->coaching_ends_on) < 0)
		return err_set(e, 409, "invalid_state", NULL,
		               "The coaching period has not ended yet (§3.3).");
	return 0;
}

static const struct {
	guard_fn may_try, holds;
} GUARDS[GUARD__COUNT] = {
    [GUARD_NONE] = {NULL, NULL},
    [GUARD_UNCONFIRMED_MEMBER] = {may_confirm, NULL},
    [GUARD_SUBMITTABLE] = {may_lead, holds_submittable},
    [GUARD_MATERIALS_COMPLETE] = {NULL, holds_materials_complete},
    [GUARD_EXPERTS_ASSIGNED] = {NULL, holds_experts_assigned},
    [GUARD_SCORES_COMPLETE] = {NULL, holds_scores_complete},
    [GUARD_CSRC_PENDING] = {NULL, holds_csrc_pending},
    [GUARD_CSRC_PASSED] = {NULL, holds_csrc_passed},
    [GUARD_NOTICE_CLEARED] = {NULL, holds_notice_cleared},
    [GUARD_LEAD] = {may_lead, NULL},
    [GUARD_COACHING_DUE] = {NULL, holds_coaching_due},
    [GUARD_EVALUATION_AGREED] = {NULL, evaluation_agreed},
    [GUARD_RECTIFICATION_SUBMITTED] = {NULL, rectification_submitted},
    [GUARD_EXIT_GROUNDS] = {NULL, exit_grounds},
    [GUARD_EXIT_CHECKLIST_DONE] = {NULL, exit_checklist_done},
};

static int run_guard(store_conn *c, arena *a, app *ap, const actor *who, const project_row *p,
                     const workflow_row *w, const json_t *params, err *e)
{
	guard_ctx g = {c, a, ap, who, p, w, params};
	if (GUARDS[w->guard].may_try && GUARDS[w->guard].may_try(&g, e) < 0)
		return -1;
	if (GUARDS[w->guard].holds && GUARDS[w->guard].holds(&g, e) < 0)
		return -1;
	return 0;
}

static int allowed_actions_write(jw *jw_, store_conn *c, arena *a, const actor *who,
                                 const project_row *p, err *e)
{
	bool coaching = !strcmp(p->track, "coaching");
	bool seen[ACT__COUNT] = {false};
	guard_ctx g = {c, a, NULL, who, p};
	jw_arr(jw_);
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		const workflow_row *w = &WORKFLOW[i];
		if (w->from != p->st || !(w->roles & who->role) || seen[w->action])
			continue;
		if ((w->track == FOR_PILOT && coaching) || (w->track == FOR_COACHING && !coaching))
			continue;
		if (GUARDS[w->guard].may_try) {
			err scratch;
			err_clear(&scratch);
			if (GUARDS[w->guard].may_try(&g, &scratch) < 0) {
				if (scratch.status >= 500) {
					*e = scratch;
					return -1;
				}
				err_free_details(&scratch);
				continue;
			}
		}
		seen[w->action] = true;
		jw_str(jw_, workflow_action_id(w->action));
	}
	jw_end(jw_);
	return 0;
}

/* ---- the actions, by action (core/workflow.h): their fields and their effects ----
 * read: the action's own fields beyond "reason", into params (kept with a proposal, so that an
 * approval applies exactly what was proposed). apply: what the transition does besides moving
 * the state and writing its event. Every action has both entries (tests/unit/core). */

static int no_params(const json_t *body, json_t *params, err *e)
{
	(void)body;
	(void)params;
	(void)e;
	return 0;
}

static int defects_param(const json_t *body, json_t *params, err *e)
{
	json_t *d = json_object_get(body, "defects");
	if (!d || (json_is_array(d) && json_array_size(d) == 0))
		return err_set(e, 400, "missing_field", "defects",
		               "Field {field} is required: the defects to correct (§4.1).");
	if (check_text_list(d, "defects", 100, e) < 0)
		return -1;
	json_object_set(params, "defects", d);
	return 0;
}

static int batch_param(const json_t *body, json_t *params, err *e)
{
	int64_t b;
	bool present;
	if (json_get_int(body, "batch_id", true, &b, &present, e) < 0)
		return -1;
	json_object_set_new(params, "batch_id", json_integer(b));
	return 0;
}

static int opinion_param(const json_t *body, json_t *params, err *e)
{
	const char *op;
	if (json_get_str(body, "opinion", true, 8000, &op, e) < 0)
		return -1;
	json_object_set_new(params, "opinion", json_string(op));
	return 0;
}

static int no_effect(const effect_ctx *x, err *e)
{
	(void)x;
	(void)e;
	return 0;
}

static int confirm_effect(const effect_ctx *x, err *e)
{
	return projects_member_confirm(x->c, x->a, x->p->id, x->who->institution_id,
	                               x->who->user_id, x->now, e);
}

static int submit_effect(const effect_ctx *x, err *e)
{
	return projects_set_submitted(x->c, x->a, x->p->id, x->now, e);
}

static int return_effect(const effect_ctx *x, err *e)
{
	char *d = json_canonical(json_object_get(x->params, "defects"));
	int rc = projects_set_defects(x->c, x->a, x->p->id, d, e);
	free(d);
	return rc;
}

static int accept_effect(const effect_ctx *x, err *e)
{
	int64_t b = json_integer_value(json_object_get(x->params, "batch_id"));
	/* §4.1: only into a batch open today (409 batch_closed names the open ones). */
	if (batch_check_open(x->c, x->a, b, e) < 0)
		return -1;
	return projects_set_batch(x->c, x->a, x->p->id, b, e);
}

static int csrc_result_effect(const effect_ctx *x, err *e)
{
	return projects_set_csrc_result(x->c, x->a, x->p->id,
	                                x->w->action == ACT_CSRC_PASS ? "pass" : "fail", e);
}

static int publish_notice_effect(const effect_ctx *x, err *e)
{
	json_t *notice = NULL;
	if (notice_create(x->c, x->a, x->who, x->p->id, &notice, e) < 0)
		return -1;
	json_object_set_new(x->payload, "notice", notice);
	return 0;
}

static int launch_effect(const effect_ctx *x, err *e)
{
	if (projects_set_launched(x->c, x->a, x->p->id, x->today, e) < 0 ||
	    indicators_on_launch(x->c, x->a, x->who, x->p->id, e) < 0) /* §4.3: risk indicators */
		return -1;
	if (x->w->to != ST_COACHING)
		return 0;
	/* §3.3: coaching lasts one year from announcement; the scheduler ends it. */
	cal_date end = cal_from_us_cst(x->now);
	end.y += 1;
	if (end.m == 2 && end.d == 29)
		end.d = 28;
	char ends[11];
	cal_format(end, ends);
	if (projects_schedule_coaching_end(x->c, x->a, x->p->id, ends, cal_start_us_cst(end), e) <
	    0)
		return -1;
	json_object_set_new(x->payload, "coaching_ends_on", json_string(ends));
	return 0;
}

static const struct {
	params_fn read;
	effect_fn apply;
} ACTIONS[ACT__COUNT] = {
    [ACT_CONFIRM] = {no_params, confirm_effect},
    [ACT_SUBMIT] = {no_params, submit_effect},
    [ACT_WITHDRAW] = {no_params, no_effect},
    [ACT_RETURN] = {defects_param, return_effect},
    [ACT_ACCEPT] = {batch_param, accept_effect},
    [ACT_START_REVIEW] = {no_params, no_effect},
    [ACT_SELECT] = {no_params, no_effect},
    [ACT_REJECT] = {no_params, no_effect},
    [ACT_FORWARD_CSRC] = {no_params, no_effect},
    [ACT_CSRC_PASS] = {opinion_param, csrc_result_effect},
    [ACT_CSRC_FAIL] = {opinion_param, csrc_result_effect},
    [ACT_PUBLISH_NOTICE] = {no_params, publish_notice_effect},
    [ACT_LAUNCH] = {no_params, launch_effect},
    [ACT_END_COACHING] = {no_params, no_effect},
    [ACT_EVALUATE_REGULAR] = {evaluation_outcome_params, evaluation_outcome_effect},
    [ACT_EVALUATE_IMPROVE] = {evaluation_outcome_params, evaluation_outcome_effect},
    [ACT_EVALUATE_RECTIFY] = {evaluation_outcome_params, evaluation_outcome_effect},
    [ACT_EVALUATE_EXIT] = {evaluation_outcome_params, evaluation_outcome_effect},
    [ACT_SUBMIT_RECTIFICATION] = {rectification_report_params, rectification_report_effect},
    [ACT_VERIFY_RECTIFICATION] = {rectification_verify_params, rectification_verify_effect},
    [ACT_SUSPEND] = {sanction_params, sanction_effect},
    [ACT_RESUME] = {sanction_resume_params, sanction_effect},
    [ACT_STOP] = {sanction_params, sanction_effect},
    [ACT_ADMINISTRATIVE_MEASURE] = {sanction_measure_params, sanction_effect},
    [ACT_CRIMINAL_REFERRAL] = {sanction_referral_params, sanction_effect},
    [ACT_APPLY_EXIT] = {exit_apply_params, exit_apply_effect},
    [ACT_START_EXIT] = {exit_start_params, exit_start_effect},
    [ACT_COMPLETE_EXIT] = {exit_complete_params, exit_complete_effect},
    [ACT_RECOGNISE] = {recognition_params, recognition_effect},
    [ACT_DETERMINE_FAULT_TOLERANCE] = {fault_tolerance_params, fault_tolerance_effect},
};

int project_action_params(workflow_action act, const json_t *body, json_t *params, err *e)
{
	if ((unsigned)act >= ACT__COUNT)
		return err_set(e, 500, "internal", NULL, "Something went wrong.");
	return ACTIONS[act].read(body, params, e);
}

int project_guard_check(app *ap, arena *a, const actor *who, int64_t project_id, workflow_guard g,
                        bool full, err *e)
{
	if ((unsigned)g >= GUARD__COUNT)
		return err_set(e, 500, "internal", NULL, "Something went wrong.");
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	project_row p;
	int rc = project_load(c, a, project_id, &p, e);
	if (rc == 0) {
		guard_ctx gc = {c, a, ap, who, &p};
		if (GUARDS[g].may_try)
			rc = GUARDS[g].may_try(&gc, e);
		if (rc == 0 && full && GUARDS[g].holds)
			rc = GUARDS[g].holds(&gc, e);
	}
	app_read_end(c);
	return rc;
}

int project_workflow_selfcheck(char *why, size_t n)
{
	for (int g = 0; g < GUARD__COUNT; g++)
		if (g != GUARD_NONE && !GUARDS[g].may_try && !GUARDS[g].holds) {
			snprintf(why, n, "guard %s has no function", workflow_guard_id(g));
			return -1;
		}
	for (int k = 0; k < ACT__COUNT; k++)
		if (!ACTIONS[k].read || !ACTIONS[k].apply) {
			snprintf(why, n, "action %s has no fields reader or effect",
			         workflow_action_id(k));
			return -1;
		}
	return 0;
}

/* Every action's fields; each action's reader takes its own and refuses what it lacks. */
static const char *const ACTION_FIELDS[] = {
    "reason", "defects", "batch_id", "opinion",
    /* after launch (§4.4, §5) */
    "evaluation_id", "reevaluate_on", "order", "due_on", "report", "evidence", "measure",
    "authority", "kind", "channel_open_until", "citation", "incident_id", "inputs", "determination",
    "reasoning", "override", NULL};

static int read_action_fields(const workflow_row *w, const json_t *body, const char **reason,
                              json_t **params, err *e)
{
	*params = NULL;
	if (json_only_fields(body, ACTION_FIELDS, e) < 0)
		return -1;
	/* Members and the scheduler may act without a reason; the regulator always gives one. */
	bool need_reason = workflow_reason_required(w);
	if (json_get_str(body, "reason", need_reason, 4000, reason, e) < 0)
		return -1;
	if (need_reason && !text_present(json_object_get(body, "reason")))
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	*params = json_object();
	if (project_action_params(w->action, body, *params, e) < 0) {
		json_decref(*params);
		*params = NULL;
		return -1;
	}
	return 0;
}

/* Applies a transition whose guard held: the state, its effects, and the event. */
static int apply(store_conn *c, arena *a, app *ap, const actor *who, const project_row *p,
                 const workflow_row *w, const char *reason, json_t *params, int64_t decision_id,
                 err *e)
{
	(void)ap;
	int64_t now = time_now_us();
	char today[11];
	app_today(today);
	const char *action = workflow_action_id(w->action);
	json_t *payload = json_pack("{s:s, s:s, s:s, s:O}", "action", action, "from", p->state,
	                            "to", project_state_id(w->to), "params", params);
	json_object_set_new(payload, "clause", json_string(w->clause));
	if (decision_id)
		json_object_set_new(payload, "decision_id", json_integer(decision_id));
	effect_ctx x = {c, a, who, p, w, params, payload, now, today, reason, decision_id};
	if (projects_set_state(c, a, p->id, project_state_id(w->to), now, e) < 0 ||
	    ACTIONS[w->action].apply(&x, e) < 0) {
		json_decref(payload);
		return -1;
	}
	return app_event(c, a, who, "project", p->id, arena_printf(a, "project.%s", action), reason,
	                 payload, e);
}

/* §4.1: a select/reject decision shows the leader the excluded sheets, with their reasons and
 * who excluded them (review.c computes them). Each exclusion is its own score.excluded event,
 * hidden from applicants; no exclusion can be added while the decision is pending or once the
 * project has left in_review, so the exclusions shown are those decided on. Other decisions carry
 * none. */
static int decision_evidence_add(store_conn *c, arena *a, int64_t project_id, const char *action,
                                 json_t *o, err *e)
{
	if (strcmp(action, "select") && strcmp(action, "reject"))
		return 0;
	json_t *ev;
	if (review_decision_evidence(c, a, project_id, &ev, e) < 0)
		return -1;
	json_object_set_new(o, "evidence", ev);
	return 0;
}

/* Maker-checker: the proposal of w's action is recorded; a leader's approval applies it. */
static int propose(store_conn *c, arena *a, const actor *who, const project_row *p,
                   const char *action, const char *reason, json_t *params, json_t **out, err *e)
{
	int64_t did;
	int added = decisions_propose(c, a, p->id, action, p->state, canonical_text(a, params),
	                              reason, who->user_id, time_now_us(), &did, e);
	if (added <= 0)
		return added < 0 ? -1
		                 : err_set(e, 409, "decision_pending", NULL,
		                           "A decision on this project is already waiting for "
		                           "approval.");
	if (app_event(c, a, who, "project", p->id, "decision.proposed", reason,
	              json_pack("{s:I, s:s, s:s, s:O}", "decision_id", (json_int_t)did, "action",
	                        action, "from", p->state, "params", params),
	              e) < 0)
		return -1;
	*out = json_pack("{s:{s:I, s:s, s:s, s:I}}", "decision", "id", (json_int_t)did, "status",
	                 "pending", "action", action, "project_id", (json_int_t)p->id);
	return 0;
}

/* Takes w's action on p now (the guard held): the project as it then stands. */
static int act_now(store_conn *c, arena *a, app *ap, const actor *who, project_row *p,
                   const workflow_row *w, const char *reason, json_t *params, json_t **out, err *e)
{
	if (apply(c, a, ap, who, p, w, reason, params, 0, e) < 0 ||
	    project_load(c, a, p->id, p, e) < 0)
		return -1;
	*out = project_json(c, a, who, p, e);
	return *out ? 0 : -1;
}

static int act_tx(store_conn *c, arena *a, app *ap, const actor *who, int64_t id,
                  const char *action, workflow_action act, const json_t *body, json_t **out,
                  int *status, err *e)
{
	project_row p;
	if (project_load(c, a, id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_READ, e) < 0)
		return -1;
	const workflow_row *w = workflow_find(p.st, act, !strcmp(p.track, "coaching"));
	if (!w)
		return err_set(e, 409, "invalid_state", NULL,
		               "This action is not allowed in the project's current state.");
	if (!(w->roles & who->role))
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	const char *reason = NULL;
	json_t *params = NULL;
	int rc = read_action_fields(w, body, &reason, &params, e);
	if (rc == 0)
		rc = run_guard(c, a, ap, who, &p, w, params, e);
	if (rc == 0 &&
	    act == ACT_DETERMINE_FAULT_TOLERANCE) /* §5.2: its incident, before proposing */
		rc = fault_tolerance_check(c, a, &p, params, e);
	if (rc == 0)
		rc = w->approval ? propose(c, a, who, &p, action, reason, params, out, e)
		                 : act_now(c, a, ap, who, &p, w, reason, params, out, e);
	json_decref(params);
	*status = w->approval ? 202 : 200;
	return rc;
}

int project_act(app *ap, arena *a, const actor *who, int64_t id, const char *action,
                const json_t *body, json_t **out, int *status, err *e)
{
	workflow_action act;
	if (workflow_action_parse(action, &act) < 0)
		return err_set(e, 404, "unknown_action", "action", "No such action.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, act_tx(c, a, ap, who, id, action, act, body, out, status, e), e)
	         : -1;
}

/* ---- decisions (maker-checker) ---- */

static json_t *decision_row_json(const store_result *r, int i)
{
	static const char *const HEAD[] = {"#id",    "#project_id", "project_name",
	                                   "action", "from_state",  NULL};
	static const char *const REST[] = {"reason",       "status",           "#proposed_by",
	                                   "proposer",     "#proposed_at",     "?#decided_by",
	                                   "?#decided_at", "?decision_reason", NULL};
	json_error_t je;
	json_t *params = json_loads(store_get(r, i, "params"), 0, &je);
	json_t *o = app_row_json(r, i, HEAD);
	json_object_set_new(o, "params", params ? params : json_object());
	app_row_set(o, r, i, REST);
	return o;
}

/* A decision as the working group reads it: the row and its evidence. */
static json_t *decision_json(store_conn *c, arena *a, const store_result *r, int i, err *e)
{
	json_t *o = decision_row_json(r, i);
	if (decision_evidence_add(c, a, store_get_int(r, i, "project_id"),
	                          store_get(r, i, "action"), o, e) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *decisions_page(store_conn *c, arena *a, const char *status, int64_t after, int limit,
                              err *e)
{
	store_result *r;
	if ((status && !strcmp(status, "settled")
	         ? decisions_settled(c, a, after, limit, &r, e)
	         : decisions_list(c, a, status, after, limit, &r, e)) < 0)
		return NULL;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows && i < limit; i++) {
		json_t *o = decision_json(c, a, r, i, e);
		if (!o) {
			json_decref(items);
			return NULL;
		}
		json_array_append_new(items, o);
	}
	return app_page(items, r, limit, "id");
}

json_t *decision_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
                      int limit, err *e)
{
	if (!filter_valid(&status,
	                  status && (!strcmp(status, "pending") || !strcmp(status, "approved") ||
	                             !strcmp(status, "rejected") || !strcmp(status, "settled")))) {
		err_set(e, 400, "invalid_value", "status",
		        "Parameter {field} must be pending, approved, rejected or settled.");
		return NULL;
	}
	store_conn *c = app_read_begin(ap, e);
	json_t *out = c ? decisions_page(c, a, status, after, limit, e) : NULL;
	app_read_end(c);
	return out;
}

json_t *decision_get(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	store_result *r;
	json_t *out = c && app_found(decisions_get(c, a, id, &r, e), "No such decision.", e) == 0
	                  ? decision_json(c, a, r, 0, e)
	                  : NULL;
	app_read_end(c);
	return out;
}

/* An approval runs the row again as it stands: the project must still be in the proposed
 * state, and the guard must still hold. */
static int approve_apply(store_conn *c, arena *a, app *ap, const actor *who, const project_row *p,
                         const store_result *d, json_t *params, int64_t id, err *e)
{
	workflow_action act;
	const workflow_row *w = workflow_action_parse(store_get(d, 0, "action"), &act) == 0
	                            ? workflow_find(p->st, act, !strcmp(p->track, "coaching"))
	                            : NULL;
	if (!w || strcmp(p->state, store_get(d, 0, "from_state")))
		return err_set(e, 409, "invalid_state", NULL,
		               "The project has moved on since the proposal; reject it instead.");
	if (run_guard(c, a, ap, who, p, w, params, e) < 0)
		return -1;
	return apply(c, a, ap, who, p, w, store_get(d, 0, "reason"), params, id, e);
}

static int settle_tx(store_conn *c, arena *a, app *ap, const actor *who, int64_t id, bool approved,
                     const char *reason, json_t **out, err *e)
{
	store_result *d;
	if (app_found(decisions_get(c, a, id, &d, e), "No such decision.", e) < 0)
		return -1;
	if (strcmp(store_get(d, 0, "status"), "pending"))
		return err_set(e, 409, "invalid_state", NULL, "The decision is already settled.");
	/* Maker-checker: the one who proposed may not also approve (or reject). */
	if (store_get_int(d, 0, "proposed_by") == who->user_id)
		return err_set(e, 403, "same_person", NULL,
		               "A decision must be settled by someone other than its proposer.");
	int64_t pid = store_get_int(d, 0, "project_id");
	const char *action = store_get(d, 0, "action");
	json_error_t je;
	json_t *params = json_loads(store_get(d, 0, "params"), 0, &je);
	project_row p;
	int rc = params ? project_load(c, a, pid, &p, e) : -1;
	if (rc == 0 && approved)
		rc = approve_apply(c, a, ap, who, &p, d, params, id, e);
	json_decref(params);
	if (rc < 0 ||
	    decisions_settle(c, a, id, approved ? "approved" : "rejected", who->user_id,
	                     time_now_us(), reason, e) < 0 ||
	    app_event(c, a, who, "project", pid,
	              approved ? "decision.approved" : "decision.rejected", reason,
	              json_pack("{s:I, s:s}", "decision_id", (json_int_t)id, "action", action),
	              e) < 0 ||
	    decisions_get(c, a, id, &d, e) < 0)
		return -1;
	*out = decision_row_json(d, 0);
	return 0;
}

int decision_settle(app *ap, arena *a, const actor *who, int64_t id, bool approve,
                    const json_t *body, json_t **out, err *e)
{
	static const char *const allowed[] = {"reason", NULL};
	const char *reason = NULL;
	if (json_only_fields(body, allowed, e) < 0 ||
	    json_get_str(body, "reason", !approve, 4000, &reason, e) < 0)
		return -1;
	if (!approve && !text_present(json_object_get(body, "reason")))
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, settle_tx(c, a, ap, who, id, approve, reason, out, e), e) : -1;
}

/* ---- the scheduler's due jobs ---- */

static const actor ACTOR_SCHEDULER = {0, "scheduler", ROLE_SYSTEM, 0, "system"};

/* §3.3: a coaching_end job of the jobs table (app/jobs.c claims it in this transaction):
 * the coaching year of the project is over, so it ends unless its guard says otherwise. */
int project_end_coaching_job(store_conn *c, arena *a, app *ap, int64_t project_id, int *done,
                             err *e)
{
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0)
		return -1;
	const workflow_row *w = workflow_find(p.st, ACT_END_COACHING, true);
	if (!w || run_guard(c, a, ap, &ACTOR_SCHEDULER, &p, w, NULL, e) < 0) {
		err_clear(e);
		return 0;
	}
	json_t *params = json_object();
	int rc = apply(c, a, ap, &ACTOR_SCHEDULER, &p, w,
	               "coaching period of one year ended (§3.3)", params, 0, e);
	json_decref(params);
	if (rc < 0)
		return -1;
	(*done)++;
	return 0;
}

/* ---- live-business figures (§4.3) — never for a coaching project (§3.3) ---- */

static int metrics_tx(store_conn *c, arena *a, const actor *who, int64_t id,
                      const projects_metrics *m, json_t **out, int *status, err *e)
{
	project_row p;
	/* §3.2: the lead applicant reports for the pilot. */
	if (project_load(c, a, id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_LEAD, e) < 0)
		return -1;
	if (!strcmp(p.track, "coaching"))
		return err_set(e, 422, "coaching_no_live_business", NULL,
		               "A coaching project runs no live financial business, so it has no "
		               "live-business data (§3.3).");
	/* §4.4: a suspended pilot runs no live business until it resumes. */
	if (p.st == ST_SUSPENDED)
		return err_set(e, 409, "pilot_suspended", NULL,
		               "The pilot is suspended: it runs no live business until it resumes "
		               "(§4.4).");
	if (!PROJECT_STATES[p.st].live)
		return err_set(e, 409, "invalid_state", NULL,
		               "Live-business data is reported only for a launched pilot.");
	int64_t mid;
	int replay =
	    m->idempotency_key ? projects_metrics_find(c, a, id, m->idempotency_key, &mid, e) : 0;
	if (replay < 0)
		return -1;
	if (replay) { /* a retry: the first report stands */
		*out = json_pack("{s:I, s:b}", "id", (json_int_t)mid, "replayed", 1);
		*status = 200;
		return 0;
	}
	if (projects_metrics_add(c, a, id, m, who->user_id, time_now_us(), &mid, e) < 0)
		return -1;
	json_t *payload = json_pack(
	    "{s:I, s:s, s:I, s:I, s:I, s:I}", "metrics_id", (json_int_t)mid, "period", m->period,
	    "customers", (json_int_t)m->customers, "transactions", (json_int_t)m->transactions,
	    "volume_fen", (json_int_t)m->volume_fen, "complaints", (json_int_t)m->complaints);
	if (app_event(c, a, who, "project", id, "metrics.reported", NULL, json_deep_copy(payload),
	              e) < 0) {
		json_decref(payload);
		return -1;
	}
	json_object_set_new(payload, "id", json_integer(mid));
	*out = payload;
	*status = 201;
	return 0;
}

int project_report_metrics(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                           const char *idempotency_key, json_t **out, int *status, err *e)
{
	static const char *const allowed[] = {"period",     "customers",  "transactions",
	                                      "volume_fen", "complaints", NULL};
	projects_metrics m = {NULL, 0, 0, 0, 0, idempotency_key};
	int64_t *v[] = {&m.customers, &m.transactions, &m.volume_fen, &m.complaints};
	const char *keys[] = {"customers", "transactions", "volume_fen", "complaints"};
	bool present;
	if (json_only_fields(body, allowed, e) < 0 ||
	    json_get_str(body, "period", true, 7, &m.period, e) < 0)
		return -1;
	cal_date d;
	char probe[11];
	snprintf(probe, sizeof probe, "%.7s-01", m.period);
	if (strlen(m.period) != 7 || cal_parse(probe, &d) < 0)
		return err_set(e, 400, "invalid_value", "period", "Field {field} must be YYYY-MM.");
	for (int i = 0; i < 4; i++) {
		if (json_get_int(body, keys[i], true, v[i], &present, e) < 0)
			return -1;
		if (*v[i] < 0)
			return err_set(e, 400, "invalid_value", keys[i],
			               "Field {field} must not be negative.");
	}
	if (idempotency_key && json_check_text(idempotency_key, 200, "Idempotency-Key", e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, metrics_tx(c, a, who, id, &m, out, status, e), e) : -1;
}
