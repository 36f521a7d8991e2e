/* The members' confirmations of a joint application (§3.2). See members.h. */
#include "app/members.h"
#include "app/app_internal.h"

#include <jansson.h>

#include "lib/time.h"
#include "store/projects.h"

int project_withdraw_confirmations(store_conn *c, arena *a, const actor *who, int64_t project_id,
                                   json_t **withdrawn, err *e)
{
	store_result *r;
	if (projects_confirmations_withdraw(c, a, project_id, who->institution_id, who->user_id,
	                                    time_now_us(), &r, e) < 0)
		return -1;
	if (withdrawn) {
		*withdrawn = json_array();
		for (int i = 0; i < r->nrows; i++)
			json_array_append_new(*withdrawn,
			                      json_integer(store_get_int(r, i, "institution_id")));
	}
	return 0;
}
