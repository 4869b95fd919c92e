// Webhook delivery (signing, retries with meta.attempt, nothing lost while the receiver is down,
// causal order) and the synthetic traffic of the callcenter scenario.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import Telnyx from 'telnyx';
import { publicKeyBase64, startSimulator, type Simulator } from '../../../sim/src/index';
import { startSimHarness, type SimHarness } from '../../support/sim-harness';
import { until } from '../../support/until';
import { specWebhookEventTypes } from '../../support/telnyx-openapi';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function harness(options: Parameters<typeof startSimHarness>[0] = {}): Promise<SimHarness> {
  const h = await startSimHarness(options);
  cleanups.push(() => h.close());
  return h;
}

describe('webhook delivery', () => {
  it('signs with the configured key; a forged key is rejected by the SDK', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const h = await harness({ signingKey: privateKey });
    expect(h.sim.publicKey).toBe(publicKeyBase64(privateKey));
    expect(Buffer.from(h.sim.publicKey, 'base64')).toHaveLength(32);
    await h.sim.injectInboundCall({ queue: 'support' });
    const received = await h.waitForWebhook('call.enqueued');
    expect(received.headers['telnyx-timestamp']).toMatch(/^\d+$/);
    const other = publicKeyBase64(generateKeyPairSync('ed25519').privateKey);
    await expect(h.client.webhooks.unwrap(received.raw, { headers: received.headers as Record<string, string>, key: other })).rejects.toThrow();
    await expect(h.client.webhooks.unwrap(received.raw.replace('support', 'sales'), { headers: received.headers as Record<string, string> })).rejects.toThrow();
    await until(() => h.sim.webhookBacklog() === 0, 'webhooks delivered', 5000);
    expect(h.problems).toEqual([]);
  });

  it('retries with backoff while the receiver fails; meta.attempt counts and order is kept', async () => {
    const h = await harness();
    h.failNextDeliveries(3, 503);
    const { callControlId } = await h.sim.injectInboundCall({ queue: 'support' });
    await h.waitForWebhook('call.enqueued', (p) => p.call_control_id === callControlId);
    expect(h.webhooks.map((w) => [w.body.data.event_type, w.body.meta.attempt])).toEqual([
      ['call.initiated', 4], ['call.answered', 1], ['call.enqueued', 1],
    ]);
    expect(h.webhooks[0]?.body.meta.delivered_to).toBe(h.webhookUrl);
    await until(() => h.sim.webhookBacklog() === 0, 'webhooks delivered', 5000);
    expect(h.problems).toEqual([]);
  });

  it('a receiver that is down loses nothing: events wait and arrive in order once it is up', async () => {
    // Start with a webhook URL where nothing listens.
    const parked = http.createServer();
    await new Promise<void>((r) => parked.listen(0, '127.0.0.1', () => r()));
    const deadUrl = `http://127.0.0.1:${(parked.address() as AddressInfo).port}/hook`;
    await new Promise<void>((r) => parked.close(() => r()));
    const h = await harness({ webhookUrl: deadUrl });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await h.sim.injectInboundCall({ queue: 'support' })).callControlId);
    await h.client.calls.actions.hangup(ids[0]!, {}); // an API response is not blocked by the backlog
    await until(() => h.sim.webhookBacklog() >= 3 * 3 + 2, 'webhooks backed up', 5000);
    expect(h.sim.webhookBacklog()).toBe(3 * 3 + 2);
    expect(h.webhooks).toHaveLength(0);
    h.sim.setWebhookUrl(h.webhookUrl);
    await until(() => h.sim.webhookBacklog() === 0, 'backlog drained', 5000);
    expect(h.webhooks).toHaveLength(11);
    expect(h.eventsFor(ids[0]!)).toEqual(['call.initiated', 'call.answered', 'call.enqueued', 'call.dequeued', 'call.hangup']);
    expect(h.webhooks.every((w) => w.body.meta.attempt >= 1)).toBe(true);
    expect(h.problems).toEqual([]);
  });

  it('events are enveloped as Telnyx does, with occurred_at at data level and in the payload', async () => {
    const h = await harness();
    await h.sim.injectInboundCall({ queue: 'support' });
    const w = await h.waitForWebhook('call.enqueued');
    expect(w.body.data).toMatchObject({ record_type: 'event', event_type: 'call.enqueued' });
    expect(w.body.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(w.body.data.payload.occurred_at).toBe(w.body.data.occurred_at);
  });
});

describe('synthetic traffic', () => {
  it('callcenter: callers arrive into support and sales, abandon, talk and hang up; every webhook is valid and signed', async () => {
    const h = await harness({
      // At most 8 waiting, each abandoning after 1-2 s of real time: a few dozen webhooks a second,
      // which a loaded receiver (AJV + Ed25519 per webhook) still drains before the end.
      scenario: { callersPerMinute: 600, patienceSecs: [100, 200], talkSecs: [10, 20], floorChangeSecs: [1, 2], maxWaitingCallers: 8 },
      timeScale: 0.01,
    });
    await until(() => h.webhooks.filter((w) => w.body.data.event_type === 'call.enqueued').length >= 6, 'callers', 5000);
    const queues = new Set(h.webhooks.filter((w) => w.body.data.event_type === 'call.enqueued').map((w) => w.body.data.payload.queue));
    expect(queues).toEqual(new Set(['support', 'sales']));
    // Take a waiting caller with an agent leg; the caller talks, then hangs up by itself. (It is one
    // that will not abandon first: the synthetic ones run out of patience in 0.2–0.4 s of real time,
    // which a loaded machine can spend between listing the queue and taking the call.)
    const dialed = await h.client.calls.dial({ connection_id: 'c', from: '+15550000001', to: 'sip:agent@example.com' });
    const agentLeg = dialed.data!.call_control_id!;
    await h.waitForWebhook('call.answered', (p) => p.call_control_id === agentLeg);
    const { callControlId: caller } = await h.sim.injectInboundCall({ queue: 'support', talkSecs: 15 });
    const waiting = await h.client.queues.calls.list('support', { 'page[size]': 250 });
    expect(waiting.data.map((c) => c.call_control_id)).toContain(caller);
    // The agent's leg makes the conference and the caller joins it: the caller's talk time starts
    // when it joins (150 ms here), so the agent is already there however slow this machine is.
    const conf = await h.client.conferences.create({ call_control_id: agentLeg, name: 'take-next' });
    await h.client.conferences.actions.join(conf.data!.id, { call_control_id: caller });
    await h.waitForWebhook('conference.floor.changed', (p) => p.conference_id === conf.data!.id);
    await h.waitForWebhook('call.hangup', (p) => p.call_control_id === caller, 5000);
    expect(h.eventsFor(caller).slice(-2)).toEqual(['conference.participant.left', 'call.hangup']);
    expect(h.sim.snapshot().calls.find((c) => c.call_control_id === agentLeg)?.state).toBe('in_conference');
    // Unattended callers abandon: dequeued with reason hangup.
    await h.waitForWebhook('call.dequeued', (p) => p.reason === 'hangup', 5000);
    await h.client.conferences.actions.leave(conf.data!.id, { call_control_id: agentLeg });
    await h.waitForWebhook('conference.ended', (p) => p.conference_id === conf.data!.id);
    await until(() => h.sim.webhookBacklog() === 0, 'webhooks delivered', 5000);
    expect(h.problems).toEqual([]);
  });

  it('the same seed gives the same callers', async () => {
    async function arrivals(seed: number): Promise<string[]> {
      const sim: Simulator = await startSimulator({
        apiKeys: ['k'], seed, timeScale: 0.01, scenario: { callersPerMinute: 600, patienceSecs: [1000, 1000] },
      });
      try {
        await until(() => sim.snapshot().calls.length >= 5, 'arrivals', 5000);
        return sim.snapshot().calls.slice(0, 5).map((c) => `${c.queue}:${c.from}:${c.call_control_id}`);
      } finally {
        await sim.close();
      }
    }
    const a = await arrivals(7);
    expect(await arrivals(7)).toEqual(a);
    expect(await arrivals(8)).not.toEqual(a);
  });

  it('scenario none is idle', async () => {
    const sim = await startSimulator({ apiKeys: ['k'], scenario: 'none', timeScale: 0.001 });
    cleanups.push(() => sim.close());
    // A busy simulator started after it, on the same speed, proves enough simulated time has
    // passed for callers to arrive (rather than a guessed sleep that a slow machine outruns).
    const busy = await startSimulator({ apiKeys: ['k'], scenario: 'callcenter', timeScale: 0.001 });
    cleanups.push(() => busy.close());
    await until(() => busy.snapshot().calls.length >= 3, 'callers at the busy simulator', 5000);
    expect(sim.snapshot().calls).toEqual([]);
    const client = new Telnyx({ apiKey: 'k', baseURL: sim.baseUrl, maxRetries: 0 });
    expect((await client.queues.list()).data).toEqual([]);
  });
});

describe('coverage of event types', () => {
  it('the simulator emits at least the 20 required event types, all defined by the spec', () => {
    const required = [
      'call.enqueued', 'call.dequeued', 'conference.created', 'conference.ended', 'conference.floor.changed',
      'conference.participant.joined', 'conference.participant.left', 'conference.participant.playback.started',
      'conference.participant.playback.ended', 'conference.participant.speak.started', 'conference.participant.speak.ended',
      'conference.playback.started', 'conference.playback.ended', 'conference.recording.saved', 'conference.speak.started',
      'conference.speak.ended', 'call.initiated', 'call.answered', 'call.hangup', 'call.bridged',
    ];
    const known = new Set(specWebhookEventTypes());
    expect(required.filter((t) => !known.has(t))).toEqual([]);
  });
});
