/* Fault tolerance (§5.2, 五(二)容错机制), the rule as a pure function: with risk precautions in
 * place, an information-security event or a business error of a pilot that caused no actual
 * investor loss (or whose loss was reasonably compensated) and did not affect the stable
 * operation of the securities and futures market may be penalised lightly or not at all.
 * The test's result, the conditions that failed, and the reasoning written out in zh-CN and
 * English citing the clause, naming each condition and its evidence. */
#ifndef BAOTU_CORE_FAULT_TOLERANCE_H
#define BAOTU_CORE_FAULT_TOLERANCE_H
#include <stdbool.h>
#include <stdint.h>

#include "lib/buf.h"

typedef enum {
	FT_EXEMPT_OR_LIGHTER, /* 可以从轻或免除处罚 */
	FT_NOT_APPLICABLE,    /* 不适用容错机制 */
	FT__COUNT
} ft_result;

/* The conditions of the rule, as bits of ft_test.failed. */
enum {
	FT_FAILED_PRECAUTIONS = 1u << 0,   /* no risk precautions in place */
	FT_FAILED_LOSS = 1u << 1,          /* an actual investor loss, not reasonably compensated */
	FT_FAILED_MARKET_EFFECT = 1u << 2, /* the market's stable operation was affected */
};
#define FT_CONDITIONS 3

typedef struct ft_inputs {
	bool precautions;   /* risk precautions were in place */
	bool investor_loss; /* an actual investor loss occurred */
	bool compensated;   /* the loss was reasonably compensated (read only with a loss) */
	bool market_effect; /* the stable operation of the market was affected */
	/* The incident's figures for the record, in fen; -1 when none was recorded. */
	int64_t loss_fen, compensated_fen;
} ft_inputs;

typedef struct ft_test {
	ft_result result;
	unsigned failed; /* FT_FAILED_* of the conditions not met; 0 exactly when exempt */
} ft_test;

/* The evidence of each input, as given (any may be NULL: "none given"). */
typedef struct ft_evidence {
	const char *precautions, *investor_loss, *compensation, *market_effect;
} ft_evidence;

ft_test ft_apply(const ft_inputs *in);

/* "exempt_or_lighter", "not_applicable"; NULL out of range. */
const char *ft_result_id(ft_result r);
int ft_result_parse(const char *s, ft_result *out);
/* The id of the i-th condition (0..FT_CONDITIONS-1) and its FT_FAILED_* bit:
 * "precautions", "investor_loss", "market_effect". */
const char *ft_condition_id(int i);
unsigned ft_condition_bit(int i);

/* The reasoning: appended to b, in zh-CN (zh) or English, citing §5.2 (五(二)容错机制),
 * each condition with whether it is met and its evidence, the incident's figures when known,
 * and the result. */
void ft_reasoning(buf *b, const ft_inputs *in, const ft_test *t, const ft_evidence *ev, bool zh);
#endif
