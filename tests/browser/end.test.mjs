// The end of a pilot in the browser (§4.4), on the demo seeded and served on its fixed day,
// every step through the pages a regulator and an institution use:
//  (a) a stage evaluation: the officer opens it from the project page, each side fills its
//      score sheet on the evaluation's page, the working group judges the commitments and the
//      hypothesis, the CSRC concurs in regular operation; the officer proposes the outcome from
//      the project page and the leader approves it in the queue: the pilot is in regular
//      operation, and the page is accessible (axe);
//  (b) a voluntary exit: the lead applies on its project page, the officer proposes the exit
//      and the leader approves; the lead gives the checklist's evidence item by item; the exit
//      cannot be completed until the last item has its evidence; then it is, and the portal
//      announces it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { demoInBrowser, DEMO_PASSWORD, logInAs, newPage, propose, submit } from './lib/harness.mjs';

const T = { timeout: 180000 };
const EVALUATED = '基于大模型的智能投顾'; // the joint pilot of shenlan-tech and quancheng-sec
const LEAVING = '智能基金投顾组合服务'; // lixia-fund's pilot
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server, browser, api, demo;
const ids = {};

before(async () => {
  demo = await demoInBrowser();
  ({ server, browser, api } = demo);
  for (const [key, name] of [['evaluated', EVALUATED], ['leaving', LEAVING]]) {
    ids[key] = demo.launched[name];
    assert.ok(ids[key], `the demo has no launched pilot ${name}`);
  }
});

after(async () => demo?.close());

const logIn = (page, username) => logInAs(page, server, username, DEMO_PASSWORD);

// As username, in a page of its own: fn(page); the page never saw an error.
async function as(username, fn) {
  const { context, page } = await newPage(browser);
  try {
    await logIn(page, username);
    await fn(page);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
}

async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }),
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `[${v.id}] ${v.help} at ${n.target.join(' ')}`));
}

// The leader approves the pending decision on project pid in the queue.
async function approveInQueue(pid, reason) {
  await as('leader', async (page) => {
    await page.goto(`${server.url}/decisions`);
    const card = page.locator(`#pending article.decision[data-project="${pid}"]`);
    assert.equal(await card.count(), 1, 'the proposal waits in the leader\'s queue');
    const id = await card.getAttribute('data-decision');
    await page.fill(`form[action="/decisions/${id}/approve"] textarea[name="reason"]`, reason);
    await submit(page, `form[action="/decisions/${id}/approve"] button`);
    assert.equal(await page.getAttribute('.flash', 'data-outcome'), 'approved');
  });
}

// One side's score sheet on the evaluation's page: every criterion scored, with a comment.
async function scoreSheet(page, score) {
  const form = page.locator('form#scores');
  const selects = form.locator('select[name^="score_"]');
  const n = await selects.count();
  assert.equal(n, 8, 'eight criteria (§4.4, as the PBoC exit evaluation)');
  for (let k = 0; k < n; k++) {
    const name = await selects.nth(k).getAttribute('name');
    await form.locator(`select[name="${name}"]`).selectOption(String(score));
    await form.locator(`textarea[name="comment_${name.slice('score_'.length)}"]`).fill('运行平稳，达到预期。');
  }
  await submit(page, 'form#scores button[type="submit"]');
}

test('a stage evaluation through the pages: opened, scored by both sides, concurred, concluded in regular operation', T, async () => {
  const P = ids.evaluated;
  await as('officer', async (page) => {
    await page.goto(`${server.url}/projects/${P}`);
    await page.fill('#open-evaluation-reason', '试点运行已满测试期，开展阶段性评估。');
    await submit(page, '#open-evaluation button[type="submit"]');
    const evs = await api.call('officer', 'GET', `/projects/${P}/evaluations`);
    assert.equal(evs.json.items.length, 1, evs.text);
    ids.evaluation = evs.json.items[0].id;
    await page.goto(`${server.url}/evaluations/${ids.evaluation}`);
    await scoreSheet(page, 5);
    // the commitments: each kept, with its evidence
    const c = page.locator('form#commitments');
    for (let k = 0; k < (await c.locator('select[name^="kept_"]').count()); k++) {
      await c.locator(`select[name="kept_${k}"]`).selectOption('true');
      await c.locator(`textarea[name="evidence_${k}"]`).fill('运行数据与检查记录可证。');
    }
    await submit(page, 'form#commitments button[type="submit"]');
    // the hypothesis and each success measure
    const h = page.locator('form#hypothesis');
    await h.locator('select[name="hypothesis"]').selectOption('met');
    await h.locator('textarea[name="note"]').fill('服务效率提升，风险未增加。');
    for (let k = 0; k < (await h.locator('select[name^="met_"]').count()); k++) await h.locator(`select[name="met_${k}"]`).selectOption('true');
    await submit(page, 'form#hypothesis button[type="submit"]');
    assert.deepEqual(await axeViolations(page), []);
  });
  await as('csrc', async (page) => {
    await page.goto(`${server.url}/evaluations/${ids.evaluation}`);
    await scoreSheet(page, 4);
    await page.locator('form#concurrence select[name="outcome"]').selectOption('regular_operation');
    await page.fill('form#concurrence textarea[name="opinion"]', '同意转常规化运营。');
    await submit(page, 'form#concurrence button[type="submit"]');
  });
  const ev = await api.call('officer', 'GET', `/evaluations/${ids.evaluation}`);
  assert.deepEqual(ev.json.missing, [], ev.text);
  assert.equal(ev.json.concurrence.outcome, 'regular_operation');
  await as('officer', async (page) => {
    await page.goto(`${server.url}/projects/${P}`);
    await propose(page, 'evaluate_regular', '达到预期效果且未发现明显风险隐患。');
  });
  await approveInQueue(P, '同意转常规化运营。');
  await as('officer', async (page) => {
    await page.goto(`${server.url}/projects/${P}`);
    assert.equal(await page.locator('.page-head .tag').first().innerText(), '已转常规化运营');
    assert.equal(await page.locator('form[data-action="recognise"]').count(), 1, 'a pilot in regular operation may be recognised (§5.1)');
  });
  assert.equal((await api.call('officer', 'GET', `/projects/${P}`)).json.state, 'regular_operation');
});

test('a voluntary exit through the pages: applied, started, its checklist evidenced item by item, then completed and announced', T, async () => {
  const P = ids.leaving;
  await as('lixia-fund', async (page) => {
    await page.goto(`${server.url}/projects/${P}`);
    const form = page.locator('form[data-action="apply_exit"]');
    assert.equal(await form.locator('textarea[name="reason"][required]').count(), 1, 'the lead gives its reason');
    await form.locator('textarea[name="reason"]').fill('公司业务战略调整，申请自行退出试点。');
    await submit(page, 'form[data-action="apply_exit"] button');
  });
  await as('officer', async (page) => {
    await page.goto(`${server.url}/projects/${P}`);
    const form = page.locator('form[data-action="start_exit"]');
    await form.locator('select[name="kind"]').selectOption('voluntary');
    await form.locator('input[name="channel_open_until"]').fill('2027-05-31');
    await propose(page, 'start_exit', '同意自行退出，按退出方案执行。');
  });
  await approveInQueue(P, '同意。');
  const items = (await api.call('officer', 'GET', `/projects/${P}/exit`)).json.exit.items.map((i) => i.item);
  assert.equal(items.length, 5);
  await as('lixia-fund', async (page) => {
    for (const [k, item] of items.entries()) {
      await page.goto(`${server.url}/projects/${P}`);
      const form = page.locator(`form[action="/projects/${P}/exit/items/${item}"]`);
      await form.locator('textarea[name="evidence"]').fill(`${item}：已完成，材料存档备查。`);
      await submit(page, `form[action="/projects/${P}/exit/items/${item}"] button`);
      if (k === items.length - 2) {
        // one item left: the officer may not complete the exit yet
        await as('officer', async (officer) => {
          await officer.goto(`${server.url}/projects/${P}`);
          await officer.locator('form[data-action="complete_exit"] textarea[name="reason"]').fill('退出完成。');
          await officer.click('form[data-action="complete_exit"] button');
          await officer.waitForLoadState();
          assert.match(await officer.locator('.error.failure').first().innerText(), /清单|checklist/i);
          officer.problems.length = 0; // the refusal's 422 is the expected answer
        });
      }
    }
  });
  await as('officer', async (page) => {
    await page.goto(`${server.url}/projects/${P}`);
    await propose(page, 'complete_exit', '退出清单各项均已完成。');
  });
  await approveInQueue(P, '同意。');
  assert.equal((await api.call('officer', 'GET', `/projects/${P}`)).json.state, 'exited');
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${server.url}/public/exits`);
    assert.ok((await page.locator('main').innerText()).includes(LEAVING), 'the portal announces the exit');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
