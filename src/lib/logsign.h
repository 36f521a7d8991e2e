/* logsign: the transparency log's signing key and its signed tree heads.
 *
 * Two algorithms:
 *   - Ed25519 (RFC 8032, libsodium), the default;
 *   - SM2 with SM3 (GB/T 32918, OpenSSL 3), with the user id of GB/T 35276's default,
 *     "1234567812345678", in the signer's Z value. The signature is DER, SEQUENCE { r, s }.
 *
 * The signed tree head. What is signed is the UTF-8 text of one JSON object, in the canonical
 * form of lib/json (keys sorted bytewise, no white space, integers in decimal without sign,
 * exponent or leading zeros):
 *
 *   {"hash":"sha256","root_hash":"<64 lower-case hex digits>","timestamp":<ms>,"tree_size":<n>}
 *
 * hash names the tree's hash function ("sha256" or "sm3", so a head cannot be read as one of a
 * tree of the other), root_hash is MTH of the first tree_size leaves (lib/merkle), timestamp the
 * milliseconds since the Unix epoch (UTC) at which the log signed it. Both integers lie in
 * 0 .. 2^53 - 1, so that a JavaScript verifier rebuilds the text exactly from JSON numbers.
 *
 * Text forms, all standard base64 (RFC 4648 §4, with padding):
 *   - the public key: Ed25519, the raw 32 bytes; SM2, the SubjectPublicKeyInfo DER (id-ecPublicKey
 *     on the curve 1.2.156.10197.1.301), which node:crypto's createPublicKey takes as
 *     {format: "der", type: "spki"};
 *   - the signature: Ed25519, the 64 bytes; SM2, the DER.
 *
 * Key files:
 *   - Ed25519: two lines of text, LOGSIGN_ED25519_HEADER and the base64 of libsodium's 64-byte
 *     secret key (the 32-byte seed, then the 32-byte public key), each ending in "\n";
 *   - SM2: the private key in PEM, PKCS#8 unencrypted ("-----BEGIN PRIVATE KEY-----"), as
 *     `openssl genpkey -algorithm SM2` writes it.
 * A key file is written with mode 0600 and never over an existing file. One that anybody but
 * its owner may write, or others may read (mode & 027), is refused on loading.
 *
 * Errors: -1 (or NULL), and *WHY (when WHY is not NULL) set to a static English sentence for
 * the operator's log. Thread-safe: a key may sign from several threads at once. */
#ifndef BAOTU_LIB_LOGSIGN_H
#define BAOTU_LIB_LOGSIGN_H
#include <stddef.h>
#include <stdint.h>

#include "lib/merkle.h"

typedef enum logsign_alg { LOGSIGN_ED25519 = 0, LOGSIGN_SM2 = 1 } logsign_alg;

#define LOGSIGN_SM2_ID "1234567812345678" /* GB/T 35276-2017's default user id */
#define LOGSIGN_ED25519_HEADER "baotu-log-key ed25519"
/* Room for the base64 texts, the NUL included: an SM2 public key is 91 bytes of DER (124
 * characters), an SM2 signature at most 72 (96). */
#define LOGSIGN_PUB_MAX 160
#define LOGSIGN_SIG_MAX 128
#define LOGSIGN_HEAD_MAX 192                /* the signed text of a tree head, and its NUL */
#define LOGSIGN_INT_MAX 9007199254740991ULL /* 2^53 - 1 */

typedef struct logsign_key logsign_key;

/* "ed25519" or "sm2" (NULL outside the enum); parse takes the same names. */
const char *logsign_alg_name(logsign_alg alg);
int logsign_alg_parse(const char *name, logsign_alg *out);

/* A new key from the system's random source. */
logsign_key *logsign_generate(logsign_alg alg, const char **why);
/* Writes the key to PATH (mode 0600; fails if PATH exists, leaving it as it is). */
int logsign_save(const logsign_key *k, const char *path, const char **why);
/* Reads a key written by logsign_save (or, for SM2, by openssl genpkey). */
logsign_key *logsign_load(const char *path, const char **why);
/* Forgets the key, its secret overwritten first. NULL is fine. */
void logsign_free(logsign_key *k);
logsign_alg logsign_key_alg(const logsign_key *k);

/* The public key as base64 into OUT (LOGSIGN_PUB_MAX bytes); returns the length or -1. */
int logsign_public(const logsign_key *k, char out[LOGSIGN_PUB_MAX]);

/* Signs MSG (LEN bytes); the base64 signature into SIG (LOGSIGN_SIG_MAX bytes). */
int logsign_sign(const logsign_key *k, const void *msg, size_t len, char sig[LOGSIGN_SIG_MAX],
                 const char **why);
/* 0 when SIG (base64) is a signature of MSG under PUB (base64, as logsign_public gives it) for
 * ALG, -1 otherwise (a malformed key or signature included; an SM2 key must be on the SM2
 * curve). */
int logsign_verify(logsign_alg alg, const char *pub, const void *msg, size_t len, const char *sig);

/* A tree head, before or after signing. */
typedef struct logsign_head {
	merkle_alg hash;
	uint64_t tree_size;
	int64_t timestamp_ms;
	uint8_t root_hash[MERKLE_HASH_SIZE];
} logsign_head;

/* The signed text of H (the format above) into OUT (LOGSIGN_HEAD_MAX bytes); returns its
 * length, or -1 for a hash outside the enum or an integer outside 0 .. 2^53 - 1. */
int logsign_head_text(const logsign_head *h, char out[LOGSIGN_HEAD_MAX]);
/* Signs the text of H. */
int logsign_sign_head(const logsign_key *k, const logsign_head *h, char sig[LOGSIGN_SIG_MAX],
                      const char **why);
/* 0 when SIG is the signature of H's text under PUB for ALG. */
int logsign_verify_head(logsign_alg alg, const char *pub, const logsign_head *h, const char *sig);

#endif
