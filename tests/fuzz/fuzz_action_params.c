/* libFuzzer target: the JSON readers of every workflow action's own fields (app/projects.c's
 * table: the evaluation outcome, rectification, sanctions, exit, recognition, fault tolerance),
 * each fed the object the request decoder makes of the input. Properties: no crash; a reader
 * either takes the body (its params then serialise canonically and parse back to the same
 * object) or refuses it with a 400 and a stable code, never another status. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/workflow_internal.h"
#include "fuzz.h"
#include "lib/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	err e;
	json_t *body = json_parse_object((const char *)data, size, &e);
	if (!body)
		return 0;
	for (int act = 0; act < ACT__COUNT; act++) {
		json_t *params = json_object();
		err_clear(&e);
		int rc = project_action_params((workflow_action)act, body, params, &e);
		if (rc == 0) {
			char *text = json_canonical(params);
			must(text != NULL);
			json_t *back = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
			must(back && json_equal(back, params));
			json_decref(back);
			free(text);
		} else {
			must(rc == -1 && e.status == 400 && e.code && *e.code);
		}
		err_free_details(&e);
		json_decref(params);
	}
	json_decref(body);
	return 0;
}
