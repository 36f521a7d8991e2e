// The transparency log end to end, as outsiders use it against a running baotu: `baotu log
// monitor` follows the real server's log (first run, then after a sanction made public), a
// witness registered by the administrator co-signs with `baotu log witness` as the CSRC, and
// `baotu audit verify --against-head` checks the private chain against the anchors the monitor
// kept. Then, as an intruder with the database owner's rights: the newest events deleted are
// named by their first missing seq; a leaf altered, removed, or two swapped in the store are
// each caught by a monitor that reads the log afresh and by the independent verifier.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { leafHash, verifyHeadSignature, verifyInclusion } from './lib/ct-verify.mjs';
import { api, demoPilot, ON_PG, query, runCli, tempDir } from './lib/harness.mjs';

describe('the transparency log, followed from outside', () => {
  let d, dir, url, file;
  const state = () => join(dir, 'monitor.json');
  const cli = (args, opts = {}) => runCli(args, { timeoutMs: 120000, ...opts });
  const monitor = (st = state()) => cli(['log', 'monitor', url, '--state', st]);
  const call = (who, method, path, body) => api(d.server, method, path, { token: d.token[who], body });
  const head = async () => (await api(d.server, 'GET', '/api/v1/log/head')).json;
  const headOk = (h) => verifyHeadSignature({ alg: h.algorithm, publicKey: h.public_key, head: h, signature: h.signature });

  before(async () => {
    dir = tempDir('tlog-journey-');
    const key = join(dir, 'log.key');
    const k = await cli(['log', 'keygen', '--out', key]);
    assert.equal(k.code, 0, k.stderr);
    d = await demoPilot({ args: ['--log-key', key] });
    url = d.server.url.replace(/\/$/, '');
    file = join(d.dir, 'demo.db');
  });
  after(() => d?.stop());

  test('the monitor follows the log: a first run, then the record of a sanction and its anchor', async () => {
    const first = await monitor();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const s0 = JSON.parse(readFileSync(state(), 'utf8'));
    assert.equal(s0.head.tree_size, (await head()).tree_size);
    assert.ok(s0.anchors.length > 0, 'the demo\'s public records were anchored');
    const r = await call('officer', 'POST', `/api/v1/projects/${d.launched}/actions/suspend`, { reason: '超范围经营', evidence: ['现场检查记录'] });
    assert.equal(r.status, 202, r.text);
    const a = await call('leader', 'POST', `/api/v1/decisions/${r.json.decision.id}/approve`, { reason: '同意' });
    assert.equal(a.status, 200, a.text);
    const again = await monitor();
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const s1 = JSON.parse(readFileSync(state(), 'utf8'));
    assert.equal(s1.head.tree_size, s0.head.tree_size + 2);
    const seq = Number(d.q(`SELECT max(seq) FROM events WHERE kind = 'project.suspend'`));
    assert.equal(s1.anchors.at(-1).chain_seq, seq);
    assert.equal(s1.anchors.at(-1).chain_hash, d.q(`SELECT hash FROM events WHERE seq = ${seq}`));
  });

  test('a witness registered by the administrator co-signs as the CSRC; the head then shows it', async () => {
    const wkey = join(dir, 'witness.key');
    const k = await cli(['log', 'keygen', '--out', wkey]);
    assert.equal(k.code, 0, k.stderr);
    const pub = /[A-Za-z0-9+/]{43}=/.exec(k.stdout)?.[0];
    assert.ok(pub, k.stdout);
    const reg = await call('admin', 'POST', '/api/v1/log/witnesses', { name: 'csrc-witness', algorithm: 'ed25519', public_key: pub });
    assert.equal(reg.status, 201, reg.text);
    const w = await cli(['log', 'witness', url, '--key', wkey, '--state', join(dir, 'witness.json'), '--name', 'csrc-witness', '--token', d.token.csrc]);
    assert.equal(w.code, 0, w.stdout + w.stderr);
    const h = await head();
    assert.deepEqual(h.cosignatures.map((c) => [c.witness, c.public_key]), [['csrc-witness', pub]]);
    const m = await monitor();
    assert.equal(m.code, 0, m.stdout + m.stderr);
    assert.match(m.stdout + m.stderr, /csrc-witness/);
  });

  test('audit verify --against-head: the chain agrees with the anchors; cut at its end, the first missing seq is named', async () => {
    const ok = await cli(['audit', 'verify', '--db', d.db, '--against-head', state()]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const newest = JSON.parse(readFileSync(state(), 'utf8')).anchors.at(-1).chain_seq;
    const unguard = ON_PG ? 'ALTER TABLE events DISABLE TRIGGER USER;' : 'DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;';
    query(file, `${unguard} DELETE FROM events WHERE seq >= ${newest - 1};`);
    const plain = await cli(['audit', 'verify', '--db', d.db]);
    assert.equal(plain.code, 0, 'the shortened chain verifies on its own');
    const cut = await cli(['audit', 'verify', '--db', d.db, '--against-head', state()]);
    assert.equal(cut.code, 1, cut.stdout + cut.stderr);
    assert.match(cut.stdout + cut.stderr, new RegExp(`events cut off: the chain ends at seq ${newest - 2}\\b.*the first missing is seq ${newest - 1}\\b`));
  });

  // Each damage made as an intruder would (the stored hash kept in step with the bytes), then
  // undone from a copy of the table, so that the next starts from the signed log.
  const unguardLeaves = ON_PG
    ? 'ALTER TABLE log_leaves DISABLE TRIGGER USER;'
    : 'DROP TRIGGER IF EXISTS log_leaves_no_update; DROP TRIGGER IF EXISTS log_leaves_no_delete;';
  const FAR = 1000000; // an index past the log, for moving rows without a collision
  const damages = {
    'a leaf altered': (i) => {
      const input = d.q(`SELECT leaf_input FROM log_leaves WHERE idx = ${i}`).replace('"to":"', '"to":"x');
      return `UPDATE log_leaves SET leaf_input = '${input.replaceAll("'", "''")}', leaf_hash = '${leafHash(input).toString('hex')}' WHERE idx = ${i};`;
    },
    'a leaf removed': (i) =>
      `DELETE FROM log_leaves WHERE idx = ${i}; UPDATE log_leaves SET idx = idx + ${FAR} WHERE idx > ${i}; UPDATE log_leaves SET idx = idx - ${FAR + 1} WHERE idx >= ${FAR};`,
    'two leaves swapped': (i) =>
      `UPDATE log_leaves SET idx = ${FAR} WHERE idx = ${i}; UPDATE log_leaves SET idx = ${i} WHERE idx = ${i + 1}; UPDATE log_leaves SET idx = ${i + 1} WHERE idx = ${FAR};`,
  };
  let n = 0;
  for (const [what, sql] of Object.entries(damages)) {
    test(`${what} in the store: a fresh monitor refuses the log`, async () => {
      n++;
      const fresh = (tag) => join(dir, `fresh-${n}-${tag}.json`);
      const before = await monitor(fresh('before'));
      assert.equal(before.code, 0, before.stdout + before.stderr);
      const i = Number(d.q("SELECT min(idx) FROM log_leaves WHERE kind = 'project.launch'"));
      query(file, `${unguardLeaves} CREATE TABLE leaves_saved AS SELECT * FROM log_leaves;`);
      let r, proves;
      try {
        query(file, sql(i));
        r = await monitor(fresh('after'));
        // the independent verifier: the leaf now served at i does not prove against the head
        const h = await head();
        assert.ok(headOk(h));
        const leaf = (await api(d.server, 'GET', `/api/v1/log/leaves?start=${i}&end=${i + 1}`)).json.leaves[0];
        const p = (await api(d.server, 'GET', `/api/v1/log/proof/inclusion?tree_size=${h.tree_size}&leaf_index=${i}`)).json;
        proves = verifyInclusion({ index: i, size: h.tree_size, leafHash: leafHash(leaf.leaf_input), proof: p.audit_path, root: h.root_hash });
      } finally {
        query(file, 'DELETE FROM log_leaves; INSERT INTO log_leaves SELECT * FROM leaves_saved; DROP TABLE leaves_saved;');
      }
      assert.equal(r.code, 1, `${what}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /baotu log monitor: /, 'one line naming the reason');
      assert.equal(proves, false, `${what}: the verifier takes the served leaf`);
    });
  }
});
