// Admins manage accounts over the API: create, change, deactivate, set a password (which
// ends the account's sessions). Every change is an event of the user.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, assertError, eventsOf, institution, login, runCli, serveWithAdmin, tempDb } from './lib/harness.mjs';

const { db } = tempDb();
let s;
let admin;

const create = (body) => api(s, 'POST', '/api/v1/users', { token: admin.token, body });
const patch = (id, body) => api(s, 'PATCH', `/api/v1/users/${id}`, { token: admin.token, body });
const setPassword = (id, password) =>
  api(s, 'POST', `/api/v1/users/${id}/password`, { token: admin.token, body: { password } });
const tryLogin = (username, password) =>
  api(s, 'POST', '/api/v1/session', { body: { username, password } });

describe('user management over the API', () => {
  before(async () => {
    ({ s, admin } = await serveWithAdmin(db, 'root-password-1'));
  });
  after(async () => {
    await s.stopClean();
  });

  let officerId;

  test('POST /api/v1/users creates an account that can log in', async () => {
    const r = await create({
      username: 'li.officer',
      role: 'officer',
      display_name: '李经办',
      password: 'officer-pw-123',
    });
    assert.equal(r.status, 201, r.text);
    const { username, role, display_name, active, institution_id } = r.json;
    assert.deepEqual({ username, role, display_name, active, institution_id }, {
      username: 'li.officer', role: 'officer', display_name: '李经办', active: true, institution_id: null,
    });
    assert.equal(r.json.password, undefined);
    assert.equal(r.json.password_hash, undefined);
    officerId = r.json.id;
    const o = await login(s, 'li.officer', 'officer-pw-123');
    assert.equal(o.user.id, officerId);
    assert.equal(o.user.role, 'officer');
    // it acts as an officer
    const c = await api(s, 'POST', '/api/v1/institutions', { token: o.token, body: institution(1) });
    assert.equal(c.status, 201, c.text);

    const got = await api(s, 'GET', `/api/v1/users/${officerId}`, { token: admin.token });
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, r.json);
    const list = await api(s, 'GET', '/api/v1/users', { token: admin.token });
    assert.deepEqual(
      list.json.items.map((u) => u.username),
      ['root', 'li.officer'],
    );
    assert.doesNotMatch(list.text, /argon2|password/);

    const ev = await eventsOf(s, admin.token, `user:${officerId}`);
    assert.equal(ev[0].kind, 'user.created');
    assert.equal(ev[0].actor, `user:${admin.user.id}`);
    assert.equal(ev[0].payload.username, 'li.officer');
    assert.doesNotMatch(JSON.stringify(ev), /argon2|officer-pw-123/);
  });

  test('an institution account needs a registered institution, and only it', async () => {
    const inst = (await api(s, 'GET', '/api/v1/institutions', { token: admin.token })).json.items[0];
    let r = await create({ username: 'inst1', role: 'institution', password: 'inst-pw-1234' });
    assertError(r, 400, 'invalid_value', 'institution_id');
    r = await create({ username: 'inst1', role: 'officer', institution_id: inst.id, password: 'inst-pw-1234' });
    assertError(r, 400, 'invalid_value', 'institution_id');
    r = await create({ username: 'inst1', role: 'institution', institution_id: 424242, password: 'inst-pw-1234' });
    assertError(r, 422, 'unknown_institution', 'institution_id');
    r = await create({ username: 'inst1', role: 'institution', institution_id: inst.id, password: 'inst-pw-1234' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.institution_id, inst.id);
    const u = await login(s, 'inst1', 'inst-pw-1234');
    const mine = await api(s, 'GET', '/api/v1/institutions', { token: u.token });
    assert.deepEqual(
      mine.json.items.map((x) => x.id),
      [inst.id],
    );
    // an institution with accounts cannot be deleted
    const d = await api(s, 'DELETE', `/api/v1/institutions/${inst.id}`, { token: admin.token });
    assertError(d, 409, 'in_use');
  });

  test('bad account input is refused and writes no user', async () => {
    const before = (await api(s, 'GET', '/api/v1/users', { token: admin.token })).json.items.length;
    const cases = [
      [{ username: 'li.officer', role: 'expert', password: 'expert-pw-123' }, 409, 'duplicate_username', 'username'],
      [{ username: 'Bad Name', role: 'expert', password: 'expert-pw-123' }, 400, 'invalid_username', 'username'],
      [{ username: 'x', role: 'expert', password: 'expert-pw-123' }, 400, 'invalid_username', 'username'],
      [{ username: 'zhang', role: 'expert', password: 'short' }, 400, 'weak_password', 'password'],
      [{ username: 'zhang', role: 'king', password: 'expert-pw-123' }, 400, 'invalid_value', 'role'],
      [{ username: 'zhang', password: 'expert-pw-123' }, 400, 'missing_field', 'role'],
      [{ username: 'zhang', role: 'expert' }, 400, 'missing_field', 'password'],
      [{ username: 'zhang', role: 'expert', password: 'expert-pw-123', admin: true }, 400, 'unknown_field', 'admin'],
      [{ username: 'zhang', role: 'expert', password: 12345678 }, 400, 'invalid_type', 'password'],
      [{ username: 'zhang', role: 'expert', password: 'expert-pw-123', institution_id: '1' }, 400, 'invalid_type', 'institution_id'],
    ];
    for (const [body, status, code, field] of cases) assertError(await create(body), status, code, field);
    const afterList = (await api(s, 'GET', '/api/v1/users', { token: admin.token })).json.items;
    assert.equal(afterList.length, before);
    assert.ok(!afterList.some((u) => u.username === 'zhang'));
  });

  test('PATCH /api/v1/users/{id} changes the role, and the open session acts with it', async () => {
    const o = await login(s, 'li.officer', 'officer-pw-123');
    const r = await patch(officerId, { role: 'leader', display_name: '李负责人', reason: '岗位调整' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.role, 'leader');
    assert.equal(r.json.display_name, '李负责人');
    assert.ok(r.json.updated_at > r.json.created_at);
    // the same token now has a leader's rights: no more registering institutions
    const me = await api(s, 'GET', '/api/v1/session', { token: o.token });
    assert.equal(me.json.user.role, 'leader');
    const c = await api(s, 'POST', '/api/v1/institutions', { token: o.token, body: institution(2) });
    assertError(c, 403, 'forbidden');
    const ev = await eventsOf(s, admin.token, `user:${officerId}`);
    const upd = ev.filter((e) => e.kind === 'user.updated');
    assert.equal(upd.length, 1);
    assert.equal(upd[0].reason, '岗位调整');
    assert.equal(upd[0].payload.role, 'leader');

    assertError(await patch(officerId, { password: 'x' }), 400, 'unknown_field', 'password');
    assertError(await patch(officerId, { role: 'king' }), 400, 'invalid_value', 'role');
    assertError(await patch(officerId, { active: 'no' }), 400, 'invalid_type', 'active');
    assertError(await patch(999999, { role: 'expert' }), 404, 'not_found');
    // an admin cannot lock themselves out
    assertError(await patch(admin.user.id, { role: 'officer' }), 409, 'self_lockout');
    assertError(await patch(admin.user.id, { active: false }), 409, 'self_lockout');
    const still = await api(s, 'GET', `/api/v1/users/${officerId}`, { token: admin.token });
    assert.equal(still.json.role, 'leader', 'refused patches changed nothing');
  });

  test('deactivating an account ends its sessions and refuses its log-in', async () => {
    const o = await login(s, 'li.officer', 'officer-pw-123');
    let r = await patch(officerId, { active: false });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.active, false);
    assertError(await api(s, 'GET', '/api/v1/session', { token: o.token }), 401, 'unauthenticated');
    assertError(await tryLogin('li.officer', 'officer-pw-123'), 401, 'bad_credentials');
    r = await patch(officerId, { active: true });
    assert.equal(r.status, 200);
    const again = await login(s, 'li.officer', 'officer-pw-123');
    assert.equal(again.user.active, true);
  });

  test('POST /api/v1/users/{id}/password sets it and ends that user\'s sessions', async () => {
    const a = await login(s, 'li.officer', 'officer-pw-123');
    const b = await login(s, 'li.officer', 'officer-pw-123');
    assert.equal((await api(s, 'GET', '/api/v1/session', { token: a.token })).status, 200);
    assertError(await setPassword(officerId, 'short'), 400, 'weak_password', 'password');
    assert.equal((await api(s, 'GET', '/api/v1/session', { token: a.token })).status, 200, 'a refused change ends nothing');
    const r = await setPassword(officerId, 'new-officer-pw-456');
    assert.equal(r.status, 204, r.text);
    for (const t of [a.token, b.token])
      assertError(await api(s, 'GET', '/api/v1/session', { token: t }), 401, 'unauthenticated');
    assertError(await api(s, 'GET', '/api/v1/institutions', { cookie: a.cookie }), 401, 'unauthenticated');
    assertError(await tryLogin('li.officer', 'officer-pw-123'), 401, 'bad_credentials');
    await login(s, 'li.officer', 'new-officer-pw-456');
    // the admin who did it is still logged in
    assert.equal((await api(s, 'GET', '/api/v1/session', { token: admin.token })).status, 200);
    const ev = await eventsOf(s, admin.token, `user:${officerId}`);
    const pw = ev.filter((e) => e.kind === 'user.password_changed');
    assert.equal(pw.length, 1);
    assert.equal(pw[0].actor, `user:${admin.user.id}`);
    assert.doesNotMatch(JSON.stringify(ev), /new-officer-pw-456|argon2/);
    assertError(await setPassword(999999, 'whatever-pw-1'), 404, 'not_found');
    assertError(
      await api(s, 'POST', `/api/v1/users/${officerId}/password`, {
        token: admin.token,
        body: { password: 'whatever-pw-1', old: 'x' },
      }),
      400,
      'unknown_field',
      'old',
    );
  });

  test('`baotu user passwd` on the command line also ends the sessions', async () => {
    const a = await login(s, 'li.officer', 'new-officer-pw-456');
    const r = await runCli(['user', 'passwd', 'li.officer', '--password-stdin', '--db', db], {
      input: 'cli-set-password-789\n',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /password of li\.officer changed/);
    assertError(await api(s, 'GET', '/api/v1/session', { token: a.token }), 401, 'unauthenticated');
    await login(s, 'li.officer', 'cli-set-password-789');
    const missing = await runCli(['user', 'passwd', 'nobody', '--password-stdin', '--db', db], {
      input: 'cli-set-password-789\n',
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not_found/);
    const list = await runCli(['user', 'list', '--db', db]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /li\.officer\s+leader\s+-\s+yes/);
    assert.match(list.stdout, /inst1\s+institution\s+\d+\s+yes/);
  });
});
