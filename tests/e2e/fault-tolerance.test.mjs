// Fault tolerance (§5.2, 五(二)容错机制), on the demo's launched pilots (the first: lead
// shenlan-tech, participant quancheng-sec; the second: lead lixia-fund):
//  - an officer proposes determine_fault_tolerance on an incident with the rule's four inputs,
//    each with its evidence; the rule's test is computed from them; a leader approves; the
//    incident then carries the determination with its reasoning citing §5.2, and the project
//    lists it (GET /api/v1/projects/{id}/fault-tolerance);
//  - (a) precautions in place, no loss, no market effect → exempt_or_lighter; (b) a loss not
//    compensated → not_applicable, with the incident's figures on record;
//  - (c) a determination against the test needs an override (422 override_required, nothing
//    proposed); with one it is a pending decision whose page shows the override first; a
//    rejection records nothing; the proposer may not approve (403 same_person); an approved
//    override is recorded and shown;
//  - refusals: fields (400 naming the field), a second determination (409), another project's
//    incident (404), roles; each writes nothing;
//  - the pages: the project page's form, the decision's facts, the incident's section.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, assertError, assertErrorWith, demoPilot, DEMO_PASSWORD, eventsOf, getPage, login, postForm, query } from './lib/harness.mjs';

let P;
let q;
let A; // the first launched pilot
let B; // the second
const call = (who, method, path, body) => api(P.server, method, path, { token: P.token[who], body });
const count = (sql) => Number(q(sql));
// What a refusal must leave as it was: decisions, determinations, the events of decisions and
// of the action.
const written = () =>
  q(
    "SELECT (SELECT count(*) FROM decisions) || '/' || (SELECT count(*) FROM fault_tolerance_determinations) || '/' || " +
      "(SELECT count(*) FROM events WHERE kind LIKE 'decision.%' OR kind = 'project.determine_fault_tolerance')",
  );

const EVIDENCE = {
  precautions: '单笔限额校验与人工复核均已上线，应急预案于事发前一月演练',
  investor_loss: '超限部分已冻结，客户资金对账无差异',
  compensation: '已按补偿协议全额赔付，到账凭证附后',
  market_effect: '单笔申购，未涉及二级市场交易，交易所确认无影响',
};
// The four inputs: values given, evidence from EVIDENCE; compensation only when given.
const inputs = ({ precautions = true, loss = false, compensated, market = false } = {}) => {
  const o = {
    precautions: { value: precautions, evidence: EVIDENCE.precautions },
    investor_loss: { value: loss, evidence: EVIDENCE.investor_loss },
    market_effect: { value: market, evidence: EVIDENCE.market_effect },
  };
  if (compensated !== undefined) o.compensation = { value: compensated, evidence: EVIDENCE.compensation };
  return o;
};
const propose = (who, pid, body) =>
  call(who, 'POST', `/api/v1/projects/${pid}/actions/determine_fault_tolerance`, { reason: '事件处置完毕，依§5.2认定', ...body });
const approve = (who, id) => call(who, 'POST', `/api/v1/decisions/${id}/approve`, { reason: '同意' });
const incident = async (pid, title) => {
  const r = await call('officer', 'POST', `/api/v1/projects/${pid}/incidents`, {
    category: 'business_error',
    level: 'general',
    system_class: 2,
    investors_affected: 3,
    estimated_loss_fen: 100000,
    title,
    description: `${title}：已处置。`,
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
};
const ftOf = async (who, iid) => {
  const r = await call(who, 'GET', `/api/v1/incidents/${iid}`);
  assert.equal(r.status, 200, r.text);
  return r.json.fault_tolerance;
};

describe('fault tolerance (§5.2)', () => {
  const ids = {};
  const sess = {};

  before(async () => {
    P = await demoPilot({ users: ['lixia-fund', 'expert1'] });
    q = (sql) => query(join(P.dir, 'demo.db'), sql);
    const l = await call('officer', 'GET', '/api/v1/projects?state=launched');
    assert.equal(l.status, 200, l.text);
    assert.ok(l.json.items.length >= 2, 'the demo has two launched pilots');
    A = P.launched;
    B = l.json.items.find((p) => p.id !== A).id;
    for (const u of ['officer', 'leader', 'shenlan-tech']) sess[u] = await login(P.server, u, DEMO_PASSWORD);
    ids.i1 = await incident(A, '调仓指令合并执行超过单笔限额');
    ids.i2 = await incident(A, '费率参数配置错误导致多收申购费');
    ids.i3 = await incident(A, '行情缓存异常导致估值展示错误');
    ids.iB = await incident(B, '另一试点的业务差错');
  });
  after(async () => {
    await P.stop();
  });

  test('(a) precautions in place, no loss, no market effect: exempt_or_lighter, proposed and approved', async () => {
    // the demo's pilots have incidents: the form's select lists them
    assert.ok(count(`SELECT count(*) FROM incidents WHERE project_id = ${A}`) >= 3);
    let r = await propose('officer', A, { incident_id: ids.i1, inputs: inputs(), determination: 'exempt_or_lighter', reasoning: '机构主动报告并及时冻结超限部分。' });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.decision.status, 'pending');
    const did = r.json.decision.id;
    // nothing recorded before the approval
    assert.equal(await ftOf('officer', ids.i1), null);
    r = await call('leader', 'GET', `/api/v1/decisions/${did}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.action, 'determine_fault_tolerance');
    assert.deepEqual(r.json.params.computed, { result: 'exempt_or_lighter', failed: [] });
    assert.equal(r.json.params.overridden, false);
    assert.equal(r.json.params.inputs.compensation, undefined); // no loss: no compensation
    r = await approve('leader', did);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'approved');
    const ft = await ftOf('officer', ids.i1);
    assert.equal(ft.incident_id, ids.i1);
    assert.equal(ft.project_id, A);
    assert.equal(ft.determination, 'exempt_or_lighter');
    assert.deepEqual(ft.computed, { result: 'exempt_or_lighter', failed: [] });
    assert.equal(ft.overridden, false);
    assert.equal(ft.override, null);
    assert.deepEqual(ft.inputs.precautions, { value: true, evidence: EVIDENCE.precautions });
    assert.equal(ft.inputs.compensation, null);
    assert.match(ft.reasoning.computed['zh-CN'], /^依据《济南市资本市场金融科技创新试点实施细则》五\(二\)容错机制\(§5\.2\)：/);
    assert.ok(ft.reasoning.computed['zh-CN'].includes(`风险防范安排：已做好，条件满足（依据：${EVIDENCE.precautions}）`));
    assert.ok(ft.reasoning.computed['zh-CN'].includes(`未造成投资者实际损失，条件满足（依据：${EVIDENCE.investor_loss}）`));
    assert.ok(ft.reasoning.computed['zh-CN'].includes('结论：各项条件均满足'));
    assert.match(ft.reasoning.computed.en, /^Under §5\.2 \(fault tolerance/);
    assert.equal(ft.reasoning.written, '机构主动报告并及时冻结超限部分。');
    assert.equal(ft.decision_id, did);
    assert.equal(ft.proposer, 'officer');
    assert.equal(ft.approver, 'leader');
    assert.equal(ft.loss_fen, null); // no loss recorded on the incident
    // the project stays where it was; the event names the incident, the test and the result
    assert.equal((await call('officer', 'GET', `/api/v1/projects/${A}`)).json.state, 'launched');
    const ev = (await eventsOf(P.server, P.token.officer, `project:${A}`)).filter((e) => e.kind === 'project.determine_fault_tolerance');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].payload.incident_id, ids.i1);
    assert.equal(ev[0].payload.computed, 'exempt_or_lighter');
    assert.equal(ev[0].payload.determination, 'exempt_or_lighter');
    assert.equal(ev[0].payload.override, false);
    assert.equal(ev[0].payload.clause, '§5.2');
    assert.equal(ev[0].payload.decision_id, did);
    // the members and the CSRC read it, on the incident and in the project's list
    assert.equal((await ftOf('shenlan-tech', ids.i1)).determination, 'exempt_or_lighter');
    for (const who of ['officer', 'leader', 'csrc', 'shenlan-tech', 'quancheng-sec']) {
      r = await call(who, 'GET', `/api/v1/projects/${A}/fault-tolerance`);
      assert.equal(r.status, 200, `${who}: ${r.text}`);
      assert.deepEqual(r.json.items.map((d) => d.incident_id), [ids.i1]);
      assert.equal(r.json.next, null);
    }
  });

  test('(b) a loss not compensated: not_applicable, with the incident\'s figures on record', async () => {
    let r = await call('officer', 'POST', `/api/v1/incidents/${ids.i2}/losses`, { loss_fen: 123456, compensated_fen: 0, investors_compensated: 0 });
    assert.equal(r.status, 200, r.text);
    r = await propose('officer', A, { incident_id: ids.i2, inputs: inputs({ loss: true, compensated: false }), determination: 'not_applicable' });
    assert.equal(r.status, 202, r.text);
    r = await approve('leader', r.json.decision.id);
    assert.equal(r.status, 200, r.text);
    const ft = await ftOf('officer', ids.i2);
    assert.equal(ft.determination, 'not_applicable');
    assert.deepEqual(ft.computed, { result: 'not_applicable', failed: ['investor_loss'] });
    assert.deepEqual(ft.inputs.compensation, { value: false, evidence: EVIDENCE.compensation });
    assert.equal(ft.loss_fen, 123456);
    assert.equal(ft.compensated_fen, 0);
    assert.equal(ft.reasoning.written, null);
    assert.ok(ft.reasoning.computed['zh-CN'].includes('未作出合理补偿，条件不满足'));
    assert.ok(ft.reasoning.computed['zh-CN'].includes('事件记录的损失为1234.56元，已补偿0.00元。'));
    assert.ok(ft.reasoning.computed['zh-CN'].includes('结论：不适用容错机制'));
  });

  test('field errors name the field, and write nothing', async () => {
    const before = written();
    const base = { incident_id: ids.i3, inputs: inputs(), determination: 'exempt_or_lighter' };
    const bad = [
      [{ ...base, incident_id: undefined }, 400, 'missing_field', 'incident_id'],
      [{ ...base, incident_id: 0 }, 400, 'invalid_value', 'incident_id'],
      [{ ...base, inputs: undefined }, 400, 'missing_field', 'inputs'],
      [{ ...base, inputs: 'yes' }, 400, 'invalid_type', 'inputs'],
      [{ ...base, inputs: { ...inputs(), precautions: undefined } }, 400, 'missing_field', 'inputs.precautions'],
      [{ ...base, inputs: { ...inputs(), precautions: { value: true } } }, 400, 'missing_field', 'inputs.precautions.evidence'],
      [{ ...base, inputs: { ...inputs(), precautions: { value: true, evidence: '  ' } } }, 400, 'missing_field', 'inputs.precautions.evidence'],
      [{ ...base, inputs: { ...inputs(), market_effect: { value: 'no', evidence: 'x' } } }, 400, 'invalid_type', 'inputs.market_effect.value'],
      [{ ...base, inputs: { ...inputs(), market_effect: { evidence: 'x' } } }, 400, 'missing_field', 'inputs.market_effect.value'],
      [{ ...base, inputs: { ...inputs(), market_effect: { value: false, evidence: 'x', extra: 1 } } }, 400, 'unknown_field', 'inputs.market_effect.extra'],
      [{ ...base, inputs: { ...inputs(), fraud: { value: false, evidence: 'x' } } }, 400, 'unknown_field', 'inputs.fraud'],
      [{ ...base, inputs: inputs({ loss: true }) }, 400, 'missing_field', 'inputs.compensation'],
      [{ ...base, inputs: { ...inputs({ loss: true }), compensation: { value: true, evidence: '' } } }, 400, 'missing_field', 'inputs.compensation.evidence'],
      [{ ...base, determination: undefined }, 400, 'missing_field', 'determination'],
      [{ ...base, determination: 'exempt' }, 400, 'invalid_value', 'determination'],
      [{ ...base, override: '结论与计算一致时不应改变认定' }, 400, 'invalid_value', 'override'],
      [{ ...base, reasoning: 'x'.repeat(8001) }, 400, 'too_long', 'reasoning'],
      [{ ...base, surprise: 1 }, 400, 'unknown_field', 'surprise'],
    ];
    for (const [body, status, code, field] of bad) {
      const clean = JSON.parse(JSON.stringify(body)); // drops the undefined
      assertError(await propose('officer', A, clean), status, code, field);
    }
    // a reason is required of the working group
    assertError(await call('officer', 'POST', `/api/v1/projects/${A}/actions/determine_fault_tolerance`, base), 400, 'missing_field', 'reason');
    assert.equal(written(), before);
  });

  test('a second determination for an incident is 409; another project\'s incident is 404; roles', async () => {
    const before = written();
    assertError(await propose('officer', A, { incident_id: ids.i1, inputs: inputs(), determination: 'exempt_or_lighter' }), 409, 'already_determined', 'incident_id');
    assertError(await propose('officer', A, { incident_id: ids.iB, inputs: inputs(), determination: 'exempt_or_lighter' }), 404, 'not_found', 'incident_id');
    assertError(await propose('officer', A, { incident_id: 999999, inputs: inputs(), determination: 'exempt_or_lighter' }), 404, 'not_found', 'incident_id');
    // only officers propose; the lead institution may not, another institution does not see the project
    const body = { incident_id: ids.i3, inputs: inputs(), determination: 'exempt_or_lighter' };
    assertError(await propose('leader', A, body), 403, 'forbidden');
    assertError(await propose('shenlan-tech', A, body), 403, 'forbidden');
    assertError(await propose('lixia-fund', A, body), 404, 'not_found');
    assertError(await propose('csrc', A, body), 403, 'forbidden');
    // the list: another institution and experts see nothing of the project; admins may not call
    assertError(await call('lixia-fund', 'GET', `/api/v1/projects/${A}/fault-tolerance`), 404, 'not_found');
    assertError(await call('expert1', 'GET', `/api/v1/projects/${A}/fault-tolerance`), 403, 'forbidden');
    assertError(await call('admin', 'GET', `/api/v1/projects/${A}/fault-tolerance`), 403, 'forbidden');
    assertError(await call('officer', 'GET', '/api/v1/projects/999999/fault-tolerance'), 404, 'not_found');
    const other = await call('lixia-fund', 'GET', `/api/v1/projects/${B}/fault-tolerance`);
    assert.equal(other.status, 200, other.text);
    assert.deepEqual(other.json.items, []);
    assert.equal(written(), before);
  });

  test('(c) against the test: 422 override_required, nothing proposed; with an override a pending decision shown first on its page', async () => {
    const body = { incident_id: ids.i3, inputs: inputs({ loss: true, compensated: false }), determination: 'exempt_or_lighter' };
    const before = written();
    const e = assertErrorWith(await propose('officer', A, body), 422, 'override_required', ['computed'], 'override');
    assert.deepEqual(e.computed, { result: 'not_applicable', failed: ['investor_loss'] });
    assert.equal(written(), before);
    assert.equal(count(`SELECT count(*) FROM decisions WHERE project_id = ${A} AND status = 'pending'`), 0);
    const OVERRIDE = '损失金额极小且机构已承诺十日内赔付，事件系第三方行情源故障所致，报领导审定从轻处理。';
    let r = await propose('officer', A, { ...body, override: OVERRIDE });
    assert.equal(r.status, 202, r.text);
    const did = r.json.decision.id;
    r = await call('leader', 'GET', `/api/v1/decisions/${did}`);
    assert.equal(r.json.params.override, OVERRIDE);
    assert.equal(r.json.params.overridden, true);
    assert.deepEqual(r.json.params.computed, { result: 'not_applicable', failed: ['investor_loss'] });
    // the leader's queue shows the override before anything else of the decision
    const page = await getPage(P.server, '/decisions', sess.leader.cookie);
    assert.equal(page.status, 200);
    const card = page.text.slice(page.text.indexOf(`data-decision="${did}"`));
    const banner = card.indexOf('data-override="1"');
    assert.ok(banner > 0, 'the override is shown');
    assert.ok(banner < card.indexOf('提出人'), 'the override comes before the other facts');
    assert.ok(card.includes(OVERRIDE));
    assert.ok(card.includes('改变认定：结论与依据§5.2计算的结果不一致'));
    assert.ok(card.includes('不适用容错机制'));
    assert.ok(card.includes('投资者损失未作出合理补偿'));
    // another proposal waits for this one
    assertError(await propose('officer', A, { incident_id: ids.i3, inputs: inputs(), determination: 'exempt_or_lighter' }), 409, 'decision_pending');
    // the leader rejects: nothing recorded
    r = await call('leader', 'POST', `/api/v1/decisions/${did}/reject`, { reason: '补偿尚未到位，不同意改变认定' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'rejected');
    assert.equal(await ftOf('officer', ids.i3), null);
    assert.equal(count(`SELECT count(*) FROM fault_tolerance_determinations WHERE incident_id = ${ids.i3}`), 0);
  });

  test('(c) the proposer may not approve (403 same_person); an approved override is recorded and shown', async () => {
    // a second case officer proposes, and is then made a leader
    let r = await call('admin', 'POST', '/api/v1/users', { username: 'ft.officer', role: 'officer', display_name: '容错经办', password: 'ft-officer-pw-1' });
    assert.equal(r.status, 201, r.text);
    const uid = r.json.id;
    P.token['ft.officer'] = (await login(P.server, 'ft.officer', 'ft-officer-pw-1')).token;
    const OVERRIDE = '机构已于认定前全额赔付（补偿到账凭证已核验），原“未补偿”情形已消除，改变认定为从轻。';
    r = await propose('ft.officer', A, { incident_id: ids.i3, inputs: inputs({ loss: true, compensated: false }), determination: 'exempt_or_lighter', override: OVERRIDE });
    assert.equal(r.status, 202, r.text);
    const did = r.json.decision.id;
    r = await call('admin', 'PATCH', `/api/v1/users/${uid}`, { role: 'leader', reason: '临时代理负责人' });
    assert.equal(r.status, 200, r.text);
    const before = written();
    assertError(await approve('ft.officer', did), 403, 'same_person');
    assert.equal(written(), before);
    assert.equal(await ftOf('officer', ids.i3), null);
    r = await approve('leader', did);
    assert.equal(r.status, 200, r.text);
    const ft = await ftOf('officer', ids.i3);
    assert.equal(ft.determination, 'exempt_or_lighter');
    assert.equal(ft.computed.result, 'not_applicable');
    assert.equal(ft.overridden, true);
    assert.equal(ft.override, OVERRIDE);
    assert.equal(ft.proposer, 'ft.officer');
    assert.equal(ft.approver, 'leader');
    const ev = (await eventsOf(P.server, P.token.officer, `project:${A}`)).filter((e) => e.kind === 'project.determine_fault_tolerance');
    assert.equal(ev.at(-1).payload.override, true);
    assert.equal(ev.at(-1).payload.computed, 'not_applicable');
    assert.equal(ev.at(-1).payload.determination, 'exempt_or_lighter');
    // the incident page shows the determination, the override and the reasoning
    const page = await getPage(P.server, `/incidents/${ids.i3}`, sess.officer.cookie);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('容错机制（§5.2）'));
    assert.ok(page.text.includes('data-override="1"'));
    assert.ok(page.text.includes(OVERRIDE));
    assert.ok(page.text.includes('依据《济南市资本市场金融科技创新试点实施细则》五(二)容错机制(§5.2)'));
    assert.ok(page.text.includes('适用容错：可以从轻或免除处罚'));
    // the member institution reads it too
    const lead = await getPage(P.server, `/incidents/${ids.i3}`, sess['shenlan-tech'].cookie);
    assert.equal(lead.status, 200);
    assert.ok(lead.text.includes(OVERRIDE));
    const list = await call('csrc', 'GET', `/api/v1/projects/${A}/fault-tolerance?limit=2`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items.map((d) => d.incident_id), [ids.i1, ids.i2]);
    assert.ok(list.json.next);
  });

  test('pages: the project page\'s form proposes; a refused form names the field; the incident links to it', async () => {
    const iid = await incident(A, '推送通道延迟导致通知迟发');
    // an incident without a determination: the section and, for an officer, the link
    let page = await getPage(P.server, `/incidents/${iid}`, sess.officer.cookie);
    assert.ok(page.text.includes('尚未对该事件作出容错认定。'));
    assert.ok(page.text.includes(`href="/projects/${A}?incident=${iid}#actions"`));
    page = await getPage(P.server, `/projects/${A}?incident=${iid}`, sess.officer.cookie);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('name="ft_precautions"'));
    assert.ok(page.text.includes(`<option value="${iid}" selected>`));
    const fields = {
      incident_id: String(iid),
      ft_precautions: 'yes',
      ft_precautions_evidence: EVIDENCE.precautions,
      ft_investor_loss: 'no',
      ft_investor_loss_evidence: EVIDENCE.investor_loss,
      ft_market_effect: 'no',
      ft_market_effect_evidence: '',
      determination: 'exempt_or_lighter',
      reason: '推送延迟未影响交易',
    };
    const before = written();
    let r = await postForm(P.server, `/projects/${A}/actions/determine_fault_tolerance`, fields, { who: sess.officer });
    assert.equal(r.status, 400);
    assert.ok(r.text.includes('市场影响'), 'the error names the field');
    assert.equal(written(), before);
    r = await postForm(P.server, `/projects/${A}/actions/determine_fault_tolerance`, { ...fields, ft_market_effect_evidence: EVIDENCE.market_effect }, { who: sess.officer });
    assert.equal(r.status, 303, r.text);
    assert.match(r.location, /proposed=determine_fault_tolerance/);
    const pending = await call('leader', 'GET', '/api/v1/decisions?status=pending');
    const d = pending.json.items.find((x) => x.project_id === A);
    assert.equal(d.action, 'determine_fault_tolerance');
    assert.equal(d.params.incident_id, iid);
    assert.deepEqual(d.params.inputs.market_effect, { value: false, evidence: EVIDENCE.market_effect });
    assert.equal((await call('leader', 'POST', `/api/v1/decisions/${d.id}/reject`, { reason: '待补充材料' })).status, 200);
  });
});
