// Incidents and emergencies of running pilots (§4.3 item 4), on the demo's launched pilot (lead
// shenlan-tech, participant quancheng-sec) and coaching project (lead quanzhi-tech):
//  - the institution reports an incident (category, the CSRC's level, the affected system's
//    class, investors affected, estimated loss): its initial report, due within the hours of its
//    level; updates and the final report follow; the working group guides it, then reports the
//    handling and result to the CSRC, which acknowledges; loss and compensation are recorded as
//    they stand, exactly, each record an event (§5.2 rests on them);
//  - an officer records an incident the working group learned of: the institution owes its
//    initial report, which reads late once the level's hours (a setting) are past;
//  - visibility: the CSRC sees an incident only once reported to it (and of the project's
//    history only that report and its acknowledgement); the institution does not read the
//    working group's report to the CSRC; experts and admins see nothing;
//  - every refusal (wrong role, wrong state, a project not supervised, a coaching project's
//    investors, bad input naming the field) with its status and code, and nothing stored;
//  - the pages of each role.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api, assertError, cstUs, demoPilot, DEMO_PASSWORD, eventsOf, getPage, login, postForm
} from './lib/harness.mjs';

let P;
const HOUR_US = 3600 * 1e6;

const call = (who, method, path, body) => api(P.server, method, path, { token: P.token[who], body });
const count = (sql) => Number(P.q(sql));
const events = () => count('SELECT count(*) FROM events');
const rows = () => count('SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM incident_entries) + (SELECT count(*) FROM incident_losses)');

const OUTAGE = {
  category: 'outage',
  level: 'major',
  system_class: 3,
  investors_affected: 120,
  estimated_loss_fen: 5000000,
  title: '智能投顾推荐服务中断',
  description: '09:12 起推荐引擎不可用，120 名投资者的调仓建议未能送达。已切换备用节点。',
};
// A time (UTC µs) within a minute after a CST wall time of the test clock.
const near = (us, local) => {
  const t = Number(cstUs(local));
  assert.ok(us >= t && us < t + 60 * 1e6, `${us} is not just after ${local}`);
};
const report = (who, body, pid = P.launched) => call(who, 'POST', `/api/v1/projects/${pid}/incidents`, body);

describe('incidents and emergencies (§4.3 item 4)', () => {
  const ids = {};
  const sess = {};

  before(async () => {
    P = await demoPilot({ users: ['quanzhi-tech', 'hualu-rating', 'expert1'] });
    P.clock.set('2026-12-01T09:30');
    await P.relogin(sess);
    await P.sessions(['officer', 'csrc', 'shenlan-tech'], sess);
  });
  after(async () => {
    await P.stop();
  });

  test('the lead institution reports an incident: its initial report, due within the hours of its level', async () => {
    const before = events();
    const r = await report('shenlan-tech', OUTAGE);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/incidents/${r.json.id}`);
    const i = r.json;
    ids.outage = i.id;
    assert.equal(i.state, 'reported');
    assert.equal(i.source, 'institution');
    assert.equal(i.level, 'major');
    assert.equal(i.system_class, 3);
    assert.equal(i.estimated_loss_fen, 5000000);
    near(i.discovered_at, '2026-12-01T09:30'); // now on the test clock, which runs on
    assert.equal(i.initial_due_at, i.discovered_at + 2 * HOUR_US); // major: 2 hours
    assert.equal(i.initial_at, i.opened_at);
    assert.equal(i.initial_late, false);
    assert.deepEqual(i.entries.map((n) => [n.kind, n.text]), [['initial', OUTAGE.description]]);
    assert.deepEqual(i.allowed_actions, ['update', 'final', 'record_loss']);
    assert.equal(events(), before + 2);
    const ev = (await eventsOf(P.server, P.token.officer, `project:${P.launched}`)).filter((e) => e.kind.startsWith('incident.'));
    assert.deepEqual(ev.map((e) => [e.kind, e.payload]), [
      ['incident.reported', { incident_id: i.id, category: 'outage', level: 'major', system_class: 3, initial_due_at: i.initial_due_at, source: 'institution' }],
      ['incident.updated', { incident_id: i.id, stage: 'initial' }],
    ]);
    // the participant reads it; the CSRC does not, until it is reported to it
    assert.equal((await call('quancheng-sec', 'GET', `/api/v1/incidents/${i.id}`)).status, 200);
    assertError(await call('csrc', 'GET', `/api/v1/incidents/${i.id}`), 404, 'not_found', 'id');
    const list = await call('csrc', 'GET', '/api/v1/incidents');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.items.length, 0);
    const cs = await eventsOf(P.server, P.token.csrc, `project:${P.launched}`);
    assert.equal(cs.filter((e) => e.kind.startsWith('incident.')).length, 0);
  });

  test('updates, guidance, loss records, the final report; then to the CSRC, which acknowledges', async () => {
    const id = ids.outage;
    let r = await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'update', text: '10:05 服务恢复，正在逐户补发建议。' });
    assert.equal(r.status, 200, r.text);
    r = await call('officer', 'POST', `/api/v1/incidents/${id}/guidance`, { text: '请逐户核实损失并按承诺先行赔付。' });
    assert.equal(r.status, 200, r.text);
    r = await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/losses`, { loss_fen: 4812345, compensated_fen: 0, investors_compensated: 0, note: '初步核定' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.loss_fen, 4812345);
    // the result goes to the CSRC only with the final report in
    const before = events();
    assertError(await call('officer', 'POST', `/api/v1/incidents/${id}/csrc-report`, { text: '处置中' }), 409, 'invalid_state');
    assert.equal(events(), before);
    r = await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'final', text: '根因为缓存集群故障，已扩容并演练切换。' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'final');
    assert.equal(typeof r.json.final_at, 'number');
    assertError(await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'update', text: '再补充' }), 409, 'invalid_state');
    r = await call('officer', 'POST', `/api/v1/incidents/${id}/csrc-report`, { text: '该事件为重大事件，机构已恢复服务并先行赔付，专项工作组已督促整改。' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'csrc_reported');
    // now the CSRC sees it, with its whole record
    const c = await call('csrc', 'GET', `/api/v1/incidents/${id}`);
    assert.equal(c.status, 200, c.text);
    assert.deepEqual(c.json.entries.map((n) => n.kind), ['initial', 'update', 'guidance', 'final', 'csrc_report']);
    assert.deepEqual(c.json.allowed_actions, ['acknowledge']);
    const list = await call('csrc', 'GET', '/api/v1/incidents?status=csrc_reported');
    assert.deepEqual(list.json.items.map((i) => i.id), [id]);
    // the institution does not read the report to the CSRC, nor find it in the history
    const inst = await call('shenlan-tech', 'GET', `/api/v1/incidents/${id}`);
    assert.deepEqual(inst.json.entries.map((n) => n.kind), ['initial', 'update', 'guidance', 'final']);
    assert.equal(inst.json.state, 'csrc_reported');
    const iev = await eventsOf(P.server, P.token['shenlan-tech'], `project:${P.launched}`);
    assert.equal(iev.filter((e) => e.kind === 'incident.reported_to_csrc').length, 0);
    // only the CSRC acknowledges
    assertError(await call('officer', 'POST', `/api/v1/incidents/${id}/acknowledge`, {}), 403, 'forbidden');
    r = await call('csrc', 'POST', `/api/v1/incidents/${id}/acknowledge`, { note: '已阅，请持续跟踪赔付。' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'acknowledged');
    assertError(await call('csrc', 'POST', `/api/v1/incidents/${id}/acknowledge`), 409, 'invalid_state');
    // compensation completes after the acknowledgement: recorded as it stands, exactly
    r = await call('officer', 'POST', `/api/v1/incidents/${id}/losses`, { loss_fen: 4812345, compensated_fen: 4812345, investors_compensated: 120 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.compensated_fen, 4812345);
    assert.equal(r.json.investors_compensated, 120);
    assert.deepEqual(r.json.losses.map((l) => [l.loss_fen, l.compensated_fen, l.investors_compensated]), [[4812345, 0, 0], [4812345, 4812345, 120]]);
    const ev = (await eventsOf(P.server, P.token.officer, `project:${P.launched}`)).filter((e) => e.kind.startsWith('incident.'));
    assert.deepEqual(ev.map((e) => e.kind), [
      'incident.reported',
      'incident.updated',
      'incident.updated',
      'incident.guidance',
      'incident.loss_recorded',
      'incident.updated',
      'incident.reported_to_csrc',
      'incident.acknowledged',
      'incident.loss_recorded',
    ]);
    assert.deepEqual(ev.filter((e) => e.kind === 'incident.updated').map((e) => e.payload.stage), ['initial', 'update', 'final']);
    assert.deepEqual(ev[4].payload, { incident_id: id, loss_fen: 4812345, compensated_fen: 0, investors_compensated: 0 });
    assert.deepEqual(ev[8].payload, { incident_id: id, loss_fen: 4812345, compensated_fen: 4812345, investors_compensated: 120 });
    assert.equal(ev[7].actor, `user:${sess.csrc.user.id}`);
    // the CSRC's history of the project: the report to it and its acknowledgement only
    const cs = await eventsOf(P.server, P.token.csrc, `project:${P.launched}`);
    assert.deepEqual(cs.filter((e) => e.kind.startsWith('incident.')).map((e) => e.kind), ['incident.reported_to_csrc', 'incident.acknowledged']);
  });

  test('the working group records an incident it learned of; the initial report reads late past its level\'s hours', async () => {
    const discovered = Number(cstUs('2026-12-01T07:00'));
    let r = await report('officer', { ...OUTAGE, category: 'information_security', level: 'large', investors_affected: 0, estimated_loss_fen: 0, title: '客户信息疑似泄露', discovered_at: discovered });
    assert.equal(r.status, 201, r.text);
    const id = r.json.id;
    ids.learned = id;
    assert.equal(r.json.state, 'awaiting_initial');
    assert.equal(r.json.source, 'working_group');
    assert.equal(r.json.initial_at, null);
    assert.equal(r.json.initial_due_at, discovered + 4 * HOUR_US); // large: 4 hours
    assert.equal(r.json.initial_late, false);
    assert.deepEqual(r.json.entries, []);
    // the institution owes the initial report; its page lists the deadline
    let page = await getPage(P.server, '/incidents', sess.officer.cookie);
    assert.match(page.text, new RegExp(`<a href="/incidents/${id}">#${id} 客户信息疑似泄露</a></td><td><a href="/projects/${P.launched}">`));
    // past 11:00 the initial report is late
    P.clock.set('2026-12-01T11:01');
    r = await call('officer', 'GET', `/api/v1/incidents/${id}`);
    assert.equal(r.json.initial_late, true);
    page = await getPage(P.server, '/incidents', sess.officer.cookie);
    assert.match(page.text, /data-late="1"/);
    assertError(await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'update', text: 'x' }), 409, 'invalid_state');
    r = await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'initial', text: '经排查，为测试环境日志外发，未涉及真实客户信息。' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'reported');
    near(r.json.initial_at, '2026-12-01T11:01');
    assert.equal(r.json.initial_late, true); // it came late, and stays so
    page = await getPage(P.server, `/incidents/${id}`, sess.officer.cookie);
    assert.match(page.text, /data-late="1"/);
    assertError(await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'initial', text: 'x' }), 409, 'invalid_state');
  });

  test('a loss record retried with its Idempotency-Key is recorded once', async () => {
    const path = `/api/v1/incidents/${ids.learned}/losses`;
    const body = { loss_fen: 0, compensated_fen: 0, investors_compensated: 0, note: '核实无损失' };
    const headers = { 'Idempotency-Key': 'loss-learned-1' };
    const before = [events(), count(`SELECT count(*) FROM incident_losses WHERE incident_id = ${ids.learned}`)];
    const a = await api(P.server, 'POST', path, { token: P.token.officer, body, headers });
    assert.equal(a.status, 200, a.text);
    const b = await api(P.server, 'POST', path, { token: P.token.officer, body, headers });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(b.json, a.json);
    assert.deepEqual([events(), count(`SELECT count(*) FROM incident_losses WHERE incident_id = ${ids.learned}`)], [before[0] + 1, before[1] + 1]);
  });

  test('the deadline is a setting per level', async () => {
    P.q("INSERT INTO settings (key, value) VALUES ('incident_initial_hours_general', '48');");
    const r = await report('shenlan-tech', { ...OUTAGE, level: 'general', title: '行情延迟' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.initial_due_at, r.json.discovered_at + 48 * HOUR_US);
    P.q("UPDATE settings SET value = '0' WHERE key = 'incident_initial_hours_general';");
    const before = [events(), rows()];
    assertError(await report('shenlan-tech', { ...OUTAGE, level: 'general' }), 500, 'invalid_setting');
    assert.deepEqual([events(), rows()], before);
    P.q("DELETE FROM settings WHERE key = 'incident_initial_hours_general';");
  });

  test('who sees what: experts, admins and other institutions nothing; the CSRC only what was reported to it', async () => {
    for (const u of ['expert1', 'admin']) {
      assertError(await call(u, 'GET', `/api/v1/incidents/${ids.outage}`), 403, 'forbidden');
      assertError(await call(u, 'GET', `/api/v1/projects/${P.launched}/incidents`), 403, 'forbidden');
      assertError(await call(u, 'GET', '/api/v1/incidents'), 403, 'forbidden');
    }
    const ev = await eventsOf(P.server, P.token.expert1, `project:${P.launched}`);
    assert.equal(ev.filter((e) => e.kind.startsWith('incident.')).length, 0);
    assertError(await call('hualu-rating', 'GET', `/api/v1/incidents/${ids.outage}`), 404, 'not_found', 'id');
    assertError(await call('hualu-rating', 'GET', `/api/v1/projects/${P.launched}/incidents`), 404, 'not_found');
    assertError(await call('hualu-rating', 'POST', `/api/v1/incidents/${ids.outage}/reports`, '{'), 404, 'not_found', 'id');
    assertError(await call('csrc', 'GET', `/api/v1/incidents/${ids.learned}`), 404, 'not_found', 'id');
    const cl = await call('csrc', 'GET', `/api/v1/projects/${P.launched}/incidents`);
    assert.deepEqual(cl.json.items.map((i) => i.id), [ids.outage]);
    const wg = await call('leader', 'GET', '/api/v1/incidents?status=reported');
    assert.ok(wg.json.items.some((i) => i.id === ids.learned));
    assert.ok(!wg.json.items.some((i) => i.id === ids.outage));
  });

  test('refusals: wrong role, wrong state, not supervised, a coaching project\'s investors, bad input; nothing stored', async () => {
    const before = [events(), rows()];
    assertError(await report('quancheng-sec', OUTAGE), 403, 'not_lead');
    for (const u of ['leader', 'csrc', 'expert1', 'admin']) assertError(await report(u, OUTAGE), 403, 'forbidden');
    const other = await call('officer', 'GET', '/api/v1/projects?state=in_review');
    assertError(await report('officer', OUTAGE, other.json.items[0].id), 409, 'invalid_state');
    // §3.3: a coaching project runs no live business: no investors, no money
    assertError(await report('quanzhi-tech', OUTAGE, P.coaching), 422, 'coaching_no_live_business');
    const cases = [
      [{ level: 'critical' }, 400, 'invalid_value', 'level'],
      [{ category: 'fraud' }, 400, 'invalid_value', 'category'],
      [{ system_class: 6 }, 400, 'invalid_value', 'system_class'],
      [{ system_class: '3' }, 400, 'invalid_type', 'system_class'],
      [{ investors_affected: -1 }, 400, 'invalid_value', 'investors_affected'],
      [{ estimated_loss_fen: 12.5 }, 400, 'invalid_type', 'estimated_loss_fen'],
      [{ title: '' }, 400, 'missing_field', 'title'],
      [{ description: undefined }, 400, 'missing_field', 'description'],
      [{ discovered_at: Number(cstUs('2027-01-01T00:00')) }, 400, 'invalid_value', 'discovered_at'],
      [{ extra: true }, 400, 'unknown_field', 'extra'],
    ];
    for (const [over, status, code, field] of cases) assertError(await report('shenlan-tech', { ...OUTAGE, ...over }), status, code, field);
    const id = ids.learned;
    assertError(await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'draft', text: 'x' }), 400, 'invalid_value', 'stage');
    assertError(await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'update' }), 400, 'missing_field', 'text');
    assertError(await call('quancheng-sec', 'POST', `/api/v1/incidents/${id}/reports`, { stage: 'update', text: 'x' }), 403, 'not_lead');
    assertError(await call('shenlan-tech', 'POST', `/api/v1/incidents/${id}/guidance`, { text: 'x' }), 403, 'forbidden');
    assertError(await call('officer', 'POST', `/api/v1/incidents/${id}/guidance`, {}), 400, 'missing_field', 'text');
    assertError(await call('officer', 'POST', `/api/v1/incidents/${id}/losses`, { loss_fen: -5, compensated_fen: 0, investors_compensated: 0 }), 400, 'invalid_value', 'loss_fen');
    assertError(await call('officer', 'POST', `/api/v1/incidents/${id}/losses`, { loss_fen: 5 }), 400, 'missing_field', 'compensated_fen');
    assertError(await call('leader', 'POST', `/api/v1/incidents/${id}/losses`, { loss_fen: 5, compensated_fen: 0, investors_compensated: 0 }), 403, 'forbidden');
    assertError(await call('csrc', 'POST', `/api/v1/incidents/${id}/acknowledge`, {}), 404, 'not_found', 'id');
    assertError(await call('officer', 'GET', '/api/v1/incidents?status=open'), 400, 'invalid_value', 'status');
    assertError(await call('officer', 'GET', '/api/v1/incidents/999999'), 404, 'not_found', 'id');
    assert.deepEqual([events(), rows()], before);
    // a coaching project's incident without investors or money is taken, and no loss on it
    const c = await report('quanzhi-tech', { ...OUTAGE, investors_affected: 0, estimated_loss_fen: 0, title: '测试环境中断' }, P.coaching);
    assert.equal(c.status, 201, c.text);
    assertError(await call('officer', 'POST', `/api/v1/incidents/${c.json.id}/losses`, { loss_fen: 100, compensated_fen: 0, investors_compensated: 0 }), 422, 'coaching_no_live_business');
  });

  test('pages: the project\'s section and forms, the lists and an incident\'s page for each role', async () => {
    for (const u of ['shenlan-tech', 'officer']) sess[u] = await login(P.server, u, DEMO_PASSWORD);
    sess.csrc = await login(P.server, 'csrc', DEMO_PASSWORD);
    let page = await getPage(P.server, `/projects/${P.launched}`, sess['shenlan-tech'].cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="incidents"/);
    assert.match(page.text, /id="open-incident"/);
    assert.match(page.text, /报告事件/);
    page = await getPage(P.server, `/projects/${P.launched}?lang=en`, sess.officer.cookie);
    assert.match(page.text, /Record an incident/);
    // the report through the form, the amount typed in yuan
    let r = await postForm(
      P.server,
      `/projects/${P.launched}/incidents`,
      { form: 'open-incident', title: '清算文件延迟', category: 'business_error', level: 'general', system_class: '2', investors_affected: '3', estimated_loss: '1200.5', description: '清算文件晚到 40 分钟。' },
      { who: sess['shenlan-tech'] },
    );
    assert.equal(r.status, 303, r.text);
    const id = Number(/\/incidents\/(\d+)$/.exec(r.location)[1]);
    const g = await call('officer', 'GET', `/api/v1/incidents/${id}`);
    assert.equal(g.json.estimated_loss_fen, 120050);
    r = await postForm(P.server, `/projects/${P.launched}/incidents`, { form: 'open-incident', title: 'x', category: 'outage', level: 'general', system_class: '2', investors_affected: '0', estimated_loss: '12.345', description: 'x' }, { who: sess['shenlan-tech'] });
    assert.equal(r.status, 400);
    assert.match(r.text, /data-code="invalid_value"/);
    // the officer's guidance and the stages through the incident's page
    r = await postForm(P.server, `/incidents/${id}/actions/guide`, { form: 'guide', text: '请说明清算延迟的影响范围。' }, { who: sess.officer });
    assert.equal(r.status, 303);
    r = await postForm(P.server, `/incidents/${id}/actions/report`, { form: 'report', stage: 'final', text: '' }, { who: sess['shenlan-tech'] });
    assert.equal(r.status, 400);
    assert.match(r.text, /data-code="missing_field"/);
    r = await postForm(P.server, `/incidents/${id}/actions/report`, { form: 'report', stage: 'final', text: '已与托管行约定提前发送。' }, { who: sess['shenlan-tech'] });
    assert.equal(r.status, 303);
    r = await postForm(P.server, `/incidents/${id}/actions/record_loss`, { form: 'loss', loss: '0', compensated: '0', investors_compensated: '0' }, { who: sess.officer });
    assert.equal(r.status, 303);
    page = await getPage(P.server, `/incidents/${id}`, sess.officer.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="csrc"/); // the report to the CSRC, now that the final report is in
    page = await getPage(P.server, `/incidents/${ids.outage}`, sess.csrc.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /4812345|48123\.45/);
    page = await getPage(P.server, '/incidents', sess.csrc.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`href="/incidents/${ids.outage}"`));
    assert.doesNotMatch(page.text, new RegExp(`href="/incidents/${id}"`));
    page = await getPage(P.server, `/incidents/${id}`, sess.csrc.cookie);
    assert.equal(page.status, 404);
  });
});
