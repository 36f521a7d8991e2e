// Admission through the pages, in Debian's chromium (headless), on a temp demo database:
// a Shenzhen tech firm (shenlan-tech) drafts a joint application with a Jinan securities firm
// (quancheng-sec) as partner; the submission is refused until the partner confirms (§3.2);
// the officer returns it with defects (§4.1), the applicant corrects it, the partner confirms
// again and it is resubmitted; the officer accepts it into a batch and starts the review; the
// officer proposes the selection and a leader settles it in the queue (maker-checker: a
// rejection without a reason is refused, then the approval takes effect; a proposer made a
// leader since may not approve their own proposal); forwarded to the CSRC (approved on the
// project page), the CSRC passes it with its opinion. Each step is
// checked on the page, the state and the history. What the pages of other areas do (uploads,
// batches, experts and scores) is set up through the JSON API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { JOINT_PILOT_MATERIALS } from '../e2e/lib/harness.mjs';
import {
  apiAs,
  closeAll,
  creditCheckChar,
  DEMO_PASSWORD,
  demoServed,
  homeTiles,
  newPage,
  propose,
  submit,
  submitAnswered,
} from './lib/harness.mjs';

const T = { timeout: 30000 };
const QUANCHENG_CODE = '91370100MA3C00001' + creditCheckChar('91370100MA3C00001');
const PROJECT = `链上基金份额登记与对账${Date.now() % 100000}`;
const REQUIRED_MATERIALS = JOINT_PILOT_MATERIALS;

let db;
let server;
let browser;
const pages = {}; // username -> {context, page}
let projectId;
let batchId;

before(async () => {
  ({ db, server, browser } = await demoServed());
});

after(async () => {
  for (const { context } of Object.values(pages)) await context.close();
  await closeAll({ browser, server, db });
});

/* ---------- helpers ---------- */

// The page of a user, logged in through the log-in form (zh-CN, as the regulator uses it).
async function as(username) {
  if (!pages[username]) {
    const p = await newPage(browser, { locale: 'zh-CN' });
    await p.page.goto(`${server.url}/login`);
    await p.page.fill('#username', username);
    await p.page.fill('#password', DEMO_PASSWORD);
    await Promise.all([p.page.waitForURL(`${server.url}/`), p.page.click('.login-card button[type="submit"]')]);
    pages[username] = p;
  }
  return pages[username].page;
}

async function stateOf(page) {
  return page.getAttribute('.page-head .tag.state', 'data-state');
}

// JSON API with a bearer token (set-up the pages of other areas would do): {status, body}.
let client;
async function api(username, method, path, body) {
  client ??= apiAs(server, DEMO_PASSWORD);
  const r = await client.call(username, method, path, body);
  return { status: r.status, body: r.json };
}

function cstDate(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

async function historyKinds(page) {
  return page.$$eval('#history tr[data-kind]', (rows) => rows.map((r) => r.dataset.kind));
}

// The page of a user whose home offers the tile TILE (their starting point for the task).
async function asFromTile(username, tile) {
  const page = await as(username);
  const tiles = await homeTiles(page);
  assert.ok(tiles.includes(tile), `home tiles: ${tiles}`);
  return page;
}

/* ---------- the journey ---------- */

test('the applicant drafts a joint application on the form', T, async () => {
  const page = await asFromTile('shenlan-tech', '本机构申报项目');
  await page.goto(`${server.url}/projects`);
  assert.equal(await page.locator('main h1').innerText(), '试点项目');
  await Promise.all([page.waitForURL(/\/projects\/new$/), page.click('a.button.primary[href="/projects/new"]')]);
  assert.equal(await page.locator('main h1').innerText(), '新建申报');
  // row 1 is the drafting institution itself, lead by default
  assert.equal(await page.locator('tr[data-row="0"] .member-name').innerText(), '深蓝链科技有限公司');
  assert.equal(await page.isChecked('input[name="lead"][value="0"]'), true);

  await page.fill('#f-name', PROJECT);
  await page.fill('input[name="m0_role"]', '区块链登记平台的研发与运营');
  await page.fill('input[name="m1_code"]', QUANCHENG_CODE.toLowerCase()); // typed in lower case
  await page.fill('input[name="m1_role"]', '基金份额登记业务及投资者服务');
  await page.fill('#f-summary', '以联盟链记录基金份额登记与对账。\n对账周期由 T+1 缩短至 T+0。');
  await page.fill('input[name="s0_name"]', '基金份额登记');
  await page.fill('textarea[name="s0_desc"]', '份额登记结果实时上链，投资者可自行核对。');
  await page.selectOption('select[name="s0_provider"]', 'r1');
  await page.check('input[name="tech_blockchain"]');
  await page.check('input[name="tech_big_data"]');
  await page.fill('#f-service_content', '面向个人投资者的基金份额登记与对账服务。');
  await page.fill('#f-target_investors', '济南市个人投资者（C3 及以上风险承受能力）');
  await page.fill('#f-tb_customer_cap', '5000');
  await page.fill('#f-tb_per_transaction_yuan', '50,000');
  await page.fill('#f-tb_per_investor_yuan', '200000.50');
  await page.fill('#f-tb_duration_months', '12');
  await page.fill('#f-tb_regions', '济南市\n淄博市');
  await page.fill('#f-hypothesis', '链上登记可将份额对账时间由 T+1 缩短至 T+0。');
  await page.fill('#f-success_measures', '对账差错率低于 0.01%\n投资者投诉率不高于传统渠道');
  await page.fill('#f-risk_controls', '节点准入审核；链上数据加密；异常交易实时预警。');
  await page.fill('#f-ip_complaint_channel', '客服热线与线上投诉入口，2 个工作日内答复。');
  await page.fill('#f-ip_dispute_handling', '调解优先，必要时提交仲裁。');
  await page.fill('#f-ip_compensation', '设立 500 万元先行赔付资金。');
  await page.fill('#f-emergency_plan', '链上服务中断时切换至中心化登记系统。');
  await page.fill('#f-exit_plan', '退出时将全部份额数据迁回传统登记系统并通知投资者。');
  await page.fill('#f-funding_guarantee', '两家单位共同投入 2000 万元。');
  await page.fill('#f-timeline', '2027-01-15 系统上线\n2027-07-15 中期评估');
  await page.fill('#f-commitments', '不超出测试边界开展业务\n按月报送运行数据');
  await Promise.all([page.waitForURL(/\/projects\/\d+\?saved=1$/), page.click('form.application button.primary')]);
  projectId = Number(/\/projects\/(\d+)/.exec(page.url())[1]);

  assert.equal(await page.locator('main h1').innerText(), PROJECT);
  assert.equal(await stateOf(page), 'draft');
  assert.equal(await page.locator('.page-head .tag.state').innerText(), '草稿');
  assert.equal(await page.locator('ol.progress li[aria-current="step"]').innerText(), '起草申报');
  // members: the drafter has confirmed by drafting; the partner has not yet
  const rows = page.locator('#members tbody tr');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).getAttribute('data-confirmed'), 'yes');
  assert.match(await rows.nth(0).innerText(), /深蓝链科技有限公司[\s\S]*牵头申报单位/);
  assert.equal(await rows.nth(1).getAttribute('data-confirmed'), 'no');
  assert.match(await rows.nth(1).innerText(), /泉城证券股份有限公司[\s\S]*参与单位[\s\S]*待确认/);
  // content as entered: amounts back in yuan, the provider by name
  const content = await page.locator('#content').innerText();
  assert.match(content, /单笔交易限额（元）\s*50000/);
  assert.match(content, /单一投资者限额（元）\s*200000\.50/);
  assert.match(content, /基金份额登记[\s\S]*泉城证券股份有限公司/);
  assert.match(content, /2027-01-15\s+系统上线/);
  // the same through the API: fen, ids
  const p = await api('shenlan-tech', 'GET', `/projects/${projectId}`);
  assert.equal(p.body.test_boundaries.per_transaction_limit_fen, 5000000);
  assert.equal(p.body.test_boundaries.per_investor_limit_fen, 20000050);
  assert.deepEqual(p.body.technologies, ['big_data', 'blockchain']);
  assert.equal(p.body.summary, '以联盟链记录基金份额登记与对账。\n对账周期由 T+1 缩短至 T+0。', 'line breaks kept, as LF');
  assert.deepEqual(p.body.timeline[1], { due_on: '2027-07-15', milestone: '中期评估' });
});

test('an unknown partner code is refused on the form, which keeps what was typed', T, async () => {
  const page = await as('shenlan-tech');
  await page.goto(`${server.url}/projects/new`);
  const before = (await api('shenlan-tech', 'GET', '/projects?limit=200')).body.items.length;
  await page.fill('#f-name', '未登记伙伴测试');
  const unknown = '91370100MA3C0009' + '9';
  const code = unknown.slice(0, 17) + creditCheckChar(unknown.slice(0, 17));
  await page.fill('input[name="m1_code"]', code);
  await page.fill('input[name="m1_role"]', '合作');
  await page.fill('input[name="m0_role"]', '牵头');
  const res = await submitAnswered(page, 'form.application button.primary', '/projects');
  assert.equal(res.status(), 422);
  assert.equal(await page.getAttribute('main .error', 'data-code'), 'unknown_institution');
  assert.match(await page.locator('main .error').innerText(), /申报单位 2 · 统一社会信用代码/);
  assert.equal(await page.getAttribute('input[name="m1_code"]', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('input[name="m1_code"]'), code);
  assert.equal(await page.inputValue('#f-name'), '未登记伙伴测试');
  const list = await api('shenlan-tech', 'GET', '/projects?limit=200');
  assert.equal(list.body.items.length, before, 'nothing was written');
});

test('submission waits for the partner to confirm (§3.2)', T, async () => {
  // the lead uploads the materials first: the partner confirms what will be submitted
  for (const kind of REQUIRED_MATERIALS) {
    const fd = new FormData();
    fd.append('kind', kind);
    fd.append('file', new Blob(['%PDF-1.4\n%test\n'], { type: 'application/pdf' }), `${kind}.pdf`);
    const r = await api('shenlan-tech', 'POST', `/projects/${projectId}/materials`, fd);
    assert.equal(r.status, 201, `upload ${kind}: ${JSON.stringify(r.body)}`);
  }
  const page = await as('shenlan-tech');
  await page.goto(`${server.url}/projects/${projectId}`);
  await submit(page, 'form[data-action="submit"] button');
  const err = page.locator('main .error.failure');
  assert.equal(await err.getAttribute('data-code'), 'members_unconfirmed');
  assert.match(await err.innerText(), /泉城证券股份有限公司/);
  assert.equal(await stateOf(page), 'draft');
});

test('the partner sees the application and confirms it', T, async () => {
  const page = await as('quancheng-sec');
  await page.goto(`${server.url}/projects`);
  const row = page.locator(`tr[data-project="${projectId}"]`);
  assert.match(await row.innerText(), /深蓝链科技有限公司[\s\S]*草稿/);
  await Promise.all([page.waitForURL(new RegExp(`/projects/${projectId}$`)), row.locator('a').click()]);
  // a participant may confirm, not submit or withdraw
  assert.deepEqual(
    await page.$$eval('#actions form[data-action]', (fs) => fs.map((f) => f.dataset.action)),
    ['confirm'],
  );
  await submit(page, 'form[data-action="confirm"] button');
  assert.equal(await page.getAttribute('.flash', 'data-action'), 'confirm');
  assert.equal(
    await page.getAttribute('#members tr[data-institution]:nth-child(2)', 'data-confirmed'),
    'yes',
  );
  assert.equal(await page.locator('#actions').count(), 0, 'nothing left to do for the partner');
});

test('with the materials uploaded, the lead applicant submits', T, async () => {
  const page = await as('shenlan-tech');
  await page.goto(`${server.url}/projects/${projectId}`);
  await submit(page, 'form[data-action="submit"] button');
  assert.equal(await page.getAttribute('.flash', 'data-action'), 'submit');
  assert.equal(await stateOf(page), 'submitted');
  assert.equal(await page.locator('.page-head .tag.state').innerText(), '已提交');
  assert.equal(await page.locator('a[href$="/edit"]').count(), 0, 'a submitted application is not editable');
});

test('the officer finds it and returns it with defects (§4.1)', T, async () => {
  const page = await asFromTile('officer', '试点项目');
  await page.goto(`${server.url}/projects`);
  await page.selectOption('#state', 'submitted');
  await Promise.all([page.waitForURL(/\?state=submitted$/), page.click('form.search button')]);
  const row = page.locator(`tr[data-project="${projectId}"]`);
  assert.equal(await row.count(), 1);
  await Promise.all([page.waitForURL(new RegExp(`/projects/${projectId}$`)), row.locator('a').click()]);
  const actions = await page.$$eval('#actions form[data-action]', (fs) => fs.map((f) => f.dataset.action));
  assert.deepEqual(actions.sort(), ['accept', 'return']);
  await page.fill('form[data-action="return"] textarea[name="defects"]', '风险评估报告缺少压力测试数据\n\n投资者适当性安排不明确');
  await page.fill('form[data-action="return"] textarea[name="reason"]', '完备性核查未通过');
  await submit(page, 'form[data-action="return"] button');
  assert.equal(await stateOf(page), 'returned');
  assert.equal(await page.locator('.page-head .tag.state').innerText(), '退回补正');
  assert.deepEqual(await page.locator('#defects li').allInnerTexts(), [
    '风险评估报告缺少压力测试数据',
    '投资者适当性安排不明确',
  ]);
  const hist = page.locator('#history tr[data-kind="project.return"]');
  assert.equal(await hist.count(), 1);
  assert.match(await hist.innerText(), /退回补正[\s\S]*officer[\s\S]*已提交\s*→\s*退回补正[\s\S]*完备性核查未通过/);
});

test('the applicant sees the defects, corrects the application, and the partner confirms again', T, async () => {
  const page = await as('shenlan-tech');
  await page.goto(`${server.url}/projects/${projectId}`);
  assert.equal(await page.locator('#defects li').count(), 2);
  // the applicant reads its project's history too: who returned it, when, why
  assert.match(
    await page.locator('#history tr[data-kind="project.return"]').innerText(),
    /officer[\s\S]*完备性核查未通过/,
  );
  await Promise.all([page.waitForURL(/\/edit$/), page.click(`a[href="/projects/${projectId}/edit"]`)]);
  // the form shows the record: amounts in yuan, lines, the partner by name
  assert.equal(await page.inputValue('#f-tb_per_investor_yuan'), '200000.50');
  assert.equal(await page.inputValue('#f-timeline'), '2027-01-15 系统上线\n2027-07-15 中期评估');
  assert.equal(await page.locator('tr[data-row="1"] .member-name').innerText(), '泉城证券股份有限公司');
  assert.equal(await page.inputValue('select[name="s0_provider"]'), 'r1');
  await page.fill('#f-risk_controls', '节点准入审核；链上数据加密；异常交易实时预警；季度压力测试。');
  await page.fill('#f-target_investors', '济南市个人投资者（C3 及以上），经适当性评估');
  await page.fill('#f-reason', '按退回意见补正');
  await Promise.all([page.waitForURL(/\?saved=1$/), page.click('form.application button.primary')]);
  assert.equal(await stateOf(page), 'returned');
  assert.equal(
    await page.getAttribute('#members tr[data-institution]:nth-child(2)', 'data-confirmed'),
    'no',
    'a change asks the partner to confirm again (§3.2)',
  );

  const partner = await as('quancheng-sec');
  await partner.goto(`${server.url}/projects/${projectId}`);
  assert.match(await partner.locator('#content').innerText(), /季度压力测试/);
  await submit(partner, 'form[data-action="confirm"] button');
  assert.equal(await partner.getAttribute('.flash', 'data-action'), 'confirm');

  await page.goto(`${server.url}/projects/${projectId}`);
  await submit(page, 'form[data-action="submit"] button');
  assert.equal(await stateOf(page), 'submitted');
  assert.equal(await page.locator('#defects').count(), 0, 'the defects are cleared on resubmission');
});

test('the officer accepts it into a batch and starts the expert review', T, async () => {
  const b = await api('officer', 'POST', '/batches', {
    name: '2027 年第一批',
    opens_on: cstDate(-1),
    closes_on: cstDate(30),
  });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  batchId = b.body.id;
  const page = await as('officer');
  await page.goto(`${server.url}/projects/${projectId}`);
  assert.equal(await page.inputValue('form[data-action="accept"] select[name="batch_id"]'), String(batchId));
  await page.fill('form[data-action="accept"] textarea[name="reason"]', '材料齐全，予以受理');
  await submit(page, 'form[data-action="accept"] button');
  assert.equal(await stateOf(page), 'accepted');

  // the review area's set-up: expert1 in the pool, assigned
  await api('expert1', 'GET', '/session'); // logs expert1 in: its id comes with the token
  const expertId = (await client.session('expert1')).user.id;
  const pool = await api('officer', 'POST', '/experts', { user_id: expertId, affiliation: '山东大学' });
  assert.ok(pool.status === 201 || pool.body.error?.code === 'duplicate_expert', JSON.stringify(pool.body));
  const asg = await api('officer', 'POST', `/projects/${projectId}/assignments`, { expert_id: expertId });
  assert.equal(asg.status, 201, JSON.stringify(asg.body));

  await page.goto(`${server.url}/projects/${projectId}`);
  await page.fill('form[data-action="start_review"] textarea[name="reason"]', '启动评审');
  await submit(page, 'form[data-action="start_review"] button');
  assert.equal(await stateOf(page), 'in_review');
  assert.equal(await page.locator('.page-head .tag.state').innerText(), '专家评审中');
});

test('the officer proposes the selection; it waits for a leader', T, async () => {
  const scores = {};
  for (const c of ['innovativeness', 'feasibility', 'security', 'goal_reasonableness', 'risk_controls', 'industrial_fit'])
    scores[c] = { score: 8, comment: '良好' };
  const s = await api('expert1', 'PUT', `/projects/${projectId}/scores`, { scores });
  assert.ok(s.status === 200 || s.status === 201, JSON.stringify(s.body));

  const page = await as('officer');
  await page.goto(`${server.url}/projects/${projectId}`);
  await propose(page, 'select', '评审均分 8.0，建议入选');
  assert.equal(await stateOf(page), 'in_review', 'nothing changes before the approval');
  const pending = page.locator('#pending-decision');
  assert.match(await pending.innerText(), /确定入选[\s\S]*officer[\s\S]*评审均分 8\.0，建议入选/);
  assert.equal(await page.locator('#actions form[data-action="select"]').count(), 0, 'no second proposal');
});

test('in the queue, a leader must give a reason to reject, then approves', T, async () => {
  const page = await asFromTile('leader', '审批事项');
  await page.goto(`${server.url}/decisions`);
  const card = page.locator(`#pending article.decision[data-project="${projectId}"]`);
  assert.equal(await card.count(), 1);
  assert.match(await card.innerText(), new RegExp(`${PROJECT}[\\s\\S]*确定入选[\\s\\S]*officer[\\s\\S]*评审均分`));
  const id = await card.getAttribute('data-decision');

  await submit(page, `form[action="/decisions/${id}/reject"] button`);
  const err = page.locator('main .error.failure');
  assert.equal(await err.getAttribute('data-code'), 'missing_field');
  assert.match(await err.innerText(), /事由/);
  assert.equal(await card.count(), 1, 'still pending');

  await page.fill(`form[action="/decisions/${id}/approve"] textarea[name="reason"]`, '同意入选');
  await submit(page, `form[action="/decisions/${id}/approve"] button`);
  assert.equal(await page.getAttribute('.flash', 'data-outcome'), 'approved');
  assert.equal(await card.count(), 0);
  const settled = page.locator(`#settled tr[data-decision="${id}"]`);
  assert.equal(await settled.getAttribute('data-status'), 'approved');
  assert.match(await settled.innerText(), /确定入选[\s\S]*已批准[\s\S]*officer[\s\S]*leader[\s\S]*同意入选/);

  await page.goto(`${server.url}/projects/${projectId}`);
  assert.equal(await stateOf(page), 'selected');
  assert.equal(await page.locator('ol.progress li[aria-current="step"]').innerText(), '项目遴选');
  const kinds = await historyKinds(page);
  for (const k of ['project.created', 'project.confirm', 'project.submit', 'project.return', 'project.updated',
    'project.accept', 'project.start_review', 'decision.proposed', 'decision.approved', 'project.select'])
    assert.ok(kinds.includes(k), `history has ${k}: ${kinds}`);
  const sel = page.locator('#history tr[data-kind="project.select"]');
  assert.match(await sel.innerText(), /项目入选[\s\S]*leader[\s\S]*专家评审中\s*→\s*入选/);
});

test('the proposer, since made a leader, may not approve their own proposal', T, async () => {
  // officer2 proposes the forwarding to the CSRC; an admin then makes officer2 a leader
  const u = await api('admin', 'POST', '/users', { username: 'officer2', role: 'officer', password: DEMO_PASSWORD });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const prop = await api('officer2', 'POST', `/projects/${projectId}/actions/forward_csrc`, { reason: '报送专业评估' });
  assert.equal(prop.status, 202, JSON.stringify(prop.body));
  const id = prop.body.decision.id;
  const up = await api('admin', 'PATCH', `/users/${u.body.id}`, { role: 'leader', reason: '岗位调整' });
  assert.equal(up.status, 200, JSON.stringify(up.body));

  const page = await as('officer2');
  await page.goto(`${server.url}/decisions`);
  await submit(page, `form[action="/decisions/${id}/approve"] button`);
  const err = page.locator('main .error.failure');
  assert.equal(await err.getAttribute('data-code'), 'same_person');
  assert.match(await err.innerText(), /提议人以外/);
  assert.equal(await page.locator(`#pending article[data-decision="${id}"]`).count(), 1, 'still pending');
});

test('forwarded to the CSRC (approved on the project page), the CSRC passes it', T, async () => {
  const officer = await as('officer');
  await officer.goto(`${server.url}/projects/${projectId}`);
  assert.match(await officer.locator('#pending-decision').innerText(), /报送证监会专业评估[\s\S]*officer2/);

  // the CSRC sees nothing before the forwarding is approved
  const csrc = await as('csrc');
  const before = await csrc.goto(`${server.url}/projects/${projectId}`);
  assert.equal(before.status(), 404);

  const leader = await as('leader');
  await leader.goto(`${server.url}/projects/${projectId}`);
  await leader.fill('#pending-decision form.approve textarea[name="reason"]', '同意报送');
  await submit(leader, '#pending-decision form.approve button');
  assert.equal(await leader.getAttribute('.flash', 'data-outcome'), 'approved');

  await csrc.goto(`${server.url}/projects/${projectId}`);
  assert.equal(await stateOf(csrc), 'csrc_evaluation');
  const acts = await csrc.$$eval('#actions form[data-action]', (fs) => fs.map((f) => f.dataset.action));
  assert.deepEqual(acts.sort(), ['csrc_fail', 'csrc_pass']);
  // an opinion is required: the browser enforces it; the server too
  await csrc.$eval('form[data-action="csrc_pass"] textarea[name="opinion"]', (t) => t.removeAttribute('required'));
  await csrc.fill('form[data-action="csrc_pass"] textarea[name="reason"]', '专业评估');
  await submit(csrc, 'form[data-action="csrc_pass"] button');
  assert.equal(await csrc.getAttribute('main .error.failure', 'data-code'), 'missing_field');
  await csrc.fill('form[data-action="csrc_pass"] textarea[name="opinion"]', '技术方案可行，风险可控，同意通过。');
  await submit(csrc, 'form[data-action="csrc_pass"] button');
  assert.equal(await csrc.getAttribute('.flash', 'data-action'), 'csrc_pass');
  assert.match(await csrc.locator('main').innerText(), /证监会专业评估\s*通过/);

  for (const { page } of Object.values(pages)) assert.deepEqual(page.problems, [], 'no browser errors (CSP, scripts)');
});
