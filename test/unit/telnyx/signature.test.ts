// @switchboard/telnyx keys and signatures: the check the relay runs at intake and the desktop runs
// again on every event, against an independent test signer (test/support/telnyx-signing.ts).
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkTelnyxSignature, parseTelnyxPublicKey, publicKeyBase64, signTelnyxWebhook } from '@switchboard/telnyx';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();
const keys = [parseTelnyxPublicKey(key.publicKeyBase64)];
const now = 1_800_000_000;

describe('Telnyx signature check', () => {
  const { body } = telnyxEvent();
  const signed = signWebhook(key, body, now);
  const check = (b: string, sig: string | undefined, ts: string | undefined, at = now) =>
    checkTelnyxSignature(keys, Buffer.from(b), sig, ts, { nowSecs: at, toleranceSecs: 300 });

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

describe('account keys', () => {
  it('refuses anything but base64 of exactly 32 bytes, with the reason', () => {
    for (const bad of ['', '   ', 'not a key!', Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('base64'), 'MCowBQYDK2VwAyEA']) {
      expect(() => parseTelnyxPublicKey(bad), JSON.stringify(bad)).toThrow('Telnyx public key must be base64 of a raw 32-byte Ed25519 key');
    }
  });

  it('reads the portal form (surrounding whitespace allowed) and writes it back', () => {
    const parsed = parseTelnyxPublicKey(`  ${key.publicKeyBase64}\n`);
    expect(parsed.asymmetricKeyType).toBe('ed25519');
    expect(publicKeyBase64(parsed)).toBe(key.publicKeyBase64);
    expect(publicKeyBase64(key.privateKey)).toBe(key.publicKeyBase64);
  });

  it('refuses to describe a key Telnyx could not sign with', () => {
    expect(() => publicKeyBase64(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toThrow(/Ed25519/);
  });
});

describe('signing and checking together', () => {
  const rotated = makeTelnyxSigningKey();
  const both = [parseTelnyxPublicKey(key.publicKeyBase64), parseTelnyxPublicKey(rotated.publicKeyBase64)];
  const body = telnyxEvent('call.answered', { from: '+4930 Müller ☎' }).body; // non-ASCII: the UTF-8 bytes are signed

  it('what the simulator signs verifies under either rotated key, as a string or as the raw bytes', () => {
    const headers = signTelnyxWebhook(body, rotated.privateKey, now);
    const fresh = { nowSecs: now, toleranceSecs: 300 };
    const sig = headers['telnyx-signature-ed25519'];
    expect(checkTelnyxSignature(both, body, sig, headers['telnyx-timestamp'], fresh)).toEqual({ ok: true });
    expect(checkTelnyxSignature(both, Buffer.from(body, 'utf8'), sig, headers['telnyx-timestamp'], fresh)).toEqual({ ok: true });
    expect(checkTelnyxSignature(keys, body, sig, headers['telnyx-timestamp'], fresh)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it("'any-age' skips only the freshness window: a tampered body, another timestamp or another key is still refused", () => {
    const old = signWebhook(key, body, now - 7 * 24 * 3600);
    const sig = old.headers['telnyx-signature-ed25519'];
    const ts = old.headers['telnyx-timestamp'];
    expect(checkTelnyxSignature(keys, body, sig, ts, { nowSecs: now, toleranceSecs: 300 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(checkTelnyxSignature(keys, body, sig, ts, 'any-age')).toEqual({ ok: true });
    expect(checkTelnyxSignature(keys, body.replace('call.answered', 'call.hangup'), sig, ts, 'any-age')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(checkTelnyxSignature(keys, body, sig, String(Number(ts) + 1), 'any-age')).toEqual({ ok: false, reason: 'bad_signature' });
    const forged = signWebhook(rotated, body, now);
    expect(checkTelnyxSignature(keys, body, forged.headers['telnyx-signature-ed25519'], forged.headers['telnyx-timestamp'], 'any-age')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(checkTelnyxSignature(keys, body, '', ts, 'any-age')).toEqual({ ok: false, reason: 'missing_headers' });
  });
});
