/* The working-day calendar (§4.2: notice periods count working days): a year's public
 * holidays and make-up working days for staff; admins replace a year from its CSV lines. */
#include "web/ui_calendar.h"

#include <stdlib.h>
#include <string.h>

#include "app/calendar.h"
#include "app/notices.h"
#include "core/calendar.h"
#include "lib/csv.h"
#include "lib/time.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/ui.h"

int ui_calendar_current(req *r)
{
	char today[11];
	notice_today(today);
	return reply_redirect(r, arena_printf(r->a, "/calendar/%.4s", today));
}

static const char *weekday_label(req *r, cal_date d)
{
	static const char *const W[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
	                                N_("Fri"), N_("Sat"), N_("Sun")};
	return T(W[cal_weekday(d) - 1]);
}

/* The year's days as the CSV lines the form edits. */
static const char *days_csv(req *r, json_t *y)
{
	buf t = BUF_INIT;
	buf_puts(&t, "date,kind,name,source\n");
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(y, "days"), i, d)
	{
		buf_printf(&t, "%s,%s,", jstr(d, "date"), jstr(d, "kind"));
		const char *parts[2] = {jstr(d, "name"), jstr(d, "source")};
		for (int k = 0; k < 2; k++) {
			const char *s = parts[k];
			if (strpbrk(s, ",\"")) {
				buf_putc(&t, '"');
				for (; *s; s++) {
					if (*s == '"')
						buf_putc(&t, '"');
					buf_putc(&t, *s);
				}
				buf_putc(&t, '"');
			} else {
				buf_puts(&t, s);
			}
			if (!k)
				buf_putc(&t, ',');
		}
		buf_putc(&t, '\n');
	}
	const char *s = arena_strdup(r->a, buf_cstr(&t));
	buf_free(&t);
	return s;
}

static const char *line_label(req *r, int lineno)
{
	return subst(r, T("line {n}"), "n", arena_printf(r->a, "%d", lineno));
}

static int calendar_page(req *r, int year, json_t *y, const char *text, int status)
{
	buf *b = &r->out;
	bool admin = r->who.role & ROLE_ADMIN;
	const char *title =
	    subst(r, T("Working-day calendar {year}"), "year", arena_printf(r->a, "%d", year));
	ui_page_begin(r, title);
	ui_page_head_open(
	    r, T("Public notice periods are counted in working days (§4.2)"), title,
	    T("Public holidays and make-up working days (调休). Every other Monday to Friday is a "
	      "working day; every other Saturday and Sunday is a rest day."));
	html_printf(b,
	            "<div class=\"actions\"><a class=\"button\" href=\"/calendar/%d\">%h %d</a> <a "
	            "class=\"button\" href=\"/calendar/%d\">%h %d</a></div></div>",
	            year - 1, T("Year"), year - 1, year + 1, T("Year"), year + 1);
	const char *saved = req_query(r, "saved");
	if (saved && !strcmp(saved, "1") && !r->e.status)
		html_printf(b, "<div class=\"notice-ok\" role=\"status\">%h</div>",
		            T("The calendar was saved."));
	if (!json_is_true(json_object_get(y, "complete")))
		html_printf(
		    b,
		    "<div class=\"warning-banner\" role=\"alert\" data-code=\"calendar_incomplete"
		    "\"><b>%h</b> %h</div>",
		    subst(r, T("No data for {year}."), "year", arena_printf(r->a, "%d", year)),
		    T(jstr(y, "warning")));
	html_printf(
	    b,
	    "<section class=\"card\"><dl class=\"facts\"><div><dt>%h</dt><dd>%lld</dd></div>"
	    "<div><dt>%h</dt><dd>%zu</dd></div></dl>",
	    T("Working days in the year"), jint(y, "working_days"), T("Special days"),
	    json_array_size(json_object_get(y, "days")));
	json_t *days = json_object_get(y, "days");
	if (json_array_size(days)) {
		ui_table_begin(r, T("Special days"), "",
		               (const char *const[]){T("Date"), T("Weekday"), T("Kind"), T("Name"),
		                                     T("Source"), NULL});
		size_t i;
		json_t *d;
		json_array_foreach(days, i, d)
		{
			cal_date cd = {0, 0, 0};
			cal_parse(jstr(d, "date"), &cd);
			bool hol = !strcmp(jstr(d, "kind"), "holiday");
			html_printf(b,
			            "<tr><td class=\"nowrap\">%h</td><td>%h</td><td><span "
			            "class=\"tag%h\">%h</span></td><td>%h</td><td><small>%h</small>"
			            "</td></tr>",
			            jstr(d, "date"), cd.y ? weekday_label(r, cd) : "",
			            hol ? " holiday" : " workday",
			            hol ? T("Holiday") : T("Make-up working day"), jstr(d, "name"),
			            jstr(d, "source"));
		}
		ui_table_end(r);
	}
	html_printf(b, "</section>");
	if (admin) {
		html_printf(b, "<section class=\"card\" id=\"edit\"><h2>%h</h2>",
		            T("Edit this year"));
		ui_form_error(r, T("Not saved."), NULL);
		html_printf(b, "<form method=\"post\" action=\"/calendar/%d\" class=\"form\">",
		            year);
		ui_csrf_field(r);
		html_printf(b,
		            "<div class=\"field\"><label for=\"f-days\">%h</label><textarea "
		            "id=\"f-days\" name=\"days\" rows=\"18\" class=\"mono\" "
		            "spellcheck=\"false\"",
		            T("Special days, one a line: date,kind,name,source"));
		if (r->e.status)
			html_raw(b, " aria-invalid=\"true\"");
		html_printf(b, ">%h</textarea><small class=\"hint\">%h</small></div>",
		            text ? text : days_csv(r, y),
		            T("kind is holiday (a day off, any day of the week) or workday (a "
		              "Saturday or Sunday that works). Every line must fall in this year; "
		              "saving replaces the whole year."));
		html_printf(
		    b,
		    "<div class=\"field\"><label for=\"f-reason\">%h</label><input "
		    "id=\"f-reason\" name=\"reason\" maxlength=\"2000\" value=\"%a\"></div>"
		    "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
		    "</button></div></form></section>",
		    T("Reason (recorded in the history)"), ui_posted(r, "reason"), T("Save"));
		html_printf(
		    b,
		    "<section class=\"card\" id=\"import\"><h2>%h</h2><p>%h</p><form "
		    "method=\"post\" action=\"/calendar/import\" enctype=\"multipart/form-data\" "
		    "class=\"form\">",
		    T("Import the official schedule"),
		    T("A CSV file in the format of the shipped schedule (date,kind,name,source), "
		      "for one or more years: every year it names is replaced whole."));
		ui_csrf_field(r);
		html_printf(
		    b,
		    "<div class=\"field\"><label for=\"f-file\">%h</label><input "
		    "type=\"file\" id=\"f-file\" name=\"file\" accept=\".csv,text/csv\" "
		    "required></div><div class=\"field\"><label for=\"f-ireason\">%h</label>"
		    "<input id=\"f-ireason\" name=\"reason\" maxlength=\"2000\"></div><div "
		    "class=\"form-actions\"><button type=\"submit\">%h</button></div></form>"
		    "</section>",
		    T("CSV file"), T("Reason (recorded in the history)"), T("Import"));
	}
	return ui_page_end(r, status);
}

/* A year's page again after a refused form: the error in r->e above the forms, the text as the
 * admin typed it (NULL: the year as stored). */
static int page_with_error(req *r, int year, const char *text)
{
	err keep = r->e;
	err_clear(&r->e);
	json_t *y = calendar_year_get(r->app, r->a, year, &r->e);
	if (!y) {
		err_free_details(&keep);
		return -1;
	}
	r->e = keep; /* same address: a field in r->e.field_buf stays valid */
	int rc = calendar_page(r, year, y, text, r->e.status ? r->e.status : 500);
	json_decref(y);
	return rc;
}

/* POST /calendar/import (multipart: file, reason): the official schedule as a file. */
int ui_calendar_import(req *r)
{
	multipart_part parts[4];
	int n = 0;
	json_t *out = NULL;
	if (multipart_parse(req_header(r, "Content-Type"), r->body.data, r->body.len, r->a, parts,
	                    4, &n, &r->e) == 0) {
		const multipart_part *f = multipart_find(parts, n, "file"),
		                     *why = multipart_find(parts, n, "reason");
		const char *reason =
		    why && why->len ? arena_strndup(r->a, why->data, why->len) : NULL;
		if (!f)
			err_set(&r->e, 400, "missing_field", "csv", "Field {field} is required.");
		else if (calendar_import(r->app, r->a, &r->who, f->data, f->len, reason, &out,
		                         &r->e) == 0) {
			json_t *y = json_array_get(json_object_get(out, "years"), 0);
			int year = (int)json_integer_value(json_object_get(y, "year"));
			json_decref(out);
			return reply_redirect(r, arena_printf(r->a, "/calendar/%d?saved=1", year));
		}
	}
	/* this year's page again, with the error above the forms, its field the file's line */
	json_t *line = json_object_get((json_t *)r->e.details, "line");
	if (json_is_integer(line))
		err_setf(&r->e, r->e.status, r->e.code, r->e.msg, "%s",
		         line_label(r, (int)json_integer_value(line)));
	char today[11];
	time_format_date_cst(time_now_us(), today, sizeof today);
	return page_with_error(r, atoi(today), NULL);
}

static int ui_year(req *r, int *year)
{
	*year = calendar_parse_year(req_param(r, "year"));
	if (*year < 0)
		return err_set(&r->e, 404, "not_found", NULL, "No such page or resource.");
	return 0;
}

int ui_calendar(req *r)
{
	int year;
	if (ui_year(r, &year) < 0)
		return -1;
	json_t *y = calendar_year_get(r->app, r->a, year, &r->e);
	if (!y)
		return -1;
	int rc = calendar_page(r, year, y, NULL, 200);
	json_decref(y);
	return rc;
}

#define CALENDAR_TEXT_MAX 65536

/* The textarea's CSV lines as {"days":[...]}; *lines maps each day to its line number. */
static json_t *parse_days_text(req *r, const char *text, int **lines)
{
	json_t *days = json_array();
	size_t pos = 0, len, total = strlen(text);
	const char *line;
	int lineno = 0, n = 0;
	*lines = arena_alloc(r->a, (total / 11 + 2) * sizeof **lines);
	while (csv_next_line(text, total, &pos, &line, &len)) {
		lineno++;
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		while (len && *line == ' ') {
			line++;
			len--;
		}
		if (!len || *line == '#' || (len >= 5 && !strncmp(line, "date,", 5)))
			continue;
		if (lineno == 1 && len >= 3 && !strncmp(line, "\xef\xbb\xbf", 3)) {
			line += 3;
			len -= 3;
		}
		const char *f[4] = {"", "", "", ""};
		int nf = csv_split(r->a, line, len, f, 4);
		if (nf < 2) {
			json_decref(days);
			err_setf(&r->e, 400, "invalid_value",
			         "{field} must read date,kind,name,source.", "%s",
			         line_label(r, lineno));
			return NULL;
		}
		json_t *d = json_object();
		json_t *vals[4] = {json_string(f[0]), json_string(f[1]),
		                   json_string(nf > 2 ? f[2] : ""),
		                   json_string(nf > 3 ? f[3] : "")};
		static const char *const K[4] = {"date", "kind", "name", "source"};
		for (int k = 0; k < 4; k++) {
			if (!vals[k]) {
				for (int j = k + 1; j < 4; j++)
					json_decref(vals[j]);
				json_decref(d);
				json_decref(days);
				err_setf(&r->e, 400, "invalid_text",
				         "{field} is not valid UTF-8 text.", "%s",
				         line_label(r, lineno));
				return NULL;
			}
			json_object_set_new(d, K[k], vals[k]);
		}
		json_array_append_new(days, d);
		(*lines)[n++] = lineno;
	}
	return json_pack("{s:o}", "days", days);
}

int ui_calendar_save(req *r)
{
	int year;
	if (ui_year(r, &year) < 0)
		return -1;
	const char *text = req_form(r, "days");
	if (!text)
		text = "";
	int *lines = NULL;
	json_t *body = NULL, *out = NULL;
	if (strlen(text) > CALENDAR_TEXT_MAX)
		err_set(&r->e, 413, "payload_too_large", NULL, "The request body is too large.");
	else
		body = parse_days_text(r, text, &lines);
	if (body && ui_form_json(r, body, "reason", false) == 0) {
		size_t nd = json_array_size(json_object_get(body, "days"));
		if (calendar_year_put(r->app, r->a, &r->who, year, body, &out, &r->e) == 0) {
			json_decref(body);
			json_decref(out);
			return reply_redirect(r, arena_printf(r->a, "/calendar/%d?saved=1", year));
		}
		/* days[i].x -> the line the admin typed it on */
		const char *f = r->e.field;
		if (f && !strncmp(f, "days[", 5)) {
			size_t i = strtoul(f + 5, NULL, 10);
			if (i < nd)
				err_setf(&r->e, r->e.status, r->e.code, r->e.msg, "%s",
				         line_label(r, lines[i]));
		}
	}
	json_decref(body);
	/* the form again, with the error, the text as typed and the year as stored */
	return page_with_error(r, year, text);
}
