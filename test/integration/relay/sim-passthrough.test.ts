// The simulator's signed webhooks pass through the relay unchanged: the relay accepts every one,
// and the desktop's relay client re-verifies each against the simulator's public key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@switchboard/sim';
import { startRelay, type Relay } from '../../../relay/src/index';
import { createRelayClient, type RelayClient, type VerifiedTelnyxEvent } from '../../../electron/core/relay/relay-client';
import { quietLogger } from '../../support/quiet-logger';

describe('simulator → relay → relay client', () => {
  let sim: Simulator;
  let relay: Relay;
  let client: RelayClient;
  const events: VerifiedTelnyxEvent[] = [];
  const rejected: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ apiKeys: ['k'], scenario: 'none', timeScale: 0.05 });
    relay = await startRelay({ telnyxPublicKeys: [sim.publicKey], tokens: ['t'], store: 'memory', logger: quietLogger() });
    client = createRelayClient({ url: relay.url, token: 't', telnyxPublicKey: sim.publicKey });
    client.on('event', (e) => events.push(e));
    client.on('rejected', (r) => rejected.push(r.reason));
    const live = new Promise<void>((resolve) => client.on('status', (s) => s.state === 'live' && resolve()));
    client.start();
    await live;
    sim.setWebhookUrl(`${relay.url}/webhooks/telnyx`);
  });
  afterAll(async () => {
    await client?.stop();
    await sim?.close();
    await relay?.close();
  });

  it('delivers every simulator webhook, verified end to end', async () => {
    await sim.injectInboundCall({ queue: 'sales', patienceSecs: 1, talkSecs: 1 });
    const deadline = Date.now() + 10_000;
    while ((!events.some((e) => e.eventType === 'call.enqueued') || sim.webhookBacklog() > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(events.map((e) => e.eventType)).toContain('call.initiated');
    expect(events.map((e) => e.eventType)).toContain('call.enqueued');
    expect(rejected).toEqual([]);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).not.toMatch(/relay_verify_failures_total\{reason="[a-z_]+"\} [1-9]/);
    expect(metrics).not.toMatch(/relay_webhooks_total\{outcome="(malformed|too_large)"\} [1-9]/);
    const enqueued = events.find((e) => e.eventType === 'call.enqueued')!;
    expect(enqueued.payload).toMatchObject({ queue: 'sales' });
    expect(JSON.parse(enqueued.raw).data.id).toBe(enqueued.id);
  });
});
