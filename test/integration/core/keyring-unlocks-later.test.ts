// Live mode with a keyring that is locked when the app starts (the key cannot be read) and
// unlocked later: the engine's next timer reconcile reads the key, and the engine restarts in
// live mode on its own, with the real SDK against the simulator. No restart of the app needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@switchboard/sim';
import { createLogger } from '../../../electron/core/log';
import { createSecretsService, type SecretVault } from '../../../electron/core/secrets-service';
import { createSwitchboardCore, type SwitchboardCore } from '../../../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';
import { until } from '../../support/until';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_late_4321';

describe('a keyring that unlocks after start-up', () => {
  let sim: Simulator;
  let core: SwitchboardCore;
  const locked = { now: false };

  beforeAll(async () => {
    sim = await startSimulator({ apiKeys: [apiKey], scenario: 'none' });
    const inner = createAesVault();
    const vault: SecretVault = {
      isEncryptionAvailable: () => !locked.now,
      backend: () => inner.backend(),
      encrypt: (p) => inner.encrypt(p),
      decrypt: (c) => {
        if (locked.now) throw new Error('keyring locked');
        return inner.decrypt(c);
      },
    };
    const store = createMemoryStore();
    createSecretsService(store, vault).set('apiKey', apiKey); // saved in an earlier session
    locked.now = true;
    core = createSwitchboardCore({
      store,
      vault,
      log: createLogger({ level: 'error', sink: () => {} }),
      appVersion: '0.0.0-test',
      platform: process.platform,
      telnyx: { baseURL: sim.baseUrl, maxRetries: 0 },
    });
    await core.start();
  });
  afterAll(async () => {
    await core?.stop();
    await sim?.close();
  });

  it('starts unconfigured while the key cannot be read', () => {
    expect(core.engine.state().mode).toBe('unconfigured');
    expect(core.engine.state().connection.api.state).toBe('not-configured');
  });

  it('after the unlock, the next timer reconcile brings the engine up in live mode', async () => {
    const { callControlId } = await sim.injectInboundCall({ queue: 'support' });
    locked.now = false;
    await core.engine.reconcile('timer'); // what the engine's interval does every 30 s
    await until(() => core.engine.state().mode === 'live' && core.engine.state().connection.api.state === 'ok', 'live mode', 8000);
    await until(() => core.engine.state().queues.some((q) => q.calls.some((c) => c.callControlId === callControlId)), 'queue read', 8000);
    expect(core.secretValues()).toContain(apiKey);
  });
});
