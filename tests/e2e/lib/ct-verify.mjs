// An independent verifier of the transparency log, for the tests and for anyone who wants to
// check the log without baotu's code. Written from RFC 9162 §2.1 (the Merkle tree, inclusion and
// consistency proofs), GB/T 32918 (SM2 signatures) and the signed tree head's documented text;
// it shares nothing with the C side but those documents. Only node:crypto.
//
// Hashes and proof elements are Buffers (or Uint8Arrays) of 32 bytes or strings of 64 hex
// digits; leaf indices and tree sizes are safe integers or bigints. Every verify* function
// returns true or false and never throws on malformed input.
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';

export const HASHES = ['sha256', 'sm3'];
export const SM2_DEFAULT_ID = '1234567812345678';

function H(alg, ...parts) {
  if (!HASHES.includes(alg)) throw new Error(`unknown hash ${alg}`);
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

// RFC 9162 §2.1.1: the leaf hash H(0x00 || d) and the node hash H(0x01 || left || right).
export function leafHash(data, alg = 'sha256') {
  return H(alg, Buffer.from([0x00]), toBytes(data));
}

export function nodeHash(left, right, alg = 'sha256') {
  return H(alg, Buffer.from([0x01]), hash32(left), hash32(right));
}

// MTH(D[n]) of a list of leaf hashes: the hash of nothing for the empty list, the leaf hash
// itself for one, else MTH(D[0:k]) and MTH(D[k:n]) joined, k the largest power of two below n.
export function treeRoot(leafHashes, alg = 'sha256') {
  const n = leafHashes.length;
  if (n === 0) return H(alg);
  if (n === 1) return hash32(leafHashes[0]);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return nodeHash(treeRoot(leafHashes.slice(0, k), alg), treeRoot(leafHashes.slice(k), alg), alg);
}

function toBytes(data) {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.from(data);
}

function hash32(h) {
  if (typeof h === 'string') {
    if (!/^[0-9a-fA-F]{64}$/.test(h)) throw new Error('not a hash');
    return Buffer.from(h, 'hex');
  }
  if (!(h instanceof Uint8Array) || h.length !== 32) throw new Error('not a hash');
  return Buffer.from(h);
}

function big(n) {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) throw new Error('not an integer');
  return BigInt(n);
}

// The walk up the tree both verifications make (§2.1.3.2 step 5, §2.1.4.2 step 6), from fn and
// sn: each element c of the path is a left sibling (LSB(fn) set, or fn === sn: left(c), then fn
// and sn right-shifted until LSB(fn) is set or fn is 0) or a right one (right(c)); fn and sn are
// right-shifted after each. True when the path ends at the root (sn is 0 then, never before).
function walk(fn, sn, path, left, right) {
  for (const c of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      left(c);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      right(c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n;
}

// §2.1.3.2: the root an inclusion proof leads to, or null when its shape is wrong.
export function rootFromInclusion({ index, size, leafHash: leaf, proof, alg = 'sha256' }) {
  try {
    const m = big(index);
    const n = big(size);
    if (m < 0n || m >= n) return null;
    let r = hash32(leaf);
    const whole = walk(
      m,
      n - 1n,
      proof,
      (p) => (r = nodeHash(p, r, alg)),
      (p) => (r = nodeHash(r, p, alg)),
    );
    return whole ? r : null;
  } catch {
    return null;
  }
}

export function verifyInclusion({ index, size, leafHash: leaf, proof, root, alg = 'sha256' }) {
  try {
    const r = rootFromInclusion({ index, size, leafHash: leaf, proof, alg });
    return r !== null && r.equals(hash32(root));
  } catch {
    return false;
  }
}

// §2.1.4.2. first === second holds with an empty proof and equal roots; first === 0 with an
// empty proof (nothing to prove).
export function verifyConsistency({ first, second, firstRoot, secondRoot, proof, alg = 'sha256' }) {
  try {
    const m = big(first);
    const n = big(second);
    const r1 = hash32(firstRoot);
    const r2 = hash32(secondRoot);
    if (m < 0n || m > n) return false;
    if (m === n) return proof.length === 0 && r1.equals(r2);
    if (m === 0n) return proof.length === 0;
    // 1. an empty proof proves nothing
    if (proof.length === 0) return false;
    // 2. when first is an exact power of two, the old root leads the path
    const path = (m & (m - 1n)) === 0n ? [r1, ...proof] : [...proof];
    // 3., 4.
    let fn = m - 1n;
    let sn = n - 1n;
    while ((fn & 1n) === 1n) {
      fn >>= 1n;
      sn >>= 1n;
    }
    // 5.
    let fr = hash32(path[0]);
    let sr = fr;
    // 6.
    const whole = walk(
      fn,
      sn,
      path.slice(1),
      (c) => {
        fr = nodeHash(c, fr, alg);
        sr = nodeHash(c, sr, alg);
      },
      (c) => (sr = nodeHash(sr, c, alg)),
    );
    // 7.
    return fr.equals(r1) && sr.equals(r2) && whole;
  } catch {
    return false;
  }
}

// The signed text of a tree head: the canonical JSON of {hash, root_hash, timestamp, tree_size}
// (keys in this, sorted, order; no white space), both integers in 0 .. 2^53 - 1.
export function headText({ hash, root_hash: rootHash, timestamp, tree_size: treeSize }) {
  if (!HASHES.includes(hash)) throw new Error('unknown hash');
  if (typeof rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(rootHash)) {
    throw new Error('root_hash must be 64 lower-case hex digits');
  }
  for (const v of [timestamp, treeSize]) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error('not an integer in range');
  }
  return JSON.stringify({ hash, root_hash: rootHash, timestamp, tree_size: treeSize });
}

// Standard base64 with padding, nothing else, and in its one canonical spelling.
function strictBase64(text) {
  if (typeof text !== 'string' || text.length === 0 || text.length % 4 !== 0) return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

// SM2 (GB/T 32918.2 §7, verification), on the curve of GB/T 32918.5. Written out with BigInts:
// node:crypto (20, on OpenSSL 3.0) loads SM2 keys and verifies SM2 signatures, but offers no way
// to pass the user id, and so always computes Z with an empty one; the log signs with GB/T
// 35276's default id, "1234567812345678". node:crypto still gives the SM3.
const SM2 = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};
// SubjectPublicKeyInfo { id-ecPublicKey, 1.2.156.10197.1.301 } and an uncompressed point
const SM2_SPKI_PREFIX = Buffer.from(
  '3059301306072a8648ce3d020106082a811ccf5501822d03420004',
  'hex',
);

const mod = (x, m) => ((x % m) + m) % m;

function modPow(b, e, m) {
  let r = 1n;
  b = mod(b, m);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

// Points in Jacobian coordinates [X, Y, Z] (x = X/Z², y = Y/Z³); null is the point at infinity.
function jDouble(P) {
  if (P === null) return null;
  const { p, a } = SM2;
  const [X, Y, Z] = P;
  if (Y === 0n) return null;
  const YY = (Y * Y) % p;
  const S = (4n * X * YY) % p;
  const Z2 = (Z * Z) % p;
  const M = mod(3n * X * X + a * Z2 * Z2, p);
  const X3 = mod(M * M - 2n * S, p);
  const Y3 = mod(M * (S - X3) - 8n * YY * YY, p);
  return [X3, Y3, (2n * Y * Z) % p];
}

function jAdd(P, Q) {
  if (P === null) return Q;
  if (Q === null) return P;
  const { p } = SM2;
  const [X1, Y1, Z1] = P;
  const [X2, Y2, Z2] = Q;
  const Z1Z1 = (Z1 * Z1) % p;
  const Z2Z2 = (Z2 * Z2) % p;
  const U1 = (X1 * Z2Z2) % p;
  const U2 = (X2 * Z1Z1) % p;
  const S1 = (Y1 * Z2 * Z2Z2) % p;
  const S2 = (Y2 * Z1 * Z1Z1) % p;
  if (U1 === U2) return S1 === S2 ? jDouble(P) : null;
  const Hh = mod(U2 - U1, p);
  const R = mod(S2 - S1, p);
  const HH = (Hh * Hh) % p;
  const HHH = (Hh * HH) % p;
  const X3 = mod(R * R - HHH - 2n * U1 * HH, p);
  const Y3 = mod(R * (U1 * HH - X3) - S1 * HHH, p);
  return [X3, Y3, (Hh * Z1 * Z2) % p];
}

function jMul(k, P) {
  let R = null;
  for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
    R = jDouble(R);
    if ((k >> i) & 1n) R = jAdd(R, P);
  }
  return R;
}

function affineX(P) {
  const { p } = SM2;
  const zi = modPow(P[2], p - 2n, p);
  return (P[0] * zi * zi) % p;
}

const be32 = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const toInt = (buf) => BigInt(`0x${Buffer.from(buf).toString('hex') || '0'}`);

// A DER INTEGER at buf[i]: [value, next index], or null unless minimal and positive.
function derInt(buf, i) {
  if (buf[i] !== 0x02) return null;
  const len = buf[i + 1];
  if (len === undefined || len < 1 || len > 33 || i + 2 + len > buf.length) return null;
  const v = buf.subarray(i + 2, i + 2 + len);
  if (v[0] & 0x80) return null; // negative
  if (len > 1 && v[0] === 0 && !(v[1] & 0x80)) return null; // not minimal
  return [toInt(v), i + 2 + len];
}

// Verifies an SM2 signature (DER SEQUENCE { r, s }) of MESSAGE under the SubjectPublicKeyInfo
// SPKI (Buffer), with the user id ID.
export function sm2Verify(spki, message, signature, id = SM2_DEFAULT_ID) {
  try {
    const { p, a, b, n, gx, gy } = SM2;
    if (spki.length !== SM2_SPKI_PREFIX.length + 64) return false;
    if (!spki.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)) return false;
    const xA = toInt(spki.subarray(SM2_SPKI_PREFIX.length, SM2_SPKI_PREFIX.length + 32));
    const yA = toInt(spki.subarray(SM2_SPKI_PREFIX.length + 32));
    if (xA >= p || yA >= p || mod(yA * yA - (xA * xA * xA + a * xA + b), p) !== 0n) return false;
    // the signature: SEQUENCE (short form length) of two INTEGERs, nothing after
    const sig = Buffer.from(signature);
    if (sig[0] !== 0x30 || sig[1] !== sig.length - 2) return false;
    const rr = derInt(sig, 2);
    if (!rr) return false;
    const ss = derInt(sig, rr[1]);
    if (!ss || ss[1] !== sig.length) return false;
    const [r] = rr;
    const [s] = ss;
    // B1, B2: r and s in [1, n - 1]
    if (r < 1n || r >= n || s < 1n || s >= n) return false;
    // B3, B4: e = SM3(Z_A || M), Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A)
    const idBytes = Buffer.from(id, 'utf8');
    const entl = Buffer.from([(idBytes.length * 8) >> 8, (idBytes.length * 8) & 0xff]);
    const za = H('sm3', entl, idBytes, ...[a, b, gx, gy, xA, yA].map(be32));
    const e = toInt(H('sm3', za, toBytes(message)));
    // B5: t = (r + s) mod n, not 0
    const t = (r + s) % n;
    if (t === 0n) return false;
    // B6: (x1, y1) = [s]G + [t]P_A
    const X = jAdd(jMul(s, [gx, gy, 1n]), jMul(t, [xA, yA, 1n]));
    if (X === null) return false;
    // B7: R = (e + x1) mod n equals r
    return (e + affineX(X)) % n === r;
  } catch {
    return false;
  }
}

// An Ed25519 (raw 32-byte public key) or SM2 (SubjectPublicKeyInfo, default user id) signature,
// key and signature in base64, of MESSAGE (a string is taken as UTF-8).
export function verifySignature(alg, publicKey, message, signature) {
  try {
    const pub = strictBase64(publicKey);
    const sig = strictBase64(signature);
    if (!pub || !sig) return false;
    if (alg === 'ed25519') {
      if (pub.length !== 32 || sig.length !== 64) return false;
      const key = createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pub]),
        format: 'der',
        type: 'spki',
      });
      return nodeVerify(null, toBytes(message), key, sig);
    }
    if (alg === 'sm2') return sm2Verify(pub, message, sig, SM2_DEFAULT_ID);
    return false;
  } catch {
    return false;
  }
}

// A signed tree head: HEAD ({hash, root_hash, timestamp, tree_size}) under the log's key.
export function verifyHeadSignature({ alg, publicKey, head, signature }) {
  let text;
  try {
    text = headText(head);
  } catch {
    return false;
  }
  return verifySignature(alg, publicKey, text, signature);
}
