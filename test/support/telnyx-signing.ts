// Test-only Telnyx webhook signer: an Ed25519 key pair and `${timestamp}|${body}` signatures,
// exactly as API-NOTES §6.1 describes Telnyx's own signing.
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

export interface TelnyxSigningKey {
  privateKey: KeyObject;
  /** base64 of the raw 32-byte public key, the form Telnyx shows in the portal. */
  publicKeyBase64: string;
}

export function makeTelnyxSigningKey(): TelnyxSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyBase64: spki.subarray(spki.length - 32).toString('base64') };
}

export interface SignedWebhook {
  body: string;
  headers: { 'content-type': string; 'telnyx-signature-ed25519': string; 'telnyx-timestamp': string };
}

export function signWebhook(key: TelnyxSigningKey, body: string, timestampSecs = Math.floor(Date.now() / 1000)): SignedWebhook {
  const timestamp = String(timestampSecs);
  const signature = sign(null, Buffer.from(`${timestamp}|${body}`), key.privateKey).toString('base64');
  return { body, headers: { 'content-type': 'application/json', 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': timestamp } };
}

/** A Call Control webhook envelope with a fresh `data.id`. */
export function telnyxEvent(
  eventType = 'call.initiated',
  payload: Record<string, unknown> = {},
  id: string = randomUUID(),
  occurredAt = new Date().toISOString(),
): { id: string; body: string } {
  const body = JSON.stringify({
    data: {
      record_type: 'event',
      event_type: eventType,
      id,
      occurred_at: occurredAt,
      payload: {
        call_control_id: `v3:${randomUUID()}`,
        call_leg_id: randomUUID(),
        call_session_id: randomUUID(),
        connection_id: '1111111111',
        occurred_at: occurredAt,
        ...payload,
      },
    },
    meta: { attempt: 1, delivered_to: 'http://127.0.0.1/webhooks/telnyx' },
  });
  return { id, body };
}
