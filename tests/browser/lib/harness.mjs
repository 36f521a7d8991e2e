// Helpers for the browser suite: the real baotu binary on a temp demo database, Debian's
// chromium driven headless by playwright-core, and the bits of domain arithmetic the pages
// need (credit codes) computed here, not by our C.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.BAOTU_BIN || join(ROOT, 'build', 'baotu');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const DEMO_PASSWORD = 'baotu-demo';

const CHILD_ENV = { ...process.env };
delete CHILD_ENV.BAOTU_DB;
delete CHILD_ENV.BAOTU_LISTEN;

/* ---------- credit codes (GB 32100-2015) ---------- */

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// The check character of the first 17 characters of a unified social credit code.
export function creditCheckChar(code17) {
  assert.equal(code17.length, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CODE_CHARS.indexOf(code17[i]);
    assert.ok(v >= 0, `bad credit code character ${code17[i]}`);
    sum += v * CODE_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CODE_CHARS[c === 31 ? 0 : c];
}

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

// A temp directory with a demo database; remove() deletes it.
export function demoDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'baotu-browser-'));
  const db = `sqlite:${join(dir, 'ui.db')}`;
  const r = spawnSync(BIN, ['demo', '--db', db], { env: CHILD_ENV, encoding: 'utf8' });
  assert.equal(r.status, 0, `baotu demo failed: ${r.stderr}`);
  return { dir, db, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Starts `baotu serve --listen 127.0.0.1:0` and reads the port from its log line.
export async function startServer(db) {
  const proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db], {
    env: CHILD_ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((res) => proc.on('close', (code, signal) => res({ code, signal })));
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not start:\n${stderr}`)), 15000);
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
  return {
    url: `http://127.0.0.1:${port}`,
    get stderr() {
      return stderr;
    },
    // SIGTERM, then the exit status ({code, signal}); SIGKILL if it does not drain in 10 s.
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const st = await exited;
      clearTimeout(timer);
      return st;
    },
  };
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
