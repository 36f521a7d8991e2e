// The public's write limits (complaints per address per hour, §4.3's channel) are counted in the
// store: two nodes on one database share one count, and a restart forgets nothing. A refused
// filing writes nothing; a filing refused for its content does not count.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { api, assertError, query, runCli, startServer, tempDb } from './lib/harness.mjs';

const { dir, db, file } = tempDb('demo.db');
const clock = join(dir, 'clock');
const env = { BAOTU_CLOCK_FILE: clock };
const nodes = [];
let pilot;

const complaint = (i) => ({
  project_id: pilot,
  name: '张三',
  contact: '13800000000',
  content: `第${i}次投诉：客户经理未说明组合的风险。`,
});
const file_ = (node, body) => api(node, 'POST', '/api/v1/public/complaints', { body: JSON.stringify(body) });
const count = (sql) => Number(query(file, sql));

describe('public write limits held in the store', () => {
  before(async () => {
    writeFileSync(clock, String(Date.UTC(2026, 10, 27, 2, 0, 0) * 1000));
    const r = await runCli(['demo', '--db', db], { env, timeoutMs: 180000 });
    assert.equal(r.code, 0, r.stderr);
    for (let i = 0; i < 2; i++) nodes.push(await startServer(db, ['--scheduler-interval', '0'], { env }));
    const reg = await api(nodes[0], 'GET', '/api/v1/public/pilots');
    assert.equal(reg.status, 200, reg.text);
    pilot = reg.json.items.find((p) => p.state === 'launched')?.project_id;
    assert.ok(pilot, 'the demo has a launched pilot');
  });
  after(async () => {
    for (const s of nodes) await s.stopClean();
  });

  test('five filings from one address across two nodes, then 429 on either; a restart keeps the count', async () => {
    const before = count('SELECT count(*) FROM complaints;');
    for (let i = 0; i < 5; i++) assert.equal((await file_(nodes[i % 2], complaint(i + 1))).status, 201);
    for (const n of nodes) {
      const r = await file_(n, complaint(6));
      assertError(r, 429, 'too_many_complaints');
      const wait = Number(r.headers.get('retry-after'));
      assert.ok(wait > 3000 && wait <= 3600, `Retry-After ${wait}`);
    }
    // a body refused for its content is judged first and does not count
    assertError(await file_(nodes[0], { ...complaint(7), name: '' }), 400, 'missing_field', 'name');
    assert.equal(count('SELECT count(*) FROM complaints;'), before + 5);
    await nodes[0].stopClean();
    nodes[0] = await startServer(db, ['--scheduler-interval', '0'], { env });
    assertError(await file_(nodes[0], complaint(8)), 429, 'too_many_complaints');
    // an hour later the address may file again, on either node
    writeFileSync(clock, String(Date.UTC(2026, 10, 27, 3, 1, 0) * 1000));
    assert.equal((await file_(nodes[1], complaint(9))).status, 201);
    assert.equal(count('SELECT count(*) FROM complaints;'), before + 6);
    // the store keeps only a keyed hash of the address, never the address itself
    assert.equal(count("SELECT count(*) FROM throttle_hits WHERE key LIKE '%127.0.0.1%';"), 0);
    assert.ok(count("SELECT count(*) FROM throttle_hits WHERE key LIKE 'complaint:%';") >= 1);
  });
});
