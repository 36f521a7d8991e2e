// An officer's journey through the server-rendered pages, in Debian's chromium (headless):
// log in (zh-CN by default), see the demo banner, register an institution and find it with its
// history, be told off for a bad credit code, run the §3 eligibility checker, switch to
// English, log out. The real binary runs on a temp demo database and stops with SIGTERM.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  breakCreditCode,
  closeAll,
  DEMO_PASSWORD,
  demoServed,
  freshCreditCode,
  homeTiles,
  newPage,
  optionValue,
  submitAnswered,
} from './lib/harness.mjs';

const T = { timeout: 30000 };
let db;
let server;
let browser;
let context;
let page;
const created = { name: `济南泉水数字证券有限公司${Date.now() % 100000}`, code: freshCreditCode() };

before(async () => {
  ({ db, server, browser } = await demoServed());
  // A browser set to Chinese, as the regulator's staff use it.
  ({ context, page } = await newPage(browser, { locale: 'zh-CN' }));
});

after(async () => {
  await context?.close();
  await closeAll({ browser, server, db });
});

const go = (path) => page.goto(server.url + path);
const text = (sel) => page.locator(sel).first().innerText();

test('the log-in page shows in zh-CN by default', T, async () => {
  const res = await go('/');
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/login(\?|$)/, 'an anonymous visitor is sent to the log-in page');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await text('.login-card h2'), '登录');
  assert.equal(await text('label[for="username"]'), '用户名');
  assert.equal(await text('label[for="password"]'), '密码');
  assert.equal(await text('a.lang'), 'English');
});

test('a wrong password is refused with a message, in Chinese', T, async () => {
  await page.fill('#username', 'officer');
  await page.fill('#password', 'not-the-password');
  await Promise.all([page.waitForLoadState(), page.click('.login-card button[type="submit"]')]);
  const err = page.locator('.login-card .error');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-code'), 'bad_credentials');
  assert.match(await err.innerText(), /用户名或密码错误/);
});

test('officer logs in and sees the demo banner', T, async () => {
  await go('/login');
  await page.fill('#username', 'officer');
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('.login-card button[type="submit"]')]);
  const banner = page.locator('.demo-banner');
  assert.ok(await banner.isVisible(), 'the demo banner is visible');
  assert.match(await banner.innerText(), /演示数据/);
  const bg = await banner.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(246, 195, 67)', 'the banner is amber (the stylesheet loaded)');
  assert.equal(await text('.who b'), 'officer');
  assert.equal(await text('.who small'), '专项工作组经办');
  assert.match(await text('main h1'), /officer/);
  const tiles = await homeTiles(page);
  assert.deepEqual(tiles, ['登记机构', '机构名录', '申报资格核查', '试点项目']);
});

test('officer registers an institution and sees it with its history', T, async () => {
  await go('/institutions');
  await Promise.all([page.waitForURL(/\/institutions\/new$/), page.click('a.button.primary[href="/institutions/new"]')]);
  assert.equal(await text('main h1'), '登记机构');
  await page.fill('#f-name', created.name);
  await page.fill('#f-credit_code', created.code);
  await page.selectOption('#f-kind', 'securities_company');
  await page.fill('#f-registered_province', '山东省');
  await page.fill('#f-registered_city', '济南市');
  await page.fill('#f-main_office_city', '济南市');
  await page.fill('#f-reason', '浏览器测试登记');
  await Promise.all([page.waitForURL(/\/institutions\/\d+$/), page.click('form.card button.primary')]);
  created.id = Number(/\/institutions\/(\d+)$/.exec(page.url())[1]);
  assert.equal(await text('main h1'), created.name);
  assert.equal(await text('dl.facts code'), created.code);
  const row = page.locator('table.history tr[data-kind="institution.created"]');
  assert.equal(await row.count(), 1, 'one history row: the registration');
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[2], '机构登记');
  assert.equal(cells[3], 'officer');
  assert.equal(cells[4], '浏览器测试登记');
  // and it is in the register
  await go(`/institutions?q=${encodeURIComponent(created.code)}`);
  assert.equal(await page.locator('table.list tbody tr').count(), 1);
  assert.equal(await text('table.list tbody td a'), created.name);
});

test('an edit is recorded with what changed', T, async () => {
  await go(`/institutions/${created.id}/edit`);
  assert.equal(await page.inputValue('#f-credit_code'), created.code);
  await page.fill('#f-main_office_city', '淄博市');
  await page.fill('#f-reason', '主要办公地迁址');
  await Promise.all([page.waitForURL(new RegExp(`/institutions/${created.id}$`)), page.click('form.card button.primary')]);
  const row = page.locator('table.history tr[data-kind="institution.updated"]');
  assert.equal(await row.count(), 1);
  const changes = await row.locator('ul.changes li').allInnerTexts();
  assert.deepEqual(changes, ['主要办公地 济南市 → 淄博市']);
});

test('an invalid credit code is refused with the error, and the form keeps its values', T, async () => {
  await go('/institutions/new');
  const bad = breakCreditCode(freshCreditCode());
  await page.fill('#f-name', '校验码错误测试有限公司');
  await page.fill('#f-credit_code', bad);
  await page.fill('#f-registered_province', '山东省');
  await page.fill('#f-registered_city', '济南市');
  await page.fill('#f-main_office_city', '济南市');
  const res = await submitAnswered(page, 'form.card button.primary', '/institutions');
  assert.equal(res.status(), 400);
  const err = page.locator('main .error[role="alert"]');
  assert.equal(await err.getAttribute('data-code'), 'invalid_credit_code');
  assert.match(await err.innerText(), /“统一社会信用代码”有误/);
  assert.equal(await page.getAttribute('#f-credit_code', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#f-credit_code'), bad);
  assert.equal(await page.inputValue('#f-name'), '校验码错误测试有限公司');
  await go(`/institutions?q=${encodeURIComponent(bad)}`);
  assert.equal(await page.locator('table.list tbody tr').count(), 0, 'nothing was written');
});

async function checkEligibility(rows, track = 'pilot') {
  await go('/eligibility');
  await page.check(`input[name="track"][value="${track}"]`);
  for (const [i, r] of rows.entries()) {
    await page.selectOption(`select[name="inst${i}"]`, await optionValue(page, `inst${i}`, r.name));
    if (r.lead) await page.check(`input[name="lead"][value="${i}"]`);
  }
  await Promise.all([page.waitForURL(/\/eligibility$/), page.click('form.card button.primary')]);
  await page.locator('#verdict').waitFor();
}

test('eligibility: a Qingdao securities firm alone is refused (§3.1 jurisdiction)', T, async () => {
  await checkEligibility([{ name: '海港证券', lead: true }]);
  assert.equal(await page.getAttribute('#verdict', 'class'), 'verdict refused');
  assert.equal(await text('#verdict h2'), '不符合申报条件');
  const reason = page.locator('table.findings li[data-code="outside_jurisdiction"]');
  assert.equal(await reason.count(), 1);
  assert.match(await reason.innerText(), /证监局辖区/);
  assert.match(await reason.innerText(), /§3\.1/);
});

test('eligibility: a Jinan securities firm with a Shenzhen tech firm as lead is admitted', T, async () => {
  await checkEligibility([
    { name: '泉城证券', lead: false },
    { name: '深蓝链科技', lead: true },
  ]);
  assert.equal(await page.getAttribute('#verdict', 'class'), 'verdict ok');
  assert.equal(await text('#verdict h2'), '符合申报条件');
  const rows = page.locator('table.findings tbody tr');
  assert.equal(await rows.count(), 2);
  assert.deepEqual(await rows.nth(1).locator('td').allInnerTexts(), [
    '深蓝链科技有限公司',
    '科技企业',
    '广东省 深圳市',
    '牵头申报单位',
    '无异议',
  ]);
  // the form keeps the choices for another try
  assert.equal(await page.isChecked('input[name="lead"][value="1"]'), true);
});

test('eligibility: a technology firm alone is refused on the pilot track (§3.2)', T, async () => {
  await checkEligibility([{ name: '深蓝链科技', lead: true }]);
  assert.equal(await page.getAttribute('#verdict', 'class'), 'verdict refused');
  assert.equal(await page.locator('#verdict li[data-code="tech_firm_alone"]').count(), 1);
});

test('switching to English shows English labels', T, async () => {
  await go('/eligibility');
  await Promise.all([page.waitForURL(/\/eligibility$/), page.click('a.lang')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await text('main h1'), 'Eligibility checker');
  assert.deepEqual(await page.locator('.main-nav a').allInnerTexts(), [
    'Home', 'Institutions', 'Eligibility', 'Projects', 'Batches', 'Decisions', 'Calendar',
  ]);
  assert.equal(await text('.who small'), 'Working-group case officer');
  await go(`/institutions/${created.id}`);
  assert.equal(await text('dl.facts dt'), 'Unified social credit code');
  assert.equal(await text('table.history tr[data-kind="institution.created"] .tag'), 'Institution registered');
  await checkEligibility([{ name: '海港证券', lead: true }]);
  assert.equal(await text('#verdict h2'), 'Not eligible');
  assert.match(await text('li[data-code="outside_jurisdiction"]'), /jurisdiction/);
  assert.equal(await text('a.lang'), '中文');
});

test('log out ends the session', T, async () => {
  await Promise.all([page.waitForURL(/\/login$/), page.click('header form[action="/logout"] button')]);
  await go('/institutions');
  assert.match(page.url(), /\/login\?next=%2Finstitutions$/);
  assert.deepEqual(page.problems, [], 'the browser reported no errors (CSP, scripts)');
});
