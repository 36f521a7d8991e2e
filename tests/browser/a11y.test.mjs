// Accessibility of every kind of page, checked in Debian's chromium on a temp demo database:
//   - axe-core's WCAG 2.0/2.1/2.2 A and AA rules on each page kind (log-in, each role's home,
//     projects in several states, the application form, decisions, batches, review, calendar,
//     institutions, eligibility, the public portal, error pages), logged in as the demo users,
//     in zh-CN, in English for some, and at a 390-px phone width for the pages with tables;
//   - the focus ring: every element the Tab key reaches shows a solid ring of at least 3:1
//     against the background around it (links, buttons, fields, radios, checkboxes, regions);
//   - wide tables at 390 px: the document never scrolls sideways, the table scrolls inside a
//     named region the keyboard reaches and scrolls, and cells keep a readable width;
//   - tap targets of at least 24×24 px (WCAG 2.2 target size), a meta description and the right
//     lang attribute on every page.
// A failure lists every violation with the page, the rule, the element and axe's explanation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  DEMO_PASSWORD,
  axeViolations,
  closeAll,
  demoServed,
  newPage,
  optionValue,
} from './lib/harness.mjs';

const T = { timeout: 180000 };
const PHONE = 390;

let db;
let server;
let browser;
const ids = {}; // project state -> a project id in that state; batch, notice, own institution

before(async () => {
  ({ db, server, browser } = await demoServed());
  const officer = await token('officer');
  const projects = await apiGet(officer, '/api/v1/projects?limit=200');
  for (const p of projects.items) ids[p.state] ??= p.id;
  for (const st of ['draft', 'returned', 'in_review', 'public_notice', 'launched', 'csrc_evaluation', 'selected'])
    assert.ok(ids[st], `the demo has no project in state ${st}`);
  ids.batch = (await apiGet(officer, '/api/v1/batches')).items.at(-1).id;
  ids.notice = (await apiGet(null, '/api/v1/public/notices')).items[0]?.id;
  assert.ok(ids.notice, 'the demo has no open public notice');
  const inst = await token('quancheng-sec');
  ids.ownInstitution = (await apiGet(inst, '/api/v1/session')).user.institution_id;
});

after(async () => {
  await closeAll({ browser, server, db });
});

/* ---------- helpers ---------- */

async function token(username) {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(r.status, 201, `log-in of ${username}`);
  return (await r.json()).token;
}

async function apiGet(tok, path) {
  const r = await fetch(server.url + path, { headers: tok ? { Authorization: `Bearer ${tok}` } : {} });
  assert.equal(r.status, 200, path);
  return r.json();
}

// A browser page in LANG ('zh' or 'en') at WIDTH px, logged in as USER (null: anonymous).
async function session(user, { lang = 'zh', width = 1280 } = {}) {
  const s = await newPage(browser, { locale: lang === 'en' ? 'en-US' : 'zh-CN', viewport: { width, height: 900 } });
  await s.page.goto(`${server.url}/lang/${lang === 'en' ? 'en' : 'zh-CN'}?next=/login`);
  if (user) {
    await s.page.fill('#username', user);
    await s.page.fill('#password', DEMO_PASSWORD);
    await Promise.all([s.page.waitForURL(`${server.url}/`), s.page.click('.login-card button[type="submit"]')]);
  }
  s.lang = lang;
  s.width = width;
  s.user = user ?? 'anonymous';
  return s;
}

// What the page itself promises: lang, a description, no sideways scroll at phone width,
// tables that keep readable cells, targets of 24×24 px.
async function layoutProblems(page, lang, width) {
  return page.evaluate(
    ({ lang, width, phone }) => {
      const out = [];
      const html = document.documentElement;
      if (html.lang !== (lang === 'en' ? 'en' : 'zh-CN')) out.push(`<html lang="${html.lang}">`);
      const desc = document.querySelector('meta[name="description"]')?.content ?? '';
      if (desc.trim().length < 20) out.push(`meta description missing or short: "${desc}"`);
      if (!/\/static\/baotu\.[0-9a-f]{12}\.css$/.test(document.querySelector('link[rel="stylesheet"]')?.href ?? ''))
        out.push('the stylesheet is not linked under its content hash');
      const name = (el) =>
        `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent || el.value || el.name || '').trim().slice(0, 30)}"`;
      if (width <= phone) {
        if (html.scrollWidth > html.clientWidth) out.push(`the document scrolls sideways: ${html.scrollWidth}px in ${html.clientWidth}px`);
        for (const cell of document.querySelectorAll('table.list:not(.stack-sm) td, table.list:not(.stack-sm) th')) {
          const text = cell.textContent.trim();
          if (text.length >= 4 && cell.getBoundingClientRect().width < 64) out.push(`a squeezed cell (${Math.round(cell.getBoundingClientRect().width)}px): ${name(cell)}`);
        }
      }
      for (const wrap of document.querySelectorAll('.table-wrap')) {
        if (wrap.getAttribute('role') !== 'region' || wrap.tabIndex !== 0 || !(wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby')))
          out.push(`a table region the keyboard cannot reach or that has no name: ${name(wrap)}`);
      }
      const targets = document.querySelectorAll(
        'table.list td a, .filters a, .pager a, nav.sub-nav a, header a, header button, main button, .button, ' +
          'input[type="checkbox"], input[type="radio"], select, summary',
      );
      for (const el of targets) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue; // not shown
        if (el.classList.contains('skip')) continue; // off screen until focused
        if (r.width < 23.5 || r.height < 23.5) out.push(`a target under 24×24 px (${r.width.toFixed(1)}×${r.height.toFixed(1)}): ${name(el)}`);
      }
      return out;
    },
    { lang, width, phone: PHONE },
  );
}

// Visits each path (or runs each step) and returns every problem found, page by page.
async function audit(s, visits) {
  const problems = [];
  for (const v of visits) {
    const { path, act } = typeof v === 'string' ? { path: v } : v;
    if (path) await s.page.goto(server.url + path);
    if (act) await act(s.page);
    s.page.problems.length = 0;
    const found = [...(await axeViolations(s.page, { detail: true })), ...(await layoutProblems(s.page, s.lang, s.width))];
    if (found.length)
      problems.push(`${s.user} · ${s.lang} · ${s.width}px · ${new URL(s.page.url()).pathname}\n    ${found.join('\n    ')}`);
  }
  return problems;
}

function assertClean(problems) {
  assert.equal(problems.length, 0, `accessibility problems:\n\n${problems.join('\n\n')}\n`);
}

async function tour(user, opts, visits) {
  const s = await session(user, opts);
  try {
    assertClean(await audit(s, visits));
  } finally {
    await s.context.close();
  }
}

/* ---------- axe-core on every page kind ---------- */

// The working group's pages with tables: batches, decisions, the calendar, the register.
const workingGroupPages = () => ['/batches', `/batches/${ids.batch}`, '/decisions', '/calendar', '/institutions', '/institutions/1'];

test('the public portal, the log-in and error pages, in zh-CN and English', T, async () => {
  const visits = ['/login', '/public', `/public/notices/${ids.notice}`, '/public/pilots', '/no-such-page', '/public/notices/999999'];
  await tour(null, { lang: 'zh' }, visits);
  await tour(null, { lang: 'en' }, visits);
});

test('the public portal at phone width', T, async () => {
  await tour(null, { lang: 'zh', width: PHONE }, ['/login', '/public', `/public/notices/${ids.notice}`, '/public/pilots']);
  await tour(null, { lang: 'en', width: PHONE }, ['/public/pilots']);
});

test('the case officer: home, projects in each state, batches, decisions, calendar, register, eligibility', T, async () => {
  const states = ['draft', 'submitted', 'returned', 'accepted', 'in_review', 'selected', 'csrc_evaluation', 'public_notice', 'launched', 'coaching', 'withdrawn', 'not_selected'];
  await tour('officer', { lang: 'zh' }, [
    '/',
    '/projects',
    '/projects?state=in_review',
    ...states.filter((st) => ids[st]).map((st) => `/projects/${ids[st]}`),
    `/projects/${ids.launched}/comments`,
    ...workingGroupPages(),
    '/institutions/new',
    '/institutions/1/edit',
    '/eligibility',
    {
      path: '/eligibility',
      act: async (page) => {
        await page.selectOption('select[name="inst0"]', await optionValue(page, 'inst0', '海港证券'));
        await page.check('input[name="lead"][value="0"]');
        await Promise.all([page.waitForLoadState(), page.click('form.card button.primary')]);
        assert.ok(await page.locator('#verdict').count(), 'no verdict after the check');
      },
    },
    '/review', // not an expert: the 403 page
    '/projects/999999', // the 404 page
  ]);
});

test('the case officer in English', T, async () => {
  await tour('officer', { lang: 'en' }, ['/', '/projects', `/projects/${ids.in_review}`, `/projects/${ids.returned}`, `/batches/${ids.batch}`, '/decisions', '/institutions', '/calendar', '/eligibility']);
});

test('the other roles: admin, leader, CSRC, experts', T, async () => {
  const year = new Date().getUTCFullYear();
  await tour('admin', { lang: 'zh' }, ['/', `/calendar/${year}`, '/users', '/batches']);
  await tour('leader', { lang: 'zh' }, ['/', '/decisions', `/projects/${ids.selected}`]);
  await tour('leader', { lang: 'en' }, ['/decisions']);
  await tour('csrc', { lang: 'zh' }, ['/', '/projects', `/projects/${ids.csrc_evaluation}`]);
  await tour('expert1', { lang: 'zh' }, ['/', '/review', `/review/${ids.in_review}`]); // scored: the sheets
  await tour('expert2', { lang: 'zh' }, [`/review/${ids.in_review}`]); // not yet: the score form
  await tour('expert2', { lang: 'en' }, ['/', `/review/${ids.in_review}`]);
});

test('an institution: home, its projects, the application form, its record', T, async () => {
  await tour('quancheng-sec', { lang: 'zh' }, [
    '/',
    '/projects',
    '/projects/new',
    `/projects/${ids.returned}`,
    `/projects/${ids.returned}/edit`,
    `/projects/${ids.launched}`,
    `/institutions/${ids.ownInstitution}`,
    '/eligibility',
  ]);
  await tour('quancheng-sec', { lang: 'en' }, ['/', `/projects/${ids.returned}`, '/projects/new']);
});

test('the pages with tables at phone width (390 px)', T, async () => {
  await tour('officer', { lang: 'zh', width: PHONE }, [
    '/',
    '/projects',
    `/projects/${ids.in_review}`,
    `/projects/${ids.launched}`,
    ...workingGroupPages(),
    '/eligibility',
  ]);
  await tour('officer', { lang: 'en', width: PHONE }, ['/projects', `/batches/${ids.batch}`, '/institutions']);
  await tour('quancheng-sec', { lang: 'zh', width: PHONE }, ['/projects', `/projects/${ids.returned}`, '/projects/new']);
  await tour('expert1', { lang: 'zh', width: PHONE }, ['/review', `/review/${ids.in_review}`]);
  await tour('admin', { lang: 'zh', width: PHONE }, [`/calendar/${new Date().getUTCFullYear()}`, '/users']);
});

/* ---------- supervision: reports and notifications ---------- */

test('supervision: reports, one report with its forms, the inbox (zh, en, phone)', T, async () => {
  const officer = await token('officer');
  // the scheduler requested the demo pilot's periodic reports at start
  let reports = [];
  for (let i = 0; i < 50 && !reports.length; i++) {
    reports = (await apiGet(officer, `/api/v1/projects/${ids.launched}/reports`)).items;
    if (!reports.length) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(reports.length, 'the demo pilot has its periodic reports');
  const one = `/reports/${reports[0].id}`;
  await tour('officer', { lang: 'zh' }, ['/reports', '/reports?status=overdue', `/projects/${ids.launched}/reports`, one, '/inbox']);
  await tour('officer', { lang: 'en', width: PHONE }, ['/reports', `/projects/${ids.launched}/reports`, one, '/inbox']);
  await tour('shenlan-tech', { lang: 'zh' }, [`/projects/${ids.launched}/reports`, one, '/inbox']);
  await tour('leader', { lang: 'zh', width: PHONE }, ['/inbox', '/reports']);
});

/* ---------- the focus ring ---------- */

// Tabs through the page; for each element reached, the ring's style, width and its contrast
// with the background around it (the nearest opaque background of its ancestors, with
// translucent layers composited on top).
async function focusRings(page, maxTabs = 400) {
  const seen = [];
  await page.evaluate(() => document.activeElement?.blur());
  let first = null;
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const parse = (c) => {
        const m = c.match(/rgba?\(([^)]+)\)/);
        if (!m) return [0, 0, 0, 0];
        const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return [r, g, b, a];
      };
      const layers = [];
      for (let p = el.parentElement; p; p = p.parentElement) {
        const c = parse(getComputedStyle(p).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let bg = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse()) bg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
      const cs = getComputedStyle(el);
      const lum = ([r, g, b]) => {
        const ch = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
      };
      const ring = parse(cs.outlineColor); // a translucent ring is seen composited on bg
      const seenRing = ring.slice(0, 3).map((v, i) => v * ring[3] + bg[i] * (1 - ring[3]));
      const [l1, l2] = [lum(seenRing), lum(bg)].sort((a, b) => b - a);
      const kind = el.tagName === 'INPUT' ? `input[${el.type}]` : el.tagName.toLowerCase() + (el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : '');
      return {
        kind,
        key: `${kind} ${el.id || el.name || el.getAttribute('href') || el.textContent.trim().slice(0, 20)}`,
        style: cs.outlineStyle,
        width: parseFloat(cs.outlineWidth),
        contrast: (l1 + 0.05) / (l2 + 0.05),
        ring: cs.outlineColor,
        bg: `rgb(${bg.map(Math.round).join(', ')})`,
      };
    });
    if (!f) continue;
    if (f.key === first) break; // round the page once
    first ??= f.key;
    seen.push(f);
  }
  return seen;
}

test('every element the Tab key reaches shows a focus ring of at least 3:1', T, async () => {
  const kinds = new Set();
  const bad = [];
  const check = async (s, paths) => {
    for (const path of paths) {
      await s.page.goto(server.url + path);
      for (const f of await focusRings(s.page)) {
        kinds.add(f.kind);
        if (f.style === 'none' || f.width < 2 || f.contrast < 3)
          bad.push(`${s.user} ${path}: ${f.key}: outline ${f.style} ${f.width}px ${f.ring} on ${f.bg} (${f.contrast.toFixed(2)}:1)`);
      }
    }
  };
  const anon = await session(null);
  await check(anon, ['/login', `/public/notices/${ids.notice}`, '/public/pilots']);
  await anon.context.close();
  const officer = await session('officer');
  await check(officer, ['/', '/eligibility', `/projects/${ids.in_review}`, '/institutions/new']);
  await officer.context.close();
  const inst = await session('quancheng-sec', { width: PHONE });
  await check(inst, ['/projects/new', `/projects/${ids.returned}`]);
  await inst.context.close();
  const expert = await session('expert2');
  await check(expert, [`/review/${ids.in_review}`]);
  await expert.context.close();
  assert.deepEqual(bad, [], `focus rings that fail:\n${bad.join('\n')}`);
  for (const k of ['a', 'button', 'input[text]', 'input[password]', 'input[radio]', 'input[checkbox]', 'input[file]', 'select', 'textarea', 'summary', 'div[role=region]'])
    assert.ok(kinds.has(k), `no ${k} was reached by Tab (reached: ${[...kinds].join(', ')})`);
});

/* ---------- wide tables on a phone ---------- */

test('at 390 px a wide table scrolls inside its region, by keyboard too', T, async () => {
  const s = await session(null, { width: PHONE });
  try {
    await s.page.goto(`${server.url}/public/pilots`);
    const wrap = s.page.locator('.table-wrap').first();
    const dims = await wrap.evaluate((w) => ({ scroll: w.scrollWidth, client: w.clientWidth, left: w.scrollLeft }));
    assert.ok(dims.scroll > dims.client, `the register fits in ${dims.client}px: nothing to scroll (${dims.scroll}px)`);
    assert.equal(await wrap.getAttribute('role'), 'region');
    assert.ok(await wrap.getAttribute('aria-label'));
    // the last column is there, beyond the edge, not cut off
    const lastHead = s.page.locator('table.register thead th').last();
    assert.ok((await lastHead.evaluate((th) => th.getBoundingClientRect().width)) >= 64);
    // Tab reaches the region (after the header and the filters), the arrow keys scroll it
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await s.page.keyboard.press('Tab');
      reached = await wrap.evaluate((w) => document.activeElement === w);
    }
    assert.ok(reached, 'Tab never reaches the table region');
    for (let i = 0; i < 8; i++) await s.page.keyboard.press('ArrowRight');
    const left = await wrap.evaluate((w) => w.scrollLeft);
    assert.ok(left > 0, 'ArrowRight does not scroll the focused region');
    const doc = await s.page.evaluate(() => document.documentElement.scrollLeft + window.scrollX);
    assert.equal(doc, 0, 'the document itself scrolled sideways');
  } finally {
    await s.context.close();
  }
});

/* ---------- supervision: risk indicators (§4.3) ---------- */

test('risk monitoring: the charts, the indicators, alerts and tokens pages, at desktop and phone widths', T, async () => {
  const L = ids.launched;
  await tour('officer', { lang: 'zh' }, [`/projects/${L}/indicators`, `/projects/${L}/alerts?status=open`]);
  await tour('officer', { lang: 'en', width: PHONE }, [`/projects/${L}`, `/projects/${L}/indicators`, `/projects/${L}/alerts`]);
  // the lead institution's tokens page, and the answer that shows a new token's secret
  const lead = (await apiGet(await token('officer'), `/api/v1/projects/${L}`)).members.find((m) => m.lead);
  const user = (await apiGet(await token('shenlan-tech'), '/api/v1/session')).user.institution_id === lead.institution_id ? 'shenlan-tech' : 'quancheng-sec';
  await tour(user, { lang: 'zh', width: PHONE }, [
    `/projects/${L}/tokens`,
    {
      act: async (p) => {
        await p.fill('#f-name', '核心业务系统');
        await Promise.all([p.waitForLoadState(), p.click('form.stack button[type="submit"]')]);
      },
    },
  ]);
});

/* ---------- supervision: complaints and exchange (§4.3) ---------- */

// A JSON write as `tok` (null: no log-in); asserts the status and returns the answer.
async function apiPost(tok, path, body, status) {
  const r = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(tok ? { Authorization: `Bearer ${tok}` } : {}) },
    body: JSON.stringify(body),
  });
  assert.equal(r.status, status, `${path}: ${r.status}`);
  return r.json();
}

test('supervision: the complaint, message and situation pages (§4.3)', T, async () => {
  const filed = await apiPost(null, '/api/v1/public/complaints', { project_id: ids.launched, name: '张三', contact: '13800000000', content: '投顾建议与风险测评不符。' }, 201);
  const officer = await token('officer');
  const lead = await token('shenlan-tech');
  const complaint = (await apiGet(officer, '/api/v1/complaints')).items.find((c) => c.reference === filed.reference).id;
  await apiPost(lead, `/api/v1/complaints/${complaint}/notes`, { body: '已联系客户。', to_complainant: true }, 201);
  const thread = (await apiPost(officer, `/api/v1/projects/${ids.launched}/threads`, { subject: '十一月运行情况', body: '请报送投诉处理情况。' }, 201)).id;
  await apiPost(lead, `/api/v1/threads/${thread}/messages`, { body: '收到。' }, 201);
  await apiPost(officer, '/api/v1/situations', { project_id: ids.launched, title: '集中投诉', body: '本月收到投诉3件。' }, 201);
  const lookup = {
    path: '/public/complaints/lookup',
    act: async (page) => {
      await page.fill('#f-reference', filed.reference);
      await page.fill('#f-secret', filed.secret);
      await Promise.all([page.waitForLoadState(), page.click('#lookup-form button.primary')]);
      assert.ok(await page.locator('#complaint').count(), 'no complaint after the look-up');
    },
  };
  const file = {
    path: `/public/complaints/new?project_id=${ids.launched}`,
    act: async (page) => {
      await page.fill('#f-name', '李四');
      await page.fill('#f-contact', 'li4@example.cn');
      await page.fill('#f-content', '网页提交的投诉。');
      await Promise.all([page.waitForLoadState(), page.click('#complaint-form button.primary')]);
      assert.ok(await page.locator('#complaint-secret').count(), 'no secret after filing');
    },
  };
  await tour(null, { lang: 'zh' }, ['/public/complaints/new', lookup, file]);
  await tour(null, { lang: 'en' }, [`/public/complaints/new?project_id=${ids.launched}`, lookup]);
  await tour(null, { lang: 'zh', width: PHONE }, ['/public/complaints/new', lookup]);
  const staff = ['/complaints', `/complaints/${complaint}`, `/projects/${ids.launched}/complaints`, '/threads', `/threads/${thread}`, `/projects/${ids.launched}/threads`, '/situations'];
  await tour('officer', { lang: 'zh' }, staff);
  await tour('officer', { lang: 'en' }, staff);
  await tour('officer', { lang: 'zh', width: PHONE }, ['/complaints', `/complaints/${complaint}`, '/threads', `/threads/${thread}`, '/situations']);
  await tour('csrc', { lang: 'zh' }, ['/situations', '/complaints']);
  await tour('shenlan-tech', { lang: 'zh' }, [`/complaints/${complaint}`, `/projects/${ids.launched}/complaints`, '/threads', `/threads/${thread}`, `/projects/${ids.launched}`]);
});

/* ---------- the end of a pilot (§4.4): the evaluation dossier ---------- */

test('the evaluation dossier page, at desktop and phone widths', T, async () => {
  const L = ids.launched;
  await tour('officer', { lang: 'zh' }, [`/projects/${L}/dossier`]);
  await tour('leader', { lang: 'en', width: PHONE }, [`/projects/${L}/dossier`]);
  await tour('csrc', { lang: 'zh', width: PHONE }, [`/projects/${L}/dossier`]);
});
