// Not a test: captures the main pages in zh-CN and English, desktop and phone width, for a
// person to look at after a change to the pages or the stylesheet.
//   node tests/browser/screenshots.mjs [OUT_DIR]      (default /tmp/baotu-shots)
// Runs the real binary (BAOTU_BIN, default build/baotu) on a temp demo database.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { DEMO_PASSWORD, demoDatabase, launchBrowser, newPage, optionValue, startServer } from './lib/harness.mjs';

const out = process.argv[2] || '/tmp/baotu-shots';
mkdirSync(out, { recursive: true });
const db = demoDatabase();
const server = await startServer(db.db);
const browser = await launchBrowser();
const shots = [];

async function session(user, lang, width) {
  const { context, page } = await newPage(browser, {
    locale: lang === 'en' ? 'en-US' : 'zh-CN',
    viewport: { width, height: 800 },
  });
  const shot = async (name) => {
    const file = join(out, `${lang}-${width}-${user}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };
  await page.goto(`${server.url}/lang/${lang === 'en' ? 'en' : 'zh-CN'}?next=/login`);
  await shot('login');
  await page.fill('#username', user);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('.login-card button[type="submit"]')]);
  return { context, page, shot };
}

async function officerTour(lang, width) {
  const { context, page, shot } = await session('officer', lang, width);
  const go = (p) => page.goto(server.url + p);
  await shot('home');
  await go('/institutions');
  await shot('institutions');
  await go('/institutions/1');
  await shot('institution');
  await go('/institutions/new');
  await page.fill('#f-name', '示例有限公司');
  await page.fill('#f-credit_code', '91370100MA3C00001A');
  await page.fill('#f-registered_province', '山东省');
  await page.fill('#f-registered_city', '济南市');
  await page.fill('#f-main_office_city', '济南市');
  await Promise.all([page.waitForLoadState(), page.click('form.card button.primary')]);
  await shot('institution-error');
  for (const [name, rows] of [
    ['eligibility-refused', [['海港证券', true]]],
    ['eligibility-ok', [['泉城证券', false], ['深蓝链', true]]],
  ]) {
    await go('/eligibility');
    for (const [i, [text, lead]] of rows.entries()) {
      await page.selectOption(`select[name="inst${i}"]`, await optionValue(page, `inst${i}`, text));
      if (lead) await page.check(`input[name="lead"][value="${i}"]`);
    }
    await Promise.all([page.waitForLoadState(), page.click('form.card button.primary')]);
    await shot(name);
  }
  await go('/institutions/999999');
  await shot('not-found');
  await context.close();
}

try {
  for (const lang of ['zh', 'en']) for (const width of [1280, 390]) await officerTour(lang, width);
  for (const user of ['admin', 'quancheng-sec']) {
    const { context, shot } = await session(user, 'zh', 1280);
    await shot('home');
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  db.remove();
}
console.log(shots.join('\n'));
