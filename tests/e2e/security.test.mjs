// What an attacker tries before any business rule is reached: redirects out of the site, NUL
// bytes that cut a path or header short, and connections held open to starve everyone else.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, assertError, login, runCli, startServer, tempDir } from './lib/harness.mjs';

const DEMO_PW = 'baotu-demo';

// One demo database and server for the tests that need the demo's projects and accounts
// (building the demo is the slow part, on PostgreSQL most of all).
let demoPromise;
function demoServer() {
  demoPromise ??= (async () => {
    const db = `sqlite:${join(tempDir(), 'demo.db')}`;
    const d = await runCli(['demo', '--db', db], { timeoutMs: 240000 });
    assert.equal(d.code, 0, d.stderr);
    return startServer(db);
  })();
  return demoPromise;
}
after(async () => {
  if (demoPromise) await (await demoPromise).stopClean();
});

// One raw HTTP exchange on a fresh socket; resolves the status line and the whole text.
function raw(server, bytes, { localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port: server.port, localAddress });
    let text = '';
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      text += d;
      if (/\r\n\r\n/.test(text)) sock.end();
    });
    sock.on('error', reject);
    sock.on('close', () => resolve({ status: Number((/^HTTP\/1\.1 (\d{3})/.exec(text) || [])[1]), text }));
    sock.write(Buffer.from(bytes, 'latin1'));
  });
}

describe('every answer carries the security headers', () => {
  test('a page, an API answer, an error and a static file', async () => {
    const s = await demoServer();
    for (const path of ['/login', '/api/v1/openapi.json', '/api/v1/projects', '/static/baotu.css', '/no-such-page']) {
      const r = await fetch(`${s.url}${path}`, { redirect: 'manual' });
      const csp = r.headers.get('content-security-policy') || '';
      for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"])
        assert.ok(csp.includes(d), `${path}: CSP lacks ${d}: ${csp}`);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(r.headers.get('x-xss-protection'), '1; mode=block', path);
      assert.equal(r.headers.get('referrer-policy'), 'same-origin', path);
    }
  });
});

describe('redirects stay on the site', () => {
  let s;
  before(async () => {
    s = await demoServer();
  });

  const offsite = [
    '/%09/evil.example',
    '/%0a/evil.example',
    '/%0d/evil.example',
    '/%20/evil.example',
    '//evil.example',
    '/%5cevil.example',
    '%5c%5cevil.example',
    'https://evil.example/',
    '/x%7f',
  ];

  test('a language switch follows only a local path', async () => {
    for (const next of offsite) {
      const r = await fetch(`${s.url}/lang/en?next=${next}`, { redirect: 'manual' });
      if (/%(0[0-9a-f]|1[0-9a-f]|7f)/i.test(next)) {
        // a control character in a query parameter is refused before any handler (bad-input)
        assert.equal(r.status, 400, next);
        assert.equal((await r.json()).error.code, 'invalid_text');
        continue;
      }
      assert.equal(r.status, 303, next);
      assert.equal(r.headers.get('location'), '/', `next=${next}`);
    }
    const r = await fetch(`${s.url}/lang/en?next=%2Fprojects%3Fstate%3Ddraft`, { redirect: 'manual' });
    assert.equal(r.headers.get('location'), '/projects?state=draft');
  });

  test('the log-in form follows only a local path', async () => {
    for (const next of offsite) {
      const r = await fetch(`${s.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `username=officer&password=${DEMO_PW}&next=${next}`,
      });
      assert.equal(r.status, 303, next);
      assert.equal(r.headers.get('location'), '/', `next=${next}`);
    }
    const r = await fetch(`${s.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `username=officer&password=${DEMO_PW}&next=%2Fprojects`,
    });
    assert.equal(r.headers.get('location'), '/projects');
  });

  test('a NUL byte in the path, the query or a header is refused, never cut short', async () => {
    const officer = await login(s, 'officer', DEMO_PW);
    const auth = `Authorization: Bearer ${officer.token}\r\n`;
    // project 1 exists in the demo: the same path without the NUL answers 200
    let r = await raw(s, `GET /api/v1/projects/1 HTTP/1.1\r\nHost: x\r\n${auth}\r\n`);
    assert.equal(r.status, 200, r.text);
    for (const target of ['/api/v1/projects/1%00', '/api/v1/projects/1%00/x', '/api/v1/projects?state=draft%00']) {
      const res = await api(s, 'GET', target, { token: officer.token });
      assertError(res, 400, 'invalid_request', null);
    }
    for (const bytes of [
      `GET /api/v1/projects/1\0 HTTP/1.1\r\nHost: x\r\n${auth}\r\n`,
      `GET /api/v1/proj\0ects/1 HTTP/1.1\r\nHost: x\r\n${auth}\r\n`,
      `GET /api/v1/projects/1 HTTP/1.1\r\nHost: x\r\nX-Note: a\0b\r\n${auth}\r\n`,
      `GET /api/v1/projects/1 HTTP/1.1\r\nHost: x\r\n${auth.replace('\r\n', '\0junk\r\n')}\r\n`,
    ]) {
      r = await raw(s, bytes);
      assert.equal(r.status, 400, JSON.stringify(bytes));
    }
    // a request with a bare-LF head and a body still works
    r = await raw(
      s,
      'POST /api/v1/session HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 2\n\n{}',
    );
    assert.equal(r.status, 400);
    assert.match(r.text, /"missing_field"/);
  });
});

describe('connections: one address cannot starve the others', () => {
  const dir = tempDir();
  const db = `sqlite:${join(dir, 'c.db')}`;
  let s;
  const held = [];
  before(async () => {
    s = await startServer(db, ['--header-timeout', '2', '--per-address', '32', '--max-connections', '256']);
  });
  after(async () => {
    for (const c of held) c.destroy();
    await s.stopClean();
  });

  test('a thousand idle sockets and a slow head from 127.0.0.2; 127.0.0.1 is served at once', async () => {
    // a client that trickles one header line every 300 ms, let in first
    const slow = connect({ host: '127.0.0.1', port: s.port, localAddress: '127.0.0.2' });
    slow.on('error', () => {});
    held.push(slow);
    await new Promise((res) => slow.once('connect', res));
    const slowStart = Date.now();
    const slowClosed = new Promise((res) => slow.on('close', () => res(Date.now() - slowStart)));
    slow.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    let n = 0;
    const trickle = setInterval(() => {
      if (!slow.destroyed) slow.write(`X-Line-${n++}: y\r\n`);
    }, 300);
    let closedByServer = 0;
    const opened = [];
    for (let i = 0; i < 1000; i++) {
      const c = connect({ host: '127.0.0.1', port: s.port, localAddress: '127.0.0.2' });
      c.on('error', () => {});
      c.on('close', () => closedByServer++);
      held.push(c);
      opened.push(new Promise((res) => (c.once('connect', res), c.once('close', res))));
    }
    await Promise.all(opened);
    try {
      await new Promise((r) => setTimeout(r, 300));
      // another address is served, quickly
      const t0 = Date.now();
      const r = await raw(s, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', {
        localAddress: '127.0.0.1',
      });
      const ms = Date.now() - t0;
      assert.equal(r.status, 200);
      assert.ok(ms < 1000, `served in ${ms} ms`);
      // most of the thousand were refused: one address holds its share (32), give or take the
      // few that the server's threads admit at the same instant
      assert.ok(closedByServer >= 1000 - 40, `only ${closedByServer} sockets were refused`);
      // the head that never ends is cut near its deadline, although a line came every 300 ms
      const cutAfter = await slowClosed;
      assert.ok(cutAfter >= 1500 && cutAfter < 6000, `slow head cut after ${cutAfter} ms`);
    } finally {
      clearInterval(trickle);
    }
    // the idle sockets that were let in are closed by the same deadline
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(closedByServer, 1000, 'every held socket was closed by the server');
    // and the server still answers
    const r = await fetch(`${s.url}/healthz`);
    assert.equal(r.status, 200);
  });
});

describe('a history is visible exactly when its subject is (every subject type × every role)', () => {
  let s;
  const who = {};
  const roles = ['admin', 'officer', 'leader', 'csrc', 'expert1', 'expert2', 'quancheng-sec', 'quanzhi-tech'];
  const get = (u, path) => api(s, 'GET', path, { token: who[u].token });
  const history = (u, subject) => get(u, `/api/v1/events?subject=${subject}&limit=200`);
  let projects = [];
  before(async () => {
    s = await demoServer();
    for (const u of roles) who[u] = await login(s, u, DEMO_PW);
    let after = '';
    for (;;) {
      const r = await get('officer', `/api/v1/projects?limit=200${after}`);
      assert.equal(r.status, 200, r.text);
      projects.push(...r.json.items);
      if (!r.json.next) break;
      after = `&after=${r.json.next}`;
    }
    assert.ok(projects.length >= 8, 'the demo holds projects in many states');
  });

  // Invisible and nonexistent subjects answer alike, for every role.
  function assertHidden(r, what) {
    assert.equal(r.status, 404, `${what}: ${r.status} ${r.text}`);
    assert.equal(r.json.error.code, 'not_found', what);
  }

  test('project:ID answers as the project itself does, for every project and role', async () => {
    let hiddenFromCsrc = 0;
    for (const p of projects) {
      for (const u of roles) {
        const own = await get(u, `/api/v1/projects/${p.id}`);
        const h = await history(u, `project:${p.id}`);
        if (own.status === 200) assert.equal(h.status, 200, `${u} project ${p.id} (${p.state}): ${h.text}`);
        else assertHidden(h, `${u} project ${p.id} (${p.state})`);
        if (u === 'csrc' && own.status === 404) hiddenFromCsrc++;
      }
    }
    // the CSRC does not see drafts and the like: the case that leaked
    assert.ok(hiddenFromCsrc > 0, 'some demo project is not forwarded to the CSRC');
    const draft = projects.find((p) => p.state === 'draft');
    assertHidden(await history('csrc', `project:${draft.id}`), 'csrc reads a draft');
    for (const u of roles) assertHidden(await history(u, 'project:999999'), `${u} nonexistent project`);
  });

  test('applicants never see the review inside their project; experts never see another expert', async () => {
    const internal = /^(score|conflict|expert|decision)\.|^material\.downloaded$/;
    let scored = 0;
    for (const p of projects) {
      const all = await history('officer', `project:${p.id}`);
      const scorers = new Set(all.json.items.filter((e) => e.kind === 'score.submitted').map((e) => e.actor));
      scored += scorers.size;
      for (const u of ['quancheng-sec', 'quanzhi-tech']) {
        const h = await history(u, `project:${p.id}`);
        if (h.status !== 200) continue;
        assert.deepEqual(h.json.items.filter((e) => internal.test(e.kind)).map((e) => e.kind), [], `${u} on ${p.id}`);
      }
      for (const u of ['expert1', 'expert2']) {
        const h = await history(u, `project:${p.id}`);
        if (h.status !== 200) continue;
        const mine = `user:${who[u].user.id}`;
        const others = h.json.items.filter((e) => (internal.test(e.kind) || /^recusal\./.test(e.kind)) && e.actor !== mine);
        assert.deepEqual(others.map((e) => `${e.kind} by ${e.actor}`), [], `${u} on ${p.id}`);
      }
    }
    assert.ok(scored > 0, 'the demo holds submitted score sheets');
  });

  test('institution:, user:, batch:, expert:, calendar:, settings: and unknown types', async () => {
    const insts = (await get('officer', '/api/v1/institutions?limit=200')).json.items;
    const users = (await get('admin', '/api/v1/users?limit=200')).json.items;
    const batches = (await get('officer', '/api/v1/batches?limit=200')).json.items;
    const experts = (await get('officer', '/api/v1/experts?limit=200')).json.items;
    assert.ok(insts.length && users.length && batches.length && experts.length);
    for (const u of roles) {
      for (const i of insts.slice(0, 6)) {
        const own = await get(u, `/api/v1/institutions/${i.id}`);
        const h = await history(u, `institution:${i.id}`);
        if (own.status === 200) assert.equal(h.status, 200, `${u} institution ${i.id}`);
        else assertHidden(h, `${u} institution ${i.id}`);
      }
      for (const x of users.slice(0, 12)) {
        const h = await history(u, `user:${x.id}`);
        if (u === 'admin' || x.id === who[u].user.id) assert.equal(h.status, 200, `${u} user ${x.id}`);
        else assertHidden(h, `${u} user ${x.id}`);
      }
      for (const b of batches) {
        const own = await get(u, `/api/v1/batches/${b.id}`);
        const h = await history(u, `batch:${b.id}`);
        if (own.status === 200) assert.equal(h.status, 200, `${u} batch ${b.id}`);
        else assertHidden(h, `${u} batch ${b.id}`);
      }
      for (const x of experts) {
        const id = x.user_id ?? x.id;
        const h = await history(u, `expert:${id}`);
        if (u === 'admin' || u === 'officer' || id === who[u].user.id) assert.equal(h.status, 200, `${u} expert ${id}`);
        else assertHidden(h, `${u} expert ${id}`);
      }
      assert.equal((await history(u, 'calendar:2025')).status, 200, `${u} calendar`);
      const st = await history(u, 'settings:demo');
      if (u === 'admin') assert.equal(st.status, 200);
      else assertHidden(st, `${u} settings`);
      for (const subj of ['nonsense:1', 'project:abc', 'institution:999999', 'user:999999', 'batch:999999'])
        assertHidden(await history(u, subj), `${u} ${subj}`);
    }
  });
});

describe('access is checked before the body is looked at', () => {
  let s;
  const who = {};
  const names = ['officer', 'csrc', 'expert1', 'quancheng-sec', 'quanzhi-tech'];
  before(async () => {
    s = await demoServer();
    for (const u of names) who[u] = await login(s, u, DEMO_PW);
  });

  test("every write under /api/v1/projects/{id}: a caller who may not see the project gets 404 whatever the body", async () => {
    const doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
    const writes = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops))
        if (['post', 'put', 'patch', 'delete'].includes(m) && path.startsWith('/api/v1/projects/{id}'))
          writes.push({ method: m.toUpperCase(), path, roles: op['x-roles'] });
    assert.ok(writes.length >= 6, 'the project writes are documented');
    const all = (await api(s, 'GET', '/api/v1/projects?limit=200', { token: who.officer.token })).json.items;
    for (const u of ['csrc', 'expert1', 'quancheng-sec', 'quanzhi-tech']) {
      const role = who[u].user.role;
      const seen = new Set(
        (await api(s, 'GET', '/api/v1/projects?limit=200', { token: who[u].token })).json.items.map((p) => p.id),
      );
      const hidden = all.filter((p) => !seen.has(p.id)).map((p) => p.id);
      assert.ok(hidden.length > 0, `${u} does not see every project`);
      for (const w of writes) {
        for (const id of [hidden[0], hidden.at(-1), 999999]) {
          const path = w.path.replace('{id}', id).replace('{action}', 'submit').replace('{expert_id}', '1');
          for (const body of ['{}', '{"x":1}', 'not json']) {
            const r = await api(s, w.method, path, { token: who[u].token, body });
            if (!w.roles.includes(role)) assertError(r, 403, 'forbidden');
            else assertError(r, 404, 'not_found');
          }
        }
      }
    }
  });

  test("a comment's response: a caller who may not see the project gets 404 whatever the body", async () => {
    const all = (await api(s, 'GET', '/api/v1/projects?limit=200', { token: who.officer.token })).json.items;
    let tried = 0;
    for (const p of all) {
      const c = await api(s, 'GET', `/api/v1/projects/${p.id}/comments`, { token: who.officer.token });
      if (c.status !== 200 || !c.json.items.length) continue;
      for (const u of ['quancheng-sec', 'quanzhi-tech']) {
        if ((await api(s, 'GET', `/api/v1/projects/${p.id}`, { token: who[u].token })).status !== 404) continue;
        for (const body of ['{}', '{"response":""}', '{"response":"ok"}']) {
          const r = await api(s, 'POST', `/api/v1/comments/${c.json.items[0].id}/response`, { token: who[u].token, body });
          assertError(r, 404, 'not_found');
        }
        tried++;
      }
    }
    assert.ok(tried > 0, 'the demo holds a comment on a project some institution does not belong to');
  });
});
