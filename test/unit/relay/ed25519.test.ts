// The relay's Ed25519 check: libsodium (sodium-native) when it loads, giving exactly node:crypto's
// answers for genuine, rotated-key, forged, tampered, re-timed and malformed signatures.
import { describe, expect, it } from 'vitest';
import { parseTelnyxPublicKey, verifyTelnyxSignature } from '@switchboard/telnyx';
import { loadTelnyxVerifier, nodeCryptoVerifier, sodiumVerifier } from '../../../relay/src/ed25519';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();
const rotated = makeTelnyxSigningKey();
const stranger = makeTelnyxSigningKey();
const keys = [parseTelnyxPublicKey(key.publicKeyBase64), parseTelnyxPublicKey(rotated.publicKeyBase64)];

function cases() {
  return Array.from({ length: 60 }, (_, i) => {
    const { body } = telnyxEvent('call.initiated', { i });
    const kind = i % 6;
    const signed = signWebhook(kind === 1 ? rotated : kind === 2 ? stranger : key, body);
    const timestamp = kind === 4 ? String(Number(signed.headers['telnyx-timestamp']) + 1) : signed.headers['telnyx-timestamp'];
    const signature = Buffer.from(signed.headers['telnyx-signature-ed25519'], 'base64');
    if (kind === 5) signature[i % 64]! ^= 0x01; // one flipped bit
    return { timestamp, body: Buffer.from(kind === 3 ? body.replace('"i":', '"j":') : body), signature, genuine: kind <= 1 };
  });
}

describe('Telnyx Ed25519 verifier', () => {
  it('uses libsodium here (sodium-native has a prebuilt binary for this platform)', async () => {
    const verifier = await loadTelnyxVerifier(keys);
    expect(verifier.engine).toBe('libsodium');
    expect(verifier.sodiumModulePath).toMatch(/sodium-native/);
  });

  it('gives node:crypto’s answer for every case, accepting only genuine signatures under either key', async () => {
    const sodium = await loadTelnyxVerifier(keys);
    const node = nodeCryptoVerifier(keys);
    for (const c of cases()) {
      const expected = verifyTelnyxSignature(keys, c.timestamp, c.body, c.signature);
      expect(expected).toBe(c.genuine);
      expect(node.verify(c.timestamp, c.body, c.signature)).toBe(expected);
      expect(sodium.verify(c.timestamp, c.body, c.signature)).toBe(expected);
    }
  });

  it('refuses signatures of the wrong length and all-zero signatures without throwing', async () => {
    const sodium = await loadTelnyxVerifier(keys);
    const [genuine] = cases();
    expect(sodium.verify(genuine!.timestamp, genuine!.body, genuine!.signature.subarray(0, 63))).toBe(false);
    expect(sodium.verify(genuine!.timestamp, genuine!.body, Buffer.alloc(64))).toBe(false);
    expect(sodium.verify(genuine!.timestamp, Buffer.alloc(0), genuine!.signature)).toBe(false);
  });

  it('refuses when the library throws instead of answering', () => {
    const throwing = sodiumVerifier(
      {
        crypto_sign_verify_detached: () => {
          throw new Error('boom');
        },
      },
      keys,
    );
    const [genuine] = cases();
    expect(throwing.verify(genuine!.timestamp, genuine!.body, genuine!.signature)).toBe(false);
  });
});
