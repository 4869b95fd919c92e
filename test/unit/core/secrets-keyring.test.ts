// Secrets when the OS keyring is unavailable, or locked at start-up and unlocked later (Linux:
// gnome-keyring unlocks after login). The vault is the harness's real AES vault behind a switch.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { createSecretsService, type SecretVault } from '../../../electron/core/secrets-service';
import { createSwitchboardCore, type SwitchboardCore } from '../../../electron/core/switchboard-core';
import { type CommandError } from '../../../electron/core/errors';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_lock_9876';

/** The real AES vault, but while `locked` it is unavailable and refuses to decrypt (as libsecret does). */
function lockableVault(inner = createAesVault()) {
  const state = { locked: false };
  const vault: SecretVault = {
    isEncryptionAvailable: () => !state.locked && inner.isEncryptionAvailable(),
    backend: () => inner.backend(),
    encrypt: (p) => {
      if (state.locked) throw new Error('keyring locked');
      return inner.encrypt(p);
    },
    decrypt: (c) => {
      if (state.locked) throw new Error('keyring locked');
      return inner.decrypt(c);
    },
  };
  return { vault, state };
}

describe('secrets without a keyring', () => {
  it('refuses to store a secret with INSECURE_STORAGE and stores nothing', () => {
    const { vault, state } = lockableVault();
    state.locked = true;
    const store = createMemoryStore();
    const secrets = createSecretsService(store, vault);
    expect(secrets.status().storage.available).toBe(false);
    let caught: unknown;
    try {
      secrets.set('apiKey', apiKey);
    } catch (e) {
      caught = e;
    }
    expect((caught as CommandError).error.code).toBe('INSECURE_STORAGE');
    expect(store.dump()).toEqual({});
    expect(secrets.status().apiKey).toEqual({ configured: false });
  });

  it('a key stored earlier reads as not configured while locked, and is found once the keyring unlocks', () => {
    const { vault, state } = lockableVault();
    const store = createMemoryStore();
    createSecretsService(store, vault).set('apiKey', apiKey);

    state.locked = true;
    const secrets = createSecretsService(store, vault); // the next app start, keyring still locked
    expect(secrets.status().apiKey).toEqual({ configured: false });
    expect(secrets.reveal('apiKey')).toBeUndefined();
    expect(store.get('secrets.apiKey')).toEqual(expect.any(String)); // the ciphertext is kept, not wiped

    state.locked = false;
    expect(secrets.reveal('apiKey')).toBe(apiKey);
    expect(secrets.status().apiKey).toEqual({ configured: true, last4: '9876' });
  });

  it('core: live mode and the log redactor pick the key up once the keyring unlocks', async () => {
    const { vault, state } = lockableVault();
    const store = createMemoryStore();
    createSecretsService(store, vault).set('apiKey', apiKey);
    state.locked = true;
    const lines: string[] = [];
    const core: SwitchboardCore = createSwitchboardCore({
      store,
      vault,
      log: createLogger({ level: 'debug', sink: (l) => lines.push(l), secrets: () => core.secretValues() }),
      appVersion: '0.0.0-test',
      platform: process.platform,
    });
    expect(await core.dispatch('app.getInfo', {})).toMatchObject({ ok: true, value: { mode: 'unconfigured' } });

    state.locked = false;
    expect(await core.dispatch('app.getInfo', {})).toMatchObject({ ok: true, value: { mode: 'live' } });
    // Whatever logs the key from now on must be redacted, although no secret "changed".
    expect(core.secretValues()).toContain(apiKey);
    createLogger({ level: 'info', sink: (l) => lines.push(l), secrets: () => core.secretValues() }).info('oops', { key: apiKey });
    expect(lines.some((l) => l.includes(apiKey))).toBe(false);
    await core.stop();
  });
});
