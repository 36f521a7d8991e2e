// Sanctions (§4.4: 视情况暂停或停止试点; 情节严重的,依法采取行政监管措施; 涉嫌违法犯罪的,移交稽查部门
// 或相关执法部门), on the demo's launched pilot led by shenlan-tech (participant quancheng-sec):
//  - every sanction is a maker-checker decision with its fields (evidence; the measure; the
//    authority referred to): 400 naming the field, nothing stored; the approved sanction is a
//    record with its evidence, proposer and approver, and its id in the event;
//  - a suspended pilot's live business is refused (409 pilot_suspended) through the token API
//    and the session API until it resumes; a stopped pilot is final: no actions, metrics 409;
//  - who reads the sanctions: the working group, the CSRC, the project's members (not others,
//    not experts);
//  - the public register shows the pilot's state and public outcomes, never the reasons,
//    the measures or the referrals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, after, describe, test } from 'node:test';

import { api, assertError, assertRefused, demoPilot, getPage, login, DEMO_PASSWORD, postForm, query } from './lib/harness.mjs';

let d;
let P; // the pilot led by shenlan-tech
let q;
let ingestToken;
const REASON = '违反试点承诺：超范围向未完成适当性评估的投资者提供投顾服务（内部理由-甲）';

const call = (who, method, path, body) => api(d.server, method, path, { token: d.token[who], body });
const act = (who, action, body, pid = P) => call(who, 'POST', `/api/v1/projects/${pid}/actions/${action}`, body);
const count = (sql) => Number(q(sql));
const snapshot = () => ({
  events: count('SELECT count(*) FROM events'),
  decisions: count('SELECT count(*) FROM decisions'),
  sanctions: count('SELECT count(*) FROM sanctions'),
  points: count('SELECT count(*) FROM metric_points'),
  figures: count('SELECT count(*) FROM project_metrics'),
  state: q(`SELECT state FROM projects WHERE id = ${P}`),
});
const refused = (fn, status, code, field) => assertRefused(snapshot, fn, status, code, field);
// Proposes an action (202) and has the leader approve it; the project after.
async function decide(action, body) {
  const r = await act('officer', action, body);
  assert.equal(r.status, 202, r.text);
  const a = await call('leader', 'POST', `/api/v1/decisions/${r.json.decision.id}/approve`, { reason: '同意' });
  assert.equal(a.status, 200, a.text);
  const p = await call('officer', 'GET', `/api/v1/projects/${P}`);
  assert.equal(p.status, 200, p.text);
  return p.json;
}
// A point a minute later than the last, before the server's (fixed) test clock.
let minutes = 600;
const point = (value = 1000) => {
  const clockMs = Number(readFileSync(d.clock.file, 'utf8')) / 1000;
  const at = new Date(clockMs - minutes-- * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
  return { points: [{ indicator: 'customers', at, value }] };
};
const ingestByToken = () => api(d.server, 'POST', `/api/v1/projects/${P}/metrics`, { token: ingestToken, body: point() });
const ingestBySession = () => call('shenlan-tech', 'POST', `/api/v1/projects/${P}/metrics`, point(1200));
const figures = (period) =>
  call('shenlan-tech', 'POST', `/api/v1/projects/${P}/metrics`, { period, customers: 10, transactions: 20, volume_fen: 3000, complaints: 0 });

describe('sanctions (§4.4)', () => {
  before(async () => {
    d = await demoPilot({ users: ['haigang-sec', 'expert1', 'lixia-fund'] });
    q = (sql) => query(join(d.dir, 'demo.db'), sql);
    const list = await call('officer', 'GET', '/api/v1/projects?state=launched');
    assert.equal(list.json.items.length, 2, list.text);
    for (const it of list.json.items) {
      const p = await call('officer', 'GET', `/api/v1/projects/${it.id}`);
      const lead = p.json.members.find((m) => m.lead);
      if (lead.name.includes('深蓝链')) P = it.id;
    }
    assert.ok(P, 'the demo has no pilot led by shenlan-tech');
    const t = await call('shenlan-tech', 'POST', `/api/v1/projects/${P}/tokens`, { name: '核心系统' });
    assert.equal(t.status, 201, t.text);
    ingestToken = t.json.token;
    assert.equal((await ingestByToken()).status, 201);
  });
  after(() => d.stop());

  test('a sanction needs its fields: 400 naming the field, nothing stored', async () => {
    await refused(() => act('officer', 'suspend', { reason: REASON }), 400, 'missing_field', 'evidence');
    await refused(() => act('officer', 'suspend', { reason: REASON, evidence: [] }), 400, 'missing_field', 'evidence');
    await refused(() => act('officer', 'suspend', { reason: REASON, evidence: '一条' }), 400, 'invalid_value', 'evidence');
    await refused(() => act('officer', 'suspend', { reason: REASON, evidence: ['检查记录', '  '] }), 400, 'invalid_value', 'evidence');
    await refused(() => act('officer', 'suspend', { reason: REASON, evidence: ['x', 3] }), 400, 'invalid_value', 'evidence');
    await refused(() => act('officer', 'suspend', { reason: REASON, evidence: Array(51).fill('记录') }), 400, 'invalid_value', 'evidence');
    await refused(() => act('officer', 'suspend', { evidence: ['记录'] }), 400, 'missing_field', 'reason');
    await refused(() => act('officer', 'stop', { reason: REASON }), 400, 'missing_field', 'evidence');
    await refused(() => act('officer', 'administrative_measure', { reason: REASON, evidence: ['记录'] }), 400, 'missing_field', 'measure');
    await refused(() => act('officer', 'administrative_measure', { reason: REASON, measure: '  ', evidence: ['记录'] }), 400, 'missing_field', 'measure');
    await refused(() => act('officer', 'administrative_measure', { reason: REASON, measure: '出具警示函' }), 400, 'missing_field', 'evidence');
    await refused(() => act('officer', 'criminal_referral', { reason: REASON, evidence: ['记录'] }), 400, 'missing_field', 'authority');
    await refused(() => act('officer', 'criminal_referral', { reason: REASON, authority: '公安机关' }), 400, 'missing_field', 'evidence');
    // roles: only an officer proposes; resume is not open to a launched pilot
    await refused(() => act('shenlan-tech', 'suspend', { reason: REASON, evidence: ['记录'] }), 403, 'forbidden');
    await refused(() => act('csrc', 'suspend', { reason: REASON, evidence: ['记录'] }), 403, 'forbidden');
    await refused(() => act('haigang-sec', 'suspend', { reason: REASON, evidence: ['记录'] }), 404, 'not_found');
    await refused(() => act('officer', 'resume', { reason: REASON }), 409, 'invalid_state');
  });

  test('suspended: live business refused through the token and session APIs until it resumes', async () => {
    const r = await act('officer', 'suspend', { reason: REASON, evidence: ['现场检查记录 2024-031', '投资者投诉 3 件'] });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.decision.status, 'pending');
    assert.equal(q(`SELECT state FROM projects WHERE id = ${P}`), 'launched');
    assertError(await call('officer', 'POST', `/api/v1/decisions/${r.json.decision.id}/approve`, {}), 403, 'forbidden');
    const a = await call('leader', 'POST', `/api/v1/decisions/${r.json.decision.id}/approve`, { reason: '同意' });
    assert.equal(a.status, 200, a.text);
    assert.equal(q(`SELECT state FROM projects WHERE id = ${P}`), 'suspended');
    const s = await call('officer', 'GET', `/api/v1/projects/${P}/sanctions`);
    assert.equal(s.status, 200, s.text);
    assert.equal(s.json.items.length, 1);
    const one = s.json.items[0];
    assert.equal(one.kind, 'suspend');
    assert.deepEqual(one.evidence, ['现场检查记录 2024-031', '投资者投诉 3 件']);
    assert.equal(one.reason, REASON);
    assert.equal(one.decision_id, r.json.decision.id);
    assert.equal(one.proposer, q("SELECT COALESCE(display_name, username) FROM users WHERE username = 'officer'"));
    assert.equal(one.approver, q("SELECT COALESCE(display_name, username) FROM users WHERE username = 'leader'"));
    const ev = JSON.parse(q(`SELECT payload FROM events WHERE kind = 'project.suspend' AND subject_id = '${P}'`));
    assert.equal(ev.sanction_id, one.id);
    assert.equal(ev.to, 'suspended');

    // live business refused, nothing stored
    await refused(ingestByToken, 409, 'pilot_suspended');
    await refused(ingestBySession, 409, 'pilot_suspended');
    await refused(() => figures('2024-05'), 409, 'pilot_suspended');

    // who reads the sanctions
    assert.equal((await call('quancheng-sec', 'GET', `/api/v1/projects/${P}/sanctions`)).status, 200);
    assert.equal((await call('shenlan-tech', 'GET', `/api/v1/projects/${P}/sanctions`)).json.items.length, 1);
    assert.equal((await call('csrc', 'GET', `/api/v1/projects/${P}/sanctions`)).status, 200);
    assertError(await call('haigang-sec', 'GET', `/api/v1/projects/${P}/sanctions`), 404, 'not_found');
    assertError(await call('expert1', 'GET', `/api/v1/projects/${P}/sanctions`), 403, 'forbidden');
    assertError(await call('officer', 'GET', '/api/v1/projects/999999/sanctions'), 404, 'not_found');

    // resume: evidence optional; live business again
    const p = await decide('resume', { reason: '整改到位，恢复试点' });
    assert.equal(p.state, 'launched');
    assert.equal((await ingestByToken()).status, 201);
    assert.equal((await ingestBySession()).status, 201);
    const f = await figures('2024-06');
    assert.equal(f.status, 201, f.text);
    const kinds = (await call('officer', 'GET', `/api/v1/projects/${P}/sanctions`)).json.items.map((x) => x.kind);
    assert.deepEqual(kinds, ['suspend', 'resume']);
  });

  test('administrative measures and referrals are recorded with what and to whom', async () => {
    let p = await decide('administrative_measure', { reason: REASON, measure: '出具警示函', evidence: ['警示函 济金试〔2024〕3 号'] });
    assert.equal(p.state, 'launched');
    p = await decide('criminal_referral', { reason: '涉嫌非法经营（内部理由-乙）', authority: '中国证监会山东监管局稽查处', evidence: ['资金流水'] });
    assert.equal(p.state, 'launched');
    const items = (await call('officer', 'GET', `/api/v1/projects/${P}/sanctions`)).json.items;
    const m = items.find((x) => x.kind === 'administrative_measure');
    assert.equal(m.measure, '出具警示函');
    assert.equal(m.authority, null);
    const c = items.find((x) => x.kind === 'criminal_referral');
    assert.equal(c.authority, '中国证监会山东监管局稽查处');
    assert.deepEqual(c.evidence, ['资金流水']);
  });

  test('stopped: final, no actions, live business refused', async () => {
    const p = await decide('stop', { reason: REASON, evidence: ['复查记录'] });
    assert.equal(p.state, 'stopped');
    assert.deepEqual(p.allowed_actions, []);
    await refused(() => act('officer', 'resume', { reason: 'x' }), 409, 'invalid_state');
    await refused(() => act('officer', 'suspend', { reason: 'x', evidence: ['y'] }), 409, 'invalid_state');
    await refused(() => act('shenlan-tech', 'apply_exit', { reason: 'x' }), 409, 'invalid_state');
    await refused(ingestBySession, 409, 'invalid_state');
    await refused(() => figures('2024-07'), 409, 'invalid_state');
    await refused(ingestByToken, 409, 'invalid_state');
    assert.equal((await call('officer', 'GET', `/api/v1/projects/${P}/sanctions`)).json.items.length, 5);
  });

  test('the public register: the state and the public outcomes, never reasons, measures or referrals', async () => {
    const r = await api(d.server, 'GET', '/api/v1/public/pilots');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.items.find((x) => x.project_id === P);
    assert.equal(mine.state, 'stopped');
    assert.deepEqual(mine.outcomes.map((o) => o.action), ['launch', 'suspend', 'resume', 'stop']);
    for (const o of mine.outcomes) {
      assert.match(o.on, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(o.clause);
      assert.deepEqual(Object.keys(o).sort().filter((k) => k !== 'exit_kind'), ['action', 'at', 'clause', 'from', 'label', 'on', 'to']);
    }
    assert.deepEqual(mine.outcomes.find((o) => o.action === 'suspend').to, 'suspended');
    for (const secret of ['内部理由', '出具警示函', '稽查处', '现场检查记录', '资金流水'])
      assert.ok(!r.text.includes(secret), `the register shows ${secret}`);
    const page = await getPage(d.server, '/public/pilots');
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('已停止') || page.text.includes('停止'), 'the page shows the stopped state');
    assert.ok(page.text.includes('href="/public/exits"'));
    assert.ok(!page.text.includes('内部理由'));
  });

  test('pages: the sanctions section and the action fields on the project page', async () => {
    const other = (await call('officer', 'GET', '/api/v1/projects?state=launched')).json.items[0].id;
    const officer = await login(d.server, 'officer', DEMO_PASSWORD);
    const page = await getPage(d.server, `/projects/${other}`, officer.cookie);
    assert.equal(page.status, 200);
    for (const name of ['name="evidence"', 'name="measure"', 'name="authority"', 'name="kind"', 'name="channel_open_until"'])
      assert.ok(page.text.includes(name), `the actions card lacks ${name}`);
    const mine = await getPage(d.server, `/projects/${P}`, officer.cookie);
    assert.equal(mine.status, 200);
    assert.ok(mine.text.includes('id="sanctions"'));
    assert.ok(mine.text.includes('出具警示函'));
    // the actions card's form: a measure without its field is shown again, refused; with it, proposed
    const before = count('SELECT count(*) FROM decisions');
    const bad = await postForm(d.server, `/projects/${other}/actions/administrative_measure`, { reason: '情节严重', evidence: '记录一\n记录二' }, { who: officer });
    assert.equal(bad.status, 400);
    assert.ok(bad.text.includes('name="measure"'));
    assert.equal(count('SELECT count(*) FROM decisions'), before);
    const good = await postForm(d.server, `/projects/${other}/actions/administrative_measure`, { reason: '情节严重', measure: '监管谈话', evidence: '记录一\n记录二' }, { who: officer });
    assert.equal(good.status, 303, good.text);
    assert.match(good.location, /proposed=administrative_measure/);
    const params = JSON.parse(q(`SELECT params FROM decisions WHERE project_id = ${other} AND status = 'pending'`));
    assert.deepEqual(params, { measure: '监管谈话', evidence: ['记录一', '记录二'] });
  });
});
