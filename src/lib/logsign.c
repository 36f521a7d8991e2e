#include "lib/logsign.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_FILE_MAX 16384
#define SM2_DER_MAX 80   /* a signature: SEQUENCE of two INTEGERs of up to 33 bytes is 72 */
#define SPKI_DER_MAX 120 /* an SM2 public key is 91 */

struct logsign_key {
	logsign_alg alg;
	uint8_t ed[crypto_sign_SECRETKEYBYTES]; /* seed || public key */
	EVP_PKEY *sm2;
};

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static void *fail_null(const char **why, const char *msg)
{
	fail(why, msg);
	return NULL;
}

const char *logsign_alg_name(logsign_alg alg)
{
	switch (alg) {
	case LOGSIGN_ED25519:
		return "ed25519";
	case LOGSIGN_SM2:
		return "sm2";
	}
	return NULL;
}

int logsign_alg_parse(const char *name, logsign_alg *out)
{
	if (name && !strcmp(name, "ed25519"))
		*out = LOGSIGN_ED25519;
	else if (name && !strcmp(name, "sm2"))
		*out = LOGSIGN_SM2;
	else
		return -1;
	return 0;
}

logsign_alg logsign_key_alg(const logsign_key *k)
{
	return k->alg;
}

/* Base64 (standard alphabet, padded) of N bytes into OUT (CAP bytes); the length or -1. */
static int b64_encode(const uint8_t *in, size_t n, char *out, size_t cap)
{
	size_t need = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	if (need > cap)
		return -1;
	sodium_bin2base64(out, cap, in, n, sodium_base64_VARIANT_ORIGINAL);
	return (int)strlen(out);
}

/* Decodes the whole of TEXT (padded standard base64, nothing else, spare bits zero) into OUT;
 * the byte count or -1. */
static int b64_decode(const char *text, uint8_t *out, size_t cap)
{
	size_t n = 0;
	const char *end = NULL;
	if (!text || !*text)
		return -1;
	if (sodium_base642bin(out, cap, text, strlen(text), NULL, &n, &end,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    !end || *end != '\0')
		return -1;
	return (int)n;
}

static EVP_PKEY *sm2_generate(void)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
	EVP_PKEY *k = NULL;
	if (!c || EVP_PKEY_keygen_init(c) <= 0 || EVP_PKEY_generate(c, &k) <= 0)
		k = NULL;
	EVP_PKEY_CTX_free(c);
	return k;
}

logsign_key *logsign_generate(logsign_alg alg, const char **why)
{
	if (!logsign_alg_name(alg))
		return fail_null(why, "Unknown signature algorithm.");
	logsign_key *k = calloc(1, sizeof *k);
	if (!k)
		return fail_null(why, "Out of memory.");
	k->alg = alg;
	if (alg == LOGSIGN_ED25519) {
		uint8_t pk[crypto_sign_PUBLICKEYBYTES];
		if (sodium_init() < 0 || crypto_sign_keypair(pk, k->ed) != 0) {
			logsign_free(k);
			return fail_null(why, "libsodium could not make an Ed25519 key.");
		}
	} else if (!(k->sm2 = sm2_generate())) {
		logsign_free(k);
		return fail_null(why, "OpenSSL could not make an SM2 key.");
	}
	return k;
}

void logsign_free(logsign_key *k)
{
	if (!k)
		return;
	sodium_memzero(k->ed, sizeof k->ed);
	EVP_PKEY_free(k->sm2); /* OpenSSL clears the private scalar as it frees it */
	free(k);
}

/* Writes LEN bytes of TEXT to a new file PATH, mode 0600, synced; removes it again on a
 * failure. */
static int write_new_file(const char *path, const char *text, size_t len, const char **why)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(why, errno == EEXIST
		                     ? "The key file exists already; it is not replaced."
		                     : "Cannot create the key file.");
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	int ok = off == len && fsync(fd) == 0;
	if (close(fd) != 0)
		ok = 0;
	if (!ok) {
		unlink(path);
		return fail(why, "Cannot write the key file.");
	}
	return 0;
}

int logsign_save(const logsign_key *k, const char *path, const char **why)
{
	if (!k || !path)
		return fail(why, "No key or no path.");
	if (k->alg == LOGSIGN_ED25519) {
		char b64[sodium_base64_ENCODED_LEN(crypto_sign_SECRETKEYBYTES,
		                                   sodium_base64_VARIANT_ORIGINAL)];
		char text[sizeof LOGSIGN_ED25519_HEADER + sizeof b64 + 2];
		b64_encode(k->ed, sizeof k->ed, b64, sizeof b64);
		int n = snprintf(text, sizeof text, "%s\n%s\n", LOGSIGN_ED25519_HEADER, b64);
		int rc = write_new_file(path, text, (size_t)n, why);
		sodium_memzero(b64, sizeof b64);
		sodium_memzero(text, sizeof text);
		return rc;
	}
	BIO *mem = BIO_new(BIO_s_secmem());
	char *pem = NULL;
	long len = 0;
	int rc = -1;
	if (!mem || PEM_write_bio_PrivateKey(mem, k->sm2, NULL, NULL, 0, NULL, NULL) != 1 ||
	    (len = BIO_get_mem_data(mem, &pem)) <= 0)
		fail(why, "OpenSSL could not write the SM2 key.");
	else
		rc = write_new_file(path, pem, (size_t)len, why);
	BIO_free(mem);
	return rc;
}

/* The whole of a key file, NUL-terminated, into BUF (KEY_FILE_MAX bytes); its length or -1.
 * Refuses a file that others may read or anybody but its owner may write. */
static int read_key_file(const char *path, char *buf, const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(why, "Cannot open the key file.");
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(why, "The key file is not a regular file.");
	}
	if (st.st_mode & 027) {
		close(fd);
		return fail(why,
		            "The key file is open to others (its mode must not allow more than "
		            "0640); it is not used.");
	}
	size_t n = 0;
	for (;;) {
		ssize_t r = read(fd, buf + n, KEY_FILE_MAX - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return fail(why, "Cannot read the key file.");
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == KEY_FILE_MAX - 1) {
			close(fd);
			return fail(why, "The key file is too long to be a key.");
		}
	}
	close(fd);
	buf[n] = '\0';
	return (int)n;
}

static logsign_key *load_ed25519(char *text, const char **why)
{
	char *b64 = text + strlen(LOGSIGN_ED25519_HEADER "\n");
	size_t len = strcspn(b64, "\r\n");
	char *rest = b64 + len;
	rest += strspn(rest, "\r\n");
	if (*rest)
		return fail_null(why, "The Ed25519 key file has more than its two lines.");
	b64[len] = '\0';
	logsign_key *k = calloc(1, sizeof *k);
	if (!k)
		return fail_null(why, "Out of memory.");
	k->alg = LOGSIGN_ED25519;
	if (b64_decode(b64, k->ed, sizeof k->ed) != (int)sizeof k->ed) {
		logsign_free(k);
		return fail_null(why, "The Ed25519 key file does not hold 64 bytes of base64.");
	}
	/* the public half must be the one of the seed: a damaged file is told apart */
	uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	int bad = sodium_init() < 0 || crypto_sign_seed_keypair(pk, sk, k->ed) != 0 ||
	          memcmp(pk, k->ed + crypto_sign_SEEDBYTES, sizeof pk);
	sodium_memzero(sk, sizeof sk);
	if (bad) {
		logsign_free(k);
		return fail_null(why, "The Ed25519 key file's public key does not match its seed.");
	}
	return k;
}

static logsign_key *load_sm2(const char *text, size_t len, const char **why)
{
	BIO *mem = BIO_new_mem_buf(text, (int)len);
	EVP_PKEY *pkey = mem ? PEM_read_bio_PrivateKey(mem, NULL, NULL, NULL) : NULL;
	BIO_free(mem);
	if (!pkey)
		return fail_null(why,
		                 "The key file is not a private key in PEM that OpenSSL reads.");
	if (!EVP_PKEY_is_a(pkey, "SM2")) {
		EVP_PKEY_free(pkey);
		return fail_null(why, "The key file's key is not an SM2 key.");
	}
	logsign_key *k = calloc(1, sizeof *k);
	if (!k) {
		EVP_PKEY_free(pkey);
		return fail_null(why, "Out of memory.");
	}
	k->alg = LOGSIGN_SM2;
	k->sm2 = pkey;
	return k;
}

logsign_key *logsign_load(const char *path, const char **why)
{
	if (!path)
		return fail_null(why, "No path.");
	char *text = malloc(KEY_FILE_MAX);
	if (!text)
		return fail_null(why, "Out of memory.");
	logsign_key *k = NULL;
	int n = read_key_file(path, text, why);
	if (n >= 0) {
		if (!strncmp(text, LOGSIGN_ED25519_HEADER "\n",
		             strlen(LOGSIGN_ED25519_HEADER "\n")))
			k = load_ed25519(text, why);
		else if (strstr(text, "-----BEGIN PRIVATE KEY-----"))
			k = load_sm2(text, (size_t)n, why);
		else
			fail(why,
			     "The key file is neither an Ed25519 key of baotu's nor an SM2 key "
			     "in PEM.");
	}
	sodium_memzero(text, KEY_FILE_MAX);
	free(text);
	return k;
}

int logsign_public(const logsign_key *k, char out[LOGSIGN_PUB_MAX])
{
	if (!k)
		return -1;
	if (k->alg == LOGSIGN_ED25519)
		return b64_encode(k->ed + crypto_sign_SEEDBYTES, crypto_sign_PUBLICKEYBYTES, out,
		                  LOGSIGN_PUB_MAX);
	uint8_t *der = NULL;
	int n = i2d_PUBKEY(k->sm2, &der);
	int rc = n > 0 ? b64_encode(der, (size_t)n, out, LOGSIGN_PUB_MAX) : -1;
	OPENSSL_free(der);
	return rc;
}

/* An EVP_MD_CTX set up to sign or verify with SM2 and SM3, the default user id in Z. The id is
 * set on the operation's context after the init (OpenSSL 3.0 refuses it as an init parameter:
 * Z is computed lazily, and the id must come between the two). */
static EVP_MD_CTX *sm2_ctx(EVP_PKEY *pkey, int sign)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ok = m &&
	         (sign ? EVP_DigestSignInit_ex(m, &pctx, "SM3", NULL, NULL, pkey, NULL)
	               : EVP_DigestVerifyInit_ex(m, &pctx, "SM3", NULL, NULL, pkey, NULL)) == 1 &&
	         pctx &&
	         EVP_PKEY_CTX_set1_id(pctx, LOGSIGN_SM2_ID, (int)strlen(LOGSIGN_SM2_ID)) == 1;
	if (!ok) {
		EVP_MD_CTX_free(m);
		return NULL;
	}
	return m;
}

int logsign_sign(const logsign_key *k, const void *msg, size_t len, char sig[LOGSIGN_SIG_MAX],
                 const char **why)
{
	if (!k || (len && !msg))
		return fail(why, "No key or no message.");
	if (k->alg == LOGSIGN_ED25519) {
		uint8_t s[crypto_sign_BYTES];
		if (crypto_sign_detached(s, NULL, msg, len, k->ed) != 0)
			return fail(why, "libsodium could not sign.");
		return b64_encode(s, sizeof s, sig, LOGSIGN_SIG_MAX) < 0 ? -1 : 0;
	}
	uint8_t der[SM2_DER_MAX];
	size_t n = sizeof der;
	EVP_MD_CTX *m = sm2_ctx(k->sm2, 1);
	int ok = m && EVP_DigestSign(m, der, &n, msg, len) == 1;
	EVP_MD_CTX_free(m);
	if (!ok)
		return fail(why, "OpenSSL could not sign with the SM2 key.");
	return b64_encode(der, n, sig, LOGSIGN_SIG_MAX) < 0
	           ? fail(why, "The signature is too long.")
	           : 0;
}

int logsign_verify(logsign_alg alg, const char *pub, const void *msg, size_t len, const char *sig)
{
	if (!pub || !sig || (len && !msg))
		return -1;
	if (alg == LOGSIGN_ED25519) {
		uint8_t pk[crypto_sign_PUBLICKEYBYTES], s[crypto_sign_BYTES];
		if (b64_decode(pub, pk, sizeof pk) != (int)sizeof pk ||
		    b64_decode(sig, s, sizeof s) != (int)sizeof s)
			return -1;
		return crypto_sign_verify_detached(s, msg, len, pk) == 0 ? 0 : -1;
	}
	if (alg != LOGSIGN_SM2)
		return -1;
	uint8_t spki[SPKI_DER_MAX], der[SM2_DER_MAX];
	int pn = b64_decode(pub, spki, sizeof spki), sn = b64_decode(sig, der, sizeof der);
	if (pn <= 0 || sn <= 0)
		return -1;
	const uint8_t *p = spki;
	EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, pn);
	int ok = 0;
	if (pkey && p == spki + pn && EVP_PKEY_is_a(pkey, "SM2")) {
		EVP_MD_CTX *m = sm2_ctx(pkey, 0);
		ok = m && EVP_DigestVerify(m, der, (size_t)sn, msg, len) == 1;
		EVP_MD_CTX_free(m);
	}
	EVP_PKEY_free(pkey);
	return ok ? 0 : -1;
}

int logsign_head_text(const logsign_head *h, char out[LOGSIGN_HEAD_MAX])
{
	const char *hash = h ? merkle_alg_name(h->hash) : NULL;
	if (!hash || h->tree_size > LOGSIGN_INT_MAX || h->timestamp_ms < 0 ||
	    (uint64_t)h->timestamp_ms > LOGSIGN_INT_MAX)
		return -1;
	char root[MERKLE_HEX_SIZE];
	merkle_hex(h->root_hash, root);
	int n = snprintf(out, LOGSIGN_HEAD_MAX,
	                 "{\"hash\":\"%s\",\"root_hash\":\"%s\",\"timestamp\":%" PRId64
	                 ",\"tree_size\":%" PRIu64 "}",
	                 hash, root, h->timestamp_ms, h->tree_size);
	return n > 0 && n < LOGSIGN_HEAD_MAX ? n : -1;
}

int logsign_sign_head(const logsign_key *k, const logsign_head *h, char sig[LOGSIGN_SIG_MAX],
                      const char **why)
{
	char text[LOGSIGN_HEAD_MAX];
	int n = logsign_head_text(h, text);
	if (n < 0)
		return fail(why, "The tree head is out of range.");
	return logsign_sign(k, text, (size_t)n, sig, why);
}

int logsign_verify_head(logsign_alg alg, const char *pub, const logsign_head *h, const char *sig)
{
	char text[LOGSIGN_HEAD_MAX];
	int n = logsign_head_text(h, text);
	if (n < 0)
		return -1;
	return logsign_verify(alg, pub, text, (size_t)n, sig);
}
