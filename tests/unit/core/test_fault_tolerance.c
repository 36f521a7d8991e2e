/* Fault tolerance (src/core/fault_tolerance.c), §5.2: every combination of the four inputs,
 * the conditions that fail, and the reasoning in both languages citing the clause with each
 * condition's evidence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/fault_tolerance.h"
#include "lib/buf.h"
#include "support.h"

static const ft_evidence EV = {"应急预案演练记录", "客户资金对账单", "补偿协议及到账凭证",
                               "交易所确认函"};

static char *reasoning(const ft_inputs *in, bool zh)
{
	ft_test t = ft_apply(in);
	buf b = BUF_INIT;
	ft_reasoning(&b, in, &t, &EV, zh);
	return buf_take(&b);
}

/* All sixteen combinations: exempt exactly when precautions, no uncompensated loss and no
 * market effect; the failed bits name each condition not met. */
static void test_every_combination(void **state)
{
	(void)state;
	int exempt = 0;
	for (int m = 0; m < 16; m++) {
		ft_inputs in = {m & 1, (m >> 1) & 1, (m >> 2) & 1, (m >> 3) & 1, -1, -1};
		ft_test t = ft_apply(&in);
		unsigned want = (!in.precautions ? FT_FAILED_PRECAUTIONS : 0) |
		                (in.investor_loss && !in.compensated ? FT_FAILED_LOSS : 0) |
		                (in.market_effect ? FT_FAILED_MARKET_EFFECT : 0);
		assert_int_equal(t.failed, want);
		assert_int_equal(t.result, want ? FT_NOT_APPLICABLE : FT_EXEMPT_OR_LIGHTER);
		exempt += t.result == FT_EXEMPT_OR_LIGHTER;
	}
	/* precautions, no market effect, and (no loss: compensation either way | loss compensated)
	 */
	assert_int_equal(exempt, 3);
}

/* A case of the reasoning: the inputs, the result and the conditions failed, and what the
 * reasoning says (each list ends at the first NULL). */
typedef struct reasoning_case {
	const char *name;
	ft_inputs in;
	ft_result result;
	unsigned failed;
	const char *zh[6];     /* in the Chinese reasoning */
	const char *zh_not[3]; /* not in it */
	const char *en[4];     /* in the English reasoning */
} reasoning_case;

static const reasoning_case CASES[] = {
    {"no_loss",
     {.precautions = true, .loss_fen = -1, .compensated_fen = -1},
     FT_EXEMPT_OR_LIGHTER,
     0,
     {"依据《济南市资本市场金融科技创新试点实施细则》五(二)容错机制(§5.2)",
      "未造成投资者实际损失，条件满足（依据：客户资金对账单）",
      "风险防范安排：已做好，条件满足（依据：应急预案演练记录）",
      "未对证券期货市场平稳运行造成影响，条件满足（依据：交易所确认函）", "结论：各项条件均满足"},
     /* no loss: compensation is not a condition; no figures recorded */
     {"补偿协议", "事件记录的损失"},
     {"Under §5.2 (fault tolerance", "no actual investor loss; met (evidence: 客户资金对账单)",
      "Result: every condition is met"}},
    {"loss_compensated",
     {true, true, true, false, 538000, 538000},
     FT_EXEMPT_OR_LIGHTER,
     0,
     {"造成投资者实际损失（依据：客户资金对账单），已作出合理补偿，条件满足"
      "（依据：补偿协议及到账凭证）",
      "事件记录的损失为5380.00元，已补偿5380.00元。"},
     {NULL},
     {"reasonably compensated; met (evidence: 补偿协议及到账凭证)",
      "loss CNY 5380.00, compensated CNY 5380.00."}},
    {"loss_not_compensated",
     {true, true, false, false, 12345, 0},
     FT_NOT_APPLICABLE,
     FT_FAILED_LOSS,
     {"未作出合理补偿，条件不满足", "损失为123.45元，已补偿0.00元", "结论：不适用容错机制"},
     {NULL},
     {"not reasonably compensated; not met", "Result: fault tolerance does not apply"}},
    {"market_effect",
     {true, false, false, true, -1, -1},
     FT_NOT_APPLICABLE,
     FT_FAILED_MARKET_EFFECT,
     {"对证券期货市场平稳运行造成影响，条件不满足（依据：交易所确认函）"},
     {NULL},
     {NULL}},
    {"no_precautions",
     {false, false, false, false, -1, -1},
     FT_NOT_APPLICABLE,
     FT_FAILED_PRECAUTIONS,
     {"风险防范安排：未做好，条件不满足"},
     {NULL},
     {"Risk precautions: not in place; not met"}},
    /* every condition failing at once is reported as such */
    {"every_condition_fails",
     {false, true, false, true, -1, -1},
     FT_NOT_APPLICABLE,
     FT_FAILED_PRECAUTIONS | FT_FAILED_LOSS | FT_FAILED_MARKET_EFFECT,
     {NULL},
     {NULL},
     {NULL}},
};
#define NCASES (sizeof CASES / sizeof *CASES)

/* Fails unless TEXT holds each of PARTS (up to the first NULL), or, if !PRESENT, none. */
static void assert_parts(const char *text, const char *const *parts, size_t n, bool present)
{
	for (size_t i = 0; i < n && parts[i]; i++)
		if ((strstr(text, parts[i]) != NULL) != present)
			fail_msg("the reasoning %s \"%s\":\n%s", present ? "lacks" : "holds",
			         parts[i], text);
}

static void test_case(void **state)
{
	const reasoning_case *c = *state;
	ft_test t = ft_apply(&c->in);
	assert_int_equal(t.result, c->result);
	assert_int_equal(t.failed, c->failed);
	char *zh = reasoning(&c->in, true), *en = reasoning(&c->in, false);
	assert_parts(zh, c->zh, sizeof c->zh / sizeof *c->zh, true);
	assert_parts(zh, c->zh_not, sizeof c->zh_not / sizeof *c->zh_not, false);
	assert_parts(en, c->en, sizeof c->en / sizeof *c->en, true);
	free(zh);
	free(en);
}

static void test_missing_evidence_and_figures(void **state)
{
	(void)state;
	ft_inputs in = {true, true, true, false, 500, -1};
	ft_test t = ft_apply(&in);
	buf b = BUF_INIT;
	ft_evidence none = {NULL, "", NULL, NULL};
	ft_reasoning(&b, &in, &t, &none, true);
	assert_non_null(strstr(buf_cstr(&b), "（依据：未提供）"));
	assert_non_null(strstr(buf_cstr(&b), "损失为5.00元，已补偿未记录"));
	buf_reset(&b);
	ft_reasoning(&b, &in, &t, &none, false);
	assert_non_null(strstr(buf_cstr(&b), "(evidence: none given)"));
	buf_free(&b);
}

static void test_ids(void **state)
{
	(void)state;
	static const char *const ids[] = {"exempt_or_lighter", "not_applicable"};
	assert_enum_ids(ft_result, ft_result_id, ft_result_parse, ids, FT__COUNT, "exempt", NULL);
	unsigned all = 0;
	for (int i = 0; i < FT_CONDITIONS; i++) {
		assert_non_null(ft_condition_id(i));
		all |= ft_condition_bit(i);
	}
	assert_int_equal(all, FT_FAILED_PRECAUTIONS | FT_FAILED_LOSS | FT_FAILED_MARKET_EFFECT);
	assert_null(ft_condition_id(FT_CONDITIONS));
	assert_string_equal(ft_condition_id(1), "investor_loss");
}

int main(void)
{
	struct CMUnitTest tests[NCASES + 4];
	size_t n = 0;
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_every_combination);
	for (size_t i = 0; i < NCASES; i++)
		tests[n++] =
		    (struct CMUnitTest){CASES[i].name, test_case, NULL, NULL, (void *)&CASES[i]};
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_missing_evidence_and_figures);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_ids);
	return _cmocka_run_group_tests("core_fault_tolerance", tests, n, NULL, NULL);
}
