/**
 * What the harness gives core in place of Electron: a Map for electron-store and AES-256-GCM
 * with a per-process random key for safeStorage. Both honour core's ports exactly, so the
 * secrets path (only ciphertext stored, renderer sees `configured`) is the app's own.
 */
import crypto from 'node:crypto';
import type { SecretVault } from '../../electron/core/secrets-service';
import type { KeyValueStore } from '../../electron/core/settings-service';

export function createMemoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { dump(): Record<string, unknown> } {
  const values = new Map(Object.entries(initial));
  return {
    get: (key) => structuredClone(values.get(key)),
    set: (key, value) => void values.set(key, structuredClone(value)),
    delete: (key) => void values.delete(key),
    dump: () => Object.fromEntries(values),
  };
}

export function createAesVault(options: { backend?: string } = {}): SecretVault {
  const key = crypto.randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    // Tests pass "basic_text" to exercise the weak-storage opt-in.
    backend: () => options.backend ?? 'harness-aes-256-gcm',
    encrypt(plaintext) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(ciphertext) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, ciphertext.subarray(0, 12));
      decipher.setAuthTag(ciphertext.subarray(12, 28));
      return Buffer.concat([decipher.update(ciphertext.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
