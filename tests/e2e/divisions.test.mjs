// §3.1 places as administrative division codes (GB/T 2260): names in full, short or English form
// or codes are one place and are judged by code; an unknown place is refused naming its field;
// a credit code whose registering authority is elsewhere gives a warning an officer
// acknowledges; a database from before places were coded is migrated, and what cannot be
// mapped is listed, not guessed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ON_PG,
  ROOT,
  addAccounts,
  addUser,
  api,
  assertError,
  creditCode,
  eventsOf,
  getPage,
  institution,
  login,
  postForm,
  runCli,
  sqlite3,
  startServer,
  tempDir,
} from './lib/harness.mjs';

const dir = tempDir();

// A form post from a page, with the session cookie and its CSRF token; a page.
const form = (s, who, path, fields) => postForm(s, path, fields, { who });
const page = (s, who, path) => getPage(s, path, who.cookie);

async function eligibility(s, token, id, track = 'pilot') {
  const r = await api(s, 'POST', '/api/v1/eligibility', {
    token,
    body: { track, applicants: [{ institution_id: id, lead: true }] },
  });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

describe('places as division codes (§3.1)', () => {
  const db = `sqlite:${join(dir, 'places.db')}`;
  let s;
  let admin;
  let officer;
  let leader;
  let member; // an institution user

  // Registers institution n with a credit code issued in division, and these places: 201.
  const register = async (n, division, places) => {
    const r = await api(s, 'POST', '/api/v1/institutions', {
      token: admin.token,
      body: institution(n, { credit_code: creditCode(n, division), ...places }),
    });
    assert.equal(r.status, 201, r.text);
    return r;
  };

  before(async () => {
    s = await startServer(db);
    ({
      root: admin,
      'case-officer': officer,
      'wg-leader': leader,
    } = await addAccounts(
      s,
      { admin: ['root'], officer: ['case-officer'], leader: ['wg-leader'] },
      { password: 'correct horse battery', db },
    ));
  });
  after(async () => {
    await s.stopClean();
  });

  test('short and English names are accepted, answered with full names and codes, and judged in jurisdiction', async () => {
    const forms = [
      { registered_province: '山东', registered_city: '济南', main_office_city: '济南' },
      { registered_province: 'Shandong', registered_city: 'JINAN', main_office_city: 'jinan' },
      { registered_province: '370000', registered_city: '370100', main_office_city: ' 济南市 ' },
      // Laiwu was merged into Jinan in January 2019
      { registered_province: '山东省', registered_city: '莱芜', main_office_city: 'Laiwu' },
    ];
    for (const [i, places] of forms.entries()) {
      const r = await api(s, 'POST', '/api/v1/institutions', {
        token: admin.token,
        body: institution(100 + i, places),
      });
      assert.equal(r.status, 201, r.text);
      const { registered_province, registered_province_code, registered_city, registered_city_code, main_office_city, main_office_city_code, warnings } = r.json;
      assert.deepEqual(
        [registered_province, registered_province_code, registered_city, registered_city_code, main_office_city, main_office_city_code, warnings],
        ['山东省', '370000', '济南市', '370100', '济南市', '370100', []],
      );
      const res = await eligibility(s, admin.token, r.json.id);
      assert.deepEqual(res.reasons, [], JSON.stringify(places));
      assert.equal(res.eligible, true);
      // the event holds the codes too
      const ev = await eventsOf(s, admin.token, `institution:${r.json.id}`);
      assert.equal(ev[0].payload.registered_city_code, '370100');
    }
    // a municipality is its own city; a city the table does not list, outside the pilot
    // province, is kept as sent and judged by its province; Qingdao in any form is outside the
    // Shandong bureau. Each case: places sent, fields expected back, the eligibility reasons.
    const cases = [
      [
        { n: 110, division: '110105', registered_province: 'beijing', registered_city: '北京', main_office_city: '杭州' },
        { registered_province: '北京市', registered_city_code: '110000', main_office_city: '杭州', main_office_city_code: null, warnings: [] },
        ['outside_jurisdiction'],
      ],
      [
        { n: 111, division: '330106', registered_province: '浙江', registered_city: '杭州市', main_office_city: '杭州市', kind: 'tech_firm' },
        // a Hangzhou code agrees with Zhejiang
        { registered_province_code: '330000', registered_city_code: null, registered_city: '杭州市', warnings: [] },
        null,
      ],
      [
        { n: 112, division: '370202', registered_province: 'Shandong', registered_city: 'Qingdao', main_office_city: '济南' },
        { registered_city_code: '370200' },
        ['outside_jurisdiction'],
      ],
    ];
    for (const [{ n, division, ...places }, expected, reasons] of cases) {
      const r = await register(n, division, places);
      assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, r.json[k]])), expected, places.registered_city);
      if (reasons)
        assert.deepEqual((await eligibility(s, admin.token, r.json.id)).reasons.map((x) => x.code), reasons);
    }
  });

  test('the divisions are listed for clients', async () => {
    const r = await api(s, 'GET', '/api/v1/places', { token: officer.token });
    assert.equal(r.status, 200, r.text);
    const jinan = r.json.items.find((d) => d.code === '370100');
    assert.deepEqual(jinan, {
      code: '370100',
      name: '济南市',
      short_name: '济南',
      name_en: 'Jinan',
      level: 'city',
      current_code: '370100',
    });
    assert.equal(r.json.items.find((d) => d.code === '371200').current_code, '370100');
    assert.equal(r.json.items.filter((d) => d.level === 'province').length, 34);
  });

  test('an unknown place is refused with 400 naming the field, and nothing is written', async () => {
    const before = await api(s, 'GET', '/api/v1/institutions?limit=200', { token: admin.token });
    const cases = [
      [{ registered_province: '火星' }, 'unknown_place', 'registered_province'],
      [{ registered_province: '山東省' }, 'unknown_place', 'registered_province'],
      [{ registered_province: 'Shandong Province' }, 'unknown_place', 'registered_province'],
      [{ registered_city: '济南西' }, 'unknown_place', 'registered_city'],
      [{ registered_city: '杭州市' }, 'unknown_place', 'registered_city'], // in Shandong
      [{ registered_city: '深圳' }, 'place_mismatch', 'registered_city'],
      [{ registered_province: '北京', registered_city: '朝阳区' }, 'unknown_place', 'registered_city'],
      [{ main_office_city: '999999' }, 'unknown_place', 'main_office_city'],
      // a district of a listed city is that city, never stored as somewhere else
      [{ main_office_city: '济南高新区' }, 'unknown_place', 'main_office_city'],
      [{ main_office_city: 'Jinan High-tech Zone' }, 'unknown_place', 'main_office_city'],
      [
        { registered_province: '广东', registered_city: '深圳南山区' },
        'unknown_place',
        'registered_city',
      ],
    ];
    for (const [places, code, field] of cases) {
      const r = await api(s, 'POST', '/api/v1/institutions', {
        token: admin.token,
        body: institution(120, places),
      });
      assertError(r, 400, code, field);
      assert.ok(r.json.error.message.includes(field), r.json.error.message);
    }
    // in English too
    const r = await api(s, 'POST', '/api/v1/institutions?lang=en', {
      token: admin.token,
      body: institution(120, { registered_province: '火星' }),
    });
    assertError(r, 400, 'unknown_place', 'registered_province');
    assert.match(r.json.error.message, /registered_province names no known administrative division/);
    // a change to an unknown place is refused the same way
    const first = before.json.items[0];
    const p = await api(s, 'PATCH', `/api/v1/institutions/${first.id}`, {
      token: admin.token,
      body: { registered_city: 'Jinan West' },
    });
    assertError(p, 400, 'unknown_place', 'registered_city');
    const afterList = await api(s, 'GET', '/api/v1/institutions?limit=200', { token: admin.token });
    assert.deepEqual(afterList.json, before.json);
  });

  test('a credit code naming another city registers with a warning that an officer acknowledges', async () => {
    // registered in Jinan, credit code issued in Qingdao (370202)
    const r = await register(130, '370202', { registered_city: '济南' });
    const id = r.json.id;
    assert.equal(r.json.registered_city_code, '370100');
    assert.equal(r.json.warnings.length, 1);
    const w = r.json.warnings[0];
    assert.equal(w.code, 'credit_code_place_mismatch');
    assert.equal(w.field, 'credit_code');
    assert.equal(w.clause, '§3.1');
    assert.equal(w.credit_code_city_code, '370200');
    assert.equal(w.acknowledged, null);
    assert.match(w.message, /信用代码/); // zh-CN by default
    // stored with the institution
    let g = await api(s, 'GET', `/api/v1/institutions/${id}`, { token: officer.token });
    assert.deepEqual(g.json.warnings, r.json.warnings);
    // the warning does not decide §3.1: the stated place does
    assert.equal((await eligibility(s, admin.token, id)).eligible, true);

    // an old Laiwu code (3712xx) points to Jinan; a Beijing district code fits Beijing
    for (const [n, division, places] of [
      [131, '371202', {}],
      [132, '110105', { registered_province: '北京市', registered_city: '北京市' }],
    ]) {
      const ok = await api(s, 'POST', '/api/v1/institutions', {
        token: admin.token,
        body: institution(n, { credit_code: creditCode(n, division), ...places }),
      });
      assert.equal(ok.status, 201, ok.text);
      assert.deepEqual(ok.json.warnings, [], division);
    }

    // an institution user may not acknowledge, not even its own institution's warning
    await addUser(db, 'member130', 'correct horse battery', 'institution', id);
    member = await login(s, 'member130', 'correct horse battery');
    const ackPath = `/api/v1/institutions/${id}/place-warning/acknowledge`;
    assertError(
      await api(s, 'POST', ackPath, { token: member.token, body: { reason: '已核实' } }),
      403,
      'forbidden',
    );
    // nor an admin or the CSRC: it is the working group's judgement
    assertError(
      await api(s, 'POST', ackPath, { token: admin.token, body: { reason: '已核实' } }),
      403,
      'forbidden',
    );
    // a reason is required
    assertError(await api(s, 'POST', ackPath, { token: officer.token, body: {} }), 400, 'missing_field', 'reason');
    assertError(
      await api(s, 'POST', ackPath, { token: officer.token, body: { reason: '  ' } }),
      400,
      'missing_field',
      'reason',
    );
    assertError(
      await api(s, 'POST', `/api/v1/institutions/999999/place-warning/acknowledge`, {
        token: officer.token,
        body: { reason: 'x' },
      }),
      404,
      'not_found',
    );
    const reason = '2021 年由青岛迁至济南，营业执照已核';
    const a = await api(s, 'POST', ackPath, { token: officer.token, body: { reason } });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.warnings[0].code, 'credit_code_place_mismatch');
    assert.equal(a.json.warnings[0].acknowledged.by, `user:${officer.user.id}`);
    assert.equal(a.json.warnings[0].acknowledged.reason, reason);
    assert.ok(Number.isInteger(a.json.warnings[0].acknowledged.at));
    assert.equal(a.json.version, r.json.version + 1);
    const ev = await eventsOf(s, officer.token, `institution:${id}`);
    assert.deepEqual(
      ev.map((e) => e.kind),
      ['institution.created', 'institution.place_warning_acknowledged'],
    );
    assert.equal(ev[1].actor, `user:${officer.user.id}`);
    assert.equal(ev[1].reason, reason);
    assert.equal(ev[1].payload.warning, 'credit_code_place_mismatch');
    // once only
    assertError(
      await api(s, 'POST', ackPath, { token: leader.token, body: { reason: '再次确认' } }),
      409,
      'already_acknowledged',
    );
    // an institution without a warning has nothing to acknowledge
    const plain = (await api(s, 'GET', '/api/v1/institutions?limit=1', { token: admin.token })).json
      .items[0];
    assertError(
      await api(s, 'POST', `/api/v1/institutions/${plain.id}/place-warning/acknowledge`, {
        token: leader.token,
        body: { reason: 'x' },
      }),
      409,
      'no_warning',
    );

    // an edit of the name keeps the acknowledgement; moving the registered place re-checks:
    // to Qingdao the code agrees, back to Jinan the warning returns, unacknowledged
    let p = await api(s, 'PATCH', `/api/v1/institutions/${id}`, {
      token: officer.token,
      body: { name: '测试机构130（更名）' },
    });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.warnings[0].acknowledged.reason, reason);
    p = await api(s, 'PATCH', `/api/v1/institutions/${id}`, {
      token: officer.token,
      body: { registered_city: '青岛' },
    });
    assert.equal(p.status, 200, p.text);
    assert.deepEqual(p.json.warnings, []);
    p = await api(s, 'PATCH', `/api/v1/institutions/${id}`, {
      token: officer.token,
      body: { registered_city: 'Jinan' },
    });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.warnings.length, 1);
    assert.equal(p.json.warnings[0].acknowledged, null);
    // a leader may acknowledge too; the page shows it in English on request
    const l = await api(s, 'POST', `${ackPath}?lang=en`, {
      token: leader.token,
      body: { reason: 'checked again' },
    });
    assert.equal(l.status, 200, l.text);
    assert.match(l.json.warnings[0].message, /registering authority/);
    g = await api(s, 'GET', `/api/v1/institutions/${id}`, { token: member.token });
    assert.equal(g.json.warnings[0].acknowledged.by, `user:${leader.user.id}`);
  });

  test('the institution page shows the warning and lets an officer acknowledge it', async () => {
    const r = await register(140, '370302', { registered_city: '济南' });
    const id = r.json.id;
    const action = `/institutions/${id}/place-warning/acknowledge`;
    // the registration form offers the divisions by name
    const f = await page(s, officer, '/institutions/new');
    assert.equal(f.status, 200);
    assert.match(f.text, /list="places-provinces"/);
    assert.match(f.text, /<option value="山东省">Shandong<\/option>/);
    assert.match(f.text, /<option value="济南市">Jinan<\/option>/);
    assert.doesNotMatch(f.text, /<option value="莱芜市">/, 'an abolished city is not offered');

    let p = await page(s, officer, `/institutions/${id}`);
    assert.equal(p.status, 200);
    assert.match(p.text, /id="place-warning"/);
    assert.match(p.text, /data-code="credit_code_place_mismatch"/);
    assert.match(p.text, /淄博市/); // where the code was issued
    assert.ok(p.text.includes(`action="${action}"`));
    // the institution's own user sees the warning, not the form
    await addUser(db, 'member140', 'correct horse battery', 'institution', id);
    const own = await login(s, 'member140', 'correct horse battery');
    p = await page(s, own, `/institutions/${id}`);
    assert.match(p.text, /id="place-warning"/);
    assert.ok(!p.text.includes(`action="${action}"`));
    assert.match(p.text, /待专项工作组确认/);
    assert.equal((await form(s, own, action, { reason: '我们已迁址' })).status, 403);
    // a blank reason shows the page again with the error on the field
    const bad = await form(s, officer, action, { reason: '' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /data-code="missing_field"/);
    assert.match(bad.text, /aria-invalid="true"/);
    // a change of registered place shows in the history by name, its code and warning with it
    let m = await api(s, 'PATCH', `/api/v1/institutions/${id}`, {
      token: officer.token,
      body: { registered_city: '淄博' },
    });
    assert.equal(m.status, 200, m.text);
    assert.deepEqual(m.json.warnings, []);
    p = await page(s, officer, `/institutions/${id}`);
    assert.match(p.text, /<b>注册登记地（市）<\/b> 济南市 <span aria-hidden="true">→<\/span> 淄博市/);
    assert.doesNotMatch(p.text, /注册登记地城市代码/);
    assert.match(p.text, /<b>信用代码与注册登记地（§3.1）<\/b> 待专项工作组确认。 <span aria-hidden="true">→<\/span> 无/);
    m = await api(s, 'PATCH', `/api/v1/institutions/${id}`, {
      token: officer.token,
      body: { registered_city: '济南' },
    });
    assert.equal(m.json.warnings[0].acknowledged, null);
    const ok = await form(s, officer, action, { reason: '淄博注册后迁至济南' });
    assert.equal(ok.status, 303, ok.text);
    assert.equal(ok.headers.get('location'), `/institutions/${id}`);
    p = await page(s, officer, `/institutions/${id}`);
    assert.match(p.text, /已由 case-officer 于 .* 确认：淄博注册后迁至济南/);
    // the history names the acknowledgement and its reason
    assert.match(p.text, /data-kind="institution.place_warning_acknowledged"/);
    assert.match(p.text, /确认信用代码登记地提示/);
    assert.ok(!p.text.includes(`action="${action}"`));
    const ev = await eventsOf(s, officer.token, `institution:${id}`);
    assert.equal(ev.at(-1).kind, 'institution.place_warning_acknowledged');
    assert.equal(ev.at(-1).reason, '淄博注册后迁至济南');
  });
});

/* ---------- a database from before places were coded ---------- */

function migrationText(version) {
  const d = ON_PG ? 'pg' : 'sqlite';
  const names = { 1: '0001_foundation.sql', 2: '0002_admission.sql' };
  const text = readFileSync(join(ROOT, 'src', 'store', 'migrations', d, names[version]), 'utf8');
  return { name: names[version], text, sum: createHash('sha256').update(text).digest('hex') };
}

describe('migrating a schema-2 register to division codes (§3.1)', () => {
  const file = join(dir, 'v2.db');
  const db = `sqlite:${file}`;
  const ids = {};
  let s;

  // The legacy rows: names as people typed them.
  const LEGACY = [
    ['short', '山东', '济南', '济南', '370102'],
    ['english', 'Shandong', 'Jinan', 'jinan', '370102'],
    ['traditional', '山東省', '济南市', '济南市', '370102'], // cannot be mapped
    ['district', '山东省', '济南高新区', '济南市', '370102'], // not a prefecture-level city
    ['hangzhou', '浙江省', '杭州市', '杭州市', '330106'], // unlisted city outside Shandong: fine
    ['qingdaoCode', '山东省', '济南市', '济南市', '370202'], // credit code from Qingdao
    ['crossed', '广东省', '济南市', '深圳市', '440300'], // a Jinan city in Guangdong
    ['office', '山东省', '济南市', '济南高新区', '370102'], // a zone of Jinan as main office
  ];

  before(async () => {
    // schema version 2 exactly as the binary of that version created it
    const m1 = migrationText(1);
    const m2 = migrationText(2);
    const int = ON_PG ? 'BIGINT' : 'INTEGER';
    let sql =
      `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, ` +
      `checksum TEXT NOT NULL, applied_at ${int} NOT NULL)${ON_PG ? '' : ' STRICT'};\n` +
      m1.text +
      '\n' +
      m2.text +
      '\n' +
      `INSERT INTO schema_migrations VALUES (1, '${m1.name}', '${m1.sum}', 1700000000000000);\n` +
      `INSERT INTO schema_migrations VALUES (2, '${m2.name}', '${m2.sum}', 1700000000000000);\n`;
    LEGACY.forEach(([key, prov, city, office, division], i) => {
      sql +=
        `INSERT INTO institutions (name, credit_code, kind, registered_province, registered_city, ` +
        `main_office_city, national, jinan_branch, tech_category, created_at, updated_at) VALUES ` +
        `('旧机构${key}', '${creditCode(200 + i, division)}', 'securities_company', '${prov}', ` +
        `'${city}', '${office}', 0, 0, NULL, 1700000000000000, 1700000000000000);\n`;
    });
    const r = sqlite3(file, sql);
    assert.equal(r.code, 0, r.stderr);
    const q = sqlite3(file, 'SELECT id, name FROM institutions ORDER BY id;');
    for (const line of q.stdout.trim().split('\n')) {
      const [id, name] = line.split('|');
      ids[name.replace('旧机构', '')] = Number(id);
    }
    assert.equal(Object.keys(ids).length, LEGACY.length);
  });
  after(async () => {
    if (s) await s.stopClean();
  });

  test('the old schema is refused until migrated', async () => {
    const r = await runCli(['places', '--db', db]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /schema_outdated/);
  });

  test('migrate maps full, short and English names to codes and lists what it cannot map', async () => {
    const r = await runCli(['migrate', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    // every migration after the admission schema (2) is applied, the division codes among them
    const later = readdirSync(join(ROOT, 'src', 'store', 'migrations', 'sqlite'))
      .filter((f) => /^\d+_.*\.sql$/.test(f))
      .map((f) => parseInt(f, 10))
      .filter((v) => v > 2);
    assert.ok(later.includes(3));
    assert.match(r.stdout, new RegExp(`schema at version ${Math.max(...later)} \\(${later.length} applied\\)`));
    const warned = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('baotu: warning: ') && /\t/.test(l))
      .map((l) => Number(l.slice('baotu: warning: '.length).split('\t')[0]))
      .sort((a, b) => a - b);
    assert.deepEqual(warned, [ids.traditional, ids.district, ids.crossed, ids.office]);
    assert.match(r.stderr, /4 institution\(s\) above have places that are not administrative divisions/);
    assert.match(r.stderr, /山東省/);

    const rows = sqlite3(
      file,
      'SELECT id, registered_province_code, registered_city_code, main_office_city_code, ' +
        'place_warning FROM institutions ORDER BY id;',
    ).stdout;
    const got = Object.fromEntries(
      rows
        .trim()
        .split('\n')
        .map((l) => l.split('|'))
        .map(([id, ...rest]) => [Number(id), rest.map((v) => v || null)]),
    );
    assert.deepEqual(got[ids.short], ['370000', '370100', '370100', null]);
    assert.deepEqual(got[ids.english], ['370000', '370100', '370100', null]);
    assert.deepEqual(got[ids.traditional], [null, null, '370100', null]);
    assert.deepEqual(got[ids.district], ['370000', null, '370100', null]);
    assert.deepEqual(got[ids.hangzhou], ['330000', null, null, null]);
    assert.deepEqual(got[ids.qingdaoCode], ['370000', '370100', '370100', 'credit_code_place_mismatch']);
    assert.deepEqual(got[ids.crossed], ['440000', null, '440300', null]);
    assert.deepEqual(got[ids.office], ['370000', '370100', null, null]);
    // the names stay as the register held them
    assert.equal(
      sqlite3(file, `SELECT registered_province FROM institutions WHERE id = ${ids.short};`).stdout.trim(),
      '山东',
    );
    // the migration is an event in the chain
    const v = await runCli(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stderr);
  });

  test('baotu places lists the unmapped rows, with --help', async () => {
    const h = await runCli(['places', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Usage: baotu places/);
    const r = await runCli(['places', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(
      lines.map((l) => [Number(l[0]), l[3], l[4]]),
      [
        [ids.traditional, 'registered_province', 'unknown_place'],
        [ids.district, 'registered_city', 'unknown_place'],
        [ids.crossed, 'registered_city', 'place_mismatch'],
        [ids.office, 'main_office_city', 'unknown_place'],
      ],
    );
    assert.equal(lines[0][2], '旧机构traditional');
  });

  test('the migrated register reads in full names, is judged by code, and is corrected by an officer', async () => {
    s = await startServer(db);
    const { root: admin, 'case-officer': officer } = await addAccounts(
      s,
      { admin: ['root'], officer: ['case-officer'] },
      { password: 'correct horse battery', db },
    );

    let g = await api(s, 'GET', `/api/v1/institutions/${ids.short}`, { token: admin.token });
    assert.equal(g.json.registered_province, '山东省');
    assert.equal(g.json.registered_city, '济南市');
    assert.equal(g.json.registered_province_code, '370000');
    // the false refusal this change is about: "山东"/"济南" is in jurisdiction
    assert.equal((await eligibility(s, admin.token, ids.short)).eligible, true);
    assert.equal((await eligibility(s, admin.token, ids.english)).eligible, true);
    // an unmapped province is not judged on its spelling
    const t = await eligibility(s, admin.token, ids.traditional);
    assert.deepEqual(
      t.reasons.map((x) => [x.code, x.institution_id]),
      [['place_unknown', ids.traditional]],
    );
    // nor is a city of the pilot province the migration could not map
    assert.deepEqual(
      (await eligibility(s, admin.token, ids.district)).reasons.map((x) => x.code),
      ['place_unknown'],
    );
    g = await api(s, 'GET', `/api/v1/institutions/${ids.traditional}`, { token: admin.token });
    assert.equal(g.json.registered_province, '山東省');
    assert.equal(g.json.registered_province_code, null);
    // the warning from the migration's credit-code check waits for an officer
    g = await api(s, 'GET', `/api/v1/institutions/${ids.qingdaoCode}`, { token: admin.token });
    assert.equal(g.json.warnings[0].code, 'credit_code_place_mismatch');
    assert.equal(g.json.warnings[0].acknowledged, null);

    // the admin listing is the CLI's
    let u = await api(s, 'GET', '/api/v1/places/unmapped', { token: officer.token });
    assert.equal(u.status, 200, u.text);
    assert.deepEqual(
      u.json.items.map((x) => [x.id, x.field, x.code]),
      [
        [ids.traditional, 'registered_province', 'unknown_place'],
        [ids.district, 'registered_city', 'unknown_place'],
        [ids.crossed, 'registered_city', 'place_mismatch'],
        [ids.office, 'main_office_city', 'unknown_place'],
      ],
    );
    assert.equal(u.json.next, null);
    const firstPage = await api(s, 'GET', '/api/v1/places/unmapped?limit=2', { token: officer.token });
    assert.equal(firstPage.json.items.length, 2);
    assert.equal(firstPage.json.next, String(ids.district));
    const rest = await api(s, 'GET', `/api/v1/places/unmapped?after=${firstPage.json.next}`, {
      token: officer.token,
    });
    assert.deepEqual(rest.json.items.map((x) => x.id), [ids.crossed, ids.office]);
    // an institution user may not see the list
    const inst = await addUser(db, 'old-member', 'correct horse battery', 'institution', ids.short);
    assert.ok(inst > 0);
    const member = await login(s, 'old-member', 'correct horse battery');
    assertError(await api(s, 'GET', '/api/v1/places/unmapped', { token: member.token }), 403, 'forbidden');

    // an edit that keeps the unmapped place is refused; correcting it is an ordinary edit
    assertError(
      await api(s, 'PATCH', `/api/v1/institutions/${ids.traditional}`, {
        token: officer.token,
        body: { name: '旧机构traditional（更名）' },
      }),
      400,
      'unknown_place',
      'registered_province',
    );
    const p = await api(s, 'PATCH', `/api/v1/institutions/${ids.traditional}`, {
      token: officer.token,
      body: { registered_province: '山东省', reason: '迁移后更正注册登记地' },
    });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.registered_province_code, '370000');
    const ev = await eventsOf(s, officer.token, `institution:${ids.traditional}`);
    assert.deepEqual(ev.at(-1).payload.changed.registered_province_code, { from: null, to: '370000' });
    assert.equal((await eligibility(s, admin.token, ids.traditional)).eligible, true);
    u = await api(s, 'GET', '/api/v1/places/unmapped', { token: officer.token });
    assert.deepEqual(u.json.items.map((x) => x.id), [ids.district, ids.crossed, ids.office]);
    // the register page lists them for the working group, not for the institution
    const reg = await page(s, officer, '/institutions');
    assert.match(reg.text, /id="unmapped-places"/);
    assert.ok(reg.text.includes(`/institutions/${ids.district}/edit`));
    assert.ok(!reg.text.includes(`/institutions/${ids.traditional}/edit`));
    assert.doesNotMatch((await page(s, member, '/institutions')).text, /unmapped-places/);
  });
});
