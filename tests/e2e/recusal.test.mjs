// Recusal is the working group's decision, and batches have windows (§4.1).
//  - The lead applicant may ask, with a reason, that a named expert not review its application,
//    only until scoring opens (the project enters in_review); the request takes effect, as a
//    conflict of interest, only when an officer grants it; grant and deny are events.
//  - After scoring opens the applicant's request is refused (409 scoring_open) and the sheet
//    keeps counting; only an officer excludes a sheet, with a reason, and the exclusion is the
//    evidence of the select/reject decision the leader approves (JSON and page).
//  - Applicants never learn assignments or scores, and a request naming someone outside the
//    pool gets the same answer as one naming a pool expert.
//  - Acceptance outside a batch's dates is 409 batch_closed naming the open batches; an officer
//    extends a batch with a reason (an event), never into the past. Dates are CST days on the
//    server's test clock (BAOTU_CLOCK_FILE).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  assertErrorWith,
  eventsOf,
  getPage,
  institution,
  multipart,
  postForm,
  setUpSuite,
  shenzhenTech,
  tempDb,
  testClock,
} from './lib/harness.mjs';

const PW = 'recusal-pw-12';
const { dir, db, q } = tempDb('recusal.db');
const clock = testClock(dir);
const setClock = clock.set;

let s;
const tok = {};
const sess = {};
const uid = {};
const inst = {};
const ids = {};

const CRIT = ['innovativeness', 'feasibility', 'security', 'goal_reasonableness', 'risk_controls', 'industrial_fit'];
const sheet = (n) => ({ scores: Object.fromEntries(CRIT.map((c) => [c, { score: n, comment: `意见：${c}` }])) });

const count = (sql) => Number(q(sql));
const call = (who, method, path, body) => api(s, method, path, { token: tok[who], body });
const act = (who, pid, action, body) => call(who, 'POST', `/api/v1/projects/${pid}/actions/${action}`, body);
const ask = (who, pid, body) => call(who, 'POST', `/api/v1/projects/${pid}/conflicts`, body);
const requests = (who, pid) => call(who, 'GET', `/api/v1/projects/${pid}/recusal-requests`);
const decide = (verb, pid, rid, body, who = 'officer') =>
  call(who, 'POST', `/api/v1/projects/${pid}/recusal-requests/${rid}/${verb}`, body);
// A page, and a form post from it with the session cookie and its CSRF token.
const page = (as, path) => getPage(s, path, sess[as].cookie);
const form = (as, path, fields) => postForm(s, path, fields, { who: sess[as] });
const APPLICANT_KEYS = ['decided_at', 'decision_reason', 'expert_id', 'id', 'project_id', 'reason', 'requested_at', 'requested_by', 'status'];

const pdf = (text) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n% ${text}\n%%EOF\n`, 'latin1');

async function upload(who, project, kind) {
  const m = multipart([
    { name: 'kind', value: kind },
    { name: 'file', filename: `${kind}.pdf`, type: 'application/pdf', data: pdf(kind) },
  ]);
  const r = await api(s, 'POST', `/api/v1/projects/${project}/materials`, {
    token: tok[who],
    body: m.body,
    headers: { 'Content-Type': m.type },
  });
  assert.equal(r.status, 201, `upload ${kind}: ${r.text}`);
}

// A draft with every required material; submission itself is the workflow suite's, so the
// project is then put in `submitted` directly.
async function createProject(as, name, members) {
  const r = await call(as, 'POST', '/api/v1/projects', { track: 'pilot', name, members });
  assert.equal(r.status, 201, r.text);
  const list = await call(as, 'GET', `/api/v1/projects/${r.json.id}/materials`);
  for (const kind of list.json.required) await upload(as, r.json.id, kind);
  q(`UPDATE projects SET state = 'submitted' WHERE id = ${r.json.id};`);
  return r.json.id;
}

describe('recusal and batch windows (§4.1)', () => {
  before(async () => {
    setClock('2026-09-28T10:00');
    const t = await setUpSuite(db, PW, {
      username: 'admin',
      env: clock.env,
      register: { sec: institution(601, { name: '泉城证券' }), tech: shenzhenTech(602), oth: institution(603, { name: '历下证券' }) },
      // e9: an expert account outside the pool
      accounts: { institution: { sec: 'sec', tech: 'tech', oth: 'oth' }, officer: ['officer'], leader: ['leader'], expert: ['e1', 'e2', 'e3', 'e9'] },
      overApi: true,
    });
    s = t.s;
    Object.assign(inst, t.inst);
    Object.assign(sess, t.accounts);
    Object.assign(tok, { admin: t.admin.token }, t.tok);
    Object.assign(uid, t.ids);
    for (const [u, aff] of [['e1', '山东大学'], ['e2', '济南大学'], ['e3', '中国科学院']]) {
      const x = await call('officer', 'POST', '/api/v1/experts', { user_id: uid[u], affiliation: aff, fields: ['区块链'] });
      assert.equal(x.status, 201, x.text);
    }
    const joint = [
      { institution_id: inst.tech, lead: true, role: '技术研发' },
      { institution_id: inst.sec, lead: false, role: '持牌业务' },
    ];
    ids.P = await createProject('tech', '区块链登记联合试点', joint);
    ids.Q = await createProject('sec', '智能投顾试点', [{ institution_id: inst.sec, lead: true, role: '业务运营' }]);
    for (const [k, name, opens, closes] of [
      ['old', '2026年第二批', '2026-06-01', '2026-08-31'],
      ['open', '2026年第三批', '2026-09-01', '2026-10-31'],
      ['later', '2026年第四批', '2026-11-01', '2026-12-31'],
    ]) {
      const x = await call('officer', 'POST', '/api/v1/batches', { name, opens_on: opens, closes_on: closes });
      assert.equal(x.status, 201, x.text);
      ids[k] = x.json.id;
    }
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('acceptance outside a batch window is 409 batch_closed naming the open batches; nothing changes', async () => {
    const events = count(`SELECT count(*) FROM events;`);
    for (const b of [ids.old, ids.later]) {
      const r = await act('officer', ids.Q, 'accept', { reason: '材料齐备', batch_id: b });
      const e = assertErrorWith(r, 409, 'batch_closed', ['today', 'opens_on', 'closes_on', 'open_batches'], 'batch_id');
      assert.equal(e.today, '2026-09-28');
      assert.deepEqual(e.open_batches, [{ id: ids.open, name: '2026年第三批', opens_on: '2026-09-01', closes_on: '2026-10-31' }]);
    }
    assert.equal(q(`SELECT state || ':' || coalesce(batch_id, 0) FROM projects WHERE id = ${ids.Q};`), 'submitted:0');
    assert.equal(count(`SELECT count(*) FROM events;`), events);
    // the open batch takes it; the closing day counts in China Standard Time
    const ok = await act('officer', ids.P, 'accept', { reason: '材料齐备，纳入本批', batch_id: ids.open });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.batch_id, ids.open);
  });

  test('an officer extends a batch with a reason (an event), never into the past', async () => {
    const patch = (body, who = 'officer') => call(who, 'PATCH', `/api/v1/batches/${ids.old}`, body);
    const events = count(`SELECT count(*) FROM events;`);
    assertError(await patch({ closes_on: '2026-10-15' }), 400, 'missing_field', 'reason');
    assertError(await patch({ closes_on: '2026-10-15', reason: '   ' }), 400, 'missing_field', 'reason');
    const past = assertErrorWith(await patch({ closes_on: '2026-09-27', reason: '补充征集' }), 422, 'date_in_past', ['today'], 'closes_on');
    assert.equal(past.today, '2026-09-28');
    assertError(await patch({ closes_on: '2026-10-15', reason: '补充征集' }, 'leader'), 403, 'forbidden');
    assert.equal(count(`SELECT count(*) FROM events;`), events);
    // today is allowed: the batch is open through its closing day
    const r = await patch({ closes_on: '2026-09-28', reason: '补充征集：延长受理期限' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.closes_on, '2026-09-28');
    const ev = (await eventsOf(s, tok.officer, `batch:${ids.old}`)).at(-1);
    assert.equal(ev.kind, 'batch.updated');
    assert.equal(ev.reason, '补充征集：延长受理期限');
    assert.equal(ev.actor, `user:${uid.officer}`);
    assert.deepEqual(ev.payload.changed, { closes_on: { from: '2026-08-31', to: '2026-09-28' } });
    // a name change alone needs no reason and is not held to the window
    assert.equal((await patch({ name: '2026年第二批（补充）' })).status, 200);
    const acc = await act('officer', ids.Q, 'accept', { reason: '材料齐备', batch_id: ids.old });
    assert.equal(acc.status, 200, acc.text);
    assert.equal(acc.json.batch_id, ids.old);
  });

  test('the pool is public to applicants: names, affiliations and fields only', async () => {
    const r = await call('tech', 'GET', '/api/v1/experts');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => x.user_id), [uid.e1, uid.e2, uid.e3]);
    for (const x of r.json.items) assert.deepEqual(Object.keys(x).sort(), ['affiliation', 'display_name', 'fields', 'user_id']);
    const o = await call('officer', 'GET', '/api/v1/experts');
    assert.equal(o.json.items[0].username, 'e1');
  });

  test('access is checked before the body: a non-member gets 404 for {}; a participant 403', async () => {
    assertError(await ask('oth', ids.P, {}), 404, 'not_found');
    assertError(await ask('oth', ids.P, { expert_id: uid.e1, reason: 'x' }), 404, 'not_found');
    assertError(await ask('sec', ids.P, {}), 403, 'not_lead');
    assertError(await ask('e1', ids.P, {}), 404, 'not_found'); // not assigned yet
    assertError(await ask('tech', 999999, {}), 404, 'not_found');
    assertError(await ask('tech', ids.P, {}), 400, 'missing_field', 'expert_id');
    assertError(await requests('oth', ids.P), 404, 'not_found');
    assert.equal(count(`SELECT count(*) FROM recusal_requests;`), 0);
  });

  test('a request before scoring opens takes effect only when an officer grants it', async () => {
    for (const u of ['e1', 'e2', 'e3']) {
      const a = await call('officer', 'POST', `/api/v1/projects/${ids.P}/assignments`, { expert_id: uid[u] });
      assert.equal(a.status, 201, a.text);
    }
    const r = await ask('tech', ids.P, { expert_id: uid.e1, reason: '该专家曾为竞争对手提供咨询' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), APPLICANT_KEYS);
    assert.equal(r.json.status, 'pending');
    ids.r1 = r.json.id;
    // not yet in effect: the expert is not conflicted and may still see the project
    const before = await call('officer', 'GET', `/api/v1/projects/${ids.P}/assignments`);
    assert.deepEqual(before.json.conflicts, []);
    assert.equal((await call('e1', 'GET', `/api/v1/projects/${ids.P}`)).status, 200);
    // naming someone outside the pool, or no one at all: the same answer shape
    for (const [k, x] of [['r9', uid.e9], ['rx', 987654]]) {
      const o = await ask('tech', ids.P, { expert_id: x, reason: '可能存在关联' });
      assert.equal(o.status, 201, o.text);
      assert.deepEqual(Object.keys(o.json).sort(), APPLICANT_KEYS);
      assert.equal(o.json.status, 'pending');
      ids[k] = o.json.id;
    }
    assertError(await ask('tech', ids.P, { expert_id: uid.e1, reason: '再次' }), 409, 'already_requested', 'expert_id');
    // the officer sees what the decision needs
    const off = await requests('officer', ids.P);
    assert.equal(off.status, 200, off.text);
    assert.deepEqual(off.json.items.map((x) => [x.id, x.in_pool, x.assigned, x.sheet_submitted]), [
      [ids.r1, true, true, false],
      [ids.r9, false, false, false],
      [ids.rx, false, false, false],
    ]);
    // grant and deny need a reason and an officer
    assertError(await decide('grant', ids.P, ids.r1, {}), 400, 'missing_field', 'reason');
    assertError(await decide('grant', ids.P, ids.r1, { reason: '同意' }, 'leader'), 403, 'forbidden');
    assertError(await decide('grant', ids.P, ids.r1, { reason: '同意' }, 'tech'), 403, 'forbidden');
    assertError(await decide('grant', ids.P, 999, { reason: '同意' }), 404, 'not_found');
    assertError(await decide('grant', ids.Q, ids.r1, { reason: '同意' }), 404, 'not_found');
    assertError(await decide('grant', ids.P, ids.rx, { reason: '同意' }), 422, 'not_in_pool', 'expert_id');
    const g = await decide('grant', ids.P, ids.r1, { reason: '经核实，存在利益关联' });
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.status, 'granted');
    assert.equal(g.json.decided_by, uid.officer);
    assertError(await decide('deny', ids.P, ids.r1, { reason: '改判' }), 409, 'already_decided');
    // the batch page's review panel shows the pending requests with the officer's forms
    const panel = await page('officer', `/batches/${ids.open}`);
    assert.equal(panel.status, 200);
    for (const k of ['r9', 'rx']) assert.match(panel.text, new RegExp(`data-recusal="${ids[k]}" data-status="pending"`));
    assert.match(panel.text, new RegExp(`data-recusal="${ids.r1}" data-status="granted"`));
    assert.match(panel.text, new RegExp(`action="/projects/${ids.P}/recusal-requests/${ids.r9}/deny"`));
    assert.doesNotMatch((await page('leader', `/batches/${ids.open}`)).text, /data-decide=/);
    // r9 is denied from the page, rx through the API
    const next = `/batches/${ids.open}#project-${ids.P}`;
    const f = await form('officer', `/projects/${ids.P}/recusal-requests/${ids.r9}/deny`, { reason: '所指人员不在专家库中', next });
    assert.equal(f.status, 303, f.text);
    assert.equal(f.location, next);
    const d = await decide('deny', ids.P, ids.rx, { reason: '所指人员不在专家库中' });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.status, 'denied');
    // now in effect: a conflict of source applicant, and the expert is blocked
    const after = await call('officer', 'GET', `/api/v1/projects/${ids.P}/assignments`);
    assert.deepEqual(after.json.conflicts.map((c) => [c.expert_id, c.source, c.declared_by]), [[uid.e1, 'applicant', uid.tech]]);
    assertError(await call('e1', 'GET', `/api/v1/projects/${ids.P}`), 404, 'not_found');
    const ev = (await eventsOf(s, tok.officer, `project:${ids.P}`)).filter((e) => e.kind.startsWith('recusal.'));
    assert.deepEqual(ev.map((e) => [e.kind, e.actor, e.payload.request_id, e.reason]), [
      ['recusal.requested', `user:${uid.tech}`, ids.r1, '该专家曾为竞争对手提供咨询'],
      ['recusal.requested', `user:${uid.tech}`, ids.r9, '可能存在关联'],
      ['recusal.requested', `user:${uid.tech}`, ids.rx, '可能存在关联'],
      ['recusal.granted', `user:${uid.officer}`, ids.r1, '经核实，存在利益关联'],
      ['recusal.denied', `user:${uid.officer}`, ids.r9, '所指人员不在专家库中'],
      ['recusal.denied', `user:${uid.officer}`, ids.rx, '所指人员不在专家库中'],
    ]);
    // the applicant sees each request and its outcome, and nothing else
    for (const who of ['tech', 'sec']) {
      const mine = await requests(who, ids.P);
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.requests_open, true);
      assert.deepEqual(mine.json.items.map((x) => [x.id, x.status, x.decision_reason]), [
        [ids.r1, 'granted', '经核实，存在利益关联'],
        [ids.r9, 'denied', '所指人员不在专家库中'],
        [ids.rx, 'denied', '所指人员不在专家库中'],
      ]);
      for (const x of mine.json.items) assert.deepEqual(Object.keys(x).sort(), APPLICANT_KEYS);
    }
  });

  test('after scoring opens the applicant\'s request is refused and the sheet keeps counting', async () => {
    const r = await act('officer', ids.P, 'start_review', { reason: '开始专家评审' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await call('e2', 'PUT', `/api/v1/projects/${ids.P}/scores`, sheet(4))).status, 201);
    assert.equal((await call('e3', 'PUT', `/api/v1/projects/${ids.P}/scores`, sheet(8))).status, 201);
    const rows = count(`SELECT count(*) FROM recusal_requests;`);
    // the low scorer cannot be struck after the fact; a name outside the pool gets the same
    for (const x of [uid.e2, uid.e9])
      assertError(await ask('tech', ids.P, { expert_id: x, reason: '发现利益关联' }), 409, 'scoring_open');
    assert.equal(count(`SELECT count(*) FROM recusal_requests;`), rows);
    const sc = await call('officer', 'GET', `/api/v1/projects/${ids.P}/scores`);
    assert.deepEqual(sc.json.items.map((x) => [x.username, x.counted]), [['e2', true], ['e3', true]]);
    assert.equal(sc.json.statistics.sheets, 2);
    assert.equal(sc.json.statistics.mean, 6);
    assert.equal((await requests('tech', ids.P)).json.requests_open, false);
    // an expert's own declaration (self-recusal) still works
    const self = await ask('e3', ids.P, { reason: '本人近期与申报单位有合作' });
    assert.equal(self.status, 201, self.text);
    assert.equal(self.json.source, 'expert');
    assert.equal((await call('officer', 'GET', `/api/v1/projects/${ids.P}/scores`)).json.statistics.sheets, 1);
  });

  test('an officer\'s exclusion, with a reason, leaves the figures and is the evidence of the decision', async () => {
    // e3 recused itself after scoring; a new pool expert is assigned and scores
    const add = await call('officer', 'POST', '/api/v1/experts', { user_id: uid.e9, affiliation: '独立专家' });
    assert.equal(add.status, 201, add.text);
    assert.equal((await call('officer', 'POST', `/api/v1/projects/${ids.P}/assignments`, { expert_id: uid.e9 })).status, 201);
    assert.equal((await call('e9', 'PUT', `/api/v1/projects/${ids.P}/scores`, sheet(9))).status, 201);
    const exclude = (body, who = 'officer') => call(who, 'POST', `/api/v1/projects/${ids.P}/exclusions`, body);
    assertError(await exclude({ expert_id: uid.e2 }), 400, 'missing_field', 'reason');
    for (const who of ['leader', 'tech', 'e2']) assertError(await exclude({ expert_id: uid.e2, reason: 'x' }, who), 403, 'forbidden');
    assertError(await exclude({ expert_id: uid.e1, reason: '未评分' }), 404, 'not_found', 'expert_id');
    // the officer's panel offers the exclusion of each counted sheet (not e3's: self-recused)
    const panel = await page('officer', `/batches/${ids.open}`);
    assert.match(panel.text, new RegExp(`data-exclude="${uid.e2}"`));
    assert.match(panel.text, new RegExp(`data-exclude="${uid.e9}"`));
    assert.doesNotMatch(panel.text, new RegExp(`data-exclude="${uid.e3}"`));
    const x = await exclude({ expert_id: uid.e2, reason: '评分表未按评分标准填写，经复核予以排除' });
    assert.equal(x.status, 201, x.text);
    assert.equal(x.json.excluded_by, uid.officer);
    assertError(await exclude({ expert_id: uid.e2, reason: '再次' }), 409, 'already_excluded', 'expert_id');
    const ev = (await eventsOf(s, tok.officer, `project:${ids.P}`)).filter((e) => e.kind === 'score.excluded');
    assert.deepEqual(ev.map((e) => [e.actor, e.payload.expert_id, e.reason]), [
      [`user:${uid.officer}`, uid.e2, '评分表未按评分标准填写，经复核予以排除'],
    ]);
    // out of the figures, still on record
    const sc = await call('officer', 'GET', `/api/v1/projects/${ids.P}/scores`);
    assert.deepEqual(sc.json.items.map((x) => [x.username, x.counted]), [['e2', false], ['e3', false], ['e9', true]]);
    assert.equal(sc.json.items[0].excluded_reason, '评分表未按评分标准填写，经复核予以排除');
    const after = await page('officer', `/batches/${ids.open}`);
    assert.doesNotMatch(after.text, new RegExp(`data-exclude="${uid.e2}"`));
    assert.match(after.text, /data-excluded>已排除<\/span> <small>评分表未按评分标准填写，经复核予以排除<\/small>/);
    assert.equal(sc.json.statistics.sheets, 1);
    assert.equal(sc.json.statistics.mean, 9);
    const batch = await call('officer', 'GET', `/api/v1/batches/${ids.open}`);
    const row = batch.json.ranking.find((x) => x.project_id === ids.P);
    assert.equal(row.sheets, 1);
    assert.equal(row.complete, true);
    // the selection carries the exclusion as its evidence
    const sel = await act('officer', ids.P, 'select', { reason: '评分完成，建议入选' });
    assert.equal(sel.status, 202, sel.text);
    const did = sel.json.decision.id;
    const evidence = {
      exclusions: [
        {
          expert_id: uid.e2,
          username: 'e2',
          display_name: null,
          reason: '评分表未按评分标准填写，经复核予以排除',
          excluded_by: uid.officer,
          excluded_by_name: 'officer',
          excluded_at: x.json.excluded_at,
        },
      ],
      sheets_counted: 1,
      scores_complete: true,
    };
    const d = await call('leader', 'GET', `/api/v1/decisions/${did}`);
    assert.equal(d.status, 200, d.text);
    assert.deepEqual(d.json.evidence, evidence);
    const pending = await call('leader', 'GET', '/api/v1/decisions?status=pending');
    assert.deepEqual(pending.json.items.find((i) => i.id === did).evidence, evidence);
    // on the chain, the exclusion precedes the proposal that rests on it
    const kinds = (await eventsOf(s, tok.officer, `project:${ids.P}`)).map((e) => e.kind);
    assert.ok(kinds.lastIndexOf('score.excluded') < kinds.lastIndexOf('decision.proposed'));
    // the leader's approval page shows it, with who excluded
    const pg = await fetch(`${s.url}/decisions`, { headers: { Cookie: sess.leader.cookie } });
    const html = await pg.text();
    assert.equal(pg.status, 200);
    const card = html.slice(html.indexOf(`data-decision="${did}"`));
    assert.match(card, new RegExp(`data-exclusion="${uid.e2}"`));
    assert.match(card, /评分表未按评分标准填写，经复核予以排除/);
    assert.match(card, /<td>officer<\/td>/);
    // the evidence cannot change under the pending decision
    assertError(await exclude({ expert_id: uid.e9, reason: '再排除' }), 409, 'decision_pending');
    const ok = await call('leader', 'POST', `/api/v1/decisions/${did}/approve`, { reason: '同意' });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual((await call('officer', 'GET', `/api/v1/decisions/${did}`)).json.evidence, evidence);
    assertError(await exclude({ expert_id: uid.e9, reason: '再排除' }), 409, 'invalid_state');
  });

  test('applicant views never show assignments or scores', async () => {
    for (const who of ['tech', 'sec']) {
      for (const path of [`/api/v1/projects/${ids.P}/assignments`, `/api/v1/projects/${ids.P}/scores`])
        assertError(await call(who, 'GET', path), 403, 'forbidden');
      const p = await call(who, 'GET', `/api/v1/projects/${ids.P}`);
      assert.equal(p.status, 200, p.text);
      const l = await requests(who, ids.P);
      for (const text of [p.text, l.text]) {
        assert.doesNotMatch(text, /assign|score|sheet|weighted|"e[1-9]"/i);
        for (const u of ['e2', 'e3']) assert.ok(!text.includes(`:${uid[u]},`) && !text.includes(`:${uid[u]}}`), u);
      }
      // the only experts an applicant's request view names are the ones it named itself
      assert.deepEqual(l.json.items.map((x) => x.expert_id), [uid.e1, uid.e9, 987654]);
      // the project's history shows the requests and their outcomes, not the review inside it
      const h = await call(who, 'GET', `/api/v1/events?subject=project:${ids.P}&limit=200`);
      assert.equal(h.status, 200, h.text);
      const kinds = h.json.items.map((e) => e.kind);
      assert.deepEqual(kinds.filter((k) => k.startsWith('recusal.')).length, 6);
      for (const k of kinds) assert.doesNotMatch(k, /^(expert|conflict|score)\./);
      for (const u of ['e2', 'e3']) assert.ok(!h.text.includes(`:${uid[u]},`) && !h.text.includes(`:${uid[u]}}`), u);
    }
  });
});
