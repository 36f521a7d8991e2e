/* institution: the kinds of institution §3 names, and the facts eligibility is judged on. */
#ifndef BAOTU_CORE_INSTITUTION_H
#define BAOTU_CORE_INSTITUTION_H
#include <stdbool.h>

/* §3.1 items 1..5 (applicant subjects) and §3.2 technology firms. */
typedef enum {
	KIND_SECURITIES_COMPANY,     /* §3.1 item 1 */
	KIND_FUTURES_COMPANY,        /* §3.1 item 1 */
	KIND_FUND_MANAGER,           /* §3.1 item 1 */
	KIND_FUND_SERVICE,           /* §3.1 item 2: fund sales, registration, valuation... */
	KIND_INVESTMENT_CONSULTING,  /* §3.1 item 2 */
	KIND_CREDIT_RATING,          /* §3.1 item 2 */
	KIND_REGIONAL_EQUITY_MARKET, /* §3.1 item 3 */
	KIND_FUND_CUSTODIAN,         /* §3.1 item 4 */
	KIND_CSRC_RECOGNIZED,        /* §3.1 item 5 */
	KIND_TECH_FIRM,              /* §3.2: not an applicant subject */
	KIND__COUNT
} institution_kind;

/* Stable ids: securities_company futures_company fund_manager fund_service
 * investment_consulting credit_rating regional_equity_market fund_custodian csrc_recognized
 * tech_firm. NULL for a value out of range. */
const char *institution_kind_id(institution_kind k);
const char *institution_kind_label_zh(institution_kind k); /* e.g. 证券公司 */
const char *institution_kind_label_en(institution_kind k);
int institution_kind_parse(const char *id, institution_kind *out); /* 0 ok, -1 unknown or NULL */
/* §3.1 item 1..5; 0 for tech_firm (not an applicant subject); -1 out of range. */
int institution_kind_subject_class(institution_kind k);

/* §3.3 the three kinds of tech firm admitted to coaching. */
typedef enum {
	TECH_NONE = 0,
	TECH_CSRC_FILED_IT_SERVICE,    /* §3.3 (a) IT system service institution filed with CSRC */
	TECH_SECURITIES_IT_SUBSIDIARY, /* §3.3 (b) IT subsidiary of a securities/futures operator */
	TECH_CSRC_RECOGNIZED_TECH,     /* §3.3 (c) other CSRC-recognised representative firm */
	TECH__COUNT
} tech_category;

/* Ids: csrc_filed_it_service securities_it_subsidiary csrc_recognized_tech; TECH_NONE and
 * out-of-range values have id NULL. Labels: TECH_NONE is "无" / "None"; out of range NULL. */
const char *tech_category_id(tech_category t);
const char *tech_category_label_zh(tech_category t);
const char *tech_category_label_en(tech_category t);
/* NULL or "" -> TECH_NONE; 0 ok, -1 unknown. */
int tech_category_parse(const char *id, tech_category *out);

/* What eligibility (§3) is judged on. Strings are borrowed, may be NULL (unknown). */
typedef struct institution_facts {
	long long id; /* > 0 */
	institution_kind kind;
	/* Places are GB/T 2260 division codes (core/division.h); NULL when not known as one:
	 * a city outside the listed divisions, or a row not yet mapped to codes. */
	const char *registered_province_code; /* 注册登记地 */
	const char *registered_city_code;
	const char *main_office_city_code; /* 主要办公地 */
	bool national;                /* 全国性机构 */
	bool jinan_branch;            /* important branch (重要分支机构) in the pilot city */
	tech_category tech;           /* meaningful for tech_firm only */
} institution_facts;

#endif
