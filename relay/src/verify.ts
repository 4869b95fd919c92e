import { createPublicKey, verify, type KeyObject } from 'node:crypto';

// DER prefix of an Ed25519 SubjectPublicKeyInfo; Telnyx hands out the bare 32-byte key.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Parses a Telnyx account public key (base64 of the raw 32-byte Ed25519 key). */
export function parseTelnyxPublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64.trim(), 'base64');
  if (raw.length !== 32) {
    throw new Error('Telnyx public key must be base64 of a raw 32-byte Ed25519 key');
  }
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

/**
 * Telnyx signs UTF-8 `${telnyx-timestamp}|${rawBody}` with Ed25519 (API-NOTES §6.1).
 * Several keys are accepted so an account key can be rotated without downtime.
 */
export function checkTelnyxSignature(
  keys: readonly KeyObject[],
  rawBody: Buffer,
  signatureHeader: string | undefined,
  timestampHeader: string | undefined,
  nowSecs: number,
  toleranceSecs: number,
): SignatureCheck {
  if (!signatureHeader || !timestampHeader) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,15}$/.test(timestampHeader)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(nowSecs - Number(timestampHeader)) > toleranceSecs) return { ok: false, reason: 'stale_timestamp' };
  const signature = Buffer.from(signatureHeader, 'base64');
  if (signature.length !== 64) return { ok: false, reason: 'bad_signature' };
  const signed = Buffer.concat([Buffer.from(`${timestampHeader}|`), rawBody]);
  for (const key of keys) {
    if (verify(null, signed, key, signature)) return { ok: true };
  }
  return { ok: false, reason: 'bad_signature' };
}
