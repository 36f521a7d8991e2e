#include "core/workflow.h"

#include <string.h>

#include "core/roles.h"

#define INST ROLE_INSTITUTION
#define OFFICER ROLE_OFFICER
#define CSRC ROLE_CSRC
#define SYSTEM ROLE_SYSTEM
#define APPROVAL true
#define DIRECT false

/* Withdrawal (by the lead applicant, any time before launch, with a reason). */
#define WITHDRAW(st) {st, "withdraw", INST, FOR_ANY_TRACK, GUARD_LEAD, ST_WITHDRAWN, DIRECT, "§3.2"}

const workflow_row WORKFLOW[] = {
	/* Drafting and submission (§3.2: every member confirms; the lead submits) */
	{ST_DRAFT, "confirm", INST, FOR_ANY_TRACK, GUARD_UNCONFIRMED_MEMBER, ST_DRAFT, DIRECT, "§3.2"},
	{ST_DRAFT, "submit", INST, FOR_ANY_TRACK, GUARD_SUBMITTABLE, ST_SUBMITTED, DIRECT, "§4.1"},
	WITHDRAW(ST_DRAFT),
	{ST_RETURNED, "confirm", INST, FOR_ANY_TRACK, GUARD_UNCONFIRMED_MEMBER, ST_RETURNED, DIRECT, "§3.2"},
	{ST_RETURNED, "submit", INST, FOR_ANY_TRACK, GUARD_SUBMITTABLE, ST_SUBMITTED, DIRECT, "§4.1"},
	WITHDRAW(ST_RETURNED),
	/* Completeness check (§4.1): return with defects, or accept into a batch */
	{ST_SUBMITTED, "return", OFFICER, FOR_ANY_TRACK, GUARD_NONE, ST_RETURNED, DIRECT, "§4.1"},
	{ST_SUBMITTED, "accept", OFFICER, FOR_ANY_TRACK, GUARD_MATERIALS_COMPLETE, ST_ACCEPTED, DIRECT, "§4.1"},
	WITHDRAW(ST_SUBMITTED),
	/* Expert review and selection in batches (§4.1) */
	{ST_ACCEPTED, "start_review", OFFICER, FOR_ANY_TRACK, GUARD_EXPERTS_ASSIGNED, ST_IN_REVIEW, DIRECT, "§4.1"},
	WITHDRAW(ST_ACCEPTED),
	{ST_IN_REVIEW, "select", OFFICER, FOR_ANY_TRACK, GUARD_SCORES_COMPLETE, ST_SELECTED, APPROVAL, "§4.1"},
	{ST_IN_REVIEW, "reject", OFFICER, FOR_ANY_TRACK, GUARD_NONE, ST_NOT_SELECTED, APPROVAL, "§4.1"},
	WITHDRAW(ST_IN_REVIEW),
	/* Professional evaluation by the CSRC (§4.1) */
	{ST_SELECTED, "forward_csrc", OFFICER, FOR_ANY_TRACK, GUARD_NONE, ST_CSRC_EVALUATION, APPROVAL, "§4.1"},
	WITHDRAW(ST_SELECTED),
	{ST_CSRC_EVALUATION, "csrc_pass", CSRC, FOR_ANY_TRACK, GUARD_CSRC_PENDING, ST_CSRC_EVALUATION, DIRECT, "§4.1"},
	{ST_CSRC_EVALUATION, "csrc_fail", CSRC, FOR_ANY_TRACK, GUARD_CSRC_PENDING, ST_CSRC_REJECTED, DIRECT, "§4.1"},
	/* Public notice and launch (§4.2); coaching starts at announcement (§3.3) */
	{ST_CSRC_EVALUATION, "publish_notice", OFFICER, FOR_ANY_TRACK, GUARD_CSRC_PASSED, ST_PUBLIC_NOTICE, APPROVAL, "§4.2"},
	WITHDRAW(ST_CSRC_EVALUATION),
	{ST_PUBLIC_NOTICE, "launch", OFFICER, FOR_PILOT, GUARD_NOTICE_CLEARED, ST_LAUNCHED, APPROVAL, "§4.2"},
	{ST_PUBLIC_NOTICE, "launch", OFFICER, FOR_COACHING, GUARD_NOTICE_CLEARED, ST_COACHING, APPROVAL, "§3.3"},
	WITHDRAW(ST_PUBLIC_NOTICE),
	{ST_COACHING, "end_coaching", SYSTEM, FOR_COACHING, GUARD_COACHING_DUE, ST_COACHING_ENDED, DIRECT, "§3.3"},
};
const size_t WORKFLOW_COUNT = sizeof WORKFLOW / sizeof *WORKFLOW;

static const char *const STATE_IDS[ST__COUNT] = {
	"draft",       "submitted",     "returned",        "accepted",  "in_review",
	"selected",    "not_selected",  "csrc_evaluation", "csrc_rejected",
	"public_notice", "launched",    "withdrawn",       "coaching",  "coaching_ended",
};

static const char *const GUARD_IDS[] = {
	"none",           "unconfirmed_member", "submittable",   "materials_complete",
	"experts_assigned", "scores_complete",  "csrc_pending",  "csrc_passed",
	"notice_cleared", "lead",               "coaching_due",
};

const char *project_state_id(project_state s)
{
	return (unsigned)s < ST__COUNT ? STATE_IDS[s] : NULL;
}

int project_state_parse(const char *id, project_state *out)
{
	for (int i = 0; id && i < ST__COUNT; i++)
		if (!strcmp(STATE_IDS[i], id)) {
			*out = (project_state)i;
			return 0;
		}
	return -1;
}

const char *workflow_guard_id(workflow_guard g)
{
	return (unsigned)g < sizeof GUARD_IDS / sizeof *GUARD_IDS ? GUARD_IDS[g] : NULL;
}

const workflow_row *workflow_find(project_state from, const char *action, bool coaching)
{
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		const workflow_row *w = &WORKFLOW[i];
		if (w->from != from || strcmp(w->action, action))
			continue;
		if (w->track == FOR_PILOT && coaching)
			continue;
		if (w->track == FOR_COACHING && !coaching)
			continue;
		return w;
	}
	return NULL;
}

bool workflow_action_known(const char *action)
{
	for (size_t i = 0; i < WORKFLOW_COUNT; i++)
		if (!strcmp(WORKFLOW[i].action, action))
			return true;
	return false;
}

bool project_state_is_terminal(project_state s)
{
	return s == ST_NOT_SELECTED || s == ST_CSRC_REJECTED || s == ST_WITHDRAWN ||
	       s == ST_COACHING_ENDED;
}
