/* Stage evaluation (§4.4) and the public recognitions (§5.1): handlers of the route table. */
#include "web/api_evaluations.h"

#include "web/api.h"

static json_t *recognitions(app *ap, arena *a, const actor *who, int64_t after, int limit, err *e)
{
	(void)who;
	return recognition_public_list(ap, a, after, limit, e);
}

int api_public_recognitions(req *r)
{
	return api_page(r, recognitions, reply_json);
}
