/* The demo pilot: institutions of every kind around Jinan, users of every role.
 * The log-ins are a fixed contract that README and tests rely on. */
#include "app/demo.h"

#include <string.h>

#include "app/jobs.h"
#include "app/materials.h"
#include "app/notices.h"
#include "app/projects.h"
#include "app/review.h"
#include "app/app_internal.h"
#include "core/calendar.h"
#include "core/credit_code.h"
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

static int demo_projects(app *ap, arena *a, err *e)
{
	/* The story is anchored on a day whose history the shipped calendar covers (2025–2026), so
	 * that the demo seeds the same on any later day; only the open notice is published
	 * yesterday, relative to the real clock. */
	const int64_t real_now = time_now_us();
	const int64_t anchor = cal_start_us_cst((cal_date){2026, 11, 27}) + 10 * 3600LL * 1000000;
	demo_ctx x = {ap, a, e, real_now < anchor ? real_now : anchor, "start"};
	int64_t p;
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
	}
	return rc;
}
