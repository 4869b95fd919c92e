// Webhook signatures as Telnyx makes them (API-NOTES §6.1): Ed25519 over the UTF-8 bytes of
// `${telnyx-timestamp}|${rawBody}`, timestamp in Unix seconds, signature in base64. The signing half
// is for the simulator; the checking half is used twice on purpose: the relay at intake and the
// desktop again on every event it receives (a relay cannot forge call events).
import { sign, verify, type KeyObject } from 'node:crypto';

export const TELNYX_SIGNATURE_HEADER = 'telnyx-signature-ed25519';
export const TELNYX_TIMESTAMP_HEADER = 'telnyx-timestamp';

/** The two headers that travel with every signed webhook (the relay forwards them unchanged). */
export interface TelnyxSignatureHeaders {
  [TELNYX_SIGNATURE_HEADER]: string;
  [TELNYX_TIMESTAMP_HEADER]: string;
}

/** Signs the exact body string that will be sent (never re-serialise after signing). */
export function signTelnyxWebhook(body: string, privateKey: KeyObject, timestampSecs = Math.floor(Date.now() / 1000)): TelnyxSignatureHeaders {
  const timestamp = String(timestampSecs);
  const signature = sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), privateKey);
  return { [TELNYX_SIGNATURE_HEADER]: signature.toString('base64'), [TELNYX_TIMESTAMP_HEADER]: timestamp };
}

export type RefusalReason = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';
export type SignatureCheck = { ok: true } | { ok: false; reason: RefusalReason };

/**
 * How old a signature may be. `'any-age'` is for events the relay already checked for freshness at
 * intake: after a reconnect the desktop re-verifies replayed events that can be hours old.
 */
export type Freshness = { nowSecs: number; toleranceSecs: number } | 'any-age';

/**
 * The cheap half of the check (headers, timestamp, signature shape), done before any Ed25519 work.
 * On success returns the decoded 64-byte signature for {@link verifyTelnyxSignature}.
 */
export function precheckTelnyxHeaders(
  signatureHeader: string | undefined,
  timestampHeader: string | undefined,
  freshness: Freshness,
): { ok: true; signature: Buffer; timestamp: string } | { ok: false; reason: RefusalReason } {
  if (!signatureHeader || !timestampHeader) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,15}$/.test(timestampHeader)) return { ok: false, reason: 'bad_timestamp' };
  if (freshness !== 'any-age' && Math.abs(freshness.nowSecs - Number(timestampHeader)) > freshness.toleranceSecs) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  const signature = Buffer.from(signatureHeader, 'base64');
  if (signature.length !== 64) return { ok: false, reason: 'bad_signature' };
  return { ok: true, signature, timestamp: timestampHeader };
}

/**
 * The Ed25519 half: does `signature` sign `${timestamp}|${rawBody}` under any of `keys`? Several keys
 * are accepted so an account key can be rotated without downtime.
 */
export function verifyTelnyxSignature(keys: readonly KeyObject[], timestamp: string, rawBody: Buffer | string, signature: Buffer): boolean {
  const signed = Buffer.concat([Buffer.from(`${timestamp}|`), typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody]);
  for (const key of keys) {
    if (verify(null, signed, key, signature)) return true;
  }
  return false;
}

/** Both halves: is this body, with these headers, a webhook Telnyx signed (within `freshness`)? */
export function checkTelnyxSignature(
  keys: readonly KeyObject[],
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
  timestampHeader: string | undefined,
  freshness: Freshness,
): SignatureCheck {
  const pre = precheckTelnyxHeaders(signatureHeader, timestampHeader, freshness);
  if (!pre.ok) return pre;
  return verifyTelnyxSignature(keys, pre.timestamp, rawBody, pre.signature) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}
