// Webhook signing exactly as Telnyx does it (API-NOTES §6.1): Ed25519 over the UTF-8 bytes of
// `${timestamp}|${rawBody}`, timestamp in Unix seconds, signature and key in strict base64.
import { createPublicKey, sign, type KeyObject } from 'node:crypto';

export interface WebhookSignatureHeaders {
  'telnyx-signature-ed25519': string;
  'telnyx-timestamp': string;
}

/** Signs the exact body string that will be sent (never re-serialise after signing). */
export function signWebhook(body: string, key: KeyObject, timestampSecs = Math.floor(Date.now() / 1000)): WebhookSignatureHeaders {
  const timestamp = String(timestampSecs);
  const signature = sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), key);
  return { 'telnyx-signature-ed25519': signature.toString('base64'), 'telnyx-timestamp': timestamp };
}

/** Base64 of the raw 32-byte Ed25519 public key (what Telnyx shows in the portal and the SDK wants). Accepts a private or public key. */
export function publicKeyBase64(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  // An Ed25519 SPKI DER is a fixed 12-byte header followed by the raw 32-byte key.
  return spki.subarray(spki.length - 32).toString('base64');
}
