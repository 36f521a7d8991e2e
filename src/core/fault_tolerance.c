/* Fault tolerance (§5.2): the rule and its reasoning. See fault_tolerance.h. */
#include "core/fault_tolerance.h"

#include <string.h>

static const char *const RESULTS[FT__COUNT] = {"exempt_or_lighter", "not_applicable"};
static const struct {
	const char *id;
	unsigned bit;
} CONDITIONS[FT_CONDITIONS] = {{"precautions", FT_FAILED_PRECAUTIONS},
                               {"investor_loss", FT_FAILED_LOSS},
                               {"market_effect", FT_FAILED_MARKET_EFFECT}};

ft_test ft_apply(const ft_inputs *in)
{
	ft_test t = {FT_NOT_APPLICABLE, 0};
	if (!in->precautions)
		t.failed |= FT_FAILED_PRECAUTIONS;
	if (in->investor_loss && !in->compensated)
		t.failed |= FT_FAILED_LOSS;
	if (in->market_effect)
		t.failed |= FT_FAILED_MARKET_EFFECT;
	if (!t.failed)
		t.result = FT_EXEMPT_OR_LIGHTER;
	return t;
}

const char *ft_result_id(ft_result r)
{
	return (unsigned)r < FT__COUNT ? RESULTS[r] : NULL;
}

int ft_result_parse(const char *s, ft_result *out)
{
	for (int i = 0; s && i < FT__COUNT; i++)
		if (!strcmp(s, RESULTS[i])) {
			*out = (ft_result)i;
			return 0;
		}
	return -1;
}

const char *ft_condition_id(int i)
{
	return i >= 0 && i < FT_CONDITIONS ? CONDITIONS[i].id : NULL;
}

unsigned ft_condition_bit(int i)
{
	return i >= 0 && i < FT_CONDITIONS ? CONDITIONS[i].bit : 0;
}

/* fen as yuan with two decimals */
static void money(buf *b, int64_t fen, bool zh)
{
	if (zh)
		buf_printf(b, "%lld.%02lld元", (long long)(fen / 100), (long long)(fen % 100));
	else
		buf_printf(b, "CNY %lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

static void evidence(buf *b, const char *text, bool zh)
{
	const char *t = text && *text ? text : NULL;
	if (zh)
		buf_printf(b, "（依据：%s）", t ? t : "未提供");
	else
		buf_printf(b, " (evidence: %s)", t ? t : "none given");
}

static void figures(buf *b, const ft_inputs *in, bool zh)
{
	if (in->loss_fen < 0 && in->compensated_fen < 0)
		return;
	buf_puts(b, zh ? "事件记录的损失为" : " The incident's record: loss ");
	if (in->loss_fen >= 0)
		money(b, in->loss_fen, zh);
	else
		buf_puts(b, zh ? "未记录" : "not recorded");
	buf_puts(b, zh ? "，已补偿" : ", compensated ");
	if (in->compensated_fen >= 0)
		money(b, in->compensated_fen, zh);
	else
		buf_puts(b, zh ? "未记录" : "not recorded");
	buf_puts(b, zh ? "。" : ".");
}

void ft_reasoning(buf *b, const ft_inputs *in, const ft_test *t, const ft_evidence *ev, bool zh)
{
	if (zh) {
		buf_puts(
		    b,
		    "依据《济南市资本市场金融科技创新试点实施细则》五(二)容错机制(§5.2)：在试点机构"
		    "做好风险防范安排的前提下，试点期间发生信息安全事件或业务差错，未造成投资者"
		    "实际损失或对投资者损失作出合理补偿，未对证券期货市场平稳运行造成影响的，"
		    "可以从轻或免除处罚。");
		buf_puts(b, "（一）风险防范安排：");
		buf_puts(b, in->precautions ? "已做好，条件满足" : "未做好，条件不满足");
		evidence(b, ev->precautions, true);
		buf_puts(b, "。（二）投资者损失：");
		if (!in->investor_loss) {
			buf_puts(b, "未造成投资者实际损失，条件满足");
			evidence(b, ev->investor_loss, true);
		} else {
			buf_puts(b, "造成投资者实际损失");
			evidence(b, ev->investor_loss, true);
			buf_puts(b, in->compensated ? "，已作出合理补偿，条件满足"
			                            : "，未作出合理补偿，条件不满足");
			evidence(b, ev->compensation, true);
		}
		buf_puts(b, "。");
		figures(b, in, true);
		buf_puts(b, "（三）市场影响：");
		buf_puts(b, in->market_effect ? "对证券期货市场平稳运行造成影响，条件不满足"
		                              : "未对证券期货市场平稳运行造成影响，条件满足");
		evidence(b, ev->market_effect, true);
		buf_puts(
		    b,
		    t->result == FT_EXEMPT_OR_LIGHTER
		        ? "。结论：各项条件均满足，适用容错机制，可以从轻或免除对试点机构的处罚。"
		        : "。结论：不适用容错机制，上述不满足的条件排除从轻或免除处罚。");
		return;
	}
	buf_puts(b,
	         "Under §5.2 (fault tolerance, 五(二)容错机制) of the Jinan capital-market fintech "
	         "innovation pilot's implementing rules: where the pilot institution has risk "
	         "precautions in place, an information-security event or business error during "
	         "the pilot that caused no actual investor loss, or whose loss was reasonably "
	         "compensated, and did not affect the stable operation of the securities and "
	         "futures market may be penalised lightly or not at all.");
	buf_puts(b, " (1) Risk precautions: ");
	buf_puts(b, in->precautions ? "in place; met" : "not in place; not met");
	evidence(b, ev->precautions, false);
	buf_puts(b, ". (2) Investor loss: ");
	if (!in->investor_loss) {
		buf_puts(b, "no actual investor loss; met");
		evidence(b, ev->investor_loss, false);
	} else {
		buf_puts(b, "an actual investor loss occurred");
		evidence(b, ev->investor_loss, false);
		buf_puts(b, in->compensated ? ", reasonably compensated; met"
		                            : ", not reasonably compensated; not met");
		evidence(b, ev->compensation, false);
	}
	buf_puts(b, ".");
	figures(b, in, false);
	buf_puts(b, " (3) Market effect: ");
	buf_puts(
	    b,
	    in->market_effect
	        ? "the stable operation of the securities and futures market was affected; not met"
	        : "the stable operation of the securities and futures market was not affected; "
	          "met");
	evidence(b, ev->market_effect, false);
	buf_puts(
	    b, t->result == FT_EXEMPT_OR_LIGHTER
	           ? ". Result: every condition is met; fault tolerance applies and the pilot "
	             "institution may be penalised lightly or not at all."
	           : ". Result: fault tolerance does not apply; the conditions not met rule out a "
	             "lighter penalty or an exemption.");
}
