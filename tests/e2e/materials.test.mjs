// Materials (§4.1): multipart upload with content sniffing and a size limit,
// content-addressed versioned storage, the per-track required list, downloads served as
// attachments, and a material.downloaded event whenever someone outside the applicants reads.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  createProject as create,
  download as get,
  eventsOf,
  institution,
  multipart,
  runCli,
  setUpSuite,
  shenzhenTech,
  sqlite3,
  tempDb,
} from './lib/harness.mjs';

const PW = 'materials-pw-1';
const { file, db, q } = tempDb();
let s;
const tok = {}; // username -> bearer token
const ids = {}; // usernames and projects (A, J, C) -> ids
const inst = {}; // institution ids
const sessions = {}; // username -> login response (cookie, csrf)

/* ---------- files built here, byte by byte ---------- */

const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const pdf = (text) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n% ${text}\n%%EOF\n`, 'latin1');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]),
]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// A little-endian record of `size` bytes: fields [offset, bytes (2 or 4), value].
function record(size, fields) {
  const b = Buffer.alloc(size);
  for (const [at, bytes, v] of fields) (bytes === 2 ? b.writeUInt16LE(v, at) : b.writeUInt32LE(v, at));
  return b;
}

// A stored (uncompressed) ZIP: local headers, central directory, end record.
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name);
    const d = Buffer.from(content);
    const crc = crc32(d);
    locals.push(record(30, [[0, 4, 0x04034b50], [4, 2, 20], [14, 4, crc], [18, 4, d.length], [22, 4, d.length], [26, 2, n.length]]), n, d);
    centrals.push(record(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], [16, 4, crc], [20, 4, d.length], [24, 4, d.length], [28, 2, n.length], [42, 4, offset]]), n);
    offset += 30 + n.length + d.length;
  }
  const cd = Buffer.concat(centrals);
  const end = record(22, [[0, 4, 0x06054b50], [8, 2, entries.length], [10, 2, entries.length], [12, 4, cd.length], [16, 4, offset]]);
  return Buffer.concat([...locals, cd, end]);
}
const DOCX = zip([
  ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
  ['_rels/.rels', '<Relationships/>'],
  ['word/document.xml', '<w:document/>'],
]);
const XLSX = zip([
  ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
  ['xl/workbook.xml', '<workbook/>'],
]);

/* ---------- multipart ---------- */

function upload(project, kind, data, { filename = 'file.pdf', type = 'application/pdf', token, as } = {}) {
  const parts = [];
  if (kind !== undefined) parts.push({ name: 'kind', value: kind });
  if (data !== undefined) parts.push({ name: 'file', filename, type, data });
  const m = multipart(parts);
  return api(s, 'POST', `/api/v1/projects/${project}/materials`, {
    token: token ?? tok[as ?? 'sec'],
    body: m.body,
    headers: { 'Content-Type': m.type },
  });
}

const download = (project, mid, token) => get(s, `/api/v1/projects/${project}/materials/${mid}`, token);

const list = (project, as) => api(s, 'GET', `/api/v1/projects/${project}/materials`, { token: tok[as] });

const downloadsOf = async (project) =>
  (await eventsOf(s, tok.officer, `project:${project}`)).filter((e) => e.kind === 'material.downloaded');

// What the store holds of materials, to show that a refused upload wrote nothing.
const snapshot = () =>
  q('SELECT (SELECT count(*) FROM materials), (SELECT count(*) FROM blobs), (SELECT count(*) FROM events);');

async function writesNothing(fn) {
  const before = snapshot();
  await fn();
  assert.equal(snapshot(), before, 'a refused upload changed the database');
}

const createProject = (as, body) => create(s, tok[as], body);

describe('materials', () => {
  before(async () => {
    const t = await setUpSuite(db, PW, {
      username: 'admin',
      register: {
        sec: institution(301, { name: '泉城证券' }),
        tech: shenzhenTech(302),
        other: institution(303, { name: '历下证券' }),
        coach: institution(304, { name: '泉智信息技术', kind: 'tech_firm', tech_category: 'csrc_filed_it_service' }),
      },
      accounts: {
        institution: { sec: 'sec', tech: 'tech', other: 'other', coach: 'coach' },
        officer: ['officer'],
        csrc: ['csrc'],
        expert: ['expertA', 'expertB', 'expertC'],
      },
    });
    s = t.s;
    Object.assign(inst, t.inst);
    Object.assign(sessions, t.accounts);
    Object.assign(tok, { admin: t.admin.token }, t.tok);
    Object.assign(ids, { admin: t.admin.id }, t.ids);
    // A: the securities firm alone; J: joint with the tech firm as lead (§3.2); C: coaching (§3.3)
    ids.A = await createProject('sec', {
      track: 'pilot',
      name: '智能投顾试点',
      members: [{ institution_id: inst.sec, lead: true, role: '业务运营与风险控制' }],
    });
    ids.J = await createProject('tech', {
      track: 'pilot',
      name: '区块链登记联合试点',
      members: [
        { institution_id: inst.tech, lead: true, role: '技术研发' },
        { institution_id: inst.sec, lead: false, role: '持牌业务' },
      ],
    });
    ids.C = await createProject('coach', {
      track: 'coaching',
      name: '监管科技辅导',
      members: [{ institution_id: inst.coach, lead: true, role: '研发' }],
    });
    // Expert assignments (§4.1): A has expertA, and expertC with a declared conflict; J has
    // expertB. (Set up in the store: the review API is another area's.)
    const now = Date.now() * 1000;
    q(`INSERT INTO experts (user_id) VALUES (${ids.expertA}), (${ids.expertB}), (${ids.expertC});
       INSERT INTO assignments VALUES (${ids.A}, ${ids.expertA}, ${now}, ${ids.admin}),
         (${ids.A}, ${ids.expertC}, ${now}, ${ids.admin}), (${ids.J}, ${ids.expertB}, ${now}, ${ids.admin});
       INSERT INTO conflicts VALUES (${ids.A}, ${ids.expertC}, 'expert', '曾任顾问', ${ids.expertC}, ${now});`);
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('upload: 201 with the material, stored under its SHA-256, event material.uploaded', async () => {
    const bytes = pdf('application form v1');
    const r = await upload(ids.A, 'application_form', bytes, { filename: '申报书.pdf' });
    assert.equal(r.status, 201, r.text);
    const m = r.json;
    assert.equal(m.kind, 'application_form');
    assert.equal(m.version, 1);
    assert.equal(m.project_id, ids.A);
    assert.equal(m.sha256, sha256(bytes));
    assert.equal(m.size, bytes.length);
    assert.equal(m.content_type, 'application/pdf');
    assert.equal(m.filename, '申报书.pdf');
    assert.equal(m.uploaded_by, ids.sec);
    assert.equal(m.download, `/api/v1/projects/${ids.A}/materials/${m.id}`);
    assert.equal(r.headers.get('location'), m.download);
    ids.form1 = m.id;
    assert.equal(
      q(`SELECT size || ' ' || content_type || ' ' || CASE WHEN hex(data) = '${bytes.toString('hex').toUpperCase()}' THEN 1 ELSE 0 END FROM blobs WHERE sha256 = '${m.sha256}';`),
      `${bytes.length} application/pdf 1`,
    );
    const ev = (await eventsOf(s, tok.officer, `project:${ids.A}`)).filter((e) => e.kind === 'material.uploaded');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].actor, `user:${ids.sec}`);
    assert.deepEqual(ev[0].payload, {
      material_id: m.id,
      kind: 'application_form',
      version: 1,
      sha256: m.sha256,
      size: bytes.length,
      filename: '申报书.pdf',
      content_type: 'application/pdf',
      confirmations_withdrawn: [],
    });
  });

  test('versions: a second upload of a kind is version 2; equal bytes share one blob', async () => {
    const blobs0 = Number(q('SELECT count(*) FROM blobs;'));
    const v2 = pdf('application form v2');
    let r = await upload(ids.A, 'application_form', v2, { filename: 'form-v2.pdf' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.version, 2);
    ids.form2 = r.json.id;
    assert.equal(Number(q('SELECT count(*) FROM blobs;')), blobs0 + 1);
    // the same bytes again, as version 3 and as another kind: no new blob, never overwritten
    r = await upload(ids.A, 'application_form', v2, { filename: 'again.pdf' });
    assert.equal(r.json.version, 3);
    assert.equal(r.json.sha256, sha256(v2));
    r = await upload(ids.A, 'technical_plan', v2, { filename: 'plan.pdf' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.version, 1);
    assert.equal(Number(q('SELECT count(*) FROM blobs;')), blobs0 + 1);
    assert.equal(q(`SELECT count(*) FROM materials WHERE sha256 = '${sha256(v2)}';`), '3');
    // the first version is still there, byte for byte
    const d = await download(ids.A, ids.form1, tok.sec);
    assert.equal(d.status, 200);
    assert.ok(d.bytes.equals(pdf('application form v1')));
  });

  test('content is sniffed: docx, xlsx, png accepted whatever they are called', async () => {
    let r = await upload(ids.A, 'risk_assessment', DOCX, { filename: '风险评估.docx', type: 'application/octet-stream' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.content_type, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    r = await upload(ids.A, 'exit_plan', XLSX, { filename: 'exit.xlsx', type: 'text/plain' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.content_type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // a PNG named .html keeps its bytes' extension: never served or saved as HTML
    r = await upload(ids.A, 'other', PNG, { filename: 'evil.html', type: 'text/html' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.content_type, 'image/png');
    assert.equal(r.json.filename, 'evil.html.png');
    // paths and control characters never reach the stored name
    r = await upload(ids.A, 'other', pdf('path'), { filename: '../../etc/ok.pdf' });
    assert.equal(r.json.filename, 'ok.pdf');
    r = await upload(ids.A, 'other', pdf('win'), { filename: 'C:\\\\Users\\\\me\\\\投资者保护.pdf' });
    assert.equal(r.json.filename, '投资者保护.pdf');
  });

  test('refused types → 415, whatever the declared type and name; nothing written', async () => {
    await writesNothing(async () => {
      for (const [data, name, type] of [
        [Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'), 'form.pdf', 'application/pdf'],
        [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'a.png', 'image/png'],
        [Buffer.concat([Buffer.from('MZ'), randomBytes(200)]), 'plan.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
        [Buffer.from('#!/bin/sh\necho hi\n'), 'x.pdf', 'application/pdf'],
        [zip([['readme.txt', 'a plain zip']]), 'x.docx', 'application/zip'],
      ]) {
        const r = await upload(ids.A, 'technical_plan', data, { filename: name, type });
        assertError(r, 415, 'unsupported_media_type', 'file');
      }
      // a JSON body is not the multipart this route takes
      const r = await api(s, 'POST', `/api/v1/projects/${ids.A}/materials`, {
        token: tok.sec,
        body: { kind: 'technical_plan' },
      });
      assertError(r, 415, 'unsupported_media_type', null);
    });
  });

  test('size: over 20 MiB → 413 naming the file; over the route cap → 413; nothing written', async () => {
    await writesNothing(async () => {
      const over = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
      over.write('%PDF-1.4\n', 0, 'latin1');
      let r = await upload(ids.A, 'technical_plan', over);
      assertError(r, 413, 'payload_too_large', 'file');
      // over the route's cap (20 MiB + 64 KiB): a client that declares its length and waits
      // (Expect: 100-continue) is refused before it sends a byte...
      const huge = multipart([
        { name: 'kind', value: 'technical_plan' },
        { name: 'file', filename: 'huge.pdf', data: Buffer.alloc(21 * 1024 * 1024, 0x20) },
      ]);
      const early = await new Promise((resolve, reject) => {
        const rq = request(`${s.url}/api/v1/projects/${ids.A}/materials`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${tok.sec}`,
            'Content-Type': huge.type,
            'Content-Length': huge.body.length,
            Expect: '100-continue',
          },
        });
        rq.on('continue', () => reject(new Error('the server asked for the oversize body')));
        rq.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d) => (text += d));
          res.on('end', () => {
            rq.destroy();
            resolve({ status: res.statusCode, text });
          });
        });
        rq.on('error', reject);
        rq.flushHeaders();
      });
      assert.equal(early.status, 413);
      assert.equal(JSON.parse(early.text).error.code, 'payload_too_large');
      // ...and one that streams it without a length is cut off at the cap (the rest is
      // discarded) and refused the same way
      const chunk = 1024 * 1024;
      const stream = new ReadableStream({
        start(c) {
          for (let i = 0; i < huge.body.length; i += chunk) c.enqueue(huge.body.subarray(i, i + chunk));
          c.close();
        },
      });
      const res = await fetch(`${s.url}/api/v1/projects/${ids.A}/materials`, {
        method: 'POST',
        body: stream,
        duplex: 'half',
        headers: { Authorization: `Bearer ${tok.sec}`, 'Content-Type': huge.type },
      });
      assert.equal(res.status, 413);
      assert.equal((await res.json()).error.code, 'payload_too_large');
      // other routes keep the server's 1 MiB cap
      r = await api(s, 'POST', '/api/v1/institutions', {
        token: tok.admin,
        body: institution(399, { name: 'x'.repeat(1100 * 1024) }),
      });
      assertError(r, 413, 'payload_too_large', null);
    });
    // exactly 20 MiB is accepted
    const max = Buffer.alloc(20 * 1024 * 1024, 0x20);
    max.write('%PDF-1.4\n', 0, 'latin1');
    const r = await upload(ids.A, 'technical_plan', max, { filename: 'big.pdf' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.size, max.length);
    const d = await download(ids.A, r.json.id, tok.sec);
    assert.equal(d.status, 200);
    assert.equal(sha256(d.bytes), sha256(max));
  });

  test('bad forms → 400 with the field named; nothing written', async () => {
    await writesNothing(async () => {
      assertError(await upload(ids.A, undefined, pdf('x')), 400, 'missing_field', 'kind');
      assertError(await upload(ids.A, 'technical_plan', undefined), 400, 'missing_field', 'file');
      assertError(await upload(ids.A, 'business_plan', pdf('x')), 400, 'invalid_value', 'kind');
      assertError(await upload(ids.A, 'technical_plan', Buffer.alloc(0)), 400, 'invalid_value', 'file');
      // a file input with nothing chosen
      assertError(await upload(ids.A, 'technical_plan', Buffer.alloc(0), { filename: '' }), 400, 'missing_field', 'file');
      let m = multipart([
        { name: 'kind', value: 'technical_plan' },
        { name: 'file', filename: 'a.pdf', data: pdf('x') },
        { name: 'comment', value: 'hi' },
      ]);
      let r = await api(s, 'POST', `/api/v1/projects/${ids.A}/materials`, {
        token: tok.sec, body: m.body, headers: { 'Content-Type': m.type },
      });
      assertError(r, 400, 'unknown_field', 'comment');
      m = multipart([
        { name: 'kind', value: 'technical_plan' },
        { name: 'file', filename: 'a.pdf', data: pdf('x') },
        { name: 'file', filename: 'b.pdf', data: pdf('y') },
      ]);
      r = await api(s, 'POST', `/api/v1/projects/${ids.A}/materials`, {
        token: tok.sec, body: m.body, headers: { 'Content-Type': m.type },
      });
      assertError(r, 400, 'duplicate_field', 'file');
      m = multipart([
        { name: 'kind', value: 'technical_plan' },
        { name: 'file', value: 'not a file' },
      ]);
      r = await api(s, 'POST', `/api/v1/projects/${ids.A}/materials`, {
        token: tok.sec, body: m.body, headers: { 'Content-Type': m.type },
      });
      assertError(r, 400, 'invalid_type', 'file');
      // malformed multipart: no closing boundary, a part after it, no boundary parameter
      m = multipart([{ name: 'kind', value: 'technical_plan' }], 'BB');
      for (const [body, type] of [
        [m.body.subarray(0, m.body.length - 8), m.type],
        [Buffer.concat([m.body, Buffer.from('--BB\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--BB--')]), m.type],
        [m.body, 'multipart/form-data'],
      ]) {
        r = await api(s, 'POST', `/api/v1/projects/${ids.A}/materials`, {
          token: tok.sec, body, headers: { 'Content-Type': type },
        });
        assertError(r, 400, 'invalid_multipart', null);
      }
    });
  });

  test('who may upload: the lead applicant only (other members 403 not_lead, others 404), staff by role 403, only while editable (409)', async () => {
    await writesNothing(async () => {
      assertError(await upload(ids.A, 'technical_plan', pdf('x'), { as: 'other' }), 404, 'not_found');
      assertError(await upload(ids.A, 'technical_plan', pdf('x'), { as: 'tech' }), 404, 'not_found');
      assertError(await upload(999999, 'technical_plan', pdf('x')), 404, 'not_found');
      assertError(await upload(ids.A, 'technical_plan', pdf('x'), { as: 'officer' }), 403, 'forbidden');
      assertError(await upload(ids.A, 'technical_plan', pdf('x'), { as: 'expertA' }), 403, 'forbidden');
      const m = multipart([{ name: 'kind', value: 'technical_plan' }, { name: 'file', filename: 'a.pdf', data: pdf('x') }]);
      const r = await api(s, 'POST', `/api/v1/projects/${ids.A}/materials`, {
        body: m.body, headers: { 'Content-Type': m.type },
      });
      assertError(r, 401, 'unauthenticated');
    });
    // §3.2: the lead applicant uploads for the joint application; the participant reads
    let r = await upload(ids.J, 'joint_agreement', pdf('joint'), { as: 'tech', filename: 'agreement.pdf' });
    assert.equal(r.status, 201, r.text);
    ids.jointAgreement = r.json.id;
    await writesNothing(async () => {
      assertError(await upload(ids.J, 'technical_plan', pdf('joint plan'), { as: 'sec' }), 403, 'not_lead');
    });
    assert.equal((await list(ids.J, 'sec')).json.may_upload, false);
    r = await upload(ids.J, 'technical_plan', pdf('joint plan'), { as: 'tech' });
    assert.equal(r.status, 201, r.text);
    // once submitted, the files are what was submitted
    q(`UPDATE projects SET state = 'submitted' WHERE id = ${ids.J};`);
    try {
      await writesNothing(async () => {
        assertError(await upload(ids.J, 'technical_plan', pdf('late'), { as: 'tech' }), 409, 'invalid_state');
      });
      r = await list(ids.J, 'tech');
      assert.equal(r.json.may_upload, false);
    } finally {
      q(`UPDATE projects SET state = 'draft' WHERE id = ${ids.J};`);
    }
  });

  test('list: latest of each kind, every version, required and missing per track', async () => {
    let r = await list(ids.A, 'sec');
    assert.equal(r.status, 200, r.text);
    const o = r.json;
    assert.equal(o.project_id, ids.A);
    assert.equal(o.track, 'pilot');
    assert.equal(o.may_upload, true);
    // a single applicant: no joint agreement required
    assert.deepEqual(o.required, ['application_form', 'technical_plan', 'risk_assessment',
      'investor_protection_plan', 'emergency_plan', 'exit_plan']);
    assert.deepEqual(o.missing, ['investor_protection_plan', 'emergency_plan']);
    const form = o.items.find((m) => m.kind === 'application_form');
    assert.equal(form.version, 3);
    assert.equal(o.items.filter((m) => m.kind === 'application_form').length, 1);
    const forms = o.history.filter((m) => m.kind === 'application_form').map((m) => m.version);
    assert.deepEqual(forms, [3, 2, 1]); // newest first
    assert.ok(o.history.length > o.items.length);
    // joint (§3.2): the agreement is required, and here provided
    r = await list(ids.J, 'tech');
    assert.ok(r.json.required.includes('joint_agreement'));
    assert.ok(!r.json.missing.includes('joint_agreement'));
    assert.ok(r.json.missing.includes('application_form'));
    // coaching (§3.3): no live business, no investor protection plan required
    r = await list(ids.C, 'coach');
    assert.equal(r.json.track, 'coaching');
    assert.deepEqual(r.json.required, ['application_form', 'technical_plan', 'risk_assessment',
      'emergency_plan', 'exit_plan']);
    assert.deepEqual(r.json.missing, r.json.required);
    assert.deepEqual(r.json.items, []);
    // staff and assigned experts read; they may not upload
    r = await list(ids.A, 'officer');
    assert.equal(r.status, 200);
    assert.equal(r.json.may_upload, false);
    r = await list(ids.A, 'expertA');
    assert.equal(r.status, 200);
  });

  test('download by a member: the bytes as an attachment of the sniffed type, no event', async () => {
    const before = (await downloadsOf(ids.A)).length;
    const d = await download(ids.A, ids.form1, tok.sec);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(
      d.headers.get('content-disposition'),
      "attachment; filename=\"___.pdf\"; filename*=UTF-8''%E7%94%B3%E6%8A%A5%E4%B9%A6.pdf",
    );
    assert.match(d.headers.get('cache-control'), /no-store/);
    assert.ok(d.bytes.equals(pdf('application form v1')));
    // the joint application's other member is a member too
    const j = await download(ids.J, ids.jointAgreement, tok.sec);
    assert.equal(j.status, 200);
    assert.equal((await downloadsOf(ids.A)).length, before);
    assert.equal((await downloadsOf(ids.J)).length, 0);
    // the PNG named .html is served as a PNG attachment with a .png name
    const list0 = (await list(ids.A, 'sec')).json;
    const png = list0.history.find((m) => m.content_type === 'image/png');
    const p = await download(ids.A, png.id, tok.sec);
    assert.equal(p.headers.get('content-type'), 'image/png');
    assert.match(p.headers.get('content-disposition'), /^attachment; filename="evil\.html\.png"/);
  });

  test('download by the officer and an assigned expert: material.downloaded, before the bytes', async () => {
    let d = await download(ids.A, ids.form2, tok.officer);
    assert.equal(d.status, 200);
    let ev = await downloadsOf(ids.A);
    assert.equal(ev.length, 1);
    assert.equal(ev[0].actor, `user:${ids.officer}`);
    assert.equal(ev[0].subject_type, 'project');
    assert.equal(ev[0].subject_id, String(ids.A));
    assert.deepEqual(ev[0].payload, {
      material_id: ids.form2,
      kind: 'application_form',
      version: 2,
      sha256: sha256(pdf('application form v2')),
    });
    d = await download(ids.A, ids.form1, tok.expertA);
    assert.equal(d.status, 200);
    ev = await downloadsOf(ids.A);
    assert.equal(ev.length, 2);
    assert.equal(ev[1].actor, `user:${ids.expertA}`);
    assert.equal(ev[1].payload.version, 1);
    // a HEAD reads no bytes and records nothing
    const h = await fetch(`${s.url}/api/v1/projects/${ids.A}/materials/${ids.form1}`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${tok.officer}` },
    });
    assert.equal(h.status, 200);
    assert.equal((await downloadsOf(ids.A)).length, 2);
  });

  test('experts: not assigned → 404, conflicted → 404; other institutions 404; nothing logged', async () => {
    await writesNothing(async () => {
      // expertB is assigned to J only
      assertError(await list(ids.A, 'expertB'), 404, 'not_found');
      let d = await download(ids.A, ids.form1, tok.expertB);
      assert.equal(d.status, 404);
      assert.equal(d.json.error.code, 'not_found');
      // expertC is assigned to A but declared a conflict (§4.1)
      assertError(await list(ids.A, 'expertC'), 404, 'not_found');
      d = await download(ids.A, ids.form1, tok.expertC);
      assert.equal(d.status, 404);
      // an institution that is no member
      assertError(await list(ids.A, 'other'), 404, 'not_found');
      d = await download(ids.A, ids.form1, tok.other);
      assert.equal(d.status, 404);
      // a material of another project through this project's path
      d = await download(ids.A, ids.jointAgreement, tok.officer);
      assert.equal(d.status, 404);
      d = await download(ids.A, 999999, tok.officer);
      assert.equal(d.status, 404);
      d = await download(ids.A, 'abc', tok.officer);
      assert.equal(d.status, 404);
    });
    // expertB reads J (logged); the CSRC does not see a draft
    const d = await download(ids.J, ids.jointAgreement, tok.expertB);
    assert.equal(d.status, 200);
    assert.equal((await downloadsOf(ids.J)).length, 1);
    assertError(await list(ids.A, 'csrc'), 404, 'not_found');
  });

  test('cookie sessions: the CSRF token as a header (API) or a form field (page form)', async () => {
    const sec = sessions.sec;
    const m = multipart([
      { name: 'kind', value: 'emergency_plan' },
      { name: 'file', filename: 'emergency.pdf', type: 'application/pdf', data: pdf('emergency') },
    ]);
    // without the token: refused
    let r = await api(s, 'POST', `/api/v1/projects/${ids.A}/materials`, {
      cookie: sec.cookie, body: m.body, headers: { 'Content-Type': m.type },
    });
    assertError(r, 403, 'csrf_failed');
    r = await api(s, 'POST', `/api/v1/projects/${ids.A}/materials`, {
      cookie: sec.cookie, body: m.body, headers: { 'Content-Type': m.type, 'X-CSRF-Token': sec.csrf },
    });
    assert.equal(r.status, 201, r.text);
    // the page's form: multipart with a csrf field, answered with a redirect to the page
    const form = multipart([
      { name: 'csrf', value: sec.csrf },
      { name: 'kind', value: 'investor_protection_plan' },
      { name: 'file', filename: 'protect.pdf', type: 'application/pdf', data: pdf('protect') },
    ]);
    let res = await fetch(`${s.url}/projects/${ids.A}/materials`, {
      method: 'POST', redirect: 'manual', body: form.body,
      headers: { Cookie: sec.cookie, 'Content-Type': form.type },
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/projects/${ids.A}?material_uploaded=1#materials`);
    const bad = multipart([
      { name: 'csrf', value: 'f'.repeat(64) },
      { name: 'kind', value: 'other' },
      { name: 'file', filename: 'x.pdf', data: pdf('x') },
    ]);
    res = await fetch(`${s.url}/projects/${ids.A}/materials`, {
      method: 'POST', redirect: 'manual', body: bad.body,
      headers: { Cookie: sec.cookie, 'Content-Type': bad.type },
    });
    assert.equal(res.status, 403);
    // a refused file comes back to the page with its reason
    const html = multipart([
      { name: 'csrf', value: sec.csrf },
      { name: 'kind', value: 'other' },
      { name: 'file', filename: 'x.pdf', data: '<html></html>' },
    ]);
    res = await fetch(`${s.url}/projects/${ids.A}/materials`, {
      method: 'POST', redirect: 'manual', body: html.body,
      headers: { Cookie: sec.cookie, 'Content-Type': html.type },
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/projects/${ids.A}?material_error=unsupported_media_type#materials`);
    // now nothing required is missing
    r = await list(ids.A, 'sec');
    assert.deepEqual(r.json.missing, []);
  });

  test('the project page: materials with download links, the upload form only while editable', async () => {
    const page = async (who, query = '') => {
      const res = await fetch(`${s.url}/projects/${ids.A}${query}`, { headers: { Cookie: sessions[who].cookie } });
      return { status: res.status, html: await res.text() };
    };
    let p = await page('sec');
    assert.equal(p.status, 200);
    const section = p.html.slice(p.html.indexOf('id="materials"'));
    assert.ok(section.length > 0 && p.html.includes('id="materials"'), 'no materials section');
    assert.match(section, new RegExp(`href="/api/v1/projects/${ids.A}/materials/${ids.form1}"`));
    assert.match(section, /申报书\.pdf/);
    assert.match(section, new RegExp(`<form method="post" action="/projects/${ids.A}/materials" enctype="multipart/form-data"`));
    assert.match(section, new RegExp(`name="csrf" value="${sessions.sec.csrf}"`));
    assert.match(section, /<input id="m-file" type="file" name="file"/);
    // a refused upload's reason, shown next to the form
    p = await page('sec', '?material_error=unsupported_media_type');
    assert.match(p.html, /data-code="unsupported_media_type"/);
    // staff read the list and download, but get no form
    p = await page('officer');
    assert.equal(p.status, 200);
    assert.ok(p.html.includes('id="materials"'));
    assert.ok(!p.html.includes(`action="/projects/${ids.A}/materials"`));
  });

  test('the event chain still verifies', async () => {
    const r = sqlite3(file, 'SELECT count(*) FROM events;');
    assert.equal(r.code, 0);
    const v = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stderr + v.stdout);
  });
});
