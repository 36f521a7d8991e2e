// Reporting obligations (§4.3.2) of the demo's running pilots, on the server's test clock.
//  - Periodic reports are requested by the scheduler for the periods that ended on or after
//    the launch (none before), each due N working days after its period; an officer sets
//    which periods and N per project (reporting.configured).
//  - An officer's ad-hoc request is reminded before its due date, overdue after it and
//    escalated to the leaders after a further delay: each step exactly once, across a restart
//    of the server and with two nodes' schedulers on one database.
//  - The lead institution submits versions (JSON, or multipart with attachments); an officer
//    asks for changes or accepts; every version is kept. A coaching project reports no live
//    business (§3.3).
//  - Every refusal answers its status and code and stores nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  cstDate,
  demoPilot,
  eventsOf,
  getPage,
  isWorkingDay,
  login,
  DEMO_PASSWORD,
  multipart,
  nextWorkingDay,
  query,
  startServer,
  waitFor,
} from './lib/harness.mjs';

let d; // demoPilot()
let s; // the server in use
const extra = []; // servers started here
let file; // the database file (sqlite3/psql through the harness)
const FAST = ['--scheduler-interval', '100'];

// Sets the test clock and logs everyone in again (a session lasts 12 hours of that clock).
async function setClock(local) {
  d.clock.set(local);
  for (const u of Object.keys(d.token)) d.token[u] = (await login(s, u, DEMO_PASSWORD)).token;
}

const call = (who, method, path, body, server = s) => api(server, method, path, { token: d.token[who], body });
const count = (sql) => Number(query(file, sql));
const reportEvents = async (kind, reportId, project = d.launched) =>
  (await eventsOf(s, d.token.officer, `project:${project}`)).filter(
    (e) => e.kind === kind && (reportId === undefined || e.payload.report_id === reportId),
  );

const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
// The n-th working day after a day (the day itself not counted), and before it.
function workingAfter(iso, n) {
  let x = iso;
  for (let k = 0; k < n; k++) x = nextWorkingDay(x);
  return x;
}
function workingBefore(iso, n) {
  let x = iso;
  for (let k = 0; k < n; ) {
    x = addDays(x, -1);
    if (isWorkingDay(x)) k++;
  }
  return x;
}
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); // m: 1..12

// The periods that ended on or after launch and before today (what the scheduler owes).
function periodsOwed(launched, today) {
  const [ly, lm] = launched.split('-').map(Number);
  const out = [];
  for (let y = ly, m = lm; ; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const end = lastDay(y, m);
    if (end >= today) break;
    out.push({ kind: 'monthly', period: `${y}-${String(m).padStart(2, '0')}`, end });
  }
  for (let y = ly, q = Math.floor((lm - 1) / 3) + 1; ; q === 4 ? ((y += 1), (q = 1)) : (q += 1)) {
    const end = lastDay(y, q * 3);
    if (end >= today) break;
    out.push({ kind: 'quarterly', period: `${y}-Q${q}`, end });
  }
  for (let y = ly; lastDay(y, 12) < today; y++) out.push({ kind: 'annual', period: String(y), end: lastDay(y, 12) });
  return out;
}

async function allReports(project, who = 'officer') {
  const r = await call(who, 'GET', `/api/v1/projects/${project}/reports?limit=200`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

const pdf = (text) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n% ${text}\n%%EOF\n`, 'latin1');
const FIGURES = {
  customers_served: 1280,
  transaction_volume_fen: 356000000,
  transaction_count: 4210,
  complaints_received: 3,
  incidents: 0,
  boundary_changes: '',
  narrative: '本月运行平稳，对账差错率为零。',
};

describe('reporting obligations (§4.3.2)', () => {
  before(async () => {
    d = await demoPilot({ users: ['quanzhi-tech', 'haigang-sec'], args: FAST });
    s = d.server;
    file = d.db.slice('sqlite:'.length);
  });
  after(async () => {
    for (const x of extra) await x.stopClean();
    if (s === d.server) await d.stop();
  });

  test('periodic reports from the launch on: the periods that ended, each once, due N working days after', async () => {
    const p = await call('officer', 'GET', `/api/v1/projects/${d.launched}`);
    const launched = p.json.launched_on;
    const today = cstDate(Date.now() * 1000);
    const owed = periodsOwed(launched, today);
    assert.ok(owed.length >= 3, `a pilot launched on ${launched} owes some periods by ${today}`);
    const items = await waitFor(
      async () => {
        const got = await allReports(d.launched);
        return got.length >= owed.length ? got : null;
      },
      { what: 'the periodic reports' },
    );
    assert.deepEqual(
      items.map((r) => `${r.kind} ${r.period}`).sort(),
      owed.map((o) => `${o.kind} ${o.period}`).sort(),
      'exactly the periods that ended on or after the launch',
    );
    for (const o of owed) {
      const r = items.find((x) => x.period === o.period && x.kind === o.kind);
      assert.equal(r.due_on, workingAfter(o.end, 10), `${o.period}: due 10 working days after ${o.end}`);
      assert.equal(r.remind_on, workingBefore(r.due_on, 3));
      assert.equal(r.escalate_after, workingAfter(r.due_on, 5));
      assert.equal(r.requested_by, null, 'requested by the scheduler');
      assert.equal(r.project_name, p.json.name);
    }
    // each requested once; those past due are overdue (and, past the grace, escalated) once
    await waitFor(async () => (await allReports(d.launched)).every((r) => r.due_on >= today || r.overdue), {
      what: 'the overdue marks',
    });
    const requested = await reportEvents('report.requested');
    for (const r of items) assert.equal(requested.filter((e) => e.payload.report_id === r.id).length, 1);
    const first = requested.find((e) => e.payload.report_id === items[0].id);
    assert.equal(first.actor, 'system');
    assert.deepEqual(Object.keys(first.payload).sort(), ['due_on', 'kind', 'period', 'report_id']);
    // the lead institution is told; so are the officers of what is overdue
    const inbox = await call('shenlan-tech', 'GET', '/api/v1/inbox?limit=200');
    assert.ok(inbox.json.items.some((n) => n.kind === 'report.requested' && n.project_id === d.launched));
    // the coaching project (supervised too) owes its reports from its own launch
    assert.ok((await allReports(d.coaching)).length > 0);
  });

  test('who may read: members, the working group; not another institution, not the CSRC', async () => {
    assert.equal((await call('quancheng-sec', 'GET', `/api/v1/projects/${d.launched}/reports`)).status, 200);
    assertError(await call('haigang-sec', 'GET', `/api/v1/projects/${d.launched}/reports`), 404, 'not_found');
    assertError(await call('csrc', 'GET', `/api/v1/projects/${d.launched}/reports`), 403, 'forbidden');
    assertError(await call('quancheng-sec', 'GET', '/api/v1/reports?status=overdue'), 403, 'forbidden');
    assertError(await call('officer', 'GET', '/api/v1/reports?status=late'), 400, 'invalid_value', 'status');
    const one = (await allReports(d.launched))[0];
    assertError(await call('haigang-sec', 'GET', `/api/v1/reports/${one.id}`), 404, 'not_found');
    assertError(await call('officer', 'GET', '/api/v1/reports/999999'), 404, 'not_found');
    const overdue = await call('leader', 'GET', '/api/v1/reports?status=overdue&limit=200');
    assert.equal(overdue.status, 200);
    assert.ok(overdue.json.items.length > 0);
    assert.ok(overdue.json.items.every((r) => r.status === 'open' && r.overdue));
    assert.ok(new Set(overdue.json.items.map((r) => r.project_id)).has(d.launched));
  });

  test('an officer sets the obligations; every refusal stores nothing', async () => {
    const path = `/api/v1/projects/${d.launched}/reporting`;
    const before = await call('officer', 'GET', path);
    assert.equal(before.status, 200);
    assert.deepEqual(before.json.periods, ['monthly', 'quarterly', 'annual']);
    assert.equal(before.json.due_working_days, 10);
    assert.equal(before.json.configured_by, null);
    const n0 = count("SELECT count(*) FROM events WHERE kind = 'reporting.configured';");
    const good = { periods: ['quarterly', 'monthly'], due_working_days: 8 };
    assertError(await call('shenlan-tech', 'PUT', path, good), 403, 'forbidden');
    assertError(await call('leader', 'PUT', path, good), 403, 'forbidden');
    assertError(await call('officer', 'PUT', path, { ...good, periods: ['weekly'] }), 400, 'invalid_value', 'periods[0]');
    assertError(await call('officer', 'PUT', path, { ...good, periods: ['monthly', 'monthly'] }), 400, 'invalid_value', 'periods[1]');
    assertError(await call('officer', 'PUT', path, { ...good, due_working_days: 0 }), 400, 'invalid_value', 'due_working_days');
    assertError(await call('officer', 'PUT', path, { ...good, due_working_days: 61 }), 400, 'invalid_value', 'due_working_days');
    assertError(await call('officer', 'PUT', path, { periods: ['monthly'] }), 400, 'missing_field', 'due_working_days');
    assertError(await call('officer', 'PUT', path, { ...good, every: 'day' }), 400, 'unknown_field', 'every');
    assertError(await call('officer', 'PUT', '/api/v1/projects/999999/reporting', good), 404, 'not_found');
    const drafts = await call('officer', 'GET', '/api/v1/projects?state=submitted');
    const idle = drafts.json.items[0]?.id;
    if (idle) assertError(await call('officer', 'PUT', `/api/v1/projects/${idle}/reporting`, good), 409, 'invalid_state');
    assert.equal(count("SELECT count(*) FROM events WHERE kind = 'reporting.configured';"), n0);
    assert.equal(count(`SELECT count(*) FROM report_schedules WHERE project_id = ${d.launched};`), 0);

    const r = await call('officer', 'PUT', path, good);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.periods, ['monthly', 'quarterly'], 'in the order of the periods');
    assert.equal(r.json.due_working_days, 8);
    assert.equal(r.json.configured_by, (await call('officer', 'GET', '/api/v1/session')).json.user.id);
    const ev = (await eventsOf(s, d.token.officer, `project:${d.launched}`)).filter((e) => e.kind === 'reporting.configured');
    assert.equal(ev.length, 1);
    assert.deepEqual(ev[0].payload, { due_working_days: 8, periods: ['monthly', 'quarterly'] });
    const lead = await call('shenlan-tech', 'GET', '/api/v1/inbox?unread=1&limit=200');
    assert.ok(lead.json.items.some((n) => n.kind === 'reporting.configured'));
    // members read it
    assert.equal((await call('quancheng-sec', 'GET', path)).json.due_working_days, 8);
  });

  test('an ad-hoc report: reminded, overdue and escalated exactly once, across a restart and two nodes', async () => {
    const today = cstDate(Date.now() * 1000);
    const due = workingAfter(today, 8);
    const path = `/api/v1/projects/${d.launched}/reports`;
    const n0 = count('SELECT count(*) FROM reports;');
    const body = { title: '客户投诉专项说明', due_on: due, note: '请说明投诉上升的原因。' };
    // refusals first: nothing stored
    assertError(await call('shenlan-tech', 'POST', path, body), 403, 'forbidden');
    assertError(await call('officer', 'POST', path, { ...body, due_on: addDays(today, -1) }), 400, 'invalid_value', 'due_on');
    assertError(await call('officer', 'POST', path, { ...body, due_on: '2026-02-30' }), 400, 'invalid_value', 'due_on');
    assertError(await call('officer', 'POST', path, { ...body, title: '  ' }), 400, 'missing_field', 'title');
    assertError(await call('officer', 'POST', path, { due_on: due }), 400, 'missing_field', 'title');
    assertError(await call('officer', 'POST', '/api/v1/projects/999999/reports', body), 404, 'not_found');
    assert.equal(count('SELECT count(*) FROM reports;'), n0);

    const r = await call('officer', 'POST', path, body);
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    assert.equal(r.headers.get('location'), `/api/v1/reports/${id}`);
    assert.equal(r.json.kind, 'adhoc');
    assert.equal(r.json.period, null);
    assert.equal(r.json.title, body.title);
    assert.equal(r.json.due_on, due);
    assert.equal(r.json.remind_on, workingBefore(due, 3));
    assert.equal(r.json.escalate_after, workingAfter(due, 5));
    assert.equal(r.json.status, 'open');
    const req = await reportEvents('report.requested', id);
    assert.equal(req.length, 1);
    assert.deepEqual(req[0].payload, { report_id: id, kind: 'adhoc', period: null, due_on: due });
    assert.equal(req[0].reason, body.title);

    const steps = async () => ({
      reminded: (await reportEvents('report.reminded', id)).length,
      overdue: (await reportEvents('report.overdue', id)).length,
      escalated: (await reportEvents('report.escalated', id)).length,
    });
    // the day of the reminder
    await setClock(`${r.json.remind_on}T09:00`);
    await waitFor(async () => (await steps()).reminded === 1, { what: 'the reminder' });
    assert.deepEqual(await steps(), { reminded: 1, overdue: 0, escalated: 0 });

    // a restart: the step is on the row, nothing is done twice
    await s.stopClean();
    s = await startServer(d.db, FAST, { env: d.clock.env });
    extra.push(s);
    await new Promise((res) => setTimeout(res, 400));
    assert.deepEqual(await steps(), { reminded: 1, overdue: 0, escalated: 0 });
    // the day after the due date: overdue
    await setClock(`${addDays(due, 1)}T09:00`);
    await waitFor(async () => (await steps()).overdue === 1, { what: 'the overdue mark' });
    const row = await call('officer', 'GET', `/api/v1/reports/${id}`);
    assert.equal(row.json.overdue, true);
    assert.equal(row.json.status, 'open');
    assert.ok(row.json.overdue_at > 0 && row.json.reminded_at > 0 && row.json.escalated_at === null);

    // two nodes on one database: the escalation happens once
    const second = await startServer(d.db, FAST, { env: d.clock.env });
    extra.push(second);
    await setClock(`${addDays(r.json.escalate_after, 1)}T09:00`);
    await waitFor(async () => (await steps()).escalated === 1, { what: 'the escalation' });
    await new Promise((res) => setTimeout(res, 800)); // more passes of both schedulers
    assert.deepEqual(await steps(), { reminded: 1, overdue: 1, escalated: 1 });
    const esc = (await reportEvents('report.escalated', id))[0];
    assert.deepEqual(esc.payload, { report_id: id, due_on: due });
    assert.equal(esc.actor, 'system');
    // who was told: the lead of the reminder and the overdue, the officers of the overdue, the
    // leaders of the escalation
    const kinds = async (who) =>
      (await call(who, 'GET', '/api/v1/inbox?limit=200')).json.items
        .filter((n) => n.subject === `project:${d.launched}` && new RegExp(`#${id}(?!\\d)`).test(n.title))
        .map((n) => n.kind)
        .sort();
    assert.deepEqual(await kinds('shenlan-tech'), ['report.overdue', 'report.reminded', 'report.requested']);
    assert.deepEqual(await kinds('officer'), ['report.overdue']);
    assert.deepEqual(await kinds('leader'), ['report.escalated']);
    assert.deepEqual(await kinds('quancheng-sec'), [], 'a member that does not lead is not told');
    const list = await call('leader', 'GET', '/api/v1/reports?status=overdue&limit=200');
    assert.ok(list.json.items.some((x) => x.id === id));
    await second.stopClean();
    extra.splice(extra.indexOf(second), 1);
    // /healthz: some node's scheduler ran lately
    const h = await api(s, 'GET', '/healthz');
    assert.equal(h.json.status, 'ok');
    assert.match(h.json.scheduler.node, /:\d+$/);
    assert.ok(h.json.scheduler.last_run_at > 0 && h.json.scheduler.jobs_done >= 0);
  });

  test('submissions: versions kept, changes requested, accepted; refusals store nothing', async () => {
    const due = workingAfter(cstDate(Number(readFileSync(d.clock.file, 'utf8'))), 10);
    const created = await call('officer', 'POST', `/api/v1/projects/${d.launched}/reports`, {
      title: '季度风险评估',
      due_on: due,
    });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id;
    const path = `/api/v1/reports/${id}/versions`;
    const versions = () => count(`SELECT count(*) FROM report_versions WHERE report_id = ${id};`);
    // refusals: not the lead, not a member, the wrong fields; nothing stored
    assertError(await call('quancheng-sec', 'POST', path, FIGURES), 403, 'not_lead');
    assertError(await call('haigang-sec', 'POST', path, FIGURES), 404, 'not_found');
    assertError(await call('haigang-sec', 'POST', path, { bogus: 1 }), 404, 'not_found', 'id');
    assertError(await call('officer', 'POST', path, FIGURES), 403, 'forbidden');
    assertError(await call('shenlan-tech', 'POST', path, { ...FIGURES, incidents: -1 }), 400, 'invalid_value', 'incidents');
    assertError(await call('shenlan-tech', 'POST', path, { ...FIGURES, narrative: ' ' }), 400, 'missing_field', 'narrative');
    const { narrative, ...noNarrative } = FIGURES;
    assert.ok(narrative);
    assertError(await call('shenlan-tech', 'POST', path, noNarrative), 400, 'missing_field', 'narrative');
    assertError(await call('shenlan-tech', 'POST', path, { ...FIGURES, transaction_count: '12' }), 400, 'invalid_type', 'transaction_count');
    assertError(await call('shenlan-tech', 'POST', path, { ...FIGURES, extra: 1 }), 400, 'unknown_field', 'extra');
    assertError(await call('shenlan-tech', 'POST', '/api/v1/reports/999999/versions', FIGURES), 404, 'not_found');
    assert.equal(versions(), 0);
    assert.equal((await reportEvents('report.submitted', id)).length, 0);

    // version 1 (JSON)
    const v1 = await call('shenlan-tech', 'POST', path, FIGURES);
    assert.equal(v1.status, 201, v1.text);
    assert.equal(v1.json.status, 'submitted');
    assert.equal(v1.json.version, 1);
    assert.equal(v1.json.versions.length, 1);
    assert.equal(v1.json.versions[0].transaction_volume_fen, 356000000);
    assert.equal(v1.json.may_submit, false);
    assertError(await call('shenlan-tech', 'POST', path, FIGURES), 409, 'invalid_state');
    // the officer: a reason is required to send it back; accept twice is refused
    assertError(await call('officer', 'POST', `/api/v1/reports/${id}/request-changes`, {}), 400, 'missing_field', 'reason');
    assertError(await call('shenlan-tech', 'POST', `/api/v1/reports/${id}/accept`, {}), 403, 'forbidden');
    const back = await call('officer', 'POST', `/api/v1/reports/${id}/request-changes`, { reason: '请补充投诉处理情况。' });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.json.status, 'changes_requested');
    assert.equal(back.json.versions[0].outcome, 'changes_requested');
    assert.equal(back.json.versions[0].decision_reason, '请补充投诉处理情况。');
    assertError(await call('officer', 'POST', `/api/v1/reports/${id}/accept`, {}), 409, 'invalid_state');

    // version 2: multipart, with a PDF; a file that is not one of the accepted kinds is refused
    const fields = { ...FIGURES, complaints_received: 2, narrative: '已补充投诉处理情况：两件均已和解。' };
    const bad = multipart([
      { name: 'report', value: JSON.stringify(fields) },
      { name: 'file', filename: 'notes.txt', type: 'text/plain', data: Buffer.from('just text') },
    ]);
    const refused = await api(s, 'POST', path, { token: d.token['shenlan-tech'], body: bad.body, headers: { 'Content-Type': bad.type } });
    assertError(refused, 415, 'unsupported_media_type', 'file');
    assert.equal(versions(), 1);
    const both = multipart([
      { name: 'report', value: JSON.stringify(fields) },
      { name: 'customers_served', value: '1' },
    ]);
    assertError(
      await api(s, 'POST', path, { token: d.token['shenlan-tech'], body: both.body, headers: { 'Content-Type': both.type } }),
      400,
      'invalid_multipart',
    );
    const bytes = pdf('投诉处理说明');
    const form = multipart([
      { name: 'report', value: JSON.stringify(fields) },
      { name: 'file', filename: '投诉处理说明.pdf', type: 'application/pdf', data: bytes },
    ]);
    const v2 = await api(s, 'POST', path, { token: d.token['shenlan-tech'], body: form.body, headers: { 'Content-Type': form.type } });
    assert.equal(v2.status, 201, v2.text);
    assert.equal(v2.json.version, 2);
    assert.equal(v2.json.versions[1].complaints_received, 2);
    const att = v2.json.versions[1].attachments;
    assert.equal(att.length, 1);
    assert.equal(att[0].filename, '投诉处理说明.pdf');
    assert.equal(att[0].content_type, 'application/pdf');
    const got = await fetch(`${s.url}/api/v1/reports/${id}/attachments/${att[0].id}`, {
      headers: { Authorization: `Bearer ${d.token.officer}` },
    });
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
    assertError(await call('haigang-sec', 'GET', `/api/v1/reports/${id}/attachments/${att[0].id}`), 404, 'not_found');
    assertError(await call('officer', 'GET', `/api/v1/reports/${id}/attachments/999999`), 404, 'not_found');

    const ok = await call('officer', 'POST', `/api/v1/reports/${id}/accept`, { reason: '数据完整，予以通过。' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.status, 'accepted');
    assertError(await call('officer', 'POST', `/api/v1/reports/${id}/accept`, {}), 409, 'invalid_state');
    assertError(await call('shenlan-tech', 'POST', path, FIGURES), 409, 'invalid_state');
    const all = await call('quancheng-sec', 'GET', `/api/v1/reports/${id}`);
    assert.deepEqual(
      all.json.versions.map((v) => [v.version, v.outcome]),
      [
        [1, 'changes_requested'],
        [2, 'accepted'],
      ],
    );
    assert.equal(all.json.versions[0].narrative, FIGURES.narrative, 'the first version is kept as it was');
    const kinds = (await eventsOf(s, d.token.officer, `project:${d.launched}`))
      .filter((e) => e.payload && e.payload.report_id === id)
      .map((e) => `${e.kind} ${e.payload.version ?? ''}`.trim());
    assert.deepEqual(kinds, [
      'report.requested',
      'report.submitted 1',
      'report.changes_requested 1',
      'report.submitted 2',
      'report.accepted 2',
    ]);
    // the officers were told of each submission, the lead of each outcome
    const inbox = await call('officer', 'GET', '/api/v1/inbox?limit=200');
    assert.equal(inbox.json.items.filter((n) => n.kind === 'report.submitted' && new RegExp(`#${id}(?!\\d)`).test(n.title)).length, 2);
  });

  test('a coaching project reports no live business (§3.3)', async () => {
    const today = cstDate(Number(readFileSync(d.clock.file, 'utf8')));
    const created = await call('officer', 'POST', `/api/v1/projects/${d.coaching}/reports`, {
      title: '辅导进展',
      due_on: workingAfter(today, 5),
    });
    assert.equal(created.status, 201, created.text);
    const path = `/api/v1/reports/${created.json.id}/versions`;
    assertError(await call('quanzhi-tech', 'POST', path, FIGURES), 422, 'coaching_no_live_business');
    assert.equal(count(`SELECT count(*) FROM report_versions WHERE report_id = ${created.json.id};`), 0);
    const quiet = { ...FIGURES, customers_served: 0, transaction_volume_fen: 0, transaction_count: 0, narrative: '模型训练完成，尚无真实业务。' };
    assert.equal((await call('quanzhi-tech', 'POST', path, quiet)).status, 201);
  });

  test('the pages: a project\'s reports, one report with its forms, the working group\'s list', async () => {
    const officer = await login(s, 'officer', DEMO_PASSWORD);
    const lead = await login(s, 'shenlan-tech', DEMO_PASSWORD);
    const list = await getPage(s, `/projects/${d.launched}/reports`, officer.cookie);
    assert.equal(list.status, 200);
    assert.match(list.text, /data-report="\d+"/);
    assert.match(list.text, /action="\/projects\/\d+\/reporting"/);
    const mine = await getPage(s, `/projects/${d.launched}/reports`, lead.cookie);
    assert.equal(mine.status, 200);
    assert.doesNotMatch(mine.text, /action="\/projects\/\d+\/reporting"/, 'the institution sees no officer form');
    const open = (await allReports(d.launched)).find((r) => r.status === 'open');
    const one = await getPage(s, `/reports/${open.id}`, lead.cookie);
    assert.equal(one.status, 200);
    assert.match(one.text, /enctype="multipart\/form-data"/);
    const wg = await getPage(s, '/reports?status=overdue', officer.cookie);
    assert.equal(wg.status, 200);
    assert.match(wg.text, /data-status="overdue"/);
    const proj = await getPage(s, `/projects/${d.launched}`, officer.cookie);
    assert.match(proj.text, /id="reports"/);
    assert.equal((await getPage(s, `/reports/${open.id}`, (await login(s, 'haigang-sec', DEMO_PASSWORD)).cookie)).status, 404);
  });
});
