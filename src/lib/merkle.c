#include "lib/hex.h"
#include "lib/merkle.h"

#include <nettle/sha2.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

/* SM3 is fetched from OpenSSL's default provider once; the EVP_MD lives as long as the
 * process. */
static pthread_once_t sm3_once = PTHREAD_ONCE_INIT;
static EVP_MD *sm3_md;

static void sm3_fetch(void)
{
	sm3_md = EVP_MD_fetch(NULL, "SM3", NULL);
}

/* One computation's hashing state: for SM3 an EVP context reused for every hash of a root or
 * a proof (creating one per node would cost an allocation each). */
typedef struct hasher {
	merkle_alg alg;
	EVP_MD_CTX *evp;
} hasher;

static int hasher_init(hasher *h, merkle_alg alg)
{
	h->alg = alg;
	h->evp = NULL;
	if (alg == MERKLE_SHA256)
		return 0;
	if (alg != MERKLE_SM3)
		return -1;
	pthread_once(&sm3_once, sm3_fetch);
	if (!sm3_md || !(h->evp = EVP_MD_CTX_new()))
		return -1;
	return 0;
}

static void hasher_done(hasher *h)
{
	EVP_MD_CTX_free(h->evp);
	h->evp = NULL;
}

/* H(prefix || a || b), PREFIX skipped when negative, A and B of any length (NULL when empty). */
static int hash3(hasher *h, int prefix, const void *a, size_t alen, const void *b, size_t blen,
                 uint8_t out[MERKLE_HASH_SIZE])
{
	uint8_t p = (uint8_t)prefix;
	if (h->alg == MERKLE_SHA256) {
		struct sha256_ctx c;
		sha256_init(&c);
		if (prefix >= 0)
			sha256_update(&c, 1, &p);
		if (alen)
			sha256_update(&c, alen, a);
		if (blen)
			sha256_update(&c, blen, b);
		sha256_digest(&c, MERKLE_HASH_SIZE, out);
		return 0;
	}
	unsigned int n = 0;
	if (!EVP_DigestInit_ex2(h->evp, sm3_md, NULL) ||
	    (prefix >= 0 && !EVP_DigestUpdate(h->evp, &p, 1)) ||
	    (alen && !EVP_DigestUpdate(h->evp, a, alen)) ||
	    (blen && !EVP_DigestUpdate(h->evp, b, blen)) || !EVP_DigestFinal_ex(h->evp, out, &n) ||
	    n != MERKLE_HASH_SIZE)
		return -1;
	return 0;
}

static int node_hash(hasher *h, const uint8_t l[MERKLE_HASH_SIZE],
                     const uint8_t r[MERKLE_HASH_SIZE], uint8_t out[MERKLE_HASH_SIZE])
{
	return hash3(h, 0x01, l, MERKLE_HASH_SIZE, r, MERKLE_HASH_SIZE, out);
}

const char *merkle_alg_name(merkle_alg alg)
{
	switch (alg) {
	case MERKLE_SHA256:
		return "sha256";
	case MERKLE_SM3:
		return "sm3";
	}
	return NULL;
}

int merkle_alg_parse(const char *name, merkle_alg *out)
{
	if (name && !strcmp(name, "sha256"))
		*out = MERKLE_SHA256;
	else if (name && !strcmp(name, "sm3"))
		*out = MERKLE_SM3;
	else
		return -1;
	return 0;
}

/* One hash with a state of its own. */
static int hash_once(merkle_alg alg, int prefix, const void *a, size_t alen, const void *b,
                     size_t blen, uint8_t out[MERKLE_HASH_SIZE])
{
	hasher h;
	if (hasher_init(&h, alg) < 0)
		return -1;
	int rc = hash3(&h, prefix, a, alen, b, blen, out);
	hasher_done(&h);
	return rc;
}

int merkle_hash(merkle_alg alg, const void *data, size_t len, uint8_t out[MERKLE_HASH_SIZE])
{
	if (len && !data)
		return -1;
	return hash_once(alg, -1, data, len, NULL, 0, out);
}

int merkle_leaf_hash(merkle_alg alg, const void *leaf, size_t len, uint8_t out[MERKLE_HASH_SIZE])
{
	if (len && !leaf)
		return -1;
	return hash_once(alg, 0x00, leaf, len, NULL, 0, out);
}

int merkle_node_hash(merkle_alg alg, const uint8_t left[MERKLE_HASH_SIZE],
                     const uint8_t right[MERKLE_HASH_SIZE], uint8_t out[MERKLE_HASH_SIZE])
{
	return hash_once(alg, 0x01, left, MERKLE_HASH_SIZE, right, MERKLE_HASH_SIZE, out);
}

int merkle_array_leaf(void *ctx, uint64_t index, uint8_t out[MERKLE_HASH_SIZE])
{
	const uint8_t(*leaves)[MERKLE_HASH_SIZE] = ctx;
	memcpy(out, leaves[index], MERKLE_HASH_SIZE);
	return 0;
}

/* k of §2.1.1: the largest power of two smaller than N (N >= 2). */
static uint64_t split_point(uint64_t n)
{
	uint64_t k = 1;
	while (k < n - k) /* k * 2 < n without overflow */
		k <<= 1;
	return k;
}

static int is_pow2(uint64_t n)
{
	return n && !(n & (n - 1));
}

static unsigned log2_exact(uint64_t n)
{
	unsigned l = 0;
	while (n > 1) {
		n >>= 1;
		l++;
	}
	return l;
}

/* MTH(D[a:b]) by the RFC's recursion, asking the source for complete subtrees it keeps. */
static int range_root(hasher *h, const merkle_source *s, uint64_t a, uint64_t b,
                      uint8_t out[MERKLE_HASH_SIZE])
{
	uint64_t n = b - a;
	if (n == 0)
		return hash3(h, -1, NULL, 0, NULL, 0, out);
	if (n == 1)
		return s->leaf(s->ctx, a, out) < 0 ? -1 : 0;
	if (s->node && is_pow2(n) && a % n == 0) {
		int got = s->node(s->ctx, log2_exact(n), a / n, out);
		if (got < 0)
			return -1;
		if (got > 0)
			return 0;
	}
	uint64_t k = split_point(n);
	uint8_t l[MERKLE_HASH_SIZE], r[MERKLE_HASH_SIZE];
	if (range_root(h, s, a, a + k, l) < 0 || range_root(h, s, a + k, b, r) < 0)
		return -1;
	return node_hash(h, l, r, out);
}

static int source_ok(const merkle_source *s)
{
	return s && s->leaf && merkle_alg_name(s->alg);
}

int merkle_subtree_root(const merkle_source *src, uint64_t begin, uint64_t end,
                        uint8_t out[MERKLE_HASH_SIZE])
{
	hasher h;
	if (!source_ok(src) || begin > end || hasher_init(&h, src->alg) < 0)
		return -1;
	int rc = range_root(&h, src, begin, end, out);
	hasher_done(&h);
	return rc;
}

int merkle_root(const merkle_source *src, uint64_t size, uint8_t out[MERKLE_HASH_SIZE])
{
	return merkle_subtree_root(src, 0, size, out);
}

/* A proof being built: elements appended in the order the RFC lists them. */
typedef struct proof_out {
	uint8_t (*el)[MERKLE_HASH_SIZE];
	size_t len, cap;
} proof_out;

static int append_root(hasher *h, const merkle_source *s, uint64_t a, uint64_t b, proof_out *p)
{
	if (p->len >= p->cap)
		return -1;
	if (range_root(h, s, a, b, p->el[p->len]) < 0)
		return -1;
	p->len++;
	return 0;
}

/* PATH(m, D[a:b]) with M the absolute index of the leaf:
 *   PATH(m, {d}) = {}
 *   PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])       for m < k
 *   PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k])   for m >= k */
static int path(hasher *h, const merkle_source *s, uint64_t m, uint64_t a, uint64_t b, proof_out *p)
{
	if (b - a == 1)
		return 0;
	uint64_t k = split_point(b - a);
	if (m < a + k)
		return path(h, s, m, a, a + k, p) < 0 ? -1 : append_root(h, s, a + k, b, p);
	return path(h, s, m, a + k, b, p) < 0 ? -1 : append_root(h, s, a, a + k, p);
}

int merkle_inclusion_proof(const merkle_source *src, uint64_t index, uint64_t size,
                           uint8_t proof[][MERKLE_HASH_SIZE], size_t cap)
{
	hasher h;
	if (!source_ok(src) || !proof || index >= size || hasher_init(&h, src->alg) < 0)
		return -1;
	proof_out p = {proof, 0, cap};
	int rc = path(&h, src, index, 0, size, &p);
	hasher_done(&h);
	return rc < 0 ? -1 : (int)p.len;
}

/* SUBPROOF(m, D[a:b], b) with the old tree ending at leaf END (absolute, a < end <= b):
 *   SUBPROOF(m, D[m], true) = {}
 *   SUBPROOF(m, D[m], false) = {MTH(D[m])}
 *   SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])          for m <= k
 *   SUBPROOF(m, D[n], b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  for m > k */
static int subproof(hasher *h, const merkle_source *s, uint64_t end, uint64_t a, uint64_t b,
                    int whole, proof_out *p)
{
	if (end == b)
		return whole ? 0 : append_root(h, s, a, b, p);
	uint64_t k = split_point(b - a);
	if (end - a <= k)
		return subproof(h, s, end, a, a + k, whole, p) < 0 ? -1
		                                                   : append_root(h, s, a + k, b, p);
	return subproof(h, s, end, a + k, b, 0, p) < 0 ? -1 : append_root(h, s, a, a + k, p);
}

int merkle_consistency_proof(const merkle_source *src, uint64_t first, uint64_t second,
                             uint8_t proof[][MERKLE_HASH_SIZE], size_t cap)
{
	hasher h;
	if (!source_ok(src) || !proof || first > second)
		return -1;
	if (first == 0 || first == second)
		return 0;
	if (hasher_init(&h, src->alg) < 0)
		return -1;
	proof_out p = {proof, 0, cap};
	int rc = subproof(&h, src, first, 0, second, 1, &p);
	hasher_done(&h);
	return rc < 0 ? -1 : (int)p.len;
}

/* Right-shifts FN and SN together until FN's lowest bit is set or FN is 0. */
static void shift_to_set_bit(uint64_t *fn, uint64_t *sn)
{
	while (!(*fn & 1) && *fn != 0) {
		*fn >>= 1;
		*sn >>= 1;
	}
}

int merkle_root_from_inclusion(merkle_alg alg, uint64_t index, uint64_t size,
                               const uint8_t leaf_hash[MERKLE_HASH_SIZE],
                               const uint8_t proof[][MERKLE_HASH_SIZE], size_t len,
                               uint8_t root[MERKLE_HASH_SIZE])
{
	/* §2.1.3.2, step by step */
	if (index >= size || !leaf_hash || (len && !proof) || len > MERKLE_PROOF_MAX)
		return -1;
	hasher h;
	if (hasher_init(&h, alg) < 0)
		return -1;
	uint64_t fn = index, sn = size - 1;
	uint8_t r[MERKLE_HASH_SIZE];
	memcpy(r, leaf_hash, MERKLE_HASH_SIZE);
	int rc = 0;
	for (size_t i = 0; i < len && rc == 0; i++) {
		if (sn == 0) {
			rc = -1; /* more elements than levels */
			break;
		}
		if ((fn & 1) || fn == sn) {
			rc = node_hash(&h, proof[i], r, r);
			if (!(fn & 1))
				shift_to_set_bit(&fn, &sn);
		} else {
			rc = node_hash(&h, r, proof[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	hasher_done(&h);
	if (rc < 0 || sn != 0) /* sn != 0: fewer elements than levels */
		return -1;
	memcpy(root, r, MERKLE_HASH_SIZE);
	return 0;
}

int merkle_verify_inclusion(merkle_alg alg, uint64_t index, uint64_t size,
                            const uint8_t leaf_hash[MERKLE_HASH_SIZE],
                            const uint8_t proof[][MERKLE_HASH_SIZE], size_t len,
                            const uint8_t root[MERKLE_HASH_SIZE])
{
	uint8_t got[MERKLE_HASH_SIZE];
	if (!root || merkle_root_from_inclusion(alg, index, size, leaf_hash, proof, len, got) < 0)
		return -1;
	return memcmp(got, root, MERKLE_HASH_SIZE) ? -1 : 0;
}

/* Element I of the consistency path of §2.1.4.2 step 2: the old root first when LEAD. */
static const uint8_t *element(int lead, const uint8_t *first_root,
                              const uint8_t proof[][MERKLE_HASH_SIZE], size_t i)
{
	if (!lead)
		return proof[i];
	return i == 0 ? first_root : proof[i - 1];
}

int merkle_verify_consistency(merkle_alg alg, uint64_t first, uint64_t second,
                              const uint8_t first_root[MERKLE_HASH_SIZE],
                              const uint8_t second_root[MERKLE_HASH_SIZE],
                              const uint8_t proof[][MERKLE_HASH_SIZE], size_t len)
{
	if (!first_root || !second_root || first > second || (len && !proof) ||
	    len > MERKLE_PROOF_MAX || !merkle_alg_name(alg))
		return -1;
	if (first == second)
		return len == 0 && !memcmp(first_root, second_root, MERKLE_HASH_SIZE) ? 0 : -1;
	if (first == 0)
		return len == 0 ? 0 : -1;
	/* §2.1.4.2, step by step */
	if (len == 0) /* 1 */
		return -1;
	/* 2: when first is a power of two, the old root is the path's first element */
	int lead = is_pow2(first);
	size_t total = len + (size_t)lead;
	uint64_t fn = first - 1, sn = second - 1; /* 3 */
	while (fn & 1) {                          /* 4 */
		fn >>= 1;
		sn >>= 1;
	}
	hasher h;
	if (hasher_init(&h, alg) < 0)
		return -1;
	uint8_t fr[MERKLE_HASH_SIZE], sr[MERKLE_HASH_SIZE];
	const uint8_t *c0 = element(lead, first_root, proof, 0);
	memcpy(fr, c0, MERKLE_HASH_SIZE); /* 5 */
	memcpy(sr, c0, MERKLE_HASH_SIZE);
	int rc = 0;
	for (size_t i = 1; i < total && rc == 0; i++) { /* 6 */
		const uint8_t *c = element(lead, first_root, proof, i);
		if (sn == 0) {
			rc = -1;
			break;
		}
		if ((fn & 1) || fn == sn) {
			if (node_hash(&h, c, fr, fr) < 0 || node_hash(&h, c, sr, sr) < 0)
				rc = -1;
			if (!(fn & 1))
				shift_to_set_bit(&fn, &sn);
		} else {
			rc = node_hash(&h, sr, c, sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	hasher_done(&h);
	if (rc < 0 || sn != 0) /* 7 */
		return -1;
	return memcmp(fr, first_root, MERKLE_HASH_SIZE) || memcmp(sr, second_root, MERKLE_HASH_SIZE)
	           ? -1
	           : 0;
}

void merkle_frontier_init(merkle_frontier *f, merkle_alg alg)
{
	memset(f, 0, sizeof *f);
	f->alg = alg;
}

int merkle_frontier_load(merkle_frontier *f, const merkle_source *src, uint64_t size)
{
	if (!source_ok(src))
		return -1;
	merkle_frontier_init(f, src->alg);
	hasher h;
	if (hasher_init(&h, src->alg) < 0)
		return -1;
	uint64_t off = 0;
	int rc = 0;
	for (int l = 63; l >= 0 && rc == 0; l--) {
		uint64_t w = (uint64_t)1 << l;
		if (!(size & w))
			continue;
		rc = range_root(&h, src, off, off + w, f->node[l]);
		off += w;
	}
	hasher_done(&h);
	if (rc < 0) {
		merkle_frontier_init(f, src->alg);
		return -1;
	}
	f->size = size;
	return 0;
}

int merkle_frontier_append(merkle_frontier *f, const uint8_t leaf_hash[MERKLE_HASH_SIZE],
                           int (*on_node)(void *ctx, unsigned level, uint64_t index,
                                          const uint8_t root[MERKLE_HASH_SIZE]),
                           void *ctx)
{
	if (!leaf_hash || f->size == UINT64_MAX)
		return -1;
	hasher h;
	if (hasher_init(&h, f->alg) < 0)
		return -1;
	/* the new leaf closes one complete subtree per trailing set bit of size; the nodes below
	 * the new one stay as they are (their bits clear), so a failure leaves f unchanged */
	uint64_t after = f->size + 1;
	uint8_t carry[MERKLE_HASH_SIZE];
	memcpy(carry, leaf_hash, MERKLE_HASH_SIZE);
	unsigned l = 0;
	int rc = 0;
	while ((f->size >> l) & 1) {
		if (node_hash(&h, f->node[l], carry, carry) < 0) {
			rc = -1;
			break;
		}
		l++;
		if (on_node && on_node(ctx, l, (after >> l) - 1, carry) < 0) {
			rc = -1;
			break;
		}
	}
	hasher_done(&h);
	if (rc < 0)
		return -1;
	memcpy(f->node[l], carry, MERKLE_HASH_SIZE);
	f->size = after;
	return 0;
}

int merkle_frontier_root(const merkle_frontier *f, uint8_t out[MERKLE_HASH_SIZE])
{
	hasher h;
	if (hasher_init(&h, f->alg) < 0)
		return -1;
	int rc = 0;
	if (f->size == 0) {
		rc = hash3(&h, -1, NULL, 0, NULL, 0, out);
	} else {
		/* MTH splits off the largest complete subtree on the left, so the root folds the
		 * subtrees from the smallest (rightmost) up: H(big, H(middle, small)) */
		unsigned l = 0;
		while (!((f->size >> l) & 1))
			l++;
		uint8_t acc[MERKLE_HASH_SIZE];
		memcpy(acc, f->node[l], MERKLE_HASH_SIZE);
		for (l++; l < 64 && rc == 0; l++)
			if ((f->size >> l) & 1)
				rc = node_hash(&h, f->node[l], acc, acc);
		if (rc == 0)
			memcpy(out, acc, MERKLE_HASH_SIZE);
	}
	hasher_done(&h);
	return rc;
}

void merkle_hex(const uint8_t h[MERKLE_HASH_SIZE], char out[MERKLE_HEX_SIZE])
{
	static const char X[] = "0123456789abcdef";
	for (size_t i = 0; i < MERKLE_HASH_SIZE; i++) {
		out[2 * i] = X[h[i] >> 4];
		out[2 * i + 1] = X[h[i] & 15];
	}
	out[2 * MERKLE_HASH_SIZE] = '\0';
}

int merkle_unhex(const char *hex, uint8_t out[MERKLE_HASH_SIZE])
{
	if (!hex)
		return -1;
	uint8_t tmp[MERKLE_HASH_SIZE];
	for (size_t i = 0; i < MERKLE_HASH_SIZE; i++) {
		int hi = hex_digit(hex[2 * i]), lo = hi < 0 ? -1 : hex_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		tmp[i] = (uint8_t)(hi << 4 | lo);
	}
	if (hex[2 * MERKLE_HASH_SIZE] != '\0')
		return -1;
	memcpy(out, tmp, MERKLE_HASH_SIZE);
	return 0;
}
