// Supervision of a running pilot in the browser (§4.3), on the demo seeded and served on its
// fixed day (the demo's fund-advice pilot has months of data up to yesterday):
//  (a) the officer opens the pilot's page and its indicators page and sees the largest
//      transaction charted as SVG drawn on the server: the dashed warning and breach
//      thresholds, and the breach marked at the point that crossed the limit;
//  (b) a member of the public files a complaint about a launched pilot on the portal's form,
//      is shown a reference and a secret once, and follows the complaint with them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { demoInBrowser, DEMO_PASSWORD, logInAs, newPage, optionValue, submit } from './lib/harness.mjs';

const T = { timeout: 120000 };
const PILOT = '智能基金投顾组合服务';
let server, browser, api, P, demo;

before(async () => {
  demo = await demoInBrowser();
  ({ server, browser, api } = demo);
  P = demo.launched[PILOT];
  assert.ok(P, `the demo has no launched pilot ${PILOT}`);
});

after(async () => demo?.close());

const logIn = (page, username) => logInAs(page, server, username, DEMO_PASSWORD);

// The chart of the largest single transaction: its thresholds and its breach mark.
async function breachChart(page) {
  const fig = page.locator('figure.chart[data-indicator="max_transaction_fen"]');
  assert.equal(await fig.count(), 1, 'a chart of the largest transaction');
  const svg = fig.locator('svg.chart[role="img"]');
  assert.equal(await svg.count(), 1, 'drawn as SVG on the server');
  assert.ok((await svg.locator('title').first().textContent()).length > 0, 'the chart has a title');
  assert.ok((await svg.locator('desc').textContent()).length > 0, 'and a description');
  assert.equal(await svg.locator('polyline.series').count(), 1, 'the series');
  const lineY = async (level) => {
    const g = svg.locator(`g.threshold[data-threshold="${level}"]`);
    assert.equal(await g.count(), 1, `the ${level} threshold`);
    assert.ok(await g.locator('line').getAttribute('stroke-dasharray'), `the ${level} threshold is dashed`);
    return Number(await g.locator('line').getAttribute('y1'));
  };
  const warnY = await lineY('warn');
  const breachY = await lineY('breach');
  assert.ok(breachY < warnY, 'the breach line above the warning line');
  const mark = svg.locator('g.alert-mark[data-level="breach"]');
  assert.equal(await mark.count(), 1, 'one breach marked');
  const title = await mark.locator('title').textContent();
  assert.match(title, /53,?800/, `the breach's value in its title: ${title}`);
  assert.match(title, /50,?000/, `and the threshold: ${title}`);
  const cy = Number(await mark.locator('circle').getAttribute('cy'));
  assert.ok(cy < breachY, `the breach point (y ${cy}) lies beyond the breach line (y ${breachY})`);
  return svg;
}

test('the officer sees the pilot\'s indicator chart with its thresholds and the breach marked', T, async () => {
  const { context, page } = await newPage(browser);
  try {
    await logIn(page, 'officer');
    await page.goto(`${server.url}/projects/${P}`);
    assert.equal(await page.locator('main h1').innerText().then((t) => t.includes(PILOT)), true);
    const section = page.locator('section#indicators');
    assert.equal(await section.count(), 1, 'the project page has its indicators section');
    await breachChart(page);
    // the customers over their warning line: a warning marked on their chart
    const customers = page.locator('figure.chart[data-indicator="customers"] g.alert-mark[data-level="warning"]');
    assert.equal(await customers.count(), 1);
    // the indicators page (90 days) draws the same, and its stale indicator says so
    await page.goto(`${server.url}/projects/${P}/indicators`);
    await breachChart(page);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a member of the public files a complaint on the portal and follows it with its reference and secret', T, async () => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${server.url}/public/complaints/new`);
    const value = await optionValue(page, 'project_id', PILOT);
    assert.equal(value, String(P));
    await page.selectOption('select[name="project_id"]', value);
    await page.fill('#f-name', '赵先生');
    await page.fill('#f-contact', 'zhao@example.cn');
    await page.fill('#f-content', '智能投顾推荐的组合与我的风险测评结果不符，要求说明。');
    await submit(page, '#complaint-form button.primary');
    const card = page.locator('#complaint-secret');
    assert.equal(await card.count(), 1, 'the reference and the secret are shown once');
    const reference = await card.locator('code[data-reference]').getAttribute('data-reference');
    const secret = await card.locator('code[data-secret]').getAttribute('data-secret');
    assert.match(reference, /^TS-2026-[0-9A-Z]{10}$/);
    assert.ok(secret.length >= 32);
    assert.ok(!page.url().includes(secret), 'the secret is never in a URL');

    // the working group has it, about the pilot, filed on the public portal
    const list = await api.call('officer', 'GET', `/projects/${P}/complaints`);
    const mine = list.json.items.find((c) => c.reference === reference);
    assert.ok(mine, 'the complaint is in the pilot\'s list');
    assert.equal(mine.channel, 'public');

    // the look-up, with the reference and the secret posted
    await page.click('#complaint-secret a.button');
    await page.waitForURL(/\/public\/complaints\/lookup$/);
    await page.fill('#f-reference', reference);
    await page.fill('#f-secret', secret.toLowerCase());
    await submit(page, '#lookup-form button.primary');
    const found = page.locator('#complaint');
    assert.equal(await found.count(), 1, 'the complaint is found');
    assert.equal(await found.locator('h2').innerText(), reference);
    assert.ok((await found.innerText()).includes(PILOT));
    assert.ok(!page.url().includes(secret.toLowerCase()), 'the secret was posted, not in the URL');

    // a wrong secret finds nothing
    await page.fill('#f-reference', reference);
    await page.fill('#f-secret', 'A'.repeat(32));
    await submit(page, '#lookup-form button.primary');
    assert.equal(await page.locator('#complaint').count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
