/** Core's SecretVault backed by Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). */
import { safeStorage } from 'electron';
import type { SecretVault } from '../core/secrets-service';

export function createSafeStorageVault(platform: NodeJS.Platform): SecretVault {
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    // Only Linux can fall back to `basic_text`; elsewhere the OS store is always used.
    backend: () =>
      platform === 'linux' ? safeStorage.getSelectedStorageBackend() : platform === 'darwin' ? 'keychain' : 'dpapi',
    encrypt: (plaintext) => safeStorage.encryptString(plaintext),
    decrypt: (ciphertext) => safeStorage.decryptString(ciphertext),
  };
}
