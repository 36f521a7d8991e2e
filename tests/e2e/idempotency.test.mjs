// A write that was saved is never reported as "try again", and any client may retry a write
// safely (docs/API.md, Idempotency-Key): the same key returns the first answer and writes
// nothing again; the same key with another request is refused; a refusal that wrote nothing
// is not kept; no key behaves as before; keys expire. On PostgreSQL, a proxy between baotu
// and the server passes COMMIT through and drops its answer: the answer is commit_unknown
// (no Retry-After), the write is in fact stored, and a retry with the same key returns the
// first answer without a second draft.
import assert from 'node:assert/strict';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ON_PG,
  addUser,
  api,
  assertError,
  dbUrl,
  institution,
  login,
  sqlite3,
  startServer,
  tempDir,
  waitFor,
} from './lib/harness.mjs';

const PW = 'idempotency-pw-123';

// Sets up a store with two Jinan institutions (a securities company, a tech firm) and a user
// of each; returns what the tests need.
async function setup(s, file) {
  const admin = await login(s, 'root', PW);
  const inst = {};
  for (const [k, body] of Object.entries({
    sec: institution(601, { name: '幂等证券' }),
    tech: institution(602, { name: '幂等科技', kind: 'tech_firm', tech_category: 'csrc_filed_it_service' }),
  })) {
    const r = await api(s, 'POST', '/api/v1/institutions', { token: admin.token, body });
    assert.equal(r.status, 201, r.text);
    inst[k] = r.json.id;
  }
  const tok = {};
  for (const [name, k] of [['lead', 'tech'], ['partner', 'sec']]) {
    const r = await api(s, 'POST', '/api/v1/users', {
      token: admin.token,
      body: { username: name, role: 'institution', institution_id: inst[k], password: PW },
    });
    assert.equal(r.status, 201, r.text);
    tok[name] = (await login(s, name, PW)).token;
  }
  const sql = (text) => {
    const r = sqlite3(file, text);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  };
  const draft = (name) => ({
    name,
    members: [
      { institution_id: inst.tech, lead: true, role: '研发' },
      { institution_id: inst.sec, lead: false, role: '业务' },
    ],
  });
  const count = (text) => Number(sql(text));
  // A new draft awaiting the partner's confirmation: the action's path, and a count of the
  // project's events to tell whether the action was taken once.
  const toConfirm = async (s, name) => {
    const p = await post(s, tok.lead, '/api/v1/projects', draft(name));
    assert.equal(p.status, 201, p.text);
    const events = () =>
      count(`SELECT count(*) FROM events WHERE subject_type = 'project' AND subject_id = '${p.json.id}'`);
    return { path: `/api/v1/projects/${p.json.id}/actions/confirm`, events };
  };
  return { admin, inst, tok, sql, count, draft, toConfirm };
}

const post = (s, token, path, body, key, headers = {}) =>
  api(s, 'POST', path, {
    token,
    body,
    headers: key === undefined ? headers : { ...headers, 'Idempotency-Key': key },
  });

describe('Idempotency-Key on the API writes', () => {
  const dir = tempDir();
  const file = join(dir, 'idem.db');
  const db = `sqlite:${file}`;
  let s;
  let t;

  before(async () => {
    await addUser(db, 'root', PW);
    s = await startServer(db);
    t = await setup(s, file);
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('POST /api/v1/projects twice with one key: one draft, the same answer', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    const events = t.count(`SELECT count(*) FROM events WHERE kind = 'project.created'`);
    const first = await post(s, t.tok.lead, '/api/v1/projects', t.draft('幂等一'), 'create-1');
    assert.equal(first.status, 201, first.text);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const again = await post(s, t.tok.lead, '/api/v1/projects', t.draft('幂等一'), 'create-1');
    assert.equal(again.status, 201, again.text);
    assert.equal(again.text, first.text, 'the first answer, byte for byte');
    assert.equal(again.headers.get('location'), first.headers.get('location'));
    assert.equal(again.headers.get('location'), `/api/v1/projects/${first.json.id}`);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(t.count('SELECT count(*) FROM projects'), before + 1);
    assert.equal(t.count(`SELECT count(*) FROM events WHERE kind = 'project.created'`), events + 1);
    // kept with its owner, method and path
    const leadId = t.count(`SELECT id FROM users WHERE username = 'lead'`);
    assert.equal(
      t.sql(`SELECT owner || ' ' || method || ' ' || path || ' ' || status FROM idempotency_keys WHERE idem_key = 'create-1'`),
      `user:${leadId} POST /api/v1/projects 201`,
    );
  });

  test('the same key with another body: 422 idempotency_key_reused, nothing written', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    const events = t.count('SELECT count(*) FROM events');
    const r = await post(s, t.tok.lead, '/api/v1/projects', t.draft('另一个名字'), 'create-1');
    assertError(r, 422, 'idempotency_key_reused', 'Idempotency-Key');
    assert.equal(t.count('SELECT count(*) FROM projects'), before);
    assert.equal(t.count('SELECT count(*) FROM events'), events);
  });

  test('no key behaves as before: each request writes', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    const a = await post(s, t.tok.lead, '/api/v1/projects', t.draft('无键'));
    const b = await post(s, t.tok.lead, '/api/v1/projects', t.draft('无键'));
    assert.equal(a.status, 201, a.text);
    assert.equal(b.status, 201, b.text);
    assert.notEqual(a.json.id, b.json.id);
    assert.equal(b.headers.get('idempotent-replayed'), null);
    assert.equal(t.count('SELECT count(*) FROM projects'), before + 2);
  });

  test('a key is its user’s: another user with the same key writes their own', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    const r = await post(s, t.tok.partner, '/api/v1/projects', t.draft('幂等一'), 'create-1');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('idempotent-replayed'), null);
    assert.equal(t.count('SELECT count(*) FROM projects'), before + 1);
  });

  test('a workflow action twice with one key: one confirmation, the same answer', async () => {
    const { path, events: kinds } = await t.toConfirm(s, '待确认');
    const before = kinds();
    const first = await post(s, t.tok.partner, path, {}, 'confirm-1');
    assert.equal(first.status, 200, first.text);
    assert.equal(kinds(), before + 1);
    const again = await post(s, t.tok.partner, path, {}, 'confirm-1');
    assert.equal(again.status, 200, again.text);
    assert.equal(again.text, first.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(kinds(), before + 1, 'no second event');
    // another body with the key: refused
    assertError(await post(s, t.tok.partner, path, { reason: '再次' }, 'confirm-1'), 422, 'idempotency_key_reused');
    // without the key the action is taken again, and refused by the workflow as before
    const plain = await post(s, t.tok.partner, path, {});
    assert.ok(plain.status >= 400 && plain.status < 500, plain.text);
    assert.equal(kinds(), before + 1);
  });

  test('a refusal that wrote nothing is not kept: corrected, the same key writes', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    const bad = await post(s, t.tok.lead, '/api/v1/projects', { ...t.draft('x'), name: '' }, 'fix-me');
    assertError(bad, 400, 'missing_field', 'name');
    assert.equal(t.count(`SELECT count(*) FROM idempotency_keys WHERE idem_key = 'fix-me'`), 0);
    const good = await post(s, t.tok.lead, '/api/v1/projects', t.draft('改正后'), 'fix-me');
    assert.equal(good.status, 201, good.text);
    assert.equal(t.count('SELECT count(*) FROM projects'), before + 1);
  });

  test('a bad key: 400 naming the header; a route without keys says so', async () => {
    for (const key of ['', 'k'.repeat(201)]) {
      const r = await post(s, t.tok.lead, '/api/v1/projects', t.draft('坏键'), key);
      assertError(r, 400, 'invalid_value', 'Idempotency-Key');
    }
    const ok = await post(s, t.tok.lead, '/api/v1/projects', t.draft('长键'), 'k'.repeat(200));
    assert.equal(ok.status, 201, ok.text);
    // log-in carries a password: no key there
    const r = await api(s, 'POST', '/api/v1/session', {
      body: { username: 'lead', password: PW },
      headers: { 'Idempotency-Key': 'login-1' },
    });
    assertError(r, 400, 'idempotency_unsupported', 'Idempotency-Key');
    // reads ignore it
    const g = await api(s, 'GET', '/api/v1/projects', { token: t.tok.lead, headers: { 'Idempotency-Key': 'read' } });
    assert.equal(g.status, 200, g.text);
  });

  test('the message is bilingual', async () => {
    const zh = await post(s, t.tok.lead, '/api/v1/projects', t.draft('中文'), 'create-1', { 'Accept-Language': 'zh-CN' });
    assertError(zh, 422, 'idempotency_key_reused');
    assert.match(zh.json.error.message, /幂等键/);
    const en = await post(s, t.tok.lead, '/api/v1/projects', t.draft('中文'), 'create-1', { 'Accept-Language': 'en' });
    assert.match(en.json.error.message, /Idempotency-Key/);
  });
});

describe('Idempotency-Key expiry', () => {
  const dir = tempDir();
  const file = join(dir, 'ttl.db');
  const db = `sqlite:${file}`;
  let s;

  before(async () => {
    await addUser(db, 'root', PW);
    s = await startServer(db, ['--idempotency-ttl', '1', '--scheduler-interval', '200']);
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('after --idempotency-ttl the key is forgotten and its records deleted', async () => {
    const t = await setup(s, file);
    const first = await post(s, t.tok.lead, '/api/v1/projects', t.draft('过期'), 'ttl-1');
    assert.equal(first.status, 201, first.text);
    await waitFor(() => t.count(`SELECT count(*) FROM idempotency_keys`) === 0, {
      timeoutMs: 10000,
      what: 'the scheduler to delete the expired record',
    });
    const again = await post(s, t.tok.lead, '/api/v1/projects', t.draft('过期'), 'ttl-1');
    assert.equal(again.status, 201, again.text);
    assert.notEqual(again.json.id, first.json.id);
    assert.equal(again.headers.get('idempotent-replayed'), null);
  });
});

// A TCP proxy in front of PostgreSQL. Armed, it forwards the next client message holding a
// COMMIT and then closes the client's side at once, never relaying the server's answer.
// cutOn (a string): the next client message holding it is not forwarded; both sides close.
// stall: from now on nothing is relayed either way and nothing is closed, as a silent network
// cut looks from a peer that still acknowledges TCP; stallOn (a string): stall once a client
// message holding it has been forwarded.
function commitDropper(target) {
  const proxy = { armed: false, dropped: 0, cutOn: null, stall: false, stallOn: null };
  const server = net.createServer((client) => {
    const up = net.connect(target.port, target.host);
    client.on('error', () => {});
    up.on('error', () => client.destroy());
    client.on('close', () => setTimeout(() => up.destroy(), 1000));
    up.on('data', (d) => {
      if (!client.destroyed && !proxy.stall) client.write(d);
    });
    up.on('close', () => client.destroy());
    client.on('data', (d) => {
      if (proxy.stall) return;
      if (proxy.stallOn && d.includes(Buffer.from(proxy.stallOn))) {
        proxy.stallOn = null;
        up.write(d);
        proxy.stall = true;
        return;
      }
      if (proxy.cutOn && d.includes(Buffer.from(proxy.cutOn))) {
        proxy.cutOn = null;
        up.destroy();
        client.destroy();
        return;
      }
      if (proxy.armed && d.includes(Buffer.from('COMMIT\0'))) {
        proxy.armed = false;
        proxy.dropped++;
        up.write(d); // PostgreSQL gets COMMIT and commits...
        client.destroy(); // ...and baotu never hears back
        return;
      }
      up.write(d);
    });
  });
  proxy.listen = () =>
    new Promise((res) => server.listen(0, '127.0.0.1', () => res(server.address().port)));
  proxy.close = () => new Promise((res) => server.close(() => res()));
  return proxy;
}

// A server whose store connections pass through commitDropper, on a new database named NAME
// (created and migrated here), with its set-up done: { s, t, proxy }.
async function behindDropper(name, env = {}) {
  const file = join(tempDir(), name);
  const db = `sqlite:${file}`;
  await addUser(db, 'root', PW);
  const real = new URL(dbUrl(db));
  const proxy = commitDropper({ host: real.hostname, port: Number(real.port) });
  const via = new URL(real);
  via.port = String(await proxy.listen());
  const s = await startServer(via.toString(), [], { env });
  return { s, t: await setup(s, file), proxy };
}

describe('PostgreSQL: a COMMIT whose answer is lost', { skip: !ON_PG && 'runs in the PostgreSQL pass (BAOTU_TEST_PG_URL)' }, () => {
  let s;
  let t;
  let proxy;

  before(async () => {
    ({ s, t, proxy } = await behindDropper('commit.db'));
  });
  after(async () => {
    if (s) await s.stopClean();
    if (proxy) await proxy.close();
  });

  test('with a key: commit_unknown, no Retry-After; stored; the retry returns the first answer', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    proxy.armed = true;
    const r = await post(s, t.tok.lead, '/api/v1/projects', t.draft('断线草稿'), 'lost-1', { 'Accept-Language': 'en' });
    assert.equal(proxy.dropped, 1, 'the proxy dropped a COMMIT answer');
    assertError(r, 500, 'commit_unknown');
    assert.equal(r.headers.get('retry-after'), null);
    assert.match(r.json.error.message, /may have been saved/);
    assert.match(r.json.error.message, /Idempotency-Key/);
    // the write is in fact stored, with its key
    await waitFor(() => t.count('SELECT count(*) FROM projects') === before + 1, { what: 'the draft' });
    const id = t.count('SELECT max(id) FROM projects');
    assert.equal(t.count(`SELECT count(*) FROM idempotency_keys WHERE idem_key = 'lost-1'`), 1);
    // the retry tells the truth: the first answer, no second draft
    const again = await post(s, t.tok.lead, '/api/v1/projects', t.draft('断线草稿'), 'lost-1');
    assert.equal(again.status, 201, again.text);
    assert.equal(again.json.id, id);
    assert.equal(again.json.name, '断线草稿');
    assert.equal(again.headers.get('location'), `/api/v1/projects/${id}`);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(t.count('SELECT count(*) FROM projects'), before + 1);
    assert.equal(t.count(`SELECT count(*) FROM events WHERE kind = 'project.created'`), before + 1);
  });

  test('without a key: commit_unknown too (never "try again"), and the write is stored', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    proxy.armed = true;
    const r = await post(s, t.tok.lead, '/api/v1/projects', t.draft('无键断线'));
    assert.equal(proxy.dropped, 2);
    assertError(r, 500, 'commit_unknown');
    assert.equal(r.headers.get('retry-after'), null);
    assert.match(r.json.error.message, /可能已保存/);
    await waitFor(() => t.count('SELECT count(*) FROM projects') === before + 1, { what: 'the draft' });
    // the node serves on (the broken connection is replaced)
    const list = await api(s, 'GET', '/api/v1/projects', { token: t.tok.lead });
    assert.equal(list.status, 200, list.text);
  });

  test('lost before COMMIT: 503 store_unavailable with Retry-After; the retry with the key writes once', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    // the draft's rows are written in the request's transaction, then the connection breaks
    // as the use case ends (its savepoint released), before any COMMIT
    proxy.cutOn = 'RELEASE SAVEPOINT sp1';
    const r = await post(s, t.tok.lead, '/api/v1/projects', t.draft('未提交'), 'cut-1');
    assertError(r, 503, 'store_unavailable');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.equal(t.count('SELECT count(*) FROM projects'), before, 'nothing was saved');
    assert.equal(t.count(`SELECT count(*) FROM idempotency_keys WHERE idem_key = 'cut-1'`), 0);
    const again = await post(s, t.tok.lead, '/api/v1/projects', t.draft('未提交'), 'cut-1');
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), null, 'performed, not replayed');
    assert.equal(t.count('SELECT count(*) FROM projects'), before + 1);
  });

  test('a workflow action whose COMMIT answer is lost: the retry with its key answers, once', async () => {
    const { path, events: evs } = await t.toConfirm(s, '断线确认');
    const before = evs();
    proxy.armed = true;
    assertError(await post(s, t.tok.partner, path, {}, 'confirm-lost'), 500, 'commit_unknown');
    await waitFor(() => evs() === before + 1, { what: 'the confirmation' });
    const again = await post(s, t.tok.partner, path, {}, 'confirm-lost');
    assert.equal(again.status, 200, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(evs(), before + 1);
  });
});

describe('PostgreSQL: a silent network cut fails requests in seconds', { skip: !ON_PG && 'runs in the PostgreSQL pass (BAOTU_TEST_PG_URL)' }, () => {
  let s;
  let t;
  let proxy;

  before(async () => {
    // the answer timeout (default 40 s, beyond every server-side limit) made short here
    ({ s, t, proxy } = await behindDropper('silent.db', { BAOTU_PG_ANSWER_TIMEOUT: '2' }));
  });
  after(async () => {
    proxy.stall = false;
    if (s) await s.stopClean();
    if (proxy) await proxy.close();
  });

  test('no answer at all: 503 store_unavailable within seconds, then the node serves again', async () => {
    proxy.stall = true;
    const t0 = Date.now();
    const r = await api(s, 'GET', '/api/v1/projects', { token: t.tok.lead });
    const took = Date.now() - t0;
    assertError(r, 503, 'store_unavailable');
    assert.ok(took < 6000, `answered after ${took} ms`);
    assert.match(s.stderr, /no answer in 2 s/);
    proxy.stall = false; // the network is back: the broken connection is replaced
    const again = await api(s, 'GET', '/api/v1/projects', { token: t.tok.lead });
    assert.equal(again.status, 200, again.text);
  });

  test('silence after COMMIT was sent: commit_unknown within seconds; the retry with the key answers', async () => {
    const before = t.count('SELECT count(*) FROM projects');
    proxy.stallOn = 'COMMIT\0';
    const t0 = Date.now();
    const r = await post(s, t.tok.lead, '/api/v1/projects', t.draft('静默断线'), 'silent-1');
    const took = Date.now() - t0;
    assertError(r, 500, 'commit_unknown');
    assert.equal(r.headers.get('retry-after'), null);
    assert.ok(took < 6000, `answered after ${took} ms`);
    proxy.stall = false;
    await waitFor(() => t.count('SELECT count(*) FROM projects') === before + 1, { what: 'the draft' });
    const again = await post(s, t.tok.lead, '/api/v1/projects', t.draft('静默断线'), 'silent-1');
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(t.count('SELECT count(*) FROM projects'), before + 1);
  });
});
