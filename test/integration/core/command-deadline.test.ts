// Interactive commands have one overall deadline spanning the SDK's retries (hardening 11): with
// the production SDK settings (15 s per attempt, 2 retries) a silent Telnyx would keep the agent
// waiting ~46 s. Real core, real SDK, simulator whose dial route never answers; the deadline is
// shortened through the host's Telnyx overrides so the test does not wait 10 real seconds.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@switchboard/sim';
import { commandDeadlineMessage } from '../../../electron/contract';
import { createLogger } from '../../../electron/core/log';
import { createSwitchboardCore, type SwitchboardCore } from '../../../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_dead_0001';
const deadlineMs = 400;

describe('interactive command deadline', () => {
  let sim: Simulator;
  let core: SwitchboardCore;

  beforeAll(async () => {
    sim = await startSimulator({ apiKeys: [apiKey], scenario: 'none', timeScale: 0.05, signingKey: generateKeyPairSync('ed25519').privateKey });
    core = createSwitchboardCore({
      store: createMemoryStore(),
      vault: createAesVault(),
      log: createLogger({ level: 'error', sink: () => {} }),
      appVersion: '0.0.0-test',
      platform: process.platform,
      telnyx: { baseURL: sim.baseUrl, maxRetries: 2, timeoutMs: 15_000, commandDeadlineMs: deadlineMs },
    });
    await core.start();
    core.secrets.set('apiKey', apiKey);
    core.settings.set({ endpointMode: 'external', agent: { endpoint: '+15557770001', connectionId: 'conn-1', callerId: '+15557770002', displayName: 'Agent' } });
  });
  afterAll(async () => {
    await core?.stop();
    await sim?.close();
  });

  it('a Telnyx that never answers is a TIMEOUT at the deadline, retries included, next to the control', async () => {
    sim.injectFault({ method: 'POST', path: '/calls', hang: true, times: 3, status: 0, code: '', title: '' });
    const started = performance.now();
    const outcome = await core.dispatch('agent.setStatus', { status: 'available' });
    const elapsed = performance.now() - started;
    expect(outcome).toMatchObject({ ok: false, error: { code: 'TIMEOUT', message: commandDeadlineMessage(deadlineMs) } });
    expect(elapsed).toBeLessThan(15_000); // the first SDK attempt alone would have lasted 15 s
    expect(core.engine.state().failures).toContainEqual(
      expect.objectContaining({ method: 'agent.setStatus', error: expect.objectContaining({ code: 'TIMEOUT' }) }),
    );
    expect(core.engine.state().pending).toEqual([]);
  }, 20_000);
});
