// Batches and expert review (§4.1): batches with weights, the expert pool,
// assignments, conflicts of interest (detected by institution, declared by the expert, asked by
// the lead applicant and granted by an officer) that block the expert from seeing and scoring,
// an officer's exclusion of a sheet after scoring, scores hidden until the
// expert's own are in, statistics with the disagreement flag, the batch ranking, the .xlsx
// export, the pages, and the errors of wrong roles and states.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  createProject as create,
  eventsOf,
  getPage,
  institution,
  postForm,
  runCli,
  setUpSuite,
  shenzhenTech,
  tempDb,
  verifyExport,
} from './lib/harness.mjs';

const PW = 'review-pw-12';
const { dir, db, q } = tempDb();
let s;
const tok = {}; // username -> bearer token
const sess = {}; // username -> log-in (cookie, csrf)
const ids = {}; // users, projects, batches
const inst = {};

const CRIT = ['innovativeness', 'feasibility', 'security', 'goal_reasonableness', 'risk_controls', 'industrial_fit'];
const W = { innovativeness: 0.3, feasibility: 0.2, security: 0.2, goal_reasonableness: 0.1, risk_controls: 0.1, industrial_fit: 0.1 };
const J_NAME = '区块链登记联合试点';
const A_NAME = '智能投顾试点';

// A sheet body from six scores, with a comment per criterion.
function sheet(scores, note = '意见') {
  const o = {};
  CRIT.forEach((c, i) => (o[c] = { score: scores[i], comment: `${note}：${c}` }));
  return { scores: o };
}

const put = (as, pid, body) => api(s, 'PUT', `/api/v1/projects/${pid}/scores`, { token: tok[as], body });
const getScores = (as, pid) => api(s, 'GET', `/api/v1/projects/${pid}/scores`, { token: tok[as] });
const count = (table) => Number(q(`SELECT count(*) FROM ${table};`));

// A page, and a form post from it with the session cookie and its CSRF token.
const form = (as, path, fields) => postForm(s, path, fields, { who: sess[as] });
const page = (as, path) => getPage(s, path, sess[as].cookie);
const createProject = (as, body) => create(s, tok[as], body);

describe('batches and expert review', () => {
  before(async () => {
    const t = await setUpSuite(db, PW, {
      username: 'admin',
      register: { sec: institution(501, { name: '泉城证券' }), tech: shenzhenTech(502), uni: institution(503, { name: '历下证券' }) },
      accounts: {
        institution: { sec: 'sec', tech: 'tech' },
        officer: ['officer'],
        leader: ['leader'],
        csrc: ['csrc'],
        expert: ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'],
      },
    });
    s = t.s;
    Object.assign(inst, t.inst);
    Object.assign(sess, t.accounts);
    Object.assign(tok, { admin: t.admin.token }, t.tok);
    Object.assign(ids, { admin: t.admin.id }, t.ids);
    // J: joint, the Shenzhen tech firm leads (§3.2); A: the securities firm alone; D: a draft.
    ids.J = await createProject('tech', {
      track: 'pilot',
      name: J_NAME,
      members: [
        { institution_id: inst.tech, lead: true, role: '技术研发' },
        { institution_id: inst.sec, lead: false, role: '持牌业务' },
      ],
    });
    ids.A = await createProject('sec', {
      track: 'pilot',
      name: A_NAME,
      members: [{ institution_id: inst.sec, lead: true, role: '业务运营' }],
    });
    ids.D = await createProject('sec', {
      track: 'pilot',
      name: '草稿项目',
      members: [{ institution_id: inst.sec, lead: true, role: '业务运营' }],
    });
  });
  after(async () => {
    if (process.env.REVIEW_DEBUG) console.error(s.stderr.slice(-6000));
    if (s) await s.stopClean();
  });

  test('batches: created with default or given weights; each write an event', async () => {
    const r = await api(s, 'POST', '/api/v1/batches', {
      token: tok.officer,
      body: { name: '2024年第一批', opens_on: '2024-03-01', closes_on: '2024-04-30' },
    });
    assert.equal(r.status, 201, r.text);
    ids.B = r.json.id;
    assert.equal(r.headers.get('location'), `/api/v1/batches/${ids.B}`);
    assert.equal(r.json.name, '2024年第一批');
    assert.deepEqual(Object.keys(r.json.weights).sort(), [...CRIT].sort());
    for (const c of CRIT) assert.ok(Math.abs(r.json.weights[c] - 1 / 6) < 1e-9);
    assert.equal(r.json.weights_locked, false);
    assert.equal(r.json.projects_count, 0);
    const r2 = await api(s, 'POST', '/api/v1/batches', {
      token: tok.admin,
      body: { name: '2024年第二批', opens_on: '2024-06-01', closes_on: '2024-06-01', weights: W },
    });
    assert.equal(r2.status, 201, r2.text);
    assert.deepEqual(r2.json.weights, W);
    ids.B2 = r2.json.id;
    const ev = await eventsOf(s, tok.officer, `batch:${ids.B2}`);
    assert.deepEqual(ev.map((e) => e.kind), ['batch.created']);
    // no floating-point numbers in event payloads (docs/AUDIT.md): weights as decimal text
    assert.equal(ev[0].payload.weights.innovativeness, '0.3');
    assert.equal(ev[0].actor, `user:${ids.admin}`);
    for (const as of ['leader', 'csrc', 'admin', 'officer']) {
      const l = await api(s, 'GET', '/api/v1/batches', { token: tok[as] });
      assert.equal(l.status, 200, l.text);
      assert.deepEqual(l.json.items.map((b) => b.id), [ids.B, ids.B2]);
      assert.equal(l.json.next, null);
    }
    const p1 = await api(s, 'GET', '/api/v1/batches?limit=1', { token: tok.leader });
    assert.equal(p1.json.items.length, 1);
    assert.equal(p1.json.next, String(ids.B));
  });

  test('batches: bad input is 400 naming the field and writes nothing', async () => {
    const base = { name: '第三批', opens_on: '2024-07-01', closes_on: '2024-07-31' };
    const before = count('events');
    const cases = [
      [{ ...base, weights: { ...W, security: undefined } }, 'missing_field', 'weights.security'],
      [{ ...base, weights: { ...W, security: 0.3 } }, 'invalid_value', 'weights'],
      [{ ...base, weights: { ...W, security: -0.1, innovativeness: 0.6 } }, 'invalid_value', 'weights.security'],
      [{ ...base, weights: { ...W, beauty: 0 } }, 'unknown_field', 'weights.beauty'],
      [{ ...base, weights: { ...W, security: '0.2' } }, 'invalid_type', 'weights.security'],
      [{ ...base, weights: [0.5, 0.5] }, 'invalid_type', 'weights'],
      [{ ...base, opens_on: '2024-02-30' }, 'invalid_value', 'opens_on'],
      [{ ...base, closes_on: '2024/07/31' }, 'invalid_value', 'closes_on'],
      [{ ...base, closes_on: '2024-06-30' }, 'invalid_value', 'closes_on'],
      [{ ...base, name: '   ' }, 'missing_field', 'name'],
      [{ opens_on: '2024-07-01', closes_on: '2024-07-31' }, 'missing_field', 'name'],
      [{ ...base, color: 'red' }, 'unknown_field', 'color'],
    ];
    for (const [body, code, field] of cases) {
      const r = await api(s, 'POST', '/api/v1/batches', { token: tok.officer, body: JSON.parse(JSON.stringify(body)) });
      assertError(r, 400, code, field);
    }
    assert.equal(count('events'), before);
    assert.equal(count('batches'), 2);
  });

  test('batches: wrong roles are 403; an unknown batch 404', async () => {
    const body = { name: 'x', opens_on: '2024-07-01', closes_on: '2024-07-31' };
    for (const as of ['leader', 'csrc', 'e1', 'sec'])
      assertError(await api(s, 'POST', '/api/v1/batches', { token: tok[as], body }), 403, 'forbidden');
    for (const as of ['e1', 'sec']) {
      assertError(await api(s, 'GET', '/api/v1/batches', { token: tok[as] }), 403, 'forbidden');
      assertError(await api(s, 'GET', `/api/v1/batches/${ids.B}`, { token: tok[as] }), 403, 'forbidden');
    }
    assertError(await api(s, 'PATCH', `/api/v1/batches/${ids.B}`, { token: tok.leader, body: { name: 'y' } }), 403, 'forbidden');
    assertError(await api(s, 'GET', '/api/v1/batches/999', { token: tok.officer }), 404, 'not_found');
    assertError(await api(s, 'PATCH', '/api/v1/batches/999', { token: tok.officer, body: { name: 'y' } }), 404, 'not_found');
  });

  test('batches: weights change before any score; a no-op edit writes nothing', async () => {
    const r = await api(s, 'PATCH', `/api/v1/batches/${ids.B}`, { token: tok.officer, body: { weights: W, reason: '突出创新性' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.weights, W);
    const before = count('events');
    const same = await api(s, 'PATCH', `/api/v1/batches/${ids.B}`, { token: tok.officer, body: { weights: W } });
    assert.equal(same.status, 200);
    assert.equal(count('events'), before);
    const ev = (await eventsOf(s, tok.officer, `batch:${ids.B}`)).map((e) => [e.kind, e.reason]);
    assert.deepEqual(ev, [['batch.created', null], ['batch.updated', '突出创新性']]);
    const last = (await eventsOf(s, tok.officer, `batch:${ids.B}`)).at(-1);
    assert.equal(last.payload.changed.weights.to.innovativeness, '0.3');
  });

  test('expert pool: only users with role expert; each an event', async () => {
    const add = (body, as = 'officer') => api(s, 'POST', '/api/v1/experts', { token: tok[as], body });
    for (const [u, aff, instId] of [
      ['e1', '山东大学', null],
      ['e2', '济南大学', null],
      ['e3', '中国科学院', null],
      ['e4', '泉城证券研究所', inst.sec], // works for a member of J: a conflict by institution
      ['e5', '独立专家', null],
      ['e6', '某咨询公司', null],
    ]) {
      const r = await add({ user_id: ids[u], affiliation: aff, institution_id: instId, fields: ['区块链', '风险管理'] }, u === 'e6' ? 'admin' : 'officer');
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.user_id, ids[u]);
      assert.equal(r.json.username, u);
      assert.equal(r.json.institution_id, instId);
      assert.deepEqual(r.json.fields, ['区块链', '风险管理']);
    }
    const ev = await eventsOf(s, tok.officer, `expert:${ids.e4}`);
    assert.deepEqual(ev.map((e) => e.kind), ['expert.added']);
    assertError(await add({ user_id: ids.e1 }), 409, 'duplicate_expert', 'user_id');
    assertError(await add({ user_id: ids.officer }), 422, 'not_an_expert', 'user_id');
    assertError(await add({ user_id: 9999 }), 422, 'unknown_user', 'user_id');
    assertError(await add({ user_id: ids.e7, institution_id: 9999 }), 422, 'unknown_institution', 'institution_id');
    assertError(await add({ user_id: ids.e7, fields: '区块链' }), 400, 'invalid_type', 'fields');
    assertError(await add({ user_id: ids.e7, fields: [1] }), 400, 'invalid_type', 'fields[0]');
    assertError(await add({}), 400, 'missing_field', 'user_id');
    assertError(await add({ user_id: ids.e7 }, 'leader'), 403, 'forbidden');
    assertError(await add({ user_id: ids.e7 }, 'e7'), 403, 'forbidden');
    const l = await api(s, 'GET', '/api/v1/experts', { token: tok.officer });
    assert.equal(l.status, 200);
    assert.deepEqual(l.json.items.map((x) => x.username), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    assert.equal(l.json.items[3].institution_name, '泉城证券');
    assertError(await api(s, 'GET', '/api/v1/experts', { token: tok.leader }), 403, 'forbidden');
  });

  test('projects join the batch (set in the store: acceptance is the workflow\'s)', async () => {
    q(`UPDATE projects SET state = 'accepted', batch_id = ${ids.B} WHERE id IN (${ids.J}, ${ids.A});`);
    const r = await api(s, 'GET', `/api/v1/batches/${ids.B}`, { token: tok.officer });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.projects.map((p) => p.id), [ids.J, ids.A]);
    assert.equal(r.json.projects_count, 2);
    // nothing scored yet: both unranked, by id
    assert.deepEqual(r.json.ranking.map((x) => [x.project_id, x.sheets, x.mean]), [[ids.J, 0, null], [ids.A, 0, null]]);
  });

  test('assignments: the officer assigns; a conflict by institution is detected and blocks', async () => {
    // start_review needs one expert without a conflict (§4.1)
    const early = await api(s, 'POST', `/api/v1/projects/${ids.J}/actions/start_review`, { token: tok.officer, body: { reason: '开始评审' } });
    assert.equal(early.status, 422, early.text);
    const assign = (pid, who, as = 'officer') => api(s, 'POST', `/api/v1/projects/${pid}/assignments`, { token: tok[as], body: { expert_id: ids[who] } });
    for (const e of ['e1', 'e2', 'e3', 'e5']) {
      const r = await assign(ids.J, e);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.conflicted, false);
      assert.deepEqual(r.json.conflicts, []);
    }
    const c = await assign(ids.J, 'e4');
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.conflicted, true);
    assert.equal(c.json.conflicts.length, 1);
    assert.equal(c.json.conflicts[0].source, 'automatic');
    assert.equal(c.json.conflicts[0].declared_by, null);
    for (const e of ['e1', 'e2']) assert.equal((await assign(ids.A, e)).status, 201);
    assertError(await assign(ids.J, 'e1'), 409, 'already_assigned', 'expert_id');
    assertError(await assign(ids.J, 'e7'), 422, 'not_in_pool', 'expert_id');
    assertError(await assign(ids.D, 'e1'), 409, 'invalid_state');
    assertError(await assign(999, 'e1'), 404, 'not_found');
    for (const as of ['leader', 'e1', 'tech'])
      assertError(await assign(ids.J, 'e6', as), 403, 'forbidden');
    const kinds = (await eventsOf(s, tok.officer, `project:${ids.J}`)).map((e) => e.kind);
    assert.deepEqual(kinds.filter((k) => k.startsWith('expert.') || k.startsWith('conflict.')), [
      'expert.assigned', 'expert.assigned', 'expert.assigned', 'expert.assigned', 'expert.assigned', 'conflict.detected',
    ]);
    // withdrawing an expert who has not scored
    const before = count('events');
    const d = await api(s, 'DELETE', `/api/v1/projects/${ids.A}/assignments/${ids.e2}?reason=${encodeURIComponent('调整')}`, { token: tok.officer });
    assert.equal(d.status, 204, d.text);
    assert.equal(count('events'), before + 1);
    assertError(await api(s, 'DELETE', `/api/v1/projects/${ids.A}/assignments/${ids.e2}`, { token: tok.officer }), 404, 'not_found');
    assert.equal((await assign(ids.A, 'e2')).status, 201);
  });

  test('conflicts: asked by the lead applicant and granted by the officer, or declared by the expert; both block', async () => {
    const declare = (as, pid, body) => api(s, 'POST', `/api/v1/projects/${pid}/conflicts`, { token: tok[as], body });
    // §3.2: only the lead applicant speaks for the members
    assertError(await declare('sec', ids.J, { expert_id: ids.e6, reason: '曾为本项目提供咨询' }), 403, 'not_lead');
    // §4.1: the applicant asks; the request is pending until an officer decides
    const a = await declare('tech', ids.J, { expert_id: ids.e6, reason: '曾为本项目提供咨询' });
    assert.equal(a.status, 201, a.text);
    assert.equal(a.json.status, 'pending');
    assert.equal(a.json.requested_by, ids.tech);
    assertError(await declare('tech', ids.J, { expert_id: ids.e6, reason: '再次' }), 409, 'already_requested', 'expert_id');
    assertError(await declare('tech', ids.J, { reason: 'x' }), 400, 'missing_field', 'expert_id');
    assertError(await declare('tech', ids.A, { expert_id: ids.e1, reason: 'x' }), 404, 'not_found');
    const g = await api(s, 'POST', `/api/v1/projects/${ids.J}/recusal-requests/${a.json.id}/grant`, { token: tok.officer, body: { reason: '核实属实' } });
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.status, 'granted');
    // the expert declared against is then assigned: blocked from the start
    const r = await api(s, 'POST', `/api/v1/projects/${ids.J}/assignments`, { token: tok.officer, body: { expert_id: ids.e6 } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.conflicted, true);
    assert.equal(r.json.conflicts[0].source, 'applicant');
    assert.equal(r.json.conflicts[0].declared_by, ids.tech);
    // the expert's own declaration
    assertError(await declare('e5', ids.J, { reason: '   ' }), 400, 'missing_field', 'reason');
    assertError(await declare('e5', ids.J, { expert_id: ids.e1, reason: 'x' }), 400, 'invalid_value', 'expert_id');
    const e = await declare('e5', ids.J, { reason: '本人曾在深蓝链科技任职' });
    assert.equal(e.status, 201, e.text);
    assert.equal(e.json.source, 'expert');
    assertError(await declare('e5', ids.J, { reason: '再次' }), 409, 'already_declared');
    // an expert not assigned does not know the project
    assertError(await declare('e3', ids.A, { reason: 'x' }), 404, 'not_found');
    assertError(await declare('officer', ids.J, { reason: 'x' }), 403, 'forbidden');
    const ev = (await eventsOf(s, tok.officer, `project:${ids.J}`)).filter((x) => x.kind.startsWith('conflict.declared') || x.kind.startsWith('recusal.'));
    assert.deepEqual(ev.map((x) => [x.kind, x.reason]), [
      ['recusal.requested', '曾为本项目提供咨询'],
      ['recusal.granted', '核实属实'],
      ['conflict.declared', '本人曾在深蓝链科技任职'],
    ]);
  });

  test('the officer and the leader see every assignment and conflict', async () => {
    for (const as of ['officer', 'leader']) {
      const r = await api(s, 'GET', `/api/v1/projects/${ids.J}/assignments`, { token: tok[as] });
      assert.equal(r.status, 200, r.text);
      const by = Object.fromEntries(r.json.items.map((x) => [x.username, x]));
      assert.deepEqual(Object.keys(by).sort(), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
      for (const u of ['e1', 'e2', 'e3']) assert.equal(by[u].conflicted, false);
      for (const u of ['e4', 'e5', 'e6']) assert.equal(by[u].conflicted, true);
      assert.equal(by.e4.conflicts[0].source, 'automatic');
      assert.equal(by.e5.conflicts[0].source, 'expert');
      assert.equal(by.e6.conflicts[0].source, 'applicant');
      assert.equal(by.e4.affiliation, '泉城证券研究所');
      assert.deepEqual(r.json.conflicts.map((x) => x.source).sort(), ['applicant', 'automatic', 'expert']);
      assert.equal(r.json.scores_complete, false);
      assert.equal(r.json.sheets, 0);
    }
    for (const as of ['e1', 'tech', 'csrc', 'admin'])
      assertError(await api(s, 'GET', `/api/v1/projects/${ids.J}/assignments`, { token: tok[as] }), 403, 'forbidden');
  });

  test('scoring waits for the review to start (409 invalid_state)', async () => {
    assertError(await put('e1', ids.J, sheet([8, 7, 9, 6, 7, 8])), 409, 'invalid_state');
    assert.equal(count('score_sheets'), 0);
    for (const pid of [ids.J, ids.A]) {
      const r = await api(s, 'POST', `/api/v1/projects/${pid}/actions/start_review`, { token: tok.officer, body: { reason: '开始专家评审' } });
      assert.equal(r.status, 200, r.text);
    }
    assert.equal(q(`SELECT group_concat(state) FROM projects WHERE id IN (${ids.J}, ${ids.A});`), 'in_review,in_review');
  });

  test('conflicted experts neither see nor score the project', async () => {
    for (const e of ['e4', 'e5', 'e6']) {
      assertError(await api(s, 'GET', `/api/v1/projects/${ids.J}`, { token: tok[e] }), 404, 'not_found');
      assertError(await getScores(e, ids.J), 404, 'not_found');
      assertError(await api(s, 'GET', `/api/v1/projects/${ids.J}/materials`, { token: tok[e] }), 404, 'not_found');
      // the expert was assigned and knows the project: the refusal says why
      assertError(await put(e, ids.J, sheet([9, 9, 9, 9, 9, 9])), 403, 'conflict_of_interest');
      const q2 = await api(s, 'GET', '/api/v1/reviews', { token: tok[e] });
      assert.equal(q2.status, 200);
      assert.deepEqual(q2.json.items, []);
    }
    assert.equal(count('score_sheets'), 0);
    // an expert not assigned at all: 404 everywhere
    assertError(await put('e3', ids.A, sheet([9, 9, 9, 9, 9, 9])), 404, 'not_found');
    assertError(await getScores('e3', ids.A), 404, 'not_found');
    const mine = await api(s, 'GET', '/api/v1/reviews', { token: tok.e1 });
    assert.deepEqual(mine.json.items.map((x) => [x.project_id, x.state, x.submitted_at]), [
      [ids.J, 'in_review', null],
      [ids.A, 'in_review', null],
    ]);
    assert.equal(mine.json.items[0].batch_name, '2024年第一批');
  });

  test('score sheets: bad input is 400 naming the place; other roles 403', async () => {
    const good = sheet([8, 7, 9, 6, 7, 8]);
    const bad = (mutate) => {
      const b = JSON.parse(JSON.stringify(good));
      mutate(b.scores);
      return b;
    };
    const cases = [
      [bad((x) => delete x.industrial_fit), 'missing_field', 'scores.industrial_fit'],
      [bad((x) => (x.security.score = 11)), 'invalid_value', 'scores.security.score'],
      [bad((x) => (x.security.score = 0)), 'invalid_value', 'scores.security.score'],
      [bad((x) => (x.security.score = 7.5)), 'invalid_type', 'scores.security.score'],
      [bad((x) => delete x.feasibility.score), 'missing_field', 'scores.feasibility.score'],
      [bad((x) => (x.feasibility.comment = ' \n ')), 'missing_field', 'scores.feasibility.comment'],
      [bad((x) => delete x.feasibility.comment), 'missing_field', 'scores.feasibility.comment'],
      [bad((x) => (x.feasibility.comment = '长'.repeat(2001))), 'too_long', 'scores.feasibility.comment'],
      [bad((x) => (x.beauty = { score: 5, comment: 'x' })), 'unknown_field', 'scores.beauty'],
      [bad((x) => (x.security.weight = 1)), 'unknown_field', 'scores.security.weight'],
      [bad((x) => (x.security = 7)), 'invalid_type', 'scores.security'],
      [{}, 'missing_field', 'scores'],
      [{ ...good, extra: 1 }, 'unknown_field', 'extra'],
    ];
    for (const [body, code, field] of cases) assertError(await put('e1', ids.J, body), 400, code, field);
    // 2000 characters is the limit, not over it
    assert.equal(count('score_sheets'), 0);
    for (const as of ['officer', 'leader', 'tech'])
      assertError(await put(as, ids.J, good), 403, 'forbidden');
  });

  test("an expert sees the others' scores only after submitting; submission is final", async () => {
    const none = await getScores('e1', ids.J);
    assert.equal(none.status, 200, none.text);
    assert.equal(none.json.submitted, false);
    assert.deepEqual(none.json.items, []);
    assert.equal(none.json.statistics, null);
    assert.deepEqual(none.json.weights, W);

    // e1: 0.3*8 + 0.2*7 + 0.2*9 + 0.1*6 + 0.1*7 + 0.1*8 = 7.7
    const long = sheet([8, 7, 9, 6, 7, 8]);
    long.scores.security.comment = '长'.repeat(2000);
    const r = await put('e1', ids.J, long);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.weighted_total, 7.7);
    assert.equal(r.json.expert_id, ids.e1);
    assertError(await put('e1', ids.J, sheet([1, 1, 1, 1, 1, 1])), 409, 'already_submitted');
    assert.equal(count('score_sheets'), 1);

    // e2 has not submitted: sees nothing, though e1's sheet is in
    const e2before = await getScores('e2', ids.J);
    assert.deepEqual(e2before.json.items, []);
    assert.equal(e2before.json.statistics, null);
    // e1 sees its own sheet and the statistics of what is in
    const e1after = await getScores('e1', ids.J);
    assert.equal(e1after.json.submitted, true);
    assert.equal(e1after.json.items.length, 1);
    assert.equal(e1after.json.items[0].mine, true);
    assert.equal(e1after.json.statistics.sheets, 1);

    // the select guard waits for every expert without a conflict (§4.1)
    const sel = await api(s, 'POST', `/api/v1/projects/${ids.J}/actions/select`, { token: tok.officer, body: { reason: '入选' } });
    assert.equal(sel.status, 422, sel.text);

    // e2: 5 on everything = 5.0
    assert.equal((await put('e2', ids.J, sheet([5, 5, 5, 5, 5, 5], '一般'))).status, 201);
    const e2after = await getScores('e2', ids.J);
    assert.equal(e2after.json.items.length, 2);
    const other = e2after.json.items.find((x) => !x.mine);
    assert.equal(other.label, 'expert_1');
    assert.equal(other.expert_id, undefined, 'experts do not see who wrote the others');
    assert.equal(other.username, undefined);
    assert.equal(other.scores.security.score, 9);

    // e3: 0.3*10 + 0.2*9 + 0.2*8 + 0.1*7 + 0.1*6 + 0.1*5 = 8.2
    assert.equal((await put('e3', ids.J, sheet([10, 9, 8, 7, 6, 5], '优秀'))).status, 201);

    const ev = (await eventsOf(s, tok.officer, `project:${ids.J}`)).filter((x) => x.kind === 'score.submitted');
    assert.equal(ev.length, 3);
    assert.equal(ev[0].actor, `user:${ids.e1}`);
    assert.equal(ev[0].payload.weighted_total, '7.7');
    assert.equal(ev[0].payload.scores.innovativeness.score, 8);
    assert.equal(ev[2].payload.weighted_total, '8.2');
  });

  test('statistics: mean, median, population stddev and the disagreement flag', async () => {
    // totals 7.7, 5.0, 8.2: mean 20.9/3 = 6.9667, median 7.7, stddev 1.4055, range 3.2 >= 3
    for (const as of ['officer', 'leader', 'e1']) {
      const r = await getScores(as, ids.J);
      assert.equal(r.status, 200, r.text);
      const st = r.json.statistics;
      assert.equal(st.sheets, 3);
      assert.equal(st.assigned, 3);
      assert.equal(st.mean, 6.9667);
      assert.equal(st.median, 7.7);
      assert.equal(st.stddev, 1.4055);
      assert.equal(st.min, 5);
      assert.equal(st.max, 8.2);
      assert.equal(st.disagreement, true);
      assert.equal(r.json.complete, true);
      assert.equal(r.json.items.length, 3);
    }
    const off = await getScores('officer', ids.J);
    assert.deepEqual(off.json.items.map((x) => [x.username, x.weighted_total, x.counted]), [
      ['e1', 7.7, true],
      ['e2', 5, true],
      ['e3', 8.2, true],
    ]);
    // a leader's approval is asked for now that the scores are complete
    const sel = await api(s, 'POST', `/api/v1/projects/${ids.J}/actions/select`, { token: tok.officer, body: { reason: '评分完成，建议入选' } });
    assert.equal(sel.status, 202, sel.text);
    ids.selJ = sel.json.decision.id;
  });

  test('weights freeze with the first score (409); other fields still change', async () => {
    assertError(
      await api(s, 'PATCH', `/api/v1/batches/${ids.B}`, { token: tok.officer, body: { weights: { ...W, innovativeness: 0.2, feasibility: 0.3 } } }),
      409,
      'invalid_state',
      'weights',
    );
    const r = await api(s, 'PATCH', `/api/v1/batches/${ids.B}`, { token: tok.officer, body: { name: '2024年第一批（专家评审）' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.weights_locked, true);
    assert.deepEqual(r.json.weights, W);
  });

  test('the expert scores through the page: the rubric, its errors, then the others', async () => {
    const form0 = await page('e2', `/review/${ids.A}`);
    assert.equal(form0.status, 200);
    for (const c of CRIT) assert.match(form0.text, new RegExp(`name="score_${c}"`));
    assert.match(form0.text, new RegExp(A_NAME));
    const list = await page('e2', '/review');
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(J_NAME));
    assert.match(list.text, new RegExp(A_NAME));
    // e4 does not see J anywhere
    const e4list = await page('e4', '/review');
    assert.doesNotMatch(e4list.text, new RegExp(J_NAME));
    assert.equal((await page('e4', `/review/${ids.J}`)).status, 404);
    const fields = {};
    CRIT.forEach((c) => {
      fields[`score_${c}`] = '8';
      fields[`comment_${c}`] = `良好：${c}`;
    });
    const bad = await form('e2', `/review/${ids.A}`, { ...fields, comment_security: '' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /data-code="missing_field"/);
    assert.match(bad.text, /data-field="scores.security.comment"/);
    assert.match(bad.text, /良好：innovativeness/, 'the form keeps what was typed');
    assert.equal(count('score_sheets'), 3);
    const ok = await form('e2', `/review/${ids.A}`, fields);
    assert.equal(ok.status, 303, ok.text);
    assert.equal(ok.headers.get('location'), `/review/${ids.A}#statistics`);
    const again = await form('e2', `/review/${ids.A}`, fields);
    assert.equal(again.status, 409);
    assert.match(again.text, /data-code="already_submitted"/);
    // e1 scores A by the API: 9 everywhere; A: 9.0 and 8.0, mean 8.5, no disagreement
    assert.equal((await put('e1', ids.A, sheet([9, 9, 9, 9, 9, 9]))).status, 201);
    const shown = await page('e2', `/review/${ids.A}`);
    assert.equal(shown.status, 200);
    assert.match(shown.text, /id="statistics"/);
    assert.match(shown.text, /8\.50/);
    assert.doesNotMatch(shown.text, /data-flag="disagreement"/);
    // J's page shows e2 the flag
    assert.match((await page('e2', `/review/${ids.J}`)).text, /data-flag="disagreement"/);
    // an expert declares a conflict through the page
    q(`INSERT INTO assignments VALUES (${ids.A}, ${ids.e3}, 1, ${ids.officer});`);
    const dec = await form('e3', `/review/${ids.A}/conflict`, { reason: '与申报单位有合作' });
    assert.equal(dec.status, 303, dec.text);
    assert.equal(dec.headers.get('location'), '/review?declared=1');
    assert.equal((await page('e3', `/review/${ids.A}`)).status, 404);
  });

  test('ranking: by mean, with the statistics and flags; the CSRC sees only forwarded projects', async () => {
    const r = await api(s, 'GET', `/api/v1/batches/${ids.B}`, { token: tok.leader });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.ranking.map((x) => [x.rank, x.project_id, x.mean, x.median, x.disagreement, x.sheets, x.assigned, x.complete]),
      [
        [1, ids.A, 8.5, 8.5, false, 2, 2, true],
        [2, ids.J, 6.9667, 7.7, true, 3, 3, true],
      ],
    );
    assert.deepEqual(r.json.disagreement_rule, { range_at_least: 3, stddev_at_least: 2 });
    const c = await api(s, 'GET', `/api/v1/batches/${ids.B}`, { token: tok.csrc });
    assert.equal(c.status, 200);
    assert.deepEqual(c.json.projects, []);
    assert.deepEqual(c.json.ranking, []);
  });

  test('the score sheets export as .xlsx', async () => {
    const res = await fetch(`${s.url}/api/v1/batches/${ids.B}/scores.xlsx`, { headers: { Authorization: `Bearer ${tok.officer}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(res.headers.get('content-disposition'), new RegExp(`^attachment; filename="batch-${ids.B}-scores.xlsx"$`));
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    const path = join(dir, 'scores.xlsx');
    writeFileSync(path, bytes);
    const py = spawnSync('python3', ['-c', `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({n: z.read(n).decode('utf-8') for n in z.namelist() if n.endswith('.xml')}))
`, path], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const parts = JSON.parse(py.stdout);
    assert.ok(parts['xl/workbook.xml'], Object.keys(parts).join(' '));
    assert.match(parts['xl/workbook.xml'], /name="排名"/);
    assert.match(parts['xl/workbook.xml'], /name="评分表"/);
    const strings = parts['xl/sharedStrings.xml'];
    assert.ok(strings.includes(J_NAME));
    assert.ok(strings.includes(A_NAME));
    assert.ok(strings.includes('优秀：innovativeness'), 'comments are in the sheet');
    assert.ok(parts['xl/worksheets/sheet1.xml'].includes('<v>6.9667</v>'));
    // English labels on request; the leader may export too
    const en = await fetch(`${s.url}/api/v1/batches/${ids.B}/scores.xlsx`, { headers: { Authorization: `Bearer ${tok.leader}`, 'Accept-Language': 'en' } });
    assert.equal(en.status, 200);
    writeFileSync(path, Buffer.from(await en.arrayBuffer()));
    const py2 = spawnSync('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode())', path], { encoding: 'utf8' });
    assert.match(py2.stdout, /name="Ranking"/);
    for (const as of ['e1', 'csrc', 'admin', 'tech'])
      assertError(await api(s, 'GET', `/api/v1/batches/${ids.B}/scores.xlsx`, { token: tok[as] }), 403, 'forbidden');
    assertError(await api(s, 'GET', '/api/v1/batches/999/scores.xlsx', { token: tok.officer }), 404, 'not_found');
  });

  test('pages: batches, the ranking with flags and the export link; assigning from the page', async () => {
    const list = await page('officer', '/batches');
    assert.equal(list.status, 200);
    assert.match(list.text, /2024年第一批/);
    assert.match(list.text, /id="new-batch"/);
    assert.doesNotMatch((await page('leader', '/batches')).text, /id="new-batch"/);
    const bp = await page('leader', `/batches/${ids.B}`);
    assert.equal(bp.status, 200);
    assert.match(bp.text, new RegExp(`href="/api/v1/batches/${ids.B}/scores.xlsx"`));
    assert.match(bp.text, /data-flag="disagreement"/);
    assert.match(bp.text, /6\.97/);
    assert.doesNotMatch(bp.text, /&quot;|&lt;/, 'markup is never escaped twice');
    assert.equal((await page('e1', `/batches/${ids.B}`)).status, 403);
    // a new batch from the form
    const bad = await form('officer', '/batches', { name: '第三批', opens_on: '2024-09-01', closes_on: '2024-08-01' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /data-field="closes_on"/);
    const made = await form('officer', '/batches', {
      name: '第三批', opens_on: '2024-09-01', closes_on: '2024-10-31',
      w_innovativeness: '0.5', w_feasibility: '0.1', w_security: '0.1', w_goal_reasonableness: '0.1', w_risk_controls: '0.1', w_industrial_fit: '0.1',
    });
    assert.equal(made.status, 303, made.text);
    const id3 = Number(made.headers.get('location').split('/').pop());
    const b3 = await api(s, 'GET', `/api/v1/batches/${id3}`, { token: tok.officer });
    assert.equal(b3.json.weights.innovativeness, 0.5);
    // assigning from the batch page's panel
    q(`UPDATE projects SET state = 'accepted', batch_id = ${id3} WHERE id = ${ids.D};`);
    const as = await form('officer', `/projects/${ids.D}/assignments`, { expert_id: String(ids.e3), next: `/batches/${id3}#project-${ids.D}` });
    assert.equal(as.status, 303, as.text);
    assert.equal(as.headers.get('location'), `/batches/${id3}#project-${ids.D}`);
    const dup = await form('officer', `/projects/${ids.D}/assignments`, { expert_id: String(ids.e3), next: `/batches/${id3}` });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /data-code="already_assigned"/);
    const panel = await page('officer', `/batches/${id3}`);
    assert.match(panel.text, new RegExp(`data-expert="${ids.e3}"`));
  });

  test('after scoring, only the officer\'s exclusion takes a sheet out of the statistics', async () => {
    // e2 scored J (5.0); the lead applicant can no longer strike the low scorer (§4.1)
    assertError(
      await api(s, 'POST', `/api/v1/projects/${ids.J}/conflicts`, { token: tok.tech, body: { expert_id: ids.e2, reason: '发现利益关联' } }),
      409,
      'scoring_open',
    );
    assert.equal((await getScores('officer', ids.J)).json.statistics.sheets, 3);
    const exclude = () => api(s, 'POST', `/api/v1/projects/${ids.J}/exclusions`, { token: tok.officer, body: { expert_id: ids.e2, reason: '核实存在利益关联' } });
    // the leader decides on the evidence as proposed: it does not change under a pending decision
    assertError(await exclude(), 409, 'decision_pending');
    const rej = await api(s, 'POST', `/api/v1/decisions/${ids.selJ}/reject`, { token: tok.leader, body: { reason: '先核实利益关联' } });
    assert.equal(rej.status, 200, rej.text);
    const r = await exclude();
    assert.equal(r.status, 201, r.text);
    const off = await getScores('officer', ids.J);
    assert.deepEqual(off.json.items.map((x) => [x.username, x.counted]), [['e1', true], ['e2', false], ['e3', true]]);
    assert.equal(off.json.items[1].excluded_reason, '核实存在利益关联');
    assert.equal(off.json.statistics.sheets, 2);
    assert.equal(off.json.statistics.mean, 7.95); // (7.7 + 8.2) / 2
    assert.equal(off.json.statistics.disagreement, false);
    const e1 = await getScores('e1', ids.J);
    assert.equal(e1.json.items.length, 2, 'an expert no longer sees the excluded sheet');
    // the excluded expert still sees its own sheet, marked as not counted
    const e2 = await getScores('e2', ids.J);
    assert.deepEqual(e2.json.items.filter((x) => x.mine).map((x) => x.counted), [false]);
  });

  test('every write of the review is in the verified event chain', async () => {
    const r = await api(s, 'GET', `/api/v1/events?subject=project:${ids.J}&limit=200`, { token: tok.officer });
    assert.equal(r.status, 200);
    const kinds = new Set(r.json.items.map((e) => e.kind));
    for (const k of ['expert.assigned', 'conflict.detected', 'conflict.declared', 'recusal.requested', 'recusal.granted', 'score.excluded', 'score.submitted'])
      assert.ok(kinds.has(k), k);
    // verified here without our C: payloads hold no floating-point numbers (docs/AUDIT.md)
    const x = await runCli(['audit', 'export', '--db', db]);
    assert.equal(x.code, 0, x.stderr);
    const events = verifyExport(x.stdout);
    const scored = events.filter((e) => e.kind === 'score.submitted');
    assert.equal(scored.length, 5);
    assert.equal(typeof scored[0].payload.weighted_total, 'string');
  });
});
