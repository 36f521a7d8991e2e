#include "core/transition.h"

#include "core/text.h"

const transition *machine_find(const machine *m, int from, unsigned action)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].from == from && m->rows[i].action == action)
			return &m->rows[i];
	return NULL;
}

/* The id of row i of n rows of size bytes: each row's first member (C11 6.7.2.1). */
static const char *id_at(const void *rows, size_t n, size_t size, int i)
{
	return i >= 0 && (size_t)i < n
	           ? *(const char *const *)(const void *)((const char *)rows + (size_t)i * size)
	           : NULL;
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
