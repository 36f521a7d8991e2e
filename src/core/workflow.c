#include "core/workflow.h"

#include <string.h>

#include "core/roles.h"
#include "core/text.h"
#include "lib/i18n.h"

#define INST ROLE_INSTITUTION
#define OFFICER ROLE_OFFICER
#define CSRC ROLE_CSRC
#define SYSTEM ROLE_SYSTEM
#define APPROVAL true
#define DIRECT false

/* Withdrawal (by the lead applicant, any time before launch, with a reason). */
#define WITHDRAW(st) {st, ACT_WITHDRAW, INST, FOR_ANY_TRACK, GUARD_LEAD, ST_WITHDRAWN, DIRECT, "§3.2"}

/* After launch (§4.4): the sanctions open to the working group in a running state. */
#define MEASURES(st)                                                                              \
	{st, ACT_ADMINISTRATIVE_MEASURE, OFFICER, FOR_PILOT, GUARD_NONE, st, APPROVAL, "§4.4"},    \
	{st, ACT_CRIMINAL_REFERRAL, OFFICER, FOR_PILOT, GUARD_NONE, st, APPROVAL, "§4.4"}
#define SANCTIONS(st)                                                                             \
	{st, ACT_SUSPEND, OFFICER, FOR_PILOT, GUARD_NONE, ST_SUSPENDED, APPROVAL, "§4.4"},         \
	{st, ACT_STOP, OFFICER, FOR_PILOT, GUARD_NONE, ST_STOPPED, APPROVAL, "§4.4"}, MEASURES(st)
#define EXIT_FROM(st)                                                                             \
	{st, ACT_APPLY_EXIT, INST, FOR_PILOT, GUARD_LEAD, st, DIRECT, "§4.4"},                     \
	{st, ACT_START_EXIT, OFFICER, FOR_PILOT, GUARD_EXIT_GROUNDS, ST_EXITING, APPROVAL, "§4.4"}
#define FAULT_TOLERANCE(st, track)                                                                \
	{st, ACT_DETERMINE_FAULT_TOLERANCE, OFFICER, track, GUARD_NONE, st, APPROVAL, "§5.2"}

const workflow_row WORKFLOW[] = {
	/* Drafting and submission (§3.2: every member confirms; the lead submits) */
	{ST_DRAFT, ACT_CONFIRM, INST, FOR_ANY_TRACK, GUARD_UNCONFIRMED_MEMBER, ST_DRAFT, DIRECT, "§3.2"},
	{ST_DRAFT, ACT_SUBMIT, INST, FOR_ANY_TRACK, GUARD_SUBMITTABLE, ST_SUBMITTED, DIRECT, "§4.1"},
	WITHDRAW(ST_DRAFT),
	{ST_RETURNED, ACT_CONFIRM, INST, FOR_ANY_TRACK, GUARD_UNCONFIRMED_MEMBER, ST_RETURNED, DIRECT, "§3.2"},
	{ST_RETURNED, ACT_SUBMIT, INST, FOR_ANY_TRACK, GUARD_SUBMITTABLE, ST_SUBMITTED, DIRECT, "§4.1"},
	WITHDRAW(ST_RETURNED),
	/* Completeness check (§4.1): return with defects, or accept into a batch */
	{ST_SUBMITTED, ACT_RETURN, OFFICER, FOR_ANY_TRACK, GUARD_NONE, ST_RETURNED, DIRECT, "§4.1"},
	{ST_SUBMITTED, ACT_ACCEPT, OFFICER, FOR_ANY_TRACK, GUARD_MATERIALS_COMPLETE, ST_ACCEPTED, DIRECT, "§4.1"},
	WITHDRAW(ST_SUBMITTED),
	/* Expert review and selection in batches (§4.1) */
	{ST_ACCEPTED, ACT_START_REVIEW, OFFICER, FOR_ANY_TRACK, GUARD_EXPERTS_ASSIGNED, ST_IN_REVIEW, DIRECT, "§4.1"},
	WITHDRAW(ST_ACCEPTED),
	{ST_IN_REVIEW, ACT_SELECT, OFFICER, FOR_ANY_TRACK, GUARD_SCORES_COMPLETE, ST_SELECTED, APPROVAL, "§4.1"},
	{ST_IN_REVIEW, ACT_REJECT, OFFICER, FOR_ANY_TRACK, GUARD_NONE, ST_NOT_SELECTED, APPROVAL, "§4.1"},
	WITHDRAW(ST_IN_REVIEW),
	/* Professional evaluation by the CSRC (§4.1) */
	{ST_SELECTED, ACT_FORWARD_CSRC, OFFICER, FOR_ANY_TRACK, GUARD_NONE, ST_CSRC_EVALUATION, APPROVAL, "§4.1"},
	WITHDRAW(ST_SELECTED),
	{ST_CSRC_EVALUATION, ACT_CSRC_PASS, CSRC, FOR_ANY_TRACK, GUARD_CSRC_PENDING, ST_CSRC_EVALUATION, DIRECT, "§4.1"},
	{ST_CSRC_EVALUATION, ACT_CSRC_FAIL, CSRC, FOR_ANY_TRACK, GUARD_CSRC_PENDING, ST_CSRC_REJECTED, DIRECT, "§4.1"},
	/* Public notice and launch (§4.2); coaching starts at announcement (§3.3) */
	{ST_CSRC_EVALUATION, ACT_PUBLISH_NOTICE, OFFICER, FOR_ANY_TRACK, GUARD_CSRC_PASSED, ST_PUBLIC_NOTICE, APPROVAL, "§4.2"},
	WITHDRAW(ST_CSRC_EVALUATION),
	{ST_PUBLIC_NOTICE, ACT_LAUNCH, OFFICER, FOR_PILOT, GUARD_NOTICE_CLEARED, ST_LAUNCHED, APPROVAL, "§4.2"},
	{ST_PUBLIC_NOTICE, ACT_LAUNCH, OFFICER, FOR_COACHING, GUARD_NOTICE_CLEARED, ST_COACHING, APPROVAL, "§3.3"},
	WITHDRAW(ST_PUBLIC_NOTICE),
	{ST_COACHING, ACT_END_COACHING, SYSTEM, FOR_COACHING, GUARD_COACHING_DUE, ST_COACHING_ENDED, DIRECT, "§3.3"},
	/* Stage evaluation (§4.4): the CSRC with the working group; the outcome is a decision */
	{ST_LAUNCHED, ACT_EVALUATE_REGULAR, OFFICER, FOR_PILOT, GUARD_EVALUATION_AGREED, ST_REGULAR_OPERATION, APPROVAL, "§4.4"},
	{ST_LAUNCHED, ACT_EVALUATE_IMPROVE, OFFICER, FOR_PILOT, GUARD_EVALUATION_AGREED, ST_LAUNCHED, APPROVAL, "§4.4"},
	{ST_LAUNCHED, ACT_EVALUATE_RECTIFY, OFFICER, FOR_PILOT, GUARD_EVALUATION_AGREED, ST_RECTIFYING, APPROVAL, "§4.4"},
	{ST_LAUNCHED, ACT_EVALUATE_EXIT, OFFICER, FOR_PILOT, GUARD_EVALUATION_AGREED, ST_EXITING, APPROVAL, "§4.4"},
	{ST_RECTIFYING, ACT_SUBMIT_RECTIFICATION, INST, FOR_PILOT, GUARD_LEAD, ST_RECTIFYING, DIRECT, "§4.4"},
	{ST_RECTIFYING, ACT_VERIFY_RECTIFICATION, OFFICER, FOR_PILOT, GUARD_RECTIFICATION_SUBMITTED, ST_LAUNCHED, APPROVAL, "§4.4"},
	/* Sanctions (§4.4): suspend or stop; administrative measures; referral for investigation */
	SANCTIONS(ST_LAUNCHED),
	SANCTIONS(ST_RECTIFYING),
	SANCTIONS(ST_REGULAR_OPERATION),
	{ST_EXITING, ACT_STOP, OFFICER, FOR_PILOT, GUARD_NONE, ST_STOPPED, APPROVAL, "§4.4"},
	MEASURES(ST_EXITING),
	{ST_SUSPENDED, ACT_RESUME, OFFICER, FOR_PILOT, GUARD_NONE, ST_LAUNCHED, APPROVAL, "§4.4"},
	{ST_SUSPENDED, ACT_STOP, OFFICER, FOR_PILOT, GUARD_NONE, ST_STOPPED, APPROVAL, "§4.4"},
	MEASURES(ST_SUSPENDED),
	{ST_SUSPENDED, ACT_START_EXIT, OFFICER, FOR_PILOT, GUARD_EXIT_GROUNDS, ST_EXITING, APPROVAL, "§4.4"},
	/* Exit (§4.4): voluntary (the lead applies) or forced, completed along the exit plan */
	EXIT_FROM(ST_LAUNCHED),
	EXIT_FROM(ST_RECTIFYING),
	EXIT_FROM(ST_REGULAR_OPERATION),
	{ST_EXITING, ACT_COMPLETE_EXIT, OFFICER, FOR_PILOT, GUARD_EXIT_CHECKLIST_DONE, ST_EXITED, APPROVAL, "§4.4"},
	/* Incentives (§5.1): recognitions of a pilot in regular operation */
	{ST_REGULAR_OPERATION, ACT_RECOGNISE, OFFICER, FOR_PILOT, GUARD_NONE, ST_REGULAR_OPERATION, APPROVAL, "§5.1"},
	/* Fault tolerance (§5.2): a reasoned determination on an incident */
	FAULT_TOLERANCE(ST_COACHING, FOR_COACHING),
	FAULT_TOLERANCE(ST_LAUNCHED, FOR_PILOT),
	FAULT_TOLERANCE(ST_RECTIFYING, FOR_PILOT),
	FAULT_TOLERANCE(ST_SUSPENDED, FOR_PILOT),
	FAULT_TOLERANCE(ST_REGULAR_OPERATION, FOR_PILOT),
	FAULT_TOLERANCE(ST_EXITING, FOR_PILOT),
};
const size_t WORKFLOW_COUNT = sizeof WORKFLOW / sizeof *WORKFLOW;

/* id, label, tone, step, stopped there, final */
const state_info PROJECT_STATES[ST__COUNT] = {
	[ST_DRAFT] = {"draft", N_("Draft"), "draft", 0, false, false},
	[ST_SUBMITTED] = {"submitted", N_("Submitted"), "wait", 1, false, false},
	[ST_RETURNED] = {"returned", N_("Returned for correction"), "warn", 1, true, false},
	[ST_ACCEPTED] = {"accepted", N_("Accepted"), "wait", 2, false, false},
	[ST_IN_REVIEW] = {"in_review", N_("In expert review"), "wait", 3, false, false},
	[ST_SELECTED] = {"selected", N_("Selected"), "ok", 4, false, false},
	[ST_NOT_SELECTED] = {"not_selected", N_("Not selected"), "bad", 4, true, true},
	[ST_CSRC_EVALUATION] = {"csrc_evaluation", N_("CSRC professional evaluation"), "wait", 5,
				false, false},
	[ST_CSRC_REJECTED] = {"csrc_rejected", N_("Failed the professional evaluation"), "bad", 5,
			      true, true},
	[ST_PUBLIC_NOTICE] = {"public_notice", N_("In public notice"), "wait", 6, false, false},
	[ST_LAUNCHED] = {"launched", N_("Pilot launched"), "ok", 7, false, false, true, true},
	[ST_WITHDRAWN] = {"withdrawn", N_("Withdrawn"), "bad", -1, false, true},
	[ST_COACHING] = {"coaching", N_("In coaching"), "ok", 7, false, false, true, false},
	[ST_COACHING_ENDED] = {"coaching_ended", N_("Coaching period ended"), "plain", 7, false,
			       true},
	/* §4.4: supervision goes on until the pilot leaves; live business stops while suspended */
	[ST_REGULAR_OPERATION] = {"regular_operation", N_("In regular operation"), "ok", 7, false,
				  false, true, true},
	[ST_RECTIFYING] = {"rectifying", N_("Rectifying"), "warn", 7, false, false, true, true},
	[ST_SUSPENDED] = {"suspended", N_("Suspended"), "bad", 7, false, false, true, false},
	[ST_STOPPED] = {"stopped", N_("Stopped"), "bad", 7, true, true},
	[ST_EXITING] = {"exiting", N_("Exiting"), "warn", 7, false, false, true, true},
	[ST_EXITED] = {"exited", N_("Exited"), "plain", 7, true, true},
};

const step_info WORKFLOW_STEPS[] = {
	{N_("Drafting"), NULL},
	{N_("Submission"), NULL},
	{N_("Acceptance"), NULL},
	{N_("Expert review"), NULL},
	{N_("Selection"), NULL},
	{N_("CSRC evaluation"), NULL},
	{N_("Public notice"), NULL},
	{N_("Launch"), N_("Coaching")},
};
const size_t WORKFLOW_STEP_COUNT = sizeof WORKFLOW_STEPS / sizeof *WORKFLOW_STEPS;

/* id, the button, the history entry, the hint */
const action_info WORKFLOW_ACTIONS[ACT__COUNT] = {
	[ACT_CONFIRM] = {"confirm", N_("Confirm the joint application"),
			 N_("Member confirmed the application"),
			 N_("Your institution agrees to the application as it stands, with its "
			    "substantive role (§3.2).")},
	[ACT_SUBMIT] = {"submit", N_("Submit the application"), N_("Application submitted"),
			N_("Eligibility (§3), completeness and the materials (§4.1) are checked on "
			   "submission.")},
	[ACT_WITHDRAW] = {"withdraw", N_("Withdraw the application"), N_("Application withdrawn"),
			  N_("The lead applicant may withdraw at any time before launch, giving the "
			     "reason.")},
	[ACT_RETURN] = {"return", N_("Return for correction"), N_("Returned for correction"),
			N_("The completeness check (§4.1) found defects: list each on its own "
			   "line.")},
	[ACT_ACCEPT] = {"accept", N_("Accept into a batch"), N_("Application accepted"),
			N_("The materials conform and are complete (§4.1); the project joins a batch "
			   "for expert review.")},
	[ACT_START_REVIEW] = {"start_review", N_("Start the expert review"),
			      N_("Expert review started"),
			      N_("Needs at least one assigned expert without a conflict of interest "
				 "(§4.1).")},
	[ACT_SELECT] = {"select", N_("Select the project"), N_("Project selected"),
			N_("Every assigned expert has scored the project (§4.1).")},
	[ACT_REJECT] = {"reject", N_("Do not select the project"), N_("Project not selected"),
			N_("The project leaves the selection (§4.1).")},
	[ACT_FORWARD_CSRC] = {"forward_csrc", N_("Forward to the CSRC for professional evaluation"),
			      N_("Forwarded to the CSRC"),
			      N_("The selected project goes to the CSRC for its professional "
				 "evaluation (§4.1).")},
	[ACT_CSRC_PASS] = {"csrc_pass", N_("Pass the professional evaluation"),
			   N_("Professional evaluation passed"),
			   N_("Record the CSRC's opinion; the working group may then publish the "
			      "notice (§4.2).")},
	[ACT_CSRC_FAIL] = {"csrc_fail", N_("Fail the professional evaluation"),
			   N_("Professional evaluation failed"),
			   N_("Record the CSRC's opinion; the project goes no further.")},
	[ACT_PUBLISH_NOTICE] = {"publish_notice", N_("Publish the public notice"),
				N_("Public notice published"),
				N_("The project's public fields are published for comments for the "
				   "notice period (§4.2).")},
	[ACT_LAUNCH] = {"launch", N_("Launch"), N_("Launched"),
			N_("Allowed once the notice period is over and every major-risk comment is "
			   "answered (§4.2).")},
	[ACT_END_COACHING] = {"end_coaching", N_("End the coaching period"),
			      N_("Coaching period ended"), NULL},
	[ACT_EVALUATE_REGULAR] = {"evaluate_regular", N_("Conclude: regular operation"),
				  N_("Evaluated: to regular operation"),
				  N_("The pilot met its expected effect and showed no clear risk "
				     "(§4.4); the CSRC must have concurred.")},
	[ACT_EVALUATE_IMPROVE] = {"evaluate_improve", N_("Conclude: improve"),
				  N_("Evaluated: to improve"),
				  N_("The pilot did not pass; it keeps running while it improves its "
				     "business and technology, and is evaluated again on the date "
				     "given (§4.4).")},
	[ACT_EVALUATE_RECTIFY] = {"evaluate_rectify", N_("Conclude: rectify"),
				  N_("Evaluated: to rectify"),
				  N_("A major hidden risk: an order of rectification with a deadline, "
				     "verified by the working group (§4.4).")},
	[ACT_EVALUATE_EXIT] = {"evaluate_exit", N_("Conclude: exit"), N_("Evaluated: to exit"),
			       N_("A major hidden risk: the pilot leaves along its exit plan "
				  "(§4.4).")},
	[ACT_SUBMIT_RECTIFICATION] = {"submit_rectification", N_("Report the rectification done"),
				      N_("Rectification reported"),
				      N_("Describe what was rectified, with the evidence (§4.4).")},
	[ACT_VERIFY_RECTIFICATION] = {"verify_rectification", N_("Verify the rectification"),
				      N_("Rectification verified"),
				      N_("The working group checked the rectification; the pilot runs "
					 "again (§4.4).")},
	[ACT_SUSPEND] = {"suspend", N_("Suspend the pilot"), N_("Pilot suspended"),
			 N_("For a violation of the pilot's requirements or commitments (§4.4): "
			    "live business stops until it resumes.")},
	[ACT_RESUME] = {"resume", N_("Resume the pilot"), N_("Pilot resumed"),
			N_("The grounds of the suspension are resolved (§4.4).")},
	[ACT_STOP] = {"stop", N_("Stop the pilot"), N_("Pilot stopped"),
		      N_("The pilot ends for good (§4.4).")},
	[ACT_ADMINISTRATIVE_MEASURE] = {"administrative_measure",
					N_("Record an administrative regulatory measure"),
					N_("Administrative regulatory measure recorded"),
					N_("For a serious case, by law (§4.4).")},
	[ACT_CRIMINAL_REFERRAL] = {"criminal_referral",
				   N_("Record a referral for suspected crime"),
				   N_("Referral for suspected crime recorded"),
				   N_("Referred to the inspection department or the law enforcement "
				      "authority (§4.4).")},
	[ACT_APPLY_EXIT] = {"apply_exit", N_("Apply to exit the pilot"),
			    N_("Voluntary exit applied for"),
			    N_("The lead applicant asks to leave; the exit follows the exit plan "
			       "(§4.4).")},
	[ACT_START_EXIT] = {"start_exit", N_("Start the exit"), N_("Exit started"),
			    N_("Voluntary on the lead's application, or forced; the exit plan becomes "
			       "a checklist (§4.4).")},
	[ACT_COMPLETE_EXIT] = {"complete_exit", N_("Complete the exit"), N_("Exit completed"),
			       N_("Every item of the exit checklist has its evidence (§4.4).")},
	[ACT_RECOGNISE] = {"recognise", N_("Recognise the pilot"), N_("Pilot recognised"),
			   N_("Public notice, industry circular, eligibility for fintech awards or "
			      "for pilot-zone policy rewards (§5.1).")},
	[ACT_DETERMINE_FAULT_TOLERANCE] = {"determine_fault_tolerance",
					   N_("Determine fault tolerance"),
					   N_("Fault tolerance determined"),
					   N_("On an incident: precautions, actual loss, compensation, "
					      "effect on the market (§5.2).")},
};

static const char *const GUARD_IDS[GUARD__COUNT] = {
	"none",           "unconfirmed_member", "submittable",   "materials_complete",
	"experts_assigned", "scores_complete",  "csrc_pending",  "csrc_passed",
	"notice_cleared", "lead",               "coaching_due",
	"evaluation_agreed", "rectification_submitted", "exit_grounds", "exit_checklist_done",
};

const char *project_state_id(project_state s)
{
	return (unsigned)s < ST__COUNT ? PROJECT_STATES[s].id : NULL;
}

int project_state_parse(const char *id, project_state *out)
{
	int i = ID_INDEX(PROJECT_STATES, ST__COUNT, id);
	if (i >= 0)
		*out = (project_state)i;
	return i < 0 ? -1 : 0;
}

const state_info *project_state_info(const char *id)
{
	project_state s;
	return project_state_parse(id, &s) == 0 ? &PROJECT_STATES[s] : NULL;
}

const char *workflow_action_id(workflow_action a)
{
	return (unsigned)a < ACT__COUNT ? WORKFLOW_ACTIONS[a].id : NULL;
}

int workflow_action_parse(const char *id, workflow_action *out)
{
	int i = ID_INDEX(WORKFLOW_ACTIONS, ACT__COUNT, id);
	if (i >= 0)
		*out = (workflow_action)i;
	return i < 0 ? -1 : 0;
}

const action_info *workflow_action_info(const char *id)
{
	workflow_action a;
	return workflow_action_parse(id, &a) == 0 ? &WORKFLOW_ACTIONS[a] : NULL;
}

const char *workflow_guard_id(workflow_guard g)
{
	return (unsigned)g < sizeof GUARD_IDS / sizeof *GUARD_IDS ? GUARD_IDS[g] : NULL;
}

const workflow_row *workflow_find(project_state from, workflow_action action, bool coaching)
{
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		const workflow_row *w = &WORKFLOW[i];
		if (w->from != from || w->action != action)
			continue;
		if (w->track == FOR_PILOT && coaching)
			continue;
		if (w->track == FOR_COACHING && !coaching)
			continue;
		return w;
	}
	return NULL;
}

bool project_state_is_terminal(project_state s)
{
	return (unsigned)s < ST__COUNT && PROJECT_STATES[s].terminal;
}

bool workflow_reason_required(const workflow_row *w)
{
	return !(w->roles & (ROLE_INSTITUTION | ROLE_SYSTEM)) || w->action == ACT_WITHDRAW ||
	       w->action == ACT_APPLY_EXIT;
}
