/* Notifications: handlers of the route table. See api_notify.h. */
#include "web/api_notify.h"

#include <string.h>

#include "app/notify.h"
#include "web/api.h"

/* ?unread=1 (or true) lists only what is unread; 0, false or absent lists everything. */
static int unread_param(req *r, bool *unread)
{
	const char *v = req_query(r, "unread");
	*unread = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	if (v && !*unread && strcmp(v, "0") && strcmp(v, "false"))
		return err_set(&r->e, 400, "invalid_value", "unread",
		               "Field {field} must be 1 or 0.");
	return 0;
}

int api_inbox_list(req *r)
{
	int64_t after;
	int limit;
	bool unread;
	if (req_page(r, &after, &limit) < 0 || unread_param(r, &unread) < 0)
		return -1;
	json_t *o = inbox_list(r->app, r->a, &r->who, r->lang, unread, after, limit, &r->e);
	return o ? reply_json(r, 200, o) : -1;
}

int api_inbox_read(req *r)
{
	int64_t id;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	int rc = inbox_mark_read(r->app, r->a, &r->who, r->lang, id, &out, &r->e);
	return api_written(r, rc, out, 200, reply_json);
}

int api_inbox_read_all(req *r)
{
	int64_t n = 0;
	if (inbox_mark_all_read(r->app, r->a, &r->who, &n, &r->e) < 0)
		return -1;
	return reply_json(r, 200, json_pack("{s:I}", "marked", (json_int_t)n));
}

int api_account_email(req *r)
{
	json_t *b = req_json_body(r), *out = NULL;
	if (!b)
		return -1;
	int rc = account_set_email(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	return api_written(r, rc, out, 200, reply_json);
}

int api_webhooks_delete(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0 || webhook_delete(r->app, r->a, &r->who, id, &r->e) < 0)
		return -1;
	return api_no_content(r);
}
