/* Weak stand-ins while the admission areas land; each is replaced by its area's definition. */
#include "app/calendar.h"
#include "app/materials.h"
#include "app/notices.h"
#include "app/review.h"

#define PENDING(e) err_set(e, 501, "not_built", NULL, "This part is not built yet.")

__attribute__((weak)) int materials_missing(store_conn *c, arena *a, int64_t project_id,
					     const char *track, json_t **missing_list, err *e)
{
	return PENDING(e);
}
__attribute__((weak)) int review_scores_complete(store_conn *c, arena *a, int64_t project_id,
						  bool *complete, int *sheets, err *e)
{
	return PENDING(e);
}
__attribute__((weak)) int notice_create(store_conn *c, arena *a, const actor *who,
					 int64_t project_id, json_t **notice_out, err *e)
{
	return PENDING(e);
}
__attribute__((weak)) int notice_launch_check(store_conn *c, arena *a, int64_t project_id,
					       const char *today, err *e)
{
	return PENDING(e);
}
__attribute__((weak)) int calendar_load(store_conn *c, arena *a, calendar *out, err *e)
{
	return PENDING(e);
}
__attribute__((weak)) int calendar_seed_if_empty(app *ap, err *e) { return 0; }
