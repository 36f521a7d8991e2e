// Every message id the sources use has a zh-CN translation (scripts/check-po), and the catalog
// keeps each {placeholder} of its msgid.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { ROOT } from './lib/harness.mjs';

test('every msgid has a zh-CN translation (scripts/check-po)', () => {
  const r = spawnSync('python3', [join(ROOT, 'scripts', 'check-po')], { encoding: 'utf8' });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `scripts/check-po found untranslated messages:\n${r.stderr}`);
  const n = Number(/check-po: (\d+) msgids/.exec(r.stderr)?.[1]);
  assert.ok(n > 100, `check-po collected only ${n} msgids: its extraction is broken`);
});

test('check-po collects UI labels, error messages, event kinds and role ids', () => {
  // --list shows what it collects: one of each source must be there.
  const r = spawnSync('python3', [join(ROOT, 'scripts', 'check-po'), '--list'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const ids = new Set(r.stdout.split('\n').map((l) => l.split('\t')[1]));
  for (const id of ['Eligibility checker', 'Field {field} is required.', 'institution.created', 'officer'])
    assert.ok(ids.has(id), `check-po does not collect ${JSON.stringify(id)}`);
});
