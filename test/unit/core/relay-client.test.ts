// Relay client logic with a scripted in-memory websocket: dedupe by Telnyx id, signature checks
// without a freshness window, resume position, and full-jitter backoff bounds.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { createRelayClient, type RelayClientStatus, type VerifiedTelnyxEvent } from '../../../electron/core/relay/relay-client';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();

/** Stands in for `ws`: records the URLs it was opened with; the test pushes frames and closes. */
class ScriptedSocket extends EventEmitter {
  static opened: ScriptedSocket[] = [];
  readyState = 0;
  constructor(readonly url: string, readonly options: { headers: Record<string, string> }) {
    super();
    ScriptedSocket.opened.push(this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.emit('open');
    });
  }
  frame(value: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(value)), false);
  }
  close(code = 1000): void {
    this.drop(code);
  }
  terminate(): void {
    this.drop(1006);
  }
  drop(code: number): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close', code, Buffer.alloc(0));
  }
}

function eventFrame(relayId: string, body: string, signedWith = key, timestampSecs?: number) {
  const signed = signWebhook(signedWith, body, timestampSecs);
  return {
    type: 'event',
    id: relayId,
    raw: signed.body,
    headers: { 'telnyx-signature-ed25519': signed.headers['telnyx-signature-ed25519'], 'telnyx-timestamp': signed.headers['telnyx-timestamp'] },
    received_at: new Date().toISOString(),
  };
}

function makeClient(since?: string) {
  ScriptedSocket.opened = [];
  const client = createRelayClient({
    url: 'https://relay.example.test/base/',
    token: 'secret-token',
    telnyxPublicKey: key.publicKeyBase64,
    ...(since ? { since } : {}),
    filter: { types: ['call.hangup'], queues: ['sales', 'vip'] },
    backoff: { initialMs: 100, maxMs: 1000 },
    WebSocketImpl: ScriptedSocket as unknown as typeof WebSocket,
  });
  const events: VerifiedTelnyxEvent[] = [];
  const statuses: RelayClientStatus[] = [];
  const resyncs: string[] = [];
  const rejected: string[] = [];
  client.on('event', (e) => events.push(e));
  client.on('status', (s) => statuses.push(s));
  client.on('resync', (r) => resyncs.push(r));
  client.on('rejected', (r) => rejected.push(`${r.kind}: ${r.reason}`));
  return { client, events, statuses, resyncs, rejected };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('relay client (scripted socket)', () => {
  it('builds the websocket URL from the http base, token header, filters and since', async () => {
    const { client } = makeClient('ep.41');
    client.start();
    const socket = ScriptedSocket.opened[0]!;
    expect(socket.url).toBe('wss://relay.example.test/base/v1/events?since=ep.41&types=call.hangup&queues=sales%2Cvip');
    expect(socket.options.headers.authorization).toBe('Bearer secret-token');
    await client.stop();
  });

  it('delivers each Telnyx event once even when the relay replays it under another relay id', async () => {
    const { client, events, resyncs } = makeClient('ep.1');
    client.start();
    const socket = ScriptedSocket.opened[0]!;
    socket.frame({ type: 'hello', recovered: true, epoch: 'ep', last_id: 'ep.3' });
    const body = telnyxEvent('call.hangup', { queue: 'sales' }).body;
    socket.frame(eventFrame('ep.2', body));
    socket.frame(eventFrame('ep.3', body)); // same data.id
    socket.frame({ type: 'live' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ relayId: 'ep.2', eventType: 'call.hangup' });
    expect(resyncs).toEqual([]);
    await client.stop();
  });

  it('accepts hours-old signatures (replay) but rejects a wrong key or a tampered body', async () => {
    const { client, events, rejected } = makeClient();
    client.start();
    const socket = ScriptedSocket.opened[0]!;
    socket.frame({ type: 'hello', recovered: false, epoch: 'ep', last_id: null });
    const hoursAgo = Math.floor(Date.now() / 1000) - 6 * 3600;
    socket.frame(eventFrame('ep.1', telnyxEvent().body, key, hoursAgo));
    socket.frame(eventFrame('ep.2', telnyxEvent().body, makeTelnyxSigningKey()));
    const tampered = eventFrame('ep.3', telnyxEvent('call.hangup').body);
    tampered.raw = tampered.raw.replace('call.hangup', 'call.answered');
    socket.frame(tampered);
    expect(events.map((e) => e.relayId)).toEqual(['ep.1']);
    expect(rejected).toEqual(['signature: Telnyx signature does not verify', 'signature: Telnyx signature does not verify']);
    await client.stop();
  });

  it('rejects a genuinely signed event it cannot decode, or a frame without body or headers, and moves past both', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // reconnect without a backoff wait
    const { client, events, rejected } = makeClient();
    client.start();
    const socket = ScriptedSocket.opened[0]!;
    socket.frame({ type: 'hello', recovered: false, epoch: 'ep', last_id: null });
    socket.frame(eventFrame('ep.1', telnyxEvent('call.hangup', { call_control_id: '' }).body));
    socket.frame({ type: 'event', id: 'ep.2', raw: telnyxEvent().body, received_at: new Date().toISOString() });
    socket.frame(eventFrame('ep.3', telnyxEvent('call.enqueued', { queue: 'sales', current_position: 1 }).body));
    expect(rejected).toEqual(['malformed: not a usable Telnyx event: call.hangup: payload.call_control_id is missing', 'malformed: missing body or signature headers']);
    expect(events).toHaveLength(1);
    const [enqueued] = events;
    if (!enqueued?.known || enqueued.eventType !== 'call.enqueued') throw new Error(`expected a typed call.enqueued, got ${JSON.stringify(enqueued)}`);
    expect([enqueued.relayId, enqueued.payload.queue, enqueued.payload.current_position]).toEqual(['ep.3', 'sales', 1]);
    socket.drop(1006);
    await vi.waitFor(() => expect(ScriptedSocket.opened).toHaveLength(2));
    expect(ScriptedSocket.opened[1]!.url).toContain('since=ep.3');
    await client.stop();
  });

  it('reconnects with full-jitter exponential backoff and resumes from the last relay id', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const { client, statuses, resyncs } = makeClient();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = ScriptedSocket.opened[0]!;
    first.frame({ type: 'hello', recovered: false, epoch: 'ep', last_id: 'ep.7' });
    first.frame(eventFrame('ep.8', telnyxEvent().body));
    first.frame({ type: 'live' });
    expect(resyncs).toEqual(['first-connect']);

    // Four failures in a row: waits are random * min(max, initial * 2^(n-1)) = ~100, 200, 400, 800 ms.
    const waits: number[] = [];
    let socket = first;
    for (let n = 1; n <= 5; n++) {
      socket.drop(1006);
      const before = ScriptedSocket.opened.length;
      let waited = 0;
      while (ScriptedSocket.opened.length === before) {
        await vi.advanceTimersByTimeAsync(10);
        waited += 10;
      }
      waits.push(waited);
      socket = ScriptedSocket.opened.at(-1)!;
      expect(socket.url).toContain('since=ep.8');
    }
    expect(waits).toEqual([100, 200, 400, 800, 1000]);
    expect(statuses.filter((s) => s.state === 'disconnected').map((s) => s.attempt)).toEqual([1, 2, 3, 4, 5]);
    // A successful hello resets the backoff.
    socket.frame({ type: 'hello', recovered: true, epoch: 'ep', last_id: 'ep.8' });
    expect(statuses.at(-1)).toMatchObject({ state: 'replaying', attempt: 0, lastEventId: 'ep.8' });
    await client.stop();
  });

  it('treats a silent relay as dead after the idle timeout', async () => {
    vi.useFakeTimers();
    ScriptedSocket.opened = [];
    const client = createRelayClient({
      url: 'http://127.0.0.1:1',
      token: 't',
      telnyxPublicKey: key.publicKeyBase64,
      idleTimeoutMs: 1000,
      backoff: { initialMs: 1, maxMs: 1 },
      WebSocketImpl: ScriptedSocket as unknown as typeof WebSocket,
    });
    client.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(ScriptedSocket.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(ScriptedSocket.opened).toHaveLength(2);
    await client.stop();
  });
});
