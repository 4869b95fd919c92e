import { describe, expect, it } from 'vitest';
import { checkTelnyxSignature, parseTelnyxPublicKey } from '../../../relay/src/verify';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();
const keys = [parseTelnyxPublicKey(key.publicKeyBase64)];
const now = 1_800_000_000;

describe('Telnyx signature check', () => {
  const { body } = telnyxEvent();
  const signed = signWebhook(key, body, now);
  const check = (b: string, sig: string | undefined, ts: string | undefined, at = now) =>
    checkTelnyxSignature(keys, Buffer.from(b), sig, ts, at, 300);

  it('accepts a genuine signature inside the tolerance, in both directions', () => {
    expect(check(body, signed.headers['telnyx-signature-ed25519'], String(now))).toEqual({ ok: true });
    expect(check(body, signed.headers['telnyx-signature-ed25519'], String(now), now + 300).ok).toBe(true);
    expect(check(body, signed.headers['telnyx-signature-ed25519'], String(now), now - 300).ok).toBe(true);
  });

  it('names why it refused', () => {
    const sig = signed.headers['telnyx-signature-ed25519'];
    expect(check(body, undefined, String(now))).toEqual({ ok: false, reason: 'missing_headers' });
    expect(check(body, sig, '1.5e9')).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(check(body, sig, String(now), now + 301)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(body, sig, String(now), now - 301)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(check(`${body} `, sig, String(now))).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check(body, 'c2hvcnQ=', String(now))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses keys that are not 32 raw bytes', () => {
    expect(() => parseTelnyxPublicKey(Buffer.alloc(44).toString('base64'))).toThrow(/32-byte/);
  });
});
