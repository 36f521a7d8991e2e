// The working-day calendar's official schedule as a file (§4.2 periods count working days): the
// State Council publishes next year's holidays each autumn; an admin imports them as a CSV in
// the shipped file's format, over the API, on the calendar page or with `baotu calendar
// import`. From October on, staff see a warning until next year's schedule is in.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  addAccounts, api, assertError, assertErrorWith, eventsOf, getPage, login, multipart, runCli, serveWithAdmin,
  tempDb, testClock,
} from './lib/harness.mjs';

const { db, dir } = tempDb();
const PW = 'calendar-pw-1';
const clock = testClock(dir);
let s;
let admin;
let officer;

const CSV_2027 = [
  'date,kind,name,source',
  '2027-01-01,holiday,元旦,"国办发明电〔2026〕X号, 试"',
  '2027-02-06,workday,春节调休上班,国办发明电〔2026〕X号',
  '2027-02-07,holiday,春节,国办发明电〔2026〕X号',
  '',
].join('\n');
const CSV_2028 = 'date,kind,name,source\r\n2028-01-01,holiday,元旦,test\r\n';

const year = async (y) => (await api(s, 'GET', `/api/v1/calendar/${y}`, { token: admin.token })).json;
const imp = (body, token = admin.token) => api(s, 'POST', '/api/v1/calendar/import', { token, body });
const changes = async (y) =>
  (await eventsOf(s, admin.token, `calendar:${y}`)).filter((e) => e.kind === 'calendar.changed').length;

describe('calendar: the official schedule imported from a file', () => {
  before(async () => {
    clock.set('2026-09-30T10:00');
    ({ s, admin } = await serveWithAdmin(db, PW, { env: clock.env }));
    ({ officer } = await addAccounts(s, { officer: ['officer'] }, { password: PW, token: admin.token }));
  });
  after(async () => {
    await s.stopClean();
  });

  test('from October on, staff see that next year has no calendar; not before', async () => {
    let home = await getPage(s, '/', officer.cookie);
    assert.equal(home.status, 200);
    assert.doesNotMatch(home.text, /data-kind="calendar_next_year_missing"/);
    assert.match(home.text, /data-empty="dashboard"/);
    clock.set('2026-10-08T09:00'); // a week on: sessions expired, so log in again
    admin = await login(s, 'root', PW);
    officer = await login(s, 'officer', PW);
    home = await getPage(s, '/', officer.cookie);
    assert.match(home.text, /data-kind="calendar_next_year_missing"/);
    assert.match(home.text, /2027/);
    assert.match(home.text, /href="\/calendar\/2027#import"/);
    // the same item in the API, with its message in the caller's language
    const d = await api(s, 'GET', '/api/v1/dashboard', { token: officer.token, headers: { 'Accept-Language': 'en' } });
    assert.equal(d.status, 200, d.text);
    const item = d.json.items.find((i) => i.kind === 'calendar_next_year_missing');
    assert.deepEqual(
      [item.severity, item.due_at, item.project, item.params, item.link, item.message],
      ['warning', null, null, { year: 2027 }, '/calendar/2027#import', 'No working-day calendar for 2027 yet.'],
    );
    const dz = await api(s, 'GET', '/api/v1/dashboard', { token: admin.token, headers: { 'Accept-Language': 'zh-CN' } });
    const az = dz.json.items.find((i) => i.kind === 'calendar_next_year_missing');
    assert.equal(az.severity, 'urgent'); // the admin is the one who enters it
    assert.equal(az.message, '尚未录入 2027 年的工作日日历。');
    assert.equal((await api(s, 'GET', '/api/v1/dashboard')).status, 401);
  });

  test('refusals write nothing: another role, a malformed line (with its number), no day, unknown fields', async () => {
    const before2027 = await year(2027);
    assertError(await imp({ csv: CSV_2027 }, officer.token), 403, 'forbidden');
    const bad = await imp({ csv: 'date,kind,name,source\n2027-01-01,holiday,元旦,x\n2027-01-04,workday,周一,x\n' });
    assertErrorWith(bad, 400, 'invalid_csv', ['line'], 'csv');
    assert.equal(bad.json.error.line, 3);
    const twice = await imp({ csv: 'date,kind,name,source\n2027-01-01,holiday,a,x\n2027-01-01,holiday,b,x\n' });
    assertErrorWith(twice, 400, 'invalid_csv', ['line'], 'csv');
    assertError(await imp({ csv: 'date,kind,name,source\n' }), 400, 'invalid_value', 'csv');
    assertErrorWith(await imp({ csv: 'nonsense' }), 400, 'invalid_csv', ['line'], 'csv');
    assertError(await imp({ csv: CSV_2027, extra: 1 }), 400, 'unknown_field', 'extra');
    assertError(await imp({}), 400, 'missing_field', 'csv');
    const long = `date,kind,name,source\n2027-01-01,holiday,${'长'.repeat(40)},x\n`;
    assertErrorWith(await imp({ csv: long }), 400, 'too_long', ['line'], 'csv');
    assert.deepEqual(await year(2027), before2027);
    assert.equal(await changes(2027), 0);
  });

  test('the API replaces each year the file names, in one go; the same file again writes nothing', async () => {
    const r = await imp({ csv: CSV_2027 + CSV_2028.split('\r\n').slice(1).join('\n'), reason: '录入2027、2028年安排' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.years.map((y) => [y.year, y.days, y.changed]), [[2027, 3, true], [2028, 1, true]]);
    const y27 = await year(2027);
    assert.equal(y27.complete, true);
    assert.deepEqual(y27.days.map((d) => [d.date, d.kind]), [
      ['2027-01-01', 'holiday'], ['2027-02-06', 'workday'], ['2027-02-07', 'holiday'],
    ]);
    assert.equal(y27.days[0].source, '国办发明电〔2026〕X号, 试');
    assert.equal(r.json.years[0].working_days, y27.working_days);
    assert.equal(await changes(2027), 1);
    const ev = (await eventsOf(s, admin.token, 'calendar:2027')).find((e) => e.kind === 'calendar.changed');
    assert.equal(ev.reason, '录入2027、2028年安排');
    const again = await imp({ csv: CSV_2027 });
    assert.equal(again.status, 200);
    assert.equal(again.json.years[0].changed, false);
    assert.equal(await changes(2027), 1);
    // the warning is gone once next year is in
    const home = await getPage(s, '/', officer.cookie);
    assert.doesNotMatch(home.text, /data-kind="calendar_next_year_missing"/);
  });

  test('the calendar page imports a file for an admin; a bad file shows its line', async () => {
    const page = await getPage(s, '/calendar/2028', admin.cookie);
    assert.match(page.text, /action="\/calendar\/import"/);
    assert.match(page.text, /enctype="multipart\/form-data"/);
    const post = (csv) => {
      const m = multipart([
        { name: 'csrf', value: admin.csrf },
        { name: 'file', filename: '2028.csv', type: 'text/csv', data: csv },
        { name: 'reason', value: '页面导入' },
      ]);
      return fetch(`${s.url}/calendar/import`, {
        method: 'POST', redirect: 'manual', body: m.body,
        headers: { 'Content-Type': m.type, Cookie: admin.cookie },
      });
    };
    const ok = await post('date,kind,name,source\n2028-01-01,holiday,元旦,test\n2028-01-31,holiday,春节,test\n');
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/calendar/2028?saved=1');
    assert.deepEqual((await year(2028)).days.map((d) => d.date), ['2028-01-01', '2028-01-31']);
    const bad = await post('date,kind,name,source\n2028-02-01,workday,周二,x\n');
    assert.equal(bad.status, 400);
    const text = await bad.text();
    assert.match(text, /invalid_csv|第 2 行|line 2/);
    assert.deepEqual((await year(2028)).days.map((d) => d.date), ['2028-01-01', '2028-01-31']);
    // without the CSRF token the form is refused
    const m = multipart([{ name: 'file', filename: 'x.csv', data: CSV_2028 }]);
    const noCsrf = await fetch(`${s.url}/calendar/import`, {
      method: 'POST', redirect: 'manual', body: m.body, headers: { 'Content-Type': m.type, Cookie: admin.cookie },
    });
    assert.equal(noCsrf.status, 403);
    // an officer may not
    const o = await login(s, 'officer', PW);
    const m2 = multipart([{ name: 'csrf', value: o.csrf }, { name: 'file', filename: 'x.csv', data: CSV_2028 }]);
    const asOfficer = await fetch(`${s.url}/calendar/import`, {
      method: 'POST', redirect: 'manual', body: m2.body, headers: { 'Content-Type': m2.type, Cookie: o.cookie },
    });
    assert.equal(asOfficer.status, 403);
  });

  test('baotu calendar import FILE: a line a year; a bad file exits 1, names its line, changes nothing', async () => {
    const good = join(dir, '2029.csv');
    writeFileSync(good, 'date,kind,name,source\n2029-01-01,holiday,元旦,cli\n');
    const r = await runCli(['calendar', 'import', good, '--db', db, '--reason', '命令行导入']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^2029: 1 special days, \d+ working days, replaced$/m);
    const again = await runCli(['calendar', 'import', good, '--db', db]);
    assert.match(again.stdout, /^2029: .* unchanged$/m);
    const badFile = join(dir, 'bad.csv');
    writeFileSync(badFile, 'date,kind,name,source\n2029-03-01,holiday,x,y\n2029-03-05,workday,周一,y\n');
    const b = await runCli(['calendar', 'import', badFile, '--db', db]);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /line 3/);
    assert.match(b.stderr, /invalid_csv/);
    assert.deepEqual((await year(2029)).days.map((d) => d.date), ['2029-01-01']);
    const usage = await runCli(['calendar', 'export']);
    assert.equal(usage.code, 2);
    const help = await runCli(['calendar', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: baotu calendar import FILE/);
  });
});
