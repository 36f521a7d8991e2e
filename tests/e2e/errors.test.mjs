// Bad input gets the documented error {"error":{"code","message","field"}} with the right
// status, and writes nothing. Authentication, roles, ownership, CSRF, log-out, expiry,
// and log-in throttling. Runs against a `baotu demo` database (the fixed demo accounts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api,
  assertError,
  badCreditCode,
  creditCode,
  institution,
  listInstitutions,
  login,
  runCli,
  sqlite3,
  startServer,
  tempDb,
} from './lib/harness.mjs';

const DEMO_PW = 'baotu-demo';
const { file, db } = tempDb();
let s;
const who = {}; // username -> login response

// What the database holds, to show that a refused request wrote nothing.
function snapshot() {
  const r = sqlite3(
    file,
    'SELECT (SELECT count(*) FROM events), (SELECT max(hash) FROM events), ' +
      '(SELECT count(*) FROM institutions), (SELECT max(updated_at) FROM institutions), ' +
      '(SELECT count(*) FROM users), (SELECT max(updated_at) FROM users);',
  );
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

// Runs fn, then asserts that nothing was written.
async function writesNothing(fn) {
  const before = snapshot();
  await fn();
  assert.equal(snapshot(), before, 'a refused request changed the database');
}

const officer = () => who.officer.token;

describe('errors, authentication and roles', () => {
  before(async () => {
    const d = await runCli(['demo', '--db', db]);
    assert.equal(d.code, 0, d.stderr);
    for (const u of ['admin', 'officer', 'leader', 'csrc', 'expert1', 'quancheng-sec', 'quanzhi-tech'])
      assert.match(d.stdout, new RegExp(`^\\s+${u}\\s`, 'm'), `demo does not print ${u}`);
    s = await startServer(db);
    for (const u of ['admin', 'officer', 'leader', 'csrc', 'expert1', 'quancheng-sec'])
      who[u] = await login(s, u, DEMO_PW);
  });
  after(async () => {
    await s.stopClean();
  });

  test('the demo accounts have their roles', () => {
    assert.equal(who.admin.user.role, 'admin');
    assert.equal(who.officer.user.role, 'officer');
    assert.equal(who.leader.user.role, 'leader');
    assert.equal(who.csrc.user.role, 'csrc');
    assert.equal(who.expert1.user.role, 'expert');
    assert.equal(who['quancheng-sec'].user.role, 'institution');
    assert.ok(Number.isInteger(who['quancheng-sec'].user.institution_id));
  });

  test('malformed JSON → 400 malformed_json, nothing written', async () => {
    await writesNothing(async () => {
      for (const body of [
        '{"name": ',
        '{"name": "x"} trailing',
        'null',
        '[]',
        '"a string"',
        '',
        '{"name": "a", "name": "b"}', // duplicate keys
        '{"name": "a\\u0000b"}', // NUL
        Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // bad UTF-8
        "{'name': 'single quotes'}",
      ]) {
        const r = await api(s, 'POST', '/api/v1/institutions', {
          token: officer(),
          body: typeof body === 'string' ? body : new Uint8Array(body),
        });
        assertError(r, 400, 'malformed_json', null);
      }
    });
  });

  test('unknown fields → 400 unknown_field naming the field', async () => {
    await writesNothing(async () => {
      let r = await api(s, 'POST', '/api/v1/institutions', {
        token: officer(),
        body: { ...institution(501), ceo: '张三' },
      });
      assertError(r, 400, 'unknown_field', 'ceo');
      r = await api(s, 'POST', '/api/v1/session', {
        body: { username: 'admin', password: DEMO_PW, remember: true },
      });
      assertError(r, 400, 'unknown_field', 'remember');
      r = await api(s, 'PATCH', `/api/v1/institutions/${who['quancheng-sec'].user.institution_id}`, {
        token: officer(),
        body: { id: 5 },
      });
      assertError(r, 400, 'unknown_field', 'id');
    });
  });

  test('wrong types → 400 invalid_type naming the field', async () => {
    await writesNothing(async () => {
      const cases = [
        ['national', 'yes'],
        ['jinan_branch', 1],
        ['name', 123],
        ['credit_code', 91370100],
        ['kind', ['securities_company']],
        ['registered_city', { zh: '济南市' }],
        ['tech_category', true],
      ];
      for (const [field, value] of cases) {
        const r = await api(s, 'POST', '/api/v1/institutions', {
          token: officer(),
          body: { ...institution(502), [field]: value },
        });
        assertError(r, 400, 'invalid_type', field);
      }
      const r = await api(s, 'POST', '/api/v1/session', {
        body: { username: 'admin', password: 12345678 },
      });
      assertError(r, 400, 'invalid_type', 'password');
    });
  });

  test('invalid credit code → 400 invalid_credit_code on credit_code', async () => {
    await writesNothing(async () => {
      const good = creditCode(503);
      for (const code of [
        badCreditCode(503), // wrong check character
        good.toLowerCase(),
        `${good.slice(0, 17)}I`, // I is not in the GB 32100 character set
        `91ABCDEFMA${good.slice(10)}`, // division code not digits
        good.slice(0, 17), // 17 characters
      ]) {
        const r = await api(s, 'POST', '/api/v1/institutions', {
          token: officer(),
          body: institution(503, { credit_code: code }),
        });
        assertError(r, 400, 'invalid_credit_code', 'credit_code');
      }
      // too long is refused too (with its own code)
      const r = await api(s, 'POST', '/api/v1/institutions', {
        token: officer(),
        body: institution(503, { credit_code: `${good}0` }),
      });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'credit_code');
    });
  });

  test('other invalid values → 400 naming the field', async () => {
    await writesNothing(async () => {
      const cases = [
        [{ kind: 'bank' }, 'invalid_value', 'kind'],
        [{ tech_category: 'blockchain' }, 'invalid_value', 'tech_category'],
        [{ tech_category: 'csrc_filed_it_service' }, 'invalid_value', 'tech_category'], // not a tech firm
        [{ name: '   ' }, 'missing_field', 'name'],
        [{ name: null }, 'missing_field', 'name'],
        [{ name: 'a\u0007b' }, 'invalid_text', 'name'],
        [{ name: '名'.repeat(201) }, 'too_long', 'name'],
        [{ registered_city: '' }, 'missing_field', 'registered_city'],
      ];
      for (const [over, code, field] of cases) {
        const r = await api(s, 'POST', '/api/v1/institutions', {
          token: officer(),
          body: institution(504, over),
        });
        assertError(r, 400, code, field);
      }
      const { main_office_city, ...noOffice } = institution(504);
      const r = await api(s, 'POST', '/api/v1/institutions', { token: officer(), body: noOffice });
      assertError(r, 400, 'missing_field', 'main_office_city');
    });
  });

  test('duplicate credit code → 409 duplicate_credit_code (create and update)', async () => {
    const existing = await listInstitutions(s, officer());
    assert.ok(existing.length >= 12, 'the demo registers institutions');
    await writesNothing(async () => {
      let r = await api(s, 'POST', '/api/v1/institutions', {
        token: officer(),
        body: institution(505, { credit_code: existing[0].credit_code }),
      });
      assertError(r, 409, 'duplicate_credit_code', 'credit_code');
      r = await api(s, 'PATCH', `/api/v1/institutions/${existing[1].id}`, {
        token: officer(),
        body: { credit_code: existing[0].credit_code },
      });
      assertError(r, 409, 'duplicate_credit_code', 'credit_code');
    });
    assert.equal((await listInstitutions(s, officer())).length, existing.length);
  });

  test('oversize body → 413 payload_too_large, nothing written', async () => {
    await writesNothing(async () => {
      // over the default 1 MiB
      const big = institution(506, { name: 'x'.repeat(1100 * 1024) });
      let r = await api(s, 'POST', '/api/v1/institutions', { token: officer(), body: big });
      assertError(r, 413, 'payload_too_large', null);
      // a server with --max-body 4096: just over the cap, declared and chunked
      const small = await startServer(db, ['--max-body', '4096']);
      try {
        const body = JSON.stringify(institution(506, { reason: 'r'.repeat(4200) }));
        assert.ok(Buffer.byteLength(body) > 4096);
        r = await api(small, 'POST', '/api/v1/institutions', { token: officer(), body });
        assertError(r, 413, 'payload_too_large', null);
        const enc = new TextEncoder();
        const stream = new ReadableStream({
          start(c) {
            for (let i = 0; i < 8; i++) c.enqueue(enc.encode(body.slice(i * 700, (i + 1) * 700)));
            c.enqueue(enc.encode(body.slice(8 * 700)));
            c.close();
          },
        });
        const res = await fetch(`${small.url}/api/v1/institutions`, {
          method: 'POST',
          body: stream,
          duplex: 'half',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${officer()}` },
        });
        assert.equal(res.status, 413);
        assert.equal((await res.json()).error.code, 'payload_too_large');
        // just under the cap is accepted as far as the size goes (then validated)
        r = await api(small, 'POST', '/api/v1/institutions', {
          token: officer(),
          body: JSON.stringify(institution(506, { reason: 'r'.repeat(3500), ceo: 1 })),
        });
        assertError(r, 400, 'unknown_field', 'ceo');
      } finally {
        await small.stopClean();
      }
    });
  });

  test('wrong content type → 415, nothing written', async () => {
    await writesNothing(async () => {
      const body = JSON.stringify(institution(507));
      for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
        const r = await api(s, 'POST', '/api/v1/institutions', {
          token: officer(),
          body,
          headers: { 'Content-Type': ct },
        });
        assertError(r, 415, 'unsupported_media_type', null);
      }
      const res = await fetch(`${s.url}/api/v1/institutions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${officer()}` },
        body: new Uint8Array(Buffer.from(body)), // no Content-Type at all
      });
      assert.equal(res.status, 415);
    });
    // with a charset parameter it is JSON
    const r = await api(s, 'POST', '/api/v1/institutions', {
      token: officer(),
      body: JSON.stringify(institution(507)),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    assert.equal(r.status, 201, r.text);
  });

  test('missing or bogus token → 401 unauthenticated, nothing written', async () => {
    await writesNothing(async () => {
      const bogus = [undefined, 'a'.repeat(64), 'short', `${officer()}0`, officer().toUpperCase()];
      for (const token of bogus) {
        let r = await api(s, 'GET', '/api/v1/institutions', { token });
        assertError(r, 401, 'unauthenticated', null);
        r = await api(s, 'POST', '/api/v1/institutions', { token, body: institution(508) });
        assertError(r, 401, 'unauthenticated', null);
        r = await api(s, 'GET', '/api/v1/events?subject=institution:1', { token });
        assertError(r, 401, 'unauthenticated', null);
      }
      const r = await api(s, 'GET', '/api/v1/institutions', {
        headers: { Authorization: `Basic ${Buffer.from('officer:baotu-demo').toString('base64')}` },
      });
      assertError(r, 401, 'unauthenticated', null);
      const c = await api(s, 'GET', '/api/v1/institutions', { cookie: `baotu_session=${'b'.repeat(64)}` });
      assertError(c, 401, 'unauthenticated', null);
    });
    // public routes need no token
    assert.equal((await api(s, 'GET', '/healthz')).status, 200);
  });

  test('wrong role → 403 forbidden, nothing written', async () => {
    await writesNothing(async () => {
      for (const u of ['expert1', 'leader', 'csrc', 'quancheng-sec']) {
        const r = await api(s, 'POST', '/api/v1/institutions', {
          token: who[u].token,
          body: institution(509),
        });
        assertError(r, 403, 'forbidden');
        const p = await api(s, 'PATCH', `/api/v1/institutions/${who['quancheng-sec'].user.institution_id}`, {
          token: who[u].token,
          body: { name: '改名' },
        });
        assertError(p, 403, 'forbidden');
        const d = await api(s, 'DELETE', `/api/v1/institutions/${who['quancheng-sec'].user.institution_id}`, {
          token: who[u].token,
        });
        assertError(d, 403, 'forbidden');
      }
      for (const u of ['officer', 'leader', 'csrc', 'expert1', 'quancheng-sec']) {
        let r = await api(s, 'GET', '/api/v1/users', { token: who[u].token });
        assertError(r, 403, 'forbidden');
        r = await api(s, 'POST', '/api/v1/users', {
          token: who[u].token,
          body: { username: 'mallory', role: 'admin', password: 'mallory-pw-123' },
        });
        assertError(r, 403, 'forbidden');
        r = await api(s, 'PATCH', `/api/v1/users/${who[u].user.id}`, {
          token: who[u].token,
          body: { role: 'admin' },
        });
        assertError(r, 403, 'forbidden');
        r = await api(s, 'POST', `/api/v1/users/${who.admin.user.id}/password`, {
          token: who[u].token,
          body: { password: 'taken-over-123' },
        });
        assertError(r, 403, 'forbidden');
      }
      // experts do not run the eligibility check
      const e = await api(s, 'POST', '/api/v1/eligibility', {
        token: who.expert1.token,
        body: { track: 'pilot', applicants: [] },
      });
      assertError(e, 403, 'forbidden');
    });
    // what the roles may do, they can
    assert.equal((await api(s, 'GET', '/api/v1/institutions', { token: who.expert1.token })).status, 200);
    assert.equal((await api(s, 'GET', '/api/v1/institutions', { token: who.leader.token })).status, 200);
    assert.equal((await api(s, 'GET', '/api/v1/users', { token: who.admin.token })).status, 200);
  });

  test('an institution user sees only its own institution', async () => {
    const me = who['quancheng-sec'];
    const own = me.user.institution_id;
    const all = await listInstitutions(s, officer());
    const other = all.find((x) => x.id !== own);
    const list = await api(s, 'GET', '/api/v1/institutions', { token: me.token });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.json.items.map((x) => x.id),
      [own],
    );
    assert.equal(list.json.items[0].name, '泉城证券股份有限公司');
    // even when asking past or around it
    const q = await api(s, 'GET', `/api/v1/institutions?q=${encodeURIComponent(other.name)}`, {
      token: me.token,
    });
    assert.deepEqual(q.json.items, []);
    assert.equal((await api(s, 'GET', `/api/v1/institutions/${own}`, { token: me.token })).status, 200);
    for (const x of all.filter((i) => i.id !== own)) {
      const r = await api(s, 'GET', `/api/v1/institutions/${x.id}`, { token: me.token });
      assertError(r, 404, 'not_found');
    }
    // the history of another institution, or of another user, is not theirs to read: 404, as
    // for the institution itself
    let r = await api(s, 'GET', `/api/v1/events?subject=institution:${other.id}`, { token: me.token });
    assertError(r, 404, 'not_found', 'subject');
    r = await api(s, 'GET', `/api/v1/events?subject=user:${who.officer.user.id}`, { token: me.token });
    assertError(r, 404, 'not_found', 'subject');
    r = await api(s, 'GET', `/api/v1/events?subject=institution:${own}`, { token: me.token });
    assert.equal(r.status, 200);
    assert.equal(r.json.items[0].kind, 'institution.created');
    r = await api(s, 'GET', `/api/v1/events?subject=user:${me.user.id}`, { token: me.token });
    assert.equal(r.status, 200);
    // an expert reads an institution's history as it reads the institution; no other account's
    r = await api(s, 'GET', `/api/v1/events?subject=institution:${own}`, { token: who.expert1.token });
    assert.equal(r.status, 200);
    r = await api(s, 'GET', `/api/v1/events?subject=user:${me.user.id}`, { token: who.expert1.token });
    assertError(r, 404, 'not_found', 'subject');
    // eligibility: only applications that include itself
    r = await api(s, 'POST', '/api/v1/eligibility', {
      token: me.token,
      body: { track: 'pilot', applicants: [{ institution_id: other.id, lead: true }] },
    });
    assertError(r, 403, 'forbidden');
    r = await api(s, 'POST', '/api/v1/eligibility', {
      token: me.token,
      body: { track: 'pilot', applicants: [{ institution_id: own, lead: true }] },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.eligible, true);
  });

  test('CSRF: a cookie-authenticated write needs X-CSRF-Token', async () => {
    const o = await login(s, 'officer', DEMO_PW);
    // reads with the cookie alone work
    const list = await api(s, 'GET', '/api/v1/institutions', { cookie: o.cookie });
    assert.equal(list.status, 200);
    const g = await api(s, 'GET', '/api/v1/session', { cookie: o.cookie });
    assert.equal(g.json.csrf, o.csrf);
    await writesNothing(async () => {
      let r = await api(s, 'POST', '/api/v1/institutions', { cookie: o.cookie, body: institution(510) });
      assertError(r, 403, 'csrf_failed', null);
      r = await api(s, 'POST', '/api/v1/institutions', {
        cookie: o.cookie,
        body: institution(510),
        headers: { 'X-CSRF-Token': who.officer.csrf }, // another session's token
      });
      assertError(r, 403, 'csrf_failed', null);
      r = await api(s, 'POST', '/api/v1/institutions', {
        cookie: o.cookie,
        body: institution(510),
        headers: { 'X-CSRF-Token': '' },
      });
      assertError(r, 403, 'csrf_failed', null);
      // log-out by cookie is a write too
      r = await api(s, 'DELETE', '/api/v1/session', { cookie: o.cookie });
      assertError(r, 403, 'csrf_failed', null);
    });
    const r = await api(s, 'POST', '/api/v1/institutions', {
      cookie: o.cookie,
      body: institution(510),
      headers: { 'X-CSRF-Token': o.csrf },
    });
    assert.equal(r.status, 201, r.text);
    const ev = await api(s, 'GET', `/api/v1/events?subject=institution:${r.json.id}`, { cookie: o.cookie });
    assert.equal(ev.json.items[0].actor, `user:${o.user.id}`);
    // a bearer token needs no CSRF token (it is not sent by a browser on its own)
    const b = await api(s, 'POST', '/api/v1/institutions', { token: o.token, body: institution(511) });
    assert.equal(b.status, 201, b.text);
  });

  test('log-out ends the session: the token is then 401', async () => {
    const o = await login(s, 'officer', DEMO_PW);
    assert.equal((await api(s, 'GET', '/api/v1/session', { token: o.token })).status, 200);
    const d = await api(s, 'DELETE', '/api/v1/session', { token: o.token });
    assert.equal(d.status, 204);
    assert.match(d.headers.get('set-cookie') || '', /baotu_session=;.*Max-Age=0/);
    let r = await api(s, 'GET', '/api/v1/session', { token: o.token });
    assertError(r, 401, 'unauthenticated', null);
    r = await api(s, 'POST', '/api/v1/institutions', { token: o.token, body: institution(512) });
    assertError(r, 401, 'unauthenticated', null);
    r = await api(s, 'GET', '/api/v1/institutions', { cookie: o.cookie });
    assertError(r, 401, 'unauthenticated', null);
    // the other sessions of the same user live on
    assert.equal((await api(s, 'GET', '/api/v1/session', { token: officer() })).status, 200);
    const ev = await api(s, 'GET', `/api/v1/events?subject=user:${o.user.id}&limit=200`, {
      token: who.admin.token,
    });
    assert.equal(ev.json.items.at(-1).kind, 'session.ended');
  });

  test('an expired session is 401', async () => {
    const o = await login(s, 'leader', DEMO_PW);
    assert.equal((await api(s, 'GET', '/api/v1/session', { token: o.token })).status, 200);
    // 12 hours cannot be waited for: age the session in the database instead
    const r = sqlite3(
      file,
      `PRAGMA busy_timeout = 5000; UPDATE sessions SET expires_at = ${Date.now() * 1000 - 1} ` +
        `WHERE expires_at = ${o.expires_at};`,
    );
    assert.equal(r.code, 0, r.stderr);
    const g = await api(s, 'GET', '/api/v1/session', { token: o.token });
    assertError(g, 401, 'unauthenticated', null);
    // the expiry is the configured 12 hours
    const ttl = o.expires_at - Date.now() * 1000;
    assert.ok(ttl > 11.9 * 3600e6 && ttl <= 12 * 3600e6, `ttl ${ttl}`);
    assert.match(o.setCookie, /Max-Age=43200/);
  });

  test('not found and bad parameters', async () => {
    for (const p of ['/api/v1/institutions/999999', '/api/v1/institutions/abc', '/api/v1/institutions/0', '/api/v1/institutions/-1', '/api/v1/users/999999']) {
      const r = await api(s, 'GET', p, { token: who.admin.token });
      assertError(r, 404, 'not_found');
    }
    await writesNothing(async () => {
      const r = await api(s, 'PATCH', '/api/v1/institutions/999999', {
        token: officer(),
        body: { name: 'x' },
      });
      assertError(r, 404, 'not_found');
    });
    for (const q of ['limit=0', 'limit=201', 'limit=abc', 'after=-3', 'after=x']) {
      const r = await api(s, 'GET', `/api/v1/institutions?${q}`, { token: officer() });
      assertError(r, 400, 'invalid_value', q.split('=')[0]);
    }
    for (const subj of ['', 'institution', 'institution:', ':7', `institution:${'9'.repeat(120)}`]) {
      const r = await api(s, 'GET', `/api/v1/events?subject=${encodeURIComponent(subj)}`, { token: officer() });
      assertError(r, 400, 'invalid_value', 'subject');
    }
    const r = await api(s, 'GET', '/api/v1/events', { token: officer() });
    assertError(r, 400, 'invalid_value', 'subject');
  });

  test('an error message follows the language asked for', async () => {
    const en = await api(s, 'POST', '/api/v1/institutions', {
      token: officer(),
      body: '{',
      headers: { 'Accept-Language': 'en-US,en;q=0.9' },
    });
    assertError(en, 400, 'malformed_json');
    assert.match(en.json.error.message, /JSON/);
    const zh = await api(s, 'POST', '/api/v1/institutions', {
      token: officer(),
      body: institution(513, { ceo: 1 }),
      headers: { 'Accept-Language': 'zh-CN' },
    });
    assertError(zh, 400, 'unknown_field', 'ceo');
    assert.match(zh.json.error.message, /ceo/);
    assert.doesNotMatch(zh.json.error.message, /\{field\}/);
  });
});

describe('log-in throttling', () => {
  test('5 failures for one account → 429 too_many_attempts with Retry-After', async () => {
    const s2 = await startServer(db);
    try {
      const attempt = (username, password) =>
        api(s2, 'POST', '/api/v1/session', { body: { username, password } });
      for (let i = 1; i <= 5; i++) {
        const r = await attempt('officer', `wrong-${i}-password`);
        assertError(r, 401, 'bad_credentials', null);
      }
      let r = await attempt('officer', 'wrong-6-password');
      assertError(r, 429, 'too_many_attempts', null);
      const wait = Number(r.headers.get('retry-after'));
      assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 900, `Retry-After ${wait}`);
      // while slowed down, even the right password waits
      r = await attempt('officer', DEMO_PW);
      assertError(r, 429, 'too_many_attempts', null);
      // another account from the same address is not slowed by this one's failures
      const other = await attempt('leader', DEMO_PW);
      assert.equal(other.status, 201, other.text);
      // after the wait, the right password works (a slow-down, not a lock-out)
      await new Promise((res) => setTimeout(res, wait * 1000 + 100));
      r = await attempt('officer', DEMO_PW);
      assert.equal(r.status, 201, r.text);
    } finally {
      await s2.stopClean();
    }
  });

  test('failures spread over many accounts from one address are slowed too', async () => {
    const s3 = await startServer(db);
    try {
      let r;
      let n = 0;
      for (n = 1; n <= 30; n++) {
        r = await api(s3, 'POST', '/api/v1/session', {
          body: { username: `nobody${n}`, password: 'not-the-password' },
        });
        if (r.status === 429) break;
        assertError(r, 401, 'bad_credentials', null);
      }
      assertError(r, 429, 'too_many_attempts', null);
      assert.ok(n > 5 && n <= 21, `address slowed after ${n - 1} failures`);
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      // and then also a real account from that address
      r = await api(s3, 'POST', '/api/v1/session', { body: { username: 'admin', password: DEMO_PW } });
      assertError(r, 429, 'too_many_attempts', null);
    } finally {
      await s3.stopClean();
    }
  });
});
