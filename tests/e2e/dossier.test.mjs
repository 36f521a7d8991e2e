// The evaluation dossier (§4.4) of the demo's second launched pilot (智能基金投顾组合服务 of
// lixia-fund), which has five months of supervision: metrics, alerts, reports, an inspection, an
// incident, complaints, a thread and a situation report.
//  - the JSON has every part, in order, with the figures the store has: each indicator's
//    maximum, minimum, point count and last value as the metrics API gives them, its breaches
//    as the alerts API counts them; every list as long as its own API's; the cover's event
//    range that of GET /api/v1/events?subject=project:ID; the decisions from the launch on;
//  - no complainant's name or contact anywhere in it;
//  - the manifest's SHA-256 of each file equals that of the bytes its download gives;
//  - the workbook: a zip whose sheets are Cover, Application, Boundaries, Reports, Alerts,
//    Inspections, Incidents, Complaints, Exchange, Decisions, Manifest, with known cells;
//  - who: the working group and the CSRC read it; an institution (even the pilot's lead) and
//    an expert are refused by the route (403), the public 401, an unknown project 404, a
//    project never launched 409 invalid_state;
//  - the page and the project page's link.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import {
  allPages,
  api,
  assertError,
  demoPilot,
  DEMO_PASSWORD,
  download,
  eventsOf,
  getPage,
  login,
} from './lib/harness.mjs';

const PARTS = ['cover', 'application', 'boundaries', 'reports', 'alerts', 'inspections', 'incidents',
  'complaints', 'exchange', 'decisions', 'manifest'];
const SHEETS = ['Cover', 'Application', 'Boundaries', 'Reports', 'Alerts', 'Inspections', 'Incidents',
  'Complaints', 'Exchange', 'Decisions', 'Manifest'];

// The entries of a zip file (stored or deflated), by name, from its central directory.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip file');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10), packed = buf.readUInt32LE(p + 20), size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + packed);
    out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    assert.equal(out.get(name).length, size, `${name}: size`);
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

// A sheet's cells: "A1" -> its text or number (inline strings, shared strings or values).
function cells(xml, shared = []) {
  const out = {};
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, ref, attrs, body = ''] = m;
    const t = /t="(\w+)"/.exec(attrs)?.[1];
    if (t === 'inlineStr') out[ref] = unxml([...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join(''));
    else if (t === 's') out[ref] = shared[Number(/<v>(\d+)<\/v>/.exec(body)[1])];
    else if (/<v>/.test(body)) out[ref] = Number(/<v>([^<]*)<\/v>/.exec(body)[1]);
  }
  return out;
}

// The row of a sheet whose column A is `a`: {column letter: value}.
function rowOf(c, a) {
  const ref = Object.keys(c).find((k) => /^A\d+$/.test(k) && c[k] === a);
  assert.ok(ref, `no row with ${a} in column A`);
  const n = ref.slice(1);
  return Object.fromEntries(Object.entries(c).filter(([k]) => k.replace(/^[A-Z]+/, '') === n).map(([k, v]) => [k.replace(/\d+$/, ''), v]));
}

let D, id, T, dossier, events;

before(async () => {
  D = await demoPilot({ users: ['lixia-fund', 'expert1'], args: ['--scheduler-interval', '0'] });
  T = D.token;
  const launched = await allPages(D.server, T.officer, '/api/v1/projects?state=launched');
  id = launched.find((p) => p.name === '智能基金投顾组合服务').id;
  const r = await api(D.server, 'GET', `/api/v1/projects/${id}/dossier`, { token: T.officer });
  assert.equal(r.status, 200, r.text);
  dossier = r.json;
  events = await eventsOf(D.server, T.officer, `project:${id}`);
});
after(() => D?.stop());

describe('the dossier as JSON', () => {
  test('every part in order; the cover', () => {
    assert.deepEqual(Object.keys(dossier), PARTS);
    const c = dossier.cover;
    assert.equal(c.project_id, id);
    assert.equal(c.name, '智能基金投顾组合服务');
    assert.equal(c.track, 'pilot');
    assert.equal(c.state, 'launched');
    assert.match(c.launched_on, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(c.compiled_by.username, 'officer');
    assert.ok(Number.isInteger(c.compiled_at));
    const lead = c.institutions.find((m) => m.lead);
    assert.equal(lead.name, '历下基金管理有限公司');
    assert.ok(lead.role.length > 0);
  });

  test('the event range is the history of project:ID', () => {
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(dossier.cover.events, {
      first_seq: Math.min(...seqs), last_seq: Math.max(...seqs), count: events.length,
    });
  });

  test('the application as submitted', async () => {
    const p = (await api(D.server, 'GET', `/api/v1/projects/${id}`, { token: T.officer })).json;
    const a = dossier.application;
    assert.deepEqual(Object.keys(a), ['summary', 'scenarios', 'technologies', 'test_boundaries', 'hypothesis',
      'success_measures', 'risk_controls', 'investor_protection', 'emergency_plan', 'exit_plan', 'commitments']);
    const content = p.content ?? p;
    for (const k of Object.keys(a)) if (content[k] !== undefined) assert.deepEqual(a[k], content[k], k);
    assert.deepEqual(dossier.boundaries.test_boundaries, a.test_boundaries);
  });

  test("the boundaries: each indicator's figures are what the metrics and alerts APIs say", async () => {
    const inds = (await api(D.server, 'GET', `/api/v1/projects/${id}/indicators`, { token: T.officer })).json.items;
    const alerts = await allPages(D.server, T.officer, `/api/v1/projects/${id}/alerts`);
    assert.deepEqual(dossier.boundaries.indicators.map((i) => i.key), inds.map((i) => i.key));
    let breached = 0;
    for (const b of dossier.boundaries.indicators) {
      const ind = inds.find((i) => i.key === b.key);
      assert.equal(b.warn, ind.warn, `${b.key} warn`);
      assert.equal(b.breach, ind.breach, `${b.key} breach`);
      assert.equal(b.last_value, ind.last_value, `${b.key} last value`);
      assert.equal(b.last_at, ind.last_at, `${b.key} last at`);
      const pts = await allPages(D.server, T.officer, `/api/v1/projects/${id}/metrics?indicator=${b.key}`);
      assert.equal(b.points, pts.length, `${b.key} points`);
      const values = pts.map((x) => x.value);
      assert.equal(b.max, values.length ? Math.max(...values) : null, `${b.key} max`);
      assert.equal(b.min, values.length ? Math.min(...values) : null, `${b.key} min`);
      assert.equal(b.worst, ind.direction === 'below' ? b.min : b.max);
      assert.equal(b.breaches, alerts.filter((x) => x.indicator === b.key && x.level === 'breach').length, `${b.key} breaches`);
      assert.equal(b.warnings, alerts.filter((x) => x.indicator === b.key && x.level === 'warning').length, `${b.key} warnings`);
      breached += b.breaches;
    }
    assert.ok(dossier.boundaries.indicators.some((i) => i.points > 100), 'five months of points');
    assert.ok(breached > 0, 'the demo pilot breached a boundary');
    const mt = dossier.boundaries.indicators.find((i) => i.key === 'max_transaction_fen');
    assert.equal(mt.worst_level, 'breach');
  });

  test('every list is as long as its own API', async () => {
    const count = async (path) => (await allPages(D.server, T.officer, path)).length;
    assert.equal(dossier.reports.length, await count(`/api/v1/projects/${id}/reports`));
    assert.equal(dossier.alerts.length, await count(`/api/v1/projects/${id}/alerts`));
    assert.equal(dossier.inspections.length, await count(`/api/v1/projects/${id}/inspections`));
    assert.equal(dossier.incidents.length, await count(`/api/v1/projects/${id}/incidents`));
    assert.equal(dossier.complaints.length, await count(`/api/v1/projects/${id}/complaints`));
    assert.equal(dossier.exchange.threads.length, await count(`/api/v1/projects/${id}/threads`));
    const situations = (await allPages(D.server, T.officer, '/api/v1/situations')).filter((s) => s.project_id === id);
    assert.equal(dossier.exchange.situations.length, situations.length);
    for (const k of ['reports', 'alerts', 'inspections', 'incidents', 'complaints'])
      assert.ok(dossier[k].length > 0, `the demo pilot has ${k}`);
    assert.ok(dossier.exchange.threads.length > 0 && dossier.exchange.situations.length > 0);
    assert.deepEqual(dossier.cover.counts, {
      reports: dossier.reports.length, alerts: dossier.alerts.length, inspections: dossier.inspections.length,
      incidents: dossier.incidents.length, complaints: dossier.complaints.length,
      situations: dossier.exchange.situations.length, threads: dossier.exchange.threads.length,
      decisions: dossier.decisions.items.length, attachments: dossier.manifest.count,
    });
  });

  test('records with their parts: an incident with its figures and entries, an inspection with its findings', async () => {
    const inc = dossier.incidents[0];
    const api1 = (await api(D.server, 'GET', `/api/v1/incidents/${inc.id}`, { token: T.officer })).json;
    for (const k of ['loss_fen', 'compensated_fen', 'level', 'state', 'title']) assert.deepEqual(inc[k], api1[k], k);
    assert.ok(inc.entries.length > 0);
    assert.ok(Array.isArray(inc.losses));
    const insp = dossier.inspections[0];
    assert.ok(Array.isArray(insp.findings) && Array.isArray(insp.rectifications) && Array.isArray(insp.document_requests));
    const th = dossier.exchange.threads[0];
    assert.equal(th.items.length, th.messages);
  });

  test('complaints carry their outcomes but no complainant name or contact', async () => {
    const full = await allPages(D.server, T.officer, `/api/v1/projects/${id}/complaints`);
    for (const c of dossier.complaints) {
      assert.equal(c.name, undefined);
      assert.equal(c.contact, undefined);
      const f = full.find((x) => x.id === c.id);
      assert.equal(c.status, f.status);
      assert.equal(c.reference, f.reference);
    }
    const text = JSON.stringify(dossier);
    for (const f of full) {
      if (f.name) assert.ok(!text.includes(f.name), `a complainant's name (${f.name}) is in the dossier`);
      if (f.contact) assert.ok(!text.includes(f.contact), "a complainant's contact is in the dossier");
    }
  });

  test('the decisions: the workflow events from the launch on, from the log', () => {
    const items = dossier.decisions.items;
    assert.equal(items[0].kind, 'project.launch');
    assert.equal(items[0].seq, dossier.decisions.from_seq);
    const expected = events.filter((e) => e.seq >= dossier.decisions.from_seq &&
      (e.kind.startsWith('project.') || e.kind.startsWith('decision.')));
    assert.deepEqual(items.map((x) => x.seq), expected.map((e) => e.seq));
    assert.equal(items[0].to, 'launched');
    assert.equal(items[0].action, 'launch');
  });

  test("the manifest: each file's SHA-256 is that of its download", async () => {
    const m = dossier.manifest;
    assert.equal(m.count, m.files.length);
    assert.ok(m.files.length > 0);
    assert.equal(m.total_size, m.files.reduce((s, f) => s + f.size, 0));
    for (const f of m.files) {
      const r = await download(D.server, f.url, T.officer);
      assert.equal(r.status, 200, `${f.url}: ${r.text}`);
      assert.equal(r.bytes.length, f.size, f.url);
      assert.equal(createHash('sha256').update(r.bytes).digest('hex'), f.sha256, f.url);
    }
    assert.ok(m.files.some((f) => f.source === 'material'));
  });
});

describe('the workbook', () => {
  test('a sheet per part, Cover first, with known cells', async () => {
    const now = await eventsOf(D.server, T.officer, `project:${id}`);
    const r = await download(D.server, `/api/v1/projects/${id}/dossier.xlsx`, T.leader);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /spreadsheetml/);
    assert.match(r.headers.get('content-disposition'), new RegExp(`project-${id}-dossier\\.xlsx`));
    const z = unzip(r.bytes);
    const wb = z.get('xl/workbook.xml').toString('utf8');
    assert.deepEqual([...wb.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]), SHEETS);
    const rels = z.get('xl/_rels/workbook.xml.rels').toString('utf8');
    const shared = z.has('xl/sharedStrings.xml')
      ? [...z.get('xl/sharedStrings.xml').toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
        unxml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join('')))
      : [];
    const sheet = (name) => {
      const rid = new RegExp(`<sheet name="${name}"[^>]*r:id="(rId\\d+)"`).exec(wb)[1];
      const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
        new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)[1];
      return cells(z.get(`xl/${target.replace(/^\/?xl\//, '')}`).toString('utf8'), shared);
    };
    // the cover: the part's title in the caller's language (zh-CN) with the sheet's name
    const cover = sheet('Cover');
    assert.equal(cover.A1, '封面 (Cover)');
    assert.ok(Object.values(cover).includes('智能基金投顾组合服务'));
    assert.ok(Object.values(cover).includes(String(now.length)));
    assert.ok(Object.values(cover).includes(String(Math.max(...now.map((e) => e.seq)))));
    // the boundaries: the indicators' rows with their maxima as numbers
    const b = sheet('Boundaries');
    for (const ind of dossier.boundaries.indicators) {
      const row = rowOf(b, ind.key);
      assert.equal(row.B, ind.name);
      assert.equal(row.G, ind.points, `${ind.key} points`);
      if (ind.max !== null) assert.equal(row.H, ind.max, `${ind.key} max`);
      assert.equal(row.N, ind.breaches, `${ind.key} breaches`);
    }
    // the manifest: each file's SHA-256
    const m = sheet('Manifest');
    const hashes = Object.entries(m).filter(([k]) => /^G\d+$/.test(k)).map(([, v]) => v);
    for (const f of dossier.manifest.files) assert.ok(hashes.includes(f.sha256), f.filename);
    // the alerts, one row each
    const al = sheet('Alerts');
    for (const a of dossier.alerts) assert.equal(rowOf(al, a.id).C, a.level);
  });
});

describe('who may read it', () => {
  test('the working group and the CSRC', async () => {
    // (the manifest's downloads above appended material.downloaded events since)
    const now = await eventsOf(D.server, T.officer, `project:${id}`);
    for (const u of ['leader', 'csrc']) {
      const r = await api(D.server, 'GET', `/api/v1/projects/${id}/dossier`, { token: T[u] });
      assert.equal(r.status, 200, `${u}: ${r.text}`);
      assert.equal(r.json.cover.events.count, now.length);
      assert.equal(r.json.cover.compiled_by.username, u);
      assert.deepEqual(r.json.boundaries, dossier.boundaries);
    }
  });

  test('institutions (the lead too) and experts are refused, the public must log in', async () => {
    for (const u of ['lixia-fund', 'shenlan-tech', 'expert1']) {
      for (const path of [`/api/v1/projects/${id}/dossier`, `/api/v1/projects/${id}/dossier.xlsx`])
        assertError(await api(D.server, 'GET', path, { token: T[u] }), 403, 'forbidden');
      const page = await getPage(D.server, `/projects/${id}/dossier`, (await login(D.server, u, DEMO_PASSWORD)).cookie);
      assert.equal(page.status, 403);
    }
    assertError(await api(D.server, 'GET', `/api/v1/projects/${id}/dossier`), 401, 'unauthenticated');
    assertError(await api(D.server, 'GET', `/api/v1/projects/${id}/dossier.xlsx`), 401, 'unauthenticated');
  });

  test('an unknown project is 404; a project never launched 409 invalid_state', async () => {
    assertError(await api(D.server, 'GET', '/api/v1/projects/999999/dossier', { token: T.officer }), 404, 'not_found');
    const all = await allPages(D.server, T.officer, '/api/v1/projects');
    const early = all.find((p) => !p.launched_on && ['draft', 'submitted', 'accepted', 'in_review', 'selected',
      'csrc_evaluation', 'public_notice', 'returned'].includes(p.state));
    assert.ok(early, 'the demo has a project not yet launched');
    for (const path of [`/api/v1/projects/${early.id}/dossier`, `/api/v1/projects/${early.id}/dossier.xlsx`])
      assertError(await api(D.server, 'GET', path, { token: T.officer }), 409, 'invalid_state');
  });
});

describe('the pages', () => {
  test('the dossier page has every part as a section and the downloads; the project page links it', async () => {
    const officer = await login(D.server, 'officer', DEMO_PASSWORD);
    const page = await getPage(D.server, `/projects/${id}/dossier`, officer.cookie);
    assert.equal(page.status, 200);
    for (const p of PARTS) assert.match(page.text, new RegExp(`id="dossier-${p}"`));
    assert.match(page.text, new RegExp(`href="/api/v1/projects/${id}/dossier.xlsx"`));
    assert.match(page.text, new RegExp(`href="/api/v1/projects/${id}/dossier"`));
    assert.match(page.text, /评估材料汇编/);
    assert.ok(page.text.includes(dossier.manifest.files[0].sha256));
    const proj = await getPage(D.server, `/projects/${id}`, officer.cookie);
    assert.match(proj.text, new RegExp(`href="/projects/${id}/dossier"`));
    // an institution's project page has no link
    const lead = await login(D.server, 'lixia-fund', DEMO_PASSWORD);
    const theirs = await getPage(D.server, `/projects/${id}`, lead.cookie);
    assert.equal(theirs.status, 200);
    assert.doesNotMatch(theirs.text, /\/dossier"/);
  });
});
