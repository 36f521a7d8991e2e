// Stage evaluation of launched pilots (§4.4) and recognitions (§5.1), on the demo's two
// launched pilots (A: P.launched; B: the other one):
//  - an evaluation is opened by the working group or the CSRC (one open at a time), each side
//    scores the eight criteria, the commitments and the hypothesis are judged, the CSRC concurs
//    in an outcome; only then may an outcome be proposed, and only the one the CSRC concurred
//    in; a leader's approval applies it (regular operation, improvement, rectification);
//  - rectification: verification waits for the lead's report; then the pilot is launched again;
//  - recognition of a pilot in regular operation, on the public register without log-in;
//  - the scheduler opens an evaluation when the planned duration runs out and on an
//    improvement's re-evaluation date, and reminds when an open evaluation's due date passes;
//  - who sees what: institutions see only concluded evaluations (outcome and summary), experts
//    nothing; every refusal with its status and code, and nothing stored;
//  - the pages: the project's section, the list, an evaluation's page and its forms.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  assertErrorWith,
  cstDate,
  cstUs,
  demoPilot,
  DEMO_PASSWORD,
  eventsOf,
  getPage,
  login,
  postForm,
  query,
  waitFor,
} from './lib/harness.mjs';

let P;
let q;
const DAY_US = 86400 * 1e6;
let nowUs;
const day = (n) => cstDate(nowUs + n * DAY_US);

const CRITERIA = [
  'innovation_value',
  'service_quality',
  'user_satisfaction',
  'business_continuity',
  'compliance',
  'transaction_security',
  'data_security',
  'risk_control',
];

const call = (who, method, path, body) => api(P.server, method, path, { token: P.token[who], body });
const count = (sql) => Number(q(sql));
const events = () => count('SELECT count(*) FROM events');
const sheet = (score = 4) => Object.fromEntries(CRITERIA.map((c) => [c, { score, comment: `${c} 评价` }]));

// YYYY-MM-DD + n months, the day clamped to the month's last.
function addMonths(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  const t = m - 1 + n;
  const yy = y + Math.floor(t / 12);
  const mm = (t % 12) + 1;
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  return `${yy}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
const nextDay = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);

// Everything an outcome needs but the concurrence: both sheets, commitments, hypothesis.
async function complete(id) {
  for (const who of ['officer', 'csrc']) {
    const r = await call(who, 'PUT', `/api/v1/evaluations/${id}/scores`, { scores: sheet(4) });
    assert.equal(r.status, 200, r.text);
  }
  let r = await call('officer', 'PUT', `/api/v1/evaluations/${id}/commitments`, {
    items: [
      { index: 0, kept: true, evidence: '客户数与限额均在边界内' },
      { index: 1, kept: true, evidence: '按期报送月报' },
    ],
  });
  assert.equal(r.status, 200, r.text);
  r = await call('csrc', 'PUT', `/api/v1/evaluations/${id}/hypothesis`, {
    hypothesis: 'met',
    note: '服务效率提升且未见新增风险',
    measures: [
      { index: 0, met: true, note: '投诉率低于传统业务' },
      { index: 1, met: true },
    ],
  });
  assert.equal(r.status, 200, r.text);
}

const concur = (id, outcome) => call('csrc', 'POST', `/api/v1/evaluations/${id}/concurrence`, { outcome, opinion: `同意${outcome}` });

async function proposeAndApprove(pid, action, body) {
  const r = await call('officer', 'POST', `/api/v1/projects/${pid}/actions/${action}`, { reason: '评估结论', ...body });
  assert.equal(r.status, 202, r.text);
  const a = await call('leader', 'POST', `/api/v1/decisions/${r.json.decision.id}/approve`, {});
  assert.equal(a.status, 200, a.text);
  return r.json.decision.id;
}

const stateOf = async (pid) => (await call('officer', 'GET', `/api/v1/projects/${pid}`)).json.state;

describe('stage evaluation (§4.4) and recognitions (§5.1)', () => {
  const ids = {};
  const sess = {};

  before(async () => {
    P = await demoPilot({ users: ['lixia-fund', 'expert1'], args: ['--scheduler-interval', '200'] });
    q = (sql) => query(join(P.dir, 'demo.db'), sql);
    nowUs = Date.now() * 1000;
    const list = await call('officer', 'GET', '/api/v1/projects?state=launched');
    ids.A = P.launched;
    ids.B = list.json.items.map((p) => p.id).find((id) => id !== P.launched);
    assert.ok(ids.B, 'the demo has two launched pilots');
    for (const u of ['officer', 'csrc', 'shenlan-tech']) sess[u] = await login(P.server, u, DEMO_PASSWORD);
  });
  after(async () => {
    await P.stop();
  });

  test('opening: the officer opens one, a second is refused, institutions and experts may not', async () => {
    const before = events();
    assertError(await call('shenlan-tech', 'POST', `/api/v1/projects/${ids.A}/evaluations`, { reason: 'x' }), 403, 'forbidden');
    assertError(await call('expert1', 'POST', `/api/v1/projects/${ids.A}/evaluations`, { reason: 'x' }), 403, 'forbidden');
    assertError(await call('officer', 'POST', `/api/v1/projects/${ids.A}/evaluations`, {}), 400, 'missing_field', 'reason');
    assertError(await call('officer', 'POST', `/api/v1/projects/${ids.A}/evaluations`, { reason: 'x', due_on: '2020-13-01' }), 400, 'invalid_value', 'due_on');
    assertError(await call('officer', 'POST', `/api/v1/projects/${P.coaching}/evaluations`, { reason: 'x' }), 409, 'invalid_state');
    assert.equal(events(), before);
    assert.equal(count(`SELECT count(*) FROM evaluations WHERE project_id IN (${ids.A}, ${ids.B})`), 0);

    const r = await call('officer', 'POST', `/api/v1/projects/${ids.A}/evaluations`, { reason: '试点运行满半年，开展阶段性评估', due_on: day(30) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/evaluations/${r.json.id}`);
    assert.equal(r.json.origin, 'working_group');
    assert.equal(r.json.status, 'open');
    assert.deepEqual(r.json.missing, ['scores.csrc', 'scores.working_group', 'commitments', 'hypothesis']);
    assert.equal(r.json.commitments.length, 2);
    assert.equal(r.json.hypothesis.measures.length, 2);
    ids.evA = r.json.id;
    const n = events();
    assertError(await call('csrc', 'POST', `/api/v1/projects/${ids.A}/evaluations`, { reason: '重复' }), 409, 'evaluation_open');
    assert.equal(events(), n);
    assert.equal(count(`SELECT count(*) FROM evaluations WHERE project_id IN (${ids.A}, ${ids.B})`), 1);
    const ev = await eventsOf(P.server, P.token.officer, `project:${ids.A}`);
    const opened = ev.filter((e) => e.kind === 'evaluation.opened');
    assert.deepEqual(opened[0].payload, { evaluation_id: ids.evA, origin: 'working_group', due_on: day(30) });
  });

  test('who sees an open evaluation: staff; not the institutions nor experts', async () => {
    for (const u of ['officer', 'leader', 'csrc']) {
      const r = await call(u, 'GET', `/api/v1/evaluations/${ids.evA}`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.sheets);
    }
    assertError(await call('shenlan-tech', 'GET', `/api/v1/evaluations/${ids.evA}`), 404, 'not_found');
    assertError(await call('expert1', 'GET', `/api/v1/evaluations/${ids.evA}`), 403, 'forbidden');
    const l = await call('shenlan-tech', 'GET', `/api/v1/projects/${ids.A}/evaluations`);
    assert.equal(l.status, 200, l.text);
    assert.equal(l.json.items.length, 0);
    assertError(await call('shenlan-tech', 'GET', '/api/v1/evaluations'), 403, 'forbidden');
    const all = await call('csrc', 'GET', '/api/v1/evaluations?status=open');
    assert.equal(all.status, 200, all.text);
    // the demo's ended pilots have their concluded evaluations; open, only this one
    assert.deepEqual(all.json.items.map((e) => e.id), [ids.evA]);
    assertError(await call('csrc', 'GET', '/api/v1/evaluations?status=nope'), 400, 'invalid_value', 'status');
  });

  test('scores: every criterion 1 to 5 with a comment, each side its own sheet', async () => {
    const before = events();
    const path = `/api/v1/evaluations/${ids.evA}/scores`;
    const missing = sheet();
    delete missing.risk_control;
    assertError(await call('officer', 'PUT', path, { scores: missing }), 400, 'missing_field', 'scores.risk_control');
    assertError(await call('officer', 'PUT', path, { scores: { ...sheet(), compliance: { score: 6, comment: 'x' } } }), 400, 'invalid_value', 'scores.compliance.score');
    assertError(await call('officer', 'PUT', path, { scores: { ...sheet(), compliance: { score: 0, comment: 'x' } } }), 400, 'invalid_value', 'scores.compliance.score');
    assertError(await call('officer', 'PUT', path, { scores: { ...sheet(), compliance: { score: 3 } } }), 400, 'missing_field', 'scores.compliance.comment');
    assertError(await call('officer', 'PUT', path, { scores: { ...sheet(), beauty: { score: 3, comment: 'x' } } }), 400, 'invalid_value', 'scores.beauty');
    assertError(await call('officer', 'PUT', path, {}), 400, 'missing_field', 'scores');
    assertError(await call('shenlan-tech', 'PUT', path, { scores: sheet() }), 403, 'forbidden');
    assertError(await call('expert1', 'PUT', path, { scores: sheet() }), 403, 'forbidden');
    assert.equal(events(), before);
    assert.equal(count(`SELECT count(*) FROM evaluation_scores WHERE evaluation_id = ${ids.evA}`), 0);

    let r = await call('officer', 'PUT', path, { scores: sheet(3) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.sheets.working_group.scores.compliance.score, 3);
    assert.equal(r.json.sheets.csrc, null);
    // replaced whole while open
    r = await call('leader', 'PUT', path, { scores: sheet(4) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.summary.working_group.mean, '4.00');
    r = await call('csrc', 'PUT', path, { scores: { ...sheet(5), risk_control: { score: 4, comment: '风控' } } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.summary.csrc.total, 39);
    assert.equal(count(`SELECT count(*) FROM evaluation_scores WHERE evaluation_id = ${ids.evA}`), 16);
    const ev = await eventsOf(P.server, P.token.officer, `project:${ids.A}`);
    assert.deepEqual(
      ev.filter((e) => e.kind === 'evaluation.scored').map((e) => e.payload.side),
      ['working_group', 'working_group', 'csrc'],
    );
  });

  test('commitments and hypothesis: every entry judged, evidence required', async () => {
    const before = events();
    const path = `/api/v1/evaluations/${ids.evA}/commitments`;
    assertError(await call('officer', 'PUT', path, { items: [{ index: 0, kept: true, evidence: 'x' }] }), 400, 'missing_field', 'items[1]');
    assertError(await call('officer', 'PUT', path, { items: [{ index: 0, kept: true, evidence: 'x' }, { index: 1, kept: false }] }), 400, 'missing_field', 'items[1].evidence');
    assertError(await call('officer', 'PUT', path, { items: [{ index: 0, kept: true, evidence: 'x' }, { index: 0, kept: true, evidence: 'x' }] }), 400, 'invalid_value', 'items[1].index');
    assertError(await call('shenlan-tech', 'PUT', path, { items: [] }), 403, 'forbidden');
    const hp = `/api/v1/evaluations/${ids.evA}/hypothesis`;
    assertError(await call('officer', 'PUT', hp, { hypothesis: 'maybe', note: 'x', measures: [] }), 400, 'invalid_value', 'hypothesis');
    assertError(await call('officer', 'PUT', hp, { hypothesis: 'met', note: 'x', measures: [{ index: 0, met: true }] }), 400, 'missing_field', 'measures[1]');
    assert.equal(events(), before);

    // outcomes are refused while the evaluation is incomplete
    const n = count('SELECT count(*) FROM decisions');
    const e = assertErrorWith(
      await call('officer', 'POST', `/api/v1/projects/${ids.A}/actions/evaluate_regular`, { reason: 'x', evaluation_id: ids.evA }),
      422, 'evaluation_incomplete', ['missing'],
    );
    assert.deepEqual(e.missing, ['commitments', 'hypothesis']);
    assert.equal(count('SELECT count(*) FROM decisions'), n);
    assert.equal(events(), before);

    let r = await call('officer', 'PUT', path, {
      items: [{ index: 1, kept: true, evidence: '按期报送' }, { index: 0, kept: true, evidence: '未超边界' }],
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.commitments.map((c) => c.kept), [true, true]);
    r = await call('csrc', 'PUT', hp, { hypothesis: 'met', note: '达到预期', measures: [{ index: 0, met: true, note: '低于' }, { index: 1, met: true }] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.hypothesis.judgement, 'met');
    assert.deepEqual(r.json.missing, []);
  });

  test('concurrence: the CSRC only; an outcome must be the one it concurred in', async () => {
    const before = events();
    const dec = count('SELECT count(*) FROM decisions');
    const act = (action, body = {}) =>
      call('officer', 'POST', `/api/v1/projects/${ids.A}/actions/${action}`, { reason: '评估结论', evaluation_id: ids.evA, ...body });
    assertError(await act('evaluate_regular'), 422, 'csrc_not_concurred');
    assertError(await call('officer', 'POST', `/api/v1/evaluations/${ids.evA}/concurrence`, { outcome: 'improve', opinion: 'x' }), 403, 'forbidden');
    assertError(await call('csrc', 'POST', `/api/v1/evaluations/${ids.evA}/concurrence`, { outcome: 'bad', opinion: 'x' }), 400, 'invalid_value', 'outcome');
    assertError(await call('csrc', 'POST', `/api/v1/evaluations/${ids.evA}/concurrence`, { outcome: 'improve' }), 400, 'missing_field', 'opinion');
    assert.equal(events(), before);
    let r = await concur(ids.evA, 'improve');
    assert.equal(r.status, 200, r.text);
    const n = events();
    const e = assertErrorWith(await act('evaluate_regular'), 422, 'csrc_concurred_otherwise', ['concurrence', 'outcome']);
    assert.equal(e.concurrence, 'improve');
    assertError(await act('evaluate_regular', { evaluation_id: 999999 }), 422, 'evaluation_not_open', 'evaluation_id');
    assertError(await act('evaluate_regular', { evaluation_id: undefined }), 400, 'missing_field', 'evaluation_id');
    assertError(await act('evaluate_regular', { reevaluate_on: day(30) }), 400, 'invalid_value', 'reevaluate_on');
    assertError(await act('evaluate_improve'), 400, 'missing_field', 'reevaluate_on');
    assert.equal(events(), n);
    assert.equal(count('SELECT count(*) FROM decisions'), dec);
    r = await concur(ids.evA, 'regular_operation');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.concurrence.outcome, 'regular_operation');
  });

  test('evaluate_regular: proposed, approved by a leader: regular operation; the institution reads the outcome', async () => {
    const did = await proposeAndApprove(ids.A, 'evaluate_regular', { evaluation_id: ids.evA });
    assert.equal(await stateOf(ids.A), 'regular_operation');
    const r = await call('officer', 'GET', `/api/v1/evaluations/${ids.evA}`);
    assert.equal(r.json.status, 'concluded');
    assert.equal(r.json.outcome, 'regular_operation');
    assert.equal(r.json.decision_id, did);
    const ev = await eventsOf(P.server, P.token.officer, `project:${ids.A}`);
    const done = ev.filter((e) => e.kind === 'project.evaluate_regular');
    assert.equal(done.length, 1);
    assert.equal(done[0].payload.evaluation_id, ids.evA);
    assert.equal(done[0].payload.outcome, 'regular_operation');
    // the institution now sees the outcome and the summary, never the drafts
    const inst = await call('shenlan-tech', 'GET', `/api/v1/evaluations/${ids.evA}`);
    assert.equal(inst.status, 200, inst.text);
    assert.equal(inst.json.outcome, 'regular_operation');
    assert.equal(inst.json.summary.csrc.total, 39);
    assert.equal(inst.json.sheets, undefined);
    assert.equal(inst.json.concurrence, undefined);
    const l = await call('quancheng-sec', 'GET', `/api/v1/projects/${ids.A}/evaluations`);
    assert.deepEqual(l.json.items.map((e) => e.id), [ids.evA]);
    const iev = await eventsOf(P.server, P.token['shenlan-tech'], `project:${ids.A}`);
    assert.equal(iev.filter((e) => e.kind.startsWith('evaluation.')).length, 0);
    // a concluded evaluation takes no more work
    assertError(await call('officer', 'PUT', `/api/v1/evaluations/${ids.evA}/scores`, { scores: sheet() }), 409, 'invalid_state');
  });

  test('recognise (§5.1): proposed and approved; the public register shows it without log-in', async () => {
    const before = events();
    assertError(await call('officer', 'POST', `/api/v1/projects/${ids.A}/actions/recognise`, { reason: 'x', kind: 'medal', citation: 'x' }), 400, 'invalid_value', 'kind');
    assertError(await call('officer', 'POST', `/api/v1/projects/${ids.A}/actions/recognise`, { reason: 'x', kind: 'fintech_award' }), 400, 'missing_field', 'citation');
    assert.equal(events(), before);
    // the demo's pilot in regular operation is recognised already; A is not yet
    const mine = (r) => r.json.items.filter((x) => x.project_id === ids.A);
    let pub = await api(P.server, 'GET', '/api/v1/public/recognitions');
    assert.equal(pub.status, 200, pub.text);
    assert.equal(mine(pub).length, 0);
    const seeded = pub.json.items.length;
    await proposeAndApprove(ids.A, 'recognise', { kind: 'fintech_award', citation: '纳入金融科技类奖项评奖范围' });
    assert.equal(await stateOf(ids.A), 'regular_operation');
    pub = await api(P.server, 'GET', '/api/v1/public/recognitions');
    assert.equal(pub.status, 200, pub.text);
    assert.equal(pub.json.items.length, seeded + 1);
    assert.equal(pub.json.items[0].project_id, ids.A, 'newest first');
    const it = mine(pub)[0];
    assert.equal(it.project_id, ids.A);
    assert.equal(it.kind, 'fintech_award');
    assert.equal(it.citation, '纳入金融科技类奖项评奖范围');
    assert.ok(it.project_name.length > 0);
    assert.ok(it.institutions.length >= 1);
    const page = await getPage(P.server, '/public/recognitions');
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('纳入金融科技类奖项评奖范围'));
    const reg = await getPage(P.server, '/public/pilots');
    assert.ok(reg.text.includes('href="/public/recognitions"'));
  });

  test('the scheduler opens an evaluation when the planned duration runs out', async () => {
    const B = (await call('officer', 'GET', `/api/v1/projects/${ids.B}`)).json;
    const months = B.test_boundaries?.duration_months ?? B.content?.test_boundaries?.duration_months;
    assert.equal(months, 12);
    const end = addMonths(B.launched_on, months);
    assert.equal(count(`SELECT count(*) FROM evaluations WHERE project_id = ${ids.B}`), 0);
    P.clock.set(`${nextDay(end)}T10:00`);
    nowUs = Number(cstUs(`${nextDay(end)}T10:00`));
    await waitFor(() => count(`SELECT count(*) FROM evaluations WHERE project_id = ${ids.B}`) === 1, { timeoutMs: 20000, what: 'the scheduled evaluation' });
    await new Promise((r) => setTimeout(r, 600)); // more passes: still one
    assert.equal(count(`SELECT count(*) FROM evaluations WHERE project_id = ${ids.B}`), 1);
    assert.equal(q(`SELECT origin || ' ' || status FROM evaluations WHERE project_id = ${ids.B}`), 'scheduler open');
    ids.evB = Number(q(`SELECT id FROM evaluations WHERE project_id = ${ids.B}`));
    await P.relogin(sess);
    const ev = await eventsOf(P.server, P.token.officer, `project:${ids.B}`);
    const opened = ev.filter((e) => e.kind === 'evaluation.opened');
    assert.equal(opened.length, 1);
    assert.equal(opened[0].payload.origin, 'scheduler');
    assert.equal(opened[0].payload.evaluation_id, ids.evB);
    // A is in regular operation: nothing opened for it
    assert.equal(count(`SELECT count(*) FROM evaluations WHERE project_id = ${ids.A}`), 1);
  });

  test('evaluate_rectify: rectifying; verification waits for the lead\'s report; then launched again', async () => {
    await complete(ids.evB);
    assert.equal((await concur(ids.evB, 'rectify')).status, 200);
    const act = (body) => call('officer', 'POST', `/api/v1/projects/${ids.B}/actions/evaluate_rectify`, { reason: '存在较大风险隐患', evaluation_id: ids.evB, ...body });
    const before = events();
    assertError(await act({ due_on: day(30) }), 400, 'missing_field', 'order');
    assertError(await act({ order: '整改适当性管理' }), 400, 'missing_field', 'due_on');
    assertError(await act({ order: '整改适当性管理', due_on: day(-1) }), 400, 'invalid_value', 'due_on');
    assert.equal(events(), before);
    await proposeAndApprove(ids.B, 'evaluate_rectify', { evaluation_id: ids.evB, order: '整改适当性管理', due_on: day(30) });
    assert.equal(await stateOf(ids.B), 'rectifying');
    assert.equal(q(`SELECT status FROM rectification_orders WHERE project_id = ${ids.B}`), 'open');
    const n = events();
    const dec = count('SELECT count(*) FROM decisions');
    assertError(await call('officer', 'POST', `/api/v1/projects/${ids.B}/actions/verify_rectification`, { reason: '核验' }), 422, 'rectification_not_submitted');
    assertError(await call('lixia-fund', 'POST', `/api/v1/projects/${ids.B}/actions/submit_rectification`, {}), 400, 'missing_field', 'report');
    assert.equal(events(), n);
    assert.equal(count('SELECT count(*) FROM decisions'), dec);
    const s = await call('lixia-fund', 'POST', `/api/v1/projects/${ids.B}/actions/submit_rectification`, { report: '已完成整改', evidence: ['制度修订稿', '系统上线记录'] });
    assert.equal(s.status, 200, s.text);
    assert.equal(q(`SELECT status FROM rectification_orders WHERE project_id = ${ids.B}`), 'submitted');
    await proposeAndApprove(ids.B, 'verify_rectification', {});
    assert.equal(await stateOf(ids.B), 'launched');
    assert.equal(q(`SELECT status FROM rectification_orders WHERE project_id = ${ids.B}`), 'verified');
  });

  test('evaluate_improve keeps the pilot launched and records the re-evaluation; the scheduler opens it and reminds', async () => {
    const r = await call('csrc', 'POST', `/api/v1/projects/${ids.B}/evaluations`, { reason: '整改后再评估', due_on: day(10) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.origin, 'csrc');
    const id = r.json.id;
    assertError(await call('officer', 'POST', `/api/v1/projects/${ids.B}/evaluations`, { reason: '重复' }), 409, 'evaluation_open');
    await complete(id);
    assert.equal((await concur(id, 'improve')).status, 200);
    assertError(
      await call('officer', 'POST', `/api/v1/projects/${ids.B}/actions/evaluate_improve`, { reason: 'x', evaluation_id: id, reevaluate_on: day(0) }),
      400, 'invalid_value', 'reevaluate_on',
    );
    const reeval = day(20);
    await proposeAndApprove(ids.B, 'evaluate_improve', { evaluation_id: id, reevaluate_on: reeval });
    assert.equal(await stateOf(ids.B), 'launched');
    const g = await call('officer', 'GET', `/api/v1/evaluations/${id}`);
    assert.equal(g.json.outcome, 'improve');
    assert.equal(g.json.reevaluate_on, reeval);
    // on the re-evaluation date the scheduler opens the next one
    P.clock.set(`${reeval}T10:00`);
    await waitFor(() => count(`SELECT count(*) FROM evaluations WHERE follows_id = ${id}`) === 1, { timeoutMs: 20000, what: 'the re-evaluation' });
    const next = Number(q(`SELECT id FROM evaluations WHERE follows_id = ${id}`));
    const due = q(`SELECT due_on FROM evaluations WHERE id = ${next}`);
    assert.equal(due, addMonths(reeval, 1));
    // its due date passes: one reminder
    P.clock.set(`${nextDay(due)}T10:00`);
    await waitFor(() => count(`SELECT count(*) FROM events WHERE kind = 'evaluation.reminded'`) === 1, { timeoutMs: 20000, what: 'the reminder' });
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(count(`SELECT count(*) FROM events WHERE kind = 'evaluation.reminded'`), 1);
    await P.relogin(sess);
  });

  test('pages: the project section, the list, the evaluation page and its forms', async () => {
    const open = Number(q(`SELECT id FROM evaluations WHERE project_id = ${ids.B} AND status = 'open'`));
    let p = await getPage(P.server, `/projects/${ids.B}`, sess.officer.cookie);
    assert.equal(p.status, 200);
    assert.ok(p.text.includes('id="evaluations"'));
    assert.ok(p.text.includes(`href="/evaluations/${open}"`));
    assert.ok(p.text.includes('name="evaluation_id"'));
    p = await getPage(P.server, '/evaluations', sess.csrc.cookie);
    assert.equal(p.status, 200);
    assert.ok(p.text.includes(`data-evaluation="${open}"`));
    p = await getPage(P.server, `/evaluations/${open}`, sess.officer.cookie);
    assert.equal(p.status, 200);
    assert.ok(p.text.includes('action="/evaluations/' + open + '/scores"'));
    assert.ok(!p.text.includes('/concurrence"'));
    p = await getPage(P.server, `/evaluations/${open}`, sess.csrc.cookie);
    assert.ok(p.text.includes('/concurrence"'));
    // a form with a criterion left out: the page again, nothing stored
    const fields = { form: 'scores' };
    for (const c of CRITERIA) Object.assign(fields, { [`score_${c}`]: '4', [`comment_${c}`]: '好' });
    const before = events();
    let r = await postForm(P.server, `/evaluations/${open}/scores`, { ...fields, comment_compliance: '' }, { who: sess.officer });
    assert.equal(r.status, 400);
    assert.equal(events(), before);
    r = await postForm(P.server, `/evaluations/${open}/scores`, fields, { who: sess.officer });
    assert.equal(r.status, 303, r.text);
    assert.equal(count(`SELECT count(*) FROM evaluation_scores WHERE evaluation_id = ${open} AND side = 'working_group'`), 8);
    r = await postForm(P.server, `/evaluations/${open}/concurrence`, { form: 'concurrence', outcome: 'improve', opinion: '同意' }, { who: sess.csrc });
    assert.equal(r.status, 303, r.text);
    // the institution sees no open evaluation's page
    const si = await login(P.server, 'lixia-fund', DEMO_PASSWORD);
    p = await getPage(P.server, `/evaluations/${open}`, si.cookie);
    assert.equal(p.status, 404);
    // the zh-CN page
    p = await getPage(P.server, `/evaluations/${open}`, sess.officer.cookie);
    assert.ok(p.text.includes('创新价值') || p.text.includes('Innovation value'));
  });
});
