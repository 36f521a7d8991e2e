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

/* The row of rows[0..n) for (from, action), or NULL: the action is not taken in that state. */
static inline const transition *transition_find(const transition *rows, size_t n, int from,
                                                unsigned action)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].from == from && rows[i].action == action)
			return &rows[i];
	return NULL;
}
#endif
