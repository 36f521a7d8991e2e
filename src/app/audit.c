/* The history of a subject, filtered by who asks. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/projects.h"
#include "store/events.h"

/* Staff read every history; an institution user its own institution's and its own account's;
 * an expert its own account's. */
static bool may_read(const actor *who, const char *type, const char *id)
{
	if (who->role & ROLE_STAFF)
		return true;
	long long n = strtoll(id, NULL, 10);
	if (!strcmp(type, "user"))
		return n == who->user_id;
	if (!strcmp(type, "institution"))
		return who->role == ROLE_INSTITUTION && n == who->institution_id;
	return false;
}

/* §4.1: the applicants see their project's history, but not the expert review inside it
 * (who reviews, conflicts, scores): experts judge independently of the applicants. */
static bool hidden_from_applicants(const char *kind)
{
	static const char *const prefixes[] = {"score.", "conflict.", "expert.", NULL};
	for (const char *const *p = prefixes; *p; p++)
		if (!strncmp(kind, *p, strlen(*p)))
			return true;
	return false;
}

json_t *events_list(app *ap, arena *a, const actor *who, const char *subject, int64_t after,
		    int limit, err *e)
{
	const char *colon = subject ? strchr(subject, ':') : NULL;
	if (!colon || colon == subject || !colon[1] || strlen(subject) > 100) {
		err_set(e, 400, "invalid_value", "subject",
			"Parameter {field} must look like TYPE:ID, e.g. institution:7.");
		return NULL;
	}
	const char *type = arena_strndup(a, subject, (size_t)(colon - subject));
	const char *id = colon + 1;
	bool project = !strcmp(type, "project") && who->role == ROLE_INSTITUTION;
	if (!may_read(who, type, id) && !project) {
		err_set(e, 403, "forbidden", "subject", "You may not read this history.");
		return NULL;
	}
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	if (project) {
		/* A member institution reads its own project's history (404 for any other). */
		int64_t pid = strtoll(id, NULL, 10);
		if (pid <= 0 || project_check_access(c, a, who, pid, ACCESS_READ, e) < 0) {
			app_read_end(c);
			return NULL;
		}
	}
	store_result *r;
	json_t *out = NULL;
	if (events_for_subject(c, a, type, id, after, limit + 1, &r, e) < 0)
		goto done;
	json_t *items = json_array();
	for (int i = 0; i < r->nrows && i < limit; i++) {
		if (project && hidden_from_applicants(store_get(r, i, "kind")))
			continue;
		json_error_t je;
		json_t *p = json_loads(store_get(r, i, "payload"), 0, &je);
		const char *reason = store_get(r, i, "reason");
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s}", "seq",
				      (json_int_t)store_get_int(r, i, "seq"), "ts",
				      (json_int_t)store_get_int(r, i, "ts"), "actor",
				      store_get(r, i, "actor"), "subject_type", type, "subject_id", id,
				      "kind", store_get(r, i, "kind"), "payload",
				      p ? p : json_object(), "hash", store_get(r, i, "hash"));
		json_object_set_new(o, "reason", reason ? json_string(reason) : json_null());
		json_array_append_new(items, o);
	}
	out = json_pack("{s:o}", "items", items);
	json_object_set_new(out, "next",
			    r->nrows > limit ? json_string(store_get(r, limit - 1, "seq"))
					     : json_null());
done:
	app_read_end(c);
	return out;
}
