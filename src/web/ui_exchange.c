/* The information exchange (§4.3.1) as pages. The use cases are in src/app/exchange.c; see
 * exchange.h there for who sees what. */
#include "web/ui_exchange.h"

#include <string.h>

#include "app/complaints.h"
#include "app/exchange.h"
#include "web/api_exchange.h"
#include "web/html.h"
#include "web/ui_complaints.h"

#define THREADS_ON_PROJECT_PAGE 5
#define MESSAGES_SHOWN 200

static const ui_label FIELDS[] = {
    {"subject", N_("Subject")},
    {"body", N_("Message")},
    {"file", N_("Files")},
    {"title", N_("Title")},
    {"project_id", N_("Pilot")},
    {"note", N_("Note")},
    {NULL, NULL},
};

/* The required text "body" of a form (posted again after a refusal), its submit button and
 * the end of the form and of its section. */
static void body_and_send(req *r, const char *label, int rows, int max, const char *button)
{
	ui_body_area(r, label, rows, max, ui_posted(r, "body"));
	html_printf(&r->out,
	            "</div><div class=\"form-actions\"><button type=\"submit\" "
	            "class=\"primary\">%h</button></div></form></section>",
	            button);
}

/* ---- threads ---- */

static void unread_tag(req *r, long long n)
{
	if (n > 0)
		html_printf(&r->out, " <span class=\"tag open\" data-unread=\"%lld\">%h</span>", n,
		            subst(r, T("{n} unread"), "n", arena_printf(r->a, "%lld", n)));
}

static void thread_row(req *r, json_t *t, void *ctx)
{
	bool with_project = ctx != NULL;
	html_printf(&r->out, "<tr data-thread=\"%lld\"><td><a href=\"/threads/%lld\">%h</a>",
	            jint(t, "id"), jint(t, "id"), jstr(t, "subject"));
	unread_tag(r, jint(t, "unread"));
	html_printf(&r->out, "</td>");
	if (with_project)
		html_printf(&r->out, "<td><a href=\"/projects/%lld\">%h</a></td>",
		            jint(t, "project_id"), jstr(t, "project_name"));
	html_printf(&r->out, "<td class=\"num\">%lld</td><td class=\"nowrap\">%h</td></tr>",
	            jint(t, "messages"), ui_time_cst(r, jint(t, "last_message_at")));
}

/* A table of threads; with_project: a column names each thread's project. */
static void threads_table(req *r, json_t *list, bool with_project)
{
	const char *const with[] = {T("Subject"), T("Pilot"), T("Messages"), T("Last message"),
	                            NULL};
	const char *const without[] = {T("Subject"), T("Messages"), T("Last message"), NULL};
	ui_table(r, T("Message threads"), "threads stack-sm", with_project ? with : without,
	         json_object_get(list, "items"), thread_row, with_project ? (void *)1 : NULL,
	         T("No thread yet."));
}

int ui_threads(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = thread_list(r->app, r->a, &r->who, 0, after, limit, &r->e);
	if (!list)
		return -1;
	ui_page_titled(r, T("Information exchange (§4.3.1)"), T("Messages"),
	               T("Threads between the working group and the pilot institutions, the most "
	                 "recently started first."));
	threads_table(r, list, true);
	ui_pager(r, list, "/threads", NULL, NULL);
	json_decref(list);
	return ui_page_end(r, 200);
}

static void new_thread_form(req *r, int64_t project_id)
{
	buf *b = &r->out;
	html_printf(
	    b,
	    "<section class=\"card\" id=\"new-thread\" aria-labelledby=\"h-new-thread\"><h2 "
	    "id=\"h-new-thread\">%h</h2>",
	    T("Start a thread"));
	ui_form_error(r, T("Not sent."), FIELDS);
	html_printf(b, "<form method=\"post\" action=\"/projects/%lld/threads\" class=\"form\">",
	            (long long)project_id);
	ui_csrf_field(r);
	ui_text_input(r, "subject", T("Subject"), ui_posted(r, "subject"), NULL,
	              ui_invalid(r, "subject"), " required maxlength=\"200\"");
	body_and_send(r, T("Message"), 6, MESSAGE_BODY_MAX, T("Send"));
}

static int project_threads_page(req *r, int64_t id, int status)
{
	int64_t after;
	int limit;
	err e;
	err_clear(&e);
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = thread_list(r->app, r->a, &r->who, id, after, limit, &e);
	if (!list) {
		err_free_details(&r->e);
		r->e = e;
		return -1;
	}
	const char *path = arena_printf(r->a, "/projects/%lld/threads", (long long)id);
	ui_page_begin(r, T("Messages"));
	ui_crumbs(r,
	          (const ui_crumb[]){
	              {"/threads", T("Messages")},
	              {arena_printf(r->a, "/projects/%lld", (long long)id), T("The project")},
	              {NULL, T("Threads")}},
	          3);
	ui_page_head(r, T("Information exchange (§4.3.1)"), T("Threads"), NULL);
	threads_table(r, list, false);
	ui_pager(r, list, path, NULL, NULL);
	if (json_is_true(json_object_get(list, "project_supervised")))
		new_thread_form(r, id);
	else
		ui_empty(r,
		         T("New threads are started only while the project is supervised (§4.3)."));
	json_decref(list);
	return ui_page_end(r, status);
}

int ui_project_threads(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return project_threads_page(r, id, 200);
}

int ui_project_thread_create(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = ui_form_fields(r, body, (const char *const[]){"subject", "body", NULL});
	if (rc == 0)
		rc = thread_create(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	if (rc == 0)
		return ui_redirect_created(r, out, "/threads/", "");
	return r->e.status == 404 ? -1
	                          : project_threads_page(r, id, r->e.status ? r->e.status : 500);
}

/* ---- one thread ---- */

static const char *size_text(req *r, long long bytes)
{
	if (bytes < 1024)
		return arena_printf(r->a, "%lld B", bytes);
	if (bytes < 1024 * 1024)
		return arena_printf(r->a, "%.1f KB", (double)bytes / 1024);
	return arena_printf(r->a, "%.1f MB", (double)bytes / (1024 * 1024));
}

static const char *receipt_text(req *r, json_t *k)
{
	return arena_printf(r->a, "%s (%s)", jstr(k, "username"),
	                    ui_time_cst(r, jint(k, "read_at")));
}

static void message_article(req *r, json_t *m, void *ctx)
{
	buf *b = &r->out;
	const char *author = *jstr(m, "author_name") ? jstr(m, "author_name") : jstr(m, "author");
	html_printf(b,
	            "<article class=\"comment\" id=\"message-%lld\" data-side=\"%a\"><p "
	            "class=\"eyebrow\">%h · %h · %h</p><p class=\"prose\">%h</p>",
	            jint(m, "id"), jstr(m, "side"), ui_side_label(r, jstr(m, "side")), author,
	            ui_time_cst(r, jint(m, "sent_at")), jstr(m, "body"));
	json_t *files = json_object_get(m, "attachments");
	if (json_array_size(files)) {
		html_printf(b, "<ul class=\"plain-list\" aria-label=\"%a\">", T("Files"));
		size_t i;
		json_t *f;
		json_array_foreach(files, i, f)
		    html_printf(b, "<li><a href=\"%a\" data-attachment=\"%lld\">%h</a> (%h)</li>",
		                jstr(f, "download"), jint(f, "id"), jstr(f, "filename"),
		                size_text(r, jint(f, "size")));
		html_printf(b, "</ul>");
	}
	json_t *reads = json_object_get(m, "read_by");
	html_printf(b, "<p class=\"fine-print\" data-receipts=\"%zu\">", json_array_size(reads));
	if (!json_array_size(reads))
		html_printf(b, "%h", T("Not read yet by anyone else."));
	else
		html_printf(b, "%h ", T("Read by:"));
	ui_joined(r, reads, receipt_text);
	html_printf(b, "</p></article>");
}

static void reply_form(req *r, long long id)
{
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"reply\" aria-labelledby=\"h-reply\"><h2 "
	            "id=\"h-reply\">%h</h2>",
	            T("Reply"));
	ui_form_error(r, T("Not sent."), FIELDS);
	html_printf(b,
	            "<form method=\"post\" action=\"/threads/%lld/messages\" class=\"form\" "
	            "enctype=\"multipart/form-data\">",
	            id);
	ui_csrf_field(r);
	ui_body_area(r, T("Message"), 5, MESSAGE_BODY_MAX, "");
	html_printf(b,
	            "</div><div class=\"field\"><label for=\"f-file\">%h</label><input "
	            "type=\"file\" id=\"f-file\" name=\"file\" multiple "
	            "accept=\".pdf,.docx,.xlsx,.png,.jpg,.jpeg\" aria-describedby=\"h-file\"",
	            T("Files (optional)"));
	html_raw(b, ui_invalid_attr(ui_invalid(r, "file")));
	html_printf(b,
	            "><small class=\"hint\" id=\"h-file\">%h</small></div><div "
	            "class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h</button>"
	            "</div></form></section>",
	            T("At most 5 files: PDF, Word, Excel, PNG or JPEG, 20 MiB in all."), T("Send"));
}

/* The thread's page; r->e (when set) is a failed reply's error, shown with its status. Opening
 * it records the reader's receipts, as opening a letter would. */
static int thread_page(req *r, int64_t id)
{
	err e;
	err_clear(&e);
	int64_t after;
	int limit;
	json_t *none = json_object(), *marked = NULL;
	int rc = thread_mark_read(r->app, r->a, &r->who, id, none, &marked, &e);
	json_decref(none);
	json_decref(marked);
	json_t *t = rc == 0 ? thread_get(r->app, r->a, &r->who, id, &e) : NULL;
	json_t *list = t && req_page(r, &after, &limit) == 0
	                   ? message_list(r->app, r->a, &r->who, id, after,
	                                  limit < MESSAGES_SHOWN ? MESSAGES_SHOWN : limit, &e)
	                   : NULL;
	if (!list) {
		json_decref(t);
		if (e.status) {
			err_free_details(&r->e);
			r->e = e;
		}
		return -1;
	}
	int status = r->e.status ? r->e.status : 200;
	buf *b = &r->out;
	ui_page_begin(r, jstr(t, "subject"));
	ui_crumbs(
	    r,
	    (const ui_crumb[]){{"/threads", T("Messages")},
	                       {arena_printf(r->a, "/projects/%lld/threads", jint(t, "project_id")),
	                        jstr(t, "project_name")},
	                       {NULL, jstr(t, "subject")}},
	    3);
	ui_page_head(r, T("Information exchange (§4.3.1)"), jstr(t, "subject"), NULL);
	html_printf(b, "<section class=\"card\" id=\"messages\">");
	ui_each(r, json_object_get(list, "items"), T("No message."), message_article, NULL);
	ui_pager(r, list, arena_printf(r->a, "/threads/%lld", (long long)id), NULL, NULL);
	html_printf(b, "</section>");
	if (json_is_true(json_object_get(t, "may_write")))
		reply_form(r, id);
	json_decref(list);
	json_decref(t);
	return ui_page_end(r, status);
}

int ui_thread_show(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return thread_page(r, id);
}

int ui_thread_reply(req *r)
{
	int64_t id;
	json_t *out = NULL;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	if (message_post(r, id, &out) == 0) {
		const char *loc = arena_printf(r->a, "/threads/%lld#message-%lld", (long long)id,
		                               jint(out, "id"));
		json_decref(out);
		return reply_redirect(r, loc);
	}
	json_decref(out);
	return r->e.status == 404 ? -1 : thread_page(r, id);
}

/* ---- the project page's card ---- */

void ui_exchange_section(req *r, int64_t project_id)
{
	err e;
	err_clear(&e);
	json_t *list =
	    thread_list(r->app, r->a, &r->who, project_id, 0, THREADS_ON_PROJECT_PAGE, &e);
	err_free_details(&e);
	if (!list)
		return; /* neither the complaints nor the messages are the caller's to read */
	if (!json_is_true(json_object_get(list, "project_supervised")) &&
	    !json_array_size(json_object_get(list, "items"))) {
		json_decref(list);
		return;
	}
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"supervision-exchange\" "
	            "aria-labelledby=\"h-exchange\"><h2 id=\"h-exchange\">%h</h2><h3>%h</h3>",
	            T("Complaints and messages (§4.3)"), T("Complaints"));
	ui_complaints_figures(r, project_id);
	html_printf(b, "<h3>%h</h3>", T("Messages with the working group"));
	threads_table(r, list, false);
	html_printf(b, "<p><a href=\"/projects/%lld/threads\">%h</a></p></section>",
	            (long long)project_id, T("Every thread, and a new one"));
	json_decref(list);
}

/* ---- situations reported to the CSRC ---- */

static void situation_article(req *r, json_t *s, void *ctx)
{
	buf *b = &r->out;
	bool pending = !strcmp(jstr(s, "status"), "pending");
	html_printf(
	    b,
	    "<article class=\"comment\" id=\"situation-%lld\" data-status=\"%a\"><h3>%h</h3>"
	    "<p class=\"eyebrow\">%h · %h",
	    jint(s, "id"), jstr(s, "status"), jstr(s, "title"), jstr(s, "reported_by_name"),
	    ui_time_cst(r, jint(s, "reported_at")));
	if (*jstr(s, "project_name"))
		html_printf(b, " · <a href=\"/projects/%lld\">%h</a>", jint(s, "project_id"),
		            jstr(s, "project_name"));
	html_printf(b, " <span class=\"tag%h\">%h</span></p><p class=\"prose\">%h</p>",
	            pending ? " pending" : "", pending ? T("Awaiting the CSRC") : T("Acknowledged"),
	            jstr(s, "body"));
	if (!pending) {
		html_printf(b, "<p class=\"fine-print\">%h %h · %h</p>", T("Acknowledged by"),
		            jstr(s, "acknowledged_by_name"),
		            ui_time_cst(r, jint(s, "acknowledged_at")));
		if (*jstr(s, "acknowledgement"))
			html_printf(b, "<p class=\"prose\">%h</p>", jstr(s, "acknowledgement"));
	} else if (r->who.role == ROLE_CSRC) {
		html_printf(b,
		            "<form method=\"post\" action=\"/situations/%lld/acknowledge\" "
		            "class=\"inline-form\">",
		            jint(s, "id"));
		ui_csrf_field(r);
		html_printf(
		    b,
		    "<input name=\"note\" maxlength=\"%d\" aria-label=\"%a\" placeholder=\"%a\">"
		    "<button type=\"submit\">%h</button></form>",
		    SITUATION_NOTE_MAX, T("Note (optional)"), T("Note (optional)"),
		    T("Acknowledge"));
	}
	html_printf(b, "</article>");
}

static void report_form(req *r)
{
	buf *b = &r->out;
	err e;
	err_clear(&e);
	json_t *pilots = complaint_pilots(r->app, r->a, &e);
	err_free_details(&e);
	html_printf(b,
	            "<section class=\"card\" id=\"report\" aria-labelledby=\"h-report\"><h2 "
	            "id=\"h-report\">%h</h2>",
	            T("Report a new situation to the CSRC"));
	ui_form_error(r, T("Not sent."), FIELDS);
	html_printf(b,
	            "<form method=\"post\" action=\"/situations\" class=\"form\"><div "
	            "class=\"field\"><label for=\"f-project_id\">%h</label><select "
	            "id=\"f-project_id\" name=\"project_id\"><option value=\"\">%h</option>",
	            T("Pilot"), T("No particular pilot"));
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(pilots, "items"), i, p) html_printf(
	    b, "<option value=\"%lld\">%h</option>", jint(p, "project_id"), jstr(p, "name"));
	html_printf(b, "</select></div>");
	ui_csrf_field(r);
	ui_text_input(r, "title", T("Title"), ui_posted(r, "title"), NULL, ui_invalid(r, "title"),
	              " required maxlength=\"200\"");
	body_and_send(r, T("The situation"), 8, SITUATION_BODY_MAX, T("Report to the CSRC"));
	json_decref(pilots);
}

static int situations_page(req *r, int status)
{
	int64_t after;
	int limit;
	err e;
	err_clear(&e);
	const char *st = req_query(r, "status");
	if (st && !*st)
		st = NULL;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = situation_list(r->app, r->a, &r->who, st, after, limit, &e);
	if (!list) {
		err_free_details(&r->e);
		r->e = e;
		return -1;
	}
	buf *b = &r->out;
	ui_page_titled(r, T("Information exchange (§4.3.1)"),
	               T("New situations reported to the CSRC"),
	               T("The working group reports new situations of the pilots upward to the "
	                 "CSRC, which acknowledges each."));
	if (r->who.role != ROLE_CSRC)
		report_form(r);
	else if (r->e.status)
		ui_form_error(r, T("Not saved."), FIELDS);
	html_printf(b, "<p class=\"filters\">");
	ui_nav_link(r, "/situations", !st, T("All"));
	html_printf(b, " · ");
	ui_nav_link(r, "/situations?status=pending", st && !strcmp(st, "pending"),
	            T("Awaiting the CSRC"));
	html_printf(b, " · ");
	ui_nav_link(r, "/situations?status=acknowledged", st && !strcmp(st, "acknowledged"),
	            T("Acknowledged"));
	html_printf(b, "</p>");
	ui_each(r, json_object_get(list, "items"), T("No report."), situation_article, NULL);
	ui_pager(r, list, "/situations", st ? "status" : NULL, st);
	json_decref(list);
	return ui_page_end(r, status);
}

int ui_situations(req *r)
{
	return situations_page(r, 200);
}

int ui_situation_create(req *r)
{
	json_t *body = json_object(), *out = NULL;
	long long pid = ui_parse_count(ui_trim(r, req_form(r, "project_id")));
	int rc = 0;
	if (pid > 0)
		json_object_set_new(body, "project_id", json_integer(pid));
	else if (*ui_trim(r, req_form(r, "project_id")))
		rc = err_set(&r->e, 400, "invalid_value", "project_id",
		             "Field {field} must be a whole number above zero.");
	if (rc == 0)
		rc = ui_form_fields(r, body, (const char *const[]){"title", "body", NULL});
	if (rc == 0)
		rc = situation_report(r->app, r->a, &r->who, body, &out, &r->e);
	json_decref(body);
	if (rc == 0)
		return ui_redirect_created(r, out, "/situations#situation-", "");
	return situations_page(r, r->e.status ? r->e.status : 500);
}

int ui_situation_acknowledge(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = ui_form_json(r, body, "note", false);
	if (rc == 0)
		rc = situation_acknowledge(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	if (rc == 0)
		return ui_redirect_created(r, out, "/situations#situation-", "");
	return r->e.status == 404 ? -1 : situations_page(r, r->e.status ? r->e.status : 500);
}
