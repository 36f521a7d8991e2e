/* Materials of an application (§4.1): required kinds per track, content-addressed versioned
 * uploads, and downloads that leave a trace when someone outside the applicants reads. */
#include "app/materials.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/access_internal.h"
#include "app/members.h"
#include "app/app_internal.h"
#include "app/materials_internal.h"
#include "core/sniff.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/events.h"

#define FILENAME_MAX_CHARS 255

const material_kind MATERIAL_KINDS[] = {
    {"application_form", "Application form"},
    {"technical_plan", "Technical plan"},
    {"risk_assessment", "Risk assessment"},
    {"investor_protection_plan", "Investor protection plan"},
    {"emergency_plan", "Emergency plan"},
    {"exit_plan", "Exit plan"},
    {"joint_agreement", "Joint application agreement"},
    {"other", "Other material"},
};
const unsigned MATERIAL_KINDS_COUNT = sizeof MATERIAL_KINDS / sizeof *MATERIAL_KINDS;

const material_kind *material_kind_find(const char *id)
{
	for (unsigned i = 0; id && i < MATERIAL_KINDS_COUNT; i++)
		if (!strcmp(MATERIAL_KINDS[i].id, id))
			return &MATERIAL_KINDS[i];
	return NULL;
}

bool material_required(const char *kind, const char *track, bool joint)
{
	bool coaching = track && !strcmp(track, "coaching");
	if (!strcmp(kind, "other"))
		return false;
	if (!strcmp(kind, "joint_agreement"))
		return joint; /* §3.2: every member confirms the joint application */
	if (!strcmp(kind, "investor_protection_plan"))
		return !coaching; /* §3.3: no live business, so no investors yet */
	return material_kind_find(kind) != NULL;
}

#define MATERIAL_COLS                                                                              \
	"id, project_id, kind, version, filename, sha256, size, content_type, uploaded_by, "       \
	"uploaded_at"

static json_t *material_json(const store_result *r, int i)
{
	int64_t id = store_get_int(r, i, "id"), pid = store_get_int(r, i, "project_id");
	char url[96];
	snprintf(url, sizeof url, "/api/v1/projects/%lld/materials/%lld", (long long)pid,
	         (long long)id);
	return json_pack(
	    "{s:I, s:I, s:s, s:I, s:s, s:s, s:I, s:s, s:I, s:I, s:s}", "id", (json_int_t)id,
	    "project_id", (json_int_t)pid, "kind", store_get(r, i, "kind"), "version",
	    (json_int_t)store_get_int(r, i, "version"), "filename", store_get(r, i, "filename"),
	    "sha256", store_get(r, i, "sha256"), "size", (json_int_t)store_get_int(r, i, "size"),
	    "content_type", store_get(r, i, "content_type"), "uploaded_by",
	    (json_int_t)store_get_int(r, i, "uploaded_by"), "uploaded_at",
	    (json_int_t)store_get_int(r, i, "uploaded_at"), "download", url);
}

static int is_joint(store_conn *c, arena *a, int64_t project_id, bool *joint, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r, "SELECT count(*) AS n FROM project_members WHERE project_id = $1",
	            "i", project_id) < 0)
		return -1;
	*joint = store_get_int(r, 0, "n") > 1;
	return 0;
}

int materials_missing(store_conn *c, arena *a, int64_t project_id, const char *track,
                      json_t **missing_list, err *e)
{
	bool joint;
	store_result *r;
	if (is_joint(c, a, project_id, &joint, e) < 0 ||
	    store_q(c, a, e, &r, "SELECT DISTINCT kind FROM materials WHERE project_id = $1", "i",
	            project_id) < 0)
		return -1;
	json_t *missing = json_array();
	for (unsigned k = 0; k < MATERIAL_KINDS_COUNT; k++) {
		const char *id = MATERIAL_KINDS[k].id;
		if (!material_required(id, track, joint))
			continue;
		bool have = false;
		for (int i = 0; i < r->nrows && !have; i++)
			have = !strcmp(store_get(r, i, "kind"), id);
		if (!have)
			json_array_append_new(missing, json_string(id));
	}
	*missing_list = missing;
	return 0;
}

/* Validation before any transaction: the kind, the file, its size and what its bytes are. */
static int check_upload(const material_upload_in *in, const char **type, err *e)
{
	if (!in->kind || !*in->kind)
		return err_set(e, 400, "missing_field", "kind", "Field {field} is required.");
	if (!material_kind_find(in->kind))
		return err_set(e, 400, "invalid_value", "kind",
		               "Field {field} is not a known kind of material.");
	if (!in->data || !in->filename || !*in->filename)
		return err_set(e, 400, "missing_field", "file", "Field {field} is required.");
	if (in->len > MATERIAL_MAX_BYTES)
		return err_set(e, 413, "payload_too_large", "file",
		               "The file is larger than the limit of 20 MiB.");
	if (in->len == 0)
		return err_set(e, 400, "invalid_value", "file", "Field {field} is an empty file.");
	if (json_check_text(in->filename, FILENAME_MAX_CHARS, "file", e) < 0)
		return -1;
	/* The declared type is never trusted: what the bytes are decides. */
	*type = sniff_content_type(in->data, in->len);
	if (!*type)
		return err_set(e, 415, "unsupported_media_type", "file",
		               "Only PDF, Word (.docx), Excel (.xlsx), PNG and JPEG files are "
		               "accepted, judged by their content.");
	return 0;
}

int material_upload(app *ap, arena *a, const actor *who, int64_t project_id,
                    const material_upload_in *in, json_t **out, err *e)
{
	const char *type;
	if (check_upload(in, &type, e) < 0)
		return -1;
	/* The stored name ends as the content is: a PDF named "x.html" is kept as "x.html.pdf". */
	const char *filename = in->filename;
	if (!sniff_name_fits(filename, type))
		filename = arena_printf(a, "%s%s", filename, sniff_extension(type));
	unsigned char digest[crypto_hash_sha256_BYTES];
	char sha[crypto_hash_sha256_BYTES * 2 + 1];
	crypto_hash_sha256(digest, (const unsigned char *)in->data, in->len);
	sodium_bin2hex(sha, sizeof sha, digest, sizeof digest);

	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *r;
	json_t *payload = NULL, *withdrawn = NULL;
	if (project_check_access(c, a, who, project_id, ACCESS_EDIT, e) < 0)
		goto out;
	if (store_q(
	        c, a, e, &r,
	        "SELECT COALESCE(MAX(version), 0) AS v FROM materials WHERE project_id = $1 AND "
	        "kind = $2",
	        "it", project_id, in->kind) < 0)
		goto out;
	int64_t version = store_get_int(r, 0, "v") + 1;
	if (version > MATERIAL_MAX_VERSIONS) {
		err_set(e, 422, "too_many_versions", "kind",
		        "This kind of material already has the most versions allowed (50).");
		goto out;
	}
	int64_t now = time_now_us();
	/* §3.2: the members confirm what will be submitted; new bytes for a material are a change
	 * of substance (the same bytes again are not). */
	if (store_q(c, a, e, &r,
	            "SELECT sha256 FROM materials WHERE project_id = $1 AND kind = $2 ORDER BY "
	            "version DESC LIMIT 1",
	            "it", project_id, in->kind) < 0)
		goto out;
	if ((!r->nrows || strcmp(store_get(r, 0, "sha256"), sha)) &&
	    project_withdraw_confirmations(c, a, who, project_id, &withdrawn, e) < 0)
		goto out;
	/* Content-addressed: the same bytes are stored once and never overwritten. */
	if (store_q(c, a, e, NULL,
	            "INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ($1, "
	            "$2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
	            "titBi", sha, (int64_t)in->len, type, in->data, in->len, now) < 0)
		goto out;
	if (store_q(
	        c, a, e, &r,
	        "INSERT INTO materials (project_id, kind, version, filename, sha256, size, "
	        "content_type, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	        "$9) RETURNING " MATERIAL_COLS,
	        "itittitii", project_id, in->kind, version, filename, sha, (int64_t)in->len, type,
	        who->user_id, now) < 0)
		goto out;
	payload = json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:s}", "material_id",
	                    (json_int_t)store_get_int(r, 0, "id"), "kind", in->kind, "version",
	                    (json_int_t)version, "sha256", sha, "size", (json_int_t)in->len,
	                    "filename", filename, "content_type", type);
	json_object_set_new(payload, "confirmations_withdrawn",
	                    withdrawn ? withdrawn : json_array());
	withdrawn = NULL;
	char pid[24];
	snprintf(pid, sizeof pid, "%lld", (long long)project_id);
	if (events_append(
	        c, a, &(event_in){who->label, "project", pid, "material.uploaded", NULL, payload},
	        NULL, e) < 0)
		goto out;
	*out = material_json(r, 0);
	rc = 0;
out:
	json_decref(withdrawn);
	json_decref(payload);
	return app_tx_end(c, rc, e);
}

json_t *material_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	json_t *out = NULL, *missing = NULL;
	const char *track;
	store_result *r;
	bool joint;
	if (store_begin(c, e) < 0 ||
	    project_check_access(c, a, who, project_id, ACCESS_MATERIALS, e) < 0 ||
	    project_state_of(c, a, project_id, NULL, &track, e) < 0 ||
	    is_joint(c, a, project_id, &joint, e) < 0 ||
	    materials_missing(c, a, project_id, track, &missing, e) < 0 ||
	    store_q(c, a, e, &r,
	            "SELECT " MATERIAL_COLS
	            " FROM materials WHERE project_id = $1 ORDER BY id DESC",
	            "i", project_id) < 0)
		goto done;
	/* Uploading is for a member's user while the application is editable. */
	err scratch;
	err_clear(&scratch);
	bool may_upload = who->role == ROLE_INSTITUTION &&
	                  project_check_access(c, a, who, project_id, ACCESS_EDIT, &scratch) == 0;
	json_t *history = json_array(), *items = json_array(), *required = json_array();
	for (unsigned k = 0; k < MATERIAL_KINDS_COUNT; k++) {
		const char *id = MATERIAL_KINDS[k].id;
		if (material_required(id, track, joint))
			json_array_append_new(required, json_string(id));
		/* the latest version of each kind: the first row of that kind, newest first */
		for (int i = 0; i < r->nrows; i++)
			if (!strcmp(store_get(r, i, "kind"), id)) {
				json_array_append_new(items, material_json(r, i));
				break;
			}
	}
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(history, material_json(r, i));
	out = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:b}", "project_id", (json_int_t)project_id,
	                "track", track, "items", items, "history", history, "required", required,
	                "missing", missing, "may_upload", may_upload);
	missing = NULL;
done:
	json_decref(missing);
	store_rollback(c);
	app_read_end(c);
	return out;
}

/* Whether the reader is the user of one of the project's member institutions: the applicants
 * reading their own files leave no download event. */
static int reader_is_member(store_conn *c, arena *a, const actor *who, int64_t project_id,
                            bool *member, err *e)
{
	*member = false;
	if (who->role != ROLE_INSTITUTION)
		return 0;
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT 1 AS x FROM project_members WHERE project_id = $1 AND institution_id = "
	            "$2",
	            "ii", project_id, who->institution_id) < 0)
		return -1;
	*member = r->nrows > 0;
	return 0;
}

int material_download(app *ap, arena *a, const actor *who, int64_t project_id, int64_t material_id,
                      bool log, material_file *out, err *e)
{
	/* A write transaction: the download event is committed before any byte is sent. */
	store_conn *c = app_tx_begin(ap, e);
	if (!c)
		return -1;
	int rc = -1;
	store_result *m, *b;
	json_t *payload = NULL;
	bool member;
	if (project_check_access(c, a, who, project_id, ACCESS_MATERIALS, e) < 0)
		goto out;
	if (store_q(c, a, e, &m,
	            "SELECT " MATERIAL_COLS " FROM materials WHERE id = $1 AND project_id = $2",
	            "ii", material_id, project_id) < 0)
		goto out;
	if (!m->nrows) {
		err_set(e, 404, "not_found", "mid", "No such material.");
		goto out;
	}
	const char *sha = store_get(m, 0, "sha256");
	if (store_q(c, a, e, &b, "SELECT size, data FROM blobs WHERE sha256 = $1", "t", sha) < 0)
		goto out;
	if (!b->nrows || !store_get(b, 0, "data")) {
		err_set(e, 500, "store_error", NULL, "The database reported an error.");
		goto out;
	}
	if (reader_is_member(c, a, who, project_id, &member, e) < 0)
		goto out;
	if (log && !member) {
		payload = json_pack("{s:I, s:s, s:I, s:s}", "material_id", (json_int_t)material_id,
		                    "kind", store_get(m, 0, "kind"), "version",
		                    (json_int_t)store_get_int(m, 0, "version"), "sha256", sha);
		char pid[24];
		snprintf(pid, sizeof pid, "%lld", (long long)project_id);
		if (events_append(c, a,
		                  &(event_in){who->label, "project", pid, "material.downloaded",
		                              NULL, payload},
		                  NULL, e) < 0)
			goto out;
	}
	/* a BLOB reads back as its bytes; blobs.size says how many */
	out->data = store_get(b, 0, "data");
	out->len = (size_t)store_get_int(b, 0, "size");
	out->content_type = store_get(m, 0, "content_type");
	out->filename = store_get(m, 0, "filename");
	out->sha256 = sha;
	rc = 0;
out:
	json_decref(payload);
	return app_tx_end(c, rc, e);
}
