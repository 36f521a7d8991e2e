/* Stage evaluation of a pilot (§4.4) and its incentives (§5.1), declared once: the criteria
 * both sides score (the PBoC exit evaluation's eight, DOMAIN.md), the outcomes and the actions
 * that decide them, who opened an evaluation, the judgement of the hypothesis, the kinds of
 * recognition, and the pure checks: a score's range, what an evaluation still lacks before an
 * outcome may be decided, when the planned duration of the test boundaries runs out. src/app/
 * evaluations.c and recognitions.c look each of them up here; pages read the labels from
 * here. Pure: no I/O. */
#ifndef BAOTU_CORE_EVALUATION_H
#define BAOTU_CORE_EVALUATION_H
#include <stdbool.h>
#include <stddef.h>

#include "core/text.h"

#define EVAL_SCORE_MIN 1
#define EVAL_SCORE_MAX 5
#define EVAL_CRITERIA_COUNT 8

/* innovation_value, service_quality, user_satisfaction, business_continuity, compliance,
 * transaction_security, data_security, risk_control: each scored 1 to 5 with a comment. */
extern const id_label EVAL_CRITERIA[EVAL_CRITERIA_COUNT];
/* The index of a criterion, or -1. */
int evaluation_criterion_index(const char *id);
bool evaluation_score_valid(long long score);

/* The two sides that score (§4.4: the CSRC with the working group): csrc, working_group. */
extern const id_label EVAL_SIDES[];
extern const size_t EVAL_SIDES_COUNT;
/* Who opened an evaluation: csrc, working_group, scheduler. */
extern const id_label EVAL_ORIGINS[];
extern const size_t EVAL_ORIGINS_COUNT;
/* open, concluded */
extern const id_label EVAL_STATUSES[];
extern const size_t EVAL_STATUSES_COUNT;
/* §4.4's outcomes: regular_operation, improve, rectify, exit. */
extern const id_label EVAL_OUTCOMES[];
extern const size_t EVAL_OUTCOMES_COUNT;
/* The hypothesis met, partly met, not met. */
extern const id_label EVAL_HYPOTHESIS[];
extern const size_t EVAL_HYPOTHESIS_COUNT;
/* A rectification order: open, submitted, verified. */
extern const id_label RECTIFICATION_STATUSES[];
extern const size_t RECTIFICATION_STATUSES_COUNT;
/* §5.1: public_notice, industry_circular, fintech_award, policy_reward. */
extern const id_label RECOGNITION_KINDS[];
extern const size_t RECOGNITION_KINDS_COUNT;

/* The outcome an outcome action decides (evaluate_regular -> regular_operation,
 * evaluate_improve -> improve, evaluate_rectify -> rectify, evaluate_exit -> exit); NULL for
 * any other action. */
const char *evaluation_outcome_of_action(const char *action);

/* What an open evaluation has on record. */
typedef struct evaluation_progress {
	bool sheet_csrc, sheet_working_group; /* each side scored every criterion */
	bool commitments_judged;              /* every commitment kept or broken, with evidence */
	bool hypothesis_judged;               /* the hypothesis and every success measure */
} evaluation_progress;

/* What an evaluation still lacks before an outcome may be decided, as the part names (at most
 * four): "scores.csrc", "scores.working_group", "commitments", "hypothesis". Returns how many
 * it wrote into names. */
size_t evaluation_missing(const evaluation_progress *p, const char *names[4]);

/* The day a span of months from a day ends: date + months, the day clamped to the month's
 * last (2024-01-31 + 1 = 2024-02-29). 0, or -1 for a date that is not YYYY-MM-DD or months
 * outside 1..1200. */
int evaluation_add_months(const char *date, int months, char out[11]);

/* A deadline ("YYYY-MM-DD", inclusive) has passed on today when today is a later day. */
bool evaluation_past(const char *due_on, const char *today);
#endif
