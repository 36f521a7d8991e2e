/* The institution register (§3.1, §3.2): the list, the form to register or change an
 * institution, its page with the credit-code place warning and its history. */
#include "web/ui_institutions.h"

#include <string.h>

#include "app/places.h"
#include "core/institution.h"
#include "lib/json.h"
#include "web/html.h"
#include "web/ui.h"

/* §3.1 applicant subject or §3.2 technology firm: the one distinction §3 turns on. */
static bool is_subject(const char *kind)
{
	institution_kind k;
	return institution_kind_parse(kind, &k) == 0 && institution_kind_subject_class(k) > 0;
}

static const char *kind_class_label(req *r, const char *kind)
{
	institution_kind k;
	if (institution_kind_parse(kind, &k) < 0)
		return "";
	return is_subject(kind) ? T("Applicant subject (§3.1)") : T("Technology firm (§3.2)");
}

/* §3.1: rows whose places are not divisions (from before places were coded) are listed for
 * the working group to correct, first ones first; never guessed. */
static void unmapped_places(req *r)
{
	err e;
	err_clear(&e);
	json_t *u = places_unmapped(r->app, r->a, 0, 20, &e);
	err_free_details(&e);
	json_t *items = json_object_get(u, "items");
	if (json_array_size(items) > 0) {
		buf *b = &r->out;
		html_printf(
		    b,
		    "<section class=\"card\" id=\"unmapped-places\"><h2>%h</h2>"
		    "<p class=\"error\" role=\"status\">%h</p><ul>",
		    T("Places to correct (§3.1)"),
		    T("These institutions' places are not administrative divisions, so §3.1 "
		      "cannot judge them; edit each to name its province and city."));
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			html_printf(b,
			            "<li><a href=\"/institutions/%lld/edit\">%h</a>: %h / %h / %h "
			            "<code>%h</code></li>",
			            jint(it, "id"), jstr(it, "name"),
			            jstr(it, "registered_province"), jstr(it, "registered_city"),
			            jstr(it, "main_office_city"), jstr(it, "field"));
		}
		html_printf(b, "</ul>");
		if (json_is_string(json_object_get(u, "next")))
			html_printf(b, "<p>%h</p>", T("More are listed by 'baotu places'."));
		html_printf(b, "</section>");
	}
	json_decref(u);
}

static void register_row(req *r, json_t *it, void *ctx)
{
	html_printf(
	    &r->out,
	    "<tr><td><a href=\"/institutions/%lld\">%h</a></td><td><span class=\"tag %h\">%h"
	    "</span></td><td>%h %h</td><td>%h</td><td><code>%h</code></td></tr>",
	    jint(it, "id"), jstr(it, "name"), is_subject(jstr(it, "kind")) ? "subject" : "tech",
	    ui_kind_label(r, jstr(it, "kind")), jstr(it, "registered_province"),
	    jstr(it, "registered_city"), jstr(it, "main_office_city"), jstr(it, "credit_code"));
}

int ui_institutions(req *r)
{
	int64_t after;
	int limit;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	const char *q = req_query(r, "q");
	if (q && json_check_text(q, 100, "q", &r->e) < 0)
		return -1;
	json_t *list = institution_list(r->app, r->a, &r->who, q, after, limit, &r->e);
	if (!list)
		return -1;
	bool registry = r->who.role & (ROLE_ADMIN | ROLE_OFFICER);
	const char *title =
	    r->who.role == ROLE_INSTITUTION ? T("My institution") : T("Institutions");
	ui_page_begin(r, title);
	buf *b = &r->out;
	ui_page_head_open(r, NULL, title, T("Who is registered, where, and of what kind."));
	if (registry)
		html_printf(b,
		            "<div class=\"actions\"><a class=\"button primary\" "
		            "href=\"/institutions/new\">%h</a></div>",
		            T("Register an institution"));
	html_printf(b, "</div>");
	if (r->who.role != ROLE_INSTITUTION)
		html_printf(
		    b,
		    "<form method=\"get\" action=\"/institutions\" class=\"search\" "
		    "role=\"search\"><label for=\"q\" class=\"sr-only\">%h</label>"
		    "<input id=\"q\" name=\"q\" type=\"search\" value=\"%a\" placeholder=\"%a\">"
		    "<button type=\"submit\">%h</button>",
		    T("Search"), q ? q : "", T("Name or credit code"), T("Search"));
	if (r->who.role != ROLE_INSTITUTION && q && *q)
		html_printf(b, "<a href=\"/institutions\">%h</a>", T("Clear"));
	if (r->who.role != ROLE_INSTITUTION)
		html_printf(b, "</form>");
	if (r->who.role & (ROLE_ADMIN | ROLE_OFFICER | ROLE_LEADER))
		unmapped_places(r);
	ui_table(r, title, "register",
	         (const char *const[]){T("Name"), T("Kind"), T("Registered in"),
	                               T("Main office city"), T("Credit code"), NULL},
	         json_object_get(list, "items"), register_row, NULL,
	         q && *q ? T("No institution matches.") : T("No institution is registered yet."));
	ui_pager(r, list, "/institutions", "q", q);
	json_decref(list);
	return ui_page_end(r, 200);
}

/* The form's values: from a submitted form, else from a record, else empty. */
static const char *fv(req *r, json_t *rec, const char *k)
{
	const char *v = req_form(r, k);
	if (v)
		return v;
	return rec ? jstr(rec, k) : "";
}

static bool fchecked(req *r, json_t *rec, const char *k)
{
	if (!strcmp(r->method, "POST"))
		return req_form(r, k) != NULL;
	return rec && json_is_true(json_object_get(rec, k));
}

#define ATTR_REQUIRED " required maxlength=\"50\""
#define ATTR_NAME " required maxlength=\"200\""
#define ATTR_CREDIT_CODE                                                                           \
	" required minlength=\"18\" maxlength=\"18\" autocapitalize=\"characters\" "               \
	"spellcheck=\"false\" class=\"mono\""
#define ATTR_REASON " maxlength=\"2000\""

/* A division's name in the page's language (its code if the table lacks it). */
static const char *place_label(req *r, const char *code)
{
	const division *d = division_by_code(places_table(), code);
	if (!d)
		return code ? code : "";
	return r->lang == LANG_EN ? d->name_en : d->name;
}

/* Where §3.1's location test points, from the pilot's settings (no city is named in code). */
static const char *region_hint(req *r)
{
	const pilot_region *pr = r->app->region;
	buf ex = BUF_INIT;
	for (int i = 0; i < REGION_MAX_EXCLUDED && pr->excluded_city_codes[i]; i++) {
		if (i)
			buf_puts(&ex, r->lang == LANG_EN ? ", " : "、");
		buf_puts(&ex, place_label(r, pr->excluded_city_codes[i]));
	}
	const char *m =
	    ex.len ? T("The pilot city is {city}; the bureau's jurisdiction is {province} "
	               "except {excluded}.")
	           : T("The pilot city is {city}; the bureau's jurisdiction is {province}.");
	m = subst(r,
	          subst(r, subst(r, m, "city", place_label(r, pr->city_code)), "province",
	                place_label(r, pr->province_code)),
	          "excluded", buf_cstr(&ex));
	buf_free(&ex);
	return m;
}

/* A labelled select of ids (NULL-terminated), each shown by label_of, chosen selected; none
 * (when not NULL) labels an empty first choice. */
static void id_select(req *r, const char *name, const char *label, const char *none,
                      const char *const *ids, const char *(*label_of)(req *r, const char *id),
                      const char *chosen, const char *hint)
{
	buf *b = &r->out;
	html_printf(b,
	            "<div class=\"field\"><label for=\"f-%a\">%h</label><select id=\"f-%a\" "
	            "name=\"%a\"",
	            name, label, name, name);
	html_raw(b, ui_invalid_attr(ui_invalid(r, name)));
	html_printf(b, ">");
	if (none)
		html_printf(b, "<option value=\"\">%h</option>", none);
	for (const char *const *id = ids; *id; id++)
		html_printf(b, "<option value=\"%a\"%h>%h</option>", *id,
		            !strcmp(chosen, *id) ? " selected" : "", label_of(r, *id));
	html_printf(b, "</select><small class=\"hint\">%h</small></div>", hint);
}

static void institution_form(req *r, json_t *rec, long long id)
{
	buf *b = &r->out;
	ui_form_error(r, T("Not saved."), NULL);
	if (id)
		html_printf(b,
		            "<form method=\"post\" action=\"/institutions/%lld\" class=\"card "
		            "form\">",
		            id);
	else
		html_printf(b,
		            "<form method=\"post\" action=\"/institutions\" class=\"card form\">");
	ui_csrf_field(r);
	html_printf(b, "<fieldset><legend>%h</legend>", T("Identity"));
	ui_text_input(r, "name", T("Name"), fv(r, rec, "name"), NULL, ui_invalid(r, "name"),
	              ATTR_NAME);
	ui_text_input(r, "credit_code", T("Unified social credit code"), fv(r, rec, "credit_code"),
	              T("18 characters; the last is the GB 32100-2015 check character."),
	              ui_invalid(r, "credit_code"), ATTR_CREDIT_CODE);
	const char *kinds[KIND__COUNT + 1] = {NULL};
	for (int k = 0; k < KIND__COUNT; k++)
		kinds[k] = institution_kind_id((institution_kind)k);
	id_select(r, "kind", T("Kind"), NULL, kinds, ui_kind_label, fv(r, rec, "kind"),
	          T("Kinds 1 to 5 of §3.1 are applicant subjects; a technology firm (§3.2) "
	            "applies only with one."));
	html_printf(b, "</fieldset>");

	html_printf(b, "<fieldset><legend>%h</legend><p class=\"hint\">%h</p><div class=\"row3\">",
	            T("Location (§3.1)"), region_hint(r));
	/* §3.1: any form of a name is accepted; the lists offer the full names */
	ui_text_input(r, "registered_province", T("Registered province"),
	              fv(r, rec, "registered_province"), NULL, ui_invalid(r, "registered_province"),
	              ATTR_REQUIRED " list=\"places-provinces\" autocomplete=\"off\"");
	ui_text_input(r, "registered_city", T("Registered city"), fv(r, rec, "registered_city"),
	              NULL, ui_invalid(r, "registered_city"),
	              ATTR_REQUIRED " list=\"places-cities\" autocomplete=\"off\"");
	ui_text_input(r, "main_office_city", T("Main office city"), fv(r, rec, "main_office_city"),
	              NULL, ui_invalid(r, "main_office_city"),
	              ATTR_REQUIRED " list=\"places-cities\" autocomplete=\"off\"");
	const division_table *dt = places_table();
	html_printf(b, "<datalist id=\"places-provinces\">");
	for (size_t i = 0; i < dt->n; i++)
		if (dt->rows[i].level == DIVISION_PROVINCE)
			html_printf(b, "<option value=\"%a\">%h</option>", dt->rows[i].name,
			            dt->rows[i].name_en);
	html_printf(b, "</datalist><datalist id=\"places-cities\">");
	for (size_t i = 0; i < dt->n; i++) {
		char cur[DIVISION_CODE_LEN + 1];
		division_current_city(dt->rows[i].code, cur);
		bool city = dt->rows[i].level == DIVISION_CITY || division_is_municipality(cur);
		if (city && !strcmp(cur, dt->rows[i].code)) /* not an abolished city */
			html_printf(b, "<option value=\"%a\">%h</option>", dt->rows[i].name,
			            dt->rows[i].name_en);
	}
	html_printf(b, "</datalist>");
	html_printf(b,
	            "</div><label class=\"check\"><input type=\"checkbox\" name=\"national\" "
	            "value=\"1\"%h> %h</label><label class=\"check\"><input type=\"checkbox\" "
	            "name=\"jinan_branch\" value=\"1\"%h> %h</label></fieldset>",
	            fchecked(r, rec, "national") ? " checked" : "", T("National institution"),
	            fchecked(r, rec, "jinan_branch") ? " checked" : "",
	            T("Important branch in the pilot city"));

	html_printf(b, "<fieldset><legend>%h</legend>", T("Technology firms (§3.2, §3.3)"));
	const char *categories[TECH__COUNT] = {NULL}; /* TECH_NONE is the empty choice */
	for (int t = 1; t < TECH__COUNT; t++)
		categories[t - 1] = tech_category_id((tech_category)t);
	id_select(r, "tech_category", T("Technology category (§3.3)"), T("None"), categories,
	          ui_tech_category_label, fv(r, rec, "tech_category"),
	          T("Only for technology firms: the category that admits a firm to coaching."));
	html_printf(b, "</fieldset>");

	html_printf(b, "<fieldset><legend>%h</legend>", T("Record"));
	ui_text_input(r, "reason", T("Reason (recorded in the history)"),
	              req_form(r, "reason") ? req_form(r, "reason") : "",
	              T("Optional; kept with this change for the audit."), ui_invalid(r, "reason"),
	              ATTR_REASON);
	html_printf(b,
	            "</fieldset><div class=\"form-actions\"><button type=\"submit\" "
	            "class=\"primary\">%h</button>",
	            T("Save"));
	if (id)
		html_printf(b, "<a class=\"button quiet\" href=\"/institutions/%lld\">%h</a>", id,
		            T("Cancel"));
	else
		html_printf(b, "<a class=\"button quiet\" href=\"/institutions\">%h</a>",
		            T("Cancel"));
	html_printf(b, "</div></form>");
}

/* Builds the JSON body of an institution write from the form. */
static json_t *institution_form_json(req *r)
{
	json_t *o = json_object();
	const char *texts[] = {"name",
	                       "credit_code",
	                       "kind",
	                       "registered_province",
	                       "registered_city",
	                       "main_office_city"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *v = req_form(r, texts[i]);
		json_object_set_new(o, texts[i], v ? json_string(v) : json_null());
		if (v && !json_is_string(json_object_get(o, texts[i])))
			json_object_set_new(o, texts[i], json_string("")); /* bad UTF-8 */
	}
	json_object_set_new(o, "national", json_boolean(req_form(r, "national") != NULL));
	json_object_set_new(o, "jinan_branch", json_boolean(req_form(r, "jinan_branch") != NULL));
	const char *tc = req_form(r, "tech_category");
	json_object_set_new(o, "tech_category", tc && *tc ? json_string(tc) : json_null());
	const char *reason = req_form(r, "reason");
	if (reason && *reason)
		json_object_set_new(o, "reason", json_string(reason));
	return o;
}

static void breadcrumb(req *r, const char *here)
{
	ui_crumbs(r,
	          (const ui_crumb[]){{"/institutions", r->who.role == ROLE_INSTITUTION
	                                                   ? T("My institution")
	                                                   : T("Institutions")},
	                             {NULL, here}},
	          2);
}

static int institution_new_page(req *r, int status)
{
	ui_page_begin(r, T("Register an institution"));
	breadcrumb(r, T("Register an institution"));
	html_printf(&r->out, "<h1>%h</h1>", T("Register an institution"));
	institution_form(r, NULL, 0);
	return ui_page_end(r, status);
}

int ui_institution_new(req *r)
{
	return institution_new_page(r, 200);
}

int ui_institution_create(req *r)
{
	json_t *b = institution_form_json(r), *out = NULL;
	int rc = institution_create(r->app, r->a, &r->who, b, &out, &r->e);
	json_decref(b);
	if (rc == 0)
		return ui_redirect_created(r, out, "/institutions/", "");
	return institution_new_page(r, r->e.status);
}

/* A changed value as text: booleans as yes/no, kinds and categories by label. */
static const char *change_value(req *r, const char *field, json_t *v)
{
	if (json_is_true(v))
		return T("Yes");
	if (json_is_false(v))
		return T("No");
	if (!strcmp(field, "warnings")) { /* §3.1: the credit-code warning, by its state */
		json_t *w = json_array_get(v, 0);
		if (!w)
			return T("None");
		return json_is_object(json_object_get(w, "acknowledged"))
		           ? T("Acknowledged")
		           : T("Awaiting acknowledgement by the working group.");
	}
	if (!json_is_string(v))
		return "—";
	if (!strcmp(field, "kind"))
		return ui_kind_label(r, json_string_value(v));
	if (!strcmp(field, "tech_category"))
		return ui_tech_category_label(r, json_string_value(v));
	return json_string_value(v);
}

static void history_table(req *r, long long id)
{
	buf *b = &r->out;
	json_t *ev = events_list(r->app, r->a, &r->who, arena_printf(r->a, "institution:%lld", id),
	                         0, 50, &r->e);
	if (!ev) {
		err_clear(&r->e);
		return;
	}
	html_printf(b, "<section class=\"card\"><h2>%h</h2>", T("History"));
	ui_table_begin(r, T("History"), "history stack-sm",
	               (const char *const[]){"#", T("Time (UTC+8)"), T("Event"), T("By"),
	                                     T("Reason and changes"), NULL});
	ui_actor_names names = {0};
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(ev, "items"), i, it)
	{
		const char *who = ui_actor_label(r, &names, jstr(it, "actor"));
		json_t *reason = json_object_get(it, "reason");
		html_printf(b,
		            "<tr data-kind=\"%a\"><td>%lld</td><td class=\"nowrap\">%h</td>"
		            "<td><span class=\"tag event\">%h</span></td><td>%h</td><td>%h",
		            jstr(it, "kind"), jint(it, "seq"), ui_time_cst(r, jint(it, "ts")),
		            T(jstr(it, "kind")), who,
		            json_is_string(reason) ? json_string_value(reason) : "");
		json_t *changed = json_object_get(json_object_get(it, "payload"), "changed");
		if (json_object_size(changed)) {
			html_printf(b, "<ul class=\"changes\">");
			const char *key;
			json_t *v;
			json_object_foreach(changed, key, v)
			{
				/* a place's code changes with its name: the name says it */
				size_t kl = strlen(key);
				if (kl > 5 && !strcmp(key + kl - 5, "_code") &&
				    json_object_get(changed, arena_strndup(r->a, key, kl - 5)))
					continue;
				html_printf(
				    b,
				    "<li><b>%h</b> %h <span aria-hidden=\"true\">→</span> %h</li>",
				    ui_field_label(r, NULL, key),
				    change_value(r, key, json_object_get(v, "from")),
				    change_value(r, key, json_object_get(v, "to")));
			}
			html_printf(b, "</ul>");
		}
		html_printf(b, "</td></tr>");
	}
	ui_table_end(r);
	html_printf(b, "</section>");
	json_decref(ev);
}

/* §3.1: the credit-code warning, who acknowledged it and why, or the form to do so. */
static void place_warnings(req *r, json_t *o, long long id)
{
	buf *b = &r->out;
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(o, "warnings"), i, w)
	{
		html_printf(b,
		            "<section class=\"card\" id=\"place-warning\"><h2>%h</h2>"
		            "<p class=\"error\" role=\"status\" data-code=\"%a\">%h</p>"
		            "<dl class=\"facts\"><div><dt>%h</dt><dd>%h</dd></div>"
		            "<div><dt>%h</dt><dd>%h %h</dd></div></dl>",
		            T("Credit code and registered place (§3.1)"), jstr(w, "code"),
		            tr(r->lang, jstr(w, "message")), T("The credit code was issued in"),
		            place_label(r, jstr(w, "credit_code_city_code")), T("Registered in"),
		            jstr(o, "registered_province"), jstr(o, "registered_city"));
		json_t *ack = json_object_get(w, "acknowledged");
		if (json_is_object(ack)) {
			html_printf(
			    b, "<p class=\"acknowledged\">%h</p>",
			    subst(r,
			          subst(r,
			                subst(r, T("Acknowledged by {actor} on {time}: {reason}"),
			                      "actor", ui_actor_label(r, NULL, jstr(ack, "by"))),
			                "time", ui_time_cst(r, jint(ack, "at"))),
			          "reason", jstr(ack, "reason")));
		} else if (r->who.role & (ROLE_OFFICER | ROLE_LEADER)) {
			html_printf(
			    b,
			    "<form method=\"post\" action=\"/institutions/%lld/place-warning/"
			    "acknowledge\" class=\"form\">",
			    id);
			ui_csrf_field(r);
			ui_text_input(
			    r, "reason", T("Reason (recorded in the history)"),
			    req_form(r, "reason") ? req_form(r, "reason") : "",
			    T("Why the warning does not stand in the way, e.g. the firm moved."),
			    ui_invalid(r, "reason"), " required maxlength=\"2000\"");
			html_printf(b,
			            "<div class=\"form-actions\"><button type=\"submit\" "
			            "class=\"primary\">%h</button></div></form>",
			            T("Acknowledge"));
		} else {
			html_printf(b, "<p>%h</p>",
			            T("Awaiting acknowledgement by the working group."));
		}
		html_printf(b, "</section>");
	}
}

/* The institution {id}, as the caller may see it. */
static json_t *record(req *r, int64_t *id)
{
	if (req_param_id(r, "id", id) < 0)
		return NULL;
	return institution_get(r->app, r->a, &r->who, *id, &r->e);
}

int ui_institution_show(req *r)
{
	int64_t id;
	json_t *o = record(r, &id);
	if (!o)
		return -1;
	buf *b = &r->out;
	ui_page_begin(r, jstr(o, "name"));
	breadcrumb(r, jstr(o, "name"));
	html_printf(b,
	            "<div class=\"page-head\"><div><h1>%h</h1><p><span class=\"tag %h\">%h</span> "
	            "<span class=\"tag plain\">%h</span></p></div><div class=\"actions\">",
	            jstr(o, "name"), is_subject(jstr(o, "kind")) ? "subject" : "tech",
	            ui_kind_label(r, jstr(o, "kind")), kind_class_label(r, jstr(o, "kind")));
	if (r->who.role & (ROLE_ADMIN | ROLE_OFFICER))
		html_printf(b, "<a class=\"button\" href=\"/institutions/%lld/edit\">%h</a>",
		            (long long)id, T("Edit"));
	if (r->who.role & (ROLE_STAFF | ROLE_INSTITUTION))
		html_printf(
		    b, "<a class=\"button\" href=\"/eligibility?inst0=%lld&amp;lead=0\">%h</a>",
		    (long long)id, T("Check eligibility"));
	html_printf(b, "</div></div>");
	json_t *tc = json_object_get(o, "tech_category");
	html_printf(b,
	            "<section class=\"card\"><h2>%h</h2><dl class=\"facts\">"
	            "<div><dt>%h</dt><dd><code>%h</code></dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h %h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div>"
	            "<div><dt>%h</dt><dd>%h</dd></div></dl></section>",
	            T("Register entry"), T("Unified social credit code"), jstr(o, "credit_code"),
	            T("Kind"), ui_kind_label(r, jstr(o, "kind")), T("Registered in"),
	            jstr(o, "registered_province"), jstr(o, "registered_city"),
	            T("Main office city"), jstr(o, "main_office_city"), T("National institution"),
	            json_is_true(json_object_get(o, "national")) ? T("Yes") : T("No"),
	            T("Important branch in the pilot city"),
	            json_is_true(json_object_get(o, "jinan_branch")) ? T("Yes") : T("No"),
	            T("Technology category (§3.3)"),
	            json_is_string(tc) ? ui_tech_category_label(r, json_string_value(tc))
	                               : T("None"),
	            T("Last changed"), ui_time_cst(r, jint(o, "updated_at")));
	place_warnings(r, o, (long long)id);
	json_decref(o);
	history_table(r, (long long)id);
	return ui_page_end(r, 200);
}

static int institution_edit_page(req *r, json_t *rec, int64_t id, int status)
{
	const char *name = rec ? jstr(rec, "name") : req_form(r, "name");
	ui_page_begin(r, T("Edit"));
	breadcrumb(r, name && *name ? name : T("Edit"));
	html_printf(&r->out, "<h1>%h</h1>",
	            subst(r, T("Edit {name}"), "name", name && *name ? name : ""));
	institution_form(r, rec, (long long)id);
	return ui_page_end(r, status);
}

int ui_institution_edit(req *r)
{
	int64_t id;
	json_t *o = record(r, &id);
	if (!o)
		return -1;
	int rc = institution_edit_page(r, o, id, 200);
	json_decref(o);
	return rc;
}

int ui_institution_save(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = institution_form_json(r), *out = NULL;
	int rc = institution_update(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	if (rc == 0) {
		json_decref(out);
		return reply_redirect(r, arena_printf(r->a, "/institutions/%lld", (long long)id));
	}
	if (r->e.status == 404)
		return -1;
	return institution_edit_page(r, NULL, id, r->e.status);
}

/* §3.1: an officer or leader acknowledges the credit-code warning from the institution page. */
int ui_institution_ack_place_warning(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *b = ui_reason_body(r), *out = NULL;
	int rc = institution_acknowledge_place_warning(r->app, r->a, &r->who, id, b, &out, &r->e);
	json_decref(b);
	json_decref(out);
	if (rc < 0 && r->e.status == 400) {
		/* the page again, the error above the form */
		err ge;
		err_clear(&ge);
		json_t *o = institution_get(r->app, r->a, &r->who, id, &ge);
		err_free_details(&ge);
		if (!o)
			return -1;
		ui_page_begin(r, jstr(o, "name"));
		breadcrumb(r, jstr(o, "name"));
		ui_form_error(r, T("Not saved."), NULL);
		place_warnings(r, o, (long long)id);
		json_decref(o);
		return ui_page_end(r, 400);
	}
	if (rc < 0)
		return -1;
	return reply_redirect(r, arena_printf(r->a, "/institutions/%lld", (long long)id));
}
