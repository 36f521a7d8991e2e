// baotu serve's own TLS (--tls-cert, --tls-key): https with the files' certificate, TLS 1.2 and
// 1.3 only, Secure cookies and HSTS, plain http refused on the port, and SIGHUP reloading the
// files without a restart (a pair that does not load leaves the current one serving).
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { addUser, runCli, tempDb, waitFor } from './lib/harness.mjs';
import { https, makeCertificate, serveAt } from './lib/edge.mjs';

const PW = 'tls-test-pw-1';
const { dir, db } = tempDb();

describe('TLS built in', () => {
  let s;
  let first; // the certificate at start
  let live; // the files the server was started with: {cert, key}
  before(async () => {
    await addUser(db, 'root', PW, 'admin');
    first = makeCertificate(dir, 'first');
    live = { cert: join(dir, 'live.crt'), key: join(dir, 'live.key') };
    copyFileSync(first.cert, live.cert);
    copyFileSync(first.key, live.key);
    s = await serveAt(db, ['--listen', '127.0.0.1:0', '--tls-cert', live.cert, '--tls-key', live.key]);
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('https answers with the files\' certificate; the log says https://; TLS 1.2 and 1.3 only', async () => {
    assert.equal(s.scheme, 'https');
    assert.match(s.stderr, /listening on https:\/\/127\.0\.0\.1:\d+\//);
    // verified against the certificate itself (it names 127.0.0.1)
    const r = await https(s, 'GET', '/healthz', { ca: first.pem });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'ok');
    assert.equal(r.fingerprint, first.fingerprint);
    assert.equal((await https(s, 'GET', '/healthz', { maxVersion: 'TLSv1.2' })).protocol, 'TLSv1.2');
    assert.equal((await https(s, 'GET', '/healthz', { minVersion: 'TLSv1.3' })).protocol, 'TLSv1.3');
    // TLS 1.1 and 1.0, offered by a client that would take them, are refused
    await assert.rejects(
      https(s, 'GET', '/healthz', { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
    );
  });

  test('the session cookie is Secure and every answer carries HSTS', async () => {
    const hsts = 'max-age=31536000';
    const login = await https(s, 'POST', '/api/v1/session', { body: { username: 'root', password: PW } });
    assert.equal(login.status, 201, login.text);
    const cookie = login.headers['set-cookie'].find((c) => c.startsWith('baotu_session='));
    assert.match(cookie, /; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    assert.equal(login.headers['strict-transport-security'], hsts);
    // an error, a page, a redirect with the language cookie, a log-out that clears the cookie
    const missing = await https(s, 'GET', '/api/v1/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['strict-transport-security'], hsts);
    const page = await https(s, 'GET', '/login');
    assert.equal(page.status, 200);
    assert.equal(page.headers['strict-transport-security'], hsts);
    const lang = await https(s, 'GET', '/lang/en?next=/login');
    assert.equal(lang.status, 303);
    assert.match(lang.headers['set-cookie'][0], /^lang=en; .*; Secure$/);
    const out = await https(s, 'DELETE', '/api/v1/session', { headers: { Authorization: `Bearer ${login.json.token}` } });
    assert.ok(out.status < 300, out.text);
    assert.match(out.headers['set-cookie'][0], /^baotu_session=; .*Max-Age=0; Secure$/);
    assert.equal(out.headers['strict-transport-security'], hsts);
  });

  test('plain http to the TLS port gets no answer', async () => {
    await assert.rejects(fetch(`http://127.0.0.1:${s.port}/healthz`));
    assert.equal((await https(s, 'GET', '/healthz')).status, 200);
  });

  test('SIGHUP reloads the files: new connections get the new certificate; same process, kept-alive connections go on', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before1 = await https(s, 'GET', '/healthz', { agent });
      assert.equal(before1.status, 200);
      assert.equal(before1.fingerprint, first.fingerprint);
      const node = before1.json.scheduler.node; // host:pid of the serving process
      const second = makeCertificate(dir, 'second', { rsa: true });
      copyFileSync(second.key, live.key);
      copyFileSync(second.cert, live.cert);
      s.proc.kill('SIGHUP');
      await waitFor(() => /SIGHUP: TLS certificate reloaded/.test(s.stderr), { what: 'the reload' });
      assert.ok(s.stderr.includes(second.fingerprint), 'the log names the new fingerprint');
      // the kept-alive connection is the same TLS session, and still served
      const kept = await https(s, 'GET', '/healthz', { agent });
      assert.equal(kept.status, 200);
      assert.equal(kept.reused, true, 'the kept-alive connection was not reused');
      assert.equal(kept.fingerprint, first.fingerprint);
      // a new connection: the new certificate, from the same process
      const fresh = await https(s, 'GET', '/healthz', { ca: second.pem });
      assert.equal(fresh.status, 200);
      assert.equal(fresh.fingerprint, second.fingerprint);
      assert.equal(fresh.json.scheduler.node, node);
      assert.equal(s.proc.exitCode, null);
      assert.equal(s.stderr.match(/listening on/g).length, 1, 'the server started again');

      // a pair that does not load: the error is logged, the current certificate stays
      const reloads = () => s.stderr.match(/SIGHUP: TLS files not reloaded/g)?.length ?? 0;
      writeFileSync(live.key, 'not a key\n');
      s.proc.kill('SIGHUP');
      await waitFor(() => reloads() === 1, { what: 'the failed reload' });
      assert.match(s.stderr, /SIGHUP: TLS files not reloaded, the current certificate stays: .*live\.key: no private key/);
      assert.equal((await https(s, 'GET', '/healthz')).fingerprint, second.fingerprint);
      copyFileSync(first.key, live.key); // the first key with the second certificate
      s.proc.kill('SIGHUP');
      await waitFor(() => reloads() === 2, { what: 'the second failed reload' });
      assert.match(s.stderr, /the key in .*live\.key is not the key of the certificate in .*live\.crt/);
      const still = await https(s, 'GET', '/healthz');
      assert.equal(still.status, 200);
      assert.equal(still.fingerprint, second.fingerprint);
      assert.equal(still.json.scheduler.node, node);
    } finally {
      agent.destroy();
    }
  });

  test('a bad or missing file at start: a clear error and exit 2, before the store is touched', async () => {
    const other = makeCertificate(dir, 'other');
    const serve = (args, env) => runCli(['serve', '--listen', '127.0.0.1:0', '--db', db, ...args], { env });
    let r = await serve(['--tls-cert', join(dir, 'missing.crt'), '--tls-key', first.key]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /TLS: .*missing\.crt: No such file or directory/);
    r = await serve(['--tls-cert', first.cert]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--tls-cert and --tls-key go together/);
    r = await serve(['--tls-cert', first.cert, '--tls-key', other.key]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /the key in .*other\.key is not the key of the certificate in .*first\.crt/);
    r = await serve(['--tls-cert', first.key, '--tls-key', first.key]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /first\.key: no certificate chain/);
    r = await serve([], { BAOTU_TLS_CERT: first.cert, BAOTU_TLS_KEY: join(dir, 'missing.key') });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /missing\.key: No such file or directory/);
    assert.doesNotMatch(r.stderr, /migration|listening/);
  });

  test('BAOTU_TLS_CERT and BAOTU_TLS_KEY: the same as the flags', async () => {
    const e = await serveAt(db, ['--listen', '127.0.0.1:0'], { env: { BAOTU_TLS_CERT: first.cert, BAOTU_TLS_KEY: first.key } });
    try {
      assert.equal(e.scheme, 'https');
      const r = await https(e, 'GET', '/healthz', { ca: first.pem });
      assert.equal(r.status, 200);
      assert.equal(r.fingerprint, first.fingerprint);
    } finally {
      await e.stopClean();
    }
  });
});
