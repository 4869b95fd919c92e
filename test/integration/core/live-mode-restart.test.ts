// Live mode (not demo): the engine restarts when its settings or secrets change. Core runs with
// the real SDK against a simulator standing in for api.telnyx.com and real relays; the user
// configures it step by step through dispatch, as the Settings screen does.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@switchboard/sim';
import { startRelay, type Relay } from '@switchboard/relay';
import { createLogger } from '../../../electron/core/log';
import { createSwitchboardCore, type SwitchboardCore } from '../../../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';
import { quietLogger } from '../../support/quiet-logger';
import { until } from '../../support/until';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_live_0001';
const relayToken = 'relay-token-for-live-mode';

describe('live mode: the engine follows settings and secrets', () => {
  let sim: Simulator;
  let relayA: Relay;
  let relayB: Relay;
  let core: SwitchboardCore;

  const call = async (method: string, params: unknown = {}) => {
    const outcome = await core.dispatch(method, params);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code} ${outcome.error.message}`);
    return outcome.value;
  };
  const state = () => core.engine.state();
  const queued = (ccid: string) => state().queues.some((q) => q.calls.some((c) => c.callControlId === ccid));

  beforeAll(async () => {
    sim = await startSimulator({ apiKeys: [apiKey], scenario: 'none', timeScale: 0.05, signingKey: generateKeyPairSync('ed25519').privateKey });
    const relayOptions = { telnyxPublicKeys: [sim.publicKey], tokens: [relayToken], store: 'memory', logger: quietLogger() };
    relayA = await startRelay(relayOptions);
    relayB = await startRelay(relayOptions);
    sim.setWebhookUrl(`${relayA.url}/webhooks/telnyx`);
    core = createSwitchboardCore({
      store: createMemoryStore(),
      vault: createAesVault(),
      log: createLogger({ level: 'error', sink: () => {} }),
      appVersion: '0.0.0-test',
      platform: process.platform,
      telnyx: { baseURL: sim.baseUrl, maxRetries: 0 },
    });
    await core.start();
  });
  afterAll(async () => {
    await core?.stop();
    await Promise.allSettled([relayA?.close(), relayB?.close()]);
    await sim?.close();
  });

  it('starts unconfigured: no key, no relay', () => {
    expect(state().mode).toBe('unconfigured');
    expect(state().connection.api.state).toBe('not-configured');
    expect(state().connection.relay.state).toBe('not-configured');
  });

  it('saving the API key restarts the engine in live mode and reads the queues from REST', async () => {
    const { callControlId: waiting } = await sim.injectInboundCall({ queue: 'support', from: '+15557000001' });
    await call('secrets.set', { name: 'apiKey', value: apiKey });
    await until(() => state().mode === 'live' && state().connection.api.state === 'ok', 'live with a working API', 8000);
    await until(() => queued(waiting), 'waiting caller from the start reconcile', 8000);
    expect(state().connection.relay.state).toBe('not-configured');
  });

  it('relay settings plus the relay token connect the relay; events then arrive live', async () => {
    await call('settings.set', { relayUrl: relayA.url, telnyxPublicKey: sim.publicKey });
    expect(state().connection.relay.state).toBe('not-configured'); // no token yet
    await call('secrets.set', { name: 'relayToken', value: relayToken });
    await until(() => state().connection.relay.state === 'live', 'relay A live', 8000);
    const { callControlId } = await sim.injectInboundCall({ queue: 'sales', from: '+15557000002' });
    await until(() => queued(callControlId), 'caller pushed through relay A', 8000);
  });

  it('a new relay URL moves the engine to that relay', async () => {
    // Relay A goes away first, so "live" afterwards can only mean relay B.
    await relayA.close();
    await until(() => state().connection.relay.state !== 'live', 'relay A lost', 8000);
    sim.setWebhookUrl(`${relayB.url}/webhooks/telnyx`);
    await call('settings.set', { relayUrl: relayB.url });
    // The token was bound to relay A's origin: saving relay B cleared it, so enter it again.
    expect(((await call('secrets.status')) as { relayToken: { configured: boolean } }).relayToken.configured).toBe(false);
    await call('secrets.set', { name: 'relayToken', value: relayToken });
    await until(() => state().connection.relay.state === 'live', 'relay B live', 8000);
    const lastEvent = state().connection.relay.lastEventAt;
    const { callControlId } = await sim.injectInboundCall({ queue: 'support', from: '+15557000003' });
    // Seen through relay B's event stream (lastEventAt moves only for relay events), not only REST.
    await until(() => queued(callControlId) && state().connection.relay.lastEventAt !== lastEvent, 'caller pushed through relay B', 8000);
  });

  it('changing the watched queues restarts with the new list', async () => {
    await call('settings.set', { watchedQueues: ['vip'] });
    await until(() => state().queues.map((q) => q.name).join() === 'vip', 'only vip watched', 8000);
    const { callControlId } = await sim.injectInboundCall({ queue: 'vip', from: '+15557000004' });
    await until(() => queued(callControlId), 'vip caller', 8000);
  });

  it('clearing the relay token disconnects the relay; clearing the key goes back to unconfigured', async () => {
    await call('secrets.clear', { name: 'relayToken' });
    await until(() => state().connection.relay.state === 'not-configured', 'relay not configured', 8000);
    await call('secrets.clear', { name: 'apiKey' });
    await until(() => state().mode === 'unconfigured' && state().connection.api.state === 'not-configured', 'unconfigured', 8000);
    expect(await core.dispatch('telnyx.testConnection', {})).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
  });
});
