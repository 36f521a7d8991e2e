/* The demo pilot: institutions of every kind around Jinan, users of every role.
 * The log-ins are a fixed contract that README and tests rely on. */
#include "app/demo.h"

#include <string.h>

#include "core/credit_code.h"
#include "lib/json.h"
#include "store/events.h"

typedef struct demo_inst {
	const char *user; /* the institution's demo log-in */
	const char *name;
	const char *code17; /* credit code without its check character */
	const char *kind, *province, *city, *office;
	bool national, branch;
	const char *tech;
} demo_inst;

static const demo_inst INSTS[] = {
	{"quancheng-sec", "泉城证券股份有限公司", "91370100MA3C00001", "securities_company", "山东省", "济南市", "济南市", false, false, NULL},
	{"qilu-futures", "齐鲁期货有限公司", "91370100MA3C00002", "futures_company", "山东省", "济南市", "济南市", false, false, NULL},
	{"lixia-fund", "历下基金管理有限公司", "91370300MA3C00003", "fund_manager", "山东省", "淄博市", "济南市", false, false, NULL},
	{"luoyuan-sales", "泺源基金销售有限公司", "91370100MA3C00004", "fund_service", "山东省", "济南市", "济南市", false, false, NULL},
	{"baotu-advisory", "趵突泉投资咨询有限公司", "91370100MA3C00005", "investment_consulting", "山东省", "济南市", "济南市", false, false, NULL},
	{"hualu-rating", "华鲁资信评估有限公司", "91370100MA3C00006", "credit_rating", "山东省", "济南市", "济南市", false, false, NULL},
	{"qilu-equity", "齐鲁区域股权交易中心有限公司", "91370100MA3C00007", "regional_equity_market", "山东省", "济南市", "济南市", false, false, NULL},
	{"shanhe-bank", "山河银行股份有限公司", "91110000MA0C00008", "fund_custodian", "北京市", "北京市", "北京市", true, true, NULL},
	{"haidai-data", "海岱金融数据服务有限公司", "91370100MA3C00009", "csrc_recognized", "山东省", "济南市", "济南市", false, false, NULL},
	{"quanzhi-tech", "泉智信息技术有限公司", "91370100MA3C00010", "tech_firm", "山东省", "济南市", "济南市", false, false, "csrc_filed_it_service"},
	{"shenlan-tech", "深蓝链科技有限公司", "91440300MA5C00011", "tech_firm", "广东省", "深圳市", "深圳市", false, false, NULL},
	{"haigang-sec", "海港证券有限公司", "91370200MA3C00012", "securities_company", "山东省", "青岛市", "青岛市", false, false, NULL},
};

static const struct {
	const char *user, *role, *name;
} STAFF[] = {
	{"admin", "admin", "系统管理员"},
	{"officer", "officer", "专项工作组经办"},
	{"leader", "leader", "专项工作组负责人"},
	{"csrc", "csrc", "证监会科技监管局"},
	{"expert1", "expert", "评审专家一"},
	{"expert2", "expert", "评审专家二"},
	{"expert3", "expert", "评审专家三"},
};

int demo_seed(app *ap, err *e)
{
	arena *a = arena_new();
	int rc = -1;
	store_conn *c = app_read_begin(ap, e);
	if (!c)
		goto out;
	store_result *r;
	const char *demo = NULL;
	int q = store_setting_get(c, a, "demo", &demo, e);
	if (q == 0)
		q = store_q(c, a, e, &r,
			    "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM "
			    "institutions) AS n",
			    "");
	app_read_end(c);
	if (q < 0)
		goto out;
	if (demo) {
		rc = 0; /* already seeded */
		goto out;
	}
	if (store_get_int(r, 0, "n") > 0) {
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
		json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s?, s:s}", "name",
				      d->name, "credit_code", code, "kind", d->kind,
				      "registered_province", d->province, "registered_city",
				      d->city, "main_office_city", d->office, "national",
				      d->national, "jinan_branch", d->branch, "tech_category",
				      d->tech, "reason", "演示数据");
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
	c = app_tx_begin(ap, e);
	if (!c)
		goto out;
	int wrc = store_q(c, a, e, NULL, "INSERT INTO settings (key, value) VALUES ('demo', '1')",
			  "");
	json_t *p = json_pack("{s:s}", "demo", "1");
	if (wrc == 0)
		wrc = events_append(c, a,
				    &(event_in){"cli", "settings", "demo", "settings.changed",
						"演示数据已载入", p},
				    NULL, e);
	json_decref(p);
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
