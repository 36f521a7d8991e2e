// The demo's running pilot under supervision (§4.3): `baotu demo` seeds, through the use cases,
// months of a fund-advice pilot's life: daily metric points of its indicators with a warning,
// a breach and a silent feed (alerts open, acknowledged, resolved), periodic reports (accepted,
// one overdue), an open off-site inspection with documents requested, an incident with its
// initial report and guidance, complaints (public, recorded by the institution, answered),
// a thread between the working group and the institution and a situation report to the CSRC.
// Seeded on a fixed day and served without the scheduler, so that what is checked is what the
// demo wrote; the same day seeds the same data.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, cstDate, eventsOf, login, query, runCli, startServer, tempDir, verifyExport, DEMO_PASSWORD, STANDARD_INDICATORS } from './lib/harness.mjs';

const PILOT = '智能基金投顾组合服务';
const NOW_MS = Date.UTC(2026, 10, 27, 2, 0, 0); // 2026-11-27 10:00 CST, the demo's anchor
const DAY = 86400 * 1000;
const INDICATORS = STANDARD_INDICATORS;

// Seeds a demo database on the fixed day; resolves {db, file, env}.
async function seed() {
  const dir = tempDir();
  const file = join(dir, 'demo.db');
  const clock = join(dir, 'clock');
  writeFileSync(clock, String(NOW_MS * 1000));
  const env = { BAOTU_CLOCK_FILE: clock };
  const started = Date.now();
  const r = await runCli(['demo', '--db', `sqlite:${file}`], { env, timeoutMs: 120000 });
  assert.equal(r.code, 0, r.stderr);
  return { db: `sqlite:${file}`, file, env, ms: Date.now() - started };
}

describe('the demo: a running pilot under supervision (§4.3)', () => {
  let d, s, P;
  const tok = {};
  const call = (who, method, path, body) => api(s, method, path, { token: tok[who], body });
  const get = async (who, path) => {
    const r = await call(who, 'GET', path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    return r.json;
  };

  before(async () => {
    d = await seed();
    s = await startServer(d.db, ['--scheduler-interval', '0'], { env: d.env });
    for (const u of ['officer', 'leader', 'csrc', 'lixia-fund', 'haigang-sec'])
      tok[u] = (await login(s, u, DEMO_PASSWORD)).token;
    const launched = await get('officer', '/api/v1/projects?state=launched&limit=200');
    P = launched.items.find((p) => p.name === PILOT)?.id;
    assert.ok(P, `no launched pilot named ${PILOT}`);
  });
  after(async () => s && (await s.stopClean()));

  test('months of daily points for each indicator, from the launch day to before now', async () => {
    const p = await get('officer', `/api/v1/projects/${P}`);
    assert.equal(p.state, 'launched');
    const launchStart = Date.parse(`${p.launched_on}T00:00:00+08:00`);
    assert.ok(NOW_MS - launchStart >= 120 * DAY, `launched on ${p.launched_on}: months before now`);
    const inds = (await get('officer', `/api/v1/projects/${P}/indicators`)).items;
    assert.deepEqual(inds.map((i) => i.key), INDICATORS);
    for (const key of INDICATORS) {
      const pts = [];
      for (let after = ''; ; ) {
        const page = await get('officer', `/api/v1/projects/${P}/metrics?indicator=${key}&limit=200${after}`);
        pts.push(...page.items);
        if (!page.next) break;
        after = `&after=${encodeURIComponent(page.next)}`;
      }
      const times = pts.map((x) => Date.parse(x.at));
      assert.ok(times.every((t) => t >= launchStart && t < NOW_MS), `${key}: points within launch..now`);
      if (key === 'security_events') {
        assert.equal(pts.length, 3, 'the feed of security events went quiet three days after the launch');
        continue;
      }
      assert.ok(pts.length >= 150, `${key}: ${pts.length} daily points`);
      assert.ok(NOW_MS - Math.max(...times) < 2 * DAY, `${key}: data up to yesterday`);
      const days = new Set(pts.map((x) => cstDate(Date.parse(x.at) * 1000)));
      assert.equal(days.size, pts.length, `${key}: one point a day`);
    }
    const byKey = Object.fromEntries(inds.map((i) => [i.key, i]));
    assert.ok(byKey.customers.last_value > byKey.customers.warn, 'customers above the warning line');
    assert.ok(byKey.customers.last_value <= byKey.customers.breach);
    assert.equal(byKey.security_events.stale, true);
  });

  test('alerts: a warning, a breach and a stale one open, one acknowledged, one resolved', async () => {
    const all = (await get('officer', `/api/v1/projects/${P}/alerts?limit=200`)).items;
    const by = (status) => all.filter((a) => a.status === status).map((a) => `${a.indicator} ${a.level}`).sort();
    assert.deepEqual(by('open'), ['customers warning', 'max_transaction_fen breach', 'security_events stale']);
    assert.deepEqual(by('acknowledged'), ['availability_pct warning']);
    assert.deepEqual(by('resolved'), ['complaints warning']);
    const breach = all.find((a) => a.level === 'breach');
    assert.equal(breach.value, 5380000);
    assert.equal(breach.threshold, 5000000);
    // each alert has its event in the project's history
    const events = await eventsOf(s, tok.officer, `project:${P}`);
    const kinds = (k) => events.filter((e) => e.kind === k).length;
    assert.equal(kinds('alert.opened'), 5);
    assert.equal(kinds('alert.acknowledged'), 2);
    assert.equal(kinds('alert.resolved'), 1);
    assert.ok(kinds('metrics.ingested') >= 20, 'batches of points');
  });

  test('reports: accepted ones and one overdue, escalated, periodic report', async () => {
    const reports = (await get('officer', `/api/v1/projects/${P}/reports?limit=200`)).items;
    const overdue = reports.filter((r) => r.overdue);
    assert.equal(overdue.length, 1, JSON.stringify(reports.map((r) => [r.period, r.status])));
    assert.equal(overdue[0].kind, 'monthly');
    assert.equal(overdue[0].status, 'open');
    assert.ok(overdue[0].due_on < cstDate(NOW_MS * 1000));
    assert.notEqual(overdue[0].escalated_at, null);
    const accepted = reports.filter((r) => r.status === 'accepted');
    assert.ok(accepted.length >= 4, `${accepted.length} accepted`);
    assert.ok(accepted.some((r) => r.kind === 'quarterly'));
    assert.equal(reports.length, accepted.length + 1);
    const list = (await get('leader', '/api/v1/reports?status=overdue&limit=200')).items;
    assert.ok(list.some((r) => r.id === overdue[0].id));
  });

  test('an open inspection with a document request pending, an incident with guidance', async () => {
    const insp = (await get('officer', `/api/v1/projects/${P}/inspections`)).items;
    assert.equal(insp.length, 1);
    assert.equal(insp[0].mode, 'offsite');
    const one = await get('officer', `/api/v1/inspections/${insp[0].id}`);
    assert.notEqual(one.state, 'closed');
    assert.equal(one.document_requests.length, 1);
    assert.equal(one.document_requests[0].answered_at, null);
    assert.ok(one.document_requests[0].due_on >= cstDate(NOW_MS * 1000));
    // the institution was notified: it sees the inspection
    assert.equal((await get('lixia-fund', `/api/v1/inspections/${insp[0].id}`)).id, insp[0].id);

    const inc = (await get('officer', `/api/v1/projects/${P}/incidents`)).items;
    assert.equal(inc.length, 1);
    const i = await get('officer', `/api/v1/incidents/${inc[0].id}`);
    assert.deepEqual(i.entries.map((x) => x.kind), ['initial', 'guidance']);
    assert.equal(i.category, 'business_error');
  });

  test('complaints: one filed on the public portal, one recorded by the institution and answered', async () => {
    const items = (await get('officer', `/api/v1/projects/${P}/complaints`)).items;
    const by = Object.fromEntries(items.map((c) => [c.channel, c]));
    assert.deepEqual(Object.keys(by).sort(), ['institution', 'public']);
    assert.equal(by.public.status, 'open');
    assert.equal(by.institution.status, 'resolved');
    const answered = await get('officer', `/api/v1/complaints/${by.institution.id}`);
    assert.ok(answered.notes.some((n) => n.to_complainant), 'an answer to the complainant');
    // the events carry no complainant's name or contact
    const events = await eventsOf(s, tok.officer, `project:${P}`);
    const filed = events.filter((e) => e.kind === 'complaint.filed');
    assert.deepEqual(filed.map((e) => e.payload.channel).sort(), ['institution', 'public']);
    assert.ok(!JSON.stringify(filed).includes('李女士') && !JSON.stringify(filed).includes('138-0000'));
  });

  test('a thread between the working group and the institution, a situation report to the CSRC', async () => {
    const threads = (await get('lixia-fund', `/api/v1/projects/${P}/threads`)).items;
    assert.equal(threads.length, 1);
    const msgs = (await get('officer', `/api/v1/threads/${threads[0].id}/messages`)).items;
    assert.deepEqual(msgs.map((m) => m.side), ['working_group', 'institution']);
    assert.ok(msgs[1].read_by.length > 0, 'the officer read the answer');
    const sits = (await get('csrc', '/api/v1/situations')).items.filter((x) => x.project_id === P);
    assert.equal(sits.length, 1);
    // another institution sees none of it
    assert.equal((await call('haigang-sec', 'GET', `/api/v1/projects/${P}/threads`)).status, 404);
  });

  test('the chain verifies, and the same day seeds the same supervision data', async () => {
    const v = await runCli(['audit', 'verify', '--db', d.db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /^OK \d+ events verified/);
    // and its export verifies without our C (docs/AUDIT.md)
    const exp = await runCli(['audit', 'export', '--db', d.db]);
    assert.equal(exp.code, 0, exp.stderr);
    assert.equal(verifyExport(exp.stdout).length, Number(/^OK (\d+)/.exec(v.stdout)[1]));
    assert.ok(d.ms < 60000, `seeded in ${d.ms} ms`);
    const again = await seed();
    const data = (x) =>
      query(
        x.file,
        `SELECT i.key, m.at, m.value_micro FROM metric_points m JOIN indicators i ON i.id = m.indicator_id ORDER BY i.project_id, i.key, m.at;
         SELECT i.key, a.level, a.status, a.opened_at FROM alerts a JOIN indicators i ON i.id = a.indicator_id ORDER BY a.id;
         SELECT project_id, kind, period, status, due_on FROM reports ORDER BY id;`,
      );
    assert.equal(data(again), data(d));
    const v2 = await runCli(['audit', 'verify', '--db', again.db]);
    assert.equal(v2.code, 0, v2.stdout + v2.stderr);
  });
});
