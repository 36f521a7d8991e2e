// Crash safety: what baotu acknowledged is never lost, and nothing is ever half-written.
// The demo pilot is served while writers of every kind work at once: an institution drafting
// applications and uploading material versions, the same institution sending risk-indicator
// batches for its launched pilot, the public commenting on a notice, and the working group's
// maker-checker pair (an officer proposes, a leader decides). At a random moment the server is
// killed with SIGKILL, then started again on the same store; every write that had been answered
// 2xx must be there, each batch of points whole or absent, every record with its event, and the
// event chain must verify. BAOTU_CRASH_ROUNDS rounds (3 in `make test`, 25 in `make soak`); on
// PostgreSQL in the PostgreSQL pass.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { api, demoPilot, multipart, query, runCli, startServer } from './lib/harness.mjs';

const ROUNDS = Number(process.env.BAOTU_CRASH_ROUNDS || 3);
const BATCH = 40; // points per metric batch
const KINDS = ['technical_plan', 'risk_assessment', 'emergency_plan', 'exit_plan']; // 50 versions each at most

let d; // demoPilot()
let server; // the server of the current round
let inst; // the drafting institution's id (shenlan-tech, lead of the launched pilot)
let draft; // the round's draft of that institution, whose materials are uploaded again and again
let review; // a project in review: the officer's proposals and the leader's answers
let notice; // the open public notice
const acked = { drafts: [], materials: [], batches: [], comments: [], proposals: [], answers: [] };
const unacked = { batches: [] }; // batches sent and not answered: whole or absent
// metric times: every batch a minute range of its own, in the past (points from the future
// are refused), after the demo's own points
let clockMs = Math.floor(Date.now() / 86400000) * 86400000 - 20 * 86400000;

const pdf = () =>
  Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n% ', 'latin1'), randomBytes(256), Buffer.from('\n%%EOF\n')]);

const as = (user, method, path, body, extra = {}) => api(server, method, path, { token: d.token[user], body, ...extra });
const ok2xx = (r) => r.status >= 200 && r.status < 300;

// One writer: runs STEP until it throws (the server died under it) or the round ends.
async function writer(state, step) {
  while (!state.killed) {
    try {
      await step();
    } catch (e) {
      if (state.killed) return; // the connection died with the server: unacknowledged
      throw e;
    }
  }
}

async function round(n) {
  const state = { killed: false };
  // a pending proposal left by the last kill is answered first, so the officer can propose
  const pending = await as('leader', 'GET', '/api/v1/decisions?status=pending');
  assert.equal(pending.status, 200, pending.text);
  for (const x of pending.json.items.filter((x) => x.project_id === review)) {
    const r = await as('leader', 'POST', `/api/v1/decisions/${x.id}/reject`, { reason: '崩溃后清理' });
    assert.equal(r.status, 200, r.text);
  }
  // a draft of its own each round, whose material versions the uploads add to
  const own = await as('shenlan-tech', 'POST', '/api/v1/projects', {
    name: `崩溃测试材料-${n}`,
    members: [{ institution_id: inst, lead: true, role: '研发' }],
  });
  assert.equal(own.status, 201, own.text);
  draft = own.json.id;
  let i = 0;
  let u = 0;
  const writers = [
    writer(state, async () => {
      const name = `崩溃测试草稿-${n}-${i++}`;
      const r = await as('shenlan-tech', 'POST', '/api/v1/projects', {
        name,
        members: [{ institution_id: inst, lead: true, role: '研发' }],
      });
      assert.equal(r.status, 201, r.text);
      acked.drafts.push({ id: r.json.id, name });
    }),
    writer(state, async () => {
      const m = multipart([
        { name: 'kind', value: KINDS[u++ % KINDS.length] },
        { name: 'file', filename: 'plan.pdf', type: 'application/pdf', data: pdf() },
      ]);
      const r = await as('shenlan-tech', 'POST', `/api/v1/projects/${draft}/materials`, m.body, {
        headers: { 'Content-Type': m.type },
      });
      assert.equal(r.status, 201, r.text);
      acked.materials.push({ id: r.json.id, sha256: r.json.sha256, draft });
    }),
    writer(state, async () => {
      const from = clockMs;
      clockMs += 60000;
      const points = Array.from({ length: BATCH }, (_, k) => ({
        indicator: 'customers',
        at: new Date(from + k * 1000).toISOString(),
        value: 100 + k,
      }));
      const batch = { from, to: from + 59999 };
      unacked.batches.push(batch);
      const r = await as('shenlan-tech', 'POST', `/api/v1/projects/${d.launched}/metrics`, { points });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.stored, BATCH);
      unacked.batches.splice(unacked.batches.indexOf(batch), 1);
      acked.batches.push(batch);
    }),
    writer(state, async () => {
      // the maker-checker pair: a proposal (202), then the leader's answer (200)
      const p = await as('officer', 'POST', `/api/v1/projects/${review}/actions/reject`, {
        reason: `第${n}轮：评审材料不全`,
      });
      assert.equal(p.status, 202, p.text);
      const id = p.json.decision.id;
      acked.proposals.push(id);
      const a = await as('leader', 'POST', `/api/v1/decisions/${id}/reject`, { reason: '退回重议' });
      assert.equal(a.status, 200, a.text);
      acked.answers.push(id);
    }),
  ];
  // one public comment a round (they are limited per address)
  const c = await api(server, 'POST', `/api/v1/public/notices/${notice}/comments`, {
    body: { body: `第${n}轮的公众意见：请说明投资者份额登记出错时如何更正。`, author: '王先生' },
  });
  if (c.status === 201) acked.comments.push(c.json.id);
  else assert.equal(c.status, 429, c.text);

  await new Promise((r) => setTimeout(r, randomInt(300, 1500)));
  state.killed = true;
  server.proc.kill('SIGKILL');
  await server.exited;
  // every writer has ended before the next round begins, a failed one too
  const ended = await Promise.allSettled(writers);
  server = await startServer(d.db, ['--scheduler-interval', '0'], { env: d.clock.env });
  const failed = ended.find((x) => x.status === 'rejected');
  if (failed) throw failed.reason;
}

async function check() {
  const v = await runCli(['audit', 'verify', '--db', d.db], { timeoutMs: 120000 });
  assert.equal(v.code, 0, v.stdout + v.stderr);
  for (const x of acked.drafts) {
    const r = await as('shenlan-tech', 'GET', `/api/v1/projects/${x.id}`);
    assert.equal(r.status, 200, `draft ${x.id} acknowledged, now ${r.status}`);
    assert.equal(r.json.name, x.name);
  }
  const mats = await as('shenlan-tech', 'GET', `/api/v1/projects/${draft}/materials`);
  assert.equal(mats.status, 200, mats.text);
  const versions = new Map(mats.json.history.map((m) => [m.id, m.sha256])); // every version
  for (const m of acked.materials.filter((x) => x.draft === draft))
    assert.equal(versions.get(m.id), m.sha256, `material ${m.id}`);
  const count = async ({ from, to }) => {
    const q = `indicator=customers&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&limit=200`;
    const r = await as('officer', 'GET', `/api/v1/projects/${d.launched}/metrics?${q}`);
    assert.equal(r.status, 200, r.text);
    return r.json.items.length;
  };
  for (const b of acked.batches) assert.equal(await count(b), BATCH, 'an acknowledged batch is whole');
  for (const b of unacked.batches) assert.ok([0, BATCH].includes(await count(b)), 'a batch is whole or absent');
  const comments = await as('officer', 'GET', `/api/v1/projects/${d.noticeProject}/comments?limit=200`);
  assert.equal(comments.status, 200, comments.text);
  const seen = new Set(comments.json.items.map((c) => c.id));
  for (const id of acked.comments) assert.ok(seen.has(id), `comment ${id}`);
  for (const id of acked.proposals) {
    const r = await as('leader', 'GET', `/api/v1/decisions/${id}`);
    assert.equal(r.status, 200, `decision ${id}`);
    if (acked.answers.includes(id)) assert.equal(r.json.status, 'rejected');
  }
  // nothing half-written: every project, material, decision and comment has its event
  const orphans = query(
    d.dir + '/demo.db',
    `SELECT (SELECT count(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM events e
              WHERE e.subject_type = 'project' AND e.subject_id = CAST(p.id AS TEXT)))
          + (SELECT count(*) FROM decisions x WHERE NOT EXISTS (SELECT 1 FROM events e
              WHERE e.kind = 'decision.proposed' AND e.subject_id = CAST(x.project_id AS TEXT)));`,
  );
  assert.equal(orphans, '0');
}

describe(`crash safety: ${ROUNDS} SIGKILL rounds under writers of every kind`, () => {
  before(async () => {
    d = await demoPilot({ args: ['--scheduler-interval', '0'] });
    server = d.server;
    const me = await as('shenlan-tech', 'GET', '/api/v1/session');
    inst = me.json.user.institution_id;
    review = (await as('officer', 'GET', '/api/v1/projects?state=in_review')).json.items[0].id;
    const notices = await api(server, 'GET', '/api/v1/public/notices');
    assert.equal(notices.status, 200, notices.text);
    const open = notices.json.items.find((x) => x.open);
    assert.ok(open, 'the demo has a notice open for comments');
    notice = open.id;
    d.noticeProject = open.project_id;
  });
  after(async () => {
    if (server) await server.stopClean();
  });

  for (let n = 1; n <= ROUNDS; n++) {
    test(`round ${n}: killed at a random moment, restarted: every acknowledged write is there`, async () => {
      await round(n);
      await check();
    });
  }

  test('the rounds wrote something of every kind', (t) => {
    for (const k of ['drafts', 'materials', 'batches', 'proposals', 'answers'])
      assert.ok(acked[k].length > 0, `no ${k} acknowledged`);
    const counts = Object.fromEntries(Object.entries(acked).map(([k, v]) => [k, v.length]));
    t.diagnostic(`acknowledged over ${ROUNDS} rounds, all found after the kills: ${JSON.stringify(counts)}`);
  });
});
