/* Stage evaluation (§4.4) and the public recognitions (§5.1): handlers of the route table. */
#include "web/api_evaluations.h"

#include "web/api.h"

int api_evaluations_list(req *r)
{
	return api_sub_page(r, evaluation_list, false, "status", reply_json);
}

int api_project_evaluations_list(req *r)
{
	return api_sub_page(r, evaluation_list, true, "status", reply_json);
}

int api_project_evaluations_open(req *r)
{
	return api_create_under(r, evaluation_open, "/api/v1/evaluations", reply_json);
}

int api_evaluations_get(req *r)
{
	return api_read(r, evaluation_get, reply_json);
}

static int change(req *r, api_change_fn fn)
{
	return api_change_visible(r, evaluation_check_visible, fn, false, 200, reply_json);
}

int api_evaluations_scores(req *r)
{
	return change(r, evaluation_scores_put);
}

int api_evaluations_commitments(req *r)
{
	return change(r, evaluation_commitments_put);
}

int api_evaluations_hypothesis(req *r)
{
	return change(r, evaluation_hypothesis_put);
}

int api_evaluations_concurrence(req *r)
{
	return change(r, evaluation_concur);
}

static json_t *recognitions(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	(void)who;
	return recognition_public_list(ap, a, after, limit, e);
}

int api_public_recognitions(req *r)
{
	return api_page(r, recognitions, reply_json);
}
