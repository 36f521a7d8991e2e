// Helpers for the browser suite: the real baotu binary on a temp demo database, Debian's
// chromium driven headless by playwright-core, and the bits of domain arithmetic the pages
// need (credit codes) computed here, not by our C. The server and the credit codes are the
// end-to-end suite's (tests/e2e/lib/harness.mjs), run with this suite's build of the binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { creditCheckChar, startServer as startE2eServer } from '../../e2e/lib/harness.mjs';

export { creditCheckChar };

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.BAOTU_BIN || join(ROOT, 'build', 'baotu');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const DEMO_PASSWORD = 'baotu-demo';

const CHILD_ENV = { ...process.env };
delete CHILD_ENV.BAOTU_DB;
delete CHILD_ENV.BAOTU_LISTEN;

/* ---------- credit codes (GB 32100-2015) ---------- */

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// A valid code that no other test run uses: 9137 0100 + 9 characters from the clock and chance.
export function freshCreditCode() {
  let body = '';
  let n = Date.now() * 1000 + Math.floor(Math.random() * 1000);
  for (let i = 0; i < 9; i++) {
    body += CODE_CHARS[n % 31];
    n = Math.floor(n / 31);
  }
  const code17 = `91370100${body}`;
  return code17 + creditCheckChar(code17);
}

// The same code with a wrong check character.
export function breakCreditCode(code) {
  const want = code[17];
  const wrong = CODE_CHARS[(CODE_CHARS.indexOf(want) + 1) % 31];
  return code.slice(0, 17) + wrong;
}

/* ---------- the server ---------- */

// A temp directory with a demo database, seeded in `env` (e.g. on a test clock); remove()
// deletes it.
export function demoDatabase({ env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'baotu-browser-'));
  const db = `sqlite:${join(dir, 'ui.db')}`;
  const r = spawnSync(BIN, ['demo', '--db', db], { env: { ...CHILD_ENV, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, `baotu demo failed: ${r.stderr}`);
  return { dir, db, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Starts `baotu serve --listen 127.0.0.1:0` (in `env`) and waits until it answers; stop()
// resolves the exit status ({code, signal}).
export function startServer(db, { env } = {}) {
  return startE2eServer(db, [], { env, bin: BIN });
}

/* ---------- the JSON API (the set-up that the pages of other areas would do) ---------- */

// The JSON API as the users of a suite, each logged in with `password` on first use.
// session(username) resolves the log-in ({token, user, ...}); call(username, method, path, body)
// resolves {status, text, json}, a FormData body sent as multipart, any other as JSON;
// remember({username: log-in}) takes log-ins made elsewhere.
export function apiAs(server, password) {
  const sessions = {};
  const remember = (logins) => Object.assign(sessions, logins);
  async function session(username) {
    if (!sessions[username]) {
      const r = await fetch(`${server.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      assert.equal(r.status, 201, `log-in of ${username}: ${r.status}`);
      sessions[username] = await r.json();
    }
    return sessions[username];
  }
  async function call(username, method, path, body) {
    const headers = { Authorization: `Bearer ${(await session(username)).token}` };
    let payload = body;
    if (body !== undefined && !(body instanceof FormData)) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const r = await fetch(`${server.url}/api/v1${path}`, { method, headers, body: payload });
    const text = await r.text();
    return { status: r.status, text, json: text ? JSON.parse(text) : null };
  }
  return { session, call, remember };
}

// The demo seeded and served, and a browser on it: {db, server, browser}, for closeAll().
export async function demoServed() {
  const db = demoDatabase();
  const server = await startServer(db.db);
  const browser = await launchBrowser();
  return { db, server, browser };
}

// Closes the browser and stops the server, asserting a clean exit; removes the demo database.
export async function closeAll({ browser, server, db }) {
  await browser?.close();
  if (server) {
    const st = await server.stop();
    assert.deepEqual(st, { code: 0, signal: null }, `serve did not exit cleanly:\n${server.stderr}`);
  }
  db?.remove();
}

/* ---------- the browser ---------- */

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// A page that records what the browser complains about: console errors (a CSP refusal of an
// inline style or script shows up here), script errors and requests that failed outright. An
// error page's own status (a 400 for a bad form) is expected and not a problem.
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/the server responded with a status of/.test(m.text()))
      page.problems.push(m.text());
  });
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText;
    if (why !== 'net::ERR_ABORTED') page.problems.push(`${r.url()}: ${why}`); // not a navigation cut short
  });
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400)
      page.problems.push(`${r.url()}: ${r.status()}`);
  });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  return { context, page };
}

// Submits the form that holds `button` and waits for the page that answers it.
export async function submit(page, button) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}

// Submits the form that holds `button` with a POST to a path ending in PATH_END and returns
// the answer (its status is what a refused form is judged by), once the page that shows it loaded.
export async function submitAnswered(page, button, pathEnd) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(pathEnd)),
    page.click(button),
  ]);
  await page.waitForLoadState();
  return res;
}

// The titles of the home page's tiles, as the signed-in user sees them.
export async function homeTiles(page) {
  return page.locator('a.tile b').allInnerTexts();
}

// Proposes ACTION with REASON on a project page: its form is marked as needing approval
// (maker-checker), and the page answers that it was proposed.
export async function propose(page, action, reason) {
  const form = page.locator(`form[data-action="${action}"]`);
  assert.equal(await form.locator('.tag.approval').count(), 1, 'marked as needing approval');
  await form.locator('textarea[name="reason"]').fill(reason);
  await submit(page, `form[data-action="${action}"] button`);
  assert.equal(await page.getAttribute('.flash', 'data-proposed'), action);
}

// The value of the <option> of select[name=NAME] whose text contains TEXT.
export async function optionValue(page, name, text) {
  const v = await page.$eval(
    `select[name="${name}"]`,
    (sel, t) => [...sel.options].find((o) => o.textContent.includes(t))?.value ?? null,
    text,
  );
  assert.ok(v, `no option containing ${text} in select ${name}`);
  return v;
}

// Logs page in as username with password through the log-in form; resolves on the home page.
export async function logInAs(page, server, username, password) {
  await page.goto(`${server.url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('.login-card button[type="submit"]')]);
}

// The demo seeded and served on its fixed day (2026-11-27 10:00 CST, on a test clock) with a
// browser: {db, server, browser, api, launched: {name: id}, close()}; launched maps the names
// of the demo's launched pilots to their ids.
export async function demoInBrowser() {
  const clockDir = mkdtempSync(join(tmpdir(), 'baotu-browser-clock-'));
  const env = { BAOTU_CLOCK_FILE: join(clockDir, 'clock') };
  writeFileSync(env.BAOTU_CLOCK_FILE, String(Date.UTC(2026, 10, 27, 2, 0, 0) * 1000));
  const db = demoDatabase({ env });
  const server = await startServer(db.db, { env });
  const browser = await launchBrowser();
  const api = apiAs(server, DEMO_PASSWORD);
  const r = await api.call('officer', 'GET', '/projects?state=launched&limit=200');
  assert.equal(r.status, 200, r.text);
  const launched = Object.fromEntries(r.json.items.map((p) => [p.name, p.id]));
  const close = async () => {
    await closeAll({ browser, server, db });
    rmSync(clockDir, { recursive: true, force: true });
  };
  return { db, server, browser, api, launched, close };
}

/* ---------- accessibility: axe-core's WCAG A and AA rules ---------- */

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Runs axe-core on the page; returns readable lines, one per violating element (with detail:
// the impact and axe's summary of what to fix).
export async function axeViolations(page, { detail = false } = {}) {
  await page.evaluate(AXE_SOURCE); // evaluated by the debugger protocol: the page's CSP does not apply
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => {
      if (!detail) return `[${v.id}] ${v.help} at ${n.target.join(' ')}`;
      const why = (n.failureSummary || '').split('\n').slice(1).join(' ').trim();
      return `[${v.id}, ${v.impact}] ${v.help}\n      at ${n.target.join(' ')}\n      ${why}`;
    }),
  );
}
