#include "core/transition.h"

#include "core/text.h"

const transition *machine_find(const machine *m, int from, unsigned action)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].from == from && m->rows[i].action == action)
			return &m->rows[i];
	return NULL;
}

const char *machine_state_id(const machine *m, int state)
{
	return id_at(m->states, m->nstates, m->state_size, state);
}

const char *machine_action_id(const machine *m, int action)
{
	return id_at(m->actions, m->nactions, m->action_size, action);
}

int machine_state_of(const machine *m, const char *id)
{
	return id_index(m->states, m->nstates, m->state_size, id);
}
