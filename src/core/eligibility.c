#include <string.h>

#include "core/eligibility.h"

enum {
	R_UNKNOWN_TRACK,
	R_NO_APPLICANTS,
	R_TOO_MANY_APPLICANTS,
	R_DUPLICATE_APPLICANT,
	R_NO_LEAD,
	R_MULTIPLE_LEADS,
	R_TECH_FIRM_ALONE,
	R_NO_APPLICANT_SUBJECT,
	R_UNKNOWN_INSTITUTION_KIND,
	R_OUTSIDE_JURISDICTION,
	R_PLACE_UNKNOWN,
	R_COACHING_SINGLE_APPLICANT,
	R_COACHING_NOT_TECH_FIRM,
	R_COACHING_NOT_REGISTERED_IN_CITY,
	R_COACHING_NO_CATEGORY,
	R__COUNT
};

const eligibility_reason_def ELIGIBILITY_REASONS[R__COUNT + 1] = {
	[R_UNKNOWN_TRACK] = {"unknown_track",
			     "An application must be either for a pilot or for coaching (§3).",
			     "§3"},
	[R_NO_APPLICANTS] = {"no_applicants",
			     "An application must name at least one applicant (§3.1).", "§3.1"},
	[R_TOO_MANY_APPLICANTS] = {"too_many_applicants",
				   "An application names more applicants than the system accepts.",
				   "§3.2"},
	[R_DUPLICATE_APPLICANT] = {"duplicate_applicant",
				   "The same institution is named more than once; each member of a "
				   "joint application must be a different institution (§3.2).",
				   "§3.2"},
	[R_NO_LEAD] = {"no_lead",
		       "Exactly one applicant must be the lead applicant, and none is (§3.2).",
		       "§3.2"},
	[R_MULTIPLE_LEADS] = {"multiple_leads",
			      "Exactly one applicant must be the lead applicant, and more than one "
			      "is (§3.2).",
			      "§3.2"},
	[R_TECH_FIRM_ALONE] = {"tech_firm_alone",
			       "A technology firm may not apply alone; it must join an applicant "
			       "subject (§3.2).",
			       "§3.2"},
	[R_NO_APPLICANT_SUBJECT] = {"no_applicant_subject",
				    "A joint application must include at least one applicant "
				    "subject of a kind listed in §3.1 (§3.2).",
				    "§3.2"},
	[R_UNKNOWN_INSTITUTION_KIND] = {"unknown_institution_kind",
					"The institution is of a kind the pilot does not know "
					"(§3.1).",
					"§3.1"},
	[R_OUTSIDE_JURISDICTION] = {"outside_jurisdiction",
				    "The institution must be in the CSRC bureau's jurisdiction "
				    "and registered or mainly based in the pilot city, or be a "
				    "national institution with an important branch there (§3.1).",
				    "§3.1"},
	[R_PLACE_UNKNOWN] = {"place_unknown",
			     "The institution's registered place is not recorded as an "
			     "administrative division, so its location cannot be judged; an "
			     "officer must correct the register first (§3.1).",
			     "§3.1"},
	[R_COACHING_SINGLE_APPLICANT] = {"coaching_single_applicant",
					 "A coaching application must name exactly one "
					 "applicant, the technology firm itself (§3.3).",
					 "§3.3"},
	[R_COACHING_NOT_TECH_FIRM] = {"coaching_not_tech_firm",
				      "Only a technology firm may apply for coaching; applicant "
				      "subjects apply for a pilot (§3.3).",
				      "§3.3"},
	[R_COACHING_NOT_REGISTERED_IN_CITY] = {"coaching_not_registered_in_city",
					       "A technology firm applying for coaching must be "
					       "registered in the pilot city (§3.3).",
					       "§3.3"},
	[R_COACHING_NO_CATEGORY] = {"coaching_no_category",
				    "A technology firm applying for coaching must be an IT "
				    "system service institution filed with the CSRC, an IT "
				    "subsidiary of a securities or futures operator, or another "
				    "representative technology firm recognised by the CSRC "
				    "(§3.3).",
				    "§3.3"},
	[R__COUNT] = {NULL, NULL, NULL},
};

int eligibility_track_parse(const char *id, eligibility_track *out)
{
	eligibility_track t;
	if (id == NULL)
		return -1;
	if (strcmp(id, "pilot") == 0)
		t = TRACK_PILOT;
	else if (strcmp(id, "coaching") == 0)
		t = TRACK_COACHING;
	else
		return -1;
	if (out != NULL)
		*out = t;
	return 0;
}

const char *eligibility_track_id(eligibility_track t)
{
	switch (t) {
	case TRACK_PILOT:
		return "pilot";
	case TRACK_COACHING:
		return "coaching";
	}
	return NULL;
}

static void add(eligibility_result *out, int r, long long institution_id)
{
	out->eligible = false;
	/* cannot fill up: 16 examined members yield at most 33 reasons */
	if (out->nreasons == ELIGIBILITY_MAX_REASONS)
		return;
	eligibility_reason *e = &out->reasons[out->nreasons++];
	e->code = ELIGIBILITY_REASONS[r].code;
	e->msg = ELIGIBILITY_REASONS[r].msg;
	e->clause = ELIGIBILITY_REASONS[r].clause;
	e->institution_id = institution_id;
}

/* §3.1: in the bureau's jurisdiction AND (registered OR main office in the city), OR a national
 * institution with an important branch in the city. The jurisdiction follows the registered
 * place: a firm registered in an excluded city answers to that city's bureau even when its
 * main office is in the pilot city. */
static bool located_as_subject(const pilot_region *r, const institution_facts *f)
{
	if (f->national && f->jinan_branch)
		return true;
	return region_in_jurisdiction(r, f->registered_province_code, f->registered_city_code) &&
	       (region_is_pilot_city(r, f->registered_city_code) ||
		region_is_pilot_city(r, f->main_office_city_code));
}

/* A place the register holds only as unmapped text (a row from before places were coded) is
 * not judged at all: saying outside_jurisdiction would be a refusal on a spelling. That is a
 * province without a code, or a city without one in the pilot province, where the rule tells
 * cities apart (elsewhere a city without a code is an unlisted city, judged by its province). */
static bool place_unknown(const pilot_region *r, const institution_facts *f)
{
	return f->registered_province_code == NULL ||
	       (f->registered_city_code == NULL &&
		region_is_pilot_province(r, f->registered_province_code));
}

static bool kind_known(institution_kind k)
{
	return institution_kind_subject_class(k) >= 0;
}

static bool is_subject_kind(institution_kind k)
{
	return institution_kind_subject_class(k) > 0;
}

static void check_leads(const applicant *a, size_t n, eligibility_result *out)
{
	size_t leads = 0;
	for (size_t i = 0; i < n; i++)
		leads += a[i].lead;
	/* §3.2: one lead applicant represents the others */
	if (leads == 0)
		add(out, R_NO_LEAD, 0);
	else if (leads > 1)
		add(out, R_MULTIPLE_LEADS, 0);
}

static void check_pilot(const pilot_region *r, const applicant *a, size_t n,
			eligibility_result *out)
{
	/* §3.2: each member is a distinct unit; report each repeated id once */
	for (size_t i = 0; i < n; i++) {
		size_t first = 0;
		while (a[first].inst.id != a[i].inst.id)
			first++;
		if (first != i)
			continue;
		for (size_t j = i + 1; j < n; j++) {
			if (a[j].inst.id == a[i].inst.id) {
				add(out, R_DUPLICATE_APPLICANT, a[i].inst.id);
				break;
			}
		}
	}
	check_leads(a, n, out);

	size_t subjects = 0;
	for (size_t i = 0; i < n; i++)
		subjects += is_subject_kind(a[i].inst.kind);
	if (n == 1 && a[0].inst.kind == KIND_TECH_FIRM)
		add(out, R_TECH_FIRM_ALONE, 0); /* §3.2: tech firms never apply alone */
	else if (n >= 2 && subjects == 0)
		add(out, R_NO_APPLICANT_SUBJECT, 0); /* §3.2: joins 上述申报主体 */

	for (size_t i = 0; i < n; i++) {
		const institution_facts *f = &a[i].inst;
		if (!kind_known(f->kind))
			add(out, R_UNKNOWN_INSTITUTION_KIND, f->id);
		else if (is_subject_kind(f->kind) && !located_as_subject(r, f))
			add(out, place_unknown(r, f) && !(f->national && f->jinan_branch)
					 ? R_PLACE_UNKNOWN
					 : R_OUTSIDE_JURISDICTION,
			    f->id);
		/* §3.2: no location limit on tech firms, as lead or participant */
	}
}

static void check_coaching(const pilot_region *r, const applicant *a, size_t n,
			   size_t examined, eligibility_result *out)
{
	/* §3.3: a tech firm with no eligible partner applies alone */
	if (n != 1)
		add(out, R_COACHING_SINGLE_APPLICANT, 0);
	else if (!a[0].lead)
		add(out, R_NO_LEAD, 0); /* §3.3: procedure as for pilots, so it is its own lead */

	for (size_t i = 0; i < examined; i++) {
		const institution_facts *f = &a[i].inst;
		bool tech = f->kind == KIND_TECH_FIRM;
		if (!tech)
			add(out, R_COACHING_NOT_TECH_FIRM, f->id);
		/* §3.3 注册登记地: registration only; a main office or branch does not count */
		if (place_unknown(r, f))
			add(out, R_PLACE_UNKNOWN, f->id);
		else if (!region_in_jurisdiction(r, f->registered_province_code,
						 f->registered_city_code) ||
			 !region_is_pilot_city(r, f->registered_city_code))
			add(out, R_COACHING_NOT_REGISTERED_IN_CITY, f->id);
		/* the three categories are kinds of tech firm; moot for anything else */
		if (tech && f->tech == TECH_NONE)
			add(out, R_COACHING_NO_CATEGORY, f->id);
	}
}

void eligibility_check(const pilot_region *r, eligibility_track t, const applicant *a, size_t n,
		       eligibility_result *out)
{
	if (out == NULL)
		return;
	memset(out, 0, sizeof(*out));
	out->eligible = true;
	if (a == NULL)
		n = 0;
	/* bounded work; an oversized application is refused whatever its members */
	size_t examined = n < ELIGIBILITY_MAX_APPLICANTS ? n : ELIGIBILITY_MAX_APPLICANTS;

	switch (t) {
	case TRACK_PILOT:
		if (n == 0)
			add(out, R_NO_APPLICANTS, 0);
		if (n > ELIGIBILITY_MAX_APPLICANTS)
			add(out, R_TOO_MANY_APPLICANTS, 0);
		if (n > 0)
			check_pilot(r, a, examined, out);
		return;
	case TRACK_COACHING:
		/* coaching_single_applicant already covers any count but one */
		check_coaching(r, a, n, examined, out);
		return;
	}
	add(out, R_UNKNOWN_TRACK, 0);
}
