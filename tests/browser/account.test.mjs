// Two-factor log-in and one's own account in the browser, on a temp demo database: an
// administrator requires a second factor of staff; an officer is led through the enrolment
// (the secret in groups of four, a code computed here from RFC 6238, the recovery codes once),
// then logs in again with a recovery code; the account page changes the password and ends
// sessions. Each page of the flow passes axe-core's WCAG A and AA rules.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { base32Decode, totp } from '../e2e/lib/totp.mjs';
import { DEMO_PASSWORD, axeViolations, closeAll, demoServed, logInAs, newPage, submit } from './lib/harness.mjs';

const T = { timeout: 180000 };

// RFC 6238 at the real clock (the server's).
const totpNow = (secret) => totp(base32Decode(secret), Date.now() / 1000);

async function assertAccessible(page) {
  const found = await axeViolations(page);
  assert.deepEqual(found, [], `${new URL(page.url()).pathname}:\n${found.join('\n')}`);
  assert.deepEqual(page.problems, []);
}

let db;
let server;
let browser;

before(async () => {
  ({ db, server, browser } = await demoServed());
});

after(async () => {
  await closeAll({ browser, server, db });
});

test('an administrator requires a second factor; an officer enrols, keeps the recovery codes, and logs in with one', T, async () => {
  const admin = await newPage(browser, { locale: 'zh-CN' });
  await logInAs(admin.page, server, 'admin', DEMO_PASSWORD);
  await admin.page.goto(`${server.url}/settings/security`);
  await assertAccessible(admin.page);
  await admin.page.check('#require_2fa');
  await admin.page.fill('#reason', '系统上线公网');
  await submit(admin.page, 'form[action="/settings/security"] button');
  assert.equal(await admin.page.isChecked('#require_2fa'), true);
  await admin.context.close();

  const { context, page } = await newPage(browser, { locale: 'zh-CN' });
  await page.goto(`${server.url}/login`);
  await page.fill('#username', 'officer');
  await page.fill('#password', DEMO_PASSWORD);
  await submit(page, '.login-card button[type="submit"]');
  // no session yet: the enrolment
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await page.getAttribute('#code', 'autocomplete'), 'one-time-code');
  const grouped = (await page.textContent('[data-secret]')).trim();
  assert.match(grouped, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  assert.match(await page.textContent('code.uri'), /^otpauth:\/\/totp\/baotu:officer\?secret=/);
  await assertAccessible(page);
  await page.fill('#code', totpNow(grouped));
  await submit(page, '.login-card button[type="submit"]');
  const codes = await page.locator('ol.codes code').allInnerTexts();
  assert.equal(codes.length, 10);
  await assertAccessible(page);
  await page.click('text=继续');
  await page.waitForURL(`${server.url}/`);

  // the account page: two-factor on, this session marked
  await page.goto(`${server.url}/account`);
  assert.match(await page.textContent('main'), /已启用/);
  assert.equal(await page.locator('text=当前会话').count(), 1);
  await assertAccessible(page);
  // a wrong current password: the form says so, and the field is marked
  await page.fill('#old_password', 'not-the-password');
  await page.fill('#new_password', 'Li-xia-ping-77!');
  await submit(page, 'form[action="/account/password"] button');
  assert.equal(await page.getAttribute('#old_password', 'aria-invalid'), 'true');
  await assertAccessible(page);

  // out, and in again with a recovery code (the code just used is good once)
  await submit(page, 'form[action="/logout"] button');
  await page.goto(`${server.url}/login`);
  await page.fill('#username', 'officer');
  await page.fill('#password', DEMO_PASSWORD);
  await submit(page, '.login-card button[type="submit"]');
  assert.equal(await page.locator('[data-secret]').count(), 0, 'no secret on the code step');
  await page.click('details summary');
  await assertAccessible(page);
  await page.fill('#code', codes[0].toLowerCase());
  await submit(page, '.login-card button[type="submit"]');
  assert.equal(new URL(page.url()).pathname, '/');
  await context.close();
});
