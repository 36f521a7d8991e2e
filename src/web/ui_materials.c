/* The project page's materials section: the latest file of each kind with its versions, what
 * is still missing, and - while the application is editable - the upload form. */
#include "web/ui_materials.h"

#include <string.h>

#include "app/materials.h"
#include "web/html.h"
#include "web/ui.h"

static const char *size_text(req *r, long long n)
{
	if (n < 1024)
		return arena_printf(r->a, "%lld B", n);
	if (n < 1024 * 1024)
		return arena_printf(r->a, "%.1f KiB", (double)n / 1024);
	return arena_printf(r->a, "%.1f MiB", (double)n / (1024 * 1024));
}

static bool in_list(json_t *list, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) if (!strcmp(json_string_value(v), id)) return true;
	return false;
}

/* What an upload that came back to the page went wrong with (codes of materials_upload_form
 * and material_upload); an unknown code shows nothing. */
static const struct {
	const char *code, *msg;
} UPLOAD_ERRORS[] = {
    {"unsupported_media_type", N_("Only PDF, Word (.docx), Excel (.xlsx), PNG and JPEG files "
                                  "are accepted, judged by their content.")},
    {"payload_too_large", N_("The file is larger than the limit of 20 MiB.")},
    {"too_many_versions", N_("This kind of material already has the most versions allowed "
                             "(50).")},
    {"invalid_state",
     N_("Materials can be uploaded only while the application is a draft or returned.")},
    {"missing_field", N_("Choose a kind of material and a file.")},
    {"invalid_value", N_("Choose a kind of material and a non-empty file.")},
    {"invalid_type", N_("The upload form was not filled in as expected; reload the page.")},
    {"unknown_field", N_("The upload form was not filled in as expected; reload the page.")},
    {"duplicate_field", N_("The upload form was not filled in as expected; reload the page.")},
    {"invalid_multipart", N_("The upload form was not filled in as expected; reload the page.")},
    {"too_many_parts", N_("The upload form was not filled in as expected; reload the page.")},
    {"invalid_text", N_("The file name is not acceptable; rename the file and try again.")},
    {"too_long", N_("The file name is not acceptable; rename the file and try again.")},
};

static void upload_feedback(req *r)
{
	const char *code = req_query(r, "material_error");
	const char *done = req_query(r, "material_uploaded");
	for (size_t i = 0; code && i < sizeof UPLOAD_ERRORS / sizeof *UPLOAD_ERRORS; i++)
		if (!strcmp(UPLOAD_ERRORS[i].code, code)) {
			html_printf(&r->out,
			            "<div class=\"error\" role=\"alert\" data-code=\"%a\"><b>%h</b>"
			            "%h</div>",
			            code, T("Not uploaded."), T(UPLOAD_ERRORS[i].msg));
			return;
		}
	if (done && *done && strlen(done) < 8 && strspn(done, "0123456789") == strlen(done))
		html_printf(&r->out, "<p class=\"hint\" role=\"status\">%h</p>",
		            arena_printf(r->a, "%s %s", T("Uploaded as version"), done));
}

/* One version's cells: version, download, size, time, hash; the row ends with them. */
static void version_cells(req *r, json_t *m)
{
	html_printf(&r->out,
	            "<td>v%lld</td><td><a href=\"%a\" download>%h</a></td><td class=\"nowrap\">%h"
	            "</td><td class=\"nowrap\">%h</td><td><code title=\"%a\">%h</code></td></tr>",
	            jint(m, "version"), jstr(m, "download"), jstr(m, "filename"),
	            size_text(r, jint(m, "size")), ui_time_cst(r, jint(m, "uploaded_at")),
	            jstr(m, "sha256"), arena_strndup(r->a, jstr(m, "sha256"), 12));
}

void ui_materials_section(req *r, int64_t project_id)
{
	err e;
	err_clear(&e);
	json_t *o = material_list(r->app, r->a, &r->who, project_id, &e);
	if (!o) {
		err_free_details(&e);
		return; /* not the caller's to see: the section is left out */
	}
	buf *b = &r->out;
	json_t *items = json_object_get(o, "items"), *history = json_object_get(o, "history");
	json_t *required = json_object_get(o, "required"), *missing = json_object_get(o, "missing");
	html_printf(b,
	            "<section class=\"card\" id=\"materials\" aria-labelledby=\"materials-h\">"
	            "<h2 id=\"materials-h\">%h</h2>",
	            T("Materials"));
	upload_feedback(r);
	html_printf(b,
	            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	            "aria-labelledby=\"materials-h\">"
	            "<table class=\"list materials\"><thead><tr>"
	            "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	            "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	            "<th scope=\"col\">%h</th></tr></thead><tbody>",
	            T("Kind"), T("Status"), T("Version"), T("File"), T("Size"), T("Uploaded at"),
	            T("SHA-256"));
	for (unsigned k = 0; k < MATERIAL_KINDS_COUNT; k++) {
		const char *id = MATERIAL_KINDS[k].id;
		json_t *latest = NULL, *m;
		size_t i;
		json_array_foreach(items, i, m) if (!strcmp(jstr(m, "kind"), id)) latest = m;
		bool req_kind = in_list(required, id);
		if (!latest && !req_kind)
			continue; /* optional and absent: nothing to say */
		html_printf(b, "<tr><td>%h</td><td>", T(MATERIAL_KINDS[k].label));
		if (in_list(missing, id))
			html_printf(b, "<span class=\"tag\" data-missing=\"%a\">%h</span>", id,
			            T("Missing"));
		else if (req_kind)
			html_printf(b, "<span class=\"tag subject\">%h</span>", T("Provided"));
		else
			html_printf(b, "<span class=\"tag plain\">%h</span>", T("Optional"));
		html_printf(b, "</td>");
		if (latest)
			version_cells(r, latest);
		else
			html_printf(b, "<td colspan=\"5\"></td></tr>");
	}
	html_printf(b, "</tbody></table></div>");
	if (json_array_size(history) > json_array_size(items)) {
		html_printf(b, "<details class=\"stack-sm\"><summary>%h (%zu)</summary>",
		            T("Every version"), json_array_size(history));
		ui_table_begin(r, T("Every version"), "history",
		               (const char *const[]){T("Kind"), T("Version"), T("File"), T("Size"),
		                                     T("Uploaded at"), T("SHA-256"), NULL});
		size_t i;
		json_t *m;
		json_array_foreach(history, i, m)
		{
			html_printf(b, "<tr><td>%h</td>", ui_material_label(r, jstr(m, "kind")));
			version_cells(r, m);
		}
		ui_table_end(r);
		html_printf(b, "</details>");
	}
	if (json_is_true(json_object_get(o, "may_upload"))) {
		html_printf(b,
		            "<form method=\"post\" action=\"/projects/%lld/materials\" "
		            "enctype=\"multipart/form-data\" class=\"form stack-sm\">",
		            (long long)project_id);
		ui_csrf_field(r);
		html_printf(b,
		            "<div class=\"row3\"><div class=\"field\"><label for=\"m-kind\">%h"
		            "</label><select id=\"m-kind\" name=\"kind\" required>",
		            T("Kind of material"));
		/* the first missing kind comes preselected */
		const char *first = json_string_value(json_array_get(missing, 0));
		for (unsigned k = 0; k < MATERIAL_KINDS_COUNT; k++) {
			const char *id = MATERIAL_KINDS[k].id;
			html_printf(b, "<option value=\"%a\"", id);
			if (first && !strcmp(first, id))
				html_raw(b, " selected");
			html_printf(b, ">%h</option>", T(MATERIAL_KINDS[k].label));
		}
		html_printf(
		    b,
		    "</select></div><div class=\"field\"><label for=\"m-file\">%h</label>"
		    "<input id=\"m-file\" type=\"file\" name=\"file\" required "
		    "accept=\".pdf,.docx,.xlsx,.png,.jpg,.jpeg\" aria-describedby=\"m-hint\">"
		    "<small class=\"hint\" id=\"m-hint\">%h</small></div></div>"
		    "<div class=\"form-actions\"><button type=\"submit\" class=\"primary\">%h"
		    "</button></div></form>",
		    T("File"),
		    T("PDF, Word (.docx), Excel (.xlsx), PNG or JPEG, at most 20 MiB. "
		      "A new upload of a kind becomes its next version; earlier "
		      "versions are kept."),
		    T("Upload"));
	}
	html_printf(b, "</section>");
	json_decref(o);
}
