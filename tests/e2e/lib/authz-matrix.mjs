// The authorization matrix (docs/SECURITY.md): every route of the route table (`baotu routes
// --format json`) against one caller of every role, and the answer each must get. What the
// route table implies is computed here, from the route's roles and from whose object its path
// names; the e2e test sends the requests and renders the same expectations into the doc.
import { readFileSync, writeFileSync } from 'node:fs';

// The callers, one column each (docs/SECURITY.md says who each is). `outsider`: a caller of a
// listed role who may not see the route's object (rule 1: 404 `not_found`, as for what does not
// exist).
export const CALLERS = [
  { key: 'anonymous', label: 'anon', role: null },
  { key: 'admin', label: 'admin', role: 'admin' },
  { key: 'officer', label: 'officer', role: 'officer' },
  { key: 'leader', label: 'leader', role: 'leader' },
  { key: 'csrc', label: 'csrc', role: 'csrc' },
  { key: 'expert', label: 'expert', role: 'expert' }, // assigned to the object's project
  { key: 'expert-out', label: 'expert¬', role: 'expert', outsider: true }, // assigned to none
  { key: 'institution', label: 'inst', role: 'institution' }, // the lead of the object's project
  { key: 'institution-out', label: 'inst¬', role: 'institution', outsider: true }, // no member
];

// Whom a route's object (its scope) is visible to, beyond the route's roles:
//   project      the project's members, its assigned experts, the working group, the CSRC once
//                forwarded (project_check_access): the outsiders get 404;
//   institution  an institution's own users and every other role (institution_may_read);
//   webhook      the institution that registered it, and admins;
//   notification the user it was sent to (the institution column's).
function hiddenFrom(scope, caller) {
  switch (scope) {
    case 'project':
      return Boolean(caller.outsider);
    case 'institution':
    case 'webhook':
      return Boolean(caller.outsider) && caller.role === 'institution';
    case 'notification':
      return caller.key !== 'institution';
    default:
      return false;
  }
}

// The path parameters, each filled with an object of the demo (`o`, see the test) by the
// collection it follows: `collection/{param}`, or for a second parameter its whole chain
// (`threads/attachments/{aid}`). A new kind of object in a path fails here until it is added.
// Each answers the value, and for the route's first parameter the object's scope and project.
// An object a write may use up (a webhook, a token) is one of its own for each route and caller
// that may remove it, so that no cell's answer depends on another's.
const FILL = {
  'users/{id}': ({ o }) => ({ value: o.owner.user }),
  'institutions/{id}': ({ o }) => ({ value: o.owner.institution, scope: 'institution' }),
  'projects/{id}': ({ o, route }) =>
    // a recusal request exists only before scoring opens: the project it was asked on
    /\/recusal-requests\//.test(route.path)
      ? { value: o.recusal.project, scope: 'project', project: o.recusal.project }
      : { value: o.project, scope: 'project', project: o.project },
  'review/{id}': ({ o }) => ({ value: o.project, scope: 'project', project: o.project }),
  'decisions/{id}': ({ o }) => ({ value: o.decision, scope: 'project', project: o.project }),
  'batches/{id}': ({ o }) => ({ value: o.batch }),
  'notices/{id}': ({ o }) => ({ value: o.notice }),
  'comments/{id}': ({ o }) => ({ value: o.comment.id, scope: 'project', project: o.comment.project }),
  'calendar/{year}': ({ o }) => ({ value: o.year }),
  'alerts/{id}': ({ o }) => ({ value: o.alert, scope: 'project', project: o.project }),
  'complaints/{reference}': ({ o }) => ({ value: o.complaint.reference }),
  'complaints/{id}': ({ o }) => ({ value: o.complaint.id, scope: 'project', project: o.project }),
  'threads/{id}': ({ o }) => ({ value: o.thread, scope: 'project', project: o.project }),
  'situations/{id}': ({ o }) => ({ value: o.situation, scope: 'project', project: o.project }),
  'reports/{id}': ({ o }) => ({ value: o.report, scope: 'project', project: o.project }),
  'inbox/{id}': ({ o }) => ({ value: o.notification, scope: 'notification' }),
  'webhooks/{id}': ({ o, caller }) => ({ value: o.webhooks[caller.key] ?? o.webhooks.institution, scope: 'webhook' }),
  'inspections/{id}': ({ o }) => ({ value: o.inspection.id, scope: 'project', project: o.project }),
  'incidents/{id}': ({ o }) => ({ value: o.incident, scope: 'project', project: o.project }),
  'evaluations/{id}': ({ o }) => ({ value: o.evaluation.id, scope: 'project', project: o.evaluation.project }),
  'heads/{size}': () => ({ value: 0 }), // the transparency log's empty tree: every log has it
  'lang/{lang}': () => ({ value: 'en' }),
  'static/{file}': () => ({ value: 'baotu.css' }),
  'projects/actions/{action}': ({ o }) => ({ value: o.actions.project }),
  'projects/materials/{mid}': ({ o }) => ({ value: o.material }),
  'projects/assignments/{expert_id}': ({ o }) => ({ value: o.expert }),
  'projects/recusal-requests/{request_id}': ({ o }) => ({ value: o.recusal.id }),
  'projects/indicators/{key}': ({ o }) => ({ value: o.indicator }),
  'projects/tokens/{token_id}': ({ o, route }) => ({ value: o.tokens[route.kind] }),
  'projects/exit/items/{item}': ({ o }) => ({ value: o.exitItem }),
  'threads/attachments/{aid}': ({ o }) => ({ value: o.threadAttachment }),
  'reports/attachments/{aid}': ({ o }) => ({ value: o.reportAttachment }),
  'inspections/document-requests/{request_id}': ({ o }) => ({ value: o.inspection.request }),
  'inspections/rectifications/{order_id}': ({ o }) => ({ value: o.inspection.order }),
  'inspections/files/{file_id}': ({ o }) => ({ value: o.inspection.file }),
  'inspections/actions/{action}': ({ o }) => ({ value: o.actions.inspection }),
  'incidents/actions/{action}': ({ o }) => ({ value: o.actions.incident }),
  // a session's public id: one of no caller's (each caller's own are tested in account.test.mjs)
  'sessions/{id}': () => ({ value: '0000000000000000' }),
};

// The route's path with its parameters filled for a caller, and its object's scope and project
// (null for a route about no one's object).
export function resolve(route, o, caller = CALLERS[0]) {
  const segs = route.path.split('/');
  let scope = null;
  let project = null;
  let first = null; // the collection of the first parameter
  let prev = -1; // the index of the previous parameter
  const out = segs.map((seg, i) => {
    if (!/^\{\w+\}$/.test(seg)) return seg;
    const collection = prev < 0 ? segs[i - 1] : segs.slice(prev + 1, i).join('/');
    const key = prev < 0 ? `${collection}/${seg}` : `${first}/${collection}/${seg}`;
    const fill = FILL[key];
    if (!fill) throw new Error(`${route.method} ${route.path}: no object for ${seg} (add "${key}" to FILL)`);
    const f = fill({ o, route, caller });
    if (prev < 0) {
      first = collection;
      scope = f.scope ?? null;
      project = f.project ?? null;
    }
    prev = i;
    return encodeURIComponent(String(f.value));
  });
  return { path: out.join('/'), scope, project };
}

// What the route table implies for a caller: 'ok' (let through: the handler answers, 2xx or
// 3xx, or 400, 409, 415 or 422 about the body or the object's state), 401 (API, no session),
// 'login' (a page, no session: 303 to /login?next=PATH), 403 (a role not in the row), 404 (an
// object the caller may not see).
export function implied(route, caller, scope) {
  if (route.kind === 'static' || route.roles.includes('public')) return 'ok';
  if (!caller.role) return route.kind === 'ui' ? 'login' : 401;
  if (!route.roles.includes(caller.role)) return 403;
  if (hiddenFrom(scope, caller)) return 404;
  return 'ok';
}

export const routeKey = (route) => `${route.method} ${route.path}`;

/* ---------- the doc's table ---------- */

export const BEGIN = '<!-- authz-matrix:begin -->';
export const END = '<!-- authz-matrix:end -->';

const CELL = { ok: '✓', login: '303', 401: '401', 403: '403', 404: '404' };

// The Markdown between the markers: one row per route, one column per caller; a cell that is a
// documented exception shows its answer with a mark, explained under the table.
export function renderMatrix(rows, exceptions) {
  const marks = new Map(); // reason -> mark
  const mark = (reason) => {
    if (!marks.has(reason)) marks.set(reason, `${marks.size + 1}`);
    return marks.get(reason);
  };
  const lines = [];
  lines.push(`| method | path | ${CALLERS.map((c) => c.label).join(' | ')} |`);
  lines.push(`|---|---|${CALLERS.map(() => ':-:').join('|')}|`);
  for (const { route, scope } of rows) {
    const cells = CALLERS.map((c) => {
      const x = exceptions[routeKey(route)]?.[c.key];
      if (x) return `${x.status}<sup>${mark(x.reason)}</sup>`;
      return CELL[implied(route, c, scope)];
    });
    lines.push(`| ${route.method} | \`${route.path}\` | ${cells.join(' | ')} |`);
  }
  const notes = [...marks].map(([reason, m]) => `${m}. ${reason}`);
  return [BEGIN, ...lines, '', ...notes, END].join('\n');
}

// Whether a file holds exactly `block` (its markers included) between the markers; with write,
// a file that does not is rewritten to.
export function docHolds(file, block, { write = false } = {}) {
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file}: no ${BEGIN} … ${END} block`);
  const current = text.slice(a, b + END.length);
  if (current === block) return true;
  if (write) writeFileSync(file, text.slice(0, a) + block + text.slice(b + END.length));
  return false;
}
