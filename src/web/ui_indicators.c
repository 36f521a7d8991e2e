/* Risk monitoring pages (§4.3 item 2). See ui_indicators.h. The charts are SVG drawn here on
 * the server (no JavaScript): each indicator's worst value per bucket of time as a line, the
 * warning and breach thresholds as dashed lines, the alerts as marks, axes with their labels
 * and unit; role="img" with a <title> and <desc> that say the same in words, and a table of the
 * last values beside them. */
#include "web/ui_indicators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/indicators.h"
#include "app/projects.h"
#include "core/calendar.h"
#include "core/indicators.h"
#include "core/workflow.h"
#include "lib/json.h"
#include "lib/time.h"
#include "web/html.h"
#include "web/ui_projects.h"

#define DAY_US (86400LL * 1000000)
#define SECTION_DAYS 30 /* the project page's window */
#define PAGE_DAYS 90    /* the indicators page's */

/* ---- numbers as people read them ---- */

static double floor_of(double x)
{
	double i = (double)(long long)x;
	return x < i ? i - 1 : i;
}

static double ceil_of(double x)
{
	double i = (double)(long long)x;
	return x > i ? i + 1 : i;
}

/* v with up to two decimals (none when whole) and thousands grouped: 1,234,567.5 */
static const char *num_text(req *r, double v)
{
	char raw[64];
	snprintf(raw, sizeof raw, "%.2f", v < 0 ? -v : v);
	char *dot = strchr(raw, '.');
	if (dot) {
		char *end = raw + strlen(raw) - 1;
		while (end > dot && *end == '0')
			*end-- = 0;
		if (end == dot)
			*dot = 0;
	}
	size_t whole = dot && *dot ? (size_t)(dot - raw) : strlen(raw);
	buf b = BUF_INIT;
	if (v < 0 && strcmp(raw, "0"))
		buf_putc(&b, '-');
	for (size_t i = 0; raw[i]; i++) {
		if (i && i < whole && (whole - i) % 3 == 0)
			buf_putc(&b, ',');
		buf_putc(&b, raw[i]);
	}
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* An axis label: short, in the units people count large sums in (万, 亿; k, M, B). */
static const char *compact(req *r, double v)
{
	double m = v < 0 ? -v : v;
	if (r->lang == LANG_ZH) {
		if (m >= 1e8)
			return arena_printf(r->a, "%s亿", num_text(r, v / 1e8));
		if (m >= 1e4)
			return arena_printf(r->a, "%s万", num_text(r, v / 1e4));
	} else {
		if (m >= 1e9)
			return arena_printf(r->a, "%sB", num_text(r, v / 1e9));
		if (m >= 1e6)
			return arena_printf(r->a, "%sM", num_text(r, v / 1e6));
		if (m >= 1e4)
			return arena_printf(r->a, "%sk", num_text(r, v / 1e3));
	}
	return num_text(r, v);
}

/* Fen are shown as yuan; the other units as they are. */
static double shown(const char *unit, double v)
{
	return !strcmp(unit, "fen") ? v / 100 : v;
}

static const char *unit_label(req *r, const char *unit)
{
	if (!strcmp(unit, "fen"))
		return T("yuan");
	if (!strcmp(unit, "percent"))
		return "%";
	if (!strcmp(unit, "count"))
		return "";
	return unit;
}

/* A value of an indicator with its unit: "1,700", "5,000 元", "99.5%". */
static const char *value_text(req *r, const char *unit, json_t *v)
{
	if (!json_is_number(v))
		return "—";
	const char *n = num_text(r, shown(unit, json_number_value(v)));
	const char *u = unit_label(r, unit);
	if (!*u)
		return n;
	return arena_printf(r->a, !strcmp(unit, "percent") ? "%s%s" : "%s %s", n, u);
}

static const char *level_label(req *r, const char *level)
{
	if (!strcmp(level, "warning"))
		return T("Warning");
	if (!strcmp(level, "breach"))
		return T("Breach");
	if (!strcmp(level, "stale"))
		return T("No recent data");
	return T("Normal");
}

static const char *status_label(req *r, const char *status)
{
	if (!strcmp(status, "acknowledged"))
		return T("Acknowledged");
	if (!strcmp(status, "resolved"))
		return T("Resolved");
	return T("Open");
}

/* The indicator's level as a tag: its last value's level, or no recent data. */
static void level_tag(req *r, json_t *ind)
{
	const char *lv = json_is_true(json_object_get(ind, "stale")) ? "stale" : jstr(ind, "level");
	html_printf(&r->out, "<span class=\"tag lvl-%a\" data-level=\"%a\">%h</span>", lv, lv,
	            level_label(r, lv));
}

/* An RFC 3339 time of the API as China Standard Time. */
static const char *at_text(req *r, json_t *v)
{
	int64_t us;
	return json_is_string(v) && ind_time_parse(json_string_value(v), &us) == 0
	           ? ui_time_cst(r, us)
	           : "—";
}

static const char *day_text(req *r, int64_t us)
{
	char d[11];
	cal_format(cal_from_us_cst(us), d);
	return arena_strdup(r->a, d);
}

/* ---- the chart ---- */

#define CW 480 /* the SVG's user space */
#define CH 220
#define PL 64 /* the plot's margins */
#define PR 84 /* room for the thresholds' labels */
#define PT 18
#define PB 32

typedef struct scale {
	int64_t from, to;
	double lo, hi, step;
} scale;

static double xs(const scale *s, int64_t at)
{
	return PL + (double)(at - s->from) / (double)(s->to - s->from) * (CW - PL - PR);
}

static double ys(const scale *s, double v)
{
	return CH - PB - (v - s->lo) / (s->hi - s->lo) * (CH - PT - PB);
}

static const char *f1(req *r, double v)
{
	return arena_printf(r->a, "%.1f", v);
}

/* A step of 1, 2 or 5 times a power of ten that cuts the range in about four. */
static double nice_step(double range)
{
	double raw = range / 4, p = 1;
	while (p * 10 <= raw)
		p *= 10;
	while (p > raw && p > 1e-6)
		p /= 10;
	double m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void extend(bool *any, double *lo, double *hi, double v)
{
	if (!*any || v < *lo)
		*lo = v;
	if (!*any || v > *hi)
		*hi = v;
	*any = true;
}

static scale scale_of(json_t *ind, int64_t from, int64_t to)
{
	const char *unit = jstr(ind, "unit");
	bool any = false, below = !strcmp(jstr(ind, "direction"), "below");
	double lo = 0, hi = 1;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(ind, "series"), i, p)
	{
		extend(&any, &lo, &hi, shown(unit, json_number_value(json_array_get(p, 1))));
		extend(&any, &lo, &hi, shown(unit, json_number_value(json_array_get(p, 2))));
	}
	const char *const limits[] = {"warn", "breach"};
	for (int k = 0; k < 2; k++)
		if (json_is_number(json_object_get(ind, limits[k])))
			extend(&any, &lo, &hi,
			       shown(unit, json_number_value(json_object_get(ind, limits[k]))));
	if (!below && lo > 0)
		lo = 0; /* amounts and counts read from zero */
	if (hi - lo < 1e-9) {
		hi += 1;
		lo -= below ? 1 : 0;
	}
	double step = nice_step(hi - lo);
	return (scale){from, to, floor_of(lo / step) * step, ceil_of(hi / step) * step, step};
}

/* The words of the chart (its <desc>), for a screen reader and anyone without the picture. */
static const char *chart_desc(req *r, json_t *ind, int64_t from, int64_t to)
{
	const char *unit = jstr(ind, "unit");
	json_t *series = json_object_get(ind, "series");
	bool below = !strcmp(jstr(ind, "direction"), "below");
	buf b = BUF_INIT;
	buf_printf(&b, "%s %s – %s (UTC+8). ", T("Period:"), day_text(r, from), day_text(r, to));
	if (!json_array_size(series)) {
		buf_printf(&b, "%s ", T("No data in the period."));
	} else {
		bool any = false;
		double lo = 0, hi = 0;
		size_t i;
		json_t *p;
		json_array_foreach(series, i, p)
		{
			extend(&any, &lo, &hi, json_number_value(json_array_get(p, 1)));
			extend(&any, &lo, &hi, json_number_value(json_array_get(p, 2)));
		}
		json_t *jl = json_real(lo), *jh = json_real(hi);
		buf_printf(&b, "%s %s; %s %s. ", T("Lowest:"), value_text(r, unit, jl),
		           T("Highest:"), value_text(r, unit, jh));
		json_decref(jl);
		json_decref(jh);
	}
	buf_printf(&b, "%s %s; %s %s; %s. ", T("Warning threshold:"),
	           value_text(r, unit, json_object_get(ind, "warn")), T("Breach threshold:"),
	           value_text(r, unit, json_object_get(ind, "breach")),
	           below ? T("lower values are worse") : T("higher values are worse"));
	buf_printf(&b, "%s %s (%s). ", T("Last value:"),
	           value_text(r, unit, json_object_get(ind, "last_value")),
	           at_text(r, json_object_get(ind, "last_at")));
	buf_printf(&b, "%s %zu.", T("Alerts in the period:"),
	           json_array_size(json_object_get(ind, "alerts")));
	const char *s = arena_strdup(r->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* dy moves the label off its line when the two thresholds lie close together. */
static void threshold_line(req *r, const scale *s, json_t *ind, const char *key, const char *colour,
                           const char *dash, const char *label, double dy)
{
	json_t *v = json_object_get(ind, key);
	if (!json_is_number(v))
		return;
	double y = ys(s, shown(jstr(ind, "unit"), json_number_value(v)));
	html_printf(&r->out,
	            "<g class=\"threshold\" data-threshold=\"%a\"><line x1=\"%d\" x2=\"%d\" "
	            "y1=\"%a\" y2=\"%a\" stroke=\"%a\" stroke-width=\"1.5\" "
	            "stroke-dasharray=\"%a\"/><text x=\"%d\" y=\"%a\" fill=\"%a\" "
	            "font-size=\"11\" dominant-baseline=\"middle\">%h %h</text></g>",
	            key, PL, CW - PR, f1(r, y), f1(r, y), colour, dash, CW - PR + 4, f1(r, y + dy),
	            colour, label, compact(r, shown(jstr(ind, "unit"), json_number_value(v))));
}

static void axes(req *r, const scale *s, json_t *ind)
{
	buf *b = &r->out;
	/* the value axis: its grid and labels, the unit above it */
	for (double v = s->lo; v <= s->hi + s->step / 2; v += s->step) {
		const char *y = f1(r, ys(s, v));
		html_printf(b,
		            "<line x1=\"%d\" x2=\"%d\" y1=\"%a\" y2=\"%a\" stroke=\"#e2e8f0\"/>"
		            "<text x=\"%d\" y=\"%a\" font-size=\"11\" text-anchor=\"end\" "
		            "fill=\"#475569\" dominant-baseline=\"middle\">%h</text>",
		            PL, CW - PR, y, y, PL - 6, y, compact(r, v));
	}
	const char *u = unit_label(r, jstr(ind, "unit"));
	if (*u)
		html_printf(
		    b, "<text x=\"%d\" y=\"11\" font-size=\"11\" fill=\"#475569\">%h</text>", 4, u);
	/* the time axis: days (CST) at a spacing that leaves room for their labels */
	int64_t span_days = (s->to - s->from) / DAY_US;
	int every = span_days <= 10 ? 1 : span_days <= 45 ? 7 : span_days <= 120 ? 14 : 30;
	cal_date d = cal_from_us_cst(s->from);
	int64_t t = cal_start_us_cst(d);
	if (t < s->from)
		t += DAY_US;
	html_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#64748b\"/>", PL,
	            CW - PR, CH - PB, CH - PB);
	for (; t <= s->to; t += (int64_t)every * DAY_US) {
		const char *x = f1(r, xs(s, t));
		html_printf(b,
		            "<line x1=\"%a\" x2=\"%a\" y1=\"%d\" y2=\"%d\" stroke=\"#64748b\"/>"
		            "<text x=\"%a\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
		            "fill=\"#475569\">%h</text>",
		            x, x, CH - PB, CH - PB + 4, x, CH - PB + 16, day_text(r, t) + 5);
	}
}

static void series_line(req *r, const scale *s, json_t *ind)
{
	buf *b = &r->out;
	const char *unit = jstr(ind, "unit");
	json_t *series = json_object_get(ind, "series");
	bool below = !strcmp(jstr(ind, "direction"), "below");
	size_t i, n = json_array_size(series);
	json_t *p;
	if (!n)
		return;
	/* each bucket's spread, then its worst value as the line */
	json_array_foreach(series, i, p)
	{
		double lo = shown(unit, json_number_value(json_array_get(p, 1)));
		double hi = shown(unit, json_number_value(json_array_get(p, 2)));
		if (hi > lo) {
			const char *x = f1(r, xs(s, json_integer_value(json_array_get(p, 0))));
			html_printf(
			    b,
			    "<line x1=\"%a\" x2=\"%a\" y1=\"%a\" y2=\"%a\" stroke=\"#93c5fd\" "
			    "stroke-width=\"3\"/>",
			    x, x, f1(r, ys(s, lo)), f1(r, ys(s, hi)));
		}
	}
	buf pts = BUF_INIT;
	json_array_foreach(series, i, p)
	{
		double v = shown(unit, json_number_value(json_array_get(p, below ? 1 : 2)));
		buf_printf(&pts, "%s%.1f,%.1f", i ? " " : "",
		           xs(s, json_integer_value(json_array_get(p, 0))), ys(s, v));
	}
	html_printf(b,
	            "<polyline class=\"series\" points=\"%a\" fill=\"none\" stroke=\"#1d4ed8\" "
	            "stroke-width=\"2\" stroke-linejoin=\"round\"/>",
	            buf_cstr(&pts));
	buf_free(&pts);
	if (n <= 60)
		json_array_foreach(series, i, p)
		{
			double v = shown(unit, json_number_value(json_array_get(p, below ? 1 : 2)));
			html_printf(b, "<circle cx=\"%a\" cy=\"%a\" r=\"2.5\" fill=\"#1d4ed8\"/>",
			            f1(r, xs(s, json_integer_value(json_array_get(p, 0)))),
			            f1(r, ys(s, v)));
		}
}

static void alert_marks(req *r, const scale *s, json_t *ind)
{
	buf *b = &r->out;
	const char *unit = jstr(ind, "unit");
	size_t i;
	json_t *al;
	json_array_foreach(json_object_get(ind, "alerts"), i, al)
	{
		const char *level = jstr(al, "level");
		const char *x = f1(r, xs(s, jint(al, "at_us")));
		const char *when = ui_time_cst(r, jint(al, "at_us"));
		if (!strcmp(level, "stale")) {
			html_printf(
			    b,
			    "<g class=\"alert-mark\" data-level=\"stale\"><title>%h · %h</title>"
			    "<line x1=\"%a\" x2=\"%a\" y1=\"%d\" y2=\"%d\" stroke=\"#64748b\" "
			    "stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/><text x=\"%a\" "
			    "y=\"%d\" font-size=\"10\" fill=\"#475569\" text-anchor=\"middle\">"
			    "%h</text></g>",
			    level_label(r, level), when, x, x, PT, CH - PB, x, PT - 4,
			    level_label(r, level));
			continue;
		}
		double v = shown(unit, json_number_value(json_object_get(al, "value")));
		bool breach = !strcmp(level, "breach");
		html_printf(b,
		            "<g class=\"alert-mark\" data-level=\"%a\"><title>%h: %h (%h %h) · %h"
		            "</title><circle cx=\"%a\" cy=\"%a\" r=\"5.5\" fill=\"%a\" "
		            "stroke=\"#fff\" stroke-width=\"1.5\"/></g>",
		            level, level_label(r, level),
		            value_text(r, unit, json_object_get(al, "value")), T("threshold"),
		            value_text(r, unit, json_object_get(al, "threshold")), when, x,
		            f1(r, ys(s, v)), breach ? "#b91c1c" : "#b45309");
	}
}

static void chart(req *r, json_t *ind, int64_t from, int64_t to)
{
	buf *b = &r->out;
	const char *key = jstr(ind, "key");
	scale s = scale_of(ind, from, to);
	html_printf(b,
	            "<figure class=\"chart\" id=\"indicator-%a\" data-indicator=\"%a\"><figcaption>"
	            "<b>%h</b> ",
	            key, key, T(jstr(ind, "name")));
	level_tag(r, ind);
	if (json_is_number(json_object_get(ind, "last_value")))
		html_printf(b, "<span class=\"last\">%h %h · %h</span>", T("Last value:"),
		            value_text(r, jstr(ind, "unit"), json_object_get(ind, "last_value")),
		            at_text(r, json_object_get(ind, "last_at")));
	else
		html_printf(b, "<span class=\"last\">%h</span>", T("No data yet."));
	html_printf(b, "</figcaption>");
	html_printf(
	    b,
	    "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"chart-%a-t chart-%a-d\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "<title id=\"chart-%a-t\">%h</title><desc id=\"chart-%a-d\">%h</desc>",
	    CW, CH, key, key, key, T(jstr(ind, "name")), key, chart_desc(r, ind, from, to));
	axes(r, &s, ind);
	/* labels 12 units apart at least: the worse one on its side */
	json_t *w = json_object_get(ind, "warn"), *br = json_object_get(ind, "breach");
	double dw = 0, db = 0;
	if (json_is_number(w) && json_is_number(br)) {
		const char *u = jstr(ind, "unit");
		double gap = ys(&s, shown(u, json_number_value(w))) -
		             ys(&s, shown(u, json_number_value(br)));
		double g = gap < 0 ? -gap : gap;
		if (g < 12) {
			double push = (12 - g) / 2;
			dw = gap >= 0 ? push : -push; /* the warning's label stays on its side */
			db = -dw;
		}
	}
	threshold_line(r, &s, ind, "warn", "#b45309", "4 3", T("Warning"), dw);
	threshold_line(r, &s, ind, "breach", "#b91c1c", "8 3", T("Breach"), db);
	series_line(r, &s, ind);
	alert_marks(r, &s, ind);
	if (!json_array_size(json_object_get(ind, "series")))
		html_printf(b,
		            "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" "
		            "fill=\"#475569\">%h</text>",
		            (CW + PL) / 2, CH / 2, T("No data in the period."));
	html_printf(b, "</svg></figure>");
}

/* The last values, as a table: what the charts show, for anyone who cannot see them. */
static void last_values_table(req *r, json_t *items)
{
	buf *b = &r->out;
	ui_table_begin(r, T("Last values"), "indicators stack-sm",
	               (const char *const[]){T("Indicator"), T("Last value"), T("Time (UTC+8)"),
	                                     T("Level"), T("Warning threshold"),
	                                     T("Breach threshold"), T("Open alerts"), NULL});
	size_t i;
	json_t *ind;
	json_array_foreach(items, i, ind)
	{
		const char *unit = jstr(ind, "unit");
		html_printf(b,
		            "<tr data-indicator=\"%a\"><td>%h <code>%h</code></td><td>%h</td><td "
		            "class=\"nowrap\">%h</td><td>",
		            jstr(ind, "key"), T(jstr(ind, "name")), jstr(ind, "key"),
		            value_text(r, unit, json_object_get(ind, "last_value")),
		            at_text(r, json_object_get(ind, "last_at")));
		level_tag(r, ind);
		html_printf(b, "</td><td>%h</td><td>%h</td><td>%lld</td></tr>",
		            value_text(r, unit, json_object_get(ind, "warn")),
		            value_text(r, unit, json_object_get(ind, "breach")),
		            jint(ind, "open_alerts"));
	}
	ui_table_end(r);
}

static void charts_grid(req *r, json_t *ch, int64_t from, int64_t to)
{
	html_printf(&r->out, "<div class=\"charts\">");
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(ch, "items"), i, ind) chart(r, ind, from, to);
	html_printf(&r->out, "</div>");
}

/* Whether a project (the JSON of project_get) has risk indicators at all. */
static bool monitored(json_t *p)
{
	const state_info *s = project_state_info(jstr(p, "state"));
	return s && s->supervised && !strcmp(jstr(p, "track"), "pilot");
}

static bool casework(const req *r)
{
	return r->who.role == ROLE_OFFICER || r->who.role == ROLE_LEADER;
}

/* The test period: launch to launch + duration_months (the test boundaries). */
static const char *test_period(req *r, json_t *ch)
{
	cal_date d;
	if (cal_parse(jstr(ch, "launched_on"), &d) < 0)
		return "—";
	if (!json_is_integer(json_object_get(ch, "duration_months")))
		return arena_printf(r->a, "%s –", jstr(ch, "launched_on"));
	long long m = jint(ch, "duration_months");
	cal_date end = {d.y + (int)((d.m - 1 + m) / 12), (int)((d.m - 1 + m) % 12) + 1, d.d};
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (end.d > mdays[end.m - 1])
		end.d = mdays[end.m - 1];
	char e[11];
	cal_format(end, e);
	if (!strcmp(e, "0000-00-00")) /* 29 February of a common year */
		end.d = 28, cal_format(end, e);
	return arena_printf(r->a, "%s – %s", jstr(ch, "launched_on"), e);
}

void ui_indicators_section(req *r, json_t *project)
{
	if (!monitored(project))
		return;
	long long id = jint(project, "id");
	int64_t to = time_now_us(), from = to - SECTION_DAYS * DAY_US;
	err e;
	err_clear(&e);
	json_t *ch = indicator_charts(r->app, r->a, &r->who, id, from, to, 90, &e);
	err_free_details(&e);
	if (!ch)
		return; /* not the caller's to see, or no longer supervised */
	json_t *open = alert_list(r->app, r->a, &r->who, id, "open", 0, 200, &e);
	err_free_details(&e);
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"indicators\" aria-labelledby=\"h-indicators\">"
	            "<h2 id=\"h-indicators\">%h</h2><dl class=\"facts\"><div><dt>%h</dt><dd>%h"
	            "</dd></div><div><dt>%h</dt><dd><a href=\"/projects/%lld/alerts?status=open\">"
	            "%zu</a></dd></div></dl>",
	            T("Risk indicators (§4.3)"), T("Test period"), test_period(r, ch),
	            T("Open alerts"), id,
	            open ? json_array_size(json_object_get(open, "items")) : (size_t)0);
	json_decref(open);
	html_printf(b, "<p class=\"hint\">%h</p>",
	            subst(r,
	                  T("The last {days} days (UTC+8): each indicator's worst value, its "
	                    "warning and breach thresholds (dashed) and its alerts (marks)."),
	                  "days", arena_printf(r->a, "%d", SECTION_DAYS)));
	charts_grid(r, ch, from, to);
	last_values_table(r, json_object_get(ch, "items"));
	html_printf(b,
	            "<p class=\"links\"><a href=\"/projects/%lld/indicators\">%h</a> · <a "
	            "href=\"/projects/%lld/alerts\">%h</a>",
	            id, T("Indicators and thresholds"), id, T("Alerts"));
	if (ui_caller_is_lead(r, project))
		html_printf(b, " · <a href=\"/projects/%lld/tokens\">%h</a>", id, T("API tokens"));
	html_printf(b, "</p></section>");
	json_decref(ch);
}

/* ---- pages of one project ---- */

json_t *ui_indicators_project_begin(req *r, int64_t id, const char *title)
{
	json_t *p = project_get(r->app, r->a, &r->who, id, &r->e);
	if (!p)
		return NULL;
	ui_page_begin(r, arena_printf(r->a, "%s · %s", title, jstr(p, "name")));
	ui_crumbs(r,
	          (const ui_crumb[]){
	              {"/projects", T("Projects")},
	              {arena_printf(r->a, "/projects/%lld", (long long)id), jstr(p, "name")},
	              {NULL, title}},
	          3);
	ui_page_head(r, jstr(p, "name"), title, NULL);
	return p;
}

/* A form's number in the indicator's unit as the API takes it (yuan -> fen): 0 with *out set,
 * 1 when blank (unset), -1 with r->e. */
static int form_value(req *r, const char *field, const char *unit, json_t **out)
{
	const char *s = ui_trim(r, req_form(r, field));
	if (!*s)
		return 1;
	char *end;
	double v = strtod(s, &end);
	if (*end || end == s)
		return err_set(&r->e, 400, "invalid_value", field,
		               "Field {field} must be a number.");
	v = !strcmp(unit, "fen") ? v * 100 : v;
	*out = json_real(v);
	return 0;
}

const ui_label UI_INDICATOR_FIELDS[] = {
    {"warn", N_("Warning threshold")},
    {"breach", N_("Breach threshold")},
    {"stale_after_h", N_("Stale after (hours)")},
    {"stale_after_s", N_("Stale after (hours)")},
    {"key", N_("Key")},
    {"name", N_("Name")},
    {"unit", N_("Unit")},
    {"direction", N_("Which side is bad")},
    {"reason", N_("Reason")},
    {NULL, NULL},
};

/* The working group's form for one indicator's thresholds. */
static void threshold_form(req *r, long long id, json_t *ind)
{
	buf *b = &r->out;
	const char *key = jstr(ind, "key"), *unit = jstr(ind, "unit");
	const char *u = unit_label(r, unit);
	json_t *w = json_object_get(ind, "warn"), *br = json_object_get(ind, "breach");
	html_printf(b,
	            "<details class=\"respond\"><summary>%h</summary><form method=\"post\" "
	            "action=\"/projects/%lld/indicators/%u\" class=\"stack\">",
	            T("Change the thresholds"), id, key);
	ui_csrf_field(r);
	html_printf(
	    b,
	    "<label for=\"w-%a\">%h (%h)</label><input id=\"w-%a\" name=\"warn\" "
	    "inputmode=\"decimal\" value=\"%a\"><label for=\"b-%a\">%h (%h)</label><input "
	    "id=\"b-%a\" name=\"breach\" inputmode=\"decimal\" value=\"%a\"><label "
	    "for=\"s-%a\">%h</label><input id=\"s-%a\" name=\"stale_after_h\" "
	    "inputmode=\"numeric\" value=\"%lld\"><label for=\"r-%a\">%h</label><textarea "
	    "id=\"r-%a\" name=\"reason\" rows=\"2\" maxlength=\"2000\" required></textarea>"
	    "<button type=\"submit\">%h</button></form></details>",
	    key, T("Warning threshold"), *u ? u : T("count"), key,
	    json_is_number(w) ? arena_printf(r->a, "%g", shown(unit, json_number_value(w))) : "",
	    key, T("Breach threshold"), *u ? u : T("count"), key,
	    json_is_number(br) ? arena_printf(r->a, "%g", shown(unit, json_number_value(br))) : "",
	    key, T("Stale after (hours)"), key, jint(ind, "stale_after_s") / 3600, key, T("Reason"),
	    key, T("Save"));
}

static void add_form(req *r, long long id)
{
	buf *b = &r->out;
	html_printf(b,
	            "<section class=\"card\" id=\"add\"><h2>%h</h2><form method=\"post\" "
	            "action=\"/projects/%lld/indicators\" class=\"stack\">",
	            T("Add a custom indicator"), id);
	ui_csrf_field(r);
	ui_text_input(r, "key", T("Key"), ui_posted(r, "key"),
	              T("Lower-case letters, digits and underscores, e.g. settlement_delay_ms."),
	              ui_invalid(r, "key"), " required maxlength=\"48\"");
	ui_text_input(r, "name", T("Name"), ui_posted(r, "name"), NULL, ui_invalid(r, "name"),
	              " required maxlength=\"100\"");
	ui_text_input(r, "unit", T("Unit"), ui_posted(r, "unit"),
	              T("count, fen (shown as yuan), percent, or your own, e.g. ms."),
	              ui_invalid(r, "unit"), " required maxlength=\"20\"");
	const char *dir = ui_posted(r, "direction");
	html_printf(b,
	            "<fieldset><legend>%h</legend><label class=\"choice\"><input type=\"radio\" "
	            "name=\"direction\" value=\"above\"%h> <span>%h</span></label><label "
	            "class=\"choice\"><input type=\"radio\" name=\"direction\" value=\"below\"%h> "
	            "<span>%h</span></label></fieldset>",
	            T("Which side is bad"), strcmp(dir, "below") ? " checked" : "",
	            T("Higher values are worse"), strcmp(dir, "below") ? "" : " checked",
	            T("Lower values are worse"));
	ui_text_input(r, "warn", T("Warning threshold"), ui_posted(r, "warn"), NULL,
	              ui_invalid(r, "warn"), " inputmode=\"decimal\"");
	ui_text_input(r, "breach", T("Breach threshold"), ui_posted(r, "breach"), NULL,
	              ui_invalid(r, "breach"), " inputmode=\"decimal\"");
	ui_text_input(r, "stale_after_h", T("Stale after (hours)"),
	              *ui_posted(r, "stale_after_h") ? ui_posted(r, "stale_after_h") : "48", NULL,
	              ui_invalid(r, "stale_after_s"), " inputmode=\"numeric\"");
	ui_text_area(r, "reason", T("Reason"), ui_posted(r, "reason"), NULL,
	             ui_invalid(r, "reason"), 2);
	html_printf(b, "<button type=\"submit\">%h</button></form></section>", T("Add"));
}

/* The indicators page; failed_key (may be NULL) names the form that came back refused. */
static int indicators_page(req *r, int64_t id, const char *failed)
{
	/* a refused form's error waits while the page reads */
	err kept = r->e;
	if (kept.field == r->e.field_buf)
		kept.field = arena_strdup(r->a, r->e.field_buf);
	r->e.details = NULL;
	err_clear(&r->e);
	int64_t to = time_now_us(), from = to - PAGE_DAYS * DAY_US;
	json_t *ch = indicator_charts(r->app, r->a, &r->who, id, from, to, 120, &r->e), *p = NULL;
	if (ch)
		p = ui_indicators_project_begin(r, id, T("Risk indicators"));
	if (!p) {
		json_decref(ch);
		err_free_details(&kept);
		return -1;
	}
	r->e = kept;
	int status = r->e.status ? r->e.status : 200;
	buf *b = &r->out;
	const char *saved = req_query(r, "saved");
	if (saved && *saved && !r->e.status)
		html_printf(b, "<p class=\"flash\" role=\"status\">%h</p>", T("Saved."));
	if (failed)
		ui_form_error(r, T("Not saved."), UI_INDICATOR_FIELDS);
	html_printf(b, "<section class=\"card\" id=\"charts\"><h2>%h</h2><p class=\"hint\">%h</p>",
	            T("The last 90 days"),
	            T("Each chart: the indicator's worst value per bucket of time (the light bars "
	              "show the spread), its warning and breach thresholds (dashed) and its alerts "
	              "(marks). Times are UTC+8."));
	charts_grid(r, ch, from, to);
	html_printf(b, "</section><section class=\"card\" id=\"thresholds\"><h2>%h</h2>",
	            T("Indicators and thresholds"));
	bool may_change = casework(r) && project_state_info(jstr(p, "state")) &&
	                  project_state_info(jstr(p, "state"))->live;
	ui_table_begin(r, T("Indicators and thresholds"), "indicators stack-sm",
	               (const char *const[]){T("Indicator"), T("Which side is bad"),
	                                     T("Warning threshold"), T("Breach threshold"),
	                                     T("Stale after (hours)"), T("Level"), NULL});
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(ch, "items"), i, ind)
	{
		const char *unit = jstr(ind, "unit");
		html_printf(b, "<tr data-indicator=\"%a\"><td>%h <code>%h</code>", jstr(ind, "key"),
		            T(jstr(ind, "name")), jstr(ind, "key"));
		if (!json_is_true(json_object_get(ind, "standard")))
			html_printf(b, " <span class=\"tag\">%h</span>", T("Custom"));
		html_printf(b, "</td><td>%h</td><td>%h</td><td>%h</td><td>%lld</td><td>",
		            strcmp(jstr(ind, "direction"), "below") ? T("Higher values are worse")
		                                                    : T("Lower values are worse"),
		            value_text(r, unit, json_object_get(ind, "warn")),
		            value_text(r, unit, json_object_get(ind, "breach")),
		            jint(ind, "stale_after_s") / 3600);
		level_tag(r, ind);
		if (may_change)
			threshold_form(r, (long long)id, ind);
		html_printf(b, "</td></tr>");
	}
	ui_table_end(r);
	html_printf(b, "</section>");
	if (may_change)
		add_form(r, (long long)id);
	html_printf(b,
	            "<p class=\"links\"><a href=\"/projects/%lld#indicators\">%h</a> · <a "
	            "href=\"/projects/%lld/alerts\">%h</a></p>",
	            (long long)id, T("Back to the project"), (long long)id, T("Alerts"));
	json_decref(ch);
	json_decref(p);
	return ui_page_end(r, status);
}

int ui_indicators_page(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return indicators_page(r, id, NULL);
}

/* Hours of a form as the API's seconds; blank leaves it out. */
static int form_hours(req *r, json_t *body)
{
	const char *h = ui_trim(r, req_form(r, "stale_after_h"));
	if (!*h)
		return 0;
	long long n = ui_parse_count(h);
	if (n < 0 || n > 366 * 24)
		return err_set(&r->e, 400, "invalid_value", "stale_after_h",
		               "Field {field} must be a whole number of hours, at most a year.");
	json_object_set_new(body, "stale_after_s", json_integer(n * 3600));
	return 0;
}

/* A form's post came back refused: the page again, with the error and what was typed. */
static int form_refused(req *r, int64_t id, const char *which)
{
	if (r->e.status == 404 || r->e.status == 403)
		return -1;
	return indicators_page(r, id, which);
}

int ui_indicator_create(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *unit = ui_trim(r, req_form(r, "unit"));
	json_t *body = json_object(), *v = NULL, *out = NULL;
	int rc = 0;
	const char *const texts[] = {"key", "name", "unit", "direction", NULL};
	for (const char *const *f = texts; rc == 0 && *f; f++)
		rc = ui_json_text(r, body, *f, ui_trim(r, req_form(r, *f)), false);
	const char *const limits[] = {"warn", "breach"};
	for (int k = 0; rc == 0 && k < 2; k++) {
		int got = form_value(r, limits[k], unit, &v);
		rc = got < 0 ? -1 : 0;
		if (got == 0)
			json_object_set_new(body, limits[k], v);
	}
	if (rc == 0)
		rc = form_hours(r, body);
	if (rc == 0 && !ui_blank(req_form(r, "reason")))
		rc = ui_json_text(r, body, "reason", ui_trim(r, req_form(r, "reason")), false);
	if (rc == 0)
		rc = indicator_create(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(
		    r, arena_printf(r->a, "/projects/%lld/indicators?saved=1#thresholds",
		                    (long long)id));
	}
	return form_refused(r, id, "add");
}

int ui_indicator_save(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	const char *key = req_param(r, "key");
	json_t *list = indicator_list(r->app, r->a, &r->who, id, &r->e);
	if (!list)
		return -1;
	const char *unit = "count";
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(list, "items"), i,
	                   ind) if (!strcmp(jstr(ind, "key"), key)) unit =
	    arena_strdup(r->a, jstr(ind, "unit"));
	json_decref(list);
	json_t *body = json_object(), *v = NULL, *out = NULL;
	int rc = 0;
	const char *const limits[] = {"warn", "breach"};
	for (int k = 0; rc == 0 && k < 2; k++) {
		int got = form_value(r, limits[k], unit, &v);
		rc = got < 0 ? -1 : 0;
		json_object_set_new(body, limits[k], got == 0 ? v : json_null()); /* blank: unset */
	}
	if (rc == 0)
		rc = form_hours(r, body);
	if (rc == 0)
		rc = ui_json_text(r, body, "reason", ui_trim(r, req_form(r, "reason")), false);
	if (rc == 0)
		rc = indicator_change(r->app, r->a, &r->who, id, key, body, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(
		    r, arena_printf(r->a, "/projects/%lld/indicators?saved=%s#thresholds",
		                    (long long)id, key));
	}
	return form_refused(r, id, key);
}

/* ---- alerts ---- */

static void alert_forms(req *r, json_t *al, long long project_id)
{
	buf *b = &r->out;
	const char *status = jstr(al, "status");
	long long id = jint(al, "id");
	const char *const verbs[] = {"acknowledge", "resolve"};
	for (int k = 0; k < 2; k++) {
		if ((k == 0 && strcmp(status, "open")) || !strcmp(status, "resolved"))
			continue;
		html_printf(
		    b, "<form method=\"post\" action=\"/alerts/%lld/%a\" class=\"inline-form\">",
		    id, verbs[k]);
		ui_csrf_field(r);
		html_printf(
		    b,
		    "<input type=\"hidden\" name=\"project\" value=\"%lld\"><label "
		    "for=\"%a-%lld\" class=\"sr-only\">%h</label><input id=\"%a-%lld\" "
		    "name=\"reason\" required maxlength=\"2000\" placeholder=\"%a\"><button "
		    "type=\"submit\">%h</button></form>",
		    project_id, verbs[k], id, T("Reason"), verbs[k], id, T("Reason"),
		    k ? T("Resolve") : T("Acknowledge"));
	}
}

static void alert_row(req *r, json_t *al, void *ctx)
{
	buf *b = &r->out;
	long long pid = *(long long *)ctx;
	const char *unit = jstr(al, "unit"), *level = jstr(al, "level");
	html_printf(
	    b,
	    "<tr id=\"alert-%lld\" data-level=\"%a\" data-status=\"%a\"><td>%lld</td><td>%h "
	    "<code>%h</code></td><td><span class=\"tag lvl-%a\">%h</span></td><td>%h</td>"
	    "<td>%h</td><td class=\"nowrap\">%h</td><td>",
	    jint(al, "id"), level, jstr(al, "status"), jint(al, "id"),
	    T(jstr(al, "indicator_name")), jstr(al, "indicator"), level, level_label(r, level),
	    status_label(r, jstr(al, "status")),
	    strcmp(level, "stale")
	        ? arena_printf(r->a, "%s / %s", value_text(r, unit, json_object_get(al, "value")),
	                       value_text(r, unit, json_object_get(al, "threshold")))
	        : "—",
	    at_text(r, json_object_get(al, "at")));
	ui_actor_names names = {0};
	if (json_is_string(json_object_get(al, "acknowledged_by")))
		html_printf(b, "<p>%h %h · %h: %h</p>", T("Acknowledged"),
		            ui_time_cst(r, jint(al, "acknowledged_at")),
		            ui_actor_label(r, &names, jstr(al, "acknowledged_by")),
		            jstr(al, "acknowledge_reason"));
	if (json_is_string(json_object_get(al, "resolved_by")))
		html_printf(b, "<p>%h %h · %h: %h</p>", T("Resolved"),
		            ui_time_cst(r, jint(al, "resolved_at")),
		            ui_actor_label(r, &names, jstr(al, "resolved_by")),
		            jstr(al, "resolve_reason"));
	if (casework(r))
		alert_forms(r, al, pid);
	html_printf(b, "</td></tr>");
}

static int alerts_page(req *r, int64_t id, ui_failure *f)
{
	const char *status = req_query(r, "status");
	if (status && !*status)
		status = NULL;
	int64_t after = 0;
	int limit = 50;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	json_t *list = alert_list(r->app, r->a, &r->who, id, status, after, limit, &r->e);
	if (!list)
		return -1;
	json_t *p = ui_indicators_project_begin(r, id, T("Alerts"));
	if (!p) {
		json_decref(list);
		return -1;
	}
	buf *b = &r->out;
	if (f)
		ui_failure_box(r, f, NULL, UI_INDICATOR_FIELDS);
	html_printf(b, "<nav class=\"sub-nav filters\" aria-label=\"%a\">", T("Alerts"));
	const char *const filters[] = {"", "open", "acknowledged", "resolved"};
	for (int k = 0; k < 4; k++) {
		bool cur = !strcmp(status ? status : "", filters[k]);
		html_printf(b, "<a href=\"/projects/%lld/alerts%h%u\"%h>%h</a> ", (long long)id,
		            *filters[k] ? "?status=" : "", filters[k],
		            cur ? " aria-current=\"page\"" : "",
		            *filters[k] ? status_label(r, filters[k]) : T("All"));
	}
	html_printf(b, "</nav><section class=\"card\"><h2>%h</h2>", T("Alerts"));
	long long pid = (long long)id;
	ui_table(r, T("Alerts"), "alerts stack-sm",
	         (const char *const[]){"#", T("Indicator"), T("Level"), T("Status"),
	                               T("Value / threshold"), T("Time (UTC+8)"), T("Handling"),
	                               NULL},
	         json_object_get(list, "items"), alert_row, &pid, T("No alert."));
	ui_pager(r, list, arena_printf(r->a, "/projects/%lld/alerts", pid),
	         status ? "status" : NULL, status);
	html_printf(b,
	            "</section><p class=\"links\"><a href=\"/projects/%lld#indicators\">%h</a></p>",
	            pid, T("Back to the project"));
	json_decref(list);
	json_decref(p);
	return ui_page_end(r, f ? f->status : 200);
}

int ui_alerts_page(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return alerts_page(r, id, NULL);
}

typedef int (*alert_write)(app *, arena *, const actor *, int64_t, const json_t *, json_t **,
                           err *);

static int alert_form_post(req *r, alert_write fn, const char *verb)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = ui_json_text(r, body, "reason", ui_trim(r, req_form(r, "reason")), false);
	if (rc == 0)
		rc = fn(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	if (rc == 0) {
		const char *loc = arena_printf(r->a, "/projects/%lld/alerts#alert-%lld",
		                               jint(out, "project_id"), (long long)id);
		json_decref(out);
		return reply_redirect(r, loc);
	}
	long long pid = ui_parse_count(ui_trim(r, req_form(r, "project")));
	if (pid < 0 || r->e.status == 404)
		return -1;
	ui_failure f;
	ui_failure_take(r, &f, verb);
	int prc = alerts_page(r, pid, &f);
	ui_failure_free(&f);
	return prc;
}

int ui_alert_acknowledge(req *r)
{
	return alert_form_post(r, alert_acknowledge, "acknowledge");
}

int ui_alert_resolve(req *r)
{
	return alert_form_post(r, alert_resolve, "resolve");
}
