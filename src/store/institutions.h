/* The institution register (§3.1, §3.2): the rows of institutions. */
#ifndef BAOTU_STORE_INSTITUTIONS_H
#define BAOTU_STORE_INSTITUTIONS_H
#include "store/store.h"

/* A register row as every loader below returns it. */
#define INSTITUTION_COLS                                                                           \
	"id, name, credit_code, kind, registered_province, registered_city, main_office_city, "    \
	"national, jinan_branch, tech_category, created_at, updated_at, version, "                 \
	"registered_province_code, registered_city_code, main_office_city_code, place_warning, "   \
	"place_warning_ack_at, place_warning_ack_by, place_warning_ack_reason"

/* The facts §3 judges (prefix i.), read by the use cases' institution_facts_read. */
#define INSTITUTION_FACTS_COLS                                                                     \
	"i.id, i.kind, i.registered_province_code, i.registered_city_code, "                       \
	"i.main_office_city_code, i.national, i.jinan_branch, i.tech_category"

/* What a registration or an edit writes. The places are stored as names (the division's full
 * name, or the text given for an unlisted city) and as codes (NULL for an unlisted city). */
typedef struct institution_fields {
	const char *name, *credit_code, *kind, *tech_category;
	const char *province, *city, *office;
	const char *province_code, *city_code, *office_code;
	bool national, jinan_branch;
	const char *place_warning; /* NULL: none */
} institution_fields;

/* The loaders of one row answer 1 (*r holds it), 0 (no such row) or -1 (store_found). */
int institutions_get(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
/* One row of INSTITUTION_FACTS_COLS. */
int institutions_get_facts(store_conn *c, arena *a, int64_t id, store_result **r, err *e);
/* The name of institution id: 1, 0 (none) or -1, as store_text. */
int institutions_name(store_conn *c, arena *a, int64_t id, const char **name, err *e);
/* The id of an institution registered with this credit code other than `except` (0: any):
 * 1, 0 (none) or -1, as store_int. */
int institutions_id_by_credit_code(store_conn *c, arena *a, const char *code, int64_t except,
                                   int64_t *id, err *e);
int institutions_count(store_conn *c, arena *a, int64_t *n, err *e);

/* Inserts a row (version 1, created and updated at now); *r is the new row. */
int institutions_insert(store_conn *c, arena *a, const institution_fields *f, int64_t now,
                        store_result **r, err *e);
/* Replaces the fields of row id and bumps its version; with recheck the place warning becomes
 * f->place_warning and any acknowledgement of the old one is cleared, else both stay. *r is the
 * row after. */
int institutions_update(store_conn *c, arena *a, int64_t id, const institution_fields *f,
                        bool recheck, int64_t now, store_result **r, err *e);
/* Records who acknowledged the place warning of row id, and why; *r is the row after. */
int institutions_acknowledge_warning(store_conn *c, arena *a, int64_t id, const char *by,
                                     const char *reason, int64_t now, store_result **r, err *e);
int institutions_delete(store_conn *c, arena *a, int64_t id, err *e);

/* Rows with id > after, by id, at most limit + 1 (app_page tells from the extra one whether
 * there are more); only > 0 keeps that one institution; q, when not NULL or empty, keeps the
 * rows whose name or credit code holds it as literal text. */
int institutions_page(store_conn *c, arena *a, int64_t after, int64_t only, const char *q,
                      int limit, store_result **r, err *e);
/* Up to limit rows with id > after, by id, with the columns of their places (names and codes)
 * and id, name, credit_code. */
int institutions_places_page(store_conn *c, arena *a, int64_t after, int limit, store_result **r,
                             err *e);
#endif
