/* Materials (申报材料): the attachments of an application (§4.1 checks them for conformity and
 * completeness). Files are sniffed by their bytes, stored content-addressed by SHA-256 and
 * never overwritten: a new upload of a kind is its next version. Every download by someone
 * who is not a member institution's user is an event. */
#ifndef BAOTU_APP_MATERIALS_H
#define BAOTU_APP_MATERIALS_H
#include "app/app.h"

#define MATERIAL_MAX_BYTES ((size_t)20 << 20) /* 20 MiB per file */
#define MATERIAL_MAX_VERSIONS 50              /* per kind: keeps a project's list bounded */

/* The kinds of material, in the order an application lists them. */
typedef struct material_kind {
	const char *id;    /* "application_form" ... */
	const char *label; /* English message id (translated where shown) */
} material_kind;
extern const material_kind MATERIAL_KINDS[];
extern const unsigned MATERIAL_KINDS_COUNT;
const material_kind *material_kind_find(const char *id);

/* Whether a kind is required for a track ("pilot" | "coaching"); joint: more than one member.
 * §2.4, §4.3: pilots need every plan, the joint agreement when joint (§3.2). Coaching (§3.3)
 * runs no live financial business, so it has no investors to protect yet: no investor
 * protection plan is required (one may still be uploaded). */
bool material_required(const char *kind, const char *track, bool joint);

/* POST /api/v1/projects/{id}/materials. filename is already a safe base name; the declared
 * type is not trusted (the bytes are sniffed: 415 otherwise). *out: the material. */
typedef struct material_upload_in {
	const char *kind;
	const char *filename;
	const char *data;
	size_t len;
} material_upload_in;
int material_upload(app *ap, arena *a, const actor *who, int64_t project_id,
                    const material_upload_in *in, json_t **out, err *e);

/* {"project_id","track","items":[latest of each kind],"history":[every version, newest first],
 *  "required":[kind ids],"missing":[kind ids],"may_upload":bool}. */
json_t *material_list(app *ap, arena *a, const actor *who, int64_t project_id, err *e);

/* One version's bytes, for GET .../materials/{mid}. Appends material.downloaded when the
 * reader is not a member institution's user (log=false skips that, for HEAD). */
typedef struct material_file {
	const char *data; /* arena */
	size_t len;
	const char *content_type; /* the sniffed type */
	const char *filename;
	const char *sha256;
} material_file;
int material_download(app *ap, arena *a, const actor *who, int64_t project_id, int64_t material_id,
                      bool log, material_file *out, err *e);
#endif
