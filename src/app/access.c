/* Who may see and do what with a project (§3.2, §4.1): the one home of these rules. Every use
 * case, every history read and the route table's ROUTE_PROJECT check call it. See access.h. */
#include "app/access_internal.h"
#include "app/app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/projects.h"
#include "store/reviews.h"

int project_load(store_conn *c, arena *a, int64_t id, project_row *p, err *e)
{
	projects_row r;
	if (app_found(projects_get(c, a, id, &r, e), "No such project.", e) < 0)
		return -1;
	*p = (project_row){.id = r.id,
	                   .track = r.track,
	                   .state = r.state,
	                   .name = r.name,
	                   .content = r.content,
	                   .csrc_result = r.csrc_result,
	                   .defects = r.defects,
	                   .launched_on = r.launched_on,
	                   .coaching_ends_on = r.coaching_ends_on,
	                   .batch_id = r.batch_id,
	                   .created_at = r.created_at,
	                   .updated_at = r.updated_at,
	                   .version = r.version};
	if (project_state_parse(p->state, &p->st) < 0)
		return err_set(e, 500, "internal", NULL, "Something went wrong.");
	return 0;
}

/* The CSRC sees a project once it has been forwarded for professional evaluation (§4.1). */
static bool csrc_may_see(project_state s)
{
	return s == ST_CSRC_EVALUATION || s == ST_CSRC_REJECTED || s == ST_PUBLIC_NOTICE ||
	       s == ST_LAUNCHED || s == ST_COACHING || s == ST_COACHING_ENDED ||
	       /* §4.4: every project past launch, whatever became of it */
	       s == ST_REGULAR_OPERATION || s == ST_RECTIFYING || s == ST_SUSPENDED ||
	       s == ST_STOPPED || s == ST_EXITING || s == ST_EXITED;
}

int project_expert_may_see(store_conn *c, arena *a, int64_t expert_id, int64_t project_id,
                           bool *may, err *e)
{
	reviews_status st;
	if (reviews_status_get(c, a, project_id, expert_id, &st, e) < 0)
		return -1;
	*may = st.assigned && !st.conflicted;
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
			reviews_status st;
			if (reviews_status_get(c, a, p->id, who->user_id, &st, e) < 0)
				return -1;
			return st.assigned ? 0
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
		projects_member m;
		int rc = projects_member_get(c, a, p->id, who->institution_id, &m, e);
		if (rc < 0)
			return -1;
		if (!rc)
			return err_set(e, 404, "not_found", "id", "No such project.");
		/* §3.2: the lead applicant represents the others in the application work (its
		 * content, members and materials) and reports for the pilot; the other members
		 * read it and confirm it. */
		if ((k == ACCESS_LEAD || k == ACCESS_EDIT) && !m.lead)
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

json_t *app_deadlines(app *ap, arena *a, const actor *who, int64_t project_id, int limit,
                      app_deadline_fetch fetch, json_t *(*item)(const store_result *r, int i),
                      err *e)
{
	if (limit <= 0 || limit > 200)
		limit = 200;
	store_conn *c = app_snapshot_begin(ap, e);
	if (!c)
		return NULL;
	store_result *r = NULL;
	int rc = project_id ? project_check_access(c, a, who, project_id, ACCESS_READ, e) : 0;
	if (rc == 0 && (app_working_group(who) || who->role == ROLE_INSTITUTION))
		rc = fetch(c, a, project_id,
		           who->role == ROLE_INSTITUTION ? who->institution_id : 0, limit, &r, e);
	json_t *out = NULL;
	if (rc == 0) {
		json_t *items = json_array();
		for (int i = 0; r && i < r->nrows; i++)
			json_array_append_new(items, item(r, i));
		out = json_pack("{s:o}", "items", items);
	}
	app_snapshot_end(c);
	return out;
}

int app_list_project(store_conn *c, arena *a, const actor *who, int64_t project_id, bool lead_too,
                     bool *starts, err *e)
{
	*starts = false;
	if (!project_id)
		return 0;
	project_row p;
	if (project_load(c, a, project_id, &p, e) < 0 ||
	    project_access_check(c, a, who, &p, ACCESS_READ, e) < 0)
		return -1;
	const state_info *si = project_state_info(p.state);
	err e2;
	err_clear(&e2);
	*starts = si && si->supervised &&
	          (who->role == ROLE_OFFICER ||
	           (lead_too && who->role == ROLE_INSTITUTION &&
	            project_access_check(c, a, who, &p, ACCESS_LEAD, &e2) == 0));
	err_free_details(&e2);
	return 0;
}

/* The state of x's row as k numbers it; 500 when it is none of them. */
static int record_state(const app_record_kind *k, app_record *x, err *e)
{
	x->st = k->moves ? machine_state_of(k->moves->m, store_get(x->r, 0, "state")) : 0;
	return x->st < 0 ? err_set(e, 500, "internal", NULL, "Something went wrong.") : 0;
}

int app_record_load(store_conn *c, arena *a, const actor *who, const app_record_kind *k, int64_t id,
                    app_record *x, err *e)
{
	x->id = id;
	if (app_found(k->fetch(c, a, id, &x->r, e), k->none, e) < 0 ||
	    project_load(c, a, store_get_int(x->r, 0, "project_id"), &x->p, e) < 0 ||
	    record_state(k, x, e) < 0)
		return -1;
	record_sight sight = k->sight(who, x);
	if (app_working_group(who) || sight == RECORD_SEEN)
		return 0;
	if (sight == RECORD_UNSEEN)
		return err_set(e, 404, "not_found", "id", k->none);
	if (project_access_check(c, a, who, &x->p, ACCESS_READ, e) < 0)
		return e->status == 404 ? err_set(e, 404, "not_found", "id", k->none) : -1;
	return 0;
}

int app_record_created(store_conn *c, arena *a, const actor *who, const app_record_kind *k,
                       int64_t id, const project_row *p, json_t **out, err *e)
{
	app_record x = {.id = id, .p = *p};
	return k->detail(c, a, who, &x, out, e);
}

int app_record_refetch(store_conn *c, arena *a, const app_record_kind *k, app_record *x, err *e)
{
	return app_found(k->fetch(c, a, x->id, &x->r, e), k->none, e) < 0 ? -1
	                                                                  : record_state(k, x, e);
}

int app_record_may(store_conn *c, arena *a, const actor *who, const app_record_kind *k,
                   const app_record *x, int action, app_move *m, err *e)
{
	const machine *t = k->moves->m;
	bool role_ok = false;
	for (size_t i = 0; i < t->nrows; i++)
		role_ok |= t->rows[i].action == (unsigned)action && (t->rows[i].roles & who->role);
	if (!role_ok)
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	const transition *w = machine_find(t, x->st, (unsigned)action);
	if (!w)
		return err_set(e, 409, "invalid_state", NULL, k->moves->not_now);
	*m = (app_move){w->roles, (int)w->to};
	if (who->role == ROLE_INSTITUTION)
		return project_access_check(c, a, who, &x->p, ACCESS_LEAD, e);
	return 0;
}

json_t *app_record_actions(store_conn *c, arena *a, const actor *who, const app_record_kind *k,
                           const app_record *x)
{
	const machine *t = k->moves->m;
	json_t *out = json_array();
	bool acts = who->role != ROLE_INSTITUTION;
	if (!acts) {
		err e2;
		err_clear(&e2);
		acts = project_access_check(c, a, who, &x->p, ACCESS_LEAD, &e2) == 0;
		err_free_details(&e2);
	}
	for (size_t action = 0; action < t->nactions; action++) {
		const transition *w = machine_find(t, x->st, (unsigned)action);
		if (w && (w->roles & who->role) && acts)
			json_array_append_new(out, json_string(machine_action_id(t, (int)action)));
	}
	return out;
}

static int record_write_tx(store_conn *c, arena *a, const actor *who, const app_record_kind *k,
                           int64_t id, int action, app_record_step step, const void *in,
                           json_t **out, err *e)
{
	app_record x;
	app_move m = {0, 0};
	if (app_record_load(c, a, who, k, id, &x, e) < 0 ||
	    (k->moves ? app_record_may(c, a, who, k, &x, action, &m, e)
	              : k->may(c, a, who, &x, e)) < 0 ||
	    step(c, a, who, &x, in, e) < 0)
		return -1;
	if (k->set_state && m.to != x.st && k->set_state(c, a, id, m.to, e) < 0)
		return -1;
	return k->detail(c, a, who, &x, out, e);
}

int app_record_write(app *ap, arena *a, const actor *who, const app_record_kind *k, int64_t id,
                     int action, app_record_step step, const void *in, json_t **out, err *e)
{
	*out = NULL;
	store_conn *c = app_tx_begin(ap, e);
	return c ? app_tx_end_json(c, record_write_tx(c, a, who, k, id, action, step, in, out, e),
	                           out, e)
	         : -1;
}

json_t *app_record_get(app *ap, arena *a, const actor *who, const app_record_kind *k, int64_t id,
                       err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	app_record x;
	json_t *out = NULL;
	if (c && app_record_load(c, a, who, k, id, &x, e) == 0)
		k->detail(c, a, who, &x, &out, e);
	app_snapshot_end(c);
	return out;
}

/* Whose records the caller sees in a list (the kind's comment); 0, or -1 with *e. */
static int record_scope(const actor *who, const app_record_kind *k, store_record_filter *f, err *e)
{
	if (who->role == ROLE_INSTITUTION) {
		if (k->project_required && !f->project_id)
			return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
		f->institution_id = who->institution_id;
	} else if (who->role == ROLE_CSRC) {
		f->csrc = true;
	} else if (!app_working_group(who)) {
		return err_set(e, 403, "forbidden", NULL, "Your role may not do this.");
	}
	return 0;
}

static int record_list(store_conn *c, arena *a, const actor *who, const app_record_kind *k,
                       store_record_filter *f, int64_t after, int limit, json_t **out, err *e)
{
	if (f->state && machine_state_of(k->moves->m, f->state) < 0)
		return err_set(e, 400, "invalid_value", k->state_param, k->state_message);
	bool may_start;
	store_result *r;
	if (app_list_project(c, a, who, f->project_id, k->lead_starts, &may_start, e) < 0 ||
	    record_scope(who, k, f, e) < 0 || k->query(c, a, f, after, limit, &r, e) < 0)
		return -1;
	*out = app_page_of(r, limit, "id", k->row);
	json_object_set_new(*out, k->may_start, json_boolean(may_start));
	return 0;
}

json_t *app_record_list(app *ap, arena *a, const actor *who, const app_record_kind *k,
                        int64_t project_id, const char *state, int64_t after, int limit, err *e)
{
	store_record_filter f = {.project_id = project_id, .state = state};
	store_conn *c = app_snapshot_begin(ap, e);
	json_t *out = NULL;
	if (c && k->list)
		k->list(c, a, who, project_id, state, after, limit, &out, e);
	else if (c)
		record_list(c, a, who, k, &f, after, limit, &out, e);
	app_snapshot_end(c);
	return out;
}

int app_record_visible(app *ap, arena *a, const actor *who, const app_record_kind *k, int64_t id,
                       err *e)
{
	store_conn *c = app_snapshot_begin(ap, e);
	app_record x;
	int rc = c ? app_record_load(c, a, who, k, id, &x, e) : -1;
	app_snapshot_end(c);
	return rc;
}
