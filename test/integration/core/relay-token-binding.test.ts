// The relay token is bound to the relay it was saved for (hardening 6): saving a relay URL with
// another origin clears the token and says so, and the token is never sent there. Plain ws:/http:
// is refused unless the relay is this machine. Real core, real SDK, simulator, real relay.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@switchboard/sim';
import { startRelay, type Relay } from '@switchboard/relay';
import type { Notice, SecretsStatus } from '../../../electron/contract';
import { createLogger } from '../../../electron/core/log';
import { createSwitchboardCore, type SwitchboardCore } from '../../../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';
import { quietLogger } from '../../support/quiet-logger';
import { until } from '../../support/until';

const apiKey = 'KEY0190C6F5A1B2C3D4E5F60718293A4B5C_bind_0001';
const relayToken = 'relay-token-bound-to-relay-a';

describe('relay token bound to its relay origin', () => {
  let sim: Simulator;
  let relay: Relay;
  let other: Server;
  let otherUrl: string;
  const otherRequests: IncomingHttpHeaders[] = [];
  const notices: Notice[] = [];
  let core: SwitchboardCore;

  const call = (method: string, params: unknown = {}) => core.dispatch(method, params);
  const state = () => core.engine.state();

  beforeAll(async () => {
    sim = await startSimulator({ apiKeys: [apiKey], scenario: 'none', timeScale: 0.05, signingKey: generateKeyPairSync('ed25519').privateKey });
    relay = await startRelay({ telnyxPublicKeys: [sim.publicKey], tokens: [relayToken], store: 'memory', logger: quietLogger() });
    // Another host: records whatever a client sends it, answers nothing useful.
    other = createServer((req, res) => {
      otherRequests.push(req.headers);
      res.writeHead(404).end();
    });
    other.on('upgrade', (req, socket) => {
      otherRequests.push(req.headers);
      socket.destroy();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://localhost:${(other.address() as { port: number }).port}`;
    core = createSwitchboardCore({
      store: createMemoryStore(),
      vault: createAesVault(),
      log: createLogger({ level: 'error', sink: () => {} }),
      appVersion: '0.0.0-test',
      platform: process.platform,
      telnyx: { baseURL: sim.baseUrl, maxRetries: 0 },
    });
    core.onEvent((event, payload) => {
      if (event === 'notice') notices.push(payload as Notice);
    });
    await core.start();
    await call('secrets.set', { name: 'apiKey', value: apiKey });
  });
  afterAll(async () => {
    await core?.stop();
    await relay?.close();
    await new Promise((resolve) => other?.close(resolve));
    await sim?.close();
  });

  it('refuses plain ws:/http: relay URLs unless loopback, with a VALIDATION naming relayUrl', async () => {
    for (const relayUrl of ['ws://relay.example.com', 'http://relay.example.com', 'http://10.0.0.1:8080', 'http://127.example.com']) {
      expect(await call('settings.set', { relayUrl })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', field: 'relayUrl', message: expect.stringContaining('https:// or wss://') },
      });
    }
    for (const relayUrl of ['https://relay.example.com', 'wss://relay.example.com/x', 'http://127.0.0.2:9', 'ws://[::1]:9', 'http://localhost:9', '']) {
      expect(await call('settings.set', { relayUrl })).toMatchObject({ ok: true });
    }
  });

  it('changing the relay origin clears the token with a notice, and never sends it to the new host', async () => {
    await call('settings.set', { relayUrl: relay.url, telnyxPublicKey: sim.publicKey });
    await call('secrets.set', { name: 'relayToken', value: relayToken });
    await until(() => state().connection.relay.state === 'live', 'relay live', 8000);

    const saved = await call('settings.set', { relayUrl: otherUrl });
    expect(saved.ok).toBe(true);
    expect(notices.map((n) => n.message)).toContainEqual(expect.stringContaining('relay token was cleared'));
    const status = await call('secrets.status');
    expect(status.ok && (status.value as SecretsStatus).relayToken.configured).toBe(false);
    await until(() => state().connection.relay.state === 'not-configured', 'relay not configured', 8000);
    expect(otherRequests.filter((h) => JSON.stringify(h).includes(relayToken))).toEqual([]);

    // Back to the first relay: still no token until the agent enters it again.
    await call('settings.set', { relayUrl: relay.url });
    const after = await call('secrets.status');
    expect(after.ok && (after.value as SecretsStatus).relayToken.configured).toBe(false);
  });

  it('failover relay URLs follow the relay URL rule, with a VALIDATION naming the line', async () => {
    for (const url of ['ws://relay-2.example.com', 'http://10.0.0.2:8080', '', 'relay-2.example.com']) {
      expect(await call('settings.set', { relayFailover: { urls: ['https://relay-1.example.com', url] } })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', field: 'relayFailover.urls.1' },
      });
    }
    expect(await call('settings.set', { relayFailover: { urls: Array.from({ length: 9 }, (_, i) => `https://relay-${i}.example.com`) } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'relayFailover.urls' },
    });
    expect(await call('settings.set', { relayFailover: { urls: ['https://relay-2.example.com', 'wss://relay-3.example.com/x', 'http://127.0.0.1:9'] } })).toMatchObject({ ok: true });
    expect(await call('settings.set', { relayFailover: { urls: [] } })).toMatchObject({ ok: true });
  });

  it('adding a failover relay clears the token with a notice; entered again, the token follows to that relay when the first one is gone', async () => {
    await call('settings.set', { relayUrl: relay.url, telnyxPublicKey: sim.publicKey, relayFailover: { urls: [] } });
    await call('secrets.set', { name: 'relayToken', value: relayToken });
    await until(() => state().connection.relay.state === 'live', 'relay live', 8000);
    otherRequests.length = 0;

    expect(await call('settings.set', { relayFailover: { urls: [otherUrl] } })).toMatchObject({ ok: true });
    expect(notices.map((n) => n.message)).toContainEqual(expect.stringContaining(`failover relays now include ${otherUrl}`));
    const status = await call('secrets.status');
    expect(status.ok && (status.value as SecretsStatus).relayToken.configured).toBe(false);
    await until(() => state().connection.relay.state === 'not-configured', 'relay not configured', 8000);

    // The agent enters the token again: it is now bound to both relays. The first relay goes away,
    // and the console takes the token to the failover relay (a recording server here).
    await call('secrets.set', { name: 'relayToken', value: relayToken });
    await until(() => state().connection.relay.state === 'live', 'relay live again', 8000);
    await relay.close();
    await until(() => otherRequests.some((h) => JSON.stringify(h).includes(relayToken)), 'the token sent to the failover relay', 15_000);
  });
});
