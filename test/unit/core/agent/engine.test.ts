// The engine's event intake with a fake relay client: ordering by occurred_at inside the
// reorder window, dedupe across a replay, coalesced state pushes, notifications, relay status,
// and failures for shortcuts refused before any API call. No sockets: the gateway is not configured.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type AgentState } from '../../../../electron/contract';
import { createAgentEngine } from '../../../../electron/core/agent';
import { notConfigured } from '../../../../electron/core/errors';
import { createLogger } from '../../../../electron/core/log';
import type { RelayClient, RelayClientStatus, VerifiedTelnyxEvent } from '../../../../electron/core/relay/relay-client';
import type { TelnyxGateway } from '../../../../electron/core/telnyx-gateway';
import { until } from '../../../support/until';
import { decodedEvent } from '../../../support/telnyx-events';

class FakeRelay extends EventEmitter {
  started = false;
  start() {
    this.started = true;
  }
  async stop() {}
  reconnects = 0;
  forceReconnect() {
    this.reconnects += 1;
  }
  event(eventType: string, second: number, payload: Record<string, unknown>, id = `${eventType}-${second}-${String(payload.call_control_id)}`) {
    const ev: VerifiedTelnyxEvent = { ...decodedEvent(id, eventType, new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(), payload), relayId: String(second), raw: '' };
    this.emit('event', ev);
  }
  status(s: RelayClientStatus) {
    this.emit('status', s);
  }
}

const unconfigured: TelnyxGateway = {
  call: async () => {
    throw notConfigured('no key');
  },
  isConfigured: () => false,
  testConnection: async () => {
    throw notConfigured('no key');
  },
};

function setup() {
  const relay = new FakeRelay();
  const notifications: Array<{ title: string; body: string }> = [];
  const engine = createAgentEngine({
    gateway: unconfigured,
    settings: () => defaultSettings,
    relayConfig: () => ({ url: 'http://127.0.0.1:1', token: 't', telnyxPublicKey: 'k' }),
    mode: () => 'demo',
    log: createLogger({ level: 'error', sink: () => {} }),
    notify: (n) => notifications.push(n),
    createRelayClient: () => relay as unknown as RelayClient,
    timing: { reorderWindowMs: 5 },
  });
  return { relay, engine, notifications };
}


describe('agent engine intake', () => {
  it('applies events of one burst in occurred_at order, deduped, with one coalesced state push', async () => {
    const { relay, engine, notifications } = setup();
    await engine.start();
    expect(relay.started).toBe(true);
    const pushes: AgentState[] = [];
    engine.onState((s) => pushes.push(s));
    // Arrival order: dequeued (t=3) before enqueued (t=2); the enqueued is sent twice.
    relay.event('call.initiated', 1, { call_control_id: 'c1', from: '+15550001', direction: 'incoming' });
    relay.event('call.dequeued', 3, { call_control_id: 'c1', queue: 'support' });
    relay.event('call.enqueued', 2, { call_control_id: 'c1', queue: 'support', current_position: 1 });
    relay.event('call.enqueued', 2, { call_control_id: 'c1', queue: 'support', current_position: 1 });
    relay.event('call.enqueued', 4, { call_control_id: 'c2', queue: 'sales', current_position: 1 });
    // The burst is applied in one flush after the reorder window: wait for its last event.
    await until(
      () => engine.state().queues.find((q) => q.name === 'sales')?.calls.length && pushes.at(-1)?.revision === engine.state().revision,
      'the burst applied and pushed',
    );
    const s = engine.state();
    expect(s.queues.find((q) => q.name === 'support')?.calls).toEqual([]);
    expect(s.queues.find((q) => q.name === 'sales')?.calls.map((c) => c.callControlId)).toEqual(['c2']);
    expect(pushes.length).toBeLessThanOrEqual(2);
    expect(pushes.at(-1)?.revision).toBe(s.revision);
    expect(notifications.map((n) => n.title)).toEqual(['New caller in support', 'New caller in sales']);
    expect(notifications[0]?.body).toContain('+15550001');
    await engine.stop();
  });

  it('shows the relay connection state and last event time', async () => {
    const { relay, engine } = setup();
    await engine.start();
    relay.status({ state: 'live', attempt: 0 });
    expect(engine.state().connection.relay.state).toBe('live');
    relay.event('call.initiated', 1, { call_control_id: 'c1' });
    await until(() => engine.state().connection.relay.lastEventAt, 'the event applied');
    relay.status({ state: 'disconnected', attempt: 2, error: 'ECONNREFUSED' });
    expect(engine.state().connection.relay).toMatchObject({ state: 'disconnected', attempt: 2, error: 'ECONNREFUSED' });
    expect(engine.state().connection.api.state).toBe('not-configured');
    await engine.stop();
  });

  it('reconnects the relay only when asked (after sleep), on top of the REST reconcile', async () => {
    const { relay, engine } = setup();
    await engine.start();
    await engine.reconcile('timer');
    expect(relay.reconnects).toBe(0);
    await engine.reconcile('resume', { reconnectRelay: true });
    expect(relay.reconnects).toBe(1);
    await engine.stop();
  });

  it('says so when the relay hands it an event whose Telnyx signature does not verify', async () => {
    const { relay, engine } = setup();
    await engine.start();
    relay.status({ state: 'live', attempt: 0 });
    relay.emit('rejected', { relayId: '7', kind: 'signature', reason: 'Telnyx signature does not verify' });
    expect(engine.state().connection.relay).toMatchObject({
      state: 'live',
      error: 'An event failed Telnyx signature verification and was ignored (Telnyx signature does not verify); check the Telnyx public key in Settings',
    });
    await engine.stop();
  });

  it('does not blame the public key for an event the decoder refused as malformed', async () => {
    const { relay, engine } = setup();
    await engine.start();
    relay.status({ state: 'live', attempt: 0 });
    relay.emit('rejected', { relayId: '8', kind: 'malformed', reason: 'not a usable Telnyx event: call.hangup: payload.call_control_id is missing' });
    const error = engine.state().connection.relay.error;
    expect(error).toBe(
      'An event from the relay could not be read and was ignored (not a usable Telnyx event: call.hangup: payload.call_control_id is missing); the console reloaded its state from Telnyx',
    );
    expect(error).not.toMatch(/public key/);
    await engine.stop();
  });

  it('a shortcut refused before any API call still shows a failure, and nothing stays pending', async () => {
    const { engine } = setup();
    await engine.start();
    await expect(engine.runShortcut('toggleMute')).rejects.toThrow('You are not on a call');
    await expect(engine.runShortcut('takeNext')).rejects.toThrow();
    const s = engine.state();
    expect(s.failures.map((f) => [f.method, f.error.code])).toEqual([
      ['shortcut.toggleMute', 'INVALID_STATE'],
      ['shortcut.takeNext', 'INVALID_STATE'],
    ]);
    expect(s.pending).toEqual([]);
    await engine.handlers['failures.dismiss']({ id: s.failures[0]!.id });
    expect(engine.state().failures).toHaveLength(1);
    await engine.stop();
  });

  it('going available with no agent endpoint fails with NOT_CONFIGURED and rolls back', async () => {
    const { engine } = setup();
    await engine.start();
    await expect(engine.handlers['agent.setStatus']({ status: 'available' })).rejects.toMatchObject({ error: { code: 'NOT_CONFIGURED' } });
    expect(engine.state().agent.status).toBe('offline');
    expect(engine.state().pending).toEqual([]);
    await engine.stop();
  });
});
