/* The workflow table (src/core/workflow.c) rendered for people: a Mermaid state diagram and a
 * Markdown table. docs/WORKFLOW.md holds workflow_render_doc's output between its markers, and
 * a unit test keeps it so; `baotu workflow` prints any of them. Pure: no I/O. */
#ifndef BAOTU_CORE_WORKFLOW_RENDER_H
#define BAOTU_CORE_WORKFLOW_RENDER_H
#include "lib/buf.h"

/* "stateDiagram-v2" with one line per row, labelled
 * `action (roles)[, leader approval][, guard]`; final states lead to [*]. */
void workflow_render_mermaid(buf *out);
/* | from | action | roles | track | guard | to | approval | clause |, one line per row. */
void workflow_render_markdown(buf *out);
/* What docs/WORKFLOW.md holds between <!-- workflow:begin --> and <!-- workflow:end -->:
 * the diagram in a ```mermaid fence, a blank line, then the table. */
void workflow_render_doc(buf *out);
#endif
