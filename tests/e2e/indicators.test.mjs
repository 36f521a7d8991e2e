// Risk monitoring of a running pilot (§4.3 item 2: continuous dynamic monitoring), on the demo's
// launched pilot and coaching project, on the server's test clock.
//  - The pilot's key risk indicators come from its test boundaries at launch (customers vs the
//    customer cap, the largest transaction vs the per-transaction limit, ...), each with a
//    warning and a breach threshold, a direction and a staleness interval; officers and leaders
//    change thresholds and add custom indicators, with events.
//  - The lead institution creates API tokens for the pilot (the secret shown once, only its
//    SHA-256 kept) and its systems send points with them: all or nothing, the first refused
//    point named by its index; an Idempotency-Key retry stores nothing again.
//  - A crossing opens one alert per rise of the level (warning, breach), a silence past the
//    staleness interval a stale alert (the scheduler, exactly once with two nodes), data coming
//    back resolves the stale alert; the working group acknowledges and resolves alerts with a
//    reason.
//  - Charts on the project page are SVG drawn on the server, with a table of the last values.
//  - The older monthly figures body of the same endpoint works as before.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  assertErrorWith,
  cstDayStartUs,
  demoPilot,
  eventsOf,
  getPage,
  login,
  postForm,
  query,
  runCli,
  startServer,
  verifyExport,
  waitFor,
  DEMO_PASSWORD,
  STANDARD_INDICATORS,
} from './lib/harness.mjs';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
// The test's "now": the real time to the hour, on the server's clock file.
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const dayAt = (d) => iso(NOW - d * DAY); // d days before now

let demo; // demoPilot(): server, db, clock, token, launched, coaching
let s;
let file; // the database file (a PostgreSQL database in the PG pass)
let P; // the launched pilot
let C; // the coaching project
const tok = {}; // username -> session token
const lead = {}; // the pilot's lead and partner usernames, the coaching project's lead
let ingestToken; // {id, token}

const q = (sql) => query(file, sql);
const count = (sql) => Number(q(sql));
const call = (who, method, path, body, headers) => api(s, method, path, { token: tok[who] ?? who, body, headers });
const ingest = (bearer, body, headers = {}, pid = P) =>
  api(s, 'POST', `/api/v1/projects/${pid}/metrics`, { token: bearer, body, headers });
const points = () => count(`SELECT count(*) FROM metric_points`);
const events = () => count(`SELECT count(*) FROM events`);
const setClock = (ms) => writeFileSync(demo.clock.file, String(ms * 1000));

// What a refused ingestion leaves: nothing.
async function refusedIngest(res, status, code, field, index, reason) {
  const e = assertErrorWith(res, status, code, index === undefined ? [] : ['details'], field);
  if (index !== undefined) {
    assert.equal(e.details.index, index, res.text);
    if (reason) assert.equal(e.details.reason, reason, res.text);
  }
  return e;
}

// Asserts that fn (async) is refused and stores no point and appends no event.
async function nothingStored(fn) {
  const before = [points(), events()];
  const r = await fn();
  assert.deepEqual([points(), events()], before, `stored something: ${r.text}`);
  return r;
}

// The month of data: day d (30..1 before now) -> the values of the indicators that day.
function dayValues(d) {
  return {
    customers: d > 20 ? 1200 : d > 10 ? 1650 : d > 5 ? 2100 : 1500,
    max_transaction_fen: d === 15 ? 5500000 : 3000000,
    max_investor_exposure_fen: 10000000,
    daily_volume_fen: 100000000,
    complaints: d === 25 ? 3 : d === 24 ? 4 : d === 23 ? 0 : 1,
    availability_pct: d === 12 ? 99.2 : d === 8 ? 99.3 : d === 7 ? 99.35 : 99.9,
    security_events: 0,
  };
}
const batchOf = (days) => ({
  points: days.flatMap((d) => Object.entries(dayValues(d)).map(([indicator, value]) => ({ indicator, at: dayAt(d), value }))),
});
const range = (from, to) => Array.from({ length: from - to + 1 }, (_, i) => from - i); // from down to to
const opened = (r) => r.json.alerts_opened.map((a) => [a.indicator, a.level, a.value, a.threshold, a.at]);

describe('risk indicators, API tokens, ingestion and alerts (§4.3)', () => {
  before(async () => {
    demo = await demoPilot({ users: ['quanzhi-tech', 'haigang-sec', 'expert1'], args: ['--scheduler-interval', '0'] });
    s = demo.server;
    file = demo.db.slice('sqlite:'.length);
    Object.assign(tok, demo.token);
    P = demo.launched;
    C = demo.coaching;
    setClock(NOW);
    // the lead applicant of each project, by its institution (GET /api/v1/projects/{id})
    const me = {};
    for (const u of ['shenlan-tech', 'quancheng-sec', 'quanzhi-tech', 'haigang-sec']) {
      const r = await call(u, 'GET', '/api/v1/session');
      me[u] = r.json.user.institution_id;
    }
    for (const [key, pid] of [['pilot', P], ['coaching', C]]) {
      const r = await call('officer', 'GET', `/api/v1/projects/${pid}`);
      assert.equal(r.status, 200, r.text);
      const byInst = (m) => Object.keys(me).find((u) => me[u] === m.institution_id);
      lead[key] = byInst(r.json.members.find((m) => m.lead));
      if (key === 'pilot') lead.partner = byInst(r.json.members.find((m) => !m.lead));
    }
    assert.ok(lead.pilot && lead.partner && lead.coaching, JSON.stringify(lead));
  });
  after(() => demo?.stop());

  test('the launch created the pilot\'s standard indicators from its test boundaries (§4.3)', async () => {
    const p = (await call('officer', 'GET', `/api/v1/projects/${P}`)).json;
    const tb = p.test_boundaries;
    const r = await call('officer', 'GET', `/api/v1/projects/${P}/indicators`);
    assert.equal(r.status, 200, r.text);
    const by = Object.fromEntries(r.json.items.map((i) => [i.key, i]));
    assert.deepEqual(Object.keys(by), STANDARD_INDICATORS);
    const limits = (k) => [by[k].direction, by[k].warn, by[k].breach, by[k].unit];
    assert.deepEqual(limits('customers'), ['above', tb.customer_cap * 0.8, tb.customer_cap, 'count']);
    assert.deepEqual(limits('max_transaction_fen'), ['above', tb.per_transaction_limit_fen * 0.8, tb.per_transaction_limit_fen, 'fen']);
    assert.deepEqual(limits('max_investor_exposure_fen'), ['above', tb.per_investor_limit_fen * 0.8, tb.per_investor_limit_fen, 'fen']);
    const ceiling = tb.customer_cap * tb.per_transaction_limit_fen;
    assert.deepEqual(limits('daily_volume_fen'), ['above', ceiling * 0.8, ceiling, 'fen']);
    assert.deepEqual(limits('complaints'), ['above', 2, 5, 'count']);
    assert.deepEqual(limits('availability_pct'), ['below', 99.5, 99, 'percent']);
    assert.deepEqual(limits('security_events'), ['above', 0, 1, 'count']);
    for (const i of r.json.items) {
      assert.equal(i.stale_after_s, 2 * 86400);
      assert.equal(i.standard, true);
      assert.equal(i.level, 'normal');
      assert.equal(i.last_value, null);
      assert.equal(i.last_at, null);
    }
    // each an indicator.created event of the launch's approval, in the project's history
    const ev = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.kind === 'indicator.created');
    assert.deepEqual(ev.map((e) => e.payload.key), Object.keys(by));
    const launch = (await eventsOf(s, tok.officer, `project:${P}`)).find((e) => e.kind === 'project.launch');
    assert.ok(ev.every((e) => e.actor === launch.actor && e.seq < launch.seq));
    assert.deepEqual(ev[0].payload, { indicator_id: by.customers.id, key: 'customers', name: 'Customers', unit: 'count', direction: 'above', warn: tb.customer_cap * 0.8, breach: tb.customer_cap, stale_after_s: 172800, standard: true });
  });

  test('who reads them: the working group, the members, the CSRC; not others, not coaching', async () => {
    for (const u of ['officer', 'leader', 'csrc', lead.pilot, lead.partner]) {
      const r = await call(u, 'GET', `/api/v1/projects/${P}/indicators`);
      assert.equal(r.status, 200, `${u}: ${r.text}`);
      assert.equal(r.json.items.length, 7);
    }
    assertError(await call('haigang-sec', 'GET', `/api/v1/projects/${P}/indicators`), 404, 'not_found');
    assertError(await call('expert1', 'GET', `/api/v1/projects/${P}/indicators`), 403, 'forbidden');
    assertError(await call('admin', 'GET', `/api/v1/projects/${P}/alerts`), 403, 'forbidden');
    // §3.3: a coaching project runs no live business, so it has no indicators
    assertError(await call('officer', 'GET', `/api/v1/projects/${C}/indicators`), 422, 'coaching_no_live_business');
    assertError(await call(lead.coaching, 'GET', `/api/v1/projects/${C}/alerts`), 422, 'coaching_no_live_business');
    assert.equal(count(`SELECT count(*) FROM indicators WHERE project_id = ${C}`), 0);
  });

  test('API tokens: the lead institution creates one, its secret shown once and kept only as SHA-256', async () => {
    // the partner is a member but not the lead (§3.2); an outsider does not see the project
    assertError(await call(lead.partner, 'POST', `/api/v1/projects/${P}/tokens`, { name: '核心系统' }), 403, 'not_lead');
    assertError(await call('haigang-sec', 'POST', `/api/v1/projects/${P}/tokens`, { name: 'x' }), 404, 'not_found');
    assertError(await call('officer', 'POST', `/api/v1/projects/${P}/tokens`, { name: 'x' }), 403, 'forbidden');
    assertError(await call(lead.coaching, 'POST', `/api/v1/projects/${C}/tokens`, { name: 'x' }), 422, 'coaching_no_live_business');
    assertError(await call(lead.pilot, 'POST', `/api/v1/projects/${P}/tokens`, {}), 400, 'missing_field', 'name');
    // the answer holds the secret: no Idempotency-Key record may keep it
    assertError(
      await call(lead.pilot, 'POST', `/api/v1/projects/${P}/tokens`, { name: 'x' }, { 'Idempotency-Key': 't-1' }),
      400,
      'idempotency_unsupported',
      'Idempotency-Key',
    );
    const r = await call(lead.pilot, 'POST', `/api/v1/projects/${P}/tokens`, { name: '核心业务系统' });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.token, /^bti_[0-9a-f]{64}$/);
    assert.equal(r.json.prefix, r.json.token.slice(0, 12));
    assert.equal(r.json.name, '核心业务系统');
    assert.equal(r.json.last_used_at, null);
    ingestToken = { id: r.json.id, token: r.json.token };
    const sha = createHash('sha256').update(r.json.token).digest('hex');
    assert.equal(q(`SELECT token_hash FROM api_tokens WHERE id = ${r.json.id}`), sha);
    const secret = r.json.token.slice(4);
    assert.equal(count(`SELECT count(*) FROM events WHERE payload LIKE '%${secret}%'`), 0);
    assert.equal(count(`SELECT count(*) FROM api_tokens WHERE token_hash LIKE '%${secret}%' OR prefix LIKE '%${secret}%'`), 0);
    const ev = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.kind === 'api_token.created');
    assert.deepEqual(ev.map((e) => e.payload), [{ token_id: r.json.id, name: '核心业务系统' }]);
    // the list has no secret
    const list = await call(lead.pilot, 'GET', `/api/v1/projects/${P}/tokens`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.items.length, 1);
    assert.equal(list.json.items[0].token, undefined);
    assert.ok(!list.text.includes(secret));
    assertError(await call(lead.partner, 'GET', `/api/v1/projects/${P}/tokens`), 403, 'not_lead');
    // the token is no session: it opens nothing but the ingestion of its project
    assertError(await api(s, 'GET', `/api/v1/projects/${P}/indicators`, { token: ingestToken.token }), 401, 'unauthenticated');
    assertError(await api(s, 'GET', '/api/v1/session', { token: ingestToken.token }), 401, 'unauthenticated');
  });

  test('a month of points in weekly batches raises exactly the crossings: one alert per rise', async () => {
    // week 1 (days 30-24): complaints rise to 3 on day 25 (warning), 4 on day 24 is the same crossing
    let r = await ingest(ingestToken.token, batchOf(range(30, 24)));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.stored, 49);
    assert.deepEqual(opened(r), [['complaints', 'warning', 3, 2, dayAt(25)]]);
    assert.deepEqual(r.json.alerts_resolved, []);
    // week 2 (days 23-17) with an Idempotency-Key: customers cross the warning on day 20
    const week2 = batchOf(range(23, 17));
    r = await ingest(ingestToken.token, week2, { 'Idempotency-Key': 'week-2' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(opened(r), [['customers', 'warning', 1650, 1600, dayAt(20)]]);
    // the retry stores nothing again and answers as the first time
    const n = [points(), events()];
    const again = await ingest(ingestToken.token, week2, { 'Idempotency-Key': 'week-2' });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.text, r.text);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual([points(), events()], n);
    // a retry without the key is refused: the first point's time is stored already
    refusedIngest(await nothingStored(() => ingest(ingestToken.token, week2)), 422, 'invalid_point', 'points[0].at', 0, 'duplicate');
    // week 3 (days 16-10): the largest transaction jumps past its limit on day 15 (a breach at
    // once, no warning), availability falls under 99.5 on day 12, customers breach on day 10
    r = await ingest(ingestToken.token, batchOf(range(16, 10)));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(opened(r), [
      ['customers', 'breach', 2100, 2000, dayAt(10)],
      ['max_transaction_fen', 'breach', 5500000, 5000000, dayAt(15)],
      ['availability_pct', 'warning', 99.2, 99.5, dayAt(12)],
    ]);
    const ind = Object.fromEntries((await call('officer', 'GET', `/api/v1/projects/${P}/indicators`)).json.items.map((i) => [i.key, i]));
    assert.equal(ind.customers.level, 'breach');
    assert.equal(ind.customers.last_value, 2100);
    assert.equal(ind.customers.last_at, dayAt(10));
    assert.equal(ind.max_transaction_fen.level, 'normal');
    assert.equal(ind.availability_pct.level, 'normal');
    assert.equal(ind.customers.open_alerts, 2);
  });

  test('the working group acknowledges and resolves an alert, each with who and why', async () => {
    const list = await call('officer', 'GET', `/api/v1/projects/${P}/alerts?status=open`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.items.length, 5);
    const avail = list.json.items.find((a) => a.indicator === 'availability_pct');
    assert.equal(avail.status, 'open');
    assert.equal(avail.at, dayAt(12));
    const path = (verb) => `/api/v1/alerts/${avail.id}/${verb}`;
    // the working group's only; a reason is required
    assertError(await call(lead.pilot, 'POST', path('acknowledge'), { reason: 'x' }), 403, 'forbidden');
    assertError(await call('csrc', 'POST', path('acknowledge'), { reason: 'x' }), 403, 'forbidden');
    assertError(await call('officer', 'POST', path('acknowledge'), {}), 400, 'missing_field', 'reason');
    assertError(await call('officer', 'POST', '/api/v1/alerts/999999/acknowledge', { reason: 'x' }), 404, 'not_found');
    let r = await call('officer', 'POST', path('acknowledge'), { reason: '已电话联系机构，核查机房切换' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'acknowledged');
    assert.equal(r.json.acknowledge_reason, '已电话联系机构，核查机房切换');
    assertError(await call('officer', 'POST', path('acknowledge'), { reason: '再次' }), 409, 'invalid_state');
    r = await call('leader', 'POST', path('resolve'), { reason: '机构已说明原因并完成整改' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'resolved');
    assertError(await call('officer', 'POST', path('resolve'), { reason: '再次' }), 409, 'invalid_state');
    const ev = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.payload?.alert_id === avail.id);
    assert.deepEqual(
      ev.map((e) => [e.kind, e.reason]),
      [
        ['alert.opened', null],
        ['alert.acknowledged', '已电话联系机构，核查机房切换'],
        ['alert.resolved', '机构已说明原因并完成整改'],
      ],
    );
    assert.equal(ev[1].actor, `user:${(await call('officer', 'GET', '/api/v1/session')).json.user.id}`);
    const resolved = await call(lead.pilot, 'GET', `/api/v1/projects/${P}/alerts?status=resolved`);
    assert.deepEqual(resolved.json.items.map((a) => a.id), [avail.id]);
    assertError(await call('officer', 'GET', `/api/v1/projects/${P}/alerts?status=closed`), 400, 'invalid_value', 'status');
  });

  test('after going back to normal a new crossing opens a new alert; the lead\'s session sends points too', async () => {
    // week 4 (days 9-3): availability is back at 99.9 since day 11 and falls to 99.3 on day 8
    // (the first alert was resolved, so this new crossing opens a new one); 99.35 on day 7 is
    // the same crossing; customers go back under the warning on day 5
    let r = await ingest(tok[lead.pilot], batchOf(range(9, 3)));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(opened(r), [['availability_pct', 'warning', 99.3, 99.5, dayAt(8)]]);
    // in the history a fraction is its exact decimal text, never a floating-point number, so
    // that the exported chain verifies in any language
    const event = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.kind === 'alert.opened').at(-1);
    assert.deepEqual([event.payload.indicator, event.payload.value, event.payload.threshold], ['availability_pct', '99.3', '99.5']);
    const exported = await runCli(['audit', 'export', '--db', demo.db]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.ok(!/[:,[]-?\d+\.\d+[,}\]]/.test(exported.stdout), 'a floating-point number in the export');
    verifyExport(exported.stdout);
    // week 5 (days 2-1) through the token: nothing crosses
    r = await ingest(ingestToken.token, batchOf(range(2, 1)));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(opened(r), []);
    assert.equal(count(`SELECT count(*) FROM metric_points mp JOIN indicators i ON i.id = mp.indicator_id WHERE i.project_id = ${P}`), 30 * 7);
    // 7 crossings in all, each one alert
    const all = await call('officer', 'GET', `/api/v1/projects/${P}/alerts`);
    assert.deepEqual(
      all.json.items.map((a) => [a.indicator, a.level, a.at]).sort(),
      [
        ['availability_pct', 'warning', dayAt(12)],
        ['availability_pct', 'warning', dayAt(8)],
        ['complaints', 'warning', dayAt(25)],
        ['customers', 'breach', dayAt(10)],
        ['customers', 'warning', dayAt(20)],
        ['max_transaction_fen', 'breach', dayAt(15)],
      ].sort(),
    );
    // attribution: the token's uses (last_used_at, token_id and actor), the session's none
    const ev = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.kind === 'metrics.ingested');
    assert.deepEqual(
      ev.map((e) => [e.actor, e.payload.token_id ?? null, e.payload.stored]),
      [
        [`token:${ingestToken.id}`, ingestToken.id, 49],
        [`token:${ingestToken.id}`, ingestToken.id, 49],
        [`token:${ingestToken.id}`, ingestToken.id, 49],
        [`user:${(await call(lead.pilot, 'GET', '/api/v1/session')).json.user.id}`, null, 49],
        [`token:${ingestToken.id}`, ingestToken.id, 14],
      ],
    );
    assert.deepEqual(ev[0].payload.indicator_points, Object.fromEntries(Object.keys(dayValues(1)).map((k) => [k, 7])));
    const t = (await call(lead.pilot, 'GET', `/api/v1/projects/${P}/tokens`)).json.items[0];
    assert.ok(t.last_used_at >= NOW * 1000, JSON.stringify(t));
    assert.equal(count(`SELECT count(*) FROM metric_points WHERE token_id = ${ingestToken.id}`), 30 * 7 - 49);
  });

  test('every refusal names the first bad point by its index and stores nothing', async () => {
    const good = (i) => ({ indicator: 'customers', at: iso(NOW - (40 + i) * HOUR), value: 1000 + i });
    const withBad = (index, bad) => ({ points: [0, 1, 2, 3, 4].map((i) => (i === index ? { ...good(i), ...bad } : good(i))) });
    const T = ingestToken.token;
    const p = (await call('officer', 'GET', `/api/v1/projects/${P}`)).json;
    const cases = [
      [withBad(2, { indicator: 'no_such_key' }), 'points[2].indicator', 2, 'unknown_indicator'],
      [withBad(1, { value: 'NaN' }), 'points[1].value', 1, 'not_finite'],
      [withBad(4, { value: 'Infinity' }), 'points[4].value', 4, 'not_finite'],
      [withBad(0, { value: '12' }), 'points[0].value', 0, 'not_a_number'],
      [withBad(3, { value: 1e13 }), 'points[3].value', 3, 'out_of_range'],
      [withBad(3, { at: iso(NOW + HOUR) }), 'points[3].at', 3, 'in_future'],
      [withBad(1, { at: iso(cstDayStartUs(p.launched_on) / 1000 - 1000) }), 'points[1].at', 1, 'before_launch'],
      [withBad(2, { at: '2026-01-05 08:00' }), 'points[2].at', 2, 'invalid_time'],
      [withBad(2, { extra: 1 }), 'points[2].extra', 2, 'unknown_field'],
      [{ points: [good(0), 'x'] }, 'points[1]', 1, 'not_an_object'],
      [{ points: [good(0), { indicator: 'customers', at: iso(NOW - HOUR) }] }, 'points[1].value', 1, 'missing'],
      [{ points: [good(0), good(1), good(0)] }, 'points[2].at', 2, 'duplicate'],
      [{ points: [good(0), { ...good(1), at: dayAt(3) }] }, 'points[1].at', 1, 'duplicate'], // stored already
      // the first bad point answers, whatever comes after it
      [{ points: [good(0), { ...good(1), at: iso(NOW + DAY) }, { ...good(2), indicator: 'x' }] }, 'points[1].at', 1, 'in_future'],
    ];
    for (const [body, field, index, reason] of cases) {
      const r = await nothingStored(() => ingest(T, body));
      await refusedIngest(r, 422, 'invalid_point', field, index, reason);
    }
    // more than 10,000 points: refused as a whole, the first one too many named
    const many = { points: Array.from({ length: 10001 }, (_, i) => ({ indicator: 'complaints', at: iso(NOW - 60 * DAY + i * 60000), value: 0 })) };
    const e = await refusedIngest(await nothingStored(() => ingest(T, many)), 422, 'too_many_points', 'points', 10000);
    assert.equal(e.details.max, 10000);
    // JSON has no infinity: a literal past the double range is malformed JSON
    assertError(
      await nothingStored(() => ingest(T, '{"points":[{"indicator":"customers","at":"2026-01-05T08:00:00Z","value":1e999}]}')),
      400,
      'malformed_json',
    );
    assertError(await nothingStored(() => ingest(T, { points: [] })), 400, 'invalid_value', 'points');
    assertError(await nothingStored(() => ingest(T, { points: {} })), 400, 'invalid_type', 'points');
    // a refusal with an Idempotency-Key keeps nothing: the corrected batch goes through with it
    let r = await nothingStored(() => ingest(T, withBad(2, { indicator: 'nope' }), { 'Idempotency-Key': 'fix-me' }));
    assert.equal(r.status, 422);
    r = await ingest(T, withBad(-1, {}), { 'Idempotency-Key': 'fix-me' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.stored, 5);
  });

  test('who may send: the lead only, a live pilot only, a token only for its own project', async () => {
    const body = { points: [{ indicator: 'customers', at: iso(NOW - 30 * 60000), value: 1500 }] };
    // another institution's project: not seen at all; the partner: not the lead (§3.2)
    assertError(await nothingStored(() => ingest(tok['haigang-sec'], body)), 404, 'not_found');
    assertError(await nothingStored(() => ingest(tok[lead.partner], body)), 403, 'not_lead');
    assertError(await nothingStored(() => ingest(tok.officer, body)), 403, 'forbidden');
    // §3.3: the coaching project's lead may not send live-business data
    assertError(await nothingStored(() => ingest(tok[lead.coaching], body, {}, C)), 422, 'coaching_no_live_business');
    // a project that is not under supervision: 409
    const row = q(
      `SELECT p.id || '|' || u.username FROM projects p JOIN project_members m ON m.project_id = p.id AND m.lead = 1 ` +
        `JOIN users u ON u.institution_id = m.institution_id WHERE p.state IN ('draft', 'submitted', 'accepted', 'public_notice') ORDER BY p.id LIMIT 1`,
    );
    const [other, otherLead] = row.split('|');
    const ol = await login(s, otherLead, DEMO_PASSWORD);
    assertError(await nothingStored(() => ingest(ol.token, body, {}, other)), 409, 'invalid_state');
    // the token of the pilot on the coaching project's ingestion: no credential there
    assertError(await nothingStored(() => ingest(ingestToken.token, body, {}, C)), 401, 'invalid_token');
    assertError(await nothingStored(() => ingest(`bti_${'0'.repeat(64)}`, body)), 401, 'invalid_token');
    // revoked: refused from then on, and a revoked token stays on the list
    const t2 = await call(lead.pilot, 'POST', `/api/v1/projects/${P}/tokens`, { name: '备用' });
    assert.equal(t2.status, 201, t2.text);
    assertError(await call(lead.partner, 'DELETE', `/api/v1/projects/${P}/tokens/${t2.json.id}`), 403, 'not_lead');
    assertError(await call(lead.pilot, 'DELETE', `/api/v1/projects/${P}/tokens/999999`), 404, 'not_found', 'token_id');
    const rv = await call(lead.pilot, 'DELETE', `/api/v1/projects/${P}/tokens/${t2.json.id}`);
    assert.equal(rv.status, 200, rv.text);
    assert.ok(rv.json.revoked_at > 0);
    assertError(await call(lead.pilot, 'DELETE', `/api/v1/projects/${P}/tokens/${t2.json.id}`), 409, 'already_revoked', 'token_id');
    assertError(await nothingStored(() => ingest(t2.json.token, body)), 401, 'invalid_token');
    const ev = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.kind === 'api_token.revoked');
    assert.deepEqual(ev.map((e) => e.payload), [{ token_id: t2.json.id }]);
    // the working token still works
    const ok = await ingest(ingestToken.token, body);
    assert.equal(ok.status, 201, ok.text);
  });

  test('points are read back a page at a time, keyset on time', async () => {
    const base = `/api/v1/projects/${P}/metrics?indicator=customers`;
    let r = await call(lead.partner, 'GET', `${base}&from=${dayAt(30)}&to=${dayAt(20)}&limit=4`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items, range(30, 27).map((d) => ({ at: dayAt(d), value: 1200 })));
    assert.equal(r.json.next, dayAt(27));
    const seen = [...r.json.items];
    while (r.json.next) {
      r = await call(lead.partner, 'GET', `${base}&from=${dayAt(30)}&to=${dayAt(20)}&limit=4&after=${r.json.next}`);
      seen.push(...r.json.items);
    }
    // [from, to): day 20 is not in
    assert.deepEqual(seen.map((x) => x.at), range(30, 21).map(dayAt));
    r = await call('csrc', 'GET', `/api/v1/projects/${P}/metrics?indicator=availability_pct&from=${dayAt(12)}&to=${dayAt(11)}`);
    assert.deepEqual(r.json, { items: [{ at: dayAt(12), value: 99.2 }], next: null });
    assertError(await call('officer', 'GET', `/api/v1/projects/${P}/metrics`), 400, 'missing_field', 'indicator');
    assertError(await call('officer', 'GET', `/api/v1/projects/${P}/metrics?indicator=nope`), 404, 'not_found', 'indicator');
    assertError(await call('officer', 'GET', `${base}&from=yesterday`), 400, 'invalid_value', 'from');
    assertError(await call('officer', 'GET', `${base}&limit=201`), 400, 'invalid_value', 'limit');
    assertError(await call('haigang-sec', 'GET', base), 404, 'not_found');
    assertError(await call('expert1', 'GET', base), 403, 'forbidden');
  });

  test('officers and leaders change thresholds with a reason; a threshold moved past the last value is a crossing', async () => {
    const path = `/api/v1/projects/${P}/indicators/customers`;
    assertError(await call(lead.pilot, 'PATCH', path, { warn: 1400, reason: 'x' }), 403, 'forbidden');
    assertError(await call('officer', 'PATCH', path, { warn: 1400 }), 400, 'missing_field', 'reason');
    assertError(await call('officer', 'PATCH', path, { warn: 2500, reason: '调整' }), 422, 'thresholds_out_of_order', 'warn');
    assertError(await call('officer', 'PATCH', `/api/v1/projects/${P}/indicators/nope`, { warn: 1, reason: 'x' }), 404, 'not_found', 'key');
    assertError(await call('officer', 'PATCH', path, { reason: '只有理由' }), 400, 'missing_field');
    // customers went back to normal (1500) after their warning and breach; once those are
    // resolved, a warning moved to 1400 under the last value is a new crossing
    const mine = (await call('officer', 'GET', `/api/v1/projects/${P}/alerts?status=open`)).json.items.filter((a) => a.indicator === 'customers');
    assert.equal(mine.length, 2);
    for (const a of mine) assert.equal((await call('officer', 'POST', `/api/v1/alerts/${a.id}/resolve`, { reason: '客户数已回落' })).status, 200);
    const r = await call('officer', 'PATCH', path, { warn: 1400, reason: '客户增长过快，提前预警' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.warn, 1400);
    assert.equal(r.json.breach, 2000);
    assert.equal(r.json.level, 'warning');
    const ev = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.kind === 'indicator.changed');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].reason, '客户增长过快，提前预警');
    assert.deepEqual([ev[0].payload.key, ev[0].payload.warn, ev[0].payload.before.warn], ['customers', 1400, 1600]);
    const open = (await call('officer', 'GET', `/api/v1/projects/${P}/alerts?status=open`)).json.items;
    const w = open.find((a) => a.indicator === 'customers' && a.level === 'warning' && a.threshold === 1400);
    assert.ok(w, JSON.stringify(open));
    assert.equal(w.value, 1500);
    // a leader may change a staleness interval; null unsets a threshold
    const l = await call('leader', 'PATCH', `/api/v1/projects/${P}/indicators/security_events`, { warn: null, reason: '任何安全事件即为突破' });
    assert.equal(l.status, 200, l.text);
    assert.equal(l.json.warn, null);
    assertError(await call(lead.coaching, 'GET', `/api/v1/projects/${C}/indicators`), 422, 'coaching_no_live_business');
  });

  test('a custom indicator from the working group', async () => {
    const path = `/api/v1/projects/${P}/indicators`;
    const body = { key: 'settlement_delay_ms', name: '结算延迟', unit: 'ms', direction: 'above', warn: 500, breach: 2000, reason: '新增结算时效监测' };
    assertError(await call(lead.pilot, 'POST', path, body), 403, 'forbidden');
    assertError(await call('officer', 'POST', path, { ...body, key: 'Bad-Key' }), 400, 'invalid_value', 'key');
    assertError(await call('officer', 'POST', path, { ...body, direction: 'sideways' }), 400, 'invalid_value', 'direction');
    assertError(await call('officer', 'POST', path, { ...body, stale_after_s: 10 }), 400, 'invalid_value', 'stale_after_s');
    assertError(await call('officer', 'POST', `/api/v1/projects/${C}/indicators`, body), 422, 'coaching_no_live_business');
    const r = await call('officer', 'POST', path, body);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(
      [r.json.key, r.json.name, r.json.unit, r.json.warn, r.json.breach, r.json.standard, r.json.stale_after_s],
      ['settlement_delay_ms', '结算延迟', 'ms', 500, 2000, false, 172800],
    );
    assertError(await call('officer', 'POST', path, body), 409, 'indicator_exists', 'key');
    const ev = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.kind === 'indicator.created' && e.payload.key === 'settlement_delay_ms');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].reason, '新增结算时效监测');
    const sent = await ingest(ingestToken.token, { points: [{ indicator: 'settlement_delay_ms', at: iso(NOW - 10 * 60000), value: 2500.5 }] });
    assert.equal(sent.status, 201, sent.text);
    assert.deepEqual(opened(sent), [['settlement_delay_ms', 'breach', 2500.5, 2000, iso(NOW - 10 * 60000)]]);
  });

  test('silence past the staleness interval opens one stale alert per indicator, even with two schedulers', async () => {
    // three days on: every indicator's newest point is more than two days old
    setClock(NOW + 3 * DAY);
    // sessions last 12 hours: log in again on the new day
    for (const u of Object.keys(tok)) tok[u] = (await login(s, u, DEMO_PASSWORD)).token;
    // this pilot's (the demo's other running pilot has a silent feed of its own)
    const ofP = `a JOIN indicators i ON i.id = a.indicator_id WHERE i.project_id = ${P} AND a.level = 'stale'`;
    const stale = () => count(`SELECT count(*) FROM alerts ${ofP}`);
    assert.equal(stale(), 0);
    const nodes = [];
    try {
      for (let i = 0; i < 2; i++) nodes.push(await startServer(demo.db, ['--scheduler-interval', '50'], { env: demo.clock.env }));
      await waitFor(() => stale() === 8, { what: 'a stale alert for each of the 8 indicators' });
      await new Promise((r) => setTimeout(r, 500)); // more passes of both schedulers
    } finally {
      for (const n of nodes) await n.stopClean();
    }
    assert.equal(stale(), 8);
    const ev = (await eventsOf(s, tok.officer, `project:${P}`)).filter((e) => e.kind === 'alert.opened' && e.payload.level === 'stale');
    assert.equal(ev.length, 8);
    assert.ok(ev.every((e) => e.actor === 'system'));
    const ind = Object.fromEntries((await call('officer', 'GET', `/api/v1/projects/${P}/indicators`)).json.items.map((i) => [i.key, i]));
    assert.equal(ind.customers.stale, true);
    // data coming back resolves the stale alert of that indicator (by the system, with why)
    const r = await ingest(ingestToken.token, { points: [{ indicator: 'customers', at: iso(NOW + 3 * DAY - HOUR), value: 1500 }] });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.alerts_resolved.map((a) => [a.indicator, a.level]), [['customers', 'stale']]);
    const al = (await call('officer', 'GET', `/api/v1/projects/${P}/alerts?status=resolved`)).json.items.find((a) => a.level === 'stale');
    assert.equal(al.resolved_by, 'system');
    assert.match(al.resolve_reason, /staleness interval/);
    assert.equal(count(`SELECT count(*) FROM alerts ${ofP} AND a.status <> 'resolved'`), 7);
    const after = Object.fromEntries((await call('officer', 'GET', `/api/v1/projects/${P}/indicators`)).json.items.map((i) => [i.key, i]));
    assert.equal(after.customers.stale, false);
    assert.equal(after.complaints.stale, true);
  });

  test('the older monthly figures body of the same endpoint works as before', async () => {
    const fig = { period: '2026-10', customers: 1286, transactions: 5410, volume_fen: 2365000000, complaints: 2 };
    const r = await call(lead.pilot, 'POST', `/api/v1/projects/${P}/metrics`, fig, { 'Idempotency-Key': 'oct-figures' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.customers, 1286);
    assert.ok(r.json.metrics_id > 0);
    assertError(await call(lead.pilot, 'POST', `/api/v1/projects/${P}/metrics`, { ...fig, period: '2026-13' }), 400, 'invalid_value', 'period');
    assertError(await call(lead.coaching, 'POST', `/api/v1/projects/${C}/metrics`, fig), 422, 'coaching_no_live_business');
  });

  test('pages: the project page charts each indicator as SVG with its thresholds, alerts and a table', async () => {
    const o = await login(s, 'officer', DEMO_PASSWORD);
    const r = await getPage(s, `/projects/${P}`, o.cookie);
    assert.equal(r.status, 200);
    const sec = r.text.slice(r.text.indexOf('id="indicators"'));
    assert.ok(sec.length > 0);
    const svgs = sec.match(/<svg class="chart"[^>]*>/g);
    assert.equal(svgs.length, 8);
    assert.ok(svgs.every((t) => /role="img"/.test(t) && /aria-labelledby="chart-[a-z_]+-t chart-[a-z_]+-d"/.test(t)));
    assert.ok(/<title id="chart-customers-t">/.test(sec), 'expected /<title id="chart-customers-t">/');
    assert.ok(/<desc id="chart-customers-d">[^<]+<\/desc>/.test(sec), 'expected /<desc id="chart-customers-d">[^<]+<\/desc>/');
    assert.ok(/data-threshold="warn"/.test(sec), 'expected /data-threshold="warn"/');
    assert.ok(/data-threshold="breach"/.test(sec), 'expected /data-threshold="breach"/');
    assert.ok(/class="alert-mark" data-level="breach"/.test(sec), 'expected /class="alert-mark" data-level="breach"/');
    assert.ok(/class="alert-mark" data-level="stale"/.test(sec), 'expected /class="alert-mark" data-level="stale"/');
    assert.ok(/<tr data-indicator="customers">/.test(sec), 'expected /<tr data-indicator="customers">/');
    assert.ok(!/<script/.test(r.text), 'unexpected /<script/');
    // the coaching project has no such section; an outsider sees no project at all
    const c = await getPage(s, `/projects/${C}`, o.cookie);
    assert.ok(!/id="indicators"/.test(c.text), 'unexpected /id="indicators"/');
    const csrc = await login(s, 'csrc', DEMO_PASSWORD);
    assert.ok(/id="indicators"/.test((await getPage(s, `/projects/${P}`, csrc.cookie)).text));
    // the indicators page: thresholds, the working group's forms
    const ip = await getPage(s, `/projects/${P}/indicators`, o.cookie);
    assert.equal(ip.status, 200);
    assert.ok(/action="\/projects\/\d+\/indicators\/customers"/.test(ip.text), 'expected /action="\/projects\/\d+\/indicators\/customers"/');
    const lp = await login(s, lead.pilot, DEMO_PASSWORD);
    const li = await getPage(s, `/projects/${P}/indicators`, lp.cookie);
    assert.equal(li.status, 200);
    assert.ok(!/action="\/projects\/\d+\/indicators\/customers"/.test(li.text), 'unexpected /action="\/projects\/\d+\/indicators\/customers"/');
  });

  test('pages: officers acknowledge and resolve alerts in forms (CSRF); the lead manages tokens', async () => {
    const o = await login(s, 'officer', DEMO_PASSWORD);
    const page = await getPage(s, `/projects/${P}/alerts?status=open`, o.cookie);
    assert.equal(page.status, 200);
    const id = Number(/<tr id="alert-(\d+)" data-level="stale" data-status="open"/.exec(page.text)[1]);
    // without the CSRF token: refused
    let r = await postForm(s, `/alerts/${id}/acknowledge`, { reason: 'x', project: String(P) }, { headers: { Cookie: o.cookie } });
    assert.equal(r.status, 403);
    r = await postForm(s, `/alerts/${id}/acknowledge`, { reason: '已通知机构补报数据', project: String(P) }, { who: o });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `/projects/${P}/alerts#alert-${id}`);
    r = await postForm(s, `/alerts/${id}/acknowledge`, { reason: '再次', project: String(P) }, { who: o });
    assert.equal(r.status, 409);
    assert.ok(/data-code="invalid_state"/.test(r.text), 'expected /data-code="invalid_state"/');
    r = await postForm(s, `/alerts/${id}/resolve`, { reason: '机构已补报', project: String(P) }, { who: o });
    assert.equal(r.status, 303);
    const a = (await call('officer', 'GET', `/api/v1/projects/${P}/alerts?status=resolved`)).json.items.find((x) => x.id === id);
    assert.equal(a.resolve_reason, '机构已补报');
    // the institution sees the alerts without the forms
    const lp = await login(s, lead.pilot, DEMO_PASSWORD);
    const li = await getPage(s, `/projects/${P}/alerts`, lp.cookie);
    assert.equal(li.status, 200);
    assert.ok(!/action="\/alerts\//.test(li.text), 'unexpected /action="\/alerts\//');
    // tokens: the page, a new token shown once, revoked by its form
    const tp = await getPage(s, `/projects/${P}/tokens`, lp.cookie);
    assert.equal(tp.status, 200);
    assert.ok(!tp.text.includes(ingestToken.token.slice(4)));
    r = await postForm(s, `/projects/${P}/tokens`, { name: '报送网关' }, { who: lp });
    assert.equal(r.status, 200);
    const secret = /<code class="secret" data-token>(bti_[0-9a-f]{64})<\/code>/.exec(r.text)[1];
    const tid = Number(q(`SELECT id FROM api_tokens WHERE name = '报送网关'`));
    assert.equal(q(`SELECT token_hash FROM api_tokens WHERE id = ${tid}`), createHash('sha256').update(secret).digest('hex'));
    assert.ok(!(await getPage(s, `/projects/${P}/tokens`, lp.cookie)).text.includes(secret.slice(4)));
    r = await postForm(s, `/projects/${P}/tokens/${tid}/revoke`, {}, { who: lp });
    assert.equal(r.status, 303);
    assertError(await ingest(secret, { points: [{ indicator: 'customers', at: iso(NOW), value: 1 }] }), 401, 'invalid_token');
    const partner = await login(s, lead.partner, DEMO_PASSWORD);
    assert.equal((await getPage(s, `/projects/${P}/tokens`, partner.cookie)).status, 403);
    // thresholds by form: yuan on the page, fen in the store
    r = await postForm(s, `/projects/${P}/indicators/max_transaction_fen`, { warn: '45000', breach: '50000', stale_after_h: '48', reason: '按单笔限额九成预警' }, { who: o });
    assert.equal(r.status, 303, r.text);
    const ind = (await call('officer', 'GET', `/api/v1/projects/${P}/indicators`)).json.items.find((i) => i.key === 'max_transaction_fen');
    assert.deepEqual([ind.warn, ind.breach, ind.stale_after_s], [4500000, 5000000, 172800]);
  });
});
