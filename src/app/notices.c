/* Public notice and launch (§4.2): notices, the public's comments, their moderation and
 * classification, the applicant's responses, the launch guard and the public register. */
#include "app/notices.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar.h"
#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/calendar_internal.h"
#include "app/notices_internal.h"
#include "core/calendar.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/notices.h"
#include "store/settings.h"

#define PUBLIC_COMMENTS_MAX 500

void notice_today(char out[11])
{
	cal_format(cal_from_us_cst(time_now_us()), out);
}

bool notice_text_present(const char *s)
{
	if (!s)
		return false;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (!strncmp(s, "\xe3\x80\x80", 3)) /* U+3000 ideographic space */
			s += 3;
		else
			return true;
	}
	return false;
}

static json_t *parse_json(const char *text)
{
	if (!text)
		return NULL;
	json_error_t je;
	return json_loads(text, 0, &je);
}

/* ---- the public snapshot ---- */

static json_t *copy_text(json_t *content, const char *key)
{
	json_t *v = json_object_get(content, key);
	if (json_is_string(v) || json_is_array(v) || json_is_object(v))
		return json_deep_copy(v);
	return json_string("");
}

static json_t *institution_ref(store_conn *c, arena *a, json_t *id, err *e, int *rc)
{
	if (!json_is_integer(id))
		return json_null();
	const char *name;
	int found = institutions_name(c, a, json_integer_value(id), &name, e);
	if (found < 0)
		*rc = -1;
	return found > 0    ? json_pack("{s:O, s:s}", "institution_id", id, "name", name)
	       : found == 0 ? json_pack("{s:O, s:n}", "institution_id", id, "name")
	                    : json_null();
}

/* Only the fields the public may read: the application holds much more (boundaries,
 * emergency and exit plans, funding) that stays with the regulators. */
static json_t *public_snapshot(store_conn *c, arena *a, const project_row *p, err *e)
{
	int rc = 0;
	json_t *content = parse_json(p->content);
	if (!json_is_object(content)) {
		json_decref(content);
		content = json_object();
	}
	json_t *s = json_pack("{s:I, s:s, s:s}", "project_id", (json_int_t)p->id, "track", p->track,
	                      "name", p->name);
	json_object_set_new(s, "summary", copy_text(content, "summary"));

	store_result *m;
	json_t *members = json_array();
	if (notices_members(c, a, p->id, &m, e) < 0)
		rc = -1;
	else
		for (int i = 0; i < m->nrows; i++)
			json_array_append_new(
			    members,
			    json_pack("{s:I, s:s, s:b, s:s}", "institution_id",
			              (json_int_t)store_get_int(m, i, "institution_id"), "name",
			              store_get(m, i, "name"), "lead", store_get_bool(m, i, "lead"),
			              "role", store_get(m, i, "role")));
	json_object_set_new(s, "members", members);

	json_t *tech = json_object_get(content, "technologies");
	json_object_set_new(s, "technologies",
	                    json_is_array(tech) ? json_deep_copy(tech) : json_array());

	json_t *scenarios = json_array(), *sc;
	size_t k;
	json_array_foreach(json_object_get(content, "scenarios"), k, sc)
	{
		if (!json_is_object(sc))
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "name", copy_text(sc, "name"));
		json_object_set_new(o, "description", copy_text(sc, "description"));
		json_object_set_new(
		    o, "provider",
		    institution_ref(c, a, json_object_get(sc, "provider_institution_id"), e, &rc));
		json_array_append_new(scenarios, o);
	}
	json_object_set_new(s, "scenarios", scenarios);

	json_object_set_new(s, "service_content", copy_text(content, "service_content"));
	json_object_set_new(s, "target_investors", copy_text(content, "target_investors"));
	json_object_set_new(s, "risk_controls", copy_text(content, "risk_controls"));
	json_t *ip = json_object_get(content, "investor_protection"), *pub_ip = json_object();
	static const char *const IP_KEYS[] = {"complaint_channel", "dispute_handling",
	                                      "compensation"};
	for (size_t i = 0; i < sizeof IP_KEYS / sizeof *IP_KEYS; i++)
		json_object_set_new(pub_ip, IP_KEYS[i], copy_text(ip, IP_KEYS[i]));
	json_object_set_new(s, "investor_protection", pub_ip);
	json_decref(content);
	if (rc < 0) {
		json_decref(s);
		return NULL;
	}
	return s;
}

/* The notice as the public reads it: the snapshot's fields and the period. */
static json_t *notice_json(const store_result *r, int i, const char *today)
{
	json_t *o = parse_json(store_get(r, i, "public"));
	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	const char *opens = store_get(r, i, "opens_on"), *closes = store_get(r, i, "closes_on");
	const char *state = store_get(r, i, "state");
	bool open = state && !strcmp(state, "public_notice") && strcmp(opens, today) <= 0 &&
	            strcmp(today, closes) <= 0;
	json_object_set_new(o, "id", json_integer(store_get_int(r, i, "id")));
	json_object_set_new(o, "project_id", json_integer(store_get_int(r, i, "project_id")));
	json_object_set_new(o, "opens_on", json_string(opens));
	json_object_set_new(o, "closes_on", json_string(closes));
	json_object_set_new(o, "working_days", json_integer(store_get_int(r, i, "working_days")));
	json_object_set_new(o, "open", json_boolean(open));
	return o;
}

static int working_days_setting(store_conn *c, arena *a, int *n, err *e)
{
	const char *v = NULL;
	if (store_setting_get(c, a, NOTICE_DAYS_SETTING, &v, e) < 0)
		return -1;
	*n = NOTICE_DAYS_DEFAULT;
	if (!v)
		return 0;
	char *end;
	long x = strtol(v, &end, 10);
	if (end == v || *end || x < 1 || x > NOTICE_DAYS_MAX)
		return err_set(e, 500, "invalid_setting", NULL,
		               "The setting notice_working_days must be a whole number from 1 "
		               "to 60.");
	*n = (int)x;
	return 0;
}

int notice_create(store_conn *c, arena *a, const actor *who, int64_t project_id,
                  json_t **notice_out, err *e)
{
	project_row p;
	int64_t nid;
	if (notice_out)
		*notice_out = NULL;
	if (project_load(c, a, project_id, &p, e) < 0)
		return -1;
	int noticed = notices_id_by_project(c, a, project_id, &nid, e);
	if (noticed != 0)
		return noticed < 0 ? -1
		                   : err_set(e, 409, "invalid_state", NULL,
		                             "This project has already been publicly noticed.");
	int n;
	calendar cal;
	if (working_days_setting(c, a, &n, e) < 0 || calendar_load(c, a, &cal, e) < 0)
		return -1;
	cal_date today = cal_from_us_cst(time_now_us());
	cal_date closes = cal_add_working_days(&cal, today, n);
	for (int y = today.y; y <= closes.y; y++)
		if (!cal_has_year(&cal, y)) {
			err_set(e, 422, "calendar_incomplete", NULL,
			        "The working-day calendar has no holidays for a year the notice "
			        "period reaches; an administrator must enter that year first.");
			err_set_details(e, json_pack("{s:i}", "year", y));
			return -1;
		}
	char opens_s[11], closes_s[11];
	cal_format(today, opens_s);
	cal_format(closes, closes_s);
	json_t *snap = public_snapshot(c, a, &p, e);
	if (!snap)
		return -1;
	char *snap_text = json_canonical(snap);
	int rc = notices_insert(c, a, project_id, snap_text, opens_s, closes_s, n, time_now_us(),
	                        &nid, e);
	free(snap_text);
	if (rc < 0 || app_event(c, a, who, "project", project_id, "notice.published", NULL,
	                        json_pack("{s:I, s:s, s:s, s:i, s:O}", "notice_id", (json_int_t)nid,
	                                  "opens_on", opens_s, "closes_on", closes_s,
	                                  "working_days", n, "public", snap),
	                        e) < 0) {
		json_decref(snap);
		return -1;
	}
	if (notice_out) {
		json_object_set_new(snap, "id", json_integer(nid));
		json_object_set_new(snap, "opens_on", json_string(opens_s));
		json_object_set_new(snap, "closes_on", json_string(closes_s));
		json_object_set_new(snap, "working_days", json_integer(n));
		json_object_set_new(snap, "open", json_true());
		*notice_out = snap;
	} else {
		json_decref(snap);
	}
	return 0;
}

/* A response counts when all three texts are there (§4.2: safeguards and a compensation
 * mechanism, not just words). */
static bool response_complete(const char *text)
{
	json_t *o = parse_json(text);
	bool ok = json_is_object(o) &&
	          notice_text_present(json_string_value(json_object_get(o, "response"))) &&
	          notice_text_present(json_string_value(json_object_get(o, "safeguards"))) &&
	          notice_text_present(json_string_value(json_object_get(o, "compensation")));
	json_decref(o);
	return ok;
}

int notice_launch_check(store_conn *c, arena *a, int64_t project_id, const char *today, err *e)
{
	store_result *n, *r;
	int found = notices_get_by_project(c, a, project_id, &n, e);
	if (found <= 0)
		return found < 0 ? -1
		                 : err_set(e, 409, "invalid_state", NULL,
		                           "This project has no public notice.");
	const char *closes = store_get(n, 0, "closes_on");
	int64_t nid = store_get_int(n, 0, "id");
	if (strcmp(today, closes) <= 0) {
		calendar cal;
		cal_date d;
		char first[11] = "";
		if (calendar_load(c, a, &cal, e) < 0)
			return -1;
		if (cal_parse(closes, &d) == 0)
			cal_format(cal_next_working_day(&cal, d), first);
		err_set(e, 422, "notice_period_open", NULL,
		        "The public notice period is not over; the launch may follow from the "
		        "first working day after it.");
		err_set_details(
		    e, json_pack("{s:s, s:s}", "closes_on", closes, "first_launch_day", first));
		return -1;
	}
	if (comments_unreviewed(c, a, nid, &r, e) < 0)
		return -1;
	json_t *ids = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(ids, json_integer(store_get_int(r, i, "id")));
	if (app_refuse_listed(ids, "comment_ids", e, 422, "comments_unreviewed", NULL,
	                      N_("Some public comments are not yet moderated and classified; the "
	                         "working group reads every comment before a launch.")) < 0 ||
	    comments_major_risk(c, a, nid, &r, e) < 0)
		return -1;
	ids = json_array();
	for (int i = 0; i < r->nrows; i++)
		if (!response_complete(store_get(r, i, "response")))
			json_array_append_new(ids, json_integer(store_get_int(r, i, "id")));
	return app_refuse_listed(
	    ids, "comment_ids", e, 422, "major_risk_unanswered", NULL,
	    N_("A comment that raises a major risk has no response from the "
	       "applicant with safeguards and a compensation mechanism (§4.2)."));
}

/* ---- comments as JSON ---- */

static json_t *response_json(const store_result *r, int i)
{
	json_t *resp = parse_json(store_get(r, i, "response"));
	if (!json_is_object(resp)) {
		json_decref(resp);
		return json_null();
	}
	json_object_set_new(resp, "responded_at",
	                    json_integer(store_get_int(r, i, "responded_at")));
	return resp;
}

/* What the public reads of a published comment: never the contact or the address. */
static json_t *public_comment_json(const store_result *r, int i)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)store_get_int(r, i, "id"),
	                      "body", store_get(r, i, "body"), "author", store_get(r, i, "author"),
	                      "created_at", (json_int_t)store_get_int(r, i, "created_at"));
	json_object_set_new(o, "response", response_json(r, i));
	return o;
}

typedef enum { VIEW_MEMBER, VIEW_STAFF, VIEW_CASEWORKER } comment_view;

static json_t *staff_comment_json(const store_result *r, int i, comment_view v)
{
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:I, s:s}", "id", (json_int_t)store_get_int(r, i, "id"), "notice_id",
	    (json_int_t)store_get_int(r, i, "notice_id"), "body", store_get(r, i, "body"),
	    "created_at", (json_int_t)store_get_int(r, i, "created_at"), "status",
	    store_get(r, i, "status"));
	const char *cl = store_get(r, i, "classification");
	json_object_set_new(o, "classification", cl ? json_string(cl) : json_null());
	json_object_set_new(o, "classified_at", app_int_or_null(r, i, "classified_at"));
	json_object_set_new(o, "response", response_json(r, i));
	if (v != VIEW_MEMBER) {
		json_object_set_new(o, "author", json_string(store_get(r, i, "author")));
		json_object_set_new(o, "classified_by", app_int_or_null(r, i, "classified_by"));
		json_object_set_new(o, "responded_by", app_int_or_null(r, i, "responded_by"));
	}
	if (v == VIEW_CASEWORKER)
		json_object_set_new(o, "contact", json_string(store_get(r, i, "contact")));
	return o;
}

static comment_view view_of(const actor *who)
{
	if (who->role & (ROLE_OFFICER | ROLE_LEADER))
		return VIEW_CASEWORKER;
	return who->role & ROLE_STAFF ? VIEW_STAFF : VIEW_MEMBER;
}

/* ---- the public portal ---- */

json_t *notice_public_list(app *ap, arena *a, int64_t after, int limit, err *e)
{
	char today[11];
	notice_today(today);
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r;
	json_t *out = NULL;
	if (notices_open_page(c, a, today, after, limit, &r, e) == 0) {
		json_t *items = json_array();
		for (int i = 0; i < r->nrows && i < limit; i++) {
			json_t *o = notice_json(r, i, today);
			json_object_set_new(o, "published_comments",
			                    json_integer(store_get_int(r, i, "comments")));
			json_array_append_new(items, o);
		}
		out = app_page(items, r, limit, "id");
	}
	app_read_end(c);
	return out;
}

/* A notice while it is public, or 404. */
static int load_public(store_conn *c, arena *a, int64_t id, store_result **r, err *e)
{
	return app_found(notices_get_public(c, a, id, r, e), "No such public notice.", e);
}

/* The notice id while public, with its published comments (the first PUBLIC_COMMENTS_MAX). */
static json_t *public_get(store_conn *c, arena *a, int64_t id, const char *today, err *e)
{
	store_result *r, *k;
	if (load_public(c, a, id, &r, e) < 0 ||
	    comments_published(c, a, id, PUBLIC_COMMENTS_MAX + 1, &k, e) < 0)
		return NULL;
	json_t *out = notice_json(r, 0, today), *comments = json_array();
	for (int i = 0; i < k->nrows && i < PUBLIC_COMMENTS_MAX; i++)
		json_array_append_new(comments, public_comment_json(k, i));
	json_object_set_new(out, "comments", comments);
	json_object_set_new(out, "comments_truncated",
	                    json_boolean(k->nrows > PUBLIC_COMMENTS_MAX));
	return out;
}

json_t *notice_public_get(app *ap, arena *a, int64_t id, err *e)
{
	char today[11];
	notice_today(today);
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = c ? public_get(c, a, id, today, e) : NULL;
	app_snapshot_end(c);
	return out;
}

static const char *const COMMENT_FIELDS[] = {"body", "author", "contact", NULL};

/* 409 notice_closed unless the notice (a row of notices_get_public) takes comments today. */
static int check_open(const store_result *r, const char *today, err *e)
{
	const char *opens = store_get(r, 0, "opens_on"), *closes = store_get(r, 0, "closes_on");
	if (!strcmp(store_get(r, 0, "state"), "public_notice") && strcmp(opens, today) <= 0 &&
	    strcmp(today, closes) <= 0)
		return 0;
	err_set(e, 409, "notice_closed", NULL, "This public notice is not open for comments.");
	err_set_details(e, json_pack("{s:s, s:s}", "opens_on", opens, "closes_on", closes));
	return -1;
}

/* A comment from the public as it was sent: the texts, the sender's address (or "?") and the
 * time. */
typedef struct comment_new {
	const char *body, *author, *contact, *address;
	int64_t at;
} comment_new;

static int submit_tx(store_conn *c, arena *a, int64_t notice_id, const comment_new *in,
                     json_t **out, err *e)
{
	store_result *r;
	int64_t cid;
	char today[11], hash[65];
	cal_format(cal_from_us_cst(in->at), today);
	if (app_public_limit(c, a, LIMIT_COMMENT, in->address, in->at, e) < 0 ||
	    load_public(c, a, notice_id, &r, e) < 0 || check_open(r, today, e) < 0 ||
	    app_address_hash(c, a, in->address, hash, e) < 0 ||
	    comments_insert(c, a, notice_id, in->body, in->author, in->contact, hash, in->at, &cid,
	                    e) < 0 ||
	    app_event(c, a, &ACTOR_PUBLIC, "project", store_get_int(r, 0, "project_id"),
	              "comment.received", NULL,
	              json_pack("{s:I, s:I}", "comment_id", (json_int_t)cid, "notice_id",
	                        (json_int_t)notice_id),
	              e) < 0)
		return -1;
	*out =
	    json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)cid, "notice_id",
	              (json_int_t)notice_id, "status", "pending", "created_at", (json_int_t)in->at);
	return 0;
}

int comment_submit(app *ap, arena *a, int64_t notice_id, const json_t *body, const char *address,
                   json_t **out, err *e)
{
	const char *text = NULL, *author = NULL, *contact = NULL;
	*out = NULL;
	if (json_only_fields(body, COMMENT_FIELDS, e) < 0 ||
	    json_get_str(body, "body", true, COMMENT_BODY_MAX, &text, e) < 0 ||
	    json_get_str(body, "author", false, COMMENT_AUTHOR_MAX, &author, e) < 0 ||
	    json_get_str(body, "contact", false, COMMENT_CONTACT_MAX, &contact, e) < 0)
		return -1;
	if (!notice_text_present(text))
		return err_set(e, 400, "missing_field", "body", "Field {field} is required.");
	const comment_new in = {text, author ? author : "", contact ? contact : "",
	                        address && *address ? address : "?", time_now_us()};
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, submit_tx(c, a, notice_id, &in, out, e), out, e) : -1;
}

/* A row of the register: the project and what its notice made public. */
static json_t *register_json(const store_result *r, int i)
{
	json_t *o = parse_json(store_get(r, i, "public"));
	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	json_object_set_new(o, "project_id", json_integer(store_get_int(r, i, "id")));
	json_object_set_new(o, "track", json_string(store_get(r, i, "track")));
	json_object_set_new(o, "state", json_string(store_get(r, i, "state")));
	json_object_set_new(o, "name", json_string(store_get(r, i, "name")));
	const char *l = store_get(r, i, "launched_on"), *ce = store_get(r, i, "coaching_ends_on");
	json_object_set_new(o, "launched_on", l ? json_string(l) : json_null());
	json_object_set_new(o, "coaching_ends_on", ce ? json_string(ce) : json_null());
	json_object_set_new(o, "notice_id", app_int_or_null(r, i, "notice_id"));
	return o;
}

json_t *pilot_register(app *ap, arena *a, const char *track, int64_t after, int limit, err *e)
{
	if (track && strcmp(track, "pilot") && strcmp(track, "coaching")) {
		err_set(e, 400, "invalid_value", "track",
		        "Field {field} must be pilot or coaching.");
		return NULL;
	}
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r;
	json_t *out = notices_register_page(c, a, track, after, limit, &r, e) < 0
	                  ? NULL
	                  : app_page_of(r, limit, "id", register_json);
	app_read_end(c);
	return out;
}

/* ---- staff and applicants ---- */

/* The project's notice and the comments the caller may read (see comment_list). */
static json_t *comments_json(store_conn *c, arena *a, const actor *who, int64_t project_id,
                             int64_t after, int limit, const char *today, err *e)
{
	store_result *n, *r = NULL;
	const char *state;
	int noticed;
	comment_view v = view_of(who);
	if (project_check_access(c, a, who, project_id, ACCESS_READ, e) < 0 ||
	    project_state_of(c, a, project_id, &state, NULL, e) < 0 ||
	    (noticed = notices_get_by_project(c, a, project_id, &n, e)) < 0 ||
	    (noticed && comments_page(c, a, store_get_int(n, 0, "id"), after, v != VIEW_MEMBER,
	                              limit, &r, e) < 0))
		return NULL;
	bool noticing = !strcmp(state, "public_notice");
	bool lead = false;
	if (who->role == ROLE_INSTITUTION) {
		err scratch;
		err_clear(&scratch);
		lead = project_check_access(c, a, who, project_id, ACCESS_LEAD, &scratch) == 0;
		err_free_details(&scratch);
	}
	json_t *items = json_array();
	const char *next = NULL;
	if (noticed) {
		for (int i = 0; i < r->nrows && i < limit; i++)
			json_array_append_new(items, staff_comment_json(r, i, v));
		if (r->nrows > limit)
			next = store_get(r, limit - 1, "id");
	}
	json_t *notice = noticed ? notice_json(n, 0, today) : json_null();
	if (noticed)
		json_object_set_new(notice, "project_state", json_string(store_get(n, 0, "state")));
	/* What the caller may do here (the UI shows forms from it; the writes check again). */
	bool officer = who->role & ROLE_OFFICER;
	json_t *may =
	    json_pack("{s:b, s:b, s:b}", "moderate", officer && noticed, "classify",
	              officer && noticed && noticing, "respond", lead && noticed && noticing);
	json_t *out = json_pack("{s:o, s:o, s:o}", "notice", notice, "items", items, "may", may);
	json_object_set_new(out, "next", next ? json_string(next) : json_null());
	return out;
}

json_t *comment_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                     int limit, err *e)
{
	char today[11];
	notice_today(today);
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = c ? comments_json(c, a, who, project_id, after, limit, today, e) : NULL;
	app_snapshot_end(c);
	return out;
}

/* ---- the writes on one comment ---- */

/* What a write on a comment was given: the body, and the value and reason read from it. */
typedef struct comment_in {
	const json_t *body;
	const char *value, *reason;
} comment_in;

/* The write itself, on the comment's row r (COMMENT_COLS, project_id, state), once the caller
 * may touch it; in the caller's transaction. */
typedef int (*comment_change)(store_conn *c, arena *a, const actor *who, const store_result *r,
                              const comment_in *in, err *e);

/* The event of a change to comment r, about its project, naming the comment and its notice. */
static int comment_event(store_conn *c, arena *a, const actor *who, const store_result *r,
                         const char *kind, const char *reason, json_t *payload, err *e)
{
	json_object_set_new(payload, "comment_id", json_integer(store_get_int(r, 0, "id")));
	json_object_set_new(payload, "notice_id", json_integer(store_get_int(r, 0, "notice_id")));
	return app_event(c, a, who, "project", store_get_int(r, 0, "project_id"), kind, reason,
	                 payload, e);
}

/* One write on comment id: loads it, checks that the caller may act on its project (k), applies
 * change and answers the comment as it stands then (*out), all in one transaction. */
static int comment_write_tx(store_conn *c, arena *a, const actor *who, int64_t id, project_access k,
                            comment_change change, const comment_in *in, json_t **out, err *e)
{
	store_result *r;
	if (app_found(comments_get(c, a, id, &r, e), "No such comment.", e) < 0 ||
	    project_check_access(c, a, who, store_get_int(r, 0, "project_id"), k, e) < 0 ||
	    change(c, a, who, r, in, e) < 0 ||
	    app_found(comments_get(c, a, id, &r, e), "No such comment.", e) < 0)
		return -1;
	*out = staff_comment_json(r, 0, view_of(who));
	return 0;
}

static int comment_write(app *ap, arena *a, const actor *who, int64_t id, project_access k,
                         comment_change change, const comment_in *in, json_t **out, err *e)
{
	*out = NULL;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, comment_write_tx(c, a, who, id, k, change, in, out, e), out,
	                           e)
	         : -1;
}

/* The classification and the answer are settled during the notice: they feed the launch
 * guard. */
static int check_noticing(const store_result *r, err *e)
{
	if (!strcmp(store_get(r, 0, "state"), "public_notice"))
		return 0;
	return err_set(e, 409, "invalid_state", NULL,
	               "Comments are classified and answered only while the project is in public "
	               "notice.");
}

static const char *const MODERATE_FIELDS[] = {"status", "reason", NULL};
static const char *const CLASSIFY_FIELDS[] = {"classification", "reason", NULL};
static const char *const RESPONSE_FIELDS[] = {"response", "safeguards", "compensation", NULL};

static int moderate(store_conn *c, arena *a, const actor *who, const store_result *r,
                    const comment_in *in, err *e)
{
	const char *from = store_get(r, 0, "status");
	if (!strcmp(from, in->value))
		return 0;
	return comments_set_status(c, a, store_get_int(r, 0, "id"), in->value, e) < 0 ||
	               comment_event(c, a, who, r, "comment.moderated", in->reason,
	                             json_pack("{s:s, s:s}", "from", from, "to", in->value), e) < 0
	           ? -1
	           : 0;
}

int comment_moderate(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e)
{
	comment_in in = {body};
	*out = NULL;
	if (json_only_fields(body, MODERATE_FIELDS, e) < 0 ||
	    json_get_str(body, "status", true, 20, &in.value, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, &in.reason, e) < 0)
		return -1;
	if (strcmp(in.value, "published") && strcmp(in.value, "hidden"))
		return err_set(e, 400, "invalid_value", "status",
		               "Field {field} must be published or hidden.");
	/* Keeping a citizen's comment from the public needs a reason on the record. */
	if (!strcmp(in.value, "hidden") && !notice_text_present(in.reason))
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	return comment_write(ap, a, who, id, ACCESS_READ, moderate, &in, out, e);
}

static int classify(store_conn *c, arena *a, const actor *who, const store_result *r,
                    const comment_in *in, err *e)
{
	if (check_noticing(r, e) < 0)
		return -1;
	const char *from = store_get(r, 0, "classification");
	if (from && !strcmp(from, in->value))
		return 0;
	json_t *p = json_pack("{s:s}", "to", in->value);
	json_object_set_new(p, "from", from ? json_string(from) : json_null());
	if (comments_set_classification(c, a, store_get_int(r, 0, "id"), in->value, who->user_id,
	                                time_now_us(), e) < 0) {
		json_decref(p);
		return -1;
	}
	return comment_event(c, a, who, r, "comment.classified", in->reason, p, e);
}

int comment_classify(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e)
{
	comment_in in = {body};
	*out = NULL;
	if (json_only_fields(body, CLASSIFY_FIELDS, e) < 0 ||
	    json_get_str(body, "classification", true, 20, &in.value, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, &in.reason, e) < 0)
		return -1;
	if (strcmp(in.value, "ordinary") && strcmp(in.value, "major_risk"))
		return err_set(e, 400, "invalid_value", "classification",
		               "Field {field} must be ordinary or major_risk.");
	return comment_write(ap, a, who, id, ACCESS_READ, classify, &in, out, e);
}

/* Who may answer comes before what the answer says: a caller who may not see the project
 * learns nothing from how its body is judged, so the body is read here, after the check. */
static int respond(store_conn *c, arena *a, const actor *who, const store_result *r,
                   const comment_in *in, err *e)
{
	const char *resp = NULL, *safe = NULL, *comp = NULL;
	const char *cl = store_get(r, 0, "classification");
	bool major = cl && !strcmp(cl, "major_risk");
	/* The applicant answers what it can see: published comments and major-risk ones. */
	if (!major && strcmp(store_get(r, 0, "status"), "published"))
		return err_set(e, 404, "not_found", "id", "No such comment.");
	if (json_only_fields(in->body, RESPONSE_FIELDS, e) < 0 ||
	    json_get_str(in->body, "response", true, COMMENT_RESPONSE_MAX, &resp, e) < 0 ||
	    json_get_str(in->body, "safeguards", false, COMMENT_RESPONSE_MAX, &safe, e) < 0 ||
	    json_get_str(in->body, "compensation", false, COMMENT_RESPONSE_MAX, &comp, e) < 0)
		return -1;
	if (!notice_text_present(resp))
		return err_set(e, 400, "missing_field", "response", "Field {field} is required.");
	if (check_noticing(r, e) < 0)
		return -1;
	/* §4.2: a major hidden risk is addressed with safeguards and a compensation mechanism. */
	if (major && !notice_text_present(safe))
		return err_set(e, 400, "missing_field", "safeguards", "Field {field} is required.");
	if (major && !notice_text_present(comp))
		return err_set(e, 400, "missing_field", "compensation",
		               "Field {field} is required.");
	json_t *answer = json_pack("{s:s, s:s, s:s}", "response", resp, "safeguards",
	                           safe ? safe : "", "compensation", comp ? comp : "");
	char *text = json_canonical(answer);
	bool replaced = store_get(r, 0, "response") != NULL;
	int rc = comments_set_response(c, a, store_get_int(r, 0, "id"), text, who->user_id,
	                               time_now_us(), e);
	free(text);
	if (rc < 0) {
		json_decref(answer);
		return -1;
	}
	return comment_event(c, a, who, r, "comment.answered", NULL,
	                     json_pack("{s:o, s:b}", "response", answer, "replaced", replaced), e);
}

int comment_respond(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                    json_t **out, err *e)
{
	const comment_in in = {body};
	return comment_write(ap, a, who, id, ACCESS_LEAD, respond, &in, out, e);
}

int comment_project_id(app *ap, arena *a, int64_t comment_id, int64_t *project_id, err *e)
{
	*project_id = 0;
	store_conn *c = app_read_begin(ap, e);
	int rc = c ? comments_project_id(c, a, comment_id, project_id, e) : -1;
	app_read_end(c);
	return rc < 0 ? -1 : 0;
}
