// Several `baotu serve` processes on one database (the production topology on PostgreSQL; on
// SQLite two processes on one file): a session opened on one node works on the other, writes
// through both at once give one valid chain and lose nothing, and each due scheduler job is
// done once, whichever node's scheduler gets to it; log-in failures counted on one node slow the
// account down on the other, and the count outlives a restart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { addUser, api, eventsOf, institution, login, runCli, startServer, tempDb, verifyExport } from './lib/harness.mjs';

const { dir, db, q } = tempDb();
const PW = 'nodes-admin-pw';
const nodes = [];
let rootId;

describe('two nodes on one database', () => {
  before(async () => {
    rootId = await addUser(db, 'root', PW);
    for (let i = 0; i < 2; i++) nodes.push(await startServer(db, ['--threads', '4']));
  });
  after(async () => {
    for (const s of nodes) await s.stopClean();
  });

  test('a session opened on one node works on the other', async () => {
    const { token } = await login(nodes[0], 'root', PW);
    const r = await api(nodes[1], 'GET', '/api/v1/session', { token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.user.username, 'root');
  });

  test('writes through both at once: one valid chain, no write lost, none doubled', async () => {
    const tokens = [];
    for (const s of nodes) tokens.push((await login(s, 'root', PW)).token);
    const N = 40;
    const created = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        api(nodes[i % 2], 'POST', '/api/v1/institutions', {
          token: tokens[i % 2],
          body: institution(300 + i),
        }),
      ),
    );
    assert.deepEqual(
      created.map((r) => r.status),
      Array(N).fill(201),
      created.map((r) => r.text).join('\n'),
    );
    assert.equal(new Set(created.map((r) => r.json.id)).size, N);
    // one credit code through both nodes at once: exactly one wins
    const dup = await Promise.all(
      [0, 1, 0, 1].map((k) =>
        api(nodes[k], 'POST', '/api/v1/institutions', { token: tokens[k], body: institution(400) }),
      ),
    );
    assert.deepEqual(dup.map((r) => r.status).sort(), [201, 409, 409, 409]);
    // concurrent edits of one institution through both nodes: every one counts
    const id = created[0].json.id;
    const patched = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api(nodes[i % 2], 'PATCH', `/api/v1/institutions/${id}`, {
          token: tokens[i % 2],
          body: { name: `并发节点${i}` },
        }),
      ),
    );
    assert.deepEqual(
      patched.map((r) => r.status),
      Array(8).fill(200),
    );
    const final = await api(nodes[1], 'GET', `/api/v1/institutions/${id}`, { token: tokens[1] });
    assert.equal(final.json.version, 9);
    const ev = await eventsOf(nodes[0], tokens[0], `institution:${id}`);
    assert.deepEqual(
      ev.map((e) => e.payload.version ?? 1).sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );

    const out = join(dir, 'chain.jsonl');
    const x = await runCli(['audit', 'export', '--db', db, '--output', out]);
    assert.equal(x.code, 0, x.stderr);
    const events = verifyExport(readFileSync(out, 'utf8'));
    const kinds = events.map((e) => e.kind);
    assert.equal(kinds.filter((k) => k === 'institution.created').length, N + 1);
    assert.equal(kinds.filter((k) => k === 'institution.updated').length, 8);
    const v = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stdout);
    assert.match(v.stdout, new RegExp(`\\b${events.length} events verified`));
  });

  test('log-in throttling is shared: failures on one node slow the account down on the other', async () => {
    await addUser(db, 'throttled', 'throttled-pw-2468', 'officer');
    const attempt = (node, password) =>
      api(nodes[node], 'POST', '/api/v1/session', { body: { username: 'throttled', password } });
    // seven failures, alternating nodes: the account's count is one, not one per node. Past the
    // five free ones the delay doubles from 1 s (an attempt inside it is refused and counts for
    // nothing: wait it out): 4 s after the last, so that a node's restart below still falls
    // inside it on a slow machine
    for (let i = 1, failed = 0; failed < 7; i++) {
      const r = await attempt(i % 2, `wrong-${i}`);
      if (r.status === 401) failed++;
      else {
        assert.equal(r.status, 429, r.text);
        await new Promise((res) => setTimeout(res, Number(r.headers.get('retry-after')) * 1000));
      }
    }
    for (const node of [0, 1]) {
      const r = await attempt(node, 'throttled-pw-2468');
      assert.equal(r.status, 429, `node ${node}: ${r.text}`);
      assert.equal(r.json.error.code, 'too_many_attempts');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    }
    // a node started now (a restart) sees the same count
    const fresh = await startServer(db);
    try {
      const r = await api(fresh, 'POST', '/api/v1/session', { body: { username: 'throttled', password: 'throttled-pw-2468' } });
      assert.equal(r.status, 429, r.text);
    } finally {
      await fresh.stopClean();
    }
    // another account is not slowed by this one's failures
    assert.equal((await login(nodes[1], 'root', PW)).user.username, 'root');
  });

  test('each due job is done once, by whichever node comes first', async () => {
    // coaching projects whose year ended yesterday, each with its due job; then two more nodes
    // with a busy scheduler join the two already running
    const J = 12;
    let sql = '';
    for (let i = 0; i < J; i++)
      sql +=
        'INSERT INTO projects (track, state, name, content, created_by, created_at, updated_at, ' +
        `launched_on, coaching_ends_on) VALUES ('coaching', 'coaching', '辅导${i}', '{}', ` +
        `${rootId}, 1, 1, '2020-01-02', '2021-01-02');\n`;
    sql +=
      "INSERT INTO jobs (kind, subject_id, due_at) SELECT 'coaching_end', id, 1 FROM projects " +
      "WHERE track = 'coaching';\n";
    q(sql);
    const busy = [];
    for (let i = 0; i < 2; i++)
      busy.push(await startServer(db, ['--threads', '2', '--scheduler-interval', '20']));
    try {
      const deadline = Date.now() + 20000;
      while (Number(q('SELECT count(*) FROM jobs WHERE done_at IS NULL;')) > 0) {
        assert.ok(Date.now() < deadline, 'the jobs were not all done');
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 500)); // more passes of both schedulers
    } finally {
      for (const s of busy) await s.stopClean();
    }
    assert.equal(Number(q("SELECT count(*) FROM projects WHERE state = 'coaching_ended';")), J);
    assert.equal(Number(q("SELECT count(*) FROM events WHERE kind = 'project.end_coaching';")), J);
    assert.equal(
      Number(
        q(
          "SELECT count(*) FROM (SELECT subject_id FROM events WHERE kind = 'project.end_coaching' " +
            'GROUP BY subject_id HAVING count(*) > 1) AS twice;',
        ),
      ),
      0,
    );
    const v = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stdout);
  });
});
