/* The workflow table (src/core/workflow.c), row by row: the admission states, an exit from
 * every state that is not final, withdrawal by the lead before launch (§3.2), maker-checker
 * rows proposed by an officer (§4.1, §4.2), the coaching track (§3.3); and docs/WORKFLOW.md
 * holding exactly the current rendering, so that the docs cannot drift from the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "core/workflow.h"
#include "core/workflow_render.h"
#include "app/projects.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "support.h"

/* The state ids as stored and in the API, in the order of the enum. */
/* The table by action id, as the API names actions. */
static const workflow_row *find(project_state s, const char *action, bool coaching)
{
	workflow_action a;
	return workflow_action_parse(action, &a) == 0 ? workflow_find(s, a, coaching) : NULL;
}

static bool known(const char *action)
{
	workflow_action a;
	return workflow_action_parse(action, &a) == 0;
}

static const char *const ISSUE_STATES[] = {
    "draft",      "submitted",    "returned",        "accepted",       "in_review",
    "selected",   "not_selected", "csrc_evaluation", "csrc_rejected",  "public_notice",
    "launched",   "withdrawn",    "coaching",        "coaching_ended", "regular_operation",
    "rectifying", "suspended",    "stopped",         "exiting",        "exited",
};
#define NSTATES (sizeof ISSUE_STATES / sizeof *ISSUE_STATES)

/* Before launch (§3.2 "any time before launch"): every state from which a project can still
 * reach launched or coaching. */
static const project_state PRE_LAUNCH[] = {ST_DRAFT,           ST_SUBMITTED,    ST_RETURNED,
                                           ST_ACCEPTED,        ST_IN_REVIEW,    ST_SELECTED,
                                           ST_CSRC_EVALUATION, ST_PUBLIC_NOTICE};
#define NPRE (sizeof PRE_LAUNCH / sizeof *PRE_LAUNCH)

static bool is_pre_launch(project_state s)
{
	for (size_t i = 0; i < NPRE; i++)
		if (PRE_LAUNCH[i] == s)
			return true;
	return false;
}

/* Where the pilot ends: the final states (a pilot in regular operation may still be
 * suspended, stopped or leave, §4.4). */
static bool admission_ends(project_state s)
{
	return project_state_is_terminal(s);
}

static void test_states_are_the_issue_ids(void **state)
{
	assert_int_equal(ST__COUNT, NSTATES);
	for (size_t i = 0; i < NSTATES; i++) {
		project_state s;
		assert_string_equal(project_state_id((project_state)i), ISSUE_STATES[i]);
		assert_int_equal(project_state_parse(ISSUE_STATES[i], &s), 0);
		assert_int_equal(s, (project_state)i);
	}
	project_state s;
	assert_null(project_state_id(ST__COUNT));
	assert_int_equal(project_state_parse("Draft", &s), -1);
	assert_int_equal(project_state_parse("", &s), -1);
	assert_int_equal(project_state_parse(NULL, &s), -1);
}

static void test_rows_are_well_formed(void **state)
{
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		const workflow_row *w = &WORKFLOW[i];
		assert_non_null(project_state_id(w->from));
		assert_non_null(project_state_id(w->to));
		assert_non_null(workflow_guard_id(w->guard));
		const char *act = workflow_action_id(w->action);
		assert_non_null(act);
		assert_true(strlen(act) > 0);
		for (const char *p = act; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
		assert_true(w->roles != 0);
		assert_int_equal(w->roles & ~(unsigned)(ROLE_ANY_USER | ROLE_SYSTEM), 0);
		assert_non_null(w->clause);
		assert_int_equal(strncmp(w->clause, "§", strlen("§")), 0);
		/* no transition leaves a final state */
		assert_false(project_state_is_terminal(w->from));
	}
}

static void test_every_state_but_the_ends_has_an_exit(void **state)
{
	for (int s = 0; s < ST__COUNT; s++) {
		int exits = 0;
		for (size_t i = 0; i < WORKFLOW_COUNT; i++)
			exits += WORKFLOW[i].from == (project_state)s &&
			         WORKFLOW[i].to != (project_state)s;
		if (admission_ends((project_state)s))
			assert_int_equal(exits, 0);
		else if (exits == 0)
			fail_msg("state %s has no exit", project_state_id((project_state)s));
	}
}

static void test_every_state_is_reachable_from_draft(void **state)
{
	bool seen[ST__COUNT] = {[ST_DRAFT] = true};
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = 0; i < WORKFLOW_COUNT; i++)
			if (seen[WORKFLOW[i].from] && !seen[WORKFLOW[i].to])
				seen[WORKFLOW[i].to] = grew = true;
	}
	for (int s = 0; s < ST__COUNT; s++)
		if (!seen[s])
			fail_msg("state %s cannot be reached", project_state_id((project_state)s));
}

/* §3.2: the lead applicant may withdraw any time before launch, with a
 * reason; nobody else, and not after launch. */
static void test_withdraw_by_the_lead_before_launch_only(void **state)
{
	for (int s = 0; s < ST__COUNT; s++) {
		for (int coaching = 0; coaching < 2; coaching++) {
			const workflow_row *w = find((project_state)s, "withdraw", coaching);
			if (!is_pre_launch((project_state)s)) {
				if (w)
					fail_msg("withdraw from %s",
					         project_state_id((project_state)s));
				continue;
			}
			if (!w)
				fail_msg("no withdraw from %s", project_state_id((project_state)s));
			assert_int_equal(w->roles, ROLE_INSTITUTION);
			assert_int_equal(w->guard, GUARD_LEAD);
			assert_int_equal(w->to, ST_WITHDRAWN);
			assert_false(w->approval);
		}
	}
}

/* Maker-checker: an officer proposes, a leader approves; so an approval row
 * names the officer and no one else. And the decisions that change a project's fate need it. */
static void test_approval_rows_are_proposed_by_officers(void **state)
{
	int approvals = 0;
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		if (!WORKFLOW[i].approval)
			continue;
		approvals++;
		assert_int_equal(WORKFLOW[i].roles, ROLE_OFFICER);
	}
	assert_true(approvals > 0);
	static const struct {
		project_state from;
		const char *action;
	} fate[] = {{ST_IN_REVIEW, "select"},
	            {ST_IN_REVIEW, "reject"},
	            {ST_SELECTED, "forward_csrc"},
	            {ST_CSRC_EVALUATION, "publish_notice"},
	            {ST_PUBLIC_NOTICE, "launch"},
	            {ST_LAUNCHED, "evaluate_regular"},
	            {ST_LAUNCHED, "evaluate_improve"},
	            {ST_LAUNCHED, "evaluate_rectify"},
	            {ST_LAUNCHED, "evaluate_exit"},
	            {ST_RECTIFYING, "verify_rectification"},
	            {ST_LAUNCHED, "suspend"},
	            {ST_SUSPENDED, "resume"},
	            {ST_SUSPENDED, "stop"},
	            {ST_LAUNCHED, "administrative_measure"},
	            {ST_LAUNCHED, "criminal_referral"},
	            {ST_LAUNCHED, "start_exit"},
	            {ST_EXITING, "complete_exit"},
	            {ST_REGULAR_OPERATION, "recognise"},
	            {ST_LAUNCHED, "determine_fault_tolerance"}};
	for (size_t i = 0; i < sizeof fate / sizeof *fate; i++)
		for (int coaching = 0; coaching < 2; coaching++) {
			/* after launch, only a pilot (a coaching project is never evaluated) */
			if (coaching && i >= 5)
				continue;
			const workflow_row *w = find(fate[i].from, fate[i].action, coaching);
			assert_non_null(w);
			assert_true(w->approval);
		}
}

/* One row at most answers (from, action, track): a row for any track excludes rows for one. */
static void test_no_duplicate_rows(void **state)
{
	for (size_t i = 0; i < WORKFLOW_COUNT; i++)
		for (size_t j = i + 1; j < WORKFLOW_COUNT; j++) {
			const workflow_row *a = &WORKFLOW[i], *b = &WORKFLOW[j];
			if (a->from != b->from || a->action != b->action)
				continue;
			if (a->track == b->track || a->track == FOR_ANY_TRACK ||
			    b->track == FOR_ANY_TRACK)
				fail_msg("rows %zu and %zu both answer (%s, %s)", i, j,
				         project_state_id(a->from), workflow_action_id(a->action));
		}
}

/* §3.3: announcement of a coaching project starts coaching, of a pilot launches it; coaching
 * ends by itself (the scheduler), and only coaching. */
static void test_launch_by_track_and_coaching_end(void **state)
{
	const workflow_row *pilot = find(ST_PUBLIC_NOTICE, "launch", false);
	const workflow_row *coach = find(ST_PUBLIC_NOTICE, "launch", true);
	assert_non_null(pilot);
	assert_non_null(coach);
	assert_int_equal(pilot->to, ST_LAUNCHED);
	assert_int_equal(coach->to, ST_COACHING);
	assert_int_equal(pilot->guard, GUARD_NOTICE_CLEARED);
	assert_int_equal(coach->guard, GUARD_NOTICE_CLEARED);

	const workflow_row *end = find(ST_COACHING, "end_coaching", true);
	assert_non_null(end);
	assert_int_equal(end->roles, ROLE_SYSTEM);
	assert_int_equal(end->guard, GUARD_COACHING_DUE);
	assert_int_equal(end->to, ST_COACHING_ENDED);
	assert_null(find(ST_COACHING, "end_coaching", false));
	/* no person takes a scheduler's action, and the scheduler takes no other */
	for (size_t i = 0; i < WORKFLOW_COUNT; i++)
		assert_int_equal((WORKFLOW[i].roles & ROLE_SYSTEM) != 0,
		                 WORKFLOW[i].action == ACT_END_COACHING);
	/* the states of the coaching track are reached only by coaching rows */
	for (size_t i = 0; i < WORKFLOW_COUNT; i++)
		if (WORKFLOW[i].to == ST_COACHING || WORKFLOW[i].to == ST_COACHING_ENDED)
			assert_int_equal(WORKFLOW[i].track, FOR_COACHING);
		else if (WORKFLOW[i].to == ST_LAUNCHED)
			assert_int_equal(WORKFLOW[i].track, FOR_PILOT);
}

/* §4.3: launched pilots and coaching projects are supervised, and so is a pilot until it has
 * left (§4.4); a running pilot runs live business, a coaching project never (§3.3), a suspended
 * pilot not until it resumes (§4.4); nothing final is supervised. */
static void test_supervised_and_live_states(void **state)
{
	static const project_state running[] = {ST_LAUNCHED, ST_REGULAR_OPERATION, ST_RECTIFYING,
	                                        ST_EXITING};
	for (int s = 0; s < ST__COUNT; s++) {
		const state_info *i = &PROJECT_STATES[s];
		bool live = false;
		for (size_t k = 0; k < sizeof running / sizeof *running; k++)
			live |= running[k] == (project_state)s;
		assert_int_equal(i->supervised, live || s == ST_COACHING || s == ST_SUSPENDED);
		assert_int_equal(i->live, live);
		if (i->terminal)
			assert_false(i->supervised);
		if (i->live)
			assert_true(i->supervised);
	}
}

/* The action ids the API and the pages use. */
static void test_issue_actions_exist(void **state)
{
	static const char *const ids[] = {
	    "confirm", "submit",       "return",    "accept",    "withdraw",       "select",
	    "reject",  "forward_csrc", "csrc_pass", "csrc_fail", "publish_notice", "launch"};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
		if (!known(ids[i]))
			fail_msg("action %s is not in the table", ids[i]);
	assert_false(known("approve"));
	assert_false(known(""));
	/* the members act in drafting, and only the lead submits (its guard checks the lead) */
	for (int coaching = 0; coaching < 2; coaching++) {
		const workflow_row *w = find(ST_DRAFT, "submit", coaching);
		assert_non_null(w);
		assert_int_equal(w->roles, ROLE_INSTITUTION);
		assert_int_equal(w->guard, GUARD_SUBMITTABLE);
		assert_int_equal(w->to, ST_SUBMITTED);
		w = find(ST_RETURNED, "submit", coaching);
		assert_non_null(w);
		assert_int_equal(w->to, ST_SUBMITTED);
		w = find(ST_SUBMITTED, "return", coaching);
		assert_non_null(w);
		assert_int_equal(w->roles, ROLE_OFFICER);
		assert_int_equal(w->to, ST_RETURNED);
	}
}

static void test_workflow_find_follows_track(void **state)
{
	assert_null(find(ST_DRAFT, "launch", false));
	assert_null(find(ST_DRAFT, "no_such_action", false));
	assert_null(find(ST_LAUNCHED, "withdraw", false));
	const workflow_row *w = find(ST_DRAFT, "confirm", true);
	assert_non_null(w);
	assert_int_equal(w->to, ST_DRAFT);
	assert_int_equal(w->guard, GUARD_UNCONFIRMED_MEMBER);
}

static bool contains_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

static void test_mermaid_rendering(void **state)
{
	buf b = BUF_INIT;
	workflow_render_mermaid(&b);
	const char *m = buf_cstr(&b);
	assert_int_equal(strncmp(m, "stateDiagram-v2\n", 16), 0);
	assert_true(contains_line(m, "    [*] --> draft"));
	assert_true(
	    contains_line(m, "    draft --> submitted : submit (institution), submittable"));
	assert_true(contains_line(m, "    submitted --> returned : return (officer)"));
	assert_true(contains_line(
	    m, "    in_review --> selected : select (officer), leader approval, scores_complete"));
	assert_true(
	    contains_line(m, "    in_review --> not_selected : reject (officer), leader approval"));
	assert_true(contains_line(
	    m,
	    "    public_notice --> coaching : launch (officer), leader approval, notice_cleared"));
	assert_true(contains_line(
	    m,
	    "    public_notice --> launched : launch (officer), leader approval, notice_cleared"));
	assert_true(contains_line(
	    m, "    coaching --> coaching_ended : end_coaching (system), coaching_due"));
	assert_true(contains_line(m, "    draft --> withdrawn : withdraw (institution), lead"));
	assert_true(contains_line(m, "    withdrawn --> [*]"));
	assert_false(contains_line(m, "    launched --> [*]"));
	/* one line per row, the start, and one per final state */
	size_t lines = 0;
	for (const char *p = m; *p; p++)
		lines += *p == '\n';
	size_t finals = 0;
	for (int s = 0; s < ST__COUNT; s++)
		finals += project_state_is_terminal((project_state)s);
	assert_int_equal(lines, 2 + WORKFLOW_COUNT + finals);
	buf_free(&b);
}

static void test_markdown_rendering(void **state)
{
	buf b = BUF_INIT;
	workflow_render_markdown(&b);
	const char *m = buf_cstr(&b);
	assert_true(
	    contains_line(m, "| from | action | roles | track | guard | to | approval | clause |"));
	assert_true(contains_line(m, "| `in_review` | `select` | officer | any | `scores_complete` "
	                             "| `selected` | leader | §4.1 |"));
	assert_true(contains_line(m, "| `public_notice` | `launch` | officer | coaching | "
	                             "`notice_cleared` | `coaching` | leader | §3.3 |"));
	assert_true(contains_line(
	    m, "| `submitted` | `return` | officer | any | — | `returned` | — | §4.1 |"));
	size_t lines = 0;
	for (const char *p = m; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 2 + WORKFLOW_COUNT);
	buf_free(&b);
}

/* docs/WORKFLOW.md holds exactly `baotu workflow --format doc` between its markers. */
static void test_docs_hold_the_current_rendering(void **state)
{
	assert_doc_holds_rendering(
	    "docs/WORKFLOW.md", "<!-- workflow:begin -->\n", "<!-- workflow:end -->",
	    workflow_render_doc,
	    "docs/WORKFLOW.md is out of date with src/core/workflow.c: put the "
	    "output of `baotu workflow --format doc` between the markers.");
}

/* One home for each state and action: every one has its labels in both languages (the zh-CN
 * catalog translates each; the English is the message id itself), a tone and a step. */
static void test_every_state_and_action_has_its_labels(void **state)
{
	static const char *const tones[] = {"draft", "wait", "warn", "ok", "bad", "plain", NULL};
	for (int s = 0; s < ST__COUNT; s++) {
		const state_info *si = &PROJECT_STATES[s];
		assert_non_null(si->id);
		assert_ptr_equal(project_state_info(si->id), si);
		assert_translated(si->label, si->id);
		bool tone_ok = false;
		for (const char *const *t = tones; *t; t++)
			tone_ok |= si->tone && !strcmp(si->tone, *t);
		if (!tone_ok)
			fail_msg("state %s has no known tone", si->id);
		assert_true(si->step >= -1 && si->step < (int)WORKFLOW_STEP_COUNT);
		assert_int_equal(si->terminal, project_state_is_terminal((project_state)s));
	}
	for (size_t i = 0; i < WORKFLOW_STEP_COUNT; i++) {
		assert_translated(WORKFLOW_STEPS[i].label, "a step");
		if (WORKFLOW_STEPS[i].coaching_label)
			assert_translated(WORKFLOW_STEPS[i].coaching_label, "a coaching step");
	}
	for (int a = 0; a < ACT__COUNT; a++) {
		const action_info *ai = &WORKFLOW_ACTIONS[a];
		assert_action_in_table(WORKFLOW, WORKFLOW_COUNT, (workflow_action)a, ai->id,
		                       ai->label);
		assert_ptr_equal(workflow_action_info(ai->id), ai);
		assert_translated(ai->done, ai->id);
		if (ai->hint)
			assert_translated(ai->hint, ai->id);
	}
	assert_null(project_state_info("nope"));
	assert_null(workflow_action_info("approve"));
}

/* Every guard has its function and every action its fields reader and effect in the app's
 * tables (src/app/projects.c): a new row cannot be half-built. */
static void test_every_guard_and_action_is_implemented(void **state)
{
	char why[200] = "";
	if (project_workflow_selfcheck(why, sizeof why) < 0)
		fail_msg("%s", why);
}

TEST_MAIN("core_workflow", NULL, NULL, cmocka_unit_test(test_states_are_the_issue_ids),
          cmocka_unit_test(test_rows_are_well_formed),
          cmocka_unit_test(test_every_state_but_the_ends_has_an_exit),
          cmocka_unit_test(test_every_state_is_reachable_from_draft),
          cmocka_unit_test(test_withdraw_by_the_lead_before_launch_only),
          cmocka_unit_test(test_approval_rows_are_proposed_by_officers),
          cmocka_unit_test(test_no_duplicate_rows),
          cmocka_unit_test(test_launch_by_track_and_coaching_end),
          cmocka_unit_test(test_supervised_and_live_states),
          cmocka_unit_test(test_issue_actions_exist),
          cmocka_unit_test(test_workflow_find_follows_track),
          cmocka_unit_test(test_mermaid_rendering), cmocka_unit_test(test_markdown_rendering),
          cmocka_unit_test(test_docs_hold_the_current_rendering),
          cmocka_unit_test(test_every_state_and_action_has_its_labels),
          cmocka_unit_test(test_every_guard_and_action_is_implemented))
