// A small transparency log server for the tests of the outside tools (`baotu log monitor`,
// `baotu log witness`, `baotu audit verify --against-head`): the routes of the contract
// (docs/TRANSPARENCY.md) over a tree built here in JS, from RFC 9162 §2.1, sharing nothing with
// the C side. Its tree functions (treeRoot, the hashes, head texts) come from ct-verify.mjs;
// the proofs it serves are made here (PATH and PROOF of §2.1.3.1 and §2.1.4.1).
//
// The tests misbehave through it as a dishonest operator would: change a leaf, drop one,
// reorder, serve a smaller tree, sign with another key, serve a leaf_hash that is not its
// leaf's. It records the cosignatures posted to it, after checking them as the server must.
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { createServer } from 'node:http';

import { headText, leafHash, treeRoot, verifySignature } from './ct-verify.mjs';
import { canonical } from './harness.mjs';

const MAX_LEAVES = 1000;

// The largest power of two smaller than n (n >= 2).
function split(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// PATH(m, D[n]) over leaf hashes (§2.1.3.1).
export function inclusionPath(m, hashes, alg = 'sha256') {
  const n = hashes.length;
  if (n <= 1) return [];
  const k = split(n);
  if (m < k) return [...inclusionPath(m, hashes.slice(0, k), alg), treeRoot(hashes.slice(k), alg)];
  return [...inclusionPath(m - k, hashes.slice(k), alg), treeRoot(hashes.slice(0, k), alg)];
}

// SUBPROOF(m, D[n], b) (§2.1.4.1).
function subproof(m, hashes, b, alg) {
  const n = hashes.length;
  if (m === n) return b ? [] : [treeRoot(hashes, alg)];
  const k = split(n);
  if (m <= k) return [...subproof(m, hashes.slice(0, k), b, alg), treeRoot(hashes.slice(k), alg)];
  return [...subproof(m - k, hashes.slice(k), false, alg), treeRoot(hashes.slice(0, k), alg)];
}

// PROOF(m, D[n]) for 0 < m <= n.
export function consistencyProof(m, hashes, alg = 'sha256') {
  return m === hashes.length ? [] : subproof(m, hashes, true, alg);
}

// An Ed25519 key: {privateKey, publicKey (base64 of the raw 32 bytes)}.
export function ed25519Key() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: der.subarray(der.length - 32).toString('base64') };
}

const hex = (b) => Buffer.from(b).toString('hex');

export class FakeLog {
  // HASH: the tree's hash function, sha256 or sm3 (the heads are signed with Ed25519 either
  // way: node:crypto cannot sign SM2 with the user id the contract names)
  constructor({ hash = 'sha256' } = {}) {
    this.hash = hash;
    this.key = ed25519Key();
    this.leaves = []; // leaf_input texts
    this.badLeafHash = new Map(); // index -> the leaf_hash served instead of the true one
    // index -> a leaf_input served (with its own hash) in place of the one the tree holds
    this.otherInput = new Map();
    this.heads = new Map(); // size -> the head stored for it
    this.latest = null;
    this.witnesses = []; // {name, algorithm, public_key}
    this.cosignatures = new Map(); // size -> [{witness, algorithm, public_key, signature, signed_at}]
    this.posts = []; // every POST to /cosignatures: {token, body, status}
    this.token = 'fake-log-csrc-token';
    this.requests = [];
    // (req, res, url) => true when it answered the request itself: a test's own misbehaviour
    this.hook = null;
    this.publish();
  }

  // Appends leaves (objects, written as canonical JSON) and publishes a head for the new size.
  append(...objects) {
    for (const o of objects) this.leaves.push(typeof o === 'string' ? o : canonical(o));
    return this.publish();
  }

  record(seq, kind = 'notice.published') {
    return {
      type: 'record',
      kind,
      seq,
      ts: 1_700_000_000_000_000 + seq,
      subject: `project:${seq}`,
      record: { title: `公示 ${seq}` },
    };
  }

  anchor(seq, hash) {
    return { type: 'chain_head', chain_seq: seq, chain_hash: hash, ts: 1_700_000_000_000_000 + seq };
  }

  hashes() {
    return this.leaves.map((l) => leafHash(l, this.hash));
  }

  // Signs and stores the head of the current leaves (the latest from now on).
  publish() {
    const head = {
      hash: this.hash,
      root_hash: hex(treeRoot(this.hashes(), this.hash)),
      timestamp: Date.now(),
      tree_size: this.leaves.length,
    };
    const signature = nodeSign(null, Buffer.from(headText(head)), this.key.privateKey).toString('base64');
    this.latest = { ...head, algorithm: 'ed25519', public_key: this.key.publicKey, signature };
    this.heads.set(head.tree_size, this.latest);
    return this.latest;
  }

  // A new signing key, as a log that lost or replaced its key (heads signed from now on).
  rekey() {
    this.key = ed25519Key();
  }

  headWithCosignatures(h) {
    return { ...h, cosignatures: this.cosignatures.get(h.tree_size) ?? [] };
  }

  async start() {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.server.unref(); // a test that fails before stop() must not keep the run alive
    this.url = `http://127.0.0.1:${this.server.address().port}`;
    return this.url;
  }

  async stop() {
    await new Promise((resolve) => this.server.close(resolve));
  }

  handle(req, res) {
    const u = new URL(req.url, 'http://x');
    this.requests.push(`${req.method} ${u.pathname}${u.search}`);
    if (this.hook && this.hook(req, res, u)) return undefined;
    const send = (status, body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    const error = (status, code, field) =>
      send(status, { error: { code, message: `${code}${field ? `: ${field}` : ''}`, field } });
    const size = this.latest.tree_size;
    // a query integer in lo..hi, or undefined after answering 400 invalid_value
    const int = (name, lo, hi) => {
      const t = u.searchParams.get(name);
      const v = Number(t);
      if (t === null || !/^\d+$/.test(t) || !Number.isSafeInteger(v) || v < lo || v > hi) {
        error(400, 'invalid_value', name);
        return undefined;
      }
      return v;
    };
    const p = u.pathname;
    if (req.method === 'POST' && p === '/api/v1/log/cosignatures') return this.cosign(req, send, error);
    if (req.method !== 'GET') return error(405, 'method_not_allowed');
    if (p === '/api/v1/log/head') return send(200, this.headWithCosignatures(this.latest));
    let m = /^\/api\/v1\/log\/heads\/(\d+)$/.exec(p);
    if (m) {
      const h = this.heads.get(Number(m[1]));
      return h ? send(200, this.headWithCosignatures(h)) : error(404, 'not_found');
    }
    if (p === '/api/v1/log/witnesses') return send(200, { items: this.witnesses });
    const hashes = this.hashes();
    if (p === '/api/v1/log/leaves') {
      const start = int('start', 0, size);
      if (start === undefined) return undefined;
      const end = int('end', start, Number.MAX_SAFE_INTEGER);
      if (end === undefined) return undefined;
      const stop = Math.min(end, size, start + MAX_LEAVES);
      const leaves = [];
      for (let i = start; i < stop; i++) {
        const input = this.otherInput.get(i) ?? this.leaves[i];
        leaves.push({
          leaf_index: i,
          leaf_input: input,
          leaf_hash: this.badLeafHash.get(i) ?? hex(leafHash(input, this.hash)),
        });
      }
      return send(200, { leaves });
    }
    if (p === '/api/v1/log/proof/inclusion') {
      const n = int('tree_size', 1, size);
      if (n === undefined) return undefined;
      let i;
      if (u.searchParams.has('leaf_hash')) {
        i = hashes.slice(0, n).findIndex((h) => hex(h) === u.searchParams.get('leaf_hash'));
        if (i < 0) return error(404, 'not_found');
      } else {
        i = int('leaf_index', 0, n - 1);
        if (i === undefined) return undefined;
      }
      return send(200, {
        tree_size: n,
        leaf_index: i,
        leaf_hash: hex(hashes[i]),
        audit_path: inclusionPath(i, hashes.slice(0, n), this.hash).map(hex),
      });
    }
    if (p === '/api/v1/log/proof/consistency') {
      const second = int('second', 1, size);
      if (second === undefined) return undefined;
      const first = int('first', 1, second);
      if (first === undefined) return undefined;
      return send(200, {
        first,
        second,
        consistency: consistencyProof(first, hashes.slice(0, second), this.hash).map(hex),
      });
    }
    return error(404, 'not_found');
  }

  // POST /api/v1/log/cosignatures as the contract has the server check it.
  cosign(req, send, error) {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const post = { token, body: text, status: 0 };
      this.posts.push(post);
      const answer = (status, ...rest) => {
        post.status = status;
        return status < 300 ? send(status, rest[0]) : error(status, ...rest);
      };
      if (token !== this.token) return answer(401, 'unauthenticated');
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return answer(400, 'invalid_json');
      }
      const head = this.heads.get(body.tree_size);
      if (!head) return answer(404, 'not_found', 'tree_size');
      const w = this.witnesses.find((x) => x.name === body.witness);
      if (!w) return answer(404, 'not_found', 'witness');
      const signed = headText(head);
      if (!verifySignature(w.algorithm, w.public_key, signed, body.signature)) {
        return answer(400, 'invalid_signature', 'signature');
      }
      const list = this.cosignatures.get(head.tree_size) ?? [];
      if (!list.some((c) => c.witness === w.name)) {
        list.push({
          witness: w.name,
          algorithm: w.algorithm,
          public_key: w.public_key,
          signature: body.signature,
          signed_at: Date.now(),
        });
      }
      this.cosignatures.set(head.tree_size, list);
      return answer(201, { tree_size: head.tree_size, witness: w.name });
    });
  }
}
