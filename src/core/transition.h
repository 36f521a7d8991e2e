/* A record's state machine as one table of transitions, the way core/workflow.c declares a
 * project's (whose rows say more: the track, the guard, the approval): an inspection's
 * (core/inspection.c) and an incident's (core/incident.c). Pure. */
#ifndef BAOTU_CORE_TRANSITION_H
#define BAOTU_CORE_TRANSITION_H
#include <stddef.h>

/* A row: the state it leaves (the machine's NEW, its count of states, on the row that creates
 * the record), the action, the roles that may take it (core/roles.h bits; an institution acts
 * through its lead's users), the state it reaches and the clause. The states and the action
 * are values of the machine's enums. */
typedef struct transition {
	int from;
	unsigned action;
	unsigned roles;
	unsigned to;
	const char *clause;
} transition;

/* A kind of record's machine: its transitions, and its states' and actions' info rows (each
 * a struct whose first member is its id, as stored and in the API). States and actions are
 * numbered from 0 as their enums; the number of states stands for a record yet to be (the
 * from of the row that creates one). One descriptor serves every reader (app/access.c,
 * pages, tests), so a kind's lookups are written once here, not once per kind. */
typedef struct machine {
	const transition *rows;
	size_t nrows;
	const void *states, *actions;
	size_t nstates, state_size, nactions, action_size;
} machine;
/* A machine over rows[] and the info arrays states[] and actions[] (arrays, not pointers). */
#define MACHINE(rows_, states_, actions_)                                                          \
	{                                                                                          \
		(rows_), sizeof(rows_) / sizeof *(rows_), (states_), (actions_),                   \
		    sizeof(states_) / sizeof *(states_), sizeof *(states_),                        \
		    sizeof(actions_) / sizeof *(actions_), sizeof *(actions_)                      \
	}

/* The row for (from, action), or NULL: the action is not taken in that state. */
const transition *machine_find(const machine *m, int from, unsigned action);
/* A state's or an action's id, NULL out of range. */
const char *machine_state_id(const machine *m, int state);
const char *machine_action_id(const machine *m, int action);
/* A state's number by its id, -1 when it is none. */
int machine_state_of(const machine *m, const char *id);
#endif
