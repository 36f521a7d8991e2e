#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/eligibility.h"
#include "core/institution.h"
#include "core/region.h"
#include "support.h"

/* Facts, inline: {id, kind, registered_province, registered_city, main_office_city, national,
 * jinan_branch (an important branch in the pilot city), tech}. Places are GB/T 2260 codes:
 * 370000 山东省, 370100 济南市, 370200 青岛市, 370300 淄博市, 370600 烟台市, 110000 北京市,
 * 310000 上海市, 320000 江苏省, 320100 南京市, 440000 广东省, 440300 深圳市, 510000 四川省,
 * 510100 成都市, 510600 德阳市, 510700 绵阳市. */
#define LOCAL(id, kind, prov, city, office)                                                        \
	{                                                                                          \
		id, kind, prov, city, office, false, false, TECH_NONE                              \
	}
#define NATIONAL(id, kind, prov, city, branch)                                                     \
	{                                                                                          \
		id, kind, prov, city, city, true, branch, TECH_NONE                                \
	}
#define TECH(id, prov, city, cat)                                                                  \
	{                                                                                          \
		id, KIND_TECH_FIRM, prov, city, city, false, false, cat                            \
	}
#define JINAN(id, kind) LOCAL(id, kind, "370000", "370100", "370100")
#define LEAD(...)                                                                                  \
	{                                                                                          \
		__VA_ARGS__, true                                                                  \
	}
#define PART(...)                                                                                  \
	{                                                                                          \
		__VA_ARGS__, false                                                                 \
	}
#define APPS(...) .n = sizeof((applicant[]){__VA_ARGS__}) / sizeof(applicant), .a = {__VA_ARGS__}
#define WANT(...) .reasons = {__VA_ARGS__}

typedef struct want {
	const char *code;
	long long id; /* institution_id, 0 for the whole application */
} want;

typedef struct row {
	const char *name;
	const pilot_region *region; /* NULL: PILOT_REGION_JINAN */
	eligibility_track track;
	size_t n;
	applicant a[4];
	bool eligible;
	want reasons[6]; /* the exact set; ends at the first NULL code */
} row;

/* A fictional second pilot: only the settings change (§3.1 location test follows them). */
static const pilot_region CHENGDU = {
    .city_code = "510100",                   /* 成都市 */
    .province_code = "510000",               /* 四川省 */
    .excluded_city_codes = {"510700", NULL}, /* pretend Mianyang (绵阳市) had its own bureau */
    .bureau_zh = "四川监管局(测试)",
    .bureau_en = "CSRC Sichuan Bureau (test)",
};

static const row ROWS[] = {
    /* §3.1 “试点工作以面向相关机构征集具体项目的形式开展。” */
    {.name = "project_needs_an_applicant",
     .track = TRACK_PILOT,
     .eligible = false,
     WANT({"no_applicants", 0})},
    {.name = "subject_applies_alone",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY))),
     .eligible = true},

    /* §3.1 “属于山东证监局辖区,且注册登记地或者主要办公地在济南市的机构以及在济南市有
     * 重要分支机构的全国性机构可自愿申报参加试点工作,具体包括:” */
    {.name = "zibo_registered_main_office_jinan",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(1, KIND_FUND_MANAGER, "370000", "370300", "370100"))),
     .eligible = true},
    {.name = "jinan_registered_main_office_elsewhere",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(1, KIND_FUND_MANAGER, "370000", "370100", "310000"))),
     .eligible = true},
    {.name = "qingdao_registered_no_jinan_presence",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(7, KIND_SECURITIES_COMPANY, "370000", "370200", "370200"))),
     .eligible = false,
     WANT({"outside_jurisdiction", 7})},
    /* Interpretation: 辖区 follows the registered place. A firm registered in Qingdao answers
     * to the CSRC Qingdao Bureau, so a main office in Jinan does not bring it in. */
    {.name = "qingdao_registered_main_office_jinan",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(7, KIND_SECURITIES_COMPANY, "370000", "370200", "370100"))),
     .eligible = false,
     WANT({"outside_jurisdiction", 7})},
    {.name = "out_of_province_registered_main_office_jinan",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(7, KIND_SECURITIES_COMPANY, "320000", "320100", "370100"))),
     .eligible = false,
     WANT({"outside_jurisdiction", 7})},
    {.name = "zibo_registered_and_based",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(7, KIND_FUTURES_COMPANY, "370000", "370300", "370300"))),
     .eligible = false,
     WANT({"outside_jurisdiction", 7})},
    {.name = "national_beijing_with_jinan_branch",
     .track = TRACK_PILOT,
     APPS(LEAD(NATIONAL(3, KIND_SECURITIES_COMPANY, "110000", "110000", true))),
     .eligible = true},
    {.name = "national_qingdao_with_jinan_branch",
     .track = TRACK_PILOT,
     APPS(LEAD(NATIONAL(3, KIND_FUND_CUSTODIAN, "370000", "370200", true))),
     .eligible = true},
    {.name = "national_without_jinan_branch",
     .track = TRACK_PILOT,
     APPS(LEAD(NATIONAL(3, KIND_SECURITIES_COMPANY, "110000", "110000", false))),
     .eligible = false,
     WANT({"outside_jurisdiction", 3})},
    {.name = "branch_counts_only_for_national",
     .track = TRACK_PILOT,
     APPS(LEAD({3, KIND_FUND_MANAGER, "110000", "110000", "110000", false, true, TECH_NONE})),
     .eligible = false,
     WANT({"outside_jurisdiction", 3})},
    /* a row whose places could not be mapped to codes is not judged on a spelling */
    {.name = "unknown_location",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(3, KIND_FUND_MANAGER, NULL, NULL, NULL))),
     .eligible = false,
     WANT({"place_unknown", 3})},
    {.name = "unknown_location_national_with_branch",
     .track = TRACK_PILOT,
     APPS(LEAD(NATIONAL(3, KIND_SECURITIES_COMPANY, NULL, NULL, true))),
     .eligible = true},
    {.name = "unknown_city_in_pilot_province",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(3, KIND_FUND_MANAGER, "370000", NULL, "370100"))),
     .eligible = false,
     WANT({"place_unknown", 3})},
    /* elsewhere a city without a code is an unlisted city: its province decides */
    {.name = "unlisted_city_in_other_province",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(3, KIND_FUND_MANAGER, "330000", NULL, "370100"))),
     .eligible = false,
     WANT({"outside_jurisdiction", 3})},
    {.name = "city_of_another_province",
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(3, KIND_FUND_MANAGER, "370000", "440300", "370100"))),
     .eligible = false,
     WANT({"outside_jurisdiction", 3})},
    {.name = "coaching_unknown_location",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(4, NULL, NULL, TECH_CSRC_RECOGNIZED_TECH))),
     .eligible = false,
     WANT({"place_unknown", 4})},
    /* §3.1 item 1 “证券期货经营机构,包括证券公司、期货公司、基金管理公司等;” */
    {.name = "item1_securities_company",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY))),
     .eligible = true},
    {.name = "item1_futures_company",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_FUTURES_COMPANY))),
     .eligible = true},
    {.name = "item1_fund_manager",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_FUND_MANAGER))),
     .eligible = true},
    /* §3.1 item 2 “证券期货服务机构,包括从事公开募集基金的销售、…等基金服务业务的机构,
     * 证券投资咨询机构,资信评级机构等;” */
    {.name = "item2_fund_service",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_FUND_SERVICE))),
     .eligible = true},
    {.name = "item2_investment_consulting",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_INVESTMENT_CONSULTING))),
     .eligible = true},
    {.name = "item2_credit_rating",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_CREDIT_RATING))),
     .eligible = true},
    /* §3.1 item 3 “区域性股权市场运营机构;” */
    {.name = "item3_regional_equity_market",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_REGIONAL_EQUITY_MARKET))),
     .eligible = true},
    /* §3.1 item 4 “基金托管机构;” */
    {.name = "item4_fund_custodian",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_FUND_CUSTODIAN))),
     .eligible = true},
    /* §3.1 item 5 “其他中国证监会认可的机构。” */
    {.name = "item5_csrc_recognized",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_CSRC_RECOGNIZED))),
     .eligible = true},

    /* §3.2 “科技企业可与申报主体联合申报。” */
    {.name = "subject_with_shenzhen_tech_partner",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY)), PART(TECH(2, "440000", "440300", TECH_NONE))),
     .eligible = true},

    /* §3.2 “试点工作不接受科技企业单独申报,鼓励科技企业作为牵头单位或参与单位与上述
     * 申报主体联合申报,并对科技企业的注册登记地不作限制。” */
    {.name = "tech_firm_alone",
     .track = TRACK_PILOT,
     APPS(LEAD(TECH(2, "370000", "370100", TECH_CSRC_FILED_IT_SERVICE))),
     .eligible = false,
     WANT({"tech_firm_alone", 0})},
    {.name = "tech_firm_alone_not_lead",
     .track = TRACK_PILOT,
     APPS(PART(TECH(2, "370000", "370100", TECH_NONE))),
     .eligible = false,
     WANT({"tech_firm_alone", 0}, {"no_lead", 0})},
    {.name = "joint_without_subject",
     .track = TRACK_PILOT,
     APPS(LEAD(TECH(2, "370000", "370100", TECH_NONE)),
          PART(TECH(3, "110000", "110000", TECH_NONE))),
     .eligible = false,
     WANT({"no_applicant_subject", 0})},
    {.name = "out_of_province_tech_firm_leads",
     .track = TRACK_PILOT,
     APPS(PART(JINAN(1, KIND_SECURITIES_COMPANY)), LEAD(TECH(2, "310000", "310000", TECH_NONE))),
     .eligible = true},
    {.name = "qingdao_tech_firm_participates",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_CREDIT_RATING)), PART(TECH(2, "370000", "370200", TECH_NONE))),
     .eligible = true},
    /* Decision: no_applicant_subject only when no member is of a §3.1 kind; a §3.1 member
     * that fails the location test is reported as outside_jurisdiction instead. */
    {.name = "only_subject_outside_jurisdiction",
     .track = TRACK_PILOT,
     APPS(PART(LOCAL(1, KIND_SECURITIES_COMPANY, "370000", "370200", "370200")),
          LEAD(TECH(2, "370000", "370100", TECH_NONE))),
     .eligible = false,
     WANT({"outside_jurisdiction", 1})},
    /* only tech firms are free of the location test: another licensed member must pass it */
    {.name = "second_subject_outside_jurisdiction",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY)),
          PART(LOCAL(4, KIND_FUND_MANAGER, "110000", "110000", "110000")),
          PART(TECH(2, "440000", "440300", TECH_NONE))),
     .eligible = false,
     WANT({"outside_jurisdiction", 4})},

    /* §3.2 “联合申报试点项目的,各申报单位均应在所申报项目中承担重要实质性工作,且经各
     * 申报单位协商一致、相互认可。” Substantive work and mutual confirmation are workflow
     * steps (each member confirms); here: each member is a distinct institution. */
    {.name = "same_institution_twice",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY)), PART(TECH(2, "110000", "110000", TECH_NONE)),
          PART(TECH(2, "110000", "110000", TECH_NONE))),
     .eligible = false,
     WANT({"duplicate_applicant", 2})},

    /* §3.2 “各申报单位应明确各自权利义务,确定一家单位为牵头申报单位,代表各申报单位进行
     * 申报工作。” */
    {.name = "joint_zero_leads",
     .track = TRACK_PILOT,
     APPS(PART(JINAN(1, KIND_SECURITIES_COMPANY)), PART(TECH(2, "110000", "110000", TECH_NONE))),
     .eligible = false,
     WANT({"no_lead", 0})},
    {.name = "joint_two_leads",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY)), LEAD(TECH(2, "110000", "110000", TECH_NONE))),
     .eligible = false,
     WANT({"multiple_leads", 0})},
    {.name = "joint_three_leads_one_reason",
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY)), LEAD(JINAN(5, KIND_FUND_CUSTODIAN)),
          LEAD(TECH(2, "110000", "110000", TECH_NONE))),
     .eligible = false,
     WANT({"multiple_leads", 0})},
    {.name = "subject_alone_not_lead",
     .track = TRACK_PILOT,
     APPS(PART(JINAN(1, KIND_SECURITIES_COMPANY))),
     .eligible = false,
     WANT({"no_lead", 0})},
    /* every failure is reported, not only the first */
    {.name = "all_failures_reported",
     .track = TRACK_PILOT,
     APPS(PART(LOCAL(1, KIND_SECURITIES_COMPANY, "370000", "370200", "370200")),
          PART(LOCAL(4, KIND_FUND_MANAGER, "110000", "110000", "110000")),
          PART(TECH(2, "110000", "110000", TECH_NONE)),
          PART(TECH(2, "110000", "110000", TECH_NONE))),
     .eligible = false,
     WANT({"duplicate_applicant", 2}, {"no_lead", 0}, {"outside_jurisdiction", 1},
          {"outside_jurisdiction", 4})},

    /* §3.2 “牵头申报单位应对所申报项目的研究、开发或运营具有主导地位和能力。” The leading
     * role is judged by experts (§4.1); any member, tech firm included, may be the lead. */
    {.name = "tech_firm_lead_with_subject_participant",
     .track = TRACK_PILOT,
     APPS(LEAD(TECH(2, "440000", "440300", TECH_NONE)), PART(JINAN(1, KIND_FUND_MANAGER))),
     .eligible = true},

    /* §3.3 “科技企业暂未找到符合条件的申报主体联合申报的,可自愿申请参加试点辅导,注册登记地
     * 在济南市的以下三类机构可自愿申请试点辅导:一是纳入中国证监会备案管理的信息技术系统服务
     * 机构;二是证券期货经营机构下设的信息技术子公司;三是其他由中国证监会认可的在新一代信息
     * 技术应用领域具有一定代表性的科技企业。” */
    {.name = "coaching_filed_it_service",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "370000", "370100", TECH_CSRC_FILED_IT_SERVICE))),
     .eligible = true},
    {.name = "coaching_securities_it_subsidiary",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "370000", "370100", TECH_SECURITIES_IT_SUBSIDIARY))),
     .eligible = true},
    {.name = "coaching_recognized_tech",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "370000", "370100", TECH_CSRC_RECOGNIZED_TECH))),
     .eligible = true},
    {.name = "coaching_registered_outside_jinan",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "440000", "440300", TECH_CSRC_FILED_IT_SERVICE))),
     .eligible = false,
     WANT({"coaching_not_registered_in_city", 9})},
    /* registration only: a main office or branch in Jinan does not qualify */
    {.name = "coaching_zibo_registered_main_office_jinan",
     .track = TRACK_COACHING,
     APPS(LEAD({9, KIND_TECH_FIRM, "370000", "370300", "370100", false, false,
                TECH_CSRC_RECOGNIZED_TECH})),
     .eligible = false,
     WANT({"coaching_not_registered_in_city", 9})},
    {.name = "coaching_without_category",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "370000", "370100", TECH_NONE))),
     .eligible = false,
     WANT({"coaching_no_category", 9})},
    {.name = "coaching_outside_and_without_category",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "110000", "110000", TECH_NONE))),
     .eligible = false,
     WANT({"coaching_not_registered_in_city", 9}, {"coaching_no_category", 9})},
    {.name = "coaching_securities_company",
     .track = TRACK_COACHING,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY))),
     .eligible = false,
     WANT({"coaching_not_tech_firm", 1})},
    {.name = "coaching_two_applicants",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "370000", "370100", TECH_CSRC_FILED_IT_SERVICE)),
          PART(TECH(8, "370000", "370100", TECH_CSRC_RECOGNIZED_TECH))),
     .eligible = false,
     WANT({"coaching_single_applicant", 0})},
    {.name = "coaching_tech_firm_with_subject",
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "370000", "370100", TECH_CSRC_FILED_IT_SERVICE)),
          PART(JINAN(1, KIND_SECURITIES_COMPANY))),
     .eligible = false,
     WANT({"coaching_single_applicant", 0}, {"coaching_not_tech_firm", 1})},
    {.name = "coaching_no_applicants",
     .track = TRACK_COACHING,
     .eligible = false,
     WANT({"coaching_single_applicant", 0})},

    /* §3.3 “试点辅导各项工作参照试点工作对应环节的程序要求开展。” As for a pilot, the
     * applicant is the lead applicant. */
    {.name = "coaching_not_lead",
     .track = TRACK_COACHING,
     APPS(PART(TECH(9, "370000", "370100", TECH_CSRC_FILED_IT_SERVICE))),
     .eligible = false,
     WANT({"no_lead", 0})},

    /* §3.3 “项目辅导期为自公布之日起一年,试点辅导期内不实际运行金融业务活动。” Not an
     * eligibility rule: the coaching period and the ban on live business are workflow rules. */

    /* §3.1 with other settings: the rules follow the pilot_region, not the city names. */
    {.name = "region_chengdu_local_subject",
     .region = &CHENGDU,
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(1, KIND_SECURITIES_COMPANY, "510000", "510100", "510100"))),
     .eligible = true},
    {.name = "region_chengdu_refuses_jinan_subject",
     .region = &CHENGDU,
     .track = TRACK_PILOT,
     APPS(LEAD(JINAN(1, KIND_SECURITIES_COMPANY))),
     .eligible = false,
     WANT({"outside_jurisdiction", 1})},
    {.name = "region_chengdu_deyang_registered_main_office_chengdu",
     .region = &CHENGDU,
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(1, KIND_FUND_MANAGER, "510000", "510600", "510100"))),
     .eligible = true},
    {.name = "region_chengdu_excluded_city",
     .region = &CHENGDU,
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(1, KIND_FUND_MANAGER, "510000", "510700", "510100"))),
     .eligible = false,
     WANT({"outside_jurisdiction", 1})},
    {.name = "region_chengdu_qingdao_other_province",
     .region = &CHENGDU,
     .track = TRACK_PILOT,
     APPS(LEAD(LOCAL(1, KIND_FUND_MANAGER, "370000", "370200", "510100"))),
     .eligible = false,
     WANT({"outside_jurisdiction", 1})},
    {.name = "region_chengdu_national_with_branch",
     .region = &CHENGDU,
     .track = TRACK_PILOT,
     APPS(LEAD(NATIONAL(1, KIND_SECURITIES_COMPANY, "110000", "110000", true))),
     .eligible = true},
    {.name = "region_chengdu_tech_firm_alone",
     .region = &CHENGDU,
     .track = TRACK_PILOT,
     APPS(LEAD(TECH(2, "510000", "510100", TECH_CSRC_FILED_IT_SERVICE))),
     .eligible = false,
     WANT({"tech_firm_alone", 0})},
    {.name = "region_chengdu_coaching_local",
     .region = &CHENGDU,
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "510000", "510100", TECH_CSRC_FILED_IT_SERVICE))),
     .eligible = true},
    {.name = "region_chengdu_coaching_jinan_firm",
     .region = &CHENGDU,
     .track = TRACK_COACHING,
     APPS(LEAD(TECH(9, "370000", "370100", TECH_CSRC_FILED_IT_SERVICE))),
     .eligible = false,
     WANT({"coaching_not_registered_in_city", 9})},
};

#define NROWS (sizeof(ROWS) / sizeof(ROWS[0]))

static const eligibility_reason_def *reason_def(const char *code)
{
	for (const eligibility_reason_def *d = ELIGIBILITY_REASONS; d->code != NULL; d++)
		if (strcmp(d->code, code) == 0)
			return d;
	return NULL;
}

/* The result holds exactly the wanted (code, institution_id) pairs, each once, and every
 * reason carries the message and clause of its table entry. */
static void assert_reasons(const char *name, const eligibility_result *res, bool eligible,
                           const want *w, size_t nw)
{
	bool ok = res->nreasons == nw && res->eligible == eligible && eligible == (nw == 0);
	for (size_t i = 0; ok && i < nw; i++) {
		size_t hits = 0;
		for (size_t j = 0; j < res->nreasons; j++)
			hits += strcmp(res->reasons[j].code, w[i].code) == 0 &&
			        res->reasons[j].institution_id == w[i].id;
		ok = hits == 1;
	}
	if (!ok) {
		print_error("%s: eligible=%d, got %zu reason(s):\n", name, res->eligible,
		            res->nreasons);
		for (size_t j = 0; j < res->nreasons; j++)
			print_error("  %s id=%lld\n", res->reasons[j].code,
			            res->reasons[j].institution_id);
		fail();
	}
	for (size_t j = 0; j < res->nreasons; j++) {
		const eligibility_reason_def *d = reason_def(res->reasons[j].code);
		assert_non_null(d);
		assert_ptr_equal(res->reasons[j].msg, d->msg);
		assert_ptr_equal(res->reasons[j].clause, d->clause);
	}
}

static size_t want_count(const row *r)
{
	size_t n = 0;
	while (n < sizeof(r->reasons) / sizeof(r->reasons[0]) && r->reasons[n].code != NULL)
		n++;
	return n;
}

static void test_row(void **state)
{
	const row *r = *state;
	eligibility_result res;
	eligibility_check(r->region ? r->region : &PILOT_REGION_JINAN, r->track, r->a, r->n, &res);
	assert_reasons(r->name, &res, r->eligible, r->reasons, want_count(r));
}

static void test_too_many_applicants(void **state)
{
	(void)state;
	const pilot_region *r = &PILOT_REGION_JINAN;
	const size_t max = ELIGIBILITY_MAX_APPLICANTS;
	applicant a[ELIGIBILITY_MAX_APPLICANTS + 1];
	eligibility_result res;
	for (size_t i = 0; i < max + 1; i++)
		a[i] = (applicant)PART(JINAN((long long)i + 1, KIND_SECURITIES_COMPANY));
	a[0].lead = true;
	eligibility_check(r, TRACK_PILOT, a, max, &res);
	assert_true(res.eligible);
	assert_int_equal(res.nreasons, 0);
	eligibility_check(r, TRACK_PILOT, a, max + 1, &res);
	assert_reasons("too_many", &res, false, (const want[]){{"too_many_applicants", 0}}, 1);
	/* coaching: the single-applicant rule says it already */
	for (size_t i = 0; i < max + 1; i++)
		a[i] = (applicant)PART(
		    TECH((long long)i + 1, "370000", "370100", TECH_CSRC_RECOGNIZED_TECH));
	eligibility_check(r, TRACK_COACHING, a, max + 1, &res);
	assert_reasons("too_many_coaching", &res, false,
	               (const want[]){{"coaching_single_applicant", 0}}, 1);
	/* worst case stays within the reasons array */
	for (size_t i = 0; i < max + 1; i++)
		a[i] = (applicant)PART(LOCAL(1, KIND__COUNT, NULL, NULL, NULL));
	eligibility_check(NULL, TRACK_COACHING, a, max + 1, &res);
	assert_false(res.eligible);
	assert_int_equal(res.nreasons, 1 + 2 * ELIGIBILITY_MAX_APPLICANTS);
	eligibility_check(NULL, TRACK_PILOT, a, max + 1, &res);
	assert_false(res.eligible);
	assert_true(res.nreasons <= ELIGIBILITY_MAX_REASONS);
}

static void test_unknown_kind_and_track(void **state)
{
	(void)state;
	eligibility_result res;
	const applicant a[] = {LEAD(JINAN(1, KIND_SECURITIES_COMPANY)),
	                       PART(JINAN(6, KIND__COUNT))};
	eligibility_check(&PILOT_REGION_JINAN, TRACK_PILOT, a, 2, &res);
	assert_reasons("unknown_kind", &res, false, (const want[]){{"unknown_institution_kind", 6}},
	               1);
	eligibility_check(&PILOT_REGION_JINAN, (eligibility_track)7, a, 1, &res);
	assert_reasons("unknown_track", &res, false, (const want[]){{"unknown_track", 0}}, 1);
}

static void test_null_inputs(void **state)
{
	(void)state;
	eligibility_result res;
	const applicant a[] = {LEAD(JINAN(1, KIND_SECURITIES_COMPANY))};
	eligibility_check(&PILOT_REGION_JINAN, TRACK_PILOT, NULL, 3, &res);
	assert_reasons("null_applicants", &res, false, (const want[]){{"no_applicants", 0}}, 1);
	eligibility_check(NULL, TRACK_PILOT, a, 1, &res);
	assert_reasons("null_region", &res, false, (const want[]){{"outside_jurisdiction", 1}}, 1);
	eligibility_check(&PILOT_REGION_JINAN, TRACK_PILOT, a, 1, NULL); /* no crash */
}

/* Every code in the table is unique, documented, and produced by some test above. */
static void test_reason_table(void **state)
{
	(void)state;
	static const char *const elsewhere[] = {"too_many_applicants", "unknown_institution_kind",
	                                        "unknown_track"};
	size_t n = 0;
	for (const eligibility_reason_def *d = ELIGIBILITY_REASONS; d->code != NULL; d++, n++) {
		assert_non_null(d->msg);
		assert_non_null(d->clause);
		assert_true(strncmp(d->clause, "§3", strlen("§3")) == 0);
		assert_int_equal(d->msg[strlen(d->msg) - 1], '.');
		for (const eligibility_reason_def *e = d + 1; e->code != NULL; e++)
			assert_string_not_equal(d->code, e->code);
		bool covered = false;
		for (size_t i = 0; i < 3; i++)
			covered |= strcmp(elsewhere[i], d->code) == 0;
		for (size_t i = 0; !covered && i < NROWS; i++)
			for (size_t k = 0; k < want_count(&ROWS[i]); k++)
				covered |= strcmp(ROWS[i].reasons[k].code, d->code) == 0;
		if (!covered)
			print_error("reason %s is not exercised by any row\n", d->code);
		assert_true(covered);
	}
	assert_int_equal(n, 15);
}

static void test_institution_kinds(void **state)
{
	(void)state;
	static const int classes[KIND__COUNT] = {1, 1, 1, 2, 2, 2, 3, 4, 5, 0};
	static const char *const ids[KIND__COUNT] = {
	    "securities_company",    "futures_company", "fund_manager",           "fund_service",
	    "investment_consulting", "credit_rating",   "regional_equity_market", "fund_custodian",
	    "csrc_recognized",       "tech_firm"};
	for (int k = 0; k < KIND__COUNT; k++) {
		institution_kind parsed;
		assert_string_equal(institution_kind_id((institution_kind)k), ids[k]);
		assert_int_equal(institution_kind_parse(ids[k], &parsed), 0);
		assert_int_equal(parsed, k);
		assert_non_null(institution_kind_label_zh((institution_kind)k));
		assert_non_null(institution_kind_label_en((institution_kind)k));
		assert_int_equal(institution_kind_subject_class((institution_kind)k), classes[k]);
	}
	assert_string_equal(institution_kind_label_zh(KIND_SECURITIES_COMPANY), "证券公司");
	institution_kind k = KIND_FUND_MANAGER;
	assert_int_equal(institution_kind_parse("bank", &k), -1);
	assert_int_equal(institution_kind_parse("", &k), -1);
	assert_int_equal(institution_kind_parse("Tech_Firm", &k), -1);
	assert_int_equal(institution_kind_parse(NULL, &k), -1);
	assert_int_equal(k, KIND_FUND_MANAGER); /* untouched on failure */
	assert_null(institution_kind_id(KIND__COUNT));
	assert_null(institution_kind_label_en((institution_kind)-1));
	assert_int_equal(institution_kind_subject_class(KIND__COUNT), -1);
}

static void test_tech_categories(void **state)
{
	(void)state;
	static const char *const ids[] = {NULL, "csrc_filed_it_service", "securities_it_subsidiary",
	                                  "csrc_recognized_tech"};
	for (int t = 0; t < TECH__COUNT; t++) {
		tech_category parsed = TECH__COUNT;
		const char *id = tech_category_id((tech_category)t);
		if (ids[t] == NULL)
			assert_null(id);
		else
			assert_string_equal(id, ids[t]);
		assert_int_equal(tech_category_parse(ids[t], &parsed), 0);
		assert_int_equal(parsed, t);
		assert_non_null(tech_category_label_zh((tech_category)t));
		assert_non_null(tech_category_label_en((tech_category)t));
	}
	tech_category t = TECH_CSRC_FILED_IT_SERVICE;
	assert_int_equal(tech_category_parse("", &t), 0);
	assert_int_equal(t, TECH_NONE);
	assert_int_equal(tech_category_parse("bank_it", &t), -1);
	assert_null(tech_category_id(TECH__COUNT));
	assert_null(tech_category_label_zh(TECH__COUNT));
}

static void test_tracks(void **state)
{
	(void)state;
	static const char *const ids[] = {"pilot", "coaching"};
	assert_enum_ids(eligibility_track, eligibility_track_id, eligibility_track_parse, ids, 9,
	                "Pilot", NULL);
}

static void test_region_jurisdiction(void **state)
{
	(void)state;
	const pilot_region *r = &PILOT_REGION_JINAN;
	assert_true(region_in_jurisdiction(r, "370000", "370100"));
	assert_true(region_in_jurisdiction(r, "370000", "370600"));
	assert_false(region_in_jurisdiction(r, "370000", "370200")); /* CSRC Qingdao Bureau */
	assert_false(region_in_jurisdiction(r, "110000", "110000"));
	assert_false(region_in_jurisdiction(r, "山东", "370100")); /* normalised upstream */
	assert_false(region_in_jurisdiction(r, NULL, "370100"));
	assert_false(region_in_jurisdiction(r, "370000", NULL));
	assert_false(region_in_jurisdiction(NULL, "370000", "370100"));
	assert_true(region_is_pilot_city(r, "370100"));
	assert_false(region_is_pilot_city(r, "370300"));
	assert_false(region_is_pilot_city(r, NULL));
	assert_true(region_in_jurisdiction(&CHENGDU, "510000", "510700") == false);
	assert_true(region_in_jurisdiction(&CHENGDU, "510000", "510600"));
	/* a full exclusion list without a NULL terminator is read to its end, not beyond */
	pilot_region full = {
	    "990100",
	    "990000",
	    {"990200", "990300", "990400", "990500", "990600", "990700", "990800", "990900"},
	    "",
	    ""};
	assert_false(region_in_jurisdiction(&full, "990000", "990900"));
	assert_true(region_in_jurisdiction(&full, "990000", "990100"));
	/* codes, not names: a name is never a place */
	assert_false(region_in_jurisdiction(r, "山东省", "济南市"));
	assert_false(region_in_jurisdiction(r, "370000", "济南市"));
	assert_true(region_is_pilot_province(r, "370000"));
	assert_false(region_is_pilot_province(r, "110000"));
	assert_false(region_is_pilot_province(NULL, "370000"));
}

int main(void)
{
	struct CMUnitTest tests[NROWS + 9];
	size_t n = 0;
	for (size_t i = 0; i < NROWS; i++)
		tests[n++] =
		    (struct CMUnitTest){ROWS[i].name, test_row, NULL, NULL, (void *)&ROWS[i]};
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_too_many_applicants);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_unknown_kind_and_track);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_null_inputs);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_reason_table);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_institution_kinds);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_tech_categories);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_tracks);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_region_jurisdiction);
	return _cmocka_run_group_tests("eligibility", tests, n, NULL, NULL);
}
