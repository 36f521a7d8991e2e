// The officer's dashboard in Debian's chromium, on a temp demo database and the server's test
// clock: an ad-hoc report gone overdue and an open breach alert show on the home page, most
// urgent first, each with its severity; following the report's link opens the report. The
// home page with its items passes axe-core's WCAG A and AA rules, in zh-CN and in English at
// phone width, and never scrolls sideways there.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { DEMO_PASSWORD, apiAs, axeViolations, closeAll, demoDatabase, launchBrowser, newPage, startServer } from './lib/harness.mjs';

const T = { timeout: 180000 };
const cstUs = (local) => String(Date.parse(`${local}:00+08:00`) * 1000);

let db;
let server;
let browser;
let clock;
const ids = {};

before(async () => {
  db = demoDatabase();
  clock = join(db.dir, 'clock');
  writeFileSync(clock, cstUs('2026-12-01T09:00'));
  server = await startServer(db.db, { env: { BAOTU_CLOCK_FILE: clock } });
  browser = await launchBrowser();
  const as = apiAs(server, DEMO_PASSWORD);
  const projects = await as.call('officer', 'GET', '/projects?state=launched');
  ids.pilot = projects.json.items[0].id;
  // a report due tomorrow, and a breach of the customers' limit (2000)
  const r = await as.call('officer', 'POST', `/projects/${ids.pilot}/reports`, { title: '适当性专项报告', due_on: '2026-12-02' });
  assert.equal(r.status, 201, r.text);
  ids.report = r.json.id;
  const m = await as.call('shenlan-tech', 'POST', `/projects/${ids.pilot}/metrics`, {
    points: [{ indicator: 'customers', at: '2026-12-01T00:00:00Z', value: 2100 }],
  });
  assert.equal(m.status, 201, m.text);
  // three days on: the report is overdue
  writeFileSync(clock, cstUs('2026-12-04T09:00'));
});

after(async () => {
  await closeAll({ browser, server, db });
});

async function logIn(user, { lang = 'zh', width = 1280 } = {}) {
  const s = await newPage(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', viewport: { width, height: 900 } });
  await s.page.goto(`${server.url}/lang/${lang === 'en' ? 'en' : 'zh-CN'}?next=/login`);
  await s.page.fill('#username', user);
  await s.page.fill('#password', DEMO_PASSWORD);
  await Promise.all([s.page.waitForURL(`${server.url}/`), s.page.click('.login-card button[type="submit"]')]);
  return s;
}

test('the officer sees the overdue report and the breach, most urgent first, and follows the report', T, async () => {
  const { context, page } = await logIn('officer');
  try {
    // the scheduler has requested the periodic reports since the launch (overdue too) and
    // found the indicators without data stale: the breach first, then every urgent item
    const items = page.locator('section.dashboard ol.dashboard-items > li');
    const sev = await items.evaluateAll((els) => els.map((e) => e.dataset.severity));
    const rank = { critical: 0, urgent: 1, warning: 2, info: 3 };
    for (let k = 1; k < sev.length; k++) assert.ok(rank[sev[k - 1]] <= rank[sev[k]], sev.join());
    assert.equal(await items.first().getAttribute('data-kind'), 'alert_breach');
    // (the demo's other pilot has a breach of its own)
    const breach = page.locator(`li[data-kind="alert_breach"]:has(a[href="/projects/${ids.pilot}/alerts?status=open"])`);
    assert.equal(await breach.locator('.tag').innerText(), '严重');
    assert.match(await breach.innerText(), /客户数已越过突破阈值/);
    const report = page.locator(`li[data-kind="report_overdue"]:has(a[href="/reports/${ids.report}"])`);
    assert.equal(await report.locator('.tag').innerText(), '紧急');
    assert.match(await report.innerText(), /报告“适当性专项报告”已逾期：应于 2026-12-02 前提交。/);
    assert.match(await report.innerText(), /截止 2026-12-02/);
    // the counts above the list are the list's
    const counts = await page.locator('.dash-counts').innerText();
    const n = (level) => sev.filter((x) => x === level).length;
    assert.match(counts, new RegExp(`严重 ${n('critical')}\\s+紧急 ${n('urgent')}`));
    assert.ok(n('critical') >= 1, sev.join());
    // the supervision menu
    assert.deepEqual(await page.locator('nav.sup-nav a').allInnerTexts(), ['报告', '检查', '事件处置', '信访投诉', '信息交流', '新情况报告']);
    assert.deepEqual(await axeViolations(page), []);
    // the report's page, where it is chased or reviewed
    await Promise.all([page.waitForURL(`${server.url}/reports/${ids.report}`), report.locator('a').first().click()]);
    assert.match(await page.locator('main h1').innerText(), /适当性专项报告/);
    // and the alert's page
    await page.goBack();
    await Promise.all([page.waitForURL(/\/projects\/\d+\/alerts\?status=open$/), breach.locator('a').first().click()]);
    assert.equal(await page.locator('main').count(), 1);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the lead institution\'s dashboard in English at phone width: its own items, accessible, no sideways scroll', T, async () => {
  const { context, page } = await logIn('shenlan-tech', { lang: 'en', width: 390 });
  try {
    const items = page.locator('section.dashboard li[data-kind]');
    assert.equal(await items.first().getAttribute('data-kind'), 'alert_breach');
    const projects = await page.locator('section.dashboard li small a[href^="/projects/"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('href')))]);
    assert.deepEqual(projects, [`/projects/${ids.pilot}`]);
    assert.match(
      await page.locator(`li[data-kind="report_overdue"]:has(a[href="/reports/${ids.report}"])`).innerText(),
      /Report 适当性专项报告 is overdue: it was due on 2026-12-02\./,
    );
    assert.deepEqual(await page.locator('nav.sup-nav a').allInnerTexts(), ['Messages']);
    assert.deepEqual(await axeViolations(page), []);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(scroll <= 0, `the document scrolls sideways by ${scroll}px`);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
