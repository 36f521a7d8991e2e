// The event chain: append-only in the database, `baotu audit verify` catches a one-byte
// change made behind its back, and `baotu audit export` verifies with a few lines of JS.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import {
  api,
  canonical,
  eventsOf,
  HASH_ZERO,
  institution,
  ON_PG,
  runCli,
  serveWithAdmin,
  sqlite3,
  tempDb,
  verifyExport,
} from './lib/harness.mjs';

const { dir, file, db } = tempDb();
let total = 0; // events written by the setup
let off = 0; // events before ours (one per migration, the calendar import): seq n of ours is n + off
let instIds = [];

// A reason with every character class the canonical form must agree on with JavaScript:
// quotes, backslash, slash, newline, tab, CJK, an emoji (outside the BMP), U+2028.
const TRICKY_REASON = 'fix "name"\\path/to\n\ttab 更正 🚀 \u2028 end';

describe('the event chain', () => {
  before(async () => {
    const {
      s,
      admin: { token },
    } = await serveWithAdmin(db, 'audit-admin-pw');
    for (let n = 1; n <= 3; n++) {
      const r = await api(s, 'POST', '/api/v1/institutions', {
        token,
        body: institution(n, { reason: n === 2 ? TRICKY_REASON : undefined }),
      });
      assert.equal(r.status, 201, r.text);
      instIds.push(r.json.id);
    }
    const p = await api(s, 'PATCH', `/api/v1/institutions/${instIds[0]}`, {
      token,
      body: { name: '改名后的机构', reason: 'renamed' },
    });
    assert.equal(p.status, 200, p.text);
    const ev = await eventsOf(s, token, `institution:${instIds[1]}`);
    assert.equal(ev[0].reason, TRICKY_REASON);
    await s.stopClean();
    // schema.migrated per migration, calendar.imported, then ours: user.created,
    // session.created, 3 x institution.created, institution.updated
    const base = Number(
      sqlite3(file, "SELECT count(*) FROM events WHERE kind IN ('schema.migrated', 'calendar.imported');").stdout.trim(),
    );
    assert.ok(base >= 2, `setup events: ${base}`);
    total = base + 6;
    off = base - 1;
  });

  test('audit verify exits 0 and prints the count when intact', async () => {
    const r = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`\\b${total} events verified`));
    const n = sqlite3(file, 'SELECT count(*) FROM events;');
    assert.equal(Number(n.stdout.trim()), total);
  });

  test('UPDATE and DELETE on events fail in the database itself', () => {
    const before = sqlite3(file, 'SELECT seq, payload, hash FROM events ORDER BY seq;').stdout;
    for (const sql of [
      "UPDATE events SET reason = 'x' WHERE seq = 2;",
      'UPDATE events SET payload = payload;',
      'DELETE FROM events;',
      'DELETE FROM events WHERE seq = (SELECT max(seq) FROM events);',
    ]) {
      const r = sqlite3(file, sql);
      assert.notEqual(r.code, 0, `${sql} succeeded`);
      assert.match(r.stderr, /append-only/, sql);
    }
    const afterRows = sqlite3(file, 'SELECT seq, payload, hash FROM events ORDER BY seq;').stdout;
    assert.equal(afterRows, before);
  });

  test('audit export verifies with a few lines of JS, not our C', async () => {
    const out = join(dir, 'export.jsonl');
    const r = await runCli(['audit', 'export', '--db', db, '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${total} events exported`));
    const text = readFileSync(out, 'utf8');
    assert.ok(text.endsWith('\n'));

    // The whole verification, spelled out (the same as verifyExport in lib/harness.mjs).
    const { createHash } = await import('node:crypto');
    let prev = '0'.repeat(64);
    const lines = text.trim().split('\n');
    assert.equal(lines.length, total);
    for (const line of lines) {
      const obj = JSON.parse(line);
      const hash = obj.hash;
      delete obj.hash;
      assert.equal(obj.prev_hash, prev);
      const want = createHash('sha256')
        .update(Buffer.concat([Buffer.from(prev, 'hex'), Buffer.from(canonical(obj), 'utf8')]))
        .digest('hex');
      assert.equal(hash, want, `seq ${obj.seq}`);
      prev = hash;
    }

    // Each line is itself canonical (sorted keys, no whitespace) and holds exactly the
    // fields docs/AUDIT.md names.
    const events = verifyExport(text);
    for (const [i, line] of lines.entries()) {
      assert.equal(line, canonical(JSON.parse(line)), `line ${i + 1} is not canonical`);
      assert.deepEqual(Object.keys(JSON.parse(line)).sort(), [
        'actor',
        'hash',
        'kind',
        'payload',
        'prev_hash',
        'reason',
        'seq',
        'subject_id',
        'subject_type',
        'ts',
      ]);
    }
    assert.equal(events[0].prev_hash, HASH_ZERO);
    assert.deepEqual(
      events.map((e) => e.kind),
      [
        ...events.slice(0, off + 1).map((e) => e.kind),
        'user.created',
        'session.created',
        'institution.created',
        'institution.created',
        'institution.created',
        'institution.updated',
      ],
    );
    assert.ok(events.slice(0, off + 1).every((e) => /^(schema\.migrated|calendar\.imported)$/.test(e.kind)));
    assert.equal(events[4 + off].reason, TRICKY_REASON);
    // export to stdout is the same bytes
    const toStdout = await runCli(['audit', 'export', '--db', db]);
    assert.equal(toStdout.code, 0);
    assert.equal(toStdout.stdout, text);
  });

  test('a changed event is caught by the JS verifier too', () => {
    const text = readFileSync(join(dir, 'export.jsonl'), 'utf8');
    const lines = text.trim().split('\n');
    const o = JSON.parse(lines[3]);
    o.payload.name = `${o.payload.name}x`;
    lines[3] = canonical(o);
    assert.throws(() => verifyExport(lines.join('\n')), /seq 4: hash does not match/);
    // dropping an event breaks the link of the next
    const dropped = text.trim().split('\n');
    dropped.splice(2, 1);
    assert.throws(() => verifyExport(dropped.join('\n')));
  });

  // Tampers with a copy each time: an intruder with file access drops the guard triggers
  // and changes one byte of one row. (SQLite files; on PostgreSQL the same tampering is done
  // through libpq in tests/unit/store/test_events.c.)
  const tamperSkip = ON_PG && 'tampers with a copy of the SQLite file';
  async function tamper(name, sql) {
    const copy = join(dir, `${name}.db`);
    copyFileSync(file, copy);
    const r = sqlite3(
      copy,
      `DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; ${sql}
       SELECT changes();`,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '1', `${name}: the tamper changed no row`);
    return runCli(['audit', 'verify', '--db', `sqlite:${copy}`]);
  }

  test('one changed byte of a payload makes verify exit 1 naming that seq', { skip: tamperSkip }, async () => {
    // seq 5 is the second institution; change one ASCII character of its credit code
    const row = sqlite3(file, `SELECT payload FROM events WHERE seq = ${5 + off};`).stdout.trim();
    const code = JSON.parse(row).credit_code;
    const changed = code.slice(0, 10) + (code[10] === '0' ? '1' : '0') + code.slice(11);
    assert.equal(Buffer.byteLength(changed), Buffer.byteLength(code));
    const r = await tamper(
      'payload',
      `UPDATE events SET payload = replace(payload, '${code}', '${changed}') WHERE seq = ${5 + off};`,
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`\\b${5 + off}\\b`));
    assert.match(r.stdout, new RegExp(`BROKEN at event ${5 + off}\\b`));
    assert.match(r.stdout, new RegExp(`${4 + off} events before it verified`));
  });

  test('one changed byte of a reason, of an actor, of a ts: each is named', { skip: tamperSkip }, async () => {
    let r = await tamper(
      'reason',
      `UPDATE events SET reason = 'renamEd' WHERE seq = ${7 + off} AND reason = 'renamed';`,
    );
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`BROKEN at event ${7 + off}\\b`));

    r = await tamper('actor', `UPDATE events SET actor = 'user:9' WHERE seq = ${4 + off};`);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`BROKEN at event ${4 + off}\\b`));

    r = await tamper('ts', `UPDATE events SET ts = ts + 1 WHERE seq = ${2 + off};`);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`BROKEN at event ${2 + off}\\b`));

    // same JSON, different bytes (a space): the stored payload must be canonical too
    r = await tamper(
      'whitespace',
      `UPDATE events SET payload = replace(payload, '"kind":', '"kind": ') WHERE seq = ${6 + off};`,
    );
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`BROKEN at event ${6 + off}\\b`));
  });

  test('deleting an event in the middle is caught', { skip: tamperSkip }, async () => {
    const r = await tamper('delete', `DELETE FROM events WHERE seq = ${3 + off};`);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`BROKEN at event ${3 + off}\\b`)); // the first missing number
  });

  test('verify and export leave the database as it was', async () => {
    const before = sqlite3(file, 'SELECT count(*), max(hash) FROM events;').stdout;
    await runCli(['audit', 'verify', '--db', db]);
    await runCli(['audit', 'export', '--db', db, '--output', join(dir, 'again.jsonl')]);
    assert.equal(sqlite3(file, 'SELECT count(*), max(hash) FROM events;').stdout, before);
    assert.equal(
      readFileSync(join(dir, 'again.jsonl'), 'utf8'),
      readFileSync(join(dir, 'export.jsonl'), 'utf8'),
    );
  });
});

describe('the event chain under concurrent writes', () => {
  test('parallel writes each get one event, in one unbroken chain', async () => {
    const cfile = join(dir, 'concurrent.db');
    const cdb = `sqlite:${cfile}`;
    const {
      s,
      admin: { token },
    } = await serveWithAdmin(cdb, 'audit-admin-pw', { args: ['--threads', '4'] });
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api(s, 'POST', '/api/v1/institutions', { token, body: institution(100 + i) }),
      ),
    );
    assert.deepEqual(
      created.map((r) => r.status),
      Array(30).fill(201),
    );
    const ids = created.map((r) => r.json.id);
    assert.equal(new Set(ids).size, 30);
    // the same credit code twice at once: exactly one wins
    const dup = await Promise.all(
      [0, 1, 2].map(() => api(s, 'POST', '/api/v1/institutions', { token, body: institution(200) })),
    );
    assert.deepEqual(dup.map((r) => r.status).sort(), [201, 409, 409]);
    // concurrent updates of one institution: none is lost
    const patched = await Promise.all(
      ['甲', '乙', '丙', '丁'].map((n) =>
        api(s, 'PATCH', `/api/v1/institutions/${ids[0]}`, { token, body: { name: `并发${n}` } }),
      ),
    );
    assert.deepEqual(
      patched.map((r) => r.status),
      [200, 200, 200, 200],
    );
    const final = await api(s, 'GET', `/api/v1/institutions/${ids[0]}`, { token });
    assert.equal(final.json.version, 5);
    const ev = await eventsOf(s, token, `institution:${ids[0]}`);
    assert.equal(ev.length, 5);
    assert.deepEqual(
      ev.slice(1).map((e) => e.payload.version).sort(),
      [2, 3, 4, 5],
    );
    await s.stopClean();

    const v = await runCli(['audit', 'verify', '--db', cdb]);
    assert.equal(v.code, 0, v.stdout);
    // the setup events (migrations, calendar), then user, session, 30 + 1 creates, 4 updates
    const setup = Number(
      sqlite3(cfile, "SELECT count(*) FROM events WHERE kind IN ('schema.migrated', 'calendar.imported');").stdout.trim(),
    );
    const want = setup + 37;
    assert.match(v.stdout, new RegExp(`\\b${want} events verified`));
    const out = join(dir, 'concurrent.jsonl');
    assert.equal((await runCli(['audit', 'export', '--db', cdb, '--output', out])).code, 0);
    assert.equal(verifyExport(readFileSync(out, 'utf8')).length, want);
  });
});
