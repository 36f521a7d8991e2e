/* The institution register's rows. See institutions.h. */
#include "store/institutions.h"

#include <string.h>

#include "store/row.h"

STORE_ROW_BY_ID(institutions_get, "SELECT " INSTITUTION_COLS " FROM institutions WHERE id = $1")

STORE_ROW_BY_ID(institutions_get_facts,
                "SELECT " INSTITUTION_FACTS_COLS " FROM institutions i WHERE i.id = $1")

int institutions_name(store_conn *c, arena *a, int64_t id, const char **name, err *e)
{
	return store_text(c, a, e, name, "SELECT name FROM institutions WHERE id = $1", "i", id);
}

int institutions_id_by_credit_code(store_conn *c, arena *a, const char *code, int64_t except,
                                   int64_t *id, err *e)
{
	return store_int(c, a, e, id,
	                 "SELECT id FROM institutions WHERE credit_code = $1 AND id <> $2", "ti",
	                 code, except);
}

int institutions_count(store_conn *c, arena *a, int64_t *n, err *e)
{
	return store_int(c, a, e, n, "SELECT count(*) FROM institutions", "");
}

int institutions_insert(store_conn *c, arena *a, const institution_fields *f, int64_t now,
                        store_result **r, err *e)
{
	return store_q(c, a, e, r,
	               "INSERT INTO institutions (name, credit_code, kind, registered_province, "
	               "registered_city, main_office_city, national, jinan_branch, tech_category, "
	               "created_at, updated_at, registered_province_code, registered_city_code, "
	               "main_office_city_code, place_warning) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	               "$8, $9, $10, $10, $11, $12, $13, $14) RETURNING " INSTITUTION_COLS,
	               "ttttttbbtitttt", f->name, f->credit_code, f->kind, f->province, f->city,
	               f->office, f->national, f->jinan_branch, f->tech_category, now,
	               f->province_code, f->city_code, f->office_code, f->place_warning);
}

int institutions_update(store_conn *c, arena *a, int64_t id, const institution_fields *f,
                        bool recheck, int64_t now, store_result **r, err *e)
{
	return store_q(
	    c, a, e, r,
	    "UPDATE institutions SET name = $1, credit_code = $2, kind = $3, "
	    "registered_province = $4, registered_city = $5, main_office_city = $6, "
	    "national = $7, jinan_branch = $8, tech_category = $9, updated_at = $10, "
	    "version = version + 1, registered_province_code = $12, "
	    "registered_city_code = $13, main_office_city_code = $14, "
	    "place_warning = CASE WHEN $15 = 1 THEN $16 ELSE place_warning END, "
	    "place_warning_ack_at = CASE WHEN $15 = 1 THEN NULL ELSE place_warning_ack_at END, "
	    "place_warning_ack_by = CASE WHEN $15 = 1 THEN NULL ELSE place_warning_ack_by END, "
	    "place_warning_ack_reason = CASE WHEN $15 = 1 THEN NULL ELSE "
	    "place_warning_ack_reason END WHERE id = $11 RETURNING " INSTITUTION_COLS,
	    "ttttttbbtiitttit", f->name, f->credit_code, f->kind, f->province, f->city, f->office,
	    f->national, f->jinan_branch, f->tech_category, now, id, f->province_code, f->city_code,
	    f->office_code, (int64_t)recheck, f->place_warning);
}

int institutions_acknowledge_warning(store_conn *c, arena *a, int64_t id, const char *by,
                                     const char *reason, int64_t now, store_result **r, err *e)
{
	return store_q(
	    c, a, e, r,
	    "UPDATE institutions SET place_warning_ack_at = $1, place_warning_ack_by = $2, "
	    "place_warning_ack_reason = $3, updated_at = $1, version = version + 1 "
	    "WHERE id = $4 RETURNING " INSTITUTION_COLS,
	    "itti", now, by, reason, id);
}

int institutions_delete(store_conn *c, arena *a, int64_t id, err *e)
{
	return store_q(c, a, e, NULL, "DELETE FROM institutions WHERE id = $1", "i", id);
}

/* "%text%" with LIKE's own wildcards escaped: the search text is literal. */
static const char *like_pattern(arena *a, const char *q)
{
	char *esc = arena_alloc(a, strlen(q) * 2 + 3), *o = esc;
	*o++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '%';
	*o = '\0';
	return esc;
}

int institutions_page(store_conn *c, arena *a, int64_t after, int64_t only, const char *q,
                      int limit, store_result **r, err *e)
{
	const char *like = q && *q ? like_pattern(a, q) : NULL;
	return store_q(
	    c, a, e, r,
	    "SELECT " INSTITUTION_COLS " FROM institutions WHERE id > $1 AND ($2 = 0 OR id = $2) "
	    "AND ($3 IS NULL OR name LIKE $3 ESCAPE '\\' OR credit_code LIKE $3 ESCAPE '\\') "
	    "ORDER BY id LIMIT $4",
	    "iiti", after, only, like, (int64_t)limit + 1);
}

int institutions_places_page(store_conn *c, arena *a, int64_t after, int limit, store_result **r,
                             err *e)
{
	return store_q(c, a, e, r,
	               "SELECT id, name, credit_code, registered_province, registered_city, "
	               "main_office_city, registered_province_code, registered_city_code, "
	               "main_office_city_code FROM institutions WHERE id > $1 ORDER BY id LIMIT $2",
	               "ii", after, (int64_t)limit);
}
