#include "core/scoring.h"

#include <stdlib.h>
#include <string.h>

/* The binary links no libm: the little arithmetic needed here is written out. */
static double absd(double x)
{
	return x < 0 ? -x : x;
}

static bool is_finite(double x)
{
	return x == x && x - x == 0; /* NaN fails the first, ±inf the second */
}

/* Newton's iteration from above: decreases monotonically to √x, stops when it no longer does
 * (within an ulp). x >= 0. */
static double square_root(double x)
{
	if (!(x > 0))
		return 0;
	double y = x > 1 ? x : 1;
	for (int i = 0; i < 200; i++) {
		double n = (y + x / y) / 2;
		if (n >= y)
			break;
		y = n;
	}
	return y;
}

static const char *const CRITERION_IDS[CRIT__COUNT] = {
    "innovativeness",      "feasibility",   "security",
    "goal_reasonableness", "risk_controls", "industrial_fit",
};

const char *scoring_criterion_id(scoring_criterion c)
{
	return (unsigned)c < CRIT__COUNT ? CRITERION_IDS[c] : NULL;
}

int scoring_criterion_parse(const char *id, scoring_criterion *out)
{
	for (int i = 0; id && i < CRIT__COUNT; i++)
		if (!strcmp(CRITERION_IDS[i], id)) {
			*out = (scoring_criterion)i;
			return 0;
		}
	return -1;
}

void scoring_weights_default(scoring_weights *w)
{
	for (int i = 0; i < CRIT__COUNT; i++)
		w->w[i] = 1.0 / CRIT__COUNT;
}

scoring_weights_problem scoring_weights_check(const scoring_weights *w, scoring_criterion *bad)
{
	double sum = 0;
	for (int i = 0; i < CRIT__COUNT; i++) {
		if (!is_finite(w->w[i]) || w->w[i] < 0) {
			if (bad)
				*bad = (scoring_criterion)i;
			return WEIGHTS_NEGATIVE;
		}
		sum += w->w[i];
	}
	return absd(sum - 1.0) <= SCORING_WEIGHT_TOLERANCE ? WEIGHTS_OK : WEIGHTS_SUM;
}

int scoring_sheet_check(const scoring_sheet *s, scoring_criterion *bad)
{
	for (int i = 0; i < CRIT__COUNT; i++)
		if (s->score[i] < SCORE_MIN || s->score[i] > SCORE_MAX) {
			if (bad)
				*bad = (scoring_criterion)i;
			return -1;
		}
	return 0;
}

double scoring_weighted_total(const scoring_sheet *s, const scoring_weights *w)
{
	double t = 0;
	for (int i = 0; i < CRIT__COUNT; i++)
		t += w->w[i] * s->score[i];
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

bool scoring_disagree(const scoring_stats *s)
{
	if (s->n < 2)
		return false;
	return s->max - s->min >= SCORING_DISAGREE_RANGE - SCORING_EPSILON ||
	       s->stddev >= SCORING_DISAGREE_STDDEV - SCORING_EPSILON;
}

void scoring_stats_compute(double *totals, size_t n, scoring_stats *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return;
	qsort(totals, n, sizeof *totals, cmp_double);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += totals[i];
	out->n = (int)n;
	out->mean = sum / (double)n;
	out->median = n % 2 ? totals[n / 2] : (totals[n / 2 - 1] + totals[n / 2]) / 2.0;
	double sq = 0;
	for (size_t i = 0; i < n; i++)
		sq += (totals[i] - out->mean) * (totals[i] - out->mean);
	out->stddev =
	    square_root(sq / (double)n); /* population: the panel is the whole population */
	out->min = totals[0];
	out->max = totals[n - 1];
	out->disagreement = scoring_disagree(out);
}

/* -1 when a ranks before b. */
static int cmp_rank(const void *pa, const void *pb)
{
	const scoring_rank_entry *a = pa, *b = pb;
	if ((a->stats.n > 0) != (b->stats.n > 0))
		return a->stats.n > 0 ? -1 : 1;
	if (a->stats.n > 0) {
		if (absd(a->stats.mean - b->stats.mean) > SCORING_EPSILON)
			return a->stats.mean > b->stats.mean ? -1 : 1;
		if (absd(a->stats.median - b->stats.median) > SCORING_EPSILON)
			return a->stats.median > b->stats.median ? -1 : 1;
	}
	return (a->project_id > b->project_id) - (a->project_id < b->project_id);
}

void scoring_rank(scoring_rank_entry *e, size_t n)
{
	if (n > 1)
		qsort(e, n, sizeof *e, cmp_rank);
	for (size_t i = 0; i < n; i++)
		e[i].rank = (int)i + 1;
}

double scoring_round(double x)
{
	/* half away from zero; figures here are within the 1–10 scale, far from overflow */
	double y = x * 10000.0;
	long long k = (long long)(y < 0 ? y - 0.5 : y + 0.5);
	return (double)k / 10000.0;
}
