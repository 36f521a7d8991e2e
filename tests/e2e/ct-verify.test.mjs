// The independent verifier (lib/ct-verify.mjs) on its own, no server: Certificate Transparency's
// reference tree (the roots of sizes 1..8, its inclusion and consistency proofs, as in
// google/certificate-transparency-go merkletree/merkle_verifier_test.go and
// transparency-dev/merkle proof/verify_test.go), every proof of a 70-leaf tree built here from
// RFC 9162's definitions, SM3 (GB/T 32905's examples), Ed25519 (RFC 8032 §7.1) and SM2
// (GB/T 32918.5 Annex A's example; heads signed by the openssl command line and by lib/logsign).
// The same vectors are in tests/unit/lib/test_merkle.c and test_logsign.c.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import {
  headText,
  leafHash,
  nodeHash,
  rootFromInclusion,
  sm2Verify,
  treeRoot,
  verifyConsistency,
  verifyHeadSignature,
  verifyInclusion,
  verifySignature,
} from './lib/ct-verify.mjs';

const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));

const ROOTS = {
  sha256: [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ],
  // no published source: computed here, and checked by the C side too
  sm3: [
    '2daef60e7a0b8f5e024c81cd2ab3109f2b4f155cf83adeb2ae5532f74a157fdf',
    '0b990fe0c7ad70f1bf1a1262f2c7908ea48146b14253a6db99f2917ab1f5cc4d',
    '209ec96a210d662a964772680e8544d18cab7b88ffec3e00962220349b56ea56',
    '28e4e307ef6d2d0c62d84b11ef96e835efe490f35b93c8f024ecfe38c8dd4377',
    'bb10c996aeebbcdc69be3715fc847344de77442d37a5ab8213da9f41785b103b',
    '8723c1ab1f82ddfba4a3733ac0c80d936d9f4c208c7dbc8cc81ca9fff8584f66',
    'bd36c22a1ac6ff4308e0c3cc1a85bf0ffa30538ec60a55c70413ab15d45db4d2',
    'bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38',
  ],
};

const INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    index: 2,
    size: 3,
    proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
  },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY = [
  {
    first: 1,
    second: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    first: 2,
    second: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    first: 6,
    second: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const hex = (b) => Buffer.from(b).toString('hex');
const flip = (h, byte, bit) => {
  const b = Buffer.from(h, 'hex');
  b[byte] ^= 1 << bit;
  return hex(b);
};
const OTHER = 'abacaba000000000000000000000000000000000000000000060061e00123456';

describe('the Merkle tree of RFC 9162 §2.1', () => {
  test('CT reference tree: the roots of sizes 1..8 (SHA-256 and SM3) and of the empty tree', () => {
    for (const alg of ['sha256', 'sm3']) {
      const hashes = LEAVES.map((l) => leafHash(l, alg));
      for (let n = 1; n <= 8; n++) {
        assert.equal(hex(treeRoot(hashes.slice(0, n), alg)), ROOTS[alg][n - 1], `${alg} ${n}`);
      }
    }
    assert.equal(
      hex(treeRoot([], 'sha256')),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    assert.equal(
      hex(treeRoot([], 'sm3')),
      '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b',
    );
  });

  test('SM3: the examples of GB/T 32905', () => {
    const sm3 = (s) => createHash('sm3').update(s).digest('hex');
    assert.equal(sm3('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    assert.equal(
      sm3('abcd'.repeat(16)),
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  test('CT inclusion proofs verify; altered index, size, leaf, root or proof fail', () => {
    const hashes = LEAVES.map((l) => leafHash(l));
    for (const { index, size, proof } of INCLUSION) {
      const root = ROOTS.sha256[size - 1];
      const leaf = hashes[index];
      const ok = (o) => verifyInclusion({ index, size, leafHash: leaf, proof, root, ...o });
      assert.equal(hex(rootFromInclusion({ index, size, leafHash: leaf, proof })), root);
      assert.ok(ok({}), `${index} of ${size}`);
      if (index > 0) assert.equal(ok({ index: index - 1 }), false);
      assert.equal(ok({ index: index + 1 }), false);
      assert.equal(ok({ index: index ^ 2 }), false);
      assert.equal(ok({ size: size * 2 }), false);
      assert.equal(ok({ size: Math.floor(size / 2) }), false);
      assert.equal(ok({ leafHash: leafHash('WrongLeaf') }), false);
      assert.equal(ok({ root: OTHER }), false);
      assert.equal(ok({ proof: [...proof, OTHER] }), false);
      assert.equal(ok({ proof: [...proof, root] }), false);
      assert.equal(ok({ proof: [root, ...proof] }), false);
      assert.equal(ok({ proof: proof.slice(0, -1) }), false);
      assert.equal(ok({ proof: [proof[0], OTHER, ...proof.slice(1)] }), false);
      for (let i = 0; i < proof.length; i++) {
        for (let byte = 0; byte < 32; byte++) {
          const bad = proof.map((p, j) => (j === i ? flip(p, byte, byte % 8) : p));
          assert.equal(ok({ proof: bad }), false);
        }
      }
      assert.equal(ok({ proof: [...proof.slice(0, -1), 'zz'] }), false); // not a hash
      assert.equal(ok({ alg: 'sm3' }), false);
    }
    // shapes that cannot be; the one-leaf tree
    const leaf = hashes[0];
    for (const [index, size] of [
      [0, 0],
      [1, 1],
      [2, 1],
      [-1, 1],
    ]) {
      assert.equal(
        verifyInclusion({ index, size, leafHash: leaf, proof: [], root: ROOTS.sha256[0] }),
        false,
      );
    }
    assert.ok(verifyInclusion({ index: 0, size: 1, leafHash: leaf, proof: [], root: leaf }));
    assert.ok(verifyInclusion({ index: 0n, size: 1n, leafHash: leaf, proof: [], root: leaf }));
  });

  test('CT consistency proofs verify; altered sizes, roots or proof fail', () => {
    for (const { first, second, proof } of CONSISTENCY) {
      const firstRoot = ROOTS.sha256[first - 1];
      const secondRoot = ROOTS.sha256[second - 1];
      const ok = (o) => verifyConsistency({ first, second, firstRoot, secondRoot, proof, ...o });
      assert.ok(ok({}), `${first} -> ${second}`);
      assert.equal(ok({ first: first - 1 }), false);
      assert.equal(ok({ first: first + 1 }), false);
      assert.equal(ok({ first: first ^ 2 }), false);
      assert.equal(ok({ second: second * 2 }), false);
      assert.equal(ok({ second: Math.floor(second / 2) }), false);
      assert.equal(ok({ firstRoot: OTHER }), false);
      assert.equal(ok({ secondRoot: OTHER }), false);
      assert.equal(ok({ firstRoot: secondRoot, secondRoot: firstRoot }), false);
      assert.equal(ok({ proof: [] }), false);
      for (const extra of [OTHER, firstRoot, secondRoot, proof[0]]) {
        assert.equal(ok({ proof: [...proof, extra] }), false);
        assert.equal(ok({ proof: [extra, ...proof] }), false);
      }
      assert.equal(ok({ proof: proof.slice(0, -1) }), false);
      for (let i = 0; i < proof.length; i++) {
        for (let byte = 0; byte < 32; byte++) {
          const bad = proof.map((p, j) => (j === i ? flip(p, byte, 7 - (byte % 8)) : p));
          assert.equal(ok({ proof: bad }), false);
        }
      }
    }
    const [a, b, e] = ['01'.repeat(32), '02'.repeat(32), treeRoot([])];
    const c = (first, second, firstRoot, secondRoot, proof) =>
      verifyConsistency({ first, second, firstRoot, secondRoot, proof });
    assert.equal(c(0, 0, a, b, []), false);
    assert.equal(c(1, 1, a, b, []), false);
    assert.ok(c(0, 0, a, a, []));
    assert.ok(c(0, 1, a, b, []));
    assert.ok(c(1, 1, b, b, []));
    assert.equal(c(1, 0, a, b, []), false);
    assert.equal(c(2, 1, a, b, []), false);
    assert.equal(c(1, 2, a, b, []), false);
    assert.equal(c(0, 0, e, e, [e]), false);
    assert.equal(c(0, 1, e, e, [e]), false);
    assert.equal(c(1, 1, e, e, [e]), false);
  });

  // PATH and PROOF straight from §2.1.3.1 and §2.1.4.1 over D[lo:hi], to have proofs of every
  // shape; MTH of a range through treeRoot, remembered (a tree's ranges recur in every proof)
  const split = (n) => {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  };
  const prover = (d, alg) => {
    const memo = new Map();
    const mth = (lo, hi) => {
      const key = `${lo}:${hi}`;
      if (!memo.has(key)) memo.set(key, treeRoot(d.slice(lo, hi), alg));
      return memo.get(key);
    };
    const path = (m, lo, hi) => {
      if (hi - lo <= 1) return [];
      const k = split(hi - lo);
      return m < lo + k
        ? [...path(m, lo, lo + k), mth(lo + k, hi)]
        : [...path(m, lo + k, hi), mth(lo, lo + k)];
    };
    const subproof = (m, lo, hi, whole) => {
      if (m === hi) return whole ? [] : [mth(lo, hi)];
      const k = split(hi - lo);
      return m - lo <= k
        ? [...subproof(m, lo, lo + k, whole), mth(lo + k, hi)]
        : [...subproof(m, lo + k, hi, false), mth(lo, lo + k)];
    };
    return {
      root: (n) => mth(0, n),
      inclusion: (m, n) => path(m, 0, n),
      consistency: (m, n) => subproof(m, 0, n, true),
    };
  };

  for (const alg of ['sha256', 'sm3']) {
    test(`every proof of a 70-leaf tree (${alg}), each failing with any bit changed`, () => {
      const N = alg === 'sm3' ? 40 : 70;
      const leaves = Array.from({ length: N }, (_, i) => leafHash(`{"record":${i}}`, alg));
      const roots = [treeRoot([], alg)];
      for (let n = 1; n <= N; n++) roots.push(treeRoot(leaves.slice(0, n), alg));
      const P = prover(leaves, alg);
      for (let n = 1; n <= N; n++) {
        assert.equal(hex(P.root(n)), hex(roots[n]));
        for (let i = 0; i < n; i++) {
          const proof = P.inclusion(i, n);
          const args = { index: i, size: n, leafHash: leaves[i], proof, root: roots[n], alg };
          assert.ok(verifyInclusion(args), `leaf ${i} of ${n}`);
          if (n % 9 === 0 || n < 10) {
            for (let e = 0; e < proof.length; e++) {
              const bad = proof.map((p, j) => (j === e ? Buffer.from(p) : p));
              bad[e][(i + e) % 32] ^= 4;
              assert.equal(verifyInclusion({ ...args, proof: bad }), false);
            }
            assert.equal(verifyInclusion({ ...args, index: (i + 1) % n }), n === 1);
          }
        }
        for (let m = 1; m <= n; m++) {
          const proof = P.consistency(m, n);
          const args = {
            first: m,
            second: n,
            firstRoot: roots[m],
            secondRoot: roots[n],
            proof,
            alg,
          };
          assert.ok(verifyConsistency(args), `${m} -> ${n}`);
          if (n >= 12 && (m + n) % 5 !== 0) continue;
          for (let e = 0; e < proof.length; e++) {
            const bad = proof.map((p, j) => (j === e ? Buffer.from(p) : p));
            bad[e][(m + n + e) % 32] ^= 0x40;
            assert.equal(verifyConsistency({ ...args, proof: bad }), false);
          }
          if (m < n) {
            assert.equal(verifyConsistency({ ...args, firstRoot: roots[m - 1] }), false);
          }
        }
      }
      // a rewritten history: leaf 17 altered; the old head cannot be extended to the new log
      const forged = [...leaves];
      forged[17] = leafHash('forged', alg);
      const F = prover(forged, alg);
      for (let n = 20; n <= N; n += 7) {
        assert.equal(
          verifyConsistency({
            first: 18,
            second: n,
            firstRoot: roots[18],
            secondRoot: F.root(n),
            proof: F.consistency(18, n),
            alg,
          }),
          false,
        );
      }
    });
  }

  test('leaf and node hashes carry RFC 9162 prefixes', () => {
    const sha = (...p) => createHash('sha256').update(Buffer.concat(p)).digest('hex');
    assert.equal(hex(leafHash('abc')), sha(Buffer.from([0]), Buffer.from('abc')));
    const l = Buffer.alloc(32, 0xaa);
    const r = Buffer.alloc(32, 0x55);
    assert.equal(hex(nodeHash(l, r)), sha(Buffer.from([1]), l, r));
    assert.throws(() => nodeHash(l, Buffer.alloc(31)));
  });
});

describe('signed tree heads', () => {
  const head = {
    hash: 'sha256',
    root_hash: ROOTS.sha256[7],
    timestamp: 1767225600000,
    tree_size: 8,
  };
  const TEXT =
    '{"hash":"sha256","root_hash":"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",' +
    '"timestamp":1767225600000,"tree_size":8}';
  const b64 = (h) => Buffer.from(h, 'hex').toString('base64');

  // RFC 8032 §7.1 TEST 1's key; the head signed with it (by node:crypto, and byte for byte
  // the same by lib/logsign: Ed25519 is deterministic)
  const T1_PUB = b64('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  const T1_HEAD_SIG =
    '6or/N9yjrTpNsvKTRHNc0GIVWo1wl5ER7kfqFKMGh0ap2ygBDRo9E6UpEYL4AuF9xk/KEFxa2Re4x304vpmnBQ==';
  // an SM2 test key of `openssl genpkey -algorithm SM2`; the head signed by `openssl pkeyutl
  // -sign -rawin -digest sm3 -pkeyopt distid:1234567812345678`, by lib/logsign, and by
  // node:crypto (which signs with an empty user id)
  const SM2_PUB =
    'MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEW5d8Dw6Z8kZ39/tOVnf4FA4+UAjVGsqOgYWB3p97I8nQPsmJFH3Y' +
    'ohg9GYxGVq6lTTKKkAhcYz5jB8y4VExAGA==';
  const SM2_SIG_OPENSSL =
    'MEUCIET848P0BMCPgEIXToScjok0qoI7T3pMoC2sUgXmt95dAiEA3wPluqAtjvIOO+4Bsm4CejVv0dLLr4hgpb0/6JsG+44=';
  const SM2_SIG_LOGSIGN =
    'MEUCIQD3Cc1HUVyLP2SrmmnQa1LBxoSQonh6UNb8HbkTwBN6cQIgZPLRzhr2GqfxDtQ3Hp1+wszh5qaiJhzz6qrmImp1fG8=';
  const SM2_SIG_EMPTY_ID =
    'MEYCIQCrheqCpHUW8eDfAmJ0DYRHMUolk/A8sUkgCPDyT1YsLAIhAKRfwyK5mSxIdCA1CE30FBEEskGMon9WVBNY63T7XGRU';

  test('the signed text is the canonical JSON of the head', () => {
    assert.equal(headText(head), TEXT);
    assert.throws(() => headText({ ...head, hash: 'md5' }));
    assert.throws(() => headText({ ...head, root_hash: head.root_hash.toUpperCase() }));
    assert.throws(() => headText({ ...head, tree_size: 2 ** 53 }));
    assert.throws(() => headText({ ...head, timestamp: -1 }));
  });

  test('Ed25519: RFC 8032 §7.1 TEST 1 and 2, and a head', () => {
    const t1sig = b64(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    assert.ok(verifySignature('ed25519', T1_PUB, Buffer.alloc(0), t1sig));
    const t2pub = b64('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c');
    const t2sig = b64(
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    );
    assert.ok(verifySignature('ed25519', t2pub, Buffer.from([0x72]), t2sig));
    assert.equal(verifySignature('ed25519', t2pub, Buffer.from([0x73]), t2sig), false);

    const ok = (o) =>
      verifyHeadSignature({
        alg: 'ed25519',
        publicKey: T1_PUB,
        head,
        signature: T1_HEAD_SIG,
        ...o,
      });
    assert.ok(ok({}));
    assert.equal(ok({ head: { ...head, tree_size: 9 } }), false);
    assert.equal(ok({ head: { ...head, timestamp: head.timestamp + 1 } }), false);
    assert.equal(ok({ head: { ...head, hash: 'sm3' } }), false);
    assert.equal(ok({ head: { ...head, root_hash: flip(head.root_hash, 31, 0) } }), false);
    assert.equal(ok({ publicKey: t2pub }), false);
    assert.equal(ok({ alg: 'sm2' }), false);
    assert.equal(ok({ signature: T1_HEAD_SIG.replace('6or', '6os') }), false);
    assert.equal(ok({ signature: ` ${T1_HEAD_SIG}` }), false); // strict base64
    assert.equal(ok({ signature: T1_HEAD_SIG.replace(/=+$/, '') }), false);
    // the same bytes spelt with a spare bit set ("...URo=" as "...URp="): not the key's text
    assert.ok(T1_PUB.endsWith('URo='));
    assert.equal(ok({ publicKey: T1_PUB.replace(/URo=$/, 'URp=') }), false);
    assert.equal(ok({ signature: T1_HEAD_SIG.replace(/\+/g, '-').replace(/\//g, '_') }), false);
  });

  test('SM2: the signature example of GB/T 32918.5 Annex A (default user id)', () => {
    // private key 3945208F...; the public key's SubjectPublicKeyInfo
    const spki = Buffer.from(
      '3059301306072a8648ce3d020106082a811ccf5501822d03420004' +
        '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
        'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
      'hex',
    );
    const r = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3';
    const s = 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
    const der = Buffer.from(`3046022100${r}022100${s}`, 'hex');
    assert.ok(sm2Verify(spki, 'message digest', der));
    assert.equal(sm2Verify(spki, 'message digesT', der), false);
    assert.equal(sm2Verify(spki, 'message digest', der, 'ALICE123@YAHOO.COM'), false);
    const badR = Buffer.from(der);
    badR[10] ^= 1;
    assert.equal(sm2Verify(spki, 'message digest', badR), false);
    const badKey = Buffer.from(spki);
    badKey[40] ^= 1; // off the curve
    assert.equal(sm2Verify(badKey, 'message digest', der), false);
    assert.ok(
      verifySignature('sm2', spki.toString('base64'), 'message digest', der.toString('base64')),
    );
  });

  test('SM2: heads signed by the openssl command line and by lib/logsign', () => {
    for (const signature of [SM2_SIG_OPENSSL, SM2_SIG_LOGSIGN]) {
      const ok = (o) =>
        verifyHeadSignature({ alg: 'sm2', publicKey: SM2_PUB, head, signature, ...o });
      assert.ok(ok({}));
      assert.equal(ok({ head: { ...head, tree_size: 7 } }), false);
      assert.equal(ok({ head: { ...head, root_hash: flip(head.root_hash, 0, 7) } }), false);
      assert.equal(ok({ alg: 'ed25519' }), false);
    }
    // node:crypto signs SM2 with an empty user id: not the log's signature, though valid as such
    const spki = Buffer.from(SM2_PUB, 'base64');
    const der = Buffer.from(SM2_SIG_EMPTY_ID, 'base64');
    assert.equal(
      verifyHeadSignature({ alg: 'sm2', publicKey: SM2_PUB, head, signature: SM2_SIG_EMPTY_ID }),
      false,
    );
    assert.ok(sm2Verify(spki, TEXT, der, ''));
    // a P-256 key is not an SM2 key
    const p256 =
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEB8K0J5f4KW4poIweWKTO9olLCwqdJUedZSIeOJOJrXekwA3F' +
      'aZXm9otJvQMZHyZg47Ob6943g9W2o4OEreiIGQ==';
    assert.equal(
      verifyHeadSignature({ alg: 'sm2', publicKey: p256, head, signature: SM2_SIG_OPENSSL }),
      false,
    );
  });
});
