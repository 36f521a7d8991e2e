/* Complaints about running pilots (§4.3). See complaints.h for who sees what. */
#include "app/complaints.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/calendar_internal.h"
#include "app/notices.h"
#include "app/sanctions_internal.h"
#include "core/calendar.h"
#include "core/workflow.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/time.h"
#include "lib/utf8.h"
#include "store/complaints.h"
#include "store/notices.h"

#define NOTES_MAX 500          /* the notes one complaint shows */
#define REFERENCE_PREFIX "TS-" /* 投诉 */
#define REFERENCE_CHARS 10     /* base 32: 50 random bits */
#define SECRET_CHARS 32        /* base 32: 160 random bits */
#define SECRET_MAX 64          /* what a look-up reads of a secret, separators included */

/* ---- references and secrets ---- */

/* Crockford's base 32: no I, L, O or U, so that a reference read aloud or typed is not
 * mistaken. */
static const char B32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* n base-32 characters of random bits into out (n + 1 bytes). */
static void random_b32(char *out, size_t n)
{
	unsigned char b[64];
	randombytes_buf(b, n);
	for (size_t i = 0; i < n; i++)
		out[i] = B32[b[i] & 31];
	out[n] = '\0';
	sodium_memzero(b, sizeof b);
}

/* A secret as typed, read the way it is printed: upper case, without spaces or hyphens, and
 * I, L and O read as 1, 1 and 0 (Crockford). NULL when it cannot be one. */
static const char *secret_normal(arena *a, const char *s)
{
	if (!s || strlen(s) > SECRET_MAX)
		return NULL;
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;
	for (; *s; s++) {
		char ch = *s;
		if (ch == ' ' || ch == '-')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch == 'I' || ch == 'L')
			ch = '1';
		else if (ch == 'O')
			ch = '0';
		if (!ch || !strchr(B32, ch))
			return NULL;
		*o++ = ch;
	}
	*o = '\0';
	return o - out == SECRET_CHARS ? out : NULL;
}

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* ---- small readers ---- */

static const char *side_of(const actor *who)
{
	return app_working_group(who) ? "working_group" : "institution";
}

/* A required text of at most max characters: 400 missing_field when absent or blank, 400
 * invalid_value when longer. */
static int text_field(const json_t *body, const char *key, size_t max, const char **out, err *e)
{
	if (json_get_str(body, key, true, 0, out, e) < 0)
		return -1;
	if (!notice_text_present(*out))
		return err_set(e, 400, "missing_field", key, "Field {field} is required.");
	if (utf8_count(*out) > max)
		return err_set(e, 400, "invalid_value", key,
		               "Field {field} is longer than allowed.");
	return 0;
}

static const char *const STATUSES[] = {"open", "escalated", "resolved", NULL};

static int status_filter(const char *status, const char **out, err *e)
{
	*out = NULL;
	if (!status || !*status)
		return 0;
	for (const char *const *s = STATUSES; *s; s++)
		if (!strcmp(*s, status)) {
			*out = *s;
			return 0;
		}
	return err_set(e, 400, "invalid_value", "status",
	               "Parameter {field} must be open, escalated or resolved.");
}

/* ---- the deadline ---- */

static int days_setting(store_conn *c, arena *a, int *n, err *e)
{
	const char *v = NULL;
	if (store_setting_get(c, a, COMPLAINT_DAYS_SETTING, &v, e) < 0)
		return -1;
	*n = COMPLAINT_DAYS_DEFAULT;
	if (!v)
		return 0;
	char *end;
	long x = strtol(v, &end, 10);
	if (end == v || *end || x < 1 || x > COMPLAINT_DAYS_MAX)
		return err_set(e, 500, "invalid_setting", NULL,
		               "The setting complaint_response_working_days must be a whole number "
		               "from 1 to 60.");
	*n = (int)x;
	return 0;
}

/* The N-th working day after the day of filing (CST): the day itself does not count. */
static int due_day(store_conn *c, arena *a, int64_t filed_at, char out[11], err *e)
{
	int n;
	calendar cal;
	if (days_setting(c, a, &n, e) < 0 || calendar_load(c, a, &cal, e) < 0)
		return -1;
	cal_date day = cal_from_days(cal_days(cal_from_us_cst(filed_at)) + 1);
	cal_format(cal_add_working_days(&cal, day, n), out);
	return 0;
}

/* ---- a complaint as each reader sees it ---- */

typedef enum { VIEW_WORKING_GROUP, VIEW_INSTITUTION } complaint_view;

static complaint_view view_of(const actor *who)
{
	return who->role == ROLE_INSTITUTION ? VIEW_INSTITUTION : VIEW_WORKING_GROUP;
}

static bool name_shown(const store_result *r, int i, complaint_view v)
{
	return v == VIEW_WORKING_GROUP || !strcmp(store_get(r, i, "channel"), "institution") ||
	       store_get(r, i, "name_forwarded_at");
}

static json_t *complaint_json(const store_result *r, int i, complaint_view v, const char *today)
{
	const char *status = store_get(r, i, "status"), *due = store_get(r, i, "due_on");
	json_t *o = json_pack(
	    "{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I}", "id",
	    (json_int_t)store_get_int(r, i, "id"), "reference", store_get(r, i, "reference"),
	    "project_id", (json_int_t)store_get_int(r, i, "project_id"), "project_name",
	    store_get(r, i, "project_name"), "channel", store_get(r, i, "channel"), "status",
	    status, "content", store_get(r, i, "content"), "due_on", due, "overdue",
	    strcmp(status, "resolved") && strcmp(due, today) < 0, "filed_at",
	    (json_int_t)store_get_int(r, i, "filed_at"));
	json_object_set_new(o, "filed_by", app_int_or_null(r, i, "filed_by"));
	json_object_set_new(
	    o, "name", name_shown(r, i, v) ? json_string(store_get(r, i, "name")) : json_null());
	if (v == VIEW_WORKING_GROUP)
		json_object_set_new(o, "contact", json_string(store_get(r, i, "contact")));
	json_object_set_new(o, "name_forwarded",
	                    json_boolean(store_get(r, i, "name_forwarded_at") != NULL));
	static const char *const HANDLING[] = {
	    "?escalated_to", "?escalation_reason", "?#escalated_at", "?resolution",
	    "?#resolved_at", "?#resolved_by",      "#updated_at",    NULL};
	app_row_set(o, r, i, HANDLING);
	return o;
}

static json_t *note_json(const store_result *r, int i)
{
	return json_pack(
	    "{s:I, s:s, s:b, s:s, s:I, s:s, s:I}", "id", (json_int_t)store_get_int(r, i, "id"),
	    "body", store_get(r, i, "body"), "to_complainant",
	    store_get_int(r, i, "to_complainant") != 0, "side", store_get(r, i, "side"),
	    "author_id", (json_int_t)store_get_int(r, i, "author_id"), "author",
	    store_get(r, i, "author"), "created_at", (json_int_t)store_get_int(r, i, "created_at"));
}

/* ---- escalation levels ---- */

static const char *const LEVELS[] = {"working_group", "leader", "csrc", NULL};

/* 1, 2, 3 for the levels above; 0 for none (NULL) or an unknown one. */
static int level_rank(const char *to)
{
	for (int k = 0; to && LEVELS[k]; k++)
		if (!strcmp(LEVELS[k], to))
			return k + 1;
	return 0;
}

/* Whether who's role may escalate to the level: the institution to the working group, an
 * officer to the leader or the CSRC, a leader to the CSRC. */
static bool may_escalate_to(const actor *who, int rank)
{
	switch (who->role) {
	case ROLE_INSTITUTION:
		return rank == 1;
	case ROLE_OFFICER:
		return rank == 2 || rank == 3;
	case ROLE_LEADER:
		return rank == 3;
	default:
		return false;
	}
}

/* ---- access ---- */

/* Who sees a complaint besides the working group: the CSRC those escalated to it, an
 * institution's user those of its projects; anyone else none (404, as for no complaint). */
static record_sight complaint_sight(const actor *who, const app_record *x)
{
	if (who->role == ROLE_CSRC && level_rank(store_get(x->r, 0, "escalated_to")) == 3)
		return RECORD_SEEN;
	return who->role == ROLE_INSTITUTION ? RECORD_SEEN_WITH_PROJECT : RECORD_UNSEEN;
}

/* Who handles it: the working group, and the lead's users of an institution (403 not_lead for
 * another member's); the CSRC reads it only (404, as for none). Not once resolved (409). */
static int complaint_may(store_conn *c, arena *a, const actor *who, const app_record *x, err *e)
{
	if (who->role == ROLE_INSTITUTION) {
		if (project_access_check(c, a, who, &x->p, ACCESS_LEAD, e) < 0)
			return -1;
	} else if (!app_working_group(who)) {
		return err_set(e, 404, "not_found", "id", "No such complaint.");
	}
	if (!strcmp(store_get(x->r, 0, "status"), "resolved"))
		return err_set(e, 409, "invalid_state", NULL,
		               "This complaint is resolved already.");
	return 0;
}

/* What the caller may do with the complaint x, as loaded, now. */
static json_t *may_json(store_conn *c, arena *a, const actor *who, const app_record *x)
{
	const store_result *r = x->r;
	bool open = strcmp(store_get(r, 0, "status"), "resolved") != 0, handler = false;
	err e;
	err_clear(&e);
	if (app_working_group(who))
		handler = true;
	else if (who->role == ROLE_INSTITUTION)
		handler = project_access_check(c, a, who, &x->p, ACCESS_LEAD, &e) == 0;
	err_free_details(&e);
	json_t *levels = json_array();
	int rank = level_rank(store_get(x->r, 0, "escalated_to"));
	for (int k = 0; LEVELS[k]; k++)
		if (open && handler && k + 1 > rank && may_escalate_to(who, k + 1))
			json_array_append_new(levels, json_string(LEVELS[k]));
	return json_pack("{s:b, s:b, s:b, s:o}", "note", open && handler, "forward",
	                 open && app_working_group(who) &&
	                     !strcmp(store_get(x->r, 0, "channel"), "public") &&
	                     !store_get(x->r, 0, "name_forwarded_at"),
	                 "resolve", open && handler, "escalate", levels);
}

/* ---- filing ---- */

/* What a new complaint is, read before any transaction. */
typedef struct complaint_in {
	const char *name, *contact, *content, *channel;
	const char *address; /* the public's address, for the limit per address */
	int64_t at;
} complaint_in;

static int complaint_read(const json_t *body, complaint_in *in, err *e)
{
	return text_field(body, "name", COMPLAINT_NAME_MAX, &in->name, e) < 0 ||
	               text_field(body, "contact", COMPLAINT_CONTACT_MAX, &in->contact, e) < 0 ||
	               text_field(body, "content", COMPLAINT_CONTENT_MAX, &in->content, e) < 0
	           ? -1
	           : 0;
}

/* Inserts the complaint with a fresh reference and secret, and complaint.filed: *out is
 * {id, reference, secret, due_on, status}. */
static int file_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                   const complaint_in *in, json_t **out, err *e)
{
	char due[11], year[5], ref[sizeof REFERENCE_PREFIX + 5 + REFERENCE_CHARS];
	char secret[SECRET_CHARS + 1], hash[65];
	if (due_day(c, a, in->at, due, e) < 0)
		return -1;
	char filed[11]; /* the year of filing names the reference */
	cal_format(cal_from_us_cst(in->at), filed);
	memcpy(year, filed, 4);
	year[4] = '\0';
	bool taken = true;
	for (int tries = 0; taken && tries < 8; tries++) {
		char tail[REFERENCE_CHARS + 1];
		random_b32(tail, REFERENCE_CHARS);
		snprintf(ref, sizeof ref, REFERENCE_PREFIX "%s-%s", year, tail);
		if (complaints_reference_taken(c, a, ref, &taken, e) < 0)
			return -1;
	}
	if (taken)
		return err_set(e, 500, "internal", NULL, "Something went wrong.");
	random_b32(secret, sizeof secret - 1);
	sha256_hex(secret, hash);
	complaints_new n = {project_id,  ref,
	                    hash,        in->channel,
	                    in->name,    in->contact,
	                    in->content, due,
	                    in->at,      who->role == ROLE_INSTITUTION ? who->user_id : 0};
	int64_t id;
	if (complaints_insert(c, a, &n, &id, e) < 0 ||
	    app_event(c, a, who, "project", project_id, "complaint.filed", NULL,
	              json_pack("{s:I, s:s, s:s, s:s}", "complaint_id", (json_int_t)id, "reference",
	                        ref, "channel", in->channel, "due_on", due),
	              e) < 0)
		return -1;
	*out = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "reference", ref,
	                 "secret", secret, "due_on", due, "status", "open");
	sodium_memzero(secret, sizeof secret);
	return 0;
}

/* 404 (field project_id) unless the project runs under supervision and is on the public
 * register: the public learns nothing of any other project. */
static int public_file_tx(store_conn *c, arena *a, int64_t project_id, const complaint_in *in,
                          json_t **out, err *e)
{
	project_row p;
	int64_t notice = 0;
	if (app_public_limit(c, a, LIMIT_COMPLAINT, in->address, in->at, e) < 0)
		return -1;
	int found = project_load(c, a, project_id, &p, e) == 0;
	if (!found && e->status != 404)
		return -1;
	if (found && (found = notices_id_by_project(c, a, project_id, &notice, e)) < 0)
		return -1;
	bool channel = false; /* §4.4: an exited pilot's complaint channel stays open a while */
	if (found && !PROJECT_STATES[p.st].supervised &&
	    exit_channel_open(c, a, &p, &channel, e) < 0)
		return -1;
	if (!found || (!PROJECT_STATES[p.st].supervised && !channel))
		return err_set(e, 404, "not_found", "project_id", "No such pilot.");
	if (file_tx(c, a, &ACTOR_PUBLIC, project_id, in, out, e) < 0)
		return -1;
	json_object_del(*out, "id"); /* the public has no use for the row's number */
	return 0;
}

/* Whether the public may file a complaint about the project of row i of r (id, state): a
 * supervised pilot, or one that exited while its complaint channel stays open (§4.4). */
static bool channel_open(store_conn *c, arena *a, const store_result *r, int i, err *e)
{
	const state_info *s = project_state_info(store_get(r, i, "state"));
	if (!s)
		return false;
	if (s->supervised)
		return true;
	bool channel = false;
	project_row p;
	if (project_load(c, a, store_get_int(r, i, "id"), &p, e) == 0 &&
	    exit_channel_open(c, a, &p, &channel, e) < 0)
		channel = false;
	return channel;
}

json_t *complaint_pilots(app *ap, arena *a, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	store_result *r;
	json_t *out = NULL;
	if (c && complaints_noticed_projects(c, a, &r, e) == 0) {
		json_t *items = json_array();
		for (int i = 0; i < r->nrows; i++)
			if (channel_open(c, a, r, i, e))
				json_array_append_new(
				    items, json_pack("{s:I, s:s}", "project_id",
				                     (json_int_t)store_get_int(r, i, "id"), "name",
				                     store_get(r, i, "name")));
		out = json_pack("{s:o}", "items", items);
	}
	app_read_end(c);
	return out;
}

bool complaint_channel_open(app *ap, arena *a, int64_t project_id)
{
	err e;
	err_clear(&e);
	store_conn *c = app_read_begin(ap, &e);
	store_result *r;
	bool open = c && complaints_noticed_project(c, a, project_id, &r, &e) == 1 &&
	            channel_open(c, a, r, 0, &e);
	app_read_end(c);
	err_free_details(&e);
	return open;
}

static const char *const PUBLIC_FIELDS[] = {"project_id", "name", "contact", "content", NULL};

int complaint_file_public(app *ap, arena *a, const json_t *body, const char *address, json_t **out,
                          err *e)
{
	complaint_in in = {.channel = "public"};
	int64_t project_id = 0;
	*out = NULL;
	if (json_only_fields(body, PUBLIC_FIELDS, e) < 0 ||
	    json_get_int(body, "project_id", true, &project_id, NULL, e) < 0 ||
	    complaint_read(body, &in, e) < 0)
		return -1;
	in.at = time_now_us();
	in.address = address && *address ? address : "?";
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, public_file_tx(c, a, project_id, &in, out, e), out, e) : -1;
}

static const char *const RECORD_FIELDS[] = {"name", "contact", "content", NULL};

static int record_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                     const json_t *body, json_t **out, err *e)
{
	project_row p;
	complaint_in in = {.channel = "institution", .at = time_now_us()};
	/* Access first: who may not know the project learns nothing from the body's errors. */
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_LEAD, e) < 0)
		return -1;
	bool channel = false; /* §4.4: an exited pilot's complaint channel stays open a while */
	if (!PROJECT_STATES[p.st].supervised && exit_channel_open(c, a, &p, &channel, e) < 0)
		return -1;
	if (!PROJECT_STATES[p.st].supervised && !channel)
		return err_set(e, 409, "invalid_state", NULL,
		               "The project is not under supervision (§4.3).");
	if (json_only_fields(body, RECORD_FIELDS, e) < 0 || complaint_read(body, &in, e) < 0)
		return -1;
	json_t *made = NULL;
	store_result *r;
	char today[11];
	app_today(today);
	if (file_tx(c, a, who, project_id, &in, &made, e) < 0 ||
	    complaints_get(c, a, json_integer_value(json_object_get(made, "id")), &r, e) < 0) {
		json_decref(made);
		return -1;
	}
	*out = complaint_json(r, 0, view_of(who), today);
	json_object_set(*out, "secret", json_object_get(made, "secret"));
	json_decref(made);
	return 0;
}

int complaint_record(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                     json_t **out, err *e)
{
	*out = NULL;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, record_tx(c, a, who, project_id, body, out, e), out, e) : -1;
}

/* ---- the complainant's look-up ---- */

static int lookup_refused(err *e)
{
	return err_set(e, 404, "not_found", "reference",
	               "No complaint matches this reference and secret.");
}

static json_t *lookup_read(store_conn *c, arena *a, const char *reference, const char *secret,
                           err *e)
{
	/* The same work whether or not the reference exists, and one constant-time comparison:
	 * neither the answer nor its time tells a reference that exists. */
	static const char NONE[65] =
	    "0000000000000000000000000000000000000000000000000000000000000000";
	const char *normal = secret_normal(a, secret);
	char hash[65];
	sha256_hex(normal ? normal : "", hash);
	store_result *r = NULL, *k;
	int found = reference && strlen(reference) <= 40
	                ? complaints_get_by_reference(c, a, reference, &r, e)
	                : 0;
	if (found < 0)
		return NULL;
	const char *stored = found ? store_get(r, 0, "secret_hash") : NONE;
	bool match = sodium_memcmp(hash, stored, 64) == 0;
	if (!found || !match || !normal) {
		lookup_refused(e);
		return NULL;
	}
	if (complaints_notes(c, a, store_get_int(r, 0, "id"), true, NOTES_MAX, &k, e) < 0)
		return NULL;
	json_t *answers = json_array();
	for (int i = 0; i < k->nrows; i++)
		json_array_append_new(answers,
		                      json_pack("{s:s, s:s, s:I}", "body", store_get(k, i, "body"),
		                                "side", store_get(k, i, "side"), "created_at",
		                                (json_int_t)store_get_int(k, i, "created_at")));
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:I, s:s, s:o}", "reference",
	                      store_get(r, 0, "reference"), "project_id",
	                      (json_int_t)store_get_int(r, 0, "project_id"), "project_name",
	                      store_get(r, 0, "project_name"), "status", store_get(r, 0, "status"),
	                      "filed_at", (json_int_t)store_get_int(r, 0, "filed_at"), "due_on",
	                      store_get(r, 0, "due_on"), "answers", answers);
	json_object_set_new(o, "resolution", app_text_or_null(r, 0, "resolution"));
	json_object_set_new(o, "resolved_at", app_int_or_null(r, 0, "resolved_at"));
	return o;
}

json_t *complaint_lookup(app *ap, arena *a, const char *reference, const char *secret, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = c ? lookup_read(c, a, reference, secret, e) : NULL;
	app_snapshot_end(c);
	return out;
}

/* ---- lists, one complaint, figures ---- */

/* A project's complaints are the working group's and its institutions' (the CSRC reads those
 * escalated to it one by one): 403 for the other roles. */
static int handlers_only(const actor *who, err *e)
{
	if (app_working_group(who) || who->role == ROLE_INSTITUTION)
		return 0;
	return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
}

/* The items of a page of complaints_page as who sees them. */
static json_t *complaints_page_json(const store_result *r, int limit, const actor *who)
{
	char today[11];
	app_today(today);
	json_t *items = json_array();
	for (int i = 0; i < r->nrows && i < limit; i++)
		json_array_append_new(items, complaint_json(r, i, view_of(who), today));
	return app_page(items, r, limit, "id");
}

json_t *complaint_list_project(app *ap, arena *a, const actor *who, int64_t project_id,
                               const char *status, int64_t after, int limit, err *e)
{
	complaints_filter f = {.project_id = project_id};
	if (handlers_only(who, e) < 0 || status_filter(status, &f.status, e) < 0)
		return NULL;
	store_conn *c = app_snapshot_begin(ap, e);
	store_result *r;
	json_t *out = NULL;
	if (c && project_check_access(c, a, who, project_id, ACCESS_READ, e) == 0 &&
	    complaints_page(c, a, &f, after, limit, &r, e) == 0)
		out = complaints_page_json(r, limit, who);
	app_snapshot_end(c);
	return out;
}

json_t *complaint_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
                       int limit, err *e)
{
	complaints_filter f = {.csrc = who->role == ROLE_CSRC};
	if (!app_working_group(who) && who->role != ROLE_CSRC) {
		err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
		return NULL;
	}
	if (status_filter(status, &f.status, e) < 0)
		return NULL;
	store_conn *c = app_read_begin(ap, e);
	store_result *r;
	json_t *out = c && complaints_page(c, a, &f, after, limit, &r, e) == 0
	                  ? complaints_page_json(r, limit, who)
	                  : NULL;
	app_read_end(c);
	return out;
}

static const app_record_kind KIND;

/* The complaint as the caller sees it, with its notes and what the caller may do now. */
static int complaint_detail(store_conn *c, arena *a, const actor *who, app_record *x, json_t **out,
                            err *e)
{
	store_result *k;
	char today[11];
	app_today(today);
	if (app_record_refetch(c, a, &KIND, x, e) < 0 ||
	    complaints_notes(c, a, x->id, false, NOTES_MAX, &k, e) < 0)
		return -1;
	json_t *o = complaint_json(x->r, 0, view_of(who), today), *notes = json_array();
	for (int i = 0; i < k->nrows; i++)
		json_array_append_new(notes, note_json(k, i));
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "may", may_json(c, a, who, x));
	*out = o;
	return 0;
}

/* The lists are complaint_list and complaint_list_project. */
static const app_record_kind KIND = {complaints_get,  N_("No such complaint."), NULL,
                                     complaint_sight, complaint_detail,         complaint_may};

json_t *complaint_get(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	return app_record_get(ap, a, who, &KIND, id, e);
}

static int by_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* The median of n values (sorted here), rounded to a tenth. */
static double median_tenth(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	double m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	return (double)(long long)(m * 10 + 0.5) / 10; /* m >= 0 */
}

static json_t *stats_read(store_conn *c, arena *a, const actor *who, int64_t project_id, err *e)
{
	store_result *s, *d;
	int64_t overdue;
	int days;
	char today[11];
	app_today(today);
	if (project_check_access(c, a, who, project_id, ACCESS_READ, e) < 0 ||
	    complaints_counts(c, a, project_id, today, &s, &overdue, e) < 0 ||
	    complaints_durations(c, a, project_id, &d, e) < 0 || days_setting(c, a, &days, e) < 0)
		return NULL;
	json_t *by = json_pack("{s:i, s:i, s:i}", "open", 0, "escalated", 0, "resolved", 0);
	int64_t total = 0, late = 0;
	for (int i = 0; i < s->nrows; i++) {
		json_object_set_new(by, store_get(s, i, "status"),
		                    json_integer(store_get_int(s, i, "n")));
		total += store_get_int(s, i, "n");
	}
	double *v = arena_alloc(a, sizeof(double) * (size_t)(d->nrows ? d->nrows : 1));
	for (int i = 0; i < d->nrows; i++) {
		int64_t filed = store_get_int(d, i, "filed_at"),
		        done = store_get_int(d, i, "resolved_at");
		char day[11];
		cal_format(cal_from_us_cst(done), day);
		late += strcmp(day, store_get(d, i, "due_on")) > 0;
		v[i] = (double)(done - filed) / (86400.0 * 1000000.0);
	}
	json_t *o =
	    json_pack("{s:I, s:I, s:o, s:I, s:I, s:i}", "project_id", (json_int_t)project_id,
	              "total", (json_int_t)total, "by_status", by, "overdue", (json_int_t)overdue,
	              "resolved_late", (json_int_t)late, "response_working_days", days);
	json_object_set_new(o, "median_days_to_resolve",
	                    d->nrows ? json_real(median_tenth(v, d->nrows)) : json_null());
	return o;
}

json_t *complaint_stats(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	return handlers_only(who, e) < 0 ? NULL
	                                 : app_snapshot_read(ap, a, who, project_id, stats_read, e);
}

/* ---- handling ---- */

/* Handling goes through app_record_write: the complaint as the caller sees it (404), whether
 * the caller handles it and it is open (complaint_may), then the step, which reads the body
 * (after the access check) and writes; the complaint as it now stands. */

static int event(store_conn *c, arena *a, const actor *who, const app_record *x, const char *kind,
                 json_t *payload, err *e)
{
	return app_record_event(c, a, who, x->p.id, "complaint_id", x->id, kind, NULL, payload, e);
}

static const char *const NOTE_FIELDS[] = {"body", "to_complainant", NULL};

static int note_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                     const void *body, err *e)
{
	const char *text;
	bool answer = false;
	int64_t nid;
	if (json_only_fields(body, NOTE_FIELDS, e) < 0 ||
	    text_field(body, "body", COMPLAINT_TEXT_MAX, &text, e) < 0 ||
	    json_get_bool(body, "to_complainant", false, &answer, NULL, e) < 0 ||
	    complaints_note_add(c, a, x->id, text, answer, side_of(who), who->user_id,
	                        time_now_us(), &nid, e) < 0)
		return -1;
	return event(c, a, who, x, "complaint.noted",
	             json_pack("{s:I, s:b}", "note_id", (json_int_t)nid, "to_complainant", answer),
	             e);
}

APP_RECORD_WRITE(complaint_note, KIND, note_step)

static const char *const FORWARD_FIELDS[] = {"reason", NULL};

static int forward_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                        const void *body, err *e)
{
	const char *reason = NULL;
	if (!app_working_group(who))
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	if (json_only_fields(body, FORWARD_FIELDS, e) < 0 ||
	    json_get_str(body, "reason", false, COMPLAINT_TEXT_MAX, &reason, e) < 0)
		return -1;
	if (strcmp(store_get(x->r, 0, "channel"), "public") ||
	    store_get(x->r, 0, "name_forwarded_at"))
		return err_set(e, 409, "invalid_state", NULL,
		               "The institution knows the complainant's name already.");
	if (complaints_forward_name(c, a, x->id, who->user_id, time_now_us(), e) < 0)
		return -1;
	return event(c, a, who, x, "complaint.noted", json_pack("{s:b}", "name_forwarded", 1), e);
}

APP_RECORD_WRITE(complaint_forward, KIND, forward_step)

static const char *const RESOLVE_FIELDS[] = {"resolution", NULL};

static int resolve_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                        const void *body, err *e)
{
	const char *text;
	if (json_only_fields(body, RESOLVE_FIELDS, e) < 0 ||
	    text_field(body, "resolution", COMPLAINT_TEXT_MAX, &text, e) < 0 ||
	    complaints_resolve(c, a, x->id, text, who->user_id, time_now_us(), e) < 0)
		return -1;
	return event(c, a, who, x, "complaint.resolved", json_object(), e);
}

APP_RECORD_WRITE(complaint_resolve, KIND, resolve_step)

static const char *const ESCALATE_FIELDS[] = {"to", "reason", NULL};

static int escalate_step(store_conn *c, arena *a, const actor *who, const app_record *x,
                         const void *body, err *e)
{
	const char *to, *reason;
	if (json_only_fields(body, ESCALATE_FIELDS, e) < 0 ||
	    json_get_str(body, "to", true, 20, &to, e) < 0)
		return -1;
	int rank = level_rank(to);
	if (!rank)
		return err_set(e, 400, "invalid_value", "to",
		               "Field {field} must be working_group, leader or csrc.");
	if (text_field(body, "reason", COMPLAINT_TEXT_MAX, &reason, e) < 0)
		return -1;
	if (!may_escalate_to(who, rank))
		return err_set(e, 403, "forbidden", "to", "Your role may not escalate there.");
	if (rank <= level_rank(store_get(x->r, 0, "escalated_to")))
		return err_set(e, 409, "invalid_state", "to",
		               "The complaint has been escalated there, or higher, already.");
	if (complaints_escalate(c, a, x->id, to, reason, who->user_id, time_now_us(), e) < 0)
		return -1;
	return event(c, a, who, x, "complaint.escalated", json_pack("{s:s}", "to", to), e);
}

APP_RECORD_WRITE(complaint_escalate, KIND, escalate_step)
