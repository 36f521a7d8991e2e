// Uploads after authentication: a route that takes a larger body than the server's (materials,
// 20 MiB) judges the caller from the request head, before any of the body is read. An
// anonymous caller gets 401 (a page: the log-in page), a role the route does not list 403, an
// institution that may not see the project 404, at once, while the body is still unsent; the
// lead institution's upload goes on as before.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { api, assertError, createProject, institution, multipart, setUpSuite, tempDb } from './lib/harness.mjs';
import { rawHead } from './lib/edge.mjs';

const PW = 'uploads-test-pw-1';
const MiB = 1024 * 1024;
const { db, q } = tempDb();
let s;
let tok;
let accounts;
let project;

const pdf = (size, text = 'x') => {
  const b = Buffer.alloc(size, 0x20);
  b.write(`%PDF-1.4\n% ${text}\n`, 0, 'latin1');
  b.write('\n%%EOF\n', size - 7, 'latin1');
  return b;
};

// What the store holds of uploads: a refused upload changes none of it.
const snapshot = () =>
  q('SELECT (SELECT count(*) FROM materials), (SELECT count(*) FROM blobs), (SELECT count(*) FROM events);');

// The head of a 20 MiB multipart upload to path and the first bytes of its body, no Expect.
function uploadHead(path, { token, cookie, length = 20 * MiB } = {}) {
  return (
    `POST ${path} HTTP/1.1\r\nHost: x\r\n` +
    (token ? `Authorization: Bearer ${token}\r\n` : '') +
    (cookie ? `Cookie: ${cookie}\r\n` : '') +
    `Content-Type: multipart/form-data; boundary=B\r\nContent-Length: ${length}\r\n\r\n` +
    '--B\r\nContent-Disposition: form-data; name="kind"\r\n\r\ntechnical_plan\r\n--B\r\n'
  );
}

// Sends the head and asserts the answer came at once, the body unsent: resolves {status, head,
// text (all the server sent)}; the server closes the connection after it.
async function refusedAtOnce(path, opts) {
  const r = await rawHead({ port: s.port }, uploadHead(path, opts));
  assert.ok(r.ms < 3000, `the answer took ${r.ms} ms`);
  const closed = await Promise.race([r.closed.then(() => true), new Promise((res) => setTimeout(() => res(false), 5000))]);
  r.sock.destroy();
  assert.ok(closed, 'the server kept a connection whose body it will not read');
  const text = await r.all;
  return { status: r.status, head: r.head, body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

// WHO's upload to the project is refused at once with STATUS: by token with the error CODE, and
// on the page's form by cookie with an HTML page.
async function refusedByTokenAndCookie(who, status, code) {
  let r = await refusedAtOnce(`/api/v1/projects/${project}/materials`, { token: tok[who] });
  assert.equal(r.status, status, r.head);
  assert.equal(JSON.parse(r.body.slice(0, r.body.lastIndexOf('}') + 1)).error.code, code);
  r = await refusedAtOnce(`/projects/${project}/materials`, { cookie: accounts[who].cookie });
  assert.equal(r.status, status, r.head);
  assert.match(r.head, /Content-Type: text\/html/);
}

describe('uploads after authentication', () => {
  before(async () => {
    const t = await setUpSuite(db, PW, {
      register: { sec: institution(501, { name: '泉城证券' }), other: institution(502, { name: '历下科技' }) },
      accounts: { institution: { sec: 'sec', other: 'other' }, csrc: ['csrc'] },
    });
    s = t.s;
    tok = t.tok;
    accounts = t.accounts;
    project = await createProject(s, tok.sec, {
      track: 'pilot',
      name: '智能投顾试点',
      members: [{ institution_id: t.inst.sec, lead: true, role: '业务运营与风险控制' }],
    });
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('anonymous: 401 at once, before the declared 20 MiB are sent; nothing written', async () => {
    const before = snapshot();
    let r = await refusedAtOnce(`/api/v1/projects/${project}/materials`);
    assert.equal(r.status, 401, r.head);
    assert.match(r.head, /Content-Type: application\/json/);
    assert.equal(JSON.parse(r.body.slice(0, r.body.lastIndexOf('}') + 1)).error.code, 'unauthenticated');
    // a token that is no session is no caller
    r = await refusedAtOnce(`/api/v1/projects/${project}/materials`, { token: 'f'.repeat(64) });
    assert.equal(r.status, 401, r.head);
    // the page's form: the log-in page
    r = await refusedAtOnce(`/projects/${project}/materials`);
    assert.equal(r.status, 303, r.head);
    assert.match(r.head, new RegExp(`\\r\\nLocation: /login\\?next=%2Fprojects%2F${project}%2Fmaterials\\r\\n`));
    assert.equal(snapshot(), before);
  });

  test('a role the route does not list (csrc): 403 at once, by token or by cookie', async () => {
    const before = snapshot();
    await refusedByTokenAndCookie('csrc', 403, 'forbidden');
    assert.equal(snapshot(), before);
  });

  test('an institution that may not see the project: 404 at once, as for no project; nothing written', async () => {
    const before = snapshot();
    await refusedByTokenAndCookie('other', 404, 'not_found');
    // the same answer as for a project that does not exist
    const r = await refusedAtOnce('/api/v1/projects/999999/materials', { token: tok.sec });
    assert.equal(r.status, 404, r.head);
    assert.equal(snapshot(), before);
  });

  test('a client that waits for 100 Continue is refused without it', async () => {
    const res = await new Promise((resolve, reject) => {
      const rq = request(`${s.url}/api/v1/projects/${project}/materials`, {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=B', 'Content-Length': 20 * MiB, Expect: '100-continue' },
      });
      rq.on('continue', () => reject(new Error('the server asked an anonymous caller for the body')));
      rq.on('response', (r) => {
        rq.destroy();
        resolve(r.statusCode);
      });
      rq.on('error', reject);
      rq.flushHeaders();
    });
    assert.equal(res, 401);
  });

  test('small bodies of refused callers: the same answers, the body read first', async () => {
    const m = multipart([{ name: 'kind', value: 'technical_plan' }, { name: 'file', filename: 'a.pdf', data: pdf(2048) }]);
    const headers = { 'Content-Type': m.type };
    assertError(await api(s, 'POST', `/api/v1/projects/${project}/materials`, { body: m.body, headers }), 401, 'unauthenticated');
    assertError(await api(s, 'POST', `/api/v1/projects/${project}/materials`, { body: m.body, headers, token: tok.csrc }), 403, 'forbidden');
  });

  test('the lead institution uploads as before, past the server\'s 1 MiB, by token and by the page', async () => {
    const big = pdf(5 * MiB, 'technical plan');
    const m = multipart([{ name: 'kind', value: 'technical_plan' }, { name: 'file', filename: 'plan.pdf', type: 'application/pdf', data: big }]);
    const r = await api(s, 'POST', `/api/v1/projects/${project}/materials`, { token: tok.sec, body: m.body, headers: { 'Content-Type': m.type } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.size, big.length);
    const form = multipart([
      { name: 'csrf', value: accounts.sec.csrf },
      { name: 'kind', value: 'risk_assessment' },
      { name: 'file', filename: 'risk.pdf', type: 'application/pdf', data: pdf(3 * MiB, 'risk') },
    ]);
    const res = await fetch(`${s.url}/projects/${project}/materials`, {
      method: 'POST',
      redirect: 'manual',
      body: form.body,
      headers: { Cookie: accounts.sec.cookie, 'Content-Type': form.type },
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/projects/${project}?material_uploaded=1#materials`);
    // over the route's cap: 413 as before
    const over = multipart([{ name: 'kind', value: 'technical_plan' }, { name: 'file', filename: 'x.pdf', data: pdf(20 * MiB + 1) }]);
    assertError(
      await api(s, 'POST', `/api/v1/projects/${project}/materials`, { token: tok.sec, body: over.body, headers: { 'Content-Type': over.type } }),
      413,
      'payload_too_large',
    );
  });
});
