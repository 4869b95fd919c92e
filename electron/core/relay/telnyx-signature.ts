import { createPublicKey, verify, type KeyObject } from 'node:crypto';

// DER prefix of an Ed25519 SubjectPublicKeyInfo; Telnyx publishes the bare 32-byte key.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The account public key from the Telnyx portal: base64 of the raw 32-byte Ed25519 key. */
export function parseTelnyxPublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64.trim(), 'base64');
  if (raw.length !== 32) throw new Error('Telnyx public key must be base64 of a raw 32-byte Ed25519 key');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * True when `signatureBase64` is Telnyx's Ed25519 signature of `${timestamp}|${raw}`.
 * No freshness check on purpose: events replayed after a reconnect can be hours old, and
 * the relay already refused stale webhooks at intake.
 */
export function isTelnyxSignatureValid(key: KeyObject, raw: string, signatureBase64: string, timestamp: string): boolean {
  if (!/^\d{1,15}$/.test(timestamp)) return false;
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== 64) return false;
  return verify(null, Buffer.from(`${timestamp}|${raw}`), key, signature);
}
