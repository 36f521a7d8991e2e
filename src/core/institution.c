#include <stddef.h>
#include <string.h>

#include "core/text.h"

#include "core/institution.h"

/* A value's stable id and its labels. */
typedef struct value_names {
	const char *id, *zh, *en;
} value_names;

static const struct {
	value_names names;
	int subject_class;
} KINDS[KIND__COUNT] = {
    [KIND_SECURITIES_COMPANY] = {{"securities_company", "证券公司", "Securities company"}, 1},
    [KIND_FUTURES_COMPANY] = {{"futures_company", "期货公司", "Futures company"}, 1},
    [KIND_FUND_MANAGER] = {{"fund_manager", "基金管理公司", "Fund management company"}, 1},
    [KIND_FUND_SERVICE] = {{"fund_service", "基金服务机构", "Fund service institution"}, 2},
    [KIND_INVESTMENT_CONSULTING] = {{"investment_consulting", "证券投资咨询机构",
                                     "Securities investment consulting institution"},
                                    2},
    [KIND_CREDIT_RATING] = {{"credit_rating", "资信评级机构", "Credit rating agency"}, 2},
    [KIND_REGIONAL_EQUITY_MARKET] = {{"regional_equity_market", "区域性股权市场运营机构",
                                      "Regional equity market operator"},
                                     3},
    [KIND_FUND_CUSTODIAN] = {{"fund_custodian", "基金托管机构", "Fund custodian"}, 4},
    [KIND_CSRC_RECOGNIZED] = {{"csrc_recognized", "其他中国证监会认可的机构",
                               "Other institution recognised by the CSRC"},
                              5},
    /* §3.2: a tech firm is not an applicant subject */
    [KIND_TECH_FIRM] = {{"tech_firm", "科技企业", "Technology firm"}, 0},
};

static const value_names TECHS[TECH__COUNT] = {
    [TECH_NONE] = {NULL, "无", "None"},
    [TECH_CSRC_FILED_IT_SERVICE] = {"csrc_filed_it_service",
                                    "纳入中国证监会备案管理的信息技术系统服务机构",
                                    "IT system service institution filed with the CSRC"},
    [TECH_SECURITIES_IT_SUBSIDIARY] = {"securities_it_subsidiary",
                                       "证券期货经营机构下设的信息技术子公司",
                                       "IT subsidiary of a securities or futures operator"},
    [TECH_CSRC_RECOGNIZED_TECH] = {"csrc_recognized_tech", "中国证监会认可的具有代表性的科技企业",
                                   "Representative technology firm recognised by the CSRC"},
};

static bool kind_ok(institution_kind k)
{
	return (int)k >= 0 && (int)k < KIND__COUNT;
}

static const value_names *kind_names(institution_kind k)
{
	return kind_ok(k) ? &KINDS[k].names : NULL;
}

static const value_names *tech_names(tech_category t)
{
	return (int)t >= 0 && (int)t < TECH__COUNT ? &TECHS[t] : NULL;
}

/* FUNCTION(v): one of names(v), a value's id or a label; NULL out of range (institution.h). */
#define VALUE_NAME(function, type, names, form)                                                    \
	const char *function(type v)                                                               \
	{                                                                                          \
		return names(v) ? names(v)->form : NULL;                                           \
	}

VALUE_NAME(institution_kind_id, institution_kind, kind_names, id)
VALUE_NAME(institution_kind_label_zh, institution_kind, kind_names, zh)
VALUE_NAME(institution_kind_label_en, institution_kind, kind_names, en)
VALUE_NAME(tech_category_id, tech_category, tech_names, id)
VALUE_NAME(tech_category_label_zh, tech_category, tech_names, zh)
VALUE_NAME(tech_category_label_en, tech_category, tech_names, en)

int institution_kind_parse(const char *id, institution_kind *out)
{
	if (id == NULL)
		return -1;
	for (int k = 0; k < KIND__COUNT; k++) {
		if (strcmp(KINDS[k].names.id, id) == 0) {
			if (out != NULL)
				*out = (institution_kind)k;
			return 0;
		}
	}
	return -1;
}

int institution_kind_subject_class(institution_kind k)
{
	return kind_ok(k) ? KINDS[k].subject_class : -1;
}

int tech_category_parse(const char *id, tech_category *out)
{
	tech_category t = TECH_NONE;
	/* an absent value (JSON null, an empty form select) means "no category" */
	if (id != NULL && id[0] != '\0') {
		int i = ID_INDEX(TECHS, TECH__COUNT, id);
		if (i < 0)
			return -1;
		t = (tech_category)i;
	}
	if (out != NULL)
		*out = t;
	return 0;
}
