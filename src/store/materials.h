/* Materials of an application (§4.1): the rows of materials, versions of one kind each, and the
 * content-addressed bytes in blobs. */
#ifndef BAOTU_STORE_MATERIALS_H
#define BAOTU_STORE_MATERIALS_H
#include <stddef.h>

#include "store/store.h"

/* A material as the loaders below return it. */
#define MATERIAL_COLS                                                                              \
	"id, project_id, kind, version, filename, sha256, size, content_type, uploaded_by, "       \
	"uploaded_at"

/* One version of one kind of material. */
typedef struct material_fields {
	int64_t project_id;
	const char *kind;
	int64_t version;
	const char *filename, *sha256; /* sha256: of the bytes, in hex */
	int64_t size;
	const char *content_type;
	int64_t uploaded_by, uploaded_at;
} material_fields;

/* The project's materials, newest first. */
int materials_of_project(store_conn *c, arena *a, int64_t project_id, store_result **r, err *e);
/* The kinds the project has uploaded (kind), each once. */
int materials_kinds(store_conn *c, arena *a, int64_t project_id, store_result **r, err *e);
/* The material id of the project: 1 and *r, 0 (none), -1 (store_found). */
int materials_get(store_conn *c, arena *a, int64_t project_id, int64_t id, store_result **r,
                  err *e);
/* The latest version of a kind and its sha256: *version 0 and *sha256 NULL when none. */
int materials_latest(store_conn *c, arena *a, int64_t project_id, const char *kind,
                     int64_t *version, const char **sha256, err *e);
/* *r is the new row. */
int materials_insert(store_conn *c, arena *a, const material_fields *f, store_result **r, err *e);

/* Stores bytes under their sha256 (hex) unless they are there: a blob is never overwritten. */
int materials_blob_put(store_conn *c, arena *a, const char *sha256, const char *content_type,
                       const void *data, size_t len, int64_t now, err *e);
/* The bytes stored under sha256 (in the arena): 1 with *data and *len, 0 (none), -1 (a store
 * error, or 410 purged for bytes deleted after their retention period). */
int materials_blob_get(store_conn *c, arena *a, const char *sha256, const char **data, size_t *len,
                       err *e);

/* Whether the application is joint: more than one member institution (§3.2). */
int materials_joint(store_conn *c, arena *a, int64_t project_id, bool *joint, err *e);
/* Whether the institution is one of the project's members. */
int materials_member_of(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                        bool *member, err *e);
#endif
