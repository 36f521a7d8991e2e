// The command line: --help everywhere, exit codes, version, the PostgreSQL placeholder,
// health, the OpenAPI document, and a clean SIGTERM.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { ROOT, api, runCli, sqlite3, startServer, tempDir, addUser } from './lib/harness.mjs';

const dir = tempDir();

describe('baotu CLI', () => {
  const helps = [
    ['--help'],
    ['help'],
    ['serve', '--help'],
    ['migrate', '--help'],
    ['places', '--help'],
    ['user', '--help'],
    ['user', 'add', '--help'],
    ['user', 'list', '--help'],
    ['user', 'passwd', '--help'],
    ['audit', '--help'],
    ['audit', 'verify', '--help'],
    ['audit', 'export', '--help'],
    ['demo', '--help'],
    ['version', '--help'],
    ['routes', '--help'],
  ];
  for (const args of helps) {
    test(`baotu ${args.join(' ')} prints usage and exits 0`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Usage: baotu/);
    });
  }

  test('--help touches no database', async () => {
    // a --help must not open or create the default database in the working directory
    const r = await runCli(['serve', '--help', '--db', `sqlite:${join(dir, 'never.db')}`]);
    assert.equal(r.code, 0);
    assert.throws(() => readFileSync(join(dir, 'never.db')));
  });

  test('no command and an unknown command are usage errors (exit 2)', async () => {
    let r = await runCli([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Usage: baotu/);
    r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    r = await runCli(['serve', '--no-such-option']);
    assert.equal(r.code, 2);
    r = await runCli(['audit', 'nonsense', '--db', `sqlite:${join(dir, 'u.db')}`]);
    assert.equal(r.code, 2);
  });

  test('baotu routes prints every route as Markdown or JSON', async () => {
    const md = await runCli(['routes']);
    assert.equal(md.code, 0, md.stderr);
    const rows = md.stdout.split('\n').filter((l) => /^\| (GET|POST|PUT|PATCH|DELETE) \|/.test(l));
    const js = await runCli(['routes', '--format', 'json']);
    assert.equal(js.code, 0, js.stderr);
    const all = JSON.parse(js.stdout);
    assert.equal(all.length, rows.length);
    const session = all.find((r) => r.method === 'POST' && r.path === '/api/v1/session');
    assert.deepEqual(session.roles, ['public']);
    assert.ok(session.notes.includes('no log-in') && session.notes.includes('no CSRF token'));
    const upload = all.find((r) => r.kind === 'api' && r.path === '/api/v1/projects/{id}/materials' && r.method === 'POST');
    assert.ok(upload.max_body > 20 * 1024 * 1024);
    const bad = await runCli(['routes', '--format', 'yaml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be markdown or json/);
  });

  test('baotu version prints the version', async () => {
    const r = await runCli(['version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^baotu \d+\.\d+\.\d+\S*\n$/);
    const pkg = /version\s*:\s*'([^']+)'/.exec(readFileSync(join(ROOT, 'meson.build'), 'utf8'));
    if (pkg) assert.equal(r.stdout.trim(), `baotu ${pkg[1]}`);
  });

  test('serve --db postgres:// with no server there exits non-zero saying so', async () => {
    // nothing listens on port 1; "x" does not resolve
    for (const url of ['postgres://x', 'postgresql://user@127.0.0.1:1/db']) {
      const r = await runCli(['serve', '--listen', '127.0.0.1:0', '--db', url], {
        timeoutMs: 10000,
      });
      assert.equal(r.signal, null, 'serve must exit by itself, not be killed');
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /database server cannot be reached.*\(store_unavailable\)/);
    }
  });

  test('BAOTU_DB is read when --db is absent', async () => {
    const db = `sqlite:${join(dir, 'env.db')}`;
    const r = await runCli(['migrate'], { env: { BAOTU_DB: db } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /schema at version (\d+) \((\d+) applied\)/);
    const [, version, applied] = r.stdout.match(/schema at version (\d+) \((\d+) applied\)/);
    // every migration file, up to the highest number (numbers need not be contiguous)
    const files = readdirSync(join(ROOT, 'src', 'store', 'migrations', 'sqlite')).filter((f) => /^\d+_.*\.sql$/.test(f));
    assert.equal(Number(applied), files.length, 'a new database gets every migration');
    assert.equal(Number(version), Math.max(...files.map((f) => parseInt(f, 10))));
    const again = await runCli(['migrate', '--db', db]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /\(0 applied\)/);
  });

  test('a bare path is a SQLite database too', async () => {
    const r = await runCli(['migrate', '--db', join(dir, 'bare.db')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      sqlite3(join(dir, 'bare.db'), "SELECT count(*) FROM events WHERE kind = 'schema.migrated';").stdout.trim(),
      sqlite3(join(dir, 'bare.db'), 'SELECT count(*) FROM schema_migrations;').stdout.trim(),
    );
    const bad = await runCli(['migrate', '--db', 'mysql://host/db']);
    assert.notEqual(bad.code, 0);
    const missing = await runCli(['migrate', '--db', `sqlite:${join(dir, 'no', 'such', 'dir.db')}`]);
    assert.notEqual(missing.code, 0);
  });

  test('serve refuses a database whose schema is newer than the binary', async () => {
    const file = join(dir, 'newer.db');
    assert.equal((await runCli(['migrate', '--db', file])).code, 0);
    const w = sqlite3(
      file,
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future.sql', 'x', 0);",
    );
    assert.equal(w.code, 0, w.stderr);
    const r = await runCli(['serve', '--listen', '127.0.0.1:0', '--db', `sqlite:${file}`], {
      timeoutMs: 10000,
    });
    assert.equal(r.signal, null, 'serve must exit by itself');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /newer/);
  });

  test('serve reads BAOTU_LISTEN and BAOTU_DB', async () => {
    const file = join(dir, 'envserve.db');
    const s = await startServer(null, [], {
      env: { BAOTU_LISTEN: '127.0.0.1:0', BAOTU_DB: `sqlite:${file}` },
    });
    assert.equal((await api(s, 'GET', '/healthz')).status, 200);
    await s.stopClean();
    // the database named by BAOTU_DB was created and migrated
    assert.notEqual(sqlite3(file, "SELECT count(*) FROM events WHERE kind = 'schema.migrated';").stdout.trim(), '0');
  });

  test('user add reads the password from stdin only; bad input is refused', async () => {
    const db = `sqlite:${join(dir, 'users.db')}`;
    // no --password-stdin: usage error, nothing created
    let r = await runCli(['user', 'add', 'bob', '--role', 'admin', '--db', db], { input: 'x\n' });
    assert.equal(r.code, 2);
    // empty stdin
    r = await runCli(['user', 'add', 'bob', '--role', 'admin', '--password-stdin', '--db', db]);
    assert.notEqual(r.code, 0);
    // unknown role, short password
    r = await runCli(['user', 'add', 'bob', '--role', 'king', '--password-stdin', '--db', db], {
      input: 'long-enough-pw\n',
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /role/);
    r = await runCli(['user', 'add', 'bob', '--role', 'admin', '--password-stdin', '--db', db], {
      input: 'short\n',
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /weak_password/);
    await addUser(db, 'bob', 'long-enough-pw');
    r = await runCli(['user', 'add', 'bob', '--role', 'admin', '--password-stdin', '--db', db], {
      input: 'long-enough-pw\n',
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /duplicate_username/);
    r = await runCli(['user', 'list', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n');
    assert.equal(rows.length, 2, r.stdout);
    assert.match(rows[1], /^1\s+bob\s+admin\s+-\s+yes$/);
    assert.doesNotMatch(r.stdout + r.stderr, /long-enough-pw/);
  });

  test('GET /healthz and /api/v1/openapi.json; SIGTERM exits 0', async () => {
    const db = `sqlite:${join(dir, 'serve.db')}`;
    const s = await startServer(db);
    const h = await api(s, 'GET', '/healthz');
    assert.equal(h.status, 200);
    assert.deepEqual(Object.keys(h.json).sort(), ['scheduler', 'status']);
    assert.equal(h.json.status, 'ok');
    assert.match(h.headers.get('content-type'), /^application\/json/);
    assert.match(h.headers.get('x-request-id'), /^[0-9a-f]{16}$/);

    const o = await api(s, 'GET', '/api/v1/openapi.json');
    assert.equal(o.status, 200);
    assert.match(o.headers.get('content-type'), /^application\/json/);
    const doc = JSON.parse(o.text); // throws when not valid JSON
    assert.match(doc.openapi, /^3\.1\./);
    assert.equal(typeof doc.paths, 'object');

    const nf = await api(s, 'GET', '/api/v1/no-such-thing');
    assert.equal(nf.status, 404);
    assert.equal(nf.json.error.code, 'not_found');
    const na = await api(s, 'PUT', '/api/v1/session');
    assert.equal(na.status, 405);
    assert.equal(na.json.error.code, 'method_not_allowed');

    // an open keep-alive connection must not stop the drain from finishing
    const res = await fetch(`${s.url}/healthz`);
    await res.text();
    const t0 = Date.now();
    await s.stopClean();
    assert.ok(Date.now() - t0 < 10000, 'SIGTERM took too long');
    assert.match(s.stderr, /stopped/);
    // one log line per request: method, path, status, microseconds, request id
    const rid = h.headers.get('x-request-id');
    assert.match(s.stderr, new RegExp(`GET /healthz 200 \\d+us ${rid}\\n`));
    assert.match(s.stderr, /PUT \/api\/v1\/session 405 \d+us [0-9a-f]{16}\n/);
  });

  test('SIGTERM lets a request in progress finish, then exits 0', async () => {
    const db = `sqlite:${join(dir, 'drain.db')}`;
    await addUser(db, 'drainer', 'drain-password');
    const s = await startServer(db);
    const body = JSON.stringify({ username: 'drainer', password: 'drain-password' });
    const enc = new TextEncoder();
    let ctl;
    const stream = new ReadableStream({
      start(c) {
        ctl = c;
      },
    });
    const pending = fetch(`${s.url}/api/v1/session`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'Content-Type': 'application/json' },
    });
    ctl.enqueue(enc.encode(body.slice(0, 10)));
    await new Promise((r) => setTimeout(r, 300)); // the request has begun
    s.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300)); // the server is draining
    assert.equal(s.proc.exitCode, null, 'serve exited with a request in progress');
    ctl.enqueue(enc.encode(body.slice(10)));
    ctl.close();
    const res = await pending;
    assert.equal(res.status, 201);
    assert.match((await res.json()).token, /^[0-9a-f]{64}$/);
    const { code, signal } = await s.exited;
    assert.equal(signal, null);
    assert.equal(code, 0, s.stderr);
  });

  test('SIGINT also drains and exits 0', async () => {
    const s = await startServer(`sqlite:${join(dir, 'serve.db')}`);
    s.proc.kill('SIGINT');
    const { code, signal } = await s.exited;
    assert.equal(signal, null);
    assert.equal(code, 0, s.stderr);
  });

  // docs/openapi.json is owned by the docs work; until it lists paths this is a to-do.
  const embedded = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8'));
  const documented = Object.keys(embedded.paths || {}).length > 0;
  test(
    'every /api route of the route table is in the OpenAPI document',
    { todo: documented ? false : 'docs/openapi.json has no paths yet' },
    async () => {
      const routesC = readFileSync(join(ROOT, 'src', 'web', 'routes.c'), 'utf8');
      const rows = [...routesC.matchAll(/\{"(GET|POST|PATCH|PUT|DELETE)", "(\/api\/[^"]*|\/healthz)"/g)];
      assert.ok(rows.length > 10);
      const s = await startServer(`sqlite:${join(dir, 'serve.db')}`);
      const doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
      for (const [, method, path] of rows) {
        assert.ok(doc.paths[path], `${path} is not documented`);
        assert.ok(doc.paths[path][method.toLowerCase()], `${method} ${path} is not documented`);
      }
      await s.stopClean();
    },
  );
});
