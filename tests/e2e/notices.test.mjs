// Public notice and launch (§4.2): publishing a notice counts its period on the
// working-day calendar; the public portal lists open notices and takes comments (rate-limited per
// address, length-limited, moderated); officers classify every comment; a major-risk comment
// needs the applicant's response with safeguards and compensation before the launch; launched
// pilots appear in the public register. Also the calendar admin (GET/PUT, the missing-year
// warning, validation). The clock is moved with BAOTU_CLOCK_FILE.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  addAccounts,
  api,
  assertError,
  eventsOf,
  getPage,
  institution,
  login,
  pluck,
  postForm,
  registerInstitutions,
  serveWithAdmin,
  tempDb,
  testClock,
} from './lib/harness.mjs';

const PW = 'notices-pw-1';
const { dir, db, q: sql } = tempDb('n.db');
const clock = testClock(dir);
let s;
const tok = {};
const ids = {};
let session; // the admin's cookie session, for the pages

// The test clock: a UTC instant; the server runs on from it.
const setClock = (iso) => writeFileSync(clock.file, String(Date.parse(iso) * 1000));
// Days later the sessions have expired: everyone logs in again.
async function relogin() {
  for (const u of Object.keys(tok)) tok[u] = (await login(s, u, PW)).token;
}

// An error with the documented shape plus detail keys (err_set_details).
function assertDetailedError(res, status, code) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.equal(res.json?.error?.code, code, res.text);
  assert.equal(typeof res.json.error.message, 'string');
  return res.json.error;
}

const quote = (v) => `'${String(v).replaceAll("'", "''")}'`;

const comment = (noticeId, body, headers = {}) =>
  api(s, 'POST', `/api/v1/public/notices/${noticeId}/comments`, { body, headers });
const moderate = (id, body, token = tok.off) =>
  api(s, 'POST', `/api/v1/comments/${id}/moderate`, { token, body });
const classify = (id, body, token = tok.off) =>
  api(s, 'POST', `/api/v1/comments/${id}/classify`, { token, body });
const respond = (id, body, token = tok.alpha) =>
  api(s, 'POST', `/api/v1/comments/${id}/response`, { token, body });
const act = (action, token = tok.off) =>
  api(s, 'POST', `/api/v1/projects/${ids.project}/actions/${action}`, {
    token,
    body: { reason: `${action} (test)` },
  });
const approve = (decisionId) =>
  api(s, 'POST', `/api/v1/decisions/${decisionId}/approve`, {
    token: tok.lead,
    body: { reason: 'approved (test)' },
  });

// A form post from a page (no redirect following), and a page.
const formPost = (path, fields, { cookie, origin } = {}) =>
  postForm(s, path, fields, { headers: { ...(cookie && { Cookie: cookie }), ...(origin && { Origin: origin }) } });
const page = (path, cookie) => getPage(s, path, cookie);

describe('public notice, comments, register and calendar', () => {
  before(async () => {
    setClock('2026-03-03T02:00:00Z'); // Tuesday 10:00 CST
    let admin;
    ({ s, admin } = await serveWithAdmin(db, PW, { env: clock.env, userEnv: {} }));
    ids.root = admin.id;
    tok.root = admin.token;
    session = await login(s, 'root', PW);
    Object.assign(
      ids,
      await registerInstitutions(s, tok.root, {
        alpha: institution(701, { name: '泉城证券股份有限公司' }),
        beta: institution(702, {
          name: '北京数智科技有限公司',
          kind: 'tech_firm',
          registered_province: '北京市',
          registered_city: '北京市',
          main_office_city: '北京市',
        }),
        gamma: institution(703, { name: '无关证券有限公司' }),
      }),
    );
    const accounts = await addAccounts(
      s,
      { officer: ['off'], leader: ['lead'], institution: { alpha: ids.alpha, beta: ids.beta, gamma: ids.gamma } },
      { password: PW, token: tok.root },
    );
    Object.assign(tok, pluck(accounts, 'token'));

    // A project that passed the CSRC's evaluation (the earlier steps have their own tests).
    const content = {
      summary: '基于大数据的基金投顾适当性匹配',
      scenarios: [
        { name: '智能投顾', description: '为个人投资者匹配基金组合', provider_institution_id: ids.alpha },
      ],
      technologies: ['big_data', 'ai'],
      service_content: '基金投资顾问服务',
      target_investors: '经适当性评估的个人投资者',
      risk_controls: '单户上限 10 万元；异常交易实时拦截',
      investor_protection: {
        complaint_channel: '400-000-0000',
        dispute_handling: '证券业协会调解',
        compensation: '先行赔付基金 500 万元',
      },
      emergency_plan: 'SECRET-EMERGENCY-PLAN',
      exit_plan: 'SECRET-EXIT-PLAN',
      funding_guarantee: 'SECRET-FUNDING',
    };
    const now = Date.parse('2026-03-01T00:00:00Z') * 1000;
    ids.project = Number(
      sql(`INSERT INTO projects (track, state, name, content, csrc_result, created_by, created_at,
             updated_at, submitted_at)
           VALUES ('pilot', 'csrc_evaluation', '智能投顾适当性试点', ${quote(JSON.stringify(content))},
             'pass', ${ids.root}, ${now}, ${now}, ${now}) RETURNING id;`),
    );
    sql(`INSERT INTO project_members (project_id, institution_id, lead, role, confirmed_at, confirmed_by)
         VALUES (${ids.project}, ${ids.alpha}, 1, '业务运营与投资者服务', ${now}, ${ids.root}),
                (${ids.project}, ${ids.beta}, 0, '算法研发', ${now}, ${ids.root});`);
  });
  after(async () => {
    await s.stopClean();
  });

  /* ---------- the calendar ---------- */

  test('GET /api/v1/calendar/{year}: the shipped schedule, and a warning for a missing year', async () => {
    const y = await api(s, 'GET', '/api/v1/calendar/2026', { token: tok.alpha });
    assert.equal(y.status, 200, y.text);
    assert.equal(y.json.year, 2026);
    assert.equal(y.json.complete, true);
    assert.equal(y.json.warning, null);
    const sf = y.json.days.find((d) => d.date === '2026-02-17');
    assert.equal(sf.kind, 'holiday');
    assert.ok(y.json.days.some((d) => d.kind === 'workday'));
    assert.ok(y.json.working_days > 240 && y.json.working_days < 255, String(y.json.working_days));

    const m = await api(s, 'GET', '/api/v1/calendar/2027', { token: tok.off });
    assert.equal(m.status, 200, m.text);
    assert.equal(m.json.complete, false);
    assert.deepEqual(m.json.days, []);
    assert.equal(typeof m.json.warning, 'string');
    assert.ok(m.json.warning.length > 10);
    assert.equal(m.json.working_days, 261); // weekends only

    // imported once, by the system
    const ev = await eventsOf(s, tok.root, 'calendar:data/cn-holidays.csv');
    assert.deepEqual(ev.map((e) => e.kind), ['calendar.imported']);
    assert.equal(ev[0].actor, 'system');
    assert.ok(ev[0].payload.days > 100);

    assert.equal((await api(s, 'GET', '/api/v1/calendar/27')).status, 401);
    assertError(await api(s, 'GET', '/api/v1/calendar/27', { token: tok.off }), 404, 'not_found');
    assertError(await api(s, 'GET', '/api/v1/calendar/abcd', { token: tok.off }), 404, 'not_found');
  });

  test('PUT /api/v1/calendar/{year}: admin only, validated, one event with before and after', async () => {
    const put = (year, body, token = tok.root) =>
      api(s, 'PUT', `/api/v1/calendar/${year}`, { token, body });
    assertError(await put(2027, { days: [] }, tok.off), 403, 'forbidden');
    assertError(await put(2027, {}), 400, 'missing_field', 'days');
    assertError(await put(2027, { days: {} }), 400, 'invalid_type', 'days');
    // one day of 2027 whose FIELD is refused as an invalid value
    const badDay = async (date, kind, field) =>
      assertError(await put(2027, { days: [{ date, kind }] }), 400, 'invalid_value', `days[0].${field}`);
    await badDay('2026-10-01', 'holiday', 'date');
    await badDay('2027-02-30', 'holiday', 'date');
    await badDay('2027-01-01', 'vacation', 'kind');
    // 2027-01-04 is a Monday: a make-up working day must be a Saturday or Sunday
    await badDay('2027-01-04', 'workday', 'kind');
    assertError(
      await put(2027, {
        days: [
          { date: '2027-01-01', kind: 'holiday' },
          { date: '2027-01-01', kind: 'holiday' },
        ],
      }),
      400,
      'duplicate_date',
      'days[1].date',
    );
    assertError(
      await put(2027, { days: [{ date: '2027-01-01', kind: 'holiday', colour: 'red' }] }),
      400,
      'unknown_field',
      'days[0].colour',
    );
    assertError(
      await put(2027, { days: [{ date: '2027-01-01', kind: 'holiday', name: 'x'.repeat(101) }] }),
      400,
      'too_long',
      'days[0].name',
    );
    // nothing was written by the refusals
    assert.equal((await api(s, 'GET', '/api/v1/calendar/2027', { token: tok.off })).json.complete, false);

    const days = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' }, // a Saturday may be a holiday
      { date: '2027-02-07', kind: 'workday', name: '春节调休上班', source: '测试' }, // Sunday
    ];
    const r = await put(2027, { days: [days[2], days[0], days[1]], reason: '录入 2027 年安排' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.complete, true);
    assert.equal(r.json.warning, null);
    assert.deepEqual(
      r.json.days.map((d) => [d.date, d.kind]),
      [
        ['2027-01-01', 'holiday'],
        ['2027-01-02', 'holiday'],
        ['2027-02-07', 'workday'],
      ],
    );
    assert.equal(r.json.working_days, 261 - 1 + 1);
    let ev = await eventsOf(s, tok.root, 'calendar:2027');
    assert.deepEqual(ev.map((e) => e.kind), ['calendar.changed']);
    assert.deepEqual(ev[0].payload.before, []);
    assert.equal(ev[0].payload.after.length, 3);
    assert.equal(ev[0].reason, '录入 2027 年安排');
    // the same days again: nothing is written
    assert.equal((await put(2027, { days })).status, 200);
    ev = await eventsOf(s, tok.root, 'calendar:2027');
    assert.equal(ev.length, 1);
    // other years are untouched
    const y26 = await api(s, 'GET', '/api/v1/calendar/2026', { token: tok.off });
    assert.ok(y26.json.days.some((d) => d.date === '2026-10-01'));
  });

  test('calendar pages: the missing-year banner, the admin form and its line-numbered errors', async () => {
    const p = await page('/calendar/2028', session.cookie);
    assert.equal(p.status, 200);
    assert.match(p.text, /class="warning-banner"/);
    assert.match(p.text, /<textarea[^>]*name="days"/);
    const ok = await page('/calendar/2026', session.cookie);
    assert.doesNotMatch(ok.text, /class="warning-banner"/);
    assert.match(ok.text, /2026-02-17/);
    // an officer reads it but has no form
    const offCookie = (await login(s, 'off', PW)).cookie;
    const po = await page('/calendar/2026', offCookie);
    assert.equal(po.status, 200);
    assert.doesNotMatch(po.text, /<textarea/);
    // a bad line is named by its number
    const bad = await formPost(
      '/calendar/2028',
      { csrf: session.csrf, days: 'date,kind,name,source\n2028-01-01,holiday,元旦,\n2028-01-03,workday,x,\n' },
      { cookie: session.cookie },
    );
    assert.equal(bad.status, 400);
    assert.match(bad.text, /data-code="invalid_value"/);
    assert.match(bad.text, /第 ?3 ?行|line 3/);
    const saved = await formPost(
      '/calendar/2028',
      { csrf: session.csrf, days: '2028-01-01,holiday,元旦,测试\r\n2028-01-02,holiday,"元旦, 休息",\r\n', reason: '' },
      { cookie: session.cookie },
    );
    assert.equal(saved.status, 303, saved.text);
    assert.equal(saved.headers.get('location'), '/calendar/2028?saved=1');
    const y = await api(s, 'GET', '/api/v1/calendar/2028', { token: tok.off });
    assert.deepEqual(
      y.json.days.map((d) => d.name),
      ['元旦', '元旦, 休息'],
    );
    // without the CSRF token: refused
    const nocsrf = await formPost('/calendar/2028', { days: '' }, { cookie: session.cookie });
    assert.equal(nocsrf.status, 403);
  });

  /* ---------- publishing the notice ---------- */

  test('publish_notice (approved): the notice opens today and closes on its 5th working day', async () => {
    const p = await act('publish_notice');
    assert.equal(p.status, 202, p.text);
    const a = await approve(p.json.decision.id);
    assert.equal(a.status, 200, a.text);
    const list = await api(s, 'GET', '/api/v1/public/notices');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.items.length, 1);
    const n = list.json.items[0];
    ids.notice = n.id;
    assert.equal(n.project_id, ids.project);
    assert.equal(n.opens_on, '2026-03-03');
    assert.equal(n.closes_on, '2026-03-09'); // Tue..Fri, then Monday
    assert.equal(n.working_days, 5);
    assert.equal(n.open, true);
    assert.equal(n.published_comments, 0);
    assert.equal(list.json.next, null);

    const ev = await eventsOf(s, tok.off, `project:${ids.project}`);
    const pub = ev.find((e) => e.kind === 'notice.published');
    assert.ok(pub, 'notice.published');
    assert.equal(pub.payload.notice_id, ids.notice);
    assert.equal(pub.payload.closes_on, '2026-03-09');
    assert.equal(pub.payload.public.name, '智能投顾适当性试点');
  });

  test('GET /api/v1/public/notices/{id}: the public fields only, no log-in', async () => {
    const r = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.equal(r.status, 200, r.text);
    const n = r.json;
    assert.equal(n.name, '智能投顾适当性试点');
    assert.equal(n.track, 'pilot');
    assert.deepEqual(
      n.members.map((m) => [m.name, m.lead, m.role]),
      [
        ['泉城证券股份有限公司', true, '业务运营与投资者服务'],
        ['北京数智科技有限公司', false, '算法研发'],
      ],
    );
    assert.deepEqual(n.technologies, ['big_data', 'ai']);
    assert.equal(n.scenarios[0].name, '智能投顾');
    assert.deepEqual(n.scenarios[0].provider, { institution_id: ids.alpha, name: '泉城证券股份有限公司' });
    assert.equal(n.service_content, '基金投资顾问服务');
    assert.equal(n.risk_controls, '单户上限 10 万元；异常交易实时拦截');
    assert.equal(n.investor_protection.compensation, '先行赔付基金 500 万元');
    assert.deepEqual(n.comments, []);
    assert.doesNotMatch(r.text, /SECRET/); // emergency and exit plans, funding stay private
    assertError(await api(s, 'GET', '/api/v1/public/notices/999'), 404, 'not_found');
    assertError(await api(s, 'GET', '/api/v1/public/notices/abc'), 404, 'not_found');
  });

  /* ---------- comments ---------- */

  test('POST comments: length limits, required body, strict fields', async () => {
    assertError(await comment(ids.notice, { body: 'x'.repeat(2001) }), 400, 'too_long', 'body');
    assertError(await comment(ids.notice, { body: '  \n ' }), 400, 'missing_field', 'body');
    assertError(await comment(ids.notice, {}), 400, 'missing_field', 'body');
    assertError(await comment(ids.notice, { body: 'ok', author: 'a'.repeat(101) }), 400, 'too_long', 'author');
    assertError(await comment(ids.notice, { body: 'ok', contact: 'c'.repeat(201) }), 400, 'too_long', 'contact');
    assertError(await comment(ids.notice, { body: 'ok', email: 'x@y' }), 400, 'unknown_field', 'email');
    assertError(await comment(ids.notice, 'not json'), 400, 'malformed_json');
    assertError(await comment(999, { body: 'ok' }), 404, 'not_found');
  });

  test('POST comments: stored pending, not public until published; only a keyed hash of the address', async () => {
    const texts = [
      '建议明确单户投资上限的计算口径。',
      '算法可能对老年投资者推荐高风险产品，存在重大风险隐患。',
      '广告：低价出售投资课程',
    ];
    ids.comments = [];
    for (const [i, body] of texts.entries()) {
      const r = await comment(ids.notice, {
        body: 'x'.repeat(0) + body,
        author: i === 1 ? '张先生' : undefined,
        contact: i === 1 ? 'zhang@example.com' : undefined,
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.status, 'pending');
      assert.equal(r.json.notice_id, ids.notice);
      ids.comments.push(r.json.id);
    }
    const pub = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.deepEqual(pub.json.comments, []);
    const hashes = sql(`SELECT DISTINCT address_hash FROM comments;`).split('\n');
    assert.equal(hashes.length, 1);
    assert.match(hashes[0], /^[0-9a-f]{64}$/);
    const plain = createHash('sha256').update('127.0.0.1').digest('hex');
    assert.notEqual(hashes[0], plain);
    assert.doesNotMatch(sql(`SELECT group_concat(address_hash || body) FROM comments;`), /127\.0\.0\.1/);
    const ev = (await eventsOf(s, tok.off, `project:${ids.project}`)).filter(
      (e) => e.kind === 'comment.received',
    );
    assert.equal(ev.length, 3);
    for (const e of ev) {
      assert.equal(e.actor, 'public');
      assert.deepEqual(Object.keys(e.payload).sort(), ['comment_id', 'notice_id']);
    }
  });

  test('POST comments: 5 per address per 10 minutes, then 429 with Retry-After', async () => {
    // three were sent by the test before: two more are allowed
    for (let i = 0; i < 2; i++) {
      const r = await comment(ids.notice, { body: `第${i + 4}条意见` });
      assert.equal(r.status, 201, r.text);
      ids.comments.push(r.json.id);
    }
    const r = await comment(ids.notice, { body: '第六条' });
    assertError(r, 429, 'too_many_comments');
    const wait = Number(r.headers.get('retry-after'));
    assert.ok(wait > 0 && wait <= 600, `Retry-After ${wait}`);
    // refused requests are not stored and do not count against a valid one later
    assert.equal(Number(sql(`SELECT count(*) FROM comments;`)), 5);
    setClock('2026-03-03T02:11:00Z');
    const again = await comment(ids.notice, { body: '十一分钟后的意见' });
    assert.equal(again.status, 201, again.text);
    ids.comments.push(again.json.id);
  });

  test('moderation: officers publish or hide; hiding needs a reason; the public sees published ones', async () => {
    const [c1, c2, c3] = ids.comments;
    assertError(await moderate(c1, { status: 'published' }, tok.alpha), 403, 'forbidden');
    assertError(await moderate(c1, { status: 'public' }), 400, 'invalid_value', 'status');
    assertError(await moderate(c3, { status: 'hidden' }), 400, 'missing_field', 'reason');
    assertError(await moderate(999, { status: 'published' }), 404, 'not_found');
    let r = await moderate(c1, { status: 'published' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'published');
    assert.equal((await moderate(c2, { status: 'published' })).status, 200);
    r = await moderate(c3, { status: 'hidden', reason: '广告' });
    assert.equal(r.json.status, 'hidden');
    // no-op: no second event
    await moderate(c1, { status: 'published' });
    const ev = (await eventsOf(s, tok.off, `project:${ids.project}`)).filter(
      (e) => e.kind === 'comment.moderated',
    );
    assert.equal(ev.length, 3);
    assert.deepEqual(ev[2].payload, { comment_id: c3, notice_id: ids.notice, from: 'pending', to: 'hidden' });
    assert.equal(ev[2].reason, '广告');

    const pub = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.deepEqual(pub.json.comments.map((c) => c.id), [c1, c2]);
    assert.equal(pub.json.comments[1].author, '张先生');
    assert.doesNotMatch(pub.text, /zhang@example\.com/);
    const list = await api(s, 'GET', '/api/v1/public/notices');
    assert.equal(list.json.items[0].published_comments, 2);
  });

  test('classification by officers; what staff and members see', async () => {
    const [c1, c2, c3] = ids.comments;
    assertError(await classify(c1, { classification: 'minor' }), 400, 'invalid_value', 'classification');
    assertError(await classify(c1, { classification: 'ordinary' }, tok.lead), 403, 'forbidden');
    assert.equal((await classify(c1, { classification: 'ordinary' })).status, 200);
    const r = await classify(c2, { classification: 'major_risk', reason: '涉及适当性' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.classification, 'major_risk');
    assert.equal((await classify(c3, { classification: 'ordinary' })).status, 200);

    const staff = await api(s, 'GET', `/api/v1/projects/${ids.project}/comments`, { token: tok.off });
    assert.equal(staff.status, 200, staff.text);
    assert.equal(staff.json.items.length, ids.comments.length);
    assert.equal(staff.json.notice.id, ids.notice);
    assert.deepEqual(staff.json.may, { moderate: true, classify: true, respond: false });
    const z = staff.json.items.find((c) => c.id === c2);
    assert.equal(z.contact, 'zhang@example.com');
    assert.equal(z.author, '张先生');

    // a member sees published and major-risk comments, without author or contact
    const beta = await api(s, 'GET', `/api/v1/projects/${ids.project}/comments`, { token: tok.beta });
    assert.equal(beta.status, 200, beta.text);
    assert.deepEqual(beta.json.items.map((c) => c.id), [c1, c2]);
    assert.equal(beta.json.items[1].contact, undefined);
    assert.equal(beta.json.items[1].author, undefined);
    assert.deepEqual(beta.json.may, { moderate: false, classify: false, respond: false });
    const alpha = await api(s, 'GET', `/api/v1/projects/${ids.project}/comments`, { token: tok.alpha });
    assert.deepEqual(alpha.json.may, { moderate: false, classify: false, respond: true });
    // another institution cannot see the project at all
    assertError(
      await api(s, 'GET', `/api/v1/projects/${ids.project}/comments`, { token: tok.gamma }),
      404,
      'not_found',
    );
    const ev = (await eventsOf(s, tok.off, `project:${ids.project}`)).filter(
      (e) => e.kind === 'comment.classified',
    );
    assert.deepEqual(ev[1].payload, { comment_id: c2, notice_id: ids.notice, from: null, to: 'major_risk' });
  });

  test("responses: the lead applicant only; all three texts for a major risk; length-limited", async () => {
    const [, c2, c3] = ids.comments;
    const full = { response: '将对 65 岁以上投资者关闭高风险推荐', safeguards: '人工复核', compensation: '先行赔付' };
    assertError(await respond(c2, full, tok.beta), 403, 'not_lead'); // a participant
    assertError(await respond(c2, full, tok.gamma), 404, 'not_found'); // not a member
    assertError(await respond(c2, full, tok.off), 403, 'forbidden'); // route: institutions only
    assertError(await respond(c2, { response: '会改进' }), 400, 'missing_field', 'safeguards');
    assertError(await respond(c2, { response: '会改进', safeguards: '人工复核' }), 400, 'missing_field', 'compensation');
    assertError(await respond(c2, { ...full, compensation: '   ' }), 400, 'missing_field', 'compensation');
    assertError(await respond(c2, { ...full, response: 'r'.repeat(4001) }), 400, 'too_long', 'response');
    assertError(await respond(c2, { ...full, safeguards: 's'.repeat(4001) }), 400, 'too_long', 'safeguards');
    assertError(await respond(c2, {}), 400, 'missing_field', 'response');
    assertError(await respond(c3, full), 404, 'not_found'); // hidden and ordinary: not the applicant's
    const r = await respond(c2, full);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.response.safeguards, '人工复核');
    const pub = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.equal(pub.json.comments[1].response.response, full.response);
    const ev = (await eventsOf(s, tok.off, `project:${ids.project}`)).filter(
      (e) => e.kind === 'comment.answered',
    );
    assert.equal(ev.length, 1);
    assert.equal(ev[0].payload.replaced, false);
  });

  test('the public pages: list, notice with its form, a comment sent by the form', async () => {
    const list = await page('/public');
    assert.equal(list.status, 200);
    assert.match(list.text, /智能投顾适当性试点/);
    const p = await page(`/public/notices/${ids.notice}`);
    assert.equal(p.status, 200);
    assert.match(p.text, /北京数智科技有限公司/);
    assert.match(p.text, /先行赔付基金 500 万元/);
    assert.match(p.text, /<textarea[^>]*name="body"[^>]*maxlength="2000"/);
    assert.doesNotMatch(p.text, /zhang@example\.com/);
    // a form posted from another site is refused
    const foreign = await formPost(
      `/public/notices/${ids.notice}/comments`,
      { body: '跨站' },
      { origin: 'https://evil.example' },
    );
    assert.equal(foreign.status, 403);
    const long = await formPost(
      `/public/notices/${ids.notice}/comments`,
      { body: 'y'.repeat(2001) },
      { origin: s.url },
    );
    assert.equal(long.status, 400);
    assert.match(long.text, /data-code="too_long"/);
    assert.match(long.text, /<textarea[^>]*name="body"[^>]*aria-invalid="true">y{2001}<\/textarea>/);
    const ok = await formPost(
      `/public/notices/${ids.notice}/comments`,
      { body: '第一行\r\n第二行', author: '', contact: '' },
      { origin: s.url },
    );
    assert.equal(ok.status, 303, ok.text);
    assert.equal(ok.headers.get('location'), `/public/notices/${ids.notice}?sent=1#comment-form`);
    const stored = sql(`SELECT body FROM comments ORDER BY id DESC LIMIT 1;`);
    assert.equal(stored, '第一行\n第二行');
    ids.comments.push(Number(sql(`SELECT max(id) FROM comments;`)));
    const thanks = await page(`/public/notices/${ids.notice}?sent=1`);
    assert.match(thanks.text, /class="notice-ok"/);
    // the staff page of the comments, with the officer's forms
    const offCookie = (await login(s, 'off', PW)).cookie;
    const staff = await page(`/projects/${ids.project}/comments`, offCookie);
    assert.equal(staff.status, 200);
    assert.match(staff.text, /action="\/comments\/\d+\/classify"/);
    assert.match(staff.text, /zhang@example\.com/);
  });

  /* ---------- launch ---------- */

  test('launch is refused while the period runs, with the first day it may launch', async () => {
    const r = await act('launch');
    const e = assertDetailedError(r, 422, 'notice_period_open');
    assert.equal(e.closes_on, '2026-03-09');
    assert.equal(e.first_launch_day, '2026-03-10');
    // still the last day of the period (Monday 23:30 CST)
    setClock('2026-03-09T15:30:00Z');
    await relogin();
    assertDetailedError(await act('launch'), 422, 'notice_period_open');
    assert.equal((await comment(ids.notice, { body: '最后一天的意见' })).status, 201);
    ids.comments.push(Number(sql(`SELECT max(id) FROM comments;`)));
  });

  test('after the period: comments are closed (409), the notice leaves the open list', async () => {
    setClock('2026-03-10T01:00:00Z'); // Tuesday 09:00 CST
    await relogin();
    const r = await comment(ids.notice, { body: '晚到的意见' });
    const e = assertDetailedError(r, 409, 'notice_closed');
    assert.equal(e.closes_on, '2026-03-09');
    const list = await api(s, 'GET', '/api/v1/public/notices');
    assert.deepEqual(list.json.items, []);
    const one = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.equal(one.json.open, false);
    const p = await page(`/public/notices/${ids.notice}`);
    assert.doesNotMatch(p.text, /name="body"/);
    const form = await formPost(`/public/notices/${ids.notice}/comments`, { body: '晚到' });
    assert.equal(form.status, 409);
  });

  test('launch waits for every comment to be reviewed, then for major-risk answers', async () => {
    const pending = ids.comments.slice(3);
    let e = assertDetailedError(await act('launch'), 422, 'comments_unreviewed');
    assert.deepEqual(e.comment_ids, pending);
    for (const id of pending) {
      assert.equal((await moderate(id, { status: 'published' })).status, 200);
      assert.equal((await classify(id, { classification: 'ordinary' })).status, 200);
    }
    const last = pending[pending.length - 1];
    assert.equal((await classify(last, { classification: 'major_risk' })).status, 200);
    e = assertDetailedError(await act('launch'), 422, 'major_risk_unanswered');
    assert.deepEqual(e.comment_ids, [last]);
    // an answer to an ordinary comment needs only the response
    assert.equal((await respond(ids.comments[0], { response: '已补充说明' })).status, 200);
    assert.equal(
      (await respond(last, { response: '已增加提示', safeguards: '双录', compensation: '全额赔付' })).status,
      200,
    );
    const p = await act('launch');
    assert.equal(p.status, 202, p.text);
    const a = await approve(p.json.decision.id);
    assert.equal(a.status, 200, a.text);
    assert.equal(sql(`SELECT state || ' ' || launched_on FROM projects WHERE id = ${ids.project};`), 'launched 2026-03-10');
  });

  test('after the launch: the register lists it; classification and responses are closed', async () => {
    const reg = await api(s, 'GET', '/api/v1/public/pilots');
    assert.equal(reg.status, 200, reg.text);
    assert.equal(reg.json.items.length, 1);
    const it = reg.json.items[0];
    assert.equal(it.project_id, ids.project);
    assert.equal(it.launched_on, '2026-03-10');
    assert.equal(it.state, 'launched');
    assert.equal(it.track, 'pilot');
    assert.equal(it.notice_id, ids.notice);
    assert.equal(it.members[0].name, '泉城证券股份有限公司');
    assert.doesNotMatch(reg.text, /SECRET/);
    assert.deepEqual((await api(s, 'GET', '/api/v1/public/pilots?track=coaching')).json.items, []);
    assertError(await api(s, 'GET', '/api/v1/public/pilots?track=x'), 400, 'invalid_value', 'track');
    const html = await page('/public/pilots');
    assert.equal(html.status, 200);
    assert.match(html.text, /2026-03-10/);
    assert.match(html.text, /<a href="\/public\/pilots" aria-current="page">/);
    assertError(await classify(ids.comments[0], { classification: 'major_risk' }), 409, 'invalid_state');
    assertError(await respond(ids.comments[1], { response: 'x', safeguards: 'y', compensation: 'z' }), 409, 'invalid_state');
    // the notice of a launched pilot stays readable
    const n = await api(s, 'GET', `/api/v1/public/notices/${ids.notice}`);
    assert.equal(n.status, 200);
    assert.equal(n.json.open, false);
  });
});
