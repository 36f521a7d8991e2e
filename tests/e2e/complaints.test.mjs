// Complaints about running pilots (§4.3: investor protection includes complaint handling), on the
// demo database with its launched pilot (lead shenlan-tech, member quancheng-sec) and its
// coaching project (quanzhi-tech):
//  - an investor files a complaint on the public portal about a supervised public project and
//    gets a reference and a secret shown once (only its SHA-256 is stored), and a deadline of
//    15 working days after the day of filing; with both the complainant reads the status, the
//    answers and the resolution; a wrong or missing secret is the unknown reference's 404, byte
//    for byte; a project that is not supervised and public is 404 as an unknown one;
//  - filing is limited per address (429 with Retry-After) and in length (400 invalid_value
//    naming the field); every refusal stores nothing;
//  - the working group sees name and contact; an institution of the project sees the content,
//    the name only once the working group forwards it, the contact never; another institution
//    nothing (404); the CSRC what was escalated to it; events carry no name, contact or secret;
//  - the lead applicant records a complaint the institution received; handling is notes,
//    answers, resolution and escalation (each only upward, by role); figures by status,
//    overdue, resolved late and the median days to resolve; and the pages of all of it.
// The clock is the server's test clock (BAOTU_CLOCK_FILE).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
  DEMO_PASSWORD,
  api,
  assertError,
  cstUs,
  demoPilot,
  eventsOf,
  getPage,
  login,
  periodEnd,
  postForm,
} from './lib/harness.mjs';

let d; // the demo (demoPilot)
let s; // its server
let file; // its database file
const tok = {};
const ids = {};
const USERS = ['officer', 'leader', 'csrc', 'admin', 'quancheng-sec', 'shenlan-tech', 'quanzhi-tech', 'expert1'];

const sql = (q) => d.q(q);
const count = (q) => Number(sql(q));
const nextDay = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
const sha256 = (t) => createHash('sha256').update(t).digest('hex');

// The test clock, moved forward only; sessions last 12 hours, so everyone logs in again.
let clockAt = '';
async function setClock(local) {
  d.clock.set(local);
  clockAt = local;
  for (const u of USERS) tok[u] = (await login(s, u, DEMO_PASSWORD)).token;
}
const today = () => clockAt.slice(0, 10);

const call = (who, method, path, body) => api(s, method, path, { token: tok[who], body });
const file_ = (body, headers = {}) => api(s, 'POST', '/api/v1/public/complaints', { body, headers });
const lookup = (ref, secret) =>
  api(s, 'GET', `/api/v1/public/complaints/${encodeURIComponent(ref)}`, {
    headers: secret === undefined ? {} : { 'X-Complaint-Secret': secret },
  });
const complaint = (body = {}) => ({
  project_id: ids.launched,
  name: '张三',
  contact: '13800000000',
  content: '投顾建议与我的风险测评结果不符，客户经理未作说明。',
  ...body,
});
const complaints = () => count('SELECT count(*) FROM complaints;');
const eventCount = () => count('SELECT count(*) FROM events;');

describe('complaints about running pilots (§4.3)', () => {
  before(async () => {
    d = await demoPilot({ users: ['quanzhi-tech', 'expert1'] });
    s = d.server;
    ids.launched = d.launched;
    ids.coaching = d.coaching;
    const byState = async (state) => {
      const r = await api(s, 'GET', `/api/v1/projects?state=${state}`, { token: d.token.officer });
      return r.json.items[0]?.id;
    };
    ids.ended = await byState('coaching_ended');
    ids.draft = await byState('draft');
    ids.notice = await byState('public_notice');
    assert.ok(ids.ended && ids.draft, 'the demo has a coaching_ended and a draft project');
    await setClock('2026-12-01T10:00');
  });
  after(async () => {
    await d.stop();
  });

  test('POST /api/v1/public/complaints: 201 with a reference, a secret shown once and the deadline', async () => {
    const before = eventCount();
    const r = await file_(complaint());
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['due_on', 'reference', 'secret', 'status']);
    assert.match(r.json.reference, /^TS-2026-[0-9A-HJKMNP-TV-Z]{10}$/);
    assert.match(r.json.secret, /^[0-9A-HJKMNP-TV-Z]{32}$/);
    assert.equal(r.json.status, 'open');
    // 15 working days, the day of filing not counted (2026-12-01 is a Tuesday)
    assert.equal(r.json.due_on, periodEnd(nextDay(today()), 15));
    assert.equal(r.json.due_on, '2026-12-22');
    ids.ref = r.json.reference;
    ids.secret = r.json.secret;
    // only the secret's SHA-256 is stored; the secret, the name and the contact appear in no event
    const row = sql(`SELECT id || '|' || secret_hash || '|' || channel || '|' || status FROM complaints WHERE reference = '${ids.ref}';`);
    const [id, hash, channel, status] = row.split('|');
    ids.first = Number(id);
    assert.equal(hash, sha256(ids.secret));
    assert.equal(channel, 'public');
    assert.equal(status, 'open');
    assert.equal(count(`SELECT count(*) FROM complaints WHERE secret_hash LIKE '%${ids.secret}%';`), 0);
    assert.equal(eventCount(), before + 1);
    const ev = (await eventsOf(s, tok.officer, `project:${ids.launched}`)).filter((e) => e.kind === 'complaint.filed');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].actor, 'public');
    assert.deepEqual(ev[0].payload, { channel: 'public', complaint_id: ids.first, due_on: '2026-12-22', reference: ids.ref });
    const all = sql("SELECT group_concat(payload, ' ') FROM events WHERE kind LIKE 'complaint.%';");
    for (const secretish of [ids.secret, '张三', '13800000000', '投顾建议']) assert.ok(!all.includes(secretish), secretish);
  });

  test('GET /api/v1/public/complaints/{reference}: the complainant reads status and deadline with the secret', async () => {
    const r = await lookup(ids.ref, ids.secret);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, {
      reference: ids.ref,
      project_id: ids.launched,
      project_name: r.json.project_name,
      status: 'open',
      filed_at: r.json.filed_at,
      due_on: '2026-12-22',
      answers: [],
      resolution: null,
      resolved_at: null,
    });
    const at = Number(cstUs('2026-12-01T10:00'));
    assert.ok(r.json.filed_at >= at && r.json.filed_at < at + 600e6, `filed_at ${r.json.filed_at}`);
    assert.ok(!('name' in r.json) && !('contact' in r.json) && !('content' in r.json));
    // as typed by a person: lower case, hyphens and spaces are read as printed
    const typed = ids.secret.toLowerCase().replace(/(.{4})/g, '$1-').replace(/-$/, '');
    assert.equal((await lookup(ids.ref, typed)).status, 200);
  });

  test('a wrong or missing secret is the unknown reference: the same 404, byte for byte', async () => {
    const unknown = await lookup('TS-2026-0000000000', ids.secret);
    assertError(unknown, 404, 'not_found', 'reference');
    const wrong = await lookup(ids.ref, ids.secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')));
    const missing = await lookup(ids.ref);
    const garbage = await lookup(ids.ref, 'x'.repeat(200));
    const badRef = await lookup('not a reference', ids.secret);
    for (const r of [wrong, missing, garbage, badRef]) {
      assert.equal(r.status, 404);
      assert.equal(r.text, unknown.text);
      assert.equal(r.headers.get('content-type'), unknown.headers.get('content-type'));
    }
  });

  test('a project that is not supervised and public takes no complaint: 404 as an unknown one; nothing stored', async () => {
    const before = [complaints(), eventCount()];
    const unknown = await file_(complaint({ project_id: 999999 }));
    assertError(unknown, 404, 'not_found', 'project_id');
    for (const pid of [ids.ended, ids.draft, ids.notice].filter(Boolean)) {
      const r = await file_(complaint({ project_id: pid }));
      assert.equal(r.status, 404, `project ${pid}: ${r.text}`);
      assert.equal(r.text, unknown.text);
    }
    assert.deepEqual([complaints(), eventCount()], before);
    // the coaching project is supervised and on the register: it takes complaints (§3.3)
    const c = await file_(complaint({ project_id: ids.coaching, content: '辅导项目的宣传材料夸大收益。' }));
    assert.equal(c.status, 201, c.text);
    ids.coachingRef = c.json.reference;
  });

  test('oversize, blank, unknown or mistyped fields: 400 naming the field; nothing stored', async () => {
    const before = [complaints(), eventCount()];
    const cases = [
      [{ content: '投'.repeat(5001) }, 'invalid_value', 'content'],
      [{ name: '张'.repeat(101) }, 'invalid_value', 'name'],
      [{ contact: '1'.repeat(201) }, 'invalid_value', 'contact'],
      [{ content: ' \n\u3000' }, 'missing_field', 'content'],
      [{ name: undefined }, 'missing_field', 'name'],
      [{ contact: null }, 'missing_field', 'contact'],
      [{ project_id: '2' }, 'invalid_type', 'project_id'],
      [{ project_id: undefined }, 'missing_field', 'project_id'],
      [{ address: '济南' }, 'unknown_field', 'address'],
      [{ content: 'a\u0001b' }, 'invalid_text', 'content'],
    ];
    for (const [over, code, field] of cases) {
      const body = complaint(over);
      for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
      assertError(await file_(body), 400, code, field);
    }
    // at the limits exactly, it is taken
    const ok = await file_(complaint({ content: '投'.repeat(5000), name: '张'.repeat(100), contact: '1'.repeat(200) }));
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual([complaints(), eventCount()], [before[0] + 1, before[1] + 1]);
    const big = await api(s, 'POST', '/api/v1/public/complaints', { body: JSON.stringify(complaint({ content: 'x'.repeat(2 << 20) })) });
    assertError(big, 413, 'payload_too_large');
    assertError(await api(s, 'POST', '/api/v1/public/complaints', { body: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  });

  test('filing is rate-limited per address: 429 with Retry-After; nothing stored; an hour later it is taken again', async () => {
    await setClock('2026-12-01T14:00'); // a window of its own
    for (let i = 0; i < 5; i++) assert.equal((await file_(complaint({ content: `第${i + 1}次投诉` }))).status, 201);
    const before = [complaints(), eventCount()];
    const r = await file_(complaint({ content: '第6次投诉' }));
    assertError(r, 429, 'too_many_complaints');
    const wait = Number(r.headers.get('retry-after'));
    assert.ok(wait > 3000 && wait <= 3600, `Retry-After ${wait}`);
    // a refused body does not count against the address, and the limit holds for it too
    assertError(await file_(complaint({ name: '' })), 400, 'missing_field', 'name');
    assert.deepEqual([complaints(), eventCount()], before);
    await setClock('2026-12-01T15:01');
    assert.equal((await file_(complaint({ content: '一小时后再次投诉' }))).status, 201);
  });

  test('who sees what: the working group all, the institution no contact and no name until forwarded, nobody else', async () => {
    const wg = await call('officer', 'GET', `/api/v1/complaints/${ids.first}`);
    assert.equal(wg.status, 200, wg.text);
    assert.equal(wg.json.name, '张三');
    assert.equal(wg.json.contact, '13800000000');
    assert.deepEqual(wg.json.may, { note: true, forward: true, resolve: true, escalate: ['leader', 'csrc'] });
    for (const who of ['shenlan-tech', 'quancheng-sec']) {
      const r = await call(who, 'GET', `/api/v1/complaints/${ids.first}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.name, null);
      assert.ok(!('contact' in r.json));
      assert.equal(r.json.content, wg.json.content);
      const list = await call(who, 'GET', `/api/v1/projects/${ids.launched}/complaints`);
      assert.equal(list.status, 200, list.text);
      assert.ok(list.json.items.length >= 1);
      for (const c of list.json.items) {
        assert.ok(!('contact' in c), 'no contact in an institution list');
        if (c.channel === 'public') assert.equal(c.name, null);
      }
      assert.ok(!JSON.stringify(list.json).includes('13800000000'));
    }
    assert.deepEqual((await call('shenlan-tech', 'GET', `/api/v1/complaints/${ids.first}`)).json.may, {
      note: true,
      forward: false,
      resolve: true,
      escalate: ['working_group'],
    });
    // the member that is not the lead reads but does not handle (§3.2)
    assert.deepEqual((await call('quancheng-sec', 'GET', `/api/v1/complaints/${ids.first}`)).json.may, {
      note: false,
      forward: false,
      resolve: false,
      escalate: [],
    });
    // another institution: the complaint and the project's list are 404, as for an unknown id
    assertError(await call('quanzhi-tech', 'GET', `/api/v1/complaints/${ids.first}`), 404, 'not_found');
    assertError(await call('quanzhi-tech', 'GET', '/api/v1/complaints/999999'), 404, 'not_found');
    assertError(await call('quanzhi-tech', 'GET', `/api/v1/projects/${ids.launched}/complaints`), 404, 'not_found');
    assertError(await call('quanzhi-tech', 'GET', `/api/v1/projects/${ids.launched}/complaints/stats`), 404, 'not_found');
    // its own coaching project's list holds only that project's complaint
    const own = await call('quanzhi-tech', 'GET', `/api/v1/projects/${ids.coaching}/complaints`);
    assert.deepEqual(own.json.items.map((c) => c.reference), [ids.coachingRef]);
    // the CSRC sees only what was escalated to it: nothing yet
    assertError(await call('csrc', 'GET', `/api/v1/complaints/${ids.first}`), 404, 'not_found');
    assert.deepEqual((await call('csrc', 'GET', '/api/v1/complaints')).json.items, []);
    // experts and admins are no party to complaints; the institution has no queue
    for (const [who, path] of [
      ['expert1', `/api/v1/complaints/${ids.first}`],
      ['admin', `/api/v1/complaints/${ids.first}`],
      ['expert1', `/api/v1/projects/${ids.launched}/complaints`],
      ['csrc', `/api/v1/projects/${ids.launched}/complaints`],
      ['shenlan-tech', '/api/v1/complaints'],
      ['admin', '/api/v1/complaints'],
    ])
      assertError(await call(who, 'GET', path), 403, 'forbidden');
    assertError(await api(s, 'GET', '/api/v1/complaints'), 401, 'unauthenticated');
    // the queue filters by status
    const open = await call('officer', 'GET', '/api/v1/complaints?status=open&limit=200');
    assert.ok(open.json.items.every((c) => c.status === 'open'));
    assertError(await call('officer', 'GET', '/api/v1/complaints?status=closed'), 400, 'invalid_value', 'status');
  });

  test('handling: notes, an answer, the name forwarded, escalation upward, resolution; the complainant reads the answers', async () => {
    const id = ids.first;
    const n0 = eventCount();
    const note = await call('shenlan-tech', 'POST', `/api/v1/complaints/${id}/notes`, { body: '已联系客户经理核实情况。' });
    assert.equal(note.status, 201, note.text);
    assert.equal(note.json.notes.length, 1);
    assert.equal(note.json.notes[0].side, 'institution');
    assert.equal(note.json.notes[0].to_complainant, false);
    const answer = await call('shenlan-tech', 'POST', `/api/v1/complaints/${id}/notes`, { body: '您好，已为您重新进行风险测评。', to_complainant: true });
    assert.equal(answer.status, 201, answer.text);
    // the partner that is not the lead may not handle: 403 not_lead; nothing stored
    assertError(await call('quancheng-sec', 'POST', `/api/v1/complaints/${id}/notes`, { body: '我方意见' }), 403, 'not_lead');
    assertError(await call('quanzhi-tech', 'POST', `/api/v1/complaints/${id}/notes`, { body: 'x' }), 404, 'not_found');
    assertError(await call('csrc', 'POST', `/api/v1/complaints/${id}/notes`, { body: 'x' }), 403, 'forbidden');
    assertError(await call('officer', 'POST', `/api/v1/complaints/${id}/notes`, { body: '' }), 400, 'missing_field', 'body');
    assertError(await call('officer', 'POST', `/api/v1/complaints/${id}/notes`, { body: 'x'.repeat(5001) }), 400, 'invalid_value', 'body');
    assertError(await call('officer', 'POST', `/api/v1/complaints/${id}/notes`, { body: 'x', public: true }), 400, 'unknown_field', 'public');
    assert.equal(eventCount(), n0 + 2);
    // the complainant reads the answer, never the internal note
    const seen = await lookup(ids.ref, ids.secret);
    assert.deepEqual(seen.json.answers.map((a) => [a.body, a.side]), [['您好，已为您重新进行风险测评。', 'institution']]);
    // the working group forwards the name (never the contact): once
    assertError(await call('shenlan-tech', 'POST', `/api/v1/complaints/${id}/forward`), 403, 'forbidden');
    const fw = await call('officer', 'POST', `/api/v1/complaints/${id}/forward`);
    assert.equal(fw.status, 200, fw.text);
    assert.equal(fw.json.name_forwarded, true);
    assertError(await call('officer', 'POST', `/api/v1/complaints/${id}/forward`), 409, 'invalid_state');
    const inst = await call('quancheng-sec', 'GET', `/api/v1/complaints/${id}`);
    assert.equal(inst.json.name, '张三');
    assert.ok(!('contact' in inst.json));
    // escalation: each role only to its levels, and only upward
    const esc = (who, to, reason = '需上级协调') => call(who, 'POST', `/api/v1/complaints/${id}/escalate`, { to, reason });
    assertError(await esc('shenlan-tech', 'csrc'), 403, 'forbidden', 'to');
    assertError(await esc('officer', 'working_group'), 403, 'forbidden', 'to');
    assertError(await esc('officer', 'ministry'), 400, 'invalid_value', 'to');
    assertError(await esc('officer', 'leader', ''), 400, 'missing_field', 'reason');
    const n1 = eventCount();
    const up1 = await esc('shenlan-tech', 'working_group', '客户坚持要求赔偿，请工作组协调。');
    assert.equal(up1.status, 200, up1.text);
    assert.equal(up1.json.status, 'escalated');
    assertError(await esc('shenlan-tech', 'working_group'), 409, 'invalid_state', 'to');
    assert.equal((await esc('officer', 'leader')).status, 200);
    assertError(await esc('officer', 'leader'), 409, 'invalid_state', 'to');
    const up3 = await esc('leader', 'csrc', '涉及适当性管理，报告证监会。');
    assert.equal(up3.status, 200, up3.text);
    assert.equal(up3.json.escalated_to, 'csrc');
    assert.equal(eventCount(), n1 + 3);
    // now the CSRC reads it, in its queue and alone
    const csrc = await call('csrc', 'GET', `/api/v1/complaints/${id}`);
    assert.equal(csrc.status, 200, csrc.text);
    assert.equal(csrc.json.contact, '13800000000');
    assert.deepEqual(csrc.json.may, { note: false, forward: false, resolve: false, escalate: [] });
    assert.deepEqual((await call('csrc', 'GET', '/api/v1/complaints')).json.items.map((c) => c.id), [id]);
    assertError(await call('csrc', 'POST', `/api/v1/complaints/${id}/resolve`, { resolution: 'x' }), 403, 'forbidden');
    // resolution, read by the complainant; then nothing more is taken
    assertError(await call('shenlan-tech', 'POST', `/api/v1/complaints/${id}/resolve`, {}), 400, 'missing_field', 'resolution');
    const done = await call('shenlan-tech', 'POST', `/api/v1/complaints/${id}/resolve`, { resolution: '已重新测评并调整投资建议，客户认可。' });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.status, 'resolved');
    assert.deepEqual(done.json.may, { note: false, forward: false, resolve: false, escalate: [] });
    const n2 = eventCount();
    for (const [path, body] of [
      ['notes', { body: 'x' }],
      ['resolve', { resolution: 'x' }],
      ['escalate', { to: 'csrc', reason: 'x' }],
    ])
      assertError(await call('officer', 'POST', `/api/v1/complaints/${id}/${path}`, body), 409, 'invalid_state');
    assertError(await call('officer', 'POST', `/api/v1/complaints/${id}/forward`), 409, 'invalid_state');
    assert.equal(eventCount(), n2);
    const final = await lookup(ids.ref, ids.secret);
    assert.equal(final.json.status, 'resolved');
    assert.equal(final.json.resolution, '已重新测评并调整投资建议，客户认可。');
    assert.equal(typeof final.json.resolved_at, 'number');
    // the history: ids, the reference, levels; no text, name, contact or secret
    const ev = (await eventsOf(s, tok['shenlan-tech'], `project:${ids.launched}`)).filter((e) => e.kind.startsWith('complaint.') && e.payload.complaint_id === id);
    assert.deepEqual(
      ev.map((e) => e.kind),
      ['complaint.filed', 'complaint.noted', 'complaint.noted', 'complaint.noted', 'complaint.escalated', 'complaint.escalated', 'complaint.escalated', 'complaint.resolved'],
    );
    assert.deepEqual(ev[2].payload, { complaint_id: id, note_id: ev[2].payload.note_id, to_complainant: true });
    assert.deepEqual(ev[3].payload, { complaint_id: id, name_forwarded: true });
    assert.deepEqual(ev.slice(4, 7).map((e) => e.payload.to), ['working_group', 'leader', 'csrc']);
    for (const e of ev) {
      assert.equal(e.reason, null);
      for (const secretish of [ids.secret, '张三', '13800000000']) assert.ok(!JSON.stringify(e).includes(secretish));
    }
    // experts see nothing of supervision in a project's history
    const expertView = await call('expert1', 'GET', `/api/v1/events?subject=project:${ids.launched}&limit=200`);
    if (expertView.status === 200) assert.ok(expertView.json.items.every((e) => !e.kind.startsWith('complaint.')));
  });

  test('the lead applicant records a complaint the institution received; only while supervised, only the lead', async () => {
    const body = { name: '李四', contact: 'li4@example.cn', content: '客户电话投诉：推荐产品风险等级高于其承受能力。' };
    const before = [complaints(), eventCount()];
    assertError(await call('quancheng-sec', 'POST', `/api/v1/projects/${ids.launched}/complaints`, body), 403, 'not_lead');
    assertError(await call('quanzhi-tech', 'POST', `/api/v1/projects/${ids.launched}/complaints`, body), 404, 'not_found');
    assertError(await call('officer', 'POST', `/api/v1/projects/${ids.launched}/complaints`, body), 403, 'forbidden');
    assertError(await call('shenlan-tech', 'POST', `/api/v1/projects/${ids.draft}/complaints`, body), 409, 'invalid_state');
    assertError(await call('shenlan-tech', 'POST', `/api/v1/projects/${ids.launched}/complaints`, { ...body, content: 'x'.repeat(5001) }), 400, 'invalid_value', 'content');
    assertError(await call('shenlan-tech', 'POST', `/api/v1/projects/${ids.launched}/complaints`, { ...body, channel: 'public' }), 400, 'unknown_field', 'channel');
    assert.deepEqual([complaints(), eventCount()], before);
    const r = await call('shenlan-tech', 'POST', `/api/v1/projects/${ids.launched}/complaints`, body);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.channel, 'institution');
    assert.equal(r.json.name, '李四'); // the institution recorded it: it knows the name
    assert.ok(!('contact' in r.json));
    assert.match(r.json.secret, /^[0-9A-HJKMNP-TV-Z]{32}$/);
    assert.equal(r.json.filed_by, (await call('shenlan-tech', 'GET', '/api/v1/session')).json.user.id);
    const ev = (await eventsOf(s, tok.officer, `project:${ids.launched}`)).filter((e) => e.kind === 'complaint.filed').at(-1);
    assert.equal(ev.payload.channel, 'institution');
    assert.equal((await lookup(r.json.reference, r.json.secret)).status, 200);
    // the working group cannot forward a name the institution knows already
    assertError(await call('officer', 'POST', `/api/v1/complaints/${r.json.id}/forward`), 409, 'invalid_state');
    ids.recorded = r.json.id;
  });

  test('figures: by status, overdue past the deadline, resolved late, the median days to resolve', async () => {
    const stats = async () => {
      const r = await call('officer', 'GET', `/api/v1/projects/${ids.coaching}/complaints/stats`);
      assert.equal(r.status, 200, r.text);
      return r.json;
    };
    const s0 = await stats();
    assert.deepEqual(s0, {
      project_id: ids.coaching,
      total: 1,
      by_status: { open: 1, escalated: 0, resolved: 0 },
      overdue: 0,
      resolved_late: 0,
      response_working_days: 15,
      median_days_to_resolve: null,
    });
    const [cid, due] = sql(`SELECT id || '|' || due_on FROM complaints WHERE reference = '${ids.coachingRef}';`).split('|');
    // the day after the deadline it is overdue, in the figures and in the lists
    await setClock(`${nextDay(due)}T09:00`);
    const s1 = await stats();
    assert.equal(s1.overdue, 1);
    const item = (await call('quanzhi-tech', 'GET', `/api/v1/projects/${ids.coaching}/complaints`)).json.items[0];
    assert.equal(item.overdue, true);
    const r = await call('quanzhi-tech', 'POST', `/api/v1/complaints/${cid}/resolve`, { resolution: '已更正宣传材料。' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.overdue, false);
    const s2 = await stats();
    assert.deepEqual([s2.total, s2.by_status, s2.overdue, s2.resolved_late], [1, { open: 0, escalated: 0, resolved: 1 }, 0, 1]);
    // the median of the days from filing to resolution, to a tenth
    const [filed, resolved] = sql(`SELECT filed_at || '|' || resolved_at FROM complaints WHERE id = ${cid};`).split('|').map(Number);
    assert.equal(s2.median_days_to_resolve, Math.round(((resolved - filed) / 86400e6) * 10) / 10);
    // a second resolved complaint makes the median the mean of the two
    await setClock(`${nextDay(due)}T11:00`);
    const c2 = await file_(complaint({ project_id: ids.coaching, content: '第二件投诉' }));
    assert.equal(c2.status, 201, c2.text);
    const id2 = Number(sql(`SELECT id FROM complaints WHERE reference = '${c2.json.reference}';`));
    await setClock(`${nextDay(nextDay(due))}T11:00`);
    assert.equal((await call('officer', 'POST', `/api/v1/complaints/${id2}/resolve`, { resolution: '已答复。' })).status, 200);
    const s3 = await stats();
    const days = sql(`SELECT group_concat(CAST(resolved_at - filed_at AS TEXT)) FROM complaints WHERE project_id = ${ids.coaching};`).split(',').map((x) => Number(x) / 86400e6);
    assert.equal(s3.median_days_to_resolve, Math.round(((days[0] + days[1]) / 2) * 10) / 10);
    assert.equal(s3.resolved_late, 1);
  });

  test('pages: the public form and look-up, the link from a running pilot, the queue, one complaint, the project card', async () => {
    await setClock('2026-12-30T10:00');
    // the pilot's public page links to the form; the form lists the supervised pilots only
    const notices = await api(s, 'GET', '/api/v1/public/pilots?limit=200');
    const launchedNotice = notices.json.items.find((p) => p.project_id === ids.launched).notice_id;
    const endedNotice = notices.json.items.find((p) => p.project_id === ids.ended)?.notice_id;
    assert.match((await getPage(s, `/public/notices/${launchedNotice}`)).text, new RegExp(`/public/complaints/new\\?project_id=${ids.launched}"`));
    if (endedNotice) assert.doesNotMatch((await getPage(s, `/public/notices/${endedNotice}`)).text, /complaints\/new\?project_id/);
    const form = await getPage(s, `/public/complaints/new?project_id=${ids.launched}`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`<option value="${ids.launched}" selected>`));
    assert.match(form.text, new RegExp(`<option value="${ids.coaching}"`));
    assert.doesNotMatch(form.text, new RegExp(`<option value="${ids.ended}"`));
    // filing through the form shows the reference and the secret once; a foreign origin is refused
    const fields = { project_id: String(ids.launched), name: '王五', contact: 'w5@example.cn', content: '网页提交的投诉。' };
    const foreign = await postForm(s, '/public/complaints/new', fields, { headers: { Origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    const sent = await postForm(s, '/public/complaints/new', fields);
    assert.equal(sent.status, 201, sent.text);
    const ref = /data-reference="([^"]+)"/.exec(sent.text)[1];
    const secret = /data-secret="([^"]+)"/.exec(sent.text)[1];
    assert.equal(sql(`SELECT secret_hash FROM complaints WHERE reference = '${ref}';`), sha256(secret));
    // a refused form comes back with the error and what was typed
    const bad = await postForm(s, '/public/complaints/new', { ...fields, content: '投'.repeat(5001) });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /data-code="invalid_value"/);
    assert.match(bad.text, /w5@example\.cn/);
    // the look-up page
    assert.equal((await getPage(s, '/public/complaints/lookup')).status, 200);
    const found = await postForm(s, '/public/complaints/lookup', { reference: ref, secret });
    assert.equal(found.status, 200);
    assert.match(found.text, new RegExp(ref));
    assert.match(found.text, /data-status="open"/);
    const notFound = await postForm(s, '/public/complaints/lookup', { reference: ref, secret: 'WRONG' });
    assert.equal(notFound.status, 404);
    assert.doesNotMatch(notFound.text, /data-status=/);
    // the working group's queue and one complaint, with the handling forms
    const officer = await login(s, 'officer', DEMO_PASSWORD);
    const queue = await getPage(s, '/complaints?status=open', officer.cookie);
    assert.equal(queue.status, 200);
    assert.match(queue.text, new RegExp(ref));
    const id = Number(sql(`SELECT id FROM complaints WHERE reference = '${ref}';`));
    const page = await getPage(s, `/complaints/${id}`, officer.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /w5@example\.cn/);
    assert.match(page.text, new RegExp(`action="/complaints/${id}/forward"`));
    const posted = await postForm(s, `/complaints/${id}/notes`, { body: '网页答复', to_complainant: '1' }, { who: officer });
    assert.equal(posted.status, 303);
    assert.equal(posted.location, `/complaints/${id}?done=note#notes`);
    const refused = await postForm(s, `/complaints/${id}/escalate`, { to: 'working_group', reason: 'x' }, { who: officer });
    assert.equal(refused.status, 403);
    assert.match(refused.text, /data-code="forbidden"/);
    assert.equal((await lookup(ref, secret)).json.answers[0].body, '网页答复');
    // the institution's pages: no contact, the record form; the project page's card
    const lead = await login(s, 'shenlan-tech', DEMO_PASSWORD);
    const instPage = await getPage(s, `/complaints/${id}`, lead.cookie);
    assert.equal(instPage.status, 200);
    assert.doesNotMatch(instPage.text, /w5@example\.cn/);
    const list = await getPage(s, `/projects/${ids.launched}/complaints`, lead.cookie);
    assert.equal(list.status, 200);
    assert.match(list.text, /id="complaint-figures"/);
    assert.match(list.text, new RegExp(`action="/projects/${ids.launched}/complaints"`));
    const rec = await postForm(s, `/projects/${ids.launched}/complaints`, { name: '赵六', contact: 'z6@example.cn', content: '柜台收到的投诉' }, { who: lead });
    assert.equal(rec.status, 201, rec.text);
    assert.match(rec.text, /data-secret="[0-9A-HJKMNP-TV-Z]{32}"/);
    const projectPage = await getPage(s, `/projects/${ids.launched}`, lead.cookie);
    assert.match(projectPage.text, /id="supervision-exchange"/);
    assert.match(projectPage.text, /id="complaint-figures"/);
    const other = await login(s, 'quanzhi-tech', DEMO_PASSWORD);
    assert.equal((await getPage(s, `/complaints/${id}`, other.cookie)).status, 404);
  });
});
