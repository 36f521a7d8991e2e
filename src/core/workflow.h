/* The workflow of a project: one table of every transition (state, action, roles, guard,
 * next state, approval, clause). It is checked and rendered from here; src/app/projects.c
 * gives the guards and effects their meaning against the store. */
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
	ST__COUNT
} project_state;

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
} workflow_guard;

typedef enum { FOR_ANY_TRACK, FOR_PILOT, FOR_COACHING } workflow_track;

typedef struct workflow_row {
	project_state from;
	const char *action;
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
const char *workflow_guard_id(workflow_guard g);
/* The row for (state, action, track), or NULL. */
const workflow_row *workflow_find(project_state from, const char *action, bool coaching);
/* Whether any row has this action id (an unknown action is 404, a known one in the wrong
 * state 409). */
bool workflow_action_known(const char *action);
/* Final states of admission: nothing follows them (not selected, rejected, withdrawn,
 * coaching ended). */
bool project_state_is_terminal(project_state s);
#endif
