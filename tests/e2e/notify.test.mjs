// Notifications (§4.3): one table of rules turns each event of a project, in its transaction,
// into an in-app notification per recipient and outbox rows; the scheduler delivers the
// outbox.
//  - The inbox: what the rules send to whom (never the actor, never an outsider), titles in
//    the reader's language, read marks, the unread count in the page header.
//  - E-mail: addresses validated and kept out of the event chain; rows wait while SMTP is not
//    configured and reach a local SMTP sink once it is.
//  - Webhooks: an institution's user registers one (the secret shown once); deliveries carry
//    a timestamp, an HMAC-SHA256 signature and a delivery id, are retried with back-off and
//    end as dead letters the admin lists.
//  - Every refusal answers its status and code and stores nothing.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { after, before, describe, test } from 'node:test';

import {
  DEMO_PASSWORD,
  api,
  assertError,
  cstDate,
  demoPilot,
  getPage,
  login,
  nextWorkingDay,
  postForm,
  query,
  runCli,
  startServer,
  waitFor,
} from './lib/harness.mjs';

/* ---------- a local SMTP sink ---------- */

// Speaks just enough SMTP (no TLS) to take messages; each is {from, to, data}.
function smtpSink() {
  const messages = [];
  const server = createTcpServer((sock) => {
    let buf = '';
    let inData = false;
    let cur = { to: [] };
    sock.setEncoding('utf8');
    sock.write('220 sink ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          cur.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          messages.push(cur);
          cur = { to: [] };
          inData = false;
          sock.write('250 OK queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250 sink\r\n');
        else if (verb === 'MAIL') {
          cur.from = line;
          sock.write('250 OK\r\n');
        } else if (verb === 'RCPT') {
          cur.to.push(line);
          sock.write('250 OK\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          sock.write('354 go on\r\n');
        } else if (verb === 'QUIT') {
          sock.end('221 bye\r\n');
        } else sock.write('250 OK\r\n');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((res) =>
    server.listen(0, '127.0.0.1', () => res({ messages, port: server.address().port, close: () => server.close() })),
  );
}

// A message's headers (lower-case names) and its text (base64 decoded).
function parseMail(data) {
  const [head, ...rest] = data.split('\r\n\r\n');
  const headers = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const subject = headers.subject.replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (m, b) => Buffer.from(b, 'base64').toString('utf8'));
  const text = Buffer.from(rest.join('\r\n\r\n').replace(/\s+/g, ''), 'base64').toString('utf8');
  return { headers, subject, text };
}

/* ---------- a local webhook receiver ---------- */

// POSTs to /PATH are recorded as {path, headers, body}; a path in `failures` answers 500 that
// many times (Infinity: always).
function receiver() {
  const hits = [];
  const failures = new Map();
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits.push({ path: req.url, headers: req.headers, body });
      const left = failures.get(req.url) ?? 0;
      if (left > 0) {
        failures.set(req.url, left - 1);
        res.writeHead(500).end('no');
      } else res.writeHead(204).end();
    });
  });
  return new Promise((res) =>
    server.listen(0, '127.0.0.1', () =>
      res({ hits, failures, url: (p) => `http://127.0.0.1:${server.address().port}${p}`, close: () => server.close() }),
    ),
  );
}

const verify = (secret, hit) =>
  createHmac('sha256', secret).update(`${hit.headers['x-baotu-timestamp']}.${hit.body}`).digest('hex') ===
  hit.headers['x-baotu-signature'];

/* ---------- the suite ---------- */

let d;
let s;
let sink;
let hooks;
let file;
const FAST = ['--scheduler-interval', '100'];
const call = (who, method, path, body, headers) => api(s, method, path, { token: d.token[who], body, headers });
const count = (sql) => Number(query(file, sql));
const dueIn = (n) => {
  let x = cstDate(Date.now() * 1000);
  for (let k = 0; k < n; k++) x = nextWorkingDay(x);
  return x;
};
async function requestReport(title) {
  const r = await call('officer', 'POST', `/api/v1/projects/${d.launched}/reports`, { title, due_on: dueIn(10) });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
const inbox = async (who, q = '') => (await call(who, 'GET', `/api/v1/inbox?limit=200${q}`)).json;

describe('notifications', () => {
  before(async () => {
    sink = await smtpSink();
    hooks = await receiver();
    d = await demoPilot({ users: ['haigang-sec', 'quanzhi-tech', 'expert1'], args: FAST });
    s = d.server;
    file = d.db.slice('sqlite:'.length);
  });
  after(async () => {
    await s.stopClean();
    sink.close();
    hooks.close();
  });

  test('the inbox: whom the rules tell, in their language; read marks; never the actor', async () => {
    // the scheduler requested the pilot's periodic reports, marked the past ones overdue and
    // escalated them: the leaders are told of the escalations
    const mine = await waitFor(async () => {
      const x = await inbox('leader', '&unread=1');
      return x.items.some((n) => n.kind === 'report.escalated') ? x : null;
    });
    assert.ok(mine.items.every((n) => n.read_at === null));
    assert.equal(mine.unread, mine.items.length);
    const first = mine.items.find((n) => n.kind === 'report.escalated');
    assert.deepEqual(Object.keys(first).sort(), ['created_at', 'id', 'kind', 'project_id', 'read_at', 'subject', 'title']);
    assert.match(first.title, /^升级：/);
    const en = await call('leader', 'GET', '/api/v1/inbox?limit=200', undefined, { 'Accept-Language': 'en' });
    assert.match(en.json.items.find((n) => n.id === first.id).title, /^Escalated: report #\d+ of .+, due \d{4}-\d{2}-\d{2}, is still not submitted\.$/);
    // the CSRC and the experts are told nothing of reports; an outsider institution nothing
    for (const who of ['csrc', 'expert1', 'haigang-sec'])
      assert.equal((await inbox(who)).items.filter((n) => n.kind.startsWith('report')).length, 0, who);

    // an officer's request tells the lead institution, not the officer who made it
    const id = await requestReport('收件箱测试');
    const lead = await inbox('shenlan-tech');
    const told = lead.items.find((n) => n.kind === 'report.requested' && new RegExp(`#${id}(?!\\d)`).test(n.title));
    assert.ok(told, 'the lead is told');
    assert.equal(told.subject, `project:${d.launched}`);
    assert.equal(told.project_id, d.launched);
    assert.ok((await inbox('officer')).items.every((n) => !(n.kind === 'report.requested' && n.title.includes(`#${id} `))));

    // read marks: one's own only
    assertError(await call('leader', 'POST', `/api/v1/inbox/${told.id}/read`), 404, 'not_found', 'id');
    assertError(await call('leader', 'POST', '/api/v1/inbox/999999/read'), 404, 'not_found');
    assert.equal(count(`SELECT count(*) FROM notifications WHERE id = ${told.id} AND read_at IS NULL;`), 1);
    const unread0 = (await inbox('shenlan-tech')).unread;
    const read = await call('shenlan-tech', 'POST', `/api/v1/inbox/${told.id}/read`);
    assert.equal(read.status, 200, read.text);
    assert.ok(read.json.read_at > 0);
    const again = await call('shenlan-tech', 'POST', `/api/v1/inbox/${told.id}/read`);
    assert.equal(again.json.read_at, read.json.read_at, 'the first read stays');
    assert.equal((await inbox('shenlan-tech')).unread, unread0 - 1);
    assert.ok((await inbox('shenlan-tech', '&unread=1')).items.every((n) => n.id !== told.id));
    assertError(await call('shenlan-tech', 'GET', '/api/v1/inbox?unread=maybe'), 400, 'invalid_value', 'unread');

    // the page header shows the count; the inbox page lists and marks
    const who = await login(s, 'leader', DEMO_PASSWORD);
    const home = await getPage(s, '/', who.cookie);
    const n = (await inbox('leader')).unread;
    assert.match(home.text, new RegExp(`<a class="inbox" href="/inbox">[^<]*<span class="count" data-unread="${n}">`));
    const pageInbox = await getPage(s, '/inbox?unread=1', who.cookie);
    assert.equal(pageInbox.status, 200);
    assert.match(pageInbox.text, /data-read="0"/);
    const marked = await postForm(s, '/inbox/read-all', {}, { who });
    assert.equal(marked.status, 303);
    assert.equal((await inbox('leader')).unread, 0);
    const all = await call('shenlan-tech', 'POST', '/api/v1/inbox/read-all');
    assert.equal(all.status, 200);
    assert.equal((await inbox('shenlan-tech')).unread, 0);
    // reading is no record of the pilot: no event
    assert.equal(count("SELECT count(*) FROM events WHERE kind LIKE 'notification%';"), 0);
  });

  test('e-mail: addresses validated and kept out of the chain; rows wait without SMTP, then reach the sink', async () => {
    const me = (await call('shenlan-tech', 'GET', '/api/v1/session')).json.user;
    const leaderId = (await call('leader', 'GET', '/api/v1/session')).json.user.id;
    const events0 = count("SELECT count(*) FROM events WHERE kind IN ('user.email_changed', 'user.updated');");
    for (const bad of ['not-an-address', 'a@b', '@pilot.example', 'a b@pilot.example', 'x@pilot.example>, y@evil.example'])
      assertError(await call('shenlan-tech', 'PUT', '/api/v1/account/email', { email: bad }), 400, 'invalid_value', 'email');
    assert.equal((await call('shenlan-tech', 'PUT', '/api/v1/account/email', { email: 'a@pilot.example\r\nBcc: x@evil.example' })).status, 400);
    assertError(await call('shenlan-tech', 'PUT', '/api/v1/account/email', {}), 400, 'missing_field', 'email');
    assertError(await call('shenlan-tech', 'PUT', '/api/v1/account/email', { email: 'ops@shenlan.example', x: 1 }), 400, 'unknown_field', 'x');
    assertError(await call('admin', 'PATCH', `/api/v1/users/${leaderId}`, { email: 'nope' }), 400, 'invalid_value', 'email');
    assertError(await call('officer', 'PATCH', `/api/v1/users/${leaderId}`, { email: 'leader@pilot.example' }), 403, 'forbidden');
    assert.equal(count('SELECT count(*) FROM users WHERE email IS NOT NULL;'), 0);
    assert.equal(count("SELECT count(*) FROM events WHERE kind IN ('user.email_changed', 'user.updated');"), events0);

    const set = await call('shenlan-tech', 'PUT', '/api/v1/account/email', { email: 'ops@shenlan.example' });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.json, { id: me.id, username: 'shenlan-tech', email: 'ops@shenlan.example' });
    const byAdmin = await call('admin', 'PATCH', `/api/v1/users/${leaderId}`, { email: 'leader@pilot.example' });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.equal((await call('admin', 'GET', `/api/v1/users/${leaderId}`)).json.email, 'leader@pilot.example');
    // the chain says that there is an address, never which
    assert.equal(count("SELECT count(*) FROM events WHERE payload LIKE '%pilot.example%' OR payload LIKE '%shenlan.example%';"), 0);
    const ev = JSON.parse(query(file, `SELECT payload FROM events WHERE kind = 'user.email_changed' ORDER BY seq DESC LIMIT 1;`));
    assert.deepEqual(ev, { email_set: true });

    // without SMTP the e-mail waits in the outbox
    const id = await requestReport('邮件测试');
    const pending = await call('admin', 'GET', '/api/v1/outbox?status=pending&limit=200');
    assert.equal(pending.status, 200, pending.text);
    const row = pending.json.items.find((o) => o.channel === 'email' && o.target === 'ops@shenlan.example');
    assert.ok(row, 'an e-mail row is pending');
    assertError(await call('officer', 'GET', '/api/v1/outbox'), 403, 'forbidden');
    assertError(await call('admin', 'GET', '/api/v1/outbox?status=lost'), 400, 'invalid_value', 'status');
    await new Promise((res) => setTimeout(res, 400));
    assert.equal(count(`SELECT count(*) FROM outbox WHERE id = ${row.id} AND status = 'pending' AND attempts = 0;`), 1);
    assert.equal(sink.messages.length, 0);

    // with SMTP (and quick retries, for the webhooks below) it is delivered, once
    await s.stopClean();
    s = await startServer(
      d.db,
      [
        ...FAST,
        '--smtp-url', `smtp://127.0.0.1:${sink.port}`, '--smtp-from', 'baotu@pilot.example', '--smtp-tls', 'none',
        '--public-url', 'https://pilot.example', '--delivery-attempts', '3', '--delivery-backoff', '1',
      ],
      { env: d.clock.env },
    );
    const mail = await waitFor(() =>
      sink.messages.find((m) => m.to.some((t) => t.includes('ops@shenlan.example')) && parseMail(m.data).headers['x-baotu-delivery'] === String(row.id)),
    { what: 'the e-mail at the sink' });
    assert.match(mail.from, /<baotu@pilot\.example>/);
    const m = parseMail(mail.data);
    assert.equal(m.headers.to, '<ops@shenlan.example>');
    assert.match(m.subject, new RegExp(`^\\[[^\\]]+\\] 请.+报送 #${id} 号报告，截止 \\d{4}-\\d{2}-\\d{2}。$`));
    assert.match(m.text, new RegExp(`Report #${id} of .+ is requested, due `));
    assert.match(m.text, new RegExp(`https://pilot\\.example/projects/${d.launched}\\n`));
    await waitFor(() => count(`SELECT count(*) FROM outbox WHERE id = ${row.id} AND status = 'sent';`) === 1);
    await new Promise((res) => setTimeout(res, 400));
    assert.equal(sink.messages.filter((x) => parseMail(x.data).headers['x-baotu-delivery'] === String(row.id)).length, 1);
    // serve refuses a malformed SMTP setting before it opens the store
    for (const args of [['--smtp-url', 'http://127.0.0.1:25'], ['--smtp-tls', 'sometimes'], ['--smtp-from', 'nobody']]) {
      const r = await runCli(['serve', ...args, '--listen', '127.0.0.1:0', '--db', d.db]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^baotu serve: --smtp-/);
    }
  });

  test('webhooks: the institution registers, deliveries are signed, retried, and dead letters listed', async () => {
    const url = { ok: hooks.url('/ok'), flaky: hooks.url('/flaky'), fail: hooks.url('/fail') };
    hooks.failures.set('/flaky', 1);
    hooks.failures.set('/fail', Infinity);
    // refusals: nothing stored
    assertError(await call('officer', 'POST', '/api/v1/webhooks', { url: url.ok }), 403, 'forbidden');
    for (const bad of ['ftp://127.0.0.1/x', 'not a url', 'http://user:pw@127.0.0.1/x', 'http:///nohost', 'https://127.0.0.1/x#frag'])
      assertError(await call('shenlan-tech', 'POST', '/api/v1/webhooks', { url: bad }), 400, 'invalid_value', 'url');
    assertError(await call('shenlan-tech', 'POST', '/api/v1/webhooks', {}), 400, 'missing_field', 'url');
    assertError(await call('shenlan-tech', 'POST', '/api/v1/webhooks', { url: url.ok, secret: 'x' }), 400, 'unknown_field', 'secret');
    assert.equal(count('SELECT count(*) FROM webhooks;'), 0);

    const made = {};
    for (const k of ['ok', 'flaky', 'fail']) {
      const r = await call('shenlan-tech', 'POST', '/api/v1/webhooks', { url: url[k] });
      assert.equal(r.status, 201, r.text);
      assert.match(r.json.secret, /^[0-9a-f]{64}$/);
      made[k] = r.json;
    }
    // at most five per institution; the extra two go again before any event
    const spare = [];
    for (let i = 0; i < 2; i++) spare.push((await call('shenlan-tech', 'POST', '/api/v1/webhooks', { url: hooks.url(`/spare${i}`) })).json.id);
    assertError(await call('shenlan-tech', 'POST', '/api/v1/webhooks', { url: hooks.url('/sixth') }), 422, 'too_many_webhooks');
    assertError(await call('haigang-sec', 'DELETE', `/api/v1/webhooks/${spare[0]}`), 404, 'not_found');
    for (const w of spare) assert.equal((await call('shenlan-tech', 'DELETE', `/api/v1/webhooks/${w}`)).status, 204);
    assertError(await call('shenlan-tech', 'DELETE', `/api/v1/webhooks/${spare[0]}`), 404, 'not_found');
    const listed = await call('shenlan-tech', 'GET', '/api/v1/webhooks');
    assert.deepEqual(listed.json.items.map((w) => w.url), [url.ok, url.flaky, url.fail]);
    assert.ok(listed.json.items.every((w) => !('secret' in w)), 'the secret is shown once');
    assert.deepEqual((await call('haigang-sec', 'GET', '/api/v1/webhooks')).json.items, []);
    assert.equal((await call('admin', 'GET', '/api/v1/webhooks')).json.items.length, 3);
    const created = JSON.parse(query(file, "SELECT payload FROM events WHERE kind = 'webhook.created' ORDER BY seq LIMIT 1;"));
    assert.deepEqual(Object.keys(created).sort(), ['url', 'webhook_id'], 'no secret in the chain');

    // an event the rules send to the lead institution
    const id = await requestReport('Webhook 测试');
    const hit = await waitFor(() => hooks.hits.find((h) => h.path === '/ok'), { what: 'the delivery' });
    assert.equal(hit.headers['content-type'], 'application/json');
    assert.ok(verify(made.ok.secret, hit), 'the signature is HMAC-SHA256 over TIMESTAMP.BODY');
    assert.ok(!verify(made.flaky.secret, hit), 'another webhook\'s secret does not verify it');
    assert.ok(Math.abs(Number(hit.headers['x-baotu-timestamp']) - Date.now() / 1000) < 120);
    const body = JSON.parse(hit.body);
    assert.equal(body.event.kind, 'report.requested');
    assert.equal(body.event.subject, `project:${d.launched}`);
    assert.equal(body.event.payload.report_id, id);
    assert.equal(body.project.id, d.launched);
    assert.match(body.title.en, new RegExp(`^Report #${id} of `));
    assert.match(body.title['zh-CN'], new RegExp(`#${id} 号报告`));
    assert.match(hit.headers['x-baotu-delivery'], /^\d+$/);

    // flaky: one failure, then delivered on the retry; fail: dead after the last of 3 tries
    await waitFor(() => hooks.hits.filter((h) => h.path === '/flaky').length >= 2, { what: 'the retry' });
    await waitFor(() => hooks.hits.filter((h) => h.path === '/fail').length >= 3, { timeoutMs: 20000, what: 'three tries' });
    const dead = await waitFor(async () => {
      const r = await call('admin', 'GET', '/api/v1/outbox?status=dead&limit=200');
      return r.json.items.find((o) => o.webhook_id === made.fail.id) || null;
    }, { what: 'the dead letter' });
    assert.equal(dead.attempts, 3);
    assert.equal(dead.last_error, 'http: status 500');
    assert.equal(dead.target, url.fail);
    const fails = hooks.hits.filter((h) => h.path === '/fail');
    assert.equal(new Set(fails.map((h) => h.headers['x-baotu-delivery'])).size, 1, 'one delivery, tried again');
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal(hooks.hits.filter((h) => h.path === '/fail').length, 3, 'no try after the last');
    const sent = (await call('admin', 'GET', '/api/v1/outbox?status=sent&limit=200')).json.items;
    const flaky = sent.find((o) => o.webhook_id === made.flaky.id);
    assert.equal(flaky.attempts, 2);
    assert.equal(flaky.last_error, null);
    assert.equal(hooks.hits.filter((h) => h.path === '/ok').length, 1, 'delivered once');

    // removed: no more deliveries are written for it
    assert.equal((await call('shenlan-tech', 'DELETE', `/api/v1/webhooks/${made.ok.id}`)).status, 204);
    const before = count(`SELECT count(*) FROM outbox WHERE webhook_id = ${made.ok.id};`);
    await requestReport('删除之后');
    assert.equal(count(`SELECT count(*) FROM outbox WHERE webhook_id = ${made.ok.id};`), before);
  });
});
