import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { verifyTelnyxSignature } from '@switchboard/telnyx';

/**
 * The relay's Ed25519 check of a Telnyx webhook: does the 64-byte `signature` sign
 * `${timestamp}|${body}` under one of the account's keys? The same question as
 * `verifyTelnyxSignature` (@switchboard/telnyx), answered by libsodium when it loads.
 *
 * Why: the verify is the largest single cost of a webhook. node:crypto's one-shot `verify` goes
 * through OpenSSL's EVP layer (context set-up per call) and took ~95 µs per webhook on the
 * benchmark machine where libsodium's `crypto_sign_verify_detached` (sodium-native: prebuilt
 * binaries, no install script) took ~55 µs for the same messages. libsodium is the stricter of
 * the two (it also refuses small-order keys and signature points), so nothing Telnyx signs is
 * refused and nothing node:crypto refuses is accepted. If sodium-native does not load (no prebuilt
 * binary for the platform, a bundle without it: the desktop's demo mode) or fails its self-check,
 * the relay verifies with node:crypto as before.
 */
export interface TelnyxVerifier {
  readonly engine: 'libsodium' | 'node:crypto';
  /** With libsodium: the sodium-native module file, so verify worker threads can load the same one. */
  readonly sodiumModulePath?: string;
  verify(timestamp: string, body: Buffer, signature: Buffer): boolean;
}

interface Sodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

export function nodeCryptoVerifier(keys: readonly KeyObject[]): TelnyxVerifier {
  return { engine: 'node:crypto', verify: (timestamp, body, signature) => verifyTelnyxSignature(keys, timestamp, body, signature) };
}

export function sodiumVerifier(sodium: Sodium, keys: readonly KeyObject[], modulePath?: string): TelnyxVerifier {
  const rawKeys = keys.map(rawEd25519PublicKey);
  return {
    engine: 'libsodium',
    ...(modulePath ? { sodiumModulePath: modulePath } : {}),
    verify(timestamp, body, signature) {
      if (signature.length !== 64) return false;
      const message = Buffer.concat([Buffer.from(`${timestamp}|`), body]);
      for (const key of rawKeys) {
        try {
          if (sodium.crypto_sign_verify_detached(signature, message, key) === true) return true;
        } catch {
          // A throw is not a "valid": try the next key, else refuse.
        }
      }
      return false;
    },
  };
}

/** libsodium when sodium-native loads and passes a self-check, else node:crypto. */
export async function loadTelnyxVerifier(keys: readonly KeyObject[]): Promise<TelnyxVerifier> {
  let sodium: Sodium;
  try {
    const loaded = (await import('sodium-native')) as Sodium & { default?: Sodium };
    sodium = loaded.default ?? loaded;
  } catch {
    return nodeCryptoVerifier(keys);
  }
  return selfCheck(sodium) ? sodiumVerifier(sodium, keys, modulePath()) : nodeCryptoVerifier(keys);
}

/** Where sodium-native resolves from here; undefined inside a bundle that cannot resolve it. */
function modulePath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('sodium-native');
  } catch {
    return undefined;
  }
}

/** A signature it must accept and three it must refuse (body, timestamp, key changed). */
function selfCheck(sodium: Sodium): boolean {
  try {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').publicKey;
    const body = Buffer.from('{"data":{"id":"self-check"}}');
    const signature = sign(null, Buffer.from(`1700000000|${body.toString()}`), privateKey);
    const check = (key: KeyObject, timestamp: string, b: Buffer) => sodiumVerifier(sodium, [key]).verify(timestamp, b, signature);
    return check(publicKey, '1700000000', body) && !check(publicKey, '1700000000', Buffer.from(`${body.toString()} `)) && !check(publicKey, '1700000001', body) && !check(other, '1700000000', body);
  } catch {
    return false;
  }
}

export function rawEd25519PublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('Telnyx public keys are Ed25519');
  const raw = Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url');
  if (raw.length !== 32) throw new Error('Ed25519 public key must be 32 bytes');
  return raw;
}
