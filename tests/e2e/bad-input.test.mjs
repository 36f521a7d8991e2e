// The bad-input catalogue (docs/SECURITY.md): what a careless or hostile client sends, each
// case with the answer it documents. After every case the server still answers, nothing was
// written (the event chain's length and the rows of every table the case could touch are
// unchanged), and over the whole catalogue the server's memory stays bounded. Oversize heads and
// bodies, slow clients, invalid UTF-8, NUL bytes, deep JSON, huge numbers, duplicate
// parameters, wrong content types and path traversal in names. BAOTU_CATALOGUE_REPEAT repeats
// the catalogue (1 in `make test`; `make soak` runs it more, to show memory stays flat).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';

import { api, demoPilot, multipart } from './lib/harness.mjs';

const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1');
const REPEAT = Number(process.env.BAOTU_CATALOGUE_REPEAT || 1);
let d;
let s;
let draft; // a draft the lead institution may upload to

// One raw exchange on a fresh socket: BYTES (a Buffer or latin1 text) written at once, or in
// pieces every `trickleMs`; resolves {status, headers, text, closed} when the server closes or
// a whole answer (by Content-Length) has come.
function raw(bytes, { trickleMs, pieces } = {}) {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port: s.port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      const text = buf.toString('utf8');
      const head = text.split('\r\n\r\n')[0];
      const headers = Object.fromEntries(
        head
          .split('\r\n')
          .slice(1)
          .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      const body = text.slice(head.length + 4);
      let json;
      try {
        json = JSON.parse(body);
      } catch {}
      resolve({ status: Number((/^HTTP\/1\.[01] (\d{3})/.exec(text) || [])[1] || 0), headers, text, json, closed });
      sock.destroy();
    };
    sock.on('data', (c) => {
      buf = Buffer.concat([buf, c]);
      const text = buf.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0) {
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
        if (m && buf.length >= end + 4 + Number(m[1])) finish(false);
      }
    });
    sock.on('error', (e) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? finish(true) : reject(e)));
    sock.on('close', () => finish(true));
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
    if (!trickleMs) {
      sock.write(b);
      return;
    }
    const n = pieces ?? b.length;
    const size = Math.ceil(b.length / n);
    let i = 0;
    const t = setInterval(() => {
      if (done || i * size >= b.length) return clearInterval(t);
      sock.write(b.subarray(i * size, (i + 1) * size));
      i++;
    }, trickleMs);
  });
}

const token = (u = 'officer') => d.token[u];
const jsonReq = (method, path, body, { user = 'officer', type = 'application/json', extra = '' } = {}) => {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return Buffer.concat([
    Buffer.from(
      `${method} ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token(user)}\r\n` +
        `Content-Type: ${type}\r\nContent-Length: ${b.length}\r\n${extra}Connection: close\r\n\r\n`,
      'latin1',
    ),
    b,
  ]);
};
const get = (path, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`;
const institutionBody = (over = '') =>
  `{"name":"坏输入测试机构","credit_code":"91370100MA3C5EXK5X","kind":"tech_firm","registered_province":"山东省","registered_city":"济南市","main_office_city":"济南市"${over}}`;

// A PDF uploaded to the draft as a material under the file name NAME.
function uploadNamed(name) {
  const m = multipart([
    { name: 'kind', value: 'technical_plan' },
    { name: 'file', filename: name, type: 'application/pdf', data: PDF },
  ]);
  return raw(jsonReq('POST', `/api/v1/projects/${draft}/materials`, m.body, { user: 'shenlan-tech', type: m.type }));
}

function rssKiB() {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${s.proc.pid}/status`, 'utf8'));
  return Number(m[1]);
}
const counts = () =>
  d.q(
    "SELECT (SELECT count(*) FROM events) || ',' || (SELECT count(*) FROM institutions) || ',' || " +
      "(SELECT count(*) FROM projects) || ',' || (SELECT count(*) FROM materials) || ',' || (SELECT count(*) FROM blobs)",
  );

// The catalogue: name, the request, and the documented answer (status; error code when the
// answer is baotu's JSON error; or `closed` when the server cuts the connection). A file name
// with a path is not refused: it is stored as its last component, made safe (web/multipart.h),
// so that upload writes, and `filename` is the name kept.
const CATALOGUE = [
  // oversize heads
  { name: 'a 40 KiB header line', req: () => raw(get('/api/v1/projects', `X-Pad: ${'a'.repeat(40 * 1024)}\r\n`)), status: 431 },
  { name: 'a 40 KiB request target', req: () => raw(get(`/api/v1/projects?q=${'a'.repeat(40 * 1024)}`)), status: 414 },
  { name: '2,000 header lines', req: () => raw(get('/healthz', Array.from({ length: 2000 }, (_, i) => `X-H${i}: v\r\n`).join(''))), status: 431 },
  // oversize bodies: refused from the declared length, before reading
  {
    name: 'a JSON body declared at 2 GiB',
    req: () =>
      raw(
        `POST /api/v1/institutions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token()}\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n{`,
      ),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'a Content-Length past 64 bits',
    req: () =>
      raw(
        `POST /api/v1/institutions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token()}\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n\r\n{`,
      ),
    status: 413,
  },
  { name: 'a 1.1 MiB JSON body', req: () => raw(jsonReq('POST', '/api/v1/institutions', institutionBody(`,"reason":"${'r'.repeat(1100 * 1024)}"`))), status: 413, code: 'payload_too_large' },
  // slow clients
  { name: 'a head trickled one byte every 300 ms (cut at --header-timeout)', req: () => raw(get('/healthz', 'X-Slow: 1\r\n'), { trickleMs: 300 }), closed: true, slow: true },
  {
    name: 'a body that never comes (cut at --idle-timeout)',
    req: () =>
      raw(
        `POST /api/v1/institutions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token()}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na`,
      ),
    closed: true,
    slow: true,
  },
  // invalid UTF-8
  { name: 'invalid UTF-8 in a JSON string', req: () => raw(jsonReq('POST', '/api/v1/institutions', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]))), status: 400, code: 'malformed_json' },
  { name: 'an overlong UTF-8 encoding of "/"', req: () => raw(jsonReq('POST', '/api/v1/institutions', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]))), status: 400, code: 'malformed_json' },
  { name: 'a UTF-16 surrogate encoded in UTF-8', req: () => raw(jsonReq('POST', '/api/v1/institutions', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]))), status: 400, code: 'malformed_json' },
  { name: 'invalid UTF-8 in a query parameter', req: () => raw(get('/api/v1/institutions?q=%C3%28', `Authorization: Bearer ${token()}\r\n`)), status: 400, code: 'invalid_text' },
  { name: 'a control character in a query parameter', req: () => raw(get('/api/v1/institutions?q=a%1Bb', `Authorization: Bearer ${token()}\r\n`)), status: 400, code: 'invalid_text' },
  // NUL bytes
  { name: 'a \\u0000 in a JSON string', req: () => raw(jsonReq('POST', '/api/v1/institutions', institutionBody().replace('坏输入测试机构', 'a\\u0000b'))), status: 400 },
  { name: 'a NUL byte in the path', req: () => raw(get('/api/v1/projects/1%00', `Authorization: Bearer ${token()}\r\n`)), status: 400, code: 'invalid_request' },
  { name: 'a raw NUL byte in the body', req: () => raw(jsonReq('POST', '/api/v1/institutions', Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0]), Buffer.from('b"}')]))), status: 400, code: 'malformed_json' },
  // deep and odd JSON
  { name: '100,000 nested arrays', req: () => raw(jsonReq('POST', '/api/v1/institutions', `{"name":${'['.repeat(100000)}${']'.repeat(100000)}}`)), status: 400, code: 'malformed_json' },
  { name: '100,000 nested objects', req: () => raw(jsonReq('POST', '/api/v1/institutions', `${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}`)), status: 400, code: 'malformed_json' },
  { name: 'a JSON array where an object is expected', req: () => raw(jsonReq('POST', '/api/v1/institutions', '[1,2,3]')), status: 400, code: 'malformed_json' },
  { name: 'a JSON document followed by another', req: () => raw(jsonReq('POST', '/api/v1/institutions', `${institutionBody()}{}`)), status: 400, code: 'malformed_json' },
  { name: 'an empty body', req: () => raw(jsonReq('POST', '/api/v1/institutions', '')), status: 400, code: 'malformed_json' },
  // huge numbers
  { name: 'a number past 64 bits', req: () => raw(jsonReq('POST', `/api/v1/projects/${draft}/actions/confirm`, '{"n":99999999999999999999999999}')), status: 400 },
  { name: 'a number past double range (1e400)', req: () => raw(jsonReq('POST', '/api/v1/projects', '{"name":"x","members":[{"institution_id":1e400,"lead":true,"role":"r"}]}', { user: 'shenlan-tech' })), status: 400 },
  { name: 'an id past 64 bits in the path', req: () => raw(get('/api/v1/projects/99999999999999999999999', `Authorization: Bearer ${token()}\r\n`)), status: 404, code: 'not_found' },
  { name: 'a negative limit', req: () => raw(get('/api/v1/projects?limit=-1', `Authorization: Bearer ${token()}\r\n`)), status: 400, code: 'invalid_value' },
  { name: 'a limit past 64 bits', req: () => raw(get('/api/v1/projects?limit=99999999999999999999999', `Authorization: Bearer ${token()}\r\n`)), status: 400, code: 'invalid_value' },
  // duplicates
  { name: 'a duplicate key in a JSON object', req: () => raw(jsonReq('POST', '/api/v1/institutions', institutionBody(',"name":"另一个名字"'))), status: 400, code: 'malformed_json' },
  { name: 'a duplicate query parameter', req: () => raw(get('/api/v1/projects?limit=1&limit=200', `Authorization: Bearer ${token()}\r\n`)), status: 400, code: 'duplicate_parameter' },
  { name: 'two Content-Length headers that differ', req: () => raw(`POST /api/v1/institutions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token()}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}`), status: 400 },
  { name: 'two Authorization headers', req: () => raw(get('/api/v1/projects', `Authorization: Bearer ${token()}\r\nAuthorization: Bearer ${token('leader')}\r\n`)), status: 400, code: 'duplicate_parameter' },
  // wrong content types
  { name: 'JSON sent as text/plain', req: () => raw(jsonReq('POST', '/api/v1/institutions', institutionBody(), { type: 'text/plain' })), status: 415, code: 'unsupported_media_type' },
  { name: 'a form post to a JSON route', req: () => raw(jsonReq('POST', '/api/v1/institutions', 'name=x', { type: 'application/x-www-form-urlencoded' })), status: 415, code: 'unsupported_media_type' },
  { name: 'JSON to an upload route', req: () => raw(jsonReq('POST', `/api/v1/projects/${draft}/materials`, '{"kind":"technical_plan"}', { user: 'shenlan-tech' })), status: 415, code: 'unsupported_media_type' },
  { name: 'a multipart body without its boundary', req: () => raw(jsonReq('POST', `/api/v1/projects/${draft}/materials`, '--x\r\n\r\n', { user: 'shenlan-tech', type: 'multipart/form-data' })), status: 400 },
  // path traversal
  { name: 'a static file outside the static tree', req: () => raw(get('/static/../../../etc/passwd')), status: 404 },
  { name: 'an encoded traversal in a static path', req: () => raw(get('/static/..%2f..%2f..%2fetc%2fpasswd')), status: 404 },
  { name: 'a backslash traversal in a static path', req: () => raw(get('/static/..%5c..%5cetc%5cpasswd')), status: 404 },
  { name: 'an upload named ../../etc/passwd.pdf', req: () => uploadNamed('../../etc/passwd.pdf'), status: 201, filename: 'passwd.pdf' },
  { name: 'an upload named C:\\Windows\\x.pdf', req: () => uploadNamed('C:\\Windows\\x.pdf'), status: 201, filename: 'x.pdf' },
];

describe('the bad-input catalogue', () => {
  let rss0;
  before(async () => {
    d = await demoPilot({ args: ['--scheduler-interval', '0', '--header-timeout', '2', '--idle-timeout', '3'] });
    s = d.server;
    draft = (await api(s, 'GET', '/api/v1/projects?state=draft', { token: token('shenlan-tech') })).json.items[0].id;
    rss0 = rssKiB();
  });
  after(async () => {
    if (d) await d.stop();
  });

  for (let round = 1; round <= REPEAT; round++) {
    for (const c of CATALOGUE) {
      test(`${c.name}${REPEAT > 1 ? ` (round ${round})` : ''}`, async () => {
        const before = counts();
        const t0 = Date.now();
        const r = await c.req();
        if (c.closed) {
          assert.equal(r.closed, true, `the connection is cut: ${r.text.slice(0, 200)}`);
          if (c.status) assert.equal(r.status, c.status);
          if (c.slow) assert.ok(Date.now() - t0 < 8000, `cut within the deadlines, after ${Date.now() - t0} ms`);
        } else {
          assert.equal(r.status, c.status, r.text.slice(0, 600));
          if (c.code) assert.equal(r.json?.error?.code, c.code, r.text.slice(0, 600));
        }
        // after a slow case the client's pooled keep-alive connection may have been closed by
        // the server's idle deadline meanwhile: a failed request is tried once more, on a new one
        const h = await api(s, 'GET', '/healthz').catch(() => api(s, 'GET', '/healthz'));
        assert.equal(h.status, 200, 'the server still answers');
        if (c.filename) assert.equal(r.json.filename, c.filename, 'the name without its path');
        else assert.equal(counts(), before, 'nothing was written');
      });
    }
  }

  test('memory stays bounded over the catalogue', (t) => {
    const grew = rssKiB() - rss0;
    t.diagnostic(`RSS ${rss0} KiB before, ${rss0 + grew} KiB after ${REPEAT} round(s)`);
    assert.ok(grew < 64 * 1024, `RSS grew by ${grew} KiB`);
  });
});
