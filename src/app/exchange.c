/* Information exchange (§4.3.1): threads, messages with their files and read receipts, and the
 * working group's reports of new situations to the CSRC. See exchange.h for who sees what. */
#include "app/exchange.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/app_internal.h"
#include "app/materials.h"
#include "app/notices.h"
#include "core/sniff.h"
#include "core/workflow.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/exchange.h"
#include "store/materials.h"

/* ---- small helpers ---- */

static const char *side_of(const actor *who)
{
	return app_working_group(who) ? "working_group" : "institution";
}

/* A required text of at most max characters (400 missing_field when blank, too_long). */
static int text_field(const json_t *body, const char *key, size_t max, const char **out, err *e)
{
	if (json_get_str(body, key, true, max, out, e) < 0)
		return -1;
	if (!notice_text_present(*out))
		return err_set(e, 400, "missing_field", key, "Field {field} is required.");
	return 0;
}

/* 409 invalid_state unless the project (its state id) is supervised (§4.3). */
static int check_supervised(const char *state, err *e)
{
	const state_info *s = project_state_info(state);
	if (s && s->supervised)
		return 0;
	return err_set(e, 409, "invalid_state", NULL,
	               "The project is not under supervision (§4.3).");
}

/* ---- access ---- */

/* The project, for its threads: the working group, and the users of its member institutions;
 * 404 for anyone else. */
static int project_for_threads(store_conn *c, arena *a, const actor *who, int64_t project_id,
                               project_row *p, err *e)
{
	if (project_load(c, a, project_id, p, e) < 0)
		return -1;
	if (!app_working_group(who) && who->role != ROLE_INSTITUTION)
		return err_set(e, 404, "not_found", "id", "No such project.");
	return project_access_check(c, a, who, p, ACCESS_READ, e);
}

/* Loads thread id as the caller's list shows it (*r) and checks that the caller may read it:
 * 0, or -1 with 404 (a thread of another institution's project, as one that does not exist). */
static int thread_access(store_conn *c, arena *a, const actor *who, int64_t id, store_result **r,
                         err *e)
{
	if (app_found(threads_get(c, a, id, who->user_id, r, e), "No such thread.", e) < 0)
		return -1;
	if (app_working_group(who))
		return 0;
	if (who->role == ROLE_INSTITUTION) {
		if (project_check_access(c, a, who, store_get_int(*r, 0, "project_id"), ACCESS_READ,
		                         e) == 0)
			return 0;
		if (e->status != 404)
			return -1;
	}
	return err_set(e, 404, "not_found", "id", "No such thread.");
}

static json_t *thread_json(const store_result *r, int i)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "id",
	                 (json_int_t)store_get_int(r, i, "id"), "project_id",
	                 (json_int_t)store_get_int(r, i, "project_id"), "project_name",
	                 store_get(r, i, "project_name"), "subject", store_get(r, i, "subject"),
	                 "created_by", (json_int_t)store_get_int(r, i, "created_by"), "created_at",
	                 (json_int_t)store_get_int(r, i, "created_at"), "last_message_at",
	                 (json_int_t)store_get_int(r, i, "last_message_at"), "messages",
	                 (json_int_t)store_get_int(r, i, "messages"), "unread",
	                 (json_int_t)store_get_int(r, i, "unread"));
}

/* ---- messages ---- */

/* Writes a message of who in thread r (a row of thread_access) with its files, and
 * message.sent: *message_id. */
static int message_write(store_conn *c, arena *a, const actor *who, const store_result *r,
                         const char *body, const upload_file *files, int nfiles,
                         int64_t *message_id, err *e)
{
	int64_t thread_id = store_get_int(r, 0, "id"), now = time_now_us(), fid;
	const char *types[MESSAGE_FILES_MAX];
	if (nfiles > MESSAGE_FILES_MAX)
		return err_set(e, 400, "invalid_value", "file",
		               "A message carries at most 5 files.");
	for (int i = 0; i < nfiles; i++)
		if (app_file_check(&files[i], &types[i], e) < 0)
			return -1;
	if (messages_insert(c, a, thread_id, body, side_of(who), who->user_id, now, message_id, e) <
	    0)
		return -1;
	for (int i = 0; i < nfiles; i++) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[65];
		crypto_hash_sha256(h, (const unsigned char *)files[i].data, files[i].len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		/* Content-addressed: the same bytes are stored once and never overwritten. */
		if (materials_blob_put(c, a, hex, types[i], files[i].data, files[i].len, now, e) <
		        0 ||
		    messages_attachment_add(c, a, *message_id, files[i].filename, hex,
		                            (int64_t)files[i].len, types[i], &fid, e) < 0)
			return -1;
	}
	return app_event(
	    c, a, who, "project", store_get_int(r, 0, "project_id"), "message.sent", NULL,
	    json_pack("{s:I, s:I, s:s, s:i}", "thread_id", (json_int_t)thread_id, "message_id",
	              (json_int_t)*message_id, "side", side_of(who), "attachments", nfiles),
	    e);
}

static const char *const THREAD_FIELDS[] = {"subject", "body", NULL};

static int create_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                     const json_t *body, json_t **out, err *e)
{
	project_row p;
	const char *subject, *text;
	int64_t tid, mid;
	store_result *r;
	/* Access first: who may not know the project learns nothing from the body's errors. */
	if (project_for_threads(c, a, who, project_id, &p, e) < 0 ||
	    check_supervised(p.state, e) < 0 || json_only_fields(body, THREAD_FIELDS, e) < 0 ||
	    text_field(body, "subject", THREAD_SUBJECT_MAX, &subject, e) < 0 ||
	    text_field(body, "body", MESSAGE_BODY_MAX, &text, e) < 0 ||
	    threads_insert(c, a, project_id, subject, who->user_id, time_now_us(), &tid, e) < 0 ||
	    threads_get(c, a, tid, who->user_id, &r, e) < 0 ||
	    message_write(c, a, who, r, text, NULL, 0, &mid, e) < 0 ||
	    threads_get(c, a, tid, who->user_id, &r, e) < 0)
		return -1;
	*out = thread_json(r, 0);
	json_object_set_new(*out, "message_id", json_integer(mid));
	return 0;
}

int thread_create(app *ap, arena *a, const actor *who, int64_t project_id, const json_t *body,
                  json_t **out, err *e)
{
	*out = NULL;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, create_tx(c, a, who, project_id, body, out, e), out, e) : -1;
}

static json_t *threads_read(store_conn *c, arena *a, const actor *who, int64_t project_id,
                            int64_t after, int limit, err *e)
{
	project_row p;
	store_result *r;
	/* An institution's user reads its own projects' threads (-1: an account without an
	 * institution reads none). */
	int64_t institution = 0;
	if (who->role == ROLE_INSTITUTION)
		institution = who->institution_id ? who->institution_id : -1;
	else if (!app_working_group(who)) {
		err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
		return NULL;
	}
	if (project_id && project_for_threads(c, a, who, project_id, &p, e) < 0)
		return NULL;
	if (threads_page(c, a, project_id, institution, who->user_id, after, limit, &r, e) < 0)
		return NULL;
	json_t *out = app_page_of(r, limit, "id", thread_json);
	if (project_id) { /* whether threads may be started */
		const state_info *s = project_state_info(p.state);
		json_object_set_new(out, "project_supervised", json_boolean(s && s->supervised));
	}
	return out;
}

json_t *thread_list(app *ap, arena *a, const actor *who, int64_t project_id, int64_t after,
                    int limit, err *e)
{
	return app_snapshot_page(ap, a, who, project_id, after, limit, threads_read, e);
}

static json_t *thread_read(store_conn *c, arena *a, const actor *who, int64_t id, err *e)
{
	store_result *r;
	if (thread_access(c, a, who, id, &r, e) < 0)
		return NULL;
	json_t *o = thread_json(r, 0);
	const state_info *s = project_state_info(store_get(r, 0, "project_state"));
	json_object_set_new(o, "side", json_string(side_of(who)));
	json_object_set_new(o, "may_write", json_boolean(s && s->supervised));
	return o;
}

json_t *thread_get(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	return app_snapshot_read(ap, a, who, id, thread_read, e);
}

/* The message of row i with its attachments and receipts (rows of f and k). */
static json_t *message_json(arena *a, const store_result *r, int i, const store_result *f,
                            const store_result *k, const actor *who)
{
	int64_t id = store_get_int(r, i, "id"), thread = store_get_int(r, i, "thread_id");
	bool mine = store_get_int(r, i, "author_id") == who->user_id, read = mine;
	json_t *files = json_array(), *reads = json_array();
	for (int j = 0; j < f->nrows; j++)
		if (store_get_int(f, j, "message_id") == id)
			json_array_append_new(
			    files,
			    json_pack("{s:I, s:s, s:I, s:s, s:s}", "id",
			              (json_int_t)store_get_int(f, j, "id"), "filename",
			              store_get(f, j, "filename"), "size",
			              (json_int_t)store_get_int(f, j, "size"), "content_type",
			              store_get(f, j, "content_type"), "download",
			              arena_printf(a, "/api/v1/threads/%lld/attachments/%lld",
			                           (long long)thread,
			                           (long long)store_get_int(f, j, "id"))));
	for (int j = 0; j < k->nrows; j++)
		if (store_get_int(k, j, "message_id") == id) {
			int64_t uid = store_get_int(k, j, "user_id");
			read |= uid == who->user_id;
			json_array_append_new(
			    reads, json_pack("{s:I, s:s, s:s, s:I}", "user_id", (json_int_t)uid,
			                     "username", store_get(k, j, "username"), "role",
			                     store_get(k, j, "role"), "read_at",
			                     (json_int_t)store_get_int(k, j, "read_at")));
		}
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:I, s:s, s:I, s:b, s:o, s:o}", "id", (json_int_t)id, "thread_id",
	    (json_int_t)thread, "body", store_get(r, i, "body"), "side", store_get(r, i, "side"),
	    "author_id", (json_int_t)store_get_int(r, i, "author_id"), "author",
	    store_get(r, i, "author"), "sent_at", (json_int_t)store_get_int(r, i, "sent_at"),
	    "read", read, "attachments", files, "read_by", reads);
	json_object_set_new(o, "author_name", app_text_or_null(r, i, "author_name"));
	return o;
}

static json_t *messages_read(store_conn *c, arena *a, const actor *who, int64_t thread_id,
                             int64_t after, int limit, err *e)
{
	store_result *t, *r, *f, *k;
	if (thread_access(c, a, who, thread_id, &t, e) < 0 ||
	    messages_page(c, a, thread_id, after, limit, &r, e) < 0)
		return NULL;
	int n = r->nrows < limit ? r->nrows : limit;
	int64_t first = n ? store_get_int(r, 0, "id") : 0,
	        last = n ? store_get_int(r, n - 1, "id") : 0;
	if (messages_attachments(c, a, thread_id, first, last, &f, e) < 0 ||
	    messages_reads(c, a, thread_id, first, last, &k, e) < 0)
		return NULL;
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, message_json(a, r, i, f, k, who));
	return app_page(items, r, limit, "id");
}

json_t *message_list(app *ap, arena *a, const actor *who, int64_t thread_id, int64_t after,
                     int limit, err *e)
{
	return app_snapshot_page(ap, a, who, thread_id, after, limit, messages_read, e);
}

/* The message id of the thread as its list shows it. */
static json_t *one_message(store_conn *c, arena *a, const actor *who, int64_t thread_id, int64_t id,
                           err *e)
{
	json_t *page = messages_read(c, a, who, thread_id, id - 1, 1, e);
	json_t *m = json_incref(json_array_get(json_object_get(page, "items"), 0));
	json_decref(page);
	return m;
}

static int send_tx(store_conn *c, arena *a, const actor *who, int64_t thread_id, const char *body,
                   const upload_file *files, int nfiles, json_t **out, err *e)
{
	store_result *r;
	int64_t mid;
	/* Access first: who may not read the thread learns nothing from the body's errors. */
	if (thread_access(c, a, who, thread_id, &r, e) < 0 ||
	    check_supervised(store_get(r, 0, "project_state"), e) < 0)
		return -1;
	if (!body)
		return err_set(e, 400, "missing_field", "body", "Field {field} is required.");
	if (json_check_text(body, MESSAGE_BODY_MAX, "body", e) < 0)
		return -1;
	if (!notice_text_present(body))
		return err_set(e, 400, "missing_field", "body", "Field {field} is required.");
	if (message_write(c, a, who, r, body, files, nfiles, &mid, e) < 0)
		return -1;
	*out = one_message(c, a, who, thread_id, mid, e);
	return *out ? 0 : -1;
}

int message_send(app *ap, arena *a, const actor *who, int64_t thread_id, const char *body,
                 const upload_file *files, int nfiles, json_t **out, err *e)
{
	*out = NULL;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, send_tx(c, a, who, thread_id, body, files, nfiles, out, e),
	                           out, e)
	         : -1;
}

static const char *const READ_FIELDS[] = {"up_to", NULL};

static int read_tx(store_conn *c, arena *a, const actor *who, int64_t thread_id, const json_t *body,
                   json_t **out, err *e)
{
	store_result *t, *r;
	int64_t up_to = 0, now = time_now_us();
	if (thread_access(c, a, who, thread_id, &t, e) < 0 ||
	    json_only_fields(body, READ_FIELDS, e) < 0 ||
	    json_get_int(body, "up_to", false, &up_to, NULL, e) < 0)
		return -1;
	if (up_to < 0)
		return err_set(e, 400, "invalid_value", "up_to",
		               "Field {field} must be a positive whole number.");
	if (messages_unread(c, a, thread_id, who->user_id, up_to, &r, e) < 0)
		return -1;
	json_t *ids = json_array();
	for (int i = 0; i < r->nrows; i++) {
		int64_t mid = store_get_int(r, i, "id");
		if (messages_read_add(c, a, mid, who->user_id, now, e) < 0 ||
		    app_event(c, a, who, "project", store_get_int(t, 0, "project_id"),
		              "message.read", NULL,
		              json_pack("{s:I, s:I}", "thread_id", (json_int_t)thread_id,
		                        "message_id", (json_int_t)mid),
		              e) < 0) {
			json_decref(ids);
			return -1;
		}
		json_array_append_new(ids, json_integer(mid));
	}
	if (threads_get(c, a, thread_id, who->user_id, &t, e) < 0) {
		json_decref(ids);
		return -1;
	}
	*out = json_pack("{s:I, s:o, s:I}", "thread_id", (json_int_t)thread_id, "read", ids,
	                 "unread", (json_int_t)store_get_int(t, 0, "unread"));
	return 0;
}

int thread_mark_read(app *ap, arena *a, const actor *who, int64_t thread_id, const json_t *body,
                     json_t **out, err *e)
{
	*out = NULL;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, read_tx(c, a, who, thread_id, body, out, e), out, e) : -1;
}

static int attachment_read(store_conn *c, arena *a, const actor *who, int64_t thread_id, int64_t id,
                           message_attachment *out, err *e)
{
	store_result *t, *r;
	int found;
	if (thread_access(c, a, who, thread_id, &t, e) < 0 ||
	    (found = messages_attachment_get(c, a, thread_id, id, &r, e)) < 0)
		return -1;
	if (!found)
		return err_set(e, 404, "not_found", "aid", "No such attachment.");
	out->filename = store_get(r, 0, "filename");
	out->content_type = store_get(r, 0, "content_type");
	out->sha256 = store_get(r, 0, "sha256");
	found = materials_blob_get(c, a, out->sha256, &out->data, &out->len, e);
	if (found <= 0)
		return found < 0 ? -1 : err_set(e, 500, "internal", NULL, "Something went wrong.");
	return 0;
}

int message_attachment_get(app *ap, arena *a, const actor *who, int64_t thread_id,
                           int64_t attachment_id, message_attachment *out, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	int rc = c ? attachment_read(c, a, who, thread_id, attachment_id, out, e) : -1;
	app_snapshot_end(c);
	return rc;
}

/* ---- situations ---- */

static json_t *situation_json(const store_result *r, int i)
{
	bool acked = store_get(r, i, "acknowledged_at") != NULL;
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:I, s:s}", "id",
	                      (json_int_t)store_get_int(r, i, "id"), "title",
	                      store_get(r, i, "title"), "body", store_get(r, i, "body"),
	                      "reported_by", (json_int_t)store_get_int(r, i, "reported_by"),
	                      "reported_by_name", store_get(r, i, "reported_by_name"),
	                      "reported_at", (json_int_t)store_get_int(r, i, "reported_at"),
	                      "status", acked ? "acknowledged" : "pending");
	json_object_set_new(o, "project_id", app_int_or_null(r, i, "project_id"));
	json_object_set_new(o, "project_name", app_text_or_null(r, i, "project_name"));
	json_object_set_new(o, "acknowledged_by", app_int_or_null(r, i, "acknowledged_by"));
	json_object_set_new(o, "acknowledged_by_name",
	                    app_text_or_null(r, i, "acknowledged_by_name"));
	json_object_set_new(o, "acknowledged_at", app_int_or_null(r, i, "acknowledged_at"));
	json_object_set_new(o, "acknowledgement", app_text_or_null(r, i, "acknowledgement"));
	return o;
}

/* Officers, leaders and the CSRC read the reports; anyone else is refused. */
static int situation_reader(const actor *who, err *e)
{
	if (app_working_group(who) || who->role == ROLE_CSRC)
		return 0;
	return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
}

/* The report's event, about its project, or about the report itself when it names none. */
static int situation_event(store_conn *c, arena *a, const actor *who, const store_result *r,
                           const char *kind, err *e)
{
	int64_t sid = store_get_int(r, 0, "id"), pid = store_get_int(r, 0, "project_id");
	json_t *pl = json_pack("{s:I}", "situation_id", (json_int_t)sid);
	return pid ? app_event(c, a, who, "project", pid, kind, NULL, pl, e)
	           : app_event(c, a, who, "situation", sid, kind, NULL, pl, e);
}

static const char *const SITUATION_FIELDS[] = {"project_id", "title", "body", NULL};

static int report_tx(store_conn *c, arena *a, const actor *who, const json_t *body, json_t **out,
                     err *e)
{
	const char *title, *text;
	int64_t project_id = 0, id;
	store_result *r;
	project_row p;
	if (json_only_fields(body, SITUATION_FIELDS, e) < 0 ||
	    json_get_int(body, "project_id", false, &project_id, NULL, e) < 0 ||
	    text_field(body, "title", SITUATION_TITLE_MAX, &title, e) < 0 ||
	    text_field(body, "body", SITUATION_BODY_MAX, &text, e) < 0)
		return -1;
	if (project_id && project_load(c, a, project_id, &p, e) < 0) {
		e->field = "project_id";
		return -1;
	}
	if (project_id && check_supervised(p.state, e) < 0)
		return -1;
	if (situations_insert(c, a, project_id, title, text, who->user_id, time_now_us(), &id, e) <
	        0 ||
	    situations_get(c, a, id, &r, e) < 0 ||
	    situation_event(c, a, who, r, "situation.reported", e) < 0)
		return -1;
	*out = situation_json(r, 0);
	return 0;
}

int situation_report(app *ap, arena *a, const actor *who, const json_t *body, json_t **out, err *e)
{
	*out = NULL;
	if (!app_working_group(who))
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, report_tx(c, a, who, body, out, e), out, e) : -1;
}

json_t *situation_list(app *ap, arena *a, const actor *who, const char *status, int64_t after,
                       int limit, err *e)
{
	int acked = -1;
	if (situation_reader(who, e) < 0)
		return NULL;
	if (status && *status) {
		if (!strcmp(status, "pending"))
			acked = 0;
		else if (!strcmp(status, "acknowledged"))
			acked = 1;
		else {
			err_set(e, 400, "invalid_value", "status",
			        "Parameter {field} must be pending or acknowledged.");
			return NULL;
		}
	}
	store_conn *c = app_read_begin(ap, e);
	store_result *r;
	json_t *out = c && situations_page(c, a, acked, after, limit, &r, e) == 0
	                  ? app_page_of(r, limit, "id", situation_json)
	                  : NULL;
	app_read_end(c);
	return out;
}

json_t *situation_get(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	if (situation_reader(who, e) < 0)
		return NULL;
	store_conn *c = app_read_begin(ap, e);
	store_result *r;
	json_t *out = c && app_found(situations_get(c, a, id, &r, e), "No such report.", e) == 0
	                  ? situation_json(r, 0)
	                  : NULL;
	app_read_end(c);
	return out;
}

static const char *const ACK_FIELDS[] = {"note", NULL};

static int ack_tx(store_conn *c, arena *a, const actor *who, int64_t id, const json_t *body,
                  json_t **out, err *e)
{
	store_result *r;
	const char *note = NULL;
	if (app_found(situations_get(c, a, id, &r, e), "No such report.", e) < 0 ||
	    json_only_fields(body, ACK_FIELDS, e) < 0 ||
	    json_get_str(body, "note", false, SITUATION_NOTE_MAX, &note, e) < 0)
		return -1;
	if (store_get(r, 0, "acknowledged_at"))
		return err_set(e, 409, "invalid_state", NULL,
		               "This report has been acknowledged already.");
	if (situations_acknowledge(c, a, id, note && *note ? note : NULL, who->user_id,
	                           time_now_us(), e) < 0 ||
	    situations_get(c, a, id, &r, e) < 0 ||
	    situation_event(c, a, who, r, "situation.acknowledged", e) < 0)
		return -1;
	*out = situation_json(r, 0);
	return 0;
}

int situation_acknowledge(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                          json_t **out, err *e)
{
	*out = NULL;
	if (who->role != ROLE_CSRC)
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, ack_tx(c, a, who, id, body, out, e), out, e) : -1;
}
