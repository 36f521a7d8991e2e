/* The inspection table (src/core/inspection.c), row by row (§4.3 item 3): every state has its
 * labels in both languages and a tone, every action a label and the event it appends, every
 * state but the first is reached and every state but closed leads on; the officer runs an
 * inspection, the institution only answers and gives evidence, only a leader closes; the
 * severities and modes; when a deadline is overdue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "core/inspection.h"
#include "core/roles.h"
#include "lib/i18n.h"
#include "support.h"

static void test_states_and_actions_have_labels(void **state)
{
	static const char *const ids[] = {"planned",  "notified",      "fieldwork",
	                                  "findings", "rectification", "closed"};
	static const char *const tones[] = {"draft", "wait", "warn", "ok", "bad", "plain", NULL};
	assert_int_equal(INS__COUNT, sizeof ids / sizeof *ids);
	for (int s = 0; s < INS__COUNT; s++) {
		assert_string_equal(machine_state_id(&INSPECTION_MACHINE, s), ids[s]);
		assert_int_equal(machine_state_of(&INSPECTION_MACHINE, ids[s]), s);
		assert_ptr_equal(inspection_state_info_of(ids[s]), &INSPECTION_STATES[s]);
		assert_translated(INSPECTION_STATES[s].label, ids[s]);
		bool tone_ok = false;
		for (const char *const *t = tones; *t; t++)
			tone_ok |= !strcmp(INSPECTION_STATES[s].tone, *t);
		assert_true(tone_ok);
		assert_int_equal(INSPECTION_STATES[s].terminal, s == INS_CLOSED);
	}
	assert_int_equal(machine_state_of(&INSPECTION_MACHINE, "Closed"), -1);
	assert_int_equal(machine_state_of(&INSPECTION_MACHINE, NULL), -1);
	assert_null(inspection_state_info_of("nope"));
	for (int k = 0; k < INSA__COUNT; k++) {
		const inspection_action_info *ai = &INSPECTION_ACTIONS[k];
		assert_action_in_table(INSPECTION_MACHINE.rows, INSPECTION_MACHINE.nrows,
		                       (inspection_action)k, ai->id, ai->label);
		/* the event kinds every part keys on: inspection.<something> */
		assert_true(!strncmp(ai->event, "inspection.", 11));
	}
	assert_string_equal(INSPECTION_ACTIONS[INSA_PLAN].event, "inspection.planned");
	assert_string_equal(INSPECTION_ACTIONS[INSA_VERIFY_RECTIFICATION].event,
	                    "inspection.rectification_verified");
}

/* Every state is reached from the plan; every state but closed has a way on; closed none. */
static void test_every_state_reached_and_closed_is_final(void **state)
{
	bool reached[INS__COUNT] = {0}, grew = true;
	const transition *plan = machine_find(&INSPECTION_MACHINE, INS_NEW, INSA_PLAN);
	assert_non_null(plan);
	reached[plan->to] = true;
	while (grew) {
		grew = false;
		for (size_t i = 0; i < INSPECTION_MACHINE.nrows; i++) {
			const transition *w = &INSPECTION_MACHINE.rows[i];
			if (w->from != INS_NEW && reached[w->from] && !reached[w->to])
				reached[w->to] = grew = true;
		}
	}
	for (int s = 0; s < INS__COUNT; s++) {
		if (!reached[s])
			fail_msg("state %s is never reached", INSPECTION_STATES[s].id);
		bool leads_on = false;
		for (size_t i = 0; i < INSPECTION_MACHINE.nrows; i++)
			leads_on |= INSPECTION_MACHINE.rows[i].from == s;
		assert_int_equal(leads_on, s != INS_CLOSED);
	}
	for (int k = 0; k < INSA__COUNT; k++)
		assert_null(machine_find(&INSPECTION_MACHINE, INS_CLOSED, (inspection_action)k));
}

/* Who does what: the officer plans and runs it; the institution answers and gives evidence,
 * nothing else; only a leader closes; no row names an expert, the CSRC or an admin. */
static void test_roles(void **state)
{
	for (size_t i = 0; i < INSPECTION_MACHINE.nrows; i++) {
		const transition *w = &INSPECTION_MACHINE.rows[i];
		assert_int_equal(w->roles & (ROLE_EXPERT | ROLE_CSRC | ROLE_ADMIN), 0);
		assert_string_equal(w->clause, "§4.3");
		switch (w->action) {
		case INSA_ANSWER_DOCUMENTS:
		case INSA_SUBMIT_RECTIFICATION:
			assert_int_equal(w->roles, ROLE_INSTITUTION);
			break;
		case INSA_CLOSE:
			assert_int_equal(w->roles, ROLE_LEADER);
			assert_int_equal(w->to, INS_CLOSED);
			break;
		default:
			assert_int_equal(w->roles, ROLE_OFFICER);
		}
	}
	/* the institution is told before anything is asked of it */
	assert_null(machine_find(&INSPECTION_MACHINE, INS_PLANNED, INSA_REQUEST_DOCUMENTS));
	assert_null(machine_find(&INSPECTION_MACHINE, INS_PLANNED, INSA_RECORD_FINDING));
	assert_null(machine_find(&INSPECTION_MACHINE, INS_PLANNED, INSA_CLOSE));
	/* orders follow findings; evidence follows orders */
	assert_null(machine_find(&INSPECTION_MACHINE, INS_FIELDWORK, INSA_ORDER_RECTIFICATION));
	assert_null(machine_find(&INSPECTION_MACHINE, INS_FINDINGS, INSA_SUBMIT_RECTIFICATION));
	assert_int_equal(
	    machine_find(&INSPECTION_MACHINE, INS_NOTIFIED, INSA_REQUEST_DOCUMENTS)->to,
	    INS_FIELDWORK);
	assert_int_equal(machine_find(&INSPECTION_MACHINE, INS_FIELDWORK, INSA_RECORD_FINDING)->to,
	                 INS_FINDINGS);
	assert_int_equal(
	    machine_find(&INSPECTION_MACHINE, INS_FINDINGS, INSA_ORDER_RECTIFICATION)->to,
	    INS_RECTIFICATION);
	/* later requests and findings leave the state as it is */
	assert_int_equal(
	    machine_find(&INSPECTION_MACHINE, INS_RECTIFICATION, INSA_RECORD_FINDING)->to,
	    INS_RECTIFICATION);
	assert_int_equal(
	    machine_find(&INSPECTION_MACHINE, INS_FINDINGS, INSA_REQUEST_DOCUMENTS)->to,
	    INS_FINDINGS);
}

static void test_modes_severities_statuses(void **state)
{
	static const char *const sev[] = {"low", "medium", "high", "critical"};
	assert_int_equal(INSPECTION_SEVERITIES_COUNT, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(INSPECTION_SEVERITIES[i].id, sev[i]);
		assert_translated(INSPECTION_SEVERITIES[i].label, sev[i]);
	}
	assert_int_equal(INSPECTION_MODES_COUNT, 2);
	assert_non_null(id_label_find(INSPECTION_MODES, INSPECTION_MODES_COUNT, "onsite"));
	assert_non_null(id_label_find(INSPECTION_MODES, INSPECTION_MODES_COUNT, "offsite"));
	assert_null(id_label_find(INSPECTION_MODES, INSPECTION_MODES_COUNT, "remote"));
	assert_null(id_label_find(INSPECTION_MODES, INSPECTION_MODES_COUNT, NULL));
	for (size_t i = 0; i < INSPECTION_MODES_COUNT; i++)
		assert_translated(INSPECTION_MODES[i].label, INSPECTION_MODES[i].id);
	for (size_t i = 0; i < INSPECTION_ORDER_STATUSES_COUNT; i++)
		assert_translated(INSPECTION_ORDER_STATUSES[i].label,
		                  INSPECTION_ORDER_STATUSES[i].id);
}

/* A deadline is the last day allowed (CST): overdue from the day after, and only while open. */
static void test_overdue(void **state)
{
	assert_false(inspection_overdue("2026-03-10", "2026-03-09", true));
	assert_false(inspection_overdue("2026-03-10", "2026-03-10", true));
	assert_true(inspection_overdue("2026-03-10", "2026-03-11", true));
	assert_true(inspection_overdue("2025-12-31", "2026-01-01", true));
	assert_false(inspection_overdue("2026-03-10", "2026-03-11", false));
	assert_false(inspection_overdue(NULL, "2026-03-11", true));
}

TEST_MAIN("core_inspection", NULL, NULL, cmocka_unit_test(test_states_and_actions_have_labels),
          cmocka_unit_test(test_every_state_reached_and_closed_is_final),
          cmocka_unit_test(test_roles), cmocka_unit_test(test_modes_severities_statuses),
          cmocka_unit_test(test_overdue))
