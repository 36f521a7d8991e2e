// What ships in dist/: the systemd unit of a node passes `systemd-analyze verify` (no error, no
// warning) and keeps its hardening (scripts/check-systemd-unit), and starts the binary the way
// docs/DEPLOY.md says.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { ROOT } from './lib/harness.mjs';

const UNIT = join(ROOT, 'dist', 'baotu.service');
const hasAnalyze = spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0;

test(
  'dist/baotu.service passes scripts/check-systemd-unit',
  { skip: !hasAnalyze && 'systemd-analyze is not installed (Debian package systemd)' },
  () => {
    const r = spawnSync(join(ROOT, 'scripts', 'check-systemd-unit'), [UNIT], { encoding: 'utf8' });
    assert.equal(r.status, 0, `check-systemd-unit failed:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /verifies; Overall exposure level/);
  },
);

test('the unit runs `baotu serve` as user baotu from /etc/baotu/baotu.env, and restarts on failure', () => {
  const unit = readFileSync(UNIT, 'utf8');
  const keys = new Map();
  for (const line of unit.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) keys.set(m[1], [...(keys.get(m[1]) || []), m[2]]);
  }
  const one = (k) => (keys.get(k) || [])[0];
  assert.equal(one('Type'), 'simple');
  assert.equal(one('User'), 'baotu');
  assert.equal(one('EnvironmentFile'), '/etc/baotu/baotu.env');
  assert.equal(one('ExecStart'), '/usr/local/bin/baotu serve');
  assert.equal(one('Restart'), 'on-failure');
  assert.equal(one('KillSignal'), 'SIGTERM');
  for (const k of ['NoNewPrivileges', 'ProtectHome', 'PrivateTmp']) assert.equal(one(k), 'yes', k);
  assert.equal(one('ProtectSystem'), 'strict');
  assert.equal(one('StateDirectory'), 'baotu'); // the one writable place, for a SQLite store
});
