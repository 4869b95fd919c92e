// Telnyx account keys: Telnyx shows (and the SDK takes) the bare 32-byte Ed25519 public key in
// base64 (API-NOTES §6.1); Node wants it wrapped as an SPKI DER structure.
import { createPublicKey, type KeyObject } from 'node:crypto';

// The fixed 12-byte DER header of an Ed25519 SubjectPublicKeyInfo; the raw key follows it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Parses an account public key (base64 of the raw 32-byte Ed25519 key). Throws on anything else. */
export function parseTelnyxPublicKey(base64: string): KeyObject {
  const raw = Buffer.from(base64.trim(), 'base64');
  if (raw.length !== 32) throw new Error('Telnyx public key must be base64 of a raw 32-byte Ed25519 key');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The portal form of a key: base64 of the raw 32 bytes. Accepts a private key (its public half) or a public key. */
export function publicKeyBase64(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('Telnyx signs webhooks with Ed25519 keys only');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return spki.subarray(ED25519_SPKI_PREFIX.length).toString('base64');
}
