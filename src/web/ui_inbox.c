/* The in-app inbox on pages. See ui_inbox.h. */
#include "web/ui_inbox.h"

#include <string.h>

#include "app/notify.h"
#include "web/html.h"

void ui_inbox_link(req *r)
{
	int64_t n = inbox_unread_count(r->app, r->a, &r->who);
	html_printf(&r->out, "<a class=\"inbox\" href=\"/inbox\">%h", T("Inbox"));
	if (n > 0)
		html_printf(
		    &r->out,
		    " <span class=\"count\" data-unread=\"%lld\"><span class=\"sr-only\">%h "
		    "</span>%lld</span>",
		    (long long)n, T("unread:"), (long long)n);
	html_printf(&r->out, "</a>");
}

static void item_row(req *r, json_t *it, void *ctx)
{
	(void)ctx;
	bool unread = json_is_null(json_object_get(it, "read_at"));
	long long id = jint(it, "id");
	html_printf(&r->out,
	            "<tr data-notification=\"%lld\" data-kind=\"%a\" data-read=\"%a\"><td>", id,
	            jstr(it, "kind"), unread ? "0" : "1");
	if (unread)
		html_printf(&r->out, "<strong>%h</strong>", jstr(it, "title"));
	else
		html_printf(&r->out, "%h", jstr(it, "title"));
	html_printf(&r->out, "</td><td>");
	json_t *pid = json_object_get(it, "project_id");
	if (json_is_integer(pid))
		html_printf(&r->out, "<a href=\"/projects/%lld\">#%lld</a>",
		            (long long)json_integer_value(pid), (long long)json_integer_value(pid));
	html_printf(&r->out, "</td><td class=\"nowrap\">%h</td><td>",
	            ui_time_cst(r, jint(it, "created_at")));
	if (unread) {
		html_printf(&r->out,
		            "<form method=\"post\" action=\"/inbox/%lld/read\" class=\"inline\">",
		            id);
		ui_csrf_field(r);
		html_printf(&r->out, "<button type=\"submit\" class=\"quiet\">%h</button></form>",
		            T("Mark read"));
	} else {
		html_printf(&r->out, "<small class=\"hint\">%h</small>", T("Read"));
	}
	html_printf(&r->out, "</td></tr>");
}

static void email_card(req *r, const char *current)
{
	buf *b = &r->out;
	html_printf(
	    b,
	    "<section class=\"card narrow\" id=\"email\"><h2>%h</h2><p class=\"hint\">%h</p>"
	    "<form method=\"post\" action=\"/account/email\">",
	    T("E-mail notifications"),
	    T("Notifications are also sent to this address; leave it empty for the inbox "
	      "only."));
	ui_csrf_field(r);
	ui_text_input(r, "email", T("E-mail address"), current, NULL, ui_invalid(r, "email"),
	              "type=\"email\" maxlength=\"254\" autocomplete=\"email\"");
	html_printf(b, "<button type=\"submit\">%h</button></form></section>", T("Save"));
}

static int inbox_page(req *r, ui_failure *f)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	bool unread = req_query(r, "unread") && !strcmp(req_query(r, "unread"), "1");
	json_t *list = inbox_list(r->app, r->a, &r->who, r->lang, unread, after, limit, &r->e);
	if (!list)
		return -1;
	json_t *me = user_get_json(r->app, r->a, r->who.user_id, &r->e);
	if (!me) {
		json_decref(list);
		return -1;
	}
	ui_page_titled(r, NULL, T("Inbox"),
	               T("What happened in the projects you work on: reports due and overdue, "
	                 "alerts, inspections, incidents, complaints and messages."));
	if (req_query(r, "saved"))
		html_printf(&r->out, "<p class=\"flash\" role=\"status\">%h</p>", T("Saved."));
	if (f)
		ui_failure_box(r, f, NULL, NULL);
	html_printf(&r->out, "<nav class=\"filters\" aria-label=\"%a\">", T("Filter"));
	ui_nav_link(r, "/inbox", !unread, T("All"));
	ui_nav_link(r, "/inbox?unread=1", unread,
	            arena_printf(r->a, "%s (%lld)", T("Unread"), jint(list, "unread")));
	html_printf(&r->out, "</nav><section class=\"card\">");
	if (jint(list, "unread") > 0) {
		html_printf(&r->out, "<form method=\"post\" action=\"/inbox/read-all\">");
		ui_csrf_field(r);
		html_printf(&r->out, "<button type=\"submit\">%h</button></form>",
		            T("Mark all read"));
	}
	ui_table(
	    r, T("Notifications"), "inbox stack-sm",
	    (const char *const[]){T("Notification"), T("Project"), T("Time"), T("Status"), NULL},
	    json_object_get(list, "items"), item_row, NULL, T("Nothing here."));
	ui_pager(r, list, "/inbox", unread ? "unread" : NULL, unread ? "1" : NULL);
	html_printf(&r->out, "</section>");
	email_card(r, f && ui_invalid(r, "email") ? ui_posted(r, "email") : jstr(me, "email"));
	json_decref(list);
	json_decref(me);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_inbox(req *r)
{
	return inbox_page(r, NULL);
}

int ui_inbox_read(req *r)
{
	int64_t id;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0 ||
	    inbox_mark_read(r->app, r->a, &r->who, r->lang, id, &out, &r->e) < 0)
		return -1;
	json_decref(out);
	return reply_redirect(r, "/inbox");
}

int ui_inbox_read_all(req *r)
{
	int64_t n;
	if (inbox_mark_all_read(r->app, r->a, &r->who, &n, &r->e) < 0)
		return -1;
	return reply_redirect(r, "/inbox");
}

int ui_account_email(req *r)
{
	json_t *body = json_object(), *out = NULL;
	const char *email = ui_trim(r, req_form(r, "email"));
	int rc = 0;
	if (*email)
		rc = ui_json_text(r, body, "email", email, false);
	else
		json_object_set_new(body, "email", json_null());
	if (rc == 0)
		rc = account_set_email(r->app, r->a, &r->who, body, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(r, "/inbox?saved=1#email");
	}
	ui_failure f = ui_failure_view(r);
	return inbox_page(r, &f);
}
