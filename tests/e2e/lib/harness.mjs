// Shared helpers for the end-to-end API suite: run the real baotu binary (the sanitizer build
// under `make test`), start and stop `baotu serve`, talk JSON to it, and do the small bits of
// domain arithmetic (credit codes, canonical JSON) that the tests need without our C.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.BAOTU_BIN || join(ROOT, 'build-asan', 'baotu');

// The same sanitizer settings as scripts/test-all, unless the caller set their own.
export const CHILD_ENV = {
  ...process.env,
  ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:abort_on_error=1',
  UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1:halt_on_error=1',
  LSAN_OPTIONS: process.env.LSAN_OPTIONS || `suppressions=${join(ROOT, 'tests', 'lsan.supp')}`,
};
delete CHILD_ENV.BAOTU_DB;
delete CHILD_ENV.BAOTU_LISTEN;

/* ---------- the store under test ---------- */

// With BAOTU_TEST_PG_URL (postgres://USER@HOST:PORT/DB, e.g. from scripts/pg-test-cluster) the
// suite runs on PostgreSQL: every `sqlite:PATH` a test names becomes a database of its own on
// that server, created on first use (a test file's paths are under its own temp dir, so each
// file gets fresh databases), and sqlite3(PATH, sql) runs the SQL through psql there, with
// SQLite's group_concat and hex defined for the tests' own queries (SQLITE_COMPAT). A bare
// PATH (no "sqlite:") stays a SQLite file, and so does `sqlite:PATH` for that PATH afterwards,
// or when PATH's directory does not exist: those tests are about SQLite itself.
const PG_URL = process.env.BAOTU_TEST_PG_URL || '';
export const ON_PG = PG_URL !== '';
export const STORE = ON_PG ? 'postgres' : 'sqlite';
const pgDatabases = new Map(); // sqlite path -> database name
const sqliteOnly = new Set(); // paths named bare

// Functions of SQLite that the tests' inspection queries use; the binary never does.
const SQLITE_COMPAT = `
CREATE FUNCTION test_concat(acc text, v text, sep text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || sep || v END $$;
CREATE FUNCTION test_concat(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT test_concat(acc, v, ',') $$;
CREATE AGGREGATE group_concat(text) (SFUNC = test_concat, STYPE = text);
CREATE AGGREGATE group_concat(text, text) (SFUNC = test_concat, STYPE = text);
CREATE FUNCTION hex(bytea) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT upper(encode($1, 'hex')) $$;
`;

function psql(url, sql) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url], {
    input: sql,
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pgDatabaseUrl(name) {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

// The database URL the binary gets for a test's `sqlite:PATH` (unchanged on SQLite).
export function dbUrl(url) {
  if (!ON_PG || typeof url !== 'string' || !url.startsWith('sqlite:')) return url;
  const path = resolve(url.slice('sqlite:'.length));
  if (sqliteOnly.has(path) || !existsSync(dirname(path))) return url; // SQLite's own cases
  let name = pgDatabases.get(path);
  if (!name) {
    name = `e2e_${createHash('sha256').update(path).digest('hex').slice(0, 24)}`;
    const r = psql(PG_URL, `CREATE DATABASE ${name};`);
    if (r.code !== 0) throw new Error(`CREATE DATABASE ${name}: ${r.stderr}`);
    pgDatabases.set(path, name);
    const c = psql(pgDatabaseUrl(name), SQLITE_COMPAT);
    if (c.code !== 0) throw new Error(`SQLite compatibility functions: ${c.stderr}`);
  }
  return pgDatabaseUrl(name);
}

// Marks PATH as a SQLite file in either pass (sqlite3() then opens it with sqlite3), as a bare
// PATH given to --db does; returns PATH.
export function sqliteFile(path) {
  sqliteOnly.add(resolve(path));
  return path;
}

function mapDb(url) {
  if (ON_PG && typeof url === 'string' && !url.includes(':')) sqliteOnly.add(resolve(url));
  return dbUrl(url);
}

function mapArgs(args) {
  return args.map((a, i) => (i > 0 && args[i - 1] === '--db' ? mapDb(a) : a));
}

function mapEnv(env) {
  return env && env.BAOTU_DB ? { ...env, BAOTU_DB: mapDb(env.BAOTU_DB) } : env;
}

/* ---------- temp dirs ---------- */

// Cleanup when the test file's process exits, whatever happened: servers left running by a
// failed test are killed, temp dirs removed. (node:test's after() would bind to whichever
// test or hook is running, and fire too early when called from a before() hook.)
const liveServers = new Set();
const tempDirs = [];
process.on('exit', () => {
  for (const p of liveServers) p.kill('SIGKILL');
  if (ON_PG && !process.env.BAOTU_E2E_KEEP)
    for (const name of pgDatabases.values())
      psql(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE);`);
  if (!process.env.BAOTU_E2E_KEEP)
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

// A fresh directory for this test file (kept when BAOTU_E2E_KEEP is set, for debugging).
export function tempDir(prefix = 'baotu-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/* ---------- the CLI ---------- */

// Runs `baotu ARGS...`; resolves {code, signal, stdout, stderr}. `input` goes to stdin.
export function runCli(args, { input, env, timeoutMs = 30000 } = {}) {
  return new Promise((resolveP, reject) => {
    const p = spawn(BIN, mapArgs(args), {
      env: { ...CHILD_ENV, ...mapEnv(env) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveP({ code, signal, stdout, stderr });
    });
    p.stdin.on('error', () => {}); // a command that does not read stdin may close it early
    p.stdin.end(input ?? '');
  });
}

// `baotu user add NAME --role ROLE [--institution ID] --password-stdin`, asserting success.
export async function addUser(db, name, password, role = 'admin', institutionId, { env } = {}) {
  const args = ['user', 'add', name, '--role', role, '--password-stdin', '--db', db];
  if (institutionId !== undefined) args.push('--institution', String(institutionId));
  const r = await runCli(args, { input: `${password}\n`, env });
  assert.equal(r.code, 0, `user add ${name} failed: ${r.stderr}`);
  assert.match(r.stdout, new RegExp(`user ${name} created \\(id \\d+, role ${role}\\)`));
  return Number(/id (\d+)/.exec(r.stdout)[1]);
}

// The few SQLite spellings of the tests' own statements, in PostgreSQL's.
function sqliteToPg(sql) {
  return sql
    .replace(/PRAGMA[^;]*;/gi, '')
    .replace(/INSERT OR IGNORE INTO([^;]*);/gi, 'INSERT INTO$1 ON CONFLICT DO NOTHING;')
    .replace(/\bX'([0-9A-Fa-f]*)'/g, "'\\x$1'");
}

// Runs the sqlite3 shell on a database file; resolves {code, stdout, stderr}. On PostgreSQL,
// psql runs the SQL (see sqliteToPg) in the database that `sqlite:file` maps to.
export function sqlite3(file, sql) {
  if (ON_PG && !sqliteOnly.has(resolve(file))) return psql(dbUrl(`sqlite:${file}`), sqliteToPg(sql));
  const r = spawnSync('sqlite3', ['-batch', '-bail', file], { input: sql, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs SQL on a database file with sqlite3 (with psql on PostgreSQL), asserting success; returns
// the output, trimmed.
export function query(file, sql) {
  const r = sqlite3(file, sql);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

// A database file NAME in a fresh temp dir: {dir, file, db: its URL, q: query on it}.
export function tempDb(name = 'x.db') {
  const dir = tempDir();
  const file = join(dir, name);
  return { dir, file, db: `sqlite:${file}`, q: (sql) => query(file, sql) };
}

/* ---------- the test clock (BAOTU_CLOCK_FILE) ---------- */

// A CST wall time "YYYY-MM-DDTHH:MM" as the UTC µs a clock file holds.
export const cstUs = (local) => (Date.parse(`${local}:00+08:00`) * 1000).toString();

// The clock file of a temp dir: {file, env (for the binary), set(CST "YYYY-MM-DDTHH:MM")}.
export function testClock(dir) {
  const file = join(dir, 'clock');
  return { file, env: { BAOTU_CLOCK_FILE: file }, set: (local) => writeFileSync(file, cstUs(local)) };
}

/* ---------- the working-day calendar, derived here from data/cn-holidays.csv ---------- */

const SPECIAL_DAYS = new Map(); // date -> 'holiday' | 'workday'
for (const line of readFileSync(join(ROOT, 'data', 'cn-holidays.csv'), 'utf8').split('\n').slice(1)) {
  const [date, kind] = line.split(',');
  if (date) SPECIAL_DAYS.set(date, kind);
}
const nextDay = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);

// Whether a day ("YYYY-MM-DD") is a working day: the CSV's holidays and make-up days, else
// Monday to Friday.
export function isWorkingDay(iso) {
  const k = SPECIAL_DAYS.get(iso);
  if (k) return k === 'workday';
  const wd = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

// §4.2: a period that opens on `start` closes on its n-th working day (counting from the first
// working day on or after start).
export function periodEnd(start, n) {
  for (let d = start, count = 0; ; d = nextDay(d)) if (isWorkingDay(d) && ++count === n) return d;
}

// The first working day after a day.
export function nextWorkingDay(iso) {
  let d = nextDay(iso);
  while (!isWorkingDay(d)) d = nextDay(d);
  return d;
}

/* ---------- the server ---------- */

// Starts `baotu serve` on a free port and waits for /healthz. `db` is a URL (sqlite:PATH);
// with db null, neither --listen nor --db is passed (set BAOTU_LISTEN / BAOTU_DB in env).
// `bin` runs another build of the binary (the browser suite's).
export async function startServer(db, extraArgs = [], { env, bin = BIN } = {}) {
  const args = db === null ? [] : ['--listen', '127.0.0.1:0', '--db', mapDb(db)];
  const proc = spawn(bin, ['serve', ...args, ...mapArgs(extraArgs)], {
    env: { ...CHILD_ENV, ...mapEnv(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  proc.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  // 'close', not 'exit': stderr is complete by then (a sanitizer report comes last)
  const exited = new Promise((res) => proc.on('close', (code, signal) => res({ code, signal })));
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not start:\n${stderr}`)), 20000);
    proc.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr);
      if (m) {
        clearTimeout(timer);
        res(Number(m[1]));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`serve exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10000;
  for (;;) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`/healthz never answered:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const server = {
    url,
    port,
    proc,
    get stderr() {
      return stderr;
    },
    get stdout() {
      return stdout;
    },
    exited, // resolves {code, signal}
    ...stopping(proc, exited, () => stderr),
  };
  liveServers.add(proc);
  exited.then(() => liveServers.delete(proc));
  return server;
}

// stop() and stopClean() of a `baotu serve` process PROC (EXITED resolves {code, signal};
// STDERR gives what it wrote so far).
export function stopping(proc, exited, stderr) {
  let stopped = null;
  const stop = () => {
    if (!stopped) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      // a server that does not drain within 15 s is killed (and the test fails on it)
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15000);
      stopped = exited.finally(() => clearTimeout(timer));
    }
    return stopped;
  };
  return {
    // SIGTERM; resolves {code, signal} once the process has exited.
    stop,
    // Stops and asserts a clean exit 0 (no sanitizer report, no crash).
    async stopClean() {
      const { code, signal } = await stop();
      const text = stderr();
      assert.equal(signal, null, `serve died of ${signal}:\n${text.slice(-4000)}`);
      assert.equal(code, 0, `serve exited ${code}:\n${text.slice(-4000)}`);
      assert.doesNotMatch(text, /ERROR: (Address|Leak)Sanitizer|runtime error:/);
      return { code, signal };
    },
  };
}

/* ---------- HTTP ---------- */

// One API call. body: object (sent as JSON) or string (sent as is). Resolves
// {status, headers, text, json} where json is the parsed body or undefined.
export async function api(server, method, path, { token, body, headers = {}, cookie } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (cookie) h.Cookie = cookie;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
      h['Content-Type'] = 'application/json';
  }
  const r = await fetch(`${server.url}${path}`, { method, headers: h, body: payload });
  const text = await r.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

// Asserts the documented error shape {"error":{"code","message","field"}} and its values.
export function assertError(res, status, code, field) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.ok(res.json && typeof res.json.error === 'object', `no error object: ${res.text}`);
  const e = res.json.error;
  assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message']);
  assert.equal(e.code, code, `error code: ${res.text}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
  if (field !== undefined) assert.equal(e.field, field, `error field: ${res.text}`);
  assert.match(res.headers.get('content-type') || '', /^application\/json/);
}

// POST /api/v1/session; resolves the response JSON ({token, csrf, expires_at, user}) and
// the session cookie as "baotu_session=...".
export async function login(server, username, password) {
  const r = await api(server, 'POST', '/api/v1/session', { body: { username, password } });
  assert.equal(r.status, 201, `log-in of ${username} failed: ${r.text}`);
  assert.match(r.json.token, /^[0-9a-f]{64}$/);
  const setCookie = r.headers.get('set-cookie') || '';
  const m = /baotu_session=([0-9a-f]{64})/.exec(setCookie);
  assert.ok(m, `no session cookie: ${setCookie}`);
  return { ...r.json, cookie: `baotu_session=${m[1]}`, setCookie };
}

// A page as a browser gets it, redirects not followed; with the session cookie if given.
export async function getPage(server, path, cookie) {
  const r = await fetch(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

// A form post from a page, redirects not followed. `who` (a log-in: cookie, csrf) sends the
// session cookie and puts its CSRF token first among the fields; `headers` go along (Origin).
export async function postForm(server, path, fields, { who, headers = {} } = {}) {
  const h = { 'Content-Type': 'application/x-www-form-urlencoded', ...headers };
  if (who) h.Cookie = who.cookie;
  const r = await fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: h,
    body: new URLSearchParams(who ? { csrf: who.csrf, ...fields } : fields).toString(),
  });
  return { status: r.status, headers: r.headers, location: r.headers.get('location'), text: await r.text() };
}

// A multipart/form-data body of parts [{name, value}] or [{name, filename, type, data}]:
// {body, type (the Content-Type with its boundary)}.
export function multipart(parts, boundary = `----baotu${randomBytes(8).toString('hex')}`) {
  const chunks = [];
  for (const p of parts) {
    let h = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) h += `; filename="${p.filename}"`;
    h += '\r\n';
    if (p.type) h += `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(`${h}\r\n`), Buffer.from(p.data ?? p.value ?? ''), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

// A GET whose answer is a file as `token`: {status, headers, bytes, text, json (if it parses)}.
export async function download(server, path, token) {
  const r = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await r.arrayBuffer());
  let json;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, bytes, text: bytes.toString('utf8'), json };
}

/* ---------- credit codes (GB 32100-2015), computed here without our C ---------- */

const CC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCheckChar(first17) {
  assert.equal(first17.length, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CC_CHARSET.indexOf(first17[i]);
    assert.ok(v >= 0, `bad credit code character ${first17[i]}`);
    sum += v * CC_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CC_CHARSET[c === 31 ? 0 : c];
}

// A valid code: 91 + 6-digit division + 9 characters derived from n.
export function creditCode(n, division = '370100') {
  const first17 = `91${division}MA${String(n).padStart(7, '0')}`;
  return first17 + creditCheckChar(first17);
}

// The same code with a wrong check character.
export function badCreditCode(n, division = '370100') {
  const good = creditCode(n, division);
  const wrong = CC_CHARSET[(CC_CHARSET.indexOf(good[17]) + 1) % 31];
  return good.slice(0, 17) + wrong;
}

// A tech firm registered and based in Shenzhen: from outside the province, it may lead a joint
// application (§3.2).
export function shenzhenTech(n, over = {}) {
  return institution(n, {
    name: '深蓝链科技',
    kind: 'tech_firm',
    credit_code: creditCode(n, '440300'),
    registered_province: '广东省',
    registered_city: '深圳市',
    main_office_city: '深圳市',
    ...over,
  });
}

/* ---------- the event chain, verified without our C ---------- */

// JSON with sorted keys (by UTF-8 bytes) at every level and no insignificant whitespace
// (docs/AUDIT.md; jansson's JSON_COMPACT | JSON_SORT_KEYS). Strings are UTF-8, not
// \u-escaped, except control characters, which jansson writes as \u00XX in uppercase.
function canonicalString(s) {
  return JSON.stringify(s).replace(/(\\\\)|\\u00([0-9a-f]{2})/g, (m, bs, hex) =>
    bs ? bs : `\\u00${hex.toUpperCase()}`,
  );
}

export function canonical(v) {
  if (typeof v === 'string') return canonicalString(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${canonicalString(k)}:${canonical(v[k])}`).join(',')}}`;
}

export const HASH_ZERO = '0'.repeat(64);

// Verifies an export (JSON lines) and returns the list of events; throws on a broken link.
export function verifyExport(text) {
  const lines = text.split('\n').filter((l) => l.length);
  let prev = HASH_ZERO;
  const events = [];
  lines.forEach((line, i) => {
    const obj = JSON.parse(line);
    const { hash } = obj;
    delete obj.hash;
    assert.equal(obj.seq, i + 1, `line ${i + 1}: seq`);
    assert.equal(obj.prev_hash, prev, `seq ${obj.seq}: prev_hash does not link`);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from(prev, 'hex'), Buffer.from(canonical(obj), 'utf8')]))
      .digest('hex');
    assert.equal(hash, expected, `seq ${obj.seq}: hash does not match its content`);
    prev = hash;
    events.push({ ...obj, hash });
  });
  return events;
}

/* ---------- small conveniences ---------- */

// An institution body with sensible Jinan defaults.
export function institution(n, over = {}) {
  return {
    name: `测试机构${n}`,
    credit_code: creditCode(n),
    kind: 'securities_company',
    registered_province: '山东省',
    registered_city: '济南市',
    main_office_city: '济南市',
    national: false,
    jinan_branch: false,
    tech_category: null,
    ...over,
  };
}

// Every item of a keyset-paginated list (path with its query, if any) visible to `token`.
export async function allPages(server, token, path) {
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  let after = '';
  for (;;) {
    const r = await api(server, 'GET', `${path}${sep}limit=200${after ? `&after=${after}` : ''}`, { token });
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    if (r.json.next === null) return items;
    after = r.json.next;
  }
}

// Every event of a subject.
export const eventsOf = (server, token, subject) =>
  allPages(server, token, `/api/v1/events?subject=${encodeURIComponent(subject)}`);

// Every institution visible to `token`.
export const listInstitutions = (server, token) => allPages(server, token, '/api/v1/institutions');

/* ---------- workflow helpers (tests/e2e/workflow.test.mjs) ---------- */

// Like assertError, for errors that carry details next to code/message/field (e.g.
// `reasons` of not_eligible, `defects` of incomplete): `details` lists the extra keys.
export function assertErrorWith(res, status, code, details = [], field) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.ok(res.json && typeof res.json.error === 'object', `no error object: ${res.text}`);
  const e = res.json.error;
  assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message', ...details].sort());
  assert.equal(e.code, code, `error code: ${res.text}`);
  assert.ok(typeof e.message === 'string' && e.message.length > 0);
  if (field !== undefined) assert.equal(e.field, field, `error field: ${res.text}`);
  return e;
}

// Polls fn() (async) until it returns a truthy value; throws after timeoutMs.
export async function waitFor(fn, { timeoutMs = 10000, stepMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

// The calendar day in China Standard Time (UTC+8) of a UTC µs time, as "YYYY-MM-DD".
export function cstDate(us) {
  return new Date(Math.floor(us / 1000) + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// The UTC µs at which a CST day ("YYYY-MM-DD") begins.
export function cstDayStartUs(day) {
  const [y, m, d] = day.split('-').map(Number);
  return (Date.UTC(y, m - 1, d) - 8 * 3600 * 1000) * 1000;
}

/* ---------- a test file's set-up: the first account, the register, the accounts ---------- */

// Adds the first account (an admin, with `baotu user add`, in `userEnv`), starts the server (in
// `env`, with `args`) and logs the admin in. Resolves {s: the server, admin: the log-in (token,
// csrf, cookie, user) with the id}.
export async function serveWithAdmin(db, password, { username = 'root', args = [], env, userEnv = env } = {}) {
  const id = await addUser(db, username, password, 'admin', undefined, { env: userEnv });
  const s = await startServer(db, args, { env });
  return { s, admin: { ...(await login(s, username, password)), id } };
}

// Registers the institutions of `bodies` ({key: body}) as `token`; resolves {key: id}.
export async function registerInstitutions(server, token, bodies) {
  const ids = {};
  for (const [key, body] of Object.entries(bodies)) {
    const r = await api(server, 'POST', '/api/v1/institutions', { token, body });
    assert.equal(r.status, 201, r.text);
    ids[key] = r.json.id;
  }
  return ids;
}

// Adds the accounts of `spec` ({role: [username, ...]}, and for the institution role {username:
// institution id}), in that order, over the API as `token`, or else with `baotu user add` on
// `db`, and logs each in (the username in lower case). Resolves {username: the log-in (token,
// csrf, cookie, user) with the id}.
export async function addAccounts(server, spec, { password, token, db }) {
  const accounts = {};
  for (const [role, names] of Object.entries(spec)) {
    const list = Array.isArray(names) ? names.map((n) => [n]) : Object.entries(names);
    for (const [key, institutionId] of list) {
      const username = key.toLowerCase();
      let id;
      if (token) {
        const body = { username, role, password };
        if (institutionId) body.institution_id = institutionId;
        const r = await api(server, 'POST', '/api/v1/users', { token, body });
        assert.equal(r.status, 201, r.text);
        id = r.json.id;
      } else {
        id = await addUser(db, username, password, role, institutionId);
      }
      accounts[key] = { ...(await login(server, username, password)), id };
    }
  }
  return accounts;
}

// {key: o[key][field]} for each key of o (the tokens or the ids of addAccounts' accounts).
export const pluck = (o, field) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v[field]]));

// Creates a project as `token`, asserting 201; resolves its id.
export async function createProject(server, token, body) {
  const r = await api(server, 'POST', '/api/v1/projects', { token, body });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

// What the pilot applications of the suites promise (§3.1's test boundaries and the rest).
export const PILOT_TERMS = {
  technologies: ['blockchain', 'big_data'],
  target_investors: '专业投资者',
  test_boundaries: {
    customer_cap: 5000,
    per_transaction_limit_fen: 5000000,
    per_investor_limit_fen: 20000000,
    regions: ['济南市'],
    duration_months: 12,
    investor_types: ['professional'],
  },
  hypothesis: '链上对账可将差错率降低到万分之一以下',
  success_measures: ['对账差错率', 'T+0 确认比例'],
  risk_controls: '额度控制、白名单、实时监控',
};

// The investor protection of the joint pilot application of the admission journeys.
export const INVESTOR_PROTECTION = {
  complaint_channel: '客服热线 400-000-0000',
  dispute_handling: '提交证券纠纷调解中心',
  compensation: '风险准备金先行赔付',
};

// The materials a joint pilot application needs (§4.1), in the order the server lists them.
export const JOINT_PILOT_MATERIALS = [
  'application_form',
  'technical_plan',
  'risk_assessment',
  'investor_protection_plan',
  'emergency_plan',
  'exit_plan',
  'joint_agreement',
];

// The usual start of a suite on `db`: the first admin (serveWithAdmin, with its options), the
// institutions of `register` ({key: body}), then the accounts of `accounts` (addAccounts' spec,
// institutions named by their key; over the API when `overApi`). Resolves {s, admin, inst: {key:
// id}, accounts, tok: {username: token}, ids: {username: id}}.
export async function setUpSuite(db, password, { register = {}, accounts = {}, overApi = false, ...options } = {}) {
  const { s, admin } = await serveWithAdmin(db, password, options);
  const inst = await registerInstitutions(s, admin.token, register);
  const spec = { ...accounts };
  if (spec.institution)
    spec.institution = Object.fromEntries(Object.entries(spec.institution).map(([u, k]) => [u, inst[k]]));
  const made = await addAccounts(s, spec, { password, ...(overApi ? { token: admin.token } : { db }) });
  return { s, admin, inst, accounts: made, tok: pluck(made, 'token'), ids: pluck(made, 'id') };
}

/* ---------- supervision: the demo's running pilots ---------- */

export const DEMO_PASSWORD = 'baotu-demo';

// The standard risk indicators a pilot gets at launch from its test boundaries (§4.3), in the
// order the API lists them (core/indicators.c).
export const STANDARD_INDICATORS = [
  'customers',
  'max_transaction_fen',
  'max_investor_exposure_fen',
  'daily_volume_fen',
  'complaints',
  'availability_pct',
  'security_events',
];

// The demo database (`baotu demo`: institutions, every role, projects in every state, among
// them a joint pilot launched months ago and a coaching project) served on the test clock.
// Resolves {server, db, dir, clock, token: {username: bearer token}, launched, coaching}
// (the two projects' ids) and stop(). `clock` starts at the real time; set it forward to let
// deadlines pass. `users` are the demo accounts to log in (officer, leader, csrc, admin and the
// pilot's two institutions by default).
export async function demoPilot({ users = [], args = [] } = {}) {
  const dir = tempDir('baotu-demo-');
  const db = `sqlite:${join(dir, 'demo.db')}`;
  const seeded = await runCli(['demo', '--db', db], { timeoutMs: 300000 });
  assert.equal(seeded.code, 0, `baotu demo failed: ${seeded.stderr}`);
  const clock = testClock(dir);
  writeFileSync(clock.file, String(Date.now() * 1000));
  const server = await startServer(db, args, { env: clock.env });
  const token = {};
  for (const u of ['officer', 'leader', 'csrc', 'admin', 'quancheng-sec', 'shenlan-tech', ...users])
    token[u] = (await login(server, u, DEMO_PASSWORD)).token;
  const byState = async (state) => {
    const r = await api(server, 'GET', `/api/v1/projects?state=${state}`, { token: token.officer });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length > 0, `the demo has no ${state} project`);
    return r.json.items[0].id;
  };
  // Logs every user in again (the clock moved past their sessions); sessions (user -> the
  // answer of a log-in, with its cookie) are renewed for the users they hold.
  const relogin = async (sessions = {}) => {
    for (const u of Object.keys(token)) {
      const l = await login(server, u, DEMO_PASSWORD);
      token[u] = l.token;
      if (sessions[u]) sessions[u] = l;
    }
  };
  // Cookie sessions (user -> the answer of a log-in) for pages, into `into`.
  const sessions = async (users, into = {}) => {
    for (const u of users) into[u] = await login(server, u, DEMO_PASSWORD);
    return into;
  };
  return {
    server, db, dir, clock, token, relogin, sessions,
    q: (sql) => query(join(dir, 'demo.db'), sql), // SQL on the demo database, for checks
    launched: await byState('launched'),
    coaching: await byState('coaching'),
    stop: () => server.stopClean(),
  };
}

// Asserts that fn's request is refused with status and code (and field) and that snapshot()
// (what the test counts in the store) is the same after it; resolves the answer.
export async function assertRefused(snapshot, fn, status, code, field) {
  const before = snapshot();
  const r = await fn();
  assertError(r, status, code, field);
  assert.deepEqual(snapshot(), before, `something changed: ${r.text}`);
  return r;
}
