/* Fault tolerance (§5.2): the determination on an incident as the workflow's
 * determine_fault_tolerance, its record and who reads it. See fault_tolerance.h and
 * fault_tolerance_internal.h; the rule is core/fault_tolerance.c's. */
#include "app/fault_tolerance.h"
#include "app/fault_tolerance_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fault_tolerance.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "store/decisions.h"
#include "store/fault_tolerance.h"
#include "store/incidents.h"

#define FT_EVIDENCE_MAX 4000
#define FT_REASONING_MAX 8000

/* The inputs in the order of the body, and whether each is required. */
static const char *const INPUTS[] = {"precautions", "investor_loss", "compensation",
                                     "market_effect", NULL};
static const char *const INPUT_FIELDS[] = {"value", "evidence", NULL};

/* An error of a getter on inputs.<name>, renamed to the full path of the field. */
static int renamed(err *e, const char *name, const char *key)
{
	char field[sizeof e->field_buf];
	snprintf(field, sizeof field, "%s", e->field ? e->field : key);
	return err_setf(e, e->status, e->code, e->msg, "inputs.%s%s%s", name, *field ? "." : "",
	                field);
}

/* inputs.<name>: {value: bool, evidence: text}, both required; copied into out. */
static int input_read(const json_t *inputs, const char *name, json_t *out, err *e)
{
	json_t *in = json_object_get(inputs, name);
	if (!in || json_is_null(in))
		return err_setf(e, 400, "missing_field", "Field {field} is required.", "inputs.%s",
		                name);
	if (!json_is_object(in))
		return err_setf(e, 400, "invalid_type", "Field {field} must be an object.",
		                "inputs.%s", name);
	if (json_only_fields(in, INPUT_FIELDS, e) < 0)
		return renamed(e, name, "");
	bool v;
	const char *ev;
	if (json_get_bool(in, "value", true, &v, NULL, e) < 0)
		return renamed(e, name, "value");
	if (json_get_str(in, "evidence", true, FT_EVIDENCE_MAX, &ev, e) < 0)
		return renamed(e, name, "evidence");
	if (app_blank(ev))
		return err_setf(e, 400, "missing_field", "Field {field} is required.",
		                "inputs.%s.evidence", name);
	json_object_set_new(out, name, json_pack("{s:b, s:s}", "value", v, "evidence", ev));
	return 0;
}

static bool input_value(const json_t *inputs, const char *name)
{
	return json_is_true(json_object_get(json_object_get(inputs, name), "value"));
}

static const char *input_evidence(const json_t *inputs, const char *name)
{
	return json_string_value(json_object_get(json_object_get(inputs, name), "evidence"));
}

static ft_inputs inputs_of(const json_t *inputs, int64_t loss_fen, int64_t compensated_fen)
{
	return (ft_inputs){input_value(inputs, "precautions"),
	                   input_value(inputs, "investor_loss"),
	                   input_value(inputs, "compensation"),
	                   input_value(inputs, "market_effect"),
	                   loss_fen,
	                   compensated_fen};
}

static json_t *failed_json(unsigned failed)
{
	json_t *out = json_array();
	for (int i = 0; i < FT_CONDITIONS; i++)
		if (failed & ft_condition_bit(i))
			json_array_append_new(out, json_string(ft_condition_id(i)));
	return out;
}

int fault_tolerance_params(const json_t *body, json_t *params, err *e)
{
	int64_t incident_id;
	if (json_get_int(body, "incident_id", true, &incident_id, NULL, e) < 0)
		return -1;
	if (incident_id <= 0)
		return err_set(e, 400, "invalid_value", "incident_id",
		               "Field {field} must be a whole number above zero.");
	json_t *inputs = json_object_get(body, "inputs");
	if (!inputs || json_is_null(inputs))
		return err_set(e, 400, "missing_field", "inputs", "Field {field} is required.");
	if (!json_is_object(inputs))
		return err_set(e, 400, "invalid_type", "inputs",
		               "Field {field} must be an object.");
	if (json_only_fields(inputs, INPUTS, e) < 0) {
		char field[sizeof e->field_buf];
		snprintf(field, sizeof field, "%s", e->field ? e->field : "");
		return err_setf(e, e->status, e->code, e->msg, "inputs.%s", field);
	}
	json_t *in = json_object();
	int rc = input_read(inputs, "precautions", in, e);
	if (rc == 0)
		rc = input_read(inputs, "investor_loss", in, e);
	/* §5.2: a loss is tolerated only when reasonably compensated: say whether it was. */
	if (rc == 0 &&
	    (input_value(in, "investor_loss") || json_object_get(inputs, "compensation")))
		rc = input_read(inputs, "compensation", in, e);
	if (rc == 0)
		rc = input_read(inputs, "market_effect", in, e);
	if (rc < 0) {
		json_decref(in);
		return -1;
	}
	if (!input_value(in, "investor_loss")) /* without a loss compensation is no condition */
		json_object_del(in, "compensation");
	const char *det, *reasoning, *override;
	ft_result d;
	if (json_get_str(body, "determination", true, 40, &det, e) < 0 ||
	    app_text_read(body, "reasoning", false, FT_REASONING_MAX, &reasoning, e) < 0 ||
	    app_text_read(body, "override", false, FT_REASONING_MAX, &override, e) < 0) {
		json_decref(in);
		return -1;
	}
	if (ft_result_parse(det, &d) < 0) {
		json_decref(in);
		return err_set(e, 400, "invalid_value", "determination",
		               "Field {field} must be exempt_or_lighter or not_applicable.");
	}
	ft_inputs fi = inputs_of(in, -1, -1);
	ft_test t = ft_apply(&fi);
	json_t *computed = json_pack("{s:s, s:o}", "result", ft_result_id(t.result), "failed",
	                             failed_json(t.failed));
	if (d != t.result && !override) {
		json_decref(in);
		err_set(e, 422, "override_required", "override",
		        "The determination departs from the test of §5.2 computed from the inputs: "
		        "an override with its reasons is required.");
		err_set_details(e, json_pack("{s:o}", "computed", computed));
		return -1;
	}
	if (d == t.result && override) {
		json_decref(in);
		json_decref(computed);
		return err_set(e, 400, "invalid_value", "override",
		               "Field {field} is only for a determination that departs from the "
		               "computed test.");
	}
	json_object_set_new(params, "incident_id", json_integer(incident_id));
	json_object_set_new(params, "inputs", in);
	json_object_set_new(params, "determination", json_string(det));
	json_object_set_new(params, "computed", computed);
	json_object_set_new(params, "overridden", json_boolean(override != NULL));
	if (reasoning)
		json_object_set_new(params, "reasoning", json_string(reasoning));
	if (override)
		json_object_set_new(params, "override", json_string(override));
	return 0;
}

/* The incident of params when it is the project's (404 otherwise), without a determination
 * (409); its row into *r when r is given. */
static int incident_check(store_conn *c, arena *a, const project_row *p, const json_t *params,
                          store_result **r, err *e)
{
	int64_t iid = json_integer_value(json_object_get(params, "incident_id"));
	store_result *x, *f;
	int found = incidents_get(c, a, iid, &x, e);
	if (found < 0)
		return -1;
	if (!found || store_get_int(x, 0, "project_id") != p->id)
		return err_set(e, 404, "not_found", "incident_id", "No such incident.");
	found = ft_determinations_of_incident(c, a, iid, &f, e);
	if (found < 0)
		return -1;
	if (found)
		return err_set(e, 409, "already_determined", "incident_id",
		               "Fault tolerance has already been determined for this incident.");
	if (r)
		*r = x;
	return 0;
}

int fault_tolerance_check(store_conn *c, arena *a, const project_row *p, const json_t *params,
                          err *e)
{
	return incident_check(c, a, p, params, NULL, e);
}

static int64_t fen_or_unknown(const store_result *r, const char *col)
{
	return store_get(r, 0, col) ? store_get_int(r, 0, col) : -1;
}

static const char *reasoning_text(arena *a, const ft_inputs *in, const ft_test *t,
                                  const ft_evidence *ev, bool zh)
{
	buf b = BUF_INIT;
	ft_reasoning(&b, in, t, ev, zh);
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

int fault_tolerance_effect(const effect_ctx *x, err *e)
{
	store_result *inc = NULL;
	if (incident_check(x->c, x->a, x->p, x->params, &inc, e) < 0)
		return -1;
	json_t *in = json_object_get(x->params, "inputs");
	int64_t loss = fen_or_unknown(inc, "loss_fen"),
	        comp = fen_or_unknown(inc, "compensated_fen");
	ft_inputs fi = inputs_of(in, loss, comp);
	ft_test t = ft_apply(&fi);
	ft_evidence ev = {input_evidence(in, "precautions"), input_evidence(in, "investor_loss"),
	                  input_evidence(in, "compensation"), input_evidence(in, "market_effect")};
	/* The proposer, from the decision; the leader approving it is the approver. */
	int64_t proposer = x->who->user_id;
	if (x->decision_id) {
		store_result *d;
		if (app_found(decisions_get(x->c, x->a, x->decision_id, &d, e), "No such decision.",
		              e) < 0)
			return -1;
		proposer = store_get_int(d, 0, "proposed_by");
	}
	json_t *failed = failed_json(t.failed);
	char *failed_text = json_canonical(failed);
	const char *det = json_string_value(json_object_get(x->params, "determination"));
	const char *override = json_string_value(json_object_get(x->params, "override"));
	ft_row_new n = {
	    .project_id = x->p->id,
	    .incident_id = json_integer_value(json_object_get(x->params, "incident_id")),
	    .precautions = fi.precautions,
	    .investor_loss = fi.investor_loss,
	    .market_effect = fi.market_effect,
	    .compensated = fi.investor_loss ? fi.compensated : -1,
	    .precautions_evidence = ev.precautions,
	    .investor_loss_evidence = ev.investor_loss,
	    .compensation_evidence = fi.investor_loss ? ev.compensation : NULL,
	    .market_effect_evidence = ev.market_effect,
	    .computed = ft_result_id(t.result),
	    .failed = arena_strdup(x->a, failed_text),
	    .determination = det,
	    .reasoning_zh = reasoning_text(x->a, &fi, &t, &ev, true),
	    .reasoning_en = reasoning_text(x->a, &fi, &t, &ev, false),
	    .reasoning_written = json_string_value(json_object_get(x->params, "reasoning")),
	    .override = override,
	    .loss_fen = loss,
	    .compensated_fen = comp,
	    .decision_id = x->decision_id,
	    .proposed_by = proposer,
	    .approved_by = x->who->user_id,
	    .at = x->now,
	};
	free(failed_text);
	ft_result d;
	/* The test is the inputs' alone: the proposal's and the approval's agree; an override
	 * approved is one that departs from it. */
	if (ft_result_parse(det, &d) < 0 || ((d != t.result) != (override != NULL))) {
		json_decref(failed);
		return err_set(e, 500, "internal", NULL, "Something went wrong.");
	}
	int64_t id;
	if (ft_determinations_insert(x->c, x->a, &n, &id, e) < 0) {
		json_decref(failed);
		return -1;
	}
	json_object_set_new(x->payload, "determination_id", json_integer(id));
	json_object_set_new(x->payload, "incident_id", json_integer(n.incident_id));
	json_object_set_new(x->payload, "computed", json_string(n.computed));
	json_object_set_new(x->payload, "failed", failed);
	json_object_set_new(x->payload, "determination", json_string(det));
	json_object_set_new(x->payload, "override", json_boolean(override != NULL));
	json_object_set_new(x->payload, "loss_fen", loss >= 0 ? json_integer(loss) : json_null());
	json_object_set_new(x->payload, "compensated_fen",
	                    comp >= 0 ? json_integer(comp) : json_null());
	return 0;
}

/* ---- reading ---- */

static json_t *input_json(const store_result *r, int i, const char *col, const char *evcol)
{
	if (!store_get(r, i, col))
		return json_null();
	return json_pack("{s:b, s:s}", "value", store_get_int(r, i, col) != 0, "evidence",
	                 store_get(r, i, evcol));
}

static json_t *determination_json(const store_result *r, int i)
{
	json_error_t je;
	json_t *failed = json_loads(store_get(r, i, "failed"), 0, &je);
	const char *override = store_get(r, i, "override");
	json_t *o = json_pack(
	    "{s:I, s:I, s:I, s:s, s:{s:o, s:o, s:o, s:o}, s:{s:s, s:o}, s:s, s:b, s:o, "
	    "s:{s:{s:s, s:s}, s:o}, s:o, s:o, s:I, s:I, s:s, s:I, s:s, s:I}",
	    "id", (json_int_t)store_get_int(r, i, "id"), "project_id",
	    (json_int_t)store_get_int(r, i, "project_id"), "incident_id",
	    (json_int_t)store_get_int(r, i, "incident_id"), "incident_title",
	    store_get(r, i, "incident_title"), "inputs", "precautions",
	    input_json(r, i, "precautions", "precautions_evidence"), "investor_loss",
	    input_json(r, i, "investor_loss", "investor_loss_evidence"), "compensation",
	    input_json(r, i, "compensated", "compensation_evidence"), "market_effect",
	    input_json(r, i, "market_effect", "market_effect_evidence"), "computed", "result",
	    store_get(r, i, "computed"), "failed", failed ? failed : json_array(), "determination",
	    store_get(r, i, "determination"), "overridden", override != NULL, "override",
	    override ? json_string(override) : json_null(), "reasoning", "computed", "zh-CN",
	    store_get(r, i, "reasoning_zh"), "en", store_get(r, i, "reasoning_en"), "written",
	    app_text_or_null(r, i, "reasoning_written"), "loss_fen",
	    app_int_or_null(r, i, "loss_fen"), "compensated_fen",
	    app_int_or_null(r, i, "compensated_fen"), "decision_id",
	    (json_int_t)store_get_int(r, i, "decision_id"), "proposed_by",
	    (json_int_t)store_get_int(r, i, "proposed_by"), "proposer", store_get(r, i, "proposer"),
	    "approved_by", (json_int_t)store_get_int(r, i, "approved_by"), "approver",
	    store_get(r, i, "approver"), "determined_at",
	    (json_int_t)store_get_int(r, i, "determined_at"));
	return o;
}

int fault_tolerance_of_incident_json(store_conn *c, arena *a, int64_t incident_id, json_t **out,
                                     err *e)
{
	store_result *r;
	int found = ft_determinations_of_incident(c, a, incident_id, &r, e);
	if (found < 0)
		return -1;
	*out = found ? determination_json(r, 0) : json_null();
	return 0;
}

json_t *fault_tolerance_list(app *ap, arena *a, const actor *who, int64_t project_id,
                             const char *filter, int64_t after, int limit, err *e)
{
	(void)filter;
	store_conn *c = app_snapshot_begin(ap, e);
	if (!c)
		return NULL;
	json_t *out = NULL;
	store_result *r;
	if (project_check_access(c, a, who, project_id, ACCESS_READ, e) == 0 &&
	    ft_determinations_list(c, a, project_id, after, limit, &r, e) == 0)
		out = app_page_of(r, limit, "id", determination_json);
	app_snapshot_end(c);
	return out;
}
