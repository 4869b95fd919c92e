/**
 * The Telnyx API key and the relay token. Only ciphertext is stored (the host's vault is
 * Electron's safeStorage in the app); plaintext lives in this process only and never leaves
 * it: the renderer learns `{ configured, last4 }` and nothing else.
 */
import { relayOrigin, type SecretName, type SecretsStatus } from '../contract';
import { CommandError } from './errors';
import type { KeyValueStore } from './settings-service';

/** The host's encryption: Electron `safeStorage` in the app. */
export interface SecretVault {
  isEncryptionAvailable(): boolean;
  /** e.g. "gnome_libsecret", "kwallet6", "basic_text" (Linux); "keychain" / "dpapi" elsewhere. */
  backend(): string;
  encrypt(plaintext: string): Buffer;
  decrypt(ciphertext: Buffer): string;
}

export interface SecretsService {
  status(): SecretsStatus;
  set(name: SecretName, value: string): SecretsStatus;
  clear(name: SecretName): SecretsStatus;
  acceptWeakStorage(accept: boolean): SecretsStatus;
  /** Plaintext, for core's own use (SDK client, relay client). Never return it from a handler. */
  reveal(name: SecretName): string | undefined;
  /** Ciphertext is stored (readable or not). */
  hasStored(name: SecretName): boolean;
  /**
   * Whether the relay token may be sent to this failover relay: its origin was in the failover list
   * when the token was saved. A URL added since (even by editing the settings file) is not used.
   */
  relayTokenBoundTo(failoverUrl: string): boolean;
  onChange(listener: () => void): () => void;
  /** A stored secret was decrypted (after a change, or once a keyring locked at start-up opened). */
  onReadable(listener: () => void): () => void;
}

/** Linux without a keyring: Chromium only obfuscates with a hard-coded key. */
const WEAK_BACKENDS = new Set(['basic_text']);
const cipherKey = (name: SecretName) => `secrets.${name}`;
const WEAK_ACCEPTED_KEY = 'secrets.weakStorageAccepted';
/** The relay origin the relay token was saved for (see contract/relay-url.ts). */
const RELAY_TOKEN_ORIGIN_KEY = 'secrets.relayTokenOrigin';
/** The failover relays' origins the relay token was saved for. */
const RELAY_TOKEN_FAILOVER_KEY = 'secrets.relayTokenFailoverOrigins';

export interface SecretsOptions {
  /**
   * The origin of the relay URL now saved. The relay token is bound to the origin it was saved
   * for and reads as not configured anywhere else, so it is never sent to another host.
   */
  relayOrigin?: () => string;
  /** The origins of the failover relays now saved: the token is bound to them too (`relayTokenBoundTo`). */
  relayFailoverOrigins?: () => string[];
}

export function createSecretsService(store: KeyValueStore, vault: SecretVault, options: SecretsOptions = {}): SecretsService {
  const listeners = new Set<() => void>();
  const readableListeners = new Set<() => void>();
  // Decrypted once and kept: the gateway asks for the key on every Telnyx call (a shortcut's hot
  // path), and safeStorage decryption is a synchronous OS call. Cleared whenever a secret changes.
  const plaintext = new Map<SecretName, string>();
  const changed = () => {
    plaintext.clear();
    listeners.forEach((l) => l());
  };

  const boundElsewhere = (name: SecretName): boolean => {
    if (name !== 'relayToken' || !options.relayOrigin) return false;
    // A token saved before tokens were bound belongs to the relay it was already being sent to.
    if (store.get(RELAY_TOKEN_ORIGIN_KEY) === undefined && store.get(cipherKey(name)) !== undefined) store.set(RELAY_TOKEN_ORIGIN_KEY, options.relayOrigin());
    return store.get(RELAY_TOKEN_ORIGIN_KEY) !== options.relayOrigin();
  };

  const reveal = (name: SecretName): string | undefined => {
    if (boundElsewhere(name)) return undefined;
    const known = plaintext.get(name);
    if (known !== undefined) return known;
    // Failures are not remembered: a keyring that was locked at start-up may open later.
    const value = decrypt(name);
    if (value !== undefined) {
      plaintext.set(name, value);
      readableListeners.forEach((l) => l());
    }
    return value;
  };

  const decrypt = (name: SecretName): string | undefined => {
    const stored = store.get(cipherKey(name));
    if (typeof stored !== 'string' || !vault.isEncryptionAvailable()) return undefined;
    try {
      return vault.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      // Ciphertext from another machine or user profile: treat as not configured.
      return undefined;
    }
  };

  const status = (): SecretsStatus => {
    const backend = vault.backend();
    const apiKey = reveal('apiKey');
    return {
      apiKey: apiKey ? { configured: true, last4: apiKey.slice(-4) } : { configured: false },
      relayToken: { configured: reveal('relayToken') !== undefined },
      storage: {
        available: vault.isEncryptionAvailable(),
        backend,
        weak: WEAK_BACKENDS.has(backend),
        weakAccepted: store.get(WEAK_ACCEPTED_KEY) === true,
      },
    };
  };

  return {
    status,
    reveal,
    hasStored: (name) => store.get(cipherKey(name)) !== undefined,
    relayTokenBoundTo(failoverUrl) {
      let bound = store.get(RELAY_TOKEN_FAILOVER_KEY);
      // A token saved before failover relays were bound belongs to the relays it was already sent to.
      if (bound === undefined && store.get(cipherKey('relayToken')) !== undefined) store.set(RELAY_TOKEN_FAILOVER_KEY, (bound = options.relayFailoverOrigins?.() ?? []));
      const origin = relayOrigin(failoverUrl);
      return origin !== '' && ((Array.isArray(bound) && bound.includes(origin)) || store.get(RELAY_TOKEN_ORIGIN_KEY) === origin);
    },
    set(name, value) {
      const { storage } = status();
      if (!storage.available) {
        throw new CommandError({ code: 'INSECURE_STORAGE', message: 'This system offers no secure storage for secrets' });
      }
      if (storage.weak && !storage.weakAccepted) {
        throw new CommandError({
          code: 'INSECURE_STORAGE',
          message: 'No keyring is available, so secrets would only be obfuscated; accept that in Settings first',
        });
      }
      store.set(cipherKey(name), vault.encrypt(value).toString('base64'));
      if (name === 'relayToken' && options.relayOrigin) store.set(RELAY_TOKEN_ORIGIN_KEY, options.relayOrigin());
      if (name === 'relayToken' && options.relayFailoverOrigins) store.set(RELAY_TOKEN_FAILOVER_KEY, options.relayFailoverOrigins());
      changed();
      return status();
    },
    clear(name) {
      store.delete(cipherKey(name));
      if (name === 'relayToken') {
        store.delete(RELAY_TOKEN_ORIGIN_KEY);
        store.delete(RELAY_TOKEN_FAILOVER_KEY);
      }
      changed();
      return status();
    },
    acceptWeakStorage(accept) {
      store.set(WEAK_ACCEPTED_KEY, accept);
      return status();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReadable(listener) {
      readableListeners.add(listener);
      return () => readableListeners.delete(listener);
    },
  };
}
