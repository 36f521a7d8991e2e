/* The members' confirmations of a joint application (§3.2). See members.h. */
#include "app/members.h"
#include "app/app_internal.h"

#include <jansson.h>

#include "lib/time.h"

int project_withdraw_confirmations(store_conn *c, arena *a, const actor *who, int64_t project_id,
                                   json_t **withdrawn, err *e)
{
	store_result *r;
	if (store_q(c, a, e, &r,
	            "SELECT institution_id FROM project_members WHERE project_id = $1 AND "
	            "institution_id <> $2 AND confirmed_at IS NOT NULL ORDER BY institution_id",
	            "ii", project_id, who->institution_id) < 0)
		return -1;
	if (store_q(c, a, e, NULL,
	            "UPDATE project_members SET confirmed_at = NULL, confirmed_by = NULL WHERE "
	            "project_id = $1 AND institution_id <> $2",
	            "ii", project_id, who->institution_id) < 0 ||
	    store_q(c, a, e, NULL,
	            "UPDATE project_members SET confirmed_at = $1, confirmed_by = $2 WHERE "
	            "project_id = $3 AND institution_id = $4",
	            "iiii", time_now_us(), who->user_id, project_id, who->institution_id) < 0)
		return -1;
	if (withdrawn) {
		*withdrawn = json_array();
		for (int i = 0; i < r->nrows; i++)
			json_array_append_new(*withdrawn,
			                      json_integer(store_get_int(r, i, "institution_id")));
	}
	return 0;
}
