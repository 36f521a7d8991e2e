// The load of bench/ingest: batches of risk-indicator points pushed to
// POST /api/v1/projects/{id}/metrics with an API token, from several keep-alive connections.
//
//   node bench/ingest-client.mjs '{"url":..., "project":..., "token":..., "indicators":[{"key","value"}],
//                                 "t0Ms":..., "stepMs":..., "first":..., "batches":..., "batchSize":...,
//                                 "connections":...}'
//
// Point i (counting from `first`) belongs to indicators[i % n] at t0Ms + floor(i / n) * stepMs,
// so that every point has a time of its own per indicator, and the rounds of one run continue
// the sequence (bench/raw_insert.c inserts the same points). The bodies are built before the
// clock starts; each connection takes the next batch when its previous one is answered.
// Every answer must be 201 with "stored" equal to the batch's size: anything else is printed and
// the process exits 1 (the batches already answered are counted in its last line).
// Prints one JSON line: {"batches","stored","seconds","points_per_s","p50_ms","p99_ms","max_ms",
// "alerts_opened"}.
import http from 'node:http';

const cfg = JSON.parse(process.argv[2] ?? '{}');
for (const k of ['url', 'project', 'token', 'indicators', 't0Ms', 'stepMs', 'first', 'batches', 'batchSize', 'connections'])
  if (cfg[k] === undefined) {
    console.error(`ingest-client: missing ${k}`);
    process.exit(2);
  }
const { url, project, token, indicators, t0Ms, stepMs, first, batches, batchSize, connections } = cfg;
const n = indicators.length;
const target = new URL(`/api/v1/projects/${project}/metrics`, url);

const pieces = indicators.map((x) => `{"indicator":${JSON.stringify(x.key)},"at":"`);
const values = indicators.map((x) => `","value":${x.value}}`);
function body(b) {
  const parts = [];
  for (let k = 0; k < batchSize; k++) {
    const i = first + b * batchSize + k;
    const j = i % n;
    const at = new Date(t0Ms + Math.floor(i / n) * stepMs).toISOString();
    parts.push(pieces[j] + at + values[j]);
  }
  return Buffer.from(`{"points":[${parts.join(',')}]}`);
}
const bodies = Array.from({ length: batches }, (_, b) => body(b));

const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

function post(buf) {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: 'POST', agent, headers: { ...headers, 'Content-Length': buf.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(buf);
  });
}

let next = 0, stored = 0, alerts = 0, failure = null;
const lat = [];
async function worker() {
  while (!failure && next < batches) {
    const b = next++;
    const t = process.hrtime.bigint();
    let r;
    try {
      r = await post(bodies[b]);
    } catch (e) {
      failure = `batch ${b}: ${e.message}`;
      return;
    }
    lat.push(Number(process.hrtime.bigint() - t) / 1e6);
    let j = null;
    try {
      j = JSON.parse(r.text);
    } catch {}
    if (r.status !== 201 || !j || j.stored !== batchSize) {
      failure = `batch ${b}: HTTP ${r.status}, expected 201 with "stored":${batchSize}: ${r.text.slice(0, 500)}`;
      return;
    }
    stored += j.stored;
    alerts += (j.alerts_opened ?? []).length;
  }
}

const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: Math.min(connections, batches) }, worker));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
agent.destroy();
lat.sort((a, b) => a - b);
const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)] : 0);
const out = {
  batches: lat.length,
  stored,
  seconds: +seconds.toFixed(3),
  points_per_s: Math.round(stored / seconds),
  p50_ms: +pct(50).toFixed(2),
  p99_ms: +pct(99).toFixed(2),
  max_ms: +(lat.at(-1) ?? 0).toFixed(2),
  alerts_opened: alerts,
};
if (failure) {
  console.error(`ingest-client: ${failure}`);
  console.log(JSON.stringify(out));
  process.exit(1);
}
console.log(JSON.stringify(out));
