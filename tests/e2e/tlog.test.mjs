// The public transparency log (docs/TRANSPARENCY.md), checked from outside with the independent
// verifier (lib/ct-verify.mjs: node:crypto only, no C code): the demo's public records and a
// sanction decided here are leaves, each followed by an anchor of the event chain; every leaf's
// hash, its inclusion in the latest signed head, the consistency of every pair of stored heads
// and their signatures (Ed25519, and SM2 over an SM3 tree) verify; a witness's cosignature made
// in JavaScript is accepted and a bad one refused; bad parameters are 400 naming the parameter;
// a leaf rewritten in the store (its trigger dropped) no longer proves against the signed head;
// no leaf carries a confidential field.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  headText,
  leafHash,
  verifyConsistency,
  verifyHeadSignature,
  verifyInclusion,
} from './lib/ct-verify.mjs';
import {
  api,
  assertError,
  canonical,
  demoPilot,
  ON_PG,
  query,
  runCli,
  sqlite3,
  startServer,
  tempDb,
  tempDir,
  waitFor,
} from './lib/harness.mjs';

// An Ed25519 key: the log's key file (lib/logsign's format) or a witness's key pair.
function ed25519() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  return { privateKey, pub: pub.toString('base64'), file: `baotu-log-key ed25519\n${Buffer.concat([seed, pub]).toString('base64')}\n` };
}

function keyFile(dir, name, text) {
  const f = join(dir, name);
  writeFileSync(f, text, { mode: 0o600 });
  return f;
}

const get = async (server, path) => api(server, 'GET', path);

// Every leaf of the log, in pages of the server's choosing.
async function allLeaves(server, size) {
  const out = [];
  while (out.length < size) {
    const r = await get(server, `/api/v1/log/leaves?start=${out.length}&end=${size}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.leaves.length > 0);
    for (const l of r.json.leaves) {
      assert.equal(l.leaf_index, out.length);
      out.push(l);
    }
  }
  return out;
}

function headOk(h) {
  return verifyHeadSignature({ alg: h.algorithm, publicKey: h.public_key, head: h, signature: h.signature });
}

describe('the transparency log (Ed25519, SHA-256)', () => {
  let d;
  let logKey;
  let P; // the launched pilot suspended here
  const SECRET_REASON = '内部理由：超范围提供投顾服务（仅工作组可见-T7）';
  const SECRET_EVIDENCE = '现场检查记录 T7-机密';
  const call = (who, method, path, body) => api(d.server, method, path, { token: d.token[who], body });

  before(async () => {
    const dir = tempDir('tlog-');
    logKey = ed25519();
    const file = keyFile(dir, 'log.key', logKey.file);
    d = await demoPilot({ args: ['--log-key', file] });
    d.logKeyFile = file;
    P = d.launched;
  });
  after(() => d?.stop());

  test('a sanction made public appends its record, an anchor of the chain and a signed head', async () => {
    const before = await get(d.server, '/api/v1/log/head');
    assert.equal(before.status, 200, before.text);
    assert.equal(before.json.hash, 'sha256');
    assert.equal(before.json.algorithm, 'ed25519');
    assert.equal(before.json.public_key, logKey.pub);
    const n0 = before.json.tree_size;
    assert.ok(n0 > 0, 'the demo published records');
    const r = await call('officer', 'POST', `/api/v1/projects/${P}/actions/suspend`, { reason: SECRET_REASON, evidence: [SECRET_EVIDENCE] });
    assert.equal(r.status, 202, r.text);
    const a = await call('leader', 'POST', `/api/v1/decisions/${r.json.decision.id}/approve`, { reason: '同意' });
    assert.equal(a.status, 200, a.text);
    const head = await get(d.server, '/api/v1/log/head');
    assert.equal(head.json.tree_size, n0 + 2);
    assert.ok(headOk(head.json));
    const leaves = await get(d.server, `/api/v1/log/leaves?start=${n0}&end=${n0 + 2}`);
    const [rec, anchor] = leaves.json.leaves.map((l) => JSON.parse(l.leaf_input));
    const seq = Number(d.q(`SELECT seq FROM events WHERE kind = 'project.suspend' AND subject_id = '${P}' ORDER BY seq DESC LIMIT 1`));
    assert.deepEqual(rec, {
      type: 'record',
      kind: 'project.suspend',
      seq,
      ts: Number(d.q(`SELECT ts FROM events WHERE seq = ${seq}`)),
      subject: `project:${P}`,
      record: { action: 'suspend', from: 'launched', to: 'suspended', clause: rec.record.clause },
    });
    assert.match(rec.record.clause, /^§/);
    assert.equal(anchor.type, 'chain_head');
    assert.equal(anchor.chain_seq, seq, 'the anchor covers the record\'s own event');
    assert.equal(anchor.chain_hash, d.q(`SELECT hash FROM events WHERE seq = ${seq}`));
    assert.deepEqual(Object.keys(anchor).sort(), ['chain_hash', 'chain_seq', 'ts', 'type']);
    // the head stored for that size is the one served
    const stored = await get(d.server, `/api/v1/log/heads/${n0 + 2}`);
    assert.equal(stored.status, 200, stored.text);
    assert.deepEqual(stored.json, head.json);
    // between the record and its anchor the log never rested: no head of that size
    assertError(await get(d.server, `/api/v1/log/heads/${n0 + 1}`), 404, 'not_found', 'size');
  });

  test('two nodes appending at once: leaf indexes dense, one head per size, every proof verifies', async () => {
    const other = await startServer(d.db, ['--log-key', d.logKeyFile], { env: d.clock.env });
    try {
      const n0 = (await get(d.server, '/api/v1/log/head')).json.tree_size;
      const launched = (await call('officer', 'GET', '/api/v1/projects?state=launched')).json.items.map((p) => p.id);
      assert.ok(launched.length >= 1, 'a second launched pilot');
      // proposals first, then the approvals (the appends) through both nodes at once
      const proposals = [];
      for (const [pid, action, body] of [
        [P, 'resume', { reason: '整改到位，恢复试点' }],
        [launched[0], 'suspend', { reason: SECRET_REASON, evidence: [SECRET_EVIDENCE] }],
      ]) {
        const r = await call('officer', 'POST', `/api/v1/projects/${pid}/actions/${action}`, body);
        assert.equal(r.status, 202, r.text);
        proposals.push(r.json.decision.id);
      }
      const approved = await Promise.all(
        proposals.map((id, i) => api(i ? other : d.server, 'POST', `/api/v1/decisions/${id}/approve`, { token: d.token.leader, body: { reason: '同意' } })),
      );
      assert.deepEqual(approved.map((r) => r.status), [200, 200], approved.map((r) => r.text).join('\n'));
      const head = (await get(other, '/api/v1/log/head')).json;
      assert.ok(head.tree_size >= n0 + 4, `${n0} -> ${head.tree_size}`);
      assert.equal(Number(d.q('SELECT count(*) FROM log_leaves')), head.tree_size);
      assert.equal(Number(d.q('SELECT max(idx) + 1 FROM log_leaves')), head.tree_size, 'dense from 0');
      const leaves = await allLeaves(other, head.tree_size);
      const recent = leaves.slice(n0).map((l) => JSON.parse(l.leaf_input));
      // each record is followed by its own anchor
      for (let i = 0; i < recent.length; i++)
        if (recent[i].type === 'record') assert.equal(recent[i + 1].chain_seq, recent[i].seq);
      assert.deepEqual(recent.filter((l) => l.type === 'record').map((l) => l.kind).sort(), ['project.resume', 'project.suspend']);
      for (const l of leaves.slice(n0)) {
        const p = await get(d.server, `/api/v1/log/proof/inclusion?tree_size=${head.tree_size}&leaf_index=${l.leaf_index}`);
        assert.ok(verifyInclusion({ index: l.leaf_index, size: head.tree_size, leafHash: l.leaf_hash, proof: p.json.audit_path, root: head.root_hash }));
      }
    } finally {
      await other.stopClean();
    }
  });

  test('every leaf, inclusion proof, stored head and consistency proof verifies with ct-verify alone', async () => {
    const head = (await get(d.server, '/api/v1/log/head')).json;
    assert.ok(headOk(head));
    const leaves = await allLeaves(d.server, head.tree_size);
    const kinds = new Set();
    for (const l of leaves) {
      assert.equal(leafHash(l.leaf_input).toString('hex'), l.leaf_hash, `leaf ${l.leaf_index}`);
      const v = JSON.parse(l.leaf_input);
      assert.equal(canonical(v), l.leaf_input, 'a leaf is canonical JSON');
      kinds.add(v.type === 'record' ? v.kind : v.type);
      const p = await get(d.server, `/api/v1/log/proof/inclusion?tree_size=${head.tree_size}&leaf_index=${l.leaf_index}`);
      assert.equal(p.status, 200, p.text);
      assert.equal(p.json.leaf_hash, l.leaf_hash);
      assert.ok(
        verifyInclusion({ index: l.leaf_index, size: head.tree_size, leafHash: l.leaf_hash, proof: p.json.audit_path, root: head.root_hash }),
        `leaf ${l.leaf_index} is in the head`,
      );
    }
    // the public records the demo made: notices, launches, outcomes, sanctions, exits, recognition
    for (const k of ['notice.published', 'project.launch', 'project.suspend', 'project.start_exit', 'project.complete_exit', 'project.recognise', 'project.evaluate_regular', 'chain_head'])
      assert.ok(kinds.has(k), `a leaf of ${k}`);
    // a record leaf is found by its hash too
    const rec = leaves.find((l) => JSON.parse(l.leaf_input).type === 'record');
    const byHash = await get(d.server, `/api/v1/log/proof/inclusion?tree_size=${head.tree_size}&leaf_hash=${rec.leaf_hash.toUpperCase()}`);
    assert.equal(byHash.status, 200, byHash.text);
    assert.equal(byHash.json.leaf_index, rec.leaf_index);
    // every stored head: its signature, and its consistency with every later one
    const sizes = d.q('SELECT tree_size FROM log_heads ORDER BY tree_size').split('\n').map(Number);
    assert.ok(sizes.length >= 2, `heads stored: ${sizes}`);
    const heads = [];
    for (const s of sizes) {
      const h = await get(d.server, `/api/v1/log/heads/${s}`);
      assert.equal(h.status, 200, h.text);
      assert.ok(headOk(h.json), `the head of ${s} is signed`);
      if (heads.length) assert.ok(h.json.timestamp >= heads.at(-1).timestamp, 'a larger head is never older');
      heads.push(h.json);
    }
    for (const m of heads)
      for (const n of heads) {
        if (m.tree_size > n.tree_size) continue;
        const c = await get(d.server, `/api/v1/log/proof/consistency?first=${m.tree_size}&second=${n.tree_size}`);
        assert.equal(c.status, 200, c.text);
        assert.ok(
          verifyConsistency({ first: m.tree_size, second: n.tree_size, firstRoot: m.root_hash, secondRoot: n.root_hash, proof: c.json.consistency }),
          `${m.tree_size} -> ${n.tree_size}`,
        );
      }
    // the empty tree's head: the hash of nothing, signed
    const empty = await get(d.server, '/api/v1/log/heads/0');
    assert.equal(empty.status, 200, empty.text);
    assert.equal(empty.json.root_hash, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.ok(headOk(empty.json));
  });

  test('no leaf carries what the public may not see', async () => {
    const size = (await get(d.server, '/api/v1/log/head')).json.tree_size;
    const text = (await allLeaves(d.server, size)).map((l) => l.leaf_input).join('\n');
    const content = JSON.parse(d.q(`SELECT content FROM projects WHERE id = ${P}`));
    for (const field of ['funding_guarantee', 'emergency_plan', 'exit_plan', 'hypothesis']) {
      assert.ok(content[field], `the application has ${field}`);
      assert.ok(!text.includes(content[field]), `${field} is in a leaf`);
      assert.ok(!text.includes(`"${field}"`), `a leaf names ${field}`);
    }
    assert.ok(!text.includes(SECRET_REASON) && !text.includes(SECRET_EVIDENCE), 'a sanction\'s reason or evidence is in a leaf');
  });

  test('a witness is registered; its cosignature made in JavaScript is accepted, a bad one refused', async () => {
    const w = generateKeyPairSync('ed25519');
    const wpub = Buffer.from(w.publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64');
    const add = await call('admin', 'POST', '/api/v1/log/witnesses', { name: 'sdu-witness', algorithm: 'ed25519', public_key: wpub });
    assert.equal(add.status, 201, add.text);
    assert.equal(add.json.public_key, wpub);
    assertError(await call('admin', 'POST', '/api/v1/log/witnesses', { name: 'sdu-witness', algorithm: 'ed25519', public_key: wpub }), 409, 'conflict', 'name');
    assertError(await call('admin', 'POST', '/api/v1/log/witnesses', { name: 'x', algorithm: 'rsa', public_key: wpub }), 400, 'invalid_value', 'algorithm');
    assertError(await call('admin', 'POST', '/api/v1/log/witnesses', { name: 'x', algorithm: 'sm2', public_key: wpub }), 400, 'invalid_value', 'public_key');
    assertError(await call('officer', 'POST', '/api/v1/log/witnesses', { name: 'x', algorithm: 'ed25519', public_key: wpub }), 403, 'forbidden');
    const list = await get(d.server, '/api/v1/log/witnesses');
    assert.deepEqual(list.json.witnesses.map((x) => x.name), ['sdu-witness']);

    const head = (await get(d.server, '/api/v1/log/head')).json;
    const good = sign(null, Buffer.from(headText(head)), w.privateKey).toString('base64');
    const events = () => Number(d.q("SELECT count(*) FROM events WHERE kind = 'log.cosigned'"));
    const n = events();
    const body = { tree_size: head.tree_size, witness: 'sdu-witness', signature: good };
    assertError(await call('officer', 'POST', '/api/v1/log/cosignatures', body), 403, 'forbidden');
    const forged = sign(null, Buffer.from(headText({ ...head, tree_size: head.tree_size - 1 })), w.privateKey).toString('base64');
    assertError(await call('csrc', 'POST', '/api/v1/log/cosignatures', { ...body, signature: forged }), 400, 'invalid_signature', 'signature');
    assertError(await call('csrc', 'POST', '/api/v1/log/cosignatures', { ...body, signature: 'AAAA' }), 400, 'invalid_signature', 'signature');
    assertError(await call('csrc', 'POST', '/api/v1/log/cosignatures', { ...body, tree_size: 999999 }), 404, 'not_found', 'tree_size');
    assertError(await call('csrc', 'POST', '/api/v1/log/cosignatures', { ...body, witness: 'nobody' }), 404, 'not_found', 'witness');
    assert.equal(events(), n, 'a refused cosignature appends nothing');
    const ok = await call('csrc', 'POST', '/api/v1/log/cosignatures', body);
    assert.equal(ok.status, 201, ok.text);
    const again = await call('csrc', 'POST', '/api/v1/log/cosignatures', body);
    assert.equal(again.status, 201, again.text);
    assert.deepEqual(again.json, ok.json, 'the same witness and size: the stored cosignature');
    assert.equal(events(), n + 1, 'one log.cosigned event');
    const after = (await get(d.server, `/api/v1/log/heads/${head.tree_size}`)).json;
    assert.equal(after.cosignatures.length, 1);
    const cs = after.cosignatures[0];
    assert.equal(cs.witness, 'sdu-witness');
    assert.equal(cs.signed_at, ok.json.signed_at);
    assert.ok(Math.abs(cs.signed_at - head.timestamp) < 3600 * 1000, 'signed_at in milliseconds, as the head\'s timestamp');
    assert.ok(verifyHeadSignature({ alg: cs.algorithm, publicKey: cs.public_key, head: after, signature: cs.signature }));
  });

  test('bad parameters are 400 naming the parameter; an unknown size or hash 404', async () => {
    const size = (await get(d.server, '/api/v1/log/head')).json.tree_size;
    const bad = async (path, field) => assertError(await get(d.server, path), 400, 'invalid_value', field);
    await bad('/api/v1/log/heads/abc', 'size');
    await bad('/api/v1/log/heads/-1', 'size');
    await bad('/api/v1/log/heads/007', 'size');
    assertError(await get(d.server, `/api/v1/log/heads/${size + 1000}`), 404, 'not_found', 'size');
    await bad('/api/v1/log/proof/inclusion?leaf_index=0', 'tree_size');
    await bad('/api/v1/log/proof/inclusion?tree_size=0&leaf_index=0', 'tree_size');
    await bad(`/api/v1/log/proof/inclusion?tree_size=${size + 1}&leaf_index=0`, 'tree_size');
    await bad(`/api/v1/log/proof/inclusion?tree_size=${size}&leaf_index=${size}`, 'leaf_index');
    await bad(`/api/v1/log/proof/inclusion?tree_size=${size}`, 'leaf_index');
    await bad(`/api/v1/log/proof/inclusion?tree_size=${size}&leaf_index=1.5`, 'leaf_index');
    await bad(`/api/v1/log/proof/inclusion?tree_size=${size}&leaf_index=0&leaf_hash=${'0'.repeat(64)}`, 'leaf_hash');
    await bad(`/api/v1/log/proof/inclusion?tree_size=${size}&leaf_hash=xyz`, 'leaf_hash');
    assertError(await get(d.server, `/api/v1/log/proof/inclusion?tree_size=${size}&leaf_hash=${'0'.repeat(64)}`), 404, 'not_found', 'leaf_hash');
    await bad(`/api/v1/log/proof/consistency?first=0&second=${size}`, 'first');
    await bad('/api/v1/log/proof/consistency?first=3&second=2', 'first');
    await bad(`/api/v1/log/proof/consistency?first=1&second=${size + 1}`, 'second');
    await bad('/api/v1/log/proof/consistency?first=1', 'second');
    await bad(`/api/v1/log/leaves?start=${size}&end=${size + 5}`, 'start');
    await bad('/api/v1/log/leaves?start=3&end=3', 'end');
    await bad('/api/v1/log/leaves?start=x&end=3', 'start');
    // end past the size is cut to the size
    const tail = await get(d.server, `/api/v1/log/leaves?start=${size - 1}&end=${size + 50}`);
    assert.equal(tail.status, 200, tail.text);
    assert.deepEqual(tail.json.leaves.map((l) => l.leaf_index), [size - 1]);
  });

  test('the public pages show each record\'s leaf and the log\'s latest head', async () => {
    const head = (await get(d.server, '/api/v1/log/head')).json;
    const page = await fetch(`${d.server.url}/public/log?lang=en`);
    assert.equal(page.status, 200);
    const html = await page.text();
    for (const s of [head.root_hash, head.public_key, 'baotu log monitor', 'What the log proves']) assert.ok(html.includes(s), s);
    const zh = await (await fetch(`${d.server.url}/public/log`)).text();
    assert.ok(zh.includes('日志证明什么') && zh.includes('如何核验'));
    // an open notice's page names its notice's leaf
    const open = (await get(d.server, '/api/v1/public/notices')).json.items[0];
    const notice = open.id;
    const pid = d.q(`SELECT project_id FROM notices WHERE id = ${notice}`);
    const leaf = Number(d.q(`SELECT min(l.idx) FROM log_leaves l JOIN events v ON v.seq = l.event_seq WHERE l.kind = 'notice.published' AND v.subject_id = '${pid}'`));
    const n = await (await fetch(`${d.server.url}/public/notices/${notice}?lang=en`)).text();
    assert.match(n, new RegExp(`Public notice published #${leaf}<`));
    assert.ok(n.includes('href="/public/log"'));
    const pilots = await (await fetch(`${d.server.url}/public/pilots?lang=en`)).text();
    assert.match(pilots, /Launched #\d+/);
  });

  test('a leaf rewritten in the store no longer proves against the signed head', async () => {
    const head = (await get(d.server, '/api/v1/log/head')).json;
    const idx = Number(d.q("SELECT min(idx) FROM log_leaves WHERE kind = 'project.launch'"));
    const refused = sqlite3(join(d.dir, 'demo.db'), `UPDATE log_leaves SET kind = kind WHERE idx = ${idx};`);
    assert.notEqual(refused.code, 0, 'leaves are append-only');
    assert.match(refused.stderr, /append-only/);
    const original = (await get(d.server, `/api/v1/log/leaves?start=${idx}&end=${idx + 1}`)).json.leaves[0];
    const forged = original.leaf_input.replace('"to":"', '"to":"x');
    assert.notEqual(forged, original.leaf_input);
    query(
      join(d.dir, 'demo.db'),
      `${ON_PG ? 'DROP TRIGGER log_leaves_no_update ON log_leaves;' : 'DROP TRIGGER log_leaves_no_update;'}
       UPDATE log_leaves SET leaf_input = '${forged}', leaf_hash = '${leafHash(forged).toString('hex')}' WHERE idx = ${idx};`,
    );
    const now = (await get(d.server, `/api/v1/log/leaves?start=${idx}&end=${idx + 1}`)).json.leaves[0];
    assert.equal(now.leaf_input, forged, 'the store serves the rewritten leaf');
    const p = await get(d.server, `/api/v1/log/proof/inclusion?tree_size=${head.tree_size}&leaf_index=${idx}`);
    assert.equal(p.status, 200, p.text);
    assert.equal(
      verifyInclusion({ index: idx, size: head.tree_size, leafHash: leafHash(now.leaf_input), proof: p.json.audit_path, root: head.root_hash }),
      false,
      'the verifier catches the rewritten leaf',
    );
    assert.ok(
      verifyInclusion({ index: idx, size: head.tree_size, leafHash: leafHash(original.leaf_input), proof: p.json.audit_path, root: head.root_hash }),
      'the original leaf still proves: the signed head commits to it',
    );
  });
});

describe('the transparency log without a key, and with an SM2 key (SM3 tree)', () => {
  test('without a key: leaves are appended, the head routes answer 503 log_unsigned', async () => {
    const { db } = tempDb();
    const s = await startServer(db);
    try {
      // the scheduler's first pass anchors the chain the migrations started
      await waitFor(async () => (await get(s, '/api/v1/log/leaves?start=0&end=10')).status === 200, { what: 'an anchor leaf' });
      assertError(await get(s, '/api/v1/log/head'), 503, 'log_unsigned');
      assertError(await get(s, '/api/v1/log/heads/1'), 503, 'log_unsigned');
      const l = (await get(s, '/api/v1/log/leaves?start=0&end=10')).json.leaves[0];
      assert.equal(JSON.parse(l.leaf_input).type, 'chain_head');
    } finally {
      await s.stopClean();
    }
  });

  test('an empty log answers size 0 with the empty tree\'s root, signed', async () => {
    const { db, dir } = tempDb();
    const k = ed25519();
    const s = await startServer(db, ['--scheduler-interval', '0', '--log-key', keyFile(dir, 'k', k.file)]);
    try {
      const h = await get(s, '/api/v1/log/head');
      assert.equal(h.status, 200, h.text);
      assert.equal(h.json.tree_size, 0);
      assert.equal(h.json.root_hash, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      assert.deepEqual(h.json.cosignatures, []);
      assert.ok(headOk(h.json));
    } finally {
      await s.stopClean();
    }
  });

  test('an SM2 key signs an SM3 tree; a key of the other family is refused at start', async () => {
    const { db, dir } = tempDb();
    const sm2 = join(dir, 'sm2.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', sm2]);
    chmodSync(sm2, 0o600);
    const s = await startServer(db, ['--log-key', sm2]);
    let head;
    try {
      await waitFor(async () => (await get(s, '/api/v1/log/head')).json?.tree_size > 0, { what: 'a signed head' });
      head = (await get(s, '/api/v1/log/head')).json;
      assert.equal(head.hash, 'sm3');
      assert.equal(head.algorithm, 'sm2');
      assert.ok(headOk(head), 'the SM2 signature verifies');
      const leaves = await allLeaves(s, head.tree_size);
      for (const l of leaves) {
        assert.equal(leafHash(l.leaf_input, 'sm3').toString('hex'), l.leaf_hash);
        const p = await get(s, `/api/v1/log/proof/inclusion?tree_size=${head.tree_size}&leaf_index=${l.leaf_index}`);
        assert.ok(verifyInclusion({ index: l.leaf_index, size: head.tree_size, leafHash: l.leaf_hash, proof: p.json.audit_path, root: head.root_hash, alg: 'sm3' }));
      }
      // an SM2 witness's cosignature is checked with SM2 too: a signature by another key fails
      const wdir = tempDir('tlog-w-');
      const wkey = join(wdir, 'w.pem');
      execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', wkey]);
      const spki = execFileSync('openssl', ['pkey', '-in', wkey, '-pubout', '-outform', 'DER']).toString('base64');
      await runCli(['user', 'add', 'root', '--role', 'admin', '--password-stdin', '--db', db], { input: 'Quancheng-Witness-2026\n' });
      const tok = (await api(s, 'POST', '/api/v1/session', { body: { username: 'root', password: 'Quancheng-Witness-2026' } })).json.token;
      const add = await api(s, 'POST', '/api/v1/log/witnesses', { token: tok, body: { name: 'sm2-witness', algorithm: 'sm2', public_key: spki } });
      assert.equal(add.status, 201, add.text);
    } finally {
      await s.stopClean();
    }
    const k = ed25519();
    const r = await runCli(['serve', '--listen', '127.0.0.1:0', '--db', db, '--log-key', keyFile(dir, 'ed.key', k.file)]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /hashed with sm3.*ed25519 key/);
  });
});
