/* The page kit of supervision records (see ui_records.h). */
#include "web/ui_records.h"

#include <string.h>

#include "web/html.h"

/* ---- the pieces of a supervision form ---- */

void ui_sup_form_begin(req *r, const char *action, const char *id, const char *heading,
                       bool multipart)
{
	html_printf(&r->out, "<form method=\"post\" action=\"%a\" class=\"card form\" id=\"%a\"",
	            action, id);
	if (multipart)
		html_raw(&r->out, " enctype=\"multipart/form-data\"");
	html_printf(&r->out, "><h3>%h</h3><input type=\"hidden\" name=\"form\" value=\"%a\">",
	            heading, id);
	ui_csrf_field(r);
}

void ui_sup_form_end(req *r, const char *button)
{
	html_printf(&r->out,
	            "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
	            "</button></div></form>",
	            button);
}

/* What the failed form posted, when form is the one that failed (its hidden "form" field). */
static const char *again(req *r, const char *form, const char *name)
{
	const char *posted = req_form(r, "form");
	return posted && !strcmp(posted, form) ? ui_posted(r, name) : "";
}

void ui_sup_field(req *r, const char *form, const char *name, const char *label, const char *kind,
                  bool required, const char *hint)
{
	buf *b = &r->out;
	const char *value = again(r, form, name);
	html_printf(b, "<div class=\"field\"><label for=\"%a-%a\">%h</label>", form, name, label);
	if (!strcmp(kind, "textarea"))
		html_printf(b, "<textarea id=\"%a-%a\" name=\"%a\" rows=\"4\" maxlength=\"4000\"",
		            form, name, name);
	else
		html_printf(b, "<input id=\"%a-%a\" name=\"%a\" type=\"%a\" value=\"%a\"", form,
		            name, name, kind, value);
	if (hint)
		html_printf(b, " aria-describedby=\"%a-%a-h\"", form, name);
	if (required)
		html_raw(b, " required");
	if (!strcmp(kind, "textarea"))
		html_printf(b, ">%h</textarea>", value);
	else
		html_raw(b, ">");
	if (hint)
		html_printf(b, "<small class=\"hint\" id=\"%a-%a-h\">%h</small>", form, name, hint);
	html_raw(b, "</div>");
}

void ui_sup_select(req *r, const char *form, const char *name, const char *label,
                   const ui_sup_option *options, size_t n)
{
	buf *b = &r->out;
	const char *value = again(r, form, name);
	html_printf(b,
	            "<div class=\"field\"><label for=\"%a-%a\">%h</label><select id=\"%a-%a\" "
	            "name=\"%a\" required>",
	            form, name, label, form, name, name);
	for (size_t i = 0; i < n; i++) {
		html_printf(b, "<option value=\"%a\"", options[i].id);
		if (!strcmp(value, options[i].id))
			html_raw(b, " selected");
		html_printf(b, ">%h</option>", options[i].label);
	}
	html_raw(b, "</select></div>");
}

void ui_sup_tag(req *r, const char *tone, const char *id, const char *label)
{
	html_printf(&r->out, "<span class=\"tag state st-%a\" data-state=\"%a\">%h</span>", tone,
	            id, label);
}

const char *ui_sup_user(req *r, long long user_id)
{
	return user_id ? ui_actor_label(r, NULL, arena_printf(r->a, "user:%lld", user_id)) : "";
}

int ui_sup_body(req *r, json_t *body, const char *const *names)
{
	for (const char *const *n = names; *n; n++) {
		const char *v = req_form(r, *n);
		if (v && ui_json_text(r, body, *n, ui_trim(r, v), false) < 0)
			return -1;
	}
	return 0;
}

const char *ui_sup_label(req *r, const id_label *list, size_t n, const char *id)
{
	const id_label *l = id_label_find(list, n, id);
	return l ? T(l->label) : id;
}

ui_sup_option *ui_sup_options(req *r, const id_label *list, size_t n)
{
	ui_sup_option *o = arena_alloc(r->a, (n ? n : 1) * sizeof *o);
	for (size_t i = 0; i < n; i++)
		o[i] = (ui_sup_option){list[i].id, T(list[i].label)};
	return o;
}

bool ui_sup_allowed(json_t *record, const char *action)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(record, "allowed_actions"), i, v)
	{
		if (!strcmp(json_string_value(v), action))
			return true;
	}
	return false;
}

void ui_sup_flag(req *r, json_t *record, const char *key, const char *name, const char *label)
{
	if (json_is_true(json_object_get(record, key)))
		html_printf(&r->out, " <span class=\"tag flag\" data-%a=\"1\">%h</span>", name,
		            label);
}

void ui_sup_card_table(req *r, const char *id, const char *title, const char *trusted_classes,
                       const char *const *headings, json_t *items, ui_row_fn row, void *ctx,
                       const char *empty)
{
	html_printf(&r->out, "<section class=\"card\" id=\"%a\"><h2>%h</h2>", id, title);
	ui_table(r, title, trusted_classes, headings, items, row, ctx, empty);
	html_raw(&r->out, "</section>");
}

/* ---- pages ---- */

void ui_sup_section(req *r, const ui_sup_section_spec *s, const char *const *headings, json_t *list,
                    int64_t project_id)
{
	bool may = json_is_true(json_object_get(list, s->may));
	json_t *items = json_object_get(list, "items");
	if (json_array_size(items) || may) {
		html_printf(&r->out,
		            "<section class=\"card\" id=\"%a\" aria-labelledby=\"%a-h\">"
		            "<h2 id=\"%a-h\">%h</h2>",
		            s->id, s->id, s->id, s->title);
		ui_table(r, s->title, s->trusted_classes, headings, items, s->row, NULL, s->empty);
		if (may)
			s->form(r, project_id);
		html_raw(&r->out, "</section>");
	}
	json_decref(list);
}

int ui_sup_list_page(req *r, const ui_sup_list_spec *s)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	const char *state = req_query(r, s->param);
	if (state && !*state)
		state = NULL;
	json_t *list = s->list(r->app, r->a, &r->who, 0, state, after, limit, &r->e);
	if (!list)
		return -1;
	json_t *due = s->deadlines(r->app, r->a, &r->who, 0, 200, &r->e);
	if (due)
		s->show(r, state, list, due);
	json_decref(list);
	json_decref(due);
	return due ? ui_page_end(r, 200) : -1;
}

void ui_sup_filter(req *r, const char *action, const char *param, const char *selected,
                   const void *rows, size_t stride, int n, bool (*shown)(const void *row))
{
	buf *b = &r->out;
	html_printf(b,
	            "<form method=\"get\" action=\"%a\" class=\"filters\"><label "
	            "for=\"f-%a\">%h</label> <select id=\"f-%a\" name=\"%a\"><option "
	            "value=\"\">%h</option>",
	            action, param, T("State"), param, param, T("All"));
	for (int i = 0; i < n; i++) {
		const void *row = (const char *)rows + (size_t)i * stride;
		const char *const *idl = row; /* the row's id, then its label */
		if (shown && !shown(row))
			continue;
		html_printf(b, "<option value=\"%a\"", idl[0]);
		if (selected && !strcmp(selected, idl[0]))
			html_raw(b, " selected");
		html_printf(b, ">%h</option>", T(idl[1]));
	}
	html_printf(b, "</select> <button type=\"submit\">%h</button></form>", T("Show"));
}

void ui_sup_head(req *r, json_t *record, const char *anchor, const char *crumb, const char *eyebrow,
                 const char *title)
{
	ui_page_begin(r, title);
	ui_crumbs(r,
	          (const ui_crumb[]){
	              {"/projects", T("Projects")},
	              {arena_printf(r->a, "/projects/%lld#%s", jint(record, "project_id"), anchor),
	               jstr(record, "project_name")},
	              {NULL, crumb}},
	          3);
	html_printf(&r->out,
	            "<div class=\"page-head\"><div><p class=\"eyebrow\">%h</p><h1>%h</h1><p>",
	            eyebrow, title);
}

void ui_sup_head_end(req *r, const ui_failure *f, const ui_label *fields)
{
	html_raw(&r->out, "</p></div></div>");
	const char *done = req_query(r, "done");
	if (done)
		html_printf(&r->out, "<p class=\"flash\" role=\"status\" data-action=\"%a\">%h</p>",
		            done, T("Done."));
	if (f)
		ui_failure_box(r, f, NULL, fields);
}

int ui_sup_after_form(req *r, const char *path, int rc, json_t *out, const char *action,
                      int (*page)(req *r, int64_t id, ui_failure *f), int64_t id)
{
	json_decref(out);
	if (rc == 0)
		return reply_redirect(r, arena_printf(r->a, "%s?done=%s", path, action));
	if ((r->e.status == 404 && r->e.field && !strcmp(r->e.field, "id")) || r->e.status >= 500)
		return -1;
	ui_failure f;
	ui_failure_take(r, &f, action);
	int prc = page(r, id, &f);
	ui_failure_free(&f);
	return prc;
}

int ui_sup_created(req *r, int rc, json_t *out, const char *prefix, const char *action,
                   int64_t project_id, const char *anchor, const char *eyebrow, const char *title,
                   const ui_label *fields, void (*form)(req *r, int64_t project_id))
{
	if (rc == 0)
		return ui_redirect_created(r, out, prefix, "");
	json_decref(out);
	if (r->e.status == 404 || r->e.status >= 500)
		return -1;
	ui_failure f;
	ui_failure_take(r, &f, action);
	ui_page_titled(r, eyebrow, title, NULL);
	ui_failure_box(r, &f, NULL, fields);
	form(r, project_id);
	html_printf(&r->out, "<p><a href=\"/projects/%lld#%a\">%h</a></p>", (long long)project_id,
	            anchor, T("Back to the project"));
	int status = f.status;
	ui_failure_free(&f);
	return ui_page_end(r, status);
}
