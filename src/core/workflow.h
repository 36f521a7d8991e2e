/* The workflow of a project, declared once: every state (its label, tone, step on the
 * admission path, whether it is final), every action (its labels), and one table of every
 * transition (state, action, roles, guard, next state, approval, clause). Pages read labels
 * from here; src/app/projects.c gives guards and effects their meaning against the store, from
 * tables indexed by guard and by action. A new state or action is a row here and its functions
 * there; tests/unit/core/test_workflow.c fails when a row lacks a label, a guard or an effect. */
#ifndef BAOTU_CORE_WORKFLOW_H
#define BAOTU_CORE_WORKFLOW_H
#include <stdbool.h>
#include <stddef.h>

typedef enum {
	ST_DRAFT,
	ST_SUBMITTED,
	ST_RETURNED,
	ST_ACCEPTED,
	ST_IN_REVIEW,
	ST_SELECTED,
	ST_NOT_SELECTED,
	ST_CSRC_EVALUATION,
	ST_CSRC_REJECTED,
	ST_PUBLIC_NOTICE,
	ST_LAUNCHED,
	ST_WITHDRAWN,
	ST_COACHING,
	ST_COACHING_ENDED,
	/* After launch (§4.4): the outcomes of evaluation, sanctions and exit */
	ST_REGULAR_OPERATION,
	ST_RECTIFYING,
	ST_SUSPENDED,
	ST_STOPPED,
	ST_EXITING,
	ST_EXITED,
	ST__COUNT
} project_state;

/* Every action a transition can take; WORKFLOW_ACTIONS is indexed by it. */
typedef enum {
	ACT_CONFIRM,
	ACT_SUBMIT,
	ACT_WITHDRAW,
	ACT_RETURN,
	ACT_ACCEPT,
	ACT_START_REVIEW,
	ACT_SELECT,
	ACT_REJECT,
	ACT_FORWARD_CSRC,
	ACT_CSRC_PASS,
	ACT_CSRC_FAIL,
	ACT_PUBLISH_NOTICE,
	ACT_LAUNCH,
	ACT_END_COACHING,
	/* Stage evaluation's outcomes (§4.4) and rectification */
	ACT_EVALUATE_REGULAR,
	ACT_EVALUATE_IMPROVE,
	ACT_EVALUATE_RECTIFY,
	ACT_EVALUATE_EXIT,
	ACT_SUBMIT_RECTIFICATION,
	ACT_VERIFY_RECTIFICATION,
	/* Sanctions (§4.4) */
	ACT_SUSPEND,
	ACT_RESUME,
	ACT_STOP,
	ACT_ADMINISTRATIVE_MEASURE,
	ACT_CRIMINAL_REFERRAL,
	/* Exit (§4.4): voluntary or forced, along the exit plan */
	ACT_APPLY_EXIT,
	ACT_START_EXIT,
	ACT_COMPLETE_EXIT,
	/* Incentives (§5.1) and fault tolerance (§5.2) */
	ACT_RECOGNISE,
	ACT_DETERMINE_FAULT_TOLERANCE,
	ACT__COUNT
} workflow_action;

/* What a page shows of a state. Labels are catalog message ids (English; po/ translates). */
typedef struct state_info {
	const char *id;    /* as stored and in the API */
	const char *label; /* "Returned for correction" */
	const char *tone;  /* the tag's colour class: draft, wait, warn, ok, bad, plain */
	int step;          /* its place on WORKFLOW_STEPS; -1 off the path (withdrawn) */
	bool stopped;      /* the path stops at that step (returned, not selected, rejected) */
	bool terminal;     /* nothing follows it */
	bool supervised;   /* a running project the working group supervises (§4.3): reports,
			    * inspections, incidents, complaints, messages */
	bool live;         /* it runs live financial business: risk indicators take data (a
			    * coaching project never does, §3.3) */
} state_info;
extern const state_info PROJECT_STATES[ST__COUNT];

typedef struct action_info {
	const char *id;
	const char *label; /* the button and the decision: "Submit the application" */
	const char *done;  /* the history entry: "Application submitted" */
	const char *hint;  /* what the action needs, shown beside it; may be NULL */
} action_info;
extern const action_info WORKFLOW_ACTIONS[ACT__COUNT];

/* The steps of admission a project's page shows (§4.1, §4.2). */
typedef struct step_info {
	const char *label;
	const char *coaching_label; /* for a coaching project, when it differs; else NULL */
} step_info;
extern const step_info WORKFLOW_STEPS[];
extern const size_t WORKFLOW_STEP_COUNT;

typedef enum {
	GUARD_NONE,
	GUARD_UNCONFIRMED_MEMBER, /* §3.2: the caller's institution is a member that has not confirmed */
	GUARD_SUBMITTABLE,        /* §3, §4.1: lead; all confirmed; eligible; complete; materials */
	GUARD_MATERIALS_COMPLETE, /* §4.1: conformity and completeness of the materials */
	GUARD_EXPERTS_ASSIGNED,   /* §4.1: at least one expert without a conflict */
	GUARD_SCORES_COMPLETE,    /* §4.1: every assigned expert without a conflict has scored */
	GUARD_CSRC_PENDING,       /* §4.1: the CSRC has not yet recorded its evaluation */
	GUARD_CSRC_PASSED,        /* §4.2: notice only after the CSRC passed the project */
	GUARD_NOTICE_CLEARED,     /* §4.2: period over; major-risk comments answered */
	GUARD_LEAD,               /* §3.2: the lead applicant represents the others */
	GUARD_COACHING_DUE,       /* §3.3: one year from announcement */
	GUARD_EVALUATION_AGREED,  /* §4.4: an open stage evaluation, complete, the CSRC concurring
	                           * with this outcome */
	GUARD_RECTIFICATION_SUBMITTED, /* §4.4: the lead reported the rectification done */
	GUARD_EXIT_GROUNDS,       /* §4.4: a voluntary exit needs the lead's application */
	GUARD_EXIT_CHECKLIST_DONE, /* §4.4: every item of the exit plan has its evidence */
	GUARD__COUNT
} workflow_guard;

typedef enum { FOR_ANY_TRACK, FOR_PILOT, FOR_COACHING } workflow_track;

typedef struct workflow_row {
	project_state from;
	workflow_action action;
	unsigned roles; /* core/roles.h bits */
	workflow_track track;
	workflow_guard guard;
	project_state to;
	bool approval; /* maker-checker: proposed by an officer, takes effect when a leader approves */
	const char *clause;
} workflow_row;

extern const workflow_row WORKFLOW[];
extern const size_t WORKFLOW_COUNT;

const char *project_state_id(project_state s);
int project_state_parse(const char *id, project_state *out); /* 0 ok, -1 unknown */
/* The state's page facts for an id; NULL for an unknown id. */
const state_info *project_state_info(const char *id);
const char *workflow_action_id(workflow_action a);
int workflow_action_parse(const char *id, workflow_action *out); /* 0 ok, -1 unknown */
/* The action's labels for an id; NULL for an unknown id. */
const action_info *workflow_action_info(const char *id);
const char *workflow_guard_id(workflow_guard g);
/* The row for (state, action, track), or NULL. */
const workflow_row *workflow_find(project_state from, workflow_action action, bool coaching);
/* Whether the row's action needs a reason: always of the working group and the CSRC, and of
 * an institution withdrawing or applying to exit; members confirming and the scheduler act
 * without one. */
bool workflow_reason_required(const workflow_row *w);
/* Final states of admission: nothing follows them (not selected, rejected, withdrawn,
 * coaching ended). */
bool project_state_is_terminal(project_state s);
#endif
