// The dashboards (§4.3): GET /api/v1/dashboard and the home page, on the demo's running
// pilots and the server's test clock.
//  - The working group (officer, leader) sees every project's reports due soon or overdue,
//    open alerts by level, incidents whose initial report is due or late, that await guidance,
//    their final report or the report to the CSRC, complaints near or past their response
//    deadline, inspections' document requests and rectifications due or late, and (officers)
//    reports to review and rectification evidence to verify.
//  - An institution sees the same obligations of the projects of which it is a member only:
//    another institution's never appear.
//  - The CSRC sees the incidents and situation reports sent to it, awaiting its
//    acknowledgement; an expert sees nothing.
//  - Every list is sorted by severity, then by the earliest due time (items without one last),
//    and each item links to the page where the action is done.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, cstUs, demoPilot, DEMO_PASSWORD, getPage, login, multipart, nextWorkingDay } from './lib/harness.mjs';

let d; // demoPilot(): the launched pilot P (lead shenlan-tech, partner quancheng-sec), the coaching project C (quanzhi-tech)
let P;
let C;
const ids = {};

const RANK = { critical: 0, urgent: 1, warning: 2, info: 3 };
const call = (who, method, path, body) => api(d.server, method, path, { token: d.token[who], body });
const ok = (r, status = 200) => {
  assert.equal(r.status, status, r.text);
  return r.json;
};
// The end of a CST day (a dated deadline's due time), as the API gives it.
const endOf = (day) => Number(cstUs(`${day}T00:00`)) + 86400e6 - 1;

// Sets the test clock (CST) and logs everyone in again (a session lasts 12 hours).
async function setClock(local) {
  d.clock.set(local);
  for (const u of Object.keys(d.token)) d.token[u] = (await login(d.server, u, DEMO_PASSWORD)).token;
}

// Every item of the caller's dashboard, checked sorted.
async function raw(who) {
  const r = ok(await call(who, 'GET', '/api/v1/dashboard'));
  assertSorted(r.items);
  return r.items;
}
// What the demo's seeded months left on P and C before these tests (its overdue periodic
// reports), per user: kind and link. The demo's other pilot has its own supervision data.
const seeded = {};
const key = (i) => `${i.kind} ${i.link}`;
// The caller's items about P and C that these tests made (not the calendar's, which depends on
// the real month, nor what the demo seeded), in the dashboard's order.
async function dash(who) {
  return (await raw(who)).filter((i) => i.project && [P, C].includes(i.project.id) && !seeded[who]?.has(key(i)));
}
const brief = (items) => items.map((i) => [i.kind, i.severity, i.link]);

function assertSorted(items) {
  for (let k = 1; k < items.length; k++) {
    const a = items[k - 1];
    const b = items[k];
    const why = `${JSON.stringify(a)} before ${JSON.stringify(b)}`;
    assert.ok(RANK[a.severity] <= RANK[b.severity], why);
    if (a.severity !== b.severity) continue;
    if (a.due_at === null) assert.equal(b.due_at, null, why);
    else if (b.due_at !== null) assert.ok(a.due_at <= b.due_at, why);
  }
}

const T0 = '2026-12-01'; // a Tuesday; soon = up to 2026-12-04 (3 working days on)
const workingAfter = (day, n) => {
  let x = day;
  for (let k = 0; k < n; k++) x = nextWorkingDay(x);
  return x;
};

const OUTAGE = {
  category: 'outage',
  level: 'general',
  system_class: 3,
  investors_affected: 0,
  estimated_loss_fen: 0,
  title: '行情推送延迟',
  description: '行情推送延迟约十分钟，已切换备用线路。',
};

describe('dashboards (§4.3)', () => {
  before(async () => {
    d = await demoPilot({ users: ['quanzhi-tech', 'quancheng-sec', 'expert1'], args: ['--scheduler-interval', '0'] });
    P = d.launched;
    C = d.coaching;
    await setClock(`${T0}T09:00`);
    for (const u of ['officer', 'leader', 'shenlan-tech', 'quancheng-sec', 'quanzhi-tech', 'csrc'])
      seeded[u] = new Set((await raw(u)).filter((i) => i.project && [P, C].includes(i.project.id)).map(key));
  });
  after(() => d?.stop());

  test('nothing is due yet: no supervision item for anyone; an expert has no item at all', async () => {
    for (const u of ['officer', 'leader', 'shenlan-tech', 'quanzhi-tech', 'csrc']) assert.deepEqual(await dash(u), [], u);
    // what the demo seeded on P and C is only its overdue periodic reports, shown to the
    // working group and the projects' members, never to the CSRC
    for (const u of ['officer', 'leader', 'shenlan-tech', 'quanzhi-tech'])
      for (const k of seeded[u]) assert.match(k, /^report_overdue \/reports\/\d+$/, u);
    assert.equal(seeded.csrc.size, 0);
    assert.deepEqual(ok(await call('expert1', 'GET', '/api/v1/dashboard')).items, []);
    assert.equal((await api(d.server, 'GET', '/api/v1/dashboard')).status, 401);
  });

  test('every kind of obligation, created through the API, shows to whom it concerns, most urgent first', async () => {
    // reports: one on P due in two working days, one later, one on C due tomorrow
    ids.r1 = ok(await call('officer', 'POST', `/api/v1/projects/${P}/reports`, { title: '适当性专项报告', due_on: '2026-12-03' }), 201).id;
    ids.r2 = ok(await call('officer', 'POST', `/api/v1/projects/${P}/reports`, { title: '年度风险评估', due_on: '2026-12-15' }), 201).id;
    ids.r3 = ok(await call('officer', 'POST', `/api/v1/projects/${C}/reports`, { title: '辅导进展', due_on: '2026-12-02' }), 201).id;
    // alerts: the lead's points cross the customers' breach and the availability's warning
    const at = '2026-12-01T00:00:00Z';
    const m = ok(
      await call('shenlan-tech', 'POST', `/api/v1/projects/${P}/metrics`, {
        points: [
          { indicator: 'customers', at, value: 2100 },
          { indicator: 'availability_pct', at, value: 99.2 },
        ],
      }),
      201,
    );
    assert.deepEqual(m.alerts_opened.map((a) => a.level).sort(), ['breach', 'warning']);
    // incidents: one the working group recorded (the initial report is owed within 24 hours),
    // one the lead reported (its initial report is in: guidance and the final report awaited)
    ids.i1 = ok(await call('officer', 'POST', `/api/v1/projects/${P}/incidents`, OUTAGE), 201).id;
    ids.i2 = ok(await call('shenlan-tech', 'POST', `/api/v1/projects/${P}/incidents`, { ...OUTAGE, level: 'large', title: '投顾建议推送失败' }), 201).id;
    // complaints on both projects, due in 15 working days
    for (const [key, pid] of [['k1', P], ['k2', C]]) {
      const r = ok(await api(d.server, 'POST', '/api/v1/public/complaints', { body: { project_id: pid, name: '张三', contact: '13800000000', content: '建议与风险测评结果不符。' } }), 201);
      assert.equal(r.due_on, workingAfter(T0, 15));
      ids[key] = r.reference;
    }
    // an inspection of P: documents due on the 3rd, a rectification due on the 10th
    ids.insp = ok(
      await call('officer', 'POST', `/api/v1/projects/${P}/inspections`, { mode: 'offsite', scope: '适当性管理', team: ['王检查'], starts_on: '2026-12-02', ends_on: '2026-12-04' }),
      201,
    ).id;
    ok(await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/notify`, {}));
    ok(await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/document-requests`, { items: '投诉台账', due_on: '2026-12-03' }));
    const f = ok(await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/findings`, { severity: 'high', description: '未执行二次确认' }));
    ids.order = ok(
      await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/rectifications`, { finding_id: f.findings_list[0].id, requirement: '补充二次确认流程', due_on: '2026-12-10' }),
    ).rectifications[0].id;
    // a situation reported to the CSRC
    ids.s1 = ok(await call('officer', 'POST', '/api/v1/situations', { project_id: P, title: '智能投顾试点出现集中投诉', body: '本月收到投诉3件。' }), 201).id;

    const initialDue = Number(cstUs(`${T0}T09:00`)) + 24 * 3600e6;
    const officer = await dash('officer');
    assert.deepEqual(brief(officer), [
      ['alert_breach', 'critical', `/projects/${P}/alerts?status=open`],
      ['incident_initial_due', 'warning', `/incidents/${ids.i1}`],
      ['alert_warning', 'warning', `/projects/${P}/alerts?status=open`],
      ['incident_guidance', 'warning', `/incidents/${ids.i2}`],
      ['report_due', 'info', `/reports/${ids.r3}`],
      ['document_request_due', 'info', `/inspections/${ids.insp}`],
      ['report_due', 'info', `/reports/${ids.r1}`],
      ['incident_final_due', 'info', `/incidents/${ids.i2}`],
    ]);
    const i1 = officer.find((i) => i.kind === 'incident_initial_due');
    assert.ok(Math.abs(i1.due_at - initialDue) < 60e6, JSON.stringify(i1));
    assert.equal(i1.due_on, null);
    const r1 = officer.find((i) => i.link === `/reports/${ids.r1}`);
    assert.deepEqual([r1.due_on, r1.due_at, r1.project.id, r1.params], ['2026-12-03', endOf('2026-12-03'), P, { report: '适当性专项报告', due_on: '2026-12-03' }]);
    assert.equal(r1.message, '报告“适当性专项报告”应于 2026-12-03 前提交。');
    assert.equal(officer.find((i) => i.kind === 'alert_breach').project.id, P);
    // the leader: the same, but no review of his own to do
    assert.deepEqual(brief(await dash('leader')), brief(officer));

    // the lead institution: its own obligations, with its own severities
    const lead = await dash('shenlan-tech');
    assert.deepEqual(brief(lead), [
      ['alert_breach', 'critical', `/projects/${P}/alerts?status=open`],
      ['incident_initial_due', 'urgent', `/incidents/${ids.i1}`],
      ['document_request_due', 'warning', `/inspections/${ids.insp}`],
      ['report_due', 'warning', `/reports/${ids.r1}`],
      ['alert_warning', 'warning', `/projects/${P}/alerts?status=open`],
      ['incident_final_due', 'info', `/incidents/${ids.i2}`],
    ]);
    // the partner is a member of P too: the same items
    assert.deepEqual(brief(await dash('quancheng-sec')), brief(lead));
    // the coaching project's lead: only its own report, nothing of P
    assert.deepEqual(brief(await dash('quanzhi-tech')), [['report_due', 'warning', `/reports/${ids.r3}`]]);
    // the CSRC: the situation report; the incidents are not reported to it yet
    assert.deepEqual(brief(await dash('csrc')), [['situation_acknowledge', 'info', '/situations']]);
    assert.deepEqual(ok(await call('expert1', 'GET', '/api/v1/dashboard')).items, []);
  });

  test('steps taken move the items: guidance given, the final report in, the report to the CSRC, its acknowledgement', async () => {
    ok(await call('officer', 'POST', `/api/v1/incidents/${ids.i2}/guidance`, { text: '请逐户核实影响。' }));
    let kinds = (await dash('officer')).filter((i) => i.link === `/incidents/${ids.i2}`).map((i) => i.kind);
    assert.deepEqual(kinds, ['incident_final_due']);
    // an update after the guidance: guidance awaited again
    ok(await call('shenlan-tech', 'POST', `/api/v1/incidents/${ids.i2}/reports`, { stage: 'update', text: '已恢复推送。' }));
    kinds = (await dash('officer')).filter((i) => i.link === `/incidents/${ids.i2}`).map((i) => i.kind);
    assert.deepEqual(kinds, ['incident_guidance', 'incident_final_due']);
    ok(await call('shenlan-tech', 'POST', `/api/v1/incidents/${ids.i2}/reports`, { stage: 'final', text: '根因为网关超时，已扩容。' }));
    assert.deepEqual(
      (await dash('officer')).filter((i) => i.link === `/incidents/${ids.i2}`).map((i) => [i.kind, i.severity]),
      [['incident_csrc_report', 'warning']],
    );
    assert.equal((await dash('shenlan-tech')).filter((i) => i.link === `/incidents/${ids.i2}`).length, 0);
    ok(await call('officer', 'POST', `/api/v1/incidents/${ids.i2}/csrc-report`, { text: '事件已处置完毕。' }));
    assert.equal((await dash('officer')).filter((i) => i.link === `/incidents/${ids.i2}`).length, 0);
    const csrc = await dash('csrc');
    assert.deepEqual(brief(csrc), [
      ['incident_acknowledge', 'warning', `/incidents/${ids.i2}`],
      ['situation_acknowledge', 'info', '/situations'],
    ]);
    assert.equal(csrc[1].params.title, '智能投顾试点出现集中投诉');
    ok(await call('csrc', 'POST', `/api/v1/incidents/${ids.i2}/acknowledge`, {}));
    ok(await call('csrc', 'POST', `/api/v1/situations/${ids.s1}/acknowledge`, {}));
    assert.deepEqual(await dash('csrc'), []);
    // a submitted report: the officer's to review (not the leader's), no longer the lead's to send
    const FIGURES = { customers_served: 1, transaction_volume_fen: 0, transaction_count: 0, complaints_received: 0, incidents: 0, boundary_changes: '', narrative: '见正文。' };
    ok(await call('shenlan-tech', 'POST', `/api/v1/reports/${ids.r1}/versions`, FIGURES), 201);
    const review = (await dash('officer')).filter((i) => i.link === `/reports/${ids.r1}`);
    assert.deepEqual(
      review.map((i) => [i.kind, i.severity, i.params.version]),
      [['report_review', 'info', 1]],
    );
    assert.equal((await dash('leader')).filter((i) => i.link === `/reports/${ids.r1}`).length, 0);
    assert.equal((await dash('shenlan-tech')).filter((i) => i.link === `/reports/${ids.r1}`).length, 0);
    ok(await call('officer', 'POST', `/api/v1/reports/${ids.r1}/request-changes`, { reason: '请补充数据口径。' }));
    // sent back: the lead's to send again, due as before
    assert.deepEqual(
      (await dash('shenlan-tech')).filter((i) => i.link === `/reports/${ids.r1}`).map((i) => i.kind),
      ['report_due'],
    );
  });

  test('the clock moves: due turns overdue, the initial report late, complaints come near their deadline', async () => {
    await setClock('2026-12-04T09:00'); // soon: up to 12-09
    const officer = await dash('officer');
    assert.deepEqual(brief(officer), [
      ['incident_initial_late', 'critical', `/incidents/${ids.i1}`],
      ['alert_breach', 'critical', `/projects/${P}/alerts?status=open`],
      ['report_overdue', 'urgent', `/reports/${ids.r3}`],
      ['document_request_overdue', 'urgent', `/inspections/${ids.insp}`],
      ['report_overdue', 'urgent', `/reports/${ids.r1}`],
      ['alert_warning', 'warning', `/projects/${P}/alerts?status=open`],
    ]);
    const lead = await dash('shenlan-tech');
    assert.deepEqual(brief(lead), [
      ['incident_initial_late', 'critical', `/incidents/${ids.i1}`],
      ['alert_breach', 'critical', `/projects/${P}/alerts?status=open`],
      ['document_request_overdue', 'urgent', `/inspections/${ids.insp}`],
      ['report_overdue', 'urgent', `/reports/${ids.r1}`],
      ['alert_warning', 'warning', `/projects/${P}/alerts?status=open`],
    ]);
    assert.deepEqual(brief(await dash('quanzhi-tech')), [['report_overdue', 'urgent', `/reports/${ids.r3}`]]);

    // the rectification (due 12-10) comes within three working days on the 7th
    await setClock('2026-12-07T09:00');
    assert.deepEqual(
      (await dash('shenlan-tech')).filter((i) => i.kind.startsWith('rectification')).map((i) => [i.kind, i.severity, i.due_on]),
      [['rectification_due', 'warning', '2026-12-10']],
    );
    assert.deepEqual(
      (await dash('officer')).filter((i) => i.kind.startsWith('rectification')).map((i) => [i.kind, i.severity]),
      [['rectification_due', 'info']],
    );
    // the evidence in: the officer's to verify (not the leader's), no longer the lead's to send
    const m = multipart([
      { name: 'text', value: '已补充二次确认流程。' },
      { name: 'attested', value: 'true' },
    ]);
    const ev = await api(d.server, 'POST', `/api/v1/inspections/${ids.insp}/rectifications/${ids.order}/evidence`, {
      token: d.token['shenlan-tech'],
      body: m.body,
      headers: { 'Content-Type': m.type },
    });
    assert.equal(ev.status, 200, ev.text);
    const rect = async (who) => (await dash(who)).filter((i) => i.kind.startsWith('rectification')).map((i) => [i.kind, i.severity, i.link]);
    assert.deepEqual(await rect('officer'), [['rectification_verify', 'info', `/inspections/${ids.insp}`]]);
    assert.deepEqual(await rect('leader'), []);
    assert.deepEqual(await rect('shenlan-tech'), []);
    // sent back: due again
    ok(await call('officer', 'POST', `/api/v1/inspections/${ids.insp}/rectifications/${ids.order}/verify`, { accepted: false, note: '缺少回溯记录。' }));
    assert.deepEqual(await rect('shenlan-tech'), [['rectification_due', 'warning', `/inspections/${ids.insp}`]]);

    // complaints due on the 22nd: near on the 17th, past on the 23rd
    await setClock('2026-12-17T09:00');
    const due = workingAfter(T0, 15);
    const complaintsOf = async (who) => (await dash(who)).filter((i) => i.kind.startsWith('complaint')).map((i) => [i.kind, i.severity, i.params.reference, i.due_on]);
    assert.deepEqual(
      (await complaintsOf('officer')).sort(),
      [
        ['complaint_due', 'warning', ids.k1, due],
        ['complaint_due', 'warning', ids.k2, due],
      ].sort(),
    );
    assert.deepEqual(await complaintsOf('shenlan-tech'), [['complaint_due', 'warning', ids.k1, due]]);
    assert.deepEqual(await complaintsOf('quanzhi-tech'), [['complaint_due', 'warning', ids.k2, due]]);
    await setClock('2026-12-23T09:00');
    assert.deepEqual(await complaintsOf('shenlan-tech'), [['complaint_overdue', 'urgent', ids.k1, due]]);
    // the rectification is late now, and the other report too
    const late = (await dash('shenlan-tech')).map((i) => i.kind);
    assert.ok(late.includes('rectification_overdue') && late.filter((k) => k === 'report_overdue').length === 2, late.join());
    // never another institution's: nothing of C for P's members, nothing of P for C's, nothing
    // of the demo's other pilot for either
    for (const [who, own] of [['shenlan-tech', P], ['quancheng-sec', P], ['quanzhi-tech', C]]) {
      for (const i of await raw(who)) if (i.project) assert.equal(i.project.id, own, `${who}: ${JSON.stringify(i)}`);
    }
    assert.deepEqual(await dash('csrc'), []);
  });

  test('the home page lists the items most urgent first with their links; the menu links the pages each role may open', async () => {
    const officer = await login(d.server, 'officer', DEMO_PASSWORD);
    const home = await getPage(d.server, '/', officer.cookie);
    assert.equal(home.status, 200);
    const all = await raw('officer');
    const kinds = [...home.text.matchAll(/<li data-kind="([a-z_]+)" data-severity="([a-z]+)"/g)].map((x) => x[1]);
    assert.deepEqual(kinds, all.map((i) => i.kind));
    assert.match(home.text, new RegExp(`<a href="/incidents/${ids.i1}">事件“行情推送延迟”的初报已逾期。</a>`));
    assert.match(home.text, /class="dash-counts"/);
    const critical = all.filter((i) => i.severity === 'critical').length;
    assert.ok(critical >= 2, 'the test made two critical items');
    assert.match(home.text, new RegExp(`data-count="critical">严重 <b>${critical}</b>`));
    // the supervision menu of the working group
    const nav = (html) => [...(html.match(/<nav class="sup-nav"[^]*?<\/nav>/)?.[0] ?? '').matchAll(/href="([^"]+)"/g)].map((x) => x[1]);
    assert.deepEqual(nav(home.text), ['/reports', '/inspections', '/incidents', '/complaints', '/threads', '/situations']);
    for (const href of nav(home.text)) assert.equal((await getPage(d.server, href, officer.cookie)).status, 200, href);
    assert.match(home.text, /href="\/inbox"/);
    // the CSRC's, the institution's, the expert's (none)
    const csrc = await login(d.server, 'csrc', DEMO_PASSWORD);
    // the CSRC acknowledges what waits for it (the demo's own situation report): nothing is left
    for (const sr of ok(await call('csrc', 'GET', '/api/v1/situations?status=pending')).items)
      ok(await call('csrc', 'POST', `/api/v1/situations/${sr.id}/acknowledge`, {}));
    assert.deepEqual(await raw('csrc'), []);
    const csrcHome = await getPage(d.server, '/', csrc.cookie);
    assert.deepEqual(nav(csrcHome.text), ['/incidents', '/complaints', '/situations']);
    for (const href of nav(csrcHome.text)) assert.equal((await getPage(d.server, href, csrc.cookie)).status, 200, href);
    assert.match(csrcHome.text, /data-empty="dashboard"/);
    const inst = await login(d.server, 'quanzhi-tech', DEMO_PASSWORD);
    const instHome = await getPage(d.server, '/', inst.cookie);
    assert.deepEqual(nav(instHome.text), ['/threads']);
    assert.equal((await getPage(d.server, '/threads', inst.cookie)).status, 200);
    assert.match(instHome.text, new RegExp(`href="/reports/${ids.r3}"`));
    assert.doesNotMatch(instHome.text, new RegExp(`href="/reports/${ids.r1}"`));
    // the institution's links open for it
    for (const m of instHome.text.matchAll(/<li data-kind="[a-z_]+" data-severity="[a-z]+"><span[^>]*>[^<]*<\/span> <a href="([^"]+)"/g)) {
      assert.equal((await getPage(d.server, m[1].replace(/&amp;/g, '&'), inst.cookie)).status, 200, m[1]);
    }
    const expert = await login(d.server, 'expert1', DEMO_PASSWORD);
    const expertHome = await getPage(d.server, '/', expert.cookie);
    assert.equal(nav(expertHome.text).length, 0);
    assert.doesNotMatch(expertHome.text, /class="card dashboard"/);
  });

  test('the CSRC: a complaint escalated to it waits on its dashboard until it is resolved', async () => {
    const filed = ok(await api(d.server, 'POST', '/api/v1/public/complaints', { body: { project_id: P, name: '李四', contact: '13900000000', content: '多次投诉未获答复。' } }), 201);
    const id = (ok(await call('officer', 'GET', '/api/v1/complaints')).items.find((c) => c.reference === filed.reference)).id;
    assert.deepEqual(await dash('csrc'), []);
    ok(await call('officer', 'POST', `/api/v1/complaints/${id}/escalate`, { to: 'csrc', reason: '涉及多家机构，需监管协调。' }));
    const csrc = await dash('csrc');
    assert.deepEqual(brief(csrc), [['complaint_escalated', 'warning', `/complaints/${id}`]]);
    assert.equal(csrc[0].params.reference, filed.reference);
    assert.equal(csrc[0].message, `投诉 ${filed.reference} 已上报至您处。`);
    assert.equal((await getPage(d.server, `/complaints/${id}`, (await login(d.server, 'csrc', DEMO_PASSWORD)).cookie)).status, 200);
    // the working group and the institution see its deadline as before, never this item
    for (const u of ['officer', 'shenlan-tech']) assert.ok(!(await raw(u)).some((i) => i.kind === 'complaint_escalated'), u);
    ok(await call('shenlan-tech', 'POST', `/api/v1/complaints/${id}/resolve`, { resolution: '已向投诉人说明并补偿。' }));
    assert.deepEqual(await dash('csrc'), []);
  });
});
