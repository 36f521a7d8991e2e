#include "core/workflow_render.h"

#include "core/roles.h"
#include "core/workflow.h"

/* The roles of a row by id, joined with "/" ("system" for the scheduler). */
static void put_roles(buf *out, unsigned roles)
{
	bool first = true;
	for (unsigned bit = 1; bit <= ROLE_SYSTEM; bit <<= 1) {
		if (!(roles & bit))
			continue;
		const char *id = bit == ROLE_SYSTEM   ? "system"
		                 : bit == ROLE_PUBLIC ? "public"
		                                      : role_id((role)bit);
		buf_printf(out, "%s%s", first ? "" : "/", id);
		first = false;
	}
}

static const char *track_id(workflow_track t)
{
	return t == FOR_PILOT ? "pilot" : t == FOR_COACHING ? "coaching" : "any";
}

void workflow_render_mermaid(buf *out)
{
	buf_puts(out, "stateDiagram-v2\n");
	buf_printf(out, "    [*] --> %s\n", project_state_id(ST_DRAFT));
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		const workflow_row *w = &WORKFLOW[i];
		buf_printf(out, "    %s --> %s : %s (", project_state_id(w->from),
		           project_state_id(w->to), workflow_action_id(w->action));
		put_roles(out, w->roles);
		buf_putc(out, ')');
		if (w->approval)
			buf_puts(out, ", leader approval");
		if (w->guard != GUARD_NONE)
			buf_printf(out, ", %s", workflow_guard_id(w->guard));
		buf_putc(out, '\n');
	}
	for (int s = 0; s < ST__COUNT; s++)
		if (project_state_is_terminal((project_state)s))
			buf_printf(out, "    %s --> [*]\n", project_state_id((project_state)s));
}

void workflow_render_markdown(buf *out)
{
	buf_puts(out, "| from | action | roles | track | guard | to | approval | clause |\n"
	              "|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < WORKFLOW_COUNT; i++) {
		const workflow_row *w = &WORKFLOW[i];
		buf_printf(out, "| `%s` | `%s` | ", project_state_id(w->from), workflow_action_id(w->action));
		put_roles(out, w->roles);
		buf_printf(out, " | %s | ", track_id(w->track));
		if (w->guard == GUARD_NONE)
			buf_puts(out, "—");
		else
			buf_printf(out, "`%s`", workflow_guard_id(w->guard));
		buf_printf(out, " | `%s` | %s | %s |\n", project_state_id(w->to),
		           w->approval ? "leader" : "—", w->clause);
	}
}

void workflow_render_doc(buf *out)
{
	buf_puts(out, "```mermaid\n");
	workflow_render_mermaid(out);
	buf_puts(out, "```\n\n");
	workflow_render_markdown(out);
}
