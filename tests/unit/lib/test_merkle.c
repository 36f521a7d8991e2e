/* lib/merkle: the RFC 9162 Merkle tree against Certificate Transparency's reference vectors, SM3
 * against GB/T 32905, and every proof of trees of a few hundred leaves (each verifies; any
 * altered byte, index, size, root or leaf makes it fail).
 *
 * The reference tree is the 8-leaf test tree of the Certificate Transparency implementations:
 * leaves "", 00, 10, 2021, 3031, 40414243, 5051525354555657, 606162636465666768696a6b6c6d6e6f;
 * the roots of sizes 1..8, the inclusion proofs and the consistency proofs below are those of
 * google/certificate-transparency-go, merkletree/merkle_verifier_test.go (getRoots,
 * getInclusionTestVector, getConsistencyProofs), and transparency-dev/merkle,
 * proof/verify_test.go (which adds the consistency proof 6 -> 7). The SM3 roots of the same
 * tree have no published source: they were computed by the independent JavaScript verifier
 * (tests/e2e/lib/ct-verify.mjs, node's SM3) and are checked by both sides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <nettle/sm3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/merkle.h"
#include "support.h"

#define HS MERKLE_HASH_SIZE

static void unhex_or_fail(const char *hex, uint8_t out[HS])
{
	if (merkle_unhex(hex, out) < 0)
		fail_msg("bad hex in the test: %s", hex);
}

/* Bytes of arbitrary length from hex (the CT leaves). */
static size_t unhex_bytes(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
	return n;
}

static const char *const CT_LEAVES[8] = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
};

static const char *const CT_ROOTS[8] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static const char *const SM3_ROOTS[8] = {
    "2daef60e7a0b8f5e024c81cd2ab3109f2b4f155cf83adeb2ae5532f74a157fdf",
    "0b990fe0c7ad70f1bf1a1262f2c7908ea48146b14253a6db99f2917ab1f5cc4d",
    "209ec96a210d662a964772680e8544d18cab7b88ffec3e00962220349b56ea56",
    "28e4e307ef6d2d0c62d84b11ef96e835efe490f35b93c8f024ecfe38c8dd4377",
    "bb10c996aeebbcdc69be3715fc847344de77442d37a5ab8213da9f41785b103b",
    "8723c1ab1f82ddfba4a3733ac0c80d936d9f4c208c7dbc8cc81ca9fff8584f66",
    "bd36c22a1ac6ff4308e0c3cc1a85bf0ffa30538ec60a55c70413ab15d45db4d2",
    "bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38",
};

/* A proof of the vectors: for (A, N) -- a leaf index (0-based) and a tree size, or two tree
 * sizes -- its LEN elements. */
typedef struct ct_vector {
	uint64_t a, n;
	int len;
	const char *proof[3];
} ct_vector;

/* Inclusion proofs: leaf index, tree size, the path. */
static const ct_vector CT_INCLUSION[] = {
    {0,
     8,
     3,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5,
     8,
     3,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, 1, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1,
     5,
     3,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {0, 1, 0, {NULL}},
};

/* Consistency proofs: the first size, the second. */
static const ct_vector CT_CONSISTENCY[] = {
    {1, 1, 0, {NULL}},
    {1,
     8,
     3,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     3,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2,
     5,
     2,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6,
     7,
     3,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

static uint8_t ct_leaf_hash[8][HS];

static merkle_source array_source(merkle_alg alg, uint8_t (*leaves)[HS])
{
	return (merkle_source){.alg = alg, .leaf = merkle_array_leaf, .ctx = leaves};
}

static void ct_leaf_hashes(merkle_alg alg, uint8_t out[8][HS])
{
	for (int i = 0; i < 8; i++) {
		uint8_t data[16];
		size_t n = unhex_bytes(CT_LEAVES[i], data);
		assert_int_equal(merkle_leaf_hash(alg, data, n, out[i]), 0);
	}
}

static void test_names_and_hex(void **state)
{
	(void)state;
	static const char *const ids[] = {"sha256", "sm3"};
	assert_enum_ids(merkle_alg, merkle_alg_name, merkle_alg_parse, ids, 7, "SHA256", NULL);

	uint8_t h[HS], back[HS];
	for (int i = 0; i < HS; i++)
		h[i] = (uint8_t)(i * 37 + 5);
	char hex[MERKLE_HEX_SIZE];
	merkle_hex(h, hex);
	assert_int_equal(strlen(hex), 64);
	assert_int_equal(merkle_unhex(hex, back), 0);
	assert_memory_equal(h, back, HS);
	for (char *p = hex; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	assert_int_equal(merkle_unhex(hex, back), 0); /* upper case is read too */
	assert_memory_equal(h, back, HS);
	assert_int_equal(merkle_unhex(CT_ROOTS[0] + 1, back), -1); /* 63 digits */
	char longer[70];
	snprintf(longer, sizeof longer, "%s0", CT_ROOTS[0]);
	assert_int_equal(merkle_unhex(longer, back), -1); /* 65 */
	char bad[70];
	snprintf(bad, sizeof bad, "%s", CT_ROOTS[0]);
	bad[10] = 'g';
	assert_int_equal(merkle_unhex(bad, back), -1);
	assert_int_equal(merkle_unhex("", back), -1);
	assert_int_equal(merkle_unhex(NULL, back), -1);
}

/* GB/T 32905-2016 Appendix A: the two examples. FIPS 180-2's "abc" for SHA-256. And SM3 through
 * OpenSSL against nettle's own SM3, an implementation of its own, over lengths around the
 * 64-byte block. */
static void test_hash_vectors(void **state)
{
	(void)state;
	uint8_t got[HS], want[HS];
	assert_int_equal(merkle_hash(MERKLE_SM3, "abc", 3, got), 0);
	unhex_or_fail("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", want);
	assert_memory_equal(got, want, HS);
	char abcd[65] = "";
	for (int i = 0; i < 16; i++)
		strcat(abcd, "abcd");
	assert_int_equal(merkle_hash(MERKLE_SM3, abcd, 64, got), 0);
	unhex_or_fail("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732", want);
	assert_memory_equal(got, want, HS);

	assert_int_equal(merkle_hash(MERKLE_SHA256, "abc", 3, got), 0);
	unhex_or_fail("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", want);
	assert_memory_equal(got, want, HS);

	/* the empty tree's root is the hash of nothing */
	merkle_source s = array_source(MERKLE_SHA256, NULL);
	assert_int_equal(merkle_root(&s, 0, got), 0);
	unhex_or_fail("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want);
	assert_memory_equal(got, want, HS);
	s.alg = MERKLE_SM3;
	assert_int_equal(merkle_root(&s, 0, got), 0);
	unhex_or_fail("1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b", want);
	assert_memory_equal(got, want, HS);

	uint8_t buf[200];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (size_t n = 0; n <= sizeof buf; n += 1 + n / 8) {
		struct sm3_ctx c;
		sm3_init(&c);
		sm3_update(&c, n, buf);
		sm3_digest(&c, SM3_DIGEST_SIZE, want);
		assert_int_equal(merkle_hash(MERKLE_SM3, buf, n, got), 0);
		assert_memory_equal(got, want, HS);
	}

	/* the prefixes of RFC 9162 §2.1.1 */
	uint8_t pre[1 + 2 * HS];
	pre[0] = 0x00;
	memcpy(pre + 1, "abc", 3);
	assert_int_equal(merkle_hash(MERKLE_SM3, pre, 4, want), 0);
	assert_int_equal(merkle_leaf_hash(MERKLE_SM3, "abc", 3, got), 0);
	assert_memory_equal(got, want, HS);
	pre[0] = 0x01;
	memset(pre + 1, 0xaa, HS);
	memset(pre + 1 + HS, 0x55, HS);
	assert_int_equal(merkle_hash(MERKLE_SHA256, pre, sizeof pre, want), 0);
	assert_int_equal(merkle_node_hash(MERKLE_SHA256, pre + 1, pre + 1 + HS, got), 0);
	assert_memory_equal(got, want, HS);
	assert_int_equal(merkle_hash((merkle_alg)9, "abc", 3, got), -1);
}

static void test_ct_roots(void **state)
{
	(void)state;
	static const char *const *const want_roots[2] = {CT_ROOTS, SM3_ROOTS};
	for (int a = 0; a < 2; a++) {
		merkle_alg alg = a ? MERKLE_SM3 : MERKLE_SHA256;
		uint8_t leaves[8][HS];
		ct_leaf_hashes(alg, leaves);
		merkle_source s = array_source(alg, leaves);
		for (uint64_t n = 1; n <= 8; n++) {
			uint8_t got[HS], want[HS];
			unhex_or_fail(want_roots[a][n - 1], want);
			assert_int_equal(merkle_root(&s, n, got), 0);
			if (memcmp(got, want, HS))
				fail_msg("%s root of size %d differs", merkle_alg_name(alg),
				         (int)n);
		}
	}
}

/* The corruptions of an inclusion proof the CT implementations try: each must fail. */
static void assert_inclusion_corruptions_fail(merkle_alg alg, uint64_t index, uint64_t size,
                                              const uint8_t leaf[HS], uint8_t (*proof)[HS], int len,
                                              const uint8_t root[HS])
{
	uint8_t buf[MERKLE_PROOF_MAX + 2][HS], other[HS];
	memset(other, 0x5a, HS);
	if (index > 0)
		assert_int_equal(
		    merkle_verify_inclusion(alg, index - 1, size, leaf, proof, len, root), -1);
	assert_int_equal(merkle_verify_inclusion(alg, index + 1, size, leaf, proof, len, root), -1);
	if ((index ^ 2) != index)
		assert_int_equal(
		    merkle_verify_inclusion(alg, index ^ 2, size, leaf, proof, len, root), -1);
	assert_int_equal(merkle_verify_inclusion(alg, index, size * 2, leaf, proof, len, root), -1);
	assert_int_equal(merkle_verify_inclusion(alg, index, size / 2, leaf, proof, len, root), -1);
	assert_int_equal(merkle_verify_inclusion(alg, index, size, other, proof, len, root), -1);
	assert_int_equal(merkle_verify_inclusion(alg, index, size, leaf, proof, len, other), -1);
	/* garbage or the root after, before; an element removed, one inserted */
	memcpy(buf, proof, (size_t)len * HS);
	memcpy(buf[len], root, HS);
	assert_int_equal(merkle_verify_inclusion(alg, index, size, leaf, buf, len + 1, root), -1);
	memcpy(buf[len], other, HS);
	assert_int_equal(merkle_verify_inclusion(alg, index, size, leaf, buf, len + 1, root), -1);
	memcpy(buf[0], root, HS);
	memcpy(buf + 1, proof, (size_t)len * HS);
	assert_int_equal(merkle_verify_inclusion(alg, index, size, leaf, buf, len + 1, root), -1);
	if (len > 0)
		assert_int_equal(
		    merkle_verify_inclusion(alg, index, size, leaf, proof, len - 1, root), -1);
	if (len > 1) {
		memcpy(buf, proof, HS);
		memcpy(buf[1], other, HS);
		memcpy(buf + 2, proof + 1, (size_t)(len - 1) * HS);
		assert_int_equal(
		    merkle_verify_inclusion(alg, index, size, leaf, buf, len + 1, root), -1);
	}
	/* one bit of one element */
	for (int i = 0; i < len; i++) {
		memcpy(buf, proof, (size_t)len * HS);
		buf[i][i % HS] ^= 8;
		assert_int_equal(merkle_verify_inclusion(alg, index, size, leaf, buf, len, root),
		                 -1);
	}
}

/* merkle_inclusion_proof or merkle_consistency_proof: both take two sizes (or an index and a
 * size) and write the proof of those. */
typedef int (*proof_maker)(const merkle_source *, uint64_t, uint64_t, uint8_t[][HS], size_t);

/* The SHA-256 log of the CT test vectors' eight leaves. */
static merkle_source ct_source(void)
{
	ct_leaf_hashes(MERKLE_SHA256, ct_leaf_hash);
	return array_source(MERKLE_SHA256, ct_leaf_hash);
}

/* For each of the COUNT vectors from V: MAKE's proof is the vector's, and CHECK(vector, its
 * proof) passes. */
static void each_vector(const ct_vector *v, size_t count, proof_maker make,
                        void (*check)(const ct_vector *, uint8_t (*)[HS]))
{
	merkle_source s = ct_source();
	for (; count > 0; count--, v++) {
		uint8_t want[3][HS], got[MERKLE_PROOF_MAX][HS];
		for (int i = 0; i < v->len; i++)
			unhex_or_fail(v->proof[i], want[i]);
		assert_int_equal(make(&s, v->a, v->n, got, MERKLE_PROOF_MAX), v->len);
		if (v->len)
			assert_memory_equal(got, want, (size_t)v->len * HS);
		check(v, want);
	}
}

/* An inclusion vector's path leads to the root of its size, and its corruptions do not. */
static void inclusion_vector(const ct_vector *v, uint8_t (*want)[HS])
{
	uint64_t index = v->a, size = v->n;
	int len = v->len;
	uint8_t root[HS], computed[HS];
	unhex_or_fail(CT_ROOTS[size - 1], root);
	assert_int_equal(merkle_root_from_inclusion(MERKLE_SHA256, index, size, ct_leaf_hash[index],
	                                            want, (size_t)len, computed),
	                 0);
	assert_memory_equal(computed, root, HS);
	assert_int_equal(merkle_verify_inclusion(MERKLE_SHA256, index, size, ct_leaf_hash[index],
	                                         want, (size_t)len, root),
	                 0);
	assert_inclusion_corruptions_fail(MERKLE_SHA256, index, size, ct_leaf_hash[index], want,
	                                  len, root);
}

static void test_ct_inclusion(void **state)
{
	(void)state;
	each_vector(CT_INCLUSION, sizeof CT_INCLUSION / sizeof *CT_INCLUSION,
	            merkle_inclusion_proof, inclusion_vector);
	merkle_source s = ct_source();
	/* shapes that cannot be: an index outside the tree, an empty tree */
	uint8_t root[HS], proof[1][HS];
	unhex_or_fail(CT_ROOTS[0], root);
	assert_int_equal(
	    merkle_verify_inclusion(MERKLE_SHA256, 0, 0, ct_leaf_hash[0], NULL, 0, root), -1);
	assert_int_equal(
	    merkle_verify_inclusion(MERKLE_SHA256, 1, 1, ct_leaf_hash[0], NULL, 0, root), -1);
	assert_int_equal(
	    merkle_verify_inclusion(MERKLE_SHA256, 2, 1, ct_leaf_hash[0], NULL, 0, root), -1);
	assert_int_equal(merkle_inclusion_proof(&s, 8, 8, proof, 1), -1);
	/* not enough room */
	assert_int_equal(merkle_inclusion_proof(&s, 0, 8, proof, 1), -1);
	/* a proof longer than the tree is high leads to no root at all */
	uint8_t longer[4][HS], computed[HS];
	unhex_or_fail(CT_INCLUSION[2].proof[0], longer[0]);
	memcpy(longer[1], root, HS);
	assert_int_equal(
	    merkle_root_from_inclusion(MERKLE_SHA256, 2, 3, ct_leaf_hash[2], longer, 1, computed),
	    0);
	assert_int_equal(
	    merkle_root_from_inclusion(MERKLE_SHA256, 2, 3, ct_leaf_hash[2], longer, 2, computed),
	    -1);
	assert_int_equal(
	    merkle_root_from_inclusion(MERKLE_SHA256, 2, 3, ct_leaf_hash[2], longer, 0, computed),
	    -1);
	/* a one-leaf tree: the root is the leaf hash, the proof empty */
	assert_int_equal(
	    merkle_verify_inclusion(MERKLE_SHA256, 0, 1, ct_leaf_hash[0], NULL, 0, root), 0);
	assert_int_equal(
	    merkle_verify_inclusion(MERKLE_SHA256, 0, 1, ct_leaf_hash[1], NULL, 0, root), -1);
}

static void assert_consistency_corruptions_fail(merkle_alg alg, uint64_t m, uint64_t n,
                                                const uint8_t r1[HS], const uint8_t r2[HS],
                                                uint8_t (*proof)[HS], int len)
{
	uint8_t buf[MERKLE_PROOF_MAX + 2][HS], other[HS];
	memset(other, 0xa5, HS);
	assert_int_equal(merkle_verify_consistency(alg, m - 1, n, r1, r2, proof, len), -1);
	assert_int_equal(merkle_verify_consistency(alg, m + 1, n, r1, r2, proof, len), -1);
	if ((m ^ 2) != m)
		assert_int_equal(merkle_verify_consistency(alg, m ^ 2, n, r1, r2, proof, len), -1);
	assert_int_equal(merkle_verify_consistency(alg, m, n * 2, r1, r2, proof, len), -1);
	assert_int_equal(merkle_verify_consistency(alg, m, n / 2, r1, r2, proof, len), -1);
	assert_int_equal(merkle_verify_consistency(alg, m, n, other, r2, proof, len), -1);
	assert_int_equal(merkle_verify_consistency(alg, m, n, r1, other, proof, len), -1);
	assert_int_equal(merkle_verify_consistency(alg, m, n, r2, r1, proof, len), -1);
	assert_int_equal(merkle_verify_consistency(alg, m, n, r1, r2, NULL, 0), -1);
	const uint8_t *extra[] = {other, r1, r2, proof[0]};
	for (size_t e = 0; e < sizeof extra / sizeof *extra; e++) {
		memcpy(buf, proof, (size_t)len * HS);
		memcpy(buf[len], extra[e], HS);
		assert_int_equal(merkle_verify_consistency(alg, m, n, r1, r2, buf, len + 1), -1);
		memcpy(buf[0], extra[e], HS);
		memcpy(buf + 1, proof, (size_t)len * HS);
		assert_int_equal(merkle_verify_consistency(alg, m, n, r1, r2, buf, len + 1), -1);
	}
	assert_int_equal(merkle_verify_consistency(alg, m, n, r1, r2, proof, len - 1), -1);
	for (int i = 0; i < len; i++) {
		memcpy(buf, proof, (size_t)len * HS);
		buf[i][(i * 5) % HS] ^= 16;
		assert_int_equal(merkle_verify_consistency(alg, m, n, r1, r2, buf, len), -1);
	}
}

/* A consistency vector's proof verifies between the roots of its sizes, and its corruptions
 * do not. */
static void consistency_vector(const ct_vector *v, uint8_t (*want)[HS])
{
	uint64_t m = v->a, n = v->n;
	uint8_t r1[HS], r2[HS];
	unhex_or_fail(CT_ROOTS[m - 1], r1);
	unhex_or_fail(CT_ROOTS[n - 1], r2);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, m, n, r1, r2, want, v->len), 0);
	if (v->len)
		assert_consistency_corruptions_fail(MERKLE_SHA256, m, n, r1, r2, want, v->len);
}

static void test_ct_consistency(void **state)
{
	(void)state;
	each_vector(CT_CONSISTENCY, sizeof CT_CONSISTENCY / sizeof *CT_CONSISTENCY,
	            merkle_consistency_proof, consistency_vector);
	merkle_source s = ct_source();
	/* the cases with nothing to prove, and the impossible ones (transparency-dev's list) */
	uint8_t a[HS], b[HS], e[1][HS];
	memset(a, 1, HS);
	memset(b, 2, HS);
	unhex_or_fail("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", e[0]);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 0, 0, a, b, NULL, 0), -1);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 1, 1, a, b, NULL, 0), -1);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 0, 0, a, a, NULL, 0), 0);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 0, 1, a, b, NULL, 0), 0);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 1, 1, b, b, NULL, 0), 0);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 1, 0, a, b, NULL, 0), -1);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 2, 1, a, b, NULL, 0), -1);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 1, 2, a, b, NULL, 0), -1);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 0, 0, e[0], e[0], e, 1), -1);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 0, 1, e[0], e[0], e, 1), -1);
	assert_int_equal(merkle_verify_consistency(MERKLE_SHA256, 1, 1, e[0], e[0], e, 1), -1);
	uint8_t p[MERKLE_PROOF_MAX][HS];
	assert_int_equal(merkle_consistency_proof(&s, 5, 4, p, MERKLE_PROOF_MAX), -1);
	assert_int_equal(merkle_consistency_proof(&s, 4, 4, p, MERKLE_PROOF_MAX), 0);
	assert_int_equal(merkle_consistency_proof(&s, 0, 4, p, MERKLE_PROOF_MAX), 0);
	assert_int_equal(merkle_consistency_proof(&s, 6, 8, p, 2), -1); /* room for 2 of 3 */
}

/* A log of a few hundred leaves ------------------------------------------------------------ */

#define BIG 300
static uint8_t big_leaf[BIG][HS];

static void make_big(merkle_alg alg, uint8_t (*leaves)[HS], int n, unsigned salt)
{
	for (int i = 0; i < n; i++) {
		char rec[64];
		int len = snprintf(rec, sizeof rec, "{\"record\":%d,\"salt\":%u}", i, salt);
		assert_int_equal(merkle_leaf_hash(alg, rec, (size_t)len, leaves[i]), 0);
	}
}

/* A proof that verified for arguments (A, N) other than its own must be MAKE's proof for them
 * as well; WHAT names the kind of proof in a failure. */
static void assert_same_proof(proof_maker make, const char *what, const merkle_source *s,
                              uint64_t a, uint64_t n, uint8_t (*proof)[HS], int len)
{
	uint8_t own[MERKLE_PROOF_MAX][HS];
	int olen = make(s, a, n, own, MERKLE_PROOF_MAX);
	if (olen != len || memcmp(own, proof, (size_t)len * HS))
		fail_msg("an %s proof verifies for (%d, %d), not being its proof", what, (int)a,
		         (int)n);
}

static const uint64_t SIZES[] = {1,  2,  3,  4,  5,  6,   7,   8,   9,   15,  16,  17,
                                 31, 32, 33, 63, 64, 127, 128, 129, 255, 256, 257, 300};
#define NSIZES (sizeof SIZES / sizeof *SIZES)

static int listed(uint64_t n)
{
	for (size_t z = 0; z < NSIZES; z++)
		if (SIZES[z] == n)
			return 1;
	return 0;
}

/* Whether the checks against other indices and sizes try O: those near X, and the listed. */
static int tried(uint64_t o, uint64_t x, int all)
{
	return all || (o + 8 >= x && o <= x + 8) || listed(o) || o == x * 2 || o == x / 2;
}

/* The proof of leaf I in the first N leaves verifies; flipping a bit of any byte of it (or, when
 * not THOROUGH, of one byte an element), another index or another size with its own root makes
 * it fail (unless that size's proof is the same). */
static void check_inclusion(merkle_alg alg, const merkle_source *s, uint8_t (*roots)[HS],
                            uint64_t i, uint64_t n, int thorough)
{
	uint8_t proof[MERKLE_PROOF_MAX][HS], bad[MERKLE_PROOF_MAX][HS];
	int len = merkle_inclusion_proof(s, i, n, proof, MERKLE_PROOF_MAX);
	assert_true(len >= 0);
	if (merkle_verify_inclusion(alg, i, n, big_leaf[i], proof, (size_t)len, roots[n]))
		fail_msg("the proof of leaf %d of %d fails", (int)i, (int)n);
	for (int e = 0; e < len; e++)
		for (int b = thorough ? 0 : (int)(i + n) % HS; b < HS; b += thorough ? 1 : HS) {
			memcpy(bad, proof, (size_t)len * HS);
			bad[e][b] ^= (uint8_t)(1u << ((b + e) % 8));
			if (!merkle_verify_inclusion(alg, i, n, big_leaf[i], bad, (size_t)len,
			                             roots[n]))
				fail_msg(
				    "leaf %d of %d: byte %d of element %d altered, still verifies",
				    (int)i, (int)n, b, e);
		}
	for (uint64_t j = 0; j < n; j++)
		if (j != i && tried(j, i, thorough) &&
		    !merkle_verify_inclusion(alg, j, n, big_leaf[i], proof, (size_t)len, roots[n]))
			fail_msg("the proof of leaf %d of %d verifies at %d", (int)i, (int)n,
			         (int)j);
	for (uint64_t m = i + 1; m <= BIG; m++)
		if (m != n && tried(m, n, 0) &&
		    !merkle_verify_inclusion(alg, i, m, big_leaf[i], proof, (size_t)len, roots[m]))
			assert_same_proof(merkle_inclusion_proof, "inclusion", s, i, m, proof, len);
	if (thorough)
		assert_inclusion_corruptions_fail(alg, i, n, big_leaf[i], proof, len, roots[n]);
}

/* Runs CHECK on the big log of each hash (leaves made with SEED), given the root of each of
 * its sizes. */
static void on_each_big_tree(int seed,
                             void (*check)(merkle_alg, const merkle_source *, uint8_t (*)[HS]))
{
	static uint8_t roots[BIG + 1][HS];
	for (int a = 0; a < 2; a++) {
		merkle_alg alg = a ? MERKLE_SM3 : MERKLE_SHA256;
		make_big(alg, big_leaf, BIG, seed);
		merkle_source s = array_source(alg, big_leaf);
		for (uint64_t n = 1; n <= BIG; n++)
			assert_int_equal(merkle_root(&s, n, roots[n]), 0);
		check(alg, &s, roots);
	}
}

static void every_inclusion_proof(merkle_alg alg, const merkle_source *s, uint8_t (*roots)[HS])
{
	/* every leaf of the listed sizes (SM3: of a few; the same code, a slower hash) */
	for (size_t z = 0; z < NSIZES; z++) {
		uint64_t n = SIZES[z];
		if (alg == MERKLE_SM3 && n != 7 && n != 129 && n != 300)
			continue;
		for (uint64_t i = 0; i < n; i++)
			check_inclusion(alg, s, roots, i, n, n <= 33 || i % 31 == 0);
	}
}

static void test_every_inclusion_proof(void **state)
{
	(void)state;
	on_each_big_tree(1, every_inclusion_proof);
}

/* The consistency proof from the first M leaves to the first N verifies; a bit flipped in any
 * byte (or one byte an element), another old or new size with its own root, and the
 * corruptions of the CT implementations make it fail. */
static void check_consistency(merkle_alg alg, const merkle_source *s, uint8_t (*roots)[HS],
                              uint64_t m, uint64_t n, int thorough)
{
	uint8_t proof[MERKLE_PROOF_MAX][HS], bad[MERKLE_PROOF_MAX][HS];
	int len = merkle_consistency_proof(s, m, n, proof, MERKLE_PROOF_MAX);
	assert_true(len >= 0);
	if (merkle_verify_consistency(alg, m, n, roots[m], roots[n], proof, (size_t)len))
		fail_msg("consistency %d -> %d fails", (int)m, (int)n);
	if (m == n) {
		assert_int_equal(len, 0);
		return;
	}
	for (int e = 0; e < len; e++)
		for (int b = thorough ? 0 : (int)(m + n) % HS; b < HS; b += thorough ? 1 : HS) {
			memcpy(bad, proof, (size_t)len * HS);
			bad[e][b] ^= (uint8_t)(0x80u >> ((b + e) % 8));
			if (!merkle_verify_consistency(alg, m, n, roots[m], roots[n], bad,
			                               (size_t)len))
				fail_msg(
				    "consistency %d -> %d: byte %d of element %d altered, still "
				    "verifies",
				    (int)m, (int)n, b, e);
		}
	for (uint64_t o = 1; o <= n; o++)
		if (o != m && tried(o, m, thorough) &&
		    !merkle_verify_consistency(alg, o, n, roots[o], roots[n], proof, (size_t)len))
			assert_same_proof(merkle_consistency_proof, "consistency", s, o, n, proof,
			                  len);
	for (uint64_t o = m; o <= BIG; o++)
		if (o != n && tried(o, n, 0) &&
		    !merkle_verify_consistency(alg, m, o, roots[m], roots[o], proof, (size_t)len))
			assert_same_proof(merkle_consistency_proof, "consistency", s, m, o, proof,
			                  len);
	if (thorough)
		assert_consistency_corruptions_fail(alg, m, n, roots[m], roots[n], proof, len);
}

static void every_consistency_proof(merkle_alg alg, const merkle_source *s, uint8_t (*roots)[HS])
{
	/* every pair of sizes up to 33, then every pair of the listed sizes (SM3: up to 17, then a
	 * few) */
	uint64_t all = alg == MERKLE_SM3 ? 17 : 33;
	for (uint64_t n = 1; n <= BIG; n++)
		for (uint64_t m = 1; m <= n; m++) {
			if (n > all && !(listed(n) && listed(m)))
				continue;
			if (n > all && alg == MERKLE_SM3 && n != 129 && n != 300)
				continue;
			check_consistency(alg, s, roots, m, n, n <= 17 || (m * 7 + n) % 29 == 0);
		}
}

static void test_every_consistency_proof(void **state)
{
	(void)state;
	on_each_big_tree(2, every_consistency_proof);
}

/* A log rewritten: a leaf altered, removed or two swapped. The new root differs, the old proofs
 * no longer verify against it, and no consistency proof of the rewritten log verifies against
 * the old root. */
static void assert_rewrite_detected(merkle_alg alg, uint8_t (*old)[HS], uint8_t (*new)[HS],
                                    uint64_t n_old, uint64_t n_new, uint64_t first_changed)
{
	merkle_source so = array_source(alg, old), sn = array_source(alg, new);
	uint8_t r_old[HS], r_new[HS];
	assert_int_equal(merkle_root(&so, n_old, r_old), 0);
	assert_int_equal(merkle_root(&sn, n_new, r_new), 0);
	assert_memory_not_equal(r_old, r_new, HS);
	/* every old proof fails against the new root; the prefix before the change keeps its root
	 */
	uint64_t n = n_old < n_new ? n_old : n_new;
	for (uint64_t i = 0; i < n; i++) {
		uint8_t p[MERKLE_PROOF_MAX][HS];
		int len = merkle_inclusion_proof(&so, i, n_old, p, MERKLE_PROOF_MAX);
		assert_true(len >= 0);
		assert_int_equal(
		    merkle_verify_inclusion(alg, i, n_new, old[i], p, (size_t)len, r_new), -1);
	}
	for (uint64_t m = 1; m <= n; m++) {
		uint8_t a[HS], b[HS];
		assert_int_equal(merkle_root(&so, m, a), 0);
		assert_int_equal(merkle_root(&sn, m, b), 0);
		if (m <= first_changed)
			assert_memory_equal(a, b, HS);
		else
			assert_memory_not_equal(a, b, HS);
	}
	/* the rewritten log grown by a few leaves cannot prove it extends the old head */
	for (uint64_t grown = n_new; grown <= n_new + 3; grown++) {
		uint8_t p[MERKLE_PROOF_MAX][HS], r_grown[HS];
		if (grown < n_old)
			continue;
		assert_int_equal(merkle_root(&sn, grown, r_grown), 0);
		int len = merkle_consistency_proof(&sn, n_old, grown, p, MERKLE_PROOF_MAX);
		assert_true(len >= 0);
		assert_int_equal(
		    merkle_verify_consistency(alg, n_old, grown, r_old, r_grown, p, (size_t)len),
		    -1);
	}
}

static void test_rewrites_detected(void **state)
{
	(void)state;
	static uint8_t old[BIG + 4][HS], new[BIG + 4][HS];
	for (int a = 0; a < 2; a++) {
		merkle_alg alg = a ? MERKLE_SM3 : MERKLE_SHA256;
		const uint64_t n = 100;
		make_big(alg, old, BIG + 4, 3);
		/* altered */
		memcpy(new, old, sizeof old);
		assert_int_equal(merkle_leaf_hash(alg, "forged", 6, new[37]), 0);
		assert_rewrite_detected(alg, old, new, n, n, 37);
		/* only a byte of a leaf's hash */
		memcpy(new, old, sizeof old);
		new[99][31] ^= 1;
		assert_rewrite_detected(alg, old, new, n, n, 99);
		/* removed: the later leaves move up one */
		memcpy(new, old, sizeof old);
		memmove(new[37], new[38], (BIG + 4 - 38) * HS);
		assert_rewrite_detected(alg, old, new, n, n - 1, 37);
		assert_rewrite_detected(alg, old, new, n, n, 37);
		/* two swapped */
		memcpy(new, old, sizeof old);
		memcpy(new[10], old[11], HS);
		memcpy(new[11], old[10], HS);
		assert_rewrite_detected(alg, old, new, n, n, 10);
		/* the first and the last */
		memcpy(new, old, sizeof old);
		memcpy(new[0], old[n - 1], HS);
		memcpy(new[n - 1], old[0], HS);
		assert_rewrite_detected(alg, old, new, n, n, 0);
	}
}

/* Leaf hashes through a callback that counts its calls and can fail; complete subtrees through
 * a cache filled by the frontier as the log grows. */
typedef struct counting {
	uint8_t (*leaves)[HS];
	uint64_t calls, fail_at;
	uint8_t (*cache)[64][HS]; /* cache[i][level]: the subtree at level of index i */
	uint64_t cache_slots;
	uint8_t (*have)[64];
	uint64_t node_calls, node_hits;
} counting;

static int counting_leaf(void *ctx, uint64_t index, uint8_t out[HS])
{
	counting *c = ctx;
	c->calls++;
	if (index == c->fail_at)
		return -1;
	memcpy(out, c->leaves[index], HS);
	return 0;
}

static int counting_node(void *ctx, unsigned level, uint64_t index, uint8_t out[HS])
{
	counting *c = ctx;
	c->node_calls++;
	if (!c->cache || index >= c->cache_slots || !c->have[index][level])
		return 0;
	c->node_hits++;
	memcpy(out, c->cache[index][level], HS);
	return 1;
}

static int keep_node(void *ctx, unsigned level, uint64_t index, const uint8_t root[HS])
{
	counting *c = ctx;
	if (index >= c->cache_slots || level >= 64)
		return -1;
	memcpy(c->cache[index][level], root, HS);
	c->have[index][level] = 1;
	return 0;
}

static int refuse_node(void *ctx, unsigned level, uint64_t index, const uint8_t root[HS])
{
	(void)ctx;
	(void)level;
	(void)index;
	(void)root;
	return -1;
}

static void test_frontier_and_cache(void **state)
{
	(void)state;
	merkle_alg alg = MERKLE_SHA256;
	make_big(alg, big_leaf, BIG, 4);
	merkle_source plain = array_source(alg, big_leaf);
	counting c = {.leaves = big_leaf, .fail_at = UINT64_MAX, .cache_slots = BIG};
	c.cache = calloc(BIG, sizeof *c.cache);
	c.have = calloc(BIG, sizeof *c.have);
	assert_non_null(c.cache);
	assert_non_null(c.have);

	merkle_frontier f;
	merkle_frontier_init(&f, alg);
	uint8_t got[HS], want[HS];
	assert_int_equal(merkle_frontier_root(&f, got), 0);
	assert_int_equal(merkle_root(&plain, 0, want), 0);
	assert_memory_equal(got, want, HS);
	uint64_t reported = 0;
	for (uint64_t n = 1; n <= BIG; n++) {
		assert_int_equal(merkle_frontier_append(&f, big_leaf[n - 1], keep_node, &c), 0);
		assert_int_equal(f.size, n);
		assert_int_equal(merkle_frontier_root(&f, got), 0);
		assert_int_equal(merkle_root(&plain, n, want), 0);
		assert_memory_equal(got, want, HS);
		/* a failing report leaves the frontier as it was */
		merkle_frontier copy = f;
		if (n % 2 == 1) {
			assert_int_equal(
			    merkle_frontier_append(&copy, big_leaf[0], refuse_node, NULL), -1);
			assert_memory_equal(&copy, &f, sizeof f);
		}
	}
	/* every complete subtree of level >= 1 was reported once: n - popcount(n) of them */
	for (uint64_t i = 0; i < BIG; i++)
		for (int l = 1; l < 64; l++)
			reported += c.have[i][l];
	assert_int_equal(reported, BIG - (uint64_t)__builtin_popcountll(BIG));
	for (uint64_t i = 0; i < BIG; i++)
		for (int l = 1; l < 64; l++)
			if (c.have[i][l]) {
				assert_int_equal(
				    merkle_subtree_root(&plain, i << l, (i + 1) << l, want), 0);
				assert_memory_equal(c.cache[i][l], want, HS);
			}

	/* the same roots and proofs through the cache, with far fewer leaves read */
	merkle_source cached = {
	    .alg = alg, .leaf = counting_leaf, .node = counting_node, .ctx = &c};
	for (uint64_t n = 1; n <= BIG; n += 13) {
		c.calls = 0;
		assert_int_equal(merkle_root(&cached, n, got), 0);
		assert_int_equal(merkle_root(&plain, n, want), 0);
		assert_memory_equal(got, want, HS);
		assert_true(c.calls <= 1); /* at most the last leaf of an odd size */
		for (uint64_t i = 0; i < n; i += 7) {
			uint8_t p1[MERKLE_PROOF_MAX][HS], p2[MERKLE_PROOF_MAX][HS];
			c.calls = 0;
			int l1 = merkle_inclusion_proof(&cached, i, n, p1, MERKLE_PROOF_MAX);
			assert_true(c.calls <= 2);
			int l2 = merkle_inclusion_proof(&plain, i, n, p2, MERKLE_PROOF_MAX);
			assert_int_equal(l1, l2);
			assert_memory_equal(p1, p2, (size_t)l1 * HS);
		}
		for (uint64_t m = 1; m <= n; m += 11) {
			uint8_t p1[MERKLE_PROOF_MAX][HS], p2[MERKLE_PROOF_MAX][HS];
			int l1 = merkle_consistency_proof(&cached, m, n, p1, MERKLE_PROOF_MAX);
			int l2 = merkle_consistency_proof(&plain, m, n, p2, MERKLE_PROOF_MAX);
			assert_int_equal(l1, l2);
			assert_memory_equal(p1, p2, (size_t)l1 * HS);
		}
	}
	/* without the cache, a root reads every leaf once */
	merkle_source counted = {.alg = alg, .leaf = counting_leaf, .ctx = &c};
	c.calls = 0;
	assert_int_equal(merkle_root(&counted, BIG, got), 0);
	assert_int_equal(c.calls, BIG);

	/* the frontier loaded from the source equals the one grown leaf by leaf */
	for (uint64_t n = 0; n <= BIG; n += 23) {
		merkle_frontier grown, loaded;
		merkle_frontier_init(&grown, alg);
		for (uint64_t i = 0; i < n; i++)
			assert_int_equal(merkle_frontier_append(&grown, big_leaf[i], NULL, NULL),
			                 0);
		assert_int_equal(merkle_frontier_load(&loaded, &cached, n), 0);
		assert_int_equal(loaded.size, n);
		assert_int_equal(merkle_frontier_root(&loaded, got), 0);
		assert_int_equal(merkle_frontier_root(&grown, want), 0);
		assert_memory_equal(got, want, HS);
		for (int l = 0; l < 64; l++)
			if ((n >> l) & 1)
				assert_memory_equal(loaded.node[l], grown.node[l], HS);
	}

	/* a failing callback fails the computation */
	c.fail_at = 77;
	uint8_t p[MERKLE_PROOF_MAX][HS];
	assert_int_equal(merkle_root(&counted, BIG, got), -1);
	assert_int_equal(merkle_root(&counted, 77, got), 0);
	assert_int_equal(merkle_inclusion_proof(&counted, 3, BIG, p, MERKLE_PROOF_MAX), -1);
	assert_int_equal(merkle_consistency_proof(&counted, 5, BIG, p, MERKLE_PROOF_MAX), -1);
	assert_int_equal(merkle_frontier_load(&f, &counted, BIG), -1);
	assert_int_equal(f.size, 0);
	merkle_source broken = {.alg = alg, .leaf = NULL};
	assert_int_equal(merkle_root(&broken, 1, got), -1);
	assert_int_equal(merkle_subtree_root(&plain, 5, 4, got), -1);
	free(c.cache);
	free(c.have);
}

/* The cost of a large log through the callback, printed (BAOTU_MERKLE_BENCH=N leaves; nothing
 * happens unless it is set): the root and a proof of each kind from leaf hashes alone, then the
 * leaves appended to a frontier that reports its complete subtrees to an in-memory cache, and
 * the same proofs through that cache. */
static int bench_leaf(void *ctx, uint64_t index, uint8_t out[HS])
{
	uint64_t *calls = ctx;
	if (calls)
		(*calls)++;
	memset(out, 0, HS);
	memcpy(out, &index, sizeof index);
	return 0;
}

typedef struct bench_cache {
	uint8_t (*level[64])[HS]; /* level[l][i]: the subtree of 2^l leaves at i << l */
	uint64_t leaf_calls, node_calls;
} bench_cache;

static int bench_keep(void *ctx, unsigned level, uint64_t index, const uint8_t root[HS])
{
	bench_cache *c = ctx;
	memcpy(c->level[level][index], root, HS);
	return 0;
}

static int bench_node(void *ctx, unsigned level, uint64_t index, uint8_t out[HS])
{
	bench_cache *c = ctx;
	c->node_calls++;
	memcpy(out, c->level[level][index], HS);
	return 1;
}

static int bench_cached_leaf(void *ctx, uint64_t index, uint8_t out[HS])
{
	bench_cache *c = ctx;
	return bench_leaf(&c->leaf_calls, index, out);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_bench(void **state)
{
	(void)state;
	const char *env = getenv("BAOTU_MERKLE_BENCH");
	if (!env || atoll(env) <= 1)
		return; /* nothing to measure (a skip would count as a failure in the TAP summary)
		         */
	uint64_t n = (uint64_t)atoll(env), calls = 0;
	for (int a = 0; a < 2; a++) {
		merkle_alg alg = a ? MERKLE_SM3 : MERKLE_SHA256;
		merkle_source s = {.alg = alg, .leaf = bench_leaf, .ctx = &calls};
		uint8_t root[HS], p[MERKLE_PROOF_MAX][HS], p2[MERKLE_PROOF_MAX][HS];
		double t0 = now_s();
		assert_int_equal(merkle_root(&s, n, root), 0);
		double t1 = now_s();
		int len = merkle_inclusion_proof(&s, n / 3, n, p, MERKLE_PROOF_MAX);
		double t2 = now_s();
		int clen = merkle_consistency_proof(&s, n / 2 + 1, n, p, MERKLE_PROOF_MAX);
		double t3 = now_s();
		print_message("# %s, %llu leaves from the callback alone: root %.3f s, inclusion "
		              "proof (%d elements) %.3f s, consistency proof (%d) %.3f s\n",
		              merkle_alg_name(alg), (unsigned long long)n, t1 - t0, len, t2 - t1,
		              clen, t3 - t2);

		bench_cache c = {0};
		for (unsigned l = 1; l < 64 && (n >> l); l++) {
			c.level[l] = calloc(n >> l, HS);
			assert_non_null(c.level[l]);
		}
		merkle_frontier f;
		merkle_frontier_init(&f, alg);
		t0 = now_s();
		for (uint64_t i = 0; i < n; i++) {
			uint8_t h[HS];
			bench_leaf(NULL, i, h);
			assert_int_equal(merkle_frontier_append(&f, h, bench_keep, &c), 0);
		}
		t1 = now_s();
		uint8_t fr[HS];
		assert_int_equal(merkle_frontier_root(&f, fr), 0);
		assert_memory_equal(fr, root, HS);
		merkle_source cached = {
		    .alg = alg, .leaf = bench_cached_leaf, .node = bench_node, .ctx = &c};
		const int reps = 1000;
		t2 = now_s();
		for (int r = 0; r < reps; r++) {
			uint64_t i = (uint64_t)r * 7919 % n;
			len = merkle_inclusion_proof(&cached, i, n, p2, MERKLE_PROOF_MAX);
			assert_int_equal(merkle_verify_inclusion(alg, i, n, (uint8_t[HS]){0}, p2,
			                                         (size_t)len, root) == 0,
			                 i == 0);
		}
		t3 = now_s();
		uint64_t leafc = c.leaf_calls, nodec = c.node_calls;
		double t4 = now_s();
		for (int r = 0; r < reps; r++)
			clen = merkle_consistency_proof(&cached, (uint64_t)r * 104729 % n + 1, n,
			                                p2, MERKLE_PROOF_MAX);
		double t5 = now_s();
		print_message(
		    "# %s, %llu appends to a frontier with the cache: %.3f s; through the "
		    "cache, an inclusion proof and its check %.1f us (%.1f leaf and %.1f subtree "
		    "lookups), a consistency proof %.1f us\n",
		    merkle_alg_name(alg), (unsigned long long)n, t1 - t0, (t3 - t2) / reps * 1e6,
		    (double)leafc / reps, (double)nodec / reps, (t5 - t4) / reps * 1e6);
		for (unsigned l = 1; l < 64; l++)
			free(c.level[l]);
	}
}

TEST_MAIN("lib_merkle", NULL, NULL, cmocka_unit_test(test_names_and_hex),
          cmocka_unit_test(test_hash_vectors), cmocka_unit_test(test_ct_roots),
          cmocka_unit_test(test_ct_inclusion), cmocka_unit_test(test_ct_consistency),
          cmocka_unit_test(test_every_inclusion_proof),
          cmocka_unit_test(test_every_consistency_proof), cmocka_unit_test(test_rewrites_detected),
          cmocka_unit_test(test_frontier_and_cache), cmocka_unit_test(test_bench))
