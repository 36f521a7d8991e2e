// Information exchange (§4.3.1: the working group keeps daily contact with the pilot
// institutions and reports new situations upward to the CSRC), on the demo database with its
// launched pilot (lead shenlan-tech, member quancheng-sec) and coaching project (quanzhi-tech):
//  - threads per project between the working group and the project's member institutions,
//    messages with files (multipart; sniffed, content-addressed), read receipts (message.read)
//    and unread counts; nobody else reads them (another institution 404, other roles 403);
//    new threads and messages only while the project is supervised;
//  - reports of new situations by the working group, acknowledged once by the CSRC; their
//    events are about the project (never shown to its institutions) or about situation:ID
//    (a history only staff read);
//  - every refusal with its status and code, and nothing stored; and the pages of all of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  DEMO_PASSWORD, api, assertError, demoPilot, download, eventsOf, getPage, login, multipart,
  postForm
} from './lib/harness.mjs';

let d;
let s;
const tok = {};
const uid = {};
const ids = {};
const USERS = ['officer', 'leader', 'csrc', 'admin', 'quancheng-sec', 'shenlan-tech', 'quanzhi-tech', 'expert1'];

const sql = (q) => d.q(q);
const count = (q) => Number(sql(q));
const call = (who, method, path, body) => api(s, method, path, { token: tok[who], body });
const stored = () =>
  ['threads', 'messages', 'message_attachments', 'message_reads', 'situations', 'events', 'blobs'].map((t) => count(`SELECT count(*) FROM ${t};`));

const pdf = (text) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n% ${text}\n%%EOF\n`, 'latin1');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

// A message with files, over the API as `who`.
function sendWithFiles(who, thread, body, files) {
  const parts = [];
  if (body !== undefined) parts.push({ name: 'body', value: body });
  for (const f of files) parts.push({ name: 'file', filename: f.name, type: f.type ?? 'application/octet-stream', data: f.data });
  const m = multipart(parts);
  return api(s, 'POST', `/api/v1/threads/${thread}/messages`, { token: tok[who], body: m.body, headers: { 'Content-Type': m.type } });
}

describe('information exchange (§4.3.1)', () => {
  before(async () => {
    d = await demoPilot({ users: ['quanzhi-tech', 'expert1'] });
    s = d.server;
    Object.assign(tok, d.token);
    for (const u of USERS) {
      const l = await login(s, u, DEMO_PASSWORD);
      tok[u] = l.token;
      uid[u] = l.user.id;
    }
    ids.launched = d.launched;
    ids.coaching = d.coaching;
    const r = await api(s, 'GET', '/api/v1/projects?state=draft', { token: tok.officer });
    ids.draft = r.json.items[0].id; // shenlan-tech's draft with luoyuan-sales
  });
  after(async () => {
    await d.stop();
  });

  test('a thread: the working group starts it, both institutions of the project reply, with files', async () => {
    const before = stored();
    const t = await call('officer', 'POST', `/api/v1/projects/${ids.launched}/threads`, { subject: '十一月运行情况', body: '请于本周内报送十一月客户投诉处理情况。' });
    assert.equal(t.status, 201, t.text);
    assert.equal(t.headers.get('location'), `/api/v1/threads/${t.json.id}`);
    assert.deepEqual(
      { ...t.json, id: 0, created_at: 0, last_message_at: 0, message_id: 0 },
      { id: 0, project_id: ids.launched, project_name: t.json.project_name, subject: '十一月运行情况', created_by: uid.officer, created_at: 0, last_message_at: 0, messages: 1, unread: 0, message_id: 0 },
    );
    ids.thread = t.json.id;
    ids.m1 = t.json.message_id;
    const reply = await call('shenlan-tech', 'POST', `/api/v1/threads/${ids.thread}/messages`, { body: '收到，已安排专人整理。' });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.json.side, 'institution');
    assert.equal(reply.json.read, true); // its author's own
    ids.m2 = reply.json.id;
    const withFiles = await sendWithFiles('quancheng-sec', ids.thread, '附件为处理记录和截图。', [
      { name: '投诉处理记录.pdf', type: 'text/html', data: pdf('记录') }, // the declared type is not trusted
      { name: 'screen.png', type: 'image/png', data: PNG },
    ]);
    assert.equal(withFiles.status, 201, withFiles.text);
    assert.deepEqual(
      withFiles.json.attachments.map((f) => [f.filename, f.content_type, f.size]),
      [['投诉处理记录.pdf', 'application/pdf', pdf('记录').length], ['screen.png', 'image/png', PNG.length]],
    );
    ids.m3 = withFiles.json.id;
    ids.att = withFiles.json.attachments[0].id;
    // threads 1, messages 3, files 2, no receipts, no situations, 3 events (message.sent), 2 blobs
    assert.deepEqual(stored(), [before[0] + 1, before[1] + 3, before[2] + 2, before[3], before[4], before[5] + 3, before[6] + 2]);
    const ev = (await eventsOf(s, tok.officer, `project:${ids.launched}`)).filter((e) => e.kind === 'message.sent');
    assert.deepEqual(
      ev.map((e) => e.payload),
      [
        { thread_id: ids.thread, message_id: ids.m1, side: 'working_group', attachments: 0 },
        { thread_id: ids.thread, message_id: ids.m2, side: 'institution', attachments: 0 },
        { thread_id: ids.thread, message_id: ids.m3, side: 'institution', attachments: 2 },
      ],
    );
    // the file comes back as an attachment of its sniffed type
    const f = await download(s, `/api/v1/threads/${ids.thread}/attachments/${ids.att}`, tok.officer);
    assert.equal(f.status, 200);
    assert.equal(f.headers.get('content-type'), 'application/pdf');
    assert.match(f.headers.get('content-disposition'), /^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''%E6%8A%95/);
    assert.deepEqual(f.bytes, pdf('记录'));
  });

  test('unread counts and read receipts: who read which message when; message.read once per reader', async () => {
    const reads0 = count('SELECT count(*) FROM message_reads;'); // the demo's own thread has one
    const officerList = await call('officer', 'GET', '/api/v1/threads');
    assert.equal(officerList.status, 200, officerList.text);
    const mine = officerList.json.items.find((t) => t.id === ids.thread);
    assert.deepEqual([mine.messages, mine.unread], [3, 2]);
    const lead = (await call('shenlan-tech', 'GET', `/api/v1/projects/${ids.launched}/threads`)).json;
    assert.equal(lead.project_supervised, true);
    assert.deepEqual([lead.items[0].messages, lead.items[0].unread], [3, 2]); // the officer's and the partner's
    // reading the list records nothing
    assert.equal(count('SELECT count(*) FROM message_reads;'), reads0);
    const before = count('SELECT count(*) FROM events;');
    const r = await call('officer', 'POST', `/api/v1/threads/${ids.thread}/read`, { up_to: ids.m2 });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { thread_id: ids.thread, read: [ids.m2], unread: 1 });
    const all = await call('officer', 'POST', `/api/v1/threads/${ids.thread}/read`);
    assert.deepEqual(all.json, { thread_id: ids.thread, read: [ids.m3], unread: 0 });
    const again = await call('officer', 'POST', `/api/v1/threads/${ids.thread}/read`);
    assert.deepEqual(again.json, { thread_id: ids.thread, read: [], unread: 0 });
    assert.equal(count('SELECT count(*) FROM events;'), before + 2);
    assert.equal((await call('shenlan-tech', 'POST', `/api/v1/threads/${ids.thread}/read`)).json.read.length, 2);
    // both sides see who read what
    const msgs = await call('quancheng-sec', 'GET', `/api/v1/threads/${ids.thread}/messages`);
    assert.equal(msgs.status, 200, msgs.text);
    const receipts = Object.fromEntries(msgs.json.items.map((m) => [m.id, m.read_by.map((k) => k.username).sort()]));
    assert.deepEqual(receipts, { [ids.m1]: ['shenlan-tech'], [ids.m2]: ['officer'], [ids.m3]: ['officer', 'shenlan-tech'] });
    assert.deepEqual(msgs.json.items.map((m) => m.read), [false, false, true]);
    for (const m of msgs.json.items) for (const k of m.read_by) assert.equal(typeof k.read_at, 'number');
    const ev = (await eventsOf(s, tok.officer, `project:${ids.launched}`)).filter((e) => e.kind === 'message.read');
    assert.deepEqual(
      ev.map((e) => [e.actor, e.payload.message_id]),
      [[`user:${uid.officer}`, ids.m2], [`user:${uid.officer}`, ids.m3], [`user:${uid['shenlan-tech']}`, ids.m1], [`user:${uid['shenlan-tech']}`, ids.m3]],
    );
    assertError(await call('officer', 'POST', `/api/v1/threads/${ids.thread}/read`, { up_to: -1 }), 400, 'invalid_value', 'up_to');
    assertError(await call('officer', 'POST', `/api/v1/threads/${ids.thread}/read`, { all: true }), 400, 'unknown_field', 'all');
  });

  test('nobody else reads a thread: another institution 404 as for no thread; other roles 403', async () => {
    const before = stored();
    for (const path of [`/api/v1/threads/${ids.thread}`, `/api/v1/threads/${ids.thread}/messages`, `/api/v1/threads/${ids.thread}/attachments/${ids.att}`, `/api/v1/projects/${ids.launched}/threads`])
      assertError(await call('quanzhi-tech', 'GET', path), 404, 'not_found');
    assertError(await call('quanzhi-tech', 'GET', '/api/v1/threads/999999'), 404, 'not_found');
    assertError(await call('officer', 'GET', `/api/v1/threads/${ids.thread}/attachments/999999`), 404, 'not_found', 'aid');
    assertError(await call('quanzhi-tech', 'POST', `/api/v1/threads/${ids.thread}/messages`, { body: '插话' }), 404, 'not_found');
    assertError(await call('quanzhi-tech', 'POST', `/api/v1/threads/${ids.thread}/read`), 404, 'not_found');
    assertError(await call('quanzhi-tech', 'POST', `/api/v1/projects/${ids.launched}/threads`, { subject: 'x', body: 'y' }), 404, 'not_found');
    // the other institution's inbox does not hold the thread
    assert.ok(!(await call('quanzhi-tech', 'GET', '/api/v1/threads')).json.items.some((t) => t.id === ids.thread));
    for (const who of ['csrc', 'admin', 'expert1']) {
      assertError(await call(who, 'GET', `/api/v1/threads/${ids.thread}`), 403, 'forbidden');
      assertError(await call(who, 'GET', '/api/v1/threads'), 403, 'forbidden');
      assertError(await call(who, 'POST', `/api/v1/threads/${ids.thread}/messages`, { body: 'x' }), 403, 'forbidden');
    }
    assertError(await api(s, 'GET', `/api/v1/threads/${ids.thread}`), 401, 'unauthenticated');
    assert.deepEqual(stored(), before);
  });

  test('refusals of threads and messages: status, code, field; nothing stored', async () => {
    const before = stored();
    const start = (who, pid, body) => call(who, 'POST', `/api/v1/projects/${pid}/threads`, body);
    assertError(await start('officer', ids.launched, { subject: ' ', body: 'x' }), 400, 'missing_field', 'subject');
    assertError(await start('officer', ids.launched, { subject: 'x' }), 400, 'missing_field', 'body');
    assertError(await start('officer', ids.launched, { subject: 'x'.repeat(201), body: 'y' }), 400, 'too_long', 'subject');
    assertError(await start('officer', ids.launched, { subject: 'x', body: 'y', to: 'all' }), 400, 'unknown_field', 'to');
    assertError(await start('officer', ids.launched, { subject: 'x', body: 'y'.repeat(10001) }), 400, 'too_long', 'body');
    // not supervised: a draft (its own lead) and the working group alike
    assertError(await start('shenlan-tech', ids.draft, { subject: 'x', body: 'y' }), 409, 'invalid_state');
    assertError(await start('officer', ids.draft, { subject: 'x', body: 'y' }), 409, 'invalid_state');
    assertError(await start('officer', 999999, { subject: 'x', body: 'y' }), 404, 'not_found');
    const msg = (body) => call('shenlan-tech', 'POST', `/api/v1/threads/${ids.thread}/messages`, body);
    assertError(await msg({ body: '' }), 400, 'missing_field', 'body');
    assertError(await msg({}), 400, 'missing_field', 'body');
    assertError(await msg({ body: 'x', subject: 'y' }), 400, 'unknown_field', 'subject');
    assertError(await msg({ body: 'x\u0001' }), 400, 'invalid_text', 'body');
    assertError(await sendWithFiles('shenlan-tech', ids.thread, '网页', [{ name: 'a.html', data: Buffer.from('<html><script>alert(1)</script></html>') }]), 415, 'unsupported_media_type', 'file');
    assertError(await sendWithFiles('shenlan-tech', ids.thread, '空文件', [{ name: 'empty.pdf', data: Buffer.alloc(0) }]), 400, 'invalid_value', 'file');
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.pdf`, data: pdf(String(i)) }));
    assertError(await sendWithFiles('shenlan-tech', ids.thread, '六个文件', six), 400, 'invalid_value', 'file');
    assertError(await sendWithFiles('shenlan-tech', ids.thread, undefined, [{ name: 'a.pdf', data: pdf('a') }]), 400, 'missing_field', 'body');
    // one good file with a bad one: neither the message nor the good file is kept
    assertError(await sendWithFiles('shenlan-tech', ids.thread, '混合', [{ name: 'ok.pdf', data: pdf('ok') }, { name: 'x.exe', data: Buffer.from('MZ\x90\x00') }]), 415, 'unsupported_media_type');
    const m = multipart([{ name: 'body', value: 'x' }, { name: 'body', value: 'y' }]);
    assertError(await api(s, 'POST', `/api/v1/threads/${ids.thread}/messages`, { token: tok['shenlan-tech'], body: m.body, headers: { 'Content-Type': m.type } }), 400, 'duplicate_field', 'body');
    assertError(await api(s, 'POST', `/api/v1/threads/${ids.thread}/messages`, { token: tok['shenlan-tech'], body: 'body=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    assert.deepEqual(stored(), before);
  });

  test('situations: the working group reports, the CSRC acknowledges once; who reads the events', async () => {
    const before = stored();
    const about = await call('officer', 'POST', '/api/v1/situations', { project_id: ids.launched, title: '智能投顾试点出现集中投诉', body: '本月收到投诉3件，已督促整改。' });
    assert.equal(about.status, 201, about.text);
    assert.equal(about.headers.get('location'), `/api/v1/situations/${about.json.id}`);
    assert.equal(about.json.status, 'pending');
    assert.equal(about.json.project_id, ids.launched);
    const general = await call('leader', 'POST', '/api/v1/situations', { title: '辖区试点总体情况', body: '各试点运行平稳。' });
    assert.equal(general.status, 201, general.text);
    assert.equal(general.json.project_id, null);
    assert.deepEqual(stored(), [...before.slice(0, 4), before[4] + 2, before[5] + 2, before[6]]);
    // refusals, nothing stored
    const b2 = stored();
    assertError(await call('officer', 'POST', '/api/v1/situations', { title: '', body: 'x' }), 400, 'missing_field', 'title');
    assertError(await call('officer', 'POST', '/api/v1/situations', { title: 'x', body: 'y', project_id: 999999 }), 404, 'not_found', 'project_id');
    assertError(await call('officer', 'POST', '/api/v1/situations', { title: 'x', body: 'y', project_id: ids.draft }), 409, 'invalid_state');
    assertError(await call('officer', 'POST', '/api/v1/situations', { title: 'x', body: 'y', level: 1 }), 400, 'unknown_field', 'level');
    for (const who of ['csrc', 'shenlan-tech', 'admin', 'expert1'])
      assertError(await call(who, 'POST', '/api/v1/situations', { title: 'x', body: 'y' }), 403, 'forbidden');
    for (const who of ['shenlan-tech', 'admin', 'expert1']) {
      assertError(await call(who, 'GET', '/api/v1/situations'), 403, 'forbidden');
      assertError(await call(who, 'GET', `/api/v1/situations/${about.json.id}`), 403, 'forbidden');
    }
    for (const who of ['officer', 'leader', 'shenlan-tech'])
      assertError(await call(who, 'POST', `/api/v1/situations/${about.json.id}/acknowledge`), 403, 'forbidden');
    assertError(await call('csrc', 'POST', '/api/v1/situations/999999/acknowledge'), 404, 'not_found');
    assert.deepEqual(stored(), b2);
    // the CSRC's list and acknowledgement
    const pending = await call('csrc', 'GET', '/api/v1/situations?status=pending');
    // the newest first (after them, what the demo reported before)
    assert.deepEqual(pending.json.items.map((x) => x.id).slice(0, 2), [general.json.id, about.json.id]);
    assert.ok(pending.json.items.slice(2).every((x) => x.id < about.json.id));
    const ack = await call('csrc', 'POST', `/api/v1/situations/${about.json.id}/acknowledge`, { note: '已阅，请持续跟踪。' });
    assert.equal(ack.status, 200, ack.text);
    assert.deepEqual([ack.json.status, ack.json.acknowledged_by, ack.json.acknowledgement], ['acknowledged', uid.csrc, '已阅，请持续跟踪。']);
    assertError(await call('csrc', 'POST', `/api/v1/situations/${about.json.id}/acknowledge`), 409, 'invalid_state');
    assert.equal((await call('csrc', 'POST', `/api/v1/situations/${general.json.id}/acknowledge`)).status, 200);
    // both left the pending list; what the demo reported is still there
    const stillPending = (await call('officer', 'GET', '/api/v1/situations?status=pending')).json.items.map((x) => x.id);
    assert.deepEqual(stillPending, pending.json.items.slice(2).map((x) => x.id));
    assert.equal((await call('officer', 'GET', `/api/v1/situations/${about.json.id}`)).json.acknowledged_by_name, 'csrc');
    assertError(await call('officer', 'GET', '/api/v1/situations?status=new'), 400, 'invalid_value', 'status');
    // events: about the project for staff, never for its institutions; about situation:ID for staff only
    const kinds = async (who) => (await eventsOf(s, tok[who], `project:${ids.launched}`)).map((e) => e.kind).filter((k) => k.startsWith('situation.'));
    assert.deepEqual(await kinds('officer'), ['situation.reported', 'situation.acknowledged']);
    assert.deepEqual(await kinds('csrc'), ['situation.reported', 'situation.acknowledged']);
    assert.deepEqual(await kinds('shenlan-tech'), []);
    assert.deepEqual(await kinds('quancheng-sec'), []);
    const own = await eventsOf(s, tok.csrc, `situation:${general.json.id}`);
    assert.deepEqual(own.map((e) => [e.kind, e.payload]), [['situation.reported', { situation_id: general.json.id }], ['situation.acknowledged', { situation_id: general.json.id }]]);
    for (const who of ['shenlan-tech', 'expert1'])
      assertError(await call(who, 'GET', `/api/v1/events?subject=situation:${general.json.id}`), 404, 'not_found');
    // experts see nothing of the exchange in a project's history
    const ex = await call('expert1', 'GET', `/api/v1/events?subject=project:${ids.launched}&limit=200`);
    if (ex.status === 200) assert.ok(ex.json.items.every((e) => !/^(message|situation)\./.test(e.kind)));
  });

  test('pages: the inbox, a thread (opening it records receipts), a reply with a file, situations', async () => {
    const lead = await login(s, 'shenlan-tech', DEMO_PASSWORD);
    // a new message for the lead to read
    assert.equal((await call('officer', 'POST', `/api/v1/threads/${ids.thread}/messages`, { body: '请补充截图说明。' })).status, 201);
    const inbox = await getPage(s, '/threads', lead.cookie);
    assert.equal(inbox.status, 200);
    assert.match(inbox.text, new RegExp(`data-thread="${ids.thread}"[^]*?data-unread="1"`));
    const receipts = count('SELECT count(*) FROM message_reads;');
    const page = await getPage(s, `/threads/${ids.thread}`, lead.cookie);
    assert.equal(page.status, 200);
    assert.match(page.text, /enctype="multipart\/form-data"/);
    assert.match(page.text, new RegExp(`data-attachment="${ids.att}"`));
    assert.equal(count('SELECT count(*) FROM message_reads;'), receipts + 1);
    assert.equal((await call('shenlan-tech', 'GET', `/api/v1/threads/${ids.thread}`)).json.unread, 0);
    // a reply with a file through the form (multipart with the CSRF field)
    const m = multipart([
      { name: 'csrf', value: lead.csrf },
      { name: 'body', value: '截图见附件。' },
      { name: 'file', filename: 'shot.png', type: 'image/png', data: PNG },
      { name: 'file', filename: '', type: 'application/octet-stream', data: '' }, // an empty input
    ]);
    const posted = await fetch(`${s.url}/threads/${ids.thread}/messages`, { method: 'POST', redirect: 'manual', headers: { Cookie: lead.cookie, 'Content-Type': m.type }, body: m.body });
    assert.equal(posted.status, 303, await posted.text());
    const newest = Number(sql(`SELECT max(id) FROM messages WHERE thread_id = ${ids.thread};`));
    assert.equal(posted.headers.get('location'), `/threads/${ids.thread}#message-${newest}`);
    assert.equal(count(`SELECT count(*) FROM message_attachments WHERE message_id = ${newest};`), 1);
    // a refused reply shows the page again with the error
    const bad = multipart([{ name: 'csrf', value: lead.csrf }, { name: 'body', value: ' ' }]);
    const refused = await fetch(`${s.url}/threads/${ids.thread}/messages`, { method: 'POST', redirect: 'manual', headers: { Cookie: lead.cookie, 'Content-Type': bad.type }, body: bad.body });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /data-code="missing_field"/);
    // a new thread from the project's threads page
    const started = await postForm(s, `/projects/${ids.launched}/threads`, { subject: '机构发起的会话', body: '请问季度报告模板？' }, { who: lead });
    assert.equal(started.status, 303);
    assert.match(started.location, /^\/threads\/\d+$/);
    assert.equal((await getPage(s, `/projects/${ids.launched}/threads`, lead.cookie)).status, 200);
    // the project page's card lists the threads
    const project = await getPage(s, `/projects/${ids.launched}`, lead.cookie);
    assert.match(project.text, /id="supervision-exchange"/);
    assert.match(project.text, new RegExp(`href="/threads/${ids.thread}"`));
    // another institution: 404; the CSRC: the route refuses
    const other = await login(s, 'quanzhi-tech', DEMO_PASSWORD);
    assert.equal((await getPage(s, `/threads/${ids.thread}`, other.cookie)).status, 404);
    const csrc = await login(s, 'csrc', DEMO_PASSWORD);
    assert.equal((await getPage(s, `/threads/${ids.thread}`, csrc.cookie)).status, 403);
    // situations: the officer reports through the form, the CSRC acknowledges through its form
    const officer = await login(s, 'officer', DEMO_PASSWORD);
    assert.match((await getPage(s, '/situations', officer.cookie)).text, /action="\/situations"/);
    const rep = await postForm(s, '/situations', { project_id: String(ids.launched), title: '网页报告', body: '网页报告的新情况。' }, { who: officer });
    assert.equal(rep.status, 303);
    const sid = Number(/#situation-(\d+)$/.exec(rep.location)[1]);
    const csrcPage = await getPage(s, '/situations?status=pending', csrc.cookie);
    assert.match(csrcPage.text, new RegExp(`action="/situations/${sid}/acknowledge"`));
    assert.doesNotMatch(csrcPage.text, /action="\/situations"/);
    const acked = await postForm(s, `/situations/${sid}/acknowledge`, { note: '' }, { who: csrc });
    assert.equal(acked.status, 303);
    assert.equal(sql(`SELECT acknowledged_by FROM situations WHERE id = ${sid};`), String(uid.csrc));
    const twice = await postForm(s, `/situations/${sid}/acknowledge`, {}, { who: csrc });
    assert.equal(twice.status, 409);
    assert.equal((await getPage(s, '/situations', lead.cookie)).status, 403);
  });
});
