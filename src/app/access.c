/* Who may see and do what with a project (§3.2, §4.1): the one home of these rules. Every use
 * case, every history read and the route table's ROUTE_PROJECT check call it. See access.h. */
#include "app/access_internal.h"
#include "app/app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

int project_load(store_conn *c, arena *a, int64_t id, project_row *p, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT id, track, state, name, content, batch_id, csrc_result, defects, "
	            "launched_on, coaching_ends_on, created_at, updated_at, version FROM projects "
	            "WHERE id = $1",
	            "i", id) < 0)
		return -1;
	if (!r->nrows)
		return err_set(e, 404, "not_found", "id", "No such project.");
	p->id = id;
	p->track = store_get(r, 0, "track");
	p->state = store_get(r, 0, "state");
	p->name = store_get(r, 0, "name");
	p->content = store_get(r, 0, "content");
	p->csrc_result = store_get(r, 0, "csrc_result");
	p->defects = store_get(r, 0, "defects");
	p->launched_on = store_get(r, 0, "launched_on");
	p->coaching_ends_on = store_get(r, 0, "coaching_ends_on");
	p->batch_id = store_get_int(r, 0, "batch_id");
	p->created_at = store_get_int(r, 0, "created_at");
	p->updated_at = store_get_int(r, 0, "updated_at");
	p->version = store_get_int(r, 0, "version");
	if (project_state_parse(p->state, &p->st) < 0)
		return err_set(e, 500, "internal", NULL, "Something went wrong.");
	return 0;
}

/* The CSRC sees a project once it has been forwarded for professional evaluation (§4.1). */
static bool csrc_may_see(project_state s)
{
	return s == ST_CSRC_EVALUATION || s == ST_CSRC_REJECTED || s == ST_PUBLIC_NOTICE ||
	       s == ST_LAUNCHED || s == ST_COACHING || s == ST_COACHING_ENDED;
}

static int member_of(store_conn *c, arena *a, int64_t pid, int64_t inst, bool *member, bool *lead,
                     err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT lead FROM project_members WHERE project_id = $1 AND institution_id = "
	            "$2",
	            "ii", pid, inst) < 0)
		return -1;
	*member = r->nrows > 0;
	*lead = r->nrows && store_get_bool(r, 0, "lead");
	return 0;
}

int project_expert_may_see(store_conn *c, arena *a, int64_t expert_id, int64_t project_id,
                           bool *may, err *e)
{
	store_result *r;
	if (store_q(
	        c, a, e, &r,
	        "SELECT (SELECT count(*) FROM assignments WHERE project_id = $1 AND expert_id = "
	        "$2) AS assigned, (SELECT count(*) FROM conflicts WHERE project_id = $1 AND "
	        "expert_id = $2) AS conflicted",
	        "ii", project_id, expert_id) < 0)
		return -1;
	*may = store_get_int(r, 0, "assigned") > 0 && store_get_int(r, 0, "conflicted") == 0;
	return 0;
}

int project_access_check(store_conn *c, arena *a, const actor *who, const project_row *p,
                         project_access k, err *e)
{
	switch (who->role) {
	case ROLE_ADMIN:
	case ROLE_OFFICER:
	case ROLE_LEADER:
		if (k == ACCESS_READ || k == ACCESS_MATERIALS || k == ACCESS_KNOWN)
			return 0;
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	case ROLE_CSRC:
		if (!csrc_may_see(p->st))
			return err_set(e, 404, "not_found", "id", "No such project.");
		if (k == ACCESS_READ || k == ACCESS_MATERIALS || k == ACCESS_KNOWN)
			return 0;
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	case ROLE_EXPERT: {
		/* §4.1: an expert sees only assigned projects, and none with a conflict. */
		bool may;
		if (k == ACCESS_KNOWN) {
			store_result *r;
			if (store_q(
			        c, a, e, &r,
			        "SELECT 1 FROM assignments WHERE project_id = $1 AND expert_id = "
			        "$2",
			        "ii", p->id, who->user_id) < 0)
				return -1;
			return r->nrows ? 0
			                : err_set(e, 404, "not_found", "id", "No such project.");
		}
		if (project_expert_may_see(c, a, who->user_id, p->id, &may, e) < 0)
			return -1;
		if (!may)
			return err_set(e, 404, "not_found", "id", "No such project.");
		if (k == ACCESS_READ || k == ACCESS_MATERIALS)
			return 0;
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	}
	case ROLE_INSTITUTION: {
		bool member, lead;
		if (member_of(c, a, p->id, who->institution_id, &member, &lead, e) < 0)
			return -1;
		if (!member)
			return err_set(e, 404, "not_found", "id", "No such project.");
		/* §3.2: the lead applicant represents the others in the application work (its
		 * content, members and materials) and reports for the pilot; the other members
		 * read it and confirm it. */
		if ((k == ACCESS_LEAD || k == ACCESS_EDIT) && !lead)
			return err_set(e, 403, "not_lead", NULL,
			               "Only the lead applicant may do this (§3.2).");
		if (k == ACCESS_EDIT && p->st != ST_DRAFT && p->st != ST_RETURNED)
			return err_set(e, 409, "invalid_state", NULL,
			               "The application can be changed only as a draft or when "
			               "returned.");
		return 0;
	}
	default:
		return err_set(e, 404, "not_found", "id", "No such project.");
	}
}

int project_check_access(store_conn *c, arena *a, const actor *who, int64_t project_id,
                         project_access k, err *e)
{
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0)
		return -1;
	return project_access_check(c, a, who, &p, k, e);
}

int project_check_known(app *ap, arena *a, const actor *who, int64_t project_id, err *e)
{
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		return -1;
	int rc = project_check_access(c, a, who, project_id, ACCESS_KNOWN, e);
	app_read_end(c);
	return rc;
}

int project_state_of(store_conn *c, arena *a, int64_t project_id, const char **state,
                     const char **track, err *e)
{
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0)
		return -1;
	if (state)
		*state = p.state;
	if (track)
		*track = p.track;
	return 0;
}
