// `baotu backup` and `baotu restore`: the demo pilot (on PostgreSQL in the PostgreSQL pass of
// `make test`) is backed up while an institution keeps drafting applications, into one SQLite
// file that checks on its own; it is restored into a new store (a new SQLite file, or a blank
// PostgreSQL database in that pass), whose chain verifies, ends on the backup's head and is,
// event for event, the start of the live store's chain; a server on the restored store serves
// the users the projects the live store had at the backup. A backup or restore never overwrites
// a file, and a damaged backup is refused before anything is written.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DEMO_PASSWORD,
  api,
  demoPilot,
  login,
  runCli,
  sqlite3,
  sqliteFile,
  startServer,
  tempDir,
  verifyExport,
} from './lib/harness.mjs';

const dir = tempDir();
const file = join(dir, 'pilot-backup.db'); // a bare path: the backup is a SQLite file in either pass
const restored = `sqlite:${join(dir, 'restored.db')}`; // PostgreSQL in the PG pass
let d;
let head; // { events, seq, hash } printed by the backup
let drafted = 0; // drafts acknowledged while the backup ran
let restoredServer;

const HEAD = /the chain of (\d+) events verifies, head (\d+) ([0-9a-f]{64})/;

async function exportOf(db) {
  const r = await runCli(['audit', 'export', '--db', db], { timeoutMs: 120000 });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

describe('backup while serving, and restore', () => {
  before(async () => {
    d = await demoPilot();
  });
  after(async () => {
    if (restoredServer) await restoredServer.stopClean();
    if (d) await d.stop();
  });

  test('a backup taken while drafts are written is one file that checks on its own', async () => {
    const me = await api(d.server, 'GET', '/api/v1/session', { token: d.token['shenlan-tech'] });
    assert.equal(me.status, 200, me.text);
    const inst = me.json.user.institution_id;
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const r = await api(d.server, 'POST', '/api/v1/projects', {
          token: d.token['shenlan-tech'],
          body: { name: `备份期间草稿${i}`, members: [{ institution_id: inst, lead: true, role: '研发' }] },
        });
        assert.equal(r.status, 201, r.text);
        drafted++;
      }
    })();
    try {
      while (drafted < 3) await new Promise((r) => setTimeout(r, 20));
      const r = await runCli(['backup', '--db', d.db, '--to', file], { timeoutMs: 120000 });
      assert.equal(r.code, 0, r.stderr);
      const m = HEAD.exec(r.stdout);
      assert.ok(m, r.stdout);
      head = { events: Number(m[1]), seq: Number(m[2]), hash: m[3] };
      assert.ok(head.events > 0 && head.seq === head.events);
      // keep writing a little after the backup, so the live store moves past it
      const at = drafted;
      while (drafted < at + 3) await new Promise((res) => setTimeout(res, 20));
    } finally {
      stop = true;
      await writer;
    }
    // one self-contained file: no journal or WAL beside it
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('pilot-backup')),
      ['pilot-backup.db'],
    );
    const check = await runCli(['backup', '--check', file]);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, new RegExp(`the chain of ${head.events} events verifies, head ${head.seq} ${head.hash}`));
    // the live store went on past the backup
    const live = await exportOf(d.db);
    assert.ok(live.length > head.events, `${live.length} events live, ${head.events} in the backup`);
  });

  test('restore: the chain verifies, ends on the backup head, and starts the live chain', async () => {
    assert.ok(head, 'the backup test ran');
    const r = await runCli(['restore', '--from', file, '--db', restored], { timeoutMs: 120000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`the chain of ${head.events} events verifies, head ${head.seq} ${head.hash}`));
    const v = await runCli(['audit', 'verify', '--db', restored]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, new RegExp(`^OK ${head.events} events verified`));
    const mine = await exportOf(restored);
    const live = await exportOf(d.db);
    assert.equal(mine.length, head.events);
    assert.deepEqual(mine, live.slice(0, head.events), 'the same events, byte for byte');
    verifyExport(mine.join('\n') + '\n');
  });

  test('a server on the restored store serves what the live store had at the backup', async () => {
    restoredServer = await startServer(restored);
    for (const user of ['officer', 'shenlan-tech']) {
      const there = await login(restoredServer, user, DEMO_PASSWORD);
      const mine = await api(restoredServer, 'GET', '/api/v1/projects?limit=200', { token: there.token });
      const live = await api(d.server, 'GET', '/api/v1/projects?limit=200', { token: d.token[user] });
      assert.equal(mine.status, 200, mine.text);
      assert.equal(live.status, 200, live.text);
      const ids = new Set(mine.json.items.map((p) => p.id));
      // every project of the backup is live, unchanged
      for (const p of mine.json.items) {
        const same = live.json.items.find((x) => x.id === p.id);
        assert.ok(same, `project ${p.id} restored but not live`);
        assert.deepEqual(p, same);
      }
      // the drafts written after the backup are live only
      if (user === 'shenlan-tech') assert.ok(live.json.items.filter((p) => !ids.has(p.id)).length >= 1);
    }
  });

  test('never overwrites: an existing backup file or restore target is refused', async () => {
    const again = await runCli(['backup', '--db', d.db, '--to', file]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /file_exists/);
    const onto = join(dir, 'taken.db');
    copyFileSync(file, onto);
    const r = await runCli(['restore', '--from', file, '--db', onto]); // a bare path: SQLite
    assert.equal(r.code, 1);
    assert.match(r.stderr, /file_exists/);
    const usage = await runCli(['restore', '--from', file]);
    assert.equal(usage.code, 2, 'restore has no default target');
  });

  test('a damaged backup is refused and nothing is restored', async () => {
    const bad = sqliteFile(join(dir, 'damaged.db'));
    copyFileSync(file, bad);
    const t = sqlite3(
      bad,
      "DROP TRIGGER events_no_update; UPDATE events SET payload = '{\"x\":1}' WHERE seq = 2;",
    );
    assert.equal(t.code, 0, t.stderr);
    const check = await runCli(['backup', '--check', bad]);
    assert.equal(check.code, 1);
    assert.match(check.stderr, /chain_broken/);
    const target = join(dir, 'from-damaged.db');
    const r = await runCli(['restore', '--from', bad, '--db', target]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /chain_broken/);
    assert.equal(existsSync(target), false);
  });
});
