/* Fault-tolerance determinations' statements (§5.2). See fault_tolerance.h. */
#include "store/fault_tolerance.h"

#include "store/row.h"

int ft_determinations_insert(store_conn *c, arena *a, const ft_row_new *n, int64_t *id, err *e)
{
	return store_int(
	    c, a, e, id,
	    "INSERT INTO fault_tolerance_determinations (project_id, incident_id, precautions, "
	    "precautions_evidence, investor_loss, investor_loss_evidence, compensated, "
	    "compensation_evidence, market_effect, market_effect_evidence, computed, failed, "
	    "determination, reasoning_zh, reasoning_en, reasoning_written, override, loss_fen, "
	    "compensated_fen, decision_id, proposed_by, approved_by, determined_at) VALUES ($1, "
	    "$2, "
	    "$3, $4, $5, $6, NULLIF($7, -1), $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
	    "NULLIF($18, -1), NULLIF($19, -1), $20, $21, $22, $23) RETURNING id",
	    "iibtbtitbttttttttiiiiii", n->project_id, n->incident_id, n->precautions,
	    n->precautions_evidence, n->investor_loss, n->investor_loss_evidence,
	    (int64_t)n->compensated, n->compensation_evidence, n->market_effect,
	    n->market_effect_evidence, n->computed, n->failed, n->determination, n->reasoning_zh,
	    n->reasoning_en, n->reasoning_written, n->override, n->loss_fen, n->compensated_fen,
	    n->decision_id, n->proposed_by, n->approved_by, n->at);
}

#define FT_SELECT                                                                                  \
	"SELECT f.id, f.project_id, f.incident_id, x.title AS incident_title, f.precautions, "     \
	"f.precautions_evidence, f.investor_loss, f.investor_loss_evidence, f.compensated, "       \
	"f.compensation_evidence, f.market_effect, f.market_effect_evidence, f.computed, "         \
	"f.failed, f.determination, f.reasoning_zh, f.reasoning_en, f.reasoning_written, "         \
	"f.override, f.loss_fen, f.compensated_fen, f.decision_id, f.proposed_by, "                \
	"pu.username AS proposer, f.approved_by, au.username AS approver, f.determined_at "        \
	"FROM fault_tolerance_determinations f JOIN incidents x ON x.id = f.incident_id "          \
	"JOIN users pu ON pu.id = f.proposed_by JOIN users au ON au.id = f.approved_by "

STORE_ROW_BY_ID(ft_determinations_of_incident, FT_SELECT "WHERE f.incident_id = $1")

STORE_PAGE_OF(ft_determinations_list,
              FT_SELECT "WHERE f.project_id = $1 AND f.id > $2 ORDER BY f.id LIMIT $3")
