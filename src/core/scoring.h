/* Expert review arithmetic (§4.1): the rubric's six criteria, a score sheet's weighted total
 * under a batch's weights, per-project statistics with a disagreement flag, and the batch
 * ranking. Pure: no I/O, no allocation. */
#ifndef BAOTU_CORE_SCORING_H
#define BAOTU_CORE_SCORING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* §4.1: innovativeness, feasibility, security, goal reasonableness and risk-control measures,
 * weighed with the fit to Jinan's industrial orientation. The order is the rubric's order. */
typedef enum {
	CRIT_INNOVATIVENESS,
	CRIT_FEASIBILITY,
	CRIT_SECURITY,
	CRIT_GOAL_REASONABLENESS,
	CRIT_RISK_CONTROLS,
	CRIT_INDUSTRIAL_FIT,
	CRIT__COUNT
} scoring_criterion;

#define SCORE_MIN 1
#define SCORE_MAX 10
/* Weights are non-negative and sum to 1 within this tolerance (1/6 six times does not add up
 * to exactly 1 in binary floating point). */
#define SCORING_WEIGHT_TOLERANCE 1e-6

/* Experts disagree widely on a project (a flag for the case officer, not a rule) when the
 * highest and lowest weighted totals are at least SCORING_DISAGREE_RANGE points apart, OR the
 * population standard deviation of the totals is at least SCORING_DISAGREE_STDDEV. Totals are
 * on the 1–10 scale. Needs two sheets or more. Note: a population standard deviation is at
 * most half the range, so with these values the stddev rule never fires alone; it starts to
 * matter if SCORING_DISAGREE_STDDEV is set below SCORING_DISAGREE_RANGE / 2. */
#define SCORING_DISAGREE_RANGE 3.0
#define SCORING_DISAGREE_STDDEV 2.0
/* Comparisons against thresholds and between means allow this much floating-point noise, so
 * that 8.0 and 5.0 are 3 points apart however the weights were added. */
#define SCORING_EPSILON 1e-9

const char *
scoring_criterion_id(scoring_criterion c); /* "innovativeness"...; NULL if out of range */
int scoring_criterion_parse(const char *id, scoring_criterion *out); /* 0 ok, -1 unknown */

typedef struct scoring_weights {
	double w[CRIT__COUNT];
} scoring_weights;

/* Equal weights, 1/6 each. */
void scoring_weights_default(scoring_weights *w);

typedef enum {
	WEIGHTS_OK = 0,
	WEIGHTS_NEGATIVE, /* a weight is negative, NaN or infinite (*bad names it) */
	WEIGHTS_SUM,      /* the weights do not sum to 1 */
} scoring_weights_problem;
scoring_weights_problem scoring_weights_check(const scoring_weights *w, scoring_criterion *bad);

/* One expert's sheet: an integer score SCORE_MIN..SCORE_MAX per criterion. */
typedef struct scoring_sheet {
	int score[CRIT__COUNT];
} scoring_sheet;

/* 0 when every score is in range; -1 with *bad naming the first that is not. */
int scoring_sheet_check(const scoring_sheet *s, scoring_criterion *bad);

/* Σ weight × score: on the 1–10 scale, since the weights sum to 1. */
double scoring_weighted_total(const scoring_sheet *s, const scoring_weights *w);

/* The experts' weighted totals of one project, summarised. */
typedef struct scoring_stats {
	int n; /* sheets counted; 0 leaves every figure 0 */
	double mean, median, stddev, min, max;
	bool disagreement;
} scoring_stats;

/* Mean, median (the mean of the two middle values when n is even), population standard
 * deviation, range and the disagreement flag. totals[0..n) is sorted ascending in place. */
void scoring_stats_compute(double *totals, size_t n, scoring_stats *out);

/* The disagreement rule alone (exposed for tests and documentation). */
bool scoring_disagree(const scoring_stats *s);

typedef struct scoring_rank_entry {
	int64_t project_id;
	scoring_stats stats;
	int rank; /* 1-based, filled by scoring_rank */
} scoring_rank_entry;

/* Ranks a batch: higher mean first; ties by higher median, then lower project id. Projects
 * without any counted sheet come last, by project id. Sorts e[0..n) in place and sets rank. */
void scoring_rank(scoring_rank_entry *e, size_t n);

/* Rounds for presentation (API and export): to 4 decimal places. Arithmetic never uses it. */
double scoring_round(double x);
#endif
