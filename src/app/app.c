#include "app/app.h"
#include "app/app_internal.h"

#include "core/calendar.h"
#include "store/events.h"
#include "lib/time.h"

#include <string.h>

const actor ACTOR_CLI = {0, "cli", ROLE_ADMIN, 0, "cli"};

store_conn *app_tx_begin(app *ap, err *e)
{
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
	return store_acquire(ap->st, e);
}

void app_read_end(store_conn *c)
{
	store_release(c);
}

const char *app_store_name(const app *ap)
{
	return store_driver_name(ap->st);
}

bool app_is_demo(app *ap)
{
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
	return demo;
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

int app_event(store_conn *c, arena *a, const actor *who, const char *type, int64_t id,
              const char *kind, const char *reason, json_t *payload, err *e)
{
	int rc = events_append(c, a,
	                       &(event_in){who->label, type, arena_printf(a, "%lld", (long long)id),
	                                   kind, reason, payload},
	                       NULL, e);
	json_decref(payload);
	return rc;
}

json_t *app_page(json_t *items, const store_result *r, int limit, const char *cursor)
{
	json_t *out = json_pack("{s:o}", "items", items);
	const char *next = r->nrows > limit && limit > 0 ? store_get(r, limit - 1, cursor) : NULL;
	json_object_set_new(out, "next", next ? json_string(next) : json_null());
	return out;
}
