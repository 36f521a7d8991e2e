/* The institution register (§3.1, §3.2): who may be an applicant, where it is, what it is. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/places.h"
#include "app/app_internal.h"
#include "core/credit_code.h"
#include "core/institution.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/events.h"

#define INST_COLS                                                                                  \
	"id, name, credit_code, kind, registered_province, registered_city, main_office_city, "    \
	"national, jinan_branch, tech_category, created_at, updated_at, version, "                 \
	"registered_province_code, registered_city_code, main_office_city_code, place_warning, "   \
	"place_warning_ack_at, place_warning_ack_by, place_warning_ack_reason"

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

json_t *institution_row_json(const store_result *r, int i);
json_t *institution_row_json(const store_result *r, int i)
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

static int read_fields(const json_t *body, bool required, inst_in *in, err *e)
{
	bool present;
	if (json_only_fields(body, FIELDS, e) < 0 ||
	    json_get_str(body, "name", required, 200, &in->name, e) < 0 ||
	    json_get_str(body, "credit_code", required, 18, &in->credit_code, e) < 0 ||
	    json_get_str(body, "kind", required, 40, &in->kind, e) < 0 ||
	    json_get_str(body, "registered_province", required, 50, &in->province, e) < 0 ||
	    json_get_str(body, "registered_city", required, 50, &in->city, e) < 0 ||
	    json_get_str(body, "main_office_city", required, 50, &in->office, e) < 0 ||
	    json_get_bool(body, "national", false, &in->national, &present, e) < 0 ||
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
	const struct {
		const char *v, *field;
	} texts[] = {{in->name, "name"},
	             {in->province, "registered_province"},
	             {in->city, "registered_city"},
	             {in->office, "main_office_city"}};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *p = texts[i].v;
		while (*p == ' ')
			p++;
		if (!*p)
			return err_set(e, 400, "missing_field", texts[i].field,
			               "Field {field} is required.");
	}
	if (!credit_code_valid(in->credit_code))
		return err_set(e, 400, "invalid_credit_code", "credit_code",
		               "Field {field} is not a valid unified social credit code "
		               "(18 characters, GB 32100-2015 check character).");
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

static int append_event(store_conn *c, arena *a, const actor *who, const store_result *r,
                        const char *kind, const char *reason, json_t *extra, err *e)
{
	json_t *p = institution_row_json(r, 0);
	if (extra)
		json_object_update(p, extra);
	int rc = events_append(
	    c, a, &(event_in){who->label, "institution", store_get(r, 0, "id"), kind, reason, p},
	    NULL, e);
	json_decref(p);
	return rc;
}

int institution_create(app *ap, arena *a, const actor *who, const json_t *body, json_t **out,
                       err *e)
{
	inst_in in = {0};
	place_set ps;
	const char *warning;
	if (read_fields(body, true, &in, e) < 0 || validate(&in, e) < 0 ||
	    resolve_places(ap, a, &in, &ps, &warning, e) < 0)
		return -1;
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT id FROM institutions WHERE credit_code = $1", "t",
	            in.credit_code) < 0)
		goto out;
	if (r->nrows) {
		err_set(e, 409, "duplicate_credit_code", "credit_code",
		        "An institution with this {field} is already registered.");
		goto out;
	}
	int64_t now = time_now_us();
	if (store_q(c, a, e, &r,
	            "INSERT INTO institutions (name, credit_code, kind, registered_province, "
	            "registered_city, main_office_city, national, jinan_branch, tech_category, "
	            "created_at, updated_at, registered_province_code, registered_city_code, "
	            "main_office_city_code, place_warning) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	            "$9, $10, $10, $11, $12, $13, $14) RETURNING " INST_COLS,
	            "ttttttbbtitttt", in.name, in.credit_code, in.kind, ps.province_text,
	            ps.city_text, ps.office_text, in.national, in.jinan_branch, in.tech, now,
	            ps.province->code, code_of(ps.city), code_of(ps.office), warning) < 0)
		goto out;
	if (append_event(c, a, who, r, "institution.created", in.reason, NULL, e) < 0)
		goto out;
	*out = institution_row_json(r, 0);
	rc = 0;
out:
	return app_tx_end(c, rc, e);
}

int institution_update(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                       json_t **out, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT " INST_COLS " FROM institutions WHERE id = $1", "i", id) <
	    0)
		goto out;
	if (!r->nrows) {
		err_set(e, 404, "not_found", "id", "No such institution.");
		goto out;
	}
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
	json_t *before = institution_row_json(r, 0);
	place_set ps;
	const char *warning;
	if (read_fields(body, false, &in, e) < 0 || validate(&in, e) < 0 ||
	    resolve_places(ap, a, &in, &ps, &warning, e) < 0) {
		json_decref(before);
		goto out;
	}
	/* An edit that changes nothing writes nothing: no version bump, no empty event. */
	json_t *cand =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "name", in.name, "credit_code",
	              in.credit_code, "kind", in.kind, "registered_province", ps.province_text,
	              "registered_city", ps.city_text, "main_office_city", ps.office_text,
	              "national", in.national, "jinan_branch", in.jinan_branch);
	json_object_set_new(cand, "registered_province_code", json_string(ps.province->code));
	json_object_set_new(cand, "registered_city_code", str_or_null(code_of(ps.city)));
	json_object_set_new(cand, "main_office_city_code", str_or_null(code_of(ps.office)));
	json_object_set_new(cand, "tech_category", in.tech ? json_string(in.tech) : json_null());
	bool any = false;
	const char *ck;
	json_t *cv;
	json_object_foreach(cand, ck, cv)
	{
		if (!json_equal(cv, json_object_get(before, ck)))
			any = true;
	}
	/* §3.1: a new credit code or registered place is checked afresh, and an acknowledgement
	 * given for the old facts does not carry over */
	bool recheck = !json_equal(json_object_get(before, "credit_code"),
	                           json_object_get(cand, "credit_code")) ||
	               !json_equal(json_object_get(before, "registered_province_code"),
	                           json_object_get(cand, "registered_province_code")) ||
	               !json_equal(json_object_get(before, "registered_city_code"),
	                           json_object_get(cand, "registered_city_code"));
	json_decref(cand);
	if (!any) {
		*out = before;
		rc = 0;
		goto out;
	}
	store_result *dup;
	if (store_q(c, a, e, &dup,
	            "SELECT id FROM institutions WHERE credit_code = $1 AND id <> $2", "ti",
	            in.credit_code, id) < 0) {
		json_decref(before);
		goto out;
	}
	if (dup->nrows) {
		json_decref(before);
		err_set(e, 409, "duplicate_credit_code", "credit_code",
		        "An institution with this {field} is already registered.");
		goto out;
	}
	if (store_q(
	        c, a, e, &r,
	        "UPDATE institutions SET name = $1, credit_code = $2, kind = $3, "
	        "registered_province = $4, registered_city = $5, main_office_city = $6, "
	        "national = $7, jinan_branch = $8, tech_category = $9, updated_at = $10, "
	        "version = version + 1, registered_province_code = $12, "
	        "registered_city_code = $13, main_office_city_code = $14, "
	        "place_warning = CASE WHEN $15 = 1 THEN $16 ELSE place_warning END, "
	        "place_warning_ack_at = CASE WHEN $15 = 1 THEN NULL ELSE place_warning_ack_at END, "
	        "place_warning_ack_by = CASE WHEN $15 = 1 THEN NULL ELSE place_warning_ack_by END, "
	        "place_warning_ack_reason = CASE WHEN $15 = 1 THEN NULL ELSE "
	        "place_warning_ack_reason END WHERE id = $11 RETURNING " INST_COLS,
	        "ttttttbbtiitttit", in.name, in.credit_code, in.kind, ps.province_text,
	        ps.city_text, ps.office_text, in.national, in.jinan_branch, in.tech, time_now_us(),
	        id, ps.province->code, code_of(ps.city), code_of(ps.office), (int64_t)recheck,
	        warning) < 0) {
		json_decref(before);
		goto out;
	}
	/* The event names what changed, from what, to what. */
	json_t *after = institution_row_json(r, 0), *changed = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(after, key, v)
	{
		if (!strcmp(key, "updated_at") || !strcmp(key, "version"))
			continue;
		json_t *old = json_object_get(before, key);
		if (!json_equal(old, v))
			json_object_set_new(changed, key,
			                    json_pack("{s:O, s:O}", "from", old, "to", v));
	}
	json_decref(before);
	json_t *extra = json_pack("{s:o}", "changed", changed);
	int erc = append_event(c, a, who, r, "institution.updated", in.reason, extra, e);
	json_decref(extra);
	if (erc < 0) {
		json_decref(after);
		goto out;
	}
	*out = after;
	rc = 0;
out:
	return app_tx_end(c, rc, e);
}

int institution_delete(app *ap, arena *a, const actor *who, int64_t id, const char *reason, err *e)
{
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r, *u;
	if (store_q(c, a, e, &r, "SELECT " INST_COLS " FROM institutions WHERE id = $1", "i", id) <
	    0)
		goto out;
	if (!r->nrows) {
		err_set(e, 404, "not_found", "id", "No such institution.");
		goto out;
	}
	if (store_q(c, a, e, &u, "SELECT count(*) AS n FROM users WHERE institution_id = $1", "i",
	            id) < 0)
		goto out;
	if (store_get_int(u, 0, "n") > 0) {
		err_set(e, 409, "in_use", "id",
		        "The institution still has user accounts; move or remove them first.");
		goto out;
	}
	/* The deleted row lives on in full in its event: nothing is lost. */
	if (append_event(c, a, who, r, "institution.deleted", reason, NULL, e) < 0)
		goto out;
	if (store_q(c, a, e, NULL, "DELETE FROM institutions WHERE id = $1", "i", id) < 0)
		goto out;
	rc = 0;
out:
	return app_tx_end(c, rc, e);
}

/* §3.1: an officer has checked a credit-code warning (a firm moved, a branch registered the
 * code...) and says why; the warning stays on the record, acknowledged. */
int institution_acknowledge_place_warning(app *ap, arena *a, const actor *who, int64_t id,
                                          const json_t *body, json_t **out, err *e)
{
	static const char *const allowed[] = {"reason", NULL};
	const char *reason = NULL;
	if (json_only_fields(body, allowed, e) < 0 ||
	    json_get_str(body, "reason", true, 2000, &reason, e) < 0)
		return -1;
	const char *p = reason;
	while (*p == ' ')
		p++;
	if (!*p)
		return err_set(e, 400, "missing_field", "reason", "Field {field} is required.");
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT " INST_COLS " FROM institutions WHERE id = $1", "i", id) <
	    0)
		goto out;
	if (!r->nrows) {
		err_set(e, 404, "not_found", "id", "No such institution.");
		goto out;
	}
	if (!store_get(r, 0, "place_warning")) {
		err_set(e, 409, "no_warning", "id",
		        "The institution carries no warning to acknowledge.");
		goto out;
	}
	if (store_get(r, 0, "place_warning_ack_by")) {
		err_set(e, 409, "already_acknowledged", "id",
		        "The warning has already been acknowledged.");
		goto out;
	}
	int64_t now = time_now_us();
	if (store_q(c, a, e, &r,
	            "UPDATE institutions SET place_warning_ack_at = $1, place_warning_ack_by = $2, "
	            "place_warning_ack_reason = $3, updated_at = $1, version = version + 1 "
	            "WHERE id = $4 RETURNING " INST_COLS,
	            "itti", now, who->label, reason, id) < 0)
		goto out;
	json_t *extra = json_pack("{s:s}", "warning", store_get(r, 0, "place_warning"));
	int erc =
	    append_event(c, a, who, r, "institution.place_warning_acknowledged", reason, extra, e);
	json_decref(extra);
	if (erc < 0)
		goto out;
	*out = institution_row_json(r, 0);
	rc = 0;
out:
	return app_tx_end(c, rc, e);
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
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r;
	json_t *out = NULL;
	if (store_q(c, a, e, &r, "SELECT " INST_COLS " FROM institutions WHERE id = $1", "i", id) ==
	    0) {
		if (r->nrows)
			out = institution_row_json(r, 0);
		else
			err_set(e, 404, "not_found", "id", "No such institution.");
	}
	app_read_end(c);
	return out;
}

json_t *institution_list(app *ap, arena *a, const actor *who, const char *q, int64_t after,
                         int limit, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r;
	json_t *out = NULL;
	int64_t only = who->role == ROLE_INSTITUTION ? who->institution_id : 0;
	const char *like = NULL;
	if (q && *q) {
		/* The search text is literal: escape LIKE's own wildcards. */
		char *esc = arena_alloc(a, strlen(q) * 2 + 3), *o = esc;
		*o++ = '%';
		for (const char *p = q; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				*o++ = '\\';
			*o++ = *p;
		}
		*o++ = '%';
		like = esc;
	}
	if (store_q(
	        c, a, e, &r,
	        "SELECT " INST_COLS " FROM institutions WHERE id > $1 AND ($2 = 0 OR id = $2) "
	        "AND ($3 IS NULL OR name LIKE $3 ESCAPE '\\' OR credit_code LIKE $3 ESCAPE '\\') "
	        "ORDER BY id LIMIT $4",
	        "iiti", after, only, like, (int64_t)limit + 1) < 0)
		goto done;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows && i < limit; i++)
		json_array_append_new(items, institution_row_json(r, i));
	out = app_page(items, r, limit, "id");
done:
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
		               "Field {field} is not a valid unified social credit code "
		               "(18 characters, GB 32100-2015 check character).");
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	store_result *r;
	int rc =
	    store_q(c, a, e, &r, "SELECT id FROM institutions WHERE credit_code = $1", "t", code);
	if (rc == 0 && r->nrows)
		*id = store_get_int(r, 0, "id");
	app_read_end(c);
	return rc;
}
