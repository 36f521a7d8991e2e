// The outside tools of the transparency log, the real binary against a fake log server
// (lib/fake-log.mjs) that follows the contract of docs/TRANSPARENCY.md and then misbehaves:
// `baotu log monitor` accepts an honest log that grows and refuses, each with its reason and its
// state file untouched, a rewritten, shortened, reordered or rolled-back log, another key, and
// a leaf whose hash is not its own; `baotu log witness` co-signs only a head that extends the
// last one it co-signed; `baotu audit verify --against-head` finds the events cut off the end
// of the private chain, or rewritten, that the log's anchors contradict.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import {
  headText,
  leafHash,
  treeRoot,
  verifyConsistency,
  verifyHeadSignature,
  verifyInclusion,
} from './lib/ct-verify.mjs';
import { consistencyProof, FakeLog, inclusionPath } from './lib/fake-log.mjs';
import { addUser, ON_PG, query, runCli, tempDir } from './lib/harness.mjs';

const dir = tempDir('baotu-tlog-');
let n = 0;
const statePath = () => join(dir, `state-${++n}.json`);

const monitor = (url, state, ...args) => runCli(['log', 'monitor', url, '--state', state, ...args]);

// A fake log of COUNT record leaves (an anchor after each) that a first monitor run has seen.
async function seenLog(count = 5) {
  const log = new FakeLog();
  for (let i = 1; i <= count; i++) log.append(log.record(i), log.anchor(i, randomBytes(32).toString('hex')));
  await log.start();
  const state = statePath();
  const r = await monitor(log.url, state);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return { log, state, before: readFileSync(state, 'utf8') };
}

// The monitor refuses, exit 1 with one line matching RE, and leaves the state as it was.
async function refused({ log, state, before }, re, args = []) {
  const r = await monitor(log.url, state, ...args);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], re);
  assert.equal(readFileSync(state, 'utf8'), before, 'the state file changed');
  return r;
}

describe('the fake log follows RFC 9162 (checked with the independent verifier)', () => {
  test('every inclusion and consistency proof of trees up to 20 leaves verifies', () => {
    for (const alg of ['sha256', 'sm3']) {
      const hashes = Array.from({ length: 20 }, (_, i) => leafHash(`leaf ${i}`, alg));
      for (let size = 1; size <= 20; size++) {
        const tree = hashes.slice(0, size);
        const root = treeRoot(tree, alg);
        for (let i = 0; i < size; i++) {
          const proof = inclusionPath(i, tree, alg);
          assert.ok(verifyInclusion({ index: i, size, leafHash: tree[i], proof, root, alg }), `${alg} ${i} in ${size}`);
        }
        for (let m = 1; m <= size; m++) {
          const proof = consistencyProof(m, tree, alg);
          const firstRoot = treeRoot(hashes.slice(0, m), alg);
          const ok = verifyConsistency({ first: m, second: size, firstRoot, secondRoot: root, proof, alg });
          assert.ok(ok, `${alg} ${m} -> ${size}`);
          if (m < size) assert.ok(!verifyConsistency({ first: m, second: size, firstRoot: root, secondRoot: root, proof, alg }));
        }
      }
    }
  });

  test('its heads verify, and its routes answer as the contract says', async () => {
    const log = new FakeLog();
    log.append(log.record(1), log.anchor(1, 'a'.repeat(64)));
    await log.start();
    const get = async (p) => {
      const r = await fetch(`${log.url}${p}`);
      return { status: r.status, json: await r.json() };
    };
    const h = await get('/api/v1/log/head');
    assert.equal(h.json.tree_size, 2);
    assert.ok(verifyHeadSignature({ alg: 'ed25519', publicKey: h.json.public_key, head: h.json, signature: h.json.signature }));
    assert.equal((await get('/api/v1/log/heads/0')).json.root_hash, treeRoot([]).toString('hex'));
    assert.equal((await get('/api/v1/log/heads/7')).status, 404);
    const bad = await get('/api/v1/log/proof/consistency?first=0&second=2');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'first');
    const leaves = await get('/api/v1/log/leaves?start=0&end=99');
    assert.equal(leaves.json.leaves.length, 2);
    assert.equal(leaves.json.leaves[1].leaf_hash, leafHash(leaves.json.leaves[1].leaf_input).toString('hex'));
    assert.deepEqual(JSON.parse(leaves.json.leaves[1].leaf_input), log.anchor(1, 'a'.repeat(64)));
    await log.stop();
  });
});

describe('baotu log monitor', () => {
  test('first run trusts the key, records the anchors; a grown log is accepted again', async () => {
    const log = new FakeLog();
    const hashes = Array.from({ length: 4 }, () => randomBytes(32).toString('hex'));
    log.append(log.record(1), log.anchor(1, hashes[0]), log.record(2), log.anchor(2, hashes[1]));
    await log.start();
    const state = statePath();
    let r = await monitor(log.url, state);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`trusting the log's key ed25519 ${log.key.publicKey.replace(/[+/]/g, '\\$&')} \\(first use\\)`));
    assert.match(r.stdout, /OK the log at size 4 has root [0-9a-f]{64}: 4 leaves read, 2 anchors recorded \(2 new\), 8 inclusion proofs verified/);
    assert.equal(statSync(state).mode & 0o777, 0o600);
    let s = JSON.parse(readFileSync(state, 'utf8'));
    assert.equal(s.url, log.url);
    assert.equal(s.log_public_key, log.key.publicKey);
    assert.equal(s.algorithm, 'ed25519');
    assert.equal(s.hash, 'sha256');
    assert.deepEqual(s.head, { ...log.latest, cosignatures: [] });
    assert.deepEqual(s.anchors, [
      { leaf_index: 1, chain_seq: 1, chain_hash: hashes[0] },
      { leaf_index: 3, chain_seq: 2, chain_hash: hashes[1] },
    ]);
    assert.equal(s.frontier.length, 1); // 4 leaves: one complete subtree

    // the log grows: only the new leaves are read
    log.append(log.record(3), log.anchor(3, hashes[2]), log.record(4));
    log.append(log.anchor(4, hashes[3]));
    log.requests.length = 0;
    r = await monitor(log.url, state, '--sample', '3');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /trusting/);
    assert.match(r.stdout, /OK the log at size 8 has root [0-9a-f]{64}: 4 leaves read, 4 anchors recorded \(2 new\), 3 inclusion proofs verified/);
    assert.ok(log.requests.includes('GET /api/v1/log/proof/consistency?first=4&second=8'), log.requests.join('\n'));
    assert.ok(log.requests.includes('GET /api/v1/log/leaves?start=4&end=8'), log.requests.join('\n'));
    assert.equal(log.requests.filter((q) => q.startsWith('GET /api/v1/log/proof/inclusion')).length, 3);
    s = JSON.parse(readFileSync(state, 'utf8'));
    assert.equal(s.head.tree_size, 8);
    assert.deepEqual(s.anchors.map((a) => [a.leaf_index, a.chain_seq]), [[1, 1], [3, 2], [5, 3], [7, 4]]);

    // nothing new: still OK, nothing read
    r = await monitor(log.url, state);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0 leaves read, 4 anchors recorded \(0 new\)/);
    await log.stop();
  });

  test('an empty log: its head of size 0 is the empty tree, signed; then it grows', async () => {
    const log = new FakeLog();
    await log.start();
    const state = statePath();
    let r = await monitor(log.url, state);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /OK the log at size 0 has root e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855: 0 leaves read, 0 anchors recorded \(0 new\), 0 inclusion proofs verified/);
    assert.deepEqual(JSON.parse(readFileSync(state, 'utf8')).frontier, []);
    log.append(log.record(1), log.anchor(1, 'c'.repeat(64)));
    r = await monitor(log.url, state);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /size 2 .*2 leaves read, 1 anchors recorded \(1 new\)/);
    await log.stop();
  });

  test('an SM3 tree: the same checks, and a head of the other hash refused', async () => {
    const log = new FakeLog({ hash: 'sm3' });
    for (let i = 1; i <= 5; i++) log.append(log.record(i), log.anchor(i, randomBytes(32).toString('hex')));
    await log.start();
    const state = statePath();
    let r = await monitor(log.url, state);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(JSON.parse(readFileSync(state, 'utf8')).hash, 'sm3');
    log.append(log.record(6), log.anchor(6, randomBytes(32).toString('hex')));
    r = await monitor(log.url, state);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /size 12 .*2 leaves read, 6 anchors recorded \(1 new\), 8 inclusion proofs verified/);
    const before = readFileSync(state, 'utf8');
    log.hash = 'sha256';
    log.publish();
    r = await monitor(log.url, state);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the head is of a sha256 tree, the log seen before uses sm3/);
    assert.equal(readFileSync(state, 'utf8'), before);
    await log.stop();
  });

  test('more than a page of leaves is read in pages of 1000', async () => {
    const log = new FakeLog();
    for (let i = 1; i <= 1100; i++) log.leaves.push(JSON.stringify({ type: 'record', seq: i }));
    log.publish();
    await log.start();
    const r = await monitor(log.url, statePath(), '--sample', '2');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /size 1100 .*1100 leaves read/);
    assert.deepEqual(
      log.requests.filter((q) => q.includes('/leaves?start=0') || q.includes('/leaves?start=1000')),
      ['GET /api/v1/log/leaves?start=0&end=1000', 'GET /api/v1/log/leaves?start=1000&end=1100'],
    );
    await log.stop();
  });

  test('(a) a rewritten leaf: inconsistent, or a split view at the same size', async () => {
    const seen = await seenLog();
    seen.log.leaves[2] = JSON.stringify({ type: 'record', seq: 2, rewritten: true });
    seen.log.publish();
    await refused(seen, /^baotu log monitor: split view: the log at size 10 has root [0-9a-f]{64}, the head seen before at that size has [0-9a-f]{64}$/);
    seen.log.append(seen.log.record(6));
    await refused(seen, /^baotu log monitor: inconsistent \(split view or rewritten history\): the head of size 11 .* does not extend the head of size 10 seen before/);
    await seen.log.stop();
  });

  test('(b) a removed leaf, (c) two leaves swapped: inconsistent', async () => {
    const seen = await seenLog();
    const honest = [...seen.log.leaves];
    seen.log.leaves.splice(4, 1);
    seen.log.append(seen.log.record(6), seen.log.record(7));
    await refused(seen, /inconsistent .*head of size 11 .*head of size 10 seen before/);
    seen.log.leaves = [...honest];
    [seen.log.leaves[3], seen.log.leaves[5]] = [seen.log.leaves[5], seen.log.leaves[3]];
    seen.log.append(seen.log.record(6));
    await refused(seen, /inconsistent .*head of size 11 .*head of size 10 seen before/);
    await seen.log.stop();
  });

  test('a stored head of a size seen before with another root: split view', async () => {
    const seen = await seenLog();
    seen.log.append(seen.log.record(6));
    const stored = seen.log.heads.get(10);
    seen.log.heads.set(10, { ...stored, root_hash: 'a'.repeat(64) });
    const r = await refused(seen, /^baotu log monitor: split view: the log's stored head of size 10 has root a{64}, the head seen before at that size has [0-9a-f]{64}$/);
    assert.ok(seen.log.requests.includes('GET /api/v1/log/heads/10'));
    assert.equal(r.stdout, '');
    seen.log.heads.delete(10);
    await refused(seen, /heads\/10: the log answered HTTP 404/);
    await seen.log.stop();
  });

  test('(d) a smaller tree: rollback', async () => {
    const seen = await seenLog();
    seen.log.leaves.length = 8;
    seen.log.publish();
    await refused(seen, /^baotu log monitor: rollback \(or split view\): the log's head has size 8, smaller than the size 10 seen before/);
    await seen.log.stop();
  });

  test('(e) a head signed by another key', async () => {
    const seen = await seenLog();
    const old = seen.log.key.publicKey;
    seen.log.rekey();
    seen.log.append(seen.log.record(6));
    await refused(seen, new RegExp(`another key: the head of size 11 is signed by ed25519 ${seen.log.key.publicKey.replace(/[+/]/g, '\\$&')}, the log's key is ed25519 ${old.replace(/[+/]/g, '\\$&')}`));
    // a signature that does not verify under the key the head names
    seen.log.rekey();
    seen.log.key.publicKey = old;
    seen.log.publish();
    await refused(seen, /bad signature: the head of size 11 .* does not verify under the log's key/);
    await seen.log.stop();
  });

  test('(f) a leaf whose leaf_hash is not the hash of its input', async () => {
    const seen = await seenLog();
    seen.log.append(seen.log.record(6), seen.log.record(7));
    seen.log.badLeafHash.set(11, leafHash('something else').toString('hex'));
    await refused(seen, /^baotu log monitor: bad leaf hash: leaf 11 has leaf_hash [0-9a-f]{64}, but H\(0x00 \|\| leaf_input\) is [0-9a-f]{64}$/);
    // the leaves that do not rebuild the root they are said to make
    // (the tree and its proofs hold the true leaf; the leaf served is another)
    seen.log.badLeafHash.clear();
    seen.log.otherInput.set(11, JSON.stringify({ type: 'record', seq: 7, changed: true }));
    await refused(seen, /the leaves do not rebuild the root: the 12 leaves the log served give root [0-9a-f]{64}, its head says [0-9a-f]{64}/);
    await seen.log.stop();
  });

  test("a key rotation: a new state from the old key's last head, which the new key's must extend", async () => {
    const seen = await seenLog(3);
    const oldKey = seen.log.key.publicKey;
    seen.log.rekey();
    const newKey = seen.log.key.publicKey;
    seen.log.append(seen.log.record(4));
    await refused(seen, /another key/);
    const next = statePath();
    let r = await runCli(['log', 'monitor', seen.log.url, '--state', next, '--rotated-from', seen.state]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--rotated-from needs the new key/);
    r = await monitor(seen.log.url, next, '--log-key-pub', newKey, '--rotated-from', seen.state);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const esc = (k) => k.replace(/[+/]/g, '\\$&');
    assert.match(r.stdout, new RegExp(`key rotation: the log's key was ed25519 ${esc(oldKey)} up to size 6; only ${esc(newKey)} is trusted from now on`));
    assert.match(r.stdout, /size 7 .*: 1 leaves read, 3 anchors recorded \(0 new\)/);
    assert.equal(readFileSync(seen.state, 'utf8'), seen.before, 'the old state is the record of the old key');
    assert.equal(JSON.parse(readFileSync(next, 'utf8')).log_public_key, newKey);
    r = await monitor(seen.log.url, next, '--log-key-pub', newKey, '--rotated-from', seen.state);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /starts a new state file: .* exists/);
    await seen.log.stop();

    // a new key over a rewritten history is refused all the same
    const other = await seenLog(3);
    other.log.rekey();
    other.log.leaves[0] = JSON.stringify({ type: 'record', seq: 1, rewritten: true });
    other.log.append(other.log.record(4));
    const third = statePath();
    r = await monitor(other.log.url, third, '--log-key-pub', other.log.key.publicKey, '--rotated-from', other.state);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /inconsistent .*head of size 7 .*head of size 6 seen before/);
    assert.equal(existsSync(third), false);
    await other.log.stop();
  });

  test('an anchor that goes back, or re-anchors a seq with another hash: the chain was rewritten', async () => {
    const seen = await seenLog(3);
    seen.log.append(seen.log.anchor(2, randomBytes(32).toString('hex')));
    await refused(seen, /^baotu log monitor: chain rewritten: leaf 6 anchors event 2 after leaf 5 anchored event 3: the chain went back$/);
    seen.log.leaves.pop();
    seen.log.append(seen.log.anchor(3, 'f'.repeat(64)));
    await refused(seen, /chain rewritten: leaf 6 anchors event 3 with hash f{64}, leaf 5 anchored it with [0-9a-f]{64}/);
    await seen.log.stop();
  });

  test('a pinned key, a state of another log, a garbage state: refused clearly', async () => {
    const log = new FakeLog();
    log.append(log.record(1));
    await log.start();
    const other = new FakeLog().key.publicKey;
    const state = statePath();
    let r = await monitor(log.url, state, '--log-key-pub', other);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /another key/);
    assert.equal(existsSync(state), false);
    r = await monitor(log.url, state, '--log-key-pub', log.key.publicKey);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(as given\)/);
    r = await monitor(`${log.url}/other`, state);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is of the log at http:\/\/127\.0\.0\.1:\d+, not http/);

    const garbage = statePath();
    for (const [text, re] of [
      ['not json', /is refused: it is not a JSON object/],
      ['{"url":"x"}', /is refused: its algorithm or hash/],
    ]) {
      writeFileSync(garbage, text);
      r = await monitor(log.url, garbage);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, re);
      assert.equal(readFileSync(garbage, 'utf8'), text);
    }
    // a state whose head was changed after it was written
    const s = JSON.parse(readFileSync(state, 'utf8'));
    s.head.tree_size += 1;
    writeFileSync(garbage, JSON.stringify(s));
    r = await monitor(log.url, garbage);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /its head is not signed by its log_public_key/);
    await log.stop();
  });

  test("the log's own trouble exits 2, a refusal to serve what its head commits it to exits 1", async () => {
    const seen = await seenLog(2);
    seen.log.append(seen.log.record(3));
    const answer = (status, body) => (req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body);
      return true;
    };
    const on = (path, fn) => (req, res, u) => u.pathname === path && fn(req, res);
    const cases = [
      ['/api/v1/log/head', answer(503, '{"error":{"code":"unavailable"}}'), 2, /GET http:.*\/api\/v1\/log\/head: the log answered HTTP 503 \(unavailable\)/],
      ['/api/v1/log/head', answer(200, 'not json'), 2, /the answer is not a JSON object/],
      ['/api/v1/log/head', answer(200, ' '.repeat(17 << 20)), 2, /the answer is longer than 16777216 bytes/],
      ['/api/v1/log/leaves', answer(404, '{"error":{"code":"not_found","message":"gone"}}'), 1, /leaves\?start=4&end=5: the log answered HTTP 404 \(not_found: gone\)/],
      ['/api/v1/log/leaves', answer(200, '{"leaves":[]}'), 1, /the log served 0 leaves from index 4 where 1 were asked for \(its head has size 5\)/],
      ['/api/v1/log/leaves', answer(500, '{}'), 2, /HTTP 500/],
      ['/api/v1/log/proof/consistency', answer(400, '{"error":{"code":"invalid_value","field":"second"}}'), 1, /consistency\?first=4&second=5: the log answered HTTP 400 \(invalid_value\)/],
    ];
    for (const [path, fn, code, re] of cases) {
      seen.log.hook = on(path, fn);
      const r = await monitor(seen.log.url, seen.state);
      assert.equal(r.code, code, `${path}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(readFileSync(seen.state, 'utf8'), seen.before);
    }
    seen.log.hook = null;
    const r = await monitor(seen.log.url, seen.state);
    assert.equal(r.code, 0, r.stderr);
    await seen.log.stop();
  });

  test('network and usage errors exit 2', async () => {
    const log = new FakeLog();
    await log.start();
    const url = log.url;
    await log.stop();
    let r = await monitor(url, statePath());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^baotu log monitor: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/log\/head: /);
    r = await runCli(['log', 'monitor', 'ftp://x', '--state', statePath()]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /http:\/\/ or https:\/\//);
    r = await runCli(['log', 'monitor', url]);
    assert.equal(r.code, 2);
    r = await runCli(['log', 'nope']);
    assert.equal(r.code, 2);
    r = await runCli(['log', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /baotu log monitor URL --state FILE/);
  });
});

describe('baotu log keygen and witness', () => {
  test('keygen writes a key once and prints its public key', async () => {
    const out = join(dir, 'w.key');
    let r = await runCli(['log', 'keygen', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^algorithm ed25519\npublic_key [A-Za-z0-9+/]{43}=\n$/);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const before = readFileSync(out, 'utf8');
    r = await runCli(['log', 'keygen', '--out', out]);
    assert.equal(r.code, 1);
    assert.equal(readFileSync(out, 'utf8'), before);
    r = await runCli(['log', 'keygen', '--out', join(dir, 'sm2.key'), '--algorithm', 'sm2']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^algorithm sm2\npublic_key MFkw/);
    r = await runCli(['log', 'keygen', '--out', join(dir, 'x.key'), '--algorithm', 'rsa']);
    assert.equal(r.code, 2);
  });

  test('a witness co-signs a consistent head, which the monitor then verifies; never an inconsistent one', async () => {
    const keys = {};
    for (const alg of ['ed25519', 'sm2']) {
      const r = await runCli(['log', 'keygen', '--out', join(dir, `witness-${alg}.key`), '--algorithm', alg]);
      assert.equal(r.code, 0, r.stderr);
      keys[alg] = /public_key (\S+)/.exec(r.stdout)[1];
    }
    const log = new FakeLog();
    log.witnesses.push(
      { name: 'sse', algorithm: 'ed25519', public_key: keys.ed25519 },
      { name: 'csrc-jinan', algorithm: 'sm2', public_key: keys.sm2 },
    );
    log.append(log.record(1), log.anchor(1, 'b'.repeat(64)));
    await log.start();
    const witness = (name, alg, state, env = { BAOTU_TOKEN: log.token }) =>
      runCli(['log', 'witness', log.url, '--key', join(dir, `witness-${alg}.key`), '--state', state, '--name', name], { env });

    const st1 = statePath();
    const st2 = statePath();
    let r = await witness('sse', 'ed25519', st1);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /co-signed the head of size 2 as sse/);
    r = await witness('csrc-jinan', 'sm2', st2);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(log.posts.map((p) => p.status), [201, 201]);
    const cos = log.cosignatures.get(2);
    assert.deepEqual(cos.map((c) => c.witness), ['sse', 'csrc-jinan']);
    assert.deepEqual(JSON.parse(log.posts[0].body).tree_size, 2);
    assert.equal(JSON.parse(readFileSync(st1, 'utf8')).head.tree_size, 2);

    // a monitor verifies and names both cosignatures
    const mstate = statePath();
    r = await monitor(log.url, mstate);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /cosigned by sse \(ed25519\)\ncosigned by csrc-jinan \(sm2\)\n/);
    // a cosignature that does not verify is a failure of the log
    const good = cos[0].signature;
    cos[0].signature = Buffer.alloc(64, 7).toString('base64');
    r = await monitor(log.url, statePath());
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad cosignature: the cosignature by sse does not verify over the head of size 2/);
    cos[0].signature = good;

    // the log grows honestly: co-signed again
    log.append(log.record(2));
    r = await witness('sse', 'ed25519', st1);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(log.posts.length, 3);
    const headText3 = headText(log.heads.get(3));
    assert.ok(headText3.includes('"tree_size":3'));

    // then rewrites a leaf and grows: the witness refuses, nothing posted, its state kept
    const before = readFileSync(st1, 'utf8');
    log.leaves[0] = JSON.stringify({ type: 'record', seq: 1, forged: true });
    log.append(log.record(3));
    r = await witness('sse', 'ed25519', st1);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^baotu log witness: inconsistent .*head of size 4 .*head of size 3 seen before/);
    assert.equal(log.posts.length, 3);
    assert.equal(readFileSync(st1, 'utf8'), before);

    // a token the log refuses: exit 1, the state not advanced
    const st3 = statePath();
    r = await witness('sse', 'ed25519', st3, { BAOTU_TOKEN: 'wrong-token' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the log refused the cosignature of the head of size 4: HTTP 401/);
    assert.equal(existsSync(st3), false);
    r = await witness('sse', 'ed25519', st3, {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /token is required/);
    await log.stop();
  });
});

describe('baotu audit verify --against-head', () => {
  // A store with events (migrate, two accounts), a fake log anchoring its two newest events,
  // and the monitor's state of that log.
  async function anchoredStore(name) {
    const file = join(dir, `${name}.db`);
    const db = `sqlite:${file}`;
    const m = await runCli(['migrate', '--db', db]);
    assert.equal(m.code, 0, m.stderr);
    await addUser(db, `${name}-a`, 'tlog-admin-pw-1', 'admin');
    await addUser(db, `${name}-b`, 'tlog-admin-pw-2', 'csrc');
    const rows = query(file, 'SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 2;')
      .split('\n')
      .map((l) => l.split('|'))
      .map(([seq, hash]) => ({ seq: Number(seq), hash }))
      .reverse();
    assert.equal(rows.length, 2);
    const log = new FakeLog();
    log.append(log.record(rows[0].seq), log.anchor(rows[0].seq, rows[0].hash));
    log.append(log.record(rows[1].seq), log.anchor(rows[1].seq, rows[1].hash));
    await log.start();
    const state = statePath();
    const r = await monitor(log.url, state);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    await log.stop();
    return { file, db, rows, state };
  }

  // Tampering as an intruder with the database's owner rights would.
  const unguard = ON_PG
    ? 'ALTER TABLE events DISABLE TRIGGER USER;'
    : 'DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;';

  test('an intact chain agrees with the anchors', async () => {
    const { db, rows, state } = await anchoredStore('intact');
    const r = await runCli(['audit', 'verify', '--db', db, '--against-head', state]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^OK \d+ events verified\nOK 2 anchors of the log agree with the chain \(the newest: seq (\d+)\)\n$/);
    assert.equal(Number(/newest: seq (\d+)/.exec(r.stdout)[1]), rows[1].seq);
    // events written since the newest anchor: said, not vouched for
    await addUser(db, 'intact-c', 'tlog-admin-pw-3', 'officer');
    const later = await runCli(['audit', 'verify', '--db', db, '--against-head', state]);
    assert.equal(later.code, 0, later.stdout + later.stderr);
    assert.match(later.stdout, new RegExp(`\\n1 events after seq ${rows[1].seq} are not anchored in the state's head yet\\n$`));
  });

  test('the newest events deleted: the chain still verifies, the anchors name the first missing seq', async () => {
    const { file, db, rows, state } = await anchoredStore('cut');
    query(file, `${unguard} DELETE FROM events WHERE seq >= ${rows[0].seq};`);
    const k = rows[0].seq - 1;
    const plain = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(plain.code, 0, 'a shortened chain is a valid chain on its own');
    const r = await runCli(['audit', 'verify', '--db', db, '--against-head', state]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^OK ${k} events verified\\n`));
    assert.match(
      r.stdout,
      new RegExp(`events cut off: the chain ends at seq ${k}, the log anchored seq ${rows[0].seq} \\(hash ${rows[0].hash}\\) at leaf 1; the first missing is seq ${k + 1}\\n`),
    );
  });

  test("an event's hash rewritten: named with both hashes", async () => {
    const { file, db, rows, state } = await anchoredStore('rewritten');
    const forged = randomBytes(32).toString('hex');
    query(file, `${unguard} UPDATE events SET hash = '${forged}' WHERE seq = ${rows[0].seq};`);
    const r = await runCli(['audit', 'verify', '--db', db, '--against-head', state]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`chain rewritten: event ${rows[0].seq} has hash ${forged}, the log anchored ${rows[0].hash} at leaf 1\\n`));
  });

  test('a missing or garbage state file: exit 2; --against-head is only verify\'s', async () => {
    const { db } = await anchoredStore('usage');
    let r = await runCli(['audit', 'verify', '--db', db, '--against-head', join(dir, 'none.json')]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /does not exist/);
    const g = join(dir, 'garbage.json');
    writeFileSync(g, '[]');
    r = await runCli(['audit', 'verify', '--db', db, '--against-head', g]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is refused: it is not a JSON object/);
    r = await runCli(['audit', 'export', '--db', db, '--against-head', g]);
    assert.equal(r.code, 2);
  });
});
