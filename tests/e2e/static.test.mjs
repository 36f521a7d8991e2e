// Static assets: pages link them under a hash of their content, which is cached for good;
// the plain name keeps working with a short cache; a client that accepts gzip gets the
// gzip copy, with Vary and Content-Encoding. The hash and the bytes are checked against the
// files in web/static/ with Node's own crypto and zlib, not our C. Raw bytes are read with
// node:http (fetch would send its own Accept-Encoding and unpack the answer).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { ROOT, runCli, startServer, tempDir } from './lib/harness.mjs';

const dir = tempDir();
const db = `sqlite:${join(dir, 'static.db')}`;
let s;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const ASSETS = { 'baotu.css': 'text/css; charset=utf-8', 'mark.svg': 'image/svg+xml' };

const fileOf = (name) => readFileSync(join(ROOT, 'web', 'static', name));
const hashOf = (name) => createHash('sha256').update(fileOf(name)).digest('hex').slice(0, 12);
const hashedPath = (name) => {
  const dot = name.lastIndexOf('.');
  return `/static/${name.slice(0, dot)}.${hashOf(name)}${name.slice(dot)}`;
};

// One request with exactly these headers; resolves {status, headers, body: Buffer}.
function raw(path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${s.url}${path}`, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static assets', () => {
  before(async () => {
    const d = await runCli(['demo', '--db', db]);
    assert.equal(d.code, 0, d.stderr);
    s = await startServer(db);
  });
  after(async () => {
    await s?.stopClean();
  });

  test('pages link the stylesheet and the mark under their content hash', async () => {
    for (const page of ['/login', '/public', '/no-such-page']) {
      const html = (await raw(page)).body.toString('utf8');
      assert.ok(html.includes(`<link rel="stylesheet" href="${hashedPath('baotu.css')}">`), `${page}: ${html.slice(0, 600)}`);
      assert.ok(html.includes(`<link rel="icon" href="${hashedPath('mark.svg')}"`), page);
      assert.ok(html.includes(`<img src="${hashedPath('mark.svg')}"`), page);
      assert.doesNotMatch(html, /"\/static\/[a-z]+\.(css|svg)"/, `${page} still links an unhashed asset`);
    }
  });

  test('a hashed URL is cached for good and serves the file', async () => {
    for (const [name, type] of Object.entries(ASSETS)) {
      const r = await raw(hashedPath(name));
      assert.equal(r.status, 200, name);
      assert.equal(r.headers['cache-control'], IMMUTABLE, name);
      assert.equal(r.headers['content-type'], type, name);
      assert.equal(r.headers['content-encoding'], undefined, `${name}: encoded without being asked`);
      assert.deepEqual(r.body, fileOf(name), name);
    }
  });

  test('the plain name keeps working with a short cache; an unknown hash is not cached for good', async () => {
    for (const path of ['/static/baotu.css', '/static/baotu.0123456789ab.css']) {
      const r = await raw(path);
      assert.equal(r.status, 200, path);
      const cc = r.headers['cache-control'];
      assert.doesNotMatch(cc, /immutable/, path);
      const age = Number(/max-age=(\d+)/.exec(cc)?.[1]);
      assert.ok(age <= 3600, `${path}: ${cc}`);
      assert.deepEqual(r.body, fileOf('baotu.css'), path);
    }
  });

  test('gzip when the client accepts it, with Vary and Content-Encoding', async () => {
    for (const name of Object.keys(ASSETS)) {
      for (const ae of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.8', '*']) {
        const r = await raw(hashedPath(name), { headers: { 'Accept-Encoding': ae } });
        assert.equal(r.status, 200);
        assert.equal(r.headers['content-encoding'], 'gzip', `${name} with ${ae}`);
        assert.equal(r.headers.vary, 'Accept-Encoding', name);
        assert.equal(r.headers['cache-control'], IMMUTABLE, name);
        assert.equal(Number(r.headers['content-length']), r.body.length);
        assert.ok(r.body.length < fileOf(name).length, `${name}: gzip is no smaller`);
        assert.deepEqual(gunzipSync(r.body), fileOf(name), name);
      }
      for (const ae of [undefined, 'identity', 'br', 'gzip;q=0', 'gzip;q=0.000, identity', '*, gzip;q=0']) {
        const headers = ae === undefined ? {} : { 'Accept-Encoding': ae };
        const r = await raw(hashedPath(name), { headers });
        assert.equal(r.headers['content-encoding'], undefined, `${name} with ${ae}`);
        assert.equal(r.headers.vary, 'Accept-Encoding', `${name}: a cache must key on Accept-Encoding`);
        assert.deepEqual(r.body, fileOf(name), `${name} with ${ae}`);
      }
    }
    // the plain name is compressed too
    const plain = await raw('/static/baotu.css', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(plain.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(plain.body), fileOf('baotu.css'));
  });

  test('HEAD answers the headers without a body', async () => {
    const r = await raw(hashedPath('baotu.css'), { method: 'HEAD', headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], IMMUTABLE);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(r.body.length, 0);
  });

  test('unknown assets and paths out of web/static are 404', async () => {
    for (const path of [
      '/static/nope.css',
      '/static/nope.0123456789ab.css',
      '/static/..%2Fdata%2Fdivisions.csv',
      '/static/baotu',
      '/static/.css',
    ]) {
      const r = await raw(path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body.toString('utf8'), /INSERT|CREATE TABLE|370100/, `${path} leaked a file`);
    }
  });
});
