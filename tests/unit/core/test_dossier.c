/* The evaluation dossier's pure rules (src/core/dossier.c), §4.4: its parts in order (the
 * JSON's keys, the workbook's sheets: Cover first, English names in every language, unique),
 * each with its heading translated; the application's fields it quotes; which states have a
 * dossier (every supervised state, and a final state after a launch: stopped, exited; never a
 * project not yet launched, withdrawn, rejected); the worse extreme on an indicator's bad
 * side. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "core/dossier.h"
#include "lib/i18n.h"
#include "support.h"

static void test_parts_in_order(void **state)
{
	(void)state;
	static const char *const sheets[] = {"Cover",    "Application", "Boundaries", "Reports",
	                                     "Alerts",   "Inspections", "Incidents",  "Complaints",
	                                     "Exchange", "Decisions",   "Manifest"};
	assert_int_equal(DP__COUNT, sizeof sheets / sizeof *sheets);
	for (int i = 0; i < DP__COUNT; i++) {
		const dossier_part_info *p = &DOSSIER_PARTS[i];
		assert_string_equal(p->sheet, sheets[i]);
		assert_true(strlen(p->sheet) <= 31); /* Excel's limit on a sheet's name */
		assert_non_null(p->id);
		if (!strcmp(tr(LANG_ZH, p->label), p->label))
			fail_msg("%s: no zh-CN translation of \"%s\"", p->id, p->label);
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(p->id, DOSSIER_PARTS[j].id);
			assert_string_not_equal(p->sheet, DOSSIER_PARTS[j].sheet);
		}
	}
	assert_string_equal(DOSSIER_PARTS[DP_COVER].id, "cover");
	assert_string_equal(DOSSIER_PARTS[DP_MANIFEST].id, "manifest");
}

static void test_application_fields(void **state)
{
	(void)state;
	assert_int_equal(DOSSIER_APPLICATION_FIELD_COUNT, 11);
	assert_string_equal(DOSSIER_APPLICATION_FIELDS[0], "summary");
	assert_string_equal(DOSSIER_APPLICATION_FIELDS[3], "test_boundaries");
	assert_string_equal(DOSSIER_APPLICATION_FIELDS[10], "commitments");
}

static void test_which_states_have_a_dossier(void **state)
{
	(void)state;
	for (int s = 0; s < ST__COUNT; s++)
		if (PROJECT_STATES[s].supervised) {
			assert_true(dossier_covers((project_state)s, true));
			assert_true(
			    dossier_covers((project_state)s, false)); /* as the state says */
		}
	assert_true(dossier_covers(ST_LAUNCHED, true));
	assert_true(dossier_covers(ST_REGULAR_OPERATION, true));
	assert_true(dossier_covers(ST_SUSPENDED, true));
	assert_true(dossier_covers(ST_EXITING, true));
	/* after the end */
	assert_true(dossier_covers(ST_STOPPED, true));
	assert_true(dossier_covers(ST_EXITED, true));
	assert_true(dossier_covers(ST_COACHING_ENDED, true));
	/* never launched */
	assert_false(dossier_covers(ST_STOPPED, false));
	assert_false(dossier_covers(ST_DRAFT, false));
	assert_false(dossier_covers(ST_SUBMITTED, false));
	assert_false(dossier_covers(ST_PUBLIC_NOTICE, false));
	assert_false(dossier_covers(ST_NOT_SELECTED, false));
	assert_false(dossier_covers(ST_CSRC_REJECTED, false));
	assert_false(dossier_covers(ST_WITHDRAWN, false));
	assert_false(dossier_covers(ST_WITHDRAWN, true));
	assert_false(dossier_covers((project_state)-1, true));
	assert_false(dossier_covers(ST__COUNT, true));
}

static void test_worst(void **state)
{
	(void)state;
	assert_int_equal(dossier_worst(false, 10, 2), 10); /* above is bad: the maximum */
	assert_int_equal(dossier_worst(true, 10, 2), 2);   /* below is bad: the minimum */
	assert_int_equal(dossier_worst(true, -1, -5), -5);
}

TEST_MAIN("core_dossier", NULL, NULL, cmocka_unit_test(test_parts_in_order),
          cmocka_unit_test(test_application_fields),
          cmocka_unit_test(test_which_states_have_a_dossier), cmocka_unit_test(test_worst))
