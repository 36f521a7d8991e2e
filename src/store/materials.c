/* Materials and their bytes. See materials.h. */
#include "store/materials.h"

#include "store/row.h"

STORE_ROWS_BY_ID(materials_of_project,
                 "SELECT " MATERIAL_COLS " FROM materials WHERE project_id = $1 ORDER BY id DESC")

STORE_ROWS_BY_ID(materials_kinds, "SELECT DISTINCT kind FROM materials WHERE project_id = $1")

STORE_ROW_OF(materials_get,
             "SELECT " MATERIAL_COLS " FROM materials WHERE project_id = $1 AND id = $2")

int materials_latest(store_conn *c, arena *a, int64_t project_id, const char *kind,
                     int64_t *version, const char **sha256, err *e)
{
	store_result *r;
	int rc = store_found(store_q(c, a, e, &r,
	                             "SELECT version, sha256 FROM materials WHERE project_id = $1 "
	                             "AND kind = $2 ORDER BY version DESC LIMIT 1",
	                             "it", project_id, kind),
	                     &r);
	*version = rc > 0 ? store_get_int(r, 0, "version") : 0;
	*sha256 = rc > 0 ? store_get(r, 0, "sha256") : NULL;
	return rc;
}

int materials_insert(store_conn *c, arena *a, const material_fields *f, store_result **r, err *e)
{
	return store_q(
	    c, a, e, r,
	    "INSERT INTO materials (project_id, kind, version, filename, sha256, size, "
	    "content_type, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	    "$8, $9) RETURNING " MATERIAL_COLS,
	    "itittitii", f->project_id, f->kind, f->version, f->filename, f->sha256, f->size,
	    f->content_type, f->uploaded_by, f->uploaded_at);
}

int materials_blob_put(store_conn *c, arena *a, const char *sha256, const char *content_type,
                       const void *data, size_t len, int64_t now, err *e)
{
	return store_q(
	    c, a, e, NULL,
	    "INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ($1, "
	    "$2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
	    "titBi", sha256, (int64_t)len, content_type, data, len, now);
}

int materials_blob_get(store_conn *c, arena *a, const char *sha256, const char **data, size_t *len,
                       err *e)
{
	store_result *r;
	*data = NULL;
	*len = 0;
	int rc = store_found(store_q(c, a, e, &r,
	                             "SELECT size, data, purged_at FROM blobs WHERE sha256 = $1",
	                             "t", sha256),
	                     &r);
	if (rc <= 0)
		return rc;
	/* A purged blob keeps its size and hash for the record, not its bytes (retention). */
	if (store_get(r, 0, "purged_at"))
		return err_set(e, 410, "purged", NULL,
		               "This file was deleted after its retention period; the audit trail "
		               "keeps its hash.");
	/* a BLOB reads back as its bytes; blobs.size says how many */
	*data = store_get(r, 0, "data");
	*len = (size_t)store_get_int(r, 0, "size");
	return 1;
}

int materials_joint(store_conn *c, arena *a, int64_t project_id, bool *joint, err *e)
{
	int64_t n;
	int rc =
	    store_int(c, a, e, &n, "SELECT count(*) FROM project_members WHERE project_id = $1",
	              "i", project_id);
	*joint = n > 1;
	return rc;
}

int materials_member_of(store_conn *c, arena *a, int64_t project_id, int64_t institution_id,
                        bool *member, err *e)
{
	return store_exists(c, a, e, member,
	                    "SELECT 1 FROM project_members WHERE project_id = $1 AND "
	                    "institution_id = $2",
	                    "ii", project_id, institution_id);
}
