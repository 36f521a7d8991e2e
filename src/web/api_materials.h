/* Materials of an application: upload (multipart), list, download (§4.1). */
#ifndef BAOTU_WEB_API_MATERIALS_H
#define BAOTU_WEB_API_MATERIALS_H
#include "app/materials.h"
#include "web/http.h"

/* The upload routes' body cap: one file of MATERIAL_MAX_BYTES plus the form around it. A file
 * a little over the limit still reaches the handler, which names the field in its 413. */
#define MATERIALS_MAX_BODY (MATERIAL_MAX_BYTES + ((size_t)64 << 10))

int api_materials_upload(req *r); /* POST /api/v1/projects/{id}/materials */
int api_materials_get(req *r);    /* GET /api/v1/projects/{id}/materials/{mid} */

/* Reads the upload form of r's multipart body (fields kind and file; csrf is allowed) and
 * uploads it to the project. Shared by the API and the page's form. */
int materials_upload_form(req *r, int64_t project_id, json_t **out);

/* POST /projects/{id}/materials (the project page's form): redirects back to the page. */
int ui_materials_upload(req *r);
#endif
