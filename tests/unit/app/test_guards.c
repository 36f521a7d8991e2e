/* Each guard of the workflow table against a real store (a SQLite file): what lets a caller try
 * an action (may_try) and what must hold for it to go through, each refusal with its stable code,
 * and a store error reported as an error, never as "not allowed". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/calendar.h"
#include "app/projects.h"
#include "core/calendar.h"
#include "lib/time.h"
#include "store/store.h"
#include "store_fixture.h"
#include "support.h"

typedef store_fixture fixture;

/* Users: 1 officer; 2 the lead's user (institution 1); 3 the partner's (institution 2); 4 an
 * outsider's (institution 3); 5 an expert. Project 1: a joint pilot in draft, the lead
 * confirmed, the partner not. */
static const actor OFFICER = {1, "officer", ROLE_OFFICER, 0, "user:1"};
static const actor LEAD = {2, "lead", ROLE_INSTITUTION, 1, "user:2"};
static const actor PARTNER = {3, "partner", ROLE_INSTITUTION, 2, "user:3"};
static const actor OUTSIDER = {4, "outsider", ROLE_INSTITUTION, 3, "user:4"};
static const actor SYSTEM = {0, "scheduler", ROLE_SYSTEM, 0, "system"};
#define P 1

static void exec(fixture *f, const char *sql)
{
	store_fixture_exec(f, sql);
}
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	store_fixture_open(f);
	f->ap.region = &PILOT_REGION_JINAN;
	exec(f,
	     "INSERT INTO institutions (name, credit_code, kind, registered_province, "
	     "registered_city, main_office_city, registered_province_code, registered_city_code, "
	     "main_office_city_code, national, jinan_branch, created_at, updated_at) VALUES "
	     "('泉城证券股份有限公司', 'C1', 'securities_company', '山东省', '济南市', '济南市', "
	     "'370000', '370100', '370100', 0, 0, 1, 1), "
	     "('深蓝链科技有限公司', 'C2', 'tech_firm', '广东省', '深圳市', '深圳市', '440000', "
	     "'440300', '440300', 0, 0, 1, 1), "
	     "('海港证券有限公司', 'C3', 'securities_company', '山东省', '青岛市', '青岛市', "
	     "'370000', '370200', '370200', 0, 0, 1, 1)");
	exec(f,
	     "INSERT INTO users (username, role, institution_id, password_hash, created_at, "
	     "updated_at) VALUES ('officer', 'officer', NULL, 'x', 1, 1), ('lead', 'institution', "
	     "1, 'x', 1, 1), ('partner', 'institution', 2, 'x', 1, 1), ('outsider', "
	     "'institution', 3, 'x', 1, 1), ('expert', 'expert', NULL, 'x', 1, 1)");
	exec(f, "INSERT INTO projects (track, state, name, content, created_by, created_at, "
	        "updated_at) VALUES ('pilot', 'draft', '基金投顾智能适当性', '{}', 2, 1, 1)");
	exec(f, "INSERT INTO project_members (project_id, institution_id, lead, role, "
	        "confirmed_at, confirmed_by) VALUES (1, 1, 1, '业务运营', 1, 2), "
	        "(1, 2, 0, '技术研发', NULL, NULL)");
	exec(f, "INSERT INTO experts (user_id, affiliation) VALUES (5, '山东大学')");
	*state = f;
	return 0;
}

/* Runs the guard; 0, or the refusal's status with its code in *code. */
static int check(fixture *f, const actor *who, workflow_guard g, bool full, const char **code)
{
	err e;
	err_clear(&e);
	int rc = project_guard_check(&f->ap, f->a, who, P, g, full, &e);
	*code = rc == 0 ? NULL : arena_strdup(f->a, e.code ? e.code : "");
	int status = rc == 0 ? 0 : e.status;
	err_free_details(&e);
	return status;
}

#define REFUSED(f, who, g, full, status, want)                                                     \
	do {                                                                                       \
		const char *code_;                                                                 \
		assert_int_equal(check(f, who, g, full, &code_), status);                          \
		assert_string_equal(code_, want);                                                  \
	} while (0)
#define HOLDS(f, who, g, full)                                                                     \
	do {                                                                                       \
		const char *code_;                                                                 \
		if (check(f, who, g, full, &code_))                                                \
			fail_msg("guard %s refused %s: %s", workflow_guard_id(g), (who)->username, \
			         code_);                                                           \
	} while (0)

/* G is refused to the officer (STATUS, CODE) and holds once SQL has run. */
static void holds_after(fixture *f, workflow_guard g, int status, const char *code, const char *sql)
{
	REFUSED(f, &OFFICER, g, true, status, code);
	exec(f, sql);
	HOLDS(f, &OFFICER, g, true);
}

/* G is refused to WHO (STATUS, CODE) at 10:00 CST on the day before DAY, and holds at 10:00 CST
 * on DAY. */
static void holds_from(fixture *f, const actor *who, workflow_guard g, cal_date day, int status,
                       const char *code)
{
	const long long ten_am = 10LL * 3600 * 1000000, one_day = 24LL * 3600 * 1000000;
	time_set_override(cal_start_us_cst(day) - one_day + ten_am);
	REFUSED(f, who, g, true, status, code);
	time_set_override(cal_start_us_cst(day) + ten_am);
	HOLDS(f, who, g, true);
}

static void test_none(void **state)
{
	HOLDS(*state, &OFFICER, GUARD_NONE, true);
}

/* §3.2: the lead applicant represents the others. */
static void test_lead(void **state)
{
	fixture *f = *state;
	HOLDS(f, &LEAD, GUARD_LEAD, true);
	REFUSED(f, &PARTNER, GUARD_LEAD, true, 403, "not_lead");
	REFUSED(f, &OUTSIDER, GUARD_LEAD, true, 404, "not_found");
	REFUSED(f, &OFFICER, GUARD_LEAD, true, 403, "forbidden");
}

/* §3.2: a member confirms once; the drafter confirmed by drafting. */
static void test_unconfirmed_member(void **state)
{
	fixture *f = *state;
	HOLDS(f, &PARTNER, GUARD_UNCONFIRMED_MEMBER, true);
	REFUSED(f, &LEAD, GUARD_UNCONFIRMED_MEMBER, true, 409, "already_confirmed");
	REFUSED(f, &OUTSIDER, GUARD_UNCONFIRMED_MEMBER, true, 404, "not_found");
	exec(f, "UPDATE project_members SET confirmed_at = 5, confirmed_by = 3 WHERE "
	        "institution_id = 2");
	REFUSED(f, &PARTNER, GUARD_UNCONFIRMED_MEMBER, true, 409, "already_confirmed");
}

/* §3, §4.1: the lead submits once every member confirmed, the members are eligible, the
 * content is complete and the materials are in; each refusal names what is missing. */
static void test_submittable(void **state)
{
	fixture *f = *state;
	REFUSED(f, &PARTNER, GUARD_SUBMITTABLE, false, 403, "not_lead");
	HOLDS(f, &LEAD, GUARD_SUBMITTABLE, false); /* the lead may try: the page offers submit */
	REFUSED(f, &LEAD, GUARD_SUBMITTABLE, true, 422, "members_unconfirmed");
	exec(f, "UPDATE project_members SET confirmed_at = 5, confirmed_by = 3 WHERE "
	        "institution_id = 2");
	REFUSED(f, &LEAD, GUARD_SUBMITTABLE, true, 422, "incomplete");
	/* a Qingdao securities firm is outside the Shandong bureau's jurisdiction (§3.1) */
	exec(f, "UPDATE project_members SET institution_id = 3 WHERE institution_id = 1");
	const actor qingdao = {4, "outsider", ROLE_INSTITUTION, 3, "user:4"};
	REFUSED(f, &qingdao, GUARD_SUBMITTABLE, true, 422, "not_eligible");
}

static void test_materials_complete(void **state)
{
	fixture *f = *state;
	REFUSED(f, &OFFICER, GUARD_MATERIALS_COMPLETE, true, 422, "materials_missing");
	static const char *const kinds[] = {
	    "application_form", "technical_plan", "risk_assessment", "investor_protection_plan",
	    "emergency_plan",   "exit_plan",      "joint_agreement", NULL};
	exec(f, "INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ('s', 1, "
	        "'application/pdf', x'25', 1)");
	for (const char *const *k = kinds; *k; k++) {
		char sql[300];
		snprintf(
		    sql, sizeof sql,
		    "INSERT INTO materials (project_id, kind, version, filename, sha256, size, "
		    "content_type, uploaded_by, uploaded_at) VALUES (1, '%s', 1, 'a.pdf', 's', 1, "
		    "'application/pdf', 2, 1)",
		    *k);
		if (!k[1]) /* the last one missing: still refused */
			REFUSED(f, &OFFICER, GUARD_MATERIALS_COMPLETE, true, 422,
			        "materials_missing");
		exec(f, sql);
	}
	HOLDS(f, &OFFICER, GUARD_MATERIALS_COMPLETE, true);
}

/* §4.1: review needs an expert without a conflict of interest, and every such expert's sheet. */
static void test_experts_assigned_and_scores_complete(void **state)
{
	fixture *f = *state;
	holds_after(f, GUARD_EXPERTS_ASSIGNED, 422, "no_experts",
	            "INSERT INTO assignments (project_id, expert_id, assigned_at, assigned_by) "
	            "VALUES (1, 5, 1, 1)");
	holds_after(f, GUARD_SCORES_COMPLETE, 422, "scores_incomplete",
	            "INSERT INTO score_sheets (project_id, expert_id, scores, submitted_at) VALUES "
	            "(1, 5, '{}', 2)");
	/* a conflicted expert does not count for either */
	exec(f, "INSERT INTO conflicts (project_id, expert_id, source, reason, declared_by, "
	        "declared_at) VALUES (1, 5, 'expert', '曾任顾问', 5, 3)");
	REFUSED(f, &OFFICER, GUARD_EXPERTS_ASSIGNED, true, 422, "no_experts");
}

/* §4.1, §4.2: the CSRC records its evaluation once; the notice follows only a pass. */
static void test_csrc_pending_and_passed(void **state)
{
	fixture *f = *state;
	HOLDS(f, &OFFICER, GUARD_CSRC_PENDING, true);
	REFUSED(f, &OFFICER, GUARD_CSRC_PASSED, true, 409, "invalid_state");
	exec(f, "UPDATE projects SET csrc_result = 'fail' WHERE id = 1");
	REFUSED(f, &OFFICER, GUARD_CSRC_PENDING, true, 409, "invalid_state");
	REFUSED(f, &OFFICER, GUARD_CSRC_PASSED, true, 409, "invalid_state");
	exec(f, "UPDATE projects SET csrc_result = 'pass' WHERE id = 1");
	HOLDS(f, &OFFICER, GUARD_CSRC_PASSED, true);
}

/* §4.2: no launch without a notice whose period is over. */
static void test_notice_cleared(void **state)
{
	fixture *f = *state;
	REFUSED(f, &OFFICER, GUARD_NOTICE_CLEARED, true, 409, "invalid_state");
	exec(f, "INSERT INTO notices (project_id, public, opens_on, closes_on, working_days, "
	        "created_at) VALUES (1, '{}', '2026-10-09', '2026-10-22', 10, 1)");
	holds_from(f, &OFFICER, GUARD_NOTICE_CLEARED, (cal_date){2026, 10, 23}, 422,
	           "notice_period_open");
}

/* §3.3: coaching ends one year from announcement, not before. */
static void test_coaching_due(void **state)
{
	fixture *f = *state;
	exec(f, "UPDATE projects SET track = 'coaching', state = 'coaching', launched_on = "
	        "'2026-01-05', coaching_ends_on = '2027-01-05' WHERE id = 1");
	holds_from(f, &SYSTEM, GUARD_COACHING_DUE, (cal_date){2027, 1, 5}, 409, "invalid_state");
}

/* A guard that cannot read the store says so (5xx), and is never taken for "not allowed". */
static void test_store_error_is_an_error(void **state)
{
	fixture *f = *state;
	exec(f, "DROP TABLE score_sheets");
	const char *code;
	int status = check(f, &OFFICER, GUARD_SCORES_COMPLETE, true, &code);
	if (status < 500)
		fail_msg("a store error answered %d %s", status, code);
}

TEST_MAIN("app_guards", NULL, NULL, STORE_FIXTURE_TEST(test_none), STORE_FIXTURE_TEST(test_lead),
          STORE_FIXTURE_TEST(test_unconfirmed_member), STORE_FIXTURE_TEST(test_submittable),
          STORE_FIXTURE_TEST(test_materials_complete),
          STORE_FIXTURE_TEST(test_experts_assigned_and_scores_complete),
          STORE_FIXTURE_TEST(test_csrc_pending_and_passed), STORE_FIXTURE_TEST(test_notice_cleared),
          STORE_FIXTURE_TEST(test_coaching_due), STORE_FIXTURE_TEST(test_store_error_is_an_error))
