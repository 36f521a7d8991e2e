/* The demo pilot: institutions of every kind around Jinan, users of every role.
 * The log-ins are a fixed contract that README and tests rely on. */
#include "app/demo.h"

#include <string.h>

#include "app/complaints.h"
#include "app/evaluations.h"
#include "app/exchange.h"
#include "app/incidents.h"
#include "app/indicators.h"
#include "app/inspections.h"
#include "app/jobs.h"
#include "app/materials.h"
#include "app/notices.h"
#include "app/projects.h"
#include "app/reports.h"
#include "app/review.h"
#include "app/sanctions.h"
#include "app/app_internal.h"
#include "core/calendar.h"
#include "core/credit_code.h"
#include "core/evaluation.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/time.h"
#include "store/notices.h"
#include "store/settings.h"
#include "store/users.h"

static int demo_projects(app *ap, arena *a, err *e);

typedef struct demo_inst {
	const char *user; /* the institution's demo log-in */
	const char *name;
	const char *code17; /* credit code without its check character */
	const char *kind, *province, *city, *office;
	bool national, branch;
	const char *tech;
} demo_inst;

static const demo_inst INSTS[] = {
    {"quancheng-sec", "泉城证券股份有限公司", "91370100MA3C00001", "securities_company", "山东省",
     "济南市", "济南市", false, false, NULL},
    /* §3.1: places in any form, short or English, are one division */
    {"qilu-futures", "齐鲁期货有限公司", "91370100MA3C00002", "futures_company", "山东", "济南",
     "Jinan", false, false, NULL},
    {"lixia-fund", "历下基金管理有限公司", "91370300MA3C00003", "fund_manager", "山东省", "淄博市",
     "济南市", false, false, NULL},
    /* a credit code issued in Laiwu before 2019 (3712): Jinan today, no warning */
    {"luoyuan-sales", "泺源基金销售有限公司", "91371202MA3C00004", "fund_service", "山东省",
     "济南市", "济南市", false, false, NULL},
    {"baotu-advisory", "趵突泉投资咨询有限公司", "91370100MA3C00005", "investment_consulting",
     "山东省", "济南市", "济南市", false, false, NULL},
    {"hualu-rating", "华鲁资信评估有限公司", "91370100MA3C00006", "credit_rating", "山东省",
     "济南市", "济南市", false, false, NULL},
    {"qilu-equity", "齐鲁区域股权交易中心有限公司", "91370100MA3C00007", "regional_equity_market",
     "山东省", "济南市", "济南市", false, false, NULL},
    {"shanhe-bank", "山河银行股份有限公司", "91110000MA0C00008", "fund_custodian", "北京市",
     "北京市", "北京市", true, true, NULL},
    /* a credit code issued in Qingdao by a firm now registered in Jinan: a warning for an
     * officer to acknowledge (§3.1) */
    {"haidai-data", "海岱金融数据服务有限公司", "91370202MA3C00009", "csrc_recognized", "山东省",
     "济南市", "济南市", false, false, NULL},
    {"quanzhi-tech", "泉智信息技术有限公司", "91370100MA3C00010", "tech_firm", "山东省", "济南市",
     "济南市", false, false, "csrc_filed_it_service"},
    {"shenlan-tech", "深蓝链科技有限公司", "91440300MA5C00011", "tech_firm", "广东省", "深圳市",
     "深圳市", false, false, NULL},
    {"haigang-sec", "海港证券有限公司", "91370200MA3C00012", "securities_company", "山东省",
     "青岛市", "青岛市", false, false, NULL},
};

static const struct {
	const char *user, *role, *name;
} STAFF[] = {
    {"admin", "admin", "系统管理员"},         {"officer", "officer", "专项工作组经办"},
    {"leader", "leader", "专项工作组负责人"}, {"csrc", "csrc", "证监会科技监管局"},
    {"expert1", "expert", "评审专家一"},      {"expert2", "expert", "评审专家二"},
    {"expert3", "expert", "评审专家三"},
};

int demo_seed(app *ap, err *e)
{
	arena *a = arena_new();
	int rc = -1;
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		goto out;
	const char *demo = NULL;
	int64_t users = 0, institutions = 0;
	int q = store_setting_get(c, a, "demo", &demo, e) < 0 || users_count(c, a, &users, e) < 0 ||
	                institutions_count(c, a, &institutions, e) < 0
	            ? -1
	            : 0;
	app_read_end(c);
	if (q < 0)
		goto out;
	if (demo) {
		rc = 0; /* already seeded */
		goto out;
	}
	if (users + institutions > 0) {
		err_set(e, 409, "not_empty", "db",
		        "The database holds real data; the demo seeds only a new database.");
		goto out;
	}
	for (size_t i = 0; i < sizeof STAFF / sizeof *STAFF; i++)
		if (user_create(ap, a, &ACTOR_CLI, STAFF[i].user, STAFF[i].role, 0, STAFF[i].name,
		                DEMO_PASSWORD, NULL, e) < 0)
			goto out;
	for (size_t i = 0; i < sizeof INSTS / sizeof *INSTS; i++) {
		const demo_inst *d = &INSTS[i];
		char code[19];
		snprintf(code, sizeof code, "%s%c", d->code17, credit_code_check_char(d->code17));
		json_t *b =
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s?, s:s}", "name",
		              d->name, "credit_code", code, "kind", d->kind, "registered_province",
		              d->province, "registered_city", d->city, "main_office_city",
		              d->office, "national", d->national, "jinan_branch", d->branch,
		              "tech_category", d->tech, "reason", "演示数据");
		json_t *out = NULL;
		int irc = institution_create(ap, a, &ACTOR_CLI, b, &out, e);
		json_decref(b);
		if (irc < 0)
			goto out;
		int64_t id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		if (user_create(ap, a, &ACTOR_CLI, d->user, "institution", id, d->name,
		                DEMO_PASSWORD, NULL, e) < 0)
			goto out;
	}
	if (demo_projects(ap, a, e) < 0)
		goto out;
	c = app_tx_begin(ap, e);
	if (!c)
		goto out;
	int wrc = settings_insert(c, a, "demo", "1", e) < 0 ||
	                  app_event_named(c, a, &ACTOR_CLI, "settings", "demo", "settings.changed",
	                                  "演示数据已载入", json_pack("{s:s}", "demo", "1"), e) < 0
	              ? -1
	              : 0;
	if (app_tx_end(c, wrc, e) < 0)
		goto out;
	rc = 0;
out:
	arena_free(a);
	return rc;
}

void demo_print_logins(app *ap, FILE *out)
{
	fprintf(out, "Demo log-ins (password for all: %s)\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof STAFF / sizeof *STAFF; i++)
		fprintf(out, "  %-16s %s\n", STAFF[i].user, STAFF[i].role);
	for (size_t i = 0; i < sizeof INSTS / sizeof *INSTS; i++)
		fprintf(out, "  %-16s institution  %s\n", INSTS[i].user, INSTS[i].name);
}

/* ---- a living pilot: projects in every state, seeded back in time through the use cases ---- */

typedef struct demo_ctx {
	app *ap;
	arena *a;
	err *e;
	int64_t now;
	const char *step; /* what was being done, for the log when a step fails */
} demo_ctx;

#define DAY_US (86400LL * 1000000)

/* Puts the clock at 10:00 CST, d days ago (plus a few minutes per step). */
static void at(demo_ctx *x, int d, int minute)
{
	int64_t day0 = cal_start_us_cst(cal_from_us_cst(x->now - (int64_t)d * DAY_US));
	time_set_override(day0 + (10 * 60 + minute) * 60LL * 1000000);
}

static int who(demo_ctx *x, const char *username, actor *out)
{
	store_conn *c = app_read_begin(x->ap, x->e);
	if (!c)
		return -1;
	store_result *r;
	int found = users_find_by_name(c, x->a, username, &r, x->e);
	app_read_end(c);
	if (found <= 0)
		return err_set(x->e, 500, "demo", NULL, "Seeding the demo failed.");
	*out = (actor){0};
	out->user_id = store_get_int(r, 0, "id");
	out->username = arena_strdup(x->a, username);
	out->role = role_parse(store_get(r, 0, "role"));
	out->institution_id = store_get_int(r, 0, "institution_id");
	out->label = arena_printf(x->a, "user:%lld", (long long)out->user_id);
	return 0;
}

static int64_t inst_id(demo_ctx *x, const char *username)
{
	actor u;
	return who(x, username, &u) < 0 ? 0 : u.institution_id;
}

static json_t *content(demo_ctx *x, const char *summary, const char *scenario, int64_t provider,
                       const char *tech)
{
	char due[11];
	cal_format(cal_from_us_cst(x->now + 180 * DAY_US), due);
	return json_pack(
	    "{s:s, s:[{s:s, s:s, s:I}], s:[s], s:s, s:s, s:{s:i, s:I, s:I, s:[s], s:i}, s:s, "
	    "s:[s, s], s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:[{s:s, s:s}], s:[s, s]}",
	    "summary", summary, "scenarios", "name", scenario, "description",
	    "在持牌机构的业务场景中，以新技术提升服务效率与风险识别能力。",
	    "provider_institution_id", (json_int_t)provider, "technologies", tech,
	    "service_content", "面向合格投资者提供试点范围内的服务，交易由持牌机构完成。",
	    "target_investors", "济南市内经适当性评估的个人及机构投资者", "test_boundaries",
	    "customer_cap", 2000, "per_transaction_limit_fen", (json_int_t)5000000,
	    "per_investor_limit_fen", (json_int_t)50000000, "regions", "济南市", "duration_months",
	    12, "hypothesis", "新技术可在不增加风险的前提下提升服务效率与合规水平。",
	    "success_measures", "投诉率不高于传统业务", "风险事件零发生", "risk_controls",
	    "客户数与单笔限额双重控制，实时监测异常交易，触发阈值即暂停。", "investor_protection",
	    "complaint_channel", "客服热线与线上投诉入口，24小时受理", "dispute_handling",
	    "先行协商，必要时提交证券纠纷调解中心", "compensation",
	    "设立专项风险准备金，经核实的损失先行赔付", "emergency_plan",
	    "系统故障时一键切换至传统流程，30分钟内恢复服务。", "exit_plan",
	    "提前30日公告，妥善处理存量业务并保障投资者权益。", "funding_guarantee",
	    "牵头单位自有资金投入不低于500万元。", "timeline", "milestone", "完成上线", "due_on",
	    due, "commitments", "严格在测试边界内开展业务", "如实、准确、完整报送运行情况");
}

static const char *const PDF =
    "%PDF-1.4\n% demo material\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

static int draft(demo_ctx *x, const char *lead, const char *partner, const char *track,
                 const char *name, const char *summary, const char *scenario, const char *provider,
                 const char *tech, int64_t *pid)
{
	actor u;
	x->step = name;
	if (who(x, lead, &u) < 0)
		return -1;
	json_t *body = content(x, summary, scenario, inst_id(x, provider), tech);
	json_object_set_new(body, "track", json_string(track));
	json_object_set_new(body, "name", json_string(name));
	json_t *members = json_array();
	json_array_append_new(members, json_pack("{s:I, s:b, s:s}", "institution_id",
	                                         (json_int_t)u.institution_id, "lead", 1, "role",
	                                         "牵头研发、运营与风险管理"));
	if (partner)
		json_array_append_new(members, json_pack("{s:I, s:b, s:s}", "institution_id",
		                                         (json_int_t)inst_id(x, partner), "lead", 0,
		                                         "role", "提供持牌业务场景并承担合规责任"));
	json_object_set_new(body, "members", members);
	json_t *out = NULL;
	int rc = project_create(x->ap, x->a, &u, body, &out, x->e);
	json_decref(body);
	if (rc < 0)
		return -1;
	*pid = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	/* The materials of the track (and the joint agreement for a joint application). */
	static const char *const kinds[] = {
	    "application_form", "technical_plan", "risk_assessment", "investor_protection_plan",
	    "emergency_plan",   "exit_plan",      "joint_agreement", NULL};
	for (const char *const *k = kinds; *k; k++) {
		if (!partner && !strcmp(*k, "joint_agreement"))
			continue;
		material_upload_in in = {*k, arena_printf(x->a, "%s.pdf", *k), PDF, strlen(PDF)};
		json_t *m = NULL;
		if (material_upload(x->ap, x->a, &u, *pid, &in, &m, x->e) < 0)
			return -1;
		json_decref(m);
	}
	return 0;
}

static int act(demo_ctx *x, const char *user, int64_t pid, const char *action, json_t *body)
{
	actor u;
	x->step = action;
	if (who(x, user, &u) < 0) {
		json_decref(body);
		return -1;
	}
	if (!body)
		body = json_object();
	json_t *out = NULL;
	int status = 0;
	int rc = project_act(x->ap, x->a, &u, pid, action, body, &out, &status, x->e);
	json_decref(body);
	if (rc < 0)
		return -1;
	int64_t decision =
	    status == 202
	        ? json_integer_value(json_object_get(json_object_get(out, "decision"), "id"))
	        : 0;
	json_decref(out);
	out = NULL;
	if (decision) { /* maker-checker: the leader approves the officer's proposal */
		actor leader;
		if (who(x, "leader", &leader) < 0)
			return -1;
		json_t *b = json_pack("{s:s}", "reason", "同意。");
		rc = decision_settle(x->ap, x->a, &leader, decision, true, b, &out, x->e);
		json_decref(b);
		json_decref(out);
	}
	return rc;
}

static json_t *why(const char *reason)
{
	return json_pack("{s:s}", "reason", reason);
}

/* Through submission: partner confirms, lead submits. */
static int submit(demo_ctx *x, int64_t pid, const char *lead, const char *partner)
{
	if (partner && act(x, partner, pid, "confirm", NULL) < 0)
		return -1;
	return act(x, lead, pid, "submit", NULL);
}

static int accept(demo_ctx *x, int64_t pid, int64_t batch)
{
	return act(x, "officer", pid, "accept",
	           json_pack("{s:s, s:I}", "reason", "材料齐全、规范，予以受理。", "batch_id",
	                     (json_int_t)batch));
}

static int assign(demo_ctx *x, int64_t pid, const char *expert)
{
	actor officer, ex;
	if (who(x, "officer", &officer) < 0 || who(x, expert, &ex) < 0)
		return -1;
	x->step = "assign";
	json_t *b = json_pack("{s:I}", "expert_id", (json_int_t)ex.user_id), *out = NULL;
	int rc = assignment_add(x->ap, x->a, &officer, pid, b, &out, x->e);
	json_decref(b);
	json_decref(out);
	return rc;
}

static int score(demo_ctx *x, int64_t pid, const char *expert, int base)
{
	actor ex;
	if (who(x, expert, &ex) < 0)
		return -1;
	x->step = "score";
	static const char *const criteria[] = {"innovativeness", "feasibility",
	                                       "security",       "goal_reasonableness",
	                                       "risk_controls",  "industrial_fit"};
	json_t *scores = json_object();
	for (int i = 0; i < 6; i++) {
		int v = base + (i % 3) - 1;
		json_object_set_new(scores, criteria[i],
		                    json_pack("{s:i, s:s}", "score",
		                              v < 1    ? 1
		                              : v > 10 ? 10
		                                       : v,
		                              "comment",
		                              "论证较充分，建议关注数据安全与投资者适当性。"));
	}
	json_t *b = json_pack("{s:o}", "scores", scores), *out = NULL;
	int rc = score_submit(x->ap, x->a, &ex, pid, b, &out, x->e);
	json_decref(b);
	json_decref(out);
	return rc;
}

/* From accepted to selected (or not) with two experts' scores. */
static int review(demo_ctx *x, int64_t pid, int d, int s1, int s2, bool selected)
{
	at(x, d, 0);
	if (assign(x, pid, "expert1") < 0 || assign(x, pid, "expert2") < 0 ||
	    act(x, "officer", pid, "start_review", why("启动专家评审。")) < 0)
		return -1;
	at(x, d - 3, 0);
	if (score(x, pid, "expert1", s1) < 0 || score(x, pid, "expert2", s2) < 0)
		return -1;
	at(x, d - 5, 0);
	return act(x, "officer", pid, selected ? "select" : "reject",
	           why(selected ? "评审得分靠前，符合济南市产业发展导向，拟入选。"
	                        : "评审得分未达入选线。"));
}

static int to_csrc(demo_ctx *x, int64_t pid, int d)
{
	at(x, d, 0);
	return act(x, "officer", pid, "forward_csrc", why("报证监会科技监管局专业评估。"));
}

static int csrc(demo_ctx *x, int64_t pid, int d, bool pass)
{
	at(x, d, 0);
	return act(x, "csrc", pid, pass ? "csrc_pass" : "csrc_fail",
	           json_pack("{s:s, s:s}", "reason", pass ? "专业评估通过。" : "专业评估未通过。",
	                     "opinion",
	                     pass ? "技术方案可行，风险控制措施基本到位，同意进入公示。"
	                          : "数据来源合规性论证不足，模型可解释性欠缺。"));
}

static int publish(demo_ctx *x, int64_t pid, int d)
{
	at(x, d, 0);
	return act(x, "officer", pid, "publish_notice", why("经专业评估通过，予以社会公示。"));
}

static int comment_cycle(demo_ctx *x, int64_t pid, const char *lead, int d)
{
	store_conn *c = app_read_begin(x->ap, x->e);
	if (!c)
		return -1;
	int64_t notice;
	int rc = notices_id_by_project(c, x->a, pid, &notice, x->e);
	app_read_end(c);
	if (rc <= 0)
		return -1;
	x->step = "comment";
	at(x, d, 0);
	json_t *b =
	           json_pack("{s:s, s:s}", "body",
	                     "算法推荐是否会诱导老年投资者超出风险承受能力交易？出现损失如何赔付？",
	                     "author", "一位济南投资者"),
	       *out = NULL;
	rc = comment_submit(x->ap, x->a, notice, b, "127.0.0.1", &out, x->e);
	json_decref(b);
	if (rc < 0)
		return -1;
	int64_t cid = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	actor officer, l;
	if (who(x, "officer", &officer) < 0 || who(x, lead, &l) < 0)
		return -1;
	at(x, d, 30);
	b = json_pack("{s:s, s:s}", "status", "published", "reason", "内容相关，予以公开。");
	rc = comment_moderate(x->ap, x->a, &officer, cid, b, &out, x->e);
	json_decref(b);
	json_decref(out);
	if (rc < 0)
		return -1;
	b = json_pack("{s:s, s:s}", "classification", "major_risk", "reason",
	              "涉及适当性管理与损失补偿，属重大隐患。");
	rc = comment_classify(x->ap, x->a, &officer, cid, b, &out, x->e);
	json_decref(b);
	json_decref(out);
	if (rc < 0)
		return -1;
	at(x, d - 1, 0);
	b = json_pack("{s:s, s:s, s:s}", "response", "已增加年龄与风险测评双重校验。", "safeguards",
	              "65岁以上客户默认仅推荐R2及以下产品，超限交易需人工复核。", "compensation",
	              "因算法推荐不当造成的损失，由风险准备金先行全额赔付。");
	rc = comment_respond(x->ap, x->a, &l, cid, b, &out, x->e);
	json_decref(b);
	json_decref(out);
	return rc;
}

static int launch(demo_ctx *x, int64_t pid, int d)
{
	at(x, d, 0);
	return act(x, "officer", pid, "launch", why("公示期满，未发现重大隐患，启动试点。"));
}

/* A coaching project of the Jinan tech firm (§3.3) taken to its launch, and the day (so many
 * days ago) of each step. */
typedef struct coaching_story {
	const char *name, *summary, *scenario, *tech;
	int drafted, accepted, reviewed, score1, score2, forwarded, evaluated, published, launched;
} coaching_story;

static const coaching_story COACHING[] = {
    {"证券信息系统智能运维（辅导）", "以机器学习预测证券核心系统故障。", "核心交易系统运维", "ai",
     424, 420, 415, 8, 7, 405, 400, 398, 385},
    {"基于知识图谱的合规监测（辅导）", "以知识图谱识别证券业务中的合规风险。", "合规监测",
     "big_data", 228, 224, 199, 7, 8, 189, 169, 159, 139},
};

static int coaching(demo_ctx *x, const coaching_story *s, int64_t batch)
{
	int64_t p;
	at(x, s->drafted, 0);
	if (draft(x, "quanzhi-tech", NULL, "coaching", s->name, s->summary, s->scenario,
	          "quancheng-sec", s->tech, &p) < 0 ||
	    submit(x, p, "quanzhi-tech", NULL) < 0)
		return -1;
	at(x, s->accepted, 0);
	return accept(x, p, batch) < 0 ||
	               review(x, p, s->reviewed, s->score1, s->score2, true) < 0 ||
	               to_csrc(x, p, s->forwarded) < 0 || csrc(x, p, s->evaluated, true) < 0 ||
	               publish(x, p, s->published) < 0 || launch(x, p, s->launched) < 0
	           ? -1
	           : 0;
}

/* ---- a pilot under supervision (§4.3): five months of it, seeded day by day ---- */

/* The fund-advice pilot launched so many days before the demo's now. */
#define SUP_LAUNCH 155

/* A day's figures (k days before now; t days since the launch): customers grow steadily
 * and pass the warning line (80% of the cap of 2000) 14 days ago; the largest transaction
 * breaks the per-transaction limit (50,000 yuan) once, 12 days ago; complaints peak 60 days
 * ago, availability dips 45 days ago, and the security events' feed broke three days after
 * the launch. */
static unsigned mix(int t)
{
	return ((unsigned)t * 2654435761u) >> 16;
}

static int64_t sup_customers(int k)
{
	return 60 + 11LL * (SUP_LAUNCH - k);
}

typedef struct sup_point {
	const char *key;
	bool integer;
	long long i;
	double r;
} sup_point;

/* The points of day k; *n of them. */
static void sup_day(int k, sup_point out[7], int *n)
{
	int t = SUP_LAUNCH - k;
	unsigned h = mix(t);
	*n = 0;
	out[(*n)++] = (sup_point){"customers", true, sup_customers(k), 0};
	out[(*n)++] = (sup_point){"max_transaction_fen", true,
	                          k == 12 ? 5380000 : 1200000 + (long long)(h % 24) * 100000, 0};
	out[(*n)++] = (sup_point){"max_investor_exposure_fen", true,
	                          8000000 + (long long)(h % 120) * 100000, 0};
	out[(*n)++] = (sup_point){"daily_volume_fen", true,
	                          sup_customers(k) * 35000 + (long long)(h % 7) * 1000000, 0};
	out[(*n)++] = (sup_point){"complaints", true, k == 60 ? 3 : h % 9 == 4 ? 1 : 0, 0};
	/* the dip is a value a double holds exactly: an alert's event carries it as a JSON real,
	 * which an export's verifier outside our C (docs/AUDIT.md) may print otherwise */
	out[(*n)++] = (sup_point){"availability_pct", false, 0,
	                          k == 45 ? 99.25 : 99.9 + (double)(h % 11) / 100};
	if (k >= SUP_LAUNCH - 2)
		out[(*n)++] = (sup_point){"security_events", true, 0, 0};
}

/* The lead's systems send the points of days from..to (k, from > to), each at 22:00 CST. */
static int sup_ingest(demo_ctx *x, int64_t pid, int from, int to)
{
	actor lead;
	if (who(x, "lixia-fund", &lead) < 0)
		return -1;
	metrics_point_in *pts = arena_alloc(x->a, sizeof *pts * 7 * (size_t)(from - to + 1));
	size_t n = 0;
	for (int k = from; k >= to; k--) {
		sup_point day[7];
		int m;
		sup_day(k, day, &m);
		int64_t at = cal_start_us_cst(cal_from_us_cst(x->now - (int64_t)k * DAY_US)) +
		             22 * 3600LL * 1000000;
		char iso[40];
		time_format_iso(at, iso, sizeof iso);
		const char *s = arena_strdup(x->a, iso);
		for (int i = 0; i < m; i++)
			pts[n++] =
			    (metrics_point_in){day[i].key, s, day[i].integer, day[i].i, day[i].r};
	}
	x->step = "metrics_ingest";
	json_t *out = NULL;
	int rc = metrics_ingest_points(x->ap, x->a, &lead, pid, pts, n, &out, x->e);
	json_decref(out);
	return rc;
}

typedef int (*sup_fn)(app *, arena *, const actor *, int64_t, const json_t *, json_t **, err *);

/* user calls f(id, body) (body taken); the id of what it answers, or -1. */
static int64_t sup_call(demo_ctx *x, const char *user, const char *step, sup_fn f, int64_t id,
                        json_t *body)
{
	actor u;
	x->step = step;
	if (who(x, user, &u) < 0) {
		json_decref(body);
		return -1;
	}
	json_t *out = NULL;
	int rc = f(x->ap, x->a, &u, id, body, &out, x->e);
	json_decref(body);
	int64_t got = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	return rc < 0 ? -1 : got;
}

/* A date so many days from the demo's now ("YYYY-MM-DD", arena). */
static const char *sup_date(demo_ctx *x, int days_ahead)
{
	char *d = arena_alloc(x->a, 11);
	cal_format(cal_from_us_cst(x->now + (int64_t)days_ahead * DAY_US), d);
	return d;
}

/* The scheduler's daily pass over reports, at 08:00 CST of day d. */
static int sup_sweep(demo_ctx *x, int d)
{
	at(x, d, -120);
	int64_t now = time_now_us();
	int n;
	x->step = "report_jobs";
	return reports_generate_due(x->ap, x->a, now, &n, x->e) < 0 ||
	               reports_remind_due(x->ap, x->a, now, &n, x->e) < 0 ||
	               reports_overdue_due(x->ap, x->a, now, &n, x->e) < 0 ||
	               reports_escalate_due(x->ap, x->a, now, &n, x->e) < 0
	           ? -1
	           : 0;
}

/* The lead reports on its reminder day, the officer accepts the next morning; the last
 * monthly report that fell due within the month before now is left unsubmitted: overdue. */
static int sup_reports(demo_ctx *x, int64_t pid, int d)
{
	actor officer, lead;
	if (who(x, "officer", &officer) < 0 || who(x, "lixia-fund", &lead) < 0)
		return -1;
	at(x, d, -30);
	x->step = "report_accept";
	json_t *l = report_list(x->ap, x->a, &officer, pid, "submitted", 0, 100, x->e);
	if (!l)
		return -1;
	int rc = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(l, "items"), i, r)
	{
		json_t *b = why("数据完整，与监测数据一致，予以接收。"), *out = NULL;
		rc = report_decide(x->ap, x->a, &officer,
		                   json_integer_value(json_object_get(r, "id")), true, b, &out,
		                   x->e);
		json_decref(b);
		json_decref(out);
		if (rc < 0)
			break;
	}
	json_decref(l);
	if (rc < 0)
		return -1;
	char today[11];
	cal_format(cal_from_us_cst(time_now_us()), today);
	const char *late_from = sup_date(x, -30), *late_to = sup_date(x, 0);
	at(x, d, 0);
	x->step = "report_submit";
	l = report_list(x->ap, x->a, &lead, pid, "open", 0, 100, x->e);
	if (!l)
		return -1;
	json_array_foreach(json_object_get(l, "items"), i, r)
	{
		const char *kind = json_string_value(json_object_get(r, "kind")),
		           *due = json_string_value(json_object_get(r, "due_on")),
		           *remind = json_string_value(json_object_get(r, "remind_on"));
		if (strcmp(remind, today) > 0 ||
		    (!strcmp(kind, "monthly") && strcmp(due, late_from) >= 0 &&
		     strcmp(due, late_to) < 0))
			continue;
		int64_t c = sup_customers(d);
		json_t *f = json_pack(
		           "{s:I, s:I, s:I, s:i, s:i, s:s, s:s}", "customers_served", (json_int_t)c,
		           "transaction_volume_fen",
		           (json_int_t)(c * 35000 * (strcmp(kind, "monthly") ? 91 : 30)),
		           "transaction_count", (json_int_t)(c * (strcmp(kind, "monthly") ? 9 : 3)),
		           "complaints_received", 1 + (int)(c % 3), "incidents", 0,
		           "boundary_changes", "", "narrative",
		           "本期试点运行平稳，客户数、单笔交易与投资者持仓均在测试边界内；"
		           "投诉均已在时限内办结。"),
		       *out = NULL;
		rc = report_submit(x->ap, x->a, &lead, json_integer_value(json_object_get(r, "id")),
		                   f, NULL, 0, &out, x->e);
		json_decref(f);
		json_decref(out);
		if (rc < 0)
			break;
	}
	json_decref(l);
	return rc;
}

/* The newest alert of an indicator and level. */
static int64_t sup_alert(demo_ctx *x, int64_t pid, const char *indicator, const char *level)
{
	actor officer;
	if (who(x, "officer", &officer) < 0)
		return -1;
	x->step = "alert_list";
	json_t *l = alert_list(x->ap, x->a, &officer, pid, NULL, 0, 100, x->e);
	if (!l)
		return -1;
	int64_t id = 0;
	json_t *items = json_object_get(l, "items");
	for (size_t i = 0; !id && i < json_array_size(items); i++) {
		json_t *r = json_array_get(items, i);
		if (!strcmp(json_string_value(json_object_get(r, "indicator")), indicator) &&
		    !strcmp(json_string_value(json_object_get(r, "level")), level))
			id = json_integer_value(json_object_get(r, "id"));
	}
	json_decref(l);
	return id ? id : err_set(x->e, 500, "demo", NULL, "Seeding the demo failed.");
}

/* What happens to the pilot on day d besides its data and reports. */
typedef struct sup_ids {
	int64_t complaint, thread, incident, inspection;
} sup_ids;

static int sup_story(demo_ctx *x, int64_t pid, int d, sup_ids *ids)
{
	json_t *b, *out = NULL;
	int64_t id;
	actor u;
	int rc = 0;
	at(x, d, 60);
	switch (d) {
	case SUP_LAUNCH - 5: { /* the security events' feed went quiet after an upgrade */
		int n;
		x->step = "indicators_stale";
		return indicators_run_due(x->ap, x->a, time_now_us(), &n, x->e);
	}
	case 59: /* the complaints of a volatile day */
		return (id = sup_alert(x, pid, "complaints", "warning")) < 0 ||
		               sup_call(x, "officer", "alert_acknowledge", alert_acknowledge, id,
		                        why("已电话了解，系当日行情波动引发集中咨询，持续关注。")) <
		                   0
		           ? -1
		           : 0;
	case 52:
		return (id = sup_alert(x, pid, "complaints", "warning")) < 0 ||
		               sup_call(x, "officer", "alert_resolve", alert_resolve, id,
		                        why("近一周投诉回落至正常水平，机构已逐一回访。")) < 0
		           ? -1
		           : 0;
	case 40: /* a complaint the institution received, answered and resolved */
		ids->complaint =
		    sup_call(x, "lixia-fund", "complaint_record", complaint_record, pid,
		             json_pack("{s:s, s:s, s:s}", "name", "王先生", "contact",
		                       "0531-86000000", "content",
		                       "智能投顾建议的组合调仓过于频繁，申购赎回费用超出预期，要求"
		                       "说明收费依据。"));
		return ids->complaint < 0 ? -1 : 0;
	case 38:
		if ((id = sup_alert(x, pid, "availability_pct", "warning")) < 0 ||
		    sup_call(x, "officer", "alert_acknowledge", alert_acknowledge, id,
		             why("机构说明为机房切换导致短时中断，已要求提交情况说明。")) < 0)
			return -1;
		at(x, d, 90);
		return sup_call(x, "lixia-fund", "complaint_note", complaint_note, ids->complaint,
		                json_pack(
		                    "{s:s, s:b}", "body",
		                    "经核查，调仓均按您签署的投顾协议执行，费用明细已通过短信发送，"
		                    "并为您将调仓频率调整为每季度一次。",
		                    "to_complainant", 1)) < 0
		           ? -1
		           : 0;
	case 36:
		return sup_call(x, "lixia-fund", "complaint_resolve", complaint_resolve,
		                ids->complaint,
		                json_pack("{s:s}", "resolution",
		                          "已说明收费依据并调整调仓频率，投资者表示认可。")) < 0
		           ? -1
		           : 0;
	case 13: /* the customers passed the warning line */
		ids->thread =
		    sup_call(x, "officer", "thread_create", thread_create, pid,
		             json_pack("{s:s, s:s}", "subject", "客户数超过预警线", "body",
		                       "贵司试点客户数已超过客户上限的80%"
		                       "，请说明后续展业安排及达到上限时的控制措施。"));
		return ids->thread < 0 ? -1 : 0;
	case 12:
		if (who(x, "lixia-fund", &u) < 0)
			return -1;
		x->step = "message_send";
		rc = message_send(
		    x->ap, x->a, &u, ids->thread,
		    "已暂停线上新客户引流，存量客户不受影响；客户数达到1950户时系统将自动停止开户，"
		    "并提前三个工作日报告工作组。",
		    NULL, 0, &out, x->e);
		json_decref(out);
		at(x, d, 120);
		return rc < 0 || sup_call(x, "officer", "thread_read", thread_mark_read,
		                          ids->thread, json_object()) < 0
		           ? -1
		           : 0;
	case 11: { /* the breach: one transaction above the per-transaction limit */
		int64_t found =
		    cal_start_us_cst(cal_from_us_cst(x->now - 12 * DAY_US)) + 22 * 3600LL * 1000000;
		b = json_pack(
		    "{s:s, s:s, s:i, s:i, s:i, s:s, s:s, s:I}", "category", "business_error",
		    "level", "general", "system_class", 2, "investors_affected", 1,
		    "estimated_loss_fen", 0, "title", "单笔交易超过测试边界限额", "description",
		    "一名投资者的调仓指令合并执行，单笔申购53,800元，超过5万元的单笔限额。"
		    "已冻结该笔超限部分并联系投资者，未造成损失。",
		    "discovered_at", (json_int_t)found);
		ids->incident = sup_call(x, "lixia-fund", "incident_open", incident_open, pid, b);
		return ids->incident < 0 ? -1 : 0;
	}
	case 10:
		return sup_call(
		           x, "officer", "incident_guidance", incident_guide, ids->incident,
		           json_pack("{s:s}", "text",
		                     "请在指令合并环节增加单笔限额校验，三个工作日内报送整改方案，"
		                     "并核实是否有其他超限交易。")) < 0
		           ? -1
		           : 0;
	case 9:
		if (who(x, "officer", &u) < 0)
			return -1;
		x->step = "situation_report";
		b = json_pack("{s:I, s:s, s:s}", "project_id", (json_int_t)pid, "title",
		              "智能基金投顾试点出现单笔交易超限", "body",
		              "试点机构报告一笔申购超过单笔限额，已冻结超限部分，未造成投资者损失；"
		              "同期客户数超过预警线。工作组已给予处置指导并将开展非现场检查。");
		rc = situation_report(x->ap, x->a, &u, b, &out, x->e);
		json_decref(b);
		json_decref(out);
		return rc;
	case 8: /* an investor files a complaint on the public portal */
		x->step = "complaint_file_public";
		b = json_pack("{s:I, s:s, s:s, s:s}", "project_id", (json_int_t)pid, "name",
		              "李女士", "contact", "138-0000-0000", "content",
		              "申购被部分冻结，客服未说明原因，资金何时退回？");
		rc = complaint_file_public(x->ap, x->a, b, "203.0.113.7", &out, x->e);
		json_decref(b);
		json_decref(out);
		return rc;
	case 7: /* an off-site inspection of the systems behind the data */
		ids->inspection =
		    sup_call(x, "officer", "inspection_plan", inspection_plan, pid,
		             json_pack("{s:s, s:s, s:[s, s], s:s, s:s}", "mode", "offsite", "scope",
		                       "信息系统安全事件监测、监测数据报送及单笔限额控制", "team",
		                       "专项工作组经办", "评审专家二", "starts_on", sup_date(x, -5),
		                       "ends_on", sup_date(x, 20)));
		if (ids->inspection < 0)
			return -1;
		at(x, d, 90);
		return sup_call(x, "officer", "inspection_notify", inspection_notify,
		                ids->inspection, json_object()) < 0
		           ? -1
		           : 0;
	case 6:
		return sup_call(x, "officer", "inspection_documents", inspection_request_documents,
		                ids->inspection,
		                json_pack("{s:s, s:s}", "items",
		                          "近三个月安全事件监测记录；监测数据报送接口的变更记录；"
		                          "单笔限额控制的设计说明与测试报告。",
		                          "due_on", sup_date(x, 7))) < 0
		           ? -1
		           : 0;
	default:
		return 0;
	}
}

/* The pilot's days from its launch to yesterday: the scheduler's pass over reports, the
 * reports, the data (weekly at first, daily once the pilot neared its limits), the story. */
static int supervision(demo_ctx *x, int64_t pid)
{
	sup_ids ids = {0};
	int last = SUP_LAUNCH + 1; /* the oldest day not yet sent */
	for (int d = SUP_LAUNCH - 1; d >= 1; d--) {
		if (sup_sweep(x, d) < 0 || sup_reports(x, pid, d) < 0)
			return -1;
		if (d >= SUP_LAUNCH - 5 || d % 7 == 3 || d <= 14) {
			at(x, d, 5);
			if (sup_ingest(x, pid, last - 1, d + 1) < 0)
				return -1;
			last = d + 1;
		}
		if (sup_story(x, pid, d, &ids) < 0)
			return -1;
	}
	return 0;
}

/* ---- the end of a pilot (§4.4, §5.1): one pilot in each state after launch ---- */

/* A use case of the evaluation (or the exit) called as user with body (taken); the answer's
 * "id" into *id when id is not NULL. */
typedef int (*end_fn)(app *ap, arena *a, const actor *who, int64_t id, const json_t *body,
                      json_t **out, err *e);
static int end_call(demo_ctx *x, const char *user, const char *step, end_fn f, int64_t target,
                    json_t *body, int64_t *id)
{
	actor u;
	json_t *out = NULL;
	x->step = step;
	int rc = who(x, user, &u) < 0 ? -1 : f(x->ap, x->a, &u, target, body, &out, x->e);
	json_decref(body);
	if (rc == 0 && id)
		*id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	return rc;
}

/* A pilot of the 2025 batch, launched 382 days ago (its planned year is over), without periodic
 * reports (its months are not the demo's story: the fund-advice pilot's are). */
static int old_pilot(demo_ctx *x, int k, const char *lead, const char *name, const char *summary,
                     const char *scenario, const char *tech, int64_t batch, int64_t *pid)
{
	at(x, 423 - k, 0);
	if (draft(x, lead, NULL, "pilot", name, summary, scenario, lead, tech, pid) < 0 ||
	    submit(x, *pid, lead, NULL) < 0 || (at(x, 419 - k, 0), accept(x, *pid, batch)) < 0 ||
	    review(x, *pid, 414, 8, 8, true) < 0 || to_csrc(x, *pid, 404) < 0 ||
	    csrc(x, *pid, 399, true) < 0 || publish(x, *pid, 397) < 0 || launch(x, *pid, 382) < 0)
		return -1;
	return end_call(x, "officer", "reporting_configure", reporting_configure, *pid,
	                json_pack("{s:[], s:i}", "periods", "due_working_days", 10), NULL);
}

/* The stage evaluation of pid opened d days ago and concluded by action (evaluate_*) two days
 * later: both sides' sheets (score on every criterion), the commitments kept, the hypothesis
 * judged, the CSRC's concurrence, then the officer's proposal that the leader approves. */
static int evaluate(demo_ctx *x, int64_t pid, int d, const char *action, const char *outcome,
                    int score, json_t *params)
{
	int64_t ev;
	at(x, d, 0);
	if (end_call(x, "officer", "evaluation_open", evaluation_open, pid,
	             json_pack("{s:s}", "reason", "试点测试边界约定的期限届满，开展阶段性评估。"),
	             &ev) < 0) {
		json_decref(params);
		return -1;
	}
	at(x, d - 1, 0);
	static const char *const sides[] = {"officer", "csrc"};
	for (int s = 0; s < 2; s++) {
		json_t *sheet = json_object();
		for (int i = 0; i < EVAL_CRITERIA_COUNT; i++)
			json_object_set_new(
			    sheet, EVAL_CRITERIA[i].id,
			    json_pack("{s:i, s:s}", "score", score - (i % 2), "comment",
			              score >= 4 ? "运行平稳，达到预期。" : "存在不足，需改进。"));
		if (end_call(x, sides[s], "evaluation_scores", evaluation_scores_put, ev,
		             json_pack("{s:o}", "scores", sheet), NULL) < 0) {
			json_decref(params);
			return -1;
		}
	}
	bool kept = score >= 4;
	if (end_call(x, "officer", "evaluation_commitments", evaluation_commitments_put, ev,
	             json_pack("{s:[{s:i, s:b, s:s}, {s:i, s:b, s:s}]}", "items", "index", 0,
	                       "kept", kept, "evidence",
	                       kept ? "客户数与单笔限额均在测试边界内。" : "曾超出单笔限额。",
	                       "index", 1, "kept", 1, "evidence", "按期报送运行情况。"),
	             NULL) < 0 ||
	    end_call(x, "officer", "evaluation_hypothesis", evaluation_hypothesis_put, ev,
	             json_pack("{s:s, s:s, s:[{s:i, s:b, s:s}, {s:i, s:b, s:s}]}", "hypothesis",
	                       kept ? "met" : "partly", "note", "以运行数据与投诉记录为据。",
	                       "measures", "index", 0, "met", kept, "note", "投诉率对照传统业务",
	                       "index", 1, "met", 1, "note", "未发生风险事件"),
	             NULL) < 0 ||
	    end_call(x, "csrc", "evaluation_concur", evaluation_concur, ev,
	             json_pack("{s:s, s:s}", "outcome", outcome, "opinion",
	                       "同意专项工作组的评估意见。"),
	             NULL) < 0) {
		json_decref(params);
		return -1;
	}
	at(x, d - 2, 0);
	json_object_set_new(params, "evaluation_id", json_integer(ev));
	return act(x, "officer", pid, action, params);
}

/* The exit checklist's evidence for the items from first to last (EXIT_ITEMS order). */
static int exit_evidence(demo_ctx *x, int64_t pid, const char *user, int first, int last)
{
	static const char *const evidence[] = {
	    "已于官网及客户端公告，并逐户短信通知存量客户。", "存量业务已迁移至传统服务流程。",
	    "经核实的客户损失已全额赔付。", "客户数据已按约定删除或移交，留存备查记录。",
	    "投诉热线与线上入口保留至公告期满。"};
	for (int i = first; i <= last && EXIT_ITEMS[i]; i++) {
		actor u;
		json_t *b = json_pack("{s:s}", "evidence", evidence[i % 5]), *out = NULL;
		x->step = "exit_item_evidence";
		int rc = who(x, user, &u) < 0 ? -1
		                              : exit_item_evidence(x->ap, x->a, &u, pid,
		                                                   EXIT_ITEMS[i], b, &out, x->e);
		json_decref(b);
		json_decref(out);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int endings(demo_ctx *x, int64_t batch)
{
	int64_t p;
	char on[11];
	/* regular_operation: improved first, then regular operation; recognised (§5.1) */
	if (old_pilot(x, 0, "qilu-equity", "区域股权融资智能路演", "以大数据为中小企业匹配投资者。",
	              "区域股权融资服务", "big_data", batch, &p) < 0)
		return -1;
	cal_format(cal_from_us_cst(x->now - 40 * DAY_US), on);
	if (evaluate(x, p, 120, "evaluate_improve", "improve", 3,
	             json_pack("{s:s, s:s}", "reason", "投资者匹配准确度未达预期，优化后再评估。",
	                       "reevaluate_on", on)) < 0 ||
	    evaluate(x, p, 40, "evaluate_regular", "regular_operation", 5,
	             json_pack("{s:s}", "reason",
	                       "达到预期效果且未发现明显风险隐患，转常规化运营。")) < 0 ||
	    (at(x, 30, 0), act(x, "officer", p, "recognise",
	                       json_pack("{s:s, s:s, s:s}", "reason", "转常规化运营，予以激励。",
	                                 "kind", "public_notice", "citation",
	                                 "区域股权融资智能路演项目成效显著，予以公开通报表扬。"))) <
	        0)
		return -1;
	/* rectifying: a major hidden risk, an order with a deadline */
	if (old_pilot(x, 1, "shanhe-bank", "基金托管链上对账", "以区块链完成托管行与管理人对账。",
	              "基金托管与估值", "blockchain", batch, &p) < 0)
		return -1;
	cal_format(cal_from_us_cst(x->now + 30 * DAY_US), on);
	if (evaluate(x, p, 20, "evaluate_rectify", "rectify", 3,
	             json_pack("{s:s, s:s, s:s}", "reason", "对账差错处置机制存在较大风险隐患。",
	                       "order",
	                       "完善链上链下对账差异的人工复核与冻结机制，并提交整改报告。",
	                       "due_on", on)) < 0)
		return -1;
	/* suspended: a violation of the pilot's commitments */
	if (old_pilot(x, 2, "luoyuan-sales", "基金销售智能适当性",
	              "以机器学习评估投资者风险承受能力。", "基金销售", "ai", batch, &p) < 0 ||
	    (at(x, 15, 0),
	     act(x, "officer", p, "suspend",
	         json_pack("{s:s, s:[s, s]}", "reason",
	                   "超出测试边界向非目标投资者销售，违反试点承诺。", "evidence",
	                   "现场检查发现向风险承受能力不匹配的投资者推荐高风险产品12笔",
	                   "机构自查报告确认上述情况"))) < 0)
		return -1;
	/* stopped: suspended, an administrative measure, then stopped for good */
	if (old_pilot(x, 3, "qilu-futures", "期货保证金智能监控", "以云计算实时监控客户保证金。",
	              "期货经纪风险管理", "cloud", batch, &p) < 0 ||
	    (at(x, 60, 0), act(x, "officer", p, "suspend",
	                       json_pack("{s:s, s:[s]}", "reason", "未按要求报送重大系统故障。",
	                                 "evidence", "故障发生后72小时未报告"))) < 0 ||
	    (at(x, 50, 0),
	     act(x, "officer", p, "administrative_measure",
	         json_pack("{s:s, s:s, s:[s]}", "reason", "情节严重，依法采取措施。", "measure",
	                   "出具警示函", "evidence", "故障处置记录与报送记录不符"))) < 0 ||
	    (at(x, 45, 0), act(x, "officer", p, "stop",
	                       json_pack("{s:s, s:[s]}", "reason", "整改不到位，停止试点。",
	                                 "evidence", "复查发现问题仍未整改"))) < 0)
		return -1;
	/* exiting: the lead applied to leave; the checklist is under way */
	if (old_pilot(x, 4, "baotu-advisory", "投资顾问智能问答",
	              "以大模型解答投资者的投资咨询问题。", "证券投资咨询", "ai", batch, &p) < 0 ||
	    (at(x, 12, 0), act(x, "baotu-advisory", p, "apply_exit",
	                       why("公司业务调整，申请自行退出试点。"))) < 0)
		return -1;
	cal_format(cal_from_us_cst(x->now + 180 * DAY_US), on);
	if ((at(x, 10, 0),
	     act(x, "officer", p, "start_exit",
	         json_pack("{s:s, s:s, s:s}", "reason", "同意自行退出，按退出方案执行。", "kind",
	                   "voluntary", "channel_open_until", on))) < 0 ||
	    (at(x, 8, 0), exit_evidence(x, p, "baotu-advisory", 0, 1)) < 0)
		return -1;
	/* exited: the evaluation found a major hidden risk; the exit completed along its plan */
	if (old_pilot(x, 5, "luoyuan-sales", "基金定投智能提醒", "以机器学习提醒投资者定投时点。",
	              "基金销售", "ai", batch, &p) < 0 ||
	    evaluate(x, p, 90, "evaluate_exit", "exit", 2,
	             json_pack("{s:s}", "reason",
	                       "模型提示存在误导投资者的较大风险隐患，退出试点。")) < 0 ||
	    (at(x, 70, 0), exit_evidence(x, p, "luoyuan-sales", 0, 4)) < 0 ||
	    (at(x, 65, 0), act(x, "officer", p, "complete_exit", why("退出清单各项均已完成。"))) <
	        0)
		return -1;
	return 0;
}

static int demo_projects(app *ap, arena *a, err *e)
{
	/* The story is anchored on a day whose history the shipped calendar covers (2025–2026), so
	 * that the demo seeds the same on any later day; only the open notice is published
	 * yesterday, relative to the real clock. */
	const int64_t real_now = time_now_us();
	const int64_t anchor = cal_start_us_cst((cal_date){2026, 11, 27}) + 10 * 3600LL * 1000000;
	demo_ctx x = {ap, a, e, real_now < anchor ? real_now : anchor, "start"};
	int64_t p, fund = 0, batch0 = 0;
	int rc = -1;
	actor officer;
	if (who(&x, "officer", &officer) < 0)
		goto out;
	/* The expert pool; expert3 works for the Jinan securities firm (conflicts are detected). */
	at(&x, 430, 0);
	static const struct {
		const char *user, *affiliation, *inst;
	} pool[] = {{"expert1", "山东大学金融研究院", NULL},
	            {"expert2", "济南市金融科技协会", NULL},
	            {"expert3", "泉城证券股份有限公司", "quancheng-sec"}};
	for (int i = 0; i < 3; i++) {
		actor ex;
		if (who(&x, pool[i].user, &ex) < 0)
			goto out;
		json_t *b = json_pack("{s:I, s:s, s:o}", "user_id", (json_int_t)ex.user_id,
		                      "affiliation", pool[i].affiliation, "fields",
		                      json_pack("[s]", "金融科技")),
		       *o = NULL;
		if (pool[i].inst)
			json_object_set_new(b, "institution_id",
			                    json_integer(inst_id(&x, pool[i].inst)));
		x.step = "expert_add";
		int r2 = expert_add(ap, a, &officer, b, &o, e);
		json_decref(b);
		json_decref(o);
		if (r2 < 0)
			goto out;
	}
	/* Batches (§4.1: selection in batches). */
	int64_t batch[2];
	const int opens[2] = {425, 235}, closes[2] = {395, 205};
	const char *names[2] = {"2025年第一批", "2026年第一批"};
	for (int i = 0; i < 2; i++) {
		at(&x, opens[i] + 1, 0);
		char o[11], c[11];
		cal_format(cal_from_us_cst(x.now - (int64_t)opens[i] * DAY_US), o);
		cal_format(cal_from_us_cst(x.now - (int64_t)closes[i] * DAY_US), c);
		json_t *b = json_pack("{s:s, s:s, s:s}", "name", names[i], "opens_on", o,
		                      "closes_on", c),
		       *out = NULL;
		x.step = "batch_create";
		int r2 = batch_create(ap, a, &officer, b, &out, e);
		json_decref(b);
		if (r2 < 0)
			goto out;
		batch[i] = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
	}

	batch0 = batch[0];
	/* coaching_ended: a coaching project announced more than a year ago (§3.3). */
	if (coaching(&x, &COACHING[0], batch[0]) < 0)
		goto out;

	/* launched: the joint pilot of a Shenzhen tech firm and a Jinan securities firm. */
	int64_t launched;
	at(&x, 232, 0);
	if (draft(&x, "shenlan-tech", "quancheng-sec", "pilot", "基于大模型的智能投顾",
	          "以大模型为投资者提供个性化资产配置建议，交易由证券公司完成。",
	          "证券投资顾问服务", "quancheng-sec", "ai", &launched) < 0 ||
	    (at(&x, 230, 0), submit(&x, launched, "shenlan-tech", "quancheng-sec")) < 0 ||
	    (at(&x, 225, 0), accept(&x, launched, batch[1])) < 0 ||
	    review(&x, launched, 200, 9, 8, true) < 0 || to_csrc(&x, launched, 190) < 0 ||
	    csrc(&x, launched, 170, true) < 0 || publish(&x, launched, 160) < 0 ||
	    comment_cycle(&x, launched, "shenlan-tech", 158) < 0 || launch(&x, launched, 140) < 0)
		goto out;

	/* launched: a fund manager's intelligent fund-advice pilot, supervised for months below. */
	at(&x, 233, 0);
	if (draft(&x, "lixia-fund", NULL, "pilot", "智能基金投顾组合服务",
	          "以机器学习为投资者匹配基金投顾组合并动态调仓，交易由基金管理人完成。",
	          "基金投资顾问服务", "lixia-fund", "ai", &fund) < 0 ||
	    (at(&x, 231, 0), submit(&x, fund, "lixia-fund", NULL)) < 0 ||
	    (at(&x, 226, 0), accept(&x, fund, batch[1])) < 0 ||
	    review(&x, fund, 202, 9, 9, true) < 0 || to_csrc(&x, fund, 192) < 0 ||
	    csrc(&x, fund, 180, true) < 0 || publish(&x, fund, 175) < 0 ||
	    launch(&x, fund, SUP_LAUNCH) < 0)
		goto out;

	/* coaching: a Jinan tech firm in its coaching year. */
	if (coaching(&x, &COACHING[1], batch[1]) < 0)
		goto out;

	/* csrc_rejected, not_selected, selected, csrc_evaluation, public_notice */
	static const struct {
		const char *lead, *partner, *name, *summary, *scenario, *provider, *tech;
		int stop; /* 0 csrc_rejected, 1 not_selected, 2 selected, 3 csrc_evaluation, 4
		             notice */
	} batch2[] = {
	    {"hualu-rating", NULL, "债券信用评级大数据模型", "以另类数据改进信用评级。", "信用评级",
	     "hualu-rating", "big_data", 0},
	    {"lixia-fund", NULL, "私募基金智能风控", "以机器学习监测基金组合风险。",
	     "基金组合风险监测", "lixia-fund", "ai", 1},
	    {"qilu-equity", "shenlan-tech", "区域股权市场链上登记", "以区块链登记区域股权。",
	     "股权登记托管", "qilu-equity", "blockchain", 2},
	    {"qilu-futures", "quanzhi-tech", "期货风险画像云平台", "以云平台为期货客户画像。",
	     "期货经纪风险管理", "qilu-futures", "cloud", 3},
	    {"luoyuan-sales", NULL, "区块链基金份额登记", "以区块链记录基金份额变动。",
	     "基金销售与份额登记", "luoyuan-sales", "blockchain", 4},
	};
	for (size_t i = 0; i < sizeof batch2 / sizeof *batch2; i++) {
		int64_t q;
		int off = (int)i;
		at(&x, 227 - off, 0);
		if (draft(&x, batch2[i].lead, batch2[i].partner, "pilot", batch2[i].name,
		          batch2[i].summary, batch2[i].scenario, batch2[i].provider, batch2[i].tech,
		          &q) < 0 ||
		    submit(&x, q, batch2[i].lead, batch2[i].partner) < 0 ||
		    (at(&x, 222 - off, 0), accept(&x, q, batch[1])) < 0 ||
		    review(&x, q, 198 - off, batch2[i].stop == 1 ? 4 : 8,
		           batch2[i].stop == 1 ? 5 : 7, batch2[i].stop != 1) < 0)
			goto out;
		if (batch2[i].stop == 1 || batch2[i].stop == 2)
			continue;
		int late = batch2[i].stop == 4 ? 20 : 60;
		if (to_csrc(&x, q, late + 2) < 0)
			goto out;
		if (batch2[i].stop == 3)
			continue;
		if (csrc(&x, q, late, batch2[i].stop == 4) < 0)
			goto out;
		if (batch2[i].stop == 4) {
			/* An open notice, published yesterday. A period that would run into a year
			 * the calendar lacks is refused: then the demo leaves it awaiting notice.
			 */
			int64_t anchored = x.now;
			x.now = real_now;
			int prc = publish(&x, q, 1);
			x.now = anchored;
			if (prc < 0) {
				log_warn("demo: notice not published (%s); left in csrc_evaluation",
				         e->code ? e->code : "?");
				err_free_details(e);
				err_clear(e);
			}
		}
	}

	/* §4.1: the second batch closed 205 days ago; the working group extends it (with a
	 * reason, an event) so that the late applications below can be accepted into it. */
	at(&x, 41, 0);
	{
		char c[11];
		cal_format(cal_from_us_cst(x.now - 10 * DAY_US), c);
		json_t *b = json_pack("{s:s, s:s}", "closes_on", c, "reason",
		                      "补充征集：延长本批受理期限。"),
		       *out = NULL;
		x.step = "batch_extend";
		int r2 = batch_update(ap, a, &officer, batch[1], b, &out, e);
		json_decref(b);
		json_decref(out);
		if (r2 < 0)
			goto out;
	}

	/* in_review, accepted, submitted, returned, withdrawn, draft */
	at(&x, 40, 0);
	if (draft(&x, "shanhe-bank", "quanzhi-tech", "pilot", "托管估值自动化",
	          "以机器人流程自动化完成基金估值核对。", "基金托管与估值", "shanhe-bank", "other",
	          &p) < 0 ||
	    submit(&x, p, "shanhe-bank", "quanzhi-tech") < 0 ||
	    (at(&x, 38, 0), accept(&x, p, batch[1])) < 0)
		goto out;
	at(&x, 30, 0);
	if (assign(&x, p, "expert1") < 0 || assign(&x, p, "expert2") < 0 ||
	    act(&x, "officer", p, "start_review", why("启动专家评审。")) < 0 ||
	    (at(&x, 25, 0), score(&x, p, "expert1", 8)) < 0)
		goto out;

	at(&x, 20, 0);
	if (draft(&x, "baotu-advisory", NULL, "pilot", "投资咨询合规助手",
	          "以自然语言处理审查投资建议的合规性。", "证券投资咨询", "baotu-advisory", "ai",
	          &p) < 0 ||
	    submit(&x, p, "baotu-advisory", NULL) < 0 ||
	    (at(&x, 18, 0), accept(&x, p, batch[1])) < 0)
		goto out;

	at(&x, 12, 0);
	if (draft(&x, "haidai-data", NULL, "pilot", "资本市场数据治理平台",
	          "统一治理机构报送数据的质量。", "数据服务", "haidai-data", "big_data", &p) < 0 ||
	    submit(&x, p, "haidai-data", NULL) < 0)
		goto out;

	at(&x, 10, 0);
	if (draft(&x, "quancheng-sec", NULL, "pilot", "期权做市系统上云",
	          "将期权做市系统迁移至行业云。", "期权做市", "quancheng-sec", "cloud", &p) < 0 ||
	    submit(&x, p, "quancheng-sec", NULL) < 0)
		goto out;
	at(&x, 8, 0);
	if (act(&x, "officer", p, "return",
	        json_pack("{s:s, s:[s, s]}", "reason", "材料需补正。", "defects",
	                  "应急预案未说明行业云故障时的切换时限",
	                  "退出方案未说明存量客户的处置安排")) < 0)
		goto out;

	at(&x, 7, 0);
	if (draft(&x, "qilu-futures", NULL, "pilot", "期货智能客服",
	          "以大模型回答期货客户的业务咨询。", "期货经纪客户服务", "qilu-futures", "ai",
	          &p) < 0 ||
	    submit(&x, p, "qilu-futures", NULL) < 0 ||
	    (at(&x, 6, 0),
	     act(&x, "qilu-futures", p, "withdraw", why("公司战略调整，主动撤回申报。"))) < 0)
		goto out;

	at(&x, 2, 0);
	if (draft(&x, "shenlan-tech", "luoyuan-sales", "pilot", "大模型投研助手",
	          "以大模型辅助基金研究与销售适当性管理。", "基金销售", "luoyuan-sales", "ai",
	          &p) < 0)
		goto out;

	/* The launched pilot's first monthly figures (§4.3). */
	at(&x, 100, 0);
	{
		actor l;
		json_t *b = json_pack("{s:s, s:i, s:i, s:I, s:i}", "period", "2026-07", "customers",
		                      612, "transactions", 4310, "volume_fen",
		                      (json_int_t)918273600, "complaints", 1),
		       *out = NULL;
		int status;
		char period[8];
		char today[11];
		cal_format(cal_from_us_cst(x.now - 100 * DAY_US), today);
		snprintf(period, sizeof period, "%.7s", today);
		json_object_set_new(b, "period", json_string(period));
		x.step = "metrics";
		if (who(&x, "shenlan-tech", &l) < 0 ||
		    project_report_metrics(ap, a, &l, launched, b, "demo-1", &out, &status, e) <
		        0) {
			json_decref(b);
			goto out;
		}
		json_decref(b);
		json_decref(out);
	}
	rc = 0;
out:
	time_set_override(0);
	if (rc < 0)
		log_error("demo: step '%s' failed: %s", x.step, e->code ? e->code : "?");
	else {
		/* The coaching year that has passed ends now, as the scheduler would end it. */
		int done = 0;
		rc = jobs_run_rows(ap, a, time_now_us(), &done, e);
		/* Then the months of supervision, as the pilots and the scheduler lived them. */
		if (rc == 0 && (rc = supervision(&x, fund)) < 0)
			log_error("demo: step '%s' failed: %s", x.step, e->code ? e->code : "?");
		/* And the pilots of the 2025 batch that have come to an end (§4.4, §5.1). */
		if (rc == 0 && (rc = endings(&x, batch0)) < 0)
			log_error("demo: step '%s' failed: %s", x.step, e->code ? e->code : "?");
		time_set_override(0);
	}
	return rc;
}
