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

/** The raw 32 bytes of a parsed Ed25519 public key (what a verify worker is handed). */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const spki = key.export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32);
}

export type RefusalReason = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';
export type SignatureCheck = { ok: true } | { ok: false; reason: RefusalReason };

/**
 * The cheap half of the check (headers, timestamp, signature shape), done before any Ed25519 work.
 * On success returns the decoded 64-byte signature for {@link verifyTelnyxSignature}.
 */
export function precheckTelnyxHeaders(
  signatureHeader: string | undefined,
  timestampHeader: string | undefined,
  nowSecs: number,
  toleranceSecs: number,
): { ok: true; signature: Buffer; timestamp: string } | { ok: false; reason: RefusalReason } {
  if (!signatureHeader || !timestampHeader) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,15}$/.test(timestampHeader)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(nowSecs - Number(timestampHeader)) > toleranceSecs) return { ok: false, reason: 'stale_timestamp' };
  const signature = Buffer.from(signatureHeader, 'base64');
  if (signature.length !== 64) return { ok: false, reason: 'bad_signature' };
  return { ok: true, signature, timestamp: timestampHeader };
}

/** The Ed25519 half: does `signature` sign UTF-8 `${timestamp}|${rawBody}` under any of `keys`? */
export function verifyTelnyxSignature(keys: readonly KeyObject[], timestamp: string, rawBody: Buffer, signature: Buffer): boolean {
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`), rawBody]);
  for (const key of keys) {
    if (verify(null, signed, key, signature)) return true;
  }
  return false;
}

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
  const pre = precheckTelnyxHeaders(signatureHeader, timestampHeader, nowSecs, toleranceSecs);
  if (!pre.ok) return pre;
  return verifyTelnyxSignature(keys, pre.timestamp, rawBody, pre.signature) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}
