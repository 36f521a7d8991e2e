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

static void test_no_loss(void **state)
{
	(void)state;
	ft_inputs in = {.precautions = true, .loss_fen = -1, .compensated_fen = -1};
	ft_test t = ft_apply(&in);
	assert_int_equal(t.result, FT_EXEMPT_OR_LIGHTER);
	assert_int_equal(t.failed, 0);
	char *zh = reasoning(&in, true), *en = reasoning(&in, false);
	assert_non_null(
	    strstr(zh, "依据《济南市资本市场金融科技创新试点实施细则》五(二)容错机制(§5.2)"));
	assert_non_null(strstr(zh, "未造成投资者实际损失，条件满足（依据：客户资金对账单）"));
	assert_non_null(strstr(zh, "风险防范安排：已做好，条件满足（依据：应急预案演练记录）"));
	assert_non_null(
	    strstr(zh, "未对证券期货市场平稳运行造成影响，条件满足（依据：交易所确认函）"));
	assert_non_null(strstr(zh, "结论：各项条件均满足"));
	assert_null(strstr(zh, "补偿协议"));       /* no loss: compensation is not a condition */
	assert_null(strstr(zh, "事件记录的损失")); /* no figures recorded */
	assert_non_null(strstr(en, "Under §5.2 (fault tolerance"));
	assert_non_null(strstr(en, "no actual investor loss; met (evidence: 客户资金对账单)"));
	assert_non_null(strstr(en, "Result: every condition is met"));
	free(zh);
	free(en);
}

static void test_loss_compensated(void **state)
{
	(void)state;
	ft_inputs in = {true, true, true, false, 538000, 538000};
	ft_test t = ft_apply(&in);
	assert_int_equal(t.result, FT_EXEMPT_OR_LIGHTER);
	char *zh = reasoning(&in, true), *en = reasoning(&in, false);
	assert_non_null(
	    strstr(zh, "造成投资者实际损失（依据：客户资金对账单），已作出合理补偿，条件满足"
	               "（依据：补偿协议及到账凭证）"));
	assert_non_null(strstr(zh, "事件记录的损失为5380.00元，已补偿5380.00元。"));
	assert_non_null(strstr(en, "reasonably compensated; met (evidence: 补偿协议及到账凭证)"));
	assert_non_null(strstr(en, "loss CNY 5380.00, compensated CNY 5380.00."));
	free(zh);
	free(en);
}

static void test_loss_not_compensated(void **state)
{
	(void)state;
	ft_inputs in = {true, true, false, false, 12345, 0};
	ft_test t = ft_apply(&in);
	assert_int_equal(t.result, FT_NOT_APPLICABLE);
	assert_int_equal(t.failed, FT_FAILED_LOSS);
	char *zh = reasoning(&in, true), *en = reasoning(&in, false);
	assert_non_null(strstr(zh, "未作出合理补偿，条件不满足"));
	assert_non_null(strstr(zh, "损失为123.45元，已补偿0.00元"));
	assert_non_null(strstr(zh, "结论：不适用容错机制"));
	assert_non_null(strstr(en, "not reasonably compensated; not met"));
	assert_non_null(strstr(en, "Result: fault tolerance does not apply"));
	free(zh);
	free(en);
}

static void test_market_effect(void **state)
{
	(void)state;
	ft_inputs in = {true, false, false, true, -1, -1};
	ft_test t = ft_apply(&in);
	assert_int_equal(t.result, FT_NOT_APPLICABLE);
	assert_int_equal(t.failed, FT_FAILED_MARKET_EFFECT);
	char *zh = reasoning(&in, true);
	assert_non_null(
	    strstr(zh, "对证券期货市场平稳运行造成影响，条件不满足（依据：交易所确认函）"));
	free(zh);
}

static void test_no_precautions(void **state)
{
	(void)state;
	ft_inputs in = {false, false, false, false, -1, -1};
	ft_test t = ft_apply(&in);
	assert_int_equal(t.result, FT_NOT_APPLICABLE);
	assert_int_equal(t.failed, FT_FAILED_PRECAUTIONS);
	char *zh = reasoning(&in, true), *en = reasoning(&in, false);
	assert_non_null(strstr(zh, "风险防范安排：未做好，条件不满足"));
	assert_non_null(strstr(en, "Risk precautions: not in place; not met"));
	free(zh);
	free(en);
	/* every condition failing at once is reported as such */
	in = (ft_inputs){false, true, false, true, -1, -1};
	t = ft_apply(&in);
	assert_int_equal(t.failed,
	                 FT_FAILED_PRECAUTIONS | FT_FAILED_LOSS | FT_FAILED_MARKET_EFFECT);
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
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_combination),
	    cmocka_unit_test(test_no_loss),
	    cmocka_unit_test(test_loss_compensated),
	    cmocka_unit_test(test_loss_not_compensated),
	    cmocka_unit_test(test_market_effect),
	    cmocka_unit_test(test_no_precautions),
	    cmocka_unit_test(test_missing_evidence_and_figures),
	    cmocka_unit_test(test_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
