// `baotu store copy`: a demo pilot on SQLite is copied into another store —
// PostgreSQL in the PostgreSQL pass of `make test` (BAOTU_TEST_PG_URL), another SQLite file
// otherwise — and back into SQLite. Each copy keeps every row (table by table, blobs byte for
// byte), the ids, the sessions and the event chain, which verifies on the target with the same
// count and the same export; a server on the copy lets the demo users in and shows them the
// same projects; a new record gets an id past every id the source handed out (deleted rows'
// too); on PostgreSQL the copy also serves as a role that does not own the schema, with the
// grants of docs/DEPLOY.md; a non-empty (or migrated) target, a source of another schema
// version and a source with a table the copy does not know are refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ON_PG,
  STORE,
  api,
  dbUrl,
  institution,
  login,
  runCli,
  sqlite3,
  startServer,
  tempDir,
  verifyExport,
} from './lib/harness.mjs';

const DEMO_PW = 'baotu-demo';
const dir = tempDir();
const source = join(dir, 'source.db'); // a bare path: SQLite in either pass
const targetFile = join(dir, 'target.db'); // sqlite:… of it: PostgreSQL in the PG pass
const target = `sqlite:${targetFile}`;
const backFile = join(dir, 'back.db'); // bare: the copy back, SQLite again
const servers = [];
let sourceServer;
let sourceSession; // opened on the source before the copy
let sourceEvents; // the source's verified count at the copy

const q = (file, sql) => {
  const r = sqlite3(file, sql);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};

// Every table of the source (SQLite), schema_migrations included.
const tables = () =>
  q(source, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1;")
    .trim()
    .split('\n');

// A table's rows as sorted lines (blobs as hex): the same text from sqlite3 and from psql.
function rows(file, table) {
  const sql =
    table === 'blobs'
      ? 'SELECT sha256, size, content_type, hex(data), created_at FROM blobs;'
      : table === 'schema_migrations'
        ? 'SELECT version, name, applied_at FROM schema_migrations;' // checksums are per dialect
        : `SELECT * FROM ${table};`;
  return q(file, sql).split('\n').filter(Boolean).sort();
}

async function copy(from, to) {
  return runCli(['store', 'copy', '--from', from, '--to', to], { timeoutMs: 120000 });
}

async function verify(db) {
  const r = await runCli(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return Number(/^OK (\d+) events verified/.exec(r.stdout)[1]);
}

async function exportOf(db) {
  const r = await runCli(['audit', 'export', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

// Everything the officer and an applicant see of the projects, on one server.
async function projectsSeen(server) {
  const seen = {};
  for (const u of ['officer', 'quancheng-sec']) {
    const { token } = await login(server, u, DEMO_PW);
    const list = await api(server, 'GET', '/api/v1/projects?limit=100', { token });
    assert.equal(list.status, 200, list.text);
    const details = [];
    for (const p of list.json.items) {
      const d = await api(server, 'GET', `/api/v1/projects/${p.id}`, { token });
      assert.equal(d.status, 200, d.text);
      details.push(d.json);
    }
    seen[u] = { list: list.json, details };
  }
  return seen;
}

describe(`store copy: SQLite → ${STORE === 'postgres' ? 'PostgreSQL' : 'SQLite'} → SQLite`, () => {
  before(async () => {
    const d = await runCli(['demo', '--db', source]);
    assert.equal(d.code, 0, d.stderr);
    // a blob with every byte value, NULs included, as an upload would store it
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    const sha = createHash('sha256').update(bytes).digest('hex');
    q(
      source,
      `INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ('${sha}', 512, ` +
        `'application/octet-stream', X'${bytes.toString('hex')}', 1);`,
    );
    // an id handed out and its row deleted: the copy must not hand it out again
    q(
      source,
      "INSERT INTO institutions (name, credit_code, kind, registered_province, registered_city, " +
        "main_office_city, national, jinan_branch, created_at, updated_at) VALUES ('gone', 'gone', " +
        "'securities_company', '山东省', '济南市', '济南市', 0, 0, 1, 1); " +
        "DELETE FROM institutions WHERE name = 'gone';",
    );
    sourceServer = await startServer(source);
    servers.push(sourceServer);
    sourceSession = await login(sourceServer, 'leader', DEMO_PW);
    sourceEvents = await verify(source);
  });
  after(async () => {
    for (const s of servers) await s.stopClean();
  });

  test('--help, and usage errors exit 2', async () => {
    for (const args of [['store', '--help'], ['store', 'copy', '--help']]) {
      const r = await runCli(args);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Usage: baotu store copy --from URL --to URL/);
    }
    for (const args of [
      ['store'],
      ['store', 'move'],
      ['store', 'copy'],
      ['store', 'copy', '--from', source],
      ['store', 'copy', '--from', source, '--to', source],
    ])
      assert.equal((await runCli(args)).code, 2, args.join(' '));
    const h = await runCli(['--help']);
    assert.match(h.stdout, /^\s+store\s/m);
  });

  test('a missing source is refused, and no file is created for it', async () => {
    const missing = join(dir, 'missing.db');
    const r = await copy(missing, `sqlite:${join(dir, 'never.db')}`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no such file/);
    assert.equal(existsSync(missing), false);
  });

  test('the copy: one line per table on stderr, a summary on stdout', async () => {
    const r = await copy(source, dbUrl(target));
    assert.equal(r.code, 0, r.stderr);
    for (const t of tables()) assert.match(r.stderr, new RegExp(`^store copy: ${t} +\\d+ rows$`, 'm'));
    const m = /^copied (\d+) tables, (\d+) rows; the chain of (\d+) events verifies on the target$/m.exec(
      r.stdout,
    );
    assert.ok(m, r.stdout);
    assert.equal(Number(m[1]), tables().length - 1); // schema_migrations is made, not copied
    assert.equal(Number(m[3]), sourceEvents);
  });

  test('the chain verifies on the target with the same count and the same export', async () => {
    assert.equal(await verify(target), sourceEvents);
    const exported = await exportOf(target);
    assert.equal(exported, await exportOf(source));
    assert.equal(verifyExport(exported).length, sourceEvents); // without our C
  });

  test('every table holds the same rows, table by table (blobs byte for byte)', () => {
    for (const t of tables()) {
      const n = (f) => Number(q(f, `SELECT count(*) FROM ${t};`).trim());
      assert.equal(n(targetFile), n(source), `${t}: row count`);
      assert.deepEqual(rows(targetFile, t), rows(source, t), `${t}: rows`);
    }
    assert.ok(Number(q(targetFile, 'SELECT count(*) FROM blobs;')) >= 2);
  });

  test('a server on the copy: the demo users log in and see the same projects', async () => {
    const copySrv = await startServer(target);
    servers.push(copySrv);
    const seen = await projectsSeen(copySrv);
    assert.ok(seen.officer.list.items.length > 0, 'the demo has projects');
    assert.deepEqual(seen, await projectsSeen(sourceServer));
    // a session opened on the source before the copy is valid on the copy
    const s = await api(copySrv, 'GET', '/api/v1/session', { token: sourceSession.token });
    assert.equal(s.status, 200, s.text);
    assert.equal(s.json.user.username, 'leader');
  });

  test('ids continue past the copied ones on the target', async () => {
    const copySrv = servers[servers.length - 1];
    const maxId = Number(q(source, "SELECT seq FROM sqlite_sequence WHERE name = 'institutions';"));
    assert.ok(maxId > Number(q(source, 'SELECT max(id) FROM institutions;')));
    const { token } = await login(copySrv, 'admin', DEMO_PW);
    const r = await api(copySrv, 'POST', '/api/v1/institutions', { token, body: institution(9001) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.id, maxId + 1, `new id ${r.json.id} after ${maxId}, the deleted one`);
    assert.ok((await verify(target)) > sourceEvents);
  });

  test(
    'the copy served by a role that does not own the schema (docs/DEPLOY.md)',
    { skip: !ON_PG && 'PostgreSQL only (BAOTU_TEST_PG_URL)' },
    async () => {
      const url = new URL(dbUrl(target));
      const role = `e2e_app_${process.pid}`;
      const psql = (u, sql) => {
        const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', u], {
          input: sql,
          encoding: 'utf8',
        });
        return { code: r.status, out: r.stdout + r.stderr };
      };
      const owner = url.toString();
      let r = psql(owner, `CREATE ROLE ${role} LOGIN;`);
      assert.equal(r.code, 0, r.out);
      process.on('exit', () => psql(process.env.BAOTU_TEST_PG_URL, `DROP ROLE IF EXISTS ${role};`));
      // the grants of docs/DEPLOY.md, word for word but the role's name
      r = psql(
        owner,
        `GRANT USAGE ON SCHEMA public TO ${role};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
         REVOKE UPDATE, DELETE, TRUNCATE ON events FROM ${role};
         GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role};`,
      );
      assert.equal(r.code, 0, r.out);
      url.username = role;
      const app = url.toString();
      const srv = await startServer(app);
      try {
        const { token } = await login(srv, 'admin', DEMO_PW); // a write with its event
        const w = await api(srv, 'POST', '/api/v1/institutions', { token, body: institution(9002) });
        assert.equal(w.status, 201, w.text);
      } finally {
        await srv.stopClean();
      }
      for (const sql of ['UPDATE events SET actor = actor WHERE seq = 1;', 'DELETE FROM events;']) {
        r = psql(app, sql);
        assert.notEqual(r.code, 0, sql);
        assert.match(r.out, /permission denied for table events/);
      }
      r = psql(owner, `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role};
        REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role};
        REVOKE ALL ON SCHEMA public FROM ${role};`);
      assert.equal(r.code, 0, r.out);
      assert.ok((await verify(target)) > sourceEvents);
    },
  );

  test('a non-empty target is refused and left as it was', async () => {
    const before = await verify(target);
    const r = await copy(source, dbUrl(target));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\(store_not_empty\)/);
    assert.equal(await verify(target), before);
    // a migrated database is not empty either: migrating appends events of its own
    const migrated = `sqlite:${join(dir, 'migrated.db')}`;
    const m = await runCli(['migrate', '--db', migrated]);
    assert.equal(m.code, 0, m.stderr);
    const r2 = await copy(source, dbUrl(migrated));
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /\(store_not_empty\)/);
  });

  test('a source of another schema version, or with a table it does not know, is refused', async () => {
    const scratch = join(dir, 'scratch.db');
    const fresh = () => `sqlite:${join(dir, `fresh-${Math.random().toString(16).slice(2)}.db`)}`;
    q(source, `.backup '${scratch}'`);
    await verify(scratch); // (a bare path: SQLite in either pass from here on)
    q(scratch, 'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations);');
    let r = await copy(scratch, dbUrl(fresh()));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\(schema_outdated\)/);
    q(source, `.backup '${scratch}'`);
    q(scratch, 'CREATE TABLE extra (x INTEGER) STRICT;');
    r = await copy(scratch, dbUrl(fresh()));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /extra.*\(store_copy_unknown_table\)/);
  });

  test('and back into SQLite: the same rows, the same chain', async () => {
    for (const s of servers.splice(1)) await s.stopClean(); // nothing writes to it meanwhile
    const r = await copy(dbUrl(target), backFile);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await exportOf(backFile), await exportOf(target));
    for (const t of tables()) assert.deepEqual(rows(backFile, t), rows(targetFile, t), `${t}: rows`);
    // and the AUTOINCREMENT high-water marks: no id is handed out twice
    assert.equal(
      q(backFile, "SELECT seq FROM sqlite_sequence WHERE name = 'institutions';").trim(),
      q(targetFile, 'SELECT max(id) FROM institutions;').trim(), // copied, and those made since
    );
  });
});
