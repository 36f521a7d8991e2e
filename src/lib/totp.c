#include "lib/totp.h"

#include <nettle/hmac.h>
#include <nettle/nettle-meta.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <string.h>

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* HMAC of the 8-byte big-endian counter, through nettle's generic HMAC over the chosen hash;
 * returns the MAC's length (0 on a bad hash). */
static size_t mac(totp_hash h, const uint8_t *key, size_t keylen, const uint8_t msg[8],
                  uint8_t out[64])
{
	static const struct nettle_hash *const HASHES[] = {&nettle_sha1, &nettle_sha256,
	                                                   &nettle_sha512};
	if ((unsigned)h >= sizeof HASHES / sizeof *HASHES)
		return 0;
	const struct nettle_hash *hash = HASHES[h];
	struct sha512_ctx outer, inner, state; /* the largest of the three contexts */
	hmac_set_key(&outer, &inner, &state, hash, keylen, key);
	hmac_update(&state, hash, 8, msg);
	hmac_digest(&outer, &inner, &state, hash, hash->digest_size, out);
	return hash->digest_size;
}

int64_t hotp(totp_hash h, const uint8_t *key, size_t keylen, uint64_t counter, int digits)
{
	if (!key || keylen == 0 || keylen > TOTP_SECRET_MAX || digits < 6 || digits > 8)
		return -1;
	uint8_t msg[8], m[64];
	for (int i = 7; i >= 0; i--, counter >>= 8)
		msg[i] = (uint8_t)(counter & 0xff);
	size_t n = mac(h, key, keylen, msg, m);
	if (n == 0)
		return -1;
	/* RFC 4226 §5.3: the low nibble of the last byte picks four bytes; their top bit is
	 * dropped */
	unsigned off = m[n - 1] & 0x0f;
	uint32_t bin = ((uint32_t)(m[off] & 0x7f) << 24) | ((uint32_t)m[off + 1] << 16) |
	               ((uint32_t)m[off + 2] << 8) | (uint32_t)m[off + 3];
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	return (int64_t)(bin % mod);
}

int64_t totp_at(totp_hash h, const uint8_t *key, size_t keylen, int64_t t, int digits)
{
	if (t < 0)
		return -1;
	return hotp(h, key, keylen, (uint64_t)(t / TOTP_STEP), digits);
}

int64_t totp_check(totp_hash h, const uint8_t *key, size_t keylen, const char *code, int digits,
                   int64_t t, int window, int64_t last_step)
{
	if (!code || t < 0 || window < 0 || window > 10 || digits < 6 || digits > 8)
		return -1;
	if (strlen(code) != (size_t)digits)
		return -1;
	int64_t want = 0;
	for (int i = 0; i < digits; i++) {
		if (code[i] < '0' || code[i] > '9')
			return -1;
		want = want * 10 + (code[i] - '0');
	}
	int64_t now = t / TOTP_STEP, found = -1;
	for (int64_t s = now - window; s <= now + window; s++) {
		if (s < 0 || s <= last_step)
			continue;
		int64_t v = hotp(h, key, keylen, (uint64_t)s, digits);
		/* every step is computed and compared whatever matched before, so the time taken
		 * does not tell which step (or whether any) matched */
		int64_t diff = v ^ want;
		int64_t hit = (int64_t)(diff == 0 && found < 0);
		found = hit ? s : found;
	}
	return found;
}

size_t base32_len(size_t n)
{
	return (n * 8 + 4) / 5;
}

size_t base32_encode(const uint8_t *in, size_t n, char *out)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = B32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = B32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return o;
}

int base32_decode(const char *text, uint8_t *out, size_t cap)
{
	if (!text)
		return -1;
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	const char *p = text;
	for (; *p && *p != '='; p++) {
		char c = *p;
		if (c == ' ' || c == '-')
			continue;
		int v;
		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a';
		else if (c >= '2' && c <= '7')
			v = c - '2' + 26;
		else
			return -1;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			if (o >= cap)
				return -1;
			out[o++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
		acc &= (1u << bits) - 1; /* keep only the bits not yet written */
	}
	for (; *p; p++)
		if (*p != '=')
			return -1;
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
		return -1; /* a whole unused character, or a partial byte with bits set */
	return (int)o;
}
