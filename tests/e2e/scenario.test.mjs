// The command-line scenario: serve a temp database, add an admin with --password-stdin,
// log in, register institutions, get every §3 eligibility case right, and see every write
// in /api/v1/events.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  addUser,
  api,
  creditCheckChar,
  creditCode,
  eventsOf,
  institution,
  login,
  startServer,
  tempDir,
} from './lib/harness.mjs';

const dir = tempDir();
const db = `sqlite:${join(dir, 'x.db')}`;
let s;
let admin; // {token, user, ...}
const inst = {}; // name -> created institution

// The register this scenario works with: every §3 situation, and its edges.
const REGISTER = {
  secJinan: institution(1, { name: '泉城证券', kind: 'securities_company' }),
  techJinanCat: institution(2, {
    name: '泉智信息技术',
    kind: 'tech_firm',
    tech_category: 'csrc_filed_it_service',
  }),
  techJinanNoCat: institution(3, { name: '历城软件', kind: 'tech_firm' }),
  techShenzhen: institution(4, {
    name: '深蓝链科技',
    kind: 'tech_firm',
    credit_code: creditCode(4, '440300'), // issued in Shenzhen, where it is registered (§3.1)
    registered_province: '广东省',
    registered_city: '深圳市',
    main_office_city: '深圳市',
    tech_category: 'securities_it_subsidiary',
  }),
  secQingdao: institution(5, {
    name: '海港证券',
    credit_code: creditCode(5, '370200'),
    registered_city: '青岛市',
    main_office_city: '青岛市',
  }),
  nationalBeijing: institution(6, {
    name: '山河银行',
    kind: 'fund_custodian',
    credit_code: creditCode(6, '110000'),
    registered_province: '北京市',
    registered_city: '北京市',
    main_office_city: '北京市',
    national: true,
    jinan_branch: true,
  }),
  // registered in Zibo (Shandong, not Qingdao) with its main office in Jinan: a §3.1 subject
  fundZiboJinanOffice: institution(7, {
    name: '历下基金',
    kind: 'fund_manager',
    credit_code: creditCode(7, '370300'),
    registered_city: '淄博市',
  }),
  // registered in Qingdao (own CSRC bureau): a Jinan main office does not bring it in
  secQingdaoJinanOffice: institution(8, {
    name: '青济证券',
    credit_code: creditCode(8, '370200'),
    registered_city: '青岛市',
  }),
  // a national institution without an important Jinan branch
  nationalNoBranch: institution(9, {
    name: '京华期货',
    kind: 'futures_company',
    credit_code: creditCode(9, '110000'),
    registered_province: '北京市',
    registered_city: '北京市',
    main_office_city: '北京市',
    national: true,
  }),
  // a Jinan branch counts only for a national institution
  nonNationalBranch: institution(10, {
    name: '燕京咨询',
    kind: 'investment_consulting',
    credit_code: creditCode(10, '110000'),
    registered_province: '北京市',
    registered_city: '北京市',
    main_office_city: '北京市',
    jinan_branch: true,
  }),
  techQingdao: institution(11, {
    name: '琴岛科技',
    kind: 'tech_firm',
    credit_code: creditCode(11, '370200'),
    registered_city: '青岛市',
    main_office_city: '济南市',
    tech_category: 'csrc_recognized_tech',
  }),
};

async function check(track, applicants) {
  const body = {
    track,
    applicants: applicants.map(([k, lead]) => ({ institution_id: inst[k].id, lead: !!lead })),
  };
  const r = await api(s, 'POST', '/api/v1/eligibility', { token: admin.token, body });
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof r.json.eligible, 'boolean');
  assert.equal(r.json.track, track);
  assert.ok(Array.isArray(r.json.reasons));
  for (const reason of r.json.reasons) {
    assert.equal(typeof reason.code, 'string');
    assert.equal(typeof reason.message, 'string');
    assert.ok(reason.message.length > 0);
    assert.ok(reason.institution_id === null || Number.isInteger(reason.institution_id));
  }
  // eligible exactly when there is no reason against it
  assert.equal(r.json.eligible, r.json.reasons.length === 0, r.text);
  return r.json;
}

const codes = (res) => res.reasons.map((x) => x.code).sort();

// The check of APPLICANTS on TRACK refuses them for exactly the reasons EXPECTED (check() has
// already held that an answer with reasons is not eligible).
async function refusedFor(track, applicants, expected) {
  const res = await check(track, applicants);
  assert.deepEqual(codes(res), expected);
}

describe('the command-line scenario', () => {
  before(async () => {
    s = await startServer(db);
  });
  after(async () => {
    await s.stopClean();
  });

  test('an admin added with --password-stdin while serving can log in', async () => {
    const id = await addUser(db, 'root', 'correct horse battery');
    admin = await login(s, 'root', 'correct horse battery');
    assert.equal(admin.user.id, id);
    assert.equal(admin.user.username, 'root');
    assert.equal(admin.user.role, 'admin');
    assert.equal(admin.user.active, true);
    assert.equal(admin.user.password_hash, undefined);
    assert.match(admin.csrf, /^[0-9a-f]{64}$/);
    assert.ok(admin.expires_at > Date.now() * 1000, 'expires_at is in µs and in the future');
    assert.match(admin.setCookie, /HttpOnly/i);
    assert.match(admin.setCookie, /SameSite=(Lax|Strict)/i);
    const me = await api(s, 'GET', '/api/v1/session', { token: admin.token });
    assert.equal(me.status, 200);
    assert.equal(me.json.user.username, 'root');
    assert.equal(me.json.csrf, admin.csrf);
    // the wrong password does not log in
    const bad = await api(s, 'POST', '/api/v1/session', {
      body: { username: 'root', password: 'wrong horse battery' },
    });
    assert.equal(bad.status, 401);
    assert.equal(bad.json.error.code, 'bad_credentials');
  });

  test('credit codes: the JS check character matches the GB 32100-2015 example', () => {
    // the server agrees with it: every institution below is registered with such a code
    assert.equal(creditCheckChar('91350100M000100Y4'), '3');
    assert.equal(creditCode(1).length, 18);
  });

  test('institutions are registered via POST /api/v1/institutions', async () => {
    for (const [k, body] of Object.entries(REGISTER)) {
      const r = await api(s, 'POST', '/api/v1/institutions', { token: admin.token, body });
      assert.equal(r.status, 201, `${k}: ${r.text}`);
      const got = r.json;
      assert.ok(Number.isInteger(got.id) && got.id > 0);
      assert.equal(r.headers.get('location'), `/api/v1/institutions/${got.id}`);
      for (const [f, v] of Object.entries(body)) assert.deepEqual(got[f], v, `${k}.${f}`);
      assert.equal(got.version, 1);
      assert.ok(got.created_at > 0 && got.updated_at === got.created_at);
      inst[k] = got;
      const back = await api(s, 'GET', `/api/v1/institutions/${got.id}`, { token: admin.token });
      assert.equal(back.status, 200);
      assert.deepEqual(back.json, got);
    }
    const list = await api(s, 'GET', '/api/v1/institutions?limit=200', { token: admin.token });
    assert.equal(list.status, 200);
    assert.equal(list.json.items.length, Object.keys(REGISTER).length);
    assert.equal(list.json.next, null);
    // keyset pagination: pages of 4 cover the register exactly once
    const seen = [];
    let cursor = '';
    for (;;) {
      const p = await api(s, 'GET', `/api/v1/institutions?limit=4${cursor}`, {
        token: admin.token,
      });
      assert.equal(p.status, 200, p.text);
      assert.ok(p.json.items.length <= 4);
      seen.push(...p.json.items.map((x) => x.id));
      if (p.json.next === null) break;
      cursor = `&after=${p.json.next}`;
    }
    assert.deepEqual(
      seen,
      Object.values(inst).map((x) => x.id),
    );
    // the q filter matches names
    const q = await api(s, 'GET', `/api/v1/institutions?q=${encodeURIComponent('证券')}`, {
      token: admin.token,
    });
    assert.deepEqual(q.json.items.map((x) => x.name).sort(), ['泉城证券', '海港证券', '青济证券'].sort());
  });

  test('§3.2: a tech firm alone on the pilot track is refused (tech_firm_alone)', async () => {
    for (const k of ['techJinanCat', 'techShenzhen']) {
      await refusedFor('pilot', [[k, true]], ['tech_firm_alone']);
    }
  });

  test('§3.2: a joint application with no §3.1 subject is refused (no_applicant_subject)', async () => {
    await refusedFor('pilot', [
      ['techJinanCat', true],
      ['techShenzhen', false],
    ], ['no_applicant_subject']);
    await refusedFor('pilot', [
      ['techJinanCat', false],
      ['techJinanNoCat', true],
      ['techQingdao', false],
    ], ['no_applicant_subject']);
  });

  test('§3.2: exactly one lead (no_lead, multiple_leads)', async () => {
    await refusedFor('pilot', [
      ['secJinan', false],
      ['techShenzhen', false],
    ], ['no_lead']);
    await refusedFor('pilot', [['secJinan', false]], ['no_lead']);
    await refusedFor('pilot', [
      ['secJinan', true],
      ['techShenzhen', true],
    ], ['multiple_leads']);
  });

  test('§3.1: a Qingdao securities firm without Jinan office or branch is outside_jurisdiction', async () => {
    const res = await check('pilot', [['secQingdao', true]]);
    assert.equal(res.eligible, false);
    assert.equal(res.reasons.length, 1);
    assert.equal(res.reasons[0].code, 'outside_jurisdiction');
    assert.equal(res.reasons[0].institution_id, inst.secQingdao.id);
    // in a joint application the reason names the member at fault, not the others
    const joint = await check('pilot', [
      ['secJinan', true],
      ['secQingdao', false],
      ['techShenzhen', false],
    ]);
    assert.deepEqual(
      joint.reasons.map((x) => [x.code, x.institution_id]),
      [['outside_jurisdiction', inst.secQingdao.id]],
    );
  });

  test('§3.1: location edges (Zibo-registered with Jinan office in; Qingdao-registered out)', async () => {
    assert.equal((await check('pilot', [['fundZiboJinanOffice', true]])).eligible, true);
    const qd = await check('pilot', [['secQingdaoJinanOffice', true]]);
    assert.deepEqual(
      qd.reasons.map((x) => [x.code, x.institution_id]),
      [['outside_jurisdiction', inst.secQingdaoJinanOffice.id]],
    );
    const nb = await check('pilot', [['nationalNoBranch', true]]);
    assert.deepEqual(
      nb.reasons.map((x) => [x.code, x.institution_id]),
      [['outside_jurisdiction', inst.nationalNoBranch.id]],
    );
    const nn = await check('pilot', [['nonNationalBranch', true]]);
    assert.deepEqual(
      nn.reasons.map((x) => [x.code, x.institution_id]),
      [['outside_jurisdiction', inst.nonNationalBranch.id]],
    );
  });

  test('§3.1: a national institution in Beijing with an important Jinan branch is accepted', async () => {
    const res = await check('pilot', [['nationalBeijing', true]]);
    assert.equal(res.eligible, true);
    assert.deepEqual(res.reasons, []);
  });

  test('§3.2: a tech firm from any city joins a Jinan subject, as partner or lead', async () => {
    const partner = await check('pilot', [
      ['secJinan', true],
      ['techShenzhen', false],
    ]);
    assert.equal(partner.eligible, true);
    assert.deepEqual(partner.reasons, []);
    const lead = await check('pilot', [
      ['techShenzhen', true],
      ['secJinan', false],
    ]);
    assert.equal(lead.eligible, true);
    const qdTech = await check('pilot', [
      ['techQingdao', true],
      ['nationalBeijing', false],
      ['techJinanNoCat', false],
    ]);
    assert.equal(qdTech.eligible, true, JSON.stringify(qdTech));
  });

  test('§3.3: coaching only for a Jinan-registered tech firm with a category', async () => {
    const ok = await check('coaching', [['techJinanCat', true]]);
    assert.equal(ok.eligible, true);
    assert.deepEqual(ok.reasons, []);

    const sz = await check('coaching', [['techShenzhen', true]]);
    assert.equal(sz.eligible, false);
    assert.deepEqual(
      sz.reasons.map((x) => [x.code, x.institution_id]),
      [['coaching_not_registered_in_city', inst.techShenzhen.id]],
    );
    // registered in Qingdao with a Jinan office: §3.3 asks for registration in Jinan
    await refusedFor('coaching', [['techQingdao', true]], ['coaching_not_registered_in_city']);

    const nocat = await check('coaching', [['techJinanNoCat', true]]);
    assert.equal(nocat.eligible, false);
    assert.deepEqual(
      nocat.reasons.map((x) => [x.code, x.institution_id]),
      [['coaching_no_category', inst.techJinanNoCat.id]],
    );

    const sec = await check('coaching', [['secJinan', true]]);
    assert.equal(sec.eligible, false);
    assert.deepEqual(
      sec.reasons.map((x) => [x.code, x.institution_id]),
      [['coaching_not_tech_firm', inst.secJinan.id]],
    );

    // coaching is a single tech firm's application
    const pair = await check('coaching', [
      ['techJinanCat', true],
      ['secJinan', false],
    ]);
    assert.equal(pair.eligible, false);
    assert.ok(codes(pair).includes('coaching_single_applicant'), JSON.stringify(pair));
  });

  test('§3.3: coaching only without an eligible partner: with a Jinan securities firm the tech firm is refused coaching, alone it is admitted', async () => {
    // 暂未找到符合条件的申报主体: a tech firm that has a §3.1 partner applies with it as a pilot
    const joint = await check('coaching', [['techJinanCat', true], ['secJinan', false]]);
    assert.equal(joint.eligible, false);
    assert.ok(codes(joint).includes('coaching_single_applicant'), JSON.stringify(joint.reasons));
    const pilot = await check('pilot', [['techJinanCat', true], ['secJinan', false]]);
    assert.equal(pilot.eligible, true, JSON.stringify(pilot.reasons));
    const alone = await check('coaching', [['techJinanCat', true]]);
    assert.equal(alone.eligible, true);
  });

  test('eligibility input is validated', async () => {
    const post = (body) => api(s, 'POST', '/api/v1/eligibility', { token: admin.token, body });
    let r = await post({ track: 'sandbox', applicants: [] });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'track');
    r = await post({ track: 'pilot', applicants: [{ institution_id: 999999, lead: true }] });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.code, 'unknown_institution');
    assert.equal(r.json.error.field, 'applicants[0].institution_id');
    r = await post({ track: 'pilot', applicants: [{ institution_id: '1', lead: true }] });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'invalid_type');
    assert.equal(r.json.error.field, 'applicants[0].institution_id');
    r = await post({ track: 'pilot', applicants: [{ institution_id: inst.secJinan.id, boss: true }] });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'unknown_field');
    assert.equal(r.json.error.field, 'applicants[0].boss');
    r = await post({ track: 'pilot', applicants: 'all of them' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'invalid_type');
    r = await post({ track: 'pilot', applicants: [] });
    assert.equal(r.status, 200);
    assert.equal(r.json.eligible, false);
    assert.deepEqual(codes(r.json), ['no_applicants']);
    const many = Array.from({ length: 1000 }, () => ({ institution_id: inst.secJinan.id, lead: false }));
    r = await post({ track: 'pilot', applicants: many });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'too_long');
  });

  test('every create is in /api/v1/events as institution.created', async () => {
    for (const [k, created] of Object.entries(inst)) {
      const ev = await eventsOf(s, admin.token, `institution:${created.id}`);
      assert.equal(ev.length, 1, `${k}: ${JSON.stringify(ev)}`);
      const e = ev[0];
      assert.equal(e.kind, 'institution.created');
      assert.equal(e.subject_type, 'institution');
      assert.equal(e.subject_id, String(created.id));
      assert.equal(e.actor, `user:${admin.user.id}`);
      assert.ok(Number.isInteger(e.seq) && e.seq > 0);
      assert.ok(Number.isInteger(e.ts) && e.ts >= created.created_at);
      assert.match(e.hash, /^[0-9a-f]{64}$/);
      // the payload is the record as written
      assert.deepEqual(e.payload, created);
    }
  });

  test('an update is an institution.updated event naming the changed fields', async () => {
    const id = inst.fundZiboJinanOffice.id;
    const r = await api(s, 'PATCH', `/api/v1/institutions/${id}`, {
      token: admin.token,
      body: { main_office_city: '淄博市', name: '历下基金管理有限公司', reason: '年报更正' },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.main_office_city, '淄博市');
    assert.equal(r.json.name, '历下基金管理有限公司');
    assert.equal(r.json.version, 2);
    assert.equal(r.json.credit_code, inst.fundZiboJinanOffice.credit_code, 'untouched fields stay');
    const ev = await eventsOf(s, admin.token, `institution:${id}`);
    assert.deepEqual(
      ev.map((e) => e.kind),
      ['institution.created', 'institution.updated'],
    );
    const u = ev[1];
    assert.ok(u.seq > ev[0].seq);
    assert.equal(u.reason, '年报更正');
    assert.equal(u.actor, `user:${admin.user.id}`);
    assert.deepEqual(u.payload.changed, {
      main_office_city: { from: '济南市', to: '淄博市' },
      main_office_city_code: { from: '370100', to: '370300' },
      name: { from: '历下基金', to: '历下基金管理有限公司' },
    });
    assert.equal(u.payload.main_office_city, '淄博市');
    // eligibility reads the register as it is now: no Jinan office, registered in Zibo
    const res = await check('pilot', [['fundZiboJinanOffice', true]]);
    assert.deepEqual(
      res.reasons.map((x) => [x.code, x.institution_id]),
      [['outside_jurisdiction', id]],
    );
    // a PATCH that changes a boolean and a category records only those
    const t = await api(s, 'PATCH', `/api/v1/institutions/${inst.techJinanNoCat.id}`, {
      token: admin.token,
      body: { tech_category: 'csrc_recognized_tech' },
    });
    assert.equal(t.status, 200, t.text);
    const tev = await eventsOf(s, admin.token, `institution:${inst.techJinanNoCat.id}`);
    assert.equal(tev.length, 2);
    assert.deepEqual(tev[1].payload.changed, {
      tech_category: { from: null, to: 'csrc_recognized_tech' },
    });
    assert.equal(tev[1].reason, null);
    assert.equal((await check('coaching', [['techJinanNoCat', true]])).eligible, true);
  });

  test('an edit that changes nothing writes nothing (no version bump, no event)', async () => {
    const id = inst.secJinan.id;
    const before = await api(s, 'GET', `/api/v1/institutions/${id}`, { token: admin.token });
    const evBefore = await eventsOf(s, admin.token, `institution:${id}`);
    const same = await api(s, 'PATCH', `/api/v1/institutions/${id}`, {
      token: admin.token,
      body: { name: before.json.name, national: before.json.national },
    });
    assert.equal(same.status, 200, same.text);
    assert.equal(same.json.version, before.json.version);
    const empty = await api(s, 'PATCH', `/api/v1/institutions/${id}`, { token: admin.token, body: {} });
    assert.equal(empty.status, 200, empty.text);
    assert.equal(empty.json.version, before.json.version);
    const evAfter = await eventsOf(s, admin.token, `institution:${id}`);
    assert.equal(evAfter.length, evBefore.length);
  });

  test('a delete is an institution.deleted event; the record is gone, its history stays', async () => {
    const body = institution(99, { name: '临时登记' });
    const c = await api(s, 'POST', '/api/v1/institutions', { token: admin.token, body });
    assert.equal(c.status, 201, c.text);
    const id = c.json.id;
    const d = await api(s, 'DELETE', `/api/v1/institutions/${id}?reason=${encodeURIComponent('登记错误')}`, {
      token: admin.token,
    });
    assert.equal(d.status, 204, d.text);
    assert.equal((await api(s, 'GET', `/api/v1/institutions/${id}`, { token: admin.token })).status, 404);
    const again = await api(s, 'DELETE', `/api/v1/institutions/${id}`, { token: admin.token });
    assert.equal(again.status, 404);
    const ev = await eventsOf(s, admin.token, `institution:${id}`);
    assert.deepEqual(
      ev.map((e) => e.kind),
      ['institution.created', 'institution.deleted'],
    );
    assert.equal(ev[1].reason, '登记错误');
    assert.equal(ev[1].payload.credit_code, body.credit_code);
    // its credit code is free again
    const re = await api(s, 'POST', '/api/v1/institutions', { token: admin.token, body });
    assert.equal(re.status, 201, re.text);
    assert.notEqual(re.json.id, id);
  });

  test('log-ins and user creation are events of the user', async () => {
    const ev = await eventsOf(s, admin.token, `user:${admin.user.id}`);
    const kinds = ev.map((e) => e.kind);
    assert.equal(kinds[0], 'user.created');
    assert.equal(ev[0].actor, 'cli');
    assert.ok(kinds.includes('session.created'), kinds.join());
    assert.equal(ev[0].payload.password_hash, undefined, 'no password hash in the chain');
    assert.doesNotMatch(JSON.stringify(ev), /argon2|correct horse/);
  });
});
