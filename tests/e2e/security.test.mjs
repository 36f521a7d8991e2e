// What an attacker tries before any business rule is reached: redirects out of the site, NUL
// bytes that cut a path or header short, and connections held open to starve everyone else.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, assertError, login, runCli, startServer, tempDir } from './lib/harness.mjs';

const DEMO_PW = 'baotu-demo';

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

describe('redirects stay on the site', () => {
  const dir = tempDir();
  const db = `sqlite:${join(dir, 'x.db')}`;
  let s;
  before(async () => {
    const d = await runCli(['demo', '--db', db]);
    assert.equal(d.code, 0, d.stderr);
    s = await startServer(db);
  });
  after(async () => {
    await s.stopClean();
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
      // most of the thousand were refused: one address holds at most its share
      assert.ok(closedByServer >= 1000 - 31, `only ${closedByServer} sockets were refused`);
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
