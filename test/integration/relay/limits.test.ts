// Connections are bounded: a client that sends no complete request within the request timeout is
// answered 408 and closed, the relay refuses connections past its cap (503) and websockets past
// the per-agent cap (429), each with a log line.
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type Relay, type RelayOptions } from '../../../relay/src/index';
import { TestSubscriber, upgradeStatus } from '../../support/relay-harness';
import { makeTelnyxSigningKey } from '../../support/telnyx-signing';

const key = makeTelnyxSigningKey();
const relays: Relay[] = [];
const sockets: Socket[] = [];
const subscribers: TestSubscriber[] = [];
let logLines: Array<Record<string, unknown>> = [];

async function relayWith(options: Partial<RelayOptions>): Promise<Relay> {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const relay = await startRelay({ telnyxPublicKeys: [key.publicKeyBase64], tokens: ['t1', 't2'], store: 'memory', logger: pino({ level: 'warn' }, sink), ...options });
  relays.push(relay);
  return relay;
}

/** A raw TCP connection that records what the relay answered and when it closed. */
function rawConnection(relay: Relay, send = ''): { socket: Socket; answer: () => string; closed: Promise<void>; connected: Promise<void> } {
  const socket = connect(relay.port, '127.0.0.1');
  sockets.push(socket);
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.on('error', () => {});
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  if (send) void connected.then(() => socket.write(send));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, answer: () => answer, closed, connected };
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(subscribers.splice(0).map((s) => s.close()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
  logLines = [];
});

describe('connection limits', () => {
  it('closes silent and half-sent connections after the request timeout', async () => {
    const relay = await relayWith({ requestTimeoutMs: 200 });
    const silent = Array.from({ length: 20 }, () => rawConnection(relay));
    const halfHeaders = Array.from({ length: 10 }, () => rawConnection(relay, 'POST /webhooks/telnyx HTTP/1.1\r\nHost: relay\r\n'));
    const halfBody = Array.from({ length: 10 }, () =>
      rawConnection(relay, 'POST /webhooks/telnyx HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"data":'),
    );
    const all = [...silent, ...halfHeaders, ...halfBody];
    await Promise.all(all.map((c) => c.closed)); // would hang (test timeout) if they stayed open
    for (const c of all) expect(c.answer()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses connections past the cap with 503 and a log line, and admits again when one closes', async () => {
    const relay = await relayWith({ maxConnections: 5 });
    const held = Array.from({ length: 5 }, () => rawConnection(relay));
    await Promise.all(held.map((c) => c.connected));
    const extra = rawConnection(relay, 'GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n');
    await extra.closed;
    expect(extra.answer()).toMatch(/^HTTP\/1\.1 503[^]*too_many_connections/);
    expect(logLines.some((l) => l.msg === 'connection refused: relay at its connection cap')).toBe(true);
    held[0]!.socket.destroy();
    // The relay sees the close a moment after the client does: ask until it has.
    const deadline = Date.now() + 5000;
    for (;;) {
      const again = rawConnection(relay, 'GET /healthz HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n');
      await again.closed;
      if (/^HTTP\/1\.1 200/.test(again.answer())) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  it('refuses websockets past the per-agent cap with 429 and keeps other agents working', async () => {
    const relay = await relayWith({ maxConnectionsPerAgent: 2 });
    for (let i = 0; i < 2; i++) {
      const sub = new TestSubscriber(relay.url, 't1');
      subscribers.push(sub);
      await sub.opened;
    }
    expect(await upgradeStatus(relay.url, { authorization: 'Bearer t1' })).toBe(429);
    expect(await upgradeStatus(relay.url, { authorization: 'Bearer t2' })).toBe(101);
    expect(logLines.find((l) => l.msg === 'subscriber refused')).toMatchObject({ status: 429, agent: 'static-token-1' });
    await subscribers.pop()!.close();
    // The relay frees the slot when it sees the close, a moment after the client: ask until it has.
    let status = await upgradeStatus(relay.url, { authorization: 'Bearer t1' });
    for (let tries = 0; status === 429 && tries < 250; tries++) status = await upgradeStatus(relay.url, { authorization: 'Bearer t1' });
    expect(status).toBe(101);
  });
});
