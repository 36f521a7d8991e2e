/* The institution register (§3.1, §3.2): who may be an applicant, where it is, what it is. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/places.h"
#include "app/app_internal.h"
#include "core/credit_code.h"
#include "core/institution.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/institutions.h"
#include "store/users.h"

/* §3.1: the one warning registration may carry (core/division.h). */
#define PLACE_WARNING "credit_code_place_mismatch"
#define PLACE_WARNING_MSG                                                                          \
	"The registering authority named by characters 3–8 of the credit code is not in the "    \
	"stated registered place; an officer must check and acknowledge it (§3.1)."

static const char *const FIELDS[] = {"name",
                                     "credit_code",
                                     "kind",
                                     "registered_province",
                                     "registered_city",
                                     "main_office_city",
                                     "national",
                                     "jinan_branch",
                                     "tech_category",
                                     "reason",
                                     NULL};

#define INVALID_CREDIT_CODE_MSG                                                                    \
	"Field {field} is not a valid unified social credit code (18 characters, GB 32100-2015 "   \
	"check character)."

/* Whether s holds nothing but spaces. */
static bool blank(const char *s)
{
	while (*s == ' ')
		s++;
	return !*s;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The credit-code warning, if any: what the code says, what was stated, and whether and by
 * whom it was acknowledged. */
static json_t *warnings_json(const store_result *r, int i)
{
	json_t *list = json_array();
	const char *w = store_get(r, i, "place_warning");
	if (!w)
		return list;
	char city[DIVISION_CODE_LEN + 1] = "", prov[DIVISION_CODE_LEN + 1] = "";
	division_of_credit_code(store_get(r, i, "credit_code"), city, prov);
	json_t *o =
	    json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", w, "message", PLACE_WARNING_MSG, "field",
	              "credit_code", "clause", "§3.1", "credit_code_city_code", city);
	const char *by = store_get(r, i, "place_warning_ack_by");
	json_object_set_new(o, "acknowledged",
	                    by ? json_pack("{s:s, s:I, s:o}", "by", by, "at",
	                                   (json_int_t)store_get_int(r, i, "place_warning_ack_at"),
	                                   "reason",
	                                   str_or_null(store_get(r, i, "place_warning_ack_reason")))
	                       : json_null());
	json_array_append_new(list, o);
	return list;
}

static json_t *institution_row_json(const store_result *r, int i)
{
	const char *pc = store_get(r, i, "registered_province_code");
	const char *cc = store_get(r, i, "registered_city_code");
	const char *oc = store_get(r, i, "main_office_city_code");
	/* §3.1: names for readers come from the code, so "山东" registered before places were
	 * coded reads as 山东省 like every other row */
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:I}", "id",
	    (json_int_t)store_get_int(r, i, "id"), "name", store_get(r, i, "name"), "credit_code",
	    store_get(r, i, "credit_code"), "kind", store_get(r, i, "kind"), "registered_province",
	    places_name(pc, store_get(r, i, "registered_province")), "registered_city",
	    places_name(cc, store_get(r, i, "registered_city")), "main_office_city",
	    places_name(oc, store_get(r, i, "main_office_city")), "national",
	    store_get_bool(r, i, "national"), "jinan_branch", store_get_bool(r, i, "jinan_branch"),
	    "created_at", (json_int_t)store_get_int(r, i, "created_at"), "updated_at",
	    (json_int_t)store_get_int(r, i, "updated_at"), "version",
	    (json_int_t)store_get_int(r, i, "version"));
	const char *tc = store_get(r, i, "tech_category");
	json_object_set_new(o, "tech_category", tc ? json_string(tc) : json_null());
	json_object_set_new(o, "registered_province_code", str_or_null(pc));
	json_object_set_new(o, "registered_city_code", str_or_null(cc));
	json_object_set_new(o, "main_office_city_code", str_or_null(oc));
	json_object_set_new(o, "warnings", warnings_json(r, i));
	return o;
}

void institution_facts_read(const store_result *r, int i, institution_facts *f)
{
	memset(f, 0, sizeof *f);
	f->id = store_get_int(r, i, "id");
	if (institution_kind_parse(store_get(r, i, "kind"), &f->kind) < 0)
		f->kind = KIND__COUNT; /* judged as unknown_institution_kind */
	f->registered_province_code = store_get(r, i, "registered_province_code");
	f->registered_city_code = store_get(r, i, "registered_city_code");
	f->main_office_city_code = store_get(r, i, "main_office_city_code");
	f->national = store_get_bool(r, i, "national");
	f->jinan_branch = store_get_bool(r, i, "jinan_branch");
	tech_category_parse(store_get(r, i, "tech_category"), &f->tech);
}

/* The validated shape of an institution, whether from a create or a merged update. */
typedef struct inst_in {
	const char *name, *credit_code, *kind, *province, *city, *office, *tech;
	bool national, jinan_branch;
	const char *reason;
} inst_in;

/* The texts of a registration, in the order they are read and judged: the field, its place in
 * inst_in, its longest length, and whether it must hold more than spaces (the credit code and
 * the kind have checks of their own). */
static const struct text_field {
	const char *key;
	size_t at, max;
	bool filled;
} TEXTS[] = {
    {"name", offsetof(inst_in, name), 200, true},
    {"credit_code", offsetof(inst_in, credit_code), 18, false},
    {"kind", offsetof(inst_in, kind), 40, false},
    {"registered_province", offsetof(inst_in, province), 50, true},
    {"registered_city", offsetof(inst_in, city), 50, true},
    {"main_office_city", offsetof(inst_in, office), 50, true},
};
#define NTEXTS (sizeof TEXTS / sizeof *TEXTS)

static const char **text_of(const inst_in *in, const struct text_field *f)
{
	return (const char **)((const char *)in + f->at);
}

static int read_fields(const json_t *body, bool required, inst_in *in, err *e)
{
	bool present;
	if (json_only_fields(body, FIELDS, e) < 0)
		return -1;
	for (size_t i = 0; i < NTEXTS; i++)
		if (json_get_str(body, TEXTS[i].key, required, TEXTS[i].max, text_of(in, &TEXTS[i]),
		                 e) < 0)
			return -1;
	if (json_get_bool(body, "national", false, &in->national, &present, e) < 0 ||
	    json_get_bool(body, "jinan_branch", false, &in->jinan_branch, &present, e) < 0 ||
	    json_get_str(body, "reason", false, 2000, &in->reason, e) < 0)
		return -1;
	json_t *tc = json_object_get(body, "tech_category");
	if (tc && json_is_null(tc))
		in->tech = NULL;
	else if (json_get_str(body, "tech_category", false, 40, &in->tech, e) < 0)
		return -1;
	return 0;
}

static int validate(const inst_in *in, err *e)
{
	institution_kind k;
	tech_category t;
	for (size_t i = 0; i < NTEXTS; i++)
		if (TEXTS[i].filled && blank(*text_of(in, &TEXTS[i])))
			return err_set(e, 400, "missing_field", TEXTS[i].key,
			               "Field {field} is required.");
	if (!credit_code_valid(in->credit_code))
		return err_set(e, 400, "invalid_credit_code", "credit_code",
		               INVALID_CREDIT_CODE_MSG);
	if (institution_kind_parse(in->kind, &k) < 0)
		return err_set(e, 400, "invalid_value", "kind",
		               "Field {field} is not a known institution kind.");
	if (tech_category_parse(in->tech, &t) < 0)
		return err_set(e, 400, "invalid_value", "tech_category",
		               "Field {field} is not a known technology category.");
	if (t != TECH_NONE && k != KIND_TECH_FIRM)
		return err_set(e, 400, "invalid_value", "tech_category",
		               "Field {field} applies to technology firms only.");
	return 0;
}

/* §3.1: resolves the places, and whether the credit code's registering authority disagrees
 * with the stated registered place (registration stands; an officer acknowledges). */
static int resolve_places(app *ap, arena *a, const inst_in *in, place_set *ps, const char **warning,
                          err *e)
{
	if (places_resolve(ap->region, a, in->province, in->city, in->office, ps, e) < 0)
		return -1;
	*warning = division_credit_code_agrees(in->credit_code, ps->province->code,
	                                       ps->city ? ps->city->code : NULL)
	               ? NULL
	               : PLACE_WARNING;
	return 0;
}

static const char *code_of(const division *d)
{
	return d ? d->code : NULL;
}

/* What a registration or an edit writes: the validated fields and their resolved places. */
static institution_fields fields_of(const inst_in *in, const place_set *ps, const char *warning)
{
	return (institution_fields){.name = in->name,
	                            .credit_code = in->credit_code,
	                            .kind = in->kind,
	                            .tech_category = in->tech,
	                            .province = ps->province_text,
	                            .city = ps->city_text,
	                            .office = ps->office_text,
	                            .province_code = ps->province->code,
	                            .city_code = code_of(ps->city),
	                            .office_code = code_of(ps->office),
	                            .national = in->national,
	                            .jinan_branch = in->jinan_branch,
	                            .place_warning = warning};
}

/* A registration (required: every field) or an edit of in (the row as it stands), read,
 * checked and placed: what it writes, in *f. */
static int read_institution(app *ap, arena *a, const json_t *body, bool required, inst_in *in,
                            institution_fields *f, err *e)
{
	place_set ps;
	const char *warning;
	if (read_fields(body, required, in, e) < 0 || validate(in, e) < 0 ||
	    resolve_places(ap, a, in, &ps, &warning, e) < 0)
		return -1;
	*f = fields_of(in, &ps, warning);
	return 0;
}

/* The row id, or 404. */
static int load(store_conn *c, arena *a, int64_t id, store_result **r, err *e)
{
	return app_found(institutions_get(c, a, id, r, e), "No such institution.", e);
}

/* A credit code registers one institution (except: the row being edited, or 0). */
static int check_unique(store_conn *c, arena *a, const char *credit_code, int64_t except, err *e)
{
	int64_t other;
	int found = institutions_id_by_credit_code(c, a, credit_code, except, &other, e);
	if (found > 0)
		err_set(e, 409, "duplicate_credit_code", "credit_code",
		        "An institution with this {field} is already registered.");
	return found == 0 ? 0 : -1;
}

/* The event of a row: the row as it stands, with the fields of extra (taken; may be NULL). */
static int append_event(store_conn *c, arena *a, const actor *who, const store_result *r,
                        const char *kind, const char *reason, json_t *extra, err *e)
{
	json_t *p = institution_row_json(r, 0);
	if (extra)
		json_object_update(p, extra);
	json_decref(extra);
	return app_event(c, a, who, "institution", store_get_int(r, 0, "id"), kind, reason, p, e);
}

static int create_tx(store_conn *c, arena *a, const actor *who, const institution_fields *f,
                     const char *reason, json_t **out, err *e)
{
	store_result *r;
	if (check_unique(c, a, f->credit_code, 0, e) < 0 ||
	    institutions_insert(c, a, f, time_now_us(), &r, e) < 0 ||
	    append_event(c, a, who, r, "institution.created", reason, NULL, e) < 0)
		return -1;
	*out = institution_row_json(r, 0);
	return 0;
}

int institution_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out,
                       err *e)
{
	inst_in in = {0};
	institution_fields f;
	*out = NULL;
	if (read_institution(ap, a, body, true, &in, &f, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, create_tx(c, a, who, &f, in.reason, out, e), out, e) : -1;
}

/* The fields an edit would write, as institution_row_json names them. */
static json_t *fields_json(const institution_fields *f)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s}", "name", f->name,
	                      "credit_code", f->credit_code, "kind", f->kind, "registered_province",
	                      f->province, "registered_city", f->city, "main_office_city",
	                      f->office, "national", f->national, "jinan_branch", f->jinan_branch,
	                      "registered_province_code", f->province_code);
	json_object_set_new(o, "registered_city_code", str_or_null(f->city_code));
	json_object_set_new(o, "main_office_city_code", str_or_null(f->office_code));
	json_object_set_new(o, "tech_category", str_or_null(f->tech_category));
	return o;
}

/* Whether object a differs from b in any of the given keys (NULL-terminated), or, with keys
 * NULL, in any key of a. */
static bool differs(json_t *a, json_t *b, const char *const *keys)
{
	const char *k;
	json_t *v;
	if (keys) {
		for (; *keys; keys++)
			if (!json_equal(json_object_get(a, *keys), json_object_get(b, *keys)))
				return true;
		return false;
	}
	json_object_foreach(a, k, v)
	{
		if (!json_equal(v, json_object_get(b, k)))
			return true;
	}
	return false;
}

/* What changed from before to after, each key {from, to} (the bookkeeping columns aside). */
static json_t *changes(json_t *before, json_t *after)
{
	json_t *changed = json_object(), *v;
	const char *key;
	json_object_foreach(after, key, v)
	{
		if (!strcmp(key, "updated_at") || !strcmp(key, "version"))
			continue;
		json_t *old = json_object_get(before, key);
		if (!json_equal(old, v))
			json_object_set_new(changed, key,
			                    json_pack("{s:O, s:O}", "from", old, "to", v));
	}
	return changed;
}

/* §3.1: the facts the credit code's registering authority is checked against. */
static const char *const PLACE_CHECK_KEYS[] = {"credit_code", "registered_province_code",
                                               "registered_city_code", NULL};

/* The edit of row r by body; before is the row as it was (as institution_row_json). */
static int edit(store_conn *c, app *ap, arena *a, const actor *who, store_result *r,
                const json_t *body, json_t *before, json_t **out, err *e)
{
	int64_t id = store_get_int(r, 0, "id");
	inst_in in = {store_get(r, 0, "name"),
	              store_get(r, 0, "credit_code"),
	              store_get(r, 0, "kind"),
	              store_get(r, 0, "registered_province"),
	              store_get(r, 0, "registered_city"),
	              store_get(r, 0, "main_office_city"),
	              store_get(r, 0, "tech_category"),
	              store_get_bool(r, 0, "national"),
	              store_get_bool(r, 0, "jinan_branch"),
	              NULL};
	institution_fields f;
	if (read_institution(ap, a, body, false, &in, &f, e) < 0)
		return -1;
	json_t *cand = fields_json(&f);
	/* An edit that changes nothing writes nothing: no version bump, no empty event. */
	bool any = differs(cand, before, NULL);
	/* §3.1: a new credit code or registered place is checked afresh, and an acknowledgement
	 * given for the old facts does not carry over */
	bool recheck = differs(before, cand, PLACE_CHECK_KEYS);
	json_decref(cand);
	if (!any) {
		*out = json_incref(before);
		return 0;
	}
	if (check_unique(c, a, in.credit_code, id, e) < 0 ||
	    institutions_update(c, a, id, &f, recheck, time_now_us(), &r, e) < 0)
		return -1;
	/* The event names what changed, from what, to what. */
	*out = institution_row_json(r, 0);
	return append_event(c, a, who, r, "institution.updated", in.reason,
	                    json_pack("{s:o}", "changed", changes(before, *out)), e);
}

static int update_tx(store_conn *c, app *ap, arena *a, const actor *who, int64_t id,
                     const json_t *body, json_t **out, err *e)
{
	store_result *r;
	if (load(c, a, id, &r, e) < 0)
		return -1;
	json_t *before = institution_row_json(r, 0);
	int rc = edit(c, ap, a, who, r, body, before, out, e);
	json_decref(before);
	return rc;
}

int institution_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                       json_t **out, err *e)
{
	*out = NULL;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, update_tx(c, ap, a, who, id, body, out, e), out, e) : -1;
}

static int delete_tx(store_conn *c, arena *a, const actor *who, int64_t id, const char *reason,
                     err *e)
{
	store_result *r;
	bool has_users;
	if (load(c, a, id, &r, e) < 0 || users_of_institution_exist(c, a, id, &has_users, e) < 0)
		return -1;
	if (has_users)
		return err_set(
		    e, 409, "in_use", "id",
		    "The institution still has user accounts; move or remove them first.");
	/* The deleted row lives on in full in its event: nothing is lost. */
	return append_event(c, a, who, r, "institution.deleted", reason, NULL, e) < 0
	           ? -1
	           : institutions_delete(c, a, id, e);
}

int institution_delete(app *ap, arena *a, const actor *who, int64_t id, const char *reason, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, delete_tx(c, a, who, id, reason, e), e) : -1;
}

static int acknowledge_tx(store_conn *c, arena *a, const actor *who, int64_t id, const char *reason,
                          json_t **out, err *e)
{
	store_result *r;
	if (load(c, a, id, &r, e) < 0)
		return -1;
	if (!store_get(r, 0, "place_warning"))
		return err_set(e, 409, "no_warning", "id",
		               "The institution carries no warning to acknowledge.");
	if (store_get(r, 0, "place_warning_ack_by"))
		return err_set(e, 409, "already_acknowledged", "id",
		               "The warning has already been acknowledged.");
	if (institutions_acknowledge_warning(c, a, id, who->label, reason, time_now_us(), &r, e) <
	        0 ||
	    append_event(c, a, who, r, "institution.place_warning_acknowledged", reason,
	                 json_pack("{s:s}", "warning", store_get(r, 0, "place_warning")), e) < 0)
		return -1;
	*out = institution_row_json(r, 0);
	return 0;
}

/* §3.1: an officer has checked a credit-code warning (a firm moved, a branch registered the
 * code...) and says why; the warning stays on the record, acknowledged. */
int institution_acknowledge_place_warning(app *ap, arena *a, const actor *who, int64_t id,
                                          const json_t *body, json_t **out, err *e)
{
	static const char *const allowed[] = {"reason", NULL};
	const char *reason = NULL;
	*out = NULL;
	if (json_only_fields(body, allowed, e) < 0 ||
	    json_get_str(body, "reason", true, 2000, &reason, e) < 0)
		return -1;
	if (blank(reason))
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, acknowledge_tx(c, a, who, id, reason, out, e), out, e) : -1;
}

/* §3: an institution user sees only its own institution. */
bool institution_may_read(const actor *who, int64_t id)
{
	return who->role != ROLE_INSTITUTION || who->institution_id == id;
}

json_t *institution_get(app *ap, arena *a, const actor *who, int64_t id, err *e)
{
	if (!institution_may_read(who, id)) {
		err_set(e, 404, "not_found", "id", "No such institution.");
		return NULL;
	}
	store_result *r;
	store_conn *c = app_read_begin(ap, e);
	json_t *out = c && load(c, a, id, &r, e) == 0 ? institution_row_json(r, 0) : NULL;
	app_read_end(c);
	return out;
}

json_t *institution_list(app *ap, arena *a, const actor *who, const char *q, int64_t after,
                         int limit, err *e)
{
	int64_t only = who->role == ROLE_INSTITUTION ? who->institution_id : 0;
	store_result *r;
	store_conn *c = app_read_begin(ap, e);
	json_t *out = c && institutions_page(c, a, after, only, q, limit, &r, e) == 0
	                  ? app_page_of(r, limit, "id", institution_row_json)
	                  : NULL;
	app_read_end(c);
	return out;
}

/* The institution registered with a unified social credit code (*id = 0 when none): how an
 * applicant names a partner it cannot list (§3.2; an institution user lists only its own). */
int institution_find_by_credit_code(app *ap, arena *a, const char *code, int64_t *id, err *e)
{
	*id = 0;
	if (!code || !credit_code_valid(code))
		return err_set(e, 400, "invalid_credit_code", "credit_code",
		               INVALID_CREDIT_CODE_MSG);
	store_conn *c = app_read_begin(ap, e);
	int rc = c ? institutions_id_by_credit_code(c, a, code, 0, id, e) : -1;
	app_read_end(c);
	return rc < 0 ? -1 : 0;
}
