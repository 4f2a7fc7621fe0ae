/**
 * Lark webhook cryptography (platform reference §1.4, §1.5).
 *
 * - Encrypted bodies: `{"encrypt": base64(IV ‖ AES-256-CBC(PKCS#7))}`, key = SHA-256(Encrypt Key as UTF-8).
 * - Signature (only sent when an Encrypt Key is configured):
 *   `X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + rawBody))`, over the raw bytes, no HMAC.
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export type DecryptResult = { ok: true; plaintext: string } | { ok: false; reason: 'bad-base64' | 'too-short' | 'bad-cipher' };

export function aesKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey, 'utf8').digest();
}

/** Decrypt a Lark `encrypt` field. Never throws on bad input. */
export function decryptLark(encrypt: string, encryptKey: string): DecryptResult {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt)) return { ok: false, reason: 'bad-base64' };
  const buf = Buffer.from(encrypt, 'base64');
  // IV (16) plus at least one AES block.
  if (buf.length < 32 || (buf.length - 16) % 16 !== 0) return { ok: false, reason: 'too-short' };
  try {
    const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), buf.subarray(0, 16));
    const plaintext = Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
    return { ok: true, plaintext };
  } catch {
    // Wrong key or corrupted data: the padding check fails. The caller answers 400/401.
    return { ok: false, reason: 'bad-cipher' };
  }
}

export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer | string): string {
  return createHash('sha256')
    .update(timestamp, 'utf8')
    .update(nonce, 'utf8')
    .update(encryptKey, 'utf8')
    .update(rawBody)
    .digest('hex');
}

/** Constant-time comparison of the `X-Lark-Signature` header; a length mismatch is a plain `false`. */
export function verifyLarkSignature(
  headers: { timestamp?: string; nonce?: string; signature?: string },
  encryptKey: string,
  rawBody: Buffer | string,
): boolean {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature) return false;
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(larkSignature(timestamp, nonce, encryptKey, rawBody), 'hex');
  const given = Buffer.from(signature.toLowerCase(), 'hex');
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
