// RFC 4648 base32 and RFC 6238 TOTP (HMAC-SHA-1), written from the RFCs on node:crypto and
// sharing no code with baotu's lib/totp.c, so that the tests compute codes independently.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// The bytes of base32 text (either case; spaces, hyphens and '=' ignored, as people copy them).
export function base32Decode(text) {
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/[\s=-]/g, '').toUpperCase()) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 4226 §5.3: the HOTP value of counter under key, digits long.
export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', key).update(msg).digest();
  const o = h[h.length - 1] & 15;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

// RFC 6238: the code of 30-second step floor(unixSeconds / 30).
export const totp = (key, unixSeconds, digits = 6) => hotp(key, Math.floor(unixSeconds / 30), digits);
