/* The one table of notification rules (app/notify.c) and the one table of the scheduler's job
 * kinds (app/jobs.c): every supervision event kind has its rule, each title is translated with
 * its placeholders kept and fills them from a payload, and the job kinds are each named once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "app/jobs.h"
#include "app/notify.h"
#include "lib/arena.h"
#include "lib/i18n.h"
#include "support.h"

/* The event kinds of supervision (§4.3), as the parts that emit them name them. */
static const char *const KINDS[] = {"report.requested",
                                    "report.reminded",
                                    "report.overdue",
                                    "report.escalated",
                                    "report.submitted",
                                    "report.accepted",
                                    "report.changes_requested",
                                    "reporting.configured",
                                    "indicator.created",
                                    "indicator.changed",
                                    "metrics.ingested",
                                    "alert.opened",
                                    "alert.acknowledged",
                                    "alert.resolved",
                                    "api_token.created",
                                    "api_token.revoked",
                                    "inspection.planned",
                                    "inspection.notified",
                                    "inspection.documents_requested",
                                    "inspection.documents_answered",
                                    "inspection.finding",
                                    "inspection.rectification_ordered",
                                    "inspection.rectification_submitted",
                                    "inspection.rectification_verified",
                                    "inspection.closed",
                                    "incident.reported",
                                    "incident.updated",
                                    "incident.guidance",
                                    "incident.loss_recorded",
                                    "incident.reported_to_csrc",
                                    "incident.acknowledged",
                                    "complaint.filed",
                                    "complaint.noted",
                                    "complaint.resolved",
                                    "complaint.escalated",
                                    "message.sent",
                                    "message.read",
                                    "situation.reported",
                                    "situation.acknowledged",
                                    NULL};

static void every_kind_has_one_rule(void **state)
{
	(void)state;
	for (int i = 0; KINDS[i]; i++) {
		const notify_rule *r = notify_rule_find(KINDS[i]);
		if (!r)
			fail_msg("no notification rule for %s", KINDS[i]);
		assert_string_equal(r->kind, KINDS[i]);
	}
	for (unsigned i = 0; i < NOTIFY_RULES_COUNT; i++)
		for (unsigned k = i + 1; k < NOTIFY_RULES_COUNT; k++)
			assert_string_not_equal(NOTIFY_RULES[i].kind, NOTIFY_RULES[k].kind);
	assert_null(notify_rule_find("project.launch")); /* admission notifies nobody yet */
	assert_null(notify_rule_find(NULL));
}

/* §4.3: the CSRC hears only of what is reported to it; escalations go to the leaders. */
static void recipients_follow_the_clauses(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NOTIFY_RULES_COUNT; i++) {
		const notify_rule *r = &NOTIFY_RULES[i];
		bool to_csrc = r->to & NOTIFY_CSRC;
		bool reported = !strcmp(r->kind, "incident.reported_to_csrc") ||
		                !strcmp(r->kind, "situation.reported");
		if (to_csrc != reported)
			fail_msg("%s: the CSRC is told only of what is reported to it", r->kind);
	}
	assert_true(notify_rule_find("report.escalated")->to & NOTIFY_LEADERS);
	assert_int_equal(notify_rule_find("report.overdue")->to, NOTIFY_LEAD | NOTIFY_OFFICERS);
	assert_int_equal(notify_rule_find("alert.opened")->to, NOTIFY_OFFICERS | NOTIFY_LEAD);
	assert_int_equal(notify_rule_find("incident.reported")->to, NOTIFY_OFFICERS);
	assert_int_equal(notify_rule_find("complaint.filed")->to, NOTIFY_OFFICERS | NOTIFY_LEAD);
	assert_int_equal(notify_rule_find("message.sent")->to, NOTIFY_OTHER_SIDE);
	assert_int_equal(notify_rule_find("metrics.ingested")->to, 0);
}

/* Each title has a zh-CN translation that keeps every {placeholder}. */
static void titles_are_translated(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NOTIFY_RULES_COUNT; i++) {
		const char *en = NOTIFY_RULES[i].title, *zh = tr(LANG_ZH, en);
		if (!strcmp(zh, en))
			fail_msg("no zh-CN title for %s", NOTIFY_RULES[i].kind);
		for (const char *p = strchr(en, '{'); p; p = strchr(p + 1, '{')) {
			char key[64];
			const char *end = strchr(p, '}');
			snprintf(key, sizeof key, "%.*s", (int)(end - p + 1), p);
			if (!strstr(zh, key))
				fail_msg("%s: the zh-CN title lost %s", NOTIFY_RULES[i].kind, key);
		}
	}
}

static void titles_fill_their_placeholders(void **state)
{
	(void)state;
	arena *a = arena_new();
	json_t *p = json_pack("{s:I, s:s, s:s, s:n}", "report_id", (json_int_t)7, "due_on",
	                      "2026-11-13", "project", "链上对账", "period");
	const char *title = notify_rule_find("report.overdue")->title;
	assert_string_equal(notify_title(a, LANG_EN, title, p),
	                    "Report #7 of 链上对账 is overdue (due 2026-11-13).");
	assert_string_equal(notify_title(a, LANG_ZH, title, p),
	                    "链上对账的 #7 号报告已逾期（截止 2026-11-13）。");
	/* a placeholder the payload lacks reads as nothing */
	assert_string_equal(notify_title(a, LANG_EN, "Report {period}.", p), "Report .");
	json_decref(p);
	arena_free(a);
}

static void job_kinds_are_named_once(void **state)
{
	(void)state;
	static const char *const want[] = {
	    "coaching_end",   "report_generate",   "report_remind",
	    "report_overdue", "report_escalate",   "indicators_stale",
	    "outbox_deliver", "idempotency_purge", "log_anchor"};
	unsigned n = 0;
	while (jobs_kind(n))
		n++;
	assert_int_equal(n, sizeof want / sizeof *want);
	for (unsigned i = 0; i < n; i++)
		assert_string_equal(jobs_kind(i), want[i]);
}

TEST_MAIN("app_notify", NULL, NULL, cmocka_unit_test(every_kind_has_one_rule),
          cmocka_unit_test(recipients_follow_the_clauses), cmocka_unit_test(titles_are_translated),
          cmocka_unit_test(titles_fill_their_placeholders),
          cmocka_unit_test(job_kinds_are_named_once))
