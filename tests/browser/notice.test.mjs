// The public notice and the launch (§4.2) through the pages, in Debian's chromium (headless):
// the key steps of the admission journey after the CSRC's pass (tests/e2e/admission
// covers them all through the API; tests/browser/admission.test.mjs the earlier steps through
// the pages). The real binary runs on a fresh database with the test clock (BAOTU_CLOCK_FILE)
// set to Monday 2026-09-28 10:00 CST; a joint project is brought up to the CSRC's pass through
// the JSON API. Then, in the browser: the officer proposes publish_notice on the project page
// and the leader approves it on /decisions; a logged-out visitor reads the notice on /public
// (name, members, each business scenario) and comments; the officer publishes the comment and
// classifies it major_risk in the project's comments section; on the last day of the period
// (Friday 10-09, the fifth working day after National Day) the launch is refused with the
// first launch day shown; on Saturday 10-10 (a make-up working day, data/cn-holidays.csv) it is
// refused because the major risk is unanswered; the lead applicant answers it on the page with
// safeguards and compensation; the officer proposes the launch, the leader approves; the project
// page shows the launch and the public register lists it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  addAccounts, addUser, institution, INVESTOR_PROTECTION, JOINT_PILOT_MATERIALS, nextWorkingDay,
  periodEnd, PILOT_TERMS, shenzhenTech, tempDb, testClock
} from '../e2e/lib/harness.mjs';
import { apiAs, closeAll, launchBrowser, newPage, propose, startServer, submit } from './lib/harness.mjs';

const T = { timeout: 30000 };
const PW = 'notice-browser-pw-1';
const PROJECT = '链上基金份额登记联合试点';

/* ---------- the clock and the working-day calendar ---------- */

const OPENS_ON = '2026-09-28'; // a Monday
const NOTICE_DAYS = 5; // the default of the setting notice_working_days
// 09-28, 09-29, 09-30; National Day 10-01..10-07; 10-08, 10-09. Saturday 10-10 is a make-up day.
const CLOSES_ON = '2026-10-09';
const FIRST_LAUNCH_DAY = '2026-10-10';

/* ---------- the server: a fresh database, the test clock ---------- */

const { dir, db } = tempDb('notice.db');
const clock = testClock(dir);
let server;
let browser;
let client; // the JSON API (the set-up up to the CSRC's pass)
const pages = {}; // username -> {context, page}; '' is the logged-out visitor
const inst = {};
let projectId;
let noticeId;
let commentId;

const setClock = clock.set;
const uid = async (username) => (await client.session(username)).user.id;

async function ok(username, method, path, body, status = [200, 201]) {
  const r = await client.call(username, method, path, body);
  assert.ok([].concat(status).includes(r.status), `${method} ${path} as ${username}: ${r.status} ${r.text}`);
  return r.json;
}

const act = (who, action, body = {}) => ok(who, 'POST', `/projects/${projectId}/actions/${action}`, body, [200, 202]);

// An officer's proposal, then the leader's approval (maker-checker), through the API.
async function decide(action, reason) {
  const r = await act('officer', action, { reason });
  assert.equal(r.decision.status, 'pending');
  await ok('leader', 'POST', `/decisions/${r.decision.id}/approve`, { reason: '同意' });
}

/* ---------- the browser ---------- */

// The page of a user, logged in through the log-in form (zh-CN). With fresh, logs in again
// (a moved clock ends the sessions: they last 12 hours).
async function as(username, { fresh = false } = {}) {
  if (!pages[username]) pages[username] = await newPage(browser, { locale: 'zh-CN' });
  const { page } = pages[username];
  if (fresh || !page.loggedIn) {
    await pages[username].context.clearCookies();
    await page.goto(`${server.url}/login`);
    await page.fill('#username', username);
    await page.fill('#password', PW);
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('.login-card button[type="submit"]')]);
    page.loggedIn = true;
  }
  return page;
}

async function visitor() {
  if (!pages['']) pages[''] = await newPage(browser, { locale: 'zh-CN' });
  return pages[''].page;
}

const stateOf = (page) => page.getAttribute('.page-head .tag.state', 'data-state');
const projectUrl = () => `${server.url}/projects/${projectId}`;

/* ---------- set-up ---------- */

before(async () => {
  assert.equal(periodEnd(OPENS_ON, NOTICE_DAYS), CLOSES_ON, 'the CSV gives the period end');
  assert.equal(nextWorkingDay(CLOSES_ON), FIRST_LAUNCH_DAY, 'the CSV gives the first launch day');
  setClock(`${OPENS_ON}T10:00`);
  await addUser(db, 'admin', PW, 'admin', undefined, { env: clock.env });
  server = await startServer(db, { env: clock.env });
  browser = await launchBrowser();
  client = apiAs(server, PW);

  inst.lead = (await ok('admin', 'POST', '/institutions', shenzhenTech(901, { name: '深蓝链科技有限公司' }))).id;
  inst.partner = (await ok('admin', 'POST', '/institutions', institution(902, { name: '泉城证券股份有限公司' }))).id;
  const accounts = await addAccounts(
    server,
    {
      institution: { 'shenlan-tech': inst.lead, 'quancheng-sec': inst.partner },
      officer: ['officer'],
      leader: ['leader'],
      csrc: ['csrc'],
      expert: ['expert1'],
    },
    { password: PW, token: (await client.session('admin')).token },
  );
  client.remember(accounts);

  // a joint pilot application, up to the CSRC's pass (the pages of these steps are covered in
  // tests/browser/admission.test.mjs)
  const p = await ok('shenlan-tech', 'POST', '/projects', {
    name: PROJECT,
    members: [
      { institution_id: inst.lead, lead: true, role: '区块链技术研发与系统运营' },
      { institution_id: inst.partner, lead: false, role: '基金份额登记业务与合规' },
    ],
    summary: '基于区块链的基金份额登记与对账',
    scenarios: [
      { name: '基金份额链上对账', description: '登记、托管与销售机构之间的日终对账上链', provider_institution_id: inst.partner },
      { name: '投资者份额自助核对', description: '投资者在线核对本人份额登记结果', provider_institution_id: inst.partner },
    ],
    ...PILOT_TERMS,
    service_content: '为专业投资者提供基金份额实时确认',
    investor_protection: INVESTOR_PROTECTION,
    emergency_plan: 'INTERNAL-EMERGENCY-PLAN 链下对账兜底',
    exit_plan: 'INTERNAL-EXIT-PLAN 存量份额迁回中心化登记',
    funding_guarantee: '牵头单位自有资金 2000 万元',
    timeline: [{ milestone: '系统上线', due_on: '2027-03-01' }],
    commitments: ['不超出测试边界开展业务'],
  });
  projectId = p.id;
  for (const kind of JOINT_PILOT_MATERIALS) {
    const fd = new FormData();
    fd.append('kind', kind);
    fd.append('file', new Blob([`%PDF-1.4\n% ${kind}\n%%EOF\n`], { type: 'application/pdf' }), `${kind}.pdf`);
    await ok('shenlan-tech', 'POST', `/projects/${projectId}/materials`, fd);
  }
  // §3.2: the partner confirms the application as it will be submitted, materials included
  await act('quancheng-sec', 'confirm');
  await act('shenlan-tech', 'submit');
  const batch = await ok('officer', 'POST', '/batches', { name: '2026年第三批', opens_on: '2026-09-01', closes_on: '2026-10-31' });
  await act('officer', 'accept', { reason: '材料齐备', batch_id: batch.id });
  await ok('officer', 'POST', '/experts', { user_id: await uid('expert1'), affiliation: '山东大学' });
  await ok('officer', 'POST', `/projects/${projectId}/assignments`, { expert_id: await uid('expert1') });
  await act('officer', 'start_review', { reason: '进入专家评审' });
  const scores = {};
  for (const c of ['innovativeness', 'feasibility', 'security', 'goal_reasonableness', 'risk_controls', 'industrial_fit'])
    scores[c] = { score: 8, comment: '良好' };
  await ok('expert1', 'PUT', `/projects/${projectId}/scores`, { scores });
  await decide('select', '评审良好，建议入选');
  await decide('forward_csrc', '报送专业评估');
  await act('csrc', 'csrc_pass', { reason: '专业评估通过', opinion: '技术方案可行，风险可控' });
  const q = await ok('officer', 'GET', `/projects/${projectId}`);
  assert.equal(q.state, 'csrc_evaluation');
  assert.equal(q.csrc_result, 'pass');
});

after(async () => {
  for (const { context } of Object.values(pages)) await context.close();
  await closeAll({ browser, server });
});

/* ---------- the journey ---------- */

test('the officer proposes the public notice on the project page; the leader approves it on /decisions', T, async () => {
  const officer = await as('officer');
  await officer.goto(projectUrl());
  assert.equal(await stateOf(officer), 'csrc_evaluation');
  await propose(officer, 'publish_notice', '专业评估通过，予以公示');
  assert.equal(await stateOf(officer), 'csrc_evaluation', 'nothing changes before the approval');
  assert.match(await officer.locator('#pending-decision').innerText(), /发布公示[\s\S]*officer[\s\S]*予以公示/);

  const leader = await as('leader');
  await leader.goto(`${server.url}/decisions`);
  const card = leader.locator(`#pending article.decision[data-project="${projectId}"]`);
  assert.equal(await card.count(), 1);
  assert.match(await card.innerText(), new RegExp(`${PROJECT}[\\s\\S]*发布公示[\\s\\S]*officer`));
  const id = await card.getAttribute('data-decision');
  await leader.fill(`form[action="/decisions/${id}/approve"] textarea[name="reason"]`, '同意公示');
  await submit(leader, `form[action="/decisions/${id}/approve"] button`);
  assert.equal(await leader.getAttribute('.flash', 'data-outcome'), 'approved');
  assert.equal(await leader.getAttribute(`#settled tr[data-decision="${id}"]`, 'data-status'), 'approved');

  await officer.goto(projectUrl());
  assert.equal(await stateOf(officer), 'public_notice');
  assert.equal(await officer.locator('.page-head .tag.state').innerText(), '公示中');
  const comments = officer.locator('#comments');
  const facts = await comments.locator('dl.facts').innerText();
  assert.match(facts, new RegExp(`${OPENS_ON}\\s*–\\s*${CLOSES_ON}`));
  assert.match(facts, new RegExp(`工作日数\\s*${NOTICE_DAYS}`));
  assert.match(facts, /征求意见中/);
  assert.match(await comments.innerText(), /尚未收到意见。/);
  const link = await comments.locator('a[href^="/public/notices/"]').getAttribute('href');
  noticeId = Number(/\/public\/notices\/(\d+)$/.exec(link)[1]);
});

test('a logged-out visitor reads the notice on /public and comments on it', T, async () => {
  const page = await visitor();
  await page.goto(`${server.url}/public`);
  assert.equal(await page.locator('a[href="/logout"], form[action="/logout"]').count(), 0, 'not logged in');
  const card = page.locator('article.notice-card', { has: page.locator(`a[href="/public/notices/${noticeId}"]`) });
  assert.equal(await card.count(), 1);
  const text = await card.innerText();
  assert.match(text, new RegExp(PROJECT));
  assert.match(text, /牵头申报单位\s*深蓝链科技有限公司/);
  assert.match(text, new RegExp(`${OPENS_ON}\\s*–\\s*${CLOSES_ON}`));
  await Promise.all([
    page.waitForURL(`${server.url}/public/notices/${noticeId}`),
    card.locator('a.button.primary').click(),
  ]);

  assert.equal(await page.locator('main h1').innerText(), PROJECT);
  const members = await page.locator('section[aria-labelledby="h-members"] tbody tr').allInnerTexts();
  assert.equal(members.length, 2);
  assert.match(members[0], /深蓝链科技有限公司\s*牵头申报单位\s*区块链技术研发与系统运营/);
  assert.match(members[1], /泉城证券股份有限公司\s*参与单位\s*基金份额登记业务与合规/);
  const scen = await page.locator('ol.scenarios li').allInnerTexts();
  assert.equal(scen.length, 2, 'each business scenario');
  assert.match(scen[0], /基金份额链上对账[\s\S]*日终对账上链[\s\S]*提供机构：\s*泉城证券股份有限公司/);
  assert.match(scen[1], /投资者份额自助核对[\s\S]*核对本人份额[\s\S]*提供机构：\s*泉城证券股份有限公司/);
  const main = await page.locator('main').innerText();
  assert.match(main, /区块链/);
  assert.match(main, /风险准备金先行赔付/);
  assert.doesNotMatch(main, /INTERNAL-/, 'the emergency and exit plans are not public');
  assert.match(await page.locator('main dl.facts').first().innerText(), /征求意见中/);

  await page.fill('#f-body', '链上数据一旦出错难以更正，可能造成投资者份额损失，存在重大风险隐患。');
  await page.fill('#f-author', '李女士');
  await page.fill('#f-contact', 'li@example.com');
  await submit(page, '#comment-form button[type="submit"]');
  assert.match(page.url(), new RegExp(`/public/notices/${noticeId}\\?sent=1`));
  assert.match(await page.locator('.notice-ok').innerText(), /感谢您的意见/);
  assert.equal(await page.locator('article.comment').count(), 0, 'not shown before moderation');
});

test('the officer publishes the comment and classifies it major_risk in the comments section', T, async () => {
  const officer = await as('officer');
  await officer.goto(projectUrl());
  const art = officer.locator('#comments article.comment');
  assert.equal(await art.count(), 1);
  commentId = Number((await art.getAttribute('id')).replace('comment-', ''));
  let text = await art.innerText();
  assert.match(text, /待审核/);
  assert.match(text, /未分类/);
  assert.match(text, /存在重大风险隐患/);
  assert.match(text, /李女士[\s\S]*li@example\.com/, 'the contact is seen by the working group');

  await officer.selectOption(`#m-${commentId}`, 'published');
  await submit(officer, `form[action="/comments/${commentId}/moderate"] button`);
  assert.match(officer.url(), new RegExp(`/projects/${projectId}#comments$`));
  await officer.selectOption(`#c-${commentId}`, 'major_risk');
  await officer.fill(`form[action="/comments/${commentId}/classify"] input[name="reason"]`, '涉及投资者份额安全');
  await submit(officer, `form[action="/comments/${commentId}/classify"] button`);
  text = await officer.locator(`#comment-${commentId}`).innerText();
  assert.match(text, /已公开/);
  assert.match(text, /重大风险隐患/);
  assert.equal(await officer.locator(`#comment-${commentId} .tag.risk`).count(), 1);
  assert.equal(await officer.inputValue(`#c-${commentId}`), 'major_risk');

  // now the public sees it, without the contact
  const page = await visitor();
  await page.goto(`${server.url}/public/notices/${noticeId}`);
  const pub = page.locator(`article.comment#comment-${commentId}`);
  assert.match(await pub.innerText(), /李女士[\s\S]*存在重大风险隐患/);
  assert.doesNotMatch(await page.locator('main').innerText(), /li@example\.com/);
});

test('on the last day of the period the launch is refused, with the first launch day shown', T, async () => {
  setClock(`${CLOSES_ON}T16:00`);
  const officer = await as('officer', { fresh: true }); // the session of 09-28 has ended
  await officer.goto(projectUrl());
  assert.match(await officer.locator('#comments dl.facts').innerText(), /征求意见中/, 'still open today');
  const form = officer.locator('form[data-action="launch"]');
  assert.equal(await form.locator('.tag.approval').count(), 1);
  await form.locator('textarea[name="reason"]').fill('公示期满');
  await submit(officer, 'form[data-action="launch"] button');
  const err = officer.locator('main .error.failure');
  assert.equal(await err.getAttribute('data-code'), 'notice_period_open');
  const msg = await err.innerText();
  assert.match(msg, /公示期尚未结束；公示期满后的第一个工作日起方可启动。/);
  assert.equal(await err.locator('[data-detail="closes_on"]').innerText(), `公示期截止日： ${CLOSES_ON}`);
  assert.equal(await err.locator('[data-detail="first_launch_day"]').innerText(), `最早可启动日： ${FIRST_LAUNCH_DAY}`);
  assert.doesNotMatch(msg, /first_launch_day|closes_on/, 'no raw field names');
  assert.equal(await stateOf(officer), 'public_notice');
  assert.equal(await officer.locator('#pending-decision').count(), 0, 'nothing proposed');
});

test('on the first working day after it, the launch is refused while the major risk is unanswered', T, async () => {
  setClock(`${FIRST_LAUNCH_DAY}T09:30`);
  const officer = await as('officer', { fresh: true });
  await officer.goto(projectUrl());
  assert.match(await officer.locator('#comments dl.facts').innerText(), /已截止/);
  await officer.fill('form[data-action="launch"] textarea[name="reason"]', '公示期满');
  await submit(officer, 'form[data-action="launch"] button');
  const err = officer.locator('main .error.failure');
  assert.equal(await err.getAttribute('data-code'), 'major_risk_unanswered');
  const msg = await err.innerText();
  assert.match(msg, /有反映重大风险隐患的意见尚未得到申报单位附带保障措施和补偿机制的回应（§4\.2）/);
  assert.match(msg, /涉及的意见：/);
  assert.doesNotMatch(msg, /comment_ids/, 'no raw field names');
  // the comment concerned is linked to its place on the page, with the response form
  const link = err.locator(`a[href="/projects/${projectId}#comment-${commentId}"]`);
  assert.equal(await link.innerText(), `意见 #${commentId}`);
  assert.equal(await officer.locator(`#comment-${commentId} .tag.risk`).count(), 1);
  assert.equal(await stateOf(officer), 'public_notice');
  assert.equal(await officer.locator('#pending-decision').count(), 0, 'nothing proposed');

  // the notice is closed to comments now
  const page = await visitor();
  await page.goto(`${server.url}/public/notices/${noticeId}`);
  assert.equal(await page.locator('#comment-form').count(), 0);
  assert.match(await page.locator('main dl.facts').first().innerText(), /已截止/);
});

test('the lead applicant answers the major risk on the page with safeguards and compensation', T, async () => {
  const lead = await as('shenlan-tech');
  await lead.goto(projectUrl());
  const form = lead.locator(`form[action="/comments/${commentId}/response"]`);
  assert.equal(await lead.locator(`#comment-${commentId} details.respond`).getAttribute('open'), '', 'opened for a major risk');
  assert.equal(await lead.getAttribute(`#s-${commentId}`, 'required'), '');
  assert.equal(await lead.getAttribute(`#k-${commentId}`, 'required'), '');
  await lead.fill(`#r-${commentId}`, '链上记录与中心化登记双轨运行，差错以中心化登记为准');
  await lead.fill(`#s-${commentId}`, '日终双轨核对，差异当日人工复核并冻结相关份额');
  await lead.fill(`#k-${commentId}`, '因系统差错造成的份额损失由风险准备金全额先行赔付');
  await submit(lead, `form[action="/comments/${commentId}/response"] button[type="submit"]`);
  assert.match(lead.url(), new RegExp(`/projects/${projectId}#comments$`));
  const resp = await lead.locator(`#comment-${commentId} .response`).innerText();
  assert.match(resp, /申报单位的回应[\s\S]*双轨运行/);
  assert.match(resp, /保障措施\s*日终双轨核对/);
  assert.match(resp, /补偿机制\s*因系统差错造成的份额损失由风险准备金全额先行赔付/);
  assert.equal(await form.count(), 1, 'the response may still be replaced during the notice');
  // the partner reads it but does not speak for the applicants (§3.2)
  const partner = await as('quancheng-sec');
  await partner.goto(projectUrl());
  assert.match(await partner.locator(`#comment-${commentId}`).innerText(), /风险准备金全额先行赔付/);
  assert.equal(await partner.locator(`form[action="/comments/${commentId}/response"]`).count(), 0);
});

test('the officer proposes the launch, the leader approves; the project page and the register show it', T, async () => {
  const officer = await as('officer');
  await officer.goto(projectUrl());
  await officer.fill('form[data-action="launch"] textarea[name="reason"]', '公示期满，重大风险意见已答复');
  await submit(officer, 'form[data-action="launch"] button');
  assert.equal(await officer.locator('main .error.failure').count(), 0);
  assert.equal(await officer.getAttribute('.flash', 'data-proposed'), 'launch');
  assert.equal(await stateOf(officer), 'public_notice');

  const leader = await as('leader', { fresh: true });
  await leader.goto(`${server.url}/decisions`);
  const card = leader.locator(`#pending article.decision[data-project="${projectId}"]`);
  assert.match(await card.innerText(), new RegExp(`${PROJECT}[\\s\\S]*启动试点[\\s\\S]*officer[\\s\\S]*重大风险意见已答复`));
  const id = await card.getAttribute('data-decision');
  await leader.fill(`form[action="/decisions/${id}/approve"] textarea[name="reason"]`, '同意启动');
  await submit(leader, `form[action="/decisions/${id}/approve"] button`);
  assert.equal(await leader.getAttribute('.flash', 'data-outcome'), 'approved');
  assert.equal(await card.count(), 0);

  await officer.goto(projectUrl());
  assert.equal(await stateOf(officer), 'launched');
  assert.equal(await officer.locator('.page-head .tag.state').innerText(), '已启动试点');
  assert.match(await officer.locator('dl.facts').first().innerText(), new RegExp(`启动日期\\s*${FIRST_LAUNCH_DAY}`));
  assert.equal(await officer.locator('#actions form[data-action="launch"]').count(), 0);
  const hist = officer.locator('#history tr[data-kind="project.launch"]');
  assert.match(await hist.innerText(), /leader[\s\S]*公示中\s*→\s*已启动试点/);

  const page = await visitor();
  await page.goto(`${server.url}/public/pilots`);
  const row = page.locator('table.register tbody tr', { has: page.locator(`a[href="/public/notices/${noticeId}"]`) });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), new RegExp(`${PROJECT}\\s*深蓝链科技有限公司[\\s\\S]*${FIRST_LAUNCH_DAY}`));
  await page.goto(`${server.url}/public`);
  assert.equal(await page.locator(`a[href="/public/notices/${noticeId}"]`).count(), 0, 'no longer under notice');

  for (const [who, { page: p }] of Object.entries(pages))
    assert.deepEqual(p.problems, [], `no browser errors (CSP, scripts) for ${who || 'the visitor'}`);
});
