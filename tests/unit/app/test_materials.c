/* The required materials per track (§2.4, §3.2, §3.3, §4.1): the rule the submit guard and the
 * materials list share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "app/materials.h"
#include "support.h"

static const char *const PILOT[] = {"application_form",
                                    "technical_plan",
                                    "risk_assessment",
                                    "investor_protection_plan",
                                    "emergency_plan",
                                    "exit_plan",
                                    NULL};
static const char *const COACHING[] = {"application_form", "technical_plan", "risk_assessment",
                                       "emergency_plan",   "exit_plan",      NULL};

static bool listed(const char *const *list, const char *id)
{
	for (; *list; list++)
		if (!strcmp(*list, id))
			return true;
	return false;
}

static void test_pilot(void **state)
{
	for (unsigned i = 0; i < MATERIAL_KINDS_COUNT; i++) {
		const char *id = MATERIAL_KINDS[i].id;
		assert_int_equal(material_required(id, "pilot", false), listed(PILOT, id));
		/* §3.2: a joint application also needs the members' agreement */
		assert_int_equal(material_required(id, "pilot", true),
		                 listed(PILOT, id) || !strcmp(id, "joint_agreement"));
	}
}

static void test_coaching(void **state)
{
	/* §3.3: no live business during coaching, so no investor protection plan required */
	for (unsigned i = 0; i < MATERIAL_KINDS_COUNT; i++) {
		const char *id = MATERIAL_KINDS[i].id;
		assert_int_equal(material_required(id, "coaching", false), listed(COACHING, id));
	}
	assert_false(material_required("investor_protection_plan", "coaching", true));
	assert_true(material_required("joint_agreement", "coaching", true));
}

static void test_kinds(void **state)
{
	assert_non_null(material_kind_find("exit_plan"));
	assert_null(material_kind_find("business_plan"));
	assert_null(material_kind_find(NULL));
	assert_false(material_required("other", "pilot", true));
	assert_false(material_required("business_plan", "pilot", true));
	for (unsigned i = 0; i < MATERIAL_KINDS_COUNT; i++)
		assert_true(MATERIAL_KINDS[i].label && *MATERIAL_KINDS[i].label);
}

TEST_MAIN("app_materials", NULL, NULL, cmocka_unit_test(test_pilot),
          cmocka_unit_test(test_coaching), cmocka_unit_test(test_kinds))
