// Which environment core runs in, and what each supplies: live reads the saved key, relay and
// settings; demo overlays its own agent and queues without touching them; the redactor's list
// follows the switch. A stand-in demo (no sockets): core only reads these fields from it.
import { describe, expect, it } from 'vitest';
import { createEnvironments } from '../../../electron/core/environment/environments';
import type { DemoServices } from '../../../electron/core/environment/demo-environment';
import { createLogger } from '../../../electron/core/log';
import { createSecretsService } from '../../../electron/core/secrets-service';
import { createSettingsService } from '../../../electron/core/settings-service';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';

const livePublicKey = Buffer.alloc(32, 7).toString('base64');
const log = createLogger({ level: 'error', sink: () => {} });

function setup(withDemo = true) {
  const store = createMemoryStore();
  const settings = createSettingsService(store);
  const secrets = createSecretsService(store, createAesVault());
  let demoStops = 0;
  const demo: DemoServices = {
    apiKey: 'KEYdemo_generated',
    baseURL: 'http://127.0.0.1:1/v2',
    relayUrl: 'http://127.0.0.1:2',
    relayToken: 'demo-relay-token',
    telnyxPublicKey: 'demo-public-key',
    agentEndpoint: 'sip:agent@demo.invalid',
    connectionId: 'demo-connection',
    callerId: '+15550100001',
    queues: ['support', 'sales'],
    stop: async () => void (demoStops += 1),
  };
  const environments = createEnvironments({
    settings,
    secrets,
    log,
    telnyx: { maxRetries: 0 },
    ...(withDemo ? { launchDemo: async () => demo } : {}),
  });
  return { settings, secrets, environments, demo, stops: () => demoStops };
}

describe('environments', () => {
  it('live: unconfigured until a key is saved, then the saved key, relay and settings', () => {
    const { settings, secrets, environments } = setup();
    const live = environments.current();
    expect(live.mode()).toBe('unconfigured');
    expect(live.relay()).toBeUndefined();
    secrets.set('apiKey', 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_live');
    secrets.set('relayToken', 'live-relay-token');
    settings.set({ relayUrl: 'https://relay.example.com', telnyxPublicKey: livePublicKey });
    expect(live.mode()).toBe('live');
    expect(live.telnyx()).toEqual({ maxRetries: 0, apiKey: 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_live' });
    expect(live.relay()).toEqual({ url: 'https://relay.example.com', token: 'live-relay-token', telnyxPublicKey: livePublicKey });
    expect(live.settings(settings.get())).toBe(settings.get());
    expect(live.followsSavedConfig).toBe(true);
    expect(environments.secretValues()).toEqual(['KEY0190C6F5A1B2C3D4E5F60718293A4B5C_live', 'live-relay-token']);
  });

  it("demo: its own key, relay and agent over the saved settings; the agent's own queues win", async () => {
    const { settings, environments, demo } = setup();
    expect(await environments.enterDemo()).toBe(demo);
    expect(await environments.enterDemo()).toBeUndefined(); // already running
    const env = environments.current();
    expect(env.mode()).toBe('demo');
    expect(env.followsSavedConfig).toBe(false);
    expect(env.telnyx()).toEqual({ maxRetries: 0, apiKey: demo.apiKey, baseURL: demo.baseURL });
    expect(env.relay()).toEqual({ url: demo.relayUrl, token: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey });
    const seen = env.settings(settings.get());
    expect(seen.agent).toMatchObject({ endpoint: demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId });
    expect(seen.watchedQueues).toEqual(['support', 'sales']);
    expect(settings.get().agent.endpoint).not.toBe(demo.agentEndpoint); // nothing saved
    expect(env.settings({ ...settings.get(), watchedQueues: ['vip'] }).watchedQueues).toEqual(['vip']);
    expect(environments.secretValues()).toEqual([demo.apiKey, demo.relayToken]);
  });

  it('leaving the demo hands it back to be stopped and forgets its secrets', async () => {
    const { environments, demo, stops } = setup();
    await environments.enterDemo();
    expect(environments.leaveDemo()).toBe(demo);
    expect(stops()).toBe(0); // the caller stops it once the engine let go
    expect(environments.current().mode()).toBe('unconfigured');
    expect(environments.demo()).toBeUndefined();
    expect(environments.secretValues()).toEqual([]);
    expect(environments.leaveDemo()).toBeUndefined();
  });

  it('a host without a demo says so', async () => {
    const { environments } = setup(false);
    expect(environments.demoAvailable).toBe(false);
    await expect(environments.enterDemo()).rejects.toMatchObject({ error: { code: 'INVALID_STATE' } });
  });
});
