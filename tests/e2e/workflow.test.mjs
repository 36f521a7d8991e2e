// The project workflow over the JSON API (docs/WORKFLOW.md):
// drafting with field-named validation errors, the §3.2 member rules and confirmations,
// submission guards (eligibility, completeness, materials), the workflow table's errors
// (404 unknown action, 409 wrong state, 403 wrong role), maker-checker decisions, withdrawal,
// live-business figures refused for coaching, and the scheduler ending a coaching year
// exactly once. Steps whose areas are built elsewhere (materials, batches, expert assignment)
// are set up directly in the database with the sqlite3 shell.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  assertErrorWith,
  creditCode,
  cstDate,
  cstDayStartUs,
  eventsOf,
  institution,
  login,
  PILOT_TERMS,
  runCli,
  ROOT,
  setUpSuite,
  shenzhenTech,
  startServer,
  tempDb,
  waitFor,
} from './lib/harness.mjs';

const { dir, db, q: sql } = tempDb();
const PW = 'workflow-pw-123';
let s;
let admin;
const inst = {}; // key -> institution id
const u = {}; // key -> {token, csrf, cookie, user}
const userId = {}; // key -> user id

const REGISTER = {
  // §3.1 applicant subject in Jinan
  secJinan: institution(301, { name: '泉城证券', kind: 'securities_company' }),
  // §3.2: a tech firm from outside the province may lead a joint application
  techShenzhen: shenzhenTech(302),
  // Qingdao has its own CSRC bureau: outside the jurisdiction (§3.1)
  secQingdao: institution(303, {
    name: '海港证券',
    credit_code: creditCode(303, '370200'),
    registered_city: '青岛市',
    main_office_city: '青岛市',
  }),
  // §3.3: a Jinan tech firm filed with the CSRC may apply for coaching alone
  techCoach: institution(304, {
    name: '泉智信息技术',
    kind: 'tech_firm',
    tech_category: 'csrc_filed_it_service',
  }),
  // a licensed institution that is in none of the projects
  outsider: institution(305, { name: '历下期货', kind: 'futures_company' }),
};

// Accounts by role; an institution's by the key of its institution.
const ACCOUNTS = {
  institution: { lead: 'techShenzhen', partner: 'secJinan', qingdao: 'secQingdao', coach: 'techCoach', outsider: 'outsider' },
  officer: ['officer', 'officer2'],
  leader: ['leader'],
  csrc: ['csrc'],
};

// A complete application (pilot track), every scenario provided by the licensed member.
function fullContent() {
  return {
    summary: '基于区块链的基金份额登记与交易对账',
    scenarios: [
      {
        name: '基金份额链上对账',
        description: '托管、登记与销售机构之间的日终对账上链',
        provider_institution_id: inst.secJinan,
      },
    ],
    ...PILOT_TERMS,
    service_content: '为合格投资者提供基金份额实时确认',
    investor_protection: {
      complaint_channel: '客服热线 400-000-0000',
      dispute_handling: '提交济南仲裁委员会',
      compensation: '风险准备金先行赔付',
    },
    emergency_plan: '链下对账兜底，30 分钟内切换',
    exit_plan: '停止新增客户，存量份额迁回中心化登记',
    funding_guarantee: '自有资金 2000 万元',
    timeline: [
      { milestone: '系统上线', due_on: '2027-03-01' },
      { milestone: '阶段评估', due_on: '2027-09-01' },
    ],
    commitments: ['不超出测试边界开展业务', '如实报送风险监测数据'],
  };
}

const members = (...list) =>
  list.map(([key, lead, role]) => ({ institution_id: inst[key], lead, role }));

const call = (who, method, path, body) =>
  api(s, method, path, { token: u[who]?.token ?? admin.token, body });
const act = (who, id, action, body = {}) =>
  call(who, 'POST', `/api/v1/projects/${id}/actions/${action}`, body);
const getProject = (who, id) => call(who, 'GET', `/api/v1/projects/${id}`);
const count = (text) => Number(sql(text));
const kinds = (events) => events.map((e) => e.kind);
// What a refused request must leave as it was: the project row, its members, its events.
const footprint = (id) =>
  sql(
    `SELECT state || '|' || version || '|' || updated_at FROM projects WHERE id = ${id};\n` +
      `SELECT group_concat(institution_id || ':' || coalesce(CAST(confirmed_at AS TEXT), '-'), ',') ` +
      `FROM project_members WHERE project_id = ${id};\n` +
      `SELECT count(*) FROM events;\nSELECT count(*) FROM decisions;`,
  );
// Runs a request that must be refused and asserts that it wrote nothing.
async function refused(id, request) {
  const before = footprint(id);
  const r = await request();
  assert.ok(r.status >= 400, `expected a refusal: ${r.status} ${r.text}`);
  assert.equal(footprint(id), before, `a refused request changed project ${id}`);
  return r;
}

// The materials a submission needs (§4.1), put straight into the store: uploading is the
// materials area's own test.
function putMaterials(projectId, list) {
  const sha = 'ab'.repeat(32);
  let text =
    'INSERT OR IGNORE INTO blobs (sha256, size, content_type, data, created_at) ' +
    `VALUES ('${sha}', 4, 'application/pdf', X'25504446', 1);\n`;
  for (const k of list)
    text +=
      'INSERT INTO materials (project_id, kind, version, filename, sha256, size, content_type, ' +
      `uploaded_by, uploaded_at) VALUES (${projectId}, '${k}', 1, '${k}.pdf', '${sha}', 4, ` +
      `'application/pdf', ${userId.lead}, 1);\n`;
  sql(text);
}

describe('the project workflow', () => {
  before(async () => {
    const t = await setUpSuite(db, PW, { register: REGISTER, accounts: ACCOUNTS, overApi: true });
    ({ s, admin } = t);
    Object.assign(inst, t.inst);
    Object.assign(u, t.accounts);
    Object.assign(userId, t.ids);
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('GET /api/v1/workflow serves the table that docs/WORKFLOW.md renders', async () => {
    const r = await call('officer', 'GET', '/api/v1/workflow');
    assert.equal(r.status, 200, r.text);
    const rows = r.json.transitions;
    const launch = rows.filter((t) => t.from === 'public_notice' && t.action === 'launch');
    assert.deepEqual(launch.map((t) => [t.track, t.to]).sort(), [
      ['coaching', 'coaching'],
      ['pilot', 'launched'],
    ]);
    const doc = await runCli(['workflow', '--format', 'doc']);
    assert.equal(doc.code, 0, doc.stderr);
    const md = readFileSync(join(ROOT, 'docs', 'WORKFLOW.md'), 'utf8');
    const block = /<!-- workflow:begin -->\n([\s\S]*)<!-- workflow:end -->/.exec(md)[1];
    assert.equal(block, doc.stdout, 'docs/WORKFLOW.md is the rendering of the table');
    // one table line per row
    const tableRows = doc.stdout.split('\n').filter((l) => l.startsWith('| `'));
    assert.equal(tableRows.length, rows.length);
  });

  test('drafting: shape errors name the field inside the body; nothing is written', async () => {
    const base = {
      name: '链上基金份额对账',
      members: members(['techShenzhen', true, '技术研发与系统运营'], ['secJinan', false, '基金份额登记业务']),
    };
    const cases = [
      [{ scenarios: [{ description: '无名称' , provider_institution_id: 1 }] }, 'missing_field', 'scenarios[0].name'],
      [{ scenarios: [{ name: 'x', provider_institution_id: 'one' }] }, 'invalid_type', 'scenarios[0].provider_institution_id'],
      [{ scenarios: [{ name: 'x', provider_institution_id: 1, colour: 'red' }] }, 'unknown_field', 'scenarios[0].colour'],
      [{ test_boundaries: { customer_cap: 0 } }, 'invalid_value', 'test_boundaries.customer_cap'],
      [{ test_boundaries: { customer_cap: '5000' } }, 'invalid_value', 'test_boundaries.customer_cap'],
      [{ test_boundaries: { duration_months: 61 } }, 'invalid_value', 'test_boundaries.duration_months'],
      [{ test_boundaries: { cap: 1 } }, 'unknown_field', 'test_boundaries.cap'],
      [{ test_boundaries: { regions: ['济南市', 7] } }, 'invalid_type', 'test_boundaries.regions[1]'],
      [{ investor_protection: { hotline: 'x' } }, 'unknown_field', 'investor_protection.hotline'],
      [{ technologies: ['quantum'] }, 'invalid_value', 'technologies'],
      [{ technologies: ['ai', 'ai'] }, 'invalid_value', 'technologies'],
      [{ success_measures: ['ok', 3] }, 'invalid_type', 'success_measures[1]'],
      [{ timeline: [{ milestone: '上线', due_on: '2027-02-30' }] }, 'invalid_value', 'timeline[0]'],
      [{ track: 'sandbox' }, 'invalid_value', 'track'],
      [{ name: '   ' }, 'missing_field', 'name'],
      [{ colour: 'red' }, 'unknown_field', 'colour'],
      [{ members: [{ institution_id: inst.techShenzhen, lead: true }] }, 'missing_field', 'members[0].role'],
      [{ members: [{ institution_id: inst.techShenzhen, lead: true, role: ' ' }] }, 'missing_field', 'members[0].role'],
      [
        {
          members: [
            { institution_id: inst.techShenzhen, lead: true, role: 'a' },
            { institution_id: inst.techShenzhen, role: 'b' },
          ],
        },
        'duplicate_member',
        'members[1].institution_id',
      ],
      [{ members: [] }, 'missing_field', 'members'],
    ];
    for (const [over, code, field] of cases) {
      const r = await call('lead', 'POST', '/api/v1/projects', { ...base, ...over });
      assertError(r, 400, code, field);
    }
    assert.equal(count('SELECT count(*) FROM projects'), 0);
    assert.equal(count("SELECT count(*) FROM events WHERE kind LIKE 'project.%'"), 0);
  });

  test('members: exactly one lead, the caller among them (§3.2); refused drafts write nothing', async () => {
    const draft = (m) => call('lead', 'POST', '/api/v1/projects', { name: '无牵头', members: m });
    let r = await draft(members(['techShenzhen', false, '研发'], ['secJinan', false, '业务']));
    assertError(r, 422, 'no_lead', 'members');
    r = await draft(members(['techShenzhen', true, '研发'], ['secJinan', true, '业务']));
    assertError(r, 422, 'multiple_leads', 'members');
    r = await draft(members(['secJinan', true, '业务'], ['outsider', false, '业务']));
    assertError(r, 422, 'not_a_member', 'members');
    r = await draft([...members(['techShenzhen', true, '研发']), { institution_id: 99999, role: 'x' }]);
    assertError(r, 422, 'unknown_institution', 'members[1].institution_id');
    // staff do not draft applications
    r = await call('officer', 'POST', '/api/v1/projects', {
      name: 'x',
      members: members(['secJinan', true, '业务']),
    });
    assertError(r, 403, 'forbidden');
    assert.equal(count('SELECT count(*) FROM projects'), 0);
    assert.equal(count('SELECT count(*) FROM project_members'), 0);
  });

  let P; // the joint application: Shenzhen tech firm (lead) + Jinan securities firm

  test('a joint draft: visible to its members and staff, 404 to anyone else', async () => {
    const r = await call('lead', 'POST', '/api/v1/projects', {
      name: '链上基金份额对账',
      members: members(['techShenzhen', true, '技术研发与系统运营'], ['secJinan', false, '基金份额登记业务']),
      summary: '基于区块链的基金份额登记与交易对账',
      scenarios: [{ name: '链上对账', provider_institution_id: inst.techShenzhen }],
      test_boundaries: { regions: ['济南市'] },
      reason: '首次起草',
    });
    assert.equal(r.status, 201, r.text);
    P = r.json.id;
    assert.equal(r.headers.get('location'), `/api/v1/projects/${P}`);
    assert.equal(r.json.state, 'draft');
    assert.equal(r.json.track, 'pilot');
    assert.deepEqual(
      r.json.members.map((m) => [m.institution_id, m.lead, m.confirmed]),
      [
        [inst.techShenzhen, true, true], // confirmed by drafting
        [inst.secJinan, false, false],
      ],
    );
    assert.deepEqual(r.json.allowed_actions.sort(), ['submit', 'withdraw']);
    assert.equal(r.json.pending_decision, null);

    const p = await getProject('partner', P);
    assert.equal(p.status, 200, p.text);
    assert.deepEqual(p.json.allowed_actions, ['confirm']);
    for (const who of ['officer', 'leader']) assert.equal((await getProject(who, P)).status, 200);
    assert.equal((await getProject(null, P)).status, 200); // admin
    // not a member, or the CSRC before forwarding: as if it did not exist
    for (const who of ['outsider', 'qingdao', 'csrc']) {
      assertError(await getProject(who, P), 404, 'not_found');
      assertError(await act(who, P, 'confirm'), 404, 'not_found');
      const l = await call(who, 'GET', '/api/v1/projects');
      assert.equal(l.status, 200);
      assert.deepEqual(l.json.items, []);
    }
    assertError(await call('outsider', 'PATCH', `/api/v1/projects/${P}`, { summary: 'x' }), 404, 'not_found');
    const l = await call('partner', 'GET', '/api/v1/projects?state=draft');
    assert.deepEqual(
      l.json.items.map((i) => [i.id, i.state, i.lead]),
      [[P, 'draft', '深蓝链科技']],
    );
    assert.equal(l.json.next, null);
    assertError(await call('partner', 'GET', '/api/v1/projects?state=dreaming'), 400, 'invalid_value', 'state');
  });

  test('a member that is not the lead can neither submit nor withdraw (403 not_lead)', async () => {
    assertError(await refused(P, () => act('partner', P, 'submit')), 403, 'not_lead');
    assertError(
      await refused(P, () => act('partner', P, 'withdraw', { reason: '不想做了' })),
      403,
      'not_lead',
    );
    assert.equal((await getProject('lead', P)).json.state, 'draft');
  });

  test('submission needs every member confirmed; an edit asks the others again', async () => {
    let r = await refused(P, () => act('lead', P, 'submit'));
    let e = assertErrorWith(r, 422, 'members_unconfirmed', ['unconfirmed'], 'members');
    assert.deepEqual(e.unconfirmed, [inst.secJinan]);

    r = await act('partner', P, 'confirm');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.members.every((m) => m.confirmed));
    assertError(await act('partner', P, 'confirm'), 409, 'already_confirmed');
    // the lead never needs to confirm what it drafted
    assertError(await act('lead', P, 'confirm'), 409, 'already_confirmed');

    // §3.2: the lead represents the others; a participant reads and confirms, and edits nothing
    assertError(
      await refused(P, () => call('partner', 'PATCH', `/api/v1/projects/${P}`, { hypothesis: '差错率降到万分之一以下' })),
      403,
      'not_lead',
    );
    // the lead edits: its own confirmation stands, the partner's is withdrawn
    r = await call('lead', 'PATCH', `/api/v1/projects/${P}`, { hypothesis: '差错率降到万分之一以下' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.members.map((m) => [m.institution_id, m.confirmed]),
      [
        [inst.techShenzhen, true],
        [inst.secJinan, false],
      ],
    );
    const upd = (await call('officer', 'GET', `/api/v1/events?subject=project:${P}&limit=200`)).json.items.at(-1);
    assert.equal(upd.kind, 'project.updated');
    assert.deepEqual(upd.payload.confirmations_withdrawn, [inst.secJinan]);
    r = await act('lead', P, 'submit');
    e = assertErrorWith(r, 422, 'members_unconfirmed', ['unconfirmed'], 'members');
    assert.deepEqual(e.unconfirmed, [inst.secJinan]);
    r = await act('partner', P, 'confirm');
    assert.equal(r.status, 200, r.text);

    // the same field rules as on creation
    const patchRefused = async (who, body, status, code, field) =>
      assertError(await refused(P, () => call(who, 'PATCH', `/api/v1/projects/${P}`, body)), status, code, field);
    await patchRefused('lead', { name: '  ' }, 400, 'missing_field', 'name');
    await patchRefused('lead', { test_boundaries: { customer_cap: -5 } }, 400, 'invalid_value', 'test_boundaries.customer_cap');
    await patchRefused(
      'lead',
      { members: members(['techShenzhen', true, '研发'], ['secJinan', true, '业务']) },
      422,
      'multiple_leads',
      'members',
    );
    // §3.2: the lead represents the others; a participant may not change who the members are
    await patchRefused('partner', { members: members(['secJinan', true, '业务']) }, 403, 'not_lead', null);
    // a PATCH that changes nothing writes nothing and resets nobody
    const before = count(`SELECT count(*) FROM events WHERE subject_type = 'project' AND subject_id = '${P}'`);
    r = await call('lead', 'PATCH', `/api/v1/projects/${P}`, { hypothesis: '差错率降到万分之一以下' });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.members.every((m) => m.confirmed));
    assert.equal(
      count(`SELECT count(*) FROM events WHERE subject_type = 'project' AND subject_id = '${P}'`),
      before,
    );
  });

  test('submission when incomplete: 422 incomplete with the defects (§4.1, §2.1)', async () => {
    const r = await refused(P, () => act('lead', P, 'submit'));
    const e = assertErrorWith(r, 422, 'incomplete', ['defects']);
    const has = (field, defect = 'missing') =>
      assert.ok(
        e.defects.some((d) => d.field === field && d.defect === defect),
        `${field} ${defect} not in ${JSON.stringify(e.defects)}`,
      );
    for (const f of ['technologies', 'service_content', 'exit_plan', 'emergency_plan', 'timeline', 'commitments'])
      has(f);
    has('test_boundaries.customer_cap');
    has('test_boundaries.per_transaction_limit_fen');
    has('investor_protection');
    // §2.1: the scenario's provider is the tech firm, not a licensed institution
    has('scenarios[0].provider_institution_id', 'not_licensed_member');
    assert.ok(!e.defects.some((d) => d.field === 'summary' || d.field === 'hypothesis'));
    assert.equal((await getProject('lead', P)).json.state, 'draft');
  });

  test('submission when ineligible: 422 not_eligible with the reasons (§3.1)', async () => {
    // a Qingdao securities firm leading, with a tech firm: outside the Shandong bureau
    let r = await call('qingdao', 'POST', '/api/v1/projects', {
      name: '青岛智能投顾',
      members: members(['secQingdao', true, '投资顾问业务'], ['techShenzhen', false, '算法研发']),
      ...fullContent(),
    });
    assert.equal(r.status, 201, r.text);
    const Q = r.json.id;
    assert.equal((await act('lead', Q, 'confirm')).status, 200);
    r = await refused(Q, () => act('qingdao', Q, 'submit'));
    const e = assertErrorWith(r, 422, 'not_eligible', ['reasons']);
    assert.ok(e.reasons.length >= 1);
    for (const x of e.reasons) {
      assert.equal(typeof x.code, 'string');
      assert.equal(typeof x.message, 'string');
      assert.match(x.clause, /^§3/);
    }
    assert.ok(
      e.reasons.some((x) => x.code === 'outside_jurisdiction' && x.institution_id === inst.secQingdao),
      JSON.stringify(e.reasons),
    );
    assert.equal((await getProject('qingdao', Q)).json.state, 'draft');
    assert.equal(count(`SELECT count(*) FROM projects WHERE id = ${Q} AND submitted_at IS NULL`), 1);
  });

  test('complete and eligible: the materials are checked, then it is submitted', async () => {
    let r = await call('lead', 'PATCH', `/api/v1/projects/${P}`, {
      ...fullContent(),
      reason: '补全申报内容',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal((await act('partner', P, 'confirm')).status, 200);
    r = await refused(P, () => act('lead', P, 'submit'));
    const e = assertErrorWith(r, 422, 'materials_missing', ['missing']);
    assert.ok(e.missing.includes('joint_agreement'), JSON.stringify(e.missing));
    assert.ok(e.missing.includes('application_form'));
    putMaterials(P, e.missing);
    r = await act('lead', P, 'submit');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'submitted');
    assert.deepEqual(r.json.allowed_actions, ['withdraw']);
    // nothing can be edited once submitted
    assertError(await call('lead', 'PATCH', `/api/v1/projects/${P}`, { summary: 'x' }), 409, 'invalid_state');
    assertError(await call('partner', 'PATCH', `/api/v1/projects/${P}`, { summary: 'x' }), 403, 'not_lead');
  });

  test('the table decides: unknown action 404, wrong state 409, wrong role 403', async () => {
    assertError(await act('officer', P, 'fly'), 404, 'unknown_action', 'action');
    assertError(await act('officer', P, 'approve'), 404, 'unknown_action', 'action');
    assertError(await act('lead', P, 'submit'), 409, 'invalid_state'); // already submitted
    assertError(await act('officer', P, 'launch', { reason: '尚早' }), 409, 'invalid_state');
    assertError(await act('officer', P, 'start_review', { reason: 'x' }), 409, 'invalid_state');
    // the row exists in this state, but not for this role
    assertError(await act('lead', P, 'return', { reason: 'x', defects: ['y'] }), 403, 'forbidden');
    assertError(await act('leader', P, 'return', { reason: 'x', defects: ['y'] }), 403, 'forbidden');
    assertError(await act('officer', P, 'withdraw', { reason: 'x' }), 403, 'forbidden');
    // the scheduler's action is no person's
    assertError(await act('officer', P, 'end_coaching', { reason: 'x' }), 409, 'invalid_state');
    // the officer gives a reason and the defects to correct (§4.1)
    assertError(await act('officer', P, 'return', { defects: ['缺少压力测试报告'] }), 400, 'missing_field', 'reason');
    assertError(await act('officer', P, 'return', { reason: '材料不全' }), 400, 'missing_field', 'defects');
    assertError(await act('officer', P, 'return', { reason: '材料不全', defects: [] }), 400, 'missing_field', 'defects');
    assertError(await act('officer', P, 'return', { reason: '材料不全', defects: '全部' }), 400, 'invalid_type', 'defects');
    assertError(
      await act('officer', P, 'return', { reason: '材料不全', defects: ['x', 1] }),
      400,
      'invalid_type',
      'defects[1]',
    );
    assertError(
      await act('officer', P, 'return', { reason: '材料不全', defects: ['x'], verdict: 'no' }),
      400,
      'unknown_field',
      'verdict',
    );
    // a cookie without the CSRF token does not write
    const r = await api(s, 'POST', `/api/v1/projects/${P}/actions/return`, {
      cookie: u.officer.cookie,
      body: { reason: '材料不全', defects: ['x'] },
    });
    assertError(r, 403, 'csrf_failed');
    assert.equal((await getProject('officer', P)).json.state, 'submitted');
  });

  test('completeness check: return with defects, correct, confirm, resubmit, accept', async () => {
    let r = await act('officer', P, 'return', {
      reason: '材料不全',
      defects: ['缺少压力测试报告', '测试边界未说明地域'],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'returned');
    assert.deepEqual(r.json.defects, ['缺少压力测试报告', '测试边界未说明地域']);
    r = await call('lead', 'PATCH', `/api/v1/projects/${P}`, {
      risk_controls: '额度控制、白名单、实时监控、压力测试',
    });
    assert.equal(r.status, 200, r.text);
    assertErrorWith(await act('lead', P, 'submit'), 422, 'members_unconfirmed', ['unconfirmed']);
    assert.equal((await act('partner', P, 'confirm')).status, 200);
    r = await act('lead', P, 'submit');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'submitted');
    assert.deepEqual(r.json.defects, []);
    // accept into a batch (the batch itself is the review area's; made here directly)
    sql(
      'INSERT INTO batches (name, opens_on, closes_on, weights, created_at, updated_at) ' +
        "VALUES ('2026 第一批', '2026-01-01', '2027-12-31', '{}', 1, 1);",
    );
    const batch = count('SELECT max(id) FROM batches');
    assertError(await act('officer', P, 'accept', { reason: '材料齐备' }), 400, 'missing_field', 'batch_id');
    assertError(
      await act('officer', P, 'accept', { reason: '材料齐备', batch_id: 999 }),
      422,
      'unknown_batch',
      'batch_id',
    );
    r = await act('officer', P, 'accept', { reason: '材料齐备', batch_id: batch });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'accepted');
    assert.equal(r.json.batch_id, batch);
  });

  test('maker-checker: an officer proposes, another person who is a leader approves', async () => {
    // expert review is the review area's: one assigned expert without a conflict, directly
    const expert = (
      await api(s, 'POST', '/api/v1/users', {
        token: admin.token,
        body: { username: 'expert1', role: 'expert', password: PW },
      })
    ).json.id;
    assertError(await act('officer', P, 'start_review', { reason: '进入评审' }), 422, 'no_experts');
    sql(
      `INSERT INTO assignments (project_id, expert_id, assigned_at, assigned_by) VALUES (${P}, ${expert}, 1, ${userId.officer});`,
    );
    let r = await act('officer', P, 'start_review', { reason: '进入评审' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'in_review');

    // leaders approve; they do not propose (the rows name the officer)
    assertError(await refused(P, () => act('leader', P, 'reject', { reason: '直接否决' })), 403, 'forbidden');
    // the proposal: 202, nothing applied yet
    assertError(await act('officer', P, 'reject'), 400, 'missing_field', 'reason');
    r = await act('officer', P, 'reject', { reason: '创新性不足' });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.decision.status, 'pending');
    assert.equal(r.json.decision.action, 'reject');
    const D1 = r.json.decision.id;
    let p = (await getProject('officer', P)).json;
    assert.equal(p.state, 'in_review');
    assert.deepEqual(p.pending_decision, { id: D1, action: 'reject', status: 'pending' });
    // one pending decision per project
    assertError(await refused(P, () => act('officer2', P, 'reject', { reason: '重复提议' })), 409, 'decision_pending');
    assertError(await act('officer', P, 'reject', { reason: '重复提议' }), 409, 'decision_pending');

    // the leader's queue
    r = await call('leader', 'GET', '/api/v1/decisions?status=pending');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.items.map((d) => [d.id, d.project_id, d.action, d.status, d.proposed_by, d.reason]),
      [[D1, P, 'reject', 'pending', userId.officer, '创新性不足']],
    );
    assert.equal(r.json.next, null);
    assert.equal(r.json.items[0].from_state, 'in_review');
    assert.equal(r.json.items[0].decided_by, null);
    assertError(await call('leader', 'GET', '/api/v1/decisions?status=maybe'), 400, 'invalid_value', 'status');
    assertError(await call('lead', 'GET', '/api/v1/decisions?status=pending'), 403, 'forbidden');
    assertError(await call('csrc', 'GET', `/api/v1/decisions/${D1}`), 403, 'forbidden');
    assert.equal((await call('officer', 'GET', `/api/v1/decisions/${D1}`)).json.id, D1);
    assertError(await call('leader', 'GET', '/api/v1/decisions/9999'), 404, 'not_found');

    // officers cannot settle decisions at all: the route is the leader's
    assertError(await call('officer', 'POST', `/api/v1/decisions/${D1}/approve`, {}), 403, 'forbidden');
    assertError(await call('officer2', 'POST', `/api/v1/decisions/${D1}/approve`, {}), 403, 'forbidden');

    // the proposer made a leader is still the proposer: 403 same_person
    r = await api(s, 'PATCH', `/api/v1/users/${userId.officer}`, {
      token: admin.token,
      body: { role: 'leader', reason: '临时代理负责人' },
    });
    assert.equal(r.status, 200, r.text);
    assertError(
      await refused(P, () => call('officer', 'POST', `/api/v1/decisions/${D1}/approve`, {})),
      403,
      'same_person',
    );
    assertError(
      await call('officer', 'POST', `/api/v1/decisions/${D1}/reject`, { reason: '自己撤回' }),
      403,
      'same_person',
    );
    r = await api(s, 'PATCH', `/api/v1/users/${userId.officer}`, {
      token: admin.token,
      body: { role: 'officer', reason: '代理结束' },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal((await getProject('officer', P)).json.state, 'in_review');
    assert.equal(count(`SELECT count(*) FROM decisions WHERE status = 'pending'`), 1);

    // the leader rejects the proposal (a reason is required): the project stays
    assertError(await call('leader', 'POST', `/api/v1/decisions/${D1}/reject`, {}), 400, 'missing_field', 'reason');
    assertError(
      await call('leader', 'POST', `/api/v1/decisions/${D1}/reject`, { reason: ' ' }),
      400,
      'missing_field',
      'reason',
    );
    r = await call('leader', 'POST', `/api/v1/decisions/${D1}/reject`, { reason: '评审尚未结束' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'rejected');
    assert.equal(r.json.decided_by, userId.leader);
    assert.equal(r.json.decision_reason, '评审尚未结束');
    assertError(await call('leader', 'POST', `/api/v1/decisions/${D1}/approve`, {}), 409, 'invalid_state');
    assert.equal((await getProject('officer', P)).json.state, 'in_review');

    // proposed again, and approved by the leader: now it applies
    r = await act('officer', P, 'reject', { reason: '创新性不足，专家意见一致' });
    assert.equal(r.status, 202, r.text);
    const D2 = r.json.decision.id;
    r = await call('leader', 'POST', `/api/v1/decisions/${D2}/approve`, { reason: '同意' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'approved');
    assert.equal(r.json.decided_by, userId.leader);
    p = (await getProject('officer', P)).json;
    assert.equal(p.state, 'not_selected');
    assert.equal(p.pending_decision, null);
    assert.deepEqual(p.allowed_actions, []);
    r = await call('leader', 'GET', '/api/v1/decisions?status=pending');
    assert.deepEqual(r.json.items, []);
    r = await call('leader', 'GET', '/api/v1/decisions?status=approved');
    assert.deepEqual(r.json.items.map((d) => d.id), [D2]);

    // a final state: nothing more, not even withdrawal
    assertError(await act('lead', P, 'withdraw', { reason: '撤回' }), 409, 'invalid_state');
    assertError(await act('officer', P, 'select', { reason: '改判' }), 409, 'invalid_state');
  });

  test('every step is in the project history (/api/v1/events?subject=project:ID)', async () => {
    const ev = await eventsOf(s, u.officer.token, `project:${P}`);
    assert.deepEqual(kinds(ev), [
      'project.created',
      'project.confirm', // the partner
      'project.updated', // the lead's edit
      'project.confirm', // the partner, again
      'project.updated', // the content completed
      'project.confirm',
      'project.submit',
      'project.return',
      'project.updated',
      'project.confirm',
      'project.submit',
      'project.accept',
      'project.start_review',
      'decision.proposed',
      'decision.rejected',
      'decision.proposed',
      'project.reject', // applied by the approval, in its transaction
      'decision.approved',
    ]);
    const by = (k) => ev.filter((e) => e.kind === k);
    assert.equal(by('project.created')[0].actor, `user:${userId.lead}`);
    assert.equal(by('project.created')[0].reason, '首次起草');
    const [p1, p2] = by('decision.proposed');
    assert.equal(p1.actor, `user:${userId.officer}`);
    assert.equal(p1.reason, '创新性不足');
    assert.equal(p1.payload.action, 'reject');
    assert.equal(by('decision.rejected')[0].actor, `user:${userId.leader}`);
    const approved = by('decision.approved')[0];
    assert.equal(approved.actor, `user:${userId.leader}`);
    assert.equal(approved.payload.decision_id, p2.payload.decision_id);
    const applied = by('project.reject')[0];
    assert.equal(applied.payload.from, 'in_review');
    assert.equal(applied.payload.to, 'not_selected');
    assert.equal(applied.payload.clause, '§4.1');
    assert.equal(applied.payload.decision_id, p2.payload.decision_id);
    assert.equal(applied.reason, '创新性不足，专家意见一致');
    const ret = by('project.return')[0];
    assert.deepEqual(ret.payload.params.defects, ['缺少压力测试报告', '测试边界未说明地域']);
    // and the chain holds
    const v = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });

  test('withdrawal: by the lead with a reason, any time before launch, never after', async () => {
    let r = await call('lead', 'POST', '/api/v1/projects', {
      name: '智能风控实验',
      members: members(['techShenzhen', true, '研发'], ['secJinan', false, '业务']),
    });
    assert.equal(r.status, 201, r.text);
    const W = r.json.id;
    assertError(await act('lead', W, 'withdraw'), 400, 'missing_field', 'reason');
    assertError(await act('lead', W, 'withdraw', { reason: '  ' }), 400, 'missing_field', 'reason');
    r = await act('lead', W, 'withdraw', { reason: '合作方调整' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'withdrawn');
    assertError(await act('lead', W, 'withdraw', { reason: '再次' }), 409, 'invalid_state');
    assertError(await call('lead', 'PATCH', `/api/v1/projects/${W}`, { summary: 'x' }), 409, 'invalid_state');
    const ev = await eventsOf(s, admin.token, `project:${W}`);
    assert.deepEqual(kinds(ev), ['project.created', 'project.withdraw']);
    assert.equal(ev[1].reason, '合作方调整');

    // in public notice (set directly: the notice is another area's), still possible
    r = await call('lead', 'POST', '/api/v1/projects', {
      name: '公示中撤回',
      members: members(['techShenzhen', true, '研发'], ['secJinan', false, '业务']),
    });
    const N = r.json.id;
    sql(`UPDATE projects SET state = 'public_notice', csrc_result = 'pass' WHERE id = ${N};`);
    assert.deepEqual((await getProject('lead', N)).json.allowed_actions, ['withdraw']);
    assertError(await act('partner', N, 'withdraw', { reason: 'x' }), 403, 'not_lead');
    r = await act('lead', N, 'withdraw', { reason: '公示期内主动撤回' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'withdrawn');

    // withdrawn while a decision waits: the approval finds the project moved on (409) and
    // the leader rejects the stale proposal instead
    r = await call('lead', 'POST', '/api/v1/projects', {
      name: '评审中撤回',
      members: members(['techShenzhen', true, '研发'], ['secJinan', false, '业务']),
    });
    const R = r.json.id;
    sql(`UPDATE projects SET state = 'in_review' WHERE id = ${R};`);
    r = await act('officer', R, 'reject', { reason: '不符合产业导向' });
    assert.equal(r.status, 202, r.text);
    const D = r.json.decision.id;
    r = await act('lead', R, 'withdraw', { reason: '评审期间主动撤回' });
    assert.equal(r.status, 200, r.text);
    assertError(
      await refused(R, () => call('leader', 'POST', `/api/v1/decisions/${D}/approve`, {})),
      409,
      'invalid_state',
    );
    r = await call('leader', 'POST', `/api/v1/decisions/${D}/reject`, { reason: '项目已撤回' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await getProject('officer', R)).json.state, 'withdrawn');

    // once launched, withdrawal is over (exit follows the exit plan instead, §4.4)
    r = await call('lead', 'POST', '/api/v1/projects', {
      name: '已启动试点',
      members: members(['techShenzhen', true, '研发'], ['secJinan', false, '业务']),
    });
    const L = r.json.id;
    sql(`UPDATE projects SET state = 'launched', launched_on = '2026-01-05' WHERE id = ${L};`);
    assertError(await act('lead', L, 'withdraw', { reason: '不做了' }), 409, 'invalid_state');
    assert.equal((await getProject('lead', L)).json.state, 'launched');
  });

  let C; // the coaching project
  let L2; // a launched pilot

  test('live-business figures: refused for coaching (422), before launch (409); taken once launched', async () => {
    const fig = { period: '2026-10', customers: 120, transactions: 3400, volume_fen: 98000000, complaints: 1 };
    let r = await call('coach', 'POST', '/api/v1/projects', {
      track: 'coaching',
      name: '监管科技辅导项目',
      members: members(['techCoach', true, '独立研发与运营']),
    });
    assert.equal(r.status, 201, r.text);
    C = r.json.id;
    assert.equal(r.json.track, 'coaching');
    const metricsOf = (who, id, body = fig, headers = {}) =>
      api(s, 'POST', `/api/v1/projects/${id}/metrics`, { token: u[who].token, body, headers });

    assertError(await metricsOf('coach', C), 422, 'coaching_no_live_business');
    // in coaching, after announcement (set directly), still none (§3.3)
    sql(
      `UPDATE projects SET state = 'coaching', launched_on = '2026-01-05', coaching_ends_on = '2027-01-05' WHERE id = ${C};`,
    );
    assertError(await metricsOf('coach', C), 422, 'coaching_no_live_business');
    assertError(await metricsOf('coach', C, fig, { 'Idempotency-Key': 'k-1' }), 422, 'coaching_no_live_business');
    assert.equal(count(`SELECT count(*) FROM project_metrics WHERE project_id = ${C}`), 0);
    assert.equal(count(`SELECT count(*) FROM events WHERE kind = 'metrics.reported'`), 0);
    // nor can anyone else post them, and non-members do not see the project at all
    assertError(await metricsOf('outsider', C), 404, 'not_found');
    assertError(await metricsOf('officer', C), 403, 'forbidden');

    // a pilot before launch: 409
    r = await call('lead', 'POST', '/api/v1/projects', {
      name: '待启动试点',
      members: members(['techShenzhen', true, '研发'], ['secJinan', false, '业务']),
    });
    L2 = r.json.id;
    assertError(await metricsOf('lead', L2), 409, 'invalid_state');
    // launched: taken, and a retry with the same key is not counted twice
    sql(`UPDATE projects SET state = 'launched', launched_on = '2026-01-05' WHERE id = ${L2};`);
    assertError(await metricsOf('lead', L2, { ...fig, period: '2026-13' }), 400, 'invalid_value', 'period');
    assertError(await metricsOf('lead', L2, { ...fig, complaints: -1 }), 400, 'invalid_value', 'complaints');
    // §3.2: the lead applicant reports for the pilot; a participant may not
    assertError(await metricsOf('partner', L2, fig), 403, 'not_lead');
    r = await metricsOf('lead', L2, fig, { 'Idempotency-Key': 'oct-2026' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.customers, 120);
    // the retry gets the first answer again (the Idempotency-Key of every write)
    const again = await metricsOf('lead', L2, fig, { 'Idempotency-Key': 'oct-2026' });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.text, r.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(count(`SELECT count(*) FROM project_metrics WHERE project_id = ${L2}`), 1);
    // once that answer has expired, the key still counts once per project (project_metrics)
    sql(`DELETE FROM idempotency_keys WHERE idem_key = 'oct-2026';`);
    const later = await metricsOf('lead', L2, fig, { 'Idempotency-Key': 'oct-2026' });
    assert.equal(later.status, 200, later.text);
    assert.equal(later.json.id, r.json.id);
    assert.equal(later.json.replayed, true);
    assert.equal(count(`SELECT count(*) FROM project_metrics WHERE project_id = ${L2}`), 1);
  });

  test('the scheduler ends a coaching year by itself, exactly once (§3.3)', async () => {
    // the announcement a year ago, as the launch would have recorded it (coaching_ends_on and
    // the job); the clock file then moves the server past the end
    const now = Date.now() * 1000;
    const today = cstDate(now);
    const end = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
    const due = cstDayStartUs(end);
    sql(
      `UPDATE projects SET state = 'coaching', launched_on = '${today}', coaching_ends_on = '${end}' WHERE id = ${C};\n` +
        `INSERT INTO jobs (kind, subject_id, due_at) VALUES ('coaching_end', ${C}, ${due});`,
    );
    await s.stopClean();
    s = null;

    // before the end: a busy scheduler leaves it alone
    let srv = await startServer(db, ['--scheduler-interval', '200']);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(sql(`SELECT state FROM projects WHERE id = ${C}`), 'coaching');
    assert.equal(count(`SELECT count(*) FROM jobs WHERE done_at IS NOT NULL`), 0);
    // no person ends it early
    let off = await login(srv, 'officer', PW);
    let r = await api(srv, 'POST', `/api/v1/projects/${C}/actions/end_coaching`, {
      token: off.token,
      body: { reason: '提前结束' },
    });
    assertError(r, 403, 'forbidden');
    await srv.stopClean();

    // a day after the end
    const clock = join(dir, 'clock');
    writeFileSync(clock, String(due + 24 * 3600 * 1000000));
    const env = { BAOTU_CLOCK_FILE: clock };
    srv = await startServer(db, ['--scheduler-interval', '200'], { env });
    await waitFor(() => sql(`SELECT state FROM projects WHERE id = ${C}`) === 'coaching_ended', {
      what: 'coaching_ended',
    });
    await new Promise((r) => setTimeout(r, 1000)); // several more passes
    off = await login(srv, 'officer', PW);
    let ev = (await eventsOf(srv, off.token, `project:${C}`)).filter((e) => e.kind === 'project.end_coaching');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].actor, 'system');
    assert.equal(ev[0].payload.from, 'coaching');
    assert.equal(ev[0].payload.to, 'coaching_ended');
    assert.equal(ev[0].payload.clause, '§3.3');
    const p = await api(srv, 'GET', `/api/v1/projects/${C}`, { token: off.token });
    assert.equal(p.json.state, 'coaching_ended');
    assert.equal(p.json.coaching_ends_on, end);
    assert.deepEqual(p.json.allowed_actions, []);
    // the launched pilot is untouched
    assert.equal(sql(`SELECT state FROM projects WHERE id = ${L2}`), 'launched');
    await srv.stopClean();

    // and after a restart, still once
    srv = await startServer(db, ['--scheduler-interval', '200'], { env });
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(count(`SELECT count(*) FROM events WHERE kind = 'project.end_coaching'`), 1);
    assert.equal(count(`SELECT count(*) FROM jobs WHERE kind = 'coaching_end' AND done_at IS NOT NULL`), 1);
    off = await login(srv, 'officer', PW);
    ev = (await eventsOf(srv, off.token, `project:${C}`)).filter((e) => e.kind === 'project.end_coaching');
    assert.equal(ev.length, 1);
    // still no live business after coaching
    const coach = await login(srv, 'coach', PW);
    r = await api(srv, 'POST', `/api/v1/projects/${C}/metrics`, {
      token: coach.token,
      body: { period: '2027-10', customers: 1, transactions: 1, volume_fen: 1, complaints: 0 },
    });
    assertError(r, 422, 'coaching_no_live_business');
    await srv.stopClean();
    const v = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });
});
