#include "web/ui_dashboard.h"

#include <string.h>

#include "app/dashboard.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/html.h"
#include "web/ui.h"

const char *dashboard_message(req *r, json_t *item)
{
	const char *msg = T(jstr(item, "title"));
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(item, "params"), k, v)
	{
		const char *s = json_is_string(v) ? json_string_value(v)
		                : json_is_integer(v)
		                    ? arena_printf(r->a, "%lld", (long long)json_integer_value(v))
		                    : "";
		if (!strcmp(k, "indicator"))
			s = T(s); /* a standard indicator's name is a message id */
		msg = subst(r, msg, k, s);
	}
	return msg;
}

static const char *severity_label(req *r, const char *s)
{
	if (!strcmp(s, "critical"))
		return T("Critical");
	if (!strcmp(s, "urgent"))
		return T("Urgent");
	if (!strcmp(s, "warning"))
		return T("Warning");
	return T("For information");
}

/* The severities in the order of core/dashboard.h's scale, for the counts. */
static const char *const SEVERITIES[] = {"critical", "urgent", "warning", "info"};

int ui_dashboard_section(req *r)
{
	json_t *d = dashboard_get(r->app, r->a, &r->who, &r->e);
	if (!d)
		return -1;
	buf *b = &r->out;
	json_t *items = json_object_get(d, "items");
	html_printf(b,
	            "<section class=\"card dashboard\" aria-labelledby=\"dash-h\"><h2 "
	            "id=\"dash-h\">%h</h2>",
	            T("Needs your action"));
	size_t i;
	json_t *it;
	if (!json_array_size(items)) {
		html_printf(b, "<p class=\"muted\" data-empty=\"dashboard\">%h</p>",
		            T("Nothing needs your action today."));
	} else {
		/* at a glance: how many of each severity, most urgent first */
		html_printf(b, "<p class=\"dash-counts\">");
		for (size_t s = 0; s < sizeof SEVERITIES / sizeof *SEVERITIES; s++) {
			int n = 0;
			json_array_foreach(items, i, it) n +=
			    !strcmp(jstr(it, "severity"), SEVERITIES[s]);
			if (n)
				html_printf(b,
				            "<span class=\"tag sev-%a\" data-count=\"%a\">%h "
				            "<b>%d</b></span> ",
				            SEVERITIES[s], SEVERITIES[s],
				            severity_label(r, SEVERITIES[s]), n);
		}
		html_printf(b, "</p><ol class=\"dashboard-items\">");
	}
	json_array_foreach(items, i, it)
	{
		const char *sev = jstr(it, "severity");
		html_printf(b,
		            "<li data-kind=\"%a\" data-severity=\"%a\"><span class=\"tag "
		            "sev-%a\">%h</span> <a href=\"%a\">%h</a>",
		            jstr(it, "kind"), sev, sev, severity_label(r, sev), jstr(it, "link"),
		            dashboard_message(r, it));
		json_t *p = json_object_get(it, "project");
		if (json_is_object(p))
			html_printf(b, " <small>· <a href=\"/projects/%lld\">%h</a></small>",
			            (long long)json_integer_value(json_object_get(p, "id")),
			            jstr(p, "name"));
		json_t *on = json_object_get(it, "due_on"), *due = json_object_get(it, "due_at");
		if (json_is_string(on))
			html_printf(b, " <small>· %h <time datetime=\"%a\">%h</time></small>",
			            T("Due"), json_string_value(on), json_string_value(on));
		else if (json_is_integer(due))
			html_printf(b, " <small>· %h %h</small>", T("Due"),
			            ui_time_cst(r, (long long)json_integer_value(due)));
		html_printf(b, "</li>");
	}
	if (json_array_size(items))
		html_printf(b, "</ol>");
	html_printf(b, "</section>");
	json_decref(d);
	return 0;
}

int api_dashboard(req *r)
{
	json_t *d = dashboard_get(r->app, r->a, &r->who, &r->e);
	if (!d)
		return -1;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(d, "items"), i, it)
	    json_object_set_new(it, "message", json_string(dashboard_message(r, it)));
	return reply_json(r, 200, d);
}
