// The client's address behind a reverse proxy (--trusted-proxy) and on IPv6 (--listen [::1]:P,
// [::]:P): only a trusted peer's X-Forwarded-For and X-Forwarded-Proto are believed; the
// address they name is the one log-in throttling and events see; a trusted proxy is not
// limited as one client.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';

import { addUser, api, assertError, eventsOf, login, runCli, startServer, tempDb } from './lib/harness.mjs';
import { hasIpv6Loopback, rawHead, serveAt } from './lib/edge.mjs';

const PW = 'proxy-test-pw-1';
const HSTS = 'max-age=31536000';
const { db, q } = tempDb();
let ids;

// POST /api/v1/session with these headers; resolves the answer.
const logIn = (s, username, password, headers = {}) =>
  api(s, 'POST', '/api/v1/session', { body: { username, password }, headers });

// The address in the last session.created event of a user.
async function lastLoginAddress(s, adminToken, id) {
  const created = (await eventsOf(s, adminToken, `user:${id}`)).filter((e) => e.kind === 'session.created');
  return created.at(-1).payload.address;
}

// Logs alice in with these headers and resolves the address her session.created names.
async function seenAs(s, admin, headers) {
  const r = await logIn(s, 'alice', PW, headers);
  assert.equal(r.status, 201, r.text);
  return lastLoginAddress(s, admin.token, ids.alice);
}

// Twenty failed log-ins (the per-address budget; unknown names, so that no account is
// throttled) with these headers.
async function failTwenty(s, headers) {
  for (let i = 0; i < 20; i++) {
    const r = await logIn(s, `nobody${i}-${Math.random().toString(36).slice(2, 8)}`, 'wrong-password', headers);
    assert.equal(r.status, 401, r.text);
  }
}

// How many of n idle sockets opened to port the server closes within a second.
async function closedOf(port, n) {
  const socks = [];
  let closed = 0;
  for (let i = 0; i < n; i++) {
    const sock = connect({ host: '127.0.0.1', port });
    sock.on('error', () => {});
    sock.on('close', () => closed++);
    socks.push(sock);
  }
  await new Promise((r) => setTimeout(r, 1000));
  const n0 = closed;
  for (const sock of socks) sock.destroy();
  return n0;
}

before(async () => {
  ids = { root: await addUser(db, 'root', PW, 'admin'), alice: await addUser(db, 'alice', PW, 'officer') };
});

describe('behind a trusted proxy', () => {
  let s; // trusts 127.0.0.1 and 10.0.0.0/8 (from BAOTU_TRUSTED_PROXY), at most 2 connections per address
  let admin;
  before(async () => {
    s = await startServer(db, ['--per-address', '2'], { env: { BAOTU_TRUSTED_PROXY: '127.0.0.1, 10.0.0.0/8' } });
    admin = await login(s, 'root', PW);
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('X-Forwarded-For from the proxy names the client: the session.created event\'s address', async () => {
    assert.match(s.stderr, /behind trusted proxies 127\.0\.0\.1, 10\.0\.0\.0\/8/);
    assert.equal(await seenAs(s, admin, { 'X-Forwarded-For': '203.0.113.7' }), '203.0.113.7');
    // a chain: the right-most address that is not a trusted proxy
    assert.equal(await seenAs(s, admin, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9, 10.1.2.3' }), '203.0.113.9');
    // an IPv6 client, in canonical text
    assert.equal(await seenAs(s, admin, { 'X-Forwarded-For': '2001:DB8:0::7' }), '2001:db8::7');
    // malformed, or absent: the proxy itself
    for (const bad of ['unknown', '203.0.113.7:4711', '203.0.113.7,', '203.0.113.7 198.51.100.2'])
      assert.equal(await seenAs(s, admin, { 'X-Forwarded-For': bad }), '127.0.0.1', bad);
    assert.equal(await seenAs(s, admin, {}), '127.0.0.1');
    // the header on two lines (a proxy that adds its own line): read as one list, in order
    const body = JSON.stringify({ username: 'alice', password: PW });
    const r = await rawHead(
      { port: s.port },
      'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.1\r\n' +
        `X-Forwarded-For: 203.0.113.10\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
    r.sock.destroy();
    assert.equal(r.status, 201, r.head);
    assert.equal(await lastLoginAddress(s, admin.token, ids.alice), '203.0.113.10');
  });

  test('the log-in throttle counts each forwarded client, not the proxy', async () => {
    await failTwenty(s, { 'X-Forwarded-For': '203.0.113.50' });
    assertError(await logIn(s, 'alice', PW, { 'X-Forwarded-For': '203.0.113.50' }), 429, 'too_many_attempts');
    assertError(await logIn(s, 'alice', PW, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.50' }), 429, 'too_many_attempts');
    // another client behind the same proxy, and the proxy itself, log in
    assert.equal((await logIn(s, 'alice', PW, { 'X-Forwarded-For': '203.0.113.51' })).status, 201);
    assert.equal((await logIn(s, 'alice', PW)).status, 201);
  });

  test('X-Forwarded-Proto: https from the proxy makes the cookie Secure and adds HSTS', async () => {
    let r = await logIn(s, 'alice', PW, { 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https' });
    assert.equal(r.status, 201);
    assert.match(r.headers.get('set-cookie'), /^baotu_session=[0-9a-f]{64}; .*; Secure$/);
    assert.equal(r.headers.get('strict-transport-security'), HSTS);
    r = await api(s, 'GET', '/api/v1/nothing-here', { headers: { 'X-Forwarded-Proto': 'https' } });
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('strict-transport-security'), HSTS);
    // http, or nothing said: as today
    for (const headers of [{ 'X-Forwarded-Proto': 'http' }, {}, { 'X-Forwarded-Proto': 'https, http' }]) {
      r = await logIn(s, 'alice', PW, headers);
      assert.equal(r.status, 201);
      assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/, JSON.stringify(headers));
      assert.equal(r.headers.get('strict-transport-security'), null);
    }
  });

  test('a trusted proxy is not limited per address (--per-address 2)', async () => {
    assert.equal(await closedOf(s.port, 8), 0);
    assert.equal((await api(s, 'GET', '/healthz')).status, 200);
    // the same limit for an address that is not a proxy
    const plain = await startServer(db, ['--per-address', '2']);
    try {
      assert.ok((await closedOf(plain.port, 8)) >= 6, 'more than two connections of one address were let in');
    } finally {
      await plain.stopClean();
    }
  });

  test('a list that is not addresses: a clear error and exit 2', async () => {
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.1,,10.0.0.2', '2001:db8::/129']) {
      const r = await runCli(['serve', '--listen', '127.0.0.1:0', '--db', db, '--trusted-proxy', bad]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--trusted-proxy: /);
    }
  });
});

describe('a forged X-Forwarded-For from a peer that is not trusted is ignored', () => {
  for (const [name, args] of [
    ['without --trusted-proxy', []],
    ['trusting another range', ['--trusted-proxy', '10.0.0.0/8, ::1']],
  ]) {
    test(name, async () => {
      const s = await startServer(db, args);
      try {
        const admin = await login(s, 'root', PW);
        const forged = { 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'https' };
        assert.equal(await seenAs(s, admin, forged), '127.0.0.1');
        const r = await logIn(s, 'alice', PW, forged);
        assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/);
        assert.equal(r.headers.get('strict-transport-security'), null);
        // the throttle counts 127.0.0.1, whatever the header says
        await failTwenty(s, { 'X-Forwarded-For': '203.0.113.60' });
        assertError(await logIn(s, 'alice', PW, { 'X-Forwarded-For': '203.0.113.61' }), 429, 'too_many_attempts');
      } finally {
        await s.stopClean();
        // the counts are in the store and outlive the server: the next case starts afresh
        q('DELETE FROM throttle_hits;');
      }
    });
  }
});

describe('IPv6', () => {
  let v6;
  before(async () => {
    v6 = await hasIpv6Loopback();
  });

  test('[::1]:0 answers over IPv6, and the request\'s address is IPv6 text', async (t) => {
    if (!v6) return t.skip('this machine cannot listen on ::1');
    const s = await serveAt(db, ['--listen', '[::1]:0']);
    try {
      assert.equal(s.host, '[::1]');
      const r = await fetch(`http://[::1]:${s.port}/healthz`);
      assert.equal(r.status, 200);
      assert.equal((await r.json()).status, 'ok');
      await assert.rejects(fetch(`http://127.0.0.1:${s.port}/healthz`)); // IPv6 only
      const admin = await login(s, 'root', PW);
      assert.equal(await seenAs(s, admin, { 'X-Forwarded-For': '203.0.113.7' }), '::1');
    } finally {
      await s.stopClean();
    }
  });

  test('[::]:0 listens on IPv4 too; an IPv4 client is seen as IPv4', async (t) => {
    if (!v6) return t.skip('this machine cannot listen on ::1');
    const s = await serveAt(db, ['--listen', '[::]:0']);
    try {
      assert.equal(s.host, '[::]');
      const six = { ...s, url: `http://[::1]:${s.port}` };
      const four = { ...s, url: `http://127.0.0.1:${s.port}` };
      assert.equal((await api(six, 'GET', '/healthz')).status, 200);
      assert.equal((await api(four, 'GET', '/healthz')).status, 200);
      const admin = await login(four, 'root', PW);
      assert.equal(await seenAs(four, admin, {}), '127.0.0.1');
      assert.equal(await seenAs(six, admin, {}), '::1');
    } finally {
      await s.stopClean();
    }
  });

  test('a trusted proxy on ::1', async (t) => {
    if (!v6) return t.skip('this machine cannot listen on ::1');
    const s = await serveAt(db, ['--listen', '[::1]:0', '--trusted-proxy', '::1']);
    try {
      const admin = await login(s, 'root', PW);
      assert.equal(await seenAs(s, admin, { 'X-Forwarded-For': '203.0.113.7' }), '203.0.113.7');
      assert.equal(await seenAs(s, admin, {}), '::1');
    } finally {
      await s.stopClean();
    }
  });

  test('--listen that is not HOST:PORT: exit 2', async () => {
    for (const bad of ['[::1:8080', '::1:8080', '[::1]', '[nope]:8080', '127.0.0.1:']) {
      const r = await runCli(['serve', '--db', db, '--listen', bad]);
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /--listen: /);
    }
  });
});
