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
#include "lib/json.h"
#include "lib/ratelimit.h"
#include "lib/time.h"
#include "store/events.h"

#define PEPPER_KEY "comment_address_pepper"
#define PUBLIC_COMMENTS_MAX 500

/* States in which a project's notice is public: during the notice and, as the record of what
 * was noticed, once the project runs. */
#define NOTICE_VISIBLE_STATES "('public_notice', 'launched', 'coaching', 'coaching_ended')"
#define REGISTER_STATES "('launched', 'coaching', 'coaching_ended')"

static ratelimit_slot comment_slots[2048];
static ratelimit comment_rate =
    RATELIMIT_INIT(COMMENT_RATE_LIMIT, COMMENT_RATE_WINDOW_US, comment_slots);

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
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT id, name FROM institutions WHERE id = $1", "i",
	            (int64_t)json_integer_value(id)) < 0) {
		*rc = -1;
		return json_null();
	}
	if (!r->nrows)
		return json_pack("{s:O, s:n}", "institution_id", id, "name");
	return json_pack("{s:I, s:s}", "institution_id", (json_int_t)store_get_int(r, 0, "id"),
	                 "name", store_get(r, 0, "name"));
}

/* Only the fields the public may read: the application holds much more (boundaries,
 * emergency and exit plans, funding) that stays with the regulators. */
static json_t *public_snapshot(store_conn *c, arena *a, const store_result *p, err *e)
{
	int rc = 0;
	int64_t pid = store_get_int(p, 0, "id");
	json_t *content = parse_json(store_get(p, 0, "content"));
	if (!json_is_object(content)) {
		json_decref(content);
		content = json_object();
	}
	json_t *s = json_pack("{s:I, s:s, s:s}", "project_id", (json_int_t)pid, "track",
	                      store_get(p, 0, "track"), "name", store_get(p, 0, "name"));
	json_object_set_new(s, "summary", copy_text(content, "summary"));

	store_result *m;
	json_t *members = json_array();
	if (store_q(c, a, e, &m,
	            "SELECT m.institution_id, i.name, m.lead, m.role FROM project_members m "
	            "JOIN institutions i ON i.id = m.institution_id WHERE m.project_id = $1 "
	            "ORDER BY m.lead DESC, m.institution_id",
	            "i", pid) < 0)
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

#define NOTICE_COLS "n.id, n.project_id, n.public, n.opens_on, n.closes_on, n.working_days, p.state"

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
	store_result *p, *r;
	if (notice_out)
		*notice_out = NULL;
	if (store_q(c, a, e, &p,
	            "SELECT id, track, state, name, content FROM projects WHERE id = $1", "i",
	            project_id) < 0)
		return -1;
	if (!p->nrows)
		return err_set(e, 404, "not_found", "id", "No such project.");
	if (store_q(c, a, e, &r, "SELECT id FROM notices WHERE project_id = $1", "i", project_id) <
	    0)
		return -1;
	if (r->nrows)
		return err_set(e, 409, "invalid_state", NULL,
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
	json_t *snap = public_snapshot(c, a, p, e);
	if (!snap)
		return -1;
	char *snap_text = json_canonical(snap);
	int rc =
	    store_q(c, a, e, &r,
	            "INSERT INTO notices (project_id, public, opens_on, closes_on, working_days, "
	            "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	            "itttii", project_id, snap_text, opens_s, closes_s, (int64_t)n, time_now_us());
	free(snap_text);
	if (rc < 0) {
		json_decref(snap);
		return -1;
	}
	int64_t nid = store_get_int(r, 0, "id");
	json_t *payload =
	    json_pack("{s:I, s:s, s:s, s:i, s:O}", "notice_id", (json_int_t)nid, "opens_on",
	              opens_s, "closes_on", closes_s, "working_days", n, "public", snap);
	const char *pid = arena_printf(a, "%lld", (long long)project_id);
	rc = events_append(
	    c, a, &(event_in){who->label, "project", pid, "notice.published", NULL, payload}, NULL,
	    e);
	json_decref(payload);
	if (rc < 0) {
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
	if (store_q(c, a, e, &n, "SELECT id, closes_on FROM notices WHERE project_id = $1", "i",
	            project_id) < 0)
		return -1;
	if (!n->nrows)
		return err_set(e, 409, "invalid_state", NULL, "This project has no public notice.");
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
	if (store_q(c, a, e, &r,
	            "SELECT id FROM comments WHERE notice_id = $1 AND "
	            "(status = 'pending' OR classification IS NULL) ORDER BY id",
	            "i", nid) < 0)
		return -1;
	if (r->nrows) {
		json_t *ids = json_array();
		for (int i = 0; i < r->nrows; i++)
			json_array_append_new(ids, json_integer(store_get_int(r, i, "id")));
		err_set(e, 422, "comments_unreviewed", NULL,
		        "Some public comments are not yet moderated and classified; the working "
		        "group reads every comment before a launch.");
		err_set_details(e, json_pack("{s:o}", "comment_ids", ids));
		return -1;
	}
	if (store_q(c, a, e, &r,
	            "SELECT id, response FROM comments WHERE notice_id = $1 AND "
	            "classification = 'major_risk' ORDER BY id",
	            "i", nid) < 0)
		return -1;
	json_t *ids = json_array();
	for (int i = 0; i < r->nrows; i++)
		if (!response_complete(store_get(r, i, "response")))
			json_array_append_new(ids, json_integer(store_get_int(r, i, "id")));
	if (json_array_size(ids)) {
		err_set(e, 422, "major_risk_unanswered", NULL,
		        "A comment that raises a major risk has no response from the applicant "
		        "with safeguards and a compensation mechanism (§4.2).");
		err_set_details(e, json_pack("{s:o}", "comment_ids", ids));
		return -1;
	}
	json_decref(ids);
	return 0;
}

/* ---- comments as JSON ---- */

#define COMMENT_COLS                                                                               \
	"c.id, c.notice_id, c.body, c.author, c.contact, c.created_at, c.status, "                 \
	"c.classification, c.classified_by, c.classified_at, "                                     \
	"c.response, c.responded_by, c.responded_at"

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

static json_t *opt_int(const store_result *r, int i, const char *col)
{
	const char *v = store_get(r, i, col);
	return v ? json_integer(strtoll(v, NULL, 10)) : json_null();
}

static json_t *staff_comment_json(const store_result *r, int i, comment_view v)
{
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:I, s:s}", "id", (json_int_t)store_get_int(r, i, "id"), "notice_id",
	    (json_int_t)store_get_int(r, i, "notice_id"), "body", store_get(r, i, "body"),
	    "created_at", (json_int_t)store_get_int(r, i, "created_at"), "status",
	    store_get(r, i, "status"));
	const char *cl = store_get(r, i, "classification");
	json_object_set_new(o, "classification", cl ? json_string(cl) : json_null());
	json_object_set_new(o, "classified_at", opt_int(r, i, "classified_at"));
	json_object_set_new(o, "response", response_json(r, i));
	if (v != VIEW_MEMBER) {
		json_object_set_new(o, "author", json_string(store_get(r, i, "author")));
		json_object_set_new(o, "classified_by", opt_int(r, i, "classified_by"));
		json_object_set_new(o, "responded_by", opt_int(r, i, "responded_by"));
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
	if (store_q(c, a, e, &r,
	            "SELECT " NOTICE_COLS ", (SELECT count(*) FROM comments k WHERE k.notice_id = "
	            "n.id AND k.status = 'published') AS comments FROM notices n JOIN projects p "
	            "ON p.id = n.project_id WHERE p.state = 'public_notice' AND n.opens_on <= $1 "
	            "AND n.closes_on >= $1 AND n.id > $2 ORDER BY n.id LIMIT $3",
	            "tii", today, after, (int64_t)limit + 1) == 0) {
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

json_t *notice_public_get(app *ap, arena *a, int64_t id, err *e)
{
	char today[11];
	notice_today(today);
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r, *k;
	json_t *out = NULL;
	if (store_begin(c, e) < 0)
		goto done;
	if (store_q(c, a, e, &r,
	            "SELECT " NOTICE_COLS " FROM notices n JOIN projects p ON p.id = n.project_id "
	            "WHERE n.id = $1 AND p.state IN " NOTICE_VISIBLE_STATES,
	            "i", id) < 0)
		goto rollback;
	if (!r->nrows) {
		err_set(e, 404, "not_found", "id", "No such public notice.");
		goto rollback;
	}
	if (store_q(c, a, e, &k,
	            "SELECT " COMMENT_COLS " FROM comments c WHERE c.notice_id = $1 AND "
	            "c.status = 'published' ORDER BY c.id LIMIT $2",
	            "ii", id, (int64_t)PUBLIC_COMMENTS_MAX + 1) < 0)
		goto rollback;
	out = notice_json(r, 0, today);
	json_t *comments = json_array();
	for (int i = 0; i < k->nrows && i < PUBLIC_COMMENTS_MAX; i++)
		json_array_append_new(comments, public_comment_json(k, i));
	json_object_set_new(out, "comments", comments);
	json_object_set_new(out, "comments_truncated",
	                    json_boolean(k->nrows > PUBLIC_COMMENTS_MAX));
rollback:
	store_rollback(c);
done:
	app_read_end(c);
	return out;
}

static const char *const COMMENT_FIELDS[] = {"body", "author", "contact", NULL};

/* A keyed SHA-256 of the address: comments from one address can be told apart without the
 * address being recoverable by hashing every possible one (the key never leaves the server). */
static int address_hash(store_conn *c, arena *a, const char *address, char out[65], err *e)
{
	const char *pepper = NULL;
	if (store_setting_get(c, a, PEPPER_KEY, &pepper, e) < 0)
		return -1;
	if (!pepper) {
		unsigned char b[32];
		char hex[65];
		randombytes_buf(b, sizeof b);
		sodium_bin2hex(hex, sizeof hex, b, sizeof b);
		if (store_q(c, a, e, NULL,
		            "INSERT INTO settings (key, value) VALUES ($1, $2) "
		            "ON CONFLICT (key) DO NOTHING",
		            "tt", PEPPER_KEY, hex) < 0 ||
		    store_setting_get(c, a, PEPPER_KEY, &pepper, e) < 0)
			return -1;
		if (!pepper)
			return err_set(e, 500, "internal", NULL, "Something went wrong.");
	}
	const char *msg = arena_printf(a, "%s\n%s", pepper, address ? address : "?");
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)msg, strlen(msg));
	sodium_bin2hex(out, 65, h, sizeof h);
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
	const char *key = address && *address ? address : "?";
	int64_t now = time_now_us();
	int64_t wait = ratelimit_take(&comment_rate, key, now);
	if (wait > 0) {
		err_set(e, 429, "too_many_comments", NULL,
		        "Too many comments from your address; wait before sending another.");
		e->retry_after_s = (int)((wait + 999999) / 1000000);
		return -1;
	}
	store_conn *c = app_tx_begin(ap, e);
	if (!c) {
		ratelimit_give_back(&comment_rate, key, now);
		return -1;
	}
	int rc = -1;
	store_result *r;
	char today[11], hash[65];
	cal_format(cal_from_us_cst(now), today);
	if (store_q(c, a, e, &r,
	            "SELECT " NOTICE_COLS " FROM notices n JOIN projects p ON p.id = n.project_id "
	            "WHERE n.id = $1 AND p.state IN " NOTICE_VISIBLE_STATES,
	            "i", notice_id) < 0)
		goto out;
	if (!r->nrows) {
		err_set(e, 404, "not_found", "id", "No such public notice.");
		goto out;
	}
	if (strcmp(store_get(r, 0, "state"), "public_notice") ||
	    strcmp(store_get(r, 0, "opens_on"), today) > 0 ||
	    strcmp(today, store_get(r, 0, "closes_on")) > 0) {
		err_set(e, 409, "notice_closed", NULL,
		        "This public notice is not open for comments.");
		err_set_details(e, json_pack("{s:s, s:s}", "opens_on", store_get(r, 0, "opens_on"),
		                             "closes_on", store_get(r, 0, "closes_on")));
		goto out;
	}
	if (address_hash(c, a, key, hash, e) < 0)
		goto out;
	store_result *ins;
	if (store_q(c, a, e, &ins,
	            "INSERT INTO comments (notice_id, body, author, contact, address_hash, "
	            "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	            "itttti", notice_id, text, author ? author : "", contact ? contact : "", hash,
	            now) < 0)
		goto out;
	int64_t cid = store_get_int(ins, 0, "id");
	json_t *p = json_pack("{s:I, s:I}", "comment_id", (json_int_t)cid, "notice_id",
	                      (json_int_t)notice_id);
	int erc = events_append(c, a,
	                        &(event_in){"public", "project", store_get(r, 0, "project_id"),
	                                    "comment.received", NULL, p},
	                        NULL, e);
	json_decref(p);
	if (erc < 0)
		goto out;
	*out = json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)cid, "notice_id",
	                 (json_int_t)notice_id, "status", "pending", "created_at", (json_int_t)now);
	rc = 0;
out:
	rc = app_tx_end(c, rc, e);
	if (rc < 0) {
		ratelimit_give_back(&comment_rate, key, now);
		json_decref(*out);
		*out = NULL;
	}
	return rc;
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
	json_t *out = NULL;
	if (store_q(c, a, e, &r,
	            "SELECT p.id, p.track, p.state, p.name, p.launched_on, p.coaching_ends_on, "
	            "n.id AS notice_id, n.public FROM projects p LEFT JOIN notices n ON "
	            "n.project_id = p.id WHERE p.state IN " REGISTER_STATES " AND ($1 IS NULL OR "
	            "p.track = $1) AND p.id > $2 ORDER BY p.id LIMIT $3",
	            "tii", track, after, (int64_t)limit + 1) == 0) {
		json_t *items = json_array();
		for (int i = 0; i < r->nrows && i < limit; i++) {
			json_t *o = parse_json(store_get(r, i, "public"));
			if (!json_is_object(o)) {
				json_decref(o);
				o = json_object();
			}
			json_object_set_new(o, "project_id",
			                    json_integer(store_get_int(r, i, "id")));
			json_object_set_new(o, "track", json_string(store_get(r, i, "track")));
			json_object_set_new(o, "state", json_string(store_get(r, i, "state")));
			json_object_set_new(o, "name", json_string(store_get(r, i, "name")));
			const char *l = store_get(r, i, "launched_on"),
			           *ce = store_get(r, i, "coaching_ends_on");
			json_object_set_new(o, "launched_on", l ? json_string(l) : json_null());
			json_object_set_new(o, "coaching_ends_on",
			                    ce ? json_string(ce) : json_null());
			json_object_set_new(o, "notice_id", opt_int(r, i, "notice_id"));
			json_array_append_new(items, o);
		}
		out = app_page(items, r, limit, "id");
	}
	app_read_end(c);
	return out;
}

/* ---- staff and applicants ---- */

json_t *comment_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                     int limit, err *e)
{
	char today[11];
	notice_today(today);
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *n, *r;
	json_t *out = NULL;
	if (store_begin(c, e) < 0)
		goto done;
	if (project_check_access(c, a, who, project_id, ACCESS_READ, e) < 0)
		goto rollback;
	comment_view v = view_of(who);
	store_result *ps;
	if (store_q(c, a, e, &ps, "SELECT state FROM projects WHERE id = $1", "i", project_id) < 0)
		goto rollback;
	bool noticing = ps->nrows && !strcmp(store_get(ps, 0, "state"), "public_notice");
	bool lead = false;
	if (who->role == ROLE_INSTITUTION) {
		err scratch;
		err_clear(&scratch);
		lead = project_check_access(c, a, who, project_id, ACCESS_LEAD, &scratch) == 0;
		err_free_details(&scratch);
	}
	if (store_q(c, a, e, &n,
	            "SELECT " NOTICE_COLS " FROM notices n JOIN projects p ON p.id = n.project_id "
	            "WHERE n.project_id = $1",
	            "i", project_id) < 0)
		goto rollback;
	json_t *items = json_array();
	const char *next = NULL;
	if (n->nrows) {
		if (store_q(c, a, e, &r,
		            "SELECT " COMMENT_COLS " FROM comments c WHERE c.notice_id = $1 AND "
		            "c.id > $2 AND ($3 = 1 OR c.status = 'published' OR c.classification = "
		            "'major_risk') ORDER BY c.id LIMIT $4",
		            "iiii", store_get_int(n, 0, "id"), after, (int64_t)(v != VIEW_MEMBER),
		            (int64_t)limit + 1) < 0) {
			json_decref(items);
			goto rollback;
		}
		for (int i = 0; i < r->nrows && i < limit; i++)
			json_array_append_new(items, staff_comment_json(r, i, v));
		if (r->nrows > limit)
			next = store_get(r, limit - 1, "id");
	}
	json_t *notice = n->nrows ? notice_json(n, 0, today) : json_null();
	if (n->nrows)
		json_object_set_new(notice, "project_state", json_string(store_get(n, 0, "state")));
	/* What the caller may do here (the UI shows forms from it; the writes check again). */
	bool officer = who->role & ROLE_OFFICER;
	json_t *may =
	    json_pack("{s:b, s:b, s:b}", "moderate", officer && n->nrows, "classify",
	              officer && n->nrows && noticing, "respond", lead && n->nrows && noticing);
	out = json_pack("{s:o, s:o, s:o}", "notice", notice, "items", items, "may", may);
	json_object_set_new(out, "next", next ? json_string(next) : json_null());
rollback:
	store_rollback(c);
done:
	app_read_end(c);
	return out;
}

/* The comment, its notice's project and the project's state, for a write. */
static int load_comment(store_conn *c, arena *a, int64_t id, store_result **r, err *e)
{
	if (store_q(c, a, e, r,
	            "SELECT " COMMENT_COLS ", n.project_id, p.state FROM comments c JOIN notices n "
	            "ON n.id = c.notice_id JOIN projects p ON p.id = n.project_id WHERE c.id = $1",
	            "i", id) < 0)
		return -1;
	if (!(*r)->nrows)
		return err_set(e, 404, "not_found", "id", "No such comment.");
	return 0;
}

static int comment_event(store_conn *c, arena *a, const actor *who, const store_result *r,
                         const char *kind, const char *reason, json_t *payload, err *e)
{
	json_object_set_new(payload, "comment_id", json_integer(store_get_int(r, 0, "id")));
	json_object_set_new(payload, "notice_id", json_integer(store_get_int(r, 0, "notice_id")));
	int rc = events_append(c, a,
	                       &(event_in){who->label, "project", store_get(r, 0, "project_id"),
	                                   kind, reason, payload},
	                       NULL, e);
	json_decref(payload);
	return rc;
}

static int reload(store_conn *c, arena *a, const actor *who, int64_t id, json_t **out, err *e)
{
	store_result *r;
	if (load_comment(c, a, id, &r, e) < 0)
		return -1;
	*out = staff_comment_json(r, 0, view_of(who));
	return 0;
}

static const char *const MODERATE_FIELDS[] = {"status", "reason", NULL};
static const char *const CLASSIFY_FIELDS[] = {"classification", "reason", NULL};
static const char *const RESPONSE_FIELDS[] = {"response", "safeguards", "compensation", NULL};

int comment_moderate(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e)
{
	const char *status = NULL, *reason = NULL;
	*out = NULL;
	if (json_only_fields(body, MODERATE_FIELDS, e) < 0 ||
	    json_get_str(body, "status", true, 20, &status, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, &reason, e) < 0)
		return -1;
	if (strcmp(status, "published") && strcmp(status, "hidden"))
		return err_set(e, 400, "invalid_value", "status",
		               "Field {field} must be published or hidden.");
	/* Keeping a citizen's comment from the public needs a reason on the record. */
	if (!strcmp(status, "hidden") && !notice_text_present(reason))
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	if (load_comment(c, a, id, &r, e) < 0 ||
	    project_check_access(c, a, who, store_get_int(r, 0, "project_id"), ACCESS_READ, e) < 0)
		goto out;
	const char *from = store_get(r, 0, "status");
	if (strcmp(from, status)) {
		if (store_q(c, a, e, NULL, "UPDATE comments SET status = $1 WHERE id = $2", "ti",
		            status, id) < 0 ||
		    comment_event(c, a, who, r, "comment.moderated", reason,
		                  json_pack("{s:s, s:s}", "from", from, "to", status), e) < 0)
			goto out;
	}
	rc = reload(c, a, who, id, out, e);
out:
	rc = app_tx_end(c, rc, e);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int comment_classify(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                     json_t **out, err *e)
{
	const char *cl = NULL, *reason = NULL;
	*out = NULL;
	if (json_only_fields(body, CLASSIFY_FIELDS, e) < 0 ||
	    json_get_str(body, "classification", true, 20, &cl, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, &reason, e) < 0)
		return -1;
	if (strcmp(cl, "ordinary") && strcmp(cl, "major_risk"))
		return err_set(e, 400, "invalid_value", "classification",
		               "Field {field} must be ordinary or major_risk.");
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	if (load_comment(c, a, id, &r, e) < 0 ||
	    project_check_access(c, a, who, store_get_int(r, 0, "project_id"), ACCESS_READ, e) < 0)
		goto out;
	/* The classification feeds the launch guard: it is settled during the notice. */
	if (strcmp(store_get(r, 0, "state"), "public_notice")) {
		err_set(e, 409, "invalid_state", NULL,
		        "Comments are classified and answered only while the project is in public "
		        "notice.");
		goto out;
	}
	const char *from = store_get(r, 0, "classification");
	if (!from || strcmp(from, cl)) {
		json_t *p = json_pack("{s:s}", "to", cl);
		json_object_set_new(p, "from", from ? json_string(from) : json_null());
		if (store_q(c, a, e, NULL,
		            "UPDATE comments SET classification = $1, classified_by = $2, "
		            "classified_at = $3 WHERE id = $4",
		            "tIii", cl, who->user_id, time_now_us(), id) < 0) {
			json_decref(p);
			goto out;
		}
		if (comment_event(c, a, who, r, "comment.classified", reason, p, e) < 0)
			goto out;
	}
	rc = reload(c, a, who, id, out, e);
out:
	rc = app_tx_end(c, rc, e);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int comment_respond(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                    json_t **out, err *e)
{
	const char *resp = NULL, *safe = NULL, *comp = NULL;
	*out = NULL;
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	/* Who may answer comes before what the answer says: a caller who may not see the
	 * project learns nothing from how its body is judged. */
	if (load_comment(c, a, id, &r, e) < 0 ||
	    project_check_access(c, a, who, store_get_int(r, 0, "project_id"), ACCESS_LEAD, e) < 0)
		goto out;
	const char *cl = store_get(r, 0, "classification");
	bool major = cl && !strcmp(cl, "major_risk");
	/* The applicant answers what it can see: published comments and major-risk ones. */
	if (!major && strcmp(store_get(r, 0, "status"), "published")) {
		err_set(e, 404, "not_found", "id", "No such comment.");
		goto out;
	}
	if (json_only_fields(body, RESPONSE_FIELDS, e) < 0 ||
	    json_get_str(body, "response", true, COMMENT_RESPONSE_MAX, &resp, e) < 0 ||
	    json_get_str(body, "safeguards", false, COMMENT_RESPONSE_MAX, &safe, e) < 0 ||
	    json_get_str(body, "compensation", false, COMMENT_RESPONSE_MAX, &comp, e) < 0)
		goto out;
	if (!notice_text_present(resp)) {
		err_set(e, 400, "missing_field", "response", "Field {field} is required.");
		goto out;
	}
	if (strcmp(store_get(r, 0, "state"), "public_notice")) {
		err_set(e, 409, "invalid_state", NULL,
		        "Comments are classified and answered only while the project is in public "
		        "notice.");
		goto out;
	}
	/* §4.2: a major hidden risk is addressed with safeguards and a compensation mechanism. */
	if (major && !notice_text_present(safe)) {
		err_set(e, 400, "missing_field", "safeguards", "Field {field} is required.");
		goto out;
	}
	if (major && !notice_text_present(comp)) {
		err_set(e, 400, "missing_field", "compensation", "Field {field} is required.");
		goto out;
	}
	json_t *answer = json_pack("{s:s, s:s, s:s}", "response", resp, "safeguards",
	                           safe ? safe : "", "compensation", comp ? comp : "");
	char *text = json_canonical(answer);
	bool replaced = store_get(r, 0, "response") != NULL;
	int qrc = store_q(c, a, e, NULL,
	                  "UPDATE comments SET response = $1, responded_by = $2, responded_at = $3 "
	                  "WHERE id = $4",
	                  "tIii", text, who->user_id, time_now_us(), id);
	free(text);
	if (qrc < 0) {
		json_decref(answer);
		goto out;
	}
	json_t *p = json_pack("{s:o, s:b}", "response", answer, "replaced", replaced);
	if (comment_event(c, a, who, r, "comment.answered", NULL, p, e) < 0)
		goto out;
	rc = reload(c, a, who, id, out, e);
out:
	rc = app_tx_end(c, rc, e);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int comment_project_id(app *ap, arena *a, int64_t comment_id, int64_t *project_id, err *e)
{
	*project_id = 0;
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	store_result *r;
	int rc = store_q(c, a, e, &r,
	                 "SELECT n.project_id FROM comments c JOIN notices n ON n.id = c.notice_id "
	                 "WHERE c.id = $1",
	                 "i", comment_id);
	if (rc == 0 && r->nrows)
		*project_id = store_get_int(r, 0, "project_id");
	app_read_end(c);
	return rc;
}
