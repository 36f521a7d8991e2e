// The authorization matrix (docs/SECURITY.md): every route of the route table, read from the
// binary (`baotu routes --format json`), × a caller of every role, an expert assigned to nothing
// and an institution that is no member, against objects of the demo. Each cell is sent and must
// get what the route table implies: without a session 401 (API) or the log-in page (pages), a
// role not in the row 403 `forbidden`, an object the caller may not see 404 `not_found`, and
// otherwise the handler's own answer, never 401, 403, 404 or 5xx. The cells where the server
// answers otherwise on purpose are listed below with their reasons. The doc's table is rendered
// from the same expectations and must be current; BAOTU_WRITE_DOCS=1 rewrites it.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  api,
  cstDate,
  DEMO_PASSWORD,
  login,
  multipart,
  query,
  ROOT,
  runCli,
  startServer,
  tempDir,
} from './lib/harness.mjs';
import { CALLERS, docHolds, implied, renderMatrix, resolve, routeKey } from './lib/authz-matrix.mjs';

const DOC = join(ROOT, 'docs', 'SECURITY.md');
const ALL = CALLERS.map((c) => c.key);

// The cells that answer otherwise than the route table implies, each for a reason. `route` is
// the row's method and pattern; `callers` the columns; the answer is `status` with `code` (an
// error's code), or `location` (a redirect). A cell listed here that answers as the table
// implies fails too: an exception that no longer holds is taken off.
const EXCEPTIONS = [
  {
    route: 'GET /api/v1/session/enrol',
    callers: ALL,
    status: 401,
    code: 'login_expired',
    reason: 'The enrolment\'s secret is for a half-done log-in of stage `enrol` only; no caller of the matrix has one (a session token is none).',
  },
  {
    route: 'DELETE /api/v1/me/sessions/{id}',
    callers: ALL.filter((c) => c !== 'anonymous'),
    status: 404,
    code: 'not_found',
    reason: 'The session id sent is none of the caller\'s: another user\'s session answers 404, as an unknown one does (tests/e2e/account.test.mjs).',
  },
  {
    route: 'POST /account/sessions/{id}/revoke',
    callers: ALL.filter((c) => c !== 'anonymous'),
    status: 404,
    code: 'not_found',
    reason: 'The session id sent is none of the caller\'s: another user\'s session answers 404, as an unknown one does.',
  },
  {
    route: 'GET /',
    callers: ['anonymous'],
    status: 303,
    location: '/login',
    reason: 'The home page sends a visitor without a session to the log-in page.',
  },
  {
    route: 'GET /api/v1/public/complaints/{reference}',
    callers: ALL,
    status: 404,
    code: 'not_found',
    reason:
      'A complaint\'s look-up without its `X-Complaint-Secret` answers 404, byte for byte as an unknown reference (docs/ARCHITECTURE.md, complaints: Look-up).',
  },
  {
    route: 'POST /public/complaints/lookup',
    callers: ALL,
    status: 404,
    code: 'not_found',
    reason: 'The empty look-up form names no complaint: 404, as an unknown reference or a wrong secret.',
  },
  {
    route: 'POST /inspections/{id}/actions/{action}',
    callers: ['leader'],
    status: 403,
    code: 'forbidden',
    reason:
      'Each inspection step has its own role; the route lists the working group for all of them. The step sent, `notify`, is the officer\'s.',
  },
];

// The workflow's rows narrow the action route's roles (docs/WORKFLOW.md, "How an action is
// judged", 4): a listed role that the row of the action sent does not name gets 403.
function workflowExceptions(workflow, state, action) {
  const row = workflow.find((t) => t.from === state && t.action === action);
  assert.ok(row, `no workflow row ${state} --${action}-->`);
  const reason = `The workflow table's row of the action narrows the route's roles (docs/WORKFLOW.md, "How an action is judged", 4): the action sent, \`${action}\` from \`${state}\`, is for ${row.roles.join(', ')} only.`;
  return ['POST /api/v1/projects/{id}/actions/{action}', 'POST /projects/{id}/actions/{action}'].map((route) => ({
    route,
    callers: CALLERS.filter((c) => c.role && !c.outsider && !row.roles.includes(c.role)).map((c) => c.key),
    status: 403,
    code: 'forbidden',
    reason,
  }));
}

// routeKey -> caller key -> the exception.
function exceptionTable(list) {
  const t = {};
  for (const x of list) {
    t[x.route] ??= {};
    for (const c of x.callers) t[x.route][c] = x;
  }
  return t;
}

let s;
let file;
const q = (sql) => query(file, sql);
const one = (sql) => {
  const v = q(sql);
  assert.ok(v !== '', `the demo holds no answer to: ${sql}`);
  return v;
};
const num = (sql) => Number(one(sql));

const o = {}; // the objects the paths name
let routes = []; // the route table, as the binary prints it
let rows = []; // {route, scope, project}, one per route
let exceptions = {};

const pdf = (text) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n% ${text}\n%%EOF\n`, 'latin1');
const day = (n) => cstDate((Date.now() + n * 86400000) * 1000); // a CST day n days from today

// The lead applicant's first user of a project: {username, user (id), institution (id)}.
const owners = new Map();
function ownerOf(project) {
  if (!owners.has(project)) {
    const [username, user, institution] = one(
      `SELECT u.username || '|' || u.id || '|' || m.institution_id FROM project_members m
         JOIN users u ON u.institution_id = m.institution_id
        WHERE m.project_id = ${project} AND m.lead = 1 ORDER BY u.id LIMIT 1;`,
    ).split('|');
    owners.set(project, { username, user: Number(user), institution: Number(institution) });
  }
  return owners.get(project);
}

// The demo's objects, each chosen for what it is, not by its id.
function chooseObjects() {
  // a running pilot with every kind of supervision record
  o.project = num(`SELECT p.id FROM projects p WHERE p.state = 'launched'
      AND EXISTS (SELECT 1 FROM complaints x WHERE x.project_id = p.id AND x.status = 'open')
      AND EXISTS (SELECT 1 FROM threads x WHERE x.project_id = p.id)
      AND EXISTS (SELECT 1 FROM situations x WHERE x.project_id = p.id)
      AND EXISTS (SELECT 1 FROM incidents x WHERE x.project_id = p.id AND x.state = 'reported')
      AND EXISTS (SELECT 1 FROM alerts x WHERE x.project_id = p.id AND x.status = 'open')
      AND EXISTS (SELECT 1 FROM reports x WHERE x.project_id = p.id AND x.status = 'open')
      ORDER BY p.id LIMIT 1;`);
  const P = o.project;
  o.owner = ownerOf(P);
  // a recusal request can be asked only before scoring opens: an accepted application
  o.recusal = { project: num(`SELECT id FROM projects WHERE state = 'accepted' ORDER BY id LIMIT 1;`) };
  const [ev, evProject] = one(`SELECT id || '|' || project_id FROM evaluations WHERE status = 'concluded'
      ORDER BY id LIMIT 1;`).split('|');
  o.evaluation = { id: Number(ev), project: Number(evProject) };
  const [cm, cmProject] = one(`SELECT c.id || '|' || n.project_id FROM comments c
      JOIN notices n ON n.id = c.notice_id ORDER BY c.id LIMIT 1;`).split('|');
  o.comment = { id: Number(cm), project: Number(cmProject) };
  const used = [P, o.recusal.project, o.evaluation.project, o.comment.project].join(', ');
  // the expert: assigned to every project whose objects experts may read, with no conflict
  o.expert = num(`SELECT a.expert_id FROM assignments a WHERE a.project_id = ${P}
      AND EXISTS (SELECT 1 FROM assignments b WHERE b.expert_id = a.expert_id AND b.project_id = ${o.evaluation.project})
      AND EXISTS (SELECT 1 FROM assignments b WHERE b.expert_id = a.expert_id AND b.project_id = ${o.comment.project})
      AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.expert_id = a.expert_id)
      ORDER BY a.expert_id LIMIT 1;`);
  // an expert of the pool assigned to nothing
  o.expertOut = num(`SELECT e.user_id FROM experts e WHERE NOT EXISTS
      (SELECT 1 FROM assignments a WHERE a.expert_id = e.user_id) ORDER BY e.user_id LIMIT 1;`);
  // another applicant: the lead of projects of its own, a member of none of these
  o.outsider = one(`SELECT u.username FROM users u WHERE u.role = 'institution'
      AND EXISTS (SELECT 1 FROM project_members m WHERE m.institution_id = u.institution_id AND m.lead = 1)
      AND NOT EXISTS (SELECT 1 FROM project_members m WHERE m.institution_id = u.institution_id
                       AND m.project_id IN (${used}))
      ORDER BY u.id LIMIT 1;`);
  o.names = {
    expert: one(`SELECT username FROM users WHERE id = ${o.expert};`),
    'expert-out': one(`SELECT username FROM users WHERE id = ${o.expertOut};`),
    'institution-out': o.outsider,
  };
  o.decision = num(`SELECT id FROM decisions WHERE project_id = ${P} ORDER BY id DESC LIMIT 1;`);
  o.batch = num(`SELECT batch_id FROM projects WHERE id = ${P};`);
  o.notice = num(`SELECT id FROM notices WHERE project_id = ${P};`);
  o.year = Number(day(0).slice(0, 4));
  o.alert = num(`SELECT id FROM alerts WHERE project_id = ${P} AND status = 'open' ORDER BY id LIMIT 1;`);
  const [complaint, reference] = one(`SELECT id || '|' || reference FROM complaints
      WHERE project_id = ${P} AND status = 'open' ORDER BY id LIMIT 1;`).split('|');
  o.complaint = { id: Number(complaint), reference };
  o.thread = num(`SELECT id FROM threads WHERE project_id = ${P} ORDER BY id LIMIT 1;`);
  o.situation = num(`SELECT id FROM situations WHERE project_id = ${P} ORDER BY id LIMIT 1;`);
  o.report = num(`SELECT id FROM reports WHERE project_id = ${P} AND status = 'open' ORDER BY id LIMIT 1;`);
  o.incident = num(`SELECT id FROM incidents WHERE project_id = ${P} AND state = 'reported' ORDER BY id LIMIT 1;`);
  o.notification = num(`SELECT id FROM notifications WHERE user_id = ${o.owner.user} ORDER BY id LIMIT 1;`);
  o.material = num(`SELECT id FROM materials WHERE project_id = ${P} ORDER BY id LIMIT 1;`);
  o.indicator = one(`SELECT key FROM indicators WHERE project_id = ${P} ORDER BY id LIMIT 1;`);
  o.exitItem = one(`SELECT item FROM exit_items ORDER BY position LIMIT 1;`);
  o.state = one(`SELECT state FROM projects WHERE id = ${P};`);
  // the steps sent to the routes whose path names one: the lead's own workflow action, the
  // officer's first inspection step, the institution's incident report
  o.actions = { project: 'apply_exit', inspection: 'notify', incident: 'report' };
}

async function made(res, what) {
  assert.ok(res.status === 200 || res.status === 201, `${what}: ${res.status} ${res.text}`);
  return res.json;
}

// A user's log-in (token, csrf, cookie, user), made when first needed: one for its bearer token
// (the API) and one for its cookie (pages), so that a log-out of one kind leaves the other. A
// cell that ended its session forgets it, and the next use logs in again.
const logins = new Map(); // "username kind" -> the promise of its log-in
function user(username, kind = 'api') {
  const key = `${username} ${kind}`;
  if (!logins.has(key)) logins.set(key, login(s, username, DEMO_PASSWORD));
  return logins.get(key);
}

// The routes that end the caller's session run last of all.
const endsSession = (route) => route.path === '/api/v1/session' || route.path === '/logout';

const call = async (username, method, path, body) => api(s, method, path, { token: (await user(username)).token, body });

async function postMultipart(username, path, parts) {
  const m = multipart(parts);
  return api(s, 'POST', path, { token: (await user(username)).token, body: m.body, headers: { 'Content-Type': m.type } });
}

// What the demo lacks, made over the API: the objects some routes name (a file of a message, of
// a report, of an inspection's answer; a rectification order; a recusal request; tokens and
// webhooks to remove), and records the CSRC may read (a complaint escalated to it, an incident
// reported to it, an inspection it arranged), so that every listed role sees what it is sent.
async function makeObjects() {
  const P = o.project;
  const owner = o.owner.username;
  o.tokens = {};
  for (const kind of ['api', 'ui'])
    o.tokens[kind] = (await made(await call(owner, 'POST', `/api/v1/projects/${P}/tokens`, { name: `授权矩阵 ${kind}` }), 'an ingestion token')).id;
  o.webhooks = {};
  for (const k of ['admin', 'institution'])
    o.webhooks[k] = (await made(await call(owner, 'POST', '/api/v1/webhooks', { url: `http://127.0.0.1:9/authz-matrix/${k}` }), 'a webhook')).id;
  o.recusal.id = (await made(await call(ownerOf(o.recusal.project).username, 'POST', `/api/v1/projects/${o.recusal.project}/conflicts`, {
    expert_id: o.expert,
    reason: '该专家曾为本机构提供咨询服务',
  }), 'a recusal request')).id;
  const msg = await made(await postMultipart('officer', `/api/v1/threads/${o.thread}/messages`, [
    { name: 'body', value: '请查阅附件。' },
    { name: 'file', filename: '说明.pdf', type: 'application/pdf', data: pdf('thread') },
  ]), 'a message with a file');
  o.threadAttachment = msg.attachments[0].id;
  const figures = {
    customers_served: 1280,
    transaction_volume_fen: 356000000,
    transaction_count: 4210,
    complaints_received: 0,
    incidents: 0,
    boundary_changes: '',
    narrative: '本月运行平稳。',
  };
  await made(await postMultipart(owner, `/api/v1/reports/${o.report}/versions`, [
    { name: 'report', value: JSON.stringify(figures) },
    { name: 'file', filename: '月报.pdf', type: 'application/pdf', data: pdf('report') },
  ]), 'a report version with a file');
  o.reportAttachment = num(`SELECT id FROM report_attachments WHERE report_id = ${o.report} ORDER BY id LIMIT 1;`);
  // a complaint escalated to the CSRC
  await made(await call('officer', 'POST', `/api/v1/complaints/${o.complaint.id}/escalate`, { to: 'csrc', reason: '涉及投资者适当性，报告证监会。' }), 'an escalation');
  // an incident reported to the CSRC
  await made(await call(owner, 'POST', `/api/v1/incidents/${o.incident}/reports`, { stage: 'final', text: '根因已查明，整改完成。' }), 'a final report');
  await made(await call('officer', 'POST', `/api/v1/incidents/${o.incident}/csrc-report`, { text: '处置完毕，报告证监会。' }), 'a report to the CSRC');
  // an inspection on the CSRC's arrangement, notified, with a document request answered with a
  // file and a finding with a rectification order
  const insp = await made(await call('officer', 'POST', `/api/v1/projects/${P}/inspections`, {
    mode: 'offsite',
    scope: '投资者适当性管理',
    team: ['王检查', '李核查'],
    starts_on: day(1),
    ends_on: day(3),
    origin: 'csrc',
    csrc_reference: '科技监管局专项检查通知（授权矩阵）',
  }), 'an inspection');
  const I = insp.id;
  await made(await call('officer', 'POST', `/api/v1/inspections/${I}/notify`, {}), 'a notification of the inspection');
  const requested = await made(await call('officer', 'POST', `/api/v1/inspections/${I}/document-requests`, { items: '近三个月的适当性记录', due_on: day(5) }), 'a document request');
  const request = requested.document_requests.at(-1).id;
  const answered = await made(await postMultipart(owner, `/api/v1/inspections/${I}/document-requests/${request}/answer`, [
    { name: 'text', value: '所需材料见附件。' },
    { name: 'attested', value: 'true' },
    { name: 'file', filename: '材料.pdf', type: 'application/pdf', data: pdf('answer') },
  ]), 'an answer to the document request');
  const answerFile = answered.document_requests.find((r) => r.id === request).files[0].id;
  const found = await made(await call('officer', 'POST', `/api/v1/inspections/${I}/findings`, { severity: 'low', description: '台账记录不全' }), 'a finding');
  const ordered = await made(await call('officer', 'POST', `/api/v1/inspections/${I}/rectifications`, {
    finding_id: found.findings_list.at(-1).id,
    requirement: '补全台账',
    due_on: day(10),
  }), 'a rectification order');
  o.inspection = { id: I, request, file: answerFile, order: ordered.rectifications.at(-1).id };
}

/* ---------- one cell ---------- */

// The user a column stands for in a row: the institution is the lead of the object's project.
function userFor(caller, row) {
  if (!caller.role) return null;
  if (caller.key === 'institution') return ownerOf(row.project ?? o.project).username;
  return o.names[caller.key] ?? caller.key;
}

// One request over kept-alive connections (lighter than fetch, for some thousand of them):
// {status, headers, text}; redirects are not followed.
let agent;
function exchange(method, path, headers, body) {
  return new Promise((resolveP, reject) => {
    const h = { ...headers };
    if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
    const rq = http.request({ host: '127.0.0.1', port: s.port, method, path, headers: h, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolveP({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    rq.on('error', reject);
    rq.end(body);
  });
}

// One cell's request: a bearer token for the API; for pages the session cookie, and a form post
// carries the CSRF token and the site's Origin as a browser's does. Writes carry an empty body
// ({} or an empty form): the point is who is let through, decided before the body.
async function send(row, caller) {
  const { route } = row;
  const { path } = resolve(route, o, caller);
  const username = userFor(caller, row);
  const kind = route.kind === 'api' ? 'api' : 'page';
  const l = username ? await user(username, kind) : null;
  const write = route.method !== 'GET';
  const headers = {};
  let body;
  if (route.kind === 'api') {
    if (l) headers.Authorization = `Bearer ${l.token}`;
    if (write) {
      headers['Content-Type'] = 'application/json';
      body = '{}';
    }
  } else {
    if (l) headers.Cookie = l.cookie;
    if (write) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers.Origin = s.url;
      body = l ? new URLSearchParams({ csrf: l.csrf }).toString() : '';
    }
  }
  const r = await exchange(route.method, path, headers, body);
  const { text } = r;
  let code = null;
  if (/^application\/json/.test(r.headers['content-type'] || '')) {
    try {
      code = JSON.parse(text).error?.code ?? null;
    } catch {
      code = null;
    }
  } else {
    code = (/class="error[^"]*" role="alert" data-code="([a-z_]+)"/.exec(text) || [])[1] ?? null;
  }
  // a session this request ended (a log-out) is made again when next needed
  if (l && r.status < 400 && write) {
    const still = await exchange('GET', '/api/v1/session', kind === 'api' ? { Authorization: `Bearer ${l.token}` } : { Cookie: l.cookie });
    if (still.status === 401) logins.delete(`${username} ${kind}`);
  }
  return { path, username, status: r.status, code, location: r.headers.location ?? null };
}

const shown = (a) => `${a.status}${a.code ? ` ${a.code}` : ''}${a.location ? ` → ${a.location}` : ''}`;

// Why an answer is not the expected one (null when it is).
function misjudged(row, caller, a) {
  const x = exceptions[routeKey(row.route)]?.[caller.key];
  if (x) {
    const same = a.status === x.status && (x.code === undefined || a.code === x.code) && (x.location === undefined || a.location === x.location);
    return same ? null : `${x.status} ${x.code ?? x.location} (a documented exception)`;
  }
  switch (implied(row.route, caller, row.scope)) {
    case 401:
      return a.status === 401 && a.code === 'unauthenticated' ? null : '401 unauthenticated';
    case 'login':
      return a.status === 303 && a.location === `/login?next=${encodeURIComponent(a.path)}` ? null : '303 → /login?next=PATH';
    case 403:
      return a.status === 403 && a.code === 'forbidden' ? null : '403 forbidden';
    case 404:
      return a.status === 404 && a.code === 'not_found' ? null : '404 not_found';
    default:
      if ([401, 403, 404].includes(a.status) || a.status >= 500) return 'let through: never 401, 403, 404 or 5xx';
      if (a.status === 303 && /^\/login\?next=/.test(a.location || '')) return 'let through: not sent to the log-in';
      return null;
  }
}

describe('the authorization matrix: every route × every role', () => {
  before(async () => {
    const dir = tempDir('matrix-');
    file = join(dir, 'demo.db');
    const db = `sqlite:${file}`;
    const [seeded, printed] = await Promise.all([
      runCli(['demo', '--db', db], { timeoutMs: 300000 }),
      runCli(['routes', '--format', 'json']),
    ]);
    assert.equal(seeded.code, 0, `baotu demo failed: ${seeded.stderr}`);
    assert.equal(printed.code, 0, printed.stderr);
    routes = JSON.parse(printed.stdout);
    chooseObjects();
    // the transparency log signs its heads (without a key its head routes answer 503)
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = (k, part) => Buffer.from(k.export({ format: 'jwk' })[part], 'base64url');
    const key = join(dir, 'log.key');
    writeFileSync(key, `baotu-log-key ed25519\n${Buffer.concat([raw(privateKey, 'd'), raw(publicKey, 'x')]).toString('base64')}\n`, { mode: 0o600 });
    s = await startServer(db, ['--log-key', key]);
    agent = new http.Agent({ keepAlive: true, maxSockets: 24 });
    // the log-ins, four at a time: each is a password hash (argon2id), and a server busy with
    // dozens of them at once starves the other connections of its threads
    const projects = [o.project, o.recusal.project, o.evaluation.project, o.comment.project];
    const names = ['admin', 'officer', 'leader', 'csrc', ...Object.values(o.names), ...projects.map((p) => ownerOf(p).username)];
    const logins = [...new Set(names)].flatMap((u) => [() => user(u, 'api'), () => user(u, 'page')]);
    for (let i = 0; i < logins.length; i += 4) await Promise.all(logins.slice(i, i + 4).map((f) => f()));
    await makeObjects();
    rows = routes.map((route) => ({ route, ...resolve(route, o) }));
    const workflow = (await call('officer', 'GET', '/api/v1/workflow')).json.transitions;
    exceptions = exceptionTable([...EXCEPTIONS, ...workflowExceptions(workflow, o.state, o.actions.project)]);
  });
  after(async () => {
    agent?.destroy();
    if (s) await s.stopClean();
  });

  test('the callers stand where the matrix needs them', async () => {
    // the outsiders may not see the project; the others may
    for (const c of CALLERS.filter((x) => x.role)) {
      const r = await call(userFor(c, { project: o.project }), 'GET', `/api/v1/projects/${o.project}`);
      assert.equal(r.status, c.outsider ? 404 : 200, `${c.key}: ${r.text}`);
    }
    // every route is in the matrix, and every exception names a route
    assert.ok(rows.length > 200, `only ${rows.length} routes`);
    for (const x of EXCEPTIONS) assert.ok(routes.some((r) => routeKey(r) === x.route), `no route ${x.route}`);
  });

  test('every cell answers as the route table implies, or as a documented exception', async () => {
    const answers = new Map(); // row -> caller key -> answer
    const cell = async (row, c) => answers.get(row).set(c.key, await send(row, c));
    for (const row of rows) answers.set(row, new Map());
    // reads first, a few at a time; then the writes, one route at a time (its callers at
    // once), deletions after them and the routes that end a session last of all, so that no
    // write changes what a later cell is sent
    const reads = rows.filter((r) => r.route.method === 'GET').flatMap((row) => CALLERS.map((c) => [row, c]));
    for (let k = 0; k < reads.length; k += 24) await Promise.all(reads.slice(k, k + 24).map(([row, c]) => cell(row, c)));
    const writes = rows.filter((r) => r.route.method !== 'GET');
    const rank = (r) => (endsSession(r.route) ? 2 : r.route.method === 'DELETE' ? 1 : 0);
    writes.sort((a, b) => rank(a) - rank(b));
    for (const row of writes) await Promise.all(CALLERS.map((c) => cell(row, c)));
    const wrong = [];
    for (const row of rows)
      for (const c of CALLERS) {
        const a = answers.get(row).get(c.key);
        const want = misjudged(row, c, a);
        if (want) wrong.push(`${row.route.method} ${a.path} as ${c.key} (${a.username ?? 'no session'}): ${shown(a)}; expected ${want}`);
      }
    assert.deepEqual(wrong, [], `${wrong.length} of ${rows.length * CALLERS.length} cells differ:\n${wrong.join('\n')}`);
  });

  test('docs/SECURITY.md holds the matrix as the route table implies it today', () => {
    const block = renderMatrix(rows, exceptions);
    const write = process.env.BAOTU_WRITE_DOCS === '1';
    assert.ok(docHolds(DOC, block, { write }) || write, 'docs/SECURITY.md is out of date: run this test with BAOTU_WRITE_DOCS=1');
  });
});
