// Retention and legal hold (docs/OPERATIONS.md): an institution's two withdrawn applications,
// each with a file of its own; retention of materials set to one year; one application under a
// legal hold. Two years on, the purge (a dry run first, which writes nothing) empties the bytes
// of the other one's file only, as an event that keeps its hash, size and where it was
// attached; the event chain still verifies; once the hold is released, the held file goes too.
// A file still attached to a live project is never purged; a purged file's download answers 410.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { api, demoPilot, multipart, runCli } from './lib/harness.mjs';

let d;
let inst;
const app = {}; // name -> { id, sha256 }
const YEAR_US = 366 * 24 * 3600 * 1000000;

const pdf = () =>
  Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n% ', 'latin1'), randomBytes(64), Buffer.from('\n%%EOF\n')]);
const as = (user, method, path, body, extra = {}) => api(d.server, method, path, { token: d.token[user], body, ...extra });
const cli = (args) => runCli([...args, '--db', d.db], { env: d.clock.env, timeoutMs: 60000 });
const json = (r) => {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const blob = (sha) =>
  d.q(`SELECT length(data) || ',' || CASE WHEN purged_at IS NULL THEN 0 ELSE 1 END FROM blobs WHERE sha256 = '${sha}'`);
const events = () => Number(d.q('SELECT count(*) FROM events'));

async function application(name, { withdraw = true } = {}) {
  const p = await as('shenlan-tech', 'POST', '/api/v1/projects', {
    name,
    members: [{ institution_id: inst, lead: true, role: '研发' }],
  });
  assert.equal(p.status, 201, p.text);
  const m = multipart([
    { name: 'kind', value: 'technical_plan' },
    { name: 'file', filename: 'plan.pdf', type: 'application/pdf', data: pdf() },
  ]);
  const u = await as('shenlan-tech', 'POST', `/api/v1/projects/${p.json.id}/materials`, m.body, {
    headers: { 'Content-Type': m.type },
  });
  assert.equal(u.status, 201, u.text);
  if (withdraw) {
    const w = await as('shenlan-tech', 'POST', `/api/v1/projects/${p.json.id}/actions/withdraw`, { reason: '不再申请' });
    assert.equal(w.status, 200, w.text);
  }
  return { id: p.json.id, mid: u.json.id, sha256: u.json.sha256, size: u.json.size };
}

describe('retention and legal hold', () => {
  before(async () => {
    d = await demoPilot();
    inst = (await as('shenlan-tech', 'GET', '/api/v1/session')).json.user.institution_id;
    app.gone = await application('保留期测试一');
    app.held = await application('保留期测试二');
    app.live = await application('保留期测试三', { withdraw: false });
  });
  after(async () => {
    if (d) await d.stop();
  });

  test('retention is unset (kept for ever) until set, with a reason, within bounds', async () => {
    assert.deepEqual(json(await cli(['retention', 'show'])), {
      inspections: null,
      materials: null,
      messages: null,
      reports: null,
    });
    let r = await cli(['retention', 'set', 'contracts', '1', '--reason', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /invalid_value/);
    r = await cli(['retention', 'set', 'materials', '101', '--reason', 'x']);
    assert.match(r.stderr, /invalid_value/);
    r = await cli(['retention', 'set', 'materials', '1']);
    assert.match(r.stderr, /missing_field/);
    const set = json(await cli(['retention', 'set', 'materials', '1', '--reason', '项目结束后保存一年（测试）']));
    assert.equal(set.materials, 1);
    assert.equal(d.q("SELECT count(*) FROM events WHERE kind = 'settings.retention_changed'"), '1');
  });

  test('a legal hold is placed with a reason, as an event on the project', async () => {
    const h = json(await cli(['retention', 'hold', String(app.held.id), '--reason', '涉诉证据保全']));
    assert.equal(h.active, true);
    assert.equal(h.project_id, app.held.id);
    assert.equal(h.placed_by, null, 'placed from the command line');
    app.hold = h.id;
    assert.equal(
      d.q(`SELECT count(*) FROM events WHERE kind = 'legal_hold.placed' AND subject_id = '${app.held.id}'`),
      '1',
    );
    // the project's history shows the hold to the working group, not to the institution
    const kinds = async (who) =>
      (await as(who, 'GET', `/api/v1/events?subject=project:${app.held.id}&limit=200`)).json.items.map((x) => x.kind);
    assert.ok((await kinds('officer')).includes('legal_hold.placed'));
    const own = await kinds('shenlan-tech');
    assert.ok(own.includes('project.created') && !own.includes('legal_hold.placed'), own.join());
    const list = json(await cli(['retention', 'holds', String(app.held.id)]));
    assert.deepEqual(list.items.map((x) => x.id), [h.id]);
    const r = await cli(['retention', 'hold', '999999', '--reason', 'x']);
    assert.match(r.stderr, /not_found/);
  });

  test('before the time has come nothing is due', async () => {
    const r = json(await cli(['retention', 'purge', '--dry-run']));
    assert.deepEqual(r.purged.filter((x) => [app.gone.sha256, app.held.sha256].includes(x.sha256)), []);
  });

  test('two years on: a dry run writes nothing; the purge empties only the unheld file', async () => {
    writeFileSync(d.clock.file, String(Date.now() * 1000 + 2 * YEAR_US));
    const n = events();
    const dry = json(await cli(['retention', 'purge', '--dry-run']));
    assert.deepEqual(dry.purged.map((x) => x.sha256), [app.gone.sha256]);
    assert.deepEqual(dry.held.map((x) => x.sha256), [app.held.sha256]);
    assert.equal(events(), n, 'a dry run writes nothing');
    assert.equal(blob(app.gone.sha256), `${app.gone.size},0`);

    const r = json(await cli(['retention', 'purge']));
    assert.deepEqual(r.purged.map((x) => x.sha256), [app.gone.sha256]);
    assert.equal(r.bytes, app.gone.size);
    assert.equal(blob(app.gone.sha256), '0,1', 'the bytes are gone, the row and hash stay');
    assert.equal(blob(app.held.sha256), `${app.held.size},0`, 'the held file is whole');
    assert.equal(blob(app.live.sha256), `${app.live.size},0`, 'a live project keeps its files');
    const ev = JSON.parse(
      d.q(`SELECT payload FROM events WHERE kind = 'attachment.purged' AND subject_id = '${app.gone.sha256}'`),
    );
    assert.equal(ev.sha256, app.gone.sha256);
    assert.equal(ev.size, app.gone.size);
    assert.deepEqual(ev.attachments.map((x) => [x.kind, x.project_id]), [['materials', app.gone.id]]);
    const v = await cli(['audit', 'verify']);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    // a second purge finds nothing more to do
    assert.deepEqual(json(await cli(['retention', 'purge'])).purged, []);
    // a purged file answers 410 with a code of its own; a held one still downloads whole
    await d.relogin();
    const gone = await as('officer', 'GET', `/api/v1/projects/${app.gone.id}/materials/${app.gone.mid}`);
    assert.equal(gone.status, 410, gone.text);
    assert.equal(gone.json.error.code, 'purged');
    const held = await as('officer', 'GET', `/api/v1/projects/${app.held.id}/materials/${app.held.mid}`);
    assert.equal(held.status, 200, held.text);
    assert.equal(Number(held.headers.get('content-length')), app.held.size);
  });

  test('released, the hold keeps nothing any more; a second release is refused', async () => {
    const rel = json(await cli(['retention', 'release', String(app.hold), '--reason', '诉讼已结案']));
    assert.equal(rel.active, false);
    assert.equal(rel.release_reason, '诉讼已结案');
    const again = await cli(['retention', 'release', String(app.hold), '--reason', 'x']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /hold_released/);
    const r = json(await cli(['retention', 'purge']));
    assert.deepEqual(r.purged.map((x) => x.sha256), [app.held.sha256]);
    assert.equal(blob(app.live.sha256), `${app.live.size},0`);
  });
});
