import { describe, expect, it } from 'vitest';
import { relayOrigin } from '../../../electron/contract';
import { createSecretsService } from '../../../electron/core/secrets-service';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_wxyz';

describe('secrets', () => {
  it('stores only ciphertext and reports configured + last4, never the key', () => {
    const store = createMemoryStore();
    const secrets = createSecretsService(store, createAesVault());
    const status = secrets.set('apiKey', apiKey);
    expect(status.apiKey).toEqual({ configured: true, last4: 'wxyz' });
    expect(JSON.stringify(status)).not.toContain(apiKey.slice(0, 12));
    const stored = JSON.stringify(store.dump());
    expect(stored).not.toContain(apiKey);
    expect(stored).not.toContain(Buffer.from(apiKey).toString('base64').slice(0, 16));
    expect(secrets.reveal('apiKey')).toBe(apiKey);
  });

  it('binds the relay token to the failover relays it was saved with: one added later is not sent it', () => {
    const store = createMemoryStore();
    let failover = ['https://relay-2.example.com'];
    const options = { relayOrigin: () => 'https://relay.example.com', relayFailoverOrigins: () => failover.map(relayOrigin) };
    const secrets = createSecretsService(store, createAesVault(), options);
    secrets.set('relayToken', 'relay-token-123456');
    expect(secrets.relayTokenBoundTo('wss://relay-2.example.com/v1/events')).toBe(true);
    expect(secrets.relayTokenBoundTo('https://relay.example.com:443/')).toBe(true);
    failover = ['https://relay-2.example.com', 'https://relay-3.example.com'];
    expect(secrets.relayTokenBoundTo('https://relay-3.example.com')).toBe(false);
    expect(secrets.relayTokenBoundTo('https://relay-2.example.com:8443')).toBe(false);
    expect(secrets.relayTokenBoundTo('not a url')).toBe(false);
    // Entered again, the token is bound to the list saved now.
    secrets.set('relayToken', 'relay-token-123456');
    expect(secrets.relayTokenBoundTo('https://relay-3.example.com')).toBe(true);
    // Cleared: bound to nothing.
    secrets.clear('relayToken');
    expect(secrets.relayTokenBoundTo('https://relay-2.example.com')).toBe(false);
  });

  it('a relay token saved before failover relays were bound belongs to the failover relays already listed', () => {
    const store = createMemoryStore();
    createSecretsService(store, createAesVault()).set('relayToken', 'relay-token-legacy');
    const secrets = createSecretsService(store, createAesVault(), { relayFailoverOrigins: () => ['https://relay-2.example.com'] });
    expect(secrets.relayTokenBoundTo('https://relay-2.example.com')).toBe(true);
    expect(secrets.relayTokenBoundTo('https://relay-9.example.com')).toBe(false);
  });

  it('clears a secret', () => {
    const secrets = createSecretsService(createMemoryStore(), createAesVault());
    secrets.set('relayToken', 'relay-token-123456');
    expect(secrets.status().relayToken.configured).toBe(true);
    expect(secrets.clear('relayToken').relayToken.configured).toBe(false);
    expect(secrets.reveal('relayToken')).toBeUndefined();
  });

  it('requires an explicit opt-in when the backend is basic_text', () => {
    const secrets = createSecretsService(createMemoryStore(), createAesVault({ backend: 'basic_text' }));
    expect(secrets.status().storage).toMatchObject({ weak: true, weakAccepted: false, backend: 'basic_text' });
    expect(() => secrets.set('apiKey', apiKey)).toThrowError(/obfuscated/);
    expect(secrets.status().apiKey.configured).toBe(false);
    secrets.acceptWeakStorage(true);
    expect(secrets.set('apiKey', apiKey).apiKey.configured).toBe(true);
  });

  it('treats ciphertext it cannot decrypt (another machine) as not configured', () => {
    const store = createMemoryStore();
    createSecretsService(store, createAesVault()).set('apiKey', apiKey);
    const elsewhere = createSecretsService(store, createAesVault());
    expect(elsewhere.status().apiKey).toEqual({ configured: false });
  });
});

describe('secrets on the hot path', () => {
  it('decrypts a secret once, and again only after it changes', () => {
    const vault = createAesVault();
    let decryptions = 0;
    const counting = { ...vault, decrypt: (c: Buffer) => (decryptions++, vault.decrypt(c)) };
    const secrets = createSecretsService(createMemoryStore(), counting);
    secrets.set('apiKey', 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_one1');
    for (let i = 0; i < 5; i++) expect(secrets.reveal('apiKey')).toBe('KEY0190C6F5A1B2C3D4E5F60718293A4B5C_one1');
    expect(decryptions).toBe(1);
    secrets.set('apiKey', 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_two2');
    expect(secrets.reveal('apiKey')).toBe('KEY0190C6F5A1B2C3D4E5F60718293A4B5C_two2');
    secrets.clear('apiKey');
    expect(secrets.reveal('apiKey')).toBeUndefined();
  });
});
