// Exit (§4.4: 自行申请退出或者强制退出的试点项目,应严格执行退出方案,充分保障投资者合法权益), on the
// demo's launched pilot led by shenlan-tech (participant quancheng-sec):
//  - a voluntary exit needs the lead's application (422 no_exit_application before it);
//  - start_exit (maker-checker) turns the exit plan into a checklist of fixed items; the lead
//    or an officer gives each its evidence while exiting (another member 403, another
//    institution 404); complete_exit is refused (422 exit_checklist_incomplete naming the
//    missing items) until every item has its evidence;
//  - the public register shows the state and the outcomes; the exit announcements list the
//    exit; a complaint against the exited pilot is accepted while the channel is open and
//    refused once the day passed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, assertError, assertRefused, assertErrorWith, cstDate, demoPilot, DEMO_PASSWORD, getPage, login, postForm, query } from './lib/harness.mjs';

let d;
let P;
let q;
const DAY_US = 86400 * 1e6;
let nowUs;
const day = (n) => cstDate(nowUs + n * DAY_US);
const ITEMS = ['investors_notified', 'services_wound_down', 'compensation_paid', 'data_handled', 'complaint_channel'];

const call = (who, method, path, body) => api(d.server, method, path, { token: d.token[who], body });
const act = (who, action, body) => call(who, 'POST', `/api/v1/projects/${P}/actions/${action}`, body);
const evidence = (who, item, body) => call(who, 'PUT', `/api/v1/projects/${P}/exit/items/${item}`, body);
const count = (sql) => Number(q(sql));
// the exit items of P's exit (the demo has exits of its own)
const OF_P = () => `exit_id IN (SELECT id FROM exits WHERE project_id = ${P})`;
const snapshot = () => ({
  events: count('SELECT count(*) FROM events'),
  decisions: count('SELECT count(*) FROM decisions'),
  applications: count(`SELECT count(*) FROM exit_applications WHERE project_id = ${P}`),
  exits: count(`SELECT count(*) FROM exits WHERE project_id = ${P}`),
  evidence: q(`SELECT group_concat(item || '=' || COALESCE(evidence, ''), ';') FROM exit_items WHERE ${OF_P()}`),
  complaints: count('SELECT count(*) FROM complaints'),
  state: q(`SELECT state FROM projects WHERE id = ${P}`),
});
const refused = (fn, status, code, field) => assertRefused(snapshot, fn, status, code, field);
async function approve(r) {
  assert.equal(r.status, 202, r.text);
  const a = await call('leader', 'POST', `/api/v1/decisions/${r.json.decision.id}/approve`, { reason: '同意' });
  assert.equal(a.status, 200, a.text);
  return (await call('officer', 'GET', `/api/v1/projects/${P}`)).json;
}
const complaint = () =>
  api(d.server, 'POST', '/api/v1/public/complaints', {
    body: { project_id: P, name: '李四', contact: '13900000000', content: '退出后账户内资金尚未退回。' },
  });

describe('exit (§4.4)', () => {
  before(async () => {
    d = await demoPilot({ users: ['haigang-sec', 'expert1'] });
    q = (sql) => query(join(d.dir, 'demo.db'), sql);
    nowUs = Number(readFileSync(d.clock.file, 'utf8'));
    for (const it of (await call('officer', 'GET', '/api/v1/projects?state=launched')).json.items) {
      const p = await call('officer', 'GET', `/api/v1/projects/${it.id}`);
      if (p.json.members.find((m) => m.lead).name.includes('深蓝链')) P = it.id;
    }
    assert.ok(P);
  });
  after(() => d.stop());

  test('start_exit needs its fields, and a voluntary exit the lead application', async () => {
    const ok = { reason: '试点机构申请退出', kind: 'voluntary', channel_open_until: day(30) };
    await refused(() => act('officer', 'start_exit', { ...ok, kind: undefined }), 400, 'missing_field', 'kind');
    await refused(() => act('officer', 'start_exit', { ...ok, kind: 'quietly' }), 400, 'invalid_value', 'kind');
    await refused(() => act('officer', 'start_exit', { ...ok, channel_open_until: undefined }), 400, 'missing_field', 'channel_open_until');
    await refused(() => act('officer', 'start_exit', { ...ok, channel_open_until: '2024-13-01' }), 400, 'invalid_value', 'channel_open_until');
    await refused(() => act('officer', 'start_exit', { ...ok, channel_open_until: day(0) }), 400, 'invalid_value', 'channel_open_until');
    await refused(() => act('officer', 'start_exit', ok), 422, 'no_exit_application');
    // the application: the lead only, with a reason
    await refused(() => act('quancheng-sec', 'apply_exit', { reason: '退出' }), 403, 'not_lead');
    await refused(() => act('haigang-sec', 'apply_exit', { reason: '退出' }), 404, 'not_found');
    await refused(() => act('officer', 'apply_exit', { reason: '退出' }), 403, 'forbidden');
    await refused(() => act('shenlan-tech', 'apply_exit', {}), 400, 'missing_field', 'reason');
    const r = await act('shenlan-tech', 'apply_exit', { reason: '业务战略调整，申请自行退出试点' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'launched');
    const x = await call('shenlan-tech', 'GET', `/api/v1/projects/${P}/exit`);
    assert.equal(x.status, 200, x.text);
    assert.equal(x.json.application.status, 'pending');
    assert.equal(x.json.application.reason, '业务战略调整，申请自行退出试点');
    assert.equal(x.json.exit, null);
    assertError(await call('haigang-sec', 'GET', `/api/v1/projects/${P}/exit`), 404, 'not_found');
    assertError(await call('expert1', 'GET', `/api/v1/projects/${P}/exit`), 403, 'forbidden');
  });

  test('start_exit turns the exit plan into the checklist', async () => {
    const p = await approve(await act('officer', 'start_exit', { reason: '同意自行退出', kind: 'voluntary', channel_open_until: day(30) }));
    assert.equal(p.state, 'exiting');
    const x = (await call('officer', 'GET', `/api/v1/projects/${P}/exit`)).json;
    assert.equal(x.application.status, 'started');
    assert.equal(x.exit.kind, 'voluntary');
    assert.equal(x.exit.channel_open_until, day(30));
    assert.equal(x.exit.started_on, day(0));
    assert.equal(x.exit.plan, p.exit_plan);
    assert.ok(x.exit.plan.length > 0);
    assert.deepEqual(x.exit.items.map((i) => i.item), ITEMS);
    assert.ok(x.exit.items.every((i) => !i.done && i.evidence === null && i.label.en && i.label['zh-CN']));
    assert.equal(x.may_give_evidence, true);
    assert.equal((await call('csrc', 'GET', `/api/v1/projects/${P}/exit`)).status, 200);
    const ev = JSON.parse(q(`SELECT payload FROM events WHERE kind = 'project.start_exit' AND subject_id = '${P}'`));
    assert.equal(ev.exit.kind, 'voluntary');
    assert.deepEqual(ev.exit.items, ITEMS);
  });

  test('complete_exit waits for every item\'s evidence', async () => {
    const before = snapshot();
    const r = await act('officer', 'complete_exit', { reason: '退出完成' });
    const e = assertErrorWith(r, 422, 'exit_checklist_incomplete', ['missing_items']);
    assert.deepEqual(e.missing_items, ITEMS);
    assert.deepEqual(snapshot(), before);
    // who gives evidence, and what
    await refused(() => evidence('quancheng-sec', 'investors_notified', { evidence: '已公告' }), 403, 'not_lead');
    await refused(() => evidence('haigang-sec', 'investors_notified', { evidence: '已公告' }), 404, 'not_found');
    await refused(() => evidence('leader', 'investors_notified', { evidence: '已公告' }), 403, 'forbidden');
    await refused(() => evidence('csrc', 'investors_notified', { evidence: '已公告' }), 403, 'forbidden');
    await refused(() => evidence('shenlan-tech', 'farewell_party', { evidence: '已公告' }), 404, 'not_found', 'item');
    await refused(() => evidence('shenlan-tech', 'investors_notified', {}), 400, 'missing_field', 'evidence');
    await refused(() => evidence('shenlan-tech', 'investors_notified', { evidence: ' ' }), 400, 'missing_field', 'evidence');
    await refused(() => evidence('shenlan-tech', 'investors_notified', { evidence: 'x', file: 'y' }), 400, 'unknown_field');
    const lead = ITEMS.slice(0, 3);
    for (const item of lead) {
      const g = await evidence('shenlan-tech', item, { evidence: `${item} 证明材料` });
      assert.equal(g.status, 200, g.text);
    }
    const g = await evidence('officer', 'complaint_channel', { evidence: '投诉渠道公告已核实' });
    assert.equal(g.status, 200, g.text);
    const done = g.json.exit.items.filter((i) => i.done).map((i) => i.item);
    assert.deepEqual(done, [...lead, 'complaint_channel']);
    assert.equal(count(`SELECT count(*) FROM events WHERE kind = 'exit.evidence' AND subject_id = '${P}'`), 4);
    const again = await act('officer', 'complete_exit', { reason: '退出完成' });
    assert.deepEqual(assertErrorWith(again, 422, 'exit_checklist_incomplete', ['missing_items']).missing_items, ['data_handled']);
    // the project page's evidence form (the lead's session)
    const session = await login(d.server, 'shenlan-tech', DEMO_PASSWORD);
    const form = await getPage(d.server, `/projects/${P}`, session.cookie);
    assert.ok(form.text.includes(`action="/projects/${P}/exit/items/data_handled"`));
    const blank = await postForm(d.server, `/projects/${P}/exit/items/data_handled`, { evidence: ' ' }, { who: session });
    assert.equal(blank.status, 400);
    assert.equal(count(`SELECT count(*) FROM exit_items WHERE item = 'data_handled' AND evidence IS NULL AND ${OF_P()}`), 1);
    const posted = await postForm(d.server, `/projects/${P}/exit/items/data_handled`, { evidence: '客户数据已移交并销毁副本' }, { who: session });
    assert.equal(posted.status, 303, posted.text);
    assert.match(posted.location, /#exit$/);
    const p = await approve(await act('officer', 'complete_exit', { reason: '退出完成' }));
    assert.equal(p.state, 'exited');
    assert.deepEqual(p.allowed_actions, []);
    const x = (await call('shenlan-tech', 'GET', `/api/v1/projects/${P}/exit`)).json;
    assert.equal(x.exit.completed_on, day(0));
    assert.equal(x.may_give_evidence, false);
    await refused(() => evidence('shenlan-tech', 'data_handled', { evidence: '补充' }), 409, 'invalid_state');
  });

  test('the public register and the exit announcements', async () => {
    const r = await api(d.server, 'GET', '/api/v1/public/pilots');
    const mine = r.json.items.find((x) => x.project_id === P);
    assert.equal(mine.state, 'exited');
    assert.deepEqual(mine.outcomes.map((o) => o.action), ['launch', 'start_exit', 'complete_exit']);
    assert.equal(mine.outcomes[1].exit_kind, 'voluntary');
    assert.ok(!r.text.includes('业务战略调整'), 'the register shows the application\'s reason');
    const x = await api(d.server, 'GET', '/api/v1/public/exits');
    assert.equal(x.status, 200, x.text);
    // newest first: P's exit before the demo's
    const a = x.json.items[0];
    assert.equal(a.project_id, P);
    assert.equal(a.kind, 'voluntary');
    assert.equal(a.state, 'exited');
    assert.equal(a.channel_open_until, day(30));
    assert.equal(a.completed_on, day(0));
    assert.deepEqual([a.items_done, a.items_total], [5, 5]);
    assert.equal(a.complaint_channel_open, true);
    assert.ok(!x.text.includes('证明材料'), 'the announcement shows the evidence');
    const page = await getPage(d.server, '/public/exits');
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(a.project_name));
    assert.ok(page.text.includes('退出公告'));
    assert.ok((await getPage(d.server, '/public/pilots')).text.includes('href="/public/exits"'));
    // the project page: the exit card with the checklist
    const officer = await login(d.server, 'officer', DEMO_PASSWORD);
    const pp = await getPage(d.server, `/projects/${P}`, officer.cookie);
    assert.ok(pp.text.includes('id="exit"'));
    assert.ok(pp.text.includes('客户数据已移交并销毁副本'));
  });

  test('complaints against the exited pilot: accepted while the channel is open, then refused', async () => {
    const r = await complaint();
    assert.equal(r.status, 201, r.text);
    assert.ok(r.json.reference);
    const form = await getPage(d.server, '/public/complaints/new');
    assert.ok(form.text.includes(`value="${P}"`), 'the public form offers the exited pilot');
    d.clock.set(`${day(31)}T10:00`);
    await refused(complaint, 404, 'not_found', 'project_id');
    assert.equal((await api(d.server, 'GET', '/api/v1/public/exits')).json.items.find((e) => e.project_id === P).complaint_channel_open, false);
  });
});
