/* totp: one-time passwords for the second log-in factor. HOTP (RFC 4226) over HMAC-SHA-1,
 * SHA-256 or SHA-512, TOTP (RFC 6238) on top of it, and the base32 text (RFC 4648 §6, no
 * padding) in which authenticator apps take a secret. No domain and no I/O. */
#ifndef BAOTU_LIB_TOTP_H
#define BAOTU_LIB_TOTP_H
#include <stddef.h>
#include <stdint.h>

typedef enum totp_hash { TOTP_SHA1, TOTP_SHA256, TOTP_SHA512 } totp_hash;

#define TOTP_SECRET_MAX 64 /* bytes of key; RFC 6238's SHA-512 test key is 64 */
#define TOTP_STEP 30       /* seconds per time step, RFC 6238's default and every app's */

/* The HOTP value of COUNTER under KEY (KEYLEN bytes), DIGITS (6..8) long: the dynamic
 * truncation of RFC 4226 §5.3 modulo 10^DIGITS. -1 on a bad argument. */
int64_t hotp(totp_hash h, const uint8_t *key, size_t keylen, uint64_t counter, int digits);

/* The TOTP value at Unix time T (seconds): HOTP of floor(T / TOTP_STEP). */
int64_t totp_at(totp_hash h, const uint8_t *key, size_t keylen, int64_t t, int digits);

/* Checks CODE (DIGITS decimal digits, nothing else) against the steps around time T, WINDOW
 * steps either side (clock drift), oldest first, skipping every step at or before LAST_STEP (a
 * code is good once: pass the step returned the last time, or -1). Returns the step that
 * matched, or -1. The comparison does not stop early on the first differing digit. */
int64_t totp_check(totp_hash h, const uint8_t *key, size_t keylen, const char *code, int digits,
                   int64_t t, int window, int64_t last_step);

/* Base32 (RFC 4648 alphabet, upper case, no '=' padding) of N bytes into OUT, which has room
 * for base32_len(N) + 1 bytes; returns the length written. */
size_t base32_len(size_t n);
size_t base32_encode(const uint8_t *in, size_t n, char *out);
/* Decodes TEXT (either case; spaces, hyphens and trailing '=' ignored, as people copy them)
 * into OUT (CAP bytes). Returns the byte count, or -1 on a character outside the alphabet,
 * leftover bits that are not zero, or more than CAP bytes. */
int base32_decode(const char *text, uint8_t *out, size_t cap);

#endif
