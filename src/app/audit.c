/* The history of a subject, filtered by who asks. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/access_internal.h"
#include "app/app_internal.h"
#include "store/events.h"

/* A subject's history follows exactly the visibility of the subject itself: whoever may not
 * read the subject gets 404 not_found for its history, whatever the role, as for a subject that
 * does not exist (so that a refusal does not tell that it exists). */

static bool parse_positive(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return v > 0;
}

static int not_found(err *e)
{
	return err_set(e, 404, "not_found", "subject", "No such record.");
}

/* 0 when who may read the subject (and so its history); else -1 with 404 (or a store error).
 * A subject without any event does not exist (every record is created by one); a deleted
 * record keeps its history, which stays readable (events_list answers 404 for a subject with
 * no history at all). */
static int subject_check_read(store_conn *c, arena *a, const actor *who, const char *type,
                              const char *id, err *e)
{
	int64_t n = 0;
	if (!strcmp(type, "calendar")) /* GET /api/v1/calendar/{year}: every user */
		return 0;
	if (!strcmp(type, "settings"))
		return who->role == ROLE_ADMIN ? 0 : not_found(e);
	if (!parse_positive(id, &n))
		return not_found(e);
	if (!strcmp(type, "project")) {
		/* the project page's own rule (§4.1: CSRC once forwarded, experts when assigned
		 * without a conflict, institutions their own) */
		if (project_check_access(c, a, who, n, ACCESS_READ, e) == 0)
			return 0;
		if (e->status == 404)
			return not_found(e);
		return -1;
	}
	if (!strcmp(type, "institution")) {
		return institution_may_read(who, n) ? 0 : not_found(e);
	}
	if (!strcmp(type, "user")) { /* GET /api/v1/users/{id}: admins; and one's own account */
		return who->role == ROLE_ADMIN || n == who->user_id ? 0 : not_found(e);
	}
	if (!strcmp(type, "batch")) { /* GET /api/v1/batches/{id}: staff */
		return who->role & ROLE_STAFF ? 0 : not_found(e);
	}
	if (!strcmp(type, "expert")) { /* the expert pool: officers and admins; and the expert */
		return who->role & (ROLE_OFFICER | ROLE_ADMIN) || n == who->user_id ? 0
		                                                                    : not_found(e);
	}
	/* supervision, complaints and exchange: a situation reported to the CSRC about no
	 * project (app/exchange.c) */
	if (!strcmp(type, "situation"))
		return who->role & ROLE_STAFF ? 0 : not_found(e);
	return not_found(e);
}

/* §4.1: the applicants see their project's history, but not the expert review inside it
 * (who reviews, who read the materials, conflicts, scores) nor the working group's proposals
 * before a leader settles them: experts judge independently of the applicants. An expert sees
 * of that part only its own steps: never another expert's sheet, conflict or reading. */
static bool review_internal(const char *kind)
{
	static const char *const prefixes[] = {"score.",    "conflict.",           "expert.",
	                                       "decision.", "material.downloaded", NULL};
	for (const char *const *p = prefixes; *p; p++)
		if (!strncmp(kind, *p, strlen(*p)))
			return true;
	return false;
}

/* supervision, complaints and exchange (§4.3): experts see nothing of supervision; the
 * working group's reports of new situations to the CSRC stay between them. */
static bool exchange_internal(const actor *who, const char *kind)
{
	static const char *const expert[] = {"complaint.", "message.", "situation.", NULL};
	if (who->role == ROLE_INSTITUTION)
		return !strncmp(kind, "situation.", 10);
	for (const char *const *p = expert; who->role == ROLE_EXPERT && *p; p++)
		if (!strncmp(kind, *p, strlen(*p)))
			return true;
	return false;
}

/* Supervision (§4.3) inside a project's history: experts see none of it; the CSRC sees what
 * was reported to it; an institution sees an inspection from its notification on and not the
 * working group's report to the CSRC. The records themselves answer as their own routes do
 * (app/inspections.c, app/incidents.c). */
static bool supervision_hidden(const actor *who, const char *kind)
{
	/* experts judged the application; nothing of the running pilot is theirs (§4.1) */
	static const char *const running[] = {"report.", "reporting.", "indicator.", "metrics.",
	                                      "alert.",  "api_token.", NULL};
	for (const char *const *p = running; who->role == ROLE_EXPERT && *p; p++)
		if (!strncmp(kind, *p, strlen(*p)))
			return true;
	/* the end of a pilot (§4.4): the working drafts of a stage evaluation are the CSRC's and
	 * the working group's; the outcome is the project's own event */
	if (!strncmp(kind, "evaluation.", 11))
		return who->role == ROLE_EXPERT || who->role == ROLE_INSTITUTION;
	/* supervision: inspections and incidents (§4.3 items 3 and 4) */
	bool inspection = !strncmp(kind, "inspection.", 11),
	     incident = !strncmp(kind, "incident.", 9);
	if (!inspection && !incident)
		return false;
	switch (who->role) {
	case ROLE_EXPERT:
		return true;
	case ROLE_CSRC:
		return inspection || (strcmp(kind, "incident.reported_to_csrc") &&
		                      strcmp(kind, "incident.acknowledged"));
	case ROLE_INSTITUTION:
		return !strcmp(kind, "inspection.planned") ||
		       !strcmp(kind, "incident.reported_to_csrc") ||
		       !strcmp(kind, "incident.acknowledged");
	default:
		return false;
	}
}

static bool event_hidden(const actor *who, const char *type, const char *kind,
                         const char *event_actor)
{
	if (strcmp(type, "project"))
		return false;
	if (exchange_internal(who, kind) || supervision_hidden(who, kind))
		return true;
	/* A legal hold keeps records for litigation or an investigation: the working group's
	 * business, not the institution's under it nor an expert's. */
	if (!strncmp(kind, "legal_hold.", 11) &&
	    (who->role == ROLE_INSTITUTION || who->role == ROLE_EXPERT))
		return true;
	if (who->role == ROLE_INSTITUTION)
		return review_internal(kind);
	/* An applicant's recusal requests name experts: another expert does not learn of them. */
	if (who->role == ROLE_EXPERT && (review_internal(kind) || !strncmp(kind, "recusal.", 8)))
		return !event_actor || !who->label || strcmp(event_actor, who->label);
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
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	if (subject_check_read(c, a, who, type, id, e) < 0) {
		app_read_end(c);
		return NULL;
	}
	store_result *r;
	json_t *out = NULL;
	if (events_for_subject(c, a, type, id, after, limit + 1, &r, e) < 0)
		goto done;
	if (!after && !r->nrows && strcmp(type, "calendar")) {
		not_found(e);
		goto done;
	}
	json_t *items = json_array();
	for (int i = 0; i < r->nrows && i < limit; i++) {
		if (event_hidden(who, type, store_get(r, i, "kind"), store_get(r, i, "actor")))
			continue;
		json_error_t je;
		json_t *p = json_loads(store_get(r, i, "payload"), 0, &je);
		const char *reason = store_get(r, i, "reason");
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:s}", "seq",
		                      (json_int_t)store_get_int(r, i, "seq"), "ts",
		                      (json_int_t)store_get_int(r, i, "ts"), "actor",
		                      store_get(r, i, "actor"), "subject_type", type, "subject_id",
		                      id, "kind", store_get(r, i, "kind"), "payload",
		                      p ? p : json_object(), "hash", store_get(r, i, "hash"));
		json_object_set_new(o, "reason", reason ? json_string(reason) : json_null());
		json_array_append_new(items, o);
	}
	out = app_page(items, r, limit, "seq");
done:
	app_read_end(c);
	return out;
}
