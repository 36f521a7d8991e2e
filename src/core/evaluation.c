/* Stage evaluation (§4.4) and recognitions (§5.1): the lists and pure checks. See evaluation.h. */
#include "core/evaluation.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "lib/i18n.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

const id_label EVAL_CRITERIA[EVAL_CRITERIA_COUNT] = {
    {"innovation_value", N_("Innovation value")},
    {"service_quality", N_("Service quality")},
    {"user_satisfaction", N_("User satisfaction")},
    {"business_continuity", N_("Business continuity")},
    {"compliance", N_("Compliance")},
    {"transaction_security", N_("Transaction security")},
    {"data_security", N_("Data security")},
    {"risk_control", N_("Risk control")},
};

const id_label EVAL_SIDES[] = {
    {"csrc", N_("The CSRC")},
    {"working_group", N_("The working group")},
};
const size_t EVAL_SIDES_COUNT = COUNT(EVAL_SIDES);

const id_label EVAL_ORIGINS[] = {
    {"csrc", N_("The CSRC")},
    {"working_group", N_("The working group")},
    {"scheduler", N_("Due by the schedule")},
};
const size_t EVAL_ORIGINS_COUNT = COUNT(EVAL_ORIGINS);

const id_label EVAL_STATUSES[] = {
    {"open", N_("Open")},
    {"concluded", N_("Concluded")},
};
const size_t EVAL_STATUSES_COUNT = COUNT(EVAL_STATUSES);

const id_label EVAL_OUTCOMES[] = {
    {"regular_operation", N_("Regular operation")},
    {"improve", N_("Improve the business and technology")},
    {"rectify", N_("Rectify")},
    {"exit", N_("Exit the pilot")},
};
const size_t EVAL_OUTCOMES_COUNT = COUNT(EVAL_OUTCOMES);

const id_label EVAL_HYPOTHESIS[] = {
    {"met", N_("Met")},
    {"partly", N_("Partly met")},
    {"not_met", N_("Not met")},
};
const size_t EVAL_HYPOTHESIS_COUNT = COUNT(EVAL_HYPOTHESIS);

const id_label RECTIFICATION_STATUSES[] = {
    {"open", N_("Open")},
    {"submitted", N_("Reported done")},
    {"verified", N_("Verified")},
};
const size_t RECTIFICATION_STATUSES_COUNT = COUNT(RECTIFICATION_STATUSES);

const id_label RECOGNITION_KINDS[] = {
    {"public_notice", N_("Public notice")},
    {"industry_circular", N_("Industry circular")},
    {"fintech_award", N_("Fintech award nomination")},
    {"policy_reward", N_("Pilot-zone policy reward")},
};
const size_t RECOGNITION_KINDS_COUNT = COUNT(RECOGNITION_KINDS);

int evaluation_criterion_index(const char *id)
{
	return ID_INDEX(EVAL_CRITERIA, EVAL_CRITERIA_COUNT, id);
}

bool evaluation_score_valid(long long score)
{
	return score >= EVAL_SCORE_MIN && score <= EVAL_SCORE_MAX;
}

const char *evaluation_outcome_of_action(const char *action)
{
	static const char *const map[][2] = {{"evaluate_regular", "regular_operation"},
	                                     {"evaluate_improve", "improve"},
	                                     {"evaluate_rectify", "rectify"},
	                                     {"evaluate_exit", "exit"}};
	for (size_t i = 0; action && i < COUNT(map); i++)
		if (!strcmp(map[i][0], action))
			return map[i][1];
	return NULL;
}

size_t evaluation_missing(const evaluation_progress *p, const char *names[4])
{
	size_t n = 0;
	if (!p->sheet_csrc)
		names[n++] = "scores.csrc";
	if (!p->sheet_working_group)
		names[n++] = "scores.working_group";
	if (!p->commitments_judged)
		names[n++] = "commitments";
	if (!p->hypothesis_judged)
		names[n++] = "hypothesis";
	return n;
}

int evaluation_add_months(const char *date, int months, char out[11])
{
	cal_date d;
	if (!date || cal_parse(date, &d) < 0 || months < 1 || months > 1200)
		return -1;
	int m = d.m - 1 + months;
	d.y += m / 12;
	d.m = m % 12 + 1;
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int last = days[d.m - 1];
	if (d.m == 2 && ((d.y % 4 == 0 && d.y % 100 != 0) || d.y % 400 == 0))
		last = 29;
	if (d.d > last)
		d.d = last;
	cal_format(d, out);
	return 0;
}

bool evaluation_past(const char *due_on, const char *today)
{
	return due_on && today && strcmp(today, due_on) > 0;
}
