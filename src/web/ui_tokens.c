/* The lead institution's ingestion tokens of a pilot (§4.3 item 2): the list, creating one (its
 * secret shown once) and revoking one. See ui_indicators.h; the use cases are in
 * src/app/indicators.c. */
#include "web/ui_indicators.h"

#include <string.h>

#include "app/indicators.h"
#include "lib/json.h"
#include "web/html.h"

static void token_row(req *r, json_t *t, void *ctx)
{
	buf *b = &r->out;
	long long pid = *(long long *)ctx;
	bool revoked = json_is_integer(json_object_get(t, "revoked_at"));
	html_printf(b,
	            "<tr data-token=\"%lld\"><td>%h</td><td><code>%h…</code></td><td>%h</td><td "
	            "class=\"nowrap\">%h</td><td class=\"nowrap\">%h</td><td>",
	            jint(t, "id"), jstr(t, "name"), jstr(t, "prefix"), jstr(t, "created_by_name"),
	            ui_time_cst(r, jint(t, "created_at")),
	            json_is_integer(json_object_get(t, "last_used_at"))
	                ? ui_time_cst(r, jint(t, "last_used_at"))
	                : T("Never"));
	if (revoked) {
		html_printf(b, "%h %h", T("Revoked"), ui_time_cst(r, jint(t, "revoked_at")));
	} else {
		html_printf(b,
		            "<form method=\"post\" action=\"/projects/%lld/tokens/%lld/revoke\" "
		            "class=\"inline-form\">",
		            pid, jint(t, "id"));
		ui_csrf_field(r);
		html_printf(b, "<button type=\"submit\" class=\"danger\">%h</button></form>",
		            T("Revoke"));
	}
	html_printf(b, "</td></tr>");
}

/* The tokens page; created (may be NULL) is a token just made, whose secret shows this once. */
static int tokens_page(req *r, int64_t id, json_t *created, int status)
{
	int64_t after = 0;
	int limit = 50;
	if (req_page(r, &after, &limit) < 0)
		return -1;
	ui_failure f = {0};
	bool failed = r->e.status != 0;
	if (failed)
		ui_failure_take(r, &f, NULL);
	json_t *list = api_token_list(r->app, r->a, &r->who, id, after, limit, &r->e);
	if (!list) {
		if (failed)
			ui_failure_free(&f);
		return -1;
	}
	json_t *p = ui_indicators_project_begin(r, id, T("API tokens"));
	if (!p) {
		json_decref(list);
		if (failed)
			ui_failure_free(&f);
		return -1;
	}
	buf *b = &r->out;
	long long pid = (long long)id;
	if (failed)
		ui_failure_box(r, &f, NULL, UI_INDICATOR_FIELDS);
	if (created)
		html_printf(
		    b,
		    "<section class=\"card flash\" role=\"status\" id=\"new-token\"><h2>%h</h2>"
		    "<p>%h</p><p><code class=\"secret\" data-token>%h</code></p><p "
		    "class=\"hint\">%h</p><pre class=\"mono\">curl -X POST -H 'Authorization: "
		    "Bearer %h' -H 'Content-Type: application/json' -H 'Idempotency-Key: …' "
		    "-d '{\"points\":[{\"indicator\":\"customers\",\"at\":"
		    "\"2026-01-05T08:00:00Z\",\"value\":1200}]}' "
		    "https://…/api/v1/projects/%lld/metrics</pre></section>",
		    T("The new token"),
		    T("Copy it now: it is shown this once, and only its hash is kept."),
		    jstr(created, "token"),
		    T("The pilot's systems send their points with it, and nothing else: it "
		      "works only for this project's metrics."),
		    jstr(created, "token"), pid);
	html_printf(b, "<section class=\"card\"><h2>%h</h2>", T("API tokens"));
	ui_table(r, T("API tokens"), "tokens stack-sm",
	         (const char *const[]){T("Name"), T("Token"), T("Created by"), T("Created (UTC+8)"),
	                               T("Last used (UTC+8)"), T("State"), NULL},
	         json_object_get(list, "items"), token_row, &pid, T("No token yet."));
	ui_pager(r, list, arena_printf(r->a, "/projects/%lld/tokens", pid), NULL, NULL);
	html_printf(b,
	            "</section><section class=\"card\"><h2>%h</h2><form method=\"post\" "
	            "action=\"/projects/%lld/tokens\" class=\"stack\">",
	            T("Create a token"), pid);
	ui_csrf_field(r);
	ui_text_input(r, "name", T("Name"), created ? "" : ui_posted(r, "name"),
	              T("What will use it, e.g. the core business system."), failed,
	              " required maxlength=\"100\"");
	html_printf(b,
	            "<button type=\"submit\">%h</button></form></section><p class=\"links\"><a "
	            "href=\"/projects/%lld#indicators\">%h</a></p>",
	            T("Create"), pid, T("Back to the project"));
	json_decref(list);
	json_decref(p);
	if (failed)
		ui_failure_free(&f);
	return ui_page_end(r, failed ? f.status : status);
}

int ui_tokens_page(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	return tokens_page(r, id, NULL, 200);
}

int ui_token_create(req *r)
{
	int64_t id;
	if (req_param_id(r, "id", &id) < 0)
		return -1;
	json_t *body = json_object(), *out = NULL;
	int rc = ui_json_text(r, body, "name", ui_trim(r, req_form(r, "name")), false);
	if (rc == 0)
		rc = api_token_create(r->app, r->a, &r->who, id, body, &out, &r->e);
	json_decref(body);
	if (rc < 0 && (r->e.status == 404 || r->e.status == 403))
		return -1;
	/* the secret is shown on this answer, never in a URL that a redirect would log */
	int prc = tokens_page(r, id, out, 200);
	json_decref(out);
	return prc;
}

int ui_token_revoke(req *r)
{
	int64_t id, token_id;
	if (req_param_id(r, "id", &id) < 0 || req_param_id(r, "token_id", &token_id) < 0)
		return -1;
	json_t *out = NULL;
	if (api_token_revoke(r->app, r->a, &r->who, id, token_id, &out, &r->e) < 0) {
		if (r->e.status == 404 || r->e.status == 403)
			return -1;
		return tokens_page(r, id, NULL, 200);
	}
	json_decref(out);
	return reply_redirect(r, arena_printf(r->a, "/projects/%lld/tokens", (long long)id));
}
