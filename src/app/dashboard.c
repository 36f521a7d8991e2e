/* One table of the sources of the dashboards: a new kind of obligation, deadline or alert is a
 * row here and a function that appends its items, nothing else. */
#include "app/dashboard.h"
#include "app/app_internal.h"
#include "app/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "lib/i18n.h"

const char *const DASHBOARD_SEVERITIES[] = {"critical", "urgent", "warning", "info", NULL};

/* One item. title is an English message id (N_); params (taken) fill its {placeholders}. */
static void item_add(json_t *items, const char *kind, const char *severity, int64_t due_at,
                     int64_t project_id, const char *project_name, const char *title,
                     json_t *params, const char *link)
{
	json_t *o =
	    json_pack("{s:s, s:s, s:s, s:o, s:s}", "kind", kind, "severity", severity, "title",
	              title, "params", params ? params : json_object(), "link", link);
	json_object_set_new(o, "due_at", due_at ? json_integer(due_at) : json_null());
	json_object_set_new(o, "project",
	                    project_id ? json_pack("{s:I, s:s}", "id", (json_int_t)project_id,
	                                           "name", project_name ? project_name : "")
	                               : json_null());
	json_array_append_new(items, o);
}

/* From October on, next year's working-day calendar must be entered (§4.2 periods). */
static int src_calendar(app *ap, arena *a, const actor *who, json_t *items, err *e)
{
	int year;
	if (calendar_next_year_missing(ap, a, &year, e) < 0)
		return -1;
	if (year)
		item_add(items, "calendar_next_year_missing",
		         who->role == ROLE_ADMIN ? "urgent" : "warning", 0, 0, NULL,
		         N_("No working-day calendar for {year} yet."),
		         json_pack("{s:i}", "year", year),
		         arena_printf(a, "/calendar/%d#import", year));
	return 0;
}

typedef struct dashboard_source {
	const char *name;
	role roles; /* who sees its items */
	int (*collect)(app *ap, arena *a, const actor *who, json_t *items, err *e);
} dashboard_source;

static const dashboard_source SOURCES[] = {
    {"calendar", ROLE_ADMIN | ROLE_OFFICER | ROLE_LEADER, src_calendar},
};

static int severity_rank(const char *s)
{
	for (int i = 0; DASHBOARD_SEVERITIES[i]; i++)
		if (!strcmp(s, DASHBOARD_SEVERITIES[i]))
			return i;
	return 99;
}

static int item_cmp(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	int sa = severity_rank(json_string_value(json_object_get(a, "severity"))),
	    sb = severity_rank(json_string_value(json_object_get(b, "severity")));
	if (sa != sb)
		return sa - sb;
	json_t *da = json_object_get(a, "due_at"), *db = json_object_get(b, "due_at");
	if (json_is_integer(da) != json_is_integer(db))
		return json_is_integer(da) ? -1 : 1;
	if (json_is_integer(da) && json_integer_value(da) != json_integer_value(db))
		return json_integer_value(da) < json_integer_value(db) ? -1 : 1;
	return strcmp(json_string_value(json_object_get(a, "kind")),
	              json_string_value(json_object_get(b, "kind")));
}

json_t *dashboard_get(app *ap, arena *a, const actor *who, err *e)
{
	json_t *items = json_array();
	for (size_t i = 0; i < sizeof SOURCES / sizeof *SOURCES; i++)
		if ((SOURCES[i].roles & who->role) &&
		    SOURCES[i].collect(ap, a, who, items, e) < 0) {
			json_decref(items);
			return NULL;
		}
	size_t n = json_array_size(items);
	json_t **v = arena_alloc(a, (n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(items, i));
	qsort(v, n, sizeof *v, item_cmp);
	json_array_clear(items);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, v[i]);
	return json_pack("{s:o}", "items", items);
}
