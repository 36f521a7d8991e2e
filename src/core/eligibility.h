/* eligibility: who may apply (§3). Pure rules over institution facts and the region settings;
 * every failure is reported as its own reason, and the application is eligible iff none. */
#ifndef BAOTU_CORE_ELIGIBILITY_H
#define BAOTU_CORE_ELIGIBILITY_H
#include <stdbool.h>
#include <stddef.h>

#include "core/institution.h"
#include "core/region.h"

typedef enum {
	TRACK_PILOT,   /* §3.1, §3.2: an applicant subject, alone or with others */
	TRACK_COACHING /* §3.3: a tech firm of the pilot city, alone */
} eligibility_track;

int eligibility_track_parse(const char *id, eligibility_track *out); /* "pilot" | "coaching" */
const char *eligibility_track_id(eligibility_track t);               /* NULL if out of range */

typedef struct applicant {
	institution_facts inst;
	bool lead; /* 牵头申报单位 */
} applicant;

#define ELIGIBILITY_MAX_APPLICANTS 16
#define ELIGIBILITY_MAX_REASONS 64

typedef struct eligibility_reason {
	const char *code;         /* stable id, e.g. "tech_firm_alone" */
	const char *msg;          /* English sentence, static; the translation msgid */
	long long institution_id; /* 0 when it concerns the whole application */
	const char *clause;       /* "§3.1" etc */
} eligibility_reason;

typedef struct eligibility_result {
	bool eligible;
	size_t nreasons;
	eligibility_reason reasons[ELIGIBILITY_MAX_REASONS];
} eligibility_result;

/* Judges applicants a[0..n) for track t in region r. When n exceeds
 * ELIGIBILITY_MAX_APPLICANTS, only the first ELIGIBILITY_MAX_APPLICANTS are examined (the
 * application is refused anyway). NULL r puts every location out of jurisdiction; NULL a is
 * taken as no applicants. */
void eligibility_check(const pilot_region *r, eligibility_track t, const applicant *a, size_t n,
		       eligibility_result *out);

/* Every reason code with its message and clause; terminated by a row whose code is NULL. */
typedef struct eligibility_reason_def {
	const char *code;
	const char *msg;
	const char *clause;
} eligibility_reason_def;

extern const eligibility_reason_def ELIGIBILITY_REASONS[];

#endif
