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
#include "core/text.h"
#include "lib/json.h"
#include "lib/time.h"
#include "store/materials.h"

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
	int i = ID_INDEX(MATERIAL_KINDS, MATERIAL_KINDS_COUNT, id);
	return i < 0 ? NULL : &MATERIAL_KINDS[i];
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

int materials_missing(store_conn *c, arena *a, int64_t project_id, const char *track,
                      json_t **missing_list, err *e)
{
	bool joint;
	store_result *r;
	if (materials_joint(c, a, project_id, &joint, e) < 0 ||
	    materials_kinds(c, a, project_id, &r, e) < 0)
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
	upload_file f = {in->filename, in->data, in->len};
	return app_file_check(&f, type, e);
}

/* The upload of f's bytes (data); its version and time are settled here, once the lock is
 * held. */
static int upload_tx(store_conn *c, arena *a, const actor *who, material_fields *f,
                     const void *data, json_t **out, err *e)
{
	store_result *r;
	json_t *withdrawn = NULL;
	const char *latest;
	if (project_check_access(c, a, who, f->project_id, ACCESS_EDIT, e) < 0 ||
	    materials_latest(c, a, f->project_id, f->kind, &f->version, &latest, e) < 0)
		return -1;
	if (++f->version > MATERIAL_MAX_VERSIONS)
		return err_set(e, 422, "too_many_versions", "kind",
		               "This kind of material already has the most versions allowed (50).");
	f->uploaded_at = time_now_us();
	/* §3.2: the members confirm what will be submitted; new bytes for a material are a change
	 * of substance (the same bytes again are not). */
	if ((!latest || strcmp(latest, f->sha256)) &&
	    project_withdraw_confirmations(c, a, who, f->project_id, &withdrawn, e) < 0)
		return -1;
	/* Content-addressed: the same bytes are stored once and never overwritten. */
	if (materials_blob_put(c, a, f->sha256, f->content_type, data, (size_t)f->size,
	                       f->uploaded_at, e) < 0 ||
	    materials_insert(c, a, f, &r, e) < 0) {
		json_decref(withdrawn);
		return -1;
	}
	json_t *payload =
	    json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:s}", "material_id",
	              (json_int_t)store_get_int(r, 0, "id"), "kind", f->kind, "version",
	              (json_int_t)f->version, "sha256", f->sha256, "size", (json_int_t)f->size,
	              "filename", f->filename, "content_type", f->content_type);
	json_object_set_new(payload, "confirmations_withdrawn",
	                    withdrawn ? withdrawn : json_array());
	if (app_event(c, a, who, "project", f->project_id, "material.uploaded", NULL, payload, e) <
	    0)
		return -1;
	*out = material_json(r, 0);
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

	material_fields f = {.project_id = project_id,
	                     .kind = in->kind,
	                     .filename = filename,
	                     .sha256 = sha,
	                     .size = (int64_t)in->len,
	                     .content_type = type,
	                     .uploaded_by = who->user_id};
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, upload_tx(c, a, who, &f, in->data, out, e), e) : -1;
}

/* What the materials page shows of a project (see material_list). */
static json_t *list_json(store_conn *c, arena *a, const actor *who, int64_t project_id, err *e)
{
	json_t *missing = NULL;
	const char *track;
	store_result *r;
	bool joint;
	if (project_check_access(c, a, who, project_id, ACCESS_MATERIALS, e) < 0 ||
	    project_state_of(c, a, project_id, NULL, &track, e) < 0 ||
	    materials_joint(c, a, project_id, &joint, e) < 0 ||
	    materials_missing(c, a, project_id, track, &missing, e) < 0)
		return NULL;
	if (materials_of_project(c, a, project_id, &r, e) < 0) {
		json_decref(missing);
		return NULL;
	}
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
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:b}", "project_id",
	                 (json_int_t)project_id, "track", track, "items", items, "history", history,
	                 "required", required, "missing", missing, "may_upload", may_upload);
}

json_t *material_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	return app_snapshot_read(ap, a, who, project_id, list_json, e);
}

/* Whether the reader is the user of one of the project's member institutions: the applicants
 * reading their own files leave no download event. */
static int reader_is_member(store_conn *c, arena *a, const actor *who, int64_t project_id,
                            bool *member, err *e)
{
	*member = false;
	return who->role == ROLE_INSTITUTION
	           ? materials_member_of(c, a, project_id, who->institution_id, member, e)
	           : 0;
}

static int download_tx(store_conn *c, arena *a, const actor *who, int64_t project_id,
                       int64_t material_id, bool log, material_file *out, err *e)
{
	store_result *m;
	bool member;
	const char *data;
	size_t len;
	int found, stored;
	if (project_check_access(c, a, who, project_id, ACCESS_MATERIALS, e) < 0 ||
	    (found = materials_get(c, a, project_id, material_id, &m, e)) < 0)
		return -1;
	if (!found)
		return err_set(e, 404, "not_found", "mid", "No such material.");
	const char *sha = store_get(m, 0, "sha256");
	if ((stored = materials_blob_get(c, a, sha, &data, &len, e)) < 0)
		return -1;
	if (!stored || !data)
		return err_set(e, 500, "store_error", NULL, "The database reported an error.");
	if (reader_is_member(c, a, who, project_id, &member, e) < 0 ||
	    (log && !member &&
	     app_event(c, a, who, "project", project_id, "material.downloaded", NULL,
	               json_pack("{s:I, s:s, s:I, s:s}", "material_id", (json_int_t)material_id,
	                         "kind", store_get(m, 0, "kind"), "version",
	                         (json_int_t)store_get_int(m, 0, "version"), "sha256", sha),
	               e) < 0))
		return -1;
	*out = (material_file){data, len, store_get(m, 0, "content_type"),
	                       store_get(m, 0, "filename"), sha};
	return 0;
}

int material_download(app *ap, arena *a, const actor *who, int64_t project_id, int64_t material_id,
                      bool log, material_file *out, err *e)
{
	/* A write transaction: the download event is committed before any byte is sent. */
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end(c, download_tx(c, a, who, project_id, material_id, log, out, e), e)
	         : -1;
}
