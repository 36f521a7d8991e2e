/* Incentives (§5.1): a pilot that became regular operation is recognised (public notice,
 * industry circular, fintech awards, pilot-zone policy rewards) through the workflow's
 * recognise action; the register of recognitions is public (app/evaluations.c,
 * recognition_public_list). */
#include "app/recognitions_internal.h"

#include <string.h>

#include "app/evaluations.h"
#include "core/evaluation.h"
#include "lib/err.h"
#include "lib/json.h"
#include "store/evaluations.h"

int recognition_params(const json_t *body, json_t *params, err *e)
{
	const char *kind = NULL, *citation = NULL;
	if (json_get_str(body, "kind", true, 32, &kind, e) < 0)
		return -1;
	if (!id_label_find(RECOGNITION_KINDS, RECOGNITION_KINDS_COUNT, kind))
		return err_set(e, 400, "invalid_value", "kind",
		               "Field {field} must be public_notice, industry_circular, "
		               "fintech_award or policy_reward.");
	if (app_text_read(body, "citation", true, EVALUATION_TEXT_MAX, &citation, e) < 0)
		return -1;
	json_object_set_new(params, "kind", json_string(kind));
	json_object_set_new(params, "citation", json_string(citation));
	return 0;
}

int recognition_effect(const effect_ctx *x, err *e)
{
	const char *kind = json_string_value(json_object_get(x->params, "kind")),
	           *citation = json_string_value(json_object_get(x->params, "citation"));
	int64_t id;
	if (recognitions_insert(x->c, x->a, x->p->id, kind, citation, x->decision_id, x->today,
	                        x->now, &id, e) < 0)
		return -1;
	json_object_set_new(x->payload, "recognition_id", json_integer(id));
	json_object_set_new(x->payload, "kind", json_string(kind));
	return 0;
}
