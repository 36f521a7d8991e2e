/* Incidents (src/core/incident.c), §4.3 item 4: the CSRC's four levels with the default hours
 * of the initial report, the categories and stages, the state table (the institution reports,
 * the working group guides and reports to the CSRC, the CSRC acknowledges; loss records at
 * every stage), every label in both languages, the deadline and when a report is late. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "core/incident.h"
#include "core/roles.h"
#include "lib/i18n.h"
#include "support.h"

#define HOUR_US (3600LL * 1000000)

/* 特别重大 1 h, 重大 2 h, 较大 4 h, 一般 24 h by default; each a setting of its own. */
static void test_levels_and_default_hours(void **state)
{
	static const struct {
		const char *id, *zh;
		int hours;
	} want[] = {{"especially_major", "特别重大", 1},
	            {"major", "重大", 2},
	            {"large", "较大", 4},
	            {"general", "一般", 24}};
	assert_int_equal(INC_LEVEL__COUNT, 4);
	for (int i = 0; i < INC_LEVEL__COUNT; i++) {
		assert_string_equal(INCIDENT_LEVELS[i].id, want[i].id);
		assert_int_equal(ID_INDEX(INCIDENT_LEVELS, INC_LEVEL__COUNT, want[i].id), i);
		assert_ptr_equal(incident_level_info_of(want[i].id), &INCIDENT_LEVELS[i]);
		assert_int_equal(INCIDENT_LEVELS[i].default_hours, want[i].hours);
		assert_true(INCIDENT_LEVELS[i].default_hours >= INCIDENT_HOURS_MIN &&
		            INCIDENT_LEVELS[i].default_hours <= INCIDENT_HOURS_MAX);
		assert_string_equal(tr(LANG_ZH, INCIDENT_LEVELS[i].label), want[i].zh);
		char key[64];
		snprintf(key, sizeof key, "incident_initial_hours_%s", want[i].id);
		assert_string_equal(INCIDENT_LEVELS[i].setting, key);
	}
	assert_int_equal(ID_INDEX(INCIDENT_LEVELS, INC_LEVEL__COUNT, "critical"), -1);
	assert_int_equal(ID_INDEX(INCIDENT_LEVELS, INC_LEVEL__COUNT, NULL), -1);
	assert_null(incident_level_info_of("Major"));
}

static void test_categories_sources_stages(void **state)
{
	static const char *const cats[] = {"information_security", "business_error", "outage",
	                                   "other"};
	assert_int_equal(INCIDENT_CATEGORIES_COUNT, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(INCIDENT_CATEGORIES[i].id, cats[i]);
		assert_translated(INCIDENT_CATEGORIES[i].label, cats[i]);
	}
	assert_null(id_label_find(INCIDENT_CATEGORIES, INCIDENT_CATEGORIES_COUNT, "fraud"));
	for (size_t i = 0; i < INCIDENT_SOURCES_COUNT; i++)
		assert_translated(INCIDENT_SOURCES[i].label, INCIDENT_SOURCES[i].id);
	assert_int_equal(INCIDENT_STAGES_COUNT, 3);
	for (size_t i = 0; i < INCIDENT_STAGES_COUNT; i++)
		assert_translated(INCIDENT_STAGES[i].label, INCIDENT_STAGES[i].id);
	assert_int_equal(INCIDENT_SYSTEM_CLASS_MIN, 1);
	assert_int_equal(INCIDENT_SYSTEM_CLASS_MAX, 5);
}

static void test_states_and_actions_have_labels(void **state)
{
	static const char *const ids[] = {"awaiting_initial", "reported", "final", "csrc_reported",
	                                  "acknowledged"};
	assert_int_equal(INC__COUNT, 5);
	for (int s = 0; s < INC__COUNT; s++) {
		assert_string_equal(machine_state_id(&INCIDENT_MACHINE, s), ids[s]);
		assert_int_equal(machine_state_of(&INCIDENT_MACHINE, ids[s]), s);
		assert_ptr_equal(incident_state_info_of(ids[s]), &INCIDENT_STATES[s]);
		assert_translated(INCIDENT_STATES[s].label, ids[s]);
		/* the CSRC sees exactly what was reported to it */
		assert_int_equal(INCIDENT_STATES[s].csrc_sees,
		                 s == INC_CSRC_REPORTED || s == INC_ACKNOWLEDGED);
	}
	for (int k = 0; k < INCA__COUNT; k++) {
		const incident_action_info *ai = &INCIDENT_ACTIONS[k];
		assert_action_in_table(INCIDENT_MACHINE.rows, INCIDENT_MACHINE.nrows,
		                       (incident_action)k, ai->id, ai->label);
		assert_true(!strncmp(ai->event, "incident.", 9));
		/* an update of a stage is incident.updated with that stage */
		if (!strcmp(ai->event, "incident.updated"))
			assert_non_null(
			    id_label_find(INCIDENT_STAGES, INCIDENT_STAGES_COUNT, ai->stage));
	}
}

static void test_table(void **state)
{
	/* the institution reports (its initial report); an officer records one it learned of */
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_NEW, INCA_REPORT)->roles,
	                 ROLE_INSTITUTION);
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_NEW, INCA_REPORT)->to, INC_REPORTED);
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_NEW, INCA_OPEN)->roles, ROLE_OFFICER);
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_NEW, INCA_OPEN)->to,
	                 INC_AWAITING_INITIAL);
	/* initial, then updates, then final; never backwards */
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_AWAITING_INITIAL, INCA_INITIAL)->to,
	                 INC_REPORTED);
	assert_null(machine_find(&INCIDENT_MACHINE, INC_AWAITING_INITIAL, INCA_FINAL));
	assert_null(machine_find(&INCIDENT_MACHINE, INC_AWAITING_INITIAL, INCA_UPDATE));
	assert_null(machine_find(&INCIDENT_MACHINE, INC_REPORTED, INCA_INITIAL));
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_REPORTED, INCA_UPDATE)->to,
	                 INC_REPORTED);
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_REPORTED, INCA_FINAL)->to, INC_FINAL);
	assert_null(machine_find(&INCIDENT_MACHINE, INC_FINAL, INCA_UPDATE));
	/* the result goes to the CSRC once the final report is in; the CSRC acknowledges */
	assert_null(machine_find(&INCIDENT_MACHINE, INC_REPORTED, INCA_REPORT_TO_CSRC));
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_FINAL, INCA_REPORT_TO_CSRC)->to,
	                 INC_CSRC_REPORTED);
	assert_int_equal(machine_find(&INCIDENT_MACHINE, INC_FINAL, INCA_REPORT_TO_CSRC)->roles,
	                 ROLE_OFFICER | ROLE_LEADER);
	assert_int_equal(
	    machine_find(&INCIDENT_MACHINE, INC_CSRC_REPORTED, INCA_ACKNOWLEDGE)->roles, ROLE_CSRC);
	assert_null(machine_find(&INCIDENT_MACHINE, INC_ACKNOWLEDGED, INCA_ACKNOWLEDGE));
	/* loss and compensation at every stage, by the officer or the institution (§5.2) */
	for (int s = 0; s < INC__COUNT; s++) {
		const transition *w = machine_find(&INCIDENT_MACHINE, s, INCA_RECORD_LOSS);
		assert_non_null(w);
		assert_int_equal(w->to, s);
		assert_int_equal(w->roles, ROLE_OFFICER | ROLE_INSTITUTION);
	}
	for (size_t i = 0; i < INCIDENT_MACHINE.nrows; i++) {
		assert_int_equal(INCIDENT_MACHINE.rows[i].roles & (ROLE_EXPERT | ROLE_ADMIN), 0);
		if (INCIDENT_MACHINE.rows[i].roles & ROLE_CSRC)
			assert_int_equal(INCIDENT_MACHINE.rows[i].action, INCA_ACKNOWLEDGE);
	}
}

/* Due so many hours after discovery; late when it came after, or has not come and the time
 * is past. */
static void test_deadline_and_late(void **state)
{
	int64_t t = 1767225600LL * 1000000; /* 2026-01-01T00:00Z */
	int64_t due = incident_initial_due(t, 2);
	assert_int_equal(due, t + 2 * HOUR_US);
	assert_int_equal(incident_initial_due(t, 24), t + 24 * HOUR_US);
	assert_false(incident_initial_late(due, due, due + 5 * HOUR_US));
	assert_true(incident_initial_late(due, due + 1, due + 1));
	assert_false(incident_initial_late(due, 0, due));
	assert_true(incident_initial_late(due, 0, due + 1));
	assert_false(incident_initial_late(due, t + HOUR_US, due + 100 * HOUR_US));
}

TEST_MAIN("core_incident", NULL, NULL, cmocka_unit_test(test_levels_and_default_hours),
          cmocka_unit_test(test_categories_sources_stages),
          cmocka_unit_test(test_states_and_actions_have_labels), cmocka_unit_test(test_table),
          cmocka_unit_test(test_deadline_and_late))
