/* POST /api/v1/eligibility: loads the named institutions and asks the §3 rules. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/app_internal.h"
#include "core/eligibility.h"
#include "lib/json.h"
#include "store/institutions.h"

json_t *eligibility_run(app *ap, arena *a, const actor *who, const json_t *body, err *e)
{
	static const char *const allowed[] = {"track", "applicants", NULL};
	static const char *const member_allowed[] = {"institution_id", "lead", NULL};
	const char *track_s;
	eligibility_track track;
	if (json_only_fields(body, allowed, e) < 0 ||
	    json_get_str(body, "track", true, 20, &track_s, e) < 0)
		return NULL;
	if (eligibility_track_parse(track_s, &track) < 0) {
		err_set(e, 400, "invalid_value", "track",
		        "Field {field} must be pilot or coaching.");
		return NULL;
	}
	json_t *list = json_object_get(body, "applicants");
	if (!json_is_array(list)) {
		err_set(e, 400, list ? "invalid_type" : "missing_field", "applicants",
		        "Field {field} must be a list of applicants.");
		return NULL;
	}
	size_t n = json_array_size(list);
	if (n > ELIGIBILITY_MAX_APPLICANTS) {
		err_set(e, 400, "too_long", "applicants", "Field {field} has too many entries.");
		return NULL;
	}
	applicant *ap_list = arena_alloc(a, sizeof(applicant) * (n ? n : 1));
	bool includes_own = false;
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return NULL;
	json_t *out = NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_array_get(list, i);
		int64_t id = 0;
		bool lead = false, present;
		if (!json_is_object(m)) {
			err_setf(e, 400, "invalid_type", "Field {field} must be an object.",
			         "applicants[%zu]", i);
			goto done;
		}
		if (json_only_fields(m, member_allowed, e) < 0 ||
		    json_get_int(m, "institution_id", true, &id, &present, e) < 0 ||
		    json_get_bool(m, "lead", false, &lead, &present, e) < 0) {
			/* name the element, not only the key; e->field may point into
			 * e->field_buf, which err_setf overwrites, so copy it first */
			char key[sizeof e->field_buf];
			snprintf(key, sizeof key, "%s", e->field ? e->field : "");
			err_setf(e, e->status, e->code, e->msg, "applicants[%zu].%s", i, key);
			goto done;
		}
		store_result *r;
		int found = institutions_get_facts(c, a, id, &r, e);
		if (found < 0)
			goto done;
		if (!found) {
			err_setf(e, 422, "unknown_institution",
			         "Field {field} names no registered institution.",
			         "applicants[%zu].institution_id", i);
			goto done;
		}
		institution_facts_read(r, 0, &ap_list[i].inst);
		ap_list[i].lead = lead;
		if (who->role == ROLE_INSTITUTION && id == who->institution_id)
			includes_own = true;
	}
	/* An institution user checks applications it is part of, not others' (ownership). */
	if (who->role == ROLE_INSTITUTION && !includes_own) {
		err_set(e, 403, "forbidden", "applicants",
		        "An institution may check only applications that include itself.");
		goto done;
	}
	eligibility_result res;
	eligibility_check(ap->region, track, ap_list, n, &res);
	json_t *reasons = json_array();
	for (size_t i = 0; i < res.nreasons; i++) {
		const eligibility_reason *rr = &res.reasons[i];
		json_t *o = json_pack("{s:s, s:s, s:s}", "code", rr->code, "message", rr->msg,
		                      "clause", rr->clause);
		json_object_set_new(o, "institution_id",
		                    rr->institution_id ? json_integer(rr->institution_id)
		                                       : json_null());
		json_array_append_new(reasons, o);
	}
	out = json_pack("{s:b, s:s, s:o}", "eligible", res.eligible, "track", track_s, "reasons",
	                reasons);
done:
	app_read_end(c);
	return out;
}
