/* lib/logsign: signed tree heads under Ed25519 and SM2.
 *
 * Where the fixed vectors come from:
 *   - Ed25519: RFC 8032 §7.1, TEST 1 and TEST 2; and a tree head signed with TEST 1's key by
 *     node:crypto (OpenSSL's Ed25519, not libsodium's), which logsign must reproduce byte for
 *     byte, Ed25519 being deterministic;
 *   - SM2: the signature example of GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex A, on the
 *     recommended curve with the default user id: private key 3945208F..., message "message
 *     digest", (r, s) = (F5A03B06..., B1B6AA29...); its public key (09F9DF31..., CCEA490C...)
 *     in SubjectPublicKeyInfo form;
 *   - SM2: a test key made by `openssl genpkey -algorithm SM2` and a tree head signed by the
 *     openssl command line (`openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt
 *     distid:1234567812345678`); the same head signed by node:crypto, which cannot set the user
 *     id and so signs with an empty one, must be refused;
 *   - a P-256 key by `openssl genpkey`, which an SM2 log must refuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/logsign.h"
#include "support.h"

/* The tree head all fixed signatures below sign: Certificate Transparency's 8-leaf test tree,
 * at 2026-01-01T00:00:00Z. */
static const char HEAD_TEXT[] =
    "{\"hash\":\"sha256\",\"root_hash\":"
    "\"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\",\"timestamp\":"
    "1767225600000,\"tree_size\":8}";

static logsign_head fixed_head(void)
{
	logsign_head h = {.hash = MERKLE_SHA256, .tree_size = 8, .timestamp_ms = 1767225600000};
	assert_int_equal(
	    merkle_unhex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	                 h.root_hash),
	    0);
	return h;
}

/* RFC 8032 §7.1 TEST 1 (the seed, its public key, the signature of the empty message) and
 * TEST 2 (the message is the one byte 0x72), in the RFC's hex; and the head above signed by
 * node:crypto with TEST 1's key, in base64. */
#define T1_SEED "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
#define T1_PUB "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
#define T1_SIG                                                                                     \
	"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970" \
	"1cf9"                                                                                     \
	"b46bd25bf5f0595bbe24655141438e7a100b"
#define T2_PUB "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
#define T2_SIG                                                                                     \
	"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613" \
	"d0f1"                                                                                     \
	"1d8c387b2eaeb4302aeeb00d291612bb0c00"
static const char T1_HEAD_SIG[] =
    "6or/N9yjrTpNsvKTRHNc0GIVWo1wl5ER7kfqFKMGh0ap2ygBDRo9E6UpEYL4AuF9xk/KEFxa2Re4x304vpmnBQ==";

/* Base64 of the bytes HEX gives, in a buffer of its own (four at a time). */
static const char *b64(const char *hex)
{
	static char out[4][160];
	static int next;
	uint8_t bin[80];
	size_t n = 0;
	assert_int_equal(sodium_hex2bin(bin, sizeof bin, hex, strlen(hex), NULL, &n, NULL), 0);
	char *o = out[next++ % 4];
	sodium_bin2base64(o, sizeof out[0], bin, n, sodium_base64_VARIANT_ORIGINAL);
	return o;
}

/* GB/T 32918.5 Annex A */
static const char GB_PUB[] = "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAECfnfMR5UIaFQ3X0WHkvFxnIXn60YM/"
                             "wHa7CP81bzUCDM6kkM4md1pS3G6nGMwapgCu0F+/NeCEpmMvYHLamtEw==";
static const char GB_SIG[] = "MEYCIQD1oDsGSNLEYw7qxRPhu4GhWUTaOCfVt0FDrH6s7ucgswIhALG2qinfIS/"
                             "YdjGCvA1CHKG7kDj9H39C1IQLacSFu8Gq";

/* The test key of `openssl genpkey -algorithm SM2`, its public key, the head signed by the
 * openssl command line with the default id, and by node:crypto with the empty id. */
static const char SM2_PEM[] = "-----BEGIN PRIVATE KEY-----\n"
                              "MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgQvyzjs23MTVNi3OC\n"
                              "NNAIjMK+Ok+uDsTPT9fB4V7UJf+hRANCAARbl3wPDpnyRnf3+05Wd/gUDj5QCNUa\n"
                              "yo6BhYHen3sjydA+yYkUfdiiGD0ZjEZWrqVNMoqQCFxjPmMHzLhUTEAY\n"
                              "-----END PRIVATE KEY-----\n";
static const char SM2_PUB[] = "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEW5d8Dw6Z8kZ39/tOVnf4FA4+"
                              "UAjVGsqOgYWB3p97I8nQPsmJFH3Yohg9GYxGVq6lTTKKkAhcYz5jB8y4VExAGA==";
static const char SM2_HEAD_SIG_OPENSSL[] = "MEUCIET848P0BMCPgEIXToScjok0qoI7T3pMoC2sUgXmt95dAiEA3w"
                                           "PluqAtjvIOO+4Bsm4CejVv0dLLr4hgpb0/6JsG+44=";
static const char SM2_HEAD_SIG_EMPTY_ID[] = "MEYCIQCrheqCpHUW8eDfAmJ0DYRHMUolk/A8sUkgCPDyT1YsLAIhAK"
                                            "RfwyK5mSxIdCA1CE30FBEEskGMon9WVBNY63T7XGRU";

static const char P256_PEM[] = "-----BEGIN PRIVATE KEY-----\n"
                               "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgG/yVcU4xszZiKbUI\n"
                               "4OL4fYU23NDN/rrpl1cBj4P4NOuhRANCAAQHwrQnl/gpbimgjB5YpM72iUsLCp0l\n"
                               "R51lIh44k4mtd6TADcVpleb2i0m9AxkfJmDjs5vr3jeD1bajg4St6IgZ\n"
                               "-----END PRIVATE KEY-----\n";
static const char P256_PUB[] = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEB8K0J5f4KW4poIweWKTO9olLCwqd"
                               "JUedZSIeOJOJrXekwA3FaZXm9otJvQMZHyZg47Ob6943g9W2o4OEreiIGQ==";

/* A directory of this test's own for key files. */
static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/baotu-unit-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name)
{
	static char p[128];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_names(void **state)
{
	(void)state;
	static const char *const ids[] = {"ed25519", "sm2"};
	assert_enum_ids(logsign_alg, logsign_alg_name, logsign_alg_parse, ids, 5, "rsa");
	const char *why = NULL;
	assert_null(logsign_generate((logsign_alg)5, &why));
	assert_non_null(why);
}

/* The signed text: exactly the documented form, which is lib/json's canonical form of it. */
static void test_head_text(void **state)
{
	(void)state;
	logsign_head h = fixed_head();
	char text[LOGSIGN_HEAD_MAX];
	assert_int_equal(logsign_head_text(&h, text), (int)strlen(HEAD_TEXT));
	assert_string_equal(text, HEAD_TEXT);
	json_t *v = json_loads(text, 0, NULL);
	assert_non_null(v);
	char *canon = json_canonical(v);
	assert_string_equal(canon, text);
	assert_int_equal(json_canonical_check(text, strlen(text)), 1);
	free(canon);
	json_decref(v);

	h.hash = MERKLE_SM3;
	h.tree_size = LOGSIGN_INT_MAX;
	h.timestamp_ms = 0;
	memset(h.root_hash, 0xab, sizeof h.root_hash);
	assert_true(logsign_head_text(&h, text) > 0);
	assert_string_equal(text,
	                    "{\"hash\":\"sm3\",\"root_hash\":"
	                    "\"abababababababababababababababababababababababababababababababab\","
	                    "\"timestamp\":0,\"tree_size\":9007199254740991}");
	/* out of range: JavaScript could not rebuild the text */
	h.tree_size = LOGSIGN_INT_MAX + 1;
	assert_int_equal(logsign_head_text(&h, text), -1);
	h.tree_size = 0;
	h.timestamp_ms = -1;
	assert_int_equal(logsign_head_text(&h, text), -1);
	h.timestamp_ms = (int64_t)LOGSIGN_INT_MAX + 1;
	assert_int_equal(logsign_head_text(&h, text), -1);
	h.timestamp_ms = 1;
	h.hash = (merkle_alg)3;
	assert_int_equal(logsign_head_text(&h, text), -1);
	assert_int_equal(logsign_head_text(NULL, text), -1);
}

/* A key file in the documented Ed25519 format, from a seed and a public key (hex). */
static void write_ed25519_file(const char *path, const char *seed_hex, const char *pub_hex)
{
	uint8_t sk[64];
	size_t n1 = 0, n2 = 0;
	assert_int_equal(sodium_hex2bin(sk, 32, seed_hex, 64, NULL, &n1, NULL), 0);
	assert_int_equal(sodium_hex2bin(sk + 32, 32, pub_hex, 64, NULL, &n2, NULL), 0);
	assert_int_equal(n1 + n2, 64);
	char b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)], text[160];
	sodium_bin2base64(b64, sizeof b64, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
	snprintf(text, sizeof text, "%s\n%s\n", LOGSIGN_ED25519_HEADER, b64);
	write_file(path, text, 0600);
}

static void test_ed25519_rfc8032(void **state)
{
	(void)state;
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, b64(T1_PUB), "", 0, b64(T1_SIG)), 0);
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, b64(T2_PUB), "\x72", 1, b64(T2_SIG)), 0);
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, b64(T2_PUB), "\x73", 1, b64(T2_SIG)), -1);
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, b64(T1_PUB), "\x72", 1, b64(T2_SIG)), -1);

	/* TEST 1's key in a key file signs as RFC 8032 says, and the head as node:crypto did */
	const char *p = path_of("t1.key");
	write_ed25519_file(p, T1_SEED, T1_PUB);
	const char *why = NULL;
	logsign_key *k = logsign_load(p, &why);
	if (!k)
		fail_msg("%s", why);
	assert_int_equal(logsign_key_alg(k), LOGSIGN_ED25519);
	char pub[LOGSIGN_PUB_MAX], sig[LOGSIGN_SIG_MAX];
	assert_int_equal(logsign_public(k, pub), 44);
	assert_string_equal(pub, b64(T1_PUB));
	assert_int_equal(logsign_sign(k, "", 0, sig, &why), 0);
	assert_string_equal(sig, b64(T1_SIG));
	logsign_head h = fixed_head();
	assert_int_equal(logsign_sign_head(k, &h, sig, &why), 0);
	assert_string_equal(sig, T1_HEAD_SIG);
	assert_int_equal(logsign_verify_head(LOGSIGN_ED25519, pub, &h, T1_HEAD_SIG), 0);
	logsign_free(k);

	/* a file whose public half is not the seed's is refused */
	p = path_of("mismatch.key");
	write_ed25519_file(p, T1_SEED, T2_PUB);
	assert_null(logsign_load(p, &why));
	assert_non_null(strstr(why, "does not match"));
}

/* Every field of a head, and every byte of a signature, altered: the signature fails. */
static void assert_head_tamper_fails(logsign_alg alg, const char *pub, const logsign_head *h,
                                     const char *sig)
{
	assert_int_equal(logsign_verify_head(alg, pub, h, sig), 0);
	logsign_head t = *h;
	t.tree_size++;
	assert_int_equal(logsign_verify_head(alg, pub, &t, sig), -1);
	t = *h;
	t.timestamp_ms++;
	assert_int_equal(logsign_verify_head(alg, pub, &t, sig), -1);
	t = *h;
	t.hash = h->hash == MERKLE_SHA256 ? MERKLE_SM3 : MERKLE_SHA256;
	assert_int_equal(logsign_verify_head(alg, pub, &t, sig), -1);
	for (size_t i = 0; i < MERKLE_HASH_SIZE; i++) {
		t = *h;
		t.root_hash[i] ^= (uint8_t)(1u << (i % 8));
		assert_int_equal(logsign_verify_head(alg, pub, &t, sig), -1);
	}
	/* the signature's characters: each replaced by another of the alphabet */
	size_t n = strlen(sig);
	char bad[LOGSIGN_SIG_MAX];
	for (size_t i = 0; i < n; i++) {
		if (sig[i] == '=')
			continue;
		strcpy(bad, sig);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		assert_int_equal(logsign_verify_head(alg, pub, h, bad), -1);
	}
	/* cut, lengthened, empty; another algorithm's verification */
	strcpy(bad, sig);
	bad[n - 4] = '\0';
	assert_int_equal(logsign_verify_head(alg, pub, h, bad), -1);
	snprintf(bad, sizeof bad, "%sAAAA", sig);
	assert_int_equal(logsign_verify_head(alg, pub, h, bad), -1);
	assert_int_equal(logsign_verify_head(alg, pub, h, ""), -1);
	assert_int_equal(logsign_verify_head(alg, pub, h, NULL), -1);
	logsign_alg other = alg == LOGSIGN_SM2 ? LOGSIGN_ED25519 : LOGSIGN_SM2;
	assert_int_equal(logsign_verify_head(other, pub, h, sig), -1);
}

static void round_trip(logsign_alg alg)
{
	const char *why = NULL;
	logsign_key *k = logsign_generate(alg, &why);
	if (!k)
		fail_msg("%s", why);
	assert_int_equal(logsign_key_alg(k), alg);
	char pub[LOGSIGN_PUB_MAX], sig[LOGSIGN_SIG_MAX], sig2[LOGSIGN_SIG_MAX];
	assert_true(logsign_public(k, pub) > 0);
	logsign_head h = fixed_head();
	assert_int_equal(logsign_sign_head(k, &h, sig, &why), 0);
	assert_head_tamper_fails(alg, pub, &h, sig);
	/* a message of any bytes, and the empty one */
	static const uint8_t bin[] = {0, 1, 2, 0xff, 0};
	assert_int_equal(logsign_sign(k, bin, sizeof bin, sig2, &why), 0);
	assert_int_equal(logsign_verify(alg, pub, bin, sizeof bin, sig2), 0);
	assert_int_equal(logsign_verify(alg, pub, bin, sizeof bin - 1, sig2), -1);
	assert_int_equal(logsign_sign(k, NULL, 0, sig2, &why), 0);
	assert_int_equal(logsign_verify(alg, pub, NULL, 0, sig2), 0);

	/* saved (0600, never over a file) and loaded: the same key */
	char name[32];
	snprintf(name, sizeof name, "%s.key", logsign_alg_name(alg));
	const char *p = path_of(name);
	assert_int_equal(logsign_save(k, p, &why), 0);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(logsign_save(k, p, &why), -1);
	assert_non_null(strstr(why, "exists"));
	logsign_key *back = logsign_load(p, &why);
	if (!back)
		fail_msg("%s", why);
	char pub2[LOGSIGN_PUB_MAX];
	assert_true(logsign_public(back, pub2) > 0);
	assert_string_equal(pub, pub2);
	assert_int_equal(logsign_sign_head(back, &h, sig2, &why), 0);
	assert_int_equal(logsign_verify_head(alg, pub, &h, sig2), 0);
	logsign_free(back);
	/* a file open to others is not used; 0640 is */
	assert_int_equal(chmod(p, 0644), 0);
	assert_null(logsign_load(p, &why));
	assert_non_null(strstr(why, "open to others"));
	assert_int_equal(chmod(p, 0660), 0);
	assert_null(logsign_load(p, &why));
	assert_int_equal(chmod(p, 0640), 0);
	back = logsign_load(p, &why);
	assert_non_null(back);
	logsign_free(back);

	/* another key of the same algorithm does not verify it */
	logsign_key *other = logsign_generate(alg, &why);
	assert_non_null(other);
	char opub[LOGSIGN_PUB_MAX];
	assert_true(logsign_public(other, opub) > 0);
	assert_string_not_equal(pub, opub);
	assert_int_equal(logsign_verify_head(alg, opub, &h, sig), -1);
	logsign_free(other);
	logsign_free(k);
}

static void test_ed25519_round_trip(void **state)
{
	(void)state;
	round_trip(LOGSIGN_ED25519);
}

static void test_sm2_round_trip(void **state)
{
	(void)state;
	round_trip(LOGSIGN_SM2);
}

/* The standard's example: the default user id, as logsign uses it. */
static void test_sm2_gbt32918_example(void **state)
{
	(void)state;
	assert_int_equal(logsign_verify(LOGSIGN_SM2, GB_PUB, "message digest", 14, GB_SIG), 0);
	assert_int_equal(logsign_verify(LOGSIGN_SM2, GB_PUB, "message digesT", 14, GB_SIG), -1);
	assert_int_equal(logsign_verify(LOGSIGN_SM2, GB_PUB, "message digest", 13, GB_SIG), -1);
	assert_int_equal(logsign_verify(LOGSIGN_SM2, SM2_PUB, "message digest", 14, GB_SIG), -1);
	char bad[sizeof GB_SIG];
	strcpy(bad, GB_SIG);
	bad[10] = bad[10] == 'A' ? 'B' : 'A'; /* inside r */
	assert_int_equal(logsign_verify(LOGSIGN_SM2, GB_PUB, "message digest", 14, bad), -1);
}

/* A head signed by the openssl command line verifies; node's, with an empty user id, does not;
 * the same key in a PEM file signs heads that verify. */
static void test_sm2_openssl_interop(void **state)
{
	(void)state;
	logsign_head h = fixed_head();
	assert_int_equal(logsign_verify_head(LOGSIGN_SM2, SM2_PUB, &h, SM2_HEAD_SIG_OPENSSL), 0);
	assert_int_equal(logsign_verify(LOGSIGN_SM2, SM2_PUB, HEAD_TEXT, strlen(HEAD_TEXT),
	                                SM2_HEAD_SIG_OPENSSL),
	                 0);
	assert_int_equal(logsign_verify_head(LOGSIGN_SM2, SM2_PUB, &h, SM2_HEAD_SIG_EMPTY_ID), -1);
	assert_head_tamper_fails(LOGSIGN_SM2, SM2_PUB, &h, SM2_HEAD_SIG_OPENSSL);

	const char *p = path_of("openssl-sm2.pem"), *why = NULL;
	write_file(p, SM2_PEM, 0600);
	logsign_key *k = logsign_load(p, &why);
	if (!k)
		fail_msg("%s", why);
	assert_int_equal(logsign_key_alg(k), LOGSIGN_SM2);
	char pub[LOGSIGN_PUB_MAX], sig[LOGSIGN_SIG_MAX];
	assert_int_equal(logsign_public(k, pub), (int)strlen(SM2_PUB));
	assert_string_equal(pub, SM2_PUB);
	assert_int_equal(logsign_sign_head(k, &h, sig, &why), 0);
	assert_string_not_equal(sig, SM2_HEAD_SIG_OPENSSL); /* SM2 signatures are randomised */
	assert_int_equal(logsign_verify_head(LOGSIGN_SM2, SM2_PUB, &h, sig), 0);
	logsign_free(k);
}

/* What is not a key of ours, or not a key of the algorithm asked for. */
static void test_refusals(void **state)
{
	(void)state;
	const char *why = NULL;
	logsign_head h = fixed_head();
	/* a P-256 key: not SM2, as a file or as a public key */
	const char *p = path_of("p256.pem");
	write_file(p, P256_PEM, 0600);
	assert_null(logsign_load(p, &why));
	assert_non_null(strstr(why, "not an SM2 key"));
	assert_int_equal(logsign_verify_head(LOGSIGN_SM2, P256_PUB, &h, SM2_HEAD_SIG_OPENSSL), -1);
	/* an SM2 public key with a byte more */
	char longer[sizeof SM2_PUB + 8];
	snprintf(longer, sizeof longer, "%.*sAA==", (int)strlen(SM2_PUB) - 4, SM2_PUB);
	assert_int_equal(logsign_verify_head(LOGSIGN_SM2, longer, &h, SM2_HEAD_SIG_OPENSSL), -1);
	/* base64 with white space, without padding, in the URL alphabet, a spare bit set: the
	 * valid pair first */
	char pub[64], sig[100], bad[200];
	strcpy(pub, b64(T1_PUB));
	strcpy(sig, b64(T1_SIG));
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, pub, "", 0, sig), 0);
	snprintf(bad, sizeof bad, " %s", pub);
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, bad, "", 0, sig), -1);
	snprintf(bad, sizeof bad, "%s\n", pub);
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, bad, "", 0, sig), -1);
	snprintf(bad, sizeof bad, "%.*s", (int)strlen(pub) - 1, pub);
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, bad, "", 0, sig), -1);
	strcpy(bad, sig);
	for (char *c = bad; *c; c++)
		*c = *c == '+' ? '-' : *c == '/' ? '_' : *c;
	assert_string_not_equal(bad, sig);
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, pub, "", 0, bad), -1);
	strcpy(bad, pub); /* "...URo=": 'o' leaves two spare bits clear, 'p' sets one */
	assert_int_equal(bad[strlen(bad) - 2], 'o');
	bad[strlen(bad) - 2] = 'p';
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, bad, "", 0, sig), -1);
	/* the Ed25519 public key where an SM2 one is expected, and the other way round */
	assert_int_equal(logsign_verify(LOGSIGN_SM2, pub, "", 0, sig), -1);
	assert_int_equal(logsign_verify(LOGSIGN_ED25519, GB_PUB, "message digest", 14, GB_SIG), -1);
	assert_int_equal(logsign_verify((logsign_alg)7, GB_PUB, "message digest", 14, GB_SIG), -1);
	assert_int_equal(logsign_verify(LOGSIGN_SM2, NULL, "message digest", 14, GB_SIG), -1);

	/* files that are not keys */
	assert_null(logsign_load(path_of("absent.key"), &why));
	p = path_of("garbage.key");
	write_file(p, "hello\n", 0600);
	assert_null(logsign_load(p, &why));
	assert_non_null(strstr(why, "neither"));
	p = path_of("three-lines.key");
	snprintf(bad, sizeof bad, "%s\n%s\nmore\n", LOGSIGN_ED25519_HEADER, sig);
	write_file(p, bad, 0600);
	assert_null(logsign_load(p, &why));
	p = path_of("short.key");
	snprintf(bad, sizeof bad, "%s\n%s\n", LOGSIGN_ED25519_HEADER, pub); /* 32 bytes */
	write_file(p, bad, 0600);
	assert_null(logsign_load(p, &why));
	assert_non_null(strstr(why, "64 bytes"));
	p = path_of("bad-pem.key");
	write_file(p, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", 0600);
	assert_null(logsign_load(p, &why));
	assert_null(logsign_load(dir, &why)); /* a directory */
	assert_null(logsign_load(NULL, &why));
	assert_int_equal(logsign_save(NULL, path_of("x.key"), &why), -1);
	assert_int_equal(logsign_public(NULL, (char[LOGSIGN_PUB_MAX]){0}), -1);
	logsign_free(NULL);
}

TEST_MAIN("lib_logsign", NULL, NULL, cmocka_unit_test(test_names), cmocka_unit_test(test_head_text),
          FIXTURE_TEST(test_ed25519_rfc8032), FIXTURE_TEST(test_ed25519_round_trip),
          FIXTURE_TEST(test_sm2_round_trip), cmocka_unit_test(test_sm2_gbt32918_example),
          FIXTURE_TEST(test_sm2_openssl_interop), FIXTURE_TEST(test_refusals))
