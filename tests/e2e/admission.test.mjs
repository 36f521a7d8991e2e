// The acceptance journey of admission (§3–§4.2), entirely through the JSON API: a
// joint application (an out-of-province tech firm leads, a Jinan securities firm provides the
// business scenario) goes from draft through the completeness return and resubmission, batch
// review by three experts (one conflicted and blocked), selection with a leader's approval, the
// CSRC's pass, a public notice whose period crosses the National Day holiday, a major-risk
// comment answered by the lead, to the launch on the first working day allowed and the public
// register. A Jinan tech firm takes the coaching track alone, is announced, cannot report
// live-business figures, and the scheduler ends its coaching year exactly once. The negative
// list of admission is here too, each case asserting its documented error and that nothing
// changed (state, version, members, events, decisions).
//
// The clock is the server's test clock (BAOTU_CLOCK_FILE): 2026-09-28 10:00 CST (a Monday), so
// that the five-working-day notice period runs 09-28, 09-29, 09-30, then — after the National
// Day holiday 10-01..10-07 — 10-08 and 10-09; the first launch day is Saturday 10-10, a make-up
// working day (data/cn-holidays.csv). The test derives the same dates from the CSV on its own.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  assertErrorWith,
  creditCode,
  download as get,
  eventsOf,
  institution,
  INVESTOR_PROTECTION,
  JOINT_PILOT_MATERIALS,
  login,
  multipart,
  nextWorkingDay,
  periodEnd,
  PILOT_TERMS,
  runCli,
  setUpSuite,
  shenzhenTech,
  tempDb,
  testClock,
  waitFor,
} from './lib/harness.mjs';

const PW = 'admission-pw-1';
const { dir, db } = tempDb('admission.db');
const clock = testClock(dir);
const setClock = clock.set;
let s;

const tok = {}; // username -> bearer token
const uid = {}; // username -> user id
const inst = {}; // key -> institution id
const ids = {}; // projects, batch, notices, comments, decisions

const PUBLISHED_ON = '2026-09-28';
const NOTICE_DAYS = 5; // the default of the setting notice_working_days
// By hand from data/cn-holidays.csv: Mon 09-28 (1), 09-29 (2), 09-30 (3); 10-01..10-07 National
// Day; Thu 10-08 (4), Fri 10-09 (5); Sat 10-10 is a make-up working day (国庆节调休上班).
const CLOSES_ON = '2026-10-09';
const FIRST_LAUNCH_DAY = '2026-10-10';

/* ---------- requests ---------- */

const call = (who, method, path, body) => api(s, method, path, { token: tok[who], body });
const act = (who, id, action, body = {}) => call(who, 'POST', `/api/v1/projects/${id}/actions/${action}`, body);
const getProject = (who, id) => call(who, 'GET', `/api/v1/projects/${id}`);
const approve = (id, who = 'leader') => call(who, 'POST', `/api/v1/decisions/${id}/approve`, { reason: '同意' });

async function relogin() {
  for (const u of Object.keys(tok)) tok[u] = (await login(s, u, PW)).token;
}

// An officer's proposal, then the leader's approval (maker-checker); returns the project.
async function decide(id, action, reason) {
  const r = await act('officer', id, action, { reason });
  assert.equal(r.status, 202, `${action}: ${r.text}`);
  assert.equal(r.json.decision.status, 'pending');
  assert.equal(r.json.decision.action, action);
  const a = await approve(r.json.decision.id);
  assert.equal(a.status, 200, `approve ${action}: ${a.text}`);
  assert.equal(a.json.status, 'approved');
  assert.equal(a.json.decided_by, uid.leader);
  return (await getProject('officer', id)).json;
}

// Every decision, as "id:status" (keyset pages).
async function decisions() {
  const out = [];
  let after = '';
  for (;;) {
    const r = await call('admin', 'GET', `/api/v1/decisions?limit=200${after ? `&after=${after}` : ''}`);
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.items.map((d) => `${d.id}:${d.status}`));
    if (r.json.next === null) return out;
    after = r.json.next;
  }
}

// What a refused request must leave as it was, read through the API only: the project's state,
// version, members and confirmations, CSRC result and launch, its history, every decision.
async function footprint(id) {
  const p = await getProject('admin', id);
  assert.equal(p.status, 200, p.text);
  const ev = await eventsOf(s, tok.admin, `project:${id}`);
  const m = await call('officer', 'GET', `/api/v1/projects/${id}/materials`);
  return JSON.stringify({
    state: p.json.state,
    version: p.json.version,
    updated_at: p.json.updated_at,
    members: p.json.members.map((x) => [x.institution_id, x.lead, x.confirmed_at]),
    csrc: p.json.csrc_result,
    launched_on: p.json.launched_on,
    pending: p.json.pending_decision,
    events: ev.length,
    last: ev.length ? ev[ev.length - 1].seq : 0,
    materials: m.json.history.length,
    decisions: await decisions(),
  });
}

// Runs a request that must be refused and asserts that it changed nothing of the project.
async function refused(id, request) {
  const before = await footprint(id);
  const r = await request();
  assert.ok(r.status >= 400, `expected a refusal: ${r.status} ${r.text}`);
  assert.equal(await footprint(id), before, `a refused request changed project ${id}`);
  return r;
}

/* ---------- materials: multipart with real PDF bytes ---------- */

const pdf = (text) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n% ${text}\n%%EOF\n`, 'latin1');
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

async function upload(who, project, kind, bytes) {
  const m = multipart([
    { name: 'kind', data: kind },
    { name: 'file', filename: `${kind}.pdf`, type: 'application/pdf', data: bytes },
  ]);
  const r = await api(s, 'POST', `/api/v1/projects/${project}/materials`, {
    token: tok[who],
    body: m.body,
    headers: { 'Content-Type': m.type },
  });
  assert.equal(r.status, 201, `upload ${kind}: ${r.text}`);
  assert.equal(r.json.kind, kind);
  assert.equal(r.json.sha256, sha256(bytes));
  assert.equal(r.json.content_type, 'application/pdf');
  return r.json;
}

const download = (who, project, mid) => get(s, `/api/v1/projects/${project}/materials/${mid}`, tok[who]);

/* ---------- scores ---------- */

const CRITERIA = ['innovativeness', 'feasibility', 'security', 'goal_reasonableness', 'risk_controls', 'industrial_fit'];
function sheet(scores, note) {
  const o = {};
  CRITERIA.forEach((c, i) => (o[c] = { score: scores[i], comment: `${note}：${c}` }));
  return { scores: o };
}
const putScores = (who, id, body) => call(who, 'PUT', `/api/v1/projects/${id}/scores`, body);

/* ---------- the register and the applications ---------- */

const REGISTER = {
  // §3.1: an applicant subject registered and based in Jinan
  secJinan: institution(801, { name: '泉城证券股份有限公司', kind: 'securities_company' }),
  // §3.2: a tech firm from outside the province may lead a joint application
  techOut: shenzhenTech(802, { name: '深蓝链科技有限公司' }),
  // §3.3: a Jinan-registered tech firm filed with the CSRC may take the coaching track alone
  techJinan: institution(803, { name: '泉智信息技术有限公司', kind: 'tech_firm', tech_category: 'csrc_filed_it_service' }),
  // §3.1: Qingdao has its own CSRC bureau — outside the Shandong bureau's jurisdiction
  secQingdao: institution(804, {
    name: '海港证券有限公司',
    credit_code: creditCode(804, '370200'),
    registered_city: '青岛市',
    main_office_city: '青岛市',
  }),
};

// Accounts by role; an institution's by the key of its institution.
const ACCOUNTS = {
  institution: { lead: 'techOut', partner: 'secJinan', coach: 'techJinan', qingdao: 'secQingdao' },
  officer: ['officer'],
  leader: ['leader'],
  csrc: ['csrc'],
  expert: ['expert1', 'expert2', 'expert3'],
};

const members = (...list) => list.map(([key, lead, role]) => ({ institution_id: inst[key], lead, role }));

// A complete pilot application; the business scenario is the licensed member's (§2.1).
function pilotContent() {
  return {
    summary: '基于区块链的基金份额登记与对账',
    scenarios: [
      {
        name: '基金份额链上对账',
        description: '登记、托管与销售机构之间的日终对账上链',
        provider_institution_id: inst.secJinan,
      },
    ],
    ...PILOT_TERMS,
    service_content: '为专业投资者提供基金份额实时确认',
    investor_protection: INVESTOR_PROTECTION,
    emergency_plan: 'INTERNAL-EMERGENCY-PLAN 链下对账兜底，30 分钟内切换',
    exit_plan: 'INTERNAL-EXIT-PLAN 停止新增客户，存量份额迁回中心化登记',
    funding_guarantee: '牵头单位自有资金 2000 万元',
    timeline: [
      { milestone: '系统上线', due_on: '2027-03-01' },
      { milestone: '阶段评估', due_on: '2027-09-01' },
    ],
    commitments: ['不超出测试边界开展业务', '如实报送风险监测数据'],
  };
}

// A coaching application (§3.3): no investors yet, so no boundaries or investor protection.
function coachingContent() {
  return {
    summary: '以知识图谱识别证券业务中的合规风险',
    scenarios: [{ name: '合规监测', description: '在模拟环境中识别异常交易模式', provider_institution_id: inst.techJinan }],
    technologies: ['ai', 'big_data'],
    service_content: '面向证券公司的合规监测工具（辅导期内不开展实际业务）',
    hypothesis: '知识图谱可提前发现关联交易风险',
    success_measures: ['识别准确率', '误报率'],
    risk_controls: '仅使用脱敏数据，不接入生产系统',
    emergency_plan: '停用模型，回退人工复核',
    exit_plan: '删除数据，提交辅导总结',
    funding_guarantee: '自有资金 300 万元',
    timeline: [{ milestone: '辅导总结', due_on: '2027-09-30' }],
    commitments: ['辅导期内不开展实际金融业务'],
  };
}

const PILOT_MATERIALS = JOINT_PILOT_MATERIALS;
const COACHING_MATERIALS = ['application_form', 'technical_plan', 'risk_assessment', 'emergency_plan', 'exit_plan'];

describe('admission: the acceptance journey (§3–§4.2)', () => {
  before(async () => {
    setClock('2026-09-28T10:00');
    // the first account at the test clock too (the history then reads in time order)
    const t = await setUpSuite(db, PW, {
      username: 'admin',
      args: ['--scheduler-interval', '200'],
      env: clock.env,
      register: REGISTER,
      accounts: ACCOUNTS,
      overApi: true,
    });
    s = t.s;
    Object.assign(inst, t.inst);
    Object.assign(tok, { admin: t.admin.token }, t.tok);
    Object.assign(uid, t.ids);
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  /* ---------- drafting and members (§3.2) ---------- */

  test('the out-of-province tech firm drafts a joint application; the Jinan securities firm provides the scenario', async () => {
    const r = await call('lead', 'POST', '/api/v1/projects', {
      name: '链上基金份额登记联合试点',
      members: members(['techOut', true, '区块链技术研发与系统运营'], ['secJinan', false, '基金份额登记业务与合规']),
      ...pilotContent(),
      reason: '首次起草',
    });
    assert.equal(r.status, 201, r.text);
    ids.P = r.json.id;
    assert.equal(r.json.state, 'draft');
    assert.equal(r.json.track, 'pilot');
    assert.deepEqual(
      r.json.members.map((m) => [m.institution_id, m.lead, m.confirmed]),
      [
        [inst.techOut, true, true], // the drafting lead confirms by drafting
        [inst.secJinan, false, false],
      ],
    );
    assert.equal(r.json.scenarios[0].provider_institution_id, inst.secJinan);
    assert.deepEqual(r.json.allowed_actions.sort(), ['submit', 'withdraw']);
    const p = await getProject('partner', ids.P);
    assert.equal(p.status, 200, p.text);
    assert.deepEqual(p.json.allowed_actions, ['confirm']);
    // the CSRC and other institutions do not see a draft at all
    assertError(await getProject('csrc', ids.P), 404, 'not_found');
    assertError(await getProject('qingdao', ids.P), 404, 'not_found');
  });

  test('negative: a second lead is refused (422 multiple_leads) and changes nothing (§3.2)', async () => {
    const twoLeads = members(['techOut', true, '研发'], ['secJinan', true, '业务']);
    let r = await refused(ids.P, () => call('lead', 'PATCH', `/api/v1/projects/${ids.P}`, { members: twoLeads }));
    assertError(r, 422, 'multiple_leads', 'members');
    // a participant may not change the members at all: the lead represents the others
    r = await refused(ids.P, () => call('partner', 'PATCH', `/api/v1/projects/${ids.P}`, { members: twoLeads }));
    assertError(r, 403, 'not_lead', null);
    // nor is a new draft with two leads created
    const before = (await call('admin', 'GET', '/api/v1/projects')).json.items.length;
    r = await call('partner', 'POST', '/api/v1/projects', { name: '双牵头', members: twoLeads });
    assertError(r, 422, 'multiple_leads', 'members');
    assert.equal((await call('admin', 'GET', '/api/v1/projects')).json.items.length, before);
  });

  test('negative: submit with an unconfirmed member → 422 members_unconfirmed, nothing changes (§3.2)', async () => {
    const r = await refused(ids.P, () => act('lead', ids.P, 'submit'));
    const e = assertErrorWith(r, 422, 'members_unconfirmed', ['unconfirmed'], 'members');
    assert.deepEqual(e.unconfirmed, [inst.secJinan]);
    assert.equal((await getProject('lead', ids.P)).json.state, 'draft');
  });

  test('the partner confirms; submission waits for the materials, which the lead uploads (multipart PDF)', async () => {
    let r = await act('partner', ids.P, 'confirm');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.members.every((m) => m.confirmed));
    assertError(await act('partner', ids.P, 'confirm'), 409, 'already_confirmed');
    r = await refused(ids.P, () => act('lead', ids.P, 'submit'));
    const e = assertErrorWith(r, 422, 'materials_missing', ['missing']);
    assert.deepEqual(e.missing, PILOT_MATERIALS);
    const list = await call('lead', 'GET', `/api/v1/projects/${ids.P}/materials`);
    assert.deepEqual(list.json.required, PILOT_MATERIALS); // joint: the joint agreement too
    assert.equal(list.json.may_upload, true);
    ids.Pmaterials = {};
    for (const kind of PILOT_MATERIALS) ids.Pmaterials[kind] = await upload('lead', ids.P, kind, pdf(`${kind} v1`));
    const after = await call('lead', 'GET', `/api/v1/projects/${ids.P}/materials`);
    assert.deepEqual(after.json.missing, []);
    assert.equal(after.json.items.length, PILOT_MATERIALS.length);
    // §3.2: the partner confirmed before the materials existed; it confirms what is submitted
    r = await refused(ids.P, () => act('lead', ids.P, 'submit'));
    assert.deepEqual(assertErrorWith(r, 422, 'members_unconfirmed', ['unconfirmed']).unconfirmed, [inst.secJinan]);
    assert.equal((await act('partner', ids.P, 'confirm')).status, 200);
  });

  test('submitted, then returned by the officer with defects (§4.1 completeness check)', async () => {
    let r = await act('lead', ids.P, 'submit');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'submitted');
    // the officer reads the application form: logged, as the officer is not an applicant
    const f = await download('officer', ids.P, ids.Pmaterials.application_form.id);
    assert.equal(f.status, 200);
    assert.equal(sha256(f.bytes), ids.Pmaterials.application_form.sha256);
    r = await act('officer', ids.P, 'return', {
      reason: '材料不完整',
      defects: ['风险评估缺少压力测试结果', '风险控制措施未说明压力测试'],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'returned');
    assert.deepEqual(r.json.defects, ['风险评估缺少压力测试结果', '风险控制措施未说明压力测试']);
  });

  test('the lead corrects it (PATCH, a new material version); the partner must confirm again; resubmitted', async () => {
    let r = await call('lead', 'PATCH', `/api/v1/projects/${ids.P}`, {
      risk_controls: '额度控制、白名单、实时监控、季度压力测试',
      reason: '按退回意见补正',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.members.map((m) => [m.institution_id, m.confirmed]),
      [
        [inst.techOut, true],
        [inst.secJinan, false], // §3.2: what is submitted is agreed by all, again
      ],
    );
    const v2 = await upload('lead', ids.P, 'risk_assessment', pdf('risk assessment v2 with stress test'));
    assert.equal(v2.version, 2);
    const e = assertErrorWith(await refused(ids.P, () => act('lead', ids.P, 'submit')), 422, 'members_unconfirmed', ['unconfirmed']);
    assert.deepEqual(e.unconfirmed, [inst.secJinan]);
    assert.equal((await act('partner', ids.P, 'confirm')).status, 200);
    r = await act('lead', ids.P, 'submit');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'submitted');
    assert.deepEqual(r.json.defects, []);
    assertError(await call('lead', 'PATCH', `/api/v1/projects/${ids.P}`, { summary: 'x' }), 409, 'invalid_state');
  });

  /* ---------- batch and expert review (§4.1) ---------- */

  test('the officer opens a batch and accepts the project into it', async () => {
    const b = await call('officer', 'POST', '/api/v1/batches', {
      name: '2026年第三批',
      opens_on: '2026-09-01',
      closes_on: '2026-10-31',
    });
    assert.equal(b.status, 201, b.text);
    ids.batch = b.json.id;
    const r = await act('officer', ids.P, 'accept', { reason: '材料齐备，纳入本批', batch_id: ids.batch });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'accepted');
    assert.equal(r.json.batch_id, ids.batch);
    const batch = await call('officer', 'GET', `/api/v1/batches/${ids.batch}`);
    assert.deepEqual(batch.json.projects.map((p) => p.id), [ids.P]);
  });

  test('three experts join the pool and are assigned; the one working for a member is conflicted automatically', async () => {
    for (const [u, affiliation, institution_id] of [
      ['expert1', '山东大学', null],
      ['expert2', '中国科学院', null],
      ['expert3', '泉城证券研究所', inst.secJinan], // works for a member of the project
    ]) {
      const r = await call('officer', 'POST', '/api/v1/experts', { user_id: uid[u], affiliation, institution_id, fields: ['区块链'] });
      assert.equal(r.status, 201, r.text);
    }
    for (const u of ['expert1', 'expert2', 'expert3']) {
      const r = await call('officer', 'POST', `/api/v1/projects/${ids.P}/assignments`, { expert_id: uid[u] });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.conflicted, u === 'expert3', u);
      if (u === 'expert3') assert.equal(r.json.conflicts[0].source, 'automatic');
    }
    const r = await act('officer', ids.P, 'start_review', { reason: '进入专家评审' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'in_review');
  });

  test('negative: the conflicted expert neither sees, reads the materials of, nor scores the project', async () => {
    const mid = ids.Pmaterials.application_form.id;
    assertError(await getProject('expert3', ids.P), 404, 'not_found');
    assertError(await call('expert3', 'GET', `/api/v1/projects/${ids.P}/materials`), 404, 'not_found');
    assertError(await refused(ids.P, () => download('expert3', ids.P, mid)), 404, 'not_found');
    assertError(await call('expert3', 'GET', `/api/v1/projects/${ids.P}/scores`), 404, 'not_found');
    // the expert was assigned and knows the project: the refusal says why (docs/openapi/review.json)
    const r = await refused(ids.P, () => putScores('expert3', ids.P, sheet([9, 9, 9, 9, 9, 9], '冲突')));
    assertError(r, 403, 'conflict_of_interest');
    assert.deepEqual((await call('expert3', 'GET', '/api/v1/projects')).json.items, []);
    assert.deepEqual((await call('expert3', 'GET', '/api/v1/reviews')).json.items, []);
    // the others do see it
    assert.equal((await getProject('expert1', ids.P)).status, 200);
    assert.equal((await download('expert1', ids.P, mid)).status, 200);
  });

  test('two experts score; the officer proposes select: 202 pending, nothing applied yet', async () => {
    assert.equal((await putScores('expert1', ids.P, sheet([9, 8, 8, 7, 8, 9], '创新性突出'))).status, 201);
    assert.equal((await putScores('expert2', ids.P, sheet([8, 8, 9, 8, 7, 8], '可行'))).status, 201);
    const sc = await call('officer', 'GET', `/api/v1/projects/${ids.P}/scores`);
    assert.equal(sc.json.complete, true);
    assert.equal(sc.json.statistics.sheets, 2);
    const r = await act('officer', ids.P, 'select', { reason: '专家评分良好，建议入选' });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.decision.status, 'pending');
    ids.selectDecision = r.json.decision.id;
    const p = (await getProject('officer', ids.P)).json;
    assert.equal(p.state, 'in_review');
    assert.deepEqual(p.pending_decision, { id: ids.selectDecision, action: 'select', status: 'pending' });
    const q = await call('leader', 'GET', '/api/v1/decisions?status=pending');
    assert.deepEqual(q.json.items.map((d) => [d.id, d.project_id, d.action, d.proposed_by]), [
      [ids.selectDecision, ids.P, 'select', uid.officer],
    ]);
  });

  test('negative: the proposer, made a leader after proposing, cannot approve it (403 same_person); nothing changes', async () => {
    let r = await call('admin', 'PATCH', `/api/v1/users/${uid.officer}`, { role: 'leader', reason: '临时代理负责人' });
    assert.equal(r.status, 200, r.text);
    r = await refused(ids.P, () => approve(ids.selectDecision, 'officer'));
    assertError(r, 403, 'same_person');
    r = await call('admin', 'PATCH', `/api/v1/users/${uid.officer}`, { role: 'officer', reason: '代理结束' });
    assert.equal(r.status, 200, r.text);
  });

  test('a leader approves the selection; forward_csrc is proposed and approved', async () => {
    const a = await approve(ids.selectDecision);
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.status, 'approved');
    assert.equal((await getProject('officer', ids.P)).json.state, 'selected');
    assertError(await getProject('csrc', ids.P), 404, 'not_found'); // not forwarded yet
    const p = await decide(ids.P, 'forward_csrc', '报送科技监管局专业评估');
    assert.equal(p.state, 'csrc_evaluation');
  });

  test('the CSRC sees the forwarded project, reads a material, and records csrc_pass with an opinion', async () => {
    const l = await call('csrc', 'GET', '/api/v1/projects?state=csrc_evaluation');
    assert.deepEqual(l.json.items.map((x) => x.id), [ids.P]);
    const f = await download('csrc', ids.P, ids.Pmaterials.technical_plan.id);
    assert.equal(f.status, 200);
    assertError(await act('csrc', ids.P, 'csrc_pass', { reason: '通过' }), 400, 'missing_field', 'opinion');
    assertError(await act('officer', ids.P, 'csrc_pass', { reason: '通过', opinion: 'x' }), 403, 'forbidden');
    const r = await act('csrc', ids.P, 'csrc_pass', { reason: '专业评估通过', opinion: '技术方案可行，风险可控' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'csrc_evaluation');
    assert.equal(r.json.csrc_result, 'pass');
  });

  /* ---------- public notice (§4.2) ---------- */

  test('publish_notice (proposed, approved): the period of 5 working days crosses National Day', async () => {
    // the test's own reading of the calendar agrees with the dates derived by hand
    assert.equal(periodEnd(PUBLISHED_ON, NOTICE_DAYS), CLOSES_ON);
    assert.equal(nextWorkingDay(CLOSES_ON), FIRST_LAUNCH_DAY);
    const p = await decide(ids.P, 'publish_notice', '专业评估通过，予以公示');
    assert.equal(p.state, 'public_notice');
    const list = await api(s, 'GET', '/api/v1/public/notices'); // no log-in
    assert.equal(list.status, 200, list.text);
    const n = list.json.items.find((x) => x.project_id === ids.P);
    assert.ok(n, list.text);
    ids.notice = n.id;
    assert.equal(n.opens_on, PUBLISHED_ON);
    assert.equal(n.closes_on, CLOSES_ON);
    assert.equal(n.working_days, NOTICE_DAYS);
    assert.equal(n.open, true);
  });

  test('the public portal shows the notice without log-in; a member of the public comments', async () => {
    const d = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.name, '链上基金份额登记联合试点');
    assert.deepEqual(
      d.json.members.map((m) => [m.name, m.lead]),
      [
        ['深蓝链科技有限公司', true],
        ['泉城证券股份有限公司', false],
      ],
    );
    assert.deepEqual(d.json.scenarios[0].provider, { institution_id: inst.secJinan, name: '泉城证券股份有限公司' });
    assert.equal(d.json.investor_protection.compensation, '风险准备金先行赔付');
    assert.doesNotMatch(d.text, /INTERNAL-/, 'the emergency and exit plans are not public fields');
    const c = await api(s, 'POST', `/api/v1/public/notices/${ids.notice}/comments`, {
      body: { body: '链上数据一旦出错难以更正，可能造成投资者份额损失，存在重大风险隐患。', author: '李女士' },
    });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.status, 'pending');
    ids.comment = c.json.id;
    assert.deepEqual((await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`)).json.comments, []);
  });

  test('the officer publishes the comment and classifies it major_risk', async () => {
    let r = await call('officer', 'POST', `/api/v1/comments/${ids.comment}/moderate`, { status: 'published' });
    assert.equal(r.status, 200, r.text);
    r = await call('officer', 'POST', `/api/v1/comments/${ids.comment}/classify`, {
      classification: 'major_risk',
      reason: '涉及投资者份额安全',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.classification, 'major_risk');
    const pub = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.deepEqual(pub.json.comments.map((c) => c.id), [ids.comment]);
  });

  /* ---------- the coaching track (§3.3), the same road ---------- */

  test('coaching: a Jinan tech firm with a tech category applies alone and reaches the public notice', async () => {
    let r = await call('coach', 'POST', '/api/v1/projects', {
      track: 'coaching',
      name: '合规知识图谱（辅导）',
      members: members(['techJinan', true, '独立研发与运营']),
      ...coachingContent(),
    });
    assert.equal(r.status, 201, r.text);
    ids.C = r.json.id;
    assert.equal(r.json.track, 'coaching');
    const list = await call('coach', 'GET', `/api/v1/projects/${ids.C}/materials`);
    assert.deepEqual(list.json.required, COACHING_MATERIALS); // no investors, no partner
    ids.Cmaterials = {};
    for (const kind of COACHING_MATERIALS) ids.Cmaterials[kind] = await upload('coach', ids.C, kind, pdf(`coaching ${kind}`));
    r = await act('coach', ids.C, 'submit');
    assert.equal(r.status, 200, r.text);
    r = await act('officer', ids.C, 'accept', { reason: '材料齐备', batch_id: ids.batch });
    assert.equal(r.status, 200, r.text);
    for (const u of ['expert1', 'expert3']) {
      const a = await call('officer', 'POST', `/api/v1/projects/${ids.C}/assignments`, { expert_id: uid[u] });
      assert.equal(a.status, 201, a.text);
      assert.equal(a.json.conflicted, false, u); // expert3's institution is not a member here
    }
    assert.equal((await act('officer', ids.C, 'start_review', { reason: '进入专家评审' })).status, 200);
    assert.equal((await putScores('expert1', ids.C, sheet([7, 8, 8, 7, 8, 8], '辅导可行'))).status, 201);
    assert.equal((await putScores('expert3', ids.C, sheet([8, 7, 8, 8, 8, 7], '具备代表性'))).status, 201);
    assert.equal((await decide(ids.C, 'select', '建议纳入辅导')).state, 'selected');
    assert.equal((await decide(ids.C, 'forward_csrc', '报送专业评估')).state, 'csrc_evaluation');
    r = await act('csrc', ids.C, 'csrc_pass', { reason: '通过', opinion: '同意辅导' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await decide(ids.C, 'publish_notice', '予以公示')).state, 'public_notice');
    const n = (await api(s, 'GET', '/api/v1/public/notices')).json.items.find((x) => x.project_id === ids.C);
    assert.equal(n.closes_on, CLOSES_ON);
    ids.Cnotice = n.id;
  });

  test("negative: an expert reads another project's materials → 404, nothing logged", async () => {
    const mid = ids.Cmaterials.application_form.id;
    // expert2 reviews the joint pilot only
    assertError(await call('expert2', 'GET', `/api/v1/projects/${ids.C}/materials`), 404, 'not_found');
    assertError(await refused(ids.C, () => download('expert2', ids.C, mid)), 404, 'not_found');
    // a material id of another project under a project the expert may read: still 404
    const other = await refused(ids.P, () => download('expert1', ids.P, mid));
    assertError(other, 404, 'not_found', 'mid');
    // expert3 reads the coaching project's (assigned, no conflict), never the pilot's
    assert.equal((await download('expert3', ids.C, mid)).status, 200);
    assertError(await download('expert3', ids.P, ids.Pmaterials.application_form.id), 404, 'not_found');
  });

  test('negative: submit when ineligible → 422 not_eligible with the reasons; nothing changes (§3.1, §3.2)', async () => {
    // a Qingdao securities firm leads, with the tech firm: outside the Shandong bureau
    let r = await call('qingdao', 'POST', '/api/v1/projects', {
      name: '青岛智能投顾',
      members: members(['secQingdao', true, '投资顾问业务'], ['techOut', false, '算法研发']),
      ...pilotContent(),
    });
    assert.equal(r.status, 201, r.text);
    const Q = r.json.id;
    assert.equal((await act('lead', Q, 'confirm')).status, 200);
    r = await refused(Q, () => act('qingdao', Q, 'submit'));
    let e = assertErrorWith(r, 422, 'not_eligible', ['reasons']);
    assert.ok(
      e.reasons.some((x) => x.code === 'outside_jurisdiction' && x.institution_id === inst.secQingdao && x.clause.startsWith('§3.1')),
      JSON.stringify(e.reasons),
    );
    assert.equal((await getProject('qingdao', Q)).json.state, 'draft');
    // the tech firm alone on the pilot track
    r = await call('lead', 'POST', '/api/v1/projects', {
      name: '独立申报',
      members: members(['techOut', true, '研发与运营']),
      ...pilotContent(),
    });
    assert.equal(r.status, 201, r.text);
    const T = r.json.id;
    r = await refused(T, () => act('lead', T, 'submit'));
    e = assertErrorWith(r, 422, 'not_eligible', ['reasons']);
    assert.ok(e.reasons.some((x) => x.code === 'tech_firm_alone' && x.clause.startsWith('§3.2')), JSON.stringify(e.reasons));
  });

  /* ---------- launch (§4.2, §3.3) ---------- */

  test('negative: launch on the last day of the period → 422 notice_period_open with first_launch_day; nothing changes', async () => {
    setClock(`${CLOSES_ON}T16:00`);
    await relogin(); // sessions last 12 hours
    for (const id of [ids.P, ids.C]) {
      // the period is checked first, even with a major-risk comment unanswered
      const r = await refused(id, () => act('officer', id, 'launch', { reason: '公示期满' }));
      const e = assertErrorWith(r, 422, 'notice_period_open', ['closes_on', 'first_launch_day']);
      assert.equal(e.closes_on, CLOSES_ON);
      assert.equal(e.first_launch_day, FIRST_LAUNCH_DAY);
      assert.equal(e.first_launch_day, nextWorkingDay(CLOSES_ON));
    }
    // still open for comments today
    const n = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.equal(n.json.open, true);
  });

  test('negative: after the period, launch with an unanswered major-risk comment → 422 major_risk_unanswered; nothing changes', async () => {
    setClock(`${FIRST_LAUNCH_DAY}T09:30`);
    await relogin();
    assert.equal((await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`)).json.open, false);
    const r = await refused(ids.P, () => act('officer', ids.P, 'launch', { reason: '公示期满' }));
    const e = assertErrorWith(r, 422, 'major_risk_unanswered', ['comment_ids']);
    assert.deepEqual(e.comment_ids, [ids.comment]);
    // words alone are not an answer to a major risk (§4.2: safeguards and compensation)
    assertError(
      await call('lead', 'POST', `/api/v1/comments/${ids.comment}/response`, { response: '我们会改进', safeguards: '双人复核' }),
      400,
      'missing_field',
      'compensation',
    );
    // the participant does not speak for the applicants (§3.2)
    assertError(
      await call('partner', 'POST', `/api/v1/comments/${ids.comment}/response`, { response: 'x', safeguards: 'y', compensation: 'z' }),
      403,
      'not_lead',
    );
  });

  test('the lead answers with safeguards and compensation; launch proposed and approved on the first working day', async () => {
    let r = await call('lead', 'POST', `/api/v1/comments/${ids.comment}/response`, {
      response: '链上记录与中心化登记双轨运行，差错以中心化登记为准',
      safeguards: '日终双轨核对，差异当日人工复核并冻结相关份额',
      compensation: '因系统差错造成的份额损失由风险准备金全额先行赔付',
    });
    assert.equal(r.status, 200, r.text);
    const p = await decide(ids.P, 'launch', '公示期满，重大风险意见已答复');
    assert.equal(p.state, 'launched');
    assert.equal(p.launched_on, FIRST_LAUNCH_DAY);
    // what follows launch is §4.4's: evaluation's outcomes, sanctions, exit; never withdrawal
    for (const a of ['evaluate_regular', 'suspend', 'start_exit']) assert.ok(p.allowed_actions.includes(a), a);
    assert.ok(!p.allowed_actions.includes('withdraw'));
    r = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.equal(r.json.comments[0].response.compensation, '因系统差错造成的份额损失由风险准备金全额先行赔付');
  });

  test('coaching: announced, the project is in coaching for one year; live-business figures are refused and write nothing', async () => {
    const p = await decide(ids.C, 'launch', '公示期满，纳入辅导');
    assert.equal(p.state, 'coaching');
    assert.equal(p.launched_on, FIRST_LAUNCH_DAY);
    assert.equal(p.coaching_ends_on, '2027-10-10');
    const fig = { period: '2026-10', customers: 10, transactions: 20, volume_fen: 300000, complaints: 0 };
    const r = await refused(ids.C, () => call('coach', 'POST', `/api/v1/projects/${ids.C}/metrics`, fig));
    assertError(r, 422, 'coaching_no_live_business');
    const k = await refused(ids.C, () =>
      api(s, 'POST', `/api/v1/projects/${ids.C}/metrics`, { token: tok.coach, body: fig, headers: { 'Idempotency-Key': 'c-2026-10' } }),
    );
    assertError(k, 422, 'coaching_no_live_business');
    // the launched pilot does report them (§4.3), through its lead applicant (§3.2)
    assertError(
      await refused(ids.P, () => call('partner', 'POST', `/api/v1/projects/${ids.P}/metrics`, fig)),
      403,
      'not_lead',
    );
    const m = await call('lead', 'POST', `/api/v1/projects/${ids.P}/metrics`, fig);
    assert.equal(m.status, 201, m.text);
  });

  test('the public register lists both with their launch dates (no log-in)', async () => {
    const r = await api(s, 'GET', '/api/v1/public/pilots');
    assert.equal(r.status, 200, r.text);
    const byId = Object.fromEntries(r.json.items.map((x) => [x.project_id, x]));
    assert.equal(byId[ids.P].state, 'launched');
    assert.equal(byId[ids.P].track, 'pilot');
    assert.equal(byId[ids.P].launched_on, FIRST_LAUNCH_DAY);
    assert.equal(byId[ids.P].notice_id, ids.notice);
    assert.equal(byId[ids.C].state, 'coaching');
    assert.equal(byId[ids.C].coaching_ends_on, '2027-10-10');
    assert.doesNotMatch(r.text, /INTERNAL-/);
    const open = await api(s, 'GET', '/api/v1/public/notices');
    assert.deepEqual(open.json.items.filter((x) => [ids.P, ids.C].includes(x.project_id)), []);
  });

  test('every step is in /api/v1/events?subject=project:ID with the right actor', async () => {
    const ev = await eventsOf(s, tok.officer, `project:${ids.P}`);
    const u = (name) => `user:${uid[name]}`;
    const expected = [
      ['project.created', u('lead')],
      ['project.confirm', u('partner')],
      ...PILOT_MATERIALS.map(() => ['material.uploaded', u('lead')]),
      ['project.confirm', u('partner')], // again: the materials came after its confirmation
      ['project.submit', u('lead')],
      ['material.downloaded', u('officer')],
      ['project.return', u('officer')],
      ['project.updated', u('lead')],
      ['material.uploaded', u('lead')], // risk assessment v2
      ['project.confirm', u('partner')],
      ['project.submit', u('lead')],
      ['project.accept', u('officer')],
      ['expert.assigned', u('officer')],
      ['expert.assigned', u('officer')],
      ['expert.assigned', u('officer')],
      ['conflict.detected', u('officer')],
      ['project.start_review', u('officer')],
      ['material.downloaded', u('expert1')],
      ['score.submitted', u('expert1')],
      ['score.submitted', u('expert2')],
      ['decision.proposed', u('officer')], // select
      ['project.select', u('leader')], // applied by the approval, in its transaction
      ['decision.approved', u('leader')],
      ['decision.proposed', u('officer')], // forward_csrc
      ['project.forward_csrc', u('leader')],
      ['decision.approved', u('leader')],
      ['material.downloaded', u('csrc')],
      ['project.csrc_pass', u('csrc')],
      ['decision.proposed', u('officer')], // publish_notice
      ['notice.published', u('leader')],
      ['project.publish_notice', u('leader')],
      ['decision.approved', u('leader')],
      ['comment.received', 'public'],
      ['comment.moderated', u('officer')],
      ['comment.classified', u('officer')],
      ['comment.answered', u('lead')],
      ['decision.proposed', u('officer')], // launch
      // §4.3: the launch creates the pilot's standard risk indicators from its test boundaries
      ...Array(7).fill(['indicator.created', u('leader')]),
      ['project.launch', u('leader')],
      ['decision.approved', u('leader')],
      ['metrics.reported', u('lead')],
    ];
    assert.deepEqual(
      ev.map((e) => [e.kind, e.actor]),
      expected,
    );
    const find = (kind) => ev.filter((e) => e.kind === kind);
    assert.equal(find('project.created')[0].reason, '首次起草');
    assert.deepEqual(find('project.return')[0].payload.params.defects, ['风险评估缺少压力测试结果', '风险控制措施未说明压力测试']);
    assert.equal(find('project.csrc_pass')[0].payload.params.opinion, '技术方案可行，风险可控');
    assert.equal(find('notice.published')[0].payload.closes_on, CLOSES_ON);
    const launch = find('project.launch')[0];
    assert.equal(launch.payload.from, 'public_notice');
    assert.equal(launch.payload.to, 'launched');
    assert.equal(launch.payload.clause, '§4.2');
    assert.equal(launch.payload.decision_id, find('decision.approved').at(-1).payload.decision_id);
    // the applicants read their history too, without the expert review inside it (§4.1)
    const mine = await eventsOf(s, tok.partner, `project:${ids.P}`);
    assert.ok(!mine.some((e) => /^(score|conflict|expert)\./.test(e.kind)));
    assert.ok(mine.some((e) => e.kind === 'project.launch'));
  });

  test('the scheduler ends the coaching year by itself, exactly once (§3.3)', async () => {
    setClock('2027-10-10T09:00');
    tok.admin = (await login(s, 'admin', PW)).token;
    const state = async () => (await getProject('admin', ids.C)).json.state;
    // within a few passes of the scheduler (every 200 ms here)
    await waitFor(async () => (await state()) === 'coaching_ended', { timeoutMs: 4000, what: 'coaching_ended' });
    await new Promise((r) => setTimeout(r, 1000)); // five more scheduler passes
    const ev = (await eventsOf(s, tok.admin, `project:${ids.C}`)).filter((e) => e.kind === 'project.end_coaching');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].actor, 'system');
    assert.deepEqual([ev[0].payload.from, ev[0].payload.to, ev[0].payload.clause], ['coaching', 'coaching_ended', '§3.3']);
    const p = (await getProject('admin', ids.C)).json;
    assert.equal(p.coaching_ends_on, '2027-10-10');
    assert.deepEqual(p.allowed_actions, []);
    assert.equal((await getProject('admin', ids.P)).json.state, 'launched', 'the pilot is untouched');
    const reg = await api(s, 'GET', '/api/v1/public/pilots?track=coaching');
    assert.deepEqual(reg.json.items.map((x) => [x.project_id, x.state]), [[ids.C, 'coaching_ended']]);
  });

  test('the event chain verifies (baotu audit verify)', async () => {
    await s.stopClean();
    const v = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });
});
