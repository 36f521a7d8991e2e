// Inspections of running pilots (§4.3 item 3: on-site and off-site inspections; the institution
// gives true, accurate and complete information), on the demo's launched pilot (lead
// shenlan-tech, participant quancheng-sec) and coaching project (lead quanzhi-tech):
//  - an inspection runs from plan to close: the officer plans and notifies it, requests
//    documents, records a finding and orders a rectification; the lead's user answers and
//    submits evidence, each time attesting; the officer sends the evidence back once, then
//    accepts it; only a leader closes, and only once every order is accepted (409 with the
//    open ones); every step is an event of the project;
//  - visibility: an institution sees an inspection only once notified, and never another
//    project's; experts, the CSRC and admins see none (nor their events in a history);
//  - every refusal (wrong role, wrong state, missing attestation, an open order at the close,
//    a project not supervised, bad input naming the field) with its status and code, and
//    nothing stored;
//  - deadlines on the test clock: an unanswered request and an open order show as overdue;
//  - the pages: the project's section, the working group's list, an inspection's page and its
//    forms (the attestation cannot be left out there either).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api, assertError, assertErrorWith, cstDate, cstUs, demoPilot, DEMO_PASSWORD, eventsOf, getPage,
  login, multipart, postForm
} from './lib/harness.mjs';

let P; // the demo pilot
const DAY_US = 86400 * 1e6;
let nowUs;
const day = (n) => cstDate(nowUs + n * DAY_US); // a CST day n days from the clock's now

const call = (who, method, path, body) => api(P.server, method, path, { token: P.token[who], body });
const count = (sql) => Number(P.q(sql));
const events = () => count('SELECT count(*) FROM events');
const pdf = (text) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n% ${text}\n%%EOF\n`, 'latin1');

// A multipart answer or evidence: text, files ([name, bytes]) and the attestation (omitted when
// undefined).
function reply(who, path, { text, files = [], attested } = {}) {
  const parts = [];
  if (text !== undefined) parts.push({ name: 'text', value: text });
  if (attested !== undefined) parts.push({ name: 'attested', value: attested });
  for (const [name, data] of files) parts.push({ name: 'file', filename: name, type: 'application/pdf', data });
  const m = multipart(parts);
  return api(P.server, 'POST', path, { token: P.token[who], body: m.body, headers: { 'Content-Type': m.type } });
}

const plan = (over = {}, who = 'officer', pid = P.launched) =>
  call(who, 'POST', `/api/v1/projects/${pid}/inspections`, {
    mode: 'onsite',
    scope: '智能投顾算法的适当性管理与投资者保护落实情况',
    team: ['王检查', '李核查'],
    starts_on: day(1),
    ends_on: day(3),
    ...over,
  });

describe('inspections (§4.3 item 3)', () => {
  const ids = {};
  const sess = {};

  before(async () => {
    P = await demoPilot({ users: ['quanzhi-tech', 'hualu-rating', 'expert1'] });
    nowUs = Date.now() * 1000;
    await P.sessions(['officer', 'leader', 'shenlan-tech'], sess);
    const me = await call('shenlan-tech', 'GET', '/api/v1/session');
    ids.shenlanUser = me.json.user.id;
  });
  after(async () => {
    await P.stop();
  });

  test('the officer plans an inspection: only staff know of it until the institution is notified', async () => {
    const r = await plan();
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/inspections/${r.json.id}`);
    assert.equal(r.json.state, 'planned');
    assert.equal(r.json.project_id, P.launched);
    assert.deepEqual(r.json.team, ['王检查', '李核查']);
    assert.equal(r.json.notified_at, null);
    assert.deepEqual(r.json.allowed_actions, ['notify']);
    ids.insp = r.json.id;
    // not notified: the institutions see nothing of it, not even in the project's history
    for (const u of ['shenlan-tech', 'quancheng-sec']) {
      assertError(await call(u, 'GET', `/api/v1/inspections/${ids.insp}`), 404, 'not_found', 'id');
      const list = await call(u, 'GET', `/api/v1/projects/${P.launched}/inspections`);
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json.items.length, 0);
      const ev = await eventsOf(P.server, P.token[u], `project:${P.launched}`);
      assert.equal(ev.filter((e) => e.kind.startsWith('inspection.')).length, 0);
    }
    const ev = await eventsOf(P.server, P.token.officer, `project:${P.launched}`);
    const planned = ev.filter((e) => e.kind === 'inspection.planned');
    assert.equal(planned.length, 1);
    assert.deepEqual(planned[0].payload, { inspection_id: ids.insp, mode: 'onsite', starts_on: day(1), ends_on: day(3), origin: 'working_group' });
    const all = await call('leader', 'GET', '/api/v1/inspections?state=planned');
    assert.ok(all.json.items.some((i) => i.id === ids.insp));
  });

  test('notified: the project\'s members see it, another institution never', async () => {
    const r = await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/notify`, { message: '请做好接受现场检查的准备。' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'notified');
    assert.equal(typeof r.json.notified_at, 'number');
    for (const u of ['shenlan-tech', 'quancheng-sec']) {
      const g = await call(u, 'GET', `/api/v1/inspections/${ids.insp}`);
      assert.equal(g.status, 200, g.text);
      const list = await call(u, 'GET', `/api/v1/projects/${P.launched}/inspections`);
      assert.deepEqual(list.json.items.map((i) => i.id), [ids.insp]);
    }
    assertError(await call('hualu-rating', 'GET', `/api/v1/inspections/${ids.insp}`), 404, 'not_found', 'id');
    assertError(await call('hualu-rating', 'GET', `/api/v1/projects/${P.launched}/inspections`), 404, 'not_found');
    const ev = await eventsOf(P.server, P.token['quancheng-sec'], `project:${P.launched}`);
    assert.deepEqual(ev.filter((e) => e.kind.startsWith('inspection.')).map((e) => e.kind), ['inspection.notified']);
    // notified once only
    const before = events();
    assertError(await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/notify`, {}), 409, 'invalid_state');
    assert.equal(events(), before);
  });

  test('documents: requested with a deadline, answered by the lead only with the attestation', async () => {
    let r = await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/document-requests`, {
      items: '近三个月的算法变更记录、投诉台账',
      due_on: day(5),
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'fieldwork');
    const req = r.json.document_requests[0];
    assert.equal(req.due_on, day(5));
    assert.equal(req.answer, null);
    assert.equal(req.overdue, false);
    ids.request = req.id;
    const path = `/api/v1/inspections/${ids.insp}/document-requests/${ids.request}/answer`;
    const before = events();
    // the participant reads but does not answer (§3.2)
    assertError(await reply('quancheng-sec', path, { text: '见附件', attested: 'true' }), 403, 'not_lead');
    // no attestation, or a false one: refused, nothing stored
    for (const attested of [undefined, 'false']) {
      const x = await reply('shenlan-tech', path, { text: '见附件', files: [['变更记录.pdf', pdf('log')]], attested });
      assertError(x, 422, 'attestation_required', 'attested');
    }
    assertError(await reply('shenlan-tech', path, { text: '见附件', attested: 'yes' }), 400, 'invalid_value', 'attested');
    assertError(await reply('shenlan-tech', path, { attested: 'true' }), 400, 'missing_field', 'text');
    const exe = await reply('shenlan-tech', path, {
      text: '见附件',
      attested: 'true',
      files: [['a.exe', Buffer.from('MZ\x90\x00 not a document')]],
    });
    assertError(exe, 415, 'unsupported_media_type', 'file');
    assert.equal(events(), before);
    assert.equal(count(`SELECT count(*) FROM inspection_requests WHERE id = ${ids.request} AND answered_at IS NOT NULL`), 0);
    assert.equal(count('SELECT count(*) FROM inspection_files'), 0);
    // the answer, attested
    r = await reply('shenlan-tech', path, { text: '近三个月变更记录及投诉台账见附件。', attested: 'true', files: [['变更记录.pdf', pdf('change log')]] });
    assert.equal(r.status, 200, r.text);
    const a = r.json.document_requests[0];
    assert.equal(a.answer, '近三个月变更记录及投诉台账见附件。');
    assert.equal(a.attestation.attested, true);
    assert.equal(a.attestation.by, ids.shenlanUser);
    assert.equal(a.attestation.at, a.answered_at);
    assert.equal(a.files.length, 1);
    assert.equal(a.files[0].filename, '变更记录.pdf');
    assert.equal(a.files[0].content_type, 'application/pdf');
    // answered once
    assertError(await reply('shenlan-tech', path, { text: '补充', attested: 'true' }), 409, 'already_answered', 'request_id');
    // the working group downloads the file
    const f = await fetch(`${P.server.url}${a.files[0].download}`, { headers: { Authorization: `Bearer ${P.token.officer}` } });
    assert.equal(f.status, 200);
    assert.deepEqual(Buffer.from(await f.arrayBuffer()), pdf('change log'));
    assert.match(f.headers.get('content-disposition'), /attachment/);
    const nf = await call('hualu-rating', 'GET', a.files[0].download);
    assertError(nf, 404, 'not_found', 'id');
  });

  test('a finding and a rectification order; closing with the order open is refused', async () => {
    assertError(
      await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/rectifications`, { finding_id: 1, requirement: 'x', due_on: day(9) }),
      409,
      'invalid_state',
    );
    let r = await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/findings`, {
      severity: 'high',
      description: '未按承诺对高风险产品执行二次适当性确认',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'findings');
    ids.finding = r.json.findings_list[0].id;
    r = await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/rectifications`, {
      finding_id: ids.finding,
      requirement: '补充二次确认流程并回溯已售产品',
      due_on: day(10),
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'rectification');
    const order = r.json.rectifications[0];
    assert.equal(order.status, 'open');
    assert.equal(order.finding_id, ids.finding);
    ids.order = order.id;
    // close: the officer may not; the leader may not while the order is open
    const before = events();
    assertError(await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/close`, { conclusion: '结束' }), 403, 'forbidden');
    const c = await call('leader', 'POST', `/api/v1/inspections/${ids.insp}/close`, { conclusion: '结束' });
    const e = assertErrorWith(c, 409, 'orders_open', ['open_orders']);
    assert.deepEqual(e.open_orders, [{ id: ids.order, finding_id: ids.finding, status: 'open', due_on: day(10) }]);
    assert.equal(events(), before);
    assert.equal(P.q(`SELECT state FROM inspections WHERE id = ${ids.insp}`), 'rectification');
    // verifying evidence not yet submitted
    assertError(
      await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/rectifications/${ids.order}/verify`, { accepted: true }),
      409,
      'invalid_state',
      'order_id',
    );
    assert.equal(events(), before);
  });

  test('evidence sent back once with a new deadline, then accepted; the leader closes', async () => {
    const evidence = `/api/v1/inspections/${ids.insp}/rectifications/${ids.order}/evidence`;
    const verify = `/api/v1/inspections/${ids.insp}/rectifications/${ids.order}/verify`;
    assertError(await reply('shenlan-tech', evidence, { text: '已整改' }), 422, 'attestation_required', 'attested');
    let r = await reply('shenlan-tech', evidence, { text: '已上线二次确认流程。', attested: 'true', files: [['流程.pdf', pdf('flow v1')]] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.rectifications[0].status, 'submitted');
    // evidence is taken once per round
    assertError(await reply('shenlan-tech', evidence, { text: '再次提交', attested: 'true' }), 409, 'invalid_state', 'order_id');
    // sending back needs a note
    assertError(await call('officer', 'POST', verify, { accepted: false }), 400, 'missing_field', 'note');
    assertError(await call('officer', 'POST', verify, { accepted: true, due_on: day(12) }), 400, 'invalid_value', 'due_on');
    r = await call('officer', 'POST', verify, { accepted: false, note: '缺少已售产品的回溯结果', due_on: day(15) });
    assert.equal(r.status, 200, r.text);
    let o = r.json.rectifications[0];
    assert.equal(o.status, 'open');
    assert.equal(o.sent_back, 1);
    assert.equal(o.due_on, day(15));
    assert.equal(o.verification_note, '缺少已售产品的回溯结果');
    r = await reply('shenlan-tech', evidence, { text: '补充回溯结果：已回访 36 户。', attested: 'true', files: [['回溯.pdf', pdf('flow v2')]] });
    assert.equal(r.status, 200, r.text);
    o = r.json.rectifications[0];
    assert.equal(o.status, 'submitted');
    assert.deepEqual(o.files.map((f) => [f.filename, f.round]), [['流程.pdf', 0], ['回溯.pdf', 1]]);
    assert.equal(o.attestation.by, ids.shenlanUser);
    r = await call('officer', 'POST', verify, { accepted: true, note: '整改到位' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.rectifications[0].status, 'accepted');
    assert.equal(r.json.open_orders, 0);
    r = await call('leader', 'POST', `/api/v1/inspections/${ids.insp}/close`, { conclusion: '整改到位，检查结束。' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'closed');
    assert.equal(r.json.conclusion, '整改到位，检查结束。');
    assert.deepEqual(r.json.allowed_actions, []);
    assertError(await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/findings`, { severity: 'low', description: 'x' }), 409, 'invalid_state');
    // the whole inspection in the project's history, in order, with its ids
    const ev = (await eventsOf(P.server, P.token.officer, `project:${P.launched}`)).filter((e) => e.kind.startsWith('inspection.'));
    assert.deepEqual(
      ev.map((e) => e.kind),
      [
        'inspection.planned',
        'inspection.notified',
        'inspection.documents_requested',
        'inspection.documents_answered',
        'inspection.finding',
        'inspection.rectification_ordered',
        'inspection.rectification_submitted',
        'inspection.rectification_verified',
        'inspection.rectification_submitted',
        'inspection.rectification_verified',
        'inspection.closed',
      ],
    );
    assert.ok(ev.every((e) => e.payload.inspection_id === ids.insp));
    assert.deepEqual(ev[2].payload, { inspection_id: ids.insp, request_id: ids.request, due_on: day(5) });
    assert.deepEqual(ev[4].payload, { inspection_id: ids.insp, finding_id: ids.finding, severity: 'high' });
    assert.deepEqual(ev[7].payload, { inspection_id: ids.insp, order_id: ids.order, accepted: false });
    assert.deepEqual(ev[9].payload, { inspection_id: ids.insp, order_id: ids.order, accepted: true });
    assert.equal(ev[7].reason, '缺少已售产品的回溯结果');
    assert.equal(ev[10].actor, `user:${sess.leader.user.id}`);
  });

  test('who sees nothing: experts, the CSRC and admins (nor the events), another project\'s institution', async () => {
    for (const u of ['expert1', 'admin']) {
      assertError(await call(u, 'GET', `/api/v1/inspections/${ids.insp}`), 403, 'forbidden');
      assertError(await call(u, 'GET', `/api/v1/projects/${P.launched}/inspections`), 403, 'forbidden');
      assertError(await call(u, 'GET', '/api/v1/inspections'), 403, 'forbidden');
    }
    // the CSRC reads only the inspections it arranged: this one, the working group's, is 404
    assertError(await call('csrc', 'GET', `/api/v1/inspections/${ids.insp}`), 404, 'not_found', 'id');
    for (const path of [`/api/v1/projects/${P.launched}/inspections`, '/api/v1/inspections']) {
      const l = await call('csrc', 'GET', path);
      assert.equal(l.status, 200, l.text);
      assert.ok(!l.json.items.some((i) => i.id === ids.insp), `${path} shows the CSRC the working group's inspection`);
      assert.ok(l.json.items.every((i) => i.origin === 'csrc'), path);
    }
    // expert1 reviewed the launched pilot and still reads its history: no inspection in it
    const ev = await eventsOf(P.server, P.token.expert1, `project:${P.launched}`);
    assert.equal(ev.filter((e) => e.kind.startsWith('inspection.')).length, 0);
    const cs = await eventsOf(P.server, P.token.csrc, `project:${P.launched}`);
    assert.equal(cs.filter((e) => e.kind.startsWith('inspection.')).length, 0);
    // an inspection of the coaching project: its lead sees it once notified, the pilot's lead never
    const c = await plan({ mode: 'offsite' }, 'officer', P.coaching);
    assert.equal(c.status, 201, c.text);
    ids.coachingInsp = c.json.id;
    assert.equal((await call('officer', 'POST', `/api/v1/inspections/${c.json.id}/notify`, {})).status, 200);
    assert.equal((await call('quanzhi-tech', 'GET', `/api/v1/inspections/${c.json.id}`)).status, 200);
    assertError(await call('shenlan-tech', 'GET', `/api/v1/inspections/${c.json.id}`), 404, 'not_found', 'id');
    // nor can it act on it: 404 before its body is looked at
    assertError(
      await reply('shenlan-tech', `/api/v1/inspections/${c.json.id}/document-requests/1/answer`, { text: 'x', attested: 'true' }),
      404,
      'not_found',
      'id',
    );
    assertError(await call('hualu-rating', 'POST', `/api/v1/inspections/${c.json.id}/document-requests/1/answer`, '{'), 404, 'not_found');
  });

  test('on the CSRC\'s work arrangement (§4.3 item 3): the plan names it, the CSRC reads that inspection', async () => {
    const before = events();
    const rows = () => count('SELECT count(*) FROM inspections');
    const n = rows();
    assertError(await plan({ origin: 'csrc' }), 400, 'missing_field', 'csrc_reference');
    assertError(await plan({ origin: 'csrc', csrc_reference: '   ' }), 400, 'missing_field', 'csrc_reference');
    assertError(await plan({ origin: 'cbirc', csrc_reference: 'x' }), 400, 'invalid_value', 'origin');
    assertError(await plan({ csrc_reference: '科技监管局〔2026〕12号' }), 400, 'invalid_value', 'csrc_reference');
    assertError(await plan({ origin: 'csrc', csrc_reference: 'x'.repeat(201) }), 400, 'too_long', 'csrc_reference');
    assert.equal(rows(), n, 'a refused plan stored an inspection');
    assert.equal(events(), before, 'a refused plan appended an event');
    const ref = '科技监管局关于开展金融科技创新试点专项检查的通知（2026年第3号）';
    const r = await plan({ origin: 'csrc', csrc_reference: ref, mode: 'offsite' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.origin, 'csrc');
    assert.equal(r.json.csrc_reference, ref);
    const ev = (await eventsOf(P.server, P.token.officer, `project:${P.launched}`)).filter((e) => e.kind === 'inspection.planned').at(-1);
    assert.equal(ev.payload.inspection_id, r.json.id);
    assert.equal(ev.payload.origin, 'csrc');
    // the working group's own plans say so
    assert.equal((await call('officer', 'GET', `/api/v1/inspections/${ids.insp}`)).json.origin, 'working_group');
    // the CSRC reads the one it arranged, in its lists too, and never acts on it
    const got = await call('csrc', 'GET', `/api/v1/inspections/${r.json.id}`);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json.allowed_actions, []);
    for (const path of [`/api/v1/projects/${P.launched}/inspections`, '/api/v1/inspections']) {
      const l = await call('csrc', 'GET', path);
      assert.deepEqual(l.json.items.map((i) => i.id), [r.json.id], path);
    }
    assertError(await call('csrc', 'POST', `/api/v1/inspections/${r.json.id}/notify`, {}), 403, 'forbidden');
    // its page shows on whose initiative, to the officer and to the CSRC
    for (const u of ['officer', 'csrc']) {
      const page = await getPage(P.server, `/inspections/${r.json.id}`, (sess[u] ??= await login(P.server, u, DEMO_PASSWORD)).cookie);
      assert.equal(page.status, 200, page.text);
      assert.ok(page.text.includes(ref), `${u}: the arrangement is not on the page`);
    }
    // the institution learns of it only once notified, as of any other
    assertError(await call('shenlan-tech', 'GET', `/api/v1/inspections/${r.json.id}`), 404, 'not_found', 'id');
  });

  test('refusals: wrong role, a project not supervised, bad input naming the field; nothing stored', async () => {
    const before = events();
    const rows = () => count('SELECT count(*) FROM inspections');
    const n = rows();
    for (const u of ['leader', 'shenlan-tech', 'csrc', 'expert1']) assertError(await plan({}, u), 403, 'forbidden');
    const other = await call('officer', 'GET', '/api/v1/projects?state=in_review');
    assertError(await plan({}, 'officer', other.json.items[0].id), 409, 'invalid_state');
    const cases = [
      [{ mode: 'remote' }, 400, 'invalid_value', 'mode'],
      [{ mode: undefined }, 400, 'missing_field', 'mode'],
      [{ scope: '  ' }, 400, 'missing_field', 'scope'],
      [{ team: [] }, 400, 'missing_field', 'team'],
      [{ team: 'x' }, 400, 'invalid_type', 'team'],
      [{ team: ['王', 7] }, 400, 'invalid_type', 'team[1]'],
      [{ starts_on: '2026-13-01' }, 400, 'invalid_value', 'starts_on'],
      [{ ends_on: day(0) }, 400, 'invalid_value', 'ends_on'],
      [{ starts_on: day(-1) }, 422, 'date_in_past', 'starts_on'],
      [{ surprise: 1 }, 400, 'unknown_field', 'surprise'],
    ];
    for (const [over, status, code, field] of cases) assertError(await plan(over), status, code, field);
    // a fresh inspection: nothing may be asked of the institution before it is notified
    const p = await plan();
    assert.equal(p.status, 201);
    const id = p.json.id;
    const ev = events();
    assertError(await call('officer', 'POST', `/api/v1/inspections/${id}/document-requests`, { items: 'x', due_on: day(2) }), 409, 'invalid_state');
    assertError(await call('officer', 'POST', `/api/v1/inspections/${id}/findings`, { severity: 'low', description: 'x' }), 409, 'invalid_state');
    assertError(await call('leader', 'POST', `/api/v1/inspections/${id}/close`, { conclusion: 'x' }), 409, 'invalid_state');
    assert.equal((await call('officer', 'POST', `/api/v1/inspections/${id}/notify`)).status, 200);
    const bad = [
      ['document-requests', { items: 'x', due_on: '2026/12/01' }, 400, 'invalid_value', 'due_on'],
      ['document-requests', { items: 'x', due_on: day(-2) }, 422, 'date_in_past', 'due_on'],
      ['document-requests', { due_on: day(2) }, 400, 'missing_field', 'items'],
      ['findings', { severity: 'severe', description: 'x' }, 400, 'invalid_value', 'severity'],
      ['findings', { severity: 'low' }, 400, 'missing_field', 'description'],
      ['close', {}, 400, 'missing_field', 'conclusion'],
    ];
    for (const [step, body, status, code, field] of bad) {
      const who = step === 'close' ? 'leader' : 'officer';
      assertError(await call(who, 'POST', `/api/v1/inspections/${id}/${step}`, body), status, code, field);
    }
    let r = await call('officer', 'POST', `/api/v1/inspections/${id}/findings`, { severity: 'low', description: '台账不全' });
    assert.equal(r.status, 200);
    assertError(
      await call('officer', 'POST', `/api/v1/inspections/${id}/rectifications`, { finding_id: ids.finding, requirement: 'x', due_on: day(3) }),
      400,
      'invalid_value',
      'finding_id',
    );
    assertError(await call('officer', 'POST', `/api/v1/inspections/${id}/rectifications/999999/verify`, { accepted: true }), 409, 'invalid_state');
    assertError(await call('officer', 'GET', '/api/v1/inspections?state=open'), 400, 'invalid_value', 'state');
    assertError(await call('officer', 'GET', '/api/v1/inspections/999999'), 404, 'not_found', 'id');
    assert.equal(rows(), n + 1);
    assert.equal(events(), ev + 2); // notified, finding
    assert.ok(ev > before);
    // closing with findings and no order is the leader's to decide
    r = await call('leader', 'POST', `/api/v1/inspections/${id}/close`, { conclusion: '问题轻微，已当场纠正。' });
    assert.equal(r.status, 200, r.text);
  });

  test('deadlines on the test clock: an unanswered request and an open order are overdue', async () => {
    const p = await plan({ mode: 'offsite' });
    const id = p.json.id;
    await call('officer', 'POST', `/api/v1/inspections/${id}/notify`);
    await call('officer', 'POST', `/api/v1/inspections/${id}/document-requests`, { items: '系统日志', due_on: day(2) });
    await call('officer', 'POST', `/api/v1/inspections/${id}/findings`, { severity: 'medium', description: '日志留存不足' });
    let r = await call('officer', 'GET', `/api/v1/inspections/${id}`);
    await call('officer', 'POST', `/api/v1/inspections/${id}/rectifications`, {
      finding_id: r.json.findings_list[0].id,
      requirement: '日志留存六个月',
      due_on: day(4),
    });
    r = await call('officer', 'GET', `/api/v1/inspections/${id}`);
    assert.equal(r.json.document_requests[0].overdue, false);
    assert.equal(r.json.rectifications[0].overdue, false);
    const later = `${day(5)}T09:00`;
    P.clock.set(later);
    nowUs = Number(cstUs(later));
    await P.relogin(sess); // sessions last 12 hours of the clock
    r = await call('shenlan-tech', 'GET', `/api/v1/inspections/${id}`);
    assert.equal(r.json.document_requests[0].overdue, true);
    assert.equal(r.json.rectifications[0].overdue, true);
    const page = await getPage(P.server, '/inspections', sess.officer.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`data-kind="document_request"><td><a href="/inspections/${id}">`));
    assert.match(page.text, /data-overdue="1"/);
    // a closed inspection leaves no deadline behind
    assert.doesNotMatch(page.text, new RegExp(`data-kind="[a-z_]+"><td><a href="/inspections/${ids.insp}">`));
  });

  test('pages: the project\'s section, an inspection\'s page and its forms, in both languages', async () => {
    let page = await getPage(P.server, `/projects/${P.launched}`, sess.officer.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="inspections"/);
    assert.match(page.text, /id="plan-inspection"/);
    assert.match(page.text, /现场检查/);
    page = await getPage(P.server, `/projects/${P.launched}`, sess['shenlan-tech'].cookie);
    assert.match(page.text, new RegExp(`href="/inspections/${ids.insp}"`));
    assert.doesNotMatch(page.text, /id="plan-inspection"/);
    page = await getPage(P.server, `/inspections/${ids.insp}?lang=en`, sess.officer.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /Attested true, accurate and complete by shenlan-tech/);
    assert.match(page.text, /Closed/);
    // a new inspection taken through the forms of its page
    const p = await plan();
    const id = p.json.id;
    let r = await postForm(P.server, `/inspections/${id}/actions/notify`, { form: 'notify', message: '' }, { who: sess.officer });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `/inspections/${id}?done=notify`);
    r = await postForm(P.server, `/inspections/${id}/actions/request_documents`, { form: 'request', items: '', due_on: day(3) }, { who: sess.officer });
    assert.equal(r.status, 400);
    assert.match(r.text, /data-code="missing_field"/);
    assert.match(r.text, /value="[0-9-]{10}"/); // the form keeps what was typed
    r = await postForm(P.server, `/inspections/${id}/actions/request_documents`, { form: 'request', items: '管理制度', due_on: day(3) }, { who: sess.officer });
    assert.equal(r.status, 303);
    page = await getPage(P.server, `/inspections/${id}`, sess['shenlan-tech'].cookie);
    assert.match(page.text, /name="attested" value="true" required/);
    const rid = (await call('officer', 'GET', `/api/v1/inspections/${id}`)).json.document_requests[0].id;
    // the lead's answer form, posted with the parts given
    const answer = (parts) => {
      const m = multipart(parts);
      return fetch(`${P.server.url}/inspections/${id}/document-requests/${rid}/answer`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: sess['shenlan-tech'].cookie, 'Content-Type': m.type },
        body: m.body,
      });
    };
    // the lead's form without the attestation: refused on the page, nothing stored
    r = await answer([{ name: 'csrf', value: sess['shenlan-tech'].csrf }, { name: 'text', value: '见制度汇编' }]);
    assert.equal(r.status, 422);
    assert.match(await r.text(), /data-code="attestation_required"/);
    r = await answer([
      { name: 'csrf', value: sess['shenlan-tech'].csrf },
      { name: 'form', value: `answer-${rid}` }, // as the page's form sends it
      { name: 'text', value: '见制度汇编' },
      { name: 'attested', value: 'true' },
      { name: 'file', filename: '', data: '' },
    ]);
    assert.equal(r.status, 303);
    assert.equal(P.q(`SELECT attested_by FROM inspection_requests WHERE id = ${rid}`), String(ids.shenlanUser));
    page = await getPage(P.server, '/inspections', sess.leader.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /检查/);
    page = await getPage(P.server, `/inspections/${id}`);
    assert.equal(page.status, 303); // no session: to the log-in
  });
});
