#include "app/app.h"

#include <stdatomic.h>
#include <stdint.h>

#include "app/app_internal.h"

#include "core/calendar.h"
#include "core/sniff.h"
#include "store/events.h"
#include "lib/json.h"
#include "lib/time.h"

#include <string.h>

const actor ACTOR_CLI = {0, "cli", ROLE_ADMIN, 0, "cli"};
const actor ACTOR_SYSTEM = {0, "system", ROLE_NONE, 0, "system"};
const actor ACTOR_PUBLIC = {0, "public", ROLE_PUBLIC, 0, "public"};

/* The snapshot app_snapshot_hold keeps for this thread's next read, and its store. */
static _Thread_local store_conn *t_held;
static _Thread_local const struct store *t_held_store;

void app_snapshot_drop(void)
{
	store_conn *c = t_held;
	t_held = NULL;
	t_held_store = NULL;
	if (c) {
		store_rollback(c);
		store_release(c);
	}
}

void app_snapshot_hold(app *ap, store_conn *c)
{
	if (!c)
		return;
	app_snapshot_drop();
	t_held = c;
	t_held_store = ap->st;
}

void app_request_end(void)
{
	app_snapshot_drop();
}

store_conn *app_tx_begin(app *ap, err *e)
{
	app_snapshot_drop(); /* what follows a write reads after it */
	store_conn *c = store_acquire(ap->st, e);
	if (!c)
		return NULL;
	if (store_begin_write(c, e) < 0) {
		store_release(c);
		return NULL;
	}
	return c;
}

int app_tx_end(store_conn *c, int rc, err *e)
{
	if (rc == 0)
		rc = store_commit(c, e);
	else
		store_rollback(c);
	store_release(c);
	return rc;
}

store_conn *app_read_begin(app *ap, err *e)
{
	/* a read outside a snapshot: the held one goes back to the pool first, so that a thread
	 * holds one connection at a time (each has its page cache) */
	app_snapshot_drop();
	return store_acquire(ap->st, e);
}

void app_read_end(store_conn *c)
{
	store_release(c);
}

int app_tx_end_json(store_conn *c, int rc, json_t **out, err *e)
{
	rc = app_tx_end(c, rc, e);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

store_conn *app_snapshot_begin(app *ap, err *e)
{
	if (t_held && t_held_store == ap->st) {
		store_conn *held = t_held;
		t_held = NULL;
		t_held_store = NULL;
		return held;
	}
	app_snapshot_drop();
	store_conn *c = store_acquire(ap->st, e);
	if (c && store_begin(c, e) < 0) {
		store_release(c);
		return NULL;
	}
	return c;
}

void app_snapshot_end(store_conn *c)
{
	if (!c)
		return;
	store_rollback(c);
	store_release(c);
}

const char *app_store_name(const app *ap)
{
	return store_driver_name(ap->st);
}

/* Asked on every page. A database becomes a demo once (`baotu demo`) and stays one, so a yes
 * is kept for good; a no is asked again after DEMO_RECHECK_US, so a demo seeded into the
 * database of a running server shows within seconds. */
#define DEMO_RECHECK_US 10000000LL

bool app_is_demo(app *ap)
{
	static _Atomic int64_t known_demo_store; /* the store (as a number) known to be a demo */
	static _Atomic int64_t no_until;         /* a no stands until then (time_mono_us) */
	static _Atomic int64_t no_store;
	int64_t self = (int64_t)(intptr_t)ap->st;
	if (atomic_load(&known_demo_store) == self)
		return true;
	int64_t now = time_mono_us();
	if (atomic_load(&no_store) == self && now < atomic_load(&no_until))
		return false;
	err e;
	bool demo = false;
	store_conn *c = store_acquire(ap->st, &e);
	if (!c)
		return false;
	arena *a = arena_new();
	const char *v = NULL;
	if (store_setting_get(c, a, "demo", &v, &e) == 0 && v && !strcmp(v, "1"))
		demo = true;
	arena_free(a);
	store_release(c);
	if (demo) {
		atomic_store(&known_demo_store, self);
	} else {
		atomic_store(&no_store, self);
		atomic_store(&no_until, now + DEMO_RECHECK_US);
	}
	return demo;
}

int app_found(int found, const char *msg, err *e)
{
	return app_found_as(found, "id", msg, e);
}

int app_found_as(int found, const char *field, const char *msg, err *e)
{
	if (found == 0)
		err_set(e, 404, "not_found", field, msg);
	return found > 0 ? 0 : -1;
}

int app_refuse_listed(json_t *list, const char *key, err *e, int status, const char *code,
                      const char *field, const char *msg)
{
	if (!json_array_size(list)) {
		json_decref(list);
		return 0;
	}
	err_set(e, status, code, field, msg);
	err_set_details(e, json_pack("{s:o}", key, list));
	return -1;
}

json_t *app_snapshot_read(app *ap, arena *a, const actor *who, int64_t id, app_reader read, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = c ? read(c, a, who, id, e) : NULL;
	app_snapshot_end(c);
	return out;
}

json_t *app_snapshot_page(app *ap, arena *a, const actor *who, int64_t id, int64_t after, int limit,
                          app_page_reader read, err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = c ? read(c, a, who, id, after, limit, e) : NULL;
	app_snapshot_end(c);
	return out;
}

int app_retry_after(err *e, int64_t wait_us, int rc)
{
	e->retry_after_s = (int)((wait_us + 999999) / 1000000);
	return rc;
}

json_t *actor_to_json(const actor *who)
{
	json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)who->user_id, "username",
	                      who->username, "role", role_id(who->role));
	json_object_set_new(o, "institution_id",
	                    who->institution_id ? json_integer(who->institution_id) : json_null());
	return o;
}

void app_today(char out[11])
{
	cal_format(cal_from_us_cst(time_now_us()), out);
}

int app_event_named(store_conn *c, arena *a, const actor *who, const char *type, const char *id,
                    const char *kind, const char *reason, json_t *payload, err *e)
{
	int64_t seq;
	int rc =
	    events_append(c, a, &(event_in){who->label, type, id, kind, reason, payload}, &seq, e);
	if (rc == 0)
		rc = tlog_event_appended(c, a, seq, type, id, kind, payload, e);
	if (rc == 0)
		rc = notify_event(c, a, who, type, id, kind, payload, seq, e);
	json_decref(payload);
	return rc;
}

int app_event(store_conn *c, arena *a, const actor *who, const char *type, int64_t id,
              const char *kind, const char *reason, json_t *payload, err *e)
{
	return app_event_named(c, a, who, type, arena_printf(a, "%lld", (long long)id), kind,
	                       reason, payload, e);
}

int app_record_event(store_conn *c, arena *a, const actor *who, int64_t project_id, const char *key,
                     int64_t id, const char *kind, const char *reason, json_t *payload, err *e)
{
	json_object_set_new(payload, key, json_integer(id));
	return app_event(c, a, who, "project", project_id, kind, reason, payload, e);
}

json_t *app_page(json_t *items, const store_result *r, int limit, const char *cursor)
{
	json_t *out = json_pack("{s:o}", "items", items);
	const char *next = r->nrows > limit && limit > 0 ? store_get(r, limit - 1, cursor) : NULL;
	json_object_set_new(out, "next", next ? json_string(next) : json_null());
	return out;
}

json_t *app_page_of(const store_result *r, int limit, const char *cursor,
                    json_t *(*row)(const store_result *r, int i))
{
	json_t *items = json_array();
	for (int i = 0; i < r->nrows && i < limit; i++)
		json_array_append_new(items, row(r, i));
	return app_page(items, r, limit, cursor);
}

bool app_working_group(const actor *who)
{
	return who->role == ROLE_OFFICER || who->role == ROLE_LEADER;
}

json_t *app_int_or_null(const store_result *r, int i, const char *col)
{
	return store_get(r, i, col) ? json_integer(store_get_int(r, i, col)) : json_null();
}

json_t *app_text_or_null(const store_result *r, int i, const char *col)
{
	const char *v = store_get(r, i, col);
	return v ? json_string(v) : json_null();
}

void app_row_set(json_t *o, const store_result *r, int i, const char *const *cols)
{
	for (; *cols; cols++) {
		const char *col = *cols;
		bool nullable = *col == '?';
		col += nullable;
		bool number = *col == '#';
		col += number;
		const char *v = store_get(r, i, col);
		json_object_set_new(o, col,
		                    !v && nullable ? json_null()
		                    : number       ? json_integer(store_get_int(r, i, col))
		                                   : json_string(v));
	}
}

json_t *app_row_json(const store_result *r, int i, const char *const *cols)
{
	json_t *o = json_object();
	app_row_set(o, r, i, cols);
	return o;
}

bool app_blank(const char *s)
{
	while (s && (*s == ' ' || *s == '\t' || *s == '\n'))
		s++;
	return !s || !*s;
}

int app_text_read(const json_t *body, const char *key, bool required, size_t max, const char **out,
                  err *e)
{
	*out = NULL;
	if (json_get_str(body, key, required, max, out, e) < 0)
		return -1;
	if (required && app_blank(*out))
		return err_set(e, 400, "missing_field", key, "Field {field} is required.");
	if (app_blank(*out))
		*out = NULL;
	return 0;
}

int app_json_field(const json_t *body, const char *key, json_type t, const char *msg, json_t **v,
                   err *e)
{
	*v = json_object_get(body, key);
	if (!*v || json_is_null(*v))
		return err_set(e, 400, "missing_field", key, "Field {field} is required.");
	if (json_typeof(*v) != t)
		return err_set(e, 400, "invalid_type", key, msg);
	return 0;
}

int app_list_strings(const json_t *v, const char *key, size_t max, bool blank_ok, err *e)
{
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
	{
		char f[96];
		snprintf(f, sizeof f, "%s[%zu]", key, i);
		if (!json_is_string(x))
			return err_setf(e, 400, "invalid_type", "Field {field} must be a string.",
			                "%s", f);
		if (json_check_text(json_string_value(x), max, f, e) < 0)
			return -1;
		if (!blank_ok && app_blank(json_string_value(x)))
			return err_setf(e, 400, "missing_field", "Field {field} is required.", "%s",
			                f);
	}
	return 0;
}

int app_label_read(const json_t *body, const char *key, bool required, size_t max,
                   const id_label *labels, size_t n, const char *msg, const char **out, err *e)
{
	*out = NULL;
	if (json_get_str(body, key, required, max, out, e) < 0)
		return -1;
	if (*out && !id_label_find(labels, n, *out))
		return err_set(e, 400, "invalid_value", key, msg);
	return 0;
}

int app_file_check(const upload_file *f, const char **type, err *e)
{
	if (!f->data || !f->filename || !*f->filename)
		return err_set(e, 400, "missing_field", "file", "Field {field} is required.");
	if (json_check_text(f->filename, APP_FILENAME_MAX, "file", e) < 0)
		return -1;
	if (f->len == 0)
		return err_set(e, 400, "invalid_value", "file", "Field {field} is an empty file.");
	if (f->len > APP_FILE_MAX_BYTES)
		return err_set(e, 413, "payload_too_large", "file",
		               "The file is larger than the limit of 20 MiB.");
	*type = sniff_content_type(f->data, f->len);
	if (!*type)
		return err_set(e, 415, "unsupported_media_type", "file",
		               "Only PDF, Word (.docx), Excel (.xlsx), PNG and JPEG files are "
		               "accepted, judged by their content.");
	return 0;
}
