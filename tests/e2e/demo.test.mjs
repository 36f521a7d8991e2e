// The demo (`baotu demo`): a living pilot with a project in every state of admission, seeded
// through the use cases, so that its history verifies like any other.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, login, runCli, startServer, tempDir } from './lib/harness.mjs';

const STATES = [
  'draft', 'submitted', 'returned', 'accepted', 'in_review', 'selected', 'not_selected',
  'csrc_evaluation', 'csrc_rejected', 'public_notice', 'launched', 'withdrawn', 'coaching',
  'coaching_ended',
  // after launch (§4.4)
  'regular_operation', 'rectifying', 'suspended', 'stopped', 'exiting', 'exited',
];

describe('the demo', () => {
  const dir = tempDir();
  const db = `sqlite:${join(dir, 'demo.db')}`;
  // A fixed day inside the shipped calendar, so that the open notice can always be published.
  const clock = join(dir, 'clock');
  const env = { BAOTU_CLOCK_FILE: clock };
  let s;

  before(async () => {
    writeFileSync(clock, String(Date.UTC(2026, 10, 27, 2, 0, 0) * 1000));
    const r = await runCli(['demo', '--db', db], { env, timeoutMs: 120000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /officer\s+officer/);
    s = await startServer(db, [], { env });
  });
  after(async () => s && (await s.stopClean()));

  test('holds a project in every state, admission and after launch', async () => {
    const { token } = await login(s, 'officer', 'baotu-demo');
    const r = await api(s, 'GET', '/api/v1/projects?limit=200', { token });
    assert.equal(r.status, 200, r.text);
    const states = new Set(r.json.items.map((p) => p.state));
    assert.deepEqual([...states].sort(), [...STATES].sort());
  });

  test('shows an open notice and launched pilots to the public', async () => {
    const n = await api(s, 'GET', '/api/v1/public/notices');
    assert.equal(n.status, 200, n.text);
    assert.ok(n.json.items.length >= 1);
    const p = await api(s, 'GET', '/api/v1/public/pilots');
    assert.equal(p.status, 200, p.text);
    const tracks = p.json.items.map((x) => x.track).sort();
    assert.ok(tracks.includes('pilot') && tracks.includes('coaching'), tracks.join());
  });

  test('registers places in every form as divisions, one with a credit-code warning (§3.1)', async () => {
    const { token } = await login(s, 'officer', 'baotu-demo');
    const r = await api(s, 'GET', '/api/v1/institutions?limit=200', { token });
    assert.equal(r.status, 200, r.text);
    const by = Object.fromEntries(r.json.items.map((i) => [i.name, i]));
    const futures = by['齐鲁期货有限公司']; // seeded as 山东 / 济南 / Jinan
    assert.deepEqual(
      [futures.registered_province, futures.registered_city, futures.main_office_city],
      ['山东省', '济南市', '济南市'],
    );
    assert.equal(futures.main_office_city_code, '370100');
    assert.deepEqual(by['泺源基金销售有限公司'].warnings, [], 'a Laiwu-era code is Jinan');
    const warned = r.json.items.filter((i) => i.warnings.length);
    assert.deepEqual(
      warned.map((i) => [i.name, i.warnings[0].credit_code_city_code, i.warnings[0].acknowledged]),
      [['海岱金融数据服务有限公司', '370200', null]],
    );
    const u = await api(s, 'GET', '/api/v1/places/unmapped', { token });
    assert.deepEqual(u.json.items, []);
  });

  test('a pending decision would not be left behind, and the chain verifies', async () => {
    const { token } = await login(s, 'leader', 'baotu-demo');
    const d = await api(s, 'GET', '/api/v1/decisions?status=pending', { token });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.items.length, 0);
    // the settled ones, newest first, page by page: the leader's record of what was decided
    const first = await api(s, 'GET', '/api/v1/decisions?status=settled&limit=20', { token });
    assert.equal(first.status, 200, first.text);
    const ids = first.json.items.map((x) => x.id);
    assert.equal(ids.length, 20);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.ok(first.json.items.every((x) => x.status !== 'pending'));
    const next = await api(s, 'GET', `/api/v1/decisions?status=settled&limit=20&after=${first.json.next}`, { token });
    assert.ok(next.json.items[0].id < ids.at(-1));
    const v = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });

  test('a second run changes nothing (the demo seeds only once)', async () => {
    const v1 = await runCli(['audit', 'verify', '--db', db]);
    const r = await runCli(['demo', '--db', db], { env });
    assert.equal(r.code, 0, r.stderr);
    const v2 = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v2.stdout, v1.stdout);
  });
});
